"""Findings: what each chart says, as a sentence whose numbers remember their origin.

A finding is a function ``(frame, lang) -> Sentence | None`` on the frame of an evaluated chart
(:func:`ustmon.desk.evaluate.evaluate`); the catalog (:mod:`ustmon.desk.catalog`) names one per chart.  The
helpers here turn a cell of a frame into a :class:`~ustmon.desk.i18n.Number` that records value, series, date
and operation (from the frame's ``.attrs['origin']``), so a test can recompute every number from the store.
Medium-neutral: the note and the dashboard both print these sentences.
"""

from __future__ import annotations

import pandas as pd

from ..sources.cftc import UST_CONTRACTS as _CFTC_CONTRACTS
from . import i18n
from .i18n import Number, Sentence, t

LEV_CODES = tuple(_CFTC_CONTRACTS)
#: CFTC contract code -> tenor label (2Y, 5Y, 10Y, ULTRA_10Y, BOND, ULTRA_BOND)
UST_TENOR = {code: c.tenor for code, c in _CFTC_CONTRACTS.items()}


# --------------------------------------------------------------------------- numbers and sentences
def _last(s: pd.Series) -> tuple[pd.Timestamp, float] | None:
    s = s.dropna()
    return (s.index[-1], float(s.iloc[-1])) if len(s) else None


def _at_or_before(s: pd.Series, date) -> tuple[pd.Timestamp, float] | None:
    s = s.dropna().loc[:pd.Timestamp(date)]
    return (s.index[-1], float(s.iloc[-1])) if len(s) else None


def _origin(frame: pd.DataFrame, col: str) -> dict:
    return frame.attrs["origin"][col]


def _d(x) -> str:
    return str(pd.Timestamp(x).date())


def number(frame: pd.DataFrame, col: str, date, lang: str, fmt: str, *, ref=None, decimals: int | None = None,
           sign: int = 1, unsigned: bool | None = None) -> Number:
    """A Number for ``frame[col]`` at ``date`` (a level, or the change since ``ref``) formatted as ``fmt``.

    fmt: money (US$ bn, 亿美元 in Chinese) | pct | pp | bp | plain.  ``sign`` = -1 prints a deficit as a
    positive amount; changes are printed unsigned (after a direction word) unless ``unsigned=False``.
    The Number records ``printed = sign * computed * scale`` with ``computed`` in the store's units.
    """
    o = _origin(frame, col)
    s = frame[col].dropna()
    x = float(s.loc[pd.Timestamp(date)])
    if ref is not None:
        x -= float(s.loc[pd.Timestamp(ref)])
    if unsigned is None:
        unsigned = ref is not None
    if unsigned and x * sign < 0:
        sign = -sign
    x *= sign
    if fmt == "money":
        text, v, k, dec = i18n.money_bn(x, lang, decimals=1 if decimals is None else decimals)
    else:
        k = 1.0
        dec = (0 if fmt == "bp" else 2) if decimals is None else decimals
        text, v = {"pct": i18n.pct, "pp": i18n.pp, "bp": i18n.bp}.get(fmt, lambda x, lang, d: i18n.plain(x, d))(x, lang, dec)
    base_op = o["op"]
    op = base_op if ref is None else {"level": "change", "diff": "diff_change", "lev_net_short": "lev_net_short_change",
                                      "view": "view_change"}[base_op]
    return Number(text=text, value=v, series=tuple(o["series"]), date=_d(date), op=op,
                  ref_date=None if ref is None else _d(ref), scale=k * o["scale"], decimals=dec, basis=base_op, sign=sign)


def percentile_number(frame: pd.DataFrame, col: str, date, since, lang: str, *, low_is_risk: bool = False) -> Number:
    """Percentile rank (0-100) of frame[col] at date among its values since ``since``: share at or below it
    (at or above when ``low_is_risk``)."""
    o = _origin(frame, col)
    s = frame[col].dropna().loc[pd.Timestamp(since):pd.Timestamp(date)]
    cur = float(s.iloc[-1])
    p = 100.0 * float((s >= cur).mean() if low_is_risk else (s <= cur).mean())
    text, v = i18n.ordinal(p, lang)
    return Number(text=text, value=v, series=tuple(o["series"]), date=_d(date),
                  op="percentile_low" if low_is_risk else "percentile", ref_date=_d(since), scale=1.0,
                  decimals=0, basis=o["op"])


def extreme_since(frame: pd.DataFrame, col: str, date, lang: str, *, lowest: bool, fmt_date=i18n.fmt_month) -> Number | None:
    """'the lowest since MONTH YEAR': the last earlier date whose value is at or below (above) today's."""
    o = _origin(frame, col)
    s = frame[col].dropna().loc[:pd.Timestamp(date)]
    cur, prior = float(s.iloc[-1]), s.iloc[:-1]
    hit = prior[prior <= cur] if lowest else prior[prior >= cur]
    if hit.empty:
        return None
    ref = hit.index[-1]
    if ref == prior.index[-1]:  # not a new extreme at all
        return None
    return Number(text=fmt_date(ref, lang), value=float("nan"), series=tuple(o["series"]), date=_d(date),
                  op="lowest_since" if lowest else "highest_since", ref_date=_d(ref), scale=o["scale"],
                  decimals=0, basis=o["op"])


def _dir(x: float, lang: str) -> str:
    return t("up_hold" if x > 0 else "down_hold", lang) if x != 0 else t("unch", lang)


def _year_before(s: pd.Series, date) -> pd.Timestamp | None:
    hit = _at_or_before(s, pd.Timestamp(date) - pd.DateOffset(years=1))
    return hit[0] if hit else None


def _sentence(key: str, lang: str, numbers: dict[str, Number | str]) -> Sentence:
    params = {k: (v.text if isinstance(v, Number) else v) for k, v in numbers.items()}
    return Sentence(t(key, lang, **params), [v for v in numbers.values() if isinstance(v, Number)], key)


def _signed_change_pp(frame, col, date, ref, lang, fmt="pp") -> Number:
    """A change printed as 'up 0.25 pp' / 'down 12 bp' (the sign is kept in ``Number.sign``)."""
    n = number(frame, col, date, lang, fmt, ref=ref)
    if n.value == 0:
        n.text = t("unch", lang)
    else:
        n.text = t("up_pp" if n.sign > 0 else "down_pp", lang, x=n.text)
    return n


# --------------------------------------------------------------------------- findings
def _f_yields(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["DGS2", "DGS10", "DGS30"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_yields", lang, {"y10": number(f, "DGS10", d, lang, "pct"), "y2": number(f, "DGS2", d, lang, "pct"),
                                        "y30": number(f, "DGS30", d, lang, "pct"), "date": i18n.fmt_day(d, lang)})


def _f_spread(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, v = _last(f["spread"])
    ref = _year_before(f["spread"], d)
    key = "f_spread_pos" if v >= 0 else "f_spread_neg"
    return _sentence(key, lang, {"spread": number(f, "spread", d, lang, "pp"), "date": i18n.fmt_day(d, lang),
                                 "chg": _signed_change_pp(f, "spread", d, ref, lang)})


def _level_change_year(key: str, col: str):
    def fn(f: pd.DataFrame, lang: str) -> Sentence | None:
        d, v = _last(f[col])
        ref = _year_before(f[col], d)
        if ref is None:
            return None
        chg = v - float(f[col].loc[ref])
        return _sentence(key, lang, {"dir": _dir(chg, lang), "chg": number(f, col, d, lang, "money", ref=ref),
                                     "level": number(f, col, d, lang, "money"), "date": i18n.fmt_day(d, lang)})
    return fn


def _level_percentile(key: str, col: str, fmt: str, start: str):
    """'<level> on <date>, the <pct> percentile since <start year>' for the latest value of ``col``."""
    def fn(f: pd.DataFrame, lang: str) -> Sentence | None:
        d, _ = _last(f[col])
        return _sentence(key, lang, {"level": number(f, col, d, lang, fmt), "date": i18n.fmt_day(d, lang),
                                     "pct": percentile_number(f, col, d, start, lang), "start": start[:4]})
    return fn


LEV_START = "2015-01-01"
FSI_START = "2000-01-01"
VOL_START = "2000-01-01"
_f_lev = _level_percentile("f_lev", "total", "money", LEV_START)
_f_fsi = _level_percentile("f_fsi", "fsi", "plain", FSI_START)
_f_vol = _level_percentile("f_vol", "v10", "bp", VOL_START)


def _f_official(f: pd.DataFrame, lang: str) -> Sentence | None:
    d = f.index[-1]
    share = 100 * f.loc[d, "official"] / f.loc[d, "total"]
    text, v = i18n.pct(share, lang, 1)
    sh = Number(text=text, value=v, series=("TIC.MFH.OFFICIAL", "TIC.MFH.TOTAL"), date=_d(d), op="share_pct", decimals=1)
    return _sentence("f_official", lang, {"off": number(f, "official", d, lang, "money"),
                                          "tot": number(f, "total", d, lang, "money"), "share": sh,
                                          "date": i18n.fmt_month(d, lang)})


def _f_cn(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["CN"].dropna()
    if len(s) < 2:
        return None
    d, prev = s.index[-1], s.index[-2]
    chg = s.iloc[-1] - s.iloc[-2]
    since = extreme_since(f, "CN", d, lang, lowest=True) if chg < 0 else None
    params = {"dir": _dir(chg, lang), "chg": number(f, "CN", d, lang, "money", ref=prev),
              "month": i18n.fmt_month(d, lang), "level": number(f, "CN", d, lang, "money")}
    if since is not None:
        params["since"] = since
        return _sentence("f_cn", lang, params)
    return _sentence("f_cn_plain", lang, params)


def _f_jp(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["JP"].dropna()
    if len(s) < 2:
        return None
    d, prev = s.index[-1], s.index[-2]
    chg = s.iloc[-1] - s.iloc[-2]
    row = f.loc[d, [c for c in ("CN", "JP", "GB") if c in f.columns]].dropna()  # countries, not the Europe aggregate
    key = "f_jp" if row.idxmax() == "JP" else "f_jp_plain"
    return _sentence(key, lang, {"level": number(f, "JP", d, lang, "money"), "month": i18n.fmt_month(d, lang),
                                 "dir": _dir(chg, lang), "chg": number(f, "JP", d, lang, "money", ref=prev)})


def _f_major(f: pd.DataFrame, lang: str) -> Sentence | None:
    top = f.index[0]
    sid = f"TIC.MFH.{top}"
    month = f.attrs["month"]
    text, v, k, dec = i18n.money_bn(float(f["value"].iloc[0]), lang)
    n = Number(text=text, value=v, series=(sid,), date=month, scale=k, decimals=dec)
    return _sentence("f_major", lang, {"month": i18n.fmt_month(month, lang), "top": country_name(top, lang), "level": n})


def _f_deficit(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, v = _last(f["sum12"])
    if v >= 0:
        return None
    n = number(f, "sum12", d, lang, "money", sign=-1)
    n.ref_date = _d(f["month"].dropna().loc[:d].index[-12])  # first of the 12 months summed
    n.op = "sum"
    params = {"month": i18n.fmt_month(d, lang), "sum12": n}
    if "pct_gdp" in f and pd.notna(f["pct_gdp"].get(d)):
        params["pct"] = number(f, "pct_gdp", d, lang, "pct", decimals=1, sign=-1)
        return _sentence("f_deficit_gdp", lang, params)
    return _sentence("f_deficit", lang, params)


def _f_deficit_calendar(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["published", "adjusted"]].dropna()
    if both.empty or both["adjusted"].iloc[-1] >= 0 or both["published"].iloc[-1] >= 0:
        return None
    d = both.index[-1]
    params = {"month": i18n.fmt_month(d, lang), "adj": number(f, "adjusted", d, lang, "money", sign=-1)}
    if both.loc[d, "adjusted"] == both.loc[d, "published"]:  # no payment moved across the window's ends
        return _sentence("f_deficit_calendar_same", lang, params)
    params["pub"] = number(f, "published", d, lang, "money", sign=-1)
    return _sentence("f_deficit_calendar", lang, params)


def _f_cayman(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["tic", "adjusted"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_cayman", lang, {"adj": number(f, "adjusted", d, lang, "money"), "tic": number(f, "tic", d, lang, "money"),
                                        "month": i18n.fmt_month(d, lang)})


def _f_debt(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, _ = _last(f["public_gdp"])
    return _sentence("f_debt", lang, {"pct": number(f, "public_gdp", d, lang, "pct", decimals=1),
                                      "quarter": i18n.fmt_quarter(d, lang)})


def _f_hedged(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["jpy_hedged", "jgb10"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    params = {"h": number(f, "jpy_hedged", d, lang, "pct"), "jgb": number(f, "jgb10", d, lang, "pct"),
              "month": i18n.fmt_month(d, lang)}
    if {"eur_hedged", "bund10"} <= set(f.columns) and pd.notna(f["eur_hedged"].get(d)) and pd.notna(f["bund10"].get(d)):
        params.update(he=number(f, "eur_hedged", d, lang, "pct"), bund=number(f, "bund10", d, lang, "pct"))
        return _sentence("f_hedged", lang, params)
    return _sentence("f_hedged_jpy", lang, params)


def _f_fy(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, v = _last(f["fy"])
    if v >= 0:
        return None
    year = str(pd.Timestamp(d).year)
    year = f"FY{year}" if lang == "en" else year
    params = {"year": year, "level": number(f, "fy", d, lang, "money", sign=-1)}
    if "pct_gdp" in f and pd.notna(f.loc[d, "pct_gdp"]):
        params["pct_gdp"] = number(f, "pct_gdp", d, lang, "pct", decimals=1, sign=-1)
        return _sentence("f_fy", lang, params)
    return _sentence("f_fy_plain", lang, params)


def _f_interest(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, _ = _last(f["interest_gdp"])
    params = {"pct": number(f, "interest_gdp", d, lang, "pct", decimals=1), "quarter": i18n.fmt_quarter(d, lang)}
    since = extreme_since(f, "interest_gdp", d, lang, lowest=False, fmt_date=lambda x, lg: str(pd.Timestamp(x).year))
    if since is not None:
        params["since"] = since
        return _sentence("f_interest", lang, params)
    return _sentence("f_interest_plain", lang, params)


def _f_tp(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, _ = _last(f["kw"])
    ref = _year_before(f["kw"], d)
    return _sentence("f_tp", lang, {"level": number(f, "kw", d, lang, "pct"), "date": i18n.fmt_day(d, lang),
                                    "chg": _signed_change_pp(f, "kw", d, ref, lang)})


def _f_sofr(f: pd.DataFrame, lang: str) -> Sentence | None:
    d = f.index[-1]
    n = number(f, "sofr_minus_iorb_bp", d, lang, "bp", unsigned=True)
    n.text = t("above" if n.sign > 0 else "below", lang, x=n.text) if n.value != 0 else t("unch", lang)
    return _sentence("f_sofr", lang, {"spread": n, "date": i18n.fmt_day(d, lang),
                                      "sofr": number(f, "sofr", d, lang, "pct"), "iorb": number(f, "iorb", d, lang, "pct")})


def _f_rrp(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["rrp"].dropna()
    d = s.index[-1]
    peak = s.idxmax()
    if peak == d:
        return None
    return _sentence("f_rrp", lang, {"level": number(f, "rrp", d, lang, "money"), "date": i18n.fmt_day(d, lang),
                                     "peak": number(f, "rrp", peak, lang, "money"), "peak_month": i18n.fmt_month(peak, lang)})


def _f_res(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["reserves", "tga"]].dropna()
    d = both.index[-1]
    return _sentence("f_res", lang, {"res": number(f, "reserves", d, lang, "money"), "tga": number(f, "tga", d, lang, "money"),
                                     "date": i18n.fmt_day(d, lang)})


# --------------------------------------------------------------------------- findings of the charts added for the full desk set
def _f_structure(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["pi_share"].dropna() if "pi_share" in f else pd.Series(dtype=float)
    if len(s) < 2:
        return None
    d, d0 = s.index[-1], s.index[0]
    return _sentence("f_structure", lang, {"share": number(f, "pi_share", d, lang, "pct", decimals=1),
                                           "q": i18n.fmt_quarter(d, lang),
                                           "share0": number(f, "pi_share", d0, lang, "pct", decimals=1),
                                           "q0": i18n.fmt_quarter(d0, lang)})


def _f_fed_share(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["share"].dropna()
    if s.empty:
        return None
    d, peak = s.index[-1], s.idxmax()
    params = {"share": number(f, "share", d, lang, "pct", decimals=1), "q": i18n.fmt_quarter(d, lang)}
    if peak == d:
        return _sentence("f_fed_share_plain", lang, params)
    return _sentence("f_fed_share", lang, {**params, "peak": number(f, "share", peak, lang, "pct", decimals=1),
                                           "peak_q": i18n.fmt_quarter(peak, lang)})


def _f_mmf(f: pd.DataFrame, lang: str) -> Sentence | None:
    """The RRP-to-bills shift: from the quarter of the highest average ON RRP to the last quarter with bills data."""
    if "bills" not in f or "rrp" not in f:
        return None
    both = f[["rrp", "bills"]].dropna()
    if len(both) < 2:
        return None
    d1 = both.index[-1]
    d0 = both["rrp"].idxmax()
    if d0 >= d1 or not (both.loc[d1, "rrp"] < both.loc[d0, "rrp"] and both.loc[d1, "bills"] > both.loc[d0, "bills"]):
        return None
    return _sentence("f_mmf", lang, {"q0": i18n.fmt_quarter(d0, lang), "q1": i18n.fmt_quarter(d1, lang),
                                     "rrp": number(f, "rrp", d1, lang, "money", ref=d0),
                                     "bills": number(f, "bills", d1, lang, "money", ref=d0)})


def _f_basis_growth(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["lev_short", "am_long"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    ref = _at_or_before(f["lev_short"], d - pd.DateOffset(years=5))
    if ref is None:
        return None
    chg = float(f.loc[d, "lev_short"]) - ref[1]
    return _sentence("f_basis_growth", lang, {"level": number(f, "lev_short", d, lang, "money"), "date": i18n.fmt_day(d, lang),
                                              "dir": _dir(chg, lang), "chg": number(f, "lev_short", d, lang, "money", ref=ref[0]),
                                              "am": number(f, "am_long", d, lang, "money")})


def _f_flows(f: pd.DataFrame, lang: str) -> Sentence | None:
    rows = f[["total", "official", "private"]].dropna()
    if rows.empty:
        return None
    d = rows.index[-1]
    n = {c: number(f, c, d, lang, "money", unsigned=True) for c in ("total", "official", "private")}
    return _sentence("f_flows", lang, {"month": i18n.fmt_month(d, lang), "dir": _dir(rows.loc[d, "total"], lang), "tot": n["total"],
                                       "dir_p": _dir(rows.loc[d, "private"], lang), "priv": n["private"],
                                       "dir_o": _dir(rows.loc[d, "official"], lang), "off": n["official"]})


def _f_net_borrowing(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["net", "private"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_net_borrowing", lang, {"net": number(f, "net", d, lang, "money"), "q": i18n.fmt_quarter(d, lang),
                                               "private": number(f, "private", d, lang, "money")})


def _f_srf(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["srf"].dropna()
    if s.empty:
        return None
    d, peak = s.index[-1], s.idxmax()
    return _sentence("f_srf", lang, {"level": number(f, "srf", d, lang, "money"), "date": i18n.fmt_day(d, lang),
                                     "peak": number(f, "srf", peak, lang, "money"), "peak_date": i18n.fmt_day(peak, lang)})


def _f_contrib(f: pd.DataFrame, lang: str) -> Sentence | None:
    row = f.dropna(how="all")
    if row.empty:
        return None
    d = row.index[-1]
    last = f.loc[d].dropna()
    comp = last.abs().idxmax()
    key = "f_contrib_widen" if last[comp] > 0 else "f_contrib_narrow"
    return _sentence(key, lang, {"what": t(f"l_{comp}", lang), "month": i18n.fmt_month(d, lang),
                                 "x": number(f, comp, d, lang, "money", unsigned=True)})


# --------------------------------------------------------------------------- findings of the supply charts (MSPD, DTS)
#: security types of MSPD, in the order they stack
CLASSES = ("bills", "notes", "bonds", "tips", "frn")
#: the gross issuance chart's columns (DTS Table III-A)
GROSS_COLS = ("gross_bills", "redemptions_bills", "gross_coupons", "redemptions_coupons")

def _f_bill_share(f: pd.DataFrame, lang: str):

    d, v = _last(f["mspd"])
    where = "w_above" if v > 20.0 else ("w_below" if v < 15.0 else "w_within")
    return _sentence("f_bill_share_mspd", lang, {"share": number(f, "mspd", d, lang, "pct", decimals=1),
                                                 "month": i18n.fmt_month(d, lang), "where": t(where, lang)})


def _f_current_supply(f: pd.DataFrame, lang: str) -> Sentence | None:
    """Current supply: net bills and coupons over the year to date beside the last complete quarter (cells of the
    ``supply current`` view)."""
    net = f[f["measure"].isin(["net_bills", "net_coupons"])].dropna(subset=["value", "start", "end"])
    periods = net[["start", "end"]].drop_duplicates().sort_values(["end", "start"])
    if len(periods) < 2:
        return None
    (qs, qe), (ys, ye) = periods.iloc[0], periods.iloc[-1]  # the quarter ends first, the year to date last

    def cell_of(measure, start, end):
        return row_number(f, "value", {"measure": measure, "start": _d(start), "end": _d(end)}, end, lang, "money")

    return _sentence("f_current_supply", lang, {
        "ytd": i18n.fmt_span(ys, ye, lang), "q": i18n.fmt_span(qs, qe, lang),
        "ybills": cell_of("net_bills", ys, ye), "ycoupons": cell_of("net_coupons", ys, ye),
        "qbills": cell_of("net_bills", qs, qe), "qcoupons": cell_of("net_coupons", qs, qe)})


def _f_net_issuance(f: pd.DataFrame, lang: str):

    both = f[["bills", "coupons"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_net_issuance", lang, {"q": i18n.fmt_quarter(d, lang),
                                              "bills": number(f, "bills", d, lang, "money", unsigned=False),
                                              "coupons": number(f, "coupons", d, lang, "money", unsigned=False)})


def _f_gross(f: pd.DataFrame, lang: str):

    rows = f[list(GROSS_COLS)].dropna()
    if rows.empty:
        return None
    d = rows.index[-1]
    n = {k: number(f, c, d, lang, "money") for k, c in (("bills", "gross_bills"), ("coupons", "gross_coupons"),
                                                         ("red_b", "redemptions_bills"), ("red_c", "redemptions_coupons"))}
    return _sentence("f_gross_issuance", lang, {"month": i18n.fmt_month(d, lang), **n})


def _f_duration(f: pd.DataFrame, lang: str):
    """Coupon supply in 10-year equivalents, Fed runoff, foreign official and what is left for private buyers."""
    rows = f[["net", "private"]].dropna()
    if rows.empty:
        return None
    d = rows.index[-1]
    n = {"net": number(f, "net", d, lang, "money"), "private": number(f, "private", d, lang, "money")}
    fed = float(f["fed"].get(d, float("nan")))
    foreign = float(f["foreign"].get(d, float("nan")))
    if fed == fed and foreign == foreign:
        # the wording follows the sign: never "added $-3bn"
        n["fed"] = number(f, "fed", d, lang, "money", sign=1 if fed >= 0 else -1)
        n["foreign"] = number(f, "foreign", d, lang, "money", sign=1 if foreign >= 0 else -1)
        key = "f_duration_" + ("runoff" if fed >= 0 else "absorbed") + "_" + ("bought" if foreign >= 0 else "sold")
    else:
        key = "f_duration_plain"
    return _sentence(key, lang, {"month": i18n.fmt_month(d, lang), **n})


def _f_wall(f: pd.DataFrame, lang: str):

    both = f[["wall", "share"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_wall_detail", lang, {"amt": number(f, "wall", d, lang, "money"), "month": i18n.fmt_month(d, lang),
                                             "share": number(f, "share", d, lang, "pct", decimals=1)})


def _f_wam(f: pd.DataFrame, lang: str):

    d, _ = _last(f["wam"])
    return _sentence("f_wam_detail", lang, {"wam": number(f, "wam", d, lang, "plain", decimals=1),
                                            "month": i18n.fmt_month(d, lang)})


# --------------------------------------------------------------------------- countries
# display names in every language come from the one country table (ustmon.conventions.countries)
from ..conventions.countries import country_name  # noqa: E402,F401 - re-exported for the catalog and tests


# --------------------------------------------------------------------------- captions
def cftc_sample_note(frame: pd.DataFrame, spec) -> tuple[str, dict] | None:
    """Caption of a CFTC chart: the weekly reports its lines and percentiles use, and the years with none."""
    from ..analytics.basis import report_sample

    idx = frame.dropna(how="all").index
    if spec.start:
        idx = idx[idx >= pd.Timestamp(spec.start)]
    sample = report_sample(idx)
    if not sample["n_reports"]:
        return None
    params = {"n": f"{sample['n_reports']:,}", "first": _d(sample["first"]), "last": _d(sample["last"]),
              "weeks": f"{sample['weeks_in_span']:,}"}
    if sample["missing_years"]:
        return "note_cftc_sample_gaps", {**params, "years": ", ".join(map(str, sample["missing_years"]))}
    return "note_cftc_sample", params


# --------------------------------------------------------------------------- numbers read from a row of a tidy view
def view_cell_number(x: float, view: str, col: str, keys: dict, date, lang: str, fmt: str, *,
                     decimals: int | None = None, sign: int = 1, signed: bool = False) -> Number:
    """A Number for one cell of a tidy view (RangeIndex): the value ``x`` of column ``col`` in the one row of view
    ``view`` whose key columns print as ``keys`` (view column -> value).

    Recorded as ``op="view_row"`` with ``series = (view key, col, key1, value1, key2, value2, ...)`` (values as
    text), so a test re-reads the same cell from the view.  ``sign`` = -1 prints a negative amount after a
    direction word; ``signed`` prints '+' before a positive amount.
    """
    x = sign * float(x)
    if fmt == "money":
        text, v, k, dec = i18n.money_bn(x, lang, decimals=1 if decimals is None else decimals, signed=signed)
    else:
        k = 1.0
        dec = (0 if fmt in ("bp", "count") else 2) if decimals is None else decimals
        text, v = {"pct": i18n.pct, "pp": i18n.pp, "bp": i18n.bp}.get(fmt, lambda x, lang, d: i18n.plain(x, d))(x, lang, dec)
    flat = tuple(str(s) for kv in keys.items() for s in kv)
    return Number(text=text, value=v, series=(view, col, *flat), date=_d(date), op="view_row", scale=k, decimals=dec,
                  basis="view", sign=sign)


def row_number(frame: pd.DataFrame, col: str, where: dict, date, lang: str, fmt: str, **kw) -> Number:
    """:func:`view_cell_number` of the one row of a chart's frame (a tidy view's rows) matching ``where`` (chart
    column -> value), column ``col``; the keys are recorded under the view's own column names."""
    sel = frame
    for k, v in where.items():
        sel = sel[sel[k].astype(str) == str(v)]
    if len(sel) != 1:
        raise KeyError(f"{len(sel)} rows of the frame match {where}")
    o = _origin(frame, col)
    keys = {_origin(frame, k)["series"][1]: v for k, v in where.items()}
    return view_cell_number(sel[col].iloc[0], o["series"][0], o["series"][1], keys, date, lang, fmt, **kw)


# --------------------------------------------------------------------------- receipts and outlays by category (MTS)
def _f_categories(f: pd.DataFrame, lang: str) -> Sentence | None:
    """Latest 12 months: totals of both sides, the outlay that rose most and the receipt that moved most."""
    if not {"total_receipts", "total_outlays"} <= set(f.index):
        return None
    d = pd.Timestamp(f["date"].max())
    n = {"last_month": i18n.fmt_month(d, lang),
         "out_total": row_number(f, "value", {"side": "outlays", "component": "total"}, d, lang, "money"),
         "rec_total": row_number(f, "value", {"side": "receipts", "component": "total"}, d, lang, "money")}
    parts = f[f["component"] != "total"].dropna(subset=["change"])
    out, rec = parts[parts["side"] == "outlays"], parts[parts["side"] == "receipts"]
    if out.empty or rec.empty or out["change"].max() <= 0:
        return _sentence("f_categories_plain", lang, n)
    top_o = out.loc[out["change"].idxmax()]
    top_r = rec.loc[rec["change"].abs().idxmax()]
    n.update(out_top=t(f"l_{top_o['component']}", lang), rec_top=t(f"l_{top_r['component']}", lang),
             out_chg=row_number(f, "change", {"side": "outlays", "component": top_o["component"]}, d, lang, "money",
                                signed=True),
             rec_chg=row_number(f, "change", {"side": "receipts", "component": top_r["component"]}, d, lang, "money",
                                signed=True))
    return _sentence("f_categories", lang, n)


def _f_contrib_fy(f: pd.DataFrame, lang: str) -> Sentence | None:
    """The latest fiscal year: how much the deficit widened (narrowed) and the component that did most of it."""
    rows = f.dropna(subset=["deficit_change"])
    if rows.empty:
        return None
    d = rows.index[-1]
    fy = int(rows.loc[d, "fiscal_year"])
    view = _origin(f, "deficit_change")["series"][0]
    chg = float(rows.loc[d, "deficit_change"])
    widened = chg >= 0
    comps = [c for c in f.columns if c in CONTRIB_PARTS and pd.notna(f.loc[d, c])]
    if not comps:
        return None
    top = max(comps, key=lambda c: f.loc[d, c]) if widened else min(comps, key=lambda c: f.loc[d, c])
    sign = 1 if widened else -1
    cell = lambda col, comp, fmt, **kw: view_cell_number(f.loc[d, col], view, "deficit_impact_pct_gdp" if fmt == "pct"
                                                         else "deficit_impact_usd_bn",
                                                         {"fiscal_year": fy, "component": comp}, d, lang, fmt, **kw)
    n = {"fy": f"FY{fy}" if lang == "en" else str(fy), "top": t(f"l_{top}", lang),
         "deficit_change": cell("deficit_change", "deficit_change", "money", sign=sign),
         "top_impact": cell(top, top, "money", sign=sign)}
    key = "f_contrib_fy_" + ("widen" if widened else "narrow")
    pct_col = f"pct_{top}"
    if pct_col in f.columns and pd.notna(f.loc[d, pct_col]):
        n["top_pp"] = cell(pct_col, top, "pct", sign=sign)
        key += "_gdp"
    return _sentence(key, lang, n)


#: the receipt sources and outlay functions of MTS Table 9 (Table 4 for Fed earnings) the note names
CONTRIB_PARTS = ("individual_income_tax", "corporate_income_tax", "payroll_taxes", "customs_duties",
                 "fed_remittances", "other_receipts", "social_security", "medicare", "health_incl_medicaid",
                 "net_interest", "defense", "other_outlays")


# --------------------------------------------------------------------------- last month's auctions (a table)
_BILL_TERM = {"Week": ("{n}-week bill", "{n}周国库券", "{n}週國庫券"), "Day": ("{n}-day bill", "{n}天国库券", "{n}天國庫券")}
_LINE_NAME = {"Bill": ("{n}-{u} bill", "{n}{u}期国库券", "{n}{u}期國庫券"),
              "Note": ("{n}-{u} note", "{n}{u}期国债", "{n}{u}期國債"),
              "Bond": ("{n}-{u} bond", "{n}{u}期国债", "{n}{u}期國債"),
              "TIPS": ("{n}-{u} TIPS", "{n}{u}期TIPS", "{n}{u}期TIPS"),
              "FRN": ("{n}-{u} FRN", "{n}{u}期浮动利率票据", "{n}{u}期浮動利率票據")}
_UNIT = {"Y": ("year", "年", "年"), "M": ("month", "个月", "個月")}


def security_name(line: str, term: str | None, lang: str) -> str:
    """An auctioned security as a reader names it: bills by their term ('13-week bill', '119-day bill'), others by
    their line ('10-year note', '10年期国债', '20-year bond'); an unknown shape is printed as given."""
    import re

    i = i18n.LANGS.index(lang)
    kind, _, tenor = str(line).partition(" ")
    m = re.fullmatch(r"(\d+)-(Week|Day)", str(term or ""))
    if kind == "Bill" and m:
        return _BILL_TERM[m.group(2)][i].format(n=m.group(1))
    m = re.fullmatch(r"(\d+)([YM])", tenor)
    if kind in _LINE_NAME and m:
        return _LINE_NAME[kind][i].format(n=m.group(1), u=_UNIT[m.group(2)][i])
    return str(line)


def _f_auctions_month(f: pd.DataFrame, lang: str) -> Sentence | None:
    """Last month's auctions: how many, bills and coupons totals, and the weakest coupon auctions by the tail
    against the end-of-day curve and by bid-to-cover (every number a cell of the view)."""
    tot = f[f["row"] == "total"]
    auc = f[f["row"] == "auction"]
    if tot.empty or auc.empty:
        return None
    month = f.attrs.get("month") or str(pd.Timestamp(auc["date"].max()).to_period("M"))
    end = pd.Period(month, "M").end_time.normalize()
    n = {"month": i18n.fmt_month(end, lang),
         "n": row_number(f, "auctions", {"security": "Total"}, end, lang, "count"),
         "nb": row_number(f, "auctions", {"security": "Total bills"}, end, lang, "count"),
         "bills": row_number(f, "size", {"security": "Total bills"}, end, lang, "money"),
         "nc": row_number(f, "auctions", {"security": "Total coupons"}, end, lang, "count"),
         "coupons": row_number(f, "size", {"security": "Total coupons"}, end, lang, "money")}
    cpn = auc[~auc["security"].astype(str).str.startswith("Bill")]
    tails, btcs = cpn.dropna(subset=["tail"]), cpn.dropna(subset=["btc"])
    if tails.empty or btcs.empty:
        return _sentence("f_auctions_month_plain", lang, n)
    wt = tails.loc[tails["tail"].idxmax()]
    wb = btcs.loc[btcs["btc"].idxmin()]

    def key(r):
        return {"security": r["security"], "date": _d(r["date"])}

    n["tail"] = row_number(f, "tail", key(wt), wt["date"], lang, "bp", decimals=1)
    n["btc"] = row_number(f, "btc", key(wb), wb["date"], lang, "plain", decimals=2)
    if wt.name == wb.name:
        n["sec"] = security_name(wt["security"], wt.get("term"), lang)
        return _sentence("f_auctions_month_same", lang, n)
    n["tail_sec"] = security_name(wt["security"], wt.get("term"), lang)
    n["btc_sec"] = security_name(wb["security"], wb.get("term"), lang)
    return _sentence("f_auctions_month", lang, n)
