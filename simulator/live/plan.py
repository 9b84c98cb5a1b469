"""What the live simulator plays, drawn from a seed: citizens, officers' pauses, seat episodes.

Pure (no I/O, no clock). Citizens arrive as in the reference days (:mod:`simulator.generate`:
a burst at the door, peaks at 10:00 and 15:00, a lunch lull), in simulated minutes of the day;
each has a service drawn by the demo hall's shares, a log-normal handling time, and may be a
no-show, take the priority lane, and rate. Seat episodes (an officer leaving the seat, a phone)
are planned in real seconds: the hall's supervision timers run in real time whatever the speed,
against the run's tuning (:mod:`.tuning`: the product's times in real time, short ones faster).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..generate import ISSUE_FROM, NO_SHOW, PRIORITY, arrival_times, lognormal_mu
from .tuning import Tuning, for_speed

DAY_START = 8 * 60 + 30  # simulated minutes: the hall opens
DAY_END = 17 * 60 + 30  # and closes; the next simulated day starts at DAY_START
# With the handling times below, the demo hall's six windows carry about this many in a day (peaks
# of 90-110 an hour at 10:00 and 15:00): the hall's engine, fed these days (tests/simulator), waits
# about 8 minutes on average, as the product's reference hall (Shipai: 3.2 min handling, 8.1 min
# wait, about 500 cases a working day).
CASES_PER_DAY = 560
RATES = 0.6  # share of citizens who press a rating key
GRADES = (5, 4, 3, 2, 1)
GRADE_WEIGHTS = (0.62, 0.25, 0.08, 0.03, 0.02)
SIGMA = 0.5  # log-normal spread of handling times (a coefficient of variation of about 0.5)
WALK_MINUTES = 0.5  # from the seats to the window
NO_SHOW_WAIT_MINUTES = 1.0  # the officer waits this long before a recall, and again before no-show
PAUSES_PER_DAY = 3
# Mean gap between two seat episodes at a window: the tuning's real seconds, at least this many
# simulated minutes (at 10x an officer is not up every 25 s).
EPISODE_GAP_MINUTES = 6.0
# An alert the cooldown could hold back is not counted on: the episode is played quiet unless its
# alert falls due this long after the cooldown (message delays, the hall's own timestamps).
COOLDOWN_MARGIN_S = 30.0

# The demo hall's services (demo/config/service_hall/sample_hall.yaml): share of the day's cases
# and mean handling in minutes (case-weighted mean 3.3, as the reference hall's 3.2). The shares
# load the hall's two groups of windows (1, 2, 6: household to enquiries; 3-5: real estate, tax,
# business) about evenly. Services the simulator does not know get an equal share and 5 min.
SERVICES: dict[str, tuple[float, float]] = {
    "household": (0.18, 2.5),
    "social_insurance": (0.16, 3.0),
    "real_estate": (0.10, 6.0),
    "tax": (0.17, 3.5),
    "business": (0.10, 5.0),
    "housing_fund": (0.09, 3.0),
    "exit_entry": (0.07, 3.5),
    "enquiry": (0.13, 1.5),
}
DEFAULT_SERVICE = (0.1, 5.0)


@dataclass(frozen=True, slots=True)
class Citizen:
    """One arrival: when (simulated minutes from the first day's midnight), for what, and how it goes."""

    at: float
    service: str
    handling: float  # minutes at the window
    priority: bool
    no_show: bool
    grade: int | None  # the rating key pressed after the service, if any


@dataclass(frozen=True, slots=True)
class Pause:
    """An officer's pause: from ``at`` for ``minutes`` (simulated)."""

    at: float
    minutes: float
    reason: str


def citizens(seed: int, services: Sequence[str], day: int) -> list[Citizen]:
    """Day ``day``'s citizens (0 = the first simulated day), in arrival order."""
    rng = random.Random(f"{seed}:citizens:{day}")
    shares = [SERVICES.get(service, DEFAULT_SERVICE)[0] for service in services]
    out = []
    for minute in arrival_times(rng, CASES_PER_DAY):
        service = rng.choices(services, weights=shares)[0]
        mean = SERVICES.get(service, DEFAULT_SERVICE)[1]
        out.append(
            Citizen(
                at=day * 1440 + minute,
                service=service,
                handling=max(0.2, rng.lognormvariate(lognormal_mu(mean, SIGMA), SIGMA)),
                priority=rng.random() < PRIORITY,
                no_show=rng.random() < NO_SHOW,
                grade=rng.choices(GRADES, weights=GRADE_WEIGHTS)[0] if rng.random() < RATES else None,
            )
        )
    return out


def pauses(seed: int, window: int, day: int) -> list[Pause]:
    """An officer's pauses on a day: a morning and an afternoon break, and a few short ones."""
    rng = random.Random(f"{seed}:pauses:{window}:{day}")
    base = day * 1440
    planned = [
        Pause(base + rng.uniform(10 * 60 + 15, 11 * 60 + 15), rng.uniform(10, 15), "break"),
        Pause(base + rng.uniform(15 * 60 + 15, 16 * 60 + 15), rng.uniform(10, 15), "break"),
    ]
    for _ in range(PAUSES_PER_DAY - 2):
        planned.append(Pause(base + rng.uniform(ISSUE_FROM + 30, DAY_END - 60), rng.uniform(2, 8), "other"))
    return sorted(planned, key=lambda p: p.at)


def episodes(
    seed: int, window: int, speed: float, tuning: Tuning | None = None
) -> Iterator[tuple[float, str]]:
    """A window's seat episodes, endlessly: (real seconds to wait before it, kind).

    The first is the tuning's kind for the window, early and staggered; then the mean gap is the
    tuning's ``gap_s`` real seconds, or EPISODE_GAP_MINUTES simulated when that is longer."""
    tuning = tuning or for_speed(speed)
    rng = random.Random(f"{seed}:episodes:{window}")
    gap = max(tuning.gap_s, EPISODE_GAP_MINUTES * 60 / speed)
    kinds = list(tuning.weights)
    weights = list(tuning.weights.values())
    first = tuning.first[(window - 1) % len(tuning.first)]
    yield tuning.first_at[(window - 1) % len(tuning.first_at)], first
    while True:
        yield rng.expovariate(1 / gap), rng.choices(kinds, weights=weights)[0]


def episode(kind: str, tuning: Tuning, rng: random.Random) -> tuple[str, float, str | None]:
    """What an episode does at the seat (``away`` or ``phone``), for how long, and the alert due."""
    seat, shortest, longest, alert = tuning.episodes[kind]
    return seat, rng.uniform(shortest, longest) if longest > shortest else shortest, alert


def unless_cooling(kind: str, tuning: Tuning, due_in: float, since_last: float | None) -> str:
    """``kind``, or its quiet stand-in when its alert (due in ``due_in`` s) would come within the
    cooldown of the window's last alert of the same kind (``since_last`` s ago; None: none yet)."""
    if kind not in tuning.quiet or since_last is None or tuning.cooldown <= 0:
        return kind
    if since_last + due_in < tuning.cooldown + COOLDOWN_MARGIN_S:
        return tuning.quiet[kind]
    return kind


def sim_minute(start: float, speed: float, real_elapsed: float) -> float:
    """The simulated minute (from the first day's midnight) after ``real_elapsed`` seconds.

    The hall is closed between DAY_END and the next DAY_START: simulated time skips the night.
    """
    open_minutes = DAY_END - DAY_START
    played = (start - DAY_START) + real_elapsed * speed / 60
    day, into = divmod(played, open_minutes)
    return day * 1440 + DAY_START + into


def real_seconds(start: float, speed: float, minute: float) -> float:
    """The inverse of :func:`sim_minute`: real seconds from the start until simulated ``minute``."""
    open_minutes = DAY_END - DAY_START
    day, into = divmod(minute, 1440)
    played = day * open_minutes + min(max(into - DAY_START, 0.0), open_minutes)
    return max(0.0, (played - (start - DAY_START)) * 60 / speed)


def clock(minute: float) -> str:
    """``d1 09:30`` for a simulated minute."""
    day, into = divmod(minute, 1440)
    return f"d{int(day) + 1} {int(into // 60):02d}:{math.floor(into % 60):02d}"
