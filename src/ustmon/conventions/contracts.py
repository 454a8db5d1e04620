"""CBOT Treasury futures: every contract once.

Sources: the CBOT rulebook chapters as summarised on the CME Group contract-specification pages (face,
deliverable grade, Globex symbols); CME, "Calculating U.S. Treasury Futures Conversion Factors" (whole
months for TU, 3YR and FV, whole quarters for the others); CFTC contract market codes as in the
Traders in Financial Futures report.

====  =====  ========  ====================  ==========  =========================================================
code  CFTC   symbols   contract              face ($)    deliverable grade (remaining term from the first day of
                                                         the delivery month unless stated)
====  =====  ========  ====================  ==========  =========================================================
TU    042601 ZT        2-Year T-Note         200,000     original term <= 5y3m; remaining >= 1y9m, and <= 2y
                                                         from the *last* day of the delivery month
3YR   (none) Z3N       3-Year T-Note         200,000     original term <= 5y3m; remaining >= 2y9m, and <= 3y
                                                         from the last day of the delivery month
FV    044601 ZF        5-Year T-Note         100,000     original term <= 5y3m; remaining >= 4y2m
TY    043602 ZN        10-Year T-Note        100,000     original term <= 10y; remaining >= 6y6m and <= 8y
TN    043607 TEN       Ultra 10-Year T-Note  100,000     original-issue 10-year notes; remaining >= 9y5m, <= 10y
US    020601 ZB        T-Bond                100,000     remaining >= 15y and < 25y
UB    020604 WN, UL    Ultra T-Bond          100,000     remaining >= 25y
====  =====  ========  ====================  ==========  =========================================================

``ctd_years`` is a *typical, approximate* remaining maturity of the cheapest-to-deliver, used only to put
a rough DV01 on the CFTC positions (:mod:`ustmon.analytics.basis`); it moves with the basket and yields.

>>> contract("ZN").cftc_code, contract("043602").code, contract("ty").face
('043602', 'TY', 100000)
>>> [c.tenor for c in CONTRACTS.values() if c.core]
['2Y', '5Y', '10Y']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Contract:
    """One CBOT Treasury futures contract (see the module table).

    ``code``: CME contract code (``"TY"``); ``symbols``: CME Globex codes and old tickers accepted as aliases;
    ``cftc_code``: CFTC contract market code of its positioning (None: not in the TFF report);
    ``tenor``: the short label of the CFTC analysis (``"10Y"``); ``label``: the CFTC market name;
    ``face``: dollars of face per contract; grade months count from the first day of the delivery month
    (``min_remaining_months`` inclusive; ``max_remaining_months`` inclusive unless ``max_exclusive``, and
    from the last day of the month when ``max_from_last_day``); ``max_original_months``: cap on the original
    term; ``original_term_years``: only original-issue notes of that term (TN); ``core``: one of the 2-, 5-
    and 10-year contracts the Fed/OFR basis-trade notes add up."""

    code: str
    name: str
    face: int
    cf_rounding: Literal["month", "quarter"]
    min_remaining_months: int
    max_remaining_months: int | None
    max_from_last_day: bool = False
    max_exclusive: bool = False
    max_original_months: int | None = None
    original_term_years: int | None = None
    cftc_code: str | None = None
    symbols: tuple[str, ...] = ()
    tenor: str = ""
    label: str = ""
    ctd_years: float | None = None
    core: bool = False

    @property
    def face_value_usd(self) -> int:
        """The face per contract in dollars (the CFTC analysis' name for :attr:`face`)."""
        return self.face


#: The one table of CBOT Treasury futures, keyed by CME contract code.
CONTRACTS: dict[str, Contract] = {c.code: c for c in (
    Contract("TU", "2-Year T-Note", 200_000, "month", 21, 24, max_from_last_day=True, max_original_months=63,
             cftc_code="042601", symbols=("ZT",), tenor="2Y", label="UST 2Y Note", ctd_years=1.9, core=True),
    Contract("3YR", "3-Year T-Note", 200_000, "month", 33, 36, max_from_last_day=True, max_original_months=63,
             symbols=("Z3N",), tenor="3Y", label="UST 3Y Note"),
    Contract("FV", "5-Year T-Note", 100_000, "month", 50, None, max_original_months=63, cftc_code="044601",
             symbols=("ZF",), tenor="5Y", label="UST 5Y Note", ctd_years=4.2, core=True),
    Contract("TY", "10-Year T-Note", 100_000, "quarter", 78, 96, max_original_months=120, cftc_code="043602",
             symbols=("ZN",), tenor="10Y", label="UST 10Y Note", ctd_years=6.8, core=True),
    Contract("TN", "Ultra 10-Year T-Note", 100_000, "quarter", 113, 120, original_term_years=10, cftc_code="043607",
             symbols=("TEN",), tenor="ULTRA_10Y", label="Ultra UST 10Y Note", ctd_years=9.6),
    Contract("US", "U.S. Treasury Bond", 100_000, "quarter", 180, 300, max_exclusive=True, cftc_code="020601",
             symbols=("ZB",), tenor="BOND", label="UST Bond", ctd_years=15.5),
    Contract("UB", "Ultra U.S. Treasury Bond", 100_000, "quarter", 300, None, cftc_code="020604",
             symbols=("WN", "UL"), tenor="ULTRA_BOND", label="Ultra UST Bond", ctd_years=25.5),
)}

#: CME Globex codes and old tickers -> CME contract code
ALIASES: dict[str, str] = {s: c.code for c in CONTRACTS.values() for s in c.symbols}
#: CFTC contract market code -> contract, in table order (the six contracts of the TFF report)
BY_CFTC_CODE: dict[str, Contract] = {c.cftc_code: c for c in CONTRACTS.values() if c.cftc_code}
#: CFTC codes of the 2-, 5- and 10-year contracts (the Fed/OFR notes' "2-, 5- and 10-year" sum)
CORE_CFTC_CODES: tuple[str, ...] = tuple(code for code, c in BY_CFTC_CODE.items() if c.core)
#: the 10-year note: the unit of "10-year equivalents"
TEN_YEAR = CONTRACTS["TY"]


def contract(key: str) -> Contract:
    """A contract by CME code, Globex symbol or old ticker, or CFTC contract market code (any case).

    Raises :class:`KeyError` naming the known codes for anything else."""
    k = str(key).strip().upper()
    if k in BY_CFTC_CODE:
        return BY_CFTC_CODE[k]
    k = ALIASES.get(k, k)
    if k not in CONTRACTS:
        raise KeyError(f"unknown Treasury futures contract {key!r}; known: {sorted(CONTRACTS)}")
    return CONTRACTS[k]
