"""Supervision times of the demo hall, and the episodes the simulator plays against them.

The demo setup (scripts/demo_setup.py) writes a tuning's ``options`` into the hall's options, and
the simulator plans its away and phone episodes around the same figures: the two must agree, so
they live here. Two tunings, chosen by the run's speed (:func:`for_speed`):

* ``REAL_TIME`` (speed 1, the visitor's demo): the product's defaults (30 s, 10 s, 5 min, 1 min,
  10 min), and episodes a real hall has: mostly short absences and glances at a phone, now and
  then a long one; a few alerts an hour across the six windows, each reading like a real one.
* ``FAST`` (above 1: the headless checks): the options flow's minimums, so that a run of a few
  real minutes sees every kind of episode and its alert; every long episode alerts (no cooldown).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Tuning:
    """The hall's supervision times and the simulator's episodes, in real seconds."""

    name: str
    absence_confirm: float  # seconds a seat stays empty before "away"
    phone_confirm: float  # seconds a phone is seen before "phone"
    away_alert: float  # seconds away (from when the seat emptied) before an alert
    phone_alert: float  # seconds on the phone (from when it was first seen) before an alert
    cooldown: float  # between two alerts of a kind at a window (the hall skips one inside it)
    # kind -> (what the seat does, shortest, longest, the alert it must raise). The margins keep
    # each one clear of the thresholds whatever the message delays.
    episodes: Mapping[str, tuple[str, float, float, str | None]]
    weights: Mapping[str, float]  # how often each kind is drawn
    first: tuple[str, ...]  # each window's first episode, in window order
    first_at: tuple[float, ...]  # when each window's first episode starts (real seconds)
    gap_s: float  # mean real seconds between two episodes at a window (at least)
    quiet: Mapping[str, str]  # an alerting kind -> what it becomes when the cooldown would hold it back

    @property
    def options(self) -> dict[str, float]:
        """The hall's supervision options (custom_components/service_hall/const.py keys)."""
        return {
            "absence_confirm": self.absence_confirm,
            "phone_confirm": self.phone_confirm,
            "away_alert": self.away_alert,
            "phone_alert": self.phone_alert,
            "alert_cooldown": self.cooldown,
        }

    @property
    def longest(self) -> float:
        """The longest episode (the stop waits for running episodes to end)."""
        return max(longest for _seat, _shortest, longest, _alert in self.episodes.values())

    def alert_after(self, seat: str) -> float:
        return self.away_alert if seat == "away" else self.phone_alert

    def confirm(self, seat: str) -> float:
        return self.absence_confirm if seat == "away" else self.phone_confirm


# The short times of the fast checks (unchanged since the living-hall test was written for them).
FAST: Final = Tuning(
    name="fast",
    absence_confirm=5.0,
    phone_confirm=3.0,
    away_alert=30.0,
    phone_alert=10.0,
    cooldown=0.0,  # every long episode alerts: the simulator can count on it
    episodes={
        "away_short": ("away", 2.0, 2.0, None),  # under absence_confirm: nothing at all
        "away": ("away", 11.0, 11.0, None),  # "away", no alert
        "away_alert": ("away", 38.0, 38.0, "away"),  # exactly one away alert
        "phone_short": ("phone", 1.5, 1.5, None),  # under phone_confirm: nothing
        "phone_alert": ("phone", 16.0, 16.0, "phone"),  # exactly one phone alert
    },
    weights={"away_short": 2, "away": 2, "away_alert": 1, "phone_short": 2, "phone_alert": 1},
    first=("away_alert", "phone_alert", "away", "phone_short", "away_short", "phone_alert"),
    first_at=(3.0, 5.0, 7.0, 3.0, 5.0, 7.0),  # early and close: a short run sees them all
    gap_s=25.0,
    quiet={"away_alert": "away", "phone_alert": "phone_short"},
)

# The product's defaults (custom_components/service_hall/settings.py SUPERVISION_DEFAULTS). An
# officer is up or glances at a phone every seven minutes or so; one episode in 16 is long enough
# to alert: about 45 episodes and 3 alerts an hour across six windows.
REAL_TIME: Final = Tuning(
    name="real",
    absence_confirm=30.0,
    phone_confirm=10.0,
    away_alert=300.0,
    phone_alert=60.0,
    cooldown=600.0,
    episodes={
        "away_short": ("away", 8.0, 20.0, None),  # fetching a form: never "away"
        "away": ("away", 45.0, 200.0, None),  # a copy in the back office: "away", no alert
        "away_alert": ("away", 315.0, 360.0, "away"),  # gone five minutes: "离岗 · 5 分钟"
        "phone_short": ("phone", 3.0, 7.0, None),  # a glance: never "phone"
        "phone": ("phone", 15.0, 45.0, None),  # a call: "phone", no alert
        "phone_alert": ("phone", 70.0, 100.0, "phone"),  # over a minute: "使用手机 · 1 分钟"
    },
    weights={"away_short": 5, "away": 3, "away_alert": 0.5, "phone_short": 5, "phone": 2, "phone_alert": 0.5},
    # A visitor sees every kind in the first minutes: a phone alert after about 3 minutes and an
    # away alert after about 5.
    first=("away_alert", "phone_short", "phone_alert", "away_short", "phone", "away"),
    first_at=(20.0, 60.0, 100.0, 140.0, 180.0, 220.0),  # one window after another
    gap_s=420.0,
    quiet={"away_alert": "away", "phone_alert": "phone"},
)


TUNINGS: Final = {tuning.name: tuning for tuning in (FAST, REAL_TIME)}  # the demo setup's --supervision


def for_speed(speed: float, *, simulated: bool = True) -> Tuning:
    """The tuning of a run: real time at speed 1 (or below), the short times above.

    A hall without the simulator (``simulated=False``: ``./scripts/run --no-sim``, the dashboard
    tests' still hall, driven by hand) keeps the short times: an alert within a minute."""
    return REAL_TIME if simulated and speed <= 1 else FAST
