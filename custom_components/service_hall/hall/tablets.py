"""What a window's own tablet may reach: its window, the tickets at it and the staff signed in there.

A tablet bound to a window (its user is bound in the hall's options) acts for that window only.
A command reaches the window it names, the window of the ticket it names (a ticket keeps the
window that called it after it is done or missed: that window rates or reactivates it; a waiting
ticket is at no window) and the window its staff member is signed in at (signing someone in
here signs them out there). Sending a ticket on to another window is the window's own act.
"""

from __future__ import annotations

from .engine import Hall
from .errors import HallError


def check_tablet_reach(
    hall: Hall,
    bound: int,
    *,
    window: int | None = None,
    ticket: str | None = None,
    staff: str | None = None,
) -> None:
    """Raise HallError when a command from the tablet of window ``bound`` reaches another window."""
    if window is not None and window != bound:
        raise HallError("tablet_other_window", window=bound, other=window)
    if ticket is not None and (found := hall.ticket(ticket)).window != bound:
        raise HallError("tablet_ticket_elsewhere", window=bound, ticket=found.number)
    if staff is not None and (at := hall.state.staff_window.get(hall.staff(staff).staff_number)) not in (
        None,
        bound,
    ):
        raise HallError("tablet_other_window", window=bound, other=at)
