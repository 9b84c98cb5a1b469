"""What a window's own tablet may reach: its window, the tickets at it, the staff signed in there."""

from __future__ import annotations

from functools import partial

from custom_components.service_hall.hall import Hall
from custom_components.service_hall.hall.tablets import check_tablet_reach

from .conftest import NOW, assert_refused, call, issue, run, staffed


def test_a_tablet_reaches_its_window_and_its_tickets_only(hall: Hall) -> None:
    staffed(hall)
    # Window 1 serves one, misses one and calls one; window 2 calls one; one waits.
    tickets = []
    for finish in (hall.complete, hall.no_show, None):
        tickets.append(issue(hall, "id_card"))
        assert call(hall, 1, NOW) == tickets[-1]
        if finish is not None:
            run(hall, finish(NOW, window=1))
    served, missed, called = tickets
    theirs = issue(hall, "id_card")
    assert call(hall, 2, NOW) == theirs
    waiting = issue(hall, "passport")
    reach = partial(check_tablet_reach, hall, 1)
    # Its own window, its tickets (served, missed, called: it rates, reactivates, serves them),
    # its own officer, and nothing named at all.
    for named in (
        {"window": 1},
        {"ticket": served},
        {"ticket": missed},
        {"ticket": called, "window": 1},
        {"window": 1, "staff": "S001"},
        {},
    ):
        reach(**named)
    assert assert_refused(hall, "tablet_other_window", reach, window=2).placeholders == {
        "window": "1",
        "other": "2",
    }
    for ticket in (theirs, waiting):
        err = assert_refused(hall, "tablet_ticket_elsewhere", reach, ticket=ticket)
        assert err.placeholders == {"window": "1", "ticket": ticket}
    # Signing S002 in (or out) from window 1 would take them from window 2.
    assert assert_refused(hall, "tablet_other_window", reach, staff="S002").placeholders["other"] == "2"
    # Unknown names are told as such, not as another window's.
    assert_refused(hall, "unknown_ticket", reach, ticket="Z999")
    assert_refused(hall, "unknown_staff", reach, staff="S999")


def test_a_signed_out_officer_may_sign_in_at_the_tablets_window(hall: Hall) -> None:
    staffed(hall)
    run(hall, hall.sign_out(NOW, window=3))
    check_tablet_reach(hall, 4, window=4, staff="S003")
    run(hall, hall.sign_in(4, "S003", NOW))
    check_tablet_reach(hall, 4, staff="S003")  # now signed in here: signing out here is its own
