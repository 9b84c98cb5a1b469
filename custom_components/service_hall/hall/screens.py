"""What the hall's screens show: one plain view for the big screen, window tablets and kiosks.

Everything here may be shown in the hall, so nothing personal goes in: ticket numbers, not
names of citizens; appointment slots, not their check-in codes or booking references (a code on
a wall screen would let anyone check in someone else's appointment).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .engine import Hall
from .events import EventKind
from .model import Appointment, Staff, Ticket, TicketState

RECENT_CALLS = 10
RECENT_ALERTS = 20


def screen_view(
    hall: Hall,
    now: datetime,
    staff_states: Mapping[int, str | None],
    *,
    rating_window: float,
    calls: int = RECENT_CALLS,
    alerts: int = RECENT_ALERTS,
) -> dict[str, Any]:
    """The hall as its screens show it, as JSON-ready data.

    ``staff_states`` maps a window to what supervision sees there (present, away, phone, ...);
    ``rating_window`` is how many seconds after a completed service the citizen may still rate it.
    """
    state = hall.state
    finished = hall.last_completed_by_window()  # one pass for all windows, not one per window
    return {
        "service_date": state.service_date.isoformat(),
        "open": hall.is_open(now),
        "now": now.isoformat(),
        "services": [_service(hall, service_id, now) for service_id in hall.layout.services],
        "windows": [
            _window(hall, number, now, staff_states.get(number), finished.get(number), rating_window)
            for number in hall.layout.windows
        ],
        "calls": recent_calls(hall, calls),
        "alerts": _alerts(hall, now, alerts),
        "appointments": [_appointment(hall, a, now) for a in hall.appointments_today()],
        "figures": {
            "issued": state.stats.issued,
            "waiting": state.waiting_total,
            **state.stats.hall.summary(),
            "alerts": state.stats.alerts,
            "unacknowledged": sum(1 for a in state.alerts.values() if a.acknowledged_at is None),
            "estimate_error": None if (error := state.stats.estimate_error()) is None else round(error, 2),
        },
        "staff": [_staff_record(hall, person, now) for person in hall.layout.staff.values()],
    }


def _service(hall: Hall, service_id: str, now: datetime) -> dict[str, Any]:
    service = hall.layout.services[service_id]
    waiting = len(hall.state.waiting.get(service_id, {}))
    estimate = hall.estimate(service_id, now)
    longest = hall.longest_wait(service_id, now)
    served = hall.state.stats.services.get(service_id)
    return {
        "id": service_id,
        "prefix": service.prefix,
        "name": {"zh-Hans": service.name_zh, "en": service.name_en},
        "waiting": waiting,
        "longest_wait": round(longest, 1),
        "estimated_wait": estimate.rounded() if estimate else None,
        "target_wait": service.target_wait,
        # A long wait: someone has waited past the target, or a new ticket would.
        "over_target": longest > service.target_wait
        or (estimate is not None and estimate.point > service.target_wait),
        "served_today": served.served if served else 0,
        "windows": [window.number for window in hall.layout.windows_serving(service_id)],
    }


def _person(person: Staff | None) -> dict[str, str] | None:
    if person is None:
        return None
    return {
        "staff_number": person.staff_number,
        "name": person.name,
        "department": person.department,
        "photo": person.photo,
    }


def _window(
    hall: Hall, number: int, now: datetime, staff_state: str | None, last: Ticket | None, rating_window: float
) -> dict[str, Any]:
    window = hall.layout.windows[number]
    state = hall.state.window(number)
    ticket = hall.current_ticket(number)
    # The citizen just served may rate from the tablet while the rating window lasts.
    rateable = (
        last is not None
        and last.rating is None
        and last.finished_at is not None
        and (now - last.finished_at).total_seconds() <= rating_window
    )
    tally = hall.state.stats.windows.get(number)
    return {
        "number": number,
        "name": window.name,
        "services": list(window.services),
        "status": str(hall.window_status(number)),
        "pause_reason": state.pause_reason if state.paused else None,
        "ticket": ticket.number if ticket else None,
        "service": ticket.service if ticket else None,
        "ticket_state": str(ticket.state) if ticket else None,
        "called_at": ticket.last_call_at.isoformat() if ticket and ticket.last_call_at else None,
        "staff": _person(hall.layout.staff.get(state.staff or "")) if state.staff else None,
        "staff_state": staff_state,
        "served_today": tally.served if tally else 0,
        "to_rate": last.number if rateable and last else None,
    }


def recent_calls(hall: Hall, limit: int = RECENT_CALLS) -> list[dict[str, Any]]:
    """The last calls and recalls, newest first (read back from the day's log)."""
    out: list[dict[str, Any]] = []
    for event in reversed(hall.state.log):
        if event.kind not in (EventKind.CALL, EventKind.RECALL) or event.ticket is None:
            continue
        ticket = hall.state.tickets.get(event.ticket)
        out.append(
            {
                "ticket": event.ticket,
                "window": event.window,
                "service": ticket.service if ticket else None,
                "at": event.at.isoformat(),
                "recall": event.kind is EventKind.RECALL,
            }
        )
        if len(out) >= limit:
            break
    return out


def _alerts(hall: Hall, now: datetime, limit: int) -> list[dict[str, Any]]:
    """Today's alerts, open ones first, then newest first."""
    records = sorted(hall.state.alerts.values(), key=lambda a: a.at, reverse=True)
    records.sort(key=lambda a: a.acknowledged_at is not None)
    out = []
    for record in records[:limit]:
        person = hall.layout.staff.get(record.staff or "")
        out.append(
            {
                "alert_id": record.alert_id,
                "kind": str(record.kind),
                "window": record.window,
                "staff": record.staff,
                "staff_name": person.name if person else None,
                "at": record.at.isoformat(),
                # The episode's length, as the staff record counts it (growing while it goes on).
                "seconds": round(seconds := record.episode_seconds(now)),
                "minutes": round(seconds / 60, 1),
                "ongoing": record.ended is None,
                "acknowledged_at": record.acknowledged_at.isoformat() if record.acknowledged_at else None,
                "acknowledged_by": record.acknowledged_by,
            }
        )
    return out


def _appointment(hall: Hall, appointment: Appointment, now: datetime) -> dict[str, Any]:
    ticket = hall.state.tickets.get(appointment.ticket or "")
    if appointment.cancelled:
        status = "cancelled"
    elif ticket is None:
        late = now > appointment.end + hall.check_in_window(appointment.service)[1]
        status = "missed" if late else "booked"
    elif ticket.state in (TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED):
        status = "done" if ticket.state is TicketState.DONE else str(ticket.state)
    elif ticket.state is TicketState.WAITING:
        status = "checked_in"
    else:
        status = "serving"
    return {
        "start": appointment.start.isoformat(),
        "end": appointment.end.isoformat(),
        "service": appointment.service,
        "status": status,
        "ticket": appointment.ticket,
    }


def _staff_record(hall: Hall, person: Staff, now: datetime) -> dict[str, Any]:
    stats = hall.state.stats
    tally = stats.staff.get(person.staff_number)
    record = stats.supervision.get(person.staff_number)
    summary = tally.summary() if tally else None
    return {
        "staff_number": person.staff_number,
        "name": person.name,
        "department": person.department,
        "window": hall.state.staff_window.get(person.staff_number),
        "served": summary["served"] if summary else 0,
        "satisfaction": summary["satisfaction"] if summary else None,
        "away_minutes": round(record.away_minutes(now), 1) if record else 0.0,
        "phone_episodes": record.phone_episodes if record else 0,
        "alerts": record.alerts if record else 0,
    }


def queue_status(hall: Hall, now: datetime, *, language: str, service: str | None = None) -> dict[str, Any]:
    """The queue as a citizen or a screen may see it (the ``get_queue_status`` action), for one
    service (``HallError('unknown_service')`` for an unknown one) or all: numbers and figures."""
    if service is not None:
        hall.service(service)
    services: dict[str, Any] = {}
    for item in hall.layout.services.values():
        if service is not None and item.id != service:
            continue
        queue = hall.state.waiting.get(item.id, {})
        estimate = hall.estimate(item.id, now)
        services[item.id] = {
            "name": item.name(language),
            "prefix": item.prefix,
            "waiting": len(queue),
            "longest_wait": round(hall.longest_wait(item.id, now), 1),
            "estimated_wait": estimate.rounded() if estimate else None,
            "served_today": hall.state.stats.services[item.id].served
            if item.id in hall.state.stats.services
            else 0,
            "waiting_tickets": list(queue),
            "windows": [window.number for window in hall.layout.windows_serving(item.id)],
        }
    windows: dict[str, Any] = {
        str(number): {
            "status": str(hall.window_status(number)),
            "ticket": hall.state.window(number).ticket,
            "services": list(window.services),
        }
        for number, window in hall.layout.windows.items()
        if service is None or service in window.services
    }
    return {
        "service_date": hall.state.service_date.isoformat(),
        "open": hall.is_open(now),
        "services": services,
        "windows": windows,
    }


def public_queue(hall: Hall, now: datetime) -> dict[str, Any]:
    """What anyone may see without login (the public status page): per service the queue's
    length, the wait and the numbers being served, in both languages."""
    services: dict[str, Any] = {}
    for service in hall.layout.services.values():
        estimate = hall.estimate(service.id, now)
        serving = sorted(
            {
                ticket
                for window in hall.layout.windows_serving(service.id)
                if (ticket := hall.state.window(window.number).ticket) is not None
                and hall.state.tickets[ticket].service == service.id
            }
        )
        services[service.id] = {
            "name": {"zh-Hans": service.name("zh-Hans"), "en": service.name("en")},
            "prefix": service.prefix,
            "waiting": len(hall.state.waiting.get(service.id, {})),
            "estimated_wait": estimate.rounded() if estimate else None,
            "serving": serving,
        }
    return {
        "service_date": hall.state.service_date.isoformat(),
        "open": hall.is_open(now),
        "updated": now.isoformat(timespec="seconds"),
        "services": services,
    }
