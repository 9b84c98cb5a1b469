"""A hall's state of one service day, changed only by applying events."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from .events import EventKind, HallEvent
from .model import Appointment, Changes, Ticket, TicketState, WindowState
from .stats import DayStats
from .supervision import AlertKind, StaffState

RECENT_HANDLING = 20  # visits per service behind the handling-time estimate
RECENT_PAUSES = 20  # pauses behind the expected length of a pause under way


def minutes(start: datetime, end: datetime) -> float:
    """Minutes between two instants, to the microsecond."""
    return (end - start).total_seconds() / 60


@dataclass(slots=True, kw_only=True)
class AlertRecord:
    """A supervision alert of the day (away from post or on the phone), and its acknowledgement."""

    alert_id: str
    window: int
    staff: str | None
    kind: AlertKind
    at: datetime
    duration: float  # seconds the episode had lasted when the alert was raised
    frigate_event: str | None = None
    camera: str | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    started: datetime | None = None  # when the episode began
    ended: datetime | None = None  # when it ended: the window's next staff state (unknown included)

    def episode_seconds(self, now: datetime) -> float:
        """How long the episode lasted, or has lasted so far: what the staff record counts.

        Time the hall could not see the seat is not in it: losing sight of the seat ends it.
        """
        if self.started is None:
            return self.duration
        end = self.ended if self.ended is not None else now
        return max(self.duration, (end - self.started).total_seconds())


class HallState:
    """Tickets, windows, counters, appointments and figures of a service day.

    ``apply`` is the only way to change it, and it never refuses an event: validation belongs
    to the commands that make events, and replaying the persisted log must not fail.
    """

    def __init__(self, service_date: date) -> None:
        self.service_date = service_date
        self.tickets: dict[str, Ticket] = {}
        self.waiting: dict[str, dict[str, Ticket]] = {}  # service -> number -> ticket
        self.waiting_total = 0
        self.windows: dict[int, WindowState] = {}
        self.staff_window: dict[str, int] = {}
        self.counters: dict[str, int] = {}  # prefix -> last sequence number
        self.issued: dict[str, int] = {}  # service -> tickets issued (daily caps)
        self.appointments: dict[str, Appointment] = {}
        self.recent_handling: dict[str, deque[float]] = {}
        self.pause_lengths: deque[float] = deque(maxlen=RECENT_PAUSES)  # minutes, pauses that ended
        self.stats = DayStats()
        self.alerts: dict[str, AlertRecord] = {}  # alert id -> alert
        self.staff_states: dict[int, tuple[str, datetime]] = {}  # window -> last recorded state, since
        self.open_away: dict[int, str] = {}  # window -> staff member whose absence there is open
        self.open_alerts: dict[int, list[AlertRecord]] = {}  # window -> alerts whose episode goes on
        self.log: list[HallEvent] = []
        self.version = 0  # changes with every applied event: caches of derived figures key on it
        self._handlers: dict[EventKind, Callable[[HallEvent], Changes]] = {
            EventKind.ISSUE: self._on_issue,
            EventKind.CHECK_IN: self._on_issue,
            EventKind.CALL: self._on_call,
            EventKind.RECALL: self._on_recall,
            EventKind.START: self._on_start,
            EventKind.FINISH: self._on_finish,
            EventKind.TRANSFER: self._on_transfer,
            EventKind.NO_SHOW: self._on_no_show,
            EventKind.REACTIVATE: self._on_reactivate,
            EventKind.CANCEL: self._on_cancel,
            EventKind.EXPIRE: self._on_cancel,
            EventKind.RATE: self._on_rate,
            EventKind.OPEN: self._on_window,
            EventKind.CLOSE: self._on_window,
            EventKind.PAUSE: self._on_window,
            EventKind.RESUME: self._on_window,
            EventKind.SIGN_IN: self._on_sign_in,
            EventKind.SIGN_OUT: self._on_sign_out,
            EventKind.BOOK: self._on_book,
            EventKind.STAFF_STATE: self._on_staff_state,
            EventKind.ALERT: self._on_alert,
            EventKind.ACK: self._on_ack,
        }

    def window(self, number: int) -> WindowState:
        """A window's state (closed until an event says otherwise).

        Reading stores nothing: commands and queries go through here and must leave the state
        as it was (a replayed day holds only the windows its events touched).
        """
        state = self.windows.get(number)
        return state if state is not None else WindowState(number=number)

    def _window(self, number: int) -> WindowState:
        """A window's state that an event changes, stored on first use."""
        state = self.windows.get(number)
        if state is None:
            state = self.windows[number] = WindowState(number=number)
        return state

    def open_tickets(self) -> list[Ticket]:
        """Tickets that still hold a citizen's place."""
        return [
            t
            for t in self.tickets.values()
            if t.state in (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING)
        ]

    def apply(self, event: HallEvent) -> Changes:
        """Apply one event; answer what it touched."""
        self.log.append(event)
        self.version += 1
        return self._handlers[event.kind](event)

    # Tickets

    def _enqueue(self, ticket: Ticket) -> None:
        self.waiting.setdefault(ticket.service, {})[ticket.number] = ticket
        self.waiting_total += 1

    def _dequeue(self, ticket: Ticket) -> None:
        if self.waiting.get(ticket.service, {}).pop(ticket.number, None) is not None:
            self.waiting_total -= 1

    def _release_window(self, ticket: Ticket) -> Changes:
        changes = Changes(services={ticket.service})
        if ticket.window is not None:
            window = self._window(ticket.window)
            if window.ticket == ticket.number:
                window.ticket = None
            changes.windows.add(ticket.window)
        if ticket.staff is not None:
            changes.staff.add(ticket.staff)
        return changes

    def _close_visit(self, ticket: Ticket, at: datetime) -> Changes:
        """A window finished its part of a ticket: count it as served there."""
        begun = ticket.started_at or ticket.called_at or at
        handling = minutes(begun, at)
        for tally in self.stats.tallies(ticket.service, ticket.window, ticket.staff):
            tally.served += 1
            tally.handling.append(handling)
        recent = self.recent_handling.get(ticket.service)
        if recent is None:
            recent = self.recent_handling[ticket.service] = deque(maxlen=RECENT_HANDLING)
        recent.append(handling)
        ticket.visits += 1
        return self._release_window(ticket)

    def _on_issue(self, event: HallEvent) -> Changes:
        assert event.ticket is not None and event.service is not None
        ticket = Ticket(
            number=event.ticket,
            service=event.service,
            issued_at=event.at,
            arrival_at=event.at,
            queued_at=event.at,
            priority=bool(event.priority),
            appointment=event.appointment,
            source=event.source or "action",
            answers=event.answers,
            estimate_at_issue=event.estimate,
            order=len(self.tickets),
        )
        if event.appointment is not None and (booked := self.appointments.get(event.appointment)):
            booked.ticket = event.ticket
            if ticket.source != "appointment_late":  # past its window it queues as a walk-in
                ticket.appointment_start = booked.start
        self.tickets[ticket.number] = ticket
        self._enqueue(ticket)
        if event.prefix is not None and event.seq is not None:
            self.counters[event.prefix] = max(self.counters.get(event.prefix, 0), event.seq)
        if ticket.appointment is None:  # booked slots do not use up walk-in numbers under a cap
            self.issued[ticket.service] = self.issued.get(ticket.service, 0) + 1
        self.stats.issued += 1
        return Changes(services={ticket.service})

    def _on_call(self, event: HallEvent) -> Changes:
        assert event.ticket is not None and event.window is not None
        ticket = self.tickets[event.ticket]
        window = self._window(event.window)
        self._dequeue(ticket)
        ticket.state = TicketState.CALLED
        ticket.window = event.window
        ticket.staff = window.staff
        ticket.called_at = ticket.last_call_at = event.at
        ticket.recalls = 0
        ticket.target_window = None
        window.ticket = ticket.number
        wait = minutes(ticket.queued_at, event.at)
        for tally in self.stats.tallies(ticket.service, ticket.window, ticket.staff):
            tally.waits.append(wait)
        if ticket.estimate_at_issue is not None and not (ticket.transferred or ticket.reactivated):
            # Only the first queue: the estimate was about it, not a transfer's or a return's.
            self.stats.add_estimate_error(wait - ticket.estimate_at_issue)
        changes = Changes(services={ticket.service}, windows={event.window})
        if ticket.staff is not None:
            changes.staff.add(ticket.staff)
        changes.calls.append((event.window, ticket.number, False))
        return changes

    def _on_recall(self, event: HallEvent) -> Changes:
        assert event.ticket is not None
        ticket = self.tickets[event.ticket]
        ticket.recalls += 1
        ticket.last_call_at = event.at
        changes = Changes(services={ticket.service}, windows={ticket.window} if ticket.window else set())
        if ticket.window is not None:
            changes.calls.append((ticket.window, ticket.number, True))
        return changes

    def _on_start(self, event: HallEvent) -> Changes:
        assert event.ticket is not None
        ticket = self.tickets[event.ticket]
        ticket.state = TicketState.SERVING
        ticket.started_at = event.at
        return Changes(services={ticket.service}, windows={ticket.window} if ticket.window else set())

    def _on_finish(self, event: HallEvent) -> Changes:
        assert event.ticket is not None
        ticket = self.tickets[event.ticket]
        changes = self._close_visit(ticket, event.at)
        ticket.state = TicketState.DONE
        ticket.finished_at = event.at
        return changes

    def _on_transfer(self, event: HallEvent) -> Changes:
        assert event.ticket is not None
        ticket = self.tickets[event.ticket]
        if ticket.state in (TicketState.CALLED, TicketState.SERVING):
            changes = self._close_visit(ticket, event.at)
        else:
            changes = Changes(services={ticket.service})
            self._dequeue(ticket)
        ticket.service = event.target_service or ticket.service
        ticket.target_window = event.target_window
        ticket.transferred = True
        ticket.state = TicketState.WAITING
        ticket.queued_at = event.at
        ticket.window = ticket.staff = ticket.called_at = ticket.last_call_at = ticket.started_at = None
        ticket.recalls = 0
        self._enqueue(ticket)
        self.stats.transferred += 1
        changes.services.add(ticket.service)
        return changes

    def _on_no_show(self, event: HallEvent) -> Changes:
        assert event.ticket is not None
        ticket = self.tickets[event.ticket]
        for tally in self.stats.tallies(ticket.service, ticket.window, ticket.staff):
            tally.no_shows += 1
        ticket.state = TicketState.NO_SHOW
        return self._release_window(ticket)

    def _on_reactivate(self, event: HallEvent) -> Changes:
        assert event.ticket is not None
        ticket = self.tickets[event.ticket]
        changes = Changes(services={ticket.service})
        ticket.state = TicketState.WAITING
        ticket.reactivated = True
        ticket.queued_at = event.at
        ticket.window = ticket.staff = ticket.called_at = ticket.last_call_at = ticket.started_at = None
        ticket.recalls = 0
        self._enqueue(ticket)
        self.stats.reactivated += 1
        return changes

    def _on_cancel(self, event: HallEvent) -> Changes:
        """Cancel (or expire at rollover) a ticket, or cancel an appointment."""
        if event.ticket is None:
            assert event.appointment is not None
            booked = self.appointments[event.appointment]
            booked.cancelled = True
            return Changes(services={booked.service})
        ticket = self.tickets[event.ticket]
        self._dequeue(ticket)
        changes = self._release_window(ticket)
        if event.kind is EventKind.EXPIRE:
            ticket.state = TicketState.EXPIRED
            self.stats.expired += 1
        else:
            ticket.state = TicketState.CANCELLED
            self.stats.cancelled += 1
        return changes

    def _on_rate(self, event: HallEvent) -> Changes:
        assert event.ticket is not None and event.grade is not None
        ticket = self.tickets[event.ticket]
        ticket.rating = event.grade
        for tally in self.stats.tallies(ticket.service, ticket.window, ticket.staff):
            tally.ratings[event.grade - 1] += 1
        changes = Changes(services={ticket.service})
        if ticket.window is not None:
            changes.windows.add(ticket.window)
        if ticket.staff is not None:
            changes.staff.add(ticket.staff)
        return changes

    # Windows and staff

    def _on_window(self, event: HallEvent) -> Changes:
        assert event.window is not None
        window = self._window(event.window)
        if window.paused_at is not None and event.kind is not EventKind.PAUSE:
            # A pause ended: its length tells the wait model how long the next one may last.
            self.pause_lengths.append(minutes(window.paused_at, event.at))
            window.paused_at = None
        if event.kind is EventKind.OPEN:
            window.open, window.paused, window.pause_reason = True, False, None
        elif event.kind is EventKind.CLOSE:
            window.open, window.paused, window.pause_reason = False, False, None
        elif event.kind is EventKind.PAUSE:
            window.paused, window.pause_reason = True, event.reason
            window.paused_at = window.paused_at or event.at  # a new reason does not restart it
        else:
            window.paused, window.pause_reason = False, None
        return Changes(windows={event.window})

    def _on_sign_in(self, event: HallEvent) -> Changes:
        assert event.window is not None and event.staff is not None
        changes = self._on_sign_out(HallEvent(kind=EventKind.SIGN_OUT, at=event.at, staff=event.staff))
        window = self._window(event.window)
        if window.staff is not None:
            self.staff_window.pop(window.staff, None)
            changes.staff.add(window.staff)
        window.staff = event.staff
        self.staff_window[event.staff] = event.window
        changes.windows.add(event.window)
        changes.staff.add(event.staff)
        return changes

    def _on_sign_out(self, event: HallEvent) -> Changes:
        changes = Changes()
        number = event.window if event.window is not None else self.staff_window.get(event.staff or "")
        if number is None:
            return changes
        window = self._window(number)
        if window.staff is not None:
            self.staff_window.pop(window.staff, None)
            changes.staff.add(window.staff)
        window.staff = None
        changes.windows.add(number)
        return changes

    def _on_book(self, event: HallEvent) -> Changes:
        assert event.appointment is not None and event.service is not None
        assert event.start is not None and event.end is not None
        self.appointments[event.appointment] = Appointment(
            code=event.appointment,
            service=event.service,
            start=event.start,
            end=event.end,
            reference=event.reference or "",
        )
        return Changes(services={event.service})

    # Supervision

    def _close_away(self, window: int, at: datetime) -> str | None:
        """End the absence open at a window (if any); answer whose it was."""
        staff = self.open_away.pop(window, None)
        if staff is not None:
            record = self.stats.record(staff)
            if record.away_since is not None:
                # A clock set back must not make an absence negative.
                record.away_seconds += max(0.0, (at - record.away_since).total_seconds())
                record.away_since = None
        return staff

    def _on_staff_state(self, event: HallEvent) -> Changes:
        assert event.window is not None and event.state is not None
        changes = Changes(windows={event.window})
        since = event.start or event.at
        for alert in self.open_alerts.pop(event.window, ()):  # any change ends the alerted episode
            alert.ended = max(event.at, alert.at)
        if (closed := self._close_away(event.window, event.at)) is not None:
            changes.staff.add(closed)
        if event.staff is not None:
            changes.staff.add(event.staff)
            record = self.stats.record(event.staff)
            if event.state == StaffState.AWAY:
                # One absence per person: one still open at another window ends where this begins.
                for window, staff in list(self.open_away.items()):
                    if staff == event.staff:
                        self._close_away(window, since)
                        changes.windows.add(window)
                record.away_since = since
                self.open_away[event.window] = event.staff
            elif event.state == StaffState.PHONE:
                record.phone_episodes += 1
        self.staff_states[event.window] = (str(event.state), since)
        return changes

    def _on_alert(self, event: HallEvent) -> Changes:
        assert event.window is not None and event.alert_id is not None and event.alert is not None
        self.alerts[event.alert_id] = AlertRecord(
            alert_id=event.alert_id,
            window=event.window,
            staff=event.staff,
            kind=AlertKind(event.alert),
            at=event.at,
            duration=event.duration or 0.0,
            frigate_event=event.frigate_event,
            camera=event.camera,
            started=event.start,
        )
        self.open_alerts.setdefault(event.window, []).append(self.alerts[event.alert_id])
        self.stats.alerts += 1
        changes = Changes(windows={event.window})
        if event.staff is not None:
            self.stats.record(event.staff).alerts += 1
            changes.staff.add(event.staff)
        return changes

    def _on_ack(self, event: HallEvent) -> Changes:
        alert = self.alerts.get(event.alert_id or "")
        if alert is None or alert.acknowledged_at is not None:  # never refused: the first one counts
            return Changes()
        alert.acknowledged_at = event.at
        alert.acknowledged_by = event.reason
        self.stats.acknowledged += 1
        changes = Changes(windows={alert.window})
        if alert.staff is not None:
            self.stats.record(alert.staff).acknowledgements += 1
            changes.staff.add(alert.staff)
        return changes
