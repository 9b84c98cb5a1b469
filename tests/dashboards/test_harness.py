"""The harness itself: the demo starts, answers REST as its owner, and a dashboard renders."""

from __future__ import annotations

from pathlib import Path

from harness import DemoHass, HttpError, OpenDashboard

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
