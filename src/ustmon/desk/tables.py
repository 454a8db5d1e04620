"""Tables of the note as text cells: headers and rows in a language, numbers formatted as the note prints them.

A table is a catalog row (:class:`~ustmon.desk.catalog.FigureSpec`) of ``kind="table"``: its ``labels`` are the
displayed columns in order (chart column -> i18n key of the header, units in the header's words) and
``extra["formats"]`` says how each column is printed (chart column -> format below).  The cells are read from
the evaluated frame (:func:`ustmon.desk.evaluate.evaluate`): nothing is computed, a missing value stays
``–`` (never 0); a total row leaves the columns it has no value for blank.  Medium-neutral: :mod:`ustmon.render.html_table` turns the cells into HTML.

Formats:

* ``security`` — the security as a reader names it (:func:`~ustmon.desk.findings.security_name`, reads the
  ``term`` column); a total row (``row == "total"``) is named with its count of auctions (``auctions``);
* ``day`` — a date without its year ('11 May', '5月11日');
* ``money`` — US$ bn with one decimal in English, 亿美元 without decimals in Chinese (as the sentences print);
* ``rate`` — three decimals, marked † for a TIPS real yield and ‡ for an FRN discount margin (``basis`` column);
* ``ratio`` — two decimals; ``share`` — one decimal; ``bp`` — one decimal, signed;
* ``measure`` — a measure's name in the reader's words (i18n ``m_<measure>``);
* ``span`` — the period a value covers, from the row's ``start`` and ``end`` dates: a month end ('end of May
  2026'), a calendar quarter ('2026 Q1') or a run of months ('Jan–May 2026');
* ``by_unit`` — a value printed in the row's own ``unit`` (``pct``, ``usd_bn``, ``months``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from . import i18n
from .findings import security_name
from .i18n import t

MISSING = "–"
#: stop-out basis (auctions view) -> the mark that sends the reader to the table's note
BASIS_MARK = {"tips_real_yield": "†", "frn_discount_margin": "‡"}
#: total rows of the auctions view (``security``) -> their words
TOTAL_KEY = {"Total bills": "total_bills", "Total coupons": "total_coupons", "Total": "total_all"}
NUMERIC = ("money", "rate", "ratio", "share", "bp", "by_unit")


@dataclass
class TableCells:
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # per column: right-aligned number
    kinds: list[str]  # per row: "auction" | "total" (or "row")
    formats: list[str]  # per column: its format (a renderer keeps a date on one line)


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NaT or (not isinstance(x, str) and pd.isna(x))


def _signed(x: float, decimals: int) -> str:
    v = round(float(x), decimals)
    if v == 0:
        v = 0.0
    return f"{'−' if v < 0 else ''}{abs(v):,.{decimals}f}"


def cell(fmt: str, x, row: pd.Series, lang: str) -> str:
    """One cell as printed (see the module doc for the formats)."""
    if fmt == "security":
        if row.get("row") == "total" and x in TOTAL_KEY:
            n = row.get("auctions")
            return t(TOTAL_KEY[x], lang, n=MISSING if _missing(n) else f"{int(n):,}")
        return MISSING if _missing(x) else security_name(str(x), row.get("term"), lang)
    if fmt == "span":
        start, end = row.get("start"), row.get("end")
        return MISSING if _missing(start) or _missing(end) else i18n.fmt_span(start, end, lang)
    if _missing(x):
        return MISSING
    if fmt == "measure":
        return t(f"m_{x}", lang)
    if fmt == "by_unit":
        unit = str(row.get("unit"))
        if unit == "usd_bn":  # the unit is the row's, so it is printed with the number
            return i18n.money_bn(float(x), lang, decimals=1)[0]
        if unit == "pct":
            return _signed(x, 1) + "%"
        if unit == "months":
            return _signed(x, 1) + (" months" if lang == "en" else "个月" if lang == "zh-Hans" else "個月")
        return _signed(x, 1)
    if fmt == "day":
        d = pd.Timestamp(x)
        return f"{d.day} {d.strftime('%b')}" if lang == "en" else f"{d.month}月{d.day}日"
    if fmt == "money":
        return _signed(x, 1) if lang == "en" else _signed(float(x) * 10, 0)  # $bn -> 亿美元
    if fmt == "rate":
        return _signed(x, 3) + BASIS_MARK.get(str(row.get("basis")), "")
    if fmt == "ratio":
        return _signed(x, 2)
    if fmt == "share":
        return _signed(x, 1)
    if fmt == "bp":
        return _signed(x, 1)
    return str(x)


def table_cells(frame: pd.DataFrame, spec, lang: str) -> TableCells:
    """Headers and rows of a table-kind chart, in ``lang``."""
    i18n.check_lang(lang)
    cols = [c for c in spec.labels if c in frame.columns]
    formats = spec.extra.get("formats", {})
    rows, kinds = [], []
    for _, r in frame.iterrows():
        kind = str(r["row"]) if "row" in frame.columns else "row"
        # a total row has no rate, date or share: blank there (not applicable), "–" only where a value is missing
        rows.append(["" if kind == "total" and _missing(r[c]) else cell(formats.get(c, "text"), r[c], r, lang)
                     for c in cols])
        kinds.append(kind)
    return TableCells([t(spec.labels[c], lang) for c in cols], rows, [formats.get(c) in NUMERIC for c in cols], kinds,
                      [formats.get(c, "text") for c in cols])
