"""The Treasury curve: yields by tenor, 2s10s and 3m10s, inversion spells,
"highest/lowest since" annotations and realised (and user-supplied implied) volatility.

Inputs (all percent, daily, business days):

* FRED H.15 constant-maturity yields ``DGS1MO`` .. ``DGS30`` (Federal Reserve
  Board H.15 via FRED), and FRED's own spreads ``T10Y2Y`` (= DGS10 - DGS2) and
  ``T10Y3M`` (= DGS10 - DGS3MO), percentage points;
* Treasury's Daily Par Yield Curve ``UST.PAR.<tenor>`` (Treasury Office of
  Debt Management).  H.15 CMT yields *are* read off this curve, so the two
  agree to the published 2 decimals on common dates.

Spreads are computed from the yields (``spread_10y_2y_pp`` = DGS10 - DGS2) and
shown next to FRED's published series, so a gap between the two flags a data
problem rather than being hidden.

Volatility: realised volatility of daily yield *changes* in basis points,
annualised with sqrt(252) (the usual "normal" or bp vol of a rates desk; MOVE is
quoted in the same units).  Changes are taken between consecutive published
closes (a holiday is skipped, not a zero change).  Rolling windows of 21, 63
and 252 observations (~1, 3 and 12 months).  The implied-volatility index MOVE
(ICE BofA) is proprietary and never bundled: :func:`load_implied_vol` reads a
file the user supplies, and the ``volatility`` view adds it when the
environment variable ``USTMON_MOVE_FILE`` names such a file.
"""

from __future__ import annotations

import io
import os
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd

from ..conventions.input_sets import FX_HEDGE
from ..results import carry
from .base import Data, finish

#: tenor label -> (FRED H.15 id, Treasury par-curve id or None)
TENORS: "OrderedDict[str, tuple[str, str | None]]" = OrderedDict(
    [
        ("1m", ("DGS1MO", "UST.PAR.1M")),
        ("3m", ("DGS3MO", "UST.PAR.3M")),
        ("6m", ("DGS6MO", "UST.PAR.6M")),
        ("1y", ("DGS1", "UST.PAR.1Y")),
        ("2y", ("DGS2", "UST.PAR.2Y")),
        ("3y", ("DGS3", "UST.PAR.3Y")),
        ("5y", ("DGS5", "UST.PAR.5Y")),
        ("7y", ("DGS7", "UST.PAR.7Y")),
        ("10y", ("DGS10", "UST.PAR.10Y")),
        ("20y", ("DGS20", "UST.PAR.20Y")),
        ("30y", ("DGS30", "UST.PAR.30Y")),
    ]
)

#: rolling windows (observations) for realised volatility: ~1, 3 and 12 months
VOL_WINDOWS = (21, 63, 252)
#: business days per year used to annualise daily bp changes
PERIODS_PER_YEAR = 252


# ---------------------------------------------------------------------------- pure functions
def combine_yields(fred: pd.DataFrame, par: pd.DataFrame | None = None) -> pd.DataFrame:
    """Yields by tenor (columns ``1m`` .. ``30y``, percent): H.15 first, the par
    curve filling dates or tenors H.15 lacks (e.g. the par file's newest days).

    ``fred`` and ``par`` have the tenor labels as columns."""
    out = fred.copy()
    if par is not None and not par.empty:
        out = out.combine_first(par)
    cols = [t for t in TENORS if t in out.columns]
    return out[cols].dropna(how="all")


def curve_spreads(y10: pd.Series, y2: pd.Series, y3m: pd.Series,
                  fred_10y2y: pd.Series | None = None, fred_10y3m: pd.Series | None = None) -> pd.DataFrame:
    """2s10s and 3m10s in percentage points, computed from the yields, next to FRED's series.

    Columns: ``yield_2y``, ``yield_10y``, ``yield_3m`` (pct), ``spread_10y_2y_pp``,
    ``spread_10y_3m_pp`` (pp), ``fred_t10y2y_pp``, ``fred_t10y3m_pp`` (pp, as
    published), ``spread_10y_2y_bp``, ``spread_10y_3m_bp`` (bp)."""
    df = pd.DataFrame({"yield_3m": y3m, "yield_2y": y2, "yield_10y": y10})
    # round to the published 2 decimals: 4.58 - 4.25 must be 0.33, not 0.32999999
    df["spread_10y_2y_pp"] = (df["yield_10y"] - df["yield_2y"]).round(4)
    df["spread_10y_3m_pp"] = (df["yield_10y"] - df["yield_3m"]).round(4)
    if fred_10y2y is not None:
        df["fred_t10y2y_pp"] = fred_10y2y
    if fred_10y3m is not None:
        df["fred_t10y3m_pp"] = fred_10y3m
    df["spread_10y_2y_bp"] = (df["spread_10y_2y_pp"] * 100).round(2)
    df["spread_10y_3m_bp"] = (df["spread_10y_3m_pp"] * 100).round(2)
    df = df.dropna(how="all")
    df.index.name = "date"
    return df


def inversion_spells(spread: pd.Series, *, merge_gap: int = 10, min_length: int = 1) -> pd.DataFrame:
    """Spells of a curve spread below zero.

    A spell starts at the first negative close and ends at the last negative
    close; closes at or above zero for at most ``merge_gap`` consecutive
    observations inside a spell do not end it (the 2s10s flirted with zero
    for days in August-September 2024 before it un-inverted for good).  A zero
    close is not an inversion.  Spells with fewer than ``min_length`` negative
    closes are dropped.

    Columns: ``start``, ``end`` (dates of the first and last negative close),
    ``length_days`` (calendar days, end - start + 1), ``negative_closes``
    (count), ``deepest`` (the most negative close, in the spread's units),
    ``deepest_date``, ``first_positive_after`` (the next close above zero, NaT
    if none yet), ``ongoing`` (the latest close is in the spell)."""
    s = spread.dropna()
    cols = ["start", "end", "length_days", "negative_closes", "deepest", "deepest_date",
            "first_positive_after", "ongoing"]
    if s.empty:
        return pd.DataFrame(columns=cols)
    neg = (s.to_numpy() < 0)
    idx = np.flatnonzero(neg)
    if len(idx) == 0:
        return pd.DataFrame(columns=cols)
    # split the negative positions where the gap of non-negative closes exceeds merge_gap
    breaks = np.flatnonzero(np.diff(idx) - 1 > merge_gap)
    starts = np.r_[idx[0], idx[breaks + 1]]
    ends = np.r_[idx[breaks], idx[-1]]
    vals = s.to_numpy()
    dates = s.index
    rows = []
    for a, b in zip(starts, ends):
        seg = vals[a:b + 1]
        n_neg = int((seg < 0).sum())
        if n_neg < min_length:
            continue
        k = a + int(np.argmin(seg))
        after = np.flatnonzero(vals[b + 1:] > 0)
        rows.append({
            "start": dates[a], "end": dates[b],
            "length_days": int((dates[b] - dates[a]).days) + 1,
            "negative_closes": n_neg,
            "deepest": float(vals[k]), "deepest_date": dates[k],
            "first_positive_after": dates[b + 1 + after[0]] if len(after) else pd.NaT,
            "ongoing": b == len(vals) - 1,
        })
    return pd.DataFrame(rows, columns=cols)


def highest_lowest_since(s: pd.Series, at: pd.Timestamp | str | None = None) -> dict:
    """For the value on ``at`` (default the latest), the last earlier date the
    series was at least as high ("highest since") and at least as low ("lowest
    since").  NaT means a record: never that high (or low) before in the data.

    Returns ``{"date", "value", "highest_since", "highest_since_value",
    "lowest_since", "lowest_since_value", "rank_pct"}`` where ``rank_pct`` is the
    percentile of the value in the history up to that date."""
    s = s.dropna()
    if at is not None:
        s = s.loc[:pd.Timestamp(at)]
    if s.empty:
        return {"date": pd.NaT, "value": np.nan, "highest_since": pd.NaT, "highest_since_value": np.nan,
                "lowest_since": pd.NaT, "lowest_since_value": np.nan, "rank_pct": np.nan}
    v = float(s.iloc[-1])
    hist = s.iloc[:-1]
    hi = hist[hist.to_numpy() >= v]
    lo = hist[hist.to_numpy() <= v]
    return {
        "date": s.index[-1], "value": v,
        "highest_since": hi.index[-1] if len(hi) else pd.NaT,
        "highest_since_value": float(hi.iloc[-1]) if len(hi) else np.nan,
        "lowest_since": lo.index[-1] if len(lo) else pd.NaT,
        "lowest_since_value": float(lo.iloc[-1]) if len(lo) else np.nan,
        "rank_pct": float((s.to_numpy() <= v).mean() * 100),
    }


def since_table(frame: pd.DataFrame, at=None) -> pd.DataFrame:
    """:func:`highest_lowest_since` for every column of ``frame`` (one row per column, ``series``)."""
    rows = [{"series": c, **highest_lowest_since(frame[c], at)} for c in frame.columns]
    return pd.DataFrame(rows)


def realised_vol_bp(yields: pd.DataFrame, windows=VOL_WINDOWS, periods_per_year: int = PERIODS_PER_YEAR) -> pd.DataFrame:
    """Realised volatility of daily yield changes, bp annualised, per tenor and window.

    ``yields`` in percent, one column per tenor.  Output columns
    ``<tenor>_<window>d`` (e.g. ``10y_63d``), bp per year:
    std(daily change in bp over the last ``window`` changes) x sqrt(periods_per_year).
    Changes are between consecutive published closes of each tenor."""
    out = {}
    for c in yields.columns:
        ch = yields[c].dropna().diff().mul(100.0)  # percent -> bp
        for w in windows:
            out[f"{c}_{w}d"] = ch.rolling(w, min_periods=w).std() * np.sqrt(periods_per_year)
    df = pd.DataFrame(out).dropna(how="all")
    df.index.name = "date"
    return df


def load_implied_vol(source, name: str = "MOVE") -> pd.Series:
    """A user-supplied implied-volatility index (e.g. ICE BofA MOVE, bp) as a Series.

    ``source`` is a Series (returned renamed and sorted) or a path / text of a
    CSV: either ``date,value`` or a terminal export with metadata lines before a
    header whose first field is ``Date`` (the value column is ``PX_LAST`` when
    present, else the second column).  ``#N/A`` cells are missing.  Dates may be
    ISO or ``M/D/YY``.  Nothing is bundled with ustmon: MOVE is proprietary."""
    if isinstance(source, pd.Series):
        s = source.astype("float64").sort_index()
        s.index = pd.DatetimeIndex(s.index, name="date")
        return s.rename(name)
    text = Path(source).read_text(encoding="utf-8-sig") if not (isinstance(source, str) and "\n" in source) else source
    lines = text.lstrip("\ufeff").splitlines()
    hdr = next((i for i, ln in enumerate(lines) if ln.split(",")[0].strip().strip('"').lower() == "date"), None)
    if hdr is None:
        raise ValueError("no header line starting with 'Date' in the implied-volatility file")
    df = pd.read_csv(io.StringIO("\n".join(lines[hdr:])), na_values=["#N/A N/A", "#N/A", ""], skip_blank_lines=True)
    df.columns = [str(c).strip() for c in df.columns]
    vcol = "PX_LAST" if "PX_LAST" in df.columns else df.columns[1]
    d = df.iloc[:, 0].astype(str).str.strip()
    iso = d.str.match(r"^\d{4}-\d{2}-\d{2}")
    dates = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    dates[iso] = pd.to_datetime(d[iso], format="%Y-%m-%d", errors="coerce")
    # M/D/YY: two-digit years; %y maps 69-99 to 19xx and 00-68 to 20xx (MOVE starts 1988)
    short = ~iso & d.str.match(r"^\d{1,2}/\d{1,2}/\d{2}$")
    dates[short] = pd.to_datetime(d[short], format="%m/%d/%y", errors="coerce")
    rest = ~iso & ~short
    dates[rest] = pd.to_datetime(d[rest], format="%m/%d/%Y", errors="coerce")
    s = pd.Series(pd.to_numeric(df[vcol], errors="coerce").to_numpy(), index=pd.DatetimeIndex(dates, name="date"))
    s = s[s.index.notna()].dropna().sort_index()
    s = s[~s.index.duplicated(keep="last")]
    return s.rename(name)


def vol_table(realised: pd.DataFrame, implied: pd.Series | None = None, tenor: str = "10y") -> pd.DataFrame:
    """Realised bp vol of one tenor (all windows) beside an implied index and their gap.

    Columns ``<tenor>_<w>d`` (bp/yr), and with ``implied``: ``implied_vol_bp``
    (the index as published, bp) and ``implied_minus_realised_<w>d`` for the
    1-month window (the implied index is a 1-month measure)."""
    cols = [c for c in realised.columns if c.startswith(f"{tenor}_")]
    df = realised[cols].copy()
    if implied is not None:
        df = df.join(implied.rename("implied_vol_bp"), how="outer")
        w = f"{tenor}_{VOL_WINDOWS[0]}d"
        if w in df:
            df[f"implied_minus_realised_{VOL_WINDOWS[0]}d"] = df["implied_vol_bp"] - df[w]
    return df.dropna(how="all")


# ---------------------------------------------------------------------------- store readers
def _frame(data: Data, ids: list[str]) -> pd.DataFrame:
    """Like ``data.frame(ids, optional=True)``, without copying ``.attrs`` on every column."""
    got = data.many(ids, optional=True)
    # build from bare values: pandas deep-copies .attrs on every operation
    df = pd.DataFrame({sid: pd.Series(x.to_numpy(), index=x.index) for sid, x in got.items()}) if got else pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    df.index.name = "date"
    df.attrs["provenance"] = {sid: s.attrs["provenance"] for sid, s in got.items()}
    return df


def _tenor_frame(data: Data, ids: dict[str, str]) -> pd.DataFrame:
    raw = _frame(data, list(ids.values()))
    return carry(raw, raw.rename(columns={v: k for k, v in ids.items()}))


def _fred_yields(data: Data) -> pd.DataFrame:
    return _tenor_frame(data, {t: f for t, (f, _) in TENORS.items()})


def _par_yields(data: Data) -> pd.DataFrame:
    return _tenor_frame(data, {t: p for t, (_, p) in TENORS.items() if p})


def yields(data: Data) -> pd.DataFrame:
    """Yields by tenor, percent (H.15 CMT; Treasury par curve where H.15 is missing)."""
    fred, par = _fred_yields(data), _par_yields(data)
    df = combine_yields(fred, par)
    df.index.name = "date"
    return finish(df, fred, par, units={c: "pct" for c in df.columns},
                  description="Treasury yields by tenor, percent: H.15 constant maturity (FRED DGS*), "
                              "Treasury daily par yield curve where H.15 has no value.")


def spreads(data: Data) -> pd.DataFrame:
    """2s10s and 3m10s spreads (pp and bp), computed from DGS10/DGS2/DGS3MO, next to FRED T10Y2Y/T10Y3M."""
    f = _frame(data, ["DGS10", "DGS2", "DGS3MO", "T10Y2Y", "T10Y3M"])
    col = lambda c: f[c] if c in f else pd.Series(dtype="float64")  # noqa: E731
    df = curve_spreads(col("DGS10"), col("DGS2"), col("DGS3MO"),
                       f["T10Y2Y"] if "T10Y2Y" in f else None, f["T10Y3M"] if "T10Y3M" in f else None)
    units = {c: ("pct" if c.startswith("yield") else "bp" if c.endswith("_bp") else "pp") for c in df.columns}
    return finish(df, f, units=units,
                  description="10y-2y and 10y-3m Treasury spreads computed from H.15 yields; FRED's "
                              "T10Y2Y/T10Y3M (same definition) shown for comparison.")


def inversions(data: Data) -> pd.DataFrame:
    """Inversion spells of 10y-2y and 10y-3m: start, end, length, deepest point."""
    sp = spreads(data)
    parts = []
    for col, label in (("spread_10y_2y_pp", "10y-2y"), ("spread_10y_3m_pp", "10y-3m")):
        t = inversion_spells(sp[col])
        t.insert(0, "spread", label)
        parts.append(t)
    df = pd.concat(parts, ignore_index=True)
    return finish(df, sp, units={"deepest": "pp", "length_days": "days", "negative_closes": "count"},
                  description="Spells of negative 10y-2y / 10y-3m closes (H.15 yields). A spell runs from the first "
                              "to the last negative close; up to 10 non-negative closes inside do not end it.",
                  method="inversion_spells(merge_gap=10): zero closes are not inversions.")


def since(data: Data) -> pd.DataFrame:
    """'Highest/lowest since' for the latest yields and spreads."""
    y = yields(data)
    frame = y.copy()
    # spreads from the same yields (one read of the store, not two)
    if {"10y", "2y"} <= set(y.columns):
        frame["spread_10y_2y_pp"] = (y["10y"] - y["2y"]).round(4)
    if {"10y", "3m"} <= set(y.columns):
        frame["spread_10y_3m_pp"] = (y["10y"] - y["3m"]).round(4)
    df = since_table(frame)
    return finish(df, y, units={"value": "pct or pp", "highest_since_value": "pct or pp",
                                    "lowest_since_value": "pct or pp", "rank_pct": "pct"},
                  description="For each series' latest value: the last earlier date it was at least as high "
                              "(highest since) and at least as low (lowest since); NaT = a record in the data.")


def volatility(data: Data) -> pd.DataFrame:
    """Realised bp volatility of yield changes by tenor (21/63/252-day windows, annualised); MOVE if supplied."""
    y = yields(data)
    rv = realised_vol_bp(y[[c for c in ("2y", "5y", "10y", "30y") if c in y.columns]])
    implied = None
    path = os.environ.get("USTMON_MOVE_FILE")
    if path:
        implied = load_implied_vol(path)
        if data.start is not None:
            implied = implied.loc[data.start:]
        rv = rv.join(implied.rename("implied_vol_bp"), how="outer")
    units = {c: "bp" for c in rv.columns}
    return finish(rv, y, units=units,
                  description="Realised volatility of daily yield changes, bp annualised (std x sqrt(252)), "
                              "rolling 21/63/252 closes. Implied vol (MOVE) only from a user file in USTMON_MOVE_FILE.",
                  method="std of consecutive-close changes in bp over the window x sqrt(252).")


#: months of CMT curves (with at least 5 tenors) the in-house ACM needs before its term premium is drawn
INHOUSE_ACM_MIN_MONTHS = 120


def inhouse_acm_tp10(data: Data) -> pd.Series | None:
    """In-house ACM 10y term premium (:mod:`ustmon.models.acm`), month-end, percent; None when the store holds
    fewer than :data:`INHOUSE_ACM_MIN_MONTHS` months of curves.

    Only month-end curves are fitted: the monthly estimation uses nothing else, so this gives the same
    numbers as fitting every day, in a fraction of the time.
    """
    import warnings

    from ..models import acm, nss

    key = "__inhouse_acm__"
    if key not in data._cache:
        cmt = nss.cmt_frame(data.frame(list(nss.CMT_FRED_MATURITIES), optional=True), nss.CMT_FRED_MATURITIES)
        usable = cmt[cmt.notna().sum(axis=1) >= 5]
        if usable.index.to_period("M").nunique() < INHOUSE_ACM_MIN_MONTHS:  # e.g. an early --as-of: no in-house line
            data._cache[key] = None
            return None
        with np.errstate(all="ignore"), warnings.catch_warnings():  # a too-short sample (early --as-of): NaN, dropped
            warnings.simplefilter("ignore", RuntimeWarning)
            monthly = acm.inhouse_acm(cmt, daily=False).monthly
        data._cache[key] = monthly["ACMTP10"].dropna()
    return data._cache[key]


def term_premium(data: Data) -> pd.DataFrame:
    """10-year term premium, percent: Kim-Wright (FRED THREEFYTP10), the NY Fed's ACM when stored, and the
    in-house ACM (month-end) when the store holds enough curves."""
    ids = ["THREEFYTP10"] + (["ACM.ACMTP10"] if data.has("ACM.ACMTP10") else [])
    raw = data.frame(ids)
    df = pd.DataFrame({"kw_tp10": raw["THREEFYTP10"]})
    if "ACM.ACMTP10" in raw:
        df["acm_tp10"] = raw["ACM.ACMTP10"]
    ours = inhouse_acm_tp10(data)
    if ours is not None and len(ours):
        df = df.join(ours.rename("acm_inhouse_tp10"), how="outer")
    df.index.name = "date"
    return finish(df, raw, units={c: "pct" for c in df.columns},
                  description="10-year Treasury term premium, percent: Kim-Wright (Federal Reserve Board, via FRED "
                              "THREEFYTP10), Adrian-Crump-Moench (NY Fed) when stored, and ustmon's own ACM "
                              "re-estimation on H.15 curves (month-end).")


def fx_hedged(data: Data) -> pd.DataFrame:
    """FX-hedged 10y UST yields for yen and euro investors beside the 10y JGB and Bund, percent, monthly
    (:func:`ustmon.models.fxhedge.desk_table_from_frame` on the inputs ``ustmon hedge`` prints)."""
    from ..models import fxhedge

    raw = data.frame(FX_HEDGE.ids(), optional=True)  # the one FX-hedge input set (ustmon.conventions)
    table = fxhedge.desk_table_from_frame(raw)
    return finish(table, raw, units={c: ("pct" if c.endswith("_pct") else "bp" if c.endswith("_bp") else "") for c in table.columns},
                  description="FX-hedged 10-year Treasury yields (CIP hedge cost from 3-month rate differentials, "
                              "no cross-currency basis) for yen and euro investors, next to 10y JGB and Bund.",
                  method=fxhedge.HEDGE_DATE_RULE)



VIEWS = OrderedDict(
    [("spreads", spreads), ("yields", yields), ("inversions", inversions), ("since", since), ("volatility", volatility),
     ("term-premium", term_premium), ("fx-hedged", fx_hedged)]
)
SUMMARY = "Yields by tenor, spreads, inversion spells, volatility."
