"""The ESPHome firmware in esphome/ is valid for the pinned ESPHome (requirements/esphome.txt).

Every unit file (``esphome/*.yaml`` except ``secrets.yaml*``; the packages under
``esphome/common/`` are validated through the units that include them) must pass
``esphome config`` and announce the project ``servicehall.window_unit``, which is how Service
Hall recognises its units in zeroconf discovery. The demo's unit for Home Assistant 2025.4
(``window-unit-demo-password.yaml``, with an API password) is checked by the ESPHome that builds
it, 2025.12 (``.venv/esphome-demo``); ESPHome 2026 has no API passwords. The demo's unit for the
newest Home Assistant (``window-unit-demo.yaml``, an encrypted API) is checked with the pinned one.

ESPHome lives in its own venv (``.venv/esphome``): its pins clash with Home Assistant's. Each run
works on a copy of ``esphome/`` in a temporary directory with generated secrets, so that no real
secret is needed and nothing (``secrets.yaml``, ``.esphome/``, ``.gitignore``) is written into
the repository. ``esphome config`` is offline; the files are checked in parallel.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .esphome_unit import skip_on_foreign_python

ROOT = Path(__file__).parent.parent
ESPHOME_DIR = ROOT / "esphome"
ESPHOME_BIN = ROOT / ".venv" / "esphome" / "bin" / "esphome"
ESPHOME_DEMO_BIN = ROOT / ".venv" / "esphome-demo" / "bin" / "esphome"
DEMO_FILE = "window-unit-demo.yaml"
PASSWORD_DEMO_FILE = "window-unit-demo-password.yaml"
PROJECT_NAME = "servicehall.window_unit"
TIMEOUT_S = 300


def unit_files() -> list[str]:
    """Unit configurations: top-level YAML files of esphome/, without secrets."""
    return sorted(
        path.name for path in ESPHOME_DIR.glob("*.yaml") if not path.name.startswith("secrets.yaml")
    )


def write_secrets(directory: Path) -> None:
    """Test secrets: a valid 32-byte base64 API key and placeholder passwords."""
    api_key = base64.b64encode(os.urandom(32)).decode()
    directory.joinpath("secrets.yaml").write_text(
        f'api_key: "{api_key}"\n'
        'ota_password: "test-ota-password"\n'
        'wifi_ssid: "test-hall"\n'
        'wifi_password: "test-wifi-password"\n'
        'ap_password: "test-ap-password"\n',
        encoding="utf-8",
    )


def esphome_config(workdir: Path, name: str) -> tuple[str, subprocess.CompletedProcess[str]]:
    """Run ``esphome config`` on one unit file in the copied directory (the demo's with its ESPHome)."""
    result = subprocess.run(
        [str(ESPHOME_DEMO_BIN if name == PASSWORD_DEMO_FILE else ESPHOME_BIN), "config", name],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    return name, result


def test_unit_files_exist() -> None:
    """The TM1637, MAX7219, host and demo units are all there (and so are checked below)."""
    assert {
        "window-unit.yaml",
        "window-unit-max7219.yaml",
        "window-unit-host.yaml",
        DEMO_FILE,
        PASSWORD_DEMO_FILE,
    } <= set(unit_files())
    assert (ESPHOME_DIR / "common" / "window-unit-base.yaml").is_file()
    assert (ESPHOME_DIR / "secrets.yaml.example").is_file()


def test_esphome_config_valid(tmp_path: Path) -> None:
    """``esphome config`` accepts every unit and shows the Service Hall project name."""
    for binary, requirements in ((ESPHOME_BIN, "esphome"), (ESPHOME_DEMO_BIN, "esphome-demo")):
        skip_on_foreign_python(binary)
        if not binary.exists():
            message = (
                f"{binary.relative_to(ROOT)} not found: create it with "
                f"`python3.13 -m venv .venv/{requirements} && .venv/{requirements}/bin/pip install "
                f"-r requirements/{requirements}.txt`"
            )
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)

    workdir = tmp_path / "esphome"
    shutil.copytree(ESPHOME_DIR, workdir, ignore=shutil.ignore_patterns("secrets.yaml", ".esphome"))
    write_secrets(workdir)
    names = unit_files()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        results = list(pool.map(lambda name: esphome_config(workdir, name), names))
    elapsed = time.monotonic() - started
    print(f"esphome config on {len(names)} files: {elapsed:.1f} s")

    failures = [
        f"{name}: exit {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        for name, result in results
        if result.returncode != 0
    ]
    assert not failures, "\n\n".join(failures)
    missing = [name for name, result in results if PROJECT_NAME not in result.stdout]
    assert not missing, f"{PROJECT_NAME} not in the validated config of {missing}"
