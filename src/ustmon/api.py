"""The Python API: tidy pandas objects from the store, with provenance in ``.attrs``.

>>> import ustmon
>>> ten_year = ustmon.get("DGS10", start="2020-01-01")          # pandas Series, percent
>>> ten_year.attrs["provenance"]["unit"]
'pct'
>>> china_first_print = ustmon.get("TIC.MFH.CN", as_of="2025-12-31")   # what was known then

On a fresh machine the store is seeded from the bundled snapshot the first
time it is read.

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

from .store import Store, default_store_path
from .update import ensure_store


def _path(store: Path | str | None) -> Path:
    return Path(store) if store else default_store_path()


def get(series_id: str, start=None, end=None, as_of=None, *, store: Path | str | None = None) -> pd.Series:
    """One series as a float ``pd.Series`` indexed by date (latest vintage, or as known on ``as_of``).

    ``.attrs["provenance"]`` holds source, dataset, unit, url, attribution, vintage and
    ``known_since``/``known_since_exact`` of the latest value returned.
    """
    path = ensure_store(_path(store))
    with Store.open(path, read_only=True) as st:
        return st.get(series_id, start=start, end=end, as_of=as_of)


def get_frame(series_ids: Iterable[str], start=None, end=None, as_of=None, *,
              store: Path | str | None = None) -> pd.DataFrame:
    """Several series side by side: index=date, one column per series id."""
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
    path = ensure_store(_path(store))
    with Store.open(path, read_only=True) as st:
        return st.records(dataset, as_of=as_of)


def vintages(series_id: str, *, store: Path | str | None = None) -> pd.DataFrame:
    """Every stored value of a series with its known-since date (``vintage``) and ``exact``: the revision history."""
    path = ensure_store(_path(store))
    with Store.open(path, read_only=True) as st:
        return st.vintages(series_id)
