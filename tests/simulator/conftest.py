"""The simulator runs the hall package without Home Assistant: no Home Assistant fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """No Home Assistant test instance."""


@pytest.fixture(autouse=True)
def isolated_config_dir() -> None:
    """No Home Assistant, so no config directory either."""


@pytest.fixture(autouse=True, scope="module")
def garbage_collection() -> None:
    """No event loop objects to collect between modules."""
