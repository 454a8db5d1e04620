"""In-house ACM term premium: recursion oracle, and validation against the NY Fed's published ACM
(nyfed/ACMTermPremium_monthly-processed.csv, not bundleable: read in place, tests only), with
Kim-Wright (FRED THREEFYTP10) beside it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ustmon.models import acm, nss
from ustmon.sources import get_source

ACM_FILE = "nyfed/ACMTermPremium_monthly-processed.csv"


def _obs(shared: Path, source: str, rel: str, kind: str) -> pd.DataFrame:
    p = shared / rel
    return get_source(source).parse(p.read_bytes(), str(p), kind).observations


def _series(obs: pd.DataFrame, sid: str) -> pd.Series:
    return obs[obs["series_id"] == sid].set_index("date")["value"]


def _fred_cmt(shared: Path) -> pd.DataFrame:
    cols = {}
    for sid in nss.CMT_FRED_MATURITIES:
        s = _series(_obs(shared, "fred", f"fred/{sid}.csv", "fredgraph_csv"), sid)
        if sid == "DGS3":
            s = s.combine_first(_series(_obs(shared, "fred", "fred/legacy_DATE_header/DGS3.csv", "fredgraph_csv"), sid))
        cols[sid] = s
    return nss.cmt_frame(pd.DataFrame(cols), nss.CMT_FRED_MATURITIES)


def test_recursion_equals_expected_short_rates_without_risk_prices_or_convexity():
    # oracle: with lambda = 0 and no convexity, the n-month yield is the average expected short rate
    rng = np.random.default_rng(1)
    K = 3
    Phi = np.diag([0.97, 0.9, 0.6]) + 0.01 * rng.standard_normal((K, K))
    mu = 0.001 * rng.standard_normal(K)
    delta0, delta1 = 0.003, np.array([0.0004, -0.0002, 0.0001])
    A, B = acm._recursion(mu, Phi, np.zeros((K, K)), 0.0, delta0, delta1, np.zeros(K), np.zeros((K, K)), 24)
    x0 = rng.standard_normal(K)
    for n in (1, 6, 24):
        ex, total = x0.copy(), 0.0
        for _ in range(n):
            total += delta0 + delta1 @ ex
            ex = mu + Phi @ ex
        assert -(A[n - 1] + B[n - 1] @ x0) / n == pytest.approx(total / n, abs=1e-15)


def test_recursion_convexity_term():
    # one factor, Phi = 0: A_2 = A_1 + B_1 mu + 1/2 (B_1^2 Sigma + sigma2) - delta0, B_1 = -delta1
    A, B = acm._recursion(np.array([0.2]), np.array([[0.0]]), np.array([[4.0]]), 0.5, 0.01, np.array([0.3]),
                          np.zeros(1), np.zeros((1, 1)), 2)
    assert A[0] == pytest.approx(0.5 * 0.5 - 0.01)
    assert B[0, 0] == pytest.approx(-0.3)
    assert A[1] == pytest.approx(A[0] + (-0.3) * 0.2 + 0.5 * (0.09 * 4.0 + 0.5) - 0.01)


@pytest.fixture(scope="module")
def inhouse(shared_data):
    cmt = _fred_cmt(shared_data)
    return acm.inhouse_acm(cmt)  # sample from 1962 (5 tenors: Nelson-Siegel until bills appear in 1981)


@pytest.fixture(scope="module")
def published(shared_data):
    return _obs(shared_data, "nyfed", ACM_FILE, "acm_monthly_csv")


def test_published_acm_read_correctly(published):
    tp10 = _series(published, "ACM.ACMTP10")
    assert len(tp10) == 769
    assert tp10.index[0] == pd.Timestamp("1961-06-30")
    # cross-check 11
    assert tp10.loc["2025-06-30"] == 0.640848732262635
    assert _series(published, "ACM.ACMY10").loc["2025-06-30"] == pytest.approx(4.28046876617581, abs=1e-14)


def test_inhouse_acm_matches_nyfed_acm_since_1990(inhouse, published, shared_data):
    model, monthly, daily = inhouse.model, inhouse.monthly, inhouse.daily
    assert model.sample[0] <= pd.Timestamp("1962-02-01")
    pub = _series(published, "ACM.ACMTP10")
    st = acm.compare_term_premia(monthly.ACMTP10[monthly.index >= "1990-01-01"], pub)
    print("in-house ACMTP10 vs NY Fed ACMTP10 since 1990:", st)
    assert st.n_months >= 420
    assert st.correlation >= 0.95
    assert st.rmse_bp <= 30.0
    # fitted yields reproduce the curve: in-house ACMY10 vs NY Fed's (GSW-based) within CMT/GSW differences
    y = acm.compare_term_premia(monthly.ACMY10[monthly.index >= "1990-01-01"], _series(published, "ACM.ACMY10"))
    assert y.rmse_bp < 25.0
    # daily values from the monthly loadings agree with the published monthly series too
    dm = daily.ACMTP10.groupby(daily.index.to_period("M")).last().to_timestamp()
    assert acm.compare_term_premia(dm[dm.index >= "1990-01-01"], pub).correlation >= 0.95

    # Kim-Wright beside it (a different model: only a loose agreement is expected)
    kw = _series(_obs(shared_data, "fred", "fred/THREEFYTP10.csv", "fredgraph_csv"), "THREEFYTP10")
    assert kw.loc["2016-09-26"] == -0.1102
    kw_stats = acm.compare_term_premia(monthly.ACMTP10, kw.groupby(kw.index.to_period("M")).last().to_timestamp())
    print("in-house ACMTP10 vs Kim-Wright THREEFYTP10:", kw_stats)
    assert kw_stats.correlation > 0.5


def test_desk_summary_matches_published_acm(inhouse, published):
    monthly = inhouse.monthly
    pub = _series(published, "ACM.ACMTP10")
    ours = acm.desk_summary(monthly.ACMTP10, as_of="2025-06-30")
    theirs = acm.desk_summary(pub, as_of="2025-06-30")
    print("desk summary in-house:", ours, "NY Fed:", theirs)
    # the term premium of the last two years is lower than in 1998-2007, in both
    assert ours.difference_pp < 0 and theirs.difference_pp < 0
    assert ours.last_2y_avg_pct == pytest.approx(theirs.last_2y_avg_pct, abs=0.35)
    assert ours.avg_1998_2007_pct == pytest.approx(theirs.avg_1998_2007_pct, abs=0.35)
    assert "to 2025-06-30" in ours.summary() and "pp)" in ours.summary()


def test_inhouse_acm_is_a_named_result(inhouse):
    """The in-house run is an AcmResult with named parts and a one-line summary (no positional 4-tuple)."""
    assert isinstance(inhouse, acm.AcmResult)
    assert inhouse.params is not None and "beta0" in inhouse.params.columns
    assert inhouse.tp10.index[-1] == inhouse.monthly["ACMTP10"].dropna().index[-1]
    text = inhouse.summary()
    assert text.startswith("ACM (5 PCs), sample 1962-") and "term premium" in text and "%" in text


def test_cli_termpremium(monkeypatch, shared_data):
    from typer.testing import CliRunner

    from ustmon.commands import curve_cli

    cmt = {}
    for sid in nss.CMT_FRED_MATURITIES:
        cmt[sid] = _series(_obs(shared_data, "fred", f"fred/{sid}.csv", "fredgraph_csv"), sid)
    cmt["DGS3"] = cmt["DGS3"].combine_first(
        _series(_obs(shared_data, "fred", "fred/legacy_DATE_header/DGS3.csv", "fredgraph_csv"), "DGS3"))
    cmt["THREEFYTP10"] = _series(_obs(shared_data, "fred", "fred/THREEFYTP10.csv", "fredgraph_csv"), "THREEFYTP10")
    frame = pd.DataFrame(cmt)
    monkeypatch.setattr(curve_cli, "load_frame", lambda ids, start=None, as_of=None: frame[[i for i in ids if i in frame]])
    res = CliRunner().invoke(curve_cli.termpremium_app, ["--start", "2024-01-01", "--acm-file", str(shared_data / ACM_FILE)],
                             env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "vs NY Fed ACM" in res.output and "2025-06" in res.output and "1998-2007" in res.output
