"""The materials guide: how long the loader and a checklist take, for the examples and a big guide.

    ./scripts/bench materials [--repeat N]

A hall reads its guides at setup (in the executor) and on `reload_materials`; a kiosk asks for a
checklist per citizen. Prints the median time to read each example file, a generated guide of
60 questions and 300 conditional documents (a big service), all of a Dalang-size hall's 800
services at once, and one checklist of the big guide. No targets are set by the issue: these are
the figures to watch.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from custom_components.service_hall.hall.materials import read_guide, read_guides  # noqa: E402

EXAMPLES = ROOT / "demo" / "config" / "service_hall" / "materials"


def big_guide(service: str, questions: int = 60, documents: int = 300) -> bytes:
    """A guide with yes/no questions, each after the first asked only on an earlier answer."""
    lines = [f"service: {service}", "title: {zh-Hans: 大事项, en: Big service}", "questions:"]
    for q in range(questions):
        lines += [
            f"  - id: q{q}",
            f"    text: {{zh-Hans: 问题 {q}, en: Question {q}}}",
            *([f'    when: {{q{q - 1}: ["yes", "no"]}}'] if q else []),
            "    options:",
            '      - {id: "yes", text: {zh-Hans: 是, en: "Yes"}}',
            '      - {id: "no", text: {zh-Hans: 否, en: "No"}}',
        ]
    lines.append("documents:")
    for d in range(documents):
        lines += [
            f"  - id: d{d}",
            f"    text: {{zh-Hans: 材料 {d}, en: Document {d}}}",
            "    form: original_and_copy",
            f"    copies: {1 + d % 3}",
            f'    when: [{{q{d % questions}: "yes"}}, {{q{(d * 7) % questions}: "no"}}]',
            f'    unless: {{q{(d * 3) % questions}: "no", q{(d * 3 + 1) % questions}: "no"}}',
        ]
    return ("\n".join(lines) + "\n").encode()


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    services = ["business", "household", "social_insurance", "big"]
    for path in sorted(EXAMPLES.glob("*.yaml")):
        content = path.read_bytes()
        ms = median_ms(lambda c=content, n=path.name: read_guide(n, c, services), args.repeat)
        print(f"read {path.name:24} {len(content):>7,} bytes  {ms:8.2f} ms")
    big = big_guide("big")
    guide, mistakes = read_guide("big.yaml", big, services)
    assert guide is not None and not mistakes, mistakes
    ms = median_ms(lambda: read_guide("big.yaml", big, services), args.repeat)
    print(f"read {'big.yaml (60 q, 300 docs)':24} {len(big):>7,} bytes  {ms:8.2f} ms")
    hall = [(f"s{i}.yaml", big_guide(f"s{i}", 8, 20)) for i in range(800)]
    ms = median_ms(lambda: read_guides(hall, [f"s{i}" for i in range(800)]), max(1, args.repeat // 10))
    print(f"read 800 guides (8 q, 20 docs each)   {sum(len(c) for _, c in hall):>9,} bytes  {ms:8.1f} ms")
    answers = {f"q{q}": "yes" if q % 2 else "no" for q in range(60)}
    checklist = guide.checklist(answers)
    ms = median_ms(lambda: guide.checklist(answers), args.repeat * 10)
    print(f"checklist of the big guide ({len(checklist.documents)} documents)  {ms * 1000:8.1f} µs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
