"""A small client for Frigate's HTTP API, on Home Assistant's shared aiohttp session.

Frigate listens on two ports: 5000 is internal and open (``http://frigate:5000``); 8971 needs a
login, whose token is sent here as a Bearer token (``https://frigate:8971`` with ``token=``).
The token never appears in logs, in error messages or in the client's repr.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import aiohttp
from yarl import URL

_LOGGER = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0


class FrigateError(Exception):
    """Frigate could not be reached or gave an unusable answer.

    The message is short and holds no secret. ``status`` is the HTTP status when Frigate
    answered with an error (401 and 403 mean a missing or wrong token).
    """

    def __init__(self, message: str, *, status: int | None = None) -> None:
        """Keep the HTTP status, if any, beside the message."""
        super().__init__(message)
        self.status = status


def _without_credentials(url: str) -> str:
    """The URL without any ``user:password@`` part, for messages."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    netloc = parts.hostname or ""
    if parts.port is not None:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


class FrigateClient:
    """Read Frigate's version, configuration and events; build snapshot URLs."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        *,
        token: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Talk to the Frigate at ``url`` (e.g. ``http://frigate:5000``)."""
        self._session = session
        self._url = url.strip().rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._timeout_s = timeout
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    def __repr__(self) -> str:
        """No token in the repr."""
        return f"FrigateClient({self.url!r}, token={'set' if self._headers else 'none'})"

    @property
    def url(self) -> str:
        """The base URL, without credentials: safe to show to users."""
        return _without_credentials(self._url)

    # ------------------------------------------------------------------ requests

    async def _get(self, path: str, query: dict[str, str] | None = None) -> str:
        """GET ``path`` and answer the body as text; every failure is a FrigateError."""
        try:
            return (await self._get_bytes(path, query)).decode()
        except UnicodeDecodeError as err:
            raise FrigateError(f"Frigate's answer to {path} is not text") from err

    async def _get_bytes(self, path: str, query: dict[str, str] | None = None) -> bytes:
        """GET ``path`` and answer the body; every failure is a FrigateError."""
        raw = self._url + path
        if query:
            # quote_via=quote: a space is %20 (``cell%20phone``), as Frigate's own UI sends it.
            raw += "?" + urlencode(query, quote_via=quote, safe="")
        _LOGGER.debug("GET %s%s", self.url, raw.removeprefix(self._url))
        try:
            async with self._session.get(
                URL(raw, encoded=True), headers=self._headers, timeout=self._timeout
            ) as response:
                if response.status >= 400:
                    hint = " (check the token)" if response.status in (401, 403) else ""
                    raise FrigateError(
                        f"Frigate answered HTTP {response.status} to {path}{hint}",
                        status=response.status,
                    )
                return await response.read()
        except FrigateError:
            raise
        except TimeoutError as err:
            raise FrigateError(f"Frigate did not answer {path} within {self._timeout_s:g} s") from err
        except aiohttp.ClientError as err:
            detail = str(err) or type(err).__name__
            raise FrigateError(f"cannot reach Frigate at {self.url}: {detail}") from err

    async def _get_json(self, path: str, query: dict[str, str] | None = None) -> Any:
        text = await self._get(path, query)
        try:
            return json.loads(text)
        except ValueError as err:
            raise FrigateError(f"Frigate's answer to {path} is not JSON") from err

    # ------------------------------------------------------------------ API

    async def version(self) -> str:
        """Frigate's version, e.g. ``0.17.2-a1b2c3d`` (``GET /api/version``, plain text)."""
        version = (await self._get("/api/version")).strip()
        if not version:
            raise FrigateError("Frigate's answer to /api/version is empty")
        return version

    async def config(self) -> dict[str, Any]:
        """Frigate's running configuration (``GET /api/config``)."""
        data = await self._get_json("/api/config")
        if not isinstance(data, dict):
            raise FrigateError("Frigate's answer to /api/config is not an object")
        return data

    async def zones(self) -> dict[str, list[str]]:
        """Every zone name, with the cameras (sorted) that define it."""
        cameras = (await self.config()).get("cameras")
        if not isinstance(cameras, dict):
            raise FrigateError("Frigate's configuration has no cameras")
        zones: dict[str, list[str]] = {}
        for camera, camera_config in cameras.items():
            camera_zones = camera_config.get("zones") if isinstance(camera_config, dict) else None
            for zone in camera_zones or {}:
                zones.setdefault(zone, []).append(camera)
        return {zone: sorted(names) for zone, names in sorted(zones.items())}

    async def latest_event(self, *, zone: str, label: str | None = None) -> dict[str, Any] | None:
        """The newest event with a snapshot in ``zone`` (of ``label`` if given), or None."""
        query = {"zones": zone, "limit": "1"}
        if label is not None:
            query["labels"] = label
        query["has_snapshot"] = "1"
        events = await self._get_json("/api/events", query)
        if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
            raise FrigateError("Frigate's answer to /api/events is not a list of events")
        return events[0] if events else None

    async def snapshot(self, event_id: str) -> bytes:
        """An event's snapshot (JPEG), cropped to the object, with its box."""
        return await self._get_bytes(
            f"/api/events/{quote(event_id, safe='')}/snapshot.jpg", {"bbox": "1", "crop": "1"}
        )

    async def latest_frame(self, camera: str) -> bytes:
        """A camera's latest frame (JPEG), with zones and boxes drawn."""
        return await self._get_bytes(f"/api/{quote(camera, safe='')}/latest.jpg", {"zones": "1", "bbox": "1"})

    def snapshot_url(self, event_id: str) -> str:
        """The URL of an event's snapshot, cropped to the object, with its box."""
        return f"{self._url}/api/events/{quote(event_id, safe='')}/snapshot.jpg?bbox=1&crop=1"

    def latest_frame_url(self, camera: str) -> str:
        """The URL of a camera's latest frame, with zones and boxes drawn."""
        return f"{self._url}/api/{quote(camera, safe='')}/latest.jpg?zones=1&bbox=1"
