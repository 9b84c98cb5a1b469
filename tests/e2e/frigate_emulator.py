"""A Frigate on the broker for outage tests: its availability, counts and answers to ``onConnect``.

Like Frigate it publishes ``<prefix>/available`` ``online`` (retained) on every connection, with
``offline`` as its last will, and answers each ``<prefix>/onConnect`` with ``camera_activity``:
what it sees now. It reconnects by itself when the broker comes back. The messages come from
the simulator's builders (:mod:`simulator.live.frigate`), in Frigate's own shapes.
"""

from __future__ import annotations

import random
import threading
from typing import Any

import paho.mqtt.client as paho

from simulator.live import frigate

PREFIX = "frigate"


class FrigateEmulator:
    """One camera watching seat zones; ``see`` changes what it sees and publishes the counts."""

    def __init__(self, host: str, port: int, camera: str, zones: list[str]) -> None:
        self.camera = camera
        self._rng = random.Random(7)
        self._lock = threading.Lock()
        self.seen: dict[tuple[str, str], frigate.TrackedObject] = {}  # (zone, label) -> object
        self.zones = zones
        self.asked = 0  # onConnect requests answered
        self._client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"frigate-{port}")
        self._client.will_set(*_topic_payload_retain(frigate.available(PREFIX, online=False)))
        self._client.reconnect_delay_set(min_delay=1, max_delay=1)
        self._client.on_connect = self._on_connect
        self._client.on_message = self._on_message
        self._host, self._port = host, port
        self._subscribed = threading.Event()
        self._client.on_subscribe = lambda *_args: self._subscribed.set()

    def start(self) -> None:
        """Connect; returns once Frigate is online and listens to ``onConnect``."""
        self._client.connect_async(self._host, self._port, keepalive=5)
        self._client.loop_start()
        if not self._subscribed.wait(10):
            raise TimeoutError(f"the Frigate emulator did not connect to port {self._port}")

    def stop(self, *, clean: bool = True) -> None:
        """Frigate stops: ``offline`` as it says on a clean stop (a crash leaves it to the will)."""
        if clean:
            self._client.publish(
                *_topic_payload_retain(frigate.available(PREFIX, online=False))
            ).wait_for_publish(5)
        self._client.disconnect()
        self._client.loop_stop()

    def see(self, zone: str, label: str, present: bool) -> None:
        """The camera starts or stops seeing a person (or a phone) in a zone; counts go out if connected."""
        with self._lock:
            if present and (zone, label) not in self.seen:
                obj = frigate.TrackedObject(
                    id=frigate.object_id(1000.0, self._rng),
                    label=label,
                    camera=self.camera,
                    zone=zone,
                    start=1000.0,
                )
                self.seen[(zone, label)] = obj
            elif not present:
                self.seen.pop((zone, label), None)
        if self._client.is_connected():
            for message in frigate.count(PREFIX, zone, label, 1 if present else 0):
                self._client.publish(*_topic_payload_retain(message))

    def _on_connect(self, client: paho.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if reason.is_failure:
            return
        client.subscribe(f"{PREFIX}/onConnect")
        client.publish(*_topic_payload_retain(frigate.available(PREFIX, online=True)))

    def _on_message(self, client: paho.Client, _userdata: Any, message: paho.MQTTMessage) -> None:
        if message.topic != f"{PREFIX}/onConnect":
            return
        with self._lock:
            objects = list(self.seen.values())
            self.asked += 1
        client.publish(*_topic_payload_retain(frigate.camera_activity(PREFIX, {self.camera: objects})))


def _topic_payload_retain(message: frigate.Message) -> tuple[str, str, int, bool]:
    topic, payload, retain = message
    return topic, payload, 0, retain
