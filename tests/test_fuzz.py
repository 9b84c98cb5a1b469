"""Fuzzing a running hall: damaged action data, Frigate messages and unit keys, none gets through unhandled.

The cases come from :mod:`bench.fuzz_cases` (seeded). Here 600 of them run on every test run;
``./scripts/bench fuzz`` runs this same test with 12,000 (``SH_FUZZ_CASES``) and prints the figures.
After the cases, the hall's invariants still hold and it still serves.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_mqtt_message

from bench.fuzz_cases import Case, CaseMaker, Outcomes, translation_problem
from custom_components.service_hall.const import DOMAIN
from custom_components.service_hall.services import HANDLERS
from homeassistant.core import HomeAssistant, SupportsResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .conftest import act
from .hall.conftest import check_invariants
from .helpers import coordinator_of

CASES = int(os.environ.get("SH_FUZZ_CASES", "600"))
SEED = int(os.environ.get("SH_FUZZ_SEED", "20261122"))


async def play(hass: HomeAssistant, case: Case, outcomes: Outcomes) -> None:
    """Run one case against the hall and judge what came back."""
    outcomes.cases[case.kind] += 1
    if case.kind == "frigate":
        async_fire_mqtt_message(hass, case.target, case.data)
    elif case.kind == "unit":
        hass.bus.async_fire(case.target, case.data)
    else:
        wants = case.target in HANDLERS and HANDLERS[case.target][2] is not SupportsResponse.NONE
        try:
            await hass.services.async_call(
                DOMAIN, case.target, case.data, blocking=True, return_response=wants
            )
        except Exception as err:
            outcomes.judge_error(case, err)
            return
        outcomes.accepted += 1
    await hass.async_block_till_done()


class ErrorRecords(logging.Handler):
    """Error-level records, and any record with a traceback: a message or key that went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.found.append(f"{record.name}: {record.getMessage()[:300]}")


async def test_fuzzed_input_is_refused_cleanly(hass: HomeAssistant, mqtt_hall: MockConfigEntry) -> None:
    maker, outcomes = CaseMaker(SEED), Outcomes()
    errors = ErrorRecords()
    logging.getLogger().addHandler(errors)
    coordinator = coordinator_of(mqtt_hall)
    started = os.times().elapsed  # not frozen with the hall's clock
    try:
        for _ in range(CASES):
            await play(hass, maker.next(list(coordinator.hall.state.tickets)), outcomes)
    finally:
        logging.getLogger().removeHandler(errors)
    seconds = os.times().elapsed - started
    summary = outcomes.summary(errors.found, seconds)
    print("fuzz:", json.dumps(summary, ensure_ascii=False))
    assert outcomes.failures == [], sorted({f.split(": ", 1)[1][:160] for f in outcomes.failures})
    assert errors.found == []
    assert summary["cases"] == CASES
    # The cases reached the hall: tickets moved, and most kinds of refusal were met.
    assert outcomes.accepted > CASES // 20 and outcomes.schema > 0  # (the sample hall has small daily caps)
    assert len(outcomes.translated) >= 5
    check_invariants(coordinator.hall)
    answer = await act(hass, "issue_ticket", service="tax")
    assert answer is not None and answer["state"] == "waiting"


def test_the_judge_flags_unhandled_and_untranslated_errors() -> None:
    outcomes = Outcomes()
    case = Case("action", "call_next", {"window": 1})
    outcomes.judge_error(case, KeyError("window"))
    outcomes.judge_error(case, ServiceValidationError("plain words"))
    outcomes.judge_error(
        case,
        HomeAssistantError(
            translation_domain=DOMAIN, translation_key="no_such_key", translation_placeholders={}
        ),
    )
    outcomes.judge_error(
        case, ServiceValidationError(translation_domain=DOMAIN, translation_key="unknown_window")
    )  # a placeholder missing
    assert len(outcomes.failures) == 4
    assert "KeyError" in outcomes.failures[0]
    good = ServiceValidationError(
        translation_domain=DOMAIN, translation_key="unknown_window", translation_placeholders={"window": "9"}
    )
    assert translation_problem(good) is None
    outcomes.judge_error(case, good)
    assert outcomes.translated == {"unknown_window": 1}


def test_cases_are_seeded_and_varied() -> None:
    first = [CaseMaker(3).next(["A001"]) for _ in range(1)]
    maker_a, maker_b = CaseMaker(3), CaseMaker(3)
    a = [maker_a.next(["A001"]) for _ in range(300)]
    b = [maker_b.next(["A001"]) for _ in range(300)]
    assert a == b and first[0] == a[0]
    kinds: dict[str, Any] = {c.kind for c in a}  # type: ignore[assignment]
    assert kinds == {"action", "frigate", "unit"}
    assert len({c.target for c in a if c.kind == "action"}) >= 15


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("sign_in", {"window": float("inf"), "staff": "SP1001"}),
        ("rate", {"ticket": "A001", "grade": float("inf")}),
        ("import_layout", {"path": "layout\x00.yaml"}),
        ("book_appointment", {"service": "tax", "start": "9999-12-31T23:59:59"}),
        ("book_appointment", {"service": "tax", "start": "0001-01-01T00:00:00+14:00"}),
        # Lone surrogates (found by a helper's fuzzer): the journal could not write them, and
        # Home Assistant's date parser (ciso8601) crashed the whole process on one.
        ("pause_window", {"window": 1, "reason": "\ud800"}),
        ("book_appointment", {"service": "tax", "start": "2026-11-23T10:00:00", "reference": "\ud800"}),
        ("book_appointment", {"service": "tax", "start": "\ud800"}),
        ("import_layout", {"path": "\ud800"}),
        ("issue_ticket", {"service": "tax\udfff"}),
    ],
)
async def test_what_fuzzing_found_is_refused_cleanly(
    hass: HomeAssistant, mqtt_hall: MockConfigEntry, action: str, data: dict[str, Any]
) -> None:
    """Infinity as a number, a NUL in a path, a date at the calendar's ends and lone surrogates raised bare errors."""
    outcomes = Outcomes()
    await play(hass, Case("action", action, data), outcomes)
    assert outcomes.failures == [] and outcomes.accepted == 0
    assert outcomes.schema + sum(outcomes.translated.values()) == 1
