"""Staffing advice in a running hall: sensors, the shortage event, and the figures for statistics."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.service_hall.const import EVENT_STAFFING_SHORT, STAFFING_INTERVAL
from custom_components.service_hall.hall.queueing import windows_needed
from homeassistant.components.sensor import SensorStateClass
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .conftest import ENTRY_ID, act
from .helpers import open_hall, pass_time

GROUP = "business"  # the sample hall's windows join all four services in one group


def entity_id(hass: HomeAssistant, unique: str) -> str:
    found = er.async_get(hass).async_get_entity_id("sensor", "service_hall", f"{ENTRY_ID}_{unique}")
    assert found is not None, unique
    return found


async def test_a_group_short_of_windows_is_told_once(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    events = async_capture_events(hass, EVENT_STAFFING_SHORT)
    needed = entity_id(hass, f"group_{GROUP}_windows_needed")
    short = entity_id(hass, "hall_windows_short")
    arrivals = entity_id(hass, "hall_arrivals_per_hour")
    assert hass.states.get(needed).state == "0"  # no arrivals yet
    assert hass.states.get(short).state == "0"
    await open_hall(hass)  # windows 1, 2 and 5
    await act(hass, "pause_window", window=5, reason="会议")
    for _ in range(30):
        await act(hass, "issue_ticket", service="household")
    await pass_time(hass, hall_time, STAFFING_INTERVAL.total_seconds())
    # 30 household tickets since the day's first event (its windows opened at 09:00, a minute
    # ago; it opened at 08:30), counted over at least a quarter hour; 4 minutes each.
    rate = 30 / 15
    state = hass.states.get(arrivals)
    assert float(state.state) == round(rate * 60, 1)
    advice = hass.states.get(needed)
    assert int(advice.state) == windows_needed(rate * 4.0, 4.0, 10.0) > 2
    assert advice.attributes["open"] == 2
    assert advice.attributes["short"] == int(advice.state) - 2
    assert advice.attributes["paused_windows"] == [5]
    assert int(hass.states.get(short).state) == int(advice.state) - 2
    assert len(events) == 1
    data = events[0].data
    assert data["config_entry_id"] == ENTRY_ID
    assert data["group"] == GROUP
    assert data["services"] == ["business", "household", "social_insurance", "tax"]
    assert data["service_names"][1] == "户籍业务"
    assert data["candidates"] == [5]  # the paused window could take it
    assert data["needed"] == int(advice.state)
    # Still short a minute later: no second event.
    await pass_time(hass, hall_time, STAFFING_INTERVAL.total_seconds())
    assert len(events) == 1


async def test_figures_for_long_term_statistics(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    registry = er.async_get(hass)
    for unique, state_class in (
        ("hall_mean_handling_today", SensorStateClass.MEASUREMENT),
        ("hall_satisfaction_today", SensorStateClass.MEASUREMENT),
        ("hall_arrivals_per_hour", SensorStateClass.MEASUREMENT),
        ("hall_mean_wait_today", SensorStateClass.MEASUREMENT),
        ("hall_served_today", SensorStateClass.TOTAL_INCREASING),
        ("hall_no_shows_today", SensorStateClass.TOTAL_INCREASING),
        ("hall_issued_today", SensorStateClass.TOTAL_INCREASING),
        ("hall_estimate_error_today", SensorStateClass.MEASUREMENT),
    ):
        state = hass.states.get(entity_id(hass, unique))
        assert state.attributes.get("state_class") == state_class, unique
    error_sensor = entity_id(hass, "hall_estimate_error_today")
    assert registry.async_get(error_sensor).entity_category is EntityCategory.DIAGNOSTIC
    assert hass.states.get(error_sensor).state == "unknown"

    await open_hall(hass)
    first = (await act(hass, "issue_ticket", service="household"))["ticket"]  # type: ignore[index]
    await act(hass, "call_next", window=1)  # estimated 0, waited 0
    second = (await act(hass, "issue_ticket", service="household"))["ticket"]  # type: ignore[index]
    await act(hass, "call_next", window=2)  # window 2 was idle: estimated 0, waited 0
    estimate = hass.states.get(entity_id(hass, "service_household_estimated_wait"))
    await act(hass, "issue_ticket", service="household")
    await pass_time(hass, hall_time, 4 * 60)  # within the no-show timeout
    await act(hass, "start", window=1)
    await act(hass, "complete", window=1)
    await act(hass, "call_next", window=1)  # the third: waited 4 minutes
    await act(hass, "rate", ticket=first, grade=5)
    await act(hass, "complete", window=2)
    await act(hass, "rate", ticket=second, grade=2)
    await pass_time(hass, hall_time, 1)
    error = hass.states.get(error_sensor)
    assert error.attributes["measured"] == 3
    # The hall's answer, not a figure of the test's: the mean of the three absolute errors.
    hall = init_integration.runtime_data.hall
    errors = hall.state.stats.estimate_errors
    assert float(error.state) == round(sum(abs(e) for e in errors) / 3, 2)
    # The third was estimated at issue as the estimated-wait sensor then said (whole minutes).
    assert round(4 - errors[2]) == int(estimate.state)
    assert float(hass.states.get(entity_id(hass, "hall_satisfaction_today")).state) == 50.0
    # The first was handled from its start (at once), the second from its call (4 minutes).
    assert float(hass.states.get(entity_id(hass, "hall_mean_handling_today")).state) == 2.0
