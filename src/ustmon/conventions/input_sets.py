"""Named desk input sets: which store series a desk calculation reads, defined once for every caller.

``FX_HEDGE`` feeds the FX-hedged 10-year Treasury table (:func:`ustmon.models.fxhedge.desk_table`), which
``ustmon hedge`` prints and the research note charts: the two must read the same series (the 10-year JGB is
the Ministry of Finance's own daily benchmark yield ``MOF.JGB.10Y``, not the OECD's monthly copy
``IRLTLT01JPM156N``, which differs by up to a few bp and stops months earlier; the 10-year Bund is the OECD
monthly series).

>>> FX_HEDGE.series["jgb_10y"], FX_HEDGE.required
('MOF.JGB.10Y', ('ust_10y', 'usd_3m'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class InputSet:
    """A named set of store series: ``series`` maps each role (an argument name of the calculation) to its
    series id; ``required`` are the roles it cannot do without; ``date_rule`` says how dates are treated."""

    name: str
    description: str
    series: Mapping[str, str] = field(hash=False)
    required: tuple[str, ...] = ()
    date_rule: str = ""

    def ids(self) -> list[str]:
        """The series ids, in role order."""
        return list(self.series.values())

    def summary(self) -> str:
        roles = ", ".join(f"{k}={v}{' (required)' if k in self.required else ''}" for k, v in self.series.items())
        return f"{self.name}: {self.description}; {roles}; {self.date_rule}"


FX_HEDGE = InputSet(
    name="fx_hedge",
    description="FX-hedged 10y Treasury yields for yen and euro investors (3-month CIP hedge, no basis)",
    series=MappingProxyType({
        "ust_10y": "DGS10",  # H.15 10-year CMT
        "usd_3m": "DTB3",  # 3-month T-bill, bank-discount basis
        "jpy_3m": "IR3TIB01JPM156N",  # OECD 3-month interbank, Japan (monthly)
        "eur_3m": "IR3TIB01EZM156N",  # OECD 3-month interbank, euro area (monthly)
        "jgb_10y": "MOF.JGB.10Y",  # Japan MoF 10-year benchmark (daily)
        "bund_10y": "IRLTLT01DEM156N",  # OECD 10-year, Germany (monthly)
    }),
    required=("ust_10y", "usd_3m"),
    date_rule="calendar-month averages of each input, dated the first of the month",
)

#: every named input set
INPUT_SETS: dict[str, InputSet] = {s.name: s for s in (FX_HEDGE,)}


def input_set(name: str) -> InputSet:
    try:
        return INPUT_SETS[name]
    except KeyError:
        raise KeyError(f"unknown input set {name!r}; known: {sorted(INPUT_SETS)}") from None
