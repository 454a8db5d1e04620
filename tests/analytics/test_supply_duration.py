"""Coupon supply in 10-year equivalents (DV01-weighted) beside Fed runoff and foreign official purchases.

Values typed from the mirror:
* auctions/treasurydirect_results_xml_2022-05/R_20220511_2.xml: 10-year note 91282CEP2, auctioned 2022-05-11,
  issued 2022-05-16, matures 2032-05-15, InterestRate 2.875, HighYield 2.943, TotalAccepted 61194142100
  (SOMAAccepted 25194106800);
* R_20220512_3.xml: 30-year bond 912810TG3, auctioned 2022-05-12, issued 2022-05-16, matures 2052-05-15,
  InterestRate 2.875, HighYield 2.997, HighPrice 97.596896, TotalAccepted 37396398800;
* fred/DGS10.csv: 2022-05-11 2.91, 2022-05-12 2.84;
* fred/processed_opxie1/TREAST-processed.csv: 2022-04-27 5764013.0, 2022-05-25 5769417.0 ($mn);
* tic/mfhhis01.txt, For. Official: Apr 2022 3907.5, May 2022 3866.3 ($bn).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ustmon.analytics import supply
from ustmon.analytics.base import Data
from ustmon.errors import CoverageError


def _by_hand(coupon: float, yld: float, w: float, n: int) -> tuple[float, float]:
    """(dirty price per 100, modified duration) by an explicit cash-flow sum: first flow after ``w`` periods."""
    g = 1 + yld / 200.0
    t = w + np.arange(n)
    cf = np.full(n, coupon / 2.0)
    cf[-1] += 100.0
    pv = cf / g ** t
    dirty = pv.sum()
    return dirty, (t / 2.0 * pv).sum() / dirty / g


def _rec(cusip, term, auction, issue, maturity, coupon, yld, accepted):
    return pd.DataFrame([{"cusip": cusip, "security_type": "Note" if "10" in term else "Bond", "security_term": term,
                          "auction_date": auction, "issue_date": issue, "maturity_date": maturity, "tips": False,
                          "floating_rate": False, "total_accepted": accepted, "soma_accepted": 0.0,
                          "offering_amt_usd": np.nan, "interest_rate": coupon, "high_yield": yld}])


Y10 = pd.Series([2.91, 2.84], index=pd.DatetimeIndex(["2022-05-11", "2022-05-12"]))  # fred/DGS10.csv


def test_ten_year_note_is_one_ten_year_equivalent():
    auc = supply.prepare_auctions(_rec("91282CEP2", "10-Year", "2022-05-11", "2022-05-16", "2032-05-15",
                                       2.875, 2.943, 61194142100.0))
    r = supply.coupon_ten_year_equivalents(auc, Y10).iloc[0]
    # settles 2022-05-16, one day after the 2022-05-15 coupon date: 183 of 184 days to 2022-11-15
    dirty, md = _by_hand(2.875, 2.943, 183 / 184, 20)
    md10 = (1 - (1 + 0.0291 / 2) ** -20) / 0.0291  # par 10-year at DGS10 2.91, settling on its dated date
    assert r["modified_duration"] == pytest.approx(md, rel=1e-9)
    assert r["price"] == pytest.approx(dirty, rel=1e-9)
    want = 61.1941421 * md * dirty / 100 / md10
    assert r["ten_year_equivalents_usd_bn"] == pytest.approx(want, rel=1e-6)
    assert r["ten_year_equivalents_usd_bn"] / r["amount_usd_bn"] == pytest.approx(1.0, abs=0.02)


def test_thirty_year_bond_is_about_two_ten_year_equivalents():
    auc = supply.prepare_auctions(_rec("912810TG3", "30-Year", "2022-05-12", "2022-05-16", "2052-05-15",
                                       2.875, 2.997, 37396398800.0))
    r = supply.coupon_ten_year_equivalents(auc, Y10).iloc[0]
    dirty, md = _by_hand(2.875, 2.997, 183 / 184, 60)
    # Treasury's HighPrice 97.596896 is clean; ours is dirty at the same yield: 1 day of accrued (0.0078)
    # apart, plus Treasury's simple-interest first period (about 0.0002)
    assert r["price"] - 2.875 / 2 / 184 == pytest.approx(97.596896, abs=5e-4)
    md10 = (1 - (1 + 0.0284 / 2) ** -20) / 0.0284
    ratio = r["ten_year_equivalents_usd_bn"] / r["amount_usd_bn"]
    assert ratio == pytest.approx(md * dirty / 100 / md10, rel=1e-6)
    assert 2.1 < ratio < 2.4  # "a 30-year is about two 10-years"


def test_table_quarters_need_three_months():
    """SYNTHETIC: three months of one auction each; holdings fall 10 (Fed) and rise 5 (foreign official) a month."""
    per = pd.DataFrame({"auction_date": pd.to_datetime(["2024-01-10", "2024-02-10", "2024-03-10", "2024-04-10"]),
                        "cusip": list("ABCD"), "amount_usd_bn": [10.0] * 4,
                        "ten_year_equivalents_usd_bn": [10.0, 20.0, 30.0, 40.0]})
    months = {pd.Period(m, "M") for m in ("2024-01", "2024-02", "2024-03", "2024-04")}
    idx = pd.date_range("2023-12-01", "2024-04-01", freq="MS")
    fed = pd.Series([100.0, 90, 80, 70, 60], index=idx)
    off = pd.Series([50.0, 55, 60, 65, 70], index=idx)
    m = supply.duration_supply_table(per, months, fed, off, ratio=0.5)
    assert m.loc["2024-02-01", "fed_runoff_10y_equiv_usd_bn"] == pytest.approx(5.0)
    assert m.loc["2024-02-01", "foreign_official_10y_equiv_usd_bn"] == pytest.approx(2.5)
    assert m.loc["2024-02-01", "left_for_private_10y_equiv_usd_bn"] == pytest.approx(20 + 5 - 2.5)
    q = supply.duration_supply_table(per, months, fed, off, ratio=0.5, freq="Q")
    assert list(q.index) == [pd.Timestamp("2024-01-01")]  # 2024Q2 has one month only: left out
    assert q.iloc[0]["coupon_supply_10y_equiv_usd_bn"] == pytest.approx(60.0)
    assert q.iloc[0]["left_for_private_10y_equiv_usd_bn"] == pytest.approx(60 + 15 - 7.5)


def test_duration_view_on_the_mirror(mirror_store):
    """May 2022 is complete in the mirror (the 2022-05 results XMLs hold every coupon auction of the list)."""
    with Data(mirror_store) as d:
        out = supply.duration_supply(d)
        q = supply.duration_supply_quarterly(d)
    may = out.loc["2022-05-01"]
    assert may["coupon_auctions"] == 9
    # TREAST 5764013 -> 5769417 $mn: Fed holdings rose 5.404 $bn -> runoff -5.404 x 0.59
    assert may["fed_runoff_10y_equiv_usd_bn"] == pytest.approx(-5.404 * 0.59, abs=1e-9)
    # TIC foreign official 3907.5 -> 3866.3: -41.2 x 0.59
    assert may["foreign_official_10y_equiv_usd_bn"] == pytest.approx(-41.2 * 0.59, abs=1e-9)
    assert may["left_for_private_10y_equiv_usd_bn"] == pytest.approx(
        may["net_coupon_supply_10y_equiv_usd_bn"] - 5.404 * 0.59 + 41.2 * 0.59)
    # months missing coupon auctions (June 2022: 8 of 9 stored) are not shown
    assert pd.Timestamp("2022-06-01") not in out.index
    assert "APPROXIMATION" in out.attrs["method"] and "months" in out.attrs["description"]
    assert len(q) and (q["coupon_auctions"] >= 15).all()


def test_duration_refuses_without_a_complete_month(mirror_store):
    with Data(mirror_store, start=pd.Timestamp("2023-01-01")) as d:
        with pytest.raises(CoverageError) as e:
            supply.duration_supply(d)
    assert "every coupon auction" in str(e.value) and e.value.coverage


def test_par_ten_year_dv01_equals_bond_model():
    import datetime as dt

    from ustmon.models import bonds

    bond = bonds.TreasuryBond(coupon=2.91, maturity=dt.date(2032, 5, 16))
    assert supply.ten_year_par_dv01(pd.Timestamp("2022-05-16"), 2.91) == pytest.approx(
        bonds.risk(bond, dt.date(2022, 5, 16), 2.91).dv01, rel=1e-9)
