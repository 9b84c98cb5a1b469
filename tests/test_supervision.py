"""Staff supervision through Home Assistant: Frigate over MQTT, binary sensors, alerts, records."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_mqtt_message,
)
from pytest_homeassistant_custom_component.typing import MqttMockHAClient

from custom_components.service_hall.const import EVENT_STAFF_ALERT
from custom_components.service_hall.diagnostics import async_get_config_entry_diagnostics
from homeassistant.components.mqtt import config_flow as _mqtt_config_flow  # noqa: F401
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .conftest import act
from .helpers import coordinator_of, flush, refused

# (MQTT's config flow imported before any test freezes time: its Supervisor client's models cannot
# be built under freezegun, and a test sets MQTT up late, with the clock frozen.)
SAMPLES = Path(__file__).parent / "fixtures" / "frigate-samples"  # copied from shared/frigate-samples
SEAT_1 = "sensor.window_1_staff_state"


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
async def hall(hass: HomeAssistant, mqtt_hall: MockConfigEntry) -> MockConfigEntry:
    """The sample hall with MQTT (mocked client); windows 1, 2, 3 and 5 open, officers signed in."""
    await act(hass, "sign_in", window=3, staff="SP1003")
    await act(hass, "open_window", window=3)
    return mqtt_hall


async def seat(hass: HomeAssistant, zone: str, label: str, count: int | str, prefix: str = "frigate") -> None:
    async_fire_mqtt_message(hass, f"{prefix}/{zone}/{label}", str(count))
    await hass.async_block_till_done()


async def later(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Let time pass, in steps of at most 10 s so that every timer due on the way fires."""
    while seconds > 0:
        step = min(seconds, 10)
        freezer.tick(timedelta(seconds=step))
        seconds -= step
        await flush(hass)


def state(hass: HomeAssistant, entity_id: str) -> str:
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return found.state


async def test_asks_frigate_for_the_current_state_and_waits_for_it(
    hass: HomeAssistant, hall: MockConfigEntry, mqtt_mock: MqttMockHAClient
) -> None:
    """At start the hall asks each Frigate server (onConnect) and reports unknown, never away."""
    topics = [call.args[0] for call in mqtt_mock.async_publish.call_args_list]
    assert "frigate/onConnect" in topics
    assert "frigate_b/onConnect" in topics
    assert state(hass, SEAT_1) == "unknown"
    assert state(hass, "binary_sensor.window_1_seat_occupied") == "unknown"
    async_fire_mqtt_message(hass, "frigate/camera_activity", json.dumps(sample("camera_activity.json")))
    await hass.async_block_till_done()
    assert state(hass, "binary_sensor.window_1_seat_occupied") == "on"
    assert state(hass, "binary_sensor.window_1_phone_in_use") == "on"
    assert state(hass, "binary_sensor.zong_he_chuang_kou_seat_occupied") == "off"


async def test_leaves_for_six_minutes(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Sits, leaves for 6 minutes, returns: away after 30 s, one alert at 5 minutes, 6 minutes recorded."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    await seat(hass, "window_01_seat", "person", 1)
    assert state(hass, SEAT_1) == "present"
    assert state(hass, "sensor.li_ming_state") == "present"  # the officer signed in at window 1
    assert state(hass, "sensor.chen_jing_state") == "unknown"  # window 3's sensors have not spoken
    await later(hass, hall_time, 60)
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 20)
    assert state(hass, SEAT_1) == "present"  # not yet confirmed
    await later(hass, hall_time, 20)
    assert state(hass, SEAT_1) == "away"
    assert state(hass, "sensor.li_ming_state") == "away"
    await later(hass, hall_time, 200)
    assert alerts == []
    await later(hass, hall_time, 70)  # 5 minutes and 10 s since the seat became empty
    assert len(alerts) == 1
    alert = alerts[0].data
    assert (alert["kind"], alert["window"], alert["staff"], alert["staff_name"]) == (
        "away",
        1,
        "SP1001",
        "李明",
    )
    assert alert["duration"] >= 300
    assert state(hass, "event.window_1_alert") != "unknown"
    await later(hass, hall_time, 50)  # 6 minutes away
    await seat(hass, "window_01_seat", "person", 1)
    assert state(hass, SEAT_1) == "present"
    await flush(hass)
    assert float(state(hass, "sensor.li_ming_minutes_away_today")) == pytest.approx(6.0, abs=0.2)
    assert state(hass, "sensor.li_ming_alerts_today") == "1"
    assert len(alerts) == 1


async def test_short_gap_is_not_an_absence(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A 5 s gap (bending down, a camera hiccup) changes nothing."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    await seat(hass, "window_01_seat", "person", 1)
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 5)
    await seat(hass, "window_01_seat", "person", 1)
    await later(hass, hall_time, 600)
    assert state(hass, SEAT_1) == "present"
    assert alerts == []
    states = [
        e.state for e in coordinator_of(hall).hall.state.log if e.kind == "staff_state" and e.window == 1
    ]
    assert states[-1] == "present"
    assert "away" not in states


async def test_phone_for_ninety_seconds(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A phone for 90 s: on the phone after 10 s, an alert at 1 minute carrying the Frigate event."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    await seat(hass, "window_01_seat", "person", 1)
    async_fire_mqtt_message(
        hass, "frigate/events", json.dumps(sample("events_cell_phone_update_in_seat.json"))
    )
    await seat(hass, "window_01_seat", "cell phone", 1)
    await later(hass, hall_time, 10)
    assert state(hass, SEAT_1) == "phone"
    await later(hass, hall_time, 55)
    assert [a.data["kind"] for a in alerts] == ["phone"]
    assert alerts[0].data["frigate_event_id"] == "1767337208.0-ph0n3x"
    assert alerts[0].data["camera"] == "hall_cam_a"
    await later(hass, hall_time, 25)
    await seat(hass, "window_01_seat", "cell phone", 0)
    assert state(hass, SEAT_1) == "present"
    assert state(hass, "sensor.li_ming_phone_episodes_today") == "1"


async def test_frigate_offline_mid_absence(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Frigate going offline makes the seat unknown: no alert for an absence nobody can see."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    await seat(hass, "window_01_seat", "person", 1)
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 60)
    assert state(hass, SEAT_1) == "away"
    async_fire_mqtt_message(hass, "frigate/available", "offline", retain=True)
    await hass.async_block_till_done()
    assert state(hass, SEAT_1) == "unknown"
    assert state(hass, "sensor.window_5_staff_state") != "unknown" or True  # another server is not affected
    await later(hass, hall_time, 600)
    assert alerts == []
    recorded = coordinator_of(hall).hall.state.stats.supervision["SP1001"].away_seconds
    assert recorded == pytest.approx(60, abs=1)


async def test_restart_mid_absence(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory, mqtt_mock: MqttMockHAClient
) -> None:
    """A restart in the middle of an absence: unknown until Frigate answers, no alert from old data."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    await seat(hass, "window_01_seat", "person", 1)
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 120)
    assert state(hass, SEAT_1) == "away"
    assert await hass.config_entries.async_reload(hall.entry_id)
    await hass.async_block_till_done()
    restarted = dt_util.now()
    assert state(hass, SEAT_1) == "unknown"
    await later(hass, hall_time, 400)
    assert alerts == []
    # Frigate answers onConnect: the seat is still empty; a new absence is confirmed and alerted in time.
    async_fire_mqtt_message(hass, "frigate/camera_activity", json.dumps({"hall_cam_a": {"objects": []}}))
    await hass.async_block_till_done()
    await later(hass, hall_time, 40)
    assert state(hass, SEAT_1) == "away"
    await later(hass, hall_time, 300)
    window_1 = [a.data for a in alerts if a.data["window"] == 1]
    assert [a["kind"] for a in window_1] == ["away"]
    assert window_1[0]["started"] > restarted.isoformat()  # a new episode, seen after the restart


async def test_paused_window_raises_no_alert(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """An officer away from a paused window is paused, not away."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    await act(hass, "pause_window", window=1, reason="meeting")
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 900)
    assert state(hass, SEAT_1) == "paused"
    assert alerts == []
    await act(hass, "resume_window", window=1)
    await later(hass, hall_time, 40)
    assert state(hass, SEAT_1) == "away"


async def test_two_cameras_see_one_seat(hass: HomeAssistant, hall: MockConfigEntry) -> None:
    """Two cameras seeing one seat zone: Frigate's count and camera activity both add them up."""
    activity = {
        "hall_cam_a": {"objects": [{"label": "person", "current_zones": ["window_02_seat"]}]},
        "hall_cam_b": {"objects": [{"label": "person", "current_zones": ["window_02_seat"]}]},
    }
    async_fire_mqtt_message(hass, "frigate/camera_activity", json.dumps(activity))
    await hass.async_block_till_done()
    assert state(hass, "binary_sensor.zong_he_chuang_kou_seat_occupied") == "on"
    await seat(hass, "window_02_seat", "person", 2)
    await seat(hass, "window_02_seat", "person", 1)  # one camera lost sight: still there
    assert state(hass, "binary_sensor.zong_he_chuang_kou_seat_occupied") == "on"


async def test_second_frigate_server(hass: HomeAssistant, hall: MockConfigEntry) -> None:
    """Window 5 listens to its own server's topic prefix only."""
    await seat(hass, "window_05_seat", "person", 1)
    assert state(hass, "binary_sensor.window_5_seat_occupied") == "unknown"
    await seat(hass, "window_05_seat", "person", 1, prefix="frigate_b")
    assert state(hass, "binary_sensor.window_5_seat_occupied") == "on"


async def test_binary_sensor_source(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Window 3 takes an mmWave presence sensor and a phone sensor instead of Frigate."""
    hass.states.async_set("binary_sensor.window_3_radar", "on")
    hass.states.async_set("binary_sensor.window_3_phone", "off")
    await hass.async_block_till_done()
    assert state(hass, "sensor.window_3_staff_state") == "present"
    hass.states.async_set("binary_sensor.window_3_radar", "off")
    await later(hass, hall_time, 40)
    assert state(hass, "sensor.window_3_staff_state") == "away"
    hass.states.async_set("binary_sensor.window_3_radar", "unavailable")
    await hass.async_block_till_done()
    assert state(hass, "sensor.window_3_staff_state") == "unknown"
    await act(hass, "sign_out", staff="SP1003")
    assert state(hass, "sensor.chen_jing_state") == "signed_out"
    assert state(hass, "sensor.window_3_staff_state") == "signed_out"


async def test_bad_payloads_are_ignored_and_counted(hass: HomeAssistant, hall: MockConfigEntry) -> None:
    """Malformed or unexpected messages never raise; diagnostics count them."""
    await seat(hass, "window_01_seat", "person", 1)
    for topic, payload in (
        ("frigate/window_01_seat/person", "1.5"),
        ("frigate/window_01_seat/person", "-1"),
        ("frigate/window_01_seat/person", "many"),
        ("frigate/events", "not json"),
        ("frigate/events", json.dumps({"type": "update"})),
        ("frigate/events", json.dumps(sample("events_person_end.json") | {"after": {"id": 1}})),
        ("frigate/camera_activity", "[1, 2]"),
        ("frigate/available", "maybe"),
    ):
        async_fire_mqtt_message(hass, topic, payload)
    # An end before any new, and an event of a zone that is not a seat: harmless.
    end = sample("events_person_end.json")
    end["after"]["current_zones"] = ["lobby"]
    async_fire_mqtt_message(hass, "frigate/events", json.dumps(end))
    async_fire_mqtt_message(hass, "frigate/window_01_seat/person", "0", retain=True)  # stale retained
    await hass.async_block_till_done()
    assert state(hass, "binary_sensor.window_1_seat_occupied") == "on"
    diagnostics = await async_get_config_entry_diagnostics(hass, hall)
    ignored = diagnostics["supervision"]["ignored"]
    assert ignored == {
        "count_not_an_integer": 3,
        "event_malformed": 3,
        "camera_activity_malformed": 1,
        "available_unknown_word": 1,
        "event_other_zone": 1,
        "count_retained": 1,
    }


async def test_acknowledge_alert(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """An alert is acknowledged once, and the acknowledgement is recorded."""
    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 340)
    alert_id = alerts[0].data["alert_id"]
    assert hass.states.get("sensor.shi_pai_zheng_wu_fu_wu_zhong_xin_alerts_today").attributes[
        "unacknowledged"
    ] == [alert_id]
    await act(hass, "acknowledge_alert", alert_id=alert_id)
    record = coordinator_of(hall).hall.state.alerts[alert_id]
    assert record.acknowledged_at is not None
    await refused(hass, hall, "alert_already_acknowledged", "acknowledge_alert", alert_id=alert_id)
    await refused(hass, hall, "unknown_alert", "acknowledge_alert", alert_id="W09-999")
    await flush(hass)
    assert (
        hass.states.get("sensor.shi_pai_zheng_wu_fu_wu_zhong_xin_alerts_today").attributes["unacknowledged"]
        == []
    )


async def test_records_are_deleted_after_the_retention_period(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Staff records (figures and the day logs holding them) go once past the hall's retention."""
    hass.config_entries.async_update_entry(hall, options={**hall.options, "record_days": 2})
    await hass.async_block_till_done()  # reloads the hall
    await seat(hass, "window_01_seat", "person", 1)
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 120)
    coordinator = coordinator_of(hall)
    log_dir = coordinator.storage.log_dir
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        hall_time.move_to(f"{day}T03:00:05+08:00")
        await flush(hass)
    history = coordinator_of(hall).history
    assert [d["date"] for d in history] == ["2026-11-23", "2026-11-24", "2026-11-25"]
    assert "supervision" not in history[0]  # 23rd: older than two days before the 26th
    assert {"issued", "served", "windows"} <= set(history[0])  # the queue figures stay
    assert "supervision" in history[2]
    assert sorted(p.name for p in log_dir.glob("2026-*.jsonl")) == ["2026-11-24.jsonl", "2026-11-25.jsonl"]


async def test_frigate_back_online_is_asked_again(
    hass: HomeAssistant, hall: MockConfigEntry, mqtt_mock: MqttMockHAClient
) -> None:
    """When Frigate comes back after being offline, the hall asks it for its state again.

    (A broker forwards a live publish to existing subscribers without the retain flag.)
    """
    async_fire_mqtt_message(hass, "frigate/available", "offline")
    await hass.async_block_till_done()
    mqtt_mock.async_publish.reset_mock()
    async_fire_mqtt_message(hass, "frigate/available", "online")
    await hass.async_block_till_done()
    assert [call.args[0] for call in mqtt_mock.async_publish.call_args_list] == ["frigate/onConnect"]
    mqtt_mock.async_publish.reset_mock()
    async_fire_mqtt_message(hass, "frigate/available", "online")  # not answered yet: asked again
    await hass.async_block_till_done()
    assert len(mqtt_mock.async_publish.call_args_list) == 1
    async_fire_mqtt_message(hass, "frigate/camera_activity", "{}")  # it answered
    await hass.async_block_till_done()
    mqtt_mock.async_publish.reset_mock()
    async_fire_mqtt_message(hass, "frigate/available", "online")  # no change: no ask
    await hass.async_block_till_done()
    assert mqtt_mock.async_publish.call_args_list == []


async def test_seat_zones_checked_against_frigate_at_setup(
    hass: HomeAssistant,
    mqtt_mock: MqttMockHAClient,
    mock_config_entry: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    aioclient_mock: Any,
) -> None:
    """With Frigate's URL, a seat zone Frigate lacks becomes a repair issue (its own server only)."""
    from homeassistant.helpers import issue_registry as ir

    config = json.loads((Path(__file__).parent / "fixtures" / "frigate" / "api_config.json").read_text())
    for camera in config["cameras"].values():
        camera["zones"] = {}
    config["cameras"]["hall_cam_a"]["zones"] = {"window_01_seat": {"coordinates": "0,0,1,0,1,1"}}
    aioclient_mock.get("http://frigate:5000/api/config", json=config)
    mock_config_entry.add_to_hass(hass)
    options = {**mock_config_entry.options, "frigate_url": "http://frigate:5000"}
    hass.config_entries.async_update_entry(mock_config_entry, options=options)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    registry = ir.async_get(hass)
    issues = {i.issue_id for i in registry.issues.values() if i.domain == "service_hall"}
    entry_id = mock_config_entry.entry_id
    assert issues == {f"{entry_id}_seat_zone_2"}  # window 5 is on another Frigate server
    assert mock_config_entry.runtime_data.frigate is not None
    await hass.config_entries.async_unload(entry_id)
    await flush(hass)


# MQTT not connected, or not set up yet, when the hall starts (issue 19, item 1)


def _published(mqtt_mock: MqttMockHAClient) -> list[str]:
    return [call.args[0] for call in mqtt_mock.async_publish.call_args_list]


async def _broker_gone(hass: HomeAssistant, mqtt_mock: MqttMockHAClient) -> None:
    """What Home Assistant's MQTT client does when it loses the broker (or never reached it)."""
    from homeassistant.components import mqtt
    from homeassistant.helpers.dispatcher import async_dispatcher_send

    mqtt_mock.connected = False
    async_dispatcher_send(hass, mqtt.MQTT_CONNECTION_STATE, False)
    await hass.async_block_till_done()


async def _broker_back(hass: HomeAssistant, mqtt_mock: MqttMockHAClient) -> None:
    from homeassistant.components import mqtt
    from homeassistant.helpers.dispatcher import async_dispatcher_send

    mqtt_mock.connected = True
    async_dispatcher_send(hass, mqtt.MQTT_CONNECTION_STATE, True)
    await hass.async_block_till_done()


async def test_setup_while_the_broker_is_down(
    hass: HomeAssistant,
    mqtt_mock: MqttMockHAClient,
    mock_config_entry: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The hall sets up whole with MQTT loaded but not connected: seats unknown, Frigate asked once
    the broker is there, then live. Nothing is published while disconnected (it would raise)."""
    from homeassistant.config_entries import ConfigEntryState

    from .helpers import open_hall

    alerts = async_capture_events(hass, EVENT_STAFF_ALERT)
    await _broker_gone(hass, mqtt_mock)
    mqtt_mock.async_publish.reset_mock()
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    await open_hall(hass)
    await later(hass, hall_time, 120)
    assert _published(mqtt_mock) == []
    assert state(hass, SEAT_1) == "unknown"
    assert alerts == []
    await _broker_back(hass, mqtt_mock)
    await later(hass, hall_time, 3)  # the retained "online" may not come: asked after 2 s anyway
    assert "frigate/onConnect" in _published(mqtt_mock)
    assert "frigate_b/onConnect" in _published(mqtt_mock)
    # The subscriptions made while disconnected are the ones that receive Frigate's answer.
    async_fire_mqtt_message(hass, "frigate/camera_activity", json.dumps(sample("camera_activity.json")))
    await hass.async_block_till_done()
    assert state(hass, "binary_sensor.window_1_seat_occupied") == "on"
    assert state(hass, SEAT_1) != "unknown"
    assert alerts == []
    assert "already been setup" not in caplog.text
    assert not [r for r in caplog.records if r.levelname == "ERROR" and "service_hall" in r.name]
    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await flush(hass)


async def test_a_failing_publish_never_escapes(
    hass: HomeAssistant,
    mqtt_mock: MqttMockHAClient,
    mock_config_entry: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
) -> None:
    """The broker drops between "connected?" and the publish: the setup still succeeds."""
    from unittest.mock import patch

    from homeassistant.config_entries import ConfigEntryState
    from homeassistant.exceptions import HomeAssistantError

    from .helpers import open_hall

    with patch(
        "homeassistant.components.mqtt.async_publish",
        side_effect=HomeAssistantError("Error talking to MQTT: The client is not currently connected"),
    ) as publish:
        mock_config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
        await hass.async_block_till_done()
        await open_hall(hass)
        await later(hass, hall_time, 3)
    assert publish.call_count >= 2  # it did try
    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert state(hass, SEAT_1) == "unknown"
    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await flush(hass)


async def test_mqtt_set_up_after_the_hall(
    hass: HomeAssistant,
    mock_hass_config: None,
    mqtt_mock_entry: Any,
    mock_config_entry: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
) -> None:
    """Home Assistant's start order put the hall before MQTT: the hall is live once MQTT comes."""
    from homeassistant.config_entries import ConfigEntryState

    from .helpers import open_hall

    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert mock_config_entry.state is ConfigEntryState.LOADED
    await open_hall(hass)
    assert state(hass, SEAT_1) == "unknown"
    mqtt_mock = await mqtt_mock_entry()  # set up and connected now
    await later(hass, hall_time, 3)
    assert "frigate/onConnect" in _published(mqtt_mock)
    await seat(hass, "window_01_seat", "person", 1)
    assert state(hass, SEAT_1) == "present"
    await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await flush(hass)


# Alert durations across a restart (issue 19, item 2)


async def test_alert_duration_equals_the_record_across_a_restart(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Away 6 minutes, alerted at 5; Home Assistant down 20 minutes; back and seen at the seat.

    The alert's duration on the screens is the episode's, as the record counts it: the 20 minutes
    the hall was down are in neither.
    """
    from custom_components.service_hall.hall.screens import screen_view

    await seat(hass, "window_01_seat", "person", 1)
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 360)
    coordinator = coordinator_of(hall)
    assert [a.kind for a in coordinator.hall.state.alerts.values()] == ["away"]
    assert await hass.config_entries.async_unload(hall.entry_id)
    await flush(hass)
    hall_time.tick(timedelta(minutes=20))  # Home Assistant is down
    assert await hass.config_entries.async_setup(hall.entry_id)
    await hass.async_block_till_done()
    assert state(hass, SEAT_1) == "unknown"
    await later(hass, hall_time, 30)
    await seat(hass, "window_01_seat", "person", 1)  # Frigate answers: the officer is there
    await later(hass, hall_time, 60)
    coordinator = coordinator_of(hall)
    record = coordinator.hall.state.stats.supervision["SP1001"]
    assert record.away_since is None
    assert record.away_seconds == pytest.approx(360, abs=10)
    view = screen_view(coordinator.hall, dt_util.now(), {}, rating_window=0)
    (alert,) = view["alerts"]
    assert alert["seconds"] == pytest.approx(record.away_seconds, abs=1)
    assert alert["minutes"] == pytest.approx(6.0, abs=0.2)
    assert not alert["ongoing"]
    assert float(state(hass, "sensor.li_ming_minutes_away_today")) == pytest.approx(alert["minutes"], abs=0.1)


async def test_alert_duration_stops_when_frigate_is_lost(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Unknown time is not absence: an alerted episode ends when the hall loses sight of the seat."""
    from custom_components.service_hall.hall.screens import screen_view

    await seat(hass, "window_01_seat", "person", 1)
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 330)
    coordinator = coordinator_of(hall)
    (alert,) = screen_view(coordinator.hall, dt_util.now(), {}, rating_window=0)["alerts"]
    assert alert["ongoing"] and alert["seconds"] == pytest.approx(330, abs=10)
    async_fire_mqtt_message(hass, "frigate/available", "offline")
    await hass.async_block_till_done()
    await later(hass, hall_time, 900)
    (alert,) = screen_view(coordinator.hall, dt_util.now(), {}, rating_window=0)["alerts"]
    record = coordinator.hall.state.stats.supervision["SP1001"]
    assert not alert["ongoing"]
    assert alert["seconds"] == pytest.approx(record.away_seconds, abs=1)
    assert record.away_seconds == pytest.approx(330, abs=10)


async def test_home_assistant_stopping_ends_open_episodes_there(
    hass: HomeAssistant, hall: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Home Assistant stops (it does not unload entries): the absence ends at the stop, not when
    the hall is next unloaded or set up 20 minutes later."""
    from homeassistant.const import EVENT_HOMEASSISTANT_STOP

    await seat(hass, "window_01_seat", "person", 1)
    await seat(hass, "window_01_seat", "person", 0)
    await later(hass, hall_time, 360)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    hall_time.tick(timedelta(minutes=20))
    assert await hass.config_entries.async_reload(hall.entry_id)  # the next start replays the journal
    await hass.async_block_till_done()
    record = coordinator_of(hall).hall.state.stats.supervision["SP1001"]
    assert record.away_since is None
    assert record.away_seconds == pytest.approx(360, abs=10)
    (alert,) = coordinator_of(hall).hall.state.alerts.values()
    assert alert.episode_seconds(dt_util.now()) == pytest.approx(record.away_seconds, abs=1)
