"""What the hall's features see of a running hall: its listener keys, its change signal, a Protocol.

The coordinator owns the hall and commits its events; the features (supervision, units, the
advisor, the bus events) subscribe to what it tells and run commands through it. They import
this module, not the coordinator, so the coordinator can hold them without an import circle
(tests/test_imports.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant

from .hall import Hall, HallEvent

type Command = Callable[[datetime], list[HallEvent]]
type CallListener = Callable[[str, bool], None]
type AlertListener = Callable[[dict[str, Any]], None]
# The hall's change signal: the events of one commit, once they are on disk and applied.
type EventsListener = Callable[[Sequence[HallEvent]], None]

HALL = ("hall",)
UNLOADED = ("unloaded",)  # the hall is going away: live views let go of it
TICK = ("tick",)  # the hall's periodic tick: time alone may have changed a context (opening hours)
SUPERVISION_TICK = ("supervision_tick",)  # figures that grow with time: minutes away today


def service_key(service: str) -> tuple[str, str]:
    """Listener key of a service's entities."""
    return ("service", service)


def window_key(window: int) -> tuple[str, int]:
    """Listener key of a window's entities."""
    return ("window", window)


def wait_key(service: str) -> tuple[str, str]:
    """Listener key of a service's figures that grow with time while someone waits."""
    return ("wait", service)


def estimate_key(service: str) -> tuple[str, str]:
    """Listener key of a service's estimated wait, which also moves with its neighbours."""
    return ("estimate", service)


def staff_key(staff: str) -> tuple[str, str]:
    """Listener key of a staff member's entities."""
    return ("staff", staff)


class RunningHall(Protocol):
    """A running hall as its features use it (the coordinator is one)."""

    hass: HomeAssistant
    entry: ConfigEntry[Any]
    hall: Hall

    @property
    def language(self) -> str:
        """The hall's language."""

    async def async_execute(self, command: Command) -> list[HallEvent]:
        """Run a command: its events committed (journal, state, listeners) or refused translated."""

    def async_add_listener(self, key: tuple[Any, ...], update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``update`` when what ``key`` names changes; answers the remover."""

    def async_add_call_listener(self, window: int, on_call: CallListener) -> CALLBACK_TYPE:
        """Call ``on_call(ticket, recall)`` on every call at a window."""

    def async_subscribe_events(self, on_events: EventsListener) -> CALLBACK_TYPE:
        """Call ``on_events(events)`` after each commit; answers the remover."""

    def fire(self, key: tuple[Any, ...]) -> None:
        """Refresh what listens to ``key``."""

    def fire_alert(self, window: int, data: dict[str, Any]) -> None:
        """Tell a window's alert entity."""
