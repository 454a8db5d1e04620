"""One registry of the analytics views: what each view is and which columns it returns.

Every view is declared once, in :data:`REGISTRY`: its group (the command, ``ustmon holders``), its name, the
function computing it (``VIEWS[name]`` of ``ustmon.analytics.<group>``, imported only when the view runs), a
one-line summary, its index (``"date"`` or none) and its OUTPUT COLUMNS, each with a kind (float, int, str,
bool, date), a unit (:mod:`ustmon.units` codes; empty for labels and dates) and a description.  Views whose
columns depend on the data (one column per tenor or contract) declare a column *pattern*.

Everything a user reaches is generated from it: the ``ustmon <group> [view]`` commands and their ``--list``,
``ustmon.view(group, name)`` / ``ustmon.result(group, name)``, and the web API with its OpenAPI schema
(:mod:`ustmon.web`).  :func:`run_view` checks every frame against its declaration: a declared column the view
did not return, an undeclared column, or a unit that differs from the declared one is an error naming the view
and the column, so a renamed column fails in tests, not in a chart.

To add a view: write the function and add it to its module's ``VIEWS``; run
``python -m ustmon.views draft GROUP NAME`` on a filled store to print its declaration; paste it into
:data:`REGISTRY` and edit the descriptions.  The registry test runs every declared view on the store built
from the mirror.

This module imports no third-party package at import time.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .errors import UstmonError

KINDS = ("float", "int", "str", "bool", "date")


class UnknownViewError(UstmonError):
    """A group or view name that is not in the registry: names the known ones."""


class ViewDeclarationError(UstmonError):
    """A view returned a frame that does not match its declaration (a missing, undeclared or re-united column).

    ``view`` ("group name"), ``missing`` (declared columns the frame lacks), ``undeclared`` and ``columns`` (what
    the frame has) let a caller that draws named columns (a chart) say which of its own columns is gone."""

    def __init__(self, message: str, *, view: str = "", missing: Iterable[str] = (), undeclared: Iterable[str] = (),
                 columns: Iterable[str] = ()):
        super().__init__(message)
        self.view, self.missing = view, list(missing)
        self.undeclared, self.columns = list(undeclared), list(columns)


@dataclass(frozen=True)
class Column:
    """One output column of a view.  ``pattern``: ``name`` is a regular expression matching one or more
    columns (data-dependent columns such as one per tenor); ``optional``: present only with an optional input
    (a user-supplied file)."""

    name: str
    kind: str
    unit: str = ""
    description: str = ""
    pattern: bool = False
    optional: bool = False

    def matches(self, column: str) -> bool:
        return re.fullmatch(self.name, column) is not None if self.pattern else column == self.name

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "unit": self.unit, "description": self.description,
                "pattern": self.pattern, "optional": self.optional}


@dataclass(frozen=True)
class ViewSpec:
    """One analytics view: ``ustmon <group> <name>``."""

    group: str
    name: str
    summary: str
    index: str | None
    columns: tuple[Column, ...]

    @property
    def key(self) -> str:
        return f"{self.group}.{self.name}"

    @property
    def module(self) -> str:
        return f"ustmon.analytics.{self.group}"

    @property
    def function(self) -> Callable:
        """The analytics function (imports its module)."""
        return importlib.import_module(self.module).VIEWS[self.name]

    @property
    def units(self) -> dict[str, str]:
        return {c.name: c.unit for c in self.columns if c.unit and not c.pattern}

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.matches(name)), None)

    def to_dict(self) -> dict:
        return {"group": self.group, "name": self.name, "summary": self.summary, "index": self.index,
                "columns": [c.to_dict() for c in self.columns]}

    def check(self, frame) -> None:
        """Raise :class:`ViewDeclarationError` unless ``frame`` has exactly the declared columns (and units)."""
        import pandas as pd

        cols = [str(c) for c in frame.columns]
        where = f"view {self.group} {self.name}"
        undeclared = [c for c in cols if self.column(c) is None]
        missing = [c.name for c in self.columns if not c.optional and not any(c.matches(x) for x in cols)]
        facts = dict(view=f"{self.group} {self.name}", missing=missing, undeclared=undeclared, columns=cols)
        if undeclared:
            raise ViewDeclarationError(f"{where}: undeclared column(s) {', '.join(undeclared)}; declare them in "
                                       f"ustmon.views.REGISTRY", **facts)
        if missing:
            raise ViewDeclarationError(f"{where}: declared column(s) {', '.join(missing)} missing from the result "
                                       f"(it has {', '.join(cols)})", **facts)
        got_index = "date" if isinstance(frame.index, pd.DatetimeIndex) else None
        if got_index != self.index:
            raise ViewDeclarationError(f"{where}: index is {got_index or 'none'}, declared {self.index or 'none'}")
        units = (frame.attrs or {}).get("units", {}) or {}
        for c, u in units.items():
            col = self.column(str(c))
            if col is not None and u and col.unit != u:
                raise ViewDeclarationError(f"{where}: column {c} is in {u}, declared {col.unit or 'no unit'}")


#: group -> one line of help (the command's help)
GROUPS: dict[str, str] = {
    "holders": "Who holds Treasuries: sectors, marginal buyer, Fed/QT, banks, money funds.",
    "foreign": "Foreign holders (TIC): official vs private, by country, regions, Cayman under-count.",
    "fiscal": "Receipts, outlays, deficit; year-on-year contributions; interest cost.",
    "supply": "Debt by type, bill share, net issuance, gross issuance, maturity wall and WAM, supply gap.",
    "auctions": "Auction results, review against recent auctions, size grid, calendar, tails, dealers.",
    "curve": "Yields by tenor, spreads, inversion spells, volatility.",
    "funding": "SOFR vs IORB and ON RRP, RRP, reserves, TGA, standing repo.",
    "basis": "Leveraged funds' Treasury futures positioning (CFTC TFF): the basis trade.",
}


def _c(name: str, kind: str, unit: str = "", description: str = "", pattern: bool = False,
       optional: bool = False) -> Column:
    assert kind in KINDS, kind
    return Column(name, kind, unit, description, pattern, optional)


def _v(group: str, name: str, summary: str, index: str | None, columns: Iterable[tuple]) -> ViewSpec:
    return ViewSpec(group, name, summary, index, tuple(_c(*c) for c in columns))


# The declarations: generated from the views on a store filled from the mirror
# (``python -m ustmon.views draft GROUP NAME``), then kept and edited here.
from ._view_declarations import DECLARATIONS  # noqa: E402

#: (group, name) -> ViewSpec, in command order (a group's first view is its default)
REGISTRY: dict[tuple[str, str], ViewSpec] = {(g, n): _v(g, n, s, i, cols) for g, n, s, i, cols in DECLARATIONS}


def groups() -> list[str]:
    return list(GROUPS)


def views_of(group: str) -> list[ViewSpec]:
    if group not in GROUPS:
        raise UnknownViewError(f"no analytics group {group!r}; groups: {', '.join(GROUPS)}")
    return [v for (g, _), v in REGISTRY.items() if g == group]


def spec(group: str, name: str | None = None) -> ViewSpec:
    """The declaration of ``group``'s view ``name`` (default: the group's first)."""
    views = views_of(group)
    if name is None:
        return views[0]
    for v in views:
        if v.name == name:
            return v
    raise UnknownViewError(f"`ustmon {group}` has no view {name!r}; views: {', '.join(v.name for v in views)}")


def run_view(group: str, name: str | None, data) -> "Any":
    """Run a declared view on ``data`` (:class:`~ustmon.analytics.base.Data`) and return a
    :class:`~ustmon.results.Result` whose frame matches the declaration (else :class:`ViewDeclarationError`).
    A view whose inputs do not cover it raises :class:`~ustmon.errors.CoverageError` as before."""
    from .errors import CoverageError
    from .results import Result, provenance_of

    vs = spec(group, name)
    frame = vs.function(data)
    try:
        vs.check(frame)
    except ViewDeclarationError:
        if len(frame) == 0:
            # no row came back, so not even the declared columns: none of the view's inputs is stored for the
            # period asked (a refusal, not a declaration fault)
            raise CoverageError(f"{group} {name}", "none of its inputs has values in the store for the period "
                                                   "asked; `ustmon status` shows what is stored") from None
        raise
    prov = provenance_of(frame)
    present = {str(c) for c in frame.columns} | {str(n) for n in frame.index.names if n is not None}
    declared = {c: u for c, u in vs.units.items() if c in present}  # an absent optional column has no unit to show
    prov = prov.with_(units={**declared, **prov.units}, description=prov.description or vs.summary)
    return Result(frame, prov)


def spec_for_key(key: str) -> ViewSpec:
    """The declaration of a view named as ``"ustmon.analytics.fiscal:fy"`` or ``"fiscal.fy"``."""
    if ":" in key:
        module, name = key.split(":", 1)
        return spec(module.rsplit(".", 1)[-1], name)
    group, name = key.split(".", 1)
    return spec(group, name)


def require_columns(user: str, group: str, name: str, columns: Iterable[str]) -> None:
    """Check that ``user`` (a figure, a finding) reads only columns the view declares: raise
    :class:`ViewDeclarationError` naming the user, the view and the column otherwise.  Call it where a chart
    names its view and columns, so renaming a view column fails in the tests naming the chart."""
    vs = spec(group, name)
    missing = [c for c in columns if vs.column(c) is None]
    if missing:
        raise ViewDeclarationError(f"{user} reads column(s) {', '.join(missing)} that view {group} {name} does not "
                                   f"declare (declared: {', '.join(c.name for c in vs.columns)})")


def undeclared_views() -> list[tuple[str, str]]:
    """Views present in the analytics modules' ``VIEWS`` but not declared here (imports every group)."""
    out = []
    for g in GROUPS:
        for n in importlib.import_module(f"ustmon.analytics.{g}").VIEWS:
            if (g, n) not in REGISTRY:
                out.append((g, n))
    return out


def draft_declaration(group: str, name: str, frame) -> str:
    """Python source of a declaration for a view's ``frame``.

    Names, kinds and units are read off the frame; each description is only a placeholder marked ``DRAFT:`` (the
    column name spelled out), which the registry test refuses: replace it with what the column is (concept, basis,
    sign convention, source), read from the code that computes it."""
    import pandas as pd

    fn = importlib.import_module(f"ustmon.analytics.{group}").VIEWS[name]
    summary = (fn.__doc__ or "").strip().split("\n")[0]
    units = (frame.attrs or {}).get("units", {}) or {}
    index = "date" if isinstance(frame.index, pd.DatetimeIndex) else None
    lines = [f"    ({group!r}, {name!r}, {summary!r}, {index!r}, ["]
    for c in frame.columns:
        kind = _kind(frame[c])
        unit = units.get(c) or ""
        lines.append(f"        ({str(c)!r}, {kind!r}, {unit!r}, {'DRAFT: ' + _describe(str(c), unit)!r}),")
    lines.append("    ]),")
    return "\n".join(lines)


def _kind(col) -> str:
    import pandas as pd

    t = col.dtype
    if pd.api.types.is_bool_dtype(t):
        return "bool"
    if pd.api.types.is_integer_dtype(t):
        return "int"
    if pd.api.types.is_float_dtype(t):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(t):
        return "date"
    vals = col.dropna()
    if len(vals) and all(isinstance(v, bool) for v in vals):
        return "bool"
    if len(vals) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return "float"
    return "str"


_WORDS = {"pct": "%", "yoy": "year-on-year", "mom": "month-on-month", "usd": "$", "bn": "bn", "mn": "mn",
          "12m": "12-month", "4w": "4-week", "52w": "52-week", "avg6": "average of the previous 6", "gdp": "GDP",
          "fy": "fiscal year", "bp": "(bp)", "pp": "(pp)", "dv01": "DV01", "tic": "TIC", "cmt": "CMT",
          "mmf": "money-fund", "rrp": "RRP", "onrrp": "ON RRP", "iorb": "IORB", "sofr": "SOFR", "tga": "TGA",
          "wam": "WAM", "tbac": "TBAC", "omb": "OMB", "fred": "FRED", "fyfsd": "FYFSD", "qt": "QT", "frn": "FRN",
          "tips": "TIPS", "soma": "SOMA", "cmb": "CMB", "pctile": "percentile", "2y": "2-year", "10y": "10-year"}


def _describe(name: str, unit: str) -> str:
    words = [_WORDS.get(w, w) for w in name.split("_")]
    text = " ".join(words).replace("$ bn", "$bn").replace("$ mn", "$mn")
    return text[:1].upper() + text[1:]


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a maintainer's tool
    """``python -m ustmon.views draft GROUP NAME [--store PATH]``: print a declaration for a view."""
    import argparse

    from .analytics.base import Data

    p = argparse.ArgumentParser(prog="python -m ustmon.views")
    p.add_argument("command", choices=["draft", "undeclared"])
    p.add_argument("group", nargs="?")
    p.add_argument("name", nargs="?")
    p.add_argument("--store")
    a = p.parse_args(argv)
    if a.command == "undeclared":
        for g, n in undeclared_views():
            print(g, n)
        return 0
    fn = importlib.import_module(f"ustmon.analytics.{a.group}").VIEWS[a.name]
    with Data(a.store) as data:
        print(draft_declaration(a.group, a.name, fn(data)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
