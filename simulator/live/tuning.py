"""Supervision times of the demo hall, and the episodes the simulator plays against them.

The demo setup (scripts/demo_setup.py) writes ``SUPERVISION_OPTIONS`` into the hall's options, and
the simulator plans its away and phone episodes around the same figures: the two must agree, so
they live here. The times are the options flow's minimums where that keeps a visitor's wait for
an alert short (the product's defaults are 30 s, 10 s, 5 min, 1 min and 10 min).
"""

from __future__ import annotations

from typing import Final

ABSENCE_CONFIRM: Final = 5.0  # seconds a seat stays empty before "away"
PHONE_CONFIRM: Final = 3.0  # seconds a phone is seen before "phone"
AWAY_ALERT: Final = 30.0  # seconds away (from when the seat emptied) before an alert
PHONE_ALERT: Final = 10.0  # seconds on the phone (from when it was first seen) before an alert
ALERT_COOLDOWN: Final = 0.0  # every long episode alerts: the simulator can count on it

# The hall's option keys (custom_components/service_hall/const.py).
SUPERVISION_OPTIONS: Final[dict[str, float]] = {
    "absence_confirm": ABSENCE_CONFIRM,
    "phone_confirm": PHONE_CONFIRM,
    "away_alert": AWAY_ALERT,
    "phone_alert": PHONE_ALERT,
    "alert_cooldown": ALERT_COOLDOWN,
}

# Episodes, in real seconds: kind -> (what the seat does, how long, the alert it must raise).
# The margins keep each one clear of the thresholds whatever the message delays.
EPISODES: Final[dict[str, tuple[str, float, str | None]]] = {
    "away_short": ("away", 2.0, None),  # under ABSENCE_CONFIRM: nothing at all
    "away": ("away", ABSENCE_CONFIRM + 6.0, None),  # "away", no alert
    "away_alert": ("away", AWAY_ALERT + 8.0, "away"),  # exactly one away alert
    "phone_short": ("phone", 1.5, None),  # under PHONE_CONFIRM: nothing
    "phone_alert": ("phone", PHONE_ALERT + 6.0, "phone"),  # exactly one phone alert
}
