"""Daily Treasury Statement: operating cash balance (Table I) and public debt transactions (Table III-A).

Real downloads read in place: fiscaldata/DTS_OpCashBal_20210624_20260623.csv and
fiscaldata/not-yet-read/DTS_PubDebtTrans_20210624_20260623.csv; values typed from them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from ustmon.sources.fiscaldata import BASE, SOURCE
from ustmon.sources.fiscaldata_csv import EP_DTS_OCB, EP_DTS_PDT, LABELS

OCB = "fiscaldata/DTS_OpCashBal_20210624_20260623.csv"
PDT = "fiscaldata/not-yet-read/DTS_PubDebtTrans_20210624_20260623.csv"


def _val(res, sid: str, date: str) -> float:
    o = res.observations
    v = o[(o.series_id == sid) & (o.date == pd.Timestamp(date))]["value"]
    assert len(v) == 1, f"{sid} {date}: {len(v)} values"
    return float(v.iloc[0])


def _api_json(shared: Path, rel: str, ep: str, keep) -> bytes:
    """Rows of a real download rewritten with the API field names (as the live endpoint answers)."""
    labels = {**LABELS[ep], "Table Number": "table_nbr", "Source Line Number": "src_line_nbr"}
    text = (shared / rel).read_text(encoding="utf-8-sig")
    data = [{labels[k]: v for k, v in r.items() if k in labels} for r in csv.DictReader(text.splitlines()) if keep(r)]
    return json.dumps({"data": data, "meta": {"total-pages": 1}}).encode()


@pytest.fixture(scope="module")
def ocb(shared_data: Path):
    p = shared_data / OCB
    return SOURCE.parse(p.read_bytes(), str(p), "fiscaldata_csv")


@pytest.fixture(scope="module")
def pdt(shared_data: Path):
    p = shared_data / PDT
    return SOURCE.parse(p.read_bytes(), str(p), "fiscaldata_csv")


def test_tga_closing_balance_new_layout(ocb):
    # line "2024-12-31,Treasury General Account (TGA) Closing Balance,721892,721892,721892,..."
    assert _val(ocb, "DTS.TGA.CLOSE", "2024-12-31") == 721892
    assert _val(ocb, "DTS.TGA.OPEN", "2024-12-31") == 745427
    assert _val(ocb, "DTS.TGA.CLOSE", "2024-12-30") == 745427  # a day closes at the next day's opening
    assert _val(ocb, "DTS.TGA.CLOSE", "2022-04-18") == 841253  # first day of the four-line layout
    assert ocb.observations.date.max() == pd.Timestamp("2026-06-23")


def test_tga_old_layout(ocb):
    # before 2022-04-18: one line per account, no closing column in the download
    assert _val(ocb, "DTS.TGA.OPEN", "2022-04-15") == 602292  # "Treasury General Account (TGA)"
    assert _val(ocb, "DTS.TGA.CLOSE", "2022-04-15") == 578473  # = 2022-04-18 opening balance
    assert _val(ocb, "DTS.TGA.OPEN", "2021-09-30") == 173745  # "Federal Reserve Account"
    assert _val(ocb, "DTS.TGA.CLOSE", "2021-09-30") == 215160  # = 2021-10-01 opening (and FY opening)
    assert _val(ocb, "DTS.TGA.OPEN", "2021-06-24") == 733877
    # the Supplementary Financing Program and cash investment lines are not the TGA
    close = ocb.observations[ocb.observations.series_id == "DTS.TGA.CLOSE"]
    assert not close.duplicated("date").any()
    assert any("next day's opening" in n for n in ocb.notes)


def test_tga_api_json_layouts(shared_data: Path):
    # new layout as the API answers it: close_today_bal absent/null, balance in open_today_bal
    raw = _api_json(shared_data, OCB, EP_DTS_OCB, lambda r: r["Record Date"] >= "2024-12-30")
    res = SOURCE.parse(raw, BASE + EP_DTS_OCB, "fiscaldata_json")
    assert _val(res, "DTS.TGA.CLOSE", "2024-12-31") == 721892
    # old layout with the API's close_today_bal (SYNTHETIC values, API field names)
    old = {"data": [
        {"record_date": "2021-09-30", "account_type": "Federal Reserve Account", "close_today_bal": "215160",
         "open_today_bal": "173745", "open_month_bal": "355984", "open_fiscal_year_bal": "1781679"},
        {"record_date": "2021-09-30", "account_type": "Supplementary Financing Program Account",
         "close_today_bal": "0", "open_today_bal": "0", "open_month_bal": "0", "open_fiscal_year_bal": "0"}]}
    res = SOURCE.parse(json.dumps(old).encode(), BASE + EP_DTS_OCB, "fiscaldata_json")
    assert _val(res, "DTS.TGA.CLOSE", "2021-09-30") == 215160 and not res.notes


def test_public_debt_transactions_december_2024(pdt):
    # 2024-12-31 lines 1, 2 and 15: month to date 1,797,176 regular + 275,027 CMB issues, 2,275,083 redemptions
    assert _val(pdt, "DTS.ISSUES.BILLS.REGULAR.MTD", "2024-12-31") == 1797176
    assert _val(pdt, "DTS.ISSUES.BILLS.CMB.MTD", "2024-12-31") == 275027
    assert _val(pdt, "DTS.REDEMPTIONS.BILLS.MTD", "2024-12-31") == 2275083
    assert _val(pdt, "DTS.ISSUES.BILLS.MTD", "2024-12-31") == 1797176 + 275027
    # today's amounts, same day
    assert _val(pdt, "DTS.ISSUES.BILLS.REGULAR", "2024-12-31") == 209727
    assert _val(pdt, "DTS.ISSUES.NOTES", "2024-12-31") == 207006
    assert _val(pdt, "DTS.ISSUES.BONDS.MTD", "2024-12-31") == 52372
    assert _val(pdt, "DTS.ISSUES.TIPS_INCREMENT.MTD", "2024-12-31") == 2580
    assert _val(pdt, "DTS.REDEMPTIONS.NOTES", "2024-12-31") == 118508
    assert _val(pdt, "DTS.REDEMPTIONS.BONDS.MTD", "2024-12-31") == 379
    assert pdt.units == {}  # $ millions as published


def test_public_debt_transactions_ids_and_table_number(pdt):
    ids = set(pdt.observations.series_id)
    # the download has no separate TIPS/FRN lines, and nonmarketable lines are not read
    assert not any(i.startswith(("DTS.ISSUES.TIPS.", "DTS.ISSUES.FRN", "DTS.REDEMPTIONS.TIPS", "DTS.REDEMPTIONS.FRN"))
                   for i in ids)
    assert "DTS.ISSUES.TIPS" not in ids
    assert {"DTS.ISSUES.FFB", "DTS.REDEMPTIONS.FFB.MTD"} <= ids
    # both Table Number spellings (III-A to 2022-09-09, IIIA from 2022-09-12) are read
    regular = pdt.observations[pdt.observations.series_id == "DTS.ISSUES.BILLS.REGULAR"]
    assert {pd.Timestamp("2022-09-09"), pd.Timestamp("2022-09-12")} <= set(regular.date)
    assert regular.date.nunique() == 1252


def test_public_debt_transactions_api_json(shared_data: Path):
    raw = _api_json(shared_data, PDT, EP_DTS_PDT, lambda r: r["Record Date"] == "2024-12-31")
    res = SOURCE.parse(raw, BASE + EP_DTS_PDT, "fiscaldata_json")
    assert _val(res, "DTS.ISSUES.BILLS.CMB.MTD", "2024-12-31") == 275027
    assert _val(res, "DTS.REDEMPTIONS.BILLS.MTD", "2024-12-31") == 2275083


def test_live_requests_for_dts_series():
    (req,) = SOURCE.live_requests(series=["DTS.TGA.CLOSE"], since=pd.Timestamp("2024-12-01"))
    assert req.url == BASE + EP_DTS_OCB and req.params["filter"] == "record_date:gte:2024-12-01"
    (req,) = SOURCE.live_requests(series=["DTS.ISSUES.BILLS.CMB.MTD"])
    assert req.url == BASE + EP_DTS_PDT and req.kind == "fiscaldata_json"
