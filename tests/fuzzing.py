"""Shared pieces of the parser fuzz tests (issue 10): samples, generated fields, mutations, the check.

Samples are found through the registry (``SOURCE_MODULES``), each source's own
``mirror_files`` and the recorded API answers under ``openbb_vcr_cassettes``
(matched to a source and parser kind through the sources' own ``live_requests``
or ``kind_for_url``), never through a hard-coded list of files.  Every sample
is read in place and cut in memory (first lines of a text file, first rows of
a sheet, first items of a JSON array); nothing is copied into the repository.

The check (:func:`check`) is the issue's done-when: whatever the bytes, the
parser raises a :class:`~ustmon.errors.SourceFormatError` subclass or returns
a result that either fails :func:`~ustmon.validate.validate_payload` with one
or holds only finite values and plausible dates, in its observations and in
its records (auction results, securities by CUSIP).
"""

from __future__ import annotations

import csv
import importlib
import io
import os
import json
import re
import zipfile
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cassettes import cassettes_under, read_cassette
from ustmon.errors import SourceFormatError
from ustmon.sources import SOURCE_MODULES, get_source
from ustmon.validate import EARLIEST_DATE, LATEST_RECORD_DATE_YEARS, validate_payload

TODAY = pd.Timestamp("2026-12-01")
HEAD_LINES = 40
JSON_ITEMS = 12

#: examples are multiplied by USTMON_FUZZ_SCALE (default 1) for a longer hunt; USTMON_FUZZ_RANDOM=1 draws
#: fresh inputs each run instead of the fixed, derandomized ones CI uses
SCALE = float(os.environ.get("USTMON_FUZZ_SCALE", "1") or 1)
RANDOM = os.environ.get("USTMON_FUZZ_RANDOM", "") == "1"


def examples(n: int) -> int:
    return max(1, int(n * SCALE))


#: one fixed, derandomized profile for every fuzz test, so a CI run is reproducible
FUZZ = settings(deadline=None, derandomize=not RANDOM, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

# dates and numbers as they appear in the files: 2024-12-31, 12/31/2024, 2026/4/30, 4.58, -0.297, 347274
TOKEN = re.compile(r"\d[\d./:-]*\d|\d")

SPECIAL = ["inf", "-Infinity", "Infinity", "1e400", "-1e400", "NaN", "nan", "9" * 400, "1" * 70, "01/01/0001",
           "99991231", "0001-01-01", "9999-12-31", "2206-01-01", "12/31/9999", "0000-00-00", "2024-02-30",
           "[/x]", "[link=https://example.invalid]1[/link]", "\x1b[31m", "\x00", "", " ", "-", ".", "1_000",
           "0x1F", "1,5", "1e-400", "-0", "+.5", "٣", "１２３", "2024-12-31T25:61", "\u202e1", "1e308", "-1e308",
           "9999", "0001", "0", "00", "99", "1776", "2262-04-12", "1677-09-21", "\n", ",", "\t", '"', "&amp;"]


def _date_text(d):
    return st.sampled_from([d.isoformat(), d.strftime("%m/%d/%Y"), f"{d.year}/{d.month}/{d.day}",
                            d.strftime("%Y%m%d"), d.strftime("%d-%b-%Y"), str(d.year), f"{d.year}-Q1"])


#: one generated field, as text
FIELD = st.one_of(
    st.sampled_from(SPECIAL),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**40), 10**40).map(str),
    st.dates(min_value=pd.Timestamp("1000-01-01").date(), max_value=pd.Timestamp("9999-12-31").date()).flatmap(_date_text),
    st.text(max_size=12),
)

#: one generated JSON leaf (what a hostile or broken API could put in a field)
JSON_LEAF = st.one_of(
    FIELD,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**30), 10**30),
    st.sampled_from([None, True, False, [], {}, [1, 2], {"a": 1}]),
)


@dataclass(frozen=True)
class Sample:
    """One real payload of one parser kind, cut to a size fuzzing can afford."""

    source: str
    kind: str
    origin: str
    raw: bytes = dc_field(repr=False)
    how: str = "mirror"  # mirror | cassette | derived (from real files) | fixture (SYNTHETIC, for kinds the mirror lacks)

    @property
    def label(self) -> str:
        return f"{self.source}/{self.kind} ({Path(self.origin.split('?')[0]).name}, {self.how})"


# ----------------------------------------------------------------------------------------- samples

def _flavour(source: str, kind: str, path: Path) -> str:
    """Within one kind, files that reach different code (Fiscal Data's data sets) are fuzzed separately."""
    if source == "fiscaldata":
        # the data set is named by the file itself: MSPD_SumSecty_..., DTS_OpCashBal_..., avg_interest_rates_api...
        return re.split(r"[_-]\d|_api|_csv|-processed|_sample", path.name, maxsplit=1)[0].lower()
    return ""


def head_text(raw: bytes, n: int = HEAD_LINES) -> bytes:
    """The first ``n`` lines, cut as text (a UTF-16 file keeps whole characters)."""
    text, codec = decode(raw)
    if codec == "latin-1":
        return b"".join(raw.splitlines(keepends=True)[:n])
    lines = text.splitlines(keepends=True)
    return encode("".join(lines[:n]), codec)


def cut_json(raw: bytes, n: int = JSON_ITEMS) -> bytes:
    """The JSON document with every array cut to its first ``n`` items (kept as text when not JSON)."""
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return raw

    def cut(x):
        if isinstance(x, list):
            return [cut(v) for v in x[:n]]
        if isinstance(x, dict):
            return {k: cut(v) for k, v in x.items()}
        return x

    return json.dumps(cut(doc), indent=1).encode()


def _useful(source: str, kind: str, origin: str, raw: bytes) -> bool:
    """The cut payload parses and still holds something to fuzz (values, records or catalog entries)."""
    try:
        res = get_source(source).parse(raw, origin, kind)
    except SourceFormatError:
        return False
    return bool(len(res.observations) or any(len(df) for df in res.records.values()) or res.series)


def _lines_with(raw: bytes, words: list[str], n: int) -> bytes:
    text, codec = decode(raw)
    lines = text.splitlines(keepends=True)
    keep = lines[:1] + [ln for ln in lines[1:] if any(w in ln for w in words)][:n]
    return encode("".join(keep), codec)


def fit(source: str, kind: str, origin: str, raw: bytes) -> bytes:
    """The smallest cut of ``raw`` that still parses to something: the first 40, 120, 400 or 1200 lines
    (JSON: arrays cut to 12 or 60 items), else the lines naming the source's own market codes (CFTC keeps
    only the Treasury futures), else the whole payload.  XML and binary payloads are kept whole (binary
    formats are cut by their own layer in ``test_fuzz_binary.py``)."""
    if raw[:2] == b"PK" or raw[:4] == b"\xd0\xcf\x11\xe0" or decode(raw)[0].lstrip()[:1] == "<":
        return raw
    if is_json(raw):
        tries = [cut_json(raw, n) for n in (JSON_ITEMS, 5 * JSON_ITEMS)]
    else:
        tries = [head_text(raw, n) for n in (HEAD_LINES, 3 * HEAD_LINES, 10 * HEAD_LINES, 30 * HEAD_LINES)]
        codes = getattr(get_source(source), "codes", None)
        if codes:
            tries.append(_lines_with(raw, [str(c) for c in codes], HEAD_LINES))
    for cut in tries:
        if _useful(source, kind, origin, cut):
            return cut
    return raw


def mirror_samples(shared: Path) -> list[Sample]:
    """The smallest real file of each (source, kind[, data set]) in the mirror, cut."""
    out = []
    for name in SOURCE_MODULES:
        src = get_source(name)
        best: dict[tuple[str, str], Path] = {}
        for mf in src.mirror_files(shared):
            key = (mf.kind, _flavour(name, mf.kind, mf.path))
            if key not in best or mf.path.stat().st_size < best[key].stat().st_size:
                best[key] = mf.path
        for (kind, _), path in sorted(best.items()):
            out.append(Sample(name, kind, str(path), fit(name, kind, str(path), path.read_bytes())))
    return out


def cassette_kind(uri: str) -> tuple[str, str] | None:
    """(source, kind) of a recorded request, from the sources' own live requests (or ``kind_for_url``)."""
    host = urlsplit(uri).netloc
    for name in SOURCE_MODULES:
        src = get_source(name)
        reqs = [r for r in _requests(src) if urlsplit(r.url).netloc == host]
        if not reqs:
            continue
        for r in reqs:
            if uri.split("?")[0].startswith(r.url.split("?")[0]):
                return name, r.kind
        module = importlib.import_module(SOURCE_MODULES[name])
        if hasattr(module, "kind_for_url"):
            k = module.kind_for_url(uri)
            if k:
                return name, k
        kinds = {r.kind for r in reqs}
        if len(kinds) == 1:
            return name, kinds.pop()
    return None


def _requests(src) -> list:
    """A source's live requests, plus its API query when it has one beside the default files (CFTC's Socrata)."""
    reqs = list(src.live_requests())
    socrata = getattr(src, "socrata_request", None)
    if socrata is not None:
        reqs.append(socrata())
    return reqs


def cassette_samples(shared: Path) -> list[Sample]:
    """Every recorded 200 answer whose endpoint a source reads, its JSON arrays cut."""
    out = []
    for path in cassettes_under(shared):
        for it in read_cassette(path):
            if it.status != 200:
                continue
            sk = cassette_kind(it.uri)
            if sk is None:
                continue
            out.append(Sample(sk[0], sk[1], it.uri, fit(sk[0], sk[1], it.uri, it.body), "cassette"))
    return out


def all_kinds(name: str) -> set[str]:
    """Every parser kind a source declares: its live requests', its mirror's and a declared ``kinds`` list."""
    src = get_source(name)
    kinds = {r.kind for r in _requests(src)}
    declared = getattr(src, "kinds", None)
    if isinstance(declared, (tuple, list, set, frozenset)):
        kinds |= set(declared)
    elif isinstance(declared, dict):
        kinds |= set(declared)
    return kinds


# ----------------------------------------------------------------------------------------- text layer

def decode(raw: bytes) -> tuple[str, str]:
    """Text and the codec to put it back with (UTF-16 with BOM, UTF-8, else Latin-1: all lossless)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def encode(text: str, codec: str) -> bytes:
    if codec == "latin-1":
        return text.encode("utf-8", "surrogatepass")  # a non-Latin-1 field: the bytes turn mixed, as a bad file would
    return text.encode(codec, "surrogatepass")


def replace_token(raw: bytes, data, field=FIELD) -> bytes:
    """``raw`` with one date or number (drawn by ``data``) replaced by a generated field."""
    text, codec = decode(raw)
    tokens = list(TOKEN.finditer(text))
    if not tokens:
        return raw
    m = tokens[data.draw(st.integers(0, len(tokens) - 1), label="token")]
    new = data.draw(field, label="field")
    if text.lstrip().startswith("<"):  # XML: keep the document well-formed where the token sits in an attribute
        new = new.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return encode(text[: m.start()] + new + text[m.end():], codec)


def mutate_lines(raw: bytes, data) -> bytes:
    """One line deleted, duplicated, moved, or cut in two (a spliced or damaged download)."""
    text, codec = decode(raw)
    lines = text.splitlines(keepends=True)
    if len(lines) < 2:
        return raw
    i = data.draw(st.integers(0, len(lines) - 1), label="line")
    op = data.draw(st.sampled_from(["delete", "duplicate", "move", "split", "join"]), label="line op")
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "move":
        lines.insert(data.draw(st.integers(0, len(lines) - 1), label="to"), lines.pop(i))
    elif op == "split":
        k = data.draw(st.integers(0, len(lines[i])), label="at")
        lines[i] = lines[i][:k] + "\n" + lines[i][k:]
    else:
        lines[i] = lines[i].rstrip("\r\n")
    return encode("".join(lines), codec)


def mutate(s: "Sample", data) -> bytes:
    """One generated change to a text payload: a field (most often), a JSON leaf, a line, or a cut."""
    how = data.draw(st.sampled_from(["token", "token", "token", "json", "lines", "cut"]), label="mutation")
    if how == "json" and is_json(s.raw):
        return mutate_json(s.raw, data)
    if how == "lines" and not is_json(s.raw):
        return mutate_lines(s.raw, data)
    if how == "cut":
        return s.raw[: data.draw(st.integers(0, len(s.raw)), label="cut at")]
    return replace_token(s.raw, data)


def mutate_json(raw: bytes, data) -> bytes:
    """One leaf of the JSON document (drawn by ``data``) replaced by a generated value of any JSON type."""
    doc = json.loads(raw.decode("utf-8-sig"))
    paths: list[tuple] = []

    def walk(x, p):
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, p + (k,))
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, p + (i,))
        else:
            paths.append(p)

    walk(doc, ())
    if not paths:
        return raw
    p = paths[data.draw(st.integers(0, len(paths) - 1), label="leaf")]
    value = data.draw(JSON_LEAF, label="value")
    if not p:
        doc = value
    else:
        node = doc
        for k in p[:-1]:
            node = node[k]
        node[p[-1]] = value
    return json.dumps(doc).encode("utf-8", "surrogatepass")


def is_json(raw: bytes) -> bool:
    try:
        json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def rezip(raw: bytes, change) -> bytes:
    """The zip archive with each member's bytes passed through ``change(name, bytes)``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info)))
    return buf.getvalue()


# ----------------------------------------------------------------------------------------- the check

def _dates_ok(values: np.ndarray, hi: pd.Timestamp) -> bool:
    d = values.astype("datetime64[s]")
    d = d[~np.isnat(d)]
    return bool(((d >= np.datetime64(EARLIEST_DATE.date(), "s")) & (d <= np.datetime64(hi.date(), "s"))).all())


def check_records(label: str, records: dict[str, pd.DataFrame]) -> None:
    hi = TODAY + pd.DateOffset(years=LATEST_RECORD_DATE_YEARS)
    for name, df in records.items():
        for col in df.columns:
            s = df[col]
            if pd.api.types.is_datetime64_any_dtype(s.dtype):
                assert _dates_ok(s.to_numpy(), hi), f"{label}: {name}.{col} holds an implausible date"
            elif pd.api.types.is_float_dtype(s.dtype) or pd.api.types.is_integer_dtype(s.dtype):
                v = s.to_numpy(dtype="float64", na_value=np.nan)
                assert np.isfinite(v[~np.isnan(v)]).all(), f"{label}: {name}.{col} holds a non-finite number"
            elif s.dtype == object:
                for v in s.dropna().head(5000):
                    if isinstance(v, float):
                        assert np.isfinite(v) or np.isnan(v), f"{label}: {name}.{col} holds {v!r}"
                    elif isinstance(v, (pd.Timestamp, np.datetime64)):
                        assert _dates_ok(np.array([np.datetime64(v)]), hi), f"{label}: {name}.{col} holds {v!r}"


def check(source: str, kind: str, origin: str, raw: bytes, label: str = "") -> str:
    """Parse and validate; assert on anything that is neither a typed refusal nor a believable result.

    Returns ``"refused"`` or ``"accepted"`` (for the unmodified samples' sanity check).
    """
    label = label or f"{source}/{kind}"
    src = get_source(source)
    try:
        result = src.parse(raw, origin, kind)
    except SourceFormatError:
        return "refused"
    try:
        validate_payload(result, today=TODAY)
    except SourceFormatError:
        return "refused"
    obs = result.observations
    values = obs["value"].to_numpy(dtype="float64")
    assert np.isfinite(values[~np.isnan(values)]).all(), f"{label}: non-finite value passed validation"
    d = pd.to_datetime(obs["date"]).to_numpy()
    assert _dates_ok(d, TODAY + pd.Timedelta(days=800)), f"{label}: implausible observation date passed validation"
    if result.vintage is not None:
        v = pd.Timestamp(result.vintage)
        assert EARLIEST_DATE <= v <= TODAY + pd.Timedelta(days=800), f"{label}: implausible vintage {v}"
    check_records(label, result.records)
    return "accepted"


# ----------------------------------------------------------------------------------------- sample sets

def is_binary(s: Sample) -> bool:
    return s.raw[:2] == b"PK" or s.raw[:4] == b"\xd0\xcf\x11\xe0"


_CACHE: dict[str, dict[str, list[Sample]]] = {}

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _fiscal_csv(raw: bytes) -> bytes | None:
    """A Fiscal Data CSV (API field names as header, ``null`` = missing) written from an API answer's rows."""
    try:
        rows = json.loads(raw.decode("utf-8-sig")).get("data")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None
    if not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
        return None
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(list(rows[0]))
    for r in rows:
        w.writerow(["null" if r.get(k) is None else r.get(k) for k in rows[0]])
    return buf.getvalue().encode()


def derived_samples(shared: Path, found: list[Sample]) -> list[Sample]:
    """Payloads of a kind the mirror lacks, built in memory from the real files of a neighbouring kind.

    Z.1: no package zip (kind ``z1_csv_zip``) is in the mirror; one is built from the real L.210 table CSV.
    Fiscal Data: a CSV with the API field names as header (a format the CSV reader accepts) is written from
    each real API answer, so the CSV path of data sets without a download in the mirror (MTS, average
    interest rates, the full auctions query) is fuzzed too.
    """
    out = []
    for s in found:
        if s.source == "fiscaldata" and s.kind == "fiscaldata_json":
            body = _fiscal_csv(s.raw)
            origin = f"{s.origin.split('?')[0]} (as CSV in memory)"
            if body and _useful(s.source, "fiscaldata_csv", origin, body):
                out.append(Sample(s.source, "fiscaldata_csv", origin, body, "derived"))
    fed = get_source("fedboard")
    l210 = sorted((f.path for f in fed.mirror_files(shared)
                   if f.kind == "z1_csv" and f.path.name.lower().startswith("l210")), key=lambda p: p.stat().st_size)
    if l210:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("csv/l210.csv", head_text(l210[0].read_bytes(), 60))
        out.append(Sample("fedboard", "z1_csv_zip", f"{l210[0]} (zipped in memory)", buf.getvalue(), "derived"))
    return out


def fixture_samples(have: set[tuple[str, str]]) -> list[Sample]:
    """For a (source, kind) with no real payload: the repository's small SYNTHETIC fixtures of that source
    (``tests/fixtures/<module>/``) that its parser of that kind reads.  Labelled ``fixture``."""
    out = []
    for name, module in SOURCE_MODULES.items():
        folder = FIXTURES / module.rsplit(".", 1)[-1]
        missing = sorted(k for k in all_kinds(name) if (name, k) not in have)
        if not missing or not folder.is_dir():
            continue
        for kind in missing:
            for p in sorted(folder.iterdir()):
                if p.suffix.lower() in (".md",) or not p.is_file():
                    continue
                raw = p.read_bytes()
                if _useful(name, kind, str(p), raw):
                    out.append(Sample(name, kind, str(p), fit(name, kind, str(p), raw), "fixture"))
                    break
    return out


def sample_sets(shared: Path) -> dict[str, list[Sample]]:
    """Samples split into ``text`` (observations only), ``records`` (text whose real parse holds records)
    and ``binary`` (xls, xlsx, zip); found once per test session."""
    key = str(shared)
    if key not in _CACHE:
        sets: dict[str, list[Sample]] = {"text": [], "records": [], "binary": []}
        found = mirror_samples(shared) + cassette_samples(shared)
        found += derived_samples(shared, found)
        found += fixture_samples({(s.source, s.kind) for s in found if _useful(s.source, s.kind, s.origin, s.raw)})
        for s in found:
            if is_binary(s):
                sets["binary"].append(s)
                continue
            try:
                res = get_source(s.source).parse(s.raw, s.origin, s.kind)
                has_records = any(len(df) for df in res.records.values())
            except SourceFormatError:
                has_records = False
            sets["records" if has_records else "text"].append(s)
        _CACHE[key] = sets
    return _CACHE[key]
