"""Helpers for tests of a hall set up in Home Assistant."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.service_hall.coordinator import HallCoordinator
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError

from .conftest import act


def coordinator_of(entry: MockConfigEntry) -> HallCoordinator:
    """The running hall of an entry."""
    coordinator: HallCoordinator = entry.runtime_data
    return coordinator


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
