"""Binary sensors of a supervised window: the seat occupied, a phone in use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .entity import HallEntity, async_remove_stale_entities, window_device
from .runtime import HallRuntime, ServiceHallConfigEntry
from .supervision import Seat, seat_key

PARALLEL_UPDATES = 0  # pushed, never polled


@dataclass(frozen=True, kw_only=True)
class SeatBinarySensorDescription(BinarySensorEntityDescription):
    """What a seat's sources say, before any debounce."""

    value_fn: Callable[[Seat], bool | None]


SEAT_SENSORS: tuple[SeatBinarySensorDescription, ...] = (
    SeatBinarySensorDescription(
        key="seat_occupied",
        translation_key="seat_occupied",
        device_class=BinarySensorDeviceClass.OCCUPANCY,
        value_fn=lambda seat: seat.person,
    ),
    SeatBinarySensorDescription(
        key="phone_in_use",
        translation_key="phone_in_use",
        # A phone counts only while the officer is at the seat.
        value_fn=lambda seat: (
            None if seat.phone is None or seat.person is None else seat.phone and seat.person
        ),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ServiceHallConfigEntry,
    async_add_entities: AddEntitiesCallback,
) -> None:
    """Set up the binary sensors of every supervised window."""
    runtime = entry.runtime_data
    entities = [
        SeatBinarySensor(runtime, description, seat)
        for seat in runtime.supervisor.seats.values()
        for description in SEAT_SENSORS
    ]
    async_remove_stale_entities(hass, runtime.coordinator, Platform.BINARY_SENSOR, entities)
    async_add_entities(entities)


class SeatBinarySensor(HallEntity, BinarySensorEntity):
    """A seat's raw observation (unknown while its source is unavailable)."""

    entity_description: SeatBinarySensorDescription

    def __init__(self, runtime: HallRuntime, description: SeatBinarySensorDescription, seat: Seat) -> None:
        super().__init__(
            runtime.coordinator,
            f"window_{seat.window}_{description.key}",
            window_device(runtime, seat.window),
            (seat_key(seat.window),),
        )
        self.entity_description = description
        self._seat = seat

    @property
    def is_on(self) -> bool | None:
        """The observation."""
        return self.entity_description.value_fn(self._seat)

    def _handle_update(self) -> None:
        if self.is_on != self._attr_is_on:
            self._attr_is_on = self.is_on
            self.async_write_ha_state()
