"""Outages end to end: the broker restarts, Frigate goes offline, the hall restarts, mid-episode.

A real mosquitto, Home Assistant's real MQTT integration and a Frigate on the broker
(:mod:`.frigate_emulator`). In each test the officer at window 1 starts an episode (leaves the
seat, or picks up the phone), the source goes away, the officer comes back while nothing can be
seen, and the outage lasts past the alert time. No alert may be raised, the seat is unknown
meanwhile, and once the source is back the seat is right again within 10 seconds.

The supervision times are shortened (confirm 1 s, alerts after 4 and 6 s) so that a test lasts
seconds; the logic is the same at the product's minutes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Generator
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.service_hall.const import EVENT_STAFF_ALERT
from homeassistant.core import HomeAssistant

from ..conftest import act
from .conftest import Broker, require_binary
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


@pytest.fixture
def restartable_broker(socket_enabled: None, tmp_path: Path) -> Generator[RestartableBroker]:
    require_binary("mosquitto")
    broker = RestartableBroker(tmp_path / "mosquitto")
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def mosquitto_broker(restartable_broker: RestartableBroker) -> Broker:
    """The broker Home Assistant's MQTT entry connects to (this module's, restartable)."""
    return Broker("127.0.0.1", restartable_broker.port)


@pytest.fixture
async def frigate(restartable_broker: RestartableBroker) -> AsyncGenerator[FrigateEmulator]:
    emulator = FrigateEmulator("127.0.0.1", restartable_broker.port, "hall_cam_a", [ZONE])
    emulator.see(ZONE, "person", True)  # the officer sits at the window
    emulator.start()
    yield emulator
    emulator.stop(clean=False)


@pytest.fixture
async def hall(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, frigate: FrigateEmulator
) -> AsyncGenerator[MockConfigEntry]:
    """The sample hall with window 1 open and staffed, the officer seen at the seat."""
    await hass.config.async_set_time_zone("Asia/Shanghai")
    entry = await setup_hall(hass)
    await act(hass, "open_window", window=1)
    await act(hass, "sign_in", window=1, staff="SP1001")
    await wait_state(hass, SEAT, "present")  # Frigate's answer to the hall's question at setup
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


def _no_alerts(alerts: list[Any]) -> None:
    assert [a.data for a in alerts] == []


async def test_broker_restart_mid_absence_raises_no_alert(
    hass: HomeAssistant,
    hall: MockConfigEntry,
    frigate: FrigateEmulator,
    restartable_broker: RestartableBroker,
    record_property: Any,
) -> None:
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    frigate.see(ZONE, "person", False)  # the officer leaves ...
    await wait_state(hass, SEAT, "away")
    restartable_broker.stop()  # ... the broker goes down ...
    await wait_mqtt(hass, connected=False, timeout=10)
    assert hass.states.get(SEAT).state == "unknown"
    frigate.see(ZONE, "person", True)  # ... the officer comes back, unseen
    await asyncio.sleep(SUPERVISION["away_alert"] + 1)  # past the alert time
    _no_alerts(alerts)
    restartable_broker.start()
    back = time.monotonic()
    reconnect = await wait_mqtt(hass, connected=True, timeout=MQTT_RECONNECT_S + 5)
    resync = await wait_state(hass, SEAT, "present")
    record_property("broker_reconnect_s", round(reconnect, 2))
    record_property("seat_resync_after_reconnect_s", round(resync, 2))
    print(f"broker back: MQTT reconnected in {reconnect:.2f} s, seat right {resync:.2f} s later")
    assert resync < RESYNC_S
    assert time.monotonic() - back < MQTT_RECONNECT_S + RESYNC_S
    await asyncio.sleep(1)
    _no_alerts(alerts)


async def test_frigate_offline_mid_phone_call_raises_no_alert(
    hass: HomeAssistant,
    hall: MockConfigEntry,
    frigate: FrigateEmulator,
    restartable_broker: RestartableBroker,
) -> None:
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    frigate.see(ZONE, "cell phone", True)  # the officer picks up the phone ...
    await wait_state(hass, SEAT, "phone")
    frigate.stop()  # ... Frigate stops ...
    await wait_state(hass, SEAT, "unknown", timeout=5)
    frigate.see(ZONE, "cell phone", False)  # ... the phone goes down, unseen
    await asyncio.sleep(SUPERVISION["phone_alert"] + 1)
    _no_alerts(alerts)
    asked = frigate.asked
    restarted = FrigateEmulator("127.0.0.1", restartable_broker.port, "hall_cam_a", [ZONE])
    restarted.see(ZONE, "person", True)
    restarted.start()
    try:
        resync = await wait_state(hass, SEAT, "present")
        print(f"Frigate back: seat right in {resync:.2f} s")
        assert resync < RESYNC_S
        assert restarted.asked >= 1 and frigate.asked == asked  # the hall asked the new Frigate
        await asyncio.sleep(1)
        _no_alerts(alerts)
    finally:
        restarted.stop(clean=False)


async def test_frigate_crash_leaves_its_will_and_no_alert(
    hass: HomeAssistant,
    hall: MockConfigEntry,
    frigate: FrigateEmulator,
    restartable_broker: RestartableBroker,
) -> None:
    """Frigate killed: the broker publishes its last will ``offline`` after the keepalive."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    frigate.see(ZONE, "person", False)
    await wait_state(hass, SEAT, "away")
    frigate._client._sock_close()  # a crash: no DISCONNECT, the will goes out
    frigate._client.loop_stop()
    await wait_state(hass, SEAT, "unknown", timeout=15)
    await asyncio.sleep(SUPERVISION["away_alert"])
    _no_alerts(alerts)


async def test_hall_restart_mid_absence_raises_no_alert(
    hass: HomeAssistant, hall: MockConfigEntry, frigate: FrigateEmulator
) -> None:
    """Home Assistant restarts the hall (as after a restart) while the officer is away and comes back."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    frigate.see(ZONE, "person", False)
    await wait_state(hass, SEAT, "away")
    assert await hass.config_entries.async_unload(hall.entry_id)
    await hass.async_block_till_done()
    frigate.see(ZONE, "person", True)  # back while the hall is down
    await asyncio.sleep(SUPERVISION["away_alert"] + 1)
    asked = frigate.asked
    assert await hass.config_entries.async_setup(hall.entry_id)
    started = time.monotonic()
    await hass.async_block_till_done()
    await wait_state(hass, SEAT, "present")
    resync = time.monotonic() - started
    print(f"hall back: seat right in {resync:.2f} s")
    assert resync < RESYNC_S and frigate.asked > asked
    await asyncio.sleep(1)
    _no_alerts(alerts)
