"""The daily report blueprint, driven by a day of the hall and its report action."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from homeassistant.core import HomeAssistant

from ..conftest import ENTRY_ID, MONDAY_9AM, act
from ..helpers import open_hall
from .conftest import Phone, recorder, use_blueprint

BLUEPRINT = "daily_report.yaml"
MONDAY_REPORT = MONDAY_9AM.replace(hour=17, minute=45)
SATURDAY_REPORT = MONDAY_REPORT + timedelta(days=5)


@pytest.fixture(autouse=True)
async def automations_off(hass: HomeAssistant) -> AsyncGenerator[None]:
    """Turn the automations off after each test, so their next day's time trigger does not linger."""
    yield
    if hass.services.has_service("automation", "turn_off"):
        await hass.services.async_call("automation", "turn_off", {"entity_id": "all"}, blocking=True)


async def report_to(hass: HomeAssistant, phone: Phone, **inputs: Any) -> None:
    """The blueprint sending to the supervisor's phone."""
    await use_blueprint(hass, BLUEPRINT, {"notify_devices": [phone.device_id], **inputs})


async def a_day(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Three household tickets: A001 served at window 1 in 4 minutes and rated 5, A002 at window 2, A003 cancelled."""
    await open_hall(hass)
    for _ in range(3):
        await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "start", window=1)
    freezer.tick(timedelta(minutes=4))
    await act(hass, "complete", window=1)
    await act(hass, "rate", ticket="A001", grade=5)
    await act(hass, "call_next", window=2)
    await act(hass, "start", window=2)
    freezer.tick(timedelta(minutes=6))
    await act(hass, "complete", window=2)
    await act(hass, "cancel", ticket="A003")
    await hass.async_block_till_done(wait_background_tasks=True)


async def at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: datetime) -> None:
    """Time jumps to ``when`` and everything due runs."""
    freezer.move_to(when)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


def split(text: str) -> tuple[str, str]:
    """A report text as the notification title (its first line) and message (the rest)."""
    title, message = text.split("\n", 1)
    return title, message


async def test_report_at_closing_time(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
) -> None:
    """At 17:45 the phone, the e-mail action and the panel get the day's report as the hall writes it."""
    li_ming = phone("Li Ming")
    calls = recorder(hass, "notify.smtp", "persistent_notification.create")
    await report_to(hass, li_ming, notify_service="notify.smtp", persistent=True)
    await a_day(hass, hall_time)
    await at(hass, hall_time, MONDAY_REPORT - timedelta(seconds=1))
    assert li_ming.messages() == []
    await at(hass, hall_time, MONDAY_REPORT)
    report = await act(hass, "get_daily_report")
    title, message = split(report["text"])
    assert li_ming.messages() == [
        {
            "title": title,
            "message": message,
            "data": {"tag": "service_hall_daily_report", "group": "service_hall_reports"},
        }
    ]
    # The figures of the day above, not just any text.
    assert title == "石排政务服务中心 2026-11-23 日报"
    assert message.startswith("取号 3 · 办结 2 · 过号 0 · 取消 1 · 未办结 0\n")
    assert "平均办理 5 分钟" in message
    assert "满意度 100.0%(评价 1 条,差评 0 条)" in message
    assert "事项:户籍业务 办结 2" in message
    assert "李明 (SP1001) 办结 1,满意度 100.0%" in message
    assert [dict(c.data) for c in calls["notify.smtp"]] == [{"title": title, "message": message}]
    assert [dict(c.data) for c in calls["persistent_notification.create"]] == [
        {"notification_id": "service_hall_daily_report", "title": title, "message": message}
    ]
    await at(hass, hall_time, MONDAY_REPORT + timedelta(minutes=30))
    assert len(li_ming.messages()) == 1  # once a day


async def test_english_for_the_named_hall(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
) -> None:
    """In English, at another time, for the hall chosen by its entry."""
    li_ming = phone("Li Ming")
    await report_to(hass, li_ming, language="en", report_time="18:00:00", hall=ENTRY_ID)
    await a_day(hass, hall_time)
    await at(hass, hall_time, MONDAY_REPORT)
    assert li_ming.messages() == []
    await at(hass, hall_time, MONDAY_REPORT + timedelta(minutes=15))
    report = await act(hass, "get_daily_report", language="en")
    title, message = split(report["text"])
    assert title == "石排政务服务中心 daily report, 2026-11-23"
    assert message.startswith("Tickets 3 · served 2 · no-shows 0 · cancelled 1 · unfinished 0\n")
    assert [(m["title"], m["message"]) for m in li_ming.messages()] == [(title, message)]


@pytest.mark.parametrize(
    ("inputs", "sent"),
    [
        ({}, False),  # nothing issued: skipped
        ({"skip_empty": False}, True),
    ],
)
async def test_skip_empty_days(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
    inputs: dict[str, Any],
    sent: bool,
) -> None:
    """A Monday without a ticket sends nothing, unless empty days are wanted."""
    li_ming = phone("Li Ming")
    await report_to(hass, li_ming, **inputs)
    await at(hass, hall_time, MONDAY_REPORT)
    if sent:
        assert [m["message"].split("\n")[0] for m in li_ming.messages()] == [
            "取号 0 · 办结 0 · 过号 0 · 取消 0 · 未办结 0"
        ]
    else:
        assert li_ming.messages() == []


@pytest.mark.parametrize(
    ("weekdays", "sent"),
    [
        (["mon", "tue", "wed", "thu", "fri"], False),
        (["sat"], True),
        ([], True),  # empty: every day
    ],
)
async def test_weekdays(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    blueprints: Any,
    phone: Callable[[str], Phone],
    weekdays: list[str],
    sent: bool,
) -> None:
    """Saturday's report is sent only when Saturday is selected (or no day is)."""
    li_ming = phone("Li Ming")
    calls = recorder(hass, "notify.smtp")
    await at(hass, hall_time, SATURDAY_REPORT - timedelta(hours=8))  # the hall rolls over to Saturday
    await report_to(hass, li_ming, weekdays=weekdays, skip_empty=False, notify_service="smtp")
    await at(hass, hall_time, SATURDAY_REPORT)
    titles = [m["title"] for m in li_ming.messages()]
    assert titles == (["石排政务服务中心 2026-11-28 日报"] if sent else [])
    assert [c.data["title"] for c in calls["notify.smtp"]] == titles
