"""CLI for curves, the in-house term premium and FX-hedged yields.

Mounted by the main CLI as ``ustmon nss ...`` (:data:`curve_app`), ``ustmon termpremium``
(:data:`termpremium_app`) and ``ustmon hedge`` (:data:`hedge_app`).  Data come from the store through
the module-level :data:`load_frame` (``ustmon.get_frame`` by default, on the store of
:func:`ustmon.context.store_path`: ``--store``, ``USTMON_STORE``, ``USTMON_HOME``; tests monkeypatch it).
Dates are read by :func:`ustmon.context.parse_date`; expected errors print one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from ..render.console import handle_errors
from ..context import parse_date
from ..conventions.input_sets import FX_HEDGE
from ..models import acm, fxhedge, nss


def _console() -> Console:
    return Console()  # built per command so COLUMNS / terminal width are read at run time


CMT_IDS = list(nss.CMT_FRED_MATURITIES)
KIM_WRIGHT_ID = "THREEFYTP10"
HEDGE_IDS = FX_HEDGE.series  # the one input set, read by the research note too (ustmon.conventions.input_sets)


def _store_get_frame(ids, start=None, as_of=None) -> pd.DataFrame:
    from ..api import get_frame
    from ..context import store_path

    return get_frame(ids, start=start, as_of=as_of, store=store_path())


#: ``load_frame(ids, start=..., as_of=...) -> DataFrame`` (index=date, columns=ids); injectable for tests
load_frame = _store_get_frame


def _load(ids, start=None, as_of=None) -> pd.DataFrame:
    f = load_frame(list(ids), start=start, as_of=as_of)
    f.index = pd.DatetimeIndex(f.index)
    return f.sort_index()


def _fmt(x, digits=3) -> str:
    return "" if x is None or (isinstance(x, float) and not np.isfinite(x)) else f"{x:.{digits}f}"


curve_app = typer.Typer(help="Nelson-Siegel-Svensson curves fitted to Treasury CMT yields.", no_args_is_help=True, add_completion=False)


@curve_app.callback()
def _curve_group() -> None:
    """Nelson-Siegel-Svensson curves fitted to Treasury CMT yields."""  # keeps `curve` a command group


@curve_app.command("fit")
@handle_errors
def curve_fit(
    date: str = typer.Option(..., "--date", help="Curve date YYYY-MM-DD (the last date with data on or before it)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Use data as known on this date."),
) -> None:
    """Fit an NSS curve to one day's H.15 CMT yields and print parameters and fitted vs observed yields."""
    console = _console()
    day = parse_date(date, "--date")
    as_of = parse_date(as_of, "--as-of")
    frame = _load(CMT_IDS, start=(day - pd.Timedelta(days=14)).date().isoformat(), as_of=as_of)
    cmt = nss.cmt_frame(frame.loc[:day], nss.CMT_FRED_MATURITIES).dropna(how="all")
    if cmt.empty:
        raise typer.BadParameter(f"no CMT yields on or before {day.date()}", param_hint="--date")
    try:
        curve = nss.fit_curve(cmt.iloc[[-1]])
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    console.print(f"NSS fit to H.15 CMT yields on {curve.date.date()} ({curve.model}, {curve.n_tenors} tenors)")
    console.print("  ".join(f"{k}={curve.params[k]:.4f}" for k in nss.PARAMS if np.isfinite(curve.params[k])))
    t = Table("maturity (y)", "observed %", "fitted %", "error bp", "zero % (cc)", "forward % (cc)")
    for m, r in curve.table().iterrows():
        t.add_row(f"{m:g}", _fmt(r["observed_pct"], 2), _fmt(r["fitted_pct"], 3), _fmt(r["error_bp"], 1),
                  _fmt(r["zero_pct"], 3), _fmt(r["forward_pct"], 3))
    console.print(t)
    console.print(f"RMSE {curve.rmse_bp:.2f} bp, max |error| {curve.max_abs_error_bp:.2f} bp")


termpremium_app = typer.Typer(help="In-house ACM 10-year term premium.", invoke_without_command=True, add_completion=False)


def _month(s: pd.Series) -> pd.Series:
    s = s.dropna()
    s = s.groupby(pd.DatetimeIndex(s.index).to_period("M")).last()
    return s


@termpremium_app.callback()
@handle_errors
def termpremium(
    start: str = typer.Option("2015-01-01", "--start", help="First month shown (estimation always uses all data)."),
    acm_file: Optional[Path] = typer.Option(None, "--acm-file", help="NY Fed ACMTermPremium monthly CSV to compare with (not bundled)."),
    as_of: Optional[str] = typer.Option(None, "--as-of"),
    rows: int = typer.Option(24, "--rows", help="Months to print."),
) -> None:
    """In-house ACM 10y term premium vs the NY Fed's ACM (with --acm-file) vs Kim-Wright (FRED THREEFYTP10)."""
    console = _console()
    first, as_of = parse_date(start, "--start"), parse_date(as_of, "--as-of")
    frame = _load(CMT_IDS + [KIM_WRIGHT_ID], start="1962-01-01", as_of=as_of)
    res = acm.inhouse_acm(nss.cmt_frame(frame, nss.CMT_FRED_MATURITIES), daily=False)
    model, monthly = res.model, res.monthly
    ours = _month(monthly["ACMTP10"])
    table = pd.DataFrame({"inhouse_acm_tp10_pct": ours})
    if acm_file is not None:
        from ..sources import get_source

        obs = get_source("nyfed").parse(acm_file.read_bytes(), str(acm_file), "acm_monthly_csv").observations
        pub = obs[obs["series_id"] == "ACM.ACMTP10"].set_index("date")["value"]
        table["nyfed_acm_tp10_pct"] = _month(pub)
    if KIM_WRIGHT_ID in frame:
        table["kim_wright_tp10_pct"] = _month(frame[KIM_WRIGHT_ID])
    shown = table[table.index >= pd.Period(first, "M")].tail(rows)
    t = Table("month", *shown.columns)
    t.columns[0].no_wrap = True
    for idx, r in shown.iterrows():
        t.add_row(str(idx), *(_fmt(v) for v in r.values))
    console.print(f"In-house ACM (5 PCs of NSS zero curves fitted to H.15 CMT, sample {model.sample[0].date()}"
                  f"..{model.sample[1].date()}); Kim-Wright = FRED THREEFYTP10")
    console.print(t)
    if "nyfed_acm_tp10_pct" in table:
        st = acm.compare_term_premia(ours.to_timestamp(), table["nyfed_acm_tp10_pct"].dropna().to_timestamp())
        console.print(f"vs NY Fed ACM {st.summary()}")
    console.print(acm.desk_summary(monthly["ACMTP10"]).summary())


hedge_app = typer.Typer(help="FX-hedged 10y Treasury yields for yen and euro investors.", invoke_without_command=True, add_completion=False)


@hedge_app.callback()
@handle_errors
def hedge(
    start: str = typer.Option("2022-01-01", "--start", help="First month shown."),
    as_of: Optional[str] = typer.Option(None, "--as-of"),
) -> None:
    """Desk table: 3m hedge cost, hedged 10y UST, 10y JGB, 10y Bund (monthly averages, CIP, no basis)."""
    console = _console()
    first, as_of = parse_date(start, "--start"), parse_date(as_of, "--as-of")
    fetch_from = (first - pd.DateOffset(months=1)).date().isoformat()
    frame = _load(list(HEDGE_IDS.values()), start=fetch_from, as_of=as_of)
    result = fxhedge.hedged_yields(frame, start=first)
    table = result.table
    cols = {"hedge_cost_3m_jpy_pct": "3m hedge cost JPY %", "ust_10y_hedged_jpy_pct": "hedged 10y UST (JPY) %",
            "jgb_10y_pct": "10y JGB %", "pickup_hedged_vs_jgb_bp": "pick-up vs JGB bp",
            "hedge_cost_3m_eur_pct": "3m hedge cost EUR %", "ust_10y_hedged_eur_pct": "hedged 10y UST (EUR) %",
            "bund_10y_pct": "10y Bund %", "pickup_hedged_vs_bund_bp": "pick-up vs Bund bp", "ust_10y_pct": "10y UST %"}
    t = Table("month", *cols.values())
    t.columns[0].no_wrap = True
    for idx, r in table.iterrows():
        t.add_row(idx.strftime("%Y-%m"), *(_fmt(r[c], 1 if c.endswith("_bp") else 2) for c in cols))
    ids = FX_HEDGE.series
    console.print(f"USD 3m = 3-month T-bill ({ids['usd_3m']}) as act/360 money-market yield; JPY/EUR 3m = "
                  f"{ids['jpy_3m']}/{ids['eur_3m']}; 10y UST = {ids['ust_10y']}; 10y JGB = {ids['jgb_10y']}; "
                  f"10y Bund = {ids['bund_10y']}; {FX_HEDGE.date_rule}; hedged = y - h - y h tau")
    console.print(t)
