"""Who may do what, over the websocket API as the wall tablets use it.

Kiosks and window tablets log in as ordinary (non-admin) users: they issue tickets, check in,
rate and act at windows. Read-only users (a public screen) only read. Neither changes the
configuration, imports layouts, removes the hall or reads the staff's records.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator, WebSocketGenerator

from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.services import ADMIN_ACTIONS, HANDLERS, READ_ONLY_ACTIONS
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant, SupportsResponse
from homeassistant.setup import async_setup_component

from .helpers import coordinator_of

pytestmark = pytest.mark.usefixtures("init_integration")

# Valid data for every action, so that only the caller's rights decide.
VALID: dict[str, dict[str, Any]] = {
    "issue_ticket": {"service": "tax"},
    "call_next": {"window": 1},
    "recall": {"window": 1},
    "start": {"window": 1},
    "complete": {"window": 1},
    "mark_no_show": {"window": 1},
    "reactivate": {"ticket": "D001"},
    "transfer": {"window": 1, "target_service": "tax"},
    "cancel": {"ticket": "D001"},
    "rate": {"ticket": "D001", "grade": 5},
    "book_appointment": {"service": "tax", "start": "2026-11-24T10:00:00"},
    "check_in": {"code": "123456"},
    "get_appointment": {"code": "123456"},
    "cancel_appointment": {"code": "123456"},
    "pause_window": {"window": 1},
    "resume_window": {"window": 1},
    "open_window": {"window": 1},
    "close_window": {"window": 1},
    "sign_in": {"window": 1, "staff": "SP1001"},
    "sign_out": {"window": 1},
    "acknowledge_alert": {"alert_id": "x"},
    "get_daily_report": {},
    "get_ticket": {"ticket": "D001"},
    "get_queue_status": {},
    "get_materials": {},
    "get_checklist": {"service": "social_insurance", "answers": {"applicant": "employer"}},
    "get_appointment_contact": {"code": "123456"},
    "reload_materials": {},
}


async def _user_token(hass: HomeAssistant, name: str, group: str) -> tuple[User, str]:
    user = await hass.auth.async_create_user(name, group_ids=[group])
    refresh = await hass.auth.async_create_refresh_token(user, "https://example.com/app")
    return user, hass.auth.async_create_access_token(refresh)


@pytest.fixture
async def kiosk_token(hass: HomeAssistant) -> str:
    """A kiosk or window tablet: an ordinary user."""
    return (await _user_token(hass, "kiosk", "system-users"))[1]


@pytest.fixture
async def screen_token(hass: HomeAssistant) -> str:
    """A public screen: a read-only user."""
    return (await _user_token(hass, "screen", "system-read-only"))[1]


class Tablet:
    """A websocket client calling the hall's actions, as the cards do."""

    def __init__(self, client: Any) -> None:
        self.client = client

    async def call(self, action: str, data: dict[str, Any]) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "call_service",
            "domain": DOMAIN,
            "service": action,
            "service_data": data,
        }
        if action in HANDLERS:
            message["return_response"] = HANDLERS[action][2] is not SupportsResponse.NONE
        await self.client.send_json_auto_id(message)
        answer: dict[str, Any] = await self.client.receive_json()
        return answer

    async def ok(self, action: str, data: dict[str, Any]) -> Any:
        answer = await self.call(action, data)
        assert answer["success"], (action, answer)
        return answer["result"].get("response")

    async def refused(self, action: str, data: dict[str, Any]) -> None:
        answer = await self.call(action, data)
        assert not answer["success"], action
        # Home Assistant answers its Unauthorized from an action as a home_assistant_error.
        assert answer["error"]["message"] == "Unauthorized", (action, answer["error"])

    async def command(self, message: dict[str, Any]) -> dict[str, Any]:
        await self.client.send_json_auto_id(message)
        answer: dict[str, Any] = await self.client.receive_json()
        return answer


async def _tablet(hass_ws_client: WebSocketGenerator, hass: HomeAssistant, token: str) -> Tablet:
    return Tablet(await hass_ws_client(hass, token))


def _snapshot(hass: HomeAssistant, entry: MockConfigEntry) -> tuple[Any, ...]:
    """What an action could change: the day's log, the layout and the options."""
    hall = coordinator_of(entry).hall
    return (len(hall.state.log), dict(entry.options), len(hall.state.appointments))


async def test_every_action_has_an_access_rule() -> None:
    assert set(VALID) == set(HANDLERS)
    assert set(HANDLERS) >= READ_ONLY_ACTIONS | ADMIN_ACTIONS
    assert not READ_ONLY_ACTIONS & ADMIN_ACTIONS


async def test_kiosk_and_window_tablet_act_on_the_hall(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, kiosk_token: str, hass_access_token: str
) -> None:
    admin = await _tablet(hass_ws_client, hass, hass_access_token)
    booked = await admin.ok("book_appointment", {"service": "tax", "start": "2026-11-23T09:10:00"})
    kiosk = await _tablet(hass_ws_client, hass, kiosk_token)
    ticket = await kiosk.ok("issue_ticket", {"service": "tax", "source": "kiosk"})
    assert ticket["ticket"] == "D001"
    preview = await kiosk.ok("get_appointment", {"code": booked["code"]})
    assert preview["service"] == "tax" and preview["late"] is False
    checked_in = await kiosk.ok("check_in", {"code": booked["code"]})
    assert checked_in["state"] == "waiting"
    # The window tablet: open, sign in, call, serve, complete; the citizen rates.
    for action, data in (
        ("open_window", {"window": 3}),
        ("sign_in", {"window": 3, "staff": "SP1001"}),
    ):
        await kiosk.ok(action, data)
    called = await kiosk.ok("call_next", {"window": 3})
    assert called["ticket"] in {ticket["ticket"], checked_in["ticket"]}
    await kiosk.ok("start", {"window": 3})
    await kiosk.ok("complete", {"window": 3})
    await kiosk.ok("rate", {"ticket": called["ticket"], "grade": 5})
    await kiosk.ok("pause_window", {"window": 3})
    await kiosk.ok("resume_window", {"window": 3})
    status = await kiosk.ok("get_queue_status", {})
    assert status["services"]["tax"]["waiting"] == 1
    # The live view the cards subscribe to.
    view = await kiosk.command({"type": f"{DOMAIN}/subscribe"})
    assert view["success"]


async def test_kiosk_cannot_configure_import_clear_or_read_the_staff_record(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_client: ClientSessionGenerator,
    kiosk_token: str,
    hass_access_token: str,
) -> None:
    assert await async_setup_component(hass, "config", {})
    entry_id = init_integration.entry_id
    before = _snapshot(hass, init_integration)
    kiosk = await _tablet(hass_ws_client, hass, kiosk_token)
    await kiosk.refused("get_daily_report", {})
    await kiosk.refused("get_appointment_contact", {"code": "123456"})
    await kiosk.refused("reload_materials", {})
    await kiosk.refused("import_layout", {"path": "layout.yaml"})
    for message in (
        {"type": "config_entries/update", "entry_id": entry_id, "title": "x"},
        {"type": "config_entries/disable", "entry_id": entry_id, "disabled_by": "user"},
        {"type": "config/entity_registry/update", "entity_id": "sensor.tax_waiting", "name": "x"},
    ):
        answer = await kiosk.command(message)
        assert not answer["success"] and answer["error"]["code"] == "unauthorized", message
    http = await hass_client(kiosk_token)
    for method, path in (
        ("post", "/api/config/config_entries/options/flow"),
        ("delete", f"/api/config/config_entries/entry/{entry_id}"),
    ):
        response = await http.request(method, path, json={"handler": entry_id})
        assert response.status == HTTPStatus.UNAUTHORIZED, (method, path, response.status)
    assert _snapshot(hass, init_integration) == before
    assert hass.config_entries.async_get_entry(entry_id) is not None
    # The same report is there for an administrator.
    admin = await _tablet(hass_ws_client, hass, hass_access_token)
    report = await admin.ok("get_daily_report", {})
    assert "staff" in report["figures"]


async def test_read_only_user_reads_and_changes_nothing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    screen_token: str,
    hass_access_token: str,
) -> None:
    admin = await _tablet(hass_ws_client, hass, hass_access_token)
    await admin.ok("issue_ticket", {"service": "tax"})
    before = _snapshot(hass, init_integration)
    screen = await _tablet(hass_ws_client, hass, screen_token)
    for action, data in VALID.items():
        if action in READ_ONLY_ACTIONS:
            assert await screen.ok(action, data) is not None
        else:
            await screen.refused(action, data)
    await screen.refused("import_layout", {"path": "layout.yaml"})
    assert _snapshot(hass, init_integration) == before
    view = await screen.command({"type": f"{DOMAIN}/subscribe"})
    assert view["success"]


async def test_automations_have_no_user_and_are_not_refused(hass: HomeAssistant) -> None:
    """Blueprints and units call without a user: only the admin flag of users matters."""
    answer = await hass.services.async_call(
        DOMAIN, "get_daily_report", {}, blocking=True, return_response=True
    )
    assert answer is not None and answer["figures"]["issued"] == 0
