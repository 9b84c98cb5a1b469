"""Estimated waits: the hall's own dispatch played forward on expected handling times.

A window calls the best-ranked ticket of its services, so a ticket waits not only for its own
service's queue but for every earlier ticket of every service that shares its windows, and
for windows that other services' tickets keep busy. The model replays that: it takes every
waiting ticket in dispatch order and gives each to whichever open window that serves it comes
free first (the same outcome as windows calling the best ticket they can serve when they come
free), each taking its service's recent mean handling time. That gives every waiting ticket
its expected call time, and a ticket issued now the moment the first of its windows has
nothing older left to call.

Windows busy now come free after their ticket's expected remaining time, staggered as a race
between them (the first of several busy windows frees sooner than any one of them is expected
to). Tickets that will join ahead of it while it waits (priority lane, transfers in, at the
rates of the last hour) take their share of its windows' time. Closed windows serve nobody; a paused one comes back when its pause is expected to end
(the mean length of the day's last pauses, 10 minutes before any). Booked appointments whose slot begins before a
ticket would be called go first. The wait is uncertain: with k calls before it on c windows it
varies by about √(k+1) handling times over c, so the answer is a range, the median to the 90th
percentile of a gamma distribution with that mean and spread; the mean is the point estimate.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from .model import Appointment, Ticket, Window, WindowState

Z_90 = 1.2816  # the standard normal's 90th percentile
MIN_RESIDUAL_SHARE = 1 / 3  # a service past its mean is still expected to take a third more
MIN_RESIDUAL = 0.01  # minutes: services recently finished at once must not divide by zero
DEFAULT_PAUSE = 10.0  # minutes a pause is expected to last before the day has shown any
MIN_PAUSE_LEFT = 1.0  # a pause past its expected length is still expected to last a minute
MAX_JUMP_LOAD = 0.5  # tickets going first are expected to take at most half the windows' time

type Rank = Callable[[Ticket], tuple[int, float, int]]


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    """Minutes: the median, the mean (the point estimate) and the 90th percentile."""

    low: float
    point: float
    high: float

    def rounded(self) -> dict[str, float]:
        """Plain figures, to a tenth of a minute."""
        return {"low": round(self.low, 1), "point": round(self.point, 1), "high": round(self.high, 1)}


def gamma_quantile(mean: float, spread: float, z: float) -> float:
    """A gamma distribution's quantile at the normal deviate ``z`` (Wilson–Hilferty)."""
    if mean <= 0:
        return 0.0
    if spread <= 0:
        return mean
    shape = (mean / spread) ** 2
    cube = 1 - 1 / (9 * shape) + z * math.sqrt(1 / (9 * shape))
    return max(0.0, mean * cube**3)


def wait_range(mean: float, spread: float) -> WaitEstimate:
    """The median-to-90th-percentile range of a wait with this mean and standard deviation."""
    return WaitEstimate(gamma_quantile(mean, spread, 0.0), mean, gamma_quantile(mean, spread, Z_90))


def race(residuals: Iterable[float]) -> list[float]:
    """When busy windows come free, first to last, if each finishes at a constant rate of one
    over its expected remaining time: the first of c after 1 / Σ rates, and so on."""
    remaining = sorted(residuals)
    out: list[float] = []
    clock = 0.0
    for index in range(len(remaining)):
        clock += 1 / sum(1 / r for r in remaining[index:])
        out.append(clock)
    return out


class WaitModel:
    """The open windows and the waiting tickets at one instant, played forward once.

    Built from the state of one moment and asked many times (every service's estimate, every
    ticket's), so the replay runs once and each question reads its answer.
    """

    def __init__(
        self,
        windows: Mapping[int, Window],
        states: Callable[[int], WindowState],
        tickets: Mapping[str, Ticket],
        waiting: Mapping[str, Mapping[str, Ticket]],
        handling: Callable[[str], float],
        appointments: Mapping[str, Appointment],
        now: datetime,
        rank: Rank,
        pause: float = DEFAULT_PAUSE,
        jumps: Mapping[str, float] | None = None,
    ) -> None:
        self.now = now
        self._handling_of = handling
        self._handling: dict[str, float] = {}
        self.open: dict[int, Window] = {}  # open windows, paused ones included: they come back
        busy: dict[int, float] = {}
        back: dict[int, float] = {}  # paused windows: minutes until the pause is expected to end
        for number, window in windows.items():
            state = states(number)
            if not state.open:
                continue
            self.open[number] = window
            current = tickets.get(state.ticket) if state.ticket else None
            if current is not None:
                busy[number] = self._residual(current)
            if state.paused:
                since = state.paused_at or now
                back[number] = max(pause - (now - since).total_seconds() / 60, MIN_PAUSE_LEFT)
        self._serving: dict[str, list[int]] = {}
        for number, window in self.open.items():
            for service in window.services:
                self._serving.setdefault(service, []).append(number)
        # Minutes from now until each open window is free, idle ones at once.
        self.free: dict[int, float] = dict.fromkeys(self.open, 0.0)
        racing = {n: r for n, r in busy.items() if n not in back}
        for number, at in zip(
            sorted(racing, key=lambda n: (racing[n], n)), race(racing.values()), strict=True
        ):
            self.free[number] = at
        for number, left in back.items():
            self.free[number] = left + busy.get(number, 0.0)
        self._new: dict[str, WaitEstimate | None] = {}  # service -> a new ticket's estimate
        self.called_after: dict[str, float] = {}  # waiting ticket -> minutes until it is called
        self.calls_before: dict[str, int] = {}  # ... and how many calls its windows make first
        self._calls: dict[int, int] = dict.fromkeys(self.open, 0)
        self._play(waiting, rank)
        self._appointments = appointments
        self._booked: list[Appointment] | None = None  # sorted on first use: most models never ask
        self._jumps = jumps or {}  # arrivals a minute that go before walk-ins, by service

    def handling(self, service: str) -> float:
        """Expected handling time of a service (recent visits, else its configured figure)."""
        value = self._handling.get(service)
        if value is None:
            value = self._handling[service] = max(self._handling_of(service), 0.0)
        return value

    def _residual(self, ticket: Ticket) -> float:
        expected = self.handling(ticket.service)
        begun = ticket.started_at or ticket.called_at or self.now
        elapsed = (self.now - begun).total_seconds() / 60
        return max(expected - elapsed, expected * MIN_RESIDUAL_SHARE, MIN_RESIDUAL)

    def _eligible(self, service: str, target: int | None) -> list[int]:
        numbers = self._serving.get(service, [])
        return [n for n in numbers if n == target] if target is not None else numbers

    def _play(self, waiting: Mapping[str, Mapping[str, Ticket]], rank: Rank) -> None:
        """Every waiting ticket, best-ranked first, to the first of its windows to come free."""
        queue = sorted(
            (t for service, q in waiting.items() if service in self._serving for t in q.values()),
            key=rank,
        )
        for ticket in queue:
            self.append(ticket)

    def append(self, ticket: Ticket) -> None:
        """Give a ticket, ranked after every one before it, to the first of its windows to come free."""
        if ticket.appointment is not None:
            self._booked = None  # a booking checked in: it holds a ticket now, not a slot
        self._new.clear()
        numbers = self._eligible(ticket.service, ticket.target_window)
        if not numbers:
            return
        free, calls = self.free, self._calls
        number = min(numbers, key=lambda n: (free[n], n))
        self.called_after[ticket.number] = free[number]
        self.calls_before[ticket.number] = sum(calls[n] for n in numbers)
        free[number] += self.handling(ticket.service)
        calls[number] += 1

    def serving(self, service: str) -> list[Window]:
        """Open windows that serve a service."""
        return [self.open[n] for n in self._serving.get(service, [])]

    def for_new_ticket(self, service: str) -> WaitEstimate | None:
        """The wait of a ticket issued now: called when one of its windows has nothing older left."""
        if service in self._new:  # screens and sensors ask for every service, again and again
            return self._new[service]
        numbers = self._serving.get(service)
        estimate = None
        if numbers:
            mean = min(self.free[n] for n in numbers)
            estimate = self._estimate(service, numbers, mean, sum(self._calls[n] for n in numbers))
        self._new[service] = estimate
        return estimate

    def for_ticket(self, ticket: Ticket) -> WaitEstimate | None:
        """The wait left of a waiting ticket."""
        mean = self.called_after.get(ticket.number)
        if mean is None:
            return None
        numbers = self._eligible(ticket.service, ticket.target_window)
        return self._estimate(ticket.service, numbers, mean, self.calls_before[ticket.number])

    def _estimate(self, service: str, numbers: list[int], mean: float, calls: int) -> WaitEstimate:
        count = len(numbers)
        mean += self._appointments_before(service, mean) / count
        # While it waits, tickets that go first keep arriving: their share of these windows' time.
        mean /= 1 - min(self._jump_load(numbers), MAX_JUMP_LOAD)
        own = self.handling(service)
        spread = math.sqrt(calls + 1) * own / count if mean > 0 else 0.0
        return wait_range(mean, spread)

    def _jump_load(self, numbers: list[int]) -> float:
        """The share of these windows' time that arrivals going before walk-ins take."""
        load = 0.0
        mine = set(numbers)
        for service, rate in self._jumps.items():
            theirs = self._serving.get(service)
            if theirs and (shared := mine.intersection(theirs)):
                load += rate * self.handling(service) * len(shared) / len(theirs)
        return load / len(numbers)

    def _appointments_before(self, service: str, wait: float) -> float:
        """Handling time of booked appointments on a service's windows whose slot begins within
        ``wait`` minutes: they go before walk-ins once it has."""
        if wait <= 0:
            return 0.0
        if self._booked is None:
            self._booked = sorted(
                (
                    a
                    for a in self._appointments.values()
                    if a.ticket is None and not a.cancelled and a.start > self.now
                ),
                key=lambda a: a.start,
            )
        windows = set(self._serving.get(service, []))
        work = 0.0
        for booked in self._booked:
            if (booked.start - self.now).total_seconds() / 60 > wait:
                break
            theirs = self._serving.get(booked.service, [])
            if shared := windows.intersection(theirs):
                work += self.handling(booked.service) * len(shared) / len(theirs)
        return work
