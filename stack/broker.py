"""The MQTT broker of the living hall: Debian's mosquitto, or amqtt where it cannot be installed.

Home Assistant's MQTT integration and the hall simulator (standing in for Frigate) meet here.
The broker listens on 127.0.0.1 only, takes anonymous clients and keeps nothing on disk: every
start is an empty broker, as the retained ``frigate/available`` is published again by Frigate
(the simulator) when it starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .processes import HOST, wait_for_port

# Debian installs the broker in /usr/sbin, which is not on a normal user's PATH.
SBIN = ("/usr/sbin", "/usr/local/sbin", "/sbin")
START_TIMEOUT_S = 15.0


class BrokerMissing(RuntimeError):
    """Neither mosquitto nor the amqtt venv is there."""


@dataclass(frozen=True, slots=True)
class Broker:
    """A running broker: which one, where, and its process."""

    kind: str  # "mosquitto" or "amqtt"
    host: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path


def find_mosquitto() -> str | None:
    """The path of Debian's mosquitto, on PATH or in an sbin directory."""
    found = shutil.which("mosquitto")
    if found:
        return found
    for directory in SBIN:
        path = Path(directory) / "mosquitto"
        if os.access(path, os.X_OK):
            return str(path)
    return None


def _mosquitto_command(binary: str, directory: Path, port: int) -> list[str]:
    conf = directory / "mosquitto.conf"
    conf.write_text(
        f"listener {port} {HOST}\n"
        "allow_anonymous true\n"
        "persistence false\n"
        "log_dest stderr\n"
        "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n",
        encoding="utf-8",
    )
    return [binary, "-c", str(conf)]


def _amqtt_command(binary: Path, directory: Path, port: int) -> list[str]:
    conf = directory / "amqtt.yaml"
    # JSON is YAML: no YAML writer needed here.
    conf.write_text(
        "{\n"
        f'  "listeners": {{"default": {{"type": "tcp", "bind": "{HOST}:{port}"}}}},\n'
        '  "plugins": {\n'
        '    "amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": true}\n'
        "  }\n"
        "}\n",
        encoding="utf-8",
    )
    return [str(binary), "-c", str(conf)]


def start_broker(directory: Path, port: int, *, amqtt: Path | None = None) -> Broker:
    """Start mosquitto (or, without it, amqtt from ``amqtt``, the venv's script) on 127.0.0.1:port.

    Its configuration and log go to ``directory``. Raise :class:`BrokerMissing` when neither is
    there, RuntimeError/TimeoutError (with the log) when it does not come up.
    """
    directory.mkdir(parents=True, exist_ok=True)
    mosquitto = find_mosquitto()
    if mosquitto is not None:
        kind, command = "mosquitto", _mosquitto_command(mosquitto, directory, port)
    elif amqtt is not None and os.access(amqtt, os.X_OK):
        kind, command = "amqtt", _amqtt_command(amqtt, directory, port)
    else:
        raise BrokerMissing(
            "no MQTT broker: install Debian's mosquitto (apt-get install mosquitto) or create the "
            "amqtt venv (python3.13 -m venv .venv/broker && .venv/broker/bin/pip install -r "
            "requirements/broker.txt)"
        )
    log = directory / f"{kind}.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in the terminal goes to the run command, which stops it
        )
    try:
        wait_for_port(process, port, log, kind, START_TIMEOUT_S)
    except (RuntimeError, TimeoutError):
        process.kill()
        process.wait()
        raise
    return Broker(kind, HOST, port, process, log)
