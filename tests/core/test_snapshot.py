"""Bundle policy from the data README, snapshot build and offline seeding."""

from __future__ import annotations

import json

import httpx
import pytest

import ustmon.snapshot as snapshot
from ustmon.fetch import HttpClient
from ustmon.snapshot import build_snapshot, bundle_policy, is_bundleable
from ustmon.store import Store
from ustmon.update import run_update


@pytest.mark.parametrize("rel,expected", [
    ("fred/DGS10.csv", True),
    ("fred/DGS1MO.csv", True),
    ("fred/SOFR.csv", True),                       # yes (attribution: FRB New York)
    ("fred/NFCI.csv", False),                      # copyrighted by a regional Reserve Bank
    ("fred/STLFSI4.csv", False),
    ("fred/legacy_2017/FYFSD.csv", True),
    ("fred/legacy_2017/FYOINT.csv", True),          # "FYOINT ($mn); FYGDP, ..." in one README cell
    ("fred/legacy_2017/FYFSDFYGDP.csv", True),
    ("fred/processed_opxie1/TREAST-processed.csv", True),
    ("fred/vintages/WRESBAL_2015-01-07_to_2025-01-01_billions.csv", True),
    ("nyfed/ACMTermPremium_monthly-processed.csv", False),   # licence-restricted
    ("market/MOVE_Index_bloomberg-export_1988-04-04_2025-07-21.csv", False),
    ("ecb/FM_47series_lastobs_sdmx-generic_asof-2024-04-30.xml", False),
    ("ecb/EXR.D.USD.EUR.SP00.A_sdmx-generic_1999-01-04_2024-04-30.xml", True),
    ("auctions/treasurydirect_results_xml_2022-05/R_20220510_1.xml", True),
    ("cftc/FinFut18.txt", True),
    ("tic/mfhhis01.txt", True),
    ("jp_mof/jgbcme_all.csv", True),
])
def test_bundle_policy_follows_the_data_readme(shared_data, rel, expected):
    policy = bundle_policy(shared_data / "README.md")
    assert is_bundleable(shared_data / rel, shared_data, policy) is expected


def test_snapshot_build_and_offline_seed(shared_data, tmp_path, monkeypatch):
    out = tmp_path / "snap"
    manifest = build_snapshot(shared_data, out, sources=["fred"])
    assert "fred/NFCI.csv" in manifest["excluded_not_bundleable"]
    ids = {s["id"] for s in manifest["series"]}
    assert "DGS10" in ids and "NFCI" not in ids and "STLFSI4" not in ids
    sofr = next(s for s in manifest["series"] if s["id"] == "SOFR")
    assert "Federal Reserve Bank of New York" in sofr["attribution"]
    assert json.loads((out / "manifest.json").read_text())["format"] == "ustmon-snapshot/1"

    # a machine with no network: the update says so and seeds from the snapshot
    monkeypatch.setattr(snapshot, "SNAPSHOT_DIR", out)
    monkeypatch.delenv("USTMON_MIRROR", raising=False)

    def no_network(request):
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

    http = HttpClient(None, transport=httpx.MockTransport(no_network), sleep=lambda s: None)
    events = []
    db = tmp_path / "fresh.duckdb"
    outcomes = run_update(["fred"], store_path=db, http=http, report=lambda e, d: events.append((e, d)))
    assert outcomes[0].mode == "snapshot" and outcomes[0].stats.rows_added > 100_000
    assert any(e == "offline" and "bundled snapshot" in d for e, d in events)
    with Store.open(db, read_only=True) as st:
        s = st.get("DGS10")
        # README cross-check 4: DGS10 on 2024-12-31 = 4.58
        assert s.loc["2024-12-31"] == 4.58
        assert s.attrs["provenance"]["modes"] == ["snapshot"]
        # WRESBAL keeps its vintages in the snapshot: billions-era value as known in mid-2025
        assert st.get("WRESBAL", as_of="2025-06-01").loc["2024-12-25"] == 3247382.0
