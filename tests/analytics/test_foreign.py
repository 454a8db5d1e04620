"""Foreign holders (TIC): published figures from the store, and synthetic checks of the pure functions.

Published figures used (each cited where asserted):
* issue 3 "Checks": mainland China $778.1bn in 2023-09, down 13.7% y/y; peak $1,316.7bn in 2013-11
  (TIC Major Foreign Holders, mfhhis01.txt as released 2026-03-18);
* shared-data README cross-checks 1 and 2 (TIC mfhhis01.txt released 2026-03-18 and the slt_table5
  page excerpts of the 2026-02 and 2026-03 releases);
* FEDS Note 2025-10-15 "The Cross-Border Trail of the Treasury Basis Trade" (Barth, Beltran, Hoops, Kahn,
  Liu, Perozek; doi:10.17016/2380-7172.3939): Cayman hedge funds held about $1.85tn of Treasuries at
  end-2024, about $1.4tn more than TIC shows, which would make the Cayman Islands the largest foreign
  holder.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ustmon.analytics import foreign as F
from ustmon.analytics.base import Data

# ---------------------------------------------------------------------------
# Real data (mirror store)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tic_frame(mirror_store):
    with Data(mirror_store) as d:
        yield F.read_tic(d)


def test_china_2023_09_level_and_yoy_published(tic_frame):
    # Issue 3 "Checks" (TIC Major Foreign Holders): China, Mainland $778.1bn in Sep 2023, down 13.7% y/y.
    row = F.country_table(tic_frame, "2023-09-01").set_index("code").loc["CN"]
    assert row["holdings"] == pytest.approx(778.1, abs=0.05)
    assert round(row["yoy_change_pct"], 1) == -13.7


def test_china_peak_published(tic_frame):
    # Issue 3 "Checks": China's peak was $1,316.7bn in November 2013 (TIC).
    st = F.history_stats(tic_frame["TIC.MFH.CN"])
    assert st["peak"] == pytest.approx(1316.7, abs=0.05)
    assert st["peak_date"] == pd.Timestamp("2013-11-01")
    hist = F.holder_history(tic_frame).set_index("code")
    assert hist.loc["CN", "peak"] == pytest.approx(1316.7, abs=0.05)
    assert hist.loc["CN", "peak_date"] == pd.Timestamp("2013-11-01")


def test_japan_and_grand_total_2025_12_published(tic_frame):
    # Shared-data README cross-check 1 (mfhhis01.txt released 2026-03-18): Japan 2025-12 = 1185.5,
    # Grand Total 2025-12 = 9271.  (The 2026-02 slt_table5 excerpt prints the same Japan figure.)
    jp = F.country_table(tic_frame, "2025-12-01").set_index("code").loc["JP"]
    assert jp["holdings"] == pytest.approx(1185.5, abs=0.05)
    assert jp["rank"] == 1
    s = F.foreign_summary(tic_frame)
    assert s.at[pd.Timestamp("2025-12-01"), "foreign_total"] == pytest.approx(9271.0, abs=0.05)
    # share of the foreign total, computed by hand from the two published figures
    assert jp["share_of_foreign_total_pct"] == pytest.approx(1185.5 / 9271 * 100, rel=1e-9)


def test_official_and_private_2023_09_published(tic_frame):
    # README cross-check 1: For. Official 2023-09 = 3691; Grand Total 2023-09 = 7509.1 (mfhhis01.txt).
    # Private = total - official, by hand: 7509.1 - 3691 = 3818.1.
    s = F.foreign_summary(tic_frame).loc[pd.Timestamp("2023-09-01")]
    assert s["foreign_official"] == pytest.approx(3691.0, abs=0.05)
    assert s["foreign_private"] == pytest.approx(3818.1, abs=0.05)
    assert s["official_bills"] + s["official_notes_bonds"] == pytest.approx(3691.0, abs=0.2)


def test_uk_vintages_through_as_of(mirror_store):
    # README cross-check 2: UK 2025-09 is 862.1 in mfhhis01.txt (released 2026-03-18) and the 2026-02
    # slt_table5 excerpt, but 862.5 in the 2026-03 excerpt (released ~2026-05-18); UK 2021-07 was 539.5
    # in the July 2021 release and 541.6 after revision.
    with Data(mirror_store, as_of=pd.Timestamp("2026-04-30")) as d:
        old = F.country_table(F.read_tic(d), "2025-09-01").set_index("code").loc["GB", "holdings"]
    with Data(mirror_store) as d:
        new = F.country_table(F.read_tic(d), "2025-09-01").set_index("code").loc["GB", "holdings"]
    assert old == pytest.approx(862.1, abs=0.05)
    assert new == pytest.approx(862.5, abs=0.05)
    with Data(mirror_store, as_of=pd.Timestamp("2021-12-31")) as d:
        first = F.read_tic(d).at[pd.Timestamp("2021-07-01"), "TIC.MFH.GB"]
    assert first == pytest.approx(539.5, abs=0.05)


def test_views_against_published_figures(mirror_store):
    with Data(mirror_store) as d:
        summ = F.VIEWS["summary"](d)
        hist = F.VIEWS["history"](d)
        countries = F.VIEWS["countries"](d)
    assert summ.attrs["units"]["foreign_total"] == "usd_bn"
    assert "TIC.MFH.TOTAL" in summ.attrs["provenance"]["series"]
    # README cross-check 1: Grand Total 2025-12 = 9271
    assert summ.at[pd.Timestamp("2025-12-01"), "foreign_total"] == pytest.approx(9271.0, abs=0.05)
    assert hist.set_index("code").loc["CN", "peak"] == pytest.approx(1316.7, abs=0.05)
    assert list(countries["rank"]) == sorted(countries["rank"])


def test_cayman_calibration_matches_feds_note(tic_frame):
    # FEDS Note 2025-10-15: about $1.85tn held by Cayman hedge funds at end-2024, about $1.4tn more
    # than TIC.  TIC Cayman at 2024-12 is 423.0 (mfhhis01.txt, 2026-03-18).
    adj = F.cayman_adjusted(tic_frame["TIC.MFH.KY"])
    end24 = adj.loc[pd.Timestamp("2024-12-01")]
    assert end24["tic_cayman"] == pytest.approx(423.0, abs=0.05)
    assert end24["cayman_adjusted"] == pytest.approx(1850.0, abs=0.5)
    assert end24["undercount_estimate"] == pytest.approx(1400.0, abs=50.0)  # "about $1.4 trillion"
    # before the first anchor (Dec 2022) there is no estimate
    assert adj.loc[:"2022-11-01", "cayman_adjusted"].isna().all()


def test_cayman_becomes_largest_holder_when_adjusted(tic_frame):
    # FEDS Note 2025-10-15 (as reported): adjusted, Cayman hedge funds' holdings exceed those of Japan,
    # China and the UK.  TIC itself ranks Cayman far lower.
    r = F.ranking_with_adjustment(tic_frame, "2024-12-01").set_index("code")
    assert r.loc["KY", "adjusted_rank"] == 1
    assert r.loc["KY", "tic_rank"] > 3
    assert r.loc["JP", "adjusted_rank"] == 2


def test_regions_sum_listed_countries(tic_frame):
    reg = F.region_panel(tic_frame)
    m = reg[reg["date"] == pd.Timestamp("2025-12-01")].set_index("region")
    # by hand: the offshore centres listed in Dec 2025 are Cayman and Bermuda (mfhhis01.txt)
    by_hand = tic_frame.at[pd.Timestamp("2025-12-01"), "TIC.MFH.KY"] + tic_frame.at[pd.Timestamp("2025-12-01"), "TIC.MFH.BM"]
    assert m.loc["offshore_centres", "holdings"] == pytest.approx(by_hand)
    assert set(m.index) >= {"europe", "developed_asia", "oil_exporters", "emerging_markets", "offshore_centres"}
    # before 2012 TIC listed only its Caribbean Banking Centers aggregate
    old = reg[(reg["date"] == pd.Timestamp("2010-06-01")) & (reg["region"] == "offshore_centres")]
    assert old["basis"].iloc[0] == "tic_group"


# ---------------------------------------------------------------------------
# Synthetic (hand-computed expectations)
# ---------------------------------------------------------------------------


def _months(n, start="2020-01-01"):
    return pd.date_range(start, periods=n, freq="MS")


def test_history_stats_synthetic():
    """Synthetic series; expected values worked out by hand."""
    s = pd.Series([10, 12, 15, 11, 9, 8, 13, 9, 7], index=_months(9), dtype=float)
    st = F.history_stats(s, window=4)
    assert st["peak"] == 15 and st["peak_date"] == pd.Timestamp("2020-03-01")
    assert st["change_since_peak"] == -8
    assert st["change_since_peak_pct"] == pytest.approx(-8 / 15 * 100)
    assert st["trough"] == 7 and st["record_low"] is True and pd.isna(st["lowest_since"])
    assert st["highest_since"] == pd.Timestamp("2020-08-01")  # 9 in Aug 2020 >= 7
    assert st["periods_of_decline"] == 2  # 13 -> 9 -> 7
    assert st["periods_of_rise"] == 0
    assert st["rising_periods_in_window"] == 1  # last 4 changes: -1, +5, -4, -2
    s2 = pd.Series([5, 4, 6, 7, 3, 4.5], index=_months(6), dtype=float)
    st2 = F.history_stats(s2)
    assert st2["lowest_since"] == pd.Timestamp("2020-05-01")  # 3 <= 4.5: trivial "lowest since" last month
    assert st2["highest_since"] == pd.Timestamp("2020-04-01")  # 7 >= 4.5
    assert st2["periods_of_rise"] == 1
    s3 = pd.Series([1.0, 2.0, 3.0], index=_months(3))
    assert F.history_stats(s3)["record_high"] is True
    empty = F.history_stats(pd.Series([], dtype=float))
    assert np.isnan(empty["latest"]) and pd.isna(empty["peak_date"]) and empty["periods_of_decline"] == 0


def test_country_panel_and_summary_synthetic():
    """Synthetic TIC frame: 14 months, two countries plus totals; values chosen for hand arithmetic."""
    idx = _months(14)
    jp = np.arange(100.0, 114.0)  # +1 per month
    cn = np.full(14, 120.0)
    cn[-1] = 90.0
    frame = pd.DataFrame({"TIC.MFH.JP": jp, "TIC.MFH.CN": cn, "TIC.MFH.TOTAL": jp + cn + 50,
                          "TIC.MFH.OFFICIAL": np.full(14, 100.0), "TIC.MFH.OFFICIAL.BILLS": np.full(14, 20.0),
                          "TIC.MFH.OFFICIAL.NOTES_BONDS": np.full(14, 80.0)}, index=idx)
    t = F.country_table(frame, idx[-1]).set_index("code")
    assert t.loc["JP", "rank"] == 1 and t.loc["CN", "rank"] == 2  # 113 > 90
    assert t.loc["JP", "yoy_change"] == 12 and t.loc["CN", "mom_change"] == -30
    assert t.loc["CN", "mom_change_pct"] == pytest.approx(-25.0)
    assert t.loc["JP", "share_of_foreign_total_pct"] == pytest.approx(113 / 253 * 100)
    s = F.foreign_summary(frame)
    assert s["foreign_private"].iloc[-1] == 253 - 100
    assert s["official_bill_share_pct"].iloc[0] == pytest.approx(20.0)
    assert s["foreign_total_yoy"].iloc[-1] == (113 + 90) - (101 + 120)
    assert np.isnan(s["foreign_total_yoy"].iloc[11])  # no value 12 months before


def test_cayman_adjustment_method_synthetic():
    """Synthetic Cayman series and anchors; gap interpolation computed by hand."""
    idx = _months(5, "2024-01-01")
    ky = pd.Series([100.0, 110.0, 120.0, 130.0, 140.0], index=idx)
    m = F.CaymanAdjustment(anchors=(("2024-01-01", 300.0), ("2024-03-01", 520.0)), after="level")
    a = F.cayman_adjusted(ky, m)
    # gaps: Jan 200, Mar 400; Feb interpolated by time (31 of 60 days): 200 + 200*31/60
    assert a.loc["2024-01-01", "undercount_estimate"] == 200
    assert a.loc["2024-02-01", "undercount_estimate"] == pytest.approx(200 + 200 * 31 / 60)
    assert a.loc["2024-03-01", "cayman_adjusted"] == 520
    assert a.loc["2024-05-01", "undercount_estimate"] == 400  # held at its last level
    r = F.cayman_adjusted(ky, F.CaymanAdjustment(anchors=(("2024-03-01", 480.0),), after="ratio"))
    assert r.loc["2024-05-01", "undercount_estimate"] == pytest.approx(140 * 360 / 120)  # ratio 3 kept
    assert r.loc["2024-02-01"].isna()["cayman_adjusted"]
    with pytest.raises(ValueError):
        F.cayman_adjusted(ky, F.CaymanAdjustment(anchors=(("2023-12-01", 1.0),)))


def test_region_panel_like_for_like_synthetic():
    """Synthetic: Bermuda appears only in the latest month, so y/y must compare Cayman alone."""
    idx = _months(13)
    frame = pd.DataFrame({"TIC.MFH.KY": np.full(13, 50.0), "TIC.MFH.BM": [np.nan] * 12 + [30.0],
                          "TIC.MFH.TOTAL": np.full(13, 1000.0)}, index=idx)
    frame.iloc[-1, 0] = 60.0
    reg = F.region_panel(frame)
    last = reg[(reg["date"] == idx[-1]) & (reg["region"] == "offshore_centres")].iloc[0]
    assert last["holdings"] == 90 and last["countries_listed"] == 2
    assert last["yoy_change"] == 10  # 60 - 50, Bermuda not listed a year earlier
    assert last["yoy_change_pct"] == pytest.approx(20.0)
    assert last["share_of_foreign_total_pct"] == pytest.approx(9.0)


@pytest.mark.parametrize("as_of,start", [(None, None), ("2026-04-30", None), ("2021-12-31", "2015-01-01")])
def test_grouped_read_equals_store_get(mirror_store, as_of, start):
    """The one-query read (Data.many) returns exactly Store.get's values and provenance (vintage rule)."""
    ids = ["TIC.MFH.GB", "TIC.MFH.KY", "TIC.MFH.TOTAL", "TREAST"]
    kw = dict(as_of=None if as_of is None else pd.Timestamp(as_of), start=None if start is None else pd.Timestamp(start))
    with Data(mirror_store, **kw) as fast, Data(mirror_store, **kw) as slow:
        got = fast.many(ids)
        for sid in ids:
            a, b = got[sid], slow._st().get(sid, start=kw["start"], as_of=kw["as_of"])
            pd.testing.assert_series_equal(a, b, check_freq=False, check_index_type=False)
            assert a.attrs["provenance"] == b.attrs["provenance"]


def test_start_keeps_changes_computable(mirror_store):
    # With --start the first rows still get m/m and y/y changes (history before start is read).
    # Grand Total 2025-12 = 9271 and 2024-12 = 8619.3 in mfhhis01.txt (2026-03-18): y/y by hand 651.7.
    with Data(mirror_store, start=pd.Timestamp("2025-12-01")) as d:
        out = F.VIEWS["summary"](d)
    assert list(out.index) == [pd.Timestamp("2025-12-01")]
    assert out["foreign_total_yoy"].iloc[0] == pytest.approx(9271 - 8619.3, abs=0.05)


def test_regions_only_on_full_table_months(mirror_store):
    """TIC's 2026 months come from the top-19 Table 5 pages (no Grand Total): summing them made Europe 'fall'
    from $3,405.8bn (Dec 2025, mfhhis01.txt) to $3,007.2bn.  The regions view keeps full-table months only."""
    with Data(mirror_store) as d:
        reg = F.VIEWS["regions"](d)
        total = d.series("TIC.MFH.TOTAL").dropna()
    assert reg["date"].max() == pd.Timestamp("2025-12-01") == total.index.max()
    assert set(reg["date"]) <= set(total.index)
    eu = reg[(reg["region"] == "europe")].set_index("date")["holdings"]
    assert eu.loc["2025-12-01"] == pytest.approx(3405.8)
    assert "Left out: 3 month(s) (2026-01..2026-03)" in reg.attrs["description"]


def test_region_panel_skips_months_without_the_grand_total_synthetic():
    """SYNTHETIC: the last month lists Cayman alone with no Grand Total: no regional sum that month."""
    idx = _months(3)
    frame = pd.DataFrame({"TIC.MFH.KY": [50.0, 55.0, 60.0], "TIC.MFH.BM": [30.0, 30.0, np.nan],
                          "TIC.MFH.TOTAL": [1000.0, 1000.0, np.nan]}, index=idx)
    reg = F.region_panel(frame)
    off = reg[reg["region"] == "offshore_centres"].set_index("date")["holdings"]
    assert off.to_dict() == {idx[0]: 80.0, idx[1]: 85.0}


def test_regions_refused_without_any_full_table(monkeypatch):
    """SYNTHETIC: a store holding only top-holders pages: the view refuses with the coverage."""
    from ustmon.errors import CoverageError

    idx = _months(2)
    frame = pd.DataFrame({"TIC.MFH.KY": [50.0, 55.0], "TIC.MFH.JP": [1100.0, 1090.0]}, index=idx)
    monkeypatch.setattr(F, "read_tic", lambda data: frame)
    with pytest.raises(CoverageError, match=r"0 of 2 months with country data"):
        F.regions(Data())
