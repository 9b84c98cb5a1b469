"""The four dashboards of the run command, in a real Chromium against the real Home Assistant.

Each dashboard must render with no card error, no error from our cards and no unfilled text;
one ticket is then taken at the kiosk, called and completed at a window tablet, seen on the big
screen, and rated. These run on the demo's still hall; their screenshots go to the test's
temporary folder (pytest's tmp_path), to see what failed. The screenshots of docs/dashboards.md
(docs/screenshots/) are taken on a busy hall, by test_screens_on_a_busy_hall.py.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from harness import DashboardPage, DemoHass, OpenDashboard, screenshot
from playwright.sync_api import Browser, Locator, expect

BOARD = ("/service-hall-board/board", 1920, 1080)
WINDOW_3 = ("/service-hall-window/window-3", 800, 1280)
KIOSK = ("/service-hall-kiosk/tickets", 1080, 1920)
SUPERVISOR = ("/service-hall-supervisor/today", 1280, 800)
TIMEOUT = 15_000  # ms: a live view arrives within a second; Chromium on a busy CI machine is slower


def our_errors(dashboard: DashboardPage) -> list[str]:
    """Uncaught exceptions, card errors, console errors that come from our cards, unfilled text."""
    ours = [m for m in dashboard.console_errors if "service-hall" in m or "service_hall" in m]
    return dashboard.page_errors + dashboard.card_errors() + ours + dashboard.text_problems()


def card(dashboard: DashboardPage, tag: str) -> Locator:
    """Our card in the page (Playwright's CSS pierces the open shadow roots)."""
    return dashboard.page.locator(tag).first


def queue(demo_hass: DemoHass) -> dict[str, Any]:
    answer: dict[str, Any] = demo_hass.call("service_hall", "get_queue_status", response=True)[
        "service_response"
    ]
    return answer


def call_until(tablet_card: Locator, ticket: str, calls: int) -> Locator:
    """Call next on a window tablet until it shows the ticket; answers the current-number element."""
    current = tablet_card.locator(".current .ticket")
    expect(current).to_be_visible(timeout=TIMEOUT)
    start = tablet_card.locator('button[data-action="start"]')
    for _ in range(calls):
        if current.inner_text() == ticket:
            break
        # The citizen called before ours comes to the window and is served first.
        if start.is_enabled():
            start.click()
            expect(start).to_be_disabled(timeout=TIMEOUT)
        shown = current.inner_text()
        tablet_card.locator('button[data-action="call_next"]').click()
        expect(current).not_to_have_text(shown, timeout=TIMEOUT)
    expect(current).to_have_text(ticket)
    return current


@pytest.mark.parametrize(
    ("name", "where", "tag", "ready", "dark"),
    [
        ("big_screen_dark", BOARD, "service-hall-board-card", ".board", True),
        ("supervisor", SUPERVISOR, "service-hall-figures-card", ".grid", False),
        ("kiosk", KIOSK, "service-hall-kiosk-card", ".services button", False),
    ],
)
def test_dashboard_renders(
    open_dashboard: OpenDashboard,
    name: str,
    where: tuple[str, int, int],
    tag: str,
    ready: str,
    dark: bool,
    tmp_path: Path,
) -> None:
    dashboard = open_dashboard(*where, dark=dark)
    expect(card(dashboard, tag).locator(ready).first).to_be_visible(timeout=TIMEOUT)
    assert our_errors(dashboard) == []
    # It fits its screen on the still hall too (the busy hall: test_screens_on_a_busy_hall.py).
    assert dashboard.fit_problems(must_fit=name != "supervisor") == []
    if name == "supervisor":
        for other in ("service-hall-alerts-card", "service-hall-staff-card"):
            expect(card(dashboard, other).locator("h2")).to_be_visible(timeout=TIMEOUT)
        # Staffing advice: one row per group of services, each with the windows it needs.
        advice = card(dashboard, "service-hall-staffing-card")
        expect(advice.locator("tr[data-group]").first).to_be_visible(timeout=TIMEOUT)
        needed = advice.locator("tr[data-group] td[data-needed]")
        assert needed.count() >= 1
        assert all(re.fullmatch(r"\d+", text) for text in needed.all_inner_texts())
        # The hall's figures are the queue's: as many waiting as the integration counts.
        waiting = card(dashboard, tag).locator('[data-figure="waiting"] b')
        expect(waiting).to_have_text(re.compile(r"^\d+$"))
        # Home Assistant's own charts found their entities (a wrong id shows "Entity not available").
        assert dashboard.page.locator("hui-history-graph-card").count() == 4
        assert dashboard.page.get_by_text("Entity not available").count() == 0
    dashboard.screenshot(name, tmp_path)


def test_every_window_tablet_shows_its_officer(open_dashboard: OpenDashboard, demo_hass: DemoHass) -> None:
    dashboard = open_dashboard("/service-hall-window/window-1", 800, 1280)
    windows = {w: queue(demo_hass)["windows"][w] for w in ("1", "2", "3", "4", "5", "6")}
    for number in range(1, 7):
        dashboard.page.goto(f"{dashboard.page.url.rsplit('/', 1)[0]}/window-{number}")
        tablet = card(dashboard, "service-hall-window-card")
        # scripts/demo_setup.py signs SP1001..SP1006 in at windows 1..6.
        expect(tablet.locator(".staff-number")).to_have_text(f"SP100{number}", timeout=TIMEOUT)
        expect(tablet.locator(".current .ticket")).to_have_text(windows[str(number)]["ticket"] or "—")
        expect(tablet.locator("img.photo")).to_have_attribute("src", f"/local/staff/sp100{number}.svg")
    assert our_errors(dashboard) == []


def test_a_ticket_from_the_kiosk_to_the_window_to_the_big_screen(
    open_dashboard: OpenDashboard, demo_hass: DemoHass, tmp_path: Path
) -> None:
    board = open_dashboard(*BOARD)
    expect(card(board, "service-hall-board-card").locator(".board")).to_be_visible(timeout=TIMEOUT)
    kiosk = open_dashboard(*KIOSK)
    kiosk_card = card(kiosk, "service-hall-kiosk-card")

    # 1. The citizen takes a ticket for real-estate registration.
    before = queue(demo_hass)["services"]["real_estate"]
    kiosk_card.locator('button[data-service="real_estate"]').click()
    number = kiosk_card.locator(".ticket .number")
    expect(number).to_have_text(re.compile(r"^C\d{3}$"), timeout=TIMEOUT)
    ticket = number.inner_text()
    after = queue(demo_hass)["services"]["real_estate"]
    assert after["waiting_tickets"] == [*before["waiting_tickets"], ticket]
    expect(kiosk_card.locator(".ahead")).to_have_text(str(before["waiting"]))
    expect(kiosk_card.locator(".range")).to_have_text(re.compile(r"^\d+–\d+ 分钟$"))
    kiosk.screenshot("kiosk_ticket", tmp_path)

    # 2. Window 3 (real estate, helping with tax) calls until it reaches the ticket.
    tablet = open_dashboard(*WINDOW_3)
    tablet_card = card(tablet, "service-hall-window-card")
    current = call_until(tablet_card, ticket, 8)
    assert queue(demo_hass)["windows"]["3"]["ticket"] == ticket

    # 3. The big screen shows the call, highlighted, and the ticket at window 3.
    board_card = card(board, "service-hall-board-card")
    expect(board_card.locator(".now .ticket")).to_have_text(ticket, timeout=TIMEOUT)
    expect(board_card.locator(".now")).to_have_class(re.compile(r"\bnew\b"))
    expect(board_card.locator('.win[data-window="3"] .ticket')).to_have_text(ticket)
    board.screenshot("big_screen", tmp_path)
    # ... and the highlight ends after highlight_seconds (10 in lovelace/big_screen.yaml).
    expect(board_card.locator(".now")).not_to_have_class(re.compile(r"\bnew\b"), timeout=TIMEOUT)

    # 4. The officer completes; the citizen rates the service on the tablet.
    tablet_card.locator('button[data-action="complete"]').click()
    grades = tablet_card.locator('.rating button[data-action="rate"]')
    expect(grades).to_have_count(5, timeout=TIMEOUT)
    expect(grades.first).to_have_attribute("data-ticket", ticket)
    tablet.screenshot("window_tablet", tmp_path)
    rated_before = demo_hass.call("service_hall", "get_daily_report", response=True)["service_response"]
    tablet_card.locator('.rating button[data-grade="5"]').click()
    expect(tablet_card.locator(".thanks")).to_be_visible(timeout=TIMEOUT)
    report = demo_hass.call("service_hall", "get_daily_report", response=True)["service_response"]
    assert report["figures"]["ratings"]["5"] == rated_before["figures"]["ratings"]["5"] + 1
    expect(current).to_have_text("—")
    assert our_errors(board) == our_errors(kiosk) == our_errors(tablet) == []


def test_the_window_tablet_pauses_and_resumes(open_dashboard: OpenDashboard, demo_hass: DemoHass) -> None:
    tablet = open_dashboard("/service-hall-window/window-6", 800, 1280)
    tablet_card = card(tablet, "service-hall-window-card")
    tablet_card.locator('button[data-action="pause"]').click()
    expect(tablet_card.locator('button[data-action="resume"]')).to_be_visible(timeout=TIMEOUT)
    expect(tablet_card.locator('button[data-action="call_next"]')).to_be_disabled()
    assert queue(demo_hass)["windows"]["6"]["status"] == "paused"
    tablet_card.locator('button[data-action="resume"]').click()
    expect(tablet_card.locator('button[data-action="pause"]')).to_be_visible(timeout=TIMEOUT)
    assert queue(demo_hass)["windows"]["6"]["status"] != "paused"


def test_the_kiosk_checks_in_an_appointment_and_refuses_a_wrong_code(
    open_dashboard: OpenDashboard, demo_hass: DemoHass
) -> None:
    start = (datetime.now().astimezone() + timedelta(minutes=10)).replace(second=0, microsecond=0)
    booked = demo_hass.call(
        "service_hall", "book_appointment", {"service": "tax", "start": start.isoformat()}, response=True
    )["service_response"]
    kiosk = open_dashboard(*KIOSK)
    kiosk_card = card(kiosk, "service-hall-kiosk-card")

    def enter(code: str) -> None:
        enter_code(kiosk_card, code)

    # A wrong code: a translated refusal on the kiosk, and nothing issued.
    wrong = "000000" if booked["code"] != "000000" else "111111"
    issued = queue(demo_hass)
    enter(wrong)
    expect(kiosk_card.locator(".message")).to_contain_text("预约", timeout=TIMEOUT)
    assert (
        queue(demo_hass)["services"]["tax"]["waiting_tickets"] == issued["services"]["tax"]["waiting_tickets"]
    )
    kiosk_card.locator('button[data-action="home"]').click()

    enter(booked["code"])
    number = kiosk_card.locator(".ticket .number")
    expect(number).to_have_text(re.compile(r"^D\d{3}$"), timeout=TIMEOUT)
    assert number.inner_text() in queue(demo_hass)["services"]["tax"]["waiting_tickets"]

    # Untouched, the kiosk goes back to its start screen (reset_seconds in lovelace/kiosk.yaml).
    expect(kiosk_card.locator('button[data-service="tax"]')).to_be_visible(timeout=40_000)
    assert our_errors(kiosk) == []


def enter_code(kiosk_card: Locator, code: str) -> None:
    """Type an appointment code on the kiosk's keypad and check in."""
    kiosk_card.locator('button[data-action="checkin"]').click()
    for digit in code:
        kiosk_card.locator(f'.keypad button[data-digit="{digit}"]').click()
    expect(kiosk_card.locator(".code")).to_have_text(code)
    kiosk_card.locator('button[data-action="submit"]').click()


def test_an_appointment_walks_its_services_guide_before_checking_in(
    open_dashboard: OpenDashboard, demo_hass: DemoHass
) -> None:
    start = (datetime.now().astimezone() + timedelta(minutes=10)).replace(second=0, microsecond=0)
    booked = demo_hass.call(
        "service_hall",
        "book_appointment",
        {"service": "social_insurance", "start": start.isoformat()},
        response=True,
    )["service_response"]
    kiosk = open_dashboard(*KIOSK)
    kiosk_card = card(kiosk, "service-hall-kiosk-card")
    enter_code(kiosk_card, booked["code"])
    # Social insurance has a guide: its questions come first, and nothing is checked in yet.
    expect(kiosk_card.locator(".question .ask .zh")).to_have_text("以什么身份参保？", timeout=TIMEOUT)
    kiosk_card.locator('.options button[data-option="resident"]').click()
    kiosk_card.locator('.options button[data-question="transfer"][data-option="no"]').click()
    documents = kiosk_card.locator(".checklist .documents li")
    expect(documents).to_have_count(2, timeout=TIMEOUT)
    preview = demo_hass.call("service_hall", "get_appointment", {"code": booked["code"]}, response=True)
    assert preview["service_response"]["service"] == "social_insurance"  # still to check in
    take = kiosk_card.locator('button[data-action="take"]')
    expect(take).to_contain_text("签到")
    take.click()
    number = kiosk_card.locator(".ticket .number")
    expect(number).to_have_text(re.compile(r"^B\d{3}$"), timeout=TIMEOUT)
    expect(kiosk_card.locator(".checklist .documents li")).to_have_count(2)
    kept = demo_hass.call("service_hall", "get_checklist", {"ticket": number.inner_text()}, response=True)
    assert [d["id"] for d in kept["service_response"]["documents"]] == ["id_card", "bank_card"]
    assert number.inner_text() in queue(demo_hass)["services"]["social_insurance"]["waiting_tickets"]
    assert our_errors(kiosk) == []


def test_the_kiosk_walks_the_materials_guide_and_the_window_shows_the_checklist(
    open_dashboard: OpenDashboard, demo_hass: DemoHass, tmp_path: Path
) -> None:
    kiosk = open_dashboard(*KIOSK)
    kiosk_card = card(kiosk, "service-hall-kiosk-card")
    # Company registration has a guide (demo/config/service_hall/materials/business.yaml).
    kiosk_card.locator('button[data-service="business"]').click()
    question = kiosk_card.locator(".question .ask .zh")
    expect(question).to_have_text("您要设立哪类企业？", timeout=TIMEOUT)
    before = queue(demo_hass)["services"]["business"]["waiting_tickets"]
    for asked, option in (
        ("company_type", "llc"),
        ("foreign", "yes"),
        ("premises", "rented"),
        ("agent", "no"),
    ):
        button = kiosk_card.locator(f'.options button[data-question="{asked}"][data-option="{option}"]')
        expect(button).to_be_visible(timeout=TIMEOUT)
        if asked == "foreign":
            # Going back one question and answering again keeps the walk consistent.
            kiosk_card.locator('button[data-action="previous"]').click()
            kiosk_card.locator('.options button[data-option="llc"]').click()
        button.click()
    documents = kiosk_card.locator(".checklist .documents li")
    expected = ["application", "articles", "foreign_investor_proof", "lease"]
    expect(documents).to_have_count(len(expected), timeout=TIMEOUT)
    assert [documents.nth(i).get_attribute("data-document") for i in range(len(expected))] == expected
    expect(documents.nth(2)).to_contain_text("原件及复印件 · 2 份")
    # Nothing is issued until the citizen takes the ticket.
    assert queue(demo_hass)["services"]["business"]["waiting_tickets"] == before
    kiosk.screenshot("kiosk_checklist", tmp_path)
    kiosk_card.locator('button[data-action="take"]').click()
    number = kiosk_card.locator(".ticket .number")
    expect(number).to_have_text(re.compile(r"^E\d{3}$"), timeout=TIMEOUT)
    ticket = number.inner_text()
    expect(kiosk_card.locator(".checklist .documents li")).to_have_count(len(expected))

    # Window 5 (business registration) calls until it reaches the ticket: its tablet shows the list.
    tablet = open_dashboard("/service-hall-window/window-5", 800, 1280)
    tablet_card = card(tablet, "service-hall-window-card")
    call_until(tablet_card, ticket, 12)
    shown_documents = tablet_card.locator(".checklist .documents li")
    expect(shown_documents).to_have_count(len(expected), timeout=TIMEOUT)
    assert [shown_documents.nth(i).get_attribute("data-document") for i in range(len(expected))] == expected
    tablet.screenshot("window_tablet_checklist", tmp_path)
    assert our_errors(kiosk) == our_errors(tablet) == []


def test_the_supervisor_sees_the_days_appointments(
    open_dashboard: OpenDashboard, demo_hass: DemoHass
) -> None:
    start = (datetime.now().astimezone() + timedelta(minutes=20)).replace(second=0, microsecond=0)
    demo_hass.call("service_hall", "book_appointment", {"service": "real_estate", "start": start.isoformat()})
    dashboard = open_dashboard(*SUPERVISOR)
    appointments = card(dashboard, "service-hall-appointments-card")
    rows = appointments.locator('tr[data-status="booked"]')
    expect(rows.first).to_be_visible(timeout=TIMEOUT)
    expect(appointments.locator("tr[data-status]").filter(has_text="不动产登记").first).to_be_visible()
    assert our_errors(dashboard) == []


def test_the_public_queue_page_opens_on_a_phone_without_login(
    browser: Browser, demo_hass: DemoHass, tmp_path: Path
) -> None:
    # The demo turns the hall's public status on (scripts/demo_setup.py): a phone, not logged in.
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        page = context.new_page()
        response = page.goto(f"{demo_hass.url}/service_hall/queue")
        assert response is not None and response.status == 200
        status = queue(demo_hass)
        rows = page.locator("tr[data-service]")
        expect(rows).to_have_count(len(status["services"]))
        tax = page.locator('tr[data-service="tax"] td.waiting')
        assert int(tax.inner_text()) == status["services"]["tax"]["waiting"]
        waiting = status["services"]["tax"]["waiting_tickets"]
        if waiting:
            page.locator('input[name="ticket"]').fill(waiting[-1].lower())
            page.locator("form button").click()
            expect(page.locator(f'.answer[data-ticket="{waiting[-1]}"]')).to_contain_text("前面还有")
        screenshot(page, "queue_page", tmp_path)
        qr = page.goto(f"{demo_hass.url}/service_hall/queue/qr.svg")
        assert qr is not None and qr.status == 200 and qr.headers["content-type"] == "image/svg+xml"
        poster = page.goto(f"{demo_hass.url}/service_hall/queue/poster")
        assert poster is not None and poster.status == 200
        expect(page.locator(".poster img")).to_be_visible()
        # The QR code image loaded (an SVG of some width), not a broken image.
        assert page.locator(".poster img").evaluate("img => img.complete && img.naturalWidth > 0")
    finally:
        context.close()
