"""The supply charts of the note (rows of ustmon.desk.catalog) on a store filled from the mirror: they lead the fiscal
section, draw the TBAC guide as a band, and state numbers typed from the MSPD files in three languages."""

from __future__ import annotations

import pandas as pd
import pytest

from ustmon.desk import catalog as C
from ustmon.desk import evaluate as E
from ustmon.render import plotly as R
from ustmon.analytics.base import Data


@pytest.fixture
def data(mirror_store):
    with Data(mirror_store) as d:
        yield d


def test_supply_charts_lead_the_fiscal_section():
    fiscal = [s.id for s in C.FIGURES if s.section == "fiscal"]
    assert fiscal[:8] == ["current_supply", "bill_share", "net_issuance", "gross_issuance", "duration_supply", "maturity_wall",
                          "average_maturity", "auctions_last_month"]
    assert len({s.id for s in C.FIGURES}) == len(C.FIGURES)  # replaced, not duplicated


def test_bill_share_band_and_languages(data):
    res = E.evaluate(C.BY_ID["bill_share"], data)
    fig = R.plot(res, "en")
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert [(r.y0, r.y1) for r in rects] == [(15.0, 20.0)]  # the TBAC 15-20% range, not a line at 20%
    # MSPD_SumSecty 2026-05-31: 6,758,778.5857 / 30,914,033.9837218 = 21.86%
    assert res.frame.loc["2026-05-01", "mspd"] == pytest.approx(21.8631, abs=1e-4)
    assert "21.9%" in res.spec.finding(res.frame, "zh-Hans").text and "高于" in res.spec.finding(res.frame, "zh-Hans").text
    assert "高於" in res.spec.finding(res.frame, "zh-Hant").text


def test_net_issuance_chart_2020q2_and_latest_quarter(data):
    res = E.evaluate(C.BY_ID["net_issuance"], data)
    f = res.frame
    # MSPD bills 2020-03-31 2,657,439.3487 -> 2020-06-30 5,079,626.0736 $mn
    assert f.loc["2020-04-01", "bills"] == pytest.approx(2422.187, abs=0.001)
    # latest complete quarter 2026Q1: bills 2025-12-31 -> 2026-03-31
    st = data.frame(["MSPD.MARKETABLE.BILLS"])["MSPD.MARKETABLE.BILLS"] / 1000
    assert f.loc["2026-01-01", "bills"] == pytest.approx(st["2026-03-01"] - st["2025-12-01"])
    text = res.spec.finding(f, "en").text
    assert text.startswith("Net issuance in 2026 Q1: bills $272.3 bn, coupons $302.6 bn")
    assert "亿美元" in res.spec.finding(f, "zh-Hans").text and "億美元" in res.spec.finding(f, "zh-Hant").text


def test_wall_chart_bars_and_quoted_row(data):
    res = E.evaluate(C.BY_ID["maturity_wall"], data)
    f = res.frame
    bars = f[list(C.CLASSES)].dropna()
    assert bars.index.min() == pd.Timestamp("2023-10-01")
    assert bars.loc["2023-10-01":"2024-09-01"].sum().sum() == pytest.approx(8345.746, abs=0.01)
    assert f.loc["2023-09-30", "share"] == pytest.approx(100 * 8345.746 / 25613.2, abs=0.01)
    assert "2023年9月" in res.spec.finding(f, "zh-Hans").text
    R.plot(res, "zh-Hant")  # draws


def test_gross_issuance_chart_december_2024_is_the_dts_month_to_date(data):
    res = E.evaluate(C.BY_ID["gross_issuance"], data)
    f = res.frame
    # DTS_PubDebtTrans 2024-12-31 month to date ($mn): bills 1,797,176 regular + 275,027 CMB issued, 2,275,083
    # redeemed; notes 528,140 + bonds 52,372 issued; notes 322,223 + bonds 379 redeemed
    dec = f.loc["2024-12-01"]
    assert dec["gross_bills"] == pytest.approx(2072.203)
    assert dec["redemptions_bills"] == pytest.approx(2275.083)
    assert dec["gross_coupons"] == pytest.approx(580.512)
    assert dec["redemptions_coupons"] == pytest.approx(322.602)
    assert f.dropna().index.max() == pd.Timestamp("2026-05-01")
    assert res.spec.finding(f, "en").text.startswith("In May 2026, Treasury issued")
    assert "每日國庫報告" in res.spec.finding(f, "zh-Hant").text


def test_duration_supply_chart_and_its_sentence(data):
    """May 2022 from the mirror (auction XML results, H.4.1 TREAST, TIC): 297.7bn of coupons in 10-year
    equivalents; the Fed's holdings rose (absorbed 3.2bn) and foreign officials sold 24.3bn (both approximate),
    so 318.9bn was left for private buyers."""
    from ustmon.report import narrative

    res = E.evaluate(C.BY_ID["duration_supply"], data)
    last = res.frame.dropna(subset=["net"]).iloc[-1]
    assert res.frame.dropna(subset=["net"]).index[-1] == pd.Timestamp("2022-05-01")
    assert last["net"] == pytest.approx(297.7, abs=0.05) and last["private"] == pytest.approx(318.9, abs=0.05)
    en = narrative.finding(res, "en").text
    assert "the Fed absorbed $3.2 bn" in en and "foreign officials sold $24.3 bn" in en, en
    assert "留给私人价格敏感型买家" in narrative.finding(res, "zh-Hans").text


def test_last_month_auctions_are_a_table_of_the_view(data):
    """May 2022 from the TreasuryDirect XML results: 32 auctions, the 10-year 36.0bn (the bar chart of coupon sizes
    it replaced is a column of it); the table keeps the view's rows, totals last."""
    res = E.evaluate(C.BY_ID["auctions_last_month"], data)
    assert res.spec.kind == "table" and res.via == "auctions:last-month"
    f = res.frame
    assert (f["row"] == "auction").sum() == 32 and f["row"].tolist()[-3:] == ["total"] * 3
    ten = f[(f["security"] == "Note 10Y") & (f["row"] == "auction")]
    assert ten["size"].tolist() == [36.0]
