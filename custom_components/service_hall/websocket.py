"""A live view of the hall for its screens, over Home Assistant's websocket.

The cards of the big screen, the window tablets and the kiosks subscribe once and get the whole
screen view (``hall/screens.py``) again after every change, coalesced, and every half minute
(waits grow while nothing happens).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.util import dt as dt_util

from .const import CONF_RATING_WINDOW, DEFAULT_RATING_WINDOW, DOMAIN
from .coordinator import HALL, UNLOADED, HallCoordinator
from .hall.screens import screen_view

SUBSCRIBE = f"{DOMAIN}/subscribe"
COALESCE = 0.3  # seconds: a burst of changes (a call finishes one ticket, calls the next) sends once
REFRESH = timedelta(seconds=30)


@callback
def async_setup_websocket(hass: HomeAssistant) -> None:
    """Register the screens' commands (once, in ``async_setup``)."""
    websocket_api.async_register_command(hass, ws_subscribe)


def view_message(coordinator: HallCoordinator, now: datetime) -> dict[str, Any]:
    """The screen view of a hall, with what names it."""
    entry = coordinator.entry
    supervisor = coordinator.supervisor
    staff_states: dict[int, str | None] = {}
    for number in coordinator.hall.layout.windows:
        found = supervisor.state_of(number) if supervisor else None
        staff_states[number] = str(found) if found is not None else None
    return {
        "entry_id": entry.entry_id,
        "hall": entry.title,
        "language": coordinator.language,
        **screen_view(
            coordinator.hall,
            now,
            staff_states,
            rating_window=float(entry.options.get(CONF_RATING_WINDOW, DEFAULT_RATING_WINDOW)),
        ),
    }


def _find_hall(hass: HomeAssistant, entry_id: str | None) -> HallCoordinator | None:
    """The loaded hall named, or the first loaded one when none is named."""
    for entry in hass.config_entries.async_loaded_entries(DOMAIN):
        if entry_id is None or entry.entry_id == entry_id:
            coordinator: HallCoordinator = entry.runtime_data
            return coordinator
    return None


@websocket_api.websocket_command({vol.Required("type"): SUBSCRIBE, vol.Optional("entry_id"): str})
@callback
def ws_subscribe(
    hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]
) -> None:
    """Send the screen view now and after every change, until the client unsubscribes.

    When the hall unloads (reload, removal) one last message ``{"unloaded": true}`` says so: the
    card then subscribes again and finds the reloaded hall.
    """
    coordinator = _find_hall(hass, msg.get("entry_id"))
    if coordinator is None:
        connection.send_error(msg["id"], websocket_api.ERR_NOT_FOUND, "No loaded service hall")
        return
    msg_id: int = msg["id"]
    pending: CALLBACK_TYPE | None = None

    @callback
    def send(_now: datetime | None = None) -> None:
        nonlocal pending
        pending = None
        connection.send_message(websocket_api.event_message(msg_id, view_message(coordinator, dt_util.now())))

    @callback
    def changed() -> None:
        nonlocal pending
        if pending is None:
            pending = async_call_later(hass, COALESCE, send)

    @callback
    def unloaded() -> None:
        stop()
        connection.subscriptions.pop(msg_id, None)
        connection.send_message(websocket_api.event_message(msg_id, {"unloaded": True}))

    removers = [
        coordinator.async_add_listener(HALL, changed),
        coordinator.async_add_listener(UNLOADED, unloaded),
        async_track_time_interval(hass, send, REFRESH),
    ]

    @callback
    def stop() -> None:
        if pending is not None:
            pending()
        for remove in removers:
            remove()
        removers.clear()

    connection.subscriptions[msg_id] = stop
    connection.send_result(msg_id)
    send()
