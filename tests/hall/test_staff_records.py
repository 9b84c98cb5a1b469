"""Supervision in the hall's log: state changes, alerts and acknowledgements, and the staff record.

Seat monitors' outcomes become events through ``record_state`` and ``record_alert`` as the
integration does (see ``Desk``); the day's state folds them into ``alerts``, ``staff_states``
and a ``StaffRecord`` per staff member, and a replay of the log gives the same.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from custom_components.service_hall.hall import (
    AlertKind,
    AlertRaised,
    AlertRecord,
    Hall,
    HallEvent,
    SeatContext,
    SeatMonitor,
    StaffRecord,
    StaffState,
    StateChange,
    SupervisionSettings,
)
from custom_components.service_hall.hall.carry import carry_over
from custom_components.service_hall.hall.events import EventKind

from .conftest import (
    assert_refused,
    assert_same_state,
    at,
    check_invariants,
    make_hall,
    replayed,
    run,
    snapshot,
    staffed,
)

S = StaffState


class Desk:
    """A window's seat monitor whose outcomes go into the hall's log, as the integration does."""

    def __init__(self, hall: Hall, window: int, now: datetime) -> None:
        self.hall = hall
        self.monitor = SeatMonitor(window, SupervisionSettings(), now)
        self.reported: list[StateChange | AlertRaised] = []  # everything the monitor said
        self.sync(now)

    def sync(self, now: datetime) -> list[HallEvent]:
        """The window's state changed in the hall: tell the monitor."""
        state = self.hall.state.window(self.monitor.window)
        context = SeatContext(
            staff=state.staff, open=state.open, paused=state.paused, working=self.hall.is_open(now)
        )
        self.monitor.set_context(context, now)
        return self.tick(now)

    def person(self, present: bool | None, now: datetime) -> list[HallEvent]:
        self.monitor.observe_person(present, now)
        return self.tick(now)

    def phone(self, seen: bool | None, now: datetime) -> list[HallEvent]:
        self.monitor.observe_phone(seen, now)
        return self.tick(now)

    def tick(self, now: datetime) -> list[HallEvent]:
        """Evaluate; log what the monitor reports; answer the events."""
        events: list[HallEvent] = []
        for outcome in self.monitor.evaluate(now):
            self.reported.append(outcome)
            if isinstance(outcome, StateChange):
                events += run(self.hall, self.hall.record_state(outcome))
            else:
                events += run(
                    self.hall, self.hall.record_alert(outcome, frigate_event="1741.5-ab", camera="hall")
                )
        return events


def kinds(events: list[HallEvent]) -> list[tuple[str, str | None]]:
    """(kind, state or alert kind) of each event."""
    return [(str(e.kind), e.state or e.alert) for e in events]


def change(window: int, staff: str | None, state: StaffState, now: datetime, since: datetime) -> StateChange:
    return StateChange(window=window, staff=staff, state=state, previous=S.UNKNOWN, at=now, since=since)


def raised(window: int, staff: str | None, kind: AlertKind, started: datetime, now: datetime) -> AlertRaised:
    return AlertRaised(
        window=window,
        staff=staff,
        kind=kind,
        started=started,
        at=now,
        duration=(now - started).total_seconds(),
    )


def supervised_morning() -> tuple[Hall, Desk]:
    """S001 at window 1 from 09:00: 6 minutes away, a 5 s gap, 90 s on the phone, an absence cut
    short by an unavailable camera; alerts W01-001 (away) and W01-002 (phone)."""
    hall = staffed(make_hall())
    desk = Desk(hall, 1, at(9, 0))
    assert kinds(desk.person(True, at(9, 0))) == [("staff_state", "present")]
    # Away 09:10:00-09:16:00: confirmed at 09:10:30, an alert at 09:15 after 300 s.
    assert desk.person(False, at(9, 10)) == []
    assert kinds(desk.tick(at(9, 10, 30))) == [("staff_state", "away")]
    assert kinds(desk.tick(at(9, 15))) == [("alert", "away")]
    assert kinds(desk.person(True, at(9, 16))) == [("staff_state", "present")]
    # A 5 s gap: nothing.
    assert desk.person(False, at(9, 20)) == []
    assert desk.person(True, at(9, 20, 5)) == []
    assert desk.tick(at(9, 25)) == []
    # 90 s on the phone: PHONE at 09:30:10, an alert at 09:31 (another kind: no cooldown).
    assert desk.phone(True, at(9, 30)) == []
    assert kinds(desk.tick(at(9, 30, 10))) == [("staff_state", "phone")]
    assert kinds(desk.tick(at(9, 31))) == [("alert", "phone")]
    assert kinds(desk.phone(False, at(9, 31, 30))) == [("staff_state", "present")]
    # Away from 09:40, the camera drops out at 09:42: the absence ends there, no alert.
    desk.person(False, at(9, 40))
    assert kinds(desk.tick(at(9, 40, 30))) == [("staff_state", "away")]
    assert kinds(desk.person(None, at(9, 42))) == [("staff_state", "unknown")]
    assert desk.tick(at(9, 50)) == []
    assert kinds(desk.person(True, at(9, 50))) == [("staff_state", "present")]
    return hall, desk


# Commands


def test_record_state_answers_one_event_and_changes_nothing() -> None:
    hall = staffed(make_hall())
    before = snapshot(hall)
    (event,) = hall.record_state(change(2, "S002", S.AWAY, at(9, 0, 30), at(9, 0)))
    assert snapshot(hall) == before
    assert event == HallEvent(
        kind=EventKind.STAFF_STATE, at=at(9, 0, 30), window=2, staff="S002", state="away", start=at(9, 0)
    )
    assert type(event.state) is str


def test_record_alert_numbers_alerts_through_the_day() -> None:
    hall = staffed(make_hall())
    away = raised(2, "S002", AlertKind.AWAY, at(9, 0), at(9, 5))
    before = snapshot(hall)
    (event,) = hall.record_alert(away, frigate_event="1741000000.1-abc", camera="hall_east")
    assert snapshot(hall) == before
    assert hall.record_alert(away, frigate_event="1741000000.1-abc", camera="hall_east") == [event]
    assert event == HallEvent(
        kind=EventKind.ALERT,
        at=at(9, 5),
        window=2,
        staff="S002",
        alert="away",
        alert_id="W02-001",
        start=at(9, 0),
        duration=300.0,
        frigate_event="1741000000.1-abc",
        camera="hall_east",
    )
    run(hall, [event])
    (second,) = run(
        hall, hall.record_alert(raised(1, "S001", AlertKind.PHONE, at(9, 6), at(9, 7)), camera="")
    )
    assert (second.alert_id, second.alert, second.duration, second.camera, second.frigate_event) == (
        "W01-002",
        "phone",
        60.0,
        None,
        None,
    )
    assert hall.state.alerts == {
        "W02-001": AlertRecord(
            alert_id="W02-001",
            window=2,
            staff="S002",
            kind=AlertKind.AWAY,
            at=at(9, 5),
            duration=300.0,
            frigate_event="1741000000.1-abc",
            camera="hall_east",
            started=at(9, 0),
        ),
        "W01-002": AlertRecord(
            alert_id="W01-002",
            window=1,
            staff="S001",
            kind=AlertKind.PHONE,
            at=at(9, 7),
            duration=60.0,
            started=at(9, 6),
        ),
    }
    assert hall.state.alerts["W01-002"].kind is AlertKind.PHONE


def test_acknowledge() -> None:
    hall = staffed(make_hall())
    run(hall, hall.record_alert(raised(2, "S002", AlertKind.AWAY, at(9, 0), at(9, 5))))
    before = snapshot(hall)
    (event,) = hall.acknowledge(" w02-001", at(9, 6), by="值班长")
    assert snapshot(hall) == before
    assert event == HallEvent(
        kind=EventKind.ACK, at=at(9, 6), alert_id="W02-001", window=2, staff="S002", reason="值班长"
    )
    changes = hall.apply([event])
    assert (changes.windows, changes.staff) == ({2}, {"S002"})
    record = hall.state.alerts["W02-001"]
    assert (record.acknowledged_at, record.acknowledged_by) == (at(9, 6), "值班长")
    assert hall.state.stats.supervision["S002"] == StaffRecord(alerts=1, acknowledgements=1)
    assert (hall.state.stats.alerts, hall.state.stats.acknowledged) == (1, 1)
    err = assert_refused(hall, "alert_already_acknowledged", hall.acknowledge, "W02-001", at(9, 7))
    assert err.placeholders == {"alert": "W02-001"}
    err = assert_refused(hall, "unknown_alert", hall.acknowledge, "W02-002", at(9, 7), by="S001")
    assert err.placeholders == {"alert": "W02-002"}


def test_acknowledge_without_a_name() -> None:
    hall = staffed(make_hall())
    run(hall, hall.record_alert(raised(3, "S003", AlertKind.PHONE, at(9, 0), at(9, 1))))
    (event,) = run(hall, hall.acknowledge("W03-001", at(9, 2), by=""))
    assert event.reason is None
    assert hall.state.alerts["W03-001"].acknowledged_by is None
    assert hall.state.alerts["W03-001"].acknowledged_at == at(9, 2)


def test_unknown_alert_on_a_quiet_day() -> None:
    hall = make_hall()
    assert_refused(hall, "unknown_alert", hall.acknowledge, "W01-001", at(9, 0))


# The staff record


def test_a_supervised_morning() -> None:
    hall, _desk = supervised_morning()
    record = hall.state.stats.supervision["S001"]
    # 6 minutes (09:10-09:16) + 2 minutes (09:40-09:42, ended by the unknown camera).
    assert record == StaffRecord(away_seconds=480.0, phone_episodes=1, alerts=2, acknowledgements=0)
    away, phone = hall.state.alerts.values()
    assert (away.alert_id, away.kind, away.at, away.duration, away.staff, away.window) == (
        "W01-001",
        AlertKind.AWAY,
        at(9, 15),
        300.0,
        "S001",
        1,
    )
    assert (phone.alert_id, phone.kind, phone.at, phone.duration) == (
        "W01-002",
        AlertKind.PHONE,
        at(9, 31),
        60.0,
    )
    assert (away.frigate_event, away.camera) == ("1741.5-ab", "hall")
    assert hall.state.staff_states == {1: ("present", at(9, 50))}
    run(hall, hall.acknowledge("W01-002", at(9, 51)))
    summary = hall.state.stats.summary()
    assert (summary["alerts"], summary["acknowledged"]) == (2, 1)
    assert summary["supervision"] == {
        "S001": {"away_minutes": 8.0, "phone_episodes": 1, "alerts": 2, "acknowledgements": 1}
    }


def test_the_log_of_a_six_minute_absence() -> None:
    hall, _desk = supervised_morning()
    events = [e for e in hall.state.log if e.kind in (EventKind.STAFF_STATE, EventKind.ALERT)][:4]
    assert [(e.kind, e.state or e.alert, e.at, e.start, e.duration) for e in events] == [
        (EventKind.STAFF_STATE, "present", at(9, 0), at(9, 0), None),
        (EventKind.STAFF_STATE, "away", at(9, 10, 30), at(9, 10), None),
        (EventKind.ALERT, "away", at(9, 15), at(9, 10), 300.0),
        (EventKind.STAFF_STATE, "present", at(9, 16), at(9, 16), None),
    ]


def test_away_minutes_include_an_absence_under_way() -> None:
    hall, desk = supervised_morning()
    desk.person(False, at(10, 0))
    desk.tick(at(10, 0, 30))
    record = hall.state.stats.supervision["S001"]
    assert (record.away_seconds, record.away_since) == (480.0, at(10, 0))
    assert record.away_minutes(at(10, 3)) == 11.0  # 8 ended + 3 under way
    assert record.away_minutes(at(9, 59)) == 8.0  # an earlier instant adds nothing
    assert hall.state.stats.summary()["supervision"]["S001"]["away_minutes"] == 8.0  # ended ones only
    assert hall.state.staff_states[1] == ("away", at(10, 0))
    assert hall.state.open_away == {1: "S001"}
    desk.person(True, at(10, 4, 30))
    assert (record.away_seconds, record.away_since) == (750.0, None)
    assert record.away_minutes(at(12, 0)) == 12.5
    assert hall.state.open_away == {}


def test_a_paused_window_records_no_absence() -> None:
    hall = staffed(make_hall())
    desk = Desk(hall, 2, at(9, 0))
    desk.person(True, at(9, 0))
    run(hall, hall.pause_window(2, "午休", at(12, 0)))
    assert kinds(desk.sync(at(12, 0))) == [("staff_state", "paused")]
    desk.person(False, at(12, 1))
    assert desk.tick(at(13, 0)) == []
    assert hall.state.stats.supervision["S002"] == StaffRecord()
    assert hall.state.alerts == {}


def test_no_alert_after_opening_hours() -> None:
    hall = staffed(make_hall())
    desk = Desk(hall, 2, at(17, 0))
    desk.person(True, at(17, 0))
    closing = desk.sync(at(17, 30))  # the hall closes at 17:30: monitoring is off
    assert kinds(closing) == [("staff_state", "paused")]
    desk.person(False, at(17, 40))
    assert desk.tick(at(18, 0)) == []  # an empty seat after hours is nobody's absence
    assert hall.state.alerts == {}
    assert hall.state.stats.supervision["S002"].away_seconds == 0


def test_phone_episodes_count_entries_into_phone() -> None:
    hall = staffed(make_hall())
    desk = Desk(hall, 3, at(9, 0))
    desk.person(True, at(9, 0))
    for minute in (1, 3, 5):
        desk.phone(True, at(9, minute))
        desk.tick(at(9, minute, 15))
        desk.phone(False, at(9, minute, 30))
    desk.phone(True, at(9, 7))  # 5 s only
    desk.phone(False, at(9, 7, 5))
    assert hall.state.stats.supervision["S003"] == StaffRecord(phone_episodes=3)


def test_a_new_staff_member_taking_the_seat_ends_the_last_one_s_absence() -> None:
    hall = staffed(make_hall())
    desk = Desk(hall, 1, at(9, 0))
    desk.person(False, at(9, 0))
    desk.tick(at(9, 1))
    changes = hall.apply(hall.sign_in(1, "S002", at(9, 5)))  # S002 leaves window 2 for window 1
    assert changes.staff == {"S001", "S002"}
    alert, event = desk.sync(at(9, 5))  # S001's alert fell due at 09:05 too, before the change
    assert (alert.kind, alert.staff, alert.at) == (EventKind.ALERT, "S001", at(9, 5))
    assert (event.state, event.staff, event.at) == ("unknown", "S002", at(9, 5))
    assert hall.state.stats.supervision["S001"].away_seconds == 300.0
    assert hall.state.stats.supervision["S001"].away_since is None
    desk.tick(at(9, 6))
    assert hall.state.stats.supervision["S002"].away_since == at(9, 5)


# Applying events: what they touch, and never a refusal


def test_changes_name_the_window_and_staff() -> None:
    hall = staffed(make_hall())
    first = hall.apply(hall.record_state(change(1, "S001", S.AWAY, at(9, 0, 30), at(9, 0))))
    assert (first.services, first.windows, first.staff, first.calls) == (set(), {1}, {"S001"}, [])
    # S002 takes the seat: the closed absence touches S001 as well.
    second = hall.apply(hall.record_state(change(1, "S002", S.UNKNOWN, at(9, 5), at(9, 5))))
    assert (second.windows, second.staff) == ({1}, {"S001", "S002"})
    signed_out = hall.apply(hall.record_state(change(1, None, S.SIGNED_OUT, at(9, 6), at(9, 6))))
    assert (signed_out.windows, signed_out.staff) == ({1}, set())
    alert = hall.apply(hall.record_alert(raised(3, "S003", AlertKind.PHONE, at(9, 0), at(9, 1))))
    assert (alert.windows, alert.staff) == ({3}, {"S003"})
    assert hall.state.staff_states == {1: ("signed_out", at(9, 6))}


def test_one_absence_per_person_at_a_time() -> None:
    # The same person away at two windows (logs of a move): the first absence ends where the second begins.
    hall = staffed(make_hall())
    hall.apply(hall.record_state(change(1, "S001", S.AWAY, at(9, 0, 30), at(9, 0))))
    changes = hall.apply(hall.record_state(change(3, "S001", S.AWAY, at(9, 2, 30), at(9, 2))))
    assert (changes.windows, changes.staff) == ({1, 3}, {"S001"})
    record = hall.state.stats.supervision["S001"]
    assert (record.away_seconds, record.away_since) == (120.0, at(9, 2))
    assert hall.state.open_away == {3: "S001"}
    hall.apply(hall.record_state(change(1, None, S.SIGNED_OUT, at(9, 3), at(9, 3))))  # nothing open there
    assert (record.away_seconds, record.away_since) == (120.0, at(9, 2))


def test_a_clock_set_back_makes_no_negative_absence() -> None:
    hall = staffed(make_hall())
    hall.apply(hall.record_state(change(1, "S001", S.AWAY, at(9, 0, 30), at(9, 0))))
    hall.apply(hall.record_state(change(1, "S001", S.PRESENT, at(8, 59), at(8, 59))))
    assert hall.state.stats.supervision["S001"] == StaffRecord()


def test_applying_never_refuses_supervision_events() -> None:
    hall = staffed(make_hall())
    run(hall, hall.record_alert(raised(1, "S001", AlertKind.AWAY, at(9, 0), at(9, 5))))
    run(hall, hall.acknowledge("W01-001", at(9, 6), by="A"))
    # A second acknowledgement or one of an unknown alert (never made by a command) changes nothing.
    for alert_id in ("W01-001", "W09-009", None):
        changes = hall.apply([HallEvent(kind=EventKind.ACK, at=at(9, 7), alert_id=alert_id, reason="B")])
        assert (changes.windows, changes.staff) == (set(), set())
    assert hall.state.alerts["W01-001"].acknowledged_by == "A"
    assert (hall.state.stats.acknowledged, hall.state.stats.supervision["S001"].acknowledgements) == (1, 1)
    # An alert or a state without a staff member counts for the hall only.
    hall.apply(
        [
            HallEvent(
                kind=EventKind.ALERT, at=at(9, 8), window=2, alert="phone", alert_id="W02-002", duration=60.0
            )
        ]
    )
    hall.apply([HallEvent(kind=EventKind.ACK, at=at(9, 9), alert_id="W02-002")])
    hall.apply([HallEvent(kind=EventKind.STAFF_STATE, at=at(9, 9), window=2, state="away")])
    assert (hall.state.stats.alerts, hall.state.stats.acknowledged) == (2, 2)
    assert set(hall.state.stats.supervision) == {"S001"}
    assert hall.state.staff_states[2] == ("away", at(9, 9))  # no start: since the event
    assert hall.state.open_away == {}


# The log: JSON and replay


def test_supervision_events_to_dict_by_hand() -> None:
    hall, _desk = supervised_morning()
    run(hall, hall.acknowledge("W01-001", at(9, 51), by="值班长"))
    state, alert, ack = (
        next(e for e in hall.state.log if e.kind is kind)
        for kind in (EventKind.STAFF_STATE, EventKind.ALERT, EventKind.ACK)
    )
    assert state.to_dict() == {
        "kind": "staff_state",
        "at": "2025-03-03T09:00:00+08:00",
        "window": 1,
        "staff": "S001",
        "start": "2025-03-03T09:00:00+08:00",
        "state": "present",
    }
    assert alert.to_dict() == {
        "kind": "alert",
        "at": "2025-03-03T09:15:00+08:00",
        "window": 1,
        "staff": "S001",
        "start": "2025-03-03T09:10:00+08:00",
        "alert": "away",
        "alert_id": "W01-001",
        "duration": 300.0,
        "frigate_event": "1741.5-ab",
        "camera": "hall",
    }
    assert ack.to_dict() == {
        "kind": "ack",
        "at": "2025-03-03T09:51:00+08:00",
        "window": 1,
        "staff": "S001",
        "reason": "值班长",
        "alert_id": "W01-001",
    }
    for event in (state, alert, ack):
        back = HallEvent.from_dict(json.loads(json.dumps(event.to_dict(), ensure_ascii=False)))
        assert back == event
    assert HallEvent.from_dict(alert.to_dict()).alert is AlertKind.AWAY
    assert HallEvent.from_dict(state.to_dict()).state is StaffState.PRESENT


@pytest.mark.parametrize(("name", "value"), [("state", "asleep"), ("alert", "sleeping")])
def test_from_dict_refuses_unknown_supervision_values(name: str, value: str) -> None:
    plain: dict[str, Any] = {
        "kind": "staff_state",
        "at": "2025-03-03T09:00:00+08:00",
        "window": 1,
        name: value,
    }
    with pytest.raises(ValueError):
        HallEvent.from_dict(plain)


def test_replay_of_a_supervised_day() -> None:
    hall = staffed(make_hall())
    start = carry_over(hall.state)
    desk = Desk(hall, 1, at(9, 0))
    checkpoints: list[Hall] = []
    for minute, present in ((0, True), (10, False), (16, True), (40, False)):
        desk.person(present, at(9, minute))
        checkpoints.append(copy.deepcopy(hall))
    desk.tick(at(9, 45))
    run(hall, hall.acknowledge("W01-001", at(9, 46), by="值班长"))
    fresh = replayed(hall, start)
    assert_same_state(hall, fresh)
    assert fresh.state.stats.supervision["S001"].away_since == at(9, 40)
    assert fresh.state.alerts["W01-001"].acknowledged_by == "值班长"
    for then in checkpoints:
        again = Hall(hall.settings, hall.layout, copy.deepcopy(make_hall().state))
        again.apply(hall.state.log[: len(then.state.log)])
        assert_same_state(then, again)


# Random days through monitors


SUPERVISION_STEP = st.tuples(
    st.sampled_from(
        ["person", "person", "phone", "phone", "pause", "resume", "sign_in", "sign_out", "ack", "wait"]
    ),
    st.sampled_from([1, 2]),
    st.sampled_from([True, True, False, False, None]),
    st.sampled_from(["S001", "S002"]),
    st.sampled_from([1, 10, 31, 65, 301, 700]),
)


@hyp_settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SUPERVISION_STEP, max_size=40))
def test_random_supervised_days(steps: list[tuple[str, int, bool | None, str, int]]) -> None:
    """The record agrees with the monitors' own reports, and the log replays to the same day."""
    hall = make_hall()
    start = carry_over(hall.state)
    now = at(9, 0)
    for number, person in ((1, "S001"), (2, "S002")):
        run(hall, hall.open_window(number, now))
        run(hall, hall.sign_in(number, person, now))
    desks = {n: Desk(hall, n, now) for n in (1, 2)}
    for action, window, value, staff, wait in steps:
        now += timedelta(seconds=wait)
        for desk in desks.values():
            desk.tick(now)
        if action == "person":
            desks[window].person(value, now)
        elif action == "phone":
            desks[window].phone(value, now)
        elif action == "ack":
            waiting = [a for a in hall.state.alerts.values() if a.acknowledged_at is None]
            if waiting:
                run(hall, hall.acknowledge(waiting[0].alert_id, now))
        elif action != "wait":
            if action == "pause":
                run(hall, hall.pause_window(window, "会议", now))
            elif action == "resume":
                run(hall, hall.resume_window(window, now))
            elif action == "sign_in":
                run(hall, hall.sign_in(window, staff, now))
            else:
                run(hall, hall.sign_out(now, window=window))
            for desk in desks.values():  # a sign-in can move someone from the other window
                desk.sync(now)
    end = now + timedelta(hours=1)
    for desk in desks.values():
        desk.tick(end)

    # Each absence the monitors reported, from its start to the next change at its window.
    away: dict[str, float] = {}
    open_since: dict[int, tuple[str, datetime]] = {}
    alerts: dict[str, int] = {}
    phone: dict[str, int] = {}
    for outcome in sorted((o for d in desks.values() for o in d.reported), key=lambda o: o.at):
        assert outcome.staff is not None or isinstance(outcome, StateChange)
        if isinstance(outcome, AlertRaised):
            alerts[outcome.staff or ""] = alerts.get(outcome.staff or "", 0) + 1
            continue
        if (opened := open_since.pop(outcome.window, None)) is not None:
            away[opened[0]] = away.get(opened[0], 0.0) + (outcome.at - opened[1]).total_seconds()
        if outcome.state is S.AWAY and outcome.staff is not None:
            open_since[outcome.window] = (outcome.staff, outcome.since)
        if outcome.state is S.PHONE and outcome.staff is not None:
            phone[outcome.staff] = phone.get(outcome.staff, 0) + 1
    records = hall.state.stats.supervision
    assert set(records) == {o.staff for d in desks.values() for o in d.reported if o.staff is not None}
    for person, record in records.items():
        assert record.away_seconds == pytest.approx(away.get(person, 0.0))
        assert (record.alerts, record.phone_episodes) == (alerts.get(person, 0), phone.get(person, 0))
        opened_now = [since for who, since in open_since.values() if who == person]
        assert record.away_since == (opened_now[0] if opened_now else None)
        expected = away.get(person, 0.0) + sum((end - since).total_seconds() for since in opened_now)
        assert record.away_minutes(end) == pytest.approx(expected / 60)
    assert sum(r.alerts for r in records.values()) == hall.state.stats.alerts == len(hall.state.alerts)
    assert hall.state.stats.acknowledged == sum(1 for a in hall.state.alerts.values() if a.acknowledged_at)
    check_invariants(hall)
    assert_same_state(hall, replayed(hall, start))
