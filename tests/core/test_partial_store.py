"""A store holding only some sources: every view answers or refuses with one line, never a declaration fault.

A user who ran ``ustmon update fred`` alone (or whose TIC download failed) asks for any view: it either returns
its declared columns (those that need a missing input are declared optional) or refuses with an expected error
naming what is missing.  Before, ``foreign summary`` raised a bare KeyError without TIC, ``curve fx-hedged``
returned an undated index without the Japanese inputs, and views with no input stored returned frames without
their columns (a declaration fault instead of a refusal).
"""

from __future__ import annotations

import pytest

from ustmon.analytics.base import Data
from ustmon.errors import UstmonError
from ustmon.views import REGISTRY, ViewDeclarationError, run_view


@pytest.fixture(scope="module", params=["fred", "tic", "treasurydirect", "boj"])
def partial_store(request, shared_data, tmp_path_factory):
    from ustmon.update import run_update

    db = tmp_path_factory.mktemp("partial") / f"only-{request.param}.duckdb"
    (out,) = run_update([request.param], store_path=db, mirror=shared_data)
    assert out.error is None
    return request.param, db


def test_every_view_answers_or_refuses_on_a_store_with_one_source(partial_store):
    source, db = partial_store
    answered, faults = [], []
    for group, name in REGISTRY:
        try:
            with Data(db) as d:
                result = run_view(group, name, d)
        except ViewDeclarationError as exc:
            faults.append(f"{group} {name}: {exc}")
        except UstmonError:
            continue  # an expected refusal: the CLI prints it as one line
        else:
            answered.append((group, name))
            assert len(result.frame.columns), (group, name)
    assert faults == [], f"only {source}: " + "; ".join(faults)
    if source == "fred":  # the curve from H.15 alone: yields and the hedged yields answer
        assert ("curve", "yields") in answered and ("curve", "fx-hedged") in answered
    if source == "boj":  # one BoJ series: almost nothing can be computed, and that is said, not crashed
        assert ("foreign", "summary") not in answered
