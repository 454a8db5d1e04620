"""Fuzzing every text-format parser's date, number and text fields with hypothesis (issue 10).

For every source of the registry (``SOURCE_MODULES``), the smallest real file
of each parser kind in the shared mirror (found through the source's own
``mirror_files``; Fiscal Data's data sets each get their own) and every
recorded API answer under ``openbb_vcr_cassettes`` (matched to its parser
through the source's live requests; a kind with neither is seeded from the
repository's SYNTHETIC fixture of it, and the coverage test says so) is cut to its first lines or first JSON
items, and then one date or number in it is replaced by generated text, one
JSON leaf by a generated value of any type, or the file is cut at a random
byte.  Whatever comes out, the parser raises a SourceFormatError subclass or
returns a result; a result either fails ``validate_payload`` with a
SourceFormatError or holds only finite values dated inside the plausible
window (see ``tests/fuzzing.py``).

Binary formats (xls, xlsx, zip) are in ``test_fuzz_binary.py``, payloads
holding records (auction results, securities) in ``test_fuzz_records.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzzing import FUZZ, all_kinds, check, examples, mutate, sample_sets
from ustmon.sources import SOURCE_MODULES, get_source

EXAMPLES = 40  # per source


@pytest.fixture(scope="module")
def sets(shared_data):
    return sample_sets(shared_data)


@pytest.fixture(params=list(SOURCE_MODULES))
def text_samples(request, sets):
    got = [s for s in sets["text"] if s.source == request.param]
    if not got:
        other = sorted({f"{s.kind} ({cat})" for cat in ("binary", "records") for s in sets[cat]
                        if s.source == request.param})
        pytest.skip(f"{request.param}: no text-format payload without records in the mirror or the cassettes; "
                    f"its other kinds are fuzzed elsewhere: {', '.join(other) or 'none'}")
    return got


def test_unmodified_samples_parse_or_fail_cleanly(sets):
    """Every cut sample passes the check untouched, and most are accepted (so the fuzz reaches the values)."""
    outcomes = {s.label: check(s.source, s.kind, s.origin, s.raw, s.label) for cat in sets.values() for s in cat}
    accepted = [k for k, v in outcomes.items() if v == "accepted"]
    assert len(accepted) >= 0.8 * len(outcomes), {k: v for k, v in outcomes.items() if v != "accepted"}


@pytest.mark.parametrize("name", list(SOURCE_MODULES))
def test_every_parser_kind_has_a_real_sample(name, sets):
    """Each source's parser kinds (live requests, mirror, declared) are fuzzed on a real payload, or it says why not.

    A kind the mirror and the cassettes lack is fuzzed on the repository's SYNTHETIC fixture of it when one
    exists (and the skip says so); a kind with neither is named in the skip.
    """
    real = {s.kind for cat in sets.values() for s in cat if s.source == name and s.how != "fixture"}
    synthetic = {s.kind for cat in sets.values() for s in cat if s.source == name and s.how == "fixture"} - real
    missing = sorted(all_kinds(name) - real - synthetic)
    reason = get_source(name).mirror_absent_reason
    if not real and reason:  # its parser is fuzzed on the SYNTHETIC pages of its own tests
        pytest.skip(f"{name}: no real payload: {reason}")
    assert real, f"{name}: no real file of any kind in the mirror"
    if synthetic or missing:
        why = []
        if synthetic:
            why.append(f"kind(s) {', '.join(sorted(synthetic))} have no real payload in the mirror or the "
                       "cassettes and are fuzzed on the SYNTHETIC fixtures of tests/fixtures only")
        if missing:
            why.append(f"kind(s) {', '.join(missing)} have no real payload and no fixture, so are not fuzzed")
        pytest.skip(f"{name}: " + "; ".join(why) + f" (fuzzed on real payloads: {', '.join(sorted(real))})")


@settings(FUZZ, max_examples=examples(EXAMPLES))
@given(data=st.data())
def test_fuzzed_field_never_escapes_as_untyped_error_or_bad_value(text_samples, data):
    s = data.draw(st.sampled_from(text_samples), label="sample")
    raw = mutate(s, data)
    check(s.source, s.kind, s.origin, raw, s.label)


def test_get_source_covers_the_registry():
    assert [get_source(n).name for n in SOURCE_MODULES] == list(SOURCE_MODULES)
