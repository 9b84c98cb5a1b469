"""A duration as people say it, in both languages: seconds under a minute, never "0 minutes".

The blueprints carry the same rule as a Jinja macro (``DURATION_MACRO``); a test renders it for
the same values and compares, so the phone, the voice and the screens say the same thing.
"""

from __future__ import annotations

_UNITS = {
    "zh-Hans": {"s": " 秒", "min": " 分钟", "min_s": " 分 ", "h": " 小时", "h_min": " 小时 "},
    "en": {"s": " s", "min": " min", "min_s": " min ", "h": " h", "h_min": " h "},
}


def duration_text(seconds: float, language: str = "zh-Hans") -> str:
    """``45 秒``, ``1 分 30 秒``, ``20 分钟``, ``1 小时 5 分钟`` (``45 s``, ``1 min 30 s``, ...).

    Whole seconds (half up) under an hour; from an hour on, whole minutes.
    """
    units = _UNITS["zh-Hans" if language.startswith("zh") else "en"]
    n = int(max(float(seconds), 0.0) + 0.5)
    if n < 60:
        return f"{n}{units['s']}"
    if n < 3600:
        minutes, rest = divmod(n, 60)
        return f"{minutes}{units['min']}" if rest == 0 else f"{minutes}{units['min_s']}{rest}{units['s']}"
    hours, minutes = divmod((n + 30) // 60, 60)
    return f"{hours}{units['h']}" if minutes == 0 else f"{hours}{units['h_min']}{minutes}{units['min']}"


# The same rule for the blueprints' templates (each blueprint holds this text verbatim).
DURATION_MACRO = (
    "{%- macro duration(seconds, zh) -%}"
    "{%- set n = ([seconds | float(0), 0] | max + 0.5) | int -%}"
    "{%- set u = ['秒', '分钟', '分', '小时'] if zh else ['s', 'min', 'min', 'h'] -%}"
    "{%- if n < 60 -%}{{ n }} {{ u[0] }}"
    "{%- elif n < 3600 -%}{{ n // 60 }} {{ u[1] if n % 60 == 0 else u[2] ~ ' ' ~ (n % 60) ~ ' ' ~ u[0] }}"
    "{%- else -%}{%- set m = (n + 30) // 60 -%}"
    "{{ m // 60 }} {{ u[3] if m % 60 == 0 else u[3] ~ ' ' ~ (m % 60) ~ ' ' ~ u[1] }}"
    "{%- endif -%}"
    "{%- endmacro -%}"
)
