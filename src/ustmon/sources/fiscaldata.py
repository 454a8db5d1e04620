"""U.S. Treasury Fiscal Data API (Bureau of the Fiscal Service).

Base ``https://api.fiscaldata.treasury.gov/services/api/fiscal_service/``.
Every answer is JSON ``{"data": [...], "meta": {..., "total-count", "total-pages"},
"links": {...}}``; **every value is a string** and missing is the string
``"null"`` (-> NaN, never 0).  Paging is ``page[number]``/``page[size]`` (at
most 10000); :meth:`FiscalDataSource.fetch` follows ``meta["total-pages"]`` and
merges the pages into one ``{"data": [...]}`` document before parsing, so that
MTS Table 1's fiscal-year header rows and their month rows (and the newest
edition of a month) are seen together wherever the page breaks fall.  Errors
name the record number (1-based position in ``data``) as the line.

One parser kind, ``fiscaldata_json``; the dataset is recognised from the
endpoint in the origin URL, else from its fields.  Datasets and series:

``v1/accounting/mts/mts_table_1`` (Monthly Treasury Statement, Table 1)
    ``MTS.RECEIPTS.TOTAL``, ``MTS.OUTLAYS.TOTAL``, ``MTS.DEFICIT``
    (surplus + / deficit -), fields ``current_month_gross_rcpt_amt``,
    ``current_month_gross_outly_amt``, ``current_month_dfct_sur_amt``.
    Assumption (from the API's published rows): each edition (``record_date``)
    lists header rows ``FY 2026`` etc. and, under them (``parent_id`` =
    the header's ``classification_id``), one row per month named
    ``October`` ... ``September``; ``Year-to-Date`` rows are cumulative and
    ignored.  The month's calendar year follows from the fiscal year (October-
    December belong to FY-1).  A month appears in several editions; the
    newest edition's (most revised) value is kept.
``v1/accounting/mts/mts_table_9`` (receipts by source, outlays by function)
    ``current_month_rcpt_outly_amt`` of ``classification_desc`` lines.  Rows
    up to the first ``Total`` line are receipts, after it outlays.
    ``MTS.RECEIPTS.INDIVIDUAL_INCOME_TAX``, ``.CORPORATE_INCOME_TAX``,
    ``.SOCIAL_INSURANCE`` (the "Social Insurance and Retirement Receipts"
    line, or the sum of its sub-lines when the header line is "null"),
    ``.EXCISE_TAXES``, ``.ESTATE_GIFT_TAXES``, ``.CUSTOMS_DUTIES``,
    ``.MISCELLANEOUS`` and ``.OTHER`` (derived: Total minus individual,
    corporation, social insurance and customs, i.e. excise + estate and gift +
    miscellaneous); outlays ``MTS.OUTLAYS.NATIONAL_DEFENSE``, ``.HEALTH``
    (Medicaid is in Health), ``.MEDICARE``, ``.INCOME_SECURITY``,
    ``.SOCIAL_SECURITY``, ``.VETERANS``, ``.NET_INTEREST`` and ``.OTHER``
    (derived: Total minus those seven).  The Table 9 totals themselves are not
    stored (Table 1 is the source of the totals).
``v1/accounting/mts/mts_table_4`` (receipts by source, detail)
    ``MTS.RECEIPTS.FED_EARNINGS``: the "Deposits of Earnings by Federal
    Reserve Banks" line, ``current_month_net_rcpt_amt``.
``v1/debt/mspd/mspd_table_1`` (Monthly Statement of the Public Debt, $ millions)
    ``MSPD.MARKETABLE.BILLS|NOTES|BONDS|TIPS|FRN|TOTAL``,
    ``MSPD.NONMARKETABLE.TOTAL``, ``MSPD.TOTAL`` from ``total_mil_amt``; the
    same ids + ``.PUBLIC`` (``debt_held_public_mil_amt``) and ``.INTRAGOV``
    (``intragov_hold_mil_amt``).  Total lines are recognised whether the
    "Total Marketable" label sits in ``security_type_desc`` or
    ``security_class_desc`` (both layouts are seen in use).
``v2/accounting/od/debt_to_penny`` (daily, dollars)
    ``DTTP.TOTAL`` (``tot_pub_debt_out_amt``), ``DTTP.PUBLIC``
    (``debt_held_public_amt``), ``DTTP.INTRAGOV`` (``intragov_hold_amt``).
``v2/accounting/od/avg_interest_rates`` (percent)
    ``AIR.BILLS|NOTES|BONDS|TIPS|FRN`` (``security_type_desc`` Marketable),
    ``AIR.MARKETABLE.TOTAL`` ("Total Marketable"),
    ``AIR.TOTAL_INTEREST_BEARING`` ("Total Interest-bearing Debt").
``v2/accounting/od/interest_expense`` (dollars)
    ``INTEXP.TOTAL`` (sum of ``month_expense_amt`` over all lines of a month)
    and ``INTEXP.MARKETABLE`` (lines whose ``expense_catg_desc`` is interest
    on public issues and whose ``expense_type_desc`` is a marketable security:
    bills, notes, bonds, TIPS, FRNs).
``v1/accounting/od/auctions_query``
    auction records -> ``records["auctions"]`` in the tidy columns of
    :data:`ustmon.sources.treasurydirect.AUCTION_COLUMNS` (amounts in
    dollars; Fiscal Data's ``offering_amt`` is already dollars).  A
    pretty-printed ``{"data": [...]}`` without ``meta``/``links`` is accepted.

Units: MTS, Debt to the Penny and interest expense arrive in dollars.  The
catalog keeps them in ``usd_mn`` (like MSPD, FRED's MTSDS133FMS and OMB) and
the parser declares the payload unit through ``ParseResult.units`` (``usd``)
so the store converts; the parser itself never rescales.

Dates: daily series at ``record_date``; monthly series at the first day of
the month (``record_date`` is the month end; for MSPD and the average rates
the value is as of that month end).  Fiscal Data payloads do not state a
publication date, so ``ParseResult.vintage`` is None.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DuplicateDateError, MissingColumnError, SourceFormatError, TruncatedFileError
from ._text import check_not_html, decode_text, parse_date_column, parse_numeric_column
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations
from .treasurydirect import AUCTION_COLUMNS, auctions_result, tidy_auctions

NAME = "fiscaldata"
BASE = "https://api.fiscaldata.treasury.gov/services/api/fiscal_service/"
ATTRIBUTION = "Source: U.S. Department of the Treasury, Bureau of the Fiscal Service, Fiscal Data"
PAGE_SIZE = 10000
MISSING = ("", "null", "NULL", "None")

EP_MTS1 = "v1/accounting/mts/mts_table_1"
EP_MTS4 = "v1/accounting/mts/mts_table_4"
EP_MTS9 = "v1/accounting/mts/mts_table_9"
EP_MSPD1 = "v1/debt/mspd/mspd_table_1"
EP_DTTP = "v2/accounting/od/debt_to_penny"
EP_AIR = "v2/accounting/od/avg_interest_rates"
EP_INTEXP = "v2/accounting/od/interest_expense"
EP_AUCTIONS = "v1/accounting/od/auctions_query"
ENDPOINTS = [EP_MTS1, EP_MTS4, EP_MTS9, EP_MSPD1, EP_DTTP, EP_AIR, EP_INTEXP, EP_AUCTIONS]
#: the date field each endpoint is filtered and sorted on
_DATE_FIELD = {EP_AUCTIONS: "auction_date"}

_PAGES = {
    EP_MTS1: "https://fiscaldata.treasury.gov/datasets/monthly-treasury-statement/summary-of-receipts-outlays-and-the-deficit-surplus-of-the-u-s-government",
    EP_MTS4: "https://fiscaldata.treasury.gov/datasets/monthly-treasury-statement/receipts-of-the-u-s-government",
    EP_MTS9: "https://fiscaldata.treasury.gov/datasets/monthly-treasury-statement/summary-of-receipts-by-source-and-outlays-by-function-of-the-u-s-government",
    EP_MSPD1: "https://fiscaldata.treasury.gov/datasets/monthly-statement-public-debt/summary-of-treasury-securities-outstanding",
    EP_DTTP: "https://fiscaldata.treasury.gov/datasets/debt-to-the-penny/debt-to-the-penny",
    EP_AIR: "https://fiscaldata.treasury.gov/datasets/average-interest-rates-treasury-securities/average-interest-rates-on-u-s-treasury-securities",
    EP_INTEXP: "https://fiscaldata.treasury.gov/datasets/interest-expense-debt-outstanding/interest-expense-on-the-public-debt-outstanding",
}

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}

# --- catalog -------------------------------------------------------------------
_SPECS: list[tuple[str, str, str, str, str, str]] = []  # (id, title, endpoint, freq, unit, notes)


def _add(sid: str, title: str, ep: str, freq: str, unit: str, notes: str = "") -> None:
    _SPECS.append((sid, title, ep, freq, unit, notes))


_MTS_NOTE = "Monthly Treasury Statement; published in dollars, stored in $ millions; dated the first day of the month."
_add("MTS.RECEIPTS.TOTAL", "Total receipts (gross), monthly", EP_MTS1, "M", "usd_mn", _MTS_NOTE + " Newest edition wins.")
_add("MTS.OUTLAYS.TOTAL", "Total outlays (gross), monthly", EP_MTS1, "M", "usd_mn", _MTS_NOTE + " Newest edition wins.")
_add("MTS.DEFICIT", "Surplus (+) or deficit (-), monthly", EP_MTS1, "M", "usd_mn", _MTS_NOTE + " Newest edition wins.")
_RECEIPT_LINES = {
    "individual income taxes": ("INDIVIDUAL_INCOME_TAX", "Individual income taxes"),
    "corporation income taxes": ("CORPORATE_INCOME_TAX", "Corporation income taxes"),
    "social insurance and retirement receipts": ("SOCIAL_INSURANCE", "Social insurance and retirement receipts (payroll taxes)"),
    "excise taxes": ("EXCISE_TAXES", "Excise taxes"),
    "estate and gift taxes": ("ESTATE_GIFT_TAXES", "Estate and gift taxes"),
    "customs duties": ("CUSTOMS_DUTIES", "Customs duties"),
    "miscellaneous receipts": ("MISCELLANEOUS", "Miscellaneous receipts (includes Federal Reserve earnings)"),
}
_SOCIAL_SUBLINES = {"employment and general retirement", "unemployment insurance", "other retirement"}
_OUTLAY_LINES = {
    "national defense": ("NATIONAL_DEFENSE", "National defense"),
    "health": ("HEALTH", "Health (includes Medicaid)"),
    "medicare": ("MEDICARE", "Medicare"),
    "income security": ("INCOME_SECURITY", "Income security"),
    "social security": ("SOCIAL_SECURITY", "Social Security"),
    "veterans benefits and services": ("VETERANS", "Veterans benefits and services"),
    "net interest": ("NET_INTEREST", "Net interest"),
}
for _code, _title in _RECEIPT_LINES.values():
    _add(f"MTS.RECEIPTS.{_code}", f"Receipts: {_title}, monthly", EP_MTS9, "M", "usd_mn", _MTS_NOTE + " Table 9.")
_add("MTS.RECEIPTS.OTHER", "Receipts: other (total less individual, corporation, social insurance, customs), monthly",
     EP_MTS9, "M", "usd_mn", _MTS_NOTE + " Derived from Table 9: excise + estate and gift + miscellaneous.")
for _code, _title in _OUTLAY_LINES.values():
    _add(f"MTS.OUTLAYS.{_code}", f"Outlays: {_title}, monthly", EP_MTS9, "M", "usd_mn", _MTS_NOTE + " Table 9, by function.")
_add("MTS.OUTLAYS.OTHER", "Outlays: all other functions, monthly", EP_MTS9, "M", "usd_mn",
     _MTS_NOTE + " Derived from Table 9: total outlays less the seven functions listed separately.")
_add("MTS.RECEIPTS.FED_EARNINGS", "Receipts: deposits of earnings by the Federal Reserve, monthly", EP_MTS4, "M",
     "usd_mn", _MTS_NOTE + " Table 4, net receipts.")

_MSPD_LINES = {
    "MARKETABLE.BILLS": "marketable bills", "MARKETABLE.NOTES": "marketable notes",
    "MARKETABLE.BONDS": "marketable bonds", "MARKETABLE.TIPS": "marketable TIPS",
    "MARKETABLE.FRN": "marketable floating rate notes", "MARKETABLE.TOTAL": "total marketable",
    "NONMARKETABLE.TOTAL": "total nonmarketable", "TOTAL": "total public debt outstanding",
}
_MSPD_COLS = {"total_mil_amt": ("", "total"), "debt_held_public_mil_amt": (".PUBLIC", "held by the public"),
              "intragov_hold_mil_amt": (".INTRAGOV", "intragovernmental holdings")}
for _k, _t in _MSPD_LINES.items():
    for _suffix, _what in _MSPD_COLS.values():
        _add(f"MSPD.{_k}{_suffix}", f"MSPD {_t}, {_what}, end of month", EP_MSPD1, "M", "usd_mn",
             "Monthly Statement of the Public Debt Table 1, $ millions as published; value at the month end, dated "
             "the first day of the month.")
for _sid, _field, _t in [("DTTP.TOTAL", "tot_pub_debt_out_amt", "Total public debt outstanding"),
                         ("DTTP.PUBLIC", "debt_held_public_amt", "Debt held by the public"),
                         ("DTTP.INTRAGOV", "intragov_hold_amt", "Intragovernmental holdings")]:
    _add(_sid, f"Debt to the Penny: {_t}, daily", EP_DTTP, "D", "usd_mn",
         f"Field {_field}; published in dollars, stored in $ millions.")
_AIR_LINES = {"BILLS": "Treasury bills", "NOTES": "Treasury notes", "BONDS": "Treasury bonds",
              "TIPS": "TIPS", "TIPS.NOTES": "inflation-indexed notes (reported separately until 2004)",
              "TIPS.BONDS": "inflation-indexed bonds (reported separately until 2004)", "FRN": "floating rate notes", "MARKETABLE.TOTAL": "total marketable",
              "TOTAL_INTEREST_BEARING": "total interest-bearing debt"}
for _k, _t in _AIR_LINES.items():
    _add(f"AIR.{_k}", f"Average interest rate: {_t}, monthly", EP_AIR, "M", "pct",
         "Average interest rate on the month-end outstanding amount; dated the first day of the month.")
_add("INTEXP.TOTAL", "Interest expense on the public debt, total, monthly", EP_INTEXP, "M", "usd_mn",
     "Sum of month_expense_amt over all lines; published in dollars, stored in $ millions.")
_add("INTEXP.MARKETABLE", "Interest expense on marketable public issues, monthly", EP_INTEXP, "M", "usd_mn",
     "Public issues lines for bills, notes, bonds, TIPS and FRNs; published in dollars, stored in $ millions.")

_SERIES_EP = {s[0]: s[2] for s in _SPECS}
_PAYLOAD_UNIT = {s[0]: "usd" for s in _SPECS if s[2] in (EP_MTS1, EP_MTS4, EP_MTS9, EP_DTTP, EP_INTEXP)}


def _meta(spec: tuple[str, str, str, str, str, str]) -> SeriesMeta:
    sid, title, ep, freq, unit, notes = spec
    return SeriesMeta(id=sid, title=title, source=NAME, dataset=ep.rsplit("/", 1)[-1], frequency=freq, unit=unit,
                      url=_PAGES[ep], attribution=ATTRIBUTION, notes=notes)


_CATALOG = {s[0]: _meta(s) for s in _SPECS}


# --- helpers -------------------------------------------------------------------
def _load(raw: bytes, origin: str) -> list[dict]:
    check_not_html(raw, NAME, origin)
    text = decode_text(raw, NAME, origin)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        near_end = (exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"))
        cls = TruncatedFileError if near_end else SourceFormatError
        raise cls(NAME, origin, f"not valid JSON ({exc.msg}){'; truncated download?' if near_end else ''}",
                  line=exc.lineno) from None
    if isinstance(doc, dict) and "error" in doc and "data" not in doc:
        raise SourceFormatError(NAME, origin, f"API error: {str(doc.get('message') or doc.get('error'))[:120]}")
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise MissingColumnError(NAME, origin, "no 'data' array in the response", line=1, field="data")
    return doc["data"]


def _frame(rows: list[dict], origin: str, needed: list[str]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(rows)
    for f in needed:
        if f not in df.columns:
            raise MissingColumnError(NAME, origin, f"field {f!r} missing from the records (renamed?)", line=1, field=f)
    return df.astype(object).where(df.notna(), "null")


def _num(df: pd.DataFrame, field: str, origin: str) -> pd.Series:
    return parse_numeric_column(df[field], NAME, origin, field=field, line_offset=1, missing=MISSING)


def _dates(df: pd.DataFrame, origin: str, field: str = "record_date") -> pd.Series:
    return parse_date_column(df[field], "%Y-%m-%d", NAME, origin, field=field, line_offset=1)


def _month_start(d: pd.Series) -> pd.Series:
    return d.dt.to_period("M").dt.to_timestamp().astype("datetime64[ns]")


def _norm(s: pd.Series) -> pd.Series:
    return s.astype(str).str.strip().str.rstrip(":").str.strip().str.lower()


def _obs(sid: pd.Series, date: pd.Series, value: pd.Series, origin: str, *, rows: pd.Series | None = None,
         check_dups: bool = True) -> pd.DataFrame:
    out = pd.DataFrame({"series_id": sid.astype(object).to_numpy(), "date": date.to_numpy(),
                        "value": value.astype("float64").to_numpy()})
    if rows is not None:
        out["_row"] = rows.to_numpy()
    out = out[out["series_id"].notna()]
    if check_dups:
        dup = out.duplicated(["series_id", "date"])
        if dup.any():
            r = out[dup].iloc[0]
            line = int(r["_row"]) if "_row" in out.columns else None
            raise DuplicateDateError(NAME, origin, f"{r['series_id']} has two values for {pd.Timestamp(r['date']).date()}",
                                     line=line, field="record_date")
    out = out.drop(columns=["_row"], errors="ignore").sort_values(["series_id", "date"], kind="stable")
    out["date"] = out["date"].astype("datetime64[ns]")
    return out.reset_index(drop=True)


# --- dataset parsers -------------------------------------------------------------
def _parse_mts1(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    fields = ["record_date", "classification_id", "parent_id", "classification_desc",
              "current_month_gross_rcpt_amt", "current_month_gross_outly_amt", "current_month_dfct_sur_amt"]
    df = _frame(rows, origin, fields)
    rec = _dates(df, origin)
    desc = _norm(df["classification_desc"])
    fy = desc.str.extract(r"^fy\s*(\d{4})$")[0]
    key = rec.dt.strftime("%Y-%m-%d") + "|"
    fy_of = pd.Series(fy[fy.notna()].astype(int).to_numpy(), index=(key + df["classification_id"].astype(str))[fy.notna()])
    fy_of = fy_of[~fy_of.index.duplicated()]
    month = desc.map(_MONTHS)
    is_month = month.notna()
    parent_fy = (key + df["parent_id"].astype(str)).map(fy_of)
    if is_month.any() and parent_fy[is_month].isna().all():
        raise MissingColumnError(NAME, origin, "month rows have no 'FY YYYY' parent row (parent_id does not match any "
                                 "classification_id); cannot date them", field="parent_id")
    ok = is_month & parent_fy.notna()
    m = month[ok].astype(int)
    year = parent_fy[ok].astype(int) - (m >= 10).astype(int)
    date = pd.to_datetime(pd.DataFrame({"year": year, "month": m, "day": 1})).astype("datetime64[ns]")
    parts = []
    for sid, field in [("MTS.RECEIPTS.TOTAL", "current_month_gross_rcpt_amt"),
                       ("MTS.OUTLAYS.TOTAL", "current_month_gross_outly_amt"),
                       ("MTS.DEFICIT", "current_month_dfct_sur_amt")]:
        v = _num(df, field, origin)[ok]
        parts.append(pd.DataFrame({"series_id": sid, "date": date, "value": v, "edition": rec[ok]}))
    long = pd.concat(parts, ignore_index=True)
    # a month is restated in later editions: keep the newest edition's value
    long = long.sort_values(["series_id", "date", "edition"], kind="stable")
    n_before = len(long)
    long = long.drop_duplicates(["series_id", "date"], keep="last")
    notes = []
    if n_before > len(long):
        notes.append(f"{n_before - len(long)} older-edition values superseded by the newest edition")
    return _obs(long["series_id"], long["date"], long["value"], origin, check_dups=False), notes


def _parse_mts9(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    df = _frame(rows, origin, ["record_date", "classification_desc", "current_month_rcpt_outly_amt"])
    df["_row"] = np.arange(1, len(df) + 1)
    df["_date"] = _month_start(_dates(df, origin))
    df["_v"] = _num(df, "current_month_rcpt_outly_amt", origin)
    df["_desc"] = _norm(df["classification_desc"])
    order = _num(df, "src_line_nbr", origin) if "src_line_nbr" in df.columns else pd.Series(df["_row"], dtype=float)
    df = df.assign(_order=order.fillna(df["_row"])).sort_values(["_date", "_order"], kind="stable")
    is_total = df["_desc"].str.fullmatch(r"total( receipts| outlays)?")
    # section 0 = receipts (up to and including the first Total), 1 = outlays
    df["_section"] = is_total.groupby(df["_date"]).transform(lambda s: s.cumsum().shift(fill_value=0)).clip(upper=1)
    rec = df[df["_section"] == 0]
    out = df[df["_section"] == 1]
    parts = []

    def pick(frame: pd.DataFrame, lines: dict[str, tuple[str, str]], prefix: str) -> pd.DataFrame:
        code = frame["_desc"].map({k: v[0] for k, v in lines.items()})
        sel = frame[code.notna()]
        return pd.DataFrame({"series_id": prefix + code[code.notna()], "date": sel["_date"], "value": sel["_v"],
                             "_row": sel["_row"]})

    r = pick(rec, _RECEIPT_LINES, "MTS.RECEIPTS.")
    # social insurance header line may be "null" with its value on the sub-lines
    subs = rec[rec["_desc"].isin(_SOCIAL_SUBLINES)].groupby("_date")["_v"].sum(min_count=1)
    si = r["series_id"] == "MTS.RECEIPTS.SOCIAL_INSURANCE"
    r.loc[si, "value"] = r.loc[si, "value"].fillna(r.loc[si, "date"].map(subs))
    o = pick(out, _OUTLAY_LINES, "MTS.OUTLAYS.")
    parts += [r, o]
    for frame, named, sid, ex in [(rec, r, "MTS.RECEIPTS.OTHER", {"MTS.RECEIPTS.INDIVIDUAL_INCOME_TAX",
                                   "MTS.RECEIPTS.CORPORATE_INCOME_TAX", "MTS.RECEIPTS.SOCIAL_INSURANCE",
                                   "MTS.RECEIPTS.CUSTOMS_DUTIES"}),
                                  (out, o, "MTS.OUTLAYS.OTHER", None)]:
        tot = frame[frame["_desc"].str.fullmatch(r"total( receipts| outlays)?")].groupby("_date")["_v"].first()
        use = named if ex is None else named[named["series_id"].isin(ex)]
        # NaN in any component makes "other" NaN: missing stays missing
        comp = use.groupby("date")["value"].sum(min_count=1)
        nan_any = use["value"].isna().groupby(use["date"]).any()
        other = (tot - comp.reindex(tot.index)).where(~nan_any.reindex(tot.index, fill_value=True))
        parts.append(pd.DataFrame({"series_id": sid, "date": other.index, "value": other.to_numpy(), "_row": np.nan}))
    long = pd.concat(parts, ignore_index=True)
    return _obs(long["series_id"], long["date"], long["value"], origin, rows=long["_row"]), []


def _parse_mts4(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    df = _frame(rows, origin, ["record_date", "classification_desc"])
    field = "current_month_net_rcpt_amt" if "current_month_net_rcpt_amt" in df.columns else "current_month_gross_rcpt_amt"
    if field not in df.columns:
        raise MissingColumnError(NAME, origin, "no current_month_net_rcpt_amt field (renamed?)", line=1,
                                 field="current_month_net_rcpt_amt")
    rec = _month_start(_dates(df, origin))
    v = _num(df, field, origin)
    fed = df["classification_desc"].astype(str).str.contains(r"deposits? of earnings.*federal reserve", case=False, regex=True)
    first = fed & ~pd.DataFrame({"d": rec, "f": fed}).duplicated(["d", "f"])
    sid = pd.Series(np.where(first, "MTS.RECEIPTS.FED_EARNINGS", None), index=df.index)
    return _obs(sid, rec, v, origin, rows=pd.Series(np.arange(1, len(df) + 1))), []


def _mspd_key(type_desc: pd.Series, class_desc: pd.Series) -> pd.Series:
    t, c = _norm(type_desc), _norm(class_desc)
    label = c.where(~c.isin(["null", "", "nan"]), t)
    key = pd.Series(None, index=t.index, dtype=object)
    marketable = t == "marketable"
    for pat, k in [(r"bills?", "MARKETABLE.BILLS"), (r"notes?", "MARKETABLE.NOTES"), (r"bonds?", "MARKETABLE.BONDS"),
                   (r"(treasury )?inflation.*", "MARKETABLE.TIPS"), (r"(treasury )?floating rate notes?.*", "MARKETABLE.FRN")]:
        key[marketable & label.str.fullmatch(pat)] = k
    for lab, k in [("total marketable", "MARKETABLE.TOTAL"), ("total nonmarketable", "NONMARKETABLE.TOTAL"),
                   ("total public debt outstanding", "TOTAL")]:
        key[(label == lab) | (t == lab)] = k
    return key


def _parse_mspd1(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    df = _frame(rows, origin, ["record_date", "security_type_desc", "security_class_desc", *_MSPD_COLS])
    d = _month_start(_dates(df, origin))
    key = _mspd_key(df["security_type_desc"], df["security_class_desc"])
    rows_no = pd.Series(np.arange(1, len(df) + 1))
    parts = []
    for field, (suffix, _) in _MSPD_COLS.items():
        v = _num(df, field, origin)
        sid = ("MSPD." + key + suffix).where(key.notna(), None)
        parts.append(pd.DataFrame({"s": sid, "d": d, "v": v, "r": rows_no.to_numpy()}))
    long = pd.concat(parts, ignore_index=True)
    return _obs(long["s"], long["d"], long["v"], origin, rows=long["r"]), []


def _parse_dttp(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    fields = {"tot_pub_debt_out_amt": "DTTP.TOTAL", "debt_held_public_amt": "DTTP.PUBLIC",
              "intragov_hold_amt": "DTTP.INTRAGOV"}
    df = _frame(rows, origin, ["record_date", *fields])
    d = _dates(df, origin)
    rows_no = pd.Series(np.arange(1, len(df) + 1))
    long = pd.concat([pd.DataFrame({"s": sid, "d": d, "v": _num(df, f, origin), "r": rows_no.to_numpy()})
                      for f, sid in fields.items()], ignore_index=True)
    return _obs(long["s"], long["d"], long["v"], origin, rows=long["r"]), []


def _parse_air(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    df = _frame(rows, origin, ["record_date", "security_type_desc", "security_desc", "avg_interest_rate_amt"])
    d = _month_start(_dates(df, origin))
    v = _num(df, "avg_interest_rate_amt", origin)
    t, s = _norm(df["security_type_desc"]), _norm(df["security_desc"])
    sid = pd.Series(None, index=df.index, dtype=object)
    mk = t == "marketable"
    for pat, k in [(r"treasury bills?", "AIR.BILLS"), (r"treasury notes?", "AIR.NOTES"), (r"treasury bonds?", "AIR.BONDS"),
                   (r"treasury inflation.*", "AIR.TIPS"), (r"treasury floating rate notes?.*", "AIR.FRN"),
                   # until 2004 Treasury reported TIPS on two lines: keep each line its own series
                   (r"treasury inflation-indexed notes?", "AIR.TIPS.NOTES"),
                   (r"treasury inflation-indexed bonds?", "AIR.TIPS.BONDS")]:
        sid[mk & s.str.fullmatch(pat)] = k
    sid[s == "total marketable"] = "AIR.MARKETABLE.TOTAL"
    sid[s == "total interest-bearing debt"] = "AIR.TOTAL_INTEREST_BEARING"
    return _obs(sid, d, v, origin, rows=pd.Series(np.arange(1, len(df) + 1))), []


_MARKETABLE_TYPES = r"(treasury )?(bills?|notes?|bonds?|inflation.*|floating rate notes?.*|tips|frn)"


def _parse_intexp(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    df = _frame(rows, origin, ["record_date", "expense_catg_desc", "expense_type_desc", "month_expense_amt"])
    d = _month_start(_dates(df, origin))
    v = _num(df, "month_expense_amt", origin)
    catg, typ = _norm(df["expense_catg_desc"]), _norm(df["expense_type_desc"])
    mkt = catg.str.contains("public issues") & typ.str.fullmatch(_MARKETABLE_TYPES)
    total = v.groupby(d).sum(min_count=1).where(v.isna().groupby(d).sum() == 0)
    marketable = v[mkt].groupby(d[mkt]).sum(min_count=1)
    long = pd.concat([pd.DataFrame({"s": "INTEXP.TOTAL", "d": total.index, "v": total.to_numpy()}),
                      pd.DataFrame({"s": "INTEXP.MARKETABLE", "d": marketable.index, "v": marketable.to_numpy()})])
    return _obs(long["s"], long["d"], long["v"], origin), []


_PARSERS = {EP_MTS1: _parse_mts1, EP_MTS4: _parse_mts4, EP_MTS9: _parse_mts9, EP_MSPD1: _parse_mspd1,
            EP_DTTP: _parse_dttp, EP_AIR: _parse_air, EP_INTEXP: _parse_intexp}

# field signatures, for payloads whose origin does not name the endpoint (mirror files)
_SIGNATURES = [
    (EP_AUCTIONS, {"cusip", "bid_to_cover_ratio"}), (EP_DTTP, {"tot_pub_debt_out_amt"}),
    (EP_MSPD1, {"total_mil_amt", "security_class_desc"}), (EP_AIR, {"avg_interest_rate_amt"}),
    (EP_INTEXP, {"month_expense_amt"}), (EP_MTS1, {"current_month_dfct_sur_amt"}),
    (EP_MTS4, {"current_month_net_rcpt_amt"}), (EP_MTS9, {"current_month_rcpt_outly_amt"}),
]


def detect_endpoint(rows: list[dict], origin: str) -> str:
    for ep in sorted(ENDPOINTS, key=len, reverse=True):
        if re.search(re.escape(ep) + r"(?![\w/])", origin) or origin.rstrip("/").endswith(ep.rsplit("/", 1)[-1]):
            return ep
    if rows and isinstance(rows[0], dict):
        keys = set(rows[0])
        for ep, sig in _SIGNATURES:
            if sig <= keys:
                if ep == EP_MTS9 and str(rows[0].get("table_nbr", "9")) not in ("9", "null"):
                    continue
                return ep
    raise MissingColumnError(NAME, origin, "cannot tell which Fiscal Data dataset this is (unknown endpoint and fields)",
                             line=1)


class FiscalDataSource(Source):
    """Treasury's Fiscal Data API: MTS, MSPD, Debt to the Penny, average rates, interest expense, auctions."""

    name = NAME
    title = "U.S. Treasury Fiscal Data (Bureau of the Fiscal Service)"
    mirror_subdirs = ("fiscaldata", "auctions")
    attribution = ATTRIBUTION
    expected_update_days = 31

    def catalog(self) -> list[SeriesMeta]:
        return list(_CATALOG.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        if series is None:
            eps = list(ENDPOINTS)
        else:
            eps = [ep for ep in ENDPOINTS if any(_SERIES_EP.get(s) == ep for s in series)]
        out = []
        for ep in eps:
            date_field = _DATE_FIELD.get(ep, "record_date")
            params: dict[str, str | int] = {"sort": date_field, "page[number]": 1, "page[size]": PAGE_SIZE}
            if since is not None:
                start = pd.Timestamp(since)
                if ep == EP_MTS1:
                    # an edition lists its whole fiscal year: start at the October that opens since's FY
                    start = pd.Timestamp(start.year - (start.month < 10), 10, 1)
                params["filter"] = f"{date_field}:gte:{start:%Y-%m-%d}"
            out.append(Request(source=NAME, kind="fiscaldata_json", url=BASE + ep, params=params,
                               description=f"Fiscal Data {ep}"))
        return out

    def fetch(self, request: Request, http) -> list[tuple[bytes, str]]:
        """Follow ``meta["total-pages"]`` and merge the pages into one ``{"data": [...]}`` payload."""
        raw, origin = http.get(request.url, params=request.params, secret_params=request.secret_params)
        try:
            doc = json.loads(raw)
            pages = int(doc.get("meta", {}).get("total-pages") or 1)
        except (ValueError, AttributeError, TypeError):
            return [(raw, origin)]  # let parse() report what is wrong with it
        if pages <= 1:
            return [(raw, origin)]
        data = list(doc.get("data") or [])
        for page in range(2, pages + 1):
            params = {**request.params, "page[number]": page}
            more, more_origin = http.get(request.url, params=params, secret_params=request.secret_params)
            try:
                more_doc = json.loads(more)
            except ValueError:
                return [(more, more_origin)]  # parse() names the bad page
            if not isinstance(more_doc, dict) or not isinstance(more_doc.get("data"), list):
                return [(more, more_origin)]
            data.extend(more_doc["data"])
        meta = {**doc.get("meta", {}), "count": len(data), "merged-pages": pages}
        merged = json.dumps({"data": data, "meta": meta}).encode()
        return [(merged, origin)]

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        out = []
        for sub in ("fiscaldata", "auctions"):
            d = Path(mirror) / sub
            if d.is_dir():
                out += [MirrorFile(p, "fiscaldata_json") for p in sorted(d.rglob("*.json"))
                        if p.name.startswith(("fiscaldata_", "mts_", "mspd_", "debt_to_penny", "avg_interest",
                                              "interest_expense", "auctions_query"))]
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind != "fiscaldata_json":
            raise ValueError(f"fiscaldata: unknown parser kind {kind!r}")
        rows = _load(raw, origin)
        ep = detect_endpoint(rows, origin)
        if ep == EP_AUCTIONS:
            if not rows:
                return auctions_result(NAME, origin, pd.DataFrame({c: pd.Series(dtype=object) for c in AUCTION_COLUMNS}))
            frame = pd.DataFrame.from_records(rows).astype(object)
            frame = frame.where(frame.notna(), "null").astype(str)
            df = tidy_auctions(frame, "fiscal", NAME, origin, line_offset=1, date_format="%Y-%m-%d")
            return auctions_result(NAME, origin, df)
        if not rows:
            return ParseResult(NAME, origin, empty_observations(), {}, notes=[f"{ep}: no records"])
        obs, notes = _PARSERS[ep](rows, origin)
        sids = set(obs["series_id"].unique())
        return ParseResult(source=NAME, origin=origin, observations=obs,
                           series={s: _CATALOG[s] for s in sids},
                           units={s: _PAYLOAD_UNIT[s] for s in sids if s in _PAYLOAD_UNIT}, notes=notes)


SOURCE = FiscalDataSource()
