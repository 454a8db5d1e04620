"""Small helpers shared by the source tests (importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

import pandas as pd


def obs_value(res, series_id: str, date: str) -> float:
    """The one value a ParseResult has for ``series_id`` on ``date`` (fails if there is not exactly one)."""
    o = res.observations
    v = o.loc[(o.series_id == series_id) & (o.date == pd.Timestamp(date)), "value"]
    assert len(v) == 1, (series_id, date)
    return float(v.iloc[0])
