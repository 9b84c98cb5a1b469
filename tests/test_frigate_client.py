"""The Frigate HTTP client and the repair issues it feeds."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator
from http import HTTPStatus
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker

from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.frigate_client import FrigateClient, FrigateError
from custom_components.service_hall.repairs_frigate import (
    async_check_seat_zones,
    async_delete_frigate_issues,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .conftest import ENTRY_ID, FIXTURES

URL = "http://frigate:5000"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.secret-frigate-token"
CONFIG: dict[str, Any] = json.loads((FIXTURES / "frigate" / "api_config.json").read_text(encoding="utf-8"))
EVENTS: list[dict[str, Any]] = json.loads(
    (FIXTURES / "frigate" / "api_events_response.json").read_text(encoding="utf-8")
)
SEAT_ZONES = {1: "window_01_seat", 2: "window_02_seat", 3: "window_03_seat", 4: "window_04_seat"}


def client(hass: HomeAssistant, url: str = URL, **kwargs: Any) -> FrigateClient:
    return FrigateClient(async_get_clientsession(hass), url, **kwargs)


def last_call(aioclient_mock: AiohttpClientMocker) -> tuple[str, Any, Any, Any]:
    """(method, yarl URL, data, headers) of the last request."""
    method, url, data, headers = aioclient_mock.mock_calls[-1]
    return method, url, data, headers


# ---------------------------------------------------------------------------- the API


async def test_version(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    """/api/version is plain text; whitespace around it is dropped."""
    aioclient_mock.get(f"{URL}/api/version", text="0.17.2-a1b2c3d\n")
    assert await client(hass).version() == "0.17.2-a1b2c3d"
    method, url, _, headers = last_call(aioclient_mock)
    assert (method.upper(), str(url)) == ("GET", f"{URL}/api/version")
    assert not headers  # port 5000: no token, no Authorization header


async def test_empty_version_is_an_error(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(f"{URL}/api/version", text="  \n")
    with pytest.raises(FrigateError, match="empty"):
        await client(hass).version()


async def test_config(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(f"{URL}/api/config", json=CONFIG)
    config = await client(hass).config()
    assert set(config["cameras"]) == {"hall_cam_a", "hall_cam_b", "entrance_cam"}
    assert config["objects"]["track"] == ["person", "cell phone"]


async def test_config_must_be_an_object(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(f"{URL}/api/config", json=["not", "a", "config"])
    with pytest.raises(FrigateError, match="not an object"):
        await client(hass).config()


async def test_zones(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    """Zone name -> cameras that have it; a name shared by two cameras lists both."""
    aioclient_mock.get(f"{URL}/api/config", json=CONFIG)
    assert await client(hass).zones() == {
        "waiting_area": ["hall_cam_a", "hall_cam_b"],
        "window_01_seat": ["hall_cam_a"],
        "window_02_seat": ["hall_cam_a"],
        "window_03_seat": ["hall_cam_b"],
    }


@pytest.mark.parametrize(
    ("config", "zones"),
    [
        ({"cameras": {}}, {}),
        ({"cameras": {"cam": {"zones": None}}}, {}),
        ({"cameras": {"cam": {}, "odd": "not a camera"}}, {}),
    ],
)
async def test_zones_of_cameras_without_zones(
    hass: HomeAssistant,
    aioclient_mock: AiohttpClientMocker,
    config: dict[str, Any],
    zones: dict[str, list[str]],
) -> None:
    aioclient_mock.get(f"{URL}/api/config", json=config)
    assert await client(hass).zones() == zones


async def test_zones_need_cameras(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(f"{URL}/api/config", json={"mqtt": {}})
    with pytest.raises(FrigateError, match="no cameras"):
        await client(hass).zones()


async def test_latest_event_encodes_the_label(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    """`cell phone` goes out as cell%20phone; the newest event with a snapshot comes back."""
    aioclient_mock.get(f"{URL}/api/events", json=EVENTS)
    event = await client(hass).latest_event(zone="window_01_seat", label="cell phone")
    assert event is not None
    assert event["id"] == "1767337208.0-ph0n3x"
    assert event["label"] == "cell phone"
    _, url, _, _ = last_call(aioclient_mock)
    assert url.raw_query_string == "zones=window_01_seat&limit=1&labels=cell%20phone&has_snapshot=1"
    assert dict(url.query) == {
        "zones": "window_01_seat",
        "limit": "1",
        "labels": "cell phone",
        "has_snapshot": "1",
    }


async def test_latest_event_without_label(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(f"{URL}/api/events", json=EVENTS)
    assert await client(hass).latest_event(zone="window_01_seat") == EVENTS[0]
    _, url, _, _ = last_call(aioclient_mock)
    assert url.raw_query_string == "zones=window_01_seat&limit=1&has_snapshot=1"


async def test_latest_event_encodes_reserved_characters(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    """A value cannot add query parameters of its own."""
    aioclient_mock.get(f"{URL}/api/events", json=[])
    await client(hass).latest_event(zone="a&limit=100", label="x/y+z")
    _, url, _, _ = last_call(aioclient_mock)
    assert url.raw_query_string == "zones=a%26limit%3D100&limit=1&labels=x%2Fy%2Bz&has_snapshot=1"
    assert url.query["zones"] == "a&limit=100"


async def test_no_event_is_none(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(f"{URL}/api/events", json=[])
    assert await client(hass).latest_event(zone="window_02_seat", label="person") is None


@pytest.mark.parametrize("answer", [{"id": "x"}, ["not an event"], "text"])
async def test_events_must_be_a_list_of_objects(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, answer: Any
) -> None:
    aioclient_mock.get(f"{URL}/api/events", json=answer)
    with pytest.raises(FrigateError, match="not a list of events"):
        await client(hass).latest_event(zone="window_01_seat")


async def test_bearer_token(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    """On the authenticated port the token goes in an Authorization header, nowhere else."""
    url = "https://frigate:8971"
    aioclient_mock.get(f"{url}/api/version", text="0.17.2-a1b2c3d")
    aioclient_mock.get(f"{url}/api/config", json=CONFIG)
    aioclient_mock.get(f"{url}/api/events", json=EVENTS)
    frigate = client(hass, url, token=TOKEN)
    await frigate.version()
    await frigate.config()
    await frigate.latest_event(zone="window_01_seat")
    assert aioclient_mock.call_count == 3
    for _, called, _, headers in aioclient_mock.mock_calls:
        assert headers == {"Authorization": f"Bearer {TOKEN}"}
        assert TOKEN not in str(called)
    assert TOKEN not in repr(frigate)
    assert "token=set" in repr(frigate)


async def test_urls(hass: HomeAssistant) -> None:
    """URL building only; a trailing slash on the base URL is dropped."""
    frigate = client(hass, "http://frigate:5000/")
    assert frigate.url == "http://frigate:5000"
    assert (
        frigate.snapshot_url("1767337208.0-ph0n3x")
        == "http://frigate:5000/api/events/1767337208.0-ph0n3x/snapshot.jpg?bbox=1&crop=1"
    )
    assert (
        frigate.latest_frame_url("hall_cam_a")
        == "http://frigate:5000/api/hall_cam_a/latest.jpg?zones=1&bbox=1"
    )
    assert "token=none" in repr(frigate)


async def test_url_without_credentials(hass: HomeAssistant) -> None:
    """Credentials in the URL are used for requests but never shown."""
    frigate = client(hass, "http://admin:hunter2@frigate:5000", token=TOKEN)
    assert frigate.url == "http://frigate:5000"
    assert "hunter2" not in repr(frigate)
    assert TOKEN not in repr(frigate)
    assert client(hass, "http://admin@frigate").url == "http://frigate"


# ---------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("status", "match"),
    [
        (HTTPStatus.UNAUTHORIZED, r"HTTP 401 to /api/config \(check the token\)"),
        (HTTPStatus.FORBIDDEN, r"HTTP 403 .*check the token"),
        (HTTPStatus.NOT_FOUND, r"HTTP 404 to /api/config$"),
        (HTTPStatus.INTERNAL_SERVER_ERROR, r"HTTP 500 to /api/config$"),
    ],
)
async def test_http_errors(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, status: HTTPStatus, match: str
) -> None:
    aioclient_mock.get(f"{URL}/api/config", status=status, text="Unauthorized")
    with pytest.raises(FrigateError, match=match) as err:
        await client(hass, token=TOKEN).config()
    assert err.value.status == status
    assert TOKEN not in str(err.value)


async def test_timeout(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(f"{URL}/api/version", exc=TimeoutError())
    with pytest.raises(FrigateError, match=r"did not answer /api/version within 2.5 s") as err:
        await client(hass, timeout=2.5).version()
    assert err.value.status is None


@pytest.mark.parametrize(
    ("exc", "match"),
    [
        (aiohttp.ClientConnectionError("Connection refused"), "Connection refused"),
        (aiohttp.ServerDisconnectedError(), "Server disconnected"),
        (aiohttp.ClientPayloadError(), "ClientPayloadError"),
    ],
)
async def test_connection_errors(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, exc: Exception, match: str
) -> None:
    aioclient_mock.get(f"{URL}/api/config", exc=exc)
    with pytest.raises(FrigateError, match=rf"cannot reach Frigate at http://frigate:5000: .*{match}"):
        await client(hass, token=TOKEN).config()


@pytest.mark.parametrize("body", ["<html>502 Bad Gateway</html>", "", '{"cameras": '])
async def test_bad_json(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, body: str) -> None:
    aioclient_mock.get(f"{URL}/api/config", text=body)
    with pytest.raises(FrigateError, match=r"answer to /api/config is not JSON"):
        await client(hass).config()


async def test_not_text(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(f"{URL}/api/version", content=b"\xff\xfe\x00")
    with pytest.raises(FrigateError, match="not text"):
        await client(hass).version()


# ---------------------------------------------------------------------------- on the wire


@pytest.fixture
async def frigate_server(socket_enabled: None) -> AsyncGenerator[tuple[str, list[web.Request]]]:
    """A tiny HTTP server on 127.0.0.1: /api/events answers like Frigate, /api/version hangs.

    ``socket_enabled``: the plugin blocks creating sockets; connections stay limited to 127.0.0.1.
    """
    seen: list[web.Request] = []
    release = asyncio.Event()

    async def events(request: web.Request) -> web.Response:
        seen.append(request)
        return web.json_response(EVENTS)

    async def version(request: web.Request) -> web.Response:
        seen.append(request)
        await release.wait()  # until the test is over
        return web.Response(text="too late")

    app = web.Application()
    app.router.add_get("/api/events", events)
    app.router.add_get("/api/version", version)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}", seen
    release.set()
    await runner.cleanup()


async def test_real_request(hass: HomeAssistant, frigate_server: tuple[str, list[web.Request]]) -> None:
    """Through a real session: the query as sent on the wire, the header, and a real timeout."""
    url, seen = frigate_server
    frigate = client(hass, url, token=TOKEN, timeout=0.2)
    event = await frigate.latest_event(zone="window_01_seat", label="cell phone")
    assert event == EVENTS[0]
    assert seen[0].raw_path == "/api/events?zones=window_01_seat&limit=1&labels=cell%20phone&has_snapshot=1"
    assert seen[0].query["labels"] == "cell phone"
    assert seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    with pytest.raises(FrigateError, match=r"did not answer /api/version within 0.2 s"):
        await frigate.version()


# ---------------------------------------------------------------------------- repairs


def issue(hass: HomeAssistant, issue_id: str) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, issue_id)


def our_issues(hass: HomeAssistant) -> set[str]:
    return {issue_id for domain, issue_id in ir.async_get(hass).issues if domain == DOMAIN}


async def test_missing_seat_zone_raises_an_issue_until_fixed(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker
) -> None:
    """Window 4's seat zone is not in Frigate: one issue, gone once Frigate has the zone."""
    aioclient_mock.get(f"{URL}/api/config", json=CONFIG)
    assert await async_check_seat_zones(hass, ENTRY_ID, client(hass), SEAT_ZONES) == [4]
    assert our_issues(hass) == {f"{ENTRY_ID}_seat_zone_4"}
    found = issue(hass, f"{ENTRY_ID}_seat_zone_4")
    assert found is not None
    assert found.translation_key == "seat_zone_missing"
    assert found.severity is ir.IssueSeverity.WARNING
    assert found.is_fixable is False
    assert found.translation_placeholders == {
        "window": "4",
        "zone": "window_04_seat",
        "zones": "waiting_area, window_01_seat, window_02_seat, window_03_seat",
    }

    # The zone is drawn in Frigate.
    fixed = json.loads(json.dumps(CONFIG))
    fixed["cameras"]["hall_cam_b"]["zones"]["window_04_seat"] = fixed["cameras"]["hall_cam_b"]["zones"][
        "window_03_seat"
    ]
    aioclient_mock.clear_requests()
    aioclient_mock.get(f"{URL}/api/config", json=fixed)
    assert await async_check_seat_zones(hass, ENTRY_ID, client(hass), SEAT_ZONES) == []
    assert our_issues(hass) == set()


async def test_no_zones_at_all(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    aioclient_mock.get(f"{URL}/api/config", json={"cameras": {"hall_cam_a": {"zones": {}}}})
    assert await async_check_seat_zones(hass, ENTRY_ID, client(hass), {2: "window_02_seat", 1: "seat_1"}) == [
        1,
        2,
    ]
    found = issue(hass, f"{ENTRY_ID}_seat_zone_1")
    assert found is not None
    assert found.translation_placeholders == {"window": "1", "zone": "seat_1", "zones": "-"}


async def test_unreachable_frigate(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    """Out of reach: one issue, window issues left alone; reachable again: the issue goes."""
    aioclient_mock.get(f"{URL}/api/config", json=CONFIG)
    assert await async_check_seat_zones(hass, ENTRY_ID, client(hass), SEAT_ZONES) == [4]

    aioclient_mock.clear_requests()
    aioclient_mock.get(f"{URL}/api/config", exc=aiohttp.ClientConnectionError("Connection refused"))
    frigate = client(hass, "http://admin:hunter2@frigate:5000", token=TOKEN)
    assert await async_check_seat_zones(hass, ENTRY_ID, frigate, SEAT_ZONES) == []
    assert our_issues(hass) == {f"{ENTRY_ID}_seat_zone_4", f"{ENTRY_ID}_frigate_unreachable"}
    found = issue(hass, f"{ENTRY_ID}_frigate_unreachable")
    assert found is not None
    assert found.translation_key == "frigate_unreachable"
    assert found.severity is ir.IssueSeverity.WARNING
    assert found.is_fixable is False
    assert found.translation_placeholders == {
        "url": "http://frigate:5000",
        "error": "cannot reach Frigate at http://frigate:5000: Connection refused",
    }
    assert TOKEN not in str(found.translation_placeholders)
    assert "hunter2" not in str(found.translation_placeholders)

    aioclient_mock.clear_requests()
    aioclient_mock.get(f"{URL}/api/config", json=CONFIG)
    assert await async_check_seat_zones(hass, ENTRY_ID, client(hass), SEAT_ZONES) == [4]
    assert our_issues(hass) == {f"{ENTRY_ID}_seat_zone_4"}


async def test_issues_of_removed_windows_go(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    """A window taken out of the layout keeps no issue; other entries' issues stay."""
    aioclient_mock.get(f"{URL}/api/config", json=CONFIG)
    assert await async_check_seat_zones(hass, ENTRY_ID, client(hass), {4: "window_04_seat", 5: "seat_5"}) == [
        4,
        5,
    ]
    assert await async_check_seat_zones(hass, "other_entry", client(hass), {7: "seat_7"}) == [7]
    assert await async_check_seat_zones(hass, ENTRY_ID, client(hass), {5: "seat_5"}) == [5]
    assert our_issues(hass) == {f"{ENTRY_ID}_seat_zone_5", "other_entry_seat_zone_7"}


async def test_delete_frigate_issues(hass: HomeAssistant, aioclient_mock: AiohttpClientMocker) -> None:
    """All of an entry's Frigate issues can be removed at once; other entries keep theirs."""
    aioclient_mock.get(f"{URL}/api/config", json=CONFIG)
    await async_check_seat_zones(hass, ENTRY_ID, client(hass), SEAT_ZONES)
    await async_check_seat_zones(hass, "other_entry", client(hass), {7: "seat_7"})
    aioclient_mock.clear_requests()
    aioclient_mock.get(f"{URL}/api/config", status=HTTPStatus.BAD_GATEWAY)
    await async_check_seat_zones(hass, ENTRY_ID, client(hass), SEAT_ZONES)
    assert our_issues(hass) == {
        f"{ENTRY_ID}_seat_zone_4",
        f"{ENTRY_ID}_frigate_unreachable",
        "other_entry_seat_zone_7",
    }
    async_delete_frigate_issues(hass, ENTRY_ID)
    assert our_issues(hass) == {"other_entry_seat_zone_7"}
