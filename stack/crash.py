"""Crash test: kill Home Assistant with SIGKILL at random moments while the hall works, restart, check.

Run by ``scripts/run --kills N`` (``python -m stack.run ... --kills N``) after the demo setup:

- a clean restart first, so that what Home Assistant saves with a delay (users, entries) is on disk;
- then N rounds. In each, workers act on the hall over the websocket API as kiosks and window
  tablets do: one issues and cancels tickets, one per staffed window calls, starts and completes.
  After a random 0.2 to 2.5 s (or, in one round in six, while Home Assistant is still starting)
  Home Assistant's process group gets SIGKILL. It is started again and checked:

  - every ticket whose action was answered (acknowledged) is still there, in the state that answer
    left it in, or in the one an action cut short by the kill would have left it in;
  - no number is given twice: a ticket issued after a restart never has a number seen before;
  - the day's figures (``get_daily_report``) equal a replay of the journal on disk, and the count
    of issued tickets lies between the acknowledged issues and those plus the ones cut short.

The summary goes to ``<demo>/crash.json`` and stdout; the exit status is 0 only when nothing was
lost, duplicated or inconsistent.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ws import CommandError, HomeAssistantSocket

DOMAIN = "service_hall"
READY_TIMEOUT_S = 180.0
REPLAY_TIMEOUT_S = 120.0
ROOT = Path(__file__).resolve().parent.parent
# Demo services without a daily cap or with a large one: hundreds of rounds never reach them.
ISSUE_SERVICES = ("enquiry", "enquiry", "social_insurance", "household", "tax")

type StartHass = Callable[[], subprocess.Popen[bytes]]


@dataclass(slots=True)
class Ticket:
    """What the answers said about a ticket, and what an action cut short may have done to it."""

    state: str
    maybe: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Ledger:
    """Everything the hall acknowledged, across all rounds."""

    tickets: dict[str, Ticket] = field(default_factory=dict)
    window_ticket: dict[int, str | None] = field(default_factory=dict)
    issued_acked: int = 0
    issued_uncertain: int = 0
    acked: int = 0
    refused: int = 0
    uncertain: int = 0
    latencies: list[float] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    any_call_uncertain: bool = False

    def issued(self, number: str) -> None:
        if number in self.tickets:
            self.duplicates.append(number)
        self.tickets[number] = Ticket("waiting")
        self.issued_acked += 1


@dataclass(slots=True)
class Report:
    """The figures of the whole test."""

    kills: int = 0
    kills_while_starting: int = 0
    restarts_s: list[float] = field(default_factory=list)
    tickets_checked: int = 0
    lost: list[str] = field(default_factory=list)
    wrong_state: list[str] = field(default_factory=list)
    figures_mismatch: list[str] = field(default_factory=list)

    def summary(self, ledger: Ledger) -> dict[str, Any]:
        latencies = sorted(ledger.latencies)
        ok = not (self.lost or self.wrong_state or self.figures_mismatch or ledger.duplicates)
        return {
            "ok": ok,
            "kills": self.kills,
            "kills_while_starting": self.kills_while_starting,
            "actions_acknowledged": ledger.acked,
            "actions_refused": ledger.refused,
            "actions_cut_short": ledger.uncertain,
            "tickets_issued_acknowledged": ledger.issued_acked,
            "tickets_checked": self.tickets_checked,
            "lost": self.lost,
            "duplicates": ledger.duplicates,
            "wrong_state": self.wrong_state,
            "figures_mismatch": self.figures_mismatch,
            "restart_s_median": round(statistics.median(self.restarts_s), 2) if self.restarts_s else None,
            "restart_s_max": round(max(self.restarts_s), 2) if self.restarts_s else None,
            "action_ms_median": round(statistics.median(latencies) * 1000, 1) if latencies else None,
            "action_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1)
            if latencies
            else None,
        }


class Killed(Exception):
    """The connection went with Home Assistant."""


async def _timed(ledger: Ledger, action: Awaitable[Any]) -> Any:
    started = time.monotonic()
    try:
        answer = await action
    except CommandError:
        ledger.refused += 1
        raise
    except (ConnectionError, OSError, asyncio.CancelledError) as err:
        ledger.uncertain += 1
        raise Killed from err
    ledger.acked += 1
    ledger.latencies.append(time.monotonic() - started)
    return answer


async def _issuer(ha: HomeAssistantSocket, ledger: Ledger, rng: random.Random) -> None:
    """A kiosk: issue tickets, now and then cancel a waiting one."""
    while True:
        waiting = [n for n, t in ledger.tickets.items() if t.state == "waiting" and not t.maybe]
        if waiting and rng.random() < 0.15:
            number = rng.choice(waiting)
            try:
                await _timed(ledger, ha.call(DOMAIN, "cancel", {"ticket": number}, response=False))
            except CommandError:
                continue
            except Killed:
                ledger.tickets[number].maybe.add("cancelled")
                raise
            ledger.tickets[number].state = "cancelled"
            continue
        service = rng.choice(ISSUE_SERVICES)
        try:
            answer = await _timed(
                ledger, ha.call(DOMAIN, "issue_ticket", {"service": service, "source": "kiosk"})
            )
        except CommandError:
            continue
        except Killed:
            ledger.issued_uncertain += 1
            raise
        ledger.issued(answer["ticket"])


async def _window(ha: HomeAssistantSocket, ledger: Ledger, window: int, rng: random.Random) -> None:
    """A window tablet: call, start, complete, one step at a time."""
    while True:
        current = ledger.window_ticket.get(window)
        ticket = ledger.tickets.get(current) if current else None
        if ticket is not None and ticket.state == "called":
            step, after = "start", "serving"
        elif ticket is not None and ticket.state == "serving" and rng.random() < 0.5:
            step, after = "complete", "done"
        else:
            step, after = "call_next", "called"
        try:
            if step == "call_next":
                answer = await _timed(ledger, ha.call(DOMAIN, "call_next", {"window": window}))
            else:
                await _timed(ledger, ha.call(DOMAIN, step, {"window": window}, response=False))
        except CommandError:
            await asyncio.sleep(0.05)  # nothing to call, or a state the hall refuses: try again
            continue
        except Killed:
            if ticket is not None and current is not None:
                ticket.maybe.add("done" if step == "call_next" else after)
            if step == "call_next":
                ledger.any_call_uncertain = True
            raise
        if step == "call_next":
            if ticket is not None and answer.get("finished") == current:
                ticket.state = "done"
            called = answer.get("ticket")
            ledger.window_ticket[window] = called
            if called in ledger.tickets:
                ledger.tickets[called].state = "called"
        elif ticket is not None:
            ticket.state = after
            if after == "done":
                ledger.window_ticket[window] = None


async def wait_ready(
    url: str, token: str, process: subprocess.Popen[bytes], limit_s: float
) -> dict[str, Any]:
    """Home Assistant answers and the hall is loaded: its queue status."""
    deadline = time.monotonic() + limit_s
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"Home Assistant exited with {process.returncode} while starting")
        with contextlib.suppress(OSError, RuntimeError, CommandError, ConnectionError, asyncio.TimeoutError):
            async with HomeAssistantSocket.connect(url, token) as ha:
                status: dict[str, Any] = await ha.call(DOMAIN, "get_queue_status", {})
                return status
        if time.monotonic() > deadline:
            raise TimeoutError("Home Assistant did not get ready")
        await asyncio.sleep(0.2)


async def _round(
    url: str,
    token: str,
    process: subprocess.Popen[bytes],
    ledger: Ledger,
    rng: random.Random,
    windows: list[int],
) -> None:
    """Act on the hall until Home Assistant is killed after a random moment."""
    delay = rng.uniform(0.2, 2.5)
    async with HomeAssistantSocket.connect(url, token) as ha:
        workers = [asyncio.create_task(_issuer(ha, ledger, rng))]
        workers += [asyncio.create_task(_window(ha, ledger, window, rng)) for window in windows]
        await asyncio.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        results = await asyncio.gather(*workers, return_exceptions=True)
        unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, Killed)]
        if unexpected:
            raise RuntimeError(f"a worker failed: {unexpected[0]!r}")


def journal_figures(hass_python: Path, config: Path) -> dict[str, Any]:
    """The figures of the journal on disk, replayed by Home Assistant's python (stack.replay says why)."""
    result = subprocess.run(
        [str(hass_python), "-m", "stack.replay", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=REPLAY_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"replaying the journal failed ({result.returncode}): {result.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


async def _check(
    url: str, token: str, args: argparse.Namespace, ledger: Ledger, report: Report, issued_base: int
) -> None:
    """Compare the restarted hall with the ledger, then take what it says about uncertain tickets."""
    async with HomeAssistantSocket.connect(url, token) as ha:
        for number, ticket in ledger.tickets.items():
            report.tickets_checked += 1
            try:
                found = await ha.call(DOMAIN, "get_ticket", {"ticket": number})
            except CommandError as err:
                report.lost.append(f"{number}: {err.message}")
                continue
            allowed = allowed_states(ticket, any_call_uncertain=ledger.any_call_uncertain)
            if found["state"] not in allowed:
                report.wrong_state.append(f"{number}: {found['state']} not in {sorted(allowed)}")
            ticket.state, ticket.maybe = found["state"], set()
        status = await ha.call(DOMAIN, "get_queue_status", {})
        for window, seen in status["windows"].items():
            ledger.window_ticket[int(window)] = seen.get("ticket")
            if seen.get("ticket") and seen["ticket"] not in ledger.tickets:
                # Called by a call cut short, or issued by an issue cut short: learn it now.
                found = await ha.call(DOMAIN, "get_ticket", {"ticket": seen["ticket"]})
                ledger.tickets[seen["ticket"]] = Ticket(found["state"])
        ledger.any_call_uncertain = False
        report_answer = await ha.call(DOMAIN, "get_daily_report", {})
    figures = report_answer["figures"]
    replayed = {
        "date": report_answer["date"],
        **await asyncio.to_thread(journal_figures, args.hass_python, args.config),
    }
    if problem := figures_problem(figures, replayed, ledger, issued_base):
        report.figures_mismatch.append(f"after kill {report.kills}: {problem}")


def allowed_states(ticket: Ticket, *, any_call_uncertain: bool) -> set[str]:
    """The states a ticket may be in after a restart: as acknowledged, or as an action cut short left it."""
    allowed = {ticket.state} | ticket.maybe
    if ticket.state == "waiting" and any_call_uncertain:
        allowed.add("called")  # a call cut short may have picked it
    return allowed


def figures_problem(
    figures: dict[str, Any], replayed: dict[str, Any], ledger: Ledger, issued_base: int
) -> str | None:
    """What is wrong with the hall's figures: not those of its journal, or not the acknowledged issues."""
    if json.dumps(replayed, sort_keys=True, default=str) != json.dumps(figures, sort_keys=True, default=str):
        diff = sorted(k for k in set(figures) | set(replayed) if figures.get(k) != replayed.get(k))
        return f"figures differ from the journal's replay in {diff}"
    issued = int(figures["issued"]) - issued_base
    low, high = ledger.issued_acked, ledger.issued_acked + ledger.issued_uncertain
    if not low <= issued <= high:
        return f"{issued} issued, acknowledged {low} to {high}"
    return None


def run_crash_test(args: argparse.Namespace, start_hass: StartHass, process: subprocess.Popen[bytes]) -> int:
    """Kill and restart Home Assistant ``args.kills`` times; print and save the summary."""
    return asyncio.run(_crash_test(args, start_hass, process))


def _restart(
    process: subprocess.Popen[bytes], start_hass: StartHass, *, clean: bool
) -> subprocess.Popen[bytes]:
    if process.poll() is None:
        if clean:
            process.terminate()
            process.wait(timeout=60)
        else:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return start_hass()


async def _crash_test(
    args: argparse.Namespace, start_hass: StartHass, process: subprocess.Popen[bytes]
) -> int:
    rng = random.Random(args.seed)
    token = (args.demo / "token").read_text().strip()
    ledger, report = Ledger(), Report()
    process = _restart(process, start_hass, clean=True)
    status = await wait_ready(args.url, token, process, READY_TIMEOUT_S)
    windows = sorted(int(w) for w, seen in status["windows"].items() if seen["status"] != "closed")
    async with HomeAssistantSocket.connect(args.url, token) as ha:
        issued_base = int((await ha.call(DOMAIN, "get_daily_report", {}))["figures"]["issued"])
    try:
        while report.kills < args.kills:
            await _round(args.url, token, process, ledger, rng, windows)
            report.kills += 1
            started = time.monotonic()
            process = start_hass()
            if rng.random() < 1 / 6 and report.kills < args.kills:
                # Killed again while it starts (reading the journal, setting up the hall).
                await asyncio.sleep(rng.uniform(0.5, 4.0))
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                report.kills += 1
                report.kills_while_starting += 1
                started = time.monotonic()
                process = start_hass()
            await wait_ready(args.url, token, process, READY_TIMEOUT_S)
            report.restarts_s.append(time.monotonic() - started)
            await _check(args.url, token, args, ledger, report, issued_base)
            if report.kills % 10 == 0 or report.kills >= args.kills:
                print(
                    f"==> {report.kills}/{args.kills} kills, {len(ledger.tickets)} tickets, "
                    f"{len(report.lost)} lost, {len(ledger.duplicates)} duplicated",
                    flush=True,
                )
    finally:
        summary = report.summary(ledger)
        (args.demo / "crash.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        print(json.dumps(summary, ensure_ascii=False, indent=2), flush=True)
        args.crash_process = process  # the Home Assistant now running, for the stack to stop
    return 0 if summary["ok"] else 1
