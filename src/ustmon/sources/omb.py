"""OMB Historical Tables (Office of Management and Budget, Budget of the U.S. Government).

Kind ``omb_xls``: the old-layout BIFF8 ``.xls`` workbooks (FY2017 Budget
edition in the mirror: ``fiscaldata/omb_historical_tables_2017/histNNzN.xls``),
read with xlrd.  One sheet; a title row (``Table 1.1—...``), a unit row, a 2-3
row header, then one row per year, then footnotes.

Tables and series (annual, fiscal years):

* ``hist01z1.xls`` Table 1.1, $ millions: ``OMB.HIST1_1.RECEIPTS``,
  ``.OUTLAYS``, ``.SURPLUS`` (surplus + / deficit -), and the on-budget /
  off-budget splits ``.ON_BUDGET_RECEIPTS`` ... ``.OFF_BUDGET_SURPLUS``.
* ``hist01z2.xls`` Table 1.2, percent of GDP: ``OMB.HIST1_2.RECEIPTS_PCT_GDP``,
  ``.OUTLAYS_PCT_GDP``, ``.SURPLUS_PCT_GDP`` (+ on/off-budget), and
  ``OMB.HIST1_2.GDP`` (fiscal-year GDP, $ billions).
* ``hist07z1.xls`` Table 7.1, debt at the end of the fiscal year, $ millions:
  ``OMB.HIST7_1.GROSS_DEBT``, ``.HELD_BY_GOV_ACCOUNTS``, ``.HELD_BY_PUBLIC``,
  ``.HELD_BY_FED`` (Federal Reserve System), ``.HELD_BY_PUBLIC_OTHER``, and
  the same as percent of GDP (``..._PCT_GDP``).

Conventions:

* The date of a fiscal year is its **last day**: 30 June through FY1976,
  30 September from FY1977 (the 1976 transition quarter moved the year end).
* The year column is text.  Multi-year rows (``1789–1849``) and the
  transition quarter (``TQ``, July-September 1976) are not fiscal years and
  are skipped (listed in ``notes``).  ``2016 estimate`` rows are budget
  projections, not observations: skipped and noted.
* ``..........`` (not applicable) and ``N/A`` -> NaN.  ``*`` / ``−*`` mean a
  magnitude of at most $500 thousand (Table 1.1) or 0.05 percent (1.2):
  stored as 0.0 (a known, rounded-away value, not a missing one), counted in
  ``notes``.
* ``ParseResult.vintage`` is the workbook's "last saved" time from its OLE
  SummaryInformation (2016-01-25 for the FY2017 edition), the only date the
  file itself carries.

Live: https://www.whitehouse.gov/omb/budget/historical-tables/ now serves
``.xlsx`` files with the same names.  openpyxl is not installed in ustmon's
environment, so ``.xlsx`` is **not** parsed: a zip/xlsx payload raises a
``SourceFormatError`` saying so; ``live_requests()`` still describes the
addresses.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import BadDateError, BadValueError, DateOrderError, DuplicateDateError, MissingColumnError, SourceFormatError, TruncatedFileError
from ._text import DATE_MAX, DATE_MIN, check_not_html
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source

NAME = "omb"
ATTRIBUTION = "Source: Office of Management and Budget, Historical Tables, Budget of the U.S. Government"
PAGE = "https://www.whitehouse.gov/omb/budget/historical-tables/"
LIVE_BASE = "https://www.whitehouse.gov/wp-content/uploads/"

_SPLIT = [("", ""), ("ON_BUDGET_", "on-budget "), ("OFF_BUDGET_", "off-budget ")]

# table -> (file stem, title regex, [(column index, series id, title, unit, header keyword)])
TABLES: dict[str, tuple[str, str, list[tuple[int, str, str, str, str]]]] = {
    "1.1": ("hist01z1", r"^Table 1\.1\b", [
        (1 + 3 * i + j, f"OMB.HIST1_1.{p}{n}", f"{t}{n.lower()}", "usd_mn", k)
        for i, (p, t) in enumerate(_SPLIT) for j, (n, k) in enumerate(
            [("RECEIPTS", "receipts"), ("OUTLAYS", "outlays"), ("SURPLUS", "surplus")])]),
    "1.2": ("hist01z2", r"^Table 1\.2\b", [(1, "OMB.HIST1_2.GDP", "GDP, fiscal year", "usd_bn", "gdp")] + [
        (2 + 3 * i + j, f"OMB.HIST1_2.{p}{n}_PCT_GDP", f"{t}{n.lower()}, percent of GDP", "pct_of_gdp", k)
        for i, (p, t) in enumerate(_SPLIT) for j, (n, k) in enumerate(
            [("RECEIPTS", "receipts"), ("OUTLAYS", "outlays"), ("SURPLUS", "surplus")])]),
    "7.1": ("hist07z1", r"^Table 7\.1\b", [
        (c + off, f"OMB.HIST7_1.{n}{sfx}", f"{t}{tt}", unit, k)
        for off, sfx, tt, unit in [(0, "", ", end of fiscal year", "usd_mn"),
                                   (5, "_PCT_GDP", ", end of fiscal year, percent of GDP", "pct_of_gdp")]
        for c, n, t, k in [(1, "GROSS_DEBT", "Gross federal debt", "gross federal debt"),
                           (2, "HELD_BY_GOV_ACCOUNTS", "Held by federal government accounts", "government accounts"),
                           (3, "HELD_BY_PUBLIC", "Held by the public", "total"),
                           (4, "HELD_BY_FED", "Held by the public: Federal Reserve System", "federal reserve"),
                           (5, "HELD_BY_PUBLIC_OTHER", "Held by the public: other", "other")]]),
}

_NA_TEXT = {"..........", "N/A", "NA", ""}
_STAR = {"*", "−*", "-*", "–*"}
_YEAR = re.compile(r"^(\d{4})(\s+estimate)?$", re.IGNORECASE)
_RANGE = re.compile(r"^\d{4}\s*[–—-]\s*\d{4}$")


def _catalog() -> dict[str, SeriesMeta]:
    out = {}
    for table, (stem, _, cols) in TABLES.items():
        for _, sid, title, unit, _ in cols:
            out[sid] = SeriesMeta(
                id=sid, title=f"OMB Historical Table {table}: {title[0].upper() + title[1:]}", source=NAME,
                dataset=stem, frequency="A", unit=unit, url=PAGE, attribution=ATTRIBUTION,
                notes="Fiscal years dated at their last day (30 June through FY1976, 30 September from FY1977); "
                      "estimates and the 1976 transition quarter are not stored; '*' (rounds to zero) stored as 0.")
    return out


_CATALOG = _catalog()


def fiscal_year_end(years: np.ndarray) -> pd.DatetimeIndex:
    """Last day of each fiscal year: June 30 through FY1976, September 30 from FY1977."""
    years = np.asarray(years, dtype=int)
    month = np.where(years <= 1976, 6, 9)
    day = np.where(years <= 1976, 30, 30)
    return pd.DatetimeIndex(pd.to_datetime(pd.DataFrame({"year": years, "month": month, "day": day})))


def _last_saved(raw: bytes) -> pd.Timestamp | None:
    """PIDSI_LASTSAVE_DTM (13) from the OLE ``\\x05SummaryInformation`` stream, or None."""
    try:
        import xlrd.compdoc as compdoc

        with open("/dev/null", "w") as devnull:
            stream = compdoc.CompDoc(raw, logfile=devnull).get_named_stream("\x05SummaryInformation")
        if not stream:
            return None
        (sec_off,) = struct.unpack_from("<I", stream, 44)  # first section's offset after its FMTID
        _, nprops = struct.unpack_from("<II", stream, sec_off)
        for i in range(nprops):
            pid, off = struct.unpack_from("<II", stream, sec_off + 8 + 8 * i)
            if pid == 13:
                vt, lo, hi = struct.unpack_from("<III", stream, sec_off + off)
                if vt != 64:  # VT_FILETIME
                    return None
                ticks = (hi << 32) | lo  # 100 ns since 1601-01-01
                return pd.Timestamp("1601-01-01") + pd.Timedelta(microseconds=ticks // 10)
    except Exception:  # noqa: BLE001 - metadata is optional; the data are what matter
        return None
    return None


def parse_omb_xls(raw: bytes, origin: str) -> ParseResult:
    import xlrd

    check_not_html(raw, NAME, origin)
    if raw[:2] == b"PK":
        raise SourceFormatError(NAME, origin, "this is an .xlsx workbook; openpyxl is not installed, so only the "
                                "old-layout .xls is supported")
    try:
        book = xlrd.open_workbook(file_contents=raw, logfile=open("/dev/null", "w"))
    except Exception as exc:  # xlrd raises XLRDError, AssertionError, struct.error... on damaged files
        raise TruncatedFileError(NAME, origin, f"not a readable .xls workbook ({type(exc).__name__}: {exc}); "
                                 "truncated download?") from None
    sheet = book.sheet_by_index(0)
    title = str(sheet.cell_value(0, 0)).strip() if sheet.nrows else ""
    table = next((t for t, (_, pat, _) in TABLES.items() if re.match(pat, title)), None)
    if table is None:
        raise MissingColumnError(NAME, origin, f"cell A1 is {title[:60]!r}, not the title of Table 1.1, 1.2 or 7.1",
                                 line=1, field="A1")
    _, _, cols = TABLES[table]
    years_text = [str(v).strip() for v in sheet.col_values(0)]
    is_data = [bool(_YEAR.match(y) or _RANGE.match(y) or y == "TQ") for y in years_text]
    if not any(is_data):
        raise TruncatedFileError(NAME, origin, "no year rows found", line=sheet.nrows)
    first = is_data.index(True)
    last = len(is_data) - 1 - is_data[::-1].index(True)
    # header check: each column's header text must name what we read from it (a moved column is an error)
    for c, sid, _, _, keyword in cols:
        if c >= sheet.ncols:
            raise MissingColumnError(NAME, origin, f"column {c + 1} is missing", line=first, field=sid)
        head = " ".join(str(sheet.cell_value(r, c)) for r in range(1, first)).lower()
        # group labels sit only over a group's first column: look left to the group start as well
        group_head = " ".join(str(sheet.cell_value(r, cc)) for r in range(1, first)
                              for cc in range(max(1, c - 2), c + 1)).lower()
        if keyword not in head and keyword not in group_head:
            raise MissingColumnError(NAME, origin, f"header of column {c + 1} does not mention {keyword!r}",
                                     line=first, field=sid)
    notes: list[str] = []
    keep: list[int] = []
    for r in range(first, last + 1):
        y = years_text[r]
        m = _YEAR.match(y)
        if m and not m.group(2):
            keep.append(r)
        elif m:
            notes.append(f"skipped estimate row {y!r} (line {r + 1})")
        elif y == "TQ":
            notes.append(f"skipped transition quarter row 'TQ' (Jul-Sep 1976, line {r + 1})")
        elif _RANGE.match(y):
            notes.append(f"skipped multi-year row {y!r} (line {r + 1})")
        elif y:
            raise BadValueError(NAME, origin, f"unexpected year label {y!r}", line=r + 1, field="Year")
    years = np.array([int(years_text[r]) for r in keep])
    out_of = (years < DATE_MIN.year) | (years > DATE_MAX.year - 1)
    if out_of.any():  # a typo such as 9999 would overflow the date type (never a silent wrap)
        pos = int(np.flatnonzero(out_of)[0])
        raise BadDateError(NAME, origin, f"fiscal year {years[pos]} is outside {DATE_MIN.year}..{DATE_MAX.year - 1}",
                           line=keep[pos] + 1, field="Year")
    dates = pd.Series(fiscal_year_end(years))
    # years ascend strictly; errors name the spreadsheet line (rows are not contiguous: TQ is skipped)
    diff = np.diff(years)
    if (diff == 0).any():
        pos = int(np.flatnonzero(diff == 0)[0]) + 1
        raise DuplicateDateError(NAME, origin, f"fiscal year {years[pos]} appears twice", line=keep[pos] + 1,
                                 field="Year")
    if (diff < 0).any():
        pos = int(np.flatnonzero(diff < 0)[0]) + 1
        raise DateOrderError(NAME, origin, f"fiscal year {years[pos]} follows {years[pos - 1]}",
                             line=keep[pos] + 1, field="Year")
    parts = []
    stars = 0
    for c, sid, _, _, _ in cols:
        types = [sheet.cell_type(r, c) for r in keep]
        vals = [sheet.cell_value(r, c) for r in keep]
        out = np.full(len(keep), np.nan)
        for i, (t, v) in enumerate(zip(types, vals)):
            if t == xlrd.XL_CELL_NUMBER:
                out[i] = v
            elif t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            else:
                s = str(v).strip()
                if s in _NA_TEXT:
                    continue
                if s in _STAR:
                    out[i] = 0.0
                    stars += 1
                    continue
                try:
                    out[i] = float(s.replace(",", "").replace("−", "-"))
                except ValueError:
                    raise BadValueError(NAME, origin, f"non-numeric value {s[:30]!r}", line=keep[i] + 1,
                                        field=sid) from None
        parts.append(pd.DataFrame({"series_id": sid, "date": dates.to_numpy(), "value": out}))
    if stars:
        notes.append(f"{stars} cells marked '*' (rounds to zero) stored as 0.0")
    obs = pd.concat(parts, ignore_index=True)
    obs["date"] = obs["date"].astype("datetime64[ns]")
    return ParseResult(source=NAME, origin=origin, observations=obs, series={s: _CATALOG[s] for s in obs.series_id.unique()},
                       vintage=_last_saved(raw), notes=notes)


class OmbSource(Source):
    """OMB Historical Tables 1.1, 1.2 and 7.1."""

    name = NAME
    title = "Office of Management and Budget: Historical Tables"
    mirror_subdirs = ("fiscaldata",)
    attribution = ATTRIBUTION
    expected_update_days = 365

    def catalog(self) -> list[SeriesMeta]:
        return list(_CATALOG.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        out = []
        for table, (stem, _, cols) in TABLES.items():
            if series is not None and not any(sid in series for _, sid, _, _, _ in cols):
                continue
            # OMB posts the current edition as .xlsx under wp-content/uploads/<year>/<month>/; the path changes
            # with each Budget, so the page is the stable address and the file name is the stable part
            out.append(Request(source=NAME, kind="omb_xls", url=PAGE,
                               description=f"OMB Historical Table {table} ({stem}.xlsx on the page; .xls in older "
                                           "editions). The .xlsx layout needs openpyxl, which is not installed."))
        return out

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = Path(mirror) / "fiscaldata"
        if not d.is_dir():
            return []
        stems = {stem for stem, _, _ in TABLES.values()}
        return [MirrorFile(p, "omb_xls") for p in sorted(d.rglob("*.xls")) if p.stem.lower() in stems]

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind != "omb_xls":
            raise ValueError(f"omb: unknown parser kind {kind!r}")
        return parse_omb_xls(raw, origin)


SOURCE = OmbSource()
