"""The event log: JSON round trip, replay of a whole day (a restart loses nothing), and rollover."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from custom_components.service_hall.hall import (
    AlertKind,
    AlertRaised,
    DispatchClass,
    Hall,
    HallError,
    HallEvent,
    HallSettings,
    StaffState,
    StateChange,
    TicketState,
    WindowStatus,
)
from custom_components.service_hall.hall.carry import carry_over, day_start
from custom_components.service_hall.hall.events import EventKind
from custom_components.service_hall.hall.model import Appointment
from custom_components.service_hall.hall.state import HallState

from .conftest import (
    DAY,
    assert_same_state,
    at,
    call,
    check_invariants,
    issue,
    make_hall,
    make_layout,
    replayed,
    run,
    through_json,
)

SUNDAY = DAY - timedelta(days=1)
TUESDAY = DAY + timedelta(days=1)
WEDNESDAY = DAY + timedelta(days=2)


def monday_hall(settings: HallSettings | None = None) -> Hall:
    """Monday's hall after Sunday's rollover, with appointments booked on Sunday."""
    hall = make_hall(settings, day=SUNDAY)
    sunday = at(10, 0, day=SUNDAY)
    run(hall, hall.book("id_card", at(10, 0), sunday, code="200001", reference="WX-1"))
    run(hall, hall.book("social", at(14, 0), sunday, code="200002"))
    run(hall, hall.book("tax", at(9, 0, day=TUESDAY), sunday, code="200003"))
    run(hall, hall.book("passport", at(11, 0), sunday, code="200004"))
    run(hall, hall.book("id_card", at(9, 30), sunday, code="200005"))
    run(hall, hall.cancel_appointment("200005", sunday))
    rollover = at(3, 0)
    assert hall.needs_rollover(rollover)
    run(hall, hall.closing_events(rollover))
    hall.state = hall.next_day(rollover)
    return hall


def staff_state(
    hall: Hall,
    window: int,
    staff: str | None,
    state: StaffState,
    now: datetime,
    since: datetime | None = None,
) -> None:
    """Log a seat monitor's state change (the previous state does not go into the log)."""
    change = StateChange(
        window=window, staff=staff, state=state, previous=StaffState.UNKNOWN, at=now, since=since or now
    )
    run(hall, hall.record_state(change))


def alert(hall: Hall, window: int, staff: str, kind: AlertKind, started: datetime, now: datetime) -> str:
    """Log a seat monitor's alert; answer its id."""
    raised = AlertRaised(
        window=window,
        staff=staff,
        kind=kind,
        started=started,
        at=now,
        duration=(now - started).total_seconds(),
    )
    (event,) = run(hall, hall.record_alert(raised, frigate_event=f"{now.timestamp()}-x", camera="hall"))
    assert event.alert_id is not None
    return event.alert_id


def long_day(hall: Hall, checkpoints: dict[str, Hall] | None = None) -> None:
    """A busy Monday using every kind of event; deep copies of the hall at named times."""

    def checkpoint(name: str) -> None:
        if checkpoints is not None:
            checkpoints[name] = copy.deepcopy(hall)

    for window in (1, 2, 3, 4):
        run(hall, hall.open_window(window, at(8, 25)))
    for window, person in ((1, "S001"), (2, "S002"), (3, "S003")):
        run(hall, hall.sign_in(window, person, at(8, 25)))
        staff_state(hall, window, person, StaffState.PRESENT, at(8, 25, 40))
    a001 = issue(hall, "id_card", at(8, 30), source="kiosk")
    b001 = issue(hall, "social", at(8, 30, 10), source="tablet")
    a002 = issue(hall, "passport", at(8, 31), priority=True)
    assert call(hall, 1, at(8, 32)) == a002
    assert call(hall, 2, at(8, 32)) == a001
    run(hall, hall.recall(at(8, 33), window=1))
    run(hall, hall.start(at(8, 33), window=2))
    assert call(hall, 3, at(8, 34)) == b001
    run(hall, hall.start(at(8, 35), window=1))
    run(hall, hall.start(at(8, 35), window=3))
    c001 = issue(hall, "tax", at(8, 36))
    c002 = issue(hall, "tax", at(8, 36, 30))
    assert call(hall, 4, at(8, 38)) == c001
    run(hall, hall.complete(at(8, 40), window=4))
    run(hall, hall.complete(at(8, 40), window=2))
    run(hall, hall.rate(a001, 5, at(8, 40, 30)))
    assert hall.call_next(2, at(8, 41)) == []
    a003 = issue(hall, "id_card", at(8, 41))
    a004 = issue(hall, "id_card", at(8, 41, 20))
    assert call(hall, 2, at(8, 42)) == a003
    run(hall, hall.recall(at(8, 43), window=2))
    run(hall, hall.recall(at(8, 45), window=2))
    checkpoint("08:45")
    assert hall.due(at(8, 47)) == []
    assert [e.ticket for e in run(hall, hall.due(at(8, 50, 30)))] == [a003]
    assert call(hall, 2, at(8, 51)) == a004
    run(hall, hall.reactivate(a003, at(8, 52)))
    finish_and_call = run(hall, hall.call_next(1, at(8, 53)))
    assert [(e.kind, e.ticket) for e in finish_and_call] == [(EventKind.FINISH, a002), (EventKind.CALL, a003)]
    run(hall, hall.rate(a002, 4, at(8, 54)))
    run(hall, hall.start(at(8, 55), window=1))
    run(hall, hall.transfer(at(8, 55), window=3, target_service="id_card", target_window=2))
    run(hall, hall.no_show(at(8, 56), window=2))
    run(hall, hall.cancel(a004, at(8, 57)))
    assert call(hall, 2, at(8, 58)) == b001
    run(hall, hall.pause_window(4, "午休", at(9, 0)))
    b002 = issue(hall, "social", at(9, 1))
    b003 = issue(hall, "social", at(9, 1, 30))
    run(hall, hall.cancel(b003, at(9, 1, 45)))
    assert call(hall, 3, at(9, 2)) == c002  # 25.5 minutes x 0.2 outweighs B002's minute
    run(hall, hall.start(at(9, 3), window=3))
    run(hall, hall.transfer(at(9, 4), window=3, target_service="passport"))
    assert call(hall, 3, at(9, 5)) == b002
    run(hall, hall.complete(at(9, 6), window=3))
    run(hall, hall.rate(b002, 3, at(9, 6)))
    staff_state(hall, 2, "S002", StaffState.AWAY, at(9, 6, 30), since=at(9, 6))  # S002 left at 09:06
    run(hall, hall.resume_window(4, at(9, 10)))
    assert hall.call_next(4, at(9, 11)) == []
    assert alert(hall, 2, "S002", AlertKind.AWAY, at(9, 6), at(9, 11)) == "W02-001"
    run(hall, hall.sign_out(at(9, 12), staff="S003"))
    staff_state(hall, 3, None, StaffState.SIGNED_OUT, at(9, 12))
    run(hall, hall.sign_in(4, "S003", at(9, 13)))
    run(hall, hall.sign_in(3, "S001", at(9, 13)))  # S001 moves; A003 stays theirs
    staff_state(hall, 1, None, StaffState.SIGNED_OUT, at(9, 13))
    staff_state(hall, 3, "S001", StaffState.PRESENT, at(9, 13))
    staff_state(hall, 2, "S002", StaffState.PRESENT, at(9, 14))  # back after 8 minutes
    run(hall, hall.acknowledge("W02-001", at(9, 15), by="值班长"))
    run(hall, hall.complete(at(9, 15), window=1))
    run(hall, hall.complete(at(9, 15), window=2))
    run(hall, hall.rate(b001, 5, at(9, 15)))
    run(hall, hall.close_window(3, at(9, 16)))
    checkpoint("09:16")
    run(hall, hall.book("id_card", at(16, 0), at(9, 20), code="300001"))
    staff_state(hall, 3, "S001", StaffState.PHONE, at(9, 20, 10), since=at(9, 20))
    assert alert(hall, 3, "S001", AlertKind.PHONE, at(9, 20), at(9, 21)) == "W03-002"
    staff_state(hall, 3, "S001", StaffState.PRESENT, at(9, 22))
    run(hall, hall.book("social", at(9, 0, day=WEDNESDAY), at(9, 20), code="300002", reference="tel"))
    (check_in,) = run(hall, hall.check_in("200001", at(9, 45)))
    run(hall, hall.cancel_appointment("200002", at(9, 46)))
    walk_in = issue(hall, "id_card", at(9, 50))
    run(hall, hall.sign_in(1, "S001", at(9, 55)))
    assert call(hall, 1, at(10, 0)) == c002  # returning, ahead of the appointment
    assert call(hall, 2, at(10, 0)) == check_in.ticket  # its slot has begun
    run(hall, hall.complete(at(10, 5), window=1))
    run(hall, hall.complete(at(10, 5), window=2))
    run(hall, hall.rate(c002, 2, at(10, 6)))
    assert call(hall, 2, at(10, 10)) == walk_in
    checkpoint("10:10")
    issue(hall, "social", at(12, 0))
    c003 = issue(hall, "tax", at(12, 0, 30))
    assert call(hall, 4, at(12, 1)) == c003
    run(hall, hall.recall(at(12, 2), ticket=c003, window=4))
    run(hall, hall.pause_window(1, "下班", at(17, 30)))
    run(hall, hall.sign_out(at(17, 31), window=1))
    checkpoint("17:31")
    closing = at(3, 0, day=TUESDAY)
    assert hall.needs_rollover(closing)
    expired = run(hall, hall.closing_events(closing))
    assert sorted(e.ticket or "" for e in expired) == sorted(["B004", c003, walk_in])
    checkpoint("end")


def test_a_long_day_uses_every_kind_of_event() -> None:
    hall = monday_hall()
    long_day(hall)
    assert {e.kind for e in hall.state.log} == set(EventKind)
    check_invariants(hall)
    states = {t.number: t.state for t in hall.state.tickets.values()}
    assert states == {
        "A001": TicketState.DONE,
        "B001": TicketState.DONE,
        "A002": TicketState.DONE,
        "C001": TicketState.DONE,
        "C002": TicketState.DONE,
        "A003": TicketState.DONE,
        "A004": TicketState.CANCELLED,
        "B002": TicketState.DONE,
        "B003": TicketState.CANCELLED,
        "A005": TicketState.DONE,
        "A006": TicketState.EXPIRED,
        "B004": TicketState.EXPIRED,
        "C003": TicketState.EXPIRED,
    }
    assert hall.state.counters == {"A": 6, "B": 4, "C": 3}
    summary = hall.state.stats.summary()
    assert {
        k: summary[k]
        for k in ("issued", "cancelled", "expired", "transferred", "reactivated", "served", "no_shows")
    } == {
        "issued": 13,
        "cancelled": 2,
        "expired": 3,
        "transferred": 2,
        "reactivated": 1,
        "served": 10,  # eight tickets done, two of them handled at two windows
        "no_shows": 2,
    }
    assert (summary["alerts"], summary["acknowledged"]) == (2, 1)
    assert summary["supervision"] == {
        "S001": {"away_minutes": 0.0, "phone_episodes": 1, "alerts": 1, "acknowledgements": 0},
        "S002": {"away_minutes": 8.0, "phone_episodes": 0, "alerts": 1, "acknowledgements": 1},
        "S003": {"away_minutes": 0.0, "phone_episodes": 0, "alerts": 0, "acknowledgements": 0},
    }
    assert hall.state.staff_states == {
        1: ("signed_out", at(9, 13)),
        2: ("present", at(9, 14)),
        3: ("present", at(9, 22)),
    }
    assert hall.state.alerts["W02-001"].acknowledged_by == "值班长"


def test_replaying_the_log_through_json_rebuilds_the_day_exactly() -> None:
    hall = monday_hall()
    start = carry_over(hall.state)
    long_day(hall)
    fresh = replayed(hall, start)
    assert_same_state(hall, fresh)
    assert fresh.state.stats.summary() == hall.state.stats.summary()
    for number in (1, 2, 3, 4):
        assert fresh.window_status(number) is hall.window_status(number)


def test_a_restart_at_any_time_of_the_day_loses_nothing() -> None:
    hall = monday_hall()
    start = carry_over(hall.state)
    checkpoints: dict[str, Hall] = {}
    long_day(hall, checkpoints)
    assert list(checkpoints) == ["08:45", "09:16", "10:10", "17:31", "end"]
    for then in checkpoints.values():
        fresh = Hall(hall.settings, make_layout(), day_start(json.loads(json.dumps(start))))
        fresh.apply(through_json(hall.state.log[: len(then.state.log)]))
        assert_same_state(then, fresh)
        check_invariants(fresh)
        # Both answer the next commands alike.
        now = then.state.log[-1].at + timedelta(minutes=1)
        for service in ("id_card", "social", "tax"):
            assert _answer(fresh.issue, service, now) == _answer(then.issue, service, now)
        for window in (1, 2, 3, 4):
            assert _answer(fresh.call_next, window, now) == _answer(then.call_next, window, now)
        assert fresh.due(now + timedelta(minutes=10)) == then.due(now + timedelta(minutes=10))


def _answer(
    command: Callable[[Any, datetime], list[HallEvent]], arg: Any, now: datetime
) -> list[HallEvent] | str:
    """A command's events, or the key of its refusal."""
    try:
        return command(arg, now)
    except HallError as err:
        return err.key


def test_replay_keeps_the_recorded_choices_whatever_the_policy_now() -> None:
    hall = monday_hall()
    start = carry_over(hall.state)
    long_day(hall)
    reversed_order = tuple(reversed(list(DispatchClass)))
    other = Hall(
        HallSettings(max_wait=0, dispatch_order=reversed_order, recall_limit=0),
        make_layout(),
        day_start(start),
    )
    other.apply(through_json(hall.state.log))
    assert_same_state(hall, other)


def test_event_json_round_trip() -> None:
    hall = monday_hall()
    long_day(hall)
    for event in hall.state.log:
        plain = event.to_dict()
        assert None not in plain.values()
        assert plain["kind"] == str(event.kind)
        assert isinstance(plain["at"], str)
        back = HallEvent.from_dict(json.loads(json.dumps(plain)))
        assert back == event
        assert back.at.utcoffset() == timedelta(hours=8)


def test_event_to_dict_by_hand() -> None:
    event = HallEvent(
        kind=EventKind.BOOK, at=at(9, 0), appointment="123456", service="tax", start=at(10, 0), end=at(10, 30)
    )
    assert event.to_dict() == {
        "kind": "book",
        "at": "2025-03-03T09:00:00+08:00",
        "appointment": "123456",
        "service": "tax",
        "start": "2025-03-03T10:00:00+08:00",
        "end": "2025-03-03T10:30:00+08:00",
    }
    issued = HallEvent(
        kind=EventKind.ISSUE, at=at(9, 0), ticket="A001", prefix="A", seq=1, service="id_card", priority=False
    )
    assert issued.to_dict()["priority"] is False  # False is a value, only None is left out


def test_from_dict_ignores_fields_it_does_not_know() -> None:
    plain = {"kind": "open", "at": "2025-03-03T08:30:00+08:00", "window": 1, "added_in_a_later_version": True}
    assert HallEvent.from_dict(plain) == HallEvent(kind=EventKind.OPEN, at=at(8, 30), window=1)


@pytest.mark.parametrize(
    "plain", [{"kind": "explode", "at": "2025-03-03T08:30:00+08:00"}, {"kind": "open", "at": "yesterday"}]
)
def test_from_dict_rejects_what_it_cannot_read(plain: dict[str, object]) -> None:
    # The journal reader skips such lines on ValueError (or KeyError / TypeError).
    with pytest.raises(ValueError):
        HallEvent.from_dict(plain)


def test_events_in_utc_replay_the_same() -> None:
    hall = make_hall(HallSettings(open_time=time(0, 0), close_time=time(0, 0)))  # always open
    start = carry_over(hall.state)
    utc = UTC
    run(hall, hall.open_window(1, at(9, 0).astimezone(utc)))
    issue(hall, "id_card", at(9, 1).astimezone(utc))
    call(hall, 1, at(9, 2).astimezone(utc))
    assert_same_state(hall, replayed(hall, start))


# Rollover


def test_needs_rollover() -> None:
    hall = make_hall()
    assert not hall.needs_rollover(at(3, 0))
    assert not hall.needs_rollover(at(23, 59))
    assert not hall.needs_rollover(at(2, 59, 59, day=TUESDAY))
    assert hall.needs_rollover(at(3, 0, day=TUESDAY))
    assert hall.needs_rollover(at(2, 59))  # Sunday's service day
    assert Hall(HallSettings(), make_layout()).needs_rollover(at(9, 0))  # no day yet


def test_rollover_time_is_tunable() -> None:
    hall = make_hall(HallSettings(rollover_time=time(0, 0)))
    assert hall.needs_rollover(at(0, 0, day=TUESDAY))
    assert not hall.needs_rollover(at(23, 59, 59))


def test_closing_events_expire_open_tickets() -> None:
    hall = make_hall()
    for window in (1, 2, 3):
        run(hall, hall.open_window(window, at(8, 30)))
    for minute in range(5):
        issue(hall, "id_card", at(9, minute))
    issue(hall, "social", at(9, 5))
    call(hall, 1, at(9, 10))  # A001 called
    call(hall, 2, at(9, 10))  # A002 served
    run(hall, hall.start(at(9, 11), window=2))
    call(hall, 3, at(9, 12))  # B001 no-show
    run(hall, hall.no_show(at(9, 13), window=3))
    run(hall, hall.cancel("A003", at(9, 14)))
    before = copy.deepcopy(hall.state.tickets)
    events = hall.closing_events(at(3, 0, day=TUESDAY))
    assert hall.state.tickets == before
    assert [(e.kind, e.ticket, e.window) for e in events] == [
        (EventKind.EXPIRE, "A001", 1),
        (EventKind.EXPIRE, "A002", 2),
        (EventKind.EXPIRE, "A004", None),
        (EventKind.EXPIRE, "A005", None),
    ]
    run(hall, events)
    assert {n: t.state for n, t in hall.state.tickets.items()} == {
        "A001": TicketState.EXPIRED,
        "A002": TicketState.EXPIRED,
        "A003": TicketState.CANCELLED,
        "A004": TicketState.EXPIRED,
        "A005": TicketState.EXPIRED,
        "B001": TicketState.NO_SHOW,
    }
    assert hall.state.stats.expired == 4
    assert hall.state.stats.summary()["expired"] == 4
    assert hall.waiting("id_card") == []
    assert hall.window_status(1) is WindowStatus.IDLE
    assert hall.window_status(2) is WindowStatus.IDLE
    assert hall.closing_events(at(3, 1, day=TUESDAY)) == []
    check_invariants(hall)


def test_next_day_starts_afresh() -> None:
    hall = monday_hall()
    long_day(hall)
    old = hall.state
    fresh = hall.next_day(at(3, 0, day=TUESDAY))
    assert fresh is not old
    assert fresh.service_date == TUESDAY
    assert (fresh.tickets, fresh.waiting, fresh.windows, fresh.staff_window) == ({}, {}, {}, {})
    assert (fresh.counters, fresh.issued, fresh.log) == ({}, {}, [])
    assert fresh.stats.summary()["issued"] == 0
    # Only future bookings that are neither cancelled nor checked in are kept.
    assert sorted(fresh.appointments) == ["200003", "300002"]
    hall.state = fresh
    for window in (1, 2, 3, 4):
        assert hall.window_status(window) is WindowStatus.CLOSED
    assert issue(hall, "id_card", at(9, 0, day=TUESDAY)) == "A001"
    assert issue(hall, "tax", at(9, 0, day=TUESDAY)) == "C001"


def test_sunday_s_rollover_kept_monday_s_bookings() -> None:
    hall = monday_hall()
    assert hall.state.service_date == DAY
    assert sorted(hall.state.appointments) == ["200001", "200002", "200003", "200004"]
    assert hall.state.appointments["200001"] == Appointment(
        code="200001", service="id_card", start=at(10, 0), end=at(10, 30), reference="WX-1"
    )


def test_checking_in_on_the_new_day_leaves_the_old_day_alone() -> None:
    hall = make_hall(day=SUNDAY)
    run(hall, hall.book("id_card", at(10, 0), at(10, 0, day=SUNDAY), code="200001"))
    old = hall.state
    hall.state = hall.next_day(at(3, 0))
    run(hall, hall.check_in("200001", at(9, 45)))
    assert hall.state.appointments["200001"].ticket == "A001"
    assert old.appointments["200001"].ticket is None


def test_carry_over_and_day_start_round_trip() -> None:
    hall = monday_hall()
    data = carry_over(hall.state)
    assert data["service_date"] == "2025-03-03"
    assert {a["code"] for a in data["appointments"]} == {"200001", "200002", "200003", "200004"}
    back = day_start(json.loads(json.dumps(data, ensure_ascii=False)))
    assert back.service_date == hall.state.service_date
    assert back.appointments == hall.state.appointments
    assert carry_over(back) == data
    assert (back.tickets, back.windows, back.counters, back.log) == ({}, {}, {}, [])


def test_carry_over_keeps_a_cancelled_flag() -> None:
    state = HallState(DAY)
    state.appointments["1"] = Appointment(
        code="1", service="tax", start=at(10, 0), end=at(10, 30), cancelled=True
    )
    back = day_start(carry_over(state))
    assert back.appointments["1"].cancelled is True
    assert day_start({"service_date": "2025-03-03"}).appointments == {}
    assert day_start({"service_date": "2025-03-03"}).service_date == date(2025, 3, 3)


def test_carry_over_of_a_day_under_way_replays_too() -> None:
    # Even a day's state taken after its events (checked-in and cancelled bookings included)
    # rebuilds the same day when the log is replayed on top of it.
    hall = monday_hall()
    long_day(hall)
    assert_same_state(hall, replayed(hall, carry_over(hall.state)))
