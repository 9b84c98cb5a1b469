"""Staffing advice: how many windows each group of services needs now to meet its target wait.

A group is a set of services joined by windows that serve more than one of them: windows of a
group can help each other, windows of different groups cannot. For each group the current
arrival rate (the last hour) and handling time give the offered load, and Erlang C the fewest
windows that keep the mean wait within the group's strictest target. Erlang C assumes every
window serves every service of the group; where skills overlap only in part, a short
simulation of the group's open windows, with their real skills, checks the answer and adds
windows (serving the whole group) until the simulated mean wait meets the target.

``measure`` reads the hall (fast, on the caller's thread); ``advise`` is plain arithmetic and
simulation on the measured figures, so it can run elsewhere.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .layout import HallLayout
from .queueing import mean_wait, windows_needed

SIMULATED_HOURS = 8.0
SIMULATION_RUNS = 3
MAX_EXTRA_WINDOWS = 20
MIN_HANDLING = 0.01  # minutes: services finished at once (a test, a mistake) still take some time


def service_groups(layout: HallLayout) -> list[tuple[str, ...]]:
    """Services joined by shared windows (connected components), each sorted; services no
    window serves are left out."""
    return connected_services(
        [s for s in window.services if s in layout.services] for window in layout.windows.values()
    )


def connected_services(skills: Iterable[Iterable[str]]) -> list[tuple[str, ...]]:
    """Services joined by any window that serves more than one of them (union-find over each
    window's services), each group sorted, the groups by their first service."""
    parent: dict[str, str] = {}

    def find(service: str) -> str:
        while parent[service] != service:
            parent[service] = parent[parent[service]]
            service = parent[service]
        return service

    for served in skills:
        services = list(served)
        for service in services:
            parent.setdefault(service, service)
        for other in services[1:]:
            parent[find(other)] = find(services[0])
    groups: dict[str, list[str]] = {}
    for service in parent:
        groups.setdefault(find(service), []).append(service)
    return sorted((tuple(sorted(members)) for members in groups.values()), key=lambda g: g[0])


@dataclass(frozen=True, slots=True)
class GroupLoad:
    """What a group of services faces now: plain figures, no hall objects."""

    services: tuple[str, ...]
    rates: dict[str, float]  # arrivals a minute, by service
    handling: dict[str, float]  # minutes, by service
    targets: dict[str, float]  # target mean wait, minutes, by service
    open_windows: dict[int, tuple[str, ...]]  # open, unpaused windows -> the group's services they serve
    paused: tuple[int, ...]
    closed: tuple[int, ...]

    @property
    def key(self) -> str:
        """A stable id: the group's first service."""
        return self.services[0]

    @property
    def rate(self) -> float:
        """Arrivals a minute."""
        return sum(self.rates.values())

    @property
    def mean_handling(self) -> float:
        """Handling time weighted by arrivals (the plain mean before any arrival)."""
        rate = self.rate
        if rate <= 0:
            return sum(self.handling.values()) / len(self.handling)
        return sum(self.rates[s] * self.handling[s] for s in self.services) / rate

    @property
    def target(self) -> float:
        """The strictest target of the services that have arrivals (of all, before any)."""
        busy = [self.targets[s] for s in self.services if self.rates.get(s, 0) > 0]
        return min(busy or self.targets.values())

    @property
    def pooled(self) -> bool:
        """Whether every open window serves every service of the group (Erlang C holds)."""
        return all(len(skills) == len(self.services) for skills in self.open_windows.values())


@dataclass(frozen=True, slots=True)
class GroupAdvice:
    """How many windows a group needs, against how many it has."""

    load: GroupLoad
    needed: int
    expected_wait: float | None  # mean wait with the open windows (None: they cannot keep up)
    method: str  # "erlang_c" or "simulation"
    candidates: tuple[int, ...] = field(default=())  # windows that could help when it is short

    @property
    def open(self) -> int:
        """Open, unpaused windows."""
        return len(self.load.open_windows)

    @property
    def short(self) -> int:
        """Windows missing now."""
        return max(0, self.needed - self.open)

    @property
    def spare(self) -> int:
        """Windows more than it needs."""
        return max(0, self.open - self.needed)

    def as_dict(self, names: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Plain figures for sensors, events and screens."""
        load = self.load
        return {
            "group": load.key,
            "services": list(load.services),
            **({"service_names": [names.get(s, s) for s in load.services]} if names else {}),
            "needed": self.needed,
            "open": self.open,
            "short": self.short,
            "arrivals_per_hour": round(load.rate * 60, 1),
            "handling": round(load.mean_handling, 2),
            "load": round(load.rate * load.mean_handling, 2),
            "target_wait": load.target,
            "expected_wait": None if self.expected_wait is None else round(self.expected_wait, 1),
            "method": self.method,
            "open_windows": sorted(load.open_windows),
            "paused_windows": list(load.paused),
            "candidates": list(self.candidates),
        }


def measure(
    layout: HallLayout,
    groups: Iterable[tuple[str, ...]],
    rates: Mapping[str, float],
    handling: Mapping[str, float],
    window_states: Mapping[int, tuple[bool, bool]],  # number -> (open, paused)
) -> list[GroupLoad]:
    """Each group's load and windows now."""
    loads = []
    for services in groups:
        open_windows: dict[int, tuple[str, ...]] = {}
        paused: list[int] = []
        closed: list[int] = []
        for number, window in layout.windows.items():
            skills = tuple(s for s in services if s in window.services)
            if not skills:
                continue
            is_open, is_paused = window_states.get(number, (False, False))
            if not is_open:
                closed.append(number)
            elif is_paused:
                paused.append(number)
            else:
                open_windows[number] = skills
        loads.append(
            GroupLoad(
                services=services,
                rates={s: rates.get(s, 0.0) for s in services},
                handling={s: handling[s] for s in services},
                targets={s: layout.services[s].target_wait for s in services},
                open_windows=open_windows,
                paused=tuple(sorted(paused)),
                closed=tuple(sorted(closed)),
            )
        )
    return loads


def advise(loads: list[GroupLoad], *, seed: int = 1) -> list[GroupAdvice]:
    """The windows each group needs, and for a group that is short the windows that could help:
    its own paused windows first, then open windows of groups that have more than they need."""
    first = [_advise_group(load, seed) for load in loads]
    spare = [number for advice in first for number in sorted(advice.load.open_windows)[: advice.spare]]
    out = []
    for advice in first:
        if advice.short:
            candidates = (*advice.load.paused, *(n for n in spare if n not in advice.load.open_windows))
            advice = GroupAdvice(advice.load, advice.needed, advice.expected_wait, advice.method, candidates)
        out.append(advice)
    return out


def _advise_group(load: GroupLoad, seed: int) -> GroupAdvice:
    rate, handling = load.rate, load.mean_handling
    offered = rate * handling
    needed = windows_needed(offered, handling, load.target)
    opened = len(load.open_windows)
    expected = mean_wait(opened, offered, handling) if opened else None
    if expected is not None and expected == float("inf"):
        expected = None
    covered = {s for skills in load.open_windows.values() for s in skills}
    if any(load.rates[s] > 0 for s in load.services if s not in covered):
        # Citizens arrive for a service no open window serves: one more window at least.
        return GroupAdvice(load, max(needed, opened + 1), None, "erlang_c")
    if offered <= 0 or load.pooled or opened < needed:
        return GroupAdvice(load, needed, expected, "erlang_c")
    # Enough windows for a pooled queue, but they do not all serve everything: simulate them.
    extra = 0
    simulated = simulate_mean_wait(load, extra, seed=seed)
    expected = simulated
    while simulated > load.target and extra < MAX_EXTRA_WINDOWS:
        extra += 1
        simulated = simulate_mean_wait(load, extra, seed=seed)
    return GroupAdvice(load, max(needed, opened + extra), expected, "simulation")


def simulate_mean_wait(load: GroupLoad, extra_windows: int, *, seed: int) -> float:
    """Mean wait of the group's open windows (with their skills) plus ``extra_windows`` serving
    the whole group, under Poisson arrivals at the current rates and exponential handling;
    each free window takes the longest-waiting ticket it can serve."""
    skills = [set(s) for s in load.open_windows.values()] + [set(load.services)] * extra_windows
    waits: list[float] = []
    for run in range(SIMULATION_RUNS):
        waits.extend(_simulate_once(load, skills, random.Random(seed * 1000 + run)))
    return sum(waits) / len(waits) if waits else 0.0


def _simulate_once(load: GroupLoad, skills: list[set[str]], rng: random.Random) -> list[float]:
    horizon = SIMULATED_HOURS * 60
    events: list[tuple[float, int, str]] = []  # (time, window or -1 for an arrival, service)
    for service in load.services:
        rate = load.rates.get(service, 0.0)
        clock = 0.0
        while rate > 0:
            clock += rng.expovariate(rate)
            if clock > horizon:
                break
            events.append((clock, -1, service))
    heapq.heapify(events)
    free = set(range(len(skills)))
    queue: list[tuple[float, str]] = []  # waiting, in arrival order
    waits: list[float] = []

    def serve(window: int, clock: float, arrived: float, service: str) -> None:
        waits.append(clock - arrived)
        heapq.heappush(
            events, (clock + rng.expovariate(1 / max(load.handling[service], MIN_HANDLING)), window, service)
        )

    while events:
        clock, window, service = heapq.heappop(events)
        if window < 0:  # an arrival: a free window that serves it takes it, or it queues
            taker = next((w for w in sorted(free) if service in skills[w]), None)
            if taker is None:
                queue.append((clock, service))
            else:
                free.discard(taker)
                serve(taker, clock, clock, service)
            continue
        # A window came free: the longest-waiting ticket it serves, if any.
        position = next((i for i, (_, s) in enumerate(queue) if s in skills[window]), None)
        if position is None:
            free.add(window)
        else:
            arrived, waiting_for = queue.pop(position)
            serve(window, clock, arrived, waiting_for)
    return waits
