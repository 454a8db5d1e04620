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
    assert len(res.observations) == 6 * 5 + 2  # and the EFFR's target range
    assert res.series["NYFED.EFFR.VOLUME"].unit == "usd_bn"
    assert val(res, "NYFED.EFFR.TARGET_FROM", "2025-01-03") == 4.25
    assert val(res, "NYFED.EFFR.TARGET_TO", "2025-01-03") == 4.50
    assert "NYFED.SOFR.TARGET_FROM" not in res.series


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


def _expected_kind(p: Path) -> str | None:
    low = p.name.lower()
    if low.startswith("acmtermpremium"):
        return {".xls": "acm_xls", ".csv": "acm_monthly_csv"}.get(p.suffix.lower())
    if low.endswith(".xlsx"):
        return "markets_rates_xlsx"
    return None


def test_mirror_files(shared_data, tmp_path):
    """Every file directly in nyfed/ is listed with its kind (names read from the folder, never typed)."""
    on_disk = [p for p in sorted((shared_data / "nyfed").iterdir()) if p.is_file()]
    assert on_disk
    assert {f.path: f.kind for f in SOURCE.mirror_files(shared_data)} == {p: _expected_kind(p) for p in on_disk}
    d = tmp_path / "nyfed"
    d.mkdir()
    for name in ("rates-search", "rp-results", "soma-summary", "pd-PDPOSGS-B"):
        (d / f"{name}.json").write_bytes(fix(f"ustmon-fixture-{name}.json"))
    (d / "ACMTermPremium.xls").write_bytes(b"x")
    (d / "notes.txt").write_text("skip me")
    (d / "broken.json").write_text('{"soma": {"summ')  # unreadable JSON is not listed
    (d / "other.json").write_text('{"soma": {"something": []}}')
    kinds = {f.path.name: f.kind for f in SOURCE.mirror_files(tmp_path)}
    assert kinds == {"ACMTermPremium.xls": "acm_xls", "rates-search.json": "markets_rates_json",
                     "rp-results.json": "markets_repo_json", "soma-summary.json": "markets_soma_summary_json",
                     "pd-PDPOSGS-B.json": "markets_pd_json"}


def test_soma_bodies_saved_as_json_get_their_own_parser(shared_data, tmp_path):
    """A SOMA as-of list or holdings answer saved in nyfed/ is read by its parser and never sinks the source."""
    from cassettes import cassettes_under, read_cassette

    d = tmp_path / "nyfed"
    d.mkdir()
    bodies = {}
    for path in cassettes_under(shared_data / "nyfed"):
        for it in read_cassette(path):
            if "/soma/" in it.uri:
                name = it.uri.rsplit("/api/", 1)[1].replace("/", "_").replace(" ", "_")
                (d / name).write_bytes(it.body)  # a decoded test body in a temporary folder
                bodies[name] = it.body
    assert len(bodies) == 2
    kinds = {f.path.name: f.kind for f in SOURCE.mirror_files(tmp_path)}
    assert sorted(kinds.values()) == ["markets_soma_asofdates_json", "markets_soma_holdings_json"]
    for f in SOURCE.mirror_files(tmp_path):
        SOURCE.parse(f.path.read_bytes(), str(f.path), f.kind)


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


# --------------------------------------------------------------------------- Markets site Excel export (real file)

XLSX = "nyfed/EFFR_markets-api-xlsx_2000-07-03_to_2025-10-31.xlsx"


@pytest.fixture(scope="module")
def effr_xlsx(shared_data):
    p = shared_data / XLSX
    return SOURCE.parse(p.read_bytes(), str(p), "markets_rates_xlsx")


def test_effr_xlsx_real(effr_xlsx):
    res = effr_xlsx
    o = res.observations
    # 6,367 rows, 2000-07-03..2025-10-31 (README); the trailing empty row is not a row
    assert o.groupby("series_id").size().to_dict() == {f"NYFED.EFFR{s}": 6367 for s in
                                                      ("", ".P1", ".P25", ".P75", ".P99", ".VOLUME", ".TARGET_FROM",
                                                       ".TARGET_TO")}
    assert o["date"].min() == pd.Timestamp("2000-07-03") and o["date"].max() == pd.Timestamp("2025-10-31")
    # row 03/10/2023: 4.57, 4.55, 4.56, 4.59, 4.9, 81.0, 4.5, 4.75 (cross-check 16: = fred DFF and EFFRVOL)
    assert val(res, "NYFED.EFFR", "2023-03-10") == 4.57
    assert val(res, "NYFED.EFFR.VOLUME", "2023-03-10") == 81
    assert val(res, "NYFED.EFFR.P99", "2023-03-10") == 4.9
    assert val(res, "NYFED.EFFR.TARGET_FROM", "2023-03-10") == 4.5
    assert val(res, "NYFED.EFFR.TARGET_TO", "2023-03-10") == 4.75
    # row 10/31/2025 (first data row): 3.86 ... volume 107.0, range 3.75-4.0
    assert val(res, "NYFED.EFFR", "2025-10-31") == 3.86 and val(res, "NYFED.EFFR.VOLUME", "2025-10-31") == 107
    # row 07/03/2000 (last): 7.03, single target 6.5 in "From", "To" empty; no percentiles or volume before 2016-03
    assert val(res, "NYFED.EFFR", "2000-07-03") == 7.03
    assert val(res, "NYFED.EFFR.TARGET_FROM", "2000-07-03") == 6.5
    assert np.isnan(val(res, "NYFED.EFFR.TARGET_TO", "2000-07-03"))
    assert np.isnan(val(res, "NYFED.EFFR.VOLUME", "2000-07-03"))
    vol = o[(o["series_id"] == "NYFED.EFFR.VOLUME") & o["value"].notna()]
    assert vol["date"].min() == pd.Timestamp("2016-03-01")
    assert {m.unit for s, m in res.series.items()} == {"pct", "usd_bn"}
    assert res.series["NYFED.EFFR.VOLUME"].unit == "usd_bn"


def test_effr_xlsx_same_series_as_the_api_answer(shared_data, effr_xlsx):
    """The recorded EFFR API answer (2023-01-03..2023-06-06) and the Excel export agree value for value."""
    from cassettes import cassettes_under, read_cassette

    [it] = [it for p in cassettes_under(shared_data / "nyfed") for it in read_cassette(p) if "/effr/" in it.uri]
    api = SOURCE.parse(it.body, it.uri, "markets_rates_json").observations
    assert set(api["series_id"]) == set(effr_xlsx.observations["series_id"])
    merged = api.merge(effr_xlsx.observations, on=["series_id", "date"], suffixes=("_api", "_xlsx"))
    assert len(merged) == len(api) == 108 * 8
    assert ((merged["value_api"] == merged["value_xlsx"]) | (merged["value_api"].isna() & merged["value_xlsx"].isna())).all()


def _xlsx_bytes(shared_data) -> bytes:
    return (shared_data / XLSX).read_bytes()


def test_effr_xlsx_truncated_html_empty(shared_data):
    raw = _xlsx_bytes(shared_data)
    for cut in (raw[: len(raw) // 2], raw[:-100], raw[:30]):
        with pytest.raises(TruncatedFileError) as ei:
            SOURCE.parse(cut, "effr.xlsx", "markets_rates_xlsx")
        assert "effr.xlsx" in str(ei.value)
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<!DOCTYPE html><html><title>Maintenance</title></html>", "effr.xlsx", "markets_rates_xlsx")
    with pytest.raises(EmptyBodyError):
        SOURCE.parse(b"", "effr.xlsx", "markets_rates_xlsx")


def _synthetic_xlsx(rows: list[list[str]]) -> bytes:
    """SYNTHETIC: a minimal one-sheet workbook with inline strings, in the export's layout."""
    import io
    import zipfile

    def cell(ref, v):
        return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>' if isinstance(v, str) else f'<c r="{ref}"><v>{v}</v></c>'

    body = "".join(f'<row r="{i + 1}">' + "".join(cell(f"{chr(65 + j)}{i + 1}", v) for j, v in enumerate(r)) + "</row>"
                   for i, r in enumerate(rows))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


HEAD = ["Effective Date", "Rate Type", "Rate (%)", "Volume ($Billions)", "Target Rate From (%)", "Target Rate To (%)"]


def test_effr_xlsx_synthetic_bad_cells():
    ok = _synthetic_xlsx([HEAD, ["01/03/2025", "EFFR", 4.33, 104.0, 4.25, 4.5], ["01/02/2025", "EFFR", 4.33, 100.0, 4.25, 4.5]])
    res = SOURCE.parse(ok, "s.xlsx", "markets_rates_xlsx")
    assert val(res, "NYFED.EFFR.VOLUME", "2025-01-02") == 100
    bad_date = _synthetic_xlsx([HEAD, ["01/03/2025", "EFFR", 4.33, 104.0, 4.25, 4.5], ["2025-01-02", "EFFR", 4.33, 1.0, 4.25, 4.5]])
    with pytest.raises(BadDateError) as ei:
        SOURCE.parse(bad_date, "s.xlsx", "markets_rates_xlsx")
    assert ei.value.line == 3 and ei.value.field == "Effective Date"
    bad_val = _synthetic_xlsx([HEAD, ["01/03/2025", "EFFR", "n/a", 104.0, 4.25, 4.5]])
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(bad_val, "s.xlsx", "markets_rates_xlsx")
    assert ei.value.line == 2 and ei.value.field == "Rate (%)"
    renamed = _synthetic_xlsx([["Date", *HEAD[1:]], ["01/03/2025", "EFFR", 4.33, 104.0, 4.25, 4.5]])
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(renamed, "s.xlsx", "markets_rates_xlsx")
    assert ei.value.field == "Effective Date"
    dup = _synthetic_xlsx([HEAD, ["01/03/2025", "EFFR", 4.33, 1.0, 4.25, 4.5], ["01/03/2025", "EFFR", 4.33, 1.0, 4.25, 4.5]])
    with pytest.raises(DuplicateDateError):
        SOURCE.parse(dup, "s.xlsx", "markets_rates_xlsx")
    with pytest.raises(TruncatedFileError):
        SOURCE.parse(_synthetic_xlsx([HEAD]), "s.xlsx", "markets_rates_xlsx")


# --------------------------------------------------------------------------- recorded Markets API answers

def _recorded(shared_data):
    from cassettes import cassettes_under, read_cassette

    return [(p.name, it) for p in cassettes_under(shared_data / "nyfed") for it in read_cassette(p)]


def test_every_recorded_answer_parses_with_its_endpoint_parser(shared_data):
    from ustmon.sources.nyfed import json_kind, kind_for_url

    recorded = _recorded(shared_data)
    assert recorded
    for name, it in recorded:
        kind = kind_for_url(it.uri)
        assert kind is not None, it.uri
        assert json_kind(it.body) == kind, it.uri  # the structure says the same as the endpoint
        SOURCE.parse(it.body, it.uri, kind)


def _answer(shared_data, part):
    [it] = [it for _, it in _recorded(shared_data) if part in it.uri]
    return it


def test_recorded_rates(shared_data):
    it = _answer(shared_data, "/sofr/")
    res = SOURCE.parse(it.body, it.uri, "markets_rates_json")
    assert val(res, "NYFED.SOFR", "2024-06-03") == 5.35  # cross-check 16: = fred/SOFR
    assert len(res.observations) == 24
    it = _answer(shared_data, "/effr/")
    res = SOURCE.parse(it.body, it.uri, "markets_rates_json")
    assert val(res, "NYFED.EFFR", "2023-03-10") == 4.57 and val(res, "NYFED.EFFR.VOLUME", "2023-03-10") == 81
    assert res.observations["date"].nunique() == 108
    it = _answer(shared_data, "/obfr/")
    res = SOURCE.parse(it.body, it.uri, "markets_rates_json")
    assert val(res, "NYFED.OBFR", "2024-06-06") == 5.32 and val(res, "NYFED.OBFR.VOLUME", "2024-06-06") == 285
    assert set(res.series) == {"NYFED.OBFR", "NYFED.OBFR.VOLUME", "NYFED.OBFR.P1", "NYFED.OBFR.P25",
                               "NYFED.OBFR.P75", "NYFED.OBFR.P99"}
    # cross-check 22: OBFR 5.32 on 2024-06-03..06 against fred/DFF (EFFR) 5.33 on the same days
    from ustmon.sources.fred import SOURCE as FRED

    p = shared_data / "fred" / "DFF.csv"
    dff = FRED.parse(p.read_bytes(), str(p), "fredgraph_csv")
    for day in ("2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06"):
        assert val(res, "NYFED.OBFR", day) == 5.32 and val(dff, "DFF", day) == 5.33


def test_recorded_primary_dealer(shared_data):
    it = _answer(shared_data, "PDPOSMBSNA-O")
    res = SOURCE.parse(it.body, it.uri, "markets_pd_json")
    o = res.observations
    assert len(o) == 587 and set(o["series_id"]) == {"NYFED.PD.PDPOSMBSNA-O"}
    assert val(res, "NYFED.PD.PDPOSMBSNA-O", "2013-04-03") == 11155  # first record, "value": "11155"
    assert o["date"].min() == pd.Timestamp("2013-04-03") and o["date"].max() == pd.Timestamp("2024-06-26")


def test_recorded_soma_asof_dates(shared_data):
    it = _answer(shared_data, "asofdates")
    res = SOURCE.parse(it.body, it.uri, "markets_soma_asofdates_json")
    rec = res.records["soma_asof_dates"]
    assert res.record_keys["soma_asof_dates"] == ["as_of_date"] and res.observations.empty
    assert len(rec) == 1094 and rec["as_of_date"].iloc[0] == "2003-07-09" and rec["as_of_date"].iloc[-1] == "2024-06-18"


def test_recorded_soma_agency_holdings(shared_data):
    it = _answer(shared_data, "/soma/agency/")
    res = SOURCE.parse(it.body, it.uri, "markets_soma_holdings_json")
    h = res.records["soma_holdings"]
    assert res.record_keys["soma_holdings"] == ["as_of_date", "cusip"]
    assert len(h) == 7 and set(h["as_of_date"]) == {"2019-01-02"}
    first = h[h["cusip"] == "3137EACA5"].iloc[0]  # "parValue": "62000000", "coupon": "3.75", FHLMC, 2019-03-27
    assert first["par_value"] == 62_000_000 and first["coupon"] == 3.75 and first["issuer"] == "FHLMC"
    assert first["maturity_date"] == "2019-03-27" and first["security_type"] == "Agency Debts"
    assert np.isnan(first["inflation_compensation"])  # "" = not applicable, not zero
    assert round(h["par_value"].sum() / 1e6) == 2409  # par values sum to $2,409 million (data README)


def test_soma_bodies_bad(shared_data):
    it = _answer(shared_data, "/soma/agency/")
    text = it.body.decode()
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(text.replace('"parValue": "62000000"', '"parValue": "62,000,000x"').encode(), it.uri,
                     "markets_soma_holdings_json")
    assert ei.value.line == 1 and ei.value.field == "parValue"
    with pytest.raises(TruncatedFileError):
        SOURCE.parse(it.body[:-40], it.uri, "markets_soma_holdings_json")
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(it.body, it.uri, "markets_soma_summary_json")  # the wrong parser says what is missing
    assert ei.value.field == "soma/summary"
    lst = _answer(shared_data, "asofdates")
    with pytest.raises(BadDateError):
        SOURCE.parse(lst.body.replace(b'"2024-06-18"', b'"06/18/2024"', 1), lst.uri, "markets_soma_asofdates_json")
