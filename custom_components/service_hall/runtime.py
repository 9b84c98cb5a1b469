"""A running hall as Home Assistant holds it (``entry.runtime_data``), built whole.

``__init__.py`` builds the coordinator, restores the day and starts every feature, and only
then assigns a :class:`HallRuntime`: the platforms, the actions, the views and diagnostics
never meet a hall half set up, so none of them checks whether a feature is there yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant

from .advisor import StaffingAdvisor
from .const import DOMAIN
from .coordinator import HallCoordinator
from .frigate_client import FrigateClient
from .hall import Hall, HallError
from .materials import HallMaterials
from .supervision import StaffSupervisor
from .units import WindowUnits

type ServiceHallConfigEntry = ConfigEntry[HallRuntime]


@dataclass(frozen=True, slots=True, kw_only=True)
class HallRuntime:
    """One running hall: its coordinator and every feature, each already started."""

    coordinator: HallCoordinator  # the hall, its storage and contacts; runs the commands
    supervisor: StaffSupervisor
    advisor: StaffingAdvisor
    units: WindowUnits
    materials: HallMaterials  # the guides, read again by the reload_materials action
    hall_device_id: str  # the hall's device in the registry: windows and staff name it as parent
    frigate: FrigateClient | None  # None: the hall has no Frigate URL (configuration)
    # The entry's data and options it was built from (less what needs no reload).
    loaded_with: tuple[dict[str, Any], dict[str, Any]]

    @property
    def hall(self) -> Hall:
        """The hall's logic (the config flow reads the running hall through it)."""
        return self.coordinator.hall


def find_hall(hass: HomeAssistant, entry_id: str | None, *, only: bool = False) -> HallRuntime:
    """The running hall of a config entry id; with None the first running hall, or with ``only``
    the one running hall (several running: ``hall_required``, the caller must name one).

    Raises ``HallError``: ``unknown_hall`` for an unknown id or another integration's entry,
    ``hall_not_loaded`` for a hall that is not running (reloading, failed) or when none is.
    """
    if entry_id is None:
        loaded = hass.config_entries.async_loaded_entries(DOMAIN)
        if not loaded or (only and len(loaded) > 1):
            # Not loaded (or reloading): name the hall that exists, if one does.
            titles = ", ".join(e.title for e in hass.config_entries.async_entries(DOMAIN))
            raise HallError("hall_required" if loaded else "hall_not_loaded", hall=titles)
        first: HallRuntime = loaded[0].runtime_data
        return first
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise HallError("unknown_hall", hall=entry_id)
    if entry.state is not ConfigEntryState.LOADED:
        raise HallError("hall_not_loaded", hall=entry.title)
    runtime: HallRuntime = entry.runtime_data
    return runtime


def loaded_hall(hass: HomeAssistant, entry_id: str | None) -> HallRuntime | None:
    """:func:`find_hall` (the first running hall when None), or None where it refuses: the web
    views and the screens' feed answer "not found" instead."""
    try:
        return find_hall(hass, entry_id)
    except HallError:
        return None
