"""Staffing advice: groups of services, arrival rates, Erlang C and the skills simulation."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.service_hall.hall import parse_layout
from custom_components.service_hall.hall.arrivals import arrival_rates
from custom_components.service_hall.hall.queueing import mean_wait, windows_needed
from custom_components.service_hall.hall.staffing import (
    GroupLoad,
    advise,
    measure,
    service_groups,
    simulate_mean_wait,
)

from .conftest import at, issue, make_hall, open_windows, run


def _service(sid: str, prefix: str, target: float = 10) -> dict[str, Any]:
    return {"id": sid, "prefix": prefix, "name": {"zh-Hans": sid, "en": sid}, "target_wait": target}


# Two groups: household and passport share windows 1-3; tax and social share 4-6, where
# window 6 serves social only. Service "unused" has no window.
LAYOUT = parse_layout(
    {
        "services": [
            _service("household", "A"),
            _service("passport", "B", 5),
            _service("tax", "C"),
            _service("social", "D"),
            _service("unused", "E"),
        ],
        "windows": [
            {"number": 1, "services": ["household", "passport"]},
            {"number": 2, "services": ["household"]},
            {"number": 3, "services": ["passport"]},
            {"number": 4, "services": ["tax", "social"]},
            {"number": 5, "services": ["tax", "social"]},
            {"number": 6, "services": ["social"]},
        ],
    }
)


def test_services_sharing_windows_form_a_group() -> None:
    assert service_groups(LAYOUT) == [("household", "passport"), ("social", "tax")]
    # The test hall of the other tests chains all four services through windows 1-3.
    assert service_groups(make_hall().layout) == [("id_card", "passport", "social", "tax")]


def test_arrival_rates_over_the_last_hour() -> None:
    hall = make_hall()
    open_windows(hall, 1, 2, 3, 4)
    for minute in range(0, 60, 5):  # 12 id_card tickets from 9:00 to 9:55
        issue(hall, "id_card", at(9, minute))
    issue(hall, "tax", at(9, 58))
    opened = at(8, 30)
    rates = arrival_rates(reversed(hall.state.log), at(10, 0), opened)
    assert rates == {"id_card": pytest.approx(12 / 60), "tax": pytest.approx(1 / 60)}
    # An hour later, 10:30: only what came after 9:30 counts.
    later_rates = arrival_rates(reversed(hall.state.log), at(10, 30), opened)
    assert later_rates == {"id_card": pytest.approx(6 / 60), "tax": pytest.approx(1 / 60)}
    # Just after opening the rate is over the minutes open, but at least a quarter hour.
    early = arrival_rates(reversed(hall.state.log), at(9, 10), at(9, 0))
    assert early["id_card"] == pytest.approx(3 / 15)


def test_a_day_begun_late_counts_its_arrivals_since_its_first_event() -> None:
    """A hall whose day began at 10:00 (its first event), not at its 08:30 opening: 20 tickets
    in 20 minutes are an hour's rate of 60, not 20."""
    hall = make_hall()
    open_windows(hall, 1, 2, 3, 4, now=at(10, 0))
    for minute in range(20):
        issue(hall, "id_card", at(10, minute))
    assert hall.opened_at(at(10, 20)) == at(8, 30)
    assert hall.day_began_at(at(10, 20)) == at(10, 0)
    rates = arrival_rates(reversed(hall.state.log), at(10, 20), hall.day_began_at(at(10, 20)))
    assert rates["id_card"] == pytest.approx(20 / 20)
    # A day that began at its opening, as most do, is counted from the opening.
    early = make_hall()
    open_windows(early, 1, now=at(8, 0))
    assert early.day_began_at(at(9, 0)) == at(8, 30)


def test_transfers_count_as_arrivals_of_their_new_service() -> None:
    hall = make_hall()
    open_windows(hall, 1, 2, 3, 4)
    ticket = issue(hall, "id_card", at(9, 0))
    run(hall, hall.transfer(at(9, 5), ticket=ticket, target_service="tax"))
    rates = arrival_rates(reversed(hall.state.log), at(9, 30), at(8, 0))
    assert rates == {"id_card": pytest.approx(1 / 60), "tax": pytest.approx(1 / 60)}


def _loads(rates: dict[str, float], states: dict[int, tuple[bool, bool]]) -> list[GroupLoad]:
    handling = {"household": 4.0, "passport": 6.0, "tax": 5.0, "social": 5.0}
    return measure(LAYOUT, service_groups(LAYOUT), rates, handling, states)


OPEN = (True, False)
PAUSED = (True, True)
CLOSED = (False, False)


def test_measure_reads_windows_and_figures() -> None:
    household, social = _loads({"household": 0.5, "passport": 0.25}, {1: OPEN, 2: PAUSED, 4: OPEN})
    assert household.open_windows == {1: ("household", "passport")}
    assert (household.paused, household.closed) == ((2,), (3,))
    assert household.rate == pytest.approx(0.75)
    assert household.mean_handling == pytest.approx((0.5 * 4 + 0.25 * 6) / 0.75)
    assert household.target == 5  # passport's, the strictest
    assert social.rate == 0
    assert social.mean_handling == 5.0
    assert social.target == 10


def test_a_pooled_group_follows_erlang_c() -> None:
    # Household only, 0.9 a minute x 4 minutes: load 3.6; windows 1 and 2 both serve it.
    rates = {"household": 0.9}
    states = {1: OPEN, 2: OPEN, 4: OPEN, 5: OPEN}
    advice = {a.load.key: a for a in advise(_loads(rates, states))}
    household = advice["household"]
    assert household.method == "erlang_c"
    assert household.needed == windows_needed(3.6, 4.0, 10)
    assert household.short == household.needed - 2 > 0
    assert household.expected_wait is None  # two windows cannot keep up with 3.6
    # Tax and social have no arrivals: they need nothing and their two windows are spare.
    tax = advice["social"]
    assert (tax.needed, tax.spare, tax.short) == (0, 2, 0)
    assert household.candidates == (4, 5)  # nothing paused in household: the spare windows
    figures = household.as_dict({"household": "户籍"})
    assert figures["service_names"] == ["户籍", "passport"]
    assert figures["needed"] == household.needed
    assert figures["arrivals_per_hour"] == 54.0
    assert figures["load"] == 3.6


def test_paused_windows_of_the_group_come_first() -> None:
    rates = {"household": 0.9}
    states = {1: OPEN, 2: PAUSED, 3: OPEN, 4: OPEN, 5: OPEN}
    household = advise(_loads(rates, states))[0]
    assert household.candidates[0] == 2
    assert set(household.candidates) == {2, 4, 5}


def test_enough_windows_means_nothing_short() -> None:
    rates = {"household": 0.2, "passport": 0.1}  # load 0.8 + 0.6
    states = dict.fromkeys(range(1, 7), OPEN)
    household = advise(_loads(rates, states))[0]
    assert household.short == 0
    assert household.candidates == ()
    assert household.expected_wait is not None


def test_skills_in_part_are_simulated() -> None:
    # Social arrives for 3 windows, tax only for windows 4 and 5.
    rates = {"tax": 0.3, "social": 0.1}
    states = {4: OPEN, 5: OPEN, 6: OPEN}
    (_, social) = advise(_loads(rates, states))
    assert social.method == "simulation"
    erlang = windows_needed(0.4 * 5, 5.0, 10)
    assert social.needed >= erlang
    assert social.expected_wait is not None
    # The simulation is seeded: the same answer twice.
    assert advise(_loads(rates, states))[1] == social


def test_simulation_is_close_to_erlang_c_when_every_window_serves_everything() -> None:
    load = _loads({"tax": 0.4, "social": 0.2}, {4: OPEN, 5: OPEN})[1]
    assert load.pooled
    simulated = simulate_mean_wait(load, 2, seed=7)  # windows 4, 5 and two more: four in all
    assert simulated == pytest.approx(mean_wait(4, 0.6 * 5, 5.0), rel=0.35)
    assert simulate_mean_wait(load, 4, seed=7) < simulated


def test_a_service_without_an_open_window_is_short() -> None:
    rates = {"passport": 0.05}
    states = {2: OPEN}  # household only; passport's windows 1 and 3 are closed
    household = advise(_loads(rates, states))[0]
    assert household.short >= 1
    assert household.expected_wait is None
