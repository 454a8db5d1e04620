"""Rates models: bond math, bills, curve fitting, term premium, FX hedging, Treasury futures basis.

Pure functions with explicit conventions; tested against independent oracles (QuantLib) and published figures."""
