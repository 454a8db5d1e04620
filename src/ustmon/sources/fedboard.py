"""Federal Reserve Board: Financial Accounts (Z.1) tables L.210 and L.121 and the GSW yield curve.

Sources
-------
* **Z.1 Financial Accounts of the United States**, table L.210 "Treasury
  Securities" (holdings by sector) and B.101.f (domestic hedge funds).
  Live: ``https://www.federalreserve.gov/releases/z1/current/z1_csv_files.zip``
  (members ``csv/l210.csv``, ``csv/b101f.csv``).  The CSV members have a
  ``date`` column with ``1945:Q4``-style periods and one column per series
  code (``FL313161105.Q``); values are **millions of dollars**, amounts
  outstanding at the end of the quarter, not seasonally adjusted.  ``ND``
  marks "no data".  Kinds ``z1_csv_zip`` (the archive) and ``z1_csv`` (a bare
  member).
  Any table member is read the same way (``l121.csv``, money market funds, too).  A code that sits
  on two table lines (L.210 lines 7 and 14) appears twice in the header: one copy is kept when the
  two columns are identical, differing repeats are refused.  A mirror copy named after its release
  (``…_2016Q4-release.csv``) is dated from the day after that quarter (the vintage), so two
  releases of one table are two vintages.
* The package's **data dictionaries** (``data_dictionary/l210.txt``; kind ``z1_dictionary``):
  tab-separated code, description, ``Line N``, table, units.  They add no observations: the
  parser checks them (units in millions) and returns each code's catalog entry, with the
  publisher's wording of each line in ``notes``.
* The L.210 **web page text** (``l210_YYYYMMDD_pagetext-excerpt.txt``, kind
  ``z1_pagetext``): same table in **billions**, 4 annual columns (year-end,
  i.e. Q4) and 5 quarterly columns; the release date in the file name is the
  vintage.
* **Gürkaynak–Sack–Wright** nominal yield curve (FEDS 2006-28).
  Live: ``https://www.federalreserve.gov/data/yield-curve-tables/feds200628.csv``;
  kind ``gsw_csv``.  9 preamble lines, header on line 10, ``NA`` missing,
  all-``NA`` holiday rows, ``TAU2 = -999.99`` sentinel (the early
  Nelson–Siegel fit has no second hump) read as NaN.  Percent; SVENY/SVENF
  continuously compounded, SVENPY/SVEN1F coupon-equivalent.

Series ids
----------
``Z1.<code without .Q>`` (``Z1.LM153061105``), unit ``usd_mn``, dated the
**first day of the quarter** (2023Q4 -> 2023-10-01), as FRED dates its
``BOGZ1`` copies; the value is the end-of-quarter level.  The code's prefix is
part of the id, because it says what is measured: ``FL`` level, ``LM`` level
at market value, ``FU``/``FA`` transactions, ``FR`` revaluations, ``FV`` other
volume changes.  The 2016 releases give the Fed's holdings as
``Z1.FL713061100`` (level) where the 2024 tables give ``Z1.LM713061103``
(market value): two series, never added together (the holder analytics sum
only :data:`L210_LINES`).  Every code has one title (:func:`z1_title`, which
names the prefix) and one sector whichever release it is read from.

``GSW.SVENY10`` etc., unit ``pct``, daily; ``GSW.BETA0..3`` (pct), ``GSW.TAU1..2`` (years).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import (
    BadDateError,
    BadValueError,
    DuplicateDateError,
    MissingColumnError,
    SourceFormatError,
    TruncatedFileError,
)
from ._text import (
    DATE_MAX,
    DATE_MIN,
    check_dates,
    decode_text,
    parse_date_column,
    parse_numeric_column,
    read_zip_member,
)
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations

NAME = "fedboard"
ATTRIBUTION = "Source: Board of Governors of the Federal Reserve System"
Z1_ZIP_URL = "https://www.federalreserve.gov/releases/z1/current/z1_csv_files.zip"
Z1_L210_PAGE = "https://www.federalreserve.gov/releases/z1/current/html/l210.htm"
GSW_URL = "https://www.federalreserve.gov/data/yield-curve-tables/feds200628.csv"
GSW_PAGE = "https://www.federalreserve.gov/data/nominal-yield-curve.htm"

# ---------------------------------------------------------------------------
# Shared CSV helper (also used by the nyfed and ofr modules)
# ---------------------------------------------------------------------------


def read_wide_csv(
    text: str,
    source: str,
    origin: str,
    *,
    header_line: int,
    date_col: str,
    date_fmt: str | None,
    missing: tuple[str, ...] = ("", "NA"),
    required: tuple[str, ...] = (),
) -> tuple[pd.Series, pd.DataFrame, int]:
    """Parse a wide CSV (one date column, one numeric column per series).

    ``header_line`` is the 0-based index of the header line in ``text``
    (already decoded, LF line ends).  Returns ``(dates, values, first_line)``
    where ``values`` holds float64 columns named as in the header (the date
    column removed) and ``first_line`` is the 1-based file line of the first
    data row.  ``date_fmt=None`` leaves the dates as stripped strings for the
    caller to parse.  Raises typed errors naming the line/field: missing
    columns, a short last line (truncation), rows with the wrong number of
    fields, non-numeric values and bad dates.
    """
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if header_line >= len(lines):
        raise TruncatedFileError(source, origin, "file ends before the header line", line=len(lines))
    header = [h.strip() for h in next(csv.reader([lines[header_line]]))]
    hline = header_line + 1
    if date_col not in header:
        raise MissingColumnError(source, origin, f"header lacks the {date_col!r} column (got {header[:6]})",
                                 line=hline, field=date_col)
    for col in required:
        if col not in header:
            raise MissingColumnError(source, origin, f"header lacks the {col!r} column (renamed or removed?)",
                                     line=hline, field=col)
    data = lines[header_line + 1:]
    first = header_line + 2
    if not data:
        raise TruncatedFileError(source, origin, "no data rows after the header", line=hline)
    # Field counts per line (no data cell of these publishers contains a comma), vectorised on bytes.
    buf = np.frombuffer(("\n".join(data) + "\n").encode("utf-8"), dtype=np.uint8)
    before_nl = np.searchsorted(np.flatnonzero(buf == 44), np.flatnonzero(buf == 10))
    counts = np.diff(before_nl, prepend=0)
    bad = np.flatnonzero(counts != len(header) - 1)
    if bad.size:
        pos = int(bad[0])
        msg = f"row has {counts[pos] + 1} fields, header has {len(header)}"
        if pos == len(data) - 1 and counts[pos] < len(header) - 1:
            raise TruncatedFileError(source, origin, msg + " (file cut short?)", line=pos + first)
        raise BadValueError(source, origin, msg, line=pos + first)
    if not text.endswith("\n"):  # no final newline: a number cut mid-way ("-0." or "1.5e") is a truncated download
        cells = [c.strip() for c in data[-1].split(",")]
        if any(c not in missing and c[-1:] in (".", "-", "+", "e", "E") for c in cells[1:]):
            raise TruncatedFileError(source, origin, f"file ends in the middle of a number ({data[-1][-40:]!r}, "
                                     "no final newline)", line=len(data) - 1 + first)
    body = "\n".join([lines[header_line]] + data)
    # Z.1 repeats a series code when one series sits on two table lines (L.210 lines 7 and 14):
    # read every column under a unique name, then keep one copy if the repeats are identical.
    repeats = {c for c in header if header.count(c) > 1}
    names = [f"{c}\x00{i}" if c in repeats else c for i, c in enumerate(header)]
    value_cols = [c for c in names if c != date_col]
    header_in = header
    header = names
    try:
        df = pd.read_csv(io.StringIO(body), dtype={**{c: np.float64 for c in value_cols}, date_col: str},
                         na_values=list(missing), keep_default_na=False, names=header, header=0,
                         skipinitialspace=True)
    except ValueError:
        # Slow path only for bad files: find the offending cell and name its line.
        try:
            df = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False, names=header, header=0)
        except pd.errors.ParserError as exc:  # a stray quote runs to the end of the file, a row too wide...
            m = re.search(r"(?:row|line) (\d+)", str(exc))
            raise SourceFormatError(source, origin, f"malformed CSV ({exc})",
                                    line=int(m.group(1)) + first if m else None) from None
        for c in value_cols:
            parse_numeric_column(df[c], source, origin, field=c, line_offset=first, missing=missing)
        raise BadValueError(source, origin, "non-numeric value", line=first) from None
    if date_fmt is None:
        dates = df[date_col].astype("string").str.strip()
    else:
        dates = parse_date_column(df[date_col], date_fmt, source, origin, field=date_col, line_offset=first)
    values = df[value_cols].astype("float64")
    if repeats:
        keep = []
        for code in dict.fromkeys(header_in):
            if code == date_col:
                continue
            cols = [n for n, h in zip(names, header_in) if h == code]
            for other in cols[1:]:
                a, b = values[cols[0]], values[other]
                differ = ~((a == b) | (a.isna() & b.isna()))
                if differ.any():
                    pos = int(np.flatnonzero(differ.to_numpy())[0])
                    raise BadValueError(source, origin, f"column {code!r} appears twice with different values",
                                        line=pos + first, field=code)
            keep.append(cols[0])
        values = values[keep]
        values.columns = [k.split("\x00")[0] for k in keep]
    return dates, values, first


def wide_to_long(dates: pd.Series, values: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """Wide block -> tidy observations (series_id, date, value), column by column, vectorised."""
    n = len(dates)
    # Build the id column with Arrow's take: inferring a str column from 10^6 Python objects is slow.
    codes = pa.array(np.repeat(np.arange(len(ids), dtype=np.int32), n))
    sid = pc.take(pa.array(ids, type=pa.large_string()), codes)
    return pd.DataFrame(
        {
            "series_id": pd.array(sid, dtype=pd.StringDtype("pyarrow", na_value=np.nan)),
            "date": np.tile(dates.to_numpy(dtype="datetime64[ns]"), len(ids)),
            "value": values.to_numpy(dtype="float64").T.ravel(),
        }
    )


def check_monotone(dates: pd.Series, source: str, origin: str, *, line_offset: int, field: str = "date") -> None:
    """Dates strictly ascending or strictly descending (whichever the first two rows show)."""
    d = dates.to_numpy()
    order = "descending" if len(d) > 1 and d[1] < d[0] else "ascending"
    check_dates(dates, source, origin, order=order, line_offset=line_offset, field=field)


# ---------------------------------------------------------------------------
# Catalog
# ---------------------------------------------------------------------------

#: L.210 (and B.101.f) Treasury lines: series code -> (line label, sector key).
#: The first 13 codes are as printed on the L.210 page; the others follow the
#: Financial Accounts coding (sector code + instrument 3061…), as the Board's
#: Data Download Program lists them.
L210_LINES: dict[str, tuple[str, str]] = {
    "FL313161105": ("Federal government; Treasury securities; liability (total outstanding)", "other"),
    "FL313161110": ("Federal government; Treasury bills; liability", "other"),
    "FL313161275": ("Federal government; other marketable Treasury securities; liability", "other"),
    "FL893061105": ("All sectors; Treasury securities; asset", "other"),
    "LM153061105": ("Households and nonprofit organizations; Treasury securities; asset", "households"),
    "LM103061103": ("Nonfinancial corporate business; Treasury securities; asset", "other"),
    "LM113061003": ("Nonfinancial noncorporate business; total U.S. government securities; asset", "other"),
    "LM213061103": ("State and local governments; Treasury securities, excluding SLGS; asset", "state_local"),
    "LM713061103": ("Monetary authority; total Treasury securities; asset", "fed"),
    "LM713061113": ("Monetary authority; Treasury bills; asset", "fed"),
    "LM713061125": ("Monetary authority; other Treasury securities, excluding Treasury bills; asset", "fed"),
    "LM763061100": ("U.S.-chartered depository institutions; Treasury securities; asset", "banks"),
    "LM753061103": ("Foreign banking offices in the U.S.; Treasury securities; asset", "banks"),
    "LM743061103": ("Banks in U.S.-affiliated areas; Treasury securities; asset", "banks"),
    "LM473061105": ("Credit unions; Treasury securities; asset", "banks"),
    "LM513061105": ("Property-casualty insurance companies; Treasury securities; asset", "insurers"),
    "LM543061105": ("Life insurance companies; Treasury securities; asset", "insurers"),
    "LM573061105": ("Private pension funds; Treasury securities; asset", "pensions"),
    "LM343061105": ("Federal government retirement funds; Treasury securities; asset", "pensions"),
    "LM223061143": ("State and local government employee retirement funds; Treasury securities; asset", "pensions"),
    "FL633061105": ("Money market funds; Treasury securities; asset", "mmf"),
    "LM653061105": ("Mutual funds; Treasury securities; asset", "mutual_funds"),
    "LM553061103": ("Closed-end funds; Treasury securities; asset", "mutual_funds"),
    "LM563061103": ("Exchange-traded funds; Treasury securities; asset", "mutual_funds"),
    "LM403061105": ("Government-sponsored enterprises; Treasury securities; asset", "other"),
    "LM663061105": ("Security brokers and dealers; Treasury securities; asset", "other"),
    "LM733061103": ("Holding companies; Treasury securities; asset", "other"),
    "LM263061105": ("Rest of the world; Treasury securities; asset", "rest_of_world"),
    "LM263061110": ("Rest of the world; Treasury bills; asset", "rest_of_world"),
    "LM263061120": ("Rest of the world; other Treasury securities; asset", "rest_of_world"),
    "LM623061103": ("Domestic hedge funds; Treasury securities; asset (B.101.f)", "hedge_funds"),
}

_Z1_NOTES = ("Z.1 Financial Accounts, amounts outstanding at end of quarter, NSA; CSV values in millions "
             "(the HTML tables print billions). Dated the first day of the quarter (FRED BOGZ1 convention); "
             "annual columns of the web tables are year-end = Q4.")

#: What the two-letter prefix of a Financial Accounts code measures.  Codes that differ only in the
#: prefix are different series (a level at book value and a level at market value are not the same
#: number), so each keeps its own id and none may be added to another.
Z1_PREFIXES: dict[str, str] = {
    "FL": "level",
    "LM": "level at market value",
    "FA": "transactions, seasonally adjusted annual rate",
    "FU": "transactions, not seasonally adjusted",
    "FR": "revaluations",
    "FV": "other volume changes",
    "FC": "change in level",
    "LA": "level, seasonally adjusted",
    "PC": "percent change",
    "FG": "growth rate",
}

#: Financial Accounts sector codes (digits 3-4 of a series code): name and ustmon's holder sector.
#: The holder sector is a property of the code's sector, not of its prefix, so the 2016 ``FL…``
#: and the 2024 ``LM…`` holdings of one holder fall in the same sector.
Z1_SECTORS: dict[str, tuple[str, str]] = {
    "10": ("Nonfinancial corporate business", "other"),
    "11": ("Nonfinancial noncorporate business", "other"),
    "15": ("Households and nonprofit organizations", "households"),
    "21": ("State and local governments, excluding employee retirement funds", "state_local"),
    "22": ("State and local government employee retirement funds", "pensions"),
    "26": ("Rest of the world", "rest_of_world"),
    "31": ("Federal government", "other"),
    "34": ("Federal government retirement funds", "pensions"),
    "40": ("Government-sponsored enterprises", "other"),
    "47": ("Credit unions", "banks"),
    "51": ("Property-casualty insurance companies", "insurers"),
    "54": ("Life insurance companies", "insurers"),
    "55": ("Closed-end funds", "mutual_funds"),
    "56": ("Exchange-traded funds", "mutual_funds"),
    "57": ("Private pension funds", "pensions"),
    "62": ("Domestic hedge funds", "hedge_funds"),
    "63": ("Money market funds", "mmf"),
    "65": ("Mutual funds", "mutual_funds"),
    "66": ("Security brokers and dealers", "other"),
    "67": ("Issuers of asset-backed securities", "other"),
    "71": ("Monetary authority", "fed"),
    "73": ("Holding companies", "other"),
    "74": ("Banks in U.S.-affiliated areas", "banks"),
    "75": ("Foreign banking offices in the U.S.", "banks"),
    "76": ("U.S.-chartered depository institutions", "banks"),
    "89": ("All sectors", "other"),
}

#: Codes of the 2016 releases (book-value levels, ``FL``) that ustmon names explicitly.  They are
#: **not** in :data:`L210_LINES` (whose holder lines are the market-value ``LM`` codes that the
#: holder analytics add up by sector): an ``FL`` level and an ``LM`` level are never summed.
Z1_OTHER_LINES: dict[str, str] = {
    "FL713061100": "Monetary authority; Treasury securities; asset",
    "FL153061105": "Households and nonprofit organizations; Treasury securities; asset",
    "FL763061100": "U.S.-chartered depository institutions; Treasury securities; asset",
    "FL634090005": "Money market funds; total financial assets",
}


def z1_sector(code: str) -> str:
    """ustmon's holder sector of a Z.1 code (from its sector digits; ``other`` when unknown)."""
    if code in L210_LINES:
        return L210_LINES[code][1]
    return Z1_SECTORS.get(code[2:4], ("", "other"))[1]


def z1_title(code: str) -> str:
    """One title per code, whichever release or table it is read from; it says what the prefix measures."""
    if code in L210_LINES:
        label = L210_LINES[code][0]
    elif code in Z1_OTHER_LINES:
        label = Z1_OTHER_LINES[code]
    else:
        # Instrument digits are not unique across sectors (L.210's "3061120" is SLGS for state and
        # local governments but non-bill Treasuries for money funds), so only their class is named.
        sector = Z1_SECTORS.get(code[2:4], (f"sector {code[2:4]}", ""))[0]
        inst = code[4:]
        if inst == "4090005":
            label = f"{sector}; total financial assets"
        elif inst.startswith("3161"):
            label = f"{sector}; Treasury securities (Z.1 instrument {inst}); liability"
        elif inst.startswith("30611"):
            label = f"{sector}; Treasury securities (Z.1 instrument {inst}); asset"
        else:
            label = f"{sector}; Z.1 instrument {inst}"
    return f"{label} ({Z1_PREFIXES.get(code[:2], code[:2])})"


GSW_TENORS = range(1, 31)


def _gsw_meta() -> list[SeriesMeta]:
    out: list[SeriesMeta] = []
    kinds = {
        "SVENY": ("zero-coupon yield, continuously compounded", "pct"),
        "SVENPY": ("par yield, coupon-equivalent", "pct"),
        "SVENF": ("instantaneous forward rate, continuously compounded", "pct"),
    }
    notes = "Gürkaynak, Sack and Wright (2007) fitted Treasury curve (FEDS 2006-28); staff research product, daily."
    for prefix, (what, unit) in kinds.items():
        for n in GSW_TENORS:
            out.append(SeriesMeta(f"GSW.{prefix}{n:02d}", f"GSW {n}-year {what}", NAME, "gsw", "D", unit,
                                  GSW_URL, ATTRIBUTION, notes))
    for n in (1, 4, 9):
        out.append(SeriesMeta(f"GSW.SVEN1F{n:02d}", f"GSW one-year forward rate {n} years ahead, coupon-equivalent",
                              NAME, "gsw", "D", "pct", GSW_URL, ATTRIBUTION, notes))
    for i in range(4):
        out.append(SeriesMeta(f"GSW.BETA{i}", f"GSW Svensson parameter BETA{i}", NAME, "gsw", "D", "pct",
                              GSW_URL, ATTRIBUTION, notes))
    for i in (1, 2):
        out.append(SeriesMeta(f"GSW.TAU{i}", f"GSW Svensson parameter TAU{i}", NAME, "gsw", "D", "years",
                              GSW_URL, ATTRIBUTION, notes + " TAU2 = -999.99 in the file (no second hump) is NaN."))
    return out


def _z1_meta(code: str) -> SeriesMeta:
    prefix = code[:2]
    what = Z1_PREFIXES.get(prefix, "unknown measure")
    notes = (_Z1_NOTES + f" Prefix {prefix} = {what}: a different series from the same line under another "
             f"prefix (FL = level, LM = level at market value, FU/FA = transactions, FR = revaluations, "
             f"FV = other volume changes); never add them together. Sector: {z1_sector(code)}.")
    return SeriesMeta(f"Z1.{code}", z1_title(code), NAME, "z1", "Q", "usd_mn", Z1_L210_PAGE, ATTRIBUTION, notes)


_GSW_CATALOG = {m.id: m for m in _gsw_meta()}
_Z1_CATALOG = {f"Z1.{c}": _z1_meta(c) for c in (*L210_LINES, *Z1_OTHER_LINES)}

_CODE_RE = re.compile(r"^(FL|LM|FA|FU|FR|FV|FC|LA|PC|FG)\d{9}$")


class FedBoardSource(Source):
    """Federal Reserve Board: Z.1 L.210 sector holdings of Treasuries and the GSW curve."""

    name = NAME
    title = "Board of Governors of the Federal Reserve System"
    mirror_subdirs = ("fed", "z1")
    attribution = ATTRIBUTION
    expected_update_days = 7

    def catalog(self) -> list[SeriesMeta]:
        return list(_Z1_CATALOG.values()) + list(_GSW_CATALOG.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        want_gsw = series is None or any(s.startswith("GSW.") for s in series)
        want_z1 = series is None or any(s.startswith("Z1.") for s in series)
        out = []
        if want_z1:
            out.append(Request(NAME, "z1_csv_zip", Z1_ZIP_URL,
                               description="Z.1 Financial Accounts CSV package (L.210, B.101.f)"))
        if want_gsw:
            out.append(Request(NAME, "gsw_csv", GSW_URL, description="GSW nominal yield curve, full history (~16 MB)"))
        return out

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        out: list[MirrorFile] = []
        fed = mirror / "fed"
        if fed.is_dir():
            out += [MirrorFile(p, "gsw_csv") for p in sorted(fed.glob("feds200628*.csv"))]
        z1 = mirror / "z1"
        if z1.is_dir():
            for p in sorted(z1.iterdir()):
                low = p.name.lower()
                if low.endswith(".zip"):
                    out.append(MirrorFile(p, "z1_csv_zip"))
                elif re.fullmatch(r"(l\d{3}|b\d{3}[a-z]?).*\.csv", low):
                    out.append(MirrorFile(p, "z1_csv"))
                elif low.startswith("data-dictionary") and low.endswith(".txt"):
                    out.append(MirrorFile(p, "z1_dictionary"))
                elif "pagetext" in low and low.startswith("l210") and low.endswith(".txt"):
                    out.append(MirrorFile(p, "z1_pagetext"))
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind == "gsw_csv":
            return parse_gsw(raw, origin)
        if kind == "z1_csv_zip":
            return parse_z1_zip(raw, origin)
        if kind == "z1_csv":
            return parse_z1_csv(raw, origin)
        if kind == "z1_pagetext":
            return parse_z1_pagetext(raw, origin)
        if kind == "z1_dictionary":
            return parse_z1_dictionary(raw, origin)
        raise ValueError(f"fedboard: unknown parser kind {kind!r}")


# ---------------------------------------------------------------------------
# GSW
# ---------------------------------------------------------------------------


def parse_gsw(raw: bytes, origin: str) -> ParseResult:
    """feds200628.csv -> GSW.* daily series (percent; TAU in years)."""
    text = decode_text(raw, NAME, origin)
    # The header is line 10 today; find it by its first cell so a longer disclaimer does not break us.
    head = text[:20000].split("\n")
    try:
        hidx = next(i for i, ln in enumerate(head) if ln.startswith("Date,"))
    except StopIteration:
        raise MissingColumnError(NAME, origin, "no header line starting with 'Date,' (expected on line 10)",
                                 field="Date") from None
    dates, values, first = read_wide_csv(text, NAME, origin, header_line=hidx, date_col="Date", date_fmt="%Y-%m-%d",
                                         missing=("", "NA"), required=("SVENY10", "BETA0", "TAU1"))
    check_dates(dates, NAME, origin, order="ascending", line_offset=first, field="Date")
    if "TAU2" in values:
        values.loc[values["TAU2"] == -999.99, "TAU2"] = np.nan
    unknown = [c for c in values.columns if f"GSW.{c}" not in _GSW_CATALOG]
    if unknown:
        raise MissingColumnError(NAME, origin, f"unexpected column {unknown[0]!r} (layout changed?)",
                                 line=hidx + 1, field=unknown[0])
    ids = [f"GSW.{c}" for c in values.columns]
    obs = wide_to_long(dates, values, ids)
    return ParseResult(NAME, origin, obs, {i: _GSW_CATALOG[i] for i in ids})


# ---------------------------------------------------------------------------
# Z.1 CSV
# ---------------------------------------------------------------------------

_Q_RE = r"^(\d{4}):Q([1-4])$"


def _quarter_dates(s: pd.Series, origin: str, first: int) -> pd.Series:
    parts = s.str.extract(_Q_RE)
    bad = parts[0].isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise BadDateError(NAME, origin, f"bad period {s.iloc[pos]!r} (expected YYYY:Qn)", line=pos + first,
                           field="date")
    y = parts[0].astype(int).to_numpy()
    q = parts[1].astype(int).to_numpy()
    # First day of the quarter (FRED BOGZ1 convention).
    months = (y - 1970) * 12 + (q - 1) * 3
    return pd.Series(months.astype("datetime64[M]").astype("datetime64[ns]"))


def parse_z1_csv(raw: bytes, origin: str) -> ParseResult:
    """A Z.1 CSV member (``l210.csv``, ``b101f.csv``) -> Z1.<code> quarterly series, usd_mn."""
    text = decode_text(raw, NAME, origin)
    first_line = text.split("\n", 1)[0]
    date_col = next((c.strip() for c in next(csv.reader([first_line])) if c.strip().lower() == "date"), "date")
    dates, values, first = read_wide_csv(text, NAME, origin, header_line=0, date_col=date_col, date_fmt=None,
                                         missing=("", "ND", "NA", "n.a."))
    qd = _quarter_dates(dates, origin, first)
    check_monotone(qd, NAME, origin, line_offset=first)
    ids, meta = [], {}
    for col in values.columns:
        code = col[:-2] if col.upper().endswith(".Q") else col
        if not _CODE_RE.match(code):
            raise MissingColumnError(NAME, origin, f"column {col!r} is not a Z.1 series code", line=1, field=col)
        sid = f"Z1.{code}"
        ids.append(sid)
        meta[sid] = _Z1_CATALOG.get(sid) or _z1_meta(code)
    obs = wide_to_long(qd, values, ids)
    return ParseResult(NAME, origin, obs, meta, vintage=_release_vintage(origin))


_RELEASE_RE = re.compile(r"(\d{4})Q([1-4])[-_]?release", re.IGNORECASE)


def _release_vintage(origin: str) -> pd.Timestamp | None:
    """A mirror copy named after its release (``…_2016Q4-release.csv``): known from the day after that quarter.

    The Board publishes a quarter's release about ten weeks after the quarter ends (2016:Q3 on
    2016-12-08), so the day after the quarter's end is a lower bound that keeps releases in order.
    A name without the release leaves the vintage to the store (latest observation / retrieval).
    """
    m = _RELEASE_RE.search(Path(origin.split("!")[-1]).name)
    if not m:
        return None
    y, q = int(m.group(1)), int(m.group(2))
    return pd.Timestamp(year=y, month=3 * q, day=1) + pd.offsets.MonthBegin(1)


def parse_z1_zip(raw: bytes, origin: str) -> ParseResult:
    """z1_csv_files.zip -> series of ``l210.csv`` (required) and ``b101f.csv`` (if present)."""
    body, org = read_zip_member(raw, r"l210\.csv", NAME, origin)
    res = parse_z1_csv(body, org)
    try:
        body2, org2 = read_zip_member(raw, r"b101f\.csv", NAME, origin)
    except SourceFormatError:
        res.notes.append("b101f.csv (hedge funds) not in the archive")
        return res
    res2 = parse_z1_csv(body2, org2)
    obs = pd.concat([res.observations, res2.observations[~res2.observations["series_id"].isin(res.series)]],
                    ignore_index=True)
    return ParseResult(NAME, origin, obs, {**res2.series, **res.series}, notes=res.notes)


_DICT_LINE_RE = re.compile(r"^Line (\d+)$")


def parse_z1_dictionary(raw: bytes, origin: str) -> ParseResult:
    """A Z.1 package data dictionary (``data_dictionary/l210.txt``) -> catalog entries, no observations.

    Tab-separated, no header: ``CODE.Q``, description, ``Line N``, table title, units.  Every code
    gets its one catalog entry (:func:`z1_title`, the same whichever release it comes from); the
    publisher's own wording of each line is kept in ``notes`` (``"L.210 line 21 FL713061100: …"``).
    A code listed on two lines (L.210 lines 7 and 14) is one series.  Units other than millions of
    dollars would contradict the catalog and are refused.
    """
    text = decode_text(raw, NAME, origin)
    meta: dict[str, SeriesMeta] = {}
    notes: list[str] = []
    rows = [(i, ln) for i, ln in enumerate(text.split("\n"), start=1) if ln.strip()]
    if not rows:
        raise TruncatedFileError(NAME, origin, "no dictionary lines", line=1)
    for lineno, ln in rows:
        cells = [c.strip() for c in ln.split("\t")]
        if len(cells) != 5:
            exc = TruncatedFileError if lineno == rows[-1][0] and len(cells) < 5 else BadValueError
            raise exc(NAME, origin, f"dictionary line has {len(cells)} tab-separated fields, expected 5 "
                      "(code, description, line, table, units)", line=lineno)
        col, desc, line_no, table, units = cells
        code = col[:-2] if col.upper().endswith(".Q") else col
        if not _CODE_RE.match(code):
            raise BadValueError(NAME, origin, f"{col!r} is not a Z.1 series code", line=lineno, field="code")
        m = _DICT_LINE_RE.match(line_no)
        if not m:
            raise BadValueError(NAME, origin, f"{line_no!r} is not 'Line N'", line=lineno, field="line")
        if not units.lower().startswith("millions of dollars"):
            raise BadValueError(NAME, origin, f"units {units!r}: ustmon keeps Z.1 levels in millions of dollars",
                                line=lineno, field="units")
        sid = f"Z1.{code}"
        meta[sid] = _Z1_CATALOG.get(sid) or _z1_meta(code)
        notes.append(f"{table.split(' ')[1] if table.startswith('Table ') else table} line {m.group(1)} {code}: {desc}")
    return ParseResult(NAME, origin, empty_observations(), meta, notes=notes)


# ---------------------------------------------------------------------------
# Z.1 web page text
# ---------------------------------------------------------------------------

_ROW_RE = re.compile(r"^(?P<desc>.+?) (?P<code>(?:FL|LM|FA|FU|FR|FV|LA)\d{9}) (?P<vals>.+) (?P<line>\d+)$")
_PERIOD_RE = re.compile(r"(\d{4})(?: Q([1-4]))?")


def parse_z1_pagetext(raw: bytes, origin: str) -> ParseResult:
    """L.210 web-page text -> Z1.<code> series.  Values are billions (``units`` tells the store).

    Annual columns are year-end levels, dated like the Q4 column; where a
    year has both, the quarterly column is kept (they are equal in the
    publisher's table; a mismatch is reported in ``notes``).
    """
    text = decode_text(raw, NAME, origin)
    lines = text.split("\n")
    try:
        hidx = next(i for i, ln in enumerate(lines) if ln.startswith("Description Series code"))
    except StopIteration:
        raise MissingColumnError(NAME, origin, "no header line 'Description Series code …'",
                                 field="Series code") from None
    hdr = lines[hidx][len("Description Series code"):].strip()
    if not hdr.endswith("Line"):
        raise MissingColumnError(NAME, origin, "header does not end with 'Line'", line=hidx + 1, field="Line")
    periods = [(int(y), int(q) if q else None) for y, q in _PERIOD_RE.findall(hdr[:-4])]
    if not periods:
        raise MissingColumnError(NAME, origin, "no period columns in the header", line=hidx + 1)
    bad_year = next((y for y, _ in periods if not DATE_MIN.year <= y < DATE_MAX.year), None)
    if bad_year is not None:  # year 0 or 9999 in the header: never a crash or a silent wrap
        raise BadDateError(NAME, origin, f"period column year {bad_year} is outside "
                           f"{DATE_MIN.year}..{DATE_MAX.year - 1}", line=hidx + 1, field="period")
    col_dates = [pd.Timestamp(year=y, month=3 * ((q or 4) - 1) + 1, day=1) for y, q in periods]
    is_annual = [q is None for _, q in periods]
    rows, meta, notes = [], {}, []
    data_lines = [(i, ln) for i, ln in enumerate(lines[hidx + 1:], start=hidx + 2) if ln.strip()]
    if not data_lines:
        raise TruncatedFileError(NAME, origin, "no table rows after the header", line=hidx + 1)
    for lineno, ln in data_lines:
        m = _ROW_RE.match(ln.strip())
        if not m:
            raise TruncatedFileError(NAME, origin, "row is not 'description code values… line' (cut short?)",
                                     line=lineno)
        vals = m.group("vals").split()
        if len(vals) != len(periods):
            exc = TruncatedFileError if lineno == data_lines[-1][0] else BadValueError
            raise exc(NAME, origin, f"row has {len(vals)} values, header has {len(periods)} periods", line=lineno,
                      field=m.group("code"))
        nums = [_page_num(v, origin, lineno, m.group("code")) for v in vals]
        code = m.group("code")
        sid = f"Z1.{code}"
        meta[sid] = _Z1_CATALOG.get(sid) or _z1_meta(code)
        quarterly = {d: v for d, v, a in zip(col_dates, nums, is_annual) if not a}
        for d, v, a in zip(col_dates, nums, is_annual):
            if a and d in quarterly:
                if not (np.isnan(v) and np.isnan(quarterly[d])) and v != quarterly[d]:
                    notes.append(f"line {lineno}: {code} year-end {d.year} = {v} but Q4 column = {quarterly[d]}")
                continue
            rows.append((sid, d, v))
    obs = pd.DataFrame(rows, columns=["series_id", "date", "value"]) if rows else empty_observations()
    obs["date"] = obs["date"].astype("datetime64[ns]")
    obs["value"] = obs["value"].astype("float64")
    obs = obs.sort_values(["series_id", "date"], kind="stable").reset_index(drop=True)
    dup = obs.duplicated(["series_id", "date"])
    if dup.any():
        r = obs[dup].iloc[0]
        raise DuplicateDateError(NAME, origin, f"two rows for {r.series_id} on {r.date.date()}",
                                 field=r.series_id)
    mdate = re.search(r"l210_(\d{8})", Path(origin).name)
    vintage = pd.Timestamp(mdate.group(1)) if mdate else None
    return ParseResult(NAME, origin, obs, meta, vintage=vintage, units={s: "usd_bn" for s in meta}, notes=notes)


def _page_num(v: str, origin: str, line: int, field: str) -> float:
    if v in ("ND", "n.a.", "--", "-", "."):
        return np.nan
    try:
        return float(v.replace(",", ""))
    except ValueError:
        raise BadValueError(NAME, origin, f"non-numeric value {v!r}", line=line, field=field) from None


SOURCE = FedBoardSource()

__all__ = ["SOURCE", "L210_LINES", "FedBoardSource", "read_wide_csv", "wide_to_long", "check_monotone"]
