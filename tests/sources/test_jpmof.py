"""Japan MoF JGB yields (jgbcme_all.csv / jgbcme.csv)."""

from __future__ import annotations

import math
import time

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
from ustmon.sources.jpmof import CURRENT_URL, HISTORY_URL, SOURCE
from helpers import obs_value as _val

KIND = "jgbcme_csv"
ALL = "jp_mof/jgbcme_all.csv"


@pytest.fixture(scope="module")
def history(shared_data):
    p = shared_data / ALL
    return SOURCE.parse(p.read_bytes(), str(p), KIND)




def _fixture(fixtures_dir):
    p = fixtures_dir / "jpmof" / "ustmon-fixture-jgbcme-current-month.csv"
    return p.read_bytes(), str(p)


def test_registered():
    assert get_source("jpmof") is SOURCE


def test_history_shape(history):
    o = history.observations
    assert len(history.series) == 15
    assert o["date"].nunique() == 13208  # 13,210 lines - title - header
    assert len(o) == 13208 * 15
    assert o["date"].min() == pd.Timestamp("1974-09-24") and o["date"].max() == pd.Timestamp("2026-04-30")
    assert o["date"].dtype == "datetime64[ns]" and o["value"].dtype == "float64"
    assert history.notes == []


def test_cross_check_12(history):
    assert _val(history, "MOF.JGB.10Y", "2026-04-30") == 2.52
    assert _val(history, "MOF.JGB.10Y", "2016-07-27") == -0.297


def test_values_read_from_file(history):
    # line 3: 1974/9/24,10.327,9.362,8.83,...,8.127,-,...
    assert _val(history, "MOF.JGB.1Y", "1974-09-24") == 10.327
    assert _val(history, "MOF.JGB.9Y", "1974-09-24") == 8.127
    assert math.isnan(_val(history, "MOF.JGB.10Y", "1974-09-24"))  # "-"
    # line 10827: 2016/7/27
    assert _val(history, "MOF.JGB.1Y", "2016-07-27") == -0.371
    assert _val(history, "MOF.JGB.40Y", "2016-07-27") == 0.333
    # last line: 2026/4/30
    assert _val(history, "MOF.JGB.40Y", "2026-04-30") == 3.743
    assert _val(history, "MOF.JGB.2Y", "2026-04-30") == 1.402


@pytest.mark.parametrize("sid,start", [("MOF.JGB.10Y", "1986-07-05"), ("MOF.JGB.20Y", "1986-12-01"),
                                       ("MOF.JGB.15Y", "1991-08-30"), ("MOF.JGB.30Y", "1999-09-02"),
                                       ("MOF.JGB.25Y", "2004-03-22"), ("MOF.JGB.40Y", "2007-11-06")])
def test_column_start_dates(history, sid, start):
    s = history.observations
    s = s[s.series_id == sid].set_index("date")["value"]
    assert s.first_valid_index() == pd.Timestamp(start)
    assert s[: pd.Timestamp(start) - pd.Timedelta(days=1)].isna().all()


def test_saturdays_and_negatives(history):
    d = pd.Series(history.observations["date"].unique())
    sat = d[d.dt.day_of_week == 5]
    assert len(sat) == 519 and sat.max() == pd.Timestamp("1989-01-28")
    assert (history.observations["value"] < 0).any()


def test_catalog_and_mirror(shared_data):
    cat = {m.id: m for m in SOURCE.catalog()}
    assert set(cat) == {f"MOF.JGB.{y}Y" for y in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40)}
    for m in cat.values():
        assert m.attribution == "Source: Ministry of Finance, Japan" and m.unit == "pct" and m.url.startswith("https://www.mof.go.jp/")
    files = SOURCE.mirror_files(shared_data)
    on_disk = sorted(p for p in (shared_data / "jp_mof").iterdir() if p.is_file())
    assert on_disk and {f.path: f.kind for f in files} == {p: KIND for p in on_disk}


def test_speed(shared_data):
    raw = (shared_data / ALL).read_bytes()
    t = time.perf_counter()
    SOURCE.parse(raw, "x", KIND)
    assert time.perf_counter() - t < 1.0


# -- current-month layout with notes after the table ---------------------------------------

def test_current_month_trailer(fixtures_dir):
    raw, origin = _fixture(fixtures_dir)
    res = SOURCE.parse(raw, origin, KIND)
    assert res.observations["date"].nunique() == 3
    assert _val(res, "MOF.JGB.10Y", "2026-05-07") == 2.53
    assert _val(res, "MOF.JGB.1Y", "2026-05-08") == -0.01
    assert math.isnan(_val(res, "MOF.JGB.40Y", "2026-05-07"))
    assert res.notes and "non-data" in res.notes[0]


def test_encodings(fixtures_dir):
    raw, origin = _fixture(fixtures_dir)
    base = SOURCE.parse(raw, origin, KIND).observations
    for variant in (raw.replace(b"\r\n", b"\n"), b"\xef\xbb\xbf" + raw, raw.decode().encode("utf-16")):
        pd.testing.assert_frame_equal(SOURCE.parse(variant, origin, KIND).observations, base)


# -- bad input -----------------------------------------------------------------------------

def _err(exc_type, raw, origin):
    with pytest.raises(exc_type) as ei:
        SOURCE.parse(raw, origin, KIND)
    assert origin in str(ei.value)
    return ei.value


def test_empty_html(fixtures_dir):
    _, origin = _fixture(fixtures_dir)
    _err(EmptyBodyError, b"", origin)
    _err(HtmlInsteadOfDataError, b"<html><head><title>404 Not Found</title></head></html>", origin)


def test_truncated(shared_data):
    raw = (shared_data / ALL).read_bytes()
    cut = raw[: raw.index(b"2026/4/30,") + 20]
    e = _err(TruncatedFileError, cut, "jgb.csv")
    assert e.line == 13210


def test_missing_or_renamed_column(fixtures_dir):
    raw, origin = _fixture(fixtures_dir)
    e = _err(MissingColumnError, raw.replace(b",10Y,", b",10YR,"), origin)
    assert e.field == "10YR" and e.line == 2
    e = _err(MissingColumnError, raw.replace(b"Date,1Y", b"Day,1Y"), origin)
    assert e.field == "Date"


def test_bad_value_date_order(fixtures_dir):
    raw, origin = _fixture(fixtures_dir)
    e = _err(BadValueError, raw.replace(b"2026/5/7,1.110", b"2026/5/7,x.110"), origin)
    assert e.line == 4 and e.field == "1Y"
    e = _err(BadDateError, raw.replace(b"2026/5/7,", b"2026/5/37,"), origin)
    assert e.line == 4 and e.field == "Date"
    e = _err(DuplicateDateError, raw.replace(b"2026/5/7,", b"2026/5/1,"), origin)
    assert e.line == 4
    e = _err(DateOrderError, raw.replace(b"2026/5/8,", b"2026/5/6,"), origin)
    assert e.line == 5


def test_non_data_line_inside_table(fixtures_dir):
    raw, origin = _fixture(fixtures_dir)
    bad = raw.replace(b"2026/5/7,", b"May 7 2026,")
    with pytest.raises(SourceFormatError) as ei:
        SOURCE.parse(bad, origin, KIND)
    assert ei.value.line == 4


# -- live ----------------------------------------------------------------------------------

def test_live_requests(fixtures_dir):
    reqs = SOURCE.live_requests()
    assert [r.url for r in reqs] == [HISTORY_URL, CURRENT_URL]
    assert HISTORY_URL == "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/historical/jgbcme_all.csv"
    assert CURRENT_URL == "https://www.mof.go.jp/english/policy/jgbs/reference/interest_rate/jgbcme.csv"
    assert all(r.kind == KIND for r in reqs)
    assert [r.url for r in SOURCE.live_requests(since=pd.Timestamp.now())] == [CURRENT_URL]
    assert SOURCE.live_requests(series=["UST.PAR.10Y"]) == []
    raw, _ = _fixture(fixtures_dir)
    transport = httpx.MockTransport(lambda req: httpx.Response(200, content=raw))
    with HttpClient(cache_dir=None, transport=transport, sleep=lambda s: None) as http:
        [(body, origin)] = SOURCE.fetch(reqs[1], http)
    assert origin == CURRENT_URL
    assert _val(SOURCE.parse(body, origin, KIND), "MOF.JGB.10Y", "2026-05-01") == 2.51
