"""Refunding: the borrowing-estimate press release reader (SYNTHETIC text in the release's wording: no release
is in the mirror) and actual borrowing from MSPD Table 1 and the DTS TGA (values typed from
fiscaldata/not-yet-read/MSPD_SumSecty_20010131_20260531.csv and fiscaldata/DTS_OpCashBal_20210624_20260623.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from ustmon.analytics import supply
from ustmon.analytics.base import Data
from ustmon.analytics.refunding import actual_from_mspd, compare
from ustmon.errors import CoverageError, MissingColumnError
from ustmon.sources.treasury_refunding import parse_borrowing_release

RELEASE = """WASHINGTON – The U.S. Department of the Treasury today announced its current estimates of privately-held
net marketable borrowing for the July – September 2024 and October – December 2024 quarters:
During the July – September 2024 quarter, Treasury expects to borrow $740 billion in privately-held net
marketable debt, assuming an end-of-September cash balance of $850 billion.
During the October – December 2024 quarter, Treasury expects to borrow $565 billion in privately-held net
marketable debt, assuming an end-of-December cash balance of $850 billion.
During the April – June 2024 quarter, Treasury borrowed $243 billion in privately-held net marketable debt and
ended the quarter with a cash balance of $757 billion."""  # SYNTHETIC (modelled on the 2024-07-29 release)


def test_parse_release():
    r = parse_borrowing_release(RELEASE, "press-release.txt", release="2024-07-29")
    est = r[r["kind"] == "estimate"].set_index("quarter")
    assert est.loc["2024-07-01", "borrowing_bn"] == 740.0 and est.loc["2024-07-01", "end_cash_bn"] == 850.0
    assert est.loc["2024-10-01", "borrowing_bn"] == 565.0
    assert set(r["release"]) == {"2024-07-29"}
    act = r[r["kind"] == "actual"].set_index("quarter")
    assert act.loc["2024-04-01", "borrowing_bn"] == 243.0 and act.loc["2024-04-01", "end_cash_bn"] == 757.0


def test_parse_refuses_other_text():
    with pytest.raises(MissingColumnError) as e:
        parse_borrowing_release("Treasury announces the results of its 10-year note auction.", "x.txt")
    assert "x.txt" in str(e.value) and "expects to borrow" in str(e.value)


def test_synthetic_actual_and_compare():
    """SYNTHETIC ($mn): held by the public 100,000 at June end -> 160,000 at September end; Fed 50,000 -> 40,000."""
    held = pd.Series([100_000.0, 130_000.0, 150_000.0, 160_000.0],
                     index=pd.DatetimeIndex(["2024-06-01", "2024-07-01", "2024-08-01", "2024-09-01"]))
    fed = pd.Series([50_000.0, 40_000.0], index=pd.DatetimeIndex(["2024-06-26", "2024-09-25"]))
    a = actual_from_mspd(held, fed)
    assert a.loc["2024-07-01", "net_marketable_borrowing"] == pytest.approx(60.0)
    assert a.loc["2024-07-01", "privately_held_borrowing"] == pytest.approx(70.0)
    c = compare(a, parse_borrowing_release(RELEASE, "r.txt", "2024-07-29"))
    assert c.loc["2024-07-01", "miss_bn"] == pytest.approx(70.0 - 740.0)


def test_borrowing_and_refunding_views_on_the_mirror(mirror_store):
    with Data(mirror_store) as d:
        if not d.has("MSPD.MARKETABLE.TOTAL.PUBLIC"):
            pytest.skip("no MSPD Table 1 in the store")
        out = supply.borrowing(d)
        # no estimates in the mirror: the comparison refuses, naming the missing input
        with pytest.raises(CoverageError) as e:
            supply.refunding(d)
    assert "marketable borrowing estimates" in str(e.value) and "not in the store" in str(e.value)
    # Total Marketable held by the public 2024-06-30 27,031,803.9945955 -> 2024-09-30 27,710,179.2947155 $mn
    assert out.loc["2024-07-01", "net_marketable_borrowing"] == pytest.approx(678.3753001, abs=1e-6)
    # TGA closing balance 2024-09-30: 885,725 $mn (Treasury's release: $886bn)
    assert out.loc["2024-07-01", "end_cash_bn"] == pytest.approx(885.725)
    assert "estimate_bn" not in out
