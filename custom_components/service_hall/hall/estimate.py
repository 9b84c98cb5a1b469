"""Estimated waits, shown as a range because a queue's wait is uncertain.

With n people ahead, c windows' worth of capacity and handling time h, the mean wait is about
n·h/c, and its spread grows like sqrt(n+1)·h/c. The range is the point estimate ∓ 1.28 of
that spread (roughly the 10th to 90th percentile).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_90 = 1.2816


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    """Minutes: the point estimate and its range."""

    low: float
    point: float
    high: float

    def rounded(self) -> dict[str, float]:
        """Plain figures, to a tenth of a minute."""
        return {"low": round(self.low, 1), "point": round(self.point, 1), "high": round(self.high, 1)}


def estimate_wait(ahead: int, handling: float, capacity: float, *, idle: bool) -> WaitEstimate | None:
    """Wait for the next place in a queue; None when no open window serves it."""
    if capacity <= 0:
        return None
    per_place = handling / capacity
    # With no idle window, the first place still waits for a service under way to end.
    point = ahead * per_place + (0.0 if idle else per_place / 2)
    spread = Z_90 * math.sqrt(ahead + 1) * per_place
    return WaitEstimate(max(0.0, point - spread), point, point + spread)
