"""A busy hall behind the public status endpoints, shared by the JSON and the HTML page's tests.

The appointments carry personal references (a phone number, an ID card number) so that each test
can check none of them leaks to the public.
"""

from __future__ import annotations

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from homeassistant.core import HomeAssistant

from .conftest import act
from .helpers import open_hall

PHONE, ID_NUMBER = "13812345678", "110101199003071234"


async def turn_on_public_status(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Publish the hall's status (option ``public_status``)."""
    hass.config_entries.async_update_entry(entry, options={**entry.options, "public_status": True})
    await hass.async_block_till_done()  # the hall reloads


@pytest.fixture
async def busy_public_hall(hass: HomeAssistant, init_integration: MockConfigEntry) -> MockConfigEntry:
    """Windows staffed, tickets waiting and called, appointments booked with personal references."""
    await open_hall(hass)
    for service in ("household", "household", "tax", "business"):
        await act(hass, "issue_ticket", service=service)
    await act(hass, "call_next", window=1)
    for start, reference in (("09:30", PHONE), ("10:00", ID_NUMBER)):
        await act(
            hass, "book_appointment", service="tax", start=f"2026-11-23T{start}:00+08:00", reference=reference
        )
    return init_integration
