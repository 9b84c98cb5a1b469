"""Subentry flows of a hall: add or change a service (事项), a window (窗口) or a staff member (工作人员).

Each change is checked by running the whole resulting layout through ``parse_layout``, with the
same translated refusals as the options steps they replace; a window's seat zone is asked of the
hall's Frigate. Saving a subentry reloads the hall (its update listener), which restores the day
from disk. Deleting one is Home Assistant's own: layout_entries.py undoes a deletion the running
hall refuses.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from homeassistant.config_entries import ConfigEntry, ConfigSubentry, ConfigSubentryFlow, SubentryFlowResult
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import CONF_FRIGATE_URL, CONF_SERVICES, DEFAULT_FRIGATE_PREFIX
from .flow_forms import (
    EXISTS,
    FIELD_SEAT_ZONE,
    PLACEHOLDER,
    PLACEHOLDERS,
    check_item,
    form_error,
    form_item,
    form_values,
    item_schema,
    known_zones,
    seat,
    service_options,
)
from .frigate_client import FrigateClient, FrigateError
from .hall import HallError
from .layout_entries import (
    KINDS,
    SERVICE,
    STAFF_MEMBER,
    WINDOW,
    async_update_item,
    hall_language,
    item_id,
    item_title,
    layout_of,
    unique_id,
)

_LOGGER = logging.getLogger(__name__)


class _LayoutItemFlow(ConfigSubentryFlow):
    """Add (user step) or change (reconfigure step) one item of the hall's layout; its id stays."""

    kind: ClassVar[str]

    def __init__(self) -> None:
        """No seat zone reported yet."""
        # The seat zone last reported as unknown to Frigate: submitted again, it is kept.
        self._zone_warned = ""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """A new item; a window only once there is a service for it to serve."""
        if self.kind == WINDOW and not layout_of(self._get_entry())[CONF_SERVICES]:
            return self.async_abort(reason="no_services")
        return await self._async_step("user", user_input, None)

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Change an item."""
        return await self._async_step("reconfigure", user_input, self._get_reconfigure_subentry())

    async def _async_step(
        self, step_id: str, user_input: dict[str, Any] | None, subentry: ConfigSubentry | None
    ) -> SubentryFlowResult:
        entry = self._get_entry()
        kind, language = self.kind, hall_language(entry)
        layout = layout_of(entry)
        items = layout[KINDS[kind][0]]
        saved = dict(subentry.data) if subentry is not None else None
        placeholders = PLACEHOLDERS[kind] | {"hall": entry.title}
        if saved is not None:
            placeholders[PLACEHOLDER[kind]] = item_id(kind, saved)
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                item = form_item(kind, user_input, saved)
                placeholders[PLACEHOLDER[kind]] = key = item_id(kind, item)
                if saved is not None:
                    items[next(i for i, old in enumerate(items) if item_id(kind, old) == key)] = item
                elif any(item_id(kind, old) == key for old in items):
                    raise HallError(EXISTS[kind])
                else:
                    items.append(item)
                stored = check_item(kind, item, layout)
            except HallError as err:
                errors = form_error(kind, err)
                placeholders |= err.placeholders
            else:
                if (zones := await self._unknown_seat_zone(entry, stored, saved)) is not None:
                    errors[FIELD_SEAT_ZONE] = "seat_zone_unknown"
                    placeholders["zones"] = zones
                elif subentry is None:
                    return self.async_create_entry(
                        title=item_title(kind, stored, language),
                        data=stored,
                        unique_id=unique_id(kind, stored),
                    )
                else:
                    async_update_item(self.hass, entry, kind, stored)
                    return self.async_abort(reason="reconfigure_successful")
        values = user_input if user_input is not None else saved and form_values(kind, saved)
        schema = item_schema(kind, new=saved is None, services=service_options(layout, language))
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, values),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _unknown_seat_zone(
        self, entry: ConfigEntry, item: dict[str, Any], saved: dict[str, Any] | None
    ) -> str | None:
        """Frigate's zones (for the message) when it does not know a window's new seat zone.

        Only the Frigate whose URL is in the options is asked, so only for windows on its topic
        prefix; an unreachable Frigate accepts any zone (a repair issue reports it later). The
        window's saved zone is not asked about again, and a zone reported once is kept when the
        form is submitted again with it.
        """
        if self.kind != WINDOW:
            return None
        zone, prefix = seat(item)
        url = str(entry.options.get(CONF_FRIGATE_URL) or "").strip()
        if (
            not url
            or not zone
            or prefix != DEFAULT_FRIGATE_PREFIX
            or (saved is not None and seat(saved) == (zone, prefix))
            or zone == self._zone_warned
        ):
            return None
        try:
            zones = await FrigateClient(async_get_clientsession(self.hass), url).zones()
        except FrigateError as err:
            _LOGGER.debug("Seat zone %s not checked: %s", zone, err)
            return None
        if zone in zones:
            return None
        self._zone_warned = zone
        return known_zones(zones)


class ServiceFlow(_LayoutItemFlow):
    """A service (事项): what citizens come for, with its ticket prefix."""

    kind = SERVICE


class WindowFlow(_LayoutItemFlow):
    """A window (窗口) serving one service or many (综合窗口)."""

    kind = WINDOW


class StaffMemberFlow(_LayoutItemFlow):
    """A staff member (工作人员) who signs in at windows."""

    kind = STAFF_MEMBER


SUBENTRY_FLOWS: dict[str, type[ConfigSubentryFlow]] = {
    SERVICE: ServiceFlow,
    WINDOW: WindowFlow,
    STAFF_MEMBER: StaffMemberFlow,
}
