"""The run command's options (stack/run.py): what it refuses, and what its banner tells a new user."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from stack.run import Stack, banner, parse, unit_name


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--headless"], "--headless needs --hours"),
        (["--headless", "--hours", "1", "--no-sim"], "cannot go with --no-sim"),
        (["--speed", "0"], "--speed must be above 0"),
    ],
)
def test_contradictory_options_are_refused(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        parse(["--demo", str(tmp_path), *argv])
    assert message in capsys.readouterr().err


def test_the_banner_gives_the_addresses_and_the_login(tmp_path: Path) -> None:
    args = parse(["--demo", str(tmp_path), "--port", "18123", "--hours", "3", "--speed", "120"])
    stack = Stack()
    stack.units[1] = (6053, subprocess.Popen(["true"]))
    stack.simulator = subprocess.Popen(["true"])
    text = banner(args, stack)
    for process in (stack.simulator, stack.units[1][1]):
        process.wait()
    assert "http://localhost:18123/service-hall-board/board" in text
    assert "http://localhost:18123/service-hall-supervisor/today" in text
    assert "demo / demo1234" in text
    assert f"Window unit {unit_name(1)} (window 1): 127.0.0.1:6053" in text
    assert "at 120x for 3 simulated hours" in text
    assert "Stop with Ctrl-C." in text


def test_units_are_named_after_their_window() -> None:
    assert [unit_name(window) for window in (1, 2, 12)] == [
        "window-unit-01",
        "window-unit-02",
        "window-unit-12",
    ]
