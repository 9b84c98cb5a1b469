"""Base entities of a hall: pushed by the coordinator, grouped under hall, window and staff devices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity

from .const import DOMAIN
from .coordinator import HallCoordinator
from .layout_entries import hall_language
from .runtime import HallRuntime

MANUFACTURER = "Service Hall"
# Device models as the hall's staff read them (Home Assistant translates device names, not models).
MODELS: dict[str, dict[str, str]] = {
    "zh-Hans": {"hall": "政务服务大厅", "window": "窗口", "staff": "工作人员"},
    "en": {"hall": "Service hall", "window": "Window", "staff": "Staff member"},
}


def _model(language: str, kind: str) -> str:
    return MODELS.get(language, MODELS["en"])[kind]


# Home Assistant 2026.10 links a device to its parent by the parent's registry id
# (`via_device_id`) and deprecates the parent's identifiers (`via_device`, gone in 2027.8);
# 2025.x knows only `via_device`.
VIA_DEVICE_ID = "via_device_id" in DeviceInfo.__optional_keys__


def hall_device(entry: ConfigEntry) -> DeviceInfo:
    """The hall itself."""
    return DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        name=entry.title,
        manufacturer=MANUFACTURER,
        model=_model(hall_language(entry), "hall"),
        entry_type=DeviceEntryType.SERVICE,
    )


def window_device(runtime: HallRuntime, number: int) -> DeviceInfo:
    """A window, under its hall."""
    entry_id = runtime.coordinator.entry.entry_id
    window = runtime.hall.layout.windows[number]
    info = DeviceInfo(
        identifiers={(DOMAIN, f"{entry_id}_window_{number}")},
        manufacturer=MANUFACTURER,
        model=_model(runtime.hall.settings.language, "window"),
    )
    _under_hall(info, runtime)
    if window.name:
        info["name"] = window.name
    else:
        info["translation_key"] = "window"
        info["translation_placeholders"] = {"number": str(number)}
    return info


def staff_device(runtime: HallRuntime, staff_number: str) -> DeviceInfo:
    """A staff member; identity comes from the window sign-in, never from a camera."""
    entry_id = runtime.coordinator.entry.entry_id
    person = runtime.hall.layout.staff[staff_number]
    info = DeviceInfo(
        identifiers={(DOMAIN, f"{entry_id}_staff_{staff_number}")},
        name=person.name,
        manufacturer=MANUFACTURER,
        model=person.department or _model(runtime.hall.settings.language, "staff"),
        serial_number=staff_number,
    )
    _under_hall(info, runtime)
    return info


def _under_hall(info: DeviceInfo, runtime: HallRuntime) -> None:
    """Make the device one of the hall's (the hall's device is registered before the platforms)."""
    if VIA_DEVICE_ID:
        info["via_device_id"] = runtime.hall_device_id  # type: ignore[typeddict-unknown-key]
    else:
        info["via_device"] = (DOMAIN, runtime.coordinator.entry.entry_id)


@callback
def async_remove_stale_entities(
    hass: HomeAssistant, coordinator: HallCoordinator, domain: str, entities: Iterable[Entity]
) -> None:
    """Remove a platform's registry entries that the layout no longer produces (a removed service)."""
    wanted = {entity.unique_id for entity in entities}
    registry = er.async_get(hass)
    for entry in er.async_entries_for_config_entry(registry, coordinator.entry.entry_id):
        if entry.domain == domain and entry.unique_id not in wanted:
            registry.async_remove(entry.entity_id)


class HallEntity(Entity):
    """An entity refreshed when the coordinator says its part of the hall changed."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(
        self,
        coordinator: HallCoordinator,
        unique_id: str,
        device_info: DeviceInfo,
        keys: tuple[tuple[Any, ...], ...],
    ) -> None:
        self.coordinator = coordinator
        self._attr_unique_id = f"{coordinator.entry.entry_id}_{unique_id}"
        self._attr_device_info = device_info
        self._keys = keys

    async def async_added_to_hass(self) -> None:
        """Listen to the coordinator."""
        await super().async_added_to_hass()
        for key in self._keys:
            self.async_on_remove(self.coordinator.async_add_listener(key, self._handle_update))

    def _handle_update(self) -> None:
        self.async_write_ha_state()
