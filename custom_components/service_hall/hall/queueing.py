"""Queueing theory for a pooled queue (M/M/c, Erlang C): the reference a hall is measured against.

``load`` is the offered load in erlangs: arrivals per minute times the mean handling time in
minutes, i.e. how many windows would be busy all the time.
"""

from __future__ import annotations

import math

MAX_WINDOWS = 1000  # a bound on the search for the windows needed


def erlang_b(windows: int, load: float) -> float:
    """Probability that all windows are busy in a loss system (Erlang B), by the stable recursion."""
    blocked = 1.0
    for k in range(1, windows + 1):
        blocked = load * blocked / (k + load * blocked)
    return blocked


def erlang_c(windows: int, load: float) -> float:
    """Probability that an arrival has to wait (Erlang C); 1 when the windows cannot keep up."""
    if load <= 0:
        return 0.0
    if windows <= load:
        return 1.0
    blocked = erlang_b(windows, load)
    return windows * blocked / (windows - load * (1 - blocked))


def mean_wait(windows: int, load: float, handling: float) -> float:
    """Mean wait in minutes before service (infinite when the windows cannot keep up)."""
    if load <= 0:
        return 0.0
    if windows <= load:
        return math.inf
    return erlang_c(windows, load) * handling / (windows - load)


def windows_needed(load: float, handling: float, target: float) -> int:
    """The fewest windows that keep the mean wait within ``target`` minutes (0 without load)."""
    if load <= 0:
        return 0
    windows = max(1, math.floor(load) + 1)
    while windows < MAX_WINDOWS and mean_wait(windows, load, handling) > target:
        windows += 1
    return windows
