"""CFTC Traders in Financial Futures (TFF), futures only: positioning in the Treasury futures.

Publisher: U.S. Commodity Futures Trading Commission (CFTC), Commitments of
Traders, "Traders in Financial Futures" (TFF) report, futures-only version.
Positions are as of the Tuesday **report date** and released the following
Friday.  Units: positions and open interest in **contracts** (unit
``contracts``; the face value per contract is in :data:`UST_CONTRACTS`),
trader counts in **traders** (unit ``traders``).

Payloads (kinds)
    ``tff_annual_txt``   the annual text ``FinFutYY.txt``: CSV, 87 columns, quoted
                         header, rows grouped by market, newest week first;
    ``tff_zip``          the annual zip ``fut_fin_txt_YYYY.zip`` holding ``FinFutYY.txt``;
    ``tff_weekly``       the latest week ``FinFutWk.txt``: the same 87 columns
                         in the same order, but **no header row**;
    ``tff_socrata_json`` the public-reporting API (Socrata dataset ``gpe5-46if``),
                         a JSON array of records with lower-case, irregular field
                         names (``lev_money_positions_short`` but
                         ``dealer_positions_short_all``).

Markets are keyed on ``CFTC_Contract_Market_Code``, never on names: the names
changed with the 2022-02-08 report (``10-YEAR U.S. TREASURY NOTES - CHICAGO
BOARD OF TRADE`` became ``UST 10Y NOTE - CHICAGO BOARD OF TRADE``).

Series ids
    ``CFTC.TFF.<code>.<GROUP>.<LONG|SHORT|SPREAD>``           positions, contracts
    ``CFTC.TFF.<code>.OI``                                     open interest, contracts
    ``CFTC.TFF.<code>.<GROUP>.TRADERS.<LONG|SHORT|SPREAD>``   number of traders
with GROUP one of DEALER, ASSET_MGR, LEV_MONEY, OTHER_REPT, NONREPT
(NONREPT has LONG and SHORT positions only and no trader counts).  A bare
``.`` in the file (a suppressed trader count under 4, or a contract's first
week of ``Change_in_*``) is NaN, never 0.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..conventions import contracts as _contracts
from ..errors import (
    BadDateError,
    BadValueError,
    DateOrderError,
    DuplicateDateError,
    MissingColumnError,
    SourceFormatError,
    TruncatedFileError,
)
from ._text import check_not_html, decode_text, read_zip_member
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations

if TYPE_CHECKING:  # pragma: no cover
    from ..fetch import HttpClient

SOURCE_KEY = "cftc"
DATASET = "TFF futures only"
ATTRIBUTION = "U.S. Commodity Futures Trading Commission, Traders in Financial Futures report"

ANNUAL_ZIP_URL = "https://www.cftc.gov/files/dea/history/fut_fin_txt_{year}.zip"
WEEKLY_URL = "https://www.cftc.gov/dea/newcot/FinFutWk.txt"
SOCRATA_URL = "https://publicreporting.cftc.gov/resource/gpe5-46if.json"
#: first year of the annual TFF history files the default update fetches
FIRST_YEAR = 2010
#: Socrata page size (SODA allows up to 50,000 rows per request)
SOCRATA_PAGE = 50_000
#: the zip member: CFTC names it literally ``FinFutYY.txt``; accept ``FinFut24.txt`` too
ZIP_MEMBER = r"FinFut(YY|\d\d)\.txt"


#: one contract (:class:`ustmon.conventions.contracts.Contract`), under its old name here
UstContract = _contracts.Contract
#: The six Treasury futures in the TFF report (CBOT), keyed by CFTC contract market code, from the one
#: contract table :data:`ustmon.conventions.contracts.CONTRACTS`.
UST_CONTRACTS: dict[str, UstContract] = _contracts.BY_CFTC_CODE

#: The 87 columns of FinFutYY.txt / FinFutWk.txt, in file order (the weekly file has no header).
COLUMNS: list[str] = [
    "Market_and_Exchange_Names", "As_of_Date_In_Form_YYMMDD", "Report_Date_as_YYYY-MM-DD",
    "CFTC_Contract_Market_Code", "CFTC_Market_Code", "CFTC_Region_Code", "CFTC_Commodity_Code",
    "Open_Interest_All",
    "Dealer_Positions_Long_All", "Dealer_Positions_Short_All", "Dealer_Positions_Spread_All",
    "Asset_Mgr_Positions_Long_All", "Asset_Mgr_Positions_Short_All", "Asset_Mgr_Positions_Spread_All",
    "Lev_Money_Positions_Long_All", "Lev_Money_Positions_Short_All", "Lev_Money_Positions_Spread_All",
    "Other_Rept_Positions_Long_All", "Other_Rept_Positions_Short_All", "Other_Rept_Positions_Spread_All",
    "Tot_Rept_Positions_Long_All", "Tot_Rept_Positions_Short_All",
    "NonRept_Positions_Long_All", "NonRept_Positions_Short_All",
    "Change_in_Open_Interest_All",
    "Change_in_Dealer_Long_All", "Change_in_Dealer_Short_All", "Change_in_Dealer_Spread_All",
    "Change_in_Asset_Mgr_Long_All", "Change_in_Asset_Mgr_Short_All", "Change_in_Asset_Mgr_Spread_All",
    "Change_in_Lev_Money_Long_All", "Change_in_Lev_Money_Short_All", "Change_in_Lev_Money_Spread_All",
    "Change_in_Other_Rept_Long_All", "Change_in_Other_Rept_Short_All", "Change_in_Other_Rept_Spread_All",
    "Change_in_Tot_Rept_Long_All", "Change_in_Tot_Rept_Short_All",
    "Change_in_NonRept_Long_All", "Change_in_NonRept_Short_All",
    "Pct_of_Open_Interest_All",
    "Pct_of_OI_Dealer_Long_All", "Pct_of_OI_Dealer_Short_All", "Pct_of_OI_Dealer_Spread_All",
    "Pct_of_OI_Asset_Mgr_Long_All", "Pct_of_OI_Asset_Mgr_Short_All", "Pct_of_OI_Asset_Mgr_Spread_All",
    "Pct_of_OI_Lev_Money_Long_All", "Pct_of_OI_Lev_Money_Short_All", "Pct_of_OI_Lev_Money_Spread_All",
    "Pct_of_OI_Other_Rept_Long_All", "Pct_of_OI_Other_Rept_Short_All", "Pct_of_OI_Other_Rept_Spread_All",
    "Pct_of_OI_Tot_Rept_Long_All", "Pct_of_OI_Tot_Rept_Short_All",
    "Pct_of_OI_NonRept_Long_All", "Pct_of_OI_NonRept_Short_All",
    "Traders_Tot_All",
    "Traders_Dealer_Long_All", "Traders_Dealer_Short_All", "Traders_Dealer_Spread_All",
    "Traders_Asset_Mgr_Long_All", "Traders_Asset_Mgr_Short_All", "Traders_Asset_Mgr_Spread_All",
    "Traders_Lev_Money_Long_All", "Traders_Lev_Money_Short_All", "Traders_Lev_Money_Spread_All",
    "Traders_Other_Rept_Long_All", "Traders_Other_Rept_Short_All", "Traders_Other_Rept_Spread_All",
    "Traders_Tot_Rept_Long_All", "Traders_Tot_Rept_Short_All",
    "Conc_Gross_LE_4_TDR_Long_All", "Conc_Gross_LE_4_TDR_Short_All",
    "Conc_Gross_LE_8_TDR_Long_All", "Conc_Gross_LE_8_TDR_Short_All",
    "Conc_Net_LE_4_TDR_Long_All", "Conc_Net_LE_4_TDR_Short_All",
    "Conc_Net_LE_8_TDR_Long_All", "Conc_Net_LE_8_TDR_Short_All",
    "Contract_Units", "CFTC_Contract_Market_Code_Quotes", "CFTC_Market_Code_Quotes",
    "CFTC_Commodity_Code_Quotes", "CFTC_SubGroup_Code", "FutOnly_or_Combined",
]
N_COLUMNS = len(COLUMNS)  # 87

NAME_COL = "Market_and_Exchange_Names"
DATE_COL = "Report_Date_as_YYYY-MM-DD"
CODE_COL = "CFTC_Contract_Market_Code"
LAST_COL = "FutOnly_or_Combined"  # empty only when a row is cut short
OI_COL = "Open_Interest_All"

#: trader groups: id part -> (file column stem, words used in titles)
GROUPS: dict[str, tuple[str, str]] = {
    "DEALER": ("Dealer", "dealers/intermediaries"),
    "ASSET_MGR": ("Asset_Mgr", "asset managers/institutional"),
    "LEV_MONEY": ("Lev_Money", "leveraged funds"),
    "OTHER_REPT": ("Other_Rept", "other reportables"),
    "NONREPT": ("NonRept", "nonreportables"),
}
SIDES = ("LONG", "SHORT", "SPREAD")


def _value_columns() -> list[tuple[str, str, str, str]]:
    """(file column, series-id suffix, unit, title words) for every series per contract."""
    out = [(OI_COL, "OI", "contracts", "open interest, contracts")]
    for gid, (stem, words) in GROUPS.items():
        sides = SIDES[:2] if gid == "NONREPT" else SIDES
        for side in sides:
            out.append((f"{stem}_Positions_{side.title()}_All", f"{gid}.{side}", "contracts",
                        f"{words} {side.lower()}, contracts"))
    for gid, (stem, words) in GROUPS.items():
        if gid == "NONREPT":  # the report has no trader counts for nonreportables
            continue
        for side in SIDES:
            out.append((f"Traders_{stem}_{side.title()}_All", f"{gid}.TRADERS.{side}", "traders",
                        f"number of {words} traders {side.lower()}"))
    return out


VALUE_COLUMNS = _value_columns()
VALUE_COLS = [c for c, _, _, _ in VALUE_COLUMNS]
REQUIRED_COLUMNS = [NAME_COL, DATE_COL, CODE_COL, *VALUE_COLS, LAST_COL]

#: Socrata ``gpe5-46if`` field for each file column.  The API's names are
#: irregular (some end in ``_all``, some do not); taken from the public-reporting
#: dataset's column list as used by several open-source clients, not verified
#: live here (no internet).
SOCRATA_FIELDS: dict[str, str] = {
    NAME_COL: "market_and_exchange_names",
    DATE_COL: "report_date_as_yyyy_mm_dd",
    CODE_COL: "cftc_contract_market_code",
    OI_COL: "open_interest_all",
    "Dealer_Positions_Long_All": "dealer_positions_long_all",
    "Dealer_Positions_Short_All": "dealer_positions_short_all",
    "Dealer_Positions_Spread_All": "dealer_positions_spread_all",
    "Asset_Mgr_Positions_Long_All": "asset_mgr_positions_long",
    "Asset_Mgr_Positions_Short_All": "asset_mgr_positions_short",
    "Asset_Mgr_Positions_Spread_All": "asset_mgr_positions_spread",
    "Lev_Money_Positions_Long_All": "lev_money_positions_long",
    "Lev_Money_Positions_Short_All": "lev_money_positions_short",
    "Lev_Money_Positions_Spread_All": "lev_money_positions_spread",
    "Other_Rept_Positions_Long_All": "other_rept_positions_long",
    "Other_Rept_Positions_Short_All": "other_rept_positions_short",
    "Other_Rept_Positions_Spread_All": "other_rept_positions_spread",
    "NonRept_Positions_Long_All": "nonrept_positions_long_all",
    "NonRept_Positions_Short_All": "nonrept_positions_short_all",
    "Traders_Dealer_Long_All": "traders_dealer_long_all",
    "Traders_Dealer_Short_All": "traders_dealer_short_all",
    "Traders_Dealer_Spread_All": "traders_dealer_spread_all",
    "Traders_Asset_Mgr_Long_All": "traders_asset_mgr_long_all",
    "Traders_Asset_Mgr_Short_All": "traders_asset_mgr_short_all",
    "Traders_Asset_Mgr_Spread_All": "traders_asset_mgr_spread",
    "Traders_Lev_Money_Long_All": "traders_lev_money_long_all",
    "Traders_Lev_Money_Short_All": "traders_lev_money_short_all",
    "Traders_Lev_Money_Spread_All": "traders_lev_money_spread",
    "Traders_Other_Rept_Long_All": "traders_other_rept_long_all",
    "Traders_Other_Rept_Short_All": "traders_other_rept_short",
    "Traders_Other_Rept_Spread_All": "traders_other_rept_spread",
}

_MISSING = (".", "")


# --------------------------------------------------------------------------
# catalog
# --------------------------------------------------------------------------
def series_url(code: str) -> str:
    """A live address showing one contract's TFF rows (public-reporting API, JSON)."""
    return f"{SOCRATA_URL}?cftc_contract_market_code={code}"


def _market_label(code: str, name: str | None) -> str:
    c = UST_CONTRACTS.get(code)
    if c is not None:
        return f"{c.label} futures (CBOT {code})"
    clean = (name or "").strip() or "market"
    return f"{clean} (CFTC {code})"


def series_for(code: str, name: str | None = None) -> dict[str, SeriesMeta]:
    """Catalog entries of one contract market code (names from UST_CONTRACTS, else ``name``)."""
    label = _market_label(code, name)
    out: dict[str, SeriesMeta] = {}
    for _col, suffix, unit, words in VALUE_COLUMNS:
        sid = f"CFTC.TFF.{code}.{suffix}"
        notes = ("Dated by the report (as-of) date, a Tuesday, released the following Friday. "
                 "Futures only. Keyed on the CFTC contract market code.")
        if unit == "traders":
            notes += " Counts under 4 are suppressed by the CFTC (shown as '.') and stored as missing."
        if code in UST_CONTRACTS:
            notes += f" One contract = ${UST_CONTRACTS[code].face_value_usd:,} face value."
        out[sid] = SeriesMeta(
            id=sid,
            title=f"{label}: {words} (CFTC TFF, futures only)",
            source=SOURCE_KEY,
            dataset=DATASET,
            frequency="W",
            unit=unit,
            url=series_url(code),
            attribution=ATTRIBUTION,
            notes=notes,
        )
    return out


# --------------------------------------------------------------------------
# text parser (annual FinFutYY.txt, weekly FinFutWk.txt)
# --------------------------------------------------------------------------
def _to_csv_bytes(payload: str | bytes, origin: str) -> bytes:
    """Payload -> bytes the C parser reads (line ends left to the parser).

    Plain ASCII (every real TFF file) skips decoding: the parser handles CRLF
    itself, and ``decode_text``'s CRLF rewrite of a 2 MB file costs as much as
    half the parse.  Anything else (BOM, UTF-16, cp1252) goes through ``decode_text``.
    """
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    if payload.isascii():
        lf, cr = payload.find(b"\n"), payload.find(b"\r")
        if cr < 0 or (lf >= 0 and cr == lf - 1):  # LF or CRLF; bare-CR files are rewritten below
            check_not_html(payload, SOURCE_KEY, origin)  # empty body / HTML page
            return payload
    return decode_text(payload, SOURCE_KEY, origin).encode("utf-8")


def _first_line_fields(data: bytes) -> list[str]:
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).decode("utf-8", "replace").rstrip("\r")
    return next(csv.reader([first]), [])


def parse_tff(text: str | bytes, origin: str, codes: list[str] | set[str] | None = None, *,
              header: bool | None = True) -> ParseResult:
    """Parse TFF text (``FinFutYY.txt`` or ``FinFutWk.txt``) into tidy observations.

    ``text``: the file as bytes (as downloaded) or str.
    ``codes``: contract market codes to keep (None keeps every market).
    ``header``: True for the annual file (the first line must be the quoted
    header), False for the headerless weekly file, None to detect.
    Values: contracts (positions, open interest) and traders (counts);
    ``.`` -> NaN.
    """
    data = _to_csv_bytes(text, origin)
    fields = _first_line_fields(data)
    if header is None:
        header = bool(fields) and fields[0].strip() == NAME_COL
    if header:
        present = {f.strip() for f in fields}
        missing = [c for c in REQUIRED_COLUMNS if c not in present]
        if missing:
            raise MissingColumnError(SOURCE_KEY, origin,
                                     f"header lacks column {missing[0]!r} (renamed or removed?)"
                                     + (f" and {len(missing) - 1} more" if len(missing) > 1 else ""),
                                     line=1, field=missing[0])
        names = None
        line0 = 2  # data row i is on file line i + 2
    else:
        if len(fields) != N_COLUMNS:
            raise MissingColumnError(SOURCE_KEY, origin,
                                     f"headerless TFF row has {len(fields)} fields, expected {N_COLUMNS} "
                                     "(layout changed?)", line=1)
        names = COLUMNS
        line0 = 1

    usecols = [NAME_COL, DATE_COL, CODE_COL, *VALUE_COLS, LAST_COL]
    try:
        df = pd.read_csv(
            io.BytesIO(data),  # the C parser reads bytes faster than a StringIO
            header=0 if header else None,
            names=names,
            usecols=usecols,
            # codes stay text ("043602", "13874A"); object is faster here than the string dtype
            dtype={NAME_COL: object, DATE_COL: object, CODE_COL: object, LAST_COL: object},
            # Numbers are space-padded (",  347274,"); the C parser's number conversion
            # skips the padding itself, and skipinitialspace=True would cost ~40% more time
            # for the same values (a padded "." falls back to the text path in _finish).
            na_values=[".", ""],  # "." = suppressed cell; empty = missing
            keep_default_na=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        msg = str(exc)
        if "EOF inside string" in msg:
            line = data.rstrip(b"\r\n").count(b"\n") + 1
            raise TruncatedFileError(SOURCE_KEY, origin, "file ends inside a quoted field (truncated download?)",
                                     line=line) from None
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", msg)
        if m:
            raise SourceFormatError(SOURCE_KEY, origin,
                                    f"row has {m.group(3)} fields, expected {N_COLUMNS}",
                                    line=int(m.group(2))) from None
        raise SourceFormatError(SOURCE_KEY, origin, f"not a TFF CSV file: {msg[:200]}") from None
    except ValueError as exc:  # usecols names absent from the header (checked above, kept as a guard)
        raise MissingColumnError(SOURCE_KEY, origin, str(exc)[:200], line=1) from None

    # A row cut short has NaN in its last column (pandas pads short rows).
    short = df[LAST_COL].isna().to_numpy()
    if short.any():
        pos = int(np.flatnonzero(short)[0])
        raise TruncatedFileError(SOURCE_KEY, origin,
                                 f"row has fewer than {N_COLUMNS} fields (truncated file?)",
                                 line=pos + line0)

    return _finish(df, origin, np.arange(len(df)) + line0, codes, field_names=None)


def _finish(df: pd.DataFrame, origin: str, lines: np.ndarray, codes: list[str] | set[str] | None, *,
            field_names: dict[str, str] | None, check_order: bool = True) -> ParseResult:
    """Keep ``codes``, validate the kept rows (codes, dates, numbers, duplicates, order), melt.

    ``lines`` is the file line (or 1-based record index) of each row of ``df``,
    for errors; ``field_names`` maps file columns to the payload's own names.
    """
    fname = (lambda c: field_names.get(c, c)) if field_names else (lambda c: c)
    code_all = df[CODE_COL].to_numpy(dtype=object)
    present = pd.notna(code_all)
    code_all = np.where(present, pd.Series(code_all).astype(str).str.strip().to_numpy(dtype=object), "")
    if codes is not None:
        idx = np.flatnonzero(pd.Series(code_all).isin(set(codes)).to_numpy())  # filter early
    else:
        idx = np.arange(len(df))
        empty = code_all == ""
        if empty.any():
            pos = int(np.flatnonzero(empty)[0])
            raise BadValueError(SOURCE_KEY, origin, "empty contract market code", line=int(lines[pos]),
                                field=fname(CODE_COL))
    if idx.size == 0:
        return ParseResult(SOURCE_KEY, origin, empty_observations(), {},
                           notes=["no rows for the requested contract market codes"])
    lines = lines[idx]
    cvals = code_all[idx]

    # dates (Socrata adds a time: "2026-08-04T00:00:00.000")
    raw_dates = pd.Series(df[DATE_COL].to_numpy(dtype=object)[idx])
    dates = pd.to_datetime(raw_dates.astype(str).str.strip().str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    bad = dates.isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise BadDateError(SOURCE_KEY, origin, f"bad report date {raw_dates.iloc[pos]!r} (expected YYYY-MM-DD)",
                           line=int(lines[pos]), field=fname(DATE_COL))
    dvals = dates.to_numpy().astype("datetime64[ns]")

    # duplicates anywhere in the payload, then order within each run of one market
    dup = pd.DataFrame({"c": cvals, "d": dvals}).duplicated().to_numpy()
    if dup.any():
        pos = int(np.flatnonzero(dup)[0])
        raise DuplicateDateError(SOURCE_KEY, origin,
                                 f"contract {cvals[pos]} has two rows for report date {pd.Timestamp(dvals[pos]).date()}",
                                 line=int(lines[pos]), field=fname(DATE_COL))
    if check_order and len(dvals) > 1:
        # rows are grouped by market, newest week first; a combined file (the UST
        # subset) repeats a market in several runs, each newest first
        wrong = np.flatnonzero((cvals[1:] == cvals[:-1]) & (dvals[1:] > dvals[:-1]))
        if wrong.size:
            pos = int(wrong[0]) + 1
            raise DateOrderError(SOURCE_KEY, origin,
                                 f"contract {cvals[pos]}: report date {pd.Timestamp(dvals[pos]).date()} follows "
                                 f"{pd.Timestamp(dvals[pos - 1]).date()} (rows should be newest first)",
                                 line=int(lines[pos]), field=fname(DATE_COL))

    # numbers: the C parser already made numeric columns; a text column holds a bad cell (or JSON strings)
    block = df[VALUE_COLS]
    if all(pd.api.types.is_numeric_dtype(t) for t in block.dtypes):
        values = block.to_numpy(dtype="float64", na_value=np.nan)[idx]
    else:
        values = np.empty((idx.size, len(VALUE_COLS)), dtype="float64")
        for j, col in enumerate(VALUE_COLS):  # one vectorised pass per column
            s = df[col]
            if pd.api.types.is_numeric_dtype(s.dtype):
                values[:, j] = s.to_numpy(dtype="float64", na_value=np.nan)[idx]
                continue
            txt = pd.Series(s.to_numpy(dtype=object)[idx]).astype("string").str.strip()
            txt = txt.mask(txt.isin(_MISSING))
            num = pd.to_numeric(txt, errors="coerce")
            badv = (num.isna() & txt.notna()).to_numpy()
            if badv.any():
                pos = int(np.flatnonzero(badv)[0])
                raise BadValueError(SOURCE_KEY, origin, f"non-numeric value {txt.iloc[pos]!r}",
                                    line=int(lines[pos]), field=fname(col))
            values[:, j] = num.to_numpy(dtype="float64", na_value=np.nan)

    # melt: one observation per (row, series); rows ordered by market, then date ascending
    order = np.lexsort((dvals, cvals.astype(str)))
    values, dvals, cvals = values[order], dvals[order], cvals[order]
    n, k = values.shape
    # ids: a small table (markets x series) and a vectorised take, not 70,000 string joins
    uniq, code_idx = np.unique(cvals.astype(str), return_inverse=True)
    ids = pd.array([f"CFTC.TFF.{c}.{suf}" for c in uniq for _, suf, _, _ in VALUE_COLUMNS], dtype="str")
    take = (code_idx.reshape(-1, 1) * k + np.arange(k)).reshape(-1)
    obs = pd.DataFrame({
        "series_id": ids.take(take),
        "date": np.repeat(dvals, k),
        "value": values.reshape(-1),
    })

    # catalog: UST contracts from the table, others named by their latest name in the payload
    names = df[NAME_COL].to_numpy(dtype=object)[idx][order]
    last_of_code = np.flatnonzero(np.r_[cvals[1:] != cvals[:-1], True])  # latest row of each market
    series: dict[str, SeriesMeta] = {}
    for i in last_of_code:
        nm = names[i]
        series.update(series_for(cvals[i], None if nm is None or pd.isna(nm) else str(nm)))
    return ParseResult(SOURCE_KEY, origin, obs, series)


# --------------------------------------------------------------------------
# Socrata JSON
# --------------------------------------------------------------------------
def parse_socrata(raw: bytes, origin: str, codes: list[str] | set[str] | None = None) -> ParseResult:
    """Parse one page of ``gpe5-46if.json`` (a JSON array of records, all values as text).

    Socrata leaves out null fields per record; a position field absent from
    every record is a renamed field (MissingColumnError), an absent trader
    count is suppressed (NaN).
    """
    check_not_html(raw, SOURCE_KEY, origin)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise TruncatedFileError(SOURCE_KEY, origin, f"not valid JSON ({exc}); truncated response?",
                                 line=line) from None
    if isinstance(data, dict):
        msg = data.get("message") or data.get("error") or str(data)[:200]
        raise SourceFormatError(SOURCE_KEY, origin, f"API returned an error object instead of records: {msg}")
    if not isinstance(data, list):
        raise SourceFormatError(SOURCE_KEY, origin, "expected a JSON array of records")
    if not data:
        return ParseResult(SOURCE_KEY, origin, empty_observations(), {}, notes=["no records"])
    df = pd.DataFrame.from_records(data)
    to_file = {v: k for k, v in SOCRATA_FIELDS.items()}
    required = [DATE_COL, CODE_COL, *[c for c in VALUE_COLS if not c.startswith("Traders_")]]
    for col in required:
        if SOCRATA_FIELDS[col] not in df.columns:
            raise MissingColumnError(SOURCE_KEY, origin, "field absent from every record (renamed?)",
                                     line=1, field=SOCRATA_FIELDS[col])
    df = df.rename(columns=to_file)
    notes = []
    for col in [*VALUE_COLS, NAME_COL]:
        if col not in df.columns:
            df[col] = None
            if col != NAME_COL:
                notes.append(f"field {SOCRATA_FIELDS[col]!r} absent from every record (all suppressed?)")
    lines = np.arange(len(df)) + 1  # 1-based record index
    for col in (DATE_COL, CODE_COL):
        miss = df[col].isna().to_numpy()
        if miss.any():
            pos = int(np.flatnonzero(miss)[0])
            raise MissingColumnError(SOURCE_KEY, origin, "record lacks a required field",
                                     line=int(lines[pos]), field=SOCRATA_FIELDS[col])
    # JSON values are strings; keep them as text so _finish parses them with record numbers
    for col in VALUE_COLS:
        df[col] = df[col].astype(object)
    res = _finish(df, origin, lines, codes, field_names=SOCRATA_FIELDS, check_order=False)
    res.notes.extend(notes)
    return res


# --------------------------------------------------------------------------
# the Source
# --------------------------------------------------------------------------
class CftcSource(Source):
    """CFTC Traders in Financial Futures, futures only: the six CBOT Treasury futures by default."""

    name = SOURCE_KEY
    title = "U.S. Commodity Futures Trading Commission (Commitments of Traders, TFF)"
    mirror_subdirs = ("cftc",)
    attribution = ATTRIBUTION
    expected_update_days = 7
    kinds = ("tff_annual_txt", "tff_zip", "tff_weekly", "tff_socrata_json")

    def __init__(self, codes: list[str] | None = None) -> None:
        #: contract market codes kept by :meth:`parse` (the Treasury futures by default)
        self.codes: list[str] = list(codes) if codes is not None else list(UST_CONTRACTS)

    def catalog(self) -> list[SeriesMeta]:
        out: list[SeriesMeta] = []
        for code in self.codes:
            out.extend(series_for(code).values())
        return out

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        """Annual zips for each year from ``since`` (default 2010) to this year, then the latest weekly file.

        Every file holds every market, so ``series`` only decides whether anything is fetched.
        """
        if series is not None and not any(s.startswith("CFTC.TFF.") for s in series):
            return []
        this_year = pd.Timestamp.today().year
        first = max(FIRST_YEAR, pd.Timestamp(since).year) if since is not None else FIRST_YEAR
        reqs = [
            Request(SOURCE_KEY, "tff_zip", ANNUAL_ZIP_URL.format(year=y),
                    description=f"CFTC TFF futures only, annual history {y} (zip of FinFutYY.txt)")
            for y in range(min(first, this_year), this_year + 1)
        ]
        reqs.append(Request(SOURCE_KEY, "tff_weekly", WEEKLY_URL,
                            description="CFTC TFF futures only, latest week (no header row)"))
        return reqs

    def socrata_request(self, since: pd.Timestamp | None = None, codes: list[str] | None = None) -> Request:
        """The public-reporting API query (paged by :meth:`fetch`) for ``codes`` since ``since``."""
        codes = list(codes) if codes is not None else self.codes
        where = "cftc_contract_market_code in(" + ",".join(f"'{c}'" for c in codes) + ")"
        if since is not None:
            where += f" AND report_date_as_yyyy_mm_dd >= '{pd.Timestamp(since):%Y-%m-%d}T00:00:00.000'"
        params = {
            "$where": where,
            # a total order so that $offset paging neither skips nor repeats rows
            "$order": "report_date_as_yyyy_mm_dd,cftc_contract_market_code",
            "$limit": SOCRATA_PAGE,
            "$offset": 0,
        }
        return Request(SOURCE_KEY, "tff_socrata_json", SOCRATA_URL, params=params,
                       description="CFTC public reporting API, TFF futures only (gpe5-46if)")

    def fetch(self, request: Request, http: "HttpClient") -> list[tuple[bytes, str]]:
        """One GET for files; for the Socrata API, follow ``$offset`` pages until a short page."""
        if request.kind != "tff_socrata_json":
            return super().fetch(request, http)
        params = dict(request.params)
        limit = int(params.get("$limit", SOCRATA_PAGE))
        params["$limit"] = limit
        offset = int(params.get("$offset", 0))
        pages: list[tuple[bytes, str]] = []
        for _ in range(10_000):  # a guard; TFF has far fewer pages
            params["$offset"] = offset
            raw, origin = http.get(request.url, params=dict(params), secret_params=request.secret_params)
            try:
                n = len(json.loads(raw))
            except (ValueError, TypeError):
                pages.append((raw, origin))  # let parse() report what came back
                break
            if n or not pages:
                pages.append((raw, origin))
            if n < limit:
                break
            offset += limit
        return pages

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        """TFF files under ``mirror/cftc``: annual text (with header), weekly (without), zips, API JSON."""
        out: list[MirrorFile] = []
        for sub in self.mirror_subdirs:
            d = Path(mirror) / sub
            if not d.is_dir():
                continue
            for p in sorted(d.iterdir()):
                if not p.is_file():
                    continue
                low = p.name.lower()
                if low.endswith(".zip") and "fin" in low:
                    out.append(MirrorFile(p, "tff_zip"))
                elif low.endswith(".json"):
                    out.append(MirrorFile(p, "tff_socrata_json"))
                elif low.endswith(".txt") and ("finfut" in low or low.startswith("tff")):
                    with p.open("rb") as fh:
                        head = fh.read(64).lstrip(b"\xef\xbb\xbf")
                    if head.startswith(f'"{NAME_COL}"'.encode()):
                        out.append(MirrorFile(p, "tff_annual_txt"))
                    elif "wk" in low and head.startswith(b'"'):
                        out.append(MirrorFile(p, "tff_weekly"))
                    else:  # an HTML error page, an empty or a foreign file under a TFF name: let parse say so
                        out.append(MirrorFile(p, "tff_weekly" if "wk" in low else "tff_annual_txt"))
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        """Pure parse; keeps ``self.codes`` (the six Treasury futures by default)."""
        if kind == "tff_annual_txt":
            return parse_tff(raw, origin, self.codes, header=True)
        if kind == "tff_weekly":
            return parse_tff(raw, origin, self.codes, header=None)
        if kind == "tff_zip":
            member, inner = read_zip_member(raw, ZIP_MEMBER, SOURCE_KEY, origin)
            return parse_tff(member, inner, self.codes, header=True)
        if kind == "tff_socrata_json":
            return parse_socrata(raw, origin, self.codes)
        raise ValueError(f"cftc: unknown parser kind {kind!r}; known: {', '.join(self.kinds)}")


SOURCE = CftcSource()
