"""Store behaviour: vintages, idempotent re-ingest, as_of, units, atomicity, concurrency.

These tests use small SYNTHETIC payloads (labelled as such in their titles):
the behaviour under test is the store's, not a publisher's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime, timezone

import numpy as np
import pandas as pd
import pytest

from ustmon.errors import UnitMismatchError, UnknownSeriesError
from ustmon.sources.base import ParseResult, SeriesMeta
from ustmon.store import Payload, Store, payload_hash

META = SeriesMeta(id="SYN.A", title="Synthetic test series A (not real data)", source="synthetic",
                  dataset="test", frequency="M", unit="usd_mn", url="https://example.invalid/", attribution="synthetic")


def payload(values: dict[str, float], vintage: str | None, *, unit: str | None = None, tag: str = "") -> Payload:
    obs = pd.DataFrame({"series_id": "SYN.A", "date": pd.to_datetime(list(values)), "value": list(values.values())})
    res = ParseResult(source="synthetic", origin=f"synthetic-{vintage}-{tag}", observations=obs,
                      series={"SYN.A": META}, vintage=None if vintage is None else pd.Timestamp(vintage),
                      units={"SYN.A": unit} if unit else {})
    raw = repr((values, vintage, unit, tag)).encode()
    return Payload(result=res, kind="synthetic", mode="mirror", sha256=payload_hash(raw, "synthetic"),
                   retrieved_at=datetime(2026, 1, 1, tzinfo=timezone.utc))


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as st:
        yield st


def test_reingest_identical_adds_nothing_and_revision_adds_a_vintage(store):
    first = payload({"2025-10-01": 100.0, "2025-11-01": 110.0}, "2025-12-15")
    s1 = store.ingest("synthetic", [first], mode="mirror")
    assert s1.rows_added == 2
    # same values, different payload identity and later vintage: nothing new
    s2 = store.ingest("synthetic", [payload({"2025-10-01": 100.0, "2025-11-01": 110.0}, "2026-01-15", tag="b")], mode="mirror")
    assert s2.rows_added == 0
    # the same bytes again are skipped before parsing-level comparison
    s3 = store.ingest("synthetic", [first], mode="mirror")
    assert s3.skipped == 1 and s3.rows_added == 0
    # a revision of one month adds exactly one row
    s4 = store.ingest("synthetic", [payload({"2025-10-01": 101.5, "2025-11-01": 110.0}, "2026-02-15")], mode="mirror")
    assert s4.rows_added == 1
    latest = store.get("SYN.A")
    assert latest.loc["2025-10-01"] == 101.5
    first_print = store.get("SYN.A", as_of="2026-01-31")
    assert first_print.loc["2025-10-01"] == 100.0
    hist = store.vintages("SYN.A")
    assert len(hist) == 3
    assert store.get("SYN.A", as_of="2025-11-30").empty  # nothing was known yet
    # a first-seen value is known from its calendar estimate (monthly default: a month after the month),
    # even before the declared date of the file that brought it (2025-12-15)
    assert store.get("SYN.A", as_of="2025-12-01").to_dict() == {pd.Timestamp("2025-10-01"): 100.0}


def test_missing_stays_missing_and_revisions_to_missing_are_kept(store):
    store.ingest("synthetic", [payload({"2025-10-01": np.nan, "2025-11-01": 5.0}, "2025-12-01")], mode="mirror")
    s = store.get("SYN.A")
    assert np.isnan(s.loc["2025-10-01"]) and s.loc["2025-11-01"] == 5.0
    store.ingest("synthetic", [payload({"2025-10-01": 4.0}, "2026-01-01")], mode="mirror")
    assert store.get("SYN.A").loc["2025-10-01"] == 4.0
    assert np.isnan(store.get("SYN.A", as_of="2025-12-15").loc["2025-10-01"])


def test_out_of_order_vintages(store):
    store.ingest("synthetic", [payload({"2025-10-01": 3247382.0}, "2026-06-17")], mode="mirror")
    # an older vintage published in billions arrives later: converted, kept as history
    store.ingest("synthetic", [payload({"2025-10-01": 3247.000}, "2025-01-01", unit="usd_bn")], mode="mirror")
    assert store.get("SYN.A").loc["2025-10-01"] == 3247382.0
    assert store.get("SYN.A", as_of="2025-06-01").loc["2025-10-01"] == 3247000.0


def test_unit_conversion_rounds_away_binary_noise(store):
    store.ingest("synthetic", [payload({"2024-12-25": 3247.382}, "2025-01-01", unit="usd_bn")], mode="mirror")
    assert store.get("SYN.A").loc["2024-12-25"] == 3247382.0
    assert store.series_meta("SYN.A").unit == "usd_mn"


def test_undeclared_unit_jump_is_refused_and_nothing_changes(store):
    store.ingest("synthetic", [payload({"2024-12-25": 3247382.0, "2025-01-01": 3200000.0}, "2025-01-10")], mode="mirror")
    before = store.vintages("SYN.A")
    with pytest.raises(UnitMismatchError, match="SYN.A.*1000|unit change"):
        store.ingest("synthetic", [payload({"2024-12-25": 3247.382, "2025-01-01": 3200.0}, "2025-02-10")], mode="mirror")
    pd.testing.assert_frame_equal(store.vintages("SYN.A"), before)


def test_incompatible_unit_is_refused(store):
    with pytest.raises(UnitMismatchError, match="pct"):
        store.ingest("synthetic", [payload({"2025-01-01": 1.0}, "2025-01-10", unit="pct")], mode="mirror")
    assert store.con.execute("SELECT count(*) FROM obs").fetchone()[0] == 0


def test_unknown_series_suggests_close_ids(store):
    store.ingest("synthetic", [payload({"2025-01-01": 1.0}, "2025-01-10")], mode="mirror")
    with pytest.raises(UnknownSeriesError, match="SYN.A"):
        store.get("SYN.B")


def test_killed_mid_transaction_leaves_previous_state(tmp_path):
    db = tmp_path / "crash.duckdb"
    with Store.open(db) as st:
        st.ingest("synthetic", [payload({"2025-10-01": 1.0}, "2025-11-01")], mode="mirror")
    script = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {os.path.dirname(__file__)!r})
        from test_store import payload
        from ustmon.store import Store
        with Store.open({str(db)!r}) as st:
            st.ingest("synthetic", [payload({{"2025-10-01": 2.0, "2025-11-01": 3.0}}, "2025-12-01")], mode="mirror")
    """)
    env = {**os.environ, "USTMON_TEST_CRASH_IN_INGEST": "1"}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert proc.returncode == 17, proc.stderr  # died inside the transaction
    with Store.open(db, read_only=True) as st:
        s = st.get("SYN.A")
        assert s.to_dict() == {pd.Timestamp("2025-10-01"): 1.0}
        assert st.con.execute("SELECT count(*) FROM updates").fetchone()[0] == 1


def test_reader_waits_for_writer_then_reads(tmp_path):
    db = tmp_path / "busy.duckdb"
    with Store.open(db) as st:
        st.ingest("synthetic", [payload({"2025-10-01": 1.0}, "2025-11-01")], mode="mirror")
    # another process holds the write connection for ~1.5 s
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time, duckdb
        con = duckdb.connect({str(db)!r}); print('locked', flush=True); time.sleep(1.5); con.close()
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    with Store.open(db, read_only=True) as st:  # retries until the lock is released
        assert st.get("SYN.A").iloc[0] == 1.0
    holder.wait(timeout=10)


def test_a_store_from_an_earlier_version_gets_the_exact_column(tmp_path):
    import duckdb

    from ustmon.store import SCHEMA

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(SCHEMA)  # obs without the exact column, as earlier versions made it
    con.execute("ALTER TABLE obs DROP COLUMN IF EXISTS exact")
    con.close()
    with Store.open(db, read_only=True) as st:  # readers cope without it
        assert st.get_many(["SYN.A"], optional=True) == {}
    with Store.open(db) as st:
        st.ingest("synthetic", [payload({"2025-10-01": 1.0}, "2025-11-15")], mode="mirror")
        # known since the declared date (2025-11-15), which comes before the calendar estimate (2025-12-01): exact
        assert st.vintages("SYN.A")["exact"].tolist() == [True]


def test_a_mirror_file_is_never_dated_after_now():
    from ustmon.store import _known_since_stamps

    this_month = pd.Timestamp.now().normalize().replace(day=1)
    p = payload({str(this_month.date()): 1.0, "2020-01-01": 2.0}, None, tag="now")
    (st,) = _known_since_stamps([p])
    # the current month's estimated release lies ahead; a file in hand cannot be dated after now
    assert st.payload_date <= datetime.now(timezone.utc).replace(tzinfo=None)
    assert st.payload_date >= this_month.to_pydatetime()
    assert not st.pexact.any()
