"""The live simulator's plan: seeded, shaped like a hall's day, and its clock."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from pathlib import Path

import pytest

from simulator.live import plan
from simulator.live.ledger import EpisodeRecord, Ledger, TicketRecord
from simulator.live.tuning import FAST, REAL_TIME, Tuning, for_speed

SERVICES = list(plan.SERVICES)


def test_citizens_are_the_same_for_a_seed_and_differ_between_seeds_and_days() -> None:
    first = plan.citizens(1, SERVICES, 0)
    assert first == plan.citizens(1, SERVICES, 0)
    assert first != plan.citizens(2, SERVICES, 0)
    second_day = plan.citizens(1, SERVICES, 1)
    assert second_day != first
    assert all(1440 + plan.DAY_START <= c.at < 1440 + plan.DAY_END for c in second_day)


def test_a_day_has_its_peaks_lull_and_mix() -> None:
    days = [plan.citizens(seed, SERVICES, 0) for seed in range(5)]
    per_day = [len(day) for day in days]
    assert all(0.8 * plan.CASES_PER_DAY < n < 1.2 * plan.CASES_PER_DAY for n in per_day), per_day
    everyone = [c for day in days for c in day]
    in_hour = Counter(int(c.at // 60) for c in everyone)
    assert in_hour[10] > 1.5 * in_hour[12]  # the morning peak against the lunch lull
    assert in_hour[15] > 1.5 * in_hour[12]
    services = Counter(c.service for c in everyone)
    assert services["household"] > services["business"]  # by the hall's shares
    assert 0.02 < sum(c.no_show for c in everyone) / len(everyone) < 0.09
    rated = [c.grade for c in everyone if c.grade is not None]
    assert 0.5 < len(rated) / len(everyone) < 0.7 and set(rated) <= {1, 2, 3, 4, 5}
    assert Counter(rated).most_common(1)[0][0] == 5
    assert all(c.handling > 0 for c in everyone)


@pytest.mark.parametrize(("speed", "tuning"), [(120, FAST), (1, REAL_TIME)])
def test_episodes_start_with_one_kind_per_window_then_draw(speed: float, tuning: Tuning) -> None:
    firsts = [next(plan.episodes(7, window, speed)) for window in range(1, 7)]
    assert [kind for _at, kind in firsts] == list(tuning.first)
    assert [at for at, _kind in firsts] == list(tuning.first_at)
    drawn = list(itertools.islice(plan.episodes(7, 1, speed), 200))
    assert drawn == list(itertools.islice(plan.episodes(7, 1, speed), 200))
    assert all(gap > 0 for gap, _kind in drawn)
    assert {kind for _gap, kind in drawn} == set(tuning.episodes)


def test_the_speed_chooses_the_tuning() -> None:
    assert for_speed(1) is REAL_TIME and for_speed(0.5) is REAL_TIME
    assert for_speed(1.5) is FAST and for_speed(10) is FAST and for_speed(120) is FAST
    assert for_speed(1, simulated=False) is FAST  # a still hall, driven by hand: short times


def test_real_time_is_the_products_defaults_and_fast_the_checks_short_times() -> None:
    assert REAL_TIME.options == {
        "absence_confirm": 30.0,
        "phone_confirm": 10.0,
        "away_alert": 300.0,
        "phone_alert": 60.0,
        "alert_cooldown": 600.0,
    }
    # The living-hall test and the dashboards' still hall count on these.
    assert FAST.options == {
        "absence_confirm": 5.0,
        "phone_confirm": 3.0,
        "away_alert": 30.0,
        "phone_alert": 10.0,
        "alert_cooldown": 0.0,
    }


def test_the_fast_draw_is_unchanged() -> None:
    """The headless checks' episodes as they were before the real-time tuning came."""
    drawn = list(itertools.islice(plan.episodes(7, 2, 120), 6))
    rng = random.Random("7:episodes:2")
    kinds = ["away_short", "away", "away_alert", "phone_short", "phone_alert"]
    want = [(5.0, "phone_alert")]
    want += [(rng.expovariate(1 / 25.0), rng.choices(kinds, weights=[2, 2, 1, 2, 1])[0]) for _ in range(5)]
    assert drawn == want
    lengths = {kind: plan.episode(kind, FAST, random.Random(1))[1] for kind in FAST.episodes}
    assert lengths == {
        "away_short": 2.0,
        "away": 11.0,
        "away_alert": 38.0,
        "phone_short": 1.5,
        "phone_alert": 16.0,
    }


@pytest.mark.parametrize(
    ("tuning", "kind"), [(tuning, kind) for tuning in (FAST, REAL_TIME) for kind in tuning.episodes]
)
def test_episodes_stay_clear_of_the_thresholds(tuning: Tuning, kind: str) -> None:
    """Short ones end well before the hall's debounce, alerting ones well after the alert time."""
    seat, shortest, longest, alert = tuning.episodes[kind]
    confirm, alert_after = tuning.confirm(seat), tuning.alert_after(seat)
    if alert is None:
        assert longest <= confirm - 1 or confirm + 3 <= shortest <= longest <= alert_after - 10
    else:
        assert alert == seat and shortest >= alert_after + 5
    rng = random.Random(kind)
    for _ in range(50):
        _seat, seconds, _alert = plan.episode(kind, tuning, rng)
        assert shortest <= seconds <= longest <= tuning.longest
    if alert is not None:  # its quiet stand-in does the same at the seat, without an alert
        quiet_seat, _shortest, quiet_longest, quiet_alert = tuning.episodes[tuning.quiet[kind]]
        assert quiet_seat == seat and quiet_alert is None and quiet_longest <= alert_after - 5


def test_an_alert_the_cooldown_would_hold_back_is_not_counted_on() -> None:
    # Real time: 600 s between two alerts of a kind at a window (the hall's cooldown).
    assert plan.unless_cooling("away_alert", REAL_TIME, 300, None) == "away_alert"
    assert plan.unless_cooling("away_alert", REAL_TIME, 300, 200) == "away"  # due 500 s after the last
    assert plan.unless_cooling("phone_alert", REAL_TIME, 60, 560) == "phone"  # 620 s: too close to call
    assert plan.unless_cooling("phone_alert", REAL_TIME, 60, 600) == "phone_alert"
    assert plan.unless_cooling("away", REAL_TIME, 300, 1) == "away"
    # Fast: no cooldown, every long episode alerts.
    assert plan.unless_cooling("away_alert", FAST, 30, 1) == "away_alert"


def test_in_real_time_a_hall_has_a_few_alerts_an_hour() -> None:
    """Six windows over 40 hours of the plan (gaps, durations, the cooldown): a few alerts an hour,
    most absences short, now and then a long one."""
    hours, counts, alerts = 40.0, Counter[str](), 0
    for window in range(1, 7):
        clock = 0.0
        last_due: dict[str, float] = {}
        rng = random.Random(window)
        for gap, kind in plan.episodes(11, window, 1):
            clock += gap
            if clock > hours * 3600:
                break
            seat, _shortest, _longest, alert = REAL_TIME.episodes[kind]
            if alert is not None:
                due_in = REAL_TIME.alert_after(seat)
                since = clock - last_due[alert] if alert in last_due else None
                kind = plan.unless_cooling(kind, REAL_TIME, due_in, since)
            seat, seconds, alert = plan.episode(kind, REAL_TIME, rng)
            if alert is not None:
                last_due[alert] = clock + REAL_TIME.alert_after(seat)
                alerts += 1
            counts[kind] += 1
            clock += seconds
    assert 1.5 < alerts / hours < 6, alerts / hours
    episodes_per_hour = sum(counts.values()) / hours
    assert 30 < episodes_per_hour < 60, episodes_per_hour
    assert counts["away_short"] > counts["away"] > counts["away_alert"] > 0
    assert counts["phone_short"] > counts["phone"] > counts["phone_alert"] > 0


def test_pauses_are_breaks_and_short_pauses() -> None:
    pauses = plan.pauses(3, 1, 0)
    assert len(pauses) == plan.PAUSES_PER_DAY and pauses == sorted(pauses, key=lambda p: p.at)
    assert sum(p.reason == "break" for p in pauses) == 2
    assert all(plan.DAY_START < p.at < plan.DAY_END and p.minutes > 0 for p in pauses)


def test_the_clock_skips_the_night() -> None:
    start = plan.DAY_START  # 08:30
    assert plan.sim_minute(start, 60, 0) == start
    assert plan.sim_minute(start, 60, 90) == 10 * 60  # 90 s at 60x: 90 minutes
    open_minutes = plan.DAY_END - plan.DAY_START
    assert plan.sim_minute(start, 60, open_minutes) == 1440 + plan.DAY_START  # the next morning
    for minute in (start, 600.0, 1000.0, 1440 + 700.0):
        assert plan.sim_minute(start, 60, plan.real_seconds(start, 60, minute)) == pytest.approx(minute)
    assert plan.real_seconds(600, 10, 540) == 0  # before the start: now
    assert plan.clock(1440 + 9 * 60 + 5.9) == "d2 09:05"


def test_the_ledger_counts_and_is_written_whole(tmp_path: Path) -> None:
    ledger = Ledger(seed=1, speed=10, start="d1 08:30", units={"1": "window-unit-01"})
    ledger.tickets += [
        TicketRecord("A001", "household", False, "t", fate="completed", window=1, rated=5),
        TicketRecord("A002", "household", False, "t"),
        TicketRecord("B001", "tax", True, "t", fate="no_show", window=2),
    ]
    ledger.episodes.append(
        EpisodeRecord(
            window=1, kind="away_alert", seat="away", started_at="t", alert_kind="away", alert_expected=True
        )
    )
    ledger.unit_presses["window-unit-01"] += 2
    path = tmp_path / "ledger.json"
    ledger.write(path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["counts"] == {
        "issued": 3,
        "waiting": 1,
        "called": 0,
        "serving": 0,
        "completed": 1,
        "no_show": 1,
        "rated": 1,
        "episodes": 1,
        "alerts_expected": 1,
        "refused": 0,
    }
    assert written["unit_presses"] == {"window-unit-01": 2}
    assert written["tickets"][0] == {
        "number": "A001",
        "service": "household",
        "priority": False,
        "issued_at": "t",
        "fate": "completed",
        "window": 1,
        "rated": 5,
    }
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.json"]  # no temporary file left


@pytest.mark.parametrize(("speed", "low", "high"), [(120, 20, 30), (10, 30, 42), (1, 360, 480)])
def test_in_real_time_an_officer_is_not_up_every_half_minute(speed: float, low: float, high: float) -> None:
    # Fast runs (the headless check) keep an episode every ~25 real seconds per window; in real
    # time one every ~7 minutes per window (about one a minute in the six-window hall).
    gaps = [gap for gap, _kind in itertools.islice(plan.episodes(3, 2, speed), 1, 3001)]
    assert low < sum(gaps) / len(gaps) < high
