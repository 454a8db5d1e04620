"""Regression tests for issue 10's source defects: files that must be refused, not skipped or trimmed."""

from __future__ import annotations

import pytest

from ustmon.errors import EmptyBodyError, HtmlInsteadOfDataError, TruncatedFileError
from ustmon.sources import get_source
from ustmon.update import run_update


@pytest.mark.parametrize("name, body, err", [
    ("FinFut24.txt", b"<!DOCTYPE html><html><head><title>Error</title></head></html>", "HTML"),
    ("FinFutWk.txt", b"", "empty"),
    ("FinFut25.txt", b"   \r\n", "empty"),
])
def test_cftc_html_or_empty_file_fails_the_update(tmp_path, name, body, err):
    # SYNTHETIC mirror: one bad file under a TFF name used to be skipped with exit status 0
    (tmp_path / "m" / "cftc").mkdir(parents=True)
    (tmp_path / "m" / "cftc" / name).write_bytes(body)
    out = run_update(["cftc"], store_path=tmp_path / "s.duckdb", mirror=tmp_path / "m")[0]
    assert out.error and name in out.error and err in out.error


def test_cftc_parsers_refuse_html_and_empty():
    src = get_source("cftc")
    for kind in ("tff_annual_txt", "tff_weekly", "tff_zip"):
        with pytest.raises(HtmlInsteadOfDataError):
            src.parse(b"<html><body>Service unavailable</body></html>", "x", kind)
        with pytest.raises(EmptyBodyError):
            src.parse(b"", "x", kind)


def test_jgb_file_cut_mid_line_is_refused(shared_data):
    # jp_mof/jgbcme_all.csv ends with the 2026/4/30 row (10Y = 2.52, README cross-check 12) and CRLF
    src = get_source("jpmof")
    path = shared_data / "jp_mof" / "jgbcme_all.csv"
    raw = path.read_bytes()
    whole = src.parse(raw, str(path), "jgbcme_csv").observations
    last = whole[whole["date"] == whole["date"].max()]
    assert str(last["date"].iloc[0].date()) == "2026-04-30"
    assert last.loc[last["series_id"] == "MOF.JGB.10Y", "value"].item() == 2.52
    last_line = raw.rstrip(b"\r\n").rsplit(b"\n", 1)[1]
    for k in range(1, len(last_line)):  # every cut inside the last row
        cut = raw[: len(raw) - 2 - k]
        with pytest.raises(TruncatedFileError):
            src.parse(cut, str(path), "jgbcme_csv")


def test_sdmx_with_an_unknown_xml_encoding_is_a_format_error(shared_data):
    # found by the fuzz test: ecb/FM_47series_lastobs_sdmx-generic_asof-2024-04-30.xml with encoding="UTF-inf"
    from ustmon.errors import SourceFormatError

    path = shared_data / "ecb" / "FM_47series_lastobs_sdmx-generic_asof-2024-04-30.xml"
    raw = path.read_bytes().replace(b'encoding="UTF-8"', b'encoding="UTF-inf"', 1)
    with pytest.raises(SourceFormatError, match="unknown encoding"):
        get_source("ecb").parse(raw, str(path), "sdmx_generic")
