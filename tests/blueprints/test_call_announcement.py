"""The voice announcement blueprint, driven by the hall's calls and recalls."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError

from ..conftest import ENTRY_ID, act
from ..helpers import open_hall, settle
from .conftest import recorder, use_blueprint

BLUEPRINT = "call_announcement.yaml"
TTS = "tts.hall_voice"
SPEAKER = "media_player.hall"
CHIME = "media-source://media_source/local/chime.mp3"

A001_ZH = "请A001号到1号窗口办理"
A001_EN = "Ticket A001, please go to window 1"


@pytest.fixture
def calls(hass: HomeAssistant) -> dict[str, list[ServiceCall]]:
    """The hall's speaker, idle, and the recorded TTS and media actions."""
    hass.states.async_set(SPEAKER, "idle")
    return recorder(hass, "tts.speak", "media_player.play_media")


async def announce(hass: HomeAssistant, **inputs: Any) -> None:
    """The blueprint with the hall's TTS and speaker and the given inputs."""
    await use_blueprint(hass, BLUEPRINT, {"tts_entity": TTS, "media_players": [SPEAKER], **inputs})


async def call(hass: HomeAssistant, service: str = "household", window: int = 1) -> None:
    """A citizen takes a ticket and a window calls it."""
    await act(hass, "issue_ticket", service=service)
    await act(hass, "call_next", window=window)
    await settle(hass)


async def play_out(hass: HomeAssistant) -> None:
    """The speaker plays what it was sent and falls silent again."""
    hass.states.async_set(SPEAKER, "playing")
    await settle(hass)
    hass.states.async_set(SPEAKER, "idle")
    await settle(hass)


def said(calls: dict[str, list[ServiceCall]]) -> list[dict[str, Any]]:
    """Every tts.speak, oldest first, with its target."""
    return [dict(c.data) for c in calls["tts.speak"]]


def speech(message: str, language: str | None) -> dict[str, Any]:
    """What tts.speak must receive for one spoken announcement."""
    data: dict[str, Any] = {"entity_id": [TTS], "media_player_entity_id": [SPEAKER], "message": message}
    if language is not None:
        data["language"] = language
    return data


async def test_chinese(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """By default a call is spoken once in Chinese, through the chosen TTS on the chosen speaker."""
    await announce(hass)
    await open_hall(hass)
    await call(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN")]
    assert calls["media_player.play_media"] == []
    await play_out(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN")]


async def test_english_with_the_engine_default_language(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """English only; an empty language code leaves the language to the TTS engine."""
    await announce(hass, languages="en", en_language="")
    await open_hall(hass)
    await call(hass, "business", window=5)
    assert said(calls) == [speech("Ticket D001, please go to window 5", None)]
    await play_out(hass)


async def test_both_languages_twice(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """Chinese then English, each said twice, each waiting for the previous one to be played."""
    await announce(hass, languages="both", repeat=2, zh_language="zh_CN", en_language="en_GB")
    await open_hall(hass)
    await call(hass)
    expected = [speech(A001_ZH, "zh_CN")] * 2 + [speech(A001_EN, "en_GB")] * 2
    for count in range(1, 5):
        assert said(calls) == expected[:count]  # the next one only once this one was played
        await play_out(hass)
    assert said(calls) == expected


async def test_chime_first(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """The chime is played on the speakers and the announcement follows once it has rung."""
    await announce(hass, chime=CHIME)
    await open_hall(hass)
    await call(hass)
    assert [dict(c.data) for c in calls["media_player.play_media"]] == [
        {"entity_id": [SPEAKER], "media_content_id": CHIME, "media_content_type": "music"}
    ]
    assert said(calls) == []
    await play_out(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN")]
    await play_out(hass)
    assert len(calls["media_player.play_media"]) == 1


async def test_silent_speaker_does_not_block(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
    hall_time: FrozenDateTimeFactory,
) -> None:
    """A speaker that never reports playing delays each part by the short start wait only."""
    await announce(hass, languages="both")
    await open_hall(hass)
    await call(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN")]
    hall_time.tick(timedelta(seconds=2))
    async_fire_time_changed(hass)
    await settle(hass)
    assert len(said(calls)) == 1  # still waiting for the speaker to start
    hall_time.tick(timedelta(seconds=2))
    async_fire_time_changed(hass)
    await settle(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN"), speech(A001_EN, "en-US")]
    hall_time.tick(timedelta(seconds=4))
    async_fire_time_changed(hass)
    await settle(hass)


async def test_windows_filter(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """Speakers for window 5 stay silent when window 1 calls."""
    await announce(hass, windows=["5"])
    await open_hall(hass)
    await call(hass)
    assert said(calls) == []
    await call(hass, "business", window=5)
    assert said(calls) == [speech("请D001号到5号窗口办理", "zh-CN")]
    await play_out(hass)


async def test_recalls(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """Recalls are announced again by default."""
    await announce(hass)
    await open_hall(hass)
    await call(hass)
    await play_out(hass)
    await act(hass, "recall", window=1)
    await settle(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN")] * 2
    await play_out(hass)


async def test_recalls_disabled(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """With recalls off, only the first call is announced."""
    await announce(hass, recalls=False)
    await open_hall(hass)
    await call(hass)
    await play_out(hass)
    await act(hass, "recall", window=1)
    await settle(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN")]


@pytest.mark.parametrize(("hall", "spoken"), [(ENTRY_ID, 1), ("01JOTHERHALL00000000000000", 0)])
async def test_hall_filter(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
    hall: str,
    spoken: int,
) -> None:
    """A chosen hall's calls are announced, another hall's are not."""
    await announce(hass, hall=hall)
    await open_hall(hass)
    await call(hass)
    assert len(said(calls)) == spoken
    await play_out(hass)


async def test_queued_behind_a_running_announcement(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """Two calls while the speaker is busy: each is spoken only once the speaker fell silent."""
    await announce(hass)
    await open_hall(hass)
    hass.states.async_set(SPEAKER, "playing")  # something else is announcing
    await call(hass)
    await call(hass, "tax", window=2)
    assert said(calls) == []
    hass.states.async_set(SPEAKER, "idle")
    await settle(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN")]
    hass.states.async_set(SPEAKER, "playing")  # the first announcement plays
    await settle(hass)
    assert len(said(calls)) == 1
    hass.states.async_set(SPEAKER, "idle")
    await settle(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN"), speech("请D001号到2号窗口办理", "zh-CN")]
    await play_out(hass)


async def test_waits_at_most_max_wait_playing(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
    hall_time: FrozenDateTimeFactory,
) -> None:
    """Music that never stops delays the announcement by max_wait_playing, not for ever."""
    await announce(hass, max_wait_playing=10)
    await open_hall(hass)
    hass.states.async_set(SPEAKER, "playing")
    await call(hass)
    hall_time.tick(timedelta(seconds=9))
    async_fire_time_changed(hass)
    await settle(hass)
    assert said(calls) == []
    hall_time.tick(timedelta(seconds=2))
    async_fire_time_changed(hass)
    await settle(hass)
    assert said(calls) == [speech(A001_ZH, "zh-CN")]
    hall_time.tick(timedelta(seconds=15))
    async_fire_time_changed(hass)
    await settle(hass)


async def test_a_failing_part_does_not_stop_the_rest(
    hass: HomeAssistant, init_integration: MockConfigEntry, blueprints: Path, hall_time: FrozenDateTimeFactory
) -> None:
    """A TTS engine that refuses the Chinese code still speaks the English part."""
    hass.states.async_set(SPEAKER, "idle")
    spoken: list[dict[str, Any]] = []

    async def speak(call: ServiceCall) -> None:
        spoken.append(dict(call.data))
        if call.data.get("language") == "zh-CN":
            raise HomeAssistantError("Language 'zh-CN' not supported")

    hass.services.async_register("tts", "speak", speak)
    await announce(hass, languages="both")
    await open_hall(hass)
    await call(hass)
    assert spoken == [speech(A001_ZH, "zh-CN")]
    hall_time.tick(timedelta(seconds=4))
    async_fire_time_changed(hass)
    await settle(hass)
    assert spoken == [speech(A001_ZH, "zh-CN"), speech(A001_EN, "en-US")]
    await play_out(hass)
