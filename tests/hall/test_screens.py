"""The screen view: what the big screen, window tablets and kiosks are sent."""

from __future__ import annotations

import json
from datetime import timedelta

from custom_components.service_hall.hall import Hall
from custom_components.service_hall.hall.screens import recent_calls, screen_view
from custom_components.service_hall.hall.supervision import AlertKind, AlertRaised, StaffState, StateChange

from .conftest import NOW, at, call, issue, later, run, staffed

RATING_WINDOW = 120.0  # seconds


def view(hall: Hall, now: object = NOW, states: dict[int, str | None] | None = None) -> dict[str, object]:
    result = screen_view(hall, now, states or {}, rating_window=RATING_WINDOW)  # type: ignore[arg-type]
    # Everything must cross the websocket as JSON.
    assert json.loads(json.dumps(result)) == result
    return result


def by_number(result: dict[str, object]) -> dict[int, dict[str, object]]:
    return {w["number"]: w for w in result["windows"]}  # type: ignore[attr-defined,index]


def test_an_empty_hall(hall: Hall) -> None:
    result = view(hall)
    assert result["calls"] == [] and result["alerts"] == [] and result["appointments"] == []
    assert [s["id"] for s in result["services"]] == ["id_card", "passport", "social", "tax"]  # type: ignore[attr-defined]
    first = result["services"][0]  # type: ignore[index]
    assert first["name"] == {"zh-Hans": "身份证", "en": "ID card"}
    assert (first["waiting"], first["estimated_wait"], first["over_target"], first["windows"]) == (
        0,
        None,
        False,
        [1, 2],
    )
    assert {n: (w["status"], w["staff"], w["ticket"]) for n, w in by_number(result).items()} == {
        1: ("closed", None, None),
        2: ("closed", None, None),
        3: ("closed", None, None),
        4: ("closed", None, None),
    }
    assert result["figures"]["issued"] == 0  # type: ignore[index]


def test_calls_newest_first_with_recalls(hall: Hall) -> None:
    staffed(hall)
    first = issue(hall, "id_card")
    second = issue(hall, "social")
    assert call(hall, 1, later(NOW, 1)) == first
    assert call(hall, 2, later(NOW, 2)) == second
    run(hall, hall.recall(later(NOW, 3), window=1))
    calls = recent_calls(hall)
    assert [(c["ticket"], c["window"], c["recall"], c["service"]) for c in calls] == [
        (first, 1, True, "id_card"),
        (second, 2, False, "social"),
        (first, 1, False, "id_card"),
    ]
    assert calls[0]["at"] == later(NOW, 3).isoformat()
    assert len(recent_calls(hall, 2)) == 2


def test_windows_show_the_officer_the_ticket_and_the_staff_state(hall: Hall) -> None:
    staffed(hall)
    ticket = issue(hall, "id_card")
    call(hall, 1, later(NOW, 1))
    run(hall, hall.pause_window(3, "lunch", later(NOW, 1)))
    windows = by_number(view(hall, later(NOW, 2), {1: "present", 2: "phone", 3: "paused"}))
    assert windows[1]["ticket"] == ticket and windows[1]["service"] == "id_card"
    assert windows[1]["status"] == "calling" and windows[1]["ticket_state"] == "called"
    assert windows[1]["staff"] == {"staff_number": "S001", "name": "王芳", "department": "公安", "photo": ""}
    assert windows[1]["staff_state"] == "present" and windows[2]["staff_state"] == "phone"
    assert (windows[3]["status"], windows[3]["pause_reason"]) == ("paused", "lunch")
    assert (windows[4]["status"], windows[4]["staff"], windows[4]["staff_state"]) == ("idle", None, None)


def test_the_ticket_to_rate_lasts_the_rating_window(hall: Hall) -> None:
    staffed(hall)
    ticket = issue(hall, "id_card")
    call(hall, 1, later(NOW, 1))
    run(hall, hall.complete(later(NOW, 5), window=1))
    done = later(NOW, 5)
    assert by_number(view(hall, done + timedelta(seconds=RATING_WINDOW)))[1]["to_rate"] == ticket
    assert by_number(view(hall, done + timedelta(seconds=RATING_WINDOW + 1)))[1]["to_rate"] is None
    run(hall, hall.rate(ticket, 5, done + timedelta(seconds=10)))
    assert by_number(view(hall, done + timedelta(seconds=20)))[1]["to_rate"] is None
    assert by_number(view(hall, done))[1]["served_today"] == 1


def test_long_waits_are_flagged(hall: Hall) -> None:
    staffed(hall)
    issue(hall, "tax")  # target 15 minutes
    tax = next(s for s in view(hall, later(NOW, 14))["services"] if s["id"] == "tax")  # type: ignore[attr-defined]
    assert tax["over_target"] is False and tax["longest_wait"] == 14.0
    tax = next(s for s in view(hall, later(NOW, 16))["services"] if s["id"] == "tax")  # type: ignore[attr-defined]
    assert tax["over_target"] is True and tax["waiting"] == 1


def test_appointments_show_slots_not_codes(hall: Hall) -> None:
    staffed(hall)
    run(hall, hall.book("id_card", at(9, 30), NOW, code="123456", reference="WX-7781"))
    run(hall, hall.book("social", at(10, 0), NOW, code="654321"))
    run(hall, hall.book("tax", at(11, 0), NOW, code="111111"))
    run(hall, hall.cancel_appointment("111111", NOW))
    run(hall, hall.check_in("123456", at(9, 20)))
    result = view(hall, at(9, 25))
    assert [(a["start"], a["service"], a["status"]) for a in result["appointments"]] == [  # type: ignore[attr-defined]
        (at(9, 30).isoformat(), "id_card", "checked_in"),
        (at(10, 0).isoformat(), "social", "booked"),
        (at(11, 0).isoformat(), "tax", "cancelled"),
    ]
    text = json.dumps(result)
    for secret in ("123456", "654321", "WX-7781"):
        assert secret not in text
    # Past its slot and the lateness allowance, a slot nobody checked in for is missed.
    late = view(hall, at(10, 46))["appointments"][1]  # type: ignore[index]
    assert late["status"] == "missed"


def test_open_alerts_first_with_their_episodes_minutes(hall: Hall) -> None:
    """An alert shows how long its episode lasted (so far), as the staff record counts it."""
    staffed(hall)
    for window, staff, minute, kind in ((1, "S001", 1, AlertKind.AWAY), (2, "S002", 2, AlertKind.PHONE)):
        start = later(NOW, minute)
        raised = AlertRaised(
            window=window, staff=staff, kind=kind, started=start, at=later(start, 5), duration=300.0
        )
        run(hall, hall.record_alert(raised))
    first, second = sorted(hall.state.alerts)
    # The phone goes down at 7: the episode ends (acknowledging it later changes nothing).
    back = StateChange(
        window=2,
        staff="S002",
        state=StaffState.PRESENT,
        previous=StaffState.PHONE,
        at=later(NOW, 7),
        since=later(NOW, 7),
    )
    run(hall, hall.record_state(back))
    run(hall, hall.acknowledge(second, later(NOW, 8), by="Supervisor"))
    result = view(hall, later(NOW, 10))
    alerts = result["alerts"]
    assert [(a["alert_id"], a["kind"], a["acknowledged_by"]) for a in alerts] == [  # type: ignore[attr-defined]
        (first, "away", None),
        (second, "phone", "Supervisor"),
    ]
    assert [(a["minutes"], a["seconds"], a["ongoing"]) for a in alerts] == [  # type: ignore[attr-defined]
        (9.0, 540, True),
        (5.0, 300, False),
    ]
    assert alerts[0]["staff_name"] == "王芳"  # type: ignore[index]
    assert result["figures"]["unacknowledged"] == 1 and result["figures"]["alerts"] == 2  # type: ignore[index]


def test_staff_records(hall: Hall) -> None:
    staffed(hall)
    ticket = issue(hall, "id_card")
    call(hall, 1, later(NOW, 1))
    run(hall, hall.complete(later(NOW, 4), window=1))
    run(hall, hall.rate(ticket, 5, later(NOW, 5)))
    records = {r["staff_number"]: r for r in view(hall, later(NOW, 6))["staff"]}  # type: ignore[attr-defined]
    assert records["S001"] == {
        "staff_number": "S001",
        "name": "王芳",
        "department": "公安",
        "window": 1,
        "served": 1,
        "satisfaction": 1.0,
        "away_minutes": 0.0,
        "phone_episodes": 0,
        "alerts": 0,
    }
    assert records["S003"]["served"] == 0 and records["S003"]["satisfaction"] is None
