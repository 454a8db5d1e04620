"""Timings for curve fitting and the in-house ACM (plain script; prints, asserts nothing).

Usage: python benchmarks/bench_curves.py [path/to/shared/data]

Targets: every daily H.15 CMT curve since 1990 (~9,000) fitted in under 30 s on 2 cores; ACM estimation on
the full monthly history in under 2 s.  Data are read through ustmon's source parsers.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pandas as pd

from ustmon.models import acm, nss
from ustmon.sources import get_source


def load_cmt(shared: Path) -> pd.DataFrame:
    fred = get_source("fred")
    cols = {}
    for sid in nss.CMT_FRED_MATURITIES:
        rels = [f"fred/{sid}.csv"] + (["fred/legacy_DATE_header/DGS3.csv"] if sid == "DGS3" else [])
        s = None
        for rel in rels:
            p = shared / rel
            o = fred.parse(p.read_bytes(), str(p), "fredgraph_csv").observations
            part = o[o["series_id"] == sid].set_index("date")["value"]
            s = part if s is None else s.combine_first(part)
        cols[sid] = s
    return nss.cmt_frame(pd.DataFrame(cols), nss.CMT_FRED_MATURITIES)


def main() -> None:
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("USTMON_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
    t0 = time.perf_counter()
    cmt = load_cmt(shared)
    print(f"load (fred parser, 11 DGS files): {time.perf_counter() - t0:.2f} s")

    since90 = cmt[cmt.index >= "1990-01-01"]
    t0 = time.perf_counter()
    params = nss.fit_nss(since90)
    dt = time.perf_counter() - t0
    n = int(params["beta0"].notna().sum())
    print(f"NSS fit, daily CMT curves since 1990: {n} curves in {dt:.2f} s ({1e3 * dt / n:.2f} ms/curve)")
    print("  " + nss.error_summary_bp(nss.fit_errors_bp(since90, params)).summary())

    t0 = time.perf_counter()
    full = nss.fit_nss(cmt, min_tenors=5)
    dt = time.perf_counter() - t0
    print(f"NSS/NS fit, all days since 1962 (min 5 tenors): {int(full['beta0'].notna().sum())} curves in {dt:.2f} s")

    z = nss.monthly_zero_curve(full, range(1, 122))
    z = z[(z.index + pd.offsets.MonthEnd(0) - z.index).days <= 7]
    t0 = time.perf_counter()
    model = acm.estimate_acm(z)
    dt = time.perf_counter() - t0
    print(f"ACM estimation, {len(z)} months ({model.sample[0].date()}..{model.sample[1].date()}): {dt:.3f} s")

    good = full.dropna(subset=["beta0"])
    t0 = time.perf_counter()
    import numpy as np

    dz = nss.zero_yield(np.arange(1, 121) / 12.0, good)
    dz.columns = list(range(1, 121))
    model.decompose(dz)
    print(f"ACM daily decomposition, {len(dz)} days: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
