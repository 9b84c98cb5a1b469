"""Config flow of Service Hall: the hall itself (user, reconfigure) and its tuning (options).

Entry data hold the hall (name, language, opening hours, rollover); entry options hold its tuning
and its staff supervision settings (with Frigate's address, checked when given); its services,
windows and staff are subentries (subentry_flows.py, layout_entries.py). A layout file (at
creation, or imported in the options) is checked whole by ``parse_layout`` and against the running
hall's open tickets. An options change reloads the entry (see ``__init__``), which restores the
day from disk.

A window unit (ESPHome, project ``servicehall.window_unit``) announces itself over zeroconf; its
discovery assigns it to a window of a hall (the window subentry's ``unit``), replacing the unit
that window had. No config entry is made for a unit.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

import voluptuous as vol

from homeassistant.config_entries import (
    SOURCE_IGNORE,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.const import CONF_NAME
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    TextSelector,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.util import slugify

from .const import (
    CONF_FRIGATE_URL,
    CONF_LANGUAGE,
    CONF_LAYOUT_FILE,
    CONF_RECORD_DAYS,
    CONF_SERVICES,
    CONF_STAFF,
    CONF_WINDOW_TABLETS,
    CONF_WINDOWS,
    DOMAIN,
)
from .flow_forms import (
    FIELD_UNIT,
    PICK_HALL,
    PICK_USER,
    PICK_WINDOW,
    check_item,
    hall_data,
    hall_errors,
    hall_picker,
    hall_schema,
    is_http_url,
    supervision_schema,
    supervision_values,
    tablets_schema,
    tuning_options,
    tuning_schema,
    tuning_values,
    window_picker,
)
from .frigate_client import FrigateClient, FrigateError
from .hall import HallError
from .layout_entries import (
    WINDOW,
    Layout,
    async_import_layout,
    async_retitle,
    async_update_item,
    layout_of,
    subentries_of,
)
from .public_status import PublicStatusView
from .queue_page import QueuePageView
from .services import async_read_layout
from .settings import SUPERVISION_DEFAULTS, TUNING_DEFAULTS
from .subentry_flows import SUBENTRY_FLOWS

_LOGGER = logging.getLogger(__name__)

# An ESPHome node name, as the layout accepts it for a window's unit
_NODE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class ServiceHallConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create a hall, or change its name, language and hours; assign a discovered window unit."""

    # 2: services, windows and staff are subentries, no longer lists in the options (migration.py).
    VERSION = 2
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Nothing discovered yet."""
        self._unit = ""  # the discovered unit's node name
        self._hall_entry: ConfigEntry | None = None

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> ServiceHallOptionsFlow:
        """The hall's tuning and supervision, window tablets, a layout file."""
        return ServiceHallOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Services, windows and staff members."""
        return SUBENTRY_FLOWS

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """A new hall, optionally with its layout read from a YAML file."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            errors = hall_errors(user_input)
            layout: Layout = {}
            if not errors:
                await self.async_set_unique_id(slugify(user_input[CONF_NAME].strip()))
                self._abort_if_unique_id_configured()
                if path := (user_input.get(CONF_LAYOUT_FILE) or "").strip():
                    try:
                        layout = await async_read_layout(self.hass, path)
                    except HallError as err:
                        errors[CONF_LAYOUT_FILE] = err.key
                        placeholders = dict(err.placeholders)
            if not errors:
                data = hall_data(user_input)
                return self.async_create_entry(
                    title=data[CONF_NAME],
                    data=data,
                    options=copy.deepcopy(TUNING_DEFAULTS),
                    subentries=subentries_of(layout, data["language"]),
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(hall_schema(layout_file=True), user_input),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Change the hall's name, language, hours or rollover; the layout is kept."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = hall_errors(user_input)
            data = hall_data(user_input)
            unique_id = slugify(data[CONF_NAME])
            if not errors and any(
                other.unique_id == unique_id and other.entry_id != entry.entry_id
                for other in self._async_current_entries(include_ignore=True)
            ):
                errors[CONF_NAME] = "name_exists"
            if not errors:
                # Subentry titles name the items in the hall's language; then the hall's own change.
                async_retitle(self.hass, entry, data[CONF_LANGUAGE])
                self.hass.config_entries.async_update_entry(
                    entry, unique_id=unique_id, title=data[CONF_NAME], data={**entry.data, **data}
                )
                # A running hall is reloaded by its update listener (Home Assistant 2026.10
                # reports async_update_reload_and_abort on an entry that has one); one whose
                # setup failed is tried again with the new settings.
                if entry.state is not ConfigEntryState.LOADED:
                    self.hass.config_entries.async_schedule_reload(entry.entry_id)
                return self.async_abort(reason="reconfigure_successful")
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                hall_schema(layout_file=False), user_input or dict(entry.data)
            ),
            errors=errors,
            description_placeholders={"hall": entry.title},
        )

    # A window unit discovered over zeroconf

    def _halls(self) -> list[ConfigEntry]:
        """The halls a unit can be assigned to (ignored discoveries are no halls)."""
        return [
            entry
            for entry in self._async_current_entries(include_ignore=False)
            if entry.source != SOURCE_IGNORE and entry.disabled_by is None
        ]

    def _assigned(self) -> ConfigFlowResult | None:
        """The abort when the unit already drives a window of some hall."""
        for entry in self._halls():
            for window in layout_of(entry)[CONF_WINDOWS]:
                if window.get(FIELD_UNIT) == self._unit:
                    return self.async_abort(
                        reason="unit_already_assigned",
                        description_placeholders={
                            "unit": self._unit,
                            "window": str(window["number"]),
                            "hall": entry.title,
                        },
                    )
        return None

    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """A window unit announced itself (``_esphomelib._tcp``, project ``servicehall.*``)."""
        node = discovery_info.hostname.partition(".")[0].lower()
        if not _NODE_NAME.match(node):
            return self.async_abort(reason="unit_name_invalid", description_placeholders={"unit": node})
        mac = str(discovery_info.properties.get("mac") or "").lower().replace(":", "")
        await self.async_set_unique_id(f"unit_{mac or node}")
        self._abort_if_unique_id_configured()
        self._unit = node
        if not self._halls():
            return self.async_abort(reason="no_hall")
        if (assigned := self._assigned()) is not None:
            return assigned
        friendly_name = str(discovery_info.properties.get("friendly_name") or "").strip()
        self.context["title_placeholders"] = {"name": f"{friendly_name} ({node})" if friendly_name else node}
        return await self.async_step_pick_hall()

    async def async_step_pick_hall(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """The hall of the unit, asked only when there are several with windows."""
        halls = {entry.entry_id: entry for entry in self._halls() if layout_of(entry)[CONF_WINDOWS]}
        if not halls:
            return self.async_abort(reason="no_window", description_placeholders={"unit": self._unit})
        if len(halls) == 1:
            self._hall_entry = next(iter(halls.values()))
            return await self.async_step_assign_unit()
        if user_input is not None and user_input[PICK_HALL] in halls:
            self._hall_entry = halls[user_input[PICK_HALL]]
            return await self.async_step_assign_unit()
        return self.async_show_form(
            step_id="pick_hall",
            data_schema=hall_picker({entry_id: entry.title for entry_id, entry in halls.items()}),
            errors={},
            description_placeholders={"unit": self._unit},
        )

    async def async_step_assign_unit(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """The window the unit drives; the window's previous unit (a renamed one) is replaced."""
        entry = self._hall_entry
        assert entry is not None
        layout = layout_of(entry)
        errors: dict[str, str] = {}
        placeholders = {"unit": self._unit, "hall": entry.title, "where": "", "problem": ""}
        if user_input is not None:
            if (assigned := self._assigned()) is not None:  # assigned meanwhile, by hand
                return assigned
            number = int(user_input[PICK_WINDOW])
            item = next(w for w in layout[CONF_WINDOWS] if w["number"] == number)
            item[FIELD_UNIT] = self._unit
            try:
                stored = check_item(WINDOW, item, layout)
            except HallError as err:
                errors["base"] = err.key
                placeholders |= err.placeholders
            else:
                async_update_item(self.hass, entry, WINDOW, stored)
                return self.async_abort(
                    reason="unit_assigned",
                    description_placeholders={"unit": self._unit, "window": str(number), "hall": entry.title},
                )
        return self.async_show_form(
            step_id="assign_unit",
            data_schema=self.add_suggested_values_to_schema(window_picker(layout), user_input),
            errors=errors,
            description_placeholders=placeholders,
        )


class ServiceHallOptionsFlow(OptionsFlow):
    """Tune the hall, its staff supervision and window tablets; replace its layout by a file."""

    def _save(self, updates: dict[str, Any]) -> ConfigFlowResult:
        """New options (the entry reloads, unless only tablets changed)."""
        return self.async_create_entry(data={**self.config_entry.options, **updates})

    def _form(
        self,
        step_id: str,
        schema: vol.Schema,
        values: dict[str, Any] | None,
        errors: dict[str, str] | None = None,
        placeholders: dict[str, str] | None = None,
    ) -> ConfigFlowResult:
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, values),
            errors=errors or {},
            description_placeholders=placeholders or {},
        )

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """What to change; window tablets once there are windows."""
        layout = layout_of(self.config_entry)
        menu = ["tuning", "supervision", "window_tablets", "import_layout"]
        return self.async_show_menu(
            step_id="init",
            menu_options=[step for step in menu if step != "window_tablets" or layout[CONF_WINDOWS]],
            description_placeholders={
                key: str(len(layout[key])) for key in (CONF_SERVICES, CONF_WINDOWS, CONF_STAFF)
            },
        )

    async def async_step_tuning(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Recalls, no-show timeout, maximum wait, appointment check-in and dispatch order."""
        if user_input is not None:
            return self._save(tuning_options(user_input))
        # The hall's own public addresses, as its public_status description names them.
        entry_id = self.config_entry.entry_id
        addresses = {
            "queue_page": QueuePageView.url.format(entry_id=entry_id),
            "status_api": PublicStatusView.url.format(entry_id=entry_id),
        }
        return self._form(
            "tuning", tuning_schema(), tuning_values(self.config_entry.options), placeholders=addresses
        )

    async def async_step_supervision(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Staff supervision: debounce and alert times, record retention and the Frigate server."""
        errors: dict[str, str] = {}
        if user_input is not None:
            url = str(user_input.get(CONF_FRIGATE_URL) or "").strip()
            if url and not is_http_url(url):
                errors[CONF_FRIGATE_URL] = "frigate_url_invalid"
            elif url:
                try:
                    version = await FrigateClient(async_get_clientsession(self.hass), url).version()
                except FrigateError as err:
                    _LOGGER.debug("Frigate not reachable: %s", err)  # the URL may hold a password
                    errors[CONF_FRIGATE_URL] = "frigate_unreachable"
                else:
                    _LOGGER.debug("Frigate %s answers", version)
            if not errors:
                return self._save(
                    {
                        **{key: float(user_input[key]) for key in SUPERVISION_DEFAULTS},
                        CONF_RECORD_DAYS: int(user_input[CONF_RECORD_DAYS]),
                        CONF_FRIGATE_URL: url,
                    }
                )
        values = user_input or supervision_values(self.config_entry.options)
        return self._form("supervision", supervision_schema(), values, errors)

    async def async_step_window_tablets(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Bind a tablet's user to one window (it then acts for that window only), or unbind it."""
        layout = layout_of(self.config_entry)
        # Active, ordinary users: an administrator is never bound (nor Home Assistant's own users).
        users = {
            user.id: user.name or user.id
            for user in await self.hass.auth.async_get_users()
            if user.is_active and not user.system_generated and not user.is_admin
        }
        # Users since removed or made administrators drop out of the bindings.
        bound: dict[str, int] = {
            user_id: window
            for user_id, window in self.config_entry.options.get(CONF_WINDOW_TABLETS, {}).items()
            if user_id in users
        }
        errors: dict[str, str] = {}
        picked_window = str((user_input or {}).get(PICK_WINDOW, "")).strip()
        if user_input is not None:
            numbers = {str(w["number"]): w["number"] for w in layout[CONF_WINDOWS]}
            if user_input[PICK_USER] not in users:
                errors[PICK_USER] = "tablet_user_unknown"
            elif picked_window and picked_window not in numbers:
                errors[PICK_WINDOW] = "unknown_window"
            else:
                bound.pop(user_input[PICK_USER], None)
                if picked_window:
                    bound[user_input[PICK_USER]] = numbers[picked_window]
                return self._save({CONF_WINDOW_TABLETS: bound})
        schema = tablets_schema(users, layout)
        tablets = ", ".join(f"{users[u]} → {w}" for u, w in sorted(bound.items(), key=lambda b: b[1]))
        return self._form(
            "window_tablets", schema, user_input, errors, {"tablets": tablets or "—", "window": picked_window}
        )

    async def async_step_import_layout(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Replace services, windows and staff with a layout file (for large halls); the options stay."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            try:
                layout = await async_read_layout(self.hass, user_input[CONF_LAYOUT_FILE].strip())
                async_import_layout(self.hass, self.config_entry, layout)
            except HallError as err:
                errors[CONF_LAYOUT_FILE] = err.key
                placeholders = dict(err.placeholders)
            else:
                return self._save({})
        schema = vol.Schema({vol.Required(CONF_LAYOUT_FILE): TextSelector()})
        return self._form("import_layout", schema, user_input, errors, placeholders)
