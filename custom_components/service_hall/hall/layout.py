"""A hall's layout (services, windows, staff): parsed from plain data, validated, written back.

The same shape is used in the config entry's options and in the YAML files that bulk-import
large halls, so one parser serves both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import HallError
from .model import Service, Staff, Window

_SERVICE_ID = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{0,2}$")
_UNIT = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_ZONE = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_TOPIC_PREFIX = re.compile(r"^[^#+\s]{1,64}$")
MAX_WINDOW_NUMBER = 999


@dataclass(frozen=True, slots=True)
class HallLayout:
    """Services, windows and staff by their ids."""

    services: dict[str, Service] = field(default_factory=dict)
    windows: dict[int, Window] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    _serving: dict[str, tuple[Window, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Estimates ask this for every service on every refresh: index it once.
        serving: dict[str, list[Window]] = {}
        for window in self.windows.values():
            for service in window.services:
                serving.setdefault(service, []).append(window)
        object.__setattr__(self, "_serving", {k: tuple(v) for k, v in serving.items()})

    def windows_serving(self, service: str) -> tuple[Window, ...]:
        """Windows that serve a service."""
        return self._serving.get(service, ())

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        """The plain form :func:`parse_layout` reads."""
        return {
            "services": [
                {
                    "id": s.id,
                    "prefix": s.prefix,
                    "name": {"zh-Hans": s.name_zh, "en": s.name_en},
                    "target_wait": s.target_wait,
                    "daily_cap": s.daily_cap,
                    "handling_time": s.handling_time,
                    **{
                        key: value
                        for key, value in (
                            ("appointment_early", s.appointment_early),
                            ("appointment_late", s.appointment_late),
                        )
                        if value is not None
                    },
                }
                for s in self.services.values()
            ],
            "windows": [_window_dict(w) for w in self.windows.values()],
            "staff": [
                {
                    "staff_number": p.staff_number,
                    "name": p.name,
                    "department": p.department,
                    "photo": p.photo,
                }
                for p in self.staff.values()
            ],
        }


def _window_dict(window: Window) -> dict[str, Any]:
    out: dict[str, Any] = {"number": window.number, "name": window.name, "services": dict(window.services)}
    optional = {
        "seat_zone": window.seat_zone,
        "camera": window.camera,
        "frigate": "" if window.frigate == "frigate" else window.frigate,
        "presence_entity": window.presence_entity,
        "phone_entity": window.phone_entity,
        "unit": window.unit,
    }
    out.update({key: value for key, value in optional.items() if value})
    return out


def _invalid(where: str, problem: str) -> HallError:
    return HallError("layout_invalid", where=where, problem=problem)


def _number(value: Any, where: str, *, integer: bool = False, minimum: float = 0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _invalid(where, "not a number")
    if integer and not isinstance(value, int):
        raise _invalid(where, "not a whole number")
    if value <= minimum:
        raise _invalid(where, f"must be more than {minimum:g}")
    return value


def _text(value: Any, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise _invalid(where, "not text")
    text = str(value).strip()
    if required and not text:
        raise _invalid(where, "empty")
    return text


def _items(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = data.get(key) or []
    if not isinstance(items, list):
        raise _invalid(key, "not a list")
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise _invalid(f"{key}[{index}]", "not a mapping")
    return items


def parse_service(item: Mapping[str, Any], where: str = "service") -> Service:
    """One service from plain data."""
    service_id = _text(item.get("id"), f"{where}.id")
    if not _SERVICE_ID.match(service_id):
        raise _invalid(f"{where}.id", "use lowercase letters, digits and _")
    prefix = _text(item.get("prefix"), f"{where}.prefix").upper()
    if not _PREFIX.match(prefix):
        raise _invalid(f"{where}.prefix", "one to three letters or digits, starting with a letter")
    names = item.get("name")
    if isinstance(names, Mapping):
        name_zh = _text(names.get("zh-Hans") or names.get("en"), f"{where}.name")
        name_en = _text(names.get("en") or names.get("zh-Hans"), f"{where}.name")
    else:
        name_zh = _text(item.get("name_zh") or names or item.get("name_en"), f"{where}.name")
        name_en = _text(item.get("name_en") or names or name_zh, f"{where}.name")
    cap = item.get("daily_cap")
    return Service(
        id=service_id,
        prefix=prefix,
        name_zh=name_zh,
        name_en=name_en,
        target_wait=_number(item.get("target_wait", 10), f"{where}.target_wait"),
        daily_cap=None if cap in (None, 0) else int(_number(cap, f"{where}.daily_cap", integer=True)),
        handling_time=_number(item.get("handling_time", 5), f"{where}.handling_time"),
        appointment_early=_optional_number(item, "appointment_early", where),
        appointment_late=_optional_number(item, "appointment_late", where),
    )


def _optional_number(item: Mapping[str, Any], key: str, where: str) -> float | None:
    """Minutes from 0 to a day, or None when not given."""
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 24 * 60:
        raise _invalid(f"{where}.{key}", "minutes from 0 to 1440")
    return float(value)


def parse_window(item: Mapping[str, Any], services: Mapping[str, Service], where: str = "window") -> Window:
    """One window from plain data; its services must exist."""
    number = int(_number(item.get("number"), f"{where}.number", integer=True))
    if number > MAX_WINDOW_NUMBER:
        raise _invalid(f"{where}.number", f"at most {MAX_WINDOW_NUMBER}")
    served = item.get("services")
    weights: dict[str, float]
    if isinstance(served, Mapping):
        weights = {str(k): _number(v, f"{where}.services.{k}") for k, v in served.items()}
    elif isinstance(served, list):
        weights = {str(k): 1.0 for k in served}
    else:
        raise _invalid(f"{where}.services", "a list of service ids, or ids with weights")
    if not weights:
        raise _invalid(f"{where}.services", "empty")
    for service_id in weights:
        if service_id not in services:
            raise _invalid(f"{where}.services", f"unknown service {service_id}")
    seat_zone = _text(item.get("seat_zone"), f"{where}.seat_zone", required=False)
    if seat_zone and not _ZONE.match(seat_zone):
        raise _invalid(f"{where}.seat_zone", "a Frigate zone name: letters, digits and _")
    frigate = _text(item.get("frigate"), f"{where}.frigate", required=False) or "frigate"
    if not _TOPIC_PREFIX.match(frigate):
        raise _invalid(f"{where}.frigate", "an MQTT topic prefix without wildcards")
    unit = _text(item.get("unit"), f"{where}.unit", required=False)
    if unit and not _UNIT.match(unit):
        raise _invalid(f"{where}.unit", "an ESPHome node name: lowercase letters, digits and -")
    entities: dict[str, str] = {}
    for key in ("presence_entity", "phone_entity"):
        entities[key] = _text(item.get(key), f"{where}.{key}", required=False)
        if entities[key] and not entities[key].startswith("binary_sensor."):
            raise _invalid(f"{where}.{key}", "a binary_sensor entity id")
    return Window(
        number=number,
        services=weights,
        name=_text(item.get("name"), f"{where}.name", required=False),
        seat_zone=seat_zone,
        camera=_text(item.get("camera"), f"{where}.camera", required=False),
        frigate=frigate,
        unit=unit,
        **entities,
    )


def parse_staff(item: Mapping[str, Any], where: str = "staff") -> Staff:
    """One staff member from plain data."""
    return Staff(
        staff_number=_text(item.get("staff_number"), f"{where}.staff_number"),
        name=_text(item.get("name"), f"{where}.name"),
        department=_text(item.get("department"), f"{where}.department", required=False),
        photo=_text(item.get("photo"), f"{where}.photo", required=False),
    )


def parse_layout(data: Any) -> HallLayout:
    """Validate a whole layout; raises ``HallError('layout_invalid')`` naming the first problem."""
    if not isinstance(data, Mapping):
        raise _invalid("layout", "not a mapping")
    services: dict[str, Service] = {}
    for index, item in enumerate(_items(data, "services")):
        service = parse_service(item, f"services[{index}]")
        if service.id in services:
            raise _invalid(f"services[{index}].id", f"duplicate {service.id}")
        services[service.id] = service
    windows: dict[int, Window] = {}
    for index, item in enumerate(_items(data, "windows")):
        window = parse_window(item, services, f"windows[{index}]")
        if window.number in windows:
            raise _invalid(f"windows[{index}].number", f"duplicate {window.number}")
        windows[window.number] = window
    staff: dict[str, Staff] = {}
    for index, item in enumerate(_items(data, "staff")):
        person = parse_staff(item, f"staff[{index}]")
        if person.staff_number in staff:
            raise _invalid(f"staff[{index}].staff_number", f"duplicate {person.staff_number}")
        staff[person.staff_number] = person
    return HallLayout(services=services, windows=windows, staff=staff)
