"""Bond math against independent oracles: QuantLib (FixedRateBond, ActualActual
Bond, UnitedStates GovernmentBond calendar, Unadjusted, Compounded Semiannual),
Treasury's published auction prices, and hand arithmetic."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from ustmon.models import bonds as B

ql = pytest.importorskip("QuantLib")


def qd(d: dt.date) -> "ql.Date":
    return ql.Date(d.day, d.month, d.year)


def ql_bond(coupon: float, maturity: dt.date, issue: dt.date, first: dt.date | None = None):
    eom = B.is_month_end(maturity)  # QuantLib's EOM flag only for calendar month-end maturities
    sch = ql.Schedule(
        qd(issue),
        qd(maturity),
        ql.Period(ql.Semiannual),
        ql.UnitedStates(ql.UnitedStates.GovernmentBond),
        ql.Unadjusted,
        ql.Unadjusted,
        ql.DateGeneration.Backward,
        eom,
        qd(first) if first else ql.Date(),
    )
    dc = ql.ActualActual(ql.ActualActual.Bond, sch)
    bond = ql.FixedRateBond(0, 100.0, sch, [coupon / 100.0], dc, ql.Unadjusted, 100.0, qd(issue))
    return bond, dc


def ql_measures(bond, dc, settle: dt.date, yld: float) -> dict[str, float]:
    ql.Settings.instance().evaluationDate = qd(settle)
    ir = ql.InterestRate(yld / 100.0, dc, ql.Compounded, ql.Semiannual)
    s = qd(settle)
    clean = ql.BondFunctions.cleanPrice(bond, ir, s)
    accrued = bond.accruedAmount(s)
    dirty = clean + accrued

    def dirty_at(y):
        return ql.BondFunctions.cleanPrice(bond, ql.InterestRate(y / 100.0, dc, ql.Compounded, ql.Semiannual), s) + accrued

    h = 1e-4  # percent: central difference for DV01 (1 bp = 0.01%)
    return {
        "clean": clean,
        "dirty": dirty,
        "accrued": accrued,
        "mac": ql.BondFunctions.duration(bond, ir, ql.Duration.Macaulay, s),
        "mod": ql.BondFunctions.duration(bond, ir, ql.Duration.Modified, s),
        "conv": ql.BondFunctions.convexity(bond, ir, s),
        "dv01_fd": (dirty_at(yld - h) - dirty_at(yld + h)) / (2 * h) * 0.01,
    }


COUPONS = [0.125, 0.625, 2.875, 4.25, 8.0]
# (maturity, issue): regular 15th maturities, end-of-month maturities (Feb 28/29, Aug 31,
# Apr 30/Oct 31, May 31/Nov 30), maturities from 6 months to 30 years after the settlements.
MATURITIES = [
    (dt.date(2025, 2, 15), dt.date(2015, 2, 15)),
    (dt.date(2025, 8, 31), dt.date(2023, 8, 31)),
    (dt.date(2026, 2, 28), dt.date(2021, 2, 28)),
    (dt.date(2028, 2, 29), dt.date(2021, 2, 28)),
    (dt.date(2029, 4, 30), dt.date(2022, 4, 30)),
    (dt.date(2031, 5, 31), dt.date(2024, 5, 31)),
    (dt.date(2034, 11, 15), dt.date(2024, 11, 15)),
    (dt.date(2044, 8, 15), dt.date(2024, 8, 15)),
    (dt.date(2054, 11, 15), dt.date(2024, 11, 15)),
]
SETTLES = [
    dt.date(2024, 11, 14), dt.date(2024, 11, 15), dt.date(2024, 11, 18),  # around a 15th coupon date
    dt.date(2024, 8, 30), dt.date(2024, 8, 31), dt.date(2024, 9, 3),  # around Aug 31
    dt.date(2024, 2, 28), dt.date(2024, 2, 29), dt.date(2024, 3, 1),  # leap-year Feb end
    dt.date(2025, 2, 28),  # non-leap Feb end
    dt.date(2024, 12, 31),
]
YIELDS = [0.05, 1.0, 4.58, 10.0]


def _grid():
    for cpn, (mat, issue), settle in itertools.product(COUPONS, MATURITIES, SETTLES):
        if issue <= settle < mat:
            yield cpn, mat, issue, settle


def test_grid_against_quantlib():
    n = 0
    for cpn, mat, issue, settle in _grid():
        qb, dc = ql_bond(cpn, mat, issue)
        tb = B.TreasuryBond(cpn, mat, dated_date=issue)
        for y in YIELDS:
            q = ql_measures(qb, dc, settle, y)
            r = B.risk(tb, settle, y)
            ctx = (cpn, mat, settle, y)
            assert r.clean == pytest.approx(q["clean"], abs=1e-8), ctx
            assert r.dirty == pytest.approx(q["dirty"], abs=1e-8), ctx
            assert r.accrued == pytest.approx(q["accrued"], abs=1e-10), ctx
            assert r.macaulay_duration == pytest.approx(q["mac"], abs=1e-9), ctx
            assert r.modified_duration == pytest.approx(q["mod"], abs=1e-9), ctx
            assert r.convexity == pytest.approx(q["conv"], rel=1e-9), ctx
            assert r.dv01 == pytest.approx(q["dv01_fd"], rel=1e-6), ctx
            assert r.dv01_per_mm == pytest.approx(r.dv01 * 1e4)
            # yield back from QuantLib's clean price
            assert B.yield_from_price(tb, settle, q["clean"]) == pytest.approx(y, abs=1e-9), ctx
            n += 1
    assert n > 1000


def test_quantlib_yield_solver_agrees():
    mat, issue = dt.date(2034, 11, 15), dt.date(2024, 11, 15)
    qb, dc = ql_bond(4.25, mat, issue)
    settle = dt.date(2024, 12, 31)
    ql.Settings.instance().evaluationDate = qd(settle)
    for price in (80.0, 97.5, 100.0, 120.0):
        yq = ql.BondFunctions.bondYield(qb, ql.BondPrice(price, ql.BondPrice.Clean), dc, ql.Compounded, ql.Semiannual, qd(settle), 1e-14, 200)
        assert B.yield_from_price(B.TreasuryBond(4.25, mat), settle, price) == pytest.approx(yq * 100, abs=1e-9)


@pytest.mark.parametrize(
    "mat,issue,first",
    [
        (dt.date(2030, 11, 15), dt.date(2024, 12, 2), None),  # short first coupon
        (dt.date(2030, 11, 15), dt.date(2024, 10, 2), dt.date(2025, 5, 15)),  # long first coupon
        (dt.date(2029, 5, 31), dt.date(2024, 3, 15), None),  # short first, end-of-month
    ],
)
def test_irregular_first_coupon_against_quantlib(mat, issue, first):
    qb, dc = ql_bond(4.5, mat, issue, first)
    tb = B.TreasuryBond(4.5, mat, dated_date=issue, first_coupon=first)
    assert B.cash_flows(tb, issue + dt.timedelta(days=1))[1][0] == pytest.approx(qb.cashflows()[0].amount(), abs=1e-12)
    for settle in (issue + dt.timedelta(days=5), dt.date(2025, 1, 10), dt.date(2025, 4, 30), dt.date(2025, 6, 2)):
        q = ql_measures(qb, dc, settle, 4.2)
        assert B.clean_price(tb, settle, 4.2) == pytest.approx(q["clean"], abs=1e-8)
        assert B.accrued_interest(tb, settle) == pytest.approx(q["accrued"], abs=1e-10)


def test_schedule_end_of_month_rule():
    b = B.TreasuryBond(2.75, dt.date(2029, 8, 31))
    sched = B.coupon_schedule(b, start=dt.date(2027, 1, 1))
    assert sched == [
        dt.date(2027, 2, 28), dt.date(2027, 8, 31), dt.date(2028, 2, 29),
        dt.date(2028, 8, 31), dt.date(2029, 2, 28), dt.date(2029, 8, 31),
    ]
    feb = B.TreasuryBond(1.5, dt.date(2026, 2, 28))  # Feb 28 of a non-leap year is a month end
    assert B.previous_coupon(feb, "2025-09-15") == dt.date(2025, 8, 31)
    assert B.next_coupon(feb, "2025-09-15") == dt.date(2026, 2, 28)
    # on a coupon date: that date is the previous coupon, nothing has accrued
    n15 = B.TreasuryBond(4.25, dt.date(2034, 11, 15))
    assert B.previous_coupon(n15, "2024-11-15") == dt.date(2024, 11, 15)
    assert B.accrued_interest(n15, "2024-11-15") == 0.0


def test_accrued_by_hand():
    # 4.25% of 2034-11-15 settling 2024-12-31: 46 days of a 181-day period (Nov 15 -> May 15).
    b = B.TreasuryBond(4.25, dt.date(2034, 11, 15))
    assert (dt.date(2025, 5, 15) - dt.date(2024, 11, 15)).days == 181
    assert B.accrued_interest(b, "2024-12-31") == pytest.approx(2.125 * 46 / 181, abs=1e-14)


def test_final_period_simple_interest_by_hand():
    # Street (SIFMA) convention in the last period: dirty = (100 + C/2) / (1 + w y/2).
    b = B.TreasuryBond(3.0, dt.date(2025, 5, 15))
    settle = dt.date(2025, 2, 3)
    w = (dt.date(2025, 5, 15) - settle).days / (dt.date(2025, 5, 15) - dt.date(2024, 11, 15)).days
    assert w == 101 / 181
    y = 4.0
    simple = (100 + 1.5) / (1 + w * 0.04 / 2)
    comp = (100 + 1.5) / (1 + 0.04 / 2) ** w
    assert B.dirty_price(b, settle, y, final_period="simple") == pytest.approx(simple, abs=1e-12)
    assert B.dirty_price(b, settle, y) == pytest.approx(comp, abs=1e-12)  # default = QuantLib's
    assert B.yield_from_price(b, settle, simple, clean=False, final_period="simple") == pytest.approx(y, abs=1e-10)
    r = B.risk(b, settle, y, final_period="simple")
    h = 1e-5
    fd = (B.dirty_price(b, settle, y - h, "simple") - B.dirty_price(b, settle, y + h, "simple")) / (2 * h) * 0.01
    assert r.dv01 == pytest.approx(fd, rel=1e-7)


def test_treasury_auction_prices(shared_data):
    """Coupon auctions of May 2022: price from HighYield equals the published
    HighPrice, accrued equals AccruedInterest (per $1,000) (TIPS and FRN skipped)."""
    folder = shared_data / "auctions" / "treasurydirect_results_xml_2022-05"
    checked = []
    for f in sorted(folder.glob("R_*.xml")):
        root = ET.parse(f).getroot()
        ann, res = root.find("AuctionAnnouncement"), root.find("AuctionResults")
        if ann.findtext("SecurityType") not in ("NOTE", "BOND") or ann.findtext("InflationIndexSecurity") == "Y":
            continue
        if not res.findtext("InterestRate"):  # FRN
            continue
        bond = B.TreasuryBond(float(res.findtext("InterestRate")), ann.findtext("MaturityDate"), dated_date=ann.findtext("DatedDate"))
        r = B.treasury_auction_price(bond, ann.findtext("IssueDate"), float(res.findtext("HighYield")))
        price, ai = r.price, r.accrued
        assert r.summary().startswith(f"price {res.findtext('HighPrice')} per 100"), f.name
        assert f"{price:.6f}" == res.findtext("HighPrice"), f.name
        published_ai = res.findtext("AccruedInterest")
        assert ai * 10 == pytest.approx(float(published_ai) if published_ai else 0.0, abs=5e-6), f.name
        checked.append(f.name)
    # 3y 2.75% (HighYield 2.809, HighPrice 99.831427: README cross-check 5), 10y, 30y, 20y, 2y, 5y, 7y.
    assert checked == [
        "R_20220510_1.xml", "R_20220511_2.xml", "R_20220512_3.xml", "R_20220518_3.xml",
        "R_20220524_1.xml", "R_20220525_3.xml", "R_20220526_3.xml",
    ]


def test_mark_to_market_aug2020_ten_year():
    """The 0.625% note of 2030-08-15 (CUSIP 91282CAE1, the August 2020 10-year,
    dated 2020-08-15) bought at par, valued on 2023-08-15 (7 years left) at a
    4.5% yield, against QuantLib: a loss of about 23 points per 100."""
    mat, dated = dt.date(2030, 8, 15), dt.date(2020, 8, 15)
    qb, dc = ql_bond(0.625, mat, dated)
    q = ql_measures(qb, dc, dt.date(2023, 8, 15), 4.5)
    m = B.mark_to_market(B.TreasuryBond(0.625, mat, dated_date=dated), "2023-08-15", 4.5, cost_price=100.0, face=1_000_000)
    assert m.clean == pytest.approx(q["clean"], abs=1e-8)
    assert m.pnl_per_100 == pytest.approx(q["clean"] - 100.0, abs=1e-8)
    assert m.pnl == pytest.approx((q["clean"] - 100.0) * 10_000, abs=1e-4)
    assert -23.1 < m.pnl_per_100 < -23.0


def test_market_to_par_gap_against_quantlib():
    settle = dt.date(2024, 12, 31)
    holdings = pd.DataFrame(
        {
            "coupon": [0.625, 1.5, 4.25, 2.0],
            "maturity": [dt.date(2030, 8, 15), dt.date(2026, 2, 28), dt.date(2034, 11, 15), dt.date(2024, 11, 30)],
            "par": [1_000_000.0, 2_500_000.0, 500_000.0, 9e9],  # the last one has matured: skipped
        }
    )

    def curve(t):  # a simple upward curve, percent
        return 4.0 + 0.05 * t

    out = B.market_to_par_gap(holdings, settle, curve)
    issues = {dt.date(2030, 8, 15): dt.date(2020, 8, 15), dt.date(2026, 2, 28): dt.date(2021, 2, 28), dt.date(2034, 11, 15): dt.date(2024, 11, 15)}
    mkt = 0.0
    for cpn, mat, par in zip(holdings.coupon[:3], holdings.maturity[:3], holdings.par[:3]):
        qb, dc = ql_bond(cpn, mat, issues[mat])
        y = 4.0 + 0.05 * (mat - settle).days / 365.25
        mkt += ql_measures(qb, dc, settle, y)["clean"] * par / 100
    assert isinstance(out, B.MarketToPar) and out.n_securities == 3
    assert out.par_total == 4_000_000.0
    assert out.market_total == pytest.approx(mkt, abs=1e-4)
    assert out.gap == pytest.approx(mkt - 4_000_000.0, abs=1e-4)
    assert out.gap < 0
    assert out.market_total_dirty > out.market_total  # every holding is between coupons: accrued > 0
    assert out.gap_pct_of_par == pytest.approx(100 * out.gap / 4_000_000.0)
    assert out.summary().startswith("3 securities: par 4,000,000, market ")
    with pytest.raises(AttributeError):  # frozen, like the other model results
        out.gap = 0.0


def test_bad_inputs():
    b = B.TreasuryBond(4.0, dt.date(2030, 5, 15))
    with pytest.raises(ValueError):
        B.clean_price(b, "2030-05-15", 4.0)
    with pytest.raises(ValueError):
        B.yield_from_price(b, "2025-01-02", -5.0)
    with pytest.raises(ValueError):
        B.TreasuryBond(-1.0, dt.date(2030, 5, 15))
    with pytest.raises(KeyError):
        B.market_to_par_gap(pd.DataFrame({"coupon": [1.0]}), "2025-01-02", lambda t: 4.0)
    # extreme but valid prices still solve
    assert B.yield_from_price(b, "2025-01-02", 160.0) < -3
    assert B.yield_from_price(b, "2025-01-02", 5.0) > 50
