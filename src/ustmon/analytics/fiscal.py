"""Receipts, outlays and the deficit; year-on-year contributions; interest cost (issue 3, items 8 and 11).

Sources and precedence (first present wins):

* Monthly totals: Treasury's Monthly Treasury Statement via Fiscal Data
  (``MTS.RECEIPTS.TOTAL``, ``MTS.OUTLAYS.TOTAL``, ``MTS.DEFICIT``), else
  FRED's copies of the same MTS lines (``MTSR133FMS``, ``MTSO133FMS``,
  ``MTSDS133FMS``, the long monthly deficit history from 1980-10).
* Categories: MTS Table 9 (``MTS.RECEIPTS.*`` by source, ``MTS.OUTLAYS.*`` by
  function) and Table 4 (``MTS.RECEIPTS.FED_EARNINGS``).
* Fiscal-year cross-checks: OMB Historical Table 1.1 (``OMB.HIST1_1.*``) and
  FRED ``FYFSD``/``FYFR``/``FYONET``/``FYOINT``.
* GDP: OMB Table 1.2 fiscal-year GDP (``OMB.HIST1_2.GDP``) where it exists,
  else BEA ``GDP`` (quarterly, $bn SAAR).

Conventions:

* Amounts are **$ billions** (``usd_bn``); the store keeps MTS in $ millions.
* ``deficit`` is signed as Treasury publishes it: surplus +, deficit -.
* The fiscal year runs October-September and is named by the calendar year
  in which it ends (FY2020 = 2019-10..2020-09).  Only complete fiscal years
  (12 months) are summed.
* % of GDP for a 12-month flow: the flow divided by the **average** of the
  quarterly SAAR GDP over the same 12 months (each month takes its quarter's
  SAAR value), i.e. the flow over that window's annual GDP.  For a fiscal
  year, OMB's fiscal-year GDP is used when the store has it (OMB's own
  convention), else the mean of the four quarterly SAAR values Q4..Q3.
* Calendar shifts (``calendar`` view): when the first of a month falls on a
  Saturday, Sunday or New Year's Day, benefit, pay and plan payments due that
  day (SSI, veterans, military pay, Medicare Advantage and Part D) are made on
  the last business day of the previous month.  A 12-month window ending in
  month m then holds one month of those payments too many when the 1st of
  m+1 is such a day, and one too few when the 1st of its first month was.
  The adjustment moves them back: ``deficit_12m_adjusted = deficit_12m +
  S x (in - out)`` where ``S`` ($bn, one month of shifted payments) is
  estimated from the stored monthly deficits: OLS on month-of-year dummies, a
  linear trend and the shift indicator (+1 in a month that received next
  month's payments, -1 in the month that lost them) over the ten years to the
  latest month, leaving out 2020-03..2021-12 (pandemic outlays).  Both the
  published and the adjusted 12-month deficits are shown, with ``S`` and its
  standard error.
* Categories (``categories``, ``contributions``, ``contributions-fy``) need
  MTS Table 9 and Table 4, which only the live API provides: without them the
  views raise :class:`~ustmon.errors.CoverageError` naming the missing series
  (never an empty or partial table).  A month missing in the store stays a gap:
  no 12-month window spans it.
* Interest (``interest-measures``): two measures that must not be mixed, side
  by side.  Budget: Treasury/OMB *net interest* outlays (cash; interest on
  Treasury debt net of interest received by trust funds and other interest
  income), 12 months (MTS) or fiscal year (FRED FYOINT) over the mean SAAR GDP
  of the same four quarters.  National accounts: BEA NIPA federal interest
  payments (``A091RC1Q027SBEA``; accrual, gross, including interest imputed on
  federal employee pension liabilities) over the quarter's GDP.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd

from ..errors import UnknownSeriesError
from .base import Data, finish

MN_TO_BN = 1e-3

#: receipt sources of the year-on-year decomposition -> store ids (summed; a
#: negative id is subtracted). "other" is excise + estate and gift +
#: miscellaneous receipts less Federal Reserve earnings (which MTS Table 9
#: books inside miscellaneous receipts).
RECEIPT_SOURCES: dict[str, list[str]] = {
    "individual_income_tax": ["MTS.RECEIPTS.INDIVIDUAL_INCOME_TAX"],
    "corporate_income_tax": ["MTS.RECEIPTS.CORPORATE_INCOME_TAX"],
    "payroll_taxes": ["MTS.RECEIPTS.SOCIAL_INSURANCE"],
    "customs_duties": ["MTS.RECEIPTS.CUSTOMS_DUTIES"],
    "fed_remittances": ["MTS.RECEIPTS.FED_EARNINGS"],
    "other_receipts": ["MTS.RECEIPTS.OTHER", "-MTS.RECEIPTS.FED_EARNINGS"],
}
#: outlay functions.  MTS Table 9 has no separate Medicaid line: Medicaid is
#: in the Health function, so the column is ``health_incl_medicaid``.
OUTLAY_FUNCTIONS: dict[str, list[str]] = {
    "social_security": ["MTS.OUTLAYS.SOCIAL_SECURITY"],
    "medicare": ["MTS.OUTLAYS.MEDICARE"],
    "health_incl_medicaid": ["MTS.OUTLAYS.HEALTH"],
    "net_interest": ["MTS.OUTLAYS.NET_INTEREST"],
    "defense": ["MTS.OUTLAYS.NATIONAL_DEFENSE"],
    "other_outlays": ["MTS.OUTLAYS.OTHER", "MTS.OUTLAYS.INCOME_SECURITY", "MTS.OUTLAYS.VETERANS"],
}


# --------------------------------------------------------------------------- pure functions
def fiscal_year(index: pd.DatetimeIndex) -> np.ndarray:
    """Fiscal year (Oct-Sep, named by its ending calendar year) of each month."""
    return index.year + (index.month >= 10)


def fiscal_year_totals(monthly: pd.DataFrame) -> pd.DataFrame:
    """Sum monthly flows into fiscal years; keep only complete (12-month) years.

    ``monthly``: month-start DatetimeIndex, flow columns.  Returns one row per
    fiscal year (index ``fiscal_year``) and ``months`` (always 12).
    """
    fy = pd.Index(fiscal_year(monthly.index), name="fiscal_year")
    grouped = monthly.groupby(fy)
    out = grouped.sum(min_count=12)
    count = grouped.size()
    out = out[count == 12]
    return out


def monthly_gdp_saar(gdp_quarterly: pd.Series, months: pd.DatetimeIndex) -> pd.Series:
    """Quarterly SAAR GDP spread to months: each month carries its quarter's value (NaN past the last quarter)."""
    q = gdp_quarterly.dropna()
    q.index = pd.PeriodIndex(q.index, freq="Q")
    per = pd.PeriodIndex(months, freq="Q")
    return pd.Series(q.reindex(per).to_numpy(), index=months)


def rolling_12m(monthly: pd.DataFrame) -> pd.DataFrame:
    """Trailing 12-month sums (NaN until 12 months are available)."""
    return monthly.rolling(12, min_periods=12).sum()


def pct_of_gdp_12m(flow_12m: pd.Series, gdp_monthly_saar: pd.Series) -> pd.Series:
    """A trailing-12-month flow as % of the average annualised GDP over the same 12 months."""
    avg = gdp_monthly_saar.rolling(12, min_periods=12).mean()
    return 100.0 * flow_12m / avg


def fy_gdp_from_quarterly(gdp_quarterly: pd.Series) -> pd.Series:
    """Fiscal-year GDP ($bn): mean of the four quarterly SAAR values Q4 (previous year) .. Q3."""
    q = gdp_quarterly.dropna()
    fy = pd.Index(fiscal_year(pd.DatetimeIndex(q.index)), name="fiscal_year")
    g = q.groupby(fy)
    return g.mean()[g.size() == 4]


def yoy_contributions(components: pd.DataFrame, side: str, window: int = 12) -> pd.DataFrame:
    """Year-on-year change of trailing-``window``-month sums, decomposed by component.

    ``components``: monthly flows ($bn), one column per component whose sum is
    the total.  ``side``: ``"receipts"`` or ``"outlays"``.  Returns a tidy
    frame: ``date``, ``side``, ``component``, ``level_12m`` (usd_bn),
    ``change_usd_bn`` (12m sum minus the 12m sum a year earlier),
    ``contribution_pp`` (change / previous total x 100, so the components add
    up to the total's % change) and ``deficit_impact_usd_bn`` (the effect on
    the deficit, positive = widens it: +change for outlays, -change for
    receipts).  A ``total`` row per date carries the sums.
    """
    if side not in ("receipts", "outlays"):
        raise ValueError("side must be 'receipts' or 'outlays'")
    comp = components.copy()
    comp["total"] = comp.sum(axis=1, min_count=len(components.columns))
    lvl = comp.rolling(window, min_periods=window).sum()
    prev = lvl.shift(12)
    chg = lvl - prev
    contrib = 100.0 * chg.div(prev["total"], axis=0)
    sign = 1.0 if side == "outlays" else -1.0
    frames = []
    for c in comp.columns:
        frames.append(pd.DataFrame({"date": lvl.index, "side": side, "component": c, "level_12m": lvl[c].to_numpy(),
                                    "change_usd_bn": chg[c].to_numpy(), "contribution_pp": contrib[c].to_numpy(),
                                    "deficit_impact_usd_bn": sign * chg[c].to_numpy()}))
    out = pd.concat(frames, ignore_index=True)
    return out.dropna(subset=["change_usd_bn"]).sort_values(["date", "component"], kind="stable").reset_index(drop=True)


def interest_cost_table(net_interest: pd.Series, outlays: pd.Series, receipts: pd.Series,
                        gdp: pd.Series | None = None, defense: pd.Series | None = None,
                        avg_rate_marketable: pd.Series | None = None) -> pd.DataFrame:
    """Interest cost next to outlays, receipts, GDP and defence, on one common (annual or 12m) index.

    All flows in $bn over the same period; ``avg_rate_marketable`` in percent.
    Columns: ``net_interest``, ``interest_share_of_outlays_pct``,
    ``interest_share_of_receipts_pct``, ``interest_pct_gdp`` (when ``gdp``),
    ``defense``, ``interest_minus_defense``, ``interest_to_defense_ratio``
    (when ``defense``), ``avg_rate_marketable_pct`` (when given).
    """
    df = pd.DataFrame({"net_interest": net_interest, "outlays": outlays, "receipts": receipts})
    df["interest_share_of_outlays_pct"] = 100.0 * df["net_interest"] / df["outlays"]
    df["interest_share_of_receipts_pct"] = 100.0 * df["net_interest"] / df["receipts"]
    if gdp is not None:
        df["interest_pct_gdp"] = 100.0 * df["net_interest"] / gdp.reindex(df.index)
    if defense is not None:
        d = defense.reindex(df.index)
        df["defense"] = d
        df["interest_minus_defense"] = df["net_interest"] - d
        df["interest_to_defense_ratio"] = df["net_interest"] / d
    if avg_rate_marketable is not None:
        df["avg_rate_marketable_pct"] = avg_rate_marketable.reindex(df.index)
    return df.dropna(subset=["net_interest"])


def first_is_shift_day(months: pd.DatetimeIndex) -> np.ndarray:
    """True where the first day of the month is a Saturday, Sunday or 1 January (payments move a month earlier)."""
    m = pd.DatetimeIndex(months).to_period("M").to_timestamp()
    return np.asarray((m.day_of_week >= 5) | (m.month == 1), bool)


def calendar_shift_indicator(months: pd.DatetimeIndex) -> pd.Series:
    """+1 in a month that received the next month's payments, -1 in one that lost its own, 0 else (or both)."""
    idx = pd.DatetimeIndex(months)
    pulled_in = first_is_shift_day(idx + pd.offsets.MonthBegin(1)).astype(int)
    pulled_out = first_is_shift_day(idx).astype(int)
    return pd.Series(pulled_in - pulled_out, index=idx)


def estimate_shift(deficit_monthly: pd.Series, years: int = 10,
                   exclude: tuple[str, str] = ("2020-03-01", "2021-12-01")) -> tuple[float, float, int]:
    """One month of shifted payments ($bn, positive) from monthly deficits: OLS on month dummies, trend and the
    shift indicator over the last ``years`` years, without ``exclude``.  Returns (S, standard error, months used)."""
    y = deficit_monthly.dropna()
    y = y[y.index > y.index.max() - pd.DateOffset(years=years)]
    y = y[~((y.index >= exclude[0]) & (y.index <= exclude[1]))]
    x = calendar_shift_indicator(y.index).to_numpy(float)
    dummies = (y.index.month.to_numpy()[:, None] == np.arange(1, 13)[None, :]).astype(float)
    X = np.column_stack([dummies, np.arange(len(y)) / 120.0, x])
    if len(y) < 36 or np.linalg.matrix_rank(X) < X.shape[1]:
        return np.nan, np.nan, len(y)
    b, *_ = np.linalg.lstsq(X, y.to_numpy(float), rcond=None)
    e = y.to_numpy(float) - X @ b
    sigma2 = e @ e / (len(y) - X.shape[1])
    se = float(np.sqrt(sigma2 * np.linalg.inv(X.T @ X)[-1, -1]))
    return float(-b[-1]), se, len(y)


def shift_adjusted_12m(deficit_monthly: pd.Series, shift_bn: float) -> pd.DataFrame:
    """Published and calendar-adjusted trailing 12-month deficits ($bn; surplus +, deficit -).

    ``window_effect`` = shift-in at the window's last month minus shift-out at
    its first: +1 means the window holds one month of payments too many.
    """
    d = deficit_monthly.dropna()
    idx = pd.date_range(d.index.min(), d.index.max(), freq="MS")
    d = d.reindex(idx)
    pulled_in = pd.Series(first_is_shift_day(idx + pd.offsets.MonthBegin(1)).astype(int), index=idx)
    pulled_out = pd.Series(first_is_shift_day(idx).astype(int), index=idx)
    effect = pulled_in - pulled_out.shift(11)
    d12 = d.rolling(12, min_periods=12).sum()
    out = pd.DataFrame({"deficit": d, "deficit_12m": d12, "next_month_paid_early": pulled_in.astype(bool),
                        "window_effect": effect, "deficit_12m_adjusted": d12 + shift_bn * effect})
    out.index.name = "date"
    return out


# --------------------------------------------------------------------------- store readers
def _first(data: Data, *ids: str) -> pd.Series | None:
    for sid in ids:
        if data.has(sid):
            return data.series(sid)
    return None


def _monthly_totals(data: Data) -> tuple[pd.DataFrame, list]:
    deficit = _first(data, "MTS.DEFICIT", "MTSDS133FMS")
    if deficit is None:
        raise UnknownSeriesError("no monthly deficit in the store (MTS.DEFICIT or FRED MTSDS133FMS); "
                                 "run `ustmon update fiscaldata` or `ustmon update fred`")
    receipts = _first(data, "MTS.RECEIPTS.TOTAL", "MTSR133FMS")
    outlays = _first(data, "MTS.OUTLAYS.TOTAL", "MTSO133FMS")
    cols = {"receipts": receipts, "outlays": outlays, "deficit": deficit}
    inputs = [s for s in cols.values() if s is not None]
    df = pd.DataFrame({k: (v * MN_TO_BN if v is not None else np.nan) for k, v in cols.items() if v is not None})
    for k in cols:
        if k not in df:
            df[k] = np.nan
    df = df[["receipts", "outlays", "deficit"]]
    df.index = pd.DatetimeIndex(df.index, name="date")
    return df, inputs


def _gdp(data: Data) -> pd.Series | None:
    return data.series("GDP", start=pd.Timestamp("1947-01-01")) if data.has("GDP") else None


# --------------------------------------------------------------------------- views
def monthly(data: Data) -> pd.DataFrame:
    """Monthly receipts, outlays and deficit ($bn), trailing 12 months and 12m deficit % of GDP."""
    df, inputs = _monthly_totals(data)
    r12 = rolling_12m(df)
    out = df.copy()
    out["receipts_12m"], out["outlays_12m"], out["deficit_12m"] = r12["receipts"], r12["outlays"], r12["deficit"]
    gdp = _gdp(data)
    if gdp is not None:
        g = monthly_gdp_saar(gdp, out.index)
        out["deficit_12m_pct_gdp"] = pct_of_gdp_12m(out["deficit_12m"], g)
        inputs.append(gdp)
    out["fiscal_year"] = fiscal_year(out.index)
    units = {c: "usd_bn" for c in ["receipts", "outlays", "deficit", "receipts_12m", "outlays_12m", "deficit_12m"]}
    units["deficit_12m_pct_gdp"] = "pct_of_gdp"
    return finish(out, *inputs, units=units,
                  description="Monthly Treasury Statement receipts, outlays and surplus(+)/deficit(-), $bn; "
                              "trailing 12-month sums and the 12m deficit as % of GDP.",
                  method="12m % of GDP = 12m flow / mean of quarterly SAAR GDP over the same 12 months. "
                         "Sources: Fiscal Data MTS when present, else FRED MTSDS133FMS/MTSR133FMS/MTSO133FMS.")


def fiscal_years(data: Data) -> pd.DataFrame:
    """Fiscal-year (Oct-Sep) receipts, outlays and deficit ($bn) and % of GDP, with OMB/FRED cross-checks."""
    df, inputs = _monthly_totals(data)
    fy = fiscal_year_totals(df)
    gdp_omb = _first(data, "OMB.HIST1_2.GDP")
    gdp_q = _gdp(data)
    gdp_fy = pd.Series(np.nan, index=fy.index, dtype=float)
    gdp_source = pd.Series("", index=fy.index, dtype=object)
    if gdp_q is not None:
        g = fy_gdp_from_quarterly(gdp_q).reindex(fy.index)
        gdp_fy, gdp_source = g, pd.Series(np.where(g.notna(), "BEA GDP mean of 4 quarters", ""), index=fy.index)
        inputs.append(gdp_q)
    if gdp_omb is not None:
        go = pd.Series(gdp_omb.to_numpy(), index=pd.Index(pd.DatetimeIndex(gdp_omb.index).year, name="fiscal_year"))
        go = go[~go.index.duplicated(keep="last")].reindex(fy.index)
        gdp_source = gdp_source.where(go.isna(), "OMB Table 1.2")
        gdp_fy = go.combine_first(gdp_fy)
        inputs.append(gdp_omb)
    out = fy.copy()
    # Receipts/outlays before the monthly series start (FRED's MTSR/MTSO are
    # often absent): OMB Table 1.1, then FRED FYFR/FYONET (same OMB figures).
    out["receipts_outlays_source"] = np.where(out["receipts"].notna(), "MTS monthly sum", None)
    for col, ids in [("receipts", ("OMB.HIST1_1.RECEIPTS", "FYFR")), ("outlays", ("OMB.HIST1_1.OUTLAYS", "FYONET"))]:
        for sid in ids:
            if not data.has(sid) or out[col].notna().all():
                continue
            s = data.series(sid)
            v = pd.Series(s.to_numpy() * MN_TO_BN, index=pd.DatetimeIndex(s.index).year)
            v = v[~v.index.duplicated(keep="last")].reindex(out.index)
            fill = out[col].isna() & v.notna()
            if fill.any():
                out.loc[fill, col] = v[fill]
                out.loc[fill & out["receipts_outlays_source"].isna(), "receipts_outlays_source"] = (
                    "OMB Table 1.1" if sid.startswith("OMB") else f"FRED {sid}")
                inputs.append(s)
    out["gdp_fy"] = gdp_fy
    out["gdp_source"] = gdp_source.replace("", np.nan)
    for c in ["receipts", "outlays", "deficit"]:
        out[f"{c}_pct_gdp"] = 100.0 * out[c] / out["gdp_fy"]
    for col, sid in [("deficit_omb", "OMB.HIST1_1.SURPLUS"), ("deficit_fred_fyfsd", "FYFSD")]:
        s = _first(data, sid)
        if s is not None:
            v = pd.Series(s.to_numpy() * MN_TO_BN, index=pd.DatetimeIndex(s.index).year)
            out[col] = v[~v.index.duplicated(keep="last")].reindex(out.index)
            inputs.append(s)
    out = out.reset_index()
    out.index = pd.DatetimeIndex([pd.Timestamp(int(y), 9, 30) for y in out["fiscal_year"]], name="date")
    units = {c: "usd_bn" for c in ["receipts", "outlays", "deficit", "gdp_fy", "deficit_omb", "deficit_fred_fyfsd"]}
    units.update({f"{c}_pct_gdp": "pct_of_gdp" for c in ["receipts", "outlays", "deficit"]})
    return finish(out, *inputs, units=units,
                  description="Fiscal-year totals summed from monthly MTS (complete years only), $bn, with % of GDP "
                              "and OMB Table 1.1 / FRED FYFSD deficits beside them for comparison.",
                  method="FY GDP: OMB Table 1.2 where available, else mean of BEA quarterly SAAR GDP Q4..Q3.")


def _category_frame(data: Data, spec: dict[str, list[str]]) -> tuple[pd.DataFrame, list]:
    cols, inputs = {}, []
    for name, ids in spec.items():
        total = None
        for sid in ids:
            neg = sid.startswith("-")
            sid = sid.lstrip("-")
            data.require(sid)
            s = data.series(sid)
            inputs.append(s)
            v = -s if neg else s
            total = v if total is None else total + v
        cols[name] = total * MN_TO_BN
    return pd.DataFrame(cols), inputs


def contributions(data: Data) -> pd.DataFrame:
    """Year-on-year change of 12m receipts and outlays ($bn), contributions by source and function (pp)."""
    rec, out_, i1, i2 = _categories(data, "receipts and outlays by category, year-on-year contributions")
    res = pd.concat([yoy_contributions(rec, "receipts"), yoy_contributions(out_, "outlays")], ignore_index=True)
    res = res.sort_values(["date", "side", "component"], kind="stable").reset_index(drop=True)
    return finish(res, *i1, *i2,
                  units={"level_12m": "usd_bn", "change_usd_bn": "usd_bn", "contribution_pp": "pp",
                         "deficit_impact_usd_bn": "usd_bn"},
                  description="Trailing-12-month receipts by source and outlays by function (MTS Table 9, Table 4 "
                              "for Fed earnings): change on a year earlier and contribution to the total's % change.",
                  method="contribution_pp = change / previous-year total x 100; deficit_impact positive = widens the "
                         "deficit. Medicaid is inside Health in MTS Table 9.")


def interest(data: Data) -> pd.DataFrame:
    """Net interest cost ($bn): share of outlays and receipts, % of GDP, vs defence, average rate on marketable debt."""
    inputs = []
    if data.has("MTS.OUTLAYS.NET_INTEREST"):
        # Monthly MTS: trailing 12-month sums, monthly frequency.
        ids = {"net_interest": "MTS.OUTLAYS.NET_INTEREST", "outlays": "MTS.OUTLAYS.TOTAL",
               "receipts": "MTS.RECEIPTS.TOTAL"}
        for sid in ids.values():
            data.require(sid)
        fr = pd.DataFrame({k: data.series(v) * MN_TO_BN for k, v in ids.items()})
        inputs += [data.series(v) for v in ids.values()]
        r12 = rolling_12m(fr)
        defense = None
        if data.has("MTS.OUTLAYS.NATIONAL_DEFENSE"):
            s = data.series("MTS.OUTLAYS.NATIONAL_DEFENSE")
            inputs.append(s)
            defense = (s * MN_TO_BN).rolling(12, min_periods=12).sum()
        gdp = _gdp(data)
        g12 = None
        if gdp is not None:
            inputs.append(gdp)
            g12 = monthly_gdp_saar(gdp, r12.index).rolling(12, min_periods=12).mean()
        air = data.series("AIR.MARKETABLE.TOTAL") if data.has("AIR.MARKETABLE.TOTAL") else None
        if air is not None:
            inputs.append(air)
        out = interest_cost_table(r12["net_interest"], r12["outlays"], r12["receipts"], g12, defense, air)
        basis = "trailing 12 months of monthly MTS (Table 9 net interest and national defense)"
    else:
        # Fiscal-year fallback: OMB/FRED annual series.
        for sid in ("FYOINT", "FYONET", "FYFR"):
            data.require(sid)
        s_int, s_out, s_rec = data.series("FYOINT"), data.series("FYONET"), data.series("FYFR")
        inputs += [s_int, s_out, s_rec]
        gdp = _first(data, "OMB.HIST1_2.GDP", "FYGDP")
        if gdp is not None:
            inputs.append(gdp)
        out = interest_cost_table(s_int * MN_TO_BN, s_out * MN_TO_BN, s_rec * MN_TO_BN, gdp)
        basis = "fiscal years, OMB Historical Tables via FRED (FYOINT, FYONET, FYFR); no defence series in the store"
    out.index = pd.DatetimeIndex(out.index, name="date")
    units = {c: "usd_bn" for c in ["net_interest", "outlays", "receipts", "defense", "interest_minus_defense"]}
    units.update({"interest_share_of_outlays_pct": "pct", "interest_share_of_receipts_pct": "pct",
                  "interest_pct_gdp": "pct_of_gdp", "interest_to_defense_ratio": "ratio",
                  "avg_rate_marketable_pct": "pct"})
    return finish(out, *inputs, units=units,
                  description=f"Net interest outlays ($bn) against outlays, receipts, GDP and defence; basis: {basis}.",
                  method="Average interest rate on marketable debt from Fiscal Data avg_interest_rates "
                         "(AIR.MARKETABLE.TOTAL) when present.")


def calendar(data: Data) -> pd.DataFrame:
    """12-month deficit as published and adjusted for payments moved by weekends and New Year's Day ($bn)."""
    df, inputs = _monthly_totals(data)
    s, se, n = estimate_shift(df["deficit"])
    if not np.isfinite(s):
        from ..errors import CoverageError

        raise CoverageError("calendar-adjusted deficit", "needs at least three years of monthly deficits to estimate "
                            "the shifted payments", coverage=f"{n} months stored")
    out = shift_adjusted_12m(df["deficit"], s)
    out["shift_estimate"] = s
    out["shift_standard_error"] = se
    if data.start is not None:
        out = out[out.index >= data.start]
    return finish(out, *inputs, units={"deficit": "usd_bn", "deficit_12m": "usd_bn", "deficit_12m_adjusted": "usd_bn",
                                       "window_effect": "months", "shift_estimate": "usd_bn",
                                       "shift_standard_error": "usd_bn"},
                  description="Trailing 12-month deficit as published and adjusted for calendar shifts: when the 1st "
                              "of a month is a Saturday, Sunday or New Year's Day, that month's benefit and pay "
                              "payments are made in the previous month; the adjustment moves them back.",
                  method=f"One month of shifted payments S = {s:.1f}bn (standard error {se:.1f}bn), estimated by OLS "
                         f"of the monthly deficit on month dummies, a trend and the shift indicator over {n} months "
                         "(ten years to the latest, without 2020-03..2021-12); adjusted = published + S x "
                         "window_effect.")


def contributions_wide(data: Data) -> pd.DataFrame:
    """Deficit impact per component, one row per month ($bn; y/y change of 12-month sums, positive widens it).

    The :func:`contributions` view pivoted: one column per receipt source and outlay function."""
    long = contributions(data)
    wide = long.pivot_table(index="date", columns="component", values="deficit_impact_usd_bn", aggfunc="sum")
    wide.index = pd.DatetimeIndex(wide.index, name="date")
    wide.columns.name = None
    wide.attrs = dict(long.attrs)
    wide.attrs["units"] = {c: "usd_bn" for c in wide.columns}
    return wide


def interest_gdp(data: Data) -> pd.DataFrame:
    """Federal interest payments (BEA NIPA A091RC1Q027SBEA, SAAR) as % of GDP, quarterly."""
    raw = data.frame(["A091RC1Q027SBEA", "GDP"])
    out = pd.DataFrame({"interest_pct_gdp": 100 * raw["A091RC1Q027SBEA"] / raw["GDP"]}).dropna()
    out.index = pd.DatetimeIndex(out.index, name="date")
    return finish(out, raw, units={"interest_pct_gdp": "pct_of_gdp"},
                  description="Federal government interest payments (NIPA, SAAR) as % of nominal GDP (SAAR), quarterly.")


VIEWS = OrderedDict([
    ("monthly", monthly),
    ("calendar", calendar),
    ("fy", fiscal_years),
    ("contributions", contributions),
    ("interest", interest),
    ("contributions-wide", contributions_wide),
    ("interest-gdp", interest_gdp),
])
SUMMARY = "Receipts, outlays, deficit; year-on-year contributions; interest cost."


# --------------------------------------------------------------------------- categories (issue 13, item 4)
#: MTS Table 9 / Table 4 lines behind the category views (what a store filled offline lacks)
CATEGORY_SERIES: tuple[str, ...] = tuple(dict.fromkeys(
    sid.lstrip("-") for spec in (RECEIPT_SOURCES, OUTLAY_FUNCTIONS) for ids in spec.values() for sid in ids))


def require_categories(data: Data, what: str) -> None:
    """Raise :class:`~ustmon.errors.CoverageError` naming the MTS Table 9/4 series the store lacks (live-only data)."""
    from ..errors import CoverageError

    stored = set(data.ids("MTS."))
    missing = [sid for sid in CATEGORY_SERIES if sid not in stored]
    if missing:
        raise CoverageError(
            what, "needs MTS Table 9 (receipts by source, outlays by function) and Table 4 (Federal Reserve "
                  "earnings), which only the live Fiscal Data API provides (`ustmon update fiscaldata`); no mirror or "
                  "snapshot file holds them",
            coverage=f"{len(missing)} of {len(CATEGORY_SERIES)} series missing from the store: "
                     f"{', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}")


def _categories(data: Data, what: str) -> tuple[pd.DataFrame, pd.DataFrame, list, list]:
    """Monthly receipts by source and outlays by function ($bn) on one gap-free monthly index."""
    require_categories(data, what)
    rec, i1 = _category_frame(data, RECEIPT_SOURCES)
    out_, i2 = _category_frame(data, OUTLAY_FUNCTIONS)
    frames = []
    for f in (rec, out_):
        f.index = pd.DatetimeIndex(f.index, name="date")
        frames.append(f)
    start = min(f.index.min() for f in frames)
    end = max(f.index.max() for f in frames)
    idx = pd.date_range(start, end, freq="MS", name="date")
    # a missing month stays NaN (so no 12-month window spans it) instead of shifting the rolling sums
    return frames[0].reindex(idx), frames[1].reindex(idx), i1, i2


def fy_contributions(components: pd.DataFrame, side: str, gdp_fy: pd.Series | None = None) -> pd.DataFrame:
    """Fiscal-year change of each component on the previous fiscal year, and its effect on the deficit.

    ``components``: monthly flows ($bn), one column per component (their sum is
    the side's total); only complete fiscal years (Oct-Sep) count.  Returns a
    tidy frame: ``fiscal_year``, ``date`` (30 September), ``side``,
    ``component``, ``level_usd_bn`` (the fiscal year's sum),
    ``change_usd_bn`` (on the previous fiscal year), ``contribution_pp``
    (change / previous year's total of the side x 100), ``deficit_impact_usd_bn``
    (positive = widens the deficit) and, with ``gdp_fy`` ($bn by fiscal year),
    ``deficit_impact_pct_gdp`` (deficit impact / that year's GDP x 100, pp of
    GDP).  A ``total`` row per year carries the side's sums.
    """
    if side not in ("receipts", "outlays"):
        raise ValueError("side must be 'receipts' or 'outlays'")
    comp = components.copy()
    comp["total"] = comp.sum(axis=1, min_count=len(components.columns))
    fy = fiscal_year_totals(comp)
    fy = fy.reindex(pd.RangeIndex(fy.index.min(), fy.index.max() + 1, name="fiscal_year")) if len(fy) else fy
    prev = fy.shift(1)
    chg = fy - prev
    contrib = 100.0 * chg.div(prev["total"], axis=0)
    sign = 1.0 if side == "outlays" else -1.0
    g = gdp_fy.reindex(fy.index) if gdp_fy is not None else pd.Series(np.nan, index=fy.index)
    frames = []
    for c in comp.columns:
        impact = sign * chg[c]
        frames.append(pd.DataFrame({
            "fiscal_year": fy.index.to_numpy(), "side": side, "component": c, "level_usd_bn": fy[c].to_numpy(),
            "change_usd_bn": chg[c].to_numpy(), "contribution_pp": contrib[c].to_numpy(),
            "deficit_impact_usd_bn": impact.to_numpy(), "deficit_impact_pct_gdp": (100.0 * impact / g).to_numpy()}))
    out = pd.concat(frames, ignore_index=True).dropna(subset=["change_usd_bn"])
    out.insert(1, "date", [pd.Timestamp(int(y), 9, 30) for y in out["fiscal_year"]])
    return out.sort_values(["fiscal_year", "component"], kind="stable").reset_index(drop=True)


def _gdp_by_fiscal_year(data: Data, inputs: list) -> pd.Series | None:
    """Fiscal-year GDP ($bn): mean of BEA quarterly SAAR GDP Q4..Q3, else OMB Table 1.2 (as in :func:`fiscal_years`)."""
    out = None
    gdp_q = _gdp(data)
    if gdp_q is not None:
        out = fy_gdp_from_quarterly(gdp_q)
        inputs.append(gdp_q)
    omb = _first(data, "OMB.HIST1_2.GDP")
    if omb is not None:
        go = pd.Series(omb.to_numpy(), index=pd.Index(pd.DatetimeIndex(omb.index).year, name="fiscal_year"))
        go = go[~go.index.duplicated(keep="last")]
        out = go if out is None else out.combine_first(go)
        inputs.append(omb)
    return out


def contributions_fy(data: Data) -> pd.DataFrame:
    """Fiscal-year contributions of each receipt source and outlay function to the change in the deficit ($bn, pp)."""
    rec, out_, i1, i2 = _categories(data, "fiscal-year contributions to the change in the deficit")
    inputs: list = [*i1, *i2]
    gdp_fy = _gdp_by_fiscal_year(data, inputs)
    res = pd.concat([fy_contributions(rec, "receipts", gdp_fy), fy_contributions(out_, "outlays", gdp_fy)],
                    ignore_index=True)
    if res.empty:
        from ..errors import CoverageError

        raise CoverageError("fiscal-year contributions to the change in the deficit",
                            "needs two complete fiscal years (October-September) of MTS Table 9",
                            coverage=f"{len(rec.dropna(how='all'))} months stored")
    # the deficit's own change: the sum of every component's impact (outlays total - receipts total)
    tot = res[res["component"] == "total"]
    g = tot.groupby(["fiscal_year", "date"])
    both = g["side"].nunique() == 2  # a year needs both sides' totals
    d = g[["deficit_impact_usd_bn", "deficit_impact_pct_gdp"]].sum(min_count=2)[both].reset_index()
    d.insert(2, "side", "deficit")
    d.insert(3, "component", "deficit_change")
    res = pd.concat([res, d], ignore_index=True)
    res = res.sort_values(["fiscal_year", "side", "component"], kind="stable").reset_index(drop=True)
    if data.start is not None:
        res = res[res["date"] >= data.start].reset_index(drop=True)
    return finish(res, *inputs,
                  units={"level_usd_bn": "usd_bn", "change_usd_bn": "usd_bn", "contribution_pp": "pp",
                         "deficit_impact_usd_bn": "usd_bn", "deficit_impact_pct_gdp": "pct_of_gdp"},
                  description="Fiscal-year (October-September) receipts by source and outlays by function from MTS "
                              "Table 9 (Table 4 for Federal Reserve earnings), $bn: change on the previous fiscal "
                              "year and its effect on the deficit (positive = widens it), in $bn and in pp of GDP; "
                              "the 'deficit_change' row is their sum, the widening of the fiscal-year deficit.",
                  method="Complete fiscal years only. contribution_pp = change / previous year's total of the side "
                         "x 100; deficit_impact = +change for outlays, -change for receipts; deficit_impact_pct_gdp "
                         "= deficit_impact / fiscal-year GDP x 100 (mean of BEA quarterly SAAR GDP Q4..Q3, else "
                         "OMB Table 1.2). Medicaid is inside Health in MTS Table 9; Federal Reserve earnings are "
                         "taken out of miscellaneous receipts.")


def categories(data: Data) -> pd.DataFrame:
    """Receipts by source and outlays by function: the latest 12 months against the 12 months a year earlier ($bn)."""
    rec, out_, i1, i2 = _categories(data, "receipts and outlays by category")
    inputs: list = [*i1, *i2]
    long = pd.concat([yoy_contributions(rec, "receipts"), yoy_contributions(out_, "outlays")], ignore_index=True)
    if data.start is not None:
        long = long[long["date"] >= data.start]
    if long.empty:
        from ..errors import CoverageError

        raise CoverageError("receipts and outlays by category", "needs 24 consecutive months of MTS Table 9",
                            coverage=f"{len(rec.dropna(how='all'))} months stored")
    last = long["date"].max()
    t = long[long["date"] == last].copy()
    t["year_earlier_12m"] = t["level_12m"] - t["change_usd_bn"]
    t = t.rename(columns={"level_12m": "latest_12m"})
    totals = t[t["component"] == "total"].set_index("side")["latest_12m"]
    t["share_of_side_pct"] = 100.0 * t["latest_12m"] / t["side"].map(totals)
    t["change_pct"] = 100.0 * t["change_usd_bn"] / t["year_earlier_12m"]
    gdp = _gdp(data)
    t["latest_12m_pct_gdp"] = np.nan
    if gdp is not None:
        months = pd.date_range(last - pd.DateOffset(months=11), last, freq="MS")
        g = monthly_gdp_saar(gdp, months)
        if g.notna().all():
            t["latest_12m_pct_gdp"] = 100.0 * t["latest_12m"] / g.mean()
            inputs.append(gdp)
    first = last - pd.DateOffset(months=11)
    t["window"] = f"{first:%Y-%m}..{last:%Y-%m}"
    t["window_year_earlier"] = f"{first - pd.DateOffset(years=1):%Y-%m}..{last - pd.DateOffset(years=1):%Y-%m}"
    t["is_total"] = t["component"] == "total"
    t = t.sort_values(["side", "is_total", "latest_12m"], ascending=[False, True, False], kind="stable")
    cols = ["date", "side", "component", "latest_12m", "year_earlier_12m", "change_usd_bn", "change_pct",
            "contribution_pp", "deficit_impact_usd_bn", "share_of_side_pct", "latest_12m_pct_gdp", "window",
            "window_year_earlier"]
    t = t[cols].reset_index(drop=True)
    return finish(t, *inputs,
                  units={"latest_12m": "usd_bn", "year_earlier_12m": "usd_bn", "change_usd_bn": "usd_bn",
                         "change_pct": "pct", "contribution_pp": "pp", "deficit_impact_usd_bn": "usd_bn",
                         "share_of_side_pct": "pct", "latest_12m_pct_gdp": "pct_of_gdp"},
                  description="Receipts by source and outlays by function (MTS Table 9; Federal Reserve earnings from "
                              "Table 4), sums over the latest 12 months and the same 12 months a year earlier, $bn; "
                              "one row per category and a total per side.",
                  method="contribution_pp = change / year-earlier total of the side x 100; deficit_impact positive "
                         "= widens the deficit; latest_12m_pct_gdp = 12m sum / mean quarterly SAAR GDP over the "
                         "window. Medicaid is inside Health in MTS Table 9.")


# --------------------------------------------------------------------------- interest: two measures, two bases
#: quarterly BEA NIPA series: federal government interest payments, $bn SAAR
NIPA_INTEREST = "A091RC1Q027SBEA"


def interest_measures_table(gdp_q: pd.Series, nipa_q: pd.Series | None, net_interest_12m_q: pd.Series | None,
                            net_interest_fy_q: pd.Series | None = None) -> pd.DataFrame:
    """The budget (MTS/OMB) and the national-accounts (NIPA) interest measures, % of GDP, on one quarterly index.

    All inputs indexed by quarter-start dates, $bn.  ``gdp_q`` and ``nipa_q``:
    quarterly SAAR.  ``net_interest_12m_q``: MTS net interest outlays summed
    over the 12 months to the quarter's last month; ``net_interest_fy_q``:
    fiscal-year net interest (OMB) at the quarter its fiscal year ends in,
    used where the 12-month MTS sum is missing.  The 12-month flows are set
    against the mean SAAR GDP of the same four quarters; the quarterly NIPA
    rate against the quarter's GDP, and its four-quarter mean against the same
    mean GDP as the budget measure (``interest_payments_nipa_4q_pct_gdp``).
    """
    gdp_q = gdp_q.dropna()
    idx = gdp_q.index
    parts = [s.dropna() for s in (nipa_q, net_interest_12m_q, net_interest_fy_q) if s is not None]
    for s in parts:
        idx = idx.union(s.index)
    idx = pd.DatetimeIndex(idx, name="date")
    full = pd.date_range(idx.min(), idx.max(), freq="QS", name="date") if len(idx) else idx
    g = gdp_q.reindex(full)
    g4 = g.rolling(4, min_periods=4).mean()
    out = pd.DataFrame(index=full)
    mts = net_interest_12m_q.reindex(full) if net_interest_12m_q is not None else pd.Series(np.nan, index=full)
    basis = pd.Series(np.where(mts.notna(), "MTS, 12 months to quarter end", None), index=full, dtype=object)
    if net_interest_fy_q is not None:
        fyv = net_interest_fy_q.reindex(full)
        fill = mts.isna() & fyv.notna()
        mts = mts.where(~fill, fyv)
        basis[fill] = "OMB fiscal year (FRED FYOINT)"
    out["net_interest_outlays_mts_usd_bn"] = mts
    out["net_interest_outlays_mts_pct_gdp"] = 100.0 * mts / g4
    out["net_interest_basis"] = basis
    if nipa_q is not None:
        n = nipa_q.reindex(full)
        out["interest_payments_nipa_usd_bn_saar"] = n
        out["interest_payments_nipa_pct_gdp"] = 100.0 * n / g
        out["interest_payments_nipa_4q_pct_gdp"] = 100.0 * n.rolling(4, min_periods=4).mean() / g4
    out["gdp_usd_bn_saar"] = g
    num = [c for c in out.columns if c.endswith("_pct_gdp")]
    return out.dropna(subset=num, how="all")


def _quarter_start(index) -> pd.DatetimeIndex:
    return pd.PeriodIndex(pd.DatetimeIndex(index), freq="Q").to_timestamp()


def interest_measures(data: Data) -> pd.DataFrame:
    """Net interest outlays (budget: MTS/OMB) beside interest payments (national accounts: BEA NIPA), % of GDP."""
    from ..errors import CoverageError

    got = data.many(["GDP", NIPA_INTEREST, "MTS.OUTLAYS.NET_INTEREST", "FYOINT"], optional=True, full_history=True)
    gdp = got.get("GDP")
    if gdp is None:
        raise CoverageError("interest measures", "needs BEA GDP (FRED GDP) for the % of GDP ratios",
                            coverage="GDP not in the store")
    inputs: list = list(got.values())

    def quarterly(s: pd.Series, scale: float = 1.0) -> pd.Series:
        q = pd.Series(s.to_numpy(float) * scale, index=_quarter_start(s.index))
        return q[~q.index.duplicated(keep="last")]

    gdp_q = quarterly(gdp)
    nipa = quarterly(got[NIPA_INTEREST]) if NIPA_INTEREST in got else None
    m12 = None
    if "MTS.OUTLAYS.NET_INTEREST" in got:
        m = got["MTS.OUTLAYS.NET_INTEREST"] * MN_TO_BN
        m.index = pd.DatetimeIndex(m.index)
        m = m.reindex(pd.date_range(m.index.min(), m.index.max(), freq="MS"))
        r = m.rolling(12, min_periods=12).sum()
        r = r[r.index.month % 3 == 0].dropna()
        m12 = pd.Series(r.to_numpy(), index=_quarter_start(r.index))
    fyq = quarterly(got["FYOINT"], MN_TO_BN) if "FYOINT" in got else None
    if nipa is None and m12 is None and fyq is None:
        raise CoverageError("interest measures", f"needs MTS net interest (live), FRED FYOINT or BEA {NIPA_INTEREST}",
                            coverage="none of them in the store")
    out = interest_measures_table(gdp_q, nipa, m12, fyq)
    if data.start is not None:
        out = out[out.index >= data.start]
    return finish(out, *inputs,
                  units={"net_interest_outlays_mts_usd_bn": "usd_bn", "net_interest_outlays_mts_pct_gdp": "pct_of_gdp",
                         "interest_payments_nipa_usd_bn_saar": "usd_bn_saar",
                         "interest_payments_nipa_pct_gdp": "pct_of_gdp",
                         "interest_payments_nipa_4q_pct_gdp": "pct_of_gdp", "gdp_usd_bn_saar": "usd_bn_saar"},
                  description="Two interest measures that must not be mixed. BUDGET (net_interest_outlays_mts_*): "
                              "Treasury/OMB 'net interest' outlays, cash basis, interest paid on Treasury debt net of "
                              "interest received by trust funds and other interest income, summed over 12 months "
                              "(MTS, live) or the fiscal year (OMB via FRED FYOINT). NATIONAL ACCOUNTS "
                              "(interest_payments_nipa_*): BEA NIPA federal government interest payments "
                              f"({NIPA_INTEREST}), accrual basis, quarterly at a seasonally adjusted annual rate, "
                              "gross of interest received and including interest imputed on federal employee "
                              "pension liabilities, so it runs well above the budget measure.",
                  method="Budget measure: 12-month (or fiscal-year) sum / mean quarterly SAAR GDP of the same four "
                         "quarters; dated at the quarter the window ends in; net_interest_basis says which source. "
                         "NIPA: quarter's SAAR interest / quarter's SAAR GDP; the _4q column averages four quarters "
                         "on the budget measure's window.")


VIEWS.update([
    ("categories", categories),
    ("contributions-fy", contributions_fy),
    ("interest-measures", interest_measures),
])
