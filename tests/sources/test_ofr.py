"""OFR parsers: Financial Stress Index CSV (real file in place) and OFR API JSON (hand-written fixtures).

Expected values were read from ../shared/data/ofr/fsi.csv with grep; README cross-check 12.
"""

from __future__ import annotations

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
    HtmlInsteadOfDataError,
    MissingColumnError,
    TruncatedFileError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources.ofr import FSI_URL, SOURCE

FSI = "ofr/fsi.csv"
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "ofr"
TS_URL = "https://data.financialresearch.gov/v1/series/timeseries?mnemonic=REPO-TRI_AR_OO-P"


def val(res, sid, date):
    o = res.observations
    sel = o[(o["series_id"] == sid) & (o["date"] == pd.Timestamp(date))]
    assert len(sel) == 1, (sid, date, len(sel))
    return float(sel["value"].iloc[0])


@pytest.fixture
def fsi(shared_data):
    p = shared_data / FSI
    return p.read_bytes(), str(p)


def test_registered_and_catalog():
    assert get_source("ofr") is SOURCE
    ids = {m.id for m in SOURCE.catalog()}
    assert {"OFR.FSI", "OFR.FSI.CREDIT", "OFR.FSI.EQUITY_VALUATION", "OFR.FSI.SAFE_ASSETS", "OFR.FSI.FUNDING",
            "OFR.FSI.VOLATILITY", "OFR.FSI.US", "OFR.FSI.OTHER_ADVANCED", "OFR.FSI.EMERGING"} <= ids
    assert "OFR.REPO-DVP_TV_TOT-P" in ids and "OFR.FPF-ALLQHF_GAV_SUM" in ids
    assert all(m.attribution and m.url.startswith("https://") for m in SOURCE.catalog())


def test_fsi_real(fsi):
    res = SOURCE.parse(*fsi, "fsi_csv")
    o = res.observations
    assert o["series_id"].nunique() == 9
    assert len(o) == 9 * 6496
    assert o["date"].min() == pd.Timestamp("2000-01-03") and o["date"].max() == pd.Timestamp("2025-09-11")
    assert all(res.series[s].unit == "index" for s in res.series)
    assert val(res, "OFR.FSI", "2000-01-03") == 2.14
    assert val(res, "OFR.FSI.EQUITY_VALUATION", "2000-01-03") == -0.051
    assert val(res, "OFR.FSI.EMERGING", "2000-01-03") == -0.15
    assert val(res, "OFR.FSI", "2025-09-11") == -2.445
    assert val(res, "OFR.FSI.OTHER_ADVANCED", "2025-09-11") == -0.867
    assert val(res, "OFR.FSI.FUNDING", "2008-10-10") == 9.582
    assert val(res, "OFR.FSI.US", "2008-10-10") == 13.279
    assert val(res, "OFR.FSI.SAFE_ASSETS", "2020-03-03") == 0.246
    # README cross-check 12: maximum 29.32 on 2008-10-10
    f = o[o["series_id"] == "OFR.FSI"].set_index("date")["value"]
    assert f.max() == 29.32 and f.idxmax() == pd.Timestamp("2008-10-10")
    assert not o["value"].isna().any()


def test_fsi_categories_sum_to_index(fsi):
    o = SOURCE.parse(*fsi, "fsi_csv").observations
    w = o.pivot(index="date", columns="series_id", values="value")
    cats = w[["OFR.FSI.CREDIT", "OFR.FSI.EQUITY_VALUATION", "OFR.FSI.SAFE_ASSETS", "OFR.FSI.FUNDING",
              "OFR.FSI.VOLATILITY"]].sum(axis=1)
    assert (cats - w["OFR.FSI"]).abs().max() <= 0.002 + 1e-9
    regions = w[["OFR.FSI.US", "OFR.FSI.OTHER_ADVANCED", "OFR.FSI.EMERGING"]].sum(axis=1)
    assert (regions - w["OFR.FSI"]).abs().max() > 0.002  # regions do not sum exactly


@pytest.mark.parametrize("enc", ["bom", "crlf", "utf16"])
def test_fsi_encodings(fsi, enc):
    raw, _ = fsi
    raw = {"bom": b"\xef\xbb\xbf" + raw, "crlf": raw.replace(b"\n", b"\r\n"),
           "utf16": raw.decode("utf-8").encode("utf-16")}[enc]
    assert val(SOURCE.parse(raw, "fsi.csv", "fsi_csv"), "OFR.FSI", "2008-10-10") == 29.32


@pytest.mark.parametrize(
    "mutate, exc, line, field",
    [
        (lambda b: b.replace(b"2008-10-10,29.32", b"2008-10-10,n/a"), BadValueError, 2208, "OFR FSI"),
        (lambda b: b.replace(b"2008-10-10,", b"10/10/2008,"), BadDateError, 2208, "Date"),
        (lambda b: b.replace(b"2008-10-10,", b"2008-10-09,"), DuplicateDateError, 2208, "Date"),
        (lambda b: b.replace(b"2008-10-10,", b"2008-10-01,"), DateOrderError, 2208, "Date"),
        (lambda b: b.replace(b",Safe assets,", b",Safe Assets,"), MissingColumnError, 1, "Safe assets"),
        (lambda b: b[:-12], TruncatedFileError, 6497, None),
    ],
)
def test_fsi_bad(fsi, mutate, exc, line, field):
    raw, _ = fsi
    with pytest.raises(exc) as ei:
        SOURCE.parse(mutate(raw), "fsi.csv", "fsi_csv")
    assert ei.value.line == line and "fsi.csv" in str(ei.value)
    if field:
        assert ei.value.field == field


def test_fsi_html_and_empty():
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"\n<!doctype html><html><title>Access Denied</title>", FSI_URL, "fsi_csv")
    with pytest.raises(EmptyBodyError):
        SOURCE.parse(b"", FSI_URL, "fsi_csv")


# --------------------------------------------------------------------------- API JSON


def test_api_timeseries_fixture():
    raw = (FIX / "ustmon-fixture-timeseries-REPO-TRI_AR_OO-P.json").read_bytes()
    res = SOURCE.parse(raw, TS_URL, "ofr_api_json")
    assert list(res.series) == ["OFR.REPO-TRI_AR_OO-P"]
    assert res.series["OFR.REPO-TRI_AR_OO-P"].unit == "pct"
    assert len(res.observations) == 4
    assert val(res, "OFR.REPO-TRI_AR_OO-P", "2025-01-03") == 4.31
    assert np.isnan(val(res, "OFR.REPO-TRI_AR_OO-P", "2025-01-06"))  # null stays missing
    with pytest.raises(MissingColumnError):
        SOURCE.parse(raw, "https://data.financialresearch.gov/v1/series/timeseries", "ofr_api_json")


def test_api_dataset_fixture():
    raw = (FIX / "ustmon-fixture-dataset-repo.json").read_bytes()
    res = SOURCE.parse(raw, "https://data.financialresearch.gov/v1/series/dataset?dataset=repo", "ofr_api_json")
    assert val(res, "OFR.REPO-DVP_TV_TOT-P", "2025-01-03") == 2.51e12
    assert res.series["OFR.REPO-DVP_TV_TOT-P"].unit == "usd"
    assert val(res, "OFR.REPO-GCF_AR_OO-P", "2025-01-02") == 4.42
    new = res.series["OFR.REPO-XYZ_NEW-P"]  # not in the table: catalog grows, unit as published
    assert new.unit == "as_published" and new.title == "A series not in ustmon's table"
    assert len(res.observations) == 5


@pytest.mark.parametrize(
    "body, exc, line",
    [
        (b'[["2025-01-02", 4.35], ["2025-01-03"', TruncatedFileError, 1),
        (b'[["2025-01-02", 4.35], ["2025-13-03", 4.3]]', BadDateError, 2),
        (b'[["2025-01-02", 4.35], ["2025-01-03", "n/a"]]', BadValueError, 2),
        (b'[["2025-01-02", 4.35], ["2025-01-02", 4.3]]', DuplicateDateError, 2),
        (b'[["2025-01-03", 4.35], ["2025-01-02", 4.3]]', DateOrderError, 2),
        (b'[["2025-01-02", 4.35], ["2025-01-03"]]', BadValueError, 2),
    ],
)
def test_api_bad(body, exc, line):
    with pytest.raises(exc) as ei:
        SOURCE.parse(body, TS_URL, "ofr_api_json")
    assert ei.value.line == line and "REPO-TRI_AR_OO-P" in str(ei.value)


def test_api_html_empty_and_layout():
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<html><body>502 Bad Gateway</body></html>", TS_URL, "ofr_api_json")
    with pytest.raises(EmptyBodyError):
        SOURCE.parse(b"", TS_URL, "ofr_api_json")
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(b'{"timeseries": {"REPO-X": {"timeseries": {"agg": []}}}}', "ds.json", "ofr_api_json")
    assert ei.value.field == "REPO-X/aggregation"
    res = SOURCE.parse(b"[]", TS_URL, "ofr_api_json")  # nothing in the requested window
    assert res.observations.empty


def test_mirror_and_live(shared_data):
    # every CSV in ofr/ (read from the folder, not typed here) is the FSI file
    on_disk = sorted((shared_data / "ofr").glob("*.csv"))
    assert on_disk and {f.path: f.kind for f in SOURCE.mirror_files(shared_data)} == {p: "fsi_csv" for p in on_disk}
    reqs = SOURCE.live_requests(since=pd.Timestamp("2025-01-01"))
    assert reqs[0].url == FSI_URL and reqs[0].kind == "fsi_csv"
    api = {r.params["mnemonic"]: r for r in reqs[1:]}
    assert api["REPO-TRI_AR_OO-P"].url == "https://data.financialresearch.gov/v1/series/timeseries"
    assert api["FPF-ALLQHF_GAV_SUM"].url == "https://data.financialresearch.gov/hf/v1/series/timeseries"
    assert api["REPO-TRI_AR_OO-P"].params["start_date"] == "2025-01-01"
    only = SOURCE.live_requests(series=["OFR.REPO-GCF_AR_OO-P"])
    assert [r.params for r in only] == [{"mnemonic": "REPO-GCF_AR_OO-P"}]

    body = (FIX / "ustmon-fixture-timeseries-REPO-TRI_AR_OO-P.json").read_bytes()
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, content=body)

    http = HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    req = SOURCE.live_requests(series=["OFR.REPO-TRI_AR_OO-P"])[0]
    [(raw, origin)] = SOURCE.fetch(req, http)
    assert seen[0].params["mnemonic"] == "REPO-TRI_AR_OO-P"
    assert val(SOURCE.parse(raw, origin, req.kind), "OFR.REPO-TRI_AR_OO-P", "2025-01-07") == 4.29
