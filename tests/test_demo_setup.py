"""The demo setup (scripts/demo_setup.py) gives the hall the run's supervision times, through the
hall's options flow, and saves them only when they differ (each save reloads the hall)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from simulator.live.tuning import FAST, REAL_TIME, Tuning

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("demo_setup", ROOT / "scripts" / "demo_setup.py")
assert _spec is not None and _spec.loader is not None
demo_setup = importlib.util.module_from_spec(_spec)
sys.modules["demo_setup"] = demo_setup
_spec.loader.exec_module(demo_setup)

ENTRY = "entry1"
FLOWS = "/api/config/config_entries/options/flow"


class FakeHass:
    """Home Assistant's REST API as far as the setup uses it for an existing hall: the entry, its
    options flow's supervision step (the current values as suggestions), reloads."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = {**options, "record_days": 90, "frigate_url": None}
        self.saved: list[dict[str, Any]] = []
        self.aborted = 0
        self.reloads = 0
        self.flow: str | None = None

    def request(self, method: str, path: str, payload: Any = None, **_kwargs: Any) -> Any:
        if path.startswith("/api/config/config_entries/entry?domain=service_hall"):
            return [{"domain": "service_hall", "entry_id": ENTRY, "title": "hall", "state": "loaded"}]
        if path == f"/api/config/config_entries/entry/{ENTRY}/reload":
            self.reloads += 1
            return {}
        if method == "POST" and path == FLOWS:
            assert payload == {"handler": ENTRY} and self.flow is None
            self.flow = "f1"
            return {"flow_id": "f1", "type": "menu"}
        assert path == f"{FLOWS}/f1" and self.flow == "f1"
        if method == "DELETE":
            self.flow, self.aborted = None, self.aborted + 1
            return None
        if payload == {"next_step_id": "supervision"}:
            fields = [
                {"name": key, "description": {"suggested_value": value}}
                for key, value in self.options.items()
            ]
            return {"type": "form", "step_id": "supervision", "data_schema": fields}
        self.options = {**self.options, **payload}
        self.saved.append(payload)
        self.flow = None
        return {"type": "create_entry"}


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_setup.time, "sleep", lambda _seconds: None)


@pytest.mark.parametrize(("before", "now"), [(FAST, REAL_TIME), (REAL_TIME, FAST)])
def test_a_hall_left_at_another_speed_gets_this_runs_times(before: Tuning, now: Tuning) -> None:
    hass = FakeHass(before.options)
    assert demo_setup.hall(hass, now.options) == 0
    assert len(hass.saved) == 1 and hass.reloads == 0  # saving the options reloads the hall
    assert {key: hass.options[key] for key in now.options} == now.options
    assert hass.saved[0]["record_days"] == 90  # the step's other fields are kept
    assert "frigate_url" not in hass.saved[0]  # None: left out, as the form's empty field


def test_a_hall_with_this_runs_times_is_left_alone() -> None:
    # Numbers as the form gives them back (30, not 30.0): still the same.
    hass = FakeHass({key: int(value) for key, value in REAL_TIME.options.items()})
    assert demo_setup.hall(hass, REAL_TIME.options) == 0
    assert hass.saved == [] and hass.aborted == 1 and hass.reloads == 0
    # When the MQTT or unit entries were just made, the hall is reloaded to see them.
    assert demo_setup.hall(hass, REAL_TIME.options, reload=True) == 0
    assert hass.saved == [] and hass.aborted == 2 and hass.reloads == 1


def test_the_setup_takes_the_tuning_by_name() -> None:
    assert demo_setup.TUNINGS["real"] is REAL_TIME and demo_setup.TUNINGS["fast"] is FAST
