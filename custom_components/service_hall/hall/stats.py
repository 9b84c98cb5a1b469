"""Figures of a service day, folded from its events (so they can always be recomputed)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

GRADES = 5  # the national 好差评 grades: 5 非常满意 … 1 非常不满意


def mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean, or None without values."""
    return sum(values) / len(values) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (the value below which q percent of values fall)."""
    if not values:
        return None
    ordered = sorted(values)
    # q * n / 100, not q / 100 * n: the latter rounds 55 / 100 * 100 up to 55.00000000000001.
    rank = max(1, math.ceil(q * len(ordered) / 100))
    return ordered[rank - 1]


@dataclass(slots=True)
class Tally:
    """Counts for one service, window or staff member."""

    served: int = 0
    no_shows: int = 0
    waits: list[float] = field(default_factory=list)  # minutes, one per visit
    handling: list[float] = field(default_factory=list)  # minutes, one per visit
    ratings: list[int] = field(default_factory=lambda: [0] * GRADES)

    def satisfaction(self) -> float | None:
        """Share of ratings that were 满意 or 非常满意 (grades 4 and 5); None before any."""
        rated = sum(self.ratings)
        return round((self.ratings[3] + self.ratings[4]) / rated, 3) if rated else None

    def grades(self) -> dict[str, int]:
        """Ratings by grade, "1" to "5"."""
        return {str(g + 1): n for g, n in enumerate(self.ratings)}

    def summary(self) -> dict[str, Any]:
        """Plain figures."""
        return {
            "served": self.served,
            "no_shows": self.no_shows,
            "mean_wait": _round(mean(self.waits)),
            "p90_wait": _round(percentile(self.waits, 90)),
            "mean_handling": _round(mean(self.handling)),
            "ratings": self.grades(),
            "satisfaction": self.satisfaction(),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass(slots=True)
class StaffRecord:
    """A staff member's supervision record of the day (for monthly assessments)."""

    away_seconds: float = 0.0  # absences that have ended
    phone_episodes: int = 0
    alerts: int = 0
    acknowledgements: int = 0  # of alerts about this staff member
    away_since: datetime | None = None  # an absence under way

    def away_minutes(self, now: datetime) -> float:
        """Minutes away today, an absence under way included."""
        seconds = self.away_seconds
        if self.away_since is not None and now > self.away_since:
            seconds += (now - self.away_since).total_seconds()
        return seconds / 60

    def summary(self) -> dict[str, Any]:
        """Plain figures (absences that have ended)."""
        return {
            "away_minutes": round(self.away_seconds / 60, 2),
            "phone_episodes": self.phone_episodes,
            "alerts": self.alerts,
            "acknowledgements": self.acknowledgements,
        }


@dataclass(slots=True)
class DayStats:
    """The day's figures: hall totals and tallies per service, window and staff member."""

    issued: int = 0
    cancelled: int = 0
    expired: int = 0
    transferred: int = 0
    reactivated: int = 0
    alerts: int = 0  # supervision alerts raised
    acknowledged: int = 0  # ... and acknowledged
    hall: Tally = field(default_factory=Tally)
    services: dict[str, Tally] = field(default_factory=dict)
    windows: dict[int, Tally] = field(default_factory=dict)
    staff: dict[str, Tally] = field(default_factory=dict)
    supervision: dict[str, StaffRecord] = field(default_factory=dict)
    # Realised wait minus the estimate given at issue, for each ticket called from its first queue.
    estimate_errors: list[float] = field(default_factory=list)
    # Running sums: sensors read the error after every action of a day with thousands of calls.
    _abs_errors: float = 0.0
    _errors: float = 0.0

    def add_estimate_error(self, error: float) -> None:
        """A ticket called from its first queue: its wait minus the estimate it was given."""
        self.estimate_errors.append(error)
        self._abs_errors += abs(error)
        self._errors += error

    def estimate_error(self) -> float | None:
        """Mean absolute error of the estimates given at issue, in minutes; None before any call."""
        return self._abs_errors / len(self.estimate_errors) if self.estimate_errors else None

    def estimate_bias(self) -> float | None:
        """Mean of realised minus estimated waits (positive: waits were longer than said)."""
        return self._errors / len(self.estimate_errors) if self.estimate_errors else None

    def tallies(self, service: str | None, window: int | None, staff: str | None) -> list[Tally]:
        """The hall's tally and those of the given service, window and staff member."""
        out = [self.hall]
        if service is not None:
            out.append(self.services.setdefault(service, Tally()))
        if window is not None:
            out.append(self.windows.setdefault(window, Tally()))
        if staff is not None:
            out.append(self.staff.setdefault(staff, Tally()))
        return out

    def record(self, staff: str) -> StaffRecord:
        """A staff member's supervision record, created on first use."""
        record = self.supervision.get(staff)
        if record is None:
            record = self.supervision[staff] = StaffRecord()
        return record

    def summary(self) -> dict[str, Any]:
        """The day's report."""
        return {
            "issued": self.issued,
            "cancelled": self.cancelled,
            "expired": self.expired,
            "transferred": self.transferred,
            "reactivated": self.reactivated,
            **self.hall.summary(),
            "services": {k: v.summary() for k, v in self.services.items()},
            "windows": {str(k): v.summary() for k, v in self.windows.items()},
            "staff": {k: v.summary() for k, v in self.staff.items()},
            "estimate_error": _round(self.estimate_error()),
            "estimate_bias": _round(self.estimate_bias()),
            "alerts": self.alerts,
            "acknowledged": self.acknowledged,
            "supervision": {k: v.summary() for k, v in self.supervision.items()},
        }
