"""Large-input benchmark: peak memory of ``ustmon update`` on a huge file, and a decompression bomb.

Cases (each in a fresh temporary mirror and store, run as a separate process
so its peak resident memory is measured alone):

* ``big``: a SYNTHETIC FRED-format CSV of ``--size-mb`` MB (default 500).  Over
  the payload limit (``USTMON_MAX_PAYLOAD_MB``, default 64) it must be refused
  cleanly: exit 1, one line naming the file and the limit, peak memory under
  1 GB.  With ``--limit-mb`` above the size it is parsed instead (the peak is
  reported, for sizing the limit).
* ``bomb``: a SYNTHETIC CFTC-named zip of about 3 MB holding 3 GiB of zeros; it
  must be refused from its header without being inflated (seconds, not
  minutes; memory flat).

Run: .venv/bin/python benchmarks/bench_large_input.py [--size-mb 500] [--limit-mb N] [--skip-bomb]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
USTMON = [sys.executable, "-m", "ustmon.cli"]


def write_big_csv(path: Path, size_mb: int) -> None:
    """DATE,VALUE rows until the file reaches ``size_mb`` MB (a 16 MB block of rows, repeated)."""
    import numpy as np

    d = np.arange(np.datetime64("1800-01-01"), np.datetime64("2200-01-01")).astype(str)
    block = ("\n".join(f"{x},4.{i % 100:02d}" for i, x in enumerate(d[:800_000])) + "\n").encode()
    target = size_mb * 2**20
    with open(path, "wb") as fh:
        fh.write(b"observation_date,DGS10\n")
        written = 0
        while written < target:
            fh.write(block)
            written += len(block)


def write_bomb(path: Path, gib: float = 3.0) -> None:
    zeros = b"\0" * 2**24
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("FinFutYY.txt", "w", force_zip64=True) as fh:
            for _ in range(int(gib * 2**30 / len(zeros))):
                fh.write(zeros)


def run(args: list[str], env: dict) -> tuple[int, float, float, str]:
    """(exit status, seconds, peak RSS MB of the child, last stderr line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    p = subprocess.run(USTMON + args, env=env, capture_output=True, text=True)
    secs = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all children so far: run each case first in its own process
    last = (p.stderr.strip().splitlines() or [""])[-1]
    return p.returncode, secs, max(peak, before) / 1024, last


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=int, default=500)
    ap.add_argument("--limit-mb", type=float, default=None, help="USTMON_MAX_PAYLOAD_MB for the run")
    ap.add_argument("--skip-bomb", action="store_true")
    ap.add_argument("--case", choices=["big", "bomb"], default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.case is None:  # run each case in its own process so the children's peak is its own
        for case in ["big"] + ([] if a.skip_bomb else ["bomb"]):
            cmd = [sys.executable, __file__, "--case", case, "--size-mb", str(a.size_mb)]
            if a.limit_mb:
                cmd += ["--limit-mb", str(a.limit_mb)]
            subprocess.run(cmd, check=False)
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "USTMON_HOME": str(tmp / "home"), "PYTHONPATH": str(REPO / "src")}
        if a.limit_mb:
            env["USTMON_MAX_PAYLOAD_MB"] = str(a.limit_mb)
        if a.case == "big":
            (tmp / "m" / "fred").mkdir(parents=True)
            t = time.perf_counter()
            write_big_csv(tmp / "m" / "fred" / "DGS10.csv", a.size_mb)
            size = (tmp / "m" / "fred" / "DGS10.csv").stat().st_size / 2**20
            print(f"big: wrote {size:,.0f} MB FRED-format CSV in {time.perf_counter() - t:.1f} s")
            rc, secs, peak, last = run(["update", "fred", "--mirror", str(tmp / "m")], env)
            verdict = "refused" if rc else "ingested"
            ok = peak < 1024
            print(f"big: {verdict} (exit {rc}) in {secs:.1f} s, peak RSS {peak:,.0f} MB "
                  f"({'under' if ok else 'OVER'} 1 GB); {last[:160]}")
        else:
            (tmp / "m" / "cftc").mkdir(parents=True)
            z = tmp / "m" / "cftc" / "fut_fin_txt_2026.zip"
            t = time.perf_counter()
            write_bomb(z)
            print(f"bomb: wrote {z.stat().st_size / 2**20:.1f} MB zip holding 3 GiB in {time.perf_counter() - t:.1f} s")
            rc, secs, peak, last = run(["update", "cftc", "--mirror", str(tmp / "m")], env)
            print(f"bomb: exit {rc} in {secs:.1f} s, peak RSS {peak:,.0f} MB; {last[:160]}")


if __name__ == "__main__":
    main()
