"""Config flow of Service Hall: the hall itself (user, reconfigure), its layout and tuning (options).

Entry data hold the hall (name, language, opening hours, rollover); entry options hold its tuning,
its staff supervision settings (with Frigate's address, checked when given) and its layout
(services, windows, staff) in the plain form ``parse_layout`` reads. Every edit
of the layout is checked by running the whole resulting layout through ``parse_layout``; an
options change reloads the entry (see ``__init__``), which restores the day from disk.

A window unit (ESPHome, project ``servicehall.window_unit``) announces itself over zeroconf; its
discovery assigns it to a window of a hall (the window's ``unit`` in the layout), replacing the unit
that window had. No config entry is made for a unit.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import voluptuous as vol

from homeassistant.config_entries import (
    SOURCE_IGNORE,
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_NAME, UnitOfTime
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
    TimeSelector,
)
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
from homeassistant.util import slugify

from .const import (
    CONF_ABSENCE_CONFIRM,
    CONF_ALERT_COOLDOWN,
    CONF_APPOINTMENT_EARLY,
    CONF_APPOINTMENT_LATE,
    CONF_AWAY_ALERT,
    CONF_CLOSE_TIME,
    CONF_CONTACT_DAYS,
    CONF_DISPATCH_ORDER,
    CONF_FRIGATE_URL,
    CONF_LANGUAGE,
    CONF_LAYOUT_FILE,
    CONF_MAX_WAIT,
    CONF_NO_SHOW_TIMEOUT,
    CONF_OPEN_DAYS,
    CONF_OPEN_TIME,
    CONF_PHONE_ALERT,
    CONF_PHONE_CONFIRM,
    CONF_PUBLIC_STATUS,
    CONF_RATING_WINDOW,
    CONF_RECALL_LIMIT,
    CONF_RECORD_DAYS,
    CONF_ROLLOVER_TIME,
    CONF_SERVICES,
    CONF_STAFF,
    CONF_UNIT_OFFLINE_AFTER,
    CONF_WINDOW_TABLETS,
    CONF_WINDOWS,
    DEFAULT_CLOSE_TIME,
    DEFAULT_CONTACT_DAYS,
    DEFAULT_FRIGATE_PREFIX,
    DEFAULT_LANGUAGE,
    DEFAULT_OPEN_DAYS,
    DEFAULT_OPEN_TIME,
    DEFAULT_RATING_WINDOW,
    DEFAULT_RECORD_DAYS,
    DEFAULT_ROLLOVER_TIME,
    DEFAULT_UNIT_OFFLINE_AFTER,
    DOMAIN,
    WEEKDAYS,
)
from .frigate_client import FrigateClient, FrigateError
from .hall import DispatchClass, Hall, HallError, Service, parse_layout
from .hall.layout import parse_service, parse_staff, parse_window
from .public_status import PublicStatusView
from .queue_page import QueuePageView
from .services import async_read_layout
from .settings import SUPERVISION_DEFAULTS, TUNING_DEFAULTS, dispatch_order, parse_time

_LOGGER = logging.getLogger(__name__)

type Layout = dict[str, list[dict[str, Any]]]

# Fields of the layout forms (the keys of the plain layout, see HallLayout.to_dict)
FIELD_ID = "id"
FIELD_PREFIX = "prefix"
FIELD_NAME_ZH = "name_zh"
FIELD_NAME_EN = "name_en"
FIELD_TARGET_WAIT = "target_wait"
FIELD_DAILY_CAP = "daily_cap"
FIELD_HANDLING_TIME = "handling_time"
# A service's own appointment check-in window (minutes); left empty, the hall's (tuning) applies.
FIELD_APPOINTMENT_FIELDS = ("appointment_early", "appointment_late")
FIELD_NUMBER = "number"
FIELD_WEIGHTS = "weights"
FIELD_SEAT_ZONE = "seat_zone"
FIELD_CAMERA = "camera"
FIELD_FRIGATE = "frigate"
FIELD_PRESENCE_ENTITY = "presence_entity"
FIELD_PHONE_ENTITY = "phone_entity"
FIELD_UNIT = "unit"
FIELD_STAFF_NUMBER = "staff_number"
FIELD_DEPARTMENT = "department"
FIELD_PHOTO = "photo"
# Fields of the pickers (edit and remove steps)
PICK_SERVICE = "service"
PICK_WINDOW = "window"
PICK_STAFF = "staff"
PICK_HALL = "hall"
PICK_USER = "user"

DEFAULT_TARGET_WAIT = 10
DEFAULT_HANDLING_TIME = 5

# "tax=2, business=1"; Chinese input methods give ，：＝ and ；
_WEIGHT_SEPARATORS = re.compile(r"[,，;；\n]")
_WEIGHT = re.compile(r"^([a-z0-9_]+)\s*[=:：＝]\s*(\d+(?:\.\d+)?|\.\d+)$")
# An ESPHome node name, as the layout accepts it for a window's unit
_NODE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")

MENU = (
    "tuning",
    "supervision",
    "add_service",
    "edit_service",
    "remove_service",
    "add_window",
    "edit_window",
    "remove_window",
    "add_staff",
    "edit_staff",
    "remove_staff",
    "window_tablets",
    "import_layout",
)


def _minutes(maximum: float, *, minimum: float = 0, step: float = 1) -> NumberSelector:
    return NumberSelector(
        NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=step,
            unit_of_measurement=UnitOfTime.MINUTES,
            mode=NumberSelectorMode.BOX,
        )
    )


def _seconds(minimum: int, maximum: int) -> NumberSelector:
    return NumberSelector(
        NumberSelectorConfig(
            min=minimum,
            max=maximum,
            step=1,
            unit_of_measurement=UnitOfTime.SECONDS,
            mode=NumberSelectorMode.BOX,
        )
    )


def _count(minimum: int, maximum: int) -> NumberSelector:
    return NumberSelector(NumberSelectorConfig(min=minimum, max=maximum, step=1, mode=NumberSelectorMode.BOX))


def _picker(options: list[SelectOptionDict]) -> SelectSelector:
    """One item out of possibly hundreds: a combo box that filters as one types."""
    return SelectSelector(
        SelectSelectorConfig(options=options, custom_value=True, mode=SelectSelectorMode.DROPDOWN)
    )


# The hall (user and reconfigure steps)


# Each language by its own name, as language pickers show them, and not translated: a translated
# option's key is its value, and hassfest refuses "zh-Hans" (uppercase) as a key while the value
# stays "zh-Hans", the tag the halls' entries already store and the hall's code reads.
LANGUAGE_OPTIONS = [
    SelectOptionDict(value="zh-Hans", label="简体中文"),
    SelectOptionDict(value="en", label="English"),
]


def _hall_schema(*, layout_file: bool) -> vol.Schema:
    schema: dict[vol.Marker, Any] = {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Required(CONF_LANGUAGE, default=DEFAULT_LANGUAGE): SelectSelector(
            SelectSelectorConfig(options=LANGUAGE_OPTIONS, mode=SelectSelectorMode.DROPDOWN)
        ),
        vol.Required(CONF_OPEN_TIME, default=DEFAULT_OPEN_TIME): TimeSelector(),
        vol.Required(CONF_CLOSE_TIME, default=DEFAULT_CLOSE_TIME): TimeSelector(),
        vol.Required(CONF_OPEN_DAYS, default=list(DEFAULT_OPEN_DAYS)): SelectSelector(
            SelectSelectorConfig(
                options=list(WEEKDAYS), multiple=True, translation_key="weekday", mode=SelectSelectorMode.LIST
            )
        ),
        vol.Required(CONF_ROLLOVER_TIME, default=DEFAULT_ROLLOVER_TIME): TimeSelector(),
    }
    if layout_file:
        schema[vol.Optional(CONF_LAYOUT_FILE)] = TextSelector()
    return vol.Schema(schema)


def _hall_errors(user_input: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not user_input[CONF_NAME].strip():
        errors[CONF_NAME] = "name_required"
    if parse_time(user_input[CONF_OPEN_TIME]) == parse_time(user_input[CONF_CLOSE_TIME]):
        errors[CONF_CLOSE_TIME] = "same_open_close"
    if not user_input[CONF_OPEN_DAYS]:
        errors[CONF_OPEN_DAYS] = "no_open_days"
    return errors


def _hall_data(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Entry data: times as HH:MM:SS, days in week order."""
    return {
        CONF_NAME: user_input[CONF_NAME].strip(),
        CONF_LANGUAGE: user_input[CONF_LANGUAGE],
        CONF_OPEN_TIME: parse_time(user_input[CONF_OPEN_TIME]).isoformat(),
        CONF_CLOSE_TIME: parse_time(user_input[CONF_CLOSE_TIME]).isoformat(),
        CONF_OPEN_DAYS: [day for day in WEEKDAYS if day in user_input[CONF_OPEN_DAYS]],
        CONF_ROLLOVER_TIME: parse_time(user_input[CONF_ROLLOVER_TIME]).isoformat(),
    }


def _entry_layout(entry: ConfigEntry) -> Layout:
    """A copy of the layout in an entry's options, to change and validate."""
    options = entry.options
    return copy.deepcopy(
        {key: list(options.get(key) or []) for key in (CONF_SERVICES, CONF_WINDOWS, CONF_STAFF)}
    )


def _window_label(window: Mapping[str, Any]) -> str:
    """ "5 — 综合窗口 (window-unit-03)": number, name and unit when it has them."""
    label = f"{window['number']} — {window['name']}" if window["name"] else str(window["number"])
    return f"{label} ({window[FIELD_UNIT]})" if window.get(FIELD_UNIT) else label


def _window_options(layout: Layout) -> list[SelectOptionDict]:
    return [
        SelectOptionDict(value=str(w["number"]), label=_window_label(w))
        for w in sorted(layout[CONF_WINDOWS], key=lambda w: w["number"])
    ]


def _unit_taken(layout: Layout, item: Mapping[str, Any]) -> None:
    """Raises ``HallError('unit_in_use')`` when another window has the item's unit."""
    unit = item.get(FIELD_UNIT)
    for window in layout[CONF_WINDOWS]:
        if unit and window is not item and window.get(FIELD_UNIT) == unit:
            raise HallError("unit_in_use", unit=unit, window=window["number"])


class ServiceHallConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create a hall, or change its name, language and hours; assign a discovered window unit."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Nothing discovered yet."""
        self._unit = ""  # the discovered unit's node name
        self._hall_entry: ConfigEntry | None = None

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> ServiceHallOptionsFlow:
        """The hall's layout and tuning."""
        return ServiceHallOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """A new hall, optionally with its layout read from a YAML file."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            errors = _hall_errors(user_input)
            layout: Layout = {CONF_SERVICES: [], CONF_WINDOWS: [], CONF_STAFF: []}
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
                data = _hall_data(user_input)
                return self.async_create_entry(
                    title=data[CONF_NAME], data=data, options={**copy.deepcopy(TUNING_DEFAULTS), **layout}
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(_hall_schema(layout_file=True), user_input),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Change the hall's name, language, hours or rollover; the layout is kept."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            errors = _hall_errors(user_input)
            data = _hall_data(user_input)
            unique_id = slugify(data[CONF_NAME])
            if not errors and any(
                other.unique_id == unique_id and other.entry_id != entry.entry_id
                for other in self._async_current_entries(include_ignore=True)
            ):
                errors[CONF_NAME] = "name_exists"
            if not errors:
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
                _hall_schema(layout_file=False), user_input or dict(entry.data)
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
            for window in _entry_layout(entry)[CONF_WINDOWS]:
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
        halls = {entry.entry_id: entry for entry in self._halls() if _entry_layout(entry)[CONF_WINDOWS]}
        if not halls:
            return self.async_abort(reason="no_window", description_placeholders={"unit": self._unit})
        if len(halls) == 1:
            self._hall_entry = next(iter(halls.values()))
            return await self.async_step_assign_unit()
        if user_input is not None and user_input[PICK_HALL] in halls:
            self._hall_entry = halls[user_input[PICK_HALL]]
            return await self.async_step_assign_unit()
        options = [
            SelectOptionDict(value=entry.entry_id, label=entry.title)
            for entry in sorted(halls.values(), key=lambda entry: entry.title)
        ]
        return self.async_show_form(
            step_id="pick_hall",
            data_schema=vol.Schema(
                {vol.Required(PICK_HALL): SelectSelector(SelectSelectorConfig(options=options))}
            ),
            errors={},
            description_placeholders={"unit": self._unit},
        )

    async def async_step_assign_unit(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """The window the unit drives; the window's previous unit (a renamed one) is replaced."""
        entry = self._hall_entry
        assert entry is not None
        layout = _entry_layout(entry)
        errors: dict[str, str] = {}
        placeholders = {"unit": self._unit, "hall": entry.title, "where": "", "problem": ""}
        if user_input is not None:
            if (assigned := self._assigned()) is not None:  # assigned meanwhile, by hand
                return assigned
            number = int(user_input[PICK_WINDOW])
            item = next(w for w in layout[CONF_WINDOWS] if w["number"] == number)
            item[FIELD_UNIT] = self._unit
            try:
                validated = _validated(layout, lambda: parse_window(item, _services(layout)))
            except HallError as err:
                errors["base"] = err.key
                placeholders |= err.placeholders
            else:
                self.hass.config_entries.async_update_entry(entry, options={**entry.options, **validated})
                return self.async_abort(
                    reason="unit_assigned",
                    description_placeholders={"unit": self._unit, "window": str(number), "hall": entry.title},
                )
        return self.async_show_form(
            step_id="assign_unit",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(PICK_WINDOW): SelectSelector(
                            SelectSelectorConfig(
                                options=_window_options(layout), mode=SelectSelectorMode.DROPDOWN
                            )
                        )
                    }
                ),
                user_input,
            ),
            errors=errors,
            description_placeholders=placeholders,
        )


# The layout (options flow)


def _parse_weights(text: str, served: list[str]) -> dict[str, float]:
    """Weights of the services a window serves: "tax=2, business=1"; the others weigh 1."""
    weights: dict[str, float] = {}
    for part in _WEIGHT_SEPARATORS.split(text):
        if not (part := part.strip()):
            continue
        match = _WEIGHT.match(part.lower())
        if match is None or float(match[2]) <= 0 or match[1] not in served:
            raise HallError("weights_invalid", entry=part)
        weights[match[1]] = float(match[2])
    return {service: weights.get(service, 1.0) for service in served}


def _weights_text(services: Mapping[str, float]) -> str:
    return ", ".join(f"{service}={weight:g}" for service, weight in services.items() if weight != 1)


def _form_error(err: HallError, fields: Mapping[str, str]) -> dict[str, str]:
    """The error on the field it is about (``where`` is "service.prefix", "services[3].id" …)."""
    if err.key == "weights_invalid":
        return {FIELD_WEIGHTS: err.key}
    if err.key == "unit_in_use":
        return {FIELD_UNIT: err.key}
    where = err.placeholders.get("where", "")
    attribute = where.partition(".")[2].partition(".")[0]
    return {fields.get(attribute, "base"): err.key}


def _validated(layout: Layout, check_item: Callable[[], object]) -> Layout:
    """The layout after a change, in its stored form; raises ``HallError``.

    The changed item is checked alone first, so that an error names its field ("service.prefix").
    """
    check_item()
    return parse_layout(layout).to_dict()


def _services(layout: Layout) -> dict[str, Service]:
    """The layout's services (a window's services must be among them)."""
    return parse_layout({CONF_SERVICES: layout[CONF_SERVICES]}).services


SERVICE_FIELDS = {
    FIELD_ID: FIELD_ID,
    FIELD_PREFIX: FIELD_PREFIX,
    "name": FIELD_NAME_ZH,
    FIELD_TARGET_WAIT: FIELD_TARGET_WAIT,
    FIELD_DAILY_CAP: FIELD_DAILY_CAP,
    FIELD_HANDLING_TIME: FIELD_HANDLING_TIME,
}
# The optional supervision fields of a window: their names in the form and in the layout are the same.
WINDOW_SUPERVISION_FIELDS = (
    FIELD_SEAT_ZONE,
    FIELD_CAMERA,
    FIELD_FRIGATE,
    FIELD_PRESENCE_ENTITY,
    FIELD_PHONE_ENTITY,
)
# The optional fields of a window, kept as typed (the unit in lowercase)
WINDOW_OPTIONAL_FIELDS = (*WINDOW_SUPERVISION_FIELDS, FIELD_UNIT)
WINDOW_FIELDS = {
    FIELD_NUMBER: FIELD_NUMBER,
    CONF_NAME: CONF_NAME,
    CONF_SERVICES: CONF_SERVICES,
    **{field: field for field in WINDOW_OPTIONAL_FIELDS},
}
STAFF_FIELDS = {
    FIELD_STAFF_NUMBER: FIELD_STAFF_NUMBER,
    CONF_NAME: CONF_NAME,
    FIELD_DEPARTMENT: FIELD_DEPARTMENT,
    FIELD_PHOTO: FIELD_PHOTO,
}


def _service_schema(*, with_id: bool) -> vol.Schema:
    schema: dict[vol.Marker, Any] = {}
    if with_id:
        schema[vol.Required(FIELD_ID)] = TextSelector()
    schema |= {
        vol.Required(FIELD_PREFIX): TextSelector(),
        vol.Required(FIELD_NAME_ZH): TextSelector(),
        vol.Optional(FIELD_NAME_EN): TextSelector(),
        vol.Required(FIELD_TARGET_WAIT, default=DEFAULT_TARGET_WAIT): _minutes(240, minimum=1),
        vol.Required(FIELD_DAILY_CAP, default=0): _count(0, 9999),
        vol.Required(FIELD_HANDLING_TIME, default=DEFAULT_HANDLING_TIME): _minutes(
            240, minimum=0.5, step=0.5
        ),
    }
    schema |= {vol.Optional(field): _minutes(240) for field in FIELD_APPOINTMENT_FIELDS}
    return vol.Schema(schema)


def _service_item(service_id: str, user_input: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": service_id,
        "prefix": user_input[FIELD_PREFIX].strip().upper(),
        "name": {
            "zh-Hans": user_input[FIELD_NAME_ZH].strip(),
            "en": (user_input.get(FIELD_NAME_EN) or "").strip(),
        },
        "target_wait": float(user_input[FIELD_TARGET_WAIT]),
        "daily_cap": int(user_input[FIELD_DAILY_CAP]),
        "handling_time": float(user_input[FIELD_HANDLING_TIME]),
        **{
            field: float(user_input[field])
            for field in FIELD_APPOINTMENT_FIELDS
            if user_input.get(field) is not None
        },
    }


def _service_form(item: Mapping[str, Any]) -> dict[str, Any]:
    return {
        FIELD_PREFIX: item["prefix"],
        FIELD_NAME_ZH: item["name"]["zh-Hans"],
        FIELD_NAME_EN: item["name"]["en"],
        FIELD_TARGET_WAIT: item["target_wait"],
        FIELD_DAILY_CAP: item["daily_cap"] or 0,
        FIELD_HANDLING_TIME: item["handling_time"],
        **{field: item[field] for field in FIELD_APPOINTMENT_FIELDS if item.get(field) is not None},
    }


def _window_schema(services: list[SelectOptionDict], *, with_number: bool) -> vol.Schema:
    schema: dict[vol.Marker, Any] = {}
    if with_number:
        schema[vol.Required(FIELD_NUMBER)] = _count(1, 999)
    schema |= {
        vol.Optional(CONF_NAME): TextSelector(),
        vol.Required(CONF_SERVICES): SelectSelector(
            SelectSelectorConfig(options=services, multiple=True, mode=SelectSelectorMode.DROPDOWN)
        ),
        vol.Optional(FIELD_WEIGHTS): TextSelector(),
        # Staff supervision: a Frigate seat zone, or Home Assistant binary sensors, or both.
        vol.Optional(FIELD_SEAT_ZONE): TextSelector(),
        vol.Optional(FIELD_CAMERA): TextSelector(),
        vol.Optional(FIELD_FRIGATE, default=DEFAULT_FRIGATE_PREFIX): TextSelector(),
        vol.Optional(FIELD_PRESENCE_ENTITY): EntitySelector(EntitySelectorConfig(domain="binary_sensor")),
        vol.Optional(FIELD_PHONE_ENTITY): EntitySelector(EntitySelectorConfig(domain="binary_sensor")),
        # The ESPHome window unit (its node name); usually assigned when it is discovered.
        vol.Optional(FIELD_UNIT): TextSelector(),
    }
    return vol.Schema(schema)


def _window_item(number: int, user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Raises ``HallError('weights_invalid')``; the other fields are checked by ``parse_window``."""
    served = list(dict.fromkeys(user_input[CONF_SERVICES]))
    item: dict[str, Any] = {
        "number": number,
        "name": (user_input.get(CONF_NAME) or "").strip(),
        "services": _parse_weights(user_input.get(FIELD_WEIGHTS) or "", served),
    }
    for field in WINDOW_OPTIONAL_FIELDS:
        if value := str(user_input.get(field) or "").strip():
            item[field] = value.lower() if field == FIELD_UNIT else value
    return item


def _window_form(item: Mapping[str, Any]) -> dict[str, Any]:
    values = {
        CONF_NAME: item["name"],
        CONF_SERVICES: list(item["services"]),
        FIELD_WEIGHTS: _weights_text(item["services"]),
        FIELD_FRIGATE: item.get(FIELD_FRIGATE) or DEFAULT_FRIGATE_PREFIX,
    }
    values |= {field: item[field] for field in WINDOW_OPTIONAL_FIELDS if item.get(field)}
    return values


def _seat(item: Mapping[str, Any]) -> tuple[str, str]:
    """A window's seat zone and the topic prefix of the Frigate server that watches it."""
    return item.get(FIELD_SEAT_ZONE, ""), item.get(FIELD_FRIGATE) or DEFAULT_FRIGATE_PREFIX


def _known_zones(zones: Mapping[str, list[str]]) -> str:
    """Frigate's zones for a message: "zone (camera), …"; "—" when it has none."""
    return ", ".join(f"{zone} ({', '.join(cameras)})" for zone, cameras in zones.items()) or "—"


# Supervision (options)


def _supervision_schema() -> vol.Schema:
    return vol.Schema(
        {
            vol.Required(CONF_ABSENCE_CONFIRM): _seconds(5, 600),
            vol.Required(CONF_PHONE_CONFIRM): _seconds(3, 300),
            vol.Required(CONF_AWAY_ALERT): _seconds(30, 3600),
            vol.Required(CONF_PHONE_ALERT): _seconds(10, 1800),
            vol.Required(CONF_ALERT_COOLDOWN): _seconds(0, 7200),
            vol.Required(CONF_RECORD_DAYS): NumberSelector(
                NumberSelectorConfig(
                    min=1, max=3650, step=1, unit_of_measurement=UnitOfTime.DAYS, mode=NumberSelectorMode.BOX
                )
            ),
            vol.Optional(CONF_FRIGATE_URL): TextSelector(TextSelectorConfig(type=TextSelectorType.URL)),
        }
    )


def _is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _staff_schema(*, with_number: bool) -> vol.Schema:
    schema: dict[vol.Marker, Any] = {}
    if with_number:
        schema[vol.Required(FIELD_STAFF_NUMBER)] = TextSelector()
    schema |= {
        vol.Required(CONF_NAME): TextSelector(),
        vol.Optional(FIELD_DEPARTMENT): TextSelector(),
        vol.Optional(FIELD_PHOTO): TextSelector(),
    }
    return vol.Schema(schema)


def _staff_item(staff_number: str, user_input: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "staff_number": staff_number,
        "name": user_input[CONF_NAME].strip(),
        "department": (user_input.get(FIELD_DEPARTMENT) or "").strip(),
        "photo": (user_input.get(FIELD_PHOTO) or "").strip(),
    }


def _staff_form(item: Mapping[str, Any]) -> dict[str, Any]:
    return {CONF_NAME: item["name"], FIELD_DEPARTMENT: item["department"], FIELD_PHOTO: item["photo"]}


class ServiceHallOptionsFlow(OptionsFlow):
    """Tune the hall and edit its services, windows and staff, one at a time or by file."""

    def __init__(self) -> None:
        """Nothing picked yet."""
        self._picked: str = ""
        # The seat zone last reported as unknown to Frigate: submitted again, it is kept.
        self._zone_warned: str = ""

    # What the entry holds

    @property
    def _language(self) -> str:
        language: str = self.config_entry.data.get(CONF_LANGUAGE, DEFAULT_LANGUAGE)
        return language

    def _layout(self) -> Layout:
        """A copy of the layout in the options, to change and validate."""
        return _entry_layout(self.config_entry)

    def _hall(self) -> Hall | None:
        """The running hall, when the entry is loaded (tickets and windows of the day)."""
        entry = self.config_entry
        if entry.state is not ConfigEntryState.LOADED:
            return None
        hall: Hall = entry.runtime_data.hall
        return hall

    def _save(self, updates: Mapping[str, Any]) -> ConfigFlowResult:
        """New options (the entry reloads)."""
        return self.async_create_entry(data={**self.config_entry.options, **updates})

    def _save_change(self, layout: Layout) -> ConfigFlowResult:
        """A new layout (less a service or a window, or imported), saved unless it strands an open
        ticket of the running hall (``Hall.check_layout_change``); raises ``HallError``."""
        if (hall := self._hall()) is not None:
            hall.check_layout_change(parse_layout(layout))
        return self._save(layout)

    def _form(
        self,
        step_id: str,
        schema: vol.Schema,
        values: Mapping[str, Any] | None,
        errors: dict[str, str] | None = None,
        placeholders: Mapping[str, str] | None = None,
    ) -> ConfigFlowResult:
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(schema, values),
            errors=errors or {},
            description_placeholders=dict(placeholders or {}),
        )

    async def _unknown_seat_zone(
        self, item: Mapping[str, Any], saved: Mapping[str, Any] | None = None
    ) -> str | None:
        """Frigate's zones (for the message) when it does not know the window's new seat zone.

        Only the Frigate whose URL is in the options is asked, so only for windows on its topic
        prefix; an unreachable Frigate accepts any zone (a repair issue reports it later). The
        window's saved zone is not asked about again, and a zone reported once is kept when the
        form is submitted again with it.
        """
        zone, prefix = _seat(item)
        url = str(self.config_entry.options.get(CONF_FRIGATE_URL) or "").strip()
        if (
            not url
            or not zone
            or prefix != DEFAULT_FRIGATE_PREFIX
            or (saved is not None and _seat(saved) == (zone, prefix))
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
        return _known_zones(zones)

    def _service_options(self, layout: Layout) -> list[SelectOptionDict]:
        """Services by id, labelled "id — 名称"."""
        name = "zh-Hans" if self._language == "zh-Hans" else "en"
        return [
            SelectOptionDict(value=s["id"], label=f"{s['id']} — {s['name'][name]}")
            for s in sorted(layout[CONF_SERVICES], key=lambda s: s["id"])
        ]

    @staticmethod
    def _window_options(layout: Layout) -> list[SelectOptionDict]:
        return _window_options(layout)

    @staticmethod
    def _staff_options(layout: Layout) -> list[SelectOptionDict]:
        return [
            SelectOptionDict(
                value=p["staff_number"],
                label=" — ".join(x for x in (p["staff_number"], p["name"], p["department"]) if x),
            )
            for p in sorted(layout[CONF_STAFF], key=lambda p: p["staff_number"])
        ]

    # Menu

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """What to change; edit and remove appear once there is something to edit."""
        layout = self._layout()
        available = {
            "edit_service": bool(layout[CONF_SERVICES]),
            "remove_service": bool(layout[CONF_SERVICES]),
            "add_window": bool(layout[CONF_SERVICES]),
            "edit_window": bool(layout[CONF_WINDOWS]),
            "remove_window": bool(layout[CONF_WINDOWS]),
            "edit_staff": bool(layout[CONF_STAFF]),
            "remove_staff": bool(layout[CONF_STAFF]),
            "window_tablets": bool(layout[CONF_WINDOWS]),
        }
        return self.async_show_menu(
            step_id="init",
            menu_options=[step for step in MENU if available.get(step, True)],
            description_placeholders={
                "services": str(len(layout[CONF_SERVICES])),
                "windows": str(len(layout[CONF_WINDOWS])),
                "staff": str(len(layout[CONF_STAFF])),
            },
        )

    # Tuning

    async def async_step_tuning(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Recalls, no-show timeout, maximum wait, appointment check-in and dispatch order."""
        if user_input is not None:
            return self._save(
                {
                    CONF_RECALL_LIMIT: int(user_input[CONF_RECALL_LIMIT]),
                    CONF_NO_SHOW_TIMEOUT: float(user_input[CONF_NO_SHOW_TIMEOUT]),
                    CONF_MAX_WAIT: float(user_input[CONF_MAX_WAIT]),
                    CONF_APPOINTMENT_EARLY: float(user_input[CONF_APPOINTMENT_EARLY]),
                    CONF_APPOINTMENT_LATE: float(user_input[CONF_APPOINTMENT_LATE]),
                    # Classes left out follow in the default order: the order saved is complete.
                    CONF_DISPATCH_ORDER: [
                        str(c) for c in dispatch_order(user_input.get(CONF_DISPATCH_ORDER, []))
                    ],
                    CONF_PUBLIC_STATUS: bool(user_input.get(CONF_PUBLIC_STATUS, False)),
                    CONF_CONTACT_DAYS: int(user_input.get(CONF_CONTACT_DAYS, DEFAULT_CONTACT_DAYS)),
                    # Window units: shown in minutes, kept in seconds.
                    **{
                        key: float(user_input[key]) * 60
                        for key in (CONF_RATING_WINDOW, CONF_UNIT_OFFLINE_AFTER)
                        if key in user_input
                    },
                }
            )
        schema = vol.Schema(
            {
                vol.Required(CONF_RECALL_LIMIT): _count(1, 10),
                vol.Required(CONF_NO_SHOW_TIMEOUT): _minutes(60, step=0.5),
                vol.Required(CONF_MAX_WAIT): _minutes(240),
                vol.Required(CONF_APPOINTMENT_EARLY): _minutes(240),
                vol.Required(CONF_APPOINTMENT_LATE): _minutes(240),
                vol.Optional(CONF_DISPATCH_ORDER): SelectSelector(
                    SelectSelectorConfig(
                        options=[str(c) for c in DispatchClass],
                        multiple=True,
                        translation_key="dispatch_class",
                        mode=SelectSelectorMode.DROPDOWN,
                    )
                ),
                vol.Optional(CONF_RATING_WINDOW): _minutes(30, minimum=0.5, step=0.5),
                vol.Optional(CONF_UNIT_OFFLINE_AFTER): _minutes(240, minimum=1),
                vol.Optional(CONF_PUBLIC_STATUS): BooleanSelector(),
                vol.Optional(CONF_CONTACT_DAYS): _count(0, 365),
            }
        )
        options = self.config_entry.options
        current = {**TUNING_DEFAULTS, **options}
        shown = {k: current[k] for k in TUNING_DEFAULTS}
        shown[CONF_RATING_WINDOW] = float(options.get(CONF_RATING_WINDOW, DEFAULT_RATING_WINDOW)) / 60
        shown[CONF_UNIT_OFFLINE_AFTER] = (
            float(options.get(CONF_UNIT_OFFLINE_AFTER, DEFAULT_UNIT_OFFLINE_AFTER)) / 60
        )
        shown[CONF_PUBLIC_STATUS] = bool(options.get(CONF_PUBLIC_STATUS, False))
        shown[CONF_CONTACT_DAYS] = int(options.get(CONF_CONTACT_DAYS, DEFAULT_CONTACT_DAYS))
        # The hall's own public addresses, as its public_status description names them.
        addresses = {
            "queue_page": QueuePageView.url.format(entry_id=self.config_entry.entry_id),
            "status_api": PublicStatusView.url.format(entry_id=self.config_entry.entry_id),
        }
        return self._form("tuning", schema, shown, placeholders=addresses)

    # Supervision

    async def async_step_supervision(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Staff supervision: debounce and alert times, record retention and the Frigate server."""
        errors: dict[str, str] = {}
        if user_input is not None:
            url = str(user_input.get(CONF_FRIGATE_URL) or "").strip()
            if url and not _is_http_url(url):
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
        current = {
            **SUPERVISION_DEFAULTS,
            CONF_RECORD_DAYS: DEFAULT_RECORD_DAYS,
            CONF_FRIGATE_URL: "",
            **self.config_entry.options,
        }
        values = user_input or {
            key: current[key] for key in (*SUPERVISION_DEFAULTS, CONF_RECORD_DAYS, CONF_FRIGATE_URL)
        }
        return self._form("supervision", _supervision_schema(), values, errors)

    # Services

    async def async_step_add_service(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """A new service (事项)."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            layout = self._layout()
            item = _service_item(user_input[FIELD_ID].strip().lower(), user_input)
            placeholders = {"service": item["id"]}
            if any(s["id"] == item["id"] for s in layout[CONF_SERVICES]):
                errors[FIELD_ID] = "service_exists"
            else:
                layout[CONF_SERVICES].append(item)
                try:
                    return self._save(_validated(layout, lambda: parse_service(item)))
                except HallError as err:
                    errors = _form_error(err, SERVICE_FIELDS)
                    placeholders |= err.placeholders
        return self._form("add_service", _service_schema(with_id=True), user_input, errors, placeholders)

    async def async_step_edit_service(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Pick the service to edit."""
        layout = self._layout()
        errors: dict[str, str] = {}
        if user_input is not None:
            if any(s["id"] == user_input[PICK_SERVICE] for s in layout[CONF_SERVICES]):
                self._picked = user_input[PICK_SERVICE]
                return await self.async_step_edit_service_details()
            errors[PICK_SERVICE] = "unknown_service"
        schema = vol.Schema({vol.Required(PICK_SERVICE): _picker(self._service_options(layout))})
        return self._form(
            "edit_service",
            schema,
            user_input,
            errors,
            {"service": str((user_input or {}).get(PICK_SERVICE, ""))},
        )

    async def async_step_edit_service_details(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change a service; its id stays (windows, tickets and entities refer to it)."""
        layout = self._layout()
        index = next(i for i, s in enumerate(layout[CONF_SERVICES]) if s["id"] == self._picked)
        placeholders = {"service": self._picked}
        errors: dict[str, str] = {}
        if user_input is not None:
            item = layout[CONF_SERVICES][index] = _service_item(self._picked, user_input)
            try:
                return self._save(_validated(layout, lambda: parse_service(item)))
            except HallError as err:
                errors = _form_error(err, SERVICE_FIELDS)
                placeholders |= err.placeholders
        values = user_input or _service_form(layout[CONF_SERVICES][index])
        return self._form(
            "edit_service_details", _service_schema(with_id=False), values, errors, placeholders
        )

    async def async_step_remove_service(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Remove a service no window serves and no open ticket holds."""
        layout = self._layout()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {"service": "", "windows": ""}
        if user_input is not None:
            service_id = user_input[PICK_SERVICE]
            placeholders["service"] = service_id
            windows = [str(w["number"]) for w in layout[CONF_WINDOWS] if service_id in w["services"]]
            if not any(s["id"] == service_id for s in layout[CONF_SERVICES]):
                errors[PICK_SERVICE] = "unknown_service"
            elif windows:
                errors[PICK_SERVICE] = "service_used_by_window"
                placeholders["windows"] = ", ".join(windows)
            else:
                layout[CONF_SERVICES] = [s for s in layout[CONF_SERVICES] if s["id"] != service_id]
                try:
                    return self._save_change(layout)
                except HallError as err:
                    errors[PICK_SERVICE] = err.key
                    placeholders |= err.placeholders
        schema = vol.Schema({vol.Required(PICK_SERVICE): _picker(self._service_options(layout))})
        return self._form("remove_service", schema, user_input, errors, placeholders)

    # Windows

    async def async_step_add_window(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """A new window (窗口) serving one service or many (综合窗口)."""
        layout = self._layout()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {"window": "", "entry": ""}
        if user_input is not None:
            number = int(user_input[FIELD_NUMBER])
            placeholders["window"] = str(number)
            if any(w["number"] == number for w in layout[CONF_WINDOWS]):
                errors[FIELD_NUMBER] = "window_exists"
            else:
                try:
                    item = _window_item(number, user_input)
                    _unit_taken(layout, item)
                    layout[CONF_WINDOWS].append(item)
                    validated = _validated(layout, lambda: parse_window(item, _services(layout)))
                except HallError as err:
                    errors = _form_error(err, WINDOW_FIELDS)
                    placeholders |= err.placeholders
                else:
                    if (zones := await self._unknown_seat_zone(item)) is None:
                        return self._save(validated)
                    errors[FIELD_SEAT_ZONE] = "seat_zone_unknown"
                    placeholders["zones"] = zones
        schema = _window_schema(self._service_options(layout), with_number=True)
        return self._form("add_window", schema, user_input, errors, placeholders)

    async def async_step_edit_window(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Pick the window to edit."""
        layout = self._layout()
        errors: dict[str, str] = {}
        if user_input is not None:
            picked = str(user_input[PICK_WINDOW]).strip()
            if any(str(w["number"]) == picked for w in layout[CONF_WINDOWS]):
                self._picked = picked
                return await self.async_step_edit_window_details()
            errors[PICK_WINDOW] = "unknown_window"
        schema = vol.Schema({vol.Required(PICK_WINDOW): _picker(self._window_options(layout))})
        return self._form(
            "edit_window",
            schema,
            user_input,
            errors,
            {"window": str((user_input or {}).get(PICK_WINDOW, ""))},
        )

    async def async_step_edit_window_details(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change a window's name, services and weights; its number stays."""
        layout = self._layout()
        number = int(self._picked)
        index = next(i for i, w in enumerate(layout[CONF_WINDOWS]) if w["number"] == number)
        placeholders = {"window": self._picked, "entry": ""}
        errors: dict[str, str] = {}
        saved = layout[CONF_WINDOWS][index]
        if user_input is not None:
            try:
                item = layout[CONF_WINDOWS][index] = _window_item(number, user_input)
                _unit_taken(layout, item)
                validated = _validated(layout, lambda: parse_window(item, _services(layout)))
            except HallError as err:
                errors = _form_error(err, WINDOW_FIELDS)
                placeholders |= err.placeholders
            else:
                if (zones := await self._unknown_seat_zone(item, saved)) is None:
                    return self._save(validated)
                errors[FIELD_SEAT_ZONE] = "seat_zone_unknown"
                placeholders["zones"] = zones
        values = user_input or _window_form(saved)
        schema = _window_schema(self._service_options(layout), with_number=False)
        return self._form("edit_window_details", schema, values, errors, placeholders)

    async def async_step_remove_window(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Remove a window that holds no ticket."""
        layout = self._layout()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {"window": "", "ticket": ""}
        if user_input is not None:
            picked = str(user_input[PICK_WINDOW]).strip()
            placeholders["window"] = picked
            number = next((w["number"] for w in layout[CONF_WINDOWS] if str(w["number"]) == picked), None)
            if number is None:
                errors[PICK_WINDOW] = "unknown_window"
            else:
                layout[CONF_WINDOWS] = [w for w in layout[CONF_WINDOWS] if w["number"] != number]
                try:
                    return self._save_change(layout)
                except HallError as err:
                    errors[PICK_WINDOW] = err.key
                    placeholders |= err.placeholders
        schema = vol.Schema({vol.Required(PICK_WINDOW): _picker(self._window_options(layout))})
        return self._form("remove_window", schema, user_input, errors, placeholders)

    # Staff

    async def async_step_add_staff(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """A new staff member (工作人员)."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {"staff": ""}
        if user_input is not None:
            layout = self._layout()
            item = _staff_item(user_input[FIELD_STAFF_NUMBER].strip(), user_input)
            placeholders["staff"] = item["staff_number"]
            if any(p["staff_number"] == item["staff_number"] for p in layout[CONF_STAFF]):
                errors[FIELD_STAFF_NUMBER] = "staff_exists"
            else:
                layout[CONF_STAFF].append(item)
                try:
                    return self._save(_validated(layout, lambda: parse_staff(item)))
                except HallError as err:
                    errors = _form_error(err, STAFF_FIELDS)
                    placeholders |= err.placeholders
        return self._form("add_staff", _staff_schema(with_number=True), user_input, errors, placeholders)

    async def async_step_edit_staff(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Pick the staff member to edit."""
        layout = self._layout()
        errors: dict[str, str] = {}
        if user_input is not None:
            if any(p["staff_number"] == user_input[PICK_STAFF] for p in layout[CONF_STAFF]):
                self._picked = user_input[PICK_STAFF]
                return await self.async_step_edit_staff_details()
            errors[PICK_STAFF] = "unknown_staff"
        schema = vol.Schema({vol.Required(PICK_STAFF): _picker(self._staff_options(layout))})
        return self._form(
            "edit_staff", schema, user_input, errors, {"staff": str((user_input or {}).get(PICK_STAFF, ""))}
        )

    async def async_step_edit_staff_details(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change a staff member's name, department or photo; the staff number stays."""
        layout = self._layout()
        index = next(i for i, p in enumerate(layout[CONF_STAFF]) if p["staff_number"] == self._picked)
        placeholders = {"staff": self._picked}
        errors: dict[str, str] = {}
        if user_input is not None:
            item = layout[CONF_STAFF][index] = _staff_item(self._picked, user_input)
            try:
                return self._save(_validated(layout, lambda: parse_staff(item)))
            except HallError as err:
                errors = _form_error(err, STAFF_FIELDS)
                placeholders |= err.placeholders
        values = user_input or _staff_form(layout[CONF_STAFF][index])
        return self._form(
            "edit_staff_details", _staff_schema(with_number=False), values, errors, placeholders
        )

    async def async_step_remove_staff(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Remove a staff member who is not signed in at a window."""
        layout = self._layout()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {"staff": "", "window": ""}
        if user_input is not None:
            staff_number = user_input[PICK_STAFF]
            placeholders["staff"] = staff_number
            hall = self._hall()
            if not any(p["staff_number"] == staff_number for p in layout[CONF_STAFF]):
                errors[PICK_STAFF] = "unknown_staff"
            elif hall is not None and (window := hall.state.staff_window.get(staff_number)) is not None:
                errors[PICK_STAFF] = "staff_signed_in"
                placeholders["window"] = str(window)
            else:
                layout[CONF_STAFF] = [p for p in layout[CONF_STAFF] if p["staff_number"] != staff_number]
                return self._save(layout)
        schema = vol.Schema({vol.Required(PICK_STAFF): _picker(self._staff_options(layout))})
        return self._form("remove_staff", schema, user_input, errors, placeholders)

    # Window tablets

    async def async_step_window_tablets(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Bind a tablet's user to one window (it then acts for that window only), or unbind it."""
        layout = self._layout()
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
        schema = vol.Schema(
            {
                vol.Required(PICK_USER): SelectSelector(
                    SelectSelectorConfig(
                        options=[
                            SelectOptionDict(value=k, label=v)
                            for k, v in sorted(users.items(), key=lambda u: u[1])
                        ],
                        mode=SelectSelectorMode.DROPDOWN,
                    )
                ),
                vol.Optional(PICK_WINDOW): _picker(self._window_options(layout)),
            }
        )
        tablets = ", ".join(f"{users[u]} → {w}" for u, w in sorted(bound.items(), key=lambda b: b[1]))
        return self._form(
            "window_tablets", schema, user_input, errors, {"tablets": tablets or "—", "window": picked_window}
        )

    # Import

    async def async_step_import_layout(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Replace services, windows and staff with a layout file (for large halls)."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            try:
                layout = await async_read_layout(self.hass, user_input[CONF_LAYOUT_FILE].strip())
                return self._save_change(layout)
            except HallError as err:
                errors[CONF_LAYOUT_FILE] = err.key
                placeholders = dict(err.placeholders)
        schema = vol.Schema({vol.Required(CONF_LAYOUT_FILE): TextSelector()})
        return self._form("import_layout", schema, user_input, errors, placeholders)
