"""Monthly Statement of the Public Debt: Table 1 (summary) and Table 3 (detail by CUSIP), real downloads in place.

Values typed from fiscaldata/not-yet-read/MSPD_SumSecty_20010131_20260531.csv and
MSPD_DetailSecty_2023083*.csv / _20230930_*.csv (the shared data README's cross-checks 18-20).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ustmon.errors import BadValueError
from ustmon.sources.fiscaldata import BASE, MSPD3_COLUMNS, MSPD3_DATASET, SOURCE

SUM = "fiscaldata/not-yet-read/MSPD_SumSecty_20010131_20260531.csv"
DETAIL = "fiscaldata/not-yet-read/MSPD_DetailSecty_20230930_20230930.csv"
DETAIL_AUG = "fiscaldata/not-yet-read/MSPD_DetailSecty_20230831_20230831.csv"


def _val(res, sid: str, date: str) -> float:
    o = res.observations
    v = o[(o.series_id == sid) & (o.date == pd.Timestamp(date))]["value"]
    assert len(v) == 1, f"{sid} {date}: {len(v)} values"
    return float(v.iloc[0])


def _has(res, sid: str, date: str) -> bool:
    o = res.observations
    return bool(((o.series_id == sid) & (o.date == pd.Timestamp(date))).any())


@pytest.fixture(scope="module")
def table1(shared_data: Path):
    p = shared_data / SUM
    return SOURCE.parse(p.read_bytes(), str(p), "fiscaldata_csv")


@pytest.fixture(scope="module")
def table3(shared_data: Path):
    p = shared_data / DETAIL
    return SOURCE.parse(p.read_bytes(), str(p), "fiscaldata_csv")


def test_table1_totals_against_published_figures(table1):
    # Total Public Debt Outstanding (in Millions), $mn, dated the first day of the month
    assert _val(table1, "MSPD.TOTAL", "2024-09-01") == pytest.approx(35464673.917, abs=0.001)
    assert _val(table1, "MSPD.TOTAL", "2023-09-01") == pytest.approx(33167333.83, abs=0.01)
    assert _val(table1, "MSPD.TOTAL", "2015-12-01") == pytest.approx(18922179.00, abs=0.01)
    assert _val(table1, "MSPD.MARKETABLE.TOTAL", "2023-09-01") == 25753682.650781
    assert _val(table1, "MSPD.MARKETABLE.BILLS", "2023-09-01") == 5260406.9244
    assert _val(table1, "MSPD.MARKETABLE.BILLS", "2024-11-01") == pytest.approx(6389763.232, abs=0.001)
    assert _val(table1, "MSPD.MARKETABLE.BILLS", "2024-12-01") == pytest.approx(6186882.071, abs=0.001)
    assert not table1.units  # $ millions as published, the catalog unit


def test_table1_2001_labels(table1):
    # 2001-01-31: the grand total is "Total Treasury Securities Outstanding" (from 2001-03 "Total Public Debt ...")
    assert _val(table1, "MSPD.TOTAL", "2001-01-01") == 5716071.175
    assert _val(table1, "MSPD.TOTAL.PUBLIC", "2001-01-01") == 3388016.372
    assert _has(table1, "MSPD.TOTAL", "2001-02-01") and _has(table1, "MSPD.TOTAL", "2001-03-01")
    # TIPS on two lines until 2004-05, each its own series
    assert _val(table1, "MSPD.MARKETABLE.TIPS_NOTES", "2001-01-01") == 88312.716
    assert _val(table1, "MSPD.MARKETABLE.TIPS_BONDS", "2001-01-01") == 38978.946
    assert not _has(table1, "MSPD.MARKETABLE.TIPS", "2001-01-01")
    assert _has(table1, "MSPD.MARKETABLE.TIPS_NOTES", "2004-05-01")
    assert not _has(table1, "MSPD.MARKETABLE.TIPS_NOTES", "2004-06-01")
    assert _has(table1, "MSPD.MARKETABLE.TIPS", "2004-06-01")  # "Treasury Inflation-Protected Securities"
    # Federal Financing Bank: 2001-01-31 line 6, 0 public + 14999.99 intragovernmental
    assert _val(table1, "MSPD.MARKETABLE.FFB", "2001-01-01") == 14999.99
    assert _val(table1, "MSPD.MARKETABLE.FFB.INTRAGOV", "2001-01-01") == 14999.99
    # FRNs from 2014-01
    frn = table1.observations[table1.observations.series_id == "MSPD.MARKETABLE.FRN"]
    assert frn.date.min() == pd.Timestamp("2014-01-01")


def test_table1_every_month_has_the_totals(table1):
    o = table1.observations
    months = o.date.unique()
    assert len(months) == 305  # 2001-01 .. 2026-05
    for sid in ["MSPD.TOTAL", "MSPD.MARKETABLE.TOTAL", "MSPD.NONMARKETABLE.TOTAL", "MSPD.MARKETABLE.BILLS"]:
        assert o[o.series_id == sid].date.nunique() == 305, sid


def test_table1_api_json_layout(shared_data: Path):
    """The API JSON of mspd_table_1 with the 2001 labels parses like the download (rows rebuilt from the CSV)."""
    import csv

    text = (shared_data / SUM).read_text(encoding="utf-8-sig")
    rows = [r for r in csv.DictReader(text.splitlines()) if r["Record Date"] == "2001-01-31"]
    data = [{"record_date": r["Record Date"], "security_type_desc": r["Security Type Description"],
             "security_class_desc": "null" if r["Security Class Description"] == "_" else r["Security Class Description"],
             "debt_held_public_mil_amt": r["Debt Held by the Public (in Millions)"],
             "intragov_hold_mil_amt": r["Intragovernmental Holdings (in Millions)"],
             "total_mil_amt": r["Total Public Debt Outstanding (in Millions)"]} for r in rows]
    res = SOURCE.parse(json.dumps({"data": data}).encode(), BASE + "v1/debt/mspd/mspd_table_1", "fiscaldata_json")
    assert _val(res, "MSPD.TOTAL", "2001-01-01") == 5716071.175
    assert _val(res, "MSPD.MARKETABLE.TIPS_NOTES", "2001-01-01") == 88312.716


# --- Table 3 -----------------------------------------------------------------------------------------
def test_table3_records(table3):
    df = table3.records[MSPD3_DATASET]
    assert table3.record_keys[MSPD3_DATASET] == ["record_date", "cusip"]
    assert list(df.columns) == MSPD3_COLUMNS
    assert not df.duplicated(["record_date", "cusip"]).any()
    assert set(df.security_class) == {"bills", "notes", "bonds", "tips", "frn"}
    assert (df.record_date == "2023-09-30").all()
    # bill CUSIPs add up to "Total Unmatured Treasury Bills" 5,260,406.5094 (cross-check 19)
    assert df[df.security_class == "bills"].outstanding_mil.sum() == pytest.approx(5260406.5094, abs=1e-4)
    # 912828B25, a TIPS with three tranches (lines 666-668): outstanding 53,681.42259555 on the first tranche,
    # issued 14,999.9986 + 12,999.9666 + 12,979.7841, inflation adjustment 4,649.24956608 + ...
    t = df.set_index("cusip").loc["912828B25"]
    assert t.security_class == "tips" and t.security_class_desc == "Inflation-Protected Securities"
    assert t.outstanding_mil == 53681.42259555 and t.tranches == 3
    assert t.issued_mil == pytest.approx(14999.9986 + 12999.9666 + 12979.7841)
    assert t.outstanding_mil == pytest.approx(t.issued_mil + t.inflation_adjusted_mil)
    assert t.interest_rate_pct == 0.625 and t.yield_pct == 0.661
    assert t.issue_date == pd.Timestamp("2014-01-31") and t.maturity_date == pd.Timestamp("2024-01-15")
    assert t.last_issue_date == pd.Timestamp("2014-05-30")
    # 912797GV3, bill, line 1 (rows are not in line order): outstanding 186,103.8, yield 5.325 on the 2023-06-06 tranche
    b = df.set_index("cusip").loc["912797GV3"]
    assert b.security_class == "bills" and b.outstanding_mil == 186103.8 and b.yield_pct == 5.325
    assert np.isnan(b.interest_rate_pct) and np.isnan(b.inflation_adjusted_mil)


def test_table3_subtotal_series(table3):
    assert _val(table3, "MSPD3.BILLS.UNMATURED", "2023-09-01") == 5260406.5094
    assert _val(table3, "MSPD3.BILLS.TOTAL", "2023-09-01") == 5260406.9244  # = Table 1 bills
    assert _val(table3, "MSPD3.MARKETABLE.TOTAL", "2023-09-01") == 25753682.650781  # = Table 1
    assert _val(table3, "MSPD3.TOTAL", "2023-09-01") == 33167333.8254573
    assert _val(table3, "MSPD3.FFB", "2023-09-01") == 5492.206


def test_table3_august(shared_data: Path):
    p = shared_data / DETAIL_AUG
    res = SOURCE.parse(p.read_bytes(), str(p), "fiscaldata_csv")
    assert _val(res, "MSPD3.MARKETABLE.TOTAL", "2023-08-01") == 25477563.0207613
    df = res.records[MSPD3_DATASET]
    assert (df.record_date == "2023-08-31").all() and len(df) == 442


def test_table3_refuses_bills_that_do_not_add_up(shared_data: Path):
    p = shared_data / DETAIL
    raw = p.read_bytes()
    # drop one bill CUSIP's outstanding amount (912797GV3, 186103.8): the bill total no longer matches
    body = raw.replace(b",44854.0475,0,0,186103.8,", b",44854.0475,0,0,null,", 1)
    assert body != raw
    with pytest.raises(BadValueError) as e:
        SOURCE.parse(body, str(p), "fiscaldata_csv")
    assert "Total Unmatured Treasury Bills".lower() in str(e.value).lower()
    lines = raw.decode().split("\r\n")
    assert "Total Unmatured Treasury Bills" in lines[e.value.line - 1]  # the error names the subtotal's line


def test_table3_market_api_json(shared_data: Path):
    """mspd_table_3_market (API field names, marketable only): the same records from the same rows."""
    import csv

    from ustmon.sources.fiscaldata_csv import LABELS, EP_MSPD3M

    text = (shared_data / DETAIL).read_text()
    labels = LABELS[EP_MSPD3M]
    data = [{labels[k]: v for k, v in r.items() if k in labels}
            for r in csv.DictReader(text.splitlines()) if r["Security Type Description"] == "Marketable"]
    res = SOURCE.parse(json.dumps({"data": data}).encode(), BASE + "v1/debt/mspd/mspd_table_3_market", "fiscaldata_json")
    df = res.records[MSPD3_DATASET]
    assert len(df) == 439
    assert df[df.security_class == "bills"].outstanding_mil.sum() == pytest.approx(5260406.5094, abs=1e-4)


def test_table3_api_json_two_months(shared_data: Path):
    """mspd_table_3 JSON spanning two months (rows of both downloads): each month checked on its own."""
    import csv

    from ustmon.sources.fiscaldata_csv import EP_MSPD3, LABELS

    labels = LABELS[EP_MSPD3]
    data = []
    for rel in (DETAIL_AUG, DETAIL):
        text = (shared_data / rel).read_text()
        data += [{labels[k]: v for k, v in r.items() if k in labels} for r in csv.DictReader(text.splitlines())]
    res = SOURCE.parse(json.dumps({"data": data}).encode(), BASE + "v1/debt/mspd/mspd_table_3", "fiscaldata_json")
    df = res.records[MSPD3_DATASET]
    assert df.groupby("record_date").size().to_dict() == {"2023-08-31": 442, "2023-09-30": 439}
    assert _val(res, "MSPD3.BILLS.UNMATURED", "2023-09-01") == 5260406.5094
    # August's bill CUSIPs add up to its own subtotal (5,073,921.9969)
    aug = df[(df.record_date == "2023-08-31") & (df.security_class == "bills")]
    assert aug.outstanding_mil.sum() == pytest.approx(_val(res, "MSPD3.BILLS.UNMATURED", "2023-08-01"), abs=1e-4)
