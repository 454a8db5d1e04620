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

Two parser kinds: ``fiscaldata_json`` (API answers) and ``fiscaldata_csv``
(the website's "Download" CSV, whose display-label header
:mod:`ustmon.sources.fiscaldata_csv` maps back to the API field names, so the
same dataset parsers read both; errors then name the file line).  The dataset
is recognised from the endpoint in the origin URL, else from its fields (JSON)
or header labels (CSV).  A Fiscal Data answer or download of a data set not
listed here is **skipped**: the result has no observations and one note
starting ``skipped:``.  Datasets and series:

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
    ``security_class_desc`` (both layouts are seen in use; the download puts
    ``_`` in the class column).  Label history: the grand total is "Total
    Treasury Securities Outstanding" in 2001-01/02 (-> ``MSPD.TOTAL``); TIPS
    are two lines "Inflation-Indexed Notes" / "Inflation-Indexed Bonds" until
    2004-05 -> ``MSPD.MARKETABLE.TIPS_NOTES`` / ``.TIPS_BONDS`` (one line
    "Treasury Inflation-Protected Securities" -> ``MSPD.MARKETABLE.TIPS`` from
    2004-06; add the two for a continuous TIPS total); FRNs from 2014-01; the
    "Federal Financing Bank" line -> ``MSPD.MARKETABLE.FFB`` (absent in some
    months).
``v1/debt/mspd/mspd_table_3`` and ``v1/debt/mspd/mspd_table_3_market`` (MSPD Table 3, detail)
    Records ``records["mspd_securities"]``, keys ``record_date``, ``cusip``:
    one row per marketable CUSIP outstanding at the month end
    (:data:`MSPD3_COLUMNS`): ``record_date`` (ISO text), ``security_class``
    (bills, notes, bonds, tips, frn), ``security_class_desc`` as published
    (``security_class1_desc``), ``interest_rate_pct``, ``yield_pct`` and
    ``issue_date`` of the earliest tranche, ``maturity_date``,
    ``outstanding_mil`` ($mn; the file puts a CUSIP's outstanding amount on
    exactly one tranche row, ``null`` on the reopenings; for TIPS it includes
    the inflation adjustment), ``issued_mil``, ``inflation_adjusted_mil``
    (TIPS only) and ``redeemed_mil`` summed over tranches, ``tranches``,
    ``last_issue_date``.  The CUSIP is ``security_class2_desc``; rows are not
    in line order.  The Federal Financing Bank line has no CUSIP: it is the
    series ``MSPD3.FFB``, not a record.  Subtotal lines are not securities:
    instead, each class's CUSIPs must add up to its "Total Unmatured Treasury
    Bills/Notes/Bonds" line within :data:`MSPD3_TOLERANCE`, else the file is
    refused (BadValueError naming that line).  ``*`` (under $500 thousand) is
    read as missing.  Subtotals as series ($mn, first day of the month):
    ``MSPD3.BILLS|NOTES|BONDS.UNMATURED``, ``MSPD3.BILLS|NOTES|BONDS|TIPS|FRN.TOTAL``,
    ``MSPD3.FFB``, ``MSPD3.MARKETABLE.TOTAL``, ``MSPD3.NONMARKETABLE.TOTAL``,
    ``MSPD3.TOTAL``.
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
    The website download (``Auctions_Query_*.csv``: CUSIP, type, term, dates,
    price per $100 and file names, **no** rates, amounts or bidders) ->
    ``records["auctioned_securities"]``, keys ``cusip``, ``auction_date``,
    columns :data:`AUCTIONED_COLUMNS` (``results_xml`` = the competitive
    results XML file name, e.g. ``R_20220510_1.xml``; securities announced but
    not yet auctioned have no price and no results).
``v1/accounting/dts/operating_cash_balance`` (Daily Treasury Statement Table I, $mn)
    ``DTS.TGA.CLOSE`` and ``DTS.TGA.OPEN``, daily.  From 2022-04-18 four
    lines a day: "Treasury General Account (TGA) Opening Balance", "Total TGA
    Deposits (Table II)", "Total TGA Withdrawals (Table II) (-)", "Treasury
    General Account (TGA) Closing Balance" (the closing balance repeated in
    the opening-balance columns; the API leaves ``close_today_bal`` null).
    Before: one line per account, "Federal Reserve Account" (to 2021-09-30),
    then "Treasury General Account (TGA)", with ``close_today_bal`` in the API;
    the website download has **no closing column**, so there the closing
    balance of a day is the next statement day's opening balance in the same
    file (the statement's identity; a note says how many were so taken).
``v1/accounting/dts/public_debt_transactions`` (DTS Table III-A, $mn)
    Marketable lines only, "today" as ``DTS.<id>`` and month-to-date as
    ``DTS.<id>.MTD``, daily (``Table Number`` III-A until 2022-09-09, IIIA
    after; not used).  Map (transaction type / security type / description):
    Issues/Bills/Regular Series -> ``ISSUES.BILLS.REGULAR``;
    Issues/Bills/Cash Management Series -> ``ISSUES.BILLS.CMB``; Issues/Notes ->
    ``ISSUES.NOTES``; Issues/Bonds -> ``ISSUES.BONDS``; Issues/Inflation-
    Protected Securities Increment -> ``ISSUES.TIPS_INCREMENT`` (the inflation
    accrual on TIPS principal: the statement has no TIPS cash-issue line,
    TIPS issues are inside Notes and Bonds, FRNs inside Notes); Issues/Federal
    Financing Bank -> ``ISSUES.FFB``; Redemptions/Bills|Notes|Bonds|Federal
    Financing Bank -> ``REDEMPTIONS.BILLS|NOTES|BONDS|FFB``.  ``ISSUES.TIPS``,
    ``ISSUES.FRN``, ``REDEMPTIONS.TIPS``, ``REDEMPTIONS.FRN`` are read only
    if a statement has such lines (the 2021-2026 download has none).  The
    statement has no total lines; ``DTS.ISSUES.BILLS`` (and ``.MTD``) is the
    derived sum of regular and CMB bill issues on days with both lines.
``v1/accounting/mts/mts_table_5`` (MTS Table 5, outlays by agency and account)
    ``MTS5.<sequence_number_cd>`` (e.g. ``MTS5.16.7.5``), current month
    gross outlays (``current_month_gross_outly_amt``; dollars, stored in $mn),
    monthly; the catalog entry (title = the line's ``classification_desc``)
    is made when the payload is parsed.  A ``fields=``-filtered answer is
    enough: the mirror's ``ustfd_sample-response_mts_table_5_2021.json`` (six
    fields, the four refundable-credit lines 16.7.5-16.7.8 of 2021) is one,
    picked by content like every envelope.  Known-since follows the MTS
    calendar (eighth business day after the month), as for Tables 1, 4 and 9.

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

from ..errors import (
    BadDateError,
    BadValueError,
    DuplicateDateError,
    MissingColumnError,
    SourceFormatError,
    TruncatedFileError,
)
from ._text import DATE_MAX, DATE_MIN, check_not_html, decode_text, parse_date_column, parse_numeric_column
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations
from .fiscaldata_csv import looks_like_export, read_export
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
EP_MTS5 = "v1/accounting/mts/mts_table_5"
EP_MSPD3 = "v1/debt/mspd/mspd_table_3"
EP_MSPD3M = "v1/debt/mspd/mspd_table_3_market"
EP_DTS_OCB = "v1/accounting/dts/operating_cash_balance"
EP_DTS_PDT = "v1/accounting/dts/public_debt_transactions"
#: endpoints an update asks the live API for (MSPD Table 3 and MTS Table 5 are read when given, not fetched)
ENDPOINTS = [EP_MTS1, EP_MTS4, EP_MTS9, EP_MSPD1, EP_DTTP, EP_AIR, EP_INTEXP, EP_AUCTIONS, EP_DTS_OCB, EP_DTS_PDT]
#: every endpoint the parser recognises
KNOWN_ENDPOINTS = [*ENDPOINTS, EP_MTS5, EP_MSPD3, EP_MSPD3M]
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
    EP_MTS5: "https://fiscaldata.treasury.gov/datasets/monthly-treasury-statement/outlays-of-the-u-s-government",
    EP_MSPD3: "https://fiscaldata.treasury.gov/datasets/monthly-statement-public-debt/detail-of-treasury-securities-outstanding",
    EP_DTS_OCB: "https://fiscaldata.treasury.gov/datasets/daily-treasury-statement/operating-cash-balance",
    EP_DTS_PDT: "https://fiscaldata.treasury.gov/datasets/daily-treasury-statement/public-debt-transactions",
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
    "MARKETABLE.TIPS_NOTES": "marketable inflation-indexed notes (a line of its own until 2004-05)",
    "MARKETABLE.TIPS_BONDS": "marketable inflation-indexed bonds (a line of its own until 2004-05)",
    "MARKETABLE.FFB": "marketable Federal Financing Bank securities",
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

_MSPD3_LINES = {
    "BILLS.UNMATURED": ("bills", "total unmatured treasury bills", "unmatured Treasury bills"),
    "BILLS.TOTAL": ("bills", "total treasury bills", "Treasury bills (unmatured and matured)"),
    "NOTES.UNMATURED": ("notes", "total unmatured treasury notes", "unmatured Treasury notes"),
    "NOTES.TOTAL": ("notes", "total treasury notes", "Treasury notes (unmatured and matured)"),
    "BONDS.UNMATURED": ("bonds", "total unmatured treasury bonds", "unmatured Treasury bonds"),
    "BONDS.TOTAL": ("bonds", "total treasury bonds", "Treasury bonds (unmatured and matured)"),
    "TIPS.TOTAL": ("tips", "total treasury tips", "TIPS (inflation-adjusted principal)"),
    "FRN.TOTAL": ("frn", "total treasury floating rate notes", "floating rate notes"),
    "FFB": ("ffb", "federal financing bank", "Federal Financing Bank securities"),
    "MARKETABLE.TOTAL": (None, "total marketable", "total marketable"),
    "NONMARKETABLE.TOTAL": (None, "total nonmarketable", "total nonmarketable"),
    "TOTAL": (None, "total public debt outstanding", "total public debt outstanding"),
}
for _k, (_c, _lab, _t) in _MSPD3_LINES.items():
    _add(f"MSPD3.{_k}", f"MSPD Table 3 subtotal: {_t}, end of month", EP_MSPD3, "M", "usd_mn",
         f"Monthly Statement of the Public Debt Table 3 line '{_lab}' (outstanding amount, $ millions as "
         "published); value at the month end, dated the first day of the month.")
_DTS_NOTE = ("Daily Treasury Statement Table III-A (public debt transactions), $ millions, dated the business day. "
             "The .MTD id is the month-to-date total (its month-end value is the month's total).")
_DTS_LINES = {
    "ISSUES.BILLS.REGULAR": "bill issues, regular series", "ISSUES.BILLS.CMB": "bill issues, cash management series",
    "ISSUES.BILLS": "bill issues, regular + cash management (derived sum)",
    "ISSUES.NOTES": "note issues (fixed-rate notes, TIPS notes and FRNs: DTS has one Notes line)",
    "ISSUES.BONDS": "bond issues (including TIPS bonds)",
    "ISSUES.TIPS_INCREMENT": "Inflation-Protected Securities Increment (inflation accrual on TIPS principal, not cash issues)",
    "ISSUES.TIPS": "TIPS issues (only where the statement has a TIPS issue line)",
    "ISSUES.FRN": "floating rate note issues (only where the statement has an FRN line)",
    "ISSUES.FFB": "Federal Financing Bank issues",
    "REDEMPTIONS.BILLS": "bill redemptions", "REDEMPTIONS.NOTES": "note redemptions",
    "REDEMPTIONS.BONDS": "bond redemptions",
    "REDEMPTIONS.TIPS": "TIPS redemptions (only where the statement has a TIPS line)",
    "REDEMPTIONS.FRN": "floating rate note redemptions (only where the statement has an FRN line)",
    "REDEMPTIONS.FFB": "Federal Financing Bank redemptions",
}
for _k, _t in _DTS_LINES.items():
    _add(f"DTS.{_k}", f"DTS marketable {_t}, daily", EP_DTS_PDT, "D", "usd_mn", _DTS_NOTE)
    _add(f"DTS.{_k}.MTD", f"DTS marketable {_t}, month to date", EP_DTS_PDT, "D", "usd_mn", _DTS_NOTE)
_add("DTS.TGA.CLOSE", "Treasury General Account closing balance (DTS Table I), daily", EP_DTS_OCB, "D", "usd_mn",
     "Daily Treasury Statement operating cash balance, $ millions. From 2022-04-18 the 'Treasury General Account "
     "(TGA) Closing Balance' line; before, the closing balance of the 'Federal Reserve Account' (to 2021-09-30) / "
     "'Treasury General Account (TGA)' line. The website CSV download of the old layout has no closing column: "
     "there a day's closing balance is the next statement day's opening balance in the same file.")
_add("DTS.TGA.OPEN", "Treasury General Account opening balance (DTS Table I), daily", EP_DTS_OCB, "D", "usd_mn",
     "Daily Treasury Statement operating cash balance, opening balance today, $ millions.")

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


def _first_line(obj) -> int:
    """Line of the first row: 1 for JSON records (record number), 2 for a CSV under its header (``attrs``)."""
    return int(obj.attrs.get("first_line", 1)) if isinstance(obj, pd.DataFrame) else 1


def _frame(rows: list[dict] | pd.DataFrame, origin: str, needed: list[str]) -> pd.DataFrame:
    """Records (JSON) or a CSV download's frame -> text frame; a missing field is named."""
    first = _first_line(rows)
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(rows)
    for f in needed:
        if f not in df.columns:
            raise MissingColumnError(NAME, origin, f"field {f!r} missing from the records (renamed?)",
                                     line=first - 1 if first > 1 else 1, field=f)
    df = df.astype(object).where(df.notna(), "null")
    df.attrs["first_line"] = first
    return df


def _lines(df: pd.DataFrame) -> pd.Series:
    """File line (CSV) or record number (JSON) of every row of a frame made by :func:`_frame`."""
    first = _first_line(df)
    return pd.Series(np.arange(first, first + len(df)), index=df.index)


def _num(df: pd.DataFrame, field: str, origin: str, missing: tuple[str, ...] = MISSING) -> pd.Series:
    return parse_numeric_column(df[field], NAME, origin, field=field, line_offset=_first_line(df), missing=missing)


def _dates(df: pd.DataFrame, origin: str, field: str = "record_date") -> pd.Series:
    return parse_date_column(df[field], "%Y-%m-%d", NAME, origin, field=field, line_offset=_first_line(df))


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
    df["_row"] = _lines(df)
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
    return _obs(sid, rec, v, origin, rows=_lines(df)), []


def _mspd_key(type_desc: pd.Series, class_desc: pd.Series) -> pd.Series:
    t, c = _norm(type_desc), _norm(class_desc)
    # total rows: the label in the type column and "_" (CSV download) or "null" in the class column
    label = c.where(~c.isin(["null", "", "nan", "_"]), t)
    key = pd.Series(None, index=t.index, dtype=object)
    marketable = t == "marketable"
    for pat, k in [(r"bills?", "MARKETABLE.BILLS"), (r"notes?", "MARKETABLE.NOTES"), (r"bonds?", "MARKETABLE.BONDS"),
                   (r"(treasury )?inflation.*", "MARKETABLE.TIPS"),
                   # until 2004-05 TIPS were two lines: each keeps its own series
                   (r"(treasury )?inflation-indexed notes?", "MARKETABLE.TIPS_NOTES"),
                   (r"(treasury )?inflation-indexed bonds?", "MARKETABLE.TIPS_BONDS"),
                   (r"(treasury )?floating rate notes?.*", "MARKETABLE.FRN"),
                   (r"federal financing bank", "MARKETABLE.FFB")]:
        key[marketable & label.str.fullmatch(pat)] = k
    for labs, k in [(("total marketable",), "MARKETABLE.TOTAL"), (("total nonmarketable",), "NONMARKETABLE.TOTAL"),
                    (("total public debt outstanding", "total treasury securities outstanding"), "TOTAL")]:
        key[label.isin(labs) | t.isin(labs)] = k
    return key


def _parse_mspd1(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    df = _frame(rows, origin, ["record_date", "security_type_desc", "security_class_desc", *_MSPD_COLS])
    d = _month_start(_dates(df, origin))
    key = _mspd_key(df["security_type_desc"], df["security_class_desc"])
    rows_no = _lines(df)
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
    rows_no = _lines(df)
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
    return _obs(sid, d, v, origin, rows=_lines(df)), []


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


# --- MSPD Table 3 (detail by CUSIP) ---------------------------------------------------------
MSPD3_DATASET = "mspd_securities"
MSPD3_KEYS = ["record_date", "cusip"]
MSPD3_COLUMNS = ["record_date", "cusip", "security_class", "security_class_desc", "interest_rate_pct", "yield_pct",
                 "issue_date", "maturity_date", "outstanding_mil", "issued_mil", "inflation_adjusted_mil",
                 "redeemed_mil", "tranches", "last_issue_date"]
_MSPD3_CLASS = [(r"bills?( maturity value)?", "bills"), (r"notes?", "notes"), (r"bonds?", "bonds"),
                (r"(treasury )?inflation.*", "tips"), (r"(treasury )?floating rate notes?", "frn"),
                (r"federal financing bank", "ffb")]
_CUSIP = r"[0-9A-Z]{8}[0-9]"
#: a class's CUSIPs must add up to its "Total Unmatured ..." line within this ($ millions; the file has 4 decimals)
MSPD3_TOLERANCE = 0.05


def _mspd3_class(c1: pd.Series) -> pd.Series:
    out = pd.Series(None, index=c1.index, dtype=object)
    for pat, k in _MSPD3_CLASS:
        out[c1.str.fullmatch(pat)] = k
    return out


def _dates_at(values: pd.Series, lines: pd.Series, field: str, origin: str) -> pd.Series:
    """ISO dates of some rows of a frame; a bad one names its own line."""
    out = pd.to_datetime(values.astype(str).str.strip(), format="%Y-%m-%d", errors="coerce")
    bad = out.isna()
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise BadDateError(NAME, origin, f"bad date {str(values.iloc[pos])!r} (expected %Y-%m-%d)",
                           line=int(lines.iloc[pos]), field=field)
    sec = out.to_numpy().astype("datetime64[s]")
    far = (sec < np.datetime64(DATE_MIN.date(), "s")) | (sec > np.datetime64(DATE_MAX.date(), "s"))
    if far.any():  # year 1 or 9999 would overflow the date type: never a crash or a silent wrap
        pos = int(np.flatnonzero(far)[0])
        raise BadDateError(NAME, origin, f"date {str(values.iloc[pos]).strip()!r} is outside "
                           f"{DATE_MIN.year}..{DATE_MAX.year}", line=int(lines.iloc[pos]), field=field)
    return out.astype("datetime64[ns]")


def _parse_mspd3(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str], dict[str, pd.DataFrame]]:
    """MSPD Table 3 (``mspd_table_3`` or ``mspd_table_3_market``): CUSIP records, subtotal series, bill check."""
    df = _frame(rows, origin, ["record_date", "security_type_desc", "security_class1_desc", "security_class2_desc",
                               "issue_date", "maturity_date", "issued_amt", "outstanding_amt"])
    for f in ["interest_rate_pct", "yield_pct", "inflation_adj_amt", "redeemed_amt", "current_month_outstanding_amt"]:
        if f not in df.columns:
            df[f] = "null"
    line = _lines(df)
    rec = _dates(df, origin)
    t, c1, c2 = _norm(df["security_type_desc"]), _norm(df["security_class1_desc"]), df["security_class2_desc"].astype(str).str.strip()
    # "*" marks an amount under $500 thousand: kept as missing, never as 0
    star = ("*",)
    amt = {f: _num(df, f, origin, MISSING + star) for f in
           ["issued_amt", "outstanding_amt", "inflation_adj_amt", "redeemed_amt", "current_month_outstanding_amt"]}
    rate, yld = _num(df, "interest_rate_pct", origin), _num(df, "yield_pct", origin)
    cls = _mspd3_class(c1)
    is_sec = (t == "marketable") & cls.notna() & c2.str.fullmatch(_CUSIP)
    notes: list[str] = []
    sec = pd.DataFrame({"record_date": rec[is_sec], "cusip": c2[is_sec], "security_class": cls[is_sec],
                        "security_class_desc": df["security_class1_desc"][is_sec].astype(str).str.strip(),
                        "interest_rate_pct": rate[is_sec], "yield_pct": yld[is_sec],
                        "outstanding": amt["outstanding_amt"][is_sec], "issued": amt["issued_amt"][is_sec],
                        "infl": amt["inflation_adj_amt"][is_sec], "redeemed": amt["redeemed_amt"][is_sec],
                        "_line": line[is_sec]})
    sec["issue_date"] = _dates_at(df["issue_date"][is_sec], line[is_sec], "issue_date", origin)
    sec["maturity_date"] = _dates_at(df["maturity_date"][is_sec], line[is_sec], "maturity_date", origin)
    # one row per tranche; the CUSIP's outstanding amount sits on exactly one of them
    n_out = sec["outstanding"].notna().groupby([sec["record_date"], sec["cusip"]]).transform("sum")
    if (n_out > 1).any():
        r = sec[n_out > 1].iloc[0]
        raise DuplicateDateError(NAME, origin, f"CUSIP {r['cusip']} has an outstanding amount on two tranche rows "
                                 f"for {r['record_date'].date()}", line=int(r["_line"]), field="outstanding_amt")
    sec = sec.sort_values(["record_date", "cusip", "issue_date", "_line"], kind="stable")
    g = sec.groupby(["record_date", "cusip"], sort=True)
    first = g.first()  # the earliest tranche: original issue date, its yield
    lead = sec[sec["outstanding"].notna()].set_index(["record_date", "cusip"])
    out = pd.DataFrame({
        "security_class": first["security_class"], "security_class_desc": first["security_class_desc"],
        "interest_rate_pct": first["interest_rate_pct"], "yield_pct": first["yield_pct"],
        "issue_date": first["issue_date"], "maturity_date": first["maturity_date"],
        "outstanding_mil": lead["outstanding"].reindex(first.index),
        "issued_mil": g["issued"].sum(min_count=1), "inflation_adjusted_mil": g["infl"].sum(min_count=1),
        "redeemed_mil": g["redeemed"].sum(min_count=1), "tranches": g.size().astype("int64"),
        "last_issue_date": g["issue_date"].max()}).reset_index()
    out.loc[out["security_class"] != "tips", "inflation_adjusted_mil"] = np.nan
    # check: each class's CUSIPs add up to its "Total Unmatured ..." line (bills: required to exist)
    value = amt["outstanding_amt"].fillna(amt["current_month_outstanding_amt"])
    sums = out.groupby(["record_date", "security_class"])["outstanding_mil"].sum()
    c2n = _norm(df["security_class2_desc"])
    for klass, label in [("bills", "total unmatured treasury bills"), ("notes", "total unmatured treasury notes"),
                         ("bonds", "total unmatured treasury bonds")]:
        tot_rows = (c2n == label) | (c1 == label)
        if klass == "bills" and not tot_rows.any() and is_sec.any():
            notes.append("no 'Total Unmatured Treasury Bills' line: bill CUSIPs not checked against a total")
        published = pd.DataFrame({"d": rec[tot_rows], "v": value[tot_rows], "line": line[tot_rows]})
        mine = sums.xs(klass, level="security_class") if klass in sums.index.get_level_values(1) else pd.Series(dtype=float)
        published["mine"] = published["d"].map(mine).fillna(0.0)
        bad = ~((published["mine"] - published["v"]).abs() <= MSPD3_TOLERANCE)
        if bad.any():
            r = published[bad].iloc[0]
            raise BadValueError(NAME, origin, f"{klass} CUSIPs add up to {r['mine']:,.4f} but the '{label}' line says "
                                f"{r['v']:,.4f} ($ millions) for {pd.Timestamp(r['d']).date()}: rows missing or "
                                "misread", line=int(r["line"]), field="outstanding_amt")
    out["record_date"] = out["record_date"].dt.strftime("%Y-%m-%d")
    out = out[MSPD3_COLUMNS]
    # subtotal lines as series
    label = _norm(df["security_class2_desc"]).where(~_norm(df["security_class2_desc"]).isin(["null", "", "nan"]), c1)
    sid = pd.Series(None, index=df.index, dtype=object)
    for k, (_klass, lab, _t) in _MSPD3_LINES.items():
        sid[label == lab] = f"MSPD3.{k}"
    obs = _obs(sid, _month_start(rec), value, origin, rows=line)
    return obs, notes, {MSPD3_DATASET: out}


# --- Daily Treasury Statement -----------------------------------------------------------------
def _parse_dts_ocb(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    df = _frame(rows, origin, ["record_date", "account_type", "open_today_bal"])
    d = _dates(df, origin)
    acct = _norm(df["account_type"])
    opening = _num(df, "open_today_bal", origin)
    closing = _num(df, "close_today_bal", origin) if "close_today_bal" in df.columns else pd.Series(np.nan, index=df.index)
    line = _lines(df)
    old = acct.isin(["federal reserve account", "treasury general account (tga)", "treasury general account"])
    new_open = acct == "treasury general account (tga) opening balance"
    new_close = acct == "treasury general account (tga) closing balance"
    parts = [pd.DataFrame({"s": "DTS.TGA.OPEN", "d": d[old | new_open], "v": opening[old | new_open],
                           "r": line[old | new_open]}),
             # the closing line repeats its balance in the opening columns (the API leaves close_today_bal null)
             pd.DataFrame({"s": "DTS.TGA.CLOSE", "d": d[new_close], "v": closing[new_close].fillna(opening[new_close]),
                           "r": line[new_close]})]
    notes = []
    old_close = closing[old]
    if old.any():
        given = old_close.notna()
        parts.append(pd.DataFrame({"s": "DTS.TGA.CLOSE", "d": d[old][given], "v": old_close[given],
                                   "r": line[old][given]}))
        if not given.all():
            # no closing column (the website download): closing = the next statement day's opening
            opens = pd.concat([pd.Series(opening[old | new_open].to_numpy(), index=d[old | new_open].to_numpy())])
            opens = opens[~opens.index.duplicated()].sort_index()
            nxt = pd.Series(opens.to_numpy()[1:], index=opens.index[:-1])
            want = d[old][~given]
            v = want.map(nxt)
            keep = v.notna()
            parts.append(pd.DataFrame({"s": "DTS.TGA.CLOSE", "d": want[keep], "v": v[keep],
                                       "r": line[old][~given][keep]}))
            notes.append(f"{int(keep.sum())} old-layout closing balances taken from the next day's opening balance "
                         "(the download has no closing column)")
    long = pd.concat(parts, ignore_index=True)
    return _obs(long["s"], long["d"], long["v"], origin, rows=long["r"]), notes


_DTS_MAP = [  # (transaction type, security type regex, security type description regex or None, id part)
    ("issues", r"bills?", r"regular series", "ISSUES.BILLS.REGULAR"),
    ("issues", r"bills?", r"cash management series", "ISSUES.BILLS.CMB"),
    ("issues", r"notes?", None, "ISSUES.NOTES"), ("issues", r"bonds?", None, "ISSUES.BONDS"),
    ("issues", r"inflation-protected securities increment", None, "ISSUES.TIPS_INCREMENT"),
    ("issues", r"(treasury )?inflation-protected securities|tips", None, "ISSUES.TIPS"),
    ("issues", r"(treasury )?floating rate notes?|frn", None, "ISSUES.FRN"),
    ("issues", r"federal financing bank", None, "ISSUES.FFB"),
    ("redemptions", r"bills?", None, "REDEMPTIONS.BILLS"), ("redemptions", r"notes?", None, "REDEMPTIONS.NOTES"),
    ("redemptions", r"bonds?", None, "REDEMPTIONS.BONDS"),
    ("redemptions", r"(treasury )?inflation-protected securities|tips", None, "REDEMPTIONS.TIPS"),
    ("redemptions", r"(treasury )?floating rate notes?|frn", None, "REDEMPTIONS.FRN"),
    ("redemptions", r"federal financing bank", None, "REDEMPTIONS.FFB"),
]


def _parse_dts_pdt(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str]]:
    df = _frame(rows, origin, ["record_date", "transaction_type", "security_market", "security_type",
                               "transaction_today_amt", "transaction_mtd_amt"])
    if "security_type_desc" not in df.columns:
        df["security_type_desc"] = "null"
    d = _dates(df, origin)
    tt, mk = _norm(df["transaction_type"]), _norm(df["security_market"])
    st, sd = _norm(df["security_type"]), _norm(df["security_type_desc"])
    key = pd.Series(None, index=df.index, dtype=object)
    for typ, st_pat, sd_pat, k in _DTS_MAP:
        sel = (tt == typ) & (mk == "marketable") & st.str.fullmatch(st_pat)
        if sd_pat is not None:
            sel &= sd.str.fullmatch(sd_pat)
        key[sel & key.isna()] = k
    today, mtd = _num(df, "transaction_today_amt", origin), _num(df, "transaction_mtd_amt", origin)
    line = _lines(df)
    parts = [pd.DataFrame({"s": ("DTS." + key).where(key.notna(), None), "d": d, "v": today, "r": line}),
             pd.DataFrame({"s": ("DTS." + key + ".MTD").where(key.notna(), None), "d": d, "v": mtd, "r": line})]
    bills = key.isin(["ISSUES.BILLS.REGULAR", "ISSUES.BILLS.CMB"])
    for sid, v in [("DTS.ISSUES.BILLS", today), ("DTS.ISSUES.BILLS.MTD", mtd)]:
        tot = v[bills].groupby(d[bills]).sum(min_count=1)
        both = key[bills].groupby(d[bills]).nunique() == 2  # a day with one of the two lines missing is not summed
        tot = tot[both]
        parts.append(pd.DataFrame({"s": sid, "d": tot.index, "v": tot.to_numpy(), "r": np.nan}))
    long = pd.concat(parts, ignore_index=True)
    return _obs(long["s"], long["d"], long["v"], origin, rows=long["r"]), []


# --- MTS Table 5 (outlays by agency and account) ---------------------------------------------
def _parse_mts5(rows: list[dict], origin: str) -> tuple[pd.DataFrame, list[str], dict[str, SeriesMeta]]:
    df = _frame(rows, origin, ["record_date", "sequence_number_cd", "classification_desc"])
    field = next((f for f in ["current_month_gross_outly_amt", "current_month_outly_amt"] if f in df.columns), None)
    if field is None:
        raise MissingColumnError(NAME, origin, "no current_month_gross_outly_amt field (renamed?)", line=1,
                                 field="current_month_gross_outly_amt")
    d = _month_start(_dates(df, origin))
    seq = df["sequence_number_cd"].astype(str).str.strip()
    ok = ~seq.isin(["", "null"])
    sid = ("MTS5." + seq).where(ok, None)
    metas = {}
    for s_, desc in zip(sid[ok], df["classification_desc"][ok].astype(str).str.strip()):
        if s_ not in metas:
            metas[s_] = SeriesMeta(
                id=s_, title=f"MTS Table 5 outlays: {desc} (line {s_[5:]}), monthly", source=NAME,
                dataset="mts_table_5", frequency="M", unit="usd_mn", url=_PAGES[EP_MTS5], attribution=ATTRIBUTION,
                notes=f"Monthly Treasury Statement Table 5, field {field} for sequence number {s_[5:]}; published "
                      "in dollars, stored in $ millions; dated the first day of the month.")
    return _obs(sid, d, _num(df, field, origin), origin, rows=_lines(df)), [], metas


# --- auctions_query website download (auctioned securities, no results) ---------------------
AUCTIONED_DATASET = "auctioned_securities"
AUCTIONED_KEYS = ["cusip", "auction_date"]
AUCTIONED_COLUMNS = ["cusip", "security_type", "security_term", "auction_date", "issue_date", "maturity_date",
                     "price_per_100", "results_xml"]


def _parse_auctioned(rows: list[dict], origin: str) -> pd.DataFrame:
    df = _frame(rows, origin, ["cusip", "security_type", "security_term", "auction_date", "issue_date",
                               "maturity_date", "price_per100"])
    if "xml_filenm_comp_results" not in df.columns:
        df["xml_filenm_comp_results"] = "null"
    out = pd.DataFrame({"cusip": df["cusip"].astype(str).str.strip(),
                        "security_type": df["security_type"].astype(str).str.strip(),
                        "security_term": df["security_term"].astype(str).str.strip()})
    for f in ["auction_date", "issue_date", "maturity_date"]:
        out[f] = _dates(df, origin, f)
    out["price_per_100"] = _num(df, "price_per100", origin)
    xml = df["xml_filenm_comp_results"].astype(str).str.strip()
    out["results_xml"] = xml.where(~xml.isin(MISSING), None)
    dup = out.duplicated(AUCTIONED_KEYS)
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        r = out.iloc[pos]
        raise DuplicateDateError(NAME, origin, f"CUSIP {r['cusip']} listed twice for auction {r['auction_date'].date()}",
                                 line=int(_lines(df).iloc[pos]), field="auction_date")
    return out[AUCTIONED_COLUMNS].reset_index(drop=True)


_PARSERS = {EP_MTS1: _parse_mts1, EP_MTS4: _parse_mts4, EP_MTS9: _parse_mts9, EP_MSPD1: _parse_mspd1,
            EP_DTTP: _parse_dttp, EP_AIR: _parse_air, EP_INTEXP: _parse_intexp, EP_DTS_OCB: _parse_dts_ocb,
            EP_DTS_PDT: _parse_dts_pdt}

# field signatures, for payloads whose origin does not name the endpoint (mirror files)
_SIGNATURES = [
    (EP_AUCTIONS, {"cusip", "bid_to_cover_ratio"}), (EP_DTTP, {"tot_pub_debt_out_amt"}),
    (EP_MSPD1, {"total_mil_amt", "security_class_desc"}), (EP_AIR, {"avg_interest_rate_amt"}),
    (EP_INTEXP, {"month_expense_amt"}), (EP_MTS1, {"current_month_dfct_sur_amt"}),
    (EP_MTS4, {"current_month_net_rcpt_amt"}), (EP_MTS9, {"current_month_rcpt_outly_amt"}),
    (EP_MSPD3, {"security_class1_desc", "security_class2_desc", "current_month_outstanding_amt"}),
    (EP_MSPD3M, {"security_class1_desc", "security_class2_desc", "outstanding_amt"}),
    (EP_DTS_PDT, {"transaction_type", "security_market", "transaction_mtd_amt"}),
    (EP_DTS_OCB, {"account_type", "open_today_bal"}),
    (EP_MTS5, {"sequence_number_cd", "current_month_gross_outly_amt"}),
]


def detect_endpoint(rows: list[dict], origin: str) -> str:
    for ep in sorted(KNOWN_ENDPOINTS, key=len, reverse=True):
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
        """Fiscal Data API JSON envelopes and website CSV downloads in ``fiscaldata/`` and ``auctions/`` (subfolders too).

        Recognised by content, not name: a ``.json`` whose top level is an
        object (``{"data": [...]``; TreasuryDirect's securities JSON is an
        array), a ``.csv`` whose header line is a Fiscal Data download's
        (display labels or API field names; not the PowerShell export, which
        treasurydirect reads).  A Fiscal Data set ustmon does not read is
        parsed to a ``skipped:`` note, not an error.
        """
        out = []
        for sub in ("fiscaldata", "auctions"):
            d = Path(mirror) / sub
            if not d.is_dir():
                continue
            for p in sorted(d.rglob("*")):
                if not p.is_file() or "openbb_vcr_cassettes" in p.parts:
                    continue
                suffix = p.suffix.lower()
                if suffix == ".json" and _json_envelope(p):
                    out.append(MirrorFile(p, "fiscaldata_json"))
                elif suffix == ".csv" and _csv_export(p):
                    out.append(MirrorFile(p, "fiscaldata_csv"))
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind == "fiscaldata_json":
            rows = _load(raw, origin)
        elif kind == "fiscaldata_csv":
            check_not_html(raw, NAME, origin)
            export = read_export(raw, NAME, origin)
            if export.endpoint is None:
                return _skipped(origin, "a Fiscal Data download of a data set ustmon does not read (header: "
                                f"{', '.join(export.fields[:4])}...)")
            frame = export.frame
            frame.attrs["first_line"] = export.first_line
            return self._parse_rows(frame, origin, export.endpoint)
        else:
            raise ValueError(f"fiscaldata: unknown parser kind {kind!r}")
        try:
            ep = detect_endpoint(rows, origin)
        except MissingColumnError:
            if not rows or not isinstance(rows[0], dict):
                raise
            return _skipped(origin, "a Fiscal Data answer of a data set ustmon does not read (fields: "
                            f"{', '.join(list(rows[0])[:4])}...)")
        return self._parse_rows(rows, origin, ep)

    def _parse_rows(self, rows: list[dict] | pd.DataFrame, origin: str, ep: str) -> ParseResult:
        first = _first_line(rows)
        is_frame = isinstance(rows, pd.DataFrame)
        if ep == EP_AUCTIONS:
            keys = set(rows.columns) if is_frame else (set(rows[0]) if rows else set())
            if len(rows) and "bid_to_cover_ratio" not in keys and "price_per100" in keys:
                # the website download: securities auctioned, price only (no rates, amounts or bidders)
                df = _parse_auctioned(rows, origin)
                return ParseResult(NAME, origin, empty_observations(), {}, records={AUCTIONED_DATASET: df},
                                   record_keys={AUCTIONED_DATASET: AUCTIONED_KEYS})
            if not len(rows):
                return auctions_result(NAME, origin, pd.DataFrame({c: pd.Series(dtype=object) for c in AUCTION_COLUMNS}))
            frame = (rows if is_frame else pd.DataFrame.from_records(rows)).astype(object)
            frame = frame.where(frame.notna(), "null").astype(str)
            df = tidy_auctions(frame, "fiscal", NAME, origin, line_offset=first, date_format="%Y-%m-%d")
            return auctions_result(NAME, origin, df)
        if not len(rows):
            return ParseResult(NAME, origin, empty_observations(), {}, notes=[f"{ep}: no records"])
        records: dict[str, pd.DataFrame] = {}
        record_keys: dict[str, list[str]] = {}
        metas: dict[str, SeriesMeta] = {}
        if ep in (EP_MSPD3, EP_MSPD3M):
            obs, notes, records = _parse_mspd3(rows, origin)
            record_keys = {MSPD3_DATASET: MSPD3_KEYS}
        elif ep == EP_MTS5:
            obs, notes, metas = _parse_mts5(rows, origin)
        else:
            obs, notes = _PARSERS[ep](rows, origin)
        sids = set(obs["series_id"].unique())
        series = {s: metas.get(s) or _CATALOG[s] for s in sids}
        units = {s: _PAYLOAD_UNIT[s] for s in sids if s in _PAYLOAD_UNIT}
        units.update({s: "usd" for s in sids if s in metas})
        return ParseResult(source=NAME, origin=origin, observations=obs, series=series, units=units, notes=notes,
                           records=records, record_keys=record_keys)


def _skipped(origin: str, what: str) -> ParseResult:
    return ParseResult(NAME, origin, empty_observations(), {}, notes=[f"skipped: {what}"])


def _json_envelope(p: Path) -> bool:
    try:
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"{") and b'"data"' in head


def _csv_export(p: Path) -> bool:
    try:
        with open(p, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return False  # UTF-16: the PowerShell export (treasurydirect), never a Fiscal Data download
    first = head.decode("utf-8-sig", errors="replace").splitlines()[0] if head.strip() else ""
    return looks_like_export(first)


SOURCE = FiscalDataSource()
