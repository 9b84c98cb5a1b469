"""Home Assistant's real ``mqtt`` integration against a real mosquitto broker.

No mock of paho or of the MQTT client: what Frigate publishes reaches a subscription made with
``mqtt.async_subscribe``, and what Home Assistant publishes (``frigate/onConnect``) reaches an
outside subscriber.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from pathlib import Path

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from homeassistant.components import mqtt
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback

from .conftest import Broker

TIMEOUT = 10.0
RETRY = 0.25


async def run(*args: str) -> str:
    """Run a program to its end and answer its output; fail on a non-zero exit."""
    process = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert process.returncode == 0, (args, output)
    return output.decode()


@pytest.fixture
async def mqtt_entry(hass: HomeAssistant, mosquitto_broker: Broker) -> AsyncGenerator[MockConfigEntry]:
    """Home Assistant's mqtt integration, set up, connected to the broker; unloaded afterwards.

    The entry's shape is the same on both series: connection settings (``broker``, ``port``,
    credentials, ...) in ``data``, ``discovery`` / ``birth_message`` / ``will_message`` in
    ``options``. Version 1.2 is what 2025.4's flow writes; 2026.2's flow writes 2.1 but sets up a
    1.2 entry as it is (its migration only moves option keys out of a 1.1 entry's data), so 1.2
    runs on both without a migration. Discovery and the birth message are off: the tests see only
    their own traffic.

    Unloading at the end disconnects paho cleanly (``disconnect_paho_client=True``): that closes
    the socket, which cancels the client's 1-second "misc" timer. Home Assistant's stop alone does
    not disconnect paho (the source of the "Lingering timer" of HOME_ASSISTANT.md pitfall 3), so
    without the unload the timer would only go because the broker happens to be stopped first.
    No ``expected_lingering_timers`` is needed, on 2025.4 or 2026.2.
    """
    host, port = mosquitto_broker
    # mqtt reads configuration.yaml (for YAML-defined items); the test config directory has none.
    config_yaml = Path(hass.config.path("configuration.yaml"))
    await hass.async_add_executor_job(config_yaml.write_text, "", "utf-8")
    entry = MockConfigEntry(
        domain=mqtt.DOMAIN,
        title="Mosquitto",
        data={mqtt.CONF_BROKER: host, "port": port},
        options={"discovery": False, "birth_message": {}},
        version=1,
        minor_version=2,
    )
    connected = asyncio.Event()

    @callback
    def on_connection(state: bool) -> None:
        if state:
            connected.set()

    # Listen before the set up, or the "connected" signal could come and go unseen.
    stop_listening = mqtt.async_subscribe_connection_status(hass, on_connection)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert await mqtt.async_wait_for_mqtt_client(hass)
    # Set up does not mean connected: wait for the CONNACK.
    await asyncio.wait_for(connected.wait(), TIMEOUT)
    stop_listening()
    assert mqtt.is_connected(hass)
    yield entry
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED


async def test_frigate_count_reaches_a_subscription(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, mosquitto_broker: Broker, mosquitto_pub: str
) -> None:
    """A count Frigate publishes (plain integer, not retained) reaches ``mqtt.async_subscribe``."""
    host, port = mosquitto_broker
    topic = "frigate/window_01_seat/person"
    received: asyncio.Queue[mqtt.ReceiveMessage] = asyncio.Queue()

    @callback
    def on_message(message: mqtt.ReceiveMessage) -> None:
        received.put_nowait(message)

    unsubscribe = await mqtt.async_subscribe(hass, topic, on_message, qos=0)
    # Home Assistant sends SUBSCRIBE after a short debounce and there is no public way to await
    # the SUBACK on 2025.4 (async_on_subscribe_done is 2026-only): publish until one arrives.
    # The payload is not retained, exactly as Frigate's count topics.
    message = None
    async with asyncio.timeout(TIMEOUT):
        while message is None:
            await run(mosquitto_pub, "-h", host, "-p", str(port), "-t", topic, "-m", "1", "-q", "0")
            try:
                message = await asyncio.wait_for(received.get(), RETRY)
            except TimeoutError:
                continue
    assert message.topic == topic
    assert message.payload == "1"
    assert message.retain is False

    # Subscribed for sure now: the next count (the person left) arrives on the first try.
    await run(mosquitto_pub, "-h", host, "-p", str(port), "-t", topic, "-m", "0", "-q", "1")
    message = await asyncio.wait_for(received.get(), TIMEOUT)
    assert (message.topic, message.payload) == (topic, "0")
    unsubscribe()


async def test_on_connect_reaches_an_outside_subscriber(
    hass: HomeAssistant, mqtt_entry: MockConfigEntry, mosquitto_broker: Broker, mosquitto_sub: str
) -> None:
    """``frigate/onConnect`` published by Home Assistant reaches ``mosquitto_sub -C 1``."""
    host, port = mosquitto_broker
    topic = "frigate/onConnect"
    subscriber = await asyncio.create_subprocess_exec(
        *(mosquitto_sub, "-h", host, "-p", str(port), "-t", topic, "-C", "1", "-W", str(int(TIMEOUT))),
        *("-F", "%t|%p|%r"),  # topic|payload|retained
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    output = asyncio.ensure_future(subscriber.communicate())
    try:
        # mosquitto_sub prints nothing until a message comes (its debug output is block-buffered
        # on a pipe), so its SUBACK cannot be awaited: publish until it has one and exits.
        async with asyncio.timeout(TIMEOUT):
            while not output.done():
                await mqtt.async_publish(hass, topic, "", qos=0, retain=False)
                await asyncio.wait([output], timeout=RETRY)
        stdout, stderr = output.result()
    finally:
        if subscriber.returncode is None:
            subscriber.kill()
        await asyncio.gather(output, return_exceptions=True)
    assert subscriber.returncode == 0, stderr
    assert stdout.decode().splitlines() == [f"{topic}||0"]
