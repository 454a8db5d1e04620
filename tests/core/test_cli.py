"""The command line on a store built from the real files: formats, provenance, errors as one line."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from ustmon.cli import app
from ustmon.update import run_update

runner = CliRunner()


@pytest.fixture(scope="module")
def store(shared_data, tmp_path_factory):
    m = tmp_path_factory.mktemp("m")
    (m / "fred" / "vintages").mkdir(parents=True)
    (m / "tic").mkdir()
    for rel in ("fred/DGS10.csv", "fred/WRESBAL.csv", "fred/vintages/WRESBAL_2015-01-07_to_2025-01-01_billions.csv",
                "tic/mfhhis01.txt", "tic/slt_table5_vintage-2026-02_pagetext-excerpt.txt",
                "tic/slt_table5_vintage-2026-03_pagetext-excerpt.txt"):
        shutil.copy(shared_data / rel, m / rel)  # temporary mirror outside the repo
    db = tmp_path_factory.mktemp("s") / "cli.duckdb"
    outcomes = run_update(["fred", "tic"], store_path=db, mirror=m)
    assert all(o.error is None for o in outcomes)
    return db


def invoke(store, *args):
    return runner.invoke(app, ["--store", str(store), *args])


def test_show_csv_is_date_value(store):
    r = invoke(store, "show", "DGS10", "--start", "2024-12-30", "--end", "2024-12-31", "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["date,value", "2024-12-30,4.55", "2024-12-31,4.58"]


def test_show_table_carries_source_unit_and_vintage(store):
    r = invoke(store, "show", "TIC.MFH.CN", "--start", "2023-09-01", "--end", "2023-09-01")
    assert r.exit_code == 0, r.output
    assert "778.1" in r.output and "usd_bn" in r.output
    assert "Treasury International Capital" in r.output and "vintage" in r.output


def test_show_json_and_as_of_vintage(store):
    # data README cross-check 2: UK 2025-09 was 862.1 (history file, 2026-02 table) then 862.5 (2026-03 table)
    latest = json.loads(invoke(store, "show", "TIC.MFH.GB", "--start", "2025-09-01", "--end", "2025-09-01",
                               "--format", "json").output)
    assert latest["data"] == [{"date": "2025-09-01", "value": 862.5}]
    assert latest["provenance"]["unit"] == "usd_bn"
    first = json.loads(invoke(store, "show", "TIC.MFH.GB", "--start", "2025-09-01", "--end", "2025-09-01",
                              "--as-of", "2026-04-30", "--format", "json").output)
    assert first["data"][0]["value"] == 862.1


def test_export_parquet_has_units(store, tmp_path):
    out = tmp_path / "x.parquet"
    r = invoke(store, "export", "DGS10", "WRESBAL", "--to", str(out))
    assert r.exit_code == 0, r.output
    df = pd.read_parquet(out)
    assert set(df["series_id"]) == {"DGS10", "WRESBAL"}
    assert set(df.loc[df.series_id == "WRESBAL", "unit"]) == {"usd_mn"}
    # cross-check 8: 2024-12-25 reserves 3,247,382 $mn whichever vintage supplied it
    row = df[(df.series_id == "WRESBAL") & (df.date == pd.Timestamp("2024-12-25"))]
    assert row["value"].item() == 3247382.0


def test_series_search_and_status(store):
    r = invoke(store, "series", "China", "--format", "csv")
    assert r.exit_code == 0 and "TIC.MFH.CN" in r.output and "usd_bn" in r.output
    st = json.loads(invoke(store, "status", "--format", "json").output)
    tic = next(s for s in st if s["source"] == "tic")
    assert tic["latest_observation"] == "2026-03-01" and tic["vintages"] >= 2 and tic["mode"] == "mirror"


@pytest.mark.parametrize("args,needle", [
    (("show", "DGS1O"), "unknown series 'DGS1O'"),
    (("show", "DGS10", "--as-of", "yesterday-ish"), "--as-of"),
    (("show", "DGS10", "--format", "xml"), "--format"),
    (("update", "nosuchsource"), "unknown source"),
    (("export", "DGS10", "--to", "x.xlsx"), ".parquet or .csv"),
])
def test_expected_errors_are_one_line_without_traceback(store, args, needle):
    r = invoke(store, *args)
    assert r.exit_code == 1
    assert needle in r.output and "Traceback" not in r.output


def test_view_commands_come_from_the_registry_and_list_columns_with_units(store):
    from ustmon.views import GROUPS

    r = runner.invoke(app, ["--help"])
    for group in GROUPS:
        assert group in r.output
    r = invoke(store, "curve", "--list")
    assert r.exit_code == 0, r.output
    assert "spreads: 2s10s and 3m10s spreads" in r.output
    assert "spread_10y_2y_bp (bp)" in r.output and "10y (pct)" in r.output
    r = invoke(store, "auctions", "--list")
    assert "<\\d+[MY]> (pct_of_competitive)" in r.output  # one column per tenor: a declared pattern


@pytest.mark.parametrize("args,needle", [
    (("curve", "yields", "--as-of", "notadate"), "--as-of: cannot read 'notadate'"),
    (("curve", "yields", "--as-of", "2100-01-01"), "--as-of: 2100-01-01 is after today"),
    (("auctions", "review", "--start", "2030-05-01"), "--start: 2030-05-01 is after today"),
    (("curve", "nope"), "`ustmon curve` has no view 'nope'; views: spreads, yields"),
    (("curve", "spreads", "--format", "xml"), "--format must be one of"),
])
def test_view_command_errors_are_one_line(store, args, needle):
    r = invoke(store, *args)
    assert r.exit_code == 1
    assert needle in r.output and "Traceback" not in r.output


def test_view_command_json_carries_units_and_provenance(mirror_store):
    r = invoke(mirror_store, "curve", "spreads", "--start", "2024-12-31", "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["units"]["spread_10y_2y_bp"] == "bp"
    # 2024-12-31: DGS10 4.58 - DGS2 4.25 = 33 bp (fred/DGS10.csv, fred/DGS2.csv; data README cross-check 4)
    first = out["data"][0]
    assert first["date"].startswith("2024-12-31") and round(first["spread_10y_2y_bp"], 6) == 33.0
    assert out["provenance"]["latest_observation"] >= "2024-12-31"
    assert set(out["provenance"]["series"]) >= {"DGS10", "DGS2"}
