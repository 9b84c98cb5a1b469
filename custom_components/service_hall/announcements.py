"""What the hall says when it calls a ticket, in both of its languages."""

from __future__ import annotations

from typing import Any

from .hall import Hall


def announcement(ticket: str, window: int, language: str) -> str:
    """What the hall says: 请A023号到5号窗口办理 / Ticket A023, please go to window 5."""
    if language == "zh-Hans":
        return f"请{ticket}号到{window}号窗口办理"
    return f"Ticket {ticket}, please go to window {window}"


def call_attributes(hall: Hall, window: int, ticket: str) -> dict[str, Any]:
    """What a call carries: enough for a display or a voice announcement."""
    found = hall.state.tickets[ticket]
    service = hall.layout.services.get(found.service)
    language = hall.settings.language
    return {
        "ticket": ticket,
        "window": window,
        "service": found.service,
        "service_name": service.name(language) if service else found.service,
        "announcement": announcement(ticket, window, language),
        "announcement_zh": announcement(ticket, window, "zh-Hans"),
        "announcement_en": announcement(ticket, window, "en"),
    }
