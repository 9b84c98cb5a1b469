"""The live simulator's Frigate messages: the shapes of Frigate's own (the samples), read by the hall."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from custom_components.service_hall.frigate_payloads import (
    parse_available,
    parse_count,
    parse_event,
    zone_counts,
)
from simulator.live import frigate

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "frigate-samples"


def sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    return data


def shape(value: Any) -> Any:
    """Keys and value types, recursively (lists by their first item): what must match Frigate."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool) or value is None:
        return type(value).__name__
    return "number" if isinstance(value, int | float) else type(value).__name__


def person(at: float = 1767337200.0) -> frigate.TrackedObject:
    return frigate.TrackedObject("1767337200.0-s1tdwn", frigate.PERSON, "hall_cam_a", "window_01_seat", at)


def test_an_officer_sits_down_as_frigate_reports_it() -> None:
    messages = frigate.appears("frigate", person(), 1767337200.0)
    new, update = (json.loads(payload) for _topic, payload, _retain in messages[:2])
    assert [topic for topic, _payload, _retain in messages] == [
        "frigate/events",
        "frigate/events",
        "frigate/window_01_seat/person",
        "frigate/window_01_seat/person/active",
    ]
    assert [payload for _topic, payload, _retain in messages[2:]] == ["1", "1"]
    assert not any(retain for _topic, _payload, retain in messages)
    expected_new, expected_update = (
        sample("events_person_new.json"),
        sample("events_person_update_entered_seat.json"),
    )
    assert new["type"] == "new" and update["type"] == "update"
    # Every key and type of Frigate's own messages, before and after, snapshot included.
    for ours, theirs in ((new, expected_new), (update, expected_update)):
        assert shape(ours["after"]).keys() == shape(theirs["after"]).keys()
        assert shape(ours["before"]).keys() == shape(theirs["before"]).keys()
    assert shape(update["after"]["snapshot"]) == shape(expected_update["after"]["snapshot"])
    assert new["before"]["false_positive"] is True and new["after"]["current_zones"] == []
    assert update["after"]["current_zones"] == ["window_01_seat"]
    event = parse_event(messages[1][1])
    assert event is not None
    assert (event.type, event.label, event.zones, event.has_snapshot) == (
        "update",
        "person",
        ("window_01_seat",),
        True,
    )


def test_a_phone_and_its_end() -> None:
    phone = frigate.TrackedObject(
        "1767337208.0-ph0n3x", frigate.PHONE, "hall_cam_a", "window_01_seat", 1767337208.0
    )
    appear = frigate.appears("frigate", phone, 1767337208.0)
    assert appear[2][0] == "frigate/window_01_seat/cell phone"  # "cell phone", with a space
    leave = frigate.leaves("frigate", phone, 1767337215.0)
    assert [(topic, payload) for topic, payload, _retain in leave[:2]] == [
        ("frigate/window_01_seat/cell phone", "0"),
        ("frigate/window_01_seat/cell phone/active", "0"),
    ]
    end = json.loads(leave[2][1])
    theirs = sample("events_cell_phone_end.json")
    assert end["type"] == "end" and end["after"]["end_time"] == 1767337215.0
    assert shape(end["after"]).keys() == shape(theirs["after"]).keys()
    assert end["after"]["label"] == theirs["after"]["label"] == "cell phone"
    assert parse_count(leave[0][1]) == 0
    event = parse_event(leave[2][1])
    assert event is not None and event.type == "end"


def test_object_ids_look_like_frigates() -> None:
    object_id = frigate.object_id(1767337200.04, random.Random(1))
    stamp, suffix = object_id.split("-")
    assert stamp == "1767337200.0"
    assert len(suffix) == 6 and suffix.isalnum() and suffix.islower()


def test_camera_activity_answers_on_connect() -> None:
    seated = person()
    seated.stationary = True
    topic, payload, retain = frigate.camera_activity("frigate", {"hall_cam_a": [seated], "hall_cam_b": []})
    assert (topic, retain) == ("frigate/camera_activity", False)
    ours, theirs = json.loads(payload), sample("camera_activity.json")
    assert ours.keys() == theirs.keys()
    assert ours["hall_cam_a"].keys() == theirs["hall_cam_a"].keys()
    assert ours["hall_cam_a"]["objects"][0].keys() == theirs["hall_cam_a"]["objects"][0].keys()
    assert ours["hall_cam_a"]["config"] == theirs["hall_cam_a"]["config"]
    assert zone_counts(payload) == {"window_01_seat": {"person": 1}}


def test_available_is_retained() -> None:
    assert frigate.available("frigate", True) == ("frigate/available", "online", True)
    assert frigate.available("frigate", False) == ("frigate/available", "offline", True)
    assert parse_available("online") is True and parse_available("offline") is False
