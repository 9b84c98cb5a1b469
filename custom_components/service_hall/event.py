"""An event entity per window that fires on every call and recall, for voice and displays."""

from __future__ import annotations

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .announcements import call_attributes
from .entity import HallEntity, async_remove_stale_entities, window_device
from .runtime import HallRuntime, ServiceHallConfigEntry

PARALLEL_UPDATES = 0

EVENT_CALL = "call"
EVENT_RECALL = "recall"

CALL_DESCRIPTION = EventEntityDescription(
    key="call",
    translation_key="call",
    event_types=[EVENT_CALL, EVENT_RECALL],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ServiceHallConfigEntry,
    async_add_entities: AddEntitiesCallback,
) -> None:
    """Set up a call event entity per window."""
    runtime = entry.runtime_data
    entities: list[EventEntity] = [WindowCallEvent(runtime, number) for number in runtime.hall.layout.windows]
    entities.extend(WindowAlertEvent(runtime, number) for number in runtime.supervisor.seats)
    async_remove_stale_entities(hass, runtime.coordinator, Platform.EVENT, entities)
    async_add_entities(entities)


class WindowCallEvent(HallEntity, EventEntity):
    """Fires ``call`` or ``recall`` with the ticket, window, service and announcement texts."""

    entity_description = CALL_DESCRIPTION

    def __init__(self, runtime: HallRuntime, number: int) -> None:
        super().__init__(runtime.coordinator, f"window_{number}_call", window_device(runtime, number), ())
        self._number = number

    async def async_added_to_hass(self) -> None:
        """Listen to calls at this window."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_add_call_listener(self._number, self._on_call))

    @callback
    def _on_call(self, ticket: str, recall: bool) -> None:
        self._trigger_event(
            EVENT_RECALL if recall else EVENT_CALL,
            call_attributes(self.coordinator.hall, self._number, ticket),
        )
        self.async_write_ha_state()


ALERT_DESCRIPTION = EventEntityDescription(
    key="alert", translation_key="alert", event_types=["away", "phone"]
)


class WindowAlertEvent(HallEntity, EventEntity):
    """Fires ``away`` or ``phone`` when an officer's absence or phone use passes its alert time."""

    entity_description = ALERT_DESCRIPTION

    def __init__(self, runtime: HallRuntime, number: int) -> None:
        super().__init__(runtime.coordinator, f"window_{number}_alert", window_device(runtime, number), ())
        self._number = number

    async def async_added_to_hass(self) -> None:
        """Listen to alerts at this window."""
        await super().async_added_to_hass()
        self.async_on_remove(self.coordinator.async_add_alert_listener(self._number, self._on_alert))

    @callback
    def _on_alert(self, data: dict[str, Any]) -> None:
        self._trigger_event(data["kind"], {k: v for k, v in data.items() if k != "kind"})
        self.async_write_ha_state()
