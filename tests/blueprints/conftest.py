"""Running our blueprints in a real Home Assistant: validated, instantiated, driven, observed.

Each test copies the repository's blueprints into its own config directory, sets up
``automation`` with ``use_blueprint`` and the inputs a facility engineer would choose, and
records the actions the automation calls through mock services.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from homeassistant.util import slugify, yaml as yaml_util

from ..conftest import act

BLUEPRINTS = Path(__file__).parents[2] / "blueprints" / "automation" / "service_hall"
# Window 3's seat sensors, as a facility engineer would pick them for the staff alerts.
RADAR = "binary_sensor.window_3_radar"
PHONE_SENSOR = "binary_sensor.window_3_phone"


def load_blueprint(name: str) -> Blueprint:
    """A blueprint of ours, validated with Home Assistant's automation blueprint schema."""
    path = BLUEPRINTS / name
    return Blueprint(
        yaml_util.load_yaml_dict(path),
        path=str(path),
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )


@pytest.fixture
def blueprints(hass: HomeAssistant) -> Path:
    """Our blueprints, copied where Home Assistant looks for them."""
    target = Path(hass.config.path("blueprints", "automation", "service_hall"))
    shutil.copytree(BLUEPRINTS, target)
    return target


async def use_blueprint(
    hass: HomeAssistant, name: str, inputs: dict[str, Any], *, alias: str = "Under test"
) -> None:
    """Set up one automation from a blueprint of ours, as the automation editor saves it."""
    await use_blueprints(hass, [(name, inputs, alias)])


async def use_blueprints(hass: HomeAssistant, automations: list[tuple[str, dict[str, Any], str]]) -> None:
    """Set up several automations (blueprint file, inputs, alias) at once."""
    config = {
        "automation": [
            {"alias": alias, "use_blueprint": {"path": f"service_hall/{name}", "input": inputs}}
            for name, inputs, alias in automations
        ]
    }
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()
    for _name, _inputs, alias in automations:
        state = hass.states.get(f"automation.{slugify(alias)}")
        assert state is not None and state.state == "on", f"{alias} did not set up (invalid inputs?)"


class Phone:
    """A supervisor's phone with the companion app: a mobile_app device and its notify action."""

    def __init__(self, hass: HomeAssistant, name: str) -> None:
        entry = MockConfigEntry(domain="mobile_app", title=name, data={"device_name": name})
        entry.add_to_hass(hass)
        device = dr.async_get(hass).async_get_or_create(
            config_entry_id=entry.entry_id, identifiers={("mobile_app", name)}, name=name
        )
        self.device_id = device.id
        self.service = f"mobile_app_{name.lower().replace(' ', '_')}"
        self.calls: list[ServiceCall] = async_mock_service(hass, "notify", self.service)

    def messages(self) -> list[dict[str, Any]]:
        """What the phone was sent, oldest first (``message`` and ``data``)."""
        return [dict(call.data) for call in self.calls]


@pytest.fixture
def phone(hass: HomeAssistant) -> Callable[[str], Phone]:
    """Make phones: ``phone("Li Ming")`` is notify.mobile_app_li_ming."""
    return lambda name: Phone(hass, name)


def recorder(hass: HomeAssistant, *actions: str) -> dict[str, list[ServiceCall]]:
    """Mock actions (``"tts.speak"``) and record their calls."""
    return {action: async_mock_service(hass, *action.split(".", 1)) for action in actions}


@pytest.fixture
async def window_3(
    hass: HomeAssistant, init_integration: MockConfigEntry, blueprints: Any
) -> MockConfigEntry:
    """Window 3 open, 陈静 (SP1003) signed in and at her seat."""
    assert await async_setup_component(hass, "persistent_notification", {})
    await act(hass, "open_window", window=3)
    await act(hass, "sign_in", window=3, staff="SP1003")
    hass.states.async_set(RADAR, "on")
    hass.states.async_set(PHONE_SENSOR, "off")
    await hass.async_block_till_done()
    return init_integration
