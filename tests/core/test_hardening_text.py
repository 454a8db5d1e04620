"""Shared parsing helpers refuse impossible dates, non-finite numbers and oversized input (issue 10).

All payloads here are SYNTHETIC and small unless a limit is lowered for the test.
"""

from __future__ import annotations

import io
import struct
import zipfile

import numpy as np
import pandas as pd
import pytest

from ustmon.errors import BadDateError, BadValueError, MissingMemberError, SourceFormatError
from ustmon.sources._text import (
    InputLimitError,
    check_date_range,
    decode_text,
    parse_date_column,
    parse_numeric_column,
    read_zip_member,
    to_float,
)


@pytest.mark.parametrize("n", [3, 200])  # the small (pure Python) and the vectorised path
@pytest.mark.parametrize("bad, fmt", [("01/01/0001", "%m/%d/%Y"), ("99991231", "%Y%m%d"), ("12/31/9999", "%m/%d/%Y")])
def test_impossible_dates_are_refused_not_wrapped(n, bad, fmt):
    good = "01/02/2020" if fmt == "%m/%d/%Y" else "20200102"
    col = pd.Series([good] * (n - 1) + [bad])
    with pytest.raises(BadDateError) as e:
        parse_date_column(col, fmt, "fred", "x.csv", field="DATE", line_offset=2)
    assert e.value.line == n + 1 and e.value.field == "DATE"


def test_check_date_range_on_microsecond_dates():
    d = pd.Series([pd.Timestamp("2020-01-01"), pd.Timestamp("0001-01-01")]).astype("datetime64[us]")
    with pytest.raises(BadDateError, match="0001-01-01"):
        check_date_range(d, "boj", "x.csv", line_offset=5)
    ok = check_date_range(d.iloc[:1], "boj", "x.csv")
    assert ok.dtype == "datetime64[ns]" and ok.iloc[0] == pd.Timestamp("2020-01-01")


@pytest.mark.parametrize("n", [3, 200])
@pytest.mark.parametrize("bad", ["inf", "-Infinity", "1e400", "Infinity", "nan", "1_000", "0x10", "9" * 5000])
def test_non_finite_and_odd_numbers_are_refused(n, bad):
    col = pd.Series(["1.5"] * (n - 1) + [bad])
    with pytest.raises(BadValueError) as e:
        parse_numeric_column(col, "treasury", "x.csv", field="10 Yr", line_offset=2)
    assert e.value.line == n + 1 and e.value.field == "10 Yr"
    if bad != "nan":  # to_float reads "nan" as a publisher's missing marker
        with pytest.raises(BadValueError):
            to_float(bad, "ofr", "x.csv", line=3, field="v")


def test_plain_numbers_still_parse():
    vals = ["1", "-2.5", "+3", ".5", "5.", "1e3", "1E-3", " 7 ", "", "."]
    out = parse_numeric_column(pd.Series(vals), "fred", "x.csv", field="v", line_offset=2)
    np.testing.assert_allclose(out.to_numpy()[:8], [1, -2.5, 3, 0.5, 5, 1000, 0.001, 7])
    assert np.isnan(out.to_numpy()[8:]).all()
    assert to_float("1,234.5", "ofr", "x") == 1234.5


def test_a_50mb_run_of_digits_is_refused_quickly(monkeypatch):
    # SYNTHETIC: a CSV whose one cell is 50 MB of digits
    raw = b"DATE,VALUE\n2020-01-01," + b"7" * (50 * 2**20) + b"\n"
    with pytest.raises(InputLimitError) as e:
        decode_text(raw, "fred", "big.csv")
    assert e.value.line == 2 and "USTMON_MAX_LINE_CHARS" in str(e.value)


def test_a_100k_column_file_is_refused():
    # SYNTHETIC: 100,000 series columns would become 100,000 junk series
    header = "DATE," + ",".join(f"S{i}" for i in range(100_000))
    raw = (header + "\n2020-01-01," + ",".join(["1"] * 100_000) + "\n").encode()
    with pytest.raises(InputLimitError, match="100,001 columns"):
        decode_text(raw, "fred", "wide.csv")


def test_limits_are_configurable(monkeypatch):
    raw = b"a,b,c\n1,2,3\n"
    assert decode_text(raw, "fred", "x.csv").startswith("a,b,c")
    monkeypatch.setenv("USTMON_MAX_COLUMNS", "2")
    with pytest.raises(InputLimitError):
        decode_text(raw, "fred", "x.csv")
    monkeypatch.delenv("USTMON_MAX_COLUMNS")
    monkeypatch.setenv("USTMON_MAX_PAYLOAD_MB", "0.000001")
    with pytest.raises(InputLimitError, match="USTMON_MAX_PAYLOAD_MB"):
        decode_text(raw, "fred", "x.csv")


def test_json_on_one_line_is_not_a_long_line(monkeypatch):
    monkeypatch.setenv("USTMON_MAX_LINE_CHARS", "100")
    raw = b'{"data": [' + b",".join([b'{"a": "1"}'] * 100) + b"]}"
    assert decode_text(raw, "fiscaldata", "x.json").startswith("{")


def _zip(member: str, data_chunks: int, chunk: bytes = b"\0" * 2**20) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open(member, "w", force_zip64=True) as fh:
            for _ in range(data_chunks):
                fh.write(chunk)
    return buf.getvalue()


def test_zip_bomb_refused_without_inflating(monkeypatch):
    # SYNTHETIC: 64 MiB of zeros compress to ~64 KB; the limit is lowered to 16 MiB
    raw = _zip("FinFutYY.txt", 64)
    assert len(raw) < 2**20
    monkeypatch.setenv("USTMON_MAX_ZIP_MEMBER_MB", "16")
    with pytest.raises(InputLimitError, match="decompression bomb"):
        read_zip_member(raw, r"FinFutYY\.txt", "cftc", "fut_fin_txt_2026.zip")


def test_zip_member_whose_header_lies_is_stopped(monkeypatch):
    # SYNTHETIC: the central directory claims 1 KiB; the member really holds 64 MiB
    raw = bytearray(_zip("FinFutYY.txt", 64))
    monkeypatch.setenv("USTMON_MAX_ZIP_MEMBER_MB", "16")
    cd = raw.rfind(b"PK\x01\x02")
    # zip64: sizes live in the extra field; patch the zip64 extra's uncompressed size
    name_len, extra_len = struct.unpack("<HH", raw[cd + 28:cd + 32])
    extra = cd + 46 + name_len
    i = extra
    while i < extra + extra_len:
        tag, size = struct.unpack("<HH", raw[i:i + 4])
        if tag == 1:
            raw[i + 4:i + 12] = struct.pack("<Q", 1024)
            break
        i += 4 + size
    with pytest.raises(SourceFormatError):
        read_zip_member(bytes(raw), r"FinFutYY\.txt", "cftc", "fut_fin_txt_2026.zip")


def test_truncated_zip_is_a_format_error():
    raw = _zip("FinFutYY.txt", 1, b"x,y\n" * 1000)
    with pytest.raises(MissingMemberError):
        read_zip_member(raw[: len(raw) // 2], r"FinFutYY\.txt", "cftc", "cut.zip")
