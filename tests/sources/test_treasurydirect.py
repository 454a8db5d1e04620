"""TreasuryDirect auction parsers, on the real files in ../shared/data/auctions (read in place)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ustmon.errors import (
    BadDateError,
    BadValueError,
    DateOrderError,
    DuplicateDateError,
    EmptyBodyError,
    HtmlInsteadOfDataError,
    MissingColumnError,
    TruncatedFileError,
)
from ustmon.sources import get_source
from ustmon.sources.treasurydirect import AUCTION_COLUMNS, AUCTION_UNITS, SOURCE

XML_DIR = "auctions/treasurydirect_results_xml_2022-05"
PS_CSV = "auctions/treasurydirect_securities_2008-04_to_2022-08_powershell-export-processed.csv"


def _xml(shared: Path, name: str) -> pd.DataFrame:
    p = shared / XML_DIR / name
    return SOURCE.parse(p.read_bytes(), str(p), "auction_xml").records["auctions"]


@pytest.fixture(scope="module")
def ps(shared_data: Path) -> pd.DataFrame:
    p = shared_data / PS_CSV
    return SOURCE.parse(p.read_bytes(), str(p), "securities_powershell_csv").records["auctions"]


@pytest.fixture(scope="module")
def all_xml(shared_data: Path) -> pd.DataFrame:
    files = sorted((shared_data / XML_DIR).glob("R_*.xml"))
    return pd.concat([SOURCE.parse(p.read_bytes(), str(p), "auction_xml").records["auctions"] for p in files],
                     ignore_index=True)


def test_registry_and_columns():
    assert get_source("treasurydirect") is SOURCE
    assert AUCTION_COLUMNS[:2] == ["cusip", "security_type"]
    assert set(AUCTION_UNITS) <= set(AUCTION_COLUMNS)
    assert SOURCE.catalog() == []


def test_mirror_files(shared_data: Path):
    files = SOURCE.mirror_files(shared_data)
    kinds = pd.Series([f.kind for f in files]).value_counts()
    assert kinds["auction_xml"] == 32
    assert kinds["securities_powershell_csv"] == 1


def test_all_32_xml_files(all_xml: pd.DataFrame):
    assert len(all_xml) == 32
    assert list(all_xml.columns) == AUCTION_COLUMNS
    assert all_xml["auction_date"].min() == pd.Timestamp("2022-05-02")
    assert all_xml["auction_date"].max() == pd.Timestamp("2022-05-31")
    assert not all_xml.duplicated(["cusip", "auction_date"]).any()
    assert all_xml["cash_management_bill"].sum() == 4  # the four 0-WEEK / 119-DAY CMBs
    assert (all_xml["offering_amt_usd"] >= 1e10).all()  # billions -> dollars


def test_readme_crosscheck_5_xml(shared_data: Path):
    r = _xml(shared_data, "R_20220510_1.xml").iloc[0]
    assert r["cusip"] == "91282CEQ0"
    assert r["security_type"] == "Note" and r["security_term"] == "3-Year"
    assert r["high_yield"] == 2.809
    assert r["bid_to_cover"] == 2.59
    assert r["offering_amt_usd"] == 45.0e9  # <OfferingAmount>45.000</OfferingAmount> is $bn
    assert r["total_accepted"] == 76492768400  # includes SOMA
    assert r["soma_accepted"] == 31492633500
    assert r["primary_dealer_accepted"] == 8935800000
    assert r["indirect_bidder_accepted"] == 27670630000
    assert r["fima_accepted"] == 105000000
    assert r["high_allocation_pct"] == 56.80
    assert r["high_price"] == 99.831427
    assert r["interest_rate"] == 2.750
    assert r["low_yield"] == 2.690 and r["median_yield"] == 2.740
    assert np.isnan(r["high_discount_rate"])  # coupons have no discount rate
    assert r["issue_date"] == pd.Timestamp("2022-05-16") and r["maturity_date"] == pd.Timestamp("2025-05-15")
    assert not r["reopening"] and not r["cash_management_bill"]


def test_readme_crosscheck_5_powershell_agrees(shared_data: Path, ps: pd.DataFrame):
    x = _xml(shared_data, "R_20220510_1.xml").iloc[0]
    p = ps[(ps.cusip == "91282CEQ0") & (ps.auction_date == "2022-05-10")].iloc[0]
    assert p["high_yield"] == 2.809  # "2.8090"
    assert p["bid_to_cover"] == 2.59  # "2.590000"
    assert p["offering_amt_usd"] == 45_000_000_000  # "45000000000"
    for c in ["high_yield", "bid_to_cover", "offering_amt_usd", "total_accepted", "total_tendered", "soma_accepted",
              "primary_dealer_accepted", "direct_bidder_accepted", "indirect_bidder_accepted", "high_price",
              "high_allocation_pct", "interest_rate", "maturing_amount"]:
        assert x[c] == pytest.approx(p[c]), c
    for c in ["security_type", "security_term", "issue_date", "maturity_date"]:
        assert x[c] == p[c], c


def test_xml_and_powershell_agree_on_all_common_auctions(all_xml: pd.DataFrame, ps: pd.DataFrame):
    m = all_xml.merge(ps, on=["cusip", "auction_date"], suffixes=("_x", "_p"))
    assert len(m) >= 1
    for c in ["bid_to_cover", "offering_amt_usd", "total_accepted", "high_yield", "high_discount_rate",
              "high_investment_rate"]:
        a, b = m[f"{c}_x"].to_numpy(float), m[f"{c}_p"].to_numpy(float)
        assert np.allclose(a, b, equal_nan=True), c
    assert (m["security_term_x"] == m["security_term_p"]).all()


def test_cmb(shared_data: Path):
    r = _xml(shared_data, "R_20220504_1.xml").iloc[0]
    assert r["cusip"] == "912796XU8"
    assert r["cash_management_bill"] and r["security_type"] == "Bill"
    assert r["security_term"] == "119-Day"
    assert r["high_discount_rate"] == 1.225 and r["high_investment_rate"] == 1.247
    assert r["low_discount_rate"] == 1.100 and r["median_discount_rate"] == 1.160
    assert r["offering_amt_usd"] == 30e9 and r["bid_to_cover"] == 3.31
    assert r["total_accepted"] == 30000278500
    assert np.isnan(r["high_yield"])


def test_frn_reopening(shared_data: Path):
    r = _xml(shared_data, "R_20220525_2.xml").iloc[0]
    assert r["cusip"] == "91282CEL1"
    assert r["floating_rate"] and r["reopening"]
    assert r["security_term"] == "1-Year 11-Month"  # remaining term of the reopened 2-year FRN
    assert r["high_discount_margin"] == 0.000
    assert r["low_discount_margin"] == -0.060 and r["median_discount_margin"] == -0.013
    assert r["bid_to_cover"] == 3.22 and r["total_accepted"] == 22000711400
    assert r["offering_amt_usd"] == 22e9


def test_tips_reopening(shared_data: Path):
    r = _xml(shared_data, "R_20220519_3.xml").iloc[0]
    assert r["cusip"] == "91282CDX6"
    assert r["tips"] and r["reopening"] and not r["floating_rate"]
    assert r["security_term"] == "9-Year 8-Month"
    assert r["high_yield"] == 0.232 and r["high_price"] == 102.616800
    assert r["offering_amt_usd"] == 14e9 and r["bid_to_cover"] == 2.24
    assert r["soma_accepted"] == 2104715500 and r["total_accepted"] == 16104716300


def test_powershell_csv(ps: pd.DataFrame):
    assert len(ps) == 1657
    assert list(ps.columns) == AUCTION_COLUMNS
    assert ps["auction_date"].max() == pd.Timestamp("2022-08-09")
    assert ps["auction_date"].min() == pd.Timestamp("2008-04-14")
    first = ps.iloc[0]  # newest first: the 3-year note of 2022-08-09
    assert first["cusip"] == "91282CFE6"
    assert first["high_yield"] == 3.2020 and first["bid_to_cover"] == 2.5
    assert first["offering_amt_usd"] == 42e9 and first["total_accepted"] == 68564317600
    assert first["soma_accepted"] == 26564314000
    last = ps.iloc[-1]
    assert last["cusip"] == "912795H20" and last["security_term"] == "26-Week"
    assert last["high_discount_rate"] == 1.380 and last["bid_to_cover"] == 2.45
    assert last["high_allocation_pct"] == 96.1
    bill = ps[(ps.cusip == "912796XU8") & (ps.auction_date == "2022-08-04")].iloc[0]
    assert bill["high_discount_rate"] == 2.11 and bill["high_investment_rate"] == 2.143
    assert bill["offering_amt_usd"] == 55e9
    frn = ps[(ps.cusip == "91282CEL1") & (ps.auction_date == "2022-04-27")].iloc[0]
    assert frn["high_discount_margin"] == -0.075 and frn["floating_rate"]
    assert ps["tips"].sum() == 85 and ps["floating_rate"].sum() == 35
    assert not ps["cash_management_bill"].any()


def test_powershell_csv_speed(shared_data: Path):
    raw = (shared_data / PS_CSV).read_bytes()
    t = time.perf_counter()
    SOURCE.parse(raw, "ps.csv", "securities_powershell_csv")
    assert time.perf_counter() - t < 2.0


def test_fiscaldata_3records_same_columns(shared_data: Path):
    from ustmon.sources.fiscaldata import SOURCE as FD

    p = shared_data / "auctions/fiscaldata_auctions_query_3records-processed.json"
    df = FD.parse(p.read_bytes(), str(p), "fiscaldata_json").records["auctions"]
    assert list(df.columns) == AUCTION_COLUMNS
    assert len(df) == 3


# --- securities API JSON (hand-written fixture built from the PowerShell field names) -------------------
def _securities_json(ps_row: dict) -> bytes:
    return json.dumps([ps_row]).encode()


def _ps_text(shared: Path) -> str:
    return (shared / PS_CSV).read_bytes().decode("utf-16")


def test_securities_json_matches_powershell(shared_data: Path):
    text = _ps_text(shared_data)
    lines = text.split("\r\n")
    header = [h.strip('"') for h in lines[1].split('","')]
    values = [v.strip('"') for v in lines[2].split('","')]
    raw = _securities_json(dict(zip(header, values)))
    df = SOURCE.parse(raw, "https://www.treasurydirect.gov/TA_WS/securities/auctioned?format=json",
                      "securities_json").records["auctions"]
    assert df.iloc[0]["cusip"] == "91282CFE6" and df.iloc[0]["high_yield"] == 3.202


def test_securities_json_fixture(fixtures_dir: Path):
    p = fixtures_dir / "treasurydirect" / "ustmon-fixture-securities_auctioned.json"
    df = SOURCE.parse(p.read_bytes(), str(p), "securities_json").records["auctions"]
    assert len(df) == 2
    bill = df[df.security_type == "Bill"].iloc[0]
    assert bill["cash_management_bill"] and bill["security_term"] == "6-Week"
    assert bill["high_investment_rate"] == 4.321
    note = df[df.security_type == "Note"].iloc[0]
    assert note["high_yield"] == 4.125 and np.isnan(note["high_discount_rate"])


# --- bad inputs -----------------------------------------------------------------------
@pytest.fixture
def xml_bytes(shared_data: Path) -> bytes:
    return (shared_data / XML_DIR / "R_20220510_1.xml").read_bytes()


def test_truncated_xml(xml_bytes: bytes):
    with pytest.raises(TruncatedFileError) as e:
        SOURCE.parse(xml_bytes[: len(xml_bytes) // 2], "R_cut.xml", "auction_xml")
    assert "R_cut.xml" in str(e.value) and e.value.line is not None


def test_html_instead_of_xml():
    page = b"<!DOCTYPE html><html><head><title>Page Not Found</title></head><body>404</body></html>"
    with pytest.raises(HtmlInsteadOfDataError) as e:
        SOURCE.parse(page, "https://www.treasurydirect.gov/xml/R_20990101_1.xml", "auction_xml")
    assert "R_20990101_1.xml" in str(e.value) and e.value.line == 1


def test_empty_body():
    for kind in ["auction_xml", "securities_json", "securities_powershell_csv"]:
        with pytest.raises(EmptyBodyError) as e:
            SOURCE.parse(b"  \n", "empty.x", kind)
        assert "empty.x" in str(e.value)


def test_renamed_element(xml_bytes: bytes):
    bad = xml_bytes.replace(b"<BidToCoverRatio>2.59</BidToCoverRatio>", b"<BidCoverRatio>2.59</BidCoverRatio>")
    with pytest.raises(MissingColumnError) as e:
        SOURCE.parse(bad, "R_x.xml", "auction_xml")
    assert e.value.field == "BidToCoverRatio" and "R_x.xml" in str(e.value)


def test_non_numeric_xml(xml_bytes: bytes):
    bad = xml_bytes.replace(b"<HighYield>2.809</HighYield>", b"<HighYield>2.8O9</HighYield>")
    with pytest.raises(BadValueError) as e:
        SOURCE.parse(bad, "R_x.xml", "auction_xml")
    assert e.value.field == "HighYield" and "2.8O9" in str(e.value)


def test_bad_date_xml(xml_bytes: bytes):
    bad = xml_bytes.replace(b"<AuctionDate>2022-05-10</AuctionDate>", b"<AuctionDate>2022-13-10</AuctionDate>")
    with pytest.raises(BadDateError) as e:
        SOURCE.parse(bad, "R_x.xml", "auction_xml")
    assert e.value.field == "AuctionDate"


def test_bad_flag_xml(xml_bytes: bytes):
    bad = xml_bytes.replace(b"<ReOpeningIndicator>N</ReOpeningIndicator>", b"<ReOpeningIndicator>Q</ReOpeningIndicator>")
    with pytest.raises(BadValueError) as e:
        SOURCE.parse(bad, "R_x.xml", "auction_xml")
    assert e.value.field == "ReOpeningIndicator"


def test_wrong_root(xml_bytes: bytes):
    bad = xml_bytes.replace(b"td:AuctionData", b"td:Announcement")
    with pytest.raises(MissingColumnError):
        SOURCE.parse(bad, "R_x.xml", "auction_xml")


def test_powershell_utf8_also_parses(shared_data: Path):
    # the same export re-saved as UTF-8 with LF (a git checkout would do that) parses identically
    text = _ps_text(shared_data).replace("\r\n", "\n")
    df = SOURCE.parse(text.encode("utf-8"), "ps_utf8.csv", "securities_powershell_csv").records["auctions"]
    assert len(df) == 1657


def _ps_mutate(shared: Path, fn) -> bytes:
    lines = _ps_text(shared).split("\r\n")
    return "\r\n".join(fn(lines)).encode("utf-16")


def test_powershell_truncated(shared_data: Path):
    raw = (shared_data / PS_CSV).read_bytes()
    cut = raw[: len(raw) // 2 // 2 * 2]  # whole UTF-16 code units
    with pytest.raises(TruncatedFileError) as e:
        SOURCE.parse(cut, "ps_cut.csv", "securities_powershell_csv")
    assert "ps_cut.csv" in str(e.value) and e.value.line is not None


def test_powershell_missing_type_line(shared_data: Path):
    raw = _ps_mutate(shared_data, lambda ls: ls[1:])
    with pytest.raises(MissingColumnError) as e:
        SOURCE.parse(raw, "ps.csv", "securities_powershell_csv")
    assert e.value.line == 1


def test_powershell_renamed_column(shared_data: Path):
    raw = _ps_mutate(shared_data, lambda ls: [ls[0], ls[1].replace('"bidToCoverRatio"', '"bidToCover"')] + ls[2:])
    with pytest.raises(MissingColumnError) as e:
        SOURCE.parse(raw, "ps.csv", "securities_powershell_csv")
    assert e.value.field == "bidToCoverRatio" and e.value.line == 2


def test_powershell_non_numeric_names_line(shared_data: Path):
    def mutate(ls):
        fields = ls[4].split('","')
        fields[27] = "2.8x"  # bidToCoverRatio is the 28th column
        return ls[:4] + ['","'.join(fields)] + ls[5:]

    raw = _ps_mutate(shared_data, mutate)
    with pytest.raises(BadValueError) as e:
        SOURCE.parse(raw, "ps.csv", "securities_powershell_csv")
    assert e.value.line == 5 and e.value.field == "bidToCoverRatio"


def test_powershell_bad_date_names_line(shared_data: Path):
    raw = _ps_mutate(shared_data, lambda ls: ls[:2] + [ls[2].replace('"2022-08-09T00:00:00"', '"2022-08-32T00:00:00"')] + ls[3:])
    with pytest.raises(BadDateError) as e:
        SOURCE.parse(raw, "ps.csv", "securities_powershell_csv")
    assert e.value.line == 3


def test_powershell_duplicate_auction(shared_data: Path):
    raw = _ps_mutate(shared_data, lambda ls: ls[:3] + [ls[2]] + ls[3:])
    with pytest.raises(DuplicateDateError) as e:
        SOURCE.parse(raw, "ps.csv", "securities_powershell_csv")
    assert e.value.line == 4


def test_powershell_unsorted(shared_data: Path):
    # move the oldest auction to the top: newest-first order is broken at line 4
    raw = _ps_mutate(shared_data, lambda ls: ls[:2] + [ls[-2]] + ls[2:-2] + ls[-1:])
    with pytest.raises(DateOrderError) as e:
        SOURCE.parse(raw, "ps.csv", "securities_powershell_csv")
    assert e.value.line == 4


def test_securities_json_truncated_and_html():
    with pytest.raises(TruncatedFileError):
        SOURCE.parse(b'[{"cusip": "91282CFE6", "auctionDate": "2022-08-', "api.json", "securities_json")
    with pytest.raises(HtmlInsteadOfDataError):
        SOURCE.parse(b"<html><body>Service unavailable</body></html>", "api.json", "securities_json")


def test_live_requests():
    (req,) = SOURCE.live_requests()
    assert req.url == "https://www.treasurydirect.gov/TA_WS/securities/auctioned"
    assert req.params == {"format": "json"} and req.kind == "securities_json"
    (req2,) = SOURCE.live_requests(since=pd.Timestamp("2026-01-01"))
    assert req2.params["startDate"] == "2026-01-01"
    assert SOURCE.auction_xml_url(pd.Timestamp("2022-05-10"), 1) == "https://www.treasurydirect.gov/xml/R_20220510_1.xml"


def test_live_request_through_mock_transport(fixtures_dir: Path):
    import httpx

    from ustmon.fetch import HttpClient

    body = (fixtures_dir / "treasurydirect" / "ustmon-fixture-securities_auctioned.json").read_bytes()
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, content=body)

    with HttpClient(cache_dir=None, transport=httpx.MockTransport(handler), sleep=lambda s: None) as http:
        (req,) = SOURCE.live_requests()
        payloads = SOURCE.fetch(req, http)
    assert seen[0].params["format"] == "json"
    df = SOURCE.parse(payloads[0][0], payloads[0][1], req.kind).records["auctions"]
    assert len(df) == 2
