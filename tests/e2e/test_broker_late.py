"""Home Assistant starts before its broker (a Docker Compose start, a power cut): the hall sets up
whole anyway, its seats unknown, and it is live once the broker is there.

A real mosquitto that is down through Home Assistant's whole setup and well past the alert time,
Home Assistant's real MQTT integration (which loads without a broker and reconnects every 10 s)
and a Frigate that connects with the broker (:mod:`.frigate_emulator`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.service_hall.const import EVENT_STAFF_ALERT
from homeassistant.components import mqtt
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from ..conftest import act
from .conftest import require_binary
from .frigate_emulator import FrigateEmulator
from .helpers import (
    MQTT_RECONNECT_S,
    RESYNC_S,
    SEAT,
    SUPERVISION,
    ZONE,
    RestartableBroker,
    setup_hall,
    wait_mqtt,
    wait_state,
)

BROKER_DOWN_S = 20.0  # after the hall's setup; more than three alert times (SUPERVISION)


@pytest.fixture
def late_broker(socket_enabled: None, tmp_path: Path) -> Generator[RestartableBroker]:
    """Mosquitto's port, chosen; the test starts it."""
    require_binary("mosquitto")
    broker = RestartableBroker(tmp_path / "mosquitto")
    yield broker
    broker.stop()


async def test_home_assistant_starts_before_its_broker(
    hass: HomeAssistant,
    late_broker: RestartableBroker,
    caplog: pytest.LogCaptureFixture,
    record_property: Any,
) -> None:
    caplog.set_level(logging.INFO)
    await hass.config.async_set_time_zone("Asia/Shanghai")
    await hass.async_add_executor_job(Path(hass.config.path("configuration.yaml")).write_text, "", "utf-8")
    mqtt_entry = MockConfigEntry(
        domain=mqtt.DOMAIN,
        title="Mosquitto",
        data={mqtt.CONF_BROKER: "127.0.0.1", "port": late_broker.port},
        options={"discovery": False, "birth_message": {}},
        version=1,
        minor_version=2,
    )
    mqtt_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mqtt_entry.entry_id)  # loads, not connected
    assert not mqtt.is_connected(hass)
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    hall = await setup_hall(hass)
    frigate = FrigateEmulator("127.0.0.1", late_broker.port, "hall_cam_a", [ZONE])
    try:
        assert hall.state is ConfigEntryState.LOADED
        await act(hass, "open_window", window=1)
        await act(hass, "sign_in", window=1, staff="SP1001")
        await hass.async_block_till_done()
        assert hass.states.get(SEAT).state == "unknown"
        await asyncio.sleep(BROKER_DOWN_S)  # nothing seen, nothing alerted
        assert hass.states.get(SEAT).state == "unknown"
        assert not mqtt.is_connected(hass)
        assert [a.data for a in alerts] == []

        late_broker.start()
        up = time.monotonic()
        frigate.see(ZONE, "person", True)  # the officer is at the seat
        await hass.async_add_executor_job(frigate.start)
        reconnect = await wait_mqtt(hass, connected=True, timeout=MQTT_RECONNECT_S + 5)
        resync = await wait_state(hass, SEAT, "present", timeout=RESYNC_S + 5)
        live = time.monotonic() - up
        record_property("mqtt_reconnect_after_broker_s", round(time.monotonic() - up - resync, 2))
        record_property("seat_live_after_reconnect_s", round(resync, 2))
        record_property("seat_live_after_broker_s", round(live, 2))
        print(
            f"broker up: MQTT reconnected after {live - resync:.2f} s ({reconnect:.2f} s waited), "
            f"seat live {resync:.2f} s later, {live:.2f} s after the broker"
        )
        assert resync < RESYNC_S  # the hall's own part
        # Home Assistant's MQTT client retries every 10 s, so that much may pass before it connects.
        assert live < MQTT_RECONNECT_S + RESYNC_S
        assert frigate.asked >= 1  # the hall asked Frigate once connected
        frigate.see(ZONE, "person", False)  # and follows it live: the officer leaves
        await wait_state(hass, SEAT, "away", timeout=SUPERVISION["absence_confirm"] + 5)
        frigate.see(ZONE, "person", True)
        await wait_state(hass, SEAT, "present", timeout=5)
        await asyncio.sleep(1)
        assert [a.data for a in alerts] == []  # none from the time the broker was down

        ours = [r for r in caplog.records if r.name.startswith("custom_components.service_hall")]
        assert [r.getMessage() for r in ours if r.levelno >= logging.ERROR] == []
        assert "already been setup" not in caplog.text
        assert "Error setting up entry" not in caplog.text.replace("Error setting up entry Mosquitto", "")
        # The only errors are MQTT's own, about the broker it could not reach at first.
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert all("connect to MQTT server" in message for message in errors), errors
    finally:
        await hass.async_add_executor_job(lambda: frigate.stop(clean=False))
        await hass.config_entries.async_unload(hall.entry_id)
        await hass.config_entries.async_unload(mqtt_entry.entry_id)
        await hass.async_block_till_done()
