"""Fixtures of the dashboard tests: the real demo Home Assistant, and Chromium through Playwright.

Run in .venv/browser (requirements/browser.txt) by scripts/test:

    .venv/browser/bin/python -m pytest -q -p no:cacheprovider --confcutdir=tests/dashboards tests/dashboards

``demo_hass`` starts ``scripts/run --reset`` once per session, in a temporary runtime folder and
on a free port (SH_DEMO_DIR, SH_PORT), so a developer's own demo on 8123 is left alone.
``open_dashboard`` opens a dashboard logged in as the demo owner. Without Debian's
``/usr/bin/chromium`` the tests are skipped with a message, except when the ``CI`` environment
variable is set: then they fail, because CI must really run them (scripts/test installs it).
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest
from harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LANGUAGE,
    DashboardPage,
    DemoHass,
    DemoProcess,
    OpenDashboard,
    open_page,
    text_problems,
)
from playwright.sync_api import Browser, BrowserContext, sync_playwright
from processes import HOST, free_port, in_ci


def run_demo(base: Path) -> Generator[DemoHass]:
    """Start a demo of scripts/run in ``base``, yield its logged-in client, stop it."""
    demo = DemoProcess(base, free_port())
    demo.start()
    try:
        try:
            demo.wait_for_setup()
        except RuntimeError as err:
            pytest.fail(str(err), pytrace=False)
        hass = DemoHass(
            url=f"http://{HOST}:{demo.port}",
            demo_dir=demo.demo_dir,
            config_dir=demo.demo_dir / "config",
        )
        hass.login()
        yield hass
    finally:
        demo.stop()


@pytest.fixture(scope="session")
def demo_hass(tmp_path_factory: pytest.TempPathFactory) -> Generator[DemoHass]:
    """The demo of scripts/run, set up (owner, hall, live queue), with the owner's tokens."""
    yield from run_demo(tmp_path_factory.mktemp("demo_hass"))


@pytest.fixture(scope="module")
def busy_demo_hass(tmp_path_factory: pytest.TempPathFactory) -> Generator[DemoHass]:
    """A second demo, for the busy-hall tests (test_screens_on_a_busy_hall.py) only: they make
    it busy, and its figures owe nothing to what the other tests did to theirs (a service
    completed in milliseconds there would make every estimate here zero)."""
    yield from run_demo(tmp_path_factory.mktemp("busy_demo_hass"))


@pytest.fixture(scope="session")
def browser() -> Generator[Browser]:
    """Headless Chromium (Debian's), shared by the session's tests."""
    if not os.access(CHROMIUM, os.X_OK):
        message = (
            f"{CHROMIUM} not found: the dashboard tests need Debian's Chromium "
            "(apt-get install chromium; scripts/test installs it when run as root)"
        )
        if in_ci():
            pytest.fail(f"{message}. CI is set, so this is a failure, not a skip.", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def dashboard_opener(browser: Browser, hass: DemoHass) -> Generator[OpenDashboard]:
    """``open_dashboard(path, width, height, *, dark=False, language="zh-Hans")`` -> a rendered page.

    Each call gets a new browser context (own storage, that viewport, device scale 1); all are
    closed after the test, and every page left open must show no unfilled text.
    """
    contexts: list[BrowserContext] = []

    def open_dashboard(
        path: str, width: int, height: int, *, dark: bool = False, language: str = LANGUAGE
    ) -> DashboardPage:
        page = open_page(browser, hass, path, width, height, dark=dark, language=language)
        contexts.append(page.page.context)
        return page

    yield open_dashboard
    # Every page of every test: no unfilled placeholder, "undefined", "NaN" or unit without its
    # number in any card's text, whatever the test itself checked.
    problems = []
    for context in contexts:
        for page in context.pages:
            if not page.is_closed():
                problems += [f"{page.url}: {p}" for p in text_problems(page)]
        context.close()
    if problems:
        pytest.fail("text shown unfilled or empty:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def open_dashboard(browser: Browser, demo_hass: DemoHass) -> Generator[OpenDashboard]:
    """Open a dashboard of the demo (see dashboard_opener)."""
    yield from dashboard_opener(browser, demo_hass)


@pytest.fixture
def open_busy_dashboard(browser: Browser, busy_demo_hass: DemoHass) -> Generator[OpenDashboard]:
    """Open a dashboard of the busy-hall tests' demo (see dashboard_opener)."""
    yield from dashboard_opener(browser, busy_demo_hass)
