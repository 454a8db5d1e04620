"""Refunding source: the marketable borrowing estimates press release (SYNTHETIC pages written for these tests,
in the wording of Treasury's releases: none is in the shared mirror), an update into a temporary store, as_of
at the announcement date, and the refunding view against MSPD actuals."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ustmon.analytics import supply
from ustmon.analytics.base import Data
from ustmon.errors import BadValueError, CoverageError, MissingColumnError
from ustmon.sources import SOURCE_MODULES, get_source
from ustmon.sources.treasury_refunding import parse_borrowing_release, release_date, release_links
from ustmon.store import Store
from ustmon.update import run_update
from ustmon.validate import validate_payload

# SYNTHETIC release page (modelled on the 2024-07-29 release; numbers made up where the real ones are not needed)
PAGE = """<html><head><title>Treasury Announces Marketable Borrowing Estimates</title></head><body>
<div class="date"><time datetime="2024-07-29T12:00:00Z">July 29, 2024</time></div>
<p>WASHINGTON &ndash; The U.S. Department of the Treasury today announced its current estimates of
privately-held net marketable borrowing for the July &ndash; September 2024 and October &ndash; December 2024
quarters:</p>
<ul><li>During the July &ndash; September 2024 quarter, Treasury expects to borrow $740 billion in
privately-held net marketable debt, assuming an end-of-September cash balance of $850&nbsp;billion.</li>
<li>During the October &ndash; December 2024 quarter, Treasury expects to borrow $565 billion in privately-held
net marketable debt, assuming an end-of-December cash balance of $850 billion.</li></ul>
<p>During the April &ndash; June 2024 quarter, Treasury borrowed $243 billion in privately-held net marketable
debt and ended the quarter with a cash balance of $757 billion.</p></body></html>"""

# SYNTHETIC: the next release (three months later) re-estimates October - December 2024
PAGE2 = """Treasury Announces Marketable Borrowing Estimates
October 28, 2024
During the October - December 2024 quarter, Treasury expects to borrow $546 billion in privately-held net
marketable debt, assuming an end-of-December cash balance of $700 billion.
During the January - March 2025 quarter, Treasury expects to borrow $1.0 trillion in privately-held net
marketable debt, assuming an end-of-March cash balance of $850 billion.
During the July - September 2024 quarter, Treasury borrowed $763 billion in privately-held net marketable debt
and ended the quarter with a cash balance of $886 billion."""


def test_registered_and_lists_nothing_in_the_shared_mirror(shared_data):
    assert SOURCE_MODULES["refunding"] == "ustmon.sources.treasury_refunding"
    src = get_source("refunding")
    assert src.mirror_files(shared_data) == []
    [req] = src.live_requests()
    assert req.url.startswith("https://home.treasury.gov/") and req.kind == "borrowing_release"


def test_update_from_the_shared_mirror_says_why_nothing_was_read(shared_data, tmp_path):
    lines = []
    [out] = run_update(["refunding"], store_path=tmp_path / "s.duckdb", mirror=shared_data,
                       report=lambda event, detail: lines.append((event, detail)))
    assert not out.failed and out.stats.payloads == 0
    assert ("done", "refunding: nothing to read: Treasury's refunding press releases are read live only; the "
                    "offline mirror holds none (saved release pages in a `refunding/` folder would be read)") in lines


def test_parse_html_page():
    res = get_source("refunding").parse(PAGE.encode(), "jy2484.html", "borrowing_release")
    validate_payload(res)
    assert res.vintage == pd.Timestamp("2024-07-29")
    rows = res.records["refunding_estimates"].set_index(["quarter", "kind"])
    assert rows.loc[("2024-07-01", "estimate"), "borrowing_bn"] == 740.0
    assert rows.loc[("2024-07-01", "estimate"), "end_cash_bn"] == 850.0
    assert rows.loc[("2024-10-01", "estimate"), "borrowing_bn"] == 565.0
    assert rows.loc[("2024-04-01", "actual"), "end_cash_bn"] == 757.0
    obs = res.observations.set_index(["series_id", "date"])
    assert obs.loc[("REFUNDING.BORROWING.ESTIMATE", pd.Timestamp("2024-10-01")), "value"] == 565.0
    assert (res.observations["vintage"] == pd.Timestamp("2024-07-29")).all()


def test_text_page_trillions_and_refusals():
    r = parse_borrowing_release(PAGE2, "p2.txt")
    assert r.set_index(["quarter", "kind"]).loc[("2025-01-01", "estimate"), "borrowing_bn"] == 1000.0
    assert release_date(PAGE2) == pd.Timestamp("2024-10-28")
    with pytest.raises(MissingColumnError) as e:
        parse_borrowing_release("Treasury announces the results of its 10-year note auction.", "x.txt")
    assert "x.txt" in str(e.value) and "expects to borrow" in str(e.value)
    with pytest.raises(MissingColumnError) as e:
        parse_borrowing_release(PAGE2.replace("October 28, 2024", ""), "nodate.txt")
    assert "announcement date" in str(e.value)
    with pytest.raises(BadValueError):
        parse_borrowing_release(PAGE2.replace("$546 billion", "$5.4.6 billion"), "bad.txt")


def test_release_links():
    listing = ('<a href="/news/press-releases/jy2484">Treasury Announces Marketable Borrowing Estimates</a>'
               '<a href="/news/press-releases/jy2485">Treasury Announces Quarterly Refunding Auction Sizes</a>'
               '<a href="https://home.treasury.gov/news/press-releases/jy2700"><span>Treasury Announces '
               'Marketable Borrowing Estimates</span></a>')  # SYNTHETIC listing
    assert release_links(listing) == ["https://home.treasury.gov/news/press-releases/jy2484",
                                      "https://home.treasury.gov/news/press-releases/jy2700"]


def test_update_as_of_and_view(mirror_store, tmp_path):
    """Two SYNTHETIC releases into a copy of the mirror store: as_of sees each from its announcement date."""
    mirror = tmp_path / "mirror"
    (mirror / "refunding").mkdir(parents=True)
    (mirror / "refunding" / "2024-07-29.html").write_text(PAGE)
    (mirror / "refunding" / "2024-10-28.txt").write_text(PAGE2)
    db = tmp_path / "s.duckdb"
    shutil.copy(mirror_store, db)
    [o] = run_update(["refunding"], store_path=db, mirror=mirror)
    assert not o.error
    st = Store(db, read_only=True)
    try:
        assert len(st.records("refunding_estimates", as_of="2024-07-28")) == 0
        assert len(st.records("refunding_estimates", as_of="2024-07-29")) == 3
        assert len(st.records("refunding_estimates")) == 6
        s = st.get("REFUNDING.BORROWING.ESTIMATE", as_of="2024-08-15")
        assert s.loc["2024-10-01"] == 565.0
        assert st.get("REFUNDING.BORROWING.ESTIMATE").loc["2024-10-01"] == 546.0
    finally:
        st.close()
    with Data(db, as_of=pd.Timestamp("2024-07-28")) as d:
        with pytest.raises(CoverageError):
            supply.refunding(d)
    with Data(db, as_of=pd.Timestamp("2024-08-15")) as d:
        early = supply.refunding(d)
    assert early.loc["2024-10-01", "estimate_bn"] == 565.0
    with Data(db) as d:
        out = supply.refunding(d)
    assert out.loc["2024-10-01", "estimate_bn"] == 546.0
    assert out.loc["2024-07-01", "estimate_bn"] == 740.0
    # MSPD held by the public 2024-06-30 -> 2024-09-30: +678.3753001 $bn (see test_supply_refunding.py)
    assert out.loc["2024-07-01", "net_marketable_borrowing"] == pytest.approx(678.3753001, abs=1e-6)
    base = out.loc["2024-07-01", "privately_held_borrowing"]
    assert out.loc["2024-07-01", "miss_bn"] == pytest.approx(base - 740.0)


# --------------------------------------------------------------------------- fuzz (the mirror holds no real page)
_NUMBER = __import__("re").compile(r"\$?\d[\d,.]*|July|October|September|December|2024|2025")


@settings(max_examples=80, deadline=None, derandomize=True)
@given(page=st.sampled_from([PAGE, PAGE2]), data=st.data())
def test_fuzzed_release_page_is_a_typed_error_or_finite_amounts(page, data):
    """SYNTHETIC pages with one amount, month or year replaced by generated text: the parser raises a
    SourceFormatError or returns finite amounts in quarters of a plausible window, never anything else."""
    from ustmon.errors import SourceFormatError

    spots = list(_NUMBER.finditer(page))
    m = data.draw(st.sampled_from(spots), label="field")
    field = data.draw(st.one_of(st.sampled_from(["inf", "1e400", "9" * 400, "0001", "9999", "", "-", "[/x]",
                                                 "\x1b[31m", "Smarch", "$-5"]), st.text(max_size=8)), label="text")
    raw = (page[:m.start()] + field + page[m.end():]).encode("utf-8", "surrogatepass")
    try:
        res = get_source("refunding").parse(raw, "fuzzed.html", "borrowing_release")
        validate_payload(res)
    except SourceFormatError:
        return
    rec = res.records["refunding_estimates"]
    for col in ("borrowing_bn", "end_cash_bn"):
        vals = pd.to_numeric(rec[col], errors="coerce").dropna()
        assert vals.map(lambda v: abs(v) < 1e7).all(), (col, vals.tolist())
    quarters = pd.to_datetime(rec["quarter"].astype(str).str[:10])
    assert quarters.between("1776-01-01", "2200-12-31").all()
