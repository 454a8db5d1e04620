"""Supply analytics.  Published debt figures on the mirror; the record-based and
MSPD-based measures on SYNTHETIC frames (the mirror's auction records are a
sample and it has no MSPD payloads), with hand-computed expectations.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from ustmon.analytics import supply
from ustmon.analytics.base import Data
from ustmon.errors import CoverageError
from ustmon.models import bonds


def test_debt_total_end_fy2015(mirror_store):
    # fiscaldata/DebtPenny_csv-export_...: 2015-09-30 total public debt outstanding
    # "18150617666484.33" $ and held by the public "13123847198347.81" $ (= FRED GFDEBTN 2015Q3).
    with Data(mirror_store) as d:
        t = supply.debt(d)
    assert t.loc["2015-09-30", "debt_total"] == pytest.approx(18150.618, abs=0.01)
    assert t.loc["2015-09-30", "debt_held_by_public"] == pytest.approx(13123.847, abs=0.01)
    assert t.attrs["units"]["debt_total"] == "usd_bn"


def test_mirror_views_run_or_refuse(mirror_store):
    """Every view returns rows with provenance, or refuses with the reason and the coverage (CoverageError):
    never a figure from a sample.  The mirror's auction records are a sample (about a quarter of the debt)."""
    with Data(mirror_store) as d:
        for name, fn in supply.VIEWS.items():
            try:
                out = fn(d)
            except CoverageError as e:
                assert "not computed" in str(e) and e.reason, name
                continue
            assert len(out), name
            assert out.attrs["provenance"]["series"], name
        # duration supply: only months whose every coupon auction is stored (test_supply_duration.py)
        assert (supply.duration_supply(d)["coupon_auctions"] > 0).all()
        if not d.has("MSPD.MARKETABLE.BILLS"):
            for fn in (supply.net_issuance_monthly, supply.bill_share, supply.stock):
                with pytest.raises(CoverageError):
                    fn(d)


def _records(rows):
    cols = ["cusip", "security_type", "auction_date", "issue_date", "maturity_date", "tips", "floating_rate",
            "total_accepted", "soma_accepted", "maturing_amount", "interest_rate", "high_yield",
            "high_investment_rate", "high_discount_rate", "high_price", "security_term"]
    return pd.DataFrame(rows, columns=cols)


SYN = _records([
    # bills: two auctions settle 2024-01-04; the maturing amount (100bn) is repeated on both
    ["B1", "Bill", "2024-01-02", "2024-01-04", "2024-04-04", False, False, 70e9, 10e9, 100e9, np.nan, np.nan, 5.0, 4.9, np.nan, "13-Week"],
    ["B2", "Bill", "2024-01-02", "2024-01-04", "2024-07-03", False, False, 60e9, 0.0, 100e9, np.nan, np.nan, 5.0, 4.8, np.nan, "26-Week"],
    # a 10-year note settling 2024-01-16 with 30bn of coupons maturing
    ["N1", "Note", "2024-01-10", "2024-01-16", "2034-01-15", False, False, 40e9, 5e9, 30e9, 4.0, 4.0, np.nan, np.nan, 100.0, "10-Year"],
    # February: a TIPS with nothing maturing
    ["T1", "Note", "2024-02-20", "2024-02-29", "2034-01-15", True, False, 10e9, 0.0, 0.0, 1.75, 1.8, np.nan, np.nan, 99.5, "9-Year 11-Month"],
])


def test_synthetic_net_issuance_dedupes_maturing():
    """SYNTHETIC: Jan bills gross (70-10)+60 = 120, maturing 100 once -> +20; coupons 35 - 30 = +5."""
    auc = supply.prepare_auctions(SYN)
    n = supply.net_issuance(auc, "M")
    jan = n.loc["2024-01-01"]
    assert jan["gross_bills"] == pytest.approx(120.0)
    assert jan["maturing_bills"] == pytest.approx(100.0)
    assert jan["net_bills"] == pytest.approx(20.0)
    assert jan["net_nominal_coupons"] == pytest.approx(5.0)
    assert jan["net_total"] == pytest.approx(25.0)
    assert n.loc["2024-02-01", "net_tips"] == pytest.approx(10.0)
    # bill share over a 2-month window: 20 / (25 + 10) = 57.1%; excess over 20%: 20 - 7 = 13
    bs = supply.bill_share_of_net_issuance(n, window=2)
    assert bs.loc["2024-02-01", "bill_share_of_net_issuance"] == pytest.approx(100 * 20 / 35)
    assert bs.loc["2024-02-01", "excess_bills"] == pytest.approx(20 - 0.2 * 35)


def test_synthetic_maturity_wall_and_wam():
    """SYNTHETIC: at 2024-03-31 outstanding B1 70, B2 60, N1 40, T1 10; within 12m: B1 matured? no (04-04) -> B1+B2 = 130."""
    auc = supply.prepare_auctions(SYN)
    w = supply.maturity_wall(auc, pd.DatetimeIndex(["2024-03-31"]))
    row = w.iloc[0]
    assert row["outstanding_in_records"] == pytest.approx(180.0)
    assert row["maturing_next_12m"] == pytest.approx(130.0)
    assert row["maturing_next_12m_bills"] == pytest.approx(130.0)
    assert row["share_maturing_next_12m"] == pytest.approx(100 * 130 / 180)
    days = np.array([4, 94, 3577, 3577])  # to 04-04, 07-03, 2034-01-15 (x2)
    amt = np.array([70, 60, 40, 10.0])
    assert row["wam_months"] == pytest.approx((days / 30.4375 * amt).sum() / amt.sum())


def test_synthetic_bill_share_of_marketable():
    """SYNTHETIC MSPD ($mn): bills 6,000, notes 14,000, bonds 4,500, TIPS 2,000, FRN 500 -> total 27,000, bills 22.2%."""
    m = pd.DataFrame({"BILLS": [6e6], "NOTES": [14e6], "BONDS": [4.5e6], "TIPS": [2e6], "FRN": [0.5e6]},
                     index=pd.DatetimeIndex(["2024-12-01"]))
    out = supply.bill_share_of_marketable(m)
    assert out["marketable_total"].iloc[0] == pytest.approx(27000.0)
    assert out["bill_share_of_marketable"].iloc[0] == pytest.approx(100 * 6 / 27)


def test_closed_form_duration_matches_bond_model():
    """The vectorised duration equals ustmon.models.bonds.risk for a new issue settling on its dated date."""
    mat = dt.date(2025, 5, 15)  # 3-year 91282CEQ0 (issued 2022-05-16), 2.75% coupon, 2.809% stop
    bond = bonds.TreasuryBond(coupon=2.75, maturity=mat, dated_date=dt.date(2022, 5, 15))
    ref = bonds.risk(bond, dt.date(2022, 5, 15), 2.809).modified_duration
    got = supply.modified_duration(np.array([3.0]), np.array([2.75]), np.array([2.809]), np.array([False]))[0]
    assert got == pytest.approx(ref, rel=1e-9)
    # a 10y par note: closed form equals the model too
    ten = bonds.TreasuryBond(coupon=4.0, maturity=dt.date(2034, 1, 15))
    assert supply.par_modified_duration(10.0, 4.0) == pytest.approx(
        bonds.risk(ten, dt.date(2024, 1, 15), 4.0).modified_duration, rel=1e-9)


def test_synthetic_ten_year_equivalents():
    """SYNTHETIC: a 10y par note issued at the 10y yield is one 10-year equivalent per dollar."""
    auc = supply.prepare_auctions(SYN)
    auc = auc[auc["cusip"] == "N1"].assign(years_to_maturity=10.0)
    y10 = pd.Series([4.0], index=pd.DatetimeIndex(["2024-01-09"]))
    te = supply.ten_year_equivalents(auc, y10)
    assert te["ten_year_equivalents"].iloc[0] == pytest.approx(35.0)


def test_synthetic_supply_gap():
    """SYNTHETIC ($bn): held by public 100 -> 160, Fed 50 -> 40 (runoff 10), foreign official 30 -> 35 (+5): gap 60+10-5 = 65."""
    q = pd.PeriodIndex(["2024Q1", "2024Q2"], freq="Q")
    g = supply.supply_gap_table(pd.Series([100.0, 160.0], q), pd.Series([50.0, 40.0], q), pd.Series([30.0, 35.0], q))
    row = g.iloc[0]
    assert (row["net_borrowing"], row["fed_runoff"], row["foreign_official_purchases"]) == (60.0, 10.0, 5.0)
    assert row["supply_to_private"] == 65.0
    assert row["price_insensitive_demand"] == -5.0
