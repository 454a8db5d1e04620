"""CFTC Traders in Financial Futures (futures only): real files in place, fixtures, bad inputs, requests.

Expected values were read from the files with grep/awk, not printed by the parser.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path

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
    MissingMemberError,
    SourceFormatError,
    TruncatedFileError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources.cftc import (
    ATTRIBUTION,
    COLUMNS,
    SOURCE,
    UST_CONTRACTS,
    CftcSource,
    parse_tff,
)
from ustmon.units import UNITS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def read_shared(shared: Path, rel: str) -> tuple[bytes, str]:
    """Bytes of a shared file (read in place) and the origin string parsers get."""
    p = shared / rel
    return p.read_bytes(), str(p)


UST = ["042601", "044601", "043602", "043607", "020601", "020604"]
SERIES_PER_CODE = 27  # OI + 14 positions + 12 trader counts
FIX_TXT = FIXTURES / "cftc" / "ustmon-fixture-FinFutYY.txt"
FIX_JSON = FIXTURES / "cftc" / "ustmon-fixture-gpe5-46if.json"


def value(res, sid: str, date: str) -> float:
    o = res.observations
    hit = o.loc[(o["series_id"] == sid) & (o["date"] == pd.Timestamp(date)), "value"]
    assert len(hit) == 1, (sid, date, len(hit))
    return float(hit.iloc[0])


def parse_file(shared: Path, name: str, kind: str = "tff_annual_txt"):
    raw, origin = read_shared(shared, f"cftc/{name}")
    return SOURCE.parse(raw, origin, kind)


# ---------------------------------------------------------------------------
# every real file, in place
# ---------------------------------------------------------------------------
# file, kind, UST rows (grep), weeks, first, last, codes present
FILES = [
    ("FinFutYY_2015_full.txt", "tff_annual_txt", 260, 52, "2015-01-06", "2015-12-29", 5),
    ("FinFut17.txt", "tff_annual_txt", 312, 52, "2017-01-03", "2017-12-26", 6),
    ("FinFut18.txt", "tff_annual_txt", 318, 53, "2018-01-02", "2018-12-31", 6),
    ("FinFut19.txt", "tff_annual_txt", 312, 52, "2019-01-08", "2019-12-31", 6),
    ("FinFutYY_2020_thru-2020-11-24.txt", "tff_annual_txt", 282, 47, "2020-01-07", "2020-11-24", 6),
    ("FinFutYY_2021_full.txt", "tff_annual_txt", 312, 52, "2021-01-05", "2021-12-28", 6),
    ("FinFutYY_2022_full.txt", "tff_annual_txt", 312, 52, "2022-01-04", "2022-12-27", 6),
    ("FinFutYY_2024_thru-2024-07-23.txt", "tff_annual_txt", 180, 30, "2024-01-02", "2024-07-23", 6),
    ("FinFutYY_2025_thru-2025-04-29.txt", "tff_annual_txt", 102, 17, "2025-01-07", "2025-04-29", 6),
    ("FinFutYY_2026_thru-2026-06-09_crlf.txt", "tff_annual_txt", 138, 23, "2026-01-06", "2026-06-09", 6),
    ("FinFutYY_2026_thru-2026-08-04.txt", "tff_annual_txt", 186, 31, "2026-01-06", "2026-08-04", 6),
    ("TFF_UST-futures-rows_2015-2026_subset.txt", "tff_annual_txt", 2576, 438, "2015-01-06", "2026-08-04", 6),
    ("FinFutWk-20260929-ust-rows.txt", "tff_weekly", 6, 1, "2026-09-29", "2026-09-29", 6),
]


@pytest.mark.parametrize("name,kind,rows,weeks,first,last,ncodes", FILES)
def test_real_file_counts_and_ranges(shared_data, name, kind, rows, weeks, first, last, ncodes):
    res = parse_file(shared_data, name, kind)
    o = res.observations
    assert list(o.columns[:3]) == ["series_id", "date", "value"]
    assert o["date"].dtype == "datetime64[ns]" and o["value"].dtype == "float64"
    assert len(o) == rows * SERIES_PER_CODE
    assert o["date"].nunique() == weeks
    assert o["date"].min() == pd.Timestamp(first) and o["date"].max() == pd.Timestamp(last)
    codes = {s.split(".")[2] for s in o["series_id"].unique()}
    assert len(codes) == ncodes and codes <= set(UST)
    assert set(o["series_id"]) <= set(res.series)
    assert not o.duplicated(["series_id", "date"]).any()
    assert res.vintage is None  # the files do not state a publication date
    for meta in res.series.values():
        assert meta.unit in UNITS and meta.frequency == "W" and meta.attribution == ATTRIBUTION
        assert meta.url.startswith("https://publicreporting.cftc.gov/resource/gpe5-46if.json")


# 043602 (10-year note) newest row of each file: date, Open_Interest_All, Lev_Money_Positions_Long/Short_All,
# NonRept_Positions_Short_All, Traders_Lev_Money_Short_All (awk on the files)
TEN_YEAR_NEWEST = [
    ("FinFutYY_2015_full.txt", "2015-12-29", 2487067, 360416, 559711, 434210, 60),
    ("FinFut17.txt", "2017-12-26", 3289719, 463148, 876723, 518538, 86),
    ("FinFut18.txt", "2018-12-31", 4044514, 405803, 1215199, 432683, 71),
    ("FinFut19.txt", "2019-12-31", 3624029, 392411, 1049742, 398490, 65),
    ("FinFutYY_2020_thru-2020-11-24.txt", "2020-11-24", 3471861, 427406, 568637, 450131, 65),
    ("FinFutYY_2021_full.txt", "2021-12-28", 3846382, 624858, 585680, 537085, 84),
    ("FinFutYY_2022_full.txt", "2022-12-27", 3780914, 203902, 1009773, 407163, 72),
    ("FinFutYY_2024_thru-2024-07-23.txt", "2024-07-23", 4585511, 209378, 1740347, 360030, 75),
    ("FinFutYY_2025_thru-2025-04-29.txt", "2025-04-29", 4880010, 237175, 2070536, 316823, 69),
    ("FinFutYY_2026_thru-2026-06-09_crlf.txt", "2026-06-09", 5251295, 349939, 2329450, 385533, 80),
    ("FinFutYY_2026_thru-2026-08-04.txt", "2026-08-04", 5265447, 270266, 2501936, 407649, 95),
    ("TFF_UST-futures-rows_2015-2026_subset.txt", "2015-12-29", 2487067, 360416, 559711, 434210, 60),
]


@pytest.mark.parametrize("name,date,oi,lml,lms,nrs,tlms", TEN_YEAR_NEWEST)
def test_real_file_ten_year_values(shared_data, name, date, oi, lml, lms, nrs, tlms):
    res = parse_file(shared_data, name)
    assert value(res, "CFTC.TFF.043602.OI", date) == oi
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.LONG", date) == lml
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", date) == lms
    assert value(res, "CFTC.TFF.043602.NONREPT.SHORT", date) == nrs
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.TRADERS.SHORT", date) == tlms
    assert res.series["CFTC.TFF.043602.LEV_MONEY.TRADERS.SHORT"].unit == "traders"
    assert res.series["CFTC.TFF.043602.OI"].unit == "contracts"


# 042601 (2-year note) oldest row: date, Open_Interest_All, Lev_Money_Positions_Short_All, Traders_Lev_Money_Short_All
TWO_YEAR_OLDEST = [
    ("FinFut17.txt", "2017-01-03", 1140716, 225523, 35),
    ("FinFut18.txt", "2018-01-02", 1800461, 525196, 58),
    ("FinFut19.txt", "2019-01-08", 2571575, 1213491, 61),
    ("FinFutYY_2020_thru-2020-11-24.txt", "2020-01-07", 3537903, 1863594, 50),
    ("FinFutYY_2021_full.txt", "2021-01-05", 1928625, 852410, 40),
    ("FinFutYY_2022_full.txt", "2022-01-04", 1947598, 163692, 43),
    ("FinFutYY_2024_thru-2024-07-23.txt", "2024-01-02", 3770545, 2269655, 62),
]


@pytest.mark.parametrize("name,date,oi,lms,tlms", TWO_YEAR_OLDEST)
def test_real_file_two_year_values(shared_data, name, date, oi, lms, tlms):
    res = parse_file(shared_data, name)
    assert value(res, "CFTC.TFF.042601.OI", date) == oi
    assert value(res, "CFTC.TFF.042601.LEV_MONEY.SHORT", date) == lms
    assert value(res, "CFTC.TFF.042601.LEV_MONEY.TRADERS.SHORT", date) == tlms


def test_readme_cross_check_3(shared_data):
    """README cross-check 3: 043602, report 2026-08-04, and the 2026-06-09 row equal in both copies."""
    lf = parse_file(shared_data, "FinFutYY_2026_thru-2026-08-04.txt")
    assert value(lf, "CFTC.TFF.043602.OI", "2026-08-04") == 5265447
    assert value(lf, "CFTC.TFF.043602.LEV_MONEY.SHORT", "2026-08-04") == 2501936
    crlf = parse_file(shared_data, "FinFutYY_2026_thru-2026-06-09_crlf.txt")
    assert value(lf, "CFTC.TFF.043602.OI", "2026-06-09") == 5251295
    assert value(crlf, "CFTC.TFF.043602.OI", "2026-06-09") == 5251295


def test_crlf_and_lf_copies_identical_on_shared_weeks(shared_data):
    lf = parse_file(shared_data, "FinFutYY_2026_thru-2026-08-04.txt").observations
    crlf = parse_file(shared_data, "FinFutYY_2026_thru-2026-06-09_crlf.txt").observations
    shared = lf[lf["date"] <= pd.Timestamp("2026-06-09")]
    a = shared.sort_values(["series_id", "date"]).reset_index(drop=True)
    b = crlf.sort_values(["series_id", "date"]).reset_index(drop=True)
    assert len(a) == len(b) == 138 * SERIES_PER_CODE
    pd.testing.assert_frame_equal(a, b)
    # all markets too (92 rows on 2026-06-09 in both copies, by grep)
    raw_lf, o1 = read_shared(shared_data, "cftc/FinFutYY_2026_thru-2026-08-04.txt")
    raw_cr, o2 = read_shared(shared_data, "cftc/FinFutYY_2026_thru-2026-06-09_crlf.txt")
    all_lf = parse_tff(raw_lf, o1).observations
    all_cr = parse_tff(raw_cr, o2).observations
    day = pd.Timestamp("2026-06-09")
    x = all_lf[all_lf["date"] == day].sort_values("series_id").reset_index(drop=True)
    y = all_cr[all_cr["date"] == day].sort_values("series_id").reset_index(drop=True)
    assert len(x) == 92 * SERIES_PER_CODE
    pd.testing.assert_frame_equal(x, y)


def test_2015_has_no_ultra_ten_and_old_ultra_bond_name(shared_data):
    raw, origin = read_shared(shared_data, "cftc/FinFutYY_2015_full.txt")
    assert b'"LONG-TERM U.S. TREASURY BONDS - CHICAGO BOARD OF TRADE",150106,2015-01-06,020604,' in raw
    res = SOURCE.parse(raw, origin, "tff_annual_txt")
    assert not any(s.startswith("CFTC.TFF.043607.") for s in res.observations["series_id"].unique())
    assert value(res, "CFTC.TFF.020604.OI", "2015-01-06") == 522725
    assert value(res, "CFTC.TFF.020604.LEV_MONEY.LONG", "2015-01-06") == 23943
    assert value(res, "CFTC.TFF.020604.LEV_MONEY.SHORT", "2015-01-06") == 218303
    # keyed on the code: the title uses ustmon's contract table, not the file's old name
    assert res.series["CFTC.TFF.020604.OI"].title.startswith("Ultra UST Bond futures (CBOT 020604)")


def test_2022_old_and_new_names_map_to_one_series(shared_data):
    raw, origin = read_shared(shared_data, "cftc/FinFutYY_2022_full.txt")
    assert b'"10-YEAR U.S. TREASURY NOTES - CHICAGO BOARD OF TRADE",220201,2022-02-01,043602,' in raw
    assert b'"UST 10Y NOTE - CHICAGO BOARD OF TRADE",220208,2022-02-08,043602,' in raw
    res = SOURCE.parse(raw, origin, "tff_annual_txt")
    assert value(res, "CFTC.TFF.043602.OI", "2022-02-01") == 3932501  # old name
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", "2022-02-01") == 525994
    assert value(res, "CFTC.TFF.043602.OI", "2022-02-08") == 4048525  # new name
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", "2022-02-08") == 500187
    o = res.observations
    for code in UST:
        assert (o["series_id"] == f"CFTC.TFF.{code}.OI").sum() == 52
    assert res.series["CFTC.TFF.043602.LEV_MONEY.SHORT"].title == (
        "UST 10Y Note futures (CBOT 043602): leveraged funds short, contracts (CFTC TFF, futures only)")


def test_weekly_file_without_header(shared_data):
    raw, origin = read_shared(shared_data, "cftc/FinFutWk-20260929-ust-rows.txt")
    assert not raw.startswith(b'"Market_and_Exchange_Names"')
    res = SOURCE.parse(raw, origin, "tff_weekly")
    d = "2026-09-29"
    assert value(res, "CFTC.TFF.020601.OI", d) == 1879173
    assert value(res, "CFTC.TFF.020601.LEV_MONEY.SHORT", d) == 410869
    assert value(res, "CFTC.TFF.020604.OI", d) == 2507580
    assert value(res, "CFTC.TFF.020604.DEALER.TRADERS.SHORT", d) == 17
    # suppressed trader counts ('.') stay missing, never 0
    assert math.isnan(value(res, "CFTC.TFF.020604.DEALER.TRADERS.SPREAD", d))
    assert math.isnan(value(res, "CFTC.TFF.020604.OTHER_REPT.TRADERS.SPREAD", d))
    assert math.isnan(value(res, "CFTC.TFF.020601.OTHER_REPT.TRADERS.SPREAD", d))
    assert value(res, "CFTC.TFF.043602.OI", d) == 5676556
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", d) == 2547011


def test_subset_combines_years_in_runs(shared_data):
    res = parse_file(shared_data, "TFF_UST-futures-rows_2015-2026_subset.txt")
    o = res.observations
    oi = o[o["series_id"] == "CFTC.TFF.043602.OI"]
    assert len(oi) == 438
    assert value(res, "CFTC.TFF.043602.OI", "2026-08-04") == 5265447
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", "2026-08-04") == 2501936
    # gaps the README lists: no 2016 or 2023
    years = set(oi["date"].dt.year)
    assert 2016 not in years and 2023 not in years


def test_all_markets_parse_without_duplicates(shared_data):
    """``parse_tff(codes=None)`` keeps every market; each real annual file is consistent."""
    for name, kind, *_ in FILES:
        if kind != "tff_annual_txt" or name.startswith("TFF_"):
            continue
        raw, origin = read_shared(shared_data, f"cftc/{name}")
        res = parse_tff(raw, origin, None)
        codes = {s.split(".")[2] for s in res.observations["series_id"].unique()}
        assert set(UST) - {"043607"} <= codes and len(codes) > 30, name
    raw, origin = read_shared(shared_data, "cftc/FinFutYY_2026_thru-2026-08-04.txt")
    res = parse_tff(raw, origin, None)
    assert value(res, "CFTC.TFF.090741.OI", "2026-08-04") == 365083  # Canadian dollar, first line
    assert res.series["CFTC.TFF.090741.OI"].title.startswith(
        "CANADIAN DOLLAR - CHICAGO MERCANTILE EXCHANGE (CFTC 090741)")


def test_leveraged_funds_short_feb_2020_matches_fed_note(shared_data):
    """FEDS note on the basis trade: leveraged funds' gross short in 2-, 5- and 10-year futures was
    about $659bn of face value in February 2020.  2020-02-18 gives 659.05bn, the best match
    (02-04: 648.1, 02-11: 654.7, 02-25: 611.6)."""
    res = parse_file(shared_data, "FinFutYY_2020_thru-2020-11-24.txt")

    def gross_short_bn(date: str) -> float:
        return sum(value(res, f"CFTC.TFF.{c}.LEV_MONEY.SHORT", date) * UST_CONTRACTS[c].face_value_usd
                   for c in ("042601", "044601", "043602")) / 1e9

    best = gross_short_bn("2020-02-18")
    assert best == pytest.approx(659, rel=0.02)
    for d in ("2020-02-04", "2020-02-11", "2020-02-25"):
        assert abs(gross_short_bn(d) - 659) > abs(best - 659)
    # raw values read with awk: Lev_Money_Positions_Short_All on 2020-02-18
    assert value(res, "CFTC.TFF.042601.LEV_MONEY.SHORT", "2020-02-18") == 1855024
    assert value(res, "CFTC.TFF.044601.LEV_MONEY.SHORT", "2020-02-18") == 1675590
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", "2020-02-18") == 1204886


def test_annual_zip_in_memory(shared_data):
    raw, _ = read_shared(shared_data, "cftc/FinFutYY_2026_thru-2026-08-04.txt")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("FinFutYY.txt", raw)
    url = "https://www.cftc.gov/files/dea/history/fut_fin_txt_2026.zip"
    res = SOURCE.parse(buf.getvalue(), url, "tff_zip")
    assert value(res, "CFTC.TFF.043602.OI", "2026-08-04") == 5265447
    assert res.origin == f"{url}!FinFutYY.txt"


# ---------------------------------------------------------------------------
# fixtures and bad inputs
# ---------------------------------------------------------------------------
@pytest.fixture
def fix_bytes() -> bytes:
    return FIX_TXT.read_bytes()


def test_fixture_parses(fix_bytes):
    res = SOURCE.parse(fix_bytes, "fix.txt", "tff_annual_txt")
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", "2026-08-11") == 1500000
    assert value(res, "CFTC.TFF.043602.ASSET_MGR.SPREAD", "2026-08-04") == 149000
    assert math.isnan(value(res, "CFTC.TFF.043602.OTHER_REPT.TRADERS.SPREAD", "2026-08-11"))
    assert value(res, "CFTC.TFF.043602.OTHER_REPT.TRADERS.SPREAD", "2026-08-04") == 4
    assert not any(".099741." in s for s in res.series)  # default: Treasury futures only
    every = parse_tff(fix_bytes, "fix.txt", codes=None)
    assert value(every, "CFTC.TFF.099741.OI", "2026-08-11") == 700000
    assert every.series["CFTC.TFF.099741.OI"].title.startswith("EURO FX - CHICAGO MERCANTILE EXCHANGE (CFTC 099741)")
    assert len(every.observations) == 3 * SERIES_PER_CODE
    only = CftcSource(codes=["099741"]).parse(fix_bytes, "fix.txt", "tff_annual_txt")
    assert {s.split(".")[2] for s in only.observations["series_id"]} == {"099741"}


def test_encodings_bom_crlf_utf16(fix_bytes):
    base = SOURCE.parse(fix_bytes, "fix.txt", "tff_annual_txt").observations
    for raw in (b"\xef\xbb\xbf" + fix_bytes, fix_bytes.replace(b"\n", b"\r\n"),
                fix_bytes.decode().encode("utf-16"), fix_bytes.rstrip(b"\n"), fix_bytes.replace(b"\n", b"\r"),
                fix_bytes.replace(b"\n", b"\r\n").rstrip(b"\r\n")):
        pd.testing.assert_frame_equal(SOURCE.parse(raw, "fix.txt", "tff_annual_txt").observations, base)


def test_weekly_kind_without_header(fix_bytes):
    body = fix_bytes.split(b"\n", 1)[1]
    res = SOURCE.parse(body, "FinFutWk.txt", "tff_weekly")
    base = SOURCE.parse(fix_bytes, "fix.txt", "tff_annual_txt").observations
    pd.testing.assert_frame_equal(res.observations, base)
    # the weekly kind also tolerates a header row
    pd.testing.assert_frame_equal(SOURCE.parse(fix_bytes, "FinFutWk.txt", "tff_weekly").observations, base)


def test_weekly_with_extra_column_rejected(fix_bytes):
    body = fix_bytes.split(b"\n", 1)[1].replace(b'"FutOnly"', b'"FutOnly","NEW"')
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(body, "FinFutWk.txt", "tff_weekly")
    assert "FinFutWk.txt, line 1" in str(ei.value) and "88 fields" in str(ei.value)


def test_html_instead_of_data():
    page = b"<!DOCTYPE html><html><head><title>Page Not Found | CFTC</title></head><body>x</body></html>"
    for kind in ("tff_annual_txt", "tff_weekly", "tff_zip", "tff_socrata_json"):
        with pytest.raises(HtmlInsteadOfDataError) as ei:
            SOURCE.parse(page, "https://www.cftc.gov/x", kind)
        assert "https://www.cftc.gov/x" in str(ei.value) and "line 1" in str(ei.value)


@pytest.mark.parametrize("kind", ["tff_annual_txt", "tff_weekly", "tff_zip", "tff_socrata_json"])
def test_empty_body(kind):
    with pytest.raises(EmptyBodyError) as ei:
        SOURCE.parse(b"  \n", "empty.txt", kind)
    assert "empty.txt" in str(ei.value)


def test_truncated_last_row(fix_bytes):
    cut = fix_bytes[: len(fix_bytes) - 300]  # ends in the middle of line 4's numbers
    with pytest.raises(TruncatedFileError) as ei:
        SOURCE.parse(cut, "fix.txt", "tff_annual_txt")
    assert ei.value.line == 4 and "fix.txt, line 4" in str(ei.value)
    cut2 = fix_bytes[: fix_bytes.rindex(b"EUR 125")]  # inside the quoted contract units
    with pytest.raises(TruncatedFileError) as ei:
        SOURCE.parse(cut2, "fix.txt", "tff_annual_txt")
    assert ei.value.line == 4


def test_truncated_real_file(shared_data):
    raw, origin = read_shared(shared_data, "cftc/FinFutYY_2026_thru-2026-08-04.txt")
    with pytest.raises(TruncatedFileError) as ei:
        SOURCE.parse(raw[:-200], origin, "tff_annual_txt")
    assert ei.value.line == 2682 and origin in str(ei.value)  # wc -l: 2682 lines
    raw, origin = read_shared(shared_data, "cftc/FinFutYY_2026_thru-2026-06-09_crlf.txt")
    with pytest.raises(TruncatedFileError) as ei:
        SOURCE.parse(raw[:-200], origin, "tff_annual_txt")
    assert ei.value.line == 1963  # wc -l: 1963 CRLF lines


def test_renamed_column(fix_bytes):
    bad = fix_bytes.replace(b'"Lev_Money_Positions_Short_All"', b'"Lev_Money_Short_All"', 1)
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(bad, "FinFutYY.txt", "tff_annual_txt")
    assert ei.value.field == "Lev_Money_Positions_Short_All"
    assert "FinFutYY.txt, line 1" in str(ei.value) and "Lev_Money_Positions_Short_All" in str(ei.value)


def test_renamed_column_in_real_file(shared_data):
    raw, origin = read_shared(shared_data, "cftc/FinFutYY_2022_full.txt")
    bad = raw.replace(b'"Report_Date_as_YYYY-MM-DD"', b'"Report_Date_as_MM_DD_YYYY"', 1)
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(bad, origin, "tff_annual_txt")
    assert ei.value.field == "Report_Date_as_YYYY-MM-DD" and origin in str(ei.value)


def test_non_numeric_position(fix_bytes):
    lines = fix_bytes.split(b"\n")
    cells = lines[2].split(b",")
    cells[15] = b"   12x34"  # Lev_Money_Positions_Short_All of 2026-08-04 (line 3)
    lines[2] = b",".join(cells)
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(b"\n".join(lines), "fix.txt", "tff_annual_txt")
    assert ei.value.line == 3 and ei.value.field == "Lev_Money_Positions_Short_All"
    assert "12x34" in str(ei.value) and "fix.txt" in str(ei.value)


def test_bad_date(fix_bytes):
    bad = fix_bytes.replace(b",2026-08-04,043602,", b",2026-13-04,043602,")
    with pytest.raises(BadDateError) as ei:
        SOURCE.parse(bad, "fix.txt", "tff_annual_txt")
    assert ei.value.line == 3 and ei.value.field == "Report_Date_as_YYYY-MM-DD" and "2026-13-04" in str(ei.value)


def test_duplicate_week(fix_bytes):
    lines = fix_bytes.rstrip(b"\n").split(b"\n")
    dup = b"\n".join([lines[0], lines[1], lines[1], lines[2]]) + b"\n"
    with pytest.raises(DuplicateDateError) as ei:
        SOURCE.parse(dup, "fix.txt", "tff_annual_txt")
    assert ei.value.line == 3 and "043602" in str(ei.value) and "2026-08-11" in str(ei.value)


def test_duplicate_weeks_when_two_2026_copies_are_concatenated(shared_data):
    """The 06-09 and 08-04 copies share weeks: gluing them into one file is a duplicate."""
    a, _ = read_shared(shared_data, "cftc/FinFutYY_2026_thru-2026-08-04.txt")
    b, _ = read_shared(shared_data, "cftc/FinFutYY_2026_thru-2026-06-09_crlf.txt")
    glued = a + b.replace(b"\r\n", b"\n").split(b"\n", 1)[1]
    with pytest.raises(DuplicateDateError) as ei:
        SOURCE.parse(glued, "glued.txt", "tff_annual_txt")
    assert ei.value.line > 2682


def test_unsorted_weeks(fix_bytes):
    lines = fix_bytes.rstrip(b"\n").split(b"\n")
    swapped = b"\n".join([lines[0], lines[2], lines[1], lines[3]]) + b"\n"
    with pytest.raises(DateOrderError) as ei:
        SOURCE.parse(swapped, "fix.txt", "tff_annual_txt")
    assert ei.value.line == 3 and "newest first" in str(ei.value)


def test_zip_without_member(fix_bytes):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", b"nothing here")
    with pytest.raises(MissingMemberError) as ei:
        SOURCE.parse(buf.getvalue(), "fut_fin_txt_2026.zip", "tff_zip")
    assert "fut_fin_txt_2026.zip" in str(ei.value) and "readme.txt" in str(ei.value)
    with pytest.raises(MissingMemberError):  # a truncated zip download
        good = io.BytesIO()
        with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("FinFutYY.txt", fix_bytes)
        SOURCE.parse(good.getvalue()[:100], "fut_fin_txt_2026.zip", "tff_zip")


def test_zip_member_errors_name_the_member(fix_bytes):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("FinFutYY.txt", fix_bytes.replace(b",2026-08-04,043602,", b",2026-08-xx,043602,"))
    with pytest.raises(BadDateError) as ei:
        SOURCE.parse(buf.getvalue(), "fut_fin_txt_2026.zip", "tff_zip")
    assert "fut_fin_txt_2026.zip!FinFutYY.txt, line 3" in str(ei.value)


def test_unknown_kind(fix_bytes):
    with pytest.raises(ValueError):
        SOURCE.parse(fix_bytes, "fix.txt", "nope")


# ---------------------------------------------------------------------------
# Socrata JSON
# ---------------------------------------------------------------------------
def test_socrata_fixture_matches_text_layout(fix_bytes):
    res = SOURCE.parse(FIX_JSON.read_bytes(), "gpe5-46if.json", "tff_socrata_json")
    txt = SOURCE.parse(fix_bytes, "fix.txt", "tff_annual_txt").observations
    j = res.observations
    ten = j[j["series_id"].str.startswith("CFTC.TFF.043602.")].reset_index(drop=True)
    # the absent traders_other_rept_spread (suppressed) and the file's "." agree: NaN
    pd.testing.assert_frame_equal(ten, txt.reset_index(drop=True))
    assert value(res, "CFTC.TFF.042601.LEV_MONEY.SHORT", "2026-08-11") == 2200000
    assert value(res, "CFTC.TFF.042601.OTHER_REPT.TRADERS.SPREAD", "2026-08-11") == 5


def test_socrata_renamed_field():
    recs = json.loads(FIX_JSON.read_bytes())
    for r in recs:
        r["lev_money_positions_short_all"] = r.pop("lev_money_positions_short")
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(json.dumps(recs).encode(), "api.json", "tff_socrata_json")
    assert ei.value.field == "lev_money_positions_short" and "api.json" in str(ei.value)


def test_socrata_non_numeric_and_bad_date():
    recs = json.loads(FIX_JSON.read_bytes())
    recs[1]["open_interest_all"] = "n/a"
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(json.dumps(recs).encode(), "api.json", "tff_socrata_json")
    assert ei.value.line == 2 and ei.value.field == "open_interest_all"
    recs = json.loads(FIX_JSON.read_bytes())
    recs[2]["report_date_as_yyyy_mm_dd"] = "08/11/2026"
    with pytest.raises(BadDateError) as ei:
        SOURCE.parse(json.dumps(recs).encode(), "api.json", "tff_socrata_json")
    assert ei.value.line == 3 and ei.value.field == "report_date_as_yyyy_mm_dd"


def test_socrata_duplicates_error_object_and_truncation():
    recs = json.loads(FIX_JSON.read_bytes())
    with pytest.raises(DuplicateDateError) as ei:
        SOURCE.parse(json.dumps(recs + [recs[0]]).encode(), "api.json", "tff_socrata_json")
    assert ei.value.line == 4
    err = b'{"code":"query.soql.no-such-column","error":true,"message":"No such column: foo"}'
    with pytest.raises(SourceFormatError) as ei:
        SOURCE.parse(err, "api.json", "tff_socrata_json")
    assert "No such column" in str(ei.value)
    with pytest.raises(TruncatedFileError):
        SOURCE.parse(FIX_JSON.read_bytes()[:500], "api.json", "tff_socrata_json")
    empty = SOURCE.parse(b"[]", "api.json", "tff_socrata_json")
    assert empty.observations.empty


# ---------------------------------------------------------------------------
# catalog, requests, paging, mirror
# ---------------------------------------------------------------------------
def test_registry_and_catalog():
    assert get_source("cftc") is SOURCE
    cat = SOURCE.catalog()
    assert len(cat) == 6 * SERIES_PER_CODE
    ids = {m.id for m in cat}
    assert "CFTC.TFF.043602.LEV_MONEY.SHORT" in ids and "CFTC.TFF.042601.OI" in ids
    assert "CFTC.TFF.042601.NONREPT.SPREAD" not in ids and "CFTC.TFF.042601.NONREPT.TRADERS.LONG" not in ids
    assert "CFTC.TFF.020604.ASSET_MGR.TRADERS.SPREAD" in ids
    assert {m.unit for m in cat} == {"contracts", "traders"}
    assert UST_CONTRACTS["042601"].face_value_usd == 200_000
    assert all(UST_CONTRACTS[c].face_value_usd == 100_000 for c in UST if c != "042601")
    assert len(COLUMNS) == 87


def test_live_requests():
    this_year = pd.Timestamp.today().year
    reqs = SOURCE.live_requests()
    zips = [r for r in reqs if r.kind == "tff_zip"]
    assert zips[0].url == "https://www.cftc.gov/files/dea/history/fut_fin_txt_2010.zip"
    assert zips[-1].url == f"https://www.cftc.gov/files/dea/history/fut_fin_txt_{this_year}.zip"
    assert len(zips) == this_year - 2010 + 1
    assert reqs[-1].kind == "tff_weekly" and reqs[-1].url == "https://www.cftc.gov/dea/newcot/FinFutWk.txt"
    recent = SOURCE.live_requests(since=pd.Timestamp("2024-05-01"))
    assert [r.url.rsplit("_", 1)[1] for r in recent if r.kind == "tff_zip"][0] == "2024.zip"
    assert SOURCE.live_requests(series=["FRED.DGS10"]) == []


def test_socrata_paging_with_mock_transport():
    recs = json.loads(FIX_JSON.read_bytes())
    seen: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        q = dict(request.url.params)
        seen.append(q)
        assert request.url.host == "publicreporting.cftc.gov" and request.url.path == "/resource/gpe5-46if.json"
        off, lim = int(q["$offset"]), int(q["$limit"])
        return httpx.Response(200, content=json.dumps(recs[off:off + lim]).encode())

    req = SOURCE.socrata_request(since=pd.Timestamp("2026-01-01"))
    assert req.kind == "tff_socrata_json"
    assert req.params["$where"].startswith("cftc_contract_market_code in('042601','044601','043602',")
    assert "report_date_as_yyyy_mm_dd >= '2026-01-01T00:00:00.000'" in req.params["$where"]
    small = type(req)(req.source, req.kind, req.url, params={**req.params, "$limit": 2})
    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        pages = SOURCE.fetch(small, http)
    assert [q["$offset"] for q in seen] == ["0", "2"]
    assert len(pages) == 2 and "%24offset=2" in pages[1][1]
    obs = pd.concat([SOURCE.parse(b, o, req.kind).observations for b, o in pages])
    assert len(obs) == 3 * SERIES_PER_CODE

    # an exact multiple of the page size needs one more (empty) request, which is not returned
    seen.clear()
    exact = type(req)(req.source, req.kind, req.url, params={**req.params, "$limit": 3})
    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        pages = SOURCE.fetch(exact, http)
    assert [q["$offset"] for q in seen] == ["0", "3"] and len(pages) == 1


def test_file_requests_use_one_get(fix_bytes):
    def handler(request: httpx.Request) -> httpx.Response:
        assert str(request.url) == "https://www.cftc.gov/dea/newcot/FinFutWk.txt"
        return httpx.Response(200, content=fix_bytes.split(b"\n", 1)[1])

    weekly = SOURCE.live_requests()[-1]
    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        pages = SOURCE.fetch(weekly, http)
    res = SOURCE.parse(pages[0][0], pages[0][1], weekly.kind)
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", "2026-08-11") == 1500000


def test_mirror_files(shared_data, tmp_path):
    d = tmp_path / "cftc"
    d.mkdir()
    for p in (shared_data / "cftc").iterdir():
        (d / p.name).symlink_to(p)  # read in place, never copied
    (d / "notes.md").write_text("not data")
    (d / "fut_fin_txt_2026.zip").write_bytes(b"PK")
    (d / "gpe5-46if.json").write_bytes(FIX_JSON.read_bytes())
    kinds = {f.path.name: f.kind for f in SOURCE.mirror_files(tmp_path)}
    assert kinds["FinFutWk-20260929-ust-rows.txt"] == "tff_weekly"
    assert kinds["FinFutYY_2015_full.txt"] == "tff_annual_txt"
    assert kinds["FinFut18.txt"] == "tff_annual_txt"
    assert kinds["TFF_UST-futures-rows_2015-2026_subset.txt"] == "tff_annual_txt"
    assert kinds["fut_fin_txt_2026.zip"] == "tff_zip" and kinds["gpe5-46if.json"] == "tff_socrata_json"
    assert "notes.md" not in kinds
    texts = [p for p in (shared_data / "cftc").iterdir() if p.is_file() and p.suffix == ".txt"]
    assert len([k for k in kinds.values() if k in ("tff_annual_txt", "tff_weekly")]) == len(texts)
    # the real 2023 annual zip, and nothing from the cassette subfolder
    assert kinds["fut_fin_txt_2023_thru-2023-10-10.zip"] == "tff_zip"
    assert not any(k.endswith(".yaml") for k in kinds)
    assert SOURCE.mirror_files(tmp_path / "nowhere") == []


# ---------------------------------------------------------------------------
# the 2023 annual zip as the CFTC serves it, and a recorded legacy-COT answer
# ---------------------------------------------------------------------------

ZIP_2023 = "fut_fin_txt_2023_thru-2023-10-10.zip"


def test_annual_zip_2023_real(shared_data):
    p = shared_data / "cftc" / ZIP_2023
    res = SOURCE.parse(p.read_bytes(), str(p), "tff_zip")
    o = res.observations
    # 246 Treasury rows (41 weeks x 6 codes), 27 series each: 6,642 values, 162 series (data README)
    assert len(o) == 6642 and o["series_id"].nunique() == 162
    assert o["date"].min() == pd.Timestamp("2023-01-03") and o["date"].max() == pd.Timestamp("2023-10-10")
    # member FinFutYY.txt, "UST 10Y NOTE - CHICAGO BOARD OF TRADE" rows (cols Open_Interest_All, Lev_Money_Positions_Short_All)
    assert value(res, "CFTC.TFF.043602.OI", "2023-10-10") == 4745314
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", "2023-10-10") == 1789250
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.SHORT", "2023-03-14") == 1199946
    assert value(res, "CFTC.TFF.043602.LEV_MONEY.LONG", "2023-10-10") == 414736
    # 2-year ($200,000 face): 2023-01-03 OI 2219812, leveraged short 886868
    assert value(res, "CFTC.TFF.042601.OI", "2023-01-03") == 2219812
    assert value(res, "CFTC.TFF.042601.LEV_MONEY.SHORT", "2023-01-03") == 886868
    assert res.origin == f"{p}!FinFutYY.txt"  # errors would name the member


def test_legacy_cot_cassette_is_refused_by_tff_socrata_parser(shared_data):
    """The recorded answer is from Socrata ``jun7-fc8e`` (legacy COT), not TFF: the TFF parser must refuse it."""
    from cassettes import cassettes_under, read_cassette

    paths = cassettes_under(shared_data / "cftc")
    assert paths
    for path in paths:
        for it in read_cassette(path):
            assert it.status == 200 and "jun7-fc8e" in it.uri
            recs = json.loads(it.body)
            assert isinstance(recs, list) and recs[0]["futonly_or_combined"] == "Combined"
            with pytest.raises(MissingColumnError) as ei:
                SOURCE.parse(it.body, it.uri, "tff_socrata_json")
            assert ei.value.field == "dealer_positions_long_all"
            assert "jun7-fc8e" in str(ei.value)
