"""Events: every change of a hall is one, in a log that is persisted and replayed."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import Any

from .supervision import AlertKind, StaffState


class EventKind(StrEnum):
    """What happened."""

    ISSUE = "issue"
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    TRANSFER = "transfer"
    NO_SHOW = "no_show"
    REACTIVATE = "reactivate"
    CANCEL = "cancel"
    RATE = "rate"
    OPEN = "open"
    CLOSE = "close"
    PAUSE = "pause"
    RESUME = "resume"
    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    BOOK = "book"
    CHECK_IN = "check_in"
    EXPIRE = "expire"
    STAFF_STATE = "staff_state"  # supervision: a window's staff member changed state
    ALERT = "alert"  # supervision: away from post or on the phone past the alert time
    ACK = "ack"  # an alert acknowledged


@dataclass(frozen=True, slots=True, kw_only=True)
class HallEvent:
    """One fact of the hall's day, with its full timestamp.

    Events are facts, not requests: the ticket a call chose is in the event, so replaying the
    log gives the same state whatever the dispatch policy is by then.
    """

    kind: EventKind
    at: datetime
    ticket: str | None = None
    prefix: str | None = None
    seq: int | None = None
    service: str | None = None
    window: int | None = None
    staff: str | None = None
    reason: str | None = None
    priority: bool | None = None
    source: str | None = None
    appointment: str | None = None
    target_service: str | None = None
    target_window: int | None = None
    grade: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    reference: str | None = None
    estimate: float | None = None
    auto: bool | None = None
    state: str | None = None  # a StaffState (STAFF_STATE; ``start`` is when it began)
    alert: str | None = None  # an AlertKind (ALERT; ``start`` is when the episode began)
    alert_id: str | None = None  # ALERT, ACK
    duration: float | None = None  # seconds (ALERT)
    frigate_event: str | None = None  # the Frigate event behind an alert (its snapshot)
    camera: str | None = None
    answers: dict[str, str] | None = None  # the materials guide's answers (ISSUE, CHECK_IN)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, leaving out empty fields."""
        out: dict[str, Any] = {}
        for name in _FIELD_NAMES:  # not dataclasses.asdict: it deep-copies, on every action
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, StrEnum):
                value = str(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HallEvent:
        """Read back what :meth:`to_dict` wrote."""
        values: dict[str, Any] = {k: v for k, v in data.items() if k in _FIELD_NAMES}
        values["kind"] = EventKind(values["kind"])
        for name in ("at", "start", "end"):
            if name in values:
                values[name] = datetime.fromisoformat(values[name])
        # Unknown supervision values are refused like unknown kinds (the journal skips the line).
        if "state" in values:
            values["state"] = StaffState(values["state"])
        if "alert" in values:
            values["alert"] = AlertKind(values["alert"])
        return cls(**values)


_FIELD_NAMES = tuple(f.name for f in fields(HallEvent))
