"""CME Treasury futures: conversion factors, deliverable baskets, basis,
carry, implied repo, cheapest-to-deliver, DV01 and the leveraged basis trade.

Units: rates in **percent**, prices **per 100 face** (decimal points; 32nds
where a name says so), amounts in dollars where a name says ``_usd``.

Contract terms (face, deliverable grade, CFTC code, symbols) are in the one table
:data:`ustmon.conventions.contracts.CONTRACTS`.  The TY maximum remaining term
(8y) can be overridden per call (``max_remaining_months``): older CME pages say 10y.

Conversion factor (CME, "Calculating U.S. Treasury Futures Conversion
Factors"): the price of $1 par at a 6% yield, with the time to maturity from
the first day of the delivery month cut to ``n`` whole years and ``z`` whole
months, ``z`` rounded down to a whole quarter for TY, TN, US and UB and kept in
whole months for TU, 3YR and FV::

    v = z                  if z < 7
        3                  if z >= 7  (TY, TN, US, UB)
        z - 6              if z >= 7  (TU, 3YR, FV)
    a = 1 / 1.03 ** (v / 6)
    b = (coupon / 2) * (6 - v) / 6
    c = 1 / 1.03 ** (2n)   if z < 7, else 1 / 1.03 ** (2n + 1)
    d = (coupon / 0.06) * (1 - c)
    CF = a * (coupon / 2 + c + d) - b          rounded to 4 decimals

Carry and implied repo (act/360 money-market repo):

* ``dirty = clean + AI(settle)``; ``invoice = F * CF + AI(delivery)``;
  coupons ``C_i`` paid after settlement and on or before delivery, ``d_i`` days
  from each to delivery, ``d`` days from settlement to delivery.
* With ``reinvest=True`` (default) an intervening coupon is applied to the
  repo loan when paid, i.e. reinvested at the repo rate; this gives the
  standard implied-repo formula with an intervening coupon::

      IRR = (invoice + sum C_i - dirty) / (dirty * d/360 - sum C_i * d_i/360)

  With ``reinvest=False`` the coupon is held as cash (no interest), and the
  denominator is ``dirty * d/360``.
* ``carry = coupon income - financing`` with coupon income
  ``AI(delivery) - AI(settle) + sum C_i`` and financing
  ``repo * (dirty * d/360 - sum C_i * d_i/360)`` (or ``repo * dirty * d/360``).
* ``net basis = gross basis - carry``; it is zero when repo = IRR.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import asdict, dataclass
from typing import Literal

import pandas as pd

from ..conventions import contracts as _contracts
from ..errors import UstmonError
from ._common import round_half_up
from .bonds import (
    DateLike,
    TreasuryBond,
    accrued_interest,
    add_months,
    coupon_schedule,
    months_between,
    risk,
    to_date,
    yield_from_price,
)


#: one contract of the table (:class:`ustmon.conventions.contracts.Contract`), under its old name here
ContractSpec = _contracts.Contract
#: The one table of CBOT Treasury futures (:data:`ustmon.conventions.contracts.CONTRACTS`).
CONTRACTS = _contracts.CONTRACTS
#: CFTC contract market code -> CME contract code
BY_CFTC_CODE: dict[str, str] = {code: c.code for code, c in _contracts.BY_CFTC_CODE.items()}
#: CME Globex codes and old tickers -> CME contract code
ALIASES = _contracts.ALIASES


def contract_spec(contract: str) -> ContractSpec:
    """The contract of a CME code or Globex symbol (``"TY"``, ``"ZN"``); :class:`KeyError` otherwise."""
    return _contracts.contract(contract)


def delivery_month_start(month: DateLike) -> _dt.date:
    """First calendar day of the delivery month (``"2024-12"`` or any date in it)."""
    if isinstance(month, str) and len(month.strip()) == 7:
        month = month.strip() + "-01"
    d = to_date(month)
    return _dt.date(d.year, d.month, 1)


def delivery_month_end(month: DateLike) -> _dt.date:
    first = delivery_month_start(month)
    return add_months(first, 0, eom=True)


# --------------------------------------------------------------------------- conversion factor
def conversion_factor(
    coupon: float, maturity: DateLike, contract: str, delivery_month: DateLike, rounded: bool = True
) -> float:
    """CME conversion factor of a note/bond (coupon in percent) for a contract
    (``"TY"``...) and delivery month; rounded to 4 decimals unless ``rounded=False``.

    Published golden values: CME Group, "Calculating U.S. Treasury Futures Conversion Factors" (2009),
    worked examples (the 3 3/4% of 2018-11-15 into December 2008 10-year futures: 0.8357; the 1 1/2% of
    2010-10-31 into December 2008 2-year futures: 0.9229, unrounded 0.922939), and CME's September 2011
    conversion factor table (the 6 1/2% bond of 2026-11-15 into the bond contract: 1.0490).

    >>> conversion_factor(3.75, "2018-11-15", "TY", "2008-12")
    0.8357
    >>> conversion_factor(1.5, "2010-10-31", "ZT", "2008-12"), round(conversion_factor(1.5, "2010-10-31", "TU", "2008-12", rounded=False), 6)
    (0.9229, 0.922939)
    >>> conversion_factor(6.5, "2026-11-15", "US", "2011-09")
    1.049
    """
    spec = contract_spec(contract)
    first = delivery_month_start(delivery_month)
    mat = to_date(maturity)
    months = months_between(first, mat)
    if months < 0:
        raise ValueError(f"maturity {mat} is before the delivery month {first:%Y-%m}")
    n, z = divmod(months, 12)
    if spec.cf_rounding == "quarter":
        z = (z // 3) * 3
    cpn = coupon / 100.0
    if z < 7:
        v = z
    else:
        v = 3 if spec.cf_rounding == "quarter" else z - 6
    a = 1.0 / 1.03 ** (v / 6.0)
    b = (cpn / 2.0) * (6.0 - v) / 6.0
    c = 1.0 / 1.03 ** (2 * n) if z < 7 else 1.0 / 1.03 ** (2 * n + 1)
    d = (cpn / 0.06) * (1.0 - c)
    cf = a * (cpn / 2.0 + c + d) - b
    return round_half_up(cf, 4) if rounded else cf


# --------------------------------------------------------------------------- deliverable basket
def _original_months(issue: _dt.date, maturity: _dt.date) -> int:
    # Nearest whole month: a 10-year note issued on the 16th for a 15th maturity is 120 months.
    return int(round((maturity - issue).days / (365.25 / 12)))


def _ym(months: int) -> str:
    y, m = divmod(int(months), 12)
    return f"{y}y{m}m" if m else f"{y}y"


class NotDeliverableError(UstmonError, ValueError):
    """A note/bond asked about for a contract month is outside the contract's deliverable grade."""


def deliverability(
    maturity: DateLike,
    contract: str,
    delivery_month: DateLike,
    issue_date: DateLike | None = None,
    original_term_years: float | None = None,
    max_remaining_months: int | None = None,
) -> str | None:
    """Why a note/bond is not deliverable into the contract for the month (``None`` when it is), from the
    contract's grade in :data:`CONTRACTS`.

    ``original_term_years`` (e.g. 10) or ``issue_date`` (original issue) is needed for contracts with an
    original-term rule (TU, 3YR, FV, TY, TN); without either such a contract raises :class:`ValueError`.

    >>> deliverability("2034-11-15", "TY", "2024-12", original_term_years=10)
    '2034-11-15 is more than 8y from the first day of 2024-12; TY takes at most 8y'
    >>> deliverability("2031-11-30", "TY", "2024-12", original_term_years=7) is None
    True
    """
    spec = contract_spec(contract)
    first = delivery_month_start(delivery_month)
    mat = to_date(maturity)
    remaining = months_between(first, mat)
    if mat < add_months(first, spec.min_remaining_months):
        return (f"{mat} is {_ym(max(remaining, 0))} from the first day of {first:%Y-%m}; {spec.code} needs at least "
                f"{_ym(spec.min_remaining_months)}")
    mx = max_remaining_months if max_remaining_months is not None else spec.max_remaining_months
    if mx is not None:
        ref = delivery_month_end(first) if spec.max_from_last_day else first
        limit = add_months(ref, mx, eom=spec.max_from_last_day)
        if mat > limit or (spec.max_exclusive and mat >= limit):
            return (f"{mat} is more than {_ym(mx)} from the {'last' if spec.max_from_last_day else 'first'} day of "
                    f"{first:%Y-%m}; {spec.code} takes {'less than' if spec.max_exclusive else 'at most'} {_ym(mx)}")
    if spec.max_original_months is not None or spec.original_term_years is not None:
        if original_term_years is not None and not (isinstance(original_term_years, float) and math.isnan(original_term_years)):
            orig_m = int(round(float(original_term_years) * 12))
        elif issue_date is not None and not pd.isna(issue_date):
            orig_m = _original_months(to_date(issue_date), mat)
        else:
            raise ValueError(f"{spec.code} deliverability needs the original term or the original issue date")
        if spec.max_original_months is not None and orig_m > spec.max_original_months:
            return f"original term {_ym(orig_m)}; {spec.code} takes original terms of at most {_ym(spec.max_original_months)}"
        if spec.original_term_years is not None and orig_m != spec.original_term_years * 12:
            return f"original term {_ym(orig_m)}; {spec.code} takes original-issue {spec.original_term_years}-year notes only"
    return None


def is_deliverable(
    maturity: DateLike,
    contract: str,
    delivery_month: DateLike,
    issue_date: DateLike | None = None,
    original_term_years: float | None = None,
    max_remaining_months: int | None = None,
) -> bool:
    """Whether a note/bond meets the contract's deliverable grade for the month (:func:`deliverability`).

    ``original_term_years`` (e.g. 10) or ``issue_date`` (original issue) is
    needed for contracts with an original-term rule (TU, 3YR, FV, TY, TN)."""
    return deliverability(maturity, contract, delivery_month, issue_date, original_term_years,
                          max_remaining_months) is None


def needs_original_term(contract: str) -> bool:
    """Whether the contract's grade has an original-term rule (TU, 3YR, FV, TY, TN)."""
    spec = contract_spec(contract)
    return spec.max_original_months is not None or spec.original_term_years is not None


def deliverable_basket(
    securities: pd.DataFrame, contract: str, delivery_month: DateLike, max_remaining_months: int | None = None
) -> pd.DataFrame:
    """Eligible issues for a contract month, with their conversion factors.

    ``securities`` columns: ``cusip``, ``coupon`` (percent), ``maturity``, and
    ``issue_date`` (original issue) and/or ``original_term`` (years).  Returns
    the eligible rows (index reset) with ``cf`` and ``remaining_months`` added,
    sorted by maturity."""
    for col in ("cusip", "coupon", "maturity"):
        if col not in securities.columns:
            raise KeyError(f"securities needs a {col!r} column")
    first = delivery_month_start(delivery_month)
    has_issue = "issue_date" in securities.columns
    has_term = "original_term" in securities.columns
    keep, cfs, rem = [], [], []
    for i, row in enumerate(securities.itertuples(index=False)):
        mat = to_date(row.maturity)
        ok = is_deliverable(
            mat,
            contract,
            first,
            issue_date=getattr(row, "issue_date") if has_issue else None,
            original_term_years=getattr(row, "original_term") if has_term else None,
            max_remaining_months=max_remaining_months,
        )
        if ok:
            keep.append(i)
            cfs.append(conversion_factor(float(row.coupon), mat, contract, first))
            rem.append(months_between(first, mat))
    out = securities.iloc[keep].copy()
    out["cf"] = cfs
    out["remaining_months"] = rem
    return out.sort_values("maturity", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- basis and carry
@dataclass(frozen=True)
class BasisAnalytics:
    """Cash-futures basis of one deliverable (per 100 face; rates in percent)."""

    clean: float
    futures_price: float
    cf: float
    accrued_settle: float
    accrued_delivery: float
    dirty: float
    invoice: float  # futures * CF + accrued at delivery
    days: int  # settlement to delivery
    coupons: float  # coupons paid in (settle, delivery]
    gross_basis: float  # clean - F * CF, points
    gross_basis_32nds: float
    coupon_income: float
    financing: float
    carry: float
    net_basis: float
    net_basis_32nds: float
    implied_repo: float  # percent, act/360
    repo: float  # percent, act/360
    forward_clean: float  # clean forward price at the repo rate for delivery

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    def summary(self) -> str:
        """One line: gross and net basis (32nds), carry (points per 100), implied repo against repo (% act/360)."""
        return (f"gross basis {self.gross_basis_32nds:.2f}/32, carry {self.carry:.4f} pts over {self.days} days, "
                f"net basis {self.net_basis_32nds:.2f}/32; implied repo {self.implied_repo:.3f}% vs repo "
                f"{self.repo:.3f}% (act/360)")


def _coupons_between(bond: TreasuryBond, settle: _dt.date, delivery: _dt.date) -> list[tuple[_dt.date, float]]:
    # Coupons strictly after settlement and on or before delivery belong to the basis holder.
    out = []
    for d in coupon_schedule(bond, start=settle):
        if d > delivery:
            break
        out.append((d, bond.coupon / 2.0))
    return out


def basis_analytics(
    bond: TreasuryBond,
    settle: DateLike,
    delivery: DateLike,
    clean: float,
    futures_price: float,
    cf: float,
    repo: float,
    reinvest: bool = True,
) -> BasisAnalytics:
    """Gross basis, carry, net basis and implied repo (see the module doc)."""
    s, dl = to_date(settle), to_date(delivery)
    if dl <= s:
        raise ValueError(f"delivery {dl} must be after settlement {s}")
    days = (dl - s).days
    ai_s = accrued_interest(bond, s)
    ai_d = accrued_interest(bond, dl) if dl < bond.maturity else 0.0
    dirty = clean + ai_s
    invoice = futures_price * cf + ai_d
    cps = _coupons_between(bond, s, dl)
    csum = sum(a for _, a in cps)
    cweight = sum(a * (dl - d).days / 360.0 for d, a in cps) if reinvest else 0.0
    den = dirty * days / 360.0 - cweight
    irr = (invoice + csum - dirty) / den * 100.0
    income = ai_d - ai_s + csum
    financing = repo / 100.0 * den
    carry = income - financing
    gross = clean - futures_price * cf
    net = gross - carry
    return BasisAnalytics(
        clean=clean,
        futures_price=futures_price,
        cf=cf,
        accrued_settle=ai_s,
        accrued_delivery=ai_d,
        dirty=dirty,
        invoice=invoice,
        days=days,
        coupons=csum,
        gross_basis=gross,
        gross_basis_32nds=gross * 32.0,
        coupon_income=income,
        financing=financing,
        carry=carry,
        net_basis=net,
        net_basis_32nds=net * 32.0,
        implied_repo=irr,
        repo=repo,
        forward_clean=clean - carry,
    )


def implied_repo(
    bond: TreasuryBond, settle: DateLike, delivery: DateLike, clean: float, futures_price: float, cf: float, reinvest: bool = True
) -> float:
    """Implied repo rate in percent (act/360)."""
    return basis_analytics(bond, settle, delivery, clean, futures_price, cf, 0.0, reinvest).implied_repo


def basket_analytics(
    basket: pd.DataFrame,
    settle: DateLike,
    delivery: DateLike,
    futures_price: float,
    repo: float,
    contract: str = "TY",
    reinvest: bool = True,
) -> pd.DataFrame:
    """Basis analytics for every issue of a basket, CTD first.

    ``basket`` columns: ``coupon``, ``maturity``, ``clean`` (price per 100),
    ``cf`` (else computed for ``contract`` and the delivery month) and
    optionally ``cusip`` and ``dated_date``.  Adds ``yield`` (percent),
    ``dv01`` (per 100), ``futures_dv01`` (DV01/CF per 100) and a ``ctd``
    flag; sorted by implied repo, highest first (= lowest net basis at one
    repo rate for most baskets)."""
    s, dl = to_date(settle), to_date(delivery)
    rows = []
    has_cf = "cf" in basket.columns
    has_dated = "dated_date" in basket.columns
    for r in basket.itertuples(index=False):
        bond = TreasuryBond(
            float(r.coupon), to_date(r.maturity), dated_date=to_date(r.dated_date) if has_dated and not pd.isna(r.dated_date) else None
        )
        cf = float(r.cf) if has_cf else conversion_factor(bond.coupon, bond.maturity, contract, dl)
        ba = basis_analytics(bond, s, dl, float(r.clean), futures_price, cf, repo, reinvest)
        y = yield_from_price(bond, s, float(r.clean))
        rk = risk(bond, s, y)
        d = {"cusip": getattr(r, "cusip", None), "coupon": bond.coupon, "maturity": bond.maturity}
        d.update(ba.as_dict())
        d.update({"yield": y, "dv01": rk.dv01, "futures_dv01": rk.dv01 / cf})
        rows.append(d)
    out = pd.DataFrame(rows).sort_values("implied_repo", ascending=False, kind="stable").reset_index(drop=True)
    out["ctd"] = False
    if len(out):
        out.loc[0, "ctd"] = True
    return out


@dataclass(frozen=True)
class CheapestToDeliver:
    """The cheapest-to-deliver of a basket (:func:`basket_analytics`), chosen ``by`` implied repo (highest) or
    net basis (lowest); ``row`` is its whole analytics row (yield, DV01, carry...)."""

    cusip: str | None
    coupon: float  # percent
    maturity: _dt.date
    cf: float
    implied_repo: float  # percent act/360
    net_basis_32nds: float
    dv01: float  # per 100 face
    futures_dv01: float  # CTD DV01 / CF, per 100 face
    by: str
    row: pd.Series

    def summary(self) -> str:
        name = f"{self.cusip} " if self.cusip else ""
        return (f"CTD ({self.by.replace('_', ' ')}): {name}{self.coupon:g}% of {self.maturity}, CF {self.cf:.4f}, "
                f"implied repo {self.implied_repo:.3f}%, net basis {self.net_basis_32nds:.2f}/32, "
                f"futures DV01 {self.futures_dv01:.4f} per 100")


def cheapest_to_deliver(analytics: pd.DataFrame,
                        by: Literal["implied_repo", "net_basis"] = "implied_repo") -> CheapestToDeliver:
    """The CTD of a :func:`basket_analytics` frame: highest implied repo, or lowest net basis."""
    if by == "implied_repo":
        r = analytics.loc[analytics["implied_repo"].idxmax()]
    elif by == "net_basis":
        r = analytics.loc[analytics["net_basis"].idxmin()]
    else:
        raise ValueError(f"by must be 'implied_repo' or 'net_basis', not {by!r}")
    cusip = r.get("cusip")
    return CheapestToDeliver(cusip=None if cusip is None or pd.isna(cusip) else str(cusip), coupon=float(r["coupon"]),
                             maturity=to_date(r["maturity"]), cf=float(r["cf"]),
                             implied_repo=float(r["implied_repo"]), net_basis_32nds=float(r["net_basis_32nds"]),
                             dv01=float(r["dv01"]), futures_dv01=float(r["futures_dv01"]), by=by, row=r)


# --------------------------------------------------------------------------- risk and hedging
def futures_dv01(ctd_dv01: float, ctd_cf: float, contract: str | None = None) -> float:
    """Futures DV01 via the CTD: ``CTD DV01 / CF``.  Per 100 face, or in
    dollars per contract when ``contract`` is given."""
    per100 = ctd_dv01 / ctd_cf
    return per100 * contract_spec(contract).face / 100.0 if contract else per100


def hedge_ratio(position_dv01_usd: float, futures_dv01_usd: float) -> float:
    """Number of futures contracts whose DV01 offsets a position's DV01 (both in
    dollars per bp; positive = sell futures against a long position)."""
    return position_dv01_usd / futures_dv01_usd


def basis_hedge_contracts(face: float, cf: float, contract: str) -> float:
    """Contracts to short against ``face`` of a deliverable: face * CF / contract face."""
    return face * cf / contract_spec(contract).face


@dataclass(frozen=True)
class BasisTrade:
    """Economics of a long-basis (long cash in repo, short futures) position."""

    face: float
    contracts: float  # futures sold (face * CF / contract face, unrounded)
    cash_market_value_usd: float  # dirty value of the bonds
    repo_loan_usd: float
    haircut_equity_usd: float
    initial_margin_usd: float
    equity_usd: float
    leverage: float  # cash market value / equity
    funding_rate: float  # percent
    break_even_repo: float  # percent: the implied repo rate
    carry_to_delivery_usd: float
    pnl_to_delivery_usd: float  # if the basis converges to zero net basis at delivery: -net basis
    pnl_per_32nd_widening_usd: float
    pnl_basis_move_usd: float  # for the requested widening
    return_on_equity: float  # pnl_basis_move / equity

    def summary(self) -> str:
        """A few lines: size, funding, leverage and what the basis pays."""
        return (f"long ${self.face:,.0f} face (${self.cash_market_value_usd:,.0f} dirty) in repo at "
                f"{self.funding_rate:.3f}%, short {self.contracts:,.1f} futures; equity ${self.equity_usd:,.0f} "
                f"(haircut ${self.haircut_equity_usd:,.0f} + margin ${self.initial_margin_usd:,.0f}), leverage "
                f"{self.leverage:.1f}x\n"
                f"break-even repo {self.break_even_repo:.3f}%; carry to delivery ${self.carry_to_delivery_usd:,.0f}; "
                f"P&L if net basis converges ${self.pnl_to_delivery_usd:,.0f}; ${self.pnl_per_32nd_widening_usd:,.0f} "
                f"per 32nd of widening")


def basis_trade(
    bond: TreasuryBond,
    settle: DateLike,
    delivery: DateLike,
    clean: float,
    futures_price: float,
    cf: float,
    repo: float,
    face: float = 100_000_000.0,
    haircut: float = 2.0,
    initial_margin_per_contract: float = 4_000.0,
    contract: str = "TY",
    widen_32nds: float = 0.0,
    reinvest: bool = True,
) -> BasisTrade:
    """Long ``face`` of the bond financed in repo with a ``haircut`` (percent of
    dirty value), short ``face * CF / contract face`` futures posting
    ``initial_margin_per_contract`` dollars.  A widening of the gross basis by
    ``widen_32nds`` earns ``face/100 * widen/32`` (long basis)."""
    ba = basis_analytics(bond, settle, delivery, clean, futures_price, cf, repo, reinvest)
    spec = contract_spec(contract)
    n = face * cf / spec.face
    mv = ba.dirty * face / 100.0
    hc = mv * haircut / 100.0
    im = n * initial_margin_per_contract
    eq = hc + im
    per32 = face / 100.0 / 32.0
    move = per32 * widen_32nds
    return BasisTrade(
        face=face,
        contracts=n,
        cash_market_value_usd=mv,
        repo_loan_usd=mv - hc,
        haircut_equity_usd=hc,
        initial_margin_usd=im,
        equity_usd=eq,
        leverage=mv / eq,
        funding_rate=repo,
        break_even_repo=ba.implied_repo,
        carry_to_delivery_usd=ba.carry * face / 100.0,
        pnl_to_delivery_usd=-ba.net_basis * face / 100.0,
        pnl_per_32nd_widening_usd=per32,
        pnl_basis_move_usd=move,
        return_on_equity=move / eq,
    )


def price_to_32nds(price: float) -> str:
    """Treasury quote ``99-16+`` style: handle, 32nds, ``+`` for a half, or a
    digit for quarters (``99-162`` = 16.25/32, ``99-166`` = 16.75/32)."""
    sign = "-" if price < 0 else ""
    p = abs(price)
    handle = math.floor(p)
    t = (p - handle) * 32.0
    q = round(t * 4) / 4.0
    if q >= 32:
        handle, q = handle + 1, 0.0
    whole = int(q)
    frac = q - whole
    suffix = {0.0: "", 0.25: "2", 0.5: "+", 0.75: "6"}[frac] if frac in (0.0, 0.25, 0.5, 0.75) else ""
    return f"{sign}{handle}-{whole:02d}{suffix}"


