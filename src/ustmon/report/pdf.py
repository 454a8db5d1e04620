"""Headless Chromium: print the note's HTML to PDF, take screenshots, dump the DOM after scripts ran.

Chromium is Debian's ``chromium`` package (``apt-get install chromium fonts-noto-cjk``).
Every run uses a throw-away profile and switches off the browser's own network
traffic (updates, sync, QUIC), so printing works offline.  ``--virtual-time-budget``
lets the page's scripts (Plotly) finish before printing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import UstmonError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BASE_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
              "--run-all-compositor-stages-before-draw")
#: virtual milliseconds the page gets to run its scripts before capture
VIRTUAL_TIME_MS = 15000


def find_chromium() -> str | None:
    env = os.environ.get("USTMON_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in CANDIDATES:
        p = shutil.which(name)
        if p:
            return p
    return None


def _run(args: list[str], *, timeout: float) -> subprocess.CompletedProcess:
    exe = find_chromium()
    if exe is None:
        raise UstmonError("--pdf needs Chromium: install Debian's `chromium` package (apt-get install chromium fonts-noto-cjk)")
    with tempfile.TemporaryDirectory(prefix="ustmon-chromium-") as profile:
        cmd = [exe, *BASE_FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={VIRTUAL_TIME_MS}", *args]
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                                  env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired as exc:
            raise UstmonError(f"Chromium did not finish within {timeout:.0f} s") from exc


def print_pdf(html: Path, pdf: Path, *, timeout: float = 120) -> Path:
    """Print ``html`` to ``pdf`` (page size and margins come from the page's @page rule)."""
    pdf = Path(pdf).resolve()
    pdf.unlink(missing_ok=True)
    proc = _run(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", Path(html).resolve().as_uri()], timeout=timeout)
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise UstmonError(f"Chromium did not write {pdf}: {proc.stderr.strip()[-500:]}")
    return pdf


def screenshot(html: Path, png: Path, *, width: int = 1100, height: int = 1400, timeout: float = 120) -> Path:
    png = Path(png).resolve()
    png.unlink(missing_ok=True)
    proc = _run([f"--window-size={width},{height}", f"--screenshot={png}", Path(html).resolve().as_uri()], timeout=timeout)
    if not png.exists():
        raise UstmonError(f"Chromium did not write {png}: {proc.stderr.strip()[-500:]}")
    return png


def dump_dom(html: Path, *, timeout: float = 120) -> tuple[str, str]:
    """(DOM after scripts ran, Chromium's stderr with console messages)."""
    proc = _run(["--enable-logging=stderr", "--v=0", "--dump-dom", Path(html).resolve().as_uri()], timeout=timeout)
    return proc.stdout, proc.stderr


def console_errors(stderr: str) -> list[str]:
    """Uncaught exceptions in Chromium's log.  (Chromium logs every console message at INFO level, so
    console.error calls are counted by the page itself: see ``build.ERROR_PROBE``.)"""
    return [line for line in stderr.splitlines() if "CONSOLE" in line and "Uncaught" in line]
