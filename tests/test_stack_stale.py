"""A runtime folder of an earlier run on other ports is pointed at this run before Home Assistant
starts (stack/stale.py): MQTT and ESPHome entries, and the demo setup's memory of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stack.stale import ENTRIES, correct_connections


def _folder(tmp_path: Path, entries: list[dict[str, Any]]) -> Path:
    config = tmp_path / "config"
    (config / ".storage").mkdir(parents=True)
    stored = {"version": 1, "minor_version": 5, "key": "core.config_entries", "data": {"entries": entries}}
    (config / ENTRIES).write_text(json.dumps(stored), encoding="utf-8")
    return config


def _entries(config: Path) -> dict[str, dict[str, Any]]:
    stored = json.loads((config / ENTRIES).read_text(encoding="utf-8"))
    return {e["entry_id"]: e for e in stored["data"]["entries"]}


def _earlier_run(tmp_path: Path) -> tuple[Path, Path]:
    config = _folder(
        tmp_path,
        [
            {
                "entry_id": "m",
                "domain": "mqtt",
                "data": {"broker": "127.0.0.1", "port": 11883},
                "options": {},
            },
            {
                "entry_id": "u1",
                "domain": "esphome",
                "data": {"host": "127.0.0.1", "port": 16053, "password": "x", "device_name": "window-1"},
            },
            {
                "entry_id": "u2",
                "domain": "esphome",
                "data": {"host": "127.0.0.1", "port": 16054, "password": "x", "device_name": "window-2"},
            },
            {"entry_id": "h", "domain": "service_hall", "data": {"name": "石排"}, "options": {"x": 1}},
        ],
    )
    memory = tmp_path / "connections.json"
    memory.write_text(
        json.dumps(
            {
                "mqtt": "127.0.0.1:11883",
                "units": {"window-1": "127.0.0.1:16053", "window-2": "127.0.0.1:16054"},
            }
        )
    )
    return config, memory


def test_entries_of_an_earlier_run_point_at_this_run(tmp_path: Path) -> None:
    config, memory = _earlier_run(tmp_path)
    before = _entries(config)
    units = {"window-1": ("127.0.0.1", 26053), "window-2": ("127.0.0.1", 26054)}
    changes = correct_connections(config, memory, ("127.0.0.1", 21883), units)
    assert changes == [
        "MQTT broker 127.0.0.1:11883 -> 127.0.0.1:21883",
        "unit window-1 127.0.0.1:16053 -> 127.0.0.1:26053",
        "unit window-2 127.0.0.1:16054 -> 127.0.0.1:26054",
    ]
    after = _entries(config)
    assert after["m"]["data"] == {"broker": "127.0.0.1", "port": 21883}
    assert after["u1"]["data"] == {**before["u1"]["data"], "port": 26053}  # the password stays
    assert after["u2"]["data"]["port"] == 26054
    assert after["h"] == before["h"]  # nothing else is touched
    # The demo setup compares with its memory: it finds the entries current and keeps them.
    assert json.loads(memory.read_text()) == {
        "mqtt": "127.0.0.1:21883",
        "units": {"window-1": "127.0.0.1:26053", "window-2": "127.0.0.1:26054"},
    }
    # The same ports again: nothing to change, the file is not rewritten.
    written = (config / ENTRIES).stat().st_mtime_ns
    assert correct_connections(config, memory, ("127.0.0.1", 21883), units) == []
    assert (config / ENTRIES).stat().st_mtime_ns == written


def test_a_unit_without_an_entry_leaves_the_units_to_the_demo_setup(tmp_path: Path) -> None:
    """Three units now, two entries: the memory keeps the old units, so the setup makes them anew."""
    config, memory = _earlier_run(tmp_path)
    units = {f"window-{n}": ("127.0.0.1", 26052 + n) for n in (1, 2, 3)}
    correct_connections(config, memory, ("127.0.0.1", 21883), units)
    remembered = json.loads(memory.read_text())
    assert remembered["mqtt"] == "127.0.0.1:21883"
    assert remembered["units"] == {"window-1": "127.0.0.1:16053", "window-2": "127.0.0.1:16054"}


def test_a_first_run_or_an_unreadable_file_is_left_alone(tmp_path: Path) -> None:
    memory = tmp_path / "connections.json"
    assert correct_connections(tmp_path / "config", memory, ("127.0.0.1", 1883), {}) == []
    assert not memory.exists()
    (tmp_path / "config" / ".storage").mkdir(parents=True)
    (tmp_path / "config" / ENTRIES).write_text("{not json")
    assert correct_connections(tmp_path / "config", memory, ("127.0.0.1", 1883), {}) == []
    assert (tmp_path / "config" / ENTRIES).read_text() == "{not json"


def test_units_of_the_other_kind_are_made_anew(tmp_path: Path) -> None:
    """A folder whose unit entries log in with a password (a --ha minimum run) started with units
    that want an API key: the memory forgets the units, so the demo setup makes their entries
    anew with this run's key (kept as they were, they could never connect)."""
    config, memory = _earlier_run(tmp_path)
    units = {"window-1": ("127.0.0.1", 26053), "window-2": ("127.0.0.1", 26054)}
    changes = correct_connections(config, memory, ("127.0.0.1", 21883), units, "a-key")
    assert (
        "unit window-1 was set up for units with a password: the window units' entries are made anew"
        in changes
    )
    assert len([c for c in changes if "made anew" in c]) == 1
    assert json.loads(memory.read_text()) == {"mqtt": "127.0.0.1:21883", "units": {}}


def test_units_of_the_same_kind_are_kept(tmp_path: Path) -> None:
    """Entries that already hold this run's key stay; back on password units, they are made anew."""
    config, memory = _earlier_run(tmp_path)
    stored = json.loads((config / ENTRIES).read_text())
    for entry in stored["data"]["entries"]:
        if entry["domain"] == "esphome":
            entry["data"] = {**entry["data"], "password": "", "noise_psk": "a-key"}
    (config / ENTRIES).write_text(json.dumps(stored))
    units = {"window-1": ("127.0.0.1", 16053), "window-2": ("127.0.0.1", 16054)}
    assert correct_connections(config, memory, ("127.0.0.1", 11883), units, "a-key") == []
    assert json.loads(memory.read_text())["units"] == {
        "window-1": "127.0.0.1:16053",
        "window-2": "127.0.0.1:16054",
    }
    changes = correct_connections(config, memory, ("127.0.0.1", 11883), units, None)
    assert changes == [
        "unit window-1 was set up for units with an API key: the window units' entries are made anew"
    ]
    assert json.loads(memory.read_text())["units"] == {}
