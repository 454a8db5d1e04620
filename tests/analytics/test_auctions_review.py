"""Auction review, size grid and calendar on a store filled from the mirror, with values typed from
auctions/treasurydirect_securities_2008-04_to_2022-08_powershell-export-processed.csv (7-year notes) and the
Fiscal Data list of auctioned securities (auctions/not-yet-read/Auctions_Query_19791115_20251215.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from ustmon.analytics import auctions
from ustmon.analytics.base import Data


@pytest.fixture(scope="module")
def views(mirror_store):
    with Data(mirror_store) as d:
        return {v: auctions.VIEWS[v](d) for v in ("review", "sizes", "upcoming")}


def test_review_7_year_last_against_previous_six(views):
    r = views["review"].set_index("line").loc["Note 7Y"]
    # 91282CFC0 auctioned 2022-07-28: bidToCoverRatio 2.600000; the six 7-years before it:
    # 2.48 (06-28), 2.69 (05-26), 2.41 (04-28), 2.44 (03-29), 2.36 (02-24), 2.36 (01-27)
    assert r["last_auction"] == pd.Timestamp("2022-07-28") and r["cusip"] == "91282CFC0"
    assert r["bid_to_cover"] == pytest.approx(2.60)
    assert r["bid_to_cover_avg6"] == pytest.approx((2.48 + 2.69 + 2.41 + 2.44 + 2.36 + 2.36) / 6)
    # offering 38bn against 40, 42, 44, 47, 50, 53
    assert r["size_avg6"] == pytest.approx((40 + 42 + 44 + 47 + 50 + 53) / 6)
    assert bool(r["window_complete"]) is True
    assert 0 < r["bid_to_cover_pctile_2y"] <= 100


def test_review_refuses_lines_with_auctions_missing_from_the_store(views):
    r = views["review"].set_index("line")
    # the 2-year note of 2026-06-23 (auctions_query sample) has no stored predecessors for years
    two = r.loc["Note 2Y"]
    assert two["window_complete"] is False or two["window_complete"] == False  # noqa: E712
    assert pd.isna(two["bid_to_cover_avg6"]) and pd.isna(two["bid_to_cover_pctile_2y"])


def test_size_grid(views):
    s = views["sizes"].set_index("line")
    # 7-year: 38bn on 2022-07-28 after 40bn on 2022-06-28 (adjacent in the list): -2bn
    assert s.loc["Note 7Y", "size"] == 38.0 and s.loc["Note 7Y", "change"] == -2.0
    # 2-year: 69bn on 2026-06-23, previous stored one 2022-07-25: the list has 2-years in between -> no change
    assert s.loc["Note 2Y", "size"] == 69.0 and pd.isna(s.loc["Note 2Y", "change"])


def test_upcoming_from_the_list(views):
    u = views["upcoming"]
    # announced, not yet auctioned when the list was downloaded: 2025-12-09 6-week bill and 10-year
    # reopening (91282CPJ4), 2025-12-11 30-year reopening (912810UP1)
    assert list(u["cusip"]) == ["912797PD3", "91282CPJ4", "912810UP1"]
    assert u.index.min() == pd.Timestamp("2025-12-09")


def test_synthetic_review_table():
    """SYNTHETIC: eight 10-year auctions; the last bid-to-cover 2.0 is the lowest of the two-year window."""
    dates = pd.date_range("2023-01-10", periods=8, freq="MS") + pd.Timedelta(days=9)
    res = pd.DataFrame({"auction_date": dates, "cusip": [f"C{i}" for i in range(8)], "security_type": "Note",
                        "security_term": "10-Year", "tenor": "10Y", "reopening": False, "stop_out_basis": "nominal_yield",
                        "size": [42.0] * 7 + [39.0], "bid_to_cover": [2.5, 2.6, 2.4, 2.5, 2.7, 2.3, 2.6, 2.0],
                        "tail_vs_cmt_bp": 0.0, "high_minus_median_bp": 1.0, "indirect_share": 60.0, "dealer_share": 15.0})
    r = auctions.review_table(res).iloc[0]
    assert r["bid_to_cover_avg6"] == pytest.approx((2.6 + 2.4 + 2.5 + 2.7 + 2.3 + 2.6) / 6)
    assert r["bid_to_cover_pctile_2y"] == pytest.approx(100 / 8)
    assert r["size"] - r["size_avg6"] == pytest.approx(-3.0)
