"""Basis-trade positioning: leveraged funds in the Treasury futures (CFTC TFF).

Input: the CFTC Traders in Financial Futures report, futures only, for the six
CBOT Treasury contracts (:data:`ustmon.conventions.contracts.BY_CFTC_CODE`), series
``CFTC.TFF.<code>.<GROUP>.<LONG|SHORT|SPREAD>`` and ``CFTC.TFF.<code>.OI`` in
contracts, as of the Tuesday report date.  Source: U.S. Commodity Futures
Trading Commission.

Leveraged funds ("Lev_Money": hedge funds and CTAs) run the cash-futures
basis trade short futures against long cash Treasuries financed in repo;
asset managers, long futures, are the other side.  Measures:

* contracts: ``leveraged_fund_long``, ``leveraged_fund_short``,
  ``leveraged_fund_net`` (long - short; negative = net short), and
  ``asset_manager_long`` / ``asset_manager_net``;
* notional at face value: contracts x the contract's face value
  ($200,000 for the 2-year, $100,000 otherwise), $bn.  This is the measure
  the Federal Reserve and OFR notes quote ("contract notional dollars").
  With futures prices (per 100 face, supplied by the user: ustmon bundles no
  futures prices) :func:`notional_at_prices` gives the market value;
* risk: DV01 per contract from a *synthetic* cheapest-to-deliver: a par bond
  whose coupon equals ``yield_pct`` (default 4%) and whose maturity is the
  contract's typical CTD maturity (``Contract.ctd_years``), DV01 from
  :func:`ustmon.models.bonds.risk`, divided by its CME conversion factor
  (:func:`ustmon.models.futures.conversion_factor`), times face / 100.  10-year
  equivalents are contracts x DV01 / the 10-year contract's DV01 (TY
  contracts), the market's usual way to add positions across the curve.  This
  is approximate (the real CTD and its yield move); it is for scale, not P&L;
* share by tenor (of leveraged funds' gross short DV01), weekly changes, and
  the percentile of each week's value within the history up to that week
  (no look-ahead; always over the whole stored history, also with ``--start``).
"""

from __future__ import annotations

import datetime as _dt
from collections import OrderedDict
from functools import lru_cache

import numpy as np
import pandas as pd

from ..models import bonds as B
from ..models import futures as F
from ..conventions import contracts as _contracts
from .base import Data, finish

#: the six contracts of the TFF report, keyed by CFTC code (the one contract table, ustmon.conventions.contracts)
UST_CONTRACTS = _contracts.BY_CFTC_CODE
#: CFTC contract market code -> CME contract
CME_CODE = F.BY_CFTC_CODE
#: the "2-, 5- and 10-year" contracts the Fed/OFR basis-trade notes add up
CORE_CODES = _contracts.CORE_CFTC_CODES
#: CFTC code of the 10-year note, the unit of 10-year equivalents
TEN_YEAR_CODE = _contracts.TEN_YEAR.cftc_code
#: default yield (percent) of the synthetic CTD used for DV01
DEFAULT_YIELD_PCT = 4.0


# ---------------------------------------------------------------------------- risk per contract
@lru_cache(maxsize=64)
def contract_dv01_usd(code: str, yield_pct: float = DEFAULT_YIELD_PCT) -> float:
    """Approximate DV01 of one futures contract, dollars per bp (synthetic par CTD; see module doc)."""
    c = UST_CONTRACTS[code]
    delivery = _dt.date(2001, 3, 1)
    months = int(round(c.ctd_years * 12))
    maturity = B.add_months(delivery, months)
    bond = B.TreasuryBond(coupon=yield_pct, maturity=maturity)
    ctd_dv01 = B.risk(bond, delivery, yield_pct).dv01  # price points per 100 face
    cf = F.conversion_factor(yield_pct, maturity, CME_CODE[code], delivery, rounded=True)
    return F.futures_dv01(ctd_dv01, cf, CME_CODE[code])


# ---------------------------------------------------------------------------- pure functions
def tidy_tff(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Long table from per-contract frames with columns LEV_LONG, LEV_SHORT, LEV_SPREAD,
    AM_LONG, AM_SHORT, OI (contracts): one row per (date, code)."""
    parts = []
    for code, f in frames.items():
        c = UST_CONTRACTS[code]
        df = pd.DataFrame({
            "date": f.index, "code": code, "tenor": c.tenor, "face_value_usd": c.face_value_usd,
            "leveraged_fund_long": f.get("LEV_LONG"), "leveraged_fund_short": f.get("LEV_SHORT"),
            "leveraged_fund_spread": f.get("LEV_SPREAD"),
            "asset_manager_long": f.get("AM_LONG"), "asset_manager_short": f.get("AM_SHORT"),
            "open_interest": f.get("OI"),
        }).reset_index(drop=True)
        parts.append(df)
    if not parts:
        return pd.DataFrame(columns=["date", "code", "tenor"])
    out = pd.concat(parts, ignore_index=True)
    out = out.dropna(subset=["leveraged_fund_long", "leveraged_fund_short"], how="all")
    return out.sort_values(["date", "code"]).reset_index(drop=True)


def expanding_percentile(s: pd.Series) -> pd.Series:
    """Percentile (0-100) of each value within the series up to and including that date."""
    v = s.to_numpy(dtype="float64")
    out = np.full(len(v), np.nan)
    for i in range(len(v)):
        if np.isnan(v[i]):
            continue
        h = v[: i + 1]
        h = h[~np.isnan(h)]
        out[i] = (h <= v[i]).mean() * 100.0
    return pd.Series(out, index=s.index)


def report_sample(dates) -> dict:
    """The sample of weekly CFTC reports behind a percentile or a chart: how many reports, over which span, and
    which calendar years have none (or only some) of their weeks in the store.

    Returns ``n_reports``, ``first``, ``last``, ``weeks_in_span``, ``missing_years`` (no report at all),
    ``partial_years`` (``{year: (reports, weeks)}`` for years with fewer reports than Tuesdays in the span) and
    ``text``, one sentence for a table's description or a chart's note."""
    d = pd.DatetimeIndex(pd.to_datetime(pd.Index(dates))).dropna().unique().sort_values()
    if len(d) == 0:
        return {"n_reports": 0, "first": None, "last": None, "weeks_in_span": 0, "missing_years": [],
                "partial_years": {}, "text": "no weekly reports in the store"}
    first, last = d[0], d[-1]
    span = pd.date_range(first, last, freq="7D")
    have = pd.Series(1, index=d).groupby(d.year).size()
    want = pd.Series(1, index=span).groupby(span.year).size()
    missing = [int(y) for y in want.index if have.get(y, 0) == 0]
    partial = {int(y): (int(have[y]), int(want[y])) for y in want.index if 0 < have.get(y, 0) < want[y]}
    text = (f"{len(d)} weekly reports {first:%Y-%m-%d}..{last:%Y-%m-%d} ({len(d)} of {len(span)} weeks)")
    if missing:
        text += f"; no reports in {', '.join(map(str, missing))}"
    if partial:
        text += "; part of " + ", ".join(f"{y} ({n} of {w} weeks)" for y, (n, w) in partial.items())
    return {"n_reports": len(d), "first": first, "last": last, "weeks_in_span": len(span), "missing_years": missing,
            "partial_years": partial, "text": text}


def _with_sample(df: pd.DataFrame, dates) -> pd.DataFrame:
    """State the sample of weekly reports in the description (and ``attrs['sample']``) of a finished view."""
    sample = report_sample(dates)
    df.attrs["sample"] = {k: v for k, v in sample.items() if k != "text"}
    df.attrs["description"] = (df.attrs.get("description", "") + f" Sample: {sample['text']}; percentiles rank "
                               "each week among the reports in the store up to it, missing weeks excluded.").strip()
    return df


def contract_positioning(tff: pd.DataFrame, yield_pct: float = DEFAULT_YIELD_PCT) -> pd.DataFrame:
    """Per (date, contract): contracts, face notional ($bn), DV01 ($mn/bp), 10-year equivalents, changes, percentiles.

    Adds to :func:`tidy_tff` columns ``leveraged_fund_net``, ``asset_manager_net`` (contracts);
    ``leveraged_fund_long_usd_bn``, ``leveraged_fund_short_usd_bn``, ``leveraged_fund_net_usd_bn``,
    ``asset_manager_long_usd_bn`` (face, $bn); ``contract_dv01_usd`` ($/bp per contract);
    ``leveraged_fund_net_dv01_usd_mn`` ($mn/bp), ``leveraged_fund_net_10y_equiv`` (TY contracts);
    ``leveraged_fund_net_weekly_change`` (contracts); ``leveraged_fund_short_pctile`` (0-100)."""
    df = tff.copy()
    df["leveraged_fund_net"] = df["leveraged_fund_long"] - df["leveraged_fund_short"]
    df["asset_manager_net"] = df["asset_manager_long"] - df["asset_manager_short"]
    face_bn = df["face_value_usd"] / 1e9
    for col in ("leveraged_fund_long", "leveraged_fund_short", "leveraged_fund_net", "asset_manager_long",
                "asset_manager_net"):
        df[f"{col}_usd_bn"] = df[col] * face_bn
    dv = df["code"].map(lambda c: contract_dv01_usd(c, yield_pct))
    ty = contract_dv01_usd(TEN_YEAR_CODE, yield_pct)
    df["contract_dv01_usd"] = dv
    df["leveraged_fund_short_dv01_usd_mn"] = df["leveraged_fund_short"] * dv / 1e6
    df["leveraged_fund_net_dv01_usd_mn"] = df["leveraged_fund_net"] * dv / 1e6
    df["leveraged_fund_net_10y_equiv"] = df["leveraged_fund_net"] * dv / ty
    g = df.groupby("code", sort=False)
    # weekly change only between consecutive weekly reports (gaps in the history are not a week)
    gap = g["date"].diff()
    df["leveraged_fund_net_weekly_change"] = g["leveraged_fund_net"].diff().where(gap == pd.Timedelta(days=7))
    df["leveraged_fund_short_weekly_change"] = g["leveraged_fund_short"].diff().where(gap == pd.Timedelta(days=7))
    df["leveraged_fund_short_pctile"] = g["leveraged_fund_short"].transform(expanding_percentile)
    return df


def notional_at_prices(positioning: pd.DataFrame, prices: pd.DataFrame) -> pd.DataFrame:
    """Market value of leveraged funds' positions with user-supplied futures prices.

    ``prices``: index date, columns CFTC codes, price per 100 face (decimal).
    Adds ``leveraged_fund_short_mv_usd_bn`` and ``leveraged_fund_net_mv_usd_bn``."""
    p = prices.stack().rename("futures_price").reset_index()
    p.columns = ["date", "code", "futures_price"]
    df = positioning.merge(p, on=["date", "code"], how="left")
    df["leveraged_fund_short_mv_usd_bn"] = df["leveraged_fund_short_usd_bn"] * df["futures_price"] / 100.0
    df["leveraged_fund_net_mv_usd_bn"] = df["leveraged_fund_net_usd_bn"] * df["futures_price"] / 100.0
    return df


def totals(pos: pd.DataFrame) -> pd.DataFrame:
    """Per report date across contracts: gross short face (all and 2/5/10-year), net, DV01, 10-year equivalents,
    asset managers' long, weekly changes and percentiles.  Dollar columns $bn face; DV01 $mn/bp."""
    core = pos[pos["code"].isin(CORE_CODES)]
    g = pos.groupby("date")
    df = pd.DataFrame({
        "leveraged_fund_short_usd_bn": g["leveraged_fund_short_usd_bn"].sum(min_count=1),
        "leveraged_fund_short_2_5_10y_usd_bn": core.groupby("date")["leveraged_fund_short_usd_bn"].sum(min_count=1),
        "leveraged_fund_long_usd_bn": g["leveraged_fund_long_usd_bn"].sum(min_count=1),
        "leveraged_fund_net_usd_bn": g["leveraged_fund_net_usd_bn"].sum(min_count=1),
        "leveraged_fund_net_short_dv01_usd_mn": -g["leveraged_fund_net_dv01_usd_mn"].sum(min_count=1),
        "leveraged_fund_net_short_10y_equiv": -g["leveraged_fund_net_10y_equiv"].sum(min_count=1),
        "asset_manager_long_usd_bn": g["asset_manager_long_usd_bn"].sum(min_count=1),
        "asset_manager_net_usd_bn": g["asset_manager_net_usd_bn"].sum(min_count=1),
        "contracts_reported": g["code"].nunique(),
    })
    df.index.name = "date"
    weekly = df.index.to_series().diff() == pd.Timedelta(days=7)
    df["leveraged_fund_short_weekly_change_usd_bn"] = df["leveraged_fund_short_usd_bn"].diff().where(weekly)
    df["leveraged_fund_short_pctile"] = expanding_percentile(df["leveraged_fund_short_usd_bn"])
    df["leveraged_fund_net_short_dv01_pctile"] = expanding_percentile(df["leveraged_fund_net_short_dv01_usd_mn"])
    return df


def tenor_share(pos: pd.DataFrame) -> pd.DataFrame:
    """Share of leveraged funds' gross short by contract, percent of the total: by face and by DV01.

    Columns ``<tenor>_face_pct`` and ``<tenor>_dv01_pct`` per report date."""
    face = pos.pivot_table(index="date", columns="tenor", values="leveraged_fund_short_usd_bn", aggfunc="sum")
    dv = pos.pivot_table(index="date", columns="tenor", values="leveraged_fund_short_dv01_usd_mn", aggfunc="sum")
    order = [c.tenor for c in UST_CONTRACTS.values() if c.tenor in face.columns]
    f = face[order].div(face[order].sum(axis=1), axis=0) * 100
    d = dv[order].div(dv[order].sum(axis=1), axis=0) * 100
    out = pd.concat([f.add_suffix("_face_pct"), d.add_suffix("_dv01_pct")], axis=1).round(3)
    out.columns.name = None
    out.index.name = "date"
    return out


# ---------------------------------------------------------------------------- store readers
_FIELDS = {"LEV_LONG": "LEV_MONEY.LONG", "LEV_SHORT": "LEV_MONEY.SHORT", "LEV_SPREAD": "LEV_MONEY.SPREAD",
           "AM_LONG": "ASSET_MGR.LONG", "AM_SHORT": "ASSET_MGR.SHORT", "OI": "OI"}


def read_tff(data: Data) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """The TFF inputs from the store as a tidy table (and the raw frames, for provenance)."""
    present = set(data.ids("CFTC.TFF."))
    wanted = {code: {k: f"CFTC.TFF.{code}.{v}" for k, v in _FIELDS.items() if f"CFTC.TFF.{code}.{v}" in present}
              for code in UST_CONTRACTS}
    # whole history: weekly changes and percentiles need the weeks before --start; views cut to start after
    got = data.many([sid for ids in wanted.values() for sid in ids.values()], full_history=True)
    frames, raws = {}, []
    for code, ids in wanted.items():
        if "LEV_SHORT" not in ids:
            continue
        raw = pd.DataFrame({k: got[v] for k, v in ids.items()})
        raw.attrs["provenance"] = {v: got[v].attrs["provenance"] for v in ids.values()}
        frames[code] = raw
        raws.append(raw)
    if not frames:
        data.require(f"CFTC.TFF.{TEN_YEAR_CODE}.LEV_MONEY.SHORT")
    return tidy_tff(frames), raws


_UNITS_POS = {
    "leveraged_fund_long": "contracts", "leveraged_fund_short": "contracts", "leveraged_fund_net": "contracts",
    "leveraged_fund_spread": "contracts", "asset_manager_long": "contracts", "asset_manager_short": "contracts",
    "asset_manager_net": "contracts", "open_interest": "contracts", "face_value_usd": "usd",
    "contract_dv01_usd": "usd", "leveraged_fund_net_10y_equiv": "contracts",
    "leveraged_fund_net_weekly_change": "contracts", "leveraged_fund_short_weekly_change": "contracts",
    "leveraged_fund_short_pctile": "pct",
}
_METHOD = (f"Face notional = contracts x face value. DV01 per contract from a synthetic par CTD "
           f"(coupon = yield = {DEFAULT_YIELD_PCT}%, maturity = typical CTD maturity per contract) / its CME "
           "conversion factor; 10-year equivalents in 10-year (TY) contracts. Percentiles use history up to each week.")


def contracts(data: Data) -> pd.DataFrame:
    """Leveraged funds' long, short and net by contract: contracts, $bn face, DV01, 10y equivalents."""
    tff, raws = read_tff(data)
    pos = contract_positioning(tff)
    if data.start is not None:
        pos = pos[pos["date"] >= data.start].reset_index(drop=True)
    units = dict(_UNITS_POS)
    units.update({c: "usd_bn" for c in pos.columns if c.endswith("_usd_bn")})
    units.update({c: "usd_mn" for c in pos.columns if c.endswith("_usd_mn")})
    out = finish(pos, *raws, units=units,
                 description="CFTC TFF (futures only), Treasury futures: leveraged funds and asset managers by contract, "
                             "as of Tuesday report dates. Source: U.S. Commodity Futures Trading Commission.",
                 method=_METHOD)
    return _with_sample(out, tff["date"])


def totals_view(data: Data) -> pd.DataFrame:
    """Leveraged funds across contracts: gross short ($bn face, all and 2/5/10y), net, DV01, percentiles."""
    tff, raws = read_tff(data)
    df = totals(contract_positioning(tff))
    if data.start is not None:
        df = df.loc[data.start:]
    units = {c: ("usd_bn" if c.endswith("_usd_bn") else "usd_mn" if c.endswith("_usd_mn") else
                 "pct" if c.endswith("pctile") else "contracts") for c in df.columns}
    out = finish(df, *raws, units=units,
                 description="Leveraged funds' Treasury futures positioning summed across the six CBOT contracts "
                             "(2/5/10-year column: the contracts the Fed/OFR basis-trade notes add up); asset "
                             "managers' long is the other side. Source: CFTC Traders in Financial Futures.",
                 method=_METHOD)
    return _with_sample(out, tff["date"])


def tenor_share_view(data: Data) -> pd.DataFrame:
    """Share of leveraged funds' gross short by contract, % of face and % of DV01."""
    tff, raws = read_tff(data)
    df = tenor_share(contract_positioning(tff))
    if data.start is not None:
        df = df.loc[data.start:]
    out = finish(df, *raws, units={c: "pct" for c in df.columns},
                 description="Leveraged funds' gross short Treasury futures by contract, percent of the total "
                             "(face value and DV01). Source: CFTC Traders in Financial Futures.",
                 method=_METHOD)
    return _with_sample(out, tff["date"])


def net_short_by_tenor(data: Data) -> pd.DataFrame:
    """Leveraged funds' net short ($bn face, short minus long) by contract tenor, one column per tenor, and the
    ``total`` across contracts, per report date (:func:`contracts` wide)."""
    pos = contracts(data)
    wide = -pos.pivot_table(index="date", columns="tenor", values="leveraged_fund_net_usd_bn", aggfunc="sum")
    wide.index = pd.DatetimeIndex(wide.index, name="date")
    wide.columns.name = None
    wide["total"] = wide.sum(axis=1, min_count=1)
    wide.attrs = dict(pos.attrs)
    wide.attrs["units"] = {c: "usd_bn" for c in wide.columns}
    return wide


VIEWS = OrderedDict([("totals", totals_view), ("contracts", contracts), ("tenor_share", tenor_share_view),
                     ("net-short-by-tenor", net_short_by_tenor)])
SUMMARY = "Leveraged funds' Treasury futures positioning (CFTC TFF): the basis trade."
