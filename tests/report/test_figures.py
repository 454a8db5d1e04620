"""Chart definitions: one computation per chart, named view columns, no error swallowed.

Values asserted are typed from the official files in ../shared/data (file and value named at each assert).
"""

from __future__ import annotations

import ast
import inspect

import pandas as pd
import pytest

from ustmon import figures as F
from ustmon.analytics.base import Data


@pytest.fixture(scope="module")
def data(mirror_store):
    with Data(mirror_store) as d:
        yield d


def test_no_chart_has_a_second_store_computation():
    for spec in F.FIGURES:
        if spec.analytics is not None:
            assert spec.compute is None, f"{spec.id}: a chart drawn from a view has no fallback computation"


def test_no_broad_except_in_chart_evaluation():
    tree = ast.parse(inspect.getsource(F))
    broad = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)
             and (n.type is None or (isinstance(n.type, ast.Name) and n.type.id in ("Exception", "BaseException")))]
    assert broad == [], f"figures.py catches every exception at lines {broad}"


def test_every_chart_evaluates_or_says_why_on_the_real_files(data):
    for spec in F.FIGURES:
        res = F.evaluate(spec, data)  # nothing raises on the mirror store
        if res.frame is None:
            assert F.missing_text(res, "en").startswith("Data not available: ")
            continue
        if spec.analytics is not None:
            required = [c for c in spec.analytics.columns if c not in spec.analytics.optional]
            assert set(required) <= set(res.frame.columns), spec.id
            assert res.via == spec.analytics.key


def test_yields_chart_reads_the_curve_view(data):
    res = F.evaluate(F.BY_ID["yields"], data)
    assert res.via == "ustmon.analytics.curve:yields"
    # fred/DGS10.csv 2024-12-31 = 4.58, DGS2 = 4.25, DGS30 = 4.78 (data README cross-check 4)
    assert res.frame.loc[pd.Timestamp("2024-12-31"), ["DGS2", "DGS10", "DGS30"]].tolist() == [4.25, 4.58, 4.78]


def test_renaming_a_view_column_fails_naming_the_figure(mirror_store, monkeypatch):
    """SYNTHETIC rename of the curve view's 10y column: the yields chart must fail loudly, naming itself."""
    from ustmon.analytics import curve

    original = curve.VIEWS["yields"]

    def renamed(data):
        return original(data).rename(columns={"10y": "ten_year"})

    monkeypatch.setitem(curve.VIEWS, "yields", renamed)
    with Data(mirror_store) as d, pytest.raises(F.FigureColumnError) as err:
        F.evaluate(F.BY_ID["yields"], d)
    assert err.value.figure == "yields" and err.value.missing == ["10y"]
    assert "figure 'yields'" in str(err.value) and "ustmon.analytics.curve:yields" in str(err.value)


def test_every_view_column_a_chart_draws_is_checked(mirror_store, monkeypatch):
    """SYNTHETIC: drop each required column of each chart's view in turn; evaluation names the chart every time."""
    import importlib

    with Data(mirror_store) as d:
        for spec in F.FIGURES:
            vs = spec.analytics
            if vs is None or vs.key in F.MODEL_VIEWS:
                continue
            required = [c for c in vs.columns if c not in vs.optional]
            if vs.prepare is not None or not required:
                continue  # reshaped views are checked after their reshaping, by the same rule
            chart_col = required[0]
            mod = importlib.import_module(vs.module)
            fn = mod.VIEWS[vs.view]
            col = vs.columns[chart_col]
            with monkeypatch.context() as m:
                m.setitem(mod.VIEWS, vs.view, lambda data, fn=fn, col=col: fn(data).drop(columns=[col]))
                d._cache.pop("__views__", None)
                with pytest.raises(F.FigureColumnError, match=f"figure '{spec.id}'"):
                    F.evaluate(spec, d)
            d._cache.pop("__views__", None)
