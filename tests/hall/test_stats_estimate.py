"""Figures of the day, with hand-computed numbers."""

from __future__ import annotations

import pytest

from custom_components.service_hall.hall import Hall
from custom_components.service_hall.hall.events import EventKind
from custom_components.service_hall.hall.state import RECENT_HANDLING
from custom_components.service_hall.hall.stats import DayStats, Tally, mean, percentile

from .conftest import at, call, issue, later, make_hall, run, staffed

# Functions


def test_mean() -> None:
    assert mean([]) is None
    assert mean([1.0, 2.0, 6.0]) == 3.0


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([], 90, None),
        ([7.0], 90, 7.0),
        ([float(v) for v in range(1, 11)], 90, 9.0),  # rank ceil(9) = 9
        ([float(v) for v in range(1, 21)], 90, 18.0),
        ([5.0, 1.0, 3.0], 90, 5.0),  # rank ceil(2.7) = 3
        ([4.0, 1.0, 3.0, 2.0], 50, 2.0),  # rank 2
        ([4.0, 1.0, 3.0, 2.0, 9.0], 90, 9.0),  # rank ceil(4.5) = 5
        ([4.0, 1.0, 3.0, 2.0], 0, 1.0),  # at least rank 1
        ([float(v) for v in range(1, 101)], 55, 55.0),  # 55 / 100 * 100 is 55.00000000000001
        ([float(v) for v in range(1, 51)], 14, 7.0),  # 14 / 100 * 50 is 7.000000000000001
    ],
)
def test_percentile_is_nearest_rank(values: list[float], q: float, expected: float | None) -> None:
    assert percentile(values, q) == expected


def test_empty_tally_summary() -> None:
    assert Tally().summary() == {
        "served": 0,
        "no_shows": 0,
        "mean_wait": None,
        "p90_wait": None,
        "mean_handling": None,
        "ratings": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0},
        "satisfaction": None,
    }


def test_satisfaction_is_the_share_of_grades_four_and_five() -> None:
    tally = Tally(ratings=[1, 0, 1, 2, 4])
    assert tally.summary()["satisfaction"] == 0.75  # (2 + 4) / 8
    assert Tally(ratings=[1, 0, 0, 1, 1]).summary()["satisfaction"] == 0.667  # 2 / 3
    assert Tally(ratings=[3, 2, 1, 0, 0]).summary()["satisfaction"] == 0.0


def test_summary_rounds_minutes_to_hundredths() -> None:
    tally = Tally(waits=[1.0, 1.0, 2.0], handling=[1 / 3])
    assert tally.summary()["mean_wait"] == 1.33
    assert tally.summary()["mean_handling"] == 0.33


# A day with hand-computed figures


def scripted_day() -> Hall:
    """Seven tickets at four windows; S001 at 1, S002 at 2, S003 at 3, nobody at 4.

    ticket  service  issued  called (window)  wait  start  end (how)           handling  grade
    A001    id_card  09:00   09:02 (1)         2    09:03  09:07               4         5
    A002    id_card  09:01   09:04 (2)         3    -      09:10 from called   6         4
    A003    id_card  09:05   09:08 (1)         3    -      09:13 no-show (auto)
    A004    id_card  09:06   09:14 (1)         8    09:15  09:17               2         2
    B001    social   09:00   09:01 (3)         1    09:03  09:11               8         5
    B002    social   09:02   09:12 (2)        10    09:12  09:15 transfer      3
            id_card  09:15   09:18 (1)         3    -      09:21 from called   3         1
    C001    tax      09:03   09:05 (4)         2    -      09:06 from called   1
    """
    hall = staffed(make_hall(), at(8, 30))
    issue(hall, "id_card", at(9, 0))
    issue(hall, "social", at(9, 0))
    issue(hall, "id_card", at(9, 1))
    assert call(hall, 3, at(9, 1)) == "B001"
    issue(hall, "social", at(9, 2))
    assert call(hall, 1, at(9, 2)) == "A001"
    issue(hall, "tax", at(9, 3))
    run(hall, hall.start(at(9, 3), window=1))
    run(hall, hall.start(at(9, 3), window=3))
    assert call(hall, 2, at(9, 4)) == "A002"
    issue(hall, "id_card", at(9, 5))
    assert call(hall, 4, at(9, 5)) == "C001"
    issue(hall, "id_card", at(9, 6))
    run(hall, hall.complete(at(9, 6), window=4))
    run(hall, hall.complete(at(9, 7), window=1))
    run(hall, hall.rate("A001", 5, at(9, 7)))
    assert call(hall, 1, at(9, 8)) == "A003"
    run(hall, hall.complete(at(9, 10), window=2))
    run(hall, hall.rate("A002", 4, at(9, 10)))
    run(hall, hall.complete(at(9, 11), window=3))
    run(hall, hall.rate("B001", 5, at(9, 11)))
    assert call(hall, 2, at(9, 12)) == "B002"
    run(hall, hall.start(at(9, 12), window=2))
    assert [e.ticket for e in run(hall, hall.due(at(9, 13)))] == ["A003"]
    assert call(hall, 1, at(9, 14)) == "A004"
    run(hall, hall.start(at(9, 15), window=1))
    run(hall, hall.transfer(at(9, 15), window=2, target_service="id_card"))
    run(hall, hall.complete(at(9, 17), window=1))
    run(hall, hall.rate("A004", 2, at(9, 17)))
    assert call(hall, 1, at(9, 18)) == "B002"
    run(hall, hall.complete(at(9, 21), window=1))
    run(hall, hall.rate("B002", 1, at(9, 21)))
    return hall


def test_scripted_day_tallies() -> None:
    stats = scripted_day().state.stats
    assert stats.hall.waits == [1.0, 2.0, 3.0, 2.0, 3.0, 10.0, 8.0, 3.0]
    assert stats.hall.handling == [1.0, 4.0, 6.0, 8.0, 3.0, 2.0, 3.0]
    assert stats.services["id_card"].waits == [2.0, 3.0, 3.0, 8.0, 3.0]
    assert stats.services["id_card"].handling == [4.0, 6.0, 2.0, 3.0]
    assert stats.services["social"].waits == [1.0, 10.0]
    assert stats.services["social"].handling == [8.0, 3.0]
    assert stats.windows[1].waits == [2.0, 3.0, 8.0, 3.0]
    assert stats.staff["S002"].handling == [6.0, 3.0]
    assert set(stats.staff) == {"S001", "S002", "S003"}  # nobody at window 4


def figures(
    served: int,
    no_shows: int,
    mean_wait: float,
    p90: float,
    handling: float,
    ratings: list[int],
    satisfaction: float | None,
) -> dict[str, object]:
    """A tally's summary, written out."""
    return {
        "served": served,
        "no_shows": no_shows,
        "mean_wait": mean_wait,
        "p90_wait": p90,
        "mean_handling": handling,
        "ratings": {str(g + 1): n for g, n in enumerate(ratings)},
        "satisfaction": satisfaction,
    }


def test_scripted_day_summary() -> None:
    hall = scripted_day()
    w1 = figures(3, 1, 4.0, 8.0, 3.0, [1, 1, 0, 0, 1], 0.333)  # waits 2 3 8 3, handling 4 2 3
    w2 = figures(2, 0, 6.5, 10.0, 4.5, [0, 0, 0, 1, 0], 1.0)  # waits 3 10, handling 6 3
    w3 = figures(1, 0, 1.0, 1.0, 8.0, [0, 0, 0, 0, 1], 1.0)
    summary = hall.state.stats.summary()
    # The estimates' error, recounted from the log: each ticket's first call against its issue.
    issued = {e.ticket: e for e in hall.state.log if e.kind is EventKind.ISSUE}
    errors: dict[str, float] = {}
    for event in hall.state.log:
        if event.kind is EventKind.CALL and event.ticket not in errors:
            start = issued[event.ticket]
            assert start.estimate is not None
            errors[str(event.ticket)] = (event.at - start.at).total_seconds() / 60 - start.estimate
    assert len(errors) == 7
    assert summary.pop("estimate_error") == round(mean([abs(e) for e in errors.values()]) or 0, 2)
    assert summary.pop("estimate_bias") == round(mean(list(errors.values())) or 0, 2)
    assert summary == {
        "issued": 7,
        "cancelled": 0,
        "expired": 0,
        "transferred": 1,
        "reactivated": 0,
        # waits 1 2 3 2 3 10 8 3: mean 32 / 8, p90 rank ceil(7.2) = 8; handling 27 / 7
        **figures(7, 1, 4.0, 10.0, 3.86, [1, 1, 0, 1, 2], 0.6),
        "services": {
            # waits 2 3 3 8 3: mean 19 / 5, p90 rank ceil(4.5) = 5; handling 4 6 2 3
            "id_card": figures(4, 1, 3.8, 8.0, 3.75, [1, 1, 0, 1, 1], 0.5),
            "social": figures(2, 0, 5.5, 10.0, 5.5, [0, 0, 0, 0, 1], 1.0),
            "tax": figures(1, 0, 2.0, 2.0, 1.0, [0, 0, 0, 0, 0], None),
        },
        "windows": {"1": w1, "2": w2, "3": w3, "4": figures(1, 0, 2.0, 2.0, 1.0, [0] * 5, None)},
        "staff": {"S001": w1, "S002": w2, "S003": w3},
        "alerts": 0,  # nobody supervised (see test_staff_records.py)
        "acknowledged": 0,
        "supervision": {},
    }


def test_handling_time_follows_recent_visits() -> None:
    hall = scripted_day()
    assert hall.handling_time("id_card") == 3.75
    assert hall.handling_time("social") == 5.5
    assert hall.handling_time("passport") == 6.0  # configured, nothing served yet


def test_handling_time_uses_the_last_visits_only() -> None:
    hall = staffed(make_hall())
    now = at(9, 0)
    for minutes in range(1, RECENT_HANDLING + 6):  # handling 1, 2, ... 25 minutes
        issue(hall, "social", now)
        call(hall, 3, now)
        now = later(now, minutes)
        run(hall, hall.complete(now, window=3))
    last = range(6, RECENT_HANDLING + 6)
    assert hall.handling_time("social") == sum(last) / RECENT_HANDLING
    assert len(hall.state.stats.services["social"].handling) == RECENT_HANDLING + 5


def test_day_counters() -> None:
    hall = staffed(make_hall())
    for minute in range(5):
        issue(hall, "id_card", at(9, minute))
    run(hall, hall.cancel("A001", at(9, 5)))
    call(hall, 1, at(9, 6))  # A002
    run(hall, hall.no_show(at(9, 7), window=1))
    run(hall, hall.reactivate("A002", at(9, 8)))
    run(hall, hall.transfer(at(9, 9), ticket="A003", target_service="passport"))
    run(hall, hall.closing_events(at(18, 0)))
    summary = hall.state.stats.summary()
    assert {
        k: summary[k] for k in ("issued", "cancelled", "expired", "transferred", "reactivated", "no_shows")
    } == {
        "issued": 5,
        "cancelled": 1,
        "expired": 4,
        "transferred": 1,
        "reactivated": 1,
        "no_shows": 1,
    }


def test_day_stats_tallies_create_what_they_need() -> None:
    stats = DayStats()
    assert stats.tallies(None, None, None) == [stats.hall]
    assert len(stats.tallies("tax", 4, "S003")) == 4
    assert set(stats.services) == {"tax"}
    assert set(stats.windows) == {4}
    assert set(stats.staff) == {"S003"}
