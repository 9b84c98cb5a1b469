"""Staff supervision in Home Assistant: Frigate's MQTT messages or binary sensors, per window.

Each supervised window has a :class:`~.hall.supervision.SeatMonitor` (pure logic). This module
feeds it: seat-zone counts from Frigate (``<prefix>/<zone>/person`` and ``.../cell phone``),
Frigate's availability, its ``camera_activity`` reply after a restart, and the hall's own
context (signed-in officer, open or paused, opening hours). What the monitors conclude is
journalled with the day's log; the journalled alerts become Home Assistant events in
bus_events.py, like every event the hall fires.

Messages arrive many times a second in a big hall: the handlers are callbacks that do a dict
lookup and an integer parse, and only a real change reaches the journal.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from homeassistant.components import mqtt
from homeassistant.const import STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import CALLBACK_TYPE, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_call_later, async_track_state_change_event
from homeassistant.util import dt as dt_util

from .frigate_payloads import PERSON, PHONE, parse_available, parse_count, parse_event, zone_counts
from .hall import Hall, HallEvent
from .hall.supervision import (
    AlertRaised,
    SeatContext,
    SeatMonitor,
    StaffState,
    StateChange,
    SupervisionSettings,
)
from .signals import TICK, Command, RunningHall, window_key

_LOGGER = logging.getLogger(__name__)
RESYNC_DELAY_S = 2.0  # after the broker comes back, ask Frigate again (once resubscribed)


def seat_key(window: int) -> tuple[str, int]:
    """Listener key of a window's supervision entities."""
    return ("seat", window)


SUPERVISION = ("supervision",)  # hall-wide supervision figures


@dataclass(slots=True)
class Seat:
    """One supervised window: its monitor and what its sources last said."""

    window: int
    monitor: SeatMonitor
    zone: str = ""
    prefix: str = ""
    camera: str = ""
    person: bool | None = None
    phone: bool | None = None
    cancel_timer: CALLBACK_TYPE | None = None


class StaffSupervisor:
    """Feeds every supervised window's monitor and records what it concludes."""

    def __init__(self, hass: HomeAssistant, coordinator: RunningHall, settings: SupervisionSettings) -> None:
        self.hass = hass
        self.coordinator = coordinator
        self.settings = settings
        now = dt_util.now()
        self.seats: dict[int, Seat] = {
            w.number: Seat(w.number, SeatMonitor(w.number, settings, now), w.seat_zone, w.frigate, w.camera)
            for w in coordinator.hall.layout.windows.values()
            if w.seat_zone or w.presence_entity
        }
        # (prefix, zone) -> window, for the count topics
        self._zones: dict[tuple[str, str], Seat] = {
            (seat.prefix, seat.zone): seat for seat in self.seats.values() if seat.zone
        }
        self.frigate_online: dict[str, bool | None] = {prefix: None for prefix, _ in self._zones}
        self.latest_event: dict[tuple[str, str], tuple[str, str]] = {}  # (zone, label) -> (event id, camera)
        self.ignored: Counter[str] = Counter()  # malformed or unexpected payloads, by kind
        self.messages = 0
        self._unsubscribe: list[CALLBACK_TYPE] = []
        self._resync: CALLBACK_TYPE | None = None
        self._answered: set[str] = set()  # Frigate servers whose camera_activity came since they were lost
        self._subscribing: asyncio.Task[None] | None = None  # Frigate's topics subscribed (or under way)

    # Start and stop

    async def async_start(self) -> None:
        """Close the last run's episodes, follow the sources; MQTT is read whenever it is there.

        Nothing here waits for the broker or fails without it: the seats read by Frigate stay
        unknown until MQTT is connected and Frigate has answered.
        """
        now = dt_util.now()
        await self._async_close_episodes_of_the_last_run()
        for seat in self.seats.values():
            self._set_context(seat, now)
        windows = self.coordinator.hall.layout.windows
        for seat in self.seats.values():
            window = windows[seat.window]
            self._unsubscribe.append(
                self.coordinator.async_add_listener(window_key(seat.window), self._context_listener(seat))
            )
            if window.presence_entity:
                self._track_entity(seat, window.presence_entity, PERSON)
            if window.phone_entity:
                self._track_entity(seat, window.phone_entity, PHONE)
        # Opening hours pass with time alone: the hall's tick refreshes every seat's context.
        self._unsubscribe.append(self.coordinator.async_add_listener(TICK, self.refresh_context))
        if self._zones:
            self._start_mqtt()

    async def _async_close_episodes_of_the_last_run(self) -> None:
        """After a restart nothing is known yet: an episode the last run left open ends where the
        hall last saw it (see :meth:`Hall.close_unseen_episodes`), not at this restart."""
        hall = self.coordinator.hall
        windows = [n for n in self.seats if n in hall.state.staff_states]
        await self.coordinator.async_execute(lambda _now: hall.close_unseen_episodes(windows, None))

    async def async_close_episodes(self) -> None:
        """The hall stops seeing its seats (unload, Home Assistant stopping): open episodes end now."""
        hall = self.coordinator.hall
        windows = list(self.seats)
        await self.coordinator.async_execute(lambda now: hall.close_unseen_episodes(windows, now))

    # MQTT

    @callback
    def _start_mqtt(self) -> None:
        """Subscribe now if MQTT is set up (its client queues subscriptions until it connects),
        else when it first connects; ask Frigate once connected. Never raises."""
        self._unsubscribe.append(mqtt.async_subscribe_connection_status(self.hass, self._broker_connection))
        if not self.hass.config_entries.async_entries(mqtt.DOMAIN):
            _LOGGER.warning("Seat zones are set but the MQTT integration is not set up: Frigate is not read")
        if self.hass.config_entries.async_loaded_entries(mqtt.DOMAIN):
            self._subscribe_frigate()
            if _mqtt_connected(self.hass):
                self._ask_all()
        else:
            _LOGGER.debug("MQTT is not loaded yet: Frigate is read once it connects")

    @callback
    def _subscribe_frigate(self) -> None:
        if self._subscribing is None:
            self._subscribing = self.coordinator.entry.async_create_background_task(
                self.hass, self._async_subscribe_frigate(), "service_hall frigate subscriptions"
            )

    async def _async_subscribe_frigate(self) -> None:
        subscriptions: list[tuple[str, Callable[[mqtt.ReceiveMessage], None]]] = [
            (f"{prefix}/{zone}/{label}", self._count_handler(seat, label))
            for (prefix, zone), seat in self._zones.items()
            for label in (PERSON, PHONE)
        ]
        for prefix in self.frigate_online:
            subscriptions += [
                (f"{prefix}/available", self._available_handler(prefix)),
                (f"{prefix}/events", self._event_handler(prefix)),
                (f"{prefix}/camera_activity", self._activity_handler(prefix)),
            ]
        done: list[CALLBACK_TYPE] = []
        try:
            for topic, handler in subscriptions:
                done.append(await mqtt.async_subscribe(self.hass, topic, handler, qos=0))
        except HomeAssistantError as err:  # MQTT went away meanwhile: tried again when it connects
            _LOGGER.warning("Could not subscribe to Frigate's topics: %s", err)
            for unsubscribe in done:  # all again next time, never twice
                unsubscribe()
            self._subscribing = None
            return
        self._unsubscribe += done

    @callback
    def _broker_connection(self, connected: bool) -> None:
        """The broker went away or came back: nothing is known of the seats while it is gone."""
        if connected:
            # Subscribed first (or again: Home Assistant does it after a reconnection); then
            # Frigate's retained "online" arrives and asks it for its state. Asked once more a
            # little later, in case that is not retained.
            self._subscribe_frigate()
            self._ask_later()
            return
        for prefix in self.frigate_online:
            self.frigate_online[prefix] = False
            self._lost(prefix)

    def _lost(self, prefix: str) -> None:
        """Frigate (or the broker) is gone: its seats are unknown until it answers again."""
        self._answered.discard(prefix)
        for seat in self._seats_of(prefix):
            self._observe(seat, PERSON, None)
            self._observe(seat, PHONE, None)

    def _ask_later(self) -> None:
        """Ask once more, a little later, every Frigate that has not answered (its "online" may not be retained)."""
        if self._resync is not None:
            self._resync()
        self._resync = async_call_later(self.hass, RESYNC_DELAY_S, self._ask_unanswered)

    @callback
    def _ask_unanswered(self, _now: datetime) -> None:
        self._resync = None
        for prefix in self.frigate_online:
            if prefix not in self._answered:
                self._ask(prefix)

    def _ask_all(self) -> None:
        """Count topics are not retained: ask every Frigate for what it sees now, and again later."""
        for prefix in self.frigate_online:
            self._ask(prefix)
        self._ask_later()

    def _ask(self, prefix: str) -> None:
        self.hass.async_create_task(self._async_ask(prefix), eager_start=True)

    async def _async_ask(self, prefix: str) -> None:
        if not _mqtt_connected(self.hass):
            return  # asked when the broker connects
        try:
            await mqtt.async_publish(self.hass, f"{prefix}/onConnect", "", qos=0, retain=False)
        except HomeAssistantError as err:  # the broker went away meanwhile: asked again when it is back
            _LOGGER.debug("Could not ask %s for its state: %s", prefix, err)

    @callback
    def async_stop(self) -> None:
        """Unsubscribe and cancel timers."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        if self._subscribing is not None:
            self._subscribing.cancel()
            self._subscribing = None
        if self._resync is not None:
            self._resync()
            self._resync = None
        for seat in self.seats.values():
            if seat.cancel_timer is not None:
                seat.cancel_timer()
                seat.cancel_timer = None

    # Sources

    def _count_handler(self, seat: Seat, label: str) -> Callable[[mqtt.ReceiveMessage], None]:
        @callback
        def handle(message: mqtt.ReceiveMessage) -> None:
            self.messages += 1
            count = parse_count(message.payload)
            if count is None:
                self.ignored["count_not_an_integer"] += 1
                return
            if message.retain:
                # Frigate never retains counts: a retained one is a stale leftover on the broker.
                self.ignored["count_retained"] += 1
                return
            self._observe(seat, label, count > 0)

        return handle

    def _available_handler(self, prefix: str) -> Callable[[mqtt.ReceiveMessage], None]:
        @callback
        def handle(message: mqtt.ReceiveMessage) -> None:
            self.messages += 1
            online = parse_available(message.payload)
            if online is None:
                self.ignored["available_unknown_word"] += 1
                return
            self.frigate_online[prefix] = online
            if not online:
                self._lost(prefix)
            elif prefix not in self._answered:
                # Retained, so it arrives once our subscriptions are in place (Home Assistant sends
                # SUBSCRIBE a moment after async_subscribe returns): an answer now cannot be missed.
                self._ask(prefix)

        return handle

    def _activity_handler(self, prefix: str) -> Callable[[mqtt.ReceiveMessage], None]:
        @callback
        def handle(message: mqtt.ReceiveMessage) -> None:
            self.messages += 1
            counts = zone_counts(message.payload)
            if counts is None:
                self.ignored["camera_activity_malformed"] += 1
                return
            if self.frigate_online.get(prefix) is None:
                self.frigate_online[prefix] = True  # it answered: it is up
            self._answered.add(prefix)
            for seat in self._seats_of(prefix):
                seen = counts.get(seat.zone, {})
                self._observe(seat, PERSON, seen.get(PERSON, 0) > 0)
                self._observe(seat, PHONE, seen.get(PHONE, 0) > 0)

        return handle

    def _event_handler(self, prefix: str) -> Callable[[mqtt.ReceiveMessage], None]:
        @callback
        def handle(message: mqtt.ReceiveMessage) -> None:
            self.messages += 1
            event = parse_event(message.payload)
            if event is None:
                self.ignored["event_malformed"] += 1
                return
            known = False
            for zone in event.zones:
                if (prefix, zone) in self._zones:
                    known = True
                    if event.has_snapshot or event.type != "end":
                        self.latest_event[(zone, event.label)] = (event.id, event.camera)
            if not known:
                self.ignored["event_other_zone"] += 1

        return handle

    def _track_entity(self, seat: Seat, entity_id: str, label: str) -> None:
        @callback
        def changed(event: Event[EventStateChangedData]) -> None:
            self._observe(
                seat, label, _binary(event.data["new_state"].state if event.data["new_state"] else None)
            )

        self._unsubscribe.append(async_track_state_change_event(self.hass, entity_id, changed))
        state = self.hass.states.get(entity_id)
        self._observe(seat, label, _binary(state.state if state else None))

    def _seats_of(self, prefix: str) -> list[Seat]:
        return [seat for (p, _zone), seat in self._zones.items() if p == prefix]

    # Monitor

    def _observe(self, seat: Seat, label: str, value: bool | None) -> None:
        now = dt_util.now()
        if label == PERSON:
            if value == seat.person and value is not None:
                return  # the same count again: nothing to do (the common case)
            seat.person = value
            seat.monitor.observe_person(value, now)
        else:
            if value == seat.phone and value is not None:
                return
            seat.phone = value
            seat.monitor.observe_phone(value, now)
        self._evaluate(seat, now)

    def _context_listener(self, seat: Seat) -> CALLBACK_TYPE:
        @callback
        def changed() -> None:
            now = dt_util.now()
            self._set_context(seat, now)
            self._evaluate(seat, now)

        return changed

    def _set_context(self, seat: Seat, now: datetime) -> None:
        hall = self.coordinator.hall
        window = hall.state.window(seat.window)
        seat.monitor.set_context(
            SeatContext(
                staff=window.staff, open=window.open, paused=window.paused, working=hall.is_open(now)
            ),
            now,
        )

    @callback
    def refresh_context(self) -> None:
        """Opening hours passed: every monitor's context may have changed (the hall's tick)."""
        now = dt_util.now()
        for seat in self.seats.values():
            self._set_context(seat, now)
            self._evaluate(seat, now)

    def _evaluate(self, seat: Seat, now: datetime) -> None:
        changed = False
        for outcome in seat.monitor.evaluate(now):
            if isinstance(outcome, StateChange):
                changed = True
                self._record(partial(_record_state, self.coordinator.hall, outcome))
            else:
                self._alert(seat, outcome)
        self.coordinator.fire(seat_key(seat.window))
        if changed:
            self.coordinator.fire(SUPERVISION)
        self._schedule(seat)

    def _schedule(self, seat: Seat) -> None:
        if seat.cancel_timer is not None:
            seat.cancel_timer()
            seat.cancel_timer = None
        if (when := seat.monitor.next_check()) is None:
            return

        @callback
        def due(_now: datetime) -> None:
            seat.cancel_timer = None
            self._evaluate(seat, dt_util.now())

        seat.cancel_timer = async_call_later(self.hass, max(0.0, (when - dt_util.now()).total_seconds()), due)

    def _record(self, command: Command) -> None:
        self.hass.async_create_task(self.coordinator.async_execute(command), eager_start=False)

    def _alert(self, seat: Seat, alert: AlertRaised) -> None:
        label = PERSON if alert.kind == "away" else PHONE
        event_id, camera = self.latest_event.get((seat.zone, label), (None, seat.camera or None))
        hall = self.coordinator.hall

        # The committed alert becomes the bus event and the alert entity's (bus_events.py).
        self._record(lambda _now: hall.record_alert(alert, frigate_event=event_id, camera=camera))

    # Figures

    def state_of(self, window: int) -> StaffState | None:
        """A supervised window's staff state (None when the window is not supervised)."""
        seat = self.seats.get(window)
        return seat.monitor.state if seat else None

    def diagnostics(self) -> dict[str, Any]:
        """What the sources said, and what was ignored."""
        return {
            "messages": self.messages,
            "ignored": dict(self.ignored),
            "frigate_online": self.frigate_online,
            "seats": {
                str(n): {
                    "zone": s.zone,
                    "prefix": s.prefix,
                    "state": str(s.monitor.state),
                    "person": s.person,
                    "phone": s.phone,
                }
                for n, s in self.seats.items()
            },
        }


def _record_state(hall: Hall, change: StateChange, _now: datetime) -> list[HallEvent]:
    return hall.record_state(change)


def _mqtt_connected(hass: HomeAssistant) -> bool:
    """Whether Home Assistant's MQTT client is connected (False while MQTT is not set up)."""
    try:
        return mqtt.is_connected(hass)
    except KeyError:
        return False


def _binary(state: str | None) -> bool | None:
    if state is None or state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return None
    return state == STATE_ON
