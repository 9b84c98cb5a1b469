"""get_daily_report for a past day: rebuilt from its event log while kept, else from its summary."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from homeassistant.core import HomeAssistant

from .conftest import act
from .helpers import coordinator_of, open_hall, refused

MONDAY = "2026-11-23"


async def roll_over_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: str) -> None:
    """Move the clock (forwards or back) and let the hall's tick roll the day over."""
    freezer.move_to(moment)
    async_fire_time_changed(hass, fire_all=True)
    await hass.async_block_till_done(wait_background_tasks=True)


async def served_at_two_windows(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """李明 (SP1001) at window 1 and 王芳 (SP1002) at window 2 serve household and tax tickets."""
    await open_hall(hass)
    for service in ("household", "tax", "household", "tax"):
        await act(hass, "issue_ticket", service=service)
    freezer.tick(timedelta(minutes=4))
    assert (await act(hass, "call_next", window=1))["ticket"] == "A001"  # type: ignore[index]
    assert (await act(hass, "call_next", window=2))["ticket"] == "D001"  # type: ignore[index]
    await act(hass, "start", window=1)  # called and not started would be a no-show after a while
    await act(hass, "start", window=2)
    freezer.tick(timedelta(minutes=6))
    await act(hass, "complete", window=1)
    await act(hass, "rate", ticket="A001", grade=5)
    await act(hass, "complete", window=2)
    await act(hass, "rate", ticket="D001", grade=2)
    assert (await act(hass, "call_next", window=2))["ticket"] == "D002"  # type: ignore[index]
    await act(hass, "start", window=2)
    freezer.tick(timedelta(minutes=3))
    await act(hass, "complete", window=2)
    assert (await act(hass, "call_next", window=1))["ticket"] == "A002"  # type: ignore[index]
    await act(hass, "mark_no_show", window=1)


def served(figures: dict[str, Any], kind: str) -> dict[str, int]:
    """Served counts of each service, window or staff member."""
    return {key: tally["served"] for key, tally in figures[kind].items()}


def check_monday(report: dict[str, Any], source: str) -> None:
    """Monday's report, with its tallies per service, window and staff member."""
    assert report["date"] == MONDAY
    assert report["complete"] is True
    assert report["source"] == source
    figures = report["figures"]
    assert figures["date"] == MONDAY
    assert (figures["issued"], figures["served"], figures["no_shows"]) == (4, 3, 1)
    assert served(figures, "services") == {"household": 1, "tax": 2}
    assert served(figures, "windows") == {"1": 1, "2": 2}
    assert served(figures, "staff") == {"SP1001": 1, "SP1002": 2}
    assert figures["staff"]["SP1001"]["no_shows"] == 1
    assert figures["staff"]["SP1001"]["ratings"]["5"] == 1
    assert figures["staff"]["SP1002"]["ratings"]["2"] == 1
    assert figures["windows"]["2"]["mean_handling"] == 4.5  # 6 and 3 minutes
    assert report["text"].splitlines()[0] == f"石排政务服务中心 {MONDAY} 日报"
    assert "取号 4 · 办结 3 · 过号 1" in report["text"]
    assert "李明 (SP1001) 办结 1" in report["text"]
    assert "王芳 (SP1002) 办结 2" in report["text"]


async def report_of(hass: HomeAssistant, day: str, **data: Any) -> dict[str, Any]:
    """The daily report of a day."""
    report = await act(hass, "get_daily_report", date=day, **data)
    assert isinstance(report, dict)
    return report


async def test_past_day_from_its_event_log(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Yesterday's report is replayed from its archived log, also after the hall is set up again."""
    await served_at_two_windows(hass, hall_time)
    await roll_over_to(hass, hall_time, "2026-11-24T03:00:01+08:00")
    coordinator = coordinator_of(init_integration)
    summary = coordinator.history[-1]
    report = await report_of(hass, MONDAY)
    check_monday(report, "event_log")
    assert report["figures"] == summary  # the same figures the rollover kept
    # The log is read, not the summary: a summary that says otherwise is not used.
    coordinator.history[-1] = {**summary, "served": 99}
    check_monday(await report_of(hass, MONDAY), "event_log")
    english = await report_of(hass, MONDAY, language="en")
    assert english["text"].splitlines()[0] == f"石排政务服务中心 daily report, {MONDAY}"

    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert await hass.config_entries.async_setup(init_integration.entry_id)
    await hass.async_block_till_done()
    check_monday(await report_of(hass, MONDAY), "event_log")
    today = await act(hass, "get_daily_report")
    assert today is not None
    assert (today["date"], today["complete"], today["source"]) == ("2026-11-24", False, "event_log")


async def test_pruned_log_answers_from_the_summary(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """Once a day's log is deleted after the retention period, its stored summary answers."""
    hass.config_entries.async_update_entry(
        init_integration, options={**init_integration.options, "record_days": 1}
    )
    await hass.async_block_till_done()
    await served_at_two_windows(hass, hall_time)
    await roll_over_to(hass, hall_time, "2026-11-24T03:00:01+08:00")
    storage = coordinator_of(init_integration).storage
    assert await hass.async_add_executor_job(storage.archived_days) == [MONDAY]
    await roll_over_to(hass, hall_time, "2026-11-25T03:00:01+08:00")
    assert await hass.async_add_executor_job(storage.archived_days) == ["2026-11-24"]
    report = await report_of(hass, MONDAY)
    check_monday(report, "summary")
    assert "supervision" not in report["figures"]  # staff records went with the log
    tuesday = await report_of(hass, "2026-11-24")
    assert (tuesday["source"], tuesday["figures"]["issued"]) == ("event_log", 0)


async def test_day_with_neither_log_nor_summary_is_refused(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A day never kept, before or after the hall's days, is refused with the translated error."""
    await roll_over_to(hass, hall_time, "2026-11-24T03:00:01+08:00")
    for day in ("2026-11-20", "2026-11-30"):
        error = await refused(hass, init_integration, "no_report_for_date", "get_daily_report", date=day)
        assert error.translation_placeholders == {"date": day}


async def test_day_archived_in_two_parts(
    hass: HomeAssistant, init_integration: MockConfigEntry, hall_time: FrozenDateTimeFactory
) -> None:
    """A day seen twice (clock set back) is archived in two parts; the report holds both."""
    await served_at_two_windows(hass, hall_time)
    await roll_over_to(hass, hall_time, "2026-11-24T03:00:01+08:00")
    await roll_over_to(hass, hall_time, f"{MONDAY}T15:00:00+08:00")  # the clock is set back
    coordinator = coordinator_of(init_integration)
    assert coordinator.hall.state.service_date.isoformat() == MONDAY
    await act(hass, "open_window", window=5)
    await act(hass, "sign_in", window=5, staff="SP1004")
    await act(hass, "issue_ticket", service="business")
    await act(hass, "call_next", window=5)
    await act(hass, "complete", window=5)
    await roll_over_to(hass, hall_time, "2026-11-24T03:00:02+08:00")
    parts = sorted(p.name for p in coordinator.storage.log_dir.glob(f"{MONDAY}*.jsonl"))
    assert len(parts) == 2
    figures = (await report_of(hass, MONDAY))["figures"]
    assert (figures["issued"], figures["served"]) == (5, 4)
    assert served(figures, "staff") == {"SP1001": 1, "SP1002": 2, "SP1004": 1}
    assert served(figures, "windows") == {"1": 1, "2": 2, "5": 1}
    assert [day["served"] for day in coordinator.history if day["date"] == MONDAY] == [3, 1]


async def test_unreadable_archive_lines_are_skipped_with_a_warning(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    hall_time: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A damaged line of an archived log is skipped and logged, like the journal's."""
    await served_at_two_windows(hass, hall_time)
    await roll_over_to(hass, hall_time, "2026-11-24T03:00:01+08:00")
    archive = coordinator_of(init_integration).storage.log_dir / f"{MONDAY}.jsonl"
    with archive.open("a", encoding="utf-8") as file:
        file.write('{"kind": "issue", "at": "2026-11-23T09:0\n{"kind": "no_such_kind"}\n')
    with caplog.at_level(logging.WARNING):
        check_monday(await report_of(hass, MONDAY), "event_log")
    assert caplog.text.count("Skipped unreadable line") == 2
    assert f"of {archive}" in caplog.text
