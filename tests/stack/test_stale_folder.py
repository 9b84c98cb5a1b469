"""The run command on a runtime folder left by an earlier run on other ports comes up whole.

``scripts/run --no-sim`` twice on one folder, each time on free ports of its own, stopped with
Ctrl-C (SIGINT) in between, as a newcomer would after a first try. The second start must point
Home Assistant at its own broker and units before it starts (stack/stale.py): no error in Home
Assistant's log, no entry "already set up", every config entry loaded, and the hall's sensors
move, its seats through the new broker.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from stack.processes import HOST, free_port, start_run_command

START_TIMEOUT_S = 900.0  # a cold machine builds the units and installs Home Assistant's frontend
STOP_TIMEOUT_S = 90.0
SETTLE_S = 10.0  # after the demo setup: units connect, MQTT subscribes


def _start(
    folder: Path, name: str, ha_args: list[str]
) -> tuple[subprocess.Popen[bytes], dict[str, int], Path]:
    ports = {"port": free_port(), "mqtt_port": free_port(), "unit_port": free_port()}
    log = folder / f"{name}.log"
    process = start_run_command([*ha_args, "--no-sim"], demo_dir=folder / "demo", log=log, **ports)
    setup_log = folder / "demo" / "setup.log"
    deadline = time.monotonic() + START_TIMEOUT_S
    done = f"{name}: demo setup finished"
    while True:
        text = setup_log.read_text(encoding="utf-8") if setup_log.exists() else ""
        # Each start appends to setup.log: count the finished setups.
        if text.count("demo setup finished") >= (1 if name == "first" else 2):
            break
        if process.poll() is not None:
            pytest.fail(f"scripts/run exited with {process.returncode}\n{log.read_text()}", pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"{done} did not come in time\n{log.read_text()}", pytrace=False)
        time.sleep(1)
    time.sleep(SETTLE_S)
    return process, ports, log


def _stop(process: subprocess.Popen[bytes]) -> int:
    os.killpg(process.pid, signal.SIGINT)
    try:
        return process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise


def _api(port: int, token: str, path: str, data: dict[str, Any] | None = None) -> Any:
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}",
        data=json.dumps(data).encode() if data is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST" if data is not None else "GET",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def _state(port: int, token: str, entity_id: str) -> str:
    return str(_api(port, token, f"/api/states/{entity_id}")["state"])


@pytest.fixture(scope="module")
def second_start(
    tmp_path_factory: pytest.TempPathFactory, ha_args: list[str]
) -> Generator[tuple[Path, dict[str, int], Path]]:
    folder = tmp_path_factory.mktemp("stale_folder")
    first, _ports, _log = _start(folder, "first", ha_args)
    assert _stop(first) == 0
    process, ports, log = _start(folder, "second", ha_args)
    try:
        yield folder, ports, log
    finally:
        if process.poll() is None:
            _stop(process)


def test_the_second_start_points_the_folder_at_its_ports(
    second_start: tuple[Path, dict[str, int], Path],
) -> None:
    folder, ports, log = second_start
    said = log.read_text(encoding="utf-8")
    assert "MQTT broker 127.0.0.1:" in said and f"-> 127.0.0.1:{ports['mqtt_port']}" in said
    assert f"-> 127.0.0.1:{ports['unit_port']}" in said
    home_assistant = (folder / "demo" / "config" / "home-assistant.log").read_text(encoding="utf-8")
    errors = [line for line in home_assistant.splitlines() if " ERROR " in line]
    assert errors == []
    assert "already been setup" not in home_assistant
    token = (folder / "demo" / "token").read_text().strip()
    entries = _api(ports["port"], token, "/api/config/config_entries/entry")
    assert {
        (e["domain"], e["state"]) for e in entries if e["domain"] in ("mqtt", "esphome", "service_hall")
    } == {
        ("mqtt", "loaded"),
        ("esphome", "loaded"),
        ("service_hall", "loaded"),
    }


def test_the_hall_is_live_on_the_new_ports(second_start: tuple[Path, dict[str, int], Path]) -> None:
    folder, ports, _log = second_start
    token = (folder / "demo" / "token").read_text().strip()
    states = {s["entity_id"]: s["state"] for s in _api(ports["port"], token, "/api/states")}
    (waiting,) = [e for e in states if e.endswith("_hu_ji_ye_wu_waiting")]
    before = int(states[waiting])
    _api(ports["port"], token, "/api/services/service_hall/issue_ticket", {"service": "household"})
    time.sleep(1)
    assert int(_state(ports["port"], token, waiting)) == before + 1
    seat = "sensor.zong_he_chuang_kou_1_staff_state"  # window 1: open, its officer signed in
    assert _state(ports["port"], token, seat) == "unknown"  # no Frigate yet (no simulator)
    publish = shutil.which("mosquitto_pub") or "/usr/bin/mosquitto_pub"
    subprocess.run(
        [
            publish,
            "-h",
            HOST,
            "-p",
            str(ports["mqtt_port"]),
            "-t",
            "frigate/window_01_seat/person",
            "-m",
            "1",
        ],
        check=True,
        timeout=10,
    )
    deadline = time.monotonic() + 10
    while _state(ports["port"], token, seat) != "present":
        assert time.monotonic() < deadline, "the seat did not follow the new broker"
        time.sleep(0.5)
