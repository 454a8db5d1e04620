"""Bank of Japan time-series API (getDataCode JSON), including NEXTPOSITION paging."""

from __future__ import annotations

import json
import math

import httpx
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
    SourceFormatError,
    TruncatedFileError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources.boj import SOURCE
from helpers import obs_value as _val

FILE = "boj/FM08_FXERD01_2025-01_api.json"
SID = "BOJ.FM08.FXERD01"




def _fixture(fixtures_dir, n=1):
    p = fixtures_dir / "boj" / f"ustmon-fixture-page-{n}.json"
    return p.read_bytes(), str(p)


def test_registered():
    assert get_source("boj") is SOURCE


def test_real_file(shared_data):
    p = shared_data / FILE
    res = SOURCE.parse(p.read_bytes(), str(p), "boj_json")
    o = res.observations
    assert list(res.series) == [SID]
    assert len(o) == 31  # every calendar day of January 2025
    assert o["date"].min() == pd.Timestamp("2025-01-01") and o["date"].max() == pd.Timestamp("2025-01-31")
    assert int(o["value"].isna().sum()) == 12  # null on weekends and holidays, kept as NaN
    assert math.isnan(_val(res, SID, "2025-01-01")) and math.isnan(_val(res, SID, "2025-01-13"))
    assert _val(res, SID, "2025-01-06") == 157.52
    assert _val(res, SID, "2025-01-16") == 156.2
    assert _val(res, SID, "2025-01-31") == 154.1
    m = res.series[SID]
    assert m.unit == "jpy_per_usd" and m.attribution == "Source: Bank of Japan" and m.frequency == "D"
    assert res.vintage == pd.Timestamp("2026-03-27")  # LAST_UPDATE
    on_disk = sorted(p for p in (shared_data / "boj").iterdir() if p.is_file())
    assert on_disk and {f.path: f.kind for f in SOURCE.mirror_files(shared_data)} == {p: "boj_json" for p in on_disk}


def _err(exc_type, raw, origin):
    with pytest.raises(exc_type) as ei:
        SOURCE.parse(raw, origin, "boj_json")
    assert origin in str(ei.value)
    return ei.value


def _mutate(raw, fn):
    doc = json.loads(raw)
    fn(doc)
    return json.dumps(doc).encode()


def test_bad_input(fixtures_dir):
    raw, origin = _fixture(fixtures_dir)
    _err(EmptyBodyError, b"", origin)
    _err(HtmlInsteadOfDataError, b"<!DOCTYPE html><html><head><title>Maintenance</title></head></html>", origin)
    e = _err(TruncatedFileError, raw[:-40], origin)
    assert e.line is not None
    e = _err(SourceFormatError, _mutate(raw, lambda d: d.update(STATUS=400, MESSAGE="Invalid DB parameter")), origin)
    assert "Invalid DB parameter" in str(e) and e.field == "STATUS"
    vals = lambda d: d["RESULTSET"][0]["VALUES"]  # noqa: E731
    e = _err(MissingColumnError, _mutate(raw, lambda d: d["RESULTSET"][0].pop("VALUES")), origin)
    assert e.field == "RESULTSET[0].VALUES"
    e = _err(BadValueError, _mutate(raw, lambda d: vals(d)["VALUES"].__setitem__(1, "150,52")), origin)
    assert e.line == 2 and e.field == "RESULTSET[0].VALUES.VALUES"
    e = _err(BadDateError, _mutate(raw, lambda d: vals(d)["SURVEY_DATES"].__setitem__(2, 20260230)), origin)
    assert e.line == 3
    e = _err(DuplicateDateError, _mutate(raw, lambda d: vals(d)["SURVEY_DATES"].__setitem__(1, 20260226)), origin)
    assert e.line == 2
    e = _err(DateOrderError, _mutate(raw, lambda d: vals(d)["SURVEY_DATES"].__setitem__(2, 20260225)), origin)
    assert e.line == 3
    e = _err(SourceFormatError, _mutate(raw, lambda d: vals(d)["VALUES"].pop()), origin)
    assert "SURVEY_DATES" in str(e)
    # BOM / UTF-16 / CRLF
    base = SOURCE.parse(raw, origin, "boj_json").observations
    for variant in (b"\xef\xbb\xbf" + raw, raw.replace(b"\n", b"\r\n"), raw.decode().encode("utf-16")):
        pd.testing.assert_frame_equal(SOURCE.parse(variant, origin, "boj_json").observations, base)


def test_live_request_and_paging(fixtures_dir):
    [req] = SOURCE.live_requests(since=pd.Timestamp("2025-01-15"))
    assert req.url == "https://www.stat-search.boj.or.jp/api/v1/getDataCode"
    assert req.params["format"] == "json" and req.params["lang"] == "en"
    assert req.params["db"] == "FM08" and req.params["code"] == "FXERD01"
    assert req.params["startDate"] == "202501" and req.params["endDate"] == pd.Timestamp.now().strftime("%Y%m")
    page1, _ = _fixture(fixtures_dir, 1)
    page2, _ = _fixture(fixtures_dir, 2)
    seen = []

    def handler(request):
        seen.append(dict(request.url.params))
        return httpx.Response(200, content=page2 if request.url.params.get("startPosition") == "2" else page1)

    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        pages = SOURCE.fetch(req, http)
    assert len(pages) == 2 and "startPosition" not in seen[0] and seen[1]["startPosition"] == "2"
    assert seen[1]["code"] == "FXERD01"
    r1 = SOURCE.parse(*pages[0], "boj_json")
    r2 = SOURCE.parse(*pages[1], "boj_json")
    assert _val(r1, SID, "2026-02-27") == 150.52
    assert _val(r2, "BOJ.FM08.FXERD02", "2026-02-27") == 150.66
    assert r2.series["BOJ.FM08.FXERD02"].unit == "jpy_per_usd"


def test_paging_loop_is_an_error(fixtures_dir):
    page1, _ = _fixture(fixtures_dir, 1)
    [req] = SOURCE.live_requests()
    with HttpClient(cache_dir=None, transport=httpx.MockTransport(lambda r: httpx.Response(200, content=page1)),
                    sleep=lambda s: None) as http:
        with pytest.raises(SourceFormatError, match="NEXTPOSITION"):
            SOURCE.fetch(req, http)
