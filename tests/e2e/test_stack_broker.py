"""The run command's broker (stack/broker.py): mosquitto when it is there, else amqtt, both real.

A paho-mqtt client (the library Home Assistant's MQTT integration uses) subscribes and publishes
through each: a retained ``frigate/available`` and a count topic, as the simulator publishes them.
"""

from __future__ import annotations

import queue
from pathlib import Path

import paho.mqtt.client as paho
import pytest

from stack import broker as broker_module
from stack.broker import BrokerMissing, start_broker
from stack.processes import free_port, stop

from ..esphome_unit import skip_on_foreign_python, skip_or_fail

AMQTT = Path(__file__).resolve().parents[2] / ".venv" / "broker" / "bin" / "amqtt"
TIMEOUT = 10.0


def roundtrip(port: int) -> list[tuple[str, str, bool]]:
    """Publish a retained and a plain message, then read both back with a new subscriber."""
    received: queue.Queue[tuple[str, str, bool]] = queue.Queue()
    publisher = paho.Client(paho.CallbackAPIVersion.VERSION2)
    publisher.connect("127.0.0.1", port)
    publisher.loop_start()
    publisher.publish("frigate/available", "online", qos=1, retain=True).wait_for_publish(TIMEOUT)
    subscriber = paho.Client(paho.CallbackAPIVersion.VERSION2)
    subscriber.on_message = lambda _client, _data, message: received.put(
        (message.topic, message.payload.decode(), bool(message.retain))
    )
    subscriber.connect("127.0.0.1", port)
    subscriber.subscribe("frigate/#", qos=1)
    subscriber.loop_start()
    try:
        first = received.get(timeout=TIMEOUT)  # the retained message, on subscribing
        publisher.publish("frigate/window_01_seat/cell phone", "1", qos=1).wait_for_publish(TIMEOUT)
        second = received.get(timeout=TIMEOUT)
        return [first, second]
    finally:
        for client in (subscriber, publisher):
            client.loop_stop()
            client.disconnect()


@pytest.mark.parametrize("kind", ["mosquitto", "amqtt"])
def test_the_broker_carries_frigate_messages(
    kind: str, socket_enabled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if kind == "mosquitto" and broker_module.find_mosquitto() is None:
        skip_or_fail("Debian's mosquitto is not installed (apt-get install mosquitto)")
    if kind == "amqtt":
        skip_on_foreign_python(AMQTT)
        if not AMQTT.exists():
            skip_or_fail(f"{AMQTT} not found: scripts/test creates it from requirements/broker.txt")
        monkeypatch.setattr(broker_module, "find_mosquitto", lambda: None)  # as on a machine without it
    broker = start_broker(tmp_path / kind, free_port(), amqtt=AMQTT)
    try:
        assert broker.kind == kind
        assert roundtrip(broker.port) == [
            ("frigate/available", "online", True),
            ("frigate/window_01_seat/cell phone", "1", False),
        ]
    finally:
        stop(broker.process)


def test_no_broker_at_all_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(broker_module, "find_mosquitto", lambda: None)
    with pytest.raises(BrokerMissing, match="apt-get install mosquitto"):
        start_broker(tmp_path, 1, amqtt=tmp_path / "no-amqtt")
