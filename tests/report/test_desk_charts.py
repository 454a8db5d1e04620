"""The desk-note charts beyond the first set: Z.1 holder structure, Europe beside China/Japan/UK, bill share of the
stock, foreign 12-month changes, net borrowing, the basis trade's growth, and the charts that must say
"not available" rather than draw a sample as if it were the market.

Published figures asserted (typed from the official files in ../shared/data, not from ustmon's output):

* Z.1 L.210, release of 2024-06-07, 2024 Q1: Treasury securities (line 1) $26,808.6bn, bills (line 2) $6,061.7bn;
  2023 Q4: $26,226.6bn and $5,674.8bn; all-sector holdings (line 4) $24,761.1bn; the Fed (line 9) $4,176.3bn.
* TIC mfhhis01.txt (released 2026-03-18), December 2025, the twelve European countries other than the UK:
  Belgium 477.3, Luxembourg 435.1, France 368.9, Ireland 340.7, Switzerland 294.1, Norway 208.1, Germany 103.1,
  Spain 73.6, Netherlands 70, Italy 62.1, Poland 60.5, Sweden 50.1 = $2,543.6bn.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ustmon.analytics.supply import records_coverage_pct
from ustmon.desk import catalog as C
from ustmon.desk import evaluate as E
from ustmon.desk import findings as fx
from ustmon.render import plotly as R
from ustmon.analytics.base import Data


@pytest.fixture(scope="module")
def data(mirror_store):
    with Data(mirror_store) as d:
        yield d


def test_bill_share_of_the_stock_is_z1_line_2_over_line_1(data):
    f = E.view_frame("supply", "bill-share-z1", data)
    assert f.loc["2024-01-01", "bill_share_pct"] == pytest.approx(100 * 6061.7 / 26808.6)
    assert f.loc["2023-10-01", "bill_share_pct"] == pytest.approx(100 * 5674.8 / 26226.6)
    # with MSPD Table 1 in the store the chart is the bill share of marketable debt: MSPD_SumSecty
    # 2026-05-31 Bills 6,758,778.5857 / Total Marketable 30,914,033.9837218 = 21.86%
    res = E.evaluate(C.BY_ID["bill_share"], data)
    assert res.spec.finding(res.frame, "en").text == (
        "Bills were 21.9% of marketable debt at the end of May 2026 (MSPD), above the TBAC's guide range (shaded)")


def test_holder_structure_shares_add_up_and_price_insensitive_share_is_fed_plus_official(data):
    hs = E.view_frame("holders", "structure-wide", data)
    row = hs.loc["2024-01-01"]
    sectors = [c for c in C.STRUCTURE_SECTORS if c in hs.columns]
    assert row[sectors].sum() == pytest.approx(24761.1)  # line 4: all sectors
    assert row["fed"] == pytest.approx(4176.3)
    official = data.series("TIC.MFH.OFFICIAL").loc["2024-03-01"]  # the quarter's last month
    assert row["price_insensitive_share_pct"] == pytest.approx(100 * (4176.3 + official) / 24761.1)
    res = E.evaluate(C.BY_ID["holder_structure"], data)
    text = res.spec.finding(res.frame, "en").text
    assert "32.3% of Treasury securities in 2024 Q1 against 43.0% in 2020 Q4" in text


def test_europe_ex_uk_is_the_sum_of_the_listed_european_countries(mirror_store):
    europe = [477.3, 435.1, 368.9, 340.7, 294.1, 208.1, 103.1, 73.6, 70, 62.1, 60.5, 50.1]
    with Data(mirror_store, as_of=pd.Timestamp("2026-03-19")) as d:  # the mfhhis01 release alone
        e = E.view_frame("foreign", "europe", d)
        assert e.loc["2025-12-01", "europe_ex_uk"] == pytest.approx(sum(europe))
        assert e.loc["2025-12-01", "europe"] == pytest.approx(sum(europe) + 866.0)
    with Data(mirror_store) as d:
        e = E.view_frame("foreign", "europe", d)
        # TIC Table 5 months list 19 countries: summing them would fake a $400bn fall, so they are left out
        assert e.index.max() == pd.Timestamp("2025-12-01")
        f = E.evaluate(C.BY_ID["china_japan_uk"], d).frame
        assert f["EUX"].dropna().index.max() == pd.Timestamp("2025-12-01")
        assert f["CN"].dropna().index.max() == pd.Timestamp("2026-03-01")


def test_maturity_wall_and_average_maturity_come_from_mspd_detail_not_the_auction_sample(data):
    cov = records_coverage_pct(data)
    assert 20 < cov < 30  # the auction records: about a quarter of the debt outstanding, never used for these
    # MSPD_DetailSecty_20230930: 8,345.7bn maturing within 12 months of 2023-09-30, WAM 71.9 months
    wall = E.evaluate(C.BY_ID["maturity_wall"], data)
    assert wall.frame.loc["2023-09-30", "wall"] == pytest.approx(8345.746, abs=0.01)
    assert wall.spec.finding(wall.frame, "en").text.startswith("$8,345.7 bn of marketable debt matures in the 12 months after September 2023")
    wam = E.evaluate(C.BY_ID["average_maturity"], data)
    assert wam.frame.loc["2023-09-30", "wam"] == pytest.approx(71.87, abs=0.01)
    with Data(data.store_path, as_of=pd.Timestamp("2020-01-01")) as early:  # before any MSPD detail was stored
        for fid in ("maturity_wall", "average_maturity"):
            res = E.evaluate(C.BY_ID[fid], early)
            assert res.frame is None
            assert E.missing_text(res, "en").startswith("Data not available: ")


@pytest.mark.parametrize("fid, names", [
    # the view's refusal: which MTS tables, that only the live API has them, and the first missing series
    ("receipts_outlays", ["needs MTS Table 9", "only the live Fiscal Data API", "MTS.RECEIPTS.INDIVIDUAL_INCOME_TAX"]),
    ("standing_repo", ["RPONTSYD"]),
    ("hedge_funds", ["OFR Hedge Fund Monitor"]),
])
def test_charts_without_data_say_what_is_missing(data, fid, names):
    res = E.evaluate(C.BY_ID[fid], data)
    assert res.frame is None
    text = E.missing_text(res, "en")
    assert text.startswith("Data not available: ")
    for n in names:
        assert n in text


def test_money_funds_treasuries_drawn_from_the_2016_z1_release_and_tagged_old(data):
    """z1/l210_z1-csv_2016Q4-release.csv: money market funds' Treasury securities FL633061105 2016:Q4 = 796,118 $mn.

    The 2016 release is the newest Z.1 CSV in the mirror, so the chart draws it and the note tags it as old
    data (the next quarter was due in 2017) instead of saying "not available"."""
    from ustmon.report import freshness

    res = E.evaluate(C.BY_ID["bills_in_mmf"], data)
    s = res.frame["mmf_tsy"].dropna()
    assert s.index[-1] == pd.Timestamp("2016-10-01")
    assert s.iloc[-1] == pytest.approx(796.118, abs=1e-6) or s.iloc[-1] == pytest.approx(796118)
    old = freshness.chart_staleness(res.frame, data, pd.Timestamp("2026-12-01"))
    assert old is not None and old.stale


def test_foreign_flows_are_twelve_month_changes_of_tic_holdings(data):
    f = E.evaluate(C.BY_ID["foreign_flows"], data).frame
    total = data.series("TIC.MFH.TOTAL")
    official = data.series("TIC.MFH.OFFICIAL")
    d, y = pd.Timestamp("2025-12-01"), pd.Timestamp("2024-12-01")
    assert f.loc[d, "total"] == pytest.approx(total[d] - total[y])
    assert f.loc[d, "official"] == pytest.approx(official[d] - official[y])
    assert f.loc[d, "private"] == pytest.approx((total[d] - official[d]) - (total[y] - official[y]))
    assert f.loc[d, "total"] == pytest.approx(9271 - total[y])


def test_net_borrowing_is_the_quarterly_change_in_debt_held_by_the_public(data):
    f = E.evaluate(C.BY_ID["net_borrowing"], data).frame
    # the view's own source: MSPD marketable held by the public when stored (monthly), else FRED FYGFDPUN
    sid = "MSPD.MARKETABLE.TOTAL.PUBLIC" if data.has("MSPD.MARKETABLE.TOTAL.PUBLIC") else "FYGFDPUN"
    held = data.series(sid) / 1000
    q = held.groupby(pd.PeriodIndex(held.index, freq="Q")).last()  # quarter-end levels
    assert f.loc["2025-10-01", "net"] == pytest.approx(q[pd.Period("2025Q4")] - q[pd.Period("2025Q3")])


def test_with_gaps_breaks_lines_over_missing_years():
    weekly = pd.Series(1.0, index=pd.date_range("2020-01-07", periods=60, freq="W-TUE"))
    holed = pd.concat([weekly.loc[:"2020-06-30"], weekly.loc["2021-01-01":]])
    out = R.with_gaps(holed)
    assert out.isna().sum() == 1
    nan_at = out[out.isna()].index[0]
    assert pd.Timestamp("2020-06-30") < nan_at < pd.Timestamp("2021-01-01")
    assert R.with_gaps(weekly).isna().sum() == 0  # regular spacing: untouched


def test_contributions_chart_pivots_the_fiscal_view_and_names_the_largest_mover(monkeypatch):
    """SYNTHETIC: MTS categories are not in the shared data, so a hand-made long frame in the shape of
    ``fiscal.contributions`` stands in for the view to check the wide view and the finding."""
    from ustmon.analytics import fiscal

    long = pd.DataFrame({
        "date": pd.to_datetime(["2025-09-01"] * 3 + ["2025-10-01"] * 3),
        "side": ["receipts", "outlays", "outlays"] * 2,
        "component": ["customs_duties", "net_interest", "defense"] * 2,
        "deficit_impact_usd_bn": [-100.0, 80.0, 5.0, -120.0, 90.0, 4.0],
    })
    long.attrs = {"provenance": {}}
    monkeypatch.setattr(fiscal, "contributions", lambda data: long)
    wide = fiscal.contributions_wide(Data())
    assert list(wide.columns) == ["customs_duties", "defense", "net_interest"]
    assert wide.loc["2025-10-01", "customs_duties"] == -120.0
    wide.attrs["origin"] = {c: {"series": ("fiscal:contributions-wide", c), "op": "view", "scale": 1.0} for c in wide.columns}
    s = fx._f_contrib(wide, "en")
    assert s.text == "Customs duties did most to move the deficit over the year to October 2025, narrowing it by $120.0 bn"
    assert "关税" in fx._f_contrib(wide, "zh-Hans").text


def test_calendar_adjusted_deficit_chart_reads_the_fiscal_calendar_view(data):
    """fred/MTSDS133FMS (monthly first prints): the 12 months to September 2024 sum to $1,827.7bn, the MTS
    September 2024 FY2024 deficit of $1,833bn within 0.5% (tests/analytics/test_fiscal.py says why).  1 October
    2023 was a Sunday, so October 2023 lost its payments to September 2023: the window October 2023 - September
    2024 holds one month of payments too few (window effect -1) and the adjusted deficit is larger by one month of
    shifted payments.  1 November 2023 and 2024 were weekdays: the window to October 2024 needs no adjustment."""
    res = E.evaluate(C.BY_ID["deficit_calendar"], data)
    f = res.frame
    assert res.via == "fiscal:calendar"
    assert f.loc["2024-09-01", "published"] == pytest.approx(-1833.0, rel=5e-3)
    shift = E.view_frame("fiscal", "calendar", data)["shift_estimate"].iloc[-1]
    assert shift > 0
    assert f.loc["2024-09-01", "adjusted"] == pytest.approx(f.loc["2024-09-01", "published"] - shift)
    assert f.loc["2024-10-01", "adjusted"] == f.loc["2024-10-01", "published"]
    assert res.spec.finding(f, "en").text.startswith("The deficit over the 12 months to October 2024 is $2,018.6 bn;")
    assert "2024年10月" in res.spec.finding(f, "zh-Hans").text and "日曆調整值" in res.spec.finding(f, "zh-Hant").text
    sept = f.loc[:"2024-09-01"].copy()
    sept.attrs = f.attrs
    assert res.spec.finding(sept, "en").text.endswith("against $1,827.7 bn as published")
