"""Shared by the end-to-end tests: waiting on programs and states, a broker that restarts, the hall.

The supervision times are shortened (confirm 1 s, alerts after 4 and 6 s) so that an outage test
lasts seconds; the logic is the same at the product's minutes.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.settings import TUNING_DEFAULTS
from homeassistant.components import mqtt
from homeassistant.core import HomeAssistant
from stack.broker import Broker as RunningBroker, start_broker

from ..conftest import entry_data, layout_subentries
from ..processes import free_port, stop

TIMEOUT = 10.0  # seconds for a program or a message
RETRY = 0.25  # seconds between tries while a subscription is not known to be made


async def run(*args: str) -> str:
    """Run a program to its end and answer its output; fail on a non-zero exit."""
    process = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert process.returncode == 0, (args, output)
    return output.decode()


# The outages (test_outages, test_broker_late): window 1's seat and the camera zone watching it.
SEAT = "sensor.window_1_staff_state"
ZONE = "window_01_seat"
SUPERVISION = {
    "absence_confirm": 1.0,
    "phone_confirm": 1.0,
    "away_alert": 6.0,
    "phone_alert": 4.0,
    "alert_cooldown": 0.0,
}
RESYNC_S = 10.0  # the target: the seat is right within 10 s of its source coming back
# Home Assistant's MQTT client tries to reconnect every 10 s (RECONNECT_INTERVAL_SECONDS): after a
# broker restart the hall's own part starts only then.
MQTT_RECONNECT_S = 10.0


class RestartableBroker:
    """Mosquitto on a fixed port, which a test stops and starts again."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.running: RunningBroker | None = None

    def start(self) -> None:
        self.running = start_broker(self.directory, self.port)

    def stop(self) -> None:
        if self.running is not None:
            stop(self.running.process)
            self.running = None


async def setup_hall(hass: HomeAssistant, supervision: dict[str, float] = SUPERVISION) -> MockConfigEntry:
    """The sample hall, open around the clock, set up; with the short supervision times by default."""
    data = entry_data() | {
        "open_time": "00:00:00",
        "close_time": "00:00:00",
        "open_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    }
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="石排",
        data=data,
        options={**TUNING_DEFAULTS, **supervision},
        subentries_data=layout_subentries(),
        version=2,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def wait_state(hass: HomeAssistant, entity_id: str, wanted: str, timeout: float = 15.0) -> float:  # noqa: ASYNC109
    """Seconds until the entity shows the state (fails after ``timeout``)."""
    started = time.monotonic()
    async with asyncio.timeout(timeout):
        while (found := hass.states.get(entity_id)) is None or found.state != wanted:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    return time.monotonic() - started


async def wait_mqtt(hass: HomeAssistant, connected: bool, timeout: float) -> float:  # noqa: ASYNC109
    """Seconds until Home Assistant's MQTT client is (dis)connected."""
    started = time.monotonic()
    async with asyncio.timeout(timeout):
        while mqtt.is_connected(hass) != connected:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    return time.monotonic() - started
