"""Shared builders for the hall tests: a small layout, a fixed day in Shanghai, helpers.

The hall package has no Home Assistant imports, so these tests build ``Hall`` objects directly.
Commands answer events without changing anything; ``run`` applies them, as the integration does.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.service_hall.hall import (
    Hall,
    HallError,
    HallEvent,
    HallLayout,
    HallSettings,
    TicketState,
    parse_layout,
)
from custom_components.service_hall.hall.carry import day_start
from custom_components.service_hall.hall.state import HallState

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2025, 3, 3)  # a Monday
ROLLOVER = time(3, 0)


def at(hour: int, minute: int = 0, second: int = 0, *, day: date = DAY) -> datetime:
    """An aware instant of the test day (or another day) in Shanghai."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=TZ)


def later(start: datetime, minutes: float) -> datetime:
    """``minutes`` after ``start``."""
    return start + timedelta(minutes=minutes)


NOW = at(9, 0)

# Four services (id_card and passport share the prefix A), four windows (1 and 2 are
# comprehensive windows, 3 weighs social over tax), three officers.
LAYOUT_DATA: dict[str, Any] = {
    "services": [
        {"id": "id_card", "prefix": "A", "name": {"zh-Hans": "身份证", "en": "ID card"}, "handling_time": 4},
        {"id": "passport", "prefix": "A", "name": {"zh-Hans": "护照", "en": "Passport"}, "handling_time": 6},
        {"id": "social", "prefix": "B", "name": {"zh-Hans": "社保", "en": "Social security"}},
        {
            "id": "tax",
            "prefix": "C",
            "name": {"zh-Hans": "税务", "en": "Tax"},
            "daily_cap": 3,
            "target_wait": 15,
        },
    ],
    "windows": [
        {"number": 1, "name": "一号窗口", "services": ["id_card", "passport"]},
        {"number": 2, "services": ["id_card", "social"]},
        {"number": 3, "services": {"social": 1, "tax": 0.2}},
        {"number": 4, "services": ["tax"]},
    ],
    "staff": [
        {"staff_number": "S001", "name": "王芳", "department": "公安"},
        {"staff_number": "S002", "name": "李强", "department": "人社"},
        {"staff_number": "S003", "name": "张伟", "department": "税务"},
    ],
}


def make_layout() -> HallLayout:
    """The test layout, freshly parsed."""
    return parse_layout(copy.deepcopy(LAYOUT_DATA))


def make_hall(settings: HallSettings | None = None, *, day: date = DAY) -> Hall:
    """A hall on the given service day, all windows closed, nobody signed in."""
    return Hall(settings or HallSettings(), make_layout(), HallState(day))


def run(hall: Hall, events: Iterable[HallEvent]) -> list[HallEvent]:
    """Apply a command's events, as the integration does; answer them."""
    applied = list(events)
    hall.apply(applied)
    return applied


def open_windows(hall: Hall, *numbers: int, now: datetime = NOW) -> None:
    """Open windows."""
    for number in numbers:
        run(hall, hall.open_window(number, now))


def staffed(hall: Hall, now: datetime = NOW) -> Hall:
    """Open windows 1-4 and sign S001 in at 1, S002 at 2, S003 at 3."""
    open_windows(hall, 1, 2, 3, 4, now=now)
    for number, person in ((1, "S001"), (2, "S002"), (3, "S003")):
        run(hall, hall.sign_in(number, person, now))
    return hall


def issue(hall: Hall, service: str, now: datetime = NOW, **kwargs: Any) -> str:
    """Issue a ticket; answer its number."""
    (event,) = run(hall, hall.issue(service, now, **kwargs))
    assert event.ticket is not None
    return event.ticket


def call(hall: Hall, window: int, now: datetime) -> str | None:
    """Call next at a window; answer the number called (None when nobody waits)."""
    events = run(hall, hall.call_next(window, now))
    calls = [e.ticket for e in events if e.kind == "call"]
    return calls[0] if calls else None


def snapshot(hall: Hall) -> dict[str, Any]:
    """A deep copy of everything the state holds, to prove that nothing changed."""
    state = hall.state
    return copy.deepcopy(
        {
            "service_date": state.service_date,
            "tickets": state.tickets,
            "waiting": state.waiting,
            "waiting_total": state.waiting_total,
            "windows": state.windows,
            "staff_window": state.staff_window,
            "counters": state.counters,
            "issued": state.issued,
            "appointments": state.appointments,
            "recent_handling": {k: list(v) for k, v in state.recent_handling.items()},
            "stats": state.stats,
            "alerts": state.alerts,
            "staff_states": state.staff_states,
            "open_away": state.open_away,
            "log": state.log,
            "version": state.version,
        }
    )


def assert_refused(hall: Hall, key: str, command: Callable[..., Any], *args: Any, **kwargs: Any) -> HallError:
    """The command raises ``HallError(key)`` and the hall's state is exactly as before."""
    before = snapshot(hall)
    with pytest.raises(HallError) as info:
        command(*args, **kwargs)
    assert info.value.key == key, str(info.value)
    assert snapshot(hall) == before
    return info.value


def through_json(events: Iterable[HallEvent]) -> list[HallEvent]:
    """Events written as the journal writes them and read back."""
    lines = [json.dumps(e.to_dict(), ensure_ascii=False) for e in events]
    return [HallEvent.from_dict(json.loads(line)) for line in lines]


def replayed(hall: Hall, start: dict[str, Any]) -> Hall:
    """A fresh hall rebuilt from a day's start (``carry_over``) and its log, through JSON."""
    fresh = Hall(hall.settings, make_layout(), day_start(json.loads(json.dumps(start))))
    fresh.apply(through_json(hall.state.log))
    return fresh


def check_invariants(hall: Hall) -> None:
    """What must hold after any sequence of applied events."""
    state = hall.state
    queued = {number: service for service, queue in state.waiting.items() for number in queue}
    # Each ticket is in exactly one place: in its service's queue iff waiting ...
    for number, ticket in state.tickets.items():
        assert ticket.number == number
        if ticket.state is TicketState.WAITING:
            assert queued.get(number) == ticket.service, number
            assert state.waiting[ticket.service][number] is ticket
            assert ticket.window is None and ticket.called_at is None
        else:
            assert number not in queued, number
    # ... the waiting counts are the WAITING tickets ...
    waiting = [t for t in state.tickets.values() if t.state is TicketState.WAITING]
    assert sum(len(q) for q in state.waiting.values()) == len(waiting) == state.waiting_total
    assert set(queued) <= set(state.tickets)
    # ... and at a window iff called or being served there.
    at_windows = {w.ticket: n for n, w in state.windows.items() if w.ticket is not None}
    for number, window in at_windows.items():
        ticket = state.tickets[number]
        assert ticket.state in (TicketState.CALLED, TicketState.SERVING), number
        assert ticket.window == window
    for ticket in state.tickets.values():
        if ticket.state in (TicketState.CALLED, TicketState.SERVING):
            assert at_windows.get(ticket.number) == ticket.window
            assert state.windows[ticket.window or 0].open
    assert len(at_windows) == sum(1 for w in state.windows.values() if w.ticket is not None)
    # Counters and figures agree with the tickets.
    walk_ins = sum(1 for t in state.tickets.values() if t.appointment is None)
    assert state.stats.issued == len(state.tickets)
    assert sum(state.issued.values()) == walk_ins  # booked slots do not use up caps
    assert state.stats.cancelled == sum(1 for t in state.tickets.values() if t.state is TicketState.CANCELLED)
    assert state.stats.expired == sum(1 for t in state.tickets.values() if t.state is TicketState.EXPIRED)
    for number in state.tickets:
        prefix = number.rstrip("0123456789")
        assert int(number[len(prefix) :]) <= state.counters[prefix]
    # Staff sit at one window each, and the windows agree.
    for person, window in state.staff_window.items():
        assert state.windows[window].staff == person
    assert sum(1 for w in state.windows.values() if w.staff) == len(state.staff_window)
    # Supervision: alerts are counted once, and every open absence is its staff member's only one.
    assert state.stats.alerts == len(state.alerts)
    assert state.stats.acknowledged == sum(1 for a in state.alerts.values() if a.acknowledged_at is not None)
    assert len(set(state.open_away.values())) == len(state.open_away)
    for window, person in state.open_away.items():
        assert state.staff_states[window][0] == "away"
        assert state.stats.supervision[person].away_since == state.staff_states[window][1]
    assert sum(1 for r in state.stats.supervision.values() if r.away_since is not None) == len(
        state.open_away
    )
    # Caches of derived figures key on the version: every applied event moves it.
    assert state.version == len(state.log)


def assert_same_state(a: Hall, b: Hall) -> None:
    """Two halls hold exactly the same day."""
    sa, sb = a.state, b.state
    assert sb.service_date == sa.service_date
    assert sb.tickets == sa.tickets
    assert list(sb.tickets) == list(sa.tickets)
    assert {s: list(q) for s, q in sb.waiting.items()} == {s: list(q) for s, q in sa.waiting.items()}
    assert sb.waiting_total == sa.waiting_total
    assert sb.windows == sa.windows
    assert sb.staff_window == sa.staff_window
    assert sb.counters == sa.counters
    assert sb.issued == sa.issued
    assert sb.appointments == sa.appointments
    assert {k: list(v) for k, v in sb.recent_handling.items()} == {
        k: list(v) for k, v in sa.recent_handling.items()
    }
    assert sb.stats == sa.stats
    assert sb.stats.summary() == sa.stats.summary()
    assert sb.alerts == sa.alerts
    assert list(sb.alerts) == list(sa.alerts)
    assert sb.staff_states == sa.staff_states
    assert sb.open_away == sa.open_away
    assert sb.log == sa.log


# The hall package runs without Home Assistant: these override fixtures of tests/conftest.py and
# of the Home Assistant test plugin that would cost a test instance, a directory or a full
# garbage collection (about half a second) per test or module, for nothing these tests use.


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """No Home Assistant test instance."""


@pytest.fixture(autouse=True)
def isolated_config_dir() -> None:
    """No Home Assistant, so no config directory either."""


@pytest.fixture(autouse=True, scope="module")
def garbage_collection() -> None:
    """No event loop objects to collect between modules."""


@pytest.fixture
def now() -> datetime:
    """A fixed aware instant: Monday 3 March 2025, 09:00 in Shanghai."""
    return NOW


@pytest.fixture
def layout() -> HallLayout:
    """The test layout."""
    return make_layout()


@pytest.fixture
def hall() -> Hall:
    """A hall on the test day with all windows closed."""
    return make_hall()


@pytest.fixture
def open_hall() -> Hall:
    """A hall on the test day with windows 1-4 open and three officers signed in."""
    return staffed(make_hall())
