"""Records are read from a stored, decoded frame only while it matches the records table.

``record_frames`` is derived: rebuilt at each ingest that adds records.  A frame
that no longer matches (records written without it, a store from before it, an
as-of before its latest version) is not used; the JSON is decoded instead, with
the same result.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd

from ustmon.store import Store, _decode_json_lines


def _copy_altered(store, tmp_path, sql: str):
    """A copy of ``store`` with ``sql`` run on it (as an older or damaged store would be)."""
    db = tmp_path / "s.duckdb"
    shutil.copy(store, db)
    con = duckdb.connect(str(db))
    con.execute(sql)
    con.close()
    return db


def _assert_reads_the_json(db, reference) -> None:
    """The frame of ``db`` is not used and its auction records are still those of ``reference``."""
    with Store.open(db, read_only=True) as st, Store.open(reference, read_only=True) as ref:
        assert st._record_frame("auctions") is None
        pd.testing.assert_frame_equal(st.records("auctions"), ref.records("auctions"))


def test_the_stored_frame_is_what_decoding_the_json_gives(mirror_store):
    with Store.open(mirror_store, read_only=True) as st:
        datasets = [r[0] for r in st.con.execute("SELECT DISTINCT dataset FROM records ORDER BY 1").fetchall()]
        assert datasets, "the mirror holds records (auction results, auctioned securities, MSPD securities)"
        for ds in datasets:
            assert st._record_frame(ds) is not None, ds
            pd.testing.assert_frame_equal(st.records(ds), _decode_json_lines(st._latest_records_text(ds)))


def test_a_frame_older_than_the_records_is_not_used(mirror_store, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(mirror_store, db)
    with Store.open(db, read_only=True) as st:
        before = st.records("auctions")
        row = json.loads(before.iloc[[-1]].to_json(orient="records", date_format="iso"))[0]
    # a record written without refreshing the frame (as an older ustmon would): SYNTHETIC revision of the last one
    row["high_yield"] = 9.999
    con = duckdb.connect(str(db))
    key, vintage = con.execute("SELECT key, max(vintage) FROM records WHERE dataset = 'auctions' "
                               "GROUP BY key ORDER BY key DESC LIMIT 1").fetchall()[0]
    con.execute("INSERT INTO records VALUES ('auctions', ?, ?, ?, NULL, 'treasurydirect')",
                [key, vintage + pd.Timedelta(days=1).to_pytimedelta(), json.dumps(row)])
    con.close()
    with Store.open(db, read_only=True) as st:
        assert st._record_frame("auctions") is None
        after = st.records("auctions")
    assert len(after) == len(before)
    assert after.loc[after.index[-1], "high_yield"] == 9.999


def test_an_as_of_before_the_latest_version_reads_the_json(mirror_store):
    with Store.open(mirror_store, read_only=True) as st:
        # auctions/treasurydirect_results_xml_2022-05: results known on their auction days
        assert st._record_frame("auctions", as_of_bound := pd.Timestamp("2022-05-11").to_pydatetime()) is None
        assert st._record_frame("auctions", pd.Timestamp("2100-01-01").to_pydatetime()) is not None
        early = st.records("auctions", as_of="2022-05-10")
    assert pd.to_datetime(early["auction_date"]).max() < pd.Timestamp(as_of_bound)


def test_a_store_without_frames_reads_the_json(mirror_store, tmp_path):
    db = _copy_altered(mirror_store, tmp_path, "DROP TABLE record_frames")
    _assert_reads_the_json(db, mirror_store)


def test_a_store_seeded_from_the_bundled_snapshot_has_its_frames(tmp_path):
    from ustmon.snapshot import load_manifest, seed_store

    if load_manifest() is None:
        import pytest

        pytest.skip("no bundled snapshot in this checkout")
    db = tmp_path / "s.duckdb"
    seed_store(db, sources=["treasurydirect", "fiscaldata"])
    with Store.open(db, read_only=True) as st:
        for ds in ("auctions", "mspd_securities"):
            assert st._record_frame(ds) is not None, ds
            pd.testing.assert_frame_equal(st.records(ds), _decode_json_lines(st._latest_records_text(ds)))


def test_a_damaged_frame_is_not_used_and_the_next_update_rebuilds_it(mirror_store, tmp_path, shared_data):
    from ustmon.update import run_update

    db = _copy_altered(mirror_store, tmp_path,
                       "UPDATE record_frames SET frame = 'not an arrow stream'::BLOB WHERE dataset = 'auctions'")
    _assert_reads_the_json(db, mirror_store)
    # an update that adds no record (the same files again) still rebuilds what it finds missing or damaged
    (out,) = run_update(["treasurydirect"], store_path=db, mirror=shared_data)
    assert out.stats.records_added == 0
    with Store.open(db, read_only=True) as st:
        assert st._record_frame("auctions") is not None
