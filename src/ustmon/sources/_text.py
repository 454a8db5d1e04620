"""Shared helpers for parsers: decoding, sniffing bad payloads, numbers, dates.

Every helper takes ``source`` and ``origin`` so the errors it raises name them.
"""

from __future__ import annotations

import io
import re
import zipfile

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
)

_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)


def decode_text(raw: bytes, source: str, origin: str, *, encodings: tuple[str, ...] = ("utf-8", "cp1252")) -> str:
    """Bytes -> text with LF line ends.

    Handles UTF-8 with or without BOM, UTF-16 LE/BE with BOM, CRLF and CR.
    Raises EmptyBodyError for an empty or blank payload and
    HtmlInsteadOfDataError for an HTML page (a publisher's error page).
    """
    if raw is None or not raw.strip():
        raise EmptyBodyError(source, origin, "empty body: no data in the file or response")
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
    return text


def check_not_html(raw: bytes, source: str, origin: str) -> None:
    """For binary/XML/JSON payloads: raise on empty bodies and HTML pages."""
    if raw is None or not raw.strip():
        raise EmptyBodyError(source, origin, "empty body: no data in the file or response")
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
            return zf.read(name), f"{origin}!{name}"
    raise MissingMemberError(
        source, origin, f"zip has no member matching {member_pattern!r} (members: {', '.join(names[:10]) or 'none'})"
    )


def to_float(text: str, source: str, origin: str, *, line: int | None = None, field: str | None = None,
             missing: tuple[str, ...] = ("", ".", "NA", "N/A", "null", "#N/A", "-", "NaN", "nan")) -> float:
    """One cell -> float; publisher missing markers -> NaN; anything else non-numeric raises BadValueError."""
    s = text.strip().strip('"').strip()
    if s in missing:
        return np.nan
    try:
        return float(s.replace(",", ""))
    except ValueError:
        raise BadValueError(source, origin, f"non-numeric value {s[:40]!r}", line=line, field=field) from None


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
        try:
            out[i] = float(t)
        except ValueError:
            raise BadValueError(source, origin, f"non-numeric value {t!r}", line=i + line_offset, field=field) from None
    return pd.Series(out, index=values.index)


def _dates_small(values: pd.Series, fmt: str, source: str, origin: str, *, field: str, line_offset: int) -> pd.Series:
    from datetime import datetime

    out = []
    for i, v in enumerate(values.tolist()):
        t = "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v).strip()
        try:
            out.append(datetime.strptime(t, fmt))
        except ValueError:
            raise BadDateError(source, origin, f"bad date {t!r} (expected {fmt})", line=i + line_offset, field=field) from None
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
    out = pd.to_numeric(s, errors="coerce")
    bad = out.isna() & s.notna()
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
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
        raise BadDateError(source, origin, f"bad date {s.iloc[pos]!r} (expected {fmt})", line=pos + line_offset, field=field)
    return out.astype("datetime64[ns]")


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
