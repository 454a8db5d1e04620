"""Fuzzing the parsers' date, number and text fields with hypothesis (issue 10).

For each of the fred, treasury, ofr, ecb, jpmof, cftc and boj sources, the
smallest real file of each parser kind in the shared mirror (found through the
source's own ``mirror_files``, never a hard-coded list) is cut to its first
lines and one date or number in it is replaced by generated text.  Whatever the
text, the parser either raises a SourceFormatError subclass or returns a
result; a result either fails ``validate_payload`` with a SourceFormatError or
holds only finite values dated inside the plausible window.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ustmon.errors import SourceFormatError
from ustmon.sources import get_source
from ustmon.validate import EARLIEST_DATE, validate_payload

SOURCES = ("fred", "treasury", "ofr", "ecb", "jpmof", "cftc", "boj")
TODAY = pd.Timestamp("2026-12-01")
HEAD_LINES = 40
# dates and numbers as they appear in the files: 2024-12-31, 12/31/2024, 2026/4/30, 4.58, -0.297, 347274
TOKEN = re.compile(rb"\d[\d./:-]*\d|\d")

SPECIAL = ["inf", "-Infinity", "Infinity", "1e400", "-1e400", "NaN", "nan", "9" * 400, "1" * 70, "01/01/0001",
           "99991231", "0001-01-01", "9999-12-31", "2206-01-01", "12/31/9999", "0000-00-00", "2024-02-30",
           "[/x]", "[link=https://example.invalid]1[/link]", "\x1b[31m", "\x00", "", " ", "-", ".", "1_000",
           "0x1F", "1,5", "1e-400", "-0", "+.5", "٣", "１２３", "2024-12-31T25:61", "\u202e1"]


def _date_text(d):
    return st.sampled_from([d.isoformat(), d.strftime("%m/%d/%Y"), f"{d.year}/{d.month}/{d.day}",
                            d.strftime("%Y%m%d"), d.strftime("%d-%b-%Y")])


FIELD = st.one_of(
    st.sampled_from(SPECIAL),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**40), 10**40).map(str),
    st.dates(min_value=pd.Timestamp("1000-01-01").date(), max_value=pd.Timestamp("9999-12-31").date()).flatmap(_date_text),
    st.text(max_size=12),
)


def _samples(shared: Path) -> list[tuple[str, str, str, bytes]]:
    out = []
    for name in SOURCES:
        src = get_source(name)
        by_kind: dict[str, Path] = {}
        for mf in src.mirror_files(shared):
            if mf.path.suffix.lower() == ".zip":
                continue  # the members' text parsers are fuzzed directly
            if mf.kind not in by_kind or mf.path.stat().st_size < by_kind[mf.kind].stat().st_size:
                by_kind[mf.kind] = mf.path
        for kind, path in sorted(by_kind.items()):
            raw = path.read_bytes()
            if path.suffix.lower() not in (".xml", ".json"):
                lines = raw.splitlines(keepends=True)
                raw = b"".join(lines[:HEAD_LINES])
            out.append((name, kind, str(path), raw))
    return out


@pytest.fixture(scope="module")
def samples(shared_data):
    s = _samples(shared_data)
    assert {x[0] for x in s} == set(SOURCES), "every fuzzed source has a real file in the mirror"
    return s


def _check(name: str, kind: str, origin: str, raw: bytes) -> None:
    src = get_source(name)
    try:
        result = src.parse(raw, origin, kind)
    except SourceFormatError:
        return
    try:
        validate_payload(result, today=TODAY)
    except SourceFormatError:
        return
    obs = result.observations
    values = obs["value"].to_numpy(dtype="float64")
    assert np.isfinite(values[~np.isnan(values)]).all(), f"{name}/{kind}: non-finite value passed validation"
    d = pd.to_datetime(obs["date"]).to_numpy().astype("datetime64[s]")
    assert (d >= np.datetime64(EARLIEST_DATE.date(), "s")).all(), f"{name}/{kind}: date before {EARLIEST_DATE.date()}"
    assert (d <= np.datetime64((TODAY + pd.Timedelta(days=800)).date(), "s")).all(), f"{name}/{kind}: future date"


def test_unmodified_heads_parse_or_fail_cleanly(samples):
    for name, kind, origin, raw in samples:
        _check(name, kind, origin, raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_field_never_escapes_as_untyped_error_or_bad_value(samples, data):
    name, kind, origin, raw = data.draw(st.sampled_from(samples), label="file")
    tokens = list(TOKEN.finditer(raw))
    if not tokens:
        return
    # favour the data part (after the header lines) by drawing from the later tokens too
    m = tokens[data.draw(st.integers(0, len(tokens) - 1), label="token")]
    text = data.draw(FIELD, label="field")
    enc = text.encode("utf-8", "surrogatepass")
    if raw.lstrip().startswith(b"<"):  # XML: keep the document well-formed where the token sits in an attribute
        enc = enc.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b'"', b"&quot;")
    mutated = raw[: m.start()] + enc + raw[m.end():]
    _check(name, kind, origin, mutated)
