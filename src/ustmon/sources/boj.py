"""Bank of Japan time-series data search API (``getDataCode``): USD/JPY spot and other BoJ series.

Live: ``https://www.stat-search.boj.or.jp/api/v1/getDataCode?format=json&lang=en&db=FM08&code=FXERD01&startDate=YYYYMM&endDate=YYYYMM``.
Long requests come in pages: a non-null ``NEXTPOSITION`` in the answer means
more data, fetched by repeating the request with ``startPosition`` set to it
(:meth:`BojSource.fetch` follows the pages).

Kind ``boj_json``: envelope ``STATUS`` (200 = success), ``MESSAGEID``,
``MESSAGE``, ``DATE``, ``PARAMETER``, ``NEXTPOSITION``, ``RESULTSET[]``; each
result has ``SERIES_CODE``, ``NAME_OF_TIME_SERIES``, ``UNIT``, ``FREQUENCY``,
``LAST_UPDATE`` (yyyymmdd) and ``VALUES.SURVEY_DATES`` (integers: yyyymmdd
daily, yyyymm monthly, yyyyq quarterly, yyyy annual) with ``VALUES.VALUES``
(``null`` = no value: weekends and holidays for daily series, kept as NaN
because the API does not say why a value is absent).

Series ids ``BOJ.<DB>.<CODE>``; default ``BOJ.FM08.FXERD01``, US dollar/yen
spot rate at 9:00 JST in the Tokyo market, yen per dollar (``jpy_per_usd``).
``ParseResult.vintage`` is the latest ``LAST_UPDATE`` in the payload.

Attribution (mandatory): "Source: Bank of Japan".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import BadDateError, BadValueError, MissingColumnError, SourceFormatError, TruncatedFileError
from ._text import check_dates, decode_text
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations
from .sdmx import id_column

if TYPE_CHECKING:  # pragma: no cover
    from ..fetch import HttpClient

API = "https://www.stat-search.boj.or.jp/api/v1/getDataCode"
ATTRIBUTION = "Source: Bank of Japan"
MAX_PAGES = 200

_FREQ = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "QUARTERLY": "Q", "ANNUAL": "A", "CALENDAR YEAR": "A",
         "FISCAL YEAR": "A", "SEMIANNUAL": "irregular"}
#: default series: (db, code, title, unit)
_DEFAULTS = [("FM08", "FXERD01", "US dollar/yen spot rate at 9:00 JST, Tokyo market", "jpy_per_usd")]


def series_id(db: str, code: str) -> str:
    return f"BOJ.{db}.{code}"


def _url(db: str, code: str) -> str:
    return f"{API}?format=json&lang=en&db={db}&code={code}"


def _unit(unit_text: str) -> str:
    u = " ".join((unit_text or "").lower().split())
    if u in ("yen per u.s. dollar", "yen per us dollar", "yen/u.s. dollar"):
        return "jpy_per_usd"
    if u in ("%", "percent", "% per annum", "percent per annum"):
        return "pct"
    return "as_published"


_DEFAULT_META = {
    series_id(db, code): SeriesMeta(id=series_id(db, code), title=title, source="boj", dataset=db, frequency="D", unit=unit,
                                    url=_url(db, code), attribution=ATTRIBUTION,
                                    notes="Every calendar day; weekends and Japanese holidays are NaN.")
    for db, code, title, unit in _DEFAULTS
}


def _dates(raw: list, freq: str, source: str, origin: str, field: str) -> np.ndarray:
    """BoJ integer survey dates -> datetime64[ns] (first day of the period), vectorised."""
    try:
        a = np.asarray(raw, dtype=np.int64)
    except (TypeError, ValueError, OverflowError):
        bad = next((i for i, x in enumerate(raw) if not isinstance(x, (int, str)) or not str(x).isdigit()
                    or len(str(x)) > 8), 0)  # YYYYMMDD at most
        raise BadDateError(source, origin, f"survey date {raw[bad]!r} is not an integer", line=bad + 1, field=field) from None
    if a.ndim != 1:
        raise BadDateError(source, origin, "SURVEY_DATES is not a flat list", field=field)
    s = pd.Series(a.astype(str))
    n = s.str.len()
    if freq == "Q":
        txt = s.str[:4] + "-" + ((s.str[4:].astype("Int64").fillna(0) - 1) * 3 + 1).astype(str).str.zfill(2) + "-01"
    else:
        txt = s.where(n != 6, s + "01").where(n != 4, s + "0101")
    out = pd.to_datetime(txt, format="%Y%m%d" if freq != "Q" else "%Y-%m-%d", errors="coerce")
    bad = out.isna().to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise BadDateError(source, origin, f"bad survey date {int(a[pos])} (expected yyyymmdd / yyyymm / yyyy)",
                           line=pos + 1, field=field)
    return out.to_numpy(dtype="datetime64[ns]")


class BojSource(Source):
    """Bank of Japan Time-Series Data Search API (JSON)."""

    name = "boj"
    title = "Bank of Japan (Time-Series Data Search)"
    mirror_subdirs = ("boj",)
    attribution = ATTRIBUTION
    expected_update_days = 4

    def catalog(self) -> list[SeriesMeta]:
        return list(_DEFAULT_META.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        wanted = [(db, code) for db, code, *_ in _DEFAULTS]
        if series is not None:
            wanted = [tuple(s.split(".")[1:3]) for s in series if s.startswith("BOJ.") and s.count(".") == 2]  # type: ignore[misc]
        start = pd.Timestamp(since) if since is not None else pd.Timestamp("1990-01-01")
        end = pd.Timestamp.now()
        by_db: dict[str, list[str]] = {}
        for db, code in wanted:
            by_db.setdefault(db, []).append(code)
        return [Request(source="boj", kind="boj_json", url=API,
                        params={"format": "json", "lang": "en", "db": db, "code": ",".join(codes),
                                "startDate": start.strftime("%Y%m"), "endDate": end.strftime("%Y%m")},
                        description=f"BoJ {db} {','.join(codes)}") for db, codes in by_db.items()]

    def fetch(self, request: Request, http: "HttpClient") -> list[tuple[bytes, str]]:
        """Follow ``NEXTPOSITION`` pages: repeat the request with ``startPosition`` until it is null."""
        pages: list[tuple[bytes, str]] = []
        params = dict(request.params)
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            raw, origin = http.get(request.url, params=params, secret_params=request.secret_params)
            pages.append((raw, origin))
            nxt = _next_position(raw, origin)
            if nxt is None:
                return pages
            if nxt in seen:
                raise SourceFormatError("boj", origin, f"NEXTPOSITION {nxt} repeats: the API is looping", field="NEXTPOSITION")
            seen.add(nxt)
            params = {**request.params, "startPosition": nxt}
        raise SourceFormatError("boj", request.url, f"more than {MAX_PAGES} pages; narrow the date range", field="NEXTPOSITION")

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = Path(mirror) / "boj"
        if not d.is_dir():
            return []
        return [MirrorFile(p, "boj_json") for p in sorted(d.glob("*.json"))]

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind != "boj_json":
            raise ValueError(f"boj: unknown parser kind {kind!r}")
        doc = _load(raw, origin)
        rs = doc.get("RESULTSET")
        if not isinstance(rs, list):
            raise MissingColumnError("boj", origin, "no RESULTSET list in the answer", field="RESULTSET")
        db = str((doc.get("PARAMETER") or {}).get("DB") or "").upper()
        metas: dict[str, SeriesMeta] = {}
        parts: list[tuple[int, np.ndarray, np.ndarray]] = []
        updates: list[pd.Timestamp] = []
        for i, res in enumerate(rs):
            where = f"RESULTSET[{i}]"
            code = res.get("SERIES_CODE") if isinstance(res, dict) else None
            if not code:
                raise MissingColumnError("boj", origin, f"{where} has no SERIES_CODE", line=i + 1, field=f"{where}.SERIES_CODE")
            sdb = db or str(res.get("DB") or "")
            if not sdb:
                raise MissingColumnError("boj", origin, "no PARAMETER.DB: cannot name the series", field="PARAMETER.DB")
            sid = series_id(sdb, str(code))
            vals = res.get("VALUES")
            if not isinstance(vals, dict) or "SURVEY_DATES" not in vals or "VALUES" not in vals:
                raise MissingColumnError("boj", origin, f"{where} lacks VALUES.SURVEY_DATES / VALUES.VALUES",
                                         line=i + 1, field=f"{where}.VALUES")
            sd, vv = vals["SURVEY_DATES"] or [], vals["VALUES"] or []
            if len(sd) != len(vv):
                raise SourceFormatError("boj", origin, f"{where}: {len(sd)} SURVEY_DATES but {len(vv)} VALUES",
                                        line=i + 1, field=f"{where}.VALUES")
            freq = _FREQ.get(str(res.get("FREQUENCY") or "").upper().strip(), "irregular")
            dates = _dates(sd, freq, "boj", origin, f"{where}.VALUES.SURVEY_DATES")
            values = _values(vv, origin, f"{where}.VALUES.VALUES")
            check_dates(pd.Series(dates), "boj", origin, order="ascending", line_offset=1, field=f"{where}.VALUES.SURVEY_DATES")
            if sid in metas:
                raise SourceFormatError("boj", origin, f"series {code} appears twice in RESULTSET", line=i + 1, field=where)
            metas[sid] = _DEFAULT_META.get(sid) or SeriesMeta(
                id=sid, title=str(res.get("NAME_OF_TIME_SERIES") or code), source="boj", dataset=sdb, frequency=freq,
                unit=_unit(str(res.get("UNIT") or "")), url=_url(sdb, str(code)), attribution=ATTRIBUTION,
                notes=f"Unit as published: {res.get('UNIT')}. null values are NaN.")
            parts.append((len(parts), dates, values))
            lu = res.get("LAST_UPDATE")
            if lu:
                ts = pd.to_datetime(str(lu), format="%Y%m%d", errors="coerce")
                if not pd.isna(ts):
                    updates.append(ts)
        if not parts or not sum(len(p[1]) for p in parts):
            frame = empty_observations()
        else:
            frame = pd.DataFrame({
                "series_id": id_column(np.concatenate([np.full(len(d), k) for k, d, _ in parts]), list(metas)),
                "date": np.concatenate([d for _, d, _ in parts]),
                "value": np.concatenate([v for _, _, v in parts]),
            })
        return ParseResult(source="boj", origin=origin, observations=frame, series=metas,
                           vintage=max(updates) if updates else None)


def _load(raw: bytes, origin: str) -> dict:
    text = decode_text(raw, "boj", origin)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        end = exc.pos >= len(text.rstrip()) - 1
        cls = TruncatedFileError if end else SourceFormatError
        raise cls("boj", origin, f"malformed JSON: {exc.msg}" + ("; truncated download?" if end else ""),
                  line=exc.lineno) from None
    if not isinstance(doc, dict):
        raise SourceFormatError("boj", origin, "answer is not a JSON object", line=1)
    status = doc.get("STATUS")
    if status is None:
        raise MissingColumnError("boj", origin, "no STATUS in the answer (not a BoJ API response?)", field="STATUS")
    if str(status) != "200":
        raise SourceFormatError("boj", origin, f"API error STATUS {status} {doc.get('MESSAGEID') or ''}: "
                                f"{str(doc.get('MESSAGE') or 'no message')[:300]}".replace("  ", " "), field="STATUS")
    return doc


def _values(vv: list, origin: str, field: str) -> np.ndarray:
    s = pd.Series(vv, dtype=object)
    try:
        num = pd.to_numeric(s, errors="coerce")
    except OverflowError:  # an integer beyond float range
        pos = next((i for i, x in enumerate(vv) if isinstance(x, int) and abs(x) >= 2**63), 0)
        raise BadValueError("boj", origin, f"number {str(vv[pos])[:20]}... overflows", line=pos + 1, field=field) from None
    bad = (num.isna() & s.notna()).to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise BadValueError("boj", origin, f"non-numeric value {s.iloc[pos]!r}", line=pos + 1, field=field)
    return num.to_numpy(dtype="float64")


def _next_position(raw: bytes, origin: str) -> str | None:
    nxt = _load(raw, origin).get("NEXTPOSITION")
    if nxt in (None, ""):
        return None
    return str(nxt)


SOURCE = BojSource()
