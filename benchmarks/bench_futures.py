"""Timing of Treasury futures basket analytics (plain script, not a test).

One 10-issue TY-style basket: conversion factors, deliverability, gross/net
basis, carry, implied repo, yield, DV01 and CTD.  Target: under 5 ms.

    .venv/bin/python benchmarks/bench_futures.py
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd

from ustmon.models import futures as F

SECURITIES = pd.DataFrame(
    {
        "cusip": [f"X{i:02d}" for i in range(10)],
        "coupon": [1.25, 1.375, 1.875, 2.75, 2.875, 3.5, 4.0, 4.125, 4.25, 4.375],
        "maturity": [
            dt.date(2031, 8, 15), dt.date(2031, 11, 15), dt.date(2032, 2, 15), dt.date(2032, 5, 15), dt.date(2032, 8, 15),
            dt.date(2031, 9, 30), dt.date(2031, 10, 31), dt.date(2031, 11, 30), dt.date(2031, 12, 31), dt.date(2032, 1, 31),
        ],
        "original_term": [10, 10, 10, 10, 10, 7, 7, 7, 7, 7],
    }
)
PRICES = [84.0, 84.5, 87.5, 92.0, 92.5, 96.0, 98.5, 99.0, 99.6, 100.2]


def run_once() -> pd.DataFrame:
    basket = F.deliverable_basket(SECURITIES, "TY", "2025-03")
    basket = basket.assign(clean=[PRICES[int(c[1:])] for c in basket["cusip"]])
    return F.basket_analytics(basket, dt.date(2025, 1, 2), dt.date(2025, 3, 31), 108.0, 4.3, contract="TY")


def main() -> None:
    out = run_once()
    n = 200
    t0 = time.perf_counter()
    for _ in range(n):
        run_once()
    ms = (time.perf_counter() - t0) / n * 1e3
    print(f"basket of {len(out)} issues: {ms:.3f} ms per full analytics run (mean of {n}); CTD {out.loc[0, 'cusip']}")
    t0 = time.perf_counter()
    for _ in range(n):
        for c, m in zip(SECURITIES.coupon, SECURITIES.maturity):
            F.conversion_factor(c, m, "TY", "2025-03")
    print(f"conversion factors: {(time.perf_counter() - t0) / n / len(SECURITIES) * 1e6:.1f} us each")


if __name__ == "__main__":
    main()
