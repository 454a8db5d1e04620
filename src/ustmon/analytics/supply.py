"""Treasury supply: debt by type, bill share, net issuance, maturity wall and WAM, DTS flows, duration, supply gap.

Sources, and the rule that binds them: **a figure is computed only from
inputs that cover what it claims** (else :class:`ustmon.errors.CoverageError`
with the reason and the coverage).

* Marketable debt by type: MSPD Table 1, month-end levels in $mn dated the
  first of the month (``MSPD.MARKETABLE.BILLS|NOTES|BONDS|TIPS|FRN|FFB|TOTAL``;
  2001-01..2004-05 TIPS are ``MSPD.MARKETABLE.TIPS_NOTES`` + ``TIPS_BONDS``).
  FRNs exist from 2014-01: before that the FRN column is 0.  ``TOTAL`` is
  MSPD's own "Total Marketable" (it includes the Federal Financing Bank line).
* Net issuance by type = change in the MSPD month-end stock (monthly;
  quarterly = quarter end minus previous quarter end, only when all three
  months are stored).  It includes the SOMA's share (SOMA is part of debt held
  by the public) and, for TIPS, the inflation accretion of the principal.
* Gross issuance and redemptions: Daily Treasury Statement Table III-A
  (``DTS.ISSUES.*`` / ``DTS.REDEMPTIONS.*``; a month's total is the
  month-to-date value ``<id>.MTD`` on the month's last statement, shown only
  for months whose last business day is in the store).
* Maturity wall and weighted average maturity (WAM): MSPD Table 3 security
  detail (records ``mspd_securities``: one row per CUSIP tranche, the CUSIP's
  outstanding amount on one of them).  Amounts maturing by month for the next
  24 months, by calendar year after; WAM in months = outstanding-weighted
  remaining days / (365.25 / 12) over every unmatured marketable security
  (TIPS at their inflation-adjusted outstanding; FFB and securities matured but
  not yet paid are left out and reported as the gap to MSPD's Total
  Marketable).  Treasury publishes the WAM of marketable debt at about
  70-72 months for 2023-24.
* Auction records (``data.records("auctions")``) are used for aggregates
  only over periods they cover completely: coupon supply in 10-year
  equivalents takes a month only when every coupon auction the list of
  auctioned securities (``records("auctioned_securities")``) shows for it is
  stored with its amount (the mirror's 2022-05 results XMLs and some months of
  the 2008-2022 securities export); the other months are left out, and with
  none left the view refuses.
* Refunding (``refunding``): Treasury's marketable borrowing estimates
  (records ``refunding_estimates`` of the source ``refunding``, read live from
  the quarterly press releases; none in the mirror, so the view refuses)
  against actual borrowing from MSPD (``borrowing``: change in marketable held
  by the public, less the Fed's change for the privately-held measure, and
  the end-of-quarter TGA), see :mod:`ustmon.analytics.refunding`.
* Debt total / held by the public: Debt to the Penny (``DTTP.*``), else FRED
  ``GFDEBTN`` / ``FYGFDPUN``.

Definitions (amounts in $ billions, ``usd_bn``):

* Bill share of marketable debt = MSPD bills / MSPD Total Marketable, set
  against the TBAC's 15-20% guide (``tbac_low_pct``, ``tbac_high_pct``: a
  range, not a line).
* Coupon supply in 10-year equivalents (``duration``, ``duration-quarterly``):
  per coupon auction, accepted amount x modified duration x dirty price/100
  at the stop-out yield (``ustmon.models.bonds.risk``, settling on the issue
  date), over the DV01 per $ of a par 10-year note at the day's 10-year yield
  (DGS10).  Net of maturing coupons = gross (zero duration at maturity; no
  buybacks stored).  Beside it, Fed runoff (fall in H.4.1 ``TREAST``) and
  foreign official purchases (change in ``TIC.MFH.OFFICIAL``), par changes
  turned into 10-year equivalents with :data:`HOLDINGS_DURATION_RATIO` (0.59,
  an approximation), and ``left_for_private`` = supply + runoff - foreign
  official.  (The older per-auction :func:`ten_year_equivalents` uses a
  closed form, checked against ``ustmon.models.bonds.risk`` in the tests.)
* Supply gap per quarter: net marketable borrowing (change in MSPD marketable
  held by the public, else FYGFDPUN) + Fed runoff (fall in ``TREAST``) -
  foreign official purchases (``TIC.MFH.OFFICIAL``): what price-sensitive
  private investors had to absorb.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd

from ..errors import CoverageError, UnknownSeriesError
from .base import Data, finish, iso_days

TBAC_BILL_SHARE_LOW = 0.15
TBAC_BILL_SHARE_HIGH = 0.20
MSPD_TYPES = ["BILLS", "NOTES", "BONDS", "TIPS", "FRN"]
CLASSES = ["bills", "nominal_coupons", "tips", "frn"]


# --------------------------------------------------------------------------- pure functions
def prepare_auctions(records: pd.DataFrame) -> pd.DataFrame:
    """Auction records with parsed dates, ``security_class``, ``issued_to_public`` and years to maturity."""
    df = records.copy()
    for c in ("auction_date", "issue_date", "maturity_date"):
        df[c] = iso_days(df[c])
    tips = df["tips"].fillna(False).astype(bool)
    frn = df["floating_rate"].fillna(False).astype(bool)
    bill = df["security_type"].str.lower().eq("bill")
    df["security_class"] = np.select([tips, frn, bill], ["tips", "frn", "bills"], "nominal_coupons")
    df["issued_to_public"] = df["total_accepted"].fillna(0.0) - df["soma_accepted"].fillna(0.0)
    df["years_to_maturity"] = (df["maturity_date"] - df["issue_date"]).dt.days / 365.25
    return df.dropna(subset=["issue_date", "maturity_date"]).reset_index(drop=True)


def maturing_by_settlement(auc: pd.DataFrame) -> pd.DataFrame:
    """Publicly held amounts maturing per settlement date and class (usd), de-duplicated.

    Returns ``date``, ``security_class``, ``maturing``.  Uses ``maturing_amount``
    (one value per issue date and bills/coupons) where recorded; otherwise the
    records' own maturities (``issued_to_public`` of securities maturing on
    that date).
    """
    a = auc.dropna(subset=["maturing_amount"])
    a = a[a["maturing_amount"] > 0]
    is_bill = a["security_class"].eq("bills")
    a = a.assign(grp=np.where(is_bill, "bills", "nominal_coupons"))
    rec = a.groupby(["issue_date", "grp"], as_index=False)["maturing_amount"].max()
    rec.columns = ["date", "security_class", "maturing"]
    covered = set(rec["date"])
    own = auc.groupby(["maturity_date", "security_class"], as_index=False)["issued_to_public"].sum()
    own.columns = ["date", "security_class", "maturing"]
    own = own[~own["date"].isin(covered)]
    return pd.concat([rec, own], ignore_index=True).sort_values("date").reset_index(drop=True)


def net_issuance(auc: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """Gross issuance to the public, maturing and net issuance by class per period ($bn).

    ``freq``: ``"M"`` or ``"Q"``.  Tidy wide frame indexed by period start:
    ``gross_<class>``, ``maturing_<class>``, ``net_<class>``, ``net_total``
    and ``auctions`` (records settling in the period).  Periods with no
    auction record are left out (a gap in the records, not zero issuance).
    """
    gross = auc.groupby([auc["issue_date"].dt.to_period(freq), "security_class"])["issued_to_public"].sum()
    mat = maturing_by_settlement(auc)
    last = auc["issue_date"].max()
    mat = mat[mat["date"] <= last]
    mat_g = mat.groupby([mat["date"].dt.to_period(freq), "security_class"])["maturing"].sum()
    g = gross.unstack().reindex(columns=CLASSES).fillna(0.0) / 1e9
    m = mat_g.unstack().reindex(columns=CLASSES).fillna(0.0) / 1e9
    idx = pd.period_range(min(g.index.min(), m.index.min()), max(g.index.max(), m.index.max()), freq=freq)
    g, m = g.reindex(idx, fill_value=0.0), m.reindex(idx, fill_value=0.0)
    out = pd.concat([g.add_prefix("gross_"), m.add_prefix("maturing_"), (g - m).add_prefix("net_")], axis=1)
    out["net_total"] = (g - m).sum(axis=1)
    # Periods without any auction record are gaps in the records, not zero
    # issuance: drop them rather than report maturities alone.
    n = auc.groupby(auc["issue_date"].dt.to_period(freq)).size().reindex(idx, fill_value=0)
    out["auctions"] = n.to_numpy()
    out = out[out["auctions"] > 0]
    out.index = out.index.to_timestamp()
    out.index.name = "date"
    return out


def bill_share_of_net_issuance(net: pd.DataFrame, window: int = 12,
                               benchmark: float = TBAC_BILL_SHARE_HIGH) -> pd.DataFrame:
    """Rolling bill share of net issuance and excess bills over ``benchmark`` x net issuance.

    ``net``: output of :func:`net_issuance` (columns ``net_bills``,
    ``net_total``).  Sums over the trailing ``window`` periods.  Columns
    ``net_bills_<w>``, ``net_total_<w>`` ($bn), ``bill_share_of_net_issuance``
    (%, NaN when net issuance is not positive), ``excess_bills`` ($bn).
    """
    # Windows are calendar periods: a period missing from the records makes the window NaN.
    if isinstance(net.index, pd.DatetimeIndex) and len(net) > 1:
        step = "QS" if (net.index.to_series().diff().dt.days.min() or 0) > 80 else "MS"
        net = net.reindex(pd.date_range(net.index.min(), net.index.max(), freq=step))
        net.index.name = "date"
    nb = net["net_bills"].rolling(window, min_periods=window).sum()
    nt = net["net_total"].rolling(window, min_periods=window).sum()
    share = 100.0 * nb / nt.where(nt > 0)
    return pd.DataFrame({"net_bills_window": nb, "net_total_window": nt, "bill_share_of_net_issuance": share,
                         "excess_bills": nb - benchmark * nt, "benchmark_pct": 100.0 * benchmark}, index=net.index)


def bill_share_of_marketable(mspd: pd.DataFrame) -> pd.DataFrame:
    """Marketable debt by type ($bn) and the bill share of the marketable stock (%).

    ``mspd``: columns ``BILLS``, ``NOTES``, ``BONDS``, ``TIPS``, ``FRN``,
    ``TOTAL`` in $ millions (MSPD Table 1).  When ``TOTAL`` is missing the
    types are summed.
    """
    df = mspd.copy() * 1e-3
    total = df["TOTAL"] if "TOTAL" in df else df[[c for c in MSPD_TYPES if c in df]].sum(axis=1)
    out = df[[c for c in MSPD_TYPES if c in df]].rename(columns=str.lower)
    out["marketable_total"] = total
    out["bill_share_of_marketable"] = 100.0 * out["bills"] / total
    out["coupon_share_of_marketable"] = 100.0 - out["bill_share_of_marketable"]
    return out


def maturity_wall(auc: pd.DataFrame, dates: pd.DatetimeIndex, horizon_months: int = 12) -> pd.DataFrame:
    """Amount ($bn) maturing within ``horizon_months`` of each date and WAM (months) of the records outstanding.

    Columns ``maturing_next_12m``, ``maturing_next_12m_bills``,
    ``outstanding_in_records``, ``share_maturing_next_12m`` (%),
    ``wam_months`` (amount-weighted remaining maturity of the outstanding
    records).  Vectorised over dates x records.
    """
    iss = auc["issue_date"].to_numpy("datetime64[D]")
    mat = auc["maturity_date"].to_numpy("datetime64[D]")
    amt = auc["total_accepted"].fillna(0.0).to_numpy() / 1e9
    bill = auc["security_class"].eq("bills").to_numpy()
    d = dates.to_numpy("datetime64[D]")[:, None]
    horizon = (dates + pd.DateOffset(months=horizon_months)).to_numpy("datetime64[D]")[:, None]
    live = (iss[None, :] <= d) & (mat[None, :] > d)
    soon = live & (mat[None, :] <= horizon)
    out_amt = live @ amt
    rem_m = (mat[None, :] - d).astype(float) / 30.4375
    wam = np.where(out_amt > 0, (live * rem_m) @ amt / np.where(out_amt > 0, out_amt, 1.0), np.nan)
    wall = soon @ amt
    return pd.DataFrame({"maturing_next_12m": wall, "maturing_next_12m_bills": (soon & bill[None, :]) @ amt,
                         "outstanding_in_records": out_amt,
                         "share_maturing_next_12m": np.where(out_amt > 0, 100.0 * wall / np.where(out_amt > 0, out_amt, 1), np.nan),
                         "wam_months": wam}, index=pd.DatetimeIndex(dates, name="date"))


def modified_duration(years: np.ndarray, coupon_pct: np.ndarray, yield_pct: np.ndarray,
                      is_bill: np.ndarray) -> np.ndarray:
    """Modified duration (years) at issue.

    Coupon securities: closed-form Macaulay duration of a semi-annual bond on
    a coupon date, ``D = (1+i)/i - (1+i+n(c-i)) / (c((1+i)^n - 1) + i)`` in
    periods (i = y/2, c = coupon/2, n = 2 x years), divided by 2 and by
    ``1 + i``.  Bills: ``t / (1 + y t)`` (simple yield).
    """
    t = np.asarray(years, float)
    y = np.asarray(yield_pct, float) / 100.0
    c = np.asarray(coupon_pct, float) / 100.0 / 2.0
    i = np.maximum(y / 2.0, 1e-9)
    n = np.maximum(np.round(2.0 * t), 1.0)
    mac = (1 + i) / i - (1 + i + n * (c - i)) / (c * ((1 + i) ** n - 1) + i)
    coupon_md = mac / 2.0 / (1 + i)
    bill_md = t / (1.0 + y * t)
    return np.where(is_bill, bill_md, coupon_md)


def par_modified_duration(years: float | np.ndarray, yield_pct: float | np.ndarray) -> np.ndarray:
    """Modified duration of a par bond (coupon = yield), semi-annual: ``(1 - (1+y/2)^(-2T)) / y``."""
    y = np.maximum(np.asarray(yield_pct, float) / 100.0, 1e-9)
    return (1.0 - (1.0 + y / 2.0) ** (-2.0 * np.asarray(years, float))) / y


def ten_year_equivalents(auc: pd.DataFrame, ten_year_yield: pd.Series) -> pd.DataFrame:
    """Per auction: issued to the public ($bn), modified duration and 10-year equivalents ($bn of 10y par DV01).

    Yield of a coupon: ``high_yield``; bill: ``high_investment_rate``; FRN:
    duration 0.25 (quarterly reset); TIPS: real ``high_yield`` (duration of
    the real cash flows).  Price: ``high_price`` (per 100; bills from the
    discount rate).  The 10-year yield is the latest on or before the
    auction date.
    """
    a = auc.copy()
    is_bill = a["security_class"].eq("bills").to_numpy()
    yld = np.where(is_bill, a["high_investment_rate"], a["high_yield"]).astype(float)
    cpn = a["interest_rate"].fillna(0.0).to_numpy(float)
    md = modified_duration(a["years_to_maturity"].to_numpy(), cpn, yld, is_bill)
    md = np.where(a["security_class"].eq("frn"), 0.25, md)
    price = a["high_price"].to_numpy(float)
    days = (a["maturity_date"] - a["issue_date"]).dt.days.to_numpy()
    bill_px = 100.0 * (1.0 - a["high_discount_rate"].to_numpy(float) / 100.0 * days / 360.0)
    price = np.where(np.isnan(price), np.where(is_bill, bill_px, 100.0), price)
    ty = ten_year_yield.dropna().sort_index()
    pos = ty.index.searchsorted(a["auction_date"], side="right") - 1
    y10 = np.where(pos >= 0, ty.to_numpy()[np.clip(pos, 0, None)], np.nan) if len(ty) else np.full(len(a), np.nan)
    md10 = par_modified_duration(10.0, y10)
    amt = a["issued_to_public"].to_numpy() / 1e9
    out = pd.DataFrame({"auction_date": a["auction_date"], "issue_date": a["issue_date"], "cusip": a["cusip"],
                        "security_term": a["security_term"], "security_class": a["security_class"],
                        "issued_to_public": amt, "modified_duration": md, "ten_year_yield": y10,
                        "ten_year_equivalents": amt * md * price / 100.0 / md10})
    return out


# --------------------------------------------------------------------------- MSPD stock and net issuance
MIN_RECORDS_COVERAGE_PCT = 90.0
STOCK_TYPES = ["bills", "notes", "bonds", "tips", "frn"]
COUPON_TYPES = ["notes", "bonds", "tips", "frn"]
#: FRNs were first issued in January 2014 (MSPD line from 2014-01): zero before, not missing
FRN_START = pd.Timestamp("2014-01-01")


def stock_by_type(mspd: pd.DataFrame) -> pd.DataFrame:
    """Marketable debt by type ($bn), coupons, Total Marketable and the bill share (%) against the TBAC range.

    ``mspd``: MSPD Table 1 in $mn, columns ``BILLS``, ``NOTES``, ``BONDS``,
    ``TIPS`` (or ``TIPS_NOTES`` + ``TIPS_BONDS`` before 2004-06), ``FRN``,
    optionally ``FFB`` and ``TOTAL``.  A month without ``TOTAL`` takes the sum of
    the types (and FFB).  Months missing a type other than FRN are dropped.
    """
    m = mspd.copy()
    if "TIPS_NOTES" in m or "TIPS_BONDS" in m:
        parts = m.reindex(columns=["TIPS_NOTES", "TIPS_BONDS"])
        legacy = parts.sum(axis=1, min_count=1)
        m["TIPS"] = m["TIPS"].combine_first(legacy) if "TIPS" in m else legacy
    if "FRN" not in m:
        m["FRN"] = np.nan
    m["FRN"] = m["FRN"].where(~(m["FRN"].isna() & (m.index < FRN_START)), 0.0)
    need = ["BILLS", "NOTES", "BONDS", "TIPS", "FRN"]
    m = m.dropna(subset=[c for c in need if c in m]).reindex(columns=need + [c for c in ("FFB", "TOTAL") if c in m])
    m = m.dropna(subset=need)
    out = m[need].rename(columns=str.lower) * 1e-3
    ffb = m["FFB"].fillna(0.0) * 1e-3 if "FFB" in m else 0.0
    total = m["TOTAL"] * 1e-3 if "TOTAL" in m else pd.Series(np.nan, index=m.index)
    out["coupons"] = out[COUPON_TYPES].sum(axis=1)
    out["marketable_total"] = total.fillna(out[STOCK_TYPES].sum(axis=1) + ffb)
    out["bill_share_of_marketable"] = 100.0 * out["bills"] / out["marketable_total"]
    out["tbac_low_pct"] = 100.0 * TBAC_BILL_SHARE_LOW
    out["tbac_high_pct"] = 100.0 * TBAC_BILL_SHARE_HIGH
    out.index = pd.DatetimeIndex(out.index, name="date")
    return out


def _consecutive_months(idx: pd.DatetimeIndex) -> np.ndarray:
    """True where the previous row is the previous calendar month."""
    p = pd.PeriodIndex(idx, freq="M")
    prev = np.r_[False, (p[1:] - p[:-1]).map(lambda d: d.n) == 1] if len(p) else np.array([], bool)
    return np.asarray(prev, bool)


def net_issuance_from_stock(stock: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """Net issuance by type ($bn) = change in the MSPD month-end stock; ``freq`` ``"M"`` or ``"Q"``.

    ``stock``: output of :func:`stock_by_type` (month-start dates).  A month's
    change needs the previous month; a quarter needs all three of its month
    changes (= quarter-end stock minus the previous quarter end).  Columns
    ``net_<type>``, ``net_coupons`` (notes + bonds + TIPS + FRN),
    ``net_marketable`` (change in Total Marketable) and
    ``bill_share_of_net_pct`` (net bills / net marketable, NaN unless net
    marketable is positive).
    """
    cols = STOCK_TYPES + ["coupons", "marketable_total"]
    lv = stock[cols].sort_index()
    chg = lv.diff()
    chg[~_consecutive_months(lv.index)] = np.nan
    chg = chg.rename(columns=lambda c: "net_" + ("marketable" if c == "marketable_total" else c))
    if freq == "Q":
        q = pd.PeriodIndex(chg.index, freq="Q")
        chg = chg.groupby(q).sum(min_count=3).where(chg.groupby(q).count() == 3)
        chg.index = chg.index.to_timestamp()
    elif freq != "M":
        raise ValueError("freq must be 'M' or 'Q'")
    chg = chg.dropna(how="all")
    nm = chg["net_marketable"]
    chg["bill_share_of_net_pct"] = 100.0 * chg["net_bills"] / nm.where(nm > 0)
    chg.index.name = "date"
    return chg


def trailing_bill_share_of_net(net_monthly: pd.DataFrame, window: int = 12) -> pd.DataFrame:
    """Trailing ``window``-month net bills, net marketable and the bill share of net issuance (%), from MSPD changes."""
    idx = pd.date_range(net_monthly.index.min(), net_monthly.index.max(), freq="MS")
    n = net_monthly.reindex(idx)
    nb = n["net_bills"].rolling(window, min_periods=window).sum()
    nt = n["net_marketable"].rolling(window, min_periods=window).sum()
    out = pd.DataFrame({"net_bills_12m": nb, "net_marketable_12m": nt,
                        "bill_share_of_net_12m_pct": 100.0 * nb / nt.where(nt > 0),
                        "excess_bills_12m": nb - TBAC_BILL_SHARE_HIGH * nt}, index=pd.DatetimeIndex(idx, name="date"))
    return out


def period_to_date(net_monthly: pd.DataFrame, asof: pd.Timestamp | None = None) -> pd.DataFrame:
    """Net bills, coupons and marketable ($bn) over the last complete quarter and the calendar year to date."""
    n = net_monthly.dropna(subset=["net_bills"])
    if n.empty:
        return pd.DataFrame()
    last = n.index.max() if asof is None else pd.Timestamp(asof)
    counts = n.groupby(pd.PeriodIndex(n.index, freq="Q")).size()
    full = counts[counts == 3].index
    rows = []
    if len(full):
        lq = full.max()
        part = n[pd.PeriodIndex(n.index, freq="Q") == lq]
        rows.append({"period": f"{lq}", "start": lq.start_time, "months": 3, **_sums(part)})
    ytd = n[(n.index.year == last.year) & (n.index <= last)]
    if len(ytd):
        rows.append({"period": f"{last.year} to {last:%Y-%m}", "start": pd.Timestamp(last.year, 1, 1),
                     "months": len(ytd), **_sums(ytd)})
    return pd.DataFrame(rows)


def _sums(part: pd.DataFrame) -> dict:
    return {c: float(part[c].sum()) for c in ("net_bills", "net_coupons", "net_marketable")}


#: SOMA holdings by type (NY Fed, par in dollars, weekly) -> the MSPD types they are a share of
SOMA_TYPES = {"bills": ["NYFED.SOMA.BILLS"], "notes_bonds": ["NYFED.SOMA.NOTESBONDS"],
              "tips": ["NYFED.SOMA.TIPS", "NYFED.SOMA.TIPS_INFLATION_COMPENSATION"], "frn": ["NYFED.SOMA.FRN"]}


def fed_share_by_type(stock: pd.DataFrame, soma: pd.DataFrame) -> pd.DataFrame:
    """Fed (SOMA) holdings by type ($bn) and their share (%) of each MSPD type at month ends.

    ``stock``: :func:`stock_by_type` (month-start dates for month ends).
    ``soma``: weekly SOMA par in dollars, columns of :data:`SOMA_TYPES` ids;
    TIPS holdings include their inflation compensation (MSPD's TIPS do).  Each
    month takes the last SOMA date on or before its month end, and only when
    that date is within 7 days of it.
    """
    ends = pd.DatetimeIndex(stock.index) + pd.offsets.MonthEnd(0)
    sm = soma.sort_index()
    out = pd.DataFrame(index=stock.index)
    mspd_of = {"bills": stock["bills"], "notes_bonds": stock["notes"] + stock["bonds"], "tips": stock["tips"],
               "frn": stock["frn"]}
    for k, ids in SOMA_TYPES.items():
        if ids[0] not in sm:
            continue
        v = sm[[i for i in ids if i in sm]].sum(axis=1, min_count=1).dropna() * 1e-9
        if v.empty:
            continue
        pos = v.index.searchsorted(ends, side="right") - 1
        ok = pos >= 0
        dates = np.where(ok, v.index.to_numpy()[np.clip(pos, 0, None)], np.datetime64("NaT"))
        vals = np.where(ok, v.to_numpy()[np.clip(pos, 0, None)], np.nan)
        fresh = (ends.to_numpy() - dates) <= np.timedelta64(7, "D")
        held = pd.Series(np.where(ok & fresh, vals, np.nan), index=stock.index)
        out[f"fed_{k}"] = held
        out[f"fed_share_{k}_pct"] = 100.0 * held / mspd_of[k].where(mspd_of[k] > 0)
    return out.dropna(how="all")


# --------------------------------------------------------------------------- DTS gross issuance and redemptions
#: DTS Table III-A lines (FD's series ids, ``<id>.MTD`` month to date) -> column of the monthly table
DTS_LINES = {
    "gross_bills_regular": "DTS.ISSUES.BILLS.REGULAR", "gross_bills_cmb": "DTS.ISSUES.BILLS.CMB",
    "gross_notes": "DTS.ISSUES.NOTES", "gross_bonds": "DTS.ISSUES.BONDS",
    "redemptions_bills": "DTS.REDEMPTIONS.BILLS", "redemptions_notes": "DTS.REDEMPTIONS.NOTES",
    "redemptions_bonds": "DTS.REDEMPTIONS.BONDS",
}


def dts_month_totals(mtd: pd.DataFrame) -> pd.DataFrame:
    """Monthly totals ($bn) from daily month-to-date DTS values ($mn): the value on each month's last statement.

    A month is complete when a later month is in the frame or its last
    statement falls on the month's last business day (weekday); incomplete
    months are dropped (a month-to-date value is not a month's total).
    Columns are the input's (``gross_bills_regular``, ...) plus
    ``gross_bills``, ``gross_coupons``, ``redemptions_coupons``,
    ``net_bills``, ``net_coupons`` where their parts exist, and
    ``last_statement``.
    """
    d = mtd.sort_index().dropna(how="all")
    if d.empty:
        return pd.DataFrame()
    per = pd.PeriodIndex(d.index, freq="M")
    last = d.groupby(per).tail(1)
    lp = pd.PeriodIndex(last.index, freq="M")
    final = lp == lp.max()
    bme = (last.index + pd.offsets.BMonthEnd(0)).normalize()
    complete = ~final | (last.index.normalize() == bme)
    out = last[complete] * 1e-3
    out["last_statement"] = out.index
    out.index = pd.PeriodIndex(out.index, freq="M").to_timestamp()
    out.index.name = "date"
    has = lambda *cs: all(c in out for c in cs)  # noqa: E731
    if has("gross_bills_regular", "gross_bills_cmb"):
        out["gross_bills"] = out["gross_bills_regular"] + out["gross_bills_cmb"]
    if has("gross_notes", "gross_bonds"):
        out["gross_coupons"] = out["gross_notes"] + out["gross_bonds"]
    if has("redemptions_notes", "redemptions_bonds"):
        out["redemptions_coupons"] = out["redemptions_notes"] + out["redemptions_bonds"]
    if has("gross_bills", "redemptions_bills"):
        out["net_bills"] = out["gross_bills"] - out["redemptions_bills"]
    if has("gross_coupons", "redemptions_coupons"):
        out["net_coupons"] = out["gross_coupons"] - out["redemptions_coupons"]
    return out


# --------------------------------------------------------------------------- MSPD security detail: wall and WAM
DETAIL_CLASSES = ["bills", "notes", "bonds", "tips", "frn"]


def outstanding_by_security(sec: pd.DataFrame) -> pd.DataFrame:
    """One row per (record_date, CUSIP): class, maturity date and outstanding ($mn) from tranche rows.

    ``sec``: records ``mspd_securities`` (``record_date``, ``cusip``,
    ``security_class``, ``maturity_date``, ``outstanding_mil``).  A CUSIP's
    outstanding amount sits on one of its tranches (the others are missing), so
    tranches are summed.  FFB and rows without a maturity date are left out.
    """
    df = sec.copy()
    for c in ("record_date", "maturity_date"):
        df[c] = iso_days(df[c])
    df = df[df["security_class"].isin(DETAIL_CLASSES) & df["maturity_date"].notna() & df["cusip"].notna()]
    df["outstanding_mil"] = pd.to_numeric(df["outstanding_mil"], errors="coerce").fillna(0.0)
    g = df.groupby(["record_date", "cusip"], as_index=False).agg(
        security_class=("security_class", "first"), maturity_date=("maturity_date", "max"),
        outstanding_mil=("outstanding_mil", "sum"))
    return g[g["outstanding_mil"] > 0].reset_index(drop=True)


def _months_between(a: pd.Series | pd.DatetimeIndex, b: pd.Timestamp) -> np.ndarray:
    return (pd.DatetimeIndex(a) - b).days.to_numpy() / (365.25 / 12.0)


def wall_summary(by_sec: pd.DataFrame) -> pd.DataFrame:
    """Per record date: unmatured outstanding, next-12-month maturities by class ($bn), their share, WAM (months).

    ``by_sec``: output of :func:`outstanding_by_security`.  Securities whose
    maturity is on or before the record date (matured, not yet paid) are out.
    WAM = outstanding-weighted remaining days / (365.25/12).
    """
    rows = []
    for rd, g in by_sec.groupby("record_date"):
        live = g[g["maturity_date"] > rd]
        amt = live["outstanding_mil"].to_numpy() * 1e-3
        rem = _months_between(live["maturity_date"], rd)
        soon = live["maturity_date"] <= rd + pd.DateOffset(months=12)
        row = {"date": rd, "outstanding_in_detail": amt.sum(), "securities": len(live),
               "maturing_next_12m": amt[soon.to_numpy()].sum()}
        for c in DETAIL_CLASSES:
            sel = (soon & live["security_class"].eq(c)).to_numpy()
            row[f"maturing_next_12m_{c}"] = amt[sel].sum()
        row["share_maturing_next_12m"] = 100.0 * row["maturing_next_12m"] / row["outstanding_in_detail"]
        row["wam_months"] = float((rem * amt).sum() / amt.sum()) if amt.sum() > 0 else np.nan
        bills = live["security_class"].eq("bills").to_numpy()
        cp = amt[~bills].sum()
        row["wam_coupons_months"] = float((rem[~bills] * amt[~bills]).sum() / cp) if cp > 0 else np.nan
        rows.append(row)
    out = pd.DataFrame(rows).set_index("date")
    out.index = pd.DatetimeIndex(out.index, name="date")
    return out


def maturity_profile(by_sec: pd.DataFrame, record_date: pd.Timestamp | None = None,
                     months: int = 24) -> pd.DataFrame:
    """Amounts maturing ($bn) by month for the next ``months`` months, then by calendar year, by class.

    Rows: ``bucket`` (``2023-10`` for a month, ``2026`` for a year),
    ``bucket_start`` and ``bucket_end`` (inclusive), one column per class and
    ``total``.  The first yearly bucket starts after the monthly ones (so a
    year may be partial: ``bucket_start`` says where it starts).
    """
    rd = by_sec["record_date"].max() if record_date is None else pd.Timestamp(record_date)
    g = by_sec[(by_sec["record_date"] == rd) & (by_sec["maturity_date"] > rd)]
    first = (rd + pd.offsets.MonthBegin(1)).normalize()
    month_edge = first + pd.DateOffset(months=months)
    m = g["maturity_date"]
    label = np.where(m < month_edge, m.dt.to_period("M").astype(str), m.dt.year.astype(str))
    amt = g["outstanding_mil"] * 1e-3
    t = pd.DataFrame({"bucket": label, "cls": g["security_class"], "amt": amt})
    wide = t.pivot_table(index="bucket", columns="cls", values="amt", aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(columns=DETAIL_CLASSES, fill_value=0.0)
    monthly = [str(p) for p in pd.period_range(first, periods=months, freq="M")]
    years = sorted({b for b in wide.index if len(b) == 4}, key=int)
    wide = wide.reindex(monthly + years, fill_value=0.0)
    wide["total"] = wide[DETAIL_CLASSES].sum(axis=1)
    starts, ends = [], []
    for b in wide.index:
        if len(b) == 7:
            p = pd.Period(b, freq="M")
            starts.append(p.start_time), ends.append(p.end_time.normalize())
        else:
            y = int(b)
            starts.append(max(pd.Timestamp(y, 1, 1), month_edge)), ends.append(pd.Timestamp(y, 12, 31))
    wide.insert(0, "bucket_end", ends)
    wide.insert(0, "bucket_start", starts)
    wide.index.name = "bucket"
    out = wide.reset_index()
    out.insert(0, "record_date", rd)
    return out


def records_coverage(auc: pd.DataFrame, marketable_bn: pd.Series) -> tuple[float, pd.Timestamp | None]:
    """Securities outstanding in the auction records at their last month end, % of marketable debt that month.

    ``marketable_bn``: a marketable (or held-by-the-public) level in $bn,
    dated anywhere in the month/quarter; the latest value on or before the
    month end is used.  Returns (pct, month end); (0, None) when not computable.
    """
    if auc.empty or marketable_bn.dropna().empty:
        return 0.0, None
    end = (auc["issue_date"].max() + pd.offsets.MonthEnd(0)).normalize()
    rec = maturity_wall(auc, pd.DatetimeIndex([end]))["outstanding_in_records"].iloc[0]
    m = marketable_bn.dropna().sort_index()
    m = m[m.index <= end]
    if m.empty or m.iloc[-1] <= 0:
        return 0.0, end
    return float(100.0 * rec / m.iloc[-1]), end


# --------------------------------------------------------------------------- store readers
MSPD_STOCK_IDS = {k: f"MSPD.MARKETABLE.{k}" for k in ("BILLS", "NOTES", "BONDS", "TIPS", "TIPS_NOTES", "TIPS_BONDS",
                                                        "FRN", "FFB", "TOTAL")}


def _mspd_stock(data: Data, what: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """MSPD Table 1 stock by type ($bn) and the raw frame (provenance); CoverageError without MSPD."""
    raw = data.frame(list(MSPD_STOCK_IDS.values()), optional=True)
    if "MSPD.MARKETABLE.BILLS" not in raw.columns or raw.empty:
        raise CoverageError(what, "needs the marketable stock by type (MSPD Table 1), which is not in the store; "
                                  "auction records are a sample and do not add up to the debt",
                            coverage=_records_coverage_text(data))
    m = _bare(raw).rename(columns={v: k for k, v in MSPD_STOCK_IDS.items()})
    return stock_by_type(m), raw


def _bare(df: pd.DataFrame) -> pd.DataFrame:
    """The frame's values without its provenance attrs (pandas deep-copies attrs on every operation)."""
    out = pd.DataFrame(df.to_numpy(copy=True), index=df.index, columns=df.columns)
    return out


def _held_by_public(data: Data) -> tuple[pd.Series | None, str]:
    if data.has("MSPD.MARKETABLE.TOTAL.PUBLIC"):
        s = data.series("MSPD.MARKETABLE.TOTAL.PUBLIC", start=pd.Timestamp("2001-01-01")) * 1e-3
        s.index = pd.DatetimeIndex(s.index) + pd.offsets.MonthEnd(0)  # MSPD month ends are dated the 1st
        return s, "marketable debt held by the public (MSPD)"
    if data.has("DTTP.PUBLIC"):
        return (data.series("DTTP.PUBLIC", start=pd.Timestamp("1990-01-01")) * 1e-3,
                "debt held by the public (Debt to the Penny)")
    if data.has("FYGFDPUN"):
        return data.series("FYGFDPUN", start=pd.Timestamp("1990-01-01")) * 1e-3, "debt held by the public (FRED FYGFDPUN)"
    return None, ""


def records_coverage_pct(data: Data) -> float:
    """Securities outstanding in the stored auction records at their last month end, % of debt held by the public
    (MSPD marketable held by the public, else Debt to the Penny, else FRED FYGFDPUN); 0 when either is missing."""
    return _records_coverage(data)[0]


def _records_coverage(data: Data) -> tuple[float, str | None]:
    """(% of debt held by the public that the stored auction records cover, the sentence saying so)."""
    try:
        rec = data.records("auctions")
    except Exception:  # noqa: BLE001 - no records table
        return 0.0, None
    if rec is None or len(rec) == 0:
        return 0.0, "no auction records in the store"
    auc = prepare_auctions(rec)
    level, label = _held_by_public(data)
    if level is None:
        return 0.0, (f"{len(auc)} auction records "
                     f"{auc['auction_date'].min():%Y-%m-%d}..{auc['auction_date'].max():%Y-%m-%d}")
    pct, end = records_coverage(auc, level)
    known = level.dropna()
    known = known[known.index <= end] if end is not None else known
    when = f" at {end:%Y-%m-%d}" if end is not None else ""
    if end is not None and len(known) and known.index[-1] < end - pd.Timedelta(days=7):
        when += f" (debt level of {known.index[-1]:%Y-%m-%d}, the latest stored)"
    return pct, f"auction records in the store cover {pct:.0f}% of {label}{when}"


def _records_coverage_text(data: Data) -> str | None:
    return _records_coverage(data)[1]


def _auctions(data: Data) -> pd.DataFrame:
    rec = data.records("auctions")
    if rec is None or len(rec) == 0:
        raise UnknownSeriesError("no auction records in the store; run `ustmon update treasurydirect`")
    auc = prepare_auctions(rec)
    if data.start is not None:
        auc = auc[auc["issue_date"] >= data.start]
    return auc


def _records_prov(auc: pd.DataFrame) -> pd.DataFrame:
    stub = pd.DataFrame(index=pd.DatetimeIndex([]))
    stub.attrs["provenance"] = {"series": {"records:auctions": {
        "series_id": "records:auctions", "source": "treasurydirect",
        "attribution": "Source: U.S. Department of the Treasury, Bureau of the Fiscal Service (TreasuryDirect)",
        "latest_vintage": None, "as_of": None, "modes": [],
        "coverage": f"{auc['auction_date'].min():%Y-%m-%d}..{auc['auction_date'].max():%Y-%m-%d}, {len(auc)} auctions"}}}
    return stub


def _detail_prov(sec: pd.DataFrame) -> pd.DataFrame:
    stub = pd.DataFrame(index=pd.DatetimeIndex([]))
    dates = pd.to_datetime(sec["record_date"].astype(str).str[:10])
    stub.attrs["provenance"] = {"series": {"records:mspd_securities": {
        "series_id": "records:mspd_securities", "source": "fiscaldata",
        "attribution": "Source: U.S. Department of the Treasury, Bureau of the Fiscal Service (MSPD Table 3)",
        "latest_vintage": None, "as_of": None, "modes": [],
        "coverage": ", ".join(sorted({f"{d:%Y-%m-%d}" for d in dates}))}}}
    return stub


def _detail(data: Data, what: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    try:
        sec = data.records("mspd_securities")
    except Exception:  # noqa: BLE001 - the records table may not exist in an older store
        sec = None
    if sec is None or len(sec) == 0:
        raise CoverageError(what, "needs every marketable security outstanding (MSPD Table 3 security detail), "
                                  "which is not in the store; auction records are a sample and are not used",
                            coverage=_records_coverage_text(data))
    by_sec = outstanding_by_security(sec)
    if data.start is not None:
        by_sec = by_sec[by_sec["record_date"] >= data.start]
    if by_sec.empty:
        raise CoverageError(what, "no MSPD security detail on or after --start", coverage=_detail_prov(sec).attrs[
            "provenance"]["series"]["records:mspd_securities"]["coverage"])
    return by_sec, _detail_prov(sec)


# --------------------------------------------------------------------------- views
def debt(data: Data) -> pd.DataFrame:
    """Debt outstanding ($bn): total and held by the public, % of GDP (marketable by type: the ``stock`` view)."""
    inputs = []
    if data.has("DTTP.TOTAL"):
        tot, pub = data.series("DTTP.TOTAL"), data.series("DTTP.PUBLIC")
        src = "Debt to the Penny"
    elif data.has("GFDEBTN"):
        tot, pub = data.series("GFDEBTN"), data.series("FYGFDPUN") if data.has("FYGFDPUN") else None
        src = "FRED GFDEBTN/FYGFDPUN (quarter-end, dated the quarter's first day)"
    else:
        raise UnknownSeriesError("no debt series in the store (DTTP.TOTAL or FRED GFDEBTN)")
    inputs += [s for s in (tot, pub) if s is not None]
    out = pd.DataFrame({"debt_total": tot * 1e-3})
    if pub is not None:
        out["debt_held_by_public"] = pub * 1e-3
    if data.has("GDP"):
        gdp = data.series("GDP", start=pd.Timestamp("1947-01-01"))
        inputs.append(gdp)
        g = gdp.dropna()
        g.index = pd.PeriodIndex(g.index, freq="Q")
        gq = pd.Series(g.reindex(pd.PeriodIndex(out.index, freq="Q")).to_numpy(), index=out.index)
        out["debt_total_pct_gdp"] = 100.0 * out["debt_total"] / gq
        if pub is not None:
            out["debt_held_by_public_pct_gdp"] = 100.0 * out["debt_held_by_public"] / gq
    out.index.name = "date"
    units = {c: "usd_bn" for c in out.columns}
    units.update({c: "pct_of_gdp" for c in out.columns if c.endswith("pct_gdp")})
    units.update({c: "pct" for c in out.columns if "share" in c})
    return finish(out.dropna(how="all"), *inputs, units=units,
                  description=f"Debt outstanding, $bn ({src}); marketable debt by type: `ustmon supply stock`.",
                  method="% of GDP: level over the quarter's SAAR GDP.")


def stock(data: Data) -> pd.DataFrame:
    """Marketable debt by type ($bn, MSPD month ends since 2001) and the bill share against the TBAC 15-20% range."""
    out, raw = _mspd_stock(data, "marketable debt by type")
    if data.start is not None:
        out = out[out.index >= data.start]
    units = {c: "usd_bn" for c in out.columns}
    units.update({"bill_share_of_marketable": "pct", "tbac_low_pct": "pct", "tbac_high_pct": "pct"})
    return finish(out, raw, units=units,
                  description="Marketable Treasury securities outstanding by type, $bn, month ends (MSPD Table 1, "
                              "dated the first of the month); bill share of Total Marketable against the TBAC's "
                              "15-20% guide range.",
                  method="TIPS 2001-01..2004-05 = inflation-indexed notes + bonds; FRN = 0 before 2014; "
                         "coupons = notes + bonds + TIPS + FRN; Total Marketable as published (includes FFB).")


def _net(data: Data, freq: str) -> pd.DataFrame:
    st, raw = _mspd_stock(data, "net issuance by type")
    out = net_issuance_from_stock(st, freq)
    if data.start is not None:
        out = out[out.index >= data.start]
    units = {c: "usd_bn" for c in out.columns}
    units["bill_share_of_net_pct"] = "pct"
    per = "month" if freq == "M" else "quarter"
    return finish(out, raw, units=units,
                  description=f"Net issuance per {per} by type, $bn: change in the MSPD month-end stock "
                              "(bills, notes, bonds, TIPS, FRNs; coupons = their sum); net bills vs net coupons.",
                  method="Change in MSPD Table 1 total outstanding (includes SOMA holdings and, for TIPS, the "
                         "inflation accretion of principal); a quarter only when its three months are stored.")


def net_issuance_monthly(data: Data) -> pd.DataFrame:
    """Net issuance by type per month ($bn): change in the MSPD month-end stock."""
    return _net(data, "M")


def net_issuance_quarterly(data: Data) -> pd.DataFrame:
    """Net issuance by type per quarter ($bn): change in the MSPD quarter-end stock."""
    return _net(data, "Q")


def bill_share(data: Data) -> pd.DataFrame:
    """Bill share of marketable debt (MSPD) against the TBAC 15-20% range, and the bill share of 12-month net issuance."""
    st, raw = _mspd_stock(data, "bill share")
    net = trailing_bill_share_of_net(net_issuance_from_stock(st, "M"))
    out = st[["bills", "marketable_total", "bill_share_of_marketable", "tbac_low_pct", "tbac_high_pct"]].join(
        net, how="left")
    if data.start is not None:
        out = out[out.index >= data.start]
    units = {"bills": "usd_bn", "marketable_total": "usd_bn", "bill_share_of_marketable": "pct",
             "tbac_low_pct": "pct", "tbac_high_pct": "pct", "net_bills_12m": "usd_bn", "net_marketable_12m": "usd_bn",
             "bill_share_of_net_12m_pct": "pct", "excess_bills_12m": "usd_bn"}
    return finish(out, raw, units=units,
                  description="Bills as % of Total Marketable (MSPD Table 1) against the TBAC's 15-20% guide range; "
                              "trailing-12-month bill share of net issuance and bills issued beyond 20% of it.",
                  method="Net issuance = change in the MSPD month-end stock; excess_bills_12m = net bills - 20% of "
                         "net marketable issuance over 12 months.")


def gross_issuance(data: Data) -> pd.DataFrame:
    """Gross issuance and redemptions per month by type ($bn), Daily Treasury Statement Table III-A."""
    ids = {k: v + ".MTD" for k, v in DTS_LINES.items()}
    raw = data.frame(list(ids.values()), optional=True)
    if raw.empty or "DTS.ISSUES.BILLS.REGULAR.MTD" not in raw.columns:
        raise CoverageError("gross issuance and redemptions", "needs the Daily Treasury Statement public debt "
                            "transactions (Table III-A), which are not in the store")
    m = _bare(raw).rename(columns={v: k for k, v in ids.items()})
    out = dts_month_totals(m)
    if data.start is not None:
        out = out[out.index >= data.start]
    units = {c: "usd_bn" for c in out.columns if c != "last_statement"}
    return finish(out, raw, units=units,
                  description="Marketable issues and redemptions per month, $bn (DTS Table III-A, month-to-date on "
                              "the month's last statement); bills = regular + cash management; coupons = notes + "
                              "bonds (TIPS and FRNs are inside notes and bonds in DTS).",
                  method="A month is shown only when its last business day's statement is stored.")


def wall(data: Data) -> pd.DataFrame:
    """Maturity wall and WAM per MSPD detail month: next-12-month maturities by type ($bn), WAM (months), coverage."""
    by_sec, prov = _detail(data, "maturity wall and average maturity")
    out = wall_summary(by_sec)
    inputs = [prov]
    if data.has("MSPD.MARKETABLE.TOTAL"):
        tot = data.series("MSPD.MARKETABLE.TOTAL", start=pd.Timestamp("2001-01-01"))
        inputs.append(tot)
        tm = pd.Series(tot.to_numpy() * 1e-3, index=pd.PeriodIndex(tot.index, freq="M"))
        out["marketable_total"] = tm.reindex(pd.PeriodIndex(out.index, freq="M")).to_numpy()
        out["detail_coverage_pct"] = 100.0 * out["outstanding_in_detail"] / out["marketable_total"]
    units = {c: "usd_bn" for c in out.columns}
    units.update({"securities": "count", "share_maturing_next_12m": "pct", "wam_months": "months",
                  "wam_coupons_months": "months", "detail_coverage_pct": "pct"})
    return finish(out, *inputs, units=units,
                  description="Marketable securities maturing within 12 months of each MSPD detail month end, by type "
                              "($bn), and the weighted average maturity of marketable debt (months), from MSPD Table 3 "
                              "(every security by CUSIP).",
                  method="WAM = outstanding-weighted remaining days / 30.44 over unmatured marketable securities "
                         "(TIPS inflation-adjusted); the gap to MSPD Total Marketable is FFB and securities matured "
                         "but not yet paid. Treasury publishes about 70-72 months for 2023-24.")


def wall_profile(data: Data) -> pd.DataFrame:
    """Maturity profile at the latest MSPD detail month: $bn maturing by month for 24 months, then by year, by type."""
    by_sec, prov = _detail(data, "maturity profile")
    out = maturity_profile(by_sec)
    units = {c: "usd_bn" for c in DETAIL_CLASSES + ["total"]}
    res = finish(out, prov, units=units,
                 description="Marketable securities maturing by month for the next 24 months and by calendar year "
                             "after (the first year may be partial: see bucket_start), $bn, from MSPD Table 3.")
    res.attrs["provenance"]["latest_observation"] = f"{out['record_date'].iloc[0]:%Y-%m-%d}"
    return res


def current(data: Data) -> pd.DataFrame:
    """Current supply: bill share, net bills and coupons last quarter and year to date, wall and WAM (latest of each)."""
    rows, inputs = [], []
    st, raw = _mspd_stock(data, "current supply")
    inputs.append(raw)
    last = st.index.max()
    month_end = last + pd.offsets.MonthEnd(0)

    def row(measure, period, start, end, value, unit):
        return {"measure": measure, "period": period, "period_start": pd.Timestamp(start),
                "period_end": pd.Timestamp(end), "value": value, "unit": unit}

    rows.append(row("bill_share_of_marketable", f"{last:%Y-%m} end", month_end, month_end,
                    st.loc[last, "bill_share_of_marketable"], "pct"))
    rows.append(row("marketable_total", f"{last:%Y-%m} end", month_end, month_end, st.loc[last, "marketable_total"],
                    "usd_bn"))
    for _, r in period_to_date(net_issuance_from_stock(st, "M")).iterrows():
        end = r["start"] + pd.DateOffset(months=int(r["months"])) - pd.Timedelta(days=1)
        for c in ("net_bills", "net_coupons", "net_marketable"):
            rows.append(row(c, r["period"], r["start"], end, r[c], "usd_bn"))
    try:
        by_sec, prov = _detail(data, "maturity wall")
        summary = wall_summary(by_sec)
        w, d = summary.iloc[-1], summary.index[-1]
        inputs.append(prov)
        rows.append(row("maturing_next_12m", f"12 months after {d:%Y-%m-%d}", d + pd.Timedelta(days=1),
                        d + pd.DateOffset(years=1), w["maturing_next_12m"], "usd_bn"))
        rows.append(row("wam_months", f"{d:%Y-%m-%d}", d, d, w["wam_months"], "months"))
    except CoverageError as e:
        rows.append(row("maturity_wall", "", pd.NaT, pd.NaT, np.nan, str(e)))
    out = pd.DataFrame(rows)
    res = finish(out, *inputs, units={"value": "see unit"},
                 description="Current Treasury supply: bill share of marketable debt, net bills and coupons over the "
                             "last complete quarter and the year to date (MSPD Table 1), maturity wall and WAM "
                             "(MSPD Table 3).")
    res.attrs["provenance"]["latest_observation"] = f"{last:%Y-%m-%d}"
    return res


def supply_gap(data: Data) -> pd.DataFrame:
    """Supply gap per quarter ($bn): net marketable borrowing + Fed runoff - foreign official purchases."""
    inputs = []
    if data.has("MSPD.MARKETABLE.TOTAL.PUBLIC"):
        held = data.series("MSPD.MARKETABLE.TOTAL.PUBLIC")
        label = "MSPD marketable held by the public"
    elif data.has("FYGFDPUN"):
        held = data.series("FYGFDPUN")
        label = "FRED FYGFDPUN debt held by the public (incl. small nonmarketable part)"
    else:
        raise UnknownSeriesError("no debt held by the public in the store (MSPD or FRED FYGFDPUN)")
    for sid in ("TREAST", "TIC.MFH.OFFICIAL"):
        data.require(sid)
    fed, off = data.series("TREAST"), data.series("TIC.MFH.OFFICIAL")
    inputs += [held, fed, off]
    q = lambda s: s.groupby(pd.PeriodIndex(s.index, freq="Q")).last()  # noqa: E731  quarter-end level
    out = supply_gap_table(q(held) * 1e-3, q(fed) * 1e-3, q(off))
    out.index = out.index.to_timestamp()
    out.index.name = "date"
    return finish(out, *inputs, units={c: "usd_bn" for c in out.columns},
                  description=f"Per quarter: net borrowing ({label}) + Fed runoff (fall in H.4.1 TREAST) - foreign "
                              "official net purchases (TIC) = the amount left for price-sensitive private investors.",
                  method="Quarter-end levels; TIC official holdings are a market-value-based survey measure, so "
                         "valuation changes enter the 'purchases'.")


def supply_gap_table(held_by_public: pd.Series, fed_holdings: pd.Series, foreign_official: pd.Series) -> pd.DataFrame:
    """Quarterly supply gap from quarter-end levels in $bn (PeriodIndex or DatetimeIndex, aligned).

    ``net_borrowing`` = change in debt held by the public; ``fed_runoff`` =
    minus the change in Fed holdings; ``foreign_official_purchases`` = change
    in foreign official holdings; ``supply_to_private`` = net_borrowing +
    fed_runoff - foreign_official_purchases.
    """
    df = pd.DataFrame({"held": held_by_public, "fed": fed_holdings, "off": foreign_official}).dropna()
    out = pd.DataFrame({"net_borrowing": df["held"].diff(), "fed_runoff": -df["fed"].diff(),
                        "foreign_official_purchases": df["off"].diff()})
    out["price_insensitive_demand"] = out["foreign_official_purchases"] - out["fed_runoff"]
    out["supply_to_private"] = out["net_borrowing"] + out["fed_runoff"] - out["foreign_official_purchases"]
    return out.dropna()


def fed_share(data: Data) -> pd.DataFrame:
    """Fed (SOMA) share of each marketable type (%): bills, notes and bonds, TIPS, FRNs, against MSPD."""
    st, raw = _mspd_stock(data, "Fed share by type")
    ids = [i for v in SOMA_TYPES.values() for i in v]
    soma = data.frame(ids, optional=True, start=pd.Timestamp("2001-01-01"))
    if soma.empty or "NYFED.SOMA.BILLS" not in soma.columns:
        raise CoverageError("Fed share by type", "needs the NY Fed's SOMA holdings by type (NYFED.SOMA.*), which are "
                                                 "not in the store (`ustmon update nyfed`)")
    out = fed_share_by_type(st, _bare(soma))
    if data.start is not None:
        out = out[out.index >= data.start]
    units = {c: ("pct" if c.endswith("_pct") else "usd_bn") for c in out.columns}
    return finish(out, raw, soma, units=units,
                  description="SOMA holdings by type ($bn, par; TIPS with inflation compensation) and their share of "
                              "MSPD marketable debt of that type at month ends.",
                  method="The last weekly SOMA date on or before the month end, within 7 days.")


def _actual_borrowing(data: Data) -> tuple[pd.DataFrame, list]:
    from .refunding import actual_from_mspd

    if not data.has("MSPD.MARKETABLE.TOTAL.PUBLIC"):
        raise CoverageError("actual net marketable borrowing", "needs MSPD Table 1 (marketable held by the public), "
                            "which is not in the store")
    held = data.series("MSPD.MARKETABLE.TOTAL.PUBLIC", start=pd.Timestamp("2001-01-01"))
    inputs = [held]
    fed = data.series("TREAST", start=pd.Timestamp("2001-01-01")) if data.has("TREAST") else None
    tga = data.series("DTS.TGA.CLOSE", start=pd.Timestamp("2001-01-01")) if data.has("DTS.TGA.CLOSE") else None
    inputs += [x for x in (fed, tga) if x is not None]
    return actual_from_mspd(held, fed, tga), inputs


_BORROWING_DESCRIPTION = ("Actual net marketable borrowing per quarter from MSPD (change in marketable held by the "
                          "public; privately held = less the change in Fed holdings, H.4.1 TREAST) and the "
                          "end-of-quarter TGA")


def borrowing(data: Data) -> pd.DataFrame:
    """Actual net marketable borrowing per quarter ($bn) from MSPD, privately held (less the Fed), end-quarter TGA."""
    out, inputs = _actual_borrowing(data)
    if data.start is not None:
        out = out[out.index >= data.start]
    return finish(out, *inputs, units={c: "usd_bn" for c in out.columns}, description=_BORROWING_DESCRIPTION + ".",
                  method="Quarter-end MSPD levels; the Fed's holdings are the quarter's last Wednesday level.")


def refunding(data: Data) -> pd.DataFrame:
    """Quarterly refunding: Treasury's borrowing estimates against actual borrowing from MSPD ($bn)."""
    from .refunding import compare

    try:
        est = data.records("refunding_estimates")
    except Exception:  # noqa: BLE001 - no such records table
        est = None
    if est is None or not len(est) or not (est["kind"] == "estimate").any():
        raise CoverageError("refunding: borrowing estimates against actual borrowing",
                            "needs Treasury's marketable borrowing estimates (the quarterly refunding press "
                            "releases, source `refunding`), which are not in the store: they are read live only "
                            "and none are in the offline mirror; actual borrowing alone: `ustmon supply borrowing`")
    actual, inputs = _actual_borrowing(data)
    out = compare(actual, est)
    out = out[out["estimate_bn"].notna() | out.index.isin(actual.index[-8:])]
    if data.start is not None:
        out = out[out.index >= data.start]
    stub = pd.DataFrame(index=pd.DatetimeIndex([]))
    rel = iso_days(est["release"])
    stub.attrs["provenance"] = {"series": {"records:refunding_estimates": {
        "series_id": "records:refunding_estimates", "source": "refunding",
        "attribution": "Source: U.S. Department of the Treasury", "latest_vintage": f"{rel.max():%Y-%m-%d}",
        "as_of": None, "modes": [], "coverage": f"{est['release'].nunique()} releases {rel.min():%Y-%m-%d}.."
                                                f"{rel.max():%Y-%m-%d}"}}}
    units = {c: "usd_bn" for c in out.columns if c != "estimate_release"}
    return finish(out, *inputs, stub, units=units,
                  description=_BORROWING_DESCRIPTION + ", beside Treasury's latest estimate of each quarter "
                              "(privately-held net marketable borrowing and end-of-quarter cash balance, refunding "
                              "press release); miss_bn = actual privately held - estimate.",
                  method="Quarter-end MSPD levels; the Fed's holdings are the quarter's last Wednesday level; the "
                         "estimate is the last release known at --as-of (estimate_release).")


# --------------------------------------------------------------------------- coupon supply in 10-year equivalents
#: Amount-weighted modified duration of marketable debt outstanding (bills, notes, bonds, TIPS, FRNs) relative to a
#: par 10-year note's: MSPD Table 3 at 2023-09-30, every security at the day's 10-year yield (DGS10 4.59%):
#: 4.70 years against 7.95 years (0.59; 2023-08-31: 4.78 / 8.14 = 0.59).  Used to turn *par* changes in holdings
#: (the Fed's, foreign official) into 10-year equivalents: an approximation (the Fed holds longer debt than the
#: market, foreign officials shorter), labelled as such wherever it is used.
HOLDINGS_DURATION_RATIO = 0.59
COUPON_CLASSES = ["nominal_coupons", "tips", "frn"]


def ten_year_par_dv01(settle: pd.Timestamp, y10_pct: float | np.ndarray) -> float | np.ndarray:
    """DV01 (price points per 100 face, 1 bp) of a par 10-year note settling on its dated date at ``y10_pct``.

    At par on a coupon date the price is 100 and the modified duration is :func:`par_modified_duration`
    (the same number as :func:`ustmon.models.bonds.risk`, checked in the tests), so DV01 = MD x 100 x 1e-4.
    ``settle`` is kept for the signature: on its dated date the note's DV01 does not depend on the day.
    """
    return par_modified_duration(10.0, y10_pct) * 100.0 * 1e-4


def auction_dv01(security_class: str, amount_usd: float, coupon_pct: float, yield_pct: float,
                 issue: pd.Timestamp, maturity: pd.Timestamp) -> tuple[float, float, float]:
    """(DV01 in $ per bp, modified duration, dirty price per 100) of one auction's amount at its stop-out yield.

    Notes, bonds and TIPS: :func:`ustmon.models.bonds.risk` (street convention, semi-annual, actual/actual
    accrued) of the security settling on its issue date at the high yield (TIPS: real yield, real cash flows).
    FRNs: modified duration 0.25 (quarterly reset) at par.
    """
    from ..models import bonds

    if security_class == "frn":
        md, px = 0.25, 100.0
    else:
        bond = bonds.TreasuryBond(coupon=float(coupon_pct), maturity=pd.Timestamp(maturity).date())
        r = bonds.risk(bond, pd.Timestamp(issue).date(), float(yield_pct))
        md, px = r.modified_duration, r.dirty
    return amount_usd * md * px / 100.0 * 1e-4, md, px


def coupon_ten_year_equivalents(auc: pd.DataFrame, ten_year_yield: pd.Series) -> pd.DataFrame:
    """Per coupon auction: amount, stop-out, DV01 and 10-year equivalents ($bn of par 10-year notes, same DV01).

    ``auc``: :func:`prepare_auctions` rows.  Amount = ``total_accepted`` (everything sold, SOMA add-ons
    included; ``offering_amt_usd`` when not recorded).  Yield = the stop-out (``high_yield``; TIPS real).
    10-year equivalents = auction DV01 / DV01 per $ of a par 10-year note settling the same day at the
    10-year yield (``ten_year_yield``, the latest on or before the auction date).  Rows without an amount,
    a yield (FRNs need none) or a 10-year yield are dropped.
    """
    a = auc[auc["security_class"].isin(COUPON_CLASSES)].copy()
    offered = a["offering_amt_usd"] if "offering_amt_usd" in a else np.nan
    a["amount"] = a["total_accepted"].where(a["total_accepted"] > 0, offered)
    ty = ten_year_yield.dropna().sort_index()
    ty = ty[~ty.index.duplicated(keep="last")]
    pos = ty.index.searchsorted(a["auction_date"], side="right") - 1
    a["ten_year_yield"] = np.where(pos >= 0, ty.to_numpy()[np.clip(pos, 0, None)], np.nan) if len(ty) else np.nan
    frn = a["security_class"].eq("frn")
    a = a[a["amount"].notna() & a["ten_year_yield"].notna() & (frn | a["high_yield"].notna())]
    # $ per $1 face per bp of a par 10-year note
    a["per_dollar_10y"] = ten_year_par_dv01(a["issue_date"], a["ten_year_yield"].to_numpy(float)) / 100.0
    # plain arrays for the per-auction loop (row access through pandas costs more than the bond maths)
    amount = a["amount"].to_numpy(dtype="float64")
    risk = [auction_dv01(k, amt, cpn, y, iss, mat) for k, amt, cpn, y, iss, mat in zip(
        a["security_class"].to_numpy(dtype=object), amount,
        np.nan_to_num(a["interest_rate"].to_numpy(dtype="float64")),
        np.nan_to_num(a["high_yield"].to_numpy(dtype="float64")),
        a["issue_date"].to_numpy(dtype="datetime64[ns]"), a["maturity_date"].to_numpy(dtype="datetime64[ns]"))]
    dv, md, px = (np.array([r[i] for r in risk], dtype="float64") for i in range(3)) if risk else (
        np.array([]), np.array([]), np.array([]))
    return pd.DataFrame({
        "auction_date": a["auction_date"].to_numpy(), "issue_date": a["issue_date"].to_numpy(),
        "cusip": a["cusip"].to_numpy(dtype=object), "security_term": a["security_term"].to_numpy(dtype=object),
        "security_class": a["security_class"].to_numpy(dtype=object), "amount_usd_bn": amount / 1e9,
        "high_yield": a["high_yield"].to_numpy(dtype="float64"), "price": px, "modified_duration": md,
        "ten_year_yield": a["ten_year_yield"].to_numpy(dtype="float64"), "dv01_usd": dv,
        "ten_year_equivalents_usd_bn": dv / a["per_dollar_10y"].to_numpy(dtype="float64") / 1e9})


def covered_coupon_months(auc: pd.DataFrame, listed: pd.DataFrame | None) -> tuple[set, str]:
    """Months (``Period[M]``) whose every coupon auction is in the records, and a sentence saying how many.

    With the list of auctioned securities (``listed``): a month is covered when the list reaches past its end
    and every note/bond it shows auctioned that month (CUSIP and auction date) has a result record with an
    amount and a stop-out yield (FRNs: an amount).  Without the list, completeness cannot be checked: no month is covered.
    """
    cp = auc[auc["security_class"].isin(COUPON_CLASSES)]
    offered = cp["offering_amt_usd"] if "offering_amt_usd" in cp else pd.Series(np.nan, index=cp.index)
    # a result counts only when it can be weighted: an amount, and a stop-out yield (FRNs need none)
    cp = cp[((cp["total_accepted"].fillna(0) > 0) | (offered.fillna(0) > 0))
            & (cp["security_class"].eq("frn") | cp["high_yield"].notna())]
    if listed is None or not len(listed):
        return set(), "no list of auctioned securities in the store, so no month can be shown complete"
    day = iso_days(listed["auction_date"]).dt.normalize().to_numpy(dtype="datetime64[ns]")
    keep = ~np.isnat(day) & ~listed["security_type"].astype(str).str.lower().eq("bill").to_numpy()
    day, cusip = day[keep], listed["cusip"].to_numpy(dtype=object)[keep]
    last_listed = pd.Timestamp(day.max())
    # keys as (CUSIP, day number): comparing integers, not Timestamps, over ten thousand listed auctions
    rec_day = cp["auction_date"].dt.normalize().to_numpy(dtype="datetime64[D]").astype("int64")
    have = set(zip(cp["cusip"].to_numpy(dtype=object), rec_day))
    found = np.fromiter((k in have for k in zip(cusip, day.astype("datetime64[D]").astype("int64"))),
                        dtype=bool, count=len(day))
    month_no = day.astype("datetime64[M]").astype("int64")  # months since 1970-01
    missing_months = set(month_no[~found])
    months = {pd.Period(year=1970 + m // 12, month=m % 12 + 1, freq="M") for m in set(month_no) - missing_months}
    months = {p for p in months if p.end_time.normalize() <= last_listed}
    rec_months = set(cp["auction_date"].dt.to_period("M"))
    months &= rec_months
    return months, (f"{len(months)} of {len(rec_months)} months with coupon auction records hold every coupon auction "
                    f"of the list of auctioned securities (to {last_listed:%Y-%m-%d})")


def month_end_level(s: pd.Series) -> pd.Series:
    """The last value of each calendar month, indexed by the month start."""
    s = s.dropna().sort_index()
    g = s.groupby(pd.PeriodIndex(s.index, freq="M")).last()
    g.index = g.index.to_timestamp()
    return g


def duration_supply_table(per_auction: pd.DataFrame, months: set, fed_bn: pd.Series | None,
                          foreign_official_bn: pd.Series | None, ratio: float = HOLDINGS_DURATION_RATIO,
                          freq: str = "M") -> pd.DataFrame:
    """Coupon supply, Fed runoff, foreign official purchases and what is left for private buyers, 10y-equivalents $bn.

    ``per_auction``: :func:`coupon_ten_year_equivalents`; ``months``: covered months (others are left out; a
    quarter needs its three months); ``fed_bn`` / ``foreign_official_bn``: month-end *par* holdings in $bn
    (month-start index), turned into 10-year equivalents with ``ratio``.  Maturing coupons subtract nothing
    (their duration is zero at maturity) and no buybacks are stored, so net equals gross.
    """
    p = per_auction.copy()
    p["m"] = p["auction_date"].dt.to_period("M")
    p = p[p["m"].isin(months)]
    g = p.groupby("m").agg(coupon_auctions=("cusip", "size"), coupon_supply_par_usd_bn=("amount_usd_bn", "sum"),
                           coupon_supply_10y_equiv_usd_bn=("ten_year_equivalents_usd_bn", "sum"))
    idx = pd.PeriodIndex(sorted(months), freq="M")
    g = g.reindex(idx)
    g[["coupon_auctions", "coupon_supply_par_usd_bn", "coupon_supply_10y_equiv_usd_bn"]] = g[
        ["coupon_auctions", "coupon_supply_par_usd_bn", "coupon_supply_10y_equiv_usd_bn"]].fillna(0.0)
    g["net_coupon_supply_10y_equiv_usd_bn"] = g["coupon_supply_10y_equiv_usd_bn"]

    def change(level: pd.Series | None) -> pd.Series:
        if level is None or level.dropna().empty:
            return pd.Series(np.nan, index=idx)
        lv = level.dropna()
        lv = pd.Series(lv.to_numpy(), index=pd.PeriodIndex(lv.index, freq="M"))
        full = pd.period_range(min(lv.index.min(), idx.min()), max(lv.index.max(), idx.max()), freq="M")
        return lv.reindex(full).diff().reindex(idx)

    g["fed_runoff_10y_equiv_usd_bn"] = -change(fed_bn) * ratio
    g["foreign_official_10y_equiv_usd_bn"] = change(foreign_official_bn) * ratio
    g["left_for_private_10y_equiv_usd_bn"] = (g["net_coupon_supply_10y_equiv_usd_bn"] + g["fed_runoff_10y_equiv_usd_bn"]
                                               - g["foreign_official_10y_equiv_usd_bn"])
    if freq == "Q":
        # a quarter needs its three months covered; each column needs its three monthly values
        q = g.index.asfreq("Q")
        months_in = pd.Series(1, index=g.index).groupby(q).sum()
        g = g.groupby(q).sum(min_count=3)
        g = g[months_in.reindex(g.index).to_numpy() == 3]
    elif freq != "M":
        raise ValueError("freq must be 'M' or 'Q'")
    g.index = g.index.to_timestamp()
    g.index.name = "date"
    return g


def _duration_inputs(data: Data) -> tuple[pd.DataFrame, set, str, list]:
    """Per-auction 10-year equivalents, covered months, the coverage sentence and the inputs (provenance)."""
    try:
        rec = data.records("auctions")
    except Exception:  # noqa: BLE001 - no records table
        rec = None
    what = "coupon supply in 10-year equivalents"
    if rec is None or len(rec) == 0:
        raise CoverageError(what, "needs the coupon auction results (amount, stop-out yield), which are not in the "
                                  "store (`ustmon update treasurydirect`)")
    auc = prepare_auctions(rec)
    from .auctions import _listed  # the list of auctioned securities, when stored

    months, text = covered_coupon_months(auc, _listed(data))
    if data.start is not None:
        months = {m for m in months if m.start_time >= pd.Timestamp(data.start)}
    if not months:
        raise CoverageError(what, "needs every coupon auction of a month (checked against the list of auctioned "
                                  "securities); no month in the store is complete", coverage=text)
    y10_id = "DGS10" if data.has("DGS10") else "UST.PAR.10Y"
    data.require(y10_id)
    first = min(months).start_time - pd.Timedelta(days=10)
    # one store query for the 10-year yield and the holdings read next (H.4.1, TIC), from the same start
    got = data.many([y10_id, "UST.PAR.10Y", *_HOLDINGS_IDS], start=_holdings_start(min(months).start_time),
                    optional=True)
    y10 = got[y10_id][got[y10_id].index >= first]
    if y10_id == "DGS10" and "UST.PAR.10Y" in got:
        par = got["UST.PAR.10Y"]
        y10 = y10.combine_first(par[par.index >= first])  # the same curve: the par curve fills dates H.15 lacks
    cp = auc[auc["auction_date"].dt.to_period("M").isin(months)]
    per = coupon_ten_year_equivalents(cp, y10)
    inputs = [y10, _records_prov(cp)]
    return per, months, text, inputs


def _holdings(data: Data, start: pd.Timestamp) -> tuple[pd.Series | None, pd.Series | None, list]:
    """Fed Treasury holdings (H.4.1 TREAST, $bn) and TIC foreign official holdings ($bn), month-end levels."""
    fed = off = None
    inputs = []
    got = data.many(_HOLDINGS_IDS, start=_holdings_start(start), optional=True)
    if "TREAST" in got:
        inputs.append(got["TREAST"])
        fed = month_end_level(got["TREAST"]) * 1e-3
    if "TIC.MFH.OFFICIAL" in got:
        inputs.append(got["TIC.MFH.OFFICIAL"])
        off = month_end_level(got["TIC.MFH.OFFICIAL"])
    return fed, off, inputs


_HOLDINGS_IDS = ("TREAST", "TIC.MFH.OFFICIAL")


def _holdings_start(start: pd.Timestamp) -> pd.Timestamp:
    """Holdings are read from two months before the first month shown (its change needs the month before)."""
    return pd.Timestamp(start) - pd.DateOffset(months=2)


DURATION_UNITS = {"coupon_auctions": "count", "coupon_supply_par_usd_bn": "usd_bn",
                  "coupon_supply_10y_equiv_usd_bn": "usd_bn",
                  "net_coupon_supply_10y_equiv_usd_bn": "usd_bn",
                  "fed_runoff_10y_equiv_usd_bn": "usd_bn",
                  "foreign_official_10y_equiv_usd_bn": "usd_bn",
                  "left_for_private_10y_equiv_usd_bn": "usd_bn"}
DURATION_METHOD = (
    "Each coupon auction (notes, bonds, TIPS at the real yield, FRNs at duration 0.25): accepted amount (SOMA add-ons "
    "included) x modified duration x dirty price/100 at the stop-out (high) yield, settling on the issue date "
    "(ustmon.models.bonds street convention), divided by the DV01 per $ of a par 10-year note at the day's 10-year "
    "yield (FRED DGS10, Treasury par curve where DGS10 is missing). Net = gross: maturing coupons have zero duration "
    "at maturity and no buybacks are stored. Fed runoff = minus the monthly change in H.4.1 TREAST (par, all "
    "Treasuries incl. bills, last Wednesday of the month) and foreign official = the change in TIC foreign official "
    "holdings (incl. bills; valuation changes included), both x 0.59 (marketable debt's average duration relative "
    "to a 10-year note, MSPD Table 3, 2023-09-30): an APPROXIMATION. left_for_private = net coupon supply + Fed "
    "runoff - foreign official. Only months whose every coupon auction is stored (against the list of auctioned "
    "securities) are shown; a quarter needs its three months.")


def _duration(data: Data, freq: str) -> pd.DataFrame:
    per, months, text, inputs = _duration_inputs(data)
    fed, off, more = _holdings(data, min(months).start_time)
    out = duration_supply_table(per, months, fed, off, freq=freq)
    what = "coupon supply in 10-year equivalents" + (" per quarter" if freq == "Q" else "")
    if out.empty:
        raise CoverageError(what, "no quarter has its three months' coupon auctions all stored", coverage=text)
    per_word = "quarter" if freq == "Q" else "month"
    res = finish(out, *inputs, *more, units=DURATION_UNITS,
                 description=f"Coupon supply per {per_word} in 10-year equivalents ($bn of par 10-year notes with the "
                             "same DV01), beside Fed runoff and foreign official purchases: what is left for private, "
                             f"price-sensitive buyers. Coverage: {text}.",
                 method=DURATION_METHOD)
    return res


def duration_supply(data: Data) -> pd.DataFrame:
    """Coupon supply per month in 10-year equivalents beside Fed runoff and foreign official: left for private ($bn)."""
    return _duration(data, "M")


def duration_supply_quarterly(data: Data) -> pd.DataFrame:
    """Coupon supply per quarter in 10-year equivalents beside Fed runoff and foreign official: left for private ($bn)."""
    return _duration(data, "Q")


def wall_chart(data: Data) -> pd.DataFrame:
    """The maturity wall as a chart draws it: $bn maturing by month (24 months) then by year, by type, at the latest
    MSPD detail month (rows dated by the bucket's first day: :func:`wall_profile`); and on the record-date row the
    next-12-month total and its share of securities outstanding (:func:`wall`)."""
    prof = wall_profile(data)
    w = wall(data)
    rd = prof["record_date"].iloc[0]
    bars = prof.set_index(pd.DatetimeIndex(prof["bucket_start"], name="date"))[DETAIL_CLASSES]
    quoted = w.loc[[rd], ["maturing_next_12m", "share_maturing_next_12m"]]
    out = pd.concat([bars, quoted], axis=0).sort_index()
    out.index.name = "date"
    units = {c: "usd_bn" for c in DETAIL_CLASSES + ["maturing_next_12m"]}
    units["share_maturing_next_12m"] = "pct"
    res = finish(out, prof, w, units=units,
                 description="Marketable securities maturing by month then by year, by type ($bn, MSPD Table 3 at the "
                             "latest detail month), with the next-12-month total and its share on the record-date row.")
    res.attrs["provenance"]["latest_observation"] = f"{rd:%Y-%m-%d}"
    return res


#: Z.1 L.210 line 2 (Treasury bills) and line 1 (all Treasury securities)
Z1_BILLS, Z1_TREASURY_TOTAL = "Z1.FL313161110", "Z1.FL313161105"


def bill_share_z1(data: Data) -> pd.DataFrame:
    """Bills as % of Treasury securities outstanding, quarterly (Z.1 L.210 line 2 / line 1): the bill share for
    quarters before MSPD is stored."""
    raw = data.frame([Z1_BILLS, Z1_TREASURY_TOTAL])
    out = pd.DataFrame({"bill_share_pct": 100 * raw[Z1_BILLS] / raw[Z1_TREASURY_TOTAL]}).dropna()
    out.index = pd.DatetimeIndex(out.index, name="date")
    return finish(out, raw, units={"bill_share_pct": "pct"},
                  description="Treasury bills as % of Treasury securities (Z.1 L.210), end of quarter.")


VIEWS = OrderedDict([
    ("debt", debt),
    ("current", current),
    ("stock", stock),
    ("net-issuance", net_issuance_monthly),
    ("net-issuance-quarterly", net_issuance_quarterly),
    ("gross", gross_issuance),
    ("bill-share", bill_share),
    ("wall", wall),
    ("wall-profile", wall_profile),
    ("duration", duration_supply),
    ("gap", supply_gap),
    ("fed-share", fed_share),
    ("refunding", refunding),
    ("duration-quarterly", duration_supply_quarterly),
    ("borrowing", borrowing),
    ("wall-chart", wall_chart),
    ("bill-share-z1", bill_share_z1),
])
SUMMARY = ("Debt by type, bill share, net issuance, gross issuance, maturity wall and WAM, supply gap, coupon "
           "supply in 10-year equivalents, refunding estimates vs actual borrowing.")
