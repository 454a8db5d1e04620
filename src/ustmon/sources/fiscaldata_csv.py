"""Fiscal Data website CSV exports: display-label headers -> API field names.

The "Download" button of fiscaldata.treasury.gov writes a CSV whose header
holds the **display labels** of the API fields (the API's own
``meta.labels``: ``Record Date``, ``Total Public Debt Outstanding (in
Millions)``...), not the field names.  This module maps the labels of every
data set ustmon reads back to the field names, so that the JSON parsers of
:mod:`ustmon.sources.fiscaldata` read the rows unchanged.

Flavours seen in real downloads (all handled): UTF-8 with or without BOM; LF
or CRLF; with or without a final newline; every field quoted or none;
``null`` (quoted or not) = missing; oldest or newest row first.  A header
that already uses the API field names (a CSV written from API JSON) is read
too.

:func:`read_export` returns the data set's endpoint (None when the header is
not one of a data set ustmon knows) and the rows as a frame of text cells
whose columns are the field names; the file line of row ``i`` (0-based) is
``i + 2``.  A truncated last line (fewer
cells than the header) is a :class:`~ustmon.errors.TruncatedFileError`; a
line with more cells than the header a :class:`~ustmon.errors.BadValueError`;
an HTML page an :class:`~ustmon.errors.HtmlInsteadOfDataError`.

Label maps (``LABELS``) are per endpoint; ``REQUIRED`` are the fields that
identify a data set (see :func:`map_header`).  A renamed column therefore
shows up as the missing field the dataset parser asks for, named in the
error.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from ..errors import BadValueError, MissingColumnError, TruncatedFileError
from ._text import decode_text

# endpoints (same strings as in fiscaldata.py)
EP_MTS1 = "v1/accounting/mts/mts_table_1"
EP_MTS4 = "v1/accounting/mts/mts_table_4"
EP_MTS5 = "v1/accounting/mts/mts_table_5"
EP_MTS9 = "v1/accounting/mts/mts_table_9"
EP_MSPD1 = "v1/debt/mspd/mspd_table_1"
EP_MSPD3 = "v1/debt/mspd/mspd_table_3"
EP_MSPD3M = "v1/debt/mspd/mspd_table_3_market"
EP_DTTP = "v2/accounting/od/debt_to_penny"
EP_AIR = "v2/accounting/od/avg_interest_rates"
EP_INTEXP = "v2/accounting/od/interest_expense"
EP_AUCTIONS = "v1/accounting/od/auctions_query"
EP_DTS_OCB = "v1/accounting/dts/operating_cash_balance"
EP_DTS_PDT = "v1/accounting/dts/public_debt_transactions"

#: the calendar columns every Fiscal Data table ends with
_CALENDAR = {
    "Source Line Number": "src_line_nbr", "Fiscal Year": "record_fiscal_year",
    "Fiscal Quarter Number": "record_fiscal_quarter", "Calendar Year": "record_calendar_year",
    "Calendar Quarter Number": "record_calendar_quarter", "Calendar Month Number": "record_calendar_month",
    "Calendar Day Number": "record_calendar_day", "Table Number": "table_nbr", "Table Name": "table_nm",
}

_MTS_COMMON = {
    "Record Date": "record_date", "Parent ID": "parent_id", "Classification ID": "classification_id",
    "Classification Description": "classification_desc", "Print Order Sequence Number": "print_order_nbr",
    "Line Code Number": "line_code_nbr", "Data Type Code": "data_type_cd", "Record Type Code": "record_type_cd",
    "Sequence Level Number": "sequence_level_nbr", "Sequence Number Code": "sequence_number_cd",
}

_MSPD3_COMMON = {
    "Record Date": "record_date", "Security Type Description": "security_type_desc", "Series Code": "series_cd",
    "Security Class 1 Description": "security_class1_desc", "Security Class 2 Description": "security_class2_desc",
    "Security Class 3 Description": "security_class3_desc", "Interest Rate": "interest_rate_pct",
    "Yield": "yield_pct", "Issue Date": "issue_date", "Maturity Date": "maturity_date",
    "Interest Payable Date 1": "interest_pay_date_1", "Interest Payable Date 2": "interest_pay_date_2",
    "Interest Payable Date 3": "interest_pay_date_3", "Interest Payable Date 4": "interest_pay_date_4",
    "Issued Amount (in Millions)": "issued_amt", "Amount Adjusted for Inflation (in Millions)": "inflation_adj_amt",
    "Redeemed Amount (in Millions)": "redeemed_amt", "Outstanding Amount (in Millions)": "outstanding_amt",
}

#: display label -> API field, per endpoint (labels as the API's ``meta.labels`` spell them)
LABELS: dict[str, dict[str, str]] = {
    EP_MTS1: {**_MTS_COMMON, "Current Month Gross Receipts Amount": "current_month_gross_rcpt_amt",
              "Current Month Gross Outlay Amount": "current_month_gross_outly_amt",
              "Current Month Deficit Surplus Amount": "current_month_dfct_sur_amt"},
    EP_MTS4: {**_MTS_COMMON, "Current Month Gross Receipts Amount": "current_month_gross_rcpt_amt",
              "Current Month Refund Amount": "current_month_refund_amt",
              "Current Month Net Receipts Amount": "current_month_net_rcpt_amt"},
    EP_MTS5: {**_MTS_COMMON, "Current Month Gross Outlay Amount": "current_month_gross_outly_amt",
              "Current Month Applicable Receipts Amount": "current_month_app_rcpt_amt",
              "Current Month Net Outlay Amount": "current_month_outly_amt",
              "Current Fiscal Year to Date Gross Outlays Amount": "current_fytd_gross_outly_amt",
              "Prior Fiscal Year to Date Gross Outlays Amount": "prior_fytd_gross_outly_amt"},
    EP_MTS9: {**_MTS_COMMON, "Current Month Receipts Outlays Amount": "current_month_rcpt_outly_amt",
              "Current Month Receipts/Outlays Amount": "current_month_rcpt_outly_amt"},
    EP_MSPD1: {"Record Date": "record_date", "Security Type Description": "security_type_desc",
               "Security Class Description": "security_class_desc",
               "Debt Held by the Public (in Millions)": "debt_held_public_mil_amt",
               "Intragovernmental Holdings (in Millions)": "intragov_hold_mil_amt",
               "Total Public Debt Outstanding (in Millions)": "total_mil_amt"},
    EP_MSPD3: {**_MSPD3_COMMON,
               "Prior Month Outstanding Amount (in Millions)": "prior_month_outstanding_amt",
               "Current Month Issued Amount (in Millions)": "current_month_issued_amt",
               "Current Month Redeemed Amount (in Millions)": "current_month_redeemed_amt",
               "Current Month Outstanding Amount (in Millions)": "current_month_outstanding_amt"},
    EP_MSPD3M: dict(_MSPD3_COMMON),
    EP_DTTP: {"Record Date": "record_date", "Debt Held by the Public": "debt_held_public_amt",
              "Intragovernmental Holdings": "intragov_hold_amt",
              "Total Public Debt Outstanding": "tot_pub_debt_out_amt"},
    EP_AIR: {"Record Date": "record_date", "Security Type Description": "security_type_desc",
             "Security Description": "security_desc", "Average Interest Rate Amount": "avg_interest_rate_amt"},
    EP_INTEXP: {"Record Date": "record_date", "Expense Category Description": "expense_catg_desc",
                "Expense Group Description": "expense_group_desc", "Expense Type Description": "expense_type_desc",
                "Current Month Expense Amount": "month_expense_amt",
                "Fiscal Year to Date Expense Amount": "fytd_expense_amt"},
    EP_DTS_OCB: {"Record Date": "record_date", "Type of Account": "account_type",
                 "Closing Balance Today": "close_today_bal", "Opening Balance Today": "open_today_bal",
                 "Opening Balance This Month": "open_month_bal",
                 "Opening Balance This Fiscal Year": "open_fiscal_year_bal", "Sub Table Name": "sub_table_name"},
    EP_DTS_PDT: {"Record Date": "record_date", "Transaction Type": "transaction_type",
                 "Security Marketability": "security_market", "Security Type": "security_type",
                 "Security Type Description": "security_type_desc", "Transactions Today": "transaction_today_amt",
                 "Transactions Month to Date": "transaction_mtd_amt",
                 "Transactions Fiscal Year to Date": "transaction_fytd_amt"},
    EP_AUCTIONS: {
        "Record Date": "record_date", "CUSIP": "cusip", "Security Type": "security_type",
        "Security Term": "security_term", "Auction Date": "auction_date", "Issue Date": "issue_date",
        "Maturity Date": "maturity_date", "Price per $100": "price_per100",
        "Download PDF - Announcement": "pdf_filenm_announcemt",
        "Download PDF - Competitive Results": "pdf_filenm_comp_results",
        "Download PDF - Noncompetitive Results": "pdf_filenm_noncomp_results",
        "Download XML - Announcement": "xml_filenm_announcemt",
        "Download XML - Competitive Results": "xml_filenm_comp_results",
        # the full export (every auctions_query field); only those ustmon reads are listed
        "Announcement Date": "announcemt_date", "Reopening": "reopening",
        "Cash Management Bill (CMB)": "cash_management_bill_cmb", "Inflation Index Security": "inflation_index_security",
        "Floating Rate": "floating_rate", "Interest Rate": "int_rate", "Offering Amount": "offering_amt",
        "Total Tendered": "total_tendered", "Total Accepted": "total_accepted",
        "Competitive Tendered": "comp_tendered", "Competitive Accepted": "comp_accepted",
        "Noncompetitive Accepted": "noncomp_accepted", "Primary Dealer Tendered": "primary_dealer_tendered",
        "Primary Dealer Accepted": "primary_dealer_accepted", "Direct Bidder Tendered": "direct_bidder_tendered",
        "Direct Bidder Accepted": "direct_bidder_accepted", "Indirect Bidder Tendered": "indirect_bidder_tendered",
        "Indirect Bidder Accepted": "indirect_bidder_accepted", "SOMA Tendered": "soma_tendered",
        "SOMA Accepted": "soma_accepted", "FIMA Noncompetitive Accepted": "fima_noncomp_accepted",
        "Treasury Retail Accepted": "treas_retail_accepted",
        "Estimated Amount of Publicly Held Maturing Securities by Type": "est_pub_held_mat_by_type_amt",
        "SOMA Holdings": "soma_holdings", "Bid-to-Cover Ratio": "bid_to_cover_ratio", "High Yield": "high_yield",
        "Low Yield": "low_yield", "Average/Median Yield": "avg_med_yield", "High Discount Rate": "high_discnt_rate",
        "Low Discount Rate": "low_discnt_rate", "Average/Median Discount Rate": "avg_med_discnt_rate",
        "High Investment Rate": "high_investment_rate", "High Discount Margin": "high_discnt_margin",
        "Low Discount Margin": "low_discnt_margin", "Average/Median Discount Margin": "avg_med_discnt_margin",
        "High Price": "high_price", "Allocation Percentage": "allocation_pctage",
        "Security Term Day Month": "security_term_day_month", "Security Term Week Year": "security_term_week_year",
    },
}

#: fields whose presence identifies a data set (checked longest first; field names after mapping)
REQUIRED: list[tuple[str, set[str]]] = [
    (EP_MSPD3, {"security_class1_desc", "security_class2_desc", "current_month_outstanding_amt"}),
    (EP_MSPD3M, {"security_class1_desc", "security_class2_desc", "outstanding_amt"}),
    (EP_DTS_PDT, {"transaction_type", "security_market", "security_type", "transaction_mtd_amt"}),
    (EP_DTS_OCB, {"account_type", "open_today_bal"}),
    (EP_MSPD1, {"security_class_desc", "total_mil_amt"}),
    (EP_DTTP, {"tot_pub_debt_out_amt"}),
    (EP_AIR, {"avg_interest_rate_amt"}),
    (EP_INTEXP, {"month_expense_amt"}),
    (EP_MTS1, {"current_month_dfct_sur_amt"}),
    (EP_MTS4, {"current_month_net_rcpt_amt"}),
    (EP_MTS9, {"current_month_rcpt_outly_amt"}),
    (EP_MTS5, {"sequence_number_cd", "current_month_gross_outly_amt"}),
    (EP_AUCTIONS, {"cusip", "auction_date", "security_term"}),
]

_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def _norm_label(label: str) -> str:
    return re.sub(r"\s+", " ", label.replace("\ufeff", "").strip().strip('"')).lower()


_NORM = {ep: {_norm_label(k): v for k, v in {**m, **_CALENDAR}.items()} for ep, m in LABELS.items()}
_FIELDS = {ep: set(m.values()) for ep, m in _NORM.items()}


def map_header(header: list[str]) -> tuple[str | None, list[str]]:
    """(endpoint or None, field names) for a CSV header of display labels or API field names.

    Every data set's label map is tried; the one mapping the most columns other
    than ``Record Date`` and the calendar columns wins (ties go to the one whose
    identifying fields are all there).  It must map at least half of those
    columns, so a download with one renamed column is still recognised (and the
    dataset parser names the missing field) while a data set ustmon does not
    read is not mistaken for one it does.  Unmapped labels become
    ``label:<label>`` (so they cannot shadow a known field).
    """
    cleaned = [h.replace("\ufeff", "").strip().strip('"') for h in header]
    generic = {"record_date", *_CALENDAR.values()}
    best: tuple[int, bool, str | None, list[str]] = (0, False, None, [])
    for ep, required in REQUIRED:
        norm, known = _NORM[ep], _FIELDS[ep]
        fields = []
        for raw in cleaned:
            n = _norm_label(raw)
            if n in norm:
                fields.append(norm[n])
            elif _SNAKE.match(raw) and raw in known:
                fields.append(raw)
            else:
                fields.append("label:" + n)
        specific = [f for f in fields if f not in generic]
        hits = sum(not f.startswith("label:") for f in specific)
        if not specific or hits * 2 < len(specific):
            continue
        key = (hits, required <= set(fields))
        if key > best[:2]:
            best = (hits, key[1], ep, fields)
    if best[2] is None:
        return None, cleaned
    return best[2], best[3]


def looks_like_export(first_line: str) -> bool:
    """Does this header line look like a Fiscal Data download (any data set)?"""
    cells = [_norm_label(c) for c in next(csv.reader([first_line]), [])]
    if not cells:
        return False
    if cells[0] in ("record date", "record_date"):
        return True
    return map_header(cells)[0] is not None


@dataclass
class Export:
    endpoint: str | None
    fields: list[str]
    frame: pd.DataFrame  # text cells, columns = field names
    first_line: int = 2  # file line of the first row


def read_export(raw: bytes, source: str, origin: str) -> Export:
    """Decode and split a Fiscal Data CSV download; see the module docstring."""
    text = decode_text(raw, source, origin)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:  # pragma: no cover - decode_text refuses blank payloads
        raise MissingColumnError(source, origin, "no header line", line=1)
    endpoint, fields = map_header(rows[0])
    seen: dict[str, int] = {}
    for k, f in enumerate(fields):  # a repeated label keeps its first column under the field name
        if f in seen:
            fields[k] = f"{f}#{k}"
        seen[f] = k
    n = len(fields)
    body = rows[1:]
    while body and (not body[-1] or (len(body[-1]) == 1 and not body[-1][0].strip())):
        body.pop()
    for i, cells in enumerate(body):
        if len(cells) != n:
            line = i + 2
            if len(cells) < n and i == len(body) - 1:
                raise TruncatedFileError(source, origin, f"last line has {len(cells)} of {n} columns; truncated "
                                         "download?", line=line)
            raise BadValueError(source, origin, f"line has {len(cells)} columns, the header {n}", line=line)
    frame = pd.DataFrame(body, columns=fields, dtype=object) if body else pd.DataFrame(columns=fields, dtype=object)
    return Export(endpoint, fields, frame)
