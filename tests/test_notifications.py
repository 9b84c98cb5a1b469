"""What phones get from the hall: acknowledge buttons, snapshot links, call and report actions."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import date

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from pytest_homeassistant_custom_component.test_util.aiohttp import AiohttpClientMocker
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.service_hall.const import (
    CONF_FRIGATE_URL,
    EVENT_ALERT_ACKNOWLEDGED,
    EVENT_CALL,
    EVENT_STAFF_ALERT,
)
from custom_components.service_hall.hall.report import report_text
from custom_components.service_hall.notifications import ack_action, parse_ack_action
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import Context, HomeAssistant

from .conftest import ENTRY_ID, act
from .helpers import coordinator_of, open_hall, pass_time, refused, runtime_of

RADAR = "binary_sensor.window_3_radar"


@pytest.fixture
async def frigate_hall(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    aioclient_mock: AiohttpClientMocker,
) -> AsyncGenerator[MockConfigEntry]:
    """The sample hall that knows its Frigate's URL (its zone check answered)."""
    aioclient_mock.get("http://frigate:5000/api/config", json={"cameras": {}})  # the zone check
    mock_config_entry.add_to_hass(hass)
    options = {**mock_config_entry.options, CONF_FRIGATE_URL: "http://frigate:5000"}
    hass.config_entries.async_update_entry(mock_config_entry, options=options)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert runtime_of(mock_config_entry).frigate is not None
    yield mock_config_entry


async def raise_alert(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> dict[str, object]:
    """陈静 leaves window 3 for six minutes: the hall raises W03-001."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    await act(hass, "open_window", window=3)
    await act(hass, "sign_in", window=3, staff="SP1003")
    hass.states.async_set(RADAR, "on")
    await hass.async_block_till_done()
    hass.states.async_set(RADAR, "off")
    await pass_time(hass, freezer, 6 * 60)
    assert len(alerts) == 1
    return dict(alerts[0].data)


def test_ack_action_round_trip() -> None:
    """The button's action id names the hall and the alert; other actions are not ours."""
    assert parse_ack_action(ack_action(ENTRY_ID, "W03-001")) == (ENTRY_ID, "W03-001")
    for other in (None, 3, "", "SERVICE_HALL_ACK", f"SERVICE_HALL_ACK:{ENTRY_ID}:", "FRIGATE_SILENCE:x:y"):
        assert parse_ack_action(other) is None


async def test_alert_carries_what_a_notification_needs(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Without Frigate there is no picture; the button and the earlier alerts are there."""
    data = await raise_alert(hass, hall_time)
    assert data["ack_action"] == f"SERVICE_HALL_ACK:{ENTRY_ID}:W03-001"
    assert data["snapshot_url"] is None
    assert data["camera_entity_id"] is None
    assert data["earlier_alerts"] == []
    assert data["staff_name"] == "陈静"
    assert data["minutes"] == 5.0


async def test_button_acknowledges_once_and_tells_automations(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """The companion app's action event acknowledges as the phone's user; a second press is ignored."""
    await raise_alert(hass, hall_time)
    acknowledged = async_capture_events(hass, EVENT_ALERT_ACKNOWLEDGED)
    user = await hass.auth.async_create_user("王主任")
    for _ in range(2):
        hass.bus.async_fire(
            "mobile_app_notification_action",
            {"action": f"SERVICE_HALL_ACK:{ENTRY_ID}:W03-001"},
            context=Context(user_id=user.id),
        )
        await hass.async_block_till_done()
    assert [event.data for event in acknowledged] == [
        {
            "config_entry_id": ENTRY_ID,
            "alert_id": "W03-001",
            "kind": "away",
            "window": 3,
            "staff": "SP1003",
            "by": "王主任",
        }
    ]
    # Buttons of a hall that is gone, or of other apps, change nothing.
    hass.bus.async_fire("mobile_app_notification_action", {"action": "SERVICE_HALL_ACK:nohall:W03-001"})
    hass.bus.async_fire("mobile_app_notification_action", {"action": "OPEN_GARAGE"})
    await hass.async_block_till_done()
    assert len(acknowledged) == 1


async def test_frigate_integration_proxy_and_camera_entity(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """With the Frigate integration's proxy the picture is its relative path."""
    from custom_components.service_hall.notifications import camera_entity_id, phone_snapshot_url

    frigate = MockConfigEntry(domain="frigate", state=ConfigEntryState.LOADED)
    frigate.add_to_hass(hass)
    assert (
        phone_snapshot_url(hass, ENTRY_ID, None, "W01-001", "1718.3-abc", "hall_cam_a")
        == "/api/frigate/notifications/1718.3-abc/snapshot.jpg"
    )
    hass.config_entries.async_update_entry(frigate, options={"notification_proxy_enable": False})
    # No proxy and no Frigate address of ours: nothing a phone could open.
    assert phone_snapshot_url(hass, ENTRY_ID, None, "W01-001", "1718.3-abc", "hall_cam_a") is None
    assert camera_entity_id(hass, "hall-cam-a") is None
    hass.states.async_set("camera.hall_cam_a", "idle")
    assert camera_entity_id(hass, "hall-cam-a") == "camera.hall_cam_a"


async def test_signed_snapshot_link_serves_the_frigate_picture(
    hass: HomeAssistant,
    frigate_hall: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """Our own proxy: a signed link works without a login, an unsigned one does not."""
    runtime_of(frigate_hall).supervisor.seats[3].camera = "hall_cam_b"  # window 3 seen by a camera too
    data = await raise_alert(hass, hall_time)
    url = data["snapshot_url"]
    assert isinstance(url, str)
    assert url.startswith(f"/api/service_hall/{ENTRY_ID}/alerts/W03-001/snapshot.jpg?authSig=")
    aioclient_mock.get(
        "http://frigate:5000/api/hall_cam_b/latest.jpg?zones=1&bbox=1", content=b"\xff\xd8jpeg"
    )
    client = await hass_client_no_auth()
    response = await client.get(url)
    assert response.status == 200
    assert response.content_type == "image/jpeg"
    assert await response.read() == b"\xff\xd8jpeg"
    unsigned = await client.get(url.split("?")[0])
    assert unsigned.status == 401


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/api/service_hall/{ENTRY_ID}/alerts/W09-999/snapshot.jpg", 404),
        ("/api/service_hall/01JNOSUCHHALL0000000000000/alerts/W03-001/snapshot.jpg", 404),
        (f"/api/service_hall/{ENTRY_ID}/alerts/W03-001/snapshot.jpg", 502),
    ],
)
async def test_snapshot_view_refusals(
    hass: HomeAssistant,
    frigate_hall: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    hass_client: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    path: str,
    status: int,
) -> None:
    """Unknown halls and alerts are 404; Frigate failing is 502."""
    coordinator = coordinator_of(frigate_hall)
    await raise_alert(hass, hall_time)
    coordinator.hall.state.alerts["W03-001"].frigate_event = "1718.3-abc"
    aioclient_mock.get("http://frigate:5000/api/events/1718.3-abc/snapshot.jpg?bbox=1&crop=1", status=500)
    client = await hass_client()
    assert (await client.get(path)).status == status


async def test_call_event_on_the_bus(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Every call and recall is a bus event with the announcements (for the voice blueprint)."""
    calls = async_capture_events(hass, EVENT_CALL)
    await open_hall(hass)
    ticket = await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "recall", window=1)
    number = ticket["ticket"]  # type: ignore[index]
    assert [(e.data["kind"], e.data["ticket"], e.data["window"]) for e in calls] == [
        ("call", number, 1),
        ("recall", number, 1),
    ]
    assert calls[0].data["announcement_zh"] == f"请{number}号到1号窗口办理"
    assert calls[0].data["config_entry_id"] == ENTRY_ID


async def test_daily_report_today_and_archived(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """Today's report so far in either language; an archived day; a day never kept is refused."""
    await open_hall(hass)
    await act(hass, "issue_ticket", service="household")
    await act(hass, "call_next", window=1)
    await act(hass, "start", window=1)
    await act(hass, "complete", window=1)
    report = await act(hass, "get_daily_report")
    assert report is not None
    assert report["date"] == "2026-11-23"
    assert report["complete"] is False
    assert report["figures"]["served"] == 1
    assert report["text"].splitlines()[0] == "石排政务服务中心 2026-11-23 日报"
    assert "取号 1 · 办结 1" in report["text"]
    assert "李明 (SP1001) 办结 1" in report["text"]
    english = await act(hass, "get_daily_report", language="en")
    assert english is not None
    assert english["text"].splitlines()[1].startswith("Tickets 1 · served 1")
    coordinator = coordinator_of(init_integration)
    coordinator.history.append({"date": "2026-11-20", "issued": 7, "served": 6, "ratings": {}})
    archived = await act(hass, "get_daily_report", date="2026-11-20")
    assert archived is not None
    assert archived["complete"] is True
    assert "取号 7 · 办结 6" in archived["text"]
    await refused(hass, init_integration, "no_report_for_date", "get_daily_report", date="2026-11-19")


def test_report_text_in_full() -> None:
    """Every line of a busy day's report, in both languages."""
    day = {
        "date": date(2026, 11, 23).isoformat(),
        "issued": 120,
        "served": 110,
        "no_shows": 5,
        "cancelled": 3,
        "expired": 2,
        "mean_wait": 8.54,
        "p90_wait": 15.0,
        "mean_handling": 6.2,
        "ratings": {"1": 1, "2": 1, "3": 2, "4": 10, "5": 36},
        "satisfaction": 0.92,
        "services": {"household": {"served": 40, "mean_wait": 6.0}, "tax": {"served": 0}},
        "staff": {"SP1001": {"served": 30, "satisfaction": 1.0}},
        "supervision": {
            "SP1001": {"away_minutes": 12.25, "phone_episodes": 1, "alerts": 2, "acknowledgements": 2},
            "SP9": {"away_minutes": 0, "phone_episodes": 0, "alerts": 0, "acknowledgements": 0},
        },
        "alerts": 2,
        "acknowledged": 2,
    }
    names = {"service_names": {"household": "户籍业务"}, "staff_names": {"SP1001": "李明"}}
    assert report_text(day, hall="石排", language="zh-Hans", **names).splitlines() == [
        "石排 2026-11-23 日报",
        "取号 120 · 办结 110 · 过号 5 · 取消 3 · 未办结 2",
        "平均等候 8.5 分钟 · 90% 在 15 分钟内",
        "平均办理 6.2 分钟",
        "满意度 92.0%(评价 50 条,差评 2 条)",
        "事项:户籍业务 办结 40,平均等候 6 分钟",
        "工作人员:李明 (SP1001) 办结 30,满意度 100.0%,离岗 12.2 分钟,电话 1 次,提醒 2 次(已确认 2);"
        "SP9 办结 0,满意度 —,离岗 0 分钟,电话 0 次,提醒 0 次(已确认 0)",
        "值守提醒 2 次,已确认 2 次",
    ]
    empty = report_text({"date": "2026-11-24"}, hall="石排", language="en", service_names={}, staff_names={})
    assert empty.splitlines() == [
        "石排 daily report, 2026-11-24",
        "Tickets 0 · served 0 · no-shows 0 · cancelled 0 · unfinished 0",
        "Mean wait — · 90% within —",
        "Mean handling time —",
        "Satisfaction — (no ratings)",
    ]
