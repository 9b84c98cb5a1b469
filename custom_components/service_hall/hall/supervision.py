"""Staff supervision at one seat: presence and phone use from detections, debounced, with alerts.

A :class:`SeatMonitor` turns raw observations (a person in the seat's zone or not, a phone seen
or not, each possibly unknown) and what the hall knows about the window (:class:`SeatContext`)
into a staff state and alerts. It is pure and cheap: the Home Assistant layer feeds it every
detector message and calls :meth:`SeatMonitor.evaluate` after each one and at
:meth:`SeatMonitor.next_check`.

The monitor works on a timeline. Every change of an input first lets the time since the last
call run out (a debounce that ended, an alert that fell due, each at its own instant), then
applies the change. So the answers do not depend on how often ``evaluate`` is called: a change
or an alert carries the instant the rules put it at, which can be earlier than the call that
reports it. Time never runs backwards inside a monitor: an earlier ``now`` than the last one
(the clock was set back) counts as no time passed, and the monitor goes on from the new clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from enum import StrEnum


class StaffState(StrEnum):
    """What a window's staff member is doing, as supervision sees it."""

    PRESENT = "present"
    AWAY = "away"  # 离岗
    PHONE = "phone"  # 使用手机
    PAUSED = "paused"  # window paused or closed: nothing is supervised
    SIGNED_OUT = "signed_out"
    UNKNOWN = "unknown"  # the detector has not answered, or is unavailable: never "away"


class AlertKind(StrEnum):
    """What an alert is about."""

    AWAY = "away"
    PHONE = "phone"


@dataclass(frozen=True, slots=True, kw_only=True)
class SupervisionSettings:
    """How supervision debounces and alerts; all figures in seconds."""

    absence_confirm: float = 30.0  # a seat must stay empty this long before "away"
    phone_confirm: float = 10.0  # a phone must be seen this long before "phone"
    away_alert: float = 300.0  # away this long (from when the seat became empty): an alert
    phone_alert: float = 60.0  # on the phone this long (from when it was first seen): an alert
    cooldown: float = 600.0  # between two alerts of the same kind at the same window

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise ValueError(f"{field.name} must be a number of seconds >= 0, not {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class SeatContext:
    """What the hall knows about the window."""

    staff: str | None = None  # signed-in staff number
    open: bool = False
    paused: bool = False
    working: bool = True  # inside opening hours (no alerts outside work)


@dataclass(frozen=True, slots=True, kw_only=True)
class StateChange:
    """The resolved state of a window's staff member changed (or another member took the seat)."""

    window: int
    staff: str | None
    state: StaffState
    previous: StaffState
    at: datetime  # when the change took effect (a confirmed absence: when the debounce ended)
    since: datetime  # when the new state began (AWAY: seat empty; PHONE: phone first seen)


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertRaised:
    """An absence or a phone episode lasted past its alert time."""

    window: int
    staff: str | None
    kind: AlertKind
    started: datetime  # when the episode began
    at: datetime
    duration: float  # seconds from ``started`` to ``at``


_ALERTING: dict[StaffState, AlertKind] = {StaffState.AWAY: AlertKind.AWAY, StaffState.PHONE: AlertKind.PHONE}


class SeatMonitor:
    """Supervision of one window's seat.

    State, by priority: nobody signed in → SIGNED_OUT; window closed or paused → PAUSED; no
    person observation yet, or an unknown one → UNKNOWN; seat empty for ``absence_confirm`` →
    AWAY (since it became empty); person there with a phone seen for ``phone_confirm`` → PHONE
    (since the phone was first seen); otherwise PRESENT. While an empty seat is not confirmed
    yet the state holds: PRESENT stays PRESENT (a short gap is no change; a phone only counts
    while the person is there, so PHONE becomes PRESENT), any other state becomes UNKNOWN.

    Supervision of a window starts afresh (time before it does not count) when it becomes
    supervised (signed in, open, not paused) and when another staff member takes the seat; the
    latter is reported as a change even when the state stays the same.

    An AWAY or PHONE episode raises one alert once it has lasted ``away_alert`` or
    ``phone_alert``, counted from its ``since`` but not before working hours last began; none
    outside working hours, and none for an episode whose alert falls due within ``cooldown`` of
    the window's last alert of that kind (that episode has had its turn).
    """

    __slots__ = (
        "_absence",
        "_alert_after",
        "_alert_done",
        "_clock",
        "_context",
        "_cooldown",
        "_fresh",
        "_last_alert",
        "_pending",
        "_person",
        "_person_at",
        "_phone",
        "_phone_at",
        "_phone_confirm",
        "_quiet",
        "_settings",
        "_since",
        "_staff",
        "_state",
        "_state_at",
        "_timer",
        "_watch_at",
        "_watching",
        "_working_at",
        "window",
    )

    def __init__(self, window: int, settings: SupervisionSettings, now: datetime) -> None:
        self.window = window
        self._settings = settings
        self._absence = timedelta(seconds=settings.absence_confirm)
        self._phone_confirm = timedelta(seconds=settings.phone_confirm)
        self._alert_after = {
            AlertKind.AWAY: timedelta(seconds=settings.away_alert),
            AlertKind.PHONE: timedelta(seconds=settings.phone_alert),
        }
        self._cooldown = timedelta(seconds=settings.cooldown)
        self._context = SeatContext()
        self._fresh = True  # no input yet: the first evaluate() resolves the state once
        self._watching = False  # signed in, open, not paused, inside opening hours
        self._person: bool | None = None
        self._person_at = now  # when the raw person value took its current value
        self._phone: bool | None = None
        self._phone_at = now
        self._watch_at = now  # when supervision of the current staff member (re)started
        self._working_at = now  # when working hours last began
        self._state = StaffState.UNKNOWN
        self._since = now
        self._state_at = now  # when the monitor entered the current state
        self._staff: str | None = None
        self._alert_done = False  # the current episode has had its alert (or had it suppressed)
        self._last_alert: dict[AlertKind, datetime] = {}
        self._timer: datetime | None = None  # the next instant something happens without input
        self._quiet = False  # ... and it reports nothing (an alert held back by the cooldown)
        self._clock = now
        self._pending: list[StateChange | AlertRaised] = []

    @property
    def settings(self) -> SupervisionSettings:
        """The monitor's settings (make a new monitor to change them)."""
        return self._settings

    @property
    def state(self) -> StaffState:
        """The current state."""
        return self._state

    @property
    def since(self) -> datetime:
        """When the current state began (AWAY: seat empty; PHONE: phone first seen)."""
        return self._since

    # Inputs

    def observe_person(self, present: bool | None, now: datetime) -> None:
        """A person detection of the seat's zone; None when the source is unavailable."""
        if present == self._person:  # repeated values cost a comparison and change nothing
            return
        self._advance(now)
        self._person = present
        self._person_at = self._clock
        self._settle(self._clock)

    def observe_phone(self, seen: bool | None, now: datetime) -> None:
        """A phone detection of the seat's zone; None (unknown) counts as not seen."""
        if seen == self._phone:
            return
        self._advance(now)
        self._phone = seen
        self._phone_at = self._clock
        self._settle(self._clock)

    def set_context(self, context: SeatContext, now: datetime) -> None:
        """What the hall knows about the window changed."""
        if context == self._context and not self._fresh:
            return
        self._advance(now)
        at = self._clock
        old = self._context
        self._context = context
        watching = context.staff is not None and context.open and not context.paused and context.working
        if watching and (not self._watching or context.staff != old.staff):
            self._watch_at = at
        self._watching = watching
        if context.working and not old.working:
            self._working_at = at
        self._settle(at)

    # Answers

    def evaluate(self, now: datetime) -> list[StateChange | AlertRaised]:
        """What happened since the last call, in order."""
        self._advance(now)
        if self._fresh:
            self._settle(self._clock)
        if not self._pending:
            return []
        out, self._pending = self._pending, []
        return out

    def next_check(self) -> datetime | None:
        """The earliest instant at which :meth:`evaluate` may report something without new input.

        The current instant when something waits to be reported; None when nothing is pending.
        """
        if self._pending or self._fresh:
            return self._clock
        return None if self._quiet else self._timer

    # The timeline

    def _advance(self, now: datetime) -> None:
        """Let time run to ``now``: what falls due on the way happens at its own instant."""
        if now < self._clock:
            self._shift(self._clock - now)
        self._clock = now
        timer = self._timer
        while timer is not None and timer <= now:
            self._settle(timer)
            timer = self._timer

    def _shift(self, back: timedelta) -> None:
        """The clock was set back: move every instant with it, so that no time has passed."""
        self._person_at -= back
        self._phone_at -= back
        self._watch_at -= back
        self._working_at -= back
        self._since -= back
        self._state_at -= back
        if self._timer is not None:
            self._timer -= back
        self._last_alert = {kind: at - back for kind, at in self._last_alert.items()}

    def _resolve(self, at: datetime) -> tuple[StaffState, datetime]:
        """The state at an instant from the inputs, and when it began if it is new."""
        context = self._context
        if context.staff is None:
            return StaffState.SIGNED_OUT, at
        if not context.open or context.paused or not context.working:
            # Monitoring is off outside opening hours: no absence accrues, none is alerted.
            return StaffState.PAUSED, at
        person = self._person
        if person is None:
            return StaffState.UNKNOWN, at
        if not person:
            empty = max(self._person_at, self._watch_at)
            if at - empty >= self._absence:
                return StaffState.AWAY, empty
            if self._state is StaffState.PRESENT or self._state is StaffState.PHONE:
                return StaffState.PRESENT, at  # a gap not confirmed yet
            return StaffState.UNKNOWN, at
        if self._phone:
            seen = max(self._phone_at, self._person_at, self._watch_at)
            if at - seen >= self._phone_confirm:
                return StaffState.PHONE, seen
        return StaffState.PRESENT, at

    def _settle(self, at: datetime) -> None:
        """Resolve the state at ``at``; record a change and an alert that fell due."""
        self._fresh = False
        context = self._context
        staff = context.staff
        state, since = self._resolve(at)
        # Another staff member taking the seat directly is news even when the state is the same.
        if state is not self._state or (
            staff != self._staff and staff is not None and self._staff is not None
        ):
            self._pending.append(
                StateChange(
                    window=self.window, staff=staff, state=state, previous=self._state, at=at, since=since
                )
            )
            self._state, self._since, self._state_at = state, since, at
            self._alert_done = False
        self._staff = staff
        kind = _ALERTING.get(state)
        if kind is not None and not self._alert_done and context.working:
            due = self._alert_due(kind)
            if due <= at:  # the timer fires at ``due`` itself
                self._alert_done = True
                if not self._cooling(kind, due):
                    self._last_alert[kind] = due
                    self._pending.append(
                        AlertRaised(
                            window=self.window,
                            staff=staff,
                            kind=kind,
                            started=self._since,
                            at=due,
                            duration=(due - self._since).total_seconds(),
                        )
                    )
        self._timer, self._quiet = self._next_timer()

    def _cooling(self, kind: AlertKind, due: datetime) -> bool:
        """Whether an alert due at ``due`` falls within the cooldown of the last one of its kind."""
        last = self._last_alert.get(kind)
        return last is not None and due - last < self._cooldown

    def _alert_due(self, kind: AlertKind) -> datetime:
        """When the current episode's alert falls due (time outside work does not count)."""
        start = self._since if self._since > self._working_at else self._working_at
        due = start + self._alert_after[kind]
        return due if due > self._state_at else self._state_at

    def _next_timer(self) -> tuple[datetime | None, bool]:
        """The next instant at which the state or an alert changes without input; whether it is
        silent (an alert the cooldown holds back)."""
        if not self._watching or self._person is None:
            return None, False
        kind = _ALERTING.get(self._state)
        if kind is not None:
            if self._alert_done or not self._context.working:
                return None, False
            due = self._alert_due(kind)
            # An alert the cooldown holds back still ends the episode's alerting at its instant,
            # but reports nothing: next_check() does not wait for it.
            return due, self._cooling(kind, due)
        if not self._person:
            return max(self._person_at, self._watch_at) + self._absence, False
        if self._phone:
            return max(self._phone_at, self._person_at, self._watch_at) + self._phone_confirm, False
        return None, False
