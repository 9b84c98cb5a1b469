"""The host window unit for the tests: :mod:`stack.units` builds it, this skips when it cannot.

Home Assistant 2026 talks to the unit built from ``esphome/window-unit-host.yaml`` with the
pinned ESPHome (``.venv/esphome``); Home Assistant 2025.x only to the demo's unit, built from
``esphome/window-unit-demo-password.yaml`` with ESPHome 2025.12 (``.venv/esphome-demo``), which has an API
password because 2025.x always logs in (see stack/units.py). :func:`test_unit` picks the one the
running Home Assistant can use. Without g++ or the ESPHome venv the tests using it are skipped
with a message, except under ``CI``: then they fail.

In the Python 3.14 chroot (scripts/py314) the ESPHome venvs, built on the host's Python, do not
run: scripts/test builds the 2026 unit on the host first and names its binary in
``SH_TEST_UNIT``, which is then used as it is.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pytest

from homeassistant.const import MAJOR_VERSION
from stack.units import (
    DEMO_PASSWORD,
    TEST_NODE,
    UnitToolsMissing,
    build_demo_unit,
    build_host_unit,
    start_unit,
    stop_unit,
)

from .processes import in_ci

__all__ = ["TestUnit", "skip_on_foreign_python", "skip_or_fail", "start_unit", "stop_unit", "test_unit"]


class TestUnit(NamedTuple):
    """A built unit: its binary, node name and API password ("" for none)."""

    binary: Path
    name: str
    password: str


def skip_or_fail(message: str) -> None:
    """Skip the test; under CI fail instead, because CI must really run it."""
    if in_ci():
        pytest.fail(f"{message}. CI is set, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(message)


def skip_on_foreign_python(program: Path) -> None:
    """Skip (under CI too) when ``program`` is in a venv whose interpreter is not here.

    The run command's tools (ESPHome, amqtt) have venvs on the host's Python 3.13, which does not
    exist inside the Python 3.14 chroot (scripts/py314) where the newest Home Assistant is tested.
    What these tests check does not depend on Home Assistant: the HA 2025.4 run, on the host,
    runs them.
    """
    if program.exists() and not (program.parent / "python").exists():
        pytest.skip(
            f"{program.name} of {program.parent.parent.name} runs on the host's Python, absent in "
            "the Python 3.14 chroot (scripts/py314); the HA 2025.4 run checks it"
        )


def test_unit(work_dir: Path) -> TestUnit:
    """The host unit the running Home Assistant can talk to (built once, cached across runs)."""
    if MAJOR_VERSION >= 2026 and (prebuilt := os.environ.get("SH_TEST_UNIT")):
        return TestUnit(Path(prebuilt), TEST_NODE, "")
    try:
        if MAJOR_VERSION < 2026:
            name, binary = build_demo_unit(work_dir, 1)
            return TestUnit(binary, name, DEMO_PASSWORD)
        return TestUnit(build_host_unit(work_dir), TEST_NODE, "")
    except UnitToolsMissing as err:
        skip_or_fail(str(err))
        raise


test_unit.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test
TestUnit.__test__ = False  # type: ignore[attr-defined]
