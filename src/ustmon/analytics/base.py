"""Shared plumbing for analytics: reading inputs and attaching provenance.

``Data`` is what an analysis reads: a store path, an optional ``as_of`` date
(vintages) and ``start``.  Analyses call ``data.frame([...])`` /
``data.series(id)`` / ``data.records("auctions")``; the provenance of every
input is collected and attached to the result by :func:`finish`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from ..errors import UnknownSeriesError
from ..context import store_path as _store_path
from ..store import Store
from ..results import PROVENANCE, Provenance, attach, carry


@dataclass
class Data:
    """Inputs of an analysis: a store (path; ``None`` = :func:`ustmon.context.store_path`), ``as_of`` (vintage date)
    and ``start``."""

    store_path: Path | None = None
    as_of: pd.Timestamp | None = None
    start: pd.Timestamp | None = None
    _store: Store | None = field(default=None, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    def _st(self) -> Store:
        if self._store is None:
            self._store = Store(_store_path(self.store_path), read_only=True)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> "Data":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def many(self, series_ids: Iterable[str], *, start=None, optional: bool = False,
             full_history: bool = False) -> dict[str, pd.Series]:
        """Several series in one store query, cached; ``full_history`` ignores ``start``."""
        first = None if full_history else (start if start is not None else self.start)
        ids = list(dict.fromkeys(series_ids))
        want = [i for i in ids if (i, first) not in self._cache]
        if want:
            got = self._st().get_many(want, start=first, as_of=self.as_of, optional=optional)
            for sid, ser in got.items():
                self._cache[(sid, first)] = ser
        return {i: self._cache[(i, first)] for i in ids if (i, first) in self._cache}

    def at_dates(self, series_ids: Iterable[str], dates) -> dict[str, pd.Series]:
        """The stored values of several series on the given dates only (one query; ids not in the store are
        left out): for look-ups on a few hundred days, such as the curve on each auction day."""
        return self._st().get_many(series_ids, as_of=self.as_of, optional=True, dates=dates)

    def series(self, series_id: str, *, start=None) -> pd.Series:
        return self.many([series_id], start=start)[series_id]

    def has(self, series_id: str) -> bool:
        return series_id in self._st().series_ids()  # one catalog read per Data, not one query per id

    def frame(self, series_ids: Iterable[str], *, start=None, optional: bool = False) -> pd.DataFrame:
        """Series side by side; with ``optional`` missing ids are left out instead of raising."""
        cols = self.many(series_ids, start=start, optional=optional)
        df = pd.DataFrame(cols)
        df.index.name = "date"
        df.attrs["provenance"] = {sid: s.attrs["provenance"] for sid, s in cols.items()}
        return df

    def ids(self, prefix: str) -> list[str]:
        return [r[0] for r in self._st().con.execute(
            "SELECT id FROM series WHERE id LIKE ? ORDER BY id", [prefix + "%"]).fetchall()]

    def records(self, dataset: str) -> pd.DataFrame:
        return self._st().records(dataset, as_of=self.as_of)

    def require(self, series_id: str) -> None:
        if not self.has(series_id):
            raise UnknownSeriesError(f"{series_id} is not in the store; run `ustmon update` for its source")


def iso_days(values: pd.Series) -> pd.Series:
    """ISO dates, with or without a time (``2022-05-02T00:00:00.000``), as datetimes; anything else NaT.

    The explicit format skips pandas' per-call format guessing, most of the cost on ten thousand records.
    """
    return pd.to_datetime(values.astype(str).str.slice(0, 10), format="%Y-%m-%d", errors="coerce")


def collect_provenance(*inputs: pd.Series | pd.DataFrame) -> dict:
    """Merge the provenance of input Series/DataFrames into one summary: the plain-dict ``.attrs`` mirror
    of :meth:`ustmon.results.Provenance.collect` (kept for callers that edit the dict)."""
    return Provenance.collect(*inputs).to_attrs()[PROVENANCE]


def finish(result: pd.DataFrame, *inputs: pd.Series | pd.DataFrame, units: dict[str, str] | None = None,
           description: str = "", method: str = "") -> pd.DataFrame:
    """Attach provenance, column units and a description to an analysis result: the one place a view's
    :class:`~ustmon.results.Provenance` is built (mirrored into ``.attrs``; read it with
    :func:`ustmon.results.provenance_of`)."""
    dates = result.index if isinstance(result.index, pd.DatetimeIndex) else (
        pd.to_datetime(result["date"]) if "date" in result.columns else None)
    latest = None if dates is None or len(dates) == 0 else str(pd.Timestamp(dates.max()).date())
    prov = Provenance.collect(*inputs, units=units, description=description, method=method,
                              latest_observation=latest)
    return attach(result, prov)


def dated(result: pd.DataFrame, latest_observation) -> pd.DataFrame:
    """Set the latest observation of a finished result whose rows are not dated by a ``date`` index or column
    (auctions by ``auction_date``, a profile by ``record_date``); returns ``result``."""
    day = None if latest_observation is None else str(pd.Timestamp(latest_observation).date())
    return carry(result, result, latest_observation=day)


#: a command-line view: (Data, options) -> DataFrame
View = Callable[..., pd.DataFrame]
