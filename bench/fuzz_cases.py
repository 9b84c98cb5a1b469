"""Fuzz cases for a running hall, and how their outcomes are judged (tests/test_fuzz.py, bench/fuzz_bench.py).

Three kinds of input reach a hall from outside: action data (kiosks, tablets, automations),
Frigate's MQTT messages and the window units' key events. Each case is drawn at random from a
seeded generator: mostly damaged copies of valid input (a key dropped, one added, a value of the
wrong type, too long, unicode, control characters, a ticket that does not exist), some plain
valid input so that the hall's state moves on, and for MQTT raw bytes and mutated JSON of the
real Frigate samples.

An action may be accepted, refused by Home Assistant's schema check (``vol.Invalid``: Home
Assistant's own translated validation message), or refused by the hall with a
``ServiceValidationError`` whose translation exists in both languages with all its placeholders.
Anything else is an unhandled exception. Messages and key events cannot answer: a problem with
them shows only in the log, so every error-level log record counts as a failure.
"""

from __future__ import annotations

import json
import random
import string
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import voluptuous as vol

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "custom_components" / "service_hall" / "translations"
SAMPLES = ROOT / "tests" / "fixtures" / "frigate-samples"
DOMAIN = "service_hall"

# Valid data of every action on the sample hall (tests/fixtures/hall_layout.yaml).
VALID: dict[str, dict[str, Any]] = {
    "issue_ticket": {"service": "household", "source": "kiosk"},
    "call_next": {"window": 1},
    "recall": {"window": 1},
    "start": {"window": 1},
    "complete": {"window": 1},
    "mark_no_show": {"window": 2},
    "reactivate": {"ticket": "A001"},
    "transfer": {"window": 5, "target_service": "tax"},
    "cancel": {"ticket": "D002"},
    "rate": {"ticket": "A001", "grade": 5},
    "book_appointment": {
        "service": "tax",
        "start": "2026-11-23T10:00:00",
        "reference": "ref-1",
        "name": "王小明",
        "phone": "13800000000",
    },
    "check_in": {"code": "123456", "answers": {"applicant": "employer"}},
    "cancel_appointment": {"code": "123456"},
    "pause_window": {"window": 2, "reason": "break"},
    "resume_window": {"window": 2},
    "open_window": {"window": 1},
    "close_window": {"window": 3},
    "sign_in": {"window": 1, "staff": "SP1001"},
    "sign_out": {"window": 3},
    "acknowledge_alert": {"alert_id": "x"},
    "get_daily_report": {"language": "en"},
    "get_ticket": {"ticket": "A001"},
    "get_queue_status": {"service": "tax"},
    "import_layout": {"path": "missing.yaml"},
    "get_materials": {"service": "business"},
    "get_checklist": {
        "service": "business",
        "answers": {"company_type": "sole", "premises": "owned", "agent": "no"},
    },
    "get_appointment": {"code": "123456"},
    "get_appointment_contact": {"code": "123456"},
    "reload_materials": {},
}
# The hall's state must move on: most actions drawn are these, with valid data.
BUSY = ("issue_ticket", "issue_ticket", "call_next", "start", "complete", "call_next")
WEIRD: list[Any] = [
    None,
    "",
    " ",
    0,
    -1,
    2**63,
    -(2**70),
    1.5,
    float("inf"),
    True,
    [],
    [1, 2],
    {},
    {"a": {"b": []}},
    "A001",
    "Z999",
    "a001",
    "A-1",
    "户籍业务",
    "窗口１",
    "\x00\x1b[31m\n",
    "\ud800",  # a lone surrogate: a Python caller's broken string (JSON clients cannot send one)
    "a\udfffb",
    "😀" * 40,
    "x" * 5000,
    "../../../etc/passwd",
    "/config/secrets.yaml",
    "2026-13-45T25:61:00",
    "9999-12-31T23:59:59",
    "1970-01-01T00:00:00+14:00",
    "{{ states('x') }}",
    "'; DROP TABLE tickets; --",
]
FRIGATE_TOPICS = [
    "frigate/window_01_seat/person",
    "frigate/window_01_seat/cell phone",
    "frigate/window_02_seat/person",
    "frigate/window_01_seat/person/active",
    "frigate/available",
    "frigate/events",
    "frigate/camera_activity",
    "frigate_b/window_05_seat/person",
    "frigate_b/available",
]
UNIT_KEYS = ["next", "recall", "pause", "rate", "Next", "", "unknown"]


def _samples() -> list[Any]:
    found = []
    for path in sorted(SAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.extend(data if isinstance(data, list) else [data])
    return found


def _mutate(value: Any, rng: random.Random, depth: int = 0) -> Any:
    """A copy with one part damaged: a key gone or added, a value replaced, a list cut."""
    if isinstance(value, dict) and value and depth < 6:
        copy = dict(value)
        key = rng.choice(list(copy))
        roll = rng.random()
        if roll < 0.2:
            del copy[key]
        elif roll < 0.3:
            copy[rng.choice(["x", "", "after", "zones"])] = rng.choice(WEIRD)
        elif roll < 0.6:
            copy[key] = rng.choice(WEIRD)
        else:
            copy[key] = _mutate(copy[key], rng, depth + 1)
        return copy
    if isinstance(value, list) and value and depth < 6:
        items = list(value)
        i = rng.randrange(len(items))
        items[i] = _mutate(items[i], rng, depth + 1) if rng.random() < 0.6 else rng.choice(WEIRD)
        return items[: rng.randint(0, len(items))] if rng.random() < 0.2 else items
    return rng.choice(WEIRD)


@dataclass(frozen=True, slots=True)
class Case:
    """One input: an action with data, an MQTT message, or a unit's key event."""

    kind: str  # "action", "frigate" or "unit"
    target: str  # the action, the topic, or the event type
    data: Any


class CaseMaker:
    """Seeded cases, roughly half actions, a third Frigate messages, the rest unit keys."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.samples = _samples()

    def action(self, tickets: list[str]) -> Case:
        rng = self.rng
        if rng.random() < 0.35:
            name = rng.choice(BUSY)
            data = dict(VALID[name])
            if name == "issue_ticket":
                data["service"] = rng.choice(["household", "tax", "business", "social_insurance"])
            elif "window" in data:
                data["window"] = rng.choice([1, 2, 5])
            return Case("action", name, data)
        name = rng.choice(list(VALID))
        data = dict(VALID[name])
        roll = rng.random()
        if roll < 0.15 and data:
            del data[rng.choice(list(data))]
        elif roll < 0.25:
            data[rng.choice(["extra", "entity_id", "config_entry_id", "window", "ticket"])] = rng.choice(
                WEIRD
            )
        elif roll < 0.4 and tickets:
            data["ticket"] = rng.choice(tickets)  # a real ticket, for an action that may not want it
        elif data:
            data[rng.choice(list(data))] = rng.choice(WEIRD)
        return Case("action", name, data)

    def frigate(self) -> Case:
        rng = self.rng
        topic = rng.choice(FRIGATE_TOPICS)
        roll = rng.random()
        payload: str | bytes
        if roll < 0.15:
            payload = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 64)))
        elif roll < 0.35:
            payload = rng.choice(
                ["0", "1", "2", "-1", "1e9", "nan", "online", "offline", "ONLINE", "", "null"]
            )
        else:
            text = json.dumps(_mutate(rng.choice(self.samples), rng), default=str)
            payload = text[: rng.randint(0, len(text))] if rng.random() < 0.15 else text
        return Case("frigate", topic, payload)

    def unit(self) -> Case:
        rng = self.rng
        data: dict[str, Any] = {
            "key": rng.choice(UNIT_KEYS),
            "unit": rng.choice(["window-unit-01", "window-unit-01", "window-unit-09", ""]),
            "window": rng.choice(["1", "2", 1, "x"]),
        }
        if data["key"] == "rate" or rng.random() < 0.2:
            data["grade"] = rng.choice(["5", "1", "0", "6", 4, "", None, "５", "4.5"])
        if rng.random() < 0.3:
            data[rng.choice(list(data))] = rng.choice(WEIRD)
        return Case("unit", "esphome.service_hall_key", data)

    def next(self, tickets: list[str]) -> Case:
        roll = self.rng.random()
        if roll < 0.5:
            return self.action(tickets)
        return self.frigate() if roll < 0.85 else self.unit()


def _exception_messages() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for language in ("en", "zh-Hans"):
        data = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
        found[language] = {key: item["message"] for key, item in data.get("exceptions", {}).items()}
    return found


MESSAGES = _exception_messages()
_FIELDS = string.Formatter()


def translation_problem(err: Exception) -> str | None:
    """None when the refusal is the hall's translated error, complete in both languages; else why not."""
    domain = getattr(err, "translation_domain", None)
    key = getattr(err, "translation_key", None)
    if domain != DOMAIN or not key:
        return f"not translated: {type(err).__name__}: {err}"
    placeholders = getattr(err, "translation_placeholders", None) or {}
    for language, messages in MESSAGES.items():
        if key not in messages:
            return f"no {language} message for {key}"
        wanted = {name for _, name, _, _ in _FIELDS.parse(messages[key]) if name}
        if missing := wanted - set(placeholders):
            return f"{language} message {key} lacks {sorted(missing)}"
    return None


@dataclass
class Outcomes:
    """What the cases gave."""

    cases: Counter[str] = field(default_factory=Counter)
    accepted: int = 0
    translated: Counter[str] = field(default_factory=Counter)  # refusals by translation key
    schema: int = 0
    failures: list[str] = field(default_factory=list)  # unhandled exceptions and untranslated refusals

    def judge_error(self, case: Case, err: Exception) -> None:
        if isinstance(err, vol.Invalid):
            self.schema += 1
        elif (problem := translation_problem(err)) is None:
            self.translated[str(getattr(err, "translation_key", ""))] += 1
        else:
            self.failures.append(f"{case.target} {case.data!r:.200}: {problem}")

    def summary(self, error_logs: list[str], seconds: float) -> dict[str, Any]:
        total = sum(self.cases.values())
        return {
            "cases": total,
            "by_kind": dict(self.cases),
            "actions_accepted": self.accepted,
            "refused_translated": sum(self.translated.values()),
            "refusal_keys": len(self.translated),
            "refused_by_schema": self.schema,
            "failures": len(self.failures),
            "error_log_records": len(error_logs),
            "cases_per_second": round(total / seconds) if seconds else None,
            "ok": not self.failures and not error_logs,
        }
