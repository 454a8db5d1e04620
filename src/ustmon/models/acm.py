"""In-house ACM term premium (Adrian, Crump and Moench 2013, JFE, "Pricing the term structure with
linear regressions").

Inputs: month-end **zero-coupon yields**, continuously compounded, percent, columns = maturity in
**months** (1..121 needed: 121 to form one-month holding-period returns on the 120-month bond), e.g.
from :func:`ustmon.models.nss.monthly_zero_curve` on curves fitted to Treasury CMT yields.

Steps (monthly units, log prices ``p_t^(n) = -n/12 * y_t^(n) / 100``):

1. pricing factors ``X_t``: the first ``K = 5`` principal components of the demeaned yields at
   maturities 1..120 months;
2. VAR(1) ``X_{t+1} = mu + Phi X_t + v_{t+1}`` by OLS, ``Sigma = v v' / T``;
3. one-month log excess returns ``rx_{t+1}^(n-1) = p_{t+1}^(n-1) - p_t^(n) - r_t`` (``r_t = -p_t^(1)``) for
   ``n - 1 = 6, 12, ..., 120`` months, regressed jointly on ``(1, v_{t+1}, X_t)``:
   ``rx = a 1' + beta' V + c X_- + E``, ``sigma^2 = tr(E E') / (N T)``;
4. prices of risk by cross-sectional regression:
   ``lambda1 = (beta beta')^{-1} beta c`` and
   ``lambda0 = (beta beta')^{-1} beta (a + 1/2 (B* vec(Sigma) + sigma^2 1))``, ``B*`` rows ``vec(b b')'``;
5. short rate ``r_t = delta0 + delta1' X_t`` by OLS; bond-pricing recursions, ``A_0 = 0, B_0 = 0``:
   ``A_n = A_{n-1} + B_{n-1}'(mu - lambda0) + 1/2 (B_{n-1}' Sigma B_{n-1} + sigma^2) - delta0``,
   ``B_n' = B_{n-1}'(Phi - lambda1) - delta1'``;
   fitted yield ``y^(n) = -(A_n + B_n' X_t) / n`` (annualised x 12, percent);
6. risk-neutral yields: the same recursions with ``lambda0 = lambda1 = 0`` (the convexity terms kept,
   as in the NY Fed's published ``ACMRNY``); **term premium = fitted - risk-neutral yield**.

Daily values apply the monthly loadings (PC weights, mean, ``A_n``, ``B_n``) to daily zero yields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: maturities (months) whose excess returns enter the regressions, as in the paper
RX_MATURITIES = tuple(range(6, 121, 6))


@dataclass
class AcmModel:
    """Estimated ACM model.  Units: factors in the yields' units (percent); recursions in log-price
    per month; ``A``, ``B`` are for maturities 1..max months (index n-1)."""

    months: np.ndarray  # maturities of the PCA yields (months)
    mean: np.ndarray  # yield means used to demean (percent)
    weights: np.ndarray  # (n_months, K) PC loadings: X = (y - mean) @ weights
    mu: np.ndarray
    Phi: np.ndarray
    Sigma: np.ndarray
    sigma2: float
    delta0: float
    delta1: np.ndarray
    lambda0: np.ndarray
    lambda1: np.ndarray
    A: np.ndarray
    B: np.ndarray
    A_rn: np.ndarray
    B_rn: np.ndarray
    sample: tuple[pd.Timestamp, pd.Timestamp] = field(default=(pd.NaT, pd.NaT))

    def factors(self, zero_yields: pd.DataFrame) -> pd.DataFrame:
        """Pricing factors for any dates (zero yields, columns in months, must include ``months``)."""
        Y = zero_yields[list(self.months)].to_numpy(dtype=float)
        return pd.DataFrame((Y - self.mean) @ self.weights, index=zero_yields.index,
                            columns=[f"PC{i + 1}" for i in range(self.weights.shape[1])])

    def _yields(self, X: np.ndarray, A: np.ndarray, B: np.ndarray, n: np.ndarray) -> np.ndarray:
        # log price per month -> annualised percent
        return -(A[n - 1][None, :] + X @ B[n - 1].T) / n[None, :] * 12.0 * 100.0

    def decompose(self, zero_yields: pd.DataFrame, years=range(1, 11)) -> pd.DataFrame:
        """Fitted yields ``ACMY``, risk-neutral yields ``ACMRNY`` and term premia ``ACMTP`` (percent),
        columns named as the NY Fed's file (``ACMTP10`` = 10-year), for the dates of ``zero_yields``."""
        X = self.factors(zero_yields).to_numpy()
        n = np.asarray([12 * int(y) for y in years])
        fit = self._yields(X, self.A, self.B, n)
        rn = self._yields(X, self.A_rn, self.B_rn, n)
        cols = {}
        for j, y in enumerate(years):
            cols[f"ACMY{y:02d}"] = fit[:, j]
        for j, y in enumerate(years):
            cols[f"ACMTP{y:02d}"] = fit[:, j] - rn[:, j]
        for j, y in enumerate(years):
            cols[f"ACMRNY{y:02d}"] = rn[:, j]
        return pd.DataFrame(cols, index=zero_yields.index)


def _recursion(mu, Phi, Sigma, sigma2, delta0, delta1, lambda0, lambda1, n_max):
    K = mu.size
    A = np.zeros(n_max + 1)
    B = np.zeros((n_max + 1, K))
    mu_q = mu - lambda0
    Phi_q = Phi - lambda1
    for n in range(1, n_max + 1):
        b = B[n - 1]
        A[n] = A[n - 1] + b @ mu_q + 0.5 * (b @ Sigma @ b + sigma2) - delta0
        B[n] = b @ Phi_q - delta1
    return A[1:], B[1:]


def estimate_acm(zero_yields: pd.DataFrame, *, n_factors: int = 5, pca_months=range(1, 121),
                 rx_months=RX_MATURITIES, n_max: int = 120) -> AcmModel:
    """Estimate ACM on month-end zero yields (index = month-end dates, consecutive months; columns =
    maturity in months 1..121, values percent, continuously compounded)."""
    zy = zero_yields.dropna()
    months = np.asarray(list(pca_months))
    rx_months = np.asarray(list(rx_months))
    need = set(months) | set(rx_months) | set(rx_months + 1) | {1}
    missing = sorted(need - set(int(c) for c in zy.columns))
    if missing:
        raise ValueError(f"zero yields lack maturities (months) {missing[:5]}...")
    Y = zy[list(months)].to_numpy(dtype=float)
    T = Y.shape[0]
    mean = Y.mean(axis=0)
    Yd = Y - mean
    # principal components: eigenvectors of the yields' covariance, largest first, level positive
    eigval, eigvec = np.linalg.eigh(Yd.T @ Yd / T)
    order = np.argsort(eigval)[::-1][:n_factors]
    W = eigvec[:, order]
    W *= np.sign(W.sum(axis=0))
    X = Yd @ W  # (T, K)
    K = n_factors

    # VAR(1)
    Z = np.column_stack([np.ones(T - 1), X[:-1]])
    coef, *_ = np.linalg.lstsq(Z, X[1:], rcond=None)
    mu, Phi = coef[0], coef[1:].T
    V = X[1:] - Z @ coef  # (T-1, K) innovations
    Sigma = V.T @ V / (T - 1)

    # log prices per month (decimal) and one-month excess returns
    def logp(n):
        return -(n / 12.0) * zy[n].to_numpy(dtype=float) / 100.0

    r = -logp(1)  # one-month short rate, log per month
    RX = np.column_stack([logp(n)[1:] - logp(n + 1)[:-1] - r[:-1] for n in rx_months])  # (T-1, N)
    N = RX.shape[1]
    Zr = np.column_stack([np.ones(T - 1), V, X[:-1]])
    G, *_ = np.linalg.lstsq(Zr, RX, rcond=None)  # (1 + 2K, N)
    a = G[0]
    beta = G[1 : 1 + K]  # (K, N)
    c = G[1 + K :].T  # (N, K)
    E = RX - Zr @ G
    sigma2 = float((E ** 2).sum() / (N * (T - 1)))
    Bstar = np.stack([np.outer(beta[:, i], beta[:, i]).ravel() for i in range(N)])  # (N, K*K)
    bb_inv_b = np.linalg.solve(beta @ beta.T, beta)  # (K, N)
    lambda1 = bb_inv_b @ c
    lambda0 = bb_inv_b @ (a + 0.5 * (Bstar @ Sigma.ravel() + sigma2))

    # short rate on factors
    Zs = np.column_stack([np.ones(T), X])
    d, *_ = np.linalg.lstsq(Zs, r, rcond=None)
    delta0, delta1 = float(d[0]), d[1:]

    A, B = _recursion(mu, Phi, Sigma, sigma2, delta0, delta1, lambda0, lambda1, n_max)
    A_rn, B_rn = _recursion(mu, Phi, Sigma, sigma2, delta0, delta1, np.zeros(K), np.zeros((K, K)), n_max)
    return AcmModel(months, mean, W, mu, Phi, Sigma, sigma2, delta0, delta1, lambda0, lambda1, A, B, A_rn, B_rn,
                    sample=(zy.index[0], zy.index[-1]))


@dataclass(frozen=True)
class AcmResult:
    """The in-house ACM run: the estimated :class:`AcmModel`, the monthly decomposition (``ACMY``/``ACMTP``/
    ``ACMRNY`` columns, percent, month-end dates), the daily one (or None) and the NSS parameters the zero
    curves came from (:func:`inhouse_acm`; None when the zero curves were given).

    Tuple unpacking ``model, monthly, daily, params = result`` still works for callers not yet moved to the
    names (it is going away)."""

    model: AcmModel
    monthly: pd.DataFrame
    daily: pd.DataFrame | None = None
    params: pd.DataFrame | None = None

    @property
    def tp10(self) -> pd.Series:
        """The 10-year term premium, month-end, percent."""
        return self.monthly["ACMTP10"].dropna()

    def summary(self) -> str:
        """One line: sample, latest month-end 10-year yield, term premium and risk-neutral yield (percent)."""
        m = self.monthly.dropna(subset=["ACMTP10"])
        if m.empty:
            return f"ACM (5 PCs), sample {self.model.sample[0]:%Y-%m}..{self.model.sample[1]:%Y-%m}: no fitted month"
        d, r = m.index[-1], m.iloc[-1]
        return (f"ACM (5 PCs), sample {self.model.sample[0]:%Y-%m}..{self.model.sample[1]:%Y-%m}; "
                f"{d:%Y-%m-%d}: 10y fitted {r['ACMY10']:.2f}%, term premium {r['ACMTP10']:.2f}%, "
                f"risk-neutral {r['ACMRNY10']:.2f}%")


def acm_term_premium(zero_yields_monthly: pd.DataFrame, daily_zero_yields: pd.DataFrame | None = None,
                     **kwargs) -> AcmResult:
    """Estimate on month-end zero yields and decompose monthly (and daily, if given) yields."""
    model = estimate_acm(zero_yields_monthly, **kwargs)
    monthly = model.decompose(zero_yields_monthly.dropna())
    daily = model.decompose(daily_zero_yields.dropna()) if daily_zero_yields is not None else None
    return AcmResult(model, monthly, daily)


@dataclass(frozen=True)
class TermPremiumComparison:
    """Ours against a published term premium over their common months: correlation, RMSE and mean difference
    (ours - published) in basis points."""

    n_months: int
    start: str
    end: str
    correlation: float
    rmse_bp: float
    mean_diff_bp: float

    def summary(self) -> str:
        return (f"{self.start}..{self.end} ({self.n_months} months): correlation {self.correlation:.3f}, "
                f"RMSE {self.rmse_bp:.1f} bp, mean difference {self.mean_diff_bp:.1f} bp")


def compare_term_premia(ours: pd.Series, published: pd.Series) -> TermPremiumComparison:
    """Correlation, RMSE (bp) and mean difference ours - published (bp) over common month-ends
    (both series matched by calendar month).

    >>> idx = pd.to_datetime(["2025-04-30", "2025-05-30", "2025-06-30"])
    >>> compare_term_premia(pd.Series([0.5, 0.7, 0.6], idx), pd.Series([0.4, 0.6, 0.5], idx)).summary()
    '2025-04..2025-06 (3 months): correlation 1.000, RMSE 10.0 bp, mean difference 10.0 bp'
    """
    a = ours.copy()
    b = published.copy()
    a.index = pd.DatetimeIndex(a.index).to_period("M")
    b.index = pd.DatetimeIndex(b.index).to_period("M")
    j = pd.concat([a.rename("ours"), b.rename("pub")], axis=1, join="inner").dropna()
    diff = j["ours"] - j["pub"]
    return TermPremiumComparison(
        n_months=int(len(j)),
        start=str(j.index[0]),
        end=str(j.index[-1]),
        correlation=float(j["ours"].corr(j["pub"])),
        rmse_bp=float(100.0 * np.sqrt((diff ** 2).mean())),
        mean_diff_bp=float(100.0 * diff.mean()),
    )


def period_average(tp: pd.Series, start, end) -> float:
    """Average of a term-premium series (percent) over [start, end]."""
    s = tp.loc[pd.Timestamp(start) : pd.Timestamp(end)].dropna()
    return float(s.mean())


@dataclass(frozen=True)
class DeskSummary:
    """Average 10-year term premium (percent) over the two years to ``as_of`` against 1998-2007."""

    last_2y_avg_pct: float
    avg_1998_2007_pct: float
    as_of: str

    @property
    def difference_pp(self) -> float:
        return self.last_2y_avg_pct - self.avg_1998_2007_pct

    def summary(self) -> str:
        return (f"10y term premium: last two years to {self.as_of} avg {self.last_2y_avg_pct:.2f}% vs 1998-2007 "
                f"avg {self.avg_1998_2007_pct:.2f}% ({self.difference_pp:+.2f} pp)")


def desk_summary(tp10: pd.Series, *, as_of=None) -> DeskSummary:
    """Average 10-year term premium (percent) over the last two years to ``as_of`` (default: last date)
    versus the decade before 2008 (1998-01-01..2007-12-31)."""
    s = tp10.dropna()
    end = pd.Timestamp(as_of) if as_of is not None else s.index[-1]
    recent = period_average(s, end - pd.DateOffset(years=2), end)
    before = period_average(s, "1998-01-01", "2007-12-31")
    return DeskSummary(recent, before, str(end.date()))


def inhouse_acm(cmt_yields: pd.DataFrame, *, min_tenors: int = 5, end=None, daily: bool = True) -> AcmResult:
    """The in-house ACM from Treasury CMT / par yields end to end.

    ``cmt_yields``: index=date, columns=maturity in years, percent (e.g. ``nss.cmt_frame`` of FRED
    ``DGS*``).  Fits NSS (Nelson-Siegel where fewer than 8 tenors or no bills) to every day with at least
    ``min_tenors`` tenors (5 lets the sample start in 1962, when H.15 has 1, 3, 5, 10 and 20 years),
    takes month-end zero curves at 1..121 months, estimates on months up to ``end`` and decomposes the
    monthly and (if ``daily``) daily curves.  Returns an :class:`AcmResult` (model, monthly, daily or None,
    NSS params).
    """
    from . import nss

    if not daily:
        # only month-end curves enter the estimation: fitting every other day is wasted work (11.6 s -> 0.8 s)
        usable = cmt_yields[cmt_yields.notna().sum(axis=1) >= min_tenors]
        cmt_yields = usable.groupby(usable.index.to_period("M")).tail(1)
    params = nss.fit_nss(cmt_yields, min_tenors=min_tenors)
    monthly_zero = nss.monthly_zero_curve(params, range(1, 122))
    # drop a month whose last fitted day is not near month-end (e.g. data ending mid-month)
    last_day = monthly_zero.index
    month_end = last_day + pd.offsets.MonthEnd(0)
    monthly_zero = monthly_zero[(month_end - last_day).days <= 7]
    if end is not None:
        monthly_zero = monthly_zero[monthly_zero.index <= pd.Timestamp(end)]
    model = estimate_acm(monthly_zero)
    monthly = model.decompose(monthly_zero)
    daily_frame = None
    if daily:
        good = params.dropna(subset=["beta0"])
        dz = nss.zero_yield(np.arange(1, 121) / 12.0, good)
        dz.columns = list(range(1, 121))
        daily_frame = model.decompose(dz)
    return AcmResult(model, monthly, daily_frame, params)
