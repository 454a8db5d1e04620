"""Snapshot build skips a bad bundleable file, lists it, and builds the rest."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from ustmon.cli import app
from ustmon.snapshot import build_snapshot


def _mirror(shared, tmp_path):
    m = tmp_path / "mirror"
    (m / "fred").mkdir(parents=True)
    shutil.copy(shared / "README.md", m / "README.md")  # the bundle policy, in a temporary mirror
    shutil.copy(shared / "fred" / "DGS10.csv", m / "fred" / "DGS10.csv")
    # an HTML error page saved under a bundleable file's name
    (m / "fred" / "DGS2.csv").write_text("<!DOCTYPE html><html><body>503 Service Unavailable</body></html>")
    return m


def test_snapshot_build_skips_and_reports_a_bad_file(shared_data, tmp_path):
    m = _mirror(shared_data, tmp_path)
    events = []
    manifest = build_snapshot(m, tmp_path / "snap", sources=["fred"], report=lambda e, d: events.append((e, d)))
    assert len(manifest["failed"]) == 1 and "DGS2.csv" in manifest["failed"][0] and "HTML" in manifest["failed"][0]
    assert any(e == "error" and "DGS2.csv" in d for e, d in events)
    ids = {s["id"] for s in manifest["series"]}
    assert "DGS10" in ids and "DGS2" not in ids
    assert [f["file"] for f in manifest["files"]] == ["fred/DGS10.csv"]
    assert json.loads((tmp_path / "snap" / "manifest.json").read_text())["failed"] == manifest["failed"]


def test_snapshot_build_cli_exits_1_and_names_the_file(shared_data, tmp_path, monkeypatch):
    m = _mirror(shared_data, tmp_path)
    import ustmon.snapshot as snapshot

    real = snapshot.build_snapshot
    monkeypatch.setattr(snapshot, "build_snapshot", lambda mirror, out, **kw: real(mirror, out, sources=["fred"], **kw))
    r = CliRunner().invoke(app, ["snapshot", "build", "--mirror", str(m), "--out", str(tmp_path / "snap")])
    assert r.exit_code == 1, r.output
    assert "DGS2.csv" in r.output and "Traceback" not in r.output
    assert (tmp_path / "snap" / "manifest.json").exists()
