"""Auction analytics against published TreasuryDirect results (the official R_YYYYMMDD_N.xml files).

Expected values are the figures printed in TreasuryDirect's auction results
(``/work/shared/data/auctions/treasurydirect_results_xml_2022-05``); shares are
computed by hand in the comments from the published accepted amounts.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ustmon.analytics import auctions
from ustmon.analytics.base import Data


@pytest.fixture(scope="module")
def res(mirror_store):
    with Data(mirror_store) as d:
        out = auctions.results(d)
    return out.set_index(["cusip", out["auction_date"].dt.strftime("%Y-%m-%d")])


def test_3year_20220510(res):
    # R_20220510_1.xml, 3-year note 91282CEQ0 (data README cross-check 5):
    # HighYield 2.809, BidToCoverRatio 2.59, OfferingAmount 45.000 ($bn).
    r = res.loc[("91282CEQ0", "2022-05-10")]
    assert r["stop_out"] == pytest.approx(2.809)
    assert r["bid_to_cover"] == pytest.approx(2.59)
    assert r["size"] == pytest.approx(45.0)
    # indirect 27,670,630,000 / competitive accepted 44,663,736,000 = 61.953%
    assert r["indirect_share"] == pytest.approx(61.953, abs=1e-3)
    # the three bidder classes exhaust competitive accepted
    assert r["indirect_share"] + r["direct_share"] + r["dealer_share"] == pytest.approx(100.0, abs=1e-9)
    # MedianYield 2.740 -> high minus median 6.9 bp
    assert r["high_minus_median_bp"] == pytest.approx(6.9, abs=1e-6)
    # reference: H.15 3-year CMT on 2022-05-10 = 2.81 (FRED DGS3) -> -0.1 bp
    assert r["cmt_reference"] == pytest.approx(2.81)
    assert r["tail_vs_cmt_bp"] == pytest.approx(-0.1, abs=1e-6)


def test_10year_20220511(res):
    # R_20220511_2.xml, 10-year note 91282CEP2: HighYield 2.943, BTC 2.49, $36bn,
    # MedianYield 2.850; indirect 25,272,055,600 / 35,949,055,600 = 70.300%;
    # primary dealers 4,132,000,000 / 35,949,055,600 = 11.494%.
    r = res.loc[("91282CEP2", "2022-05-11")]
    assert (r["stop_out"], r["bid_to_cover"], r["size"]) == pytest.approx((2.943, 2.49, 36.0))
    assert r["indirect_share"] == pytest.approx(70.300, abs=1e-3)
    assert r["dealer_share"] == pytest.approx(11.494, abs=1e-3)
    assert r["high_minus_median_bp"] == pytest.approx(9.3, abs=1e-6)
    # H.15 10-year CMT on 2022-05-11 = 2.91 (FRED DGS10): +3.3 bp over the close
    assert r["tail_vs_cmt_bp"] == pytest.approx(3.3, abs=1e-6)


def test_7year_20220526_and_4week_bill(res):
    # R_20220526_3.xml, 7-year 91282CES6: HighYield 2.777, BTC 2.69, $42bn;
    # indirect 32,688,895,000 / 41,982,995,000 = 77.862%.
    r = res.loc[("91282CES6", "2022-05-26")]
    assert (r["stop_out"], r["bid_to_cover"], r["size"]) == pytest.approx((2.777, 2.69, 42.0))
    assert r["indirect_share"] == pytest.approx(77.862, abs=1e-3)
    # R_20220512_1.xml, 4-week bill 912796V97: InvestmentRate 0.609, HighDiscountRate 0.600,
    # BTC 2.70, $35bn; dealers 24,060,313,500 / 34,131,604,600 = 70.493%.
    b = res.loc[("912796V97", "2022-05-12")]
    assert b["stop_out_basis"] == "bill_investment_rate"
    assert (b["stop_out"], b["bid_to_cover"], b["size"]) == pytest.approx((0.609, 2.70, 35.0))
    assert b["dealer_share"] == pytest.approx(70.493, abs=1e-3)


def test_tips_and_frn_have_no_cmt_tail(res):
    # TIPS 91282CDX6 (real yield) and the FRN 91282CEL1 are not compared with the nominal curve.
    assert pd.isna(res.loc[("91282CDX6", "2022-05-19"), "tail_vs_cmt_bp"])
    assert res.loc[("91282CEL1", "2022-05-25"), "stop_out_basis"] == "frn_discount_margin"


def test_views_and_provenance(mirror_store):
    with Data(mirror_store) as d:
        w = auctions.weakest(d)
        dl = auctions.dealers(d)
    assert list(w["rank"][:3]) == [1, 2, 3]
    assert w["weakness_score"].is_monotonic_decreasing
    assert "records:auctions" in w.attrs["provenance"]["series"]
    assert "NOT the when-issued" in w.attrs["method"]
    assert dl.loc["2022-01-01", "10Y"] > 0


def test_synthetic_weakness_ranking():
    """SYNTHETIC: three 10Y auctions; the one with the biggest tail, lowest cover and most dealers ranks first."""
    df = pd.DataFrame({"tenor": ["10Y"] * 3, "stop_out_basis": ["nominal_yield"] * 3,
                       "tail_vs_cmt_bp": [0.0, 1.0, 4.0], "bid_to_cover": [2.6, 2.5, 2.2],
                       "dealer_share": [10.0, 15.0, 30.0], "cusip": ["A", "B", "C"]})
    r = auctions.weakness_ranking(df, top=None)
    assert list(r["cusip"]) == ["C", "B", "A"]


def test_nearest_tenor():
    import numpy as np

    got = auctions.nearest_tenor(np.array([9 + 8 / 12, 29 + 10 / 12, 119 / 365.25, 0.5, 19.9]))
    assert list(got) == [10.0, 30.0, 4 / 12, 0.5, 20.0]
