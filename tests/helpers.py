"""Helpers for tests of a hall set up in Home Assistant."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.service_hall.coordinator import HallCoordinator
from custom_components.service_hall.runtime import HallRuntime
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from .conftest import act


def runtime_of(entry: MockConfigEntry) -> HallRuntime:
    """The running hall of an entry, with its features."""
    runtime: HallRuntime = entry.runtime_data
    return runtime


def coordinator_of(entry: MockConfigEntry) -> HallCoordinator:
    """The coordinator of an entry's running hall."""
    return runtime_of(entry).coordinator


def hall_fingerprint(entry: MockConfigEntry) -> tuple[Any, ...]:
    """Everything a refused command must leave as it was: state in memory and the journal on disk."""
    coordinator = coordinator_of(entry)
    state = coordinator.hall.state
    journal = coordinator.storage.journal_path
    return (
        repr(sorted(state.tickets.items())),
        repr(sorted(state.windows.items())),
        repr(sorted(state.appointments.items())),
        dict(state.counters),
        len(state.log),
        journal.read_text(encoding="utf-8") if journal.exists() else "",
    )


async def refused(
    hass: HomeAssistant, entry: MockConfigEntry, key: str, action: str, **data: Any
) -> ServiceValidationError:
    """Call an action that must be refused with a translated error and change nothing."""
    await hass.async_block_till_done()  # supervision journals its state changes in the background
    before = hall_fingerprint(entry)
    with pytest.raises(ServiceValidationError) as caught:
        await act(hass, action, **data)
    assert caught.value.translation_domain == "service_hall"
    assert caught.value.translation_key == key, caught.value
    after = hall_fingerprint(entry)
    assert after == before, [(a, b) for a, b in zip(after, before, strict=True) if a != b]
    return caught.value


async def open_hall(hass: HomeAssistant) -> None:
    """Open windows 1, 2 and 5 with their officers signed in."""
    for window, staff in ((1, "SP1001"), (2, "SP1002"), (5, "SP1004")):
        await act(hass, "open_window", window=window)
        await act(hass, "sign_in", window=window, staff=staff)


async def flush(hass: HomeAssistant) -> None:
    """Run the hall's delayed refreshes now (estimated waits of neighbours, the tick)."""
    async_fire_time_changed(hass, fire_all=True)
    await hass.async_block_till_done(wait_background_tasks=True)


async def pass_time(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Let time pass in steps of at most 10 s, firing only the timers due on the way.

    Unlike :func:`flush`, timers further ahead (an automation's wait) stay where they are.
    """
    while seconds > 0:
        step = min(seconds, 10)
        freezer.tick(timedelta(seconds=step))
        seconds -= step
        async_fire_time_changed(hass, dt_util.utcnow())
        await settle(hass)


def _is_script_run(task: asyncio.Future[Any]) -> bool:
    coro = task.get_coro() if isinstance(task, asyncio.Task) else None
    code = getattr(coro, "cr_code", None)
    return code is not None and (
        "/components/automation/" in code.co_filename or code.co_filename.endswith("/helpers/script.py")
    )


async def settle(hass: HomeAssistant) -> None:
    """Like ``async_block_till_done``, but not waiting for automation runs (scripts) that wait.

    An automation in a ``wait_for_trigger`` would hold ``async_block_till_done`` until its
    timeout, which never comes while the test's clock stands still.
    """
    current = asyncio.current_task()
    await asyncio.sleep(0)
    while pending := [
        task
        for task in hass._tasks | hass._background_tasks
        if task is not current and not task.done() and not _is_script_run(task)
    ]:
        await asyncio.wait(pending)
    for _ in range(50):  # let the automations' runs go as far as they can
        await asyncio.sleep(0)


# A day to restart from: test_init.py (restarts), test_migration.py and the version 1 fixture.


async def busy_morning(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """A morning with a ticket of every kind: done, serving, called, no-show, transferred, waiting."""
    await open_hall(hass)
    for service in ("household", "household", "tax", "business", "household", "social_insurance"):
        await act(hass, "issue_ticket", service=service)
        freezer.tick(timedelta(seconds=37))
    await act(hass, "call_next", window=1)  # A001
    await act(hass, "start", window=1)
    freezer.tick(timedelta(minutes=3, seconds=11))
    await act(hass, "call_next", window=1)  # finishes A001, calls A002
    await act(hass, "rate", ticket="A001", grade=4)
    await act(hass, "call_next", window=2)  # D001 (tax, weight 2)
    await act(hass, "mark_no_show", window=2)
    await act(hass, "call_next", window=5)  # D002 business
    await act(hass, "start", window=5)
    await act(hass, "transfer", window=5, target_service="tax")
    await act(hass, "pause_window", window=5, reason="系统故障")
    await act(hass, "book_appointment", service="tax", start="2026-11-24 10:00:00", reference="WX-1")


def plain(value: Any) -> Any:
    """Dataclasses and datetimes as plain, comparable values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def hall_view(entry: MockConfigEntry) -> dict[str, Any]:
    """Everything a restart must restore exactly."""
    hall = coordinator_of(entry).hall
    state = hall.state
    return {
        "tickets": plain(state.tickets),
        "windows": plain(state.windows),
        "waiting": {s: list(q) for s, q in state.waiting.items()},
        "counters": state.counters,
        "issued": state.issued,
        "appointments": plain(state.appointments),
        "figures": state.stats.summary(),
        "log": [e.to_dict() for e in state.log],
        "date": state.service_date,
    }


def same_day(after: dict[str, Any], before: dict[str, Any]) -> bool:
    """The restored day equals the saved one; the log may only have grown (supervision restarts)."""
    log_before, log_after = before["log"], after["log"]
    rest_before = {k: v for k, v in before.items() if k != "log"}
    rest_after = {k: v for k, v in after.items() if k != "log"}
    assert rest_after == rest_before
    assert log_after[: len(log_before)] == log_before
    assert all(e["kind"] == "staff_state" for e in log_after[len(log_before) :])
    return True
