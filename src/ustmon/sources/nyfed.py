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
* primary dealer statistics, kind ``markets_pd_json``: ``pd/get/{keyid}.json`` ->
  ``{"pd": {"timeseries": [{"asofdate", "keyid", "value"}]}}``, values strings in **$ millions**,
  ``*`` = withheld.  Key series (net outright positions in Treasuries by type, weekly, Wednesday):
  ``NYFED.PD.<KEYID>`` for the keys in :data:`PD_KEYS`; other keys parse with a generic title.

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
            elif low.endswith(".json"):
                kind = _sniff_json(p)
                if kind:
                    out.append(MirrorFile(p, kind))
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        parsers = {
            "markets_rates_json": parse_rates,
            "markets_repo_json": parse_repo,
            "markets_soma_summary_json": parse_soma_summary,
            "markets_pd_json": parse_pd,
            "acm_monthly_csv": parse_acm_csv,
            "acm_xls": parse_acm_xls,
        }
        if kind not in parsers:
            raise ValueError(f"nyfed: unknown parser kind {kind!r}")
        return parsers[kind](raw, origin)


def _sniff_json(p: Path) -> str | None:
    head = p.open("rb").read(200)
    for key, kind in ((b'"refRates"', "markets_rates_json"), (b'"repo"', "markets_repo_json"),
                      (b'"soma"', "markets_soma_summary_json"), (b'"pd"', "markets_pd_json")):
        if key in head:
            return kind
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

__all__ = ["SOURCE", "NYFedSource", "PD_KEYS", "RATE_TYPES", "SOMA_FIELDS", "ACM_COLUMNS", "acm_sheet_frame"]
