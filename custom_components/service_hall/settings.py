"""Reading a hall's settings and layout out of its config entry."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_NAME

from .const import (
    CONF_ABSENCE_CONFIRM,
    CONF_ALERT_COOLDOWN,
    CONF_APPOINTMENT_EARLY,
    CONF_APPOINTMENT_LATE,
    CONF_AWAY_ALERT,
    CONF_CLOSE_TIME,
    CONF_DISPATCH_ORDER,
    CONF_LANGUAGE,
    CONF_MAX_WAIT,
    CONF_NO_SHOW_TIMEOUT,
    CONF_OPEN_DAYS,
    CONF_OPEN_TIME,
    CONF_PHONE_ALERT,
    CONF_PHONE_CONFIRM,
    CONF_RECALL_LIMIT,
    CONF_ROLLOVER_TIME,
    DEFAULT_CLOSE_TIME,
    DEFAULT_LANGUAGE,
    DEFAULT_OPEN_DAYS,
    DEFAULT_OPEN_TIME,
    DEFAULT_ROLLOVER_TIME,
    WEEKDAYS,
)
from .hall import HallLayout, HallSettings, parse_layout
from .hall.model import DEFAULT_DISPATCH_ORDER, DispatchClass
from .hall.supervision import SupervisionSettings
from .layout_entries import layout_of

TUNING_DEFAULTS: dict[str, Any] = {
    CONF_RECALL_LIMIT: 3,
    CONF_NO_SHOW_TIMEOUT: 5.0,
    CONF_MAX_WAIT: 30.0,
    CONF_APPOINTMENT_EARLY: 30.0,
    CONF_APPOINTMENT_LATE: 15.0,
    CONF_DISPATCH_ORDER: [str(c) for c in DEFAULT_DISPATCH_ORDER],
}


def parse_time(value: str) -> time:
    """'08:30' or '08:30:00' from a time selector."""
    return time.fromisoformat(value)


def dispatch_order(values: list[str]) -> tuple[DispatchClass, ...]:
    """The hall's order, completed with any class it leaves out (in the default order)."""
    order = [DispatchClass(v) for v in dict.fromkeys(values)]
    order += [c for c in DEFAULT_DISPATCH_ORDER if c not in order]
    return tuple(order)


def hall_settings(data: Mapping[str, Any], options: Mapping[str, Any]) -> HallSettings:
    """The hall's settings from entry data (the hall) and options (its tuning)."""
    tuning = {**TUNING_DEFAULTS, **{k: v for k, v in options.items() if k in TUNING_DEFAULTS}}
    return HallSettings(
        name=data.get(CONF_NAME, ""),
        language=data.get(CONF_LANGUAGE, DEFAULT_LANGUAGE),
        open_time=parse_time(data.get(CONF_OPEN_TIME, DEFAULT_OPEN_TIME)),
        close_time=parse_time(data.get(CONF_CLOSE_TIME, DEFAULT_CLOSE_TIME)),
        open_days=frozenset(WEEKDAYS.index(d) for d in data.get(CONF_OPEN_DAYS, DEFAULT_OPEN_DAYS)),
        rollover_time=parse_time(data.get(CONF_ROLLOVER_TIME, DEFAULT_ROLLOVER_TIME)),
        recall_limit=int(tuning[CONF_RECALL_LIMIT]),
        no_show_timeout=float(tuning[CONF_NO_SHOW_TIMEOUT]),
        max_wait=float(tuning[CONF_MAX_WAIT]),
        dispatch_order=dispatch_order(tuning[CONF_DISPATCH_ORDER]),
        appointment_early=float(tuning[CONF_APPOINTMENT_EARLY]),
        appointment_late=float(tuning[CONF_APPOINTMENT_LATE]),
    )


def hall_layout(entry: ConfigEntry) -> HallLayout:
    """The hall's layout from the entry's subentries (each validated when it was saved)."""
    return parse_layout(layout_of(entry))


SUPERVISION_DEFAULTS: dict[str, float] = {
    CONF_ABSENCE_CONFIRM: 30.0,
    CONF_PHONE_CONFIRM: 10.0,
    CONF_AWAY_ALERT: 300.0,
    CONF_PHONE_ALERT: 60.0,
    CONF_ALERT_COOLDOWN: 600.0,
}


def supervision_settings(options: Mapping[str, Any]) -> SupervisionSettings:
    """Debounce and alert times (seconds) from entry options, defaulting to the product's figures."""
    values = {key: float(options.get(key, default)) for key, default in SUPERVISION_DEFAULTS.items()}
    return SupervisionSettings(
        absence_confirm=values[CONF_ABSENCE_CONFIRM],
        phone_confirm=values[CONF_PHONE_CONFIRM],
        away_alert=values[CONF_AWAY_ALERT],
        phone_alert=values[CONF_PHONE_ALERT],
        cooldown=values[CONF_ALERT_COOLDOWN],
    )
