"""A past day's figures, rebuilt from its archived event log.

The log of a day holds every event of that day but not the day's start: appointments booked
on earlier days are not in it, and no ticket, window or staff member carries over (see
:mod:`.carry`). A day archived in several parts (the clock was set back, so the day began
again with fresh numbering, closed windows and nobody signed in) is replayed part by part,
each on a fresh state, with the figures adding up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .events import EventKind, HallEvent
from .state import HallState
from .stats import DayStats

_NEW_TICKET = (EventKind.ISSUE, EventKind.CHECK_IN)


def _applicable(state: HallState, event: HallEvent) -> bool:
    """Whether the replayed day holds what the event is about.

    Cancelling a booking made on an earlier day is a normal event that changes no figure; an
    event about a ticket the log never issued can only follow a line skipped as unreadable.
    """
    if event.ticket is not None:
        return event.kind in _NEW_TICKET or event.ticket in state.tickets
    if event.kind is EventKind.CANCEL:
        return event.appointment in state.appointments
    return True


def replay_day(service_date: date, parts: Iterable[Iterable[HallEvent]]) -> DayStats:
    """The figures of a day from its logged events, one iterable per part in order of writing."""
    stats = DayStats()
    for events in parts:
        state = HallState(service_date)
        state.stats = stats  # each part starts afresh; its figures add to the earlier parts'
        for event in events:
            if _applicable(state, event):
                state.apply(event)
    return stats
