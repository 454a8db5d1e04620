"""Federal Reserve Bank of New York: Markets Data API and the ACM term premium.

Attribution is mandatory: "Source: Federal Reserve Bank of New York".

Markets Data API (``https://markets.newyorkfed.org/api/``, no key), JSON:

* reference rates, kind ``markets_rates_json``:
  ``rates/secured/{sofr|tgcr|bgcr}/search.json?startDate=&endDate=``,
  ``rates/unsecured/effr/search.json``, ``rates/all/search.json`` ->
  ``{"refRates": [{"effectiveDate", "type", "percentRate", "percentPercentile1",
  "percentPercentile25", "percentPercentile75", "percentPercentile99", "volumeInBillions", …}]}``.
  Series ``NYFED.<TYPE>`` (pct), ``NYFED.<TYPE>.VOLUME`` (usd_bn), ``NYFED.<TYPE>.P1/P25/P75/P99`` (pct),
  for SOFR, TGCR, BGCR, EFFR and OBFR.  Dated the effective (business) date.
* repo and reverse repo operations, kind ``markets_repo_json``:
  ``rp/results/search.json?startDate=&endDate=`` -> ``{"repo": {"operations": [{"operationDate",
  "operationType" ("Reverse Repo" | "Repo"), "auctionStatus", "totalAmtAccepted" (dollars),
  "acceptedCpty", "details": [{"securityType", "amtAccepted", "percentAwardRate"}]}]}}``.
  Per operation date: ``NYFED.RRP.TOTAL_ACCEPTED`` (sum over the day's reverse repo operations; the
  payload is in dollars, the catalog in usd_bn, ``ParseResult.units`` says so),
  ``NYFED.RRP.COUNTERPARTIES`` (sum of accepted counterparties over the day's operations — a
  counterparty in two operations counts twice), ``NYFED.RRP.RATE`` (amount-weighted award rate, pct);
  standing repo operations (operationType "Repo", the SRF since July 2021):
  ``NYFED.SRF.TOTAL_ACCEPTED`` and ``NYFED.SRF.COUNTERPARTIES``.  Announcements (no results) are skipped.
* SOMA holdings summary, kind ``markets_soma_summary_json``: ``soma/summary.json`` ->
  ``{"soma": {"summary": [{"asOfDate", "bills", "notesbonds", "tips", "frn", "mbs", "total", …}]}}``,
  values strings in **dollars** (par), weekly (Wednesday as-of dates).  ``NYFED.SOMA.BILLS``,
  ``.NOTESBONDS``, ``.TIPS``, ``.TIPS_INFLATION_COMPENSATION``, ``.FRN``, ``.MBS``, ``.CMBS``,
  ``.AGENCIES``, ``.TOTAL``; unit ``usd`` as published.
* SOMA as-of dates, kind ``markets_soma_asofdates_json``: ``soma/asofdates/list.json`` ->
  ``{"soma": {"asOfDates": ["2024-06-18", …]}}`` -> records dataset ``soma_asof_dates`` (no series).
* SOMA holdings by CUSIP, kind ``markets_soma_holdings_json``: ``soma/agency/get/…/asof/DATE.json``
  (and ``soma/tsy/get/…``) -> ``{"soma": {"holdings": [{"asOfDate", "cusip", "parValue", …}]}}``, values
  strings, ``""`` = not applicable -> records dataset ``soma_holdings`` keyed by as-of date and CUSIP,
  ``par_value`` in **dollars**.
* the Markets site's **Excel export** of a reference rate (``.xlsx``, one sheet, text dates
  ``MM/DD/YYYY`` newest first), kind ``markets_rates_xlsx``: the same series as the JSON.
  EFFR also carries the target range: ``NYFED.EFFR.TARGET_FROM`` / ``.TARGET_TO`` (pct; before
  2008-12-16 the single target rate is in ``TARGET_FROM``).
* primary dealer statistics, kind ``markets_pd_json``: ``pd/get/{keyid}.json`` ->
  ``{"pd": {"timeseries": [{"asofdate", "keyid", "value"}]}}``, values strings in **$ millions**,
  ``*`` = withheld.  Key series (net outright positions in Treasuries by type, weekly, Wednesday):
  ``NYFED.PD.<KEYID>`` for the keys in :data:`PD_KEYS`; other keys parse with a generic title.

A saved JSON answer's kind is chosen from its structure (:func:`json_kind`), so an answer ustmon
has no parser for is left out of a mirror update instead of failing the source.

ACM term premium (Adrian, Crump and Moench), ``https://www.newyorkfed.org/medialibrary/media/research/
data_indicators/ACMTermPremium.xls``: kind ``acm_xls`` (sheets "ACM Monthly" and "ACM Daily", read with
xlrd) and kind ``acm_monthly_csv`` for a CSV conversion of the monthly sheet (quoted header, dates
``"30-Jun-1961"``).  Series ``ACM.ACMY01..10`` (fitted zero-coupon yields), ``ACM.ACMTP01..10`` (term
premia), ``ACM.ACMRNY01..10`` (risk-neutral yields), percent, monthly, dated the **month-end business
day the file prints** (not the first of the month); daily ``ACM.D.*`` from the daily sheet.  The ACM file
is licence-restricted: not bundleable.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import (
    BadValueError,
    DuplicateDateError,
    EncodingError,
    MissingColumnError,
    SourceFormatError,
    TruncatedFileError,
)
from ._text import check_dates, check_not_html, decode_text, parse_date_column, parse_numeric_column
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations
from .fedboard import read_wide_csv, wide_to_long

NAME = "nyfed"
ATTRIBUTION = "Source: Federal Reserve Bank of New York"
API = "https://markets.newyorkfed.org/api"
ACM_URL = "https://www.newyorkfed.org/medialibrary/media/research/data_indicators/ACMTermPremium.xls"
ACM_PAGE = "https://www.newyorkfed.org/research/data_indicators/term-premia-tabs"
ACM_NOTES = ("ACM term premium model (Adrian, Crump, Moench 2013). Licence-restricted NY Fed research file: "
             "not bundleable (tests and local use only). Monthly values are dated the month-end business day "
             "printed in the file.")

#: reference rate type -> (API path for search.json, title)
RATE_TYPES: dict[str, tuple[str, str]] = {
    "SOFR": ("rates/secured/sofr", "Secured Overnight Financing Rate"),
    "TGCR": ("rates/secured/tgcr", "Tri-Party General Collateral Rate"),
    "BGCR": ("rates/secured/bgcr", "Broad General Collateral Rate"),
    "EFFR": ("rates/unsecured/effr", "Effective Federal Funds Rate"),
    "OBFR": ("rates/unsecured/obfr", "Overnight Bank Funding Rate"),
}
_RATE_FIELDS = {
    "": ("percentRate", "pct", ""),
    ".VOLUME": ("volumeInBillions", "usd_bn", " volume"),
    ".P1": ("percentPercentile1", "pct", " 1st percentile"),
    ".P25": ("percentPercentile25", "pct", " 25th percentile"),
    ".P75": ("percentPercentile75", "pct", " 75th percentile"),
    ".P99": ("percentPercentile99", "pct", " 99th percentile"),
}

#: fields only the EFFR carries: the FOMC target range (a single target rate before 2008-12-16,
#: which the API and the Excel export put in ``targetRateFrom`` with no ``targetRateTo``)
_TARGET_FIELDS = {
    ".TARGET_FROM": ("targetRateFrom", "pct", " target range lower limit (the target rate before 2008-12-16)"),
    ".TARGET_TO": ("targetRateTo", "pct", " target range upper limit (from 2008-12-16)"),
}

SOMA_FIELDS: dict[str, str] = {
    "bills": "BILLS", "notesbonds": "NOTESBONDS", "tips": "TIPS",
    "tipsInflationCompensation": "TIPS_INFLATION_COMPENSATION", "frn": "FRN", "mbs": "MBS", "cmbs": "CMBS",
    "agencies": "AGENCIES", "total": "TOTAL",
}

#: primary dealer statistics keys kept by default: net outright positions in Treasuries ($ millions)
PD_KEYS: dict[str, str] = {
    "PDPOSGST-TOT": "Primary dealers' net positions, Treasury securities excluding TIPS, total",
    "PDPOSGS-B": "Primary dealers' net positions, Treasury bills",
    "PDPOSGS-BFRN": "Primary dealers' net positions, Treasury floating rate notes",
    "PDPOSGSC-L2": "Primary dealers' net positions, Treasury coupons due in 2 years or less",
    "PDPOSGSC-G2L3": "Primary dealers' net positions, Treasury coupons due in >2 to 3 years",
    "PDPOSGSC-G3L6": "Primary dealers' net positions, Treasury coupons due in >3 to 6 years",
    "PDPOSGSC-G6L7": "Primary dealers' net positions, Treasury coupons due in >6 to 7 years",
    "PDPOSGSC-G7L11": "Primary dealers' net positions, Treasury coupons due in >7 to 11 years",
    "PDPOSGSC-G11L21": "Primary dealers' net positions, Treasury coupons due in >11 to 21 years",
    "PDPOSGSC-G21": "Primary dealers' net positions, Treasury coupons due in more than 21 years",
}

ACM_COLUMNS = ([f"ACMY{i:02d}" for i in range(1, 11)] + [f"ACMTP{i:02d}" for i in range(1, 11)]
               + [f"ACMRNY{i:02d}" for i in range(1, 11)])


def _meta(sid: str, title: str, dataset: str, freq: str, unit: str, url: str, notes: str = "") -> SeriesMeta:
    return SeriesMeta(sid, title, NAME, dataset, freq, unit, url, ATTRIBUTION, notes)


def _build_catalog() -> dict[str, SeriesMeta]:
    out: dict[str, SeriesMeta] = {}
    for t, (path, title) in RATE_TYPES.items():
        for suffix, (_, unit, what) in _RATE_FIELDS.items():
            sid = f"NYFED.{t}{suffix}"
            out[sid] = _meta(sid, f"{title} ({t}){what}", "reference_rates", "D", unit,
                             f"{API}/{path}/search.json", "Dated the effective (business) date.")
    for suffix, (_, unit, what) in _TARGET_FIELDS.items():
        sid = f"NYFED.EFFR{suffix}"
        out[sid] = _meta(sid, f"Federal funds{what}", "reference_rates", "D", unit,
                         f"{API}/rates/unsecured/effr/search.json",
                         "Published with the EFFR; dated the effective (business) date.")
    rp = f"{API}/rp/results/search.json"
    out["NYFED.RRP.TOTAL_ACCEPTED"] = _meta("NYFED.RRP.TOTAL_ACCEPTED", "Reverse repo operations, total accepted",
                                            "repo_operations", "D", "usd_bn", rp,
                                            "Sum over the day's reverse repo operations (ON RRP and any others).")
    out["NYFED.RRP.COUNTERPARTIES"] = _meta("NYFED.RRP.COUNTERPARTIES", "Reverse repo operations, accepted counterparties",
                                            "repo_operations", "D", "count", rp,
                                            "Sum of acceptedCpty over the day's reverse repo operations.")
    out["NYFED.RRP.RATE"] = _meta("NYFED.RRP.RATE", "Reverse repo operations, award rate", "repo_operations", "D",
                                  "pct", rp, "Amount-weighted average of percentAwardRate over the day's operations.")
    out["NYFED.SRF.TOTAL_ACCEPTED"] = _meta("NYFED.SRF.TOTAL_ACCEPTED", "Standing repo operations, total accepted",
                                            "repo_operations", "D", "usd_bn", rp,
                                            "Sum over the day's repo operations (standing repo facility).")
    out["NYFED.SRF.COUNTERPARTIES"] = _meta("NYFED.SRF.COUNTERPARTIES", "Standing repo operations, accepted counterparties",
                                            "repo_operations", "D", "count", rp, "Sum of acceptedCpty over the day's repo operations.")
    for field, key in SOMA_FIELDS.items():
        sid = f"NYFED.SOMA.{key}"
        out[sid] = _meta(sid, f"SOMA holdings: {field} (par value)", "soma", "W", "usd", f"{API}/soma/summary.json",
                         "Weekly, dated the as-of date (Wednesday); dollars as published.")
    for key, title in PD_KEYS.items():
        out[f"NYFED.PD.{key}"] = _pd_meta(key, title)
    for col in ACM_COLUMNS:
        out[f"ACM.{col}"] = _acm_meta(col, daily=False)
        out[f"ACM.D.{col}"] = _acm_meta(col, daily=True)
    return out


def _pd_meta(key: str, title: str | None = None) -> SeriesMeta:
    sid = f"NYFED.PD.{key}"
    return _meta(sid, title or f"Primary dealer statistics {key}", "primary_dealer", "W", "usd_mn",
                 f"{API}/pd/get/{key}.json", "FR 2004 weekly, as-of Wednesday; net positions are long minus short.")


def _acm_meta(col: str, daily: bool) -> SeriesMeta:
    n = int(col[-2:])
    what = {"ACMY": "fitted zero-coupon yield", "ACMTP": "term premium", "ACMRNY": "risk-neutral yield"}[col[:-2]]
    sid = f"ACM.D.{col}" if daily else f"ACM.{col}"
    return _meta(sid, f"ACM {n}-year {what}{' (daily)' if daily else ''}", "acm", "D" if daily else "M", "pct",
                 ACM_URL, ACM_NOTES)


_CATALOG = _build_catalog()


class NYFedSource(Source):
    """Federal Reserve Bank of New York: reference rates, repo operations, SOMA, dealer positions, ACM."""

    name = NAME
    title = "Federal Reserve Bank of New York"
    mirror_subdirs = ("nyfed",)
    attribution = ATTRIBUTION
    expected_update_days = 3

    def catalog(self) -> list[SeriesMeta]:
        return list(_CATALOG.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        def want(prefix: str) -> bool:
            return series is None or any(s.startswith(prefix) for s in series)

        start = pd.Timestamp(since) if since is not None else pd.Timestamp("2018-04-02")  # SOFR's first date
        end = pd.Timestamp.today().normalize()
        dates = {"startDate": start.strftime("%Y-%m-%d"), "endDate": end.strftime("%Y-%m-%d")}
        out: list[Request] = []
        for t, (path, title) in RATE_TYPES.items():
            if want(f"NYFED.{t}"):
                out.append(Request(NAME, "markets_rates_json", f"{API}/{path}/search.json", params=dict(dates),
                                   description=f"{t} reference rate"))
        if want("NYFED.RRP") or want("NYFED.SRF"):
            out.append(Request(NAME, "markets_repo_json", f"{API}/rp/results/search.json", params=dict(dates),
                               description="repo and reverse repo operation results"))
        if want("NYFED.SOMA"):
            out.append(Request(NAME, "markets_soma_summary_json", f"{API}/soma/summary.json",
                               description="SOMA holdings summary, all as-of dates"))
        for key in PD_KEYS:
            if want(f"NYFED.PD.{key}"):
                out.append(Request(NAME, "markets_pd_json", f"{API}/pd/get/{key}.json",
                                   description=f"primary dealer statistics {key}"))
        if want("ACM."):
            out.append(Request(NAME, "acm_xls", ACM_URL, description="ACM term premium workbook (licence-restricted)"))
        return out

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = mirror / "nyfed"
        if not d.is_dir():
            return []
        out: list[MirrorFile] = []
        for p in sorted(d.iterdir()):
            low = p.name.lower()
            if low.startswith("acmtermpremium") and low.endswith(".xls"):
                out.append(MirrorFile(p, "acm_xls"))
            elif low.startswith("acmtermpremium") and low.endswith(".csv"):
                out.append(MirrorFile(p, "acm_monthly_csv"))
            elif low.endswith(".xlsx"):
                out.append(MirrorFile(p, "markets_rates_xlsx"))
            elif low.endswith(".json"):
                kind = json_kind(p.read_bytes())
                if kind:
                    out.append(MirrorFile(p, kind))
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        parsers = {
            "markets_rates_json": parse_rates,
            "markets_repo_json": parse_repo,
            "markets_soma_summary_json": parse_soma_summary,
            "markets_pd_json": parse_pd,
            "markets_soma_asofdates_json": parse_soma_asofdates,
            "markets_soma_holdings_json": parse_soma_holdings,
            "markets_rates_xlsx": parse_rates_xlsx,
            "acm_monthly_csv": parse_acm_csv,
            "acm_xls": parse_acm_xls,
        }
        if kind not in parsers:
            raise ValueError(f"nyfed: unknown parser kind {kind!r}")
        return parsers[kind](raw, origin)


def json_kind(raw: bytes) -> str | None:
    """The parser kind of a Markets API JSON answer, chosen by its structure (not by sniffing bytes).

    ``{"refRates": [...]}`` rates; ``{"repo": {"operations": [...]}}`` repo operations;
    ``{"soma": {"summary": [...]}}`` the SOMA summary, ``{"soma": {"asOfDates": [...]}}`` the list of
    as-of dates, ``{"soma": {"holdings": [...]}}`` holdings by CUSIP; ``{"pd": {"timeseries": [...]}}``
    primary dealer statistics.  None for anything else (unreadable JSON included), so the file is not
    listed rather than sent to a parser that cannot read it.
    """
    try:
        payload = json.loads(decode_text(raw, NAME, "json"))
    except (ValueError, SourceFormatError):
        return None
    if not isinstance(payload, dict):
        return None
    if isinstance(payload.get("refRates"), list):
        return "markets_rates_json"
    for top, key, kind in (("repo", "operations", "markets_repo_json"),
                           ("soma", "summary", "markets_soma_summary_json"),
                           ("soma", "asOfDates", "markets_soma_asofdates_json"),
                           ("soma", "holdings", "markets_soma_holdings_json"),
                           ("pd", "timeseries", "markets_pd_json")):
        node = payload.get(top)
        if isinstance(node, dict) and isinstance(node.get(key), list):
            return kind
    return None


def kind_for_url(url: str) -> str | None:
    """The parser kind of a Markets API endpoint (as :meth:`NYFedSource.live_requests` pairs them)."""
    path = url.split("?", 1)[0]
    if "/api/" not in path:
        return None
    path = path.split("/api/", 1)[1]
    if path.startswith("rates/") and path.endswith("search.json"):
        return "markets_rates_json"
    if path.startswith("rp/"):
        return "markets_repo_json"
    if path == "soma/summary.json":
        return "markets_soma_summary_json"
    if path == "soma/asofdates/list.json":
        return "markets_soma_asofdates_json"
    if path.startswith(("soma/agency/get/", "soma/tsy/get/")):
        return "markets_soma_holdings_json"
    if path.startswith("pd/get/"):
        return "markets_pd_json"
    return None


# ---------------------------------------------------------------------------
# JSON helpers
# ---------------------------------------------------------------------------


def _load_json(raw: bytes, origin: str, path: tuple[str, ...]) -> list:
    """Decode, then walk ``path`` (e.g. ("repo", "operations")) to the record list."""
    check_not_html(raw, NAME, origin)
    text = decode_text(raw, NAME, origin)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        # A cut download ends without the closing bracket of the top-level value.
        cut = not text.rstrip().endswith(("}", "]"))
        cls = TruncatedFileError if cut else BadValueError
        raise cls(NAME, origin, f"not valid JSON ({exc.msg}){' — cut short?' if cut else ''}", line=exc.lineno) from None
    node = payload
    for i, key in enumerate(path):
        if not isinstance(node, dict) or key not in node:
            raise MissingColumnError(NAME, origin, f"JSON lacks {'/'.join(path[: i + 1])!r}", field="/".join(path[: i + 1]))
        node = node[key]
    if not isinstance(node, list):
        raise MissingColumnError(NAME, origin, f"{'/'.join(path)!r} is not a list", field="/".join(path))
    return node


def _records_frame(records: list, origin: str, required: tuple[str, ...], list_name: str) -> pd.DataFrame:
    """Records -> DataFrame; record index (1-based) is the 'line' in errors."""
    bad = next((i for i, r in enumerate(records) if not isinstance(r, dict)), None)
    if bad is not None:
        raise BadValueError(NAME, origin, f"{list_name} record is not an object", line=bad + 1)
    df = pd.DataFrame.from_records(records)
    for col in (c for c in required if c in df.columns):
        # a required field (date, type, key, value) is a JSON scalar: a list or an object is a broken answer
        nested = df[col].map(lambda v: isinstance(v, (list, dict))).to_numpy(dtype=bool)
        if nested.any():
            i = int(np.flatnonzero(nested)[0])
            raise BadValueError(NAME, origin, f"{list_name} record holds a {type(df[col].iloc[i]).__name__} "
                                "where a value belongs", line=i + 1, field=str(col))
    for col in required:
        if col not in df.columns:
            raise MissingColumnError(NAME, origin, f"{list_name} records lack {col!r} (renamed?)", line=1, field=col)
        miss = df[col].isna().to_numpy()
        if miss.any():
            raise MissingColumnError(NAME, origin, f"record lacks {col!r}", line=int(np.flatnonzero(miss)[0]) + 1,
                                     field=col)
    return df


def _num(s: pd.Series, origin: str, field: str, missing: tuple[str, ...] = ("", "*", "NA")) -> pd.Series:
    """JSON numbers or numeric strings -> float64; None/missing markers -> NaN; else BadValueError."""
    return parse_numeric_column(s.astype(object).where(s.notna(), ""), NAME, origin, field=field, line_offset=1,
                                missing=missing)


def _dates(s: pd.Series, origin: str, field: str) -> pd.Series:
    return parse_date_column(s, "%Y-%m-%d", NAME, origin, field=field, line_offset=1)


def _no_dups(df: pd.DataFrame, keys: list[str], origin: str, field: str) -> None:
    dup = df.duplicated(keys).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise DuplicateDateError(NAME, origin, f"two records for {df[keys].iloc[i].tolist()}", line=i + 1, field=field)


# ---------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------


def parse_rates(raw: bytes, origin: str) -> ParseResult:
    """{"refRates": [...]} -> NYFED.<TYPE>[.VOLUME|.P1|.P25|.P75|.P99]."""
    recs = _load_json(raw, origin, ("refRates",))
    if not recs:
        return ParseResult(NAME, origin, empty_observations(), {})
    df = _records_frame(recs, origin, ("effectiveDate", "type", "percentRate"), "refRates")
    df["_date"] = _dates(df["effectiveDate"], origin, "effectiveDate")
    df["_type"] = df["type"].astype(str).str.strip().str.upper()
    _no_dups(df, ["_type", "_date"], origin, "effectiveDate")
    frames, meta = [], {}
    for suffix, (field, unit, what) in _RATE_FIELDS.items():
        if field not in df.columns:
            continue  # e.g. TGCR/BGCR answers without some fields: not published, not zero
        vals = _num(df[field], origin, field)
        sids = "NYFED." + df["_type"] + suffix
        frames.append(pd.DataFrame({"series_id": sids.to_numpy(dtype=object), "date": df["_date"].to_numpy(),
                                    "value": vals.to_numpy()}))
    effr = df[df["_type"] == "EFFR"]
    for suffix, (field, unit, what) in _TARGET_FIELDS.items():
        if field in effr.columns and not effr.empty:
            frames.append(pd.DataFrame({"series_id": f"NYFED.EFFR{suffix}", "date": effr["_date"].to_numpy(),
                                        "value": _num(effr[field], origin, field).to_numpy()}))
    obs = pd.concat(frames, ignore_index=True)
    for sid in obs["series_id"].unique():
        meta[sid] = _CATALOG.get(sid) or _meta(sid, f"NY Fed reference rate {sid[6:]}", "reference_rates", "D",
                                               "usd_bn" if sid.endswith(".VOLUME") else "pct",
                                               f"{API}/rates/all/search.json")
    obs = obs.sort_values(["series_id", "date"], kind="stable").reset_index(drop=True)
    return ParseResult(NAME, origin, obs, meta)


def parse_repo(raw: bytes, origin: str) -> ParseResult:
    """{"repo": {"operations": [...]}} -> daily RRP and SRF totals (see module docstring)."""
    ops = _load_json(raw, origin, ("repo", "operations"))
    if not ops:
        return ParseResult(NAME, origin, empty_observations(), {})
    df = _records_frame(ops, origin, ("operationDate", "operationType"), "operations")
    if "auctionStatus" in df.columns:
        df = df[df["auctionStatus"].fillna("Results").astype(str).str.lower() != "announcement"]
    if "totalAmtAccepted" not in df.columns:
        raise MissingColumnError(NAME, origin, "operations lack 'totalAmtAccepted' (renamed?)", line=1,
                                 field="totalAmtAccepted")
    df = df.reset_index(drop=True)
    df["_date"] = _dates(df["operationDate"], origin, "operationDate")
    df["_amt"] = _num(df["totalAmtAccepted"], origin, "totalAmtAccepted")
    df["_cpty"] = _num(df["acceptedCpty"], origin, "acceptedCpty") if "acceptedCpty" in df else np.nan
    # Award rate: amount-weighted over the operation's details (one detail per security type).
    rates, weights = [], []
    for i, det in enumerate(df["details"] if "details" in df else [None] * len(df)):
        r_num = w_sum = 0.0
        r_plain = []
        for d in det if isinstance(det, list) else []:
            r = d.get("percentAwardRate") if isinstance(d, dict) else None
            if r in (None, ""):
                continue
            try:
                r = float(r)
                w = float(d.get("amtAccepted") or 0)
            except (TypeError, ValueError):
                raise BadValueError(NAME, origin, f"non-numeric percentAwardRate/amtAccepted {r!r}", line=i + 1,
                                    field="details/percentAwardRate") from None
            r_plain.append(r)
            r_num += r * w
            w_sum += w
        rates.append(r_num / w_sum if w_sum > 0 else (float(np.mean(r_plain)) if r_plain else np.nan))
        weights.append(w_sum)
    df["_rate"] = rates
    df["_w"] = weights
    kind = df["operationType"].astype(str).str.strip().str.lower()
    frames, meta = [], {}
    for label, prefix in (("reverse repo", "NYFED.RRP"), ("repo", "NYFED.SRF")):
        sub = df[kind == label]
        if sub.empty:
            continue
        g = sub.groupby("_date", sort=True)
        total = g["_amt"].sum(min_count=1)
        cpty = g["_cpty"].sum(min_count=1)
        parts = [(f"{prefix}.TOTAL_ACCEPTED", total), (f"{prefix}.COUNTERPARTIES", cpty)]
        if prefix == "NYFED.RRP":
            wr = (sub["_rate"] * sub["_w"]).groupby(sub["_date"]).sum(min_count=1)
            ws = sub["_w"].where(sub["_rate"].notna()).groupby(sub["_date"]).sum(min_count=1)
            rate = (wr / ws).where(ws > 0, g["_rate"].mean())
            parts.append((f"{prefix}.RATE", rate))
        for sid, s in parts:
            frames.append(pd.DataFrame({"series_id": sid, "date": s.index.astype("datetime64[ns]"),
                                        "value": s.to_numpy(dtype="float64")}))
            meta[sid] = _CATALOG[sid]
    obs = pd.concat(frames, ignore_index=True) if frames else empty_observations()
    units = {s: "usd" for s in meta if s.endswith("TOTAL_ACCEPTED")}  # payload is dollars
    return ParseResult(NAME, origin, obs, meta, units=units)


def parse_soma_summary(raw: bytes, origin: str) -> ParseResult:
    """{"soma": {"summary": [...]}} -> NYFED.SOMA.* weekly, dollars as published."""
    recs = _load_json(raw, origin, ("soma", "summary"))
    if not recs:
        return ParseResult(NAME, origin, empty_observations(), {})
    df = _records_frame(recs, origin, ("asOfDate", "total"), "summary")
    d = _dates(df["asOfDate"], origin, "asOfDate")
    check_dates(d, NAME, origin, order="ascending" if len(d) < 2 or d.iloc[1] > d.iloc[0] else "descending",
                line_offset=1, field="asOfDate")
    frames, meta = [], {}
    for field, key in SOMA_FIELDS.items():
        if field not in df.columns:
            continue
        sid = f"NYFED.SOMA.{key}"
        frames.append(pd.DataFrame({"series_id": sid, "date": d.to_numpy(),
                                    "value": _num(df[field], origin, field).to_numpy()}))
        meta[sid] = _CATALOG[sid]
    obs = pd.concat(frames, ignore_index=True).sort_values(["series_id", "date"], kind="stable").reset_index(drop=True)
    return ParseResult(NAME, origin, obs, meta)


def parse_pd(raw: bytes, origin: str) -> ParseResult:
    """{"pd": {"timeseries": [...]}} -> NYFED.PD.<KEYID> ($ millions; '*' withheld -> NaN)."""
    recs = _load_json(raw, origin, ("pd", "timeseries"))
    if not recs:
        return ParseResult(NAME, origin, empty_observations(), {})
    df = _records_frame(recs, origin, ("asofdate", "keyid", "value"), "timeseries")
    df["_date"] = _dates(df["asofdate"], origin, "asofdate")
    _no_dups(df, ["keyid", "_date"], origin, "asofdate")
    sids = "NYFED.PD." + df["keyid"].astype(str).str.strip()
    obs = pd.DataFrame({"series_id": sids.to_numpy(dtype=object), "date": df["_date"].to_numpy(),
                        "value": _num(df["value"], origin, "value").to_numpy()})
    meta = {s: _CATALOG.get(s) or _pd_meta(s[9:]) for s in obs["series_id"].unique()}
    obs = obs.sort_values(["series_id", "date"], kind="stable").reset_index(drop=True)
    return ParseResult(NAME, origin, obs, meta)


#: SOMA holdings by CUSIP (``soma/agency/get/...``, ``soma/tsy/get/...``): API field -> record column
SOMA_HOLDING_FIELDS: dict[str, str] = {
    "asOfDate": "as_of_date", "cusip": "cusip", "securityType": "security_type",
    "securityDescription": "security_description", "issuer": "issuer", "maturityDate": "maturity_date",
    "coupon": "coupon", "spread": "spread", "parValue": "par_value",
    "inflationCompensation": "inflation_compensation", "percentOutstanding": "percent_outstanding",
    "changeFromPriorWeek": "change_from_prior_week", "changeFromPriorYear": "change_from_prior_year",
}
_SOMA_NUMERIC = ("coupon", "spread", "parValue", "inflationCompensation", "percentOutstanding",
                 "changeFromPriorWeek", "changeFromPriorYear")


def parse_soma_asofdates(raw: bytes, origin: str) -> ParseResult:
    """{"soma": {"asOfDates": [...]}} -> records dataset ``soma_asof_dates`` (one row per as-of date).

    The list says which weekly SOMA snapshots exist; it carries no values, so no series.
    """
    dates = _load_json(raw, origin, ("soma", "asOfDates"))
    if not dates:
        return ParseResult(NAME, origin, empty_observations(), {}, notes=["SOMA as-of date list is empty"])
    bad = next((i for i, d in enumerate(dates) if not isinstance(d, str)), None)
    if bad is not None:
        raise BadValueError(NAME, origin, f"as-of date {dates[bad]!r} is not a string", line=bad + 1, field="asOfDates")
    d = _dates(pd.Series(dates, dtype=object), origin, "asOfDates")
    check_dates(d, NAME, origin, order="ascending" if len(d) < 2 or d.iloc[1] > d.iloc[0] else "descending",
                line_offset=1, field="asOfDates")
    rec = pd.DataFrame({"as_of_date": d.dt.strftime("%Y-%m-%d")}).sort_values("as_of_date", ignore_index=True)
    note = f"SOMA as-of dates: {len(rec)} from {rec['as_of_date'].iloc[0]} to {rec['as_of_date'].iloc[-1]}"
    return ParseResult(NAME, origin, empty_observations(), {}, records={"soma_asof_dates": rec},
                       record_keys={"soma_asof_dates": ["as_of_date"]}, notes=[note])


def parse_soma_holdings(raw: bytes, origin: str) -> ParseResult:
    """{"soma": {"holdings": [...]}} -> records dataset ``soma_holdings`` (one row per as-of date and CUSIP).

    Values arrive as strings; ``""`` means not applicable (no inflation compensation on agency debt) and
    stays missing.  ``par_value`` is in **dollars**, as published.
    """
    recs = _load_json(raw, origin, ("soma", "holdings"))
    if not recs:
        return ParseResult(NAME, origin, empty_observations(), {}, notes=["no SOMA holdings in the answer"])
    df = _records_frame(recs, origin, ("asOfDate", "cusip", "parValue"), "holdings")
    out = pd.DataFrame({"as_of_date": _dates(df["asOfDate"], origin, "asOfDate").dt.strftime("%Y-%m-%d")})
    for field, col in SOMA_HOLDING_FIELDS.items():
        if field == "asOfDate" or field not in df.columns:
            continue
        if field in _SOMA_NUMERIC:
            out[col] = _num(df[field], origin, field).to_numpy()
        elif field == "maturityDate":
            m = df[field].fillna("").astype(str).str.strip()
            ok = m != ""
            parsed = pd.Series(pd.NaT, index=m.index, dtype="datetime64[ns]")
            if ok.any():
                parsed[ok] = _dates(m[ok].reset_index(drop=True), origin, field).to_numpy()
            out[col] = parsed.dt.strftime("%Y-%m-%d")
        else:
            out[col] = df[field].fillna("").astype(str).str.strip().to_numpy()
    _no_dups(out, ["as_of_date", "cusip"], origin, "cusip")
    return ParseResult(NAME, origin, empty_observations(), {}, records={"soma_holdings": out},
                       record_keys={"soma_holdings": ["as_of_date", "cusip"]},
                       notes=[f"SOMA holdings: {len(out)} securities, par ${out['par_value'].sum():,.0f}"])


_XL_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_XL_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + (ord(ch.upper()) - 64)
    return n - 1


def read_xlsx_rows(raw: bytes, origin: str) -> list[list]:
    """The first worksheet of an ``.xlsx`` as rows of cell values (str, float, bool or None).

    A streaming read of the sheet XML (the Markets site's 6,000-row export takes openpyxl many
    seconds); handles inline strings (Apache POI writes them), shared strings, numbers and booleans.
    Row ``i`` of the result is sheet row ``i + 1``.  Raises HtmlInsteadOfDataError / EmptyBodyError
    for error pages, TruncatedFileError for a cut or unreadable archive, MissingMemberError when the
    archive has no worksheet.
    """
    import io
    import zipfile
    import xml.etree.ElementTree as ET
    import zlib

    from ..errors import MissingMemberError

    check_not_html(raw, NAME, origin)
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise TruncatedFileError(NAME, origin, f"not a readable .xlsx workbook ({exc}); truncated download?") from None
    try:
        names = set(zf.namelist())
        sheet = None
        if "xl/workbook.xml" in names and "xl/_rels/workbook.xml.rels" in names:
            wb = ET.fromstring(zf.read("xl/workbook.xml"))
            rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
            first = wb.find(f"{_XL_NS}sheets/{_XL_NS}sheet")
            if first is not None:
                rid = first.get(f"{_XL_REL_NS}id")
                for rel in rels:
                    if rel.get("Id") == rid:
                        target = rel.get("Target", "").lstrip("/")
                        sheet = target if target.startswith("xl/") else f"xl/{target}"
        if sheet is None or sheet not in names:
            cands = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
            if not cands:
                raise MissingMemberError(NAME, origin, "workbook has no worksheet (not an .xlsx export?)")
            sheet = cands[0]
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for si in ET.fromstring(zf.read("xl/sharedStrings.xml")).iter(f"{_XL_NS}si"):
                shared.append("".join(t.text or "" for t in si.iter(f"{_XL_NS}t")))
        rows: list[list] = []
        # One C-level parse of the sheet, then a walk: far faster than event-by-event iterparse.
        root = ET.fromstring(zf.read(sheet))
        data = root.find(f"{_XL_NS}sheetData")
        cols: dict[str, int] = {}
        tag_t, tag_v, tag_c = f"{_XL_NS}t", f"{_XL_NS}v", f"{_XL_NS}c"
        for el in (data if data is not None else []):
            r = int(el.get("r") or len(rows) + 1)
            while len(rows) < r - 1:
                rows.append([])
            cells: list = []
            for c in el.iter(tag_c):
                ref = c.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    j = cols.get(letters)
                    if j is None:
                        j = cols[letters] = _col_index(letters)
                    while len(cells) < j:
                        cells.append(None)
                t = c.get("t")
                if t == "inlineStr":
                    cells.append("".join(x.text or "" for x in c.iter(tag_t)))
                    continue
                v = c.find(tag_v)
                if v is None or v.text is None:
                    val = None
                elif t == "s":
                    val = shared[int(v.text)]
                elif t in ("str", "e"):
                    val = v.text
                elif t == "b":
                    val = v.text.strip() == "1"
                else:
                    val = float(v.text)
                cells.append(val)
            rows.append(cells)
    except (zipfile.BadZipFile, zlib.error, EOFError, ET.ParseError, KeyError, IndexError, ValueError,
            LookupError) as exc:
        raise TruncatedFileError(NAME, origin, f"unreadable .xlsx sheet ({type(exc).__name__}: {exc}); "
                                 "truncated download?") from None
    return rows


#: Markets site Excel export: column header -> series suffix (the JSON fields' equivalents)
XLSX_RATE_COLUMNS: dict[str, str] = {
    "Rate (%)": "", "1st Percentile (%)": ".P1", "25th Percentile (%)": ".P25", "75th Percentile (%)": ".P75",
    "99th Percentile (%)": ".P99", "Volume ($Billions)": ".VOLUME", "Target Rate From (%)": ".TARGET_FROM",
    "Target Rate To (%)": ".TARGET_TO",
}


def parse_rates_xlsx(raw: bytes, origin: str) -> ParseResult:
    """The Markets site's Excel export of a reference rate -> the series the JSON parser gives.

    One sheet, header row ``Effective Date``, ``Rate Type``, ``Rate (%)``, percentiles, ``Volume
    ($Billions)``, ``Target Rate From (%)``/``To (%)``, then columns ustmon does not keep (intraday
    range, standard deviation, SOFR averages, revision flag, footnote).  Dates are text
    ``MM/DD/YYYY``, newest first; missing = empty cell; a trailing empty row is ignored.  ``line`` in
    errors is the sheet row.
    """
    rows = read_xlsx_rows(raw, origin)
    while rows and all(v in ("", None) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise TruncatedFileError(NAME, origin, "sheet is empty", line=1)
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    for col in ("Effective Date", "Rate Type", "Rate (%)"):
        if col not in header:
            raise MissingColumnError(NAME, origin, f"header lacks {col!r} (renamed?)", line=1, field=col)
    body = rows[1:]
    if not body:
        raise TruncatedFileError(NAME, origin, "no data rows after the header", line=1)
    width = len(header)
    df = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in body], columns=range(width))
    df.columns = header
    dates = parse_date_column(df["Effective Date"].fillna("").astype(str).str.strip(), "%m/%d/%Y", NAME, origin,
                              field="Effective Date", line_offset=2)
    types = df["Rate Type"].fillna("").astype(str).str.strip().str.upper()
    empty_type = (types == "").to_numpy()
    if empty_type.any():
        i = int(np.flatnonzero(empty_type)[0])
        raise BadValueError(NAME, origin, "row has no rate type", line=i + 2, field="Rate Type")
    frames = []
    for t in types.unique():
        sel = (types == t).to_numpy()
        d = dates[sel].reset_index(drop=True)
        first_line = int(np.flatnonzero(sel)[0]) + 2
        check_dates(d, NAME, origin, order="ascending" if len(d) < 2 or d.iloc[1] > d.iloc[0] else "descending",
                    line_offset=first_line, field="Effective Date")
        for col, suffix in XLSX_RATE_COLUMNS.items():
            if col not in header:
                continue
            if suffix.startswith(".TARGET") and t != "EFFR":
                continue
            vals = parse_numeric_column(df.loc[sel, col].astype(object).where(df.loc[sel, col].notna(), "")
                                        .reset_index(drop=True), NAME, origin, field=col, line_offset=first_line,
                                        missing=("",))
            frames.append(pd.DataFrame({"series_id": f"NYFED.{t}{suffix}", "date": d.to_numpy(),
                                        "value": vals.to_numpy(dtype="float64")}))
    obs = pd.concat(frames, ignore_index=True).sort_values(["series_id", "date"], kind="stable").reset_index(drop=True)
    meta = {}
    for sid in obs["series_id"].unique():
        meta[sid] = _CATALOG.get(sid) or _meta(sid, f"NY Fed reference rate {sid[6:]}", "reference_rates", "D",
                                               "usd_bn" if sid.endswith(".VOLUME") else "pct",
                                               f"{API}/rates/all/search.json")
    return ParseResult(NAME, origin, obs, meta)


def parse_acm_csv(raw: bytes, origin: str) -> ParseResult:
    """CSV conversion of the ACM monthly sheet -> ACM.ACMY/ACMTP/ACMRNY01..10 (percent)."""
    text = decode_text(raw, NAME, origin)
    dates, values, first = read_wide_csv(text, NAME, origin, header_line=0, date_col="DATE", date_fmt="%d-%b-%Y",
                                         missing=("", "NA"), required=tuple(ACM_COLUMNS))
    check_dates(dates, NAME, origin, order="ascending", line_offset=first, field="DATE")
    ids = [f"ACM.{c}" for c in ACM_COLUMNS]
    obs = wide_to_long(dates, values[ACM_COLUMNS], ids)
    return ParseResult(NAME, origin, obs, {i: _CATALOG[i] for i in ids})


def acm_sheet_frame(rows: list[list], origin: str, sheet: str, *, datemode: int = 0) -> tuple[pd.Series, pd.DataFrame]:
    """One ACM sheet as a list of rows (first row = header) -> (dates, values).

    Date cells may be Excel serial numbers (date-formatted cells) or text
    ``30-Jun-1961``; both are accepted.  ``line`` in errors is the sheet row (1-based).
    """
    where = f"{origin}[{sheet}]"
    if not rows:
        raise TruncatedFileError(NAME, where, "sheet is empty", line=1)
    header = [str(h).strip() for h in rows[0]]
    if "DATE" not in [h.upper() for h in header]:
        raise MissingColumnError(NAME, where, "sheet header lacks 'DATE'", line=1, field="DATE")
    for c in ACM_COLUMNS:
        if c not in header:
            raise MissingColumnError(NAME, where, f"sheet header lacks {c!r}", line=1, field=c)
    body = list(rows[1:])
    while body and all(v in ("", None) for v in body[-1]):
        body.pop()  # xlrd pads sheets with empty trailing rows
    if not body:
        raise TruncatedFileError(NAME, where, "no data rows", line=2)
    df = pd.DataFrame(body)
    if df.shape[1] < len(header):
        raise TruncatedFileError(NAME, where, "rows shorter than the header", line=2)
    df = df.iloc[:, : len(header)]
    df.columns = header
    dcol = df[[h for h in header if h.upper() == "DATE"][0]]
    numeric = pd.to_numeric(dcol, errors="coerce")
    if numeric.notna().all():
        # Excel serial dates (1900 date system unless the workbook says 1904).
        base = pd.Timestamp("1899-12-30") if datemode == 0 else pd.Timestamp("1904-01-01")
        dates = (base + pd.to_timedelta(numeric.round().astype("int64"), unit="D")).astype("datetime64[ns]")
    else:
        dates = parse_date_column(dcol.astype(str), "%d-%b-%Y", NAME, where, field="DATE", line_offset=2)
    check_dates(dates, NAME, where, order="ascending", line_offset=2, field="DATE")
    vals = pd.DataFrame({c: parse_numeric_column(df[c], NAME, where, field=c, line_offset=2)
                         for c in ACM_COLUMNS})
    return dates.reset_index(drop=True), vals


def parse_acm_xls(raw: bytes, origin: str) -> ParseResult:
    """ACMTermPremium.xls -> monthly ACM.* (sheet "ACM Monthly") and daily ACM.D.* ("ACM Daily")."""
    import xlrd  # only this parser needs it

    check_not_html(raw, NAME, origin)
    try:
        book = xlrd.open_workbook(file_contents=raw, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct errors…
        raise EncodingError(NAME, origin, f"not a readable .xls workbook ({exc}); truncated download?") from None
    names = book.sheet_names()
    frames, meta = [], {}
    for sheet, prefix in (("ACM Monthly", "ACM."), ("ACM Daily", "ACM.D.")):
        if sheet not in names:
            raise MissingColumnError(NAME, origin, f"workbook has no sheet {sheet!r} (sheets: {', '.join(names[:6])})",
                                     field=sheet)
        sh = book.sheet_by_name(sheet)
        rows = [sh.row_values(i) for i in range(sh.nrows)]
        dates, vals = acm_sheet_frame(rows, origin, sheet, datemode=book.datemode)
        ids = [f"{prefix}{c}" for c in ACM_COLUMNS]
        frames.append(wide_to_long(dates, vals, ids))
        meta.update({i: _CATALOG[i] for i in ids})
    return ParseResult(NAME, origin, pd.concat(frames, ignore_index=True), meta)


SOURCE = NYFedSource()

__all__ = ["SOURCE", "NYFedSource", "PD_KEYS", "RATE_TYPES", "SOMA_FIELDS", "ACM_COLUMNS", "acm_sheet_frame", "json_kind",
           "kind_for_url"]
