"""The public queue page (HTML), its QR code and the entrance poster: off by default, then public,
aggregates only, escaped, cached like the JSON endpoint."""

from __future__ import annotations

import re
from datetime import timedelta
from http import HTTPStatus
from xml.etree import ElementTree

from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.service_hall.queue_page import qr_svg
from homeassistant.components.http import ApiConfig
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.helpers.network import get_url

from .conftest import act
from .helpers import coordinator_of
from .public_hall import ID_NUMBER, PHONE, busy_public_hall, turn_on_public_status
from .qr_reader import read_svg

__all__ = ["busy_public_hall"]  # the fixture, used by name


def _cells(html: str, service: str) -> list[str]:
    row = re.search(rf'<tr data-service="{service}">(.*?)</tr>', html)
    assert row, service
    return [
        re.sub(r"<[^>]+>", " ", cell).split()[0] if cell else ""
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row[1])
    ]


async def test_off_by_default_with_and_without_login(
    hass: HomeAssistant,
    busy_public_hall: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    hass_client: ClientSessionGenerator,
) -> None:
    for client in (await hass_client_no_auth(), await hass_client()):
        for path in ("", "/qr.svg", "/poster"):
            for base in (f"/service_hall/queue/{busy_public_hall.entry_id}", "/service_hall/queue"):
                response = await client.get(base + path)
                assert response.status == HTTPStatus.NOT_FOUND, base + path


async def test_on_the_page_needs_no_login_and_shows_the_queue(
    hass: HomeAssistant,
    busy_public_hall: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    hall_time: FrozenDateTimeFactory,
) -> None:
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    url = f"/service_hall/queue/{busy_public_hall.entry_id}"
    response = await client.get(url)
    assert response.status == HTTPStatus.OK
    assert response.content_type == "text/html"
    assert response.headers["Cache-Control"] == "public, max-age=5"
    html = await response.text()
    assert html.startswith("<!DOCTYPE html>") and '<meta http-equiv="refresh" content="15">' in html
    assert "户籍业务" in html and "Household registration" in html
    # Household: one waiting (A002), A001 called at window 1.
    assert _cells(html, "household")[1:4:2] == ["1", "A001"]
    assert re.search(r'<tr data-service="tax">.*?<td class="n wait">\d+–\d+</td>.*?</tr>', html)
    # Nothing personal: no staff, no appointment codes, no booking references.
    coordinator = coordinator_of(busy_public_hall)
    staff = [p.name for p in coordinator.hall.layout.staff.values() if p.name]
    codes = list(coordinator.hall.state.appointments)
    assert staff and codes
    assert [word for word in (PHONE, ID_NUMBER, "SP100", *staff, *codes) if word in html] == []
    # It follows the queue (after its 5 s cache).
    await act(hass, "issue_ticket", service="household")
    hall_time.tick(timedelta(seconds=6))
    html = await (await client.get("/service_hall/queue")).text()  # the first hall, without its id
    assert _cells(html, "household")[1] == "2"


async def test_how_many_are_ahead_of_a_ticket(
    hass: HomeAssistant, busy_public_hall: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    url = f"/service_hall/queue/{busy_public_hall.entry_id}"
    expected = await act(hass, "get_ticket", ticket="D002")
    html = await (await client.get(url, params={"ticket": "d002"})).text()
    assert f"D002 前面还有 {expected['people_ahead']} 人" in html
    assert f"{expected['people_ahead']} ahead of D002" in html
    called = await (await client.get(url, params={"ticket": "A001"})).text()
    assert "A001 请到 1 号窗口" in called
    unknown = await client.get(url, params={"ticket": "Z999"})
    assert unknown.status == HTTPStatus.NOT_FOUND
    assert "今天没有这个票号" in await unknown.text()
    bad = await client.get(url, params={"ticket": "A001;DROP"})
    assert bad.status == HTTPStatus.BAD_REQUEST
    assert "票号格式不对，例如 A023" in await bad.text()
    # Home Assistant's own filter turns away script in a query before the page sees it.
    assert (await client.get(url, params={"ticket": "<script>"})).status == HTTPStatus.BAD_REQUEST


async def test_names_are_escaped(
    hass: HomeAssistant, busy_public_hall: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    hass.config_entries.async_update_entry(busy_public_hall, title="<script>alert(1)</script> 大厅")
    await turn_on_public_status(hass, busy_public_hall)
    html = await (await (await hass_client_no_auth()).get("/service_hall/queue")).text()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; 大厅" in html


async def test_the_qr_code_and_the_poster_name_the_page(
    hass: HomeAssistant, busy_public_hall: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    await async_process_ha_core_config(hass, {"external_url": "https://hall.example.cn"})
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    page = f"https://hall.example.cn/service_hall/queue/{busy_public_hall.entry_id}"
    response = await client.get(f"/service_hall/queue/{busy_public_hall.entry_id}/qr.svg")
    assert response.status == HTTPStatus.OK and response.content_type == "image/svg+xml"
    svg = await response.read()
    assert svg == qr_svg(page)
    assert ElementTree.fromstring(svg).tag.endswith("svg")
    assert read_svg(svg) == page  # what a citizen's phone reads from the poster
    poster = await (await client.get("/service_hall/queue/poster")).text()
    assert page in poster
    assert f'src="/service_hall/queue/{busy_public_hall.entry_id}/qr.svg"' in poster
    assert "扫码查看排队情况" in poster


async def test_without_an_address_set_the_poster_says_where_to_set_it(
    hass: HomeAssistant, busy_public_hall: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    # What Home Assistant detects by itself (here a documentation address, as a sandbox's own) is
    # what get_url would fall back to: the poster must not print it.
    hass.config.api = ApiConfig("192.0.2.2", "0.0.0.0", 8123, False)
    hass.config.internal_url = hass.config.external_url = None  # nothing set in Settings
    assert get_url(hass, prefer_external=True) == "http://192.0.2.2:8123"
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    for path in (
        "/poster",
        "/qr.svg",
        f"/{busy_public_hall.entry_id}/poster",
        f"/{busy_public_hall.entry_id}/qr.svg",
    ):
        response = await client.get(f"/service_hall/queue{path}")
        assert response.status == HTTPStatus.SERVICE_UNAVAILABLE, path
        assert response.content_type == "text/html"
        html = await response.text()
        assert "192.0.2.2" not in html
        assert "设置 → 系统 → 网络" in html and "Settings → System → Network" in html, path
        assert "<img" not in html
    # The queue page itself needs no address.
    assert (await client.get("/service_hall/queue")).status == HTTPStatus.OK
    # Once an address is set, the poster prints it.
    await async_process_ha_core_config(hass, {"internal_url": "http://192.168.1.20:8123"})
    poster = await client.get("/service_hall/queue/poster")
    assert poster.status == HTTPStatus.OK
    assert f"http://192.168.1.20:8123/service_hall/queue/{busy_public_hall.entry_id}" in await poster.text()


async def test_an_internal_address_is_used_when_there_is_no_external_one(
    hass: HomeAssistant, busy_public_hall: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    hass.config.api = ApiConfig("192.0.2.2", "0.0.0.0", 8123, False)
    # An IP the owner set is fine (a hall's LAN): only the detected one is not.
    await async_process_ha_core_config(hass, {"internal_url": "http://10.1.2.3:8123/"})
    hass.config.external_url = None
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    page = f"http://10.1.2.3:8123/service_hall/queue/{busy_public_hall.entry_id}"
    response = await client.get("/service_hall/queue/qr.svg")
    assert response.status == HTTPStatus.OK
    assert read_svg(await response.read()) == page
    assert page in await (await client.get(f"/service_hall/queue/{busy_public_hall.entry_id}/poster")).text()


async def test_the_external_address_comes_before_the_internal_one(
    hass: HomeAssistant, busy_public_hall: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    await async_process_ha_core_config(
        hass, {"internal_url": "http://10.1.2.3:8123", "external_url": "https://hall.example.cn:8443"}
    )
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    poster = await (await client.get("/service_hall/queue/poster")).text()
    assert f"https://hall.example.cn:8443/service_hall/queue/{busy_public_hall.entry_id}" in poster
    assert "10.1.2.3" not in poster
    svg = await (await client.get("/service_hall/queue/qr.svg")).read()
    assert read_svg(svg) == f"https://hall.example.cn:8443/service_hall/queue/{busy_public_hall.entry_id}"
