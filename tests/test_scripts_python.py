"""Which Python the scripts take for the newest Home Assistant (scripts/lib.sh, sh_find_python314).

A machine with its own Python >= 3.14.2 uses it, without the chroot of scripts/py314; an older
3.14 is passed over; with none and no chroot allowed, the script says what to install. The
interpreters here are small stand-ins that answer ``--version`` and ``sys.executable`` as a
real one does, so the choice is tested without installing Pythons.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[1] / "scripts" / "lib.sh"


def _fake_python(folder: Path, version: str) -> Path:
    """A ``python3.14`` that says it is ``version``."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "python3.14"
    program.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = --version ]; then echo "Python {version}"; exit 0; fi\n'
        f'if [ "$1" = -c ]; then echo "{program}"; exit 0; fi\n'
        "exit 1\n",
        encoding="utf-8",
    )
    program.chmod(0o755)
    return program


def _find(tmp_path: Path, path: list[Path], **env: str) -> subprocess.CompletedProcess[str]:
    """Run sh_find_python314 with PATH = ``path`` + the system's; print what it chose."""
    script = f'source "{LIB}"; sh_find_python314 || exit 3; echo "python=$SH_PYTHON"; echo "in=${{SH_IN[*]}}"'
    environment = {
        "PATH": ":".join([*map(str, path), "/usr/bin", "/bin"]),
        "HOME": str(tmp_path / "home"),  # no pyenv Pythons of this machine
        "PYENV_ROOT": str(tmp_path / "pyenv"),
        "SH_PY314_CHROOT": "0",  # never build a chroot here
        **env,
    }
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=environment, timeout=60, check=False
    )


def test_own_python_is_used_without_chroot(tmp_path: Path) -> None:
    own = _fake_python(tmp_path / "bin", "3.14.2")
    result = _find(tmp_path, [tmp_path / "bin"])
    assert result.returncode == 0, result.stderr
    assert f"python={own}" in result.stdout
    assert "in=\n" in result.stdout  # run directly, not through scripts/py314


@pytest.mark.parametrize("version", ["3.14.1", "3.14.0", "3.13.9", "3.15.0"])
def test_too_old_or_other_python_is_passed_over(tmp_path: Path, version: str) -> None:
    _fake_python(tmp_path / "bin", version)
    result = _find(tmp_path, [tmp_path / "bin"])
    assert result.returncode == 3
    assert "Python 3.14.2 or newer not found" in result.stderr
    assert "pyenv install 3.14" in result.stderr  # says what to install


def test_explicit_choice_and_pyenv(tmp_path: Path) -> None:
    _fake_python(tmp_path / "bin", "3.14.1")  # on PATH, too old
    chosen = _fake_python(tmp_path / "chosen", "3.14.10")
    result = _find(tmp_path, [tmp_path / "bin"], SH_PYTHON314=str(chosen))
    assert f"python={chosen}" in result.stdout

    pyenv = _fake_python(tmp_path / "pyenv" / "versions" / "3.14.3" / "bin", "3.14.3")
    result = _find(tmp_path, [tmp_path / "bin"])
    assert f"python={pyenv}" in result.stdout
    assert "in=\n" in result.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="the chroot needs root")
def test_chroot_is_the_fallback(tmp_path: Path) -> None:
    """Without a Python of its own, a root Debian machine gets the chroot's python3.14 (when
    scripts/py314 has built it: here only if it exists, since a build downloads)."""
    root = Path(os.environ.get("SH_PY314_ROOT", "/opt/service-hall/py314"))
    if not (root / ".service-hall-py314-ok").is_file():
        pytest.skip(f"no chroot in {root}")
    result = _find(tmp_path, [], SH_PY314_CHROOT="1")
    assert result.returncode == 0, result.stderr
    assert "python=/usr/bin/python3.14" in result.stdout
    assert "scripts/py314 exec" in result.stdout
