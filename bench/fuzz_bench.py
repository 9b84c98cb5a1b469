"""Benchmark: fuzz a running hall with 12,000 cases (action data, Frigate messages, unit keys).

Runs tests/test_fuzz.py's fuzzing test with more cases, in a test Home Assistant with the sample
hall and MQTT, and prints its figures: cases by kind, accepted, refused with a translated error,
refused by Home Assistant's schema check, failures (unhandled exceptions, untranslated refusals)
and error log records. PASS when there are no failures and no error records.

    .venv/test-2025/bin/python bench/fuzz_bench.py [--cases 12000] [--seed 20261122]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=12_000)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    os.environ["SH_FUZZ_CASES"] = str(args.cases)
    os.environ["SH_FUZZ_SEED"] = str(args.seed)
    os.chdir(ROOT)
    status = pytest.main(
        [
            "tests/test_fuzz.py",
            "-k",
            "refused_cleanly",
            "-q",
            "-s",
            "-p",
            "no:sugar",
            "-p",
            "no:cacheprovider",
        ]
    )
    print("PASS" if status == 0 else "FAIL", f"({args.cases} cases, seed {args.seed})")
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
