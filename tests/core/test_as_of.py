"""Point-in-time reads: ``as_of=D`` returns, per date, the latest value known on D and nothing known later.

Real-file checks use the session store built from every file in the data
mirror (``mirror_store``); the live-ingest and revision checks use small
SYNTHETIC payloads (labelled in their catalog titles).
"""

from __future__ import annotations


import pandas as pd
import pytest

import ustmon
from ustmon.sources.base import ParseResult, SeriesMeta
from ustmon.store import Payload, Store, payload_hash

AUDIT_DATES = ["2016-06-30", "2020-03-31", "2024-06-30", "2026-01-02"]


@pytest.fixture(scope="module")
def all_obs(mirror_store) -> pd.DataFrame:
    with Store.open(mirror_store, read_only=True) as st:
        return st.con.execute("SELECT series_id, date, vintage, value, exact FROM obs").df()


@pytest.mark.parametrize("as_of", AUDIT_DATES)
def test_look_ahead_audit_every_series(mirror_store, all_obs, as_of):
    """Every value returned as of D was known on D, and is the newest value known on D for its date."""
    d_end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    known = all_obs[all_obs["vintage"] < d_end].sort_values(["series_id", "date", "vintage"])
    expected = known.groupby(["series_id", "date"], sort=False).tail(1)
    with Store.open(mirror_store, read_only=True) as st:
        ids = [r[0] for r in st.con.execute("SELECT id FROM series").fetchall()]
        got = st.get_many(ids, as_of=as_of)
    rows = []
    for sid, ser in got.items():
        if len(ser):
            rows.append(pd.DataFrame({"series_id": sid, "date": ser.index, "got": ser.to_numpy()}))
        ks = ser.attrs["provenance"]["known_since"]
        assert ks is None or pd.Timestamp(ks) < d_end, (sid, ks)
    got_df = pd.concat(rows, ignore_index=True)
    exp = expected.rename(columns={"value": "want"})[["series_id", "date", "want"]]
    exp["date"] = pd.to_datetime(exp["date"])
    m = got_df.merge(exp, on=["series_id", "date"], how="outer", indicator=True)
    extra = m[m["_merge"] != "both"]
    assert extra.empty, f"values returned that were not known on {as_of} (or missing): {extra.head().to_dict('records')}"
    same = (m["got"] == m["want"]) | (m["got"].isna() & m["want"].isna())
    assert same.all(), m[~same].head().to_dict("records")
    # nothing is returned for a period that had not started on D
    assert got_df["date"].max() <= pd.Timestamp(as_of)


def test_no_value_is_known_before_its_period_date(all_obs):
    early = all_obs[pd.to_datetime(all_obs["vintage"]).dt.normalize() < pd.to_datetime(all_obs["date"])]
    assert early.empty, early.head().to_dict("records")


def test_dgs10_and_dgs2_as_of_mid_2024(mirror_store):
    # the 2026 copy of fred/DGS10.csv holds 2022-2024 values; they were known day by day (H.15, next business day)
    df = ustmon.get_frame(["DGS2", "DGS10"], as_of="2024-06-30", store=mirror_store)
    for sid in ("DGS2", "DGS10"):
        last = df[sid].dropna().index.max()
        assert last in (pd.Timestamp("2024-06-27"), pd.Timestamp("2024-06-28")), (sid, last)
    # fred/DGS10.csv, 2024-06-27: 4.29 (Friday 06-28's value was published Monday 07-01)
    assert df.loc["2024-06-27", "DGS10"] == 4.29
    prov = df.attrs["provenance"]["DGS10"]
    assert prov["known_since"].startswith("2024-06-28") and prov["known_since_exact"] is False


def test_gdp_as_of_new_year_2026_stops_at_2025q3(mirror_store):
    gdp = ustmon.get("GDP", as_of="2026-01-02", store=mirror_store)
    assert gdp.index.max() == pd.Timestamp("2025-07-01")  # 2025 Q3; Q4's advance estimate came at the end of January
    assert ustmon.get("GDP", store=mirror_store).index.max() > pd.Timestamp("2025-07-01")


# ---------------------------------------------------------------------------- SYNTHETIC payloads
H15_LIKE = SeriesMeta(id="SYN.H15", title="SYNTHETIC daily rate shaped like an H.15 series (not real data)",
                      source="fred", dataset="H.15 Selected Interest Rates", frequency="D", unit="pct",
                      url="https://example.invalid/", attribution="synthetic")
MONTHLY = SeriesMeta(id="SYN.M", title="SYNTHETIC monthly series (not real data)", source="synthetic",
                     dataset="test", frequency="M", unit="usd_mn", url="https://example.invalid/",
                     attribution="synthetic")


def _payload(meta, values: dict[str, float], *, mode: str, retrieved: str, declared: str | None = None,
             tag: str = "") -> Payload:
    obs = pd.DataFrame({"series_id": meta.id, "date": pd.to_datetime(list(values)), "value": list(values.values())})
    res = ParseResult(source=meta.source, origin=f"synthetic-{tag}", observations=obs, series={meta.id: meta},
                      vintage=None if declared is None else pd.Timestamp(declared))
    raw = repr((meta.id, values, mode, retrieved, declared, tag)).encode()
    return Payload(result=res, kind="synthetic", mode=mode, sha256=payload_hash(raw, "synthetic"),
                   retrieved_at=pd.Timestamp(retrieved, tz="UTC").to_pydatetime())


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "s.duckdb") as st:
        yield st


def test_first_live_update_gives_a_usable_history(store):
    days = pd.bdate_range("2024-06-24", "2024-07-03")
    vals = {str(d.date()): 4.0 + i / 100 for i, d in enumerate(days)}
    # fetched on 2026-12-01: without vintages the old store stamped every value with that day
    store.ingest("fred", [_payload(H15_LIKE, vals, mode="live", retrieved="2026-12-01 14:00", tag="a")], mode="live")
    past = store.get("SYN.H15", as_of="2024-06-30")
    assert past.index.max() == pd.Timestamp("2024-06-27")
    assert past.attrs["provenance"]["known_since"].startswith("2024-06-28")
    assert past.attrs["provenance"]["known_since_exact"] is False  # an estimate from the calendar
    # a revision seen in a later live fetch counts from that fetch (exact), not from the calendar
    vals2 = dict(vals, **{"2024-06-27": 9.99})
    store.ingest("fred", [_payload(H15_LIKE, vals2, mode="live", retrieved="2026-12-02 09:30", tag="b")], mode="live")
    assert store.get("SYN.H15", as_of="2026-12-01").loc["2024-06-27"] == vals["2024-06-27"]
    latest = store.get("SYN.H15", end="2024-06-27")
    assert latest.loc["2024-06-27"] == 9.99
    assert latest.attrs["provenance"]["known_since"].startswith("2026-12-02T09:30")
    assert latest.attrs["provenance"]["known_since_exact"] is True


def test_revision_in_a_later_file_is_reachable_by_as_of(store):
    months = {"2025-01-01": 10.0, "2025-02-01": 20.0, "2025-03-01": 30.0}
    store.ingest("synthetic", [_payload(MONTHLY, months, mode="mirror", retrieved="2026-12-01",
                                        declared="2025-04-20", tag="r1")], mode="mirror")
    # a revised file with the same last month, published later
    store.ingest("synthetic", [_payload(MONTHLY, dict(months, **{"2025-02-01": 21.0}), mode="mirror",
                                        retrieved="2026-12-01", declared="2025-05-20", tag="r2")], mode="mirror")
    assert store.get("SYN.M", as_of="2025-05-19").loc["2025-02-01"] == 20.0
    assert store.get("SYN.M", as_of="2025-05-20").loc["2025-02-01"] == 21.0
    hist = store.vintages("SYN.M")
    rev = hist[hist["value"] == 21.0].iloc[0]
    assert rev["vintage"] == pd.Timestamp("2025-05-20") and bool(rev["exact"])
    # first sights: the calendar estimate (default monthly rule: a month after the month ends, on a business
    # day: January -> Monday 2025-03-03, February -> 2025-04-01), not the file's date
    assert store.get("SYN.M", as_of="2025-03-02").empty
    assert store.get("SYN.M", as_of="2025-04-01").index.tolist() == [pd.Timestamp("2025-01-01"),
                                                                       pd.Timestamp("2025-02-01")]


def test_undeclared_mirror_files_are_dated_by_their_latest_observation(store):
    # two copies without a release date: the older copy (to 2025-02) and a later one (to 2025-04) that revises January
    old = _payload(MONTHLY, {"2025-01-01": 1.0, "2025-02-01": 2.0}, mode="mirror", retrieved="2026-12-01", tag="o")
    new = _payload(MONTHLY, {"2025-01-01": 1.5, "2025-02-01": 2.0, "2025-03-01": 3.0, "2025-04-01": 4.0},
                   mode="mirror", retrieved="2026-12-01", tag="n")
    store.ingest("synthetic", [new, old], mode="mirror")  # order in the batch does not matter
    assert store.get("SYN.M", as_of="2025-05-01").to_dict() == {
        pd.Timestamp("2025-01-01"): 1.0, pd.Timestamp("2025-02-01"): 2.0, pd.Timestamp("2025-03-01"): 3.0}
    # the revision counts from the later copy's date: its latest month's estimated release, Monday 2025-06-02
    assert store.get("SYN.M", as_of="2025-06-01").loc["2025-01-01"] == 1.0
    assert store.get("SYN.M", as_of="2025-06-02").loc["2025-01-01"] == 1.5
    assert not store.vintages("SYN.M")["exact"].any()


def test_an_older_file_ingested_after_a_live_fetch_keeps_the_live_value_latest(store):
    # fetched live on 2026-12-01: January's value as revised by then
    store.ingest("synthetic", [_payload(MONTHLY, {"2025-01-01": 1.5, "2025-04-01": 4.0}, mode="live",
                                        retrieved="2026-12-01 10:00", tag="live")], mode="live")
    # then an older mirror copy (to 2025-02, estimated release 2025-04-01) with January as first printed
    store.ingest("synthetic", [_payload(MONTHLY, {"2025-01-01": 1.0, "2025-02-01": 2.0}, mode="mirror",
                                        retrieved="2026-12-01", tag="old")], mode="mirror")
    assert store.get("SYN.M").loc["2025-01-01"] == 1.5  # the newest value stays the latest
    assert store.get("SYN.M", as_of="2025-04-30").loc["2025-01-01"] == 1.0  # the first print, known since March
    assert store.get("SYN.M", as_of="2026-11-30").loc["2025-01-01"] == 1.0
    hist = store.vintages("SYN.M")
    live = hist[(hist["value"] == 1.5)].iloc[0]
    assert live["vintage"] == pd.Timestamp("2026-12-01 10:00") and bool(live["exact"])  # known since its fetch
