"""Appointments: booking, check-in window, cancellation, and their place in the queue."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta

import pytest

from custom_components.service_hall.hall import Hall, HallError, HallSettings, TicketState, parse_layout
from custom_components.service_hall.hall.events import EventKind
from custom_components.service_hall.hall.model import Appointment
from custom_components.service_hall.hall.state import HallState

from .conftest import (
    DAY,
    LAYOUT_DATA,
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

TUESDAY = date(2025, 3, 4)


def booked(
    hall: Hall, start: datetime, code: str, *, service: str = "id_card", end: datetime | None = None
) -> None:
    """Book a slot at 08:00 of the test day."""
    run(hall, hall.book(service, start, at(8, 0), end=end, code=code))


def test_book_with_the_default_slot(hall: Hall) -> None:
    before = snapshot(hall)
    (event,) = hall.book("id_card", at(10, 0), NOW, reference="WX-7781", code="123456")
    assert snapshot(hall) == before
    assert (event.kind, event.appointment, event.service, event.start, event.end, event.reference) == (
        EventKind.BOOK,
        "123456",
        "id_card",
        at(10, 0),
        at(10, 30),
        "WX-7781",
    )
    run(hall, [event])
    assert hall.state.appointments == {
        "123456": Appointment(
            code="123456", service="id_card", start=at(10, 0), end=at(10, 30), reference="WX-7781"
        )
    }


def test_book_draws_a_six_digit_code_that_is_free(hall: Hall) -> None:
    (event,) = run(hall, hall.book("social", at(10, 0), NOW, end=at(11, 0)))
    assert event.appointment is not None
    assert len(event.appointment) == 6 and event.appointment.isdigit()
    assert event.reference is None
    appointment = hall.state.appointments[event.appointment]
    assert (appointment.end, appointment.reference, appointment.ticket, appointment.cancelled) == (
        at(11, 0),
        "",
        None,
        False,
    )
    codes = {e.appointment for _ in range(20) for e in run(hall, hall.book("social", at(10, 0), NOW))}
    assert len(codes) == 20 and event.appointment not in codes


def test_book_refusals(hall: Hall) -> None:
    assert_refused(hall, "unknown_service", hall.book, "visa", at(10, 0), NOW)
    assert_refused(hall, "appointment_bad_slot", hall.book, "id_card", at(10, 0), NOW, end=at(10, 0))
    assert_refused(hall, "appointment_bad_slot", hall.book, "id_card", at(10, 0), NOW, end=at(9, 30))
    assert_refused(hall, "appointment_in_past", hall.book, "id_card", at(8, 0), NOW)  # ends 08:30
    assert_refused(hall, "appointment_in_past", hall.book, "id_card", at(8, 30), NOW)  # ends 09:00, now
    booked(hall, at(10, 0), "123456")
    err = assert_refused(hall, "appointment_code_taken", hall.book, "social", at(11, 0), NOW, code="123456")
    assert err.placeholders == {"code": "123456"}


def test_a_slot_under_way_can_still_be_booked(hall: Hall) -> None:
    (event,) = run(hall, hall.book("id_card", at(8, 45), NOW, code="111111"))
    assert event.end == at(9, 15)


def test_check_in_issues_a_ticket_numbered_with_the_walk_ins(hall: Hall) -> None:
    booked(hall, at(10, 0), "123456")
    issue(hall, "passport", at(9, 0))  # A001
    before = snapshot(hall)
    (event,) = hall.check_in(" 123456 ", at(9, 40))
    assert snapshot(hall) == before
    assert (
        event.kind,
        event.ticket,
        event.prefix,
        event.seq,
        event.service,
        event.appointment,
        event.source,
    ) == (
        EventKind.CHECK_IN,
        "A002",
        "A",
        2,
        "id_card",
        "123456",
        "appointment",
    )
    run(hall, [event])
    ticket = hall.ticket("A002")
    assert (ticket.state, ticket.appointment, ticket.appointment_start, ticket.source) == (
        TicketState.WAITING,
        "123456",
        at(10, 0),
        "appointment",
    )
    assert ticket.arrival_at == at(9, 40)
    assert hall.state.appointments["123456"].ticket == "A002"
    assert issue(hall, "id_card", at(9, 41)) == "A003"
    assert hall.state.stats.issued == 3


@pytest.mark.parametrize(
    ("when", "key"),
    [
        (at(9, 29, 59), "appointment_too_early"),
        (at(9, 30), None),
        (at(10, 15), None),
        (at(10, 45), None),
    ],
)
def test_check_in_window(hall: Hall, when: datetime, key: str | None) -> None:
    # Slot 10:00-10:30: check-in from 30 minutes before its start to 15 after its end.
    booked(hall, at(10, 0), "123456")
    if key is None:
        # The preview (a kiosk asks before its guide) agrees and changes nothing.
        assert hall.check_in_preview("123456", when)[1] == "appointment"
        assert hall.state.appointments["123456"].ticket is None and not hall.state.tickets
        run(hall, hall.check_in("123456", when))
        assert hall.state.appointments["123456"].ticket == "A001"
        assert hall.ticket("A001").source == "appointment"
        assert hall.ticket("A001").appointment_start == at(10, 0)
    else:
        for command in (hall.check_in, hall.check_in_preview):
            err = assert_refused(hall, key, command, "123456", when)
            assert err.placeholders == {"code": "123456", "start": "10:00", "opens": "09:30"}


def test_a_late_arrival_joins_as_a_walk_in(hall: Hall) -> None:
    # Past 15 minutes after its slot's end the citizen still gets a ticket, behind the walk-ins
    # already waiting, and the booking is used up (it cannot check in twice).
    booked(hall, at(10, 0), "123456")
    issue(hall, "id_card", at(10, 40))
    assert hall.check_in_preview("123456", at(10, 45, 1))[1] == "appointment_late"
    run(hall, hall.check_in("123456", at(10, 45, 1)))
    late = hall.ticket("A002")
    assert (late.source, late.appointment, late.appointment_start) == ("appointment_late", "123456", None)
    assert hall.state.appointments["123456"].ticket == "A002"
    assert_refused(hall, "appointment_checked_in", hall.check_in, "123456", at(10, 46))
    staffed(hall, at(10, 46))
    assert call(hall, 1, at(10, 47)) == "A001"
    assert call(hall, 2, at(10, 47)) == "A002"


def test_a_late_arrival_after_closing_is_refused(hall: Hall) -> None:
    booked(hall, at(16, 30), "123456")
    assert_refused(hall, "hall_closed", hall.check_in, "123456", at(17, 30))
    assert_refused(hall, "hall_closed", hall.check_in_preview, "123456", at(17, 30))


def test_an_appointment_in_time_goes_ahead_of_walk_ins(hall: Hall) -> None:
    booked(hall, at(10, 0), "123456")
    issue(hall, "id_card", at(10, 0))
    run(hall, hall.check_in("123456", at(10, 5)))
    staffed(hall, at(10, 6))
    assert call(hall, 1, at(10, 7)) == "A002"


def test_check_in_window_is_tunable() -> None:
    hall = make_hall(HallSettings(appointment_early=5, appointment_late=0))
    booked(hall, at(10, 0), "123456")
    assert_refused(hall, "appointment_too_early", hall.check_in, "123456", at(9, 54, 59))
    run(hall, hall.check_in("123456", at(10, 30, 1)))
    assert hall.ticket("A001").source == "appointment_late"


def test_check_in_window_per_service() -> None:
    # Tax keeps its own window (60 before, none after); the others keep the hall's (30, 15).
    data = copy.deepcopy(LAYOUT_DATA)
    tax = next(s for s in data["services"] if s["id"] == "tax")
    tax.update(appointment_early=60, appointment_late=0)
    hall = Hall(HallSettings(), parse_layout(data), HallState(DAY))
    assert hall.check_in_window("tax") == (timedelta(minutes=60), timedelta(0))
    assert hall.check_in_window("id_card") == (timedelta(minutes=30), timedelta(minutes=15))
    assert parse_layout(hall.layout.to_dict()) == hall.layout
    booked(hall, at(10, 0), "100001", service="tax")
    booked(hall, at(10, 0), "100002")
    run(hall, hall.check_in("100001", at(9, 0)))
    assert_refused(hall, "appointment_too_early", hall.check_in, "100002", at(9, 0))
    booked(hall, at(9, 0), "100003", service="tax")
    booked(hall, at(9, 0), "100004")
    run(hall, hall.check_in("100003", at(9, 30, 1)))
    run(hall, hall.check_in("100004", at(9, 30, 1)))
    sources = {t.appointment: t.source for t in hall.state.tickets.values()}
    assert sources["100003"] == "appointment_late"
    assert sources["100004"] == "appointment"


def test_check_in_refusals(hall: Hall) -> None:
    assert_refused(hall, "unknown_appointment", hall.check_in, "000000", NOW)
    booked(hall, at(10, 0), "100001")
    booked(hall, at(10, 0, day=TUESDAY), "100002")
    booked(hall, at(10, 0), "100003")
    err = assert_refused(hall, "appointment_not_today", hall.check_in, "100002", at(9, 40))
    assert err.placeholders == {"code": "100002", "date": "2025-03-04"}
    run(hall, hall.cancel_appointment("100003", at(9, 0)))
    assert_refused(hall, "appointment_cancelled", hall.check_in, "100003", at(9, 40))
    run(hall, hall.check_in("100001", at(9, 40)))
    err = assert_refused(hall, "appointment_checked_in", hall.check_in, "100001", at(9, 41))
    assert err.placeholders == {"code": "100001", "ticket": "A001"}


def test_check_in_is_not_refused_outside_opening_hours(hall: Hall) -> None:
    # Design as built: a booked citizen is not turned away before the hall opens (see the report).
    booked(hall, at(8, 45), "100001")
    assert not hall.is_open(at(8, 20))
    run(hall, hall.check_in("100001", at(8, 20)))
    assert hall.ticket("A001").appointment == "100001"


def test_check_in_is_not_refused_by_the_daily_cap_nor_counts_towards_it(hall: Hall) -> None:
    # Tax is capped at 3 walk-in tickets a day; a booked slot neither hits nor uses up the cap.
    booked(hall, at(9, 30), "100001", service="tax")
    for minute in range(2):
        issue(hall, "tax", at(9, minute))
    run(hall, hall.check_in("100001", at(9, 10)))
    assert hall.ticket("C003").appointment == "100001"
    assert hall.state.issued["tax"] == 2
    issue(hall, "tax", at(9, 11))
    assert_refused(hall, "daily_cap_reached", hall.issue, "tax", at(9, 12))


def test_a_slot_in_the_small_hours_belongs_to_the_service_day_it_follows(hall: Hall) -> None:
    # The day rolls over at 03:00: a 02:00 Tuesday slot is Monday's.
    run(hall, hall.book("id_card", at(2, 0, day=TUESDAY), NOW, code="100001"))
    assert [a.code for a in hall.appointments_today()] == ["100001"]
    run(hall, hall.check_in("100001", at(1, 45, day=TUESDAY)))


def test_cancel_appointment(hall: Hall) -> None:
    booked(hall, at(10, 0), "100001")
    (event,) = run(hall, hall.cancel_appointment("100001", at(9, 0)))
    assert (event.kind, event.appointment, event.ticket) == (EventKind.CANCEL, "100001", None)
    assert hall.state.appointments["100001"].cancelled is True
    assert hall.state.stats.cancelled == 0  # tickets only
    assert hall.cancel_appointment("100001", at(9, 1)) == []
    assert_refused(hall, "unknown_appointment", hall.cancel_appointment, "100009", NOW)
    booked(hall, at(10, 0), "100002")
    run(hall, hall.check_in("100002", at(9, 40)))
    assert_refused(hall, "appointment_checked_in", hall.cancel_appointment, "100002", at(9, 41))


def test_appointments_today_by_slot(hall: Hall) -> None:
    booked(hall, at(15, 0), "100001")
    booked(hall, at(10, 0, day=TUESDAY), "100002")
    booked(hall, at(9, 30), "100003")
    run(hall, hall.cancel_appointment("100003", at(8, 1)))
    # Cancelled slots stay in the list (the big screen shows them as cancelled).
    assert [a.code for a in hall.appointments_today()] == ["100003", "100001"]


def test_appointment_goes_ahead_of_walk_ins_once_its_slot_begins() -> None:
    hall = staffed(make_hall())
    booked(hall, at(9, 30), "100001")
    issue(hall, "id_card", at(9, 0))  # A001 walk-in
    issue(hall, "id_card", at(9, 5))  # A002 walk-in
    run(hall, hall.check_in("100001", at(9, 10)))  # A003, slot 09:30
    # Before its slot the appointment is one more walk-in: those who came earlier go first.
    assert call(hall, 1, at(9, 20)) == "A001"
    run(hall, hall.complete(at(9, 29, 59), window=1))
    # Once its slot has begun it goes ahead of the walk-in who came before it.
    assert call(hall, 1, at(9, 30)) == "A003"
    run(hall, hall.complete(at(9, 31), window=1))
    assert call(hall, 1, at(9, 32)) == "A002"


def test_appointment_before_its_slot_is_not_ahead_of_earlier_walk_ins() -> None:
    hall = staffed(make_hall())
    booked(hall, at(10, 0), "100001")
    issue(hall, "id_card", at(9, 31))  # A001
    run(hall, hall.check_in("100001", at(9, 35)))  # A002
    assert hall.ticket_info("A002", at(9, 40)).ahead == 1
    assert hall.ticket_info("A002", at(10, 0)).ahead == 0
    assert hall.ticket_info("A001", at(10, 0)).ahead == 1
    assert call(hall, 2, at(9, 40)) == "A001"


def test_priority_lane_before_appointments() -> None:
    hall = staffed(make_hall())
    booked(hall, at(9, 0), "100001")
    run(hall, hall.check_in("100001", at(8, 50)))  # A001
    issue(hall, "id_card", at(9, 5), priority=True)  # A002
    assert call(hall, 1, at(9, 10)) == "A002"


def test_an_appointment_ticket_lives_like_any_other(hall: Hall) -> None:
    booked(hall, at(9, 0), "100001")
    run(hall, hall.check_in("100001", at(8, 50)))
    staffed(hall, at(8, 55))
    assert call(hall, 1, at(9, 0)) == "A001"
    run(hall, hall.no_show(at(9, 5), window=1))
    run(hall, hall.reactivate("A001", at(9, 20)))
    assert call(hall, 2, at(9, 21)) == "A001"
    run(hall, hall.complete(at(9, 25), window=2))
    run(hall, hall.rate("A001", 4, at(9, 26)))
    assert hall.ticket("A001").state is TicketState.DONE
    assert hall.state.appointments["100001"].ticket == "A001"


def test_booking_far_ahead_spans_days(hall: Hall) -> None:
    start = at(10, 0) + timedelta(days=30)
    (event,) = run(hall, hall.book("id_card", start, NOW, code="100001"))
    assert event.start == start
    assert hall.appointments_today() == []


@pytest.mark.parametrize("value", [-1, 1441, float("inf"), float("nan"), "30", True])
def test_a_service_check_in_window_must_be_minutes_of_a_day(value: object) -> None:
    data = copy.deepcopy(LAYOUT_DATA)
    data["services"][0]["appointment_late"] = value
    with pytest.raises(HallError) as info:
        parse_layout(data)
    assert info.value.placeholders == {
        "where": "services[0].appointment_late",
        "problem": "minutes from 0 to 1440",
    }
