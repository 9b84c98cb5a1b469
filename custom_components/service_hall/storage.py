"""Persistence of a hall: Home Assistant's Store for the day's start, an event journal for the rest.

An action's events are appended to the day's journal and flushed to disk before the action
answers, which costs one small write instead of rewriting every ticket. After a restart the
day is rebuilt by replaying the journal on top of the Store's start of day. At rollover the
Store is saved first, then the journal is archived, so a crash between the two steps is
recognised by the journal's date.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .const import DOMAIN
from .hall.events import HallEvent

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION = 1
HISTORY_DAYS = 400  # daily figures kept for reports and monthly assessments


@dataclass(slots=True)
class StoredHall:
    """What was read back at start-up."""

    day: dict[str, Any] | None = None  # carry_over() of the current day's start
    history: list[dict[str, Any]] = field(default_factory=list)
    journal_day: date | None = None
    events: list[HallEvent] = field(default_factory=list)
    skipped_lines: int = 0


def read_journal(path: Path) -> tuple[date | None, list[HallEvent], int]:
    """A journal or an archived day log: its day, its events and how many lines were unreadable.

    Public: the stack's tools read a running hall's journal with it (``stack/replay.py``).
    """
    day: date | None = None
    events: list[HallEvent] = []
    skipped = 0
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            try:
                item = json.loads(line)
                if "day" in item:
                    day = date.fromisoformat(item["day"])
                else:
                    events.append(HallEvent.from_dict(item))
            except (ValueError, KeyError, TypeError):
                # Only a write cut short by a crash can leave a bad line; it was never confirmed.
                skipped += 1
                _LOGGER.warning("Skipped unreadable line %s of %s", number, path)
    return day, events, skipped


class HallStorage:
    """Files of one hall under ``.storage``."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        self._hass = hass
        self._store: Store[dict[str, Any]] = Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}")
        self.log_dir = Path(hass.config.path(".storage", f"{DOMAIN}.{entry_id}.log"))
        self.journal_path = self.log_dir / "journal.jsonl"
        self._journal: Any = None  # open file, used only in the executor

    async def async_load(self) -> StoredHall:
        """Read the Store and the journal."""
        stored = StoredHall()
        if (data := await self._store.async_load()) is not None:
            stored.day = data.get("day")
            stored.history = list(data.get("history", []))
        await self._hass.async_add_executor_job(self._load_journal, stored)
        return stored

    def _load_journal(self, stored: StoredHall) -> None:
        if self.journal_path.exists():
            stored.journal_day, stored.events, stored.skipped_lines = read_journal(self.journal_path)

    async def async_append(self, events: Sequence[HallEvent]) -> None:
        """Append events to the journal; returns once they are on disk."""
        lines = "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in events)
        await self._hass.async_add_executor_job(self._append, lines)

    def _append(self, lines: str) -> None:
        if self._journal is None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            self._journal = self.journal_path.open("a", encoding="utf-8")
        end = os.fstat(self._journal.fileno()).st_size  # every append is flushed: the journal's end
        try:
            self._journal.write(lines)
            self._journal.flush()
            os.fdatasync(self._journal.fileno())  # the data, not the file's times: one write less
        except OSError:
            self._cut_back(end)
            raise

    def _cut_back(self, end: int) -> None:
        """A failed append leaves none of its lines: the hall did not apply them, and a part line
        would glue the next event to it, both unreadable after a restart."""
        journal, self._journal = self._journal, None
        with contextlib.suppress(OSError):  # closing flushes what is still buffered: drop it
            journal.close()
        try:
            os.truncate(self.journal_path, end)
        except OSError:
            _LOGGER.warning("Could not cut the journal %s back after a failed write", self.journal_path)

    async def async_start_day(
        self, day: dict[str, Any], history: list[dict[str, Any]], old_day: date | None
    ) -> None:
        """Save a new day's start, then archive the old journal and begin a new one."""
        await self._store.async_save({"day": day, "history": history[-HISTORY_DAYS:]})
        await self._hass.async_add_executor_job(
            self._rotate, date.fromisoformat(day["service_date"]), old_day
        )

    def _archive(self, journal_day: date) -> None:
        self.close()
        if self.journal_path.exists():
            target = self.log_dir / f"{journal_day.isoformat()}.jsonl"
            if target.exists():  # a day seen twice (clock set back): keep both parts
                target = self.log_dir / f"{journal_day.isoformat()}.{os.getpid()}.jsonl"
            self.journal_path.replace(target)

    def _rotate(self, new_day: date, old_day: date | None) -> None:
        if old_day is not None:
            self._archive(old_day)
        self.close()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with self.journal_path.open("w", encoding="utf-8") as file:
            file.write(json.dumps({"day": new_day.isoformat()}) + "\n")
            file.flush()
            os.fsync(file.fileno())

    def close(self) -> None:
        """Close the journal (executor or shutdown)."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    async def async_prune(self, keep_from: date) -> int:
        """Delete archived day logs older than ``keep_from`` (they hold the staff's records)."""
        return await self._hass.async_add_executor_job(self._prune, keep_from)

    def _prune(self, keep_from: date) -> int:
        removed = 0
        for path in self.log_dir.glob("????-??-??*.jsonl"):
            try:
                day = date.fromisoformat(path.name[:10])
            except ValueError:
                continue
            if day < keep_from:
                path.unlink()
                removed += 1
        return removed

    async def async_read_day(self, day: date) -> list[list[HallEvent]] | None:
        """A day's archived event log, one list per part in order of writing; None when not kept."""
        return await self._hass.async_add_executor_job(self._read_day, day)

    def _read_day(self, day: date) -> list[list[HallEvent]] | None:
        first = self.log_dir / f"{day.isoformat()}.jsonl"
        try:
            # More parts when the day was seen again (clock set back): see _archive.
            later = sorted(
                self.log_dir.glob(f"{day.isoformat()}.*.jsonl"), key=lambda p: (p.stat().st_mtime_ns, p.name)
            )
            return [read_journal(path)[1] for path in (first, *later)]
        except FileNotFoundError:  # not archived, or pruned meanwhile
            return None

    def archived_days(self) -> list[str]:
        """Dates whose event logs are archived (executor)."""
        if not self.log_dir.exists():
            return []
        return sorted(p.stem for p in self.log_dir.glob("????-??-??.jsonl"))

    async def async_remove(self) -> None:
        """Delete everything of a removed hall."""
        await self._store.async_remove()
        await self._hass.async_add_executor_job(self._remove_files)

    def _remove_files(self) -> None:
        self.close()
        if self.log_dir.exists():
            for path in self.log_dir.iterdir():
                path.unlink()
            self.log_dir.rmdir()
