"""Benchmark: call_next and issue_ticket as actions in a big hall, inside a running test Home Assistant.

An 88-window, 800-service hall (Dalang's size) with 2,000 waiting tickets; every action goes
through Home Assistant's service registry, validation, the journal written to a real disk
with fsync, and the entity updates. Prints the median and p99 of each action and the memory
the hall adds. Target: p99 under 5 ms.

    .venv/test-2025/bin/python bench/queue_bench.py [--waiting 2000] [--samples 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.settings import TUNING_DEFAULTS
from custom_components.service_hall.websocket import view_message
from homeassistant import loader
from homeassistant.helpers import frame
from homeassistant.helpers.json import json_bytes
from homeassistant.util import dt as dt_util

SERVICES = 800
PROFILE = False
WINDOWS = 88
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def big_layout() -> dict[str, Any]:
    """800 services under 24 prefixes; 8 comprehensive windows of 100 services, 80 of 10."""
    services = [
        {
            "id": f"s{i:03d}",
            "prefix": LETTERS[i % len(LETTERS)],
            "name": {"zh-Hans": f"事项{i}", "en": f"Service {i}"},
        }
        for i in range(SERVICES)
    ]
    windows = []
    for number in range(1, WINDOWS + 1):
        if number <= 8:
            served = {f"s{i:03d}": 1.0 + (i % 3) for i in range((number - 1) * 100, number * 100)}
        else:
            first = ((number - 9) * 10) % SERVICES
            served = {f"s{i:03d}": 1.0 for i in range(first, first + 10)}
        windows.append({"number": number, "services": served})
    staff = [
        {"staff_number": f"DL{n:04d}", "name": f"员工{n}", "department": "大朗"}
        for n in range(1, WINDOWS + 1)
    ]
    return {"services": services, "windows": windows, "staff": staff}


def always_open_hall() -> dict[str, Any]:
    """Entry data of a benchmark hall that is open at any hour, so the figures do not depend on it."""
    return {
        "name": "大朗",
        "language": "zh-Hans",
        "open_time": "00:00:00",
        "close_time": "00:00:00",
        "open_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "rollover_time": "03:00:00",
    }


async def prepare(hass: Any) -> None:
    """A test Home Assistant ready for the custom integration, in the hall's time zone."""
    hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
    frame.async_setup(hass)
    await hass.config.async_set_time_zone("Asia/Shanghai")


async def staff_every_window(hass: Any) -> None:
    """Open every window of the big hall with its officer signed in."""
    for number in range(1, WINDOWS + 1):
        await hass.services.async_call(DOMAIN, "open_window", {"window": number}, blocking=True)
        await hass.services.async_call(
            DOMAIN, "sign_in", {"window": number, "staff": f"DL{number:04d}"}, blocking=True
        )


def rss_mib() -> float:
    """Resident memory of this process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def figures(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    return (
        f"{name:<13} n={len(samples):>5}  median={statistics.median(samples) * 1000:6.3f} ms"
        f"  p99={p99 * 1000:6.3f} ms  max={max(samples) * 1000:6.3f} ms"
    )


async def run(waiting: int, samples: int) -> int:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as config_dir:
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            await prepare(hass)
            gc.collect()
            rss_before = rss_mib()
            tracemalloc.start()
            entry = MockConfigEntry(
                domain=DOMAIN,
                title="大朗政务服务中心",
                entry_id="bench",
                data=always_open_hall(),
                options={**TUNING_DEFAULTS, **big_layout(), "no_show_timeout": 0},
            )
            entry.add_to_hass(hass)
            started = time.perf_counter()
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
            setup_s = time.perf_counter() - started
            entities = len(hass.states.async_all())

            async def act(action: str, **data: Any) -> Any:
                return await hass.services.async_call(
                    DOMAIN, action, data, blocking=True, return_response=True
                )

            await staff_every_window(hass)
            started = time.perf_counter()
            for _ in range(waiting):
                await act("issue_ticket", service=f"s{rng.randrange(SERVICES):03d}")
            fill_s = time.perf_counter() - started
            await hass.async_block_till_done()
            traced_now, traced_peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            gc.collect()
            rss_after = rss_mib()

            issue_times: list[float] = []
            call_times: list[float] = []
            empty = 0
            profiler = None
            if PROFILE:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            gc_pauses: list[float] = []
            gc_started = [0.0]

            def on_gc(phase: str, info: dict[str, int]) -> None:
                if phase == "start":
                    gc_started[0] = time.perf_counter()
                else:
                    gc_pauses.append(time.perf_counter() - gc_started[0])

            gc.callbacks.append(on_gc)
            for i in range(samples):
                service = f"s{rng.randrange(SERVICES):03d}"
                t0 = time.perf_counter()
                await act("issue_ticket", service=service)
                issue_times.append(time.perf_counter() - t0)
                window = 1 + i % WINDOWS
                t0 = time.perf_counter()
                answer = await act("call_next", window=window)
                call_times.append(time.perf_counter() - t0)
                if answer["ticket"] is None:
                    empty += 1
                else:
                    await hass.services.async_call(DOMAIN, "start", {"window": window}, blocking=True)
                await hass.async_block_till_done()
            gc.callbacks.remove(on_gc)
            if profiler is not None:
                import pstats

                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
            coordinator = entry.runtime_data
            still_waiting = sum(len(q) for q in coordinator.hall.state.waiting.values())

            print(
                f"hall: {SERVICES} services, {WINDOWS} windows, {entities} entities; set up in {setup_s:.1f} s"
            )
            print(
                f"filled {waiting} waiting tickets through issue_ticket in {fill_s:.1f} s; {still_waiting} waiting at the end"
            )
            print(figures("issue_ticket", issue_times))
            print(figures("call_next", call_times) + f"  (found nobody waiting {empty} times)")
            slow = sum(1 for t in issue_times + call_times if t > 0.005)
            long_gc = [p for p in gc_pauses if p > 0.002]
            print(
                f"actions over 5 ms: {slow} of {len(issue_times) + len(call_times)}; garbage collections during the run: "
                f"{len(gc_pauses)}, {len(long_gc)} of them over 2 ms (longest {max(gc_pauses, default=0) * 1000:.1f} ms)"
            )
            print(
                f"memory: RSS +{rss_after - rss_before:.1f} MiB for the set-up hall with its entities "
                f"(traced Python allocations {traced_now / 2**20:.1f} MiB, peak {traced_peak / 2**20:.1f} MiB)"
            )
            # The screens' live view of this hall (service_hall/subscribe), built and encoded as
            # the websocket sends it after every burst of changes.
            view_times: list[float] = []
            if PROFILE:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
            for _ in range(50):
                t0 = time.perf_counter()
                encoded = json_bytes(view_message(coordinator, dt_util.now()))
                view_times.append(time.perf_counter() - t0)
            if PROFILE:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
            print(figures("screen view", view_times) + f"  ({len(encoded) / 1024:.0f} KiB of JSON)")
            p99 = max(sorted(t)[max(0, int(len(t) * 0.99) - 1)] for t in (issue_times, call_times))
            print(f"target p99 < 5 ms: {'met' if p99 < 0.005 else 'NOT met'}")
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_stop(force=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiting", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the measured part")
    args = parser.parse_args()
    global PROFILE
    PROFILE = args.profile
    return asyncio.run(run(args.waiting, args.samples))


if __name__ == "__main__":
    raise SystemExit(main())
