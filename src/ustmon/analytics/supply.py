"""Treasury supply: debt by type, bill share, maturity wall, net issuance, duration supply, supply gap (issue 3, items 9, 10, 12).

Sources (first present wins):

* Debt total / held by the public: Debt to the Penny (``DTTP.TOTAL``,
  ``DTTP.PUBLIC``, daily), else FRED ``GFDEBTN`` / ``FYGFDPUN`` (quarterly).
* Marketable debt by type: MSPD Table 1 (``MSPD.MARKETABLE.BILLS|NOTES|BONDS|TIPS|FRN|TOTAL``).
* Auction records (``data.records("auctions")``, TreasuryDirect / Fiscal
  Data): issuance, maturities, prices.  **The shared mirror holds only a
  sample of auctions** (1,665 of the tens of thousands since 2008), so
  record-based aggregates are aggregates *of the records in the store*; with a
  full auction history (``ustmon update treasurydirect``) they are complete.

Definitions (all amounts in $ billions, ``usd_bn``):

* ``security_class``: ``bills`` (incl. CMBs), ``nominal_coupons`` (notes and
  bonds), ``tips``, ``frn``.
* Gross issuance to the public: ``total_accepted - soma_accepted`` (SOMA
  add-ons roll the Fed's maturing holdings and are not new cash).
* Maturing: the auction record's ``maturing_amount`` (Treasury's estimate of
  publicly held securities maturing on the settlement date, by type).  It is
  repeated on every auction settling that day, so it is counted once per
  (issue date, bills vs coupons); a settlement's coupon maturities are
  assigned to ``nominal_coupons``.  Where no record carries it, maturities
  are derived from the records' own maturity dates and amounts.
* Net issuance = gross issuance to the public - maturing.
* Bill share of net issuance: net bills / total net issuance over a rolling
  window of months; ``excess_bills`` = net bills - benchmark x total net
  issuance (benchmark 20%, the top of the TBAC's 15-20% guide): the bill
  issuance beyond the guide that did not add duration ("shadow QE").
* Maturity wall at date t: face amount of securities in the records issued
  on or before t and maturing within the next 12 months (public + SOMA, as
  accepted at auction).  Reopenings add to the same CUSIP.
* Weighted average maturity (months) of the records outstanding at t,
  weighted by amount accepted (a sample estimate unless the full history is
  loaded; Treasury's official WAM uses MSPD detail, not in the store).
* Duration supply in 10-year equivalents: issued amount x modified duration
  / modified duration of a 10-year par note at the day's 10-year yield.
  Modified duration is the closed-form duration of the security at issue
  (settlement on a coupon date: exact for new issues, approximate for
  reopenings); bills: ``t / (1 + y t)``.  ``ustmon.models.bonds.risk`` gives
  the same number for new issues (checked in the tests) but is too slow to
  run on every record within the 200 ms budget.
* Supply gap per quarter: net marketable borrowing (change in MSPD marketable
  held by the public, else change in debt held by the public ``FYGFDPUN``)
  plus Fed runoff (fall in ``TREAST``) minus price-insensitive demand (change
  in foreign official holdings, ``TIC.MFH.OFFICIAL``): what price-sensitive
  private investors had to absorb.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd

from ..errors import UnknownSeriesError
from .base import Data, finish

TBAC_BILL_SHARE_LOW = 0.15
TBAC_BILL_SHARE_HIGH = 0.20
MSPD_TYPES = ["BILLS", "NOTES", "BONDS", "TIPS", "FRN"]
CLASSES = ["bills", "nominal_coupons", "tips", "frn"]


# --------------------------------------------------------------------------- pure functions
def prepare_auctions(records: pd.DataFrame) -> pd.DataFrame:
    """Auction records with parsed dates, ``security_class``, ``issued_to_public`` and years to maturity."""
    df = records.copy()
    for c in ("auction_date", "issue_date", "maturity_date"):
        df[c] = pd.to_datetime(df[c].astype(str).str[:10], errors="coerce")
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


# --------------------------------------------------------------------------- store readers
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


_SAMPLE_NOTE = ("Auction-record aggregates cover only the auctions in the store (the shared mirror holds a sample); "
                "load the full TreasuryDirect history for complete figures.")


# --------------------------------------------------------------------------- views
def debt(data: Data) -> pd.DataFrame:
    """Debt outstanding ($bn): total and held by the public, % of GDP; marketable by type and bill share when MSPD is stored."""
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
    ids = [f"MSPD.MARKETABLE.{t}" for t in MSPD_TYPES + ["TOTAL"]]
    mspd = data.frame(ids, optional=True)
    if len(mspd.columns):
        inputs.append(mspd)
        mspd.columns = [c.split(".")[-1] for c in mspd.columns]
        out = out.join(bill_share_of_marketable(mspd), how="outer")
    out.index.name = "date"
    units = {c: "usd_bn" for c in out.columns}
    units.update({c: "pct_of_gdp" for c in out.columns if c.endswith("pct_gdp")})
    units.update({c: "pct" for c in out.columns if "share" in c})
    return finish(out.dropna(how="all"), *inputs, units=units,
                  description=f"Debt outstanding, $bn ({src}); marketable by type from MSPD when present.",
                  method="% of GDP: level over the quarter's SAAR GDP.")


def net_issuance_monthly(data: Data) -> pd.DataFrame:
    """Net issuance by security type per month ($bn): gross to the public minus maturing (auction records)."""
    auc = _auctions(data)
    out = net_issuance(auc, "M")
    return finish(out, _records_prov(auc), units={c: "usd_bn" for c in out.columns if c != "auctions"},
                  description="Net issuance per month by class: bills, nominal coupons, TIPS, FRNs. " + _SAMPLE_NOTE,
                  method="gross = total accepted - SOMA add-ons; maturing = maturing_amount once per settlement "
                         "date and bills/coupons, else the records' own maturities.")


def net_issuance_quarterly(data: Data) -> pd.DataFrame:
    """Net issuance by security type per quarter ($bn) from auction records."""
    auc = _auctions(data)
    out = net_issuance(auc, "Q")
    return finish(out, _records_prov(auc), units={c: "usd_bn" for c in out.columns if c != "auctions"},
                  description="Net issuance per quarter by class. " + _SAMPLE_NOTE)


def bill_share(data: Data) -> pd.DataFrame:
    """Bill share of net issuance (trailing 12 months) and excess bills vs the TBAC 20% guide ("shadow QE")."""
    auc = _auctions(data)
    out = bill_share_of_net_issuance(net_issuance(auc, "M"), 12)
    return finish(out, _records_prov(auc),
                  units={"net_bills_window": "usd_bn", "net_total_window": "usd_bn",
                         "bill_share_of_net_issuance": "pct", "excess_bills": "usd_bn", "benchmark_pct": "pct"},
                  description="Trailing-12-month bill share of net issuance; excess bills = net bills - 20% of net "
                              "issuance (TBAC guide 15-20%). " + _SAMPLE_NOTE)


def wall(data: Data) -> pd.DataFrame:
    """Maturity wall: marketable maturing in the next 12 months ($bn) and WAM (months), month ends, from auction records."""
    auc = _auctions(data)
    dates = pd.date_range(auc["issue_date"].min(), auc["issue_date"].max(), freq="ME")
    out = maturity_wall(auc, dates)
    return finish(out, _records_prov(auc),
                  units={"maturing_next_12m": "usd_bn", "maturing_next_12m_bills": "usd_bn",
                         "outstanding_in_records": "usd_bn", "share_maturing_next_12m": "pct", "wam_months": "months"},
                  description="Securities maturing within 12 months of each month end and the weighted average "
                              "maturity of the securities outstanding, from the auction records (MSPD CUSIP detail "
                              "is not in the store). " + _SAMPLE_NOTE)


def duration_supply(data: Data) -> pd.DataFrame:
    """Duration supply per month in 10-year equivalents ($bn) by security class, from auction records."""
    auc = _auctions(data)
    y10 = data.series("DGS10") if data.has("DGS10") else data.series("UST.PAR.10Y")
    per = ten_year_equivalents(auc, y10)
    out = per.groupby([per["issue_date"].dt.to_period("M"), "security_class"])["ten_year_equivalents"].sum()
    out = out.unstack().reindex(columns=CLASSES).fillna(0.0)
    out["total"] = out.sum(axis=1)
    out.index = out.index.to_timestamp()
    out.index.name = "date"
    out.columns = [f"ten_year_equivalents_{c}" for c in out.columns]
    return finish(out, y10, _records_prov(auc), units={c: "usd_bn" for c in out.columns},
                  description="Gross issuance to the public in 10-year equivalents (DV01 / DV01 of a 10y par note). "
                              + _SAMPLE_NOTE,
                  method="Closed-form modified duration at issue; 10y par duration at FRED DGS10 on the auction date.")


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


VIEWS = OrderedDict([
    ("debt", debt),
    ("net-issuance", net_issuance_monthly),
    ("net-issuance-quarterly", net_issuance_quarterly),
    ("bill-share", bill_share),
    ("wall", wall),
    ("duration", duration_supply),
    ("gap", supply_gap),
])
SUMMARY = "Debt by type, bill share, maturity wall, net issuance, supply gap."
