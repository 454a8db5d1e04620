"""Bundesbank SDMX web service (BBSIS term-structure Bund yields)."""

from __future__ import annotations

import math

import httpx
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
from ustmon.sources.bundesbank import ALIASES, SOURCE
from helpers import obs_value as _val

FILE = "bundesbank/BBSIS.D.I.ZAR.ZI.EUR.S1311.B.A604.R10XX.R.A.A._Z._Z.A_sdmx-generic_2020-01-01_2020-08-01.xml"
SID = "BBK.BBSIS.D.I.ZAR.ZI.EUR.S1311.B.A604.R10XX.R.A.A._Z._Z.A"
SID2 = "BBK.BBSIS.D.I.ZAR.ZI.EUR.S1311.B.A604.R02XX.R.A.A._Z._Z.A"


@pytest.fixture(scope="module")
def bund(shared_data):
    p = shared_data / FILE
    return SOURCE.parse(p.read_bytes(), str(p), "sdmx_generic")




def _fixture(fixtures_dir):
    p = fixtures_dir / "bundesbank" / "ustmon-fixture-bbsis-r02xx.xml"
    return p.read_bytes(), str(p)


def test_registered():
    assert get_source("bundesbank") is SOURCE


def test_real_file(bund):
    o = bund.observations
    # 214 generic:Obs, 148 with ObsValue; the 66 OBS_STATUS=K (no trading) entries are dropped
    assert len(o) == 148 and not o["value"].isna().any()
    assert o["date"].min() == pd.Timestamp("2020-01-02") and o["date"].max() == pd.Timestamp("2020-07-31")
    assert not (o["date"] == pd.Timestamp("2020-01-01")).any()  # K on New Year's Day
    assert not (o["date"] == pd.Timestamp("2020-08-01")).any()  # Saturday, K
    assert bund.notes == ["dropped 66 no-trading (OBS_STATUS=K) entries without a value"]
    assert _val(bund, SID, "2020-01-02") == -0.16
    assert _val(bund, SID, "2020-01-03") == -0.27
    assert _val(bund, SID, "2020-03-18") == -0.27
    assert _val(bund, SID, "2020-07-31") == -0.57
    m = bund.series[SID]
    assert m.unit == "pct" and m.attribution == "Source: Deutsche Bundesbank" and m.frequency == "D"
    assert "German Federal securities yield, 10-year residual maturity (term structure)" in m.title
    assert bund.vintage == pd.Timestamp("2024-04-17 10:37:07")  # Prepared 12:37:07+02:00 in UTC


def test_aliases_and_catalog(shared_data):
    assert ALIASES["BBK.BUND.10Y"] == SID and ALIASES["BBK.BUND.2Y"] == SID2
    cat = {m.id: m for m in SOURCE.catalog()}
    assert set(cat) == set(ALIASES.values())
    assert all("alias BBK.BUND." in m.title for m in cat.values())
    on_disk = sorted(p for p in (shared_data / "bundesbank").iterdir() if p.is_file())
    assert on_disk and {f.path: f.kind for f in SOURCE.mirror_files(shared_data)} == {p: "sdmx_generic" for p in on_disk}


def test_fixture_missing_but_not_k(fixtures_dir):
    raw, origin = _fixture(fixtures_dir)
    res = SOURCE.parse(raw, origin, "sdmx_generic")  # no BBK_ID attribute: flow from setID
    o = res.observations
    assert list(res.series) == [SID2] and len(o) == 3
    assert _val(res, SID2, "2026-02-27") == 2.11
    assert math.isnan(_val(res, SID2, "2026-03-02"))  # no value, status M: missing stays missing
    assert _val(res, SID2, "2026-03-03") == -0.05
    assert res.vintage == pd.Timestamp("2026-03-02 11:00")


def _err(exc_type, raw, origin):
    with pytest.raises(exc_type) as ei:
        SOURCE.parse(raw, origin, "sdmx_generic")
    assert origin in str(ei.value)
    return ei.value


def test_bad_input(shared_data, fixtures_dir):
    raw, origin = _fixture(fixtures_dir)
    _err(EmptyBodyError, b"", origin)
    _err(HtmlInsteadOfDataError, b"<html><head><title>Wartungsarbeiten</title></head></html>", origin)
    real = (shared_data / FILE).read_bytes()
    e = _err(TruncatedFileError, real[: real.index(b"2020-05-05")], "bbk.xml")
    assert e.line is not None
    e = _err(BadValueError, raw.replace(b'value="2.11"', b'value="2.1.1"'), origin)
    assert e.field == "ObsValue" and e.line == 33  # line of the generic:Obs
    e = _err(BadDateError, raw.replace(b'"2026-02-27"', b'"27.02.2026"'), origin)
    assert e.line == 33
    e = _err(DuplicateDateError, raw.replace(b'"2026-03-03"', b'"2026-02-27"'), origin)
    assert e.line == 58
    e = _err(MissingColumnError, raw.replace(b'<generic:ObsDimension value="2026-03-03"></generic:ObsDimension>', b""), origin)
    assert e.field == "ObsDimension"
    # UTF-16 with BOM and CRLF line ends are plain XML to expat
    crlf = SOURCE.parse(raw.replace(b"\n", b"\r\n"), origin, "sdmx_generic")
    pd.testing.assert_frame_equal(crlf.observations, SOURCE.parse(raw, origin, "sdmx_generic").observations)
    u16 = raw.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    pd.testing.assert_frame_equal(SOURCE.parse(u16, origin, "sdmx_generic").observations, crlf.observations)


def test_live_requests(fixtures_dir):
    reqs = SOURCE.live_requests(since=pd.Timestamp("2020-01-01"))
    assert [r.url for r in reqs] == [
        f"https://api.statistiken.bundesbank.de/rest/data/BBSIS/D.I.ZAR.ZI.EUR.S1311.B.A604.R{t}XX.R.A.A._Z._Z.A"
        for t in ("02", "05", "10", "30")]
    assert all(r.params == {"startPeriod": "2020-01-01"} and r.kind == "sdmx_generic" for r in reqs)
    [one] = SOURCE.live_requests(series=["BBK.BUND.2Y"])
    assert one.url.endswith("/BBSIS/D.I.ZAR.ZI.EUR.S1311.B.A604.R02XX.R.A.A._Z._Z.A") and one.params == {}
    raw, _ = _fixture(fixtures_dir)
    with HttpClient(cache_dir=None, transport=httpx.MockTransport(lambda r: httpx.Response(200, content=raw)),
                    sleep=lambda s: None) as http:
        [(body, origin)] = SOURCE.fetch(one, http)
    assert _val(SOURCE.parse(body, origin, "sdmx_generic"), SID2, "2026-02-27") == 2.11
