"""The day's figures replayed from a hall's journal on disk: ``python -m stack.replay CONFIG``.

The crash test (:mod:`stack.crash`) compares them with what the restarted hall says. It runs with
Home Assistant's own python (``stack.run --hass-python``): the integration's storage module, which
reads the journal, imports Home Assistant, and the stack's own venv (``.venv/stack``) has none.
Prints the figures as JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

DOMAIN = "service_hall"


def journal(config: Path) -> tuple[date | None, list[Any]]:
    """The hall's journal on disk (the only hall of the demo): its day and its events."""
    from custom_components.service_hall.storage import read_journal

    journals = sorted((config / ".storage").glob(f"{DOMAIN}.*.log/journal.jsonl"))
    if len(journals) != 1:
        raise RuntimeError(f"expected one hall journal, found {len(journals)}")
    day, events, _skipped = read_journal(journals[0])
    return day, events


def figures(config: Path) -> dict[str, Any]:
    """The figures of the journal's day, as ``get_daily_report`` gives them."""
    from custom_components.service_hall.hall.replay import replay_day

    day, events = journal(config)
    summary: dict[str, Any] = replay_day(day or date.min, [events]).summary()
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m stack.replay CONFIG", file=sys.stderr)
        return 2
    print(json.dumps(figures(Path(args[0])), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
