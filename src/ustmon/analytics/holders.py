"""Who holds Treasuries: sectors (Z.1 L.210), the marginal buyer, the Fed and QT, banks, money funds.

Amounts are **US$ billions** (``usd_bn``) in every output, converted from the
inputs' units (Z.1 and H.4.1/H.8 series are stored in $mn); ``_pct`` columns
are percent.

Inputs
------
* Z.1 Financial Accounts table L.210 "Treasury Securities"
  (:data:`ustmon.sources.fedboard.L210_LINES`, series ``Z1.<code>``):
  end-of-quarter levels, NSA, dated the first day of the quarter (2023-10-01 =
  end-2023).  Holdings lines are at **market value** (``LM``); the liability
  (``FL313161105``, total outstanding) is at par-like book value, so shares
  use the all-sector asset total ``FL893061105`` as denominator.  Households
  are the Z.1 *residual* and so contain domestic hedge funds; when hedge funds
  (B.101.f ``LM623061103``) are in the store they are taken out of households.
* H.4.1 (FRED): ``TREAST`` Fed Treasury holdings, Wednesday level;
  ``WSHOSHO`` securities held outright.  Treasury debt (FRED): ``GFDEBTN``
  total public debt, ``FYGFDPUN`` debt held by the public (quarter-end levels).
* H.8 (FRED): ``USGSEC`` Treasury and agency securities, all commercial
  banks, SA, Wednesday.
* FRBNY via FRED: ``RRPONTSYD`` ON RRP take-up (daily).  Z.1 (FRED):
  ``MMMFFAQ027S`` money-market fund total financial assets; Z.1
  ``FL633061105`` MMF Treasury holdings when the full L.210 is loaded.
* TIC ``TIC.MFH.OFFICIAL`` (foreign official holdings) to split the rest of
  the world into official and private.

QT caps
-------
:data:`QT_CAPS` encodes the FOMC's monthly cap on Treasury redemptions
(verified against public reports of the FOMC statements; see the table).

``--start`` trims the output; inputs are read from 13 months earlier so
changes at the start are computed.  Sectors whose lines are not in the store
are not guessed: the gap to the all-sector total is shown as ``unallocated``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..sources.fedboard import L210_LINES
from .base import Data, finish
from .foreign import OFFICIAL as TIC_OFFICIAL
from .foreign import NotEnoughDataError, _bare, history_stats, prefetch, read_start, trim

MN = 1e-3  # $mn -> $bn

# ---------------------------------------------------------------------------
# Sectors
# ---------------------------------------------------------------------------

LIABILITY = "FL313161105"  # Federal government; Treasury securities; liability (total outstanding)
BILLS_LIABILITY = "FL313161110"
ALL_SECTORS_ASSET = "FL893061105"
HEDGE_FUNDS = "LM623061103"
MMF_TREASURIES = "FL633061105"
#: L.210 lines that are totals or sub-lines of another line: never summed into a sector
COMPONENT_LINES = frozenset({LIABILITY, BILLS_LIABILITY, "FL313161275", ALL_SECTORS_ASSET,
                             "LM713061113", "LM713061125", "LM263061110", "LM263061120"})

#: sector key -> (label, holder group).  Price-insensitive: holders that buy for
#: policy or reserve reasons, not on price (the Fed, foreign official).
#: Leveraged: hedge funds.  Everything else is price-sensitive.
SECTORS: dict[str, tuple[str, str]] = {
    "fed": ("Federal Reserve", "price_insensitive"),
    "foreign_official": ("Foreign official (TIC)", "price_insensitive"),
    "foreign_private": ("Foreign private (rest of world minus TIC official)", "price_sensitive"),
    "rest_of_world": ("Rest of the world (when no official split)", "price_sensitive"),
    "banks": ("Banks and credit unions", "price_sensitive"),
    "mmf": ("Money-market funds", "price_sensitive"),
    "mutual_funds": ("Mutual funds, closed-end funds and ETFs", "price_sensitive"),
    "hedge_funds": ("Domestic hedge funds (B.101.f)", "leveraged"),
    "pensions": ("Pension and retirement funds", "price_sensitive"),
    "insurers": ("Insurance companies", "price_sensitive"),
    "state_local": ("State and local governments", "price_sensitive"),
    "households": ("Households and nonprofits (Z.1 residual, ex hedge funds when known)", "price_sensitive"),
    "other": ("Other (nonfinancial business, GSEs, dealers, holding companies)", "price_sensitive"),
    "unallocated": ("Not in the store (all-sector total minus sectors present)", "unallocated"),
}
GROUPS = ("price_insensitive", "price_sensitive", "leveraged", "unallocated")


def _sector_codes() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code, (_, sector) in L210_LINES.items():
        if code not in COMPONENT_LINES:
            out.setdefault(sector, []).append(code)
    return out


SECTOR_CODES = _sector_codes()


def z1_ids() -> list[str]:
    return [f"Z1.{c}" for c in L210_LINES]


def _z1(frame: pd.DataFrame, code: str) -> pd.Series:
    sid = f"Z1.{code}"
    return frame[sid] * MN if sid in frame else pd.Series(np.nan, index=frame.index)


def quarter_end_month(dates: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """Z.1 quarter dated its first day -> the TIC month stamp of its last month (2023-10-01 -> 2023-12-01)."""
    return dates + pd.DateOffset(months=2)


def sector_levels(z1: pd.DataFrame, tic_official: pd.Series | None = None) -> pd.DataFrame:
    """Treasury holdings by sector, quarterly, usd_bn (wide: one column per sector present).

    ``z1``: columns ``Z1.<code>`` in usd_mn (as stored).  A sector is the sum
    of its L.210 lines present (``min_count=1``).  ``tic_official`` (usd_bn,
    monthly TIC dating) adds ``foreign_official`` at each quarter's last
    month; with the rest of the world present it becomes ``foreign_official``
    + ``foreign_private`` (= rest of world − official).  Also returns
    ``total`` (all-sector asset line, or the sum of sectors if absent) and
    ``unallocated`` (total − sectors present), so shares add to 100.
    """
    z1 = _bare(z1)
    out = pd.DataFrame(index=z1.index)
    for sector, codes in SECTOR_CODES.items():
        cols = [f"Z1.{c}" for c in codes if f"Z1.{c}" in z1]
        if cols:
            out[sector] = z1[cols].sum(axis=1, min_count=1) * MN
    if "hedge_funds" in out and "households" in out:
        # Z.1 households are a residual that includes domestic hedge funds
        out["households"] = out["households"] - out["hedge_funds"].fillna(0)
    if tic_official is not None and len(tic_official.dropna()):
        off = tic_official.reindex(quarter_end_month(out.index)).to_numpy()
        if "rest_of_world" in out:
            row = out.pop("rest_of_world")
            out["foreign_official"] = off
            out["foreign_private"] = row - off
        else:
            out["foreign_official"] = off
    out = out.dropna(axis=1, how="all")
    sectors = [s for s in SECTORS if s in out]
    out = out[sectors]
    held = out.sum(axis=1, min_count=1)
    total = _z1(z1, ALL_SECTORS_ASSET)
    total = total.where(total.notna(), held)
    out["unallocated"] = total - held
    out["total"] = total
    out = out[out["total"].notna()]
    out.index.name = "date"
    return out


def _lag(frame, months: int):
    lagged = frame.copy()
    lagged.index = lagged.index + pd.DateOffset(months=months)
    return lagged.reindex(frame.index)


def holder_structure(levels: pd.DataFrame) -> pd.DataFrame:
    """Long frame from :func:`sector_levels`: levels, shares of the total and y/y changes.

    Columns: ``date``, ``sector``, ``holder_group`` (price_insensitive,
    price_sensitive, leveraged, unallocated), ``holdings`` (usd_bn),
    ``share_of_total_pct``, ``yoy_change`` (usd_bn, against the same
    quarter a year earlier; NaN if that quarter is not stored),
    ``yoy_change_pct``.
    """
    levels = _bare(levels)
    sectors = [c for c in levels.columns if c != "total"]
    wide = levels[sectors]
    prev = _lag(wide, 12)
    parts = {"holdings": wide, "share_of_total_pct": wide.div(levels["total"], axis=0) * 100,
             "yoy_change": wide - prev, "yoy_change_pct": (wide / prev - 1) * 100}
    n = len(wide)
    out = pd.DataFrame({"date": np.tile(wide.index.to_numpy(), len(sectors)), "sector": np.repeat(sectors, n)})
    out["holder_group"] = out["sector"].map(lambda s: SECTORS[s][1])
    for k, block in parts.items():
        out[k] = block.to_numpy(dtype="float64").T.ravel()
    out = out[out["holdings"].notna()]
    return out.sort_values(["date", "holdings"], ascending=[True, False], kind="stable").reset_index(drop=True)


def holder_groups(levels: pd.DataFrame) -> pd.DataFrame:
    """Price-insensitive (Fed, foreign official) vs price-sensitive vs leveraged holdings, quarterly.

    Columns (usd_bn): ``price_insensitive``, ``price_sensitive``,
    ``leveraged``, ``unallocated``, ``total``; and ``*_share_pct`` of the
    total for the first three.
    """
    levels = _bare(levels)
    out = pd.DataFrame(index=levels.index)
    for g in GROUPS:
        cols = [s for s in levels.columns if s in SECTORS and SECTORS[s][1] == g]
        out[g] = levels[cols].sum(axis=1, min_count=1) if cols else np.nan
    out["total"] = levels["total"]
    for g in ("price_insensitive", "price_sensitive", "leveraged"):
        out[f"{g}_share_pct"] = out[g] / out["total"] * 100
    return out


def _period_changes(levels: pd.DataFrame, liability: pd.Series, freq: str) -> tuple[pd.DataFrame, pd.Series]:
    """Level changes between consecutive quarters ("Q") or consecutive year-ends ("A")."""
    if freq == "Q":
        lag_months = 3
        keep = levels.index
    elif freq == "A":
        lag_months = 12
        keep = levels.index[levels.index.month == 10]  # Q4 = year-end
    else:
        raise NotEnoughDataError("freq must be 'Q' or 'A'")
    d = (levels - _lag(levels, lag_months)).loc[keep]
    issuance = (liability - _lag(liability, lag_months)).reindex(keep)
    return d, issuance


def marginal_buyer(levels: pd.DataFrame, liability: pd.Series, freq: str = "Q") -> pd.DataFrame:
    """Each sector's net purchases as a share of net issuance, per quarter (``"Q"``) or year (``"A"``).

    ``levels``: :func:`sector_levels` (usd_bn); ``liability``: Treasury
    securities outstanding (L.210 line 1, usd_bn).  Net purchases are changes
    in holdings levels; the holdings lines are at market value, so they
    include revaluation (2022's price fall shows as "selling").  Net
    issuance is the change in the liability.  Columns: ``period``
    (``2023Q3`` / ``2023``), ``date`` (first day of the last quarter),
    ``sector``, ``net_purchases``, ``net_issuance`` (usd_bn),
    ``share_of_net_issuance_pct``.
    """
    levels = _bare(levels)
    sectors = [c for c in levels.columns if c in SECTORS]
    d, iss = _period_changes(levels[sectors], _bare(liability), freq)
    if freq == "Q":
        labels = [f"{t.year}Q{(t.month - 1) // 3 + 1}" for t in d.index]
    else:
        labels = [str(t.year) for t in d.index]
    n = len(d)
    out = pd.DataFrame({"period": np.tile(labels, len(sectors)), "date": np.tile(d.index.to_numpy(), len(sectors)),
                        "sector": np.repeat(sectors, n),
                        "net_purchases": d.to_numpy(dtype="float64").T.ravel(),
                        "net_issuance": np.tile(iss.to_numpy(dtype="float64"), len(sectors))})
    out["share_of_net_issuance_pct"] = out["net_purchases"] / out["net_issuance"] * 100
    out = out[out["net_purchases"].notna()]
    return out.sort_values(["date", "net_purchases"], ascending=[True, False], kind="stable").reset_index(drop=True)


def absorption(levels: pd.DataFrame, liability: pd.Series, start="2021-10-01", end="2024-10-01") -> pd.DataFrame:
    """Who absorbed the supply over a window (default end-2021 to end-2024: 2022-2024).

    Uses the latest stored quarter at or before ``end`` (reported as
    ``end_date``) and the quarter ``start`` (end-2021; if it is not stored,
    the first stored quarter after it, reported as ``start_date``).  Columns: ``sector``,
    ``holder_group``, ``start_date``, ``end_date``, ``net_purchases``
    (usd_bn), ``net_issuance`` (usd_bn), ``share_of_net_issuance_pct``,
    ``rank`` (1 = largest buyer).
    """
    levels = _bare(levels)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start not in levels.index:
        # e.g. --start cut the history: begin at the first stored quarter after it (reported in start_date)
        later = levels.index[(levels.index > start) & (levels.index < end)]
        if len(later) == 0:
            raise NotEnoughDataError(f"no Z.1 levels at or after {start:%Y-%m-%d}")
        start = later.min()
    avail = levels.index[(levels.index > start) & (levels.index <= end)]
    if len(avail) == 0:
        raise NotEnoughDataError("no Z.1 levels inside the window")
    last = avail.max()
    sectors = [c for c in levels.columns if c in SECTORS]
    net = levels.loc[last, sectors] - levels.loc[start, sectors]
    issuance = float(liability.get(last, np.nan) - liability.get(start, np.nan))
    out = pd.DataFrame({"sector": sectors, "holder_group": [SECTORS[s][1] for s in sectors],
                        "start_date": start, "end_date": last, "net_purchases": net.to_numpy(dtype="float64"),
                        "net_issuance": issuance})
    out["share_of_net_issuance_pct"] = out["net_purchases"] / issuance * 100
    out = out[out["net_purchases"].notna()].sort_values("net_purchases", ascending=False, kind="stable")
    out["rank"] = np.arange(1, len(out) + 1)
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------
# The Fed and QT
# ---------------------------------------------------------------------------

#: FOMC monthly cap on Treasury redemptions (usd_bn per month), effective from the month shown.
#: Sources (public reports of the FOMC statements, found with the `search` tool, 2026):
#: * 2022-05-04 FOMC "Plans for Reducing the Size of the Federal Reserve's Balance Sheet": runoff from
#:   June 1, 2022, Treasury cap $30bn/month for three months, then $60bn from September 2022
#:   (Econoday, "Recap of FOMC plans to reduce the size of reserve holdings"; Cleveland Fed, Mester speech
#:   2022-05-10; Bloomberg "The Weekly Fix", 2022-08-19).
#: * 2024-05-01 FOMC implementation note: from June 1, 2024 the Treasury cap is lowered to $25bn (MBS cap
#:   unchanged at $35bn) (Finadium, "Federal Reserve to slow quantitative tightening", quoting the note).
#: * 2025-03-19 FOMC statement: from April 1, 2025 the Treasury cap is lowered to $5bn.
#: * 2025-10-29 FOMC statement: conclude the reduction of aggregate securities holdings on December 1, 2025;
#:   all Treasury principal rolled over from then (cap 0 = no runoff).
QT_CAPS: tuple[tuple[str, float, str], ...] = (
    ("2022-06-01", 30.0, "QT start: $30bn/month (FOMC 2022-05-04)"),
    ("2022-09-01", 60.0, "full pace: $60bn/month (FOMC 2022-05-04)"),
    ("2024-06-01", 25.0, "slowdown: $25bn/month (FOMC 2024-05-01)"),
    ("2025-04-01", 5.0, "slowdown: $5bn/month (FOMC 2025-03-19)"),
    ("2025-12-01", 0.0, "runoff ended, all principal reinvested (FOMC 2025-10-29)"),
)


def qt_cap_schedule(months: pd.DatetimeIndex, schedule=QT_CAPS) -> pd.DataFrame:
    """Cap in force (usd_bn/month) and its label for each month (NaN/"" before the first entry)."""
    cap = pd.Series(np.nan, index=months, dtype="float64")
    label = pd.Series("", index=months, dtype=object)
    for start, value, text in sorted(schedule):
        on = months >= pd.Timestamp(start)
        cap[on] = value
        label[on] = text
    return pd.DataFrame({"cap": cap, "cap_phase": label})


def month_end_level(weekly: pd.Series) -> pd.Series:
    """Last observation in each calendar month, dated the first of the month."""
    s = _bare(weekly).dropna()
    per = s.index.to_period("M")
    last = s.groupby(per).last()
    last.index = last.index.to_timestamp()
    last.index.name = "date"
    return last


def qt_pace(treast_bn: pd.Series, schedule=QT_CAPS) -> pd.DataFrame:
    """Monthly runoff of the Fed's Treasury holdings against the cap in force.

    ``treast_bn``: H.4.1 Treasury holdings, Wednesday level, usd_bn.
    Month-end level = the last Wednesday of the month; ``runoff`` =
    previous month-end level − this month-end level (positive = holdings
    fell).  Wednesday timing shifts redemptions on the last days of a month
    into the next, and TREAST includes TIPS inflation compensation, so
    single months scatter around the cap; ``runoff_3m_avg`` smooths that.
    Columns (usd_bn unless ``_pct``): ``fed_treasuries``, ``runoff``,
    ``runoff_3m_avg``, ``cap``, ``runoff_to_cap_pct``, ``cap_phase``.
    """
    lvl = month_end_level(treast_bn)
    runoff = _lag(lvl, 1) - lvl
    out = pd.DataFrame({"fed_treasuries": lvl, "runoff": runoff})
    out["runoff_3m_avg"] = out["runoff"].rolling(3, min_periods=3).mean()
    caps = qt_cap_schedule(out.index, schedule)
    out["cap"] = caps["cap"]
    out["runoff_to_cap_pct"] = (out["runoff"] / out["cap"] * 100).where(out["cap"] > 0)
    out["cap_phase"] = caps["cap_phase"]
    return out


def _quarter_end(dates: pd.DatetimeIndex) -> pd.DatetimeIndex:
    return dates + pd.DateOffset(months=3) - pd.Timedelta(days=1)


def fed_holdings(treast_bn: pd.Series, soma_bn: pd.Series | None = None, total_debt_bn: pd.Series | None = None,
                 debt_public_bn: pd.Series | None = None) -> pd.DataFrame:
    """The Fed's Treasury holdings, weekly: level, changes, share of SOMA and of the debt.

    Inputs usd_bn; debt series quarterly (dated the first day of the
    quarter, level at quarter end).  The share of debt on a Wednesday uses
    the latest quarter-end debt on or before that day.  Columns (usd_bn
    unless ``_pct``): ``fed_treasuries``, ``change_4w``, ``change_52w``,
    ``securities_held_outright``, ``treasury_share_of_soma_pct``,
    ``share_of_total_public_debt_pct``, ``share_of_debt_held_by_public_pct``.
    """
    t = _bare(treast_bn).dropna()
    out = pd.DataFrame({"fed_treasuries": t})
    out["change_4w"] = t - t.reindex(t.index - pd.Timedelta(weeks=4)).to_numpy()
    out["change_52w"] = t - t.reindex(t.index - pd.Timedelta(weeks=52)).to_numpy()
    if soma_bn is not None:
        soma = _bare(soma_bn).reindex(t.index)
        out["securities_held_outright"] = soma
        out["treasury_share_of_soma_pct"] = t / soma * 100
    for name, debt in (("share_of_total_public_debt_pct", total_debt_bn),
                       ("share_of_debt_held_by_public_pct", debt_public_bn)):
        if debt is None:
            continue
        q = _bare(debt).dropna()
        q.index = _quarter_end(q.index)
        known = q.reindex(t.index, method="ffill") if len(q) else pd.Series(np.nan, index=t.index)
        out[name] = t / known * 100
    out.index.name = "date"
    return out


def fed_share_of_debt(treast_bn: pd.Series, total_debt_bn: pd.Series, debt_public_bn: pd.Series | None = None) -> pd.DataFrame:
    """Quarterly: Fed Treasury holdings at the last Wednesday of the quarter against the quarter-end debt.

    Columns (usd_bn unless ``_pct``): ``fed_treasuries``, ``total_public_debt``,
    ``debt_held_by_public``, ``share_of_total_public_debt_pct``,
    ``share_of_debt_held_by_public_pct``.  Dated the first day of the quarter.
    """
    t = _bare(treast_bn).dropna()
    debt = _bare(total_debt_bn).dropna()
    qe = _quarter_end(debt.index)
    fed = t.reindex(qe, method="ffill").to_numpy()
    out = pd.DataFrame({"fed_treasuries": fed, "total_public_debt": debt.to_numpy()}, index=debt.index)
    out.loc[qe < t.index.min(), "fed_treasuries"] = np.nan  # quarter ended before the first H.4.1 value
    pub = _bare(debt_public_bn).reindex(debt.index) if debt_public_bn is not None else pd.Series(np.nan, index=debt.index)
    out["debt_held_by_public"] = pub
    out["share_of_total_public_debt_pct"] = out["fed_treasuries"] / out["total_public_debt"] * 100
    out["share_of_debt_held_by_public_pct"] = out["fed_treasuries"] / out["debt_held_by_public"] * 100
    out.index.name = "date"
    return out[out["fed_treasuries"].notna()]


# ---------------------------------------------------------------------------
# Banks and money funds
# ---------------------------------------------------------------------------


def bank_holdings(usgsec_bn: pd.Series) -> pd.DataFrame:
    """Commercial banks' Treasury and agency securities (H.8, SA, weekly): level and changes.

    Columns (usd_bn unless ``_pct``): ``bank_treasury_agency``, ``change_4w``,
    ``yoy_change`` (against 52 weeks earlier), ``yoy_change_pct``.
    """
    s = _bare(usgsec_bn).dropna()
    prev = s.reindex(s.index - pd.Timedelta(weeks=52)).to_numpy()
    out = pd.DataFrame({"bank_treasury_agency": s,
                        "change_4w": s - s.reindex(s.index - pd.Timedelta(weeks=4)).to_numpy(),
                        "yoy_change": s - prev, "yoy_change_pct": (s / prev - 1) * 100})
    out.index.name = "date"
    return out


def money_funds(rrp_bn: pd.Series, bills_bn: pd.Series | None = None, mmf_assets_bn: pd.Series | None = None,
                mmf_treasuries_bn: pd.Series | None = None) -> pd.DataFrame:
    """Money-market funds, ON RRP and bills, quarterly: where did the RRP cash go?

    ``rrp_bn``: daily ON RRP take-up (usd_bn); the others quarterly Z.1
    levels (usd_bn, dated the first day of the quarter).  ON RRP is
    summarised per quarter as its average (quarter-end days spike) and its
    quarter-end and peak.  ``rrp_funded_share_of_bill_issuance_pct`` =
    −Δ(quarterly average ON RRP) / Δ(bills outstanding) × 100 when bills
    grew: the share of net bill issuance that cash leaving the RRP could
    have funded (money funds moving from the RRP into bills, as in
    2023H2).  Columns (usd_bn unless ``_pct``/date): ``on_rrp_avg``,
    ``on_rrp_quarter_end``, ``on_rrp_peak``, ``on_rrp_peak_date``,
    ``on_rrp_avg_change``, ``bills_outstanding``, ``bills_change``,
    ``rrp_funded_share_of_bill_issuance_pct``, ``mmf_total_assets``,
    ``mmf_treasuries``, ``mmf_treasuries_change``,
    ``mmf_treasury_share_of_assets_pct``.
    """
    r = _bare(rrp_bn).dropna()
    q = r.index.to_period("Q")
    g = r.groupby(q)
    out = pd.DataFrame({"on_rrp_avg": g.mean(), "on_rrp_quarter_end": g.last(), "on_rrp_peak": g.max(),
                        "on_rrp_peak_date": g.idxmax()})
    out.index = out.index.to_timestamp()
    out.index.name = "date"
    extra = {"bills_outstanding": bills_bn, "mmf_total_assets": mmf_assets_bn, "mmf_treasuries": mmf_treasuries_bn}
    for k, s in extra.items():
        s = _bare(s).dropna() if s is not None else None
        if s is not None and len(s):
            out = out.reindex(out.index.union(s.index))
            out[k] = s
        else:
            out[k] = np.nan
    out["on_rrp_avg_change"] = out["on_rrp_avg"] - _lag(out["on_rrp_avg"], 3)
    out["bills_change"] = out["bills_outstanding"] - _lag(out["bills_outstanding"], 3)
    share = -out["on_rrp_avg_change"] / out["bills_change"] * 100
    out["rrp_funded_share_of_bill_issuance_pct"] = share.where(out["bills_change"] > 0)
    out["mmf_treasuries_change"] = out["mmf_treasuries"] - _lag(out["mmf_treasuries"], 3)
    out["mmf_treasury_share_of_assets_pct"] = out["mmf_treasuries"] / out["mmf_total_assets"] * 100
    cols = ["on_rrp_avg", "on_rrp_quarter_end", "on_rrp_peak", "on_rrp_peak_date", "on_rrp_avg_change",
            "bills_outstanding", "bills_change", "rrp_funded_share_of_bill_issuance_pct", "mmf_total_assets",
            "mmf_treasuries", "mmf_treasuries_change", "mmf_treasury_share_of_assets_pct"]
    return out[cols]


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------

FED_IDS = ("TREAST", "WSHOSHO", "GFDEBTN", "FYGFDPUN")
MMF_IDS = ("RRPONTSYD", "MMMFFAQ027S", f"Z1.{MMF_TREASURIES}", f"Z1.{BILLS_LIABILITY}")


def _read_z1(data: Data) -> tuple[pd.DataFrame, pd.Series | None]:
    start = read_start(data)
    prefetch(data, z1_ids() + [TIC_OFFICIAL], start)
    z1 = data.frame(z1_ids(), start=start, optional=True)
    if z1.shape[1] == 0:
        data.require(f"Z1.{LIABILITY}")  # raises the store's "run `ustmon update`" error
    official = data.series(TIC_OFFICIAL, start=start) if data.has(TIC_OFFICIAL) else None
    return z1, official


def _levels(data: Data):
    z1, official = _read_z1(data)
    levels = sector_levels(z1, official)
    inputs = [z1] + ([official] if official is not None else [])
    return levels, z1, inputs


_Z1_NOTE = ("Z.1 L.210 end-of-quarter holdings at market value, NSA, dated the first day of the quarter; "
            "sectors not in the store are 'unallocated'.")


def structure(data: Data) -> pd.DataFrame:
    """Holdings by sector (Z.1 L.210): levels, shares of the total, y/y changes, holder group."""
    levels, _, inputs = _levels(data)
    out = trim(holder_structure(levels), data)
    return finish(out, *inputs, units={"holdings": "usd_bn", "yoy_change": "usd_bn", "share_of_total_pct": "pct",
                                       "yoy_change_pct": "pct"},
                  description="Treasury holdings by sector. " + _Z1_NOTE,
                  method="price_insensitive = Fed + foreign official (TIC at quarter-end month); leveraged = domestic "
                         "hedge funds; households ex hedge funds when B.101.f is stored.")


def groups(data: Data) -> pd.DataFrame:
    """Price-insensitive (Fed, foreign official) vs price-sensitive vs leveraged holders, quarterly."""
    levels, _, inputs = _levels(data)
    out = trim(holder_groups(levels), data)
    units = {c: ("pct" if c.endswith("_pct") else "usd_bn") for c in out.columns}
    return finish(out, *inputs, units=units, description="Holder groups. " + _Z1_NOTE)


def marginal(data: Data) -> pd.DataFrame:
    """Marginal buyer: each sector's net purchases as a share of net issuance, per quarter."""
    levels, z1, inputs = _levels(data)
    out = trim(marginal_buyer(levels, _z1(z1, LIABILITY), "Q"), data)
    return finish(out, *inputs, units={"net_purchases": "usd_bn", "net_issuance": "usd_bn",
                                       "share_of_net_issuance_pct": "pct"},
                  description="Net purchases (change in market-value holdings, so revaluation included) against net "
                              "issuance (change in Treasury securities outstanding). " + _Z1_NOTE)


def marginal_annual(data: Data) -> pd.DataFrame:
    """Marginal buyer per calendar year (year-end to year-end)."""
    levels, z1, inputs = _levels(data)
    out = trim(marginal_buyer(levels, _z1(z1, LIABILITY), "A"), data)
    return finish(out, *inputs, units={"net_purchases": "usd_bn", "net_issuance": "usd_bn",
                                       "share_of_net_issuance_pct": "pct"},
                  description="Annual net purchases against net issuance. " + _Z1_NOTE)


def absorbed(data: Data) -> pd.DataFrame:
    """Who absorbed 2022-2024: net purchases from end-2021 to end-2024 (or latest quarter)."""
    levels, z1, inputs = _levels(data)
    if data.start is None:
        out = absorption(levels, _z1(z1, LIABILITY))
    else:  # --start moves the window: from the last quarter before it to the latest quarter
        before = levels.index[levels.index < pd.Timestamp(data.start)]
        first = before.max() if len(before) else pd.Timestamp(data.start)
        out = absorption(levels, _z1(z1, LIABILITY), start=first, end=levels.index.max())
    return finish(out, *inputs, units={"net_purchases": "usd_bn", "net_issuance": "usd_bn",
                                       "share_of_net_issuance_pct": "pct"},
                  description="Cumulative net purchases by sector over 2022-2024. " + _Z1_NOTE)


def fed(data: Data) -> pd.DataFrame:
    """The Fed's Treasury holdings (H.4.1), weekly: level, changes, share of SOMA and of the debt."""
    start = read_start(data)
    prefetch(data, FED_IDS, start)
    f = data.frame(FED_IDS, start=start, optional=True)
    data.require("TREAST")
    col = lambda k: f[k] * MN if k in f else None  # noqa: E731
    weekly = f["TREAST"].dropna().index
    out = trim(fed_holdings(col("TREAST").reindex(weekly), col("WSHOSHO"), col("GFDEBTN"), col("FYGFDPUN")), data)
    units = {c: ("pct" if c.endswith("_pct") else "usd_bn") for c in out.columns}
    description = "Fed holdings of Treasuries, Wednesday level (H.4.1)."
    if out["fed_treasuries"].notna().any():  # an early --as-of can leave no observation: an empty table, no peak
        peak = history_stats(out["fed_treasuries"])
        description += f" Peak {peak['peak']:,.1f}bn on {peak['peak_date']:%Y-%m-%d}."
    return finish(out, f, units=units, description=description + " Debt shares use the latest quarter-end debt.")


def fed_share(data: Data) -> pd.DataFrame:
    """Quarterly: Fed Treasury holdings as a share of total public debt and debt held by the public."""
    ids = ("TREAST", "GFDEBTN", "FYGFDPUN")
    start = read_start(data)
    prefetch(data, ids, start)
    f = data.frame(ids, start=start, optional=True)
    data.require("GFDEBTN")
    out = trim(fed_share_of_debt(f["TREAST"].dropna() * MN, f["GFDEBTN"].dropna() * MN,
                                 f["FYGFDPUN"] * MN if "FYGFDPUN" in f else None), data)
    units = {c: ("pct" if c.endswith("_pct") else "usd_bn") for c in out.columns}
    return finish(out, f, units=units, description="Fed Treasury holdings (last Wednesday of the quarter) against "
                                                   "quarter-end federal debt (Treasury, via FRED).")


def qt(data: Data) -> pd.DataFrame:
    """QT pace: monthly runoff of Fed Treasury holdings against the FOMC cap in force."""
    data.require("TREAST")
    t = data.series("TREAST", start=read_start(data))
    out = trim(qt_pace(t * MN), data)
    return finish(out, t, units={"fed_treasuries": "usd_bn", "runoff": "usd_bn", "runoff_3m_avg": "usd_bn",
                                 "cap": "usd_bn", "runoff_to_cap_pct": "pct"},
                  description="Monthly decline of H.4.1 Treasury holdings (last Wednesday of the month) against the "
                              "FOMC's monthly Treasury redemption cap.",
                  method="caps: " + "; ".join(f"{d[:7]} {v:g}bn" for d, v, _ in QT_CAPS) + " (see holders.QT_CAPS)")


def banks(data: Data) -> pd.DataFrame:
    """Banks' Treasury and agency securities (H.8, all commercial banks, SA): level and y/y."""
    data.require("USGSEC")
    s = data.series("USGSEC", start=read_start(data))
    out = trim(bank_holdings(s * MN), data)
    units = {c: ("pct" if c.endswith("_pct") else "usd_bn") for c in out.columns}
    return finish(out, s, units=units,
                  description="Treasury and agency securities held by all commercial banks (H.8), weekly, SA. "
                              "Agency securities (incl. MBS) are included: H.8 does not split them in this series.")


def mmf(data: Data) -> pd.DataFrame:
    """Money funds: total assets, Treasury holdings, ON RRP usage and the RRP-to-bills shift, quarterly."""
    start = read_start(data)
    prefetch(data, MMF_IDS, start)
    f = data.frame(MMF_IDS, start=start, optional=True)
    data.require("RRPONTSYD")
    col = lambda k, scale=MN: f[k].dropna() * scale if k in f else None  # noqa: E731
    out = trim(money_funds(col("RRPONTSYD", 1.0), col(f"Z1.{BILLS_LIABILITY}"), col("MMMFFAQ027S"),
                           col(f"Z1.{MMF_TREASURIES}")), data)
    units = {c: ("pct" if c.endswith("_pct") else "usd_bn") for c in out.columns if c != "on_rrp_peak_date"}
    missing = [k for k in MMF_IDS if k not in f]
    return finish(out, f, units=units,
                  description="ON RRP (FRBNY) by quarter against bills outstanding and money-fund holdings (Z.1)."
                              + (f" Not in the store: {', '.join(missing)}." if missing else ""))


#: sectors of the price-insensitive share (holders that do not buy or sell on price: the Fed, foreign official)
PRICE_INSENSITIVE = ("fed", "foreign_official")


def structure_wide(data: Data) -> pd.DataFrame:
    """:func:`structure` one row per quarter: holdings by sector ($bn), each sector's share of the total
    (``<sector>_share_pct``) and ``price_insensitive_share_pct`` (Fed + foreign official)."""
    long = structure(data)
    lv = long.pivot_table(index="date", columns="sector", values="holdings", aggfunc="sum")
    sh = long.pivot_table(index="date", columns="sector", values="share_of_total_pct", aggfunc="sum")
    out = lv.join(sh.add_suffix("_share_pct"))
    present = [c for c in PRICE_INSENSITIVE if c in sh.columns]
    out["price_insensitive_share_pct"] = sh[present].sum(axis=1, min_count=len(present)) if present else np.nan
    out.index = pd.DatetimeIndex(out.index, name="date")
    out.columns.name = None
    out.attrs = dict(long.attrs)
    out.attrs["units"] = {c: ("pct" if c.endswith("_pct") else "usd_bn") for c in out.columns}
    return out


VIEWS = {
    "structure": structure,
    "groups": groups,
    "marginal": marginal,
    "marginal_annual": marginal_annual,
    "absorbed": absorbed,
    "fed": fed,
    "fed_share": fed_share,
    "qt": qt,
    "banks": banks,
    "mmf": mmf,
    "structure-wide": structure_wide,
}
SUMMARY = "Who holds Treasuries: sectors, marginal buyer, Fed/QT, banks, money funds."
