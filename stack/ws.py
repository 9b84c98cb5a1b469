"""A small client of Home Assistant's websocket API: log in with a token, send commands, call actions.

One connection serves concurrent callers: a reader task hands every result to the command that
waits for it, and every event to its subscription's callback.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp


class CommandError(RuntimeError):
    """Home Assistant answered a command with an error (``code``, and the translated ``message``)."""

    def __init__(self, command: str, code: str, message: str) -> None:
        super().__init__(f"{command}: {message}")
        self.code = code
        self.message = message


class HomeAssistantSocket:
    """One authenticated websocket connection."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.last_id = 0
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._handlers: dict[int, Callable[[dict[str, Any]], None]] = {}
        self._reader = asyncio.create_task(self._read())

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
            client = cls(ws)
            try:
                yield client
            finally:
                client._reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await client._reader

    @property
    def closed(self) -> bool:
        return self._reader.done()

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                if message.type is not aiohttp.WSMsgType.TEXT:
                    continue
                data = message.json()
                for item in data if isinstance(data, list) else [data]:
                    if item.get("type") == "event" and (handler := self._handlers.get(item.get("id"))):
                        handler(item["event"])
                    elif (future := self._waiting.pop(item.get("id"), None)) and not future.done():
                        future.set_result(item)
        finally:
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(ConnectionError("Home Assistant closed the connection"))
            self._waiting.clear()

    async def send(self, command: dict[str, Any]) -> Any:
        """Send a command; its result, or CommandError with Home Assistant's error."""
        if self.closed:
            raise ConnectionError("Home Assistant closed the connection")
        self.last_id += 1
        number = self.last_id
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        try:
            await self.ws.send_json({"id": number, **command})
        except BaseException:
            self._waiting.pop(number, None)  # nobody will await it: its error must not be left behind
            future.cancel()
            raise
        answer = await future
        if not answer.get("success"):
            error = answer.get("error") or {}
            raise CommandError(
                str(command.get("type")), str(error.get("code", "")), str(error.get("message", error))
            )
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

    async def subscribe(self, command: dict[str, Any], handler: Callable[[Any], None]) -> None:
        """Send a subscription command; call ``handler`` with every event it brings."""
        self.last_id += 1
        number = self.last_id
        self._handlers[number] = handler
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self.ws.send_json({"id": number, **command})
        answer = await future
        if not answer.get("success"):
            self._handlers.pop(number, None)
            raise CommandError(str(command.get("type")), "", str(answer.get("error")))

    async def subscribe_events(self, event_type: str, handler: Callable[[Any], None]) -> None:
        """Call ``handler`` with every event of the type (its ``data``, ``time_fired`` ...)."""
        await self.subscribe({"type": "subscribe_events", "event_type": event_type}, handler)
