"""TIC Major Foreign Holders: real files read in place, hand-written fixtures, bad input.

Expected values were read from the files with grep/sed (see the comments), not
printed by the parser.
"""

from __future__ import annotations

import math
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
    SourceFormatError,
    TruncatedFileError,
    UnknownSeriesError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources import tic
from ustmon.units import UNITS

SOURCE = tic.SOURCE
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "tic"
MFH_FIX = FIX / "ustmon-fixture-mfhhis01.txt"
SLT_FIX = FIX / "ustmon-fixture-slt_table5.txt"


def value(res, sid: str, month: str) -> float:
    obs = res.observations
    hit = obs.loc[(obs["series_id"] == sid) & (obs["date"] == pd.Timestamp(month)), "value"]
    assert len(hit) == 1, f"{sid} {month}: {len(hit)} rows"
    return float(hit.iloc[0])


def dates_of(res, sid: str) -> pd.Series:
    obs = res.observations
    return obs.loc[obs["series_id"] == sid, "date"]


def check_frame(res) -> None:
    obs = res.observations
    assert list(obs.columns[:3]) == ["series_id", "date", "value"]
    assert obs["date"].dtype == "datetime64[ns]"
    assert obs["value"].dtype == "float64"
    assert not obs.duplicated(["series_id", "date"]).any()
    assert (obs["date"].dt.day == 1).all()
    for sid in obs["series_id"].unique():
        meta = res.series[sid]
        assert meta.unit == "usd_bn" and meta.unit in UNITS
        assert meta.frequency == "M"
        assert meta.url.startswith("https://ticdata.treasury.gov/")
        assert meta.attribution == "U.S. Department of the Treasury, Treasury International Capital (TIC) System"


def read_shared(shared: Path, rel: str) -> tuple[bytes, str]:
    p = shared / rel
    return p.read_bytes(), str(p)


def fix_bytes(path: Path) -> bytes:
    return path.read_bytes()


def parse_mfh(raw: bytes, origin: str = "mfhhis01-test.txt"):
    return SOURCE.parse(raw, origin, "mfhhis01")


def parse_slt(raw: bytes, origin: str = "slt_table5-test.txt"):
    return SOURCE.parse(raw, origin, "slt_table5")


def assert_names(exc: SourceFormatError, origin: str, *, line: int | None = None, field: str | None = None) -> None:
    msg = str(exc)
    assert msg.startswith("tic: ")
    assert origin in msg
    if line is not None:
        assert exc.line == line
        assert f"line {line}" in msg
    if field is not None:
        assert exc.field == field
        assert repr(field) in msg


# ---------------------------------------------------------------------------
# Real files, read in place
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mfhhis01(shared_data):
    raw, origin = read_shared(shared_data, "tic/mfhhis01.txt")
    return SOURCE.parse(raw, origin, "mfhhis01")


def test_mfhhis01_readme_cross_checks(mfhhis01):
    # README "Cross-checks" 1
    assert value(mfhhis01, "TIC.MFH.JP", "2025-12-01") == 1185.5
    assert value(mfhhis01, "TIC.MFH.TOTAL", "2025-12-01") == 9271  # printed "9271" (trailing zeros dropped)
    assert value(mfhhis01, "TIC.MFH.CN", "2023-09-01") == 778.1
    assert value(mfhhis01, "TIC.MFH.OFFICIAL", "2023-09-01") == 3691
    check_frame(mfhhis01)


def test_mfhhis01_china_peak_and_year_on_year(mfhhis01):
    cn = mfhhis01.observations[mfhhis01.observations["series_id"] == "TIC.MFH.CN"]
    peak = cn.loc[cn["value"].idxmax()]
    # line 634: 2013 block, Nov column = 1316.7 (Dec 1270.1)
    assert peak["value"] == 1316.7 and peak["date"] == pd.Timestamp("2013-11-01")
    # line 156: 2022 block, Sep = 901.7; issue: 2023-09 was down 13.7% y/y
    assert value(mfhhis01, "TIC.MFH.CN", "2022-09-01") == 901.7
    yoy = value(mfhhis01, "TIC.MFH.CN", "2023-09-01") / value(mfhhis01, "TIC.MFH.CN", "2022-09-01") - 1
    assert round(yoy * 100, 1) == -13.7


def test_mfhhis01_series_breaks_keep_the_new_series(mfhhis01):
    # 2011 (line 749): Jun, Jun = 1307 (Series XII, new), 1165.5 (Series XI, comparison)
    assert value(mfhhis01, "TIC.MFH.CN", "2011-06-01") == 1307
    assert value(mfhhis01, "TIC.MFH.CN", "2011-05-01") == 1159.8
    # 2002 (line 1172): Grand Total Jun, Jun = 1123.1 (Series III), 1097.5 (Series II)
    assert value(mfhhis01, "TIC.MFH.TOTAL", "2002-06-01") == 1123.1
    # 2000 runs Mar..Dec with Mar twice: the first is Series II (continues to May 2002), the second
    # Series I "shown for comparison only" (footnote 6/).  Line 1220: UK ... 78.6 (Series II), 235.7.
    assert value(mfhhis01, "TIC.MFH.GB", "2000-03-01") == 78.6
    assert value(mfhhis01, "TIC.MFH.TOTAL", "2000-03-01") == 1085
    assert value(mfhhis01, "TIC.MFH.OFFICIAL", "2000-03-01") == 635.6
    assert dates_of(mfhhis01, "TIC.MFH.JP").min() == pd.Timestamp("2000-03-01")
    breaks = [n for n in mfhhis01.notes if n.startswith("series breaks")]
    assert breaks and all(f"Jun {y}" in breaks[0] for y in range(2002, 2012)) and "Mar 2000" in breaks[0]


def test_mfhhis01_rows_per_year_and_range(mfhhis01):
    obs = mfhhis01.observations
    # rows per block (awk: non-empty first field between the Country row and the next block, without
    # "Of which:") x months (2000: Mar..Dec = 10; others 12 after dropping comparison columns)
    rows = {2000: 24, 2001: 24, 2002: 32, 2003: 32, 2004: 32, 2005: 30, 2006: 32, 2007: 32, 2008: 36, 2009: 40,
            2010: 39, 2011: 41, 2012: 49, 2013: 50, 2014: 49, 2015: 49, 2016: 50, 2017: 50, 2018: 49, 2019: 47,
            2020: 39, 2021: 40, 2022: 43, 2023: 41, 2024: 42, 2025: 41}
    expected = {y: n * (10 if y == 2000 else 12) for y, n in rows.items()}
    assert obs.groupby(obs["date"].dt.year).size().to_dict() == expected
    assert len(obs) == sum(expected.values()) == 12348
    assert obs["date"].min() == pd.Timestamp("2000-03-01")
    assert obs["date"].max() == pd.Timestamp("2025-12-01")
    assert obs["series_id"].nunique() == 57


def test_mfhhis01_names_and_cells(mfhhis01):
    # quoted name with a trailing space inside the quotes: "Korea, South " (2000-2003), line 1191
    assert value(mfhhis01, "TIC.MFH.KR", "2001-12-01") == 32.8
    # footnote tags: "Oil Exporters 3/", "Carib Bnkng Ctrs 4/", "United Kingdom 2/" (lines 1189-1193)
    assert value(mfhhis01, "TIC.MFH.GROUP.OIL_EXPORTERS", "2001-12-01") == 46.8
    assert value(mfhhis01, "TIC.MFH.GROUP.CARIBBEAN_BANKING_CENTERS", "2001-12-01") == 27.6
    assert value(mfhhis01, "TIC.MFH.GB", "2001-12-01") == 45
    # Belgium-Luxembourg (2000-2001) is the Belgium line before June 2002 (footnote 5/); "Belgium  5/" in 2002
    assert value(mfhhis01, "TIC.MFH.BE", "2000-03-01") == 27.1
    assert value(mfhhis01, "TIC.MFH.BE", "2002-12-01") == 13
    # "Spain " with a trailing space
    assert value(mfhhis01, "TIC.MFH.ES", "2001-12-01") == 15.6
    # n.a. = missing (Luxembourg before June 2002, line 1155), never 0
    assert math.isnan(value(mfhhis01, "TIC.MFH.LU", "2002-05-01"))
    assert value(mfhhis01, "TIC.MFH.LU", "2002-06-01") == 23.1
    # indented "Of which" rows (2001, lines 1208-1210) and unindented ones (2025, line 50)
    assert value(mfhhis01, "TIC.MFH.OFFICIAL.BILLS", "2001-12-01") == 161.7
    assert value(mfhhis01, "TIC.MFH.OFFICIAL.NOTES_BONDS", "2001-12-01") == 457.7
    assert value(mfhhis01, "TIC.MFH.OFFICIAL", "2025-12-01") == 3887
    # UK: README cross-check 2 (revised values in the history)
    assert value(mfhhis01, "TIC.MFH.GB", "2021-07-01") == 541.6
    assert value(mfhhis01, "TIC.MFH.GB", "2025-09-01") == 862.1
    assert mfhhis01.series["TIC.MFH.CN"].title == (
        "Foreign holdings of US Treasury securities: China, Mainland (TIC Major Foreign Holders)")
    assert "Luxembourg" in mfhhis01.series["TIC.MFH.BE"].notes


def test_mfhhis01_vintage_from_footer(mfhhis01):
    # line 1248: "(2025 revised March 18, 2026)" (the latest revision note)
    assert mfhhis01.vintage == pd.Timestamp("2026-03-18")
    assert any("2006 revised 2018-08-15" in n for n in mfhhis01.notes)


def test_mfhhis01_fast(shared_data):
    import time

    raw, origin = read_shared(shared_data, "tic/mfhhis01.txt")
    best = min(_timed(lambda: SOURCE.parse(raw, origin, "mfhhis01"), time) for _ in range(3))
    assert best < 0.5  # ~10 ms on a laptop; generous bound for CI


def _timed(fn, time) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def test_mfh_pagetext_2021_07(shared_data):
    raw, origin = read_shared(shared_data, "tic/mfh_vintage-2021-07_pagetext-excerpt.txt")
    res = SOURCE.parse(raw, origin, "mfh_pagetext")
    check_frame(res)
    # README cross-check 2: UK 2021-07 = 539.5 in this release (541.6 after revision)
    assert value(res, "TIC.MFH.GB", "2021-07-01") == 539.5
    assert value(res, "TIC.MFH.JP", "2020-07-01") == 1293.0
    assert value(res, "TIC.MFH.KR", "2021-07-01") == 126.2  # "Korea"
    assert value(res, "TIC.MFH.CN", "2021-07-01") == 1068.3  # unquoted "China, Mainland"
    # cut: "Netherlands 68.7 72." -> keep 68.7, drop the half number
    assert value(res, "TIC.MFH.NL", "2021-07-01") == 68.7
    assert len(dates_of(res, "TIC.MFH.NL")) == 1
    assert len(res.observations) == 19 * 13 + 1
    assert res.observations["date"].min() == pd.Timestamp("2020-07-01")
    assert res.observations["date"].max() == pd.Timestamp("2021-07-01")
    assert res.vintage is None  # no release date printed: the store estimates it (about 2021-09-18)
    assert any("estimate" in n for n in res.notes)
    assert any("'72.'" in n for n in res.notes)


def test_mfh_pagetext_2019_02_korea(shared_data):
    raw, origin = read_shared(shared_data, "tic/mfh_vintage-2019-02_pagetext-excerpt.txt")
    res = SOURCE.parse(raw, origin, "mfh_pagetext")
    check_frame(res)
    assert value(res, "TIC.MFH.KR", "2019-02-01") == 115.5  # named "Korea" here
    assert value(res, "TIC.MFH.KR", "2018-02-01") == 101.3
    assert value(res, "TIC.MFH.CN", "2019-02-01") == 1130.9
    assert value(res, "TIC.MFH.BR", "2018-02-01") == 272.9
    # "Germany 81.1 78.0 69.8 77.7 77.5 68." -> 5 values, "68." dropped
    de = res.observations[res.observations["series_id"] == "TIC.MFH.DE"]
    assert de["value"].tolist() == [77.5, 77.7, 69.8, 78.0, 81.1]
    assert len(res.observations) == 19 * 13 + 5
    assert res.observations["date"].min() == pd.Timestamp("2018-02-01")
    assert res.vintage is None  # no release date printed: the store estimates it (about 2019-04-18)


def test_slt_table5_pagetext_2026_02(shared_data):
    raw, origin = read_shared(shared_data, "tic/slt_table5_vintage-2026-02_pagetext-excerpt.txt")
    res = SOURCE.parse(raw, origin, "slt_table5_pagetext")
    check_frame(res)
    assert value(res, "TIC.MFH.GB", "2025-09-01") == 862.1  # README cross-check 2
    assert value(res, "TIC.MFH.JP", "2026-02-01") == 1239.3
    assert value(res, "TIC.MFH.JP", "2025-12-01") == 1185.5  # = mfhhis01
    assert value(res, "TIC.MFH.KR", "2026-02-01") == 140.9  # "Korea, South"
    # last row cut: UAE keeps 12 of 13 values (2026-02..2025-03)
    ae = dates_of(res, "TIC.MFH.AE")
    assert len(ae) == 12 and ae.min() == pd.Timestamp("2025-03-01")
    assert value(res, "TIC.MFH.AE", "2025-03-01") == 104.3
    assert any("United Arab Emirates" in n and "12 of 13" in n for n in res.notes)
    assert len(res.observations) == 18 * 13 + 12
    assert "TIC.MFH.TOTAL" not in res.series
    assert res.vintage is None  # no release date printed: the store estimates it (about 2026-04-18)


def test_slt_table5_pagetext_2026_03_revision(shared_data):
    raw, origin = read_shared(shared_data, "tic/slt_table5_vintage-2026-03_pagetext-excerpt.txt")
    res = SOURCE.parse(raw, origin, "slt_table5_pagetext")
    check_frame(res)
    assert value(res, "TIC.MFH.GB", "2025-09-01") == 862.5  # revised (862.1 one month earlier)
    assert value(res, "TIC.MFH.JP", "2026-03-01") == 1191.6
    assert value(res, "TIC.MFH.KR", "2026-03-01") == 136.8
    assert value(res, "TIC.MFH.KY", "2026-03-01") == 459.4
    assert len(dates_of(res, "TIC.MFH.AE")) == 12
    assert res.observations["date"].min() == pd.Timestamp("2025-03-01")
    assert res.observations["date"].max() == pd.Timestamp("2026-03-01")
    assert res.vintage is None  # no release date printed: the store estimates it (about 2026-05-18)


def test_mirror_files(shared_data):
    files = {f.path.name: f.kind for f in SOURCE.mirror_files(shared_data)}
    assert files == {
        "mfhhis01.txt": "mfhhis01",
        "mfh_vintage-2019-02_pagetext-excerpt.txt": "mfh_pagetext",
        "mfh_vintage-2021-07_pagetext-excerpt.txt": "mfh_pagetext",
        "slt_table5_vintage-2026-02_pagetext-excerpt.txt": "slt_table5_pagetext",
        "slt_table5_vintage-2026-03_pagetext-excerpt.txt": "slt_table5_pagetext",
    }


def test_mirror_files_layout(tmp_path):
    d = tmp_path / "tic"
    d.mkdir()
    for name in ("mfhhis01.txt", "slt_table5.txt", "mfh.txt", "notes.md"):
        (d / name).write_text("x")
    assert {f.path.name: f.kind for f in SOURCE.mirror_files(tmp_path)} == {
        "mfhhis01.txt": "mfhhis01", "slt_table5.txt": "slt_table5"}
    assert SOURCE.mirror_files(tmp_path / "absent") == []


# ---------------------------------------------------------------------------
# Hand-written fixtures
# ---------------------------------------------------------------------------


def test_fixture_mfhhis01():
    res = parse_mfh(fix_bytes(MFH_FIX), str(MFH_FIX))
    check_frame(res)
    assert len(res.observations) == 11 * 12 + 9 * 12
    assert value(res, "TIC.MFH.JP", "2012-10-01") == 109.25
    assert value(res, "TIC.MFH.ES", "2012-12-01") == 5  # "Spain " (trailing space)
    assert value(res, "TIC.MFH.UY", "2012-12-01") == tic.STAR_VALUE  # '*' < $50 million
    assert any("'*'" in n and "TIC.MFH.UY Dec 2012" in n for n in res.notes)
    assert math.isnan(value(res, "TIC.MFH.LU", "2012-06-01"))  # n.a.
    assert value(res, "TIC.MFH.JP", "2011-06-01") == 93  # new series; 80 is the comparison column
    assert value(res, "TIC.MFH.JP", "2011-05-01") == 79
    assert value(res, "TIC.MFH.GROUP.CARIBBEAN_BANKING_CENTERS", "2011-01-01") == 11
    assert value(res, "TIC.MFH.OFFICIAL.NOTES_BONDS", "2011-12-01") == 119
    assert res.vintage == pd.Timestamp("2013-04-15")


def test_fixture_slt_table5():
    res = parse_slt(fix_bytes(SLT_FIX), str(SLT_FIX))
    check_frame(res)
    assert len(res.observations) == 11 * 13
    assert value(res, "TIC.MFH.TOTAL", "2026-07-01") == 7580.0
    assert value(res, "TIC.MFH.JP", "2025-07-01") == 1082.0
    assert value(res, "TIC.MFH.OFFICIAL", "2026-07-01") == 3700.0
    assert value(res, "TIC.MFH.OFFICIAL.BILLS", "2026-07-01") == 350.0
    assert value(res, "TIC.MFH.OFFICIAL.NOTES_BONDS", "2025-07-01") == 3344.0
    assert value(res, "TIC.MFH.KR", "2026-07-01") == 140.0
    assert res.vintage is None  # no release date printed: the store estimates it (2026-07 + 2 months, 18th)
    assert any("estimate" in n for n in res.notes)


@pytest.mark.parametrize("path,kind", [(MFH_FIX, "mfhhis01"), (SLT_FIX, "slt_table5")])
def test_encodings_parse_identically(path, kind):
    raw = fix_bytes(path)
    lf = raw.replace(b"\r\n", b"\n")
    base = SOURCE.parse(lf, "x", kind)
    text = lf.decode("utf-8")
    variants = {
        "bom": b"\xef\xbb\xbf" + lf,
        "crlf": lf.replace(b"\n", b"\r\n"),
        "bom+crlf": b"\xef\xbb\xbf" + lf.replace(b"\n", b"\r\n"),
        "utf16": text.encode("utf-16"),
        "final newline": lf + b"\n",
    }
    for name, raw_v in variants.items():
        res = SOURCE.parse(raw_v, "x", kind)
        pd.testing.assert_frame_equal(res.observations, base.observations, obj=name)
        assert res.vintage == base.vintage


def test_encodings_real_file(shared_data):
    raw, origin = read_shared(shared_data, "tic/mfhhis01.txt")
    base = SOURCE.parse(raw, origin, "mfhhis01")
    res = SOURCE.parse(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"), origin, "mfhhis01")
    pd.testing.assert_frame_equal(res.observations, base.observations)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


def _mfh_text() -> str:
    return fix_bytes(MFH_FIX).decode("utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_truncated_mid_year_block():
    text = _mfh_text()
    cut = text.index("United Kingdom 2/\t38\t37") + 24  # inside the 2011 block, mid-row
    origin = "cut.txt"
    with pytest.raises(TruncatedFileError) as ei:
        parse_mfh(text[:cut].encode(), origin)
    assert_names(ei.value, origin, line=_line_of(text, "United Kingdom 2/\t38"))


def test_truncated_after_a_complete_row():
    text = _mfh_text()
    cut = text.index("All Other\t30")  # 2011 block ends before Grand Total
    with pytest.raises(TruncatedFileError) as ei:
        parse_mfh(text[:cut].encode(), "cut.txt")
    assert "Grand Total" in str(ei.value)
    assert_names(ei.value, "cut.txt", line=_line_of(text, "Carib Bnkng"))


def test_truncated_before_footer():
    text = _mfh_text()
    cut = text.index("Department of the Treasury")
    with pytest.raises(TruncatedFileError) as ei:
        parse_mfh(text[:cut].encode(), "cut.txt")
    assert "footer" in str(ei.value) and ei.value.line is not None


def test_truncated_real_file(shared_data):
    raw, origin = read_shared(shared_data, "tic/mfhhis01.txt")
    with pytest.raises(TruncatedFileError) as ei:
        SOURCE.parse(raw[:50_000], origin, "mfhhis01")
    assert_names(ei.value, origin, line=raw[:50_000].count(b"\n") + 1)


@pytest.mark.parametrize("kind", tic.KINDS)
def test_html_page(kind):
    html = b"<!DOCTYPE html>\n<html><head><title>Page Not Found</title></head><body>404</body></html>"
    with pytest.raises(HtmlInsteadOfDataError) as ei:
        SOURCE.parse(html, "https://ticdata.treasury.gov/x.txt", kind)
    assert_names(ei.value, "https://ticdata.treasury.gov/x.txt", line=1)


@pytest.mark.parametrize("kind", tic.KINDS)
@pytest.mark.parametrize("body", [b"", b"  \r\n\t\n"])
def test_empty_body(kind, body):
    with pytest.raises(EmptyBodyError) as ei:
        SOURCE.parse(body, "empty.txt", kind)
    assert_names(ei.value, "empty.txt")


def test_renamed_country_header():
    text = _mfh_text().replace("Country\t2012", "Nation\t2012")
    with pytest.raises(MissingColumnError) as ei:
        parse_mfh(text.encode(), "renamed.txt")
    assert_names(ei.value, "renamed.txt", line=7, field="Country")


def test_missing_month_row():
    text = _mfh_text()
    month_row = "\t" + "\t".join(["Dec", "Nov", "Oct", "Sep", "Aug", "Jul", "Jun", "May", "Apr", "Mar", "Feb", "Jan"]) + "\t\n"
    with pytest.raises(MissingColumnError) as ei:
        parse_mfh(text.replace(month_row, "", 1).encode(), "nomonths.txt")
    assert_names(ei.value, "nomonths.txt", line=6, field="Country")


def test_non_numeric_cell():
    text = _mfh_text().replace("\t109.25\t", "\t1O9.25\t")
    with pytest.raises(BadValueError) as ei:
        parse_mfh(text.encode(), "bad.txt")
    assert "1O9.25" in str(ei.value)
    assert_names(ei.value, "bad.txt", line=10, field="Oct 2012")


def test_bad_year():
    text = _mfh_text().replace("Country\t2012\t2012", "Country\t2012\t20l2")
    with pytest.raises(BadDateError) as ei:
        parse_mfh(text.encode(), "bad.txt")
    assert_names(ei.value, "bad.txt", line=7, field="column 3")


def test_unknown_country():
    text = _mfh_text().replace("Uruguay", "Atlantis")
    with pytest.raises(BadValueError) as ei:
        parse_mfh(text.encode(), "new.txt")
    assert "Atlantis" in str(ei.value) and "COUNTRIES" in str(ei.value)
    assert_names(ei.value, "new.txt", line=_line_of(text, "Atlantis"), field="Country")


def test_duplicate_month_in_non_break_year():
    text = _mfh_text().replace("\tDec\tNov\tOct\tSep\tAug\tJul\tJun\tMay", "\tDec\tNov\tOct\tSep\tAug\tAug\tJun\tMay", 1)
    with pytest.raises(DuplicateDateError) as ei:
        parse_mfh(text.encode(), "dup.txt")
    assert "Aug 2012" in str(ei.value)
    assert_names(ei.value, "dup.txt", line=6, field="column 7")


def test_duplicate_month_without_series_label():
    text = _mfh_text().replace("Series 16/", "").replace("\tSeries\t\t\t\t\t\n", "\t\t\t\t\t\t\n")
    with pytest.raises(DuplicateDateError) as ei:
        parse_mfh(text.encode(), "dup.txt")
    assert "Jun 2011" in str(ei.value)
    assert ei.value.line == _line_of(text, "\tDec\tNov\tOct\tSep\tAug\tJul\tJun\tJun")


def test_unsorted_months():
    text = _mfh_text().replace("\tDec\tNov\tOct", "\tNov\tDec\tOct", 1)
    with pytest.raises(DateOrderError) as ei:
        parse_mfh(text.encode(), "order.txt")
    assert_names(ei.value, "order.txt", line=7)


def test_duplicate_year_block():
    text = _mfh_text().replace("\t2011", "\t2012")
    with pytest.raises(DuplicateDateError) as ei:
        parse_mfh(text.encode(), "dupyear.txt")
    assert "2012" in str(ei.value)
    assert_names(ei.value, "dupyear.txt", line=_line_of(text, "Country\t2012\t2012\t2012\t2012\t2012\t2012\t2012\t2012\t2012\t2012\t2012\t2012\t2012"),
                 field="Country")


def test_two_rows_one_country():
    text = _mfh_text().replace("Spain ", "Japan")
    with pytest.raises(DuplicateDateError) as ei:
        parse_mfh(text.encode(), "twice.txt")
    assert "TIC.MFH.JP" in str(ei.value)
    assert_names(ei.value, "twice.txt", line=_line_of(text, "Japan\t5\t"))


def test_short_row_mid_file():
    text = _mfh_text().replace("Uruguay\t*\t0.1\t0.1\t0.1\t0.2\t0.2\t0.2\t0.2\t0.3\t0.3\t0.3\t0.3\t", "Uruguay\t*\t0.1")
    with pytest.raises(BadValueError) as ei:
        parse_mfh(text.encode(), "short.txt")
    assert_names(ei.value, "short.txt", line=_line_of(text, "Uruguay"), field="Oct 2012")


def test_text_row_inside_table():
    text = _mfh_text().replace("Of which:\t", "Memo: see notes\t", 1).replace(
        "For. Official\t150", "Of which:\t\t\t\t\t\t\t\t\t\t\t\t\t\nFor. Official\t150")
    # a valueless text row after Grand Total with year blocks following must not end the table silently
    with pytest.raises(BadValueError) as ei:
        parse_mfh(text.encode(), "memo.txt")
    assert_names(ei.value, "memo.txt", line=_line_of(text, "Memo:"))


def _slt_text() -> str:
    return fix_bytes(SLT_FIX).decode("utf-8")


def test_slt_truncated():
    text = _slt_text()
    cut = text.index("Cayman Islands") + 30
    with pytest.raises(TruncatedFileError) as ei:
        parse_slt(text[:cut].encode(), "slt.txt")
    assert_names(ei.value, "slt.txt", line=10, field="Cayman Islands")
    cut = text.index("All Other")  # complete rows, no Grand Total
    with pytest.raises(TruncatedFileError):
        parse_slt(text[:cut].encode(), "slt.txt")


def test_slt_bad_headers_and_cells():
    text = _slt_text()
    with pytest.raises(MissingColumnError) as ei:
        parse_slt(text.replace("Country\t", "Holder\t").encode(), "slt.txt")
    assert_names(ei.value, "slt.txt", field="Country")
    with pytest.raises(BadDateError) as ei:
        parse_slt(text.replace("\t2026-06\t", "\t2026-13\t").encode(), "slt.txt")
    assert_names(ei.value, "slt.txt", line=6, field="column 3")
    with pytest.raises(DuplicateDateError) as ei:
        parse_slt(text.replace("\t2026-06\t", "\t2026-07\t").encode(), "slt.txt")
    assert_names(ei.value, "slt.txt", line=6, field="column 3")
    with pytest.raises(DateOrderError) as ei:
        parse_slt(text.replace("\t2026-07\t2026-06\t", "\t2026-06\t2026-07\t").encode(), "slt.txt")
    assert_names(ei.value, "slt.txt", line=6)
    with pytest.raises(BadValueError) as ei:
        parse_slt(text.replace("\t948.0\t", "\tn/a?\t").encode(), "slt.txt")
    assert_names(ei.value, "slt.txt", line=8, field="Jun 2026")
    with pytest.raises(BadValueError) as ei:
        parse_slt(text.replace("Taiwan", "Narnia").encode(), "slt.txt")
    assert "Narnia" in str(ei.value)
    assert_names(ei.value, "slt.txt", line=11, field="Country")
    with pytest.raises(BadValueError) as ei:  # a short row that is not the last line
        parse_slt(text.replace("\t926.0\r\n", "\r\n").encode(), "slt.txt")
    assert_names(ei.value, "slt.txt", line=8, field="Jul 2025")
    # an empty cell in a full-width row is a missing value, not an error
    res = parse_slt(text.replace("\t948.0\t", "\t\t").encode(), "slt.txt")
    assert math.isnan(value(res, "TIC.MFH.GB", "2026-06-01"))


def test_pagetext_bad_input():
    good = "Table 5\nCountry 2026-03 2026-02\nJapan 1.0 2.0\nKorea, South 3.0 4.0\n"
    res = SOURCE.parse(good.encode(), "p.txt", "slt_table5_pagetext")
    assert value(res, "TIC.MFH.KR", "2026-02-01") == 4.0
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(good.replace("Country", "Nation").encode(), "p.txt", "slt_table5_pagetext")
    assert_names(ei.value, "p.txt", field="Country")
    with pytest.raises(BadValueError) as ei:  # a short row that is not the cut last row
        SOURCE.parse(good.replace("Japan 1.0 2.0", "Japan 1.0").encode(), "p.txt", "slt_table5_pagetext")
    assert_names(ei.value, "p.txt", line=3, field="Japan")
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(good.replace("Japan", "Utopia").encode(), "p.txt", "slt_table5_pagetext")
    assert_names(ei.value, "p.txt", line=3, field="Country")
    with pytest.raises(TruncatedFileError):
        SOURCE.parse(b"Table 5\nCountry 2026-03 2026-02\nJap", "p.txt", "slt_table5_pagetext")
    mfh = "Feb Jan Country 2019 2019 ------ ------ Japan 1.0 2.0 United Kin"
    res = SOURCE.parse(mfh.encode(), "m.txt", "mfh_pagetext")  # cut inside a name: row dropped, noted
    assert len(res.observations) == 2 and any("United Kin" in n for n in res.notes)
    with pytest.raises(DateOrderError):
        SOURCE.parse(mfh.replace("Feb Jan", "Jan Feb").encode(), "m.txt", "mfh_pagetext")


def test_unknown_kind():
    with pytest.raises(ValueError):
        SOURCE.parse(b"x", "x", "mfh_csv")


# ---------------------------------------------------------------------------
# Live requests (no real HTTP) and the catalog helpers
# ---------------------------------------------------------------------------


def test_live_requests_through_mock_transport():
    reqs = SOURCE.live_requests()
    assert [(r.kind, r.url) for r in reqs] == [
        ("mfhhis01", "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/mfhhis01.txt"),
        ("slt_table5", "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/slt_table5.txt"),
    ]
    assert all(r.source == "tic" and not r.params and not r.secret_params for r in reqs)
    bodies = {"/resource-center/data-chart-center/tic/Documents/mfhhis01.txt": fix_bytes(MFH_FIX),
              "/resource-center/data-chart-center/tic/Documents/slt_table5.txt": fix_bytes(SLT_FIX)}
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content=bodies[request.url.path])

    http = HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    out = []
    for r in reqs:
        for raw, origin in SOURCE.fetch(r, http):
            out.append(SOURCE.parse(raw, origin, r.kind))
    assert seen == [r.url for r in reqs]
    assert out[0].vintage == pd.Timestamp("2013-04-15") and len(out[1].observations) == 143
    assert SOURCE.live_requests(["TIC.MFH.JP"]) == reqs
    with pytest.raises(UnknownSeriesError):
        SOURCE.live_requests(["TIC.MFH.XX"])


def test_registry_and_catalog():
    assert get_source("tic") is SOURCE
    cat = {m.id: m for m in SOURCE.catalog()}
    for sid in ("TIC.MFH.CN", "TIC.MFH.JP", "TIC.MFH.GB", "TIC.MFH.KY", "TIC.MFH.HK", "TIC.MFH.TW", "TIC.MFH.KR",
                "TIC.MFH.BE", "TIC.MFH.LU", "TIC.MFH.IE", "TIC.MFH.CH", "TIC.MFH.TOTAL", "TIC.MFH.ALL_OTHER",
                "TIC.MFH.OFFICIAL", "TIC.MFH.OFFICIAL.BILLS", "TIC.MFH.OFFICIAL.NOTES_BONDS",
                "TIC.MFH.GROUP.CARIBBEAN_BANKING_CENTERS", "TIC.MFH.GROUP.OIL_EXPORTERS"):
        assert cat[sid].unit == "usd_bn" and cat[sid].frequency == "M" and cat[sid].source == "tic"
    assert "end-of-month" in cat["TIC.MFH.JP"].notes.lower() or "End-of-month" in cat["TIC.MFH.JP"].notes


def test_country_helpers():
    assert tic.series_id_for_name("Korea") == "TIC.MFH.KR"
    assert tic.series_id_for_name('"Korea, South "') == "TIC.MFH.KR"
    assert tic.series_id_for_name('"China, Mainland"') == "TIC.MFH.CN"
    assert tic.series_id_for_name("United Kingdom 2/") == "TIC.MFH.GB"
    assert tic.series_id_for_name("Belgium  5/") == "TIC.MFH.BE"
    assert tic.series_id_for_name("Of Which: Foreign Official Treasury Bills") == "TIC.MFH.OFFICIAL.BILLS"
    assert tic.series_id_for_name("    T-Bonds & Notes") == "TIC.MFH.OFFICIAL.NOTES_BONDS"
    assert tic.series_id_for_name("Atlantis") is None
    assert tic.canonical_name("TIC.MFH.KR") == "Korea, South"
    assert tic.country_for("TIC.MFH.CN").iso2 == "CN"
    assert tic.country_for("TIC.MFH.TOTAL").iso2 is None
    assert tic.region_of("TIC.MFH.JP") == tic.DEVELOPED_ASIA
    assert tic.region_of("TIC.MFH.KY") == tic.OFFSHORE_CENTRES
    assert tic.region_of("TIC.MFH.SA") == tic.OIL_EXPORTERS
    assert tic.region_of("TIC.MFH.BE") == tic.EUROPE
    assert tic.region_of("TIC.MFH.CN") == tic.EMERGING_MARKETS
    assert tic.region_of("TIC.MFH.TOTAL") is None
    assert "TIC.MFH.GROUP.OIL_EXPORTERS" not in tic.series_in_region(tic.OIL_EXPORTERS)
    assert "TIC.MFH.AE" in tic.series_in_region(tic.OIL_EXPORTERS)
    with pytest.raises(UnknownSeriesError):
        tic.country_for("TIC.MFH.XX")
    for c in tic.COUNTRIES:
        assert c.region in tic.REGIONS or (c.region is None and c.kind == "aggregate")
        if c.kind == "country":
            assert len(c.code) == 2 and c.code.isupper()
    assert len({c.series_id for c in tic.COUNTRIES}) == len(tic.COUNTRIES)
    assert np.all([tic.series_id_for_name(c.name) == c.series_id for c in tic.COUNTRIES])


def test_every_release_file_is_a_vintage_and_first_prints_stay_reachable(shared_data, tmp_path):
    """All TIC files of the mirror in one store: each release keeps its own values, reachable with as_of."""
    from ustmon.store import Store
    from ustmon.update import run_update

    db = tmp_path / "tic.duckdb"
    (out,) = run_update(["tic"], store_path=db, mirror=shared_data)
    assert out.error is None
    with Store.open(db, read_only=True) as st:
        # README cross-check 2: UK 2025-09 = 862.1 in mfhhis01.txt (released 2026-03-18) and in the 2026-02
        # slt_table5 excerpt (released about 2026-04-18); 862.5 in the 2026-03 excerpt (about 2026-05-18)
        assert st.get("TIC.MFH.GB", as_of="2026-04-30").loc["2025-09-01"] == 862.1
        assert st.get("TIC.MFH.GB").loc["2025-09-01"] == 862.5
        # UK 2021-07: 539.5 as first published (mfh_vintage-2021-07 excerpt, about 2021-09-18), 541.6 in mfhhis01.txt
        assert st.get("TIC.MFH.GB", as_of="2021-12-31").loc["2021-07-01"] == 539.5
        assert st.get("TIC.MFH.GB", as_of="2026-03-18").loc["2021-07-01"] == 541.6
        assert st.get("TIC.MFH.GB", as_of="2026-03-17").loc["2021-07-01"] == 539.5
        hist = st.vintages("TIC.MFH.GB")
        rev = hist[(hist["date"] == pd.Timestamp("2021-07-01")) & (hist["value"] == 541.6)].iloc[0]
        assert rev["vintage"] == pd.Timestamp("2026-03-18") and bool(rev["exact"])  # the footer's date
        # the 2021-07 release as a whole: its latest month known since the estimated release day (not exact)
        first = st.get("TIC.MFH.GB", as_of="2021-09-30")
        assert first.index.max() == pd.Timestamp("2021-07-01")
        assert first.attrs["provenance"]["known_since_exact"] is False
