"""Bill conventions against TreasuryDirect's published auction results
(May 2022 XML, read in place) and hand arithmetic."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from ustmon.models import bills

FOLDER = "auctions/treasurydirect_results_xml_2022-05"


def _bill_auctions(shared_data):
    out = []
    for f in sorted((shared_data / FOLDER).glob("R_*.xml")):
        root = ET.parse(f).getroot()
        assert root.tag == "{http://www.treasurydirect.gov/}AuctionData"
        ann, res = root.find("AuctionAnnouncement"), root.find("AuctionResults")  # children: no namespace
        if ann.findtext("SecurityType") != "BILL":
            continue
        out.append((f.name, ann, res))
    return out


def test_every_bill_price_and_investment_rate(shared_data):
    auctions = _bill_auctions(shared_data)
    # 4, 8, 13, 26 (182 and 183 days) and 52-week bills and 17-week (119-day) CMBs.
    assert len(auctions) == 23
    terms = set()
    for name, ann, res in auctions:
        issue, maturity = ann.findtext("IssueDate"), ann.findtext("MaturityDate")
        days = bills.bill_days(issue, maturity)
        terms.add(days)
        d = float(res.findtext("HighDiscountRate"))
        price = bills.price_from_discount(d, days, decimals=6)
        assert f"{price:.6f}" == res.findtext("HighPrice"), name
        # The element is <InvestmentRate> in the results block (there is no <HighInvestmentRate>).
        ir = bills.investment_rate_from_discount(d, issue, maturity)
        assert f"{ir:.3f}" == res.findtext("InvestmentRate"), name
        assert abs(ir - float(res.findtext("InvestmentRate"))) < 0.0005 + 1e-12, name
        # the same as one named quote
        q = bills.bill_quote(d, days, bills.year_basis(issue))
        assert (f"{q.price:.6f}", f"{q.investment_rate:.3f}") == (res.findtext("HighPrice"), res.findtext("InvestmentRate"))
        assert q.summary().startswith(f"{days}-day bill at {d:.3f}% discount: price {res.findtext('HighPrice')}")
    assert terms == {28, 56, 91, 119, 182, 183, 364}


def test_published_values_read_from_files(shared_data):
    # values read from the files with grep: R_20220518_2.xml is the 52-week bill.
    by_name = {n: (a, r) for n, a, r in _bill_auctions(shared_data)}
    a, r = by_name["R_20220518_2.xml"]
    assert (a.findtext("IssueDate"), a.findtext("MaturityDate")) == ("2022-05-19", "2023-05-18")
    assert (r.findtext("HighDiscountRate"), r.findtext("InvestmentRate"), r.findtext("HighPrice")) == ("2.100", "2.164", "97.876667")
    assert bills.investment_rate_from_discount(2.1, "2022-05-19", "2023-05-18") == pytest.approx(2.164, abs=5e-4)


def test_quadratic_formula_by_hand():
    # 364-day bill at price 97.876667, y = 365: Treasury's quadratic, written out.
    p, t, y = 97.876667, 364, 365
    a = t / (2 * y) - 0.25
    b = t / y
    c = (p - 100) / p
    expected = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a) * 100
    assert bills.investment_rate(p, t, y) == pytest.approx(expected, abs=1e-13)
    # equivalent form in Treasury's documentation: [-2t/y + 2 sqrt((t/y)^2 - (2t/y - 1)(1 - 100/P))] / (2t/y - 1)
    alt = (-2 * t / y + 2 * math.sqrt((t / y) ** 2 - (2 * t / y - 1) * (1 - 100 / p))) / (2 * t / y - 1) * 100
    assert expected == pytest.approx(alt, abs=1e-12)
    # short bill: simple interest on a 365-day year
    assert bills.investment_rate(99.769972, 91, 365) == pytest.approx((100 - 99.769972) / 99.769972 * 365 / 91 * 100, abs=1e-13)


def test_discount_roundtrip_and_money_market():
    assert bills.price_from_discount(5.2, 91) == pytest.approx(100 * (1 - 0.052 * 91 / 360), abs=1e-12)
    assert bills.discount_from_price(bills.price_from_discount(5.2, 91), 91) == pytest.approx(5.2, abs=1e-12)
    assert bills.money_market_yield(5.2, 91) == pytest.approx(360 * 0.052 / (360 - 0.052 * 91) * 100, abs=1e-12)
    # money-market yield = (100 - P) / P * 360 / t
    p = bills.price_from_discount(5.2, 91)
    assert bills.money_market_yield(5.2, 91) == pytest.approx((100 - p) / p * 360 / 91 * 100, abs=1e-10)


def test_year_basis():
    assert bills.year_basis("2022-05-19") == 365
    assert bills.year_basis("2023-05-18") == 366  # the next 12 months contain 2024-02-29
    assert bills.year_basis("2024-02-29") == 365  # Feb 29 is the issue date itself, not after it
    assert bills.year_basis("2024-03-01") == 365


def test_bad_inputs():
    with pytest.raises(ValueError):
        bills.price_from_discount(5.0, 0)
    with pytest.raises(ValueError):
        bills.investment_rate(-1.0, 91)
