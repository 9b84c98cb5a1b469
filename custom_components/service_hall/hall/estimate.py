"""Estimated waits: where a ticket stands among all the work its windows have before it.

Dispatch calls the longest-waiting ticket of a window's services, so a ticket waits not only
for its own service's queue but for every earlier ticket of every service that shares its
windows. The model splits each waiting ticket's expected handling time (recent visits of its
service) over the open windows that serve it, by their weights; a ticket then waits for

* the first of its windows to come free: at once when one is idle, otherwise the windows'
  remaining handling times combined as rates (1 / Σ 1/rᵢ, the first of several to finish);
* plus the work ahead of it on its windows, divided by how many there are;
* plus the booked appointments whose slot begins before it would be called (they go first).

Closed and paused windows serve nobody. The wait is uncertain: with n places ahead and c
windows it varies by about √(n+1) handling times over c, so the answer is a range, the
median to the 90th percentile of a gamma distribution with that mean and spread, and the
mean is the point estimate.
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


@dataclass(frozen=True, slots=True)
class Ahead:
    """What stands before a place in the queue on its windows."""

    work: float  # minutes of handling, shared out over the windows
    places: float  # tickets, counted by the same shares


class WaitModel:
    """The hall's open windows and the work waiting for them at one instant.

    Built from the state of one moment and asked many times (every service's estimate, every
    ticket's), so per-window figures are gathered once and each question costs only the
    windows of its service.
    """

    def __init__(
        self,
        windows: Mapping[int, Window],
        states: Callable[[int], WindowState],
        tickets: Mapping[str, Ticket],
        waiting: Mapping[str, Mapping[str, Ticket]],
        handling: Callable[[str], float],
        appointments: Iterable[Appointment],
        now: datetime,
    ) -> None:
        self.now = now
        self._handling_of = handling
        self._handling: dict[str, float] = {}
        self.open: dict[int, Window] = {}
        self.residual: dict[int, float | None] = {}  # None: idle
        self.weight_total: dict[str, float] = {}  # service -> open windows' weights
        for number, window in windows.items():
            state = states(number)
            if not state.open or state.paused:
                continue
            self.open[number] = window
            current = tickets.get(state.ticket) if state.ticket else None
            self.residual[number] = None if current is None else self._residual(current)
            for service, weight in window.services.items():
                self.weight_total[service] = self.weight_total.get(service, 0.0) + weight
        self._waiting = waiting
        self._load: dict[int, Ahead] = {}
        self._appointments = appointments
        self._booked: list[Appointment] | None = None  # sorted on first use: most models never ask

    def handling(self, service: str) -> float:
        """Expected handling time of a service (recent visits, else its configured figure)."""
        value = self._handling.get(service)
        if value is None:
            value = self._handling[service] = self._handling_of(service)
        return value

    def _residual(self, ticket: Ticket) -> float:
        expected = self.handling(ticket.service)
        begun = ticket.started_at or ticket.called_at or self.now
        elapsed = (self.now - begun).total_seconds() / 60
        return max(expected - elapsed, expected * MIN_RESIDUAL_SHARE, MIN_RESIDUAL)

    def share(self, service: str, windows: Iterable[Window]) -> float:
        """The part of a service's waiting work that falls on these (open) windows."""
        total = self.weight_total.get(service, 0.0)
        if total <= 0:
            return 0.0
        return sum(w.services.get(service, 0.0) for w in windows) / total

    def _window_load(self, number: int) -> Ahead:
        """All waiting work shared out onto one open window."""
        load = self._load.get(number)
        if load is None:
            work = places = 0.0
            services = self.open[number].services
            waiting = self._waiting
            # Whichever is smaller: the window's services, or the services with a queue.
            pairs = (
                ((s, waiting.get(s)) for s in services)
                if len(services) <= len(waiting)
                else ((s, q) for s, q in waiting.items() if s in services)
            )
            for service, queue in pairs:
                if queue:
                    part = len(queue) * services[service] / self.weight_total[service]
                    places += part
                    work += part * self.handling(service)
            load = self._load[number] = Ahead(work, places)
        return load

    def serving(self, service: str) -> list[Window]:
        """Open windows that serve a service."""
        return [w for w in self.open.values() if service in w.services]

    def for_new_ticket(self, service: str) -> WaitEstimate | None:
        """The wait of a ticket issued now: everything waiting on its windows goes first."""
        windows = self.serving(service)
        if not windows:
            return None
        loads = [self._window_load(w.number) for w in windows]
        ahead = Ahead(sum(a.work for a in loads), sum(a.places for a in loads))
        return self.wait(service, windows, ahead)

    def ahead_of(self, ticket: Ticket, windows: list[Window], goes_first: Callable[[Ticket], bool]) -> Ahead:
        """The work of the waiting tickets that go before ``ticket`` on its windows."""
        work = places = 0.0
        services = {s for w in windows for s in w.services}
        for service in services:
            queue = self._waiting.get(service)
            if not queue:
                continue
            share = self.share(service, windows)
            count = sum(1 for other in queue.values() if other is not ticket and goes_first(other))
            places += count * share
            work += count * share * self.handling(service)
        return Ahead(work, places)

    def wait(self, service: str, windows: list[Window], ahead: Ahead) -> WaitEstimate:
        """The wait for a place with ``ahead`` before it on these open windows."""
        count = len(windows)
        idle = sum(1 for w in windows if self.residual[w.number] is None)
        own = self.handling(service)
        if idle:
            # Idle windows take the first places at once.
            mean = max(0.0, ahead.work - idle * own) / count if ahead.places >= idle else 0.0
        else:
            rates = sum(1 / (self.residual[w.number] or MIN_RESIDUAL) for w in windows)
            mean = 1 / rates + ahead.work / count
        mean += self._appointments_before(windows, mean) / count
        places = ahead.places + 1
        typical = (ahead.work + own) / places
        spread = math.sqrt(places) * typical / count
        return wait_range(mean, spread)

    def _appointments_before(self, windows: list[Window], wait: float) -> float:
        """Work of booked appointments on these windows whose slot begins within ``wait``."""
        if self._booked is None:
            # Booked but not yet checked in: they go before walk-ins once their slot begins.
            self._booked = sorted(
                (
                    a
                    for a in self._appointments
                    if a.ticket is None and not a.cancelled and a.start > self.now
                ),
                key=lambda a: a.start,
            )
        work = 0.0
        for booked in self._booked:
            if (booked.start - self.now).total_seconds() / 60 > wait:
                break
            if (share := self.share(booked.service, windows)) > 0:
                work += share * self.handling(booked.service)
        return work
