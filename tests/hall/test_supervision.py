"""The seat monitor: staff states from detections, debounced, and alerts with a cooldown.

Times are seconds from 09:00 (``s(30)`` is 09:00:30). Outcomes are written as tuples:
``("state", previous, state, at, since)`` and ``("alert", kind, started, at, duration)``, in
seconds from 09:00, so that each expectation can be checked by hand against the settings
(absence confirmed after 30 s, phone after 10 s, alerts after 300 s away or 60 s on the phone,
10 minutes between two alerts of a kind).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st

from custom_components.service_hall.hall import (
    AlertKind,
    AlertRaised,
    SeatContext,
    SeatMonitor,
    StaffState,
    StateChange,
    SupervisionSettings,
)

from .conftest import at

T0 = at(9, 0)
S = StaffState
AWAY, PHONE = AlertKind.AWAY, AlertKind.PHONE
SEATED = SeatContext(staff="S001", open=True)  # signed in, open, not paused, working hours


def s(seconds: float) -> datetime:
    """``seconds`` after 09:00."""
    return T0 + timedelta(seconds=seconds)


def secs(instant: datetime) -> float:
    """Seconds from 09:00."""
    return (instant - T0).total_seconds()


def plain(outcomes: list[StateChange | AlertRaised]) -> list[tuple[Any, ...]]:
    """Outcomes as tuples of seconds from 09:00."""
    out: list[tuple[Any, ...]] = []
    for o in outcomes:
        if isinstance(o, StateChange):
            out.append(("state", o.previous, o.state, secs(o.at), secs(o.since)))
        else:
            out.append(("alert", o.kind, secs(o.started), secs(o.at), o.duration))
    return out


def seated(settings: SupervisionSettings | None = None, *, person: bool | None = True) -> SeatMonitor:
    """A monitor at window 5 since 08:59: S001 signed in, the seat observed; nothing pending."""
    monitor = SeatMonitor(5, settings or SupervisionSettings(), s(-60))
    monitor.set_context(SEATED, s(-60))
    if person is not None:
        monitor.observe_person(person, s(-60))
    monitor.evaluate(s(-60))
    return monitor


def check(monitor: SeatMonitor, seconds: float) -> list[tuple[Any, ...]]:
    """Evaluate at ``s(seconds)``; answer the outcomes as tuples."""
    return plain(monitor.evaluate(s(seconds)))


def due(monitor: SeatMonitor) -> float | None:
    """next_check() in seconds from 09:00."""
    when = monitor.next_check()
    return None if when is None else secs(when)


# Settings and the start


def test_default_settings() -> None:
    assert SupervisionSettings() == SupervisionSettings(
        absence_confirm=30, phone_confirm=10, away_alert=300, phone_alert=60, cooldown=600
    )


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, "30"])
def test_settings_refuse_what_is_not_seconds(bad: Any) -> None:
    with pytest.raises(ValueError, match="away_alert"):
        SupervisionSettings(away_alert=bad)


def test_a_new_monitor_is_unknown_until_it_has_evaluated() -> None:
    monitor = SeatMonitor(5, SupervisionSettings(), s(0))
    assert (monitor.window, monitor.settings) == (5, SupervisionSettings())
    assert (monitor.state, monitor.since) == (S.UNKNOWN, s(0))
    assert monitor.next_check() == s(0)  # it has not resolved its context yet
    changes = monitor.evaluate(s(1))
    assert changes == [
        StateChange(window=5, staff=None, state=S.SIGNED_OUT, previous=S.UNKNOWN, at=s(1), since=s(1))
    ]
    assert monitor.next_check() is None
    assert check(monitor, 2) == []


def test_never_away_just_because_no_message_has_come() -> None:
    monitor = SeatMonitor(5, SupervisionSettings(), s(0))
    monitor.set_context(SEATED, s(0))
    assert monitor.evaluate(s(0)) == []  # UNKNOWN stays UNKNOWN: signing in is no news here
    assert monitor.state is S.UNKNOWN
    assert monitor.next_check() is None
    assert check(monitor, 3600) == []
    assert monitor.state is S.UNKNOWN


def test_sits_down_present() -> None:
    monitor = SeatMonitor(5, SupervisionSettings(), s(0))
    monitor.set_context(SEATED, s(0))
    monitor.observe_person(True, s(5))
    assert monitor.next_check() == s(5)  # something to report
    (change,) = monitor.evaluate(s(5))
    assert change == StateChange(
        window=5, staff="S001", state=S.PRESENT, previous=S.UNKNOWN, at=s(5), since=s(5)
    )
    assert (monitor.state, monitor.since) == (S.PRESENT, s(5))
    assert monitor.next_check() is None


def test_signed_out_and_paused_come_first() -> None:
    monitor = seated()
    monitor.set_context(SeatContext(staff="S001", open=True, paused=True), s(0))
    monitor.set_context(SeatContext(staff="S001", open=False), s(1))  # closed: still PAUSED
    monitor.set_context(SeatContext(staff=None, open=True), s(2))
    monitor.observe_person(None, s(3))  # an unknown source does not matter when nobody is signed in
    assert check(monitor, 4) == [
        ("state", S.PRESENT, S.PAUSED, 0, 0),
        ("state", S.PAUSED, S.SIGNED_OUT, 2, 2),
    ]
    monitor.set_context(SEATED, s(5))
    assert check(monitor, 6) == [("state", S.SIGNED_OUT, S.UNKNOWN, 5, 5)]


# Away from post


def test_six_minutes_away() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    assert check(monitor, 0) == []  # a gap not confirmed yet: still PRESENT
    assert (monitor.state, due(monitor)) == (S.PRESENT, 30)
    assert check(monitor, 29.999) == []
    assert check(monitor, 30) == [("state", S.PRESENT, S.AWAY, 30, 0)]  # since: when the seat emptied
    assert (monitor.state, monitor.since, due(monitor)) == (S.AWAY, s(0), 300)
    assert check(monitor, 299) == []
    (alert,) = monitor.evaluate(s(300))
    assert alert == AlertRaised(window=5, staff="S001", kind=AWAY, started=s(0), at=s(300), duration=300.0)
    assert due(monitor) is None  # one alert per episode
    assert check(monitor, 359) == []
    monitor.observe_person(True, s(360))
    assert check(monitor, 360) == [("state", S.AWAY, S.PRESENT, 360, 360)]
    assert due(monitor) is None


def test_outcomes_do_not_depend_on_how_often_evaluate_is_called() -> None:
    inputs = {0.0: False, 360.0: True, 400.0: False, 420.0: True}

    def day(evaluate_every: float | None) -> list[tuple[Any, ...]]:
        monitor = seated()
        ticks = (
            {n * evaluate_every for n in range(int(500 / evaluate_every) + 1)} if evaluate_every else set()
        )
        out: list[tuple[Any, ...]] = []
        for t in sorted(ticks | set(inputs)):
            if t in inputs:
                monitor.observe_person(inputs[t], s(t))
            if t in ticks:
                out += check(monitor, t)
        return out + check(monitor, 500)

    expected = [
        ("state", S.PRESENT, S.AWAY, 30, 0),
        ("alert", AWAY, 0, 300, 300.0),
        ("state", S.AWAY, S.PRESENT, 360, 360),
    ]
    assert day(0.5) == day(7) == day(None) == expected


def test_a_short_gap_is_no_change() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    monitor.observe_person(True, s(5))
    assert check(monitor, 5) == []
    assert due(monitor) is None
    assert check(monitor, 1000) == []
    assert (monitor.state, monitor.since) == (S.PRESENT, s(-60))


def test_repeated_observations_do_not_reset_timers() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    for t in (10, 20, 29):
        monitor.observe_person(False, s(t))
    assert check(monitor, 30) == [("state", S.PRESENT, S.AWAY, 30, 0)]
    for t in (100, 200):
        monitor.observe_person(False, s(t))
    assert check(monitor, 300) == [("alert", AWAY, 0, 300, 300.0)]


def test_unknown_source_mid_absence_ends_the_absence_without_alert() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    assert check(monitor, 30) == [("state", S.PRESENT, S.AWAY, 30, 0)]
    monitor.observe_person(None, s(120))
    assert check(monitor, 120) == [("state", S.AWAY, S.UNKNOWN, 120, 120)]
    assert due(monitor) is None
    assert check(monitor, 1000) == []
    # Back with an empty seat: confirmed again from that moment, never from before.
    monitor.observe_person(False, s(1000))
    assert (check(monitor, 1029), due(monitor)) == ([], 1030)
    assert monitor.state is S.UNKNOWN
    assert check(monitor, 1030) == [("state", S.UNKNOWN, S.AWAY, 1030, 1000)]
    assert check(monitor, 1300) == [("alert", AWAY, 1000, 1300, 300.0)]


def test_a_paused_window_is_not_supervised() -> None:
    monitor = seated()
    monitor.set_context(SeatContext(staff="S001", open=True, paused=True), s(0))
    monitor.observe_person(False, s(10))
    assert check(monitor, 10) == [("state", S.PRESENT, S.PAUSED, 0, 0)]
    assert due(monitor) is None
    assert check(monitor, 900) == []  # 15 minutes away: no AWAY, no alert
    # Resumed with the seat still empty: the absence counts from the resume.
    monitor.set_context(SEATED, s(1000))
    assert check(monitor, 1000) == [("state", S.PAUSED, S.UNKNOWN, 1000, 1000)]
    assert check(monitor, 1030) == [("state", S.UNKNOWN, S.AWAY, 1030, 1000)]
    assert check(monitor, 1300) == [("alert", AWAY, 1000, 1300, 300.0)]


def test_a_pause_ends_an_absence_and_its_alert() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    assert check(monitor, 30) == [("state", S.PRESENT, S.AWAY, 30, 0)]
    monitor.set_context(SeatContext(staff="S001", open=True, paused=True), s(200))
    assert check(monitor, 1000) == [("state", S.AWAY, S.PAUSED, 200, 200)]


def test_monitoring_is_off_outside_working_hours() -> None:
    monitor = seated()
    monitor.set_context(SeatContext(staff="S001", open=True, working=False), s(0))
    assert check(monitor, 0) == [("state", S.PRESENT, S.PAUSED, 0, 0)]
    monitor.observe_person(False, s(0))
    assert due(monitor) is None
    assert check(monitor, 900) == []  # an empty seat after hours is nobody's absence
    # Work begins with the seat still empty: a new episode, debounced and alerted from then.
    monitor.set_context(SEATED, s(1000))
    assert check(monitor, 1000) == [("state", S.PAUSED, S.UNKNOWN, 1000, 1000)]
    assert check(monitor, 1030) == [("state", S.UNKNOWN, S.AWAY, 1030, 1000)]
    assert due(monitor) == 1300
    assert check(monitor, 1299) == []
    assert check(monitor, 1300) == [("alert", AWAY, 1000, 1300, 300.0)]


def test_work_ending_before_the_alert_is_due_cancels_it() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    assert check(monitor, 30) == [("state", S.PRESENT, S.AWAY, 30, 0)]
    monitor.set_context(SeatContext(staff="S001", open=True, working=False), s(299))
    assert (check(monitor, 299), due(monitor)) == ([("state", S.AWAY, S.PAUSED, 299, 299)], None)
    assert check(monitor, 2000) == []


def test_cooldown_between_two_absences() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    assert check(monitor, 300) == [("state", S.PRESENT, S.AWAY, 30, 0), ("alert", AWAY, 0, 300, 300.0)]
    monitor.observe_person(True, s(360))
    # Away again at 480: the alert would fall due at 780, 480 s after the last one (< 600).
    monitor.observe_person(False, s(480))
    assert check(monitor, 779) == [
        ("state", S.AWAY, S.PRESENT, 360, 360),
        ("state", S.PRESENT, S.AWAY, 510, 480),
    ]
    assert due(monitor) is None  # the alert due at 780 would be held back: nothing to wait for
    assert check(monitor, 780) == []
    assert check(monitor, 1199) == []  # suppressed for the whole episode, even past the cooldown
    assert check(monitor, 1200) == []
    monitor.observe_person(True, s(1200))
    # Away again at 1300: due at 1600, 1300 s after the last alert: raised.
    monitor.observe_person(False, s(1300))
    assert check(monitor, 1600) == [
        ("state", S.AWAY, S.PRESENT, 1200, 1200),
        ("state", S.PRESENT, S.AWAY, 1330, 1300),
        ("alert", AWAY, 1300, 1600, 300.0),
    ]


def test_a_break_in_working_hours_ends_the_episode() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    check(monitor, 360)
    monitor.observe_person(True, s(360))
    monitor.observe_person(False, s(480))  # due at 780, within the cooldown of the alert at 300
    # Working hours end and begin again: what follows is a new episode, alerted past the cooldown.
    monitor.set_context(SeatContext(staff="S001", open=True, working=False), s(800))
    monitor.set_context(SEATED, s(900))
    assert check(monitor, 900) == [
        ("state", S.AWAY, S.PRESENT, 360, 360),
        ("state", S.PRESENT, S.AWAY, 510, 480),
        ("state", S.AWAY, S.PAUSED, 800, 800),
        ("state", S.PAUSED, S.UNKNOWN, 900, 900),
    ]
    assert due(monitor) == 930
    assert check(monitor, 1300) == [("state", S.UNKNOWN, S.AWAY, 930, 900), ("alert", AWAY, 900, 1200, 300.0)]


def test_cooldown_ends_exactly_on_time_and_is_per_kind() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    assert check(monitor, 300)[-1] == ("alert", AWAY, 0, 300, 300.0)
    monitor.observe_person(True, s(310))
    monitor.observe_phone(True, s(320))  # a phone alert is not held back by the away alert
    assert check(monitor, 380)[-1] == ("alert", PHONE, 320, 380, 60.0)
    monitor.observe_phone(False, s(390))
    monitor.observe_person(False, s(600))
    assert check(monitor, 900)[-1] == ("alert", AWAY, 600, 900, 300.0)  # 600 s after the first


def test_no_cooldown() -> None:
    monitor = seated(SupervisionSettings(cooldown=0))
    for start in (0, 400):
        monitor.observe_person(False, s(start))
        assert check(monitor, start + 300)[-1] == ("alert", AWAY, start, start + 300, 300.0)
        monitor.observe_person(True, s(start + 310))


def test_an_alert_time_shorter_than_the_confirmation_alerts_on_confirmation() -> None:
    monitor = seated(SupervisionSettings(absence_confirm=30, away_alert=10))
    monitor.observe_person(False, s(0))
    assert due(monitor) == 30
    assert check(monitor, 30) == [("state", S.PRESENT, S.AWAY, 30, 0), ("alert", AWAY, 0, 30, 30.0)]


def test_no_debounce() -> None:
    monitor = seated(SupervisionSettings(absence_confirm=0, phone_confirm=0))
    monitor.observe_person(False, s(0))
    assert check(monitor, 0) == [("state", S.PRESENT, S.AWAY, 0, 0)]
    monitor.observe_person(True, s(1))
    monitor.observe_phone(True, s(1))
    assert check(monitor, 1) == [("state", S.AWAY, S.PRESENT, 1, 1), ("state", S.PRESENT, S.PHONE, 1, 1)]


# Phone use


def test_ninety_seconds_on_the_phone() -> None:
    monitor = seated()
    monitor.observe_phone(True, s(0))
    assert (check(monitor, 9.999), due(monitor)) == ([], 10)
    assert monitor.state is S.PRESENT
    assert check(monitor, 10) == [("state", S.PRESENT, S.PHONE, 10, 0)]  # since: first seen
    assert (monitor.since, due(monitor)) == (s(0), 60)
    (alert,) = monitor.evaluate(s(60))
    assert alert == AlertRaised(window=5, staff="S001", kind=PHONE, started=s(0), at=s(60), duration=60.0)
    monitor.observe_phone(False, s(90))
    assert check(monitor, 90) == [("state", S.PHONE, S.PRESENT, 90, 90)]
    assert due(monitor) is None


def test_a_short_glance_at_the_phone_is_nothing() -> None:
    monitor = seated()
    monitor.observe_phone(True, s(0))
    monitor.observe_phone(None, s(9))  # unknown counts as not seen
    assert (check(monitor, 100), due(monitor)) == ([], None)
    monitor.observe_phone(True, s(100))
    monitor.observe_phone(True, s(105))  # the same value again does not restart the count
    assert check(monitor, 110) == [("state", S.PRESENT, S.PHONE, 110, 100)]


def test_a_phone_on_an_empty_seat_does_not_count() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    monitor.observe_phone(True, s(1))  # during the gap: the person is not there
    assert due(monitor) == 30
    assert check(monitor, 30) == [("state", S.PRESENT, S.AWAY, 30, 0)]
    assert check(monitor, 300) == [("alert", AWAY, 0, 300, 300.0)]
    assert monitor.state is S.AWAY
    # The person comes back to the phone on the desk: it counts from their return.
    monitor.observe_person(True, s(400))
    assert (check(monitor, 409), due(monitor)) == ([("state", S.AWAY, S.PRESENT, 400, 400)], 410)
    assert check(monitor, 410) == [("state", S.PRESENT, S.PHONE, 410, 400)]


def test_leaving_with_the_phone_ends_the_phone_episode() -> None:
    monitor = seated()
    monitor.observe_phone(True, s(0))
    assert check(monitor, 10) == [("state", S.PRESENT, S.PHONE, 10, 0)]
    monitor.observe_person(False, s(20))
    assert check(monitor, 20) == [("state", S.PHONE, S.PRESENT, 20, 20)]
    assert due(monitor) == 50
    assert check(monitor, 50) == [("state", S.PRESENT, S.AWAY, 50, 20)]


def test_a_phone_seen_before_signing_in_counts_from_signing_in() -> None:
    monitor = SeatMonitor(5, SupervisionSettings(), s(0))
    monitor.observe_person(True, s(0))
    monitor.observe_phone(True, s(0))
    assert check(monitor, 100) == [("state", S.UNKNOWN, S.SIGNED_OUT, 0, 0)]
    monitor.set_context(SEATED, s(100))
    assert check(monitor, 110) == [
        ("state", S.SIGNED_OUT, S.PRESENT, 100, 100),
        ("state", S.PRESENT, S.PHONE, 110, 100),
    ]


# Another staff member takes the seat


def test_a_new_staff_member_starts_afresh() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    assert check(monitor, 300)[-1] == ("alert", AWAY, 0, 300, 300.0)
    monitor.set_context(SeatContext(staff="S002", open=True), s(400))
    (change,) = monitor.evaluate(s(400))
    assert change == StateChange(
        window=5, staff="S002", state=S.UNKNOWN, previous=S.AWAY, at=s(400), since=s(400)
    )
    assert check(monitor, 430) == [("state", S.UNKNOWN, S.AWAY, 430, 400)]
    # The cooldown belongs to the window: 700 is within 600 s of the alert at 300.
    assert check(monitor, 700) == []
    monitor.observe_person(True, s(800))
    monitor.set_context(SeatContext(staff="S003", open=True), s(900))
    changes = monitor.evaluate(s(900))
    assert changes == [
        StateChange(window=5, staff="S002", state=S.PRESENT, previous=S.AWAY, at=s(800), since=s(800)),
        StateChange(window=5, staff="S003", state=S.PRESENT, previous=S.PRESENT, at=s(900), since=s(900)),
    ]


# next_check and the clock


def test_next_check_follows_the_timeline() -> None:
    monitor = seated(person=None)
    assert due(monitor) is None  # unknown: nothing can happen without news
    monitor.observe_person(True, s(0))
    assert due(monitor) == 0  # a change waits to be reported
    check(monitor, 0)
    assert due(monitor) is None
    monitor.observe_phone(True, s(5))
    check(monitor, 5)
    assert due(monitor) == 15  # phone confirmation
    check(monitor, 15)
    assert due(monitor) == 65  # phone alert
    monitor.observe_person(False, s(20))
    check(monitor, 20)
    assert due(monitor) == 50  # absence confirmation (the phone no longer counts)
    check(monitor, 50)
    assert due(monitor) == 320  # away alert
    monitor.set_context(SeatContext(staff="S001", open=True, paused=True), s(60))
    check(monitor, 60)
    assert due(monitor) is None


def test_the_clock_going_back_counts_as_no_time() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    assert check(monitor, 20) == []
    assert check(monitor, 10) == []  # 10 s back: the 20 s that had passed still count, no more
    assert due(monitor) == 20
    assert check(monitor, 19.5) == []
    assert check(monitor, 20) == [("state", S.PRESENT, S.AWAY, 20, -10)]
    assert check(monitor, 290) == [("alert", AWAY, -10, 290, 300.0)]
    # Observations with an earlier time do not fail either.
    monitor.observe_person(True, s(100))
    assert check(monitor, 100) == [("state", S.AWAY, S.PRESENT, 100, 100)]


def test_the_clock_going_back_keeps_the_cooldown() -> None:
    monitor = seated()
    monitor.observe_person(False, s(0))
    assert check(monitor, 300)[-1] == ("alert", AWAY, 0, 300, 300.0)
    monitor.observe_person(True, s(310))
    assert check(monitor, 320) == [("state", S.AWAY, S.PRESENT, 310, 310)]
    assert check(monitor, -3280) == []  # an hour back: 09:00:20 on the old clock is 08:00:20 now
    monitor.observe_person(False, s(-3270))
    # Due at -2970 (-3270 + 300), 330 s after the alert on the new clock (300 - 3600): held back.
    assert check(monitor, -3000) == [("state", S.PRESENT, S.AWAY, -3240, -3270)]
    assert due(monitor) is None
    assert check(monitor, -2970) == []


# Invariants over random inputs


STEP = st.tuples(
    st.sampled_from(["person", "phone", "context", "wait"]),
    st.sampled_from([True, False, None]),
    st.sampled_from([0.0, 1.0, 5.0, 9.0, 10.0, 29.0, 30.0, 45.0, 61.0, 120.0, 299.0, 301.0, 650.0]),
    st.sampled_from(
        [
            SEATED,
            SEATED,
            SeatContext(staff="S002", open=True),
            SeatContext(staff="S001", open=True, paused=True),
            SeatContext(staff="S001", open=False),
            SeatContext(staff=None),
            SeatContext(staff="S001", open=True, working=False),
        ]
    ),
)


def play(
    steps: list[tuple[str, bool | None, float, SeatContext]], *, dense: bool
) -> list[StateChange | AlertRaised]:
    """Feed the steps; evaluate after each input (and at each next_check when ``dense``).

    When dense, every outcome is collected under the context it happened in: alerts only come
    while the window is supervised in working hours.
    """
    monitor = SeatMonitor(5, SupervisionSettings(), s(0))
    current = SEATED
    monitor.set_context(current, s(0))  # as the integration does (the first resolution is lazy)
    out: list[StateChange | AlertRaised] = []

    def collect(found: list[StateChange | AlertRaised]) -> None:
        for outcome in found:
            if isinstance(outcome, AlertRaised):
                assert current.working and current.open and not current.paused
                assert outcome.staff == current.staff is not None
        out.extend(found)

    t = 0.0
    for kind, value, wait, context in steps:
        end = t + wait
        while dense and (when := monitor.next_check()) is not None and secs(when) <= end:
            # next_check is exact: nothing just before it, something at it.
            before = max(t, secs(when) - 0.001)
            if before < secs(when):
                assert monitor.evaluate(s(before)) == []
            found = monitor.evaluate(when)
            assert found, (kind, secs(when))
            collect(found)
            t = secs(when)
        t = end
        if kind == "person":
            monitor.observe_person(value, s(t))
        elif kind == "phone":
            monitor.observe_phone(value, s(t))
        elif kind == "context":
            monitor.set_context(context, s(t))
            current = context
        if dense:
            collect(monitor.evaluate(s(t)))
    return out + monitor.evaluate(s(t + 3600))


@hyp_settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, max_size=40))
def test_random_inputs(steps: list[tuple[str, bool | None, float, SeatContext]]) -> None:
    dense = play(steps, dense=True)
    assert play(steps, dense=False) == dense  # evaluate's frequency does not matter
    state = S.UNKNOWN
    last: dict[AlertKind, datetime] = {}
    previous_at = s(0)
    for outcome in dense:
        assert outcome.at >= previous_at
        previous_at = outcome.at
        if isinstance(outcome, StateChange):
            assert outcome.previous is state
            assert outcome.since <= outcome.at
            state = outcome.state
            continue
        # Alerts only for the episode under way, past its time, outside the cooldown.
        assert state == outcome.kind
        assert outcome.duration == (outcome.at - outcome.started).total_seconds()
        assert outcome.duration >= (300 if outcome.kind is AWAY else 60)
        if outcome.kind in last:
            assert (outcome.at - last[outcome.kind]).total_seconds() >= 600
        last[outcome.kind] = outcome.at


# Episodes the hall stops seeing (issue 19, item 2): alert and record end together


def _away_with_alert(hall: Any) -> None:
    """S001 at window 1: the seat empty from 9:00, away from 9:00:30, alerted at 9:05."""
    from .conftest import run

    change = StateChange(
        window=1, staff="S001", state=StaffState.AWAY, previous=StaffState.PRESENT, at=s(30), since=s(0)
    )
    run(hall, hall.record_state(change))
    raised = AlertRaised(window=1, staff="S001", kind=AlertKind.AWAY, started=s(0), at=s(300), duration=300.0)
    run(hall, hall.record_alert(raised))


@pytest.mark.parametrize(
    ("stopped", "ended"),
    [
        (420.0, 420.0),  # an unload or Home Assistant stopping at 9:07 says when
        (None, 300.0),  # a crash says nothing: the last thing the hall logged, the alert at 9:05
    ],
)
def test_episodes_the_hall_stops_seeing_end_for_alert_and_record_alike(
    stopped: float | None, ended: float
) -> None:
    from custom_components.service_hall.hall.screens import screen_view

    from .conftest import make_hall, run, staffed

    hall = staffed(make_hall(), s(-600))
    _away_with_alert(hall)
    events = hall.close_unseen_episodes([1, 2], None if stopped is None else s(stopped))
    assert [(e.window, e.state, e.at) for e in events] == [(1, "unknown", s(ended))]  # window 2 had none
    run(hall, events)
    assert hall.close_unseen_episodes([1], s(5000)) == []  # nothing open any more
    restarted = s(1800)  # back 20 minutes later, or more: none of it counts
    record = hall.state.stats.supervision["S001"]
    assert record.away_since is None and record.away_seconds == ended
    (alert,) = screen_view(hall, restarted, {}, rating_window=0)["alerts"]
    assert (alert["seconds"], alert["ongoing"]) == (ended, False)
