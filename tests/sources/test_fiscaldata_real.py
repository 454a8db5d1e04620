"""Real Fiscal Data payloads read in place: 2001 average rates, the auctions download, MTS Table 5, recorded API answers.

Values typed from the files named in each test (shared data README cross-checks 21 and 22).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cassettes import cassettes_under, read_cassette
from ustmon.snapshot import bundle_policy, is_bundleable
from ustmon.sources.fiscaldata import AUCTIONED_COLUMNS, AUCTIONED_DATASET, SOURCE

AIR_2001 = "fiscaldata/avg_interest_rates_api-page1-of-47_2001-01_to_2001-07.json"
AUCTIONS_CSV = "auctions/not-yet-read/Auctions_Query_19791115_20251215.csv"
MTS5 = "fiscaldata/ustfd_sample-response_mts_table_5_2021.json"


def _val(res, sid: str, date: str) -> float:
    o = res.observations
    v = o[(o.series_id == sid) & (o.date == pd.Timestamp(date))]["value"]
    assert len(v) == 1, f"{sid} {date}: {len(v)} values"
    return float(v.iloc[0])


def _parse(shared: Path, rel: str, kind: str):
    p = shared / rel
    return SOURCE.parse(p.read_bytes(), str(p), kind)


def test_average_rates_2001_tips_lines(shared_data: Path):
    """Regression: the 2001 page has TIPS on two lines; each is its own series (no 'two values' error)."""
    res = _parse(shared_data, AIR_2001, "fiscaldata_json")
    # 2001-01-31: "Treasury Inflation-Indexed Notes" 3.772 (src_line_nbr 4), "... Bonds" 3.866 (line 5)
    assert _val(res, "AIR.TIPS.NOTES", "2001-01-01") == 3.772
    assert _val(res, "AIR.TIPS.BONDS", "2001-01-01") == 3.866
    assert _val(res, "AIR.TIPS.NOTES", "2001-06-01") == 3.772 and _val(res, "AIR.TIPS.BONDS", "2001-06-01") == 3.866
    assert "AIR.TIPS" not in set(res.observations.series_id)
    assert res.observations.date.max() == pd.Timestamp("2001-07-01")  # 2001-07 cut by the page, still read


def test_auctions_download(shared_data: Path):
    res = _parse(shared_data, AUCTIONS_CSV, "fiscaldata_csv")
    df = res.records[AUCTIONED_DATASET]
    assert res.record_keys[AUCTIONED_DATASET] == ["cusip", "auction_date"] and res.observations.empty
    assert list(df.columns) == AUCTIONED_COLUMNS and len(df) == 10780
    # line 1537: 91282CEQ0,Note,3-Year,2022-05-10,2022-05-16,2025-05-15,99.831427,...,R_20220510_1.xml
    r = df[(df.cusip == "91282CEQ0") & (df.auction_date == pd.Timestamp("2022-05-10"))].iloc[0]
    assert r.price_per_100 == 99.831427 and r.security_term == "3-Year" and r.security_type == "Note"
    assert r.issue_date == pd.Timestamp("2022-05-16") and r.maturity_date == pd.Timestamp("2025-05-15")
    assert r.results_xml == "R_20220510_1.xml"
    # line 2: announced, not yet auctioned (price and results null)
    a = df[df.cusip == "912810UP1"].iloc[0]
    assert np.isnan(a.price_per_100) and pd.isna(a.results_xml)
    assert df.auction_date.min() == pd.Timestamp("1979-10-31") and df.auction_date.max() == pd.Timestamp("2025-12-11")


def test_auctions_download_is_not_bundled(shared_data: Path):
    policy = bundle_policy(shared_data / "README.md")
    assert not is_bundleable(shared_data / AUCTIONS_CSV, shared_data, policy)


def test_mts_table_5(shared_data: Path):
    res = _parse(shared_data, MTS5, "fiscaldata_json")
    assert set(res.observations.series_id) == {"MTS5.16.7.5", "MTS5.16.7.6", "MTS5.16.7.7", "MTS5.16.7.8"}
    # first record: 2021-01-31, 16.7.5, current_month_gross_outly_amt "3594670266.67" (dollars)
    assert _val(res, "MTS5.16.7.5", "2021-01-01") == 3594670266.67
    assert res.units["MTS5.16.7.5"] == "usd" and res.series["MTS5.16.7.5"].unit == "usd_mn"
    assert "Refundable Premium Tax Credits" in res.series["MTS5.16.7.5"].title
    assert len(res.observations) == 48


# --- recorded API answers (vcrpy cassettes), decoded in place and fed to the live parser --------
def _cassette(shared: Path, word: str):
    (path,) = [p for p in cassettes_under(shared) if word in p.name]
    (it,) = read_cassette(path)
    return it


def test_debt_to_the_penny_cassette(shared_data: Path):
    it = _cassette(shared_data, "debt_to_penny")
    assert "v2/accounting/od/debt_to_penny" in it.uri
    res = SOURCE.parse(it.body, it.uri, "fiscaldata_json")
    assert len(res.observations) == 183 and res.observations.date.nunique() == 61
    assert _val(res, "DTTP.TOTAL", "2025-03-31") == 36214310420174.13
    assert res.units["DTTP.TOTAL"] == "usd"


def test_auctions_query_cassette(shared_data: Path):
    it = _cassette(shared_data, "auction")
    res = SOURCE.parse(it.body, it.uri, "fiscaldata_json")
    df = res.records["auctions"]
    assert len(df) == 25 and set(df.security_type) == {"Bill"}
    r = df[(df.security_term == "13-Week") & (df.auction_date == pd.Timestamp("2026-01-05"))].iloc[0]
    assert r.high_discount_rate == 3.540
    assert r.offering_amt_usd >= 1e10  # dollars ("86000000000"-style), not billions


def test_mts_table_5_in_the_store(mirror_store):
    """The MTS Table 5 sample goes through the mirror walk into the store: $mn, its own titles, known-since estimated
    from the MTS calendar (eighth business day after the month: January 2021 -> 2021-02-10)."""
    import ustmon

    cat = ustmon.catalog("MTS5", store=mirror_store).set_index("id")
    assert set(cat.index) == {"MTS5.16.7.5", "MTS5.16.7.6", "MTS5.16.7.7", "MTS5.16.7.8"}
    assert (cat["unit"] == "usd_mn").all() and (cat["dataset"] == "mts_table_5").all()
    assert "Earned Income Credit" in cat.loc["MTS5.16.7.6", "title"]
    # record 6: 2021-02-28, 16.7.6, current_month_gross_outly_amt "18201616839.72" dollars
    s = ustmon.get("MTS5.16.7.6", store=mirror_store)
    assert s.loc["2021-02-01"] == pytest.approx(18201.61683972)
    v = ustmon.vintages("MTS5.16.7.5", store=mirror_store).set_index("date")
    assert v.loc["2021-01-01", "vintage"] == pd.Timestamp("2021-02-10") and not v.loc["2021-01-01", "exact"]
