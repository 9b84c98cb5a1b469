"""The discrete-event simulation of a reference day, driving a real ``Hall`` in simulated time.

An event heap in minutes of the day. At its start the hall books the day's appointments
and each window opens (its officer signs in) at its shifts' times. A citizen arriving takes
a ticket (``issue``; ``priority=True`` in the priority lane) or checks in a booked slot
(``check_in``). A window that is free (open, not paused, no ticket) calls next; when a
ticket joins a queue, the idle windows that serve it try to call it, longest idle first.
A called citizen walks up (``WALK`` minutes), service ``start``s and ends after the sampled
handling minutes with ``complete``, or with ``transfer`` to the second service, where the
ticket queues again and its second visit takes the second handling. For a no-show the
officer recalls after a minute and marks the no-show a minute later. Pauses and closings
wait until the window's current ticket is finished; a pause lasts its minutes from then.
At a window's last closing time tickets still waiting for it are served first (overtime);
what is left at the end is expired with the hall's ``closing_events``.
Every command's events go through ``hall.apply``.

Figures (:class:`Figures`): realised waits (call time − time the ticket joined the queue,
every call), the Erlang C reference for the same load, and the error of the hall's estimate
at issue against a naive one (see :func:`naive_estimate`).
"""

from __future__ import annotations

import heapq
import math
import time as wallclock
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import time
from typing import Any

from custom_components.service_hall.hall import Hall, HallEvent, HallSettings, TicketState, parse_layout
from custom_components.service_hall.hall.queueing import mean_wait
from custom_components.service_hall.hall.staffing import connected_services
from custom_components.service_hall.hall.state import HallState, minutes
from custom_components.service_hall.hall.stats import percentile

from .day import Citizen, ReferenceDay
from .policies import layout_data, window_services

WALK = 0.3  # minutes from the call to the window
RECALL_AFTER = 1.0  # a no-show is recalled after a minute ...
NO_SHOW_AFTER = 1.0  # ... and marked a minute after the recall
BOOK_AT = 7 * 60 + 30  # appointments are in the hall's books before it opens
END_OF_DAY = 22 * 60  # whatever is still open then is expired


@dataclass(slots=True)
class Figures:
    """What one simulated day of one policy gives."""

    day: str
    policy: str
    citizens: int
    issued: int
    calls: int  # visits called (a transferred ticket is called twice)
    done: int
    no_shows: int
    expired: int
    cancelled: int
    mean_wait: float
    p90_wait: float
    erlang_wait: float  # Erlang C mean wait for the same load (see ``erlang_reference``)
    erlang_overloaded: float  # share of arrivals in hours whose load the open windows cannot carry
    estimate_mae: float | None  # the hall's estimate at issue against the realised first wait
    naive_mae: float | None
    estimated: int  # tickets behind both MAEs
    without_estimate: int  # called in their first queue, but issued with no estimate
    last_close: float  # minute the last window closed
    wall_seconds: float

    @property
    def mae_ratio(self) -> float | None:
        """Our MAE over the naive estimate's."""
        if self.estimate_mae is None or not self.naive_mae:
            return None
        return self.estimate_mae / self.naive_mae

    def as_dict(self) -> dict[str, Any]:
        """Plain figures."""
        out = asdict(self)
        out["mae_ratio"] = self.mae_ratio
        return out


@dataclass(slots=True)
class _Window:
    number: int
    staff: str
    services: frozenset[str]
    last_close: float
    busy: str | None = None  # ticket called or served here
    idle_since: float | None = None
    pending_close: bool = False
    pending_pause: float | None = None
    final: bool = False  # past the last closing time: closes once nothing waits for it


@dataclass(slots=True)
class _Issued:
    citizen: Citizen
    estimate: float | None
    naive: float


@dataclass(slots=True)
class _Record:
    waits: list[float] = field(default_factory=list)
    first: list[tuple[float | None, float, float]] = field(default_factory=list)  # ours, naive, realised


def hall_settings(day: ReferenceDay) -> HallSettings:
    """Settings of the simulated hall: open all the simulated day; officers mark no-shows."""
    return HallSettings(
        name=day.name,
        open_time=time(0, 0),
        close_time=time(23, 59),
        open_days=frozenset(range(7)),
        no_show_timeout=0.0,  # the simulated officers mark no-shows themselves
    )


def naive_estimate(hall: Hall, service: str) -> float:
    """(people ahead + 1) / (open windows serving the service × 1 / handling time).

    People ahead: tickets of that service already waiting. Open windows: open ones (paused
    or not); when none is open, all windows serving the service.
    """
    serving = hall.layout.windows_serving(service)
    count = sum(1 for w in serving if hall.state.window(w.number).open) or len(serving)
    ahead = len(hall.state.waiting.get(service, {}))
    return (ahead + 1) * hall.handling_time(service) / max(1, count)


class Simulation:
    """One reference day under one policy."""

    def __init__(self, day: ReferenceDay, policy: str) -> None:
        self.day = day
        self.policy = policy
        self.hall = Hall(hall_settings(day), parse_layout(layout_data(day, policy)), HallState(day.date))
        self.windows: dict[int, _Window] = {}
        for spec in day.windows:
            self.windows[spec.number] = _Window(
                number=spec.number,
                staff=spec.staff,
                services=frozenset(self.hall.layout.windows[spec.number].services),
                last_close=spec.shifts[-1][1],
            )
        self._heap: list[tuple[float, int, str, int, str]] = []
        self._seq = 0
        self.now = 0.0
        self.tickets: dict[str, _Issued] = {}
        self.record = _Record()
        self.last_close = 0.0

    # Plumbing

    def _at(self, minute: float, kind: str, number: int = 0, ticket: str = "") -> None:
        heapq.heappush(self._heap, (minute, self._seq, kind, number, ticket))
        self._seq += 1

    def _run(self, events: Iterable[HallEvent]) -> list[HallEvent]:
        applied = list(events)
        self.hall.apply(applied)
        return applied

    # The day

    def run(self) -> Figures:
        """Simulate the whole day; answer its figures."""
        started = wallclock.perf_counter()
        day = self.day
        booked = self.hall.state
        for index, citizen in enumerate(day.citizens):
            if citizen.appointment is not None:
                slot = citizen.appointment
                self._run(
                    self.hall.book(
                        citizen.service,
                        day.at(slot),
                        day.at(BOOK_AT),
                        end=day.at(slot + 30),
                        code=f"{index:06d}",
                    )
                )
            self._at(citizen.arrival, "arrive", index)
        assert len(booked.appointments) == sum(c.appointment is not None for c in day.citizens)
        for spec in day.windows:
            for k, (start, end) in enumerate(spec.shifts):
                self._at(start, "open", spec.number)
                self._at(end, "final" if k == len(spec.shifts) - 1 else "close", spec.number)
        for pause in day.pauses:
            self._at(pause.start, "pause", pause.window, str(pause.minutes))
        handlers = {
            "arrive": self._arrive,
            "open": self._open,
            "close": self._close,
            "final": self._final,
            "pause": self._pause,
            "resume": self._resume,
            "start": self._start,
            "finish": self._finish,
            "recall": self._recall,
            "no_show": self._no_show,
        }
        while self._heap and self._heap[0][0] < END_OF_DAY:
            self.now, _seq, kind, number, ticket = heapq.heappop(self._heap)
            handlers[kind](number, ticket)
        self.now = max(self.now, END_OF_DAY if self._heap else self.now)
        self._run(self.hall.closing_events(day.at(self.now)))
        return self._figures(wallclock.perf_counter() - started)

    # Citizens

    def _arrive(self, index: int, _ticket: str) -> None:
        citizen = self.day.citizens[index]
        now = self.day.at(self.now)
        naive = naive_estimate(self.hall, citizen.service)
        if citizen.appointment is not None:
            events = self._run(self.hall.check_in(f"{index:06d}", now))
        else:
            events = self._run(self.hall.issue(citizen.service, now, priority=citizen.priority))
        (event,) = events
        assert event.ticket is not None
        self.tickets[event.ticket] = _Issued(citizen, event.estimate, naive)
        self._offer(citizen.service)

    def _called(self, window: _Window, number: str) -> None:
        ticket = self.hall.state.tickets[number]
        window.busy = number
        window.idle_since = None
        assert ticket.called_at is not None
        wait = minutes(ticket.queued_at, ticket.called_at)
        self.record.waits.append(wait)
        issued = self.tickets[number]
        first = not ticket.transferred
        if first:
            self.record.first.append((issued.estimate, issued.naive, wait))
        if first and issued.citizen.no_show:
            self._at(self.now + RECALL_AFTER, "recall", window.number, number)
        else:
            self._at(self.now + WALK, "start", window.number, number)

    def _start(self, number: int, ticket: str) -> None:
        self._run(self.hall.start(self.day.at(self.now), ticket=ticket, window=number))
        citizen = self.tickets[ticket].citizen
        second = self.hall.state.tickets[ticket].transferred
        handling = citizen.transfer_handling if second and citizen.transfer_handling else citizen.handling
        self._at(self.now + handling, "finish", number, ticket)

    def _finish(self, number: int, ticket: str) -> None:
        citizen = self.tickets[ticket].citizen
        now = self.day.at(self.now)
        target = None
        if citizen.transfer is not None and not self.hall.state.tickets[ticket].transferred:
            target = citizen.transfer
            self._run(self.hall.transfer(now, ticket=ticket, window=number, target_service=target))
        else:
            self._run(self.hall.complete(now, ticket=ticket, window=number))
        self._free(self.windows[number])
        if target is not None and self.hall.state.tickets[ticket].state is TicketState.WAITING:
            self._offer(target)

    def _recall(self, number: int, ticket: str) -> None:
        self._run(self.hall.recall(self.day.at(self.now), ticket=ticket, window=number))
        self._at(self.now + NO_SHOW_AFTER, "no_show", number, ticket)

    def _no_show(self, number: int, ticket: str) -> None:
        self._run(self.hall.no_show(self.day.at(self.now), ticket=ticket, window=number))
        self._free(self.windows[number])

    # Windows

    def _usable(self, window: _Window) -> bool:
        state = self.hall.state.window(window.number)
        return state.open and not state.paused and window.busy is None

    def _try_call(self, window: _Window) -> bool:
        """A free window calls next; answer whether it called somebody."""
        if not self._usable(window):
            return False
        events = self._run(self.hall.call_next(window.number, self.day.at(self.now)))
        calls = [e.ticket for e in events if e.kind == "call" and e.ticket]
        if calls:
            self._called(window, calls[0])
            return True
        if window.final:
            self._close_now(window)
        elif window.idle_since is None:
            window.idle_since = self.now
        return False

    def _free(self, window: _Window) -> None:
        """A window's ticket is finished: a pending closing or pause, else the next call."""
        window.busy = None
        if window.pending_close:
            window.pending_close = False
            self._close_now(window)
        elif window.pending_pause is not None:
            self._pause_now(window, window.pending_pause)
            window.pending_pause = None
        else:
            self._try_call(window)

    def _offer(self, service: str) -> None:
        """A ticket joined a service's queue: the longest-idle window serving it calls."""
        idle = sorted(
            (w for w in self.windows.values() if w.idle_since is not None and service in w.services),
            key=lambda w: (w.idle_since or 0.0, w.number),
        )
        for window in idle:
            if self._try_call(window):
                return

    def _open(self, number: int, _ticket: str) -> None:
        window = self.windows[number]
        now = self.day.at(self.now)
        self._run(self.hall.open_window(number, now))
        self._run(self.hall.sign_in(number, window.staff, now))
        window.pending_close = False
        self._try_call(window)

    def _close(self, number: int, _ticket: str) -> None:
        window = self.windows[number]
        if window.busy is not None:
            window.pending_close = True
        else:
            self._close_now(window)

    def _final(self, number: int, _ticket: str) -> None:
        window = self.windows[number]
        window.final = True
        if window.busy is None:
            if self.hall.state.window(number).paused:
                self._run(self.hall.resume_window(number, self.day.at(self.now)))
            self._try_call(window)

    def _close_now(self, window: _Window) -> None:
        self._run(self.hall.close_window(window.number, self.day.at(self.now)))
        window.idle_since = None
        window.pending_pause = None
        self.last_close = max(self.last_close, self.now)

    def _pause(self, number: int, length: str) -> None:
        window = self.windows[number]
        if not self.hall.state.window(number).open or window.final:
            return  # a pause that falls while the window is closed is not taken
        if window.busy is not None:
            window.pending_pause = float(length)
        else:
            self._pause_now(window, float(length))

    def _pause_now(self, window: _Window, length: float) -> None:
        self._run(self.hall.pause_window(window.number, "break", self.day.at(self.now)))
        window.idle_since = None
        self._at(self.now + length, "resume", window.number)

    def _resume(self, number: int, _ticket: str) -> None:
        window = self.windows[number]
        if not self.hall.state.window(number).paused:
            return
        self._run(self.hall.resume_window(number, self.day.at(self.now)))
        self._try_call(window)

    # Figures

    def _figures(self, wall: float) -> Figures:
        tickets = self.hall.state.tickets.values()
        count = {state: sum(1 for t in tickets if t.state is state) for state in TicketState}
        waits = self.record.waits
        pairs = [(ours, naive, real) for ours, naive, real in self.record.first if ours is not None]
        erlang, overloaded = erlang_reference(self.day, window_services(self.day, self.policy))
        return Figures(
            day=self.day.name,
            policy=self.policy,
            citizens=len(self.day.citizens),
            issued=self.hall.state.stats.issued,
            calls=len(waits),
            done=count[TicketState.DONE],
            no_shows=count[TicketState.NO_SHOW],
            expired=count[TicketState.EXPIRED],
            cancelled=count[TicketState.CANCELLED],
            mean_wait=sum(waits) / len(waits) if waits else 0.0,
            p90_wait=percentile(waits, 90) or 0.0,
            erlang_wait=erlang,
            erlang_overloaded=overloaded,
            estimate_mae=sum(abs(o - r) for o, _n, r in pairs) / len(pairs) if pairs else None,
            naive_mae=sum(abs(n - r) for _o, n, r in pairs) / len(pairs) if pairs else None,
            estimated=len(pairs),
            without_estimate=len(self.record.first) - len(pairs),
            last_close=self.last_close,
            wall_seconds=wall,
        )


def simulate(day: ReferenceDay, policy: str) -> Figures:
    """Simulate a reference day under a policy."""
    return Simulation(day, policy).run()


# ----------------------------------------------------------------------------- Erlang C reference


def service_groups(services: Mapping[int, Mapping[str, float]]) -> list[tuple[set[str], set[int]]]:
    """Services connected by shared windows (the hall's own grouping), with their windows."""
    groups = [set(members) for members in connected_services(services.values())]
    return [
        (members, {n for n, served in services.items() if members.intersection(served)}) for members in groups
    ]


def _overlap(a: float, b: float, c: float, d: float) -> float:
    return max(0.0, min(b, d) - max(a, c))


def erlang_reference(day: ReferenceDay, services: Mapping[int, Mapping[str, float]]) -> tuple[float, float]:
    """Erlang C mean wait of the day's load on a policy's structure, and the overloaded share.

    For each group of services connected by shared windows (pooled: one group; separate: each
    line; ours: as the layout connects them) and each hour of the day: M/M/c with that
    hour's arrivals (visits, a transfer's second one counted in its arrival hour), their mean
    window time (walk + handling; two minutes for a no-show) and c = the group's scheduled
    open window-minutes of the hour (shifts less pauses) / 60, rounded. The answer weighs the
    (group, hour) means by arrivals; hours the windows cannot carry (load ≥ c) are left out
    and their share of arrivals is the second figure.
    """
    service_group: dict[str, int] = {}
    groups = service_groups(services)
    for index, (members, _windows) in enumerate(groups):
        for service in members:
            service_group[service] = index
    cells: dict[tuple[int, int], list[float]] = {}
    for citizen in day.citizens:
        hour = int(citizen.arrival // 60)
        first = RECALL_AFTER + NO_SHOW_AFTER if citizen.no_show else WALK + citizen.handling
        cells.setdefault((service_group[citizen.service], hour), []).append(first)
        if citizen.transfer is not None and citizen.transfer_handling is not None:
            cells.setdefault((service_group[citizen.transfer], hour), []).append(
                WALK + citizen.transfer_handling
            )
    pauses: dict[int, list[tuple[float, float]]] = {}
    for pause in day.pauses:
        pauses.setdefault(pause.window, []).append((pause.start, pause.start + pause.minutes))
    shifts = {w.number: w.shifts for w in day.windows}
    total = weighted = overloaded = 0.0
    for (group, hour), times in cells.items():
        start, end = hour * 60.0, hour * 60.0 + 60
        open_minutes = 0.0
        for number in groups[group][1]:
            open_minutes += sum(_overlap(a, b, start, end) for a, b in shifts[number])
            open_minutes -= sum(_overlap(a, b, start, end) for a, b in pauses.get(number, []))
        windows = round(open_minutes / 60)
        handling = sum(times) / len(times)
        load = len(times) / 60 * handling
        total += len(times)
        wait = mean_wait(windows, load, handling) if windows > 0 else math.inf
        if math.isinf(wait):
            overloaded += len(times)
        else:
            weighted += wait * len(times)
    carried = total - overloaded
    return (weighted / carried if carried else math.inf), (overloaded / total if total else 0.0)
