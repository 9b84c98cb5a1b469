"""What one service day hands to the next: future appointments (the rest starts afresh)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .model import Appointment
from .state import HallState


def carry_over(state: HallState) -> dict[str, Any]:
    """Plain form of what a day starts with."""
    return {
        "service_date": state.service_date.isoformat(),
        "appointments": [
            {
                "code": a.code,
                "service": a.service,
                "start": a.start.isoformat(),
                "end": a.end.isoformat(),
                "reference": a.reference,
                "cancelled": a.cancelled,
            }
            for a in state.appointments.values()
        ],
    }


def day_start(data: dict[str, Any]) -> HallState:
    """A day's state before its first event, read back from :func:`carry_over`."""
    state = HallState(date.fromisoformat(data["service_date"]))
    for item in data.get("appointments", []):
        state.appointments[item["code"]] = Appointment(
            code=item["code"],
            service=item["service"],
            start=datetime.fromisoformat(item["start"]),
            end=datetime.fromisoformat(item["end"]),
            reference=item.get("reference", ""),
            cancelled=bool(item.get("cancelled")),
        )
    return state
