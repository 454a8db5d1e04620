"""SDMX-ML 2.1 *generic* data reader shared by the ECB and Bundesbank sources.

Not a publisher module (no ``SOURCE``): :func:`read_generic` turns the bytes of
an SDMX-ML 2.1 ``message:GenericData`` response into plain Python/pandas
objects; each publisher module names the series and assigns units.

Layout read (SDMX 2.1 Section 3B, generic data message)::

    message:GenericData
      message:Header / message:Prepared, message:Structure@structureID
      message:DataSet@setID?
        generic:Series
          generic:SeriesKey / generic:Value@id@value   (dimensions, in key order)
          generic:Attributes / generic:Value@id@value  (series attributes)
          generic:Obs
            generic:ObsDimension@value                 (TIME_PERIOD)
            generic:ObsValue@value                     (absent or "NaN" = missing)
            generic:Attributes / generic:Value          (OBS_STATUS, OBS_CONF, ...)

The reader is one streaming pass with expat (so errors can name the *line*
of the file), collecting observations into flat lists; periods and values
are then parsed vectorised.  DOCTYPEs are refused (no entity expansion from
untrusted payloads).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

import numpy as np
import pandas as pd

from ..errors import (
    BadDateError,
    BadValueError,
    DuplicateDateError,
    MissingColumnError,
    SourceFormatError,
    TruncatedFileError,
)
from ._text import check_not_html

#: SDMX FREQ codes -> ustmon SeriesMeta.frequency
FREQUENCIES = {"D": "D", "B": "D", "W": "W", "M": "M", "Q": "Q", "A": "A", "H": "irregular", "S": "irregular", "N": "irregular"}

_NO_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


@dataclass
class SdmxSeries:
    """One ``generic:Series``: its key (dimension id -> value, in key order) and attributes."""

    key: dict[str, str]
    attributes: dict[str, str]
    line: int

    @property
    def key_string(self) -> str:
        """The dotted series key as the publishers write it (``D.USD.EUR.SP00.A``)."""
        return ".".join(self.key.values())

    @property
    def freq(self) -> str | None:
        """The frequency code: dimension ``FREQ`` (ECB) or any ``*_FREQ`` (Bundesbank ``BBK_STD_FREQ``)."""
        for k, v in self.key.items():
            if k == "FREQ" or k.endswith("_FREQ"):
                return v
        return None


@dataclass
class GenericData:
    """What :func:`read_generic` returns.

    ``observations`` has one row per ``generic:Obs``: ``series`` (index into
    ``series``), ``period`` (as written), ``date`` (datetime64[ns], first day
    of the period), ``value`` (float64, NaN when ``ObsValue`` is absent or
    ``NaN``), ``has_value`` (False when ``ObsValue`` is absent), ``obs_status``
    (``OBS_STATUS`` attribute or ""), ``line`` (1-based line of the ``Obs``).
    """

    prepared: pd.Timestamp | None
    structure_id: str | None
    dataset_id: str | None
    series: list[SdmxSeries]
    observations: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _local(name: str) -> str:
    return name.rsplit("|", 1)[-1]


def read_generic(raw: bytes, source: str, origin: str) -> GenericData:
    """Parse an SDMX-ML 2.1 generic data message.

    Raises EmptyBodyError / HtmlInsteadOfDataError (via ``check_not_html``),
    TruncatedFileError or SourceFormatError for malformed XML (with the line),
    SourceFormatError for an SDMX error message or a non-generic message,
    MissingColumnError for an ``Obs`` without ``ObsDimension`` or a series
    without ``SeriesKey``, BadDateError / BadValueError for unparseable
    periods or values, DuplicateDateError for a period repeated in a series.
    """
    check_not_html(raw, source, origin)
    if _NO_DOCTYPE.search(raw[:4096]):
        raise SourceFormatError(source, origin, "XML with a DOCTYPE is refused (not an SDMX data message)", line=1)

    parser = expat.ParserCreate(namespace_separator="|")
    series: list[SdmxSeries] = []
    s_idx: list[int] = []
    periods: list[str | None] = []
    values: list[str | None] = []
    statuses: list[str] = []
    lines: list[int] = []
    st = {
        "root": None, "ctx": None, "in_obs": False, "dim": None, "val": None, "status": "",
        "obs_line": 0, "text_for": None, "structure_id": None, "dataset_id": None,
    }
    text: dict[str, list[str]] = {"Prepared": [], "Text": []}
    cur: dict[str, SdmxSeries | None] = {"series": None}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if st["root"] is None:
            st["root"] = tag
            if tag not in ("GenericData", "GenericTimeSeriesData", "Error"):
                raise SourceFormatError(source, origin, f"not an SDMX-ML generic data message (root element {tag!r})",
                                        line=parser.CurrentLineNumber)
            return
        if tag in ("Obs", "SeriesKey") and cur["series"] is None:  # its generic:Series line is missing
            raise MissingColumnError(source, origin, f"generic:{tag} outside a generic:Series (line lost?)",
                                     line=parser.CurrentLineNumber, field="Series")
        if tag == "Obs":
            st["in_obs"] = True
            st["dim"] = None
            st["val"] = None
            st["status"] = ""
            st["obs_line"] = parser.CurrentLineNumber
        elif tag == "Value":
            ctx = st["ctx"]
            vid = attrs.get("id", "")
            if ctx == "key":
                cur["series"].key[vid] = attrs.get("value", "")  # type: ignore[union-attr]
            elif ctx == "sattr":
                cur["series"].attributes[vid] = attrs.get("value", "")  # type: ignore[union-attr]
            elif ctx == "oattr" and vid == "OBS_STATUS":
                st["status"] = attrs.get("value", "")
        elif tag == "ObsDimension":
            st["dim"] = attrs.get("value")
        elif tag == "ObsValue":
            st["val"] = attrs.get("value")
        elif tag == "Series":
            s = SdmxSeries(key={}, attributes={}, line=parser.CurrentLineNumber)
            series.append(s)
            cur["series"] = s
        elif tag == "SeriesKey":
            st["ctx"] = "key"
        elif tag == "Attributes":
            st["ctx"] = "oattr" if st["in_obs"] else ("sattr" if cur["series"] is not None else None)
        elif tag == "Structure" and "structureID" in attrs and st["structure_id"] is None:
            st["structure_id"] = attrs["structureID"]
        elif tag == "DataSet":
            st["dataset_id"] = attrs.get("setID") or None
            if st["structure_id"] is None:
                st["structure_id"] = attrs.get("structureRef")
        elif tag in text:
            st["text_for"] = tag

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "Obs":
            if st["dim"] is None:
                raise MissingColumnError(source, origin, "generic:Obs without generic:ObsDimension (time period)",
                                         line=st["obs_line"], field="ObsDimension")
            s_idx.append(len(series) - 1)
            periods.append(st["dim"])
            values.append(st["val"])
            statuses.append(st["status"])
            lines.append(st["obs_line"])
            st["in_obs"] = False
        elif tag in ("SeriesKey", "Attributes"):
            st["ctx"] = None
        elif tag == "Series":
            s = cur["series"]
            if s is not None and not s.key:
                raise MissingColumnError(source, origin, "generic:Series without a generic:SeriesKey", line=s.line,
                                         field="SeriesKey")
            cur["series"] = None
        elif tag in text:
            st["text_for"] = None

    def chars(data: str) -> None:
        if st["text_for"] is not None:
            text[st["text_for"]].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(raw, True)
    except LookupError as exc:  # an XML declaration naming an unknown encoding
        raise SourceFormatError(source, origin, f"XML declares an unknown encoding ({exc})", line=1) from None
    except expat.ExpatError as exc:
        msg = expat.ErrorString(exc.code)
        cls = TruncatedFileError if exc.code in (expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
                                                  expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
                                                  expat.errors.codes[expat.errors.XML_ERROR_PARTIAL_CHAR]) else SourceFormatError
        hint = "; truncated download?" if cls is TruncatedFileError else ""
        raise cls(source, origin, f"malformed XML: {msg}{hint}", line=exc.lineno) from None

    if st["root"] == "Error":
        detail = " ".join("".join(text["Text"]).split()) or "no message"
        raise SourceFormatError(source, origin, f"the API returned an SDMX error message: {detail[:300]}", line=1)

    prepared = None
    ptxt = "".join(text["Prepared"]).strip()
    if ptxt:
        try:
            ts = pd.Timestamp(ptxt)
            prepared = ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo is not None else ts
        except (ValueError, TypeError):
            prepared = None  # an unreadable header date is not worth failing the data for

    line_arr = np.asarray(lines, dtype=np.int64)
    obs = pd.DataFrame({
        "series": np.asarray(s_idx, dtype=np.int64),
        "period": pd.Series(periods, dtype=object),
        "date": parse_periods(pd.Series(periods, dtype=object), line_arr, source, origin, field="ObsDimension"),
    })
    raw_vals = pd.Series(values, dtype=object)
    obs["value"] = parse_values(raw_vals, line_arr, source, origin, field="ObsValue")
    obs["has_value"] = raw_vals.notna().to_numpy()
    obs["obs_status"] = pd.Series(statuses, dtype=object)
    obs["line"] = line_arr
    check_unique(obs["series"].to_numpy(), obs["date"].to_numpy(), line_arr, source, origin,
                 labels=[s.key_string for s in series])
    return GenericData(prepared=prepared, structure_id=st["structure_id"], dataset_id=st["dataset_id"],
                       series=series, observations=obs)


_Q = re.compile(r"^(\d{4})-?Q([1-4])$")
_S = re.compile(r"^(\d{4})-?[SH]([12])$")


def parse_periods(periods: pd.Series, lines: np.ndarray, source: str, origin: str, *, field: str = "TIME_PERIOD") -> np.ndarray:
    """SDMX time periods -> datetime64[ns] (first day of the period), vectorised.

    ``YYYY-MM-DD`` (daily/business), ``YYYY-MM`` (monthly), ``YYYY-Qn``,
    ``YYYY-Sn``/``YYYY-Hn`` (half-years), ``YYYY-Www`` (ISO week, its
    Monday), ``YYYY`` / ``YYYY-A1`` (annual).  Raises BadDateError naming the
    first bad line.
    """
    s = periods.astype(object).where(periods.notna(), "").astype(str).str.strip()
    out = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    todo = out.isna()
    if todo.any():
        t = s[todo]
        monthly = t.str.fullmatch(r"\d{4}-\d{2}")
        if monthly.any():
            out[t.index[monthly]] = pd.to_datetime(t[monthly] + "-01", format="%Y-%m-%d", errors="coerce")
        annual = t.str.fullmatch(r"\d{4}(-A1)?")
        if annual.any():
            out[t.index[annual]] = pd.to_datetime(t[annual].str[:4] + "-01-01", format="%Y-%m-%d", errors="coerce")
        for rx, months_per in ((_Q, 3), (_S, 6)):
            parts = t.str.extract(rx)
            ok = parts[0].notna()
            if ok.any():
                month = (parts[1][ok].astype(int) - 1) * months_per + 1
                out[t.index[ok]] = pd.to_datetime(parts[0][ok] + "-" + month.map("{:02d}".format) + "-01",
                                                  format="%Y-%m-%d", errors="coerce")
        weekly = t.str.fullmatch(r"\d{4}-W\d{2}")
        if weekly.any():
            out[t.index[weekly]] = pd.to_datetime(t[weekly] + "-1", format="%G-W%V-%u", errors="coerce")
    bad = out.isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise BadDateError(source, origin, f"bad time period {s.iloc[pos]!r} (expected YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY)",
                           line=int(lines[pos]), field=field)
    return out.to_numpy(dtype="datetime64[ns]")


def parse_values(raw: pd.Series, lines: np.ndarray, source: str, origin: str, *, field: str = "OBS_VALUE",
                 missing: tuple[str, ...] = ("", "NaN", "nan", "NA")) -> np.ndarray:
    """Value strings (None = absent) -> float64, vectorised; SDMX ``NaN`` and absent values -> NaN."""
    s = raw.astype(object)
    s = s.where(s.notna(), "").astype(str).str.strip()
    miss = s.isin(missing)
    num = pd.to_numeric(s.mask(miss), errors="coerce")
    bad = (num.isna() & ~miss).to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise BadValueError(source, origin, f"non-numeric value {s.iloc[pos][:40]!r}", line=int(lines[pos]), field=field)
    return num.to_numpy(dtype="float64")


def check_unique(series_idx: np.ndarray, dates: np.ndarray, lines: np.ndarray, source: str, origin: str,
                 *, labels: list[str] | None = None) -> None:
    """Raise DuplicateDateError if one series has two observations for one period."""
    if len(dates) < 2:
        return
    order = np.lexsort((dates, series_idx))
    si, d = series_idx[order], dates[order]
    dup = np.flatnonzero((si[1:] == si[:-1]) & (d[1:] == d[:-1]))
    if dup.size:
        pos = order[dup[0] + 1]
        who = f" in series {labels[int(series_idx[pos])]}" if labels else ""
        raise DuplicateDateError(source, origin, f"duplicate period {pd.Timestamp(dates[pos]).date()}{who}",
                                 line=int(lines[pos]))


def id_column(codes: np.ndarray, labels: list[str]) -> pd.Series:
    """A ``series_id`` column from integer codes into ``labels``, built in Arrow.

    Building the pandas ``str`` column from millions of Python string objects
    dominates parse time for wide files; decoding an Arrow dictionary is ~5x
    faster.  (Generic tidy-frame helper, used by the other sources of this
    area as well.)
    """
    try:
        import pyarrow as pa

        arr = pa.DictionaryArray.from_arrays(pa.array(np.asarray(codes, dtype=np.int32)), pa.array(list(labels), type=pa.string()))
        return pd.Series(pd.array(arr.dictionary_decode(), dtype="str"))
    except (ImportError, TypeError, ValueError):  # pragma: no cover - pyarrow is a dependency
        return pd.Series(np.asarray(labels, dtype=object)[np.asarray(codes)], dtype="str")
