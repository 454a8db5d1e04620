"""Deutsche Bundesbank time-series API: German Federal securities (Bund) yields from the term structure.

Live: ``https://api.statistiken.bundesbank.de/rest/data/BBSIS/{KEY}`` (SDMX
REST; the response is SDMX-ML 2.1 generic data, kind ``sdmx_generic``, read
by :mod:`ustmon.sources.sdmx`).  Default series: daily yields on listed
Federal securities with annual coupons derived from the Bundesbank's
(Svensson) term structure, residual maturity 2/5/10/30 years
(``D.I.ZAR.ZI.EUR.S1311.B.A604.R{02,05,10,30}XX.R.A.A._Z._Z.A``), percent.
These are fitted yields, not the yield of one bond.

Series ids are ``BBK.<FLOW>.<KEY>`` (``BBK.BBSIS.D.I.ZAR...R10XX.R.A.A._Z._Z.A``);
:data:`ALIASES` gives friendly names (``BBK.BUND.10Y``) that the catalog titles
also carry.

Missing values: the API sends every calendar day; weekend and holiday
observations have no ``ObsValue`` and ``OBS_STATUS=K`` ("no trading").  Those
are **dropped** (they are not observations of a traded market); a day with no
``ObsValue`` and any other status stays as NaN (missing stays missing).

Attribution (mandatory): "Source: Deutsche Bundesbank".
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import SourceFormatError
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations
from .sdmx import FREQUENCIES, id_column, read_generic

API = "https://api.statistiken.bundesbank.de/rest/data"
WEB = "https://www.bundesbank.de/dynamic/action/en/statistics/time-series-databases/time-series-databases/759784/759784?tsId="
ATTRIBUTION = "Source: Deutsche Bundesbank"
#: OBS_STATUS meaning "no trading day" (the observation is dropped)
NO_TRADING = "K"

_TENORS = (2, 5, 10, 30)


def _key(years: int) -> str:
    return f"D.I.ZAR.ZI.EUR.S1311.B.A604.R{years:02d}XX.R.A.A._Z._Z.A"


def series_id(flow: str, key: str) -> str:
    return f"BBK.{flow}.{key}"


#: friendly alias -> full series id
ALIASES: dict[str, str] = {f"BBK.BUND.{y}Y": series_id("BBSIS", _key(y)) for y in _TENORS}


def _default_meta(years: int) -> SeriesMeta:
    sid = series_id("BBSIS", _key(years))
    return SeriesMeta(
        id=sid,
        title=f"German Federal securities yield, {years}-year residual maturity (term structure) [alias BBK.BUND.{years}Y]",
        source="bundesbank", dataset="BBSIS", frequency="D", unit="pct", url=WEB + f"BBSIS.{_key(years)}",
        attribution=ATTRIBUTION,
        notes="Fitted (Svensson) yield on listed Federal securities with annual coupons, residual maturity "
              f"{years}.0 years; trading days only (weekend/holiday OBS_STATUS=K entries dropped).",
    )


_DEFAULTS = {m.id: m for m in (_default_meta(y) for y in _TENORS)}


def _unit(attrs: dict[str, str]) -> str:
    u = (attrs.get("UNIT_ENG") or attrs.get("BBK_UNIT") or "").strip().lower()
    mult = attrs.get("BBK_UNIT_MULT", "0")
    if u in ("percent", "prozent", "% p.a.", "percent per annum") and mult in ("0", ""):
        return "pct"
    return "as_published"


class BundesbankSource(Source):
    """Deutsche Bundesbank SDMX web service (``BBSIS`` securities statistics)."""

    name = "bundesbank"
    title = "Deutsche Bundesbank (time-series databases)"
    mirror_subdirs = ("bundesbank",)
    attribution = ATTRIBUTION
    expected_update_days = 4

    def catalog(self) -> list[SeriesMeta]:
        return list(_DEFAULTS.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        wanted: list[tuple[str, str]] = [("BBSIS", _key(y)) for y in _TENORS]
        if series is not None:
            wanted = []
            for sid in series:
                sid = ALIASES.get(sid, sid)
                parts = sid.split(".", 2)
                if len(parts) == 3 and parts[0] == "BBK":
                    wanted.append((parts[1], parts[2]))
        params = {"startPeriod": pd.Timestamp(since).strftime("%Y-%m-%d")} if since is not None else {}
        return [Request(source="bundesbank", kind="sdmx_generic", url=f"{API}/{flow}/{key}", params=dict(params),
                        description=f"Bundesbank {flow} {key} (SDMX-ML 2.1 generic)") for flow, key in wanted]

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = Path(mirror) / "bundesbank"
        if not d.is_dir():
            return []
        return [MirrorFile(p, "sdmx_generic") for p in sorted(d.glob("*.xml"))]

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind != "sdmx_generic":
            raise ValueError(f"bundesbank: unknown parser kind {kind!r}")
        g = read_generic(raw, "bundesbank", origin)
        metas: list[SeriesMeta] = []
        for s in g.series:
            full = s.attributes.get("BBK_ID")  # "BBSIS.D.I.ZAR..." when present
            if full and "." in full:
                flow, key = full.split(".", 1)
            else:
                flow = g.dataset_id or _flow_from_origin(origin)
                key = s.key_string
            sid = series_id(flow, key)
            if sid in _DEFAULTS:
                metas.append(_DEFAULTS[sid])
            else:
                metas.append(SeriesMeta(
                    id=sid, title=s.attributes.get("BBK_TITLE_ENG") or s.attributes.get("BBK_TITLE") or sid,
                    source="bundesbank", dataset=flow, frequency=FREQUENCIES.get(s.freq or "", "irregular"),
                    unit=_unit(s.attributes), url=WEB + f"{flow}.{key}", attribution=ATTRIBUTION,
                    notes="No-trading entries (OBS_STATUS=K) dropped.",
                ))
        obs = g.observations
        keep = ~((~obs["has_value"]) & (obs["obs_status"] == NO_TRADING)).to_numpy()
        dropped = int((~keep).sum())
        obs = obs[keep]
        if not len(obs):
            frame = empty_observations()
        else:
            frame = pd.DataFrame({"series_id": id_column(obs["series"].to_numpy(), [m.id for m in metas]),
                                  "date": obs["date"].to_numpy(), "value": obs["value"].to_numpy()})
            frame = frame.sort_values(["series_id", "date"], kind="stable", ignore_index=True)
        notes = [f"dropped {dropped} no-trading (OBS_STATUS=K) entries without a value"] if dropped else []
        return ParseResult(source="bundesbank", origin=origin, observations=frame, series={m.id: m for m in metas},
                           vintage=g.prepared, notes=notes)


def _flow_from_origin(origin: str) -> str:
    m = re.search(r"/rest/data/([A-Za-z0-9_]+)/", origin) or re.match(r"([A-Z][A-Z0-9]{2,7})\.", Path(origin.split("?")[0]).name)
    if not m:
        raise SourceFormatError("bundesbank", origin, "cannot tell the dataflow (no setID, BBK_ID, URL or file-name prefix)",
                                field="setID")
    return m.group(1)


SOURCE = BundesbankSource()
