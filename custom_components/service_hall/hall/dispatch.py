"""Which waiting ticket a window calls next: the hall's documented, tunable policy.

1. Each waiting ticket falls in the first class of the hall's dispatch order it belongs to
   (default: promoted, returning, priority, appointment, walk-in; see ``DispatchClass``).
2. The window takes the best-ranked class among the tickets of the services it serves.
3. Within a class, the longest wait since the ticket's original arrival wins, multiplied by
   the window's weight for the ticket's service (weights default to 1).
A ticket transferred to a named window waits for that window only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .model import DispatchClass, HallSettings, Ticket, Window


def belongs(cls: DispatchClass, ticket: Ticket, now: datetime, settings: HallSettings) -> bool:
    """Whether a waiting ticket is in a dispatch class."""
    if cls is DispatchClass.PROMOTED:
        return settings.max_wait > 0 and (now - ticket.arrival_at).total_seconds() >= settings.max_wait * 60
    if cls is DispatchClass.RETURNING:
        return ticket.reactivated or ticket.transferred
    if cls is DispatchClass.PRIORITY:
        return ticket.priority
    if cls is DispatchClass.APPOINTMENT:
        return ticket.appointment_start is not None and now >= ticket.appointment_start
    return True


def classify(ticket: Ticket, now: datetime, settings: HallSettings) -> tuple[int, DispatchClass]:
    """Position and class of the ticket in the hall's dispatch order (lower is sooner)."""
    for position, cls in enumerate(settings.dispatch_order):
        if belongs(cls, ticket, now, settings):
            return position, cls
    return len(settings.dispatch_order), DispatchClass.WALK_IN


def sort_key(
    ticket: Ticket, now: datetime, settings: HallSettings, weight: float = 1.0
) -> tuple[int, float, int]:
    """Smaller keys are called first; tickets of the same instant go in issue order.

    Promoted tickets go by their wait alone (a low weight must not starve them again), and
    due appointments by their slot, whenever they checked in.
    """
    position, cls = classify(ticket, now, settings)
    if cls is DispatchClass.PROMOTED:
        weight = 1.0
    since = (
        ticket.appointment_start
        if cls is DispatchClass.APPOINTMENT and ticket.appointment_start
        else ticket.arrival_at
    )
    return position, -(now - since).total_seconds() * weight, ticket.order


def select(
    window: Window,
    waiting: dict[str, dict[str, Ticket]],
    now: datetime,
    settings: HallSettings,
) -> Ticket | None:
    """The ticket a window calls next, or None when none of its services has one."""
    best: Ticket | None = None
    best_key: tuple[int, float, int] | None = None
    for service, weight in window.services.items():
        for ticket in waiting.get(service, {}).values():
            if ticket.target_window is not None and ticket.target_window != window.number:
                continue
            key = sort_key(ticket, now, settings, weight)
            if best_key is None or key < best_key:
                best, best_key = ticket, key
    return best


def ahead_of(ticket: Ticket, queue: Iterable[Ticket], now: datetime, settings: HallSettings) -> int:
    """How many tickets of the same queue would be called before this one."""
    own = sort_key(ticket, now, settings)
    return sum(1 for other in queue if other is not ticket and sort_key(other, now, settings) < own)
