"""Estimated waits, with hand-computed figures, and their error measured on every call.

The test layout: id_card 4 min and passport 6 min at window 1, id_card and social (5 min) at
window 2, social (weight 1) and tax (weight 0.2, 5 min) at window 3, tax at window 4.
"""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from custom_components.service_hall.hall import Hall
from custom_components.service_hall.hall.engine import BIG_QUEUE, BIG_QUEUE_SECONDS
from custom_components.service_hall.hall.estimate import DEFAULT_PAUSE, Z_90, gamma_quantile, wait_range

from .conftest import DAY, NOW, at, call, issue, later, make_hall, open_windows, run

# The range


def test_gamma_quantiles_of_an_exponential_wait() -> None:
    # Mean 10, spread 10 is an exponential: median 10 ln 2, 90th percentile 10 ln 10.
    assert gamma_quantile(10, 10, 0.0) == pytest.approx(10 * math.log(2), rel=0.02)
    assert gamma_quantile(10, 10, Z_90) == pytest.approx(10 * math.log(10), rel=0.02)


def test_range_is_median_to_ninetieth_percentile_around_the_mean() -> None:
    estimate = wait_range(12.0, 4.0)
    assert estimate.low < estimate.point == 12.0 < estimate.high
    # A narrow spread is nearly normal: the 90th percentile is the mean plus 1.28 spreads.
    narrow = wait_range(100.0, 2.0)
    assert narrow.high == pytest.approx(100 + Z_90 * 2, abs=0.1)
    assert narrow.low == pytest.approx(100, abs=0.1)
    assert wait_range(0.0, 3.0).rounded() == {"low": 0.0, "point": 0.0, "high": 0.0}
    assert wait_range(5.0, 0.0).rounded() == {"low": 5.0, "point": 5.0, "high": 5.0}


# The model on the test layout


def test_no_open_window_no_estimate(hall: Hall) -> None:
    assert hall.estimate("id_card", NOW) is None
    (event,) = hall.issue("id_card", NOW)
    assert event.estimate is None


def test_paused_windows_come_back_when_their_pause_is_expected_to_end(hall: Hall) -> None:
    open_windows(hall, 4)
    run(hall, hall.pause_window(4, "午休", NOW))
    # Before any pause has ended, a pause is expected to last 10 minutes.
    assert hall.estimate("tax", NOW).point == pytest.approx(DEFAULT_PAUSE)  # type: ignore[union-attr]
    assert hall.estimate("tax", later(NOW, 4)).point == pytest.approx(6)  # type: ignore[union-attr]
    # Past its expected end it is still expected to last a minute.
    assert hall.estimate("tax", later(NOW, 30)).point == pytest.approx(1)  # type: ignore[union-attr]
    # Pauses that ended teach the model how long they last: 4 and 6 minutes, 5 on average.
    run(hall, hall.resume_window(4, later(NOW, 4)))
    run(hall, hall.pause_window(4, "会议", later(NOW, 10)))
    run(hall, hall.resume_window(4, later(NOW, 16)))
    assert list(hall.state.pause_lengths) == [pytest.approx(4), pytest.approx(6)]
    run(hall, hall.pause_window(4, "会议", later(NOW, 20)))
    assert hall.estimate("tax", later(NOW, 21)).point == pytest.approx(4)  # type: ignore[union-attr]
    # A new reason does not restart the pause.
    run(hall, hall.pause_window(4, "午休", later(NOW, 22)))
    assert hall.estimate("tax", later(NOW, 22)).point == pytest.approx(3)  # type: ignore[union-attr]
    # Closed windows serve nobody.
    run(hall, hall.close_window(4, later(NOW, 23)))
    assert hall.estimate("tax", later(NOW, 23)) is None


def test_an_idle_window_and_nobody_ahead_is_no_wait(hall: Hall) -> None:
    open_windows(hall, 1)
    estimate = hall.estimate("id_card", NOW)
    assert estimate is not None
    assert estimate.rounded() == {"low": 0.0, "point": 0.0, "high": 0.0}


def test_a_busy_window_and_its_queue(hall: Hall) -> None:
    open_windows(hall, 1)
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 0))
    issue(hall, "id_card", at(9, 0, 30))
    issue(hall, "id_card", at(9, 0, 40))
    # Window 1 has served A001 for 1 of its 4 minutes: 3 left, then two tickets of 4 minutes.
    estimate = hall.estimate("id_card", at(9, 1))
    assert estimate is not None
    assert estimate.point == pytest.approx(3 + 2 * 4)
    # Past its expected end, a service is still expected to take a third of it.
    late = hall.estimate("id_card", at(9, 10))
    assert late is not None
    assert late.point == pytest.approx(4 / 3 + 2 * 4)
    assert late.low < late.point < late.high


def test_other_services_on_the_same_windows_count(hall: Hall) -> None:
    open_windows(hall, 1, 2)
    issue(hall, "id_card", at(9, 0))
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 0))
    call(hall, 2, at(9, 0))
    issue(hall, "passport", at(9, 0))  # A003: only window 1
    issue(hall, "social", at(9, 0))  # B001, B002: only window 2 while window 3 is closed
    issue(hall, "social", at(9, 0))
    issue(hall, "id_card", at(9, 0))  # A004: window 1 or 2
    # Both windows have 4 minutes left: the first frees after 1 / (1/4 + 1/4) = 2 minutes, the
    # other 4 minutes later. Window 1 takes A003 at 2 (free at 8); window 2 takes B001 at 6
    # and B002 at 11 (free at 16); A004 goes to window 1 at 8 (free at 12).
    info = hall.ticket_info("A004", NOW)
    assert info.estimate is not None
    assert info.estimate.point == pytest.approx(8)
    assert hall.ticket_info("B002", NOW).estimate.point == pytest.approx(11)  # type: ignore[union-attr]
    new_id_card = hall.estimate("id_card", NOW)
    assert new_id_card is not None
    assert new_id_card.point == pytest.approx(12)  # window 1, the first with nothing older left
    new_social = hall.estimate("social", NOW)
    assert new_social is not None
    assert new_social.point == pytest.approx(16)


def test_a_window_shared_with_a_queue_serves_it_first(hall: Hall) -> None:
    open_windows(hall, 3, 4)
    for _ in range(3):
        issue(hall, "tax", at(9, 0))
    call(hall, 3, at(9, 0))
    call(hall, 4, at(9, 0))
    # Windows 3 and 4 have 5 minutes left: the first frees after 2.5 minutes (window 3, the
    # lower number on a tie) and takes the waiting tax ticket; social has window 3 alone.
    social = hall.estimate("social", NOW)
    assert social is not None
    assert social.point == pytest.approx(2.5 + 5)
    assert hall.estimate("tax", NOW).point == pytest.approx(7.5)  # type: ignore[union-attr]


def test_booked_appointments_that_begin_first_go_first(hall: Hall) -> None:
    open_windows(hall, 1)
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 0))
    issue(hall, "id_card", at(9, 0))
    before = hall.estimate("id_card", NOW)
    assert before is not None
    assert before.point == pytest.approx(4 + 4)
    run(hall, hall.book("passport", at(9, 5), NOW, code="111111"))  # within the 8 minutes
    run(hall, hall.book("id_card", at(9, 30), NOW, code="222222"))  # after
    after = hall.estimate("id_card", NOW)
    assert after is not None
    assert after.point == pytest.approx(4 + 4 + 6)
    # A checked-in appointment holds a ticket: it is counted as a waiting ticket, not twice.
    run(hall, hall.check_in("111111", at(9, 1)))
    checked_in = hall.estimate("id_card", at(9, 1))
    assert checked_in is not None
    assert checked_in.point == pytest.approx(3 + 4 + 6)


def test_a_ticket_sent_to_a_named_window_waits_for_it_alone() -> None:
    hall = make_hall()
    open_windows(hall, 1, 2)
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 0))
    run(hall, hall.start(at(9, 0), window=1))
    run(hall, hall.transfer(at(9, 1), window=1, target_window=2))
    # Window 2 is idle and takes it at once; window 1 would not.
    info = hall.ticket_info("A001", at(9, 1))
    assert info.estimate is not None
    assert info.estimate.point == 0.0


def test_estimates_are_rebuilt_after_every_event_and_as_time_passes() -> None:
    hall = make_hall()
    open_windows(hall, 1)
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 0))
    first = hall.estimate("id_card", at(9, 0))
    assert first is not None
    assert first.point == pytest.approx(4)
    issue(hall, "id_card", at(9, 0))
    second = hall.estimate("id_card", at(9, 0))
    assert second is not None
    assert second.point == pytest.approx(8)
    # Two minutes on, window 1 is 2 minutes from free.
    later_on = hall.estimate("id_card", at(9, 2))
    assert later_on is not None
    assert later_on.point == pytest.approx(6)
    # A new day's state at the same version is answered afresh.
    hall.state = hall.next_day(at(3, 0, day=DAY + timedelta(days=1)))
    assert hall.estimate("id_card", at(9, 2, day=DAY + timedelta(days=1))) is None


def test_the_range_widens_with_the_queue(hall: Hall) -> None:
    open_windows(hall, 1, 2)
    widths = []
    for minute in range(12):
        issue(hall, "id_card", later(NOW, minute))
        estimate = hall.estimate("id_card", later(NOW, minute))
        assert estimate is not None
        assert estimate.low <= estimate.point <= estimate.high
        widths.append(estimate.high - estimate.low)
    assert widths[-1] > widths[2] > 0


# The error, measured on every call


def test_estimate_error_is_measured_at_the_first_call_only() -> None:
    hall = make_hall()
    open_windows(hall, 1)
    issue(hall, "id_card", at(9, 0))
    call(hall, 1, at(9, 0))
    issue(hall, "id_card", at(9, 0))  # estimated 4 minutes
    assert hall.ticket("A002").estimate_at_issue == pytest.approx(4)
    assert hall.state.stats.estimate_errors == [0.0]  # A001: estimated 0, called at once
    run(hall, hall.complete(at(9, 7), window=1))
    call(hall, 1, at(9, 7))  # waited 7: 3 minutes more than estimated
    errors = hall.state.stats.estimate_errors
    assert errors == [pytest.approx(0.0), pytest.approx(3.0)]
    assert hall.state.stats.estimate_error() == pytest.approx(1.5)
    summary = hall.state.stats.summary()
    assert summary["estimate_error"] == 1.5
    assert summary["estimate_bias"] == 1.5
    # Back after a no-show: a second queue, not what the estimate at issue was about.
    run(hall, hall.no_show(at(9, 9), window=1))
    run(hall, hall.reactivate("A002", at(9, 10)))
    call(hall, 1, at(9, 12))
    assert len(hall.state.stats.estimate_errors) == 2


def test_tickets_issued_without_an_open_window_are_not_measured() -> None:
    hall = make_hall()
    issue(hall, "id_card", at(9, 0))
    open_windows(hall, 1, now=at(9, 5))
    call(hall, 1, at(9, 5))
    assert hall.state.stats.estimate_errors == []
    assert hall.state.stats.summary()["estimate_error"] is None


def test_a_walk_in_joins_the_model_without_a_replay(hall: Hall) -> None:
    open_windows(hall, 1)
    issue(hall, "id_card", at(9, 0))
    model = hall.wait_model(at(9, 0))
    second = issue(hall, "id_card", at(9, 0, 10))
    assert hall.wait_model(at(9, 0, 10)) is model  # appended, not rebuilt
    assert model.called_after[second] == pytest.approx(4)
    call(hall, 1, at(9, 0, 20))  # a call is not an append: the model is played again
    assert hall.wait_model(at(9, 0, 20)) is not model


def test_a_big_queue_is_replayed_at_most_every_few_seconds(
    hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr("custom_components.service_hall.hall.engine.monotonic", lambda: clock[0])
    open_windows(hall, 1, 2)
    for second in range(BIG_QUEUE + 1):
        issue(hall, "id_card", later(NOW, second / 600))
    model = hall.wait_model(at(9, 1))
    call(hall, 1, at(9, 1))
    assert hall.wait_model(at(9, 1)) is model  # a call, but within the seconds allowed
    clock[0] += BIG_QUEUE_SECONDS
    fresh = hall.wait_model(at(9, 1))
    assert fresh is not model
    assert len(fresh.called_after) == BIG_QUEUE  # the called ticket no longer waits


def test_tickets_that_go_first_take_their_share_while_one_waits(hall: Hall) -> None:
    open_windows(hall, 4, now=at(8, 30))
    issue(hall, "tax", at(8, 40), priority=True)  # the priority lane, once in the half hour open
    call(hall, 4, at(8, 40))
    run(hall, hall.complete(at(8, 45), window=4))  # 5 minutes
    issue(hall, "tax", at(9, 0))
    call(hall, 4, at(9, 0))
    # Window 4 is 5 minutes from free; priority tickets arrive at 1 in 30 minutes and take 5
    # minutes each: a sixth of the window's time, so 5 / (1 - 1/6) = 6.
    estimate = hall.estimate("tax", at(9, 0))
    assert estimate is not None
    assert estimate.point == pytest.approx(6)
