"""The harness itself: the demo starts, answers REST as its owner, and a dashboard renders."""

from __future__ import annotations

from pathlib import Path

from harness import DemoHass, HttpError, OpenDashboard, problems_in_text

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
