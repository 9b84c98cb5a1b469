"""stack/verify.py's checks of a hall against the simulator's ledger (the comparisons; the
websocket side runs in tests/stack against the real stack)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from stack.verify import alerts_in_history, check_alerts, check_displays, check_tickets, expected_alerts


def episode(window: int, kind: str, *, expected: bool, interrupted: bool = False) -> dict[str, Any]:
    return {"window": window, "alert_kind": kind, "alert_expected": expected, "interrupted": interrupted}


def test_tickets_where_the_simulator_left_them() -> None:
    ledger = {
        "tickets": [
            {"number": "A001", "fate": "completed", "window": 1},
            {"number": "A002", "fate": "serving", "window": 2},
            {"number": "A003", "fate": "waiting", "window": None},
        ]
    }
    found = {
        "A001": {"state": "done", "window": 1},
        "A002": {"state": "serving", "window": 2},
        "A003": {"state": "waiting", "window": None},
    }
    assert check_tickets(ledger, found)["ok"]
    wrong = check_tickets(ledger, found | {"A002": {"state": "serving", "window": 3}})
    assert not wrong["ok"] and "A002: at window 3" in wrong["detail"]
    lost = check_tickets(ledger, {k: v for k, v in found.items() if k != "A003"})
    assert not lost["ok"] and "A003: not in the hall" in lost["detail"]
    twice = check_tickets({"tickets": [*ledger["tickets"], {"number": "A001", "fate": "completed"}]}, found)
    assert not twice["ok"] and "given twice: A001" in twice["detail"]


def test_alerts_exactly_as_expected() -> None:
    ledger = {
        "episodes": [
            episode(1, "away", expected=True),
            episode(2, "phone", expected=True),
            episode(3, "away", expected=False),
            episode(4, "phone", expected=False, interrupted=True),
        ]
    }
    assert expected_alerts(ledger) == [(1, "away"), (2, "phone")]
    assert check_alerts(ledger, [(1, "away"), (2, "phone")])["ok"]
    assert check_alerts(ledger, [(1, "away"), (2, "phone"), (4, "phone")])["ok"]  # cut short: may have come
    missing = check_alerts(ledger, [(1, "away")])
    assert not missing["ok"] and "missing [(2, 'phone')]" in missing["detail"]
    extra = check_alerts(ledger, [(1, "away"), (2, "phone"), (3, "away")])
    assert not extra["ok"] and "unexpected [(3, 'away')]" in extra["detail"]


def test_unit_displays_show_their_windows() -> None:
    windows = {"1": {"status": "serving", "ticket": "A007"}, "2": {"status": "paused", "ticket": None}}
    assert check_displays({1: "A007", 2: "--"}, windows)["ok"]
    wrong = check_displays({1: "A006", 2: "--"}, windows)
    assert not wrong["ok"] and "window 1: the unit shows 'A006'" in wrong["detail"]
    assert not check_displays({}, windows)["ok"]


def test_alerts_are_read_from_when_they_fired_once_each() -> None:
    """A restart or the hall's reload writes an event entity's last state again (restored): an
    earlier run's alert is not this run's, and a restored one is not a second alert."""
    since = datetime.fromisoformat("2026-12-07T03:46:40+00:00")
    earlier = {"s": "2026-12-07T03:42:39.879+00:00", "a": {"event_type": "away"}}
    fired = {"s": "2026-12-07T03:47:10.100+00:00", "a": {"event_type": "away"}}
    history = {
        "event.w1_alert": [earlier, earlier, fired, {"s": "unavailable", "a": {}}, fired],
        "event.w3_alert": [{"s": "2026-12-07T03:48:00+00:00", "a": {"event_type": "phone"}}],
        "event.w2_alert": [{"s": "unknown", "a": {"event_type": None}}],
    }
    windows = {"event.w1_alert": 1, "event.w2_alert": 2, "event.w3_alert": 3}
    assert alerts_in_history(history, windows, since) == [(1, "away"), (3, "phone")]
