"""Evaluating a chart of the catalog: its view's frame, the columns it draws, or why it is not available.

Every chart reads one analytics view through :func:`view_frame` (the one door from the desk to the views)
and draws named columns of it.  A view that raises an expected error (a series not in the store;
:class:`~ustmon.errors.CoverageError` when its inputs do not cover what the chart claims) makes the chart
*not available* with that reason, the refusal the CLI prints and the Python API raises; any other error is a
bug and propagates.  A view lacking a column the chart draws raises :class:`FigureColumnError` naming the
chart, the view and the column.  There is no second computation behind a failing view.

Frames carry ``.attrs['origin']``: column -> how it derives from store series
(``{"series": (...), "op": "level"|"diff"|"lev_net_short"|"ratio_pct"|"view", "scale": k}``) so every number
quoted from them can be recomputed by a test (``op="view"``: re-read from the view, ``series = (view key,
view column)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from ..analytics.base import Data, collect_provenance
from ..errors import CoverageError, UstmonError
from ..views import ViewDeclarationError, run_view
from .i18n import t

if TYPE_CHECKING:  # pragma: no cover
    from .catalog import FigureSpec


@dataclass
class FigureResult:
    spec: "FigureSpec"
    frame: pd.DataFrame | None
    missing: str | None = None  # language-neutral reason code (an i18n key) + detail
    missing_detail: dict = field(default_factory=dict)
    via: str = ""  # the view key the frame came from ("curve:yields")


class FigureColumnError(KeyError):
    """A chart's view lacks a column the chart draws (a renamed or dropped view column): a bug, never hidden."""

    def __init__(self, figure: str, view: str, missing: list[str], available: list):
        self.figure, self.view, self.missing = figure, view, missing
        super().__init__(f"figure {figure!r}: view {view} has no column(s) {', '.join(map(repr, missing))} "
                         f"(it has {', '.join(map(str, available))})")

    def __str__(self) -> str:  # KeyError prints the repr of its argument
        return self.args[0]


# --------------------------------------------------------------------------- views
def view_key(group: str, name: str) -> str:
    return f"{group}:{name}"


def view_frame(group: str, name: str, data: Data) -> pd.DataFrame:
    """The frame of view ``name`` of analytics group ``group``, run through the view registry
    (:func:`ustmon.views.run_view`: checked against its declared columns and units, provenance typed and mirrored
    in ``.attrs``), computed once per :class:`Data`.  Every chart obtains its frame here, as the CLI, the Python
    API and the web API obtain theirs."""
    cache = data._cache.setdefault("__views__", {})
    key = view_key(group, name)
    if key not in cache:
        cache[key] = run_view(group, name, data).to_frame()
    return cache[key]


def resolve_view(key: str, data: Data) -> pd.DataFrame:
    """:func:`view_frame` of a view key ``"group:name"`` (as recorded in ``origin`` of a number)."""
    group, name = key.split(":", 1)
    return view_frame(group, name, data)


def view_exists(group: str, name: str) -> bool:
    from ..views import REGISTRY

    return (group, name) in REGISTRY


def _d(x) -> str:
    return str(pd.Timestamp(x).date())


def _prov_holder(prov: dict) -> pd.Series:
    s = pd.Series(dtype=float)
    s.attrs["provenance"] = prov
    return s


def from_view(spec: "FigureSpec", data: Data) -> pd.DataFrame:
    """The chart's columns picked from its view: every column not in ``spec.optional`` must be there."""
    try:
        src = view_frame(spec.group, spec.view_name, data)
    except ViewDeclarationError as exc:  # the view no longer returns a column this chart draws: name the chart
        drawn = [v for c, v in spec.columns.items() if c not in spec.optional and v in exc.missing]
        if drawn:
            raise FigureColumnError(spec.id, spec.view, drawn, exc.columns) from exc
        raise
    frame = spec.prepare(src) if spec.prepare else src
    absent = [v for c, v in spec.columns.items() if v not in frame.columns and c not in spec.optional]
    if absent:
        raise FigureColumnError(spec.id, spec.view, absent, list(frame.columns))
    out = pd.DataFrame({c: frame[v] for c, v in spec.columns.items() if v in frame.columns}, index=frame.index)
    out.attrs = {k: v for k, v in frame.attrs.items() if k != "origin"}
    out.attrs["provenance"] = dict(src.attrs.get("provenance", {}))
    if isinstance(out.index, pd.DatetimeIndex):  # the chart's columns may end before the view's others
        last = out.dropna(how="all").index
        latest = _d(last.max()) if len(last) else None
        stated = out.attrs["provenance"].get("latest_observation")  # a view dating its rows ahead states it
        out.attrs["provenance"]["latest_observation"] = min(latest, stated) if latest and stated else latest
    out.attrs["origin"] = {c: spec.origins.get(c, {"series": (spec.view, spec.columns[c]), "op": "view", "scale": 1.0})
                           for c in out.columns}
    # when every column is a plain function of named store series, cite only those series
    used = {sid for o in out.attrs["origin"].values() if o["op"] != "view" for sid in o["series"]}
    all_series = out.attrs["provenance"].get("series", {})
    if used and all(o["op"] != "view" for o in out.attrs["origin"].values()) and used <= set(all_series):
        prov = collect_provenance(*[_prov_holder(all_series[sid]) for sid in sorted(used)])
        prov["latest_observation"] = out.attrs["provenance"].get("latest_observation")
        out.attrs["provenance"] = prov
    out.attrs["via"] = spec.view
    return out


# --------------------------------------------------------------------------- evaluation
def evaluate(spec: "FigureSpec", data: Data) -> FigureResult:
    """The chart's frame from its view, or why not.

    Expected refusals become a visible "not available" with the reason: a chart with no public source, a
    store series it needs, :class:`~ustmon.errors.CoverageError` (reason and coverage, as the CLI prints it)
    and other :class:`~ustmon.errors.UstmonError` from the view.  Anything else is a bug and propagates.
    """
    if spec.unavailable:
        return FigureResult(spec, None, spec.unavailable, {})
    missing = [s for s in spec.inputs if not data.has(s)]
    if missing:
        return FigureResult(spec, None, "missing_series", {"ids": ", ".join(missing)})
    try:
        frame = from_view(spec, data)
    except CoverageError as exc:
        return FigureResult(spec, None, *refusal(exc))
    except UstmonError as exc:  # e.g. a series the view reads is not in the store
        return FigureResult(spec, None, "view_failed", {"view": spec.view, "error": str(exc)})
    if frame.dropna(how="all").empty:
        return FigureResult(spec, None, "no_observations", {})
    drawn = [c for c in spec.labels if c in frame.columns]
    if spec.labels and not drawn:
        raise FigureColumnError(spec.id, spec.view, list(spec.labels), list(frame.columns))
    if spec.note is not None:
        note = spec.note(frame, spec)
        if note is not None:
            frame.attrs["note"] = note
    return FigureResult(spec, frame, via=spec.view)


def refusal(exc: CoverageError) -> tuple[str, dict]:
    """The reason code and parameters of a refused figure, worded in every language by :func:`missing_text`."""
    if exc.coverage:
        return "coverage_refused", {"reason": exc.reason, "coverage": exc.coverage}
    return "coverage_refused_plain", {"reason": exc.reason}


def missing_text(res: FigureResult, lang: str) -> str:
    what = t(res.missing, lang, **res.missing_detail)
    return t("not_available", lang, what=what)


def evaluate_all(data: Data, ids: tuple[str, ...] | None = None) -> dict[str, FigureResult]:
    """Every chart of the catalog (or those in ``ids``), in catalog order."""
    from .catalog import FIGURES

    return {s.id: evaluate(s, data) for s in FIGURES if ids is None or s.id in ids}
