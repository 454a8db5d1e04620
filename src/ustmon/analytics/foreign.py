"""Foreign holders of Treasuries (TIC Major Foreign Holders): who abroad is buying and selling.

Inputs are the TIC ``TIC.MFH.*`` series (:mod:`ustmon.sources.tic`): end-of-month
holdings by country of holder, **US$ billions**, dated the first day of the month
they describe (``2025-12-01`` = end of December 2025).  Everything here is in
``usd_bn`` unless a column says ``_pct`` (percent) or is a date/label.

Questions answered (issue 3, item 6-7):

* ``summary``: foreign total, foreign official, foreign private (= total minus
  official, the TIC convention), official bills against notes and bonds;
  month-on-month and year-on-year changes.
* ``countries``: one month's ranking: holdings, share of the foreign total,
  m/m and y/y changes.
* ``history``: per holder, :func:`history_stats`: peak and its date, change
  since the peak, "lowest since"/"highest since" dates, consecutive months of
  decline, rising months in the last 12.
* ``regions``: Europe, developed Asia, oil exporters, emerging markets,
  offshore financial centres (and other advanced), from the region of each
  country in :data:`ustmon.conventions.countries.COUNTRIES`.
* ``cayman`` and ``ranking``: the offshore under-count.  TIC attributes
  securities to the country of the custodian/holder as reported by US
  custodians; Cayman-domiciled hedge funds' basis-trade Treasuries largely
  escape it.  :class:`CaymanAdjustment` is a documented, parameterised
  estimate calibrated to the Federal Reserve's FEDS Note "The Cross-Border
  Trail of the Treasury Basis Trade" (Barth, Beltran, Hoops, Kahn, Liu and
  Perozek, 2025-10-15, doi:10.17016/2380-7172.3939,
  https://www.federalreserve.gov/econres/notes/feds-notes/the-cross-border-trail-of-the-treasury-basis-trade-20251015.html):
  TIC under-counts Cayman hedge funds' Treasuries by about $1.4tn at end-2024,
  for a total of about $1.85tn.

TIC caveats carried into every description: the listed country set changes
every year (so regional sums are sums of *listed* countries), series breaks at
benchmark surveys, and revisions (a first-published figure can differ from
today's; ``--as-of`` reads a vintage).  ``--start`` trims the output, but
inputs are read from 13 months earlier so changes at the start are computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from ..errors import CoverageError, UnknownSeriesError, UstmonError
from ..conventions import countries as _countries
from ..sources import tic
from ..results import carry
from .base import Data, dated, finish

PREFIX = "TIC.MFH."
TOTAL = "TIC.MFH.TOTAL"
OFFICIAL = "TIC.MFH.OFFICIAL"
OFFICIAL_BILLS = "TIC.MFH.OFFICIAL.BILLS"
OFFICIAL_NOTES_BONDS = "TIC.MFH.OFFICIAL.NOTES_BONDS"
KY = "TIC.MFH.KY"


class NotEnoughDataError(UstmonError, ValueError):
    """The store (or the ``--start``/``--as-of`` window) lacks the observations an analysis needs."""


#: country series (kind "country"), in the order of ustmon.conventions.countries.COUNTRIES
COUNTRY_IDS: tuple[str, ...] = tuple(c.series_id for c in _countries.COUNTRIES if c.kind == "country")
#: TIC's own regional aggregates (discontinued after February 2016), used where no member is listed
GROUP_FOR_REGION: dict[str, str] = {c.region: c.series_id for c in _countries.COUNTRIES if c.kind == "group"}

# ---------------------------------------------------------------------------
# Reading: one query for many series
# ---------------------------------------------------------------------------


#: read this much history before ``--start`` so changes (m/m, y/y) at the start are computable
LOOKBACK = pd.DateOffset(months=13)


def read_start(data: Data) -> pd.Timestamp | None:
    """Where to start reading: ``--start`` minus :data:`LOOKBACK` (None = all history)."""
    return None if data.start is None else pd.Timestamp(data.start) - LOOKBACK


def trim(out: pd.DataFrame, data: Data) -> pd.DataFrame:
    """Drop result rows before ``--start`` (inputs were read from :func:`read_start`)."""
    if data.start is None:
        return out
    start = pd.Timestamp(data.start)
    if isinstance(out.index, pd.DatetimeIndex):
        kept = out[out.index >= start]
    elif "date" in out.columns:
        kept = out[pd.to_datetime(out["date"]) >= start].reset_index(drop=True)
    else:
        return out
    return carry(out, kept)


def prefetch(data: Data, ids: Iterable[str], start: pd.Timestamp | None = None) -> None:
    """Load many series into ``data``'s cache with one store query (unknown ids are skipped)."""
    data.many(ids, start=start, optional=True)


def read_tic(data: Data) -> pd.DataFrame:
    """Every ``TIC.MFH.*`` series in the store, side by side (monthly, usd_bn), from :func:`read_start`."""
    ids = data.ids(PREFIX)
    if not ids:
        raise UnknownSeriesError(f"no TIC foreign holdings ({PREFIX}*) in the store; run `ustmon update tic`")
    start = read_start(data)
    prefetch(data, ids, start)
    return data.frame(ids, start=start)


# ---------------------------------------------------------------------------
# Generic history statistics
# ---------------------------------------------------------------------------


def history_stats(series: pd.Series, *, window: int = 12) -> dict:
    """Narrative statistics of one series' history, as a desk note quotes them.

    Works on any date-indexed numeric series (monthly TIC holdings, daily
    yields, ...); "period" means one observation step.  Missing values are
    dropped first.  Returns a dict:

    ``first_date``, ``latest_date``, ``latest``
        span and last value;
    ``peak``, ``peak_date``, ``change_since_peak``, ``change_since_peak_pct``
        the maximum (first occurrence) and the latest value's distance to it;
    ``trough``, ``trough_date``
        the minimum (first occurrence);
    ``lowest_since``
        the latest value is the lowest since this date: the most recent
        earlier observation at or below it ("lowest since March 2009");
        NaT when the latest value is the lowest on record (``record_low``);
    ``highest_since``
        likewise upwards (``record_high`` when no earlier value is at or above);
    ``periods_of_decline``
        consecutive period-on-period declines ending at the latest value
        (0 if the last change was not a decline);
    ``periods_of_rise``
        consecutive increases ending at the latest value;
    ``rising_periods_in_window``, ``window``
        how many of the last ``window`` period-on-period changes were rises.
    """
    s = pd.Series(series, dtype="float64").dropna()
    s = s[~s.index.duplicated(keep="last")].sort_index()
    out: dict = {"first_date": pd.NaT, "latest_date": pd.NaT, "latest": np.nan, "peak": np.nan,
                 "peak_date": pd.NaT, "change_since_peak": np.nan, "change_since_peak_pct": np.nan,
                 "trough": np.nan, "trough_date": pd.NaT, "lowest_since": pd.NaT, "highest_since": pd.NaT,
                 "record_low": False, "record_high": False, "periods_of_decline": 0, "periods_of_rise": 0,
                 "rising_periods_in_window": 0, "window": window}
    if s.empty:
        return out
    v = s.to_numpy()
    dates = s.index
    last = v[-1]
    ipk, itr = int(np.argmax(v)), int(np.argmin(v))
    out.update(first_date=dates[0], latest_date=dates[-1], latest=float(last), peak=float(v[ipk]),
               peak_date=dates[ipk], trough=float(v[itr]), trough_date=dates[itr],
               change_since_peak=float(last - v[ipk]))
    out["change_since_peak_pct"] = float((last / v[ipk] - 1) * 100) if v[ipk] != 0 else np.nan
    earlier = v[:-1]
    low = np.flatnonzero(earlier <= last)
    high = np.flatnonzero(earlier >= last)
    if low.size:
        out["lowest_since"] = dates[low[-1]]
    else:
        out["record_low"] = len(v) > 1
    if high.size:
        out["highest_since"] = dates[high[-1]]
    else:
        out["record_high"] = len(v) > 1
    d = np.diff(v)
    if d.size:
        # length of the final run of strictly negative (positive) changes
        neg = np.flatnonzero(d >= 0)
        out["periods_of_decline"] = int(d.size - 1 - neg[-1]) if neg.size else int(d.size)
        pos = np.flatnonzero(d <= 0)
        out["periods_of_rise"] = int(d.size - 1 - pos[-1]) if pos.size else int(d.size)
        out["rising_periods_in_window"] = int((d[-window:] > 0).sum())
    return out


# ---------------------------------------------------------------------------
# Pure functions over the TIC frame (columns = TIC series ids, usd_bn)
# ---------------------------------------------------------------------------


def _bare(frame):
    """Shallow copy without ``.attrs``: pandas deep-copies attrs (the provenance of ~60 series)
    on every operation, which costs more than the arithmetic."""
    out = frame.copy(deep=False)
    out.attrs = {}
    return out


def _change(frame: pd.DataFrame | pd.Series, months: int) -> pd.DataFrame | pd.Series:
    """Change over ``months`` calendar months (by date, not by row, so gaps give NaN)."""
    lagged = frame.copy()
    lagged.index = lagged.index + pd.DateOffset(months=months)
    return frame - lagged.reindex(frame.index)


def _pct_change(frame, months: int):
    lagged = frame.copy()
    lagged.index = lagged.index + pd.DateOffset(months=months)
    return (frame / lagged.reindex(frame.index) - 1) * 100


def foreign_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Foreign total, official and private holdings with m/m and y/y changes.

    ``frame``: TIC series by id (needs ``TIC.MFH.TOTAL`` and ``TIC.MFH.OFFICIAL``;
    official bills and notes & bonds when present).  Columns (usd_bn unless
    ``_pct``): ``foreign_total``, ``foreign_official``, ``foreign_private``
    (total minus official), ``official_share_pct``, ``official_bills``,
    ``official_notes_bonds``, ``official_bill_share_pct``, and ``*_mom`` /
    ``*_yoy`` changes (usd_bn) and ``*_yoy_pct`` for total, official, private.
    """
    frame = _bare(frame)
    total = frame[TOTAL]
    official = frame[OFFICIAL]
    out = pd.DataFrame({"foreign_total": total, "foreign_official": official,
                        "foreign_private": total - official})
    out["official_share_pct"] = official / total * 100
    bills = frame[OFFICIAL_BILLS] if OFFICIAL_BILLS in frame else pd.Series(np.nan, index=frame.index)
    nb = frame[OFFICIAL_NOTES_BONDS] if OFFICIAL_NOTES_BONDS in frame else pd.Series(np.nan, index=frame.index)
    out["official_bills"] = bills
    out["official_notes_bonds"] = nb
    out["official_bill_share_pct"] = bills / (bills + nb) * 100
    base = out[["foreign_total", "foreign_official", "foreign_private"]]
    mom, yoy, yoyp = _change(base, 1), _change(base, 12), _pct_change(base, 12)
    for c in base.columns:
        out[f"{c}_mom"] = mom[c]
        out[f"{c}_yoy"] = yoy[c]
        out[f"{c}_yoy_pct"] = yoyp[c]
    out = out[total.notna()]
    out.index.name = "date"
    return out


def country_panel(frame: pd.DataFrame) -> pd.DataFrame:
    """Every listed country, every month: holdings, rank, share of the foreign total, changes.

    Long (tidy) frame, one row per (date, country) where the country is
    listed: ``date``, ``code`` (ISO 3166-1 alpha-2), ``country`` (TIC's
    name), ``region``, ``holdings`` (usd_bn), ``rank`` (1 = largest that
    month among listed countries), ``share_of_foreign_total_pct`` (NaN when
    the month has no Grand Total yet), ``mom_change``, ``yoy_change``
    (usd_bn), ``mom_change_pct``, ``yoy_change_pct``.
    """
    frame = _bare(frame)
    ids = [c for c in COUNTRY_IDS if c in frame.columns]
    wide = frame[ids]
    total = frame[TOTAL] if TOTAL in frame else pd.Series(np.nan, index=frame.index)
    parts = {
        "holdings": wide,
        "rank": wide.rank(axis=1, ascending=False, method="min"),
        "share_of_foreign_total_pct": wide.div(total, axis=0) * 100,
        "mom_change": _change(wide, 1),
        "yoy_change": _change(wide, 12),
        "mom_change_pct": _pct_change(wide, 1),
        "yoy_change_pct": _pct_change(wide, 12),
    }
    n = len(wide.index)
    out = pd.DataFrame({
        "date": np.tile(wide.index.to_numpy(), len(ids)),
        "series_id": np.repeat(ids, n),
    })
    for name, block in parts.items():
        out[name] = block.to_numpy(dtype="float64").T.ravel()
    out = out[out["holdings"].notna()].reset_index(drop=True)
    info = {sid: tic.country_for(sid) for sid in ids}
    out.insert(2, "code", out["series_id"].map(lambda s: info[s].code))
    out.insert(3, "country", out["series_id"].map(lambda s: info[s].name))
    out.insert(4, "region", out["series_id"].map(lambda s: info[s].region))
    out["rank"] = out["rank"].astype("int64")
    return out.sort_values(["date", "rank"], kind="stable").reset_index(drop=True)


def latest_country_month(frame: pd.DataFrame, *, min_countries: int = 10) -> pd.Timestamp:
    """The latest month with the Grand Total or at least ``min_countries`` countries listed.

    The latest TIC release's page excerpts list only the top ~19 holders and
    no Grand Total; the ranking among them is still the published one.
    """
    frame = _bare(frame)
    ids = [c for c in COUNTRY_IDS if c in frame.columns]
    counts = frame[ids].notna().sum(axis=1)
    has_total = frame[TOTAL].notna() if TOTAL in frame else pd.Series(False, index=frame.index)
    ok = frame.index[(counts >= min_countries) | has_total]
    if len(ok) == 0:
        raise NotEnoughDataError("no month with TIC country data in the store (run `ustmon update tic`)")
    return ok.max()


def country_table(frame: pd.DataFrame, month=None) -> pd.DataFrame:
    """One month's ranking of foreign holders (default: :func:`latest_country_month`)."""
    month = latest_country_month(frame) if month is None else pd.Timestamp(month)
    panel = country_panel(frame.loc[:month].iloc[-13:] if len(frame.loc[:month]) else frame)
    out = panel[panel["date"] == month].drop(columns=["date"]).reset_index(drop=True)
    out.insert(0, "date", month)
    return out


def holder_history(frame: pd.DataFrame, *, window: int = 12) -> pd.DataFrame:
    """:func:`history_stats` for every country listed in the latest month, plus total/official/private.

    Columns: ``holder``, ``code``, ``latest_date``, ``latest`` (usd_bn),
    ``peak``, ``peak_date``, ``change_since_peak`` (usd_bn),
    ``change_since_peak_pct``, ``trough``, ``trough_date``, ``lowest_since``,
    ``highest_since``, ``record_low``, ``record_high``,
    ``months_of_decline`` (consecutive m/m declines to the latest month),
    ``months_of_rise``, ``rising_months_in_window`` (of the last
    ``window`` m/m changes).  Statistics use each series' full stored
    history (from 2000-03 for the longest), within ``--start``.
    """
    frame = _bare(frame)
    rows = []
    holders: list[tuple[str, str, pd.Series]] = []
    if TOTAL in frame and OFFICIAL in frame:
        holders += [("Foreign total", "TOTAL", frame[TOTAL]), ("Foreign official", "OFFICIAL", frame[OFFICIAL]),
                    ("Foreign private", "PRIVATE", frame[TOTAL] - frame[OFFICIAL])]
    month = latest_country_month(frame)
    listed = [c for c in COUNTRY_IDS if c in frame.columns and pd.notna(frame.at[month, c])]
    listed.sort(key=lambda c: -frame.at[month, c])
    holders += [(tic.canonical_name(c), tic.country_for(c).code, frame[c]) for c in listed]
    for name, code, s in holders:
        st = history_stats(s, window=window)
        rows.append({"holder": name, "code": code, **st})
    out = pd.DataFrame(rows).rename(columns={
        "periods_of_decline": "months_of_decline", "periods_of_rise": "months_of_rise",
        "rising_periods_in_window": "rising_months_in_window"})
    return out.drop(columns=["window"])


def full_table_months(frame: pd.DataFrame) -> pd.DatetimeIndex:
    """Months with the full Major Foreign Holders table: those with TIC's Grand Total (``TIC.MFH.TOTAL``)."""
    if TOTAL not in frame:
        return pd.DatetimeIndex([], name=frame.index.name)
    return pd.DatetimeIndex(frame.index[frame[TOTAL].notna()])


def region_panel(frame: pd.DataFrame) -> pd.DataFrame:
    """Holdings by regional group, monthly (long frame).

    ``holdings`` (usd_bn) is the sum of the region's *listed* countries
    (ustmon.conventions.countries regions); for offshore centres and oil exporters, months
    in which none of the member countries is listed separately use TIC's own
    aggregate (Caribbean Banking Centers, Oil Exporters; ``basis`` says
    which).  The listed set changes every year, so jumps can be coverage, not
    flows: ``countries_listed`` shows how many countries were summed, and
    ``yoy_change`` is like-for-like (countries listed in both months).
    Only months of the full Major Foreign Holders table (those with TIC's
    Grand Total, :func:`full_table_months`) are summed: the latest release's
    Table 5 lists only the top ~19 holders, and summing it would show a
    region "falling" by the countries it leaves out (Europe by ~$400bn).
    Columns: ``date``, ``region``, ``holdings``, ``share_of_foreign_total_pct``,
    ``yoy_change`` (usd_bn), ``yoy_change_pct``, ``countries_listed``, ``basis``.
    """
    frame = _bare(frame)
    frame = frame.loc[full_table_months(frame)]
    total = frame[TOTAL] if TOTAL in frame else pd.Series(np.nan, index=frame.index)
    blocks = []
    for region in _countries.REGIONS:
        ids = [c for c in tic.series_in_region(region) if c in frame.columns]
        sub = frame[ids] if ids else pd.DataFrame(index=frame.index)
        n = sub.notna().sum(axis=1) if ids else pd.Series(0, index=frame.index)
        level = sub.sum(axis=1, min_count=1) if ids else pd.Series(np.nan, index=frame.index)
        if ids:
            # like-for-like: only countries listed both this month and a year earlier
            lag = sub.copy()
            lag.index = lag.index + pd.DateOffset(months=12)
            lag = lag.reindex(sub.index)
            both = sub.notna() & lag.notna()
            yoy = (sub - lag).where(both).sum(axis=1, min_count=1)
            base = lag.where(both).sum(axis=1, min_count=1)
        else:
            yoy = base = pd.Series(np.nan, index=frame.index)
        basis = pd.Series("countries", index=frame.index, dtype=object)
        group = GROUP_FOR_REGION.get(region)
        if group and group in frame:
            use = (n == 0) & frame[group].notna()
            level = level.where(~use, frame[group])
            basis = basis.where(~use, "tic_group")
            glag = frame[group].copy()
            glag.index = glag.index + pd.DateOffset(months=12)
            glag = glag.reindex(frame.index)
            yoy = yoy.where(~use, frame[group] - glag)
            base = base.where(~use, glag)
        df = pd.DataFrame({"date": frame.index, "region": region, "holdings": level.to_numpy(),
                           "share_of_foreign_total_pct": (level / total * 100).to_numpy(),
                           "yoy_change": yoy.to_numpy(),
                           "yoy_change_pct": (yoy / base * 100).to_numpy(),
                           "countries_listed": n.to_numpy().astype("int64"), "basis": basis.to_numpy()})
        blocks.append(df[df["holdings"].notna()])
    out = pd.concat(blocks, ignore_index=True)
    return out.sort_values(["date", "region"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# The offshore under-count (Cayman Islands)
# ---------------------------------------------------------------------------

#: FEDS Note 2025-10-15 (Barth et al.), see the module docstring: at end-2024
#: Cayman hedge funds held about $1.85tn of Treasuries, about $1.4tn more than
#: TIC shows; their holdings rose by about $1tn since 2022 while TIC's Cayman
#: figure barely moved.  Month stamps follow TIC dating (2024-12-01 = end-Dec).
FEDS_2025_END_2024_TOTAL_BN = 1850.0
FEDS_2025_END_2024_GAP_BN = 1400.0
FEDS_2025_RISE_SINCE_2022_BN = 1000.0


@dataclass(frozen=True)
class CaymanAdjustment:
    """Parameters of the adjusted Cayman estimate (all amounts usd_bn).

    Method ("anchored gap"): the under-count ``gap = estimate − TIC`` is known
    at anchor months, where ``estimate`` is an outside estimate of what
    Cayman-domiciled holders really hold.  Between anchors the gap is
    interpolated linearly in time; after the last anchor it is held at its
    last level (``after="level"``) or at its last ratio to TIC
    (``after="ratio"``); before the first anchor there is **no estimate**
    (NaN): the calibration says nothing about earlier years.
    ``adjusted = TIC + gap``.

    Defaults, from the FEDS Note (2025-10-15): end-2024 total 1,850 (TIC
    423.0 in the 2026-03 vintage, so the gap is ~1,427, the note's "about
    $1.4 trillion"); end-2022 total 850 (= 1,850 minus the note's "about $1
    trillion" rise since 2022; an approximate reading, so it is a parameter).
    """

    anchors: tuple[tuple[str, float], ...] = (("2022-12-01", FEDS_2025_END_2024_TOTAL_BN - FEDS_2025_RISE_SINCE_2022_BN),
                                              ("2024-12-01", FEDS_2025_END_2024_TOTAL_BN))
    after: str = "level"

    def describe(self) -> str:
        a = "; ".join(f"{pd.Timestamp(d):%b %Y}: {v:,.0f}bn" for d, v in self.anchors)
        hold = "held at its last level" if self.after == "level" else "held at its last ratio to TIC"
        return (f"anchored gap: Cayman estimate {a} (FEDS Note 2025-10-15, Barth et al.); gap to TIC interpolated "
                f"linearly between anchors, {hold} afterwards, no estimate before the first anchor")


def cayman_adjusted(tic_cayman: pd.Series, method: CaymanAdjustment = CaymanAdjustment()) -> pd.DataFrame:
    """TIC Cayman holdings next to the adjusted estimate (usd_bn, monthly).

    Columns: ``tic_cayman``, ``undercount_estimate`` (the gap), ``cayman_adjusted``
    (TIC + gap), ``adjustment_ratio`` (adjusted / TIC).  Raises
    :class:`NotEnoughDataError` if TIC has no value at an anchor month.
    """
    s = pd.Series(tic_cayman, dtype="float64").dropna().sort_index()
    anchors = sorted((pd.Timestamp(d), float(v)) for d, v in method.anchors)
    if not anchors:
        raise NotEnoughDataError("CaymanAdjustment needs at least one anchor")
    gaps = {}
    for d, v in anchors:
        if d not in s.index:
            raise NotEnoughDataError(f"no TIC Cayman value at anchor month {d:%Y-%m}")
        gaps[d] = v - s[d]
    gap = pd.Series(np.nan, index=s.index)
    first, last = anchors[0][0], anchors[-1][0]
    inside = (s.index >= first) & (s.index <= last)
    if len(anchors) > 1:
        # interpolate in time (ns since epoch; the index unit may be s/us/ns in pandas 3)
        x = np.array([d for d, _ in anchors], dtype="datetime64[ns]").astype("int64").astype("float64")
        y = np.array([gaps[d] for d, _ in anchors])
        t = s.index[inside].to_numpy(dtype="datetime64[ns]").astype("int64").astype("float64")
        gap[inside] = np.interp(t, x, y)
    else:
        gap[s.index == first] = gaps[first]
    later = s.index > last
    if method.after == "ratio":
        gap[later] = s[later] * (gaps[last] / s[last])
    elif method.after == "level":
        gap[later] = gaps[last]
    else:
        raise NotEnoughDataError(f"CaymanAdjustment.after must be 'level' or 'ratio', not {method.after!r}")
    out = pd.DataFrame({"tic_cayman": s, "undercount_estimate": gap, "cayman_adjusted": s + gap})
    out["adjustment_ratio"] = out["cayman_adjusted"] / out["tic_cayman"]
    out.index.name = "date"
    return out


def cayman_view_frame(frame: pd.DataFrame, method: CaymanAdjustment = CaymanAdjustment(),
                      calibration: pd.Series | None = None) -> pd.DataFrame:
    """:func:`cayman_adjusted` plus the foreign total with and without it and Cayman's rank both ways.

    ``calibration``: a longer TIC Cayman series to calibrate on when ``frame``
    starts after an anchor month (``--start``); output rows follow ``frame``.
    """
    frame = _bare(frame)
    adj = _calibrated(frame, method, calibration)
    total = frame[TOTAL].reindex(adj.index) if TOTAL in frame else pd.Series(np.nan, index=adj.index)
    adj["foreign_total"] = total
    adj["foreign_total_adjusted"] = total + adj["undercount_estimate"]
    adj["cayman_share_of_foreign_pct"] = adj["tic_cayman"] / total * 100
    adj["cayman_adjusted_share_of_foreign_pct"] = adj["cayman_adjusted"] / adj["foreign_total_adjusted"] * 100
    ids = [c for c in COUNTRY_IDS if c in frame.columns]
    wide = frame[ids].reindex(adj.index)
    adj["cayman_rank_tic"] = wide.rank(axis=1, ascending=False, method="min")[KY]
    others = wide.drop(columns=[KY])
    adj["cayman_rank_adjusted"] = (others.gt(adj["cayman_adjusted"], axis=0).sum(axis=1) + 1).where(
        adj["cayman_adjusted"].notna())
    return adj


def _calibrated(frame: pd.DataFrame, method: CaymanAdjustment, calibration: pd.Series | None) -> pd.DataFrame:
    if KY not in frame:
        raise NotEnoughDataError("no TIC Cayman Islands series (TIC.MFH.KY) in the store")
    ky = _bare(calibration) if calibration is not None else frame[KY]
    return cayman_adjusted(ky, method).reindex(frame[KY].dropna().index)


def ranking_with_adjustment(frame: pd.DataFrame, month=None, method: CaymanAdjustment = CaymanAdjustment(),
                            calibration: pd.Series | None = None) -> pd.DataFrame:
    """Foreign-holder ranking as TIC reports it and with Cayman adjusted, for one month.

    Default month: the latest month with a Cayman estimate and a Grand Total
    (falling back to the latest Cayman estimate).  Columns: ``date``,
    ``code``, ``country``, ``tic_holdings`` (usd_bn), ``tic_rank``,
    ``adjusted_holdings`` (usd_bn; equal to TIC except Cayman),
    ``adjusted_rank``, ``tic_share_of_foreign_pct``,
    ``adjusted_share_of_foreign_pct``.
    """
    frame = _bare(frame)
    adj = _calibrated(frame, method, calibration)
    est = adj["cayman_adjusted"].dropna()
    if month is None:
        with_total = est.index.intersection(frame.index[frame[TOTAL].notna()]) if TOTAL in frame else est.index
        month = with_total.max() if len(with_total) else est.index.max()
    month = pd.Timestamp(month)
    ids = [c for c in COUNTRY_IDS if c in frame.columns and pd.notna(frame.at[month, c])]
    tic_vals = frame.loc[month, ids].astype("float64")
    adj_vals = tic_vals.copy()
    gap = adj.at[month, "undercount_estimate"] if month in adj.index else np.nan
    if KY in adj_vals and pd.notna(gap):
        adj_vals[KY] = adj_vals[KY] + gap
    total = frame.at[month, TOTAL] if TOTAL in frame else np.nan
    out = pd.DataFrame({
        "date": month,
        "code": [tic.country_for(s).code for s in ids],
        "country": [tic.canonical_name(s) for s in ids],
        "tic_holdings": tic_vals.to_numpy(),
        "tic_rank": tic_vals.rank(ascending=False, method="min").astype("int64").to_numpy(),
        "adjusted_holdings": adj_vals.to_numpy(),
        "adjusted_rank": adj_vals.rank(ascending=False, method="min").astype("int64").to_numpy(),
        "tic_share_of_foreign_pct": (tic_vals / total * 100).to_numpy(),
        "adjusted_share_of_foreign_pct": (adj_vals / (total + (gap if pd.notna(gap) else 0)) * 100).to_numpy(),
    })
    return out.sort_values("adjusted_rank", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Views: (data: Data) -> DataFrame
# ---------------------------------------------------------------------------

_CAVEAT = ("TIC Major Foreign Holders, end of month, by country of holder as reported by US custodians "
           "(custodial bias); figures are revised (use --as-of for vintages).")


def summary(data: Data) -> pd.DataFrame:
    """Foreign total, official and private holdings; official bills vs notes & bonds; m/m and y/y."""
    frame = read_tic(data)
    out = trim(foreign_summary(frame), data)
    units = {c: ("pct" if c.endswith("_pct") else "usd_bn") for c in out.columns}
    return finish(out, frame[[c for c in (TOTAL, OFFICIAL, OFFICIAL_BILLS, OFFICIAL_NOTES_BONDS) if c in frame]],
                  units=units, description="Foreign holdings of Treasuries: total, official, private. " + _CAVEAT,
                  method="foreign_private = Grand Total - Foreign Official (TIC); changes by calendar month.")


def countries(data: Data) -> pd.DataFrame:
    """Latest month's ranking of foreign holders: holdings, share of total, m/m and y/y changes."""
    frame = read_tic(data)
    out = country_table(frame).drop(columns=["series_id"])
    units = {"holdings": "usd_bn", "mom_change": "usd_bn", "yoy_change": "usd_bn",
             "share_of_foreign_total_pct": "pct", "mom_change_pct": "pct", "yoy_change_pct": "pct"}
    return finish(out, frame, units=units,
                  description="Foreign holders ranked by holdings (share of total blank when the month's Grand Total "
                              "is not yet published). " + _CAVEAT)


def history(data: Data) -> pd.DataFrame:
    """Per holder: peak and date, change since peak, lowest/highest since, months of decline."""
    frame = read_tic(data)
    out = holder_history(frame if data.start is None else frame[frame.index >= pd.Timestamp(data.start)])
    units = {c: "usd_bn" for c in ("latest", "peak", "change_since_peak", "trough")}
    units["change_since_peak_pct"] = "pct"
    out = finish(out, frame, units=units,
                 description="History statistics per holder over the stored TIC history (from March 2000 where listed); "
                             "'lowest_since' = most recent earlier month at or below the latest value. " + _CAVEAT)
    if len(out):  # no "date" column: the latest observation is the newest latest_date
        out = dated(out, out["latest_date"].max())
    return out


def regions(data: Data) -> pd.DataFrame:
    """Holdings by region (Europe, developed Asia, oil exporters, EM, offshore centres), monthly; full-table months only."""
    frame = read_tic(data)
    full = full_table_months(frame)
    ids = [c for c in COUNTRY_IDS if c in frame.columns]
    listed = frame.index[frame[ids].notna().any(axis=1)] if ids else pd.DatetimeIndex([])
    short = listed.difference(full)
    if len(full) == 0:
        raise CoverageError("regional TIC holdings", "regional sums need the full Major Foreign Holders table "
                            "(with its Grand Total); the store has only the top-holders pages",
                            coverage=f"0 of {len(listed)} months with country data")
    out = trim(region_panel(frame), data)
    units = {"holdings": "usd_bn", "yoy_change": "usd_bn", "share_of_foreign_total_pct": "pct", "yoy_change_pct": "pct"}
    left_out = ""
    if len(short):
        left_out = (f" Left out: {len(short)} month(s) ({short.min():%Y-%m}..{short.max():%Y-%m}) whose table lists "
                    "only the top holders, which would fake a fall in regions with countries missing from it.")
    return finish(out, frame, units=units,
                  description="Regional sums of separately listed countries (the listed set changes yearly), on the "
                              f"{len(full)} months of the full Major Foreign Holders table." + left_out + " " + _CAVEAT,
                  method="regions from ustmon.conventions.countries.COUNTRIES; TIC's Caribbean Banking Centers / Oil Exporters "
                         "aggregates where no member is listed (to 2011).")


def _calibration(data: Data, method: CaymanAdjustment) -> pd.Series | None:
    """TIC Cayman from the first anchor on, whatever ``--start`` says (the anchors must be readable)."""
    first = min(pd.Timestamp(d) for d, _ in method.anchors)
    start = read_start(data)
    if start is None or start <= first or not data.has(KY):
        return None
    return data.series(KY, start=first)


def cayman(data: Data, method: CaymanAdjustment = CaymanAdjustment()) -> pd.DataFrame:
    """Cayman Islands: TIC holdings next to the under-count-adjusted estimate (FEDS Note 2025)."""
    frame = read_tic(data)
    out = trim(cayman_view_frame(frame, method, _calibration(data, method)), data)
    units = {c: "usd_bn" for c in ("tic_cayman", "undercount_estimate", "cayman_adjusted", "foreign_total",
                                    "foreign_total_adjusted")}
    units.update(adjustment_ratio="ratio", cayman_share_of_foreign_pct="pct", cayman_adjusted_share_of_foreign_pct="pct")
    return finish(out, frame[[c for c in (KY, TOTAL) if c in frame]], units=units,
                  description="TIC Cayman Islands holdings and an estimate adjusted for the under-count of "
                              "Cayman-domiciled hedge funds' Treasuries (basis trade). " + _CAVEAT,
                  method=method.describe())


def ranking(data: Data, method: CaymanAdjustment = CaymanAdjustment()) -> pd.DataFrame:
    """Foreign-holder ranking as reported by TIC and with the Cayman under-count adjustment."""
    frame = read_tic(data)
    out = ranking_with_adjustment(frame, method=method, calibration=_calibration(data, method))
    units = {"tic_holdings": "usd_bn", "adjusted_holdings": "usd_bn", "tic_share_of_foreign_pct": "pct",
             "adjusted_share_of_foreign_pct": "pct"}
    return finish(out, frame, units=units,
                  description="Foreign holders ranked with and without the Cayman adjustment. " + _CAVEAT,
                  method=method.describe())


def europe(data: Data) -> pd.DataFrame:
    """European holders in TIC's major-holders table ($bn): ``europe`` (all European countries listed) and
    ``europe_ex_uk``.  Only months of the full table (with a grand total) are kept: the 13-month Table 5 lists
    the top 19 countries only, and summing it would show a fall that is only a shorter list."""
    reg = regions(data)
    eu = reg[(reg["region"] == "europe") & (reg["basis"] == "countries")].set_index("date")["holdings"]
    eu.index = pd.DatetimeIndex(eu.index, name="date")
    raw = data.frame(["TIC.MFH.TOTAL", "TIC.MFH.GB"])
    full = raw["TIC.MFH.TOTAL"].dropna().index
    eu = eu[eu.index.isin(full)]
    out = pd.DataFrame({"europe": eu, "europe_ex_uk": eu - raw["TIC.MFH.GB"].reindex(eu.index)})
    return finish(out, raw, units={"europe": "usd_bn", "europe_ex_uk": "usd_bn"},
                  description="Sum of the European countries TIC lists each month (the list changes yearly: 11-15 "
                              "countries); months of the full Major Foreign Holders table only.")


def largest(data: Data) -> pd.DataFrame:
    """Holdings of Mainland China, Japan and the United Kingdom ($bn, TIC) and Europe excluding the UK
    (:func:`europe`) when the store holds a full TIC table."""
    raw = data.frame(["TIC.MFH.CN", "TIC.MFH.JP", "TIC.MFH.GB"])
    out = pd.DataFrame({"CN": raw["TIC.MFH.CN"], "JP": raw["TIC.MFH.JP"], "GB": raw["TIC.MFH.GB"]})
    out.index = pd.DatetimeIndex(out.index, name="date")
    inputs = [raw]
    try:
        eu = europe(data)
    except UstmonError:  # no full TIC table in the store: the three countries stand without the Europe line
        eu = None
    if eu is not None:
        out = out.join(eu["europe_ex_uk"], how="outer")
        inputs.append(eu)
    return finish(out, *inputs, units={c: "usd_bn" for c in out.columns},
                  description="Treasury holdings of Mainland China, Japan, the United Kingdom (TIC Major Foreign "
                              "Holders) and Europe excluding the UK (sum of the European countries listed).")


VIEWS = {
    "summary": summary,
    "countries": countries,
    "history": history,
    "regions": regions,
    "cayman": cayman,
    "ranking": ranking,
    "europe": europe,
    "largest": largest,
}
SUMMARY = "Foreign holders (TIC): official vs private, by country, regions, Cayman under-count."
