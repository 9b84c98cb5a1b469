"""Erlang C against the figures every queueing text gives, and the windows-needed search."""

from __future__ import annotations

import math

import pytest

from custom_components.service_hall.hall.queueing import erlang_b, erlang_c, mean_wait, windows_needed


def test_reference_hall_of_the_product_brief() -> None:
    """120 arrivals an hour, 3.2 minutes handling: 0.92 min with 8 windows, 4.04 with 7."""
    load = 120 / 60 * 3.2
    assert mean_wait(8, load, 3.2) == pytest.approx(0.915, abs=0.005)
    assert mean_wait(7, load, 3.2) == pytest.approx(4.04, abs=0.01)
    # One of eight single-service lines: M/M/1 at 0.8 utilisation waits 4 handling times.
    assert mean_wait(1, load / 8, 3.2) == pytest.approx(12.8)


def test_erlang_b_and_c_textbook_values() -> None:
    assert erlang_b(1, 1.0) == pytest.approx(0.5)
    assert erlang_b(2, 1.0) == pytest.approx(0.2)
    # M/M/2 at load 1: P(wait) = 1/3.
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_c(3, 0.0) == 0.0


def test_overloaded_and_empty_queues() -> None:
    assert erlang_c(3, 3.0) == 1.0
    assert mean_wait(3, 3.5, 4.0) == math.inf
    assert mean_wait(3, 0.0, 4.0) == 0.0


@pytest.mark.parametrize(("target", "expected"), [(5.0, 7), (1.0, 8), (0.2, 10)])
def test_windows_needed_is_the_fewest_that_meet_the_target(target: float, expected: int) -> None:
    load = 6.4
    needed = windows_needed(load, 3.2, target)
    assert needed == expected
    assert mean_wait(needed, load, 3.2) <= target < mean_wait(needed - 1, load, 3.2)


def test_no_load_needs_no_window() -> None:
    assert windows_needed(0.0, 3.2, 10) == 0
    # A light load still needs one window, however generous the target.
    assert windows_needed(0.05, 3.2, 60) == 1
