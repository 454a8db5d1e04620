"""Treasury bill price and yield conventions.

Rates are in **percent**, prices **per 100 face**, ``days`` = actual days from
issue (or settlement) to maturity.

* Discount rate (bank discount basis, actual/360)::

      price = 100 * (1 - d * days / 360)

  Treasury publishes auction prices to 6 decimals (``HighPrice``), rounded
  half-up; :func:`price_from_discount` rounds the same way when ``decimals``
  is given.
* Investment rate (coupon-equivalent / bond-equivalent yield), Treasury's
  method (TreasuryDirect "How to calculate the investment rate"; 31 CFR 356,
  Appendix B, section III), with ``y`` = 365, or 366 when the 12 months after
  the issue date contain a February 29:

  - up to one half-year (``days <= y / 2``): simple interest,
    ``i = (100 - P) / P * y / days``;
  - longer bills: the quadratic that compounds at the half-year,
    ``a i^2 + b i + c = 0`` with ``a = days / (2y) - 0.25``, ``b = days / y``,
    ``c = (P - 100) / P``, taking ``i = (-b + sqrt(b^2 - 4ac)) / (2a)``.

* Money-market yield (CD-equivalent, actual/360): ``360 d / (360 - d days)``.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import math
from dataclasses import dataclass

from ._common import DateLike, round_half_up, to_date

_round_half_up = round_half_up  # the old private name, kept for callers outside models/


@dataclass(frozen=True)
class BillQuote:
    """A bill at one discount rate: price per 100 and the three rates, percent."""

    days: int
    discount: float  # bank discount, act/360
    price: float  # per 100
    investment_rate: float  # coupon-equivalent, Treasury's method
    money_market_yield: float  # CD-equivalent, act/360
    basis: int = 365

    def summary(self) -> str:
        return (f"{self.days}-day bill at {self.discount:.3f}% discount: price {self.price:.6f} per 100, investment "
                f"rate {self.investment_rate:.3f}%, money-market yield {self.money_market_yield:.3f}%")


def bill_quote(discount: float, days: int, basis: int = 365, decimals: int | None = 6) -> BillQuote:
    """Price (rounded to ``decimals`` as Treasury publishes it), investment rate and money-market yield.

    Published golden value: the 26-week bill 912796N96 (issued 2022-05-05, maturing 2022-11-03: 182 days),
    auctioned 2022-05-02 at a high discount rate of 1.420%: HighPrice 99.282111, InvestmentRate 1.450
    (TreasuryDirect auction results R_20220502_1.xml).

    >>> q = bill_quote(1.420, bill_days("2022-05-05", "2022-11-03"))
    >>> q.days, f"{q.price:.6f}", f"{q.investment_rate:.3f}"
    (182, '99.282111', '1.450')
    """
    p = price_from_discount(discount, days, decimals)
    return BillQuote(days, discount, p, investment_rate(p, days, basis), money_market_yield(discount, days), basis)


def price_from_discount(discount: float, days: int, decimals: int | None = None) -> float:
    """Price per 100 from a discount rate in percent (actual/360).

    Published golden value: the 52-week bill auctioned 2022-05-17 (issued 2022-05-19, maturing 2023-05-18,
    364 days) at a high discount rate of 2.100%: HighPrice 97.876667 (TreasuryDirect R_20220518_2.xml).

    >>> price_from_discount(2.100, 364, decimals=6)
    97.876667
    """
    if days <= 0:
        raise ValueError(f"days must be positive, got {days}")
    p = 100.0 * (1.0 - discount / 100.0 * days / 360.0)
    return round_half_up(p, decimals) if decimals is not None else p


def discount_from_price(price: float, days: int) -> float:
    """Discount rate in percent from a price per 100 (actual/360)."""
    if days <= 0:
        raise ValueError(f"days must be positive, got {days}")
    return (100.0 - price) / 100.0 * 360.0 / days * 100.0


def year_basis(issue: DateLike) -> int:
    """366 if the year starting at ``issue`` contains February 29, else 365."""
    d = to_date(issue)
    end = _dt.date(d.year + 1, d.month, min(d.day, calendar.monthrange(d.year + 1, d.month)[1]))
    for yr in (d.year, d.year + 1):
        if calendar.isleap(yr):
            feb29 = _dt.date(yr, 2, 29)
            if d < feb29 <= end:
                return 366
    return 365


def investment_rate(price: float, days: int, basis: int = 365) -> float:
    """Investment rate (bond-equivalent yield) in percent from a price per 100.

    ``basis`` is 365 or 366 (see :func:`year_basis`)."""
    if days <= 0 or price <= 0:
        raise ValueError(f"need positive days and price, got {days}, {price}")
    y = float(basis)
    if days <= y / 2.0:
        return (100.0 - price) / price * y / days * 100.0
    a = days / (2.0 * y) - 0.25
    b = days / y
    c = (price - 100.0) / price
    return (-b + math.sqrt(b * b - 4.0 * a * c)) / (2.0 * a) * 100.0


def investment_rate_from_discount(
    discount: float, issue: DateLike, maturity: DateLike, price_decimals: int | None = 6
) -> float:
    """Investment rate in percent for a bill auctioned at ``discount`` percent.

    As Treasury does, the rate is computed from the price rounded to
    ``price_decimals`` (6 in auction results).

    Published golden value: the same 52-week bill (2.100% discount, issued 2022-05-19): InvestmentRate 2.164
    (TreasuryDirect R_20220518_2.xml; a year of 365 days, the 12 months after issue have no February 29).

    >>> round(investment_rate_from_discount(2.100, "2022-05-19", "2023-05-18"), 3)
    2.164
    """
    i, m = to_date(issue), to_date(maturity)
    days = (m - i).days
    p = price_from_discount(discount, days, price_decimals)
    return investment_rate(p, days, year_basis(i))


def money_market_yield(discount: float, days: int) -> float:
    """Money-market (CD-equivalent) yield in percent, actual/360."""
    d = discount / 100.0
    return 360.0 * d / (360.0 - d * days) * 100.0


def bill_days(issue: DateLike, maturity: DateLike) -> int:
    return (to_date(maturity) - to_date(issue)).days
