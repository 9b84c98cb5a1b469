"""The public queue status: read-only JSON without login, for citizens' phones, only where the hall turns it on.

``GET /api/service_hall/status/<entry_id>`` (or ``/api/service_hall/status`` for the first hall)
answers 404 unless the hall's option "public queue status" is on; then, without login, per
service its waiting count, estimated wait and the numbers at its windows, and with
``?ticket=A023`` how many are ahead of that ticket. Aggregates and ticket numbers only: no names,
no appointment codes or references, no staff.

A hall's phones may all ask at once (a QR code at the entrance): the answer is built at most
once per 5 seconds per hall and question and served as the same bytes, and one address asking
more than 20 times a second gets 429, so a script cannot take the server from the hall.
"""

from __future__ import annotations

import asyncio
import re
import time
from datetime import datetime
from http import HTTPStatus
from typing import Any

from aiohttp import web

from homeassistant.core import HomeAssistant
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.helpers.json import json_bytes
from homeassistant.util import dt as dt_util

from .const import CONF_PUBLIC_STATUS
from .coordinator import HallCoordinator
from .hall import HallError
from .hall.screens import public_queue
from .runtime import loaded_hall

CACHE_S = 5.0
CACHE_ENTRIES = 512  # tickets asked about within CACHE_S, per hall; older answers are dropped first
RATE_PER_S = 20  # requests a second from one address
ADDRESSES = 4096  # addresses remembered at most (forgotten after a second anyway)
TARPIT_S = 1.0  # a refused request is answered this late ...
HELD_AT_MOST = 256  # ... up to this many at once (past that, at once: a held request costs memory)
TICKET_PATTERN = re.compile(r"^[A-Z]{1,3}\d{1,4}$")
# Citizens' phones are in any language: both, Chinese first.
MESSAGES: dict[str, dict[str, str]] = {
    "bad_ticket": {"zh-Hans": "票号格式不对，例如 A023。", "en": "A ticket number looks like A023."},
    "unknown_ticket": {"zh-Hans": "今天没有这个票号。", "en": "No such ticket today."},
    "not_found": {"zh-Hans": "本大厅未开放排队查询。", "en": "This hall does not publish its queue."},
}


def public_hall(hass: HomeAssistant, entry_id: str | None) -> HallCoordinator | None:
    """A running hall that publishes its queue (the first when None), or None: "not found"."""
    runtime = loaded_hall(hass, entry_id)
    if runtime is None or not runtime.coordinator.entry.options.get(CONF_PUBLIC_STATUS, False):
        return None
    return runtime.coordinator


def public_view(coordinator: HallCoordinator, now: datetime) -> dict[str, Any]:
    """What anyone may see of the hall (``hall/screens.py``), with the hall's name."""
    return {"hall": coordinator.entry.title, **public_queue(coordinator.hall, now)}


def ticket_view(coordinator: HallCoordinator, number: str, now: datetime) -> dict[str, Any] | None:
    """Where one ticket stands (people ahead, wait left, its window once called); None if unknown."""
    try:
        info = coordinator.hall.ticket_info(number, now).as_dict()
    except HallError:
        return None
    return {"ticket": info, **public_view(coordinator, now)}


class AddressGuard:
    """At most RATE_PER_S requests a second from one address; the memory of addresses stays bounded."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[int, int]] = {}  # address -> (second, requests in it)

    def allow(self, address: str, now: float) -> bool:
        second = int(now)
        first, count = self._seen.get(address, (second, 0))
        if first != second:
            count = 0
        if len(self._seen) >= ADDRESSES and address not in self._seen:
            # Only this second's addresses matter: forget the rest.
            self._seen = {a: v for a, v in self._seen.items() if v[0] == second}
        self._seen[address] = (second, count + 1)
        return count < RATE_PER_S


class CachedPublicView(HomeAssistantView):
    """A public view of a hall, when its option is on: rate-limited per address, cached per question.

    Subclasses say what an answer looks like (``content_type``, ``build``, ``refusal``).
    """

    requires_auth = False
    content_type = "application/json"

    def __init__(self) -> None:
        self.guard = AddressGuard()
        self._held = 0  # refused requests being held back
        self._cache: dict[tuple[str, str | None], tuple[float, int, bytes]] = {}

    async def get(self, request: web.Request, entry_id: str | None = None) -> web.Response:
        now = time.monotonic()
        if not self.guard.allow(request.remote or "", now):
            return await self._too_many()
        if (coordinator := public_hall(request.app[KEY_HASS], entry_id)) is None:
            return self.respond(HTTPStatus.NOT_FOUND, self.refusal("not_found"))
        ticket = request.query.get("ticket")
        if ticket is not None:
            ticket = ticket.strip().upper()
            if not TICKET_PATTERN.match(ticket):
                return self.respond(HTTPStatus.BAD_REQUEST, self.refusal("bad_ticket"))
        key = (coordinator.entry.entry_id, ticket)
        cached = self._cache.get(key)
        if cached is None or now - cached[0] >= CACHE_S:
            cached = (now, *self.build(coordinator, ticket, dt_util.now()))
            if len(self._cache) >= CACHE_ENTRIES:
                self._cache = {k: v for k, v in self._cache.items() if now - v[0] < CACHE_S}
            self._cache[key] = cached
        return self.respond(HTTPStatus(cached[1]), cached[2], cache=True)

    async def _too_many(self) -> web.Response:
        """429, answered a second late: a client hammering in a loop then asks once a second per
        connection, where an immediate answer would let it spend the event loop on refusals."""
        if self._held < HELD_AT_MOST:
            self._held += 1
            try:
                await asyncio.sleep(TARPIT_S)
            finally:
                self._held -= 1
        return web.Response(
            status=HTTPStatus.TOO_MANY_REQUESTS, headers={"Retry-After": "1", "Connection": "close"}
        )

    def build(self, coordinator: HallCoordinator, ticket: str | None, now: datetime) -> tuple[int, bytes]:
        """The answer's status and body (cached CACHE_S)."""
        raise NotImplementedError

    def refusal(self, error: str) -> bytes:
        """The body of a refusal: not_found, bad_ticket, unknown_ticket."""
        raise NotImplementedError

    def respond(self, status: HTTPStatus, body: bytes, *, cache: bool = False) -> web.Response:
        headers = (
            {"Cache-Control": f"public, max-age={int(CACHE_S)}"} if cache else {"Cache-Control": "no-store"}
        )
        return web.Response(status=status, body=body, content_type=self.content_type, headers=headers)


REFUSALS = {
    "not_found": json_bytes({"error": "not_found"}),
    "bad_ticket": json_bytes({"error": "bad_ticket", "message": dict(MESSAGES["bad_ticket"])}),
    "unknown_ticket": json_bytes({"error": "unknown_ticket", "message": dict(MESSAGES["unknown_ticket"])}),
}


class PublicStatusView(CachedPublicView):
    """The public status of a hall as JSON, when its option is on."""

    url = "/api/service_hall/status/{entry_id}"
    extra_urls = ["/api/service_hall/status"]
    name = "api:service_hall:status"
    cors_allowed = True

    def build(self, coordinator: HallCoordinator, ticket: str | None, now: datetime) -> tuple[int, bytes]:
        if ticket is None:
            return HTTPStatus.OK, json_bytes(public_view(coordinator, now))
        view = ticket_view(coordinator, ticket, now)
        if view is None:
            return HTTPStatus.NOT_FOUND, REFUSALS["unknown_ticket"]
        return HTTPStatus.OK, json_bytes(view)

    def refusal(self, error: str) -> bytes:
        return REFUSALS[error]
