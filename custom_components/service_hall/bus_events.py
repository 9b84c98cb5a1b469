"""Every Home Assistant bus event a hall fires, in one place, derived from what it committed.

Blueprints and automations listen to these:

- ``service_hall_call``: a ticket called or recalled at a window (CALL, RECALL);
- ``service_hall_low_rating``: a rating of 不满意 or worse (RATE);
- ``service_hall_staff_alert``: an alert a seat monitor raised, once journalled (ALERT); the
  window's alert entity is told the same data;
- ``service_hall_alert_acknowledged``: somebody in charge acknowledged an alert (ACK);
- ``service_hall_staffing_short``: a group of services became short of windows, once until it
  has enough again (the advisor's renewed advice, which is measured, not journalled).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from homeassistant.core import CALLBACK_TYPE, callback

from .advisor import STAFFING, StaffingAdvisor
from .announcements import call_attributes
from .const import (
    EVENT_ALERT_ACKNOWLEDGED,
    EVENT_CALL,
    EVENT_LOW_RATING,
    EVENT_STAFF_ALERT,
    EVENT_STAFFING_SHORT,
)
from .coordinator import HallCoordinator
from .frigate_client import FrigateClient
from .hall import HallEvent
from .hall.events import EventKind
from .notifications import ack_action, camera_entity_id, phone_snapshot_url

_LOGGER = logging.getLogger(__name__)

LOW_GRADE = 2  # 不满意 and 非常不满意: a supervisor is told


class HallBusEvents:
    """Follows one hall's committed events and its advice; fires what automations listen to."""

    def __init__(
        self, coordinator: HallCoordinator, advisor: StaffingAdvisor, frigate: FrigateClient | None
    ) -> None:
        self._coordinator = coordinator
        self._advisor = advisor
        self._frigate = frigate  # None: the hall has no Frigate URL
        self._short: set[str] = set()  # groups already told short

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Subscribe (before anything commits or advises); answers the remover."""
        removers = [
            self._coordinator.async_subscribe_events(self._on_events),
            self._coordinator.async_add_listener(STAFFING, self._on_advice),
        ]

        @callback
        def remove() -> None:
            for remover in removers:
                remover()

        return remove

    @callback
    def _on_events(self, events: Sequence[HallEvent]) -> None:
        coordinator = self._coordinator
        fire = coordinator.hass.bus.async_fire
        for event in events:
            if event.kind in (EventKind.CALL, EventKind.RECALL):
                if (call := self._call_data(event)) is not None:
                    fire(EVENT_CALL, call)
            elif event.kind is EventKind.RATE and event.grade is not None and event.grade <= LOW_GRADE:
                fire(EVENT_LOW_RATING, self._rating_data(event))
            elif event.kind is EventKind.ACK:
                fire(EVENT_ALERT_ACKNOWLEDGED, self._ack_data(event))
            elif event.kind is EventKind.ALERT and event.window is not None:
                data = alert_data(coordinator, self._frigate, event)
                fire(EVENT_STAFF_ALERT, data)
                coordinator.fire_alert(event.window, data)

    def _call_data(self, event: HallEvent) -> dict[str, Any] | None:
        """A call (at the event's window) or a recall (at the window the ticket was called to)."""
        hall = self._coordinator.hall
        recall = event.kind is EventKind.RECALL
        ticket = hall.state.tickets[event.ticket or ""]
        window = ticket.window if recall else event.window
        if window is None:
            return None
        return {
            "config_entry_id": self._coordinator.entry.entry_id,
            "kind": "recall" if recall else "call",
            **call_attributes(hall, window, ticket.number),
        }

    def _rating_data(self, event: HallEvent) -> dict[str, Any]:
        """A low rating, for the supervisors' notification: ticket, window, officer, service."""
        hall = self._coordinator.hall
        ticket = hall.state.tickets[event.ticket or ""]
        person = hall.layout.staff.get(ticket.staff or "")
        service = hall.layout.services.get(ticket.service)
        return {
            "config_entry_id": self._coordinator.entry.entry_id,
            "ticket": ticket.number,
            "grade": event.grade,
            "window": ticket.window,
            "staff": ticket.staff,
            "staff_name": person.name if person else None,
            "service": ticket.service,
            "service_name": service.name(self._coordinator.language) if service else ticket.service,
        }

    def _ack_data(self, event: HallEvent) -> dict[str, Any]:
        """An acknowledged alert: blueprints stop escalating and clear the other phones."""
        alert = self._coordinator.hall.state.alerts[event.alert_id or ""]
        return {
            "config_entry_id": self._coordinator.entry.entry_id,
            "alert_id": alert.alert_id,
            "kind": str(alert.kind),
            "window": alert.window,
            "staff": alert.staff,
            "by": alert.acknowledged_by,
        }

    @callback
    def _on_advice(self) -> None:
        """Groups that became short since the last advice: told once, until they have enough."""
        coordinator, advisor = self._coordinator, self._advisor
        short = {key for key, advice in advisor.advice.items() if advice.short}
        for key in sorted(short - self._short):
            coordinator.hass.bus.async_fire(
                EVENT_STAFFING_SHORT,
                {
                    "config_entry_id": coordinator.entry.entry_id,
                    "hall": coordinator.entry.title,
                    **advisor.advice[key].as_dict(advisor.names()),
                },
            )
            _LOGGER.info("Hall %s: services %s lack windows", coordinator.entry.title, key)
        self._short = short


def alert_data(
    coordinator: HallCoordinator, frigate: FrigateClient | None, event: HallEvent
) -> dict[str, Any]:
    """What a journalled alert carries: enough for a notification with a snapshot and buttons."""
    hall = coordinator.hall
    hass = coordinator.hass
    alert_id = event.alert_id or ""
    event_id, camera = event.frigate_event, event.camera
    person = hall.layout.staff.get(event.staff or "")
    window = hall.layout.windows.get(event.window or 0)
    duration = event.duration or 0.0
    earlier = sorted(
        (other.at, round(other.duration / 60, 1))
        for other in hall.state.alerts.values()
        if other.window == event.window and str(other.kind) == event.alert and other.alert_id != alert_id
    )
    return {
        "config_entry_id": coordinator.entry.entry_id,
        "alert_id": alert_id,
        "kind": event.alert,
        "window": event.window,
        "window_name": window.name if window and window.name else None,
        "staff": event.staff,
        "staff_name": person.name if person else None,
        "started": (event.start or event.at).isoformat(),
        "duration": round(duration),
        "minutes": round(duration / 60, 1),
        "at": event.at.isoformat(),
        # The window's earlier alerts of this kind today: blueprints replay them to keep a
        # cooldown of their own without storing anything.
        "earlier_alerts": [{"at": at.isoformat(), "minutes": minutes} for at, minutes in earlier],
        "frigate_event_id": event_id,
        "camera": camera,
        "camera_entity_id": camera_entity_id(hass, camera),
        # For a notification's image: a path the phone can open (see notifications.py).
        "snapshot_url": phone_snapshot_url(
            hass, coordinator.entry.entry_id, frigate, alert_id, event_id, camera
        ),
        # Frigate's own URL, for screens inside the hall's network.
        "frigate_snapshot_url": frigate.snapshot_url(event_id) if frigate and event_id else None,
        "ack_action": ack_action(coordinator.entry.entry_id, alert_id),
    }
