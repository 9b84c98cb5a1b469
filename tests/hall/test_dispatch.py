"""Which ticket a window calls: classes, the hall's order, weights, promotion, named windows."""

from __future__ import annotations

from datetime import datetime

import pytest

from custom_components.service_hall.hall import DispatchClass, Hall, HallSettings
from custom_components.service_hall.hall.dispatch import ahead_of, belongs, classify, select
from custom_components.service_hall.hall.model import DEFAULT_DISPATCH_ORDER

from .conftest import at, call, issue, later, make_hall, run, staffed


def call_all(hall: Hall, window: int, start: datetime) -> list[str]:
    """Call, and finish, everyone a window can call; answer the numbers in call order."""
    called: list[str] = []
    now = start
    while (number := call(hall, window, now)) is not None:
        called.append(number)
        now = later(now, 1)
        run(hall, hall.complete(now, window=window))
    return called


def test_walk_ins_are_called_by_arrival_across_the_window_s_services() -> None:
    hall = staffed(make_hall())
    issue(hall, "passport", at(9, 0))  # A001
    issue(hall, "id_card", at(9, 1))  # A002
    issue(hall, "social", at(9, 1, 30))  # B001, not served at window 1
    issue(hall, "passport", at(9, 2))  # A003
    assert call_all(hall, 1, at(9, 5)) == ["A001", "A002", "A003"]
    assert [t.number for t in hall.waiting("social")] == ["B001"]


def test_tickets_of_the_same_instant_keep_their_issue_order() -> None:
    hall = staffed(make_hall())
    for _ in range(3):
        issue(hall, "id_card", at(9, 0))
    assert call_all(hall, 1, at(9, 1)) == ["A001", "A002", "A003"]


def test_priority_lane_goes_ahead_of_walk_ins() -> None:
    hall = staffed(make_hall())
    issue(hall, "id_card", at(9, 0))  # A001
    issue(hall, "id_card", at(9, 5), priority=True)  # A002
    issue(hall, "id_card", at(9, 6))  # A003
    issue(hall, "passport", at(9, 7), priority=True)  # A004
    assert call_all(hall, 1, at(9, 10)) == ["A002", "A004", "A001", "A003"]


def mixed_queue(settings: HallSettings) -> Hall:
    """Window 2 (id_card and social) facing one ticket of each class but promoted.

    A001 walk-in 08:40, A002 appointment checked in 08:45 for 09:00, B001 reactivated
    (arrived 09:01), A003 priority 09:10, A004 transferred in from passport (arrived 09:15).
    """
    hall = staffed(make_hall(settings))
    issue(hall, "id_card", at(8, 40))
    run(hall, hall.book("id_card", at(9, 0), at(8, 0), code="900001"))
    run(hall, hall.check_in("900001", at(8, 45)))
    issue(hall, "social", at(9, 1))
    assert call(hall, 3, at(9, 2)) == "B001"
    run(hall, hall.no_show(at(9, 3), window=3))
    issue(hall, "id_card", at(9, 10), priority=True)
    issue(hall, "passport", at(9, 15))
    run(hall, hall.transfer(at(9, 16), ticket="A004", target_service="id_card"))
    run(hall, hall.reactivate("B001", at(9, 20)))
    return hall


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (DEFAULT_DISPATCH_ORDER, ["B001", "A004", "A003", "A002", "A001"]),
        (
            (
                DispatchClass.PRIORITY,
                DispatchClass.APPOINTMENT,
                DispatchClass.RETURNING,
                DispatchClass.WALK_IN,
            ),
            ["A003", "A002", "B001", "A004", "A001"],
        ),
        ((DispatchClass.APPOINTMENT, DispatchClass.WALK_IN), ["A002", "A001", "B001", "A003", "A004"]),
        # Walk-in first: every ticket is a walk-in, so the order is by arrival alone.
        ((DispatchClass.WALK_IN, DispatchClass.PRIORITY), ["A001", "A002", "B001", "A003", "A004"]),
        # Classes left out rank after those named.
        ((DispatchClass.PRIORITY,), ["A003", "A001", "A002", "B001", "A004"]),
    ],
)
def test_dispatch_order_is_tunable(order: tuple[DispatchClass, ...], expected: list[str]) -> None:
    hall = mixed_queue(HallSettings(max_wait=0, dispatch_order=order))
    assert call_all(hall, 2, at(9, 30)) == expected


def test_default_classes_of_the_mixed_queue() -> None:
    settings = HallSettings(max_wait=0)
    hall = mixed_queue(settings)
    now = at(9, 30)
    classes = {
        t.number: [c for c in DispatchClass if belongs(c, t, now, settings)]
        for q in hall.state.waiting.values()
        for t in q.values()
    }
    assert classes == {
        "A001": [DispatchClass.WALK_IN],
        "A002": [DispatchClass.APPOINTMENT, DispatchClass.WALK_IN],
        "B001": [DispatchClass.RETURNING, DispatchClass.WALK_IN],
        "A003": [DispatchClass.PRIORITY, DispatchClass.WALK_IN],
        "A004": [DispatchClass.RETURNING, DispatchClass.WALK_IN],
    }
    ranks = {n: classify(hall.ticket(n), now, settings)[0] for n in classes}
    assert ranks == {"A001": 4, "A002": 3, "B001": 1, "A003": 2, "A004": 1}


def test_promoted_goes_first_in_the_default_order() -> None:
    hall = mixed_queue(HallSettings(max_wait=30))
    # At 09:30 the walk-in A001 (08:40) and the appointment A002 (08:45) have waited past 30
    # minutes: both are promoted, ahead of the returning tickets.
    assert call_all(hall, 2, at(9, 30)) == ["A001", "A002", "B001", "A004", "A003"]


@pytest.mark.parametrize(
    ("social_at", "expected"),
    [
        # 09:20: tax waited 20 min x 0.2 = 4, social 5 min x 1 = 5: social first.
        (at(9, 15), ["B001", "C001"]),
        # 09:30: tax waited 30 min x 0.2 = 6, social 5 min x 1 = 5: tax first.
        (at(9, 25), ["C001", "B001"]),
    ],
)
def test_weights_scale_the_wait(social_at: datetime, expected: list[str]) -> None:
    hall = staffed(make_hall(HallSettings(max_wait=0)))
    issue(hall, "tax", at(9, 0))
    issue(hall, "social", social_at)
    assert call_all(hall, 3, later(social_at, 5)) == expected


def serve_window_3_until(hall: Hall, end: datetime) -> dict[str, datetime]:
    """Social tickets arrive every minute from 08:50, window 3 calls every two from 09:00.

    The social queue grows, so its oldest ticket always outweighs a tax ticket (weight 0.2).
    Answers when each ticket was called.
    """
    called: dict[str, datetime] = {}
    now = at(8, 50, 30)
    while now < end:
        if now == at(9, 0, 30):
            issue(hall, "tax", at(9, 0))  # C001
        issue(hall, "social", now)
        if now >= at(9, 0) and now.minute % 2 == 0:
            if hall.current_ticket(3) is not None:
                run(hall, hall.complete(now, window=3))
            if (number := call(hall, 3, now)) is not None:
                called[number] = now
        now = later(now, 1)
    return called


def test_promotion_past_max_wait_keeps_a_low_weight_service_from_starving() -> None:
    hall = staffed(make_hall(HallSettings(max_wait=30)))
    called = serve_window_3_until(hall, at(10, 0))
    assert called["C001"] == at(9, 30, 30)  # the first call after 30 minutes


def test_without_promotion_a_low_weight_service_starves() -> None:
    hall = staffed(make_hall(HallSettings(max_wait=0)))
    called = serve_window_3_until(hall, at(10, 0))
    assert "C001" not in called
    assert len(called) == 30


def test_a_ticket_sent_to_a_named_window_waits_for_that_window_only() -> None:
    hall = staffed(make_hall())
    issue(hall, "id_card", at(9, 0))
    call(hall, 2, at(9, 1))
    run(hall, hall.transfer(at(9, 2), window=2, target_window=1))
    issue(hall, "id_card", at(9, 3))
    assert select(hall.layout.windows[2], hall.state.waiting, at(9, 4), hall.settings) is hall.ticket("A002")
    assert call_all(hall, 2, at(9, 4)) == ["A002"]
    assert call_all(hall, 1, at(9, 10)) == ["A001"]


def test_select_ignores_services_the_window_does_not_serve() -> None:
    hall = staffed(make_hall())
    issue(hall, "tax", at(9, 0))
    assert select(hall.layout.windows[1], hall.state.waiting, at(9, 1), hall.settings) is None
    assert hall.call_next(1, at(9, 1)) == []


def test_people_ahead_follow_the_dispatch_order() -> None:
    settings = HallSettings()
    hall = staffed(make_hall(settings))
    issue(hall, "id_card", at(9, 0))  # A001
    issue(hall, "id_card", at(9, 1))  # A002
    issue(hall, "id_card", at(9, 2), priority=True)  # A003
    queue = hall.waiting("id_card")
    now = at(9, 3)
    assert {t.number: ahead_of(t, queue, now, settings) for t in queue} == {"A001": 1, "A002": 2, "A003": 0}
    # Past the maximum wait A001 is promoted ahead of the priority ticket.
    now = at(9, 30)
    assert {t.number: ahead_of(t, queue, now, settings) for t in queue} == {"A001": 0, "A002": 2, "A003": 1}
