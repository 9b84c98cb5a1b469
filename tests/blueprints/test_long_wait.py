"""The long wait blueprint, driven by the hall's per-service sensors and its queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.service_hall.const import EVENT_STAFFING_SHORT, STAFFING_INTERVAL
from custom_components.service_hall.hall.durations import duration_text
from custom_components.service_hall.hall.queueing import windows_needed
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from ..conftest import ENTRY_ID, MONDAY_9AM, act
from ..helpers import open_hall, pass_time
from .conftest import Phone, recorder, use_blueprint, use_blueprints

BLUEPRINT = "long_wait.yaml"
SERVICES = ("household", "social_insurance", "tax", "business")
TICK = timedelta(seconds=15)  # the hall refreshes growing waits this often


def sensors(hass: HomeAssistant, kind: str) -> dict[str, str]:
    """The hall's ``kind`` sensor of every service (``waiting``, ``longest_wait`` …), by service id."""
    registry = er.async_get(hass)
    found = {}
    for service in SERVICES:
        entity_id = registry.async_get_entity_id(
            "sensor", "service_hall", f"{ENTRY_ID}_service_{service}_{kind}"
        )
        assert entity_id is not None, (service, kind)
        assert hass.states.get(entity_id).attributes["service"] == service
        found[service] = entity_id
    return found


async def elapse(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float) -> None:
    """Let time pass as it does in the hall: tick by tick, with everything due run at each."""
    for _ in range(round(minutes * 60 / TICK.total_seconds())):
        freezer.tick(TICK)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)  # the hall's tick runs in one


async def watch(hass: HomeAssistant, phone: Phone, **inputs: Any) -> None:
    """The blueprint on every service's longest wait, notifying the supervisor's phone.

    Without staffing advice: a tax ticket with no open window would also make the hall short.
    """
    await use_blueprint(
        hass,
        BLUEPRINT,
        {
            "longest_wait_sensors": list(sensors(hass, "longest_wait").values()),
            "notify_devices": [phone.device_id],
            "staffing_advice": False,
            **inputs,
        },
    )


async def tax_waits(hass: HomeAssistant) -> None:
    """The hall opens, window 2 (the only open one for tax) pauses, and a citizen takes a tax ticket."""
    await open_hall(hass)
    await act(hass, "pause_window", window=2)
    await act(hass, "issue_ticket", service="tax")
    await hass.async_block_till_done()


def alert(title: str, message: str, service: str) -> dict[str, Any]:
    """What a phone must receive for one alert."""
    return {
        "title": title,
        "message": message,
        "data": {"tag": f"service_hall_long_wait_{service}", "group": "service_hall_waits"},
    }


def fired_at(hass: HomeAssistant) -> datetime:
    """When the automation last ran."""
    return hass.states.get("automation.under_test").attributes["last_triggered"]


def waited(hass: HomeAssistant) -> str:
    """How long the ticket issued at 09:00 had waited when the automation ran, as the alert says it.

    The ``for:`` timer runs at the first tick after it is due, so 31:15 or 31:30.
    """
    fired = fired_at(hass)
    assert (
        MONDAY_9AM + timedelta(minutes=31, seconds=15)
        <= fired
        <= MONDAY_9AM + timedelta(minutes=31, seconds=30)
    )
    # The queue's figures are minutes to a tenth: what the blueprint turns into text.
    return duration_text(round((fired - MONDAY_9AM).total_seconds() / 60, 1) * 60)


def tax_zh(longest: str) -> dict[str, Any]:
    """The Chinese alert for the tax ticket: window 3 closed, window 2 paused for half an hour, so
    past a pause's expected length: back within a minute, then the waiting tax ticket's 6."""
    return alert(
        "排队过长 · 税务",
        f"税务最长等候已超过 30 分钟。等候 1 人，最长已等 {longest}，预计等候 7 分钟。"
        "窗口 2 暂停、3 关闭。建议开启窗口 3。",
        "tax",
    )


async def test_longest_wait_notifies_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
) -> None:
    """Past 30 minutes, held for a minute: one alert with the figures and the windows serving tax."""
    li_ming = phone("Li Ming")
    await watch(hass, li_ming)
    await tax_waits(hass)
    await elapse(hass, hall_time, 31)  # above 30 since 30:15, not yet for a minute
    assert li_ming.messages() == []
    await elapse(hass, hall_time, 0.5)
    expected = [tax_zh(waited(hass))]
    assert li_ming.messages() == expected
    await elapse(hass, hall_time, 20)  # still above: no repeat
    assert li_ming.messages() == expected


async def household_queue(hass: HomeAssistant, waiting: int) -> None:
    """Window 1 calls A001 and ``waiting`` more household tickets queue behind it, at 09:00."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    for _ in range(waiting):
        await act(hass, "issue_ticket", service="household")
    await hass.async_block_till_done()


async def test_waiting_count_passes_the_limit(
    hass: HomeAssistant, init_integration: MockConfigEntry, blueprints: Any, phone: Callable[[str], Phone]
) -> None:
    """More than two waiting notifies the phone, the notify group and the notification panel alike."""
    li_ming = phone("Li Ming")
    calls = recorder(hass, "notify.supervisors", "persistent_notification.create")
    await use_blueprint(
        hass,
        BLUEPRINT,
        {
            "waiting_sensors": list(sensors(hass, "waiting").values()),
            "waiting_limit": 2,
            "sustained": {"hours": 0, "minutes": 0, "seconds": 0},
            "notify_devices": [li_ming.device_id],
            "notify_service": "supervisors",
            "persistent": True,
        },
    )
    await household_queue(hass, 2)
    assert li_ming.messages() == []
    await act(hass, "issue_ticket", service="household")
    await hass.async_block_till_done()
    expected = alert(
        "排队过长 · 户籍业务",
        "户籍业务等候人数已超过 2 人。等候 3 人，最长已等 0 秒，预计等候 8 分钟。窗口 1 叫号中、2 空闲。",
        "household",
    )
    assert li_ming.messages() == [expected]
    assert [dict(c.data) for c in calls["notify.supervisors"]] == [expected]
    assert [dict(c.data) for c in calls["persistent_notification.create"]] == [
        {
            "notification_id": "service_hall_long_wait_household",
            "title": expected["title"],
            "message": expected["message"],
        }
    ]
    await act(hass, "issue_ticket", service="household")  # four: still above, no repeat
    await hass.async_block_till_done()
    assert len(li_ming.messages()) == 1


async def test_english_on_the_estimated_wait(
    hass: HomeAssistant, init_integration: MockConfigEntry, blueprints: Any, phone: Callable[[str], Phone]
) -> None:
    """In English, on the estimated wait (service names stay in the hall's language)."""
    li_ming = phone("Li Ming")
    await use_blueprint(
        hass,
        BLUEPRINT,
        {
            "estimated_wait_sensors": [sensors(hass, "estimated_wait")["household"]],
            "estimated_wait_minutes": 10,
            "sustained": {"hours": 0, "minutes": 0, "seconds": 0},
            "notify_devices": [li_ming.device_id],
            "language": "en",
        },
    )
    # Windows 1 (4 minutes left) and 2 (idle) take household's 4-minute tickets in turn: with
    # four waiting, window 2 is next free after 8 minutes, not above 10; a fifth makes it 12.
    await household_queue(hass, 4)
    assert li_ming.messages() == []
    await act(hass, "issue_ticket", service="household")
    await hass.async_block_till_done()
    assert li_ming.messages() == [
        alert(
            "Long wait · 户籍业务",
            "户籍业务: estimated wait above 10 min. Waiting 5, longest wait 0 s, estimated wait 12 min. "
            "Windows: 1 calling, 2 idle.",
            "household",
        )
    ]


async def test_below_the_threshold_nothing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
) -> None:
    """A ticket called after 29 minutes, a queue at the limit: no alert."""
    li_ming = phone("Li Ming")
    await watch(hass, li_ming, waiting_sensors=list(sensors(hass, "waiting").values()), waiting_limit=3)
    await household_queue(hass, 3)
    await elapse(hass, hall_time, 29)
    longest = sensors(hass, "longest_wait")["household"]
    assert hass.states.get(longest).state == "29.0"
    await act(hass, "call_next", window=2)  # A002 after 29 minutes
    await act(hass, "cancel", ticket="A003")
    await act(hass, "cancel", ticket="A004")
    await elapse(hass, hall_time, 20)
    assert hass.states.get(longest).state == "0.0"
    assert li_ming.messages() == []


async def test_again_only_after_falling_back(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
) -> None:
    """Once the wait fell below the limit (the ticket was called), the next crossing alerts again."""
    li_ming = phone("Li Ming")
    await watch(hass, li_ming)
    await tax_waits(hass)
    await elapse(hass, hall_time, 32)
    assert len(li_ming.messages()) == 1
    await act(hass, "resume_window", window=2)
    await act(hass, "call_next", window=2)  # D001 leaves the queue: the longest wait is 0
    await act(hass, "issue_ticket", service="tax")
    await elapse(hass, hall_time, 20)
    assert len(li_ming.messages()) == 1
    await elapse(hass, hall_time, 12)
    assert [m["data"]["tag"] for m in li_ming.messages()] == ["service_hall_long_wait_tax"] * 2


@pytest.mark.parametrize(
    ("quiet_start", "quiet_end", "alerts"),
    [
        ("09:15:00", "10:00:00", 0),  # the morning
        ("22:00:00", "09:45:00", 0),  # over midnight
        ("12:00:00", "13:30:00", 1),  # lunch: not now
        ("09:00:00", "09:00:00", 1),  # the same: none
    ],
)
async def test_quiet_hours(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
    quiet_start: str,
    quiet_end: str,
    alerts: int,
) -> None:
    """No alert in quiet hours, which may span midnight; equal start and end means none."""
    li_ming = phone("Li Ming")
    await watch(hass, li_ming, quiet_start=quiet_start, quiet_end=quiet_end)
    await tax_waits(hass)
    await elapse(hass, hall_time, 32)
    assert float(hass.states.get(sensors(hass, "longest_wait")["tax"]).state) > 31
    assert li_ming.messages() == ([tax_zh(waited(hass))] if alerts else [])


@pytest.mark.parametrize(("hall", "alerts"), [(ENTRY_ID, 1), ("01JANOTHERHALL000000000000", 0)])
async def test_hall_filter(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
    hall: str,
    alerts: int,
) -> None:
    """A hall set: only its sensors alert."""
    li_ming = phone("Li Ming")
    await watch(hass, li_ming, hall=hall)
    await tax_waits(hass)
    await elapse(hass, hall_time, 32)
    assert len(li_ming.messages()) == alerts


async def short_of_windows(hass: HomeAssistant, hall_time: FrozenDateTimeFactory) -> list[Any]:
    """Windows 1 and 2 open, window 5 paused, 30 household tickets since 08:30: the hall's one
    group of services lacks windows at the next staffing advice."""
    events = async_capture_events(hass, EVENT_STAFFING_SHORT)
    await open_hall(hass)
    await act(hass, "pause_window", window=5, reason="会议")
    for _ in range(30):
        await act(hass, "issue_ticket", service="household")
    await pass_time(hass, hall_time, STAFFING_INTERVAL.total_seconds())
    assert len(events) == 1
    return events


async def test_windows_short_names_the_windows_that_could_help(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
) -> None:
    li_ming = phone("Li Ming")
    wang_fang = phone("Wang Fang")
    await use_blueprints(
        hass,
        [
            (BLUEPRINT, {"notify_devices": [li_ming.device_id]}, "Chinese"),
            (BLUEPRINT, {"notify_devices": [wang_fang.device_id], "language": "en"}, "English"),
        ],
    )
    (event,) = await short_of_windows(hass, hall_time)
    await hass.async_block_till_done()
    data = event.data
    # 30 tickets since the day's first event a minute ago, counted over at least a quarter hour.
    needed = windows_needed(30 / 15 * 4.0, 4.0, 10.0)
    assert (data["needed"], data["open"], data["candidates"]) == (needed, 2, [5])
    names = data["service_names"]
    group_zh = "、".join(names[:3]) + f"等 {len(names)} 项"
    group_en = ", ".join(names[:3]) + f" and {len(names) - 3} more"
    tag = {"tag": "service_hall_staffing_business", "group": "service_hall_waits"}
    assert li_ming.messages() == [
        {
            "title": f"窗口不足 · {group_zh}",
            "message": f"{group_zh}：每小时取号 120 个，平均办理 4 分钟，需要 {needed} 个窗口才能把平均等候"
            "控制在 10 分钟内，现开 2 个。可调配窗口 5。",
            "data": tag,
        }
    ]
    assert wang_fang.messages() == [
        {
            "title": f"Windows short · {group_en}",
            "message": f"{group_en}: 120 tickets an hour, 4 min each; {needed} windows needed for a mean "
            "wait within 10 min, 2 open. Windows that could help: 5.",
            "data": tag,
        }
    ]


async def test_windows_short_can_be_left_out(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
) -> None:
    li_ming = phone("Li Ming")
    await use_blueprint(hass, BLUEPRINT, {"notify_devices": [li_ming.device_id], "staffing_advice": False})
    await short_of_windows(hass, hall_time)
    await hass.async_block_till_done()
    assert li_ming.messages() == []
