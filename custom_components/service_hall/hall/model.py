"""What a hall is made of: services, windows, staff, tickets and appointments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum


class TicketState(StrEnum):
    """Where a ticket is in its life."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


#: States in which a ticket still holds a citizen's place.
OPEN_TICKET_STATES = frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.SERVING})


class WindowStatus(StrEnum):
    """What a window shows to the hall (derived from its state and its ticket)."""

    CLOSED = "closed"
    IDLE = "idle"
    CALLING = "calling"
    SERVING = "serving"
    PAUSED = "paused"


class DispatchClass(StrEnum):
    """Classes of waiting tickets; the hall's dispatch order ranks them."""

    PROMOTED = "promoted"  # waited past the maximum wait: nobody starves
    RETURNING = "returning"  # reactivated (过号激活) or transferred in (联办转号)
    PRIORITY = "priority"  # priority lane (绿色通道)
    APPOINTMENT = "appointment"  # checked-in appointment whose slot has begun
    WALK_IN = "walk_in"


DEFAULT_DISPATCH_ORDER: tuple[DispatchClass, ...] = (
    DispatchClass.PROMOTED,
    DispatchClass.RETURNING,
    DispatchClass.PRIORITY,
    DispatchClass.APPOINTMENT,
    DispatchClass.WALK_IN,
)

LANGUAGES = ("zh-Hans", "en")


@dataclass(frozen=True, slots=True, kw_only=True)
class Service:
    """Something a citizen comes for (事项); owns a ticket prefix, maybe shared."""

    id: str
    prefix: str
    name_zh: str
    name_en: str
    target_wait: float = 10.0  # minutes
    daily_cap: int | None = None
    handling_time: float = 5.0  # minutes, the estimate before any ticket is served
    # Minutes an appointment may check in before its slot / after its end; None: the hall's.
    appointment_early: float | None = None
    appointment_late: float | None = None

    def name(self, language: str) -> str:
        """Name in the hall's language."""
        return self.name_zh if language == "zh-Hans" else self.name_en


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    """A counter (窗口); serves one service or many (综合窗口), with optional weights."""

    number: int
    services: dict[str, float]  # service id -> weight in dispatch
    name: str = ""
    # Supervision: a Frigate seat zone (with the server's MQTT topic prefix and, for snapshots,
    # the camera), or Home Assistant binary sensors (an mmWave sensor, …) instead.
    seat_zone: str = ""
    camera: str = ""
    frigate: str = "frigate"
    presence_entity: str = ""
    phone_entity: str = ""
    unit: str = ""  # the ESPHome window unit's node name (e.g. window-unit-05)


@dataclass(frozen=True, slots=True, kw_only=True)
class Staff:
    """An officer (工作人员); identity comes from signing in at a window."""

    staff_number: str
    name: str
    department: str = ""
    photo: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HallSettings:
    """How a hall runs; every figure has a default a hall can tune."""

    name: str = "Service hall"
    language: str = "zh-Hans"
    open_time: time = time(8, 30)
    close_time: time = time(17, 30)
    open_days: frozenset[int] = frozenset(range(7))  # 0 = Monday
    rollover_time: time = time(3, 0)
    recall_limit: int = 3
    no_show_timeout: float = 5.0  # minutes after the last call; 0 turns it off
    max_wait: float = 30.0  # minutes; a ticket waiting longer is promoted; 0 turns it off
    dispatch_order: tuple[DispatchClass, ...] = DEFAULT_DISPATCH_ORDER
    appointment_early: float = 30.0  # minutes before its slot an appointment may check in
    appointment_late: float = 15.0  # minutes after its slot ends it may still check in


@dataclass(slots=True, kw_only=True)
class Ticket:
    """A numbered ticket (e.g. A023) of one service day."""

    number: str
    service: str
    issued_at: datetime
    arrival_at: datetime  # kept through transfers and reactivation: dispatch order
    queued_at: datetime  # when it last joined a queue: realised waits are measured from here
    order: int = 0  # issue order of the day: breaks ties between tickets of the same instant
    state: TicketState = TicketState.WAITING
    priority: bool = False
    appointment: str | None = None
    appointment_start: datetime | None = None
    source: str = "action"
    answers: dict[str, str] | None = None  # the materials guide's answers, for the window's checklist
    reactivated: bool = False
    transferred: bool = False
    target_window: int | None = None
    window: int | None = None
    staff: str | None = None
    called_at: datetime | None = None  # first call of the current visit
    last_call_at: datetime | None = None
    recalls: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    rating: int | None = None
    estimate_at_issue: float | None = None
    visits: int = 0  # windows that have handled it (transfers add one)


@dataclass(slots=True, kw_only=True)
class WindowState:
    """A window's state of the day."""

    number: int
    open: bool = False
    paused: bool = False
    pause_reason: str | None = None
    paused_at: datetime | None = None  # when the pause under way began
    ticket: str | None = None
    staff: str | None = None

    def status(self, ticket: Ticket | None) -> WindowStatus:
        """The status the hall sees."""
        if not self.open:
            return WindowStatus.CLOSED
        if self.paused:
            return WindowStatus.PAUSED
        if ticket is None:
            return WindowStatus.IDLE
        if ticket.state is TicketState.SERVING:
            return WindowStatus.SERVING
        return WindowStatus.CALLING


@dataclass(slots=True, kw_only=True)
class Appointment:
    """A booked slot (预约); checked in on arrival (签到) it becomes a ticket."""

    code: str
    service: str
    start: datetime
    end: datetime
    reference: str = ""  # the booking system's own id; personal data stays there
    ticket: str | None = None
    cancelled: bool = False


@dataclass(slots=True)
class Changes:
    """What an applied event touched, so only those views are refreshed."""

    services: set[str] = field(default_factory=set)
    windows: set[int] = field(default_factory=set)
    staff: set[str] = field(default_factory=set)
    calls: list[tuple[int, str, bool]] = field(default_factory=list)  # window, ticket, recall

    def merge(self, other: Changes) -> None:
        """Add another event's changes to these."""
        self.services |= other.services
        self.windows |= other.windows
        self.staff |= other.staff
        self.calls.extend(other.calls)
