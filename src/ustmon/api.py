"""The Python API: tidy pandas objects from the store, with provenance in ``.attrs``.

>>> import ustmon
>>> ten_year = ustmon.get("DGS10", start="2020-01-01")          # pandas Series, percent
>>> ten_year.attrs["provenance"]["unit"]
'pct'
>>> china_first_print = ustmon.get("TIC.MFH.CN", as_of="2025-12-31")   # what was known then

The store is the one every entry point reads (:func:`ustmon.context.store_path`): ``store=`` if given,
else ``USTMON_STORE``, else ``$USTMON_HOME/ustmon.duckdb``.  On a fresh machine it is seeded from the
bundled offline snapshot the first time it is read.  Dates (``start``, ``end``, ``as_of``) that cannot be
read raise :class:`ustmon.context.BadOptionError`; a figure whose inputs do not cover it raises
:class:`ustmon.errors.CoverageError` (see :func:`view`).

``as_of=D`` is point-in-time: for each date, the latest value that had been
published on D (its *known-since* on or before D), never a value published
later.  Known-since dates come from the data (ALFRED vintages, release dates
files declare, the time a value was first fetched live) or, where the data
says nothing, from the publisher's release calendar
(:mod:`ustmon.release_calendar`).  ``.attrs["provenance"]`` carries
``known_since`` (of the latest value returned) and ``known_since_exact``
(False when that date is a calendar estimate).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from .context import parse_date, store_path
from .store import Store
from .update import ensure_store


def _path(store: Path | str | None) -> Path:
    return store_path(store)


def _dates(start, end, as_of) -> tuple:
    return parse_date(start, "start"), parse_date(end, "end"), parse_date(as_of, "as_of")


def get(series_id: str, start=None, end=None, as_of=None, *, store: Path | str | None = None) -> pd.Series:
    """One series as a float ``pd.Series`` indexed by date (latest vintage, or as known on ``as_of``).

    ``.attrs["provenance"]`` holds source, dataset, unit, url, attribution, vintage and
    ``known_since``/``known_since_exact`` of the latest value returned.
    """
    start, end, as_of = _dates(start, end, as_of)
    path = ensure_store(_path(store))
    with Store.open(path, read_only=True) as st:
        return st.get(series_id, start=start, end=end, as_of=as_of)


def get_frame(series_ids: Iterable[str], start=None, end=None, as_of=None, *,
              store: Path | str | None = None) -> pd.DataFrame:
    """Several series side by side: index=date, one column per series id."""
    start, end, as_of = _dates(start, end, as_of)
    path = ensure_store(_path(store))
    with Store.open(path, read_only=True) as st:
        return st.get_frame(list(series_ids), start=start, end=end, as_of=as_of)


def catalog(search: str | None = None, *, store: Path | str | None = None) -> pd.DataFrame:
    """The series catalog (id, title, source, unit, frequency, url, attribution, coverage)."""
    path = ensure_store(_path(store))
    with Store.open(path, read_only=True) as st:
        return st.catalog(search)


def records(dataset: str, as_of=None, *, store: Path | str | None = None) -> pd.DataFrame:
    """A record dataset such as ``"auctions"`` (one row per auction)."""
    as_of = parse_date(as_of, "as_of")
    path = ensure_store(_path(store))
    with Store.open(path, read_only=True) as st:
        return st.records(dataset, as_of=as_of)


def vintages(series_id: str, *, store: Path | str | None = None) -> pd.DataFrame:
    """Every stored value of a series with its known-since date (``vintage``) and ``exact``: the revision history."""
    path = ensure_store(_path(store))
    with Store.open(path, read_only=True) as st:
        return st.vintages(series_id)


def result(group: str, name: str | None = None, *, as_of=None, start=None, store: Path | str | None = None):
    """An analytics view as a typed :class:`ustmon.results.Result` (``frame`` and ``provenance``), as
    ``ustmon <group> [name]`` prints it: ``ustmon.result("foreign", "regions").summary()``.

    The frame is checked against the view's declaration in :mod:`ustmon.views` (columns, units).  A view whose
    inputs do not cover what it claims raises :class:`ustmon.errors.CoverageError` with the reason and the
    coverage, as the CLI, the web API and the report refuse it; an unknown group or view raises
    :class:`ustmon.views.UnknownViewError` naming the known ones."""
    from .analytics.base import Data
    from .views import run_view, spec

    vs = spec(group, name)
    as_of, start = parse_date(as_of, "as_of"), parse_date(start, "start")
    path = ensure_store(_path(store))
    with Data(path, as_of=as_of, start=start) as data:
        return run_view(group, vs.name, data)


def view(group: str, name: str | None = None, *, as_of=None, start=None,
         store: Path | str | None = None) -> pd.DataFrame:
    """An analytics view as a DataFrame (``view("foreign", "regions")``), its provenance mirrored in ``.attrs``
    (read it typed with :func:`ustmon.results.provenance_of`, or call :func:`result`)."""
    return result(group, name, as_of=as_of, start=start, store=store).to_frame()
