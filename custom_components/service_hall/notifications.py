"""What a supervisor's phone needs from an alert: a snapshot it can open and a working button.

Blueprints turn alerts into companion-app notifications. Two things there need the
integration:

- the image: the phone fetches it itself, so a Frigate address inside the hall's network is no
  use. With the Frigate integration's notification proxy enabled the image is its relative
  path (the phone resolves it against its own Home Assistant connection); otherwise it is our
  own view, behind Home Assistant's authentication, with a signed link that expires;
- the acknowledge button: its action id names the hall and the alert, and the
  ``mobile_app_notification_action`` event it fires is answered here, recording the phone's
  user as the one who acknowledged.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from aiohttp import web

from homeassistant.components.http.auth import async_sign_path
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util import slugify

from .const import ACK_ACTION_PREFIX
from .frigate_client import FrigateClient, FrigateError
from .runtime import loaded_hall

_LOGGER = logging.getLogger(__name__)

EVENT_NOTIFICATION_ACTION = "mobile_app_notification_action"
FRIGATE_DOMAIN = "frigate"
# How long a snapshot link of ours works (also until Home Assistant restarts: the key is new).
SNAPSHOT_LINK_LIFETIME = timedelta(hours=24)
SNAPSHOT_PATH = "/api/service_hall/{entry_id}/alerts/{alert_id}/snapshot.jpg"


def ack_action(entry_id: str, alert_id: str) -> str:
    """The action id of a notification button that acknowledges an alert."""
    return f"{ACK_ACTION_PREFIX}:{entry_id}:{alert_id}"


def parse_ack_action(action: object) -> tuple[str, str] | None:
    """(entry id, alert id) of an acknowledge button's action id, or None for any other."""
    if not isinstance(action, str):
        return None
    prefix, _, rest = action.partition(":")
    entry_id, _, alert_id = rest.partition(":")
    if prefix != ACK_ACTION_PREFIX or not entry_id or not alert_id:
        return None
    return entry_id, alert_id


def _frigate_proxy_enabled(hass: HomeAssistant) -> bool:
    """Whether the Frigate integration is loaded with its notification proxy on (its default)."""
    return any(
        entry.options.get("notification_proxy_enable", True)
        for entry in hass.config_entries.async_loaded_entries(FRIGATE_DOMAIN)
    )


def phone_snapshot_url(
    hass: HomeAssistant,
    entry_id: str,
    frigate: FrigateClient | None,
    alert_id: str,
    event_id: str | None,
    camera: str | None,
) -> str | None:
    """A URL a phone can open for the alert's picture, or None when there is none to give."""
    if event_id and _frigate_proxy_enabled(hass):
        return f"/api/frigate/notifications/{quote(event_id, safe='')}/snapshot.jpg"
    if frigate is None or not alert_id or not (event_id or camera):
        return None
    path = SNAPSHOT_PATH.format(entry_id=entry_id, alert_id=quote(alert_id, safe=""))
    return async_sign_path(hass, path, SNAPSHOT_LINK_LIFETIME, use_content_user=True)


def camera_entity_id(hass: HomeAssistant, camera: str | None) -> str | None:
    """The camera entity the Frigate integration made for a Frigate camera, if there is one."""
    if not camera:
        return None
    entity_id = f"camera.{slugify(camera)}"
    return entity_id if hass.states.get(entity_id) is not None else None


class AlertSnapshotView(HomeAssistantView):
    """An alert's Frigate snapshot (or the camera's frame when Frigate had no event), proxied.

    Behind Home Assistant's authentication: a phone opens it through a signed link.
    """

    url = SNAPSHOT_PATH
    name = "api:service_hall:alert_snapshot"
    requires_auth = True

    async def get(self, request: web.Request, entry_id: str, alert_id: str) -> web.StreamResponse:
        """The JPEG, or 404 when the hall, the alert (today's only) or Frigate is unknown."""
        runtime = loaded_hall(request.app[KEY_HASS], entry_id)
        alert = runtime.hall.state.alerts.get(alert_id) if runtime else None
        if (
            runtime is None
            or alert is None
            or (frigate := runtime.frigate) is None
            or not (alert.frigate_event or alert.camera)
        ):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        try:
            if alert.frigate_event:
                image = await frigate.snapshot(alert.frigate_event)
            else:
                image = await frigate.latest_frame(alert.camera or "")
        except FrigateError as err:
            _LOGGER.warning("No snapshot for alert %s: %s", alert_id, err)
            return web.Response(status=HTTPStatus.BAD_GATEWAY)
        return web.Response(
            body=image, content_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"}
        )


@callback
def async_setup_notifications(hass: HomeAssistant) -> None:
    """Serve snapshots and answer acknowledge buttons (once, for every hall)."""
    hass.http.register_view(AlertSnapshotView())

    @callback
    def is_ours(event_data: Mapping[str, Any]) -> bool:
        return parse_ack_action(event_data.get("action")) is not None

    async def acknowledge(event: Event[Mapping[str, Any]]) -> None:
        entry_id, alert_id = parse_ack_action(event.data.get("action")) or ("", "")
        if (runtime := loaded_hall(hass, entry_id)) is None:
            _LOGGER.debug("Acknowledge button of a hall that is not loaded: %s", entry_id)
            return
        coordinator = runtime.coordinator
        user = await hass.auth.async_get_user(event.context.user_id) if event.context.user_id else None
        try:
            await coordinator.async_execute(
                lambda now: coordinator.hall.acknowledge(alert_id, now, by=user.name if user else None)
            )
        except ServiceValidationError as err:
            # Pressed twice, or on two phones: the first one counts.
            _LOGGER.debug("Acknowledge button for %s not taken: %s", alert_id, err.translation_key)

    hass.bus.async_listen(EVENT_NOTIFICATION_ACTION, acknowledge, event_filter=is_ours)
