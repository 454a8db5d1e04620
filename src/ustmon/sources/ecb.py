"""ECB Data Portal (European Central Bank): euro reference exchange rates and financial-market series.

Live API: ``https://data-api.ecb.europa.eu/service/data/{FLOW}/{KEY}`` returns
SDMX-ML 2.1 generic data (kind ``sdmx_generic``, read by
:mod:`ustmon.sources.sdmx`); with ``?format=csvdata`` the same data as SDMX-CSV
(kind ``ecb_csv``: ``KEY,FREQ,<dimensions>,TIME_PERIOD,OBS_VALUE,OBS_STATUS,...``).

Series ids are ``ECB.<FLOW>.<KEY>``, e.g. ``ECB.EXR.D.USD.EUR.SP00.A`` (the
euro foreign exchange reference rate, US dollars per euro, set at 14:15 CET:
not the New York noon/H.10 rate FRED's DEXUSEU carries) and
``ECB.FM.M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA`` (3-month Euribor, monthly average,
percent per annum).  Holiday observations the ECB publishes as
``ObsValue="NaN"`` with ``OBS_STATUS=H`` are kept as NaN.  Monthly periods
(``2024-03``) are dated the first day of the month.

Units come from the series' SDMX ``UNIT`` attribute: ``PCPA`` (percent per
annum) -> ``pct``; ``PC`` -> ``pp`` for changes (``DATA_TYPE_FM=CHG``) else
``pct``; ``POINTS`` -> ``index``; US dollar per euro -> ``usd_per_eur``;
anything else -> ``as_published``.

Attribution (mandatory): "Source: European Central Bank (ECB Data Portal)".
FM series with ``PROVIDER_FM`` ``RT`` (Refinitiv) or ``DS`` (DataStream) are
third-party market data the ECB's reuse terms exclude; their catalog notes
say so.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import MissingColumnError, SourceFormatError, TruncatedFileError
from ._text import decode_text
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations
from .sdmx import FREQUENCIES, check_unique, parse_periods, parse_values, read_generic

API = "https://data-api.ecb.europa.eu/service/data"
PORTAL = "https://data.ecb.europa.eu/data/datasets"
ATTRIBUTION = "Source: European Central Bank (ECB Data Portal)"

#: SDMX data structure id -> dataflow (when neither the URL nor the file name says it)
STRUCTURE_FLOWS = {"ECB_EXR1": "EXR", "ECB_FMD2": "FM", "ECB_EST1": "EST", "ECB_YC1": "YC", "ECB_ICP1": "ICP",
                   "ECB_BSI1": "BSI", "ECB_MIR1": "MIR"}
#: third-party data providers in the FM dataflow (ECB reuse terms exclude redistribution)
THIRD_PARTY_PROVIDERS = {"RT": "Refinitiv", "DS": "DataStream", "BL": "Bloomberg"}

# (flow, key, title, frequency, unit, notes) of the series an update fetches by default
_DEFAULTS: list[tuple[str, str, str, str, str, str]] = [
    ("EXR", "D.USD.EUR.SP00.A", "ECB euro reference exchange rate, US dollar per euro (14:15 CET)", "D", "usd_per_eur",
     "Daily concertation at 14:15 CET; differs from FRED DEXUSEU (New York noon). Holidays are NaN (OBS_STATUS=H)."),
    ("FM", "M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA", "Euribor 3-month, monthly average of daily closes", "M", "pct",
     "Dated the first day of the month. Provider RT (Refinitiv): third-party data, not for redistribution."),
    ("FM", "D.U2.EUR.4F.KR.DFR.LEV", "ECB deposit facility rate (level, date of changes)", "D", "pct",
     "Calendar-daily, the rate in force each day."),
    ("FM", "D.U2.EUR.4F.KR.MRR_FR.LEV", "ECB main refinancing operations fixed rate (level, date of changes)", "D", "pct",
     "Calendar-daily, the rate in force each day."),
    ("FM", "M.U2.EUR.4F.BB.U2_10Y.YLD", "Euro area 10-year government benchmark bond yield, end of month", "M", "pct",
     "Dated the first day of the month."),
    ("EST", "B.EU000A2X2A25.WT", "Euro short-term rate (\u20acSTR), volume-weighted trimmed mean rate", "D", "pct",
     "Business-daily, dated the trading day it refers to."),
]


def series_id(flow: str, key: str) -> str:
    return f"ECB.{flow}.{key}"


def series_url(flow: str, key: str) -> str:
    return f"{PORTAL}/{flow}/{flow}.{key}"


def _unit(flow: str, dims: dict[str, str], unit_attr: str, title: str) -> str:
    if flow == "EXR":
        cur, denom = dims.get("CURRENCY"), dims.get("CURRENCY_DENOM")
        if cur == "USD" and denom == "EUR" and dims.get("EXR_TYPE", "SP00") == "SP00":
            return "usd_per_eur"
        return "as_published"
    u = (unit_attr or "").upper()
    if dims.get("INSTRUMENT_FM") == "CY":
        return "as_published"  # commodity prices: the ECB labels Brent in euro as PCPA, which it is not
    if u == "PCPA":
        return "pct"
    if u == "PC":
        return "pp" if dims.get("DATA_TYPE_FM") == "CHG" or "percentage points" in title.lower() else "pct"
    if u == "POINTS":
        return "index"
    return "as_published"


_DEFAULT_META = {series_id(f, k): (t, fr, u, n) for f, k, t, fr, u, n in _DEFAULTS}


def _meta(flow: str, key: str, dims: dict[str, str], attrs: dict[str, str], freq: str | None) -> SeriesMeta:
    sid = series_id(flow, key)
    title = attrs.get("TITLE_COMPL") or attrs.get("TITLE") or sid
    unit = _unit(flow, dims, attrs.get("UNIT", ""), title)
    notes = []
    prov = dims.get("PROVIDER_FM")
    if prov in THIRD_PARTY_PROVIDERS:
        notes.append(f"Provider {prov} ({THIRD_PARTY_PROVIDERS[prov]}): third-party market data; ECB reuse terms exclude it.")
    elif "bloomberg" in title.lower():
        notes.append("Bloomberg data: third-party market data; ECB reuse terms exclude it.")
    if freq in ("M", "Q", "A"):
        notes.append("Dated the first day of the period.")
    if sid in _DEFAULT_META:
        dtitle, dfreq, dunit, dnotes = _DEFAULT_META[sid]
        return SeriesMeta(id=sid, title=dtitle, source="ecb", dataset=flow, frequency=dfreq, unit=dunit,
                          url=series_url(flow, key), attribution=ATTRIBUTION, notes=dnotes)
    return SeriesMeta(id=sid, title=title, source="ecb", dataset=flow, frequency=FREQUENCIES.get(freq or "", "irregular"),
                      unit=unit, url=series_url(flow, key), attribution=ATTRIBUTION, notes=" ".join(notes))


def _flow_from(origin: str, structure_id: str | None, source: str) -> str:
    m = re.search(r"/service/data/([A-Za-z0-9_]+)/", origin)
    if m:
        return m.group(1).upper()
    if structure_id and structure_id in STRUCTURE_FLOWS:
        return STRUCTURE_FLOWS[structure_id]
    m = re.match(r"([A-Z][A-Z0-9]{1,7})[._]", Path(origin.split("?")[0]).name)
    if m:
        return m.group(1)
    raise SourceFormatError(source, origin, f"cannot tell the ECB dataflow: not in the URL, file name or structure id {structure_id!r}",
                            field="structureID")


def _check_csv_fields(text: str, ncols: int, origin: str) -> None:
    """Every record has the header's field count (pandas pads short rows silently); a short last one is a cut download."""
    counts = np.fromiter((len(r) for r in csv.reader(io.StringIO(text))), dtype=np.int64)
    bad = np.flatnonzero((counts != ncols) & (counts != 0))
    if bad.size:
        pos = int(bad[0])
        last = pos == int(np.flatnonzero(counts)[-1])
        cls = TruncatedFileError if last and counts[pos] < ncols else SourceFormatError
        raise cls("ecb", origin, f"row has {counts[pos]} fields, header {ncols}" + ("; truncated download?" if last else ""),
                  line=pos + 1)


class EcbSource(Source):
    """ECB Data Portal: ``EXR`` exchange rates, ``FM`` financial markets, ``EST`` \u20acSTR (SDMX-ML / SDMX-CSV)."""

    name = "ecb"
    title = "European Central Bank (ECB Data Portal)"
    mirror_subdirs = ("ecb",)
    attribution = ATTRIBUTION
    expected_update_days = 4

    def catalog(self) -> list[SeriesMeta]:
        return [SeriesMeta(id=series_id(f, k), title=t, source="ecb", dataset=f, frequency=fr, unit=u,
                           url=series_url(f, k), attribution=ATTRIBUTION, notes=n) for f, k, t, fr, u, n in _DEFAULTS]

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        wanted = [(f, k) for f, k, *_ in _DEFAULTS]
        if series is not None:
            wanted = []
            for sid in series:
                parts = sid.split(".", 2)
                if len(parts) != 3 or parts[0] != "ECB":
                    continue  # not an ECB id: another source's business
                wanted.append((parts[1], parts[2]))
        params = {"startPeriod": pd.Timestamp(since).strftime("%Y-%m-%d")} if since is not None else {}
        return [Request(source="ecb", kind="sdmx_generic", url=f"{API}/{f}/{k}", params=dict(params),
                        description=f"ECB {f} {k} (SDMX-ML 2.1 generic)") for f, k in wanted]

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = Path(mirror) / "ecb"
        if not d.is_dir():
            return []
        out = []
        for p in sorted(d.iterdir()):
            if p.suffix.lower() == ".xml":
                out.append(MirrorFile(p, "sdmx_generic"))
            elif p.suffix.lower() == ".csv":
                out.append(MirrorFile(p, "ecb_csv"))
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind == "sdmx_generic":
            return self._parse_sdmx(raw, origin)
        if kind == "ecb_csv":
            return self._parse_csv(raw, origin)
        raise ValueError(f"ecb: unknown parser kind {kind!r}")

    def _parse_sdmx(self, raw: bytes, origin: str) -> ParseResult:
        g = read_generic(raw, "ecb", origin)
        flow = _flow_from(origin, g.structure_id, "ecb")
        metas = [_meta(flow, s.key_string, s.key, s.attributes, s.freq) for s in g.series]
        obs = g.observations
        ids = np.array([m.id for m in metas], dtype=object)
        frame = pd.DataFrame({"series_id": ids[obs["series"].to_numpy()] if len(obs) else np.array([], dtype=object),
                              "date": obs["date"].to_numpy(), "value": obs["value"].to_numpy()})
        frame = frame.sort_values(["series_id", "date"], kind="stable", ignore_index=True) if len(frame) else empty_observations()
        return ParseResult(source="ecb", origin=origin, observations=frame, series={m.id: m for m in metas},
                           vintage=g.prepared)

    def _parse_csv(self, raw: bytes, origin: str) -> ParseResult:
        text = decode_text(raw, "ecb", origin)
        try:
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except pd.errors.ParserError as exc:
            m = re.search(r"line (\d+)", str(exc))
            raise SourceFormatError("ecb", origin, f"malformed CSV: {exc}", line=int(m.group(1)) if m else None) from None
        except pd.errors.EmptyDataError:
            raise SourceFormatError("ecb", origin, "no header line", line=1) from None
        for col in ("KEY", "TIME_PERIOD", "OBS_VALUE"):
            if col not in df.columns:
                raise MissingColumnError("ecb", origin, f"column {col!r} missing (header: {', '.join(df.columns[:10])})",
                                         line=1, field=col)
        if not len(df):
            return ParseResult(source="ecb", origin=origin, observations=empty_observations(), series={})
        lines = np.arange(len(df), dtype=np.int64) + 2
        _check_csv_fields(text, len(df.columns), origin)
        keys = df["KEY"].str.strip()
        dates = parse_periods(df["TIME_PERIOD"], lines, "ecb", origin, field="TIME_PERIOD")
        values = parse_values(df["OBS_VALUE"], lines, "ecb", origin, field="OBS_VALUE")
        codes, uniq = pd.factorize(keys)
        check_unique(codes.astype(np.int64), dates, lines, "ecb", origin, labels=list(uniq))
        metas: dict[str, SeriesMeta] = {}
        dim_cols = list(df.columns[1:list(df.columns).index("TIME_PERIOD")])
        first = pd.Series(np.arange(len(df))).groupby(codes).first().to_numpy()
        for code, pos in enumerate(first):
            row = df.iloc[int(pos)]
            flow, _, key = uniq[code].partition(".")
            if not key:
                raise SourceFormatError("ecb", origin, f"KEY {uniq[code]!r} is not FLOW.KEY", line=int(lines[pos]), field="KEY")
            dims = {c: row[c] for c in dim_cols}
            attrs = {c: row[c] for c in ("TITLE", "TITLE_COMPL", "UNIT") if c in df.columns and row[c]}
            m = _meta(flow, key, dims, attrs, row.get("FREQ"))
            metas[m.id] = m
        frame = pd.DataFrame({"series_id": ("ECB." + keys).to_numpy(dtype=object), "date": dates, "value": values})
        frame = frame.sort_values(["series_id", "date"], kind="stable", ignore_index=True)
        return ParseResult(source="ecb", origin=origin, observations=frame, series=metas)


SOURCE = EcbSource()
