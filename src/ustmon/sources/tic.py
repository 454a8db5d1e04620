"""TIC: Major Foreign Holders of Treasury Securities (U.S. Treasury, TIC system).

Foreign holdings of US Treasury securities by country of holder, in **US
dollars, billions** (unit ``usd_bn``), **end of month**.  Observations are
dated the first day of the month they describe (``2025-12-01`` = holdings at
the end of December 2025), as the catalog notes say.

Publisher files (``https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/``):

``mfhhis01.txt`` (kind ``mfhhis01``)
    The history, 2000-03 onwards: tab-delimited, one block per calendar year,
    newest first.  Each block is an optional series-break label line
    (``Series 17/``), a month row (``\\tDec\\tNov…``), a ``Country\\t2025…`` row,
    dashes, the countries, ``All Other``, ``Grand Total`` and an "Of which"
    part (``For. Official``, ``Treasury Bills``, ``T-Bonds & Notes``).  In
    2002-2011 a block has 13 columns: at each annual benchmark (June) the
    month is shown twice, first the new series, then the old one "for
    comparison only" (footnotes 7/-16/).  2000 runs Mar-Dec with March twice:
    the first March is Series II, the series that continues through May 2002;
    the second is Series I (end-1994 benchmark) "shown for comparison only"
    (footnote 6/).  So the rule is the same in every year: **keep the first
    (left, newer-series) column of a repeated month and drop the comparison
    column**.  The footer's revision notes (``"(2025 revised March 18, 2026)"``)
    give :attr:`ParseResult.vintage` (the latest of them).
``slt_table5.txt`` (kind ``slt_table5``)
    The current table (SLT Table 5, latest 13 months): tab-delimited, four
    title lines, then ``Country`` and ISO ``YYYY-MM`` months newest first,
    countries, ``All Other``, ``Grand Total`` and ``Of Which: Foreign
    Official`` rows.  The file prints no release date, so
    :attr:`ParseResult.vintage` is None: the store dates the release itself
    (retrieval time when fetched live; for a mirror copy the release
    calendar's estimate for its latest month, about the 18th of month M+2,
    marked as estimated).
``slt_table5_pagetext`` / ``mfh_pagetext``
    Page-text excerpts (whitespace collapsed, cut after 2,000 characters) of
    ``slt_table5.html`` and of the retired ``Publish/mfh.txt``.  Names are
    split from numbers by token type; the cut last row keeps the values
    present (a number cut in half is dropped) and the cut is reported in
    :attr:`ParseResult.notes`, not raised.  No declared release date, as above:
    every such file (``mfh_vintage-2021-07…``) becomes its own vintage, so
    first prints stay reachable with ``as_of``.

Cells: ``n.a.`` and empty cells are missing (NaN).  ``*`` means "less than
$50 million": a known small positive amount, stored as the midpoint
``0.025`` (error at most ±0.025 bn, below the table's 0.1 bn precision) and
listed in the notes, so sums and changes stay computable.

Series ids: ``TIC.MFH.<ISO 3166-1 alpha-2>`` per country, ``TIC.MFH.GROUP.*``
for TIC's own regional aggregates, ``TIC.MFH.TOTAL``, ``TIC.MFH.ALL_OTHER``,
``TIC.MFH.OFFICIAL`` (foreign official), ``TIC.MFH.OFFICIAL.BILLS`` and
``TIC.MFH.OFFICIAL.NOTES_BONDS``.  Every name in a file must be in
:data:`COUNTRIES` (aliases included); an unknown name raises
:class:`~ustmon.errors.BadValueError` naming the file and line, so a new
country never silently disappears.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..conventions import countries as _countries
from ..errors import (
    BadDateError,
    BadValueError,
    DateOrderError,
    DuplicateDateError,
    MissingColumnError,
    TruncatedFileError,
    UnknownSeriesError,
)
from ._text import decode_text
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations

NAME = "tic"
DOCS = "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents"
MFHHIS01_URL = f"{DOCS}/mfhhis01.txt"
SLT_TABLE5_URL = f"{DOCS}/slt_table5.txt"
SLT_TABLE5_HTML_URL = f"{DOCS}/slt_table5.html"
#: retired; its page-text excerpts are still parsed (kind ``mfh_pagetext``)
MFH_RETIRED_URL = "https://ticdata.treasury.gov/Publish/mfh.txt"
ATTRIBUTION = "U.S. Department of the Treasury, Treasury International Capital (TIC) System"
DATASET = "mfh"
KINDS = ("mfhhis01", "slt_table5", "slt_table5_pagetext", "mfh_pagetext")

#: ``*`` = "Less than $50 million": stored as the midpoint of (0, 0.05) $bn
STAR_VALUE = 0.025
#: TIC publishes month M around the 18th of month M+2 (used when a file prints no date)
RELEASE_LAG_MONTHS = 2
RELEASE_DAY = 18

# --------------------------------------------------------------------------
# Countries and groups
# --------------------------------------------------------------------------

# The table of countries, groups and totals (ISO code, TIC name and every spelling seen in TIC files, region,
# display names) is ustmon.conventions.countries; re-exported here under the names this module always had.
EUROPE, DEVELOPED_ASIA, OIL_EXPORTERS = _countries.EUROPE, _countries.DEVELOPED_ASIA, _countries.OIL_EXPORTERS
EMERGING_MARKETS, OFFSHORE_CENTRES = _countries.EMERGING_MARKETS, _countries.OFFSHORE_CENTRES
OTHER_ADVANCED, REGIONS = _countries.OTHER_ADVANCED, _countries.REGIONS
Country = _countries.Country
#: Every name seen in mfhhis01.txt (2000-2025), slt_table5 and mfh.txt, mapped explicitly.
COUNTRIES: tuple[Country, ...] = _countries.COUNTRIES

BY_SERIES_ID: dict[str, Country] = {c.series_id: c for c in COUNTRIES}
_name_key = _countries.name_key
_OF_WHICH = re.compile(r"^of\s+which:\s*", re.IGNORECASE)  # "Of which:" rows (foreign official)


def series_id_for_name(name: str) -> str | None:
    """TIC row label (any spelling in its files) -> series id, or None when unknown."""
    c = _countries.by_tic_name(name)
    return c.series_id if c is not None else None


def country_for(series_id: str) -> Country:
    """Series id -> its :class:`Country` row (canonical name, ISO code, aliases, region)."""
    try:
        return BY_SERIES_ID[series_id]
    except KeyError:
        raise UnknownSeriesError(f"{series_id}: not a TIC Major Foreign Holders series") from None


def canonical_name(series_id: str) -> str:
    return country_for(series_id).name


def region_of(series_id: str) -> str | None:
    """Region group of a series (one of :data:`REGIONS`), None for totals."""
    return country_for(series_id).region


def series_in_region(region: str) -> list[str]:
    """Country series ids of a region (TIC's group aggregates excluded, so they do not double count)."""
    return [c.series_id for c in COUNTRIES if c.region == region and c.kind == "country"]


_BASE_NOTES = (
    "End-of-month holdings of US Treasury securities (marketable and non-marketable bills, bonds and notes), "
    "US dollars, billions; dated the first day of the month (2025-12-01 = end of December 2025). "
    "Country = country of the holder as reported by US custodians (custodial bias: securities in foreign "
    "custody are attributed to the custodian's country). Series breaks at each annual benchmark survey "
    "(June 2002-2011, March 2000) keep the new series. From December 2011 based on TIC Form SLT."
)


def _meta(country: Country) -> SeriesMeta:
    notes = _BASE_NOTES + (f" {country.notes}" if country.notes else "")
    return SeriesMeta(
        id=country.series_id,
        title=f"Foreign holdings of US Treasury securities: {country.name} (TIC Major Foreign Holders)",
        source=NAME,
        dataset=DATASET,
        frequency="M",
        unit="usd_bn",
        url=MFHHIS01_URL,
        attribution=ATTRIBUTION,
        notes=notes,
    )


_CATALOG: dict[str, SeriesMeta] = {c.series_id: _meta(c) for c in COUNTRIES}

# --------------------------------------------------------------------------
# Cell and date helpers
# --------------------------------------------------------------------------

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_MISSING = {"", "n.a.", "n.a"}  # TIC prints "n.a." (e.g. Luxembourg before June 2002)
_MONTH_ROW = re.compile(r"^\t(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\t", re.MULTILINE)
_ROMAN = re.compile(r"^[IVXL]+$")
_REVISION = re.compile(r"\((\d{4}) revised ([A-Z][a-z]+ \d{1,2}, \d{4})\)")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
_VALUE_TOKEN = re.compile(r"^(-?\d+(\.\d*)?|\*|n\.a\.)$")
_COMPLETE_NUMBER = re.compile(r"^-?\d+\.\d$")  # page text prints one decimal: "1171.0"


def _last_nonblank(lines: list[str]) -> int:
    """1-based number of the last line with content (0 if none)."""
    for i in range(len(lines), 0, -1):
        if lines[i - 1].strip():
            return i
    return 0


def _month_label(d: pd.Timestamp) -> str:
    return d.strftime("%b %Y")


def _estimated_release(latest: pd.Timestamp) -> pd.Timestamp:
    return (latest + pd.DateOffset(months=RELEASE_LAG_MONTHS)).replace(day=RELEASE_DAY)


class _Rows:
    """Cell accumulator: rows are added a block at a time (rows x months), and all cells get one
    vectorised numeric parse, sort and duplicate check at the end."""

    def __init__(self) -> None:
        self.blocks: list[tuple[list[str], list[int], np.ndarray, list[list[str]]]] = []

    def add(self, sids: list[str], lines: list[int], dates: list[pd.Timestamp] | np.ndarray,
            values: list[list[str]]) -> None:
        """``values[r][k]`` is row ``r``'s cell for ``dates[k]``."""
        if sids:
            self.blocks.append((sids, lines, np.asarray(dates, dtype="datetime64[ns]"), values))

    def frame(self, origin: str, notes: list[str]) -> pd.DataFrame:
        if not self.blocks:
            return empty_observations()
        names = sorted({x for sids, _, _, _ in self.blocks for x in sids})
        codes = {n: i for i, n in enumerate(names)}
        all_names = np.array(names, dtype=object)
        code_parts, line_parts, date_parts = [], [], []
        for sids, lines, dates, _ in self.blocks:
            m = len(dates)
            code_parts.append(np.repeat(np.fromiter((codes[x] for x in sids), np.int64, len(sids)), m))
            line_parts.append(np.repeat(np.asarray(lines, dtype=np.int64), m))
            date_parts.append(np.tile(dates, len(sids)))
        code = np.concatenate(code_parts)
        sid = all_names[code]
        line = np.concatenate(line_parts)
        date = np.concatenate(date_parts)
        raw = np.fromiter(itertools.chain.from_iterable(v for *_, values in self.blocks for v in values),
                          dtype=object, count=len(code))
        values = np.array(pd.to_numeric(pd.Series(raw, dtype=object), errors="coerce"), dtype="float64")
        # Only the few cells that are not plain numbers go through Python: n.a., blanks, '*', errors.
        stars = []
        for pos in np.flatnonzero(np.isnan(values)):
            cell = str(raw[pos]).strip()
            if cell.casefold() in _MISSING:
                continue
            if cell == "*":
                values[pos] = STAR_VALUE
                stars.append(pos)
                continue
            try:
                values[pos] = float(cell.replace(",", ""))
                if cell.casefold() == "nan":
                    raise ValueError(cell)
            except ValueError:
                raise BadValueError(NAME, origin, f"non-numeric value {cell[:40]!r} for {sid[pos]}",
                                    line=int(line[pos]), field=_month_label(pd.Timestamp(date[pos]))) from None
        inf = np.flatnonzero(np.isinf(values))
        if inf.size:
            pos = int(inf[0])
            raise BadValueError(NAME, origin, f"non-numeric value {str(raw[pos])[:40]!r} for {sid[pos]}",
                                line=int(line[pos]), field=_month_label(pd.Timestamp(date[pos])))
        if stars:
            where = sorted({f"{sid[i]} {_month_label(pd.Timestamp(date[i]))}" for i in stars})
            notes.append(f"'*' (less than $50 million) stored as {STAR_VALUE} $bn in {len(stars)} cells: "
                         + ", ".join(where[:10]) + (" ..." if len(where) > 10 else ""))
        order = np.lexsort((date.view("int64"), code))
        sid, date, values, line, code = sid[order], date[order], values[order], line[order], code[order]
        dup = np.flatnonzero((code[1:] == code[:-1]) & (date[1:] == date[:-1]))
        if dup.size:
            pos = int(dup[0]) + 1
            other = int(min(line[pos], line[pos - 1])), int(max(line[pos], line[pos - 1]))
            raise DuplicateDateError(NAME, origin, f"{sid[pos]} appears twice for {_month_label(pd.Timestamp(date[pos]))}"
                                     f" (lines {other[0]} and {other[1]} map to the same series)",
                                     line=other[1], field=_month_label(pd.Timestamp(date[pos])))
        return pd.DataFrame({"series_id": sid, "date": date, "value": values})


_LOOKUP_CACHE: dict[str, str] = {}


def _lookup(name: str, origin: str, line: int) -> str:
    sid = _LOOKUP_CACHE.get(name)
    if sid is not None:
        return sid
    sid = series_id_for_name(name)
    if sid is not None:
        _LOOKUP_CACHE[name] = sid
    else:
        raise BadValueError(NAME, origin, f"unknown country or row name {name.strip()!r}: add it to "
                            "ustmon.sources.tic.COUNTRIES (every TIC row must map to a series)",
                            line=line, field="Country")
    return sid


# --------------------------------------------------------------------------
# mfhhis01.txt
# --------------------------------------------------------------------------


@dataclass
class _Block:
    month_line: int
    month_cols: dict[int, str]  # column index -> "Dec"
    labels: dict[int, str]  # column index -> "Series 17/" from the series-break line above
    keep: list[int] | None = None  # column indices kept (comparison columns dropped)
    dates: np.ndarray | None = None  # datetime64[ns] of the kept columns
    ym: list[tuple[int, int]] = field(default_factory=list)
    year: int | None = None
    grand_total: bool = False
    of_which: bool = False
    of_which_rows: int = 0
    last_line: int = 0
    sids: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    values: list[list[str]] = field(default_factory=list)


def _finish_block(b: _Block | None, origin: str, rows: _Rows, *, final: bool) -> None:
    if b is None or b.dates is None:
        return
    if not b.grand_total:
        raise TruncatedFileError(NAME, origin, f"the {b.year} block (from line {b.month_line}) ends before its "
                                 "Grand Total row" + ("; the file is cut short" if final else ""),
                                 line=b.last_line)
    if b.of_which and b.of_which_rows < 3:
        raise TruncatedFileError(NAME, origin, f"the {b.year} block's 'Of which' part has {b.of_which_rows} of 3 "
                                 "rows (For. Official, Treasury Bills, T-Bonds & Notes)", line=b.last_line)
    rows.add(b.sids, b.lines, b.dates, b.values)


def _start_block(b: _Block, cells: list[str], line: int, origin: str,
                 prev: _Block | None, dropped: list[str]) -> None:
    """Read the ``Country\t2025…`` row under a month row; resolve series-break duplicates."""
    dates: list[tuple[int, tuple[int, int]]] = []  # (column, (year, month))
    for col, mon in b.month_cols.items():
        year = cells[col].strip() if col < len(cells) else ""
        if not (len(year) == 4 and year.isdigit()):
            raise BadDateError(NAME, origin, f"no year under {mon!r} (got {year[:20]!r})", line=line,
                               field=f"column {col + 1}")
        dates.append((col, (int(year), _MONTHS[mon])))
    keep: list[tuple[int, tuple[int, int]]] = []
    seen: dict[tuple[int, int], int] = {}
    for col, d in dates:
        if d not in seen:
            seen[d] = col
            keep.append((col, d))
            continue
        # A repeated month is legitimate only under a series-break label ("Series 16/" over the new column).
        if not (b.labels.get(seen[d], "").startswith("Series") or b.labels.get(col, "").startswith("Series")):
            raise DuplicateDateError(NAME, origin, f"month {_ym_label(d)} appears twice without a series-break "
                                     "label above it", line=b.month_line, field=f"column {col + 1}")
        dropped.append(f"{_ym_label(d)} (column {col + 1})")
    for (_, d0), (col, d1) in zip(keep, keep[1:]):
        if d1 >= d0:
            raise DateOrderError(NAME, origin, f"months not newest first: {_ym_label(d1)} follows "
                                 f"{_ym_label(d0)}", line=line, field=f"column {col + 1}")
    if prev is not None and prev.ym:
        if keep[0][1][0] == prev.ym[0][0]:
            raise DuplicateDateError(NAME, origin, f"year {keep[0][1][0]} appears twice (also in the block at "
                                     f"line {prev.month_line})", line=line, field="Country")
        if keep[0][1] >= prev.ym[-1]:
            raise DateOrderError(NAME, origin, f"year blocks not newest first: {keep[0][1][0]} follows "
                                 f"{prev.ym[0][0]}", line=line, field="Country")
    b.keep = [c for c, _ in keep]
    b.ym = [d for _, d in keep]
    b.dates = _month_array(b.ym)
    b.year = b.ym[0][0]


def _ym_label(ym: tuple[int, int]) -> str:
    return f"{_MONTH_NAMES[ym[1] - 1]} {ym[0]}"


def _month_array(yms: list[tuple[int, int]]) -> np.ndarray:
    """[(year, month)] -> datetime64[ns] first days of month."""
    months = np.array([(y - 1970) * 12 + m - 1 for y, m in yms], dtype="int64")
    return months.astype("datetime64[M]").astype("datetime64[ns]")


_OFFICIAL_IDS = ("TIC.MFH.OFFICIAL", "TIC.MFH.OFFICIAL.BILLS", "TIC.MFH.OFFICIAL.NOTES_BONDS")


def _parse_mfhhis01(text: str, origin: str) -> ParseResult:
    lines = text.split("\n")
    rows = _Rows()
    notes: list[str] = []
    dropped: list[str] = []
    labels: dict[int, str] = {}
    block: _Block | None = None
    prev: _Block | None = None
    expect_country_at: int | None = None
    footer_line: int | None = None
    last_nonblank = _last_nonblank(lines)

    # One pass over ~1,300 lines; cells are collected per block and parsed together in _Rows.frame.
    for ln, line in enumerate(lines, 1):
        cells = line.split("\t")
        first = cells[0].strip()
        if expect_country_at == ln:
            expect_country_at = None
            if first != "Country":
                raise MissingColumnError(NAME, origin, f"expected the 'Country' row with years under the month row "
                                         f"of line {ln - 1}, found {first[:40]!r}", line=ln, field="Country")
            _start_block(block, cells, ln, origin, prev, dropped)  # type: ignore[arg-type]
            block.last_line = ln  # type: ignore[union-attr]
            continue
        if not first:
            if not line.strip():
                continue  # blank (tab-only) line
            present = [c.strip() for c in cells[1:] if c.strip()]
            if all(c in _MONTHS for c in present):  # month row: a new year block
                _finish_block(block, origin, rows, final=False)
                if block is not None:
                    prev = block
                block = _Block(month_line=ln, labels=labels,
                               month_cols={i: c.strip() for i, c in enumerate(cells) if i and c.strip()})
                labels = {}
                expect_country_at = ln + 1
            elif any(c.startswith("Series") for c in present):
                labels = {i: c.strip() for i, c in enumerate(cells) if i and c.strip()}
            elif all(_ROMAN.match(c) or set(c) <= {"-"} for c in present):
                pass  # roman series numbers under a break label, or the dashes row
            elif block is not None:
                raise MissingColumnError(NAME, origin, "data row without a country name", line=ln, field="Country")
            continue  # (title lines before the first block)
        if first == "Country":
            raise MissingColumnError(NAME, origin, "'Country' row without the month row above it", line=ln,
                                     field="Country")
        if block is None:
            continue  # text before the first block
        keep = block.keep
        assert keep is not None and block.dates is not None
        if len(cells) > keep[-1]:
            vals = [cells[c] for c in keep]
            empty = not "".join(vals).strip()
        else:
            vals = [cells[c] if c < len(cells) else None for c in keep]  # type: ignore[misc]
            empty = not "".join(v or "" for v in vals).strip()
        if empty:
            if _OF_WHICH.match(first):
                block.of_which = True
                block.last_line = ln
                continue
            if block.grand_total:
                footer_line = ln  # "Department of the Treasury/Federal Reserve Board", date, revision notes
                break
            raise BadValueError(NAME, origin, f"row {first[:40]!r} has no values", line=ln, field=first[:40])
        if vals[-1] is None:
            n = sum(v is not None for v in vals)
            if ln == last_nonblank:
                raise TruncatedFileError(NAME, origin, f"last line has {n} of {len(vals)} values; the file is cut "
                                         "short", line=ln, field=first[:40])
            raise BadValueError(NAME, origin, f"row has {n} of {len(vals)} values", line=ln,
                                field=_ym_label(block.ym[n]))
        sid = _lookup(first, origin, ln)
        if block.of_which:
            if sid not in _OFFICIAL_IDS:
                raise BadValueError(NAME, origin, f"unexpected row {first!r} in the 'Of which' part", line=ln,
                                    field="Country")
            block.of_which_rows += 1
        elif sid == "TIC.MFH.TOTAL":
            block.grand_total = True
        elif block.grand_total:
            raise BadValueError(NAME, origin, f"row {first!r} after Grand Total outside an 'Of which' part",
                                line=ln, field="Country")
        block.sids.append(sid)
        block.lines.append(ln)
        block.values.append(vals)  # type: ignore[arg-type]
        block.last_line = ln

    if block is None or block.dates is None:
        raise MissingColumnError(NAME, origin, "no year block found (a month row followed by a 'Country' row with "
                                 "years); not mfhhis01.txt?", line=1, field="Country")
    _finish_block(block, origin, rows, final=True)
    if footer_line is None:
        raise TruncatedFileError(NAME, origin, "the file ends without its footer ('Department of the Treasury', "
                                 "revision notes); it is cut short", line=last_nonblank)
    obs = rows.frame(origin, notes)
    if dropped:
        notes.append("series breaks: kept the new-series column, dropped the comparison column for "
                     + "; ".join(dropped))
    footer = "\n".join(lines[footer_line - 1:])
    later = _MONTH_ROW.search(footer)
    if later:
        raise BadValueError(NAME, origin, f"text row {lines[footer_line - 1].split(chr(9))[0].strip()[:40]!r} inside "
                            f"the table: year blocks follow on line {footer_line + footer.count(chr(10), 0, later.start()) + 1}",
                            line=footer_line, field="Country")
    revisions = [(int(m.group(1)), pd.Timestamp(pd.to_datetime(m.group(2), format="%B %d, %Y")))
                 for m in _REVISION.finditer(footer)]
    vintage = None
    if revisions:
        vintage = max(d for _, d in revisions)
        notes.append("revision notes: " + ", ".join(f"{y} revised {d.date()}" for y, d in revisions))
    else:
        notes.append("no revision note in the footer: vintage unknown")
    return _result(origin, obs, vintage, notes)


# --------------------------------------------------------------------------
# slt_table5.txt
# --------------------------------------------------------------------------


def _parse_slt_table5(text: str, origin: str) -> ParseResult:
    lines = text.split("\n")
    header = next((i for i, ln in enumerate(lines) if ln.split("\t")[0].strip() == "Country"), None)
    if header is None:
        raise MissingColumnError(NAME, origin, "no 'Country' header row with YYYY-MM months; not slt_table5.txt?",
                                 line=1, field="Country")
    hcells = [c.strip() for c in lines[header].split("\t")]
    dates = _iso_header(hcells[1:], origin, header + 1)
    n = len(dates)
    last_nonblank = _last_nonblank(lines)
    rows = _Rows()
    notes: list[str] = []
    grand_total = False
    for ln in range(header + 2, len(lines) + 1):
        cells = lines[ln - 1].split("\t")
        first = cells[0].strip()
        vals = [c.strip() for c in cells[1:1 + n]]
        if not first and not any(vals):
            continue
        if not first:
            raise MissingColumnError(NAME, origin, "data row without a country name", line=ln, field="Country")
        if not any(vals):
            if grand_total:
                continue  # notes below the table
            raise BadValueError(NAME, origin, f"row {first[:40]!r} has no values", line=ln, field=first[:40])
        if len(vals) < n:  # fewer cells than months (an empty cell in a full-width row is a missing value)
            if ln == last_nonblank:
                raise TruncatedFileError(NAME, origin, f"last line has {len(vals)} of {n} values; the file is cut "
                                         "short", line=ln, field=first[:40])
            raise BadValueError(NAME, origin, f"row has {len(vals)} of {n} cells", line=ln,
                                field=_month_label(dates[len(vals)]))
        sid = _lookup(first, origin, ln)
        grand_total = grand_total or sid == "TIC.MFH.TOTAL"
        rows.add([sid], [ln], dates, [vals])
    if not grand_total:
        raise TruncatedFileError(NAME, origin, "no Grand Total row: the table is cut short", line=last_nonblank)
    obs = rows.frame(origin, notes)
    notes.append(f"no release date in the file: release estimated from the TIC calendar (month M around the "
                 f"{RELEASE_DAY}th of month M+{RELEASE_LAG_MONTHS}); latest month {max(dates):%Y-%m}, "
                 f"about {_estimated_release(max(dates)).date()}")
    return _result(origin, obs, None, notes)


def _iso_header(cells: list[str], origin: str, line: int) -> list[pd.Timestamp]:
    cells = [c for c in cells if c]
    if not cells:
        raise MissingColumnError(NAME, origin, "the 'Country' header row has no months", line=line, field="Country")
    dates = []
    for k, c in enumerate(cells, 2):
        if not _ISO_MONTH.match(c) or not 1 <= int(c[5:]) <= 12:
            raise BadDateError(NAME, origin, f"bad month {c[:20]!r} (expected YYYY-MM)", line=line, field=f"column {k}")
        dates.append(pd.Timestamp(int(c[:4]), int(c[5:]), 1))
    _check_descending(dates, origin, line)
    return dates


def _check_descending(dates: list[pd.Timestamp], origin: str, line: int) -> None:
    for k, (a, b) in enumerate(zip(dates, dates[1:]), 3):
        if b == a:
            raise DuplicateDateError(NAME, origin, f"month {a:%Y-%m} appears twice", line=line, field=f"column {k}")
        if b > a:
            raise DateOrderError(NAME, origin, f"months not newest first: {b:%Y-%m} follows {a:%Y-%m}", line=line,
                                 field=f"column {k}")


# --------------------------------------------------------------------------
# Page-text excerpts (slt_table5.html, Publish/mfh.txt)
# --------------------------------------------------------------------------


def _parse_pagetext(text: str, origin: str, kind: str) -> ParseResult:
    toks = [(m.group(), m.start()) for m in re.finditer(r"\S+", text)]
    words = [t for t, _ in toks]
    starts = np.array([p for _, p in toks])
    newlines = np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype="<u4") == 10)
    line_of = np.searchsorted(newlines, starts) + 1  # 1-based line of every token
    try:
        ci = words.index("Country")
    except ValueError:
        raise MissingColumnError(NAME, origin, "no 'Country' header in the page text", line=1, field="Country") from None
    notes: list[str] = []
    if kind == "slt_table5_pagetext":
        j = ci + 1
        while j < len(words) and _ISO_MONTH.match(words[j]):
            j += 1
        if j == ci + 1:
            raise BadDateError(NAME, origin, f"no YYYY-MM months after 'Country' (got {words[ci + 1:ci + 2]})",
                               line=int(line_of[ci]), field="Country")
        dates = _iso_header(words[ci + 1:j], origin, int(line_of[ci]))
    else:  # mfh_pagetext: "Feb Jan … Country 2019 2019 … ------ …"
        i = ci
        while i > 0 and words[i - 1] in _MONTHS:
            i -= 1
        months = words[i:ci]
        n = len(months)
        if n == 0:
            raise MissingColumnError(NAME, origin, "no month row before 'Country'", line=int(line_of[ci]),
                                     field="Country")
        years = words[ci + 1:ci + 1 + n]
        if len(years) < n or not all(re.fullmatch(r"\d{4}", y) for y in years):
            raise BadDateError(NAME, origin, f"expected {n} years after 'Country', got {years[:n]}",
                               line=int(line_of[ci]), field="Country")
        dates = [pd.Timestamp(int(y), _MONTHS[m], 1) for m, y in zip(months, years)]
        _check_descending(dates, origin, int(line_of[ci]))
        j = ci + 1 + n
        while j < len(words) and set(words[j]) == {"-"}:
            j += 1
    n = len(dates)
    rows = _Rows()
    while j < len(words):
        name_start = j
        while j < len(words) and not _VALUE_TOKEN.match(words[j]):
            j += 1
        name = " ".join(words[name_start:j])
        v0 = j
        while j < len(words) and j - v0 < n and _VALUE_TOKEN.match(words[j]):
            j += 1
        vals = words[v0:j]
        ln = int(line_of[name_start]) if name_start < len(words) else int(line_of[-1])
        at_end = j >= len(words)
        if at_end and vals and not _COMPLETE_NUMBER.match(vals[-1]) and vals[-1] not in ("*", "n.a."):
            notes.append(f"excerpt cut mid-number: dropped {vals[-1]!r} at the end of {name!r} (line {ln})")
            vals = vals[:-1]
        if not name:
            raise MissingColumnError(NAME, origin, f"values without a country name ({' '.join(vals[:3])} …)",
                                     line=ln, field="Country")
        if len(vals) < n:
            if not at_end:
                raise BadValueError(NAME, origin, f"row {name!r} has {len(vals)} of {n} values", line=ln,
                                    field=name)
            if not vals:
                notes.append(f"excerpt cut inside the row name {name!r} (line {ln}): row dropped")
                break
            notes.append(f"excerpt cut: row {name!r} (line {ln}) keeps its first {len(vals)} of {n} values "
                         f"({dates[0]:%Y-%m}..{dates[len(vals) - 1]:%Y-%m})")
        sid = _lookup(name, origin, ln)
        rows.add([sid], [ln], dates[:len(vals)], [vals])
    obs = rows.frame(origin, notes)
    if obs.empty:
        raise TruncatedFileError(NAME, origin, "the excerpt ends before its first data row", line=int(line_of[-1]))
    notes.append(f"no release date in the page text: release estimated from the TIC calendar (month M around the "
                 f"{RELEASE_DAY}th of month M+{RELEASE_LAG_MONTHS}); latest month {max(dates):%Y-%m}, "
                 f"about {_estimated_release(max(dates)).date()}")
    return _result(origin, obs, None, notes)


def _result(origin: str, obs: pd.DataFrame, vintage: pd.Timestamp | None, notes: list[str]) -> ParseResult:
    series = {sid: _CATALOG[sid] for sid in obs["series_id"].unique()}
    return ParseResult(source=NAME, origin=origin, observations=obs, series=series, vintage=vintage, notes=notes)


# --------------------------------------------------------------------------
# The source
# --------------------------------------------------------------------------


class TicSource(Source):
    """U.S. Treasury TIC Major Foreign Holders of Treasury Securities ($bn, end of month)."""

    name = NAME
    title = "U.S. Treasury, Treasury International Capital (TIC): Major Foreign Holders of Treasury Securities"
    mirror_subdirs = ("tic",)
    attribution = ATTRIBUTION
    expected_update_days = 35  # monthly, around the 18th

    def catalog(self) -> list[SeriesMeta]:
        return list(_CATALOG.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        """Both files: every series is in both.  The history file is always fetched because TIC revises
        past years in it (``since`` does not narrow it)."""
        for sid in series or []:
            if sid not in _CATALOG:
                raise UnknownSeriesError(f"{sid}: not a TIC series (ids look like TIC.MFH.JP, TIC.MFH.TOTAL)")
        return [
            Request(NAME, "mfhhis01", MFHHIS01_URL,
                    description="Major Foreign Holders of Treasury Securities, history from March 2000 (tab-delimited)"),
            Request(NAME, "slt_table5", SLT_TABLE5_URL,
                    description="SLT Table 5: Major Foreign Holders, latest 13 months (tab-delimited)"),
        ]

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = Path(mirror) / "tic"
        if not d.is_dir():
            return []
        out = []
        for p in sorted(d.glob("*.txt")):
            kind = _kind_of(p.name)
            if kind:
                out.append(MirrorFile(p, kind))
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind not in KINDS:
            raise ValueError(f"tic: unknown parser kind {kind!r} (known: {', '.join(KINDS)})")
        text = decode_text(raw, NAME, origin)
        if kind == "mfhhis01":
            return _parse_mfhhis01(text, origin)
        if kind == "slt_table5":
            return _parse_slt_table5(text, origin)
        return _parse_pagetext(text, origin, kind)


def _kind_of(filename: str) -> str | None:
    f = filename.lower()
    if f.startswith("mfhhis01"):
        return "mfhhis01"
    if f.startswith("slt_table5"):
        return "slt_table5_pagetext" if "pagetext" in f else "slt_table5"
    if f.startswith("mfh") and "pagetext" in f:
        return "mfh_pagetext"
    return None  # e.g. the retired mfh.txt itself (fixed-width layout, not supported)


SOURCE = TicSource()
