"""FastAPI application generated from :data:`ustmon.views.REGISTRY` (see :mod:`ustmon.web`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Optional

from fastapi import FastAPI, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from ..errors import CoverageError, UnknownSeriesError, UstmonError
from ..views import REGISTRY, ViewSpec, spec

_TYPES: dict[str, Any] = {"float": float, "int": int, "str": str, "bool": bool, "date": dt.datetime}


class ColumnModel(BaseModel):
    name: str = Field(description="Column name (a regular expression when pattern is true)")
    kind: str = Field(description="float, int, str, bool or date")
    unit: str = Field(description="Unit code (ustmon.units); empty for labels and dates")
    description: str
    pattern: bool
    optional: bool


class ViewModel(BaseModel):
    group: str
    name: str
    summary: str
    index: Optional[str] = Field(description="'date' when rows are dated by the index, else none")
    columns: list[ColumnModel]
    path: str


class SeriesProvenanceModel(BaseModel):
    model_config = ConfigDict(extra="allow")
    series_id: str
    source: str
    dataset: str
    unit: str
    title: str
    attribution: str
    url: str
    latest_vintage: Optional[str] = None
    known_since: Optional[str] = None
    known_since_exact: Optional[bool] = None
    modes: list[str] = []


class ProvenanceModel(BaseModel):
    model_config = ConfigDict(extra="allow")
    series: dict[str, SeriesProvenanceModel]
    sources: list[str]
    latest_observation: Optional[str] = None
    known_since: Optional[str] = Field(None, description="When the latest value became known")
    latest_vintage: Optional[str] = None
    as_of: Optional[str] = None
    modes: list[str] = []
    method: str = ""


class Problem(BaseModel):
    detail: str


def _field_name(col: str) -> str:
    """A Python identifier for a column (``10y`` -> ``c_10y``), the column itself as alias."""
    name = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in col)
    return name if name.isidentifier() and not name.startswith("_") and name not in ("model_config",) else f"c_{name}"


def row_model(vs: ViewSpec) -> type[BaseModel]:
    """One row of a view: a field per declared column (type, unit and description in the schema); pattern
    columns are listed in the schema's ``patternProperties``."""
    fields: dict[str, Any] = {}
    if vs.index == "date":
        fields["date"] = (Optional[dt.datetime], Field(None, description="Observation date (the view's index)"))
    patterns = {}
    for c in vs.columns:
        desc = c.description + (f" [unit: {c.unit}]" if c.unit else "")
        if c.pattern:
            patterns[c.name] = {"type": {"float": "number", "int": "integer", "str": "string", "bool": "boolean",
                                         "date": "string"}[c.kind], "description": desc, "x-unit": c.unit}
            continue
        fields[_field_name(c.name)] = (Optional[_TYPES[c.kind]],
                                       Field(None, alias=c.name, description=desc,
                                             json_schema_extra={"x-unit": c.unit} if c.unit else None))
    extra = {"patternProperties": patterns} if patterns else None
    cls_name = "".join(p.capitalize() for p in f"{vs.group}_{vs.name}".replace("-", "_").split("_")) + "Row"
    return create_model(cls_name, __config__=ConfigDict(extra="allow" if patterns else "ignore",
                                                          populate_by_name=True, json_schema_extra=extra), **fields)


def response_model(vs: ViewSpec) -> type[BaseModel]:
    row = row_model(vs)
    units_desc = "; ".join(f"{c.name}: {c.unit}" for c in vs.columns if c.unit)
    name = row.__name__.removesuffix("Row") + "View"
    return create_model(name,
                        description=(str, Field(description="What the view shows")),
                        units=(dict[str, str], Field(description=f"Unit per column ({units_desc})")),
                        provenance=(ProvenanceModel, ...),
                        data=(list[row], Field(description=vs.summary)))


def _views_payload() -> list[dict]:
    return [{**v.to_dict(), "path": f"/api/views/{v.group}/{v.name}"} for v in REGISTRY.values()]


def _serve(vs: ViewSpec, store: Path | None, as_of: str | None, start: str | None) -> JSONResponse:
    from ..analytics.base import Data
    from ..context import BadOptionError, parse_date, store_path
    from ..render.table import json_payload
    from ..update import ensure_store
    from ..views import run_view

    try:
        as_of_ts, start_ts = parse_date(as_of, "as_of"), parse_date(start, "start")
    except BadOptionError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    try:
        path = ensure_store(store_path(store))
        with Data(path, as_of=as_of_ts, start=start_ts) as data:
            result = run_view(vs.group, vs.name, data)
    except (CoverageError, UnknownSeriesError) as exc:  # inputs do not cover the view: refused with the reason
        return JSONResponse({"detail": str(exc)}, status_code=422)
    return JSONResponse(json_payload(result))


def create_app(store: Path | str | None = None) -> FastAPI:
    """The web API over ``store`` (default: :func:`ustmon.context.store_path` at each request)."""
    app = FastAPI(title="ustmon", description="US Treasury market views from official public data, with "
                  "provenance. Generated from the view registry (ustmon.views).", version=_version())
    store = Path(store) if store else None

    @app.get("/api/views", response_model=list[ViewModel], summary="The view registry")
    def list_views():
        return _views_payload()

    for vs in REGISTRY.values():
        def make(vs: ViewSpec):
            def endpoint(as_of: Optional[str] = Query(None, description="As known on this date (YYYY-MM-DD)"),
                         start: Optional[str] = Query(None, description="First date (YYYY-MM-DD)")):
                return _serve(vs, store, as_of, start)

            endpoint.__name__ = f"view_{vs.group}_{vs.name}".replace("-", "_")
            return endpoint

        app.get(f"/api/views/{vs.group}/{vs.name}", response_model=response_model(vs), summary=vs.summary,
                tags=[vs.group], responses={400: {"model": Problem}, 422: {"model": Problem}})(make(vs))

    @app.get("/api/views/{group}/{name}", include_in_schema=False)
    def unknown_view(group: str, name: str):
        try:
            spec(group, name)
        except UstmonError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return JSONResponse({"detail": "not found"}, status_code=404)  # pragma: no cover

    return app


def _version() -> str:
    from .. import __version__

    return __version__
