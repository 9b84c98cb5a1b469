"""Key to display: press a window unit's next key and time until its display shows the new number.

The whole path of a real unit: the key press enters the unit through its native API (as a
button would), the unit fires ``esphome.service_hall_key`` to Home Assistant, the hall calls the
next ticket, pushes it to the unit (``show_ticket``), and the unit's "Display" text sensor
changes. This program is a second API client of the unit (as Home Assistant is the first): it
presses the key and watches the Display state. Target: p95 under 100 ms.

    ./scripts/bench units                      # starts its own demo stack (--no-sim) and measures
    .venv/run/bin/python bench/unit_latency.py --url http://localhost:8123 \\
        --token-file .demo/token --unit-port 6053 --window 1 --presses 200   # a running demo

Run by the demo's venv (.venv/run: aiohttp and Home Assistant 2025.4's aioesphomeapi).
Tickets for the window are issued through Home Assistant's websocket API first, so every press
calls someone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from aioesphomeapi import APIClient, EntityState, TextSensorInfo, TextSensorState, UserService

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from stack.processes import free_port, start_run_command  # noqa: E402
from stack.units import DEMO_PASSWORD  # noqa: E402
from stack.ws import HomeAssistantSocket  # noqa: E402

TARGET_P95_MS = 100.0
PRESS_TIMEOUT_S = 5.0
SETUP_DONE = "demo setup finished"


async def window_services(hall: HomeAssistantSocket, window: int) -> list[str]:
    status = await hall.call("service_hall", "get_queue_status", {})
    if str(window) not in status["windows"]:
        raise SystemExit(f"window {window} is not in the hall")
    return [str(service) for service in status["windows"][str(window)]["services"]]


async def measure(args: argparse.Namespace) -> list[float]:
    token = args.token_file.read_text().strip()
    async with HomeAssistantSocket.connect(args.url, token) as hall:
        services = await window_services(hall, args.window)
        with contextlib.suppress(RuntimeError):  # already open
            await hall.call("service_hall", "open_window", {"window": args.window}, response=False)
        issued = 0
        for index in range(args.presses + 5):  # spread over the window's services: daily caps
            try:
                await hall.call("service_hall", "issue_ticket", {"service": services[index % len(services)]})
                issued += 1
            except RuntimeError as err:
                print(f"  not issued: {err}", file=sys.stderr)
        if issued < args.presses + 1:
            raise SystemExit(f"only {issued} tickets issued; {args.presses + 1} needed")
        client = APIClient(args.unit_host, args.unit_port, DEMO_PASSWORD, client_info="service-hall-bench")
        await client.connect(login=True)
        try:
            return await presses(args, hall, client)
        finally:
            await client.disconnect()


async def presses(args: argparse.Namespace, hall: HomeAssistantSocket, client: APIClient) -> list[float]:
    """Press next ``args.presses`` times; the milliseconds from each press to the new number."""
    entities, user_services = await client.list_entities_services()
    display = next(e for e in entities if isinstance(e, TextSensorInfo) and e.object_id == "display")
    press: UserService = next(s for s in user_services if s.name == "press_key")
    shown: asyncio.Queue[str] = asyncio.Queue()

    def on_state(state: EntityState) -> None:
        if isinstance(state, TextSensorState) and state.key == display.key:
            shown.put_nowait(state.state)

    client.subscribe_states(on_state)
    current = await asyncio.wait_for(shown.get(), PRESS_TIMEOUT_S)  # the initial state
    latencies: list[float] = []
    for _press in range(args.presses):
        # The hall calls the next ticket only once the called one is being served: the officer
        # starts it on the tablet first (not timed). Next then completes it and calls the next.
        with contextlib.suppress(RuntimeError):
            await hall.call("service_hall", "start", {"window": args.window}, response=False)
        while not shown.empty():
            current = shown.get_nowait()
        started = time.perf_counter()
        client.execute_service(press, {"value": "next"})
        while True:
            value = await asyncio.wait_for(shown.get(), PRESS_TIMEOUT_S)
            if value and value != current:
                break
        latencies.append((time.perf_counter() - started) * 1000)
        current = value
        await asyncio.sleep(args.gap)
    return latencies


def report(latencies: list[float]) -> tuple[str, bool]:
    ordered = sorted(latencies)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    median = statistics.median(ordered)
    ok = p95 < TARGET_P95_MS
    text = (
        f"unit key -> display, {len(ordered)} presses: median {median:.1f} ms, p95 {p95:.1f} ms, "
        f"min {ordered[0]:.1f} ms, max {ordered[-1]:.1f} ms "
        f"(target p95 < {TARGET_P95_MS:g} ms: {'met' if ok else 'NOT met'})"
    )
    return text, ok


@contextlib.contextmanager
def own_stack(args: argparse.Namespace) -> Iterator[None]:
    """``scripts/run --reset --no-sim --units 1`` in a temporary folder on free ports; stopped after."""
    folder = Path(tempfile.mkdtemp(prefix="unit-bench-"))
    port, args.unit_port = free_port(), free_port()
    args.url, args.token_file = f"http://127.0.0.1:{port}", folder / "demo" / "token"
    log = folder / "run.log"
    process = start_run_command(
        ["--reset", "--no-sim", "--units", "1"],
        demo_dir=folder / "demo",
        port=port,
        mqtt_port=free_port(),
        unit_port=args.unit_port,
        log=log,
    )
    try:
        setup_log = folder / "demo" / "setup.log"
        deadline = time.monotonic() + 900
        while not (setup_log.exists() and SETUP_DONE in setup_log.read_text(errors="replace")):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the demo did not come up; see {log} and {setup_log}")
            time.sleep(0.5)
        print(
            f"demo stack up in {folder} (Home Assistant on {port}, unit on {args.unit_port})", file=sys.stderr
        )
        yield
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8123")
    parser.add_argument("--token-file", type=Path, default=Path(".demo/token"))
    parser.add_argument("--unit-host", default="127.0.0.1")
    parser.add_argument("--unit-port", type=int, default=6053)
    parser.add_argument("--window", type=int, default=1, help="the unit's window")
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--gap", type=float, default=0.05, help="seconds between presses")
    parser.add_argument(
        "--own-stack", action="store_true", help="start a demo stack of its own (scripts/run)"
    )
    args = parser.parse_args(argv)
    with own_stack(args) if args.own_stack else contextlib.nullcontext():
        latencies = asyncio.run(measure(args))
    text, ok = report(latencies)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
