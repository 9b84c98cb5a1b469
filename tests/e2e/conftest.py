"""End-to-end fixtures: a real MQTT broker (Debian's ``mosquitto``) on 127.0.0.1.

Sockets. pytest-homeassistant-custom-component blocks sockets in every test (through
pytest-socket, in its ``pytest_runtest_setup``): creating one raises ``SocketBlockedError``, and
``connect()`` is only allowed to ``127.0.0.1`` (``socket_allow_hosts(["127.0.0.1"])``). The
``mosquitto_broker`` fixture therefore requests pytest-socket's ``socket_enabled`` fixture, which
allows creating sockets for the test; ``connect()`` stays limited to 127.0.0.1, so the broker
listens there and clients must use ``127.0.0.1`` (not ``localhost``: the check compares the host
string). Tests using the broker get sockets enabled through it, nothing else is needed.

Missing binaries. Without ``mosquitto`` (package ``mosquitto``) or ``mosquitto_pub`` /
``mosquitto_sub`` (package ``mosquitto-clients``) the tests are skipped with a message saying what
to install, except when the ``CI`` environment variable is set: then they fail, because CI must
really run them (scripts/test installs both packages when it can).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncGenerator, Generator
from pathlib import Path
from typing import NamedTuple

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from homeassistant.components import mqtt
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from stack.broker import start_broker

from ..processes import free_port, in_ci, stop
from .helpers import TIMEOUT

# Debian installs the broker in /usr/sbin, which is not on a normal user's PATH.
SBIN = ("/usr/sbin", "/usr/local/sbin", "/sbin")
PACKAGES = {
    "mosquitto": "mosquitto",
    "mosquitto_pub": "mosquitto-clients",
    "mosquitto_sub": "mosquitto-clients",
}


class Broker(NamedTuple):
    """Where the broker listens; unpacks as ``host, port``."""

    host: str
    port: int


def find_binary(name: str) -> str | None:
    """The path of a mosquitto program, on PATH or in an sbin directory."""
    found = shutil.which(name)
    if found:
        return found
    for directory in SBIN:
        path = Path(directory) / name
        if os.access(path, os.X_OK):
            return str(path)
    return None


def require_binary(name: str) -> str:
    """The program's path; skip the test without it (fail under CI)."""
    path = find_binary(name)
    if path is None:
        message = (
            f"'{name}' not found: the end-to-end MQTT tests need Debian's broker and clients "
            f"(apt-get install mosquitto mosquitto-clients; package of {name}: {PACKAGES.get(name, name)})"
        )
        if in_ci():
            pytest.fail(f"{message}. CI is set, so this is a failure, not a skip.", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture
def mosquitto_broker(socket_enabled: None, tmp_path: Path) -> Generator[Broker]:
    """A fresh mosquitto broker for one test, on a free port of 127.0.0.1; stopped afterwards.

    Anonymous access, no persistence: each test starts from an empty broker. Its log (stderr)
    is in ``<tmp_path>/mosquitto/mosquitto.log``.
    """
    require_binary("mosquitto")
    directory = tmp_path / "mosquitto"  # tmp_path itself is Home Assistant's config directory
    last_error: Exception | None = None
    # The port is free when chosen but could be taken before mosquitto binds it: try again then.
    for _attempt in range(3):
        try:
            broker = start_broker(directory, free_port())  # mosquitto: it is there
        except (RuntimeError, TimeoutError) as err:
            last_error = err
            continue
        try:
            yield Broker(broker.host, broker.port)
        finally:
            stop(broker.process)
        return
    pytest.fail(f"could not start mosquitto: {last_error}", pytrace=False)


@pytest.fixture
def mosquitto_pub() -> str:
    """Path of ``mosquitto_pub`` (skips, or fails under CI, when missing)."""
    return require_binary("mosquitto_pub")


@pytest.fixture
def mosquitto_sub() -> str:
    """Path of ``mosquitto_sub`` (skips, or fails under CI, when missing)."""
    return require_binary("mosquitto_sub")


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
