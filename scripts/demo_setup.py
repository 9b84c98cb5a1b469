#!/usr/bin/env python3
"""Prepare the demo Home Assistant started by scripts/run: owner account, hall, a live queue.

Runs in the background beside ``hass`` (standard library only). It waits for Home Assistant's
HTTP server, then

1. if onboarding is not done: creates the owner account (``demo`` / ``demo1234``, language
   zh-Hans) through the onboarding API, and finishes the core_config, analytics and integration
   steps;
2. logs in as ``demo`` (authorization code -> access token), and sets the hall's location
   (after onboarding: see ``LOCATION``);
3. with ``--token-file``: writes a long-lived access token there for the hall simulator
   (created over the websocket API; kept while it still works);
4. with ``--mqtt HOST:PORT``: sets up Home Assistant's MQTT integration against that broker, and
   with ``--unit NAME=HOST:PORT`` (repeatable) an ESPHome entry per window unit (replaced when the
   broker or a unit moved to another port since the last run: ``connections.json`` beside the
   token remembers them);
5. if there is no ``service_hall`` config entry: creates one through the REST config flow with the
   sample layout, sets the run's supervision times (``--supervision``: the product's in real
   time, short ones for the fast checks: ``simulator/live/tuning.py``), makes window 3's tablet user
   (``tablet3`` / ``demo1234``, bound to window 3: see ``TABLET``) and only then makes the hall
   live (opens windows, signs staff in, issues tickets, calls two of them). An existing hall gets
   the run's supervision times when it has others (a runtime folder of a run at another speed),
   or is reloaded when its MQTT or unit entries were just made, so that it sees them.

Everything it does goes to the log file (``.demo/setup.log``). It never raises into Home
Assistant: a failure is logged and the script exits with status 1, while Home Assistant runs on.
It runs in the demo's venv: the standard library, and aiohttp for the one websocket command.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the simulator's tuning, shared with the demo hall

from simulator.live.tuning import TUNINGS  # noqa: E402
from stack.units import DEMO_PASSWORD  # noqa: E402

LOG = logging.getLogger("demo_setup")

OWNER_NAME = "Demo Owner"
USERNAME = "demo"
PASSWORD = "demo1234"
LANGUAGE = "zh-Hans"

# The integration's user step. layout_file is relative to Home Assistant's config directory.
HALL = {
    "name": "石排镇政务服务中心 (demo)",
    "language": "zh-Hans",
    "open_time": "00:00:00",
    "close_time": "23:59:59",
    "open_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "rollover_time": "03:00:00",
    "layout_file": "service_hall/sample_hall.yaml",
}

# Mirrors demo/config/service_hall/sample_hall.yaml: window number -> staff member signed in.
STAFF_AT_WINDOW = {
    1: "SP1001",
    2: "SP1002",
    3: "SP1003",
    4: "SP1004",
    5: "SP1005",
    6: "SP1006",
}
# Tickets issued when the hall is first created (service ids of the sample layout).
TICKETS = [
    "household",
    "social_insurance",
    "household",
    "real_estate",
    "tax",
    "business",
    "social_insurance",
    "housing_fund",
    "exit_entry",
    "enquiry",
    "household",
    "tax",
]
CALL_AT_WINDOWS = [1, 2]
# Appointments booked for today: (service id, minutes from now to the slot), for the big screen.
APPOINTMENTS = [("real_estate", 20), ("business", 40), ("tax", 60), ("household", 90)]


class ApiError(Exception):
    """An HTTP error answer from Home Assistant."""

    def __init__(self, method: str, path: str, status: int, body: str) -> None:
        super().__init__(f"{method} {path} -> HTTP {status}: {body[:500]}")
        self.status = status
        self.body = body


class Client:
    """A tiny Home Assistant REST client on urllib."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.token: str | None = None

    def request(
        self,
        method: str,
        path: str,
        payload: Any = None,
        *,
        form: dict[str, str] | None = None,
        auth: bool = True,
        timeout: float = 60,
    ) -> Any:
        """Send a request; return the decoded JSON answer (or text); raise ApiError on 4xx/5xx."""
        headers = {"Accept": "application/json"}
        data: bytes | None = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif payload is not None:
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                body = resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            body = err.read().decode("utf-8", "replace")
            raise ApiError(method, path, err.code, body) from None
        if not body:
            return None
        try:
            return json.loads(body)
        except ValueError:
            return body


def wait_for_http(client: Client, deadline: float, parent_pid: int | None) -> bool:
    """Wait until Home Assistant's HTTP server answers."""
    LOG.info("waiting for Home Assistant at %s", client.base)
    last_error = ""
    while time.monotonic() < deadline:
        if parent_pid and not _alive(parent_pid):
            LOG.warning("scripts/run (pid %s) is gone; giving up", parent_pid)
            return False
        try:
            onboarding_status(client)
        except ApiError as err:
            last_error = str(err)
        except OSError as err:  # connection refused, reset, timeout
            last_error = str(err)
        else:
            LOG.info("Home Assistant answers HTTP")
            return True
        time.sleep(2)
    LOG.error("Home Assistant did not answer in time (last error: %s)", last_error)
    return False


def onboarding_status(client: Client) -> dict[str, bool]:
    """Onboarding steps and whether each is done.

    Once onboarding is finished Home Assistant no longer serves /api/onboarding (404).
    """
    try:
        steps = client.request("GET", "/api/onboarding", auth=False, timeout=10)
    except ApiError as err:
        if err.status == 404:
            return {}
        raise
    return {s["step"]: s["done"] for s in steps}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def exchange_code(client: Client, client_id: str, code: str) -> None:
    """Authorization code -> access token."""
    answer = client.request(
        "POST",
        "/auth/token",
        form={"grant_type": "authorization_code", "code": code, "client_id": client_id},
        auth=False,
    )
    client.token = answer["access_token"]


def login(client: Client, client_id: str) -> None:
    """Log in as the demo owner through the login flow."""
    flow = client.request(
        "POST",
        "/auth/login_flow",
        {
            "client_id": client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": client_id + "?auth_callback=1",
        },
        auth=False,
    )
    result = client.request(
        "POST",
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": client_id, "username": USERNAME, "password": PASSWORD},
        auth=False,
    )
    if result.get("type") != "create_entry":
        raise RuntimeError(f"login as {USERNAME!r} failed: {result.get('errors') or result}")
    exchange_code(client, client_id, result["result"])
    LOG.info("logged in as %s", USERNAME)


def onboard(client: Client, client_id: str) -> bool:
    """Finish whatever onboarding steps are left; leaves the client logged in.

    Returns whether this run finished the core_config step.
    """
    steps = onboarding_status(client)
    LOG.info("onboarding steps: %s", steps or "all done")
    if not steps.get("user", True):
        answer = client.request(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": client_id,
                "name": OWNER_NAME,
                "username": USERNAME,
                "password": PASSWORD,
                "language": LANGUAGE,
            },
            auth=False,
        )
        exchange_code(client, client_id, answer["auth_code"])
        LOG.info("created the owner account %r (%s / %s)", OWNER_NAME, USERNAME, PASSWORD)
    else:
        login(client, client_id)
    core_config = not steps.get("core_config", True)
    if core_config:
        client.request("POST", "/api/onboarding/core_config", {})
        LOG.info("onboarding: core_config done")
    if not steps.get("analytics", True):
        client.request("POST", "/api/onboarding/analytics", {})
        LOG.info("onboarding: analytics done")
    if not steps.get("integration", True):
        client.request(
            "POST",
            "/api/onboarding/integration",
            {"client_id": client_id, "redirect_uri": client_id + "?auth_callback=1"},
        )
        LOG.info("onboarding: integration done")
    return core_config


# The hall's location (Shipai, Dongguan). Not in configuration.yaml: finishing onboarding's
# core_config step starts the met.no weather flow, which sets up a weather entry only when Home
# Assistant has a location (otherwise it ends with "no_home"); offline, that entry logs an error at
# every update. So the location is set here, after that step, as the owner would in the settings.
LOCATION = {"latitude": 23.09, "longitude": 113.95, "elevation": 10}


def set_location(client: Client) -> None:
    """Give Home Assistant the hall's location, unless it has it already."""
    config = client.request("GET", "/api/config")
    if all(config.get(key) == value for key, value in LOCATION.items()):
        return
    import asyncio

    from stack.ws import HomeAssistantSocket

    async def update() -> None:
        assert client.token is not None
        async with HomeAssistantSocket.connect(client.base, client.token) as ws:
            await ws.send({"type": "config/core/update", **LOCATION})

    asyncio.run(update())
    LOG.info("location set: %s", LOCATION)


def tidy_offline_entries(client: Client, deadline: float) -> None:
    """Remove the weather and radio entries that onboarding adds when they cannot reach the internet.

    Finishing the core_config step sets up radio_browser, and met when Home Assistant has a
    location (see ``LOCATION``); without internet access they retry for ever and fill the log with
    errors. Entries that load stay.
    """
    domains = ("met", "radio_browser")
    settle = min(deadline, time.monotonic() + 60)
    while True:
        entries = [
            e for e in client.request("GET", "/api/config/config_entries/entry") if e["domain"] in domains
        ]
        pending = [e for e in entries if e["state"] in ("not_loaded", "setup_in_progress")]
        if (entries and not pending) or time.monotonic() > settle:
            break
        time.sleep(3)
    for entry in entries:
        if entry["state"] in ("setup_retry", "setup_error"):
            client.request("DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}")
            LOG.info("removed %s (%s): it cannot reach the internet", entry["domain"], entry["state"])


def wait_running(client: Client, deadline: float) -> None:
    """Wait until Home Assistant has finished starting."""
    while time.monotonic() < deadline:
        state = client.request("GET", "/api/config").get("state")
        if state == "RUNNING":
            return
        LOG.info("Home Assistant is %s; waiting", state)
        time.sleep(3)
    LOG.warning("Home Assistant is still not RUNNING; going on anyway")


def find_entry(client: Client) -> dict[str, Any] | None:
    """The service_hall config entry, if any."""
    entries: list[dict[str, Any]] = client.request(
        "GET", "/api/config/config_entries/entry?domain=service_hall"
    )
    for entry in entries or []:
        if entry.get("domain") == "service_hall":
            return entry
    return None


def create_entry(client: Client) -> dict[str, Any] | None:
    """Run the integration's user step through the REST config flow."""
    flow = client.request(
        "POST",
        "/api/config/config_entries/flow",
        {"handler": "service_hall", "show_advanced_options": False},
    )
    LOG.info("config flow started: type=%s step=%s", flow.get("type"), flow.get("step_id"))
    if flow.get("type") != "form":
        LOG.error("unexpected config flow answer: %s", flow)
        return None
    result = client.request("POST", f"/api/config/config_entries/flow/{flow['flow_id']}", HALL)
    if result.get("type") == "create_entry":
        entry = result.get("result") or {}
        LOG.info("created the hall %r (entry %s)", entry.get("title"), entry.get("entry_id"))
        return entry
    LOG.error(
        "config flow did not create the entry: type=%s step=%s errors=%s",
        result.get("type"),
        result.get("step_id"),
        result.get("errors") or result.get("reason"),
    )
    if result.get("type") == "form":
        with contextlib.suppress(ApiError, OSError):
            client.request("DELETE", f"/api/config/config_entries/flow/{flow['flow_id']}")
    return None


def wait_loaded(client: Client, timeout: float = 60) -> str | None:
    """The hall entry's state once it is loaded (or failed, or the time is up)."""
    deadline = time.monotonic() + timeout
    while True:
        state = (find_entry(client) or {}).get("state")
        if (
            state not in ("not_loaded", "setup_in_progress", "unload_in_progress")
            or time.monotonic() > deadline
        ):
            return state
        time.sleep(0.5)


def call(
    client: Client, entry_id: str | None, action: str, data: dict[str, Any], *, want_response: bool = False
) -> Any:
    """Call a service_hall action; adapts to whether it takes config_entry_id and answers."""
    bodies: list[dict[str, Any]] = []
    if entry_id:
        bodies.append({"config_entry_id": entry_id, **data})
    bodies.append(data)
    queries = ("?return_response", "") if want_response else ("", "?return_response")
    last: ApiError | None = None
    for body in bodies:
        for query in queries:
            try:
                answer = client.request("POST", f"/api/services/service_hall/{action}{query}", body)
            except ApiError as err:
                last = err
                if err.status == 400 and "return_response" in err.body:
                    continue  # the action answers always, or never: ask the other way
                break  # try the next body
            LOG.info("%s %s -> ok %s", action, data, _short(answer))
            return answer
    assert last is not None
    raise last


def _short(answer: Any) -> str:
    if isinstance(answer, dict) and "service_response" in answer:
        return json.dumps(answer["service_response"], ensure_ascii=False)[:200]
    return ""


def make_live(client: Client, entry_id: str | None) -> int:
    """Open windows, sign staff in, issue tickets, call a few. Returns the number of failures."""
    failures = 0

    def attempt(action: str, data: dict[str, Any]) -> None:
        nonlocal failures
        try:
            call(client, entry_id, action, data, want_response=action == "issue_ticket")
        except (ApiError, OSError) as err:
            failures += 1
            LOG.error("%s %s failed: %s", action, data, err)

    for window, staff in STAFF_AT_WINDOW.items():
        attempt("open_window", {"window": window})
        attempt("sign_in", {"window": window, "staff": staff})
    for service in TICKETS:
        attempt("issue_ticket", {"service": service})
    for window in CALL_AT_WINDOWS:
        attempt("call_next", {"window": window})
    now = datetime.now().astimezone()
    for service, minutes in APPOINTMENTS:
        # Slots start on the quarter hour, as booking systems offer them.
        start = now + timedelta(minutes=minutes)
        start = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
        try:
            call(
                client,
                entry_id,
                "book_appointment",
                {"service": service, "start": start.isoformat()},
                want_response=True,
            )
        except (ApiError, OSError) as err:
            # Late at night a slot may fall outside the hall's day or hours: the demo goes on.
            LOG.warning("no demo appointment for %s at %s: %s", service, start.isoformat(), err)
    return failures


# --------------------------------------------------------------------------- the simulator's token


def token_works(client: Client, token: str) -> bool:
    probe = Client(client.base)
    probe.token = token
    try:
        probe.request("GET", "/api/", timeout=10)
    except ApiError:
        return False
    return True


def ensure_token(client: Client, path: Path) -> None:
    """A long-lived access token for the simulator in ``path`` (mode 600), unless the one there works."""
    if path.is_file() and token_works(client, path.read_text().strip()):
        LOG.info("the simulator's token in %s still works", path)
        return
    import asyncio

    from stack.ws import HomeAssistantSocket

    async def create() -> str:
        assert client.token is not None
        async with HomeAssistantSocket.connect(client.base, client.token) as ws:
            name = f"Service Hall simulator {datetime.now():%Y-%m-%d %H:%M:%S}"
            token = await ws.send(
                {"type": "auth/long_lived_access_token", "client_name": name, "lifespan": 3650}
            )
            return str(token)

    token = asyncio.run(create())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(token + "\n")
    tmp.chmod(0o600)
    tmp.replace(path)
    LOG.info("wrote a long-lived token for the simulator to %s", path)


# --------------------------------------------------------------------------- MQTT and window units


def entries_of(client: Client, domain: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = client.request("GET", f"/api/config/config_entries/entry?domain={domain}")
    return [e for e in entries or [] if e.get("domain") == domain]


def form_defaults(schema: list[dict[str, Any]]) -> dict[str, Any]:
    """What a form holds when a person submits it untouched: its defaults, a switch off, a list on
    its first option, sections included (Home Assistant 2026's MQTT broker form requires its
    "other_settings" section)."""
    values: dict[str, Any] = {}
    for field in schema:
        selector = field.get("selector") or {}
        if field.get("type") == "expandable":
            values[field["name"]] = form_defaults(field.get("schema", []))
        elif "default" in field:
            values[field["name"]] = field["default"]
        elif field.get("required") and "boolean" in selector:
            values[field["name"]] = False
        elif field.get("required") and (options := (selector.get("select") or {}).get("options")):
            first = options[0]
            values[field["name"]] = first["value"] if isinstance(first, dict) else first
    return values


def run_flow(
    client: Client, handler: str, answers: list[dict[str, Any]] | dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Start a config flow and answer its forms: in turn (a list), or by their step (a dict);
    the final answer (create_entry or not)."""
    result = client.request("POST", "/api/config/config_entries/flow", {"handler": handler})
    for index in range(len(answers)):
        if result.get("type") != "form":
            break
        if isinstance(answers, list):
            answer = answers[index]
        elif (answer_or_none := answers.get(result.get("step_id", ""))) is not None:
            answer = answer_or_none
        else:
            break  # a form this setup has no answer for
        answer = form_defaults(result.get("data_schema", [])) | answer
        result = client.request("POST", f"/api/config/config_entries/flow/{result['flow_id']}", answer)
    if result.get("type") == "form":  # not done: do not leave the flow open
        with contextlib.suppress(ApiError, OSError):
            client.request("DELETE", f"/api/config/config_entries/flow/{result['flow_id']}")
    return dict(result)


def current_entries(client: Client, domain: str, *, still: bool) -> list[dict[str, Any]]:
    """The domain's entries; removed first (an empty list) when they point where nothing is now."""
    existing = entries_of(client, domain)
    if existing and not still:
        for entry in existing:
            client.request("DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}")
        LOG.info("removed %d %s entries: the broker or the units moved", len(existing), domain)
        return []
    return existing


def ensure_connections(
    client: Client, mqtt: str | None, units: dict[str, str], memory: Path, unit_key: str | None = None
) -> bool:
    """MQTT and ESPHome entries for the broker and the units; True when any was (re)made."""
    try:
        before = json.loads(memory.read_text())
    except (OSError, ValueError):
        before = {}
    changed = False
    if mqtt and not current_entries(client, "mqtt", still=before.get("mqtt") == mqtt):
        host, port = mqtt.rsplit(":", 1)
        result = run_flow(client, "mqtt", [{"broker": host, "port": int(port)}])
        if result.get("type") != "create_entry":
            raise RuntimeError(f"MQTT entry not created: {result}")
        LOG.info("MQTT integration set up against %s", mqtt)
        changed = True
    if units and not current_entries(client, "esphome", still=before.get("units") == units):
        for name, address in units.items():
            host, port = address.rsplit(":", 1)
            # The units of the newest Home Assistant have an encrypted API (the flow asks for the
            # key); those of 2025.4 a password (esphome/window-unit-demo-password.yaml says why).
            answers: dict[str, dict[str, Any]] = {
                "user": {"host": host, "port": int(port)},
                "authenticate": {"password": DEMO_PASSWORD},
            }
            if unit_key:
                answers["encryption_key"] = {"noise_psk": unit_key}
            result = run_flow(client, "esphome", answers)
            if result.get("type") != "create_entry":
                raise RuntimeError(f"ESPHome entry for {name} not created: {result}")
            LOG.info("ESPHome integration connected to unit %s at %s", name, address)
        changed = True
    memory.write_text(json.dumps({"mqtt": mqtt, "units": units}, indent=2) + "\n")
    return changed


def set_options(
    client: Client, entry_id: str, step: str, changes: dict[str, Any], *, only_if_changed: bool = False
) -> bool:
    """Change some of an options step's fields through the hall's options flow (the hall reloads);
    with ``only_if_changed``, leave the flow unsaved (no reload) when they have those values.
    Whether the options were saved."""
    flow = client.request("POST", "/api/config/config_entries/options/flow", {"handler": entry_id})
    path = f"/api/config/config_entries/options/flow/{flow['flow_id']}"
    form = client.request("POST", path, {"next_step_id": step})
    # The form shows the current values as suggestions: keep them, change the ones given.
    values = {
        field["name"]: field.get("default", (field.get("description") or {}).get("suggested_value"))
        for field in form.get("data_schema", [])
    }
    if only_if_changed and all(_same(values.get(key), value) for key, value in changes.items()):
        client.request("DELETE", path)
        return False
    values |= changes
    result = client.request("POST", path, {k: v for k, v in values.items() if v is not None})
    if result.get("type") != "create_entry":
        raise RuntimeError(f"{step} options not saved: {result}")
    LOG.info("%s options of the demo: %s", step, changes)
    return True


def _same(shown: Any, wanted: Any) -> bool:
    """Whether a form's value is the wanted one (numbers may come back as 30 or 30.0)."""
    if isinstance(wanted, int | float) and not isinstance(wanted, bool):
        with contextlib.suppress(TypeError, ValueError):
            return float(shown) == float(wanted)
        return False
    return bool(shown == wanted)


# Window 3's tablet logs in as an ordinary user bound to window 3 in the hall's options: on its
# pinned dashboard (/service-hall-tablet-3) it acts for window 3 only, and the hall refuses it
# anything on another window. The other windows' tablets would be made alike.
TABLET = {"name": "窗口 3 平板", "username": "tablet3", "password": PASSWORD, "window": 3}


def make_tablet_user(client: Client, entry_id: str) -> None:
    """Window 3's tablet user (kept when it exists), bound to window 3 (the hall reloads)."""
    import asyncio

    from stack.ws import HomeAssistantSocket

    async def create() -> str:
        assert client.token is not None
        async with HomeAssistantSocket.connect(client.base, client.token) as ws:
            users = await ws.send({"type": "config/auth/list"})
            if found := next((u for u in users if u.get("username") == TABLET["username"]), None):
                return str(found["id"])
            made = await ws.send(
                {"type": "config/auth/create", "name": TABLET["name"], "group_ids": ["system-users"]}
            )
            user_id = str(made["user"]["id"])
            await ws.send(
                {
                    "type": "config/auth_provider/homeassistant/create",
                    "user_id": user_id,
                    "username": TABLET["username"],
                    "password": TABLET["password"],
                }
            )
            return user_id

    user_id = asyncio.run(create())
    set_options(client, entry_id, "window_tablets", {"user": user_id, "window": str(TABLET["window"])})
    LOG.info("window %s's tablet user: %s / %s", TABLET["window"], TABLET["username"], TABLET["password"])


def reload_entry(client: Client, entry_id: str) -> None:
    client.request("POST", f"/api/config/config_entries/entry/{entry_id}/reload", {})
    LOG.info("reloaded the hall, so that it sees its broker and units")


def run(args: argparse.Namespace) -> int:
    client = Client(args.url)
    client_id = client.base + "/"
    deadline = time.monotonic() + args.timeout
    if not wait_for_http(client, deadline, args.parent_pid):
        return 1
    onboarded_now = onboard(client, client_id)
    wait_running(client, deadline)
    set_location(client)
    if args.token_file:
        ensure_token(client, Path(args.token_file))
    units = dict(unit.split("=", 1) for unit in args.unit)
    memory = Path(args.token_file or args.log or "setup").with_name("connections.json")
    unit_key = Path(args.unit_key_file).read_text().strip() if args.unit_key_file else None
    connected = ensure_connections(client, args.mqtt, units, memory, unit_key)
    status = hall(client, TUNINGS[args.supervision].options, reload=connected)
    if onboarded_now:
        try:
            tidy_offline_entries(client, deadline)
        except (ApiError, OSError, KeyError, TypeError) as err:
            LOG.warning("could not tidy the onboarding entries: %s", err)
    return status


def hall(client: Client, supervision: dict[str, float], *, reload: bool = False) -> int:
    """Create the hall with ``supervision`` times and make it live; or, when it exists, give it
    those times if it has others (the options flow reloads it), else reload it when asked."""
    entry = find_entry(client)
    if entry is not None:
        LOG.info(
            "service_hall entry exists: %r (%s, state %s)",
            entry.get("title"),
            entry.get("entry_id"),
            entry.get("state"),
        )
        if set_options(client, entry["entry_id"], "supervision", supervision, only_if_changed=True):
            time.sleep(1)  # the options reload the hall: let that begin before waiting for it
            state = wait_loaded(client)
            if state != "loaded":
                LOG.error("the service_hall entry is %s after its new supervision times", state)
                return 1
        elif reload:
            reload_entry(client, entry["entry_id"])
        else:
            LOG.info("the hall has this run's supervision times already")
        return 0
    entry = create_entry(client)
    if entry is None:
        return 1
    set_options(client, entry["entry_id"], "supervision", supervision)
    # The demo publishes its queue page (/service_hall/queue) and its QR code.
    set_options(client, entry["entry_id"], "tuning", {"public_status": True})
    try:
        make_tablet_user(client, entry["entry_id"])
    except Exception as err:  # the demo goes on without it (logged)
        LOG.warning("no tablet user for window %s: %s", TABLET["window"], err)
    time.sleep(1)  # saving the options reloads the hall: let that begin before waiting for it
    state = wait_loaded(client)
    if state != "loaded":
        LOG.error("the service_hall entry is %s, not loaded; the hall is not made live", state)
        return 1
    failures = make_live(client, entry.get("entry_id"))
    if failures:
        LOG.error("hall made live with %d failed action(s)", failures)
        return 1
    LOG.info("the hall is live: %d windows open, %d tickets issued", len(STAFF_AT_WINDOW), len(TICKETS))
    # The long-wait automation names the hall's sensors, which did not exist when it was loaded.
    client.request("POST", "/api/services/automation/reload", {})
    LOG.info("automations reloaded: the blueprints' triggers see the new hall's sensors")
    return 0


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8123")
    parser.add_argument("--log", default=None, help="log file (default: stderr)")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds to wait for Home Assistant")
    parser.add_argument("--parent-pid", type=int, default=None, help="give up when this process is gone")
    parser.add_argument("--token-file", default=None, help="write a long-lived token for the simulator here")
    parser.add_argument("--mqtt", default=None, help="HOST:PORT of the MQTT broker")
    parser.add_argument("--unit", action="append", default=[], help="NAME=HOST:PORT of a window unit")
    parser.add_argument(
        "--unit-key-file",
        default=None,
        help="the units' API encryption key is in this file (without it: the units' API password)",
    )
    parser.add_argument(
        "--supervision",
        choices=sorted(TUNINGS),
        default="fast",
        help="the hall's supervision times (simulator/live/tuning.py): the run command chooses by speed",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    handler: logging.Handler = (
        logging.FileHandler(args.log, encoding="utf-8") if args.log else logging.StreamHandler()
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    try:
        status = run(args)
    except Exception:  # never let anything escape: Home Assistant keeps running
        LOG.exception("demo setup failed")
        status = 1
    LOG.info("demo setup finished (%s)", "ok" if status == 0 else "with errors")
    return status


if __name__ == "__main__":
    sys.exit(main())
