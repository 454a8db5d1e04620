"""Timing of every view of ``ustmon curve``, ``ustmon funding`` and ``ustmon basis`` on a store built
from the shared data mirror (plain script, not a test).  Target: each view under 200 ms.

    .venv/bin/python benchmarks/bench_rates_funding_basis.py [STORE_PATH]

Without STORE_PATH a temporary store is built from ../shared/data (fred, cftc, treasury, nyfed).
Each view gets a fresh ``Data`` (a new read-only connection, empty cache), as the CLI does; modules
are imported first (importing scipy for the futures DV01 model is not part of a view's time).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from ustmon.analytics import basis, curve, funding
from ustmon.analytics.base import Data

REPO = Path(__file__).resolve().parents[1]


def build_store() -> Path:
    from ustmon.update import run_update

    db = Path(tempfile.mkdtemp()) / "bench.duckdb"
    run_update(["fred", "cftc", "treasury", "nyfed"], store_path=db, mirror=REPO.parent / "shared" / "data")
    return db


def main() -> None:
    db = Path(sys.argv[1]) if len(sys.argv) > 1 else build_store()
    total = 0.0
    for mod in (curve, funding, basis):
        for name, fn in mod.VIEWS.items():
            times = []
            for _ in range(5):
                with Data(db) as d:
                    d._st()
                    t = time.perf_counter()
                    fn(d)
                    times.append((time.perf_counter() - t) * 1000)
            med = statistics.median(times)
            total += med
            flag = "" if med < 200 else "  SLOW"
            print(f"{mod.__name__.split('.')[-1]:8s} {name:18s} median {med:7.1f} ms  (min {min(times):6.1f}){flag}")
    print(f"all views: {total:.0f} ms")


if __name__ == "__main__":
    main()
