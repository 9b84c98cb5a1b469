"""Config flow (user, reconfigure, window units), subentry flows (services, windows, staff), options flow
(tuning, supervision, tablets, import), the refusal of deletions and the migration of version 1 halls."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import AsyncGenerator, Generator
from ipaddress import ip_address
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, MagicMock, patch

import pytest
import yaml
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.frigate_client import FrigateError
from custom_components.service_hall.hall import parse_layout
from custom_components.service_hall.layout_entries import (
    hall_language,
    item_title,
    layout_of,
    subentries_of,
    unique_id,
)
from custom_components.service_hall.settings import SUPERVISION_DEFAULTS, TUNING_DEFAULTS
from homeassistant.auth.models import User
from homeassistant.config_entries import (
    SOURCE_IGNORE,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    SOURCE_ZEROCONF,
    ConfigEntryDisabler,
    ConfigEntryState,
    ConfigFlowResult,
    ConfigSubentry,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import config_validation as cv, issue_registry as ir
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo

from .conftest import ENTRY_ID, FIXTURES, act, entry_data, sample_layout
from .helpers import coordinator_of

try:  # Home Assistant 2026.10 serializes flow forms with probatio, earlier ones with voluptuous_serialize
    from probatio import to_field_list as serialize_schema
except ImportError:
    from voluptuous_serialize import convert as serialize_schema

USER_INPUT: dict[str, Any] = {
    "name": " Shipai ",
    "language": "zh-Hans",
    "open_time": "08:30",
    "close_time": "17:30:00",
    "open_days": ["fri", "mon", "wed"],
    "rollover_time": "03:00:00",
}
HALL_DATA: dict[str, Any] = {
    "name": "Shipai",
    "language": "zh-Hans",
    "open_time": "08:30:00",
    "close_time": "17:30:00",
    "open_days": ["mon", "wed", "fri"],
    "rollover_time": "03:00:00",
}
EMPTY_LAYOUT: dict[str, list[Any]] = {"services": [], "windows": [], "staff": []}
# A service no window serves, so that it can be removed (or hold a ticket nobody calls).
NOTARY: dict[str, Any] = {"id": "notary", "prefix": "N", "name": {"zh-Hans": "公证", "en": "Notary"}}
SMALL_LAYOUT_YAML = """\
services:
  - {id: household, prefix: A, name: {zh-Hans: 户籍业务, en: Household registration}}
  - {id: notary, prefix: N, name: 公证}
windows:
  - {number: 1, services: [household]}
  - {number: 2, services: [notary]}
staff:
  - {staff_number: SP9001, name: 刘洋}
"""


def layout_options(*, notary: bool = True) -> dict[str, Any]:
    """The sample layout (with the notary service) in the form the options hold."""
    layout = sample_layout()
    if notary:
        layout["services"].append(copy.deepcopy(NOTARY))
    return parse_layout(layout).to_dict()


def make_entry(
    layout: dict[str, Any] | None = None, *, entry_id: str = ENTRY_ID, **options: Any
) -> MockConfigEntry:
    """A hall's entry (unique id as the user step makes it), its layout in subentries."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="石排政务服务中心",
        unique_id="shi_pai_zheng_wu_fu_wu_zhong_xin",
        entry_id=entry_id,
        data=entry_data(),
        options={**copy.deepcopy(TUNING_DEFAULTS), **options},
        subentries_data=subentries_of(layout_options() if layout is None else layout, "zh-Hans"),
        version=2,
    )


def write(hass: HomeAssistant, relative: str, text: str) -> None:
    """A file under the test's config directory."""
    path = Path(hass.config.config_dir, relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def suggested(result: ConfigFlowResult, field: str) -> Any:
    """The value a form shows in a field."""
    for key in result["data_schema"].schema:
        if key == field:
            return (key.description or {}).get("suggested_value")
    raise AssertionError(f"no field {field}")


def options_of(entry: MockConfigEntry, key: str) -> list[dict[str, Any]]:
    """One part of an entry's layout (its subentries), each item checked against its subentry."""
    for subentry in entry.subentries.values():
        assert subentry.unique_id == unique_id(subentry.subentry_type, subentry.data)
        assert subentry.title == item_title(subentry.subentry_type, subentry.data, hall_language(entry))
    return layout_of(entry)[key]


def subentry_of(entry: MockConfigEntry, kind: str, item: str) -> ConfigSubentry:
    """The subentry of a service id, window number or staff number."""
    return next(s for s in entry.subentries.values() if s.unique_id == f"{kind}_{item}")


@pytest.fixture
async def mock_setup_entry(hass: HomeAssistant) -> AsyncGenerator[AsyncMock]:
    """No real setup (the flows alone are tested); unloaded while still patched."""
    with (
        patch("custom_components.service_hall.async_setup_entry", return_value=True) as mock,
        patch("custom_components.service_hall.async_unload_entry", return_value=True),
    ):
        yield mock
        await hass.async_block_till_done()
        for config_entry in hass.config_entries.async_entries(DOMAIN):
            if config_entry.state is ConfigEntryState.LOADED:
                await hass.config_entries.async_unload(config_entry.entry_id)


@pytest.fixture
def frigate() -> Generator[MagicMock]:
    """The config flow's Frigate client: version 0.16.1, zones of the sample hall's Frigate."""
    with (
        patch("custom_components.service_hall.config_flow.FrigateClient", autospec=True) as client,
        patch("custom_components.service_hall.subentry_flows.FrigateClient", new=client),
    ):
        client.return_value.version = AsyncMock(return_value="0.16.1-4f3b2ac")
        client.return_value.zones = AsyncMock(
            return_value={
                "window_01_seat": ["hall_cam_a"],
                "window_02_seat": ["hall_cam_a"],
                "window_07_seat": ["hall_cam_b", "hall_cam_c"],
            }
        )
        yield client


@pytest.fixture
def entry(hass: HomeAssistant) -> MockConfigEntry:
    """A hall that is not set up (the options flow does not need it)."""
    config_entry = make_entry()
    config_entry.add_to_hass(hass)
    return config_entry


@pytest.fixture
async def busy_hall(hass: HomeAssistant, hall_time: FrozenDateTimeFactory) -> AsyncGenerator[MockConfigEntry]:
    """A running hall on Monday 09:00: window 3 holds D001 (tax), SP1003 sits there, N001 waits."""
    config_entry = make_entry()
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    await act(hass, "open_window", window=3)
    await act(hass, "sign_in", window=3, staff="SP1003")
    assert (await act(hass, "issue_ticket", service="tax"))["ticket"] == "D001"  # type: ignore[index]
    assert (await act(hass, "call_next", window=3))["ticket"] == "D001"  # type: ignore[index]
    assert (await act(hass, "issue_ticket", service="notary"))["ticket"] == "N001"  # type: ignore[index]
    yield config_entry


async def start_options(hass: HomeAssistant, entry: MockConfigEntry, step: str) -> ConfigFlowResult:
    """Open the options menu and pick a step."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert step in result["menu_options"]
    check_translated(result)
    return await hass.config_entries.options.async_configure(result["flow_id"], {"next_step_id": step})


async def start_sub(hass: HomeAssistant, entry: MockConfigEntry, kind: str, item: str | None = None) -> Any:
    """Add a service, window or staff member (user step), or change one (reconfigure step)."""
    context: dict[str, Any] = {"source": SOURCE_USER}
    if item is not None:
        context = {"source": SOURCE_RECONFIGURE, "subentry_id": subentry_of(entry, kind, item).subentry_id}
    return await hass.config_entries.subentries.async_init((entry.entry_id, kind), context=context)


async def configure(hass: HomeAssistant, result: Any, user_input: dict[str, Any]) -> Any:
    """Submit a form of an options or subentry flow."""
    if isinstance(result["handler"], tuple):
        return await hass.config_entries.subentries.async_configure(result["flow_id"], user_input)
    return await hass.config_entries.options.async_configure(result["flow_id"], user_input)


TRANSLATIONS = Path(__file__).parent.parent / "custom_components" / DOMAIN / "translations"
LANGUAGE_FILES = ("en.json", "zh-Hans.json")


def translations(name: str) -> dict[str, Any]:
    """One of the integration's translation files."""
    data: dict[str, Any] = json.loads((TRANSLATIONS / name).read_text(encoding="utf-8"))
    return data


def placeholders_of(text: str) -> set[str]:
    """The {placeholders} a translated string uses."""
    return set(re.findall(r"{(\w+)}", text))


def check_translated(result: ConfigFlowResult) -> None:
    """What the frontend shows for a result exists in every language, with the placeholders it needs.

    The schema must also serialise as the frontend receives it.
    """
    handler = result["handler"]
    given = set((result.get("description_placeholders") or {}).keys())
    for name in LANGUAGE_FILES:
        if isinstance(handler, tuple):
            strings = translations(name)["config_subentries"][handler[1]]
        else:
            strings = translations(name)["config" if handler == DOMAIN else "options"]
        if result["type"] is FlowResultType.ABORT:
            assert result["reason"] in strings["abort"], (name, result["reason"])
            continue
        step = strings["step"][result["step_id"]]
        for text in (step["title"], step["description"]):
            assert placeholders_of(text) <= given, (name, result["step_id"], text)
        if result["type"] is FlowResultType.MENU:
            assert set(step["menu_options"]) >= set(result["menu_options"]), name
            continue
        for key in result["data_schema"].schema:
            assert str(key) in step["data"], (name, result["step_id"], str(key))
            assert str(key) in step["data_description"], (name, result["step_id"], str(key))
            description = step["data_description"][str(key)]
            assert placeholders_of(description) <= given, (name, result["step_id"], description)
        for error in (result["errors"] or {}).values():
            assert placeholders_of(strings["error"][error]) <= given, (name, error, given)
    if result["type"] is FlowResultType.FORM:
        serialize_schema(result["data_schema"], custom_serializer=cv.custom_serializer)


def assert_form(result: ConfigFlowResult, step_id: str, errors: dict[str, str] | None = None) -> None:
    """A form of the given step showing exactly these errors, all translated."""
    assert result["type"] is FlowResultType.FORM, result
    assert result["step_id"] == step_id
    assert result["errors"] == (errors or {})
    check_translated(result)


def assert_aborted(result: ConfigFlowResult, reason: str) -> None:
    """The flow aborted for a translated reason."""
    assert result["type"] is FlowResultType.ABORT, result
    assert result["reason"] == reason
    check_translated(result)


def assert_saved(result: Any, entry: MockConfigEntry) -> None:
    """The flow finished and the entry holds what it saved, its layout valid."""
    if isinstance(result["handler"], tuple) and result["type"] is FlowResultType.ABORT:
        assert_aborted(result, "reconfigure_successful")
    else:
        assert result["type"] is FlowResultType.CREATE_ENTRY, result
    if result["handler"] == entry.entry_id:
        assert entry.options == result["data"]
    assert not {"services", "windows", "staff"} & set(entry.options)
    options_of(entry, "services")  # every subentry's unique id and title match its item
    parse_layout(layout_of(entry))  # always a valid layout


# ---------------------------------------------------------------------------- user step


async def test_user_flow(hass: HomeAssistant, mock_setup_entry: AsyncMock) -> None:
    """A hall without a layout: defaults for the tuning, no subentries, times as HH:MM:SS."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert_form(result, "user")
    assert result["description_placeholders"] == {}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "layout_file": " "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Shipai"
    assert result["data"] == HALL_DATA
    assert result["options"] == TUNING_DEFAULTS
    assert result["result"].unique_id == "shipai"
    assert result["result"].version == 2
    assert result["result"].subentries == {}
    await hass.async_block_till_done()
    assert len(mock_setup_entry.mock_calls) == 1


async def test_user_flow_with_layout_file(hass: HomeAssistant, mock_setup_entry: AsyncMock) -> None:
    """The layout file fills services, windows and staff: one subentry each."""
    write(hass, "service_hall/layout.yaml", (FIXTURES / "hall_layout.yaml").read_text(encoding="utf-8"))
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {**USER_INPUT, "name": "石排政务服务中心", "layout_file": "service_hall/layout.yaml"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "石排政务服务中心"
    entry = result["result"]
    assert entry.unique_id == "shi_pai_zheng_wu_fu_wu_zhong_xin"
    assert result["options"] == TUNING_DEFAULTS
    assert layout_of(entry) == layout_options(notary=False)
    assert [s["id"] for s in options_of(entry, "services")] == [
        "household",
        "social_insurance",
        "tax",
        "business",
    ]
    assert options_of(entry, "windows")[1]["services"] == {"tax": 2, "business": 1, "household": 1}
    assert [(s.subentry_type, s.unique_id, s.title) for s in entry.subentries.values()][::4] == [
        ("service", "service_household", "household — 户籍业务"),
        ("window", "window_1", "1 (window-unit-01)"),
        ("staff_member", "staff_member_SP1001", "SP1001 — 李明 — 公安局"),
    ]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"name": "   "}, {"name": "name_required"}),
        ({"open_time": "09:00:00", "close_time": "09:00"}, {"close_time": "same_open_close"}),
        ({"open_days": []}, {"open_days": "no_open_days"}),
    ],
)
async def test_user_flow_hall_errors(
    hass: HomeAssistant, mock_setup_entry: AsyncMock, changes: dict[str, Any], errors: dict[str, str]
) -> None:
    """Refused hall settings, then the corrected form creates the hall."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {**USER_INPUT, **changes})
    assert_form(result, "user", errors)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], USER_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("path", "content", "error", "placeholders"),
    [
        ("layout.yaml", "services: [", "layout_invalid", {"where": "layout.yaml"}),
        (
            "layout.yaml",
            "services:\n  - {id: Bad, prefix: A, name: x}\n",
            "layout_invalid",
            {"where": "services[0].id"},
        ),
        ("missing.yaml", None, "layout_file_not_found", {"path": "missing.yaml"}),
        ("../outside.yaml", None, "layout_file_outside_config", {"path": "../outside.yaml"}),
    ],
)
async def test_user_flow_layout_errors(
    hass: HomeAssistant,
    mock_setup_entry: AsyncMock,
    path: str,
    content: str | None,
    error: str,
    placeholders: dict[str, str],
) -> None:
    """A bad layout file is named on its field; a good one then creates the hall."""
    if content is not None:
        write(hass, path, content)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "layout_file": path}
    )
    assert_form(result, "user", {"layout_file": error})
    assert placeholders.items() <= result["description_placeholders"].items()
    assert suggested(result, "layout_file") == path

    write(hass, "good.yaml", SMALL_LAYOUT_YAML)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "layout_file": "good.yaml"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert [s["id"] for s in layout_of(result["result"])["services"]] == ["household", "notary"]


async def test_user_flow_duplicate(hass: HomeAssistant, mock_setup_entry: AsyncMock) -> None:
    """A second hall with the same name (as a slug) is refused."""
    MockConfigEntry(domain=DOMAIN, unique_id="shipai", data=HALL_DATA).add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "name": "SHIPAI"}
    )
    assert_aborted(result, "already_configured")


# ---------------------------------------------------------------------------- reconfigure


async def test_reconfigure(hass: HomeAssistant, mock_setup_entry: AsyncMock, entry: MockConfigEntry) -> None:
    """Prefilled with the hall's data; saving updates data, title and unique id, and reloads."""
    result = await entry.start_reconfigure_flow(hass)
    assert_form(result, "reconfigure")
    assert result["description_placeholders"] == {"hall": "石排政务服务中心"}
    assert suggested(result, "name") == "石排政务服务中心"
    assert suggested(result, "open_days") == ["mon", "tue", "wed", "thu", "fri"]
    assert "layout_file" not in {str(key) for key in result["data_schema"].schema}
    # The language an existing hall stored ("zh-Hans") is one the picker offers, under its own
    # name: the option is not translated (hassfest refuses "zh-Hans" as a translation key).
    assert suggested(result, "language") == "zh-Hans"
    language = result["data_schema"].schema["language"].config
    assert language["options"] == [
        {"value": "zh-Hans", "label": "简体中文"},
        {"value": "en", "label": "English"},
    ]
    assert "translation_key" not in language

    options = dict(entry.options)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "name": "Dalang", "language": "en", "close_time": "18:00"}
    )
    assert_aborted(result, "reconfigure_successful")
    assert entry.data == {**HALL_DATA, "name": "Dalang", "language": "en", "close_time": "18:00:00"}
    assert entry.title == "Dalang"
    assert entry.unique_id == "dalang"
    assert entry.options == options
    await hass.async_block_till_done()
    assert len(mock_setup_entry.mock_calls) == 1  # reloaded (it was not loaded: set up)


async def test_reconfigure_reloads_a_running_hall(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A running hall is reloaded by its update listener with the new hours, its day kept."""
    await act(hass, "issue_ticket", service="tax")
    before = coordinator_of(init_integration)
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "name": "石排政务服务中心", "close_time": "18:00"}
    )
    assert_aborted(result, "reconfigure_successful")
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    after = coordinator_of(init_integration)
    assert after is not before
    assert after.entry.data["close_time"] == "18:00:00"
    assert list(after.hall.state.tickets) == ["D001"]


async def test_reconfigure_errors(
    hass: HomeAssistant, mock_setup_entry: AsyncMock, entry: MockConfigEntry
) -> None:
    """Refused settings and a name taken by another hall, then success under the same name."""
    MockConfigEntry(domain=DOMAIN, unique_id="dalang", data=HALL_DATA).add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "close_time": "08:30:00"}
    )
    assert_form(result, "reconfigure", {"close_time": "same_open_close"})
    assert suggested(result, "close_time") == "08:30:00"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "name": "Dalang"}
    )
    assert_form(result, "reconfigure", {"name": "name_exists"})

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "name": "石排政务服务中心"}
    )
    assert_aborted(result, "reconfigure_successful")
    assert entry.unique_id == "shi_pai_zheng_wu_fu_wu_zhong_xin"
    await hass.async_block_till_done()


# ---------------------------------------------------------------------------- options: menu, tuning


async def test_options_menu(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Tuning, supervision, tablets and import; the layout's counts in the description."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "init"
    assert result["menu_options"] == ["tuning", "supervision", "window_tablets", "import_layout"]
    assert result["description_placeholders"] == {"services": "5", "windows": "4", "staff": "4"}


async def test_options_menu_empty_hall(hass: HomeAssistant) -> None:
    """No window tablets without windows, and no window without a service."""
    empty = make_entry(EMPTY_LAYOUT)
    empty.add_to_hass(hass)
    assert_aborted(await start_sub(hass, empty, "window"), "no_services")
    result = await hass.config_entries.options.async_init(empty.entry_id)
    assert result["menu_options"] == ["tuning", "supervision", "import_layout"]
    assert result["description_placeholders"] == {"services": "0", "windows": "0", "staff": "0"}


async def test_options_tuning(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Prefilled with the current figures; the saved order is completed in the default order."""
    result = await start_options(hass, entry, "tuning")
    assert_form(result, "tuning")
    # the public status option names this hall's own addresses (the routes the views register)
    assert result["description_placeholders"] == {
        "queue_page": f"/service_hall/queue/{entry.entry_id}",
        "status_api": f"/api/service_hall/status/{entry.entry_id}",
    }
    assert suggested(result, "recall_limit") == 3
    assert suggested(result, "dispatch_order") == [
        "promoted",
        "returning",
        "priority",
        "appointment",
        "walk_in",
    ]

    result = await configure(
        hass,
        result,
        {
            "recall_limit": 5.0,
            "no_show_timeout": 0,
            "max_wait": 20,
            "appointment_early": 10,
            "appointment_late": 5,
            "dispatch_order": ["walk_in", "priority"],
        },
    )
    assert_saved(result, entry)
    assert entry.options["recall_limit"] == 5
    assert isinstance(entry.options["recall_limit"], int)
    assert entry.options["no_show_timeout"] == 0
    assert entry.options["max_wait"] == 20
    assert entry.options["appointment_early"] == 10
    assert entry.options["appointment_late"] == 5
    assert entry.options["dispatch_order"] == ["walk_in", "priority", "promoted", "returning", "appointment"]
    assert options_of(entry, "services") == layout_options()["services"]
    assert "rating_window" not in entry.options  # left out: the default stays

    result = await start_options(hass, entry, "tuning")
    assert suggested(result, "rating_window") == 2  # minutes
    assert suggested(result, "unit_offline_after") == 10
    result = await configure(
        hass,
        result,
        {
            "recall_limit": 5,
            "no_show_timeout": 0,
            "max_wait": 20,
            "appointment_early": 10,
            "appointment_late": 5,
            "rating_window": 3,
            "unit_offline_after": 15,
        },
    )
    assert_saved(result, entry)
    assert (entry.options["rating_window"], entry.options["unit_offline_after"]) == (180, 900)


async def test_options_tuning_default_order_and_limits(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Out-of-range figures are refused by the form; no order given means the default order."""
    result = await start_options(hass, entry, "tuning")
    tuning = {
        "recall_limit": 11,
        "no_show_timeout": 5,
        "max_wait": 30,
        "appointment_early": 30,
        "appointment_late": 15,
    }
    with pytest.raises(InvalidData):
        await configure(hass, result, tuning)
    result = await configure(hass, result, {**tuning, "recall_limit": 1})
    assert_saved(result, entry)
    assert entry.options["dispatch_order"] == TUNING_DEFAULTS["dispatch_order"]


# ---------------------------------------------------------------------------- options: supervision


SUPERVISION_INPUT: dict[str, Any] = {
    "absence_confirm": 45,
    "phone_confirm": 5.0,
    "away_alert": 600,
    "phone_alert": 120,
    "alert_cooldown": 0,
    "record_days": 30.0,
}


async def test_options_supervision(hass: HomeAssistant, entry: MockConfigEntry, frigate: MagicMock) -> None:
    """Prefilled with the defaults; Frigate's address is checked, stored trimmed, the rest kept."""
    before = dict(entry.options)
    result = await start_options(hass, entry, "supervision")
    assert_form(result, "supervision")
    assert {key: suggested(result, key) for key in SUPERVISION_DEFAULTS} == SUPERVISION_DEFAULTS
    assert suggested(result, "record_days") == 90
    assert suggested(result, "frigate_url") == ""
    units = {
        str(key): key_selector.config.get("unit_of_measurement")
        for key, key_selector in result["data_schema"].schema.items()
    }
    assert units == {**dict.fromkeys(SUPERVISION_DEFAULTS, "s"), "record_days": "d", "frigate_url": None}

    result = await configure(hass, result, {**SUPERVISION_INPUT, "frigate_url": " http://frigate:5000/ "})
    assert_saved(result, entry)
    frigate.assert_called_once()
    assert frigate.call_args.args[1] == "http://frigate:5000/"
    frigate.return_value.version.assert_awaited_once()
    assert entry.options == {
        **before,
        "absence_confirm": 45.0,
        "phone_confirm": 5.0,
        "away_alert": 600.0,
        "phone_alert": 120.0,
        "alert_cooldown": 0.0,
        "record_days": 30,
        "frigate_url": "http://frigate:5000/",
    }
    assert isinstance(entry.options["record_days"], int)

    # Saved figures are shown next time.
    result = await start_options(hass, entry, "supervision")
    assert suggested(result, "away_alert") == 600.0
    assert suggested(result, "frigate_url") == "http://frigate:5000/"


async def test_options_supervision_frigate_errors(
    hass: HomeAssistant, entry: MockConfigEntry, frigate: MagicMock
) -> None:
    """An unreachable Frigate or an address that is not http(s) is refused; empty means no Frigate."""
    frigate.return_value.version.side_effect = FrigateError("cannot reach Frigate at http://nvr:5000")
    result = await start_options(hass, entry, "supervision")
    result = await configure(hass, result, {**SUPERVISION_INPUT, "frigate_url": "http://nvr:5000"})
    assert_form(result, "supervision", {"frigate_url": "frigate_unreachable"})
    assert suggested(result, "frigate_url") == "http://nvr:5000"
    assert suggested(result, "away_alert") == 600

    result = await configure(hass, result, {**SUPERVISION_INPUT, "frigate_url": "nvr:5000"})
    assert_form(result, "supervision", {"frigate_url": "frigate_url_invalid"})
    result = await configure(hass, result, {**SUPERVISION_INPUT, "frigate_url": "http://"})
    assert_form(result, "supervision", {"frigate_url": "frigate_url_invalid"})
    assert frigate.return_value.version.await_count == 1

    result = await configure(hass, result, {**SUPERVISION_INPUT, "frigate_url": "  "})
    assert_saved(result, entry)
    assert entry.options["frigate_url"] == ""
    assert frigate.return_value.version.await_count == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("absence_confirm", 4),
        ("absence_confirm", 601),
        ("phone_confirm", 2),
        ("away_alert", 29),
        ("away_alert", 3601),
        ("phone_alert", 1801),
        ("alert_cooldown", -1),
        ("alert_cooldown", 7201),
        ("record_days", 0),
        ("record_days", 3651),
    ],
)
async def test_options_supervision_limits(
    hass: HomeAssistant, entry: MockConfigEntry, field: str, value: float
) -> None:
    """Figures out of range are refused by the form; without an address, Frigate is not asked."""
    result = await start_options(hass, entry, "supervision")
    with pytest.raises(InvalidData):
        await configure(hass, result, {**SUPERVISION_INPUT, field: value})
    result = await configure(hass, result, SUPERVISION_INPUT)
    assert_saved(result, entry)
    assert entry.options["frigate_url"] == ""


# ---------------------------------------------------------------------------- options: services


SERVICE_INPUT: dict[str, Any] = {
    "id": " Passport ",
    "prefix": "e",
    "name_zh": "出入境证件",
    "target_wait": 12,
    "daily_cap": 0,
    "handling_time": 3.5,
}


async def test_add_service(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Appended to the layout; the English name falls back to the Chinese one."""
    result = await start_sub(hass, entry, "service")
    assert_form(result, "user")
    result = await configure(hass, result, SERVICE_INPUT)
    assert_saved(result, entry)
    assert options_of(entry, "services")[-1] == {
        "id": "passport",
        "prefix": "E",
        "name": {"zh-Hans": "出入境证件", "en": "出入境证件"},
        "target_wait": 12.0,
        "daily_cap": None,
        "handling_time": 3.5,
    }
    assert entry.options["recall_limit"] == 3  # the tuning stays


async def test_a_service_with_its_own_appointment_window(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Saved with the service, shown again when it is edited, and dropped when emptied."""
    result = await start_sub(hass, entry, "service")
    result = await configure(hass, result, {**SERVICE_INPUT, "appointment_early": 60, "appointment_late": 0})
    assert_saved(result, entry)
    saved = options_of(entry, "services")[-1]
    assert (saved["appointment_early"], saved["appointment_late"]) == (60.0, 0.0)
    result = await start_sub(hass, entry, "service", "passport")
    assert (suggested(result, "appointment_early"), suggested(result, "appointment_late")) == (60.0, 0.0)
    details = {k: v for k, v in SERVICE_INPUT.items() if k != "id"}
    result = await configure(hass, result, details)
    assert_saved(result, entry)
    assert "appointment_early" not in options_of(entry, "services")[-1]


@pytest.mark.parametrize(
    ("changes", "errors", "placeholders"),
    [
        ({"id": "tax"}, {"id": "service_exists"}, {"service": "tax"}),
        ({"id": "税务"}, {"id": "layout_invalid"}, {"where": "service.id"}),
        ({"prefix": "1A"}, {"prefix": "layout_invalid"}, {"where": "service.prefix"}),
        ({"name_zh": "  "}, {"name_zh": "layout_invalid"}, {"where": "service.name"}),
    ],
)
async def test_add_service_errors(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    changes: dict[str, Any],
    errors: dict[str, str],
    placeholders: dict[str, str],
) -> None:
    """Errors on the field they are about; the corrected form saves."""
    before = dict(entry.options)
    result = await start_sub(hass, entry, "service")
    result = await configure(hass, result, {**SERVICE_INPUT, **changes})
    assert_form(result, "user", errors)
    assert placeholders.items() <= result["description_placeholders"].items()
    assert entry.options == before
    result = await configure(hass, result, SERVICE_INPUT)
    assert_saved(result, entry)


async def test_edit_service(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Prefilled fields, errors, save; the id stays, and so does the order."""
    result = await start_sub(hass, entry, "service", "social_insurance")
    assert_form(result, "reconfigure")
    assert result["description_placeholders"]["service"] == "social_insurance"
    assert suggested(result, "prefix") == "B"
    assert suggested(result, "name_en") == "Social insurance"
    assert suggested(result, "daily_cap") == 3
    assert "id" not in {str(key) for key in result["data_schema"].schema}

    details = {
        "prefix": "B",
        "name_zh": "社保",
        "name_en": "Social security",
        "target_wait": 20,
        "daily_cap": 0,
        "handling_time": 6,
    }
    result = await configure(hass, result, {**details, "prefix": "BB12"})
    assert_form(result, "reconfigure", {"prefix": "layout_invalid"})
    assert result["description_placeholders"]["service"] == "social_insurance"
    assert suggested(result, "prefix") == "BB12"

    result = await configure(hass, result, details)
    assert_saved(result, entry)
    services = {s["id"]: s for s in options_of(entry, "services")}
    assert list(services) == ["household", "social_insurance", "tax", "business", "notary"]  # order kept
    assert services["social_insurance"] == {
        "id": "social_insurance",
        "prefix": "B",
        "name": {"zh-Hans": "社保", "en": "Social security"},
        "target_wait": 20.0,
        "daily_cap": None,
        "handling_time": 6.0,
    }
    assert subentry_of(entry, "service", "social_insurance").title == "social_insurance — 社保"


async def test_service_labels_in_english(hass: HomeAssistant) -> None:
    """A hall in English lists English names, in its windows' service picker and its titles."""
    english = make_entry()
    english.add_to_hass(hass)
    result = await english.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**USER_INPUT, "name": "石排政务服务中心", "language": "en"}
    )
    assert_aborted(result, "reconfigure_successful")
    assert subentry_of(english, "service", "tax").title == "tax — Tax"  # retitled in English
    result = await start_sub(hass, english, "window")
    labels = [o["label"] for o in result["data_schema"].schema["services"].config["options"]]
    assert labels[0] == "business — Business registration"
    result = await configure(hass, result, {"number": 8, "services": ["tax"]})
    result = await start_sub(hass, english, "service", "tax")
    result = await configure(hass, result, {**form_of(english, "tax"), "name_en": "Taxes"})
    assert_saved(result, english)
    assert subentry_of(english, "service", "tax").title == "tax — Taxes"


def form_of(entry: MockConfigEntry, service: str) -> dict[str, Any]:
    """A service's reconfigure form, as shown."""
    item = subentry_of(entry, "service", service).data
    return {
        "prefix": item["prefix"],
        "name_zh": item["name"]["zh-Hans"],
        "name_en": item["name"]["en"],
        "target_wait": item["target_wait"],
        "daily_cap": item["daily_cap"] or 0,
        "handling_time": item["handling_time"],
    }


async def delete(hass: HomeAssistant, entry: MockConfigEntry, kind: str, item: str) -> None:
    """Delete a subentry as Home Assistant's UI does (no question to the integration)."""
    hass.config_entries.async_remove_subentry(entry, subentry_of(entry, kind, item).subentry_id)
    await hass.async_block_till_done()


def refusal(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    """The repair issue telling the last refused deletion, if any."""
    return ir.async_get(hass).async_get_issue(DOMAIN, f"removal_refused_{entry.entry_id}")


def assert_refused(hass: HomeAssistant, entry: MockConfigEntry, key: str, **placeholders: str) -> None:
    """A repair issue tells the refusal, with these placeholders, translated in both languages."""
    issue = refusal(hass, entry)
    assert issue is not None and issue.translation_key == f"removal_refused_{key}"
    given = issue.translation_placeholders or {}
    assert placeholders.items() <= given.items(), given
    for name in LANGUAGE_FILES:
        for text in translations(name)["issues"][issue.translation_key].values():
            assert placeholders_of(text) <= set(given), (name, text)


async def test_deleting_a_service_a_window_serves(hass: HomeAssistant, busy_hall: MockConfigEntry) -> None:
    """Put back at once with the same data and unique id, told in a repair issue; the hall keeps
    running without a reload. A service nobody needs goes, and the issue with it."""
    before = busy_hall.runtime_data
    saved = dict(subentry_of(busy_hall, "service", "social_insurance").data)
    await delete(hass, busy_hall, "service", "social_insurance")
    assert dict(subentry_of(busy_hall, "service", "social_insurance").data) == saved
    assert busy_hall.runtime_data is before  # not reloaded
    assert_refused(
        hass, busy_hall, "service_used_by_window", windows="1, 5", item="social_insurance — 社保医保"
    )
    layout = layout_of(busy_hall)
    parse_layout(layout)

    # A service with an open ticket (N001) stays too, then goes once the ticket is cancelled.
    await delete(hass, busy_hall, "service", "notary")
    assert_refused(hass, busy_hall, "service_in_use", service="notary")
    assert "notary" in busy_hall.runtime_data.hall.layout.services
    await act(hass, "cancel", ticket="N001")
    await delete(hass, busy_hall, "service", "notary")
    assert refusal(hass, busy_hall) is None
    assert busy_hall.state is ConfigEntryState.LOADED
    assert busy_hall.runtime_data is not before  # reloaded
    assert "notary" not in busy_hall.runtime_data.hall.layout.services
    assert busy_hall.runtime_data.hall.state.window(3).ticket == "D001"  # the day survived


# ---------------------------------------------------------------------------- options: windows


async def test_add_window(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Services from a sorted list; weights in Chinese punctuation too."""
    result = await start_sub(hass, entry, "window")
    assert_form(result, "user")
    options = result["data_schema"].schema["services"].config["options"]
    assert options[0] == {"value": "business", "label": "business — 商事登记"}

    result = await configure(
        hass,
        result,
        {
            "number": 7.0,
            "name": " 综合窗口二 ",
            "services": ["tax", "household"],
            "weights": "TAX=2，household：0.5",
        },
    )
    assert_saved(result, entry)
    assert options_of(entry, "windows")[-1] == {
        "number": 7,
        "name": "综合窗口二",
        "services": {"tax": 2.0, "household": 0.5},
    }


@pytest.mark.parametrize(
    ("changes", "errors", "placeholders"),
    [
        ({"number": 2}, {"number": "window_exists"}, {"window": "2"}),
        ({"weights": "tax=0"}, {"weights": "weights_invalid"}, {"entry": "tax=0"}),
        ({"weights": "tax=1, business=2"}, {"weights": "weights_invalid"}, {"entry": "business=2"}),
        ({"weights": "tax 2"}, {"weights": "weights_invalid"}, {"entry": "tax 2"}),
        ({"services": []}, {"services": "layout_invalid"}, {"where": "window.services"}),
    ],
)
async def test_add_window_errors(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    changes: dict[str, Any],
    errors: dict[str, str],
    placeholders: dict[str, str],
) -> None:
    """Errors on their field; the corrected form saves."""
    good = {"number": 9, "services": ["tax"], "weights": ""}
    result = await start_sub(hass, entry, "window")
    result = await configure(hass, result, {**good, **changes})
    assert_form(result, "user", errors)
    assert placeholders.items() <= result["description_placeholders"].items()
    result = await configure(hass, result, good)
    assert_saved(result, entry)
    assert options_of(entry, "windows")[-1] == {"number": 9, "name": "", "services": {"tax": 1.0}}


async def test_edit_window(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Weights shown as text, errors, save; the number stays."""
    result = await start_sub(hass, entry, "window", "2")
    assert_form(result, "reconfigure")
    assert result["description_placeholders"]["window"] == "2"
    assert "number" not in {str(key) for key in result["data_schema"].schema}
    assert suggested(result, "name") == "综合窗口"
    assert suggested(result, "services") == ["tax", "business", "household"]
    assert suggested(result, "weights") == "tax=2"
    assert suggested(result, "seat_zone") == "window_02_seat"
    assert suggested(result, "camera") == "hall_cam_a"
    assert suggested(result, "frigate") == "frigate"
    assert suggested(result, "presence_entity") is None

    result = await configure(hass, result, {"services": ["tax"], "weights": "tax=-1"})
    assert_form(result, "reconfigure", {"weights": "weights_invalid"})

    result = await configure(
        hass, result, {"name": "", "services": ["tax", "notary"], "weights": "notary=1.5"}
    )
    assert_saved(result, entry)
    windows = {w["number"]: w for w in options_of(entry, "windows")}
    assert list(windows) == [1, 2, 3, 5]
    assert windows[2] == {"number": 2, "name": "", "services": {"tax": 1.0, "notary": 1.5}}


FRIGATE_URL = "http://frigate:5000"
WINDOW_7: dict[str, Any] = {"number": 7, "services": ["tax"]}


def frigate_entry(hass: HomeAssistant, url: str = FRIGATE_URL) -> MockConfigEntry:
    """The sample hall with Frigate's address in its options."""
    config_entry = make_entry(frigate_url=url)
    config_entry.add_to_hass(hass)
    return config_entry


async def test_add_window_supervised(hass: HomeAssistant, frigate: MagicMock) -> None:
    """A seat zone Frigate knows, its camera and sensors are saved, trimmed."""
    entry = frigate_entry(hass)
    result = await start_sub(hass, entry, "window")
    result = await configure(
        hass,
        result,
        {
            **WINDOW_7,
            "seat_zone": " window_07_seat ",
            "camera": " hall_cam_b",
            "frigate": "frigate",
            "presence_entity": "binary_sensor.window_7_radar",
            "phone_entity": "binary_sensor.window_7_phone",
        },
    )
    assert_saved(result, entry)
    assert frigate.call_args.args[1] == FRIGATE_URL
    frigate.return_value.zones.assert_awaited_once()
    assert options_of(entry, "windows")[-1] == {
        "number": 7,
        "name": "",
        "services": {"tax": 1.0},
        "seat_zone": "window_07_seat",
        "camera": "hall_cam_b",
        "presence_entity": "binary_sensor.window_7_radar",
        "phone_entity": "binary_sensor.window_7_phone",
    }


async def test_add_window_presence_sensor_only(hass: HomeAssistant, frigate: MagicMock) -> None:
    """A window watched by a Home Assistant sensor alone: Frigate is not asked."""
    entry = frigate_entry(hass)
    result = await start_sub(hass, entry, "window")
    result = await configure(hass, result, {**WINDOW_7, "presence_entity": "binary_sensor.window_7_radar"})
    assert_saved(result, entry)
    frigate.assert_not_called()
    assert options_of(entry, "windows")[-1] == {
        "number": 7,
        "name": "",
        "services": {"tax": 1.0},
        "presence_entity": "binary_sensor.window_7_radar",
    }


async def test_add_window_unknown_seat_zone(hass: HomeAssistant, frigate: MagicMock) -> None:
    """A zone Frigate does not know is reported with the zones it knows; submitted again, it is kept."""
    entry = frigate_entry(hass)
    result = await start_sub(hass, entry, "window")
    result = await configure(hass, result, {**WINDOW_7, "seat_zone": "window_7_seat"})
    assert_form(result, "user", {"seat_zone": "seat_zone_unknown"})
    assert result["description_placeholders"]["zones"] == (
        "window_01_seat (hall_cam_a), window_02_seat (hall_cam_a), window_07_seat (hall_cam_b, hall_cam_c)"
    )
    assert suggested(result, "seat_zone") == "window_7_seat"
    assert len(options_of(entry, "windows")) == 4

    # Another unknown zone is reported too; the corrected name saves.
    result = await configure(hass, result, {**WINDOW_7, "seat_zone": "window_7"})
    assert_form(result, "user", {"seat_zone": "seat_zone_unknown"})
    result = await configure(hass, result, {**WINDOW_7, "seat_zone": "window_07_seat"})
    assert_saved(result, entry)
    assert options_of(entry, "windows")[-1]["seat_zone"] == "window_07_seat"
    assert frigate.return_value.zones.await_count == 3


async def test_add_window_unknown_seat_zone_kept(hass: HomeAssistant, frigate: MagicMock) -> None:
    """A zone still to be drawn in Frigate is kept when submitted again after the warning."""
    frigate.return_value.zones.return_value = {}
    entry = frigate_entry(hass)
    result = await start_sub(hass, entry, "window")
    result = await configure(hass, result, {**WINDOW_7, "seat_zone": "window_07_seat"})
    assert_form(result, "user", {"seat_zone": "seat_zone_unknown"})
    assert result["description_placeholders"]["zones"] == "—"
    result = await configure(hass, result, {**WINDOW_7, "seat_zone": "window_07_seat"})
    assert_saved(result, entry)
    assert options_of(entry, "windows")[-1]["seat_zone"] == "window_07_seat"
    assert frigate.return_value.zones.await_count == 1


async def test_add_window_seat_zone_frigate_unreachable(hass: HomeAssistant, frigate: MagicMock) -> None:
    """Frigate not answering does not hold up the layout: the zone is accepted."""
    frigate.return_value.zones.side_effect = FrigateError("Frigate did not answer /api/config within 10 s")
    entry = frigate_entry(hass)
    result = await start_sub(hass, entry, "window")
    result = await configure(hass, result, {**WINDOW_7, "seat_zone": "window_7_seat"})
    assert_saved(result, entry)
    frigate.return_value.zones.assert_awaited_once()
    assert options_of(entry, "windows")[-1]["seat_zone"] == "window_7_seat"


@pytest.mark.parametrize(
    ("options", "window"),
    [
        ({}, {"seat_zone": "window_7_seat"}),  # no Frigate address: no HTTP checks
        ({"frigate_url": ""}, {"seat_zone": "window_7_seat"}),
        ({"frigate_url": FRIGATE_URL}, {"seat_zone": "window_7_seat", "frigate": "frigate_b"}),
    ],
)
async def test_add_window_seat_zone_not_checked(
    hass: HomeAssistant, frigate: MagicMock, options: dict[str, Any], window: dict[str, Any]
) -> None:
    """Without Frigate's address, or for a window of another Frigate server, any zone is accepted."""
    entry = make_entry(**options)
    entry.add_to_hass(hass)
    result = await start_sub(hass, entry, "window")
    result = await configure(hass, result, {**WINDOW_7, **window})
    assert_saved(result, entry)
    frigate.assert_not_called()
    assert options_of(entry, "windows")[-1] == {
        "number": 7,
        "name": "",
        "services": {"tax": 1.0},
        **window,
    }


@pytest.mark.parametrize(
    ("changes", "field", "where"),
    [
        ({"seat_zone": "window 7 seat"}, "seat_zone", "window.seat_zone"),
        ({"seat_zone": "座位"}, "seat_zone", "window.seat_zone"),
        ({"frigate": "frigate/#"}, "frigate", "window.frigate"),
        ({"frigate": "frigate b"}, "frigate", "window.frigate"),
    ],
)
async def test_add_window_supervision_errors(
    hass: HomeAssistant, frigate: MagicMock, changes: dict[str, Any], field: str, where: str
) -> None:
    """Zone names and topic prefixes go through the layout's checks, before Frigate is asked."""
    entry = frigate_entry(hass)
    result = await start_sub(hass, entry, "window")
    result = await configure(hass, result, {**WINDOW_7, **changes})
    assert_form(result, "user", {field: "layout_invalid"})
    assert result["description_placeholders"]["where"] == where
    frigate.assert_not_called()


async def test_add_window_sensor_must_be_binary(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Presence and phone sensors are binary sensors: the form refuses other entities."""
    result = await start_sub(hass, entry, "window")
    for field in ("presence_entity", "phone_entity"):
        with pytest.raises(InvalidData):
            await configure(hass, result, {**WINDOW_7, field: "sensor.window_7_distance"})


async def test_edit_window_supervision(hass: HomeAssistant, frigate: MagicMock) -> None:
    """Prefilled; a kept zone is not asked about again; a new one is checked; fields can be cleared."""
    frigate.return_value.zones.return_value = {"window_02_seat": ["hall_cam_a"]}
    entry = frigate_entry(hass)
    result = await start_sub(hass, entry, "window", "5")
    assert_form(result, "reconfigure")
    assert suggested(result, "seat_zone") == "window_05_seat"
    assert suggested(result, "frigate") == "frigate_b"
    assert suggested(result, "camera") is None

    # Moved to the Frigate whose address is known, its zone is checked there.
    details = {"services": ["business", "social_insurance"], "seat_zone": "window_05_seat", "camera": "cam_d"}
    result = await configure(hass, result, details)
    assert_form(result, "reconfigure", {"seat_zone": "seat_zone_unknown"})
    frigate.return_value.zones.assert_awaited_once()
    # Left on its own Frigate server (whose address is not in the options), any zone is accepted.
    result = await configure(hass, result, {**details, "seat_zone": "window_5_seat", "frigate": "frigate_b"})
    assert_saved(result, entry)
    frigate.return_value.zones.assert_awaited_once()
    windows = {w["number"]: w for w in options_of(entry, "windows")}
    assert windows[5] == {
        "number": 5,
        "name": "",
        "services": {"business": 1.0, "social_insurance": 1.0},
        "seat_zone": "window_5_seat",
        "camera": "cam_d",
        "frigate": "frigate_b",
    }

    # Window 1 keeps its zone (unknown to Frigate now) and its camera changes: the saved zone is
    # not asked about again (a repair issue reports it).
    frigate.return_value.zones.side_effect = AssertionError("not asked")
    result = await start_sub(hass, entry, "window", "1")
    result = await configure(
        hass, result, {"services": ["household"], "seat_zone": "window_01_seat", "camera": "hall_cam_z"}
    )
    assert_saved(result, entry)
    assert options_of(entry, "windows")[0]["camera"] == "hall_cam_z"
    frigate.return_value.zones.side_effect = None

    # Window 3 gets a seat zone Frigate does not know, then one it knows; its sensors are cleared.
    result = await start_sub(hass, entry, "window", "3")
    assert suggested(result, "presence_entity") == "binary_sensor.window_3_radar"
    assert suggested(result, "phone_entity") == "binary_sensor.window_3_phone"
    assert suggested(result, "seat_zone") is None
    result = await configure(hass, result, {"services": ["tax"], "seat_zone": "window_03_seat"})
    assert_form(result, "reconfigure", {"seat_zone": "seat_zone_unknown"})
    assert {"window": "3", "entry": "", "zones": "window_02_seat (hall_cam_a)"}.items() <= result[
        "description_placeholders"
    ].items()
    result = await configure(hass, result, {"services": ["tax"], "seat_zone": "window 3"})
    assert_form(result, "reconfigure", {"seat_zone": "layout_invalid"})
    result = await configure(hass, result, {"services": ["tax"], "seat_zone": "window_02_seat"})
    assert_saved(result, entry)
    windows = {w["number"]: w for w in options_of(entry, "windows")}
    assert windows[3] == {"number": 3, "name": "", "services": {"tax": 1.0}, "seat_zone": "window_02_seat"}
    assert frigate.return_value.zones.await_count == 3


async def test_a_layout_broken_behind_the_flows_back(hass: HomeAssistant, busy_hall: MockConfigEntry) -> None:
    """A subentry changed by other means than the flows into an invalid layout: the hall reloads
    and its setup fails, naming the problem (nothing is put back)."""
    window_3 = subentry_of(busy_hall, "window", "3")
    hass.config_entries.async_update_subentry(
        busy_hall, window_3, data={**window_3.data, "services": ["nope"]}
    )
    await hass.async_block_till_done()
    assert busy_hall.state is ConfigEntryState.SETUP_ERROR
    # Told in the hall's words (the layout_invalid message), not as a Python exception.
    assert busy_hall.error_reason_translation_key == "layout_invalid"
    assert busy_hall.error_reason_translation_placeholders == {
        "where": "windows[2].services",
        "problem": "unknown service nope",
    }
    assert refusal(hass, busy_hall) is None


async def test_deleting_a_window_of_a_hall_not_running(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Nothing to refuse: it goes."""
    await delete(hass, entry, "window", "3")
    assert [w["number"] for w in options_of(entry, "windows")] == [1, 2, 5]
    assert refusal(hass, entry) is None


async def test_deleting_a_window_in_use(hass: HomeAssistant, busy_hall: MockConfigEntry) -> None:
    """A window holding a ticket is put back; another one goes and the hall reloads."""
    await delete(hass, busy_hall, "window", "3")
    assert_refused(hass, busy_hall, "window_in_use", window="3", ticket="D001")
    assert [w["number"] for w in options_of(busy_hall, "windows")] == [1, 2, 5, 3]
    await delete(hass, busy_hall, "window", "5")
    assert busy_hall.state is ConfigEntryState.LOADED
    assert list(busy_hall.runtime_data.hall.layout.windows) == [1, 2, 3]
    assert busy_hall.runtime_data.hall.state.window(3).ticket == "D001"


# ---------------------------------------------------------------------------- options: staff


async def test_add_staff(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A new officer; department and photo are optional."""
    result = await start_sub(hass, entry, "staff_member")
    assert_form(result, "user")
    result = await configure(
        hass, result, {"staff_number": " SP2001 ", "name": "赵敏", "department": "医保局"}
    )
    assert_saved(result, entry)
    assert options_of(entry, "staff")[-1] == {
        "staff_number": "SP2001",
        "name": "赵敏",
        "department": "医保局",
        "photo": "",
    }


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"staff_number": "SP1001"}, {"staff_number": "staff_exists"}),
        ({"name": " "}, {"name": "layout_invalid"}),
    ],
)
async def test_add_staff_errors(
    hass: HomeAssistant, entry: MockConfigEntry, changes: dict[str, Any], errors: dict[str, str]
) -> None:
    """Errors on their field; the corrected form saves."""
    good = {"staff_number": "SP2002", "name": "孙丽"}
    result = await start_sub(hass, entry, "staff_member")
    result = await configure(hass, result, {**good, **changes})
    assert_form(result, "user", errors)
    result = await configure(hass, result, good)
    assert_saved(result, entry)


async def test_edit_staff(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Prefilled, errors, save; the staff number stays."""
    result = await start_sub(hass, entry, "staff_member", "SP1001")
    assert_form(result, "reconfigure")
    assert suggested(result, "name") == "李明"
    assert suggested(result, "photo") == "/local/staff/sp1001.svg"

    result = await configure(hass, result, {"name": ""})
    assert_form(result, "reconfigure", {"name": "layout_invalid"})
    assert result["description_placeholders"]["staff"] == "SP1001"

    result = await configure(hass, result, {"name": "李明明", "department": "公安分局"})
    assert_saved(result, entry)
    assert options_of(entry, "staff")[0] == {
        "staff_number": "SP1001",
        "name": "李明明",
        "department": "公安分局",
        "photo": "",
    }


async def test_deleting_a_staff_member_signed_in(hass: HomeAssistant, busy_hall: MockConfigEntry) -> None:
    """An officer signed in at a window is put back; one signed out goes."""
    await delete(hass, busy_hall, "staff_member", "SP1003")
    assert_refused(hass, busy_hall, "staff_signed_in", staff="SP1003", window="3")
    assert "SP1003" in [p["staff_number"] for p in options_of(busy_hall, "staff")]
    await delete(hass, busy_hall, "staff_member", "SP1002")
    assert busy_hall.state is ConfigEntryState.LOADED
    assert sorted(busy_hall.runtime_data.hall.layout.staff) == ["SP1001", "SP1003", "SP1004"]


# ---------------------------------------------------------------------------- options: window tablets


async def test_window_tablets(hass: HomeAssistant, entry: MockConfigEntry, hass_owner_user: User) -> None:
    """Ordinary users are bound to a window, moved and unbound; unknown windows are refused."""
    tablet = await hass.auth.async_create_user("窗口3平板", group_ids=["system-users"])
    kiosk = await hass.auth.async_create_user("Kiosk", group_ids=["system-users"])
    # Never offered: administrators (the owner too), inactive users, Home Assistant's own users.
    await hass.auth.async_create_user("Admin", group_ids=["system-admin"])
    inactive = await hass.auth.async_create_user("Former tablet", group_ids=["system-users"])
    await hass.auth.async_deactivate_user(inactive)
    await hass.auth.async_create_system_user("Supervisor add-on")
    result = await start_options(hass, entry, "window_tablets")
    assert_form(result, "window_tablets")
    offered = result["data_schema"].schema["user"].config["options"]
    assert offered == [{"value": kiosk.id, "label": "Kiosk"}, {"value": tablet.id, "label": "窗口3平板"}]
    assert result["description_placeholders"] == {"tablets": "—", "window": ""}
    result = await configure(hass, result, {"user": tablet.id, "window": "4"})
    assert_form(result, "window_tablets", {"window": "unknown_window"})
    assert result["description_placeholders"]["window"] == "4"
    result = await configure(hass, result, {"user": tablet.id, "window": "3"})
    assert_saved(result, entry)
    assert entry.options["window_tablets"] == {tablet.id: 3}
    for user, window in ((kiosk, "1"), (tablet, " 5 ")):
        result = await start_options(hass, entry, "window_tablets")
        result = await configure(hass, result, {"user": user.id, "window": window})
        assert_saved(result, entry)
    assert entry.options["window_tablets"] == {kiosk.id: 1, tablet.id: 5}
    result = await start_options(hass, entry, "window_tablets")
    assert result["description_placeholders"]["tablets"] == "Kiosk → 1, 窗口3平板 → 5"
    # No window: unbound.
    result = await configure(hass, result, {"user": kiosk.id})
    assert_saved(result, entry)
    assert entry.options["window_tablets"] == {tablet.id: 5}
    with pytest.raises(InvalidData):
        result = await start_options(hass, entry, "window_tablets")
        await configure(hass, result, {"user": inactive.id, "window": "1"})


async def test_window_tablets_never_bind_an_administrator(
    hass: HomeAssistant, entry: MockConfigEntry, hass_owner_user: User
) -> None:
    """A user made administrator while the form is open is refused, and loses its binding."""
    tablet = await hass.auth.async_create_user("Tablet", group_ids=["system-users"])
    kiosk = await hass.auth.async_create_user("Kiosk", group_ids=["system-users"])
    hass.config_entries.async_update_entry(
        entry, options={**entry.options, "window_tablets": {tablet.id: 3, kiosk.id: 1}}
    )
    result = await start_options(hass, entry, "window_tablets")
    await hass.auth.async_update_user(tablet, group_ids=["system-admin"])
    result = await configure(hass, result, {"user": tablet.id, "window": "2"})
    assert_form(result, "window_tablets", {"user": "tablet_user_unknown"})
    assert result["description_placeholders"]["tablets"] == "Kiosk → 1"
    result = await configure(hass, result, {"user": kiosk.id, "window": "2"})
    assert_saved(result, entry)
    assert entry.options["window_tablets"] == {kiosk.id: 2}


# ---------------------------------------------------------------------------- options: import


async def test_import_layout(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A file replaces services, windows and staff; the tuning stays."""
    hass.config_entries.async_update_entry(entry, options={**entry.options, "recall_limit": 7})
    write(hass, "service_hall/small.yaml", SMALL_LAYOUT_YAML)
    result = await start_options(hass, entry, "import_layout")
    assert_form(result, "import_layout")

    result = await configure(hass, result, {"layout_file": "service_hall/none.yaml"})
    assert_form(result, "import_layout", {"layout_file": "layout_file_not_found"})
    assert result["description_placeholders"] == {"path": "service_hall/none.yaml"}

    result = await configure(hass, result, {"layout_file": " service_hall/small.yaml "})
    assert_saved(result, entry)
    assert entry.options["recall_limit"] == 7
    assert [s["id"] for s in options_of(entry, "services")] == ["household", "notary"]
    assert [w["number"] for w in options_of(entry, "windows")] == [1, 2]
    assert [p["staff_number"] for p in options_of(entry, "staff")] == ["SP9001"]


async def test_import_layout_in_use(hass: HomeAssistant, busy_hall: MockConfigEntry) -> None:
    """Refused while it would drop a service with open tickets or a window holding one."""
    write(hass, "small.yaml", SMALL_LAYOUT_YAML)
    layout = layout_options()
    layout["windows"] = [w for w in layout["windows"] if w["number"] != 3]
    write(hass, "no_window_3.yaml", yaml.safe_dump(layout, allow_unicode=True))

    result = await start_options(hass, busy_hall, "import_layout")
    result = await configure(hass, result, {"layout_file": "small.yaml"})
    assert_form(result, "import_layout", {"layout_file": "service_in_use"})
    assert result["description_placeholders"] == {"service": "tax"}

    result = await configure(hass, result, {"layout_file": "no_window_3.yaml"})
    assert_form(result, "import_layout", {"layout_file": "window_in_use"})
    assert result["description_placeholders"] == {"window": "3", "ticket": "D001"}

    await act(hass, "start", window=3)
    await act(hass, "complete", window=3)
    result = await configure(hass, result, {"layout_file": "no_window_3.yaml"})
    assert_saved(result, busy_hall)
    await hass.async_block_till_done()
    assert busy_hall.state is ConfigEntryState.LOADED
    assert list(busy_hall.runtime_data.hall.layout.windows) == [1, 2, 5]


# ---------------------------------------------------------------------------- window units


async def test_window_unit_field(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A unit typed by hand: kept in lowercase, shown again, one window per unit, validated."""
    result = await start_sub(hass, entry, "window")
    good = {"number": 9, "services": ["tax"]}
    result = await configure(hass, result, {**good, "unit": "window-unit-01"})
    assert_form(result, "user", {"unit": "unit_in_use"})
    assert result["description_placeholders"]["window"] == "1"
    result = await configure(hass, result, {**good, "unit": "window_unit_09"})
    assert_form(result, "user", {"unit": "layout_invalid"})
    result = await configure(hass, result, {**good, "unit": " Window-Unit-09 "})
    assert_saved(result, entry)
    assert options_of(entry, "windows")[-1]["unit"] == "window-unit-09"

    result = await start_sub(hass, entry, "window", "1")
    assert suggested(result, "unit") == "window-unit-01"
    result = await configure(hass, result, {"services": ["household"], "unit": "window-unit-09"})
    assert_form(result, "reconfigure", {"unit": "unit_in_use"})
    result = await configure(hass, result, {"services": ["household"], "unit": "window-unit-01"})
    assert_saved(result, entry)
    assert options_of(entry, "windows")[0]["unit"] == "window-unit-01"


def unit_info(node: str = "window-unit-07", mac: str | None = "A8:03:2A:00:00:07") -> ZeroconfServiceInfo:
    """What ESPHome announces for a window unit (the fields both Home Assistant versions require)."""
    properties = {
        "project_name": "servicehall.window_unit",
        "project_version": "1.0.0",
        "friendly_name": "Window unit 07",
        "version": "2026.1.0",
        "platform": "ESP32",
        "network": "wifi",
    }
    if mac is not None:
        properties["mac"] = mac.replace(":", "").lower()
    address = ip_address("192.168.10.57")
    return ZeroconfServiceInfo(
        ip_address=address,
        ip_addresses=[address],
        port=6053,
        hostname=f"{node}.local.",
        type="_esphomelib._tcp.local.",
        name=f"{node}._esphomelib._tcp.local.",
        properties=properties,
    )


async def discover(hass: HomeAssistant, info: ZeroconfServiceInfo | None = None) -> ConfigFlowResult:
    """A unit announces itself."""
    return await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=info or unit_info()
    )


async def assign(
    hass: HomeAssistant, result: ConfigFlowResult, user_input: dict[str, Any]
) -> ConfigFlowResult:
    """Submit a form of the discovery flow."""
    return await hass.config_entries.flow.async_configure(result["flow_id"], user_input)


def units_of(entry: MockConfigEntry) -> dict[int, str]:
    """The units of a hall's windows."""
    return {w["number"]: w["unit"] for w in options_of(entry, "windows") if "unit" in w}


async def test_zeroconf_assigns_unit(hass: HomeAssistant, hall_time: FrozenDateTimeFactory) -> None:
    """A new unit: the window picker shows current units; the chosen window gets it, the hall reloads."""
    hall = make_entry()
    hall.add_to_hass(hass)
    assert await hass.config_entries.async_setup(hall.entry_id)
    await hass.async_block_till_done()
    running = hall.runtime_data

    result = await discover(hass)
    assert_form(result, "assign_unit")
    assert result["description_placeholders"] == {
        "unit": "window-unit-07",
        "hall": "石排政务服务中心",
        "where": "",
        "problem": "",
    }
    flow = hass.config_entries.flow.async_get(result["flow_id"])
    assert flow["context"]["title_placeholders"] == {"name": "Window unit 07 (window-unit-07)"}
    assert flow["context"]["unique_id"] == "unit_a8032a000007"
    assert result["data_schema"].schema["window"].config["options"] == [
        {"value": "1", "label": "1 (window-unit-01)"},
        {"value": "2", "label": "2 — 综合窗口"},
        {"value": "3", "label": "3"},
        {"value": "5", "label": "5"},
    ]
    with pytest.raises(InvalidData):
        await assign(hass, result, {"window": "4"})

    result = await assign(hass, result, {"window": "5"})
    assert_aborted(result, "unit_assigned")
    assert result["description_placeholders"] == {
        "unit": "window-unit-07",
        "window": "5",
        "hall": "石排政务服务中心",
    }
    assert units_of(hall) == {1: "window-unit-01", 5: "window-unit-07"}
    parse_layout(dict(hall.options))
    await hass.async_block_till_done()
    assert hall.state is ConfigEntryState.LOADED
    assert hall.runtime_data is not running  # reloaded
    assert hall.runtime_data.hall.layout.windows[5].unit == "window-unit-07"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1  # no entry for a unit


async def test_zeroconf_renamed_unit(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A renamed unit comes as a new one; assigned to its window, it replaces the old name there."""
    result = await discover(hass, unit_info("window-unit-11", mac="a8032a000001"))
    assert_form(result, "assign_unit")
    result = await assign(hass, result, {"window": "1"})
    assert_aborted(result, "unit_assigned")
    assert units_of(entry) == {1: "window-unit-11"}
    assert options_of(entry, "windows")[0]["seat_zone"] == "window_01_seat"  # the rest of the window stays


async def test_zeroconf_unit_already_assigned(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A unit that drives a window already is left alone."""
    result = await discover(hass, unit_info("window-unit-01"))
    assert_aborted(result, "unit_already_assigned")
    assert result["description_placeholders"] == {
        "unit": "window-unit-01",
        "window": "1",
        "hall": "石排政务服务中心",
    }


async def test_zeroconf_assigned_meanwhile(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A unit assigned by hand while its form is open is not assigned twice."""
    result = await discover(hass)
    assert_form(result, "assign_unit")
    window_3 = subentry_of(entry, "window", "3")
    hass.config_entries.async_update_subentry(
        entry, window_3, data={**window_3.data, "unit": "window-unit-07"}, title="3 (window-unit-07)"
    )
    result = await assign(hass, result, {"window": "2"})
    assert_aborted(result, "unit_already_assigned")
    assert result["description_placeholders"]["window"] == "3"
    assert units_of(entry) == {1: "window-unit-01", 3: "window-unit-07"}


async def test_zeroconf_no_hall(hass: HomeAssistant) -> None:
    """Without a hall (an ignored unit or a disabled hall is none) there is nothing to assign to."""
    MockConfigEntry(domain=DOMAIN, source=SOURCE_IGNORE, unique_id="unit_a8032a000009").add_to_hass(hass)
    disabled = make_entry()
    disabled.disabled_by = ConfigEntryDisabler.USER
    disabled.add_to_hass(hass)
    result = await discover(hass)
    assert_aborted(result, "no_hall")


async def test_zeroconf_ignored_unit(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A unit the user ignored stays ignored."""
    MockConfigEntry(domain=DOMAIN, source=SOURCE_IGNORE, unique_id="unit_a8032a000007").add_to_hass(hass)
    result = await discover(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_zeroconf_no_window(hass: HomeAssistant) -> None:
    """Halls without windows: the unit has to wait."""
    make_entry(EMPTY_LAYOUT).add_to_hass(hass)
    result = await discover(hass)
    assert_aborted(result, "no_window")


async def test_zeroconf_not_a_node_name(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A host name the layout would refuse as a unit."""
    result = await discover(hass, unit_info("Window_Unit_07"))
    assert_aborted(result, "unit_name_invalid")
    assert result["description_placeholders"] == {"unit": "window_unit_07"}


async def test_zeroconf_duplicate(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """The same unit announced again (by MAC, or by name without one) while its form is open."""
    result = await discover(hass)
    assert_form(result, "assign_unit")
    again = await discover(hass, unit_info("window-unit-07-renamed"))
    assert_aborted(again, "already_in_progress")

    result = await discover(hass, unit_info("window-unit-08", mac=None))
    assert_form(result, "assign_unit")
    assert (
        hass.config_entries.flow.async_get(result["flow_id"])["context"]["unique_id"] == "unit_window-unit-08"
    )
    again = await discover(hass, unit_info("window-unit-08", mac=None))
    assert_aborted(again, "already_in_progress")


async def test_zeroconf_two_halls(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """With several halls the hall is asked first (halls without windows are not offered)."""
    second = MockConfigEntry(
        domain=DOMAIN,
        title="东城政务服务中心",
        unique_id="dong_cheng",
        entry_id="01JSERVICEHALL0000000000002",
        data=entry_data(),
        options=copy.deepcopy(TUNING_DEFAULTS),
        subentries_data=subentries_of(layout_options(), "zh-Hans"),
        version=2,
    )
    second.add_to_hass(hass)
    make_entry(EMPTY_LAYOUT, entry_id="01JSERVICEHALL0000000000003").add_to_hass(hass)
    result = await discover(hass)
    assert_form(result, "pick_hall")
    assert result["data_schema"].schema["hall"].config["options"] == [
        {"value": second.entry_id, "label": "东城政务服务中心"},
        {"value": entry.entry_id, "label": "石排政务服务中心"},
    ]
    result = await assign(hass, result, {"hall": second.entry_id})
    assert_form(result, "assign_unit")
    assert result["description_placeholders"]["hall"] == "东城政务服务中心"
    result = await assign(hass, result, {"window": "1"})
    assert_aborted(result, "unit_assigned")
    assert units_of(second) == {1: "window-unit-07"}
    assert units_of(entry) == {1: "window-unit-01"}


async def test_zeroconf_layout_invalid(hass: HomeAssistant) -> None:
    """A stored layout that no longer validates is reported, not overwritten."""
    layout = layout_options()
    layout["services"] = [s for s in layout["services"] if s["id"] != "tax"]
    broken = make_entry(layout)
    broken.add_to_hass(hass)
    result = await discover(hass)
    result = await assign(hass, result, {"window": "3"})
    assert_form(result, "assign_unit", {"base": "layout_invalid"})
    assert result["description_placeholders"]["where"] == "window.services"
    assert "unit" not in layout_of(broken)["windows"][2]


# ---------------------------------------------------------------------------- translations


def _strings(data: Any, path: str = "") -> dict[str, str]:
    """Every string of a nested mapping by its dotted path."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in _strings(value, f"{path}.{key}").items()}
    return {path: data}


def test_languages_match() -> None:
    """The flows read the same in both languages: same keys, same placeholders."""
    en, zh = (translations(name) for name in LANGUAGE_FILES)
    for section in ("config", "config_subentries", "options", "selector", "issues"):
        en_strings, zh_strings = _strings(en[section]), _strings(zh[section])
        assert en_strings.keys() == zh_strings.keys(), section
        for key, text in en_strings.items():
            assert placeholders_of(text) == placeholders_of(zh_strings[key]), key
    for selector in ("weekday", "dispatch_class"):
        assert en["selector"][selector]["options"].keys() == zh["selector"][selector]["options"].keys()
