"""US Treasury note and bond math, street convention.

Conventions (stated once, used everywhere in this module):

* Rates in the public API are in **percent** (``coupon=4.25``, ``yld=4.58``),
  as the market and Treasury quote them.  Prices are **per 100 face**.
* Coupons are semi-annual.  The schedule is generated backward from maturity in
  6-month steps.  End-of-month rule: a security maturing on the last calendar
  day of a month pays on the last calendar day of the paired month (a note
  maturing 2029-08-31 pays 02-28/29 and 08-31).  Payment dates are unadjusted
  (Treasury pays on the next business day but the amount and the accrual do
  not change).
* Accrued interest is actual/actual ICMA within the coupon period:
  ``coupon/2 * (settle - previous coupon) / (next coupon - previous coupon)``.
  A short first coupon (dated date after the previous quasi-coupon date) pays
  ``coupon/2 * (first coupon - dated) / (regular period length)``; a long first
  coupon is summed over its quasi-periods (ICMA rule 251).
* Price from yield: semi-annual compounding with a fractional first period
  ``w = days(settle, next coupon) / days(previous coupon, next coupon)``::

      dirty = sum_k CF_k / (1 + y/2) ** (w + k)

  **Final coupon period**: by default it is compounded like every other period
  (``final_period="compounded"``).  This is what QuantLib's ``BondFunctions``
  with ``Compounded, Semiannual`` and ``ActualActual(Bond)`` do, and what
  Treasury's own price formula (31 CFR Part 356, Appendix B) does.  The SIFMA
  "street" convention for a bond in its last coupon period is simple interest,
  ``dirty = (100 + C/2) / (1 + w * y/2)``; pass ``final_period="simple"`` for it.
* Durations are in years (periods / 2); modified duration and convexity are
  with respect to the semi-annual yield (as QuantLib reports them).
* DV01 is the dirty-price change for a 1 bp fall in yield, per 100 face; the
  per-$1mm figure is that times 10,000 (dollars).

Only the Python standard library, numpy, pandas and scipy are used.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass
from typing import Callable, Literal

import numpy as np
import pandas as pd
from scipy.optimize import brentq

# dates and rounding live in ._common (shared with bills and futures); re-exported here for callers
from ._common import DateLike, add_months, is_month_end, months_between, round_half_up, to_date  # noqa: F401

FinalPeriod = Literal["compounded", "simple"]


# --------------------------------------------------------------------------- bond
@dataclass(frozen=True)
class TreasuryBond:
    """A fixed-coupon Treasury note or bond.

    ``coupon`` is the annual rate in percent; ``maturity`` the maturity date;
    ``dated_date`` (optional) the date interest starts accruing (the original
    issue's dated date; for reopenings the original one); ``first_coupon``
    (optional) only for long first coupons; ``face`` the face amount the
    cash-flow helpers scale to (prices are always per 100).
    """

    coupon: float
    maturity: _dt.date
    dated_date: _dt.date | None = None
    first_coupon: _dt.date | None = None
    face: float = 100.0
    cusip: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "maturity", to_date(self.maturity))
        if self.dated_date is not None:
            object.__setattr__(self, "dated_date", to_date(self.dated_date))
        if self.first_coupon is not None:
            object.__setattr__(self, "first_coupon", to_date(self.first_coupon))
        object.__setattr__(self, "_eom", is_month_end(self.maturity))
        if not np.isfinite(self.coupon) or self.coupon < 0:
            raise ValueError(f"coupon must be a non-negative percent, got {self.coupon!r}")

    @property
    def eom(self) -> bool:
        return self._eom  # type: ignore[attr-defined]

    def quasi_coupon(self, k: int) -> _dt.date:
        """The k-th quasi-coupon date counting back from maturity (k=0 is maturity)."""
        return add_months(self.maturity, -6 * k, self.eom)


def _quasi_bracket(bond: TreasuryBond, settle: _dt.date) -> tuple[int, _dt.date, _dt.date]:
    """(k, previous, next) quasi-coupon dates with previous <= settle < next;
    ``next`` is ``quasi_coupon(k)``."""
    if settle >= bond.maturity:
        raise ValueError(f"settlement {settle} is on or after maturity {bond.maturity}")
    k = max(months_between(settle, bond.maturity) // 6, 0)
    # k periods back from maturity is on or after settle; step so that next > settle >= prev.
    while bond.quasi_coupon(k) <= settle:
        k -= 1
    while bond.quasi_coupon(k + 1) > settle:
        k += 1
    return k, bond.quasi_coupon(k + 1), bond.quasi_coupon(k)


def coupon_schedule(bond: TreasuryBond, start: DateLike | None = None) -> list[_dt.date]:
    """Coupon payment dates (unadjusted), ascending, ending at maturity.

    From the first coupon after ``dated_date`` (or ``first_coupon``), or only
    those after ``start`` when given."""
    lo = to_date(start) if start is not None else bond.dated_date
    out: list[_dt.date] = []
    k = 0
    while True:
        d = bond.quasi_coupon(k)
        if lo is not None and d <= lo:
            break
        if bond.first_coupon is not None and d < bond.first_coupon:
            break
        out.append(d)
        k += 1
        if lo is None and k > 200:  # no lower bound given: 100 years of coupons at most
            break
    return out[::-1]


def previous_coupon(bond: TreasuryBond, settle: DateLike) -> _dt.date:
    """Last coupon (quasi-coupon) date on or before ``settle``."""
    return _quasi_bracket(bond, to_date(settle))[1]


def next_coupon(bond: TreasuryBond, settle: DateLike) -> _dt.date:
    """First coupon date strictly after ``settle``."""
    return _quasi_bracket(bond, to_date(settle))[2]


def _accrual_fraction(bond: TreasuryBond, start: _dt.date, end: _dt.date) -> float:
    """ICMA fraction of a regular coupon period between ``start`` and ``end``,
    summed over the quasi-coupon periods they span (1.0 for a whole period)."""
    if end <= start:
        return 0.0
    total = 0.0
    k, prev, nxt = _quasi_bracket(bond, start)
    a = start
    while a < end:
        b = min(end, nxt)
        total += (b - a).days / (nxt - prev).days
        if k == 0:
            break
        a = b
        k -= 1
        prev, nxt = nxt, bond.quasi_coupon(k)
    return total


def _first_period(bond: TreasuryBond, settle: _dt.date) -> tuple[_dt.date, _dt.date, _dt.date, float]:
    """(accrual start, previous quasi coupon, next coupon, first coupon amount per 100)."""
    k, prev, nxt = _quasi_bracket(bond, settle)
    half = bond.coupon / 2.0
    dd = bond.dated_date
    in_first = False
    if bond.first_coupon is not None and settle < bond.first_coupon:
        nxt = bond.first_coupon  # inside a long first coupon period
        in_first = True
    elif dd is not None and dd > prev:
        in_first = True  # short first coupon period
    if in_first and dd is not None:
        return dd, prev, nxt, half * _accrual_fraction(bond, dd, nxt)
    return prev, prev, nxt, half


def accrued_interest(bond: TreasuryBond, settle: DateLike) -> float:
    """Accrued interest per 100 face at ``settle`` (actual/actual ICMA)."""
    s = to_date(settle)
    if bond.dated_date is not None and s < bond.dated_date:
        raise ValueError(f"settlement {s} is before the dated date {bond.dated_date}")
    start, prev, nxt, _ = _first_period(bond, s)
    return bond.coupon / 2.0 * _accrual_fraction(bond, start, s)


def cash_flows(bond: TreasuryBond, settle: DateLike) -> tuple[np.ndarray, np.ndarray, float]:
    """Remaining cash flows per 100 face after ``settle``.

    Returns ``(periods, amounts, w)``: ``periods[k] = w + k`` semi-annual periods
    from settlement to each payment, ``amounts`` coupon (+100 at maturity)."""
    s = to_date(settle)
    _, prev, nxt = _quasi_bracket(bond, s)
    _, _, first_pay, first_amt = _first_period(bond, s)
    # w in regular periods; inside a long first coupon period it exceeds 1.
    w = (nxt - s).days / (nxt - prev).days if first_pay == nxt else _accrual_fraction(bond, s, first_pay)
    n = months_between(first_pay, bond.maturity) // 6 + 1
    periods = w + np.arange(n, dtype=float)
    amounts = np.full(n, bond.coupon / 2.0)
    amounts[0] = first_amt
    amounts[-1] += 100.0
    return periods, amounts, w


def dirty_price(bond: TreasuryBond, settle: DateLike, yld: float, final_period: FinalPeriod = "compounded") -> float:
    """Dirty (full) price per 100 face from a yield in percent (semi-annual)."""
    periods, amounts, w = cash_flows(bond, settle)
    y = yld / 100.0
    if final_period == "simple" and len(periods) == 1:
        return float(amounts[0] / (1.0 + w * y / 2.0))
    return float(np.sum(amounts * (1.0 + y / 2.0) ** (-periods)))


def clean_price(bond: TreasuryBond, settle: DateLike, yld: float, final_period: FinalPeriod = "compounded") -> float:
    """Clean price per 100 face from a yield in percent."""
    return dirty_price(bond, settle, yld, final_period) - accrued_interest(bond, settle)


def yield_from_price(
    bond: TreasuryBond,
    settle: DateLike,
    price: float,
    *,
    clean: bool = True,
    final_period: FinalPeriod = "compounded",
) -> float:
    """Yield in percent (semi-annual, street convention) from a price per 100.

    Solved with Brent's method on a bracket that is widened until it contains
    the root; raises ``ValueError`` if no yield in (-199%, 10000%) fits."""
    s = to_date(settle)
    target = price + (accrued_interest(bond, s) if clean else 0.0)
    if not np.isfinite(target) or target <= 0:
        raise ValueError(f"price must be positive, got {price!r}")
    periods, amounts, w = cash_flows(bond, s)  # once: the solver only varies the yield
    simple_last = final_period == "simple" and len(periods) == 1

    def f(yp: float) -> float:
        y = yp / 100.0
        if simple_last:
            return float(amounts[0] / (1.0 + w * y / 2.0)) - target
        return float(np.dot(amounts, (1.0 + y / 2.0) ** (-periods))) - target

    lo, hi = -5.0, 25.0
    flo, fhi = f(lo), f(hi)
    while flo * fhi > 0:
        if flo < 0:  # price above what even a very low yield gives
            lo = max(lo * 2.0, -199.0)
            flo = f(lo)
            if lo <= -199.0 and flo < 0:
                raise ValueError(f"no yield fits price {price}")
        else:
            hi *= 2.0
            fhi = f(hi)
            if hi > 10000:
                raise ValueError(f"no yield fits price {price}")
    return float(brentq(f, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps, maxiter=200))


@dataclass(frozen=True)
class BondRisk:
    """Price and risk of a bond at one yield (all per 100 face unless stated)."""

    clean: float
    dirty: float
    accrued: float
    yld: float  # percent
    macaulay_duration: float  # years
    modified_duration: float  # years (per unit of semi-annual yield)
    convexity: float  # years^2
    dv01: float  # price points per 100 face for 1 bp
    dv01_per_mm: float  # dollars per $1,000,000 face for 1 bp

    def summary(self) -> str:
        return (f"yield {self.yld:.4f}%: clean {self.clean:.6f}, dirty {self.dirty:.6f} per 100; modified duration "
                f"{self.modified_duration:.3f}y, convexity {self.convexity:.2f}; DV01 {self.dv01:.5f} per 100 "
                f"(${self.dv01_per_mm:,.2f} per $1mm)")


def risk(bond: TreasuryBond, settle: DateLike, yld: float, final_period: FinalPeriod = "compounded") -> BondRisk:
    """Price, Macaulay and modified duration, convexity and DV01 at ``yld`` percent."""
    s = to_date(settle)
    periods, amounts, w = cash_flows(bond, s)
    y = yld / 100.0
    g = 1.0 + y / 2.0
    if final_period == "simple" and len(periods) == 1:
        # P = A / (1 + w y/2): analytic derivatives of the simple-interest form.
        denom = 1.0 + w * y / 2.0
        dirty = amounts[0] / denom
        d1 = -amounts[0] * (w / 2.0) / denom**2
        d2 = 2.0 * amounts[0] * (w / 2.0) ** 2 / denom**3
        mac = w / 2.0
    else:
        df = g ** (-periods)
        pv = amounts * df
        dirty = float(pv.sum())
        d1 = float(np.sum(-periods / 2.0 * pv / g))
        d2 = float(np.sum(periods * (periods + 1.0) / 4.0 * pv / g**2))
        mac = float(np.sum(periods / 2.0 * pv) / dirty)
    ai = accrued_interest(bond, s)
    mod = -d1 / dirty
    conv = d2 / dirty
    dv01 = -d1 * 1e-4
    return BondRisk(
        clean=dirty - ai,
        dirty=dirty,
        accrued=ai,
        yld=yld,
        macaulay_duration=mac,
        modified_duration=mod,
        convexity=conv,
        dv01=dv01,
        dv01_per_mm=dv01 * 1e4,
    )


def dv01(bond: TreasuryBond, settle: DateLike, yld: float) -> float:
    """DV01 per 100 face (price points for 1 bp), at ``yld`` percent."""
    return risk(bond, settle, yld).dv01


# --------------------------------------------------------------------------- mark to market
@dataclass(frozen=True)
class MarkToMarket:
    cost_price: float  # clean, per 100
    clean: float  # clean at the valuation yield, per 100
    pnl_per_100: float  # clean price change (negative = loss)
    pnl: float  # for ``face`` in currency units
    face: float

    def summary(self) -> str:
        return (f"bought at {self.cost_price:.4f}, now {self.clean:.4f} clean: {self.pnl_per_100:+.4f} per 100, "
                f"{self.pnl:+,.2f} on {self.face:,.0f} face")


def mark_to_market(
    bond: TreasuryBond, settle: DateLike, yld: float, cost_price: float = 100.0, face: float = 100.0
) -> MarkToMarket:
    """Clean-price P&L of a holding bought at ``cost_price`` when the market
    yield is ``yld`` percent at ``settle`` (coupons received are not counted)."""
    px = clean_price(bond, settle, yld)
    pnl100 = px - cost_price
    return MarkToMarket(cost_price, px, pnl100, pnl100 * face / 100.0, face)


def years_to_maturity(settle: DateLike, maturity: DateLike) -> float:
    """Years from ``settle`` to ``maturity`` as actual days / 365.25 (used only
    to read a yield off a curve function)."""
    return (to_date(maturity) - to_date(settle)).days / 365.25


@dataclass(frozen=True)
class MarketToPar:
    """A portfolio's par (face) total against its market value, in the holdings' currency units (the unit of
    their ``par`` column): ``market_total`` is clean price x par / 100 summed, ``market_total_dirty`` adds
    accrued interest, ``gap`` is market minus par (negative: the portfolio trades below par).
    ``n_securities`` counts the securities valued (those already matured are skipped)."""

    par_total: float
    market_total: float  # clean
    gap: float  # market_total - par_total
    market_total_dirty: float
    n_securities: int

    @property
    def gap_pct_of_par(self) -> float:
        """The gap as a percentage of par (NaN for an empty portfolio)."""
        return 100.0 * self.gap / self.par_total if self.par_total else float("nan")

    def summary(self) -> str:
        return (f"{self.n_securities} securities: par {self.par_total:,.0f}, market {self.market_total:,.0f} clean "
                f"({self.market_total_dirty:,.0f} dirty), gap {self.gap:+,.0f} ({self.gap_pct_of_par:+.2f}% of par)")


def market_to_par_gap(
    holdings: pd.DataFrame,
    settle: DateLike,
    curve: Callable[[float], float],
) -> MarketToPar:
    """Par total, market total and gap (market - par) of a portfolio, as a :class:`MarketToPar`.

    ``holdings`` has columns ``coupon`` (percent), ``maturity`` (date) and
    ``par`` (face amount, any currency unit); ``curve(t_years) -> yield in
    percent`` gives each security's yield at its remaining maturity
    (``years_to_maturity``).  Market value is clean price x par / 100; the
    dirty total is reported too.  Securities already matured are skipped."""
    for col in ("coupon", "maturity", "par"):
        if col not in holdings.columns:
            raise KeyError(f"holdings needs a {col!r} column")
    s = to_date(settle)
    par_total = mkt = dirty_total = 0.0
    n = 0
    for cpn, mat, par in zip(holdings["coupon"], holdings["maturity"], holdings["par"], strict=True):
        m = to_date(mat)
        if m <= s:
            continue
        b = TreasuryBond(float(cpn), m)
        y = float(curve(years_to_maturity(s, m)))
        dp = dirty_price(b, s, y)
        ai = accrued_interest(b, s)
        par_total += float(par)
        mkt += (dp - ai) * float(par) / 100.0
        dirty_total += dp * float(par) / 100.0
        n += 1
    return MarketToPar(par_total=par_total, market_total=mkt, gap=mkt - par_total, market_total_dirty=dirty_total,
                       n_securities=n)


@dataclass(frozen=True)
class AuctionPrice:
    """A coupon security's auction price as Treasury publishes it: ``price`` per 100 (``HighPrice``, 6 decimals)
    and ``accrued`` per 100 (``AccruedInterest`` is per $1,000: ``accrued * 10``)."""

    price: float
    accrued: float
    yld: float  # percent, the auction's high yield

    def summary(self) -> str:
        return (f"price {self.price:.6f} per 100 at {self.yld:.3f}%; accrued {self.accrued * 10:.5f} per $1,000")


def treasury_auction_price(bond: TreasuryBond, issue: DateLike, yld: float) -> AuctionPrice:
    """Price and accrued interest per 100 as Treasury computes auction results.

    Treasury's pricing formula (31 CFR Part 356, Appendix B) discounts the
    fractional period from the issue date to the next coupon with *simple*
    interest, ``1 + (r/s)(i/2)``, and compounds the rest.  Accrued interest is
    rounded to 5 decimals per $1,000 face (as published in ``AccruedInterest``)
    and the price to 6 decimals per 100 (``HighPrice``).  This reproduces the
    published May 2022 results exactly (see tests).

    Published golden value: the 3-year 2.75% note 91282CEQ0 (dated 2022-05-15, maturing 2025-05-15, issued
    2022-05-16), auctioned 2022-05-10 at a high yield of 2.809%: HighPrice 99.831427 and AccruedInterest
    0.07473 per $1,000 (TreasuryDirect auction results R_20220510_1.xml).

    >>> r = treasury_auction_price(TreasuryBond(2.75, "2025-05-15", dated_date="2022-05-15"), "2022-05-16", 2.809)
    >>> f"{r.price:.6f}", f"{r.accrued * 10:.5f}"
    ('99.831427', '0.07473')
    """
    s = to_date(issue)
    periods, amounts, w = cash_flows(bond, s)
    y = yld / 100.0
    at_next = float(np.sum(amounts * (1.0 + y / 2.0) ** (-(periods - w))))
    dirty = at_next / (1.0 + w * y / 2.0)
    ai = round_half_up(accrued_interest(bond, s) * 10.0, 5) / 10.0
    return AuctionPrice(round_half_up(dirty - ai, 6), ai, yld)
