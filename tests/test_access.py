"""Who may do what, over the websocket API as the wall tablets use it.

Kiosks and window tablets log in as ordinary (non-admin) users: they issue tickets, check in,
rate and act at windows. Read-only users (a public screen) only read. Neither changes the
configuration, imports layouts, removes the hall or reads the staff's records. A tablet whose
user is bound to a window (the hall's options) acts for that window only.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator, WebSocketGenerator

from custom_components.service_hall.const import (
    ATTR_STAFF,
    ATTR_TICKET,
    ATTR_WINDOW,
    CONF_WINDOW_TABLETS,
    DOMAIN,
)
from custom_components.service_hall.services import (
    ADMIN_ACTIONS,
    HANDLERS,
    NOT_FOR_TABLETS,
    READ_ONLY_ACTIONS,
)
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant, SupportsResponse
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component

from .conftest import act
from .helpers import coordinator_of, hall_fingerprint

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

    async def refused_as(self, action: str, data: dict[str, Any]) -> dict[str, Any]:
        """A refusal with a translated message: answers the error (key, placeholders, message)."""
        answer = await self.call(action, data)
        assert not answer["success"], (action, data, answer)
        error: dict[str, Any] = answer["error"]
        assert error["code"] == "service_validation_error", (action, data, error)
        assert error["translation_domain"] == DOMAIN, error
        return error

    async def call_button(self, entity_id: str) -> dict[str, Any]:
        """Press a button entity, as a dashboard's button card does."""
        return await self.command(
            {
                "type": "call_service",
                "domain": "button",
                "service": "press",
                "target": {"entity_id": entity_id},
            }
        )

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


# A window's tablet bound to its window (window 3 serves tax, as window 2 does).
BOUND = 3
OTHER = 2


def _reaching_actions() -> set[str]:
    """The actions whose data can name a window, a ticket or a staff member, bar the reading ones."""
    fields = {ATTR_WINDOW, ATTR_TICKET, ATTR_STAFF}
    return {
        name
        for name, (_handler, schema, _response) in HANDLERS.items()
        if fields & {str(key) for key in schema.schema} and name not in READ_ONLY_ACTIONS
    }


async def _bind(hass: HomeAssistant, entry: MockConfigEntry, bindings: dict[str, int]) -> None:
    """Bind users to windows as the options flow does (the hall reloads)."""
    hass.config_entries.async_update_entry(entry, options={**entry.options, CONF_WINDOW_TABLETS: bindings})
    await hass.async_block_till_done()


async def _other_windows_tickets(hass: HomeAssistant) -> dict[str, str]:
    """At window 2: a ticket done, one missed and one called; one tax ticket waits; window 3 open."""
    await act(hass, "open_window", window=OTHER)
    await act(hass, "sign_in", window=OTHER, staff="SP1002")
    tickets: dict[str, str] = {}
    for kind, finish in (("done", "complete"), ("missed", "mark_no_show"), ("called", None)):
        await act(hass, "issue_ticket", service="tax")
        called = await act(hass, "call_next", window=OTHER)
        assert called is not None
        tickets[kind] = called["ticket"]
        if finish:
            await act(hass, finish, window=OTHER)
    tickets["waiting"] = (await act(hass, "issue_ticket", service="tax"))["ticket"]  # type: ignore[index]
    await act(hass, "open_window", window=BOUND)
    await act(hass, "sign_in", window=BOUND, staff="SP1003")
    return tickets


@pytest.fixture
async def bound_tablet(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> Tablet:
    """Window 3's tablet: an ordinary user bound to window 3."""
    user, token = await _user_token(hass, "window-3-tablet", "system-users")
    await _bind(hass, init_integration, {user.id: BOUND})
    return await _tablet(hass_ws_client, hass, token)


async def test_bound_tablet_acts_for_its_window(
    hass: HomeAssistant, init_integration: MockConfigEntry, bound_tablet: Tablet
) -> None:
    """Everything the window card does at its own window, and the sending on of a ticket."""
    tickets = await _other_windows_tickets(hass)
    tablet = bound_tablet
    await tablet.ok("sign_out", {"window": BOUND})
    await tablet.ok("sign_in", {"window": BOUND, "staff": "SP1003"})
    await tablet.ok("pause_window", {"window": BOUND, "reason": "break"})
    await tablet.ok("resume_window", {"window": BOUND})
    called = await tablet.ok("call_next", {"window": BOUND})
    assert called["ticket"] == tickets["waiting"]
    await tablet.ok("recall", {"ticket": called["ticket"], "window": BOUND})
    await tablet.ok("start", {"window": BOUND})
    await tablet.ok("complete", {"ticket": called["ticket"]})
    # The citizen rates the ticket this window completed.
    await tablet.ok("rate", {"ticket": called["ticket"], "grade": 5})
    # A citizen in front of the window: a ticket, missed, back, sent on to window 2.
    issued = await tablet.ok("issue_ticket", {"service": "tax", "source": "tablet"})
    assert (await tablet.ok("call_next", {"window": BOUND}))["ticket"] == issued["ticket"]
    await tablet.ok("mark_no_show", {"window": BOUND})
    assert (await tablet.ok("reactivate", {"ticket": issued["ticket"]}))["state"] == "waiting"
    await tablet.ok("call_next", {"window": BOUND})
    sent = await tablet.ok("transfer", {"window": BOUND, "target_window": OTHER})
    assert sent["state"] == "waiting" and sent["ticket"] == issued["ticket"]
    # Reading is hall-wide: another window's ticket, the queue.
    assert (await tablet.ok("get_ticket", {"ticket": tickets["called"]}))["window"] == OTHER
    assert (await tablet.ok("get_queue_status", {}))["windows"][str(OTHER)]["ticket"] == tickets["called"]
    hall = coordinator_of(init_integration).hall
    assert hall.state.tickets[called["ticket"]].rating == 5
    assert hall.state.window(BOUND).staff == "SP1003"


async def test_bound_tablet_is_refused_on_other_windows_and_nothing_changes(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    bound_tablet: Tablet,
    hass_ws_client: WebSocketGenerator,
    kiosk_token: str,
) -> None:
    tickets = await _other_windows_tickets(hass)
    other, called = OTHER, tickets["called"]

    def elsewhere(ticket: str) -> tuple[str, dict[str, str]]:
        return ("tablet_ticket_elsewhere", {"window": str(BOUND), "ticket": ticket})

    other_window = ("tablet_other_window", {"window": str(BOUND), "other": str(OTHER)})
    cases: list[tuple[str, dict[str, Any], tuple[str, dict[str, str]]]] = [
        ("call_next", {"window": other}, other_window),
        ("recall", {"window": other}, other_window),
        ("recall", {"ticket": called}, elsewhere(called)),
        ("start", {"window": other}, other_window),
        ("start", {"ticket": called, "window": BOUND}, elsewhere(called)),
        ("complete", {"window": other}, other_window),
        ("complete", {"ticket": called}, elsewhere(called)),
        ("mark_no_show", {"window": other}, other_window),
        ("mark_no_show", {"ticket": called}, elsewhere(called)),
        ("transfer", {"window": other, "target_service": "business"}, other_window),
        ("transfer", {"ticket": called, "target_window": BOUND}, elsewhere(called)),
        (
            "transfer",
            {"ticket": tickets["waiting"], "target_service": "business"},
            elsewhere(tickets["waiting"]),
        ),
        ("cancel", {"ticket": called}, elsewhere(called)),
        ("cancel", {"ticket": tickets["waiting"]}, elsewhere(tickets["waiting"])),
        # Window 2's citizen rates window 2; window 2's missed ticket comes back through window 2.
        ("rate", {"ticket": tickets["done"], "grade": 1}, elsewhere(tickets["done"])),
        ("reactivate", {"ticket": tickets["missed"]}, elsewhere(tickets["missed"])),
        ("pause_window", {"window": other}, other_window),
        ("resume_window", {"window": other}, other_window),
        ("open_window", {"window": other}, other_window),
        ("close_window", {"window": other}, other_window),
        ("sign_in", {"window": other, "staff": "SP1004"}, other_window),
        # Signing window 2's officer in here would sign them out there.
        ("sign_in", {"window": BOUND, "staff": "SP1002"}, other_window),
        ("sign_out", {"window": other}, other_window),
        ("sign_out", {"staff": "SP1002"}, other_window),
        ("acknowledge_alert", {"alert_id": "x"}, ("tablet_not_allowed", {"window": str(BOUND)})),
    ]
    assert {action for action, _data, _refusal in cases} == _reaching_actions() | NOT_FOR_TABLETS
    english = await async_get_translations(hass, "en", "exceptions", [DOMAIN])
    chinese = await async_get_translations(hass, "zh-Hans", "exceptions", [DOMAIN])

    def text(language: dict[str, str], key: str, placeholders: dict[str, str]) -> str:
        return language[f"component.{DOMAIN}.exceptions.{key}.message"].format(**placeholders)

    for action, data, (key, placeholders) in cases:
        await hass.async_block_till_done()
        before = (hall_fingerprint(init_integration), dict(init_integration.options))
        error = await bound_tablet.refused_as(action, data)
        refusal = (error["translation_key"], error["translation_placeholders"])
        assert refusal == (key, placeholders), (action, data, error)
        # Home Assistant drops the message's final full stop.
        assert error["message"] == f"Validation error: {text(english, key, placeholders)}".rstrip(".")
        assert "{" not in text(chinese, key, placeholders)
        assert (hall_fingerprint(init_integration), dict(init_integration.options)) == before, (action, data)
    # What the window card shows, in both languages.
    assert text(english, *other_window) == "This tablet acts for window 3 only, not for window 2."
    assert text(chinese, *other_window) == "本平板只能操作 3 号窗口，不能操作 2 号窗口。"
    assert text(chinese, *elsewhere(called)) == f"本平板只能操作 3 号窗口：{called} 号不在本窗口。"
    assert (
        text(chinese, "tablet_not_allowed", {"window": "3"}) == "3 号窗口的平板不能执行此操作，请由主管处理。"
    )
    # An unknown ticket is told as unknown, not as another window's.
    assert (await bound_tablet.refused_as("recall", {"ticket": "Z999"}))[
        "translation_key"
    ] == "unknown_ticket"
    # An unbound tablet still acts on any window.
    kiosk = await _tablet(hass_ws_client, hass, kiosk_token)
    await kiosk.ok("complete", {"window": OTHER})
    assert coordinator_of(init_integration).hall.state.tickets[called].state == "done"


async def test_bound_tablet_presses_only_its_windows_buttons(
    hass: HomeAssistant, init_integration: MockConfigEntry, bound_tablet: Tablet
) -> None:
    """The window's button entities (button.press) are held to the same rule as the actions."""
    tickets = await _other_windows_tickets(hass)
    registry = er.async_get(hass)

    def button(window: int) -> str:
        entity_id = registry.async_get_entity_id(
            "button", DOMAIN, f"{init_integration.entry_id}_window_{window}_call_next"
        )
        assert entity_id is not None
        return entity_id

    await hass.async_block_till_done()
    before = hall_fingerprint(init_integration)
    answer = await bound_tablet.call_button(button(OTHER))
    assert not answer["success"]
    assert answer["error"]["translation_key"] == "tablet_other_window", answer["error"]
    assert answer["error"]["translation_placeholders"] == {"window": str(BOUND), "other": str(OTHER)}
    assert hall_fingerprint(init_integration) == before
    assert (await bound_tablet.call_button(button(BOUND)))["success"]
    hall = coordinator_of(init_integration).hall
    assert hall.state.window(BOUND).ticket == tickets["waiting"]
    assert hall.state.window(OTHER).ticket == tickets["called"]


async def test_administrators_are_never_bound(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: User,
    hass_access_token: str,
) -> None:
    """An administrator's id in the bindings (made admin after binding) binds nothing."""
    await _bind(hass, init_integration, {hass_admin_user.id: BOUND})
    admin = await _tablet(hass_ws_client, hass, hass_access_token)
    await admin.ok("open_window", {"window": OTHER})
    await admin.ok("sign_in", {"window": OTHER, "staff": "SP1002"})
    assert coordinator_of(init_integration).hall.state.window(OTHER).staff == "SP1002"
