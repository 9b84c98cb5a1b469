"""End to end: the real window unit firmware against Home Assistant's own ESPHome integration.

The host unit (``esphome/window-unit-host.yaml``, the same logic as the ESP32 units) is built
with g++ by :mod:`tests.esphome_unit` (cached under ``.venv/esphome-host-cache/``; a cold build
takes about a minute on two cores) and runs as a process speaking the native API on a free port
of 127.0.0.1. Home Assistant's ``esphome`` integration connects to it like to a real unit; the
test calls the unit's API actions (``esphome.window_unit_host_<action>``) and watches what comes
back: the "Display" text sensor and the ``esphome.service_hall_key`` events.

The entry is what the config flow would create for an unencrypted device (``noise_psk`` None, no
unique_id: the integration sets it to the unit's MAC on the first connection). The option
``allow_service_calls`` stays off, as for a new entry: the unit's events (``esphome.*``) and the
API actions Home Assistant calls on the unit do not need it.

Home Assistant 2025.x always logs in with a password (aioesphomeapi 29.9.0 sends a
ConnectRequest), which ESPHome 2026 firmware no longer answers: on 2025.x the test drives the
demo's unit instead (``esphome/window-unit-demo-password.yaml``, ESPHome 2025.12, with an API password),
on 2026 the unit of the pinned ESPHome. Same logic, same tests.

The integration's own requirements (aioesphomeapi and those of its dependencies: bluetooth, usb,
assist_pipeline, ffmpeg, ...) are not pulled in by pytest-homeassistant-custom-component; without
aioesphomeapi the tests skip (fail under CI) with a message.
"""

from __future__ import annotations

import asyncio
import importlib.util
import subprocess
import time
from collections.abc import AsyncGenerator, Callable, Generator
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from tests.esphome_unit import TestUnit, skip_or_fail, start_unit, stop_unit, test_unit
from tests.processes import HOST, free_port

ESPHOME = "esphome"
KEY_EVENT = "esphome.service_hall_key"
WAIT_S = 10.0
# A cold build of the unit takes about a minute on two cores, more on a busy machine.
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def built_unit(tmp_path_factory: pytest.TempPathFactory) -> TestUnit:
    """The host unit this Home Assistant can talk to, built once (and cached across runs)."""
    if importlib.util.find_spec("aioesphomeapi") is None:
        skip_or_fail(
            "aioesphomeapi not installed: Home Assistant's esphome integration needs its "
            "requirements and those of its dependencies in the test venv (see requirements/)"
        )
    return test_unit(tmp_path_factory.mktemp("window-unit-build"))


class RunningUnit:
    """The host unit's process on a fixed port: a test can take it off the network and back."""

    def __init__(self, unit: TestUnit, log: Path) -> None:
        self.unit, self.log, self.port = unit, log, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = start_unit(self.unit.binary, self.port, self.log)

    def stop(self) -> None:
        if self.process is not None:
            stop_unit(self.process)
            self.process = None


@pytest.fixture
def running_unit(socket_enabled: None, built_unit: TestUnit, tmp_path: Path) -> Generator[RunningUnit]:
    """A running host unit on 127.0.0.1. Its log: ``<tmp_path>/unit/unit.log``."""
    running = RunningUnit(built_unit, tmp_path / "unit" / "unit.log")
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def unit(running_unit: RunningUnit) -> int:
    """The running unit's API port."""
    return running_unit.port


@pytest.fixture
def node(built_unit: TestUnit) -> str:
    """The unit's node name as Home Assistant's esphome actions spell it (``-`` as ``_``)."""
    return built_unit.name.replace("-", "_")


@pytest.fixture
async def unit_entry(
    hass: HomeAssistant,
    unit: int,
    built_unit: TestUnit,
    node: str,
    mock_bluetooth: None,
    mock_async_zeroconf: Any,
) -> AsyncGenerator[MockConfigEntry]:
    """Home Assistant's ESPHome integration connected to the unit; unloaded afterwards."""
    entry = MockConfigEntry(
        domain=ESPHOME,
        data={"host": HOST, "port": unit, "password": built_unit.password, "noise_psk": None},
        options={"allow_service_calls": False},
        title="Window unit (host)",
    )
    entry.add_to_hass(hass)
    # conversation (through assist_pipeline) needs the exposed-entities store of `homeassistant`.
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, ESPHOME, {})
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    try:
        await wait_for(
            lambda: hass.services.has_service(ESPHOME, f"{node}_show_ticket"), "the unit's actions"
        )
        await wait_for(lambda: display_entity(hass, entry) is not None, "the Display sensor")
        yield entry
    finally:
        # Unloading stops the reconnect logic and closes the connection before the unit stops.
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


def display_entity(hass: HomeAssistant, entry: MockConfigEntry) -> str | None:
    """The entity id of the unit's "Display" text sensor, once it has a state.

    Its unique id ends with the sensor's object id (``...-display``) before Home Assistant
    2026.10, with its name (``.../text_sensor/Display``) since.
    """
    for reg_entry in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id):
        if (
            reg_entry.domain == "sensor"
            and reg_entry.unique_id.lower().endswith("display")
            and hass.states.get(reg_entry.entity_id) is not None
        ):
            return reg_entry.entity_id
    return None


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll ``condition`` for up to 10 s (the unit answers over a real socket)."""
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {WAIT_S:g} s waiting for {what}", pytrace=False)
        await asyncio.sleep(0.05)


async def call_unit(hass: HomeAssistant, node: str, action: str, data: dict[str, Any] | None = None) -> None:
    await hass.services.async_call(ESPHOME, f"{node}_{action}", data or {}, blocking=True)


def key_data(event: Event) -> dict[str, Any]:
    """The event's data without the device id Home Assistant adds."""
    return {name: value for name, value in event.data.items() if name != "device_id"}


async def test_show_ticket_reaches_the_display(
    hass: HomeAssistant, unit_entry: MockConfigEntry, node: str, built_unit: TestUnit
) -> None:
    """``show_ticket`` A023 makes the unit show A023; ``show_paused`` shows "--"."""
    entity_id = display_entity(hass, unit_entry)
    assert entity_id is not None

    await call_unit(hass, node, "show_ticket", {"value": "A023"})
    await wait_for(lambda: hass.states.get(entity_id).state == "A023", "the display to show A023")  # type: ignore[union-attr]

    await call_unit(hass, node, "show_paused", {"value": True})
    await wait_for(lambda: hass.states.get(entity_id).state == "--", "the display to show --")  # type: ignore[union-attr]


async def test_key_press_fires_the_key_event(
    hass: HomeAssistant, unit_entry: MockConfigEntry, node: str, built_unit: TestUnit
) -> None:
    """The "next" key sends ``esphome.service_hall_key`` with the key, the unit and its window."""
    events = async_capture_events(hass, KEY_EVENT)

    await call_unit(hass, node, "press_key", {"value": "next"})
    await wait_for(lambda: len(events) >= 1, f"a {KEY_EVENT} event")

    assert len(events) == 1
    assert key_data(events[0]) == {"key": "next", "unit": built_unit.name, "window": "1"}
    assert events[0].data.get("device_id")


async def test_one_rating_per_completed_service(
    hass: HomeAssistant, unit_entry: MockConfigEntry, node: str, built_unit: TestUnit
) -> None:
    """A rating key counts once after ``service_completed``; a second press sends nothing."""
    events = async_capture_events(hass, KEY_EVENT)

    # Before any completed service a rating key is ignored.
    await call_unit(hass, node, "press_rating", {"value": 4})
    await call_unit(hass, node, "service_completed")
    await call_unit(hass, node, "press_rating", {"value": 5})
    await wait_for(lambda: len(events) >= 1, "the rate event")
    assert [key_data(event) for event in events] == [
        {"key": "rate", "grade": "5", "unit": built_unit.name, "window": "1"}
    ]

    # A second press without a new completion: nothing. The "next" key pressed after it is a
    # marker: the unit handles the actions in order, so once its event is here, a rate event
    # from the second press would be here too.
    await call_unit(hass, node, "press_rating", {"value": 3})
    await call_unit(hass, node, "press_key", {"value": "next"})
    await wait_for(lambda: len(events) >= 2, "the marker key event")
    assert [event.data["key"] for event in events] == ["rate", "next"]


async def _hall_with_unit(hass: HomeAssistant, built_unit: TestUnit) -> MockConfigEntry:
    """The sample hall, open around the clock, window 1 served by this unit."""
    from custom_components.service_hall.const import DOMAIN
    from custom_components.service_hall.settings import TUNING_DEFAULTS
    from tests.conftest import entry_data, layout_subentries, sample_layout

    layout = sample_layout()
    layout["windows"][0]["unit"] = built_unit.name  # window 1 is served by this unit
    always_open = {"open_time": "00:00:00", "close_time": "00:00:00"}
    always_open["open_days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]  # type: ignore[assignment]
    hall = MockConfigEntry(
        domain=DOMAIN,
        title="石排",
        data=entry_data() | always_open,
        options=dict(TUNING_DEFAULTS),
        subentries_data=layout_subentries(layout),
        version=2,
    )
    hall.add_to_hass(hass)
    await hass.config.async_set_time_zone("Asia/Shanghai")
    assert await hass.config_entries.async_setup(hall.entry_id)
    await hass.async_block_till_done()
    return hall


async def _act(hass: HomeAssistant, action: str, **data: Any) -> Any:
    from custom_components.service_hall.const import DOMAIN

    return await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=action in ("issue_ticket", "call_next")
    )


async def test_the_hall_and_its_unit(
    hass: HomeAssistant, unit_entry: MockConfigEntry, node: str, built_unit: TestUnit
) -> None:
    """A call in the hall reaches the unit's display; the unit's next key calls the next ticket."""
    hall = await _hall_with_unit(hass, built_unit)

    async def act(action: str, **data: Any) -> Any:
        return await _act(hass, action, **data)

    await act("open_window", window=1)
    await act("sign_in", window=1, staff="SP1001")
    await act("issue_ticket", service="household")
    await act("issue_ticket", service="household")
    await act("call_next", window=1)
    display = display_entity(hass, unit_entry)
    assert display is not None
    await wait_for(lambda: hass.states.get(display).state == "A001", "A001 on the unit's display")
    await act("start", window=1)
    # The officer presses "next" on the unit: A001 is finished and A002 called, shown on the unit.
    await call_unit(hass, node, "press_key", {"value": "next"})
    running = hall.runtime_data.coordinator
    await wait_for(
        lambda: (t := running.hall.current_ticket(1)) is not None and t.number == "A002", "A002 called"
    )
    assert running.hall.ticket("A001").state == "done"
    await wait_for(lambda: hass.states.get(display).state == "A002", "A002 on the unit's display")
    # The citizen rates on the unit: the completion armed its rating keys.
    await act("complete", window=1)
    await asyncio.sleep(0.5)  # service_completed reaches the unit in the background
    await call_unit(hass, node, "press_rating", {"value": 4})
    await wait_for(lambda: running.hall.ticket("A002").rating == 4, "the rating of A002")
    await hass.config_entries.async_unload(hall.entry_id)
    await hass.async_block_till_done()


async def test_unit_offline_and_back_is_brought_up_to_date(
    hass: HomeAssistant,
    unit_entry: MockConfigEntry,
    built_unit: TestUnit,
    running_unit: RunningUnit,
    record_property: Any,
) -> None:
    """The unit loses its network while its window calls on; back, it shows the current ticket."""
    hall = await _hall_with_unit(hass, built_unit)
    for action, data in (
        ("open_window", {"window": 1}),
        ("sign_in", {"window": 1, "staff": "SP1001"}),
        ("issue_ticket", {"service": "household"}),
        ("issue_ticket", {"service": "household"}),
        ("call_next", {"window": 1}),
    ):
        await _act(hass, action, **data)
    display = display_entity(hass, unit_entry)
    assert display is not None
    await wait_for(lambda: hass.states.get(display).state == "A001", "A001 on the unit's display")  # type: ignore[union-attr]
    running_unit.stop()
    await wait_for(lambda: hass.states.get(display).state == "unavailable", "the unit to go offline")  # type: ignore[union-attr]
    # The hall goes on without it: nothing waits for the unit.
    started = time.monotonic()
    await _act(hass, "start", window=1)
    await _act(hass, "call_next", window=1)
    assert time.monotonic() - started < 1.0
    assert hall.runtime_data.hall.current_ticket(1).number == "A002"
    running_unit.start()
    back = time.monotonic()
    await wait_for(lambda: hass.states.get(display).state == "A002", "A002 on the unit once it is back")  # type: ignore[union-attr]
    resync = time.monotonic() - back
    record_property("unit_resync_s", round(resync, 2))
    print(f"unit back: display up to date in {resync:.2f} s")
    assert resync < 10.0
    await hass.config_entries.async_unload(hall.entry_id)
    await hass.async_block_till_done()
