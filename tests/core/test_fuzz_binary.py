"""Fuzzing the binary formats (xlsx, xls, zip) through the layer that writes them (issue 10).

Mutating the bytes of a workbook or archive mostly breaks its container, so the
values are mutated one level up, where the publisher's software puts them:

* **xlsx** (NY Fed Markets export): the first rows of the real sheet are read
  with openpyxl and written back into a new workbook with openpyxl, one cell
  set to a generated value (text, float incl. inf/NaN, huge int, datetime,
  bool, empty);
* **xls** (OMB Historical Tables): the real workbook is opened with xlrd and
  one cell of its parsed-cell layer (value and type) is replaced before the
  parser sees it, so a number cell can hold inf or NaN and a text cell any
  text, as a damaged or hand-edited file would;
* **zip** (CFTC annual archive; a Z.1 package built from the real L.210 CSV,
  since no Z.1 zip is in the mirror): each member is cut to its first lines and
  one date or number in it replaced before re-zipping.

Each format also gets raw byte damage (cut, flipped bytes): the parser must
then raise a SourceFormatError subclass or return a believable result.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from unittest import mock

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fuzzing import FIELD, FUZZ, Sample, check, examples, fit, replace_token, rezip, sample_sets

XLSX_ROWS = 30


def _is_xlsx(raw: bytes) -> bool:
    try:
        return "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(raw)).namelist()
    except zipfile.BadZipFile:
        return False


@pytest.fixture(scope="module")
def binary(shared_data):
    return sample_sets(shared_data)["binary"]


# ----------------------------------------------------------------------------------------- xlsx

def _write_xlsx(rows: list[list]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def xlsx_cases(binary):
    import openpyxl

    out = []
    for s in binary:
        if not _is_xlsx(s.raw):
            continue
        wb = openpyxl.load_workbook(io.BytesIO(s.raw), read_only=True, data_only=True)
        rows = [list(r) for r in wb.worksheets[0].iter_rows(max_row=XLSX_ROWS, values_only=True)]
        wb.close()
        out.append((s, rows))
    if not out:
        pytest.skip("no .xlsx workbook in the mirror")
    return out


def test_rewritten_xlsx_heads_parse(xlsx_cases):
    for s, rows in xlsx_cases:
        assert check(s.source, s.kind, s.origin, _write_xlsx(rows), s.label) == "accepted"


CELL = st.one_of(
    FIELD,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**20), 10**20),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.sampled_from([None, True, False]),
)


@settings(FUZZ, max_examples=examples(40))
@given(data=st.data())
def test_fuzzed_xlsx_cell(xlsx_cases, data):
    s, rows = data.draw(st.sampled_from(xlsx_cases), label="sample")
    rows = [list(r) for r in rows]
    r = data.draw(st.integers(0, len(rows) - 1), label="row")
    c = data.draw(st.integers(0, max(len(rows[r]) - 1, 0)), label="col")
    rows[r][c] = data.draw(CELL, label="value")
    try:
        raw = _write_xlsx(rows)
    except Exception:  # openpyxl refuses (control characters...): no such file can exist
        assume(False)
    check(s.source, s.kind, s.origin, raw, s.label)


# ----------------------------------------------------------------------------------------- xls

@pytest.fixture(scope="module")
def xls_cases(binary):
    import xlrd

    out = []
    for s in binary:
        if s.raw[:4] != b"\xd0\xcf\x11\xe0":
            continue
        sheet = xlrd.open_workbook(file_contents=s.raw, logfile=io.StringIO()).sheet_by_index(0)
        out.append((s, sheet.nrows, sheet.ncols))
    if not out:
        pytest.skip("no .xls workbook in the mirror")
    return out


def _xls_cell():
    import xlrd

    return st.one_of(
        st.tuples(st.just(xlrd.XL_CELL_NUMBER), st.floats(allow_nan=True, allow_infinity=True)),
        st.tuples(st.just(xlrd.XL_CELL_TEXT), FIELD),
        st.tuples(st.just(xlrd.XL_CELL_EMPTY), st.just("")),
        st.tuples(st.just(xlrd.XL_CELL_BOOLEAN), st.sampled_from([0, 1])),
        st.tuples(st.just(xlrd.XL_CELL_ERROR), st.sampled_from([0x07, 0x0F, 0x2A])),
    )


@settings(FUZZ, max_examples=examples(40))
@given(data=st.data())
def test_fuzzed_xls_cell(xls_cases, data):
    import xlrd

    s, nrows, ncols = data.draw(st.sampled_from(xls_cases), label="sample")
    # mostly the year column and the first data columns, where the parser reads
    r = data.draw(st.integers(0, nrows - 1), label="row")
    c = data.draw(st.one_of(st.just(0), st.integers(0, ncols - 1)), label="col")
    ctype, value = data.draw(_xls_cell(), label="cell")
    real_open = xlrd.open_workbook

    def open_mutated(*args, **kwargs):
        book = real_open(*args, **kwargs)
        sh = book.sheet_by_index(0)
        sh._cell_types[r][c] = ctype
        sh._cell_values[r][c] = value
        return book

    with mock.patch.object(xlrd, "open_workbook", open_mutated):
        check(s.source, s.kind, s.origin, s.raw, s.label)


# ----------------------------------------------------------------------------------------- zip

@pytest.fixture(scope="module")
def zip_cases(binary):
    out = []
    for s in binary:
        if s.raw[:2] != b"PK" or _is_xlsx(s.raw):
            continue
        if s.kind == "tff_zip":  # the CFTC archive: its member cut as the annual text it is
            s = Sample(s.source, s.kind, s.origin, rezip(s.raw, lambda name, b: fit(s.source, "tff_annual_txt",
                                                                                      s.origin, b)), s.how)
        out.append(s)
    if not out:
        pytest.skip("no zip archive in the mirror")
    return out


def test_rezipped_heads_parse(zip_cases):
    for s in zip_cases:
        assert check(s.source, s.kind, s.origin, s.raw, s.label) == "accepted"


@settings(FUZZ, max_examples=examples(40))
@given(data=st.data())
def test_fuzzed_zip_member(zip_cases, data):
    s = data.draw(st.sampled_from(zip_cases), label="sample")
    raw = rezip(s.raw, lambda name, b: replace_token(b, data))
    check(s.source, s.kind, s.origin, raw, s.label)


# ----------------------------------------------------------------------------------------- byte damage

@pytest.fixture(scope="module")
def damage_pool(binary, xlsx_cases, zip_cases):
    # built once: a workbook written now carries the time it was written, and the fuzz must replay exactly
    pool = [s for s in binary if s.raw[:4] == b"\xd0\xcf\x11\xe0"]
    return pool + [Sample(s.source, s.kind, s.origin, _write_xlsx(rows[:10])) for s, rows in xlsx_cases] + list(zip_cases)


@settings(FUZZ, max_examples=examples(30))
@given(data=st.data())
def test_damaged_container_bytes(damage_pool, data):
    """A cut download or flipped bytes in a workbook or archive: a typed refusal or a believable result."""
    s = data.draw(st.sampled_from(damage_pool), label="sample")
    raw = bytearray(s.raw)
    if data.draw(st.booleans(), label="cut"):
        raw = raw[: data.draw(st.integers(0, len(raw) - 1), label="cut at")]
    else:
        for _ in range(data.draw(st.integers(1, 8), label="flips")):
            i = data.draw(st.integers(0, len(raw) - 1), label="at")
            raw[i] = data.draw(st.integers(0, 255), label="byte")
    check(s.source, s.kind, s.origin, bytes(raw), s.label)
