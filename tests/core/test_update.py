"""End-to-end updates from a mirror: idempotence, and bad files that change nothing."""

from __future__ import annotations

import shutil

import pandas as pd

from ustmon.store import Store
from ustmon.update import run_update


def _mini_mirror(shared, tmp_path):
    m = tmp_path / "mirror"
    (m / "fred").mkdir(parents=True)
    for name in ("DGS10.csv", "WRESBAL.csv"):
        shutil.copy(shared / "fred" / name, m / "fred" / name)  # a temporary mirror, outside the repo
    return m


def test_mirror_update_is_idempotent_and_bad_file_changes_nothing(shared_data, tmp_path):
    mirror = _mini_mirror(shared_data, tmp_path)
    db = tmp_path / "s.duckdb"
    first = run_update(["fred"], store_path=db, mirror=mirror)[0]
    assert first.error is None and first.stats.rows_added > 16_000
    again = run_update(["fred"], store_path=db, mirror=mirror)[0]
    assert again.stats.rows_added == 0 and again.stats.skipped == 2
    with Store.open(db, read_only=True) as st:
        before = st.con.execute("SELECT count(*), sum(value) FROM obs").fetchone()

    # an HTML error page saved under a data file's name: a clear error naming the file, nothing stored changes
    (mirror / "fred" / "DGS10.csv").write_text("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>")
    events = []
    bad = run_update(["fred"], store_path=db, mirror=mirror, report=lambda e, d: events.append((e, d)))[0]
    assert bad.error and "DGS10.csv" in bad.error and "HTML" in bad.error
    # a truncated download of another file in the same update: still nothing changes
    text = (shared_data / "fred" / "WRESBAL.csv").read_text()
    (mirror / "fred" / "WRESBAL.csv").write_text(text[: len(text) // 2 - 3])
    bad2 = run_update(["fred"], store_path=db, mirror=mirror)[0]
    assert bad2.error
    with Store.open(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*), sum(value) FROM obs").fetchone() == before
        assert st.get("DGS10").loc[pd.Timestamp("2024-12-31")] == 4.58
        failures = st.con.execute("SELECT count(*) FROM updates WHERE status = 'failed'").fetchone()[0]
        assert failures == 2
