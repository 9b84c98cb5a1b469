"""Privacy: a day of the hall leaves no citizen's ID or phone number where it can be read, and its data goes.

Booking systems hand the hall a reference for each appointment; a careless one may hand over the
citizen's phone or ID number. The test books with such references, plays a day (tickets, calls,
check-ins, ratings, pauses, absences and phone alerts, the day report) and then scans every
entity state and attribute, the events fired, the screens' live view, the action answers, the
diagnostics and every log line (the integration's at debug level, everyone's warnings) for them.
Then it advances the clock: the references go from the hall's store at the first rollover after
their day and from the day logs after the retention period.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_mqtt_message

from custom_components.service_hall.diagnostics import async_get_config_entry_diagnostics
from custom_components.service_hall.websocket import view_message
from homeassistant.const import EVENT_CALL_SERVICE, MATCH_ALL
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.json import JSONEncoder
from homeassistant.util import dt as dt_util

from .conftest import act
from .helpers import coordinator_of, flush, open_hall, runtime_of

ID_NUMBER = "110101199003071234"  # 18 digits: a resident ID number's shape
PHONE = "13812345678"  # a mainland mobile number's shape
NAME = "王小明"  # an appointment's contact name (not a staff member's)
PERSONAL = (ID_NUMBER, PHONE, "1381234", "19900307", NAME)  # and tell-tale parts of them
# Any ID or mobile number, whoever's: none belongs in what the hall shows or logs.
PATTERNS = (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"), re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"))


BUSINESS_ANSWERS = {"company_type": "llc", "foreign": "no", "premises": "rented", "agent": "yes"}


def _found(text: str) -> list[str]:
    hits = [p for p in PERSONAL if p in text]
    hits += [m.group(0) for pattern in PATTERNS for m in pattern.finditer(text)]
    return hits


def _text(value: Any) -> str:
    return json.dumps(value, cls=JSONEncoder, ensure_ascii=False, default=str)


async def _later(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    while seconds > 0:
        step = min(seconds, 10)
        freezer.tick(timedelta(seconds=step))
        seconds -= step
        await flush(hass)


async def _play_a_day(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> list[str]:
    """Appointments with personal references, a morning of tickets, supervision; the codes booked."""
    today = dt_util.now().replace(hour=10, minute=0, second=0, microsecond=0)
    codes = []
    for minutes, reference in ((0, PHONE), (30, ID_NUMBER), (60 * 24, f"{PHONE}-{ID_NUMBER}")):
        booked = await act(
            hass,
            "book_appointment",
            service="tax",
            start=(today + timedelta(minutes=minutes)).isoformat(),
            reference=reference,
            # The contact details go to their own store (contacts.py), nowhere else.
            name=NAME,
            phone=PHONE,
        )
        codes.append(booked["code"])
    # A citizen answers the business guide at the kiosk: answers and checklist are not personal.
    await act(hass, "get_checklist", service="business", answers=BUSINESS_ANSWERS)
    issued = await act(hass, "issue_ticket", service="business", source="kiosk", answers=BUSINESS_ANSWERS)
    await act(hass, "get_checklist", ticket=issued["ticket"])
    for round_ in range(12):
        for service in ("household", "tax", "business", "social_insurance"):
            with contextlib.suppress(ServiceValidationError):  # the sample hall's small daily caps
                await act(hass, "issue_ticket", service=service, source="kiosk")
        if round_ == 2:
            await _later(hass, freezer, 55 * 60)  # 09:55: the first appointment's check-in opens
            await act(hass, "check_in", code=codes[0])
        for window in (1, 2, 5):
            called = await act(hass, "call_next", window=window)
            if called["ticket"] is None:
                continue
            await act(hass, "start", window=window)
            await _later(hass, freezer, 60)
            await act(hass, "complete", window=window)
            await act(hass, "rate", ticket=called["ticket"], grade=1 + round_ % 5)
            await act(hass, "get_ticket", ticket=called["ticket"])
        if round_ == 5:
            await act(hass, "pause_window", window=2, reason="午休")
            # An officer leaves the seat and another takes a call, long enough for alerts.
            async_fire_mqtt_message(hass, "frigate/window_01_seat/person", "0")
            async_fire_mqtt_message(hass, "frigate/window_05_seat/cell phone", "1")
            await _later(hass, freezer, 400)
            async_fire_mqtt_message(hass, "frigate/window_01_seat/person", "1")
            async_fire_mqtt_message(hass, "frigate/window_05_seat/cell phone", "0")
            await act(hass, "resume_window", window=2)
    await act(hass, "get_queue_status")
    await act(hass, "get_daily_report")
    return codes


async def test_a_day_leaves_no_personal_number_anywhere(
    hass: HomeAssistant,
    mqtt_hall: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.service_hall")
    caplog.set_level(logging.WARNING)
    events: list[Event] = []

    @callback
    def record(event: Event) -> None:
        # Action calls carry what the caller sent (the reference, by design): Home Assistant's own.
        if event.event_type != EVENT_CALL_SERVICE:
            events.append(event)

    hass.bus.async_listen(MATCH_ALL, record)
    await _play_a_day(hass, hall_time)
    coordinator = coordinator_of(mqtt_hall)
    assert (
        coordinator.hall.state.stats.issued >= 20 and coordinator.hall.state.stats.summary()["served"] >= 15
    )
    assert any(e.event_type == "service_hall_staff_alert" for e in events)  # the day had alerts
    places: dict[str, str] = {
        "states": _text([s.as_dict() for s in hass.states.async_all()]),
        "events": _text([{"type": e.event_type, "data": e.data} for e in events]),
        "live view": _text(view_message(runtime_of(mqtt_hall), dt_util.now())),
        "queue status": _text(await act(hass, "get_queue_status")),
        "day report": _text(await act(hass, "get_daily_report")),
        "diagnostics": _text(await async_get_config_entry_diagnostics(hass, mqtt_hall)),
        "log": "\n".join(r.getMessage() for r in caplog.records),
    }
    assert sum(len(text) for text in places.values()) > 50_000  # a real day was scanned
    assert {place: _found(text) for place, text in places.items() if _found(text)} == {}
    # The hall does keep the references (the booking systems need them back): only in its store.
    assert coordinator.hall.state.appointments[next(iter(coordinator.hall.state.appointments))].reference
    # And the contact details, only in theirs, for an administrator.
    contact = await act(hass, "get_appointment_contact", code=next(iter(coordinator.hall.state.appointments)))
    assert (contact["name"], contact["phone"]) == (NAME, PHONE)
    journal = coordinator.storage.journal_path.read_text(encoding="utf-8")
    assert NAME not in journal and '"phone"' not in journal and '"name"' not in journal


async def test_personal_data_goes_after_its_day_and_the_retention_period(
    hass: HomeAssistant,
    mqtt_hall: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    hass.config_entries.async_update_entry(
        mqtt_hall, options={**mqtt_hall.options, "record_days": 3, "contact_days": 2}
    )
    await hass.async_block_till_done()  # reloads the hall
    await open_hall(hass)
    codes = await _play_a_day(hass, hall_time)
    storage = Path(hass.config.path(".storage"))

    def stored() -> str:
        return "\n".join(p.read_text(encoding="utf-8") for p in storage.rglob("*") if p.is_file())

    assert PHONE in stored()  # kept while it is needed
    key = f"service_hall.{mqtt_hall.entry_id}.contacts"  # Home Assistant's store (in memory in tests)

    def contacts() -> str:
        return _text(hass_storage[key]["data"])

    assert NAME in contacts()
    # Each night at 03:00 the hall rolls over; tomorrow's appointment is kept until its own day ends.
    first = dt_util.now().replace(hour=3, minute=0, second=5) + timedelta(days=1)
    for day in range(8):  # the 24th to 1 December
        hall_time.move_to(first + timedelta(days=day))
        await flush(hass)
        appointments = coordinator_of(mqtt_hall).hall.state.appointments
        if day == 0:
            assert set(appointments) == {codes[2]}  # today's are gone from the day, tomorrow's stays
        else:
            assert appointments == {}
        # Contacts stay two days after their appointment's day: the 23rd's until the 26th's rollover.
        kept = contacts().count(NAME)
        assert kept == {0: 3, 1: 3, 2: 1, 3: 0}.get(day, 0), (day, kept)
    await hass.async_block_till_done()
    # Three days kept on 1 December: the logs of the 23rd and 24th (which held the references) are gone.
    left = stored()
    assert [found for found in PERSONAL if found in left] == []
    log_dir = coordinator_of(mqtt_hall).storage.log_dir
    assert sorted(p.name for p in log_dir.glob("2026-*.jsonl")) == [
        "2026-11-28.jsonl",
        "2026-11-29.jsonl",
        "2026-11-30.jsonl",
    ]
