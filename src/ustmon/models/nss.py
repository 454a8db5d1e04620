"""Nelson-Siegel-Svensson zero curves: evaluation and batched fitting to CMT / par yields.

Conventions (as the Federal Reserve Board's Gürkaynak-Sack-Wright (GSW) tables,
``feds200628.csv``):

* maturities ``m`` in **years**; parameters ``beta0..beta3`` in **percent**, ``tau1``, ``tau2`` in years;
* the zero-coupon yield ``y(m)`` is **continuously compounded**, percent::

      y(m) = b0 + b1 L(m/t1) + b2 [L(m/t1) - e^{-m/t1}] + b3 [L(m/t2) - e^{-m/t2}],   L(x) = (1 - e^{-x}) / x

* discount factor ``d(m) = exp(-y(m) m / 100)``;
* instantaneous forward ``f(m) = b0 + b1 e^{-m/t1} + b2 (m/t1) e^{-m/t1} + b3 (m/t2) e^{-m/t2}`` (cont. comp., %);
* par yield: **semi-annual coupon-equivalent** coupon rate of a bond priced at par,
  ``c(m) = 200 (1 - d(m)) / sum_k d(t_k)`` with coupons every half year back from ``m``
  (accrued interest deducted for a broken first period), as GSW's ``SVENPY``;
* one-year forward rate ``SVEN1F``: coupon-equivalent par rate of a one-year bond settling in ``n`` years.

A Nelson-Siegel curve (no second hump) is the same with ``beta3 = 0``; ``tau2`` may then be NaN or
GSW's ``-999.99`` sentinel.

Fitting (:func:`fit_nss`) targets the Treasury's **constant-maturity (CMT) / par yields** (H.15 ``DGS*``,
Treasury's Daily Par Yield Curve), which are bond-equivalent yields.  Choice for tenors of one year and
shorter: they are read as **bill bond-equivalent yields** (that is how Treasury derives them, from bills):
``(1/d - 1)/m`` up to six months, and the semi-annual form ``(1 + y/2)(1 + y (m - 1/2)) = 1/d`` from six
months to one year.  Longer tenors are par yields as above.  The fit minimises the sum of squared yield
errors (percentage points) over the tenors observed that day.  It is vectorised across days: a shared
(tau1, tau2) grid with batched linear least squares for the betas (zero-yield approximation), then a
batched Levenberg-Marquardt refinement of all six parameters on the exact CMT/par pricing, with
``tau = exp(.)`` so both stay positive.  Days with fewer than ``svensson_min_tenors`` observed tenors get
a four-parameter Nelson-Siegel curve (``beta3 = 0``), as GSW do in their early years; so do days without
any bill tenor (before 1981 in H.15), since a second hump then only bends the unobserved short end.
``tau1`` is also kept above half the shortest observed tenor for the same reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

PARAMS = ["beta0", "beta1", "beta2", "beta3", "tau1", "tau2"]

#: FRED H.15 constant-maturity series -> maturity in years
CMT_FRED_MATURITIES: dict[str, float] = {
    "DGS1MO": 1 / 12,
    "DGS3MO": 0.25,
    "DGS6MO": 0.5,
    "DGS1": 1.0,
    "DGS2": 2.0,
    "DGS3": 3.0,
    "DGS5": 5.0,
    "DGS7": 7.0,
    "DGS10": 10.0,
    "DGS20": 20.0,
    "DGS30": 30.0,
}

_TAU_MIN, _TAU_MAX = 0.02, 60.0


# ---------------------------------------------------------------------------------------------
# evaluation
# ---------------------------------------------------------------------------------------------


def _params_array(params) -> np.ndarray:
    """(n, 6) float array from a Series / DataFrame / sequence of the six parameters."""
    if isinstance(params, pd.DataFrame):
        arr = params[PARAMS].to_numpy(dtype=float)
    elif isinstance(params, pd.Series):
        arr = params[PARAMS].to_numpy(dtype=float)[None, :]
    else:
        arr = np.atleast_2d(np.asarray(params, dtype=float))
    if arr.shape[-1] != 6:
        raise ValueError(f"NSS parameters need 6 values {PARAMS}, got shape {arr.shape}")
    return arr


def _loadings(m: np.ndarray, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``L(m/tau)`` and ``e^{-m/tau}`` broadcast as (n, k); a non-positive/NaN tau gives zeros (no term)."""
    ok = np.isfinite(tau) & (tau > 0)
    t = np.where(ok, tau, 1.0)[:, None]
    x = m[None, :] / t
    ex = np.exp(-x)
    with np.errstate(invalid="ignore", divide="ignore"):
        L = -np.expm1(-x) / x
    if (m <= 0).any():  # limit L(0) = 1
        L = np.where(x > 0, L, 1.0)
    if not ok.all():
        L = np.where(ok[:, None], L, 0.0)
        ex = np.where(ok[:, None], ex, 0.0)
    return L, ex


def _zero(m: np.ndarray, p: np.ndarray) -> np.ndarray:
    L1, e1 = _loadings(m, p[:, 4])
    L2, e2 = _loadings(m, p[:, 5])
    b3 = np.where(np.isfinite(p[:, 3]), p[:, 3], 0.0)
    return p[:, [0]] + p[:, [1]] * L1 + p[:, [2]] * (L1 - e1) + b3[:, None] * (L2 - e2)


def _frame_or_array(values: np.ndarray, m: np.ndarray, params, scalar_m: bool):
    """DataFrame (index=dates, columns=maturities) for a parameter frame; 1-D array (or float for a
    scalar maturity) for one parameter set; else the (n, k) array."""
    if isinstance(params, pd.DataFrame):
        return pd.DataFrame(values, index=params.index, columns=m)
    single = isinstance(params, pd.Series) or np.ndim(params) == 1
    if single:
        return float(values[0, 0]) if scalar_m else values[0]
    return values[:, 0] if scalar_m else values


def zero_yield(maturity, params):
    """Continuously compounded zero-coupon yield, percent, at ``maturity`` (years).

    ``params``: the six parameters (sequence or Series) -> array over maturities; a DataFrame of
    parameters (rows = dates) -> DataFrame index=date, columns=maturity.

    Published golden values: the Federal Reserve's Svensson curve (Gurkaynak, Sack and Wright,
    ``feds200628.csv``) for 2026-07-31 has BETA0..BETA3 = 0.00333568845488353, 4.07984987183707,
    -453.541782211023, 465.498100569302 and TAU1, TAU2 = 13.5322235142735, 13.7200141026744, and publishes
    SVENY10 = 4.8348, SVENY02 = 4.2112 (zero, cc), SVENF10 = 5.5703 (instantaneous forward, cc) and
    SVENPY10 = 4.8302 (par, coupon-equivalent) from them.

    >>> gsw = [0.00333568845488353, 4.07984987183707, -453.541782211023, 465.498100569302,
    ...        13.5322235142735, 13.7200141026744]
    >>> [round(float(zero_yield(m, gsw)), 4) for m in (10.0, 2.0)]
    [4.8348, 4.2112]
    >>> round(float(forward_rate(10.0, gsw)), 4), round(float(par_yield(10.0, gsw)), 4)
    (5.5703, 4.8302)
    """
    scalar = np.ndim(maturity) == 0
    m = np.atleast_1d(np.asarray(maturity, dtype=float))
    p = _params_array(params)
    out = _zero(m, p)
    return _frame_or_array(out, m, params, scalar)


def discount_factor(maturity, params):
    """Discount factor ``exp(-y(m) m / 100)`` (per unit of face)."""
    scalar = np.ndim(maturity) == 0
    m = np.atleast_1d(np.asarray(maturity, dtype=float))
    p = _params_array(params)
    out = np.exp(-_zero(m, p) * m[None, :] / 100.0)
    return _frame_or_array(out, m, params, scalar)


def forward_rate(maturity, params):
    """Instantaneous forward rate, continuously compounded, percent (GSW ``SVENF``)."""
    scalar = np.ndim(maturity) == 0
    m = np.atleast_1d(np.asarray(maturity, dtype=float))
    p = _params_array(params)
    _, e1 = _loadings(m, p[:, 4])
    _, e2 = _loadings(m, p[:, 5])
    t1 = np.where(p[:, 4] > 0, p[:, 4], 1.0)[:, None]
    t2 = np.where(np.isfinite(p[:, 5]) & (p[:, 5] > 0), p[:, 5], 1.0)[:, None]
    b3 = np.where(np.isfinite(p[:, 3]), p[:, 3], 0.0)[:, None]
    out = p[:, [0]] + p[:, [1]] * e1 + p[:, [2]] * (m / t1) * e1 + b3 * (m / t2) * e2
    return _frame_or_array(out, m, params, scalar)


def _coupon_times(m: float) -> np.ndarray:
    """Semi-annual coupon dates (years from settlement) of a bond maturing at ``m``, ascending."""
    n = int(np.floor(m * 2 + 1e-9))
    t = m - 0.5 * np.arange(n + 1)
    return np.sort(t[t > 1e-9])


def par_yield(maturity, params):
    """Par yield, semi-annual coupon-equivalent, percent (GSW ``SVENPY``).

    ``c = 200 (1 - d(m)) / (sum_k d(t_k) - a)`` with coupons every half year back from ``m`` and
    ``a`` the accrued fraction of a coupon period when the first period is broken (clean price = par).
    """
    scalar = np.ndim(maturity) == 0
    m = np.atleast_1d(np.asarray(maturity, dtype=float))
    p = _params_array(params)
    out = np.empty((p.shape[0], m.size))
    for j, mj in enumerate(m):  # loop over maturities only (few); vectorised across dates
        t = _coupon_times(mj)
        d = np.exp(-_zero(t, p) * t[None, :] / 100.0)
        accrued = (0.5 - t[0]) / 0.5
        out[:, j] = 200.0 * (1.0 - d[:, -1]) / (d.sum(axis=1) - accrued)
    return _frame_or_array(out, m, params, scalar)


def one_year_forward_rate(start, params):
    """One-year forward rate beginning in ``start`` years, coupon-equivalent, percent (GSW ``SVEN1F``).

    The par coupon of a one-year (two semi-annual coupons) bond settling at ``start``:
    ``200 (d(n) - d(n+1)) / (d(n+1/2) + d(n+1))``.
    """
    scalar = np.ndim(start) == 0
    n = np.atleast_1d(np.asarray(start, dtype=float))
    p = _params_array(params)
    d0 = np.exp(-_zero(n, p) * n / 100.0)
    dh = np.exp(-_zero(n + 0.5, p) * (n + 0.5) / 100.0)
    d1 = np.exp(-_zero(n + 1, p) * (n + 1) / 100.0)
    out = 200.0 * (d0 - d1) / (dh + d1)
    return _frame_or_array(out, n, params, scalar)


# ---------------------------------------------------------------------------------------------
# CMT pricing on a shared time grid (used by the fit)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CmtPricer:
    """Prices a fixed set of CMT tenors for many parameter rows at once."""

    tenors: np.ndarray  # (K,)
    grid: np.ndarray  # (T,) all times where a discount factor is needed
    idx_maturity: np.ndarray  # (K,) position of each tenor in grid
    coupon_matrix: np.ndarray  # (K, T) 1 at coupon dates of tenor k
    accrued: np.ndarray  # (K,)
    is_bill: np.ndarray  # (K,) tenor <= 1 year

    @classmethod
    def build(cls, tenors) -> "_CmtPricer":
        tenors = np.asarray(tenors, dtype=float)
        times = {round(float(m), 10) for m in tenors}
        per = []
        for m in tenors:
            t = _coupon_times(m) if m > 1 + 1e-9 else np.array([m])
            per.append(t)
            times.update(round(float(x), 10) for x in t)
        grid = np.array(sorted(times))
        pos = {v: i for i, v in enumerate(grid)}
        C = np.zeros((tenors.size, grid.size))
        acc = np.zeros(tenors.size)
        for k, t in enumerate(per):
            for x in t:
                C[k, pos[round(float(x), 10)]] = 1.0
            acc[k] = (0.5 - t[0]) / 0.5 if tenors[k] > 1 + 1e-9 else 0.0
        idx = np.array([pos[round(float(m), 10)] for m in tenors])
        return cls(tenors, grid, idx, C, acc, tenors <= 1 + 1e-9)

    def __call__(self, p: np.ndarray) -> np.ndarray:
        """Model CMT yields, percent, (n, K)."""
        d = np.exp(-_zero(self.grid, p) * self.grid[None, :] / 100.0)
        dm = d[:, self.idx_maturity]
        m = self.tenors[None, :]
        # coupon bonds: par yield with accrued interest
        coupon = 200.0 * (1.0 - dm) / (d @ self.coupon_matrix.T - self.accrued[None, :])
        # bills up to 6 months: simple bond-equivalent yield; 6-12 months: Treasury's semi-annual form
        inv = 1.0 / dm
        short = (inv - 1.0) / m
        a = (m - 0.5) / 2.0
        disc = m * m - 4.0 * a * (1.0 - inv)
        with np.errstate(invalid="ignore", divide="ignore"):
            long_bill = np.where(a > 1e-12, (-m + np.sqrt(np.maximum(disc, 0.0))) / (2.0 * np.where(a > 1e-12, a, 1.0)), short)
        bill = np.where(m <= 0.5 + 1e-12, short, long_bill)
        return np.where(self.is_bill[None, :], 100.0 * bill, coupon)


def cmt_yield(maturity, params):
    """Model CMT yield (bond-equivalent, percent) under the fit's conventions: bill BEY up to one year,
    semi-annual par yield beyond."""
    scalar = np.ndim(maturity) == 0
    m = np.atleast_1d(np.asarray(maturity, dtype=float))
    p = _params_array(params)
    out = _CmtPricer.build(m)(p)
    return _frame_or_array(out, m, params, scalar)


# ---------------------------------------------------------------------------------------------
# fitting
# ---------------------------------------------------------------------------------------------


def _default_tau_grid() -> tuple[np.ndarray, np.ndarray]:
    t1 = np.geomspace(0.15, 8.0, 14)
    t2 = np.geomspace(1.5, 30.0, 12)
    T1, T2 = np.meshgrid(t1, t2, indexing="ij")
    keep = T2 > 1.6 * T1  # distinct humps; near-equal taus make b2/b3 collinear
    return T1[keep], T2[keep]


def _grid_stage(Y: np.ndarray, W: np.ndarray, tenors: np.ndarray, t1: np.ndarray, t2: np.ndarray | None,
                n_starts: int = 1, tau_floor: np.ndarray | None = None):
    """Best (betas, taus) on a tau grid by batched weighted linear least squares on zero loadings.

    Y, W: (D, K) observed yields (0 where missing) and 0/1 weights.  Returns (n_starts, D, 6): the
    ``n_starts`` best grid points per day.
    """
    G = t1.size
    L1, e1 = _loadings(tenors, t1)  # (G, K)
    cols = [np.ones_like(L1), L1, L1 - e1]
    if t2 is not None:
        L2, e2 = _loadings(tenors, t2)
        cols.append(L2 - e2)
    X = np.stack(cols, axis=-1)  # (G, K, P)
    P = X.shape[-1]
    # batched normal equations as matrix products (BLAS) over the grid
    XX = (X[:, :, :, None] * X[:, :, None, :]).reshape(G, X.shape[1], P * P)
    A = np.matmul(W[None], XX).reshape(G, -1, P, P)
    b = np.matmul((W * Y)[None], X)  # (G, D, P)
    A += 1e-8 * np.eye(P)
    beta = np.linalg.solve(A, b[..., None])[..., 0]  # (G, D, P)
    fit = np.matmul(beta, X.transpose(0, 2, 1))  # (G, D, K)
    sse = (((fit - Y[None]) ** 2) * W[None]).sum(axis=-1)  # (G, D)
    if tau_floor is not None:
        sse = np.where(t1[:, None] >= tau_floor[None, :], sse, np.inf)
    D = Y.shape[0]
    n_starts = min(n_starts, G)
    best = np.argsort(sse, axis=0)[:n_starts]  # (S, D) best grid points per day
    out = np.zeros((n_starts, D, 6))
    for s in range(n_starts):
        out[s, :, :P] = beta[best[s], np.arange(D)]
        out[s, :, 4] = t1[best[s]]
        out[s, :, 5] = t2[best[s]] if t2 is not None else np.nan
    return out


def _lm_refine(Y, W, pricer: _CmtPricer, p0: np.ndarray, svensson: np.ndarray, max_iter: int = 60,
               tau_floor: np.ndarray | None = None):
    """Batched Levenberg-Marquardt on [b0..b3, log t1, log t2] minimising squared CMT-yield errors."""
    D = p0.shape[0]
    q = p0.copy()
    q[:, 3] = np.where(svensson, q[:, 3], 0.0)
    q[:, 4] = np.log(q[:, 4])
    q[:, 5] = np.where(svensson, np.log(np.where(svensson, q[:, 5], 1.0)), 0.0)
    free = np.ones((D, 6), dtype=bool)
    free[~svensson, 3] = False
    free[~svensson, 5] = False

    def to_p(qq):
        pp = qq.copy()
        pp[:, 4] = np.exp(qq[:, 4])
        pp[:, 5] = np.where(svensson, np.exp(qq[:, 5]), np.nan)
        return pp

    def resid(qq):
        return (pricer(to_p(qq)) - Y) * W

    r = resid(q)
    sse = (r ** 2).sum(axis=1)
    lam = np.full(D, 1e-3)
    h = np.array([1e-5, 1e-5, 1e-5, 1e-5, 1e-6, 1e-6])
    floor = np.full(D, _TAU_MIN) if tau_floor is None else np.maximum(tau_floor, _TAU_MIN)
    lo_all, hi = np.log(floor)[:, None], np.log(_TAU_MAX)
    active = np.ones(D, dtype=bool)
    for _ in range(max_iter):
        ia = np.flatnonzero(active)
        if ia.size == 0:
            break
        qa, ra = q[ia], r[ia]
        J = np.empty((ia.size, Y.shape[1], 6))
        for j in range(6):
            qq = qa.copy()
            qq[:, j] += h[j]
            sv = svensson[ia]
            pp = qq.copy()
            pp[:, 4] = np.exp(qq[:, 4])
            pp[:, 5] = np.where(sv, np.exp(qq[:, 5]), np.nan)
            J[:, :, j] = ((pricer(pp) - Y[ia]) * W[ia] - ra) / h[j]
        J *= free[ia][:, None, :]
        JTJ = np.einsum("dki,dkj->dij", J, J)
        JTr = np.einsum("dki,dk->di", J, ra)
        diag = np.einsum("dii->di", JTJ)
        A = JTJ + (lam[ia, None] * (diag + 1e-10))[:, :, None] * np.eye(6)
        A += np.eye(6) * (~free[ia])[:, :, None]  # pin fixed parameters
        step = np.linalg.solve(A, -JTr[..., None])[..., 0]
        step = np.where(np.isfinite(step), step, 0.0)
        qn = qa + step
        qn[:, 4:] = np.clip(qn[:, 4:], lo_all[ia], hi)
        qn[~svensson[ia], 5] = 0.0
        sv = svensson[ia]
        pp = qn.copy()
        pp[:, 4] = np.exp(qn[:, 4])
        pp[:, 5] = np.where(sv, np.exp(qn[:, 5]), np.nan)
        rn = (pricer(pp) - Y[ia]) * W[ia]
        rn = np.where(np.isfinite(rn), rn, 1e6)
        ssen = (rn ** 2).sum(axis=1)
        better = ssen < sse[ia]
        gain = np.where(better, (sse[ia] - ssen) / np.maximum(sse[ia], 1e-300), 0.0)
        upd = ia[better]
        q[upd], r[upd], sse[upd] = qn[better], rn[better], ssen[better]
        lam[ia] = np.where(better, np.maximum(lam[ia] / 4.0, 1e-9), np.minimum(lam[ia] * 5.0, 1e9))
        # stop a day when its error is negligible or progress stalls
        done = (sse[ia] < 1e-12) | (better & (gain < 1e-4)) | (lam[ia] >= 1e9)
        active[ia[done]] = False
    return to_p(q), sse


def fit_nss(
    yields: pd.DataFrame,
    *,
    min_tenors: int = 6,
    svensson_min_tenors: int = 8,
    max_iter: int = 60,
    n_starts: int = 1,
) -> pd.DataFrame:
    """Fit one NSS curve per date to CMT / par yields.

    ``yields``: DataFrame index=date, columns=maturity in **years** (float), values in **percent**
    (bond-equivalent: bills up to one year, par coupon yields beyond; NaN = not observed).
    Dates with fewer than ``min_tenors`` observed tenors are skipped (all-NaN output row).

    Returns DataFrame index=date with ``beta0..beta3`` (%), ``tau1``, ``tau2`` (years; ``tau2`` NaN and
    ``beta3`` 0 for Nelson-Siegel days), ``model`` (``"NSS"``/``"NS"``), ``n_tenors``, ``rmse_bp`` and
    ``max_abs_error_bp`` (fit errors against the observed yields, basis points).
    """
    tenors = np.asarray([float(c) for c in yields.columns])
    order = np.argsort(tenors)
    tenors = tenors[order]
    Yfull = yields.to_numpy(dtype=float)[:, order]
    Wfull = np.isfinite(Yfull).astype(float)
    n_obs = Wfull.sum(axis=1).astype(int)
    ok = n_obs >= min_tenors
    out = pd.DataFrame(np.nan, index=yields.index, columns=PARAMS + ["n_tenors", "rmse_bp", "max_abs_error_bp"])
    out["model"] = pd.Series(pd.NA, index=yields.index, dtype="string")
    out["n_tenors"] = n_obs.astype(float)
    if not ok.any():
        return out
    Y = np.where(Wfull[ok] > 0, Yfull[ok], 0.0)
    W = Wfull[ok]
    shortest = np.where(W > 0, tenors[None, :], np.inf).min(axis=1)
    # a second hump needs bills to pin the short end: without them NSS extrapolates wildly below 1 year
    sv = (n_obs[ok] >= svensson_min_tenors) & (shortest <= 0.5 + 1e-9)
    # tau1 below half the shortest observed tenor would only bend the unobserved short end
    floor = np.maximum(_TAU_MIN, 0.5 * shortest)
    D = Y.shape[0]
    p0 = np.empty((n_starts, D, 6))
    g1, g2 = _default_tau_grid()
    if sv.any():
        p0[:, sv] = _grid_stage(Y[sv], W[sv], tenors, g1, g2, n_starts, floor[sv])
    if (~sv).any():
        p0[:, ~sv] = _grid_stage(Y[~sv], W[~sv], tenors, np.geomspace(0.15, 15.0, 30), None, n_starts, floor[~sv])
    pricer = _CmtPricer.build(tenors)
    # several starts per day (the best distinct grid points), refined together, best kept
    pk, ssek = _lm_refine(np.tile(Y, (n_starts, 1)), np.tile(W, (n_starts, 1)), pricer,
                          p0.reshape(-1, 6), np.tile(sv, n_starts), max_iter=max_iter,
                          tau_floor=np.tile(floor, n_starts))
    best = np.argmin(ssek.reshape(n_starts, D), axis=0)
    p = pk.reshape(n_starts, D, 6)[best, np.arange(D)]
    err = (pricer(p) - Y) * W
    rows = np.flatnonzero(ok)
    out.iloc[rows, :6] = p
    out.iloc[rows, out.columns.get_loc("rmse_bp")] = 100.0 * np.sqrt((err ** 2).sum(axis=1) / W.sum(axis=1))
    out.iloc[rows, out.columns.get_loc("max_abs_error_bp")] = 100.0 * np.abs(err).max(axis=1)
    out.loc[out.index[rows], "model"] = np.where(sv, "NSS", "NS")
    return out


@dataclass(frozen=True)
class NssCurve:
    """One day's fitted curve: parameters (``beta0..beta3`` percent, ``tau1``/``tau2`` years; ``tau2`` NaN and
    ``beta3`` 0 for a Nelson-Siegel day), the CMT/par yields it was fitted to (percent, by maturity in years)
    and the fit's errors in basis points.  Yields it returns are percent: zero and forward rates continuously
    compounded, CMT/par yields bond-equivalent."""

    date: pd.Timestamp
    model: str  # "NSS" or "NS"
    params: pd.Series  # PARAMS
    observed: pd.Series  # maturity (years) -> percent
    rmse_bp: float
    max_abs_error_bp: float

    @property
    def n_tenors(self) -> int:
        return int(self.observed.notna().sum())

    def zero(self, maturity):
        return zero_yield(maturity, self.params)

    def forward(self, maturity):
        return forward_rate(maturity, self.params)

    def cmt(self, maturity):
        return cmt_yield(maturity, self.params)

    def table(self) -> pd.DataFrame:
        """Per observed maturity (years): observed and fitted CMT yield (%), error (bp), zero and forward (% cc)."""
        obs = self.observed.dropna()
        m = obs.index.to_numpy(float)
        fitted = np.asarray(self.cmt(m), dtype=float)
        return pd.DataFrame({"observed_pct": obs.to_numpy(float), "fitted_pct": fitted,
                             "error_bp": 100.0 * (fitted - obs.to_numpy(float)),
                             "zero_pct": np.asarray(self.zero(m), dtype=float),
                             "forward_pct": np.asarray(self.forward(m), dtype=float)},
                            index=pd.Index(m, name="maturity_years"))

    def summary(self) -> str:
        ps = "  ".join(f"{k}={self.params[k]:.4f}" for k in PARAMS if np.isfinite(self.params[k]))
        return (f"{self.model} fit on {self.date.date()} ({self.n_tenors} tenors): {ps}; "
                f"RMSE {self.rmse_bp:.2f} bp, max |error| {self.max_abs_error_bp:.2f} bp")


def fit_curve(yields: pd.Series | pd.DataFrame, **kwargs) -> NssCurve:
    """:func:`fit_nss` for one day, as a named :class:`NssCurve`.  ``yields``: one row (a Series named by its
    date, or a one-row DataFrame), maturity in years -> percent.  Raises :class:`ValueError` when the day has
    too few tenors (``min_tenors``, default 6)."""
    row = yields.to_frame().T if isinstance(yields, pd.Series) else yields
    if len(row) != 1:
        raise ValueError(f"fit_curve takes one day, got {len(row)} rows")
    fit = fit_nss(row, **kwargs).iloc[0]
    date = pd.Timestamp(row.index[0])
    if not np.isfinite(fit["beta0"]):
        raise ValueError(f"{date.date()}: only {int(fit['n_tenors'])} tenors; need {kwargs.get('min_tenors', 6)}")
    return NssCurve(date, str(fit["model"]), fit[PARAMS].astype(float), row.iloc[0].astype(float),
                    float(fit["rmse_bp"]), float(fit["max_abs_error_bp"]))


def fit_errors_bp(yields: pd.DataFrame, params: pd.DataFrame) -> pd.DataFrame:
    """Fitted minus observed CMT yields, basis points (index=date, columns=maturity)."""
    tenors = np.asarray([float(c) for c in yields.columns])
    p = params[PARAMS].to_numpy(dtype=float)
    good = np.isfinite(p[:, 0])
    fitted = np.full(yields.shape, np.nan)
    fitted[good] = _CmtPricer.build(tenors)(p[good])
    return pd.DataFrame(100.0 * (fitted - yields.to_numpy(dtype=float)), index=yields.index, columns=yields.columns)


@dataclass(frozen=True)
class FitErrorSummary:
    """How far fitted curves miss the yields they were fitted to: the distribution of the absolute fit error
    (fitted minus observed CMT/par yield) over every observed (date, tenor), in **basis points**; ``n`` is
    the number of (date, tenor) points counted."""

    n: int
    mean_abs_bp: float
    p50_bp: float  # median absolute error
    p95_bp: float
    max_bp: float

    def summary(self) -> str:
        return (f"fit errors over {self.n:,} (date, tenor) points: mean |error| {self.mean_abs_bp:.2f} bp, "
                f"median {self.p50_bp:.2f} bp, 95th percentile {self.p95_bp:.2f} bp, max {self.max_bp:.2f} bp")


def error_summary_bp(errors: pd.DataFrame) -> FitErrorSummary:
    """Distribution of absolute fit errors (bp, as :func:`fit_errors_bp` returns them) over every observed
    (date, tenor): mean, median, 95th percentile and max.  Raises :class:`ValueError` when no error is
    finite (nothing was fitted)."""
    a = np.abs(errors.to_numpy(dtype=float))
    a = a[np.isfinite(a)]
    if a.size == 0:
        raise ValueError("no finite fit errors to summarise: no day was fitted")
    return FitErrorSummary(
        n=int(a.size),
        mean_abs_bp=float(a.mean()),
        p50_bp=float(np.percentile(a, 50)),
        p95_bp=float(np.percentile(a, 95)),
        max_bp=float(a.max()),
    )


def cmt_frame(frame: pd.DataFrame, maturities: Mapping[str, float]) -> pd.DataFrame:
    """Rename a store frame (columns = series ids) to maturities in years, sorted; columns not in
    ``maturities`` are dropped.

    ``maturities`` maps series id -> maturity in years and is the caller's to give, so the model knows no
    source: :data:`CMT_FRED_MATURITIES` for FRED's H.15 ``DGS*`` series, or the Treasury par-curve parser's
    ``PAR_MATURITY_YEARS`` (``ustmon.sources.treasury_rates``) for ``UST.PAR.<tenor>``.  A map holding both
    id families would make maturities collide when a frame has both: the first column of each maturity is kept.

    >>> cmt_frame(pd.DataFrame({"DGS10": [4.58], "DGS2": [4.25], "OTHER": [1.0]}), CMT_FRED_MATURITIES)
       2.0   10.0
    0  4.25  4.58
    """
    cols = [c for c in frame.columns if c in maturities]
    out = frame[cols].rename(columns=dict(maturities))
    out = out.loc[:, ~out.columns.duplicated()]
    return out[sorted(out.columns)]


def monthly_zero_curve(params: pd.DataFrame, months=range(1, 121)) -> pd.DataFrame:
    """Month-end zero yields (cont. comp., %) at ``months`` (columns = months) from daily parameters:
    the last fitted date of each calendar month."""
    p = params.dropna(subset=["beta0"])
    last = p.groupby(p.index.to_period("M")).tail(1)
    m = np.asarray(list(months), dtype=float)
    z = zero_yield(m / 12.0, last)
    z.columns = [int(x) for x in m]
    return z
