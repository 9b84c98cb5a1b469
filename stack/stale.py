"""A runtime folder left by an earlier run on other ports: point it at this run before Home
Assistant starts.

Home Assistant keeps the MQTT broker's and the ESPHome units' addresses in its config entries
(``.storage/core.config_entries``). Left as they were, it would start against the old ports: MQTT
retrying a broker that is not there, the units unreachable, until the demo setup replaced the
entries while the hall was already running. Corrected here, it starts against this run's broker
and units, and the demo setup (which compares with ``connections.json``) keeps the entries.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ENTRIES = Path(".storage") / "core.config_entries"


def correct_connections(
    config: Path,
    memory: Path,
    mqtt: tuple[str, int] | None,
    units: dict[str, tuple[str, int]],
    unit_key: str | None = None,
) -> list[str]:
    """Point the stored MQTT and ESPHome entries at ``mqtt`` and ``units`` (node name -> address).

    Answers what was changed, for the run's output. ``memory`` (the demo setup's
    ``connections.json``) is brought in line for what the entries now say. A folder without
    entries (a first run) is left alone. ``unit_key`` is the API key of this run's units (None:
    units with a password, for Home Assistant 2025.4): an entry made for units of the other kind
    (a folder of a ``--ha minimum`` run started with the newest, or the other way) cannot
    connect, so the memory is cleared of the units and the demo setup makes their entries anew.
    """
    path = config / ENTRIES
    try:
        stored: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        entries: list[dict[str, Any]] = stored["data"]["entries"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    changes: list[str] = []
    found_units: dict[str, str] = {}
    other_kind = False
    mqtt_found = False
    for entry in entries:
        data = entry.get("data")
        if not isinstance(data, dict):
            continue
        if entry.get("domain") == "mqtt" and mqtt is not None:
            mqtt_found = True
            if (data.get("broker"), data.get("port")) != mqtt:
                changes.append(f"MQTT broker {data.get('broker')}:{data.get('port')} -> {mqtt[0]}:{mqtt[1]}")
                data["broker"], data["port"] = mqtt
        elif entry.get("domain") == "esphome":
            name = data.get("device_name")
            if name not in units:
                continue
            host, port = units[name]
            if (data.get("host"), data.get("port")) != (host, port):
                changes.append(f"unit {name} {data.get('host')}:{data.get('port')} -> {host}:{port}")
                data["host"], data["port"] = host, port
            found_units[name] = f"{host}:{port}"
            if (data.get("noise_psk") or None) != unit_key and not other_kind:
                other_kind = True
                changes.append(
                    f"unit {name} was set up for units with {'an API key' if data.get('noise_psk') else 'a password'}: "
                    "the window units' entries are made anew"
                )
    if changes:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    if other_kind:
        remembered: dict[str, str] | None = {}  # not these units: the demo setup makes them anew
    else:
        remembered = found_units if set(found_units) == set(units) else None
    _remember(memory, mqtt if mqtt_found else None, remembered)
    return changes


def _remember(memory: Path, mqtt: tuple[str, int] | None, units: dict[str, str] | None) -> None:
    """What the entries now point at, for the demo setup: entries it finds current, it keeps."""
    try:
        known: dict[str, Any] = json.loads(memory.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if mqtt is not None:
        known["mqtt"] = f"{mqtt[0]}:{mqtt[1]}"
    if units is not None:
        known["units"] = units
    if known:
        memory.write_text(json.dumps(known, indent=2) + "\n", encoding="utf-8")
