"""What applying events reports as touched: the integration refreshes only those entities."""

from __future__ import annotations

from datetime import timedelta

from custom_components.service_hall.hall import Hall, HallEvent
from custom_components.service_hall.hall.model import Changes

from .conftest import DAY, at, issue, make_hall, run, staffed


def touched(
    hall: Hall, events: list[HallEvent]
) -> tuple[set[str], set[int], set[str], list[tuple[int, str, bool]]]:
    """Apply events; answer the services, windows, staff and calls they touched."""
    changes = hall.apply(events)
    return changes.services, changes.windows, changes.staff, changes.calls


def test_changes_of_a_ticket_s_life() -> None:
    hall = staffed(make_hall())
    assert touched(hall, hall.issue("id_card", at(9, 0))) == ({"id_card"}, set(), set(), [])
    assert touched(hall, hall.call_next(1, at(9, 1))) == ({"id_card"}, {1}, {"S001"}, [(1, "A001", False)])
    assert touched(hall, hall.recall(at(9, 2), window=1)) == ({"id_card"}, {1}, set(), [(1, "A001", True)])
    assert touched(hall, hall.start(at(9, 3), window=1)) == ({"id_card"}, {1}, set(), [])
    assert touched(hall, hall.transfer(at(9, 4), window=1, target_service="social")) == (
        {"id_card", "social"},
        {1},
        {"S001"},
        [],
    )
    assert touched(hall, hall.call_next(3, at(9, 5))) == ({"social"}, {3}, {"S003"}, [(3, "A001", False)])
    assert touched(hall, hall.complete(at(9, 6), window=3)) == ({"social"}, {3}, {"S003"}, [])
    assert touched(hall, hall.rate("A001", 5, at(9, 7))) == ({"social"}, {3}, {"S003"}, [])


def test_changes_of_no_show_reactivate_cancel_and_expire() -> None:
    hall = staffed(make_hall())
    issue(hall, "id_card", at(9, 0))
    issue(hall, "id_card", at(9, 0))
    run(hall, hall.call_next(2, at(9, 1)))
    assert touched(hall, hall.no_show(at(9, 2), window=2)) == ({"id_card"}, {2}, {"S002"}, [])
    assert touched(hall, hall.reactivate("A001", at(9, 3))) == ({"id_card"}, set(), set(), [])
    assert touched(hall, hall.cancel("A001", at(9, 4))) == ({"id_card"}, set(), set(), [])
    run(hall, hall.call_next(1, at(9, 5)))
    assert touched(hall, hall.closing_events(at(3, 0, day=DAY + timedelta(days=1)))) == (
        {"id_card"},
        {1},
        {"S001"},
        [],
    )


def test_changes_of_windows_staff_and_appointments() -> None:
    hall = make_hall()
    assert touched(hall, hall.open_window(1, at(8, 30))) == (set(), {1}, set(), [])
    assert touched(hall, hall.pause_window(1, "午休", at(12, 0))) == (set(), {1}, set(), [])
    assert touched(hall, hall.resume_window(1, at(13, 0))) == (set(), {1}, set(), [])
    assert touched(hall, hall.sign_in(1, "S001", at(13, 0))) == (set(), {1}, {"S001"}, [])
    # Moving to window 3 touches both windows; replacing S002 there touches S002 as well.
    run(hall, hall.sign_in(3, "S002", at(13, 0)))
    assert touched(hall, hall.sign_in(3, "S001", at(13, 1))) == (set(), {1, 3}, {"S001", "S002"}, [])
    assert touched(hall, hall.sign_out(at(13, 2), staff="S001")) == (set(), {3}, {"S001"}, [])
    assert touched(hall, hall.close_window(1, at(17, 30))) == (set(), {1}, set(), [])
    assert touched(hall, hall.book("tax", at(10, 0), at(9, 0), code="1")) == ({"tax"}, set(), set(), [])
    assert touched(hall, hall.cancel_appointment("1", at(9, 1))) == ({"tax"}, set(), set(), [])


def test_changes_merge() -> None:
    a = Changes(services={"tax"}, windows={1}, staff={"S001"}, calls=[(1, "C001", False)])
    a.merge(Changes(services={"social"}, windows={1, 2}, calls=[(2, "B001", True)]))
    assert a == Changes(
        services={"tax", "social"},
        windows={1, 2},
        staff={"S001"},
        calls=[(1, "C001", False), (2, "B001", True)],
    )
