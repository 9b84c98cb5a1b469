"""Diagnostics: useful figures, no personal data."""

from __future__ import annotations

from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.service_hall.diagnostics import async_get_config_entry_diagnostics
from homeassistant.core import HomeAssistant

from .conftest import act
from .helpers import open_hall


async def test_diagnostics(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Diagnostics of a hall in the middle of a morning, with names, photos and references redacted."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "book_appointment", service="tax", start="2026-11-23 10:00:00", reference="WX-12345")
    # The staff states the sign-ins caused are journalled in tasks of their own (supervision.py):
    # settled first, or a loaded machine would count fewer of them.
    await hass.async_block_till_done()
    # Called directly: the test clock sits a day after the test client's token was issued.
    diagnostics = await async_get_config_entry_diagnostics(hass, init_integration)
    text = repr(diagnostics)
    for personal in ("李明", "王芳", "sp1001.svg", "WX-12345"):
        assert personal not in text
    assert diagnostics == snapshot
