"""Shared helpers for parsers: decoding, sniffing bad payloads, numbers, dates.

Every helper takes ``source`` and ``origin`` so the errors it raises name them.

Limits (:func:`limits`, configurable by environment variable) keep a hostile or
broken payload from exhausting memory or creating junk: payload size
(``USTMON_MAX_PAYLOAD_MB``, default 64: a 200 MB CSV takes 1.8 GB to parse), line length (``USTMON_MAX_LINE_CHARS``,
default 1,000,000; JSON and XML are exempt, their parsers bound numbers
instead), columns per line (``USTMON_MAX_COLUMNS``, default 2,000), the
inflated size of a zip member (``USTMON_MAX_ZIP_MEMBER_MB``, default 64;
checked before inflating and enforced while inflating, so a 3 MB archive
claiming or holding 3 GiB is refused without being expanded) and the length of
one number (``MAX_NUMBER_CHARS``).  Dates outside :data:`DATE_MIN` ..
:data:`DATE_MAX` and non-finite numbers (``inf``, ``1e400``) are refused.
"""

from __future__ import annotations

import io
import math
import os
import re
import zipfile
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import (
    BadDateError,
    BadValueError,
    DateOrderError,
    DuplicateDateError,
    EmptyBodyError,
    EncodingError,
    HtmlInsteadOfDataError,
    MissingMemberError,
    SourceFormatError,
)

class InputLimitError(SourceFormatError):
    """A payload exceeds a configured size limit (bytes, line length, columns, zip member size)."""


@dataclass(frozen=True)
class Limits:
    payload_bytes: int
    line_chars: int
    columns: int
    zip_member_bytes: int


def limits() -> Limits:
    """Current limits (environment variables are read on each call, so tests and users can change them)."""

    def env(name: str, default: float) -> float:
        try:
            return float(os.environ.get(name, default))
        except ValueError:
            return default

    return Limits(payload_bytes=int(env("USTMON_MAX_PAYLOAD_MB", 64) * 2**20),
                  line_chars=int(env("USTMON_MAX_LINE_CHARS", 1_000_000)),
                  columns=int(env("USTMON_MAX_COLUMNS", 2000)),
                  zip_member_bytes=int(env("USTMON_MAX_ZIP_MEMBER_MB", 64) * 2**20))


#: a number cell longer than this is not a number any publisher writes
MAX_NUMBER_CHARS = 64
#: dates outside this window are refused at parse time (nanosecond timestamps span 1677..2262;
#: a wider date would silently wrap); plausibility per series is ustmon.validate's job
DATE_MIN = pd.Timestamp("1700-01-01")
DATE_MAX = pd.Timestamp("2261-12-31")

_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)


def decode_text(raw: bytes, source: str, origin: str, *, encodings: tuple[str, ...] = ("utf-8", "cp1252")) -> str:
    """Bytes -> text with LF line ends.

    Handles UTF-8 with or without BOM, UTF-16 LE/BE with BOM, CRLF and CR.
    Raises EmptyBodyError for an empty or blank payload and
    HtmlInsteadOfDataError for an HTML page (a publisher's error page).
    """
    if _blank(raw):
        raise EmptyBodyError(source, origin, "empty body: no data in the file or response")
    check_size(raw, source, origin)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(source, origin, f"not valid UTF-16: {exc}") from None
    else:
        if raw[:3] == b"\xef\xbb\xbf":
            raw = raw[3:]
        for enc in encodings:
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise EncodingError(source, origin, f"cannot decode as any of {encodings}")
    if _HTML_START.match(text[:512].encode("utf-8", "ignore")):
        title = re.search(r"<title>(.*?)</title>", text[:4000], re.IGNORECASE | re.DOTALL)
        hint = f" (page title: {title.group(1).strip()[:80]!r})" if title else ""
        raise HtmlInsteadOfDataError(source, origin, f"got an HTML page instead of data{hint}", line=1)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_text_shape(text, source, origin)
    return text


def _blank(raw: bytes | None) -> bool:
    """Empty or whitespace only, without copying the payload (``raw.strip()`` would copy 500 MB)."""
    return raw is None or not raw or raw.isspace()


def check_size(raw: bytes, source: str, origin: str) -> None:
    """Refuse a payload larger than the configured limit, before any copy of it is made."""
    lim = limits().payload_bytes
    if len(raw) > lim:
        raise InputLimitError(source, origin, f"payload is {len(raw) / 2**20:,.0f} MB, over the {lim / 2**20:,.0f} MB "
                                              f"limit (set USTMON_MAX_PAYLOAD_MB to raise it)")


def check_text_shape(text: str, source: str, origin: str) -> None:
    """Refuse lines longer than the limit and lines with more columns than the limit.

    JSON and XML documents are exempt from the line limit (APIs send them on
    one line).  Columns are counted as the most frequent of comma, tab and
    semicolon on the first 200 lines and on the longest line.
    """
    lim = limits()
    head = text.lstrip()[:1]
    structured = head in ("{", "[", "<")
    longest_at, longest = 0, 0
    if not structured and len(text) > lim.line_chars:
        pos = 0
        n = len(text)
        line_no = 1
        while pos < n:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl
            if end - pos > longest:
                longest, longest_at = end - pos, line_no
                if longest > lim.line_chars:
                    raise InputLimitError(source, origin, f"line longer than {lim.line_chars:,} characters "
                                                          f"(set USTMON_MAX_LINE_CHARS to raise it)", line=line_no)
            pos = end + 1
            line_no += 1
    if structured:
        return
    pos = 0
    for line_no in range(1, 201):
        nl = text.find("\n", pos)
        line = text[pos:] if nl < 0 else text[pos:nl]
        cols = max(line.count(","), line.count("\t"), line.count(";")) + 1
        if cols > lim.columns:
            raise InputLimitError(source, origin, f"{cols:,} columns, over the {lim.columns:,} limit "
                                                  f"(set USTMON_MAX_COLUMNS to raise it)", line=line_no)
        if nl < 0:
            break
        pos = nl + 1

def check_not_html(raw: bytes, source: str, origin: str) -> None:
    """For binary/XML/JSON payloads: raise on empty bodies, HTML pages and payloads over the size limit."""
    if _blank(raw):
        raise EmptyBodyError(source, origin, "empty body: no data in the file or response")
    check_size(raw, source, origin)
    head = raw[:512].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        raise HtmlInsteadOfDataError(source, origin, "got an HTML page instead of data", line=1)


def read_zip_member(raw: bytes, member_pattern: str, source: str, origin: str) -> tuple[bytes, str]:
    """Return ``(bytes, member_name)`` of the first member matching the regex ``member_pattern``."""
    check_not_html(raw, source, origin)
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise MissingMemberError(source, origin, f"not a readable zip archive ({exc}); truncated download?") from None
    names = zf.namelist()
    for name in names:
        if re.fullmatch(member_pattern, name.split("/")[-1], flags=re.IGNORECASE):
            return _read_member_bounded(zf, name, source, origin), f"{origin}!{name}"
    raise MissingMemberError(
        source, origin, f"zip has no member matching {member_pattern!r} (members: {', '.join(names[:10]) or 'none'})"
    )


def _read_member_bounded(zf: zipfile.ZipFile, name: str, source: str, origin: str) -> bytes:
    """Inflate one member, refusing it (without inflating) when it declares more than the limit,
    and stopping as soon as the inflated bytes pass the limit (a header can lie)."""
    lim = limits().zip_member_bytes
    info = zf.getinfo(name)
    if info.file_size > lim:
        raise InputLimitError(source, origin, f"zip member {name} inflates to {info.file_size / 2**20:,.0f} MB, over the "
                                              f"{lim / 2**20:,.0f} MB limit (a decompression bomb?); set "
                                              f"USTMON_MAX_ZIP_MEMBER_MB to raise it")
    out = io.BytesIO()
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                out.write(chunk)
                if out.tell() > lim:
                    raise InputLimitError(source, origin, f"zip member {name} inflates past the "
                                                          f"{lim / 2**20:,.0f} MB limit (its header said "
                                                          f"{info.file_size:,} bytes)")
    except SourceFormatError:
        raise
    except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError, NotImplementedError (compression)
        raise MissingMemberError(source, origin, f"zip member {name} cannot be read ({exc}); truncated download?") from None
    return out.getvalue()


def to_float(text: str, source: str, origin: str, *, line: int | None = None, field: str | None = None,
             missing: tuple[str, ...] = ("", ".", "NA", "N/A", "null", "#N/A", "-", "NaN", "nan")) -> float:
    """One cell -> float; publisher missing markers -> NaN; anything else non-numeric raises BadValueError."""
    s = text.strip().strip('"').strip()
    if s in missing:
        return np.nan
    return _finite_float(s.replace(",", ""), s, source, origin, line=line, field=field)


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _finite_float(t: str, shown: str, source: str, origin: str, *, line: int | None, field: str | None) -> float:
    """``float(t)`` for plain decimal numbers only: no ``inf``/``nan`` words, underscores, hex, overflow."""
    if len(t) > MAX_NUMBER_CHARS:
        raise BadValueError(source, origin, f"number of {len(t):,} characters (over {MAX_NUMBER_CHARS}): "
                                            f"{shown[:20]!r}...", line=line, field=field)
    if not _NUMBER.fullmatch(t):
        raise BadValueError(source, origin, f"non-numeric value {shown[:40]!r}", line=line, field=field)
    v = float(t)
    if not math.isfinite(v):
        raise BadValueError(source, origin, f"number {shown[:40]!r} overflows (not finite)", line=line, field=field)
    return v


# below this many rows plain Python beats pandas' per-call overhead (auction XML files have one row)
_SMALL = 64


def _numeric_small(values: pd.Series, source: str, origin: str, *, field: str, line_offset: int,
                   missing: tuple[str, ...]) -> pd.Series:
    out = np.empty(len(values), dtype="float64")
    for i, v in enumerate(values.tolist()):
        t = "" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v).strip()
        if t in missing:
            out[i] = np.nan
            continue
        out[i] = _finite_float(t, t, source, origin, line=i + line_offset, field=field)
    return pd.Series(out, index=values.index)


def _dates_small(values: pd.Series, fmt: str, source: str, origin: str, *, field: str, line_offset: int) -> pd.Series:
    from datetime import datetime

    out = []
    for i, v in enumerate(values.tolist()):
        t = "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v).strip()
        try:
            d = datetime.strptime(t[:64], fmt)
        except ValueError:
            raise BadDateError(source, origin, f"bad date {t[:40]!r} (expected {fmt})", line=i + line_offset, field=field) from None
        if not DATE_MIN <= pd.Timestamp(d) <= DATE_MAX:
            raise BadDateError(source, origin, f"date {t!r} is outside {DATE_MIN.year}..{DATE_MAX.year}",
                               line=i + line_offset, field=field)
        out.append(d)
    return pd.Series(pd.to_datetime(out), index=values.index).astype("datetime64[ns]")


def parse_numeric_column(values: pd.Series, source: str, origin: str, *, field: str,
                         line_offset: int, missing: tuple[str, ...] = ("", ".", "NA", "null", "#N/A", "-", "NaN")) -> pd.Series:
    """Vectorised numeric parse of a text column; ``line_offset`` maps row position -> file line.

    Raises BadValueError naming the first offending line.
    """
    if len(values) <= _SMALL:
        return _numeric_small(values, source, origin, field=field, line_offset=line_offset, missing=missing)
    s = values.astype("string").str.strip()
    s = s.mask(s.isin(missing))
    too_long = (s.str.len() > MAX_NUMBER_CHARS).fillna(False).to_numpy(dtype=bool)
    if too_long.any():
        pos = int(np.flatnonzero(too_long)[0])
        _finite_float(str(s.iloc[pos]), str(s.iloc[pos]), source, origin, line=pos + line_offset, field=field)
    out = pd.to_numeric(s, errors="coerce")
    # to_numeric refuses hex and underscores; words it reads (nan, inf) and overflows are caught here
    bad = ((out.isna() & s.notna()).to_numpy(dtype=bool)) | np.isinf(out.to_numpy(dtype="float64", na_value=np.nan))
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        _finite_float(str(s.iloc[pos]), str(s.iloc[pos]), source, origin, line=pos + line_offset, field=field)
        raise BadValueError(source, origin, f"non-numeric value {s.iloc[pos]!r}", line=pos + line_offset, field=field)
    return out.astype("float64")


def parse_date_column(values: pd.Series, fmt: str, source: str, origin: str, *, field: str,
                      line_offset: int) -> pd.Series:
    """Vectorised date parse with an explicit format; raises BadDateError naming the first bad line."""
    if len(values) <= _SMALL:
        return _dates_small(values, fmt, source, origin, field=field, line_offset=line_offset)
    s = values.astype("string").str.strip()
    out = pd.to_datetime(s, format=fmt, errors="coerce")
    bad = out.isna()
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise BadDateError(source, origin, f"bad date {str(s.iloc[pos])[:40]!r} (expected {fmt})", line=pos + line_offset, field=field)
    return check_date_range(out, source, origin, field=field, line_offset=line_offset)


def check_date_range(dates: pd.Series, source: str, origin: str, *, field: str = "date",
                     line_offset: int = 1) -> pd.Series:
    """``dates`` as datetime64[ns], refusing any outside DATE_MIN..DATE_MAX (never a silent wrap)."""
    d = pd.Series(dates)
    if not len(d):
        return d.astype("datetime64[ns]")
    arr = d.to_numpy()
    if arr.dtype.kind != "M":
        arr = pd.to_datetime(d, errors="coerce").to_numpy()
    sec = arr.astype("datetime64[s]")
    out_of = (sec < np.datetime64(DATE_MIN.date(), "s")) | (sec > np.datetime64(DATE_MAX.date(), "s"))
    if out_of.any():
        pos = int(np.flatnonzero(out_of)[0])
        raise BadDateError(source, origin, f"date {np.datetime64(sec[pos], 'D')} is outside "
                                           f"{DATE_MIN.year}..{DATE_MAX.year}", line=pos + line_offset, field=field)
    return d.astype("datetime64[ns]")


def check_dates(dates: pd.Series, source: str, origin: str, *, order: str, line_offset: int,
                field: str = "date") -> None:
    """Raise DuplicateDateError / DateOrderError unless ``dates`` are strictly ``order``.

    ``order`` is ``"ascending"`` or ``"descending"``; ``line_offset`` maps
    row position to file line.
    """
    d = dates.to_numpy()
    if len(d) < 2:
        return
    diff = d[1:] - d[:-1]
    zero = np.flatnonzero(diff == np.timedelta64(0))
    if zero.size:
        pos = int(zero[0]) + 1
        raise DuplicateDateError(source, origin, f"duplicate date {pd.Timestamp(d[pos]).date()}", line=pos + line_offset, field=field)
    wrong = np.flatnonzero(diff < np.timedelta64(0)) if order == "ascending" else np.flatnonzero(diff > np.timedelta64(0))
    if wrong.size:
        pos = int(wrong[0]) + 1
        raise DateOrderError(source, origin, f"dates not {order}: {pd.Timestamp(d[pos]).date()} follows {pd.Timestamp(d[pos - 1]).date()}",
                             line=pos + line_offset, field=field)
