"""Arrival rates of the last hour, read backwards from the end of the day's log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from .events import EventKind, HallEvent

RATE_MINUTES = 60  # arrivals over the last hour ...
MIN_RATE_MINUTES = 15  # ... or since the hall opened, but never fewer minutes than this

type Arrival = Callable[[HallEvent], str | None]


def joins_a_queue(event: HallEvent) -> str | None:
    """The service a ticket issued, checked in or transferred in joins (staffing's load)."""
    if event.kind in (EventKind.ISSUE, EventKind.CHECK_IN):
        return event.service
    if event.kind is EventKind.TRANSFER and event.target_service and event.target_service != event.service:
        return event.target_service
    return None


def goes_first(event: HallEvent) -> str | None:
    """The service of a ticket that joins ahead of walk-ins: priority lane or transferred in."""
    if event.kind is EventKind.ISSUE and event.priority:
        return event.service
    if event.kind is EventKind.TRANSFER:
        return event.target_service or event.service
    return None


def arrival_rates(
    log: Iterable[HallEvent], now: datetime, opened: datetime, which: Arrival = joins_a_queue
) -> dict[str, float]:
    """Arrivals a minute by service over the last hour (or since opening, at least 15 minutes),
    from the log read newest first."""
    since = now - timedelta(minutes=RATE_MINUTES)
    counts: dict[str, int] = {}
    for event in log:
        if event.at < since:
            break
        if event.at > now:
            continue
        if (service := which(event)) is not None:
            counts[service] = counts.get(service, 0) + 1
    span = max((now - max(since, opened)).total_seconds() / 60, MIN_RATE_MINUTES)
    return {service: count / span for service, count in counts.items()}
