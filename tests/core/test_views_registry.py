"""The view registry: every declared view, run on the store built from the real files, returns exactly its
declared columns (or refuses because its inputs are not in the store); every view of the analytics modules is
declared; a renamed column fails naming the view and the column."""

from __future__ import annotations

import pandas as pd
import pytest

from ustmon import views
from ustmon.analytics.base import Data
from ustmon.errors import CoverageError, UnknownSeriesError
from ustmon.results import Result


def test_every_analytics_view_is_declared():
    assert views.undeclared_views() == [], "add declarations to ustmon/_view_declarations.py " \
                                           "(python -m ustmon.views draft GROUP NAME)"
    for g in views.GROUPS:
        import importlib

        declared = [v.name for v in views.views_of(g)]
        assert declared == list(importlib.import_module(f"ustmon.analytics.{g}").VIEWS), g


def test_declarations_are_well_formed():
    assert len(views.REGISTRY) >= 50
    for vs in views.REGISTRY.values():
        assert vs.summary and vs.columns, vs.key
        names = [c.name for c in vs.columns]
        assert len(names) == len(set(names)), vs.key
        for c in vs.columns:
            assert c.kind in views.KINDS and c.description, (vs.key, c.name)
            if c.kind == "float" and not c.pattern and "rank" not in c.name:
                assert c.unit, f"{vs.key}.{c.name}: a number needs a unit"


def test_every_view_matches_its_declaration_on_the_mirror_store(mirror_store):
    ran, refused = [], []
    for (group, name), vs in views.REGISTRY.items():
        with Data(mirror_store) as data:
            try:
                res = views.run_view(group, name, data)
            except (CoverageError, UnknownSeriesError) as exc:  # inputs not in the mirror: refused, never guessed
                refused.append((vs.key, str(exc)))
                continue
        assert isinstance(res, Result)
        assert len(res.frame) > 0, vs.key
        for c in res.frame.columns:
            col = vs.column(str(c))
            if col.unit:
                assert res.provenance.units.get(c, col.unit) == col.unit
        ran.append(vs.key)
    # the mirror holds no SOMA-by-type file, no MTS Table 9 (receipts and outlays by category are live-only), no
    # refunding press release (Treasury's borrowing estimates are live-only) and no FRED RPONTSYD (standing repo)
    assert len(ran) >= 45, (ran, refused)
    live_only = {"fiscal.contributions", "fiscal.contributions-wide", "fiscal.categories", "fiscal.contributions-fy",
                 "supply.refunding", "funding.standing-repo"}
    assert {"supply.fed-share", "supply.duration"} >= {k for k, _ in refused} - live_only


def test_a_renamed_column_names_the_view_and_the_column(mirror_store):
    with Data(mirror_store) as data:
        frame = views.spec("curve", "yields").function(data)
    renamed = frame.rename(columns={"10y": "ten_year"})
    with pytest.raises(views.ViewDeclarationError, match=r"view curve yields: undeclared column\(s\) ten_year"):
        views.spec("curve", "yields").check(renamed)
    with pytest.raises(views.ViewDeclarationError, match=r"view curve yields: declared column\(s\) 10y missing"):
        views.spec("curve", "yields").check(frame.drop(columns=["10y"]))
    # H.15 10-year CMT on 2024-12-31: 4.58 (data README cross-check 4)
    assert frame.loc["2024-12-31", "10y"] == 4.58


def test_a_changed_unit_is_an_error():
    # SYNTHETIC: a two-row frame shaped like `curve yields` but with the 10y column in bp
    idx = pd.DatetimeIndex(["2024-12-30", "2024-12-31"], name="date")
    cols = [c.name for c in views.spec("curve", "yields").columns]
    frame = pd.DataFrame({c: [1.0, 2.0] for c in cols}, index=idx)
    frame.attrs["units"] = {"10y": "bp"}
    with pytest.raises(views.ViewDeclarationError, match="column 10y is in bp, declared pct"):
        views.spec("curve", "yields").check(frame)


def test_unknown_group_or_view_is_one_line():
    with pytest.raises(views.UnknownViewError, match="no analytics group 'nope'"):
        views.spec("nope")
    with pytest.raises(views.UnknownViewError, match="has no view 'nope'; views: spreads, yields"):
        views.spec("curve", "nope")


def test_a_reader_of_a_renamed_column_is_named():
    views.require_columns("figure yields_10y", "curve", "yields", ["10y", "2y"])
    with pytest.raises(views.ViewDeclarationError, match="figure yields_10y reads column\\(s\\) ten_year that view "
                                                         "curve yields does not declare"):
        views.require_columns("figure yields_10y", "curve", "yields", ["ten_year"])
    assert views.spec_for_key("ustmon.analytics.fiscal:fy") is views.spec("fiscal", "fy")
    assert views.spec_for_key("supply.bill-share").name == "bill-share"


# -- descriptions: what a user reads in the web API (/api/views, /openapi.json) and ustmon.views.spec(...) -------

#: words that add nothing to a column name when a description merely spells the name out
_FILLER = {"a", "an", "the", "of", "and", "in", "on", "to", "per", "vs", "by", "pct", "percent", "bn", "mn", "usd",
           "bp", "pp", "is", "as", "at"}


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[a-z0-9]+", text.lower().replace("%", " pct ").replace("$", " usd "))


def mechanical(column) -> str | None:
    """Why a column's description is a mechanical draft (it tells nothing the column name does not), or None.

    A draft: the name spelled out (``leveraged_share_pct`` -> "Leveraged share %"), the draft generator's own
    wording of the name (:func:`ustmon.views._describe`) or anything it marked ``DRAFT:``, text whose every word
    is a word of the name (or filler), or one or two words ("Total", "Observation date", "Start date")."""
    name_words = set(_words(column.name.replace("_", " ")))
    name_words |= set(_words(views._describe(column.name, column.unit)))
    desc = _words(column.description)
    if column.description.lstrip().upper().startswith("DRAFT"):
        return f"a draft from `python -m ustmon.views draft` ({column.description!r})"
    if len(desc) < 3:
        return f"one or two words ({column.description!r})"
    if " ".join(w for w in desc if w not in _FILLER) == " ".join(w for w in _words(column.name.replace("_", " "))
                                                                 if w not in _FILLER):
        return f"the name spelled out ({column.description!r})"
    if set(desc) <= name_words | _FILLER:
        return f"only the name's words ({column.description!r})"
    return None


def test_no_column_description_is_a_mechanical_draft():
    bad = [f"{vs.group} {vs.name}: {c.name}: {why}" for vs in views.REGISTRY.values() for c in vs.columns
           if (why := mechanical(c))]
    assert not bad, f"{len(bad)} column description(s) only repeat the column name; say what the column is " \
                    f"(concept, basis, sign, source) in src/ustmon/_view_declarations.py:\n" + "\n".join(bad)


def test_the_draft_rule_catches_the_drafts_and_passes_real_descriptions():
    # SYNTHETIC columns: drafts the generator wrote, and descriptions a user learns something from
    drafts = [("price_insensitive_share_pct", "pct", "Price insensitive share %"), ("total", "usd_bn", "Total"),
              ("start_date", "", "Start date"), ("date", "", "Observation date"),
              ("adjusted_holdings", "usd_bn", "Adjusted holdings"), ("runoff_3m_avg", "usd_bn", "Runoff 3m avg"),
              ("leveraged_fund_net_short_dv01_usd_mn", "usd_mn", "Leveraged fund net short DV01 $mn"),
              ("deficit_fred_fyfsd", "usd_bn", "Deficit FRED FYFSD"), ("fsi", "index", "Fsi"),
              ("bill_share_of_marketable", "pct", "DRAFT: Bill share of marketable")]
    for name, unit, text in drafts:
        assert mechanical(views.Column(name, "float", unit, text)), text
    real = [("total", "usd_bn", "All holders: Z.1 L.210 all-sector asset total, market value"),
            ("runoff", "usd_bn", "Fall in H.4.1 Treasury holdings over the month (positive = holdings fell)"),
            ("date", "", "Quarter (Z.1 dates a quarter by its first day; levels at quarter end)")]
    for name, unit, text in real:
        assert mechanical(views.Column(name, "float", unit, text)) is None, text


def test_columns_only_live_data_brings_are_declared():
    # `fiscal interest` on monthly MTS (live only) adds defense and the average rate; `funding liquidity` adds standing
    # repo when RPONTSYD is stored: neither is in the mirror, so the mirror-store test cannot see them.
    from ustmon.analytics import fiscal, funding

    # SYNTHETIC: three months of trailing-12-month sums ($bn), and two weeks of flat daily/weekly funding inputs
    idx = pd.DatetimeIndex(["2024-10-01", "2024-11-01", "2024-12-01"], name="date")
    s = lambda *v: pd.Series(v, index=idx, dtype="float64")  # noqa: E731
    table = fiscal.interest_cost_table(s(880, 890, 900), s(6800, 6850, 6900), s(4900, 4950, 5000),
                                       gdp=s(29000, 29100, 29200), defense=s(870, 875, 880),
                                       avg_rate_marketable=s(3.3, 3.3, 3.4))
    table.index = pd.DatetimeIndex(table.index, name="date")
    views.spec("fiscal", "interest").check(table)
    days = pd.date_range("2025-06-02", periods=10, freq="B")
    flat = lambda v: pd.Series(v, index=days)  # noqa: E731
    gdp = pd.Series([29500.0], index=pd.DatetimeIndex(["2025-01-01"]))
    liq = funding.liquidity(onrrp_bn=flat(200.0), reserves_mn=flat(3.2e6), fed_assets_mn=flat(6.7e6),
                            bank_credit_bn=flat(17800.0), gdp_bn_saar=gdp, tga_mn=flat(7.5e5), standing_repo_bn=flat(1.0))
    assert "standing_repo_usd_bn" in liq.columns
    views.spec("funding", "liquidity").check(liq)


def test_a_generated_declaration_fails_the_draft_rule_until_described():
    import ast

    # SYNTHETIC: a one-row frame shaped like `curve spreads`
    frame = pd.DataFrame({"yield_2y": [4.25], "spread_10y_2y_pp": [0.33]},
                         index=pd.DatetimeIndex(["2024-12-31"], name="date"))
    frame.attrs["units"] = {"yield_2y": "pct", "spread_10y_2y_pp": "pp"}
    source = views.draft_declaration("curve", "spreads", frame)
    group, name, summary, index, cols = ast.literal_eval(source.strip().rstrip(","))
    assert (group, name, index) == ("curve", "spreads", "date")
    assert [c[:3] for c in cols] == [("yield_2y", "float", "pct"), ("spread_10y_2y_pp", "float", "pp")]
    assert all(mechanical(views.Column(*c)) for c in cols), cols


def test_a_chart_that_needs_a_column_does_not_read_it_from_an_optional_one():
    """A view column declared optional (present only when its input is stored) is drawn by a chart only as an
    optional chart column, or by a chart that names that input (so the note says which series is missing)."""
    from ustmon.desk import catalog as C

    wrong = []
    for fig in C.FIGURES:
        if not fig.view:
            continue
        vs = views.spec_for_key(fig.view)
        for chart_col, view_col in fig.columns.items():
            col = vs.column(view_col)
            if col is not None and col.optional and chart_col not in fig.optional and not fig.inputs:
                wrong.append(f"{fig.id}: {view_col} of {fig.view}")
    assert wrong == [], "charts that need a column their view may not return: " + "; ".join(wrong)
