"""The harness itself: the demo starts, answers REST as its owner, and a dashboard renders."""

from __future__ import annotations

from pathlib import Path

from harness import DemoHass, HttpError, OpenDashboard, fit_problems, problems_in_text
from playwright.sync_api import Browser

# The hall's total waiting sensor: its device is the hall "石排镇政务服务中心 (demo)" of
# scripts/demo_setup.py, slugified; each service has one more (..._demo_<service>_waiting).
WAITING = "sensor.shi_pai_zhen_zheng_wu_fu_wu_zhong_xin_demo_waiting"


def waiting_sensor(demo_hass: DemoHass) -> str:
    """The entity id of the hall's total waiting sensor (found again if the hall's name changed)."""
    try:
        demo_hass.state(WAITING)
    except HttpError as err:
        if err.status != 404:
            raise
    else:
        return WAITING
    # The hall's own sensor has the shortest id: the services' ids add the service to it.
    found = sorted(
        (
            s["entity_id"]
            for s in demo_hass.states()
            if s["entity_id"].startswith("sensor.") and s["entity_id"].endswith("_waiting")
        ),
        key=len,
    )
    assert found, "no sensor.*_waiting in the demo's states"
    return found[0]


def test_default_dashboard_renders(
    open_dashboard: OpenDashboard, demo_hass: DemoHass, tmp_path: Path
) -> None:
    """The default dashboard renders without errors, and the REST helper reads the hall's queue."""
    dashboard = open_dashboard("/lovelace/0", 1280, 800)
    page = dashboard.page

    assert page.locator("hui-view").count() >= 1, "no hui-view in the page"
    assert dashboard.page_errors == []
    assert dashboard.card_errors() == []
    # kept with the test's files (not docs/): it shows what the browser saw when something fails
    page.screenshot(path=str(tmp_path / "default_dashboard.png"))

    state = demo_hass.state(waiting_sensor(demo_hass))
    # a count of tickets (demo_setup.py issued some); float() fails on "unknown"/"unavailable"
    assert float(state["state"]) >= 0, state


def test_text_checks_find_unfilled_and_empty_figures() -> None:
    """The generic text check of every dashboard test: what it must find, and what it must let be."""
    # The staffing card's old bug: the number filled as nothing.
    assert problems_in_text("商事登记 缺  个")
    assert problems_in_text("缺 {n} 个")
    assert problems_in_text("{n} short")
    assert problems_in_text("等候: undefined 人")
    assert problems_in_text("预计 NaN 分钟")
    assert problems_in_text("工号 null")
    assert problems_in_text("等候:  人")
    assert problems_in_text("请到  号窗口")
    assert problems_in_text("· 分钟")
    assert problems_in_text("Est. wait  min")
    # Whole texts pass, units with their numbers, words that contain a unit, labels in brackets.
    for fine in (
        "缺 2 个",
        "2 short",
        "等候 12 人 · 预计 8 分钟",
        "工作人员 SP1003",
        "平均等候（分钟）",
        "请到 6 号窗口 Please go to window 6",
        "Handling (min)",
        "30 秒后返回首页s until the start screen",
        "取号与办结 Issued and served",
        "—",
    ):
        assert problems_in_text(fine) == [], fine


# A page with boxes that clip (overflow: hidden) in a view, for the fit check: a label cut off,
# a box whose content fits and whose button has a transparent touch target taller than the box
# (Home Assistant's chips in 2026: a ::after 8 px above and below), and a label cut inside a
# shadow root.
FIT_PAGE = """
<style>
  .box { overflow: hidden; width: 120px; height: 24px; white-space: nowrap; }
  .chip { position: relative; display: block; height: 24px; border: 0; padding: 0 8px; }
  .chip::after { content: ""; position: absolute; inset: -8px 0; }
</style>
<hui-view>
  <div class="box" data-case="cut">办理业务需要携带的全部材料清单与复印件份数</div>
  <div class="box" data-case="touch"><button class="chip">更多 (4)</button></div>
  <div class="box" data-case="fits">缺 2 个</div>
  <div id="host"></div>
</hui-view>
<script>
  const root = document.getElementById("host").attachShadow({ mode: "open" });
  root.innerHTML = '<div class="box" data-case="shadow" style="overflow: hidden; width: 60px; height: 20px; white-space: nowrap">请到 6 号窗口 Please go to window 6</div>';
</script>
"""


def test_fit_check_finds_cut_text_not_invisible_touch_targets(browser: Browser) -> None:
    """A box that cuts off its text is reported, in a shadow root too; one whose scroll size
    comes only from a transparent pseudo-element (a touch target) is not."""
    context = browser.new_context(viewport={"width": 800, "height": 600})
    try:
        page = context.new_page()
        page.set_content(FIT_PAGE)
        clipped = [p for p in fit_problems(page, must_fit=False) if p.startswith("clipped:")]
        assert any("[data-case=cut]" in p for p in clipped), clipped
        assert any("[data-case=shadow]" in p for p in clipped), clipped
        # the chip's box has a scroll height of 32 in 24, with nothing visible outside it
        assert page.locator("[data-case=touch]").evaluate("el => el.scrollHeight > el.clientHeight + 1")
        assert not any("[data-case=touch]" in p or "[data-case=fits]" in p for p in clipped), clipped
    finally:
        context.close()
