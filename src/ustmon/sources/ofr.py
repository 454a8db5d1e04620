"""Office of Financial Research: Financial Stress Index and the OFR data API.

Sources
-------
* **OFR Financial Stress Index** — ``https://www.financialresearch.gov/financial-stress-index/data/fsi.csv``
  (kind ``fsi_csv``).  Header ``Date,OFR FSI,Credit,Equity valuation,Safe assets,Funding,Volatility,
  United States,Other advanced economies,Emerging markets``; business days, ascending, no missing
  values.  Index level (unit ``index``; 0 = average stress).  The five category contributions sum
  to the index (to rounding, ±0.002); the three regional ones do not sum exactly.
* **OFR API** (Short-term Funding Monitor ``https://data.financialresearch.gov/v1/`` and Hedge Fund
  Monitor ``https://data.financialresearch.gov/hf/v1/``), kind ``ofr_api_json``:
  ``series/timeseries?mnemonic=M`` answers ``[[\"YYYY-MM-DD\", value], …]`` (the mnemonic is only in
  the request, so it is read from the origin URL); ``series/dataset?dataset=D`` answers
  ``{\"timeseries\": {M: {\"timeseries\": {\"aggregation\": [[date, value], …]}, \"metadata\": {…}}}}``;
  ``series/full`` / ``multifull`` answer ``{M: {\"timeseries\": {\"aggregation\": …}, \"metadata\": …}}``.
  ``null`` values (withheld or not reported) stay NaN.  Series ids ``OFR.<MNEMONIC>``.  Dollar
  amounts are published in dollars (unit ``usd``), rates in percent.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from ..errors import (
    BadDateError,
    BadValueError,
    MissingColumnError,
    TruncatedFileError,
)
from ._text import check_date_range, check_dates, check_not_html, decode_text
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations
from .fedboard import read_wide_csv, wide_to_long

NAME = "ofr"
ATTRIBUTION = "Source: Office of Financial Research (OFR)"
FSI_URL = "https://www.financialresearch.gov/financial-stress-index/data/fsi.csv"
FSI_PAGE = "https://www.financialresearch.gov/financial-stress-index/"
STFM_API = "https://data.financialresearch.gov/v1"
HFM_API = "https://data.financialresearch.gov/hf/v1"

#: fsi.csv column -> series id suffix
FSI_COLUMNS: dict[str, str] = {
    "OFR FSI": "",
    "Credit": ".CREDIT",
    "Equity valuation": ".EQUITY_VALUATION",
    "Safe assets": ".SAFE_ASSETS",
    "Funding": ".FUNDING",
    "Volatility": ".VOLATILITY",
    "United States": ".US",
    "Other advanced economies": ".OTHER_ADVANCED",
    "Emerging markets": ".EMERGING",
}
FSI_CATEGORIES = ("Credit", "Equity valuation", "Safe assets", "Funding", "Volatility")

#: key OFR API mnemonics: mnemonic -> (title, unit, frequency, monitor base URL)
API_SERIES: dict[str, tuple[str, str, str, str]] = {
    # Short-term Funding Monitor, U.S. repo markets (preliminary "-P" vintages: the final "-F" lag months)
    "REPO-TRI_AR_OO-P": ("Tri-party repo, overnight/open, volume-weighted average rate (preliminary)", "pct", "D", STFM_API),
    "REPO-GCF_AR_OO-P": ("GCF repo, overnight/open, volume-weighted average rate (preliminary)", "pct", "D", STFM_API),
    "REPO-DVP_AR_OO-P": ("DVP repo, overnight/open, volume-weighted average rate (preliminary)", "pct", "D", STFM_API),
    "REPO-TRI_TV_TOT-P": ("Tri-party repo, total transaction volume (preliminary)", "usd", "D", STFM_API),
    "REPO-GCF_TV_TOT-P": ("GCF repo, total transaction volume (preliminary)", "usd", "D", STFM_API),
    "REPO-DVP_TV_TOT-P": ("DVP repo, total transaction volume (preliminary)", "usd", "D", STFM_API),
    # Money market funds (Form N-MFP), month-end
    "MMF-MMF_T_TOT-M": ("Money market funds, Treasury securities held", "usd", "M", STFM_API),
    "MMF-MMF_RP_wFR-M": ("Money market funds, repo with the Federal Reserve (ON RRP)", "usd", "M", STFM_API),
    "MMF-MMF_TOT-M": ("Money market funds, total assets", "usd", "M", STFM_API),
    # Hedge Fund Monitor (SEC Form PF, qualifying hedge funds), quarterly
    "FPF-ALLQHF_GAV_SUM": ("Qualifying hedge funds, gross asset value", "usd", "Q", HFM_API),
    "FPF-ALLQHF_NAV_SUM": ("Qualifying hedge funds, net asset value", "usd", "Q", HFM_API),
    "FPF-ALLQHF_LEVERAGERATIO_GAVWMEAN": ("Qualifying hedge funds, GAV-weighted mean leverage ratio", "ratio", "Q", HFM_API),
    "FPF-BORROW_PRIMEBROKER_SUM": ("Qualifying hedge funds, prime-broker borrowing", "usd", "Q", HFM_API),
}

_FSI_NOTES = ("OFR Financial Stress Index: daily, business days; 0 = average stress. Categories sum to the "
              "index (±0.002 rounding); regions do not sum exactly.")


def _fsi_meta() -> dict[str, SeriesMeta]:
    out = {}
    for col, suffix in FSI_COLUMNS.items():
        sid = f"OFR.FSI{suffix}"
        title = "OFR Financial Stress Index" if not suffix else f"OFR FSI contribution: {col}"
        out[sid] = SeriesMeta(sid, title, NAME, "fsi", "D", "index", FSI_PAGE, ATTRIBUTION, _FSI_NOTES)
    return out


def _api_meta(mnemonic: str, title: str | None = None) -> SeriesMeta:
    t, unit, freq, base = API_SERIES.get(mnemonic, (title or f"OFR series {mnemonic}", "as_published", "irregular",
                                                    HFM_API if mnemonic.startswith(("FPF", "TFF", "SCOOS", "FICC"))
                                                    else STFM_API))
    return SeriesMeta(f"OFR.{mnemonic}", t, NAME, "hfm" if base == HFM_API else "stfm", freq, unit,
                      f"{base}/series/timeseries?mnemonic={mnemonic}", ATTRIBUTION,
                      "OFR data API; dated as the OFR publishes (month-/quarter-end for monthly/quarterly data).")


_FSI_CATALOG = _fsi_meta()
_API_CATALOG = {f"OFR.{m}": _api_meta(m) for m in API_SERIES}


class OFRSource(Source):
    """Office of Financial Research: FSI and Short-term Funding / Hedge Fund Monitor series."""

    name = NAME
    title = "Office of Financial Research"
    mirror_subdirs = ("ofr",)
    attribution = ATTRIBUTION
    expected_update_days = 3

    def catalog(self) -> list[SeriesMeta]:
        return list(_FSI_CATALOG.values()) + list(_API_CATALOG.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        out = []
        if series is None or any(s.startswith("OFR.FSI") for s in series):
            out.append(Request(NAME, "fsi_csv", FSI_URL, description="OFR Financial Stress Index (full history)"))
        wanted = [m for m in API_SERIES if series is None or f"OFR.{m}" in series]
        # Mnemonics outside the default table are requested from the monitor their prefix belongs to.
        extra = [s[4:] for s in (series or []) if s.startswith("OFR.") and not s.startswith("OFR.FSI")
                 and s[4:] not in API_SERIES]
        for m in wanted + extra:
            base = API_SERIES[m][3] if m in API_SERIES else _api_meta(m).url.split("/series/")[0]
            params = {"mnemonic": m}
            if since is not None:
                params["start_date"] = pd.Timestamp(since).strftime("%Y-%m-%d")
            out.append(Request(NAME, "ofr_api_json", f"{base}/series/timeseries", params=params,
                               description=f"OFR API series {m}"))
        return out

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = mirror / "ofr"
        if not d.is_dir():
            return []
        out = [MirrorFile(p, "fsi_csv") for p in sorted(d.glob("fsi*.csv"))]
        out += [MirrorFile(p, "ofr_api_json") for p in sorted(d.glob("*.json"))]
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind == "fsi_csv":
            return parse_fsi(raw, origin)
        if kind == "ofr_api_json":
            return parse_api_json(raw, origin)
        raise ValueError(f"ofr: unknown parser kind {kind!r}")


def parse_fsi(raw: bytes, origin: str) -> ParseResult:
    """fsi.csv -> OFR.FSI and its 5 category and 3 regional contributions (index points)."""
    text = decode_text(raw, NAME, origin)
    dates, values, first = read_wide_csv(text, NAME, origin, header_line=0, date_col="Date", date_fmt="%Y-%m-%d",
                                         missing=("",), required=tuple(FSI_COLUMNS))
    check_dates(dates, NAME, origin, order="ascending", line_offset=first, field="Date")
    cols = list(FSI_COLUMNS)  # extra columns, if the OFR adds any, are ignored
    ids = [f"OFR.FSI{FSI_COLUMNS[c]}" for c in cols]
    obs = wide_to_long(dates, values[cols], ids)
    return ParseResult(NAME, origin, obs, {i: _FSI_CATALOG[i] for i in ids})


def _mnemonic_from_origin(origin: str) -> str | None:
    q = parse_qs(urlsplit(origin).query)
    for key in ("mnemonic", "mnemonics"):
        if q.get(key):
            return q[key][0].split(",")[0]
    return None


def parse_api_json(raw: bytes, origin: str) -> ParseResult:
    """OFR API answer (timeseries, dataset, full or multifull) -> OFR.<MNEMONIC> series."""
    check_not_html(raw, NAME, origin)
    text = decode_text(raw, NAME, origin)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        # A cut download ends without the closing bracket of the top-level value.
        cut = not text.rstrip().endswith(("}", "]"))
        cls = TruncatedFileError if cut else BadValueError
        raise cls(NAME, origin, f"not valid JSON ({exc.msg}){' — cut short?' if cut else ''}", line=exc.lineno) from None
    blocks: dict[str, tuple[list, dict]] = {}
    if isinstance(payload, list):
        m = _mnemonic_from_origin(origin)
        if m is None:
            raise MissingColumnError(NAME, origin, "a bare [[date, value]] answer needs mnemonic= in the URL",
                                     field="mnemonic")
        blocks[m] = (payload, {})
    elif isinstance(payload, dict):
        inner = payload.get("timeseries") if isinstance(payload.get("timeseries"), dict) else payload
        for m, entry in inner.items():
            if not isinstance(entry, dict) or "timeseries" not in entry:
                if "error" in str(m).lower() or "message" in str(m).lower():
                    raise MissingColumnError(NAME, origin, f"API error: {str(entry)[:120]}", field=str(m))
                raise MissingColumnError(NAME, origin, f"entry {m!r} lacks 'timeseries'", field=str(m))
            ts = entry["timeseries"]
            pairs = ts.get("aggregation") if isinstance(ts, dict) else ts
            if pairs is None:
                raise MissingColumnError(NAME, origin, f"{m}: timeseries lacks 'aggregation'", field=f"{m}/aggregation")
            blocks[m] = (pairs, entry.get("metadata") or {})
    else:
        raise MissingColumnError(NAME, origin, f"unexpected JSON top level {type(payload).__name__}")
    frames, meta = [], {}
    for m, (pairs, md) in blocks.items():
        sid = f"OFR.{m}"
        name = md.get("description", {}).get("name") if isinstance(md.get("description"), dict) else None
        meta[sid] = _API_CATALOG.get(sid) or _api_meta(m, name)
        frames.append(_pairs_frame(pairs, sid, origin))
    obs = pd.concat(frames, ignore_index=True) if frames else empty_observations()
    return ParseResult(NAME, origin, obs, meta)


def _num_or_nan(x) -> float:
    try:
        return float(x) if x is not None else np.nan
    except (OverflowError, TypeError, ValueError):
        return np.nan


def _pairs_frame(pairs: list, sid: str, origin: str) -> pd.DataFrame:
    """[[date, value], …] -> tidy rows; record index (1-based) is the 'line' in errors."""
    if not isinstance(pairs, list):
        raise MissingColumnError(NAME, origin, f"{sid}: data is not a list of [date, value] pairs", field=sid)
    if not pairs:
        out = empty_observations()
        return out
    bad = next((i for i, p in enumerate(pairs) if not isinstance(p, list) or len(p) != 2), None)
    if bad is not None:
        raise BadValueError(NAME, origin, f"record is not a [date, value] pair: {str(pairs[bad])[:40]}",
                            line=bad + 1, field=sid)
    arr = np.array(pairs, dtype=object)
    d = pd.to_datetime(pd.Series(arr[:, 0], dtype="string"), format="%Y-%m-%d", errors="coerce")
    if d.isna().any():
        i = int(np.flatnonzero(d.isna().to_numpy())[0])
        raise BadDateError(NAME, origin, f"bad date {arr[i, 0]!r} (expected YYYY-MM-DD)", line=i + 1, field=sid)
    raw_v = pd.Series(arr[:, 1], dtype=object)
    try:
        v = pd.to_numeric(raw_v, errors="coerce")
    except (OverflowError, TypeError):  # an integer of hundreds of digits: find it and name it
        v = pd.Series([_num_or_nan(x) for x in raw_v], dtype="float64")
    badv = (v.isna() & raw_v.notna()) | np.isinf(v.to_numpy(dtype="float64"))
    if badv.any():
        i = int(np.flatnonzero(badv.to_numpy())[0])
        raise BadValueError(NAME, origin, f"non-numeric value {arr[i, 1]!r}", line=i + 1, field=sid)
    d = check_date_range(d, NAME, origin, field=sid, line_offset=1)  # year 1 or 9999: typed, never an overflow
    # The API answers oldest first; anything else is a corrupt or spliced answer.
    check_dates(d, NAME, origin, order="ascending", line_offset=1, field=sid)
    return pd.DataFrame({"series_id": sid, "date": d, "value": v.astype("float64")})


SOURCE = OFRSource()

__all__ = ["SOURCE", "OFRSource", "FSI_COLUMNS", "API_SERIES"]
