"""Time `ustmon report` from a warm store: HTML (target < 10 s) and PDF (target < 30 s), English and Chinese.

    .venv/bin/python benchmarks/bench_report.py [--mirror ../shared/data] [--store PATH]

Builds a store from the mirror (unless --store is given), runs the note once to warm caches (imports,
DuckDB file pages), then times each language: evaluating every chart, writing the HTML, printing the PDF.
Also prints the time of each chart's frame (analytics view or store series).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()

    from ustmon.desk.catalog import FIGURES
    from ustmon.desk.evaluate import evaluate
    from ustmon.analytics.base import Data
    from ustmon.report.build import build_report
    from ustmon.report.pdf import find_chromium

    tmp = Path(tempfile.mkdtemp(prefix="ustmon-bench-report-"))
    store = args.store
    if store is None:
        from ustmon.update import run_update

        store = tmp / "mirror.duckdb"
        t0 = time.perf_counter()
        run_update(store_path=store, mirror=args.mirror)
        print(f"store built from {args.mirror} in {time.perf_counter() - t0:.1f} s")
    print(f"cores: {os.cpu_count()}; chromium: {find_chromium()}")

    with Data(store) as data:  # warm-up run (imports, file cache)
        build_report(data, "en", tmp / "warm", write_state=False)

    with Data(store) as data:
        print("\nper chart (cold Data cache):")
        for spec in FIGURES:
            t0 = time.perf_counter()
            res = evaluate(spec, data)
            dt = time.perf_counter() - t0
            print(f"  {spec.id:22s} {dt * 1000:7.0f} ms  {'drawn via ' + res.via if res.frame is not None else 'not available: ' + str(res.missing)}")

    print("\nfull note:")
    for lang in ("en", "zh-Hans", "zh-Hant"):
        pdf = not args.no_pdf and find_chromium() is not None
        with Data(store) as data:
            t0 = time.perf_counter()
            rep = build_report(data, lang, tmp / lang, pdf=pdf, write_state=False)
            total = time.perf_counter() - t0
        s = rep.seconds
        size = rep.html.stat().st_size / 1e6
        line = (f"  {lang:8s} charts {rep.charts_drawn:2d} (+{rep.charts_missing} n/a)  evaluate {s['evaluate']:.2f} s  "
                f"HTML {s['html']:.2f} s ({size:.1f} MB, target < 10 s)")
        if pdf:
            line += f"  PDF +{s['pdf']:.2f} s = {total:.2f} s total (target < 30 s)"
        print(line)


if __name__ == "__main__":
    main()
