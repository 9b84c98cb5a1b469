"""The living hall: start the broker, the window units, Home Assistant and the simulator; stop them all.

``scripts/run`` installs what is missing and then hands over to this module, run by the stack's
python (``.venv/stack``, or ``.venv/run`` for the minimum Home Assistant), which also runs the
demo setup and the simulator; Home Assistant runs from ``--hass`` (for the newest release a
wrapper that starts the venv's ``hass`` in the Python 3.14 chroot of ``scripts/py314``, with the
same pid, so that signals reach it)::

    python -m stack.run --demo .demo --port 8123 --hass H ... [--no-sim] [--speed 1] [--hours H] [--headless]

Order of start: the MQTT broker, the host-built window units, Home Assistant, the demo setup
(owner account, MQTT and ESPHome entries, the hall, a token for the simulator), then the
simulator. Every child runs in a session of its own, so that Ctrl-C in the terminal reaches
this process only and the stop goes in the reverse order: the simulator (it writes its ledger
and tells the hall that Frigate goes offline), Home Assistant (it saves its state), the units,
the broker.

``--hours H`` stops the simulator after H simulated hours; the hall stays up until Ctrl-C, unless
``--headless``, which then checks the hall against the simulator's ledger (:mod:`stack.verify`),
prints a summary, stops everything and exits with 0 only when every check passed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from simulator.live.tuning import Tuning, for_speed

from .broker import Broker, BrokerMissing, start_broker
from .hall_url import default_route_address, hall_url, write_internal_url
from .processes import HOST, stop
from .stale import correct_connections
from .units import demo_unit

ROOT = Path(__file__).resolve().parent.parent
DASHBOARDS = {
    "大屏 big screen": "/service-hall-board/board",
    "窗口平板 window tablet": "/service-hall-window/window-1",
    "取号机 kiosk": "/service-hall-kiosk/tickets",
    "主管 supervisor": "/service-hall-supervisor/today",
    # Window 3's own tablet: one window, no tabs; log in as tablet3 (an ordinary user bound to it)
    "窗口3平板 tablet3/demo1234": "/service-hall-tablet-3/window-3",
}
LOGIN = ("demo", "demo1234")  # created by scripts/demo_setup.py: a demo account only
SETUP_TIMEOUT_S = 1200.0
LIVE_START = "09:30"  # the simulated time a visitor's demo starts at: arrivals near the 10:00 peak
HASS_STOP_S = 60.0


def unit_name(window: int) -> str:
    """The ESPHome node name of the unit at a window (the demo hall's layout names the same)."""
    return demo_unit(window)[0]


@dataclass(slots=True)
class Stack:
    """What this run started, to be stopped in reverse order."""

    broker: Broker | None = None
    units: dict[int, tuple[int, subprocess.Popen[bytes]]] = field(default_factory=dict)  # window -> port
    hass: subprocess.Popen[bytes] | None = None
    setup: subprocess.Popen[bytes] | None = None
    simulator: subprocess.Popen[bytes] | None = None

    def stop(self) -> None:
        """Stop everything, the simulator first and the broker last."""
        for process in (self.simulator, self.setup):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    stop(process)
        if self.hass is not None and self.hass.poll() is None:
            self.hass.terminate()  # Home Assistant saves its state and stops
            try:
                self.hass.wait(timeout=HASS_STOP_S)
            except subprocess.TimeoutExpired:
                self.hass.kill()
                self.hass.wait()
        for _port, process in self.units.values():
            stop(process)
        if self.broker is not None:
            stop(self.broker.process)


class Stopped(Exception):
    """Ctrl-C or SIGTERM."""


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    raise Stopped(signal.Signals(signum).name)


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def unit_api_key(demo: Path) -> str:
    """The API encryption key of this runtime folder's units, made once (``units/api_key``)."""
    from .units import new_api_key

    path = demo / "units" / "api_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(new_api_key() + "\n")
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text().strip()


def start_units(args: argparse.Namespace, stack: Stack) -> None:
    """Build (cached) and start one host unit per window 1..N; go on without them if they cannot be built."""
    if args.units <= 0:
        return
    from .units import UnitToolsMissing, build_demo_unit, build_unit, start_unit

    for window in range(1, args.units + 1):
        name = unit_name(window)
        work_dir = args.demo / "units" / "build" / name
        try:
            started = time.monotonic()
            if args.ha == "minimum":  # Home Assistant 2025.4 logs in with the units' password
                _name, binary = build_demo_unit(work_dir, window, esphome=args.esphome)
            else:
                key = unit_api_key(args.demo)
                _name, binary = build_unit(work_dir, window, encryption_key=key, esphome=args.esphome)
            port = args.unit_port + window - 1
            process = start_unit(binary, port, args.demo / "units" / name / "unit.log")
        except UnitToolsMissing as err:
            say(f"no window units: {err}")
            return
        except (RuntimeError, TimeoutError, OSError) as err:
            say(f"window unit {name} did not start: {err}")
            continue
        stack.units[window] = (port, process)
        say(f"window unit {name} (window {window}) on {HOST}:{port} ({time.monotonic() - started:.0f} s)")


def hass_process(args: argparse.Namespace) -> subprocess.Popen[bytes]:
    """Start Home Assistant in a session of its own (its process group is its pid)."""
    command = [str(args.hass), "-c", str(args.config), *args.hass_args]
    if args.headless or args.kills:
        with (args.demo / "hass.out").open("ab") as out:
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
    # Home Assistant's console output in the terminal, as a plain `hass` run
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, start_new_session=True)


def correct_stale_folder(args: argparse.Namespace, stack: Stack) -> None:
    """A runtime folder from a run on other ports: its entries point at this run's broker and units."""
    broker = (stack.broker.host, stack.broker.port) if stack.broker is not None else None
    units = {unit_name(window): (HOST, port) for window, (port, _process) in stack.units.items()}
    key = unit_api_key(args.demo) if units and args.ha != "minimum" else None
    for change in correct_connections(args.config, args.demo / "connections.json", broker, units, key):
        say(f"runtime folder of an earlier run: {change}")


def start_hass(args: argparse.Namespace, stack: Stack) -> None:
    stack.hass = hass_process(args)


def crash_test(args: argparse.Namespace, stack: Stack) -> int:
    """Kill Home Assistant ``--kills`` times under load and check the hall each time (stack.crash)."""
    from .crash import run_crash_test

    assert stack.hass is not None
    try:
        return run_crash_test(args, lambda: hass_process(args), stack.hass)
    finally:
        stack.hass = getattr(args, "crash_process", stack.hass)


def supervision(args: argparse.Namespace) -> Tuning:
    """The supervision times of this run: the product's in real time, short ones faster; a still
    hall (``--no-sim``: driven by hand, as the dashboard tests do) keeps the short ones."""
    return for_speed(args.speed, simulated=not args.no_sim)


def run_setup(args: argparse.Namespace, stack: Stack) -> int:
    """The demo setup (account, entries, hall, token); its exit status. Home Assistant must stay up."""
    command = [
        str(args.python),
        str(ROOT / "scripts" / "demo_setup.py"),
        "--url",
        args.url,
        "--log",
        str(args.demo / "setup.log"),
        "--token-file",
        str(args.demo / "token"),
        # The hall's supervision times follow this run's speed, whatever an earlier run left.
        "--supervision",
        supervision(args).name,
    ]
    if stack.broker is not None:
        command += ["--mqtt", f"{stack.broker.host}:{stack.broker.port}"]
    for window, (port, _process) in sorted(stack.units.items()):
        command += ["--unit", f"{unit_name(window)}={HOST}:{port}"]
    if stack.units and args.ha != "minimum":
        command += ["--unit-key-file", str(args.demo / "units" / "api_key")]
    stack.setup = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + SETUP_TIMEOUT_S
    while stack.setup.poll() is None:
        if stack.hass is not None and stack.hass.poll() is not None:
            stop(stack.setup)
            return 1
        if time.monotonic() > deadline:
            stop(stack.setup)
            return 1
        time.sleep(0.5)
    return stack.setup.returncode


def start_simulator(args: argparse.Namespace, stack: Stack) -> None:
    if stack.broker is None:
        say("no simulator: it needs the MQTT broker")
        return
    command = [
        str(args.python),
        "-m",
        "simulator.live",
        "--url",
        args.url,
        "--token-file",
        str(args.demo / "token"),
        "--mqtt",
        f"{stack.broker.host}:{stack.broker.port}",
        "--speed",
        str(args.speed),
        "--seed",
        str(args.seed),
        "--ledger",
        str(args.demo / "ledger.json"),
    ]
    if args.hours is not None:
        command += ["--hours", str(args.hours)]
    if not args.headless:  # a visitor's demo opens in the busy morning (the checks play from 08:30)
        command += ["--start", LIVE_START]
    for window in sorted(stack.units):
        command += ["--unit", f"{window}={unit_name(window)}"]
    with (args.demo / "simulator.log").open("ab") as log:
        stack.simulator = subprocess.Popen(
            command,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def banner(args: argparse.Namespace, stack: Stack) -> str:
    shown = _shown
    lines = [
        "",
        f"  Service Hall, a living demo hall: {args.url}",
        f"  Log in as {LOGIN[0]} / {LOGIN[1]} (a demo account only; do not expose this instance).",
    ]
    lines += [f"    {name:<24} {args.url}{path}" for name, path in DASHBOARDS.items()]
    if stack.broker is not None:
        lines.append(f"  MQTT broker ({stack.broker.kind}): {stack.broker.host}:{stack.broker.port}")
    for window, (port, _process) in sorted(stack.units.items()):
        lines.append(
            f"  Window unit {unit_name(window)} (window {window}): {HOST}:{port} (ESPHome native API)"
        )
    if stack.simulator is not None:
        hours = f" for {args.hours:g} simulated hours" if args.hours is not None else ""
        pace = "in real time" if args.speed == 1 else f"at {args.speed:g}x"
        lines.append(
            f"  Simulator: citizens, officers and Frigate {pace}{hours}; "
            f"log {shown(args.demo / 'simulator.log')}, ledger {shown(args.demo / 'ledger.json')}"
        )
        if args.speed > 1:
            lines.append(
                "  Faster than real time: durations and waits are not a real hall's (the supervisor's tablet says so)."
            )
    else:
        lines.append("  Simulator: off (--no-sim)")
    times = supervision(args)
    lines.append(
        f"  Supervision: away after {times.absence_confirm:g} s, an alert after {times.away_alert:g} s away "
        f"or {times.phone_alert:g} s on the phone, {times.cooldown:g} s apart"
        + (" (the product's defaults)" if times.name == "real" else " (short times for the checks)")
    )
    if args.hall_url:
        lines.append(
            f"  Entrance poster (QR code of the public queue page): {args.url}/service_hall/queue/poster "
            f"points phones to {args.hall_url} (SH_HALL_URL to change)"
        )
    lines.append(
        f"  Logs: {shown(args.demo / 'setup.log')}, {shown(args.config / 'home-assistant.log')}, "
        f"{shown(args.demo / 'units')}/"
    )
    lines += ["  Stop with Ctrl-C." if not args.headless else "  Headless: stops by itself.", ""]
    return "\n".join(lines)


def _shown(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


def headless_summary(args: argparse.Namespace) -> int:
    """Check the hall against the ledger, print the summary; 0 when every check passed."""
    from .verify import verify_stack

    report = verify_stack(args.url, (args.demo / "token").read_text().strip(), args.demo / "ledger.json")
    (args.demo / "summary.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    print(report["text"], flush=True)
    return 0 if report["ok"] else 1


def run(args: argparse.Namespace) -> int:
    stack = Stack()
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    status = 0
    # The address the poster's QR code gives phones: this run's port (the copy is fresh each run).
    args.hall_url = args.hall_url or hall_url(
        args.port, os.environ, default_route_address(), socket.gethostname()
    )
    write_internal_url(args.config / "configuration.yaml", args.hall_url)
    try:
        try:
            stack.broker = start_broker(args.demo / "broker", args.mqtt_port, amqtt=args.amqtt)
            say(f"MQTT broker ({stack.broker.kind}) on {stack.broker.host}:{stack.broker.port}")
        except BrokerMissing as err:
            say(f"{err}; the hall runs without MQTT (seats unknown) and without the simulator")
        start_units(args, stack)
        correct_stale_folder(args, stack)
        start_hass(args, stack)
        say(
            f"Home Assistant starting on {args.url}; setting up the demo (log: {_shown(args.demo / 'setup.log')})"
        )
        setup_status = run_setup(args, stack)
        if setup_status != 0:
            say(f"the demo setup failed (status {setup_status}): see {_shown(args.demo / 'setup.log')}")
            if args.headless or (stack.hass is not None and stack.hass.poll() is not None):
                return 1
        elif args.kills:
            return crash_test(args, stack)
        elif not args.no_sim:
            start_simulator(args, stack)
        print(banner(args, stack), file=sys.stderr, flush=True)
        status = watch(args, stack)
    except Stopped as stopped:
        say(f"{stopped}: stopping the simulator, Home Assistant, the units and the broker")
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the stop short
        stack.stop()
    return status


def watch(args: argparse.Namespace, stack: Stack) -> int:
    """Wait for Ctrl-C, Home Assistant's end, or (headless) the simulator's end."""
    assert stack.hass is not None
    simulator_done = False
    while True:
        if stack.hass.poll() is not None:
            say(f"Home Assistant exited with {stack.hass.returncode}")
            return stack.hass.returncode or 1
        if stack.simulator is not None and not simulator_done and stack.simulator.poll() is not None:
            simulator_done = True
            say(f"the simulator finished (status {stack.simulator.returncode})")
            if args.headless:
                return headless_summary(args) or stack.simulator.returncode
        elif args.headless and stack.simulator is None:
            return 1  # nothing to wait for
        time.sleep(0.5)


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m stack.run", description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, required=True, help="the runtime folder (.demo/)")
    parser.add_argument("--config", type=Path, help="Home Assistant's configuration (default DEMO/config)")
    parser.add_argument("--python", type=Path, default=Path(sys.executable))
    parser.add_argument("--hass", type=Path, help="the hass program (default: next to --python)")
    parser.add_argument(
        "--hass-python",
        type=Path,
        help="the python of Home Assistant's venv, for what needs Home Assistant's code (default: next to --hass)",
    )
    parser.add_argument(
        "--ha",
        choices=("newest", "minimum"),
        default="newest",
        help="which Home Assistant --hass is: its window units differ (encrypted, or with a password)",
    )
    parser.add_argument("--port", type=int, default=8123, help="Home Assistant's HTTP port")
    parser.add_argument("--mqtt-port", type=int, default=1883)
    parser.add_argument(
        "--unit-port",
        type=int,
        default=6055,  # 6054 is Home Assistant 2026's own listener for ESPHome devices
        help="the first unit's API port",
    )
    parser.add_argument("--units", type=int, default=2, help="window units, at windows 1..N (0: none)")
    parser.add_argument("--esphome", type=Path, help="the ESPHome that builds the units (default: by --ha)")
    parser.add_argument("--amqtt", type=Path, default=ROOT / ".venv" / "broker" / "bin" / "amqtt")
    parser.add_argument("--no-sim", action="store_true", help="no simulator: a still demo hall")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="simulated seconds per real second (1: real time)"
    )
    parser.add_argument(
        "--hours", type=float, default=None, help="stop the simulator after H simulated hours"
    )
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--headless", action="store_true", help="with --hours: check, summarise, stop")
    parser.add_argument(
        "--kills",
        type=int,
        default=0,
        help="crash test: SIGKILL Home Assistant N times under load, check, stop",
    )
    parser.add_argument("hass_args", nargs="*", help="after --: passed to hass")
    args = parser.parse_args(argv)
    args.demo = args.demo.resolve()
    args.config = (args.config or args.demo / "config").resolve()
    args.hass = args.hass or args.python.parent / "hass"
    args.hass_python = args.hass_python or args.hass.parent / "python"
    args.esphome = (
        args.esphome
        or ROOT / ".venv" / ("esphome-demo" if args.ha == "minimum" else "esphome") / "bin" / "esphome"
    )
    args.url = f"http://localhost:{args.port}"
    try:  # SH_HALL_URL is checked here; without it, run() finds this machine's LAN address
        args.hall_url = hall_url(args.port, os.environ, None, "") if os.environ.get("SH_HALL_URL") else None
    except ValueError as err:
        parser.error(str(err))
    if args.headless and args.hours is None:
        parser.error("--headless needs --hours")
    if args.headless and args.no_sim:
        parser.error("--headless plays the simulator: it cannot go with --no-sim")
    if args.kills < 0 or (args.kills and not args.no_sim):
        parser.error("--kills N needs --no-sim (the crash test drives the hall itself)")
    if args.speed <= 0:
        parser.error("--speed must be above 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    os.chdir(ROOT)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
