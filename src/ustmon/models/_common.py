"""Dates and rounding shared by the bond, bill and futures models (no model imports: breaks the old
bills <-> bonds circle).

``DateLike`` is anything :func:`to_date` reads: a ``datetime.date``/``datetime``, a pandas Timestamp, a
numpy datetime64 or an ISO string (only its first 10 characters are read).
"""

from __future__ import annotations

import calendar
import functools
import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

DateLike = _dt.date | str | pd.Timestamp


def to_date(d: DateLike) -> _dt.date:
    """A ``datetime.date`` from a date, Timestamp, datetime or ISO string.

    >>> to_date("2024-05-15T00:00:00")
    datetime.date(2024, 5, 15)
    """
    if isinstance(d, pd.Timestamp):
        return d.date()
    if isinstance(d, _dt.datetime):
        return d.date()
    if isinstance(d, _dt.date):
        return d
    if isinstance(d, str):
        return _dt.date.fromisoformat(d.strip()[:10])
    if isinstance(d, np.datetime64):
        return pd.Timestamp(d).date()
    raise TypeError(f"not a date: {d!r}")


def is_month_end(d: _dt.date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


@functools.lru_cache(maxsize=8192)  # pure; bond schedules ask for the same few dates thousands of times
def add_months(d: _dt.date, months: int, eom: bool = False) -> _dt.date:
    """``d`` moved by ``months`` calendar months; the day is clipped to the
    month's length, or set to the month's last day when ``eom``.

    >>> add_months(_dt.date(2024, 8, 31), 6)
    datetime.date(2025, 2, 28)
    """
    m0 = d.year * 12 + (d.month - 1) + months
    y, m = divmod(m0, 12)
    m += 1
    last = calendar.monthrange(y, m)[1]
    return _dt.date(y, m, last if eom else min(d.day, last))


def months_between(start: _dt.date, end: _dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (floor)."""
    n = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, n) > end:
        n -= 1
    return n


def round_half_up(x: float, decimals: int) -> float:
    """Round half away from zero at ``decimals`` places, as Treasury and CME publish.

    ``Decimal(repr(x))`` avoids binary artefacts such as 99.2821115 stored as ...149999.

    >>> round_half_up(99.2821115, 6)
    99.282112
    """
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))
