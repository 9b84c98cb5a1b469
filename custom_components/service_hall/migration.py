"""Config entry migration: version 1 kept the layout as lists in the options, version 2 as subentries."""

from __future__ import annotations

import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from .const import CONF_SERVICES, CONF_STAFF, CONF_WINDOWS
from .hall import HallError
from .layout_entries import async_write_layout

_LOGGER = logging.getLogger(__name__)

LAYOUT_KEYS = (CONF_SERVICES, CONF_WINDOWS, CONF_STAFF)


async def async_migrate_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Each service, window and staff member of a version 1 hall becomes a subentry; the lists
    leave the options. A layout that does not parse is refused and left as it was (the entry
    stays unloaded, in migration error, until a release that reads it)."""
    if entry.version > 2:
        return False  # written by a newer release
    if entry.version == 1:
        layout = {key: entry.options.get(key) or [] for key in LAYOUT_KEYS}
        try:
            async_write_layout(hass, entry, layout)  # parsed first: an invalid one writes nothing
        except HallError as err:
            _LOGGER.error("Hall %s not migrated, its layout is invalid: %s", entry.title, err)
            return False
        options = {key: value for key, value in entry.options.items() if key not in LAYOUT_KEYS}
        hass.config_entries.async_update_entry(entry, options=options, version=2, minor_version=1)
        _LOGGER.info("Hall %s migrated: its layout is kept as subentries", entry.title)
    return True
