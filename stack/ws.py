"""A small client of Home Assistant's websocket API: log in with a token, send commands, call actions."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiohttp


class HomeAssistantSocket:
    """One authenticated websocket connection; commands are answered in order."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.last_id = 0

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(cls, url: str, token: str) -> AsyncIterator[HomeAssistantSocket]:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(url.rstrip("/") + "/api/websocket") as ws,
        ):
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": token})
            answer = await ws.receive_json()
            if answer.get("type") != "auth_ok":
                raise RuntimeError(f"Home Assistant refused the token: {answer.get('message', answer)}")
            yield cls(ws)

    async def send(self, command: dict[str, Any]) -> Any:
        """Send a command; its result, or RuntimeError with Home Assistant's error."""
        self.last_id += 1
        await self.ws.send_json({"id": self.last_id, **command})
        while True:
            answer = await self.ws.receive_json()
            if answer.get("id") == self.last_id and answer.get("type") == "result":
                if not answer.get("success"):
                    error = answer.get("error") or {}
                    raise RuntimeError(f"{command.get('type')}: {error.get('message', error)}")
                return answer.get("result")

    async def call(self, domain: str, action: str, data: dict[str, Any], *, response: bool = True) -> Any:
        """Call an action; its answer (``response``) or None."""
        result = await self.send(
            {
                "type": "call_service",
                "domain": domain,
                "service": action,
                "service_data": data,
                "return_response": response,
            }
        )
        return (result or {}).get("response")
