"""Every source module passes the same checks (the contract of :mod:`ustmon.sources.base`).

For each key of ``ustmon.sources.SOURCE_MODULES`` (walked, never listed here):

1. **describe**: ``live_requests()`` is non-empty; every request is https, names its source and a parser kind the
   source accepts, and carries no secret in its URL or logged params (``FRED_API_KEY`` goes to ``secret_params``);
2. **mirror listing**: ``mirror_files`` walks the mirror it is given (an empty mirror gives ``[]``; a mirror holding
   one of its files, linked in a temporary folder, gives exactly that file); in /work/shared/data every listed file
   exists inside the mirror;
3. **pure parse**: the smallest real file of each kind parses twice to equal results with the network and the store
   unreachable, and the result names the source and the origin;
4. **garbage**: an HTML error page, an empty body and binary junk raise a ``SourceFormatError`` subclass naming
   the source and the file, for every kind; a file cut short inside a number or a date (the smallest real file
   of each kind, cut just after the first ``.``, ``/`` or ``-`` past 60% of its bytes, and again just after the
   first ``.``: "4303366." with no final newline must not read as 4303366) raises one too, or, for the
   page-text excerpts whose parser reads partial rows on purpose, says in its notes that it was cut and gives no
   value that differs from the whole file's; for a text format the error names the line or the field.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pandas as pd
import pytest

from ustmon.errors import SourceFormatError
from ustmon.sources import SOURCE_MODULES, get_source

NAMES = list(SOURCE_MODULES)
SECRET = "CONFORMANCE-SECRET-0123456789"
HTML = (b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n"
        b"<body><h1>Service Unavailable</h1><p>Please try again later.</p></body></html>\n")
JUNK = b"\x00\x01\x02garbage\xff\xfe,,,\n1,2\n"


def _smallest_per_kind(src, mirror: Path) -> dict:
    out = {}
    for m in sorted(src.mirror_files(mirror), key=lambda m: (m.path.stat().st_size, str(m.path))):
        out.setdefault(m.kind, m)
    return out


def _kinds(src, mirror: Path | None) -> set[str]:
    kinds = {r.kind for r in src.live_requests()}
    if mirror is not None:
        kinds |= {m.kind for m in src.mirror_files(mirror)}
    return kinds


def _is_text(raw: bytes) -> bool:
    if b"\x00" in raw[:4096] or raw[:2] == b"PK" or raw[:4] == b"\xd0\xcf\x11\xe0":  # UTF-16, zip/xlsx, xls
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cut(raw: bytes, marks: tuple[bytes, ...]) -> bytes | None:
    """``raw`` cut just after the first of ``marks`` past 60% of its bytes (None when there is none)."""
    start = int(len(raw) * 0.6)
    for i in range(start, len(raw)):
        if raw[i:i + 1] in marks:
            return raw[: i + 1]
    return None


@pytest.fixture
def offline(monkeypatch):
    """No network and no store while parsing: any attempt fails the test."""

    def refuse(*a, **k):
        raise AssertionError("a parser tried to reach the network or the store")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    import duckdb

    monkeypatch.setattr(duckdb, "connect", refuse)


def test_every_source_module_is_checked():
    assert len(NAMES) >= 10 and len(set(NAMES)) == len(NAMES)
    for name in NAMES:
        assert get_source(name).name == name


# ------------------------------------------------------------------------------------------------ 1. describe
@pytest.mark.parametrize("name", NAMES)
def test_live_requests_are_described_https_and_free_of_secrets(name, monkeypatch):
    monkeypatch.setenv("FRED_API_KEY", SECRET)
    src = get_source(name)
    reqs = src.live_requests()
    assert reqs, f"{name}: no live requests described"
    for r in reqs:
        assert r.source == name, r
        assert r.kind, r
        assert r.url.startswith("https://"), f"{name}: not https: {r.url}"
        shown = r.url + repr(r.params) + repr(r) + r.description
        assert SECRET not in shown, f"{name}: a secret in a logged part of the request: {r.url}"
        for k in r.params:
            assert k.lower() not in ("api_key", "apikey", "key", "token", "access_token"), f"{name}: {k} in params"
    if name == "fred":  # the key is sent, but only as a secret parameter
        assert any(SECRET in r.secret_params.values() for r in reqs)


# ------------------------------------------------------------------------------------------------ 2. mirror listing
@pytest.mark.parametrize("name", NAMES)
def test_mirror_listing_walks_what_is_there(name, shared_data, tmp_path):
    src = get_source(name)
    assert src.mirror_subdirs, f"{name}: says no mirror folder"
    assert src.mirror_files(tmp_path / "empty") == [] or not (tmp_path / "empty").exists()
    (tmp_path / "empty").mkdir()
    assert src.mirror_files(tmp_path / "empty") == [], f"{name}: lists files in an empty mirror"
    listed = src.mirror_files(shared_data)
    if not listed and src.mirror_absent_reason:
        pytest.skip(f"{name}: {src.mirror_absent_reason}")
    assert listed, f"{name}: no files in {shared_data} (a source with none says why in mirror_absent_reason)"
    root = shared_data.resolve()
    for m in listed:
        assert m.path.is_file() and m.kind, m
        assert root in m.path.resolve().parents or m.path.resolve().is_relative_to(root), m.path
    # one of its files, linked into a temporary mirror at the same relative place, is found by walking
    one = sorted(listed, key=lambda m: str(m.path))[0]
    rel = one.path.relative_to(shared_data)
    (tmp_path / "one" / rel).parent.mkdir(parents=True)
    os.symlink(one.path, tmp_path / "one" / rel)
    again = src.mirror_files(tmp_path / "one")
    assert [(m.path.relative_to(tmp_path / "one"), m.kind) for m in again] == [(rel, one.kind)]


# ------------------------------------------------------------------------------------------------ 3. pure parse
@pytest.mark.parametrize("name", NAMES)
def test_parse_is_a_pure_function_of_the_bytes(name, shared_data, offline):
    src = get_source(name)
    for kind, m in _smallest_per_kind(src, shared_data).items():
        raw = m.path.read_bytes()
        a = src.parse(raw, str(m.path), kind)
        b = src.parse(bytes(raw), str(m.path), kind)
        assert a.source == name and a.origin.startswith(str(m.path)), (kind, m.path.name)  # zips add "!member"
        pd.testing.assert_frame_equal(a.observations, b.observations)
        assert a.series == b.series and a.vintage == b.vintage and a.units == b.units, (kind, m.path.name)
        assert a.records.keys() == b.records.keys()
        for k in a.records:
            pd.testing.assert_frame_equal(a.records[k], b.records[k])
        assert len(a.observations) or any(len(r) for r in a.records.values()) or a.notes, \
            f"{name}/{kind}: {m.path.name} gave nothing and said nothing"


# ------------------------------------------------------------------------------------------------ 4. garbage
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("label,raw", [("html", HTML), ("empty", b""), ("junk", JUNK)])
def test_garbage_raises_a_format_error_naming_source_and_file(name, label, raw, shared_data, offline):
    src = get_source(name)
    for kind in sorted(_kinds(src, shared_data)):
        origin = f"/mirror/{name}/broken-{label}-{kind}.dat"
        with pytest.raises(SourceFormatError) as ei:
            src.parse(raw, origin, kind)
        err = ei.value
        assert err.origin == origin and origin in str(err), (kind, str(err))
        assert str(err).startswith(f"{err.source}: ") and err.source in (name, src.name), (kind, str(err))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("marks", [(b".", b"/", b"-"), (b".",)], ids=["mid-token", "mid-number"])
def test_a_file_cut_short_raises_or_says_so(name, marks, shared_data, offline):
    src = get_source(name)
    for kind, m in _smallest_per_kind(src, shared_data).items():
        raw = m.path.read_bytes()
        cut = _cut(raw, marks)
        if cut is None:
            continue
        try:
            res = src.parse(cut, str(m.path), kind)
        except SourceFormatError as err:
            assert str(m.path) in str(err), (kind, str(err))
            if _is_text(cut):  # a text format has lines: the error says where
                assert err.line is not None or err.field is not None, (kind, str(err))
            continue
        # no error: only a parser that reads partial excerpts on purpose, saying so and giving no wrong value
        assert any("cut" in n for n in res.notes), f"{name}/{kind}: {m.path.name} cut short parsed without a word"
        full = src.parse(raw, str(m.path), kind).observations
        both = res.observations.merge(full, on=["series_id", "date"], how="left", suffixes=("_cut", "_full"))
        differ = both[~((both["value_cut"] == both["value_full"]) | (both["value_cut"].isna() & both["value_full"].isna()))]
        assert differ.empty, f"{name}/{kind}: cut file gives values the whole file does not:\n{differ.head()}"


def _cut_in_last_value(raw: bytes) -> bytes | None:
    """``raw`` cut inside the last value of the line at 60% of the file: just after that value's decimal point,
    or just after the line's last comma (so every field is there, the last one short)."""
    start = raw.find(b"\n", int(len(raw) * 0.6))
    end = raw.find(b"\n", start + 1)
    if start < 0 or end < 0:
        return None
    line = raw[start + 1:end].rstrip(b"\r")
    comma = line.rfind(b",")
    if comma < 0:
        return None
    dot = line.find(b".", comma)
    return raw[: start + 1 + (dot + 1 if dot >= 0 else comma + 1)]


@pytest.mark.parametrize("name", NAMES)
def test_a_csv_line_cut_in_its_last_value_is_not_read_as_a_number(name, shared_data, offline):
    """'2017-03-24,...,-0.' or '2004-07-01,' with no final newline is a cut download, not -0.0 or a missing value."""
    src = get_source(name)
    for kind, m in _smallest_per_kind(src, shared_data).items():
        raw = m.path.read_bytes()
        if not _is_text(raw) or raw.lstrip()[:1] in (b"<", b"{", b"["):
            continue
        cut = _cut_in_last_value(raw)
        if cut is None:
            continue
        try:
            res = src.parse(cut, str(m.path), kind)
        except SourceFormatError as err:
            assert str(m.path) in str(err) and (err.line is not None or err.field is not None), (kind, str(err))
            continue
        full = src.parse(raw, str(m.path), kind).observations
        both = res.observations.merge(full, on=["series_id", "date"], how="left", suffixes=("_cut", "_full"))
        differ = both[~((both["value_cut"] == both["value_full"]) | (both["value_cut"].isna() & both["value_full"].isna()))]
        assert differ.empty, f"{name}/{kind}: {m.path.name} cut in a value reads wrong values:\n{differ.head()}"
