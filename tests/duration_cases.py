"""How long, in words: the cases every copy of the rule is checked on (hall, blueprints, cards).

(seconds, Chinese, English), as hall/durations.py says them.
"""

from __future__ import annotations

CASES = [
    (0, "0 秒", "0 s"),
    (0.4, "0 秒", "0 s"),
    (45, "45 秒", "45 s"),
    (59.4, "59 秒", "59 s"),
    (59.5, "1 分钟", "1 min"),  # whole seconds, half up
    (60, "1 分钟", "1 min"),
    (90, "1 分 30 秒", "1 min 30 s"),
    (300, "5 分钟", "5 min"),
    (1200, "20 分钟", "20 min"),
    (3599, "59 分 59 秒", "59 min 59 s"),
    (3600, "1 小时", "1 h"),
    (3725, "1 小时 2 分钟", "1 h 2 min"),  # from an hour on, whole minutes
    (5400, "1 小时 30 分钟", "1 h 30 min"),
    (7200, "2 小时", "2 h"),
    (-5, "0 秒", "0 s"),  # a clock set back says nothing odd
]
