"""The materials guide in Home Assistant: files to repair issues, the actions, the checklist a ticket keeps;
and appointments at the kiosk: late arrivals, contact details kept apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.service_hall.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .conftest import act
from .helpers import coordinator_of, flush, refused, runtime_of

ANSWERS = {"company_type": "llc", "foreign": "no", "premises": "rented", "agent": "yes"}
DOCUMENTS = ["application", "articles", "investor_id", "lease", "power_of_attorney", "agent_id"]

BROKEN = """\
service: tax
title: {zh-Hans: 税务登记, en: Tax registration}
questions:
  - id: kind
    text: {zh-Hans: 类型, en: Kind}
    options:
      - {id: a, text: {zh-Hans: 甲, en: A}}
      - {id: a, text: {zh-Hans: 乙, en: B}}
documents:
  - id: form
    text: {zh-Hans: 申请表, en: Form}
    copies: 0
"""


def materials(hass: HomeAssistant) -> Path:
    return Path(hass.config.path("service_hall", "materials"))


def issues(hass: HomeAssistant) -> dict[str, ir.IssueEntry]:
    return {i: issue for (d, i), issue in ir.async_get(hass).issues.items() if d == DOMAIN}


async def test_the_examples_load_and_answer_checklists(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    guides = (await act(hass, "get_materials"))["guides"]
    assert sorted(guides) == ["business", "household", "social_insurance"]
    assert guides["household"]["questions"][1]["when"] == [{"reason": ["family"]}]
    one = await act(hass, "get_materials", service="business")
    assert list(one["guides"]) == ["business"]
    checklist = await act(hass, "get_checklist", service="business", answers=ANSWERS)
    assert [d["id"] for d in checklist["documents"]] == DOCUMENTS
    employer = await act(hass, "get_checklist", service="social_insurance", answers={"applicant": "employer"})
    assert [d["id"] for d in employer["documents"]] == ["business_licence", "staff_list", "labour_contracts"]
    assert issues(hass) == {}


async def test_a_ticket_keeps_the_checklist_its_citizen_saw(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    issued = await act(hass, "issue_ticket", service="business", source="kiosk", answers=ANSWERS)
    assert [d["id"] for d in issued["checklist"]["documents"]] == DOCUMENTS
    # The window's tablet asks by ticket: the same checklist, from the answers kept with it.
    seen = await act(hass, "get_checklist", ticket=issued["ticket"].lower())
    assert seen["ticket"] == issued["ticket"]
    assert [d["id"] for d in seen["documents"]] == DOCUMENTS
    assert coordinator_of(init_integration).hall.ticket(issued["ticket"]).answers == ANSWERS
    # A ticket taken without the guide has no checklist (the tablet shows none).
    plain = await act(hass, "issue_ticket", service="business")
    assert "checklist" not in plain
    assert (await act(hass, "get_checklist", ticket=plain["ticket"]))["documents"] is None
    # Answers to a question that was not asked are not kept.
    sole = await act(hass, "issue_ticket", service="business", answers={**ANSWERS, "company_type": "sole"})
    assert "foreign" not in coordinator_of(init_integration).hall.ticket(sole["ticket"]).answers


async def test_the_answers_survive_a_restart(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    issued = await act(hass, "issue_ticket", service="business", answers=ANSWERS)
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    seen = await act(hass, "get_checklist", ticket=issued["ticket"])
    assert [d["id"] for d in seen["documents"]] == DOCUMENTS


@pytest.mark.parametrize(
    ("action", "data", "key"),
    [
        (
            "issue_ticket",
            {"service": "business", "answers": {**ANSWERS, "premises": "cave"}},
            "materials_bad_answer",
        ),
        ("issue_ticket", {"service": "business", "answers": {"company_type": "llc"}}, "materials_unanswered"),
        (
            "issue_ticket",
            {"service": "business", "answers": {**ANSWERS, "pets": "no"}},
            "materials_unknown_question",
        ),
        ("issue_ticket", {"service": "tax", "answers": {}}, "materials_no_guide"),
        ("get_checklist", {"service": "tax"}, "materials_no_guide"),
        ("get_checklist", {"service": "visa"}, "unknown_service"),
        ("get_checklist", {"ticket": "Z999"}, "unknown_ticket"),
        ("get_checklist", {}, "ticket_or_service_required"),
        ("get_materials", {"service": "tax"}, "materials_no_guide"),
        ("get_materials", {"service": "visa"}, "unknown_service"),
        ("get_appointment_contact", {"code": "999999"}, "unknown_appointment"),
    ],
)
async def test_wrong_answers_are_refused_and_change_nothing(
    hass: HomeAssistant, init_integration: MockConfigEntry, action: str, data: dict[str, Any], key: str
) -> None:
    await refused(hass, init_integration, key, action, **data)


async def test_a_broken_file_is_a_repair_issue_until_it_is_fixed(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    path = materials(hass) / "tax.yaml"
    await hass.async_add_executor_job(path.write_text, BROKEN, "utf-8")
    answer = await act(hass, "reload_materials")
    assert answer == {"loaded": ["business", "household", "social_insurance"], "refused": {"tax.yaml": 2}}
    found = issues(hass)
    assert list(found) == [f"{init_integration.entry_id}_materials_invalid_tax.yaml"]
    issue = next(iter(found.values()))
    assert issue.translation_key == "materials_invalid"
    assert issue.severity is ir.IssueSeverity.ERROR
    placeholders = issue.translation_placeholders or {}
    assert placeholders["file"] == "service_hall/materials/tax.yaml"
    assert placeholders["count"] == "2"
    # In Home Assistant's language (the tests' is English): each mistake with its file and line.
    assert placeholders["mistakes"] == (
        "- tax.yaml, line 8: the id a is used twice\n- tax.yaml, line 12: copies must be a whole number from 1 to 20"
    )
    # Nothing of the broken file is loaded.
    await refused(hass, init_integration, "materials_no_guide", "get_materials", service="tax")
    fixed = BROKEN.replace("- {id: a, text: {zh-Hans: 乙", "- {id: b, text: {zh-Hans: 乙").replace(
        "copies: 0", "copies: 2"
    )
    await hass.async_add_executor_job(path.write_text, fixed, "utf-8")
    answer = await act(hass, "reload_materials")
    assert answer == {"loaded": ["business", "household", "social_insurance", "tax"], "refused": {}}
    assert issues(hass) == {}
    checklist = await act(hass, "get_checklist", service="tax", answers={"kind": "b"})
    assert [(d["id"], d["copies"]) for d in checklist["documents"]] == [("form", 2)]


async def test_mistakes_read_in_chinese_where_home_assistant_does(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    hass.config.language = "zh-Hans"
    await hass.async_add_executor_job((materials(hass) / "tax.yaml").write_text, BROKEN, "utf-8")
    await act(hass, "reload_materials")
    issue = next(iter(issues(hass).values()))
    assert (issue.translation_placeholders or {})["mistakes"].splitlines()[
        0
    ] == "- tax.yaml 第 8 行: 标识 a 重复"


async def test_files_are_read_at_setup_and_a_removed_hall_leaves_no_issue(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    directory = materials(hass)
    (directory / "tax.yaml").write_text(BROKEN, "utf-8")
    (directory / "notes.txt").write_text("not a guide", "utf-8")
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert len(issues(hass)) == 1
    assert sorted(runtime_of(mock_config_entry).materials.guides.guides) == [
        "business",
        "household",
        "social_insurance",
    ]
    assert await hass.config_entries.async_remove(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert issues(hass) == {}


async def test_no_materials_directory_means_no_guides(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    for path in materials(hass).iterdir():
        path.unlink()
    materials(hass).rmdir()
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert await act(hass, "get_materials") == {"guides": {}}
    assert issues(hass) == {}


# Appointments at the kiosk


async def test_late_check_in_joins_as_a_walk_in(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    # 09:00 now; slots 08:00-08:30 (late: past 08:45) and 09:10-09:40 (in time).
    hall_time.move_to("2026-11-23T07:50:00+08:00")
    await flush(hass)
    late = await act(
        hass, "book_appointment", service="tax", start="2026-11-23T08:00:00", end="2026-11-23T08:30:00"
    )
    early = await act(hass, "book_appointment", service="tax", start="2026-11-23T09:10:00")
    hall_time.move_to("2026-11-23T09:00:00+08:00")
    await flush(hass)
    # The kiosk asks first (nothing changes), then checks in: both say "late" alike.
    preview = await act(hass, "get_appointment", code=late["code"])
    assert preview == {
        "code": late["code"],
        "service": "tax",
        "start": "2026-11-23T08:00:00+08:00",
        "end": "2026-11-23T08:30:00+08:00",
        "late": True,
        "materials": False,
    }
    assert (await act(hass, "get_appointment", code=early["code"]))["late"] is False
    assert coordinator_of(init_integration).hall.state.tickets == {}
    answer = await act(hass, "check_in", code=late["code"])
    assert answer["late"] is True and answer["state"] == "waiting"
    on_time = await act(hass, "check_in", code=early["code"])
    assert on_time["late"] is False
    tickets = coordinator_of(init_integration).hall.state.tickets
    assert tickets[answer["ticket"]].source == "appointment_late"
    assert tickets[answer["ticket"]].appointment_start is None
    assert tickets[on_time["ticket"]].appointment_start is not None
    await refused(hass, init_integration, "appointment_checked_in", "check_in", code=late["code"])
    await refused(hass, init_integration, "appointment_checked_in", "get_appointment", code=late["code"])


async def test_the_kiosk_can_ask_before_the_guide_and_is_refused_as_at_check_in(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    booked = await act(hass, "book_appointment", service="social_insurance", start="2026-11-23T11:00:00")
    tomorrow = await act(hass, "book_appointment", service="tax", start="2026-11-24T10:00:00")
    # 09:00 and the slot at 11:00: too early, the same refusal check_in gives.
    for action in ("get_appointment", "check_in"):
        await refused(hass, init_integration, "appointment_too_early", action, code=booked["code"])
        await refused(hass, init_integration, "appointment_not_today", action, code=tomorrow["code"])
        await refused(hass, init_integration, "unknown_appointment", action, code="999999")
    hall_time.move_to("2026-11-23T10:45:00+08:00")
    await flush(hass)
    preview = await act(hass, "get_appointment", code=f" {booked['code']} ")
    assert preview["service"] == "social_insurance" and preview["materials"] is True
    assert preview["late"] is False
    await act(hass, "cancel_appointment", code=booked["code"])
    await refused(hass, init_integration, "appointment_cancelled", "get_appointment", code=booked["code"])


async def test_check_in_with_the_guide_answers(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    booked = await act(hass, "book_appointment", service="social_insurance", start="2026-11-23T09:10:00")
    await refused(hass, init_integration, "materials_unanswered", "check_in", code=booked["code"], answers={})
    answer = await act(hass, "check_in", code=booked["code"], answers={"applicant": "employer"})
    assert [d["id"] for d in answer["checklist"]["documents"]] == [
        "business_licence",
        "staff_list",
        "labour_contracts",
    ]


async def test_contact_details_are_for_administrators_and_go_with_a_cancellation(
    hass: HomeAssistant, init_integration: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    booked = await act(
        hass, "book_appointment", service="tax", start="2026-11-24T10:00:00", name="李华", phone="13900001111"
    )
    assert set(booked) == {"code", "service", "start", "end"}  # the answer does not echo them
    contact = await act(hass, "get_appointment_contact", code=booked["code"])
    assert (contact["name"], contact["phone"], contact["service"]) == ("李华", "13900001111", "tax")
    key = f"{DOMAIN}.{init_integration.entry_id}.contacts"
    assert hass_storage[key]["data"]["contacts"][booked["code"]]["day"] == "2026-11-24"
    assert "13900001111" not in coordinator_of(init_integration).storage.journal_path.read_text("utf-8")
    await act(hass, "cancel_appointment", code=booked["code"])
    assert hass_storage[key]["data"]["contacts"] == {}
    contact = await act(hass, "get_appointment_contact", code=booked["code"])
    assert (contact["name"], contact["phone"]) == (None, None)
    # Kept across a restart.
    other = await act(
        hass, "book_appointment", service="tax", start="2026-11-24T11:00:00", phone="13900002222"
    )
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert (await act(hass, "get_appointment_contact", code=other["code"]))["phone"] == "13900002222"


async def test_a_ticket_keeps_a_checklist_when_the_guide_is_edited(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    issued = await act(hass, "issue_ticket", service="business", answers=ANSWERS)
    path = materials(hass) / "business.yaml"
    text = await hass.async_add_executor_job(path.read_text, "utf-8")
    # The hall drops the question about an agent (and its documents' condition).
    start = text.index("  - id: agent\n")
    text = text[:start] + text[text.index("documents:") :]
    text = text.replace('    when: {agent: "yes"}\n', "")
    await hass.async_add_executor_job(path.write_text, text, "utf-8")
    assert (await act(hass, "reload_materials"))["refused"] == {}
    seen = await act(hass, "get_checklist", ticket=issued["ticket"])
    assert seen["answers"] == {k: v for k, v in ANSWERS.items() if k != "agent"}
    assert [d["id"] for d in seen["documents"]] == DOCUMENTS
