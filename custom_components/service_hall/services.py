"""Actions of a hall, registered once for all halls (each call names its hall)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import voluptuous as vol
import yaml

from homeassistant.auth.models import User
from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.core import (
    Context,
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import Unauthorized, UnknownUser
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.helpers.service import async_register_admin_service
from homeassistant.util import dt as dt_util

from .const import (
    ATTR_ALERT_ID,
    ATTR_ANSWERS,
    ATTR_CODE,
    ATTR_CONFIG_ENTRY_ID,
    ATTR_DATE,
    ATTR_END,
    ATTR_GRADE,
    ATTR_LANGUAGE,
    ATTR_NAME,
    ATTR_PATH,
    ATTR_PHONE,
    ATTR_PRIORITY,
    ATTR_REASON,
    ATTR_REFERENCE,
    ATTR_SERVICE,
    ATTR_SOURCE,
    ATTR_STAFF,
    ATTR_START,
    ATTR_TARGET_SERVICE,
    ATTR_TARGET_WINDOW,
    ATTR_TICKET,
    ATTR_WINDOW,
    CONF_WINDOW_TABLETS,
    DOMAIN,
    LANGUAGES,
)
from .contacts import Contact
from .coordinator import HallCoordinator
from .errors import translate_errors
from .hall import Hall, HallError, HallEvent, parse_layout
from .hall.engine import MAX_DAYS_AHEAD, service_date_of
from .hall.events import EventKind
from .hall.replay import replay_day
from .hall.report import report_text
from .hall.screens import queue_status
from .hall.tablets import check_tablet_reach
from .layout_entries import async_import_layout
from .materials import async_load_guides
from .runtime import HallRuntime, find_hall

type Handler = Callable[[HallRuntime, ServiceCall], Awaitable[ServiceResponse]]


def _whole_number(value: Any) -> int:
    """As vol.Coerce(int), but infinity and huge floats are refused too (int() raises OverflowError)."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError) as err:
        raise vol.Invalid(f"expected a whole number, got {str(value)[:40]}") from err


def _encodable(value: Any) -> Any:
    """Text that can be written as UTF-8: a lone surrogate (a Python caller's broken string) cannot.

    It would fail the journal's write, and Home Assistant's date parser (ciso8601) crashes the
    whole process on one, so it is refused before either sees it.
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise vol.Invalid("text with a lone surrogate (not valid Unicode)") from err
    return value


TEXT = vol.All(cv.string, _encodable)
DATETIME = vol.All(_encodable, cv.datetime)
WINDOW = vol.All(_whole_number, vol.Range(min=1))
TICKET = vol.All(TEXT, vol.Upper)
ENTRY = {vol.Optional(ATTR_CONFIG_ENTRY_ID): TEXT}
# The materials guide's answers: question id -> option id (checked against the guide).
ANSWERS = vol.All(
    dict, vol.Length(max=50), {vol.All(TEXT, vol.Length(max=40)): vol.All(TEXT, vol.Length(max=40))}
)


def _schema(fields: dict[Any, Any]) -> vol.Schema:
    return vol.Schema({**ENTRY, **fields})


AT_WINDOW = _schema({vol.Optional(ATTR_WINDOW): WINDOW, vol.Optional(ATTR_TICKET): TICKET})
WINDOW_ONLY = _schema({vol.Required(ATTR_WINDOW): WINDOW})
TICKET_ONLY = _schema({vol.Required(ATTR_TICKET): TICKET})


def _runtime(hass: HomeAssistant, call: ServiceCall) -> HallRuntime:
    """The hall an action names, or the only one there is."""
    return find_hall(hass, call.data.get(ATTR_CONFIG_ENTRY_ID), only=True)


def _local(value: datetime) -> datetime:
    """Datetimes without a zone are in the hall's (Home Assistant's) time zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt_util.get_default_time_zone())
    return dt_util.as_local(value)


def _ticket_answer(coordinator: HallCoordinator, number: str) -> dict[str, Any]:
    return coordinator.hall.ticket_info(number, dt_util.now()).as_dict()


def _event_ticket(events: list[HallEvent], kind: EventKind) -> str | None:
    return next((e.ticket for e in events if e.kind is kind), None)


def _answers(runtime: HallRuntime, service: str, call: ServiceCall) -> dict[str, str] | None:
    """The materials guide's answers a citizen gave, checked against the service's guide."""
    if (answers := call.data.get(ATTR_ANSWERS)) is None:
        return None
    return dict(runtime.materials.guides.guide(service).checklist(answers).answers)


def _checklist_answer(runtime: HallRuntime, number: str) -> dict[str, Any]:
    """A ticket's answer, with the checklist its citizen saw when they answered the guide."""
    answer = _ticket_answer(runtime.coordinator, number)
    ticket = runtime.hall.state.tickets[number]
    if ticket.answers is not None and (guide := runtime.materials.guides.guides.get(ticket.service)):
        answer["checklist"] = guide.recorded_checklist(ticket.answers).as_dict()
    return answer


async def _issue_ticket(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    hall = runtime.hall
    answers = (
        _answers(runtime, call.data[ATTR_SERVICE], call)
        if call.data[ATTR_SERVICE] in hall.layout.services
        else None
    )
    events = await runtime.coordinator.async_execute(
        lambda now: hall.issue(
            call.data[ATTR_SERVICE],
            now,
            priority=call.data[ATTR_PRIORITY],
            source=call.data[ATTR_SOURCE],
            answers=answers,
        )
    )
    return _checklist_answer(runtime, events[0].ticket or "")


async def _call_next(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    hall = runtime.hall
    window = call.data[ATTR_WINDOW]
    events = await runtime.coordinator.async_execute(lambda now: hall.call_next(window, now))
    ticket = _event_ticket(events, EventKind.CALL)
    answer: dict[str, Any] = {
        "ticket": ticket,
        "window": window,
        "finished": _event_ticket(events, EventKind.FINISH),
    }
    if ticket is not None:
        answer["service"] = hall.state.tickets[ticket].service
    return answer


type ActionCommand = Callable[[Hall, ServiceCall, datetime], list[HallEvent]]


def _command(command: ActionCommand) -> Handler:
    """An action that runs one hall command and answers nothing."""

    async def handle(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
        hall = runtime.hall
        await runtime.coordinator.async_execute(lambda now: command(hall, call, now))
        return None

    return handle


def _at_window(method: Callable[..., list[HallEvent]]) -> Handler:
    """An action on the ticket at a window (named by window, ticket or both)."""
    return _command(
        lambda hall, call, now: method(
            hall, now, ticket=call.data.get(ATTR_TICKET), window=call.data.get(ATTR_WINDOW)
        )
    )


def _window_action(method: Callable[[Hall, int, datetime], list[HallEvent]]) -> Handler:
    """An action on a window by number."""
    return _command(lambda hall, call, now: method(hall, call.data[ATTR_WINDOW], now))


async def _reactivate(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    coordinator = runtime.coordinator
    await coordinator.async_execute(lambda now: coordinator.hall.reactivate(call.data[ATTR_TICKET], now))
    return _ticket_answer(coordinator, call.data[ATTR_TICKET])


async def _transfer(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    coordinator = runtime.coordinator
    events = await coordinator.async_execute(
        lambda now: coordinator.hall.transfer(
            now,
            ticket=call.data.get(ATTR_TICKET),
            window=call.data.get(ATTR_WINDOW),
            target_service=call.data.get(ATTR_TARGET_SERVICE),
            target_window=call.data.get(ATTR_TARGET_WINDOW),
        )
    )
    return _ticket_answer(coordinator, events[0].ticket or "")


async def _book_appointment(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    coordinator = runtime.coordinator
    end = call.data.get(ATTR_END)
    try:
        start, end = _local(call.data[ATTR_START]), _local(end) if end else None
    except OverflowError as err:  # a year 1 or 9999 moved into the hall's zone
        raise HallError("appointment_too_far", days=MAX_DAYS_AHEAD) from err
    events = await coordinator.async_execute(
        lambda now: coordinator.hall.book(
            call.data[ATTR_SERVICE],
            start,
            now,
            end=end,
            reference=call.data.get(ATTR_REFERENCE, ""),
        )
    )
    booked = coordinator.hall.state.appointments[events[0].appointment or ""]
    if call.data.get(ATTR_NAME) or call.data.get(ATTR_PHONE):
        # Apart from the hall's journal, which never sees them (contacts.py).
        day = service_date_of(booked.start, coordinator.hall.settings.rollover_time)
        await coordinator.contacts.async_add(
            booked.code,
            Contact(
                name=call.data.get(ATTR_NAME, ""), phone=call.data.get(ATTR_PHONE, ""), day=day.isoformat()
            ),
        )
    return {
        "code": booked.code,
        "service": booked.service,
        "start": booked.start.isoformat(),
        "end": booked.end.isoformat(),
    }


async def _check_in(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """Check an appointment in; the answer says ``late`` when it queues as a walk-in."""
    hall = runtime.hall
    booked = hall.state.appointments.get(str(call.data[ATTR_CODE]).strip())
    answers = _answers(runtime, booked.service, call) if booked is not None else None
    events = await runtime.coordinator.async_execute(
        lambda now: hall.check_in(call.data[ATTR_CODE], now, answers=answers)
    )
    number = events[0].ticket or ""
    return {
        **_checklist_answer(runtime, number),
        "late": hall.state.tickets[number].source == "appointment_late",
    }


async def _get_appointment(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """What checking this code in now would give, changing nothing; refuses as check_in would.

    A kiosk asks first so that it can walk the service's materials guide before the check-in.
    Nothing personal: the contact details stay in their own store."""
    code = str(call.data[ATTR_CODE]).strip()
    booked, source = runtime.hall.check_in_preview(code, dt_util.now())
    return {
        "code": booked.code,
        "service": booked.service,
        "start": booked.start.isoformat(),
        "end": booked.end.isoformat(),
        "late": source == "appointment_late",
        "materials": booked.service in runtime.materials.guides.guides,
    }


async def _cancel_appointment(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    coordinator = runtime.coordinator
    code = str(call.data[ATTR_CODE]).strip()
    await coordinator.async_execute(lambda now: coordinator.hall.cancel_appointment(code, now))
    await coordinator.contacts.async_remove(code)
    return None


async def _get_appointment_contact(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """An appointment's contact details, for an administrator who must reach the citizen."""
    coordinator = runtime.coordinator
    code = str(call.data[ATTR_CODE]).strip()
    if (booked := coordinator.hall.state.appointments.get(code)) is None:
        raise HallError("unknown_appointment", code=code)
    contact = coordinator.contacts.get(code)
    return {
        "code": code,
        "service": booked.service,
        "start": booked.start.isoformat(),
        "name": contact["name"] if contact else None,
        "phone": contact["phone"] if contact else None,
    }


async def _get_materials(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """The questionnaires of the hall's services (one service's, when named), for a kiosk."""
    wanted = call.data.get(ATTR_SERVICE)
    if wanted is not None:
        runtime.hall.service(wanted)
        guides = [runtime.materials.guides.guide(wanted)]
    else:
        guides = list(runtime.materials.guides.guides.values())
    return {"guides": {guide.service: guide.as_dict() for guide in guides}}


async def _get_checklist(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """The documents to bring: for a service and answers, or the checklist a ticket's citizen saw."""
    hall = runtime.hall
    guides = runtime.materials.guides
    if (number := call.data.get(ATTR_TICKET)) is not None:
        ticket = hall.ticket(number)
        if ticket.answers is None:
            return {
                "ticket": ticket.number,
                "service": ticket.service,
                "answers": None,
                "documents": None,
            }
        checklist = guides.guide(ticket.service).recorded_checklist(ticket.answers)
        return {"ticket": ticket.number, **checklist.as_dict()}
    if (service := call.data.get(ATTR_SERVICE)) is None:
        raise HallError("ticket_or_service_required")
    hall.service(service)
    return guides.guide(service).checklist(call.data.get(ATTR_ANSWERS) or {}).as_dict()


async def _reload_materials(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """Read the materials files again (after the hall edited them); answers what loaded."""
    entry = runtime.coordinator.entry
    guides = await async_load_guides(call.hass, entry.entry_id, list(runtime.hall.layout.services))
    runtime.materials.guides = guides
    loaded: list[Any] = sorted(guides.guides)
    return {
        "loaded": loaded,
        "refused": {file: len(mistakes) for file, mistakes in guides.refused.items()},
    }


async def _acknowledge_alert(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """Record who acknowledged a supervision alert (the Home Assistant user, when there is one)."""
    coordinator = runtime.coordinator
    user = await call.hass.auth.async_get_user(call.context.user_id) if call.context.user_id else None
    by = user.name if user else None
    await coordinator.async_execute(
        lambda now: coordinator.hall.acknowledge(call.data[ATTR_ALERT_ID], now, by=by)
    )
    return None


async def _get_ticket(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """Where a ticket stands now: people ahead and the wait left while it waits, or its window."""
    return _ticket_answer(runtime.coordinator, call.data[ATTR_TICKET])


async def _get_queue_status(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """The queue as a citizen or a screen may see it: numbers and figures, no personal data."""
    coordinator = runtime.coordinator
    status = queue_status(
        coordinator.hall, dt_util.now(), language=coordinator.language, service=call.data.get(ATTR_SERVICE)
    )
    return {"hall": coordinator.entry.title, **status}


async def _day_figures(coordinator: HallCoordinator, wanted: date) -> tuple[dict[str, Any], str]:
    """A past day's figures and where they come from: its event log while it is kept, else its summary.

    The log is replayed rather than the summary trusted, so every figure a day's events hold
    (per service, window and staff member) can be recomputed for as long as the log is kept.
    """
    if (parts := await coordinator.storage.async_read_day(wanted)) is not None:
        # In the executor too: a big hall's day is tens of thousands of events.
        stats = await coordinator.hass.async_add_executor_job(replay_day, wanted, parts)
        return {"date": wanted.isoformat(), **stats.summary()}, "event_log"
    if (found := next((d for d in coordinator.history if d.get("date") == wanted.isoformat()), None)) is None:
        raise HallError("no_report_for_date", date=wanted.isoformat())
    return found, "summary"


async def _get_daily_report(runtime: HallRuntime, call: ServiceCall) -> ServiceResponse:
    """A day's figures and their text (today so far by default, or a past day)."""
    coordinator = runtime.coordinator
    hall = coordinator.hall
    wanted: date = call.data.get(ATTR_DATE) or hall.state.service_date
    if wanted == hall.state.service_date:
        # Today's state is its event log applied: the same figures a replay would give.
        day: dict[str, Any] = {"date": wanted.isoformat(), **hall.state.stats.summary()}
        source = "event_log"
    else:
        day, source = await _day_figures(coordinator, wanted)
    language = call.data.get(ATTR_LANGUAGE) or coordinator.language
    text = report_text(
        day,
        hall=coordinator.entry.title,
        language=language,
        service_names={sid: service.name(language) for sid, service in hall.layout.services.items()},
        staff_names={number: person.name for number, person in hall.layout.staff.items() if person.name},
    )
    return {
        "hall": coordinator.entry.title,
        "date": wanted.isoformat(),
        "complete": wanted != hall.state.service_date,
        "source": source,
        "figures": day,
        "text": text,
    }


def _read_yaml(config_dir: str, name: str) -> Any:
    """Read a YAML file that must lie inside the config directory (executor: it touches the disk)."""
    root = Path(config_dir).resolve()
    if "\x00" in name:
        raise HallError("layout_file_not_found", path=name.replace("\x00", "?"))
    path = (root / name).resolve()
    if not path.is_relative_to(root):
        raise HallError("layout_file_outside_config", path=name)
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


async def async_read_layout(hass: HomeAssistant, name: str) -> dict[str, Any]:
    """Read and validate a layout file under the config directory (for the flow and the action)."""
    try:
        data = await hass.async_add_executor_job(_read_yaml, hass.config.config_dir, name)
    except FileNotFoundError as err:
        raise HallError("layout_file_not_found", path=name) from err
    except (OSError, yaml.YAMLError) as err:
        raise HallError("layout_invalid", where=name, problem=str(err).splitlines()[0]) from err
    return parse_layout(data).to_dict()


async def _import_layout(hass: HomeAssistant, call: ServiceCall) -> None:
    """Replace a hall's services, windows and staff with a layout file (admin only).

    Refused while it would strand an open ticket: its service or the window serving it gone.
    """
    with translate_errors():
        coordinator = _runtime(hass, call).coordinator
        layout = await async_read_layout(hass, call.data[ATTR_PATH])
        async_import_layout(hass, coordinator.entry, layout)


HANDLERS: dict[str, tuple[Handler, vol.Schema, SupportsResponse]] = {
    "issue_ticket": (
        _issue_ticket,
        _schema(
            {
                vol.Required(ATTR_SERVICE): TEXT,
                vol.Optional(ATTR_PRIORITY, default=False): cv.boolean,
                vol.Optional(ATTR_SOURCE, default="action"): vol.In(["action", "kiosk", "tablet", "wechat"]),
                vol.Optional(ATTR_ANSWERS): ANSWERS,
            }
        ),
        SupportsResponse.OPTIONAL,
    ),
    "call_next": (_call_next, WINDOW_ONLY, SupportsResponse.OPTIONAL),
    "recall": (_at_window(Hall.recall), AT_WINDOW, SupportsResponse.NONE),
    "start": (_at_window(Hall.start), AT_WINDOW, SupportsResponse.NONE),
    "complete": (_at_window(Hall.complete), AT_WINDOW, SupportsResponse.NONE),
    "mark_no_show": (_at_window(Hall.no_show), AT_WINDOW, SupportsResponse.NONE),
    "reactivate": (_reactivate, TICKET_ONLY, SupportsResponse.OPTIONAL),
    "transfer": (
        _transfer,
        _schema(
            {
                vol.Optional(ATTR_TICKET): TICKET,
                vol.Optional(ATTR_WINDOW): WINDOW,
                vol.Optional(ATTR_TARGET_SERVICE): TEXT,
                vol.Optional(ATTR_TARGET_WINDOW): WINDOW,
            }
        ),
        SupportsResponse.OPTIONAL,
    ),
    "cancel": (
        _command(lambda hall, call, now: hall.cancel(call.data[ATTR_TICKET], now)),
        TICKET_ONLY,
        SupportsResponse.NONE,
    ),
    "rate": (
        _command(lambda hall, call, now: hall.rate(call.data[ATTR_TICKET], call.data[ATTR_GRADE], now)),
        _schema(
            {
                vol.Required(ATTR_TICKET): TICKET,
                vol.Required(ATTR_GRADE): vol.All(_whole_number, vol.Range(1, 5)),
            }
        ),
        SupportsResponse.NONE,
    ),
    "book_appointment": (
        _book_appointment,
        _schema(
            {
                vol.Required(ATTR_SERVICE): TEXT,
                vol.Required(ATTR_START): DATETIME,
                vol.Optional(ATTR_END): DATETIME,
                vol.Optional(ATTR_REFERENCE): vol.All(TEXT, vol.Length(max=64)),
                vol.Optional(ATTR_NAME): vol.All(TEXT, vol.Length(max=64)),
                vol.Optional(ATTR_PHONE): vol.All(TEXT, vol.Length(max=32)),
            }
        ),
        SupportsResponse.OPTIONAL,
    ),
    "check_in": (
        _check_in,
        _schema({vol.Required(ATTR_CODE): TEXT, vol.Optional(ATTR_ANSWERS): ANSWERS}),
        SupportsResponse.OPTIONAL,
    ),
    "get_appointment": (
        _get_appointment,
        _schema({vol.Required(ATTR_CODE): TEXT}),
        SupportsResponse.ONLY,
    ),
    "cancel_appointment": (
        _cancel_appointment,
        _schema({vol.Required(ATTR_CODE): TEXT}),
        SupportsResponse.NONE,
    ),
    "get_appointment_contact": (
        _get_appointment_contact,
        _schema({vol.Required(ATTR_CODE): TEXT}),
        SupportsResponse.ONLY,
    ),
    "get_materials": (_get_materials, _schema({vol.Optional(ATTR_SERVICE): TEXT}), SupportsResponse.ONLY),
    "get_checklist": (
        _get_checklist,
        _schema(
            {
                vol.Optional(ATTR_SERVICE): TEXT,
                vol.Optional(ATTR_ANSWERS): ANSWERS,
                vol.Optional(ATTR_TICKET): TICKET,
            }
        ),
        SupportsResponse.ONLY,
    ),
    "reload_materials": (_reload_materials, _schema({}), SupportsResponse.OPTIONAL),
    "pause_window": (
        _command(
            lambda hall, call, now: hall.pause_window(call.data[ATTR_WINDOW], call.data[ATTR_REASON], now)
        ),
        _schema(
            {
                vol.Required(ATTR_WINDOW): WINDOW,
                vol.Optional(ATTR_REASON, default="break"): vol.All(TEXT, vol.Length(max=64)),
            }
        ),
        SupportsResponse.NONE,
    ),
    "resume_window": (_window_action(Hall.resume_window), WINDOW_ONLY, SupportsResponse.NONE),
    "open_window": (_window_action(Hall.open_window), WINDOW_ONLY, SupportsResponse.NONE),
    "close_window": (_window_action(Hall.close_window), WINDOW_ONLY, SupportsResponse.NONE),
    "sign_in": (
        _command(lambda hall, call, now: hall.sign_in(call.data[ATTR_WINDOW], call.data[ATTR_STAFF], now)),
        _schema({vol.Required(ATTR_WINDOW): WINDOW, vol.Required(ATTR_STAFF): TEXT}),
        SupportsResponse.NONE,
    ),
    "sign_out": (
        _command(
            lambda hall, call, now: hall.sign_out(
                now, window=call.data.get(ATTR_WINDOW), staff=call.data.get(ATTR_STAFF)
            )
        ),
        _schema({vol.Optional(ATTR_WINDOW): WINDOW, vol.Optional(ATTR_STAFF): TEXT}),
        SupportsResponse.NONE,
    ),
    "acknowledge_alert": (
        _acknowledge_alert,
        _schema({vol.Required(ATTR_ALERT_ID): TEXT}),
        SupportsResponse.NONE,
    ),
    "get_daily_report": (
        _get_daily_report,
        _schema({vol.Optional(ATTR_DATE): cv.date, vol.Optional(ATTR_LANGUAGE): vol.In(LANGUAGES)}),
        SupportsResponse.ONLY,
    ),
    "get_ticket": (_get_ticket, TICKET_ONLY, SupportsResponse.ONLY),
    "get_queue_status": (
        _get_queue_status,
        _schema({vol.Optional(ATTR_SERVICE): TEXT}),
        SupportsResponse.ONLY,
    ),
}


# Who may call what. Kiosks and window tablets run as ordinary users: they act on the hall
# (a tablet's user bound to a window acts for that window only, see below).
# Read-only users (a public screen) only read. The day report holds the staff's records: admins.
READ_ONLY_ACTIONS = frozenset({"get_ticket", "get_queue_status", "get_materials", "get_checklist"})
# The appointment's contact is personal data; reloading the guides touches the hall's files.
ADMIN_ACTIONS = frozenset({"get_daily_report", "get_appointment_contact", "reload_materials"})
# A tablet bound to a window (the hall's options) acts for that window only (hall/tablets.py says
# what a command reaches). It still serves the citizen in front of it: it may read, issue a ticket,
# book or check in an appointment. Supervision is not its business: it must not silence the
# alerts about its own seat.
NOT_FOR_TABLETS = frozenset({"acknowledge_alert"})


async def async_check_tablet(
    coordinator: HallCoordinator, context: Context, name: str, data: Mapping[str, Any]
) -> None:
    """Refuse a bound tablet's command that reaches another window (translated; nothing changes).

    For the window's buttons (button.press); the actions check in ``_check_access``, which has
    the user already. Automations and the hall's own units have no user.
    """
    if context.user_id and (user := await coordinator.hass.auth.async_get_user(context.user_id)):
        with translate_errors():
            check_tablet(coordinator, user, name, data)


def check_tablet(coordinator: HallCoordinator, user: User, name: str, data: Mapping[str, Any]) -> None:
    """Refuse a command of a user bound to a window that reaches another window (administrators
    are never bound); raises ``HallError``."""
    bound: int | None = coordinator.entry.options.get(CONF_WINDOW_TABLETS, {}).get(user.id)
    if bound is None or user.is_admin:
        return
    if name in NOT_FOR_TABLETS:
        raise HallError("tablet_not_allowed", window=bound)
    check_tablet_reach(
        coordinator.hall,
        bound,
        window=data.get(ATTR_WINDOW),
        ticket=data.get(ATTR_TICKET),
        staff=data.get(ATTR_STAFF),
    )


async def _check_access(coordinator: HallCoordinator, name: str, call: ServiceCall) -> None:
    """Refuse a caller who may not use this action (automations and the hall's own units have no user)."""
    if not call.context.user_id or name in READ_ONLY_ACTIONS:
        return
    hass = call.hass
    user = await hass.auth.async_get_user(call.context.user_id)
    if user is None:
        raise UnknownUser(context=call.context)
    if user.is_admin:
        return
    if name in ADMIN_ACTIONS:
        raise Unauthorized(context=call.context)
    permissions = user.permissions
    if not permissions.access_all_entities(POLICY_CONTROL):
        # As Home Assistant's own domain control: a user who may control one of the hall's entities.
        entities = er.async_entries_for_config_entry(er.async_get(hass), coordinator.entry.entry_id)
        if not any(permissions.check_entity(e.entity_id, POLICY_CONTROL) for e in entities):
            raise Unauthorized(context=call.context, permission=POLICY_CONTROL)
    check_tablet(coordinator, user, name, call.data)


async def _handle(name: str, handler: Handler, call: ServiceCall) -> ServiceResponse:
    """Every action: its hall, the caller's right to it, then the action; refusals translated."""
    with translate_errors():
        runtime = _runtime(call.hass, call)
        await _check_access(runtime.coordinator, name, call)
        return await handler(runtime, call)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the hall's actions (once, in ``async_setup``)."""
    for name, (handler, schema, supports_response) in HANDLERS.items():
        hass.services.async_register(
            DOMAIN, name, partial(_handle, name, handler), schema=schema, supports_response=supports_response
        )
    async_register_admin_service(
        hass,
        DOMAIN,
        "import_layout",
        partial(_import_layout, hass),
        _schema({vol.Required(ATTR_PATH): TEXT}),
    )
