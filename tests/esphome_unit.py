"""Build and run the host window unit (``esphome/window-unit-host.yaml``) without PlatformIO.

``esphome compile`` needs downloads (PlatformIO, toolchains) and fails offline, but
``esphome compile --only-generate`` works offline, and the generated sources of a ``host:``
configuration build with the machine's g++: every generated ``.cpp`` is compiled with the
``build_flags`` of the generated ``platformio.ini`` (``-D`` defines, ``-std``, warnings) plus
``-I src``, in parallel (``os.cpu_count()`` jobs), and linked with ``-lpthread``. The binary
speaks the real ESPHome native API, so Home Assistant's own ``esphome`` integration connects to
it: a real window unit without hardware.

The host unit has no API encryption (the generated code would need the noise-c library, which
is not available offline); it only ever listens on 127.0.0.1.

Port. The port is compiled in (``api_port`` substitution, 6053), but the host file reads the
environment variable ``SERVICE_HALL_API_PORT`` at boot, before the API server starts, so a
single build serves every port: :func:`start_unit` sets it.

Cache. The binary is cached in ``<repo>/.venv/esphome-host-cache/<key>/`` (``.venv`` is
gitignored), keyed by a hash of every file under ``esphome/`` (without ``secrets.yaml`` and
``.esphome/``), the ESPHome version and the g++ version: repeated runs do not rebuild; any
change to the firmware does (and removes the older builds). A cold build takes about a minute
on two cores; a cached one, the time to hash the files (well under a second).

Without g++ the tests using this are skipped with a message, except under ``CI``: then they
fail. A missing ESPHome venv is handled the same way.
"""

from __future__ import annotations

import configparser
import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .processes import in_ci, stop, wait_for_port

stop_unit = stop  # the name the window-unit tests use

ROOT = Path(__file__).parent.parent
ESPHOME_DIR = ROOT / "esphome"
ESPHOME_BIN = ROOT / ".venv" / "esphome" / "bin" / "esphome"
CACHE_DIR = ROOT / ".venv" / "esphome-host-cache"
UNIT_FILE = "window-unit-host.yaml"
# esphome.name of the host unit (the build directory and the binary are named after it).
NODE_NAME = "window-unit-host"
PORT_ENV = "SERVICE_HALL_API_PORT"
GENERATE_TIMEOUT_S = 300
COMPILE_TIMEOUT_S = 600
START_TIMEOUT_S = 10.0
# Test secrets: the host file removes the API encryption, the key is only there for `!secret`.
SECRETS = (
    'api_key: "c2VydmljZWhhbGwtaG9zdC11bml0LXRlc3Qta2V5MDA="\n'
    'ota_password: "test-ota-password"\n'
    'wifi_ssid: "test-hall"\n'
    'wifi_password: "test-wifi-password"\n'
    'ap_password: "test-ap-password"\n'
)


def skip_or_fail(message: str) -> None:
    """Skip the test; under CI fail instead, because CI must really run it."""
    if in_ci():
        pytest.fail(f"{message}. CI is set, so this is a failure, not a skip.", pytrace=False)
    pytest.skip(message)


def require_tools() -> str:
    """The path of g++; skip (fail under CI) when g++ or the ESPHome venv is missing."""
    gxx = shutil.which("g++")
    if gxx is None:
        skip_or_fail("'g++' not found: the host window unit is built with g++ (apt-get install g++)")
    if not ESPHOME_BIN.exists():
        skip_or_fail(
            f"{ESPHOME_BIN.relative_to(ROOT)} not found: create it with `python3.13 -m venv "
            ".venv/esphome && .venv/esphome/bin/pip install -r requirements/esphome.txt`"
        )
    assert gxx is not None
    return gxx


def _firmware_files() -> list[Path]:
    return sorted(
        path
        for path in ESPHOME_DIR.rglob("*")
        if path.is_file()
        and ".esphome" not in path.relative_to(ESPHOME_DIR).parts
        and not path.name.startswith("secrets.yaml")
    )


def cache_key(gxx: str) -> str:
    """Hash of the firmware files, the ESPHome version and the g++ version."""
    digest = hashlib.sha256()
    for path in _firmware_files():
        digest.update(path.relative_to(ESPHOME_DIR).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for command in ([str(ESPHOME_BIN), "version"], [gxx, "--version"]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
        digest.update(result.stdout.encode())
    digest.update(SECRETS.encode())
    return digest.hexdigest()[:24]


def build_flags(platformio_ini: Path) -> list[str]:
    """The ``build_flags`` of the generated ``platformio.ini`` (the ``[env:...]`` section)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(platformio_ini, encoding="utf-8")
    flags: list[str] = []
    for section in parser.sections():
        if section.startswith("env:"):
            flags.extend(shlex.split(parser.get(section, "build_flags", fallback="")))
    if not flags:
        raise RuntimeError(f"no build_flags in {platformio_ini}")
    return flags


def _compile(gxx: str, flags: list[str], source: Path, obj: Path) -> str | None:
    """Compile one source; the error output on failure, None on success."""
    result = subprocess.run(
        [gxx, *flags, "-c", str(source), "-o", str(obj)],
        capture_output=True,
        text=True,
        timeout=COMPILE_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        return f"{source}:\n{result.stderr[-4000:]}"
    return None


def build_host_unit(work_dir: Path) -> Path:
    """Generate and compile the host window unit; return the binary (cached across runs).

    ``work_dir`` receives the copy of ``esphome/`` and the build when the cache misses; the
    binary itself is kept in the cache directory.
    """
    gxx = require_tools()
    key = cache_key(gxx)
    cached = CACHE_DIR / key / NODE_NAME
    if cached.is_file() and os.access(cached, os.X_OK):
        return cached

    firmware = work_dir / "esphome"
    shutil.copytree(ESPHOME_DIR, firmware, ignore=shutil.ignore_patterns("secrets.yaml", ".esphome"))
    firmware.joinpath("secrets.yaml").write_text(SECRETS, encoding="utf-8")
    result = subprocess.run(
        [str(ESPHOME_BIN), "compile", "--only-generate", UNIT_FILE],
        cwd=firmware,
        capture_output=True,
        text=True,
        timeout=GENERATE_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"esphome compile --only-generate failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    build = firmware / ".esphome" / "build" / NODE_NAME
    src = build / "src"
    flags = [*build_flags(build / "platformio.ini"), f"-I{src}"]
    sources = sorted(src.rglob("*.cpp"))
    if not sources:
        raise RuntimeError(f"no generated sources in {src}")
    objects_dir = build / "obj"
    objects = [objects_dir / f"{index:04d}_{source.stem}.o" for index, source in enumerate(sources)]
    objects_dir.mkdir()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        errors = [
            error
            for error in pool.map(
                lambda pair: _compile(gxx, flags, *pair), zip(sources, objects, strict=True)
            )
            if error
        ]
    if errors:
        raise RuntimeError("g++ failed on the generated host unit:\n" + "\n".join(errors[:3]))

    binary = build / NODE_NAME
    result = subprocess.run(
        [gxx, *(str(obj) for obj in objects), "-o", str(binary), "-lpthread"],
        capture_output=True,
        text=True,
        timeout=COMPILE_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"linking the host unit failed:\n{result.stderr[-4000:]}")

    # Publish atomically: a concurrent run sees either no binary or a complete one.
    cached.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as tmp:
        tmp_path = Path(tmp.name)
    shutil.copy2(binary, tmp_path)
    tmp_path.chmod(0o755)
    tmp_path.replace(cached)
    # Keep only the current build: older keys belong to firmware that is gone.
    for other in CACHE_DIR.iterdir():
        if other.is_dir() and other.name != key:
            shutil.rmtree(other, ignore_errors=True)
    return cached


def start_unit(binary: Path, port: int, log: Path | None = None) -> subprocess.Popen[bytes]:
    """Start the unit listening on 127.0.0.1:``port``; return once the port accepts connections.

    The unit's output goes to ``log`` (default: ``unit.log`` in a new temporary directory).
    ``HOME`` points to the log's directory, because the host
    platform keeps its preferences under ``$HOME/.esphome``. Stop it with :func:`stop_unit`.
    """
    if log is None:
        log = Path(tempfile.mkdtemp(prefix="window-unit-")) / "unit.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, PORT_ENV: str(port), "HOME": str(log.parent)}
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(binary)],
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        wait_for_port(process, port, log, "the host unit", START_TIMEOUT_S)
    except (RuntimeError, TimeoutError):
        stop(process)
        raise
    return process
