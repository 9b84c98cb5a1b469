"""ESPHome window units: keys drive the window, the window drives the unit's display."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.service_hall.const import EVENT_KEY, EVENT_LOW_RATING
from homeassistant.core import HomeAssistant, ServiceCall

from .conftest import act
from .helpers import coordinator_of, flush, open_hall, runtime_of

UNIT = "window-unit-01"
ACTIONS = ("show_ticket", "show_paused", "set_dim", "service_completed")


def register_unit(hass: HomeAssistant) -> list[tuple[str, dict[str, Any]]]:
    """Stand in for the ESPHome integration registering the unit's API actions; answer the calls."""
    calls: list[tuple[str, dict[str, Any]]] = []
    for action in ACTIONS:

        async def handle(call: ServiceCall, action: str = action) -> None:
            calls.append((action, dict(call.data)))

        hass.services.async_register("esphome", f"window_unit_01_{action}", handle)
    return calls


async def press(hass: HomeAssistant, key: str, **data: Any) -> None:
    hass.bus.async_fire(EVENT_KEY, {"key": key, "unit": UNIT, "window": 1, **data})
    await hass.async_block_till_done()


@pytest.fixture
async def unit(hass: HomeAssistant, init_integration: MockConfigEntry) -> list[tuple[str, dict[str, Any]]]:
    """Window 1's unit online, the hall open."""
    calls = register_unit(hass)
    await hass.async_block_till_done()
    await open_hall(hass)
    return calls


async def test_display_follows_the_window(
    hass: HomeAssistant, init_integration: MockConfigEntry, unit: list[tuple[str, dict[str, Any]]]
) -> None:
    """Calls, pauses and completions reach the unit; nothing is sent twice."""
    unit.clear()
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "recall", window=1)  # shown again: the unit blinks as for a call
    await act(hass, "start", window=1)
    await act(hass, "complete", window=1)
    await act(hass, "pause_window", window=1, reason="lunch")
    await act(hass, "resume_window", window=1)
    await hass.async_block_till_done()
    assert unit == [
        ("show_ticket", {"value": "A001"}),
        ("show_ticket", {"value": "A001"}),
        ("show_ticket", {"value": ""}),
        ("service_completed", {}),
        ("show_paused", {"value": True}),
        ("show_paused", {"value": False}),
    ]


async def test_keys_drive_the_window(
    hass: HomeAssistant, init_integration: MockConfigEntry, unit: list[tuple[str, dict[str, Any]]]
) -> None:
    """next calls, recall recalls, pause pauses and resumes."""
    await act(hass, "issue_ticket", service="household")
    await act(hass, "issue_ticket", service="household")
    await press(hass, "next")
    hall = coordinator_of(init_integration).hall
    assert hall.current_ticket(1).number == "A001"
    await press(hass, "recall")
    assert hall.ticket("A001").recalls == 1
    await act(hass, "start", window=1)
    await press(hass, "next")  # finishes A001, calls A002
    assert (hall.ticket("A001").state, hall.current_ticket(1).number) == ("done", "A002")
    await press(hass, "pause")
    assert hall.state.window(1).paused
    assert hall.state.window(1).pause_reason == "pause key"
    await press(hass, "pause")
    assert not hall.state.window(1).paused


async def test_rating_keys(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    unit: list[tuple[str, dict[str, Any]]],
    hall_time: FrozenDateTimeFactory,
) -> None:
    """A rating counts once per completed ticket, within the rating time; low grades tell supervisors."""
    low = async_capture_events(hass, EVENT_LOW_RATING)
    await press(hass, "rate", grade=5)  # nothing completed yet
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "complete", window=1)
    await press(hass, "rate", grade="2")  # ESPHome sends event data as text
    await press(hass, "rate", grade=5)  # the same ticket again
    hall = coordinator_of(init_integration).hall
    assert hall.ticket("A001").rating == 2
    assert [e.data["ticket"] for e in low] == ["A001"]
    assert low[0].data | {"config_entry_id": None} == {
        "config_entry_id": None,
        "ticket": "A001",
        "grade": 2,
        "window": 1,
        "staff": "SP1001",
        "staff_name": "李明",
        "service": "household",
        "service_name": "户籍业务",
    }
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "complete", window=1)
    hall_time.tick(timedelta(seconds=121))
    await press(hass, "rate", grade=4)  # too late
    assert hall.ticket("A002").rating is None
    units = runtime_of(init_integration).units
    assert units.refused == {
        "rate:no_ticket_to_rate": 2,
        "rate:already_rated": 1,
    }
    assert hall.state.stats.windows[1].summary()["ratings"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0}
    satisfaction = hass.states.get("sensor.window_1_satisfaction_today")
    assert satisfaction.state == "0.0"  # one rating, 不满意
    assert satisfaction.attributes["ratings"]["2"] == 1
    assert hass.states.get("sensor.li_ming_satisfaction_today").state == "0.0"


async def test_unknown_units_and_keys_are_ignored(
    hass: HomeAssistant, init_integration: MockConfigEntry, unit: list[tuple[str, dict[str, Any]]]
) -> None:
    """A unit not assigned to a window, an unknown key or a bad grade does nothing."""
    await act(hass, "issue_ticket", service="household")
    hass.bus.async_fire(EVENT_KEY, {"key": "next", "unit": "window-unit-99"})
    await press(hass, "jump")
    await press(hass, "rate", grade=9)
    await press(hass, "rate", grade="five")
    await hass.async_block_till_done()
    hall = coordinator_of(init_integration).hall
    assert hall.current_ticket(1) is None
    units = runtime_of(init_integration).units
    assert units.ignored == {"unknown_unit": 1, "unknown_key": 3}


async def test_offline_unit_never_blocks_and_catches_up(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Calling works with the unit offline; when its actions come back it shows the current ticket."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    answer = await act(hass, "call_next", window=1)
    assert answer is not None and answer["ticket"] == "A001"
    calls = register_unit(hass)  # the unit reconnects: ESPHome registers its actions again
    await hass.async_block_till_done()
    assert ("show_ticket", {"value": "A001"}) in calls
    assert ("show_paused", {"value": False}) in calls


async def test_units_dim_outside_opening_hours(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    unit: list[tuple[str, dict[str, Any]]],
    hall_time: FrozenDateTimeFactory,
) -> None:
    """At closing time the unit dims; in the morning it brightens again."""
    unit.clear()
    hall_time.move_to("2026-11-23T17:31:00+08:00")
    await flush(hass)
    assert unit == [("set_dim", {"value": True})]
    hall_time.move_to("2026-11-24T08:31:00+08:00")
    await flush(hass)
    assert unit[-1] == ("set_dim", {"value": False})


async def test_unit_offline_too_long_is_a_repair_issue(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A unit whose actions stay missing becomes a repair issue, which goes when it is back."""
    from homeassistant.helpers import issue_registry as ir

    issue_id = f"{init_integration.entry_id}_unit_offline_{UNIT}"
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)  # the unit is needed, and missing
    hall_time.tick(timedelta(minutes=9))
    await flush(hass)
    assert ir.async_get(hass).async_get_issue("service_hall", issue_id) is None
    hall_time.tick(timedelta(minutes=2))
    await flush(hass)
    issue = ir.async_get(hass).async_get_issue("service_hall", issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {"unit": UNIT, "window": "1"}
    register_unit(hass)
    await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue("service_hall", issue_id) is None
