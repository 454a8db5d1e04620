"""Timing of every ``ustmon holders`` and ``ustmon foreign`` view over a store built from the mirror.

Plain script, not a test.  Target: each view under 200 ms on the full store.

    .venv/bin/python benchmarks/bench_holders_foreign.py [STORE.duckdb]

Without an argument it builds a temporary store from ``../shared/data`` (or
``USTMON_SHARED_DATA``) first, which takes ~20 s and is not timed.  Each view
is timed with a fresh :class:`~ustmon.analytics.base.Data` (empty cache, so
every series is read from DuckDB), on an already-open connection ("warm")
and including opening the store ("cold"); the median of several runs is
printed.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from ustmon.analytics import foreign, holders
from ustmon.analytics.base import Data

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("USTMON_SHARED_DATA", REPO.parent / "shared" / "data"))
RUNS = 7


def build_store() -> Path:
    from ustmon.update import run_update

    db = Path(tempfile.mkdtemp(prefix="ustmon-bench-")) / "mirror.duckdb"
    t0 = time.perf_counter()
    outcomes = run_update(store_path=db, mirror=SHARED)
    failed = [(o.source, o.error) for o in outcomes if o.error]
    print(f"built {db} from {SHARED} in {time.perf_counter() - t0:.1f} s" + (f"; failures: {failed}" if failed else ""))
    return db


def time_view(store: Path, fn) -> tuple[float, float, int]:
    warm, cold = [], []
    rows = 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        with Data(store) as d:
            d._st()  # open the connection
            t1 = time.perf_counter()
            out = fn(d)
            t2 = time.perf_counter()
        rows = len(out)
        warm.append((t2 - t1) * 1e3)
        cold.append((t2 - t0) * 1e3)
    return statistics.median(warm), statistics.median(cold), rows


def main() -> None:
    store = Path(sys.argv[1]) if len(sys.argv) > 1 else build_store()
    total_warm = 0.0
    slow = []
    print(f"{'view':<26}{'rows':>7}{'warm ms':>10}{'cold ms':>10}")
    for command, module in (("holders", holders), ("foreign", foreign)):
        for name, fn in module.VIEWS.items():
            warm, cold, rows = time_view(store, fn)
            total_warm += warm
            flag = "" if warm < 200 else "  <-- over 200 ms"
            if warm >= 200:
                slow.append(f"{command} {name}")
            print(f"{command + ' ' + name:<26}{rows:>7}{warm:>10.1f}{cold:>10.1f}{flag}")
    print(f"all {len(holders.VIEWS) + len(foreign.VIEWS)} views together: {total_warm:.0f} ms (warm)"
          + (f"; over budget: {', '.join(slow)}" if slow else "; every view under 200 ms"))


if __name__ == "__main__":
    main()
