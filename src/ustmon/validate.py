"""Validation at the door: checks every parsed payload passes before anything of it is stored.

A parser turns bytes into a tidy frame; this module decides whether the
values are believable.  A failed check raises a
:class:`~ustmon.errors.SourceFormatError` subclass that names the source, the
file or URL and the series (field) and date, so the whole file is refused and
nothing already stored changes.

Checks, in order (each one cheap and vectorised per series):

* **finite values**: ``inf``, ``-Infinity`` and overflowing numbers such as
  ``1e400`` are refused; NaN means "missing as published" and is kept;
* **plausible dates**: not before :data:`EARLIEST_DATE` and not after today
  plus what the series' frequency allows (a period-start date of the current
  month or quarter is normal, a date years ahead is a typo);
* **plausible range per unit** (:data:`UNIT_RANGES`): a ``pct`` yield of 458
  or a country's Treasury holdings of $1,185,500 bn are impossible, whatever
  the series' history;
* **level jumps** (unit slips): a new or revised value more than
  :data:`JUMP_FACTOR` times the level of its neighbours (the surrounding
  values of the same series, stored history included), or a revision that
  changes a stored value by that factor, is refused with the series and date
  named.  This catches a unit error on a few dates only (four TIC months x1000,
  WALCL x1000 on the new weeks), not just whole-series x1000;
* **records and vintage**: numbers in records (auction results, securities
  by CUSIP) are finite and their dates lie between :data:`EARLIEST_DATE`
  and :data:`LATEST_RECORD_DATE_YEARS` ahead; a publication date the file
  declares (its vintage) is neither before any data nor in the future;
* **accounting identities** the publisher states (:data:`IDENTITIES`): TIC's
  Grand Total equals the countries, groups and All Other; MSPD's totals equal
  their lines; Debt to the Penny's total equals public + intragovernmental.

``history`` (optional) is a callable ``history(series_ids) -> {id: Series}``
returning the latest stored value per date of each series, in the catalog
unit; :func:`store_history` builds one from a store file.  Without it the
jump checks use the payload alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from .errors import BadDateError, BadValueError
from .sources.base import ParseResult
from .units import conversion_factor

#: no series ustmon reads starts before this (OMB's tables start in 1789, as a text range)
EARLIEST_DATE = pd.Timestamp("1776-01-01")

#: a date in a record (an auction's maturity, a security's call date) may lie this many years ahead
LATEST_RECORD_DATE_YEARS = 100
#: a file's own publication date (its vintage) may lie this far past today (time zones, a clock off)
_VINTAGE_AHEAD = pd.Timedelta(days=31)

#: how far past today an observation's period date may lie, by catalog frequency
_AHEAD = {"D": pd.Timedelta(days=7), "W": pd.Timedelta(days=14), "M": pd.Timedelta(days=62),
          "Q": pd.Timedelta(days=190), "A": pd.Timedelta(days=800), "irregular": pd.Timedelta(days=31)}

#: plausible values per catalog unit (inclusive); a unit not listed has no range check.
#: Generous on purpose: they catch unit slips (x100, x1000), not unusual markets.
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "pct": (-30.0, 100.0),          # policy rates peaked at 22%; a par yield of 458 is 4.58 x100
    "pp": (-50.0, 50.0),
    "bp": (-5000.0, 5000.0),
    "pct_of_gdp": (-200.0, 500.0),
    "jpy_per_usd": (20.0, 1000.0),
    "usd_per_eur": (0.2, 5.0),
    "usd_per_jpy": (0.001, 0.05),
    "years": (0.0, 200.0),
    "months": (0.0, 2400.0),
    "days": (0.0, 100000.0),
    "traders": (0.0, 100000.0),
    "contracts": (-1e9, 1e9),
    # no US Treasury-market aggregate reaches $200 trillion
    "usd": (-2e14, 2e14),
    "usd_th": (-2e11, 2e11),
    "usd_mn": (-2e8, 2e8),
    "usd_bn": (-2e5, 2e5),
    "usd_tn": (-200.0, 200.0),
    "usd_bn_saar": (-2e5, 2e5),
}

#: a new or revised value this many times the level of its neighbours (or of the
#: stored value it revises) is a unit slip, not news
JUMP_FACTOR = 50.0
#: neighbours on each side whose median is "the level" around a date
JUMP_WINDOW = 12
#: below this magnitude (catalog unit) a value is too small for a jump to mean a unit slip
JUMP_FLOOR: dict[str, float] = {"pct": 1.0, "pp": 1.0, "bp": 100.0, "pct_of_gdp": 1.0, "index": 1.0}
#: units whose values are counts that legitimately swing by 100x week to week (CFTC spreading
#: positions, trader counts): no jump check, the unit range still applies
NO_JUMP_UNITS: frozenset[str] = frozenset({"contracts", "traders", "count", "as_published"})

#: flow series (amounts per day or month, not levels): a day with one small settlement beside a
#: day of $150 bn of bill issues is normal, so their values are not judged against neighbours
#: (revisions of a stored value by a unit factor are still refused)
FLOW_PREFIXES: tuple[str, ...] = ("DTS.ISSUES.", "DTS.REDEMPTIONS.", "MTS.", "MTS5.", "INTEXP.")

#: series whose values are model parameters, not levels: range and jump checks do not apply
UNCHECKED_PREFIXES: tuple[str, ...] = ("GSW.BETA", "GSW.TAU")


@dataclass(frozen=True)
class Identity:
    """``total`` = sum of ``parts`` (series ids, or regular expressions with ``pattern``) within ``tolerance``.

    ``tolerance`` is per part, in the catalog unit (publisher rounding of each
    line adds up).  The check runs on each date where the total and every named
    part are present in one payload.
    """

    name: str
    total: str
    parts: tuple[str, ...]
    tolerance: float
    pattern: bool = False
    #: with ``pattern``: parts that must be present on a date for the check to run there
    required: tuple[str, ...] = ()
    #: plus this fraction of the total (MSPD's own lines miss their totals by a few $ mn in 2001-2003)
    rel_tolerance: float = 1e-9


#: accounting identities the publishers state, checked within each payload
IDENTITIES: tuple[Identity, ...] = (
    # TIC Major Foreign Holders: "Grand Total" = countries (and, before 2012, the
    # Oil Exporters and Caribbean Banking Centers groups) + "All Other"; lines rounded to $0.1 bn
    Identity("TIC Grand Total = countries + groups + All Other", "TIC.MFH.TOTAL",
             (r"TIC\.MFH\.[A-Z]{2}", r"TIC\.MFH\.GROUP\..+", r"TIC\.MFH\.ALL_OTHER"), 0.051, pattern=True),
    Identity("TIC Foreign Official = bills + bonds and notes", "TIC.MFH.OFFICIAL",
             ("TIC.MFH.OFFICIAL.BILLS", "TIC.MFH.OFFICIAL.NOTES_BONDS"), 0.051),
    # (early issues print lines rounded to $1 mn, hence half a million per line)
    # the marketable lines vary over time: TIPS on two lines until 2004-05, FRNs from 2014,
    # the Federal Financing Bank line in most months
    *(Identity(f"MSPD total marketable = bills + notes + bonds + TIPS + FRN + FFB{sfx}", f"MSPD.MARKETABLE.TOTAL{sfx}",
               (rf"MSPD\.MARKETABLE\.(BILLS|NOTES|BONDS|TIPS|TIPS_NOTES|TIPS_BONDS|FRN|FFB){re.escape(sfx)}",), 0.5,
               pattern=True, required=tuple(f"MSPD.MARKETABLE.{k}{sfx}" for k in ("BILLS", "NOTES", "BONDS")),
               rel_tolerance=1e-6)
      for sfx in ("", ".PUBLIC", ".INTRAGOV")),
    *(Identity(f"MSPD total = marketable + nonmarketable{sfx}", f"MSPD.TOTAL{sfx}",
               (f"MSPD.MARKETABLE.TOTAL{sfx}", f"MSPD.NONMARKETABLE.TOTAL{sfx}"), 0.5, rel_tolerance=1e-6)
      for sfx in ("", ".PUBLIC", ".INTRAGOV")),
    *(Identity(f"MSPD {line}: public + intragovernmental = total", f"MSPD.{line}",
               (f"MSPD.{line}.PUBLIC", f"MSPD.{line}.INTRAGOV"), 0.5, rel_tolerance=1e-6)
      for line in ("MARKETABLE.TOTAL", "NONMARKETABLE.TOTAL", "TOTAL")),
    # Debt to the Penny: dollars and cents, stored in $ millions
    Identity("Debt to the Penny: public + intragovernmental = total", "DTTP.TOTAL",
             ("DTTP.PUBLIC", "DTTP.INTRAGOV"), 1e-5),
)


class ImplausibleValueError(BadValueError):
    """A value parses but cannot be right: outside its unit's range or a unit slip against its neighbours."""


class IdentityError(BadValueError):
    """A total the publisher states as the sum of lines does not equal them."""


History = Callable[[list], Mapping[str, pd.Series]]


def validate_payload(result: ParseResult, *, today: pd.Timestamp | None = None,
                     history: History | None = None) -> None:
    """Raise if ``result`` holds a value ustmon must not store (see the module docstring)."""
    _check_vintage(result, today)
    _check_records(result, today)
    obs = result.observations
    if obs.empty:
        return
    values = obs["value"].to_numpy(dtype="float64")
    bad = np.isinf(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        r = obs.iloc[i]
        raise BadValueError(result.source, result.origin,
                            f"non-finite value {values[i]!r} for {_day(r['date'])}",
                            field=str(r["series_id"]))
    _check_dates(result, today)
    factors = _factors(result)
    _check_ranges(result, factors)
    _check_identities(result, factors)
    _FACTORIZED.clear()
    hist: Mapping[str, pd.Series] = {}
    if history is not None:
        ids = [str(s) for s in pd.unique(obs["series_id"])]
        hist = history(ids) or {}
    _check_jumps(result, factors, hist)


_FACTORIZED: dict = {}


def _per_row(obs: pd.DataFrame, fn, dtype) -> np.ndarray:
    """``fn(series_id)`` for every row, computed once per distinct id (fast on 200k-row payloads)."""
    key = id(obs)
    if _FACTORIZED.get("key") != key or _FACTORIZED.get("obs") is not obs:
        codes, uniq = pd.factorize(obs["series_id"].to_numpy(dtype=object))
        _FACTORIZED.update(key=key, obs=obs, codes=codes, uniq=uniq)
    codes, uniq = _FACTORIZED["codes"], _FACTORIZED["uniq"]
    per = np.array([fn(str(u)) for u in uniq], dtype=dtype)
    return per[codes] if len(per) else np.array([], dtype=dtype)


def _day(d) -> str:
    try:
        return str(pd.Timestamp(d).date())
    except (ValueError, OverflowError):
        return str(np.datetime64(d, "D"))


def _check_dates(result: ParseResult, today) -> None:
    obs = result.observations
    today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today).normalize()
    # compare in seconds: a parser may hand over microsecond dates (year 1, year 9999) that a
    # cast to nanoseconds would silently wrap into the 18th century
    dates = pd.to_datetime(obs["date"]).to_numpy().astype("datetime64[s]")

    def ahead_of(sid: str) -> np.timedelta64:
        f = result.series[sid].frequency if sid in result.series else "irregular"
        return _AHEAD.get(f, _AHEAD["irregular"]).to_timedelta64().astype("timedelta64[s]")

    ahead = _per_row(obs, ahead_of, "timedelta64[s]")
    late = dates > (np.datetime64(today.date(), "s") + ahead)
    early = dates < np.datetime64(EARLIEST_DATE.date(), "s")
    for mask, what in ((late, "in the future"), (early, "before any data ustmon reads")):
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            r = obs.iloc[i]
            raise BadDateError(result.source, result.origin,
                               f"date {_day(r['date'])} is {what} (today is {today.date()})",
                               field=str(r["series_id"]))


def _check_vintage(result: ParseResult, today) -> None:
    """The publication date a file declares is a real date: not before any data, not in the future."""
    if result.vintage is None:
        return
    today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today).normalize()
    v = pd.Timestamp(result.vintage)
    if v.tzinfo is not None:
        v = v.tz_convert(None)
    if v < EARLIEST_DATE or v > today + _VINTAGE_AHEAD:
        raise BadDateError(result.source, result.origin,
                           f"the file's publication date {v.date()} is implausible (today is {today.date()})",
                           field="vintage")


def _check_records(result: ParseResult, today) -> None:
    """Records (auction results, securities by CUSIP): finite numbers, dates within the plausible window.

    NaN / NaT mean "not published" and are kept.  A date may lie up to
    :data:`LATEST_RECORD_DATE_YEARS` ahead (a 30-year bond's maturity).
    """
    if not result.records:
        return
    today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today).normalize()
    lo = np.datetime64(EARLIEST_DATE.date(), "s")
    hi = np.datetime64((today + pd.DateOffset(years=LATEST_RECORD_DATE_YEARS)).date(), "s")
    for name, df in result.records.items():
        keys = [k for k in result.record_keys.get(name, []) if k in df.columns]
        for col in df.columns:
            s = df[col]
            if pd.api.types.is_datetime64_any_dtype(s.dtype):
                d = s.to_numpy().astype("datetime64[s]")
                bad = ~np.isnat(d) & ((d < lo) | (d > hi))
                what = "an implausible date"
                cls = BadDateError
            elif pd.api.types.is_float_dtype(s.dtype):
                v = s.to_numpy(dtype="float64", na_value=np.nan)
                bad = np.isinf(v)
                what = "a non-finite number"
                cls = BadValueError
            else:
                continue
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                row = df.iloc[i]
                key = ", ".join(f"{k}={row[k]}" for k in keys)
                raise cls(result.source, result.origin,
                          f"{name} record {i + 1}{f' ({key})' if key else ''} holds {what}: {row[col]!r}",
                          field=str(col))


def _factors(result: ParseResult) -> dict[str, float]:
    """Per series, the multiplier from the payload's unit to the catalog unit (1.0 when unknown)."""
    out: dict[str, float] = {}
    for sid, meta in result.series.items():
        src = result.units.get(sid, meta.unit)
        try:
            out[sid] = conversion_factor(src, meta.unit, series_id=sid)
        except Exception:  # the store refuses the payload with a clear message
            out[sid] = 1.0
    return out


def _checked(sid: str) -> bool:
    return not sid.startswith(UNCHECKED_PREFIXES)


def _catalog_values(obs: pd.DataFrame, factors: Mapping[str, float]) -> np.ndarray:
    values = obs["value"].to_numpy(dtype="float64")
    f = _per_row(obs, lambda sid: factors.get(sid, 1.0), "float64")
    with np.errstate(over="ignore", invalid="ignore"):
        return values * f


def _check_ranges(result: ParseResult, factors: Mapping[str, float]) -> None:
    obs = result.observations
    def unit_of(sid: str) -> str:
        return result.series[sid].unit if sid in result.series else ""

    def bounds(sid: str) -> tuple[float, float]:
        if not _checked(sid):
            return (-np.inf, np.inf)
        return UNIT_RANGES.get(unit_of(sid), (-np.inf, np.inf))

    lo = _per_row(obs, lambda sid: bounds(sid)[0], "float64")
    hi = _per_row(obs, lambda sid: bounds(sid)[1], "float64")
    v = _catalog_values(obs, factors)
    with np.errstate(invalid="ignore"):
        out = ((v < lo) | (v > hi)) & ~np.isnan(v)
    if out.any():
        i = int(np.flatnonzero(out)[0])
        r = obs.iloc[i]
        u = unit_of(str(r["series_id"]))
        raise ImplausibleValueError(
            result.source, result.origin,
            f"value {r['value']!r} on {_day(r['date'])} is outside the plausible range "
            f"[{lo[i]:g}, {hi[i]:g}] for unit {u!r}; a unit slip (x100, x1000)?",
            field=str(r["series_id"]))


def _latest_per_date(g: pd.DataFrame) -> pd.Series:
    if "vintage" in g.columns:
        g = g.sort_values("vintage", kind="stable")
    s = pd.Series(g["_v"].to_numpy(), index=pd.DatetimeIndex(pd.to_datetime(g["date"])))
    s = s[~s.index.duplicated(keep="last")].sort_index()
    return s.dropna()


def _check_jumps(result: ParseResult, factors: Mapping[str, float], hist: Mapping[str, pd.Series]) -> None:
    obs = result.observations.copy()
    obs["_v"] = _catalog_values(obs, factors)
    for sid, g in obs.groupby("series_id", sort=False):
        sid = str(sid)
        if not _checked(sid):
            continue
        meta = result.series.get(sid)
        unit = meta.unit if meta else ""
        if unit in NO_JUMP_UNITS:
            continue
        floor = JUMP_FLOOR.get(unit, 0.0)
        new = _latest_per_date(g)
        if new.empty:
            continue
        old = hist.get(sid)
        if old is not None and len(old):
            old = pd.Series(np.asarray(old, dtype="float64"), index=pd.DatetimeIndex(old.index)).dropna()
            old = old[~old.index.duplicated(keep="last")].sort_index()
        else:
            old = pd.Series([], dtype="float64", index=pd.DatetimeIndex([]))
        # 1) revisions of stored values by a unit factor
        common = new.index.intersection(old.index)
        if len(common):
            a, b = new.loc[common].to_numpy(), old.loc[common].to_numpy()
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.abs(a) / np.abs(b)
            big = np.maximum(np.abs(a), np.abs(b))
            bad = ((ratio >= JUMP_FACTOR) | (ratio <= 1 / JUMP_FACTOR)) & (b != 0) & (a != 0) & (big >= floor)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise ImplausibleValueError(
                    result.source, result.origin,
                    f"value on {_day(common[i])} revises the stored {b[i]:g} to {a[i]:g} ({ratio[i]:.4g}x); "
                    f"a unit slip? Nothing was stored", field=sid)
        # 2) new or changed values against the level of their neighbours (levels only)
        if sid.startswith(FLOW_PREFIXES):
            continue
        keep_old = old[~old.index.isin(new.index)]
        comb = pd.concat([keep_old, new]).sort_index() if len(keep_old) else new
        if len(comb) < 3:
            continue
        changed = np.ones(len(comb), dtype=bool)
        if len(old):
            changed = comb.index.isin(new.index)
            if len(common):
                same = pd.Series(False, index=comb.index)
                eq = np.isclose(new.loc[common].to_numpy(), old.loc[common].to_numpy(), rtol=1e-9, atol=0)
                same.loc[common[eq]] = True
                changed &= ~same.to_numpy()
        mag = np.abs(comb.to_numpy())
        level = _neighbour_median(mag, JUMP_WINDOW)
        # dates after the stored history are judged against its last values, however many new dates slipped
        extends = comb.index > old.index.max() if len(old) else np.zeros(len(comb), dtype=bool)
        if extends.any():
            level = np.where(extends, float(np.median(np.abs(old.to_numpy()[-JUMP_WINDOW:]))), level)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            # up: far above the local level AND above the series' usual size (near-zero
            # stretches, such as the Fed's reverse repos in 2020, do spike by 100x)
            nz = mag[mag > 0]
            usual = float(np.median(nz)) if nz.size else 0.0
            up = changed & (mag > JUMP_FACTOR * level) & (mag > JUMP_FACTOR * usual) & (mag >= floor) & (level > 0)
            positive = bool((comb.to_numpy() > 0).all())
            # a slip down is only judged on dates that extend the stored history: published
            # series do hold one-off collapses (Z.1 FL403061105 1981:Q1 = 3 between 1682 and 1734)
            down = changed & extends & positive & (mag * JUMP_FACTOR < level) & (level >= floor)
        bad = up | down
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            with np.errstate(over="ignore", divide="ignore"):
                times = mag[i] / level[i]
            raise ImplausibleValueError(
                result.source, result.origin,
                f"value {comb.iloc[i]:g} on {_day(comb.index[i])} is {times:.4g}x the level of its "
                f"neighbours ({level[i]:g}, median of up to {JUMP_WINDOW} values each side); "
                f"a unit slip (x100, x1000)? Nothing was stored", field=sid)


def _neighbour_median(mag: np.ndarray, k: int) -> np.ndarray:
    """Median of the window of ``k`` values each side and the value itself.

    A run of fewer than ``k`` slipped values cannot move it: the good
    neighbours outnumber them.
    """
    return pd.Series(mag).rolling(2 * k + 1, center=True, min_periods=1).median().to_numpy()


def _check_identities(result: ParseResult, factors: Mapping[str, float]) -> None:
    obs = result.observations
    ids = set(result.observations["series_id"].unique())
    relevant = [idn for idn in IDENTITIES if idn.total in ids]
    if not relevant:
        return
    o = obs.copy()
    o["_v"] = _catalog_values(o, factors)
    if "vintage" in o.columns:
        o = o.sort_values("vintage", kind="stable")
    wide = o.pivot_table(index="date", columns="series_id", values="_v", aggfunc="last", dropna=False)
    for idn in relevant:
        if idn.pattern:
            parts = [c for c in wide.columns if c != idn.total and any(re.fullmatch(p, c) for p in idn.parts)]
            if not parts:
                continue
            need_all = [c for c in parts if c.endswith("ALL_OTHER") or c in idn.required]
            if any(r not in wide.columns for r in idn.required):
                continue
        else:
            if not all(p in wide.columns for p in idn.parts):
                continue
            parts = list(idn.parts)
            need_all = parts
        total = wide[idn.total]
        sub = wide[parts]
        n_parts = sub.notna().sum(axis=1)
        ok_rows = total.notna() & sub[need_all].notna().all(axis=1) & (n_parts > 0)
        if not ok_rows.any():
            continue
        s = sub.sum(axis=1, min_count=1)
        diff = (s - total).abs()
        tol = idn.tolerance * (n_parts + 1) + idn.rel_tolerance * total.abs()
        bad = ok_rows & (diff > tol)
        if bad.any():
            d = bad[bad].index[0]
            raise IdentityError(
                result.source, result.origin,
                f"{idn.name}: on {_day(d)} the total {total[d]:,.6g} differs from the sum of its "
                f"{int(n_parts[d])} lines {s[d]:,.6g} by {diff[d]:,.4g} (tolerance {tol[d]:.3g}); "
                f"a line was dropped, duplicated or mis-scaled", field=idn.total)


def store_history(store_path: Path | str) -> History:
    """A ``history`` callable reading the latest stored values from the store at ``store_path``.

    Opens the store read-only for each call (short look, no lock held between
    calls); an id not in the store is simply absent from the answer.
    """

    def history(series_ids: list) -> dict[str, pd.Series]:
        from .store import Store

        p = Path(store_path)
        if not p.exists():
            return {}
        with Store.open(p, read_only=True) as st:
            return st.get_many(series_ids, optional=True)

    return history


__all__ = ["validate_payload", "store_history", "EARLIEST_DATE", "LATEST_RECORD_DATE_YEARS", "UNIT_RANGES", "JUMP_FACTOR", "IDENTITIES",
           "Identity", "ImplausibleValueError", "IdentityError"]
