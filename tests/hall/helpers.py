"""Shared by the hall tests that are not fixtures: the property tests' steps and checks."""

from __future__ import annotations

from datetime import datetime

from custom_components.service_hall.hall import Hall, HallEvent, TicketState

TERMINAL = (TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED, TicketState.EXPIRED)


def serve(hall: Hall, number: int, now: datetime) -> list[HallEvent]:
    """The window's natural next step: open, resume, start the called ticket, or call next."""
    state = hall.window_state(number)
    if not state.open:
        return hall.open_window(number, now)
    if state.paused:
        return hall.resume_window(number, now)
    current = hall.current_ticket(number)
    if current is not None and current.state is TicketState.CALLED:
        return hall.start(now, window=number)
    return hall.call_next(number, now)


def check_one_place(hall: Hall) -> None:
    """Every issued ticket is in exactly one place: a queue, a window, or a final state."""
    state = hall.state
    queued = [n for q in state.waiting.values() for n in q]
    at_windows = [w.ticket for w in state.windows.values() if w.ticket is not None]
    done = [t.number for t in state.tickets.values() if t.state in TERMINAL]
    assert sorted(queued + at_windows + done) == sorted(state.tickets)
    waiting = sum(1 for t in state.tickets.values() if t.state is TicketState.WAITING)
    assert len(queued) == waiting
