"""Typed results: a frame and its :class:`Provenance`.

Every analytics view returns a frame whose provenance (which series it read, from which sources, in which
units, its latest observation, when that value became known, the vintage, the method) is described by one
:class:`Provenance`.  :class:`Result` pairs the two; ``ustmon.result(group, name)`` returns one.

For pandas users the frame's ``.attrs`` *mirror* the provenance as plain dicts (``.attrs`` is experimental in
pandas and is copied or dropped by many operations, so code inside ustmon reads provenance through
:func:`provenance_of` and writes it through :func:`attach` / :func:`carry`, never by key).  The keys of that
mirror are defined here, once:

``attrs["provenance"]`` -> ``{"series": {id: {...}}, "sources", "latest_observation", "known_since",
"latest_vintage", "as_of", "modes", "coverage"}``; ``attrs["units"]`` -> column -> unit;
``attrs["description"]``; ``attrs["method"]`` (only when there is one).

This module imports only pandas (lazily) and the standard library: every layer may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Iterable, Mapping

#: the keys of the ``.attrs`` mirror (the only place they are spelled)
PROVENANCE = "provenance"
UNITS = "units"
DESCRIPTION = "description"
METHOD = "method"
#: attrs keys that belong to the typed provenance; any other key (``sample``, ``note``, ...) is carried as is
OWN_KEYS = (PROVENANCE, UNITS, DESCRIPTION, METHOD)


@dataclass(frozen=True)
class SeriesProvenance:
    """Where one input series (or record dataset, ``records:<name>``) comes from."""

    series_id: str
    source: str = ""
    dataset: str = ""
    unit: str = ""
    title: str = ""
    attribution: str = ""
    url: str = ""
    frequency: str = ""
    latest_vintage: str | None = None
    as_of: str | None = None
    known_since: str | None = None
    known_since_exact: bool | None = None
    modes: tuple[str, ...] = ()
    coverage: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], series_id: str | None = None) -> "SeriesProvenance":
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names and v is not None}
        kw["series_id"] = str(d.get("series_id") or series_id or "")
        for k in ("source", "dataset", "unit", "title", "attribution", "url", "frequency"):
            if k in kw:
                kw[k] = str(kw[k])
        for k in ("latest_vintage", "as_of", "known_since"):
            if k in kw:
                kw[k] = str(kw[k])
        kw["modes"] = tuple(d.get("modes") or ())
        return cls(**kw)

    def to_dict(self) -> dict:
        """The plain dict of the ``.attrs`` mirror (the shape ``ustmon.get(...).attrs["provenance"]`` has)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["modes"] = list(self.modes)
        if out["coverage"] is None:
            del out["coverage"]
        return out


@dataclass(frozen=True)
class Provenance:
    """Where a result comes from: its input series, their sources, units per column, latest observation,
    when that value became known, the vintage, the method and the coverage."""

    series: Mapping[str, SeriesProvenance] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    units: Mapping[str, str] = field(default_factory=dict)
    latest_observation: str | None = None
    known_since: str | None = None
    latest_vintage: str | None = None
    as_of: str | None = None
    modes: tuple[str, ...] = ()
    method: str = ""
    description: str = ""
    coverage: str | None = None

    # ------------------------------------------------------------------ building
    @classmethod
    def collect(cls, *inputs: Any, units: Mapping[str, str] | None = None, description: str = "",
                method: str = "", latest_observation: str | None = None) -> "Provenance":
        """Merge the provenance of input Series/DataFrames (or :class:`Provenance` objects)."""
        series: dict[str, SeriesProvenance] = {}
        for obj in inputs:
            if isinstance(obj, Provenance):
                series.update(obj.series)
                continue
            if isinstance(obj, SeriesProvenance):
                series[obj.series_id] = obj
                continue
            series.update(_series_of(getattr(obj, "attrs", {}).get(PROVENANCE, {})))
        return cls.from_series(series, units=units, description=description, method=method,
                               latest_observation=latest_observation)

    @classmethod
    def from_series(cls, series: Mapping[str, SeriesProvenance], **kw) -> "Provenance":
        # attributions can bundle credits ("FRED ...; Source: Federal Reserve Bank of New York"): list each once
        sources = tuple(sorted({part.strip().removeprefix("Source: ").strip()
                                for p in series.values() for part in (p.attribution or p.source).split(";")
                                if part.strip()}))
        vintages = [p.latest_vintage for p in series.values() if p.latest_vintage]
        known = [p.known_since for p in series.values() if p.known_since]
        modes = tuple(sorted({m for p in series.values() for m in p.modes}))
        as_of = next((p.as_of for p in series.values() if p.as_of), None)
        coverage = "; ".join(f"{sid}: {p.coverage}" for sid, p in series.items() if p.coverage) or None
        return cls(series=dict(series), sources=sources, units=dict(kw.get("units") or {}),
                   latest_observation=kw.get("latest_observation"), known_since=max(known) if known else None,
                   latest_vintage=max(vintages) if vintages else None, as_of=as_of, modes=modes,
                   method=kw.get("method") or "", description=kw.get("description") or "", coverage=coverage)

    def with_(self, **changes) -> "Provenance":
        """A copy with some fields changed (``prov.with_(latest_observation="2025-12-31")``)."""
        return replace(self, **changes)

    # ------------------------------------------------------------------ the .attrs mirror
    def to_attrs(self) -> dict:
        """The ``.attrs`` mirror: plain dicts and lists only."""
        prov = {
            "series": {sid: p.to_dict() for sid, p in self.series.items()},
            "sources": list(self.sources),
            "latest_vintage": self.latest_vintage,
            "as_of": self.as_of,
            "modes": list(self.modes),
            "latest_observation": self.latest_observation,
            "known_since": self.known_since,
        }
        if self.coverage:
            prov["coverage"] = self.coverage
        out = {PROVENANCE: prov, UNITS: dict(self.units), DESCRIPTION: self.description}
        if self.method:
            out[METHOD] = self.method
        return out

    def to_json(self) -> dict:
        """JSON-ready provenance (what ``--format json`` and the web API print)."""
        d = self.to_attrs()[PROVENANCE]
        return {**d, "units": dict(self.units), "description": self.description, "method": self.method}

    @classmethod
    def from_attrs(cls, attrs: Mapping[str, Any]) -> "Provenance":
        """Read the ``.attrs`` mirror back (also the per-column dict of ``ustmon.get_frame`` and a Series'
        own provenance)."""
        prov = attrs.get(PROVENANCE, {}) or {}
        series = _series_of(prov)
        base = cls.from_series(series)
        top = prov if "series" in prov else {}
        return replace(
            base,
            sources=tuple(top.get("sources") or base.sources),
            latest_vintage=top.get("latest_vintage", base.latest_vintage),
            as_of=top.get("as_of", base.as_of),
            modes=tuple(top.get("modes") or base.modes),
            latest_observation=top.get("latest_observation"),
            known_since=top.get("known_since", base.known_since),
            coverage=top.get("coverage", base.coverage),
            units=dict(attrs.get(UNITS) or {}),
            description=str(attrs.get(DESCRIPTION) or ""),
            method=str(attrs.get(METHOD) or ""),
        )

    def summary(self) -> str:
        """One line: sources, series, latest observation, vintage (the line printed under every table)."""
        ids = sorted(self.series)
        more = len(ids) - 12
        line = (f"Sources: {'; '.join(self.sources)}. Series: {', '.join(ids[:12])}"
                f"{f' and {more} more' if more > 0 else ''}.")
        line += f" Latest observation {self.latest_observation}; vintage {str(self.latest_vintage)[:10]}"
        if self.as_of:
            line += f"; as of {self.as_of}"
        if "snapshot" in self.modes:
            line += "; data from ustmon's bundled offline snapshot"
        return line + "."


def _series_of(prov: Mapping[str, Any]) -> dict[str, SeriesProvenance]:
    """Series provenance found in one ``attrs["provenance"]``: a Series' own, a frame's per-column dict,
    or a result's ``{"series": {...}}``."""
    out: dict[str, SeriesProvenance] = {}
    if not isinstance(prov, Mapping):
        return out
    if "series_id" in prov:
        out[str(prov["series_id"])] = SeriesProvenance.from_dict(prov)
        return out
    for k, v in prov.items():
        if k == "series" and isinstance(v, Mapping):
            out.update({sid: p if isinstance(p, SeriesProvenance) else SeriesProvenance.from_dict(p, sid)
                        for sid, p in v.items()})
        elif isinstance(v, Mapping) and "series_id" in v:
            out[k] = SeriesProvenance.from_dict(v, k)
    return out


def provenance_of(obj: Any) -> Provenance:
    """The :class:`Provenance` of a frame or series (read from its ``.attrs`` mirror), or of a :class:`Result`."""
    if isinstance(obj, Result):
        return obj.provenance
    return Provenance.from_attrs(getattr(obj, "attrs", {}) or {})


def attach(frame, prov: Provenance):
    """Write ``prov`` into ``frame.attrs`` (the mirror), keeping attrs keys it does not own; returns ``frame``."""
    keep = {k: v for k, v in (frame.attrs or {}).items() if k not in OWN_KEYS}
    frame.attrs = {**keep, **prov.to_attrs()}
    return frame


def carry(src, dst, **changes):
    """Give ``dst`` the attrs of ``src`` (pandas drops or deep-copies them on many operations), optionally
    changing provenance fields (``carry(full, tail, latest_observation="2025-12-31")``); returns ``dst``."""
    if not changes:  # verbatim: a series keeps its own flat provenance, a frame its mirror
        dst.attrs = dict(src.attrs or {})
        return dst
    dst.attrs = {k: v for k, v in (src.attrs or {}).items() if k not in OWN_KEYS}
    return attach(dst, provenance_of(src).with_(**changes))


@dataclass
class Result:
    """A view's or model's output: ``frame`` (pandas) and its typed ``provenance``."""

    frame: Any
    provenance: Provenance

    @classmethod
    def of(cls, frame) -> "Result":
        """A Result from a frame carrying the ``.attrs`` mirror."""
        return cls(frame, provenance_of(frame))

    def to_frame(self):
        """The frame with ``.attrs`` mirroring the provenance (plain dicts), for pandas users."""
        out = self.frame.copy()
        return attach(out, self.provenance)

    @property
    def units(self) -> dict[str, str]:
        return dict(self.provenance.units)

    def summary(self) -> str:
        """A few lines: shape, columns with units, description, provenance, method."""
        f = self.frame
        cols = ", ".join(f"{c} ({self.provenance.units[c]})" if c in self.provenance.units else str(c)
                         for c in f.columns)
        lines = [f"{len(f):,} rows; columns: {cols}"]
        if self.provenance.description:
            lines.append(self.provenance.description)
        lines.append(self.provenance.summary())
        if self.provenance.method:
            lines.append(f"Method: {self.provenance.method}")
        return "\n".join(lines)

    def __repr__(self) -> str:  # pragma: no cover - convenience
        return f"Result({len(self.frame)} rows x {len(self.frame.columns)} columns)"


def iter_series(prov: Provenance) -> Iterable[SeriesProvenance]:
    return prov.series.values()


__all__ = ["Provenance", "SeriesProvenance", "Result", "provenance_of", "attach", "carry", "PROVENANCE", "UNITS",
           "DESCRIPTION", "METHOD"]
