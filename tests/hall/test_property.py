"""Property: random sequences of commands never lose a ticket, and the log rebuilds the day.

Commands are drawn at random and carried out when the hall accepts them (a ``HallError`` is
skipped, as the integration answers it to the caller). After every step each ticket is in
exactly one place; at the end the log, written as JSON and read back, rebuilds the same day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.service_hall.hall import Hall, HallError, HallEvent, HallSettings, TicketState
from custom_components.service_hall.hall.carry import carry_over
from custom_components.service_hall.hall.events import EventKind

from .conftest import assert_same_state, at, check_invariants, make_hall, replayed
from .helpers import TERMINAL, check_one_place, serve

SERVICES = ("id_card", "passport", "social", "tax")
WINDOWS = (1, 2, 3, 4)
STAFF = ("S001", "S002", "S003")
FINAL = (TicketState.DONE, TicketState.CANCELLED, TicketState.EXPIRED)  # a no-show may be reactivated

window = st.sampled_from(WINDOWS)
index = st.integers(0, 50)
Command = tuple[Any, ...]

# The ticket life comes up several times, so that most tickets get somewhere.
LIFE: list[st.SearchStrategy[Command]] = [
    st.tuples(st.just("serve"), window),
    st.tuples(st.just("serve"), window),
    st.tuples(st.just("serve"), window),
    st.tuples(st.just("issue"), st.sampled_from(SERVICES), st.booleans()),
    st.tuples(st.just("issue"), st.sampled_from(SERVICES), st.just(False)),
    st.tuples(st.just("call"), window),
    st.tuples(st.just("recall"), window),
    st.tuples(st.just("start"), window),
    st.tuples(st.just("complete"), window),
    st.tuples(st.just("no_show"), window),
]
OTHERS: list[st.SearchStrategy[Command]] = [
    st.tuples(st.just("wait"), st.integers(1, 12)),
    st.tuples(st.just("reactivate"), index),
    st.tuples(
        st.just("transfer"), index, st.sampled_from((None, *SERVICES)), st.sampled_from((None, *WINDOWS))
    ),
    st.tuples(st.just("cancel"), index),
    st.tuples(st.just("rate"), index, st.integers(0, 6)),
    st.tuples(st.just("open"), window),
    st.tuples(st.just("close"), window),
    st.tuples(st.just("pause"), window, st.sampled_from(("午休", "会议"))),
    st.tuples(st.just("resume"), window),
    st.tuples(st.just("sign_in"), window, st.sampled_from(STAFF)),
    st.tuples(st.just("sign_out"), window),
    st.tuples(st.just("book"), st.sampled_from(SERVICES), st.integers(-40, 90)),
    st.tuples(st.just("check_in"), index),
    st.tuples(st.just("cancel_appointment"), index),
]
# Hypothesis draws the first and last alternatives more often than the others: both are harmless.
COMMANDS: st.SearchStrategy[Command] = st.one_of(*LIFE, *LIFE, *LIFE, *OTHERS, st.tuples(st.just("due")))


def pick(items: Sequence[str], i: int) -> str:
    """An existing ticket or code by index, or one that does not exist."""
    return items[i % len(items)] if items else "Z999"


def command_events(hall: Hall, command: Command, now: datetime) -> list[HallEvent]:
    """The events of one command (may raise HallError)."""
    name, *args = command
    tickets = list(hall.state.tickets)
    codes = list(hall.state.appointments)
    match name:
        case "issue":
            return hall.issue(args[0], now, priority=args[1])
        case "call":
            return hall.call_next(args[0], now)
        case "serve":
            return serve(hall, args[0], now)
        case "recall":
            return hall.recall(now, window=args[0])
        case "start":
            return hall.start(now, window=args[0])
        case "complete":
            return hall.complete(now, window=args[0])
        case "no_show":
            return hall.no_show(now, window=args[0])
        case "due":
            return hall.due(now)
        case "reactivate":
            return hall.reactivate(pick(tickets, args[0]), now)
        case "transfer":
            return hall.transfer(
                now, ticket=pick(tickets, args[0]), target_service=args[1], target_window=args[2]
            )
        case "cancel":
            return hall.cancel(pick(tickets, args[0]), now)
        case "rate":
            return hall.rate(pick(tickets, args[0]), args[1], now)
        case "open":
            return hall.open_window(args[0], now)
        case "close":
            return hall.close_window(args[0], now)
        case "pause":
            return hall.pause_window(args[0], args[1], now)
        case "resume":
            return hall.resume_window(args[0], now)
        case "sign_in":
            return hall.sign_in(args[0], args[1], now)
        case "sign_out":
            return hall.sign_out(now, window=args[0])
        case "book":
            code = f"{len(codes) + 1:06d}"  # not a random code: examples must replay alike
            return hall.book(args[0], now + timedelta(minutes=args[1]), now, code=code)
        case "check_in":
            return hall.check_in(pick(codes, args[0]), now)
        case "cancel_appointment":
            return hall.cancel_appointment(pick(codes, args[0]), now)
    raise AssertionError(name)


def fingerprint(hall: Hall) -> tuple[Any, ...]:
    """A cheap summary that a command (as opposed to applying its events) must leave alone."""
    state = hall.state
    return (
        len(state.log),
        len(state.tickets),
        len(state.windows),
        len(state.appointments),
        tuple(t.state for t in state.tickets.values()),
        tuple((w.open, w.paused, w.ticket, w.staff) for w in state.windows.values()),
        dict(state.counters),
    )


def recount(log: Sequence[HallEvent]) -> dict[str, Any]:
    """The day's hall-wide figures counted from its log alone, by their definitions (not by the stats code).

    A ticket is issued when it is created (at the kiosk or by a check-in); a visit to a window is
    served when it finishes, or when a ticket called or served there is transferred on.
    """
    created: list[str] = []
    at_window: set[str] = set()
    counts = dict.fromkeys(("cancelled", "expired", "transferred", "reactivated", "served", "no_shows"), 0)
    grades = dict.fromkeys("12345", 0)
    for event in log:
        number = event.ticket
        match event.kind:
            case EventKind.ISSUE | EventKind.CHECK_IN if number is not None:
                created.append(number)
            case EventKind.CALL if number is not None:
                at_window.add(number)
            case EventKind.FINISH:
                counts["served"] += 1
                at_window.discard(number or "")
            case EventKind.TRANSFER:
                counts["transferred"] += 1
                if number in at_window:
                    counts["served"] += 1
                    at_window.discard(number or "")
            case EventKind.NO_SHOW:
                counts["no_shows"] += 1
                at_window.discard(number or "")
            case EventKind.CANCEL if number is not None:
                counts["cancelled"] += 1
                at_window.discard(number)
            case EventKind.EXPIRE:
                counts["expired"] += 1
                at_window.discard(number or "")
            case EventKind.REACTIVATE:
                counts["reactivated"] += 1
            case EventKind.RATE if event.grade is not None:
                grades[str(event.grade)] += 1
    return {"created": created, **counts, "ratings": grades}


def check_against_the_log(hall: Hall, before: dict[str, TicketState]) -> None:
    """No ticket vanishes or leaves a final state, numbers are never given twice, figures equal a recount."""
    state = hall.state
    assert before.keys() <= state.tickets.keys()
    for number, was in before.items():
        if was in FINAL:
            assert state.tickets[number].state is was, number
    counted = recount(state.log)
    created = counted.pop("created")
    assert len(created) == len(set(created)) == len(state.tickets)
    by_prefix: dict[str, list[int]] = {}
    for number in created:
        prefix = number.rstrip("0123456789")
        by_prefix.setdefault(prefix, []).append(int(number[len(prefix) :]))
    assert all(seqs == sorted(seqs) for seqs in by_prefix.values())  # in issue order, never reused
    figures = state.stats.summary()
    assert {key: figures[key] for key in counted} == counted


def run_commands(hall: Hall, commands: list[Command]) -> int:
    """Carry out the commands the hall accepts; answer how many were accepted."""
    now = at(8, 30)
    accepted = 0
    for command in commands:
        now += timedelta(seconds=20)
        if command[0] == "wait":
            now += timedelta(minutes=command[1])
            continue
        before = fingerprint(hall)
        try:
            events = command_events(hall, command, now)
        except HallError:
            assert fingerprint(hall) == before, command
            continue
        assert fingerprint(hall) == before, command
        states = {number: ticket.state for number, ticket in hall.state.tickets.items()}
        hall.apply(events)
        accepted += bool(events)
        check_invariants(hall)
        check_one_place(hall)
        check_against_the_log(hall, states)
    # The day ends: whatever is open expires.
    states = {number: ticket.state for number, ticket in hall.state.tickets.items()}
    hall.apply(hall.closing_events(now + timedelta(hours=20)))
    check_invariants(hall)
    check_one_place(hall)
    check_against_the_log(hall, states)
    assert all(t.state in TERMINAL for t in hall.state.tickets.values())
    return accepted


OPENING: list[Command] = [("open", w) for w in WINDOWS] + [
    ("sign_in", w, s) for w, s in zip(WINDOWS, STAFF, strict=False)
]


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COMMANDS, min_size=30, max_size=80))
def test_random_commands_never_lose_a_ticket(commands: list[Command]) -> None:
    # Windows open and staffed from the start, so that most commands are accepted.
    hall = make_hall(HallSettings(max_wait=20, recall_limit=2))
    start = carry_over(hall.state)
    run_commands(hall, OPENING + commands)
    assert_same_state(hall, replayed(hall, start))


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COMMANDS, min_size=1, max_size=60))
def test_random_commands_from_a_closed_hall(commands: list[Command]) -> None:
    hall = make_hall()
    start = carry_over(hall.state)
    run_commands(hall, commands)
    assert_same_state(hall, replayed(hall, start))
