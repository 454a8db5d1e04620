"""Treasury daily par yield curve and bill rates: real files in place, own fixtures, bad input."""

from __future__ import annotations

import math
import time

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
    SourceFormatError,
    TruncatedFileError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources.treasury_rates import PAR_MATURITY_YEARS, SOURCE
from helpers import obs_value as _val

PAR = "par_yield_curve_csv"
BILL = "bill_rates_csv"
ALL = "treasury/daily-treasury-rates_par-yield-curve_all_1990-2022-03-31.csv"


def _parse(shared, rel, kind=PAR):
    p = shared / rel
    return SOURCE.parse(p.read_bytes(), str(p), kind)




def _fixture(fixtures_dir, name):
    p = fixtures_dir / "treasury_rates" / name
    return p.read_bytes(), str(p)


def test_registered():
    assert get_source("treasury") is SOURCE


# -- real files ----------------------------------------------------------------------------

def test_all_file_1990_2022(shared_data):
    res = _parse(shared_data, ALL)
    o = res.observations
    assert list(o.columns[:3]) == ["series_id", "date", "value"]
    assert o["date"].dtype == "datetime64[ns]" and o["value"].dtype == "float64"
    assert o["date"].nunique() == 8070  # README: 8,070 rows
    assert o["date"].min() == pd.Timestamp("1990-01-02") and o["date"].max() == pd.Timestamp("2022-03-31")
    # 12 tenors, no 4 Mo and no 1.5 Month in this download
    assert set(res.series) == {f"UST.PAR.{t}" for t in ("1M", "2M", "3M", "6M", "1Y", "2Y", "3Y", "5Y", "7Y", "10Y", "20Y", "30Y")}
    assert len(o) == 8070 * 12
    # values read from the file with grep
    assert _val(res, "UST.PAR.10Y", "2022-03-31") == 2.32
    assert _val(res, "UST.PAR.30Y", "2022-03-31") == 2.44
    assert _val(res, "UST.PAR.3M", "1990-01-02") == 7.83
    assert _val(res, "UST.PAR.30Y", "1990-01-02") == 8.00
    assert _val(res, "UST.PAR.1M", "2001-07-31") == 3.67
    assert _val(res, "UST.PAR.30Y", "2002-02-15") == 5.37
    assert _val(res, "UST.PAR.30Y", "2006-02-09") == 4.51
    assert _val(res, "UST.PAR.1M", "2008-12-24") == 0.00  # a real zero, not missing
    # empty stretches stay NaN (README)
    assert math.isnan(_val(res, "UST.PAR.1M", "2001-07-30"))
    s1m = o[(o.series_id == "UST.PAR.1M") & (o.date < "2001-07-31")]["value"]
    assert len(s1m) > 0 and s1m.isna().all()
    s30 = o[(o.series_id == "UST.PAR.30Y") & (o.date >= "2002-02-19") & (o.date <= "2006-02-08")]["value"]
    assert len(s30) > 900 and s30.isna().all()
    assert _val(res, "UST.PAR.30Y", "2002-02-15") == 5.37 and math.isnan(_val(res, "UST.PAR.30Y", "2002-02-19"))
    s2m = o[(o.series_id == "UST.PAR.2M") & (o.date < "2018-10-16")]["value"]
    assert s2m.isna().all() and _val(res, "UST.PAR.2M", "2018-10-16") == 2.22
    s20 = o[(o.series_id == "UST.PAR.20Y") & (o.date <= "1993-09-30")]["value"]
    assert s20.isna().all() and _val(res, "UST.PAR.20Y", "1993-10-01") == 6.12
    # 10/11/2010: every tenor present as NaN (missing stays missing)
    row = o[o.date == pd.Timestamp("2010-10-11")]
    assert len(row) == 12 and row["value"].isna().all()
    # 3 Mo empty on 3 days in Dec 2008
    dec = o[(o.series_id == "UST.PAR.3M") & (o.date >= "2008-12-01") & (o.date <= "2008-12-31")]
    assert int(dec["value"].isna().sum()) == 3
    assert res.vintage is None


@pytest.mark.parametrize("year,first,last", [(2023, "2023-01-03", "2023-12-29"), (2024, "2024-01-02", "2024-12-31")])
def test_year_files_2023_2024(shared_data, year, first, last):
    res = _parse(shared_data, f"treasury/daily-treasury-rates_par-yield-curve_{year}.csv")
    o = res.observations
    assert o["date"].nunique() == 250
    assert o["date"].min() == pd.Timestamp(first) and o["date"].max() == pd.Timestamp(last)
    assert "UST.PAR.4M" in res.series and "UST.PAR.1_5M" not in res.series
    assert len(res.series) == 13 and len(o) == 250 * 13
    assert not o["value"].isna().any()


def test_cross_check_4_2024_12_31(shared_data):
    res = _parse(shared_data, "treasury/daily-treasury-rates_par-yield-curve_2024.csv")
    assert _val(res, "UST.PAR.2Y", "2024-12-31") == 4.25
    assert _val(res, "UST.PAR.10Y", "2024-12-31") == 4.58
    assert _val(res, "UST.PAR.30Y", "2024-12-31") == 4.78
    assert _val(res, "UST.PAR.4M", "2024-12-31") == 4.32
    assert _val(res, "UST.PAR.1M", "2024-01-02") == 5.55


def test_2023_values(shared_data):
    res = _parse(shared_data, "treasury/daily-treasury-rates_par-yield-curve_2023.csv")
    assert _val(res, "UST.PAR.1M", "2023-12-29") == 5.60
    assert _val(res, "UST.PAR.30Y", "2023-01-03") == 3.88
    assert _val(res, "UST.PAR.2Y", "2023-01-03") == 4.40


def test_2025_one_and_half_month(shared_data):
    res = _parse(shared_data, "treasury/daily-treasury-rates_par-yield-curve_2025.csv")
    o = res.observations
    assert o["date"].nunique() == 245
    assert o["date"].min() == pd.Timestamp("2025-01-02") and o["date"].max() == pd.Timestamp("2025-12-24")
    assert len(res.series) == 14
    s = o[o.series_id == "UST.PAR.1_5M"]
    assert s[s.date < "2025-02-18"]["value"].isna().all()
    assert s[s.date >= "2025-02-18"]["value"].notna().all()
    assert _val(res, "UST.PAR.1_5M", "2025-02-18") == 4.41
    assert _val(res, "UST.PAR.1_5M", "2025-12-24") == 3.73
    assert _val(res, "UST.PAR.30Y", "2025-12-24") == 4.79
    assert _val(res, "UST.PAR.1M", "2025-01-02") == 4.45


def test_bill_rates(shared_data):
    res = _parse(shared_data, "treasury/daily-treasury-bill-rates_2026-06-01_to_2026-06-05.csv", BILL)
    o = res.observations
    assert len(res.series) == 14 and len(o) == 70
    assert o["date"].min() == pd.Timestamp("2026-06-01") and o["date"].max() == pd.Timestamp("2026-06-05")
    assert _val(res, "UST.BILL.4W.DISCOUNT", "2026-06-05") == 3.62
    assert _val(res, "UST.BILL.4W.COUPON_EQUIV", "2026-06-05") == 3.68
    assert _val(res, "UST.BILL.52W.COUPON_EQUIV", "2026-06-05") == 3.85
    assert _val(res, "UST.BILL.26W.DISCOUNT", "2026-06-01") == 3.66
    assert _val(res, "UST.BILL.17W.COUPON_EQUIV", "2026-06-03") == 3.74
    assert all(m.unit == "pct" and m.attribution for m in res.series.values())


def test_catalog_and_maturities():
    ids = {m.id for m in SOURCE.catalog()}
    assert {"UST.PAR.1_5M", "UST.PAR.4M", "UST.BILL.6W.DISCOUNT", "UST.BILL.52W.COUPON_EQUIV"} <= ids
    assert PAR_MATURITY_YEARS["UST.PAR.10Y"] == 10.0
    assert PAR_MATURITY_YEARS["UST.PAR.3M"] == 0.25
    assert PAR_MATURITY_YEARS["UST.PAR.1_5M"] == pytest.approx(0.125)
    assert set(PAR_MATURITY_YEARS) == {i for i in ids if i.startswith("UST.PAR.")}
    for m in SOURCE.catalog():
        assert m.url.startswith("https://home.treasury.gov/") and m.unit == "pct"


def test_mirror_files(shared_data):
    """Every CSV in treasury/ is listed: bill-rate files as bills, the others as par curves (names from the folder)."""
    files = {f.path: f.kind for f in SOURCE.mirror_files(shared_data)}
    on_disk = sorted((shared_data / "treasury").glob("*.csv"))
    assert on_disk
    assert files == {p: BILL if "bill-rates" in p.name else PAR for p in on_disk}
    assert SOURCE.mirror_files(shared_data / "nonexistent") == []


def test_cross_check_17_2022_12_30(shared_data):
    """daily-treasury-rates_par-yield-curve_2022.csv, row 12/30/2022: 2 Yr 4.41, 10 Yr 3.88, 30 Yr 3.97 (= fred DGS*)."""
    res = _parse(shared_data, "treasury/daily-treasury-rates_par-yield-curve_2022.csv")
    assert _val(res, "UST.PAR.2Y", "2022-12-30") == 4.41
    assert _val(res, "UST.PAR.10Y", "2022-12-30") == 3.88
    assert _val(res, "UST.PAR.30Y", "2022-12-30") == 3.97
    assert _val(res, "UST.PAR.4M", "2022-12-30") == 4.69
    o = res.observations
    assert o["date"].nunique() == 249  # README: 249 rows, 2022-01-03..2022-12-30
    assert o["date"].min() == pd.Timestamp("2022-01-03") and o["date"].max() == pd.Timestamp("2022-12-30")
    # 4 Mo is empty before 2022-10-19 (199 rows)
    four = o[o["series_id"] == "UST.PAR.4M"]
    assert int(four["value"].isna().sum()) == 199
    assert four.loc[four["value"].notna(), "date"].min() == pd.Timestamp("2022-10-19")
    # its 2022-03-31 row equals the "all" file's last row
    every = _parse(shared_data, ALL)
    for t in ("1M", "2Y", "10Y", "30Y"):
        assert _val(res, f"UST.PAR.{t}", "2022-03-31") == _val(every, f"UST.PAR.{t}", "2022-03-31")
    fred = shared_data / "fred"
    from ustmon.sources.fred import SOURCE as FRED
    for sid, v in (("DGS2", 4.41), ("DGS10", 3.88), ("DGS30", 3.97)):
        p = fred / f"{sid}.csv"
        assert _val(FRED.parse(p.read_bytes(), str(p), "fredgraph_csv"), sid, "2022-12-30") == v


def test_speed_big_file(shared_data):
    raw = (shared_data / ALL).read_bytes()
    SOURCE.parse(raw, "x", PAR)
    t = time.perf_counter()
    SOURCE.parse(raw, "x", PAR)
    assert time.perf_counter() - t < 1.0


# -- own fixtures --------------------------------------------------------------------------

def test_fixture_par_and_bills(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-par-yield-curve.csv")
    res = SOURCE.parse(raw, origin, PAR)
    assert len(res.series) == 14
    assert math.isnan(_val(res, "UST.PAR.1_5M", "2026-03-03"))
    assert _val(res, "UST.PAR.30Y", "2026-03-04") == 4.75
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-bill-rates-2005.csv")
    res = SOURCE.parse(raw, origin, BILL)
    assert _val(res, "UST.BILL.13W.COUPON_EQUIV", "2005-01-05") == 2.29
    assert math.isnan(_val(res, "UST.BILL.52W.DISCOUNT", "2005-01-05"))  # N/A -> NaN


def test_encodings_crlf_bom_utf16(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-par-yield-curve.csv")
    base = SOURCE.parse(raw, origin, PAR).observations
    for variant in (raw.replace(b"\n", b"\r\n"), b"\xef\xbb\xbf" + raw, raw.decode().encode("utf-16"), raw + b"\n"):
        pd.testing.assert_frame_equal(SOURCE.parse(variant, origin, PAR).observations, base)


# -- bad input -----------------------------------------------------------------------------

def _err(exc_type, raw, origin, kind=PAR):
    with pytest.raises(exc_type) as ei:
        SOURCE.parse(raw, origin, kind)
    assert origin in str(ei.value)
    return ei.value


def test_empty_and_html(fixtures_dir):
    _, origin = _fixture(fixtures_dir, "ustmon-fixture-par-yield-curve.csv")
    _err(EmptyBodyError, b"", origin)
    _err(EmptyBodyError, b"  \n", origin)
    e = _err(HtmlInsteadOfDataError, b"<!DOCTYPE html><html><head><title>Access Denied</title></head></html>", origin)
    assert e.line == 1


def test_truncated(shared_data):
    raw = (shared_data / ALL).read_bytes()
    cut = raw[: raw.index(b"\n03/25/2022") + 20]  # ends inside the 03/25/2022 row
    e = _err(TruncatedFileError, cut, "x.csv")
    assert e.line == 6  # header is line 1, 03/31/2022 line 2
    cut = raw[: raw.index(b"\n03/25/2022") + 5]  # ends inside the date
    _err(TruncatedFileError, cut, "x.csv")


def test_short_row_inside(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-par-yield-curve.csv")
    bad = raw.replace(b"03/03/2026,4.09,,", b"03/03/2026,4.09,")
    e = _err(SourceFormatError, bad, origin)
    assert e.line == 3


def test_renamed_or_unknown_column(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-par-yield-curve.csv")
    e = _err(MissingColumnError, raw.replace(b'"10 Yr"', b'"10 Year Note"'), origin)
    assert e.field == "10 Year Note" and e.line == 1
    e = _err(MissingColumnError, raw.replace(b'"4 Mo"', b'"9 Mo"'), origin)
    assert "9 Mo" in str(e)
    e = _err(MissingColumnError, raw.replace(b"Date,", b"Day,", 1), origin)
    assert e.field == "Date"
    # a par-curve file given to the bill parser is a format mismatch too
    _err(MissingColumnError, raw, origin, BILL)


def test_bad_value_and_date(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-par-yield-curve.csv")
    e = _err(BadValueError, raw.replace(b"3.79,3.69", b"3.79,abc"), origin)
    assert e.line == 3 and e.field == "2 Yr"
    e = _err(BadDateError, raw.replace(b"03/03/2026", b"03/33/2026"), origin)
    assert e.line == 3 and e.field == "Date"
    e = _err(BadDateError, raw.replace(b"03/02/2026", b"2026-03-02"), origin)
    assert e.line == 4


def test_duplicate_and_unsorted(fixtures_dir):
    raw, origin = _fixture(fixtures_dir, "ustmon-fixture-par-yield-curve.csv")
    e = _err(DuplicateDateError, raw.replace(b"03/03/2026", b"03/04/2026"), origin)
    assert e.line == 3
    e = _err(DateOrderError, raw.replace(b"03/02/2026", b"03/09/2026"), origin)
    assert e.line == 4


# -- live requests -------------------------------------------------------------------------

def test_live_requests_shape():
    reqs = SOURCE.live_requests(since=pd.Timestamp("2024-06-01"))
    now = pd.Timestamp.now().year
    par = [r for r in reqs if r.kind == PAR]
    bills = [r for r in reqs if r.kind == BILL]
    assert len(par) == now - 2024 + 1 and len(bills) == len(par)
    r = par[0]
    assert r.url == ("https://home.treasury.gov/resource-center/data-chart-center/interest-rates/"
                     "daily-treasury-rates.csv/2024/all")
    assert r.params == {"type": "daily_treasury_yield_curve", "field_tdr_date_value": "2024", "page": "", "_format": "csv"}
    assert bills[0].params["type"] == "daily_treasury_bill_rates"
    full = SOURCE.live_requests()
    assert [r for r in full if r.kind == PAR][0].params["field_tdr_date_value"] == "1990"
    only_par = SOURCE.live_requests(series=["UST.PAR.10Y"], since=pd.Timestamp("2025-01-01"))
    assert {r.kind for r in only_par} == {PAR}


def test_live_request_over_mock_transport(fixtures_dir):
    raw, _ = _fixture(fixtures_dir, "ustmon-fixture-par-yield-curve.csv")
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, content=raw)

    req = SOURCE.live_requests(since=pd.Timestamp(f"{pd.Timestamp.now().year}-01-01"))[0]
    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        payloads = SOURCE.fetch(req, http)
    assert len(payloads) == 1 and len(seen) == 1
    assert seen[0].params["type"] == "daily_treasury_yield_curve" and seen[0].params["_format"] == "csv"
    assert "page" in seen[0].params
    res = SOURCE.parse(payloads[0][0], payloads[0][1], req.kind)
    assert np.isclose(_val(res, "UST.PAR.10Y", "2026-03-04"), 4.20)
