"""The crash test's judgement: which states a ticket may be in after a kill, and the figures' checks."""

from __future__ import annotations

from typing import Any

from stack.crash import Ledger, Report, Ticket, allowed_states, figures_problem


def test_a_ticket_is_as_acknowledged_or_as_the_action_cut_short_left_it() -> None:
    assert allowed_states(Ticket("serving"), any_call_uncertain=False) == {"serving"}
    assert allowed_states(Ticket("serving", {"done"}), any_call_uncertain=False) == {"serving", "done"}
    # A waiting ticket may have been called by a call cut short, a served one not.
    assert allowed_states(Ticket("waiting"), any_call_uncertain=True) == {"waiting", "called"}
    assert allowed_states(Ticket("done"), any_call_uncertain=True) == {"done"}


def test_figures_must_equal_the_journal_and_the_acknowledged_issues() -> None:
    ledger = Ledger()
    for number in ("A001", "A002", "A003"):
        ledger.issued(number)
    ledger.issued_uncertain = 1
    figures: dict[str, Any] = {"date": "2026-11-23", "issued": 5, "served": 1}
    assert figures_problem(figures, dict(figures), ledger, issued_base=2) is None
    assert (
        figures_problem(figures | {"issued": 6}, figures | {"issued": 6}, ledger, 2) is None
    )  # one cut short
    lost = figures_problem(figures | {"issued": 4}, figures | {"issued": 4}, ledger, 2)
    assert lost == "2 issued, acknowledged 3 to 4"
    differ = figures_problem(figures, figures | {"served": 2}, ledger, 2)
    assert differ == "figures differ from the journal's replay in ['served']"


def test_a_number_given_twice_is_a_duplicate_and_fails_the_summary() -> None:
    ledger = Ledger()
    ledger.issued("A001")
    ledger.issued("A001")
    summary = Report(kills=1).summary(ledger)
    assert summary["duplicates"] == ["A001"]
    assert summary["ok"] is False
    assert Report(kills=1).summary(Ledger())["ok"] is True
