"""The run command's options (stack/run.py): what it refuses, and what its banner tells a new user."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from simulator.live.tuning import FAST, REAL_TIME
from stack.hall_url import hall_url, lan_reachable, write_internal_url
from stack.run import ROOT, Stack, banner, parse, supervision, unit_name


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
    stack.units[1] = (6055, subprocess.Popen(["true"]))
    stack.simulator = subprocess.Popen(["true"])
    text = banner(args, stack)
    for process in (stack.simulator, stack.units[1][1]):
        process.wait()
    assert "http://localhost:18123/service-hall-board/board" in text
    assert "http://localhost:18123/service-hall-supervisor/today" in text
    assert "demo / demo1234" in text
    assert f"Window unit {unit_name(1)} (window 1): 127.0.0.1:6055" in text
    assert "at 120x for 3 simulated hours" in text
    assert "Stop with Ctrl-C." in text


def test_units_are_named_after_their_window() -> None:
    assert [unit_name(window) for window in (1, 2, 12)] == [
        "window-unit-01",
        "window-unit-02",
        "window-unit-12",
    ]


def test_the_demo_plays_in_real_time_by_default(tmp_path: Path) -> None:
    args = parse(["--demo", str(tmp_path)])
    assert args.speed == 1
    stack = Stack()
    stack.simulator = subprocess.Popen(["true"])
    text = banner(args, stack)
    stack.simulator.wait()
    assert "citizens, officers and Frigate in real time;" in text
    assert "Faster than real time" not in text


def test_a_faster_demo_says_its_figures_are_not_a_real_halls(tmp_path: Path) -> None:
    args = parse(["--demo", str(tmp_path), "--speed", "10"])
    stack = Stack()
    stack.simulator = subprocess.Popen(["true"])
    text = banner(args, stack)
    stack.simulator.wait()
    assert "at 10x;" in text and "durations and waits are not a real hall's" in text


@pytest.mark.parametrize(
    ("argv", "times"),
    [
        ([], REAL_TIME),  # the visitor's demo: the product's supervision times
        (["--speed", "0.5"], REAL_TIME),
        (["--speed", "10"], FAST),
        (["--headless", "--hours", "3", "--speed", "120"], FAST),  # the living-hall check
        (["--no-sim"], FAST),  # a still hall, driven by hand (the dashboard tests)
        (["--no-sim", "--units", "0", "--kills", "3"], FAST),  # the crash test
    ],
)
def test_the_supervision_times_follow_the_speed(argv: list[str], times: object, tmp_path: Path) -> None:
    args = parse(["--demo", str(tmp_path), *argv])
    assert supervision(args) is times
    stack = Stack()
    text = banner(args, stack)
    if times is REAL_TIME:
        assert "an alert after 300 s away or 60 s on the phone, 600 s apart (the product's defaults)" in text
    else:
        assert "an alert after 30 s away or 10 s on the phone, 0 s apart (short times for the checks)" in text


def test_the_banner_names_the_address_the_poster_gives_phones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SH_HALL_URL", "http://hall-pc.local:18123/")
    args = parse(["--demo", str(tmp_path), "--port", "18123", "--no-sim"])
    assert args.hall_url == "http://hall-pc.local:18123"
    text = banner(args, Stack())
    assert (
        "http://localhost:18123/service_hall/queue/poster points phones to http://hall-pc.local:18123" in text
    )


def test_a_bad_hall_url_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SH_HALL_URL", "hall-pc:8123")
    with pytest.raises(SystemExit):
        parse(["--demo", str(tmp_path)])
    assert "SH_HALL_URL must be an http:// or https:// address" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("192.168.1.20", "http://192.168.1.20:8124"),  # a home or office LAN
        ("10.0.5.7", "http://10.0.5.7:8124"),
        ("100.101.102.103", "http://100.101.102.103:8124"),  # shared space (a VPN such as Tailscale)
        ("192.0.2.2", "http://vm.local:8124"),  # a documentation range: a sandbox, no phone's LAN
        ("127.0.0.1", "http://vm.local:8124"),
        ("169.254.3.4", "http://vm.local:8124"),
        (None, "http://vm.local:8124"),  # no default route
    ],
)
def test_the_poster_address_is_one_a_phone_on_the_lan_can_open(address: str | None, expected: str) -> None:
    assert hall_url(8124, {}, address, "vm.example") == expected


def test_only_lan_addresses_are_reachable() -> None:
    assert lan_reachable("172.16.0.9") and lan_reachable("fd00::5") is True
    assert not any(lan_reachable(a) for a in ("198.51.100.7", "203.0.113.1", "::1", "fe80::1", "nonsense"))


def test_the_run_command_writes_the_address_into_the_runtime_copy_only(tmp_path: Path) -> None:
    source = ROOT / "demo" / "config" / "configuration.yaml"
    copy = tmp_path / "configuration.yaml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    write_internal_url(copy, "http://192.168.1.20:28123")
    config = yaml.load(copy.read_text(encoding="utf-8"), Loader=_Lenient)
    assert config["homeassistant"]["internal_url"] == "http://192.168.1.20:28123"
    write_internal_url(copy, "http://192.168.1.20:28124")  # the next run, on another port
    assert copy.read_text(encoding="utf-8").count("internal_url: http://192.168.1.20:28124") == 1
    assert "28123" not in copy.read_text(encoding="utf-8")
    assert "internal_url: http://localhost:8123" in source.read_text(encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("homeassistant:\n  name: x\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="internal_url"):
        write_internal_url(broken, "http://x:1")


class _Lenient(yaml.SafeLoader):
    """Home Assistant's tags (!include) as plain strings."""


_Lenient.add_constructor("!include", lambda loader, node: loader.construct_scalar(node))
