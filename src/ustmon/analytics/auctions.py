"""Treasury auction results: size, stop-out, bid-to-cover, allotments, tails, dealer take-down (issue 3, item 13).

Input: ``data.records("auctions")`` (TreasuryDirect XML / securities API and
Fiscal Data ``auctions_query``, tidy columns of
``ustmon.sources.treasurydirect.AUCTION_COLUMNS``, amounts in dollars).

Definitions:

* ``size``: offering amount, $bn.  ``stop_out``: the high (stop-out) rate:
  ``high_yield`` for notes, bonds and TIPS (TIPS: real yield),
  ``high_investment_rate`` (bond-equivalent) for bills,
  ``high_discount_margin`` for FRNs; ``stop_out_basis`` says which.
* Allotment shares: indirect, direct and primary-dealer accepted amounts as %
  of **competitive accepted** (they add up to 100; SOMA add-ons,
  non-competitive and FIMA awards are outside the denominator).
* ``tail_vs_cmt_bp``: the stop-out minus the Treasury par (constant-maturity)
  yield of the nearest tenor **on the auction date** (``UST.PAR.<tenor>``
  Treasury par curve, else FRED ``DGS<tenor>``, which is the same curve via
  H.15; FRED is read first, the par curve fills dates it lacks), in basis points.  This is **not** the when-issued (WI) yield at the
  1 pm auction close, which is what the street's "tail" uses and which is not
  public: the par curve is an end-of-day (around 3:30 pm) fitted yield, so
  this measure mixes the tail with the afternoon's market move.  Positive =
  the auction cleared cheaper than the curve.  Not computed for TIPS (real
  curve not stored) or FRNs.
* ``high_minus_median_bp``: the stop-out minus the median accepted bid
  (always available from the results): a dispersion measure that rises when
  the auction has to reach for bids.
* ``weakness_score``: within each tenor, z(tail vs CMT) - z(bid-to-cover) +
  z(dealer share) (a missing tail counts 0); higher = weaker.
* Review (``review`` view): per line (security type, tenor, TIPS/FRN), the
  last auction against the average of the **previous six auctions** and its
  percentile among the auctions of the two years to it.  Both need every
  auction of that line: when the full list of auctioned securities
  (``records("auctioned_securities")``, Fiscal Data) shows auctions of that
  term in the window that are missing from the results in the store, the
  average and percentile are left out (``window_complete`` False) instead of
  being computed from a sample.
* Size grid (``sizes``): the latest offering size per coupon line and its
  change against the previous auction of that line in the store.
* Calendar (``upcoming``): securities announced but not yet auctioned in the
  auctioned-securities list (no price, no results file), after its last
  auction with results.
* Last month (``last-month``): every auction of the latest complete month in
  the store (the list of auctioned securities reaches the month's end and
  each auction it shows that month has results; without the list, the latest
  month a later result follows), with size, stop-out, bid-to-cover, allotment
  shares and the tail against the CMT proxy, then totals (count, size) for
  bills, coupons and all.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd

from ..errors import UnknownSeriesError
from .base import Data, finish, iso_days

#: tenor (years) -> (Treasury par-curve id, FRED CMT id)
CMT_TENORS: list[tuple[float, str, str | None]] = [
    (1 / 12, "UST.PAR.1M", "DGS1MO"), (2 / 12, "UST.PAR.2M", None), (3 / 12, "UST.PAR.3M", "DGS3MO"),
    (4 / 12, "UST.PAR.4M", None), (6 / 12, "UST.PAR.6M", "DGS6MO"), (1.0, "UST.PAR.1Y", "DGS1"),
    (2.0, "UST.PAR.2Y", "DGS2"), (3.0, "UST.PAR.3Y", "DGS3"), (5.0, "UST.PAR.5Y", "DGS5"),
    (7.0, "UST.PAR.7Y", "DGS7"), (10.0, "UST.PAR.10Y", "DGS10"), (20.0, "UST.PAR.20Y", "DGS20"),
    (30.0, "UST.PAR.30Y", "DGS30"),
]
_TENOR_LABEL = {1 / 12: "1M", 2 / 12: "2M", 3 / 12: "3M", 4 / 12: "4M", 6 / 12: "6M", 1.0: "1Y", 2.0: "2Y",
                3.0: "3Y", 5.0: "5Y", 7.0: "7Y", 10.0: "10Y", 20.0: "20Y", 30.0: "30Y"}

COLUMNS = ["auction_date", "cusip", "security_type", "security_term", "tenor", "reopening", "size", "stop_out",
           "stop_out_basis", "bid_to_cover", "indirect_share", "direct_share", "dealer_share",
           "cmt_reference", "tail_vs_cmt_bp", "high_minus_median_bp"]
UNITS = {"size": "usd_bn", "stop_out": "pct", "bid_to_cover": "ratio", "indirect_share": "pct_of_competitive",
         "direct_share": "pct_of_competitive", "dealer_share": "pct_of_competitive", "cmt_reference": "pct",
         "tail_vs_cmt_bp": "bp", "high_minus_median_bp": "bp", "weakness_score": "z"}


# --------------------------------------------------------------------------- pure functions
def nearest_tenor(years: np.ndarray) -> np.ndarray:
    """Nearest par-curve tenor (years) to each remaining maturity, on a log scale."""
    tenors = np.array([t for t, _, _ in CMT_TENORS])
    y = np.maximum(np.asarray(years, float), 1 / 52)
    idx = np.abs(np.log(y[:, None]) - np.log(tenors[None, :])).argmin(axis=1)
    return tenors[idx]


def auction_results(records: pd.DataFrame, curve: dict[float, pd.Series] | None = None) -> pd.DataFrame:
    """One row per auction: size, stop-out, bid-to-cover, allotment shares and tails (see module doc).

    ``curve``: tenor (years) -> daily par/CMT yield series (percent) used for
    ``tail_vs_cmt_bp``; missing tenors or dates give NaN.
    """
    r = records.copy()
    for c in ("auction_date", "issue_date", "maturity_date"):
        r[c] = iso_days(r[c])
    bill = r["security_type"].str.lower().eq("bill")
    tips = r["tips"].fillna(False).astype(bool)
    frn = r["floating_rate"].fillna(False).astype(bool)
    stop = np.where(bill, r["high_investment_rate"], np.where(frn, r["high_discount_margin"], r["high_yield"]))
    basis = np.select([bill, frn, tips], ["bill_investment_rate", "frn_discount_margin", "tips_real_yield"],
                      "nominal_yield")
    median = np.where(bill, r["median_discount_rate"], np.where(frn, r["median_discount_margin"], r["median_yield"]))
    high_for_median = np.where(bill, r["high_discount_rate"], stop)
    comp = r["competitive_accepted"].where(r["competitive_accepted"] > 0)
    years = (r["maturity_date"] - r["auction_date"]).dt.days.to_numpy() / 365.25
    tenor = nearest_tenor(years)
    out = pd.DataFrame({
        "auction_date": r["auction_date"], "cusip": r["cusip"], "security_type": r["security_type"],
        "security_term": r["security_term"], "tenor": [_TENOR_LABEL[t] for t in tenor],
        "reopening": r["reopening"].fillna(False).astype(bool),
        "size": r["offering_amt_usd"] / 1e9, "stop_out": stop.astype(float), "stop_out_basis": basis,
        "bid_to_cover": r["bid_to_cover"],
        "indirect_share": 100.0 * r["indirect_bidder_accepted"] / comp,
        "direct_share": 100.0 * r["direct_bidder_accepted"] / comp,
        "dealer_share": 100.0 * r["primary_dealer_accepted"] / comp,
        # FRN margins are already in percent; all rates are percent -> bp x 100
        "high_minus_median_bp": 100.0 * (high_for_median.astype(float) - median.astype(float)),
    })
    ref = np.full(len(out), np.nan)
    if curve:
        dates = out["auction_date"].to_numpy("datetime64[ns]")
        for t, s in curve.items():
            sel = (tenor == t)
            if not sel.any() or s is None or s.empty:
                continue
            s = s.dropna()
            s = s[~s.index.duplicated(keep="last")]
            ref[sel] = s.reindex(pd.DatetimeIndex(dates[sel])).to_numpy()
    ref = np.where(tips.to_numpy() | frn.to_numpy(), np.nan, ref)
    out["cmt_reference"] = ref
    out["tail_vs_cmt_bp"] = 100.0 * (out["stop_out"] - ref)
    return out[COLUMNS].sort_values(["auction_date", "cusip"]).reset_index(drop=True)


def weakness_ranking(results: pd.DataFrame, top: int | None = 25) -> pd.DataFrame:
    """Auctions ranked weakest first by ``weakness_score`` (z-scores within tenor; see module doc)."""
    df = results[~results["stop_out_basis"].isin(["frn_discount_margin"])].copy()

    def z(col: str) -> pd.Series:
        g = df.groupby("tenor")[col]
        return ((df[col] - g.transform("mean")) / g.transform("std")).fillna(0.0)

    df["weakness_score"] = z("tail_vs_cmt_bp") - z("bid_to_cover") + z("dealer_share")
    df = df.sort_values("weakness_score", ascending=False).reset_index(drop=True)
    df.insert(0, "rank", np.arange(1, len(df) + 1))
    return df.head(top) if top else df


def dealer_takedown(results: pd.DataFrame, freq: str = "Y") -> pd.DataFrame:
    """Average primary-dealer share of competitive accepted (%) by tenor and period (rows: period start)."""
    df = results.dropna(subset=["dealer_share"])
    p = df.groupby([df["auction_date"].dt.to_period(freq), "tenor"])["dealer_share"].mean().unstack()
    order = [v for v in _TENOR_LABEL.values() if v in p.columns]
    p = p[order]
    p.index = p.index.to_timestamp()
    p.index.name = "date"
    return p


# --------------------------------------------------------------------------- store readers / views
def _curve_on_auction_days(data: Data, rec: pd.DataFrame) -> tuple[dict[float, pd.Series], list]:
    """Par/CMT yield of each tenor the records need, on their auction days only, and the series that gave them.

    FRED H.15 CMT and Treasury's par curve are the same curve: FRED is taken first and the par curve fills the
    days it lacks.  One store query reads just those (series, day) rows, not decades of daily history.
    """
    dates = iso_days(rec["auction_date"])
    years = (iso_days(rec["maturity_date"]) - dates).dt.days / 365.25
    tenor_of = nearest_tenor(years.fillna(1.0).to_numpy())
    day = dates.to_numpy("datetime64[ns]")
    wanted = {t: pd.DatetimeIndex(np.unique(day[(tenor_of == t) & ~np.isnat(day)]))
              for t, _, _ in CMT_TENORS if (tenor_of == t).any()}
    wanted = {t: w for t, w in wanted.items() if len(w)}
    if not wanted:
        return {}, []
    ids = [sid for t, par, fred in CMT_TENORS if t in wanted for sid in (fred, par) if sid]
    all_days = pd.DatetimeIndex(np.unique(np.concatenate([w.to_numpy() for w in wanted.values()])))
    read = data.at_dates(ids, all_days)
    curve, inputs = {}, []
    for t, par, fred in CMT_TENORS:
        want = wanted.get(t)
        if want is None:
            continue
        got = np.full(len(want), np.nan)
        for sid in (fred, par):
            s = read.get(sid)
            if s is None or s.empty or not np.isnan(got).any():
                continue
            pos = s.index.get_indexer(want)
            vals = np.where(pos >= 0, s.to_numpy()[pos], np.nan)
            fill = np.isnan(got) & ~np.isnan(vals)
            if fill.any():
                got[fill] = vals[fill]
                inputs.append(s)
        curve[t] = pd.Series(got, index=want)
    return curve, inputs


def _latest(out: pd.DataFrame, res: pd.DataFrame) -> pd.DataFrame:
    # finish() looks for a date index or column; auctions are dated by auction_date
    if len(res):
        out.attrs["provenance"]["latest_observation"] = str(res["auction_date"].max().date())
    return out


def _results(data: Data, with_curve: bool = True, rec: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list]:
    """:func:`auction_results` of the stored records (or of ``rec``, a subset of them) and the inputs read."""
    rec = data.records("auctions") if rec is None else rec
    if rec is None or len(rec) == 0:
        raise UnknownSeriesError("no auction records in the store; run `ustmon update treasurydirect`")
    curve, inputs = {}, []
    if with_curve:
        curve, inputs = _curve_on_auction_days(data, rec)
    res = auction_results(rec, curve)
    if data.start is not None:
        res = res[res["auction_date"] >= data.start].reset_index(drop=True)
    stub = pd.DataFrame()
    stub.attrs["provenance"] = {"series": {"records:auctions": {
        "series_id": "records:auctions", "source": "treasurydirect",
        "attribution": "Source: U.S. Department of the Treasury, Bureau of the Fiscal Service (TreasuryDirect)",
        "latest_vintage": None, "as_of": None, "modes": []}}}
    return res, [stub, *inputs]


_TAIL_NOTE = ("tail_vs_cmt_bp = stop-out minus the day's Treasury par/CMT yield of the nearest tenor (end-of-day), "
              "NOT the when-issued yield at the 1 pm close (not public). Shares are % of competitive accepted.")


def results(data: Data) -> pd.DataFrame:
    """Per auction: size ($bn), stop-out, bid-to-cover, indirect/direct/dealer shares, tails (bp)."""
    res, inputs = _results(data)
    return _latest(finish(res, *inputs, units=UNITS, description="Treasury auction results, one row per auction.",
                          method=_TAIL_NOTE), res)


def weakest(data: Data) -> pd.DataFrame:
    """Weakest auctions: ranked by tail vs CMT, low bid-to-cover and high dealer take-down (z-scores within tenor)."""
    res, inputs = _results(data)
    out = weakness_ranking(res, top=50)
    return _latest(finish(out, *inputs, units=UNITS, description="Weakest auctions first (weakness_score, higher = weaker).",
                  method="weakness_score = z(tail_vs_cmt) - z(bid_to_cover) + z(dealer_share), within tenor. "
                         + _TAIL_NOTE), res)


def dealers(data: Data) -> pd.DataFrame:
    """Dealer take-down by tenor per year: mean primary-dealer share of competitive accepted (%)."""
    res, inputs = _results(data, with_curve=False)  # shares only: no curve needed
    out = dealer_takedown(res, "Y")
    return finish(out, *inputs, units={c: "pct_of_competitive" for c in out.columns},
                  description="Average primary-dealer share of competitive accepted, by tenor (nearest par-curve "
                              "tenor of the remaining maturity) and calendar year.")


# --------------------------------------------------------------------------- review, size grid, calendar
REVIEW_METRICS = ["size", "bid_to_cover", "tail_vs_cmt_bp", "high_minus_median_bp", "indirect_share", "dealer_share"]


def line_key(res: pd.DataFrame) -> pd.Series:
    """Auction line: ``Note 10Y``, ``TIPS 5Y``, ``FRN 2Y``, ``Bill 3M`` (type and nearest par tenor at auction)."""
    kind = np.select([res["stop_out_basis"].eq("tips_real_yield"), res["stop_out_basis"].eq("frn_discount_margin")],
                     ["TIPS", "FRN"], res["security_type"].astype(str))
    return pd.Series(kind, index=res.index) + " " + res["tenor"].astype(str)


def review_table(res: pd.DataFrame, listed: pd.DataFrame | None = None, window_years: int = 2,
                 prior: int = 6) -> pd.DataFrame:
    """Per line: the last auction, the mean of the ``prior`` auctions before it and its percentile over ``window_years``.

    ``res``: :func:`auction_results` rows.  ``listed``: the full list of auctioned
    securities (``cusip``, ``security_type``, ``auction_date``, ``maturity_date``)
    or None.  Percentile = share of the window's auctions (the last included)
    with a value at or below the last one's, in %.  When ``listed`` shows
    auctions of the line in the window (or among the prior ones) missing from
    ``res``, ``window_complete`` is False and the averages and percentiles are NaN.
    """
    r = res.sort_values("auction_date", kind="stable")
    groups = _listed_by_line(listed)
    have_list = listed is not None and len(listed) > 0
    # columns as numpy arrays once, grouped by line (alphabetical) keeping date order within each line:
    # pandas selections inside the per-line loop cost ~3 ms a line
    line = line_key(r).to_numpy(dtype=object)
    order = np.argsort(line, kind="stable")
    line = line[order]
    dates_all = r["auction_date"].to_numpy(dtype="datetime64[ns]")[order]
    cusip_all = r["cusip"].to_numpy(dtype=object)[order]
    type_all = r["security_type"].astype(str).str.lower().to_numpy(dtype=object)[order]
    tenor_all = r["tenor"].astype(str).to_numpy(dtype=object)[order]
    metric_all = {m: r[m].to_numpy(dtype="float64")[order] for m in REVIEW_METRICS}
    cuts = np.flatnonzero(line[1:] != line[:-1]) + 1
    rows = []
    for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(line)]) if len(line) else ():
        n = hi - lo
        dates = dates_all[lo:hi]
        d64 = dates[-1]
        d = pd.Timestamp(d64)
        s64 = np.datetime64((d - pd.DateOffset(years=window_years)).to_datetime64(), "ns")
        in_win = (dates > s64) & (dates <= d64)
        b_lo = max(0, n - 1 - prior)  # the ``prior`` auctions before the last: rows b_lo .. n-2
        n_before = n - 1 - b_lo
        complete = None
        if have_list:
            ldates, lcusips = groups.get((type_all[hi - 1], tenor_all[hi - 1]), _NO_LISTED)
            lo64 = min(s64, dates[b_lo:n - 1].min()) if n_before else s64
            sel = (ldates > lo64) & (ldates <= d64)
            have = set(zip(cusip_all[lo:hi], dates.view("int64")))
            listed_keys = set(zip(lcusips[sel], ldates[sel].view("int64")))
            complete = bool(listed_keys) and listed_keys <= have and n_before >= prior
        row = {"line": line[lo], "last_auction": d, "cusip": cusip_all[hi - 1],
               "auctions_in_window": int(in_win.sum()), "window_complete": complete}
        ok = complete is not False and n_before >= prior
        for m in REVIEW_METRICS:
            col = metric_all[m][lo:hi]
            v = col[-1]
            row[m] = v
            row[f"{m}_avg{prior}"] = _nanmean(col[b_lo:n - 1]) if ok else np.nan
            w = col[in_win]
            w = w[~np.isnan(w)]
            row[f"{m}_pctile_{window_years}y"] = (100.0 * (w <= v).mean() if ok and len(w) and not np.isnan(v)
                                                  else np.nan)
        rows.append(row)
    return pd.DataFrame(rows)


def _nanmean(x: np.ndarray) -> float:
    """Mean of the non-NaN values as pandas' ``Series.mean`` computes it (NaN when there are none)."""
    ok = ~np.isnan(x)
    return float(np.where(ok, x, 0.0).sum() / ok.sum()) if ok.any() else np.nan


def _listed_by_line(listed: pd.DataFrame | None) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """The list of auctioned securities per line, (lower-case type, nearest par tenor at auction): each line's
    auction dates (datetime64[ns]) and CUSIPs, sorted by date.  Numpy throughout: the list has ten thousand rows."""
    if listed is None or not len(listed):
        return {}
    day = iso_days(listed["auction_date"]).to_numpy(dtype="datetime64[ns]")
    mat = iso_days(listed["maturity_date"]).to_numpy(dtype="datetime64[ns]")
    ok = ~(np.isnat(day) | np.isnat(mat))
    day, mat = day[ok], mat[ok]
    years = (mat - day).astype("timedelta64[D]").astype("float64") / 365.25
    tenor = np.array([_TENOR_LABEL[t] for t in [t for t, _, _ in CMT_TENORS]], dtype=object)[
        np.searchsorted([t for t, _, _ in CMT_TENORS], nearest_tenor(years))]
    kind = listed["security_type"].astype(str).str.lower().to_numpy(dtype=object)[ok]
    cusip = listed["cusip"].to_numpy(dtype=object)[ok]
    code, uniq = pd.factorize(pd.Series(kind) + "|" + pd.Series(tenor))
    order = np.lexsort((day.view("int64"), code))
    code, day, cusip = code[order], day[order], cusip[order]
    cuts = np.flatnonzero(code[1:] != code[:-1]) + 1
    out = {}
    for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(code)]) if len(code) else ():
        k, t = str(uniq[code[lo]]).rsplit("|", 1)
        out[(k, t)] = (day[lo:hi], cusip[lo:hi])
    return out


_NO_LISTED = (np.array([], "datetime64[ns]"), np.array([], dtype=object))


def size_grid(res: pd.DataFrame, listed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Latest offering size per coupon line ($bn) and the change against that line's previous auction.

    With the full list of auctioned securities, ``previous_is_adjacent`` says
    whether the list has no auction of that type and tenor between the two in
    the store; when it has (a gap in the results), ``change`` is left out.
    """
    r = res[~res["security_type"].str.lower().eq("bill")].copy()
    r["line"] = line_key(r)
    groups = _listed_by_line(listed)
    rows = []
    for line, g in r.sort_values("auction_date").groupby("line"):
        last = g.iloc[-1]
        prev = g.iloc[-2] if len(g) > 1 else None
        adjacent = None
        if listed is not None and len(listed) and prev is not None:
            ldates, _ = groups.get((str(last["security_type"]).lower(), str(last["tenor"])), _NO_LISTED)
            lo, hi = np.datetime64(prev["auction_date"], "ns"), np.datetime64(last["auction_date"], "ns")
            adjacent = not ((ldates > lo) & (ldates < hi)).any()
        rows.append({"line": line, "last_auction": last["auction_date"], "reopening": bool(last["reopening"]),
                     "size": last["size"], "previous_auction": None if prev is None else prev["auction_date"],
                     "previous_size": np.nan if prev is None else prev["size"], "previous_is_adjacent": adjacent,
                     "change": np.nan if prev is None or adjacent is False else last["size"] - prev["size"]})
    order = {v: i for i, v in enumerate(_TENOR_LABEL.values())}
    out = pd.DataFrame(rows)
    if len(out):
        out["_o"] = out["line"].str.split(" ").str[-1].map(order)
        out = out.sort_values(["_o", "line"]).drop(columns="_o").reset_index(drop=True)
    return out


def upcoming_table(listed: pd.DataFrame) -> pd.DataFrame:
    """Securities announced but not yet auctioned (no price, no results file) after the list's last result."""
    li = listed.copy()
    for c in ("auction_date", "issue_date", "maturity_date"):
        li[c] = iso_days(li[c])
    done = li["price_per_100"].notna() | li["results_xml"].notna()
    if not done.any():
        return li.iloc[0:0]
    last = li.loc[done, "auction_date"].max()
    up = li[~done & (li["auction_date"] >= last)]
    return up[["auction_date", "issue_date", "maturity_date", "cusip", "security_type", "security_term"]].sort_values(
        ["auction_date", "security_term"]).reset_index(drop=True)


def _listed(data: Data) -> pd.DataFrame | None:
    try:
        li = data.records("auctioned_securities")
    except Exception:  # noqa: BLE001 - no list in this store
        return None
    return li if li is not None and len(li) else None


def review(data: Data) -> pd.DataFrame:
    """Per tenor: the last auction against its previous-6 average and its 2-year percentile (complete histories only)."""
    res, inputs = _results(data)
    out = review_table(res, _listed(data))
    units = {m: UNITS.get(m, "") for m in REVIEW_METRICS}
    units.update({f"{m}_avg6": UNITS.get(m, "") for m in REVIEW_METRICS})
    units.update({f"{m}_pctile_2y": "pct" for m in REVIEW_METRICS})
    out = finish(out, *inputs, units=units,
                 description="Last auction of each line against the mean of its previous six auctions and its "
                             "percentile among the auctions of the two years to it; left out (window_complete False) "
                             "where the list of auctioned securities shows auctions missing from the results stored.",
                 method=_TAIL_NOTE)
    return _latest(out, res)


def sizes(data: Data) -> pd.DataFrame:
    """Coupon size grid: latest offering size per line ($bn) and its change against the line's previous auction."""
    res, inputs = _results(data, with_curve=False)
    out = size_grid(res, _listed(data))
    return _latest(finish(out, *inputs, units={"size": "usd_bn", "previous_size": "usd_bn", "change": "usd_bn"},
                          description="Latest offering size per coupon line (type and tenor at auction) and the change "
                                      "on that line's previous auction in the store."), res)


def upcoming(data: Data) -> pd.DataFrame:
    """Auction calendar: securities announced but not yet auctioned (Fiscal Data list of auctioned securities)."""
    from ..errors import CoverageError

    li = _listed(data)
    if li is None:
        raise CoverageError("auction calendar", "needs the list of announced and auctioned securities (Fiscal Data "
                                                "auctions download or auctions_query), which is not in the store")
    out = upcoming_table(li)
    stub = pd.DataFrame()
    stub.attrs["provenance"] = {"series": {"records:auctioned_securities": {
        "series_id": "records:auctioned_securities", "source": "fiscaldata",
        "attribution": "Source: U.S. Department of the Treasury, Bureau of the Fiscal Service (Fiscal Data)",
        "latest_vintage": None, "as_of": None, "modes": []}}}
    res = finish(out.set_index("auction_date"), stub,
                 description="Announced auctions without results yet in the list of auctioned securities "
                             "(upcoming as of the list's download).")
    return res




# --------------------------------------------------------------------------- last month's auctions
LAST_MONTH_COLUMNS = ["row", "auction_date", "security", "security_term", "cusip", "reopening", "size", "stop_out",
                      "stop_out_basis", "bid_to_cover", "indirect_share", "direct_share", "dealer_share",
                      "tail_vs_cmt_bp", "auctions"]


def latest_complete_month(res: pd.DataFrame, listed: pd.DataFrame | None) -> tuple[pd.Period | None, str]:
    """The latest calendar month whose auctions are all in ``res``, and how that was decided.

    With the list of auctioned securities: the list must reach the month's last day and every auction it shows
    that month (CUSIP and auction date) must have results.  Without it: the latest month with results that a
    later result follows (the month is over; completeness not checked).
    """
    if res.empty:
        return None, "no auction results"
    have = set(zip(res["cusip"], res["auction_date"].dt.normalize()))
    months = sorted(set(res["auction_date"].dt.to_period("M")), reverse=True)
    if listed is not None and len(listed):
        day = iso_days(listed["auction_date"])
        ok = day.notna().to_numpy()
        day, cusip = day[ok].dt.normalize(), listed["cusip"].to_numpy(dtype=object)[ok]
        last = day.max()
        month_no = (day.dt.year * 12 + day.dt.month - 1).to_numpy()  # one integer per month: cheap to compare
        for m in months:
            if m.end_time.normalize() > last:
                continue
            sel = month_no == m.year * 12 + m.month - 1
            keys = set(zip(cusip[sel], day[sel]))
            if keys and keys <= have:
                return m, (f"every one of the {len(keys)} auctions that the list of auctioned securities shows for "
                           f"{m} has results in the store")
        return None, (f"no month with results has every auction of the list of auctioned securities (list to "
                      f"{last:%Y-%m-%d})")
    latest = res["auction_date"].max()
    for m in months:
        if m.end_time < latest:
            return m, f"{m} is followed by a later result; completeness not checked (no list of auctioned securities)"
    return None, "no month with results is over"


def last_month_table(res: pd.DataFrame, month: pd.Period) -> pd.DataFrame:
    """Every auction of ``month`` (``res``: :func:`auction_results`), then totals for bills, coupons and all.

    ``row`` is ``auction`` or ``total``; ``security`` the line (``Note 10Y``, ``Bill 13W``-style from
    :func:`line_key`); totals carry the number of auctions and the summed offering size ($bn).
    """
    r = res[res["auction_date"].dt.to_period("M") == month].sort_values(["auction_date", "security_type",
                                                                         "cusip"]).copy()
    r["security"] = line_key(r)
    r["row"] = "auction"
    r["auctions"] = 1
    bill = r["security_type"].astype(str).str.lower().eq("bill")
    totals = []
    for label, sel in (("Total bills", bill), ("Total coupons", ~bill), ("Total", bill | ~bill)):
        totals.append({"row": "total", "security": label, "size": float(r.loc[sel, "size"].sum()),
                       "auctions": int(sel.sum())})
    out = pd.concat([r, pd.DataFrame(totals)], ignore_index=True)
    return out.reindex(columns=LAST_MONTH_COLUMNS)


def last_month(data: Data) -> pd.DataFrame:
    """Last complete month's auctions: size, stop-out, bid-to-cover, allotment shares, tail vs CMT; totals by type."""
    from ..errors import CoverageError

    rec = data.records("auctions")
    if rec is None or len(rec) == 0:
        raise UnknownSeriesError("no auction records in the store; run `ustmon update treasurydirect`")
    keys = pd.DataFrame({"cusip": rec["cusip"],
                         "auction_date": iso_days(rec["auction_date"])})
    month, how = latest_complete_month(keys.dropna(subset=["auction_date"]), _listed(data))
    if month is None:
        raise CoverageError("last month's auctions", "needs every auction of a month with results", coverage=how)
    # the curve (for the tail proxy) is read for that month's auctions only
    res, inputs = _results(data, rec=rec[(keys["auction_date"].dt.to_period("M") == month).to_numpy()])
    out = last_month_table(res, month)
    units = dict(UNITS)
    units["auctions"] = "count"
    res_m = res[res["auction_date"].dt.to_period("M") == month]
    out = finish(out, *inputs, units=units,
                 description=f"Treasury auctions of {month} (the latest complete month in the store: {how}); "
                             "totals by bills and coupons (number of auctions, offering size $bn).",
                 method=_TAIL_NOTE)
    out.attrs["month"] = str(month)
    return _latest(out, res_m)


VIEWS = OrderedDict([
    ("results", results),
    ("review", review),
    ("sizes", sizes),
    ("upcoming", upcoming),
    ("weakest", weakest),
    ("dealers", dealers),
    ("last-month", last_month),
])
SUMMARY = "Auction results, review against recent auctions, size grid, calendar, tails, dealers, last month's auctions."
