"""Quarterly refunding: Treasury's marketable borrowing estimates against actual borrowing from MSPD.

The estimates come from the refunding press releases ("Treasury Announces
Marketable Borrowing Estimates"), read by the source module
:mod:`ustmon.sources.treasury_refunding` into records ``refunding_estimates``
(``quarter``, ``kind`` ``estimate``/``actual``, ``borrowing_bn``,
``end_cash_bn``, ``release`` = announcement date, which is when each became
known).  None are in the offline mirror.

Actual borrowing from MSPD (:func:`actual_from_mspd`): the quarterly change in
marketable debt held by the public (``MSPD.MARKETABLE.TOTAL.PUBLIC``), and,
when the Fed's holdings are stored (H.4.1 ``TREAST``, Wednesday levels, the
last of the quarter), that change less the change in the Fed's holdings: the
privately-held measure Treasury's estimates use (an approximation: TREAST is a
Wednesday level, not the quarter's last day).  The end-of-quarter cash balance
is the DTS TGA close (``DTS.TGA.CLOSE``) on the quarter's last statement.
:func:`compare` sets the latest estimate of each quarter (the last release
before ``as_of``) beside them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


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
    est = estimates[estimates["kind"] == "estimate"].copy()
    est["quarter"] = pd.to_datetime(est["quarter"].astype(str).str[:10])
    est["release"] = pd.to_datetime(est["release"].astype(str).str[:10], errors="coerce")
    est = est.sort_values(["quarter", "release"], na_position="first")
    est = est.groupby("quarter").last()
    out = out.join(est[["borrowing_bn", "end_cash_bn", "release"]].rename(
        columns={"borrowing_bn": "estimate_bn", "end_cash_bn": "estimate_cash_bn", "release": "estimate_release"}),
        how="outer")
    base = "privately_held_borrowing" if "privately_held_borrowing" in out else "net_marketable_borrowing"
    out["miss_bn"] = out[base] - out["estimate_bn"]
    out.index.name = "date"
    return out.replace({None: np.nan})
