"""Reference days generated reproducibly from a seed: ``python -m simulator.generate [--out DIR]``.

Rewrites ``simulator/days/town_hall.json`` and ``simulator/days/large_hall.json`` (or writes
them into ``--out``). The same seed always gives byte-identical files.

How the days are made (what is realistic about them, and where the figures come from):

* **Arrivals** are a non-homogeneous Poisson process (sampled by thinning) over the kiosk's
  hours, 08:30–17:00: a small burst at the door at opening, a morning peak around 10:00
  (09:30–10:30), a lunch lull (12:00–13:30, about 40% of the base rate) and an afternoon
  peak around 15:00 (14:30–15:30); the peaks reach about twice the day's mean rate. The
  expected total is the day's target (about 500 and 4,000). Each arrival's service is drawn
  by the services' shares of the day's cases.
* **Handling** is log-normal by service (``sigma`` 0.45–0.65, i.e. a coefficient of variation
  of about 0.5–0.7, as handling times are in practice); the means are scaled so that the
  town hall's case-weighted mean is 3.2 minutes, as in PRODUCT.md.
* About 5% of citizens are **no-shows** (gone when called), 4% are **transferred** to a second,
  related service after their first visit (联办转号; same department where it has one),
  2% take the **priority** lane and 10% **booked** a half-hour slot (they arrive from ten
  minutes before to twenty after its start and check in).
* **Staffing.** Every officer takes a 15-minute break in the morning and one in the afternoon
  and a few short pauses (2–8 minutes: a phone call, fetching a file) at random times, and
  goes to lunch in one of two rotations (12:00–13:00 or 13:00–14:00), so half the windows
  stay open over lunch. Windows close at 17:30; tickets still waiting then are served in
  overtime (the simulator closes a window at its last closing time only once nothing waits
  for it).

Town hall (Shipai-like, PRODUCT.md: about 11,049 cases a month, i.e. 500 a working day, mean
handling 3.2 minutes): six services behind eight comprehensive windows (综合窗口) that all
serve every service with equal weights. Four officers sit all day (windows 1-4, two of them
over lunch); windows 5-8 are flex windows that officers doing back-office work open once the
peaks have built up (10:00-11:30 and 15:00-16:30). That staffing, not the arrivals, puts the
realised mean wait at several minutes, the order of the real hall's 8.1 (with all eight
windows open all day it would be under a minute: 500 cases of 3.2 minutes are about 3
erlangs over the day).

Large hall (Dalang-like, 60 windows): fourteen departments of two to four services each,
about 4,000 cases. Six comprehensive windows in front serve the twelve busiest services of
all departments; the other 54 windows are departmental, shared out over the departments in
proportion to their offered load (largest remainder, at least two each). A departmental
window serves every service of its department when it has two or three, and three of the
four (a different one left out at each window, in turn) when it has four; its officer is also
trained for the next department's services (a chain through all fourteen: "two skills per
window", PRODUCT.md). Weights are 1. As in the town hall, one departmental window in three is
a flex window opened at the peaks (10:00-11:30, 15:00-16:30); with all 60 windows open all
day the hall would run at under half its capacity and hardly anyone would wait.
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .day import DAYS_DIR, Citizen, Pause, ReferenceDay, ServiceSpec, StaffSpec, WindowSpec

DATE = date(2026, 11, 23)  # a Monday
TIMEZONE = "Asia/Shanghai"
ISSUE_FROM = 8 * 60 + 30
ISSUE_UNTIL = 17 * 60
OPEN = 8 * 60 + 30
CLOSE = 17 * 60 + 30
LUNCH = ((12 * 60, 13 * 60), (13 * 60, 14 * 60))  # two rotations
FLEX_SHIFTS = ((10 * 60, 11 * 60 + 30), (15 * 60, 16 * 60 + 30))
TOWN_FULL_DAY = 4  # windows 1-4 staffed all day; 5-8 are flex windows

NO_SHOW = 0.05
TRANSFER = 0.04
PRIORITY = 0.02
APPOINTMENT = 0.10
SLOT = 30  # minutes
BREAK_MINUTES = 15
SHORT_PAUSES = 3  # mean per officer and day
SEEDS = {"town_hall": 20261123, "large_hall": 20261124}


@dataclass(frozen=True, slots=True)
class ServiceDraft:
    """A service before sampling: its share of the day's cases and its handling."""

    id: str
    prefix: str
    zh: str
    en: str
    department: str
    share: float
    mean: float
    sigma: float


def arrival_shape(minute: float) -> float:
    """Relative arrival rate over the day: opening burst, two peaks, a lunch lull."""
    rate = 1.0
    rate += 0.8 * math.exp(-(((minute - (OPEN + 5)) / 8) ** 2) / 2)  # waiting at the door
    rate += 1.5 * math.exp(-(((minute - 600) / 35) ** 2) / 2)  # 10:00
    rate += 1.3 * math.exp(-(((minute - 900) / 35) ** 2) / 2)  # 15:00
    if 720 <= minute < 810:  # lunch, with half-hour ramps
        rate *= 0.4 + 0.6 * max(0.0, 1 - (minute - 720) / 20) + 0.6 * max(0.0, 1 - (810 - minute) / 20)
    return rate


def arrival_times(rng: random.Random, expected: float) -> list[float]:
    """A non-homogeneous Poisson process over the kiosk's hours with ``expected`` arrivals."""
    step = 0.5
    grid = [ISSUE_FROM + step * (i + 0.5) for i in range(int((ISSUE_UNTIL - ISSUE_FROM) / step))]
    integral = sum(arrival_shape(t) for t in grid) * step
    scale = expected / integral
    peak = max(arrival_shape(t) for t in grid) * scale * 1.05
    times: list[float] = []
    t = float(ISSUE_FROM)
    while True:
        t += rng.expovariate(peak)
        if t >= ISSUE_UNTIL:
            return times
        if rng.random() * peak < arrival_shape(t) * scale:
            times.append(t)


def lognormal_mu(mean: float, sigma: float) -> float:
    """``mu`` of a log-normal distribution with this mean."""
    return math.log(mean) - sigma**2 / 2


def specs(drafts: Sequence[ServiceDraft], target_mean: float | None) -> tuple[ServiceSpec, ...]:
    """Service specs; means scaled so the share-weighted mean is ``target_mean`` (when given)."""
    total = sum(d.share for d in drafts)
    weighted = sum(d.share * d.mean for d in drafts) / total
    factor = target_mean / weighted if target_mean else 1.0
    return tuple(
        ServiceSpec(
            id=d.id,
            prefix=d.prefix,
            name_zh=d.zh,
            name_en=d.en,
            department=d.department,
            mu=round(lognormal_mu(d.mean * factor, d.sigma), 4),
            sigma=d.sigma,
            target_wait=10.0,
        )
        for d in drafts
    )


def sample_handling(rng: random.Random, spec: ServiceSpec) -> float:
    """Minutes of one visit (at least six seconds)."""
    return max(0.1, round(rng.lognormvariate(spec.mu, spec.sigma), 2))


def citizens(
    rng: random.Random,
    services: Sequence[ServiceSpec],
    shares: Sequence[float],
    expected: float,
    related: dict[str, list[str]],
) -> tuple[Citizen, ...]:
    """The day's citizens, in arrival order."""
    by_id = {s.id: s for s in services}
    out: list[Citizen] = []
    for arrival in arrival_times(rng, expected):
        spec = rng.choices(services, weights=shares)[0]
        handling = sample_handling(rng, spec)
        no_show = rng.random() < NO_SHOW
        transfer = transfer_handling = None
        if not no_show and rng.random() < TRANSFER:
            transfer = rng.choice(related[spec.id])
            transfer_handling = sample_handling(rng, by_id[transfer])
        appointment: float | None = None
        priority = False
        if rng.random() < APPOINTMENT:
            slot = math.floor((arrival + 10) / SLOT) * SLOT
            if 9 * 60 <= slot <= 16 * 60 + 30:
                appointment = float(slot)
        if appointment is None and rng.random() < PRIORITY:
            priority = True
        out.append(
            Citizen(
                arrival=round(arrival, 2),
                service=spec.id,
                handling=handling,
                no_show=no_show,
                priority=priority,
                transfer=transfer,
                transfer_handling=transfer_handling,
                appointment=appointment,
            )
        )
    return tuple(out)


def lunch_shifts(rotation: int) -> tuple[tuple[float, float], ...]:
    """A full day with lunch in one of the two rotations."""
    start, end = LUNCH[rotation % 2]
    return ((float(OPEN), float(start)), (float(end), float(CLOSE)))


def pauses_for(rng: random.Random, window: int, shifts: Sequence[tuple[float, float]]) -> list[Pause]:
    """An officer's breaks (one a half-day) and short pauses, inside the window's shifts."""

    def inside(start: float, minutes: float) -> bool:
        return any(a <= start and start + minutes <= b for a, b in shifts)

    out: list[Pause] = []
    full_day = shifts[-1][1] - shifts[0][0] > 6 * 60
    if full_day:
        for low, high in ((9 * 60 + 45, 11 * 60 + 30), (14 * 60 + 30, 16 * 60 + 30)):
            start = round(rng.uniform(low, high), 1)
            if inside(start, BREAK_MINUTES):
                out.append(Pause(window=window, start=start, minutes=float(BREAK_MINUTES)))
    count = poisson(rng, SHORT_PAUSES if full_day else SHORT_PAUSES / 2)
    for _ in range(count):
        start = round(rng.uniform(shifts[0][0], shifts[-1][1]), 1)
        minutes = round(rng.uniform(2, 8), 1)
        if inside(start, minutes):
            out.append(Pause(window=window, start=start, minutes=minutes))
    return out


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method: small means only)."""
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def largest_remainder(weights: Sequence[float], total: int, minimum: int) -> list[int]:
    """``total`` seats shared in proportion to ``weights``, at least ``minimum`` each."""
    counts = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError("not enough seats for the minimum")
    whole = sum(weights)
    quotas = [w / whole * rest for w in weights]
    for i, q in enumerate(quotas):
        counts[i] += math.floor(q)
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - math.floor(quotas[i])), i))
    for i in order[:left]:
        counts[i] += 1
    return counts


# ----------------------------------------------------------------------------- town hall

TOWN_SERVICES = (
    ServiceDraft("id_card", "A", "身份证", "ID card", "公安", 0.28, 2.4, 0.45),
    ServiceDraft("household", "B", "户籍", "Household registration", "公安", 0.14, 4.0, 0.55),
    ServiceDraft("social", "C", "社保", "Social insurance", "人社", 0.20, 3.0, 0.5),
    ServiceDraft("medical", "D", "医保", "Medical insurance", "医保", 0.16, 2.6, 0.5),
    ServiceDraft("tax", "E", "税务", "Tax", "税务", 0.12, 4.2, 0.6),
    ServiceDraft("business", "F", "商事登记", "Business registration", "市场监管", 0.10, 4.8, 0.6),
)
TOWN_RELATED = {
    "id_card": ["household"],
    "household": ["id_card"],
    "social": ["medical"],
    "medical": ["social"],
    "tax": ["business"],
    "business": ["tax"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "芳强伟敏静丽军磊洋勇艳杰娟涛明超秀霞平刚桂英华玲"


def person_name(rng: random.Random) -> str:
    """A plausible Chinese name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def town_hall(seed: int = SEEDS["town_hall"]) -> ReferenceDay:
    """The town hall: eight comprehensive windows, about 500 cases, mean handling 3.2 minutes."""
    rng = random.Random(seed)
    services = specs(TOWN_SERVICES, 3.2)
    every = {s.id: 1.0 for s in services}
    windows: list[WindowSpec] = []
    staff: list[StaffSpec] = []
    pauses: list[Pause] = []
    for number in range(1, 9):
        staff_number = f"SP{number:03d}"
        staff.append(StaffSpec(staff_number=staff_number, name=person_name(rng), department="综合"))
        shifts = (
            lunch_shifts(number)
            if number <= TOWN_FULL_DAY
            else tuple((float(a), float(b)) for a, b in FLEX_SHIFTS)
        )
        windows.append(
            WindowSpec(
                number=number,
                name=f"{number}号综合窗口",
                services=dict(every),
                staff=staff_number,
                shifts=shifts,
            )
        )
        pauses.extend(pauses_for(rng, number, shifts))
    people = citizens(rng, services, [d.share for d in TOWN_SERVICES], 500, TOWN_RELATED)
    return ReferenceDay(
        name="town_hall",
        description="Town hall (PRODUCT.md): 8 comprehensive windows, 6 services, about 500 cases, mean handling 3.2 min",
        seed=seed,
        date=DATE,
        timezone=TIMEZONE,
        issue_from=float(ISSUE_FROM),
        issue_until=float(ISSUE_UNTIL),
        services=services,
        windows=tuple(windows),
        staff=tuple(staff),
        pauses=tuple(sorted(pauses, key=lambda p: (p.start, p.window))),
        citizens=people,
        meta=day_meta(services, people),
    )


# ----------------------------------------------------------------------------- large hall

DEPARTMENTS: tuple[tuple[str, str, tuple[tuple[str, str, str, float], ...]], ...] = (
    # department (zh, en) and services: id, zh, en, mean handling
    (
        "公安",
        "Police",
        (
            ("hukou", "户籍", "Household registration", 4.0),
            ("idcard", "身份证", "ID card", 2.4),
            ("exit_entry", "出入境", "Exit and entry", 3.6),
            ("vehicles", "车驾管", "Vehicles and licences", 3.2),
        ),
    ),
    (
        "人社",
        "Human resources",
        (
            ("pension", "养老保险", "Pensions", 3.4),
            ("employment", "就业登记", "Employment", 3.0),
            ("social_card", "社保卡", "Social security card", 2.2),
        ),
    ),
    (
        "医保",
        "Medical insurance",
        (
            ("med_enrol", "医保参保", "Medical insurance enrolment", 2.6),
            ("med_claims", "医保报销", "Medical claims", 4.2),
        ),
    ),
    (
        "税务",
        "Tax",
        (
            ("invoices", "发票", "Invoices", 2.8),
            ("tax_returns", "纳税申报", "Tax returns", 4.6),
            ("income_tax", "个税", "Income tax", 3.2),
        ),
    ),
    (
        "市场监管",
        "Market regulation",
        (
            ("company_setup", "企业开办", "Company set-up", 6.0),
            ("food_licence", "食品经营许可", "Food licences", 5.0),
            ("company_change", "变更登记", "Company changes", 4.4),
        ),
    ),
    (
        "不动产",
        "Real estate",
        (
            ("property_reg", "不动产登记", "Property registration", 6.5),
            ("mortgage", "抵押登记", "Mortgages", 5.0),
            ("property_query", "不动产查询", "Property records", 1.8),
        ),
    ),
    (
        "公积金",
        "Housing fund",
        (
            ("fund_withdraw", "公积金提取", "Housing fund withdrawal", 3.0),
            ("fund_loan", "公积金贷款", "Housing fund loans", 6.0),
        ),
    ),
    (
        "民政",
        "Civil affairs",
        (
            ("marriage", "婚姻登记", "Marriage registration", 5.5),
            ("assistance", "社会救助", "Social assistance", 4.5),
        ),
    ),
    (
        "卫健",
        "Health",
        (
            ("birth_reg", "生育登记", "Birth registration", 3.0),
            ("health_cert", "健康证", "Health certificates", 2.0),
        ),
    ),
    (
        "住建",
        "Housing and construction",
        (
            ("property_sale", "房产交易", "Property sales", 7.0),
            ("building_permit", "施工许可", "Building permits", 5.5),
            ("rental_reg", "租赁备案", "Rental registration", 2.8),
        ),
    ),
    (
        "交通",
        "Transport",
        (
            ("road_transport", "道路运输", "Road transport permits", 4.0),
            ("driver_qual", "从业资格", "Professional drivers", 3.2),
        ),
    ),
    (
        "教育",
        "Education",
        (("enrolment", "入学", "School enrolment", 3.5), ("student_record", "学籍", "Student records", 2.5)),
    ),
    (
        "残联",
        "Disabled persons",
        (
            ("disability_card", "残疾人证", "Disability cards", 4.0),
            ("disability_aid", "残疾补贴", "Disability allowances", 3.5),
        ),
    ),
    (
        "水电气",
        "Utilities",
        (
            ("water", "供水", "Water", 2.5),
            ("power", "供电", "Electricity", 2.5),
            ("gas", "燃气", "Gas", 2.5),
            ("telecom", "通信", "Telecoms", 3.0),
        ),
    ),
)
LARGE_WINDOWS = 60
FRONT_WINDOWS = 6
FRONT_SERVICES = 12
LARGE_CASES = 4000
LARGE_FLEX_EVERY = 3  # one departmental window in three is a flex window, open at the peaks


def large_hall(seed: int = SEEDS["large_hall"]) -> ReferenceDay:
    """The large hall: 60 windows in 14 departments of two to four services, about 4,000 cases."""
    rng = random.Random(seed)
    drafts: list[ServiceDraft] = []
    letters = "ABCDEFGHJKLMNP"
    for index, (dept_zh, _dept_en, items) in enumerate(DEPARTMENTS):
        for k, (sid, zh, en, mean) in enumerate(items):
            share = round(rng.lognormvariate(0, 0.7), 3)  # some services are much busier than others
            sigma = round(rng.uniform(0.45, 0.65), 2)
            drafts.append(ServiceDraft(sid, f"{letters[index]}{k + 1}", zh, en, dept_zh, share, mean, sigma))
    services = specs(drafts, None)
    shares = [d.share for d in drafts]
    load = {d.id: d.share * d.mean for d in drafts}
    # Comprehensive windows in front: the busiest services of every department.
    front = sorted(drafts, key=lambda d: (-d.share, d.id))[:FRONT_SERVICES]
    departments = [dept for dept, _en, _items in DEPARTMENTS]
    dept_services = {dept: [d.id for d in drafts if d.department == dept] for dept in departments}
    counts = largest_remainder(
        [sum(load[s] for s in dept_services[dept]) for dept in departments], LARGE_WINDOWS - FRONT_WINDOWS, 2
    )
    windows: list[WindowSpec] = []
    staff: list[StaffSpec] = []
    pauses: list[Pause] = []

    def add(name: str, served: list[str], department: str, *, flex: bool = False) -> None:
        number = len(windows) + 1
        staff_number = f"DL{number:03d}"
        staff.append(StaffSpec(staff_number=staff_number, name=person_name(rng), department=department))
        shifts = tuple((float(a), float(b)) for a, b in FLEX_SHIFTS) if flex else lunch_shifts(number)
        windows.append(
            WindowSpec(
                number=number,
                name=name,
                services=dict.fromkeys(served, 1.0),
                staff=staff_number,
                shifts=shifts,
            )
        )
        pauses.extend(pauses_for(rng, number, shifts))

    for k in range(FRONT_WINDOWS):
        add(f"{k + 1}号综合窗口", [d.id for d in front], "综合")
    for index, (dept, count) in enumerate(zip(departments, counts, strict=True)):
        served = dept_services[dept]
        # Cross-trained in a chain: each window also serves the next department's services.
        neighbour = dept_services[departments[(index + 1) % len(departments)]]
        flex_from = count - count // LARGE_FLEX_EVERY
        for k in range(count):
            if len(served) == 4:
                left_out = served[k % 4]
                mine = [s for s in served if s != left_out]
            else:
                mine = list(served)
            mine.extend(s for s in neighbour if s not in mine)
            add(f"{dept}{k + 1}号窗口", mine, dept, flex=k >= flex_from)
    related = {
        d.id: [s for s in dept_services[d.department] if s != d.id] or [x.id for x in drafts if x.id != d.id]
        for d in drafts
    }
    people = citizens(rng, services, shares, LARGE_CASES, related)
    return ReferenceDay(
        name="large_hall",
        description=(
            "Large hall (Dalang-like): 60 windows, 14 departments of 2-4 services, "
            "6 comprehensive windows for the 12 busiest services, about 4,000 cases"
        ),
        seed=seed,
        date=DATE,
        timezone=TIMEZONE,
        issue_from=float(ISSUE_FROM),
        issue_until=float(ISSUE_UNTIL),
        services=services,
        windows=tuple(windows),
        staff=tuple(staff),
        pauses=tuple(sorted(pauses, key=lambda p: (p.start, p.window))),
        citizens=people,
        meta=day_meta(services, people),
    )


def day_meta(services: Sequence[ServiceSpec], people: Sequence[Citizen]) -> dict[str, float | int]:
    """Figures of the sampled day, for a reader of the file."""
    handling = [c.handling for c in people]
    return {
        "citizens": len(people),
        "mean_handling": round(sum(handling) / len(handling), 3),
        "no_shows": sum(c.no_show for c in people),
        "transfers": sum(c.transfer is not None for c in people),
        "priority": sum(c.priority for c in people),
        "appointments": sum(c.appointment is not None for c in people),
        "services": len(services),
    }


GENERATORS = {"town_hall": town_hall, "large_hall": large_hall}


def generate(out: Path = DAYS_DIR) -> list[Path]:
    """Write every reference day into ``out``; answer the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in GENERATORS.items():
        path = out / f"{name}.json"
        make().save(path)
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=DAYS_DIR, help="directory to write (default: simulator/days)"
    )
    args = parser.parse_args(argv)
    for path in generate(args.out):
        day = ReferenceDay.load(path)
        print(f"{path}: {len(day.citizens)} citizens, {len(day.windows)} windows, {day.meta}")


if __name__ == "__main__":
    main()
