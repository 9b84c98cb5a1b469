"""Sensors of a hall: per service, per window, per staff member and hall totals."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, EntityCategory, Platform, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .advisor import STAFFING, StaffingAdvisor
from .coordinator import HallCoordinator
from .entity import HallEntity, async_remove_stale_entities, hall_device, staff_device, window_device
from .hall import Hall, WindowStatus
from .hall.stats import StaffRecord, Tally, mean, percentile
from .hall.supervision import StaffState
from .runtime import ServiceHallConfigEntry
from .signals import (
    HALL,
    SUPERVISION_TICK,
    estimate_key,
    service_key,
    staff_key,
    wait_key,
    window_key,
)
from .supervision import SUPERVISION, Seat, StaffSupervisor, seat_key

PARALLEL_UPDATES = 0  # pushed, never polled

type ValueFn[K] = Callable[[Hall, K], StateType]
type AttrFn[K] = Callable[[Hall, K], dict[str, Any]]


@dataclass(frozen=True, kw_only=True)
class HallSensorDescription[K](SensorEntityDescription):
    """A sensor of one part of the hall, identified by ``K``."""

    value_fn: ValueFn[K]
    attr_fn: AttrFn[K] | None = None
    grows: bool = False  # grows with time while someone waits
    neighbours: bool = False  # moves with the services that share its windows


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _tally(tallies: dict[Any, Tally], key: Any) -> Tally:
    return tallies.get(key) or Tally()


def _satisfaction(tally: Tally) -> float | None:
    """Share of ratings that were 满意 or 非常满意 (grades 4 and 5), in percent; None before any."""
    share = tally.satisfaction()  # not summary(): it sorts every wait of the day
    return None if share is None else round(share * 100, 1)


def _satisfaction_today[K](
    translation_key: str, tallies: Callable[[Hall], dict[K, Tally]]
) -> HallSensorDescription[K]:
    """Today's satisfaction of a window or an officer, with the five grades as an attribute."""
    return HallSensorDescription[K](
        key="satisfaction_today",
        translation_key=translation_key,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda hall, part: _satisfaction(_tally(tallies(hall), part)),
        attr_fn=lambda hall, part: {"ratings": _tally(tallies(hall), part).grades()},
    )


def _service_attrs(_hall: Hall, service: str) -> dict[str, Any]:
    """The service's id: automations (the long-wait blueprint) look its figures up by it."""
    return {"service": service}


def _estimate_attrs(hall: Hall, service: str) -> dict[str, Any]:
    estimate = hall.estimate(service, dt_util.now())
    if estimate is None:
        return {"service": service}
    return {"service": service, "low": math.floor(estimate.low), "high": math.ceil(estimate.high)}


def _estimate(hall: Hall, service: str) -> int | None:
    # Whole minutes: what a screen shows, and far fewer state writes in a big hall.
    estimate = hall.estimate(service, dt_util.now())
    return None if estimate is None else round(estimate.point)


MINUTES = {
    "device_class": SensorDeviceClass.DURATION,
    "native_unit_of_measurement": UnitOfTime.MINUTES,
    "suggested_display_precision": 1,
    "state_class": SensorStateClass.MEASUREMENT,
}

SERVICE_SENSORS: tuple[HallSensorDescription[str], ...] = (
    HallSensorDescription[str](
        key="waiting",
        translation_key="service_waiting",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda hall, s: len(hall.state.waiting.get(s, {})),
        attr_fn=_service_attrs,
    ),
    HallSensorDescription[str](
        key="longest_wait",
        translation_key="service_longest_wait",
        value_fn=lambda hall, s: round(hall.longest_wait(s, dt_util.now()), 1),
        attr_fn=_service_attrs,
        grows=True,
        **MINUTES,  # type: ignore[arg-type]
    ),
    HallSensorDescription[str](
        key="estimated_wait",
        translation_key="service_estimated_wait",
        value_fn=_estimate,
        attr_fn=_estimate_attrs,
        neighbours=True,
        **MINUTES,  # type: ignore[arg-type]
    ),
    HallSensorDescription[str](
        key="served_today",
        translation_key="service_served_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda hall, s: _tally(hall.state.stats.services, s).served,
        attr_fn=_service_attrs,
    ),
)


def _window_ticket_attrs(hall: Hall, number: int) -> dict[str, Any]:
    ticket = hall.current_ticket(number)
    if ticket is None:
        return {}
    return {
        "service": ticket.service,
        "service_name": hall.service(ticket.service).name(hall.settings.language)
        if ticket.service in hall.layout.services
        else ticket.service,
        "called_at": ticket.last_call_at.isoformat() if ticket.last_call_at else None,
        "recalls": ticket.recalls,
    }


def _staff_name(hall: Hall, number: int) -> str | None:
    staff = hall.state.window(number).staff
    person = hall.layout.staff.get(staff) if staff else None
    return person.name if person else staff


def _staff_attrs(hall: Hall, number: int) -> dict[str, Any]:
    staff = hall.state.window(number).staff
    person = hall.layout.staff.get(staff) if staff else None
    if person is None:
        return {}
    return {"staff_number": person.staff_number, "department": person.department, "photo": person.photo}


WINDOW_SENSORS: tuple[HallSensorDescription[int], ...] = (
    HallSensorDescription[int](
        key="current_ticket",
        translation_key="window_current_ticket",
        value_fn=lambda hall, n: t.number if (t := hall.current_ticket(n)) else None,
        attr_fn=_window_ticket_attrs,
    ),
    HallSensorDescription[int](
        key="status",
        translation_key="window_status",
        device_class=SensorDeviceClass.ENUM,
        options=[str(s) for s in WindowStatus],
        value_fn=lambda hall, n: str(hall.window_status(n)),
        attr_fn=lambda hall, n: {"pause_reason": hall.state.window(n).pause_reason},
    ),
    HallSensorDescription[int](
        key="staff",
        translation_key="window_staff",
        value_fn=_staff_name,
        attr_fn=_staff_attrs,
    ),
    HallSensorDescription[int](
        key="served_today",
        translation_key="window_served_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda hall, n: _tally(hall.state.stats.windows, n).served,
    ),
    _satisfaction_today("window_satisfaction_today", lambda hall: hall.state.stats.windows),
    HallSensorDescription[int](
        key="mean_handling_time",
        translation_key="window_mean_handling_time",
        value_fn=lambda hall, n: _minutes(mean(_tally(hall.state.stats.windows, n).handling)),
        **MINUTES,  # type: ignore[arg-type]
    ),
)

STAFF_SENSORS: tuple[HallSensorDescription[str], ...] = (
    HallSensorDescription[str](
        key="served_today",
        translation_key="staff_served_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda hall, p: _tally(hall.state.stats.staff, p).served,
    ),
    _satisfaction_today("staff_satisfaction_today", lambda hall: hall.state.stats.staff),
)


def _record(hall: Hall, staff: str) -> StaffRecord:
    return hall.state.stats.supervision.get(staff) or StaffRecord()


STAFF_RECORD_SENSORS: tuple[HallSensorDescription[str], ...] = (
    HallSensorDescription[str](
        key="away_minutes_today",
        translation_key="staff_away_minutes_today",
        value_fn=lambda hall, p: round(_record(hall, p).away_minutes(dt_util.now()), 1),
        grows=True,
        **MINUTES,  # type: ignore[arg-type]
    ),
    HallSensorDescription[str](
        key="phone_episodes_today",
        translation_key="staff_phone_episodes_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda hall, p: _record(hall, p).phone_episodes,
    ),
    HallSensorDescription[str](
        key="alerts_today",
        translation_key="staff_alerts_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda hall, p: _record(hall, p).alerts,
    ),
)

HALL_SENSORS: tuple[HallSensorDescription[None], ...] = (
    HallSensorDescription[None](
        key="waiting",
        translation_key="hall_waiting",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda hall, _: hall.state.waiting_total,
    ),
    HallSensorDescription[None](
        key="issued_today",
        translation_key="hall_issued_today",
        # Its hourly change in long-term statistics is the arrivals per hour.
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda hall, _: hall.state.stats.issued,
    ),
    HallSensorDescription[None](
        key="served_today",
        translation_key="hall_served_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda hall, _: hall.state.stats.hall.served,
    ),
    HallSensorDescription[None](
        key="mean_wait_today",
        translation_key="hall_mean_wait_today",
        value_fn=lambda hall, _: _minutes(mean(hall.state.stats.hall.waits)),
        **MINUTES,  # type: ignore[arg-type]
    ),
    HallSensorDescription[None](
        key="p90_wait_today",
        translation_key="hall_p90_wait_today",
        value_fn=lambda hall, _: _minutes(percentile(hall.state.stats.hall.waits, 90)),
        **MINUTES,  # type: ignore[arg-type]
    ),
    HallSensorDescription[None](
        key="no_shows_today",
        translation_key="hall_no_shows_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda hall, _: hall.state.stats.hall.no_shows,
    ),
    HallSensorDescription[None](
        key="mean_handling_today",
        translation_key="hall_mean_handling_today",
        value_fn=lambda hall, _: _minutes(mean(hall.state.stats.hall.handling)),
        **MINUTES,  # type: ignore[arg-type]
    ),
    HallSensorDescription[None](
        key="satisfaction_today",
        translation_key="hall_satisfaction_today",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda hall, _: _satisfaction(hall.state.stats.hall),
        attr_fn=lambda hall, _: {"ratings": hall.state.stats.hall.grades()},
    ),
    HallSensorDescription[None](
        key="estimate_error_today",
        translation_key="hall_estimate_error_today",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda hall, _: _minutes(hall.state.stats.estimate_error()),
        attr_fn=lambda hall, _: {
            "measured": len(hall.state.stats.estimate_errors),
            "bias": _minutes(hall.state.stats.estimate_bias()),
        },
        **MINUTES,  # type: ignore[arg-type]
    ),
)


HALL_SUPERVISION_SENSORS: tuple[HallSensorDescription[None], ...] = (
    HallSensorDescription[None](
        key="alerts_today",
        translation_key="hall_alerts_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda hall, _: len(hall.state.alerts),
        attr_fn=lambda hall, _: {
            "unacknowledged": sorted(a for a, r in hall.state.alerts.items() if r.acknowledged_at is None)
        },
    ),
)

STAFF_STATE_DESCRIPTION = SensorEntityDescription(
    key="staff_state",
    translation_key="window_staff_state",
    device_class=SensorDeviceClass.ENUM,
    options=[str(s) for s in StaffState],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ServiceHallConfigEntry,
    async_add_entities: AddEntitiesCallback,
) -> None:
    """Set up the hall's sensors."""
    runtime = entry.runtime_data
    coordinator, supervisor = runtime.coordinator, runtime.supervisor
    layout = coordinator.hall.layout
    language = coordinator.language
    hall_info = hall_device(entry)
    entities: list[SensorEntity] = [
        HallSensor[None](coordinator, d, None, f"hall_{d.key}", hall_info, (HALL,)) for d in HALL_SENSORS
    ]
    for service in layout.services.values():
        for d in SERVICE_SENSORS:
            keys: list[tuple[Any, ...]] = [
                estimate_key(service.id) if d.neighbours else service_key(service.id)
            ]
            if d.grows:
                keys.append(wait_key(service.id))
            sensor = HallSensor[str](
                coordinator, d, service.id, f"service_{service.id}_{d.key}", hall_info, tuple(keys)
            )
            sensor._attr_translation_placeholders = {"service": service.name(language)}
            entities.append(sensor)
    for number in layout.windows:
        entities.extend(
            HallSensor[int](
                coordinator,
                d,
                number,
                f"window_{number}_{d.key}",
                window_device(runtime, number),
                (window_key(number),),
            )
            for d in WINDOW_SENSORS
        )
    for staff_number in layout.staff:
        device = staff_device(runtime, staff_number)
        entities.extend(
            HallSensor[str](
                coordinator,
                d,
                staff_number,
                f"staff_{staff_number}_{d.key}",
                device,
                (staff_key(staff_number),),
            )
            for d in STAFF_SENSORS
        )
        if supervisor.seats:
            entities.extend(
                HallSensor[str](
                    coordinator,
                    d,
                    staff_number,
                    f"staff_{staff_number}_{d.key}",
                    device,
                    (staff_key(staff_number), SUPERVISION_TICK),
                )
                for d in STAFF_RECORD_SENSORS
            )
            entities.append(StaffMemberStateSensor(coordinator, supervisor, staff_number, device))
    for number, seat in supervisor.seats.items():
        entities.append(StaffStateSensor(coordinator, seat, window_device(runtime, number)))
    if supervisor.seats:
        entities.extend(
            HallSensor[None](coordinator, d, None, f"hall_{d.key}", hall_info, (HALL, SUPERVISION))
            for d in HALL_SUPERVISION_SENSORS
        )
        entities.append(StaffPresentSensor(coordinator, supervisor, hall_info))
    entities.extend(_staffing_sensors(coordinator, runtime.advisor, hall_info))
    async_remove_stale_entities(hass, coordinator, Platform.SENSOR, entities)
    async_add_entities(entities)


def _staffing_sensors(
    coordinator: HallCoordinator, advisor: StaffingAdvisor, device: DeviceInfo
) -> list[SensorEntity]:
    """Arrivals an hour and windows short for the hall; windows needed for each group of services."""
    names = advisor.names()
    entities: list[SensorEntity] = [
        StaffingSensor(coordinator, advisor, ARRIVALS_DESCRIPTION, None, device),
        StaffingSensor(coordinator, advisor, SHORT_DESCRIPTION, None, device),
    ]
    for group in advisor.groups:
        sensor = StaffingSensor(coordinator, advisor, NEEDED_DESCRIPTION, group[0], device)
        shown = "、".join(names[s] for s in group[:GROUP_NAMES_SHOWN])
        if len(group) > GROUP_NAMES_SHOWN:
            shown += f" +{len(group) - GROUP_NAMES_SHOWN}"
        sensor._attr_translation_placeholders = {"group": shown}
        entities.append(sensor)
    return entities


class HallSensor[K](HallEntity, SensorEntity):
    """A figure of the hall."""

    entity_description: HallSensorDescription[K]

    def __init__(
        self,
        coordinator: HallCoordinator,
        description: HallSensorDescription[K],
        part: K,
        unique_id: str,
        device_info: Any,
        keys: tuple[tuple[Any, ...], ...],
    ) -> None:
        super().__init__(coordinator, unique_id, device_info, keys)
        self.entity_description = description
        self._part = part
        self._refresh()

    def _refresh(self) -> bool:
        """Compute the figure once; answer whether it changed."""
        description = self.entity_description
        hall = self.coordinator.hall
        value = description.value_fn(hall, self._part)
        attributes = description.attr_fn(hall, self._part) if description.attr_fn else {}
        if value == self._attr_native_value and attributes == getattr(
            self, "_attr_extra_state_attributes", None
        ):
            return False
        self._attr_native_value = value
        self._attr_extra_state_attributes = attributes
        return True

    def _handle_update(self) -> None:
        # Ticks come every few seconds for thousands of sensors: write only what changed.
        if self._refresh():
            self.async_write_ha_state()


class ComputedSensor(HallEntity, SensorEntity):
    """A sensor whose state is computed from the hall and its supervisor, written only when it changes."""

    def __init__(
        self,
        coordinator: HallCoordinator,
        unique_id: str,
        device_info: Any,
        keys: tuple[tuple[Any, ...], ...],
    ) -> None:
        super().__init__(coordinator, unique_id, device_info, keys)
        self._attr_native_value = self._compute()

    def _compute(self) -> StateType:
        raise NotImplementedError

    def _handle_update(self) -> None:
        value = self._compute()
        if value != self._attr_native_value:
            self._attr_native_value = value
            self.async_write_ha_state()


class StaffStateSensor(ComputedSensor):
    """A supervised window's officer: present, away, on the phone, paused, signed out or unknown."""

    entity_description = STAFF_STATE_DESCRIPTION

    def __init__(self, coordinator: HallCoordinator, seat: Seat, device_info: Any) -> None:
        self._seat = seat  # the window's seat: supervised for as long as the hall runs
        super().__init__(
            coordinator, f"window_{seat.window}_staff_state", device_info, (seat_key(seat.window),)
        )

    def _compute(self) -> str:
        return str(self._seat.monitor.state)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Since when, and who."""
        return {
            "since": self._seat.monitor.since.isoformat(),
            "staff_number": self.coordinator.hall.state.window(self._seat.window).staff,
        }


class StaffMemberStateSensor(ComputedSensor):
    """A staff member's state: that of the supervised window they are signed in at, or signed out."""

    entity_description = SensorEntityDescription(
        key="state",
        translation_key="staff_state",
        device_class=SensorDeviceClass.ENUM,
        options=[str(s) for s in StaffState],
    )

    def __init__(
        self, coordinator: HallCoordinator, supervisor: StaffSupervisor, staff_number: str, device_info: Any
    ) -> None:
        self._supervisor = supervisor
        self._staff = staff_number
        super().__init__(
            coordinator, f"staff_{staff_number}_state", device_info, (SUPERVISION, staff_key(staff_number))
        )

    def _compute(self) -> str:
        window = self.coordinator.hall.state.staff_window.get(self._staff)
        if window is None:
            return str(StaffState.SIGNED_OUT)
        state = self._supervisor.state_of(window)
        return str(state) if state is not None else str(StaffState.UNKNOWN)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The window the staff member is signed in at."""
        return {"window": self.coordinator.hall.state.staff_window.get(self._staff)}


class StaffPresentSensor(ComputedSensor):
    """Officers at their seats now (present or on the phone) over the supervised windows."""

    entity_description = SensorEntityDescription(
        key="staff_present", translation_key="hall_staff_present", state_class=SensorStateClass.MEASUREMENT
    )

    def __init__(self, coordinator: HallCoordinator, supervisor: StaffSupervisor, device_info: Any) -> None:
        self._supervisor = supervisor
        super().__init__(coordinator, "hall_staff_present", device_info, (SUPERVISION,))

    def _compute(self) -> int:
        at_seat = (StaffState.PRESENT, StaffState.PHONE)
        return sum(1 for seat in self._supervisor.seats.values() if seat.monitor.state in at_seat)


GROUP_NAMES_SHOWN = 3  # services named in a group's sensor; the rest are counted
ARRIVALS_DESCRIPTION = SensorEntityDescription(
    key="arrivals_per_hour",
    translation_key="hall_arrivals_per_hour",
    native_unit_of_measurement="tickets/h",
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=0,
)
SHORT_DESCRIPTION = SensorEntityDescription(
    key="windows_short", translation_key="hall_windows_short", state_class=SensorStateClass.MEASUREMENT
)
NEEDED_DESCRIPTION = SensorEntityDescription(
    key="windows_needed", translation_key="group_windows_needed", state_class=SensorStateClass.MEASUREMENT
)


class StaffingSensor(ComputedSensor):
    """Staffing advice: the hall's arrivals and shortfall, or one group's windows needed."""

    def __init__(
        self,
        coordinator: HallCoordinator,
        advisor: StaffingAdvisor,
        description: SensorEntityDescription,
        group: str | None,
        device_info: Any,
    ) -> None:
        self._advisor = advisor
        self.entity_description = description
        self._group = group
        unique_id = f"hall_{description.key}" if group is None else f"group_{group}_{description.key}"
        super().__init__(coordinator, unique_id, device_info, (STAFFING,))

    def _compute(self) -> StateType:
        advisor = self._advisor
        key = self.entity_description.key
        if key == "arrivals_per_hour":
            return advisor.arrivals_per_hour
        if key == "windows_short":
            return sum(a.short for a in advisor.advice.values())
        advice = advisor.advice.get(self._group or "")
        return None if advice is None else advice.needed

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """A group's figures; for the hall, the groups that lack windows."""
        advisor = self._advisor
        if self._group is not None:
            advice = advisor.advice.get(self._group)
            return advice.as_dict() if advice else {}
        if self.entity_description.key == "windows_short":
            return {"groups": [a.as_dict() for a in advisor.advice.values() if a.short]}
        return {}

    def _handle_update(self) -> None:
        # Once a minute: the figures behind the state move even when the state does not.
        self._attr_native_value = self._compute()
        self.async_write_ha_state()
