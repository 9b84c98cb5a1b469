"""The hall's coordinator: commands serialised, persisted before they answer, pushed to entities.

Unlike a polling ``DataUpdateCoordinator``, a hall pushes changes, and a big hall has thousands
of entities: each action refreshes only the entities its events touched (by service, window,
staff member), and a periodic tick refreshes what time alone changes.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.util import dt as dt_util

from .const import (
    CONF_CONTACT_DAYS,
    CONF_RECORD_DAYS,
    DEFAULT_CONTACT_DAYS,
    DEFAULT_RECORD_DAYS,
    TICK_INTERVAL,
)
from .contacts import AppointmentContacts
from .errors import translate_errors
from .hall import Hall, HallEvent
from .hall.carry import carry_over, day_start
from .hall.engine import service_date_of
from .hall.model import Changes
from .hall.state import HallState
from .settings import hall_layout, hall_settings
from .signals import (
    HALL,
    SUPERVISION_TICK,
    TICK,
    UNLOADED,
    AlertListener,
    CallListener,
    Command,
    EventsListener,
    estimate_key,
    service_key,
    staff_key,
    wait_key,
    window_key,
)
from .storage import HallStorage

_LOGGER = logging.getLogger(__name__)

NEIGHBOUR_REFRESH_DELAY = 1.0  # seconds
BATCH = 10  # listener keys fired per loop iteration in background refreshes


def _without_old_records(day: dict[str, Any], keep_from: date) -> dict[str, Any]:
    """A day's figures, without its staff records once they are past the retention period."""
    if date.fromisoformat(day["date"]) >= keep_from or "supervision" not in day:
        return day
    return {key: value for key, value in day.items() if key != "supervision"}


class HallCoordinator:
    """Owns one hall: its logic, its storage and its listeners."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        self.hass = hass
        self.entry = entry
        self.hall = Hall(hall_settings(entry.data, entry.options), hall_layout(entry))
        self.storage = HallStorage(hass, entry.entry_id)
        self.history: list[dict[str, Any]] = []
        self.skipped_lines = 0
        self._lock = asyncio.Lock()
        self._listeners: dict[tuple[Any, ...], set[CALLBACK_TYPE]] = {}
        self._call_listeners: dict[int, set[CallListener]] = {}
        self._alert_listeners: dict[int, set[AlertListener]] = {}
        self._event_listeners: list[EventsListener] = []  # in the order they subscribed
        self.contacts = AppointmentContacts(
            hass, entry.entry_id, int(entry.options.get(CONF_CONTACT_DAYS, DEFAULT_CONTACT_DAYS))
        )
        self._closed = False
        layout = self.hall.layout
        # Services that share a window: a change in one moves the others' estimated waits.
        self._neighbours: dict[str, set[str]] = {
            service: {other for window in layout.windows_serving(service) for other in window.services}
            for service in layout.services
        }
        self._later: set[str] = set()
        self._later_cancel: CALLBACK_TYPE | None = None
        self._fire_batch_keys: list[tuple[Any, ...]] = []
        self._batch_handle: asyncio.Handle | None = None

    @property
    def language(self) -> str:
        """The hall's language (zh-Hans or en)."""
        return self.hall.settings.language

    async def async_setup(self) -> None:
        """Rebuild today from the Store and the journal, roll the day over if it has passed."""
        stored = await self.storage.async_load()
        self.history = stored.history
        self.skipped_lines = stored.skipped_lines
        now = dt_util.now()
        if stored.day is None:
            self.hall.state = HallState(service_date_of(now, self.hall.settings.rollover_time))
            await self.storage.async_start_day(carry_over(self.hall.state), self.history, stored.journal_day)
        elif stored.journal_day == (state := day_start(stored.day)).service_date:
            self.hall.state = state
            self.hall.apply(stored.events)
        else:
            # No journal, or one left by a crash in the middle of a rollover: begin the day anew.
            self.hall.state = state
            await self.storage.async_start_day(stored.day, self.history, stored.journal_day)
        _LOGGER.debug(
            "Hall %s restored day %s with %s events",
            self.entry.title,
            self.hall.state.service_date,
            len(self.hall.state.log),
        )
        if self.hall.needs_rollover(now):
            await self._async_rollover(now)
        self.entry.async_on_unload(async_track_time_interval(self.hass, self._async_tick, TICK_INTERVAL))

    async def async_shutdown(self) -> None:
        """Close the journal; later commands (a supervisor's last word) are dropped."""
        async with self._lock:  # commands already waiting finish first
            self._closed = True
            self.fire(UNLOADED)
            if self._later_cancel is not None:
                self._later_cancel()
                self._later_cancel = None
            if self._batch_handle is not None:
                self._batch_handle.cancel()
                self._batch_handle = None
            await self.hass.async_add_executor_job(self.storage.close)

    async def async_execute(self, command: Command) -> list[HallEvent]:
        """Run a command: validate, write its events to disk, apply them, refresh entities.

        The lock keeps commands in order, so each validates against the state its
        predecessors left; ``HallError`` from the command leaves everything unchanged. Both it
        and a journal write that fails (``OSError``) reach the caller translated.
        """
        async with self._lock:
            if self._closed:
                return []
            with translate_errors():
                events = command(dt_util.now())
                if events:
                    await self._async_commit(events)
            return events

    async def _async_commit(self, events: list[HallEvent]) -> None:
        await self.storage.async_append(events)
        self._notify(self.hall.apply(events))
        for on_events in list(self._event_listeners):
            on_events(events)

    async def _async_tick(self, now: datetime) -> None:
        """Time-driven changes: rollover, automatic no-shows, waits that grow."""
        async with self._lock:
            now = dt_util.now()
            if self.hall.needs_rollover(now):
                await self._async_rollover(now)
            elif events := self.hall.due(now):
                await self._async_commit(events)
        self.fire(TICK)  # contexts first (supervision), then the figures that read them
        self.fire(SUPERVISION_TICK)
        self._fire_in_batches([wait_key(s) for s, queue in self.hall.state.waiting.items() if queue])

    async def _async_rollover(self, now: datetime) -> None:
        """Close the day: expire what is left, archive its figures, start a fresh day."""
        if events := self.hall.closing_events(now):
            await self._async_commit(events)
        old_day = self.hall.state.service_date
        summary = {"date": old_day.isoformat(), **self.hall.state.stats.summary()}
        fresh = self.hall.next_day(now)
        # Staff records are kept for the hall's retention period, then deleted (privacy).
        keep_from = fresh.service_date - timedelta(
            days=int(self.entry.options.get(CONF_RECORD_DAYS, DEFAULT_RECORD_DAYS))
        )
        self.history = [_without_old_records(day, keep_from) for day in [*self.history, summary]]
        await self.storage.async_start_day(carry_over(fresh), self.history, old_day)
        self.hall.state = fresh
        if removed := await self.storage.async_prune(keep_from):
            _LOGGER.info("Deleted %s day logs older than %s", removed, keep_from)
        if removed := await self.contacts.async_purge(fresh.service_date):
            _LOGGER.info("Deleted the contact details of %s appointments", removed)
        _LOGGER.info("Hall %s rolled over from %s to %s", self.entry.title, old_day, fresh.service_date)
        for key in list(self._listeners):
            self.fire(key)

    # Listeners

    @callback
    def async_add_listener(self, key: tuple[Any, ...], update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``update`` when what ``key`` names changes; answers the remover."""
        self._listeners.setdefault(key, set()).add(update)

        @callback
        def remove() -> None:
            self._listeners[key].discard(update)

        return remove

    @callback
    def async_subscribe_events(self, on_events: EventsListener) -> CALLBACK_TYPE:
        """Call ``on_events(events)`` after each commit (on disk, applied, entities told).

        The hall's one change signal: the features (bus events, supervision, units) follow
        the committed events instead of the coordinator calling into them.
        """
        self._event_listeners.append(on_events)

        @callback
        def remove() -> None:
            if on_events in self._event_listeners:
                self._event_listeners.remove(on_events)

        return remove

    @callback
    def async_add_call_listener(self, window: int, on_call: CallListener) -> CALLBACK_TYPE:
        """Call ``on_call(ticket, recall)`` on every call at a window."""
        self._call_listeners.setdefault(window, set()).add(on_call)

        @callback
        def remove() -> None:
            self._call_listeners[window].discard(on_call)

        return remove

    def fire(self, key: tuple[Any, ...]) -> None:
        """Refresh the entities listening to ``key``."""
        for update in list(self._listeners.get(key, ())):
            update()

    @callback
    def async_add_alert_listener(self, window: int, on_alert: AlertListener) -> CALLBACK_TYPE:
        """Call ``on_alert(data)`` on every supervision alert at a window."""
        self._alert_listeners.setdefault(window, set()).add(on_alert)

        @callback
        def remove() -> None:
            self._alert_listeners[window].discard(on_alert)

        return remove

    def fire_alert(self, window: int, data: dict[str, Any]) -> None:
        """Tell a window's alert entity."""
        for on_alert in list(self._alert_listeners.get(window, ())):
            on_alert(data)

    def _notify(self, changes: Changes) -> None:
        for service in changes.services:
            self.fire(service_key(service))
            self.fire(estimate_key(service))
        for window in changes.windows:
            self.fire(window_key(window))
        for staff in changes.staff:
            self.fire(staff_key(staff))
        self.fire(HALL)
        for window, ticket, recall in changes.calls:
            for on_call in list(self._call_listeners.get(window, ())):
                on_call(ticket, recall)
        self._refresh_neighbours_later(changes)

    def _refresh_neighbours_later(self, changes: Changes) -> None:
        """Estimated waits of services sharing the changed windows, refreshed in a batch.

        A comprehensive window links a hundred services: refreshing them all on every action
        would cost more than the action, so a burst of actions is followed by one refresh.
        """
        later: set[str] = set()
        for service in changes.services:
            later |= self._neighbours.get(service, set())
        for number in changes.windows:
            if (window := self.hall.layout.windows.get(number)) is not None:
                later |= set(window.services)
        self._later |= later - changes.services
        if self._later and self._later_cancel is None:
            self._later_cancel = async_call_later(self.hass, NEIGHBOUR_REFRESH_DELAY, self._fire_later)

    @callback
    def _fire_later(self, _now: datetime) -> None:
        self._later_cancel = None
        services, self._later = self._later, set()
        self._fire_in_batches([estimate_key(s) for s in services])

    def _fire_in_batches(self, keys: list[tuple[Any, ...]]) -> None:
        """Fire many keys a few at a time, so actions waiting on the loop are not held up."""
        self._fire_batch_keys.extend(keys)
        if self._batch_handle is None and self._fire_batch_keys:
            self._batch_handle = self.hass.loop.call_soon(self._fire_batch)

    def _fire_batch(self) -> None:
        self._batch_handle = None
        keys, self._fire_batch_keys = self._fire_batch_keys[:BATCH], self._fire_batch_keys[BATCH:]
        for key in keys:
            self.fire(key)
        if self._fire_batch_keys:
            self._batch_handle = self.hass.loop.call_soon(self._fire_batch)
