"""Helpers shared by the peer benchmark scripts in this folder.

Each peer runs from PyPI in its own venv (``benches/peers/.venv-<peer>``, ignored by git), created
here with the script's known-good pins; the scripts import this module from their own folder,
in the orchestrating Python and in the workers alike.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
HAZSIM_PY = REPO / ".venv" / "bin" / "python"


def log(msg: str) -> None:
    """Progress goes to stderr, so that stdout holds only the results."""
    print(msg, file=sys.stderr, flush=True)


def versions(names) -> dict:
    """Installed version of each distribution in ``names`` (None where it is missing)."""
    from importlib import metadata

    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def base_python() -> str:
    """The Python to create peer venvs with: 3.11 where there is one (the pins are for it)."""
    return shutil.which("python3.11") or getattr(sys, "_base_executable", None) or sys.executable


def ensure_peer(peer: str, pins: list[str], python: str, skip_install: bool) -> Path:
    """The Python of ``peer``'s venv, created with ``pins`` (and re-pinned when they change)."""
    venv = HERE / f".venv-{peer}"
    py = venv / "bin" / "python"
    stamp = venv / ".pins"
    text = "\n".join(pins) + "\n"
    if skip_install:
        if not py.exists():
            raise RuntimeError(f"{venv} is missing and --skip-install was given")
        return py
    if py.exists() and stamp.exists() and stamp.read_text() == text:
        return py
    log(f"installing {peer} into {venv} ...")
    if not py.exists():
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    cmd = [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q", *pins]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"pip install failed for {peer}:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    stamp.write_text(text)
    return py


def ensure_numpy(argv, script: str, peers: dict, env_flag: str) -> None:
    """Re-run ``script`` under a Python that has numpy if this one lacks it: the repository's
    .venv, else a peer venv (creating the first peer's venv if there is none yet)."""
    try:
        import numpy  # noqa: F401

        return
    except ImportError:
        pass
    if os.environ.get(env_flag):
        sys.exit("error: no Python with numpy found (tried the repo .venv and the peer venvs)")
    script = str(Path(script).resolve())
    for py in [HAZSIM_PY] + [HERE / f".venv-{p}" / "bin" / "python" for p in peers]:
        if py.exists():
            log(f"(no numpy in {sys.executable}; re-running under {py})")
            os.environ[env_flag] = "1"
            os.execv(str(py), [str(py), script, *argv])
    first = next(iter(peers))
    log(f"(no Python with numpy yet; creating {first}'s venv first)")
    py = ensure_peer(first, peers[first], base_python(), skip_install=False)
    os.environ[env_flag] = "1"
    os.execv(str(py), [str(py), script, *argv])
