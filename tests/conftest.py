"""Shared fixtures: a sample hall set up in a real Home Assistant test instance."""

from __future__ import annotations

import logging
import shutil
from collections.abc import AsyncGenerator, Generator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from pytest_homeassistant_custom_component.typing import MqttMockHAClient
from syrupy.assertion import SnapshotAssertion

# Import the repository's package before any setup, or the plugin's testing_config wins.
from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.hall import parse_layout
from custom_components.service_hall.layout_entries import subentries_of
from custom_components.service_hall.settings import TUNING_DEFAULTS
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import MAJOR_VERSION, MINOR_VERSION
from homeassistant.core import HomeAssistant, ServiceResponse

# tests/dashboards runs in its own venv (.venv/browser: Playwright, no Home Assistant) with its
# own pytest.ini: see scripts/test, step "dashboards in Chromium". tests/stack (the living hall)
# likewise: step "living hall end to end".
collect_ignore = ["dashboards", "stack"]

HA_SERIES = f"{MAJOR_VERSION}.{MINOR_VERSION}"

FIXTURES = Path(__file__).parent / "fixtures"
ENTRY_ID = "01JSERVICEHALL0000000000001"
TZ = ZoneInfo("Asia/Shanghai")
EXAMPLE_MATERIALS = Path(__file__).parents[1] / "demo" / "config" / "service_hall" / "materials"

# A Monday morning inside opening hours.
MONDAY_9AM = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> Generator[None]:
    """Load custom integrations from the repository."""
    yield


@pytest.fixture(autouse=True)
def isolated_config_dir(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Give each test's Home Assistant its own config directory.

    The plugin's default directory is shared by every test, and a hall keeps its journal
    there under .storage.
    """
    if "hass" in request.fixturenames:
        hass: HomeAssistant = request.getfixturevalue("hass")
        hass.config.config_dir = str(tmp_path)
        # The repository's materials guides, as the demo has them (business, household, social insurance).
        shutil.copytree(EXAMPLE_MATERIALS, tmp_path / "service_hall" / "materials")


class _DeprecatedUses(logging.Handler):
    """Collects the log lines in which Home Assistant reports a deprecated use by this integration."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # report_usage: "Detected that custom integration 'service_hall' calls ..."; the
        # deprecation helpers name the integration and say "deprecated".
        if message.startswith(f"Detected that custom integration '{DOMAIN}'") or (
            DOMAIN in message and "deprecat" in message.lower()
        ):
            self.found.append(message)


@pytest.fixture(autouse=True)
def no_deprecated_use() -> Generator[None]:
    """Our code uses nothing that Home Assistant reports as deprecated (it only logs it, and the
    use breaks in a later release). Python's DeprecationWarnings from our modules are errors
    through pyproject.toml's filterwarnings."""
    handler = _DeprecatedUses()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    assert not handler.found, "Home Assistant reports a deprecated use:\n" + "\n".join(handler.found)


class VersionedSnapshotExtension(HomeAssistantSnapshotExtension):
    """Home Assistant's snapshot format, kept apart per Home Assistant release series.

    Registry entries gain fields between releases, so each tested series has its snapshots.
    """

    @classmethod
    def dirname(cls, *, test_location: Any) -> str:
        """``snapshots_<year.month>/`` beside the test module.

        Not under ``snapshots/``: the plugin's own extension walks that folder and would count
        the other series' snapshots as unused.
        """
        return str(Path(test_location.filepath).parent / f"snapshots_{HA_SERIES}")


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots through Home Assistant's extension (stable, no timestamps)."""
    return snapshot.use_extension(VersionedSnapshotExtension)


def sample_layout() -> dict[str, Any]:
    """The sample hall used by most tests."""
    data: dict[str, Any] = yaml.safe_load((FIXTURES / "hall_layout.yaml").read_text(encoding="utf-8"))
    return data


def layout_subentries(
    layout: dict[str, Any] | None = None, language: str = "zh-Hans"
) -> list[ConfigSubentryData]:
    """A layout (the sample hall's by default) as a version 2 entry's subentries."""
    return subentries_of(parse_layout(sample_layout() if layout is None else layout).to_dict(), language)


def entry_data() -> dict[str, Any]:
    """The hall's own settings."""
    return {
        "name": "石排政务服务中心",
        "language": "zh-Hans",
        "open_time": "08:30:00",
        "close_time": "17:30:00",
        "open_days": ["mon", "tue", "wed", "thu", "fri"],
        "rollover_time": "03:00:00",
    }


@pytest.fixture
def mock_config_entry() -> MockConfigEntry:
    """A hall's config entry with the sample layout."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="石排政务服务中心",
        unique_id="shipai",
        entry_id=ENTRY_ID,
        data=entry_data(),
        options=dict(TUNING_DEFAULTS),
        subentries_data=layout_subentries(),
        version=2,
    )


@pytest.fixture
async def hall_time(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    """Home Assistant in the hall's time zone on a Monday at 09:00."""
    await hass.config.async_set_time_zone("Asia/Shanghai")
    freezer.move_to(MONDAY_9AM)
    return freezer


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> AsyncGenerator[MockConfigEntry]:
    """The sample hall, set up."""
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    yield mock_config_entry


@pytest.fixture
async def mqtt_hall(
    hass: HomeAssistant,
    mqtt_mock: MqttMockHAClient,
    mock_config_entry: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
) -> AsyncGenerator[MockConfigEntry]:
    """The sample hall with MQTT (mocked client), windows 1, 2 and 5 open with their officers."""
    from .helpers import flush, open_hall

    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    await open_hall(hass)
    yield mock_config_entry
    # Unsubscribing arms MQTT's debounced unsubscribe timer: let it run, or it lingers.
    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await flush(hass)


async def act(hass: HomeAssistant, action: str, **data: Any) -> ServiceResponse:
    """Call one of the hall's actions and answer its response (or None)."""
    from custom_components.service_hall.services import HANDLERS
    from homeassistant.core import SupportsResponse

    wants = action in HANDLERS and HANDLERS[action][2] is not SupportsResponse.NONE
    return await hass.services.async_call(DOMAIN, action, data, blocking=True, return_response=wants)
