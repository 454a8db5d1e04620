"""Receipts and outlays by category (MTS Tables 9 and 4) end to end, the fiscal-year contributions, the
"latest 12 months vs a year earlier" table, their refusal offline, and the two interest measures.

The mirror has no MTS Table 9 or Table 4 answer, so the category views are checked on SYNTHETIC API answers
built here from the hand-written fixtures ``tests/fixtures/fiscaldata/ustmon-fixture-mts_table_9.json`` and
``...mts_table_4.json`` (invented numbers, their layout is the API's): the November 2024 edition is repeated
for every month of FY2022..FY2024 with a few lines changed, written as JSON files into a temporary mirror and
read through ``ustmon update`` (mirror walk -> parser -> store -> view), as a live answer would be.
The interest measures are checked on the mirror's FRED files (values typed in each test).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ustmon.analytics import fiscal
from ustmon.analytics.base import Data
from ustmon.errors import CoverageError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fiscaldata"
MONTHS = pd.date_range("2021-10-01", "2024-09-01", freq="MS")  # FY2022, FY2023, FY2024

# SYNTHETIC schedule ($bn a month) on top of the fixture's edition: FY2023 pays 100 net interest (90 in the
# fixture) and collects 160 individual income taxes (167); FY2024 keeps that and collects 9 customs duties (7).
CHANGES = {
    2023: {"Net Interest": 100.0, "Individual Income Taxes": 160.0},
    2024: {"Net Interest": 100.0, "Individual Income Taxes": 160.0, "Customs Duties": 9.0},
}


def _fy(month: pd.Timestamp) -> int:
    return month.year + (month.month >= 10)


def _table9_rows(month: pd.Timestamp, template: list[dict]) -> list[dict]:
    """SYNTHETIC: the fixture's Table 9 edition re-dated to ``month``, lines changed by CHANGES and each section's
    Total moved by the same amount (the fixture lists only some functions, so its outlay total exceeds its lines)."""
    record = (month + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
    rows = copy.deepcopy(template)
    change = CHANGES.get(_fy(month), {})
    delta = 0.0
    for r in rows:
        r["record_date"] = record
        desc = r["classification_desc"].rstrip(":")
        if desc in change:
            delta += change[desc] * 1e9 - float(r["current_month_rcpt_outly_amt"])
            r["current_month_rcpt_outly_amt"] = f"{change[desc] * 1e9:.2f}"
        if desc == "Total":
            r["current_month_rcpt_outly_amt"] = f"{float(r['current_month_rcpt_outly_amt']) + delta:.2f}"
            delta = 0.0
    return rows


def _synthetic_store(root: Path) -> Path:
    """SYNTHETIC store: 36 monthly Table 9 and Table 4 answers, read through the mirror walk and the store."""
    from ustmon.update import run_update

    (root / "fiscaldata").mkdir()
    t9 = json.loads((FIXTURES / "ustmon-fixture-mts_table_9.json").read_text())
    t4 = json.loads((FIXTURES / "ustmon-fixture-mts_table_4.json").read_text())
    rows9, rows4 = [], []
    for m in MONTHS:
        rows9 += _table9_rows(m, t9["data"])
        for r in copy.deepcopy(t4["data"]):
            r["record_date"] = (m + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
            rows4.append(r)
    for name, rows in [("synthetic-mts_table_9.json", rows9), ("synthetic-mts_table_4.json", rows4)]:
        doc = {"data": rows, "meta": {"count": len(rows), "total-count": len(rows), "total-pages": 1}, "links": {}}
        (root / "fiscaldata" / name).write_text(json.dumps(doc))
    db = root / "store.duckdb"
    outcomes = run_update(["fiscaldata"], store_path=db, mirror=root)
    assert not [o.error for o in outcomes if o.error]
    return db


@pytest.fixture(scope="module")
def category_store(tmp_path_factory) -> Path:
    return _synthetic_store(tmp_path_factory.mktemp("synthetic_mts"))


@pytest.fixture(scope="module")
def store_with_gdp(tmp_path_factory, shared_data) -> Path:
    """The SYNTHETIC Table 9/4 store plus the mirror's FRED files (real GDP), read in place."""
    from ustmon.update import run_update

    db = _synthetic_store(tmp_path_factory.mktemp("synthetic_mts_gdp"))
    outcomes = run_update(["fred"], store_path=db, mirror=shared_data)
    assert not [o.error for o in outcomes if o.error]
    return db


@pytest.fixture(scope="module")
def cdata(category_store):
    d = Data(category_store)
    yield d
    d.close()


def _row(df: pd.DataFrame, **where) -> pd.Series:
    sel = df
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, where
    return sel.iloc[0]


def test_the_synthetic_answers_are_stored_as_table_9_series(cdata):
    ni = cdata.series("MTS.OUTLAYS.NET_INTEREST")
    assert ni.loc["2022-09-01"] == pytest.approx(90_000.0) and ni.loc["2023-09-01"] == pytest.approx(100_000.0)  # $mn
    assert cdata.series("MTS.RECEIPTS.FED_EARNINGS").loc["2024-09-01"] == pytest.approx(512.0)
    # other receipts (derived) = excise 8 + estate and gift 2 + miscellaneous 2.3 ($bn)
    assert cdata.series("MTS.RECEIPTS.OTHER").loc["2024-09-01"] == pytest.approx(12_300.0)


def test_monthly_contributions_end_to_end(cdata):
    c = fiscal.contributions(cdata)
    sep23 = c[c["date"] == pd.Timestamp("2023-09-01")]
    ni = _row(sep23, side="outlays", component="net_interest")
    assert ni["level_12m"] == pytest.approx(1200.0) and ni["change_usd_bn"] == pytest.approx(120.0)
    assert ni["deficit_impact_usd_bn"] == pytest.approx(120.0)
    tax = _row(sep23, side="receipts", component="individual_income_tax")
    assert tax["change_usd_bn"] == pytest.approx(-84.0) and tax["deficit_impact_usd_bn"] == pytest.approx(84.0)
    # receipts total a year earlier: 12 x 301.8 -> contribution -84 / 3621.6 x 100
    assert tax["contribution_pp"] == pytest.approx(-100 * 84 / (12 * 301.8))
    assert _row(sep23, side="receipts", component="fed_remittances")["change_usd_bn"] == pytest.approx(0.0)
    assert c["date"].min() == pd.Timestamp("2023-09-01")  # first 12m window ends 2022-09, a year later its change


def test_fiscal_year_contributions(cdata):
    fy = fiscal.contributions_fy(cdata)
    assert sorted(fy["fiscal_year"].unique()) == [2023, 2024]
    y23 = fy[fy["fiscal_year"] == 2023]
    assert _row(y23, component="net_interest")["level_usd_bn"] == pytest.approx(1200.0)
    assert _row(y23, component="net_interest")["deficit_impact_usd_bn"] == pytest.approx(120.0)
    # outlays total FY2022: 12 x 668.6 = 8023.2
    assert _row(y23, component="net_interest")["contribution_pp"] == pytest.approx(100 * 120 / 8023.2)
    assert _row(y23, component="individual_income_tax")["deficit_impact_usd_bn"] == pytest.approx(84.0)
    # the deficit widened by 120 + 84 in FY2023 and narrowed by 24 (customs 2 x 12) in FY2024
    assert _row(y23, component="deficit_change")["deficit_impact_usd_bn"] == pytest.approx(204.0)
    y24 = fy[fy["fiscal_year"] == 2024]
    assert _row(y24, component="customs_duties")["change_usd_bn"] == pytest.approx(24.0)
    assert _row(y24, component="deficit_change")["deficit_impact_usd_bn"] == pytest.approx(-24.0)
    parts = y24[~y24["component"].isin(["total", "deficit_change"])]["deficit_impact_usd_bn"].sum()
    assert parts == pytest.approx(-24.0)
    assert _row(y24, component="deficit_change")["date"] == pd.Timestamp("2024-09-30")
    assert fy.attrs["units"]["deficit_impact_pct_gdp"] == "pct_of_gdp"


def test_categories_latest_12_months_vs_a_year_earlier(cdata):
    t = fiscal.categories(cdata)
    assert set(t["window"]) == {"2023-10..2024-09"} and set(t["window_year_earlier"]) == {"2022-10..2023-09"}
    cu = _row(t, component="customs_duties")
    assert cu["latest_12m"] == pytest.approx(108.0) and cu["year_earlier_12m"] == pytest.approx(84.0)
    assert cu["change_pct"] == pytest.approx(100 * 24 / 84) and cu["deficit_impact_usd_bn"] == pytest.approx(-24.0)
    ni = _row(t, component="net_interest")
    assert ni["change_usd_bn"] == pytest.approx(0.0)
    # outlays total 12 x 678.6 = 8143.2 ($bn); net interest 1200 of it
    assert ni["share_of_side_pct"] == pytest.approx(100 * 1200 / 8143.2)
    assert list(t["side"].unique()) == ["receipts", "outlays"]
    assert t.groupby("side")["component"].last().tolist() == ["total", "total"]  # totals last, bars sorted by size
    assert len(t) == len(fiscal.RECEIPT_SOURCES) + len(fiscal.OUTLAY_FUNCTIONS) + 2


def test_a_missing_month_is_not_bridged():
    """SYNTHETIC: a gap must not let a 12-row rolling sum span 13 months."""
    idx = pd.date_range("2019-10-01", "2024-09-01", freq="MS")
    comp = pd.DataFrame({"a": 1.0}, index=idx.delete(20)).reindex(idx)  # 2021-06 missing, as _categories leaves it
    out = fiscal.yoy_contributions(comp, "receipts")
    # windows holding 2021-06 end 2021-06..2022-05; a change also needs the window a year earlier
    assert out["date"].min() == pd.Timestamp("2023-06-01")
    assert out["change_usd_bn"].eq(0).all()


def test_synthetic_fy_contributions_pct_gdp():
    """SYNTHETIC: 12 months of 10 then 12 months of 13 outlays; FY GDP 1000 -> deficit impact 36 = 3.6 pp."""
    idx = pd.date_range("2022-10-01", periods=24, freq="MS")
    comp = pd.DataFrame({"x": [10.0] * 12 + [13.0] * 12}, index=idx)
    out = fiscal.fy_contributions(comp, "outlays", pd.Series({2023: 900.0, 2024: 1000.0}))
    r = out[(out["component"] == "x")].iloc[0]
    assert r["fiscal_year"] == 2024 and r["deficit_impact_usd_bn"] == pytest.approx(36.0)
    assert r["deficit_impact_pct_gdp"] == pytest.approx(3.6) and r["contribution_pp"] == pytest.approx(30.0)


# --------------------------------------------------------------------------- offline: refused, not blank
CATEGORY_VIEWS = ["categories", "contributions", "contributions-fy"]


@pytest.mark.parametrize("view", CATEGORY_VIEWS)
def test_category_views_refuse_on_the_mirror_store(mirror_store, view):
    """The mirror holds no MTS Table 9/4: CLI prints one `refused:` line, the API raises CoverageError."""
    import ustmon
    from ustmon.cli import app

    r = CliRunner().invoke(app, ["--store", str(mirror_store), "fiscal", view], env={"COLUMNS": "400"})
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert r.exit_code == 1 and len(lines) == 1, r.output
    assert lines[0].startswith("refused: ") and "MTS Table 9" in lines[0]
    assert "only the live Fiscal Data API" in lines[0]
    assert "MTS.RECEIPTS.INDIVIDUAL_INCOME_TAX" in lines[0]
    with pytest.raises(CoverageError, match="missing from the store"):
        ustmon.view("fiscal", view, store=mirror_store)


# --------------------------------------------------------------------------- interest: budget vs national accounts
@pytest.fixture(scope="module")
def measures(mirror_store):
    with Data(mirror_store) as d:
        return fiscal.interest_measures(d)


def test_nipa_interest_pct_gdp_2024q2(measures):
    """fred/processed_opxie1: A091RC1Q027SBEA 2024-04-01 = 1103.565, GDP 2024-04-01 = 29147.044 ($bn SAAR)."""
    row = measures.loc["2024-04-01"]
    assert row["interest_payments_nipa_usd_bn_saar"] == pytest.approx(1103.565)
    assert row["gdp_usd_bn_saar"] == pytest.approx(29147.044)
    assert row["interest_payments_nipa_pct_gdp"] == pytest.approx(100 * 1103.565 / 29147.044)  # 3.786%


def test_budget_and_nipa_measures_fy2015(measures):
    """FY2015 (2014Q4..2015Q3): FRED FYOINT (fred/legacy_2017/FYOINT.csv) 2015-09-30 = 223181 $mn; GDP 2014-10-01
    17912.079, 2015-01-01 18063.529, 2015-04-01 18279.784, 2015-07-01 18401.626; A091RC1Q027SBEA 442.283,
    428.689, 425.877, 427.881 on the same dates."""
    gdp4 = np.mean([17912.079, 18063.529, 18279.784, 18401.626])
    nipa4 = np.mean([442.283, 428.689, 425.877, 427.881])
    row = measures.loc["2015-07-01"]  # the quarter FY2015 ends in
    assert row["net_interest_outlays_mts_usd_bn"] == pytest.approx(223.181)
    assert row["net_interest_basis"] == "OMB fiscal year (FRED FYOINT)"
    assert row["net_interest_outlays_mts_pct_gdp"] == pytest.approx(100 * 223.181 / gdp4)  # 1.23%
    assert row["interest_payments_nipa_4q_pct_gdp"] == pytest.approx(100 * nipa4 / gdp4)  # 2.37%
    # the national-accounts measure runs about twice the budget one: they are different concepts
    assert row["interest_payments_nipa_4q_pct_gdp"] > 1.8 * row["net_interest_outlays_mts_pct_gdp"]
    assert np.isnan(measures.loc["2015-04-01", "net_interest_outlays_mts_pct_gdp"])  # no budget figure mid-year


def test_interest_measures_are_labelled(measures):
    u = measures.attrs["units"]
    assert u["net_interest_outlays_mts_pct_gdp"] == u["interest_payments_nipa_pct_gdp"] == "pct_of_gdp"
    desc = measures.attrs["description"]
    assert "must not be mixed" in desc and "net of interest received by trust funds" in desc
    assert "accrual basis" in desc and "A091RC1Q027SBEA" in desc
    assert measures.index.max() == pd.Timestamp("2026-01-01")  # A091RC1Q027SBEA and GDP run to 2026Q1


def test_synthetic_mts_12m_interest_measure():
    """SYNTHETIC: 12 months of 80 net interest to 2024-06 -> 960 over the mean GDP of 2023Q3..2024Q2 (24000)."""
    q = pd.date_range("2023-07-01", periods=4, freq="QS")
    gdp = pd.Series([23000.0, 23500.0, 24500.0, 25000.0], index=q)
    m12 = pd.Series([960.0], index=pd.DatetimeIndex(["2024-04-01"]))
    t = fiscal.interest_measures_table(gdp, None, m12, pd.Series([900.0], index=pd.DatetimeIndex(["2023-07-01"])))
    assert t.loc["2024-04-01", "net_interest_outlays_mts_pct_gdp"] == pytest.approx(4.0)
    assert t.loc["2024-04-01", "net_interest_basis"] == "MTS, 12 months to quarter end"
    assert "2023-07-01" not in t.index  # the FY figure needs four quarters of GDP for its denominator


# fred/processed_opxie1/GDP-processed.csv, FY2023 quarters: 2022-10-01 26770.514, 2023-01-01 27216.445,
# 2023-04-01 27530.055, 2023-07-01 28074.846 ($bn SAAR)
GDP_FY2023 = np.mean([26770.514, 27216.445, 27530.055, 28074.846])


def test_live_shaped_budget_interest_over_real_gdp(store_with_gdp):
    """SYNTHETIC MTS net interest (100 a month in FY2023) over the file's GDP: the 12-month budget measure."""
    with Data(store_with_gdp) as d:
        m = fiscal.interest_measures(d)
        fy = fiscal.contributions_fy(d)
    row = m.loc["2023-07-01"]  # 12 months to September 2023
    assert row["net_interest_basis"] == "MTS, 12 months to quarter end"
    assert row["net_interest_outlays_mts_usd_bn"] == pytest.approx(1200.0)
    assert row["net_interest_outlays_mts_pct_gdp"] == pytest.approx(100 * 1200 / GDP_FY2023)  # 4.38%
    assert m.loc["2023-04-01", "net_interest_outlays_mts_usd_bn"] == pytest.approx(9 * 100 + 3 * 90)  # Jul 22..Jun 23
    # MTS wins over FYOINT where both exist; FYOINT (to FY2016) still fills the years before the MTS months
    assert m.loc["2016-07-01", "net_interest_basis"] == "OMB fiscal year (FRED FYOINT)"
    ni = _row(fy[fy["fiscal_year"] == 2023], component="net_interest")
    assert ni["deficit_impact_pct_gdp"] == pytest.approx(100 * 120 / GDP_FY2023)
