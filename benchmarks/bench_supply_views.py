"""Timing of every view of ``ustmon supply``, ``ustmon auctions`` and ``ustmon fiscal`` (plain script, not a test).

Fills a store from the shared mirror once, with the command line users run
(``ustmon --store S update --mirror DIR``), unless a store path is given;
then times each view (``VIEWS`` of the command's analytics module, what
``ustmon <command> <view>`` calls) with a fresh ``Data`` per call, the
store opened inside the timing, as one command-line run does.  Target: each
view under 200 ms.

Prints one line per view: median wall time, median CPU time of the process
(DuckDB's threads included) and the outcome; views over 200 ms are flagged.
On a machine shared with other work the wall time includes waiting for a
core: the CPU time is then the better measure of what the view costs.

    .venv/bin/python benchmarks/bench_supply_views.py [store.duckdb] [--repeat N] [--only supply|auctions|fiscal]
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("USTMON_SHARED_DATA", REPO.parent / "shared" / "data"))
COMMANDS = {"supply": "ustmon.analytics.supply", "auctions": "ustmon.analytics.auctions",
            "fiscal": "ustmon.analytics.fiscal"}
TARGET_MS = 200.0


def build_store() -> Path:
    """``ustmon update --mirror`` into a fresh store (about a minute)."""
    if not (SHARED / "README.md").exists():
        sys.exit(f"no data mirror at {SHARED}: set USTMON_SHARED_DATA or pass a store path")
    db = Path(tempfile.mkdtemp(prefix="ustmon-bench-")) / "mirror.duckdb"
    exe = Path(sys.executable).with_name("ustmon")
    cmd = [str(exe), "--store", str(db), "update", "--mirror", str(SHARED)]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    print(f"store filled from {SHARED} in {time.perf_counter() - t0:.0f} s: {db}")
    return db


def time_view(db: Path, fn, repeat: int) -> tuple[float, float, str]:
    from ustmon.analytics.base import Data

    wall, cpu, status = [], [], "ok"
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        with Data(db) as d:
            try:
                fn(d)
            except Exception as e:  # a view whose inputs the mirror lacks refuses (CoverageError ...)
                status = type(e).__name__
        wall.append(1000 * (time.perf_counter() - t0))
        cpu.append(1000 * (time.process_time() - c0))
    return statistics.median(wall), statistics.median(cpu), status


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", nargs="?")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", help="one command (supply, auctions or fiscal)")
    args = ap.parse_args()
    db = Path(args.store) if args.store else build_store()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} cores, load average {load:.1f}; median of {args.repeat} runs per view")
    print(f"{'view':34s} {'wall ms':>8s} {'cpu ms':>8s}  outcome")
    over = []
    for command, module in COMMANDS.items():
        if args.only and command != args.only:
            continue
        views = importlib.import_module(module).VIEWS
        first = next(iter(views.values()))
        time_view(db, first, 1)  # warm imports and caches of the module, as a first run would not count
        for name, fn in views.items():
            wall, cpu, status = time_view(db, fn, args.repeat)
            flag = ""
            if wall > TARGET_MS:
                flag = "  OVER 200 ms" + ("" if cpu > TARGET_MS else " (wall only: waiting for a core)")
                over.append(f"{command} {name}")
            print(f"{command + ' ' + name:34s} {wall:8.1f} {cpu:8.1f}  {status}{flag}")
    print(f"{len(over)} view(s) over {TARGET_MS:.0f} ms wall" + (f": {', '.join(over)}" if over else ""))


if __name__ == "__main__":
    main()
