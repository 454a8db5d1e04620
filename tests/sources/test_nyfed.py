"""NY Fed parsers: ACM term premium (real CSV conversion in place; .xls sheet logic) and the Markets API
JSON layouts (hand-written fixtures: no real payload exists in ../shared/data).

ACM values were read from ../shared/data/nyfed/ACMTermPremium_monthly-processed.csv with grep;
README cross-check 11.
"""

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
    DateOrderError,
    DuplicateDateError,
    EmptyBodyError,
    EncodingError,
    HtmlInsteadOfDataError,
    MissingColumnError,
    TruncatedFileError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources.nyfed import ACM_COLUMNS, ACM_URL, API, SOURCE, acm_sheet_frame

ACM = "nyfed/ACMTermPremium_monthly-processed.csv"
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "nyfed"


def val(res, sid, date):
    o = res.observations
    sel = o[(o["series_id"] == sid) & (o["date"] == pd.Timestamp(date))]
    assert len(sel) == 1, (sid, date, len(sel))
    return float(sel["value"].iloc[0])


def fix(name: str) -> bytes:
    return (FIX / name).read_bytes()


def test_registered_and_catalog():
    assert get_source("nyfed") is SOURCE
    cat = {m.id: m for m in SOURCE.catalog()}
    for sid in ("NYFED.SOFR", "NYFED.SOFR.VOLUME", "NYFED.TGCR", "NYFED.BGCR", "NYFED.EFFR", "NYFED.EFFR.VOLUME",
                "NYFED.SOFR.P1", "NYFED.SOFR.P99", "NYFED.RRP.TOTAL_ACCEPTED", "NYFED.RRP.COUNTERPARTIES",
                "NYFED.RRP.RATE", "NYFED.SRF.TOTAL_ACCEPTED", "NYFED.SOMA.BILLS", "NYFED.SOMA.TOTAL",
                "NYFED.PD.PDPOSGS-B", "ACM.ACMTP10", "ACM.ACMRNY01", "ACM.D.ACMTP10"):
        assert sid in cat, sid
    assert all(m.attribution == "Source: Federal Reserve Bank of New York" for m in cat.values())
    assert cat["NYFED.SOFR.VOLUME"].unit == "usd_bn" and cat["NYFED.RRP.COUNTERPARTIES"].unit == "count"
    assert "not bundleable" in cat["ACM.ACMTP10"].notes and "not bundleable" in cat["ACM.D.ACMY05"].notes


# --------------------------------------------------------------------------- ACM


def test_acm_csv_real(shared_data):
    p = shared_data / ACM
    res = SOURCE.parse(p.read_bytes(), str(p), "acm_monthly_csv")
    o = res.observations
    assert o["series_id"].nunique() == 30 and len(o) == 30 * 769
    assert o["date"].min() == pd.Timestamp("1961-06-30") and o["date"].max() == pd.Timestamp("2025-06-30")
    # README cross-check 11
    assert val(res, "ACM.ACMTP10", "2025-06-30") == 0.640848732262635
    assert val(res, "ACM.ACMTP10", "2025-05-30") == 0.755916106690703  # month-end business day, as printed
    assert val(res, "ACM.ACMY01", "1961-06-30") == 2.89777047445003
    assert val(res, "ACM.ACMRNY10", "1961-06-30") == 3.68933284863016
    assert val(res, "ACM.ACMY10", "2008-12-31") == 2.89887027953076
    assert val(res, "ACM.ACMRNY01", "2025-06-30") == 4.03999695092592
    assert not o["value"].isna().any()
    assert res.series["ACM.ACMTP10"].frequency == "M" and res.series["ACM.ACMTP10"].unit == "pct"


@pytest.mark.parametrize(
    "mutate, exc, line, field",
    [
        (lambda b: b.replace(b'"30-Jun-2025",3.96355568223537', b'"30-Jun-2025",x3.9'), BadValueError, 770, "ACMY01"),
        (lambda b: b.replace(b'"30-Jun-2025"', b'"2025-06-30"'), BadDateError, 770, "DATE"),
        (lambda b: b.replace(b'"30-Jun-2025"', b'"30-May-2025"'), DuplicateDateError, 770, "DATE"),
        (lambda b: b.replace(b'"30-Jun-2025"', b'"30-Jun-2024"'), DateOrderError, 770, "DATE"),
        (lambda b: b.replace(b'"ACMTP10"', b'"ACM_TP10"'), MissingColumnError, 1, "ACMTP10"),
        (lambda b: b[:-100], TruncatedFileError, 770, None),
    ],
)
def test_acm_csv_bad(shared_data, mutate, exc, line, field):
    raw = (shared_data / ACM).read_bytes()
    with pytest.raises(exc) as ei:
        SOURCE.parse(mutate(raw), "ACMTermPremium.csv", "acm_monthly_csv")
    assert ei.value.line == line and "ACMTermPremium.csv" in str(ei.value)
    if field:
        assert ei.value.field == field


@pytest.mark.parametrize("enc", ["bom", "crlf", "utf16"])
def test_acm_csv_encodings(shared_data, enc):
    raw = (shared_data / ACM).read_bytes()
    raw = {"bom": b"\xef\xbb\xbf" + raw, "crlf": raw.replace(b"\n", b"\r\n"),
           "utf16": raw.decode("utf-8").encode("utf-16")}[enc]
    assert val(SOURCE.parse(raw, "a.csv", "acm_monthly_csv"), "ACM.ACMTP10", "2025-06-30") == 0.640848732262635


def _sheet(dates) -> list[list]:
    rows = [["DATE"] + ACM_COLUMNS]
    for i, d in enumerate(dates):
        rows.append([d] + [round(0.1 * i + j / 100, 4) for j in range(30)])
    rows.append([""] * 31)  # xlrd pads with empty rows
    return rows


def test_acm_sheet_frame_serial_and_text_dates():
    # No .xls writer is installed (xlwt absent), so the sheet->frame step is tested on row lists as
    # xlrd's sheet.row_values() returns them: Excel serial dates (floats) or text dates.
    dates, vals = acm_sheet_frame(_sheet([45471.0, 45838.0]), "ACM.xls", "ACM Daily")
    assert list(dates) == [pd.Timestamp("2024-06-28"), pd.Timestamp("2025-06-30")]
    assert vals["ACMY01"].tolist() == [0.0, 0.1] and vals["ACMRNY10"].iloc[1] == pytest.approx(0.39)
    dates, _ = acm_sheet_frame(_sheet(["30-May-2025", "30-Jun-2025"]), "ACM.xls", "ACM Monthly")
    assert dates.iloc[1] == pd.Timestamp("2025-06-30")
    rows = _sheet([45471.0, 45838.0])
    rows[2][11] = "n/a"
    with pytest.raises(BadValueError) as ei:
        acm_sheet_frame(rows, "ACM.xls", "ACM Daily")
    assert ei.value.line == 3 and ei.value.field == ACM_COLUMNS[10] and "ACM Daily" in str(ei.value)
    rows = _sheet([45838.0, 45471.0])
    with pytest.raises(DateOrderError):
        acm_sheet_frame(rows, "ACM.xls", "ACM Daily")
    rows = _sheet([45471.0])
    rows[0][3] = "ACMY3"
    with pytest.raises(MissingColumnError) as ei:
        acm_sheet_frame(rows, "ACM.xls", "ACM Monthly")
    assert ei.value.field == "ACMY03" and ei.value.line == 1


def test_acm_xls_wrong_workbook_and_truncated(shared_data):
    # A real BIFF8 workbook without the ACM sheets (OMB table) exercises the xlrd path.
    p = shared_data / "fiscaldata/omb_historical_tables_2017/hist01z1.xls"
    raw = p.read_bytes()
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(raw, ACM_URL, "acm_xls")
    assert ei.value.field == "ACM Monthly" and ACM_URL in str(ei.value)
    with pytest.raises(EncodingError):
        SOURCE.parse(raw[:3000], ACM_URL, "acm_xls")
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<!DOCTYPE html><html></html>", ACM_URL, "acm_xls")


# --------------------------------------------------------------------------- Markets API


def test_rates_fixture():
    res = SOURCE.parse(fix("ustmon-fixture-rates-search.json"), f"{API}/rates/all/search.json", "markets_rates_json")
    assert val(res, "NYFED.SOFR", "2025-01-03") == 4.31
    assert val(res, "NYFED.SOFR", "2025-01-02") == 4.41
    assert val(res, "NYFED.SOFR.VOLUME", "2025-01-03") == 2210
    assert val(res, "NYFED.SOFR.P99", "2025-01-02") == 4.60
    assert val(res, "NYFED.TGCR.P25", "2025-01-03") == 4.27
    assert val(res, "NYFED.BGCR", "2025-01-03") == 4.30
    assert val(res, "NYFED.EFFR.VOLUME", "2025-01-03") == 104
    assert len(res.observations) == 6 * 5
    assert res.series["NYFED.EFFR.VOLUME"].unit == "usd_bn"


def test_repo_fixture():
    res = SOURCE.parse(fix("ustmon-fixture-rp-results.json"), f"{API}/rp/results/search.json", "markets_repo_json")
    assert val(res, "NYFED.RRP.TOTAL_ACCEPTED", "2025-01-03") == 196500000000
    assert val(res, "NYFED.RRP.TOTAL_ACCEPTED", "2025-01-02") == 249000000000
    assert res.units["NYFED.RRP.TOTAL_ACCEPTED"] == "usd"  # dollars in, usd_bn in the store
    assert res.series["NYFED.RRP.TOTAL_ACCEPTED"].unit == "usd_bn"
    assert val(res, "NYFED.RRP.COUNTERPARTIES", "2025-01-02") == 105
    assert val(res, "NYFED.RRP.RATE", "2025-01-03") == 4.25
    assert val(res, "NYFED.SRF.TOTAL_ACCEPTED", "2025-01-03") == 5000000
    assert val(res, "NYFED.SRF.COUNTERPARTIES", "2025-01-03") == 1
    assert "NYFED.SRF.RATE" not in res.series


def test_repo_same_day_operations_are_summed():
    payload = json.loads(fix("ustmon-fixture-rp-results.json"))
    extra = dict(payload["repo"]["operations"][0], operationId="RP 010325 3", totalAmtAccepted=3500000000,
                 acceptedCpty=2, details=[{"securityType": "Treasury", "amtAccepted": 3500000000,
                                           "percentAwardRate": 4.30}])
    payload["repo"]["operations"].append(extra)
    res = SOURCE.parse(json.dumps(payload).encode(), "rp.json", "markets_repo_json")
    assert val(res, "NYFED.RRP.TOTAL_ACCEPTED", "2025-01-03") == 200000000000
    assert val(res, "NYFED.RRP.COUNTERPARTIES", "2025-01-03") == 100
    assert val(res, "NYFED.RRP.RATE", "2025-01-03") == pytest.approx((196.5 * 4.25 + 3.5 * 4.30) / 200)


def test_soma_fixture():
    res = SOURCE.parse(fix("ustmon-fixture-soma-summary.json"), f"{API}/soma/summary.json",
                       "markets_soma_summary_json")
    assert val(res, "NYFED.SOMA.NOTESBONDS", "2024-12-25") == 3625000000000
    assert val(res, "NYFED.SOMA.TOTAL", "2025-01-01") == 6463347000000
    assert val(res, "NYFED.SOMA.BILLS", "2024-12-18") == 195000000000
    assert val(res, "NYFED.SOMA.MBS", "2025-01-01") == 2230000000000
    assert res.series["NYFED.SOMA.TOTAL"].unit == "usd" and res.series["NYFED.SOMA.TOTAL"].frequency == "W"
    assert len(res.observations) == 9 * 3


def test_pd_fixture():
    res = SOURCE.parse(fix("ustmon-fixture-pd-PDPOSGS-B.json"), f"{API}/pd/get/PDPOSGS-B.json", "markets_pd_json")
    assert val(res, "NYFED.PD.PDPOSGS-B", "2024-12-25") == 31542
    assert val(res, "NYFED.PD.PDPOSGS-B", "2025-01-01") == -1204
    assert np.isnan(val(res, "NYFED.PD.PDPOSGS-B", "2024-12-18"))  # "*" withheld stays missing
    assert res.series["NYFED.PD.PDPOSGS-B"].unit == "usd_mn"


@pytest.mark.parametrize(
    "name, kind, edit, exc, line, field",
    [
        ("rates-search", "markets_rates_json", lambda t: t.replace('"percentRate":4.41', '"percentRate":"4,4x"'),
         BadValueError, 2, "percentRate"),
        ("rates-search", "markets_rates_json", lambda t: t.replace('"2025-01-02","type":"SOFR"', '"01/02/2025","type":"SOFR"'),
         BadDateError, 2, "effectiveDate"),
        ("rates-search", "markets_rates_json", lambda t: t.replace('"2025-01-02","type":"SOFR"', '"2025-01-03","type":"SOFR"'),
         DuplicateDateError, 2, "effectiveDate"),
        ("rates-search", "markets_rates_json", lambda t: t.replace('"percentRate"', '"rate"'),
         MissingColumnError, 1, "percentRate"),
        ("rates-search", "markets_rates_json", lambda t: t.replace('"refRates"', '"rates"'),
         MissingColumnError, None, "refRates"),
        ("rp-results", "markets_repo_json", lambda t: t.replace('"totalAmtAccepted":249000000000', '"totalAmtAccepted":"lots"'),
         BadValueError, 3, "totalAmtAccepted"),
        ("soma-summary", "markets_soma_summary_json", lambda t: t.replace('"2024-12-25"', '"2025-01-01"'),
         DuplicateDateError, 3, "asOfDate"),
        ("soma-summary", "markets_soma_summary_json", lambda t: t.replace('"2024-12-25"', '"2024-12-11"'),
         DateOrderError, 3, "asOfDate"),  # rows 1-2 set the order (descending), row 3 breaks it
        ("pd-PDPOSGS-B", "markets_pd_json", lambda t: t.replace('"2024-12-25"', '"2024-12-11"'),
         DuplicateDateError, 3, "asofdate"),
        ("pd-PDPOSGS-B", "markets_pd_json", lambda t: t.replace('"value":"31542"', '"value":"31,542x"'),
         BadValueError, 3, "value"),
        ("pd-PDPOSGS-B", "markets_pd_json", lambda t: t[:-30], TruncatedFileError, None, None),
    ],
)
def test_json_bad(name, kind, edit, exc, line, field):
    text = fix(f"ustmon-fixture-{name}.json").decode()
    origin = f"{API}/{name}.json"
    with pytest.raises(exc) as ei:
        SOURCE.parse(edit(text).encode(), origin, kind)
    assert origin in str(ei.value)
    if line is not None:
        assert ei.value.line == line
    if field:
        assert ei.value.field == field


@pytest.mark.parametrize("kind", ["markets_rates_json", "markets_repo_json", "markets_soma_summary_json",
                                  "markets_pd_json"])
def test_json_html_empty_encodings(kind):
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<html><head><title>Service Unavailable</title></head></html>", "u", kind)
    with pytest.raises(EmptyBodyError):
        SOURCE.parse(b"", "u", kind)
    name = {"markets_rates_json": "rates-search", "markets_repo_json": "rp-results",
            "markets_soma_summary_json": "soma-summary", "markets_pd_json": "pd-PDPOSGS-B"}[kind]
    raw = fix(f"ustmon-fixture-{name}.json")
    base = SOURCE.parse(raw, "u", kind).observations
    for variant in (b"\xef\xbb\xbf" + raw, raw.replace(b"\n", b"\r\n"), raw.decode().encode("utf-16")):
        pd.testing.assert_frame_equal(SOURCE.parse(variant, "u", kind).observations, base)


def test_mirror_files(shared_data, tmp_path):
    assert [(f.path.name, f.kind) for f in SOURCE.mirror_files(shared_data)] == [
        ("ACMTermPremium_monthly-processed.csv", "acm_monthly_csv")]
    d = tmp_path / "nyfed"
    d.mkdir()
    for name in ("rates-search", "rp-results", "soma-summary", "pd-PDPOSGS-B"):
        (d / f"{name}.json").write_bytes(fix(f"ustmon-fixture-{name}.json"))
    (d / "ACMTermPremium.xls").write_bytes(b"x")
    (d / "notes.txt").write_text("skip me")
    kinds = {f.path.name: f.kind for f in SOURCE.mirror_files(tmp_path)}
    assert kinds == {"ACMTermPremium.xls": "acm_xls", "rates-search.json": "markets_rates_json",
                     "rp-results.json": "markets_repo_json", "soma-summary.json": "markets_soma_summary_json",
                     "pd-PDPOSGS-B.json": "markets_pd_json"}


def test_live_requests_and_mock_fetch():
    reqs = SOURCE.live_requests(since=pd.Timestamp("2025-01-02"))
    urls = {r.url: r for r in reqs}
    sofr = urls[f"{API}/rates/secured/sofr/search.json"]
    assert sofr.kind == "markets_rates_json" and sofr.params["startDate"] == "2025-01-02"
    assert f"{API}/rates/unsecured/effr/search.json" in urls
    assert urls[f"{API}/rp/results/search.json"].kind == "markets_repo_json"
    assert urls[f"{API}/soma/summary.json"].kind == "markets_soma_summary_json"
    assert urls[f"{API}/pd/get/PDPOSGS-B.json"].kind == "markets_pd_json"
    assert urls[ACM_URL].kind == "acm_xls"
    only = SOURCE.live_requests(series=["NYFED.SOFR"])
    assert [r.url for r in only] == [f"{API}/rates/secured/sofr/search.json"]

    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, content=fix("ustmon-fixture-rates-search.json"))

    http = HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    [(raw, origin)] = SOURCE.fetch(only[0], http)
    assert seen[0].path == "/api/rates/secured/sofr/search.json" and "startDate" in seen[0].params
    assert val(SOURCE.parse(raw, origin, "markets_rates_json"), "NYFED.SOFR", "2025-01-03") == 4.31
