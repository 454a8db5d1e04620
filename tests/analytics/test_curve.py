"""Curve analytics against published figures (sources cited per assertion)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ustmon.analytics import curve
from ustmon.analytics.base import Data


@pytest.fixture(scope="module")
def data(mirror_store):
    with Data(mirror_store) as d:
        yield d


def test_par_curve_and_h15_on_2024_12_31(data):
    # Data README cross-check 4 (Treasury Daily Par Yield Curve and FRED H.15, 2024-12-31):
    # 2y 4.25, 10y 4.58, 30y 4.78.
    y = curve.yields(data).loc["2024-12-31"]
    assert (y["2y"], y["10y"], y["30y"]) == (4.25, 4.58, 4.78)
    par = curve._par_yields(data).loc["2024-12-31"]
    assert (par["2y"], par["10y"], par["30y"]) == (4.25, 4.58, 4.78)


def test_computed_spreads_equal_fred_t10y2y_t10y3m(data):
    # FRED defines T10Y2Y = DGS10 - DGS2 and T10Y3M = DGS10 - DGS3MO (FRED series notes).
    sp = curve.spreads(data)
    both = sp.dropna(subset=["spread_10y_2y_pp", "fred_t10y2y_pp"])
    assert len(both) > 10_000
    # The copies come from different FRED downloads (vintages): 3 of 12,407 days (1990-11-21, 1991-01-29,
    # 1995-11-29) differ by 1-2 bp, so the documented tolerance is: at most 0.1% of days differ.
    off = (both["spread_10y_2y_pp"] - both["fred_t10y2y_pp"]).abs() > 0.005
    assert off.mean() < 0.001
    both = sp.dropna(subset=["spread_10y_3m_pp", "fred_t10y3m_pp"])
    assert np.allclose(both["spread_10y_3m_pp"], both["fred_t10y3m_pp"], atol=0.005)


def test_2022_2024_inversion_spell(data):
    spells = curve.inversions(data)
    s = spells[(spells["spread"] == "10y-2y") & (spells["start"].dt.year == 2022) & (spells["length_days"] > 365)]
    assert len(s) == 1
    s = s.iloc[0]
    # Start: the 2s10s closed at 0.00 on 2022-07-05 and first closed negative on 2022-07-06 (FRED T10Y2Y);
    # press dated the inversion "July 5" (GlobeSt, 2024-09-09, intraday) and "July 6, 2022" (Outsider Club);
    # the brief's "first negative close on 2022-07-05?" is one day early: 07-05 was a zero close.
    assert s["start"] == pd.Timestamp("2022-07-06")
    # End: Reuters, "US 2/10 Treasury yield curve turns positive", 2024-09-04 (briefly positive Aug 5 intraday);
    # last negative close -0.02 on 2024-09-05 (GlobeSt 2024-09-09: "3.73% under 3.75% on the 5th"),
    # positive from 2024-09-06.
    assert s["end"] == pd.Timestamp("2024-09-05")
    assert s["first_positive_after"] == pd.Timestamp("2024-09-06")
    # Deepest: Reuters, "US 2yr/10yr yield curve hits deepest inversion in 42 years", 2023-07-03:
    # "The gap was last at -108.30 bp"; H.15 close -1.08 pp on 2023-07-03.
    assert s["deepest"] == pytest.approx(-1.08, abs=0.005)
    assert s["deepest_date"] == pd.Timestamp("2023-07-03")
    # Reuters/press: the longest 2s10s inversion on record (over 2 years, beating 624 days in 1978-80).
    assert s["length_days"] > 624


def test_inversion_spells_synthetic():
    """Synthetic series: spells, merge of short non-negative gaps, deepest point (hand-computed)."""
    idx = pd.bdate_range("2024-01-01", periods=10)
    s = pd.Series([0.1, -0.1, -0.3, 0.0, -0.2, 0.1, 0.2, 0.3, -0.05, 0.1], index=idx)
    t = curve.inversion_spells(s, merge_gap=1)
    assert list(t["start"]) == [idx[1], idx[8]]
    assert list(t["end"]) == [idx[4], idx[8]]
    assert list(t["negative_closes"]) == [3, 1]
    assert t["deepest"].iloc[0] == -0.3 and t["deepest_date"].iloc[0] == idx[2]
    assert t["first_positive_after"].iloc[0] == idx[5]
    t0 = curve.inversion_spells(s, merge_gap=0)
    assert len(t0) == 3  # the zero close on idx[3] splits the first spell


def test_highest_lowest_since_synthetic():
    """Synthetic: the last earlier date at least as high / as low as the latest value."""
    idx = pd.date_range("2020-01-01", periods=6, freq="D")
    s = pd.Series([5.0, 3.0, 4.5, 2.0, 4.8, 4.0], index=idx)
    r = curve.highest_lowest_since(s)
    assert r["highest_since"] == idx[4] and r["highest_since_value"] == 4.8
    assert r["lowest_since"] == idx[3] and r["lowest_since_value"] == 2.0
    r = curve.highest_lowest_since(s, at=idx[0])
    assert pd.isna(r["highest_since"])  # first value: a record


def test_realised_vol_synthetic():
    """Synthetic: alternating +/-1 bp changes -> std 1.095 bp (ddof=1, 21 changes), x sqrt(252)."""
    idx = pd.bdate_range("2024-01-01", periods=22)
    y = pd.DataFrame({"10y": 4.0 + 0.01 * (np.arange(22) % 2)}, index=idx)
    rv = curve.realised_vol_bp(y, windows=(21,))
    ch = np.array([1.0 if i % 2 else -1.0 for i in range(1, 22)])
    assert rv["10y_21d"].iloc[-1] == pytest.approx(ch.std(ddof=1) * np.sqrt(252), rel=1e-9)


def test_load_implied_vol_bloomberg_export(shared_data):
    # Test-only third-party file (never bundled): ICE BofA MOVE, Bloomberg export; 2-digit years, newest first.
    p = next((shared_data / "market").glob("MOVE_Index_bloomberg-export_*.csv"))
    move = curve.load_implied_vol(p)
    assert move.index.min() == pd.Timestamp("1988-04-04")
    assert move.index.max() == pd.Timestamp("2025-07-21")
    assert move.index.is_monotonic_increasing
    assert 30 < move.median() < 200  # MOVE is quoted in bp; its history sits in this band
