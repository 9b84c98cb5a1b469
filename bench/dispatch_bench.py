"""Benchmark: the hall's dispatch and wait estimate on simulated reference days (no Home Assistant).

For each reference day (``simulator/days``: the town hall and the large hall) and each
dispatch policy (ours: the day's layout; separate FIFO lines per service; one fully pooled
FIFO queue), a discrete-event simulation drives the hall's logic package through the day and
prints: mean and p90 wait, the Erlang C mean wait for the same load (per hour from that
hour's arrivals, mean window time and scheduled open windows, weighted by arrivals), and
the mean absolute error of the hall's estimate at issue and of the naive estimate
(people ahead + 1) / (open windows × service rate) against the realised first wait.

Targets: ours mean wait ≤ 1.25 × pooled and ≤ 0.5 × separate, and our MAE ≤ 0.8 × naive MAE.

    .venv/test-2025/bin/python bench/dispatch_bench.py [--day NAME_OR_PATH ...] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.day import ReferenceDay
from simulator.policies import POLICIES
from simulator.run import Figures, simulate

DAYS = ("town_hall", "large_hall")
POOLED_FACTOR = 1.25
SEPARATE_FACTOR = 0.5
MAE_FACTOR = 0.8


def fmt(value: float | None, width: int = 7) -> str:
    """A figure to two decimals, or a dash."""
    if value is None:
        return "-".rjust(width)
    if math.isinf(value):
        return "inf".rjust(width)
    return f"{value:{width}.2f}"


def print_day(day: ReferenceDay, figures: list[Figures], wall: float) -> None:
    """The table of one day."""
    print(
        f"\n{day.name}: {len(day.citizens)} citizens, {len(day.windows)} windows, {len(day.services)} services"
        f" — {day.description}"
    )
    print(f"  wall time: {wall:.2f} s for {len(figures)} simulated days ({wall / len(figures):.2f} s each)")
    print(
        "  policy     calls   mean    p90  erlangC  over%  MAE ours  MAE naive  ours/naive   est.n  no-est"
        "  done  noshow  expired  last close"
    )
    for f in figures:
        close = f"{int(f.last_close // 60):02d}:{int(f.last_close % 60):02d}"
        print(
            f"  {f.policy:<9} {f.calls:6d} {fmt(f.mean_wait, 6)} {fmt(f.p90_wait, 6)} {fmt(f.erlang_wait, 8)}"
            f" {100 * f.erlang_overloaded:6.1f} {fmt(f.estimate_mae, 9)} {fmt(f.naive_mae, 10)}"
            f" {fmt(f.mae_ratio, 11)} {f.estimated:7d} {f.without_estimate:7d} {f.done:5d} {f.no_shows:7d}"
            f" {f.expired:8d}       {close}"
        )
    print(
        "  (minutes; waits: call − time the ticket joined its queue, every call; erlangC: M/M/c per"
        " group of services\n   connected by shared windows and per hour, from that hour's arrivals,"
        " mean window time and scheduled\n   open windows, weighted by arrivals; over%: arrivals in hours"
        " the open windows cannot carry, left out of erlangC;\n   MAE over tickets called in their first"
        " queue that got an estimate at issue (est.n); no-est: issued with none)"
    )


def check(figures: dict[str, dict[str, Figures]]) -> bool:
    """Print the targets with PASS/FAIL; answer whether all passed."""
    print("\nTargets")
    passed = True
    for name, by_policy in figures.items():
        ours, pooled, separate = by_policy["ours"], by_policy["pooled"], by_policy["separate"]
        lines = [
            (
                f"ours mean wait ≤ {POOLED_FACTOR} × pooled",
                ours.mean_wait,
                POOLED_FACTOR * pooled.mean_wait,
            ),
            (
                f"ours mean wait ≤ {SEPARATE_FACTOR} × separate",
                ours.mean_wait,
                SEPARATE_FACTOR * separate.mean_wait,
            ),
            (
                f"our MAE ≤ {MAE_FACTOR} × naive MAE",
                ours.estimate_mae if ours.estimate_mae is not None else math.inf,
                MAE_FACTOR * (ours.naive_mae if ours.naive_mae is not None else 0.0),
            ),
        ]
        for label, value, limit in lines:
            ok = value <= limit
            passed = passed and ok
            print(f"  {'PASS' if ok else 'FAIL'}  {name:<11} {label:<32} {value:7.2f} vs {limit:7.2f}")
    return passed


def main() -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description="Dispatch policies and wait estimates on reference days")
    parser.add_argument("--day", action="append", help="a reference day's name or file (default: both)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()
    results: dict[str, dict[str, Figures]] = {}
    started = time.perf_counter()
    for name in args.day or DAYS:
        day = ReferenceDay.load(name)
        begun = time.perf_counter()
        figures = [simulate(day, policy) for policy in POLICIES]
        print_day(day, figures, time.perf_counter() - begun)
        results[day.name] = {f.policy: f for f in figures}
    passed = check(results)
    print(f"\ntotal wall time {time.perf_counter() - started:.1f} s")
    if args.json:
        payload = {name: {p: f.as_dict() for p, f in by.items()} for name, by in results.items()}
        args.json.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
