"""Published golden values shown as runnable docstring examples, run here for every module of
``ustmon.models`` and ``ustmon.conventions`` (found by walking the packages).

The goldens and where they are published (each example's docstring names its source):
* CME conversion factors: ``futures.conversion_factor`` (CME 2009 worked examples, CME September 2011 table);
* Treasury auction prices: ``bonds.treasury_auction_price`` (91282CEQ0, HighPrice 99.831427),
  ``bills.price_from_discount`` / ``investment_rate_from_discount`` / ``bill_quote`` (TreasuryDirect May 2022);
* the Fed's Svensson curve: ``nss.zero_yield`` (feds200628.csv, SVENY10 4.8348 on 2026-07-31)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import ustmon.conventions
import ustmon.models


def _modules():
    for pkg in (ustmon.models, ustmon.conventions):
        yield pkg.__name__
        for m in pkgutil.iter_modules(pkg.__path__):
            yield f"{pkg.__name__}.{m.name}"


MODULES = list(_modules())


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    mod = importlib.import_module(name)
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert res.failed == 0, f"{name}: {res.failed} of {res.attempted} docstring examples failed (run with -s to see them)"


@pytest.mark.parametrize("name,function,needle", [
    ("ustmon.models.futures", "conversion_factor", "0.8357"),
    ("ustmon.models.bonds", "treasury_auction_price", "99.831427"),
    ("ustmon.models.bills", "price_from_discount", "97.876667"),
    ("ustmon.models.bills", "bill_quote", "99.282111"),
    ("ustmon.models.nss", "zero_yield", "4.8348"),
])
def test_published_goldens_are_examples(name, function, needle):
    """The published values stay as examples (a refactor that drops the example fails here)."""
    mod = importlib.import_module(name)
    tests = [t for t in doctest.DocTestFinder().find(getattr(mod, function), f"{name}.{function}") if t.examples]
    assert tests, f"{name}.{function} lost its docstring examples"
    assert any(needle in ex.want for t in tests for ex in t.examples)


def test_every_module_is_covered():
    assert {"ustmon.models.futures", "ustmon.models.acm", "ustmon.conventions.contracts"} <= set(MODULES)
