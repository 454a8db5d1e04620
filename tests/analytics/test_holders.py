"""Holders: Z.1 sectors, marginal buyer, Fed/QT, banks, money funds.

Published figures asserted against the mirror store (each cited where used):
* Z.1 L.210 web pages of the 2024-03-07 and 2024-06-07 releases (the only Z.1 data in the shared
  mirror: lines 1-13, 2020-2023 annual and 2023Q1-2024Q1): households 2022 = 1,461.6 (March) vs
  1,463.2 (June) ($bn; README cross-check 10), Fed 2023 = 4,403.1, Treasury securities outstanding
  2022 = 23,845 and 2023 = 26,226.6, bills 2023Q2 = 4,465.7 and 2023Q3 = 5,259.3.
* H.4.1 releases (Wednesday levels of "U.S. Treasury securities", $mn): Jun 1 2022 5,770,779
  (release of 2022-06-02); Jun 22 2022 5,763,344 (2022-06-23); Jun 29 2022 5,763,933 (2022-06-30);
  Mar 19 2025 4,236,787 (2025-03-20).
* FOMC Treasury redemption caps (see holders.QT_CAPS for the sources).
* FRBNY ON RRP: record $2,553.716bn on 2022-12-30 (Reuters, "Fed reverse repo facility hits record
  $2.554 trillion", 2022-12-30), beating the 2022-09-30 high of $2.426tn.

Sectors missing from the mirror (rest of world, MMFs, mutual funds, pensions, insurers, hedge funds;
MMF total assets MMMFFAQ027S) are tested on SYNTHETIC frames with hand-computed expectations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ustmon.analytics import holders as H
from ustmon.analytics.base import Data

Q4_2022, Q4_2023 = pd.Timestamp("2022-10-01"), pd.Timestamp("2023-10-01")

# ---------------------------------------------------------------------------
# Real data (mirror store)
# ---------------------------------------------------------------------------


def test_households_2022_vintage_through_as_of(mirror_store):
    # README cross-check 10: Z.1 L.210 households (LM153061105) 2022 = 1461.6 in the 2024-03-07
    # release and 1463.2 in the 2024-06-07 release.
    with Data(mirror_store, as_of=pd.Timestamp("2024-04-01")) as d:
        old = H.VIEWS["structure"](d)
    with Data(mirror_store) as d:
        new = H.VIEWS["structure"](d)
    pick = lambda df: df[(df["date"] == Q4_2022) & (df["sector"] == "households")]["holdings"].iloc[0]  # noqa: E731
    assert pick(old) == pytest.approx(1461.6, abs=0.05)
    assert pick(new) == pytest.approx(1463.2, abs=0.05)
    assert old.attrs["provenance"]["as_of"] == "2024-04-01"


def test_structure_levels_and_shares_published(mirror_store):
    # Z.1 L.210, 2024-06-07 release: Fed (line 9) 2023 = 4403.1, 2022 = 5056.4; all sectors asset
    # (line 4) 2023 = 24423.6.  Share and y/y by hand from those figures.
    with Data(mirror_store) as d:
        out = H.VIEWS["structure"](d)
    fed = out[(out["date"] == Q4_2023) & (out["sector"] == "fed")].iloc[0]
    assert fed["holdings"] == pytest.approx(4403.1, abs=0.05)
    assert fed["share_of_total_pct"] == pytest.approx(4403.1 / 24423.6 * 100, abs=1e-6)
    assert fed["yoy_change"] == pytest.approx(4403.1 - 5056.4, abs=0.05)
    assert fed["holder_group"] == "price_insensitive"
    # banks = US-chartered (line 12) + foreign banking offices (line 13): 1329.2 + 93.5 in 2023
    banks = out[(out["date"] == Q4_2023) & (out["sector"] == "banks")]["holdings"].iloc[0]
    assert banks == pytest.approx(1329.2 + 93.5, abs=0.05)
    # shares of each date add to 100 (unallocated closes the gap)
    tot = out[out["date"] == Q4_2023]["share_of_total_pct"].sum()
    assert tot == pytest.approx(100.0)


def test_marginal_annual_2023_published(mirror_store):
    # Z.1 L.210 (2024-06-07): Treasury securities outstanding 2023 = 26226.6, 2022 = 23845, so net
    # issuance 2023 = 2381.6; Fed 4403.1 - 5056.4 = -653.3; households 2385.2 - 1463.2 = 922.0.
    with Data(mirror_store) as d:
        out = H.VIEWS["marginal_annual"](d)
    y = out[out["period"] == "2023"].set_index("sector")
    assert y.loc["fed", "net_issuance"] == pytest.approx(2381.6, abs=0.05)
    assert y.loc["fed", "net_purchases"] == pytest.approx(-653.3, abs=0.05)
    assert y.loc["households", "net_purchases"] == pytest.approx(922.0, abs=0.05)
    assert y.loc["households", "share_of_net_issuance_pct"] == pytest.approx(922.0 / 2381.6 * 100, abs=1e-3)


def test_absorbed_window_uses_latest_quarter(mirror_store):
    # Z.1 (2024-06-07): Fed end-2021 6052.1, 2024Q1 4176.3; outstanding 22557.5 -> 26808.6.
    with Data(mirror_store) as d:
        out = H.VIEWS["absorbed"](d).set_index("sector")
    assert out.loc["fed", "end_date"] == pd.Timestamp("2024-01-01")  # the mirror ends at 2024Q1
    assert out.loc["fed", "net_purchases"] == pytest.approx(4176.3 - 6052.1, abs=0.05)
    assert out.loc["fed", "net_issuance"] == pytest.approx(26808.6 - 22557.5, abs=0.05)


def test_fed_holdings_published_h41(mirror_store):
    # H.4.1 Wednesday levels of U.S. Treasury securities held outright ($mn; releases cited above).
    with Data(mirror_store) as d:
        out = H.VIEWS["fed"](d)
    for day, mn in (("2022-06-01", 5_770_779), ("2022-06-22", 5_763_344), ("2022-06-29", 5_763_933),
                    ("2025-03-19", 4_236_787)):
        assert out.at[pd.Timestamp(day), "fed_treasuries"] == pytest.approx(mn / 1000, abs=1e-6)
    # H.4.1 of 2025-03-20: change from the week ended Mar 20 2024 in the week-average column is
    # -381,724; the Wednesday change is close but not the same figure, so only the sign and size.
    assert -400 < out.at[pd.Timestamp("2025-03-19"), "change_52w"] < -360
    # QT started on June 1, 2022 (FOMC 2022-05-04), so holdings peaked in June 2022.
    peak = H.history_stats(out["fed_treasuries"])
    assert pd.Timestamp("2022-06-01") <= peak["peak_date"] <= pd.Timestamp("2022-06-30")


def test_qt_caps_table_matches_fomc():
    # FOMC: $30bn from June 2022, $60bn from Sept 2022, $25bn from June 2024, $5bn from April 2025,
    # runoff concluded December 1, 2025 (sources in holders.QT_CAPS).
    caps = {d: v for d, v, _ in H.QT_CAPS}
    assert caps == {"2022-06-01": 30.0, "2022-09-01": 60.0, "2024-06-01": 25.0, "2025-04-01": 5.0,
                    "2025-12-01": 0.0}


def test_qt_runoff_matches_caps_over_the_programme(mirror_store):
    # Runoff ran at the Treasury cap throughout (bills made up any shortfall of maturing coupons, per
    # the FOMC's plans), so cumulative runoff June 2022 - Nov 2025 should equal the sum of the caps:
    # 3x30 + 21x60 + 10x25 + 8x5 = 1640 ($bn).  TIPS inflation compensation accrues inside TREAST and
    # Wednesday timing moves month-end redemptions, so allow 5%.
    with Data(mirror_store) as d:
        q = H.VIEWS["qt"](d)
    window = q.loc["2022-06-01":"2025-11-01"]
    assert window["cap"].sum() == pytest.approx(1640.0)
    assert window["runoff"].sum() == pytest.approx(1640.0, rel=0.05)
    full_pace = q.loc["2022-09-01":"2024-05-01", "runoff"].mean()
    assert full_pace == pytest.approx(60.0, abs=5.0)


def test_on_rrp_record_published(mirror_store):
    # NY Fed / Reuters 2022-12-30: ON RRP record $2.554tn on Dec 30, 2022, beating Sept 30, 2022's $2.426tn.
    with Data(mirror_store) as d:
        out = H.VIEWS["mmf"](d)
    q4 = out.loc[pd.Timestamp("2022-10-01")]
    assert q4["on_rrp_peak"] == pytest.approx(2553.716, abs=1e-6)
    assert q4["on_rrp_peak_date"] == pd.Timestamp("2022-12-30")
    assert out.loc[pd.Timestamp("2022-07-01"), "on_rrp_quarter_end"] == pytest.approx(2426, abs=0.5)
    assert out["on_rrp_peak"].max() == pytest.approx(2553.716, abs=1e-6)
    # Z.1 L.210 bills outstanding (line 2): 2023Q2 4465.7 -> 2023Q3 5259.3, so +793.6 (by hand)
    assert out.loc[pd.Timestamp("2023-07-01"), "bills_change"] == pytest.approx(793.6, abs=0.05)


def test_banks_view(mirror_store):
    with Data(mirror_store) as d:
        out = H.VIEWS["banks"](d)
    assert out.attrs["units"]["bank_treasury_agency"] == "usd_bn"
    # README: USGSEC is about $4.8tn in 2026 ("~4.8 million" $mn); y/y compares 52 weeks apart
    assert 4000 < out["bank_treasury_agency"].iloc[-1] < 6000
    last = out.index[-1]
    prev = out.at[last - pd.Timedelta(weeks=52), "bank_treasury_agency"]
    assert out.at[last, "yoy_change"] == pytest.approx(out.at[last, "bank_treasury_agency"] - prev)


def test_every_view_runs_with_provenance(mirror_store):
    with Data(mirror_store) as d:
        for name, fn in H.VIEWS.items():
            out = fn(d)
            assert len(out), name
            assert out.attrs["provenance"]["series"], name
            assert out.attrs["units"], name


# ---------------------------------------------------------------------------
# Synthetic (hand-computed expectations)
# ---------------------------------------------------------------------------


def _z1(values: dict[str, list[float]], dates: list[str]) -> pd.DataFrame:
    """Synthetic Z.1 frame in $mn (as stored)."""
    return pd.DataFrame({f"Z1.{k}": np.array(v) * 1000 for k, v in values.items()}, index=pd.DatetimeIndex(dates))


def test_sector_levels_synthetic_hedge_funds_and_official_split():
    """Synthetic: households net of hedge funds; rest of world split with TIC official."""
    z1 = _z1({"FL893061105": [1000, 1100], "LM153061105": [300, 320], "LM623061103": [50, 80],
              "LM263061105": [400, 420], "LM713061103": [200, 210], "LM713061113": [20, 21],
              "LM763061100": [40, 50], "LM473061105": [10, 10]}, ["2023-10-01", "2024-01-01"])
    official = pd.Series([250.0, 260.0], index=pd.DatetimeIndex(["2023-12-01", "2024-03-01"]))
    lv = H.sector_levels(z1, official)
    first = lv.iloc[0]
    assert first["households"] == 250  # 300 - 50 hedge funds
    assert first["hedge_funds"] == 50
    assert first["foreign_official"] == 250 and first["foreign_private"] == 150  # 400 - 250
    assert first["fed"] == 200  # the bills sub-line is not added again
    assert first["banks"] == 50  # 40 + 10
    assert first["unallocated"] == 1000 - (250 + 50 + 250 + 150 + 200 + 50)
    g = H.holder_groups(lv).iloc[1]
    assert g["price_insensitive"] == 210 + 260 and g["leveraged"] == 80
    assert g["price_insensitive_share_pct"] == pytest.approx(470 / 1100 * 100)


def test_marginal_buyer_synthetic():
    """Synthetic quarterly levels; net purchases and shares by hand."""
    idx = pd.DatetimeIndex(["2023-01-01", "2023-04-01", "2023-07-01", "2023-10-01", "2024-10-01"])
    lv = pd.DataFrame({"fed": [100, 90, 80, 70, 20.0], "banks": [50, 60, 75, 75, 90.0],
                       "total": [150, 150, 155, 145, 110.0]}, index=idx)
    liab = pd.Series([1000, 1040, 1100, 1150, 1400.0], index=idx)
    m = H.marginal_buyer(lv, liab, "Q")
    q3 = m[m["period"] == "2023Q3"].set_index("sector")
    assert q3.loc["banks", "net_purchases"] == 15 and q3.loc["banks", "net_issuance"] == 60
    assert q3.loc["banks", "share_of_net_issuance_pct"] == pytest.approx(25.0)
    assert "2024Q4" not in set(m["period"])  # 2024Q3 missing: no quarterly change
    a = H.marginal_buyer(lv, liab, "A")
    assert list(a["period"].unique()) == ["2024"]
    y = a.set_index("sector")
    assert y.loc["fed", "net_purchases"] == -50 and y.loc["fed", "net_issuance"] == 250
    ab = H.absorption(lv, liab, start="2023-01-01", end="2024-12-31").set_index("sector")
    assert ab.loc["banks", "rank"] == 1 and ab.loc["banks", "net_purchases"] == 40
    assert ab.loc["fed", "share_of_net_issuance_pct"] == pytest.approx(-80 / 400 * 100)


def test_qt_pace_synthetic():
    """Synthetic Wednesday levels falling 60/month after Sept 2022; caps from QT_CAPS."""
    weds = pd.date_range("2022-08-03", "2022-11-30", freq="W-WED")
    level = pd.Series(5000.0, index=weds)
    for i, d in enumerate(weds):
        level[d] = 5000.0 - 60.0 * ((d.year - 2022) * 12 + d.month - 8)
    q = H.qt_pace(level)
    assert q.loc["2022-10-01", "runoff"] == 60 and q.loc["2022-10-01", "cap"] == 60
    assert q.loc["2022-08-01", "cap"] == 30
    assert q.loc["2022-10-01", "runoff_to_cap_pct"] == pytest.approx(100.0)
    assert q.loc["2022-11-01", "runoff_3m_avg"] == pytest.approx(60.0)
    sched = H.qt_cap_schedule(pd.DatetimeIndex(["2022-05-01", "2025-12-01"]))
    assert np.isnan(sched["cap"].iloc[0]) and sched["cap"].iloc[1] == 0


def test_fed_share_and_banks_synthetic():
    """Synthetic: quarter-end debt against the last Wednesday of the quarter; 52-week bank changes."""
    weds = pd.date_range("2023-01-04", "2024-12-25", freq="W-WED")
    treast = pd.Series(np.linspace(5000, 4000, len(weds)), index=weds)
    debt = pd.Series([30000.0, 31000.0], index=pd.DatetimeIndex(["2023-01-01", "2023-04-01"]))
    out = H.fed_share_of_debt(treast, debt, debt * 0.8)
    q1 = out.loc["2023-01-01"]
    assert q1["fed_treasuries"] == treast[pd.Timestamp("2023-03-29")]  # last Wednesday of Q1 2023
    assert q1["share_of_total_public_debt_pct"] == pytest.approx(q1["fed_treasuries"] / 30000 * 100)
    assert q1["share_of_debt_held_by_public_pct"] == pytest.approx(q1["fed_treasuries"] / 24000 * 100)
    w = H.fed_holdings(treast, total_debt_bn=debt)
    assert np.isnan(w.loc["2023-03-29", "share_of_total_public_debt_pct"])  # Q1 debt known from Mar 31
    assert w.loc["2023-04-05", "share_of_total_public_debt_pct"] == pytest.approx(treast["2023-04-05"] / 30000 * 100)
    b = H.bank_holdings(pd.Series(np.arange(len(weds), dtype=float) + 100, index=weds))
    assert b["yoy_change"].iloc[-1] == 52 and b["change_4w"].iloc[-1] == 4


def test_money_funds_synthetic():
    """Synthetic daily RRP and quarterly bills: RRP-funded share of bill issuance by hand."""
    days = pd.date_range("2023-04-01", "2023-09-30", freq="D")
    rrp = pd.Series(np.where(days < pd.Timestamp("2023-07-01"), 2000.0, 1600.0), index=days)
    rrp[pd.Timestamp("2023-06-30")] = 2500.0  # quarter-end spike
    bills = pd.Series([4400.0, 5200.0], index=pd.DatetimeIndex(["2023-04-01", "2023-07-01"]))
    mmf_t = pd.Series([2000.0, 2600.0], index=bills.index)
    assets = pd.Series([5000.0, 5200.0], index=bills.index)
    out = H.money_funds(rrp, bills, assets, mmf_t)
    q2 = out.loc["2023-04-01"]
    assert q2["on_rrp_peak"] == 2500 and q2["on_rrp_peak_date"] == pd.Timestamp("2023-06-30")
    assert q2["on_rrp_avg"] == pytest.approx((2000 * 90 + 2500) / 91)
    q3 = out.loc["2023-07-01"]
    assert q3["bills_change"] == 800 and q3["mmf_treasuries_change"] == 600
    assert q3["rrp_funded_share_of_bill_issuance_pct"] == pytest.approx((q2["on_rrp_avg"] - 1600) / 800 * 100)
    assert q3["mmf_treasury_share_of_assets_pct"] == pytest.approx(50.0)
