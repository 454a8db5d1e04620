"""Conventions as data, one definition each: the tables' own facts, and no second copy elsewhere in the package.

The "no second copy" checks read every module of ``ustmon`` (outside ``conventions/``) with ``ast``:
a CFTC contract code or tenor label written as a literal, a contract built with its CFTC code or CTD maturity, or a country display-name table keyed
by ISO codes, means a second definition that can drift from the one table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ustmon
from ustmon.conventions import contracts as C
from ustmon.conventions import countries as K
from ustmon.conventions import input_sets as I

PKG = Path(ustmon.__file__).resolve().parent

#: modules allowed to hold convention facts besides ustmon.conventions (none)
PENDING: set[str] = set()


def _modules():
    for p in sorted(PKG.rglob("*.py")):
        rel = p.relative_to(PKG).as_posix()
        if rel.startswith("conventions/") or rel in PENDING:
            continue
        yield rel, ast.parse(p.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- contracts
def test_contract_table_facts():
    # CME contract specifications: $200,000 face for the 2- and 3-year notes, $100,000 for the others
    assert {c.code: c.face for c in C.CONTRACTS.values()} == {
        "TU": 200_000, "3YR": 200_000, "FV": 100_000, "TY": 100_000, "TN": 100_000, "US": 100_000, "UB": 100_000}
    # CFTC TFF contract market codes (FinFutYY.txt column CFTC_Contract_Market_Code)
    assert list(C.BY_CFTC_CODE) == ["042601", "044601", "043602", "043607", "020601", "020604"]
    assert C.CORE_CFTC_CODES == ("042601", "044601", "043602")
    assert C.contract("ZN") is C.contract("043602") is C.contract("ty") is C.TEN_YEAR
    assert C.contract("UL").code == C.contract("WN").code == "UB"
    with pytest.raises(KeyError, match="unknown Treasury futures contract"):
        C.contract("ZZ")


def test_sources_models_and_analytics_read_the_one_contract_table():
    from ustmon.analytics import basis
    from ustmon.models import futures
    from ustmon.sources import cftc

    assert futures.CONTRACTS is C.CONTRACTS
    assert cftc.UST_CONTRACTS is C.BY_CFTC_CODE is basis.UST_CONTRACTS
    assert basis.CORE_CODES is C.CORE_CFTC_CODES
    assert futures.contract_spec("ZB") is C.CONTRACTS["US"]


def test_no_second_copy_of_contract_codes():
    codes = set(C.BY_CFTC_CODE)
    tenors = {c.tenor for c in C.CONTRACTS.values()} - {"2Y", "3Y", "5Y", "10Y"}  # the unambiguous labels
    found = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value in codes or node.value in tenors:
                    found.append(f"{rel}:{node.lineno} {node.value!r}")
                elif any(f".{code}." in node.value and "{" not in node.value for code in codes) and \
                        node.value.startswith("CFTC.TFF."):
                    found.append(f"{rel}:{node.lineno} {node.value!r}")
            if isinstance(node, ast.keyword) and node.arg in ("face_value_usd", "cftc_code", "ctd_years", "cf_rounding"):
                found.append(f"{rel}:{node.lineno} {node.arg}=")
    assert not found, "contract facts outside ustmon.conventions.contracts: " + "; ".join(found)


# ----------------------------------------------------------------------------- countries
def test_country_table_facts():
    assert K.country_name("KY", "zh-Hant") == "開曼群島"
    assert K.country_name("CN", "en") == "Mainland China" and K.BY_CODE["CN"].name == "China, Mainland"
    assert K.country_name("XX", "en") == "XX"
    with pytest.raises(ValueError, match="language"):
        K.country_name("JP", "fr")
    # every row has a name in every language, and every TIC spelling maps to one row
    assert all(all(c.display) for c in K.COUNTRIES)
    assert K.by_tic_name("Carib Bnkng Ctrs").code == "GROUP.CARIBBEAN_BANKING_CENTERS"
    assert K.by_tic_name("  Of which: For. Official 6/").code == "OFFICIAL"
    assert K.by_tic_name("Türkiye").code == K.by_tic_name("Turkey").code == "TR"
    assert {c.region for c in K.COUNTRIES if c.kind == "country"} == set(K.REGIONS)


def test_tic_and_foreign_read_the_one_country_table():
    from ustmon.analytics import foreign
    from ustmon.sources import tic

    assert tic.COUNTRIES is K.COUNTRIES and tic.Country is K.Country
    assert tic.series_id_for_name("Korea, South") == "TIC.MFH.KR"
    assert foreign.GROUP_FOR_REGION == {K.OFFSHORE_CENTRES: "TIC.MFH.GROUP.CARIBBEAN_BANKING_CENTERS",
                                        K.OIL_EXPORTERS: "TIC.MFH.GROUP.OIL_EXPORTERS"}


def test_no_second_country_table():
    tic_names = {n for c in K.COUNTRIES for n in (c.name, *c.aliases) if c.kind == "country"}
    zh_names = {n for c in K.COUNTRIES for n in c.display[1:] if len(n) >= 3}
    found = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                if sum(k in K.BY_CODE and len(k) == 2 for k in keys) >= 5:
                    found.append(f"{rel}:{node.lineno} a table keyed by ISO country codes")
            elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in ("_c", "Country") \
                    and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value in K.BY_CODE:
                found.append(f"{rel}:{node.lineno} a Country row")  # a row keyed by an ISO code, not any helper named _c
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in zh_names:
                found.append(f"{rel}:{node.lineno} {node.value!r}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in tic_names \
                    and node.value in ("China, Mainland", "Korea, South", "Carib Bnkng Ctrs", "Belgium-Luxembourg"):
                found.append(f"{rel}:{node.lineno} {node.value!r}")
    assert not found, "country facts outside ustmon.conventions.countries: " + "; ".join(found)


# ----------------------------------------------------------------------------- input sets
def test_hedge_cli_and_model_read_the_one_input_set():
    from ustmon.commands import curve_cli
    from ustmon.models import fxhedge

    assert I.input_set("fx_hedge") is I.FX_HEDGE
    assert fxhedge.HEDGE_INPUTS == dict(I.FX_HEDGE.series) and curve_cli.HEDGE_IDS is I.FX_HEDGE.series
    assert fxhedge.HEDGE_DATE_RULE == I.FX_HEDGE.date_rule and fxhedge.HEDGE_REQUIRED == I.FX_HEDGE.required
    assert I.FX_HEDGE.series["jgb_10y"] == "MOF.JGB.10Y"  # the MoF daily benchmark, not the OECD monthly copy
    assert "MOF.JGB.10Y (required)" not in I.FX_HEDGE.summary() and "DGS10 (required)" in I.FX_HEDGE.summary()


def test_no_second_copy_of_the_hedge_inputs():
    ids = set(I.FX_HEDGE.ids())
    found = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                vals = {v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)}
                if len(vals & ids) >= 3:
                    found.append(f"{rel}:{node.lineno}")
    assert not found, "FX-hedge input tables outside ustmon.conventions.input_sets: " + "; ".join(found)


def test_conventions_are_the_ground_floor():
    for p in (PKG / "conventions").glob("*.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                mod = node.module or ""
                if node.level >= 2 or mod.startswith("ustmon"):
                    assert mod in ("errors", "ustmon.errors"), f"{p.name} imports {mod}"
