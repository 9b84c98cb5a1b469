"""The Home Assistant the stack tests run: ``SH_TEST_HA=newest`` (the default) or ``minimum``.

scripts/run gets it as ``--ha``: the newest release (Python 3.14, encrypted window units) or the
oldest the integration supports (2025.4.4, units with an API password). For example, the living
hall alone on the minimum:

    SH_TEST_HA=minimum .venv/browser/bin/python -m pytest -q -p no:cacheprovider \\
        --confcutdir=tests/stack tests/stack/test_living_hall.py
"""

from __future__ import annotations

import os

import pytest

CHOICES = ("newest", "minimum")


@pytest.fixture(scope="session")
def ha_args() -> list[str]:
    """``["--ha", choice]`` for scripts/run."""
    choice = os.environ.get("SH_TEST_HA", "").strip() or "newest"
    if choice not in CHOICES:
        pytest.fail(f"SH_TEST_HA must be one of {', '.join(CHOICES)} (got {choice!r})", pytrace=False)
    return ["--ha", choice]
