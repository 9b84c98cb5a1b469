"""Build and run host window units (``esphome/window-unit-host.yaml``) without PlatformIO.

``esphome compile`` needs downloads (PlatformIO, toolchains) and fails offline, but
``esphome compile --only-generate`` works offline, and the generated sources of a ``host:``
configuration build with the machine's g++: every generated ``.cpp`` is compiled with the
``build_flags`` of the generated ``platformio.ini`` (``-D`` defines, ``-std``, warnings) plus
``-I src``, in parallel (``os.cpu_count()`` jobs), and linked with ``-lpthread``. The binary
speaks the real ESPHome native API, so Home Assistant's own ``esphome`` integration connects to
it: a real window unit without hardware. It listens on the port in ``SERVICE_HALL_API_PORT``.

Three kinds of build:

* the test unit, ``window-unit-host.yaml`` with the pinned ESPHome (``.venv/esphome``), for
  Home Assistant 2026, without API encryption;
* the demo's units for the newest Home Assistant (:func:`build_unit`), one per window,
  ``window-unit-demo.yaml`` with the pinned ESPHome and, as real units have, an encrypted API
  (``api: encryption: key:``; :func:`new_api_key` makes a key). Each has its own node name,
  window and MAC address (Home Assistant tells ESPHome devices apart by MAC, and every host build
  otherwise has the same one). ESPHome's encrypted API calls the noise-c library, which ``esphome
  compile`` would fetch through PlatformIO (no downloads here): our own implementation of the one
  protocol it uses, with the same API, is in ``stack/noise`` and links Debian's libsodium
  (``libsodium-dev``);
* the demo's units for Home Assistant 2025.4 (:func:`build_demo_unit`),
  ``window-unit-demo-password.yaml`` with the ESPHome of ``.venv/esphome-demo`` (2025.12), with
  an API password, because Home Assistant 2025.x always logs in and firmware without a password
  no longer answers the login (``DEMO_PASSWORD``, a demo unit on 127.0.0.1 only).

Cache: binaries are kept in ``<repo>/.venv/esphome-host-cache/<key>/`` (gitignored), keyed by a
hash of every file under ``esphome/`` (without ``secrets.yaml`` and ``.esphome/``), the ESPHome
and g++ versions and the unit's substitutions. A cold build takes about 30 s on two cores; a
cached one the time to hash the files. Builds of firmware that changed are removed.

Standard library only: the run command calls this with the demo's venv (``python -m stack.units``).
"""

from __future__ import annotations

import argparse
import base64
import configparser
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .processes import stop, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
ESPHOME_DIR = ROOT / "esphome"
ESPHOME_BIN = ROOT / ".venv" / "esphome" / "bin" / "esphome"
ESPHOME_DEMO_BIN = ROOT / ".venv" / "esphome-demo" / "bin" / "esphome"
CACHE_DIR = ROOT / ".venv" / "esphome-host-cache"
TEST_FILE = "window-unit-host.yaml"
DEMO_FILE = "window-unit-demo.yaml"
PASSWORD_DEMO_FILE = "window-unit-demo-password.yaml"
TEST_NODE = "window-unit-host"  # esphome.name of the test unit
DEMO_PASSWORD = "servicehall-demo"  # window-unit-demo-password.yaml's api_password (a local demo unit)
NOISE_C = Path(__file__).resolve().parent / "noise"  # our noise-c-shaped Noise (stack/noise)
NOISE_LIBRARY = "esphome/noise-c"  # in the generated platformio.ini when the API is encrypted
PORT_ENV = "SERVICE_HALL_API_PORT"
GENERATE_TIMEOUT_S = 300
COMPILE_TIMEOUT_S = 600
START_TIMEOUT_S = 10.0
# Secrets for the build: the host files remove the API encryption, the key is only there for `!secret`.
SECRETS = (
    'api_key: "c2VydmljZWhhbGwtaG9zdC11bml0LXRlc3Qta2V5MDA="\n'
    'ota_password: "test-ota-password"\n'
    'wifi_ssid: "test-hall"\n'
    'wifi_password: "test-wifi-password"\n'
    'ap_password: "test-ap-password"\n'
)


class UnitToolsMissing(RuntimeError):
    """g++ or the ESPHome venv is not there: no unit can be built."""


def new_api_key() -> str:
    """A new API encryption key: 32 random bytes, base64 (as ``openssl rand -base64 32``)."""
    return base64.b64encode(os.urandom(32)).decode()


def demo_unit(window: int) -> tuple[str, dict[str, str]]:
    """The demo unit of a window: its node name and the substitutions of the demo unit files."""
    name = f"window-unit-{window:02d}"
    return name, {
        "name": name,
        "friendly_name": f"Window unit {window:02d}",
        "window": str(window),
        "mac_address": f"02:53:48:00:00:{window:02X}",  # locally administered, one per window
    }


def require_tools(esphome: Path) -> str:
    """The path of g++; UnitToolsMissing when g++ or ESPHome is missing."""
    gxx = shutil.which("g++")
    if gxx is None:
        raise UnitToolsMissing(
            "'g++' not found: the host window unit is built with g++ (apt-get install g++)"
        )
    if not esphome.exists():
        raise UnitToolsMissing(f"{esphome} not found: create its venv from requirements/ (see scripts/run)")
    return gxx


def _firmware_files() -> list[Path]:
    return sorted(
        path
        for path in ESPHOME_DIR.rglob("*")
        if path.is_file()
        and ".esphome" not in path.relative_to(ESPHOME_DIR).parts
        and not path.name.startswith("secrets.yaml")
    )


def cache_key(gxx: str, esphome: Path, unit_file: str, substitutions: dict[str, str]) -> str:
    """Hash of the firmware files, the ESPHome and g++ versions, and what makes this unit."""
    digest = hashlib.sha256()
    # the Noise sources too: an encrypted unit is built with them
    for path in [*_firmware_files(), *sorted(p for p in NOISE_C.rglob("*") if p.is_file())]:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for command in ([str(esphome), "version"], [gxx, "--version"]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
        digest.update(result.stdout.encode())
    digest.update(SECRETS.encode())
    digest.update(repr((unit_file, sorted(substitutions.items()))).encode())
    return digest.hexdigest()[:24]


def _platformio_env(platformio_ini: Path, option: str) -> str:
    """An option of the ``[env:...]`` sections of the generated ``platformio.ini``."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(platformio_ini, encoding="utf-8")
    return "\n".join(
        parser.get(section, option, fallback="")
        for section in parser.sections()
        if section.startswith("env:")
    )


def build_flags(platformio_ini: Path) -> list[str]:
    """The ``build_flags`` of the generated ``platformio.ini`` (the ``[env:...]`` section)."""
    flags = shlex.split(_platformio_env(platformio_ini, "build_flags"))
    if not flags:
        raise RuntimeError(f"no build_flags in {platformio_ini}")
    return flags


def needs_noise(platformio_ini: Path) -> bool:
    """Whether the generated firmware has an encrypted API (it asks for the noise-c library)."""
    return NOISE_LIBRARY in _platformio_env(platformio_ini, "lib_deps")


def _noise_sources(gcc: str) -> list[tuple[list[str], Path]]:
    """The Noise sources (stack/noise), each with the C compiler command that builds it."""
    if (
        shutil.which("pkg-config")
        and subprocess.run(["pkg-config", "--exists", "libsodium"], check=False).returncode
    ):
        raise UnitToolsMissing(
            "libsodium not found: an encrypted unit links it (apt-get install libsodium-dev)"
        )
    flags = [gcc, "-O2", f"-I{NOISE_C / 'include'}", f"-I{NOISE_C / 'src'}"]
    return [(flags, source) for source in sorted((NOISE_C / "src").rglob("*.c"))]


def _compile(command: list[str], source: Path, obj: Path) -> str | None:
    """Compile one source; the error output on failure, None on success."""
    result = subprocess.run(
        [*command, "-c", str(source), "-o", str(obj)],
        capture_output=True,
        text=True,
        timeout=COMPILE_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        return f"{source}:\n{result.stderr[-4000:]}"
    return None


def build_host_unit(
    work_dir: Path,
    *,
    esphome: Path = ESPHOME_BIN,
    unit_file: str = TEST_FILE,
    substitutions: dict[str, str] | None = None,
) -> Path:
    """Generate and compile a host unit; return the binary (cached across runs).

    ``work_dir`` receives the copy of ``esphome/`` and the build when the cache misses.
    """
    substitutions = substitutions or {}
    gxx = require_tools(esphome)
    key = cache_key(gxx, esphome, unit_file, substitutions)
    node = substitutions.get("name", TEST_NODE)
    cached = CACHE_DIR / key / node
    if cached.is_file() and os.access(cached, os.X_OK):
        return cached

    firmware = work_dir / "esphome"
    shutil.rmtree(firmware, ignore_errors=True)
    shutil.copytree(ESPHOME_DIR, firmware, ignore=shutil.ignore_patterns("secrets.yaml", ".esphome"))
    firmware.joinpath("secrets.yaml").write_text(SECRETS, encoding="utf-8")
    options = [item for name, value in substitutions.items() for item in ("-s", name, value)]
    result = subprocess.run(
        [str(esphome), *options, "compile", "--only-generate", unit_file],
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
    build = firmware / ".esphome" / "build" / node
    src = build / "src"
    command = [gxx, *build_flags(build / "platformio.ini"), f"-I{src}"]
    libraries = ["-lpthread"]
    if not (generated := sorted(src.rglob("*.cpp"))):
        raise RuntimeError(f"no generated sources in {src}")
    sources = [(command, source) for source in generated]
    if needs_noise(build / "platformio.ini"):
        command.append(f"-I{NOISE_C / 'include'}")
        sources += _noise_sources(shutil.which("gcc") or "gcc")
        libraries.append("-lsodium")
    objects_dir = build / "obj"
    objects = [objects_dir / f"{index:04d}_{source.stem}.o" for index, (_c, source) in enumerate(sources)]
    objects_dir.mkdir()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        errors = [
            error
            for error in pool.map(
                lambda job: _compile(job[0][0], job[0][1], job[1]), zip(sources, objects, strict=True)
            )
            if error
        ]
    if errors:
        raise RuntimeError("g++ failed on the generated host unit:\n" + "\n".join(errors[:3]))

    binary = build / node
    result = subprocess.run(
        [gxx, *(str(obj) for obj in objects), "-o", str(binary), *libraries],
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
    _prune()
    return cached


def _prune(keep: int = 8) -> None:
    """Keep the newest builds only (two ESPHome versions, a few units each); older ones are stale."""
    builds = sorted(
        (path for path in CACHE_DIR.iterdir() if path.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for stale in builds[keep:]:
        shutil.rmtree(stale, ignore_errors=True)


def build_unit(
    work_dir: Path, window: int, *, encryption_key: str, esphome: Path = ESPHOME_BIN
) -> tuple[str, Path]:
    """The unit of a window for Home Assistant 2026 (the pinned ESPHome), its API encrypted with
    ``encryption_key`` (base64 of 32 bytes: :func:`new_api_key`): its node name and binary.

    Home Assistant connects to it with that key as the entry's ``noise_psk``.
    """
    name, substitutions = demo_unit(window)
    return name, build_host_unit(
        work_dir,
        esphome=esphome,
        unit_file=DEMO_FILE,
        substitutions=substitutions | {"api_key": encryption_key},
    )


def build_demo_unit(work_dir: Path, window: int, *, esphome: Path = ESPHOME_DEMO_BIN) -> tuple[str, Path]:
    """The unit of a window for Home Assistant 2025.4 (ESPHome 2025.12, the API password
    ``DEMO_PASSWORD``): its node name and binary."""
    name, substitutions = demo_unit(window)
    return name, build_host_unit(
        work_dir, esphome=esphome, unit_file=PASSWORD_DEMO_FILE, substitutions=substitutions
    )


def start_unit(binary: Path, port: int, log: Path | None = None) -> subprocess.Popen[bytes]:
    """Start a unit listening on 127.0.0.1:``port``; return once the port accepts connections.

    The unit's output goes to ``log`` (default: ``unit.log`` in a new temporary directory).
    ``HOME`` points to the log's directory, because the host platform keeps its preferences
    under ``$HOME/.esphome``. The unit runs in a session of its own: Ctrl-C in a terminal does
    not reach it, whoever started it stops it (:func:`stop_unit`).
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
            start_new_session=True,
        )
    try:
        wait_for_port(process, port, log, "the host unit", START_TIMEOUT_S)
    except (RuntimeError, TimeoutError):
        stop(process)
        raise
    return process


stop_unit = stop


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stack.units", description="Build a demo window unit.")
    parser.add_argument("window", type=int, help="the unit's window (node name window-unit-NN)")
    parser.add_argument(
        "--encryption-key",
        help="an encrypted unit for Home Assistant 2026 with this API key (default: the password unit for 2025.4)",
    )
    parser.add_argument("--esphome", type=Path, default=None)
    parser.add_argument("--work-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="window-unit-build-"))
    try:
        if args.encryption_key:
            _name, binary = build_unit(
                work_dir, args.window, encryption_key=args.encryption_key, esphome=args.esphome or ESPHOME_BIN
            )
        else:
            _name, binary = build_demo_unit(work_dir, args.window, esphome=args.esphome or ESPHOME_DEMO_BIN)
    except (UnitToolsMissing, RuntimeError) as err:
        print(err, file=sys.stderr)
        return 1
    print(binary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
