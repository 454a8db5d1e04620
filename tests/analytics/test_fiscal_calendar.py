"""Calendar-shift adjustment of the 12-month deficit: flags from the calendar, the shift size recovered from
SYNTHETIC deficits, and the mirror's FRED MTSDS133FMS (fred/MTSDS133FMS_thru-2024-10_DATEheader.csv)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ustmon.analytics import fiscal
from ustmon.analytics.base import Data


def test_shift_days():
    # 2023-10-01 Sunday, 2024-09-01 Sunday, 2024-06-01 Saturday, every 1 January; 2024-10-01 Tuesday
    months = pd.DatetimeIndex(["2023-10-01", "2024-09-01", "2024-06-01", "2025-01-01", "2024-10-01"])
    assert list(fiscal.first_is_shift_day(months)) == [True, True, True, True, False]
    ind = fiscal.calendar_shift_indicator(pd.DatetimeIndex(["2023-09-01", "2023-10-01", "2024-08-01"]))
    assert list(ind) == [1, -1, 1]  # September 2023 paid October's; October lost them; August 2024 paid September's


def test_synthetic_shift_is_recovered():
    """SYNTHETIC: seasonal deficits plus 60bn moved by each shift, small noise -> S close to 60."""
    idx = pd.date_range("2012-01-01", "2024-12-01", freq="MS")
    rng = np.random.default_rng(0)
    season = np.tile(np.linspace(-150, 50, 12), len(idx) // 12 + 1)[: len(idx)]
    x = fiscal.calendar_shift_indicator(idx).to_numpy()
    d = pd.Series(season - 60.0 * x + rng.normal(0, 3, len(idx)), index=idx)
    s, se, n = fiscal.estimate_shift(d)
    assert s == pytest.approx(60.0, abs=2.0) and se < 2.0 and n == 120 - 22


def test_calendar_view_on_the_mirror(mirror_store):
    with Data(mirror_store) as d:
        out = fiscal.calendar(d)
    s = out["shift_estimate"].iloc[-1]
    assert 30 < s < 120  # one month of first-of-month benefit and pay payments, $bn
    se = out["shift_standard_error"].iloc[-1]
    assert 0 < se < s / 3  # estimated, and clearly different from zero
    assert f"S = {s:.1f}bn (standard error {se:.1f}bn)" in out.attrs["method"]
    assert {"deficit_12m", "deficit_12m_adjusted"} <= set(out.columns)  # published and adjusted, side by side
    # FY2024 (12 months to September 2024) began with October 2023, whose payments were made on Friday
    # 2023-09-29 (1 October was a Sunday): the published window misses one month of them
    row = out.loc["2024-09-01"]
    assert row["window_effect"] == -1
    assert row["deficit_12m_adjusted"] == pytest.approx(row["deficit_12m"] - s)
    # the published 12-month sum is the file's: June 2020 alone was -864,074.06849171 $mn
    assert out.loc["2020-06-01", "deficit"] == pytest.approx(-864.07406849171)
    # windows whose shifts cancel are unchanged
    assert out.loc["2024-04-01", "deficit_12m_adjusted"] == out.loc["2024-04-01", "deficit_12m"]
