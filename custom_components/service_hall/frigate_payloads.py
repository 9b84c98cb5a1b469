"""Frigate's MQTT payloads, read strictly: anything unexpected is answered None, never raised.

Shapes: ``<prefix>/<zone>/<label>`` plain integers (not retained), ``<prefix>/available``
online/stopped/offline (retained), ``<prefix>/events`` JSON with ``type`` and ``before``/``after``,
``<prefix>/camera_activity`` JSON (the reply to a publish on ``<prefix>/onConnect``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

PERSON = "person"
PHONE = "cell phone"  # exactly this label, with a space
LABELS = (PERSON, PHONE)
MAX_COUNT = 1000  # a seat zone never holds more; larger numbers are not counts


def _text(payload: str | bytes | bytearray) -> str | None:
    if isinstance(payload, bytes | bytearray):
        try:
            return payload.decode()
        except UnicodeDecodeError:
            return None
    return payload


def parse_count(payload: str | bytes | bytearray) -> int | None:
    """A count topic's integer, or None for anything else (``1.5``, ``-1``, ``"abc"``, JSON)."""
    text = _text(payload)
    if text is None:
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 4:  # no sign, point, space or other script
        return None
    value = int(text)
    return value if value <= MAX_COUNT else None


def parse_available(payload: str | bytes | bytearray) -> bool | None:
    """Whether Frigate is online; None for an unknown word."""
    text = _text(payload)
    if text is None:
        return None
    return {"online": True, "offline": False, "stopped": False}.get(text.strip())


@dataclass(frozen=True, slots=True)
class FrigateEvent:
    """What the integration needs of a tracked object's event."""

    type: str  # new, update, end
    id: str
    camera: str
    label: str
    zones: tuple[str, ...]
    has_snapshot: bool


def parse_event(payload: str | bytes | bytearray) -> FrigateEvent | None:
    """A ``frigate/events`` message, or None when it is not one."""
    data = _json(payload)
    if not isinstance(data, dict):
        return None
    kind, after = data.get("type"), data.get("after")
    if kind not in ("new", "update", "end") or not isinstance(after, dict):
        return None
    event_id, camera, label = after.get("id"), after.get("camera"), after.get("label")
    zones = after.get("current_zones") or after.get("entered_zones") or []
    if not (isinstance(event_id, str) and isinstance(camera, str) and isinstance(label, str)):
        return None
    if not isinstance(zones, list) or not all(isinstance(z, str) for z in zones):
        return None
    return FrigateEvent(kind, event_id, camera, label, tuple(zones), bool(after.get("has_snapshot")))


def zone_counts(payload: str | bytes | bytearray) -> dict[str, dict[str, int]] | None:
    """Per zone and label, the objects Frigate sees now (``camera_activity``), summed over cameras.

    Count topics add a zone name up over all cameras; so does this, so that two cameras seeing
    one seat give the same figure either way. None when the payload is not camera activity.
    """
    data = _json(payload)
    if not isinstance(data, dict):
        return None
    counts: dict[str, dict[str, int]] = {}
    for camera in data.values():
        if not isinstance(camera, dict):
            return None
        objects = camera.get("objects", [])
        if not isinstance(objects, list):
            return None
        for item in objects:
            if not isinstance(item, dict) or item.get("label") not in LABELS:
                continue
            zones = item.get("current_zones") or []
            if not isinstance(zones, list):
                continue
            for zone in zones:
                if isinstance(zone, str):
                    per_label = counts.setdefault(zone, {})
                    per_label[item["label"]] = per_label.get(item["label"], 0) + 1
    return counts


def _json(payload: str | bytes | bytearray) -> Any:
    try:
        return json.loads(payload)
    except (ValueError, TypeError):
        return None
