"""Fiscal analytics: published MTS/OMB figures on the mirror store; synthetic frames for MTS categories.

The mirror has FRED's MTSDS133FMS (monthly deficit 1980-10..2024-10), OMB
Historical Tables 1.1/1.2 (FY2017 Budget) and FRED's OMB-based FY series, but
no MTS receipts/outlays by category (Table 9/4) and no average interest rates:
those paths are tested on small synthetic frames with hand-computed results.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ustmon.analytics import fiscal
from ustmon.analytics.base import Data


@pytest.fixture(scope="module")
def data(mirror_store):
    d = Data(mirror_store)
    yield d
    d.close()


@pytest.fixture(scope="module")
def fy(data):
    return fiscal.fiscal_years(data).set_index("fiscal_year")


def test_fy2020_deficit_matches_mts_september_2020(fy):
    # Treasury, Monthly Treasury Statement for September 2020 (published 2020-10-16):
    # FY2020 deficit $3,131,917 million.  Summing FRED's monthly MTSDS133FMS gives
    # -3,132,075 $mn: the monthly prints are not revised back when later MTS editions
    # revise earlier months, so allow 0.01%.
    assert fy.loc[2020, "deficit"] == pytest.approx(-3131.917, rel=1e-4)
    # FRED FYFSD (OMB-based, same figure)
    assert fy.loc[2020, "deficit_fred_fyfsd"] == pytest.approx(-3131.917, abs=1e-6)


def test_fy2019_and_fy2024_deficits(fy):
    # MTS September 2019: FY2019 deficit $984 billion (984,388 $mn).
    assert fy.loc[2019, "deficit"] == pytest.approx(-984.0, abs=0.5)
    # MTS September 2024 (published 2024-10-10): FY2024 deficit $1,833 billion.
    # The monthly sum is -1,827.7bn: the September MTS's fiscal-year total includes
    # revisions to earlier months that the monthly series keeps at first print; 0.5%.
    assert fy.loc[2024, "deficit"] == pytest.approx(-1833.0, rel=5e-3)


def test_june_2020_monthly_deficit(data):
    # MTS June 2020: deficit $864,074 million (data README cross-check 9).
    m = fiscal.monthly(data)
    assert m.loc["2020-06-01", "deficit"] == pytest.approx(-864.074, abs=1e-3)
    assert m.attrs["units"]["deficit"] == "usd_bn"
    assert "MTSDS133FMS" in m.attrs["provenance"]["series"]


def test_fy2015_omb_and_fred_revision(fy):
    # OMB Historical Table 1.1 (FY2017 Budget): FY2015 deficit -438,406 $mn; FRED FYFSD
    # later vintage -441,960 $mn (data README cross-check 6).
    assert fy.loc[2015, "deficit_omb"] == pytest.approx(-438.406)
    assert fy.loc[2015, "deficit_fred_fyfsd"] == pytest.approx(-441.960)
    # The sum of monthly MTS prints (-433.4bn) is within 1.2% of OMB's final figure.
    assert fy.loc[2015, "deficit"] == pytest.approx(-438.406, rel=0.012)


def test_fy2015_percent_of_gdp_reproduces_omb_table_1_2(fy):
    # OMB Historical Table 1.2 (FY2017 Budget), FY2015: receipts 18.3%, outlays 20.7%
    # of GDP; FY GDP $17,803.4bn.  Our ratio = Table 1.1 dollars / Table 1.2 GDP.
    row = fy.loc[2015]
    assert row["gdp_source"] == "OMB Table 1.2"
    assert round(row["receipts_pct_gdp"], 1) == 18.3
    assert round(row["outlays_pct_gdp"], 1) == 20.7
    # deficit from OMB Table 1.1 over the same GDP: 2.5% (Table 1.2)
    assert round(100 * row["deficit_omb"] / row["gdp_fy"], 1) == -2.5


def test_fy2020_deficit_pct_gdp(fy):
    # CBO Monthly Budget Review, November 2020: FY2020 deficit 14.9% of GDP.  BEA GDP
    # was revised up since (2023 comprehensive update), so today's ratio is lower:
    # allow 0.3 pp.
    assert fy.loc[2020, "deficit_pct_gdp"] == pytest.approx(-14.9, abs=0.3)


def test_interest_fy2015_from_omb(data):
    # OMB Historical Table 3.1 / CBO: FY2015 net interest $223.2bn; outlays $3,688.3bn
    # -> 6.1% of outlays, 6.9% of receipts ($3,249.9bn).
    t = fiscal.interest(data)
    row = t.loc["2015-09-30"]
    assert row["net_interest"] == pytest.approx(223.181, abs=0.05)
    assert round(row["interest_share_of_outlays_pct"], 1) == 6.1
    assert round(row["interest_share_of_receipts_pct"], 1) == 6.9


def test_contributions_view_says_what_is_missing(data):
    from ustmon.errors import CoverageError

    with pytest.raises(CoverageError, match="missing from the store: MTS.RECEIPTS"):
        fiscal.contributions(data)


# --------------------------------------------------------------------------- synthetic
def test_synthetic_yoy_contributions():
    """SYNTHETIC: two receipt sources, 24 months of constant flows; hand-computed 12m changes."""
    idx = pd.date_range("2022-10-01", periods=24, freq="MS")
    comp = pd.DataFrame({"individual_income_tax": [10.0] * 12 + [12.0] * 12,
                         "corporate_income_tax": [5.0] * 12 + [4.0] * 12}, index=idx)
    out = fiscal.yoy_contributions(comp, "receipts")
    last = out[out["date"] == idx[-1]].set_index("component")
    # 12m levels: 144 and 48 (total 192) vs 120 and 60 (total 180)
    assert last.loc["individual_income_tax", "change_usd_bn"] == pytest.approx(24.0)
    assert last.loc["corporate_income_tax", "change_usd_bn"] == pytest.approx(-12.0)
    assert last.loc["total", "change_usd_bn"] == pytest.approx(12.0)
    assert last.loc["individual_income_tax", "contribution_pp"] == pytest.approx(100 * 24 / 180)
    assert last.loc["corporate_income_tax", "contribution_pp"] == pytest.approx(-100 * 12 / 180)
    # higher receipts narrow the deficit
    assert last.loc["total", "deficit_impact_usd_bn"] == pytest.approx(-12.0)
    # components add up to the total's % change: 12/180 = 6.67%
    parts = last.drop("total")["contribution_pp"].sum()
    assert parts == pytest.approx(100 * 12 / 180)


def test_synthetic_interest_vs_defense():
    """SYNTHETIC: interest 100, defence 80, outlays 1000, receipts 800, GDP 5000, rate 3.2%."""
    idx = pd.DatetimeIndex(["2024-09-30"])
    s = lambda v: pd.Series([v], index=idx)  # noqa: E731
    t = fiscal.interest_cost_table(s(100.0), s(1000.0), s(800.0), s(5000.0), s(80.0), s(3.2))
    row = t.iloc[0]
    assert row["interest_share_of_outlays_pct"] == pytest.approx(10.0)
    assert row["interest_share_of_receipts_pct"] == pytest.approx(12.5)
    assert row["interest_pct_gdp"] == pytest.approx(2.0)
    assert row["interest_minus_defense"] == pytest.approx(20.0)
    assert row["interest_to_defense_ratio"] == pytest.approx(1.25)
    assert row["avg_rate_marketable_pct"] == pytest.approx(3.2)


def test_synthetic_fiscal_year_and_gdp_conventions():
    """SYNTHETIC: FY = Oct..Sep; incomplete years dropped; FY GDP = mean of Q4..Q3 SAAR."""
    idx = pd.date_range("2019-10-01", periods=15, freq="MS")
    m = pd.DataFrame({"deficit": np.arange(1.0, 16.0)}, index=idx)
    fy = fiscal.fiscal_year_totals(m)
    assert list(fy.index) == [2020]
    assert fy.loc[2020, "deficit"] == pytest.approx(sum(range(1, 13)))
    gdp = pd.Series([100.0, 110.0, 120.0, 130.0], index=pd.date_range("2019-10-01", periods=4, freq="QS"))
    assert fiscal.fy_gdp_from_quarterly(gdp).loc[2020] == pytest.approx(115.0)
    # 12m % of GDP: flow 57 over average SAAR 115 (3 months at each quarter's value)
    g = fiscal.monthly_gdp_saar(gdp, idx[:12])
    assert fiscal.pct_of_gdp_12m(pd.Series(57.0, index=idx[:12]), g).iloc[-1] == pytest.approx(100 * 57 / 115)
