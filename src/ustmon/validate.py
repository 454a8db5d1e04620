"""Validation at the door: checks every parsed payload passes before anything of it is stored.

A parser turns bytes into a tidy frame; this module decides whether the
values are believable.  A failed check raises a
:class:`~ustmon.errors.SourceFormatError` subclass that names the source, the
file or URL and the series (field) and date, so the whole file is refused and
nothing already stored changes.

Checks today:
* every value is finite (``inf``, ``-Infinity`` and overflowing numbers such
  as ``1e400`` are refused; NaN means "missing as published" and is kept);
* every observation date lies in a plausible window: not before
  :data:`EARLIEST_DATE` and not after today plus the series' frequency allows
  (a period-start date of the current month or quarter is normal, a date years
  ahead is a typo).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import BadDateError, BadValueError
from .sources.base import ParseResult

#: no series ustmon reads starts before this (OMB's tables start in 1789, as a text range)
EARLIEST_DATE = pd.Timestamp("1776-01-01")

#: how far past today an observation's period date may lie, by catalog frequency
_AHEAD = {"D": pd.Timedelta(days=7), "W": pd.Timedelta(days=14), "M": pd.Timedelta(days=62),
          "Q": pd.Timedelta(days=190), "A": pd.Timedelta(days=800), "irregular": pd.Timedelta(days=31)}

def validate_payload(result: ParseResult, *, today: pd.Timestamp | None = None) -> None:
    """Raise if any value of ``result`` is non-finite or dated outside the plausible window."""
    obs = result.observations
    if obs.empty:
        return
    values = obs["value"].to_numpy(dtype="float64")
    bad = np.isinf(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        r = obs.iloc[i]
        raise BadValueError(result.source, result.origin,
                            f"non-finite value {values[i]!r} for {pd.Timestamp(r['date']).date()}",
                            field=str(r["series_id"]))
    today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today).normalize()
    dates = pd.to_datetime(obs["date"])
    freq = obs["series_id"].map(lambda s: result.series[s].frequency if s in result.series else "irregular")
    ahead = freq.map(lambda f: _AHEAD.get(f, _AHEAD["irregular"]))
    late = (dates > today + pd.to_timedelta(ahead)).to_numpy()
    early = (dates < EARLIEST_DATE).to_numpy()
    for mask, what in ((late, "in the future"), (early, "before any data ustmon reads")):
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            r = obs.iloc[i]
            raise BadDateError(result.source, result.origin,
                               f"date {pd.Timestamp(r['date']).date()} is {what} (today is {today.date()})",
                               field=str(r["series_id"]))

__all__ = ["validate_payload", "EARLIEST_DATE"]
