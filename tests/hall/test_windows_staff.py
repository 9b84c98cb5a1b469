"""Windows (open, pause with a reason, resume, close) and staff signing in and out."""

from __future__ import annotations

from custom_components.service_hall.hall import Hall, TicketState, WindowStatus
from custom_components.service_hall.hall.events import EventKind
from custom_components.service_hall.hall.model import WindowState

from .conftest import NOW, assert_refused, at, call, issue, run, snapshot

# Windows


def test_a_window_starts_closed_and_cannot_call(hall: Hall) -> None:
    assert hall.window_status(1) is WindowStatus.CLOSED
    issue(hall, "id_card")
    err = assert_refused(hall, "window_closed", hall.call_next, 1, NOW)
    assert err.placeholders == {"window": "1"}


def test_open_pause_resume_close(hall: Hall) -> None:
    (event,) = run(hall, hall.open_window(1, at(8, 30)))
    assert (event.kind, event.window, event.at) == (EventKind.OPEN, 1, at(8, 30))
    assert hall.window_status(1) is WindowStatus.IDLE

    (event,) = run(hall, hall.pause_window(1, "午休", at(12, 0)))
    assert (event.kind, event.window, event.reason) == (EventKind.PAUSE, 1, "午休")
    assert hall.window_status(1) is WindowStatus.PAUSED
    assert hall.window_state(1).pause_reason == "午休"

    (event,) = run(hall, hall.resume_window(1, at(13, 0)))
    assert (event.kind, event.window) == (EventKind.RESUME, 1)
    assert hall.window_status(1) is WindowStatus.IDLE
    assert hall.window_state(1).pause_reason is None

    (event,) = run(hall, hall.close_window(1, at(17, 30)))
    assert (event.kind, event.window) == (EventKind.CLOSE, 1)
    assert hall.window_status(1) is WindowStatus.CLOSED


def test_idempotent_window_commands_answer_nothing(hall: Hall) -> None:
    assert hall.close_window(1, NOW) == []
    assert hall.resume_window(1, NOW) == []
    run(hall, hall.open_window(1, NOW))
    assert hall.open_window(1, NOW) == []
    assert hall.resume_window(1, NOW) == []
    run(hall, hall.pause_window(1, "会议", NOW))
    assert hall.pause_window(1, "会议", NOW) == []
    assert hall.open_window(1, NOW) == []  # open already, even though paused
    (event,) = run(hall, hall.pause_window(1, "午休", NOW))  # a new reason is news
    assert hall.window_state(1).pause_reason == "午休"
    assert event.reason == "午休"


def test_a_paused_window_cannot_call(hall: Hall) -> None:
    run(hall, hall.open_window(1, NOW))
    run(hall, hall.pause_window(1, "系统维护", NOW))
    issue(hall, "id_card")
    err = assert_refused(hall, "window_paused", hall.call_next, 1, at(9, 1))
    assert err.placeholders == {"window": "1", "reason": "系统维护"}
    run(hall, hall.resume_window(1, at(9, 2)))
    assert call(hall, 1, at(9, 3)) == "A001"


def test_pausing_a_closed_window_is_refused(hall: Hall) -> None:
    assert_refused(hall, "window_closed", hall.pause_window, 1, "午休", NOW)


def test_closing_clears_a_pause(hall: Hall) -> None:
    run(hall, hall.open_window(1, NOW))
    run(hall, hall.pause_window(1, "午休", NOW))
    run(hall, hall.close_window(1, at(9, 1)))
    assert hall.window_state(1) == WindowState(number=1)
    run(hall, hall.open_window(1, at(9, 2)))
    assert hall.window_status(1) is WindowStatus.IDLE


def test_closing_a_busy_window_is_refused(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card")
    call(hall, 1, at(9, 1))
    err = assert_refused(hall, "window_busy", hall.close_window, 1, at(9, 2))
    assert err.placeholders == {"window": "1", "ticket": "A001"}
    run(hall, hall.start(at(9, 3), window=1))
    assert_refused(hall, "window_busy", hall.close_window, 1, at(9, 4))
    run(hall, hall.complete(at(9, 5), window=1))
    run(hall, hall.close_window(1, at(9, 6)))
    assert hall.window_status(1) is WindowStatus.CLOSED


def test_a_busy_window_may_pause_and_still_finish(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card")
    issue(hall, "id_card")
    call(hall, 1, at(9, 1))
    run(hall, hall.start(at(9, 2), window=1))
    run(hall, hall.pause_window(1, "临时离开", at(9, 3)))
    assert hall.window_status(1) is WindowStatus.PAUSED
    assert_refused(hall, "window_paused", hall.call_next, 1, at(9, 4))
    run(hall, hall.complete(at(9, 5), window=1))
    assert hall.ticket("A001").state is TicketState.DONE
    assert hall.window_status(1) is WindowStatus.PAUSED


def test_unknown_windows_are_refused(hall: Hall) -> None:
    for command, args in [
        (hall.open_window, (9, NOW)),
        (hall.close_window, (9, NOW)),
        (hall.pause_window, (9, "x", NOW)),
        (hall.resume_window, (9, NOW)),
        (hall.call_next, (9, NOW)),
        (hall.sign_in, (9, "S001", NOW)),
        (hall.window_state, (9,)),
    ]:
        err = assert_refused(hall, "unknown_window", command, *args)
        assert err.placeholders == {"window": "9"}
    assert_refused(hall, "unknown_window", hall.sign_out, NOW, window=9)


def test_queries_leave_the_state_alone(hall: Hall) -> None:
    before = snapshot(hall)
    issue_events = hall.issue("social", NOW)
    assert hall.window_status(3) is WindowStatus.CLOSED
    assert hall.current_ticket(3) is None
    assert hall.window_state(2).open is False
    assert hall.estimate("social", NOW) is None
    assert hall.sign_out(NOW, window=1) == []
    assert hall.due(NOW) == []
    assert hall.closing_events(NOW) == []
    assert issue_events
    assert snapshot(hall) == before
    assert hall.state.windows == {}


# Staff


def test_sign_in_and_out_by_window(hall: Hall) -> None:
    (event,) = run(hall, hall.sign_in(1, "S001", NOW))
    assert (event.kind, event.window, event.staff) == (EventKind.SIGN_IN, 1, "S001")
    assert hall.window_state(1).staff == "S001"
    assert hall.state.staff_window == {"S001": 1}
    assert hall.sign_in(1, "S001", at(9, 1)) == []
    (event,) = run(hall, hall.sign_out(at(12, 0), window=1))
    assert (event.kind, event.window, event.staff) == (EventKind.SIGN_OUT, 1, "S001")
    assert hall.window_state(1).staff is None
    assert hall.state.staff_window == {}
    assert hall.sign_out(at(12, 1), window=1) == []


def test_sign_out_by_staff_number(hall: Hall) -> None:
    run(hall, hall.sign_in(2, "S002", NOW))
    assert_refused(hall, "staff_not_at_window", hall.sign_out, NOW, window=1, staff="S002")
    (event,) = run(hall, hall.sign_out(at(9, 1), window=2, staff="S002"))
    assert (event.window, event.staff) == (2, "S002")
    run(hall, hall.sign_in(2, "S002", at(9, 2)))
    (event,) = run(hall, hall.sign_out(at(9, 3), staff="S002"))
    assert (event.window, event.staff) == (2, "S002")
    assert hall.sign_out(at(9, 4), staff="S002") == []  # not signed in anywhere


def test_sign_out_refusals(hall: Hall) -> None:
    assert_refused(hall, "window_or_staff_required", hall.sign_out, NOW)
    assert_refused(hall, "unknown_staff", hall.sign_out, NOW, staff="S999")
    err = assert_refused(hall, "unknown_staff", hall.sign_in, 1, "S999", NOW)
    assert err.placeholders == {"staff": "S999"}


def test_signing_in_at_another_window_moves_the_staff_member(hall: Hall) -> None:
    run(hall, hall.sign_in(1, "S001", NOW))
    run(hall, hall.sign_in(2, "S001", at(10, 0)))
    assert hall.window_state(1).staff is None
    assert hall.window_state(2).staff == "S001"
    assert hall.state.staff_window == {"S001": 2}


def test_a_second_person_replaces_the_first(hall: Hall) -> None:
    run(hall, hall.sign_in(1, "S001", NOW))
    run(hall, hall.sign_in(2, "S002", NOW))
    run(hall, hall.sign_in(1, "S002", at(10, 0)))
    assert hall.window_state(1).staff == "S002"
    assert hall.window_state(2).staff is None
    assert hall.state.staff_window == {"S002": 1}
    assert hall.sign_out(at(10, 1), staff="S001") == []


def test_tickets_are_credited_to_the_officer_who_called_them(open_hall: Hall) -> None:
    hall = open_hall
    issue(hall, "id_card", at(9, 0))
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 1))
    run(hall, hall.start(at(9, 2), window=1))
    run(hall, hall.sign_in(1, "S002", at(9, 3)))  # S002 takes over window 1 (from window 2)
    run(hall, hall.complete(at(9, 5), window=1))
    call(hall, 1, at(9, 6))
    assert (hall.ticket("A001").staff, hall.ticket("A002").staff) == ("S001", "S002")
    stats = hall.state.stats
    assert (stats.staff["S001"].served, stats.staff["S001"].handling) == (1, [3.0])
    assert stats.staff["S002"].waits == [6.0]
    assert hall.state.staff_window == {"S002": 1, "S003": 3}
