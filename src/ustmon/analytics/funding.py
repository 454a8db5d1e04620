"""Funding: SOFR against the Fed's administered rates, ON RRP, reserves, the TGA
and standing repo usage.

Inputs (FRED unless stated):

* ``SOFR`` (percent, business days; Federal Reserve Bank of New York), or
  ``NYFED.SOFR`` from the NY Fed Markets API when FRED's copy is absent;
* ``IORB`` interest on reserve balances (percent, every calendar day, from
  2021-07-29; Federal Reserve Board);
* the ON RRP offering (award) rate: ``NYFED.RRP.RATE`` (NY Fed operation
  results) when present; otherwise **derived from IORB** as the FOMC set it in
  its implementation notes: the ON RRP rate was 10 bp below IORB from June 2021
  (IORB 0.15%, ON RRP 0.05%; e.g. the 2024-09-18 note: IORB 4.90%, ON RRP
  4.80%) until 2024-12-18, and 15 bp below IORB from 2024-12-19, when the
  FOMC set the ON RRP rate at the bottom of the target range (2024-12-18
  implementation note: range 4.25-4.50%, IORB 4.40%, ON RRP 4.25%).  See
  :data:`ONRRP_BELOW_IORB_BP`; the ``onrrp_rate_source`` column says which was used;
* ``RRPONTSYD`` ON RRP take-up ($bn, daily; NY Fed), ``WRESBAL`` reserve
  balances ($mn, week average, H.4.1), ``WALCL`` Fed total assets ($mn,
  Wednesday), ``TOTBKCR`` bank credit of all commercial banks ($bn, weekly, H.8:
  the nearest public proxy for bank assets in the store), ``GDP`` ($bn SAAR,
  quarterly, BEA), ``WTREGEN`` the Treasury General Account ($mn, week
  average), and standing repo usage ``RPONTSYD`` ($bn) or
  ``NYFED.SRF.TOTAL_ACCEPTED`` ($bn) when present.

Spreads are in basis points and rounded to 0.01 bp (rates are published to 2
decimals, so spreads are whole basis points).
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd

from ..units import conversion_factor
from ..results import carry
from .base import Data, finish

#: (first effective date, ON RRP rate minus IORB in bp): FOMC implementation notes
ONRRP_BELOW_IORB_BP: list[tuple[str, float]] = [
    ("2021-06-17", -10.0),  # June 2021 technical adjustment: IOER 0.15%, ON RRP 0.05%
    ("2024-12-19", -15.0),  # Dec 2024: ON RRP at the bottom of the range, IORB 15 bp above it
]


# ---------------------------------------------------------------------------- pure functions
def onrrp_rate_from_iorb(iorb: pd.Series) -> pd.Series:
    """The administered ON RRP offering rate (percent) implied by IORB and :data:`ONRRP_BELOW_IORB_BP`."""
    iorb = iorb.dropna()
    adj = pd.Series(np.nan, index=iorb.index)
    for start, bp in ONRRP_BELOW_IORB_BP:
        adj[iorb.index >= pd.Timestamp(start)] = bp
    return (iorb + adj / 100.0).round(4).dropna().rename("onrrp_rate")


def funding_spreads(sofr: pd.Series, iorb: pd.Series, onrrp_rate: pd.Series | None = None) -> pd.DataFrame:
    """SOFR against IORB and the ON RRP rate, on SOFR's publication days.

    Columns: ``sofr``, ``iorb``, ``onrrp_rate`` (percent), ``onrrp_rate_source``
    (``nyfed`` = NY Fed award rate, ``derived`` = from IORB),
    ``sofr_minus_iorb_bp``, ``sofr_minus_onrrp_bp`` (bp), ``sofr_above_iorb`` (bool)."""
    s = sofr.dropna()
    df = pd.DataFrame({"sofr": s})
    # IORB is a step series on calendar days: take the value in force that day
    ib = iorb.dropna()
    if ib.empty:
        df["iorb"] = np.nan
    else:
        df["iorb"] = ib.reindex(ib.index.union(s.index)).ffill().reindex(s.index)
        df.loc[df.index > ib.index.max(), "iorb"] = np.nan  # never carry IORB past its last print
    derived = onrrp_rate_from_iorb(df["iorb"])
    rate = derived.reindex(df.index)
    src = pd.Series(np.where(rate.notna(), "derived", None), index=df.index, dtype="object")
    if onrrp_rate is not None and not onrrp_rate.dropna().empty:
        ny = onrrp_rate.dropna().reindex(df.index)
        src = src.where(ny.isna(), "nyfed")
        rate = ny.combine_first(rate)
    df["onrrp_rate"] = rate
    df["onrrp_rate_source"] = src
    df["sofr_minus_iorb_bp"] = ((df["sofr"] - df["iorb"]) * 100).round(2)
    df["sofr_minus_onrrp_bp"] = ((df["sofr"] - df["onrrp_rate"]) * 100).round(2)
    df["sofr_above_iorb"] = df["sofr_minus_iorb_bp"] > 0
    df.index.name = "date"
    return df


def days_above_iorb(spreads: pd.DataFrame, freq: str = "M") -> pd.DataFrame:
    """Days SOFR printed above IORB per month (``freq="M"``) or year (``"Y"``).

    Columns: ``days_above_iorb``, ``days`` (SOFR prints with an IORB in force),
    ``share_above_pct``, ``max_sofr_minus_iorb_bp``, ``mean_sofr_minus_iorb_bp``.
    Periods are labelled by their first day."""
    d = spreads.dropna(subset=["sofr_minus_iorb_bp"])
    key = d.index.to_period("M" if freq.upper().startswith("M") else "Y")
    g = d.groupby(key)["sofr_minus_iorb_bp"]
    out = pd.DataFrame({
        "days_above_iorb": g.apply(lambda x: int((x > 0).sum())),
        "days": g.size(),
        "max_sofr_minus_iorb_bp": g.max(),
        "mean_sofr_minus_iorb_bp": g.mean().round(2),
    })
    out["share_above_pct"] = (out["days_above_iorb"] / out["days"] * 100).round(2)
    out.index = out.index.to_timestamp()
    out.index.name = "date"
    return out[["days_above_iorb", "days", "share_above_pct", "max_sofr_minus_iorb_bp", "mean_sofr_minus_iorb_bp"]]


def _weekly(s: pd.Series, how: str = "last") -> pd.Series:
    """To weeks ending Wednesday (H.4.1 convention): the last value or the mean of the week."""
    s = s.dropna()
    if s.empty:
        return s
    r = s.resample("W-WED")
    return r.last() if how == "last" else r.mean()


def liquidity(onrrp_bn: pd.Series | None = None, reserves_mn: pd.Series | None = None,
              fed_assets_mn: pd.Series | None = None, bank_credit_bn: pd.Series | None = None,
              gdp_bn_saar: pd.Series | None = None, tga_mn: pd.Series | None = None,
              standing_repo_bn: pd.Series | None = None) -> pd.DataFrame:
    """Weekly (Wednesday) liquidity table in $bn, and reserves relative to assets and GDP.

    Columns (present when the input is): ``onrrp_usd_bn`` (ON RRP take-up on the
    week's last operation day), ``onrrp_week_avg_usd_bn``, ``reserves_usd_bn``
    (week average), ``fed_assets_usd_bn``, ``reserves_pct_fed_assets``,
    ``reserves_pct_bank_credit``, ``reserves_pct_gdp`` (against the latest
    published quarterly GDP, SAAR), ``tga_usd_bn`` (week average),
    ``standing_repo_usd_bn`` (week total of standing repo take-up)."""
    cols: dict[str, pd.Series] = {}
    if onrrp_bn is not None:
        cols["onrrp_usd_bn"] = _weekly(onrrp_bn, "last")
        cols["onrrp_week_avg_usd_bn"] = _weekly(onrrp_bn, "mean")
    if reserves_mn is not None:
        cols["reserves_usd_bn"] = _weekly(reserves_mn, "last") / 1000.0
    if fed_assets_mn is not None:
        cols["fed_assets_usd_bn"] = _weekly(fed_assets_mn, "last") / 1000.0
    if tga_mn is not None:
        cols["tga_usd_bn"] = _weekly(tga_mn, "last") / 1000.0
    if standing_repo_bn is not None:
        sr = standing_repo_bn.dropna()
        cols["standing_repo_usd_bn"] = sr.resample("W-WED").sum() if not sr.empty else sr
    df = pd.DataFrame(cols)
    if "reserves_usd_bn" in df:
        if "fed_assets_usd_bn" in df:
            df["reserves_pct_fed_assets"] = (df["reserves_usd_bn"] / df["fed_assets_usd_bn"] * 100).round(3)
        if bank_credit_bn is not None and not bank_credit_bn.dropna().empty:
            bc = _weekly(bank_credit_bn, "last").reindex(df.index.union(_weekly(bank_credit_bn).index)).ffill(limit=2)
            df["reserves_pct_bank_credit"] = (df["reserves_usd_bn"] / bc.reindex(df.index) * 100).round(3)
        if gdp_bn_saar is not None and not gdp_bn_saar.dropna().empty:
            # GDP is dated the first day of its quarter but published about a month after it ends:
            # use a quarter's GDP from the day after the quarter ends (no look-ahead by more than the release lag)
            g = gdp_bn_saar.dropna()
            g.index = g.index + pd.offsets.QuarterEnd(0) + pd.Timedelta(days=1)
            gg = g.reindex(df.index.union(g.index)).ffill().reindex(df.index)
            df["reserves_pct_gdp"] = (df["reserves_usd_bn"] / gg * 100).round(3)
    df = df.dropna(how="all")
    df.index.name = "date"
    return df


# ---------------------------------------------------------------------------- store readers
def _in(data: Data, sid: str, unit: str) -> pd.Series | None:
    """A series in ``unit`` (converted from its catalog unit), or None when not in the store."""
    if not data.has(sid):
        return None
    s = data.series(sid)
    u = s.attrs.get("provenance", {}).get("unit")
    if u and u != unit:
        f = conversion_factor(u, unit, series_id=sid)
        s = carry(s, s * f)
    return s


def _sofr(data: Data) -> pd.Series:
    s = _in(data, "SOFR", "pct")
    if s is None:
        s = _in(data, "NYFED.SOFR", "pct")
    if s is None:
        data.require("SOFR")
    return s


def spreads(data: Data) -> pd.DataFrame:
    """SOFR minus IORB and minus the ON RRP rate, bp, daily."""
    sofr = _sofr(data)
    iorb = _in(data, "IORB", "pct")
    if iorb is None:
        data.require("IORB")
    ny = _in(data, "NYFED.RRP.RATE", "pct")
    df = funding_spreads(sofr, iorb, ny)
    df = df[df["iorb"].notna()]
    if data.start is not None:
        df = df.loc[data.start:]
    inputs = [x for x in (sofr, iorb, ny) if x is not None]
    return finish(df, *inputs,
                  units={"sofr": "pct", "iorb": "pct", "onrrp_rate": "pct", "sofr_minus_iorb_bp": "bp",
                         "sofr_minus_onrrp_bp": "bp"},
                  description="SOFR against interest on reserve balances and the ON RRP offering rate. "
                              "Source: Federal Reserve Bank of New York (SOFR, ON RRP); Federal Reserve Board (IORB).",
                  method="ON RRP rate: NY Fed award rate where present, else IORB - 10 bp (2021-06-17..2024-12-18) "
                         "and IORB - 15 bp (from 2024-12-19), per the FOMC implementation notes.")


def above_iorb(data: Data) -> pd.DataFrame:
    """Days SOFR printed above IORB, per month."""
    sp = spreads(data)
    df = days_above_iorb(sp, "M")
    return finish(df, sp, units={"days_above_iorb": "days", "days": "days", "share_above_pct": "pct",
                                 "max_sofr_minus_iorb_bp": "bp", "mean_sofr_minus_iorb_bp": "bp"},
                  description="Business days on which SOFR printed above IORB, by month (SOFR publication days "
                              "with an IORB in force, from 2021-07-29).")


def above_iorb_yearly(data: Data) -> pd.DataFrame:
    """Days SOFR printed above IORB, per year."""
    sp = spreads(data)
    df = days_above_iorb(sp, "Y")
    return finish(df, sp, units={"days_above_iorb": "days", "days": "days", "share_above_pct": "pct",
                                 "max_sofr_minus_iorb_bp": "bp", "mean_sofr_minus_iorb_bp": "bp"},
                  description="Business days on which SOFR printed above IORB, by calendar year.")


def liquidity_view(data: Data) -> pd.DataFrame:
    """ON RRP, reserves (level, % of Fed assets, bank credit and GDP), TGA and standing repo, weekly $bn."""
    ins = {
        "onrrp_bn": _in(data, "RRPONTSYD", "usd_bn"),
        "reserves_mn": _in(data, "WRESBAL", "usd_mn"),
        "fed_assets_mn": _in(data, "WALCL", "usd_mn"),
        "bank_credit_bn": _in(data, "TOTBKCR", "usd_bn"),
        "gdp_bn_saar": _in(data, "GDP", "usd_bn_saar"),
        "tga_mn": _in(data, "WTREGEN", "usd_mn"),
        "standing_repo_bn": _in(data, "RPONTSYD", "usd_bn"),
    }
    if ins["standing_repo_bn"] is None:
        ins["standing_repo_bn"] = _in(data, "NYFED.SRF.TOTAL_ACCEPTED", "usd_bn")
    df = liquidity(**ins)
    if data.start is not None:
        df = df.loc[data.start:]
    units = {c: ("pct" if "_pct_" in c else "usd_bn") for c in df.columns}
    return finish(df, *[v for v in ins.values() if v is not None], units=units,
                  description="Weekly (weeks ending Wednesday): ON RRP take-up, reserve balances, Fed total assets, "
                              "TGA, standing repo take-up; reserves as % of Fed assets, of commercial-bank credit "
                              "(H.8 TOTBKCR) and of nominal GDP (SAAR, latest published quarter).")


def _daily(data: Data, cols: dict[str, str], units: str, description: str) -> pd.DataFrame:
    """Store series side by side, as stored (no resampling): ``{"on_rrp_bn": "RRPONTSYD"}``."""
    raw = data.frame(list(cols.values()))
    df = pd.DataFrame({c: raw[sid] for c, sid in cols.items()})
    df.index = pd.DatetimeIndex(df.index, name="date")
    return finish(df, raw, units={c: units for c in cols}, description=description)


def stress(data: Data) -> pd.DataFrame:
    """OFR Financial Stress Index and its volatility component; the Chicago Fed NFCI beside them when stored."""
    cols = {"fsi": "OFR.FSI", "fsi_volatility": "OFR.FSI.VOLATILITY"}
    if data.has("NFCI"):
        cols["nfci"] = "NFCI"
    return _daily(data, cols, "index",
                  "OFR Financial Stress Index (0 = average stress) and its volatility contribution, daily; Chicago "
                  "Fed NFCI (weekly, 0 = average, positive = tighter) when stored.")


def on_rrp(data: Data) -> pd.DataFrame:
    """Overnight reverse repo take-up, daily $bn (FRED RRPONTSYD)."""
    return _daily(data, {"on_rrp_bn": "RRPONTSYD"}, "usd_bn",
                  "Overnight reverse repurchase agreements: Treasury securities sold by the Fed, daily $bn (RRPONTSYD).")


def standing_repo(data: Data) -> pd.DataFrame:
    """Standing repo facility take-up, daily $bn (FRED RPONTSYD)."""
    return _daily(data, {"standing_repo_bn": "RPONTSYD"}, "usd_bn",
                  "Repurchase agreements: Treasury securities purchased by the Fed (standing repo), daily $bn (RPONTSYD).")


VIEWS = OrderedDict(
    [("spreads", spreads), ("above_iorb", above_iorb), ("above_iorb_yearly", above_iorb_yearly),
     ("liquidity", liquidity_view), ("stress", stress), ("on-rrp", on_rrp), ("standing-repo", standing_repo)]
)
SUMMARY = "SOFR vs IORB and ON RRP, RRP, reserves, TGA, standing repo."
