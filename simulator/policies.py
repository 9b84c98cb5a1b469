"""The dispatch policies compared, as transforms of a reference day's layout.

The hall's own dispatch (``dispatch.select``) does the choosing under every policy; only the
windows' services change:

* ``ours`` — the day's own layout (skill-based windows with weights, as the hall is set up);
* ``separate`` — separate FIFO lines: each window serves exactly one service; windows are
  shared out in proportion to each service's offered load (case minutes of the day), at
  least one each, by largest remainder; the windows open longest go first, one per service
  in turn (busiest service first), so that a one-window line gets a window open all day;
* ``pooled`` — one FIFO queue: every window serves every service with weight 1.

Staff, schedules and pauses stay with the window numbers.
"""

from __future__ import annotations

from typing import Any

from .day import ReferenceDay, WindowSpec
from .generate import largest_remainder

POLICIES = ("ours", "separate", "pooled")


def offered_load(day: ReferenceDay) -> dict[str, float]:
    """Minutes of handling each service gets over the day (first visits and transfers)."""
    load = {s.id: 0.0 for s in day.services}
    for citizen in day.citizens:
        load[citizen.service] += citizen.handling
        if citizen.transfer is not None and citizen.transfer_handling is not None:
            load[citizen.transfer] += citizen.transfer_handling
    return load


def open_minutes(window: WindowSpec) -> float:
    """Minutes a window is scheduled open."""
    return sum(end - start for start, end in window.shifts)


def separate_lines(day: ReferenceDay) -> dict[int, dict[str, float]]:
    """One service per window, windows in proportion to offered load (at least one each)."""
    load = offered_load(day)
    services = [s.id for s in day.services]
    if len(day.windows) < len(services):
        raise ValueError("separate lines need at least one window per service")
    counts = dict(
        zip(services, largest_remainder([load[s] for s in services], len(day.windows), 1), strict=True)
    )
    windows = sorted(day.windows, key=lambda w: (-open_minutes(w), w.number))
    busiest = sorted(services, key=lambda s: (-load[s], s))
    assigned: dict[int, dict[str, float]] = {}
    round_ = 0
    while windows:
        for service in busiest:
            if counts[service] > round_ and windows:
                assigned[windows.pop(0).number] = {service: 1.0}
        round_ += 1
    return assigned


def window_services(day: ReferenceDay, policy: str) -> dict[int, dict[str, float]]:
    """Each window's services and weights under a policy."""
    if policy == "ours":
        return {w.number: dict(w.services) for w in day.windows}
    if policy == "pooled":
        every = {s.id: 1.0 for s in day.services}
        return {w.number: dict(every) for w in day.windows}
    if policy == "separate":
        return separate_lines(day)
    raise ValueError(f"unknown policy {policy!r}; one of {', '.join(POLICIES)}")


def layout_data(day: ReferenceDay, policy: str) -> dict[str, Any]:
    """The layout (``parse_layout``'s plain form) of the day under a policy."""
    data = day.layout_data()
    services = window_services(day, policy)
    for window in data["windows"]:
        window["services"] = services[window["number"]]
    return data
