"""The host window unit for the tests: :mod:`stack.units` builds it, this skips when it cannot.

Home Assistant 2026 talks to the unit built from ``esphome/window-unit-host.yaml`` with the
pinned ESPHome (``.venv/esphome``); Home Assistant 2025.x only to the demo's unit, built from
``esphome/window-unit-demo.yaml`` with ESPHome 2025.12 (``.venv/esphome-demo``), which has an API
password because 2025.x always logs in (see stack/units.py). :func:`test_unit` picks the one the
running Home Assistant can use. Without g++ or the ESPHome venv the tests using it are skipped
with a message, except under ``CI``: then they fail.
"""

from __future__ import annotations

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

__all__ = ["TestUnit", "skip_or_fail", "start_unit", "stop_unit", "test_unit"]


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


def test_unit(work_dir: Path) -> TestUnit:
    """The host unit the running Home Assistant can talk to (built once, cached across runs)."""
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
