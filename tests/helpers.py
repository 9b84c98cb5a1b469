"""Helpers for tests of a hall set up in Home Assistant."""

from __future__ import annotations

import asyncio
from datetime import timedelta
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
