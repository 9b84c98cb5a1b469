# shellcheck shell=bash
# Shared helpers for scripts/test and scripts/run. Source it; do not run it.
#
#   sh_find_python            -> sets SH_PYTHON to a Python 3.13 interpreter, or explains and returns 1
#   sh_find_python314         -> sets SH_PYTHON to a Python >= 3.14.2 and SH_IN to what runs it: the
#                                machine's own (SH_IN empty) or the chroot of scripts/py314
#   sh_ensure_venv NAME REQ [pip args...]
#                             -> creates (or reuses) .venv/NAME from requirement file REQ, with
#                                SH_PYTHON, inside SH_IN when it is set
#
# Environment: SH_PYTHON313, SH_PYTHON314 (interpreters to use), SH_VENVS (where venvs live;
# default .venv/), SH_PY314_CHROOT=0 (never build the chroot).

SH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SH_VENVS="${SH_VENVS:-$SH_ROOT/.venv}"
# Bump when the way venvs are built changes, so that old venvs are rebuilt.
SH_VENV_RECIPE=1
# What runs a venv's programs: empty (this machine) or the chroot (sh_find_python314).
SH_IN=()

export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1

sh_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
sh_warn() { printf 'warning: %s\n' "$*" >&2; }

_sh_is_313() {
    # Answers --version with Python 3.13.x
    local out
    out="$("$@" --version 2>/dev/null)" || return 1
    [[ "$out" == "Python 3.13."* ]]
}

sh_find_python() {
    SH_PYTHON=""
    SH_IN=()
    local candidate root
    # 1. An explicit choice.
    if [[ -n "${SH_PYTHON313:-}" ]] && _sh_is_313 "$SH_PYTHON313"; then
        SH_PYTHON="$SH_PYTHON313"
        return 0
    fi
    # 2. A python3.13 on PATH that really runs (a pyenv shim without the version active does not).
    if candidate="$(command -v python3.13 2>/dev/null)" && _sh_is_313 "$candidate"; then
        # Resolve a pyenv shim to the real interpreter, so venvs do not depend on PYENV_VERSION.
        SH_PYTHON="$("$candidate" -c 'import sys; print(sys.executable)')"
        return 0
    fi
    # 3. pyenv's 3.13 (3.13.0 first, then any other 3.13.x).
    root="${PYENV_ROOT:-}"
    if [[ -z "$root" ]] && command -v pyenv >/dev/null 2>&1; then
        root="$(pyenv root 2>/dev/null)"
    fi
    [[ -z "$root" && -d "$HOME/.pyenv" ]] && root="$HOME/.pyenv"
    if [[ -n "$root" ]]; then
        for candidate in "$root/versions/3.13.0/bin/python3.13" "$root"/versions/3.13.*/bin/python3.13; do
            if [[ -x "$candidate" ]] && _sh_is_313 "$candidate"; then
                SH_PYTHON="$candidate"
                return 0
            fi
        done
    fi
    cat >&2 <<'MSG'
error: Python 3.13 not found.
  Home Assistant 2025.4 needs Python 3.13. Install one of:
    - pyenv:   pyenv install 3.13.0          (found automatically in $(pyenv root)/versions/)
    - Debian/Ubuntu: apt-get install python3.13 python3.13-venv   (where your release has it)
    - python.org / uv: any 3.13.x that provides a `python3.13` on PATH
  or point SH_PYTHON313 at the interpreter: SH_PYTHON313=/path/to/python3.13 ./scripts/...
MSG
    return 1
}

_sh_is_314() {
    # Answers --version with Python 3.14.x, x >= 2 (Home Assistant 2026.3+ asks for >= 3.14.2)
    local out
    out="$("$@" --version 2>/dev/null)" || return 1
    [[ "$out" =~ ^Python\ 3\.14\.([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 2))
}

sh_find_python314() {
    SH_PYTHON=""
    SH_IN=()
    local candidate root
    for candidate in "${SH_PYTHON314:-}" "$(command -v python3.14 2>/dev/null || true)"; do
        if [[ -n "$candidate" ]] && _sh_is_314 "$candidate"; then
            SH_PYTHON="$("$candidate" -c 'import sys; print(sys.executable)')"
            return 0
        fi
    done
    root="${PYENV_ROOT:-$HOME/.pyenv}"
    for candidate in "$root"/versions/3.14.*/bin/python3.14; do
        if [[ -x "$candidate" ]] && _sh_is_314 "$candidate"; then
            SH_PYTHON="$candidate"
            return 0
        fi
    done
    # None here: Debian's python3.14 in a chroot (scripts/py314), where we may build one.
    if [[ "${SH_PY314_CHROOT:-1}" != 0 && $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        if bash "$SH_ROOT/scripts/py314" build; then
            SH_PYTHON=/usr/bin/python3.14
            SH_IN=(bash "$SH_ROOT/scripts/py314" exec)
            return 0
        fi
    fi
    cat >&2 <<'MSG'
error: Python 3.14.2 or newer not found, and no chroot could be built for it.
  Home Assistant 2026.3 and later need Python >= 3.14.2. Either:
    - install one: pyenv install 3.14 (found in $(pyenv root)/versions/), uv python install 3.14,
      python.org, or your distribution's python3.14 + python3.14-venv; or point SH_PYTHON314 at it;
    - or, on Debian/Ubuntu as root, let scripts/py314 build a Debian chroot with python3.14
      (debootstrap; the host's packages stay as they are; about 1 minute and 0.7 GB).
MSG
    return 1
}

_sh_hash() {
    # Hash of the requirement file, the pip arguments, the recipe and the interpreter's version.
    local req="$1"
    shift
    {
        echo "recipe=$SH_VENV_RECIPE"
        "${SH_IN[@]}" "$SH_PYTHON" --version 2>&1
        printf 'arg=%s\n' "$@"
        cat "$req"
    } | _sh_sha256
}

_sh_sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum | cut -d' ' -f1
    else
        shasum -a 256 | cut -d' ' -f1 # macOS
    fi
}

_sh_pip() {
    # pip with its output in a log file (the local mirrors print many harmless warnings);
    # on failure the end of the log is shown.
    local venv="$1" log="$2"
    shift 2
    echo "+ pip install $*" >>"$log"
    if ! "${SH_IN[@]}" "$venv/bin/python" -m pip install --progress-bar off "$@" >>"$log" 2>&1; then
        echo "pip install failed; last lines of $log:" >&2
        grep -v "is ignored: it is neither a file nor a directory" "$log" | tail -n 40 >&2
        return 1
    fi
}

# sh_ensure_venv NAME REQFILE [extra pip args...]
#
# Reuses .venv/NAME when the stored hash matches; otherwise rebuilds it. A venv whose install
# failed has no hash and is rebuilt next time.
#
# When REQFILE pins `homeassistant==X`, that wheel is installed first without its dependencies,
# and then everything is installed with Home Assistant's own constraints file
# (homeassistant/package_constraints.txt). Without the constraints pip backtracks for many
# minutes through loose ranges (home-assistant-bluetooth asks habluetooth>=3.0) and lands on
# versions that Home Assistant does not pin.
sh_ensure_venv() {
    local name="$1" req="$2"
    shift 2
    local venv="$SH_VENVS/$name" log="$SH_VENVS/$name.log" want have ha_pin constraints
    want="$(_sh_hash "$req" "$@")"
    have="$(cat "$venv/.requirements.sha256" 2>/dev/null || true)"
    # (pyvenv.cfg, not bin/python: a chroot venv's python links to a path of the chroot)
    if [[ -n "$have" && "$have" == "$want" && -f "$venv/pyvenv.cfg" ]]; then
        sh_log "venv $name: up to date"
        return 0
    fi
    local start=$SECONDS
    sh_log "venv $name: creating from ${req#"$SH_ROOT"/} (pip log: ${log#"$SH_ROOT"/})"
    rm -rf "$venv"
    mkdir -p "$SH_VENVS"
    : >"$log"
    "${SH_IN[@]}" "$SH_PYTHON" -m venv "$venv" || return 1
    _sh_pip "$venv" "$log" --upgrade pip || return 1
    local extra=()
    # `|| true`: a file without homeassistant (grep finds nothing) must not stop a `set -e` caller.
    ha_pin="$(grep -E '^\s*homeassistant\s*==' "$req" | head -n1 | tr -d ' ' || true)"
    if [[ -n "$ha_pin" ]]; then
        _sh_pip "$venv" "$log" "$@" --no-deps "$ha_pin" || return 1
        # Located, not imported: HA 2026.10's __init__ imports its dependencies (probatio).
        constraints="$("${SH_IN[@]}" "$venv/bin/python" -c \
            'import importlib.util, pathlib; print(pathlib.Path(importlib.util.find_spec("homeassistant").origin).parent / "package_constraints.txt")')" \
            || return 1
        extra=(-c "$constraints")
    fi
    _sh_pip "$venv" "$log" "$@" -r "$req" "${extra[@]}" || return 1
    echo "$want" >"$venv/.requirements.sha256"
    sh_log "venv $name: ready in $((SECONDS - start)) s"
}
