"""Frigate's MQTT messages for a seat, in Frigate's exact shapes (0.17; tests/fixtures/frigate-samples).

Pure: each function returns (topic, payload, retain) tuples; the player publishes them. A seat is
a zone watched by a camera; a tracked object is the officer (``person``) or a phone
(``cell phone``, with a space). What the hall reads: the count topics
``<prefix>/<zone>/<label>`` (plain integers, not retained), ``<prefix>/events`` (new, update and
end of each tracked object, for snapshots), ``<prefix>/available`` (retained) and, on every
``<prefix>/onConnect``, ``<prefix>/camera_activity``.
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass, field
from typing import Any

Message = tuple[str, str, bool]  # topic, payload, retain

PERSON = "person"
PHONE = "cell phone"
# Boxes in a 1280x720 detect frame: an officer in the chair, a phone on the desk.
BOXES = {PERSON: [124, 254, 404, 700], PHONE: [300, 560, 356, 638]}
SCORES = {PERSON: 0.87, PHONE: 0.71}
CONFIG = {
    "detect": True,
    "enabled": True,
    "snapshots": True,
    "record": True,
    "audio": False,
    "audio_transcription": False,
    "notifications": False,
    "notifications_suspended": 0,
    "autotracking": False,
    "alerts": True,
    "detections": True,
    "object_descriptions": False,
    "review_descriptions": False,
}


def object_id(at: float, rng: random.Random) -> str:
    """Frigate's id of a tracked object: its start time and six random characters."""
    return f"{at:.1f}-" + "".join(rng.choices(string.ascii_lowercase + string.digits, k=6))


@dataclass(slots=True)
class TrackedObject:
    """An object Frigate tracks in a seat zone, from its first frame to its end."""

    id: str
    label: str
    camera: str
    zone: str
    start: float
    frame_time: float = 0.0
    stationary: bool = False
    path: list[Any] = field(default_factory=list)

    def state(
        self, *, in_zone: bool, end: float | None = None, false_positive: bool = False
    ) -> dict[str, Any]:
        """The object as Frigate's ``before`` / ``after``."""
        box = BOXES[self.label]
        area = (box[2] - box[0]) * (box[3] - box[1])
        width, height = box[2] - box[0], box[3] - box[1]
        score = 0.5 if false_positive else SCORES[self.label]
        region = [max(0, box[0] - 114), box[1] - 4, box[2] + 56, box[3]]
        zones = [self.zone] if in_zone else []
        return {
            "id": self.id,
            "camera": self.camera,
            "frame_time": self.frame_time,
            "snapshot": None
            if false_positive
            else {
                "frame_time": self.frame_time,
                "box": box,
                "area": area,
                "region": region,
                "score": score,
                "attributes": [],
                "current_estimated_speed": 0,
                "velocity_angle": 0,
                "path_data": list(self.path),
                "recognized_license_plate": None,
                "recognized_license_plate_score": None,
            },
            "snapshot_clean": True,
            "label": self.label,
            "sub_label": None,
            "top_score": 0.0 if false_positive else score,
            "false_positive": false_positive,
            "start_time": self.start,
            "end_time": end,
            "score": score,
            "computed_score": 0.0 if false_positive else score,
            "box": box,
            "area": area,
            "ratio": round(width / height, 6),
            "region": region,
            "active": end is None and not self.stationary,
            "stationary": self.stationary,
            "motionless_count": 50 if self.stationary else 0,
            "position_changes": 1,
            "current_zones": zones,
            "entered_zones": [self.zone] if in_zone or self.path else [],
            "has_clip": not false_positive,
            "has_snapshot": not false_positive,
            "attributes": {},
            "current_attributes": [],
            "pending_loitering": False,
            "max_severity": "detection",
            "current_estimated_speed": 0,
            "average_estimated_speed": 0,
            "velocity_angle": 0,
            "path_data": list(self.path),
            "recognized_license_plate": None,
        }


def event(prefix: str, kind: str, before: dict[str, Any], after: dict[str, Any]) -> Message:
    """A ``<prefix>/events`` message: ``new``, ``update`` or ``end``."""
    return f"{prefix}/events", json.dumps({"before": before, "after": after, "type": kind}), False


def count(prefix: str, zone: str, label: str, value: int) -> list[Message]:
    """The zone's count topics for a label (all and active), as Frigate publishes them."""
    return [
        (f"{prefix}/{zone}/{label}", str(value), False),
        (f"{prefix}/{zone}/{label}/active", str(value), False),
    ]


def appears(prefix: str, obj: TrackedObject, at: float) -> list[Message]:
    """An object appears in its seat zone: ``new``, ``update`` entering the zone, the counts."""
    obj.frame_time = at
    first = obj.state(in_zone=False, false_positive=True)
    seen = obj.state(in_zone=False)
    obj.frame_time = at + 0.6  # zone inertia: three frames at 5 fps
    obj.path.append([[round(obj_x(obj), 4), 0.9722], round(obj.frame_time, 1)])
    entered = obj.state(in_zone=True)
    return [
        event(prefix, "new", first, seen),
        event(prefix, "update", seen, entered),
        *count(prefix, obj.zone, obj.label, 1),
    ]


def obj_x(obj: TrackedObject) -> float:
    box = BOXES[obj.label]
    return (box[0] + box[2]) / 2 / 1280


def leaves(prefix: str, obj: TrackedObject, at: float) -> list[Message]:
    """The object leaves (or Frigate loses it): the counts drop, then its ``end``."""
    before = obj.state(in_zone=True)
    obj.frame_time = at
    obj.stationary = False
    return [
        *count(prefix, obj.zone, obj.label, 0),
        event(prefix, "end", before, obj.state(in_zone=False, end=at)),
    ]


def available(prefix: str, online: bool) -> Message:
    """``<prefix>/available``: ``online`` when Frigate starts, ``offline`` (its last will) when it stops."""
    return f"{prefix}/available", "online" if online else "offline", True


def camera_activity(prefix: str, cameras: dict[str, list[TrackedObject]]) -> Message:
    """Frigate's answer to ``<prefix>/onConnect``: the objects each camera tracks now."""
    payload = {
        camera: {
            "motion": False,
            "objects": [
                {
                    "id": obj.id,
                    "label": obj.label,
                    "stationary": obj.stationary,
                    "area": obj.state(in_zone=True)["area"],
                    "ratio": obj.state(in_zone=True)["ratio"],
                    "score": SCORES[obj.label],
                    "sub_label": None,
                    "current_zones": [obj.zone],
                }
                for obj in objects
            ],
            "config": dict(CONFIG),
        }
        for camera, objects in cameras.items()
    }
    return f"{prefix}/camera_activity", json.dumps(payload), False
