"""The chart catalog: one view per chart, named view columns, no error swallowed.

Values asserted are typed from the official files in ../shared/data (file and value named at each assert).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from ustmon.desk import catalog as C
from ustmon.desk import evaluate as E
from ustmon.analytics.base import Data


@pytest.fixture(scope="module")
def data(mirror_store):
    with Data(mirror_store) as d:
        yield d


def test_every_chart_names_a_view_and_its_columns():
    """One row per chart: the view it draws and the columns it draws; no computation of its own."""
    import ustmon.desk.catalog as catalog

    for spec in C.FIGURES:
        assert not hasattr(spec, "compute"), spec.id
        if spec.view is None:
            assert spec.unavailable, f"{spec.id}: a chart without a view says why it is not drawn"
            continue
        assert E.view_exists(spec.group, spec.view_name), f"{spec.id}: no view {spec.view}"
        assert spec.columns and set(spec.labels) <= set(spec.columns), spec.id
        assert spec.section in catalog.SECTIONS, spec.id
    assert len({s.id for s in C.FIGURES}) == len(C.FIGURES)


def test_no_broad_except_in_chart_evaluation():
    """No ``except Exception`` around a chart or its view: a broken view must never quietly become a gap."""
    import ustmon.desk as desk
    import ustmon.render.plotly as rp

    files = sorted(Path(desk.__file__).parent.glob("*.py")) + [Path(rp.__file__)]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        broad = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)
                 and (n.type is None or (isinstance(n.type, ast.Name) and n.type.id in ("Exception", "BaseException")))]
        assert broad == [], f"{path.name} catches every exception at lines {broad}"


def test_every_chart_evaluates_or_says_why_on_the_real_files(data):
    for spec in C.FIGURES:
        res = E.evaluate(spec, data)  # nothing raises on the mirror store
        if res.frame is None:
            assert E.missing_text(res, "en").startswith("Data not available: ")
            continue
        required = [c for c in spec.columns if c not in spec.optional]
        assert set(required) <= set(res.frame.columns), spec.id
        assert res.via == spec.view


def test_yields_chart_reads_the_curve_view(data):
    res = E.evaluate(C.BY_ID["yields"], data)
    assert res.via == "curve:yields"
    # fred/DGS10.csv 2024-12-31 = 4.58, DGS2 = 4.25, DGS30 = 4.78 (data README cross-check 4)
    assert res.frame.loc[pd.Timestamp("2024-12-31"), ["DGS2", "DGS10", "DGS30"]].tolist() == [4.25, 4.58, 4.78]


def test_renaming_a_view_column_fails_naming_the_figure(mirror_store, monkeypatch):
    """SYNTHETIC rename of the curve view's 10y column: the yields chart must fail loudly, naming itself."""
    from ustmon.analytics import curve

    original = curve.VIEWS["yields"]

    def renamed(data):
        return original(data).rename(columns={"10y": "ten_year"})

    monkeypatch.setitem(curve.VIEWS, "yields", renamed)
    with Data(mirror_store) as d, pytest.raises(E.FigureColumnError) as err:
        E.evaluate(C.BY_ID["yields"], d)
    assert err.value.figure == "yields" and err.value.missing == ["10y"]
    assert "figure 'yields'" in str(err.value) and "curve:yields" in str(err.value)


def test_every_chart_draws_only_declared_view_columns():
    """Without a store: each chart's columns are columns its view declares in the registry, so renaming a
    declared column fails here naming the chart."""
    from ustmon import views

    for spec in C.FIGURES:
        if spec.view is None or spec.prepare is not None:
            continue  # a reshaped view is checked after its reshaping (below)
        views.require_columns(f"figure {spec.id}", spec.group, spec.view_name, spec.columns.values())


def test_every_view_column_a_chart_draws_is_checked(mirror_store, monkeypatch):
    """SYNTHETIC: drop each required column of each chart's view in turn; evaluation names the chart every time."""
    import importlib

    with Data(mirror_store) as d:
        for spec in C.FIGURES:
            if spec.view is None or E.evaluate(spec, d).frame is None:
                continue  # nothing to draw on this store (a chart without data says so; tested above)
            required = [c for c in spec.columns if c not in spec.optional]
            if spec.prepare is not None or not required:
                continue  # reshaped views are checked after their reshaping, by the same rule
            chart_col = required[0]
            mod = importlib.import_module(f"ustmon.analytics.{spec.group}")
            fn = mod.VIEWS[spec.view_name]
            col = spec.columns[chart_col]
            with monkeypatch.context() as m:
                m.setitem(mod.VIEWS, spec.view_name, lambda data, fn=fn, col=col: fn(data).drop(columns=[col]))
                d._cache.pop("__views__", None)
                with pytest.raises(E.FigureColumnError, match=f"figure '{spec.id}'"):
                    E.evaluate(spec, d)
            d._cache.pop("__views__", None)


def test_the_desk_is_medium_neutral():
    """desk/ (catalog, findings, words) imports no plotting or command-line library and nothing of the note or
    the renderers: the note and the dashboard both build on it, arrows pointing one way."""
    import ustmon.desk as desk

    for path in sorted(Path(desk.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {("." * n.level) + (n.module or "") for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        bad = {m for m in names if m.split(".")[0] in ("plotly", "typer", "rich", "click")
               or m.lstrip(".").split(".")[0] in ("report", "render", "cli", "commands")
               or m.startswith(("ustmon.report", "ustmon.render", "ustmon.cli", "ustmon.commands"))}
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_note_does_not_hide_a_renamed_view_column(mirror_store, monkeypatch, tmp_path):
    """SYNTHETIC rename of the curve view's 10y column: the note stops naming the chart instead of printing
    'no observations' (its evaluation used to catch every KeyError)."""
    from ustmon.analytics import curve
    from ustmon.report.build import build_report

    original = curve.VIEWS["yields"]
    monkeypatch.setitem(curve.VIEWS, "yields", lambda data: original(data).rename(columns={"10y": "ten_year"}))
    with Data(mirror_store) as d, pytest.raises(E.FigureColumnError, match="figure 'yields'"):
        build_report(d, "en", tmp_path, write_state=False, figure_ids=("yields",))
