"""Fiscal Data API parser: hand-written fixtures in the API layout, plus the real auctions sample in place."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import numpy as np
import pandas as pd
import pytest

from ustmon.errors import (
    BadDateError,
    BadValueError,
    DuplicateDateError,
    EmptyBodyError,
    HtmlInsteadOfDataError,
    MissingColumnError,
    TruncatedFileError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources.fiscaldata import BASE, SOURCE
from ustmon.sources.treasurydirect import AUCTION_COLUMNS
from ustmon.units import UNITS

FX = Path(__file__).resolve().parents[1] / "fixtures" / "fiscaldata"
AUCTIONS = "auctions/fiscaldata_auctions_query_3records-processed.json"


def _fx(name: str) -> tuple[bytes, str]:
    p = FX / f"ustmon-fixture-{name}.json"
    return p.read_bytes(), str(p)


def _parse(name: str):
    raw, origin = _fx(name)
    return SOURCE.parse(raw, origin, "fiscaldata_json")


def _val(res, sid: str, date: str) -> float:
    o = res.observations
    return float(o[(o.series_id == sid) & (o.date == pd.Timestamp(date))]["value"].iloc[0])


def test_registry_and_catalog():
    assert get_source("fiscaldata") is SOURCE
    cat = SOURCE.catalog()
    ids = {m.id for m in cat}
    for sid in ["MTS.RECEIPTS.TOTAL", "MTS.OUTLAYS.TOTAL", "MTS.DEFICIT", "MTS.RECEIPTS.FED_EARNINGS",
                "MTS.OUTLAYS.NET_INTEREST", "MSPD.MARKETABLE.BILLS", "MSPD.TOTAL.PUBLIC", "DTTP.TOTAL",
                "AIR.TOTAL_INTEREST_BEARING", "INTEXP.MARKETABLE"]:
        assert sid in ids
    for m in cat:
        assert m.unit in UNITS and m.url.startswith("https://fiscaldata.treasury.gov/") and m.attribution


def test_real_auctions_sample(shared_data: Path):
    p = shared_data / AUCTIONS
    res = SOURCE.parse(p.read_bytes(), str(p), "fiscaldata_json")
    df = res.records["auctions"]
    assert res.record_keys["auctions"] == ["cusip", "auction_date"]
    assert list(df.columns) == AUCTION_COLUMNS and len(df) == 3
    a = df.set_index("cusip")
    n3 = a.loc["91282CGL9"]
    assert n3["auction_date"] == pd.Timestamp("2023-02-07") and n3["security_term"] == "3-Year"
    assert n3["high_yield"] == 4.0730 and n3["bid_to_cover"] == 2.33
    assert n3["offering_amt_usd"] == 40_000_000_000 and n3["total_accepted"] == 55631649500
    assert n3["soma_accepted"] == 15631526200 and n3["primary_dealer_accepted"] == 7898050000
    assert n3["high_allocation_pct"] == 92.21 and n3["interest_rate"] == 4.0
    assert np.isnan(n3["high_discount_rate"])  # "null" -> NaN
    b20 = a.loc["912810UV8"]
    assert b20["reopening"] and b20["security_term"] == "19-Year 11-Month"
    assert b20["auction_date"] == pd.Timestamp("2026-06-16") and b20["high_yield"] == 4.9270
    assert b20["offering_amt_usd"] == 13_000_000_000 and b20["soma_accepted"] == 0
    n2 = a.loc["91282CQY0"]
    assert n2["auction_date"] == pd.Timestamp("2026-06-23") and n2["bid_to_cover"] == 2.64
    assert n2["high_yield"] == 4.1890 and n2["high_allocation_pct"] == 5.66


def test_mts_table_1_fiscal_year_months_and_newest_edition():
    res = _parse("mts_table_1")
    assert res.units["MTS.DEFICIT"] == "usd" and res.series["MTS.DEFICIT"].unit == "usd_mn"
    # FY2025 October = October 2024; the 2024-11-30 edition revised it
    assert _val(res, "MTS.DEFICIT", "2024-10-01") == -257270000000.43
    assert _val(res, "MTS.RECEIPTS.TOTAL", "2024-10-01") == 326950000000.12
    # FY2024 November = November 2023
    assert _val(res, "MTS.OUTLAYS.TOTAL", "2023-11-01") == 589000000000.00
    assert np.isnan(_val(res, "MTS.OUTLAYS.TOTAL", "2024-11-01"))  # "null" stays missing
    assert res.observations.date.min() == pd.Timestamp("2023-10-01")
    assert len(res.observations) == 12  # 4 months x 3 series; Year-to-Date rows ignored
    assert any("superseded" in n for n in res.notes)


def test_mts_table_9_sources_and_functions():
    res = _parse("mts_table_9")
    d = "2024-11-01"
    assert _val(res, "MTS.RECEIPTS.INDIVIDUAL_INCOME_TAX", d) == 167e9
    assert _val(res, "MTS.RECEIPTS.CORPORATE_INCOME_TAX", d) == 3.5e9
    assert _val(res, "MTS.RECEIPTS.SOCIAL_INSURANCE", d) == 112e9  # sum of the three sub-lines
    assert _val(res, "MTS.RECEIPTS.CUSTOMS_DUTIES", d) == 7e9
    assert _val(res, "MTS.RECEIPTS.OTHER", d) == pytest.approx(12.3e9)  # 301.8 - 167 - 3.5 - 112 - 7
    assert _val(res, "MTS.OUTLAYS.HEALTH", d) == 82e9
    assert _val(res, "MTS.OUTLAYS.NET_INTEREST", d) == 90e9
    assert _val(res, "MTS.OUTLAYS.SOCIAL_SECURITY", d) == 130e9
    assert _val(res, "MTS.OUTLAYS.OTHER", d) == pytest.approx(91.6e9)
    assert "MTS.RECEIPTS.TOTAL" not in res.series  # totals come from Table 1 only


def test_mts_table_4_fed_earnings():
    res = _parse("mts_table_4")
    assert list(res.observations.series_id) == ["MTS.RECEIPTS.FED_EARNINGS"]
    assert _val(res, "MTS.RECEIPTS.FED_EARNINGS", "2024-11-01") == 512_000_000


def test_mspd_table_1():
    res = _parse("mspd_table_1")
    d = "2024-11-01"
    assert _val(res, "MSPD.MARKETABLE.BILLS", d) == 6201100.123
    assert _val(res, "MSPD.MARKETABLE.BILLS.PUBLIC", d) == 6200000.123
    assert _val(res, "MSPD.MARKETABLE.TIPS", d) == 2000040.0
    assert _val(res, "MSPD.MARKETABLE.FRN", d) == 650000.0
    assert _val(res, "MSPD.MARKETABLE.TOTAL", d) == 28553540.123
    assert _val(res, "MSPD.NONMARKETABLE.TOTAL.INTRAGOV", d) == 7150000.0
    assert _val(res, "MSPD.TOTAL", d) == 35953540.123
    assert _val(res, "MSPD.MARKETABLE.FFB", d) == 0.0  # the Federal Financing Bank line has its own series
    assert np.isnan(_val(res, "MSPD.MARKETABLE.FFB.INTRAGOV", d))  # "null" -> NaN
    assert not res.units  # MSPD is published in $ millions, the catalog unit
    assert res.observations.series_id.nunique() == 27


def test_debt_to_penny_and_null():
    res = _parse("debt_to_penny")
    assert _val(res, "DTTP.TOTAL", "2024-12-02") == 36070000000000.65
    assert _val(res, "DTTP.PUBLIC", "2024-12-04") == 28890000000000.25
    assert np.isnan(_val(res, "DTTP.INTRAGOV", "2024-12-03"))
    assert res.units == {"DTTP.TOTAL": "usd", "DTTP.PUBLIC": "usd", "DTTP.INTRAGOV": "usd"}
    assert res.observations.date.dtype == "datetime64[ns]" and res.observations.value.dtype == "float64"


def test_avg_interest_rates():
    res = _parse("avg_interest_rates")
    d = "2024-11-01"
    assert _val(res, "AIR.BILLS", d) == 4.712
    assert _val(res, "AIR.TIPS", d) == 0.853
    assert _val(res, "AIR.FRN", d) == 4.601
    assert _val(res, "AIR.MARKETABLE.TOTAL", d) == 3.321
    assert _val(res, "AIR.TOTAL_INTEREST_BEARING", d) == 3.215
    assert len(res.observations) == 7


def test_interest_expense():
    res = _parse("interest_expense")
    assert _val(res, "INTEXP.TOTAL", "2024-11-01") == pytest.approx(89.9e9)
    assert _val(res, "INTEXP.MARKETABLE", "2024-11-01") == pytest.approx(75.5e9)  # no savings bonds, no GAS


def test_paging_with_mock_transport():
    pages = {1: _fx("debt_to_penny_page1")[0], 2: _fx("debt_to_penny_page2")[0]}
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        n = int(request.url.params["page[number]"])
        seen.append((request.url.path, dict(request.url.params)))
        return httpx.Response(200, content=pages[n])

    req = SOURCE.live_requests(series=["DTTP.TOTAL"], since=pd.Timestamp("2024-12-01"))[0]
    assert req.url == BASE + "v2/accounting/od/debt_to_penny"
    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        payloads = SOURCE.fetch(req, http)
    assert [p["page[number]"] for _, p in seen] == ["1", "2"]
    assert seen[0][1]["filter"] == "record_date:gte:2024-12-01" and seen[0][1]["page[size]"] == "10000"
    assert len(payloads) == 1
    raw, origin = payloads[0]
    res = SOURCE.parse(raw, origin, req.kind)
    assert res.observations.date.nunique() == 3
    assert _val(res, "DTTP.TOTAL", "2024-12-04") == 36100000000000.25


def test_live_requests():
    reqs = SOURCE.live_requests()
    urls = {r.url for r in reqs}
    assert BASE + "v1/accounting/mts/mts_table_1" in urls and BASE + "v1/accounting/od/auctions_query" in urls
    assert all(r.params["page[size]"] == 10000 and r.kind == "fiscaldata_json" for r in reqs)
    (mts,) = SOURCE.live_requests(series=["MTS.DEFICIT"], since=pd.Timestamp("2025-03-15"))
    assert mts.params["filter"] == "record_date:gte:2024-10-01"  # back to the fiscal year's start
    (auc,) = [r for r in SOURCE.live_requests(since=pd.Timestamp("2026-01-01")) if r.url.endswith("auctions_query")]
    assert auc.params["filter"] == "auction_date:gte:2026-01-01"


def test_mirror_files(shared_data: Path):
    files = SOURCE.mirror_files(shared_data)
    names = {f.path.name: f.kind for f in files}
    assert names["fiscaldata_auctions_query_3records-processed.json"] == "fiscaldata_json"
    # recognised by content: JSON envelopes and Fiscal Data CSV downloads, never another source's files
    assert all(k in ("fiscaldata_json", "fiscaldata_csv") for k in names.values())
    assert all(f.path.suffix in (".json", ".csv") for f in files)
    assert not any("powershell" in n for n in names)  # UTF-16 PowerShell export: treasurydirect's
    assert not any("openbb_vcr_cassettes" in f.path.parts for f in files)


# --- bad inputs ----------------------------------------------------------------------
def _mutate(name: str, fn) -> tuple[bytes, str]:
    raw, origin = _fx(name)
    doc = json.loads(raw)
    fn(doc["data"])
    return json.dumps(doc).encode(), origin


def test_truncated():
    raw, origin = _fx("debt_to_penny")
    with pytest.raises(TruncatedFileError) as e:
        SOURCE.parse(raw[: len(raw) - 40], origin, "fiscaldata_json")
    assert origin in str(e.value)


def test_html_and_empty():
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<html><head><title>503</title></head></html>", BASE + "v2/accounting/od/debt_to_penny",
                     "fiscaldata_json")
    with pytest.raises(EmptyBodyError):
        SOURCE.parse(b"", BASE + "v2/accounting/od/debt_to_penny", "fiscaldata_json")


def test_missing_data_array():
    with pytest.raises(MissingColumnError):
        SOURCE.parse(b'{"meta": {}}', "x.json", "fiscaldata_json")


def test_renamed_field():
    raw, origin = _mutate("debt_to_penny", lambda rows: [r.update(total_amt=r.pop("tot_pub_debt_out_amt")) for r in rows])
    with pytest.raises(MissingColumnError) as e:
        SOURCE.parse(raw, BASE + "v2/accounting/od/debt_to_penny", "fiscaldata_json")
    assert e.value.field == "tot_pub_debt_out_amt"


def test_non_numeric_names_record():
    raw, origin = _mutate("avg_interest_rates", lambda rows: rows[2].update(avg_interest_rate_amt="3.4O2"))
    with pytest.raises(BadValueError) as e:
        SOURCE.parse(raw, origin, "fiscaldata_json")
    assert e.value.line == 3 and e.value.field == "avg_interest_rate_amt"


def test_bad_date_names_record():
    raw, origin = _mutate("debt_to_penny", lambda rows: rows[1].update(record_date="12/03/2024"))
    with pytest.raises(BadDateError) as e:
        SOURCE.parse(raw, origin, "fiscaldata_json")
    assert e.value.line == 2 and e.value.field == "record_date"


def test_duplicate_date():
    raw, origin = _mutate("debt_to_penny", lambda rows: rows.append(dict(rows[0])))
    with pytest.raises(DuplicateDateError) as e:
        SOURCE.parse(raw, origin, "fiscaldata_json")
    assert e.value.line == 4


def test_mts1_without_fiscal_year_parents():
    raw, origin = _mutate("mts_table_1", lambda rows: [r.update(parent_id="99") for r in rows])
    with pytest.raises(MissingColumnError) as e:
        SOURCE.parse(raw, origin, "fiscaldata_json")
    assert e.value.field == "parent_id"


def test_unknown_dataset():
    # a Fiscal Data answer of a data set ustmon does not read is skipped with a note, not an error
    res = SOURCE.parse(b'{"data": [{"record_date": "2024-01-01", "foo": "1"}]}', "x.json", "fiscaldata_json")
    assert res.observations.empty and res.notes[0].startswith("skipped:")
    with pytest.raises(MissingColumnError):  # a known endpoint whose field was renamed is still an error
        SOURCE.parse(b'{"data": [{"record_date": "2024-01-01", "foo": "1"}]}', BASE + "v2/accounting/od/debt_to_penny",
                     "fiscaldata_json")


def test_utf8_bom_and_crlf():
    raw, origin = _fx("debt_to_penny")
    doc = json.dumps(json.loads(raw), indent=2).replace("\n", "\r\n")
    res = SOURCE.parse(b"\xef\xbb\xbf" + doc.encode(), origin, "fiscaldata_json")
    assert _val(res, "DTTP.TOTAL", "2024-12-02") == 36070000000000.65
    res16 = SOURCE.parse(doc.encode("utf-16"), origin, "fiscaldata_json")
    assert len(res16.observations) == 9
