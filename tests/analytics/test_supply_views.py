"""Supply views on a store filled from the whole mirror (MSPD Tables 1 and 3, DTS III-A, Debt to the Penny),
with values typed from the files in fiscaldata/not-yet-read/.  Timings: benchmarks/bench_fiscal_supply.py."""

from __future__ import annotations

import pandas as pd
import pytest

from ustmon.analytics import supply
from ustmon.analytics.base import Data
from ustmon.errors import CoverageError


@pytest.fixture
def data(mirror_store):
    with Data(mirror_store) as d:
        if not d.has("MSPD.MARKETABLE.BILLS"):
            pytest.skip("the store has no MSPD Table 1 (the download reader is not in this build)")
        yield d


def test_stock_and_bill_share_views(data):
    st = supply.stock(data)
    # MSPD_SumSecty: 2024-12-31 Bills 6,186,882.0707, Total Marketable 28,280,668.6575746 ($mn)
    assert st.loc["2024-12-01", "marketable_total"] == pytest.approx(28280.6686575746)
    assert st.loc["2024-12-01", "bill_share_of_marketable"] == pytest.approx(21.876, abs=0.001)
    assert st.loc["2026-05-01", "bill_share_of_marketable"] == pytest.approx(21.863, abs=0.001)
    # 2015-12-31 Total Marketable 13,206,612.0...: equals the file (third month)
    assert st.attrs["units"]["bill_share_of_marketable"] == "pct"
    assert "MSPD.MARKETABLE.BILLS" in st.attrs["provenance"]["series"]
    bs = supply.bill_share(data)
    assert (bs["tbac_low_pct"].iloc[-1], bs["tbac_high_pct"].iloc[-1]) == (15.0, 20.0)


def test_net_issuance_views(data):
    q = supply.net_issuance_quarterly(data)
    # MSPD bills 2020-03-31 2,657,439.3487 -> 2020-06-30 5,079,626.0736 ($mn)
    assert q.loc["2020-04-01", "net_bills"] == pytest.approx(2422.1867249, abs=1e-4)
    # 2020 Q3 bills fell (5,079,626 -> ...), but not by the 1,596bn the auction sample claimed
    assert q.loc["2020-07-01", "net_bills"] > -1000
    m = supply.net_issuance_monthly(data)
    assert m.loc["2024-12-01", "net_bills"] == pytest.approx(-202.881, abs=0.001)


def test_gross_issuance_view_december_2024(data):
    if not data.has("DTS.ISSUES.BILLS.REGULAR.MTD"):
        pytest.skip("no DTS III-A in the store")
    g = supply.gross_issuance(data)
    dec = g.loc["2024-12-01"]
    # DTS_PubDebtTrans 2024-12-31 month to date: 1,797,176 + 275,027 issued, 2,275,083 redeemed ($mn)
    assert dec["gross_bills"] == pytest.approx(2072.203)
    assert dec["net_bills"] == pytest.approx(-202.880)
    assert g.index.max() == pd.Timestamp("2026-05-01")  # June 2026 stops on the 23rd


def test_wall_views_2023_09(data):
    w = supply.wall(data)
    sep = w.loc["2023-09-30"]
    assert sep["maturing_next_12m"] == pytest.approx(8345.746, abs=0.01)
    assert sep["maturing_next_12m_bills"] == pytest.approx(5260.4065094, abs=1e-5)
    assert 70.0 <= sep["wam_months"] <= 72.5  # Treasury: about 71 months in 2023Q3
    # MSPD Table 1 Total Marketable 2023-09-30 25,753,682.650781 $mn; the detail covers 99.5% (FFB and
    # securities matured on Saturday 2023-09-30, paid 2023-10-02, are the rest)
    assert sep["marketable_total"] == pytest.approx(25753.682650781)
    assert 99.0 < sep["detail_coverage_pct"] < 100.0
    p = supply.wall_profile(data)
    assert p["record_date"].iloc[0] == pd.Timestamp("2023-09-30")
    assert p["total"].iloc[:12].sum() == pytest.approx(sep["maturing_next_12m"])


def test_current_view(data):
    c = supply.current(data)
    rows = {(r.measure, r.period): r.value for r in c.itertuples()}
    assert rows[("bill_share_of_marketable", "2026-05 end")] == pytest.approx(21.863, abs=0.001)
    assert ("wam_months", "2023-09-30") in rows


def test_as_of_before_mspd_refuses(mirror_store):
    with Data(mirror_store, as_of=pd.Timestamp("1999-01-01")) as d:
        with pytest.raises(CoverageError):
            supply.net_issuance_monthly(d)
