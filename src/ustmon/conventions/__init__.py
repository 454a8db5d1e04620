"""Market conventions as data, one definition each (the ground floor: imports nothing of ustmon but errors).

* :mod:`.contracts`: the CBOT Treasury futures (CME code and Globex symbols, CFTC code, tenor, face,
  deliverable grade, conversion-factor rounding, approximate CTD maturity for DV01 scale);
* :mod:`.countries`: foreign holders as TIC reports them (ISO code, TIC name and every spelling seen in
  TIC files, region, display names in every language of the note);
* :mod:`.input_sets`: named desk input sets (which store series a desk calculation reads), e.g. the
  FX-hedged yield table shared by ``ustmon hedge`` and the research note.

Everything else (sources, models, analytics, figures) reads these tables; a test checks that no second
copy of a contract code or a country display table remains elsewhere in the package.
"""

from __future__ import annotations

from . import contracts, countries, input_sets
from .contracts import CONTRACTS, Contract, contract
from .countries import COUNTRIES, LANGS, Country, country_name
from .input_sets import FX_HEDGE, INPUT_SETS, InputSet, input_set

__all__ = ["CONTRACTS", "COUNTRIES", "Contract", "Country", "FX_HEDGE", "INPUT_SETS", "InputSet", "LANGS",
           "contract", "contracts", "countries", "country_name", "input_set", "input_sets"]
