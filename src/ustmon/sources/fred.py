"""FRED (Federal Reserve Economic Data, Federal Reserve Bank of St. Louis).

FRED republishes most of the US series ustmon needs: H.15 Treasury yields,
H.4.1 Fed balance sheet, H.8 bank credit, H.10 exchange rates, Monthly
Treasury Statement and Treasury Bulletin debt figures, BEA GDP, the NY Fed's
SOFR and ON RRP, the Kim-Wright term premium and OECD Main Economic
Indicators rates.

Live endpoints
    * ``https://fred.stlouisfed.org/graph/fredgraph.csv?id=SERIES`` (no key;
      ``cosd=YYYY-MM-DD`` sets the first date) -> parser kind ``fredgraph_csv``;
    * with the environment variable ``FRED_API_KEY`` set, the API
      ``https://api.stlouisfed.org/fred/series/observations`` with
      ``realtime_start=1776-07-04&realtime_end=9999-12-31`` so that every ALFRED
      vintage arrives (``vintage`` column = ``realtime_start``) -> kind
      ``alfred_json``.  The key travels only in ``Request.secret_params``.

Parser kinds
    ``fredgraph_csv``      ``observation_date,ID`` (current) or ``DATE,ID`` (old
                           layout, missing = ``.``) or the retired category
                           download ``DATE,VALUE`` (id from the file name or URL);
                           several value columns are allowed (``id=A,B``).
    ``processed_csv``      third-party re-saves ``date,value`` (id from the file name).
    ``excel_resaved_csv``  ``DATE,ID`` re-saved by Excel with ``M/D/YYYY`` dates.
    ``alfred_json``        FRED API observations JSON (all vintages).

Units are the ones FRED publishes *now* (``pct`` for yields, ``usd_mn`` /
``usd_bn`` for dollar amounts as FRED scales them, ...).  WRESBAL and WTREGEN
are $mn now but were published in $bn in older vintages; a payload in
billions is recognised by magnitude and flagged in ``ParseResult.units``.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from ..errors import (
    BadValueError,
    DateOrderError,
    DuplicateDateError,
    MissingColumnError,
    NetworkError,
    TruncatedFileError,
    UnknownSeriesError,
)
from ._text import check_dates, check_not_html, decode_text, parse_date_column, parse_numeric_column
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source

NAME = "fred"
FREDGRAPH_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
API_URL = "https://api.stlouisfed.org/fred/series/observations"
SERIES_PAGE = "https://fred.stlouisfed.org/series/{id}"
#: the API's maximum page size
PAGE_LIMIT = 100_000
#: ALFRED's "all vintages" real-time window, as FRED documents it
REALTIME_START = "1776-07-04"
REALTIME_END = "9999-12-31"
API_KEY_ENV = "FRED_API_KEY"

FRED_CREDIT = "Federal Reserve Economic Data (FRED), Federal Reserve Bank of St. Louis"
NYFED_CREDIT = f"{FRED_CREDIT}; Source: Federal Reserve Bank of New York"
OECD_CREDIT = "OECD Main Economic Indicators, via FRED (Federal Reserve Economic Data, Federal Reserve Bank of St. Louis)"

# FRED writes missing observations as an empty field (current layout) or "." (old layout); nothing else.
_MISSING = ("", ".")
_ID_RE = re.compile(r"^[A-Z0-9][A-Z0-9_]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_YIELD = "H.15 Selected Interest Rates"
_H41 = "H.4.1 Factors Affecting Reserve Balances"
_MEI = "OECD Main Economic Indicators"
_TB = "Treasury Bulletin"
_OMB = "OMB Historical Tables (fiscal year)"
_FY_NOTE = "Fiscal-year total dated at the fiscal year end: June 30 through FY1976, September 30 from FY1977; no transition-quarter row."
_CMT_NOTE = "Constant-maturity yield, investment basis; every weekday, holidays missing."
_WED = "Wednesday level."
_WAVG = "Average of daily figures for the week ending Wednesday."
_FYPCT = "Annual, dated January 1 of the fiscal year."

# id, title (as FRED names it), dataset, frequency, unit, notes
_CATALOG: list[tuple[str, str, str, str, str, str]] = [
    # -- H.15 Treasury constant maturities and bills
    *[
        (f"DGS{m}", f"Market Yield on U.S. Treasury Securities at {label} Constant Maturity, Quoted on an Investment Basis",
         _YIELD, "D", "pct", _CMT_NOTE + extra)
        for m, label, extra in [
            ("1MO", "1-Month", ""), ("3MO", "3-Month", ""), ("6MO", "6-Month", ""), ("1", "1-Year", ""),
            ("2", "2-Year", ""), ("3", "3-Year", ""), ("5", "5-Year", ""), ("7", "7-Year", ""),
            ("10", "10-Year", ""),
            ("20", "20-Year", " No 20-year constant maturity 1987-01-01..1993-09-30 (empty rows)."),
            ("30", "30-Year", " Treasury suspended the 30-year CMT 2002-02-19..2006-02-08; FRED fills it with a"
                              " long-term extrapolation there."),
        ]
    ],
    ("DFII10", "Market Yield on U.S. Treasury Securities at 10-Year Constant Maturity, Quoted on an Investment Basis, "
     "Inflation-Indexed", _YIELD, "D", "pct", "TIPS real yield."),
    ("DTB4WK", "4-Week Treasury Bill Secondary Market Rate, Discount Basis", _YIELD, "D", "pct", "Discount basis, not bond-equivalent."),
    ("DTB3", "3-Month Treasury Bill Secondary Market Rate, Discount Basis", _YIELD, "D", "pct", "Discount basis, not bond-equivalent."),
    ("DTB6", "6-Month Treasury Bill Secondary Market Rate, Discount Basis", _YIELD, "D", "pct", "Discount basis, not bond-equivalent."),
    ("TB3MS", "3-Month Treasury Bill Secondary Market Rate, Discount Basis", _YIELD, "M", "pct", "Monthly average, dated the first of the month."),
    ("GS2", "Market Yield on U.S. Treasury Securities at 2-Year Constant Maturity, Quoted on an Investment Basis", _YIELD, "M", "pct",
     "Monthly average, dated the first of the month."),
    ("GS10", "Market Yield on U.S. Treasury Securities at 10-Year Constant Maturity, Quoted on an Investment Basis", _YIELD, "M", "pct",
     "Monthly average, dated the first of the month."),
    ("T10Y2Y", "10-Year Treasury Constant Maturity Minus 2-Year Treasury Constant Maturity", "FRED spread (from H.15)", "D", "pp",
     "FRED computes it as DGS10 - DGS2."),
    ("T10Y3M", "10-Year Treasury Constant Maturity Minus 3-Month Treasury Constant Maturity", "FRED spread (from H.15)", "D", "pp",
     "FRED computes it as DGS10 - DGS3MO."),
    ("THREEFYTP10", "Term Premium on a 10 Year Zero Coupon Bond", "Kim-Wright term structure model (Federal Reserve Board)", "D", "pct",
     "Kim-Wright three-factor model estimate; can be negative."),
    # -- policy and money-market rates
    ("DFF", "Federal Funds Effective Rate", _YIELD, "D", "pct", "Every calendar day (weekends carry Friday's rate)."),
    ("DFEDTARU", "Federal Funds Target Range - Upper Limit", "Federal Reserve Board policy rates", "D", "pct",
     "Every calendar day (step series); from 2008-12-16, when the FOMC moved from a single target rate (DFEDTAR) "
     "to a range."),
    ("DFEDTARL", "Federal Funds Target Range - Lower Limit", "Federal Reserve Board policy rates", "D", "pct",
     "Every calendar day (step series); from 2008-12-16."),
    ("DFEDTAR", "Federal Funds Target Rate (DISCONTINUED)", "Federal Reserve Board policy rates", "D", "pct",
     "Every calendar day (step series), 1982-09-27..2008-12-15; replaced by the target range DFEDTARL/DFEDTARU."),
    ("EFFRVOL", "Effective Federal Funds Volume", "FRBNY reference rates", "D", "usd_bn",
     "Published by the Federal Reserve Bank of New York with the EFFR; business days, holidays missing."),
    ("IORB", "Interest Rate on Reserve Balances", "Federal Reserve Board policy rates", "D", "pct", "Every calendar day; step series from 2021-07-29."),
    ("SOFR", "Secured Overnight Financing Rate", "FRBNY reference rates", "D", "pct", "Published by the Federal Reserve Bank of New York."),
    ("RRPONTSYD", "Overnight Reverse Repurchase Agreements: Treasury Securities Sold by the Federal Reserve in the Temporary Open "
     "Market Operations", "FRBNY temporary open market operations", "D", "usd_bn",
     "Published by the Federal Reserve Bank of New York; empty on days without an operation."),
    ("RPONTSYD", "Overnight Repurchase Agreements: Treasury Securities Purchased by the Federal Reserve in the Temporary Open "
     "Market Operations", "FRBNY temporary open market operations", "D", "usd_bn",
     "Standing repo facility take-up; published by the Federal Reserve Bank of New York."),
    # -- H.4.1 Fed balance sheet
    ("WALCL", "Assets: Total Assets: Total Assets (Less Eliminations from Consolidation): Wednesday Level", _H41, "W", "usd_mn", _WED),
    ("TREAST", "Assets: Securities Held Outright: U.S. Treasury Securities: Wednesday Level", _H41, "W", "usd_mn", _WED),
    ("WSHOSHO", "Assets: Securities Held Outright: Securities Held Outright: Wednesday Level", _H41, "W", "usd_mn", _WED),
    ("WSHOMCB", "Assets: Securities Held Outright: Mortgage-Backed Securities: Wednesday Level", _H41, "W", "usd_mn", _WED),
    ("WRESBAL", "Liabilities and Capital: Other Factors Draining Reserve Balances: Reserve Balances with Federal Reserve Banks: "
     "Week Average", _H41, "W", "usd_mn", _WAVG + " Older FRED vintages are in $bn (detected by magnitude)."),
    ("WTREGEN", "Liabilities and Capital: Liabilities: Deposits with F.R. Banks, Other Than Reserve Balances: U.S. Treasury, "
     "General Account: Week Average", _H41, "W", "usd_mn", _WAVG + " Older FRED vintages are in $bn (detected by magnitude)."),
    ("WLRRAL", "Liabilities and Capital: Liabilities: Reverse Repurchase Agreements: Wednesday Level", _H41, "W", "usd_mn", _WED),
    # -- H.8 banks
    ("USGSEC", "Treasury and Agency Securities, All Commercial Banks", "H.8 Assets and Liabilities of Commercial Banks", "W", "usd_mn",
     "Seasonally adjusted, dated Wednesday; unit judged by magnitude of current values (~4.8 million in 2026)."),
    ("TOTBKCR", "Bank Credit, All Commercial Banks", "H.8 Assets and Liabilities of Commercial Banks", "W", "usd_bn",
     "Seasonally adjusted, dated Wednesday."),
    # -- Z.1
    ("MMMFFAQ027S", "Money Market Funds; Total Financial Assets, Level", "Z.1 Financial Accounts of the United States", "Q", "usd_mn",
     "Z.1 table L.121 line 1 (Federal Reserve Board series FL634090005, stored from Z.1 as Z1.FL634090005). "
     "Quarter-end level dated the first day of the quarter; zeros until 1973Q4, missing 1946-1951 Q1-Q3 (annual data)."),
    # -- H.10 exchange rates
    ("DEXJPUS", "Japanese Yen to U.S. Dollar Spot Exchange Rate", "H.10 Foreign Exchange Rates", "D", "jpy_per_usd",
     "Noon buying rates in New York."),
    ("DEXUSEU", "U.S. Dollars to Euro Spot Exchange Rate", "H.10 Foreign Exchange Rates", "D", "usd_per_eur",
     "Noon buying rates in New York (not the ECB reference rate)."),
    # -- OECD MEI
    ("IR3TIB01EZM156N", "Interest Rates: 3-Month or 90-Day Rates and Yields: Interbank Rates: Total for Euro Area (19 Countries)",
     _MEI, "M", "pct", "Monthly average."),
    ("IR3TIB01JPM156N", "Interest Rates: 3-Month or 90-Day Rates and Yields: Interbank Rates: Total for Japan", _MEI, "M", "pct", "Monthly average."),
    *[
        (f"IRLTLT01{c}M156N", f"Interest Rates: Long-Term Government Bond Yields: 10-Year: Main (Including Benchmark) for {n}",
         _MEI, "M", "pct", "Monthly average.")
        for c, n in [("JP", "Japan"), ("DE", "Germany"), ("EZ", "Euro Area (19 Countries)"), ("US", "United States")]
    ],
    # -- financial conditions (copyrighted by regional Reserve Banks)
    ("NFCI", "Chicago Fed National Financial Conditions Index", "Federal Reserve Bank of Chicago NFCI", "W", "index",
     "Dated Friday. Copyrighted by the Federal Reserve Bank of Chicago: do not redistribute (not bundled)."),
    ("STLFSI4", "St. Louis Fed Financial Stress Index", "Federal Reserve Bank of St. Louis STLFSI", "W", "index",
     "Dated Friday. Copyrighted by the Federal Reserve Bank of St. Louis: do not redistribute (not bundled)."),
    # -- Monthly Treasury Statement
    ("MTSDS133FMS", "Federal Surplus or Deficit [-]", "MTS Monthly Treasury Statement", "M", "usd_mn",
     "Monthly, dated the first of the month; deficit negative."),
    ("MTSR133FMS", "Federal Receipts", "MTS Monthly Treasury Statement", "M", "usd_mn", "Monthly, dated the first of the month."),
    ("MTSO133FMS", "Federal Outlays", "MTS Monthly Treasury Statement", "M", "usd_mn", "Monthly, dated the first of the month."),
    # -- Treasury Bulletin debt
    ("GFDEBTN", "Federal Debt: Total Public Debt", _TB, "Q", "usd_mn", "Quarter-end level dated the first day of the quarter."),
    ("FYGFDPUN", "Federal Debt Held by the Public", _TB, "Q", "usd_mn", "Quarter-end level dated the first day of the quarter."),
    ("FDHBFIN", "Federal Debt Held by Foreign and International Investors", _TB, "Q", "usd_bn",
     "Quarter-end level dated the first day of the quarter."),
    ("FDHBFRB", "Federal Debt Held by Federal Reserve Banks", _TB, "Q", "usd_bn", "Quarter-end level dated the first day of the quarter."),
    ("FDHBPI", "Federal Debt Held by Private Investors", _TB, "Q", "usd_bn", "Quarter-end level dated the first day of the quarter."),
    ("FDHBATN", "Federal Debt Held by Agencies and Trusts", _TB, "Q", "usd_mn", "Quarter-end level dated the first day of the quarter."),
    ("GFDEGDQ188S", "Federal Debt: Total Public Debt as Percent of Gross Domestic Product", "FRED (GFDEBTN / GDP)", "Q", "pct_of_gdp", ""),
    ("FYGFGDQ188S", "Federal Debt Held by the Public as Percent of Gross Domestic Product", "FRED (FYGFDPUN / GDP)", "Q", "pct_of_gdp", ""),
    # -- fiscal-year budget totals
    ("FYFR", "Federal Receipts", _OMB, "A", "usd_mn", _FY_NOTE),
    ("FYONET", "Federal Net Outlays", _OMB, "A", "usd_mn", _FY_NOTE),
    ("FYFSD", "Federal Surplus or Deficit [-]", _OMB, "A", "usd_mn", _FY_NOTE + " Deficit negative."),
    ("FYOINT", "Federal Outlays: Interest", _OMB, "A", "usd_mn", _FY_NOTE),
    ("FYGDP", "Gross Domestic Product (fiscal year)", _OMB, "A", "usd_bn", _FY_NOTE),
    ("FYGFD", "Gross Federal Debt", _OMB, "A", "usd_bn", _FY_NOTE + " End-of-fiscal-year level."),
    ("FYGFDPUB", "Federal Debt Held by the Public", _OMB, "A", "usd_bn", _FY_NOTE + " End-of-fiscal-year level."),
    ("FYFSDFYGDP", "Federal Surplus or Deficit [-] as Percent of Gross Domestic Product", _OMB, "A", "pct_of_gdp",
     _FY_NOTE + " Discontinued by FRED (replaced by FYFSGDA188S)."),
    ("FYFSGDA188S", "Federal Surplus or Deficit [-] as Percent of Gross Domestic Product", "FRED (FYFSD / GDPA)", "A", "pct_of_gdp", _FYPCT),
    ("FYFRGDA188S", "Federal Receipts as Percent of Gross Domestic Product", "FRED (FYFR / GDPA)", "A", "pct_of_gdp", _FYPCT),
    ("FYONGDA188S", "Federal Net Outlays as Percent of Gross Domestic Product", "FRED (FYONET / GDPA)", "A", "pct_of_gdp", _FYPCT),
    ("FYOIGDA188S", "Federal Outlays: Interest as Percent of Gross Domestic Product", "FRED (FYOINT / GDPA)", "A", "pct_of_gdp", _FYPCT),
    ("FYPUGDA188S", "Federal Debt Held by the Public as Percent of Gross Domestic Product", "FRED (FYGFDPUB / GDPA)", "A", "pct_of_gdp", _FYPCT),
    ("GFDGDPA188S", "Gross Federal Debt as Percent of Gross Domestic Product", "FRED (FYGFD / GDPA)", "A", "pct_of_gdp", _FYPCT),
    # -- BEA national accounts
    ("GDP", "Gross Domestic Product", "BEA National Income and Product Accounts", "Q", "usd_bn_saar",
     "Seasonally adjusted annual rate, dated the first day of the quarter."),
    ("A091RC1Q027SBEA", "Federal government current expenditures: Interest payments", "BEA National Income and Product Accounts", "Q",
     "usd_bn_saar", "Seasonally adjusted annual rate, dated the first day of the quarter."),
]

_NYFED_IDS = {"SOFR", "RRPONTSYD", "RPONTSYD", "EFFRVOL"}
_OECD_PREFIXES = ("IR3TIB01", "IRLTLT01")

#: Series FRED now publishes in $mn but once published in $bn, with the
#: median (last year of values) below which a payload must be in billions.
#: WRESBAL: the 365-day median in $mn never fell below ~8,000 (2007), and in
#: $bn never exceeded ~4,000 (2022).  WTREGEN: $mn median >= ~4,800 (2007),
#: $bn median <= ~1,600 (2021).  A $bn payload predates the switch, so it
#: cannot grow past those peaks.
_BILLIONS_ONCE: dict[str, float] = {"WRESBAL": 6_000.0, "WTREGEN": 2_500.0}


def _attribution(sid: str) -> str:
    if sid in _NYFED_IDS:
        return NYFED_CREDIT
    if sid.startswith(_OECD_PREFIXES):
        return OECD_CREDIT
    return FRED_CREDIT


def _meta(sid: str, title: str, dataset: str, freq: str, unit: str, notes: str) -> SeriesMeta:
    return SeriesMeta(id=sid, title=title, source=NAME, dataset=dataset, frequency=freq, unit=unit,
                      url=SERIES_PAGE.format(id=sid), attribution=_attribution(sid), notes=notes)


CATALOG: dict[str, SeriesMeta] = {row[0]: _meta(*row) for row in _CATALOG}


def _guess_frequency(dates: pd.Series) -> str:
    """D/W/M/Q/A from the median spacing of observation dates (for series outside the catalog)."""
    if len(dates) < 3:
        return "irregular"
    step = float(np.median(np.diff(dates.to_numpy()).astype("timedelta64[D]").astype(float)))
    for limit, freq in ((3.5, "D"), (10, "W"), (45, "M"), (135, "Q"), (500, "A")):
        if step <= limit:
            return freq
    return "irregular"


def series_meta(sid: str, dates: pd.Series | None = None) -> SeriesMeta:
    """Catalog entry, or a stand-in (unit ``as_published``) for a FRED id ustmon does not know."""
    if sid in CATALOG:
        return CATALOG[sid]
    freq = _guess_frequency(dates) if dates is not None else "irregular"
    return _meta(sid, f"FRED series {sid} (not in ustmon's catalog; see the FRED series page for its title and units)",
                 "FRED", freq, "as_published", "Not in ustmon's catalog: values kept exactly as FRED publishes them.")


def series_id_from_origin(origin: str) -> str | None:
    """Series id implied by a URL (``id=`` / ``series_id=`` query parameter) or a file name.

    File names: the stem up to the first ``_`` or ``-``
    (``MTSDS133FMS_thru-2024-10_DATEheader.csv`` -> ``MTSDS133FMS``).
    """
    parts = urlsplit(origin)
    if parts.query:
        q = parse_qs(parts.query)
        for key in ("id", "series_id"):
            if q.get(key):
                return q[key][0].split(",")[0].strip().upper()
    name = Path(parts.path if parts.scheme in ("http", "https") else origin).name
    if "!" in name:  # zip member origin "archive.zip!member.csv"
        name = name.split("!")[-1]
    stem = re.split(r"[_\-]", name.rsplit(".", 1)[0], maxsplit=1)[0].strip().upper()
    if stem and _ID_RE.match(stem) and stem != "FREDGRAPH":
        return stem
    return None


def _units_of_payload(sid: str, dates: pd.Series, values: pd.Series) -> str | None:
    """``"usd_bn"`` if a series FRED now gives in $mn arrives in $bn (median of the last year of values)."""
    threshold = _BILLIONS_ONCE.get(sid)
    if threshold is None:
        return None
    ok = values.notna().to_numpy()
    if not ok.any():
        return None
    d = dates.to_numpy()[ok]
    v = values.to_numpy()[ok]
    last_year = d >= d.max() - np.timedelta64(365, "D")
    median = float(np.median(np.abs(v[last_year])))
    return "usd_bn" if median < threshold else None


class FredSource(Source):
    """FRED and ALFRED (Federal Reserve Bank of St. Louis)."""

    name = NAME
    title = "FRED, Federal Reserve Bank of St. Louis"
    mirror_subdirs = ("fred",)
    attribution = FRED_CREDIT
    expected_update_days = 7

    # -- describe ----------------------------------------------------------
    def catalog(self) -> list[SeriesMeta]:
        return list(CATALOG.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        """fredgraph.csv per series, or the ALFRED API (all vintages) when ``FRED_API_KEY`` is set."""
        ids = list(CATALOG) if series is None else [s.strip().upper() for s in series]
        for sid in ids:
            if not _ID_RE.match(sid):
                raise UnknownSeriesError(f"fred: {sid!r} is not a FRED series id (letters, digits and '_' only)")
        key = os.environ.get(API_KEY_ENV, "").strip()
        start = pd.Timestamp(since).strftime("%Y-%m-%d") if since is not None else None
        out: list[Request] = []
        for sid in ids:
            if key:
                params: dict[str, object] = {
                    "series_id": sid, "file_type": "json",
                    "realtime_start": REALTIME_START, "realtime_end": REALTIME_END,
                    "limit": PAGE_LIMIT,
                }
                if start:
                    params["observation_start"] = start
                out.append(Request(source=NAME, kind="alfred_json", url=API_URL, params=params,
                                   secret_params={"api_key": key},
                                   description=f"{sid}: all ALFRED vintages from the FRED API"))
            else:
                params = {"id": sid}
                if start:
                    params["cosd"] = start
                out.append(Request(source=NAME, kind="fredgraph_csv", url=FREDGRAPH_URL, params=params,
                                   description=f"{sid}: current values (fredgraph.csv)"))
        return out

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        """Every CSV (and saved API JSON) under ``mirror/fred``, the kind chosen from its first lines."""
        root = Path(mirror) / "fred"
        if not root.is_dir():
            return []
        out: list[MirrorFile] = []
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            suffix = path.suffix.lower()
            if suffix == ".json":
                out.append(MirrorFile(path, "alfred_json"))
            elif suffix == ".csv":
                kind = _sniff_csv(path)
                if kind:
                    out.append(MirrorFile(path, kind))
        return out

    # -- get -----------------------------------------------------------------
    def fetch(self, request: Request, http) -> list[tuple[bytes, str]]:
        """One GET for fredgraph.csv; for the API, follow ``offset`` pages and merge them into one payload."""
        if request.kind != "alfred_json":
            return super().fetch(request, http)
        sid = str(request.params.get("series_id", "?"))
        limit = int(request.params.get("limit", PAGE_LIMIT))
        pages: list[tuple[dict, bytes, str]] = []
        offset = int(request.params.get("offset", 0))
        for _ in range(10_000):  # hard stop against a server that never ends
            params = dict(request.params)
            if offset:
                params["offset"] = offset
            try:
                raw, origin = http.get(request.url, params=params, secret_params=request.secret_params)
            except NetworkError as exc:
                body = getattr(exc, "body", None)
                if body:
                    self.parse(body, exc.url, "alfred_json")  # raises UnknownSeriesError for the API's JSON error
                if exc.status == 400:
                    # HttpClient drops 4xx bodies; the API answers 400 for an unknown series id.
                    raise UnknownSeriesError(
                        f"fred: {exc.url}: the FRED API rejected series {sid!r} (HTTP 400: "
                        "the series does not exist, or the API key is not valid)") from None
                raise
            try:
                obj = json.loads(raw)
            except ValueError:
                return [(raw, origin)]  # parse() raises the typed error
            if not isinstance(obj, dict) or not isinstance(obj.get("observations"), list):
                return [(raw, origin)]
            pages.append((obj, raw, origin))
            got = len(obj["observations"])
            count = int(obj.get("count", got) or 0)
            if got == 0 or offset + got >= count:
                break
            offset += got
        if len(pages) == 1:
            return [(pages[0][1], pages[0][2])]
        merged = dict(pages[0][0])
        merged["observations"] = [o for page in pages for o in page[0]["observations"]]
        merged["offset"] = 0
        merged["limit"] = max(limit, len(merged["observations"]))
        return [(json.dumps(merged).encode("utf-8"), pages[0][2])]

    # -- parse -----------------------------------------------------------------
    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind == "fredgraph_csv":
            return _parse_csv(raw, origin, date_fmt="%Y-%m-%d", date_headers=("observation_date", "DATE"))
        if kind == "excel_resaved_csv":
            return _parse_csv(raw, origin, date_fmt="%m/%d/%Y", date_headers=("DATE", "observation_date"))
        if kind == "processed_csv":
            return _parse_csv(raw, origin, date_fmt="%Y-%m-%d", date_headers=("date",), processed=True)
        if kind == "alfred_json":
            return _parse_alfred(raw, origin)
        raise ValueError(f"fred: unknown parser kind {kind!r}")


def _sniff_csv(path: Path) -> str | None:
    with open(path, "rb") as fh:
        head = fh.read(400)
    lines = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace").replace("\r", "").split("\n")
    if len(lines) < 2:
        return "fredgraph_csv"  # one line or empty: let the parser say what is wrong with it
    header = [c.strip().strip('"') for c in lines[0].split(",")]
    first = lines[1].split(",")[0].strip()
    if header == ["date", "value"]:
        return "processed_csv"
    if header[0] in ("observation_date", "DATE") and len(header) >= 2:
        if re.match(r"^\d{1,2}/\d{1,2}/\d{4}$", first):
            return "excel_resaved_csv"
        if _ISO_DATE.match(first) or first == "":
            return "fredgraph_csv"
    # anything else named *.csv in the FRED folder (an HTML error page saved under a data file's name,
    # a truncated download) goes to the main parser, whose error names the file: never skipped silently
    return "fredgraph_csv"


def _check_last_line(text: str, n_fields: int, date_re: re.Pattern[str], origin: str, n_lines: int) -> None:
    """FRED files end with a newline; a last line without one that looks cut off is a truncated download."""
    if text.endswith("\n"):
        return
    last = text.rsplit("\n", 1)[-1]
    fields = last.split(",")
    cut = (
        len(fields) != n_fields
        or not date_re.match(fields[0].strip())
        # a number cut mid-way ("4." or "-" or "1.5e"); "." alone is the old missing marker
        or any(f.strip() not in (".",) and f.strip()[-1:] in (".", "-", "+", "e", "E") for f in fields[1:])
        # an empty last value with no final newline: the line was cut right after its comma
        or not fields[-1].strip()
    )
    if cut:
        raise TruncatedFileError(NAME, origin, f"file ends in the middle of a line ({last[:40]!r}, no final newline)",
                                 line=n_lines)


def _parse_csv(raw: bytes, origin: str, *, date_fmt: str, date_headers: tuple[str, ...],
               processed: bool = False) -> ParseResult:
    text = decode_text(raw, NAME, origin)
    text = text.rstrip("\n") + "\n" if text.endswith("\n") else text
    header_line, _, body = text.partition("\n")
    header = [c.strip().strip('"') for c in header_line.split(",")]
    if header[0] not in date_headers:
        raise MissingColumnError(NAME, origin, f"first column is {header[0][:40]!r}, expected one of {list(date_headers)}",
                                 line=1, field=header[0][:40])
    if len(header) < 2 or any(not h for h in header[1:]):
        raise MissingColumnError(NAME, origin, "header has no series column", line=1, field=header_line[:60])
    value_cols = header[1:]
    # Which series?  The header names it, except in the retired DATE,VALUE category download and processed files.
    ids: list[str] = []
    for col in value_cols:
        if col.upper() == "VALUE":
            sid = series_id_from_origin(origin)
            if sid is None:
                raise MissingColumnError(NAME, origin, "column is 'VALUE' and the file name / URL does not name the series",
                                         line=1, field=col)
            ids.append(sid)
        else:
            sid = col.upper()
            if not _ID_RE.match(sid):
                raise MissingColumnError(NAME, origin, f"column {col[:40]!r} is not a FRED series id", line=1, field=col[:40])
            ids.append(sid)
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    date_re = _ISO_DATE if date_fmt == "%Y-%m-%d" else re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
    _check_last_line(text, len(header), date_re, origin, n_lines)

    names = ["date", *[f"v{i}" for i in range(len(ids))]]
    fast = _read_fast(body, names, date_fmt, len(header))
    if fast is None:  # something is wrong: the string path finds and names the line
        dates, columns = _read_checked(body, names, header, date_fmt, origin)
    else:
        dates, columns = fast
    check_dates(dates, NAME, origin, order="ascending", line_offset=2, field=header[0])
    frames = []
    series: dict[str, SeriesMeta] = {}
    units: dict[str, str] = {}
    for sid, values in zip(ids, columns):
        frames.append(pd.DataFrame({"series_id": _const(sid, len(dates)), "date": dates.to_numpy(), "value": values.to_numpy()}))
        series[sid] = series_meta(sid, dates)
        unit = _units_of_payload(sid, dates, values)
        if unit:
            units[sid] = unit
    obs = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    obs = _tidy(obs)
    notes = [f"{sid}: payload in {u} (catalog unit {series[sid].unit})" for sid, u in units.items()]
    return ParseResult(source=NAME, origin=origin, observations=obs, series=series, units=units, notes=notes)


def _read_fast(body: str, names: list[str], date_fmt: str, n_fields: int) -> tuple[pd.Series, list[pd.Series]] | None:
    """Plain pandas read of a well-formed ISO-dated body; None when anything looks off (the checked path then names it)."""
    if not body.strip() or date_fmt != "%Y-%m-%d":
        return None
    data = body.encode("utf-8")
    b = np.frombuffer(data, dtype=np.uint8)
    nl = np.flatnonzero(b == 10)
    # every row must have exactly n_fields fields; short rows would silently read as missing values
    rows = nl.size + (0 if body.endswith("\n") else 1)
    if int(np.count_nonzero(b == 44)) != rows * (n_fields - 1):
        return None
    # every row starts YYYY-MM-DD, (pandas' ISO8601 fast path would also take "2020-01" or a time of day)
    starts = np.concatenate(([0], nl + 1))
    starts = starts[starts < len(b)]
    if starts.size and (starts.max() + 10 >= len(b) or not (
            (b[starts + 4] == 45).all() and (b[starts + 7] == 45).all() and (b[starts + 10] == 44).all())):
        return None
    try:
        df = pd.read_csv(io.BytesIO(data), header=None, names=names, dtype={n: "float64" for n in names[1:]},
                         parse_dates=["date"], date_format="ISO8601", na_values=list(_MISSING),
                         keep_default_na=False, skip_blank_lines=False, engine="c")
    except (ValueError, pd.errors.ParserError):
        return None
    if not pd.api.types.is_datetime64_dtype(df["date"].dtype) or df["date"].isna().any():
        return None
    try:
        dates = df["date"].astype("datetime64[ns]")
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        return None  # year 1 or 9999: the checked path names the line
    return dates, [df[n] for n in names[1:]]


def _first_line_with_wrong_field_count(body: str, n_fields: int) -> tuple[int, int] | None:
    """(0-based row, its field count) of the first row whose comma count differs from the header's; vectorised."""
    b = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    if not b.size:
        return None
    ends = np.flatnonzero(b == 10)
    if b[-1] != 10:
        ends = np.append(ends, b.size)
    commas = np.concatenate(([0], np.cumsum(b == 44)))
    starts = np.concatenate(([0], ends[:-1] + 1))
    per_line = commas[ends] - commas[starts]
    wrong = np.flatnonzero(per_line != n_fields - 1)
    if wrong.size:
        return int(wrong[0]), int(per_line[wrong[0]]) + 1
    return None


def _read_checked(body: str, names: list[str], header: list[str], date_fmt: str,
                  origin: str) -> tuple[pd.Series, list[pd.Series]]:
    """String-by-column parse that raises a typed error naming the first bad line and field."""
    bad = _first_line_with_wrong_field_count(body, len(header))
    if bad is not None:
        pos, n = bad
        raise BadValueError(NAME, origin, f"row has {n} fields, the header has {len(header)}", line=pos + 2)
    if body.strip():
        try:
            df = pd.read_csv(io.StringIO(body), header=None, names=names, dtype=str, keep_default_na=False,
                             na_values=[], skip_blank_lines=False, engine="c")
        except pd.errors.ParserError as exc:
            m = re.search(r"line (\d+)", str(exc))
            line = int(m.group(1)) + 1 if m else None
            raise BadValueError(NAME, origin, f"row has more fields than the header's {len(header)}", line=line) from None
    else:
        df = pd.DataFrame({c: pd.Series([], dtype=object) for c in names})
    # A blank line in the middle (or a row with too few fields) reads as NaN rather than "".
    short = df.isna().any(axis=1).to_numpy()
    if short.any():
        pos = int(np.flatnonzero(short)[0])
        raise BadValueError(NAME, origin, f"row has fewer fields than the header's {len(header)}", line=pos + 2)
    dates = parse_date_column(df["date"], date_fmt, NAME, origin, field=header[0], line_offset=2)
    columns = [parse_numeric_column(df[n], NAME, origin, field=col, line_offset=2, missing=_MISSING)
               for n, col in zip(names[1:], header[1:])]
    return dates, columns


def _const(sid: str, n: int) -> pd.Series:
    """An object-dtype column of one series id (pandas 3 would otherwise infer its slower string dtype)."""
    arr = np.empty(n, dtype=object)
    arr[:] = sid
    return pd.Series(arr, dtype=object)


def _tidy(obs: pd.DataFrame) -> pd.DataFrame:
    if obs["series_id"].dtype != object:
        obs["series_id"] = obs["series_id"].astype(object)
    obs["date"] = obs["date"].astype("datetime64[ns]")
    obs["value"] = obs["value"].astype("float64")
    return obs


def _parse_alfred(raw: bytes, origin: str) -> ParseResult:
    """FRED API ``series/observations`` JSON, one row per (date, vintage); vintage = ``realtime_start``."""
    check_not_html(raw, NAME, origin)
    text = decode_text(raw, NAME, origin)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        if not text.rstrip().endswith(("}", "]")) or exc.pos >= len(text.rstrip()) - 1:
            raise TruncatedFileError(NAME, origin, f"JSON ends early ({exc.msg})", line=exc.lineno) from None
        raise BadValueError(NAME, origin, f"not valid JSON ({exc.msg}, column {exc.colno})", line=exc.lineno) from None
    sid = series_id_from_origin(origin)
    if isinstance(obj, dict) and "error_code" in obj:
        msg = str(obj.get("error_message", ""))
        if "does not exist" in msg.lower():
            raise UnknownSeriesError(f"fred: {origin}: FRED has no series {sid or '?'!r} ({' '.join(msg.split())})")
        raise NetworkError(origin, f"FRED API error {obj.get('error_code')}: {' '.join(msg.split())}",
                           status=int(obj["error_code"]) if str(obj.get("error_code", "")).isdigit() else None)
    if not isinstance(obj, dict) or not isinstance(obj.get("observations"), list):
        raise MissingColumnError(NAME, origin, "JSON has no 'observations' list", field="observations")
    if sid is None:
        raise MissingColumnError(NAME, origin, "the API payload does not name its series; the URL needs series_id= "
                                 "or the file name must start with the series id", field="series_id")
    records = obj["observations"]
    df = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["realtime_start", "date", "value"])
    for col in ("realtime_start", "date", "value"):
        if col not in df.columns:
            raise MissingColumnError(NAME, origin, f"observations lack {col!r}", field=col)
        bad = df[col].isna().to_numpy()
        if bad.any():
            raise MissingColumnError(NAME, origin, f"observation lacks {col!r}", line=int(np.flatnonzero(bad)[0]) + 1, field=col)
    # line = 1-based index of the observation record
    dates = parse_date_column(df["date"], "%Y-%m-%d", NAME, origin, field="date", line_offset=1)
    vintages = parse_date_column(df["realtime_start"], "%Y-%m-%d", NAME, origin, field="realtime_start", line_offset=1)
    values = parse_numeric_column(df["value"].astype(str), NAME, origin, field="value", line_offset=1, missing=_MISSING)
    d = dates.to_numpy()
    if len(d) > 1:
        back = np.flatnonzero(d[1:] < d[:-1])
        if back.size:
            pos = int(back[0]) + 1
            raise DateOrderError(NAME, origin, f"dates not ascending: {pd.Timestamp(d[pos]).date()} follows "
                                 f"{pd.Timestamp(d[pos - 1]).date()}", line=pos + 1, field="date")
    dup = pd.DataFrame({"d": d, "v": vintages.to_numpy()}).duplicated().to_numpy()
    if dup.any():
        pos = int(np.flatnonzero(dup)[0])
        raise DuplicateDateError(NAME, origin, f"two observations for {pd.Timestamp(d[pos]).date()} in vintage "
                                 f"{pd.Timestamp(vintages.iloc[pos]).date()}", line=pos + 1, field="date")
    obs = pd.DataFrame({"series_id": _const(sid, len(d)), "date": d, "value": values.to_numpy(), "vintage": vintages.to_numpy()})
    obs = _tidy(obs)
    obs["vintage"] = obs["vintage"].astype("datetime64[ns]")
    notes: list[str] = []
    units: dict[str, str] = {}
    if sid in _BILLIONS_ONCE and len(obs):
        obs, n = _rescale_old_billions(obs)
        if n:
            notes.append(f"{sid}: {n} values from vintages in $bn multiplied by 1000 to match the latest vintage ($mn)")
        latest = obs.sort_values("vintage", kind="stable").groupby("date", sort=True).tail(1).sort_values("date")
        unit = _units_of_payload(sid, latest["date"], latest["value"])
        if unit:
            units[sid] = unit
            notes.append(f"{sid}: payload in {unit} (catalog unit {CATALOG[sid].unit})")
    count = obj.get("count")
    if isinstance(count, int) and count > len(records) + int(obj.get("offset", 0) or 0):
        notes.append(f"page of {len(records)} of {count} observations (offset {obj.get('offset', 0)})")
    series = {sid: series_meta(sid, obs["date"].drop_duplicates())}
    return ParseResult(source=NAME, origin=origin, observations=obs, series=series, units=units, notes=notes)


def _rescale_old_billions(obs: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Within one ALFRED payload, bring vintages published in $bn to the scale of the date's latest vintage.

    A value about 1/1000 of the latest vintage's value for the same date
    (ratio between 300 and 3000) was published in billions.
    """
    order = obs.sort_values(["date", "vintage"], kind="stable").index
    latest = obs.loc[order].groupby("date")["value"].transform("last").reindex(obs.index)
    ratio = latest / obs["value"]
    old = ((ratio > 300) & (ratio < 3000)).to_numpy()
    if old.any():
        obs.loc[old, "value"] = obs.loc[old, "value"] * 1000.0
    return obs, int(old.sum())


SOURCE = FredSource()
