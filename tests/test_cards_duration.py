"""The cards say a duration as the hall and the blueprints do (hall/durations.py).

The cards' ``durationText`` is run by Node.js on the same values as the Python rule: a phone
notification, a voice and the supervisor's alert card must never disagree on how long it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from custom_components.service_hall.hall.durations import duration_text

from .duration_cases import CASES

CARDS = (
    Path(__file__).parents[1] / "custom_components" / "service_hall" / "frontend" / "service-hall-cards.js"
)
FUNCTION = re.compile(r"^function durationText\(seconds, lang\) \{\n.*?^\}\n", re.DOTALL | re.MULTILINE)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is needed to run the cards' code")
        pytest.skip("no Node.js")
    return node


def test_cards_say_durations_as_the_hall_does() -> None:
    match = FUNCTION.search(CARDS.read_text(encoding="utf-8"))
    assert match, "durationText not found in service-hall-cards.js"
    values = [seconds for seconds, _, _ in CASES] + [None, float("nan")]
    script = (
        match.group(0)
        + f"const values = {json.dumps([v if v == v else None for v in values])};"
        + "values[values.length - 1] = NaN;"
        + 'console.log(JSON.stringify(values.map((v) => [durationText(v, "zh-Hans"), durationText(v, "en")])));'
    )
    result = subprocess.run([_node(), "-e", script], capture_output=True, text=True, timeout=30, check=True)
    said = json.loads(result.stdout)
    expected = [[duration_text(v, "zh-Hans"), duration_text(v, "en")] for v, _, _ in CASES]
    assert said[: len(CASES)] == expected
    assert said[len(CASES) :] == [["—", "—"], ["—", "—"]]  # no figure: a dash, never "NaN 秒"
