"""The run command's window units (stack/units.py): one build per window, each a device of its own.

Home Assistant tells ESPHome devices apart by MAC address and the hall tells units apart by node
name, so two demo units must differ in both; they are reached with the demo's API password (Home
Assistant 2025.x logs in), and a second build of the same unit comes from the cache.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from stack.processes import free_port
from stack.units import (
    DEMO_PASSWORD,
    ESPHOME_DEMO_BIN,
    UnitToolsMissing,
    build_demo_unit,
    start_unit,
    stop_unit,
)

from ..esphome_unit import skip_on_foreign_python, skip_or_fail

pytestmark = pytest.mark.timeout(600)


async def device_info(port: int) -> tuple[str, str, str, str]:
    from aioesphomeapi import APIClient

    client = APIClient("127.0.0.1", port, DEMO_PASSWORD, client_info="service-hall-test")
    await client.connect(login=True)
    try:
        info = await client.device_info()
        return info.name, info.friendly_name, info.mac_address, info.project_name
    finally:
        await client.disconnect()


async def test_two_demo_units_are_two_devices(socket_enabled: None, tmp_path: Path) -> None:
    if importlib.util.find_spec("aioesphomeapi") is None:
        skip_or_fail("aioesphomeapi not installed in the test venv")
    skip_on_foreign_python(ESPHOME_DEMO_BIN)
    try:
        built = [build_demo_unit(tmp_path / f"unit{window}", window) for window in (1, 2)]
    except UnitToolsMissing as err:
        skip_or_fail(str(err))
        return
    # Built again: the cache answers at once with the same binary.
    started = time.monotonic()
    assert build_demo_unit(tmp_path / "again", 1) == built[0]
    assert time.monotonic() - started < 10
    assert not (tmp_path / "again").exists()  # nothing generated or compiled

    processes, infos = [], []
    try:
        for window, (_name, binary) in enumerate(built, start=1):
            port = free_port()
            processes.append(start_unit(binary, port, tmp_path / f"run{window}" / "unit.log"))
            infos.append(await device_info(port))
    finally:
        for process in processes:
            stop_unit(process)
    assert [info[:2] for info in infos] == [
        ("window-unit-01", "Window unit 01"),
        ("window-unit-02", "Window unit 02"),
    ]
    assert [info[2] for info in infos] == ["02:53:48:00:00:01", "02:53:48:00:00:02"]
    assert {info[3] for info in infos} == {"servicehall.window_unit"}
