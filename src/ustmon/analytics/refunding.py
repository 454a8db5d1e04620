"""Quarterly refunding: Treasury's marketable borrowing estimates against actual borrowing from MSPD.

Treasury announces, on the Monday of refunding week (and again three months
later), its **marketable borrowing estimate** for the current and next
quarter: the press release "Treasury Announces Marketable Borrowing
Estimates" (https://home.treasury.gov/news/press-releases, live only; none in
the shared mirror).  Its sentences follow one pattern::

    During the July – September 2024 quarter, Treasury expects to borrow $740
    billion in privately-held net marketable debt, assuming an end-of-September
    cash balance of $850 billion.
    During the April – June 2024 quarter, Treasury borrowed $243 billion in
    privately-held net marketable debt and ended the quarter with a cash
    balance of $750 billion.

:func:`parse_borrowing_release` turns such a text into rows (``quarter``
start date, ``kind`` ``estimate`` or ``actual``, ``borrowing_bn``,
``end_cash_bn``, ``release``), the shape of records
``refunding_estimates`` that a source module stores.  A text without any such
sentence is refused (:class:`ustmon.errors.MissingColumnError` naming the
sentence looked for), as is a number that is not a number.

Actual borrowing from MSPD (:func:`actual_from_mspd`): the quarterly change in
marketable debt held by the public (``MSPD.MARKETABLE.TOTAL.PUBLIC``), and,
when the Fed's holdings are stored (H.4.1 ``TREAST``, Wednesday levels, the
last of the quarter), that change less the change in the Fed's holdings: the
privately-held measure Treasury's estimates use (an approximation: TREAST is a
Wednesday level, not the quarter's last day).  The end-of-quarter cash balance
is the DTS TGA close (``DTS.TGA.CLOSE``) on the quarter's last statement.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import BadValueError, MissingColumnError

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"], 1)}
_DASH = r"\s*[-\u2013\u2014]+\s*"
_QUARTER = rf"(?P<m0>[A-Z][a-z]+){_DASH}(?P<m1>[A-Z][a-z]+)\s+(?P<year>\d{{4}})\s+quarter"
_AMOUNT = r"\$\s?(?P<{name}>[\d,.]+)\s*(?P<{name}_unit>billion|trillion)"
_ESTIMATE = re.compile(
    rf"During the {_QUARTER},\s+Treasury expects to borrow {_AMOUNT.format(name='amt')} in privately[- ]held net "
    rf"marketable debt,\s+assuming an end-of-(?P<cm>[A-Z][a-z]+) cash balance of {_AMOUNT.format(name='cash')}",
    re.S)
_ACTUAL = re.compile(
    rf"During the {_QUARTER},\s+Treasury borrowed {_AMOUNT.format(name='amt')} in privately[- ]held net marketable "
    rf"debt and ended the quarter with a cash balance of {_AMOUNT.format(name='cash')}", re.S)


def _bn(text: str, unit: str, origin: str, field: str) -> float:
    try:
        v = float(text.replace(",", "").rstrip("."))
    except ValueError as e:
        raise BadValueError("treasury", origin, f"not an amount: {text!r}", field=field) from e
    return v * (1000.0 if unit == "trillion" else 1.0)


def parse_borrowing_release(text: str, origin: str, release: str | None = None) -> pd.DataFrame:
    """Estimates and actuals of privately-held net marketable borrowing and cash balances from a press release."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    rows = []
    for kind, rx in (("estimate", _ESTIMATE), ("actual", _ACTUAL)):
        for m in rx.finditer(text):
            m0 = _MONTHS.get(m["m0"].lower())
            if m0 is None:
                raise BadValueError("treasury", origin, f"not a month: {m['m0']!r}", field="quarter")
            year = int(m["year"])
            # 'October - December 2024' starts in October 2024; the year names the quarter's months
            rows.append({"quarter": pd.Timestamp(year, m0, 1), "kind": kind,
                         "borrowing_bn": _bn(m["amt"], m["amt_unit"], origin, "borrowing"),
                         "end_cash_bn": _bn(m["cash"], m["cash_unit"], origin, "cash balance"),
                         "release": release})
    if not rows:
        raise MissingColumnError("treasury", origin, "no marketable borrowing estimate in the text (looked for "
                                 "'During the <months> <year> quarter, Treasury expects to borrow $... in "
                                 "privately-held net marketable debt')", field="expects to borrow")
    return pd.DataFrame(rows).sort_values(["quarter", "kind"]).reset_index(drop=True)


def actual_from_mspd(held_by_public_mn: pd.Series, fed_holdings_mn: pd.Series | None = None,
                     tga_mn: pd.Series | None = None) -> pd.DataFrame:
    """Quarterly actual net marketable borrowing ($bn) from MSPD month-end levels (dated the 1st of the month).

    ``net_marketable_borrowing``: change in marketable held by the public,
    quarter end on quarter end (needs the quarter's last month and the previous
    quarter's); ``privately_held_borrowing``: that minus the change in Fed
    holdings (last level of each quarter); ``end_cash_bn``: TGA close on the
    quarter's last statement.
    """
    h = held_by_public_mn.dropna() * 1e-3
    p = pd.PeriodIndex(h.index, freq="M")
    ends = h[p.month % 3 == 0]
    q = pd.Series(ends.to_numpy(), index=pd.PeriodIndex(ends.index, freq="Q"))
    q = q[~q.index.duplicated(keep="last")]
    full = pd.period_range(q.index.min(), q.index.max(), freq="Q") if len(q) else q.index
    q = q.reindex(full)
    out = pd.DataFrame({"net_marketable_borrowing": q.diff()})
    if fed_holdings_mn is not None and len(fed_holdings_mn.dropna()):
        f = fed_holdings_mn.dropna() * 1e-3
        fq = f.groupby(pd.PeriodIndex(f.index, freq="Q")).last().reindex(full)
        out["fed_change"] = fq.diff()
        out["privately_held_borrowing"] = out["net_marketable_borrowing"] - out["fed_change"]
    if tga_mn is not None and len(tga_mn.dropna()):
        t = tga_mn.dropna() * 1e-3
        tq = t.groupby(pd.PeriodIndex(t.index, freq="Q")).last()
        last_day = t.groupby(pd.PeriodIndex(t.index, freq="Q")).apply(lambda s: s.index.max())
        complete = last_day >= (last_day.index.end_time.normalize() - pd.offsets.BDay(3))
        out["end_cash_bn"] = tq.where(complete).reindex(full)
    out.index = full.to_timestamp()
    out.index.name = "date"
    return out.dropna(how="all")


def compare(actual: pd.DataFrame, estimates: pd.DataFrame | None) -> pd.DataFrame:
    """Actuals beside the latest estimate of each quarter (``estimate_bn``, ``estimate_cash_bn``, ``miss_bn``)."""
    out = actual.copy()
    if estimates is None or not len(estimates):
        return out
    est = estimates[estimates["kind"] == "estimate"].sort_values(["quarter", "release"], na_position="first")
    est = est.groupby("quarter").last()
    out = out.join(est[["borrowing_bn", "end_cash_bn"]].rename(
        columns={"borrowing_bn": "estimate_bn", "end_cash_bn": "estimate_cash_bn"}), how="outer")
    base = "privately_held_borrowing" if "privately_held_borrowing" in out else "net_marketable_borrowing"
    out["miss_bn"] = out[base] - out["estimate_bn"]
    out.index.name = "date"
    return out.replace({None: np.nan})
