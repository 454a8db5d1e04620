"""Last month's auctions: the latest complete month in the store, every auction and totals by type.

Mirror values typed from auctions/treasurydirect_results_xml_2022-05/ (32 files, every auction the
list auctions/not-yet-read/Auctions_Query_19791115_20251215.csv shows for May 2022):
* R_20220511_2.xml (10-year note 91282CEP2): OfferingAmount 36.000, HighYield 2.943, BidToCoverRatio 2.49,
  CompetitiveAccepted 35949055600, PrimaryDealerAccepted 4132000000, IndirectBidderAccepted 25272055600;
* R_20220510_1.xml (3-year note 91282CEQ0): OfferingAmount 45.000, HighYield 2.809, BidToCoverRatio 2.59;
* OfferingAmount over the 32 files: 1,142.000 $bn; the nine coupon auctions (3y 45, 10y 36, 30y 22, 20y 17,
  10y TIPS 14, 2y 47, 2y FRN 22, 5y 48, 7y 42) 293.000.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ustmon.analytics import auctions
from ustmon.analytics.base import Data


def test_last_month_on_the_mirror(mirror_store):
    with Data(mirror_store) as d:
        out = auctions.last_month(d)
    assert out.attrs["month"] == "2022-05"
    rows = out[out["row"] == "auction"].set_index("cusip")
    assert len(rows) == 32
    ten = rows.loc["91282CEP2"]
    assert ten["security"] == "Note 10Y" and ten["size"] == pytest.approx(36.0)
    assert ten["stop_out"] == pytest.approx(2.943) and ten["bid_to_cover"] == pytest.approx(2.49)
    assert ten["dealer_share"] == pytest.approx(100 * 4132000000 / 35949055600)
    assert ten["indirect_share"] == pytest.approx(100 * 25272055600 / 35949055600)
    three = rows.loc["91282CEQ0"]
    assert three["size"] == pytest.approx(45.0) and three["stop_out"] == pytest.approx(2.809)
    tot = out[out["row"] == "total"].set_index("security")
    assert tot.loc["Total", "size"] == pytest.approx(1142.0) and tot.loc["Total", "auctions"] == 32
    assert tot.loc["Total coupons", "size"] == pytest.approx(293.0) and tot.loc["Total coupons", "auctions"] == 9
    assert tot.loc["Total bills", "auctions"] == 23
    assert "when-issued" in out.attrs["method"] and "2022-05" in out.attrs["description"]


def _res(rows):
    return pd.DataFrame(rows, columns=["auction_date", "cusip", "security_type", "size"]).assign(
        auction_date=lambda f: pd.to_datetime(f["auction_date"]))


def test_latest_complete_month_synthetic():
    """SYNTHETIC: results for March (complete) and April (one of two listed auctions missing)."""
    res = _res([["2024-03-05", "A", "Note", 40.0], ["2024-04-02", "B", "Bill", 80.0]])
    listed = pd.DataFrame({"cusip": ["A", "B", "C"], "auction_date": ["2024-03-05", "2024-04-02", "2024-04-30"]})
    m, how = auctions.latest_complete_month(res, listed)
    assert m == pd.Period("2024-03", "M") and "1 auctions" in how
    # without the list: the latest month followed by a later result
    m, how = auctions.latest_complete_month(res, None)
    assert m == pd.Period("2024-03", "M") and "not checked" in how
    # a month the list does not reach to its end is never called complete
    m, _ = auctions.latest_complete_month(res, listed.iloc[:1])
    assert m is None
    m, how = auctions.latest_complete_month(res.iloc[1:], listed)
    assert m is None and "list" in how
