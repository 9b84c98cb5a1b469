"""The screens' live view over the websocket, and the cards served by the integration."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator, WebSocketGenerator

from custom_components.service_hall import cards
from custom_components.service_hall.websocket import COALESCE, FEEDS, REFRESH, view_message
from homeassistant.core import HomeAssistant

from .conftest import ENTRY_ID, act
from .helpers import open_hall, pass_time

SUBSCRIBE = {"type": "service_hall/subscribe"}


async def next_view(client: Any) -> dict[str, Any]:
    message = await client.receive_json()
    assert message["type"] == "event", message
    view: dict[str, Any] = message["event"]
    return view


async def test_subscribe_sends_the_view_then_every_change_once(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hall_time: FrozenDateTimeFactory,
) -> None:
    await open_hall(hass)
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(SUBSCRIBE)
    result = await client.receive_json()
    assert result["success"] is True, result
    view = await next_view(client)
    assert (view["entry_id"], view["hall"], view["language"]) == (ENTRY_ID, "石排政务服务中心", "zh-Hans")
    window_1 = next(w for w in view["windows"] if w["number"] == 1)
    assert window_1["staff"]["name"] == "李明" and window_1["ticket"] is None

    # A burst (issue, then call) arrives as one view, after the coalescing delay.
    ticket = (await act(hass, "issue_ticket", service="household"))["ticket"]  # type: ignore[index]
    await act(hass, "call_next", window=1)
    await pass_time(hass, hall_time, COALESCE + 0.1)
    view = await next_view(client)
    assert view["calls"][0]["ticket"] == ticket and view["calls"][0]["window"] == 1
    assert next(w for w in view["windows"] if w["number"] == 1)["ticket"] == ticket
    assert view["figures"]["issued"] == 1

    # With nothing happening the view still comes every half minute (waits grow).
    await pass_time(hass, hall_time, REFRESH.total_seconds())
    later = await next_view(client)
    assert later["now"] > view["now"]

    await client.send_json_auto_id({"type": "unsubscribe_events", "subscription": result["id"]})
    assert (await client.receive_json())["success"] is True
    await act(hass, "issue_ticket", service="household")
    await pass_time(hass, hall_time, REFRESH.total_seconds() + 1)
    # Nothing more was sent: the next message is the answer to this ping.
    await client.send_json_auto_id({"type": "ping"})
    assert (await client.receive_json())["type"] == "pong"


async def test_subscribe_names_a_hall_or_fails(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({**SUBSCRIBE, "entry_id": "nope"})
    answer = await client.receive_json()
    assert answer["success"] is False and answer["error"]["code"] == "not_found"
    await client.send_json_auto_id({**SUBSCRIBE, "entry_id": ENTRY_ID})
    assert (await client.receive_json())["success"] is True
    assert (await next_view(client))["entry_id"] == ENTRY_ID


async def test_an_unloaded_hall_says_so_and_stops(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hall_time: FrozenDateTimeFactory,
) -> None:
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(SUBSCRIBE)
    await client.receive_json()
    await next_view(client)
    await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert await next_view(client) == {"unloaded": True}
    await pass_time(hass, hall_time, REFRESH.total_seconds() + 1)
    await client.send_json_auto_id({"type": "ping"})
    assert (await client.receive_json())["type"] == "pong"


async def test_no_personal_data_in_the_view(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    await open_hall(hass)
    booked = await act(
        hass,
        "book_appointment",
        service="household",
        start="2026-11-23T10:00:00+08:00",
        reference="ID-440101",
    )
    client = await hass_ws_client(hass)
    await client.send_json_auto_id(SUBSCRIBE)
    await client.receive_json()
    view = await next_view(client)
    assert view["appointments"][0]["status"] == "booked"
    text = str(view)
    assert booked["code"] not in text and "ID-440101" not in text  # type: ignore[index]


async def test_cards_are_served_and_added_to_the_frontend(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    # Without the frontend (as in these tests) nothing is registered.
    assert await cards.async_register_cards(hass) is None
    hass.config.components.add("frontend")
    with patch.object(cards, "add_extra_js_url") as added:
        url = await cards.async_register_cards(hass)
    assert url is not None and url.startswith(f"{cards.CARDS_URL}?v=")
    added.assert_called_once_with(hass, url)
    client = await hass_client()
    response = await client.get(url)
    assert response.status == 200
    body = await response.text()
    assert "customElements.define(tag, cls)" in body and "service-hall-kiosk-card" in body


async def test_screens_share_one_view_per_change(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hall_time: FrozenDateTimeFactory,
) -> None:
    """Two tablets: one feed, built once per change, both get it; the last one gone stops it."""
    clients = [await hass_ws_client(hass) for _ in range(2)]
    ids = []
    for client in clients:
        await client.send_json_auto_id(SUBSCRIBE)
        ids.append((await client.receive_json())["id"])
        await next_view(client)
    (feed,) = hass.data[FEEDS].values()
    assert len(feed.subscribers) == 2
    with patch("custom_components.service_hall.websocket.view_message", wraps=view_message) as built:
        await act(hass, "issue_ticket", service="household")
        await pass_time(hass, hall_time, COALESCE + 0.1)
        views = [await next_view(client) for client in clients]
    assert built.call_count == 1 and views[0] == views[1] and views[0]["figures"]["issued"] == 1
    for client, msg_id in zip(clients, ids, strict=True):
        await client.send_json_auto_id({"type": "unsubscribe_events", "subscription": msg_id})
        assert (await client.receive_json())["success"] is True
    assert hass.data[FEEDS] == {}
