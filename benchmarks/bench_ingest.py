"""Ingest benchmark: everything parseable in ../shared/data into an empty store.

Compares, in one run:
  * plain parse: the same files read by plain pandas/pyarrow (``pd.read_csv`` on
    each CSV/TXT with default options, bytes read for XML/JSON/XLS) — the floor;
  * ustmon parse only (all sources' parsers);
  * full ingest into an empty store (parse + vintage-aware insert);
  * re-ingest with nothing new;
  * ``ustmon show DGS10`` as a whole process;
and reports peak memory (ru_maxrss).

Run: .venv/bin/python benchmarks/bench_ingest.py [--mirror ../shared/data]
"""

from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]


def plain_parse(mirror: Path, files: list[Path]) -> float:
    """The floor: each file read by the plain library call for its format.

    CSV/TXT: ``pd.read_csv`` (C engine, tab or comma, type inference, bad lines
    skipped); XML: ElementTree, every element visited; JSON: ``json.loads``;
    XLS: xlrd, every cell read; ZIP: members read.
    """
    import json
    import xml.etree.ElementTree as ET
    import zipfile

    import xlrd

    t0 = time.perf_counter()
    for f in files:
        raw = f.read_bytes()
        suffix = f.suffix.lower()
        if suffix in (".csv", ".txt"):
            head = raw[:2000]
            enc = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
            sep = "\t" if b"\t" in head else ","
            try:
                pd.read_csv(io.BytesIO(raw), sep=sep, encoding=enc, encoding_errors="replace", on_bad_lines="skip",
                            low_memory=False)
            except Exception:
                pass
        elif suffix == ".xml":
            for _ in ET.fromstring(raw).iter():
                pass
        elif suffix == ".json":
            json.loads(raw)
        elif suffix in (".xls",):
            book = xlrd.open_workbook(file_contents=raw)
            for sh in book.sheets():
                for r in range(sh.nrows):
                    sh.row_values(r)
        elif suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                for n in z.namelist():
                    z.read(n)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirror", type=Path, default=REPO.parent / "shared" / "data")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    from ustmon.sources import SOURCE_MODULES, get_source
    from ustmon.store import Store
    from ustmon.update import run_update

    mirror = args.mirror.resolve()
    sources, files = [], []
    for name in SOURCE_MODULES:
        try:
            src = get_source(name)
        except ImportError:
            print(f"  (source {name} not available)")
            continue
        sources.append(name)
        files += [mf.path for mf in src.mirror_files(mirror)]
    print(f"{len(files)} files from {len(sources)} sources, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB")

    t_plain = plain_parse(mirror, files)
    t0 = time.perf_counter()
    for name in sources:
        src = get_source(name)
        for mf in src.mirror_files(mirror):
            src.parse(mf.path.read_bytes(), str(mf.path), mf.kind)
    t_parse = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        outcomes = run_update(sources, store_path=db, mirror=mirror)
        t_ingest = time.perf_counter() - t0
        failed = [o for o in outcomes if o.error]
        rows = sum(o.stats.rows_added for o in outcomes if o.stats)
        t0 = time.perf_counter()
        run_update(sources, store_path=db, mirror=mirror)
        t_re = time.perf_counter() - t0
        env_store = str(db)
        best = 1e9
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([str(REPO / ".venv" / "bin" / "ustmon"), "--store", env_store, "show", "DGS10", "--format", "csv"],
                           check=True, stdout=subprocess.DEVNULL)
            best = min(best, time.perf_counter() - t0)
        with Store.open(db, read_only=True) as st:
            n_series = st.con.execute("SELECT count(*) FROM series").fetchone()[0]
        size = db.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"plain pandas/pyarrow read : {t_plain:6.2f} s")
    print(f"ustmon parse only         : {t_parse:6.2f} s")
    print(f"full ingest (empty store) : {t_ingest:6.2f} s  ({rows:,} values, {n_series} series, store {size / 1e6:.1f} MB)")
    print(f"ratios to plain read      : parse {t_parse / t_plain:.2f}x, full ingest {t_ingest / t_plain:.2f}x")
    print(f"re-ingest, nothing new    : {t_re:6.2f} s")
    print(f"ustmon show DGS10 (process, best of 3): {best:5.2f} s")
    print(f"peak memory (this process): {peak:,.0f} MB")
    if failed:
        print("FAILED sources:", [(o.source, o.error) for o in failed])


if __name__ == "__main__":
    main()
