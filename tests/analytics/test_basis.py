"""Basis-trade positioning against published figures (sources cited per assertion)."""

from __future__ import annotations

import pandas as pd
import pytest

from ustmon.analytics import basis
from ustmon.analytics.base import Data


@pytest.fixture(scope="module")
def data(mirror_store):
    with Data(mirror_store) as d:
        yield d


@pytest.fixture(scope="module")
def tot(data):
    return basis.totals_view(data)


@pytest.fixture(scope="module")
def pos(data):
    return basis.contracts(data)


def test_feb_2020_gross_short_2_5_10y_659bn(tot):
    # Issue 3 check, from Barth & Kahn (OFR Brief 20-01 "Basis Trades and Treasury Market Illiquidity",
    # 2020-07-16, and OFR WP 21-01): leveraged funds' gross short across the 2-, 5- and 10-year
    # contracts in February 2020 was about $659bn of face value.  Peak week: report 2020-02-18.
    feb = tot.loc["2020-02", "leveraged_fund_short_2_5_10y_usd_bn"]
    assert feb.max() == pytest.approx(659.0, abs=0.5)
    assert feb.idxmax() == pd.Timestamp("2020-02-18")


def test_feds_note_2023_08_30_table_1(tot):
    # FEDS Notes, Barth, Kahn and Mann, "Recent Developments in Hedge Funds' Treasury Futures and Repo
    # Positions: is the Basis Trade 'Back'?", 2023-08-30, Table 1, as of 4-Oct-22 (contract notional $bn):
    # levered fund Treasury shorts 2-, 5- and 10-year 304.03; total 433.77.
    r = tot.loc["2022-10-04"]
    assert r["leveraged_fund_short_2_5_10y_usd_bn"] == pytest.approx(304.03, abs=0.005)
    assert r["leveraged_fund_short_usd_bn"] == pytest.approx(433.77, abs=0.005)


def test_readme_cross_check_3(data):
    # Data README cross-check 3: 043602, report 2026-08-04: Lev_Money short 2,501,936; OI 5,265,447.
    assert data.series("CFTC.TFF.043602.LEV_MONEY.SHORT").loc["2026-08-04"] == 2_501_936
    assert data.series("CFTC.TFF.043602.OI").loc["2026-08-04"] == 5_265_447


def test_reuters_2025_01_17_ten_year_net(pos):
    # Reuters, 2025-01-17: week ended Jan. 14, leveraged funds' net short on 10-year note futures
    # 1,267,611 contracts; asset managers' net long 1,633,891.
    r = pos[(pos["date"] == "2025-01-14") & (pos["code"] == "043602")].iloc[0]
    assert r["leveraged_fund_net"] == -1_267_611
    assert r["asset_manager_net"] == 1_633_891


def test_leveraged_shorts_above_1tn(tot):
    # Fed FEDS Note "Quantifying Treasury Cash-Futures Basis Trades" (2024-03-08), Figure 2: leveraged funds'
    # short Treasury futures reached about $1 trillion by end-2023 (a chart description, so approximate; no 2023
    # TFF in the shared data).  Early 2024 must sit around and mostly above $1tn of face: the median week is;
    # quarterly roll weeks dip (2024-03-19: $957bn).
    x = tot.loc["2024-01":"2024-07", "leveraged_fund_short_usd_bn"]
    assert x.median() > 1000 and x.min() > 900


def test_dv01_and_notional_synthetic():
    """Synthetic TFF rows: face notional = contracts x face; net = long - short; 10y equivalents of a TY
    position equal its contracts (hand-computed)."""
    idx = pd.to_datetime(["2024-01-02", "2024-01-09"])
    frames = {
        "042601": pd.DataFrame({"LEV_LONG": [10.0, 10.0], "LEV_SHORT": [110.0, 60.0], "AM_LONG": [50.0, 50.0],
                                "AM_SHORT": [0.0, 0.0], "OI": [200.0, 200.0]}, index=idx),
        "043602": pd.DataFrame({"LEV_LONG": [0.0, 0.0], "LEV_SHORT": [100.0, 100.0], "AM_LONG": [0.0, 0.0],
                                "AM_SHORT": [0.0, 0.0], "OI": [100.0, 100.0]}, index=idx),
    }
    pos = basis.contract_positioning(basis.tidy_tff(frames))
    tu = pos[pos["code"] == "042601"]
    assert tu["leveraged_fund_short_usd_bn"].tolist() == pytest.approx([0.022, 0.012])
    assert tu["leveraged_fund_net"].tolist() == [-100.0, -50.0]
    assert tu["leveraged_fund_net_weekly_change"].iloc[1] == 50.0
    ty = pos[pos["code"] == "043602"]
    assert ty["leveraged_fund_net_10y_equiv"].tolist() == pytest.approx([-100.0, -100.0])
    t = basis.totals(pos)
    assert t["leveraged_fund_short_2_5_10y_usd_bn"].iloc[0] == pytest.approx(0.022 + 0.010)
    share = basis.tenor_share(pos)
    assert share.loc[idx[0], "2Y_face_pct"] == pytest.approx(22 / 32 * 100, abs=1e-3)
    # DV01 per contract: a 10-year contract carries more rate risk than a 2-year one, even at twice the face
    assert basis.contract_dv01_usd("043602") > basis.contract_dv01_usd("042601")


def test_views_state_their_sample_of_weekly_reports(mirror_store):
    """The mirror's CFTC files (data README, cftc/): all of 2016 is missing, and the 2023 zip holds 41 weekly
    reports (2023-01-03..2023-10-10).  Percentile tables must say so rather than rank against a hidden gap."""
    from ustmon.analytics import basis as B
    from ustmon.analytics.base import Data

    with Data(mirror_store) as d:
        tot = B.VIEWS["totals"](d)
    sample = tot.attrs["sample"]
    assert sample["missing_years"] == [2016]
    assert sample["partial_years"][2023] == (41, 52)
    assert sample["first"] == pd.Timestamp("2015-01-06")  # FinFutYY_2015_full.txt, first report of 2015
    assert sample["n_reports"] == len(tot)
    assert "no reports in 2016" in tot.attrs["description"] and "2023 (41 of 52 weeks)" in tot.attrs["description"]


def test_report_sample_synthetic():
    """SYNTHETIC: three weekly reports in 2020, none in 2021, two in 2022."""
    from ustmon.analytics.basis import report_sample

    dates = pd.to_datetime(["2020-12-15", "2020-12-22", "2020-12-29", "2022-01-04", "2022-01-11"])
    s = report_sample(dates)
    assert s["n_reports"] == 5 and s["missing_years"] == [2021]
    assert s["weeks_in_span"] == 57  # 2020-12-15 .. 2022-01-11 in 7-day steps
    assert s["partial_years"] == {}  # 2020 and 2022 have a report in every week of the span
    assert s["text"].startswith("5 weekly reports 2020-12-15..2022-01-11 (5 of 57 weeks); no reports in 2021")


def test_cftc_charts_state_the_sample_and_break_over_gaps(mirror_store):
    from ustmon.desk import catalog as C
    from ustmon.desk import evaluate as E
    from ustmon.render import plotly as R
    from ustmon.analytics.base import Data

    with Data(mirror_store) as d:
        lev = E.evaluate(C.BY_ID["leveraged_net_short"], d)
        growth = E.evaluate(C.BY_ID["basis_growth"], d)
    key, params = lev.frame.attrs["note"]
    assert key == "note_cftc_sample_gaps" and params["years"] == "2016" and params["first"] == "2015-01-06"
    from ustmon.desk.i18n import t

    assert "no reports in 2016" in t(key, "en", **params) and "2016年无报告" in t(key, "zh-Hans", **params)
    fig = R.plot(growth, "en")
    x = pd.to_datetime(pd.Series(fig.data[0].x))
    y = pd.Series(fig.data[0].y, dtype=float)
    hole = y[(x > "2015-12-29") & (x < "2017-01-03")]
    assert len(hole) == 1 and hole.isna().all()  # the line breaks over 2016 instead of bridging it
