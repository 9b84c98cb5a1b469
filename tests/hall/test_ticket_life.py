"""A ticket's life: issue, call, recall, start, complete, no-show, reactivate, transfer, cancel, rate."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from custom_components.service_hall.hall import (
    Hall,
    HallSettings,
    TicketState,
    WindowStatus,
)
from custom_components.service_hall.hall.events import EventKind, HallEvent

from .conftest import (
    NOW,
    assert_refused,
    at,
    call,
    issue,
    make_hall,
    run,
    snapshot,
    staffed,
)

# Issue


def test_issue_answers_an_event_and_changes_nothing_until_applied(hall: Hall) -> None:
    before = snapshot(hall)
    events = hall.issue("id_card", NOW, source="kiosk")
    assert snapshot(hall) == before
    (event,) = events
    assert event.kind is EventKind.ISSUE
    assert (event.ticket, event.prefix, event.seq, event.service) == ("A001", "A", 1, "id_card")
    assert (event.at, event.priority, event.source) == (NOW, False, "kiosk")
    assert event.estimate is None  # no window is open
    hall.apply(events)
    ticket = hall.ticket("A001")
    assert ticket.state is TicketState.WAITING
    assert ticket.issued_at == ticket.arrival_at == ticket.queued_at == NOW
    assert (ticket.source, ticket.priority, ticket.visits) == ("kiosk", False, 0)
    assert hall.waiting("id_card") == [ticket]
    assert hall.state.stats.issued == 1


def test_daily_numbering_per_prefix_is_shared_between_services(hall: Hall) -> None:
    services = ["id_card", "passport", "social", "id_card", "tax", "social", "passport"]
    numbers = [issue(hall, s, at(9, i)) for i, s in enumerate(services)]
    assert numbers == ["A001", "A002", "B001", "A003", "C001", "B002", "A004"]
    assert hall.state.counters == {"A": 4, "B": 2, "C": 1}
    assert hall.state.issued == {"id_card": 2, "passport": 2, "social": 2, "tax": 1}
    assert hall.ticket(" a003 ").service == "id_card"
    assert hall.ticket("A002").service == "passport"


def test_numbers_grow_past_three_digits(hall: Hall) -> None:
    # The counter follows the log, so a replayed A999 is followed by A1000.
    run(
        hall, [HallEvent(kind=EventKind.ISSUE, at=NOW, ticket="A999", prefix="A", seq=999, service="id_card")]
    )
    assert issue(hall, "passport") == "A1000"


def test_issue_with_priority_and_an_estimate(open_hall: Hall) -> None:
    (event,) = run(open_hall, open_hall.issue("id_card", NOW, priority=True))
    assert event.priority is True
    assert open_hall.ticket("A001").priority is True
    # Windows 1 and 2 are open and idle, nobody ahead: the point estimate is 0.
    assert event.estimate == 0.0


def test_issue_unknown_service(hall: Hall) -> None:
    err = assert_refused(hall, "unknown_service", hall.issue, "marriage", NOW)
    assert err.placeholders == {"service": "marriage"}


# Call


def test_call_next_calls_the_longest_waiting_ticket(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))
    issue(hall, "passport", at(9, 1))
    before = snapshot(hall)
    events = hall.call_next(1, at(9, 5))
    assert snapshot(hall) == before
    assert [(e.kind, e.ticket, e.window, e.staff, e.at) for e in events] == [
        (EventKind.CALL, "A001", 1, "S001", at(9, 5))
    ]
    run(hall, events)
    ticket = hall.ticket("A001")
    assert ticket.state is TicketState.CALLED
    assert (ticket.window, ticket.staff, ticket.recalls) == (1, "S001", 0)
    assert ticket.called_at == ticket.last_call_at == at(9, 5)
    assert hall.window_status(1) is WindowStatus.CALLING
    assert hall.current_ticket(1) is ticket
    assert hall.waiting("id_card") == []
    assert [t.number for t in hall.waiting("passport")] == ["A002"]


def test_call_next_with_nobody_waiting_answers_nothing(open_hall: Hall) -> None:
    issue(open_hall, "id_card")
    before = snapshot(open_hall)
    assert open_hall.call_next(4, NOW) == []  # window 4 serves tax only
    assert snapshot(open_hall) == before
    assert open_hall.window_status(4) is WindowStatus.IDLE


def test_call_records_the_officer_signed_in_at_the_window(open_hall: Hall) -> None:
    issue(open_hall, "tax")
    assert call(open_hall, 4, at(9, 1)) == "C001"
    assert open_hall.ticket("C001").staff is None  # nobody is signed in at window 4


# Recall


@pytest.mark.parametrize("limit", [0, 1, 3, 5])
def test_recall_is_capped_by_the_recall_limit(limit: int) -> None:
    hall = staffed(make_hall(HallSettings(recall_limit=limit)))
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 1))
    for i in range(limit):
        (event,) = run(hall, hall.recall(at(9, 2 + i), window=1))
        assert (event.kind, event.ticket, event.window) == (EventKind.RECALL, "A001", 1)
    ticket = hall.ticket("A001")
    assert ticket.recalls == limit
    assert ticket.called_at == at(9, 1)
    assert ticket.last_call_at == at(9, 1 + limit)
    err = assert_refused(hall, "recall_limit_reached", hall.recall, at(9, 30), window=1)
    assert err.placeholders == {"ticket": "A001", "limit": str(limit)}
    assert_refused(hall, "recall_limit_reached", hall.recall, at(9, 30), ticket="a001")


def test_default_recall_limit_is_three(open_hall: Hall) -> None:
    assert open_hall.settings.recall_limit == 3
    issue(open_hall, "id_card")
    call(open_hall, 1, at(9, 1))
    for minute in (2, 3, 4):
        run(open_hall, open_hall.recall(at(9, minute), ticket="A001", window=1))
    assert_refused(open_hall, "recall_limit_reached", open_hall.recall, at(9, 5), window=1)


def test_recall_refusals(open_hall: Hall) -> None:
    hall = open_hall
    assert_refused(hall, "ticket_or_window_required", hall.recall, NOW)
    assert_refused(hall, "no_current_ticket", hall.recall, NOW, window=1)
    assert_refused(hall, "unknown_window", hall.recall, NOW, window=9)
    issue(hall, "id_card")
    assert_refused(hall, "ticket_wrong_state", hall.recall, NOW, ticket="A001")
    call(hall, 1, at(9, 1))
    assert_refused(hall, "ticket_not_at_window", hall.recall, NOW, ticket="A001", window=2)
    assert_refused(hall, "unknown_ticket", hall.recall, NOW, ticket="A404")
    run(hall, hall.start(at(9, 2), window=1))
    err = assert_refused(hall, "ticket_wrong_state", hall.recall, at(9, 3), window=1)
    assert err.placeholders == {"ticket": "A001", "state": "serving"}


# Start and complete


def test_start_then_complete(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 5))
    (start,) = run(hall, hall.start(at(9, 6), window=1))
    assert (start.kind, start.ticket, start.window) == (EventKind.START, "A001", 1)
    ticket = hall.ticket("A001")
    assert ticket.state is TicketState.SERVING
    assert ticket.started_at == at(9, 6)
    assert hall.window_status(1) is WindowStatus.SERVING
    assert_refused(hall, "ticket_wrong_state", hall.start, at(9, 7), window=1)

    (finish,) = run(hall, hall.complete(at(9, 10), ticket="A001", window=1))
    assert (finish.kind, finish.ticket, finish.window) == (EventKind.FINISH, "A001", 1)
    assert ticket.state is TicketState.DONE
    assert ticket.finished_at == at(9, 10)
    assert ticket.visits == 1
    assert hall.current_ticket(1) is None
    assert hall.window_status(1) is WindowStatus.IDLE
    stats = hall.state.stats
    for tally in (stats.hall, stats.services["id_card"], stats.windows[1], stats.staff["S001"]):
        assert (tally.served, tally.waits, tally.handling) == (1, [5.0], [4.0])
    assert hall.handling_time("id_card") == 4.0
    assert_refused(hall, "ticket_wrong_state", hall.complete, at(9, 11), ticket="A001")
    assert_refused(hall, "no_current_ticket", hall.complete, at(9, 11), window=1)
    assert_refused(hall, "ticket_or_window_required", hall.complete, at(9, 11))


def test_complete_straight_from_called_counts_handling_from_the_call(open_hall: Hall) -> None:
    issue(open_hall, "passport", at(9, 0))
    call(open_hall, 1, at(9, 2))
    run(open_hall, open_hall.complete(at(9, 5), window=1))
    ticket = open_hall.ticket("A001")
    assert ticket.state is TicketState.DONE
    assert ticket.started_at is None
    assert open_hall.state.stats.services["passport"].handling == [3.0]


def test_start_refused_for_a_waiting_ticket(open_hall: Hall) -> None:
    issue(open_hall, "id_card")
    assert_refused(open_hall, "ticket_wrong_state", open_hall.start, NOW, ticket="A001")
    assert_refused(open_hall, "ticket_wrong_state", open_hall.complete, NOW, ticket="A001")


def test_call_next_finishes_the_ticket_being_served_first(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))
    issue(hall, "id_card", at(9, 1))
    call(hall, 1, at(9, 2))
    run(hall, hall.start(at(9, 3), window=1))
    events = run(hall, hall.call_next(1, at(9, 12)))
    assert [(e.kind, e.ticket, e.window) for e in events] == [
        (EventKind.FINISH, "A001", 1),
        (EventKind.CALL, "A002", 1),
    ]
    assert hall.ticket("A001").state is TicketState.DONE
    assert hall.ticket("A001").finished_at == at(9, 12)
    assert hall.ticket("A002").state is TicketState.CALLED
    assert hall.current_ticket(1) is hall.ticket("A002")
    assert hall.state.stats.hall.handling == [9.0]


def test_call_next_finishes_the_ticket_being_served_even_with_nobody_waiting(open_hall: Hall) -> None:
    issue(open_hall, "id_card")
    call(open_hall, 1, at(9, 1))
    run(open_hall, open_hall.start(at(9, 2), window=1))
    events = run(open_hall, open_hall.call_next(1, at(9, 4)))
    assert [(e.kind, e.ticket) for e in events] == [(EventKind.FINISH, "A001")]
    assert open_hall.window_status(1) is WindowStatus.IDLE


def test_call_next_refused_while_the_current_ticket_is_only_called(open_hall: Hall) -> None:
    issue(open_hall, "id_card", at(9, 0))
    issue(open_hall, "id_card", at(9, 1))
    call(open_hall, 1, at(9, 2))
    err = assert_refused(open_hall, "ticket_not_finished", open_hall.call_next, 1, at(9, 3))
    assert err.placeholders == {"ticket": "A001", "window": "1"}


# No-show


def test_no_show_by_command(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 1))
    (event,) = run(hall, hall.no_show(at(9, 4), window=1))
    assert (event.kind, event.ticket, event.window, event.auto) == (EventKind.NO_SHOW, "A001", 1, None)
    ticket = hall.ticket("A001")
    assert ticket.state is TicketState.NO_SHOW
    assert hall.current_ticket(1) is None
    assert hall.window_status(1) is WindowStatus.IDLE
    stats = hall.state.stats
    for tally in (stats.hall, stats.services["id_card"], stats.windows[1], stats.staff["S001"]):
        assert (tally.no_shows, tally.served) == (1, 0)
    assert_refused(hall, "ticket_wrong_state", hall.no_show, at(9, 5), ticket="A001")
    assert_refused(hall, "no_current_ticket", hall.no_show, at(9, 5), window=1)


def test_no_show_refused_once_service_started(open_hall: Hall) -> None:
    issue(open_hall, "id_card")
    call(open_hall, 1, at(9, 1))
    run(open_hall, open_hall.start(at(9, 2), window=1))
    assert_refused(open_hall, "ticket_wrong_state", open_hall.no_show, at(9, 3), window=1)


def test_automatic_no_show_after_the_timeout(open_hall: Hall) -> None:
    hall = open_hall
    assert hall.settings.no_show_timeout == 5.0
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 5))
    before = snapshot(hall)
    assert hall.due(at(9, 9, 59)) == []
    (event,) = hall.due(at(9, 10))
    assert snapshot(hall) == before
    assert (event.kind, event.ticket, event.window, event.auto, event.at) == (
        EventKind.NO_SHOW,
        "A001",
        1,
        True,
        at(9, 10),
    )
    run(hall, [event])
    assert hall.ticket("A001").state is TicketState.NO_SHOW
    assert hall.due(at(9, 30)) == []


def test_recall_restarts_the_no_show_clock(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 5))
    run(hall, hall.recall(at(9, 8), window=1))
    assert hall.due(at(9, 10)) == []  # 5 minutes after the first call, 2 after the last
    assert hall.due(at(9, 12, 59)) == []
    assert [e.ticket for e in hall.due(at(9, 13))] == ["A001"]


def test_automatic_no_show_ignores_tickets_being_served_and_other_windows(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))
    issue(hall, "social", at(9, 0))
    call(hall, 1, at(9, 1))
    run(hall, hall.start(at(9, 2), window=1))
    call(hall, 3, at(9, 10))
    assert [(e.ticket, e.window) for e in hall.due(at(9, 20))] == [("B001", 3)]


@pytest.mark.parametrize(
    ("timeout", "due_at", "expected"), [(0, at(17, 0), 0), (2, at(9, 2, 59), 0), (2, at(9, 3), 1)]
)
def test_no_show_timeout_is_tunable(timeout: float, due_at: datetime, expected: int) -> None:
    hall = staffed(make_hall(HallSettings(no_show_timeout=timeout)))
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 1))
    assert len(hall.due(due_at)) == expected


# Reactivation


def test_reactivation_the_same_day_goes_back_with_priority(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "passport", at(8, 50))  # A001, only window 1 serves it
    issue(hall, "id_card", at(9, 0))  # A002
    assert call(hall, 2, at(9, 1)) == "A002"
    run(hall, hall.no_show(at(9, 6), window=2))
    before = snapshot(hall)
    (event,) = hall.reactivate("a002", at(9, 10))
    assert snapshot(hall) == before
    assert (event.kind, event.ticket, event.at) == (EventKind.REACTIVATE, "A002", at(9, 10))
    run(hall, [event])
    ticket = hall.ticket("A002")
    assert ticket.state is TicketState.WAITING
    assert ticket.reactivated is True
    assert (ticket.arrival_at, ticket.queued_at) == (at(9, 0), at(9, 10))
    assert (ticket.window, ticket.staff, ticket.called_at, ticket.last_call_at, ticket.recalls) == (
        None,
        None,
        None,
        None,
        0,
    )
    assert hall.state.stats.reactivated == 1
    # The passport ticket arrived earlier, but the returning citizen goes first.
    assert call(hall, 1, at(9, 11)) == "A002"
    assert hall.state.stats.services["id_card"].waits == [1.0, 1.0]


def test_reactivation_refusals(open_hall: Hall) -> None:
    issue(open_hall, "id_card")
    assert_refused(open_hall, "ticket_wrong_state", open_hall.reactivate, "A001", NOW)
    assert_refused(open_hall, "unknown_ticket", open_hall.reactivate, "A002", NOW)
    call(open_hall, 1, at(9, 1))
    assert_refused(open_hall, "ticket_wrong_state", open_hall.reactivate, "A001", at(9, 2))


def test_reactivation_is_for_the_same_day_only(open_hall: Hall) -> None:
    issue(open_hall, "id_card")
    call(open_hall, 1, at(9, 1))
    run(open_hall, open_hall.no_show(at(9, 6), window=1))
    open_hall.state = open_hall.next_day(at(8, 0, day=date(2025, 3, 4)))
    assert_refused(open_hall, "unknown_ticket", open_hall.reactivate, "A001", at(9, 0, day=date(2025, 3, 4)))


# Transfer


def test_transfer_to_another_service_keeps_number_and_arrival(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))  # A001
    issue(hall, "social", at(9, 2))  # B001 queued before the transfer
    call(hall, 1, at(9, 5))
    run(hall, hall.start(at(9, 6), window=1))
    before = snapshot(hall)
    (event,) = hall.transfer(at(9, 10), window=1, target_service="social")
    assert snapshot(hall) == before
    assert (
        event.kind,
        event.ticket,
        event.service,
        event.window,
        event.target_service,
        event.target_window,
    ) == (
        EventKind.TRANSFER,
        "A001",
        "id_card",
        1,
        "social",
        None,
    )
    run(hall, [event])
    ticket = hall.ticket("A001")
    assert (ticket.number, ticket.service, ticket.state) == ("A001", "social", TicketState.WAITING)
    assert (ticket.arrival_at, ticket.queued_at) == (at(9, 0), at(9, 10))
    assert ticket.transferred is True
    assert (ticket.window, ticket.staff, ticket.called_at, ticket.started_at) == (None, None, None, None)
    assert ticket.visits == 1
    assert hall.window_status(1) is WindowStatus.IDLE
    assert [t.number for t in hall.waiting("social")] == ["B001", "A001"]
    stats = hall.state.stats
    assert stats.transferred == 1
    assert (stats.services["id_card"].served, stats.services["id_card"].handling) == (1, [4.0])
    assert (stats.windows[1].served, stats.staff["S001"].served) == (1, 1)

    issue(hall, "social", at(9, 11))  # B002, a walk-in that arrived later
    assert call(hall, 3, at(9, 12)) == "A001"
    assert hall.state.stats.services["social"].waits == [2.0]  # from the transfer
    run(hall, hall.complete(at(9, 15), window=3))
    assert ticket.visits == 2
    assert call(hall, 3, at(9, 16)) == "B001"
    assert call(hall, 2, at(9, 17)) == "B002"


def test_transfer_to_a_named_window(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))  # A001
    call(hall, 1, at(9, 1))
    (event,) = run(hall, hall.transfer(at(9, 5), ticket="A001", target_window=2))
    assert (event.target_service, event.target_window) == ("id_card", 2)
    ticket = hall.ticket("A001")
    assert (ticket.service, ticket.target_window, ticket.state) == ("id_card", 2, TicketState.WAITING)
    issue(hall, "id_card", at(9, 6))  # A002
    # Window 1 serves id_card too, but never calls a ticket sent to window 2.
    assert call(hall, 1, at(9, 7)) == "A002"
    run(hall, hall.complete(at(9, 8), window=1))
    assert hall.call_next(1, at(9, 9)) == []
    assert call(hall, 2, at(9, 10)) == "A001"
    assert ticket.target_window is None
    assert ticket.window == 2


def test_transfer_to_another_service_at_a_named_window(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 1))
    run(hall, hall.transfer(at(9, 3), window=1, target_service="social", target_window=3))
    issue(hall, "social", at(9, 4))  # B001
    assert call(hall, 2, at(9, 5)) == "B001"  # window 2 serves social but A001 is for window 3
    assert call(hall, 3, at(9, 6)) == "A001"


def test_transfer_of_a_waiting_ticket_moves_it_without_a_visit(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))
    run(hall, hall.transfer(at(9, 1), ticket="A001", target_service="passport"))
    ticket = hall.ticket("A001")
    assert (ticket.service, ticket.visits, ticket.transferred) == ("passport", 0, True)
    assert hall.waiting("id_card") == []
    assert hall.waiting("passport") == [ticket]
    assert hall.state.stats.hall.served == 0
    assert call(hall, 2, at(9, 2)) is None  # window 2 does not serve passport
    assert call(hall, 1, at(9, 2)) == "A001"


def test_transfer_refusals(open_hall: Hall) -> None:
    hall = open_hall
    assert_refused(hall, "ticket_or_window_required", hall.transfer, NOW, target_service="social")
    assert_refused(hall, "no_current_ticket", hall.transfer, NOW, window=1, target_service="social")
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 1))
    t = at(9, 2)
    assert_refused(hall, "transfer_target_required", hall.transfer, t, window=1)
    err = assert_refused(hall, "transfer_same_service", hall.transfer, t, window=1, target_service="id_card")
    assert err.placeholders == {"ticket": "A001", "service": "id_card"}
    assert_refused(hall, "transfer_same_window", hall.transfer, t, window=1, target_window=1)
    err = assert_refused(hall, "window_not_serving", hall.transfer, t, window=1, target_window=4)
    assert err.placeholders == {"window": "4", "service": "id_card"}
    assert_refused(
        hall, "window_not_serving", hall.transfer, t, window=1, target_service="tax", target_window=1
    )
    assert_refused(hall, "unknown_service", hall.transfer, t, window=1, target_service="visa")
    assert_refused(hall, "unknown_window", hall.transfer, t, window=1, target_window=12)
    assert_refused(
        hall, "ticket_not_at_window", hall.transfer, t, ticket="A001", window=2, target_service="social"
    )
    assert_refused(hall, "unknown_ticket", hall.transfer, t, ticket="Z001", target_service="social")
    run(hall, hall.complete(at(9, 3), window=1))
    assert_refused(hall, "ticket_wrong_state", hall.transfer, t, ticket="A001", target_service="social")


# Cancel


def test_cancel_a_waiting_ticket(open_hall: Hall) -> None:
    issue(open_hall, "id_card")
    (event,) = run(open_hall, open_hall.cancel("a001", at(9, 3)))
    assert (event.kind, event.ticket, event.window) == (EventKind.CANCEL, "A001", None)
    assert open_hall.ticket("A001").state is TicketState.CANCELLED
    assert open_hall.waiting("id_card") == []
    assert open_hall.state.stats.cancelled == 1
    assert call(open_hall, 1, at(9, 4)) is None


@pytest.mark.parametrize("stage", ["called", "serving", "no_show"])
def test_cancel_at_a_window_releases_it(open_hall: Hall, stage: str) -> None:
    issue(open_hall, "id_card")
    call(open_hall, 1, at(9, 1))
    if stage == "serving":
        run(open_hall, open_hall.start(at(9, 2), window=1))
    if stage == "no_show":
        run(open_hall, open_hall.no_show(at(9, 2), window=1))
    run(open_hall, open_hall.cancel("A001", at(9, 3)))
    assert open_hall.ticket("A001").state is TicketState.CANCELLED
    assert open_hall.window_status(1) is WindowStatus.IDLE
    assert open_hall.state.stats.cancelled == 1
    assert open_hall.state.stats.hall.served == 0


def test_cancelling_a_no_show_leaves_the_window_s_next_ticket_alone(open_hall: Hall) -> None:
    issue(open_hall, "id_card", at(9, 0))
    issue(open_hall, "id_card", at(9, 0, 30))
    call(open_hall, 1, at(9, 1))
    run(open_hall, open_hall.no_show(at(9, 2), window=1))
    assert call(open_hall, 1, at(9, 3)) == "A002"
    run(open_hall, open_hall.cancel("A001", at(9, 4)))
    assert open_hall.current_ticket(1) is open_hall.ticket("A002")


def test_cancel_refusals(open_hall: Hall) -> None:
    assert_refused(open_hall, "unknown_ticket", open_hall.cancel, "A001", NOW)
    issue(open_hall, "id_card")
    run(open_hall, open_hall.cancel("A001", NOW))
    assert_refused(open_hall, "ticket_wrong_state", open_hall.cancel, "A001", NOW)
    issue(open_hall, "id_card")
    call(open_hall, 1, at(9, 1))
    run(open_hall, open_hall.complete(at(9, 2), window=1))
    assert_refused(open_hall, "ticket_wrong_state", open_hall.cancel, "A002", at(9, 3))


# Rating


def test_rating_once_per_ticket(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card")
    call(hall, 1, at(9, 1))
    run(hall, hall.complete(at(9, 3), window=1))
    (event,) = run(hall, hall.rate("A001", 5, at(9, 4)))
    assert (event.kind, event.ticket, event.grade, event.window) == (EventKind.RATE, "A001", 5, 1)
    assert hall.ticket("A001").rating == 5
    stats = hall.state.stats
    for tally in (stats.hall, stats.services["id_card"], stats.windows[1], stats.staff["S001"]):
        assert tally.ratings == [0, 0, 0, 0, 1]
    err = assert_refused(hall, "already_rated", hall.rate, "A001", 1, at(9, 5))
    assert err.placeholders == {"ticket": "A001"}


@pytest.mark.parametrize("grade", [1, 2, 3, 4, 5])
def test_every_grade_is_accepted(open_hall: Hall, grade: int) -> None:
    issue(open_hall, "id_card")
    call(open_hall, 1, at(9, 1))
    run(open_hall, open_hall.complete(at(9, 3), window=1))
    run(open_hall, open_hall.rate("A001", grade, at(9, 4)))
    expected = [0] * 5
    expected[grade - 1] = 1
    assert open_hall.state.stats.hall.ratings == expected


@pytest.mark.parametrize("grade", [0, 6, -1, 10])
def test_grades_out_of_range(open_hall: Hall, grade: int) -> None:
    issue(open_hall, "id_card")
    call(open_hall, 1, at(9, 1))
    run(open_hall, open_hall.complete(at(9, 3), window=1))
    err = assert_refused(open_hall, "invalid_grade", open_hall.rate, "A001", grade, at(9, 4))
    assert err.placeholders == {"grade": str(grade)}


def test_only_finished_tickets_are_rated(open_hall: Hall) -> None:
    issue(open_hall, "id_card")
    assert_refused(open_hall, "ticket_wrong_state", open_hall.rate, "A001", 5, NOW)
    call(open_hall, 1, at(9, 1))
    assert_refused(open_hall, "ticket_wrong_state", open_hall.rate, "A001", 5, at(9, 2))
    assert_refused(open_hall, "unknown_ticket", open_hall.rate, "A002", 5, at(9, 2))


# Daily cap


def test_daily_cap(hall: Hall) -> None:
    assert [issue(hall, "tax", at(9, i)) for i in range(3)] == ["C001", "C002", "C003"]
    err = assert_refused(hall, "daily_cap_reached", hall.issue, "tax", at(9, 5))
    assert err.placeholders == {"service": "tax", "cap": "3"}
    # Giving a ticket back does not free a place, and other services are not capped.
    run(hall, hall.cancel("C001", at(9, 6)))
    assert_refused(hall, "daily_cap_reached", hall.issue, "tax", at(9, 7))
    assert issue(hall, "social", at(9, 8)) == "B001"


def test_daily_cap_starts_afresh_the_next_day(hall: Hall) -> None:
    for i in range(3):
        issue(hall, "tax", at(9, i))
    tuesday = date(2025, 3, 4)
    hall.state = hall.next_day(at(8, 0, day=tuesday))
    assert issue(hall, "tax", at(9, 0, day=tuesday)) == "C001"


# Opening hours


@pytest.mark.parametrize(
    ("clock", "is_open"),
    [
        (time(8, 29, 59), False),
        (time(8, 30), True),
        (time(12, 0), True),
        (time(17, 29, 59), True),
        (time(17, 30), False),
        (time(2, 0), False),
    ],
)
def test_opening_hours(hall: Hall, clock: time, is_open: bool) -> None:
    now = at(clock.hour, clock.minute, clock.second)
    assert hall.is_open(now) is is_open
    if is_open:
        assert issue(hall, "id_card", now) == "A001"
    else:
        err = assert_refused(hall, "hall_closed", hall.issue, "id_card", now)
        assert err.placeholders == {"open": "08:30", "close": "17:30"}


def test_days_of_week() -> None:
    hall = make_hall(HallSettings(open_days=frozenset(range(5))))  # Monday to Friday
    friday, saturday, sunday = date(2025, 3, 7), date(2025, 3, 8), date(2025, 3, 9)
    assert hall.is_open(at(10, day=friday))
    assert not hall.is_open(at(10, day=saturday))
    assert not hall.is_open(at(10, day=sunday))
    assert_refused(hall, "hall_closed", hall.issue, "id_card", at(10, day=saturday))


def test_open_across_midnight() -> None:
    # Friday nights only, 20:00 to 02:00: the small hours of Saturday belong to Friday.
    settings = HallSettings(open_time=time(20, 0), close_time=time(2, 0), open_days=frozenset({4}))
    hall = make_hall(settings)
    thursday, friday, saturday = date(2025, 3, 6), date(2025, 3, 7), date(2025, 3, 8)
    assert not hall.is_open(at(19, 59, day=friday))
    assert hall.is_open(at(20, 0, day=friday))
    assert hall.is_open(at(23, 59, day=friday))
    assert hall.is_open(at(0, 0, day=saturday))
    assert hall.is_open(at(1, 59, 59, day=saturday))
    assert not hall.is_open(at(2, 0, day=saturday))
    assert not hall.is_open(at(12, 0, day=saturday))
    assert not hall.is_open(at(21, 0, day=saturday))
    assert not hall.is_open(at(1, 0, day=friday))  # Thursday night: closed
    assert not hall.is_open(at(21, 0, day=thursday))
    err = assert_refused(hall, "hall_closed", hall.issue, "id_card", at(3, 0, day=saturday))
    assert err.placeholders == {"open": "20:00", "close": "02:00"}


def test_equal_times_mean_open_all_day_on_open_days() -> None:
    hall = make_hall(HallSettings(open_time=time(0, 0), close_time=time(0, 0), open_days=frozenset({0})))
    assert hall.is_open(at(0, 0))
    assert hall.is_open(at(23, 59, 59))
    assert not hall.is_open(at(0, 0, day=date(2025, 3, 4)))


# What a citizen is told


def test_ticket_info(open_hall: Hall) -> None:
    hall = open_hall
    for minute in range(3):
        issue(hall, "id_card", at(9, minute))
    info = hall.ticket_info("a003", at(9, 5))
    assert (info.number, info.service, info.state, info.ahead, info.window) == (
        "A003",
        "id_card",
        TicketState.WAITING,
        2,
        None,
    )
    # Nothing has changed since A003 was issued: its estimate is still the one it was given.
    assert info.estimate is not None
    assert round(info.estimate.point, 2) == hall.ticket("A003").estimate_at_issue
    first = hall.ticket_info("A001", at(9, 5)).estimate
    assert first is not None
    assert first.point <= info.estimate.point
    assert info.as_dict() == {
        "ticket": "A003",
        "service": "id_card",
        "state": "waiting",
        "people_ahead": 2,
        "estimated_wait": info.estimate.rounded() if info.estimate else None,
        "window": None,
    }
    call(hall, 1, at(9, 6))
    called = hall.ticket_info("A001", at(9, 6))
    assert (called.state, called.ahead, called.estimate, called.window) == (TicketState.CALLED, 0, None, 1)
    assert called.as_dict()["estimated_wait"] is None
    assert hall.ticket_info("A003", at(9, 6)).ahead == 1
    assert_refused(hall, "unknown_ticket", hall.ticket_info, "A009", NOW)


def test_priority_ticket_has_nobody_ahead(open_hall: Hall) -> None:
    issue(open_hall, "id_card", at(9, 0))
    issue(open_hall, "id_card", at(9, 1), priority=True)
    assert open_hall.ticket_info("A002", at(9, 2)).ahead == 0
    assert open_hall.ticket_info("A001", at(9, 2)).ahead == 1


def test_longest_wait(open_hall: Hall) -> None:
    assert open_hall.longest_wait(None, NOW) == 0.0
    issue(open_hall, "id_card", at(9, 0))
    issue(open_hall, "social", at(9, 4))
    assert open_hall.longest_wait("id_card", at(9, 10)) == 10.0
    assert open_hall.longest_wait("social", at(9, 10)) == 6.0
    assert open_hall.longest_wait(None, at(9, 10)) == 10.0
    assert open_hall.longest_wait("tax", at(9, 10)) == 0.0
