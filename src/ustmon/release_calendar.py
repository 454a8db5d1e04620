"""When each data set's values become public: the release calendar, written down in one place.

The store stamps every value with the date it became known ("known since").
When a payload does not say when each value was published (ALFRED's
``realtime_start``, a release date the file declares), the date is
*estimated* from the publisher's usual lag, found here.  The same rules give
each series its expected next release (``ustmon status`` marks overdue ones).

A rule is applied to an observation's period date:

1. an anchor: the observation date itself (``obs``), the first day after the
   period ends (``after_period``: the day after the month, quarter, fiscal or
   calendar year), or the first day of the month after the observation
   (``after_month``, for daily series published in monthly batches);
2. plus ``months`` calendar months and ``days`` calendar days;
3. then ``bdays`` US business days (federal holidays excluded); with
   ``bdays=0`` a weekend or holiday rolls forward to the next business day.

Estimates err late rather than early: a value is never treated as known
before its publisher could have released it.  The store further caps an
estimate by when ustmon actually obtained the value (a payload's declared
release date or retrieval time), so the estimate never makes a value younger
than the copy that holds it.

Rules are looked up by ``(source, dataset, frequency)``, most specific first;
``None`` in a key matches anything.  Each rule carries the publisher's
statement it is based on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .sources.base import SeriesMeta


@dataclass(frozen=True)
class Rule:
    """One publication-lag rule; see the module docstring for how it is applied."""

    anchor: str  # obs | after_period | after_month
    days: int = 0
    bdays: int = 0
    months: int = 0
    fiscal_year: bool = False  # annual periods end on 30 September (US federal fiscal year)
    source_note: str = ""
    #: how long past the expected release a missing new value counts as overdue, in days
    grace_days: int = 3


# ---------------------------------------------------------------------------- the calendar
_NEXT_BDAY = "next business day"

#: (source, dataset, frequency) -> Rule.  ``None`` matches any value.
RULES: dict[tuple[str | None, str | None, str | None], Rule] = {
    # --- FRED (copies of other publishers' series; FRED posts them the same day the publisher does)
    ("fred", "H.15 Selected Interest Rates", "D"): Rule(
        "obs", bdays=1, source_note="Federal Reserve H.15: daily rates are posted at 4:15 pm ET for the previous business day"),
    ("fred", "H.15 Selected Interest Rates", "M"): Rule(
        "after_period", bdays=0, grace_days=5, source_note="H.15 monthly averages: first business day after the month"),
    ("fred", "FRED spread (from H.15)", "D"): Rule(
        "obs", bdays=1, source_note="FRED spreads are computed from H.15 rates, next business day"),
    ("fred", "FRBNY reference rates", "D"): Rule(
        "obs", bdays=1, source_note="FRBNY publishes SOFR/EFFR at about 8 am ET the next business day"),
    ("fred", "FRBNY temporary open market operations", "D"): Rule(
        "obs", bdays=1, source_note="FRBNY repo/reverse repo results: same afternoon; FRED posts them the next business day"),
    ("fred", "Federal Reserve Board policy rates", "D"): Rule(
        "obs", bdays=1, source_note="IORB and the discount rate are announced ahead; FRED posts the daily value the next business day"),
    ("fred", "H.10 Foreign Exchange Rates", "D"): Rule(
        "obs", days=7, source_note="Federal Reserve H.10 is released weekly on Monday for the previous week"),
    ("fred", "H.4.1 Factors Affecting Reserve Balances", "W"): Rule(
        "obs", days=1, source_note="Federal Reserve H.4.1: Thursday 4:30 pm ET, for the week ending Wednesday"),
    ("fred", "H.8 Assets and Liabilities of Commercial Banks", "W"): Rule(
        "obs", days=9, source_note="Federal Reserve H.8: Friday, for the week ending Wednesday of the previous week"),
    ("fred", "Federal Reserve Bank of Chicago NFCI", "W"): Rule(
        "obs", days=5, source_note="Chicago Fed NFCI: Wednesdays at 8:30 am ET, for the week ending the previous Friday"),
    ("fred", "Federal Reserve Bank of St. Louis STLFSI", "W"): Rule(
        "obs", days=6, source_note="St. Louis Fed STLFSI: Thursdays, for the week ending the previous Friday"),
    ("fred", "Kim-Wright term structure model (Federal Reserve Board)", "D"): Rule(
        "obs", days=7, source_note="Federal Reserve Board updates the Kim-Wright file weekly"),
    ("fred", "BEA National Income and Product Accounts", "Q"): Rule(
        "after_period", days=29, grace_days=14,
        source_note="BEA GDP advance estimate: about 30 days after the quarter ends (BEA release schedule)"),
    ("fred", "MTS Monthly Treasury Statement", "M"): Rule(
        "after_period", bdays=7, grace_days=5,
        source_note="Treasury MTS: 2 pm ET on the eighth business day of the following month"),
    ("fred", "OECD Main Economic Indicators", "M"): Rule(
        "after_period", months=1, days=14, grace_days=21,
        source_note="OECD MEI: monthly, about six weeks after the reference month"),
    ("fred", "OMB Historical Tables (fiscal year)", "A"): Rule(
        "after_period", months=4, days=6, fiscal_year=True, grace_days=60,
        source_note="OMB Historical Tables come with the President's Budget, first Monday in February"),
    ("fred", "Treasury Bulletin", "Q"): Rule(
        "after_period", months=2, days=18, grace_days=21,
        source_note="Treasury Bulletin: quarterly, third week of the last month of the following quarter"),
    ("fred", "Z.1 Financial Accounts of the United States", "Q"): Rule(
        "after_period", days=69, grace_days=21,
        source_note="Federal Reserve Z.1: about ten weeks after the quarter ends"),
    # FRED's ratios of fiscal-year budget figures to GDP: after the fiscal year's final MTS and GDP
    ("fred", None, "A"): Rule(
        "after_period", months=4, fiscal_year=True, grace_days=60,
        source_note="FRED fiscal-year series: after the year-end MTS (October) and the Q4 GDP advance estimate (late January)"),
    ("fred", None, "Q"): Rule(
        "after_period", months=2, days=18, grace_days=21,
        source_note="FRED quarterly federal debt series follow the Treasury Bulletin and GDP (about 80 days after the quarter)"),
    # --- Treasury
    ("treasury", None, "D"): Rule(
        "obs", bdays=0, grace_days=4,
        source_note="Treasury daily par yield curve and bill rates: posted the same business day, about 6 pm ET"),
    ("fiscaldata", "debt_to_penny", "D"): Rule(
        "obs", bdays=1, grace_days=4, source_note="Fiscal Data Debt to the Penny: the next business day"),
    ("fiscaldata", None, "D"): Rule(
        "obs", bdays=1, grace_days=4, source_note="Fiscal Data Daily Treasury Statement: 4 pm ET the next business day"),
    ("fiscaldata", "mts_table_1", "M"): Rule(
        "after_period", bdays=7, grace_days=5, source_note="Treasury MTS: eighth business day of the following month"),
    ("fiscaldata", "mts_table_4", "M"): Rule(
        "after_period", bdays=7, grace_days=5, source_note="Treasury MTS: eighth business day of the following month"),
    ("fiscaldata", "mts_table_9", "M"): Rule(
        "after_period", bdays=7, grace_days=5, source_note="Treasury MTS: eighth business day of the following month"),
    ("fiscaldata", "mspd_table_1", "M"): Rule(
        "after_period", bdays=3, grace_days=5,
        source_note="Treasury MSPD: fourth business day of the following month"),
    ("fiscaldata", "avg_interest_rates", "M"): Rule(
        "after_period", bdays=5, grace_days=7,
        source_note="Fiscal Data Average Interest Rates: monthly, within the first business week after the month"),
    ("fiscaldata", "interest_expense", "M"): Rule(
        "after_period", bdays=5, grace_days=7,
        source_note="Fiscal Data Interest Expense: monthly, within the first business week after the month"),
    ("fiscaldata", None, "M"): Rule(
        "after_period", bdays=7, grace_days=7, source_note="Fiscal Data monthly tables: by the eighth business day"),
    ("tic", None, "M"): Rule(
        "after_period", months=1, days=17, grace_days=7,
        source_note="Treasury TIC: about the 18th of the second month after the reference month (TIC release calendar)"),
    ("omb", None, "A"): Rule(
        "after_period", months=4, days=6, fiscal_year=True, grace_days=60,
        source_note="OMB Historical Tables: with the President's Budget, first Monday in February"),
    ("treasurydirect", None, None): Rule(
        "obs", bdays=0, grace_days=7, source_note="TreasuryDirect auction results: the auction day, about 1:30 pm ET"),
    # --- CFTC
    ("cftc", None, "W"): Rule(
        "obs", days=3, grace_days=4,
        source_note="CFTC Commitments of Traders: Friday 3:30 pm ET, for positions as of the Tuesday"),
    # --- Federal Reserve Board
    ("fedboard", "z1", "Q"): Rule(
        "after_period", days=69, grace_days=21,
        source_note="Federal Reserve Z.1: about ten weeks after the quarter ends (Z.1 release dates)"),
    ("fedboard", "gsw", "D"): Rule(
        "obs", days=7, grace_days=7,
        source_note="Federal Reserve Board feds200628 (Gurkaynak-Sack-Wright) file: updated about weekly"),
    # --- FRB New York
    ("nyfed", "reference_rates", "D"): Rule(
        "obs", bdays=1, source_note="FRBNY reference rates: about 8 am ET the next business day"),
    ("nyfed", "repo_operations", "D"): Rule(
        "obs", bdays=0, source_note="FRBNY operation results: the same afternoon"),
    ("nyfed", "soma", "W"): Rule(
        "obs", days=1, source_note="FRBNY SOMA holdings: Thursday afternoon, as of Wednesday"),
    ("nyfed", "primary_dealer", "W"): Rule(
        "obs", days=8, source_note="FRBNY primary dealer statistics: Thursday 4:15 pm ET of the following week"),
    ("nyfed", "acm", "D"): Rule(
        "after_month", bdays=9, grace_days=21,
        source_note="FRBNY ACM term premia: posted monthly, early in the following month"),
    ("nyfed", "acm", "M"): Rule(
        "after_period", bdays=9, grace_days=21,
        source_note="FRBNY ACM term premia: posted monthly, early in the following month"),
    # --- OFR
    ("ofr", "fsi", "D"): Rule("obs", bdays=2, source_note="OFR Financial Stress Index: daily, two business days' lag"),
    ("ofr", "stfm", "D"): Rule(
        "obs", bdays=1, source_note="OFR Short-term Funding Monitor repo rates: the next business day"),
    ("ofr", "stfm", "M"): Rule(
        "after_period", months=1, grace_days=14,
        source_note="OFR money market fund monitor: about a month after the month (SEC Form N-MFP)"),
    ("ofr", "hfm", "Q"): Rule(
        "after_period", months=9, grace_days=45,
        source_note="OFR Hedge Fund Monitor (SEC Form PF aggregates): about three quarters after the quarter"),
    # --- foreign publishers
    ("jpmof", None, "D"): Rule("obs", bdays=1, source_note="Japan MoF JGB interest rates: posted after the close, by the next business day"),
    ("ecb", "EXR", "D"): Rule("obs", bdays=0, source_note="ECB euro foreign exchange reference rates: about 4 pm CET the same day"),
    ("ecb", "EST", "D"): Rule("obs", bdays=1, source_note="ECB euro short-term rate: 8 am CET the next business day"),
    ("ecb", None, "D"): Rule("obs", bdays=1, source_note="ECB Statistical Data Warehouse daily series: the next business day"),
    ("ecb", None, "M"): Rule("after_period", bdays=10, grace_days=14,
                             source_note="ECB monthly averages: within about two weeks after the month"),
    ("bundesbank", None, "D"): Rule("obs", bdays=1, source_note="Bundesbank daily yield curve: the next business day"),
    ("boj", None, "D"): Rule("obs", bdays=1, source_note="Bank of Japan daily market data: the next business day"),
    # --- defaults by frequency (anything not listed above)
    (None, None, "D"): Rule("obs", bdays=1, source_note=f"default for daily data: {_NEXT_BDAY}"),
    (None, None, "W"): Rule("obs", days=7, source_note="default for weekly data: within a week"),
    (None, None, "M"): Rule("after_period", months=1, grace_days=14, source_note="default for monthly data: within a month"),
    (None, None, "Q"): Rule("after_period", months=3, grace_days=30, source_note="default for quarterly data: within a quarter"),
    (None, None, "A"): Rule("after_period", months=4, grace_days=60, source_note="default for annual data: within four months"),
    (None, None, None): Rule("obs", days=31, grace_days=31, source_note="default for irregular data: within a month"),
}


def rule_for(source: str | None, dataset: str | None, frequency: str | None) -> Rule:
    """The most specific rule for a data set (exact source+dataset+frequency first, then wider)."""
    for key in ((source, dataset, frequency), (source, dataset, None), (source, None, frequency), (source, None, None),
                (None, None, frequency), (None, None, None)):
        rule = RULES.get(key)
        if rule is not None:
            return rule
    raise AssertionError("the calendar has a catch-all rule")  # pragma: no cover


def rule_for_meta(meta: SeriesMeta) -> Rule:
    return rule_for(meta.source, meta.dataset, meta.frequency)


# ---------------------------------------------------------------------------- arithmetic
@lru_cache(maxsize=1)
def _holidays() -> np.ndarray:
    """US federal holidays 1770-2200 (the rules of pandas' USFederalHolidayCalendar, computed in numpy:
    building them with pandas' calendar costs about half a second per process)."""
    years = np.arange(1770, 2201)
    start = (years - 1970).astype("datetime64[Y]").astype("datetime64[M]")

    def fixed(month: int, day: int, since: int = 0) -> np.ndarray:
        d = (start[years >= since] + (month - 1)).astype("datetime64[D]") + (day - 1)
        wd = (d.astype("int64") + 3) % 7  # 0 = Monday (1970-01-01 was a Thursday)
        return d + np.where(wd == 5, -1, np.where(wd == 6, 1, 0))  # Saturday -> Friday, Sunday -> Monday

    def nth(month: int, n: int, weekday: str, since: int = 0) -> np.ndarray:
        first = (start[years >= since] + (month - 1)).astype("datetime64[D]")
        return np.busday_offset(first, n - 1, roll="forward", weekmask=weekday)

    memorial = np.busday_offset((start + 5).astype("datetime64[D]") - 1, 0, roll="backward", weekmask="Mon")
    days = np.concatenate([
        fixed(1, 1), nth(1, 3, "Mon", since=1986), nth(2, 3, "Mon"), memorial, fixed(6, 19, since=2021),
        fixed(7, 4), nth(9, 1, "Mon"), nth(10, 2, "Mon"), fixed(11, 11), nth(11, 4, "Thu"), fixed(12, 25),
    ])
    return np.unique(days.astype("datetime64[D]"))


def _period_end(days: np.ndarray, frequency: str | None, fiscal_year: bool) -> np.ndarray:
    """Last day of the period an observation date belongs to (datetime64[D] in and out)."""
    if frequency == "M":
        return (days.astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
    if frequency == "Q":
        m = days.astype("datetime64[M]").astype("int64")
        q_end = m - m % 3 + 3
        return q_end.astype("datetime64[M]").astype("datetime64[D]") - 1
    if frequency == "A":
        if fiscal_year:  # US fiscal year ends 30 September; FRED dates FY2015 as 2015-01-01, OMB as 2015
            m = days.astype("datetime64[M]").astype("int64")  # months since 1970-01
            y = m // 12 + np.where(m % 12 >= 9, 1, 0)  # October onward belongs to the next fiscal year
            return (y.astype("datetime64[Y]").astype("datetime64[M]") + 9).astype("datetime64[D]") - 1
        return (days.astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1
    return days


def estimate_days(rule: Rule, frequency: str | None, days: np.ndarray) -> np.ndarray:
    """Vectorised estimate: observation dates (datetime64[D]) -> estimated release dates (datetime64[D])."""
    days = np.asarray(days, dtype="datetime64[D]")
    if days.size > 64:  # many series share dates: compute each distinct date once
        uniq, inverse = np.unique(days, return_inverse=True)
        if uniq.size < days.size:
            return _estimate(rule, frequency, uniq)[inverse]
    return _estimate(rule, frequency, days)


def _estimate(rule: Rule, frequency: str | None, days: np.ndarray) -> np.ndarray:
    if rule.anchor == "after_period":
        base = _period_end(days, frequency, rule.fiscal_year) + 1
    elif rule.anchor == "after_month":
        base = (days.astype("datetime64[M]") + 1).astype("datetime64[D]")
    else:
        base = days
    if rule.months:
        # add calendar months keeping the day of month (clipped to the month's end)
        month = base.astype("datetime64[M]")
        dom = (base - month.astype("datetime64[D]")).astype("int64")
        target = month + rule.months
        last = (target + 1).astype("datetime64[D]") - 1
        base = np.minimum(target.astype("datetime64[D]") + dom, last)
    if rule.days:
        base = base + np.timedelta64(rule.days, "D")
    hol = _holidays()
    if rule.anchor == "obs" and rule.bdays:
        # "next business day" after a weekend observation is Monday (roll back to Friday, then step)
        return np.busday_offset(base, rule.bdays, roll="backward", holidays=hol)
    if rule.bdays:
        return np.busday_offset(base, rule.bdays, roll="forward", holidays=hol)
    return np.busday_offset(base, 0, roll="forward", holidays=hol)


def known_since_estimate(meta: SeriesMeta, dates) -> pd.Series:
    """Estimated release date of each observation date of ``meta``'s series.

    ``dates`` is anything ``pd.to_datetime`` reads; the result is a Series of
    Timestamps (midnight of the release day), aligned with ``dates`` by position
    and indexed by the observation dates.
    """
    idx = pd.DatetimeIndex(pd.to_datetime(dates))
    rule = rule_for_meta(meta)
    out = estimate_days(rule, meta.frequency, idx.values.astype("datetime64[D]"))
    return pd.Series(out.astype("datetime64[ns]"), index=idx, name="known_since")


def _next_period(latest: pd.Timestamp, frequency: str | None) -> pd.Timestamp:
    if frequency == "D":
        nxt = np.busday_offset(np.datetime64(latest.date(), "D"), 1, roll="backward", holidays=_holidays())
        return pd.Timestamp(nxt)
    if frequency == "W":
        return latest + pd.Timedelta(days=7)
    if frequency == "M":
        return latest + pd.DateOffset(months=1)
    if frequency == "Q":
        return latest + pd.DateOffset(months=3)
    if frequency == "A":
        return latest + pd.DateOffset(years=1)
    return latest + pd.Timedelta(days=31)


def next_release(meta: SeriesMeta, latest_obs_date) -> pd.Timestamp:
    """Expected release date of the period after ``latest_obs_date`` (the next value to expect)."""
    latest = pd.Timestamp(latest_obs_date).normalize()
    nxt = _next_period(latest, meta.frequency)
    return pd.Timestamp(estimate_days(rule_for_meta(meta), meta.frequency,
                                      np.array([nxt.to_datetime64()], dtype="datetime64[D]"))[0])


def next_release_after(rule: Rule, frequency: str | None, latest_obs_date, after) -> pd.Timestamp:
    """The first scheduled release later than ``after`` of a period after ``latest_obs_date``.

    The earliest date a new edition of a file whose latest observation is
    ``latest_obs_date`` can have been published, when the edition already held
    was public on ``after`` and the publisher does not date its revisions: the
    next release on the calendar (for a daily series published the next
    business day, the next business day after ``after``; for a monthly one,
    the next month's release).
    """
    period = pd.Timestamp(latest_obs_date).normalize()
    after = pd.Timestamp(after)
    for _ in range(5000):
        period = _next_period(period, frequency)
        release = pd.Timestamp(estimate_days(rule, frequency, np.array([period.to_datetime64()], dtype="datetime64[D]"))[0])
        if release > after:
            return release
    return after.normalize() + pd.Timedelta(days=1)  # pragma: no cover - a calendar always moves on


def is_overdue(meta: SeriesMeta, latest_obs_date, today=None) -> bool:
    """True when the next value should have been published (plus the rule's grace) before ``today``."""
    today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today).normalize()
    if latest_obs_date is None or pd.isna(latest_obs_date):
        return False
    return today > next_release(meta, latest_obs_date) + pd.Timedelta(days=rule_for_meta(meta).grace_days)


def schedule(latest: pd.DataFrame, today=None) -> pd.DataFrame:
    """Per series: expected next release and whether it is overdue.

    ``latest`` has columns ``id``, ``source``, ``dataset``, ``frequency`` and
    ``latest`` (the latest observation date), as ``Store.series_latest()``
    returns; the result adds ``next_release`` and ``overdue``.
    """
    today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today).normalize()
    out = latest.copy()
    nxt, late = [], []
    for src, ds, freq, last in zip(out["source"], out["dataset"], out["frequency"], out["latest"]):
        if last is None or pd.isna(last):
            nxt.append(pd.NaT)
            late.append(False)
            continue
        meta = SeriesMeta(id="", title="", source=src, dataset=ds, frequency=freq, unit="", url="", attribution="")
        r = next_release(meta, last)
        nxt.append(r)
        late.append(bool(today > r + pd.Timedelta(days=rule_for_meta(meta).grace_days)))
    out["next_release"] = pd.to_datetime(pd.Series(nxt, index=out.index, dtype="datetime64[ns]"))
    out["overdue"] = pd.Series(late, index=out.index, dtype=bool)
    return out


__all__ = ["schedule", "Rule", "RULES", "rule_for", "rule_for_meta", "estimate_days", "known_since_estimate",
           "next_release", "next_release_after", "is_overdue"]


# ---------------------------------------------------------------------------- records
#: records dataset -> (date column, days after it the record is public, source of the lag).
#: A record's known-since is that date plus the lag, never later than the payload's own date.
RECORD_RULES: dict[str, tuple[str, int, str]] = {
    # auction results are released about an hour after the close of bidding, on the auction day
    "auctions": ("auction_date", 0, "TreasuryDirect: results are posted on the auction day"),
    # the Auctions Query list carries auctions once held (announced earlier: the auction day is a safe bound)
    "auctioned_securities": ("auction_date", 0, "Fiscal Data Treasury Securities Auctions Data"),
    # MSPD is published on the fourth business day of the following month: a week covers it
    "mspd_securities": ("record_date", 7, "Fiscal Data MSPD: fourth business day after the month end"),
    "soma_holdings": ("as_of_date", 1, "NY Fed SOMA holdings: published the day after the Wednesday"),
}


def record_known_since(dataset: str, frame: pd.DataFrame) -> pd.Series | None:
    """Per record of ``dataset``: the date it became public by :data:`RECORD_RULES`, or None (no rule)."""
    rule = RECORD_RULES.get(dataset)
    if rule is None or rule[0] not in frame.columns:
        return None
    col, days, _ = rule
    return pd.to_datetime(frame[col], errors="coerce") + pd.Timedelta(days=days)
