"""Buttons of a window: the officer's call next, recall, complete and no-show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import Platform
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import ATTR_WINDOW
from .entity import HallEntity, async_remove_stale_entities, window_device
from .hall import Hall, HallEvent
from .runtime import HallRuntime, ServiceHallConfigEntry
from .services import async_check_tablet
from .signals import window_key

PARALLEL_UPDATES = 1  # one press at a time per platform keeps a window's calls in order


@dataclass(frozen=True, kw_only=True)
class WindowButtonDescription(ButtonEntityDescription):
    """A window command."""

    press_fn: Callable[[Hall, int, datetime], list[HallEvent]]


WINDOW_BUTTONS: tuple[WindowButtonDescription, ...] = (
    WindowButtonDescription(
        key="call_next",
        translation_key="call_next",
        press_fn=lambda hall, n, now: hall.call_next(n, now),
    ),
    WindowButtonDescription(
        key="recall",
        translation_key="recall",
        press_fn=lambda hall, n, now: hall.recall(now, window=n),
    ),
    WindowButtonDescription(
        key="complete",
        translation_key="complete",
        press_fn=lambda hall, n, now: hall.complete(now, window=n),
    ),
    WindowButtonDescription(
        key="no_show",
        translation_key="no_show",
        press_fn=lambda hall, n, now: hall.no_show(now, window=n),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: ServiceHallConfigEntry,
    async_add_entities: AddEntitiesCallback,
) -> None:
    """Set up the buttons of every window."""
    runtime = entry.runtime_data
    entities = [
        WindowButton(runtime, description, number)
        for number in runtime.hall.layout.windows
        for description in WINDOW_BUTTONS
    ]
    async_remove_stale_entities(hass, runtime.coordinator, Platform.BUTTON, entities)
    async_add_entities(entities)


class WindowButton(HallEntity, ButtonEntity):
    """A command button at a window."""

    entity_description: WindowButtonDescription

    def __init__(self, runtime: HallRuntime, description: WindowButtonDescription, number: int) -> None:
        super().__init__(
            runtime.coordinator,
            f"window_{number}_{description.key}",
            window_device(runtime, number),
            (window_key(number),),
        )
        self.entity_description = description
        self._number = number

    async def async_press(self) -> None:
        """Run the command; a refused one raises a translated error.

        A tablet bound to another window is refused, as the actions refuse it.
        """
        await async_check_tablet(
            self.coordinator, self._context or Context(), "press", {ATTR_WINDOW: self._number}
        )
        hall = self.coordinator.hall
        await self.coordinator.async_execute(
            lambda now: self.entity_description.press_fn(hall, self._number, now)
        )

    def _handle_update(self) -> None:
        """A button's state is its last press: nothing to refresh on hall changes."""
