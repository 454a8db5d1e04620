"""FX-hedged Treasury yields for yen and euro investors (covered interest parity, rolling 3-month forwards).

Conventions (stated once, used everywhere):

* Quotes: **USDJPY** = yen per dollar (FRED ``DEXJPUS``), forward points in **sen**: ``F = S + points/10^2``;
  **EURUSD** = dollars per euro (FRED ``DEXUSEU``), forward points in **pips**: ``F = S + points/10^4``.
* Money-market rates are simple annual rates in **percent**, accrual fraction ``tau = days/basis``; the
  default basis is **act/360** for both legs (pass ``foreign_basis=365`` for yen rates quoted act/365).
* CIP forward: ``F/S = (1 + (i_JPY + b) tau) / (1 + i_USD tau)`` for USDJPY and
  ``F/S = (1 + i_USD tau) / (1 + (i_EUR + b) tau)`` for EURUSD, ``b`` the cross-currency basis added to
  the non-dollar leg (negative basis = dearer dollars = higher hedge cost).
* The investor (home currency JPY or EUR) buys dollars spot and sells them forward.  ``R`` = home-currency
  value of one forward dollar over its spot value (``F/S`` for USDJPY, ``S/F`` for EURUSD).  The
  **annualised hedge cost** is ``h = (1 - R) / tau`` (percent); under CIP without basis
  ``h = (i_USD - i_f) / (1 + i_USD tau)`` for the yen investor, i.e. about the 3-month rate differential.
* **Hedged yield** (compounding form): the bond's yield ``y`` accrues simply over the hedge period and the
  proceeds are converted at the forward: ``(1 + y_h tau) = (1 + y tau) R``, so
  ``y_h = y - h - y h tau`` (percent, simple annual over the 3-month roll).  Unhedged yield = ``y``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..conventions.input_sets import FX_HEDGE

#: The one input set of the FX-hedged yield table, read by ``ustmon hedge`` and by the research note alike
#: (:data:`ustmon.conventions.input_sets.FX_HEDGE`): desk_table argument -> store series id.
HEDGE_INPUTS: dict[str, str] = dict(FX_HEDGE.series)
#: how dates are treated (stated in both outputs' methods)
HEDGE_DATE_RULE = FX_HEDGE.date_rule
#: inputs the table cannot do without
HEDGE_REQUIRED = FX_HEDGE.required

PAIRS = {"USDJPY": 2, "EURUSD": 4}  # pair -> decimals of one forward point (10^-k)
HEDGE_DAYS = 91  # a 3-month forward, in days


def _tau(days, basis):
    return np.asarray(days, dtype=float) / float(basis)


def cip_forward(spot, usd_rate, foreign_rate, *, pair: str = "USDJPY", days=HEDGE_DAYS, usd_basis: int = 360,
                foreign_basis: int = 360, xccy_basis_bp=0.0):
    """Outright forward by covered interest parity.  Rates in percent; ``xccy_basis_bp`` in basis points
    added to the non-dollar rate.  Returns the forward in the pair's quote (yen per $ or $ per euro)."""
    i_usd = np.asarray(usd_rate, dtype=float) / 100.0
    i_f = (np.asarray(foreign_rate, dtype=float) + np.asarray(xccy_basis_bp, dtype=float) / 100.0) / 100.0
    g_usd = 1.0 + i_usd * _tau(days, usd_basis)
    g_f = 1.0 + i_f * _tau(days, foreign_basis)
    if pair == "USDJPY":
        return spot * g_f / g_usd
    if pair == "EURUSD":
        return spot * g_usd / g_f
    raise ValueError(f"pair must be one of {list(PAIRS)}, got {pair!r}")


def forward_from_points(spot, points, *, pair: str = "USDJPY"):
    """Outright forward from forward points: ``F = S + points / 10^k`` (k = 2 for USDJPY, 4 for EURUSD)."""
    if pair not in PAIRS:
        raise ValueError(f"pair must be one of {list(PAIRS)}, got {pair!r}")
    return spot + np.asarray(points, dtype=float) / 10.0 ** PAIRS[pair]


def forward_ratio(spot, forward, *, pair: str = "USDJPY"):
    """``R``: home-currency value of one forward dollar / its spot value (``F/S`` USDJPY, ``S/F`` EURUSD)."""
    if pair == "USDJPY":
        return forward / spot
    if pair == "EURUSD":
        return spot / forward
    raise ValueError(f"pair must be one of {list(PAIRS)}, got {pair!r}")


def hedge_cost_from_forward(spot, forward, *, pair: str = "USDJPY", days=HEDGE_DAYS, basis: int = 360):
    """Annualised cost (percent) of hedging dollar assets with a forward: ``h = (1 - R) / tau``."""
    R = forward_ratio(spot, forward, pair=pair)
    return 100.0 * (1.0 - R) / _tau(days, basis)


def hedge_cost_cip(usd_rate, foreign_rate, *, days=HEDGE_DAYS, usd_basis: int = 360, foreign_basis: int = 360,
                   xccy_basis_bp=0.0, basis: int = 360):
    """Annualised hedge cost (percent) implied by CIP from 3-month rates (percent), same for either pair:
    ``h = (1 - (1 + (i_f + b) tau_f) / (1 + i_USD tau_USD)) / tau``.

    By hand: USD 5.40%, JPY -0.01%, 91 days act/360 (tau = 0.252778): R = 0.999975 / 1.013650 = 0.986509,
    h = 0.013491 / 0.252778 = 5.337%.

    >>> round(float(hedge_cost_cip(5.40, -0.01)), 3)
    5.337
    """
    i_usd = np.asarray(usd_rate, dtype=float) / 100.0
    i_f = (np.asarray(foreign_rate, dtype=float) + np.asarray(xccy_basis_bp, dtype=float) / 100.0) / 100.0
    R = (1.0 + i_f * _tau(days, foreign_basis)) / (1.0 + i_usd * _tau(days, usd_basis))
    return 100.0 * (1.0 - R) / _tau(days, basis)


def hedged_yield(ust_yield, hedge_cost, *, days=HEDGE_DAYS, basis: int = 360):
    """Yield (percent) of a Treasury in the investor's currency when hedged with rolling forwards:
    ``y_h = ((1 + y tau)(1 - h tau) - 1) / tau = y - h - y h tau``."""
    tau = _tau(days, basis)
    y = np.asarray(ust_yield, dtype=float) / 100.0
    h = np.asarray(hedge_cost, dtype=float) / 100.0
    out = 100.0 * ((1.0 + y * tau) * (1.0 - h * tau) - 1.0) / tau
    if isinstance(ust_yield, pd.Series):
        return pd.Series(out, index=ust_yield.index, name=ust_yield.name)
    return out


def bill_discount_to_money_market(discount_rate, *, days=HEDGE_DAYS):
    """T-bill rate on a bank-discount basis (percent, as H.15 ``DTB3``/``TB3MS``) to an act/360
    money-market yield (percent): price ``P = 1 - d days/360``, yield ``(1/P - 1) 360/days``."""
    d = np.asarray(discount_rate, dtype=float) / 100.0
    P = 1.0 - d * days / 360.0
    out = 100.0 * (1.0 / P - 1.0) * 360.0 / days
    if isinstance(discount_rate, pd.Series):
        return pd.Series(out, index=discount_rate.index, name=discount_rate.name)
    return out


def _monthly(s: pd.Series | None) -> pd.Series | None:
    """Monthly average dated the first of the month (as FRED/OECD date monthly series)."""
    if s is None:
        return None
    s = s.dropna()
    s.index = pd.DatetimeIndex(s.index)
    m = s.groupby(s.index.to_period("M")).mean()
    m.index = m.index.to_timestamp()
    return m


def desk_table(*, ust_10y: pd.Series, usd_3m: pd.Series, jpy_3m: pd.Series | None = None,
               eur_3m: pd.Series | None = None, jgb_10y: pd.Series | None = None,
               bund_10y: pd.Series | None = None, usd_3m_is_bill_discount: bool = True,
               days: int = HEDGE_DAYS, start=None) -> pd.DataFrame:
    """Monthly desk table: 3m hedge cost, hedged 10y UST, 10y JGB, 10y Bund.

    Inputs are series in percent (daily or monthly; each is averaged by calendar month, because the OECD
    3-month interbank rates (FRED ``IR3TIB01JPM156N``, ``IR3TIB01EZM156N``) are monthly averages):
    ``ust_10y`` (H.15 ``DGS10``), ``usd_3m`` (3-month T-bill ``DTB3``/``TB3MS``, bank-discount basis unless
    ``usd_3m_is_bill_discount=False``; converted to an act/360 money-market yield), ``jgb_10y`` (MoF 10Y or
    OECD ``IRLTLT01JPM156N``), ``bund_10y`` (Bundesbank or OECD ``IRLTLT01DEM156N``).  No cross-currency
    basis is available offline, so the hedge cost is the CIP rate differential (basis = 0).

    Columns: ``usd_3m_mm_pct``, ``jpy_3m_pct``, ``eur_3m_pct``, ``hedge_cost_3m_jpy_pct``,
    ``hedge_cost_3m_eur_pct``, ``ust_10y_pct``, ``ust_10y_hedged_jpy_pct``, ``ust_10y_hedged_eur_pct``,
    ``jgb_10y_pct``, ``bund_10y_pct``, ``pickup_hedged_vs_jgb_bp``, ``pickup_unhedged_vs_jgb_bp``,
    ``pickup_hedged_vs_bund_bp``, ``pickup_unhedged_vs_bund_bp``.
    """
    usd = _monthly(usd_3m)
    if usd_3m_is_bill_discount:
        usd = bill_discount_to_money_market(usd, days=days)
    cols = {"usd_3m_mm_pct": usd, "ust_10y_pct": _monthly(ust_10y)}
    for key, s in (("jpy_3m_pct", jpy_3m), ("eur_3m_pct", eur_3m), ("jgb_10y_pct", jgb_10y),
                   ("bund_10y_pct", bund_10y)):
        # an absent input is an empty *dated* series: an undated one would turn the table's index into objects
        cols[key] = _monthly(s) if s is not None else pd.Series(dtype=float, index=pd.DatetimeIndex([]))
    t = pd.DataFrame(cols)
    t.index.name = "date"
    for ccy, rate in (("jpy", "jpy_3m_pct"), ("eur", "eur_3m_pct")):
        t[f"hedge_cost_3m_{ccy}_pct"] = hedge_cost_cip(t["usd_3m_mm_pct"], t[rate], days=days)
        t[f"ust_10y_hedged_{ccy}_pct"] = hedged_yield(t["ust_10y_pct"], t[f"hedge_cost_3m_{ccy}_pct"], days=days)
    t["pickup_hedged_vs_jgb_bp"] = 100.0 * (t["ust_10y_hedged_jpy_pct"] - t["jgb_10y_pct"])
    t["pickup_unhedged_vs_jgb_bp"] = 100.0 * (t["ust_10y_pct"] - t["jgb_10y_pct"])
    t["pickup_hedged_vs_bund_bp"] = 100.0 * (t["ust_10y_hedged_eur_pct"] - t["bund_10y_pct"])
    t["pickup_unhedged_vs_bund_bp"] = 100.0 * (t["ust_10y_pct"] - t["bund_10y_pct"])
    order = ["usd_3m_mm_pct", "jpy_3m_pct", "eur_3m_pct", "hedge_cost_3m_jpy_pct", "hedge_cost_3m_eur_pct",
             "ust_10y_pct", "ust_10y_hedged_jpy_pct", "ust_10y_hedged_eur_pct", "jgb_10y_pct", "bund_10y_pct",
             "pickup_hedged_vs_jgb_bp", "pickup_unhedged_vs_jgb_bp", "pickup_hedged_vs_bund_bp",
             "pickup_unhedged_vs_bund_bp"]
    t = t[order].dropna(subset=["usd_3m_mm_pct", "ust_10y_pct"]).sort_index()
    if start is not None:
        t = t[t.index >= pd.Timestamp(start)]
    return t


def desk_table_from_frame(frame: pd.DataFrame, *, start=None) -> pd.DataFrame:
    """:func:`desk_table` on a frame of store series whose columns are :data:`HEDGE_INPUTS` ids (missing optional
    inputs give empty columns); the one path from stored series to the table for every caller."""
    inputs = {k: (frame[sid] if sid in frame.columns else None) for k, sid in HEDGE_INPUTS.items()}
    missing = [HEDGE_INPUTS[k] for k in HEDGE_REQUIRED if inputs[k] is None]
    if missing:
        from ..errors import UnknownSeriesError

        raise UnknownSeriesError(f"FX-hedged yields need {', '.join(missing)}; run `ustmon update fred`")
    return desk_table(**inputs, start=start)


@dataclass(frozen=True)
class HedgedYields:
    """The FX-hedged yield table (:func:`desk_table`, monthly, percent and bp) with the input set it was built
    from (:data:`ustmon.conventions.input_sets.FX_HEDGE`)."""

    table: pd.DataFrame
    inputs: str = FX_HEDGE.name
    date_rule: str = FX_HEDGE.date_rule

    def latest(self) -> pd.Series:
        """The newest month's row."""
        if self.table.empty:
            raise ValueError("the FX-hedged yield table is empty")
        return self.table.iloc[-1]

    def summary(self) -> str:
        """One line for the newest month: hedged 10y UST for yen and euro investors against the JGB and Bund."""
        if self.table.empty:
            return "FX-hedged yields: no month with a 10y UST and a 3m bill"
        r, d = self.latest(), self.table.index[-1]

        def f(v, unit="%"):
            return "n/a" if pd.isna(v) else (f"{v:.2f}%" if unit == "%" else f"{v:+.0f} bp")

        return (f"{d:%Y-%m}: 10y UST {f(r['ust_10y_pct'])}; hedged to JPY {f(r['ust_10y_hedged_jpy_pct'])} vs 10y JGB "
                f"{f(r['jgb_10y_pct'])} ({f(r['pickup_hedged_vs_jgb_bp'], 'bp')}); hedged to EUR "
                f"{f(r['ust_10y_hedged_eur_pct'])} vs 10y Bund {f(r['bund_10y_pct'])} "
                f"({f(r['pickup_hedged_vs_bund_bp'], 'bp')}); {self.date_rule}")


def hedged_yields(frame: pd.DataFrame, *, start=None) -> HedgedYields:
    """:func:`desk_table_from_frame` as a named result."""
    return HedgedYields(desk_table_from_frame(frame, start=start))
