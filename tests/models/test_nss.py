"""NSS curves: GSW's published zero/par/forward yields from its published parameters, independent
pricing oracles, and fits to H.15 CMT yields read through the source parsers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.integrate import quad

from ustmon.models import nss
from ustmon.sources import get_source
from ustmon.sources.treasury_rates import PAR_MATURITY_YEARS

GSW = "fed/feds200628_EXCERPT_head16_tail10.csv"
TOL = 0.00005 + 1e-9  # published to 4 decimals


def _obs(shared: Path, source: str, rel: str, kind: str) -> pd.DataFrame:
    p = shared / rel
    return get_source(source).parse(p.read_bytes(), str(p), kind).observations


def _wide(obs: pd.DataFrame) -> pd.DataFrame:
    return obs.pivot(index="date", columns="series_id", values="value")


def load_fred_cmt(shared: Path) -> pd.DataFrame:
    """FRED H.15 DGS* via the fred parser; DGS3 spliced from the legacy full-history file."""
    cols = {}
    for sid in nss.CMT_FRED_MATURITIES:
        s = _wide(_obs(shared, "fred", f"fred/{sid}.csv", "fredgraph_csv"))[sid]
        if sid == "DGS3":
            legacy = _wide(_obs(shared, "fred", "fred/legacy_DATE_header/DGS3.csv", "fredgraph_csv"))[sid]
            s = s.combine_first(legacy)
        cols[sid] = s
    return pd.DataFrame(cols)


@pytest.fixture(scope="module")
def gsw(shared_data):
    w = _wide(_obs(shared_data, "fedboard", GSW, "gsw_csv"))
    w = w[w["GSW.BETA0"].notna()]
    p = w[["GSW.BETA0", "GSW.BETA1", "GSW.BETA2", "GSW.BETA3", "GSW.TAU1", "GSW.TAU2"]].copy()
    p.columns = nss.PARAMS
    return w, p


def test_gsw_excerpt_rows(gsw):
    w, _ = gsw
    # 26 data rows, one of them the all-NA 1961-07-04 holiday
    assert len(w) == 25
    assert w.index[0] == pd.Timestamp("1961-06-14") and w.index[-1] == pd.Timestamp("2026-07-31")
    # cross-check 11 and values read from the file
    assert w.loc["2026-07-31", "GSW.SVENY10"] == pytest.approx(4.8348, abs=1e-12)
    assert w.loc["1961-06-14", "GSW.SVENY01"] == pytest.approx(2.9825, abs=1e-12)
    assert w.loc["2026-07-31", "GSW.BETA2"] == pytest.approx(-453.541782211023, abs=1e-9)


@pytest.mark.parametrize("prefix,func", [("SVENY", nss.zero_yield), ("SVENPY", nss.par_yield), ("SVENF", nss.forward_rate)])
def test_reproduce_gsw_published_curves(gsw, prefix, func):
    w, p = gsw
    n = np.arange(1, 31, dtype=float)
    model = func(n, p).to_numpy()
    pub = w[[f"GSW.{prefix}{k:02d}" for k in range(1, 31)]].to_numpy()
    ok = np.isfinite(pub)
    assert ok.sum() >= 400  # early rows stop at 7 years
    assert np.all(np.abs(model[ok] - pub[ok]) <= TOL), np.nanmax(np.abs(model - pub))


def test_reproduce_gsw_one_year_forwards(gsw):
    w, p = gsw
    for k in (1, 4, 9):
        pub = w[f"GSW.SVEN1F{k:02d}"].to_numpy()
        model = nss.one_year_forward_rate(float(k), p).to_numpy()[:, 0]
        ok = np.isfinite(pub)
        assert ok.sum() >= 10
        assert np.all(np.abs(model[ok] - pub[ok]) <= TOL)


PARAMS = [5.0, -1.5, 2.0, -1.0, 1.8, 9.0]


def test_zero_is_average_forward_and_discount():
    # independent oracle: y(m) = (1/m) * integral_0^m f(s) ds
    for m in (0.25, 1.0, 7.0, 30.0):
        integral, _ = quad(lambda s: nss.forward_rate(s, PARAMS), 0.0, m)
        assert nss.zero_yield(m, PARAMS) == pytest.approx(integral / m, abs=1e-10)
        assert nss.discount_factor(m, PARAMS) == pytest.approx(np.exp(-integral / 100.0), abs=1e-12)


def _oracle_par(m: float, params) -> float:
    """Par yield by explicit cash-flow pricing (loop over coupon dates)."""
    t, times = m, []
    while t > 1e-12:
        times.append(t)
        t -= 0.5
    times = sorted(times)
    dfs = [np.exp(-nss.zero_yield(x, params) * x / 100.0) for x in times]
    accrued = (0.5 - times[0]) / 0.5
    # clean price = 1:  c/2 * sum(dfs) + d(m) - c/2 * accrued = 1
    return 2.0 * (1.0 - dfs[-1]) / (sum(dfs) - accrued) * 100.0


def test_par_yield_against_cashflow_oracle():
    for m in (2.0, 5.0, 7.25, 10.0, 30.0):
        assert nss.par_yield(m, PARAMS) == pytest.approx(_oracle_par(m, PARAMS), abs=1e-10)


def test_bill_conventions():
    # up to six months: simple bond-equivalent yield; one year: (1 + y/2)^2 = 1/d
    d3 = nss.discount_factor(0.25, PARAMS)
    assert nss.cmt_yield(0.25, PARAMS) == pytest.approx((1 / d3 - 1) / 0.25 * 100, abs=1e-10)
    d12 = nss.discount_factor(1.0, PARAMS)
    assert nss.cmt_yield(1.0, PARAMS) == pytest.approx(2 * (d12 ** -0.5 - 1) * 100, abs=1e-10)
    d9 = nss.discount_factor(0.75, PARAMS)
    y = nss.cmt_yield(0.75, PARAMS) / 100
    assert (1 + y / 2) * (1 + y * 0.25) == pytest.approx(1 / d9, abs=1e-12)


def test_fit_recovers_known_curve():
    tenors = [1 / 12, 0.25, 0.5, 1, 2, 3, 5, 7, 10, 20, 30]
    truth = pd.DataFrame([PARAMS, [3.0, 1.0, -2.0, 3.0, 0.7, 6.0], [4.0, -0.5, 1.0, 0.0, 2.5, 12.0]], columns=nss.PARAMS)
    obs = pd.DataFrame([[_oracle_par(m, r) if m > 1 else nss.cmt_yield(m, r) for m in tenors] for r in truth.values],
                       index=pd.date_range("2024-01-02", periods=3), columns=tenors)
    fit = nss.fit_nss(obs)
    assert (fit["model"] == "NSS").all()
    assert fit["max_abs_error_bp"].max() < 0.05
    assert (fit[["tau1", "tau2"]] > 0).all().all()
    # the curve (not only the observed tenors) is recovered
    grid = np.linspace(0.5, 30, 60)
    for i in range(3):
        assert np.abs(nss.zero_yield(grid, fit.iloc[i]) - nss.zero_yield(grid, truth.iloc[i])).max() < 0.01


def test_fit_skips_thin_days_and_uses_ns():
    obs = pd.DataFrame({1.0: [4.0, 4.0], 2.0: [4.1, np.nan], 5.0: [4.3, 4.3], 7.0: [4.4, np.nan],
                        10.0: [4.5, 4.5], 20.0: [4.7, 4.7], 30.0: [4.8, np.nan]},
                       index=pd.to_datetime(["2020-01-02", "2020-01-03"]))
    fit = nss.fit_nss(obs)
    assert fit.loc["2020-01-02", "model"] == "NS" and fit.loc["2020-01-02", "beta3"] == 0
    assert np.isnan(fit.loc["2020-01-03", "beta0"])  # 4 tenors < 6


def test_fit_all_fred_cmt_curves_since_1990(shared_data):
    cmt = nss.cmt_frame(load_fred_cmt(shared_data), nss.CMT_FRED_MATURITIES)
    cmt = cmt[cmt.index >= "1990-01-01"]
    # values read from the files: cross-check 4 and DGS1MO's first day
    assert cmt.loc["2024-12-31", 2.0] == 4.25 and cmt.loc["2024-12-31", 10.0] == 4.58 and cmt.loc["2024-12-31", 30.0] == 4.78
    params = nss.fit_nss(cmt)
    fitted = params["beta0"].notna()
    assert fitted.sum() > 9000
    assert (params.loc[fitted, ["tau1", "tau2"]].fillna(1.0) > 0).all().all()
    summary = nss.error_summary_bp(nss.fit_errors_bp(cmt, params))
    print("NSS fit errors since 1990:", summary.summary())
    assert isinstance(summary, nss.FitErrorSummary)
    assert summary.n == int(np.isfinite(nss.fit_errors_bp(cmt, params).to_numpy()).sum()) > 9000 * 6
    assert summary.mean_abs_bp < 4.0
    assert summary.p50_bp < 3.0
    assert summary.p95_bp < 10.0
    assert summary.max_bp < 40.0
    assert summary.p50_bp <= summary.p95_bp <= summary.max_bp
    assert summary.summary().startswith(f"fit errors over {summary.n:,} (date, tenor) points: mean |error| ")


def test_fit_treasury_par_curve_2024_12_31(shared_data):
    w = _wide(_obs(shared_data, "treasury", "treasury/daily-treasury-rates_par-yield-curve_2024.csv", "par_yield_curve_csv"))
    day = nss.cmt_frame(w, PAR_MATURITY_YEARS).loc[["2024-12-31"]]
    assert day.loc["2024-12-31", 10.0] == 4.58
    fit = nss.fit_nss(day)
    assert fit["rmse_bp"].iloc[0] < 5.0
    assert nss.cmt_yield(10.0, fit.iloc[0]) == pytest.approx(4.58, abs=0.06)
    # the same fit as a named result: parameters, the observed curve, errors and a one-line summary
    curve = nss.fit_curve(day)
    assert isinstance(curve, nss.NssCurve) and curve.date == pd.Timestamp("2024-12-31")
    assert curve.params["beta0"] == pytest.approx(fit["beta0"].iloc[0]) and curve.rmse_bp == fit["rmse_bp"].iloc[0]
    t = curve.table()
    assert t.loc[10.0, "observed_pct"] == 4.58 and abs(t.loc[10.0, "error_bp"]) < 6
    assert curve.summary().startswith(f"{curve.model} fit on 2024-12-31 ({curve.n_tenors} tenors): beta0=")


def test_cmt_frame_reads_only_the_ids_its_caller_maps(shared_data):
    # the maturity map is the caller's: the model knows no source.  Treasury's par-curve file for 2024,
    # 2024-12-31: 10 Yr 4.58, 30 Yr 4.78, 1 Mo 4.40 (the same 4.58 as FRED DGS10 that day, cross-check 4)
    w = _wide(_obs(shared_data, "treasury", "treasury/daily-treasury-rates_par-yield-curve_2024.csv", "par_yield_curve_csv"))
    par = nss.cmt_frame(w, PAR_MATURITY_YEARS)
    assert par.loc["2024-12-31", 10.0] == 4.58 and par.loc["2024-12-31", 30.0] == 4.78
    assert par.loc["2024-12-31", 1 / 12] == 4.40
    assert list(par.columns) == sorted(par.columns) and set(par.columns) <= set(PAR_MATURITY_YEARS.values())
    # FRED's map names no UST.PAR id: nothing is taken from a Treasury frame
    assert nss.cmt_frame(w, nss.CMT_FRED_MATURITIES).shape[1] == 0
    with pytest.raises(TypeError):
        nss.cmt_frame(w)  # no default map: the caller says which ids are which maturities


def test_error_summary_refuses_no_fitted_day():
    # SYNTHETIC: a day the fit left NaN
    with pytest.raises(ValueError, match="no finite fit errors"):
        nss.error_summary_bp(pd.DataFrame({2.0: [np.nan], 10.0: [np.nan]}))


def test_fit_curve_refuses_a_thin_day():
    # SYNTHETIC: four tenors on one day
    day = pd.DataFrame({1.0: [4.0], 5.0: [4.3], 10.0: [4.5], 20.0: [4.7]}, index=pd.to_datetime(["2020-01-03"]))
    with pytest.raises(ValueError, match="2020-01-03: only 4 tenors; need 6"):
        nss.fit_curve(day)


def test_cli_curve_fit(monkeypatch):
    from typer.testing import CliRunner

    from ustmon.commands import curve_cli

    tenors = {"DGS1MO": 4.40, "DGS3MO": 4.37, "DGS6MO": 4.24, "DGS1": 4.16, "DGS2": 4.25, "DGS3": 4.27,
              "DGS5": 4.38, "DGS7": 4.48, "DGS10": 4.58, "DGS20": 4.86, "DGS30": 4.78}
    calls = {}

    def fake(ids, start=None, as_of=None):
        calls["ids"], calls["start"] = ids, start
        return pd.DataFrame([tenors], index=pd.to_datetime(["2024-12-31"]))

    monkeypatch.setattr(curve_cli, "load_frame", fake)
    res = CliRunner().invoke(curve_cli.curve_app, ["fit", "--date", "2024-12-31"], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "beta0=" in res.output and "tau2=" in res.output and "RMSE" in res.output
    assert set(calls["ids"]) == set(tenors)
