"""Check a hall against the simulator's ledger, from outside: Home Assistant's websocket API only.

Three checks, each ``{"ok": bool, "detail": str}``:

* ``tickets``: every ticket the simulator was given a number for is in the hall, in the state
  the simulator left it (done, no-show, waiting, called or serving at the window it saw), and
  no number was given twice;
* ``alerts``: the hall's alert events (the window ``Alert`` event entities' history over the run)
  are exactly those the simulator's away and phone episodes call for, one per long episode, at
  its window and of its kind, and none for the short ones;
* ``displays``: each window unit's ``Display`` sensor shows its window's ticket ("--" while the
  window is paused).

Used by ``scripts/run --headless`` for its summary and by the end-to-end test.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .ws import HomeAssistantSocket

# A ledger's ticket fate -> the hall's ticket state.
FATES = {
    "completed": "done",
    "no_show": "no_show",
    "waiting": "waiting",
    "called": "called",
    "serving": "serving",
    "cancelled": "cancelled",
}


def expected_alerts(ledger: dict[str, Any]) -> list[tuple[int, str]]:
    """(window, kind) of every alert the simulator's episodes call for."""
    return sorted(
        (int(episode["window"]), str(episode["alert_kind"]))
        for episode in ledger.get("episodes", [])
        if episode.get("alert_expected")
    )


def uncertain_alerts(ledger: dict[str, Any]) -> list[tuple[int, str]]:
    """(window, kind) of episodes a stop cut short after their alert time: the alert may have come."""
    return sorted(
        (int(episode["window"]), str(episode["alert_kind"]))
        for episode in ledger.get("episodes", [])
        if episode.get("interrupted") and episode.get("alert_kind")
    )


def check_tickets(ledger: dict[str, Any], found: dict[str, dict[str, Any]]) -> dict[str, Any]:
    numbers = [str(ticket["number"]) for ticket in ledger.get("tickets", [])]
    twice = [number for number, count in Counter(numbers).items() if count > 1]
    wrong = []
    for ticket in ledger.get("tickets", []):
        number = str(ticket["number"])
        want = FATES.get(str(ticket["fate"]), str(ticket["fate"]))
        have = found.get(number)
        if have is None:
            wrong.append(f"{number}: not in the hall")
        elif have.get("state") != want:
            wrong.append(f"{number}: {have.get('state')} in the hall, {want} for the simulator")
        elif want in ("called", "serving") and ticket.get("window") not in (None, have.get("window")):
            wrong.append(
                f"{number}: at window {have.get('window')}, the simulator saw {ticket.get('window')}"
            )
    ok = not wrong and not twice
    detail = f"{len(numbers)} tickets, {len(numbers) - len(wrong)} where the simulator left them"
    if twice:
        detail += f"; numbers given twice: {', '.join(twice[:10])}"
    if wrong:
        detail += "; " + "; ".join(wrong[:10])
    return {"ok": ok, "detail": detail}


def check_alerts(ledger: dict[str, Any], raised: list[tuple[int, str]]) -> dict[str, Any]:
    expected = expected_alerts(ledger)
    missing = list((Counter(expected) - Counter(raised)).elements())
    extra = list((Counter(raised) - Counter(expected) - Counter(uncertain_alerts(ledger))).elements())
    detail = f"{len(expected)} alerts expected, {len(raised)} raised"
    if missing:
        detail += f"; missing {missing}"
    if extra:
        detail += f"; unexpected {extra}"
    return {"ok": not missing and not extra, "detail": detail}


def check_displays(shown: dict[int, str | None], windows: dict[str, Any]) -> dict[str, Any]:
    wrong = []
    for number, display in sorted(shown.items()):
        window = windows.get(str(number), {})
        want = "--" if window.get("status") == "paused" else (window.get("ticket") or "")
        if display != want:
            wrong.append(f"window {number}: the unit shows {display!r}, the window has {want!r}")
    detail = f"{len(shown)} units, {len(shown) - len(wrong)} showing their window's ticket"
    if not shown:
        detail = "no window unit found"
    return {"ok": bool(shown) and not wrong, "detail": detail + ("; " + "; ".join(wrong) if wrong else "")}


def alerts_in_history(
    history: dict[str, list[dict[str, Any]]], windows: dict[str, int], since: datetime
) -> list[tuple[int, str]]:
    """(window, kind) of every alert fired since ``since`` in the Alert event entities' history
    (``windows``: entity id -> window). An event entity's state is when its event fired; Home
    Assistant writes it again, unchanged, when it restores the entity (a restart, the hall's
    reload after new options): one alert per entity and instant, and only those fired since."""
    raised = {}
    for entity_id, states in history.items():
        for state in states:
            kind = (state.get("a") or {}).get("event_type")
            try:
                fired = datetime.fromisoformat(str(state.get("s")))
            except ValueError:  # unknown, unavailable
                continue
            if kind and fired >= since:
                raised[(entity_id, fired)] = (windows[entity_id], str(kind))
    return sorted(raised.values())


async def _alerts_raised(ha: HomeAssistantSocket, since: datetime) -> list[tuple[int, str]]:
    """(window, kind) of every alert fired since ``since``, from the Alert event entities' history."""
    registry = await ha.send({"type": "config/entity_registry/list"})
    entities = {
        entry["entity_id"]: int(entry["unique_id"].rsplit("_window_", 1)[1].split("_", 1)[0])
        for entry in registry
        if entry.get("platform") == "service_hall"
        and str(entry.get("unique_id", "")).endswith("_alert")
        and "_window_" in str(entry.get("unique_id"))
    }
    if not entities:
        return []
    history = await ha.send(
        {
            "type": "history/history_during_period",
            "start_time": since.isoformat(),
            "entity_ids": sorted(entities),
            "include_start_time_state": False,
            "significant_changes_only": False,
            "minimal_response": False,
            "no_attributes": False,
        }
    )
    return alerts_in_history(history, entities, since)


async def _unit_displays(ha: HomeAssistantSocket, units: dict[int, str]) -> dict[int, str | None]:
    """What each unit's Display sensor shows, by window (``units``: window -> node name)."""
    registry = await ha.send({"type": "config/entity_registry/list"})
    devices = {d["id"]: d for d in await ha.send({"type": "config/device_registry/list"})}
    states = {s["entity_id"]: s["state"] for s in await ha.send({"type": "get_states"})}
    shown: dict[int, str | None] = {}
    for window, node in units.items():
        prefix = node.replace("-", "_")
        for entry in registry:
            device = devices.get(entry.get("device_id") or "", {})
            names = {str(device.get("name") or ""), str(device.get("name_by_user") or "")}
            if (
                entry.get("platform") == "esphome"
                and entry["entity_id"].startswith("sensor.")
                and str(entry.get("unique_id", "")).lower().endswith("display")  # ESPHome 2026: .../Display
                and (
                    prefix in entry["entity_id"]
                    or any(node in name.lower().replace(" ", "-") for name in names)
                )
            ):
                state = states.get(entry["entity_id"])
                shown[window] = "" if state in (None, "unknown") else state
    return shown


async def _verify(url: str, token: str, ledger: dict[str, Any]) -> dict[str, Any]:
    async with HomeAssistantSocket.connect(url, token) as ha:
        found = {}
        for ticket in ledger.get("tickets", []):
            try:
                found[str(ticket["number"])] = await ha.call(
                    "service_hall", "get_ticket", {"ticket": ticket["number"]}
                )
            except RuntimeError:
                continue
        status = await ha.call("service_hall", "get_queue_status", {})
        since = datetime.fromisoformat(ledger["started_at"]) - timedelta(seconds=5)
        raised = await _alerts_raised(ha, since)
        units = {int(window): str(node) for window, node in ledger.get("units", {}).items()}
        shown = await _unit_displays(ha, units)
    checks = {
        "tickets": check_tickets(ledger, found),
        "alerts": check_alerts(ledger, raised),
        "displays": check_displays(shown, status["windows"]) if units else {"ok": True, "detail": "no units"},
    }
    fates = Counter(str(ticket["fate"]) for ticket in ledger.get("tickets", []))
    figures = {
        "tickets": len(ledger.get("tickets", [])),
        "served": fates.get("completed", 0),
        "units": len(shown),
    }
    lines = [
        f"Living hall: {figures['tickets']} tickets ({', '.join(f'{n} {f}' for f, n in fates.most_common())})"
    ]
    lines += [f"  {'ok  ' if c['ok'] else 'FAIL'} {name}: {c['detail']}" for name, c in checks.items()]
    return {
        "ok": all(check["ok"] for check in checks.values()),
        "checks": checks,
        "figures": figures,
        "text": "\n".join(lines),
    }


def verify_stack(url: str, token: str, ledger_path: Path) -> dict[str, Any]:
    """Check the hall at ``url`` against the ledger; ``ok``, ``checks``, ``figures`` and a ``text``."""
    ledger = json.loads(ledger_path.read_text(encoding="utf-8"))
    return asyncio.run(_verify(url, token, ledger))
