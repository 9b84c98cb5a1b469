"""ESPHome window units: their keys drive the window, the window drives their display.

A unit fires ``esphome.service_hall_key`` events (key ``next``, ``recall``, ``pause`` or ``rate``
with a ``grade``, and its node name as ``unit``); the window it is assigned to (the window's
``unit`` in the layout) carries them out. Whenever the window's ticket or pause changes, the
unit's API actions (``esphome.<node>_show_ticket`` …) are called in the background: a unit that is
offline never holds up calling, and it is brought up to date when its actions come back.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from homeassistant.const import EVENT_SERVICE_REGISTERED
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from .const import DOMAIN, EVENT_KEY
from .hall import HallEvent
from .hall.events import EventKind
from .signals import SUPERVISION_TICK, Command, RunningHall, window_key

_LOGGER = logging.getLogger(__name__)

ESPHOME = "esphome"
PAUSE_REASON = "pause key"
# On 2025.x an offline unit keeps its actions (no "registered" event when it returns): a failed
# push is tried again this often, so the display is right within seconds of its return.
RETRY_S = 2.0


def action_prefix(unit: str) -> str:
    """ESPHome names a node's API actions ``<node name with - as _>_<action>``."""
    return unit.replace("-", "_")


@dataclass(slots=True)
class Display:
    """What a unit shows: pushed only when it changes."""

    ticket: str = ""
    paused: bool = False
    dim: bool = False  # outside opening hours
    completed: str = ""  # the last ticket completed there (arms the rating keys)


@dataclass(slots=True)
class Unit:
    """A unit assigned to a window."""

    name: str
    window: int
    shown: Display | None = None  # what was last pushed, None before the first push
    offline_since: datetime | None = None  # its actions were missing when last needed
    keys: Counter[str] = field(default_factory=Counter)
    retry: CALLBACK_TYPE | None = None  # a push is tried again while the unit's connection is down


class WindowUnits:
    """The hall's window units."""

    def __init__(
        self, hass: HomeAssistant, coordinator: RunningHall, *, rating_window: float, offline_after: float
    ) -> None:
        self.hass = hass
        self.coordinator = coordinator
        self.rating_window = rating_window
        self.offline_after = offline_after  # seconds before an offline unit is a repair issue
        self.units: dict[str, Unit] = {
            w.unit: Unit(w.unit, w.number) for w in coordinator.hall.layout.windows.values() if w.unit
        }
        self.ignored: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self._unsubscribe: list[CALLBACK_TYPE] = []

    @callback
    def async_start(self) -> None:
        """Listen to the keys, to window changes, and to units coming back."""
        if not self.units:
            return
        self._unsubscribe.append(self.hass.bus.async_listen(EVENT_KEY, self._on_key))
        self._unsubscribe.append(
            self.hass.bus.async_listen(EVENT_SERVICE_REGISTERED, self._on_service_registered)
        )
        for unit in self.units.values():
            self._unsubscribe.append(
                self.coordinator.async_add_listener(window_key(unit.window), self._window_listener(unit))
            )
            self._push(unit)
        self._unsubscribe.append(self.coordinator.async_subscribe_events(self._on_events))
        self._unsubscribe.append(self.coordinator.async_add_listener(SUPERVISION_TICK, self.check))

    @callback
    def async_stop(self) -> None:
        """Stop listening."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        for unit in self.units.values():
            if unit.retry is not None:
                unit.retry()
                unit.retry = None

    # Keys

    @callback
    def _on_key(self, event: Event) -> None:
        data = event.data
        unit = self.units.get(str(data.get("unit", "")))
        if unit is None:
            self.ignored["unknown_unit"] += 1
            return
        key = str(data.get("key"))
        command = self._command(unit.window, key, data.get("grade"))
        if command is None:
            self.ignored["unknown_key"] += 1
            return
        unit.keys[key] += 1
        self.hass.async_create_task(self._async_run(unit, key, command), eager_start=True)

    def _command(self, number: int, key: str, grade: Any) -> Command | None:
        hall = self.coordinator.hall
        if key == "next":
            return lambda now: hall.call_next(number, now)
        if key == "recall":
            return lambda now: hall.recall(now, window=number)
        if key == "pause":
            return lambda now: hall.toggle_pause(number, now, reason=PAUSE_REASON)
        if key == "rate" and (value := _grade(grade)) is not None:
            return lambda now: hall.rate_at_window(number, value, now, within=self.rating_window)
        return None

    async def _async_run(self, unit: Unit, key: str, command: Command) -> None:
        try:
            await self.coordinator.async_execute(command)
        except HomeAssistantError as err:
            # A key cannot answer with an error message: count it and say it in the log.
            self.refused[f"{key}:{getattr(err, 'translation_key', None) or 'error'}"] += 1
            _LOGGER.info("Key %s at window %s (unit %s) refused: %s", key, unit.window, unit.name, err)

    # Display

    def _window_listener(self, unit: Unit) -> CALLBACK_TYPE:
        @callback
        def changed() -> None:
            self._push(unit)

        return changed

    @callback
    def _on_events(self, events: Sequence[HallEvent]) -> None:
        """A recall shows the same ticket again, so the unit blinks as for a call."""
        tickets = self.coordinator.hall.state.tickets
        for event in events:
            if event.kind is not EventKind.RECALL or (ticket := tickets.get(event.ticket or "")) is None:
                continue
            for unit in self.units.values():
                if unit.window == ticket.window:
                    self.hass.async_create_task(
                        self._async_call(unit, "show_ticket", {"value": ticket.number}), eager_start=True
                    )

    @callback
    def _on_service_registered(self, event: Event) -> None:
        """A unit's actions reappear when it reconnects: bring its display up to date at once."""
        if event.data.get("domain") != ESPHOME:
            return
        service = str(event.data.get("service", ""))
        for unit in self.units.values():
            # ESPHome registers a unit's actions one by one; each one pushes what may have failed.
            if service.startswith(f"{action_prefix(unit.name)}_"):
                unit.shown = None
                self._push(unit)

    def display_of(self, unit: Unit) -> Display:
        """What the unit should show now."""
        hall = self.coordinator.hall
        state = hall.state.window(unit.window)
        last = hall.last_completed(unit.window)
        ticket = hall.current_ticket(unit.window)
        return Display(
            ticket=ticket.number if ticket else "",
            paused=state.paused,
            dim=not hall.is_open(dt_util.now()),
            completed=last.number if last else "",
        )

    def _push(self, unit: Unit) -> None:
        wanted = self.display_of(unit)
        shown, unit.shown = unit.shown, wanted
        calls: list[tuple[str, dict[str, Any]]] = []
        if shown is None or shown.ticket != wanted.ticket:
            calls.append(("show_ticket", {"value": wanted.ticket}))
        if shown is None or shown.paused != wanted.paused:
            calls.append(("show_paused", {"value": wanted.paused}))
        if shown is None or shown.dim != wanted.dim:
            calls.append(("set_dim", {"value": wanted.dim}))
        if shown is not None and wanted.completed and shown.completed != wanted.completed:
            calls.append(("service_completed", {}))
        for action, data in calls:
            self.hass.async_create_task(self._async_call(unit, action, data), eager_start=True)

    async def _async_call(self, unit: Unit, action: str, data: dict[str, Any]) -> None:
        service = f"{action_prefix(unit.name)}_{action}"
        if not self.hass.services.has_service(ESPHOME, service):
            unit.shown = None  # offline or not adopted yet: everything is pushed when it comes back
            if unit.offline_since is None:
                unit.offline_since = dt_util.now()
            return
        self._back_online(unit)
        try:
            await self.hass.services.async_call(ESPHOME, service, data, blocking=True)
        except Exception as err:
            # Whatever the unit's connection raises, the hall goes on: all is pushed again on its return.
            unit.shown = None
            _LOGGER.debug("Unit %s did not take %s: %s", unit.name, action, err)
            if unit.retry is None:
                unit.retry = async_call_later(self.hass, RETRY_S, self._retry(unit))

    def _retry(self, unit: Unit) -> Callable[[datetime], None]:
        @callback
        def again(_now: datetime) -> None:
            unit.retry = None
            self._push(unit)

        return again

    def _back_online(self, unit: Unit) -> None:
        if unit.offline_since is not None:
            unit.offline_since = None
            ir.async_delete_issue(self.hass, DOMAIN, self._issue_id(unit))

    def _issue_id(self, unit: Unit) -> str:
        return f"{self.coordinator.entry.entry_id}_unit_offline_{unit.name}"

    @callback
    def check(self) -> None:
        """The hall's tick: refresh dimming, and raise a repair issue for a unit offline too long."""
        now = dt_util.now()
        for unit in self.units.values():
            self._push(unit)
            if (
                unit.offline_since is not None
                and (now - unit.offline_since).total_seconds() >= self.offline_after
            ):
                ir.async_create_issue(
                    self.hass,
                    DOMAIN,
                    self._issue_id(unit),
                    is_fixable=False,
                    severity=ir.IssueSeverity.WARNING,
                    translation_key="unit_offline",
                    translation_placeholders={"unit": unit.name, "window": str(unit.window)},
                )

    def diagnostics(self) -> dict[str, Any]:
        """Units, their keys, and what was ignored or refused."""
        return {
            "units": {
                u.name: {"window": u.window, "keys": dict(u.keys), "online": u.shown is not None}
                for u in self.units.values()
            },
            "ignored": dict(self.ignored),
            "refused": dict(self.refused),
        }


def _grade(value: Any) -> int | None:
    """A rating key's grade: ESPHome sends event data as text ("5"), tests may send numbers."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    grade = int(text)
    return grade if 1 <= grade <= 5 else None
