"""The four dashboards on a busy hall, at their target sizes: everything fits and reads whole.

The other dashboard tests run on the demo's still hall (a handful of tickets), where a screen
that overflows with a real day's load looks fine. Here a demo of its own (busy_demo_hass) is
made busy first: long names (an officer, a window,
a service), 120 waiting over every service so most of them wait past their targets, every kind of
supervision alert (Frigate's seat counts published over the demo's real broker), appointments, a
paused window. Then each screen must fit its screen (harness.fit_problems) and show no unfilled
text (harness.text_problems), and the screenshots of docs/dashboards.md (docs/screenshots/) are taken.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from harness import (
    REPO,
    DashboardPage,
    DemoHass,
    HttpError,
    OpenDashboard,
    fit_problems,
    screenshot,
    wait_for_view,
)
from playwright.sync_api import Browser, Locator, expect

BOARD = ("/service-hall-board/board", 1920, 1080)
SUPERVISOR = ("/service-hall-supervisor/today", 1280, 800)
KIOSK = ("/service-hall-kiosk/tickets", 1080, 1920)
TIMEOUT = 15_000

# Long names, as real halls have them (sample_hall.yaml edited, imported with import_layout).
LONG_OFFICER = "买买提明·阿卜杜热合曼"  # SP1003, at window 3
LONG_SERVICE = (
    "出入境证件办理（护照、港澳台通行证）",
    "Exit-entry permits (passports, Hong Kong, Macao and Taiwan passes)",
)
LONG_WINDOW = "公积金·出入境·综合咨询窗口"  # window 6
# Tickets issued per service: 120 in all (a busy hour): with six windows, one paused, most
# services wait past their targets and the staffing advice finds groups short of windows.
TICKETS = {
    "household": 18,
    "social_insurance": 18,
    "real_estate": 10,
    "tax": 14,
    "business": 10,
    "housing_fund": 14,
    "exit_entry": 14,
    "enquiry": 22,
}
# Seats as Frigate reports them (the still hall has the fast times of simulator/live/tuning.py:
# an away alert after 30 s, a phone alert after 10 s).
AWAY = (1, 6)
PHONE = 2
PAUSED = 4
ALERTS = len(AWAY) + 1
# The answers of the kiosk's business guide (demo/config/service_hall/materials/business.yaml).
BUSINESS_ANSWERS = {"company_type": "llc", "foreign": "yes", "premises": "rented", "agent": "no"}


@dataclass
class BusyHall:
    hass: DemoHass
    checklist_ticket: str  # a business ticket with answers: its window tablet shows the checklist

    def call(self, service: str, data: dict[str, Any] | None = None) -> Any:
        return self.hass.call(
            "service_hall",
            service,
            data,
            response=service.startswith("get_") or service in ("issue_ticket", "book_appointment"),
        )

    def queue(self) -> dict[str, Any]:
        answer: dict[str, Any] = self.call("get_queue_status")["service_response"]
        return answer

    def alerts_raised(self) -> int:
        report = self.call("get_daily_report")["service_response"]
        return int(report["figures"]["alerts"])


def long_names_layout(demo_hass: DemoHass) -> str:
    """The demo's layout with long names; returns its path under the config folder."""
    source = demo_hass.config_dir / "service_hall" / "sample_hall.yaml"
    if not source.exists():
        source = REPO / "demo" / "config" / "service_hall" / "sample_hall.yaml"
    text = source.read_text(encoding="utf-8")
    for old, new in (
        ("name: 陈志强", f"name: {LONG_OFFICER}"),
        (
            "name: {zh-Hans: 出入境, en: Exit and entry}",
            f'name: {{zh-Hans: "{LONG_SERVICE[0]}", en: "{LONG_SERVICE[1]}"}}',
        ),
        ("name: 公积金·出入境窗口", f"name: {LONG_WINDOW}"),
    ):
        assert old in text, f"{old!r} not in {source}: update this test with the demo's layout"
        text = text.replace(old, new)
    path = demo_hass.config_dir / "service_hall" / "busy_hall.yaml"
    path.write_text(text, encoding="utf-8")
    return "service_hall/busy_hall.yaml"


def publish(demo_hass: DemoHass, topic: str, payload: str) -> None:
    """A message on the demo's broker, through Home Assistant's MQTT (not retained, as Frigate's counts)."""
    demo_hass.call("mqtt", "publish", {"topic": topic, "payload": payload, "retain": False})


def seat(window: int, label: str, count: int) -> tuple[str, str]:
    """Frigate's count topic of a window's seat zone (window_0N_seat in the demo layout)."""
    return f"frigate/window_{window:02d}_seat/{label}", str(count)


def serve_next(busy: BusyHall, window: int, *, serve: bool = True) -> None:
    """The window serves its citizen (start, complete: then the citizen may rate), or marks a
    no-show (``serve=False``: no handling time of a few milliseconds drags the hall's estimates
    and staffing advice down), and calls the next."""
    current = busy.queue()["windows"][str(window)]
    if current["ticket"]:
        if current["status"] == "calling" and not serve:
            busy.call("mark_no_show", {"window": window})
        else:
            if current["status"] == "calling":
                busy.call("start", {"window": window})
            busy.call("complete", {"window": window})
    busy.call("call_next", {"window": window})


def serve_until(busy: BusyHall, window: int, ticket: str, calls: int = 30) -> None:
    """Call at a window until it calls ``ticket``: the ones before it do not come."""
    for _ in range(calls):
        if busy.queue()["windows"][str(window)]["ticket"] == ticket:
            return
        serve_next(busy, window, serve=False)
    raise AssertionError(f"window {window} did not reach {ticket} in {calls} calls")


def wait_for(what: str, predicate: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {timeout:g} s")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def busy_hall(busy_demo_hass: DemoHass) -> BusyHall:
    """The busy-hall tests' demo made busy (see the module's docstring); takes a few seconds."""
    return make_busy(busy_demo_hass)


def make_busy(hass: DemoHass) -> BusyHall:
    """Long names, 120 more tickets, seats for every alert kind, appointments, a paused window."""
    busy = BusyHall(hass, "")
    # The first business ticket carries the kiosk guide's answers: window 5 serves it below.
    checklist = busy.call(
        "issue_ticket", {"service": "business", "source": "kiosk", "answers": BUSINESS_ANSWERS}
    )
    busy.checklist_ticket = checklist["service_response"]["ticket"]
    for service, count in TICKETS.items():
        for _ in range(count):
            busy.call("issue_ticket", {"service": service})
    now = datetime.now().astimezone()
    for minutes, service in (
        (5, "real_estate"),
        (25, "exit_entry"),
        (35, "tax"),
        (50, "household"),
        (65, "enquiry"),
        (80, "business"),
    ):
        start = now + timedelta(minutes=minutes)
        start = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
        busy.call("book_appointment", {"service": service, "start": start.isoformat()})
    # Long names. The import reloads the hall, which restores its day from disk and renews the
    # staffing advice at once: with the tickets above (else the advice waits for its next minute).
    hass.call("service_hall", "import_layout", {"path": long_names_layout(hass)})
    wait_for("the hall reloaded with the long names", lambda: _renamed(hass))
    for window in range(1, 7):
        busy.call("open_window", {"window": window})
    # Every seat taken, then two officers leave theirs and one takes out a phone.
    publish(hass, "frigate/available", "online")
    for window in range(1, 7):
        publish(hass, *seat(window, "person", 1))
    for window in AWAY:
        publish(hass, *seat(window, "person", 0))
    publish(hass, *seat(PHONE, "cell phone", 1))
    # Calls at every window but the paused one (windows 3 and 5 call in their tests).
    busy.call("pause_window", {"window": PAUSED, "reason": "break"})
    for window in (1, 2, 6):
        if not busy.queue()["windows"][str(window)]["ticket"]:
            busy.call("call_next", {"window": window})
    return busy


def _renamed(hass: DemoHass) -> bool:
    try:
        status = hass.call("service_hall", "get_queue_status", response=True)["service_response"]
    except HttpError:  # reloading
        return False
    return bool(status["services"]["exit_entry"]["name"] == LONG_SERVICE[0])


def card(dashboard: DashboardPage, tag: str) -> Locator:
    return dashboard.page.locator(tag).first


def assert_fits(dashboard: DashboardPage, *, must_fit: bool) -> None:
    problems = dashboard.fit_problems(must_fit=must_fit) + dashboard.text_problems()
    assert problems == [], "\n".join(problems[:40])


def our_errors(dashboard: DashboardPage) -> list[str]:
    ours = [m for m in dashboard.console_errors if "service-hall" in m or "service_hall" in m]
    return dashboard.page_errors + dashboard.card_errors() + ours


@pytest.mark.parametrize(("name", "dark"), [("big_screen", False), ("big_screen_dark", True)])
def test_the_big_screen_fits_a_busy_hall(
    open_busy_dashboard: OpenDashboard, busy_hall: BusyHall, name: str, dark: bool
) -> None:
    board = open_busy_dashboard(*BOARD, dark=dark)
    board_card = card(board, "service-hall-board-card")
    expect(board_card.locator(".board")).to_be_visible(timeout=TIMEOUT)
    services = len(busy_hall.queue()["services"])
    expect(board_card.locator("tr[data-service]")).to_have_count(services)
    # Most services wait past their target: a warning row each.
    warnings = board_card.locator(".warn li")
    expect(warnings.nth(4)).to_be_visible(timeout=TIMEOUT)
    expect(board_card.locator(".appts li").first).to_be_visible()
    expect(board_card.locator("tr[data-service=exit_entry] td.name")).to_contain_text(LONG_SERVICE[0])
    # A fresh call, highlighted, as the hall sees it most of the day.
    serve_next(busy_hall, 2 if dark else 1, serve=False)
    expect(board_card.locator(".now")).to_have_class(re.compile(r"\bnew\b"), timeout=TIMEOUT)
    assert_fits(board, must_fit=True)
    assert our_errors(board) == []
    board.screenshot(name)


def test_the_window_tablet_fits_a_ticket_and_the_last_rating(
    open_busy_dashboard: OpenDashboard, busy_hall: BusyHall
) -> None:
    # Window 3's own tablet (pinned to its window; the long officer name): one citizen served,
    # the next called.
    if busy_hall.queue()["windows"]["3"]["ticket"] is None:
        busy_hall.call("call_next", {"window": 3})
    serve_next(busy_hall, 3)
    tablet = open_busy_dashboard("/service-hall-tablet-3/window-3", 800, 1280)
    tablet_card = card(tablet, "service-hall-window-card")
    expect(tablet_card.locator(".rating button[data-grade]")).to_have_count(5, timeout=TIMEOUT)
    expect(tablet_card.locator(".current .ticket")).to_have_text(re.compile(r"^[A-H]\d{3}$"))
    expect(tablet_card.locator(".officer .name")).to_have_text(LONG_OFFICER)
    assert_fits(tablet, must_fit=True)
    tablet.screenshot("window_tablet")
    assert our_errors(tablet) == []


def test_the_window_tablet_fits_a_checklist_too(
    open_busy_dashboard: OpenDashboard, busy_hall: BusyHall
) -> None:
    # Window 5 serves one citizen (to rate), then calls until the ticket with the guide's answers.
    serve_next(busy_hall, 5)
    if busy_hall.queue()["windows"]["5"]["ticket"] != busy_hall.checklist_ticket:
        serve_next(busy_hall, 5)
    serve_until(busy_hall, 5, busy_hall.checklist_ticket)
    assert busy_hall.queue()["windows"]["5"]["ticket"] == busy_hall.checklist_ticket
    tablet = open_busy_dashboard("/service-hall-tablet-5/window-5", 800, 1280)
    tablet_card = card(tablet, "service-hall-window-card")
    expect(tablet_card.locator(".current .ticket")).to_have_text(busy_hall.checklist_ticket, timeout=TIMEOUT)
    expect(tablet_card.locator(".checklist .documents li")).to_have_count(4, timeout=TIMEOUT)
    expect(tablet_card.locator(".rating button[data-grade]")).to_have_count(5)
    assert_fits(tablet, must_fit=True)
    tablet.screenshot("window_tablet_checklist")
    assert our_errors(tablet) == []


def test_the_kiosk_fits_a_busy_hall(open_busy_dashboard: OpenDashboard, busy_hall: BusyHall) -> None:
    kiosk = open_busy_dashboard(*KIOSK)
    kiosk_card = card(kiosk, "service-hall-kiosk-card")
    expect(kiosk_card.locator(".services button")).to_have_count(len(TICKETS), timeout=TIMEOUT)
    expect(kiosk_card.locator("button[data-service=exit_entry]")).to_contain_text(LONG_SERVICE[0])
    assert_fits(kiosk, must_fit=True)
    kiosk.screenshot("kiosk")

    # Real-estate registration has no materials guide: the ticket comes at once.
    kiosk_card.locator('button[data-service="real_estate"]').click()
    expect(kiosk_card.locator(".ticket .number")).to_have_text(re.compile(r"^C\d{3}$"), timeout=TIMEOUT)
    ahead = int(kiosk_card.locator(".ahead").inner_text())
    assert ahead >= TICKETS["real_estate"] - 3  # window 3 has called a few since
    assert_fits(kiosk, must_fit=True)
    kiosk.screenshot("kiosk_ticket")

    kiosk_card.locator('button[data-action="home"]').click()
    kiosk_card.locator('button[data-service="business"]').click()
    for question, option in BUSINESS_ANSWERS.items():
        button = kiosk_card.locator(f'.options button[data-question="{question}"][data-option="{option}"]')
        expect(button).to_be_visible(timeout=TIMEOUT)
        assert_fits(kiosk, must_fit=True)
        button.click()
    expect(kiosk_card.locator(".checklist .documents li")).to_have_count(4, timeout=TIMEOUT)
    assert_fits(kiosk, must_fit=True)
    kiosk.screenshot("kiosk_checklist")
    # ... and the appointment keypad (the page opened again: back at the start screen).
    kiosk.page.reload()
    wait_for_view(kiosk.page)
    kiosk_card.locator('button[data-action="checkin"]').click()
    expect(kiosk_card.locator(".keypad button[data-digit]")).to_have_count(10, timeout=TIMEOUT)
    assert_fits(kiosk, must_fit=True)
    assert our_errors(kiosk) == []


def test_the_supervisor_fits_a_busy_hall(open_busy_dashboard: OpenDashboard, busy_hall: BusyHall) -> None:
    # The alerts of the seats published at the start (30 s away, 10 s on the phone) are in by now.
    wait_for(f"{ALERTS} supervision alerts", lambda: busy_hall.alerts_raised() >= ALERTS, timeout=90)
    dashboard = open_busy_dashboard(*SUPERVISOR)
    page = dashboard.page
    alerts = card(dashboard, "service-hall-alerts-card")
    expect(alerts.locator("li[data-alert]")).to_have_count(ALERTS, timeout=TIMEOUT)
    for kind in ("away", "phone"):
        expect(alerts.locator(f"li[data-alert] .chip.state-{kind}").first).to_be_visible()
    # The supervisor acknowledges one: it says so, the others keep their buttons.
    alerts.locator('button[data-action="ack"]').first.click()
    expect(alerts.locator("li[data-alert] button[data-action=ack]")).to_have_count(
        ALERTS - 1, timeout=TIMEOUT
    )
    # Staffing: short groups say by how many windows ("缺 2 个", never "缺  个"). The advice is
    # renewed every minute (and when the hall reloads, as it did after the tickets).
    staffing = card(dashboard, "service-hall-staffing-card")
    verdict = staffing.locator("tr[data-group] [data-short]").first
    expect(verdict).to_have_text(re.compile(r"^缺 \d+ 个$"), timeout=75_000)
    assert verdict.inner_text() == f"缺 {verdict.get_attribute('data-short')} 个"
    figures = card(dashboard, "service-hall-figures-card")
    expect(figures.locator('[data-figure="unacknowledged"] b')).to_have_text(str(ALERTS - 1), timeout=TIMEOUT)
    # Every chart's entity exists (a history graph leaves a wrong id out without a word).
    charted = set(
        re.findall(r"entity: (\S+)", (REPO / "lovelace" / "supervisor.yaml").read_text(encoding="utf-8"))
    )
    known = {state["entity_id"] for state in busy_hall.hass.states()}
    assert charted and charted <= known, f"not in the demo: {sorted(charted - known)}"
    # Charts with data from the first minutes (history, not hourly statistics), tall enough to read.
    charts = page.locator("hui-history-graph-card")
    expect(charts.first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1500)  # the charts draw after their history arrives
    assert page.get_by_text("未找到统计项").count() == 0
    assert page.get_by_text("Entity not available").count() == 0
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["height"] >= 220, f"chart {i} is a strip: {box}"
    assert_fits(dashboard, must_fit=False)
    dashboard.screenshot("supervisor")
    assert our_errors(dashboard) == []


def test_the_public_queue_page_on_a_busy_hall(browser: Browser, busy_hall: BusyHall) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        page = context.new_page()
        page.goto(f"{busy_hall.hass.url}/service_hall/queue")
        expect(page.locator("tr[data-service]")).to_have_count(len(TICKETS))
        # The page is a phone's: nothing wider than the screen, no word cut in two ("港/澳台").
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        problems = fit_problems(page, must_fit=False, selector="body")
        assert problems == [], "\n".join(problems)
        screenshot(page, "queue_page")
    finally:
        context.close()


def test_a_fast_demo_says_so_on_every_screen(
    open_busy_dashboard: OpenDashboard, busy_hall: BusyHall, tmp_path: Path
) -> None:
    """At 10x, the big screen, the kiosk and the supervisor say the figures are not a real hall's.

    The fullscreen cards cover the view, so they show the notice themselves (speed_entity); the
    supervisor has a conditional card. At 1x, and without the entity, none of them does.
    """
    speed = "input_number.demo_speed"
    notice = re.compile(r"演示快进 ×10")
    busy_hall.hass.call("input_number", "set_value", {"entity_id": speed, "value": 10})
    try:
        for where, tag, must_fit in (
            (BOARD, "service-hall-board-card", True),
            (KIOSK, "service-hall-kiosk-card", True),
        ):
            dashboard = open_busy_dashboard(*where)
            shown = card(dashboard, tag).locator(".speed-notice")
            expect(shown).to_have_text(notice, timeout=TIMEOUT)
            assert_fits(dashboard, must_fit=must_fit)
            dashboard.screenshot(tag, tmp_path)  # not the docs' screenshots: to look at by hand
            busy_hall.hass.call("input_number", "set_value", {"entity_id": speed, "value": 1})
            expect(shown).to_have_count(0, timeout=TIMEOUT)  # back to real time: gone, without a reload
            busy_hall.hass.call("input_number", "set_value", {"entity_id": speed, "value": 10})
            assert our_errors(dashboard) == []
        supervisor = open_busy_dashboard(*SUPERVISOR)
        expect(supervisor.page.get_by_text(notice)).to_be_visible(timeout=TIMEOUT)
    finally:
        busy_hall.hass.call("input_number", "set_value", {"entity_id": speed, "value": 1})
