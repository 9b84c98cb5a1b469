"""The dashboard tests' harness: the real demo Home Assistant of scripts/run, and Chromium pages.

Standard library and Playwright only: this runs in .venv/browser, which has no Home Assistant.
The fixtures in conftest.py build on it; tests import the helpers (``from harness import ...``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error as PlaywrightError,
    Page,
    TimeoutError as PlaywrightTimeoutError,
)
from processes import free_port, run_command_env

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"

# The demo's language (demo/config/configuration.yaml, the owner's profile): the hall's tablets
# show Chinese. Note the CJK fonts (Debian's fonts-noto-cjk), or screenshots show boxes.
LANGUAGE = "zh-Hans"
TIME_ZONE = "Asia/Shanghai"  # demo/config/configuration.yaml
USERNAME = "demo"  # created by scripts/demo_setup.py (a demo account only)
PASSWORD = "demo1234"
SETUP_DONE = "demo setup finished"  # scripts/demo_setup.py's last line: "... (ok)" or "... (with errors)"
SETUP_TIMEOUT = 240.0
STOP_TIMEOUT = 30.0
TOKEN_LIFETIME = 1800  # seconds; Home Assistant's access tokens live 30 minutes

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright must not download a browser of its own
# Without the background-networking flags Chromium keeps calling Google services, which cannot
# be reached here and only slow it down.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The elements of a rendered Lovelace view (Playwright's CSS pierces open shadow roots).
VIEW_SELECTOR = "hui-view, hui-panel-view, hui-masonry-view, hui-sections-view"
# Texts of failed cards: the first is hard-coded English in the frontend, the others are
# ui.errors.config.configuration_error in English and in the demo owner's zh-Hans.
CARD_ERROR_TEXTS = ("Custom element doesn't exist", "Configuration error", "配置错误")
# How long a card error may take to go away on its own (see wait_for_view)
CARDS_SETTLE_MS = 10_000

# Direct connections only: a proxy from the environment must not see the local Home Assistant.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def tail(path: Path, chars: int = 4000) -> str:
    """The end of a log file, or a note that it does not exist."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError as err:
        return f"({err.strerror}: {path})"


class HttpError(Exception):
    """An HTTP error answer from Home Assistant."""

    def __init__(self, method: str, url: str, status: int, body: str) -> None:
        super().__init__(f"{method} {url} -> HTTP {status}: {body[:500]}")
        self.status = status
        self.body = body


def http(
    method: str,
    url: str,
    payload: Any = None,
    *,
    form: dict[str, str] | None = None,
    token: str | None = None,
    timeout: float = 30,
) -> Any:
    """Send a request; return the decoded JSON answer (or the text, or None when empty)."""
    headers = {"Accept": "application/json"}
    data: bytes | None = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif payload is not None:
        data = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        raise HttpError(method, url, err.code, err.read().decode("utf-8", "replace")) from None
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body


@dataclass
class DemoHass:
    """The running demo: where it is, and a logged-in REST client for the demo owner."""

    url: str  # http://127.0.0.1:<port>, with no trailing slash
    demo_dir: Path  # SH_DEMO_DIR
    config_dir: Path
    access_token: str = ""
    refresh_token: str = ""
    # time.time() when the access token expires
    expires_at: float = 0.0

    @property
    def client_id(self) -> str:
        """The client id the frontend uses (its origin and a slash): the tokens are bound to it."""
        return self.url + "/"

    def login(self) -> None:
        """Log in as the demo owner: login flow -> authorization code -> tokens."""
        flow = http(
            "POST",
            f"{self.url}/auth/login_flow",
            {
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": f"{self.url}/?auth_callback=1",
            },
        )
        result = http(
            "POST",
            f"{self.url}/auth/login_flow/{flow['flow_id']}",
            {"username": USERNAME, "password": PASSWORD, "client_id": self.client_id},
        )
        if result.get("type") != "create_entry":
            raise RuntimeError(f"login as {USERNAME!r} failed: {result}")
        self._take_tokens(
            http(
                "POST",
                f"{self.url}/auth/token",
                form={
                    "grant_type": "authorization_code",
                    "code": result["result"],
                    "client_id": self.client_id,
                },
            )
        )

    def token(self) -> str:
        """A valid access token; refreshed when less than 2 minutes are left (long sessions)."""
        if time.time() > self.expires_at - 120:
            self._take_tokens(
                http(
                    "POST",
                    f"{self.url}/auth/token",
                    form={
                        "grant_type": "refresh_token",
                        "refresh_token": self.refresh_token,
                        "client_id": self.client_id,
                    },
                )
            )
        return self.access_token

    def _take_tokens(self, answer: dict[str, Any]) -> None:
        self.access_token = answer["access_token"]
        # a refresh answers without a new refresh token
        self.refresh_token = answer.get("refresh_token", self.refresh_token)
        self.expires_at = time.time() + int(answer.get("expires_in", TOKEN_LIFETIME))

    def api(self, method: str, path: str, payload: Any = None) -> Any:
        """A REST call as the demo owner (path starts with /api/)."""
        return http(method, self.url + path, payload, token=self.token())

    def call(
        self, domain: str, service: str, data: dict[str, Any] | None = None, *, response: bool = False
    ) -> Any:
        """Call an action; with ``response`` its answer (``{"changed_states", "service_response"}``)."""
        query = "?return_response" if response else ""
        return self.api("POST", f"/api/services/{domain}/{service}{query}", data or {})

    def state(self, entity_id: str) -> dict[str, Any]:
        """The state object of an entity (raises HttpError 404 when it does not exist)."""
        answer: dict[str, Any] = self.api("GET", f"/api/states/{entity_id}")
        return answer

    def states(self) -> list[dict[str, Any]]:
        """All state objects."""
        answer: list[dict[str, Any]] = self.api("GET", "/api/states")
        return answer

    def hass_tokens(self) -> dict[str, Any]:
        """``localStorage.hassTokens`` as the frontend stores it after a login."""
        token = self.token()
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME,
            "hassUrl": self.url,
            "clientId": self.client_id,
            "expires": int(self.expires_at * 1000),
            "refresh_token": self.refresh_token,
        }


class DemoProcess:
    """``bash scripts/run --reset`` in its own process group, with its runtime folder and port."""

    def __init__(self, base: Path, port: int) -> None:
        # A folder inside base: --reset removes the runtime folder, and the run log lives beside it.
        self.demo_dir = base / "demo"
        self.setup_log = self.demo_dir / "setup.log"
        self.run_log = base / "run.log"
        self.hass_log = self.demo_dir / "config" / "home-assistant.log"
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the demo (installs what is missing first, like a developer's ./scripts/run)."""
        # Ports of their own for the broker and the units too; no simulator: the tests need a
        # hall that moves only when they act.
        env = run_command_env(self.demo_dir, self.port, free_port(), free_port())
        with self.run_log.open("wb") as log:
            self.process = subprocess.Popen(
                ["bash", str(REPO / "scripts" / "run"), "--reset", "--no-sim"],
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: bash, hass, demo_setup.py
            )

    def logs(self) -> str:
        """The tails of the three logs, for a failure message."""
        return "\n".join(
            f"--- {name} ({path}):\n{tail(path)}"
            for name, path in (
                ("setup log", self.setup_log),
                ("scripts/run", self.run_log),
                ("home-assistant.log", self.hass_log),
            )
        )

    def wait_for_setup(self, timeout: float = SETUP_TIMEOUT) -> None:
        """Return once scripts/demo_setup.py finished well; raise RuntimeError with the logs otherwise."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while True:
            text = tail(self.setup_log, 100_000) if self.setup_log.exists() else ""
            if SETUP_DONE in text:
                if "with errors" in text.split(SETUP_DONE, 1)[1]:
                    raise RuntimeError(f"the demo setup finished with errors\n{self.logs()}")
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"scripts/run exited with {self.process.returncode}\n{self.logs()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"no '{SETUP_DONE}' within {timeout:g} s\n{self.logs()}")
            time.sleep(0.5)

    def stop(self) -> None:
        """SIGTERM the whole group (Home Assistant stops cleanly), SIGKILL what is left after 30 s."""
        if self.process is None:
            return
        pgid = self.process.pid  # the group leader: start_new_session made its pid the group id
        _signal_group(pgid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while _group_alive(pgid, self.process) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _group_alive(pgid, self.process):
            _signal_group(pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def _group_alive(pgid: int, leader: subprocess.Popen[bytes]) -> bool:
    """Whether a process of the group still runs (zombies do not count: nobody may reap them)."""
    leader.poll()  # reap the leader when it has exited
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            # "pid (comm) state ppid pgrp ...": comm may contain spaces, so split after ")"
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            return True
    return False


@dataclass
class Message:
    """A console message (error/warning) or an uncaught exception of the page."""

    kind: str  # "error", "warning" (console) or "pageerror"
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


@dataclass
class DashboardPage:
    """A Chromium page showing a dashboard, with what it logged."""

    page: Page
    messages: list[Message] = field(default_factory=list)

    @property
    def page_errors(self) -> list[str]:
        """Uncaught exceptions in the page."""
        return [m.text for m in self.messages if m.kind == "pageerror"]

    @property
    def console_errors(self) -> list[str]:
        """Console messages of type error."""
        return [m.text for m in self.messages if m.kind == "error"]

    def card_errors(self) -> list[str]:
        """Texts of the failed cards in the page (see card_errors())."""
        return card_errors(self.page)

    def text_problems(self) -> list[str]:
        """Unfilled or empty text in the page's cards (see text_problems())."""
        return text_problems(self.page)

    def fit_problems(self, *, must_fit: bool) -> list[str]:
        """What does not fit the page's viewport or its boxes (see fit_problems())."""
        return fit_problems(self.page, must_fit=must_fit)

    def screenshot(self, name: str, folder: Path | None = None) -> Path:
        """Save docs/screenshots/<name>.png, or <folder>/<name>.png (see screenshot())."""
        return screenshot(self.page, name, folder)


# The open_dashboard fixture: (path, width, height, *, dark=False, language=LANGUAGE) -> DashboardPage
OpenDashboard = Callable[..., DashboardPage]


def open_page(
    browser: Browser,
    hass: DemoHass,
    path: str,
    width: int,
    height: int,
    *,
    dark: bool = False,
    language: str = LANGUAGE,
) -> DashboardPage:
    """A new context with that viewport, logged in as the demo owner, showing ``hass.url + path``."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        # prefers-color-scheme too, so that the "auto" choice would agree with the theme asked for
        color_scheme="dark" if dark else "light",
        # the browser's own language too (dates, numbers), not the machine's
        locale=language,
        # the hall's time zone, as the tablets on its walls have it (charts, clocks)
        timezone_id=TIME_ZONE,
    )
    # What the frontend stores after a login (hassTokens), and the choices of the profile page:
    # the language (selectedLanguage; else the frontend follows the browser's) and the theme
    # (selectedTheme: {theme, dark}; "default" with dark: true is the default theme's dark mode).
    # Only for Home Assistant's origin: about:blank has no localStorage.
    storage: dict[str, str] = {
        "hassTokens": json.dumps(hass.hass_tokens()),
        "selectedLanguage": json.dumps(language),
    }
    if dark:
        storage["selectedTheme"] = json.dumps({"theme": "default", "dark": True})
    context.add_init_script(
        "(() => {"
        f"  if (window.location.origin !== {json.dumps(hass.url)}) return;"
        f"  const items = {json.dumps(storage)};"
        "  for (const [key, value] of Object.entries(items)) window.localStorage.setItem(key, value);"
        "})();"
    )
    page = context.new_page()
    wrapper = DashboardPage(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            wrapper.messages.append(Message(message.type, message.text))

    def on_page_error(error: PlaywrightError) -> None:
        wrapper.messages.append(Message("pageerror", f"{error.name}: {error.message}"))

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.goto(hass.url + path, wait_until="domcontentloaded")
    wait_for_view(page)
    return wrapper


def wait_for_view(page: Page, timeout: float = 60_000, cards_timeout: float = CARDS_SETTLE_MS) -> None:
    """Wait until a Lovelace view is in the page, the network is quiet, and the cards are built.

    A custom card created before its module (service-hall-cards.js, loaded by the frontend at
    start) has defined its element is first an error card ("Custom element doesn't exist"); the
    frontend rebuilds it once the element is defined. So wait, up to ``cards_timeout`` ms, until
    no card error is left; what is still there then is a real error, for card_errors() to report.
    """
    page.wait_for_selector(VIEW_SELECTOR, state="attached", timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            f"(texts) => ({_CARD_ERRORS_JS})(texts).length === 0",
            arg=list(CARD_ERROR_TEXTS),
            timeout=cards_timeout,
            polling=250,
        )


# Walks the open shadow roots below the document: elements named hui-error-card, and elements
# whose own text (not their children's) holds one of the error texts.
_CARD_ERRORS_JS = """
(texts) => {
  const found = [];
  const seen = new Set();
  const add = (element) => {
    if (seen.has(element)) return;
    seen.add(element);
    const text = (element.shadowRoot ? element.shadowRoot.textContent : "") + (element.textContent || "");
    found.push(`${element.localName}: ${text.replace(/\\s+/g, " ").trim()}`.slice(0, 500));
  };
  const walk = (root) => {
    for (const element of root.querySelectorAll("*")) {
      if (element.localName === "hui-error-card") {
        add(element);
      } else {
        const own = Array.from(element.childNodes)
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent)
          .join("");
        if (texts.some((text) => own.includes(text))) add(element);
      }
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return found;
}
"""


def card_errors(page: Page) -> list[str]:
    """Texts of the cards that failed: ``hui-error-card`` elements and error texts, in shadow DOM too."""
    found: list[str] = page.evaluate(_CARD_ERRORS_JS, list(CARD_ERROR_TEXTS))
    return found


def screenshot(page: Page, name: str, folder: Path | None = None) -> Path:
    """Save the page as docs/screenshots/<name>.png of the repository (or in ``folder``); returns the path."""
    folder = folder or SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path


# ------------------------------------------------------------------------- what the screens show
#
# Two generic checks over every card of a view, shadow roots included: the text a screen shows
# (no unfilled "{n}", no "undefined", no unit without its number), and whether it fits its screen
# (nothing clipped by its box, nothing out of the viewport, no label broken into CJK crumbs).

# The roots to check: the elements matching a selector, found through the shadow roots
# (Lovelace's views, or a page's body). Put at the start of each check below.
_FIND_VIEWS_JS = """
const FIND_VIEWS = (viewSelector) => {
  const views = [];
  const find = (root) => {
    for (const element of root.querySelectorAll("*")) {
      if (element.matches(viewSelector)) views.push(element);
      else if (element.shadowRoot) find(element.shadowRoot);
    }
  };
  find(document);
  return views;
};
"""


def _with_views(check: str) -> str:
    """A check (a JS function of one argument) with FIND_VIEWS defined for it."""
    return f"(arg) => {{ {_FIND_VIEWS_JS} return ({check.strip()})(arg); }}"


# The rendered text of each card: innerText of every shadow root's elements (innerText stops at
# nested shadow roots, which the walk visits on their own). Only below the Lovelace view.
_TEXTS_JS = """
(viewSelector) => {
  const texts = [];
  const walk = (root, host) => {
    for (const element of root.querySelectorAll("*")) {
      if (element.shadowRoot) {
        for (const child of element.shadowRoot.children) {
          if (child.localName === "style" || child.localName === "link") continue;
          const text = child.innerText;
          if (text && text.trim()) texts.push([element.localName, text]);
        }
        walk(element.shadowRoot, element);
      }
    }
  };
  const views = FIND_VIEWS(viewSelector);
  for (const view of views) {
    if (view.shadowRoot) walk(view.shadowRoot, view);
    walk(view, view);
  }
  return texts;
}
"""

# Units the cards put after a number ("缺 2 个", "等候 5 人", "3 分钟", "第 2 题", "2 号窗口"):
# one after blank space with no number before it is a number gone missing ("缺  个").
_CJK_UNITS = "个|人|分钟|秒|份|次|题|号窗口|号"
_EN_UNITS = "min|short|copies"
TEXT_PROBLEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("unfilled placeholder", re.compile(r"\{[A-Za-z_]\w*\}")),
    ("a value that is not one", re.compile(r"\b(?:undefined|NaN|null|Infinity)\b|\[object \w+\]")),
    (
        "a number missing before its unit",
        re.compile(rf"(?:^|[^\d\s.%])[ \t\u00a0]+(?:{_CJK_UNITS})(?![\u4e00-\u9fff])", re.M),
    ),
    ("a number missing before its unit", re.compile(rf"(?:^|[^\d\s.%])[ \t\u00a0]+(?:{_EN_UNITS})\b", re.M)),
)


def problems_in_text(text: str) -> list[str]:
    """What is wrong with a screen's text: each problem with the line it is in."""
    found = []
    for line in text.splitlines():
        for what, pattern in TEXT_PROBLEMS:
            match = pattern.search(line)
            if match:
                found.append(f"{what} {match.group(0).strip()!r} in {line.strip()[:160]!r}")
    return found


def text_problems(page: Page) -> list[str]:
    """Unfilled or empty text in the cards of the page (shadow roots included), one entry per line."""
    texts: list[list[str]] = page.evaluate(_with_views(_TEXTS_JS), VIEW_SELECTOR)
    found: list[str] = []
    for card, text in texts:
        found.extend(f"{card}: {problem}" for problem in problems_in_text(text))
    return list(dict.fromkeys(found))


# Fit: within the view's cards, (1) a box that clips (overflow hidden/clip) holding more than it
# shows, (2) a box whose own text is wider than the box, (3) anything right of the viewport, or,
# on a screen that must not scroll, below it or in a scrolled box, (4) a CJK label whose line
# breaks fall inside a word (Intl.Segmenter) leaving a line of 1-3 characters ("未确/认告/警").
_FIT_JS = """
([viewSelector, mustFit]) => {
  const found = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const name = (el) => {
    const host = el.getRootNode().host;
    const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    const data = Array.from(el.attributes).filter((a) => a.name.startsWith("data-")).map((a) => `[${a.name}=${a.value}]`).join("");
    return `${host ? host.localName + " " : ""}${el.localName}${cls}${data}`;
  };
  const snippet = (el) => (el.innerText || el.textContent || "").replace(/\\s+/g, " ").trim().slice(0, 60);
  const cjk = /[\\u3400-\\u9fff]/;
  const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  const brokenWords = (node) => {
    const text = node.textContent;
    if (!cjk.test(text) || text.trim().length < 2) return null;
    const range = document.createRange();
    const tops = [];
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      tops.push(rect && rect.width > 0 ? rect.top : null);
    }
    // line starts: a visible character lower than the last visible one
    const starts = [0];
    let last = null;
    for (let i = 0; i < text.length; i++) {
      if (tops[i] === null) continue;
      if (last !== null && tops[i] > last + 2) starts.push(i);
      last = tops[i];
    }
    if (starts.length < 2) return null;
    const lines = starts.map((s, k) => text.slice(s, starts[k + 1] ?? text.length));
    const words = Array.from(segmenter.segment(text)).filter((s) => s.isWordLike && cjk.test(s.segment));
    for (let k = 1; k < starts.length; k++) {
      const b = starts[k];
      const inside = words.find((w) => w.index < b && b < w.index + w.segment.length);
      const short = [lines[k - 1], lines[k]].some((l) => l.replace(/\\s/g, "").length <= 3);
      if (inside && short) return lines.map((l) => l.trim()).join("/");
    }
    return null;
  };
  // Whether a box cuts off something visible: an element or a piece of text of its own, its
  // shadow root's or its slots', beyond its padding box. Its scroll size alone also counts
  // transparent pseudo-elements, such as the 40 px touch target of the 24 px chips in Home
  // Assistant's chart legends (2026), which show nothing.
  const range = document.createRange();
  const showsMore = (box) => {
    const r = box.getBoundingClientRect();
    const left = r.left + box.clientLeft, top = r.top + box.clientTop;
    const right = left + box.clientWidth, bottom = top + box.clientHeight;
    const outside = (b) =>
      b.width > 0 && b.height > 0 && (b.left < left - 1 || b.top < top - 1 || b.right > right + 1 || b.bottom > bottom + 1);
    const visit = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          if (!child.textContent.trim()) continue;
          range.selectNodeContents(child);
          if (Array.from(range.getClientRects()).some(outside)) return true;
        } else if (child.nodeType === Node.ELEMENT_NODE && child.localName !== "style") {
          // display: contents (slots, wrappers) has no box of its own, only its children
          const contents = getComputedStyle(child).display === "contents";
          if (!contents && !child.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
          if (!contents && outside(child.getBoundingClientRect())) return true;
          if (child.shadowRoot && visit(child.shadowRoot)) return true;
          if (visit(child)) return true;
        }
      }
      return false;
    };
    return (box.shadowRoot !== null && visit(box.shadowRoot)) || visit(box);
  };
  const views = FIND_VIEWS(viewSelector);
  const check = (el) => {
    if (!el.checkVisibility || !el.checkVisibility({ visibilityProperty: true, opacityProperty: false })) return;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) return;
    const style = getComputedStyle(el);
    const clipsX = ["hidden", "clip"].includes(style.overflowX);
    const clipsY = ["hidden", "clip"].includes(style.overflowY);
    const scrollsX = ["auto", "scroll"].includes(style.overflowX);
    const scrollsY = ["auto", "scroll"].includes(style.overflowY);
    const wider = el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
    const taller = el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0;
    if (((clipsX && wider) || (clipsY && taller)) && showsMore(el)) {
      found.push(`clipped: ${name(el)} holds ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}: "${snippet(el)}"`);
    } else if ((scrollsX && wider) || (mustFit && scrollsY && taller)) {
      found.push(`scrolls: ${name(el)} holds ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}: "${snippet(el)}"`);
    }
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (ownText && style.display !== "inline" && wider && !clipsX && !scrollsX) {
      found.push(`text wider than its box: ${name(el)} ${el.scrollWidth} in ${el.clientWidth}: "${snippet(el)}"`);
    }
    if (rect.right > vw + 1 || rect.left < -1) {
      found.push(`out of the viewport (x ${Math.round(rect.left)}..${Math.round(rect.right)} of ${vw}): ${name(el)} "${snippet(el)}"`);
    } else if (mustFit && (rect.bottom > vh + 1 || rect.top < -1)) {
      found.push(`below the fold (y ${Math.round(rect.top)}..${Math.round(rect.bottom)} of ${vh}): ${name(el)} "${snippet(el)}"`);
    }
    for (const node of el.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      const broken = brokenWords(node);
      if (broken) found.push(`label broken mid-word: ${name(el)} "${broken}"`);
    }
  };
  const walk = (root) => {
    for (const element of root.querySelectorAll("*")) {
      if (element.localName === "style") continue;
      check(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  for (const view of views) {
    if (view.shadowRoot) walk(view.shadowRoot);
    walk(view);
  }
  return found;
}
"""


def fit_problems(page: Page, *, must_fit: bool, selector: str = VIEW_SELECTOR) -> list[str]:
    """What does not fit in the page's view (see _FIT_JS); ``must_fit``: a screen that must not scroll.

    ``selector`` names the roots to check: Lovelace's views, or ``body`` for a page of our own.
    """
    found: list[str] = page.evaluate(_with_views(_FIT_JS), [selector, must_fit])
    # An element that does not fit is usually inside a box that does not either: keep the first few.
    return list(dict.fromkeys(found))
