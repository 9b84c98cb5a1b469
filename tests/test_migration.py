"""Halls saved before subentries (config entry version 1, the layout as lists in the options) load
with their layout as subentries and their day intact: the fixture was written by that release
(tests/fixtures/release_v1/make_fixture.py, run on df969fd)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.service_hall.hall import parse_layout
from custom_components.service_hall.layout_entries import KINDS, layout_of, unique_id
from custom_components.service_hall.settings import TUNING_DEFAULTS
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant

from .conftest import FIXTURES, entry_data, sample_layout
from .helpers import coordinator_of, hall_view, same_day

RELEASE_V1 = FIXTURES / "release_v1"
LAYOUT_KEYS = ("services", "windows", "staff")


def saved(name: str) -> Any:
    """One file of the fixture."""
    return json.loads((RELEASE_V1 / name).read_text(encoding="utf-8"))


async def test_a_hall_saved_by_the_release_before_loads_whole(
    hass: HomeAssistant, hass_storage: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Every service, window and staff member becomes a subentry; Tuesday's open tickets, its
    figures and Monday's (in the Store) are as they were saved."""
    await hass.config.async_set_time_zone("Asia/Shanghai")
    stored_entry, day = saved("config_entry.json"), saved("day.json")
    freezer.move_to(day["log"][-1]["at"])
    entry = MockConfigEntry(**stored_entry)
    entry.add_to_hass(hass)
    hass_storage[f"service_hall.{entry.entry_id}"] = saved("store.json")
    shutil.copytree(
        RELEASE_V1 / "log", Path(hass.config.path(".storage", f"service_hall.{entry.entry_id}.log"))
    )

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert (entry.version, entry.minor_version) == (2, 1)
    old_options = stored_entry["options"]
    assert entry.options == {k: v for k, v in old_options.items() if k not in LAYOUT_KEYS}
    assert layout_of(entry) == parse_layout({k: old_options[k] for k in LAYOUT_KEYS}).to_dict()
    assert sorted(s.unique_id for s in entry.subentries.values()) == sorted(
        unique_id(kind, item) for kind, (key, _) in KINDS.items() for item in old_options[key]
    )
    assert [len(old_options[k]) for k in LAYOUT_KEYS] == [4, 4, 4]
    view = json.loads(json.dumps(hall_view(entry), ensure_ascii=False, default=str))
    assert same_day(view, day)
    assert {t["number"]: t["state"] for t in view["tickets"].values()} == {
        "A001": "done",
        "A002": "called",
        "D001": "no_show",
        "D002": "waiting",
        "A003": "waiting",
        "B001": "waiting",
    }
    assert view["figures"]["served"] == 2  # as the release before saved it
    coordinator = coordinator_of(entry)
    assert coordinator.history == saved("store.json")["data"]["history"]
    assert coordinator.history[0]["date"] == "2026-11-23"


async def test_a_layout_that_does_not_parse_is_not_migrated(hass: HomeAssistant) -> None:
    """Refused cleanly: the entry stays at version 1 in migration error, its options untouched."""
    layout = sample_layout()
    layout["services"] = [s for s in layout["services"] if s["id"] != "tax"]  # window 3 serves it
    options = {**TUNING_DEFAULTS, **layout}
    entry = MockConfigEntry(domain="service_hall", data=entry_data(), options=options, version=1)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
    assert (entry.version, dict(entry.options), dict(entry.subentries)) == (1, options, {})


async def test_a_hall_of_a_newer_release_is_not_touched(hass: HomeAssistant) -> None:
    """A downgrade: the entry is left for the release that wrote it."""
    entry = MockConfigEntry(
        domain="service_hall", data=entry_data(), options=dict(TUNING_DEFAULTS), version=3
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
    assert entry.version == 3
