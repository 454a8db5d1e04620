"""Supply from MSPD and DTS: stock by type, bill share, net issuance, maturity wall, WAM, DTS month totals.

The pure functions are run on the real Fiscal Data downloads in
``fiscaldata/not-yet-read/`` (read in place; the small readers below only
rename the website's display columns to the store's ids), with values typed
from those files.  SYNTHETIC frames are labelled as such.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ustmon.analytics import supply
from ustmon.errors import CoverageError

NYR = "fiscaldata/not-yet-read"
_T1 = {("Marketable", "Bills"): "BILLS", ("Marketable", "Notes"): "NOTES", ("Marketable", "Bonds"): "BONDS",
       ("Marketable", "Treasury Inflation-Protected Securities"): "TIPS",
       ("Marketable", "Inflation-Indexed Notes"): "TIPS_NOTES", ("Marketable", "Inflation-Indexed Bonds"): "TIPS_BONDS",
       ("Marketable", "Floating Rate Notes"): "FRN", ("Marketable", "Federal Financing Bank"): "FFB",
       ("Total Marketable", "_"): "TOTAL"}
_CLASS = {"Bills Maturity Value": "bills", "Notes": "notes", "Bonds": "bonds", "Inflation-Protected Securities": "tips",
          "Floating Rate Notes": "frn", "Federal Financing Bank": "ffb"}


def _one(shared, pattern: str):
    files = sorted((shared / NYR).glob(pattern))
    if not files:
        pytest.skip(f"no {pattern} in {shared / NYR}")
    return files


@pytest.fixture(scope="module")
def mspd(shared_data) -> pd.DataFrame:
    """MSPD Table 1 total outstanding ($mn) by type, as the store keeps it (month end dated the 1st)."""
    df = pd.read_csv(_one(shared_data, "MSPD_SumSecty_*.csv")[0], encoding="utf-8-sig")
    key = [_T1.get((a, b)) for a, b in zip(df["Security Type Description"], df["Security Class Description"])]
    df = df.assign(key=key).dropna(subset=["key"])
    wide = df.pivot(index="Record Date", columns="key", values="Total Public Debt Outstanding (in Millions)")
    wide.index = pd.to_datetime(wide.index).to_period("M").to_timestamp()
    return wide


@pytest.fixture(scope="module")
def detail(shared_data) -> pd.DataFrame:
    """MSPD Table 3 marketable tranches as records ``mspd_securities`` (both months in the mirror)."""
    frames = []
    for f in _one(shared_data, "MSPD_DetailSecty_*.csv"):
        d = pd.read_csv(f, dtype=str, keep_default_na=False)
        d = d[(d["Security Type Description"] == "Marketable") & d["Security Class 1 Description"].isin(_CLASS)]
        d = d[d["Maturity Date"] != "null"]
        frames.append(pd.DataFrame({
            "record_date": d["Record Date"], "cusip": d["Security Class 2 Description"],
            "security_class": d["Security Class 1 Description"].map(_CLASS),
            "maturity_date": d["Maturity Date"],
            "outstanding_mil": pd.to_numeric(d["Outstanding Amount (in Millions)"].replace({"null": None, "*": None}))}))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def dts_mtd(shared_data) -> pd.DataFrame:
    """DTS Table III-A month-to-date marketable lines ($mn), daily."""
    d = pd.read_csv(_one(shared_data, "DTS_PubDebtTrans_*.csv")[0])
    d = d[d["Security Marketability"] == "Marketable"]
    col = {("Issues", "Bills", "Regular Series"): "gross_bills_regular",
           ("Issues", "Bills", "Cash Management Series"): "gross_bills_cmb",
           ("Issues", "Notes", "null"): "gross_notes", ("Issues", "Bonds", "null"): "gross_bonds",
           ("Redemptions", "Bills", "null"): "redemptions_bills", ("Redemptions", "Notes", "null"): "redemptions_notes",
           ("Redemptions", "Bonds", "null"): "redemptions_bonds"}
    k = [col.get((a, b, str(c))) for a, b, c in zip(d["Transaction Type"], d["Security Type"],
                                                     d["Security Type Description"].fillna("null"))]
    d = d.assign(k=k).dropna(subset=["k"])
    w = d.pivot(index="Record Date", columns="k", values="Transactions Month to Date")
    w.index = pd.to_datetime(w.index)
    return w.sort_index()


# --------------------------------------------------------------------------- stock and bill share
def test_bill_share_of_marketable_2024_12_and_2026_05(mspd):
    st = supply.stock_by_type(mspd)
    # MSPD_SumSecty, 2024-12-31: Bills 6,186,882.0707 / Total Marketable 28,280,668.6575746 ($mn) = 21.876%
    assert st.loc["2024-12-01", "bills"] == pytest.approx(6186.8820707)
    assert st.loc["2024-12-01", "bill_share_of_marketable"] == pytest.approx(100 * 6186882.0707 / 28280668.6575746)
    assert st.loc["2024-12-01", "bill_share_of_marketable"] == pytest.approx(21.876, abs=0.001)
    # 2026-05-31: Bills 6,758,778.5857 / Total Marketable 30,914,033.9837218 = 21.863%
    assert st.loc["2026-05-01", "bill_share_of_marketable"] == pytest.approx(100 * 6758778.5857 / 30914033.9837218)
    assert st.loc["2026-05-01", "bill_share_of_marketable"] == pytest.approx(21.863, abs=0.001)
    # the TBAC guide is a range, 15-20%
    assert (st["tbac_low_pct"].iloc[-1], st["tbac_high_pct"].iloc[-1]) == (15.0, 20.0)


def test_marketable_total_equals_file_total_three_months(mspd):
    st = supply.stock_by_type(mspd)
    # Total Marketable, Total Public Debt Outstanding column, $mn
    assert st.loc["2001-01-01", "marketable_total"] == pytest.approx(2977.327753)
    assert st.loc["2024-12-01", "marketable_total"] == pytest.approx(28280.6686575746)
    assert st.loc["2026-05-01", "marketable_total"] == pytest.approx(30914.0339837218)
    # 2001-01: TIPS = Inflation-Indexed Notes 88,312.716 + Bonds 38,978.946; no FRNs yet
    assert st.loc["2001-01-01", "tips"] == pytest.approx(127.291662)
    assert st.loc["2001-01-01", "frn"] == 0.0
    # the types plus FFB add up to the published total (2024-12: FFB 4,514.1241)
    row = st.loc["2024-12-01"]
    assert row[supply.STOCK_TYPES].sum() + 4.5141241 == pytest.approx(row["marketable_total"], abs=1e-6)
    assert len(st) == 305  # every month 2001-01..2026-05


def test_net_bills_2020q2_and_december_2024(mspd):
    st = supply.stock_by_type(mspd)
    q = supply.net_issuance_from_stock(st, "Q")
    # bills 2020-03-31 2,657,439.3487 -> 2020-06-30 5,079,626.0736: +2,422.2 bn (the Covid bill surge)
    assert q.loc["2020-04-01", "net_bills"] == pytest.approx(5079.6260736 - 2657.4393487)
    assert q.loc["2020-04-01", "net_bills"] > 2000
    m = supply.net_issuance_from_stock(st, "M")
    # bills 2024-11-30 6,389,763.232 -> 2024-12-31 6,186,882.071 (README cross-check 20): -202.9 bn
    assert m.loc["2024-12-01", "net_bills"] == pytest.approx(-202.881, abs=0.001)
    assert m.loc["2024-12-01", "net_coupons"] == pytest.approx(
        m.loc["2024-12-01", ["net_notes", "net_bonds", "net_tips", "net_frn"]].sum())
    # quarters are quarter end minus previous quarter end
    assert q.loc["2024-10-01", "net_marketable"] == pytest.approx(
        st.loc["2024-12-01", "marketable_total"] - st.loc["2024-09-01", "marketable_total"])


def test_trailing_share_and_period_to_date(mspd):
    st = supply.stock_by_type(mspd)
    m = supply.net_issuance_from_stock(st, "M")
    tr = supply.trailing_bill_share_of_net(m)
    # 12 months to 2024-12: change in bills and in Total Marketable from 2023-12-31
    nb = st.loc["2024-12-01", "bills"] - st.loc["2023-12-01", "bills"]
    nt = st.loc["2024-12-01", "marketable_total"] - st.loc["2023-12-01", "marketable_total"]
    assert tr.loc["2024-12-01", "net_bills_12m"] == pytest.approx(nb)
    assert tr.loc["2024-12-01", "bill_share_of_net_12m_pct"] == pytest.approx(100 * nb / nt)
    ptd = supply.period_to_date(m).set_index("period")
    # last complete quarter 2026Q1, year to date 2026-01..05
    assert ptd.loc["2026Q1", "net_bills"] == pytest.approx(st.loc["2026-03-01", "bills"] - st.loc["2025-12-01", "bills"])
    ytd = ptd.loc["2026 to 2026-05"]
    assert ytd["months"] == 5
    assert ytd["net_coupons"] == pytest.approx(st.loc["2026-05-01", "coupons"] - st.loc["2025-12-01", "coupons"])


def test_synthetic_gap_month_is_not_a_change():
    """SYNTHETIC: a missing month makes the next month's change unknown, not a two-month jump."""
    idx = pd.DatetimeIndex(["2024-01-01", "2024-02-01", "2024-04-01"])
    m = pd.DataFrame({"BILLS": [1e6, 1.1e6, 1.3e6], "NOTES": [2e6] * 3, "BONDS": [1e6] * 3, "TIPS": [1e5] * 3,
                      "FRN": [1e4] * 3}, index=idx)
    n = supply.net_issuance_from_stock(supply.stock_by_type(m), "M")
    assert n.loc["2024-02-01", "net_bills"] == pytest.approx(100.0)
    assert "2024-04-01" not in n.index.strftime("%Y-%m-%d")
    assert supply.net_issuance_from_stock(supply.stock_by_type(m), "Q").empty  # no quarter has 3 month changes


# --------------------------------------------------------------------------- DTS month totals
def test_dts_december_2024_bills_match_mspd(dts_mtd, mspd):
    mo = supply.dts_month_totals(dts_mtd)
    dec = mo.loc["2024-12-01"]
    # DTS III-A, 2024-12-31 month to date: regular 1,797,176 + CMB 275,027 issued, 2,275,083 redeemed ($mn)
    assert dec["gross_bills"] == pytest.approx(1797.176 + 275.027)
    assert dec["redemptions_bills"] == pytest.approx(2275.083)
    assert dec["net_bills"] == pytest.approx(-202.880)
    assert dec["last_statement"] == pd.Timestamp("2024-12-31")
    # against MSPD's change in bills (-202,881.2 $mn): $1.2mn apart
    net_mspd = supply.net_issuance_from_stock(supply.stock_by_type(mspd), "M").loc["2024-12-01", "net_bills"]
    assert dec["net_bills"] == pytest.approx(net_mspd, abs=0.01)
    # the month's gross issuance equals the month-to-date value on its last day, and the daily values add up to it
    assert dec["gross_notes"] == pytest.approx(528.140)


def test_dts_incomplete_last_month_is_dropped(dts_mtd):
    mo = supply.dts_month_totals(dts_mtd)
    # the file ends on 2026-06-23: June 2026 is month-to-date only
    assert mo.index.max() == pd.Timestamp("2026-05-01")
    # the first month (file starts 2021-06-24) is complete: month to date runs from the 1st
    assert mo.index.min() == pd.Timestamp("2021-06-01")


# --------------------------------------------------------------------------- maturity wall and WAM
def test_wall_and_wam_2023_09(detail):
    by = supply.outstanding_by_security(detail)
    w = supply.wall_summary(by)
    sep = w.loc["2023-09-30"]
    # bill CUSIPs add up to MSPD Table 3 'Total Unmatured Treasury Bills' 5,260,406.5094 $mn
    assert by[(by["record_date"] == "2023-09-30") & (by["security_class"] == "bills")]["outstanding_mil"].sum() == \
        pytest.approx(5260406.5094, abs=0.01)
    # every bill matures within 12 months; next-12-month total from the file's maturity dates
    assert sep["maturing_next_12m_bills"] == pytest.approx(5260.4065094, abs=1e-5)
    assert sep["maturing_next_12m"] == pytest.approx(8345.746, abs=0.01)
    # Treasury's published WAM for 2023Q3 is about 71 months (70-72 in 2023-24): ours 71.9
    assert 70.0 <= sep["wam_months"] <= 72.5
    assert sep["wam_months"] == pytest.approx(71.87, abs=0.01)
    # 2023-08-31 from the other detail file: 72.5 months
    assert w.loc["2023-08-31", "wam_months"] == pytest.approx(72.45, abs=0.01)
    # unmatured detail 25,613,200 $mn vs Total Marketable 25,753,682.65: the rest is FFB 5,492.206 and
    # notes/bonds matured on Saturday 2023-09-30 but paid on 2023-10-02 (134,962.2509 + 27.8046)
    assert sep["outstanding_in_detail"] + 5.492206 + 134.9622509 + 0.0278046 == pytest.approx(25753.682650781, abs=0.01)


def test_maturity_profile_2023_09(detail):
    by = supply.outstanding_by_security(detail)
    p = supply.maturity_profile(by).set_index("bucket")
    assert p["record_date"].iloc[0] == pd.Timestamp("2023-09-30")
    assert list(p.index[:2]) == ["2023-10", "2023-11"] and p.index[23] == "2025-09"
    assert p.index[24] == "2025" and p.loc["2025", "bucket_start"] == pd.Timestamp("2025-10-01")
    # the profile adds up to the unmatured outstanding, and its first 12 months to the wall
    w = supply.wall_summary(by).loc["2023-09-30"]
    assert p["total"].sum() == pytest.approx(w["outstanding_in_detail"])
    assert p["total"].iloc[:12].sum() == pytest.approx(w["maturing_next_12m"])
    # 912796YT0 (bill maturing 2023-11-02) is in 2023-11
    yt0 = by[(by["cusip"] == "912796YT0") & (by["record_date"] == "2023-09-30")]["outstanding_mil"].sum() / 1e3
    assert 0 < yt0 <= p.loc["2023-11", "bills"]


def test_synthetic_wall_tranches_and_matured():
    """SYNTHETIC: outstanding sits on one tranche; a security maturing on the record date is out; WAM by hand."""
    sec = pd.DataFrame({
        "record_date": ["2024-06-30"] * 4, "cusip": ["A", "A", "B", "C"],
        "security_class": ["notes", "notes", "bills", "bonds"],
        "maturity_date": ["2026-06-30", "2026-06-30", "2024-09-30", "2024-06-30"],
        "outstanding_mil": [30000.0, np.nan, 10000.0, 5000.0]})
    by = supply.outstanding_by_security(sec)
    w = supply.wall_summary(by).iloc[0]
    assert w["outstanding_in_detail"] == pytest.approx(40.0)
    assert w["maturing_next_12m"] == pytest.approx(10.0)
    m_a, m_b = 730 / (365.25 / 12), 92 / (365.25 / 12)
    assert w["wam_months"] == pytest.approx((30 * m_a + 10 * m_b) / 40)


def test_synthetic_records_coverage():
    """SYNTHETIC: records hold 180bn outstanding at 2024-02-29 against 720bn marketable: 25%, below the 90% needed."""
    cols = ["cusip", "security_type", "auction_date", "issue_date", "maturity_date", "tips", "floating_rate",
            "total_accepted", "soma_accepted"]
    rec = pd.DataFrame([
        ["B1", "Bill", "2024-01-02", "2024-01-04", "2024-04-04", False, False, 70e9, 0.0],
        ["B2", "Bill", "2024-01-02", "2024-01-04", "2024-07-03", False, False, 60e9, 0.0],
        ["N1", "Note", "2024-01-10", "2024-01-16", "2034-01-15", False, False, 40e9, 0.0],
        ["T1", "Note", "2024-02-20", "2024-02-29", "2034-01-15", True, False, 10e9, 0.0]], columns=cols)
    auc = supply.prepare_auctions(rec)
    level = pd.Series([700.0, 720.0], index=pd.DatetimeIndex(["2024-01-31", "2024-02-29"]))
    pct, end = supply.records_coverage(auc, level)
    assert end == pd.Timestamp("2024-02-29")
    assert pct == pytest.approx(25.0)
    assert pct < supply.MIN_RECORDS_COVERAGE_PCT


def test_coverage_error_text():
    e = CoverageError("maturity wall", "needs MSPD detail", coverage="auction records cover 26% of debt")
    assert str(e) == "maturity wall: not computed: needs MSPD detail (auction records cover 26% of debt)"


def test_synthetic_fed_share_by_type():
    """SYNTHETIC: SOMA bills 200bn on Wednesday 2024-12-25 against MSPD bills 6,000bn at 2024-12-31 -> 3.33%;
    TIPS include inflation compensation; a SOMA date more than 7 days before the month end is not used."""
    m = pd.DataFrame({"BILLS": [6e6, 6e6], "NOTES": [14e6] * 2, "BONDS": [4e6] * 2, "TIPS": [2e6] * 2,
                      "FRN": [0.5e6] * 2}, index=pd.DatetimeIndex(["2024-11-01", "2024-12-01"]))
    soma = pd.DataFrame({"NYFED.SOMA.BILLS": [150e9, 200e9], "NYFED.SOMA.NOTESBONDS": [3.6e12, 3.6e12],
                         "NYFED.SOMA.TIPS": [300e9, 300e9], "NYFED.SOMA.TIPS_INFLATION_COMPENSATION": [100e9, 100e9],
                         "NYFED.SOMA.FRN": [10e9, 10e9]}, index=pd.DatetimeIndex(["2024-11-20", "2024-12-25"]))
    f = supply.fed_share_by_type(supply.stock_by_type(m), soma)
    assert f.loc["2024-12-01", "fed_share_bills_pct"] == pytest.approx(100 * 200 / 6000)
    assert f.loc["2024-12-01", "fed_share_notes_bonds_pct"] == pytest.approx(100 * 3600 / 18000)
    assert f.loc["2024-12-01", "fed_share_tips_pct"] == pytest.approx(100 * 400 / 2000)
    assert pd.Timestamp("2024-11-01") not in f.index  # 2024-11-20 is 10 days before 2024-11-30
