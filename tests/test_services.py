"""The hall's actions through Home Assistant: the ticket life, dispatch, answers and refusals."""

from __future__ import annotations

import errno
import json
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
import yaml
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components import service_hall
from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.hall import parse_layout
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .conftest import act
from .helpers import coordinator_of, flush, hall_fingerprint, open_hall, refused

TRANSLATIONS = Path(__file__).parents[1] / "custom_components" / "service_hall" / "translations"


async def test_issue_answers_number_ahead_and_range(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A ticket's answer carries its number, the people ahead and an estimated wait range."""
    await open_hall(hass)
    first = await act(hass, "issue_ticket", service="household")
    second = await act(hass, "issue_ticket", service="household", source="kiosk")
    assert first is not None and second is not None
    assert first["ticket"] == "A001"
    assert second["ticket"] == "A002"
    assert first["people_ahead"] == 0
    assert second["people_ahead"] == 1
    # Windows 1 and 2 serve household and are idle: the first two are called at once.
    assert first["estimated_wait"] == second["estimated_wait"] == {"low": 0.0, "point": 0.0, "high": 0.0}
    await act(hass, "issue_ticket", service="household")
    fourth = await act(hass, "issue_ticket", service="household")
    assert fourth is not None
    assert fourth["people_ahead"] == 3
    low, point, high = (fourth["estimated_wait"][k] for k in ("low", "point", "high"))
    assert low <= point < high
    assert point > 0


async def test_get_ticket_follows_a_waiting_ticket(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A citizen's ticket, asked about while it waits: fewer ahead and less to wait as time passes."""
    await open_hall(hass)  # household at windows 1 and 2
    for _ in range(4):
        await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "call_next", window=2)
    first = await act(hass, "get_ticket", ticket="a004")
    assert first is not None
    assert (first["ticket"], first["state"], first["people_ahead"], first["window"]) == (
        "A004",
        "waiting",
        1,
        None,
    )
    hall_time.tick(timedelta(minutes=2))
    later = await act(hass, "get_ticket", ticket="A004")
    assert later is not None
    assert later["estimated_wait"]["point"] < first["estimated_wait"]["point"]
    await act(hass, "complete", window=1)
    await act(hass, "call_next", window=1)  # A003
    await act(hass, "complete", window=1)
    await act(hass, "call_next", window=1)  # A004
    called = await act(hass, "get_ticket", ticket="A004")
    assert called == {
        "ticket": "A004",
        "service": "household",
        "state": "called",
        "people_ahead": 0,
        "estimated_wait": None,
        "window": 1,
    }
    await refused(hass, init_integration, "unknown_ticket", "get_ticket", ticket="Z999")


async def test_shared_prefix_numbering(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Services that share a prefix share its daily numbering."""
    tax = await act(hass, "issue_ticket", service="tax")
    business = await act(hass, "issue_ticket", service="business")
    assert tax is not None and business is not None
    assert (tax["ticket"], business["ticket"]) == ("D001", "D002")


async def test_whole_ticket_life(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Issue, call, recall, start, complete and rate, with figures from the log."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    hall_time.tick(timedelta(minutes=3))
    called = await act(hass, "call_next", window=1)
    assert called == {"ticket": "A001", "window": 1, "finished": None, "service": "household"}
    await act(hass, "recall", window=1)
    hall_time.tick(timedelta(minutes=1))
    await act(hass, "start", window=1)
    assert hass.states.get("sensor.window_1_status").state == "serving"
    hall_time.tick(timedelta(minutes=5))
    await act(hass, "complete", window=1)
    await act(hass, "rate", ticket="a001", grade=5)
    hall = coordinator_of(init_integration).hall
    ticket = hall.ticket("A001")
    assert (ticket.state, ticket.rating, ticket.recalls) == ("done", 5, 1)
    figures = hall.state.stats.summary()
    assert figures["served"] == 1
    assert figures["mean_wait"] == 3.0
    assert figures["mean_handling"] == 5.0
    assert figures["staff"]["SP1001"]["served"] == 1
    assert hass.states.get("sensor.window_1_served_today").state == "1"
    assert hass.states.get("sensor.window_1_status").state == "idle"
    await refused(hass, init_integration, "already_rated", "rate", ticket="A001", grade=4)


async def test_call_next_finishes_ticket_under_service(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Calling the next citizen finishes the one being served."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "start", window=1)
    answer = await act(hass, "call_next", window=1)
    assert answer is not None
    assert (answer["finished"], answer["ticket"]) == ("A001", "A002")
    nobody = await act(hass, "start", window=1)
    assert nobody is None
    await act(hass, "complete", window=1)
    empty = await act(hass, "call_next", window=1)
    assert empty == {"ticket": None, "window": 1, "finished": None}


async def test_dispatch_order(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Reactivated, then priority lane, then the longest waiting walk-in."""
    await open_hall(hass)
    for _ in range(3):
        await act(hass, "issue_ticket", service="household")
        hall_time.tick(timedelta(minutes=1))
    await act(hass, "issue_ticket", service="household", priority=True)  # A004
    await act(hass, "call_next", window=1)  # A004, priority lane
    await act(hass, "mark_no_show", window=1)
    await act(hass, "reactivate", ticket="A004")
    order = []
    for _ in range(4):
        answer = await act(hass, "call_next", window=1)
        assert answer is not None
        order.append(answer["ticket"])
        await act(hass, "complete", window=1)
    assert order == ["A004", "A001", "A002", "A003"]


async def test_transfer_keeps_arrival_and_targets_window(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Joint handling: a ticket continues at another service, and at a named window only."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")  # A001
    hall_time.tick(timedelta(minutes=1))
    await act(hass, "issue_ticket", service="business")  # D001
    await act(hass, "call_next", window=1)
    await act(hass, "start", window=1)
    answer = await act(hass, "transfer", window=1, target_service="business", target_window=5)
    assert answer is not None
    assert answer["ticket"] == "A001"
    assert answer["service"] == "business"
    assert answer["state"] == "waiting"
    # Window 2 serves business too, but the ticket was sent to window 5.
    two = await act(hass, "call_next", window=2)
    assert two is not None and two["ticket"] == "D001"
    five = await act(hass, "call_next", window=5)
    assert five is not None and five["ticket"] == "A001"
    ticket = coordinator_of(init_integration).hall.ticket("A001")
    assert ticket.arrival_at < ticket.queued_at
    assert ticket.visits == 1


async def test_appointment_goes_ahead_in_its_slot(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A checked-in appointment is served before walk-ins once its slot begins."""
    await open_hall(hass)
    booked = await act(
        hass, "book_appointment", service="household", start="2026-11-23 09:45:00", reference="WX-88"
    )
    assert booked is not None
    assert booked["start"] == "2026-11-23T09:45:00+08:00"
    assert booked["end"] == "2026-11-23T10:15:00+08:00"
    await act(hass, "issue_ticket", service="household")  # A001 walk-in
    await refused(hass, init_integration, "appointment_too_early", "check_in", code=booked["code"])
    hall_time.tick(timedelta(minutes=20))
    ticket = await act(hass, "check_in", code=booked["code"])
    assert ticket is not None and ticket["ticket"] == "A002"
    before_slot = await act(hass, "call_next", window=1)
    assert before_slot is not None and before_slot["ticket"] == "A001"
    await act(hass, "complete", window=1)
    await act(hass, "issue_ticket", service="household")  # A003
    hall_time.tick(timedelta(minutes=30))
    in_slot = await act(hass, "call_next", window=1)
    assert in_slot is not None and in_slot["ticket"] == "A002"
    await refused(hass, init_integration, "appointment_checked_in", "check_in", code=booked["code"])


async def test_cancel_appointment(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """A cancelled booking cannot check in."""
    booked = await act(
        hass, "book_appointment", service="tax", start="2026-11-23 09:10:00", end="2026-11-23 09:20:00"
    )
    assert booked is not None
    await act(hass, "cancel_appointment", code=booked["code"])
    await refused(hass, init_integration, "appointment_cancelled", "check_in", code=booked["code"])
    await refused(hass, init_integration, "unknown_appointment", "check_in", code="000000x")


async def test_automatic_no_show_after_timeout(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A called ticket nobody comes for becomes a no-show after the timeout from its last call."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    hall_time.tick(timedelta(minutes=4))
    await act(hass, "recall", window=1)
    hall_time.tick(timedelta(minutes=4))
    async_fire_time_changed(hass, fire_all=True)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator_of(init_integration).hall.ticket("A001").state == "called"
    hall_time.tick(timedelta(minutes=2))
    async_fire_time_changed(hass, fire_all=True)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert coordinator_of(init_integration).hall.ticket("A001").state == "no_show"
    assert hass.states.get("sensor.shi_pai_zheng_wu_fu_wu_zhong_xin_no_shows_today").state == "1"
    assert hass.states.get("sensor.window_1_status").state == "idle"


async def test_window_pause_resume_close(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """A paused window shows its reason and cannot call; a busy window cannot close."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "pause_window", window=1, reason="meeting")
    status = hass.states.get("sensor.window_1_status")
    assert (status.state, status.attributes["pause_reason"]) == ("paused", "meeting")
    await refused(hass, init_integration, "window_paused", "call_next", window=1)
    await act(hass, "resume_window", window=1)
    await act(hass, "call_next", window=1)
    await refused(hass, init_integration, "window_busy", "close_window", window=1)
    await act(hass, "cancel", ticket="A001")
    await act(hass, "close_window", window=1)
    assert hass.states.get("sensor.window_1_status").state == "closed"
    await refused(hass, init_integration, "window_closed", "call_next", window=1)
    await refused(hass, init_integration, "window_closed", "pause_window", window=1, reason="lunch")


async def test_sign_in_moves_and_sign_out(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Signing in elsewhere moves the officer; signing out clears the window."""
    await open_hall(hass)
    await act(hass, "sign_in", window=3, staff="SP1001")
    assert hass.states.get("sensor.window_1_staff").state == "unknown"
    staff = hass.states.get("sensor.window_3_staff")
    assert staff.state == "李明"
    assert staff.attributes["staff_number"] == "SP1001"
    await act(hass, "sign_out", staff="SP1001")
    assert hass.states.get("sensor.window_3_staff").state == "unknown"
    await act(hass, "sign_out", window=2)
    assert hass.states.get("sensor.zong_he_chuang_kou_staff").state == "unknown"
    await refused(hass, init_integration, "staff_not_at_window", "sign_out", window=5, staff="SP1002")
    await refused(hass, init_integration, "window_or_staff_required", "sign_out")


async def test_queue_status_has_no_personal_data(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The queue status answers numbers and figures, and no officer names."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "issue_ticket", service="household")
    status = await act(hass, "get_queue_status")
    assert status is not None
    assert status["services"]["household"]["waiting"] == 1
    assert status["services"]["household"]["waiting_tickets"] == ["A002"]
    assert status["windows"]["1"] == {
        "status": "calling",
        "ticket": "A001",
        "services": ["household", "social_insurance"],
    }
    assert "李明" not in repr(status)
    only_tax = await act(hass, "get_queue_status", service="tax")
    assert only_tax is not None
    assert list(only_tax["services"]) == ["tax"]
    assert set(only_tax["windows"]) == {"2", "3"}
    await refused(hass, init_integration, "unknown_service", "get_queue_status", service="nope")


@pytest.mark.parametrize(
    ("key", "action", "data"),
    [
        ("unknown_service", "issue_ticket", {"service": "passport"}),
        ("unknown_window", "call_next", {"window": 9}),
        ("unknown_ticket", "cancel", {"ticket": "Z999"}),
        ("unknown_staff", "sign_in", {"window": 1, "staff": "SP9999"}),
        ("window_closed", "call_next", {"window": 3}),
        ("no_current_ticket", "complete", {"window": 1}),
        ("ticket_or_window_required", "complete", {}),
        ("ticket_wrong_state", "complete", {"ticket": "A001"}),
        ("ticket_wrong_state", "reactivate", {"ticket": "A001"}),
        ("ticket_not_at_window", "start", {"ticket": "A001", "window": 1}),
        ("transfer_same_service", "transfer", {"ticket": "A001", "target_service": "household"}),
        ("transfer_target_required", "transfer", {"ticket": "A001"}),
        ("window_not_serving", "transfer", {"ticket": "A001", "target_window": 3}),
        ("unknown_window", "transfer", {"ticket": "A001", "target_window": 7}),
        ("ticket_wrong_state", "rate", {"ticket": "A001", "grade": 3}),
        ("appointment_in_past", "book_appointment", {"service": "tax", "start": "2026-11-23 08:00:00"}),
        (
            "appointment_bad_slot",
            "book_appointment",
            {"service": "tax", "start": "2026-11-23 11:00:00", "end": "2026-11-23 10:00:00"},
        ),
        ("unknown_service", "book_appointment", {"service": "passport", "start": "2026-11-24 10:00:00"}),
    ],
)
async def test_refusals(
    hass: HomeAssistant, init_integration: MockConfigEntry, key: str, action: str, data: dict[str, object]
) -> None:
    """Bad input answers a translated error naming the problem and changes nothing."""
    await act(hass, "open_window", window=1)
    await act(hass, "issue_ticket", service="household")
    await refused(hass, init_integration, key, action, **data)


async def test_refusals_at_the_window(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Recall cap, a called ticket blocking the next call, and a no-show of a ticket in service."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await refused(hass, init_integration, "ticket_not_finished", "call_next", window=1)
    for _ in range(3):
        await act(hass, "recall", window=1)
    await refused(hass, init_integration, "recall_limit_reached", "recall", window=1)
    await act(hass, "start", window=1)
    await refused(hass, init_integration, "ticket_wrong_state", "mark_no_show", window=1)
    await refused(hass, init_integration, "ticket_wrong_state", "recall", ticket="A001")
    await refused(hass, init_integration, "transfer_same_window", "transfer", window=1, target_window=1)


async def test_daily_cap_and_opening_hours(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A service's cap, and hours outside which no ticket is issued."""
    for _ in range(3):
        await act(hass, "issue_ticket", service="social_insurance")
    await refused(hass, init_integration, "daily_cap_reached", "issue_ticket", service="social_insurance")
    hall_time.move_to("2026-11-23T18:00:00+08:00")
    error = await refused(hass, init_integration, "hall_closed", "issue_ticket", service="household")
    assert error.translation_placeholders == {"open": "08:30", "close": "17:30"}
    hall_time.move_to("2026-11-28T10:00:00+08:00")  # a Saturday, days later: the day rolls over first
    await flush(hass)
    await refused(hass, init_integration, "hall_closed", "issue_ticket", service="household")


async def test_invalid_grade_refused_by_schema(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The action's schema refuses grades outside 1..5 before the hall sees them."""
    import voluptuous as vol

    with pytest.raises(vol.Invalid):
        await act(hass, "rate", ticket="A001", grade=6)


async def test_hall_selection(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Actions name their hall, or use the only one; unknown or unloaded halls are refused."""
    answer = await act(hass, "issue_ticket", config_entry_id=init_integration.entry_id, service="tax")
    assert answer is not None and answer["ticket"] == "D001"
    await refused(
        hass, init_integration, "unknown_hall", "issue_ticket", config_entry_id="nope", service="tax"
    )
    other = MockConfigEntry(domain=DOMAIN, title="Other", data={}, options={}, entry_id="other")
    other.add_to_hass(hass)
    await refused(
        hass, init_integration, "hall_not_loaded", "issue_ticket", config_entry_id="other", service="tax"
    )
    assert await hass.config_entries.async_setup(other.entry_id)
    await hass.async_block_till_done()
    await refused(hass, init_integration, "hall_required", "issue_ticket", service="tax")
    await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.config_entries.async_unload(other.entry_id)
    with pytest.raises(ServiceValidationError) as caught:
        await act(hass, "issue_ticket", service="tax")
    assert caught.value.translation_key == "hall_not_loaded"
    # The message names the halls there are (it read "The hall  is not loaded").
    assert caught.value.translation_placeholders == {"hall": f"{init_integration.title}, Other"}


async def test_import_layout_keeps_a_window_that_serves_a_ticket(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The action refuses a layout without the window serving a ticket, as the options flow does
    (the action used to skip this check: the ticket was left at a window that no longer existed)."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    layout = coordinator_of(init_integration).hall.layout.to_dict()
    layout["windows"] = [w for w in layout["windows"] if w["number"] != 1]
    (Path(hass.config.config_dir) / "layout.yaml").write_text(
        yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8"
    )
    error = await refused(hass, init_integration, "window_in_use", "import_layout", path="layout.yaml")
    assert error.translation_placeholders == {"window": "1", "ticket": "A001"}
    await act(hass, "complete", window=1)
    await act(hass, "import_layout", path="layout.yaml")
    await hass.async_block_till_done()
    assert sorted(coordinator_of(init_integration).hall.layout.windows) == [
        w["number"] for w in layout["windows"]
    ]


async def test_import_layout_reloads_the_hall_once(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A file changing many subentries (added, updated, removed by unique id) reloads the hall once,
    not once per subentry, and is written whole: the tax service goes with the windows serving it
    (alone, either deletion would be refused and put back); the day stays."""
    await act(hass, "issue_ticket", service="household")
    layout = coordinator_of(init_integration).hall.layout.to_dict()
    layout["services"] = [s for s in layout["services"] if s["id"] != "tax"]
    layout["services"].append({"id": "notary", "prefix": "N", "name": "公证"})
    layout["windows"] = [w for w in layout["windows"] if w["number"] not in (2, 3)]
    layout["windows"][0]["name"] = "户籍窗口"
    layout["windows"].append({"number": 9, "services": ["notary", "business"]})
    layout["staff"] = layout["staff"][:2]
    (Path(hass.config.config_dir) / "layout.yaml").write_text(
        yaml.safe_dump(layout, allow_unicode=True), encoding="utf-8"
    )
    with patch.object(service_hall, "async_setup_entry", side_effect=service_hall.async_setup_entry) as setup:
        await act(hass, "import_layout", path="layout.yaml")
        await hass.async_block_till_done()
    assert setup.call_count == 1
    hall = coordinator_of(init_integration).hall
    assert hall.layout == parse_layout(layout)
    assert list(hall.state.tickets) == ["A001"]
    assert sorted(s.unique_id or "" for s in init_integration.subentries.values()) == [
        "service_business",
        "service_household",
        "service_notary",
        "service_social_insurance",
        "staff_member_SP1001",
        "staff_member_SP1002",
        "window_1",
        "window_5",
        "window_9",
    ]
    # The same file again changes nothing: no reload.
    with patch.object(service_hall, "async_setup_entry", side_effect=service_hall.async_setup_entry) as setup:
        await act(hass, "import_layout", path="layout.yaml")
        await hass.async_block_till_done()
    assert setup.call_count == 0


async def test_a_journal_write_that_fails_is_translated(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A disk that refuses the journal's write: a translated error (not the bare OSError), the hall as
    it was, and the next action works once the disk does."""
    coordinator = coordinator_of(init_integration)
    await act(hass, "open_window", window=1)
    before = hall_fingerprint(init_integration)
    full = OSError(errno.ENOSPC, "No space left on device")
    with (
        patch.object(coordinator.storage, "_append", side_effect=full),
        pytest.raises(HomeAssistantError) as caught,
    ):
        await act(hass, "issue_ticket", service="household")
    error = caught.value
    assert not isinstance(error, ServiceValidationError)  # the machine's fault, not the caller's
    assert (error.translation_domain, error.translation_key) == (DOMAIN, "storage_failed")
    assert error.translation_placeholders == {"error": "[Errno 28] No space left on device"}
    assert isinstance(error.__cause__, OSError)
    assert str(error).startswith("The hall could not read or write its files ([Errno 28] No space left")
    for language in ("en", "zh-Hans"):
        messages = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))["exceptions"]
        assert "{error}" in messages["storage_failed"]["message"], language
    assert hall_fingerprint(init_integration) == before
    answer = await act(hass, "issue_ticket", service="household")
    assert answer is not None and answer["ticket"] == "A001"


async def test_a_journal_write_cut_short_leaves_nothing_behind(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """The disk fills in the middle of a line: the part written is cut off again, so the next
    ticket's line is whole and every confirmed ticket is there after a restart."""
    coordinator = coordinator_of(init_integration)
    await act(hass, "open_window", window=1)
    await act(hass, "issue_ticket", service="household")
    await hass.async_block_till_done()  # supervision records the window's opening in a task
    journal = coordinator.storage.journal_path
    whole = journal.read_bytes()
    real_open = Path.open

    class FillsUp:
        """The journal file, on a disk that fills after half of the next line."""

        def __init__(self, file: Any) -> None:
            self._file = file

        def write(self, text: str) -> int:
            self._file.write(text[: len(text) // 2])
            self._file.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self._file, name)

    def open_full(path: Path, *args: Any, **kwargs: Any) -> Any:
        file = real_open(path, *args, **kwargs)
        return FillsUp(file) if path == journal and "a" in args else file

    coordinator.storage.close()
    with patch.object(Path, "open", open_full), pytest.raises(HomeAssistantError) as caught:
        await act(hass, "issue_ticket", service="household")
    assert caught.value.translation_key == "storage_failed"
    assert journal.read_bytes() == whole  # the half line is gone
    answer = await act(hass, "issue_ticket", service="household")
    assert answer is not None and answer["ticket"] == "A002"

    await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    coordinator = coordinator_of(init_integration)
    assert sorted(coordinator.hall.state.tickets) == ["A001", "A002"]
    assert coordinator.skipped_lines == 0
