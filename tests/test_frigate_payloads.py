"""Frigate payloads read strictly: anything unexpected is None, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custom_components.service_hall.frigate_payloads import (
    FrigateEvent,
    parse_available,
    parse_count,
    parse_event,
    zone_counts,
)

SAMPLES = Path(__file__).parent / "fixtures" / "frigate-samples"


@pytest.mark.parametrize(
    ("payload", "count"),
    [
        ("0", 0),
        ("1", 1),
        (b"2", 2),
        (bytearray(b"3"), 3),
        (" 1\n", 1),
        ("1000", 1000),
        ("1001", None),
        ("99999", None),
        ("1.5", None),
        ("-1", None),
        ("+1", None),
        ("", None),
        ("one", None),
        ('{"count": 1}', None),
        (b"\xff\xfe", None),
        ("١", None),
    ],
)
def test_counts(payload: str | bytes, count: int | None) -> None:
    """Only plain non-negative integers a seat can hold are counts."""
    assert parse_count(payload) == count


@pytest.mark.parametrize(
    ("payload", "online"),
    [
        ("online", True),
        (b"offline", False),
        ("stopped", False),
        ("Online", None),
        (b"\xff", None),
        ("", None),
    ],
)
def test_availability(payload: str | bytes, online: bool | None) -> None:
    """Frigate's three words, and nothing else."""
    assert parse_available(payload) == online


def test_events_from_the_samples() -> None:
    """Every sample of the scenario reads, with the seat zone once the person entered it."""
    sequence = json.loads((SAMPLES / "events_sequence_all.json").read_text(encoding="utf-8"))
    events = [parse_event(json.dumps(item.get("payload", item))) for item in sequence]
    assert all(isinstance(e, FrigateEvent) for e in events)
    phone = parse_event((SAMPLES / "events_cell_phone_update_in_seat.json").read_bytes())
    assert phone == FrigateEvent(
        "update", "1767337208.0-ph0n3x", "hall_cam_a", "cell phone", ("window_01_seat",), True
    )


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        "[]",
        "1",
        json.dumps({"type": "update"}),
        json.dumps({"type": "moved", "after": {}}),
        json.dumps({"type": "new", "after": {"id": 1, "camera": "a", "label": "person"}}),
        json.dumps(
            {"type": "new", "after": {"id": "x", "camera": "a", "label": "person", "current_zones": "seat"}}
        ),
        json.dumps(
            {"type": "new", "after": {"id": "x", "camera": "a", "label": "person", "current_zones": [1]}}
        ),
        b"\xff",
    ],
)
def test_not_events(payload: str | bytes) -> None:
    """Shapes that are not an event are answered None."""
    assert parse_event(payload) is None


def test_zone_counts_add_up_cameras() -> None:
    """camera_activity, summed per zone over cameras; other labels and bad items skipped."""
    sample = (SAMPLES / "camera_activity.json").read_text(encoding="utf-8")
    assert zone_counts(sample) == {"window_01_seat": {"person": 1, "cell phone": 1}}
    two = {
        "a": {
            "objects": [{"label": "person", "current_zones": ["s"]}, {"label": "car", "current_zones": ["s"]}]
        },
        "b": {"objects": [{"label": "person", "current_zones": ["s", 3]}, "junk", {"label": "person"}]},
        "c": {"objects": [{"label": "person", "current_zones": "s"}]},
    }
    assert zone_counts(json.dumps(two)) == {"s": {"person": 2}}


@pytest.mark.parametrize("payload", ["[1]", "{}x", json.dumps({"a": 1}), json.dumps({"a": {"objects": {}}})])
def test_not_camera_activity(payload: str) -> None:
    """Anything but a mapping of cameras with object lists is None."""
    assert zone_counts(payload) is None
