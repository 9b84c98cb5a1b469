"""A past day's figures rebuilt from its archived event log (hall/replay.py)."""

from __future__ import annotations

from datetime import timedelta

from custom_components.service_hall.hall import Hall
from custom_components.service_hall.hall.events import EventKind, HallEvent
from custom_components.service_hall.hall.replay import replay_day
from custom_components.service_hall.hall.state import HallState

from .conftest import DAY, at, call, issue, make_hall, run, staffed, through_json


def served_at_two_windows(hall: Hall, hour: int = 9) -> None:
    """Tickets served by S001 at window 1 and S002 at window 2, one rated, one no-show."""
    staffed(hall, at(hour))
    issue(hall, "id_card", at(hour, 1))
    issue(hall, "id_card", at(hour, 2))
    issue(hall, "social", at(hour, 3))
    issue(hall, "id_card", at(hour, 4))
    issue(hall, "tax", at(hour, 4))  # never called: expires at the rollover
    assert call(hall, 1, at(hour, 5)) == "A001"
    assert call(hall, 2, at(hour, 7)) == "A002"
    run(hall, hall.start(at(hour, 8), window=1))
    assert call(hall, 1, at(hour, 12)) == "A003"  # finishes A001
    run(hall, hall.rate("A001", 5, at(hour, 13)))
    run(hall, hall.no_show(at(hour, 20), window=1))
    run(hall, hall.start(at(hour, 21), window=2))
    assert call(hall, 2, at(hour, 25)) == "B001"  # finishes A002
    run(hall, hall.complete(at(hour, 31), window=2))


def closed(hall: Hall, hour: int = 18) -> None:
    """The rollover's closing events (open tickets expire)."""
    run(hall, hall.closing_events(at(hour)))


def test_replay_gives_the_days_figures() -> None:
    """Replaying a day's logged events gives the figures the day ended with, per service, window and staff."""
    hall = make_hall()
    served_at_two_windows(hall)
    closed(hall)
    figures = replay_day(DAY, [through_json(hall.state.log)]).summary()
    assert figures == hall.state.stats.summary()
    assert figures["served"] == 3
    assert {k: v["served"] for k, v in figures["staff"].items()} == {"S001": 1, "S002": 2}
    assert {k: v["served"] for k, v in figures["windows"].items()} == {"1": 1, "2": 2}
    assert {k: v["served"] for k, v in figures["services"].items()} == {"id_card": 2, "social": 1}
    assert figures["staff"]["S001"]["no_shows"] == 1
    assert figures["staff"]["S001"]["ratings"]["5"] == 1
    assert figures["expired"] == 1


def test_booking_of_an_earlier_day_cancelled_is_left_out() -> None:
    """The log does not hold the day's start: cancelling a booking made the day before changes no figure."""
    yesterday = make_hall(day=DAY - timedelta(days=1))
    run(yesterday, yesterday.book("tax", at(10), at(15, day=DAY - timedelta(days=1)), code="300001"))
    run(yesterday, yesterday.book("tax", at(11), at(15, day=DAY - timedelta(days=1)), code="300002"))
    hall = Hall(yesterday.settings, yesterday.layout, yesterday.next_day(at(3)))
    run(hall, hall.cancel_appointment("300001", at(8)))
    run(hall, hall.check_in("300002", at(10, 55)))  # checking in a booking of the day before counts
    served_at_two_windows(hall)
    closed(hall)
    assert replay_day(DAY, [through_json(hall.state.log)]).summary() == hall.state.stats.summary()


def test_two_parts_each_start_afresh_and_add_up() -> None:
    """A day seen twice (clock set back): numbering, windows and sign-ins restart; the figures add up."""
    first = make_hall()
    served_at_two_windows(first)
    closed(first)
    second = make_hall()  # the day began again: fresh numbering, windows closed, nobody signed in
    run(second, second.open_window(1, at(14)))
    issue(second, "id_card", at(14, 1))
    assert call(second, 1, at(14, 2)) == "A001"  # nobody signed in at window 1 this time
    run(second, second.start(at(14, 3), window=1))
    run(second, second.complete(at(14, 10), window=1))
    stats = replay_day(DAY, [through_json(first.state.log), through_json(second.state.log)])
    figures = stats.summary()
    assert figures["issued"] == 6
    assert figures["served"] == 4
    assert figures["windows"]["1"]["served"] == 2
    assert figures["staff"]["S001"]["served"] == 1  # not the second part's A001
    waits = [*first.state.stats.hall.waits, *second.state.stats.hall.waits]
    assert stats.hall.waits == waits


def test_events_about_tickets_the_log_lacks_are_skipped() -> None:
    """After a line skipped as unreadable, events about the ticket it issued are left out, not fatal."""
    hall = make_hall()
    served_at_two_windows(hall)
    log = [e for e in hall.state.log if not (e.kind is EventKind.ISSUE and e.ticket == "A002")]
    figures = replay_day(DAY, [log]).summary()
    assert figures["issued"] == 4
    assert figures["staff"]["S002"]["served"] == 1  # B001 only
    assert replay_day(DAY, []).summary() == HallState(DAY).stats.summary()
    unknown = HallEvent(kind=EventKind.RATE, at=at(12), ticket="Z999", grade=1)
    assert replay_day(DAY, [[unknown]]).summary()["ratings"]["1"] == 0
