"""Japan Ministry of Finance: JGB benchmark yields ("Interest Rate", constant-maturity), percent, daily.

Live CSVs (English site):

* history ``https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/historical/jgbcme_all.csv``
  (from 1974-09-24);
* current month ``https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/jgbcme.csv``.

Kind ``jgbcme_csv``: CRLF; line 1 a title (``Interest Rate,...,(Unit : %)``),
line 2 the header ``Date,1Y,2Y,...,40Y``, then one row per business day
(Saturdays until 1989, none on Japanese holidays), dates ``YYYY/M/D``
unpadded, missing = ``-`` (columns start late: 10Y 1986, 30Y 1999, 40Y 2007),
negative yields since 2016.  Non-data lines after the table (notes in the
current-month file) end the table; a non-data line *inside* the table is an
error.  Series ``MOF.JGB.<n>Y`` (unit ``pct``).

Attribution (mandatory): "Source: Ministry of Finance, Japan".
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import MissingColumnError, SourceFormatError, TruncatedFileError
from ._text import check_dates, decode_text, parse_date_column, parse_numeric_column
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations
from .sdmx import id_column

BASE = "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate"
HISTORY_URL = f"{BASE}/historical/jgbcme_all.csv"
CURRENT_URL = f"{BASE}/jgbcme.csv"
PAGE_URL = f"{BASE}/index.htm"
ATTRIBUTION = "Source: Ministry of Finance, Japan"
TENORS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40)

_DATA_LINE = re.compile(r"^\s*\d{4}/\d")
_MISSING = ("", "-")


def _meta(years: int) -> SeriesMeta:
    return SeriesMeta(
        id=f"MOF.JGB.{years}Y", title=f"JGB benchmark yield, {years}-year (Japan MoF interest rate)", source="jpmof",
        dataset="jgbcme", frequency="D", unit="pct", url=HISTORY_URL, attribution=ATTRIBUTION,
        notes="Japanese business days (Saturdays until 1989); '-' in the file = not yet published for that maturity.",
    )


_META = {f"MOF.JGB.{y}Y": _meta(y) for y in TENORS}


class JpMofSource(Source):
    """Japan MoF JGB yields (``jgbcme_all.csv`` history + ``jgbcme.csv`` current month)."""

    name = "jpmof"
    title = "Ministry of Finance, Japan: JGB interest rates"
    mirror_subdirs = ("jp_mof",)
    attribution = ATTRIBUTION
    expected_update_days = 4

    def catalog(self) -> list[SeriesMeta]:
        return list(_META.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        if series is not None and not any(s.startswith("MOF.JGB.") for s in series):
            return []
        cur = Request(source="jpmof", kind="jgbcme_csv", url=CURRENT_URL, description="JGB yields, current month")
        month_start = pd.Timestamp.now().normalize().replace(day=1)
        if since is not None and pd.Timestamp(since) >= month_start:
            return [cur]  # only this month is wanted: the small file has it
        return [Request(source="jpmof", kind="jgbcme_csv", url=HISTORY_URL, description="JGB yields, history since 1974"), cur]

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = Path(mirror) / "jp_mof"
        if not d.is_dir():
            return []
        return [MirrorFile(p, "jgbcme_csv") for p in sorted(d.glob("jgbcme*.csv"))]

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind != "jgbcme_csv":
            raise ValueError(f"jpmof: unknown parser kind {kind!r}")
        text = decode_text(raw, "jpmof", origin, encodings=("utf-8", "cp932"))
        lines = text.split("\n")
        hdr = next((i for i, ln in enumerate(lines[:5]) if ln.split(",", 1)[0].strip().lower() == "date"), None)
        if hdr is None:
            raise MissingColumnError("jpmof", origin, "no header line starting 'Date' in the first 5 lines", line=2, field="Date")
        end = len(lines)
        while end > hdr + 1 and not _DATA_LINE.match(lines[end - 1]):
            end -= 1  # trailer (notes, blank lines) after the table; a bad line inside fails the date parse
        n_data = end - hdr - 1
        notes: list[str] = []
        trailer = [ln for ln in lines[end:] if ln.strip(" ,")]
        cut = next((i for i, ln in enumerate(lines[end:]) if re.match(r"\s*\d", ln)), None)
        if cut is not None or (not text.endswith("\n") and re.match(r"\s*\d", lines[-1])):
            # MoF ends every line with CRLF: a dated row that does not parse, or a last row without its line
            # end, is a download cut mid-line (its values may be cut mid-number)
            line = end + 1 + cut if cut is not None else len(lines)
            raise TruncatedFileError("jpmof", origin, "last row is cut short or damaged (no line end, or not a YYYY/M/D row); truncated download?",
                                     line=line)
        if trailer:
            notes.append(f"ignored {len(trailer)} non-data line(s) after the table: {trailer[0][:60]!r}")
        table = "\n".join(lines[hdr:hdr + 1 + n_data])
        _check_fields(table, lines[hdr].count(","), origin, hdr + 1)  # before read_csv, which would raise untyped
        try:
            df = pd.read_csv(io.StringIO(table), dtype={0: object}, keep_default_na=False, na_values=list(_MISSING))
        except pd.errors.ParserError as exc:  # a stray quote runs to the end of the table
            m = re.search(r"(?:row|line) (\d+)", str(exc))
            raise SourceFormatError("jpmof", origin, f"malformed CSV ({exc})",
                                    line=hdr + 1 + int(m.group(1)) if m else None) from None
        df.columns = [str(c).strip() for c in df.columns]
        cols = [c for c in df.columns[1:] if not c.startswith("Unnamed")]
        ids = []
        for c in cols:
            m = re.fullmatch(r"(\d+)Y", c)
            if not m or int(m.group(1)) not in TENORS:
                raise MissingColumnError("jpmof", origin, f"unknown column {c!r} (renamed or new maturity)", line=hdr + 1, field=c)
            ids.append(f"MOF.JGB.{int(m.group(1))}Y")
        series = {i: _META[i] for i in ids}
        if not len(df):
            return ParseResult(source="jpmof", origin=origin, observations=empty_observations(), series=series, notes=notes)
        first_line = hdr + 2
        _check_fields(table, len(df.columns) - 1, origin, first_line - 1)
        dates = _ymd_dates(df.iloc[:, 0], origin, first_line)
        check_dates(pd.Series(dates), "jpmof", origin, order="ascending", line_offset=first_line, field="Date")
        n, k = len(df), len(cols)
        values = np.empty((n, k), dtype="float64")
        for j, c in enumerate(cols):
            col = df[c]
            if col.dtype.kind not in "fiu":  # some cell is not a number: name it
                col = parse_numeric_column(col, "jpmof", origin, field=c, line_offset=first_line, missing=_MISSING)
            values[:, j] = col.to_numpy(dtype="float64")
        frame = pd.DataFrame({"series_id": id_column(np.repeat(np.arange(k), n), ids), "date": np.tile(dates, k),
                              "value": values.T.reshape(-1)})
        return ParseResult(source="jpmof", origin=origin, observations=frame, series=series, notes=notes)


def _check_fields(table: str, ncommas: int, origin: str, header_line: int) -> None:
    """Each row has as many fields as the header; a short last row is a truncated download."""
    nlines = table.count("\n") + 1
    if table.count(",") == ncommas * nlines:
        return
    counts = np.array([ln.count(",") for ln in table.split("\n")])
    pos = int(np.flatnonzero(counts != ncommas)[0])
    last = pos == len(counts) - 1
    raise (TruncatedFileError if last and counts[pos] < ncommas else SourceFormatError)(
        "jpmof", origin, f"row has {counts[pos] + 1} fields, header {ncommas + 1}" + ("; truncated download?" if last else ""),
        line=header_line + pos)


def _ymd_dates(col: pd.Series, origin: str, first_line: int) -> np.ndarray:
    """Unpadded ``YYYY/M/D`` -> datetime64[ns]: the C CSV reader splits the parts, numpy builds the dates."""
    s = col.astype(object)
    try:
        parts = pd.read_csv(io.StringIO("\n".join(s.to_numpy(dtype=object))), sep="/", header=None, dtype=np.int64)
        ok = parts.shape == (len(s), 3)
    except (ValueError, TypeError, OverflowError, pd.errors.ParserError):  # TypeError: an empty date cell
        ok = False
    if ok:
        y, m, d = (parts[i].to_numpy() for i in range(3))
        if ((m >= 1) & (m <= 12) & (d >= 1) & (d <= 31) & (y >= 1900)).all():
            month = ((y - 1970) * 12 + (m - 1)).astype("datetime64[M]")
            out = month.astype("datetime64[D]") + (d - 1)
            if (out.astype("datetime64[M]") == month).all():
                return out.astype("datetime64[ns]")
    return parse_date_column(s, "%Y/%m/%d", "jpmof", origin, field="Date", line_offset=first_line).to_numpy()


SOURCE = JpMofSource()
