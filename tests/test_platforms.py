"""Entities of every platform, snapshotted, and their behaviour."""

from __future__ import annotations

from collections.abc import Generator
from datetime import timedelta
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.service_hall.const import DOMAIN
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, MAJOR_VERSION, MINOR_VERSION, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util

from .conftest import act, entry_data, layout_subentries
from .helpers import coordinator_of, flush, open_hall


@pytest.fixture
def platforms(request: pytest.FixtureRequest) -> Generator[None]:
    """Load only the platform under test."""
    with patch("custom_components.service_hall.PLATFORMS", [request.param]):
        yield


@pytest.mark.parametrize(
    "platforms", [Platform.BINARY_SENSOR, Platform.SENSOR, Platform.BUTTON, Platform.EVENT], indirect=True
)
async def test_entities(
    hass: HomeAssistant,
    platforms: None,
    init_integration: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    hall_time: FrozenDateTimeFactory,
) -> None:
    """Every entity of a platform, in a hall with some activity."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "issue_ticket", service="tax", priority=True)
    hall_time.tick(timedelta(minutes=2, seconds=30))
    await act(hass, "call_next", window=1)
    await act(hass, "pause_window", window=5, reason="lunch")
    await flush(hass)
    await snapshot_platform(hass, entity_registry, snapshot, init_integration.entry_id)


async def test_buttons_drive_the_window(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """The officer's buttons call, recall, complete and mark no-shows; refusals are translated."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "issue_ticket", service="household")

    async def press(key: str) -> None:
        await hass.services.async_call(
            BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: f"button.window_1_{key}"}, blocking=True
        )

    await press("call_next")
    assert hass.states.get("sensor.window_1_current_ticket").state == "A001"
    await press("recall")
    assert coordinator_of(init_integration).hall.ticket("A001").recalls == 1
    await press("no_show")
    await press("call_next")
    await press("complete")
    assert hass.states.get("sensor.window_1_served_today").state == "1"
    with pytest.raises(ServiceValidationError) as caught:
        await press("complete")
    assert caught.value.translation_key == "no_current_ticket"


async def test_call_event_carries_announcements(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Every call and recall fires the window's event with texts in both languages."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="business")
    await act(hass, "call_next", window=5)
    state = hass.states.get("event.window_5_call")
    assert state.attributes["event_type"] == "call"
    assert state.attributes["ticket"] == "D001"
    assert state.attributes["announcement"] == "请D001号到5号窗口办理"
    assert state.attributes["announcement_en"] == "Ticket D001, please go to window 5"
    assert state.attributes["service_name"] == "商事登记"
    first = state.state
    await act(hass, "recall", window=5)
    state = hass.states.get("event.window_5_call")
    assert state.attributes["event_type"] == "recall"
    # Frozen clock: the same instant; Home Assistant 2026.10 moves a repeat on by 1 ms, so that an
    # entity's event timestamps strictly increase.
    step = timedelta(milliseconds=1) if (MAJOR_VERSION, MINOR_VERSION) >= (2026, 10) else timedelta(0)
    assert dt_util.parse_datetime(state.state) == dt_util.parse_datetime(first) + step


async def test_waits_grow_with_time(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """The longest wait grows between actions, refreshed by the hall's tick."""
    from pytest_homeassistant_custom_component.common import async_fire_time_changed

    await act(hass, "issue_ticket", service="tax")
    entity = "sensor.shi_pai_zheng_wu_fu_wu_zhong_xin_shui_wu_longest_wait"
    assert hass.states.get(entity).state == "0.0"
    hall_time.tick(timedelta(minutes=7, seconds=30))
    async_fire_time_changed(hass, fire_all=True)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get(entity).state == "7.5"


@pytest.mark.parametrize(
    ("language", "models"),
    [("zh-Hans", {"政务服务大厅", "窗口"}), ("en", {"Service hall", "Window"})],
)
async def test_device_models_in_the_halls_language(
    hass: HomeAssistant, hall_time: FrozenDateTimeFactory, language: str, models: set[str]
) -> None:
    """The hall's and the windows' devices name their model in the hall's language (Home
    Assistant translates device names, not models); officers keep their department."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Hall",
        data={**entry_data(), "language": language},
        subentries_data=layout_subentries(language=language),
        version=2,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    staff = {d.model for d in devices if d.serial_number}
    assert {d.model for d in devices if not d.serial_number} == models
    assert staff and not staff & {"Staff member", "工作人员"}  # the sample's officers have departments
