"""Benchmark: a burst of real-shaped Frigate messages through a running test Home Assistant.

88 supervised seats, each sending five updates a second (the seat's count topics and a
``frigate/events`` update, as Frigate does), for 10 simulated seconds. Home Assistant's real
MQTT integration is set up against Debian's mosquitto on 127.0.0.1; the messages are handed to
its client's message handler (topic matching, subscriptions, callbacks) in the event loop, so
the figure is the loop time the hall spends per message, without the network. Target: under
50 µs per message.

    .venv/test-2025/bin/python bench/frigate_bench.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paho.mqtt.client import MQTTMessage
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_test_home_assistant

from bench.queue_bench import WINDOWS, always_open_hall, big_layout, prepare, staff_every_window
from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.settings import TUNING_DEFAULTS

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "frigate-samples"
UPDATES_PER_SECOND = 5
PROFILE = False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_broker(directory: Path) -> tuple[subprocess.Popen[bytes], int]:
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = free_port()
    config = directory / "mosquitto.conf"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    broker = subprocess.Popen(
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return broker, port
        time.sleep(0.05)
    broker.kill()
    raise RuntimeError("mosquitto did not start")


def deliver(on_message: Any, burst: list[tuple[bytes, bytes]]) -> None:
    """Hand messages to Home Assistant's MQTT client as paho does after reading them off the socket.

    (The test helper ``async_fire_mqtt_message`` builds a ``unittest.mock`` object per message,
    which would cost more than what is measured here.)
    """
    for topic, payload in burst:
        message = MQTTMessage(topic=topic)
        message.payload = payload
        message.timestamp = time.monotonic()
        on_message(None, None, message)


def messages(seconds: int) -> list[tuple[str, str]]:
    """The burst: per seat and update, its person count, its active count, and an events update."""
    template = json.loads((SAMPLES / "events_person_update_stationary.json").read_text())
    out: list[tuple[str, str]] = []
    for tick in range(seconds * UPDATES_PER_SECOND):
        for number in range(1, WINDOWS + 1):
            zone = f"window_{number:02d}_seat"
            # The officer leaves window n for a while once in the burst: some counts change.
            present = "0" if (tick + number) % 37 == 0 else "1"
            event = copy.deepcopy(template)
            event["after"]["id"] = f"1767337200.{number}-bench"
            event["after"]["current_zones"] = [zone]
            event["after"]["frame_time"] += tick / UPDATES_PER_SECOND
            out.append((f"frigate/{zone}/person", present))
            out.append((f"frigate/{zone}/person/active", "0"))
            out.append((f"frigate/{zone}/cell phone", "0"))
            out.append(("frigate/events", json.dumps(event)))
    return out


async def run(seconds: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        broker, port = start_broker(Path(tmp))
        try:
            async with async_test_home_assistant(config_dir=tmp) as hass:
                await prepare(hass)
                # mqtt reads configuration.yaml; the entry's shape is the one both tested HA series run.
                (Path(tmp) / "configuration.yaml").write_text("")
                mqtt_entry = MockConfigEntry(
                    domain="mqtt",
                    data={"broker": "127.0.0.1", "port": port},
                    options={"discovery": False, "birth_message": {}},
                    version=1,
                    minor_version=2,
                )
                mqtt_entry.add_to_hass(hass)
                assert await hass.config_entries.async_setup(mqtt_entry.entry_id)
                from homeassistant.components import mqtt

                assert await mqtt.async_wait_for_mqtt_client(hass)
                layout = big_layout()
                for window in layout["windows"]:
                    window["seat_zone"] = f"window_{window['number']:02d}_seat"
                entry = MockConfigEntry(
                    domain=DOMAIN,
                    entry_id="bench",
                    data=always_open_hall(),
                    options={**TUNING_DEFAULTS, **layout},
                )
                entry.add_to_hass(hass)
                assert await hass.config_entries.async_setup(entry.entry_id)
                await hass.async_block_till_done()
                await staff_every_window(hass)
                burst = messages(seconds)
                raw = [(topic.encode(), payload.encode()) for topic, payload in burst]
                on_message = hass.data["mqtt"].client._async_mqtt_on_message
                supervisor = entry.runtime_data.supervisor
                rounds: list[float] = []
                if PROFILE:
                    import cProfile
                    import pstats

                    profiler = cProfile.Profile()
                    profiler.enable()
                    deliver(on_message, raw)
                    await hass.async_block_till_done()
                    profiler.disable()
                    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
                for _ in range(3):
                    before = supervisor.messages
                    started = time.perf_counter()
                    deliver(on_message, raw)
                    await hass.async_block_till_done()
                    rounds.append(time.perf_counter() - started)
                    handled = supervisor.messages - before
                per_message = statistics.median(rounds) / len(burst)
                print(
                    f"{WINDOWS} seats x {UPDATES_PER_SECOND} updates/s x {seconds} s = {len(burst)} messages "
                    f"({handled} reached the hall's handlers; /active topics are not subscribed)"
                )
                print(
                    f"loop time per message: median of 3 rounds {per_message * 1e6:.1f} µs "
                    f"(rounds {', '.join(f'{r:.2f} s' for r in rounds)}); "
                    f"{1 / per_message:,.0f} messages/s handled, against {len(burst) / seconds:,.0f} messages/s "
                    "that such a hall sends"
                )
                print(f"ignored payloads: {dict(supervisor.ignored)}")
                print(f"target < 50 µs per message: {'met' if per_message < 50e-6 else 'NOT met'}")
                await hass.config_entries.async_unload(entry.entry_id)
                await hass.config_entries.async_unload(mqtt_entry.entry_id)
                await hass.async_stop(force=True)
        finally:
            broker.kill()
            broker.wait()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one extra round")
    args = parser.parse_args()
    global PROFILE
    PROFILE = args.profile
    return asyncio.run(run(args.seconds))


if __name__ == "__main__":
    raise SystemExit(main())
