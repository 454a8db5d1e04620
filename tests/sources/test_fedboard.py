"""Federal Reserve Board parsers: GSW curve, Z.1 CSV package and L.210 page text.

Real files are read in place from ../shared/data; expected values were read from the files with
grep/awk, and include README cross-checks 10 and 11.
"""

from __future__ import annotations

import io
import zipfile
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
    MissingMemberError,
    TruncatedFileError,
)
from ustmon.fetch import HttpClient
from ustmon.sources import get_source
from ustmon.sources.fedboard import GSW_URL, L210_LINES, SOURCE, Z1_ZIP_URL

GSW = "fed/feds200628_EXCERPT_head16_tail10.csv"
P0307 = "z1/l210_20240307_pagetext-excerpt.txt"
P0607 = "z1/l210_20240607_pagetext-excerpt.txt"
FIX = Path(__file__).resolve().parents[1] / "fixtures" / "fedboard"


def read_shared(shared, rel):
    p = shared / rel
    return p.read_bytes(), str(p)


def val(res, sid, date):
    o = res.observations
    sel = o[(o["series_id"] == sid) & (o["date"] == pd.Timestamp(date))]
    assert len(sel) == 1, (sid, date, len(sel))
    return float(sel["value"].iloc[0])


def test_registered_and_catalog():
    assert get_source("fedboard") is SOURCE
    ids = {m.id for m in SOURCE.catalog()}
    assert {"GSW.SVENY10", "GSW.SVENPY30", "GSW.SVENF01", "GSW.SVEN1F09", "GSW.BETA3", "GSW.TAU2"} <= ids
    assert "Z1.LM153061105" in ids and "Z1.LM623061103" in ids
    for m in SOURCE.catalog():
        assert m.url.startswith("https://www.federalreserve.gov/") and m.attribution
    assert L210_LINES["LM153061105"][1] == "households"
    assert L210_LINES["LM713061103"][1] == "fed"
    assert {s for _, s in L210_LINES.values()} <= {"fed", "banks", "mmf", "mutual_funds", "hedge_funds", "pensions",
                                                    "insurers", "state_local", "households", "rest_of_world", "other"}


# --------------------------------------------------------------------------- GSW


def test_gsw_real_excerpt(shared_data):
    raw, origin = read_shared(shared_data, GSW)
    res = SOURCE.parse(raw, origin, "gsw_csv")
    o = res.observations
    assert list(o.columns[:3]) == ["series_id", "date", "value"]
    assert o["date"].dtype == "datetime64[ns]" and o["value"].dtype == "float64"
    assert o["series_id"].nunique() == 99
    assert len(o) == 99 * 26  # 16 head + 10 tail rows
    assert o["date"].min() == pd.Timestamp("1961-06-14") and o["date"].max() == pd.Timestamp("2026-07-31")
    # README cross-check 11
    assert val(res, "GSW.SVENY10", "2026-07-31") == 4.8348
    assert val(res, "GSW.SVENY01", "1961-06-14") == 2.9825
    assert val(res, "GSW.SVENY01", "2026-07-31") == 4.1434
    assert val(res, "GSW.SVENPY10", "2026-07-31") == 4.8302
    assert val(res, "GSW.SVEN1F09", "2026-07-31") == 5.5861
    assert val(res, "GSW.SVENY30", "2026-07-31") == 5.4657
    assert val(res, "GSW.BETA0", "1961-06-14") == pytest.approx(3.91760612208239, abs=1e-14)
    assert val(res, "GSW.BETA2", "2026-07-31") == pytest.approx(-453.541782211023, abs=1e-12)
    assert val(res, "GSW.TAU1", "2026-07-31") == pytest.approx(13.5322235142735, abs=1e-13)
    # NA stays missing; -999.99 sentinel is NaN, never a number
    assert np.isnan(val(res, "GSW.SVENPY10", "1961-06-14"))
    assert np.isnan(val(res, "GSW.TAU2", "1961-06-14"))
    assert val(res, "GSW.TAU2", "2026-07-31") == pytest.approx(13.7200141026744, abs=1e-13)
    hol = o[o["date"] == pd.Timestamp("1961-07-04")]
    assert len(hol) == 99 and hol["value"].isna().all()
    assert (o["value"] != -999.99).all()
    assert res.vintage is None


def _gsw_bytes(shared_data) -> bytes:
    return (shared_data / GSW).read_bytes()


@pytest.mark.parametrize("enc", ["bom", "crlf", "utf16"])
def test_gsw_encodings(shared_data, enc):
    raw = _gsw_bytes(shared_data)
    if enc == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif enc == "crlf":
        raw = raw.replace(b"\n", b"\r\n")
    else:
        raw = raw.decode("utf-8").encode("utf-16")
    res = SOURCE.parse(raw, "x.csv", "gsw_csv")
    assert val(res, "GSW.SVENY10", "2026-07-31") == 4.8348


def test_gsw_truncated(shared_data):
    raw = _gsw_bytes(shared_data)
    cut = raw[: len(raw) - 300]
    with pytest.raises(TruncatedFileError) as ei:
        SOURCE.parse(cut, "feds200628.csv", "gsw_csv")
    assert ei.value.line == 36 and "feds200628.csv" in str(ei.value)


def test_gsw_html_and_empty():
    with pytest.raises(HtmlInsteadOfDataError) as ei:
        SOURCE.parse(b"<!DOCTYPE html><html><title>Page Not Found</title></html>", GSW_URL, "gsw_csv")
    assert GSW_URL in str(ei.value)
    with pytest.raises(EmptyBodyError):
        SOURCE.parse(b"", GSW_URL, "gsw_csv")


def test_gsw_renamed_column(shared_data):
    raw = _gsw_bytes(shared_data).replace(b",SVENY10,", b",SVENY_10,", 1)
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(raw, "g.csv", "gsw_csv")
    assert ei.value.line == 10 and ei.value.field == "SVENY10"


def test_gsw_no_header(shared_data):
    raw = _gsw_bytes(shared_data).replace(b"Date,BETA0", b"Datum,BETA0", 1)
    with pytest.raises(MissingColumnError) as ei:
        SOURCE.parse(raw, "g.csv", "gsw_csv")
    assert "Date" in str(ei.value)


def test_gsw_non_numeric(shared_data):
    raw = _gsw_bytes(shared_data).replace(b"2026-07-31,0.00333568845488353", b"2026-07-31,abc", 1)
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(raw, "g.csv", "gsw_csv")
    assert ei.value.line == 36 and ei.value.field == "BETA0" and "'abc'" in str(ei.value)


def test_gsw_bad_date(shared_data):
    raw = _gsw_bytes(shared_data).replace(b"\n2026-07-30,", b"\n2026-07-3O,", 1)
    with pytest.raises(BadDateError) as ei:
        SOURCE.parse(raw, "g.csv", "gsw_csv")
    assert ei.value.line == 35 and ei.value.field == "Date"


def test_gsw_duplicate_and_unsorted(shared_data):
    raw = _gsw_bytes(shared_data)
    lines = raw.split(b"\n")
    dup = b"\n".join(lines[:35] + [lines[34]] + lines[35:])
    with pytest.raises(DuplicateDateError) as ei:
        SOURCE.parse(dup, "g.csv", "gsw_csv")
    assert ei.value.line == 36
    swapped = lines[:]
    swapped[33], swapped[34] = swapped[34], swapped[33]
    with pytest.raises(DateOrderError) as ei:
        SOURCE.parse(b"\n".join(swapped), "g.csv", "gsw_csv")
    assert ei.value.line == 35


# --------------------------------------------------------------------------- Z.1 page text


def test_z1_pagetext_releases(shared_data):
    r1 = SOURCE.parse(*read_shared(shared_data, P0307), "z1_pagetext")
    r2 = SOURCE.parse(*read_shared(shared_data, P0607), "z1_pagetext")
    assert r1.vintage == pd.Timestamp("2024-03-07") and r2.vintage == pd.Timestamp("2024-06-07")
    # README cross-check 10: households 2022 (year-end = 2022Q4, dated 2022-10-01)
    assert val(r1, "Z1.LM153061105", "2022-10-01") == 1461.6
    assert val(r2, "Z1.LM153061105", "2022-10-01") == 1463.2
    # page values are billions; the store converts to the catalog's millions
    assert r1.units["Z1.LM153061105"] == "usd_bn"
    assert r1.series["Z1.LM153061105"].unit == "usd_mn"
    assert val(r2, "Z1.FL313161105", "2024-01-01") == 26808.6
    assert val(r2, "Z1.FL313161105", "2020-10-01") == 20946.2
    assert val(r1, "Z1.LM713061103", "2023-10-01") == 4415.7  # revised to 4403.1 in June
    assert val(r2, "Z1.LM713061103", "2023-10-01") == 4403.1
    assert val(r1, "Z1.LM753061103", "2022-07-01") == 92.5
    assert val(r2, "Z1.LM153061105", "2020-10-01") == 1148.4
    assert r1.observations["series_id"].nunique() == 13 == r2.observations["series_id"].nunique()
    # 0307: 2021 annual + 2022Q3..2023Q4 (annual 2022/2023 = their Q4 columns); 0607: 2020-2022 annual + 5 quarters
    assert len(r1.observations) == 13 * 7 and len(r2.observations) == 13 * 8
    assert r1.observations["date"].min() == pd.Timestamp("2021-10-01")
    assert r2.observations["date"].max() == pd.Timestamp("2024-01-01")
    assert r1.notes == [] and r2.notes == []  # year-end columns equal the Q4 columns


def test_z1_pagetext_bad(shared_data):
    raw = (shared_data / P0607).read_bytes()
    with pytest.raises(TruncatedFileError) as ei:
        SOURCE.parse(raw[:-25], "l210_20240607.txt", "z1_pagetext")
    assert ei.value.line == 16
    bad = raw.replace(b"1463.2", b"1463,2x", 1)
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(bad, "l210_20240607.txt", "z1_pagetext")
    assert ei.value.line == 8 and ei.value.field == "LM153061105"
    with pytest.raises(MissingColumnError):
        SOURCE.parse(raw.replace(b"Description Series code", b"Descr Code"), "p.txt", "z1_pagetext")


# --------------------------------------------------------------------------- Z.1 CSV


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_z1_csv_fixture():
    raw = (FIX / "ustmon-fixture-l210.csv").read_bytes()
    res = SOURCE.parse(raw, "l210.csv", "z1_csv")
    o = res.observations
    assert len(o) == 6 * 4 and o["series_id"].nunique() == 6
    assert val(res, "Z1.LM153061105", "2023-10-01") == 2385200  # 2023:Q4 -> first day of quarter
    assert val(res, "Z1.FL313161105", "2024-01-01") == 26808600
    assert np.isnan(val(res, "Z1.FL633061105", "2023-04-01"))  # ND stays missing
    assert res.series["Z1.FL633061105"].unit == "usd_mn" and not res.units
    assert "Money market funds" in res.series["Z1.FL633061105"].title


def test_z1_zip_members():
    raw = _zip({"csv/l210.csv": (FIX / "ustmon-fixture-l210.csv").read_bytes(),
                "csv/b101f.csv": (FIX / "ustmon-fixture-b101f.csv").read_bytes(),
                "csv/l211.csv": b"date,FL000000000.Q\n"})
    res = SOURCE.parse(raw, Z1_ZIP_URL, "z1_csv_zip")
    assert val(res, "Z1.LM623061103", "2024-01-01") == 1800000  # hedge funds, B.101.f
    assert res.series["Z1.LM623061103"].title.startswith("Domestic hedge funds")
    assert "Z1.FL624090005" in res.series  # unknown B.101.f code: catalog grows, generic title
    assert val(res, "Z1.LM263061105", "2023-07-01") == 7650100
    only_l210 = SOURCE.parse(_zip({"csv/l210.csv": (FIX / "ustmon-fixture-l210.csv").read_bytes()}), "z.zip",
                             "z1_csv_zip")
    assert only_l210.notes and "Z1.LM623061103" not in only_l210.series
    with pytest.raises(MissingMemberError) as ei:
        SOURCE.parse(_zip({"csv/l211.csv": b"date\n"}), "z1_csv_files.zip", "z1_csv_zip")
    assert "z1_csv_files.zip" in str(ei.value)
    with pytest.raises(MissingMemberError):
        SOURCE.parse(raw[: len(raw) // 2], "z1_csv_files.zip", "z1_csv_zip")


@pytest.mark.parametrize(
    "mutate, exc, line, field",
    [
        (lambda t: t.replace("2023:Q4", "2023-Q4"), BadDateError, 4, "date"),
        (lambda t: t.replace("2023:Q4", "2023:Q3"), DuplicateDateError, 4, "date"),
        (lambda t: t.replace("2023:Q4", "2022:Q4"), DateOrderError, 4, "date"),
        (lambda t: t.replace("2385200", "2385k00"), BadValueError, 4, "LM153061105.Q"),
        (lambda t: t.replace("date,", "period,"), MissingColumnError, 1, "date"),
        (lambda t: t[:-20], TruncatedFileError, 5, None),
    ],
)
def test_z1_csv_bad(mutate, exc, line, field):
    text = (FIX / "ustmon-fixture-l210.csv").read_text()
    with pytest.raises(exc) as ei:
        SOURCE.parse(mutate(text).encode(), "l210.csv", "z1_csv")
    assert ei.value.line == line and "l210.csv" in str(ei.value)
    if field:
        assert ei.value.field == field


def test_z1_csv_descending_and_encodings():
    text = (FIX / "ustmon-fixture-l210.csv").read_text()
    head, *rows = text.strip().split("\n")
    desc = "\n".join([head] + rows[::-1]) + "\n"
    res = SOURCE.parse(desc.encode(), "l210.csv", "z1_csv")
    assert val(res, "Z1.LM153061105", "2023-10-01") == 2385200
    for raw in (text.replace("\n", "\r\n").encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        assert val(SOURCE.parse(raw, "l210.csv", "z1_csv"), "Z1.LM713061103", "2024-01-01") == 4176300
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<html><head><title>Error</title></head></html>", "l210.csv", "z1_csv")
    with pytest.raises(EmptyBodyError):
        SOURCE.parse(b"  \n", "l210.csv", "z1_csv")


# --------------------------------------------------------------------------- discovery and live


def _expected_kind(name: str) -> str | None:
    low = name.lower()
    if low.startswith("feds200628") and low.endswith(".csv"):
        return "gsw_csv"
    if low.endswith(".zip"):
        return "z1_csv_zip"
    if low.endswith(".csv"):
        return "z1_csv"
    if low.startswith("data-dictionary") and low.endswith(".txt"):
        return "z1_dictionary"
    if "pagetext" in low and low.endswith(".txt"):
        return "z1_pagetext"
    return None


def test_mirror_files(shared_data):
    """Every file directly in fed/ and z1/ is listed with its kind (the list is read from the folders)."""
    files = {f.path: f.kind for f in SOURCE.mirror_files(shared_data)}
    on_disk = [p for d in ("fed", "z1") if (shared_data / d).is_dir() for p in sorted((shared_data / d).iterdir())
               if p.is_file()]
    assert on_disk
    assert files == {p: _expected_kind(p.name) for p in on_disk}
    assert any(k == "z1_csv" and p.name.startswith("l121") for p, k in files.items())  # L.121 money funds too
    assert SOURCE.mirror_files(shared_data / "nonexistent") == []


def test_live_requests_and_mock_fetch():
    reqs = SOURCE.live_requests()
    assert {(r.kind, r.url) for r in reqs} == {("z1_csv_zip", Z1_ZIP_URL), ("gsw_csv", GSW_URL)}
    assert [r.kind for r in SOURCE.live_requests(series=["GSW.SVENY10"])] == ["gsw_csv"]
    body = _zip({"csv/l210.csv": (FIX / "ustmon-fixture-l210.csv").read_bytes()})
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content=body)

    http = HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None)
    req = SOURCE.live_requests(series=["Z1.LM153061105"])[0]
    [(raw, origin)] = SOURCE.fetch(req, http)
    assert seen == [Z1_ZIP_URL] and origin == Z1_ZIP_URL
    assert val(SOURCE.parse(raw, origin, req.kind), "Z1.LM153061105", "2024-01-01") == 2416100


# --------------------------------------------------------------------------- Z.1 2016 CSV releases (real files)

Q3 = "z1/l210_z1-csv_2016Q3-release.csv"
Q4 = "z1/l210_z1-csv_2016Q4-release.csv"
L121 = "z1/l121_z1-csv_2016Q4-release.csv"
DICT210 = "z1/data-dictionary_l210_2016Q4-release.txt"
DICT121 = "z1/data-dictionary_l121_2016Q4-release.txt"


def test_z1_2016_releases_repeated_codes_kept_once(shared_data):
    """FL313161400 (L.210 lines 7 and 14) and FL213061120 (lines 8 and 19) repeat with identical values."""
    for rel in (Q3, Q4):
        raw, origin = read_shared(shared_data, rel)
        header = raw.split(b"\r\n", 1)[0].decode().split(",")
        assert header.count("FL313161400.Q") == 2 and header.count("FL213061120.Q") == 2 and len(header) == 56
        res = SOURCE.parse(raw, origin, "z1_csv")
        o = res.observations
        assert o["series_id"].nunique() == 53  # 55 columns, two of them repeats
        assert not o.duplicated(["series_id", "date"]).any()
    # l121: FL634090005 on lines 1 and 13
    res = SOURCE.parse(*read_shared(shared_data, L121), "z1_csv")
    assert res.observations["series_id"].nunique() == 13


def test_z1_2016q4_fed_and_mmf_values(shared_data):
    """Values typed from the files (data README cross-checks 13 and 14)."""
    q4 = SOURCE.parse(*read_shared(shared_data, Q4), "z1_csv")
    # l210_z1-csv_2016Q4-release.csv, column FL713061100.Q, rows 2015:Q4 and 2016:Q4 ($mn)
    assert val(q4, "Z1.FL713061100", "2015-10-01") == 2461552
    assert val(q4, "Z1.FL713061100", "2016-10-01") == 2463616
    assert q4.vintage == pd.Timestamp("2017-01-01")
    # ND (1946:Q1) stays missing
    assert np.isnan(val(q4, "Z1.FL713061100", "1946-01-01"))
    mmf = SOURCE.parse(*read_shared(shared_data, L121), "z1_csv")
    # l121_z1-csv_2016Q4-release.csv, FL634090005.Q, 2008:Q4 = 3,832,237 (= fred MMMFFAQ027S 2008-10-01)
    assert val(mmf, "Z1.FL634090005", "2008-10-01") == 3832237
    assert mmf.series["Z1.FL634090005"].title == "Money market funds; total financial assets (level)"


def test_z1_households_revised_between_releases(shared_data):
    q3 = SOURCE.parse(*read_shared(shared_data, Q3), "z1_csv")
    q4 = SOURCE.parse(*read_shared(shared_data, Q4), "z1_csv")
    # FL153061105.Q 2016:Q3: 1173414.00 in the Q3 release, 1156165.00 in the Q4 release
    assert val(q3, "Z1.FL153061105", "2016-07-01") == 1173414
    assert val(q4, "Z1.FL153061105", "2016-07-01") == 1156165
    # the Treasury total is unrevised: FL313161105.Q 2016:Q3 = 15643934.00 in both
    assert val(q3, "Z1.FL313161105", "2016-07-01") == val(q4, "Z1.FL313161105", "2016-07-01") == 15643934
    assert q3.vintage < q4.vintage


def test_z1_series_identity_across_releases(shared_data):
    """One id, title and sector per code, whichever release or file it comes from; FL and LM stay apart."""
    parsed = [SOURCE.parse(*read_shared(shared_data, rel), kind)
              for rel, kind in ((Q3, "z1_csv"), (Q4, "z1_csv"), (P0307, "z1_pagetext"), (P0607, "z1_pagetext"),
                                (DICT210, "z1_dictionary"))]
    seen: dict[str, object] = {}
    for res in parsed:
        for sid, meta in res.series.items():
            assert seen.setdefault(sid, meta) == meta, sid
    fed_fl, fed_lm = seen["Z1.FL713061100"], seen["Z1.LM713061103"]
    assert fed_fl.title == "Monetary authority; Treasury securities; asset (level)"
    assert fed_lm.title.endswith("(level at market value)")
    for meta in (fed_fl, fed_lm):
        assert "Sector: fed." in meta.notes and "never add them together" in meta.notes
    assert "Prefix FL = level:" in fed_fl.notes and "Prefix LM = level at market value:" in fed_lm.notes
    assert seen["Z1.FL153061105"].notes.endswith("Sector: households.")
    # the holder analytics sum L210_LINES by sector: no FL holder level of 2016 may join the LM lines there
    for code in ("FL713061100", "FL153061105", "FL763061100"):
        assert code not in L210_LINES


def test_z1_dictionary(shared_data):
    res = SOURCE.parse(*read_shared(shared_data, DICT210), "z1_dictionary")
    assert res.observations.empty
    assert len(res.series) == 53 and len(res.notes) == 55  # 55 lines, two codes on two lines each
    assert "L.210 line 21 FL713061100: Monetary authority; Treasury securities; asset" in res.notes
    assert {m.unit for m in res.series.values()} == {"usd_mn"}
    # every code of the Q4 CSV is described by its dictionary
    q4 = SOURCE.parse(*read_shared(shared_data, Q4), "z1_csv")
    assert set(q4.series) == set(res.series)
    res121 = SOURCE.parse(*read_shared(shared_data, DICT121), "z1_dictionary")
    assert "L.121 line 1 FL634090005: Money market mutual funds; total financial assets" in res121.notes


def test_z1_dictionary_bad(shared_data):
    raw = (shared_data / DICT210).read_bytes()
    with pytest.raises(TruncatedFileError) as ei:
        SOURCE.parse(raw[:-60], "l210.txt", "z1_dictionary")
    assert ei.value.line == 55
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(raw.replace(b"\tLine 21\t", b"\tLn 21\t", 1), "l210.txt", "z1_dictionary")
    assert ei.value.line == 21 and ei.value.field == "line"
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(raw.replace(b"Millions of dollars", b"Billions of dollars", 1), "l210.txt", "z1_dictionary")
    assert ei.value.line == 1 and ei.value.field == "units"
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<html><body>Not found</body></html>", "l210.txt", "z1_dictionary")


def test_z1_differing_repeat_refused():
    """SYNTHETIC fixture: FL313161400 twice, the two columns disagree on 2016:Q3 (file line 3)."""
    raw = (FIX / "ustmon-fixture-l210-differing-repeat.csv").read_bytes()
    with pytest.raises(BadValueError) as ei:
        SOURCE.parse(raw, "l210.csv", "z1_csv")
    assert ei.value.line == 3 and ei.value.field == "FL313161400.Q" and "l210.csv" in str(ei.value)


def test_z1_releases_in_one_store(shared_data, tmp_path):
    """2016 CSV releases and 2024 page excerpts land in one store; as_of picks the release known then."""
    import ustmon
    from ustmon.update import run_update

    db = tmp_path / "z1.duckdb"
    [out] = run_update(["fedboard"], store_path=db, mirror=shared_data)
    assert out.error is None
    s = ustmon.get("Z1.FL153061105", store=db)
    assert s.loc["2016-07-01"] == 1156165  # latest: the 2016:Q4 release
    early = ustmon.get("Z1.FL153061105", as_of="2016-12-31", store=db)
    assert early.loc["2016-07-01"] == 1173414  # between the two releases: the 2016:Q3 release
    assert "2016-10-01" not in early.index.strftime("%Y-%m-%d")
    assert ustmon.get("Z1.FL713061100", store=db).loc["2015-10-01"] == 2461552
    assert ustmon.get("Z1.LM153061105", store=db).loc["2022-10-01"] == 1463200.0  # 2024-06-07 page, $bn -> $mn
    assert ustmon.get("Z1.FL634090005", store=db).loc["2008-10-01"] == 3832237


def test_z1_against_h41_and_fred(shared_data):
    """Cross-checks 13 and 14: Z.1 quarter-end levels against the H.4.1 Wednesday and FRED's copy of L.121."""
    from ustmon.sources.fred import SOURCE as FRED

    q4 = SOURCE.parse(*read_shared(shared_data, Q4), "z1_csv")
    p = shared_data / "fred" / "TREAST_2021-01-20_DATEheader.csv"
    treast = FRED.parse(p.read_bytes(), str(p), "fredgraph_csv")
    # H.4.1 TREAST 2015-12-30 = 2,461,554 and 2016-12-28 = 2,463,601 ($mn): within $20mn of Z.1's quarter ends
    assert val(treast, "TREAST", "2015-12-30") == 2461554 and val(treast, "TREAST", "2016-12-28") == 2463601
    assert abs(val(q4, "Z1.FL713061100", "2015-10-01") - 2461554) < 20
    assert abs(val(q4, "Z1.FL713061100", "2016-10-01") - 2463601) < 20
    mmf = SOURCE.parse(*read_shared(shared_data, L121), "z1_csv")
    p = next((shared_data / "fred").glob("MMMFFAQ027S*.csv"))
    fred = FRED.parse(p.read_bytes(), str(p), "fredgraph_csv")
    assert val(mmf, "Z1.FL634090005", "2008-10-01") == val(fred, "MMMFFAQ027S", "2008-10-01") == 3832237
    # 2016Q4: 2,728,137 in the March 2017 release, revised to 2,731,296 in the later FRED vintage
    assert val(mmf, "Z1.FL634090005", "2016-10-01") == 2728137
    assert val(fred, "MMMFFAQ027S", "2016-10-01") == 2731296
