"""Plain regression tests for the parser bugs the fuzz tests (test_fuzz_*.py) found (issue 10).

Each test feeds a real payload (read in place, then changed in memory the way
the fuzz did) or a small SYNTHETIC one, and checks the parser now raises a
SourceFormatError subclass naming the source, the file, the line and the field.
"""

from __future__ import annotations

import json

import pytest

from cassettes import cassettes_under, read_cassette
from ustmon.errors import BadDateError, BadValueError, SourceFormatError
from ustmon.sources import get_source


def _recorded(shared, part: str):
    for p in cassettes_under(shared):
        for it in read_cassette(p):
            if part in it.uri and it.status == 200:
                return it
    pytest.skip(f"no recorded answer for {part}")


def test_nyfed_list_in_a_required_field_is_a_typed_error(shared_data):
    """A JSON list where the primary-dealer answer has a key id crashed pandas (unhashable type: 'list')."""
    it = _recorded(shared_data, "/pd/get/")
    doc = json.loads(it.body)
    doc["pd"]["timeseries"][1]["keyid"] = []
    with pytest.raises(BadValueError) as ei:
        get_source("nyfed").parse(json.dumps(doc).encode(), it.uri, "markets_pd_json")
    assert ei.value.line == 2 and ei.value.field == "keyid" and ei.value.source == "nyfed"


@pytest.mark.parametrize("source,kind", [("fedboard", "gsw_csv"), ("ofr", "fsi_csv"), ("jpmof", "jgbcme_csv")])
def test_stray_quote_in_a_csv_is_a_typed_error(shared_data, source, kind):
    """A lone '"' in place of a number made pandas raise ParserError ("EOF inside string")."""
    src = get_source(source)
    path = next(f.path for f in src.mirror_files(shared_data) if f.kind == kind)
    lines = path.read_bytes().splitlines(keepends=True)[:40]
    last = lines[-1]
    i = next(j for j, ch in enumerate(last) if j > 0 and chr(ch).isdigit() and chr(last[j - 1]) == ",")
    lines[-1] = last[:i] + b'"' + last[i + 1:]
    with pytest.raises(SourceFormatError) as ei:
        src.parse(b"".join(lines), str(path), kind)
    assert ei.value.source == source and str(path) in str(ei.value)


def test_omb_year_9999_is_a_typed_error(shared_data):
    """A year cell reading 9999 overflowed the date type (pandas OutOfBoundsDatetime)."""
    import io
    from unittest import mock

    import xlrd

    src = get_source("omb")
    path = src.mirror_files(shared_data)[0].path
    raw = path.read_bytes()
    real_open = xlrd.open_workbook
    sheet = real_open(file_contents=raw, logfile=io.StringIO()).sheet_by_index(0)
    row = max(r for r in range(sheet.nrows) if str(sheet.cell_value(r, 0)).strip()[:4].isdigit())

    def open_mutated(*args, **kwargs):  # the parsed-cell layer, as a damaged file would fill it
        book = real_open(*args, **kwargs)
        sh = book.sheet_by_index(0)
        sh._cell_types[row][0], sh._cell_values[row][0] = xlrd.XL_CELL_TEXT, "9999"
        return book

    with mock.patch.object(xlrd, "open_workbook", open_mutated), pytest.raises(BadDateError) as ei:
        src.parse(raw, str(path), "omb_xls")
    assert ei.value.line == row + 1 and ei.value.field == "Year" and ei.value.source == "omb"


def test_auction_xml_with_an_unknown_encoding_is_a_typed_error(shared_data):
    """encoding="UTF-inf" in the XML declaration escaped as LookupError from the XML parser."""
    src = get_source("treasurydirect")
    path = next(f.path for f in src.mirror_files(shared_data) if f.kind == "auction_xml")
    raw = path.read_bytes()
    assert b'encoding="UTF-8"' in raw[:100]
    with pytest.raises(SourceFormatError) as ei:
        src.parse(raw.replace(b'encoding="UTF-8"', b'encoding="UTF-inf"', 1), str(path), "auction_xml")
    assert ei.value.line == 1 and ei.value.source == "treasurydirect"


@pytest.mark.parametrize("year", ["0000", "9999"])
def test_z1_pagetext_header_year_out_of_range_is_a_typed_error(shared_data, year):
    """A period column '0000' in the L.210 page text raised a bare ValueError ("year 0 is out of range")."""
    src = get_source("fedboard")
    path = next(f.path for f in src.mirror_files(shared_data) if f.kind == "z1_pagetext")
    lines = path.read_text(encoding="utf-8").split("\n")
    h = next(i for i, ln in enumerate(lines) if ln.startswith("Description Series code"))
    first = next(t for t in lines[h].split() if t[:4].isdigit())
    lines[h] = lines[h].replace(first, year + first[4:], 1)
    with pytest.raises(BadDateError) as ei:
        src.parse("\n".join(lines).encode(), str(path), "z1_pagetext")
    assert ei.value.line == h + 1 and ei.value.source == "fedboard"


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_ofr_api_date_out_of_range_is_a_typed_error(fixtures_dir, date):
    """A date of year 1 in an OFR API answer overflowed pandas (OutOfBoundsDatetime).  SYNTHETIC fixture."""
    path = fixtures_dir / "ofr" / "ustmon-fixture-dataset-repo.json"
    doc = json.loads(path.read_bytes())
    # the first [date, value] pair of the first series, wherever the answer nests it
    def first_pair(x):
        if isinstance(x, list) and len(x) == 2 and isinstance(x[0], str) and x[0][:4].isdigit():
            return x
        for v in (x.values() if isinstance(x, dict) else x if isinstance(x, list) else []):
            got = first_pair(v)
            if got is not None:
                return got
        return None

    first_pair(doc)[0] = date
    with pytest.raises(BadDateError) as ei:
        get_source("ofr").parse(json.dumps(doc).encode(), str(path), "ofr_api_json")
    assert ei.value.line == 1 and ei.value.source == "ofr"


def test_ofr_api_huge_integer_value_is_a_typed_error(fixtures_dir):
    """A 400-digit integer as a value made pandas raise OverflowError.  SYNTHETIC fixture."""
    path = fixtures_dir / "ofr" / "ustmon-fixture-dataset-repo.json"
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)

    def pairs(x):
        if isinstance(x, list) and x and all(isinstance(p, list) and len(p) == 2 for p in x):
            return x
        for v in (x.values() if isinstance(x, dict) else []):
            got = pairs(v)
            if got is not None:
                return got
        return None

    pairs(doc)[0][1] = int("9" * 400)
    with pytest.raises(BadValueError) as ei:
        get_source("ofr").parse(json.dumps(doc).encode(), str(path), "ofr_api_json")
    assert ei.value.line == 1 and ei.value.source == "ofr"


def test_mspd_detail_maturity_in_year_1_is_a_typed_error(shared_data):
    """A CUSIP line of MSPD's detail dated 0001-01-01 overflowed pandas (OutOfBoundsDatetime)."""
    import csv
    import io

    src = get_source("fiscaldata")
    path = next(f.path for f in src.mirror_files(shared_data) if f.path.name.startswith("MSPD_DetailSecty"))
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[:400]
    col = next(i for i, h in enumerate(rows[0]) if h.strip().lower() == "maturity date")
    row = next(i for i, r in enumerate(rows) if i > 0 and r[col][:2] in ("19", "20"))
    rows[row][col] = "0001-01-01"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    with pytest.raises(BadDateError) as ei:
        src.parse(buf.getvalue().encode(), str(path), "fiscaldata_csv")
    assert ei.value.line == row + 1 and ei.value.source == "fiscaldata"


def test_sdmx_series_line_lost_is_a_typed_error(shared_data):
    """A Bundesbank SDMX file missing its <generic:Series> line crashed (AttributeError on None)."""
    src = get_source("bundesbank")
    path = src.mirror_files(shared_data)[0].path
    lines = path.read_bytes().splitlines(keepends=True)
    i = next(k for k, ln in enumerate(lines) if ln.strip().startswith(b"<generic:Series") and b"SeriesKey" not in ln)
    with pytest.raises(SourceFormatError) as ei:
        src.parse(b"".join(lines[:i] + lines[i + 1:]), str(path), "sdmx_generic")
    assert ei.value.source == "bundesbank" and ei.value.field == "Series"
