"""Refusals: every error key the hall can answer with, each leaving the state exactly as it was."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from custom_components.service_hall.hall import (
    AlertKind,
    AlertRaised,
    Hall,
    HallError,
    HallLayout,
    StaffState,
    StateChange,
    TicketState,
    parse_layout,
)
from custom_components.service_hall.hall.tablets import check_tablet_reach

from .conftest import assert_refused, at, call, issue, make_hall, run, staffed

HALL_PACKAGE = Path(__file__).parents[2] / "custom_components" / "service_hall" / "hall"
NOW = at(9, 30)
TUESDAY_10AM = at(10, 0, day=date(2025, 3, 4))
#: The error keys of the package that belong to the guide: test_materials.py tests them, not REFUSALS.
MATERIALS_KEYS = {
    "materials_no_guide",
    "materials_unknown_question",
    "materials_bad_answer",
    "materials_unanswered",
}


def test_hall_error_carries_a_key_and_text_placeholders() -> None:
    err = HallError("daily_cap_reached", service="tax", cap=30)
    assert isinstance(err, Exception)
    assert err.key == "daily_cap_reached"
    assert err.placeholders == {"service": "tax", "cap": "30"}
    assert str(err) == "daily_cap_reached: service=tax, cap=30"
    bare = HallError("transfer_target_required")
    assert (bare.key, bare.placeholders, str(bare)) == (
        "transfer_target_required",
        {},
        "transfer_target_required",
    )


def without(layout: HallLayout, *, service: str = "", window: int = 0) -> HallLayout:
    """The layout less one service or one window (what an options flow step or an import removes)."""
    return replace(
        layout,
        services={k: v for k, v in layout.services.items() if k != service},
        windows={k: v for k, v in layout.windows.items() if k != window},
    )


def busy_hall() -> Hall:
    """The hall at 09:30 with something in every state.

    Tickets: A001 done and rated, A002 done, A003 called at window 1 and recalled three times,
    A004 being served at window 2, A005 waiting, A006 checked in (appointment 100002),
    B001 a no-show, C001-C003 waiting (the tax cap of 3 is reached).
    Windows: 3 closed, 4 paused. Appointments: 100001 today at 10:00, 100002 checked in,
    100003 cancelled, 100004 tomorrow, 100005 today 08:00-08:30 (missed).
    Supervision: alert W02-001 (S002 away) acknowledged, W01-002 (S001 on the phone) not.
    """
    hall = make_hall()
    run(hall, hall.book("id_card", at(8, 0), at(7, 45), code="100005"))
    staffed(hall, at(8, 30))
    run(hall, hall.book("id_card", at(10, 0), at(8, 30), code="100001"))
    run(hall, hall.book("id_card", at(9, 0), at(8, 30), code="100002"))
    run(hall, hall.book("id_card", at(11, 0), at(8, 30), code="100003"))
    run(hall, hall.book("id_card", TUESDAY_10AM, at(8, 30), code="100004"))
    run(hall, hall.cancel_appointment("100003", at(8, 31)))
    for minute in range(5):
        issue(hall, "id_card", at(8, 40 + minute))
    issue(hall, "social", at(8, 45))
    for second in range(3):
        issue(hall, "tax", at(8, 46, second))
    assert call(hall, 1, at(8, 45)) == "A001"
    run(hall, hall.complete(at(8, 46), window=1))
    run(hall, hall.rate("A001", 5, at(8, 46)))
    assert call(hall, 1, at(8, 47)) == "A002"
    run(hall, hall.complete(at(8, 48), window=1))
    assert call(hall, 1, at(8, 49)) == "A003"
    for minute in (50, 51, 52):
        run(hall, hall.recall(at(8, minute), window=1))
    assert call(hall, 2, at(8, 53)) == "A004"
    run(hall, hall.start(at(8, 54), window=2))
    assert call(hall, 3, at(8, 55)) == "B001"
    run(hall, hall.no_show(at(8, 56), window=3))
    run(hall, hall.close_window(3, at(8, 57)))
    run(hall, hall.pause_window(4, "午休", at(9, 0)))
    run(hall, hall.check_in("100002", at(9, 1)))
    away = AlertRaised(
        window=2, staff="S002", kind=AlertKind.AWAY, started=at(9, 0), at=at(9, 5), duration=300
    )
    phone = AlertRaised(
        window=1, staff="S001", kind=AlertKind.PHONE, started=at(9, 5), at=at(9, 6), duration=60
    )
    run(hall, hall.record_alert(away))
    run(hall, hall.record_alert(phone))
    run(hall, hall.acknowledge("W02-001", at(9, 10), by="值班长"))
    return hall


def test_busy_hall_is_what_it_says() -> None:
    hall = busy_hall()
    assert {n: t.state for n, t in hall.state.tickets.items()} == {
        "A001": TicketState.DONE,
        "A002": TicketState.DONE,
        "A003": TicketState.CALLED,
        "A004": TicketState.SERVING,
        "A005": TicketState.WAITING,
        "B001": TicketState.NO_SHOW,
        "C001": TicketState.WAITING,
        "C002": TicketState.WAITING,
        "C003": TicketState.WAITING,
        "A006": TicketState.WAITING,
    }
    assert hall.ticket("A003").recalls == 3
    assert hall.ticket("A006").appointment == "100002"
    assert {i: a.acknowledged_at for i, a in hall.state.alerts.items()} == {
        "W02-001": at(9, 10),
        "W01-002": None,
    }


REFUSALS: list[tuple[str, Callable[[Hall], Any]]] = [
    ("unknown_service", lambda h: h.issue("visa", NOW)),
    ("unknown_service", lambda h: h.book("visa", at(11, 0), NOW)),
    ("unknown_service", lambda h: h.transfer(NOW, window=1, target_service="visa")),
    ("hall_closed", lambda h: h.issue("id_card", at(17, 30))),
    ("hall_closed", lambda h: h.issue("id_card", at(8, 0))),
    ("daily_cap_reached", lambda h: h.issue("tax", NOW)),
    ("unknown_window", lambda h: h.call_next(9, NOW)),
    ("unknown_window", lambda h: h.transfer(NOW, window=1, target_window=9)),
    ("unknown_window", lambda h: h.complete(NOW, ticket="A004", window=9)),
    ("window_closed", lambda h: h.call_next(3, NOW)),
    ("window_closed", lambda h: h.pause_window(3, "会议", NOW)),
    ("window_paused", lambda h: h.call_next(4, NOW)),
    ("ticket_not_finished", lambda h: h.call_next(1, NOW)),
    ("unknown_ticket", lambda h: h.cancel("Z999", NOW)),
    ("unknown_ticket", lambda h: h.reactivate("A999", NOW)),
    ("unknown_ticket", lambda h: h.rate("A999", 5, NOW)),
    ("unknown_ticket", lambda h: h.start(NOW, ticket="A999")),
    ("unknown_ticket", lambda h: h.ticket_info("A999", NOW)),
    ("ticket_or_window_required", lambda h: h.start(NOW)),
    ("ticket_or_window_required", lambda h: h.transfer(NOW, target_service="social")),
    ("no_current_ticket", lambda h: h.complete(NOW, window=4)),
    ("no_current_ticket", lambda h: h.no_show(NOW, window=3)),
    ("ticket_not_at_window", lambda h: h.start(NOW, ticket="A003", window=2)),
    ("ticket_not_at_window", lambda h: h.complete(NOW, ticket="A005", window=1)),
    ("ticket_wrong_state", lambda h: h.start(NOW, ticket="A005")),
    ("ticket_wrong_state", lambda h: h.start(NOW, window=2)),
    ("ticket_wrong_state", lambda h: h.recall(NOW, window=2)),
    ("ticket_wrong_state", lambda h: h.no_show(NOW, ticket="A004")),
    ("ticket_wrong_state", lambda h: h.complete(NOW, ticket="A002")),
    ("ticket_wrong_state", lambda h: h.reactivate("A005", NOW)),
    ("ticket_wrong_state", lambda h: h.cancel("A001", NOW)),
    ("ticket_wrong_state", lambda h: h.rate("A005", 5, NOW)),
    ("ticket_wrong_state", lambda h: h.transfer(NOW, ticket="A002", target_service="social")),
    ("ticket_wrong_state", lambda h: h.transfer(NOW, ticket="B001", target_service="id_card")),
    ("recall_limit_reached", lambda h: h.recall(NOW, window=1)),
    ("transfer_target_required", lambda h: h.transfer(NOW, window=1)),
    ("transfer_same_service", lambda h: h.transfer(NOW, window=1, target_service="id_card")),
    ("transfer_same_service", lambda h: h.transfer(NOW, ticket="A005", target_service="id_card")),
    ("transfer_same_window", lambda h: h.transfer(NOW, window=1, target_window=1)),
    ("window_not_serving", lambda h: h.transfer(NOW, window=1, target_window=4)),
    ("invalid_grade", lambda h: h.rate("A002", 0, NOW)),
    ("invalid_grade", lambda h: h.rate("A002", 6, NOW)),
    ("already_rated", lambda h: h.rate("A001", 3, NOW)),
    ("window_busy", lambda h: h.close_window(1, NOW)),
    ("window_busy", lambda h: h.close_window(2, NOW)),
    ("unknown_staff", lambda h: h.sign_in(1, "S999", NOW)),
    ("unknown_staff", lambda h: h.sign_out(NOW, staff="S999")),
    ("window_or_staff_required", lambda h: h.sign_out(NOW)),
    ("staff_not_at_window", lambda h: h.sign_out(NOW, window=2, staff="S001")),
    ("appointment_bad_slot", lambda h: h.book("id_card", at(11, 0), NOW, end=at(10, 0))),
    ("appointment_in_past", lambda h: h.book("id_card", at(8, 0), NOW)),
    ("appointment_too_far", lambda h: h.book("id_card", NOW.replace(year=9999, month=12, day=31), NOW)),
    ("appointment_too_far", lambda h: h.book("id_card", at(11, 0), NOW, end=NOW.replace(year=2999))),
    ("appointment_code_taken", lambda h: h.book("id_card", at(11, 0), NOW, code="100001")),
    ("unknown_appointment", lambda h: h.check_in("999999", NOW)),
    ("unknown_appointment", lambda h: h.cancel_appointment("999999", NOW)),
    ("appointment_cancelled", lambda h: h.check_in("100003", NOW)),
    ("appointment_checked_in", lambda h: h.check_in("100002", NOW)),
    ("appointment_checked_in", lambda h: h.cancel_appointment("100002", NOW)),
    ("appointment_not_today", lambda h: h.check_in("100004", NOW)),
    ("appointment_too_early", lambda h: h.check_in("100001", at(9, 29))),
    ("hall_closed", lambda h: h.check_in("100005", at(17, 30))),
    ("no_ticket_to_rate", lambda h: h.rate_at_window(1, 5, NOW + timedelta(hours=1), within=60)),
    ("unknown_alert", lambda h: h.acknowledge("W01-003", NOW)),
    ("unknown_alert", lambda h: h.acknowledge("", NOW)),
    ("alert_already_acknowledged", lambda h: h.acknowledge("W02-001", NOW)),
    ("alert_already_acknowledged", lambda h: h.acknowledge(" w02-001 ", NOW, by="S003")),
    # A layout change (options flow, import_layout) may not strand an open ticket: C001-C003 wait
    # for tax, A004 is served at window 2.
    ("service_in_use", lambda h: h.check_layout_change(without(h.layout, service="tax"))),
    ("window_in_use", lambda h: h.check_layout_change(without(h.layout, window=2))),
    # A window's tablet reaches only its window (services.async_check_tablet asks before acting).
    ("tablet_other_window", lambda h: check_tablet_reach(h, 1, window=2)),
    ("tablet_other_window", lambda h: check_tablet_reach(h, 1, staff="S002")),
    ("tablet_ticket_elsewhere", lambda h: check_tablet_reach(h, 1, ticket="A004")),
    ("tablet_ticket_elsewhere", lambda h: check_tablet_reach(h, 2, ticket="A005")),
    (
        "unknown_window",
        lambda h: h.record_state(
            StateChange(
                window=9, staff=None, state=StaffState.PRESENT, previous=StaffState.UNKNOWN, at=NOW, since=NOW
            )
        ),
    ),
    (
        "unknown_window",
        lambda h: h.record_alert(
            AlertRaised(window=9, staff="S001", kind=AlertKind.AWAY, started=at(9, 0), at=NOW, duration=1800)
        ),
    ),
]


@pytest.mark.parametrize(
    ("key", "command"), REFUSALS, ids=[f"{i:02d}-{k}" for i, (k, _) in enumerate(REFUSALS)]
)
def test_refused_commands_change_nothing(key: str, command: Callable[[Hall], Any]) -> None:
    hall = busy_hall()
    err = assert_refused(hall, key, command, hall)
    assert all(isinstance(v, str) for v in err.placeholders.values())


def test_a_layout_change_names_what_it_would_strand_and_lets_the_rest_go() -> None:
    hall = busy_hall()
    with pytest.raises(HallError) as info:
        hall.check_layout_change(replace(hall.layout, services={}, windows={}))
    assert (info.value.key, info.value.placeholders) == ("service_in_use", {"service": "id_card, tax"})
    with pytest.raises(HallError) as info:
        hall.check_layout_change(without(hall.layout, window=1))
    assert (info.value.key, info.value.placeholders) == ("window_in_use", {"window": "1", "ticket": "A003"})
    # B001 was a no-show at window 3 (closed since): neither holds a citizen's place.
    hall.check_layout_change(without(without(hall.layout, service="social"), window=3))
    hall.check_layout_change(hall.layout)


def test_every_error_key_of_the_package_is_tested() -> None:
    """Each key the package raises has a refusal above (layout_invalid in test_layout)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(HALL_PACKAGE.glob("*.py")))
    raised = set(re.findall(r'HallError\(\s*"([a-z_]+)"', source))
    assert "layout_invalid" in raised
    assert raised - {"layout_invalid"} - MATERIALS_KEYS == {key for key, _ in REFUSALS}
    assert raised >= MATERIALS_KEYS


def test_layout_invalid_is_a_hall_error() -> None:
    with pytest.raises(HallError) as info:
        parse_layout([])
    assert info.value.key == "layout_invalid"
