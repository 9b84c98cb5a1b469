"""Diagnostics of a hall: its settings, layout and today's figures, without personal data."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .layout_entries import STAFF_MEMBER
from .runtime import ServiceHallConfigEntry

# Officers' names and photos, and booking systems' references, stay out of diagnostics.
TO_REDACT = {"name", "photo", "reference"}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: ServiceHallConfigEntry
) -> dict[str, Any]:
    """Diagnostics for a hall."""
    runtime = entry.runtime_data
    coordinator = runtime.coordinator
    hall = coordinator.hall
    guides = runtime.materials.guides
    state = hall.state
    # The layout's items by subentry unique id; officers' names and photos left out.
    layout = {
        str(s.unique_id): async_redact_data(dict(s.data), TO_REDACT)
        if s.subentry_type == STAFF_MEMBER
        else dict(s.data)
        for s in entry.subentries.values()
    }
    return {
        "entry": {
            "title": entry.title,
            "data": dict(entry.data),
            "options": dict(entry.options),
            "layout": layout,
        },
        "day": {
            "service_date": state.service_date.isoformat(),
            "events": len(state.log),
            "event_kinds": _count(str(e.kind) for e in state.log),
            "tickets": _count(str(t.state) for t in state.tickets.values()),
            "waiting": {service: len(queue) for service, queue in state.waiting.items() if queue},
            "counters": dict(state.counters),
            "windows": {
                str(number): {
                    "status": str(hall.window_status(number)),
                    "ticket": w.ticket,
                    "pause_reason": w.pause_reason,
                    "staff_signed_in": w.staff is not None,
                }
                for number, w in state.windows.items()
            },
            "appointments": len(state.appointments),
            "figures": async_redact_data(state.stats.summary(), TO_REDACT),
        },
        "supervision": runtime.supervisor.diagnostics(),
        "units": runtime.units.diagnostics(),
        # Figures only: groups of service ids, rates, windows.
        "staffing": [a.as_dict() for a in runtime.advisor.advice.values()],
        "storage": {
            "history_days": len(coordinator.history),
            "journal_lines_skipped": coordinator.skipped_lines,
            # How many contacts are kept, never what they say.
            "appointment_contacts": len(coordinator.contacts),
        },
        "materials": {
            "guides": {
                service: {"file": g.file, "questions": len(g.questions), "documents": len(g.documents)}
                for service, g in guides.guides.items()
            },
            "refused": {file: len(mistakes) for file, mistakes in guides.refused.items()},
        },
    }


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
