"""The day's report as text, for a supervisor's phone or an e-mail (简体中文 or English).

It is written from a day's figures (``DayStats.summary()``, today's or an archived day's),
so yesterday's report reads like today's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_TEXTS: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "title": "{hall} {date} 日报",
        "tickets": "取号 {issued} · 办结 {served} · 过号 {no_shows} · 取消 {cancelled} · 未办结 {expired}",
        "waits": "平均等候 {mean_wait} · 90% 在 {p90_wait}内",
        "handling": "平均办理 {mean_handling}",
        "satisfaction": "满意度 {satisfaction}(评价 {rated} 条,差评 {low} 条)",
        "no_ratings": "满意度 —(无评价)",
        "services": "事项:",
        "service": "{name} 办结 {served},平均等候 {mean_wait}",
        "staff": "工作人员:",
        "officer": "{name} 办结 {served},满意度 {satisfaction}",
        "record": ",离岗 {away} 分钟,电话 {phone} 次,提醒 {alerts} 次(已确认 {acks})",
        "alerts": "值守提醒 {alerts} 次,已确认 {acknowledged} 次",
        "minutes": "{value:g} 分钟",
        "none": "—",
        "sep": ";",
    },
    "en": {
        "title": "{hall} daily report, {date}",
        "tickets": "Tickets {issued} · served {served} · no-shows {no_shows} · cancelled {cancelled}"
        " · unfinished {expired}",
        "waits": "Mean wait {mean_wait} · 90% within {p90_wait}",
        "handling": "Mean handling time {mean_handling}",
        "satisfaction": "Satisfaction {satisfaction} ({rated} ratings, {low} low)",
        "no_ratings": "Satisfaction — (no ratings)",
        "services": "Services:",
        "service": "{name}: served {served}, mean wait {mean_wait}",
        "staff": "Staff:",
        "officer": "{name}: served {served}, satisfaction {satisfaction}",
        "record": ", away {away} min, phone {phone}, alerts {alerts} ({acks} acknowledged)",
        "alerts": "Supervision alerts {alerts}, acknowledged {acknowledged}",
        "minutes": "{value:g} min",
        "none": "—",
        "sep": "; ",
    },
}


def _minutes(texts: Mapping[str, str], value: float | None) -> str:
    return texts["none"] if value is None else texts["minutes"].format(value=round(value, 1))


def _share(texts: Mapping[str, str], share: float | None) -> str:
    return texts["none"] if share is None else f"{share * 100:.1f}%"


def report_text(
    day: Mapping[str, Any],
    *,
    hall: str,
    language: str,
    service_names: Mapping[str, str],
    staff_names: Mapping[str, str],
) -> str:
    """The report of a day's figures, one line per subject."""
    texts = _TEXTS["zh-Hans" if language == "zh-Hans" else "en"]
    ratings: Mapping[str, int] = day.get("ratings", {})
    lines = [
        texts["title"].format(hall=hall, date=day["date"]),
        texts["tickets"].format(
            issued=day.get("issued", 0),
            served=day.get("served", 0),
            no_shows=day.get("no_shows", 0),
            cancelled=day.get("cancelled", 0),
            expired=day.get("expired", 0),
        ),
        texts["waits"].format(
            mean_wait=_minutes(texts, day.get("mean_wait")), p90_wait=_minutes(texts, day.get("p90_wait"))
        ),
        texts["handling"].format(mean_handling=_minutes(texts, day.get("mean_handling"))),
    ]
    rated = sum(ratings.values())
    if rated:
        lines.append(
            texts["satisfaction"].format(
                satisfaction=_share(texts, day.get("satisfaction")),
                rated=rated,
                low=ratings.get("1", 0) + ratings.get("2", 0),
            )
        )
    else:
        lines.append(texts["no_ratings"])
    services: Mapping[str, Mapping[str, Any]] = day.get("services", {})
    if served := [(sid, figures) for sid, figures in services.items() if figures.get("served")]:
        lines.append(
            texts["services"]
            + texts["sep"].join(
                texts["service"].format(
                    name=service_names.get(sid, sid),
                    served=figures["served"],
                    mean_wait=_minutes(texts, figures.get("mean_wait")),
                )
                for sid, figures in sorted(served, key=lambda item: -int(item[1]["served"]))
            )
        )
    staff: Mapping[str, Mapping[str, Any]] = day.get("staff", {})
    records: Mapping[str, Mapping[str, Any]] = day.get("supervision", {})
    if people := sorted(set(staff) | set(records)):
        officers = []
        for number in people:
            figures = staff.get(number, {})
            line = texts["officer"].format(
                name=f"{staff_names[number]} ({number})" if number in staff_names else number,
                served=figures.get("served", 0),
                satisfaction=_share(texts, figures.get("satisfaction")),
            )
            if (record := records.get(number)) is not None:
                line += texts["record"].format(
                    away=f"{round(float(record.get('away_minutes', 0)), 1):g}",
                    phone=record.get("phone_episodes", 0),
                    alerts=record.get("alerts", 0),
                    acks=record.get("acknowledgements", 0),
                )
            officers.append(line)
        lines.append(texts["staff"] + texts["sep"].join(officers))
    if day.get("alerts"):
        lines.append(texts["alerts"].format(alerts=day["alerts"], acknowledged=day.get("acknowledged", 0)))
    return "\n".join(lines)
