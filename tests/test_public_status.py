"""The public queue status: 404 unless turned on, then without login; aggregates only; cached; flood-proof."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.service_hall import public_status
from custom_components.service_hall.public_status import HELD_AT_MOST, RATE_PER_S, PublicStatusView
from homeassistant.core import HomeAssistant

from .conftest import act
from .helpers import coordinator_of
from .public_hall import ID_NUMBER, PHONE, busy_public_hall, turn_on_public_status

__all__ = ["busy_public_hall"]  # the fixture, used by name


async def test_off_by_default_even_for_a_logged_in_user(
    hass: HomeAssistant,
    busy_public_hall: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    hass_client: ClientSessionGenerator,
) -> None:
    for client in (await hass_client_no_auth(), await hass_client()):
        for path in (f"/api/service_hall/status/{busy_public_hall.entry_id}", "/api/service_hall/status"):
            response = await client.get(path)
            assert response.status == HTTPStatus.NOT_FOUND, path


async def test_on_it_needs_no_login_and_shows_only_aggregates(
    hass: HomeAssistant, busy_public_hall: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    response = await client.get(f"/api/service_hall/status/{busy_public_hall.entry_id}")
    assert response.status == HTTPStatus.OK
    assert response.headers["Cache-Control"] == "public, max-age=5"
    body = await response.json()
    assert body["open"] is True
    assert body["services"]["household"]["waiting"] == 1
    assert body["services"]["household"]["serving"] == ["A001"]
    assert body["services"]["household"]["name"] == {"zh-Hans": "户籍业务", "en": "Household registration"}
    assert body["services"]["tax"]["estimated_wait"] is not None
    text = await response.text()
    staff_names = [p.name for p in coordinator_of(busy_public_hall).hall.layout.staff.values() if p.name]
    assert staff_names and [word for word in (PHONE, ID_NUMBER, "SP100", *staff_names) if word in text] == []
    codes = list(coordinator_of(busy_public_hall).hall.state.appointments)
    assert codes and not any(code in text for code in codes)
    # The first hall without its id, as a QR code at the entrance would name it.
    assert (await client.get("/api/service_hall/status")).status == HTTPStatus.OK


async def test_how_many_are_ahead_of_a_ticket(
    hass: HomeAssistant, busy_public_hall: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    url = f"/api/service_hall/status/{busy_public_hall.entry_id}"
    response = await client.get(url, params={"ticket": " d002 "})
    assert response.status == HTTPStatus.OK
    answer = (await response.json())["ticket"]
    expected = await act(hass, "get_ticket", ticket="D002")
    assert answer["people_ahead"] == expected["people_ahead"] and answer["state"] == "waiting"
    assert (await client.get(url, params={"ticket": "Z999"})).status == HTTPStatus.NOT_FOUND
    bad = await client.get(url, params={"ticket": "A001; DROP"})
    assert bad.status == HTTPStatus.BAD_REQUEST
    assert (await bad.json())["message"]["zh-Hans"]


async def test_answers_are_cached_for_five_seconds(
    hass: HomeAssistant,
    busy_public_hall: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    hall_time: FrozenDateTimeFactory,
) -> None:
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    url = f"/api/service_hall/status/{busy_public_hall.entry_id}"
    first = await (await client.get(url)).read()
    await act(hass, "issue_ticket", service="household")
    assert await (await client.get(url)).read() == first  # within 5 s: the same bytes
    hall_time.tick(timedelta(seconds=6))
    fresh = await (await client.get(url)).json()
    assert fresh["services"]["household"]["waiting"] == 2


async def test_a_flood_from_one_address_is_turned_away_and_the_hall_goes_on(
    hass: HomeAssistant,
    busy_public_hall: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    hall_time: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The loop's clock is frozen here: refusals are not held back (test_refusals_are_held_back).
    monkeypatch.setattr(public_status, "TARPIT_S", 0)
    await turn_on_public_status(hass, busy_public_hall)
    client = await hass_client_no_auth()
    url = f"/api/service_hall/status/{busy_public_hall.entry_id}"

    async def ask() -> int:
        return (await client.get(url)).status

    async def work() -> list[str]:
        issued = []
        for _ in range(50):
            answer = await act(hass, "issue_ticket", service="household")
            issued.append(answer["ticket"])
        return issued

    flood = [asyncio.ensure_future(ask()) for _ in range(2000)]
    issued = await work()
    assert len(set(issued)) == 50  # every action answered while the refused are held back
    statuses = await asyncio.gather(*flood)
    assert statuses.count(HTTPStatus.OK) == RATE_PER_S  # one second of the clock (frozen here)
    assert statuses.count(HTTPStatus.TOO_MANY_REQUESTS) == 2000 - RATE_PER_S
    hall_time.tick(timedelta(seconds=1))
    assert await ask() == HTTPStatus.OK  # the next second the address is served again


async def test_refusals_are_held_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused request is answered late (a looping client slows down), but only so many at once."""
    monkeypatch.setattr(public_status, "TARPIT_S", 0.2)
    view = PublicStatusView()
    started = time.perf_counter()
    answers = await asyncio.gather(*(view._too_many() for _ in range(3)))
    assert time.perf_counter() - started >= 0.2
    assert {a.status for a in answers} == {HTTPStatus.TOO_MANY_REQUESTS}
    assert answers[0].headers["Retry-After"] == "1" and view._held == 0
    view._held = HELD_AT_MOST  # already holding all it may: answered at once
    started = time.perf_counter()
    assert (await view._too_many()).status == HTTPStatus.TOO_MANY_REQUESTS
    assert time.perf_counter() - started < 0.1
