"""Every blueprint file: valid for Home Assistant, its inputs as documented, described in both languages."""

from __future__ import annotations

import re

import pytest

from .conftest import BLUEPRINTS, load_blueprint

ALERT_INPUTS = {
    "notify_devices",
    "notify_service",
    "persistent",
    "office_tts",
    "office_speakers",
    "escalate_after",
    "escalation_devices",
    "escalation_service",
    "clear_on_ack",
    "hall",
    "windows",
    "min_minutes",
    "cooldown",
    "quiet_start",
    "quiet_end",
    "language",
    "camera_uri",
    "urgent",
}

# Each blueprint: its inputs, those without a default (required), its run mode and max runs.
EXPECTED: dict[str, tuple[set[str], set[str], str, int | None]] = {
    "call_announcement.yaml": (
        {
            "tts_entity",
            "media_players",
            "languages",
            "zh_language",
            "en_language",
            "repeat",
            "chime",
            "windows",
            "recalls",
            "hall",
            "max_wait_playing",
        },
        {"tts_entity", "media_players"},
        "queued",
        30,
    ),
    "daily_report.yaml": (
        {
            "report_time",
            "weekdays",
            "skip_empty",
            "hall",
            "notify_devices",
            "notify_service",
            "persistent",
            "language",
        },
        set(),
        "single",
        None,
    ),
    "long_wait.yaml": (
        {
            "longest_wait_sensors",
            "estimated_wait_sensors",
            "staffing_advice",
            "waiting_sensors",
            "hall",
            "longest_wait_minutes",
            "estimated_wait_minutes",
            "waiting_limit",
            "sustained",
            "notify_devices",
            "notify_service",
            "persistent",
            "language",
            "suggest_open",
            "quiet_start",
            "quiet_end",
        },
        set(),
        "parallel",
        20,
    ),
    "low_rating.yaml": (
        {"notify_devices", "notify_service", "persistent", "language", "grades", "hall", "windows"},
        set(),
        "parallel",
        20,
    ),
    "phone_use.yaml": (ALERT_INPUTS, set(), "parallel", 30),
    "staff_away.yaml": (ALERT_INPUTS, set(), "parallel", 30),
}


def test_every_blueprint_is_listed() -> None:
    """A new blueprint file gets its checks here too."""
    assert sorted(path.name for path in BLUEPRINTS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_blueprint_is_valid(name: str) -> None:
    """Home Assistant accepts it, it needs no newer release, every input is described in both languages."""
    inputs, required, mode, most = EXPECTED[name]
    blueprint = load_blueprint(name)
    assert blueprint.validate() is None
    assert blueprint.metadata["homeassistant"]["min_version"] == "2025.4.0"
    assert blueprint.metadata["author"] == "Service Hall"
    assert set(blueprint.inputs) == inputs
    assert {key for key, spec in blueprint.inputs.items() if "default" not in spec} == required
    for key, spec in blueprint.inputs.items():
        description = spec["description"]
        assert " · " in spec["name"], key  # 中文 · English
        assert re.search("[\u4e00-\u9fff]", description[:20]), key  # Chinese first …
        english = re.split("[\u3000-\u9fff\uff00-\uffef]", description)[-1].strip()
        assert len(english) >= 10 and english.isascii() and english[-1] in ".)", key  # … then English
    assert (blueprint.data["mode"], blueprint.data.get("max")) == (mode, most)


def test_daily_report_after_closing() -> None:
    """The report goes out after the sample hall closes (17:30)."""
    assert load_blueprint("daily_report.yaml").inputs["report_time"]["default"] == "17:45:00"
