"""Appointment contact details (name, phone): personal data, kept apart from everything else.

They are written to a store of their own (``.storage/service_hall.<entry>.contacts``), never to
the day's journal, the hall's state, entities, events, the live view or diagnostics. Only an
administrator reads them back (``get_appointment_contact``, to reach a citizen whose slot must
move). They are deleted when the appointment is cancelled, and otherwise ``contact_days`` after the
appointment's day, checked at the hall's daily rollover and at setup.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .const import DOMAIN

STORAGE_VERSION = 1


class Contact(TypedDict):
    """What a booking system may leave with the hall for one appointment."""

    name: str
    phone: str
    day: str  # the appointment's service day (ISO): it decides when the contact goes


class AppointmentContacts:
    """The contact details of a hall's appointments, by appointment code."""

    def __init__(self, hass: HomeAssistant, entry_id: str, keep_days: int) -> None:
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.contacts", private=True, atomic_writes=True
        )
        self.keep_days = keep_days
        self._contacts: dict[str, Contact] = {}

    async def async_load(self, today: date) -> None:
        """Read the store and drop what is due (``today``: the hall's service day)."""
        stored = await self._store.async_load() or {}
        self._contacts = dict(stored.get("contacts", {}))
        await self.async_purge(today)

    def get(self, code: str) -> Contact | None:
        """One appointment's contact, if the booking left one and it is still kept."""
        return self._contacts.get(code)

    def __len__(self) -> int:
        return len(self._contacts)

    async def async_add(self, code: str, contact: Contact) -> None:
        """Keep a new appointment's contact (written before the booking is answered)."""
        self._contacts[code] = contact
        await self._async_save()

    async def async_remove(self, code: str) -> None:
        """Forget one appointment's contact (it was cancelled)."""
        if self._contacts.pop(code, None) is not None:
            await self._async_save()

    async def async_purge(self, today: date) -> int:
        """Delete contacts whose appointment's day is more than ``keep_days`` ago; answers how many."""
        last_kept = today - timedelta(days=self.keep_days)
        due = [code for code, c in self._contacts.items() if date.fromisoformat(c["day"]) < last_kept]
        for code in due:
            del self._contacts[code]
        if due:
            await self._async_save()
        return len(due)

    async def _async_save(self) -> None:
        await self._store.async_save({"contacts": self._contacts})

    async def async_remove_store(self) -> None:
        """The hall is removed: its contacts go with it."""
        await self._store.async_remove()
