"""A live view of the hall for its screens, over Home Assistant's websocket.

The cards of the big screen, the window tablets and the kiosks subscribe once and get the whole
screen view (``hall/screens.py``) again after every change, coalesced, and every half minute
(waits grow while nothing happens). A big hall has a tablet at each of its 88 windows: the view
is built and encoded once per change for all of them (one ``ScreenFeed`` per hall).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api

# From the modules that define them: the package does not re-export them (mypy --strict).
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import ERR_NOT_FOUND
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.helpers.json import json_bytes
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .advisor import STAFFING
from .const import CONF_RATING_WINDOW, DEFAULT_RATING_WINDOW, DOMAIN
from .hall.screens import screen_view
from .runtime import HallRuntime, loaded_hall
from .signals import HALL, UNLOADED

SUBSCRIBE = f"{DOMAIN}/subscribe"
COALESCE = 0.3  # seconds: a burst of changes (a call finishes one ticket, calls the next) sends once
REFRESH = timedelta(seconds=30)
FEEDS: HassKey[dict[str, ScreenFeed]] = HassKey(f"{DOMAIN}_screen_feeds")
UNLOADED_MESSAGE = json_bytes({"unloaded": True})


@callback
def async_setup_websocket(hass: HomeAssistant) -> None:
    """Register the screens' commands (once, in ``async_setup``)."""
    websocket_api.async_register_command(hass, ws_subscribe)


def view_message(runtime: HallRuntime, now: datetime) -> dict[str, Any]:
    """The screen view of a hall, with what names it."""
    entry = runtime.coordinator.entry
    staff_states: dict[int, str | None] = {}
    for number in runtime.hall.layout.windows:
        found = runtime.supervisor.state_of(number)
        staff_states[number] = str(found) if found is not None else None
    advisor = runtime.advisor
    names = advisor.names()
    return {
        "entry_id": entry.entry_id,
        "hall": entry.title,
        "language": runtime.coordinator.language,
        # Staffing advice of the last minute: windows needed per group of services.
        "staffing": [a.as_dict(names) for a in advisor.advice.values()],
        "arrivals_per_hour": advisor.arrivals_per_hour,
        **screen_view(
            runtime.hall,
            now,
            staff_states,
            rating_window=float(entry.options.get(CONF_RATING_WINDOW, DEFAULT_RATING_WINDOW)),
        ),
    }


def _event(msg_id: int, payload: bytes) -> bytes:
    """A subscription's event message around an already encoded view (encoded once for all)."""
    return b'{"id":%d,"type":"event","event":%s}' % (msg_id, payload)


class ScreenFeed:
    """One hall's live view, built once per change and sent to every screen subscribed to it."""

    def __init__(self, hass: HomeAssistant, runtime: HallRuntime) -> None:
        self.hass = hass
        self.runtime = runtime
        coordinator = runtime.coordinator
        self.subscribers: set[tuple[ActiveConnection, int]] = set()
        self._pending: CALLBACK_TYPE | None = None
        self._removers = [
            coordinator.async_add_listener(HALL, self._changed),
            coordinator.async_add_listener(STAFFING, self._changed),
            coordinator.async_add_listener(UNLOADED, self._unloaded),
            async_track_time_interval(hass, self._send_all, REFRESH),
        ]

    @callback
    def add(self, connection: ActiveConnection, msg_id: int) -> None:
        """A new screen: it gets the view now, and every later one."""
        self.subscribers.add((connection, msg_id))
        connection.send_message(_event(msg_id, self._payload()))

    @callback
    def discard(self, connection: ActiveConnection, msg_id: int) -> None:
        """A screen went away; the last one stops the feed."""
        self.subscribers.discard((connection, msg_id))
        if not self.subscribers:
            self._stop()

    def _payload(self) -> bytes:
        return json_bytes(view_message(self.runtime, dt_util.now()))

    @callback
    def _changed(self) -> None:
        if self._pending is None:
            self._pending = async_call_later(self.hass, COALESCE, self._send_all)

    @callback
    def _send_all(self, _now: datetime | None = None) -> None:
        self._pending = None
        payload = self._payload()
        for connection, msg_id in list(self.subscribers):
            connection.send_message(_event(msg_id, payload))

    @callback
    def _unloaded(self) -> None:
        """The hall is going: tell every screen (they subscribe again) and stop."""
        for connection, msg_id in list(self.subscribers):
            connection.subscriptions.pop(msg_id, None)
            connection.send_message(_event(msg_id, UNLOADED_MESSAGE))
        self.subscribers.clear()
        self._stop()

    @callback
    def _stop(self) -> None:
        if self._pending is not None:
            self._pending()
            self._pending = None
        for remove in self._removers:
            remove()
        self._removers.clear()
        feeds = self.hass.data.get(FEEDS, {})
        entry_id = self.runtime.coordinator.entry.entry_id
        if feeds.get(entry_id) is self:
            del feeds[entry_id]


@websocket_command({vol.Required("type"): SUBSCRIBE, vol.Optional("entry_id"): str})
@callback
def ws_subscribe(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    """Send the screen view now and after every change, until the client unsubscribes.

    When the hall unloads (reload, removal) one last message ``{"unloaded": true}`` says so: the
    card then subscribes again and finds the reloaded hall.
    """
    runtime = loaded_hall(hass, msg.get("entry_id"))
    if runtime is None:
        connection.send_error(msg["id"], ERR_NOT_FOUND, "No loaded service hall")
        return
    msg_id: int = msg["id"]
    feeds = hass.data.setdefault(FEEDS, {})
    entry_id = runtime.coordinator.entry.entry_id
    feed = feeds.get(entry_id)
    if feed is None or feed.runtime is not runtime:
        feed = feeds[entry_id] = ScreenFeed(hass, runtime)

    @callback
    def unsubscribe() -> None:
        feed.discard(connection, msg_id)

    connection.subscriptions[msg_id] = unsubscribe
    connection.send_result(msg_id)
    feed.add(connection, msg_id)
