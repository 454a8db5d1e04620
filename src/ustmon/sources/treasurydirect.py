"""TreasuryDirect: Treasury auction results (Bureau of the Fiscal Service).

Three payloads, one tidy output: ``ParseResult.records["auctions"]``, one row
per auction, keyed by ``["cusip", "auction_date"]`` (a CUSIP is auctioned
again when reopened, and a cash management bill CUSIP can come back as a
regular bill).  The columns are :data:`AUCTION_COLUMNS`, shared with
``ustmon.sources.fiscaldata`` (Fiscal Data's ``auctions_query`` carries the
same results).

Kinds
    ``auction_xml``
        ``https://www.treasurydirect.gov/xml/R_YYYYMMDD_N.xml``: one auction
        per file, root ``td:AuctionData`` (namespace
        ``http://www.treasurydirect.gov/``) whose children
        ``AuctionAnnouncement`` and ``AuctionResults`` are in no namespace.
        ``OfferingAmount`` is in **billions** of dollars (``45.000``); the
        parser multiplies it by 1e9 explicitly so ``offering_amt_usd`` is in
        dollars like every other amount.  The XML has no CMB flag: a cash
        management bill is recognised by ``SecurityTermWeekYear`` ``0-WEEK``
        (its term is only in days, ``119-DAY``).
    ``securities_json``
        ``https://www.treasurydirect.gov/TA_WS/securities/auctioned?format=json``:
        a JSON array of objects with camelCase string fields (``highYield``,
        ``bidToCoverRatio``...), dates ``2022-08-09T00:00:00``.
    ``securities_powershell_csv``
        the same records as exported by PowerShell ``Export-Csv``: UTF-16LE
        with BOM, CRLF, line 1 ``#TYPE System.Management.Automation.PSCustomObject``,
        header on line 2, every value quoted, newest auction first.

Units of the tidy columns (:data:`AUCTION_UNITS`): amounts in US dollars
(``usd``), yields/rates/margins and allocation in percent (``pct``), prices per
100 of face value, bid-to-cover a ratio.  ``total_accepted`` includes SOMA
add-ons (as published).  Bills report ``high_discount_rate`` and
``high_investment_rate`` (bond-equivalent); coupons ``high_yield``; FRNs
``high_discount_margin``; empty elements / empty strings are NaN.
``security_term`` is rebuilt from the week/year and day/month parts in the
securities-API spelling (``13-Week``, ``3-Year``, ``9-Year 8-Month``, CMBs
``119-Day``): reopenings show the remaining term.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import (
    BadDateError,
    BadValueError,
    DateOrderError,
    DuplicateDateError,
    MissingColumnError,
    SourceFormatError,
    TruncatedFileError,
)
from ._text import check_not_html, decode_text, parse_date_column, parse_numeric_column
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations

NAME = "treasurydirect"
ATTRIBUTION = "Source: U.S. Department of the Treasury, Bureau of the Fiscal Service (TreasuryDirect)"
TD_NS = "http://www.treasurydirect.gov/"

#: the tidy auction record columns, in order (also used by fiscaldata.py)
AUCTION_COLUMNS: list[str] = [
    "cusip", "security_type", "security_term", "auction_date", "issue_date", "maturity_date",
    "announcement_date", "reopening", "cash_management_bill", "tips", "floating_rate",
    "interest_rate", "offering_amt_usd", "total_tendered", "total_accepted",
    "competitive_tendered", "competitive_accepted", "noncompetitive_accepted",
    "primary_dealer_tendered", "primary_dealer_accepted", "direct_bidder_tendered",
    "direct_bidder_accepted", "indirect_bidder_tendered", "indirect_bidder_accepted",
    "soma_tendered", "soma_accepted", "fima_accepted", "treasury_direct_accepted",
    "maturing_amount", "soma_holdings", "bid_to_cover", "high_yield", "low_yield", "median_yield",
    "high_discount_rate", "low_discount_rate", "median_discount_rate", "high_investment_rate",
    "high_discount_margin", "low_discount_margin", "median_discount_margin", "high_price",
    "high_allocation_pct",
]
AUCTION_KEYS = ["cusip", "auction_date"]

_AMOUNTS = [
    "offering_amt_usd", "total_tendered", "total_accepted", "competitive_tendered", "competitive_accepted",
    "noncompetitive_accepted", "primary_dealer_tendered", "primary_dealer_accepted", "direct_bidder_tendered",
    "direct_bidder_accepted", "indirect_bidder_tendered", "indirect_bidder_accepted", "soma_tendered",
    "soma_accepted", "fima_accepted", "treasury_direct_accepted", "maturing_amount", "soma_holdings",
]
_RATES = [
    "interest_rate", "high_yield", "low_yield", "median_yield", "high_discount_rate", "low_discount_rate",
    "median_discount_rate", "high_investment_rate", "high_discount_margin", "low_discount_margin",
    "median_discount_margin", "high_allocation_pct",
]
#: unit of every numeric auction column (codes from ustmon.units, plus "per_100" for prices)
AUCTION_UNITS: dict[str, str] = {
    **{c: "usd" for c in _AMOUNTS}, **{c: "pct" for c in _RATES},
    "bid_to_cover": "ratio", "high_price": "per_100",
}
_NUMERIC = _AMOUNTS + _RATES + ["bid_to_cover", "high_price"]
_DATES_REQUIRED = ["auction_date", "issue_date", "maturity_date"]
_BOOLS = ["reopening", "cash_management_bill", "tips", "floating_rate"]

# tidy column -> (XML element, securities API camelCase field, Fiscal Data auctions_query field)
FIELD_MAP: dict[str, tuple[str | None, str, str]] = {
    "cusip": ("CUSIP", "cusip", "cusip"),
    "security_type": ("SecurityType", "securityType", "security_type"),
    "auction_date": ("AuctionDate", "auctionDate", "auction_date"),
    "issue_date": ("IssueDate", "issueDate", "issue_date"),
    "maturity_date": ("MaturityDate", "maturityDate", "maturity_date"),
    "announcement_date": ("AnnouncementDate", "announcementDate", "announcemt_date"),
    "reopening": ("ReOpeningIndicator", "reopening", "reopening"),
    "cash_management_bill": (None, "cashManagementBillCMB", "cash_management_bill_cmb"),
    "tips": ("InflationIndexSecurity", "tips", "inflation_index_security"),
    "floating_rate": ("FloatingRate", "floatingRate", "floating_rate"),
    "interest_rate": ("InterestRate", "interestRate", "int_rate"),
    "offering_amt_usd": ("OfferingAmount", "offeringAmount", "offering_amt"),
    "total_tendered": ("TotalTendered", "totalTendered", "total_tendered"),
    "total_accepted": ("TotalAccepted", "totalAccepted", "total_accepted"),
    "competitive_tendered": ("CompetitiveTendered", "competitiveTendered", "comp_tendered"),
    "competitive_accepted": ("CompetitiveAccepted", "competitiveAccepted", "comp_accepted"),
    "noncompetitive_accepted": ("NonCompetitiveAccepted", "noncompetitiveAccepted", "noncomp_accepted"),
    "primary_dealer_tendered": ("PrimaryDealerTendered", "primaryDealerTendered", "primary_dealer_tendered"),
    "primary_dealer_accepted": ("PrimaryDealerAccepted", "primaryDealerAccepted", "primary_dealer_accepted"),
    "direct_bidder_tendered": ("DirectBidderTendered", "directBidderTendered", "direct_bidder_tendered"),
    "direct_bidder_accepted": ("DirectBidderAccepted", "directBidderAccepted", "direct_bidder_accepted"),
    "indirect_bidder_tendered": ("IndirectBidderTendered", "indirectBidderTendered", "indirect_bidder_tendered"),
    "indirect_bidder_accepted": ("IndirectBidderAccepted", "indirectBidderAccepted", "indirect_bidder_accepted"),
    "soma_tendered": ("SOMATendered", "somaTendered", "soma_tendered"),
    "soma_accepted": ("SOMAAccepted", "somaAccepted", "soma_accepted"),
    "fima_accepted": ("FIMAAccepted", "fimaNoncompetitiveAccepted", "fima_noncomp_accepted"),
    "treasury_direct_accepted": ("TreasuryDirectAccepted", "treasuryDirectAccepted", "treas_retail_accepted"),
    "maturing_amount": ("MatureSecurityAmount", "estimatedAmountOfPubliclyHeldMaturingSecuritiesByType",
                        "est_pub_held_mat_by_type_amt"),
    "soma_holdings": ("SOMAHoldings", "somaHoldings", "soma_holdings"),
    "bid_to_cover": ("BidToCoverRatio", "bidToCoverRatio", "bid_to_cover_ratio"),
    "high_yield": ("HighYield", "highYield", "high_yield"),
    "low_yield": ("LowYield", "lowYield", "low_yield"),
    "median_yield": ("MedianYield", "averageMedianYield", "avg_med_yield"),
    "high_discount_rate": ("HighDiscountRate", "highDiscountRate", "high_discnt_rate"),
    "low_discount_rate": ("LowDiscountRate", "lowDiscountRate", "low_discnt_rate"),
    "median_discount_rate": ("MedianDiscountRate", "averageMedianDiscountRate", "avg_med_discnt_rate"),
    # the XML's bill investment rate is the high (stop-out) rate's bond equivalent
    "high_investment_rate": ("InvestmentRate", "highInvestmentRate", "high_investment_rate"),
    "high_discount_margin": ("HighDiscountMargin", "highDiscountMargin", "high_discnt_margin"),
    "low_discount_margin": ("LowDiscountMargin", "lowDiscountMargin", "low_discnt_margin"),
    "median_discount_margin": ("MedianDiscountMargin", "averageMedianDiscountMargin", "avg_med_discnt_margin"),
    "high_price": ("HighPrice", "highPrice", "high_price"),
    "high_allocation_pct": ("HighAllocationPercentage", "allocationPercentage", "allocation_pctage"),
}
_TERM_FIELDS = {"xml": ("SecurityTermWeekYear", "SecurityTermDayMonth"),
                "camel": ("securityTermWeekYear", "securityTermDayMonth"),
                "fiscal": ("security_term_week_year", "security_term_day_month")}
#: fields whose absence is a format error (the rest may be absent in older payloads)
_REQUIRED = ["cusip", "security_type", "auction_date", "issue_date", "maturity_date", "offering_amt_usd",
             "total_tendered", "total_accepted", "bid_to_cover"]
_TRUE = {"Y", "YES", "TRUE"}
_FALSE = {"N", "NO", "FALSE"}


# ---------------------------------------------------------------------------
# shared tidy conversion (also used by fiscaldata.py)
# ---------------------------------------------------------------------------
def _term(week_year: pd.Series, day_month: pd.Series) -> pd.Series:
    """``("13-WEEK","91-DAY") -> "13-Week"``; ``("9-YEAR","8-MONTH") -> "9-Year 8-Month"``; CMB -> ``"119-Day"``."""
    wy = week_year.fillna("").astype(str).str.strip().str.title()
    dm = day_month.fillna("").astype(str).str.strip().str.title()
    wy_zero = wy.str.match(r"^0-") | (wy == "")
    dm_zero = dm.str.match(r"^0-") | (dm == "")
    is_week = wy.str.endswith("Week")
    out = wy.where(is_week | dm_zero, wy + " " + dm)
    out = out.where(~wy_zero, dm)
    return out.replace("", pd.NA)


def _bool_column(values: pd.Series, source: str, origin: str, field: str, line_offset: int) -> pd.Series:
    s = values.fillna("").astype(str).str.strip().str.upper()
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[s.isin(_TRUE)] = True
    out[s.isin(_FALSE)] = False
    bad = ~(s.isin(_TRUE) | s.isin(_FALSE) | s.isin(["", "NULL"]))
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise BadValueError(source, origin, f"not a Yes/No flag: {s.iloc[pos]!r}", line=pos + line_offset, field=field)
    return out


def tidy_auctions(raw: pd.DataFrame, layout: str, source: str, origin: str, *, line_offset: int,
                  date_format: str) -> pd.DataFrame:
    """A frame of publisher strings (one row per auction) -> the tidy :data:`AUCTION_COLUMNS` frame.

    ``layout`` is ``"xml"``, ``"camel"`` (securities API / PowerShell CSV) or
    ``"fiscal"`` (Fiscal Data ``auctions_query``).  ``line_offset`` maps row
    position to the line (or record number) named in errors.  Missing markers:
    empty string and Fiscal Data's ``"null"``.
    """
    col = {"xml": 0, "camel": 1, "fiscal": 2}[layout]
    missing = ("", "null", "NULL", "None")
    out: dict[str, pd.Series] = {}
    n = len(raw)
    for tidy, names in FIELD_MAP.items():
        name = names[col]
        if name is None or name not in raw.columns:
            if tidy in _REQUIRED:
                raise MissingColumnError(source, origin, f"required field {name or tidy!r} is missing (renamed?)",
                                         line=line_offset - 1 if layout != "xml" else None, field=name or tidy)
            out[tidy] = pd.Series([pd.NA] * n, index=raw.index, dtype="object")
            continue
        v = raw[name]
        if tidy in _NUMERIC:
            out[tidy] = parse_numeric_column(v, source, origin, field=name, line_offset=line_offset, missing=missing)
        elif tidy in _DATES_REQUIRED:
            out[tidy] = parse_date_column(v, date_format, source, origin, field=name, line_offset=line_offset)
        elif tidy == "announcement_date":
            s = v.astype("string").str.strip().mask(lambda x: x.isin(missing))
            d = pd.to_datetime(s, format=date_format, errors="coerce")
            bad = d.isna() & s.notna()
            if bad.any():
                pos = int(np.flatnonzero(bad.to_numpy())[0])
                raise BadDateError(source, origin, f"bad date {s.iloc[pos]!r} (expected {date_format})",
                                   line=pos + line_offset, field=name)
            out[tidy] = d.astype("datetime64[ns]")
        elif tidy in _BOOLS:
            out[tidy] = _bool_column(v, source, origin, name, line_offset)
        else:
            out[tidy] = v.astype("string").str.strip().mask(lambda x: x.isin(missing))
    wy, dm = _TERM_FIELDS[layout]
    for f in (wy, dm):
        if f not in raw.columns:
            raise MissingColumnError(source, origin, f"required field {f!r} is missing (renamed?)", field=f)
    out["security_term"] = _term(raw[wy], raw[dm]).astype("string")
    if layout == "xml":
        # the XML has no CMB flag; CMBs are the bills whose term is only in days (0-WEEK)
        out["cash_management_bill"] = raw[wy].fillna("").str.strip().str.upper().eq("0-WEEK").astype("boolean")
    out["security_type"] = out["security_type"].str.title()
    out["cusip"] = out["cusip"].str.upper()
    bad = out["cusip"].isna() | (out["cusip"].str.len() != 9)
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise BadValueError(source, origin, f"not a 9-character CUSIP: {out['cusip'].iloc[pos]!r}",
                            line=pos + line_offset, field=FIELD_MAP["cusip"][col])
    df = pd.DataFrame(out, index=raw.index)[AUCTION_COLUMNS].reset_index(drop=True)
    dup = df.duplicated(AUCTION_KEYS)
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        raise DuplicateDateError(source, origin, f"auction {df['cusip'].iloc[pos]} on "
                                 f"{df['auction_date'].iloc[pos].date()} appears twice",
                                 line=pos + line_offset, field=FIELD_MAP["auction_date"][col])
    return df


def auctions_result(source: str, origin: str, df: pd.DataFrame, notes: list[str] | None = None) -> ParseResult:
    return ParseResult(source=source, origin=origin, observations=empty_observations(), series={},
                       records={"auctions": df}, record_keys={"auctions": list(AUCTION_KEYS)}, notes=notes or [])


# ---------------------------------------------------------------------------
# parsers
# ---------------------------------------------------------------------------
def _xml_line(exc: ET.ParseError) -> int | None:
    pos = getattr(exc, "position", None)
    return pos[0] if pos else None


def parse_auction_xml(raw: bytes, origin: str, source: str = NAME) -> pd.DataFrame:
    check_not_html(raw, source, origin)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        msg = str(exc)
        cls = TruncatedFileError if ("no element found" in msg or "unclosed token" in msg) else SourceFormatError
        raise cls(source, origin, f"not well-formed XML ({msg}); truncated download?", line=_xml_line(exc)) from None
    except LookupError as exc:  # the XML declaration names an encoding that does not exist
        raise SourceFormatError(source, origin, f"unreadable XML declaration ({exc})", line=1,
                                field="encoding") from None
    if root.tag != f"{{{TD_NS}}}AuctionData":
        raise MissingColumnError(source, origin, f"root element is {root.tag!r}, expected td:AuctionData", line=1,
                                 field="td:AuctionData")
    fields: dict[str, str] = {}
    for block in ("AuctionAnnouncement", "AuctionResults"):
        el = root.find(block)
        if el is None:
            raise MissingColumnError(source, origin, f"no <{block}> element", field=block)
        for child in el:
            # results repeat a few announcement elements (InterestRate...): the results' value wins when present
            text = (child.text or "").strip()
            if text or child.tag not in fields:
                fields[child.tag] = text
    frame = pd.DataFrame([fields], dtype=object)
    df = tidy_auctions(frame, "xml", source, origin, line_offset=1, date_format="%Y-%m-%d")
    # OfferingAmount is published in billions of dollars in the XML; store dollars
    df["offering_amt_usd"] = df["offering_amt_usd"] * 1e9
    return df


def parse_securities_json(raw: bytes, origin: str, source: str = NAME) -> pd.DataFrame:
    check_not_html(raw, source, origin)
    text = decode_text(raw, source, origin)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        cls = TruncatedFileError if (exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string")) else SourceFormatError
        raise cls(source, origin, f"not valid JSON ({exc.msg}); truncated download?", line=exc.lineno) from None
    if isinstance(data, dict):  # tolerate an envelope
        data = data.get("data", data.get("securities"))
    if not isinstance(data, list):
        raise MissingColumnError(source, origin, "expected a JSON array of auction records", line=1)
    if not data:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in AUCTION_COLUMNS})
    frame = pd.DataFrame.from_records(data).astype(object).where(lambda x: x.notna(), "").astype(str)
    # record numbers (1-based) stand in for lines in a JSON array
    return tidy_auctions(frame, "camel", source, origin, line_offset=1, date_format="%Y-%m-%dT%H:%M:%S")


def parse_powershell_csv(raw: bytes, origin: str, source: str = NAME) -> pd.DataFrame:
    text = decode_text(raw, source, origin)
    first, _, rest = text.partition("\n")
    if not first.startswith("#TYPE"):
        raise MissingColumnError(source, origin, f"line 1 should be the PowerShell '#TYPE ...' line, got {first[:40]!r}",
                                 line=1)
    if not rest.strip():
        raise TruncatedFileError(source, origin, "no header or data after the #TYPE line", line=2)
    body = rest.rstrip("\n")
    # PowerShell quotes every value, so every complete line ends with a quote
    last_line = body.rsplit("\n", 1)[-1]
    if not body.endswith('"') or last_line.count('"') % 2:
        raise TruncatedFileError(source, origin, "last line is cut off (no closing quote); truncated file?",
                                 line=body.count("\n") + 2)
    try:
        frame = pd.read_csv(io.StringIO(rest), dtype=str, keep_default_na=False, engine="c")
    except pd.errors.ParserError as exc:
        raise TruncatedFileError(source, origin, f"CSV cannot be read ({exc})", line=body.count("\n") + 2) from None
    short = frame.isna().any(axis=1)
    if short.any():
        pos = int(np.flatnonzero(short.to_numpy())[0])
        raise TruncatedFileError(source, origin, "line has fewer fields than the header", line=pos + 3)
    df = tidy_auctions(frame, "camel", source, origin, line_offset=3, date_format="%Y-%m-%dT%H:%M:%S")
    # the export is newest first: an older auction followed by a newer one means a spliced file
    d = df["auction_date"].to_numpy()
    wrong = np.flatnonzero(d[1:] > d[:-1])
    if wrong.size:
        pos = int(wrong[0]) + 1
        raise DateOrderError(source, origin, f"auction dates not newest-first: {pd.Timestamp(d[pos]).date()} "
                             f"follows {pd.Timestamp(d[pos - 1]).date()}", line=pos + 3, field="auctionDate")
    return df


class TreasuryDirectSource(Source):
    """TreasuryDirect auction results (records only, no time series)."""

    name = NAME
    title = "TreasuryDirect (U.S. Treasury, Bureau of the Fiscal Service): auction results"
    mirror_subdirs = ("auctions",)
    attribution = ATTRIBUTION
    expected_update_days = 7

    def catalog(self) -> list[SeriesMeta]:
        return []  # auctions are records, not series

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        params: dict[str, str] = {"format": "json"}
        if since is not None:
            # documented TA_WS search parameters: startDate/endDate (yyyy-mm-dd) with dateFieldName
            params = {"format": "json", "dateFieldName": "auctionDate",
                      "startDate": pd.Timestamp(since).strftime("%Y-%m-%d")}
            url = "https://www.treasurydirect.gov/TA_WS/securities/search"
        else:
            url = "https://www.treasurydirect.gov/TA_WS/securities/auctioned"
        return [Request(source=NAME, kind="securities_json", url=url, params=params,
                        description="auctioned securities (results of recent auctions), TreasuryDirect TA_WS")]

    @staticmethod
    def auction_xml_url(auction_date: pd.Timestamp, n: int) -> str:
        """Address of one auction's results XML (``n`` = the day's sequence number)."""
        return f"https://www.treasurydirect.gov/xml/R_{pd.Timestamp(auction_date):%Y%m%d}_{n}.xml"

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        out: list[MirrorFile] = []
        base = Path(mirror) / "auctions"
        if not base.is_dir():
            return out
        for p in sorted(base.rglob("R_*.xml")):
            out.append(MirrorFile(p, "auction_xml"))
        for p in sorted(base.glob("*powershell*.csv")):
            out.append(MirrorFile(p, "securities_powershell_csv"))
        for p in sorted(base.glob("treasurydirect_securities*.json")):
            out.append(MirrorFile(p, "securities_json"))
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind == "auction_xml":
            df = parse_auction_xml(raw, origin)
        elif kind == "securities_json":
            df = parse_securities_json(raw, origin)
        elif kind == "securities_powershell_csv":
            df = parse_powershell_csv(raw, origin)
        else:
            raise ValueError(f"treasurydirect: unknown parser kind {kind!r}")
        return auctions_result(NAME, origin, df)


SOURCE = TreasuryDirectSource()
