"""The hall's logic: tickets, dispatch, estimates, statistics and staff supervision.

This package imports nothing from Home Assistant, so it can be read and tested on its own.
Commands on a :class:`~.engine.Hall` validate against the current state and answer with
events; the state only changes by applying events, which is also how it is rebuilt after a
restart (the events are the persisted log).
"""

from .engine import Hall
from .errors import HallError
from .events import HallEvent
from .layout import HallLayout, parse_layout
from .model import (
    DispatchClass,
    HallSettings,
    Service,
    Staff,
    Ticket,
    TicketState,
    Window,
    WindowStatus,
)
from .state import AlertRecord
from .stats import StaffRecord
from .supervision import (
    AlertKind,
    AlertRaised,
    SeatContext,
    SeatMonitor,
    StaffState,
    StateChange,
    SupervisionSettings,
)

__all__ = [
    "AlertKind",
    "AlertRaised",
    "AlertRecord",
    "DispatchClass",
    "Hall",
    "HallError",
    "HallEvent",
    "HallLayout",
    "HallSettings",
    "SeatContext",
    "SeatMonitor",
    "Service",
    "Staff",
    "StaffRecord",
    "StaffState",
    "StateChange",
    "SupervisionSettings",
    "Ticket",
    "TicketState",
    "Window",
    "WindowStatus",
    "parse_layout",
]
