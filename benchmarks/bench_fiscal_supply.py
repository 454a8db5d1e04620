"""Timing of the fiscal, supply and auctions analytics views (plain script, not a test).

Builds a store from the shared mirror (``../shared/data`` or
``USTMON_SHARED_DATA``) once, then times every VIEW of
``ustmon.analytics.fiscal``, ``.supply`` and ``.auctions`` with a fresh
``Data`` per call (store opened inside the timing).  Target: each under 200 ms.
Prints the median wall time and the median CPU time of the process (the
latter is what the view costs when the machine is not shared with other
work; DuckDB's threads count in it).

    .venv/bin/python benchmarks/bench_fiscal_supply.py [store.duckdb]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ustmon.analytics import auctions, fiscal, supply
from ustmon.analytics.base import Data

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("USTMON_SHARED_DATA", REPO.parent / "shared" / "data"))


def build_store() -> Path:
    from ustmon.update import run_update

    db = Path(tempfile.mkdtemp()) / "mirror.duckdb"
    run_update(store_path=db, mirror=SHARED)
    return db


def main() -> None:
    db = Path(sys.argv[1]) if len(sys.argv) > 1 else build_store()
    total = 0.0
    for mod in (fiscal, supply, auctions):
        for name, fn in mod.VIEWS.items():
            times, cpu = [], []
            for _ in range(5):
                with Data(db) as d:
                    t0, c0 = time.perf_counter(), time.process_time()
                    try:
                        fn(d)
                        status = "ok"
                    except Exception as e:  # a view whose inputs are not in the mirror (CoverageError: refused)
                        status = type(e).__name__
                    times.append(1000 * (time.perf_counter() - t0))
                    cpu.append(1000 * (time.process_time() - c0))
            med = statistics.median(times)
            total += med
            flag = "" if med < 200 else "  OVER 200 ms"
            print(f"{mod.__name__.rsplit('.', 1)[-1]:8s} {name:24s} {med:7.1f} ms  cpu {statistics.median(cpu):6.1f} ms  "
                  f"{status}{flag}")
    print(f"{'all':33s} {total:7.1f} ms")


if __name__ == "__main__":
    main()
