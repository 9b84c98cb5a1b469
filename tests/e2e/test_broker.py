"""Home Assistant's real ``mqtt`` integration against a real mosquitto broker.

No mock of paho or of the MQTT client: what Frigate publishes reaches a subscription made with
``mqtt.async_subscribe``, and what Home Assistant publishes (``frigate/onConnect``) reaches an
outside subscriber.
"""

from __future__ import annotations

import asyncio

from pytest_homeassistant_custom_component.common import MockConfigEntry

from homeassistant.components import mqtt
from homeassistant.core import HomeAssistant, callback

from .conftest import Broker
from .helpers import RETRY, TIMEOUT, run


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
