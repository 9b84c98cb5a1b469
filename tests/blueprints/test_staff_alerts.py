"""The officer-away and phone-use blueprints, driven by the hall's own supervision.

Window 3 of the sample hall takes an mmWave presence sensor and a phone sensor (binary
sensors), so its alerts come from the real seat monitor as time passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.service_hall.const import EVENT_STAFF_ALERT
from homeassistant.core import Context, HomeAssistant

from ..conftest import ENTRY_ID, act
from ..helpers import coordinator_of, pass_time
from .conftest import PHONE_SENSOR, RADAR, Phone, recorder, use_blueprint, use_blueprints

TAG_1 = f"service_hall_{ENTRY_ID}_W03-001"


async def leave(hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: float) -> None:
    """The officer leaves the seat for ``minutes``, then comes back."""
    hass.states.async_set(RADAR, "off")
    await pass_time(hass, freezer, minutes * 60)
    hass.states.async_set(RADAR, "on")
    await pass_time(hass, freezer, 10)


async def test_away_notifies_with_buttons_and_clears_when_acknowledged(
    hass: HomeAssistant,
    window_3: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    phone: Callable[[str], Phone],
) -> None:
    """Phones get the alert with its buttons; the button acknowledges it and clears every phone."""
    li, wang = phone("Li Ming"), phone("Wang Fang")
    office = recorder(hass, "tts.speak")
    await use_blueprint(
        hass,
        "staff_away.yaml",
        {
            "notify_devices": [li.device_id, wang.device_id],
            "persistent": True,
            "office_tts": "tts.office",
            "office_speakers": ["media_player.office"],
            "camera_uri": "/dashboard-hall/supervisor",
        },
    )
    await leave(hass, hall_time, 6)
    expected_data = {
        "tag": TAG_1,
        "group": "service_hall_alerts",
        "actions": [
            {"action": f"SERVICE_HALL_ACK:{ENTRY_ID}:W03-001", "title": "确认"},
            {"action": "URI", "title": "查看摄像头", "uri": "/dashboard-hall/supervisor"},
        ],
        "url": "/dashboard-hall/supervisor",
        "clickAction": "/dashboard-hall/supervisor",
        "push": {"interruption-level": "time-sensitive"},
        "ttl": 0,
        "priority": "high",
    }
    message = "陈静(SP1003)已离开3号窗口座位 5 分钟。"
    for one in (li, wang):
        assert one.messages() == [{"title": "离岗提醒 · 3号窗口", "message": message, "data": expected_data}]
    assert [dict(call.data) for call in office["tts.speak"]] == [
        {"entity_id": ["tts.office"], "media_player_entity_id": ["media_player.office"], "message": message}
    ]
    assert hass.states.get(f"persistent_notification.{TAG_1}") is None  # not an entity: check the store
    notifications = persistent_notifications(hass)
    assert notifications[TAG_1]["title"] == "离岗提醒 · 3号窗口"

    # 李明 presses 确认 on his phone: the companion app fires the action with his user's context.
    user = await hass.auth.async_create_user("李明")
    hass.bus.async_fire(
        "mobile_app_notification_action",
        {"action": f"SERVICE_HALL_ACK:{ENTRY_ID}:W03-001"},
        context=Context(user_id=user.id),
    )
    await hass.async_block_till_done()
    alert = coordinator_of(window_3).hall.state.alerts["W03-001"]
    assert alert.acknowledged_by == "李明"
    clear = {"message": "clear_notification", "data": {"tag": TAG_1}}
    assert li.messages()[1:] == [clear]
    assert wang.messages()[1:] == [clear]
    assert TAG_1 not in persistent_notifications(hass)


def persistent_notifications(hass: HomeAssistant) -> dict[str, Any]:
    """The persistent notifications shown in Home Assistant's sidebar."""
    from homeassistant.components import persistent_notification

    return dict(persistent_notification._async_get_or_create_notifications(hass))


async def test_escalates_when_nobody_acknowledges(
    hass: HomeAssistant,
    window_3: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    phone: Callable[[str], Phone],
) -> None:
    """Five minutes without an acknowledgement: the director's phone and group are told."""
    li, director = phone("Li Ming"), phone("Director")
    group = recorder(hass, "notify.directors")
    await use_blueprint(
        hass,
        "staff_away.yaml",
        {
            "notify_devices": [li.device_id],
            "escalate_after": 5,
            "escalation_devices": [director.device_id],
            "escalation_service": "notify.directors",
            "urgent": False,
        },
    )
    await leave(hass, hall_time, 6)
    assert len(li.messages()) == 1
    assert director.messages() == []
    # The alert came 5 min into the absence, 70 s before the officer was back.
    await pass_time(hass, hall_time, 220)
    assert director.messages() == []  # not yet: five minutes from the alert
    await pass_time(hass, hall_time, 20)
    escalated = {
        "title": "未确认 · 离岗提醒 · 3号窗口",
        "message": "陈静(SP1003)已离开3号窗口座位 5 分钟。 已 5 分钟无人确认。",
        "data": {
            "tag": TAG_1,
            "group": "service_hall_alerts",
            "actions": [{"action": f"SERVICE_HALL_ACK:{ENTRY_ID}:W03-001", "title": "确认"}],
        },
    }
    assert director.messages() == [escalated]
    assert [dict(call.data) for call in group["notify.directors"]] == [escalated]
    assert len(li.messages()) == 1  # no clearing: nobody acknowledged


async def test_acknowledged_in_time_does_not_escalate(
    hass: HomeAssistant,
    window_3: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    phone: Callable[[str], Phone],
) -> None:
    """Acknowledged by the action (a dashboard button) within the time: nobody else is told."""
    li, director = phone("Li Ming"), phone("Director")
    await use_blueprint(
        hass,
        "staff_away.yaml",
        {
            "notify_devices": [li.device_id],
            "escalation_devices": [director.device_id],
            "clear_on_ack": False,
        },
    )
    await leave(hass, hall_time, 6)
    await pass_time(hass, hall_time, 60)
    await act(hass, "acknowledge_alert", alert_id="W03-001")
    await pass_time(hass, hall_time, 10 * 60)
    assert director.messages() == []
    assert len(li.messages()) == 1  # clear_on_ack off: the notification stays


async def test_cooldown_holds_back_a_second_alert_but_not_the_third(
    hass: HomeAssistant,
    window_3: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    phone: Callable[[str], Phone],
) -> None:
    """Cooldown 15 min: alerts 11 min apart are sent, held back, sent (never held back for good)."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    li = phone("Li Ming")
    await use_blueprint(
        hass, "staff_away.yaml", {"notify_devices": [li.device_id], "cooldown": 15, "clear_on_ack": False}
    )
    for _ in range(3):
        await leave(hass, hall_time, 6)  # an alert 5 min into the absence
        await pass_time(hass, hall_time, 5 * 60)  # the hall's own cooldown is 10 min
    assert [event.data["alert_id"] for event in alerts] == ["W03-001", "W03-002", "W03-003"]
    assert [m["data"]["tag"] for m in li.messages()] == [TAG_1, f"service_hall_{ENTRY_ID}_W03-003"]


async def test_quiet_hours_and_filters(
    hass: HomeAssistant,
    window_3: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    phone: Callable[[str], Phone],
) -> None:
    """Nothing during the quiet hours, for other windows or halls, or for short absences."""
    li = phone("Li Ming")
    await use_blueprints(
        hass,
        [
            ("staff_away.yaml", {"notify_devices": [li.device_id], **inputs}, alias)
            for alias, inputs in (
                ("Quiet", {"quiet_start": "09:00:00", "quiet_end": "10:00:00"}),
                ("Quiet overnight", {"quiet_start": "08:00:00", "quiet_end": "07:00:00"}),
                ("Other windows", {"windows": ["1", "2"]}),
                ("Other hall", {"hall": "01JOTHERHALL00000000000000"}),
                ("Longer absences", {"min_minutes": 10}),
            )
        ],
    )
    await leave(hass, hall_time, 6)
    assert li.messages() == []
    assert coordinator_of(window_3).hall.state.alerts  # the alert itself was raised


async def test_phone_use_in_english(
    hass: HomeAssistant,
    window_3: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    phone: Callable[[str], Phone],
) -> None:
    """The phone-use blueprint answers phone alerts only, here in English."""
    li = phone("Li Ming")
    await use_blueprints(
        hass,
        [
            ("phone_use.yaml", {"notify_devices": [li.device_id], "language": "en"}, "Phone"),
            ("staff_away.yaml", {"notify_devices": [li.device_id]}, "Away"),
        ],
    )
    hass.states.async_set(PHONE_SENSOR, "on")
    await pass_time(hass, hall_time, 90)
    hass.states.async_set(PHONE_SENSOR, "off")
    await pass_time(hass, hall_time, 10)
    [sent] = li.messages()
    assert sent["title"] == "Phone in use · window 3"
    assert sent["message"] == "陈静 (SP1003) has been on the phone at window 3 for 1 min."
    assert sent["data"]["actions"] == [
        {"action": f"SERVICE_HALL_ACK:{ENTRY_ID}:W03-001", "title": "Acknowledge"}
    ]
