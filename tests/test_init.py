"""Set-up, persistence across restarts, rollover and clean-up of a hall."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_test_home_assistant,
)

from custom_components.service_hall.const import DOMAIN
from homeassistant import loader
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from .conftest import ENTRY_ID, act, entry_data, layout_subentries
from .helpers import busy_morning, coordinator_of, hall_view, same_day


async def test_unload_and_setup_restores_everything(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Unloading and setting up again restores every ticket, window and counter."""
    await busy_morning(hass, hall_time)
    before = hall_view(init_integration)
    hall_time.tick(timedelta(seconds=2))  # let the batched refresh of estimated waits run
    async_fire_time_changed(hass, fire_all=True)
    await hass.async_block_till_done(wait_background_tasks=True)
    states_before = {s.entity_id: s.state for s in hass.states.async_all("sensor")}
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    assert same_day(hall_view(init_integration), before)
    after = {s.entity_id: s.state for s in hass.states.async_all("sensor")}
    # Supervision starts unknown after a restart until its sources speak again.
    assert {k: v for k, v in after.items() if not k.endswith("staff_state")} == {
        k: v for k, v in states_before.items() if not k.endswith("staff_state")
    }
    nxt = await act(hass, "issue_ticket", service="household")
    assert nxt is not None and nxt["ticket"] == "A004"


@pytest.mark.parametrize(
    "expected_lingering_timers", [True]
)  # registries' delayed saves of the extra instances
async def test_fresh_home_assistant_restores_the_day(
    hass_storage: dict[str, Any],
    tmp_path: Path,
    freezer: FrozenDateTimeFactory,
    enable_custom_integrations: None,
) -> None:
    """A new Home Assistant on the same config directory finds the day as it was."""
    freezer.move_to("2026-11-23T09:00:00+08:00")
    views = []
    for _ in range(2):
        async with async_test_home_assistant(config_dir=str(tmp_path)) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            await hass.config.async_set_time_zone("Asia/Shanghai")
            entry = MockConfigEntry(
                domain=DOMAIN,
                title="石排",
                entry_id=ENTRY_ID,
                data=entry_data(),
                subentries_data=layout_subentries(),
                version=2,
            )
            entry.add_to_hass(hass)
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
            if not views:
                await busy_morning(hass, freezer)
            views.append(hall_view(entry))
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_stop(force=True)
    assert same_day(views[1], views[0])
    assert views[1]["figures"]["served"] == 2
    assert f"service_hall.{ENTRY_ID}" in hass_storage


async def test_journal_line_cut_by_a_crash_is_skipped(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A last line written half by a crash is skipped; everything confirmed before it is kept."""
    await act(hass, "issue_ticket", service="household")
    journal = coordinator_of(init_integration).storage.journal_path
    await hass.config_entries.async_unload(init_integration.entry_id)
    with journal.open("a", encoding="utf-8") as file:
        file.write('{"kind": "issue", "at": "2026-11-23T09:0')
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    coordinator = coordinator_of(init_integration)
    assert list(coordinator.hall.state.tickets) == ["A001"]
    assert coordinator.skipped_lines == 1


async def test_rollover_expires_archives_and_resets(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """At the rollover time the day closes: open tickets expire, figures are archived, numbering restarts."""
    await busy_morning(hass, hall_time)
    coordinator = coordinator_of(init_integration)
    open_before = len(coordinator.hall.state.open_tickets())
    assert open_before > 0
    hall_time.move_to("2026-11-24T03:00:01+08:00")
    async_fire_time_changed(hass, fire_all=True)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator.hall.state.service_date.isoformat() == "2026-11-24"
    assert coordinator.hall.state.tickets == {}
    assert coordinator.history[-1]["date"] == "2026-11-23"
    assert coordinator.history[-1]["expired"] == open_before
    assert coordinator.history[-1]["served"] == 2
    assert list(coordinator.hall.state.appointments) != []  # tomorrow's booking carried over
    assert hass.states.get("sensor.window_1_status").state == "closed"
    assert hass.states.get("sensor.shi_pai_zheng_wu_fu_wu_zhong_xin_waiting").state == "0"
    archived = coordinator.storage.log_dir / "2026-11-23.jsonl"
    kinds = [json.loads(line).get("kind") for line in archived.read_text(encoding="utf-8").splitlines()[1:]]
    assert kinds.count("expire") == open_before
    await act(hass, "open_window", window=1)
    hall_time.move_to("2026-11-24T09:00:00+08:00")
    ticket = await act(hass, "issue_ticket", service="household")
    assert ticket is not None and ticket["ticket"] == "A001"


async def test_rollover_while_home_assistant_was_off(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A hall started after its rollover time closes the old day first."""
    await busy_morning(hass, hall_time)
    await hass.config_entries.async_unload(init_integration.entry_id)
    hall_time.move_to("2026-11-25T08:00:00+08:00")
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    coordinator = coordinator_of(init_integration)
    assert coordinator.hall.state.service_date.isoformat() == "2026-11-25"
    assert [day["date"] for day in coordinator.history] == ["2026-11-23"]
    # The booking for the 24th passed while the hall was off: nothing carries over.
    assert coordinator.hall.state.appointments == {}


async def test_crash_between_rollover_steps(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A journal older than the stored day (crash mid-rollover) is archived, not replayed."""
    await act(hass, "issue_ticket", service="household")
    coordinator = coordinator_of(init_integration)
    storage = coordinator.storage
    await hass.config_entries.async_unload(init_integration.entry_id)
    hall_time.move_to("2026-11-24T09:00:00+08:00")
    from custom_components.service_hall.hall.carry import carry_over
    from custom_components.service_hall.hall.state import HallState

    # The Store was saved for the new day, then the crash came before the journal was rotated.
    new_day = carry_over(HallState(coordinator.hall.state.service_date + timedelta(days=1)))
    await storage._store.async_save({"day": new_day, "history": []})
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    coordinator = coordinator_of(init_integration)
    assert coordinator.hall.state.tickets == {}
    assert (storage.log_dir / "2026-11-23.jsonl").exists()
    ticket = await act(hass, "issue_ticket", service="household")
    assert ticket is not None and ticket["ticket"] == "A001"


async def test_layout_change_reloads_and_removes_stale_devices(
    hass: HomeAssistant, init_integration: MockConfigEntry, device_registry: dr.DeviceRegistry
) -> None:
    """Removing a window from the layout removes its device; the day survives the reload."""
    await act(hass, "issue_ticket", service="tax")
    assert f"{ENTRY_ID}_window_3" in hall_devices(device_registry)
    window_3 = next(s for s in init_integration.subentries.values() if s.unique_id == "window_3")
    hass.config_entries.async_remove_subentry(init_integration, window_3.subentry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    devices = hall_devices(device_registry)
    assert f"{ENTRY_ID}_window_3" not in devices
    # The windows and staff remain the hall's devices, after the reload too.
    hall = devices[ENTRY_ID]
    assert devices[f"{ENTRY_ID}_window_1"].via_device_id == hall.id
    assert devices[f"{ENTRY_ID}_staff_SP1001"].via_device_id == hall.id
    assert list(coordinator_of(init_integration).hall.state.tickets) == ["D001"]


def hall_devices(registry: dr.DeviceRegistry) -> dict[str, dr.DeviceEntry]:
    """The hall's devices by identifier (without `async_get_device`, deprecated in 2026.10)."""
    return {
        identifier: device
        for device in dr.async_entries_for_config_entry(registry, ENTRY_ID)
        for _domain, identifier in device.identifiers
    }


async def test_binding_a_tablet_does_not_reload_the_hall(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Tablet bindings are read on every action: changing them keeps the hall (and its live views) up."""
    before = coordinator_of(init_integration)
    hass.config_entries.async_update_entry(
        init_integration, options={**init_integration.options, "window_tablets": {"some-user": 3}}
    )
    await hass.async_block_till_done()
    assert coordinator_of(init_integration) is before
    hass.config_entries.async_update_entry(
        init_integration, options={**init_integration.options, "no_show_timeout": 123}
    )
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert coordinator_of(init_integration) is not before


async def test_removing_the_hall_removes_its_files(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """A removed hall leaves neither its Store nor its event logs behind."""
    await act(hass, "issue_ticket", service="tax")
    log_dir = coordinator_of(init_integration).storage.log_dir
    assert log_dir.exists()
    await hass.config_entries.async_remove(init_integration.entry_id)
    await hass.async_block_till_done()
    assert not log_dir.exists()
    assert f"service_hall.{ENTRY_ID}" not in hass_storage


async def test_import_layout_is_for_administrators(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_read_only_user: Any
) -> None:
    """Only administrators may replace a layout; a valid file replaces it and reloads."""
    from homeassistant.core import Context
    from homeassistant.exceptions import Unauthorized

    path = Path(hass.config.config_dir) / "layout.yaml"
    path.write_text(
        "services:\n  - {id: passport, prefix: P, name: 出入境}\nwindows:\n  - {number: 9, services: [passport]}\n",
        encoding="utf-8",
    )
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "import_layout",
            {"path": "layout.yaml"},
            blocking=True,
            context=Context(user_id=hass_read_only_user.id),
        )
    await act(hass, "issue_ticket", service="tax")
    from homeassistant.exceptions import ServiceValidationError

    with pytest.raises(ServiceValidationError) as caught:
        await act(hass, "import_layout", path="layout.yaml")
    assert caught.value.translation_key == "service_in_use"
    await act(hass, "cancel", ticket="D001")
    await act(hass, "import_layout", path="layout.yaml")
    await hass.async_block_till_done()
    coordinator = coordinator_of(init_integration)
    assert list(coordinator.hall.layout.services) == ["passport"]
    assert hass.states.get("sensor.window_9_status") is not None
    for bad, key in (("missing.yaml", "layout_file_not_found"), ("../x.yaml", "layout_file_outside_config")):
        with pytest.raises(ServiceValidationError) as caught:
            await act(hass, "import_layout", path=bad)
        assert caught.value.translation_key == key
    (Path(hass.config.config_dir) / "broken.yaml").write_text("services: [\n", encoding="utf-8")
    with pytest.raises(ServiceValidationError) as caught:
        await act(hass, "import_layout", path="broken.yaml")
    assert caught.value.translation_key == "layout_invalid"


async def test_import_a_hall_of_dalang_size(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """A layout of 88 windows and 800 services imports from YAML and sets up every entity."""
    import yaml

    from bench.queue_bench import big_layout
    from custom_components.service_hall.hall.staffing import service_groups

    (Path(hass.config.config_dir) / "dalang.yaml").write_text(
        yaml.safe_dump(big_layout(), allow_unicode=True), encoding="utf-8"
    )
    await act(hass, "import_layout", path="dalang.yaml")
    await hass.async_block_till_done()
    layout = coordinator_of(init_integration).hall.layout
    assert (len(layout.services), len(layout.windows), len(layout.staff)) == (800, 88, 88)
    # hall 9 and 2 of staffing; per service 4; per window 6 (with satisfaction); per officer 2
    # (served, satisfaction); one "windows needed" per group of services that share windows.
    groups = len(service_groups(layout))
    assert len(hass.states.async_entity_ids("sensor")) == 9 + 2 + 800 * 4 + 88 * 6 + 88 * 2 + groups
    assert len(hass.states.async_entity_ids("button")) == 88 * 4
    answer = await act(hass, "issue_ticket", service="s799")
    assert answer is not None and answer["ticket"] == "H001"  # prefixes cycle through 24 letters


@pytest.mark.parametrize(
    "step",
    [
        "custom_components.service_hall.coordinator.HallCoordinator.async_setup",
        "custom_components.service_hall.async_load_guides",
        "custom_components.service_hall.contacts.AppointmentContacts.async_load",
        "custom_components.service_hall.supervision.StaffSupervisor.async_start",
        "custom_components.service_hall._remove_stale_devices",
        "custom_components.service_hall.advisor.StaffingAdvisor.async_start",
        "custom_components.service_hall.units.WindowUnits.async_start",
    ],
)
async def test_a_failed_setup_leaves_nothing_loaded(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    step: str,
) -> None:
    """A failure at any step of the setup: no entity, no timer or listener left; a reload then works.

    (Lingering timers would fail the test at its end: the hall's tick and supervision's timers
    must be gone.)
    """
    from unittest.mock import patch

    from homeassistant.helpers import entity_registry as er

    mock_config_entry.add_to_hass(hass)
    with patch(step, side_effect=OSError("disk full")):
        assert not await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    assert not hasattr(mock_config_entry, "runtime_data")  # never assigned, not even half-built
    assert [s.entity_id for s in hass.states.async_all() if s.entity_id.split(".")[0] != "sun"] == []
    assert er.async_entries_for_config_entry(er.async_get(hass), mock_config_entry.entry_id) == []
    assert "disk full" in caplog.text
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.window_1_staff_state") is not None
    assert "already been setup" not in caplog.text
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()


async def test_platforms_see_the_runtime_whole(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """When each platform sets up, ``runtime_data`` is the one whole runtime, every feature started.

    Started, as each shows it: the day restored, every seat's monitor told its context (nobody
    signed in yet), the first staffing advice made, the units listening to their keys, the hall's
    device registered. Nothing is assigned to the runtime afterwards (frozen).
    """
    import importlib
    from contextlib import ExitStack
    from unittest.mock import patch

    from custom_components.service_hall.hall.supervision import StaffState
    from custom_components.service_hall.runtime import HallRuntime
    from custom_components.service_hall.units import EVENT_KEY
    from homeassistant.helpers.entity_platform import AddEntitiesCallback

    seen: dict[str, tuple[HallRuntime, dict[str, bool]]] = {}

    def watching(platform: str, original: Any) -> Any:
        async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry, add: AddEntitiesCallback) -> None:
            # What the platform finds, noted here and checked once the setup is over (an
            # assertion failing inside a platform's setup would only be logged).
            runtime = entry.runtime_data
            supervisor = runtime.supervisor
            device = dr.async_get(hass).async_get(runtime.hall_device_id)
            seen[platform] = (
                runtime,
                {
                    "a HallRuntime": isinstance(runtime, HallRuntime),
                    "the day restored": runtime.hall.state.service_date.isoformat() == "2026-11-23",
                    "supervision started": bool(supervisor.seats)
                    and all(supervisor.state_of(n) is StaffState.SIGNED_OUT for n in supervisor.seats),
                    "first advice made": bool(runtime.advisor.advice),
                    "units listening": bool(runtime.units.units)
                    and hass.bus.async_listeners().get(EVENT_KEY, 0) >= 1,
                    "hall device registered": device is not None
                    and device.identifiers == {(DOMAIN, entry.entry_id)},
                    "no Frigate URL, no client": runtime.frigate is None,
                },
            )
            await original(hass, entry, add)

        return setup_entry

    mock_config_entry.add_to_hass(hass)
    with ExitStack() as stack:
        for platform in ("binary_sensor", "button", "event", "sensor"):
            module = importlib.import_module(f"custom_components.service_hall.{platform}")
            stack.enter_context(
                patch.object(module, "async_setup_entry", watching(platform, module.async_setup_entry))
            )
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    runtime = mock_config_entry.runtime_data
    assert sorted(seen) == ["binary_sensor", "button", "event", "sensor"]
    for platform, (seen_runtime, facts) in seen.items():
        assert seen_runtime is runtime, platform
        assert [fact for fact, held in facts.items() if not held] == [], platform
    with pytest.raises(dataclasses.FrozenInstanceError):
        runtime.frigate = None
    assert hass.states.get("sensor.window_1_staff_state") is not None
