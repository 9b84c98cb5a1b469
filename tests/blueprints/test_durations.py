"""How long, in words: one rule for the blueprints' texts and the hall (hall/durations.py).

Short thresholds used to make every alert say "0 分钟": seconds under a minute now, minutes and
seconds under an hour, hours and minutes above, in both languages, the same in every blueprint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.service_hall.hall.durations import DURATION_MACRO, duration_text
from homeassistant.core import HomeAssistant
from homeassistant.helpers.template import Template

from ..duration_cases import CASES
from ..helpers import pass_time
from .conftest import BLUEPRINTS, PHONE_SENSOR, RADAR, Phone, use_blueprints

MACRO = re.compile(r"\{%- macro duration\(seconds, zh\) -%\}.*?\{%- endmacro -%\}", re.DOTALL)


@pytest.mark.parametrize(("seconds", "zh", "en"), CASES)
def test_duration_text(seconds: float, zh: str, en: str) -> None:
    assert duration_text(seconds, "zh-Hans") == zh
    assert duration_text(seconds, "en") == en


def _macros() -> dict[str, str]:
    """Each blueprint's copy of the macro, its lines folded as YAML's ``>-`` folds them."""
    found = {}
    for path in sorted(Path(BLUEPRINTS).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if match := MACRO.search(text):
            found[path.name] = " ".join(line.strip() for line in match.group(0).splitlines())
    return found


def test_the_blueprints_that_say_a_duration_use_the_one_macro() -> None:
    macros = _macros()
    assert set(macros) == {"long_wait.yaml", "phone_use.yaml", "staff_away.yaml"}
    for name, macro in macros.items():
        # Folding only puts spaces where Jinja's "-" trims them.
        assert re.sub(r"(-%\}) (?=\{)|(\}\}) (?=\{%-)", r"\1\2", macro) == DURATION_MACRO, name
    for path in Path(BLUEPRINTS).glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "round(0) | int" not in text, path.name  # the old "0 分钟"


async def test_every_copy_of_the_macro_says_what_the_hall_says(hass: HomeAssistant) -> None:
    """Rendered by Home Assistant's template engine: the same text as :func:`duration_text`."""
    for name, macro in _macros().items():
        for seconds, zh, en in CASES:
            for flag, expected in (("true", zh), ("false", en)):
                template = Template(f"{macro}{{{{ duration({seconds}, {flag}) }}}}", hass)
                assert template.async_render(parse_result=False) == expected, (name, seconds, flag)


async def test_short_alerts_are_said_in_seconds(
    hass: HomeAssistant,
    window_3: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    phone: Callable[[str], Phone],
) -> None:
    """With short alert times (45 s away, 20 s on the phone) the phones read seconds, not "0 分钟"."""
    options: dict[str, Any] = {**window_3.options, "absence_confirm": 10, "away_alert": 45, "phone_alert": 20}
    hass.config_entries.async_update_entry(window_3, options=options)  # the hall reloads
    await hass.async_block_till_done()
    li, wang = phone("Li Ming"), phone("Wang Fang")
    await use_blueprints(
        hass,
        [
            ("staff_away.yaml", {"notify_devices": [li.device_id], "cooldown": 0}, "Away"),
            ("phone_use.yaml", {"notify_devices": [wang.device_id], "language": "en"}, "Phone"),
        ],
    )
    hass.states.async_set(PHONE_SENSOR, "on")
    await pass_time(hass, hall_time, 40)
    hass.states.async_set(PHONE_SENSOR, "off")
    hass.states.async_set(RADAR, "off")
    await pass_time(hass, hall_time, 60)
    hass.states.async_set(RADAR, "on")
    await pass_time(hass, hall_time, 10)
    assert [m["message"] for m in li.messages()] == ["陈静(SP1003)已离开3号窗口座位 45 秒。"]
    assert [m["message"] for m in wang.messages()] == [
        "陈静 (SP1003) has been on the phone at window 3 for 20 s."
    ]
