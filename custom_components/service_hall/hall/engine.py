"""The hall: commands that validate and answer with events, and queries on its state."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from time import monotonic
from typing import Any

from . import dispatch
from .arrivals import arrival_rates, goes_first
from .errors import HallError
from .estimate import DEFAULT_PAUSE, WaitEstimate, WaitModel
from .events import EventKind, HallEvent
from .layout import HallLayout
from .model import (
    OPEN_TICKET_STATES,
    Appointment,
    Changes,
    DispatchClass,
    HallSettings,
    Service,
    Staff,
    Ticket,
    TicketState,
    Window,
    WindowState,
    WindowStatus,
)
from .state import HallState, minutes
from .stats import GRADES, mean
from .supervision import AlertRaised, StaffState, StateChange

DEFAULT_SLOT = timedelta(minutes=30)
MAX_DAYS_AHEAD = 366  # booking systems open slots weeks ahead; a year is the most a hall plans
MODEL_SECONDS = 30  # waits change with time too: the model is rebuilt at least this often
BIG_QUEUE = 300  # waiting tickets from which the wait model is rebuilt at most ...
BIG_QUEUE_SECONDS = 2.0  # ... this often (seconds of the machine's clock)


def service_date_of(now: datetime, rollover: time) -> date:
    """The service day an instant belongs to: a day runs from one rollover to the next."""
    return (now - timedelta(hours=rollover.hour, minutes=rollover.minute)).date()


@dataclass(frozen=True, slots=True)
class TicketInfo:
    """What a citizen is told about a ticket."""

    number: str
    service: str
    state: TicketState
    ahead: int
    estimate: WaitEstimate | None
    window: int | None

    def as_dict(self) -> dict[str, Any]:
        """Plain form for action answers."""
        return {
            "ticket": self.number,
            "service": self.service,
            "state": str(self.state),
            "people_ahead": self.ahead,
            "estimated_wait": self.estimate.rounded() if self.estimate else None,
            "window": self.window,
        }


class Hall:
    """One hall: its settings and layout, and the state of the current service day."""

    def __init__(self, settings: HallSettings, layout: HallLayout, state: HallState | None = None) -> None:
        self.settings = settings
        self.layout = layout
        self.state = state or HallState(date.min)
        self._model: WaitModel | None = None
        self._model_state: HallState | None = None
        self._model_version = -1
        self._model_built = 0.0

    # Applying events

    def apply(self, events: Iterable[HallEvent]) -> Changes:
        """Apply events (already validated by a command, or read back from the log)."""
        changes = Changes()
        for event in events:
            current = self._model is not None and self._model_version == self.state.version
            changes.merge(self.state.apply(event))
            if current and event.kind in (EventKind.ISSUE, EventKind.CHECK_IN):
                self._join_model(event)
        return changes

    def _join_model(self, event: HallEvent) -> None:
        """A new walk-in ranks after every waiting ticket: it joins the end of the wait model."""
        ticket = self.state.tickets.get(event.ticket or "")
        model = self._model
        if model is None or ticket is None:
            return
        if (
            dispatch.classify(ticket, event.at, self.settings)[1] is DispatchClass.WALK_IN
            and event.at >= model.now
        ):
            model.append(ticket)
            self._model_version = self.state.version

    # Lookups that refuse unknown ids

    def service(self, service_id: str) -> Service:
        """A service by id."""
        if (service := self.layout.services.get(service_id)) is None:
            raise HallError("unknown_service", service=service_id)
        return service

    def window(self, number: int) -> Window:
        """A window by number."""
        if (window := self.layout.windows.get(number)) is None:
            raise HallError("unknown_window", window=number)
        return window

    def staff(self, staff_number: str) -> Staff:
        """A staff member by staff number."""
        if (person := self.layout.staff.get(staff_number)) is None:
            raise HallError("unknown_staff", staff=staff_number)
        return person

    def ticket(self, number: str) -> Ticket:
        """A ticket of today by number (case-insensitive)."""
        if (ticket := self.state.tickets.get(number.strip().upper())) is None:
            raise HallError("unknown_ticket", ticket=number)
        return ticket

    def window_state(self, number: int) -> WindowState:
        """A known window's state of the day."""
        self.window(number)
        return self.state.window(number)

    def check_layout_change(self, layout: HallLayout) -> None:
        """Refuse a new layout that would strand today's open tickets; nothing changes either way.

        Every open ticket's service must stay (``service_in_use``), and every window serving a
        ticket must stay (``window_in_use``): the options flow's removals, a layout imported by the
        flow or by the ``import_layout`` action all ask this one question.
        """
        if lost := sorted({t.service for t in self.state.open_tickets()} - set(layout.services)):
            raise HallError("service_in_use", service=", ".join(lost))
        for number, state in sorted(self.state.windows.items()):
            if state.ticket is not None and number not in layout.windows:
                raise HallError("window_in_use", window=number, ticket=state.ticket)

    # Queries

    def is_open(self, now: datetime) -> bool:
        """Whether the hall issues tickets at this instant."""
        opens, closes = self.settings.open_time, self.settings.close_time
        clock = now.time().replace(tzinfo=None)
        weekday = now.weekday()
        if opens < closes:
            return weekday in self.settings.open_days and opens <= clock < closes
        # Open across midnight (or always, when equal): the small hours belong to the day the
        # hall opened, so Friday's evening session runs into Saturday morning.
        if clock < closes:
            weekday = (weekday - 1) % 7
        elif clock < opens:
            return False
        return weekday in self.settings.open_days

    def opened_at(self, now: datetime) -> datetime:
        """When the hall opened on the day of ``now`` (its opening time that day)."""
        opens = self.settings.open_time
        return now.replace(hour=opens.hour, minute=opens.minute, second=0, microsecond=0)

    def day_began_at(self, now: datetime) -> datetime:
        """Since when today's arrivals are counted: the opening time, or the day's first event if
        later (a hall that started its day late: arrival rates over a whole hour of nothing would
        say a busy hall is quiet)."""
        opened = self.opened_at(now)
        log = self.state.log
        return max(opened, log[0].at) if log and log[0].at <= now else opened

    def window_status(self, number: int) -> WindowStatus:
        """What a window shows."""
        state = self.state.window(number)
        return state.status(self.state.tickets.get(state.ticket) if state.ticket else None)

    def current_ticket(self, number: int) -> Ticket | None:
        """The ticket called or served at a window."""
        state = self.state.window(number)
        return self.state.tickets.get(state.ticket) if state.ticket else None

    def waiting(self, service_id: str) -> list[Ticket]:
        """A service's waiting tickets."""
        return list(self.state.waiting.get(service_id, {}).values())

    def longest_wait(self, service_id: str | None, now: datetime) -> float:
        """Minutes the longest-waiting ticket has waited (0 when nobody waits)."""
        queues = [self.state.waiting.get(service_id, {})] if service_id else list(self.state.waiting.values())
        return max((minutes(t.queued_at, now) for q in queues for t in q.values()), default=0.0)

    def handling_time(self, service_id: str) -> float:
        """Recent mean handling time of a service, or its configured figure before any."""
        recent = self.state.recent_handling.get(service_id)
        value = mean(recent) if recent else None
        return value if value is not None else self.service(service_id).handling_time

    def wait_model(self, now: datetime) -> WaitModel:
        """The open windows and the waiting tickets played forward (see :mod:`.estimate`).

        Rebuilt for a new state, every half minute (waits change with time), and after events;
        a walk-in's ticket only joins the end of the model. In a hall with hundreds waiting the
        replay costs milliseconds, so there it is rebuilt after other events at most every few
        seconds (estimates on screens may lag that much; each new ticket is still counted).
        """
        model = self._model
        state = self.state
        if (
            model is None
            or self._model_state is not state
            or (now - model.now).total_seconds() >= MODEL_SECONDS
            or now < model.now
            or (
                self._model_version != state.version
                and (state.waiting_total < BIG_QUEUE or monotonic() - self._model_built >= BIG_QUEUE_SECONDS)
            )
        ):
            model = self._model = WaitModel(
                self.layout.windows,
                state.window,
                state.tickets,
                state.waiting,
                self.handling_time,
                # Any day's bookings: only those whose slot begins within the wait count.
                state.appointments,
                now,
                lambda ticket: dispatch.sort_key(ticket, now, self.settings),
                mean(state.pause_lengths) or DEFAULT_PAUSE,
                # Tickets that will join ahead of a waiting walk-in (priority lane, transfers in).
                arrival_rates(reversed(state.log), now, self.day_began_at(now), goes_first),
            )
            # The state object itself, not its id(): a new day's state can take the address of a
            # freed one and start at the same version, and would then be answered stale figures.
            self._model_state, self._model_version = state, state.version
            self._model_built = monotonic()
        return model

    def estimate(self, service_id: str, now: datetime) -> WaitEstimate | None:
        """Estimated wait of a ticket issued now for a service; None when no open window serves it."""
        self.service(service_id)
        return self.wait_model(now).for_new_ticket(service_id)

    def ticket_info(self, number: str, now: datetime) -> TicketInfo:
        """People ahead and estimated wait of a ticket."""
        ticket = self.ticket(number)
        ahead, estimate = 0, None
        if ticket.state is TicketState.WAITING:
            ahead = dispatch.ahead_of(ticket, self.waiting(ticket.service), now, self.settings)
            estimate = self._ticket_estimate(ticket, now)
        return TicketInfo(ticket.number, ticket.service, ticket.state, ahead, estimate, ticket.window)

    def _ticket_estimate(self, ticket: Ticket, now: datetime) -> WaitEstimate | None:
        """A waiting ticket's wait: the tickets of all its windows' services that go before it."""
        return self.wait_model(now).for_ticket(ticket)

    def appointments_today(self) -> list[Appointment]:
        """Appointments of the current service day, by slot."""
        day = self.state.service_date
        rollover = self.settings.rollover_time
        return sorted(
            (a for a in self.state.appointments.values() if service_date_of(a.start, rollover) == day),
            key=lambda a: a.start,
        )

    # Tickets

    def issue(
        self,
        service_id: str,
        now: datetime,
        *,
        priority: bool = False,
        source: str = "action",
        answers: Mapping[str, str] | None = None,
    ) -> list[HallEvent]:
        """Issue a ticket (取号) for a walk-in."""
        service = self.service(service_id)
        self._require_open(now)
        if service.daily_cap is not None and self.state.issued.get(service.id, 0) >= service.daily_cap:
            raise HallError("daily_cap_reached", service=service.id, cap=service.daily_cap)
        return [
            self._issue_event(
                EventKind.ISSUE,
                service,
                now,
                priority=priority,
                source=source,
                answers=dict(answers) if answers else None,
            )
        ]

    def _require_open(self, now: datetime) -> None:
        if not self.is_open(now):
            raise HallError(
                "hall_closed",
                open=self.settings.open_time.strftime("%H:%M"),
                close=self.settings.close_time.strftime("%H:%M"),
            )

    def _issue_event(self, kind: EventKind, service: Service, now: datetime, **fields: Any) -> HallEvent:
        seq = self.state.counters.get(service.prefix, 0) + 1
        estimate = self.estimate(service.id, now)
        return HallEvent(
            kind=kind,
            at=now,
            ticket=f"{service.prefix}{seq:03d}",
            prefix=service.prefix,
            seq=seq,
            service=service.id,
            estimate=round(estimate.point, 2) if estimate else None,
            **fields,
        )

    def call_next(self, number: int, now: datetime) -> list[HallEvent]:
        """Call the next ticket at a window (叫号); a ticket under service there is finished first.

        The answer holds no call event when nobody waits for the window.
        """
        window = self.window(number)
        state = self._usable_window(number)
        events: list[HallEvent] = []
        if (current := self.current_ticket(number)) is not None:
            if current.state is not TicketState.SERVING:
                raise HallError("ticket_not_finished", ticket=current.number, window=number)
            events.append(HallEvent(kind=EventKind.FINISH, at=now, ticket=current.number, window=number))
        chosen = dispatch.select(window, self.state.waiting, now, self.settings)
        if chosen is not None:
            events.append(
                HallEvent(kind=EventKind.CALL, at=now, ticket=chosen.number, window=number, staff=state.staff)
            )
        return events

    def _usable_window(self, number: int) -> WindowState:
        state = self.window_state(number)
        if not state.open:
            raise HallError("window_closed", window=number)
        if state.paused:
            raise HallError("window_paused", window=number, reason=state.pause_reason or "")
        return state

    def _at_window(self, ticket: str | None, window: int | None) -> Ticket:
        """The ticket a window-side command acts on: named, or the window's current one."""
        if ticket is not None:
            found = self.ticket(ticket)
            if window is not None:
                self.window(window)
                if found.window != window or found.state not in (TicketState.CALLED, TicketState.SERVING):
                    raise HallError("ticket_not_at_window", ticket=found.number, window=window)
            return found
        if window is None:
            raise HallError("ticket_or_window_required")
        current = self.current_ticket(self.window(window).number)
        if current is None:
            raise HallError("no_current_ticket", window=window)
        return current

    @staticmethod
    def _require(ticket: Ticket, *states: TicketState) -> None:
        if ticket.state not in states:
            raise HallError("ticket_wrong_state", ticket=ticket.number, state=ticket.state)

    def recall(
        self, now: datetime, *, ticket: str | None = None, window: int | None = None
    ) -> list[HallEvent]:
        """Call the same ticket again (重呼), up to the hall's limit."""
        found = self._at_window(ticket, window)
        self._require(found, TicketState.CALLED)
        if found.recalls >= self.settings.recall_limit:
            raise HallError("recall_limit_reached", ticket=found.number, limit=self.settings.recall_limit)
        return [HallEvent(kind=EventKind.RECALL, at=now, ticket=found.number, window=found.window)]

    def start(
        self, now: datetime, *, ticket: str | None = None, window: int | None = None
    ) -> list[HallEvent]:
        """The citizen arrived at the window: service starts."""
        found = self._at_window(ticket, window)
        self._require(found, TicketState.CALLED)
        return [HallEvent(kind=EventKind.START, at=now, ticket=found.number, window=found.window)]

    def complete(
        self, now: datetime, *, ticket: str | None = None, window: int | None = None
    ) -> list[HallEvent]:
        """Service finished (办结); a called ticket counts as served from its call."""
        found = self._at_window(ticket, window)
        self._require(found, TicketState.CALLED, TicketState.SERVING)
        return [HallEvent(kind=EventKind.FINISH, at=now, ticket=found.number, window=found.window)]

    def no_show(
        self, now: datetime, *, ticket: str | None = None, window: int | None = None, auto: bool = False
    ) -> list[HallEvent]:
        """The citizen did not come (过号)."""
        found = self._at_window(ticket, window)
        self._require(found, TicketState.CALLED)
        return [
            HallEvent(
                kind=EventKind.NO_SHOW, at=now, ticket=found.number, window=found.window, auto=auto or None
            )
        ]

    def reactivate(self, ticket: str, now: datetime) -> list[HallEvent]:
        """A citizen who missed the call comes back the same day: served first (过号激活)."""
        found = self.ticket(ticket)
        self._require(found, TicketState.NO_SHOW)
        return [HallEvent(kind=EventKind.REACTIVATE, at=now, ticket=found.number)]

    def transfer(
        self,
        now: datetime,
        *,
        ticket: str | None = None,
        window: int | None = None,
        target_service: str | None = None,
        target_window: int | None = None,
    ) -> list[HallEvent]:
        """Send a ticket on to another service or a named window, keeping its place (联办转号)."""
        found = (
            self._at_window(ticket, window) if window is not None or ticket is None else self.ticket(ticket)
        )
        self._require(found, *OPEN_TICKET_STATES)
        if target_service is None and target_window is None:
            raise HallError("transfer_target_required")
        service = self.service(target_service or found.service)
        if target_window is not None:
            if service.id not in self.window(target_window).services:
                raise HallError("window_not_serving", window=target_window, service=service.id)
            if target_window == found.window:
                raise HallError("transfer_same_window", ticket=found.number, window=target_window)
        elif service.id == found.service:
            raise HallError("transfer_same_service", ticket=found.number, service=service.id)
        return [
            HallEvent(
                kind=EventKind.TRANSFER,
                at=now,
                ticket=found.number,
                service=found.service,
                window=found.window,
                target_service=service.id,
                target_window=target_window,
            )
        ]

    def cancel(self, ticket: str, now: datetime) -> list[HallEvent]:
        """The citizen gives up the ticket."""
        found = self.ticket(ticket)
        self._require(found, *OPEN_TICKET_STATES, TicketState.NO_SHOW)
        return [HallEvent(kind=EventKind.CANCEL, at=now, ticket=found.number, window=found.window)]

    def rate(self, ticket: str, grade: int, now: datetime) -> list[HallEvent]:
        """The citizen's rating (好差评), 5 非常满意 … 1 非常不满意, once per ticket."""
        found = self.ticket(ticket)
        if not 1 <= grade <= GRADES:
            raise HallError("invalid_grade", grade=grade)
        self._require(found, TicketState.DONE)
        if found.rating is not None:
            raise HallError("already_rated", ticket=found.number)
        return [HallEvent(kind=EventKind.RATE, at=now, ticket=found.number, grade=grade, window=found.window)]

    def last_completed(self, number: int) -> Ticket | None:
        """The ticket a window finished last today."""
        return self.last_completed_by_window().get(number)

    def last_completed_by_window(self) -> dict[int, Ticket]:
        """The ticket each window finished last today, in one pass over the day's tickets."""
        last: dict[int, Ticket] = {}
        for ticket in self.state.tickets.values():
            if ticket.state is not TicketState.DONE or ticket.window is None:
                continue
            best = last.get(ticket.window)
            if best is None or (ticket.finished_at or ticket.issued_at) > (
                best.finished_at or best.issued_at
            ):
                last[ticket.window] = ticket
        return last

    def rate_at_window(self, number: int, grade: int, now: datetime, *, within: float) -> list[HallEvent]:
        """A rating key at a window: rates the ticket it completed last, if within ``within`` seconds."""
        self.window(number)
        last = self.last_completed(number)
        if last is None or last.finished_at is None or (now - last.finished_at).total_seconds() > within:
            raise HallError("no_ticket_to_rate", window=number)
        return self.rate(last.number, grade, now)

    def toggle_pause(self, number: int, now: datetime, *, reason: str) -> list[HallEvent]:
        """The pause key: pauses an open window, resumes a paused one."""
        if self.window_state(number).paused:
            return self.resume_window(number, now)
        return self.pause_window(number, reason, now)

    # Windows and staff

    def open_window(self, number: int, now: datetime) -> list[HallEvent]:
        """Open a window (nothing happens when it is open already)."""
        if self.window_state(number).open:
            return []
        return [HallEvent(kind=EventKind.OPEN, at=now, window=number)]

    def close_window(self, number: int, now: datetime) -> list[HallEvent]:
        """Close a window; it must have finished its ticket."""
        state = self.window_state(number)
        if not state.open:
            return []
        if state.ticket is not None:
            raise HallError("window_busy", window=number, ticket=state.ticket)
        return [HallEvent(kind=EventKind.CLOSE, at=now, window=number)]

    def pause_window(self, number: int, reason: str, now: datetime) -> list[HallEvent]:
        """Pause a window with a reason (暂停服务); a ticket under way may be finished."""
        state = self.window_state(number)
        if not state.open:
            raise HallError("window_closed", window=number)
        if state.paused and state.pause_reason == reason:
            return []
        return [HallEvent(kind=EventKind.PAUSE, at=now, window=number, reason=reason)]

    def resume_window(self, number: int, now: datetime) -> list[HallEvent]:
        """End a pause."""
        if not self.window_state(number).paused:
            return []
        return [HallEvent(kind=EventKind.RESUME, at=now, window=number)]

    def sign_in(self, number: int, staff_number: str, now: datetime) -> list[HallEvent]:
        """A staff member signs in at a window (leaving any other window)."""
        self.window(number)
        person = self.staff(staff_number)
        if self.state.staff_window.get(person.staff_number) == number:
            return []
        return [HallEvent(kind=EventKind.SIGN_IN, at=now, window=number, staff=person.staff_number)]

    def sign_out(
        self, now: datetime, *, window: int | None = None, staff: str | None = None
    ) -> list[HallEvent]:
        """A staff member signs out, named by window or staff number."""
        if window is None and staff is None:
            raise HallError("window_or_staff_required")
        if staff is not None:
            self.staff(staff)
            window_of = self.state.staff_window.get(staff)
            if window is not None and window_of != window:
                raise HallError("staff_not_at_window", staff=staff, window=window)
            window = window_of
        elif window is not None:
            self.window(window)
        if window is None or self.state.window(window).staff is None:
            return []
        return [
            HallEvent(kind=EventKind.SIGN_OUT, at=now, window=window, staff=self.state.window(window).staff)
        ]

    # Appointments

    def book(
        self,
        service_id: str,
        start: datetime,
        now: datetime,
        *,
        end: datetime | None = None,
        reference: str = "",
        code: str | None = None,
    ) -> list[HallEvent]:
        """Book a slot (预约); the answer's code is what the citizen checks in with."""
        service = self.service(service_id)
        if start > now + timedelta(days=MAX_DAYS_AHEAD) or (
            end is not None and end > now + timedelta(days=MAX_DAYS_AHEAD)
        ):
            raise HallError("appointment_too_far", days=MAX_DAYS_AHEAD)
        end = end or start + DEFAULT_SLOT
        if end <= start:
            raise HallError("appointment_bad_slot")
        if end <= now:
            raise HallError("appointment_in_past")
        if code is None:
            code = self._new_code()
        elif (code := code.strip()) in self.state.appointments:
            raise HallError("appointment_code_taken", code=code)
        return [
            HallEvent(
                kind=EventKind.BOOK,
                at=now,
                appointment=code,
                service=service.id,
                start=start,
                end=end,
                reference=reference or None,
            )
        ]

    def _new_code(self) -> str:
        while True:
            code = f"{secrets.randbelow(1_000_000):06d}"
            if code not in self.state.appointments:
                return code

    def _appointment(self, code: str) -> Appointment:
        if (booked := self.state.appointments.get(code.strip())) is None:
            raise HallError("unknown_appointment", code=code)
        return booked

    def check_in_window(self, service_id: str) -> tuple[timedelta, timedelta]:
        """How long before its slot an appointment may check in, and how long after its end it
        still goes ahead as one: the service's own figures, else the hall's."""
        service = self.service(service_id)
        early = service.appointment_early
        late = service.appointment_late
        return (
            timedelta(minutes=self.settings.appointment_early if early is None else early),
            timedelta(minutes=self.settings.appointment_late if late is None else late),
        )

    def check_in_preview(self, code: str, now: datetime) -> tuple[Appointment, str]:
        """What checking this code in now would do, changing nothing: the appointment and its
        ticket's source. Refuses as ``check_in`` would, so a kiosk can ask before the guide."""
        booked = self._appointment(code)
        if booked.cancelled:
            raise HallError("appointment_cancelled", code=booked.code)
        if booked.ticket is not None:
            raise HallError("appointment_checked_in", code=booked.code, ticket=booked.ticket)
        if service_date_of(booked.start, self.settings.rollover_time) != self.state.service_date:
            raise HallError("appointment_not_today", code=booked.code, date=booked.start.date().isoformat())
        early, late = self.check_in_window(booked.service)
        if now < booked.start - early:
            raise HallError(
                "appointment_too_early",
                code=booked.code,
                start=booked.start.strftime("%H:%M"),
                opens=(booked.start - early).strftime("%H:%M"),
            )
        self.service(booked.service)
        if now > booked.end + late:
            self._require_open(now)
            return booked, "appointment_late"
        return booked, "appointment"

    def check_in(
        self, code: str, now: datetime, *, answers: Mapping[str, str] | None = None
    ) -> list[HallEvent]:
        """An appointment arrives (签到): it gets a ticket that goes ahead once its slot begins.

        Too early is refused (the answer says when to come back); too late, on the day of the
        slot, the citizen still gets a ticket but queues as a walk-in (source ``appointment_late``).
        """
        booked, source = self.check_in_preview(code, now)
        return [
            self._issue_event(
                EventKind.CHECK_IN,
                self.service(booked.service),
                now,
                appointment=booked.code,
                source=source,
                answers=dict(answers) if answers else None,
            )
        ]

    def cancel_appointment(self, code: str, now: datetime) -> list[HallEvent]:
        """Cancel a booking that has not checked in."""
        booked = self._appointment(code)
        if booked.ticket is not None:
            raise HallError("appointment_checked_in", code=booked.code, ticket=booked.ticket)
        if booked.cancelled:
            return []
        return [HallEvent(kind=EventKind.CANCEL, at=now, appointment=booked.code)]

    # Supervision

    def record_state(self, change: StateChange) -> list[HallEvent]:
        """Log a staff state change that a seat monitor reported (its ``since`` as ``start``)."""
        self.window(change.window)
        return [
            HallEvent(
                kind=EventKind.STAFF_STATE,
                at=change.at,
                window=change.window,
                staff=change.staff,
                state=str(change.state),
                start=change.since,
            )
        ]

    def close_unseen_episodes(self, windows: Iterable[int], at: datetime | None) -> list[HallEvent]:
        """The hall stops seeing these windows' seats: their away or phone episodes end, as unknown.

        ``at`` is when it stops (an unload, Home Assistant stopping). None after a run that ended
        without saying so (a crash, a power cut): then at the last instant the day's log shows the
        hall alive, so that time nobody could see the seat is never counted as absence.
        """
        if at is None:
            at = max((event.at for event in self.state.log), default=None)
        events = []
        for number in windows:
            found = self.state.staff_states.get(number)
            if found is None or found[0] not in (StaffState.AWAY, StaffState.PHONE):
                continue
            end = at or found[1]
            events.append(
                HallEvent(
                    kind=EventKind.STAFF_STATE,
                    at=end,
                    window=number,
                    staff=self.state.window(number).staff,
                    state=str(StaffState.UNKNOWN),
                    start=end,
                )
            )
        return events

    def record_alert(
        self, alert: AlertRaised, *, frigate_event: str | None = None, camera: str | None = None
    ) -> list[HallEvent]:
        """Log an alert that a seat monitor raised, under a new id: window and the day's sequence."""
        self.window(alert.window)
        return [
            HallEvent(
                kind=EventKind.ALERT,
                at=alert.at,
                window=alert.window,
                staff=alert.staff,
                alert=str(alert.kind),
                alert_id=f"W{alert.window:02d}-{self.state.stats.alerts + 1:03d}",
                start=alert.started,
                duration=alert.duration,
                frigate_event=frigate_event or None,
                camera=camera or None,
            )
        ]

    def acknowledge(self, alert_id: str, now: datetime, *, by: str | None = None) -> list[HallEvent]:
        """Somebody in charge acknowledged an alert (``by`` is kept as the event's reason)."""
        alert = self.state.alerts.get(alert_id.strip().upper())
        if alert is None:
            raise HallError("unknown_alert", alert=alert_id)
        if alert.acknowledged_at is not None:
            raise HallError("alert_already_acknowledged", alert=alert.alert_id)
        return [
            HallEvent(
                kind=EventKind.ACK,
                at=now,
                alert_id=alert.alert_id,
                window=alert.window,
                staff=alert.staff,
                reason=by or None,
            )
        ]

    # Time

    def due(self, now: datetime) -> list[HallEvent]:
        """What time alone makes happen: called tickets nobody came for become no-shows."""
        timeout = self.settings.no_show_timeout
        if timeout <= 0:
            return []
        events = []
        for state in self.state.windows.values():
            ticket = self.state.tickets.get(state.ticket) if state.ticket else None
            if (
                ticket
                and ticket.state is TicketState.CALLED
                and ticket.last_call_at
                and minutes(ticket.last_call_at, now) >= timeout
            ):
                events.append(
                    HallEvent(
                        kind=EventKind.NO_SHOW, at=now, ticket=ticket.number, window=ticket.window, auto=True
                    )
                )
        return events

    def needs_rollover(self, now: datetime) -> bool:
        """Whether the service day has changed."""
        return service_date_of(now, self.settings.rollover_time) != self.state.service_date

    def closing_events(self, now: datetime) -> list[HallEvent]:
        """Expire what the day left unfinished (counted as expired in its figures)."""
        return [
            HallEvent(kind=EventKind.EXPIRE, at=now, ticket=t.number, window=t.window)
            for t in self.state.open_tickets()
        ]

    def next_day(self, now: datetime) -> HallState:
        """A fresh day: numbering reset, windows closed, staff signed out; future bookings kept."""
        fresh = HallState(service_date_of(now, self.settings.rollover_time))
        rollover = self.settings.rollover_time
        # Copies: checking in on the new day must not change the closed day's record.
        fresh.appointments = {
            code: replace(booked)
            for code, booked in self.state.appointments.items()
            if not booked.cancelled
            and booked.ticket is None
            and service_date_of(booked.start, rollover) >= fresh.service_date
        }
        return fresh
