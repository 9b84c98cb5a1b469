"""End to end: the run command's whole stack plays three simulated hours; the hall is checked from outside.

``scripts/run --reset --hours 3 --speed 120`` starts mosquitto, two host-built window units,
Home Assistant with the demo hall, and the simulator (citizens, officers at the windows and at
the units' keys, Frigate over MQTT). While it plays, this test listens to the hall's alerts over
Home Assistant's websocket API, as a supervisor's phone would. Once the simulator has finished
(its ledger says so), the test checks the hall against the ledger through the websocket API
(:func:`stack.verify.verify_stack`): every ticket the simulator was given is where the
simulator left it, the alerts are exactly those its away and phone episodes call for, and each
unit's display shows its window's ticket. Then Ctrl-C (SIGINT) must stop everything.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from stack.processes import HOST, free_port, start_run_command
from stack.verify import expected_alerts, verify_stack

ROOT = Path(__file__).resolve().parents[2]
HOURS = 3.0
SPEED = 120.0  # 3 simulated hours in 90 s
SEED = 20261122
START_TIMEOUT_S = 900.0  # a cold machine builds the units and installs Home Assistant's frontend
STOP_TIMEOUT_S = 90.0


@dataclass
class Run:
    """The run command's process and where its pieces listen."""

    process: subprocess.Popen[bytes]
    folder: Path
    port: int
    mqtt_port: int
    unit_port: int
    alerts: list[dict[str, Any]] = field(default_factory=list)
    shown: dict[str, list[str]] = field(default_factory=dict)  # unit display entity -> what it showed

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def demo(self) -> Path:
        return self.folder / "demo"

    def log(self) -> str:
        parts = []
        for name in ("run.log", "demo/setup.log", "demo/simulator.log"):
            path = self.folder / name
            text = path.read_text(errors="replace")[-3000:] if path.exists() else "(none)"
            parts.append(f"--- {name}:\n{text}")
        return "\n".join(parts)


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def listen_to_alerts(run: Run, stop: threading.Event) -> None:
    """Collect every ``service_hall_staff_alert`` while the simulator plays (a thread of its own)."""

    token_file = run.demo / "token"
    while not token_file.exists():
        if stop.wait(0.2):
            return

    async def listen() -> None:
        async with aiohttp.ClientSession() as session, session.ws_connect(f"{run.url}/api/websocket") as ws:
            await ws.receive_json()
            await ws.send_json({"type": "auth", "access_token": token_file.read_text().strip()})
            assert (await ws.receive_json())["type"] == "auth_ok"
            await ws.send_json(
                {"id": 1, "type": "subscribe_events", "event_type": "service_hall_staff_alert"}
            )
            await ws.send_json({"id": 2, "type": "subscribe_events", "event_type": "state_changed"})
            while not stop.is_set():
                try:
                    message = await ws.receive_json(timeout=0.5)
                except TimeoutError:
                    continue
                if message.get("type") != "event":
                    continue
                if message["id"] == 1:
                    run.alerts.append(message["event"]["data"])
                    continue
                data = message["event"]["data"]
                entity_id, new = data["entity_id"], data.get("new_state") or {}
                if entity_id.startswith("sensor.window_unit_") and entity_id.endswith("_display"):
                    run.shown.setdefault(entity_id, []).append(str(new.get("state")))

    asyncio.run(listen())


@pytest.fixture(scope="module")
def living_hall(tmp_path_factory: pytest.TempPathFactory, ha_args: list[str]) -> Generator[Run]:
    folder = tmp_path_factory.mktemp("living_hall")
    run = Run(
        process=None,  # type: ignore[arg-type]
        folder=folder,
        port=free_port(),
        mqtt_port=free_port(),
        unit_port=free_port(),
    )
    run.process = start_run_command(
        [*ha_args, "--reset", "--hours", str(HOURS), "--speed", str(SPEED), "--seed", str(SEED)],
        demo_dir=run.demo,
        port=run.port,
        mqtt_port=run.mqtt_port,
        unit_port=run.unit_port,
        log=folder / "run.log",
    )
    stop = threading.Event()
    listener = threading.Thread(target=listen_to_alerts, args=(run, stop), daemon=True)
    listener.start()
    try:
        ledger = run.demo / "ledger.json"
        deadline = time.monotonic() + START_TIMEOUT_S + HOURS * 3600 / SPEED
        while not (ledger.exists() and json.loads(ledger.read_text() or "{}").get("finished")):
            if run.process.poll() is not None:
                pytest.fail(f"scripts/run exited with {run.process.returncode}\n{run.log()}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"the simulator did not finish in time\n{run.log()}", pytrace=False)
            time.sleep(1)
        time.sleep(3)  # the last pushes (unit displays) settle
        stop.set()
        listener.join(timeout=10)
        yield run
    finally:
        stop.set()
        if run.process.poll() is None:
            os.killpg(run.process.pid, signal.SIGINT)
            try:
                run.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(run.process.pid, signal.SIGKILL)


def test_the_hall_agrees_with_the_simulator(living_hall: Run) -> None:
    """Every ticket, alert and unit display, checked through Home Assistant's websocket API."""
    token = (living_hall.demo / "token").read_text().strip()
    report = verify_stack(living_hall.url, token, living_hall.demo / "ledger.json")
    failed = {name: check for name, check in report["checks"].items() if not check["ok"]}
    assert not failed, f"{report['text']}\n{living_hall.log()}"
    ledger = json.loads((living_hall.demo / "ledger.json").read_text())
    # The run was long enough to mean something: tickets issued and served, units pressed,
    # alerts of both kinds expected.
    assert report["figures"]["tickets"] >= 50
    assert report["figures"]["served"] >= 20
    assert report["figures"]["units"] == 2
    assert sum(ledger["unit_presses"].values()) >= 10
    expected = expected_alerts(ledger)
    assert {kind for _window, kind in expected} == {"away", "phone"}


def test_alerts_seen_live_are_those_expected(living_hall: Run) -> None:
    """The alerts a supervisor's phone would have received: exactly one per long episode."""
    ledger = json.loads((living_hall.demo / "ledger.json").read_text())
    seen = sorted((int(alert["window"]), str(alert["kind"])) for alert in living_hall.alerts)
    assert seen == sorted(expected_alerts(ledger)), living_hall.log()


def test_every_call_at_a_unit_window_reached_its_display(living_hall: Run) -> None:
    """Each ticket called at windows 1 and 2 (by the unit's key) appeared on that window's unit."""
    ledger = json.loads((living_hall.demo / "ledger.json").read_text())
    checked = 0
    for window, node in ledger["units"].items():
        called = {
            t["number"] for t in ledger["tickets"] if t["window"] == int(window) and t["fate"] != "waiting"
        }
        shown = set(living_hall.shown.get(f"sensor.{node.replace('-', '_')}_display", []))
        assert called <= shown, f"window {window}: called {sorted(called)}, its unit showed {sorted(shown)}"
        checked += len(called)
    assert checked >= 5, "too few calls at the unit windows to mean anything"


def test_ctrl_c_stops_everything(living_hall: Run) -> None:
    """SIGINT: the simulator, Home Assistant, the units and the broker all stop; status 0."""
    os.killpg(living_hall.process.pid, signal.SIGINT)
    status = living_hall.process.wait(timeout=STOP_TIMEOUT_S)
    assert status == 0, living_hall.log()
    ports = [living_hall.port, living_hall.mqtt_port, living_hall.unit_port, living_hall.unit_port + 1]
    assert not [port for port in ports if listening(port)], "something still listens after Ctrl-C"
    assert "stopping the simulator" in (living_hall.folder / "run.log").read_text()
