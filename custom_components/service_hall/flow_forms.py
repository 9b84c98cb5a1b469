"""The forms of the flows: schemas, and the conversions between a form and what the entry keeps.

The hall (user and reconfigure steps) is kept in entry data, its tuning and supervision in
options, its services, windows and staff in subentries (layout_entries.py) in the plain form
``parse_layout`` reads. Nothing here talks to Home Assistant or to the running hall.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import voluptuous as vol

from homeassistant.const import CONF_NAME, UnitOfTime
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
    CONF_UNIT_OFFLINE_AFTER,
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
    WEEKDAYS,
)
from .hall import DispatchClass, HallError, parse_layout
from .hall.layout import parse_service, parse_staff, parse_window
from .layout_entries import KINDS, SERVICE, STAFF_MEMBER, WINDOW, Layout, item_id, item_title, window_label
from .settings import SUPERVISION_DEFAULTS, TUNING_DEFAULTS, dispatch_order, parse_time

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
# Fields of the pickers
PICK_WINDOW = "window"
PICK_HALL = "hall"
PICK_USER = "user"

DEFAULT_TARGET_WAIT = 10
DEFAULT_HANDLING_TIME = 5

# "tax=2, business=1"; Chinese input methods give ，：＝ and ；
_WEIGHT_SEPARATORS = re.compile(r"[,，;；\n]")
_WEIGHT = re.compile(r"^([a-z0-9_]+)\s*[=:：＝]\s*(\d+(?:\.\d+)?|\.\d+)$")


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


def picker(options: list[SelectOptionDict]) -> SelectSelector:
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


def hall_schema(*, layout_file: bool) -> vol.Schema:
    """The hall's name, language and hours; a layout file only when it is created."""
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


def hall_errors(user_input: Mapping[str, Any]) -> dict[str, str]:
    """A name, distinct opening and closing times, at least one day."""
    errors: dict[str, str] = {}
    if not user_input[CONF_NAME].strip():
        errors[CONF_NAME] = "name_required"
    if parse_time(user_input[CONF_OPEN_TIME]) == parse_time(user_input[CONF_CLOSE_TIME]):
        errors[CONF_CLOSE_TIME] = "same_open_close"
    if not user_input[CONF_OPEN_DAYS]:
        errors[CONF_OPEN_DAYS] = "no_open_days"
    return errors


def hall_data(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Entry data: times as HH:MM:SS, days in week order."""
    return {
        CONF_NAME: user_input[CONF_NAME].strip(),
        CONF_LANGUAGE: user_input[CONF_LANGUAGE],
        CONF_OPEN_TIME: parse_time(user_input[CONF_OPEN_TIME]).isoformat(),
        CONF_CLOSE_TIME: parse_time(user_input[CONF_CLOSE_TIME]).isoformat(),
        CONF_OPEN_DAYS: [day for day in WEEKDAYS if day in user_input[CONF_OPEN_DAYS]],
        CONF_ROLLOVER_TIME: parse_time(user_input[CONF_ROLLOVER_TIME]).isoformat(),
    }


# Pickers of the layout's items


def window_options(layout: Layout) -> list[SelectOptionDict]:
    """Windows by number, labelled "5 — 综合窗口 (window-unit-03)"."""
    return [
        SelectOptionDict(value=str(w["number"]), label=window_label(w))
        for w in sorted(layout[CONF_WINDOWS], key=lambda w: w["number"])
    ]


def service_options(layout: Layout, language: str) -> list[SelectOptionDict]:
    """Services by id, labelled as their subentries are: "id — 名称"."""
    return [
        SelectOptionDict(value=s["id"], label=item_title(SERVICE, s, language))
        for s in sorted(layout[CONF_SERVICES], key=lambda s: s["id"])
    ]


def window_picker(layout: Layout) -> vol.Schema:
    """The window a discovered unit drives."""
    return vol.Schema(
        {
            vol.Required(PICK_WINDOW): SelectSelector(
                SelectSelectorConfig(options=window_options(layout), mode=SelectSelectorMode.DROPDOWN)
            )
        }
    )


def hall_picker(halls: Mapping[str, str]) -> vol.Schema:
    """The hall of a discovered unit, by entry id (labelled with its title)."""
    options = [SelectOptionDict(value=k, label=v) for k, v in sorted(halls.items(), key=lambda h: h[1])]
    return vol.Schema({vol.Required(PICK_HALL): SelectSelector(SelectSelectorConfig(options=options))})


def tablets_schema(users: Mapping[str, str], layout: Layout) -> vol.Schema:
    """A tablet's user (by id, labelled with the name) and the window it acts for, if any."""
    options = [SelectOptionDict(value=k, label=v) for k, v in sorted(users.items(), key=lambda u: u[1])]
    return vol.Schema(
        {
            vol.Required(PICK_USER): SelectSelector(
                SelectSelectorConfig(options=options, mode=SelectSelectorMode.DROPDOWN)
            ),
            vol.Optional(PICK_WINDOW): picker(window_options(layout)),
        }
    )


# Services, windows and staff (subentries)


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


# The optional fields of a window, kept as typed (the unit in lowercase); their names in the
# form and in the layout are the same.
WINDOW_OPTIONAL_FIELDS = (
    FIELD_SEAT_ZONE,
    FIELD_CAMERA,
    FIELD_FRIGATE,
    FIELD_PRESENCE_ENTITY,
    FIELD_PHONE_ENTITY,
    FIELD_UNIT,
)
# Form field of each item attribute an error may name (``where``: "service.prefix", …)
FIELDS: dict[str, dict[str, str]] = {
    SERVICE: {
        FIELD_ID: FIELD_ID,
        FIELD_PREFIX: FIELD_PREFIX,
        "name": FIELD_NAME_ZH,
        FIELD_TARGET_WAIT: FIELD_TARGET_WAIT,
        FIELD_DAILY_CAP: FIELD_DAILY_CAP,
        FIELD_HANDLING_TIME: FIELD_HANDLING_TIME,
    },
    WINDOW: {
        FIELD_NUMBER: FIELD_NUMBER,
        CONF_NAME: CONF_NAME,
        CONF_SERVICES: CONF_SERVICES,
        **{field: field for field in WINDOW_OPTIONAL_FIELDS},
    },
    STAFF_MEMBER: {
        FIELD_STAFF_NUMBER: FIELD_STAFF_NUMBER,
        CONF_NAME: CONF_NAME,
        FIELD_DEPARTMENT: FIELD_DEPARTMENT,
        FIELD_PHOTO: FIELD_PHOTO,
    },
}
# The field of an item's id, the error when it is taken and the placeholder that names it
ID_FIELD = {SERVICE: FIELD_ID, WINDOW: FIELD_NUMBER, STAFF_MEMBER: FIELD_STAFF_NUMBER}
EXISTS = {SERVICE: "service_exists", WINDOW: "window_exists", STAFF_MEMBER: "staff_exists"}
PLACEHOLDER = {SERVICE: "service", WINDOW: "window", STAFF_MEMBER: "staff"}
# Placeholders of each form's messages, empty until they say something
PLACEHOLDERS: dict[str, dict[str, str]] = {
    SERVICE: {"service": "", "where": "", "problem": ""},
    WINDOW: {"window": "", "entry": "", "unit": "", "zones": "", "where": "", "problem": ""},
    STAFF_MEMBER: {"staff": "", "where": "", "problem": ""},
}


def form_error(kind: str, err: HallError) -> dict[str, str]:
    """The error on the field it is about."""
    if err.key == "weights_invalid":
        return {FIELD_WEIGHTS: err.key}
    if err.key == "unit_in_use":
        return {FIELD_UNIT: err.key}
    if err.key == EXISTS[kind]:
        return {ID_FIELD[kind]: err.key}
    attribute = err.placeholders.get("where", "").partition(".")[2].partition(".")[0]
    return {FIELDS[kind].get(attribute, "base"): err.key}


def item_schema(kind: str, *, new: bool, services: list[SelectOptionDict]) -> vol.Schema:
    """A service's, window's or staff member's form; its id only when it is new (it stays)."""
    schema: dict[vol.Marker, Any] = {}
    if new:
        schema[vol.Required(ID_FIELD[kind])] = _count(1, 999) if kind == WINDOW else TextSelector()
    if kind == SERVICE:
        return vol.Schema(
            schema
            | {
                vol.Required(FIELD_PREFIX): TextSelector(),
                vol.Required(FIELD_NAME_ZH): TextSelector(),
                vol.Optional(FIELD_NAME_EN): TextSelector(),
                vol.Required(FIELD_TARGET_WAIT, default=DEFAULT_TARGET_WAIT): _minutes(240, minimum=1),
                vol.Required(FIELD_DAILY_CAP, default=0): _count(0, 9999),
                vol.Required(FIELD_HANDLING_TIME, default=DEFAULT_HANDLING_TIME): _minutes(
                    240, minimum=0.5, step=0.5
                ),
            }
            | {vol.Optional(field): _minutes(240) for field in FIELD_APPOINTMENT_FIELDS}
        )
    if kind == WINDOW:
        return vol.Schema(
            schema
            | {
                vol.Optional(CONF_NAME): TextSelector(),
                vol.Required(CONF_SERVICES): SelectSelector(
                    SelectSelectorConfig(options=services, multiple=True, mode=SelectSelectorMode.DROPDOWN)
                ),
                vol.Optional(FIELD_WEIGHTS): TextSelector(),
                # Staff supervision: a Frigate seat zone, or Home Assistant binary sensors, or both.
                vol.Optional(FIELD_SEAT_ZONE): TextSelector(),
                vol.Optional(FIELD_CAMERA): TextSelector(),
                vol.Optional(FIELD_FRIGATE, default=DEFAULT_FRIGATE_PREFIX): TextSelector(),
                vol.Optional(FIELD_PRESENCE_ENTITY): EntitySelector(
                    EntitySelectorConfig(domain="binary_sensor")
                ),
                vol.Optional(FIELD_PHONE_ENTITY): EntitySelector(
                    EntitySelectorConfig(domain="binary_sensor")
                ),
                # The ESPHome window unit (its node name); usually assigned when it is discovered.
                vol.Optional(FIELD_UNIT): TextSelector(),
            }
        )
    return vol.Schema(
        schema
        | {
            vol.Required(CONF_NAME): TextSelector(),
            vol.Optional(FIELD_DEPARTMENT): TextSelector(),
            vol.Optional(FIELD_PHOTO): TextSelector(),
        }
    )


def form_item(kind: str, user_input: Mapping[str, Any], saved: Mapping[str, Any] | None) -> dict[str, Any]:
    """The item a form describes, its id from the saved item (reconfigure) or the form (a new one).

    Raises ``HallError('weights_invalid')``; the rest is checked by :func:`check_item`.
    """
    if saved is not None:
        key = saved[ID_FIELD[kind]]
    elif kind == WINDOW:
        key = int(user_input[FIELD_NUMBER])
    else:
        key = user_input[ID_FIELD[kind]].strip()
    if kind == SERVICE:
        return {
            "id": key.lower(),
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
    if kind == WINDOW:
        served = list(dict.fromkeys(user_input[CONF_SERVICES]))
        item: dict[str, Any] = {
            "number": key,
            "name": (user_input.get(CONF_NAME) or "").strip(),
            "services": _parse_weights(user_input.get(FIELD_WEIGHTS) or "", served),
        }
        for field in WINDOW_OPTIONAL_FIELDS:
            if value := str(user_input.get(field) or "").strip():
                item[field] = value.lower() if field == FIELD_UNIT else value
        return item
    return {
        "staff_number": key,
        "name": user_input[CONF_NAME].strip(),
        "department": (user_input.get(FIELD_DEPARTMENT) or "").strip(),
        "photo": (user_input.get(FIELD_PHOTO) or "").strip(),
    }


def form_values(kind: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """A saved item as its form shows it."""
    if kind == SERVICE:
        return {
            FIELD_PREFIX: item["prefix"],
            FIELD_NAME_ZH: item["name"]["zh-Hans"],
            FIELD_NAME_EN: item["name"]["en"],
            FIELD_TARGET_WAIT: item["target_wait"],
            FIELD_DAILY_CAP: item["daily_cap"] or 0,
            FIELD_HANDLING_TIME: item["handling_time"],
            **{field: item[field] for field in FIELD_APPOINTMENT_FIELDS if item.get(field) is not None},
        }
    if kind == WINDOW:
        weights = ", ".join(f"{s}={w:g}" for s, w in item["services"].items() if w != 1)
        return {
            CONF_NAME: item["name"],
            CONF_SERVICES: list(item["services"]),
            FIELD_WEIGHTS: weights,
            FIELD_FRIGATE: item.get(FIELD_FRIGATE) or DEFAULT_FRIGATE_PREFIX,
        } | {field: item[field] for field in WINDOW_OPTIONAL_FIELDS if item.get(field)}
    return {CONF_NAME: item["name"], FIELD_DEPARTMENT: item["department"], FIELD_PHOTO: item["photo"]}


def check_item(kind: str, item: Mapping[str, Any], layout: Layout) -> dict[str, Any]:
    """The item as stored, once the layout holding it is valid; raises ``HallError``.

    The item is checked alone first, so that an error names its field ("service.prefix"); a
    window's unit must be no other window's.
    """
    if kind == SERVICE:
        parse_service(item)
    elif kind == STAFF_MEMBER:
        parse_staff(item)
    else:
        unit = item.get(FIELD_UNIT)
        for window in layout[CONF_WINDOWS]:
            if unit and window is not item and window.get(FIELD_UNIT) == unit:
                raise HallError("unit_in_use", unit=unit, window=window["number"])
        parse_window(item, parse_layout({CONF_SERVICES: layout[CONF_SERVICES]}).services)
    stored = parse_layout(layout).to_dict()
    return next(i for i in stored[KINDS[kind][0]] if item_id(kind, i) == item_id(kind, item))


def seat(item: Mapping[str, Any]) -> tuple[str, str]:
    """A window's seat zone and the topic prefix of the Frigate server that watches it."""
    return item.get(FIELD_SEAT_ZONE, ""), item.get(FIELD_FRIGATE) or DEFAULT_FRIGATE_PREFIX


def known_zones(zones: Mapping[str, list[str]]) -> str:
    """Frigate's zones for a message: "zone (camera), …"; "—" when it has none."""
    return ", ".join(f"{zone} ({', '.join(cameras)})" for zone, cameras in zones.items()) or "—"


# Tuning and supervision (options)


def tuning_schema() -> vol.Schema:
    """Recalls, no-show timeout, maximum wait, appointment check-in, dispatch order, units, privacy."""
    return vol.Schema(
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


def tuning_options(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """The options a tuning form sets."""
    return {
        CONF_RECALL_LIMIT: int(user_input[CONF_RECALL_LIMIT]),
        CONF_NO_SHOW_TIMEOUT: float(user_input[CONF_NO_SHOW_TIMEOUT]),
        CONF_MAX_WAIT: float(user_input[CONF_MAX_WAIT]),
        CONF_APPOINTMENT_EARLY: float(user_input[CONF_APPOINTMENT_EARLY]),
        CONF_APPOINTMENT_LATE: float(user_input[CONF_APPOINTMENT_LATE]),
        # Classes left out follow in the default order: the order saved is complete.
        CONF_DISPATCH_ORDER: [str(c) for c in dispatch_order(user_input.get(CONF_DISPATCH_ORDER, []))],
        CONF_PUBLIC_STATUS: bool(user_input.get(CONF_PUBLIC_STATUS, False)),
        CONF_CONTACT_DAYS: int(user_input.get(CONF_CONTACT_DAYS, DEFAULT_CONTACT_DAYS)),
        # Window units: shown in minutes, kept in seconds.
        **{
            key: float(user_input[key]) * 60
            for key in (CONF_RATING_WINDOW, CONF_UNIT_OFFLINE_AFTER)
            if key in user_input
        },
    }


def tuning_values(options: Mapping[str, Any]) -> dict[str, Any]:
    """The tuning form's values from the options."""
    current = {**TUNING_DEFAULTS, **options}
    shown = {k: current[k] for k in TUNING_DEFAULTS}
    shown[CONF_RATING_WINDOW] = float(options.get(CONF_RATING_WINDOW, DEFAULT_RATING_WINDOW)) / 60
    shown[CONF_UNIT_OFFLINE_AFTER] = (
        float(options.get(CONF_UNIT_OFFLINE_AFTER, DEFAULT_UNIT_OFFLINE_AFTER)) / 60
    )
    shown[CONF_PUBLIC_STATUS] = bool(options.get(CONF_PUBLIC_STATUS, False))
    shown[CONF_CONTACT_DAYS] = int(options.get(CONF_CONTACT_DAYS, DEFAULT_CONTACT_DAYS))
    return shown


def supervision_schema() -> vol.Schema:
    """Debounce and alert times, record retention, Frigate's address."""
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


def supervision_values(options: Mapping[str, Any]) -> dict[str, Any]:
    """The supervision form's values from the options."""
    current = {**SUPERVISION_DEFAULTS, CONF_RECORD_DAYS: DEFAULT_RECORD_DAYS, CONF_FRIGATE_URL: "", **options}
    return {key: current[key] for key in (*SUPERVISION_DEFAULTS, CONF_RECORD_DAYS, CONF_FRIGATE_URL)}


def is_http_url(url: str) -> bool:
    """An http(s) address with a host."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)
