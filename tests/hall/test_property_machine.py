"""Property: a rule-based state machine drives a hall through whole days and checks the log against it.

``test_property.py`` draws flat command lists on one day. This machine (hypothesis' stateful
testing) chooses each command from the state reached, keeps going across the day's end (closing
events, then the next day through ``next_day`` and ``carry_over``/``day_start``, as the
coordinator's rollover does) and checks after every step:

* every ticket is in exactly one place and state (``check_invariants``/``check_one_place``), and
  that state is the one its own events in the log lead to;
* no ticket vanishes: the day's ticket numbers only grow, every state change is one the ticket's
  life allows, a final state (done, cancelled, expired) never changes again, a no-show only comes
  back by reactivation or ends cancelled, and what a ticket was issued with never changes;
* numbers are unique per day and prefix: each ISSUE/CHECK_IN of the log gives a new number, per
  prefix the numbers run 1, 2, 3, … in issue order with the service's own prefix, and daily caps hold;
* the figures equal a recount of the log: an independent walk over ``state.log`` (no code of
  ``hall/stats.py``) builds the whole ``DayStats.summary()`` – issued, cancelled, expired,
  transferred, reactivated, and per hall, service, window and staff member the visits served,
  no-shows, waits, handling times, ratings (count and sum) and satisfaction, and the estimate
  error – and compares it with ``hall.state.stats`` and with ``replay_day`` of the log;
* commands refused with ``HallError`` change nothing, and accepted ones change nothing either
  until their events are applied.

At every rollover the closed day must have no open ticket left, rebuild exactly from its start
and its log written as JSON, and hand the next day exactly its future, uncancelled, unchecked-in
bookings. Why: the integration persists only the log, so the figures, the archive and a restart
are only as right as the log is complete and the fold over it is faithful.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from custom_components.service_hall.hall import Hall, HallError, HallEvent, HallSettings, TicketState
from custom_components.service_hall.hall.carry import carry_over
from custom_components.service_hall.hall.events import EventKind
from custom_components.service_hall.hall.replay import replay_day

from .conftest import assert_same_state, at, check_invariants, make_hall, replayed, through_json
from .helpers import check_one_place, serve

SERVICES = ("id_card", "passport", "social", "tax")
PREFIX = {"id_card": "A", "passport": "A", "social": "B", "tax": "C"}
CAPS = {"tax": 3}
WINDOWS = (1, 2, 3, 4)
STAFF = ("S001", "S002", "S003")
ROLLOVER_HOURS = 3  # the layout's day runs from 03:00 to 03:00
FINAL = frozenset({TicketState.DONE, TicketState.CANCELLED, TicketState.EXPIRED})
TERMINAL = FINAL | {TicketState.NO_SHOW}
W, C, S = TicketState.WAITING, TicketState.CALLED, TicketState.SERVING
ALLOWED: dict[TicketState, frozenset[TicketState]] = {
    W: frozenset({W, C, TicketState.CANCELLED, TicketState.EXPIRED}),  # W -> W: a transfer
    C: frozenset(
        {C, S, W, TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED, TicketState.EXPIRED}
    ),
    S: frozenset({S, W, TicketState.DONE, TicketState.CANCELLED, TicketState.EXPIRED}),
    TicketState.NO_SHOW: frozenset({TicketState.NO_SHOW, W, TicketState.CANCELLED}),
    **{final: frozenset({final}) for final in FINAL},
}
GRADES = 5

windows = st.sampled_from(WINDOWS)
services = st.sampled_from(SERVICES)
index = st.integers(0, 40)


# An independent recount of the day's figures from its log.


@dataclass
class Figures:
    """What the report says about the hall, one service, one window or one staff member."""

    served: int = 0
    no_shows: int = 0
    waits: list[float] = field(default_factory=list)
    handling: list[float] = field(default_factory=list)
    grades: Counter[int] = field(default_factory=Counter)

    def report(self) -> dict[str, Any]:
        """The figures as the day's report gives them (rounded to hundredths, shares to thousandths)."""
        rated = sum(self.grades.values())
        return {
            "served": self.served,
            "no_shows": self.no_shows,
            "mean_wait": average(self.waits),
            "p90_wait": nearest_rank_90(self.waits),
            "mean_handling": average(self.handling),
            "ratings": {str(g): self.grades[g] for g in range(1, GRADES + 1)},
            "satisfaction": round((self.grades[4] + self.grades[5]) / rated, 3) if rated else None,
        }


def average(values: Sequence[float]) -> float | None:
    """Mean to two decimals; None without values."""
    total = 0.0
    for value in values:
        total += value
    return round(total / len(values), 2) if values else None


def nearest_rank_90(values: Sequence[float]) -> float | None:
    """The 90th percentile by nearest rank: the smallest value with at least 90 % of values at or below."""
    if not values:
        return None
    rank = -(-9 * len(values) // 10)  # ceil(0.9 n) in integers
    return round(sorted(values)[rank - 1], 2)


def span(start: datetime, end: datetime) -> float:
    """Minutes from start to end."""
    return (end - start).total_seconds() / 60


@dataclass
class Life:
    """A ticket as its events tell it."""

    service: str
    queued_at: datetime
    estimate: float | None
    state: TicketState = TicketState.WAITING
    first_queue: bool = True  # not yet transferred or reactivated: its issue estimate applies
    window: int | None = None
    staff: str | None = None
    called_at: datetime | None = None
    started_at: datetime | None = None


@dataclass
class Recount:
    """The day's figures and ticket states, counted from the log alone."""

    created: list[HallEvent] = field(default_factory=list)  # ISSUE and CHECK_IN events, in order
    lives: dict[str, Life] = field(default_factory=dict)
    walk_ins: Counter[str] = field(default_factory=Counter)  # per service, for daily caps
    totals: Counter[str] = field(default_factory=Counter)
    hall: Figures = field(default_factory=Figures)
    services: dict[str, Figures] = field(default_factory=dict)
    windows: dict[int, Figures] = field(default_factory=dict)
    staff: dict[str, Figures] = field(default_factory=dict)
    errors: list[float] = field(default_factory=list)  # realised wait minus issue estimate

    def figures(self, life: Life) -> list[Figures]:
        """Whose figures an event about this ticket counts in: the hall's, its service's, window's, officer's."""
        out = [self.hall, self.services.setdefault(life.service, Figures())]
        if life.window is not None:
            out.append(self.windows.setdefault(life.window, Figures()))
        if life.staff is not None:
            out.append(self.staff.setdefault(life.staff, Figures()))
        return out

    def close_visit(self, life: Life, now: datetime) -> None:
        """A window finished its part: one visit served there, handled from the start (or the call)."""
        begun = life.started_at or life.called_at or now
        for figures in self.figures(life):
            figures.served += 1
            figures.handling.append(span(begun, now))

    def walk(self, log: Sequence[HallEvent]) -> Recount:
        """Count a day's events."""
        for event in log:
            self.count(event)
        return self

    def count(self, event: HallEvent) -> None:
        """Count one event."""
        number = event.ticket
        if event.kind in (EventKind.ISSUE, EventKind.CHECK_IN):
            assert number is not None and event.service is not None
            assert number not in self.lives, f"{number} issued twice"
            self.created.append(event)
            self.lives[number] = Life(event.service, event.at, event.estimate)
            self.totals["issued"] += 1
            if event.appointment is None:
                self.walk_ins[event.service] += 1
            return
        if number is None:
            return  # windows, staff, bookings: no ticket figure
        life = self.lives[number]
        match event.kind:
            case EventKind.CALL:
                assert life.state is TicketState.WAITING, event
                life.state, life.window, life.staff = TicketState.CALLED, event.window, event.staff
                life.called_at, life.started_at = event.at, None
                wait = span(life.queued_at, event.at)
                for figures in self.figures(life):
                    figures.waits.append(wait)
                if life.first_queue and life.estimate is not None:
                    self.errors.append(wait - life.estimate)
            case EventKind.START:
                life.state, life.started_at = TicketState.SERVING, event.at
            case EventKind.FINISH:
                self.close_visit(life, event.at)
                life.state = TicketState.DONE
            case EventKind.TRANSFER:
                if life.state in (TicketState.CALLED, TicketState.SERVING):
                    self.close_visit(life, event.at)
                life.service = event.target_service or life.service
                life.state, life.first_queue, life.queued_at = TicketState.WAITING, False, event.at
                life.window = life.staff = life.called_at = life.started_at = None
                self.totals["transferred"] += 1
            case EventKind.NO_SHOW:
                for figures in self.figures(life):
                    figures.no_shows += 1
                life.state = TicketState.NO_SHOW
            case EventKind.REACTIVATE:
                life.state, life.first_queue, life.queued_at = TicketState.WAITING, False, event.at
                life.window = life.staff = life.called_at = life.started_at = None
                self.totals["reactivated"] += 1
            case EventKind.CANCEL:
                life.state = TicketState.CANCELLED
                self.totals["cancelled"] += 1
            case EventKind.EXPIRE:
                life.state = TicketState.EXPIRED
                self.totals["expired"] += 1
            case EventKind.RATE:
                assert event.grade is not None
                for figures in self.figures(life):
                    figures.grades[event.grade] += 1

    def report(self) -> dict[str, Any]:
        """The day's report as ``DayStats.summary()`` defines it (no supervision events are drawn)."""
        errors = self.errors
        return {
            **{
                key: self.totals[key]
                for key in ("issued", "cancelled", "expired", "transferred", "reactivated")
            },
            **self.hall.report(),
            "services": {k: v.report() for k, v in self.services.items()},
            "windows": {str(k): v.report() for k, v in self.windows.items()},
            "staff": {k: v.report() for k, v in self.staff.items()},
            "estimate_error": average([abs(e) for e in errors]),
            "estimate_bias": average(errors),
            "alerts": 0,
            "acknowledged": 0,
            "supervision": {},
        }


def frozen(hall: Hall) -> dict[str, Any]:
    """Everything the state holds (the append-only log by its length), to prove that nothing changed."""
    state = hall.state
    held = {k: v for k, v in vars(state).items() if k not in ("log", "_handlers")}
    return {"held": copy.deepcopy(held), "log": len(state.log)}


def service_day(instant: datetime) -> date:
    """The service day of an instant (the layout's day turns at 03:00)."""
    return (instant - timedelta(hours=ROLLOVER_HOURS)).date()


class HallMachine(RuleBasedStateMachine):
    """A hall on a running clock; every rule is a command a caller or the coordinator's tick gives."""

    def __init__(self) -> None:
        super().__init__()
        self.hall = make_hall(HallSettings(max_wait=20, recall_limit=2, no_show_timeout=15))
        self.now = at(8, 20)
        self.start = carry_over(self.hall.state)
        self.states: dict[str, TicketState] = {}  # each ticket's state after the last step
        self.issued_with: dict[str, tuple[Any, ...]] = {}
        self.codes = 0  # booking codes, unique across days
        self.days: list[date] = []  # days closed by a rollover
        self.accepted = 0
        self.refused = 0

    # Carrying out commands

    def execute(self, command: Callable[[], list[HallEvent]]) -> list[HallEvent]:
        """Run a command; refused, it must change nothing; accepted, nothing until its events apply."""
        before = frozen(self.hall)
        try:
            events = command()
        except HallError:
            assert frozen(self.hall) == before
            self.refused += 1
            return []
        assert frozen(self.hall) == before
        self.hall.apply(events)
        self.accepted += 1
        return events

    def pick_ticket(self, i: int, *likely: TicketState) -> str:
        """A ticket of the day by index (every other time one in a likely state), or one that does not exist."""
        tickets = list(self.hall.state.tickets.values())
        if i % 2 == 0 and (fitting := [t for t in tickets if t.state in likely]):
            tickets = fitting
        return tickets[i % len(tickets)].number if tickets and i < 38 else "Z999"

    def pick_code(self, i: int) -> str:
        """A booking code by index, or one that does not exist."""
        codes = list(self.hall.state.appointments)
        return codes[i % len(codes)] if codes and i < 38 else "999999"

    # Rules: setting up

    @initialize(opening=st.booleans(), minutes=st.integers(-10, 90))
    def open_hall(self, opening: bool, minutes: int) -> None:
        """The first command comes near the opening time (08:30); windows open and staffed, or not."""
        self.now = at(8, 30) + timedelta(minutes=minutes)
        if opening:
            for number in WINDOWS:
                self.execute(partial(self.hall.open_window, number, self.now))
            for number, person in zip(WINDOWS, STAFF, strict=False):
                self.execute(partial(self.hall.sign_in, number, person, self.now))

    # Rules: tickets. Rules are drawn about equally often, so the steps of a ticket's life come in
    # rules of their own and again in ``at_window``, whose actions are weighted towards progress.

    @rule(service=services, priority=st.sampled_from((False, False, False, True)))
    def issue(self, service: str, priority: bool) -> None:
        """A walk-in takes a ticket, now and then in the priority lane."""
        self.pace()
        self.execute(lambda: self.hall.issue(service, self.now, priority=priority))

    @rule(service=services)
    def issue_plain(self, service: str) -> None:
        """A walk-in takes an ordinary ticket (most do)."""
        self.pace()
        self.execute(lambda: self.hall.issue(service, self.now))

    def pick_window(self, i: int) -> int:
        """A window by index, every other time one with a ticket at it or waiting for it."""
        state = self.hall.state
        waiting = {service for service, queue in state.waiting.items() if queue}
        useful = [
            n
            for n in WINDOWS
            if state.window(n).ticket is not None or waiting & self.hall.layout.windows[n].services.keys()
        ]
        return useful[i // 2 % len(useful)] if useful and i % 2 == 0 else WINDOWS[i % len(WINDOWS)]

    @rule(i=st.integers(0, 7))
    def serve(self, i: int) -> None:
        """The window's natural next step: open, resume, start, or call next."""
        self.pace()
        window = self.pick_window(i)
        self.execute(lambda: serve(self.hall, window, self.now))

    @rule(i=st.integers(0, 7))
    def call_next(self, i: int) -> None:
        """Call next (finishing a ticket under service there)."""
        self.pace()
        window = self.pick_window(i)
        self.execute(lambda: self.hall.call_next(window, self.now))

    @rule(
        action=st.sampled_from(
            ("serve", "serve", "start", "complete", "complete", "no_show", "recall", "rate", "rate")
        ),
        i=st.integers(0, 7),
        by_ticket=st.booleans(),
        grade=st.integers(1, 5),
    )
    def at_window(self, action: str, i: int, by_ticket: bool, grade: int) -> None:
        """A window-side command: on its ticket (named by number too, or not), or its rating key."""
        self.pace()
        window = self.pick_window(i)
        ticket = self.hall.state.window(window).ticket if by_ticket else None
        hall, now = self.hall, self.now
        commands: dict[str, Callable[[], list[HallEvent]]] = {
            "serve": lambda: serve(hall, window, now),
            "start": lambda: hall.start(now, ticket=ticket, window=window),
            "complete": lambda: hall.complete(now, ticket=ticket, window=window),
            "no_show": lambda: hall.no_show(now, ticket=ticket, window=window),
            "recall": lambda: hall.recall(now, ticket=ticket, window=window),
            # The rating key rates the ticket the window finished last, within ten minutes.
            "rate": lambda: hall.rate_at_window(window, grade, now, within=600),
        }
        self.execute(commands[action])

    @rule(
        action=st.sampled_from(("reactivate", "cancel", "rate", "rate")),
        i=index,
        grade=st.sampled_from((0, 1, 2, 3, 4, 5, 5, 6)),
    )
    def by_number(self, action: str, i: int, grade: int) -> None:
        """A command on a ticket named by number: a no-show comes back, a citizen gives up or rates."""
        self.pace()
        likely = {"reactivate": TicketState.NO_SHOW, "cancel": TicketState.WAITING, "rate": TicketState.DONE}
        number, hall, now = self.pick_ticket(i, likely[action]), self.hall, self.now
        commands: dict[str, Callable[[], list[HallEvent]]] = {
            "reactivate": lambda: hall.reactivate(number, now),
            "cancel": lambda: hall.cancel(number, now),
            "rate": lambda: hall.rate(number, grade, now),
        }
        self.execute(commands[action])

    @rule(
        i=index,
        at_window=st.sampled_from((None, *WINDOWS)),
        target_service=st.sampled_from((None, *SERVICES)),
        target_window=st.sampled_from((None, *WINDOWS)),
    )
    def transfer(
        self, i: int, at_window: int | None, target_service: str | None, target_window: int | None
    ) -> None:
        """Send a ticket (named, or the one at a window) on to another service or window."""
        self.pace()
        ticket = None if at_window is not None else self.pick_ticket(i, TicketState.WAITING, C, S)
        self.execute(
            lambda: self.hall.transfer(
                self.now,
                ticket=ticket,
                window=at_window,
                target_service=target_service,
                target_window=target_window,
            )
        )

    # Rules: windows and staff

    @rule(
        action=st.sampled_from(("open", "open", "open", "close", "pause", "resume", "resume")),
        window=windows,
        reason=st.sampled_from(("午休", "会议")),
    )
    def window_command(self, action: str, window: int, reason: str) -> None:
        """Open, close, pause or resume a window."""
        self.pace()
        hall, now = self.hall, self.now
        commands: dict[str, Callable[[], list[HallEvent]]] = {
            "open": lambda: hall.open_window(window, now),
            "close": lambda: hall.close_window(window, now),
            "pause": lambda: hall.pause_window(window, reason, now),
            "resume": lambda: hall.resume_window(window, now),
        }
        self.execute(commands[action])

    @rule(window=windows, person=st.sampled_from(STAFF))
    def sign_in(self, window: int, person: str) -> None:
        """An officer signs in (leaving any other window)."""
        self.pace()
        self.execute(lambda: self.hall.sign_in(window, person, self.now))

    @rule(window=st.sampled_from((None, *WINDOWS)), person=st.sampled_from((None, *STAFF)))
    def sign_out(self, window: int | None, person: str | None) -> None:
        """An officer signs out, named by window, staff number or both."""
        self.pace()
        self.execute(lambda: self.hall.sign_out(self.now, window=window, staff=person))

    # Rules: appointments

    @rule(
        action=st.sampled_from(("book", "book", "check_in", "check_in", "cancel")),
        service=services,
        minutes=st.integers(-45, 40) | st.integers(-60, 36 * 60),
        i=index,
    )
    def appointment(self, action: str, service: str, minutes: int, i: int) -> None:
        """Book a slot (maybe for a later day: the next day's start carries it), check in, or cancel."""
        self.pace()
        hall, now = self.hall, self.now
        if action == "book":
            self.codes += 1
            code = f"{self.codes:06d}"  # not a random code: examples must replay alike
            self.execute(lambda: hall.book(service, now + timedelta(minutes=minutes), now, code=code))
        elif action == "check_in":
            self.execute(lambda: hall.check_in(self.pick_code(i), now))
        else:
            self.execute(lambda: hall.cancel_appointment(self.pick_code(i), now))

    # Rules: the clock

    @rule(minutes=st.integers(1, 20) | st.integers(1, 20) | st.integers(1, 20) | st.integers(60, 26 * 60))
    def wait(self, minutes: int) -> None:
        """Time passes, now and then for hours (past closing time, past the day's end, over a day)."""
        self.tick(self.now + timedelta(minutes=minutes))

    @precondition(lambda self: not self.hall.is_open(self.now) or len(self.hall.state.tickets) >= 12)
    @rule(minutes=st.integers(0, 90))
    def next_morning(self, minutes: int) -> None:
        """The hall has closed (or had a busy day): the next morning, 08:00 to 09:30, rolls the day over."""
        morning = datetime.combine(self.hall.state.service_date + timedelta(days=1), at(8).timetz())
        self.tick(morning + timedelta(minutes=minutes))

    @rule()
    def due(self) -> None:
        """What time alone makes happen (automatic no-shows)."""
        self.pace()
        self.execute(lambda: self.hall.due(self.now))

    def pace(self) -> None:
        """Half a minute passes between commands (a rollover due meanwhile is the tick's)."""
        self.now += timedelta(seconds=30)
        if self.hall.needs_rollover(self.now):
            self.rollover(self.now)

    def tick(self, now: datetime) -> None:
        """The coordinator's tick: roll the day over if it has passed, else apply what is due."""
        self.now = now
        if self.hall.needs_rollover(now):
            self.rollover(now)
        else:
            self.execute(lambda: self.hall.due(now))

    def rollover(self, now: datetime) -> None:
        """Close the day as the coordinator does, check what it leaves, and start the next one."""
        hall = self.hall
        old = hall.state
        self.execute(lambda: hall.closing_events(now))
        self.check_day()
        assert all(t.state in TERMINAL for t in old.tickets.values())
        summary = old.stats.summary()
        # The archive: the day's log alone, written and read back, gives its figures and its state.
        assert replay_day(old.service_date, [through_json(old.log)]).summary() == summary
        assert_same_state(hall, replayed(hall, self.start))
        fresh = hall.next_day(now)
        assert fresh.service_date == service_day(now) > old.service_date
        assert not fresh.tickets and not fresh.log and not fresh.counters and not fresh.windows
        assert not fresh.staff_window and fresh.stats.summary()["issued"] == 0
        kept = {
            code
            for code, booked in old.appointments.items()
            if not booked.cancelled
            and booked.ticket is None
            and service_day(booked.start) >= fresh.service_date
        }
        assert set(fresh.appointments) == kept
        for code, booked in fresh.appointments.items():
            assert booked == old.appointments[code] and booked is not old.appointments[code]
        hall.state = fresh
        self.start = carry_over(fresh)
        self.days.append(old.service_date)
        self.states, self.issued_with = {}, {}
        assert old.stats.summary() == summary  # the closed day's record stays as it was

    # Invariants

    @invariant()
    def one_place(self) -> None:
        """Each ticket is in exactly one place: a queue, a window, or a final state."""
        check_invariants(self.hall)
        check_one_place(self.hall)

    @invariant()
    def nothing_vanishes(self) -> None:
        """No ticket of the day disappears, changes state against its life, or changes its issue."""
        self.check_day()

    def check_day(self) -> None:
        tickets = self.hall.state.tickets
        assert self.states.keys() <= tickets.keys()
        for number, ticket in tickets.items():
            was = self.states.get(number)
            assert was is None or ticket.state in ALLOWED[was], (number, was, ticket.state)
            issued = (ticket.number, ticket.issued_at, ticket.arrival_at, ticket.priority, ticket.appointment)
            assert self.issued_with.setdefault(number, issued) == issued, number
        self.states = {number: ticket.state for number, ticket in tickets.items()}

    @invariant()
    def numbers_unique(self) -> None:
        """Each ticket of the log has a new number: per prefix 1, 2, 3, … in issue order."""
        state = self.hall.state
        created = [e for e in state.log if e.kind in (EventKind.ISSUE, EventKind.CHECK_IN)]
        numbers = [e.ticket for e in created]
        assert len(numbers) == len(set(numbers)) == len(state.tickets)
        assert set(numbers) == set(state.tickets)
        per_prefix: dict[str, list[int]] = {}
        for event in created:
            assert event.service is not None and event.ticket is not None and event.seq is not None
            assert event.prefix == PREFIX[event.service]
            assert event.ticket == f"{event.prefix}{event.seq:03d}"
            per_prefix.setdefault(event.prefix, []).append(event.seq)
        for prefix, seqs in per_prefix.items():
            assert seqs == list(range(1, len(seqs) + 1)), (prefix, seqs)  # strictly increasing, no gap
            assert state.counters[prefix] == len(seqs)
        assert set(state.counters) == set(per_prefix)

    @invariant()
    def figures_equal_a_recount(self) -> None:
        """The day's figures are those of its log, counted independently, and those ``replay_day`` gives."""
        state = self.hall.state
        recount = Recount().walk(state.log)
        for number, life in recount.lives.items():
            assert state.tickets[number].state is life.state, number
            assert state.tickets[number].service == life.service, number
        assert dict(recount.walk_ins) == {k: v for k, v in state.issued.items() if v}
        for service, cap in CAPS.items():
            assert recount.walk_ins[service] <= cap
        stats = state.stats
        totals = recount.totals
        assert (stats.issued, stats.cancelled, stats.expired, stats.transferred, stats.reactivated) == (
            totals["issued"],
            totals["cancelled"],
            totals["expired"],
            totals["transferred"],
            totals["reactivated"],
        )
        rated = list(recount.hall.grades.elements())
        assert sum(stats.hall.ratings) == len(rated)
        assert sum((g + 1) * n for g, n in enumerate(stats.hall.ratings)) == sum(rated)
        expected = recount.report()
        assert stats.summary() == expected
        assert replay_day(state.service_date, [state.log]).summary() == expected

    def teardown(self) -> None:
        """The run ends: its day still rebuilds exactly from its start and its log."""
        assert_same_state(self.hall, replayed(self.hall, self.start))


HallMachine.TestCase.settings = settings(
    max_examples=80,
    stateful_step_count=80,
    deadline=None,
    database=None,
    # The same examples on every run, so that CI cannot fail by chance; explore more with
    # --hypothesis-seed after setting derandomize=False.
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestHallMachine = HallMachine.TestCase
