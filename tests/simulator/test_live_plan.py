"""The live simulator's plan: seeded, shaped like a hall's day, and its clock."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

import pytest

from simulator.live import plan
from simulator.live.ledger import EpisodeRecord, Ledger, TicketRecord
from simulator.live.tuning import ABSENCE_CONFIRM, AWAY_ALERT, EPISODES, PHONE_ALERT, PHONE_CONFIRM

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


def test_episodes_start_with_one_kind_per_window_then_draw() -> None:
    firsts = [next(plan.episodes(7, window, 120))[1] for window in range(1, 7)]
    assert firsts == list(plan.FIRST_EPISODES)
    drawn = list(itertools.islice(plan.episodes(7, 1, 120), 200))
    assert drawn == list(itertools.islice(plan.episodes(7, 1, 120), 200))
    assert all(gap > 0 for gap, _kind in drawn)
    assert {kind for _gap, kind in drawn} == set(EPISODES)


@pytest.mark.parametrize("kind", list(EPISODES))
def test_episodes_stay_clear_of_the_thresholds(kind: str) -> None:
    """Short ones end well before the hall's debounce, alerting ones well after the alert time."""
    seat, seconds, alert = plan.episode(kind)
    confirm, alert_after = (ABSENCE_CONFIRM, AWAY_ALERT) if seat == "away" else (PHONE_CONFIRM, PHONE_ALERT)
    if alert is None:
        assert seconds <= confirm - 1 or confirm + 3 <= seconds <= alert_after - 10
    else:
        assert alert == seat and seconds >= alert_after + 5
    assert seconds <= plan.EPISODES_MAX_S


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


@pytest.mark.parametrize(("speed", "low", "high"), [(120, 20, 30), (10, 30, 42), (1, 300, 420)])
def test_in_real_time_an_officer_is_not_up_every_half_minute(speed: float, low: float, high: float) -> None:
    # Fast runs (the headless check) keep an episode every ~25 real seconds per window; in real
    # time one every ~6 minutes per window (one a minute in the six-window hall).
    gaps = [gap for gap, _kind in itertools.islice(plan.episodes(3, 2, speed), 1, 3001)]
    assert low < sum(gaps) / len(gaps) < high
