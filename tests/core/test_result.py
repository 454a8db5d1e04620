"""The typed result: Provenance built from inputs, mirrored into .attrs and read back unchanged."""

from __future__ import annotations

import pandas as pd

import ustmon
from ustmon.analytics.base import finish
from ustmon.results import Provenance, Result, carry, provenance_of


def _series(sid: str, known: str, vintage: str) -> pd.Series:
    # SYNTHETIC: two observations with the provenance the store attaches
    s = pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2024-01-31", "2024-02-29"], name="date"), name=sid)
    s.attrs["provenance"] = {"series_id": sid, "title": sid, "source": "fred", "dataset": "d", "unit": "pct",
                             "frequency": "M", "url": "u", "attribution": "FRED; Source: Board", "modes": ["mirror"],
                             "latest_vintage": vintage, "as_of": None, "known_since": known,
                             "known_since_exact": True}
    return s


def test_finish_builds_provenance_and_mirrors_it():
    a, b = _series("A", "2024-03-05", "2024-03-06"), _series("B", "2024-03-10", "2024-03-11")
    out = finish(pd.DataFrame({"x": a + b}), a, b, units={"x": "pct"}, description="d", method="m")
    prov = provenance_of(out)
    assert isinstance(prov, Provenance)
    assert set(prov.series) == {"A", "B"} and prov.sources == ("Board", "FRED")
    assert prov.latest_observation == "2024-02-29" and prov.known_since == "2024-03-10"
    assert prov.latest_vintage == "2024-03-11" and prov.units == {"x": "pct"} and prov.method == "m"
    # the mirror is plain dicts, in the shape readers of .attrs expect
    assert out.attrs["provenance"]["series"]["A"]["unit"] == "pct" and out.attrs["units"] == {"x": "pct"}
    assert provenance_of(Result.of(out).to_frame()) == prov


def test_carry_keeps_a_series_provenance_and_can_change_one_field():
    a = _series("A", "2024-03-05", "2024-03-06")
    assert carry(a, a * 2).attrs["provenance"]["unit"] == "pct"
    out = finish(pd.DataFrame({"x": a}), a)
    moved = carry(out, out.tail(1), latest_observation="2024-02-01")
    assert provenance_of(moved).latest_observation == "2024-02-01" and set(provenance_of(moved).series) == {"A"}


def test_result_summary_and_api_result(mirror_store):
    res = ustmon.result("curve", "spreads", start="2024-12-31", store=mirror_store)
    assert isinstance(res, Result) and res.units["spread_10y_2y_bp"] == "bp"
    # 2024-12-31: DGS10 4.58 - DGS2 4.25 = 0.33 pp (fred/DGS10.csv, fred/DGS2.csv; data README cross-check 4)
    assert round(res.frame.loc["2024-12-31", "spread_10y_2y_pp"], 6) == 0.33
    text = res.summary()
    assert "spread_10y_2y_bp (bp)" in text and "DGS10" in text
    assert "DGS10" in res.provenance.series and res.provenance.series["DGS10"].source == "fred"
