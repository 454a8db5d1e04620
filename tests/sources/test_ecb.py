"""ECB Data Portal: SDMX-ML 2.1 generic (EXR, FM) and SDMX-CSV (csvdata)."""

from __future__ import annotations

import math

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
    SourceFormatError,
    TruncatedFileError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources.ecb import ATTRIBUTION, SOURCE
from helpers import obs_value as _val

EXR = "ecb/EXR.D.USD.EUR.SP00.A_sdmx-generic_1999-01-04_2024-04-30.xml"
FM = "ecb/FM_47series_lastobs_sdmx-generic_asof-2024-04-30.xml"
USD = "ECB.EXR.D.USD.EUR.SP00.A"


@pytest.fixture(scope="module")
def exr(shared_data):
    p = shared_data / EXR
    return SOURCE.parse(p.read_bytes(), str(p), "sdmx_generic")


@pytest.fixture(scope="module")
def fm(shared_data):
    p = shared_data / FM  # bundle: no (third-party data inside): parsed for tests only
    return SOURCE.parse(p.read_bytes(), str(p), "sdmx_generic")




def _fixture(fixtures_dir, name):
    p = fixtures_dir / "ecb" / name
    return p.read_bytes(), str(p)


def test_registered():
    assert get_source("ecb") is SOURCE


def test_exr_file(exr):
    o = exr.observations
    assert list(exr.series) == [USD]
    assert len(o) == 6548
    assert int(o["value"].isna().sum()) == 62  # ObsValue="NaN", OBS_STATUS=H
    assert o["date"].min() == pd.Timestamp("1999-01-04") and o["date"].max() == pd.Timestamp("2024-04-30")
    assert o["date"].dtype == "datetime64[ns]" and o["value"].dtype == "float64"
    assert o["date"].is_monotonic_increasing
    m = exr.series[USD]
    assert m.unit == "usd_per_eur" and m.attribution == ATTRIBUTION == "Source: European Central Bank (ECB Data Portal)"
    assert m.frequency == "D" and m.url.startswith("https://data.ecb.europa.eu/")
    assert exr.vintage == pd.Timestamp("2024-04-30 14:25:09.855")  # message:Prepared 16:25:09.855+02:00, in UTC


def test_exr_values(exr):
    assert _val(exr, USD, "2008-07-15") == 1.599  # cross-check 12
    assert _val(exr, USD, "1999-01-04") == 1.1789
    assert _val(exr, USD, "2000-10-26") == 0.8252
    assert _val(exr, USD, "2024-04-25") == 1.072  # trailing zero dropped in the file
    assert _val(exr, USD, "2024-04-30") == 1.0718
    assert math.isnan(_val(exr, USD, "1999-12-31"))  # first NaN/H obs
    assert math.isnan(_val(exr, USD, "2012-05-01"))  # last NaN/H obs
    nan_dates = exr.observations.loc[exr.observations["value"].isna(), "date"]
    assert nan_dates.min() == pd.Timestamp("1999-12-31") and nan_dates.max() == pd.Timestamp("2012-05-01")


def test_fm_file(fm):
    o = fm.observations
    assert len(fm.series) == 47
    assert len(o) == 6 * 89 + 41
    daily = [m for m in fm.series.values() if m.frequency == "D"]
    monthly = [m for m in fm.series.values() if m.frequency == "M"]
    assert len(daily) == 6 and len(monthly) == 41
    d = o[o.series_id.isin([m.id for m in daily])]
    assert d["date"].min() == pd.Timestamp("2024-02-02") and d["date"].max() == pd.Timestamp("2024-04-30")
    assert (d.groupby("series_id").size() == 89).all()
    mo = o[o.series_id.isin([m.id for m in monthly])]
    assert (mo["date"] == pd.Timestamp("2024-03-01")).all()  # "2024-03" -> first of month
    # values read from the file
    assert _val(fm, "ECB.FM.M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA", "2024-03-01") == 3.922380952380952
    assert _val(fm, "ECB.FM.D.U2.EUR.4F.KR.DFR.LEV", "2024-04-30") == 4.0
    assert _val(fm, "ECB.FM.D.U2.EUR.4F.KR.MLFR.LEV", "2024-04-30") == 4.75
    assert _val(fm, "ECB.FM.D.U2.EUR.4F.KR.MRR_FR.LEV", "2024-04-30") == 4.5
    assert _val(fm, "ECB.FM.D.U2.EUR.4F.KR.DFR.CHG", "2024-02-02") == 0.25
    assert _val(fm, "ECB.FM.M.U2.EUR.4F.BB.U2_10Y.YLD", "2024-03-01") == 2.9528563917276136
    assert _val(fm, "ECB.FM.M.US.USD.4F.SP.US10YT_US1YT.SPRE", "2024-03-01") == -0.8289999999999997


def test_fm_units_and_notes(fm):
    s = fm.series
    assert s["ECB.FM.M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA"].unit == "pct"
    assert s["ECB.FM.D.U2.EUR.4F.KR.DFR.CHG"].unit == "pp"
    assert s["ECB.FM.D.U2.EUR.4F.KR.DFR.LEV"].unit == "pct"
    assert s["ECB.FM.M.JP.JPY.DS.EI.JAPDOWA.HSTA"].unit == "index"  # Nikkei 225, UNIT=POINTS
    assert s["ECB.FM.M.GB.EUR.4F.CY.EUCRBRDT.HSTA"].unit == "as_published"  # Brent in euro, mislabelled PCPA
    assert "third-party" in s["ECB.FM.M.U2.EUR.DS.EI.DJES50I.HSTA"].notes
    assert "third-party" in s["ECB.FM.M.GB.EUR.4F.CY.EUCRBRDT.HSTA"].notes
    assert all(m.attribution == ATTRIBUTION for m in s.values())


def test_catalog_and_mirror(shared_data):
    ids = {m.id for m in SOURCE.catalog()}
    assert {USD, "ECB.FM.M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA"} <= ids
    files = {f.path: f.kind for f in SOURCE.mirror_files(shared_data)}
    on_disk = sorted(p for p in (shared_data / "ecb").iterdir() if p.is_file())
    assert on_disk and files == {p: "sdmx_generic" for p in on_disk}  # the ECB answers here are SDMX-ML
    assert shared_data / EXR in files and shared_data / FM in files


# -- own fixtures --------------------------------------------------------------------------

def test_csvdata_fixture(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-exr-csvdata.csv")
    res = SOURCE.parse(raw, origin, "ecb_csv")
    assert set(res.series) == {USD, "ECB.EXR.D.JPY.EUR.SP00.A"}
    assert res.series[USD].unit == "usd_per_eur"
    assert res.series["ECB.EXR.D.JPY.EUR.SP00.A"].unit == "as_published"
    assert math.isnan(_val(res, USD, "2026-01-01"))
    assert _val(res, USD, "2026-01-02") == 1.1234
    assert _val(res, "ECB.EXR.D.JPY.EUR.SP00.A", "2026-01-02") == 165.12
    for variant in (raw.replace(b"\n", b"\r\n"), b"\xef\xbb\xbf" + raw, raw.decode().encode("utf-16")):
        pd.testing.assert_frame_equal(SOURCE.parse(variant, origin, "ecb_csv").observations, res.observations)


def test_generic_fixture_periods(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-fm-generic.xml")
    res = SOURCE.parse(raw, origin, "sdmx_generic")  # flow from the structure id ECB_FMD2
    assert _val(res, "ECB.FM.M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA", "2025-12-01") == 2.07
    assert _val(res, "ECB.FM.Q.U2.EUR.4F.BB.U2_10Y.YLD", "2025-10-01") == 2.71  # 2025-Q4
    assert res.series["ECB.FM.Q.U2.EUR.4F.BB.U2_10Y.YLD"].frequency == "Q"
    assert res.vintage == pd.Timestamp("2026-02-03 09:00")


def test_unsorted_obs_are_sorted(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-fm-generic.xml")
    swapped = raw.replace(b'"2025-11"', b'"TMP"').replace(b'"2026-01"', b'"2025-11"').replace(b'"TMP"', b'"2026-01"')
    o = SOURCE.parse(swapped, origin, "sdmx_generic").observations
    s = o[o.series_id == "ECB.FM.M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA"]
    assert s["date"].is_monotonic_increasing and s["value"].tolist() == [2.04, 2.07, 2.05]


# -- bad input -----------------------------------------------------------------------------

def _err(exc_type, raw, origin, kind="sdmx_generic"):
    with pytest.raises(exc_type) as ei:
        SOURCE.parse(raw, origin, kind)
    assert origin in str(ei.value)
    return ei.value


def test_empty_html(fixtures_dir):
    _, origin = _fixture(fixtures_dir, "ustmon-fixture-fm-generic.xml")
    _err(EmptyBodyError, b"", origin)
    _err(EmptyBodyError, b"", origin, "ecb_csv")
    _err(HtmlInsteadOfDataError, b"<!DOCTYPE html><html><body>Service unavailable</body></html>", origin)
    _err(HtmlInsteadOfDataError, b"<html><head><title>Error</title></head></html>", origin, "ecb_csv")


def test_truncated_xml(shared_data):
    raw = (shared_data / EXR).read_bytes()
    e = _err(TruncatedFileError, raw[: len(raw) // 2], "exr.xml")
    assert e.line is not None and e.line > 20000


def test_sdmx_error_message(fixtures_dir):
    body = (b'<?xml version="1.0" encoding="UTF-8"?>\n<message:Error xmlns:message="http://www.sdmx.org/resources/sdmxml/'
            b'schemas/v2_1/message" xmlns:common="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common">'
            b'<message:ErrorMessage code="100"><common:Text>No results found.</common:Text></message:ErrorMessage></message:Error>')
    e = _err(SourceFormatError, body, "https://data-api.ecb.europa.eu/service/data/EXR/D.XXX.EUR.SP00.A")
    assert "No results found." in str(e)


def test_bad_xml_content(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-fm-generic.xml")
    e = _err(BadValueError, raw.replace(b'value="2.07"', b'value="2,07"'), origin)
    assert e.field == "ObsValue" and e.line == 36  # the generic:Obs element
    e = _err(BadDateError, raw.replace(b'"2025-12"', b'"2025-13"'), origin)
    assert e.field == "ObsDimension" and e.line == 36
    e = _err(DuplicateDateError, raw.replace(b'"2025-12"', b'"2025-11"'), origin)
    assert e.line == 36
    e = _err(MissingColumnError, raw.replace(b'<generic:ObsDimension value="2025-12"/>', b""), origin)
    assert e.field == "ObsDimension" and e.line == 36
    _err(SourceFormatError, raw.replace(b"</generic:Series>", b"</generic:Serie>", 1), origin)
    _err(SourceFormatError, b'<?xml version="1.0"?><message:StructureSpecificData xmlns:message="m"/>', origin)
    _err(SourceFormatError, b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', origin)


def test_bad_csv(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-exr-csvdata.csv")
    e = _err(MissingColumnError, raw.replace(b",OBS_VALUE,", b",VALUE,"), origin, "ecb_csv")
    assert e.field == "OBS_VALUE" and e.line == 1
    e = _err(BadValueError, raw.replace(b"1.1234", b"1.12x4"), origin, "ecb_csv")
    assert e.line == 3 and e.field == "OBS_VALUE"
    e = _err(BadDateError, raw.replace(b"2026-01-05", b"2026-02-30"), origin, "ecb_csv")
    assert e.line == 4 and e.field == "TIME_PERIOD"
    e = _err(DuplicateDateError, raw.replace(b"2026-01-05", b"2026-01-02"), origin, "ecb_csv")
    assert e.line == 4
    e = _err(TruncatedFileError, raw[: raw.rindex(b"2026-01-02") + 4], origin, "ecb_csv")
    assert e.line == 5


# -- live ----------------------------------------------------------------------------------

def test_live_requests_and_mock_fetch(fixtures_dir):
    reqs = SOURCE.live_requests(since=pd.Timestamp("2024-01-01"))
    urls = {r.url for r in reqs}
    assert "https://data-api.ecb.europa.eu/service/data/EXR/D.USD.EUR.SP00.A" in urls
    assert "https://data-api.ecb.europa.eu/service/data/FM/M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA" in urls
    assert all(r.kind == "sdmx_generic" and r.params == {"startPeriod": "2024-01-01"} for r in reqs)
    one = SOURCE.live_requests(series=["ECB.FM.M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA", "UST.PAR.10Y"])
    assert [r.url for r in one] == ["https://data-api.ecb.europa.eu/service/data/FM/M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA"]
    raw, _ = _fixture(fixtures_dir, "ustmon-fixture-fm-generic.xml")
    seen = []

    def handler(request):
        seen.append(str(request.url))
        return httpx.Response(200, content=raw)

    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        [(body, origin)] = SOURCE.fetch(one[0], http)
    assert seen == [origin]
    res = SOURCE.parse(body, origin, "sdmx_generic")  # the flow comes from the URL
    assert np.isclose(_val(res, "ECB.FM.M.U2.EUR.RT.MM.EURIBOR3MD_.HSTA", "2026-01-01"), 2.04)
