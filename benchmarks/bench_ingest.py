"""Ingest benchmark: everything parseable in the shared data folder into an empty store.

Compares, in one run, on the same files:

* **plain read**: each file read by the plain library call for its format
  (``pd.read_csv`` / pyarrow CSV for CSV/TXT, ElementTree for XML,
  ``json.loads``, xlrd for XLS, zip members read): the floor;
* **ustmon parse**: every source's parser, per source;
* **parse + validate + hash** (update phase 1, ``ustmon.update.read_mirror``);
* **store insert** of those payloads into an empty store (phase 2, the
  store's vintage-aware insert);
* **full ingest** (``run_update`` into an empty store) in a fresh process,
  with that process's peak memory;
* re-ingest with nothing new, and ``ustmon show DGS10`` as a whole process.

Runs from any checkout, with or without a virtualenv: ``python
benchmarks/bench_ingest.py [--mirror DIR]`` puts ``src/`` on ``sys.path``
(the dependencies must be importable).  The mirror defaults to
``$USTMON_SHARED_DATA`` or ``../shared/data`` beside the repository.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

import pandas as pd  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def plain_read(files: list[Path]) -> float:
    """The floor: each file read by the plain library call for its format."""
    import xml.etree.ElementTree as ET
    import zipfile

    import xlrd

    t0, c0 = time.perf_counter(), time.process_time()
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
            except Exception:  # noqa: BLE001  the floor only times the library call
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
        elif suffix == ".xlsx":
            pd.read_excel(io.BytesIO(raw), sheet_name=None)
        elif suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                for n in z.namelist():
                    z.read(n)
    return time.perf_counter() - t0, time.process_time() - c0


def _sources_and_files(mirror: Path):
    from ustmon.sources import SOURCE_MODULES, get_source

    sources, files = [], []
    for name in SOURCE_MODULES:
        try:
            src = get_source(name)
        except ImportError:
            print(f"  (source {name} not available)")
            continue
        sources.append(name)
        files += [mf.path for mf in src.mirror_files(mirror)]
    return sources, files


def phase_full(mirror: Path, db: Path) -> dict:
    """In a fresh process: run_update into an empty store; time and peak memory of that process alone."""
    from ustmon.update import run_update

    sources, _ = _sources_and_files(mirror)
    t0, c0 = time.perf_counter(), time.process_time()
    outcomes = run_update(sources, store_path=db, mirror=mirror)
    t, c = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": t, "cpu": c, "peak_mb": _peak_mb(), "rows": sum(o.stats.rows_added for o in outcomes if o.stats),
            "failed": [f for o in outcomes for f in o.failures]}


def phase_split(mirror: Path, db: Path) -> dict:
    """In a fresh process: phase 1 (read, parse, validate, hash) then phase 2 (store insert), timed apart."""
    from ustmon.sources import get_source
    from ustmon.store import Store
    from ustmon.update import ingest_gathered, read_mirror

    sources, _ = _sources_and_files(mirror)
    gathered = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for name in sources:
        gathered[name] = read_mirror(get_source(name), mirror, set())
    t_phase1, c_phase1 = time.perf_counter() - t0, time.process_time() - c0
    peak1 = _peak_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    with Store.open(db) as st:
        for name, g in gathered.items():
            ingest_gathered(st, name, g.payloads, mode="mirror")
    t_phase2, c_phase2 = time.perf_counter() - t0, time.process_time() - c0
    return {"phase1": t_phase1, "phase2": t_phase2, "cpu1": c_phase1, "cpu2": c_phase2, "peak1_mb": peak1,
            "peak_mb": _peak_mb()}


def _child(phase: str, mirror: Path, db: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    r = subprocess.run([sys.executable, __file__, "--phase", phase, "--mirror", str(mirror), "--db", str(db)],
                       env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"benchmark phase {phase} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    default_mirror = Path(os.environ.get("USTMON_SHARED_DATA", REPO.parent / "shared" / "data"))
    ap.add_argument("--mirror", type=Path, default=default_mirror)
    ap.add_argument("--phase", choices=["full", "split"], help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    mirror = args.mirror.resolve()
    if args.phase:
        out = (phase_full if args.phase == "full" else phase_split)(mirror, args.db)
        print(json.dumps(out))
        return
    if not mirror.is_dir():
        raise SystemExit(f"no data folder at {mirror} (use --mirror DIR or USTMON_SHARED_DATA)")

    from ustmon.sources import get_source
    from ustmon.store import Store
    from ustmon.update import run_update

    sources, files = _sources_and_files(mirror)
    print(f"{len(files)} files from {len(sources)} sources, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB "
          f"(python {sys.version.split()[0]}, pandas {pd.__version__})")

    t_plain, c_plain = plain_read(files)
    per_source = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for name in sources:
        src = get_source(name)
        ts = time.perf_counter()
        for mf in src.mirror_files(mirror):
            try:
                src.parse(mf.path.read_bytes(), str(mf.path), mf.kind)
            except Exception:  # noqa: BLE001  timed like the update: a failing file costs its parse time
                pass
        per_source[name] = time.perf_counter() - ts
    t_parse, c_parse = time.perf_counter() - t0, time.process_time() - c0

    with tempfile.TemporaryDirectory() as tmp:
        split = _child("split", mirror, Path(tmp) / "split.duckdb")
        db = Path(tmp) / "bench.duckdb"
        full = _child("full", mirror, db)
        t0 = time.perf_counter()
        run_update(sources, store_path=db, mirror=mirror)
        t_re = time.perf_counter() - t0
        best = 1e9
        env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "from ustmon.cli import app; app()", "--store", str(db), "show",
                            "DGS10", "--format", "csv"], check=True, stdout=subprocess.DEVNULL, env=env)
            best = min(best, time.perf_counter() - t0)
        with Store.open(db, read_only=True) as st:
            n_series = st.con.execute("SELECT count(*) FROM series").fetchone()[0]
        size = db.stat().st_size

    print("wall-clock seconds (CPU seconds of the process in brackets: steadier on a busy machine)")
    print(f"plain pandas/pyarrow read       : {t_plain:6.2f} s [{c_plain:6.2f}]")
    print(f"ustmon parse only               : {t_parse:6.2f} s [{c_parse:6.2f}]  "
          f"({t_parse / t_plain:.2f}x plain wall, {c_parse / c_plain:.2f}x CPU)")
    for name, t in sorted(per_source.items(), key=lambda kv: -kv[1]):
        print(f"    {name:<15} {t:6.2f} s")
    print(f"phase 1 read+parse+validate+hash: {split['phase1']:6.2f} s [{split['cpu1']:6.2f}]  "
          f"({split['cpu1'] / c_plain:.2f}x plain CPU), peak {split['peak1_mb']:,.0f} MB")
    print(f"phase 2 store insert            : {split['phase2']:6.2f} s [{split['cpu2']:6.2f}]  "
          f"({split['cpu2'] / c_plain:.2f}x plain CPU)")
    print(f"full ingest, empty store        : {full['seconds']:6.2f} s [{full['cpu']:6.2f}]  "
          f"({full['seconds'] / t_plain:.2f}x plain wall, {full['cpu'] / c_plain:.2f}x CPU; target 2x)  "
          f"{full['rows']:,} values, {n_series} series, store {size / 1e6:.1f} MB")
    print(f"  peak memory of that process   : {full['peak_mb']:,.0f} MB (target < 1,500 MB)")
    print(f"re-ingest, nothing new          : {t_re:6.2f} s")
    print(f"ustmon show DGS10 (process, best of 3): {best:5.2f} s")
    print(f"peak memory of this process     : {_peak_mb():,.0f} MB")
    if full["failed"]:
        print(f"FAILED files ({len(full['failed'])}):")
        for f in full["failed"]:
            print("   ", f)


if __name__ == "__main__":
    main()
