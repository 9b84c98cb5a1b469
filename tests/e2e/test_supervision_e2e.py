"""Supervision end to end: Frigate's messages through a real mosquitto into the hall, and back.

``mosquitto_pub`` plays Frigate; Home Assistant's real MQTT integration carries the messages to
the hall's seat monitors; ``mosquitto_sub`` checks what the hall publishes to Frigate.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator
from pathlib import Path

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.settings import TUNING_DEFAULTS
from homeassistant.core import HomeAssistant

from ..conftest import act, entry_data, layout_subentries
from .conftest import Broker
from .helpers import RETRY, TIMEOUT, run, setup_hall

SAMPLES = Path(__file__).parent.parent / "fixtures" / "frigate-samples"


@pytest.fixture
async def hall(hass: HomeAssistant, mqtt_entry: MockConfigEntry) -> AsyncGenerator[MockConfigEntry]:
    """The sample hall, open around the clock (no frozen clock here: real sockets, real time)."""
    await hass.config.async_set_time_zone("Asia/Shanghai")
    entry = await setup_hall(hass, supervision={})  # the product's times
    await act(hass, "open_window", window=1)
    await act(hass, "sign_in", window=1, staff="SP1001")
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def publish_until(
    hass: HomeAssistant,
    broker: Broker,
    mosquitto_pub: str,
    topic: str,
    payload: str,
    entity_id: str,
    state: str,
) -> None:
    """Publish as Frigate until the entity shows the state (the hall's SUBSCRIBE is debounced)."""
    host, port = broker
    async with asyncio.timeout(TIMEOUT):
        while True:
            await run(mosquitto_pub, "-h", host, "-p", str(port), "-t", topic, "-m", payload)
            await asyncio.sleep(RETRY)
            await hass.async_block_till_done()
            found = hass.states.get(entity_id)
            if found is not None and found.state == state:
                return


async def test_frigate_counts_reach_the_seat(
    hass: HomeAssistant, hall: MockConfigEntry, mosquitto_broker: Broker, mosquitto_pub: str
) -> None:
    """Counts published on a real broker make the officer present, then the seat empty."""
    await publish_until(
        hass,
        mosquitto_broker,
        mosquitto_pub,
        "frigate/window_01_seat/person",
        "1",
        "binary_sensor.window_1_seat_occupied",
        "on",
    )
    assert hass.states.get("sensor.window_1_staff_state").state == "present"
    await publish_until(
        hass,
        mosquitto_broker,
        mosquitto_pub,
        "frigate/window_01_seat/person",
        "0",
        "binary_sensor.window_1_seat_occupied",
        "off",
    )
    # Still present: an absence is confirmed only after 30 s.
    assert hass.states.get("sensor.window_1_staff_state").state == "present"


async def test_camera_activity_seeds_the_seats(
    hass: HomeAssistant, hall: MockConfigEntry, mosquitto_broker: Broker, mosquitto_pub: str
) -> None:
    """Frigate's reply to onConnect (camera_activity) sets the seats without waiting for counts."""
    activity = (SAMPLES / "camera_activity.json").read_text(encoding="utf-8")
    json.loads(activity)
    await publish_until(
        hass,
        mosquitto_broker,
        mosquitto_pub,
        "frigate/camera_activity",
        activity,
        "binary_sensor.window_1_phone_in_use",
        "on",
    )
    assert hass.states.get("binary_sensor.window_1_seat_occupied").state == "on"
    assert hass.states.get("binary_sensor.zong_he_chuang_kou_seat_occupied").state == "off"


async def test_the_hall_asks_frigate_on_start(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, mosquitto_broker: Broker, mosquitto_sub: str
) -> None:
    """Setting up a hall publishes ``frigate/onConnect``, which an outside subscriber receives."""
    host, port = mosquitto_broker
    subscriber = await asyncio.create_subprocess_exec(
        mosquitto_sub,
        "-h",
        host,
        "-p",
        str(port),
        "-t",
        "frigate/onConnect",
        "-C",
        "1",
        "-W",
        str(int(TIMEOUT)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    output = asyncio.ensure_future(subscriber.communicate())
    await asyncio.sleep(1.0)  # let mosquitto_sub subscribe before the hall publishes (it cannot be awaited)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="石排",
        data=entry_data(),
        options=dict(TUNING_DEFAULTS),
        subentries_data=layout_subentries(),
        version=2,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    # Only the hall publishes here: the subscriber exits after one message, or fails after TIMEOUT.
    await asyncio.wait_for(output, TIMEOUT + 1)
    assert subscriber.returncode == 0
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
