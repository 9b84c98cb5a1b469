"""A reference day as data: the hall, its window schedule and every citizen, all pre-sampled.

Everything random is drawn once, when the day is generated (:mod:`simulator.generate`), and
kept in the file, so every dispatch policy sees exactly the same citizens, handling times,
no-shows, transfers and officers' pauses (common random numbers).

Times are minutes after midnight of the day's date (local time of the day's time zone).
The JSON keeps one service, window, pause or citizen per line; citizens are arrays whose
fields are named once, in ``citizen_fields``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

DAYS_DIR = Path(__file__).resolve().parent / "days"

CITIZEN_FIELDS = (
    "arrival",
    "service",
    "handling",
    "no_show",
    "priority",
    "transfer",
    "transfer_handling",
    "appointment",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceSpec:
    """A service and its handling-time distribution (log-normal: ``exp(N(mu, sigma²))`` minutes)."""

    id: str
    prefix: str
    name_zh: str
    name_en: str
    department: str
    mu: float
    sigma: float
    target_wait: float = 10.0

    @property
    def mean_handling(self) -> float:
        """The distribution's mean in minutes."""
        return math.exp(self.mu + self.sigma**2 / 2)


@dataclass(frozen=True, slots=True, kw_only=True)
class WindowSpec:
    """A window: its services (with dispatch weights), its officer and its opening shifts."""

    number: int
    services: dict[str, float]
    staff: str
    shifts: tuple[tuple[float, float], ...]  # (open, close); the last close is the end of the day
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffSpec:
    """An officer."""

    staff_number: str
    name: str
    department: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Pause:
    """An officer's pause: begins once the window's current ticket is finished."""

    window: int
    start: float
    minutes: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Citizen:
    """One citizen of the day, with everything that will happen to them decided in advance."""

    arrival: float  # takes a ticket (or checks in) at this minute
    service: str
    handling: float  # minutes at the first window
    no_show: bool = False  # gone by the time the ticket is called
    priority: bool = False  # priority lane (绿色通道)
    transfer: str | None = None  # second service (联办转号) after the first visit
    transfer_handling: float | None = None
    appointment: float | None = None  # booked slot start; booked at day start, checks in on arrival

    def row(self) -> list[Any]:
        """The compact form, in ``CITIZEN_FIELDS`` order."""
        return [
            self.arrival,
            self.service,
            self.handling,
            int(self.no_show),
            int(self.priority),
            self.transfer,
            self.transfer_handling,
            self.appointment,
        ]

    @classmethod
    def from_row(cls, row: list[Any]) -> Citizen:
        """Read back :meth:`row`."""
        values = dict(zip(CITIZEN_FIELDS, row, strict=True))
        return cls(
            arrival=float(values["arrival"]),
            service=str(values["service"]),
            handling=float(values["handling"]),
            no_show=bool(values["no_show"]),
            priority=bool(values["priority"]),
            transfer=values["transfer"],
            transfer_handling=None
            if values["transfer_handling"] is None
            else float(values["transfer_handling"]),
            appointment=None if values["appointment"] is None else float(values["appointment"]),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferenceDay:
    """A whole reference day."""

    name: str
    description: str
    seed: int
    date: date
    timezone: str
    issue_from: float  # the kiosk issues tickets from ...
    issue_until: float  # ... until this minute
    services: tuple[ServiceSpec, ...]
    windows: tuple[WindowSpec, ...]
    staff: tuple[StaffSpec, ...]
    pauses: tuple[Pause, ...]
    citizens: tuple[Citizen, ...]
    meta: dict[str, Any] = field(default_factory=dict)  # how the day was made: free-form figures

    @property
    def tz(self) -> ZoneInfo:
        """The hall's time zone."""
        return ZoneInfo(self.timezone)

    def at(self, minute: float) -> datetime:
        """The aware instant of a minute of the day."""
        return datetime.combine(self.date, time(0), tzinfo=self.tz) + timedelta(minutes=minute)

    def service(self, service_id: str) -> ServiceSpec:
        """A service by id."""
        for spec in self.services:
            if spec.id == service_id:
                return spec
        raise KeyError(service_id)

    def layout_data(self) -> dict[str, Any]:
        """The hall's layout in the plain form ``parse_layout`` reads (the file's own policy)."""
        return {
            "services": [
                {
                    "id": s.id,
                    "prefix": s.prefix,
                    "name": {"zh-Hans": s.name_zh, "en": s.name_en},
                    "target_wait": s.target_wait,
                    "handling_time": round(s.mean_handling, 2),
                }
                for s in self.services
            ],
            "windows": [
                {"number": w.number, "name": w.name, "services": dict(w.services)} for w in self.windows
            ],
            "staff": [
                {"staff_number": p.staff_number, "name": p.name, "department": p.department}
                for p in self.staff
            ],
        }

    # JSON

    def to_json(self) -> str:
        """The file's text: stable, compact, one item per line."""
        head = {
            "name": self.name,
            "description": self.description,
            "seed": self.seed,
            "date": self.date.isoformat(),
            "timezone": self.timezone,
            "issue_from": self.issue_from,
            "issue_until": self.issue_until,
            "meta": self.meta,
        }
        services = [
            {
                "id": s.id,
                "prefix": s.prefix,
                "name": {"zh-Hans": s.name_zh, "en": s.name_en},
                "department": s.department,
                "target_wait": s.target_wait,
                "lognormal": {"mu": s.mu, "sigma": s.sigma},
            }
            for s in self.services
        ]
        windows = [
            {
                "number": w.number,
                "name": w.name,
                "services": w.services,
                "staff": w.staff,
                "shifts": [list(s) for s in w.shifts],
            }
            for w in self.windows
        ]
        staff = [
            {"staff_number": p.staff_number, "name": p.name, "department": p.department} for p in self.staff
        ]
        pauses = [[p.window, p.start, p.minutes] for p in self.pauses]
        parts = [f"{_dumps(k)}: {_dumps(v)}" for k, v in head.items()]
        parts.append(_list_block("services", services))
        parts.append(_list_block("windows", windows))
        parts.append(_list_block("staff", staff))
        parts.append(f'"pause_fields": {_dumps(["window", "start", "minutes"])}')
        parts.append(_list_block("pauses", pauses))
        parts.append(f'"citizen_fields": {_dumps(list(CITIZEN_FIELDS))}')
        parts.append(_list_block("citizens", [c.row() for c in self.citizens]))
        return "{\n" + ",\n".join(parts) + "\n}\n"

    @classmethod
    def from_json(cls, text: str) -> ReferenceDay:
        """Read back :meth:`to_json`."""
        data = json.loads(text)
        if list(data["citizen_fields"]) != list(CITIZEN_FIELDS):
            raise ValueError(f"unexpected citizen fields {data['citizen_fields']}")
        return cls(
            name=data["name"],
            description=data["description"],
            seed=int(data["seed"]),
            date=date.fromisoformat(data["date"]),
            timezone=data["timezone"],
            issue_from=float(data["issue_from"]),
            issue_until=float(data["issue_until"]),
            meta=dict(data.get("meta") or {}),
            services=tuple(
                ServiceSpec(
                    id=s["id"],
                    prefix=s["prefix"],
                    name_zh=s["name"]["zh-Hans"],
                    name_en=s["name"]["en"],
                    department=s["department"],
                    target_wait=float(s["target_wait"]),
                    mu=float(s["lognormal"]["mu"]),
                    sigma=float(s["lognormal"]["sigma"]),
                )
                for s in data["services"]
            ),
            windows=tuple(
                WindowSpec(
                    number=int(w["number"]),
                    name=w.get("name", ""),
                    services={str(k): float(v) for k, v in w["services"].items()},
                    staff=w["staff"],
                    shifts=tuple((float(a), float(b)) for a, b in w["shifts"]),
                )
                for w in data["windows"]
            ),
            staff=tuple(
                StaffSpec(staff_number=p["staff_number"], name=p["name"], department=p["department"])
                for p in data["staff"]
            ),
            pauses=tuple(
                Pause(window=int(w), start=float(s), minutes=float(m)) for w, s, m in data["pauses"]
            ),
            citizens=tuple(Citizen.from_row(row) for row in data["citizens"]),
        )

    def save(self, path: Path) -> None:
        """Write the day's file."""
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> ReferenceDay:
        """Read a day's file (a path, or the name of a committed day such as ``town_hall``)."""
        path = Path(path)
        if not path.suffix and not path.exists():
            path = DAYS_DIR / f"{path}.json"
        return cls.from_json(path.read_text(encoding="utf-8"))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _list_block(key: str, items: list[Any]) -> str:
    if not items:
        return f"{_dumps(key)}: []"
    return f"{_dumps(key)}: [\n" + ",\n".join(" " + _dumps(item) for item in items) + "\n]"
