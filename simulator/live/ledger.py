"""What the live simulator did and saw, written as JSON for the checks of :mod:`stack.verify`.

Only what Home Assistant acknowledged is recorded: a ticket once the hall answered with its
number, a ticket's fate once the hall accepted the step. The file is rewritten atomically (a
temporary file, then a rename), so a reader never sees half of it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class TicketRecord:
    """A ticket the hall issued to a simulated citizen, and where the simulator left it."""

    number: str
    service: str
    priority: bool
    issued_at: str
    fate: str = "waiting"  # waiting, called, serving, completed, no_show
    window: int | None = None
    rated: int | None = None


@dataclass(slots=True)
class EpisodeRecord:
    """An officer away from the seat or on the phone, as Frigate reported it."""

    window: int
    kind: str
    seat: str  # away or phone
    started_at: str
    ended_at: str | None = None
    seconds: float = 0.0
    alert_kind: str | None = None  # away or phone: the alert this episode must raise
    alert_expected: bool = False
    interrupted: bool = False  # cut short by a stop: its alert may or may not have come


@dataclass(slots=True)
class Ledger:
    """The simulator's record of a run."""

    seed: int
    speed: float
    start: str
    units: dict[str, str]
    started_at: str = field(default_factory=lambda: datetime.now().astimezone().isoformat())
    ended_at: str | None = None
    finished: bool = False
    sim_clock: str = ""
    tickets: list[TicketRecord] = field(default_factory=list)
    episodes: list[EpisodeRecord] = field(default_factory=list)
    unit_presses: Counter[str] = field(default_factory=Counter)
    refused: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        fates = Counter(ticket.fate for ticket in self.tickets)
        return {
            "issued": len(self.tickets),
            **{fate: fates.get(fate, 0) for fate in ("waiting", "called", "serving", "completed", "no_show")},
            "rated": sum(1 for ticket in self.tickets if ticket.rated is not None),
            "episodes": len(self.episodes),
            "alerts_expected": sum(1 for episode in self.episodes if episode.alert_expected),
            "refused": len(self.refused),
        }

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["unit_presses"] = dict(self.unit_presses)
        data["counts"] = self.counts()
        return data

    def write(self, path: Path) -> None:
        """Write the ledger atomically."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)
