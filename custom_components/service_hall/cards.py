"""The Lovelace cards shipped with the integration: served by Home Assistant, no build step.

One plain JavaScript module (``frontend/service-hall-cards.js``) defines every card. It is
served from a static path and added to every page of the frontend, with its content hash in the
URL so that browsers and wall tablets fetch the new file after an upgrade.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components.frontend import add_extra_js_url
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant

CARDS_FILE = Path(__file__).parent / "frontend" / "service-hall-cards.js"
CARDS_URL = "/service_hall/service-hall-cards.js"


def _digest() -> str:
    return hashlib.sha256(CARDS_FILE.read_bytes()).hexdigest()[:12]


async def async_register_cards(hass: HomeAssistant) -> str | None:
    """Serve the cards and load them on every frontend page; answers the URL added.

    Without the frontend (a headless install, or tests) there is nothing to add them to.
    """
    if "frontend" not in hass.config.components:
        return None
    await hass.http.async_register_static_paths([StaticPathConfig(CARDS_URL, str(CARDS_FILE), True)])
    url = f"{CARDS_URL}?v={await hass.async_add_executor_job(_digest)}"
    add_extra_js_url(hass, url)
    return url
