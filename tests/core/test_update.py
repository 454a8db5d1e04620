"""End-to-end updates from a mirror: the file is the unit of ingest.

A bad file is reported (source, file, reason) and nothing of it is stored,
while the rest of its source lands; idempotence; a process killed mid-ingest
leaves every file fully in or fully out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import ustmon.update as update_mod
from ustmon.errors import UnitMismatchError
from ustmon.sources import get_source
from ustmon.sources.base import ParseResult, empty_observations
from ustmon.store import Store
from ustmon.update import run_update

REPO = Path(__file__).resolve().parents[2]


def _mini_mirror(shared, tmp_path):
    m = tmp_path / "mirror"
    (m / "fred").mkdir(parents=True)
    for name in ("DGS10.csv", "WRESBAL.csv"):
        shutil.copy(shared / "fred" / name, m / "fred" / name)  # a temporary mirror, outside the repo
    return m


def _count(db):
    with Store.open(db, read_only=True) as st:
        return st.con.execute("SELECT count(*), sum(value) FROM obs").fetchone()


def test_bad_file_is_reported_and_left_out_while_the_rest_of_its_source_lands(shared_data, tmp_path):
    mirror = _mini_mirror(shared_data, tmp_path)
    db = tmp_path / "s.duckdb"
    # an HTML error page saved under a data file's name
    (mirror / "fred" / "DGS10.csv").write_text("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>")
    events = []
    out = run_update(["fred"], store_path=db, mirror=mirror, report=lambda e, d: events.append((e, d)))[0]
    assert out.failed == 1 and "fred" in out.error and "DGS10.csv" in out.error and "HTML" in out.error
    assert "\n" not in out.error
    assert any(e == "error" and "DGS10.csv" in d for e, d in events)
    assert out.stats.payloads == 1
    with Store.open(db, read_only=True) as st:
        # README cross-check 8: WRESBAL on 2024-12-25 = 3247382 ($mn, fred/WRESBAL.csv)
        assert st.get("WRESBAL").loc[pd.Timestamp("2024-12-25")] == 3247382.0
        assert st.con.execute("SELECT count(*) FROM obs WHERE series_id = 'DGS10'").fetchone()[0] == 0
        rows = st.con.execute("SELECT status, message FROM updates ORDER BY finished_at").fetchall()
        assert [r[0] for r in rows].count("failed") == 1 and [r[0] for r in rows].count("ok") == 1
        assert "DGS10.csv" in next(r[1] for r in rows if r[0] == "failed")
    from ustmon.cli import status_frame

    st_row = status_frame(db).set_index("source").loc["fred"]
    assert st_row["result"] == "partly failed" and st_row["rows"] > 0

    # the file repaired: it lands now; WRESBAL is unchanged
    shutil.copy(shared_data / "fred" / "DGS10.csv", mirror / "fred" / "DGS10.csv")
    again = run_update(["fred"], store_path=db, mirror=mirror)[0]
    assert again.failed == 0 and again.error is None and again.stats.payloads == 1 and again.stats.skipped == 1
    from ustmon.cli import status_frame

    assert status_frame(db).set_index("source").loc["fred", "result"] == "ok"
    with Store.open(db, read_only=True) as st:
        # README cross-check 4: DGS10 on 2024-12-31 = 4.58
        assert st.get("DGS10").loc[pd.Timestamp("2024-12-31")] == 4.58
    before = _count(db)
    idem = run_update(["fred"], store_path=db, mirror=mirror)[0]
    assert idem.stats.rows_added == 0 and idem.stats.skipped == 2 and idem.failed == 0
    assert _count(db) == before


def test_unexpected_parser_exception_is_one_files_failure(shared_data, tmp_path, monkeypatch):
    mirror = _mini_mirror(shared_data, tmp_path)
    db = tmp_path / "s.duckdb"
    cls = type(get_source("fred"))
    real = cls.parse

    def flaky(self, raw, origin, kind):
        if origin.endswith("DGS10.csv"):
            raise ValueError("year 20245 is out of range\n(second line of a traceback-ish message)")
        return real(self, raw, origin, kind)

    monkeypatch.setattr(cls, "parse", flaky)
    out = run_update(["fred"], store_path=db, mirror=mirror)[0]
    assert out.failed == 1
    assert out.error.startswith("fred: ") and "DGS10.csv" in out.error and "ValueError" in out.error
    assert "\n" not in out.error
    with Store.open(db, read_only=True) as st:
        assert st.get("WRESBAL").loc[pd.Timestamp("2024-12-25")] == 3247382.0

    # a parser returning something that is not a ParseResult: also that file's failure
    monkeypatch.setattr(cls, "parse", lambda self, raw, origin, kind: {"not": "a result"})
    out2 = run_update(["fred"], store_path=db, mirror=mirror)[0]
    assert out2.failed == 1 and "DGS10.csv" in out2.error and "not a ParseResult" in out2.error


def test_validation_failure_is_a_per_file_failure(tmp_path):
    m = tmp_path / "mirror"
    (m / "fred").mkdir(parents=True)
    # SYNTHETIC: two tiny fredgraph-style files; one has a date centuries ahead (a typo)
    (m / "fred" / "DGS10.csv").write_text("observation_date,DGS10\n2024-12-30,4.55\n2024-12-31,4.58\n")
    (m / "fred" / "DGS2.csv").write_text("observation_date,DGS2\n2024-12-31,4.25\n2099-12-31,4.24\n")
    db = tmp_path / "s.duckdb"
    out = run_update(["fred"], store_path=db, mirror=m)[0]
    assert out.failed == 1 and "DGS2.csv" in out.error and "future" in out.error
    with Store.open(db, read_only=True) as st:
        assert st.get("DGS10").loc[pd.Timestamp("2024-12-31")] == 4.58
        assert st.con.execute("SELECT count(*) FROM obs WHERE series_id = 'DGS2'").fetchone()[0] == 0


def test_skipped_note_is_a_notice_not_a_failure(shared_data, tmp_path, monkeypatch):
    mirror = _mini_mirror(shared_data, tmp_path)
    cls = type(get_source("fred"))
    real = cls.parse

    def skipping(self, raw, origin, kind):
        if origin.endswith("WRESBAL.csv"):
            return ParseResult(source="fred", origin=origin, observations=empty_observations(), series={},
                               notes=["skipped: data set 'XYZ' is not one ustmon reads"])
        return real(self, raw, origin, kind)

    monkeypatch.setattr(cls, "parse", skipping)
    events = []
    out = run_update(["fred"], store_path=tmp_path / "s.duckdb", mirror=mirror, report=lambda e, d: events.append((e, d)))[0]
    assert out.failed == 0 and out.error is None and out.stats.payloads == 1
    assert len(out.notices) == 1 and "WRESBAL.csv" in out.notices[0] and "skipped:" in out.notices[0]
    assert ("notice", out.notices[0]) in events


def test_store_refusing_one_file_keeps_the_others(shared_data, tmp_path, monkeypatch):
    mirror = _mini_mirror(shared_data, tmp_path)
    db = tmp_path / "s.duckdb"
    real = Store.ingest

    def picky(self, source, payloads, *, mode, message=""):
        if any(p.result.origin.endswith("WRESBAL.csv") for p in payloads):
            raise UnitMismatchError("fred: WRESBAL: values arrive in usd_bn, the catalog says usd_mn")
        return real(self, source, payloads, mode=mode, message=message)

    monkeypatch.setattr(Store, "ingest", picky)
    out = run_update(["fred"], store_path=db, mirror=mirror)[0]
    assert out.failed == 1 and "WRESBAL" in out.error
    with Store.open(db, read_only=True) as st:
        assert st.get("DGS10").loc[pd.Timestamp("2024-12-31")] == 4.58
        assert st.con.execute("SELECT count(*) FROM obs WHERE series_id = 'WRESBAL'").fetchone()[0] == 0


def test_history_for_validation_reads_the_stored_values(shared_data, tmp_path, monkeypatch):
    mirror = _mini_mirror(shared_data, tmp_path)
    db = tmp_path / "s.duckdb"
    run_update(["fred"], store_path=db, mirror=mirror)
    hist = update_mod.StoreHistory(db)
    try:
        got = hist(["DGS10", "NOT_A_SERIES"])
        assert set(got) == {"DGS10"} and got["DGS10"].loc[pd.Timestamp("2024-12-31")] == 4.58
        assert hist(["DGS10"])["DGS10"] is got["DGS10"]  # cached per run
    finally:
        hist.close()

    # once validate_payload takes ``history``, the update passes it
    calls = []

    def fake_validate(result, *, today=None, history=None):
        calls.append(history(list(result.series)) if history else None)

    import ustmon.ingest as ingest_mod  # where update's parsing and validation live

    monkeypatch.setattr(ingest_mod, "validate_payload", fake_validate)
    monkeypatch.setattr(ingest_mod, "_VALIDATE_TAKES_HISTORY", True)
    m2 = tmp_path / "mirror2"
    (m2 / "fred").mkdir(parents=True)
    # SYNTHETIC: one new day of DGS10, so the file is parsed (and validated) again
    (m2 / "fred" / "DGS10.csv").write_text("observation_date,DGS10\n2025-01-02,4.57\n")
    out = run_update(["fred"], store_path=db, mirror=m2)[0]
    assert out.failed == 0 and len(calls) == 1
    assert calls[0]["DGS10"].loc[pd.Timestamp("2024-12-31")] == 4.58


_CRASH = """
import sys
from pathlib import Path
from ustmon.update import run_update
run_update(["fred"], store_path=Path(sys.argv[1]), mirror=Path(sys.argv[2]))
"""


@pytest.mark.timeout(300)
def test_process_killed_mid_ingest_leaves_each_file_fully_in_or_out(shared_data, tmp_path):
    m = tmp_path / "mirror"
    (m / "fred").mkdir(parents=True)
    shutil.copy(shared_data / "fred" / "DGS10.csv", m / "fred" / "DGS10.csv")
    db = tmp_path / "s.duckdb"
    run_update(["fred"], store_path=db, mirror=m)
    before = _count(db)
    shutil.copy(shared_data / "fred" / "WRESBAL.csv", m / "fred" / "WRESBAL.csv")
    env = {**os.environ, "USTMON_TEST_CRASH_IN_INGEST": "1", "PYTHONPATH": str(REPO / "src")}
    r = subprocess.run([sys.executable, "-c", _CRASH, str(db), str(m)], env=env, capture_output=True, timeout=240)
    assert r.returncode == 17, r.stderr.decode()[-2000:]
    assert _count(db) == before  # WRESBAL fully out, DGS10 as it was
    with Store.open(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM obs WHERE series_id = 'WRESBAL'").fetchone()[0] == 0
        assert st.con.execute("SELECT count(*) FROM origins").fetchone()[0] == 1
    out = run_update(["fred"], store_path=db, mirror=m)[0]  # the next run completes it
    assert out.failed == 0 and out.stats.payloads == 1
    with Store.open(db, read_only=True) as st:
        assert st.get("WRESBAL").loc[pd.Timestamp("2024-12-25")] == 3247382.0
        assert st.get("DGS10").loc[pd.Timestamp("2024-12-31")] == 4.58


def test_out_of_range_date_fails_only_its_file(tmp_path):
    m = tmp_path / "mirror"
    (m / "fred").mkdir(parents=True)
    # SYNTHETIC: a year beyond what a nanosecond timestamp holds (pandas raises OutOfBoundsDatetime in parsers)
    (m / "fred" / "DGS10.csv").write_text("observation_date,DGS10\n2024-12-30,4.55\n2024-12-31,4.58\n")
    (m / "fred" / "DGS2.csv").write_text("observation_date,DGS2\n2024-12-31,4.25\n2924-12-31,4.24\n")
    db = tmp_path / "s.duckdb"
    out = run_update(["fred"], store_path=db, mirror=m)[0]
    assert out.failed == 1 and out.error.startswith("fred: ") and "DGS2.csv" in out.error and "\n" not in out.error
    with Store.open(db, read_only=True) as st:
        assert st.get("DGS10").loc[pd.Timestamp("2024-12-31")] == 4.58


def test_decompressed_limit_per_source_refuses_the_file_and_names_the_limit(tmp_path, monkeypatch):
    import gzip as _gzip

    m = tmp_path / "mirror"
    (m / "fred").mkdir(parents=True)
    (m / "fred" / "DGS10.csv").write_text("observation_date,DGS10\n2024-12-30,4.55\n2024-12-31,4.58\n")
    # SYNTHETIC: a gzip stream saved under a data file's name, unpacking to 200 kB
    (m / "fred" / "DGS2.csv").write_bytes(_gzip.compress(b"observation_date,DGS2\n" + b"2024-12-31,4.25\n" * 12_500))
    monkeypatch.setenv("USTMON_MAX_DECOMPRESSED_MB_FRED", "0.1")
    db = tmp_path / "s.duckdb"
    out = run_update(["fred"], store_path=db, mirror=m)[0]
    assert out.failed == 1 and "DGS2.csv" in out.error and "USTMON_MAX_DECOMPRESSED_MB" in out.error
    with Store.open(db, read_only=True) as st:
        assert st.get("DGS10").loc[pd.Timestamp("2024-12-31")] == 4.58
