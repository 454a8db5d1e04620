"""``ustmon bond ...`` and ``ustmon futures ...`` command groups.

Rates are entered and shown in percent, prices per 100 face."""

from __future__ import annotations

import functools
import math
from typing import Optional

import typer
from rich.table import Table

from ..render.console import handle_errors
from ..models import bills as _bills
from ..models import bonds as _bonds
from ..models import futures as _fut

bond_app = typer.Typer(help="Treasury note/bond and bill price-yield math (street convention).", no_args_is_help=True, add_completion=False)
futures_app = typer.Typer(help="CME Treasury futures: conversion factors and basis.", no_args_is_help=True, add_completion=False)

class _LazyConsole:
    """ustmon's console (no markup from input, control characters stripped), made on first use."""

    def print(self, *args, **kwargs) -> None:
        from ..render.console import console as make

        make().print(*args, **kwargs)


_console = _LazyConsole()


def _guarded(fn):
    """Bad inputs (a non-finite rate, settlement after maturity, an unknown contract, an impossible
    date) print one line and exit 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from ..render.console import handle_errors
        from ..errors import UstmonError

        def checked(*a, **kw):
            for name, v in kw.items():
                if isinstance(v, float) and not math.isfinite(v):
                    option = {"yld": "yield", "futures_price": "futures"}.get(name, name).replace("_", "-")
                    raise UstmonError(f"--{option}: {v} is not a finite number")
            try:
                return fn(*a, **kw)
            except (ValueError, KeyError, OverflowError, ZeroDivisionError, ArithmeticError) as exc:
                msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
                raise UstmonError(f"{fn.__name__.replace('_', ' ')}: {msg}") from None

        return handle_errors(checked)(*args, **kwargs)

    return wrapper


def _table(title: str, rows: list[tuple[str, str]]) -> Table:
    t = Table(title=title, show_header=True)
    t.add_column("measure")
    t.add_column("value", justify="right")
    for k, v in rows:
        t.add_row(k, v)
    return t


def _risk_rows(r: _bonds.BondRisk) -> list[tuple[str, str]]:
    return [
        ("yield (%)", f"{r.yld:.6f}"),
        ("clean price", f"{r.clean:.6f}"),
        ("clean (32nds)", _fut.price_to_32nds(r.clean)),
        ("accrued", f"{r.accrued:.6f}"),
        ("dirty price", f"{r.dirty:.6f}"),
        ("Macaulay duration (y)", f"{r.macaulay_duration:.6f}"),
        ("modified duration", f"{r.modified_duration:.6f}"),
        ("convexity", f"{r.convexity:.6f}"),
        ("DV01 per 100", f"{r.dv01:.6f}"),
        ("DV01 per $1mm", f"{r.dv01_per_mm:,.2f}"),
    ]


@bond_app.command("price")
@_guarded
def bond_price(
    coupon: float = typer.Option(..., help="coupon, percent"),
    maturity: str = typer.Option(..., help="maturity date YYYY-MM-DD"),
    settle: str = typer.Option(..., help="settlement date YYYY-MM-DD"),
    yld: float = typer.Option(..., "--yield", help="yield, percent (semi-annual)"),
) -> None:
    """Clean/dirty price, accrued, duration, convexity and DV01 from a yield."""
    b = _bonds.TreasuryBond(coupon, maturity)
    r = _bonds.risk(b, settle, yld)
    _console.print(_table(f"{coupon}% of {b.maturity} settling {settle}", _risk_rows(r)))


@bond_app.command("yield")
@_guarded
def bond_yield(
    coupon: float = typer.Option(..., help="coupon, percent"),
    maturity: str = typer.Option(..., help="maturity date YYYY-MM-DD"),
    settle: str = typer.Option(..., help="settlement date YYYY-MM-DD"),
    price: float = typer.Option(..., help="clean price per 100"),
) -> None:
    """Yield (and risk) from a clean price."""
    b = _bonds.TreasuryBond(coupon, maturity)
    y = _bonds.yield_from_price(b, settle, price)
    r = _bonds.risk(b, settle, y)
    _console.print(_table(f"{coupon}% of {b.maturity} at {price} settling {settle}", _risk_rows(r)))


@bond_app.command("bill")
@_guarded
def bond_bill(
    discount: float = typer.Option(..., help="discount rate, percent"),
    days: int = typer.Option(..., help="days to maturity"),
    basis: int = typer.Option(365, help="365, or 366 when the year after issue has Feb 29"),
) -> None:
    """Bill price, investment rate and money-market yield from a discount rate."""
    q = _bills.bill_quote(discount, days, basis, decimals=None)
    rows = [
        ("discount rate (%)", f"{q.discount:.6f}"),
        ("price per 100", f"{q.price:.6f}"),
        ("investment rate (%)", f"{q.investment_rate:.6f}"),
        ("money-market yield (%)", f"{q.money_market_yield:.6f}"),
    ]
    _console.print(_table(f"{days}-day bill at {discount}%", rows))


@futures_app.command("cf")
@_guarded
def futures_cf(
    contract: str = typer.Option(..., help="TU, 3YR, FV, TY, TN, US, UB"),
    month: str = typer.Option(..., help="delivery month YYYY-MM"),
    coupon: float = typer.Option(..., help="coupon, percent"),
    maturity: str = typer.Option(..., help="maturity date YYYY-MM-DD"),
    original_term: Optional[float] = typer.Option(None, "--original-term",
                                                  help="original term in years (TU, 3YR, FV, TY, TN grades need it)"),
    issue_date: Optional[str] = typer.Option(None, "--issue-date", help="original issue date YYYY-MM-DD (instead of --original-term)"),
) -> None:
    """CME conversion factor of a deliverable note/bond for a contract month (refused outside the contract's grade)."""
    spec = _fut.contract_spec(contract)
    if _fut.needs_original_term(spec.code) and original_term is None and issue_date is None:
        raise _fut.NotDeliverableError(f"{spec.code} takes notes by original term too: give --original-term YEARS "
                                       "or --issue-date YYYY-MM-DD")
    why = _fut.deliverability(maturity, spec.code, month, issue_date=issue_date, original_term_years=original_term)
    if why is not None:
        raise _fut.NotDeliverableError(f"{coupon}% of {maturity} is not deliverable into {spec.code} {month}: {why}")
    cf = _fut.conversion_factor(coupon, maturity, contract, month)
    rows = [("contract", f"{spec.code} ({spec.name})"), ("delivery month", month), ("deliverable", "yes"),
            ("conversion factor", f"{cf:.4f}")]
    _console.print(_table(f"{coupon}% of {maturity}", rows))


@futures_app.command("basis")
@_guarded
def futures_basis(
    coupon: float = typer.Option(..., help="coupon, percent"),
    maturity: str = typer.Option(..., help="maturity date YYYY-MM-DD"),
    price: float = typer.Option(..., help="cash clean price per 100"),
    futures_price: float = typer.Option(..., "--futures", help="futures price (decimal points)"),
    repo: float = typer.Option(..., help="term repo rate, percent act/360"),
    settle: str = typer.Option(..., help="cash settlement date YYYY-MM-DD"),
    delivery: str = typer.Option(..., help="delivery date YYYY-MM-DD"),
    contract: str = typer.Option("TY", help="contract code (for the conversion factor)"),
    cf: float | None = typer.Option(None, help="conversion factor (default: CME formula)"),
) -> None:
    """Gross basis, carry, net basis and implied repo of one deliverable."""
    b = _bonds.TreasuryBond(coupon, maturity)
    factor = cf if cf is not None else _fut.conversion_factor(coupon, maturity, contract, delivery)
    a = _fut.basis_analytics(b, settle, delivery, price, futures_price, factor, repo)
    rows = [
        ("conversion factor", f"{factor:.4f}"),
        ("gross basis (points)", f"{a.gross_basis:.6f}"),
        ("gross basis (32nds)", f"{a.gross_basis_32nds:.3f}"),
        ("carry (points)", f"{a.carry:.6f}"),
        ("net basis (points)", f"{a.net_basis:.6f}"),
        ("net basis (32nds)", f"{a.net_basis_32nds:.3f}"),
        ("implied repo (%)", f"{a.implied_repo:.4f}"),
        ("repo (%)", f"{repo:.4f}"),
        ("days to delivery", str(a.days)),
    ]
    _console.print(_table(f"{coupon}% of {maturity} vs {contract} futures {futures_price}", rows))
