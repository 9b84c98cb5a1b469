"""Play the plan against a running hall: citizens, officers (at windows and units), Frigate.

One asyncio task per role: the citizens' arrivals, an officer per window, the seat episodes per
window, Frigate's answers to ``onConnect``, the ledger writer and a progress line. A window's
lock keeps its officer and its seat episodes apart: an officer away from the seat or on the
phone calls nobody, and never pauses the window in the middle of an episode (a paused window
raises no alert, so the episode's expected alert would not come).

Stopping (``--hours`` reached, or SIGINT/SIGTERM): no new citizen or episode starts; officers
finish the step they are in, episodes end (the officer comes back to the seat), the ledger is
written with ``finished``, and Frigate goes ``offline``.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiomqtt

from stack.ws import CommandError, HomeAssistantSocket

from . import frigate, plan
from .ledger import EpisodeRecord, Ledger, TicketRecord
from .tuning import for_speed

DOMAIN = "service_hall"
LEDGER_EVERY_S = 3.0
PROGRESS_EVERY_S = 10.0
UNIT_CALL_TIMEOUT_S = 5.0
SPEED_ENTITY = "input_number.demo_speed"  # demo/config/configuration.yaml
IDLE_MINUTES = 0.5  # an idle officer looks at the queue again after this long (simulated)


@dataclass(slots=True)
class Options:
    url: str
    token: str
    mqtt_host: str
    mqtt_port: int
    speed: float
    start: float  # simulated minute of the first day
    hours: float | None
    seed: int
    ledger: Path
    units: dict[int, str]  # window -> node name
    prefix: str = "frigate"


@dataclass(slots=True)
class Seat:
    """A window's seat as Frigate sees it."""

    window: int
    zone: str
    camera: str
    person: frigate.TrackedObject | None = None
    phone: frigate.TrackedObject | None = None


@dataclass(slots=True)
class Window:
    number: int
    services: list[str]
    unit: str | None
    seat: Seat
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    pauses: list[plan.Pause] = field(default_factory=list)
    day: int = -1


def seat_of(window: int) -> Seat:
    """The demo hall's seat zones (frigate/config.yml): window_NN_seat, cameras a (1-3) and b (4-6)."""
    return Seat(window, f"window_{window:02d}_seat", "hall_cam_a" if window <= 3 else "hall_cam_b")


class Player:
    """The live hall."""

    def __init__(self, options: Options, ha: HomeAssistantSocket, mqtt: aiomqtt.Client) -> None:
        self.options = options
        self.ha = ha
        self.mqtt = mqtt
        self.rng = random.Random(f"{options.seed}:ids")
        self.tuning = for_speed(options.speed)  # the times the demo setup gave the hall
        self.lengths = random.Random(f"{options.seed}:lengths")  # episodes' durations
        # (window, away|phone) -> when (time.monotonic()) its last alert fell due: the cooldown.
        # Empty at the start: the hall forgets its cooldowns when it loads (the setup reloads it).
        self.last_alert: dict[tuple[int, str], float] = {}
        self.stopping = asyncio.Event()
        self.queue_changed = asyncio.Event()
        self.windows: dict[int, Window] = {}
        self.services: list[str] = []
        self.citizens: dict[str, plan.Citizen] = {}
        self.records: dict[str, TicketRecord] = {}
        self.real_start = time.monotonic()
        self.view: dict[str, Any] = {}  # the hall's live view (service_hall/subscribe)
        self.viewed = asyncio.Event()
        self.staff: dict[int, str] = {}  # window -> the officer signed in there at the start
        self.ledger = Ledger(
            seed=options.seed,
            speed=options.speed,
            start=plan.clock(options.start),
            units={str(window): node for window, node in options.units.items()},
        )

    # Time

    def now(self) -> float:
        """The simulated minute."""
        return plan.sim_minute(self.options.start, self.options.speed, time.monotonic() - self.real_start)

    def real(self, minutes: float) -> float:
        """Real seconds for simulated minutes."""
        return minutes * 60 / self.options.speed

    async def sleep(self, seconds: float) -> bool:
        """Sleep; True when stopping began meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), max(0.0, seconds))
        return self.stopping.is_set()

    # Home Assistant

    async def act(self, action: str, data: dict[str, Any], *, response: bool = False) -> tuple[bool, Any]:
        """A hall action: whether the hall accepted it, and its answer. A refusal is recorded with
        its translated message; the simulator goes on."""
        try:
            return True, await self.ha.call(DOMAIN, action, data, response=response)
        except CommandError as err:
            self.ledger.refused.append(
                {"action": action, "data": data, "code": err.code, "message": err.message}
            )
            return False, None

    async def press(self, window: Window, action: str, value: str | int) -> None:
        """Press a key of the window's unit, through the unit's API action in Home Assistant."""
        assert window.unit is not None
        node = window.unit.replace("-", "_")
        try:
            await self.ha.call("esphome", f"{node}_{action}", {"value": value}, response=False)
        except CommandError as err:
            self.ledger.refused.append(
                {"action": f"{node}_{action}", "data": {"value": value}, "message": err.message}
            )
            return
        self.ledger.unit_presses[window.unit] += 1

    async def status(self) -> dict[str, Any]:
        return dict(await self.ha.call(DOMAIN, "get_queue_status", {}))

    async def resync(self, number: str) -> None:
        """After a refusal: take the ticket's state from the hall, so the ledger stays true."""
        with contextlib.suppress(CommandError):
            info = await self.ha.call(DOMAIN, "get_ticket", {"ticket": number})
            record = self.records[number]
            state = str(info.get("state"))
            record.fate = {"done": "completed"}.get(state, state)
            record.window = info.get("window") or record.window

    # Set up

    def on_view(self, view: Any) -> None:
        """The hall's view, pushed after every change: window statuses and their officers."""
        if not isinstance(view, dict) or "windows" not in view:
            return
        self.view = view
        self.viewed.set()
        for window in view["windows"]:
            if window.get("staff") and window["number"] not in self.staff:
                self.staff[window["number"]] = window["staff"]["staff_number"]

    def closed(self, window: Window) -> bool:
        """Whether the view shows the window closed (the day rolled over, or someone closed it)."""
        return any(
            w["number"] == window.number and w["status"] == "closed" for w in self.view.get("windows", [])
        )

    async def reopen(self, window: Window) -> None:
        """The officer opens the window again and signs in, as after the night's rollover."""
        await self.act("open_window", {"window": window.number})
        if (staff := self.staff.get(window.number)) is not None:
            await self.act("sign_in", {"window": window.number, "staff": staff})

    async def prepare(self) -> None:
        await self.ha.subscribe({"type": "service_hall/subscribe"}, self.on_view)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.viewed.wait(), 10)
        status = await self.status()
        self.services = list(status["services"])
        for key, item in status["windows"].items():
            number = int(key)
            self.windows[number] = Window(
                number, list(item["services"]), self.options.units.get(number), seat_of(number)
            )
        await self.announce_speed()
        await self.mqtt.subscribe(f"{self.options.prefix}/onConnect")
        await self.publish([frigate.available(self.options.prefix, True)])
        for window in self.windows.values():
            await self.seat_person(window.seat)

    async def announce_speed(self) -> None:
        """Tell the demo's dashboards the speed: above 1 they say the figures are not a real hall's.

        ``input_number.demo_speed`` exists in the demo's configuration only; elsewhere the call is
        refused, which is fine (no notice is wanted there)."""
        with contextlib.suppress(CommandError):
            await self.ha.call(
                "input_number",
                "set_value",
                {"entity_id": SPEED_ENTITY, "value": self.options.speed},
                response=False,
            )

    async def publish(self, messages: list[frigate.Message]) -> None:
        for topic, payload, retain in messages:
            await self.mqtt.publish(topic, payload, qos=1, retain=retain)

    async def seat_person(self, seat: Seat) -> None:
        now = time.time()
        seat.person = frigate.TrackedObject(
            frigate.object_id(now, self.rng), frigate.PERSON, seat.camera, seat.zone, now
        )
        await self.publish(frigate.appears(self.options.prefix, seat.person, now))
        seat.person.stationary = True

    # Roles

    async def frigate_answers(self) -> None:
        """Answer every onConnect with the objects in the seats, as Frigate does."""
        async for _message in self.mqtt.messages:
            cameras: dict[str, list[frigate.TrackedObject]] = {}
            for window in self.windows.values():
                objects = cameras.setdefault(window.seat.camera, [])
                objects += [obj for obj in (window.seat.person, window.seat.phone) if obj is not None]
            await self.publish([frigate.camera_activity(self.options.prefix, cameras)])

    async def arrivals(self) -> None:
        day = int(self.options.start // 1440)
        while not self.stopping.is_set():
            for citizen in plan.citizens(self.options.seed, self.services, day):
                if citizen.at < self.options.start:
                    continue
                wait = plan.real_seconds(self.options.start, self.options.speed, citizen.at) - (
                    time.monotonic() - self.real_start
                )
                if await self.sleep(wait):
                    return
                await self.issue(citizen)
            day += 1

    async def issue(self, citizen: plan.Citizen) -> None:
        data = {"service": citizen.service, "priority": citizen.priority, "source": "kiosk"}
        _ok, answer = await self.act("issue_ticket", data, response=True)
        if not answer:
            return  # refused (daily cap, closed): recorded
        number = str(answer["ticket"])
        self.citizens[number] = citizen
        self.records[number] = record = TicketRecord(
            number, citizen.service, citizen.priority, datetime.now().astimezone().isoformat()
        )
        self.ledger.tickets.append(record)
        self.queue_changed.set()

    async def officer(self, window: Window) -> None:
        while not self.stopping.is_set():
            async with window.lock:
                if self.stopping.is_set():
                    return
                if self.closed(window):
                    await self.reopen(window)
                pause = self.due_pause(window)
                if pause is not None:
                    await self.take_pause(window, pause)
                    continue
                called = await self.call_next(window)
            if called is None:
                self.queue_changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.queue_changed.wait(), self.real(IDLE_MINUTES))
                continue
            await self.serve(window, *called)

    def due_pause(self, window: Window) -> plan.Pause | None:
        now = self.now()
        day = int(now // 1440)
        if day != window.day:
            window.day = day
            window.pauses = [p for p in plan.pauses(self.options.seed, window.number, day) if p.at >= now]
        if window.pauses and window.pauses[0].at <= now:
            return window.pauses.pop(0)
        return None

    async def take_pause(self, window: Window, pause: plan.Pause) -> None:
        if window.unit:
            await self.press(window, "press_key", "pause")
        else:
            await self.act("pause_window", {"window": window.number, "reason": pause.reason})
        await self.sleep(self.real(pause.minutes))
        if window.unit:
            await self.press(window, "press_key", "pause")
        else:
            await self.act("resume_window", {"window": window.number})

    async def call_next(self, window: Window) -> tuple[str, bool] | None:
        """The ticket the officer deals with next, and whether it is already being served.

        A ticket already at the window (called before the simulator started, or left by a
        refused step) is dealt with first: the hall calls no one else until it is finished.
        """
        status = await self.status()
        if (current := status["windows"][str(window.number)]["ticket"]) is not None:
            with contextlib.suppress(CommandError):
                info = await self.ha.call(DOMAIN, "get_ticket", {"ticket": current})
                return str(current), info.get("state") == "serving"
        if window.unit is None:
            _ok, answer = await self.act("call_next", {"window": window.number}, response=True)
            number = answer.get("ticket") if answer else None
        else:
            if not any(status["services"][s]["waiting"] for s in window.services if s in status["services"]):
                return None
            await self.press(window, "press_key", "next")
            number = await self.wait_for(lambda s: s["windows"][str(window.number)]["ticket"])
        if number is None:
            return None
        if (record := self.records.get(str(number))) is not None:
            record.fate, record.window = "called", window.number
        return str(number), False

    async def wait_for(self, value: Callable[[dict[str, Any]], Any]) -> Any:
        """Poll the hall's status until ``value`` is set (a unit's key acts in the background)."""
        deadline = time.monotonic() + UNIT_CALL_TIMEOUT_S
        while time.monotonic() < deadline:
            if (found := value(await self.status())) is not None:
                return found
            await asyncio.sleep(0.05)
        return None

    async def serve(self, window: Window, number: str, serving: bool = False) -> None:
        """Start, serve and complete (or recall and mark a no-show); the citizen may rate."""
        citizen = self.citizens.get(number)
        record = self.records.get(number)
        steps: list[tuple[float, str, str | None]]
        # A ticket the simulator did not issue (the demo setup's, started moments before): a
        # handling time in the hall's range, drawn per ticket, so that the windows the setup left
        # serving free up one after another in the first minutes, not all at once.
        rng = random.Random(f"{self.options.seed}:handover:{number}")
        handling = citizen.handling if citizen else rng.uniform(1.5, 5.0)
        if serving:  # already started: only the rest of the service is left
            steps = [(handling, "complete", "completed")]
        elif citizen is not None and citizen.no_show:
            steps = [
                (plan.NO_SHOW_WAIT_MINUTES, "recall", None),
                (plan.NO_SHOW_WAIT_MINUTES, "mark_no_show", "no_show"),
            ]
        else:
            steps = [(plan.WALK_MINUTES, "start", "serving"), (handling, "complete", "completed")]
        for minutes, action, fate in steps:
            await self.sleep(self.real(minutes))  # a stop does not cut a step short: finish it
            accepted, _answer = await self.act(action, {"window": window.number})
            if record is not None and not accepted:
                await self.resync(number)
                return
            if record is not None and fate:
                record.fate = fate
            if self.stopping.is_set() and action != "mark_no_show":
                return
        if (
            citizen is not None
            and citizen.grade is not None
            and record is not None
            and record.fate == "completed"
        ):
            await self.rate(window, number, citizen.grade, record)

    async def rate(self, window: Window, number: str, grade: int, record: TicketRecord) -> None:
        if window.unit:
            await asyncio.sleep(0.3)  # the hall arms the unit's rating keys in the background
            await self.press(window, "press_rating", grade)
        elif not (await self.act("rate", {"ticket": number, "grade": str(grade)}))[0]:
            return
        record.rated = grade

    async def seat_episodes(self, window: Window) -> None:
        for gap, kind in plan.episodes(self.options.seed, window.number, self.options.speed, self.tuning):
            if await self.sleep(gap):
                return
            async with window.lock:
                if self.stopping.is_set():
                    return
                await self.play_episode(window, kind)

    async def play_episode(self, window: Window, kind: str) -> None:
        seat_does, _shortest, _longest, alert = self.tuning.episodes[kind]
        if alert is not None:  # inside the cooldown of the window's last alert: a quiet one instead
            last = self.last_alert.get((window.number, alert))
            due_in = self.tuning.alert_after(seat_does)
            kind = plan.unless_cooling(
                kind, self.tuning, due_in, None if last is None else time.monotonic() - last
            )
        seat_does, seconds, alert = plan.episode(kind, self.tuning, self.lengths)
        if alert is not None:
            self.last_alert[(window.number, alert)] = time.monotonic() + self.tuning.alert_after(seat_does)
        seat = window.seat
        record = EpisodeRecord(
            window=window.number,
            kind=kind,
            seat=seat_does,
            started_at=datetime.now().astimezone().isoformat(),
            alert_kind=alert,
        )
        self.ledger.episodes.append(record)
        started = time.monotonic()
        now = time.time()
        if seat_does == "away" and seat.person is not None:
            await self.publish(frigate.leaves(self.options.prefix, seat.person, now))
            seat.person = None
        elif seat_does == "phone":
            seat.phone = frigate.TrackedObject(
                frigate.object_id(now, self.rng), frigate.PHONE, seat.camera, seat.zone, now
            )
            await self.publish(frigate.appears(self.options.prefix, seat.phone, now))
        # An episode runs to its end even when stopping begins: its expected alert must come.
        # Only a second signal (the run command's stop) cancels it; then it is marked interrupted.
        try:
            await asyncio.sleep(seconds)
        finally:
            record.seconds = round(time.monotonic() - started, 2)
            record.interrupted = record.seconds < seconds
            record.alert_expected = alert is not None and not record.interrupted
            record.ended_at = datetime.now().astimezone().isoformat()
            await asyncio.shield(self.end_episode(seat))

    async def end_episode(self, seat: Seat) -> None:
        now = time.time()
        if seat.phone is not None:
            phone, seat.phone = seat.phone, None
            await self.publish(frigate.leaves(self.options.prefix, phone, now))
        if seat.person is None:
            await self.seat_person(seat)

    async def write_ledger(self) -> None:
        while not self.stopping.is_set():
            self.ledger.sim_clock = plan.clock(self.now())
            self.ledger.write(self.options.ledger)
            await self.sleep(LEDGER_EVERY_S)

    async def progress(self) -> None:
        while not await self.sleep(PROGRESS_EVERY_S):
            counts = self.ledger.counts()
            print(
                f"[{plan.clock(self.now())}] issued {counts['issued']}, served {counts['completed']}, "
                f"no-shows {counts['no_show']}, waiting {counts['waiting']}, episodes {counts['episodes']}, "
                f"alerts expected {counts['alerts_expected']}, refused {counts['refused']}",
                flush=True,
            )

    async def stop_after_hours(self) -> None:
        if self.options.hours is None:
            return
        minutes = self.options.start + self.options.hours * 60
        if not await self.sleep(plan.real_seconds(self.options.start, self.options.speed, minutes)):
            self.stopping.set()

    # The run

    async def run(self, interrupted: asyncio.Event) -> None:
        await self.prepare()
        background = [
            asyncio.create_task(self.frigate_answers()),
            asyncio.create_task(self.write_ledger()),
            asyncio.create_task(self.progress()),
            asyncio.create_task(self.stop_after_hours()),
        ]
        actors: list[Coroutine[Any, Any, None]] = [self.arrivals()]
        actors += [self.officer(window) for window in self.windows.values()]
        actors += [self.seat_episodes(window) for window in self.windows.values()]
        tasks = [asyncio.create_task(actor) for actor in actors]

        async def on_interrupt() -> None:
            await interrupted.wait()
            self.stopping.set()

        watcher = asyncio.create_task(on_interrupt())
        try:
            await self.stopping.wait()
            # At the end of the planned hours, officers finish their step and episodes run their
            # course (their alerts are expected); on Ctrl-C they get a moment, then are cut short.
            grace = 3.0 if interrupted.is_set() else self.tuning.longest + 10
            done, pending = await asyncio.wait(tasks, timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            for task in done:
                if not task.cancelled() and (error := task.exception()) is not None:
                    raise error
        finally:
            watcher.cancel()
            for task in background:
                task.cancel()
            await asyncio.gather(*background, watcher, return_exceptions=True)
            self.ledger.sim_clock = plan.clock(self.now())
            self.ledger.ended_at = datetime.now().astimezone().isoformat()
            self.ledger.finished = True
            self.ledger.write(self.options.ledger)
            with contextlib.suppress(aiomqtt.MqttError):
                await self.publish([frigate.available(self.options.prefix, False)])
