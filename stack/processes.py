"""Starting and stopping the real programs of the living hall and of the end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

HOST = "127.0.0.1"  # the test plugin allows sockets to this address only


def in_ci() -> bool:
    """True when the CI variable is set to anything but an empty/false value."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a program (kill it if it does not stop within 5 s)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_for_port(process: subprocess.Popen[bytes], port: int, log: Path, what: str, timeout: float) -> None:
    """Return once ``what`` accepts connections on the port; fail, with its log, if it exits or is late."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"{what} exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}"
            )
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{what} did not listen on {HOST}:{port} within {timeout:g} s:\n"
                    f"{log.read_text(errors='replace')[-4000:]}"
                ) from None
            time.sleep(0.05)


def run_command_env(demo_dir: Path, port: int, mqtt_port: int, unit_port: int) -> dict[str, str]:
    """The environment of a ``scripts/run`` of its own: runtime folder and ports (tests, benchmarks)."""
    return os.environ | {
        "SH_DEMO_DIR": str(demo_dir),
        "SH_PORT": str(port),
        "SH_MQTT_PORT": str(mqtt_port),
        "SH_UNIT_PORT": str(unit_port),
    }


def start_run_command(
    arguments: list[str], *, demo_dir: Path, port: int, mqtt_port: int, unit_port: int, log: Path
) -> subprocess.Popen[bytes]:
    """``scripts/run ARGUMENTS`` on a runtime folder and ports of its own, in a session of its own.

    Its output goes to ``log``. Tests and benchmarks stop it with SIGINT, as Ctrl-C would.
    """
    root = Path(__file__).resolve().parent.parent
    with log.open("wb") as out:
        return subprocess.Popen(
            ["bash", str(root / "scripts" / "run"), *arguments],
            cwd=root,
            env=run_command_env(demo_dir, port, mqtt_port, unit_port),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
