"""The live simulator's day is one a real hall could have: fed to the hall's own engine (the
discrete-event simulation of simulator/run.py, in simulated minutes) with the demo hall's layout,
its arrivals, handling times and waits are those of a town hall like the product's reference
(Shipai: about 500 cases a working day, 3.2 minutes' handling, 8.1 minutes' wait)."""

from __future__ import annotations

import statistics
from datetime import date
from pathlib import Path

import yaml

from simulator.day import Citizen, Pause, ReferenceDay, ServiceSpec, StaffSpec, WindowSpec
from simulator.generate import lognormal_mu
from simulator.live import plan
from simulator.run import simulate

LAYOUT = Path(__file__).resolve().parents[2] / "demo" / "config" / "service_hall" / "sample_hall.yaml"


def live_day(seed: int) -> ReferenceDay:
    """The first simulated day of ``python -m simulator.live --seed SEED`` on the demo hall."""
    layout = yaml.safe_load(LAYOUT.read_text(encoding="utf-8"))
    services = tuple(
        ServiceSpec(
            id=s["id"],
            prefix=s["prefix"],
            name_zh=s["name"]["zh-Hans"],
            name_en=s["name"]["en"],
            department=s["id"],
            mu=lognormal_mu(plan.SERVICES.get(s["id"], plan.DEFAULT_SERVICE)[1], plan.SIGMA),
            sigma=plan.SIGMA,
            target_wait=s["target_wait"],
        )
        for s in layout["services"]
    )
    windows = tuple(
        WindowSpec(
            number=w["number"],
            services=w["services"] if isinstance(w["services"], dict) else dict.fromkeys(w["services"], 1),
            staff=staff["staff_number"],
            shifts=((plan.DAY_START, plan.DAY_END),),
            name=w["name"],
        )
        for w, staff in zip(layout["windows"], layout["staff"], strict=True)
    )
    return ReferenceDay(
        name="live",
        description="",
        seed=seed,
        date=date(2026, 11, 23),
        timezone="Asia/Shanghai",
        issue_from=plan.DAY_START,
        issue_until=17 * 60,
        services=services,
        windows=windows,
        staff=tuple(
            StaffSpec(staff_number=p["staff_number"], name=p["name"], department=p["department"])
            for p in layout["staff"]
        ),
        pauses=tuple(
            Pause(window=w.number, start=p.at, minutes=p.minutes)
            for w in windows
            for p in plan.pauses(seed, w.number, 0)
        ),
        citizens=tuple(
            Citizen(
                arrival=c.at, service=c.service, handling=c.handling, no_show=c.no_show, priority=c.priority
            )
            for c in plan.citizens(seed, [s.id for s in services], 0)
        ),
    )


def test_the_live_day_is_a_town_halls_day() -> None:
    days = [live_day(seed) for seed in range(1, 7)]
    figures = [simulate(day, "ours") for day in days]
    everyone = [c for day in days for c in day.citizens]
    # About as many as a town hall's working day, handled in about 3.3 minutes on average.
    assert 450 < len(everyone) / len(days) < 650
    assert 2.9 < statistics.mean(c.handling for c in everyone) < 3.7
    # Peaks of 80-120 an hour (a call every 30-45 s at six windows), a lull at lunch.
    per_hour = [
        sum(1 for c in everyone if h * 60 <= c.arrival < h * 60 + 60) / len(days) for h in range(9, 17)
    ]
    assert 80 < max(per_hour) < 125 and min(per_hour) < 40
    # Waits: a real queue, as in the reference hall (8.1 minutes), neither empty nor runaway.
    waits = [f.mean_wait for f in figures]
    assert 4 < statistics.mean(waits) < 14, waits
    assert all(f.mean_wait < 30 for f in figures), waits
    assert all(f.expired == 0 for f in figures)  # every citizen is served the same day
