"""Explicit units.

Every series in the catalog has one canonical unit; observations are converted
to it on the way into the store, so one series never mixes billions and
millions across vintages.  Unit codes are short, lower-case and say what they
are: ``usd_bn`` is US dollars in billions, ``pct`` is percent (4.25 = 4.25%).
"""

from __future__ import annotations

from .errors import UnitMismatchError

#: unit code -> human description (used by ``ustmon series`` and reports)
UNITS: dict[str, str] = {
    "pct": "percent",
    "pp": "percentage points",
    "bp": "basis points",
    "usd": "US dollars",
    "usd_th": "US dollars, thousands",
    "usd_mn": "US dollars, millions",
    "usd_bn": "US dollars, billions",
    "usd_tn": "US dollars, trillions",
    "usd_bn_saar": "US dollars, billions, seasonally adjusted annual rate",
    "contracts": "futures contracts",
    "traders": "number of traders",
    "index": "index level",
    "ratio": "ratio (unitless)",
    "pct_of_gdp": "percent of GDP",
    "jpy_per_usd": "Japanese yen per US dollar",
    "usd_per_eur": "US dollars per euro",
    "usd_per_jpy": "US dollars per yen",
    "years": "years",
    "months": "months",
    "days": "days",
    "count": "count",
    "as_published": "as published (see the publisher's series page; unit not stated in the download)",
}

# Dimension -> {unit: multiplier to the dimension's base unit}
_SCALES: dict[str, dict[str, float]] = {
    "usd": {"usd": 1.0, "usd_th": 1e3, "usd_mn": 1e6, "usd_bn": 1e9, "usd_tn": 1e12},
    "rate": {"pct": 1.0, "pp": 1.0, "bp": 0.01},
}


def describe(unit: str) -> str:
    return UNITS.get(unit, unit)


def conversion_factor(from_unit: str, to_unit: str, *, series_id: str = "?") -> float:
    """Multiplier taking values in ``from_unit`` to ``to_unit``.

    Raises :class:`UnitMismatchError` when the two are not of one dimension.
    """
    if from_unit == to_unit:
        return 1.0
    for scales in _SCALES.values():
        if from_unit in scales and to_unit in scales:
            return scales[from_unit] / scales[to_unit]
    raise UnitMismatchError(
        f"{series_id}: cannot convert values in {from_unit!r} to the catalog unit {to_unit!r}"
    )
