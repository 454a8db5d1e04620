"""Fuzzing the payloads that hold records (auction results, securities, SOMA holdings) (issue 10).

The samples are every real payload (mirror file or recorded API answer, found
as in ``test_fuzz_parsers.py``) whose unmodified parse returns records: the
TreasuryDirect auction XML and PowerShell export, the Fiscal Data auctions
(API answers and the website download), MSPD's securities detail and the NY
Fed's SOMA answers.  One date or number is replaced by generated text, one
JSON leaf by a generated value, or the payload is cut.  Whatever comes out,
the parser raises a SourceFormatError subclass, or ``validate_payload``
refuses the result with one, or every date in every record lies in
1776..today+100 years and every number is finite (NaN = not published).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzzing import FUZZ, check, examples, mutate, sample_sets
from ustmon.errors import BadDateError, BadValueError
from ustmon.sources.base import ParseResult, empty_observations
from ustmon.validate import validate_payload


@pytest.fixture(scope="module")
def records(shared_data):
    got = sample_sets(shared_data)["records"]
    if not got:
        pytest.skip("no payload holding records in the mirror or the cassettes")
    return got


def test_record_samples_cover_each_records_source(records):
    assert {s.source for s in records} >= {"treasurydirect", "fiscaldata"}, [s.label for s in records]


@settings(FUZZ, max_examples=examples(120))
@given(data=st.data())
def test_fuzzed_record_field(records, data):
    s = data.draw(st.sampled_from(records), label="sample")
    raw = mutate(s, data)
    check(s.source, s.kind, s.origin, raw, s.label)


# ----------------------------------------------------------------------------------------- validation of records

def _auctions(**cols) -> ParseResult:
    # SYNTHETIC: one auction record, the values below are made up for the check
    df = pd.DataFrame({"cusip": ["912797XX0"], "auction_date": pd.to_datetime(["2024-01-02"]), **cols})
    return ParseResult("treasurydirect", "synthetic.xml", empty_observations(), {}, records={"auctions": df},
                       record_keys={"auctions": ["cusip", "auction_date"]})


def test_validation_refuses_an_infinite_number_in_a_record():
    with pytest.raises(BadValueError) as ei:
        validate_payload(_auctions(offering_amt_usd=[float("inf")]), today=pd.Timestamp("2026-12-01"))
    assert ei.value.field == "offering_amt_usd" and "912797XX0" in str(ei.value)


def test_validation_refuses_a_record_date_centuries_ahead():
    with pytest.raises(BadDateError) as ei:
        validate_payload(_auctions(maturity_date=pd.to_datetime(["2206-01-02"])), today=pd.Timestamp("2026-12-01"))
    assert ei.value.field == "maturity_date"


def test_validation_keeps_missing_and_30_year_maturities():
    res = _auctions(maturity_date=pd.to_datetime(["2056-11-15"]), high_yield=[float("nan")],
                    issue_date=pd.Series([pd.NaT], dtype="datetime64[ns]"))
    validate_payload(res, today=pd.Timestamp("2026-12-01"))


def test_validation_refuses_an_impossible_vintage():
    res = ParseResult("tic", "synthetic.txt", empty_observations(), {}, vintage=pd.Timestamp("2206-03-18"))
    with pytest.raises(BadDateError) as ei:
        validate_payload(res, today=pd.Timestamp("2026-12-01"))
    assert ei.value.field == "vintage"
