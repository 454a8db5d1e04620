"""The web API generated from the view registry, on a store built from the real files: the same numbers as
the command line's ``--format json`` and ``ustmon.view``; refusals and bad dates as one line; the OpenAPI
schema lists every view's columns and units."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import ustmon  # noqa: E402
from ustmon import views  # noqa: E402
from ustmon.cli import app as cli_app  # noqa: E402
from ustmon.render.table import records  # noqa: E402
from ustmon.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(mirror_store):
    return TestClient(create_app(mirror_store))


def test_registry_endpoint_lists_every_view(client):
    r = client.get("/api/views")
    assert r.status_code == 200
    got = {(v["group"], v["name"]) for v in r.json()}
    assert got == set(views.REGISTRY)
    spreads = next(v for v in r.json() if (v["group"], v["name"]) == ("curve", "spreads"))
    assert {"name": "spread_10y_2y_bp", "unit": "bp"}.items() <= spreads["columns"][7].items()


def test_view_equals_cli_json_and_python_api(client, mirror_store):
    r = client.get("/api/views/curve/yields", params={"start": "2024-12-30"})
    assert r.status_code == 200
    web = r.json()
    cli = CliRunner().invoke(cli_app, ["--store", str(mirror_store), "curve", "yields", "--start", "2024-12-30",
                                       "--format", "json"])
    assert cli.exit_code == 0, cli.output
    cli_json = json.loads(cli.output)
    api = ustmon.view("curve", "yields", start="2024-12-30", store=mirror_store)
    assert web["data"] == cli_json["data"] == records(api)
    assert web["units"] == cli_json["units"] and web["units"]["10y"] == "pct"
    assert web["provenance"] == cli_json["provenance"]
    # H.15 10-year CMT on 2024-12-31: 4.58 (fred/DGS10.csv; data README cross-check 4)
    row = next(d for d in web["data"] if d["date"].startswith("2024-12-31"))
    assert row["10y"] == 4.58 and api.loc["2024-12-31", "10y"] == 4.58
    assert web["provenance"]["series"]["DGS10"]["source"] == "fred"


def test_refused_view_is_422_with_the_reason(client):
    # Treasury's borrowing estimates come only from the live refunding press releases: none in the mirror
    r = client.get("/api/views/supply/refunding")
    assert r.status_code == 422
    assert "not computed" in r.json()["detail"] and "borrowing estimates" in r.json()["detail"]


def test_bad_date_is_400_one_line_and_unknown_view_404(client):
    r = client.get("/api/views/curve/yields", params={"as_of": "notadate"})
    assert r.status_code == 400
    assert r.json() == {"detail": "as_of: cannot read 'notadate' as a date (use YYYY-MM-DD)"}
    r = client.get("/api/views/curve/nope")
    assert r.status_code == 404 and "views: " in r.json()["detail"] and "yields" in r.json()["detail"]


def test_openapi_lists_every_view_with_columns_and_units(client):
    schema = client.get("/openapi.json").json()
    for vs in views.REGISTRY.values():
        assert f"/api/views/{vs.group}/{vs.name}" in schema["paths"], vs.key
    row = schema["components"]["schemas"]["CurveYieldsRow"]["properties"]
    assert row["10y"]["x-unit"] == "pct" and "[unit: pct]" in row["10y"]["description"]
    dealers = schema["components"]["schemas"]["AuctionsDealersRow"]
    assert dealers["patternProperties"][r"\d+[MY]"]["x-unit"] == "pct_of_competitive"
