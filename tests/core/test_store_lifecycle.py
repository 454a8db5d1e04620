"""Store lifecycle (issue 10): atomic creation, damaged files, check/repair/backup, kills and races.

Stores are built from real files copied to a temporary mirror (never into the repo)
or are SYNTHETIC (schema only).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from ustmon import store_admin
from ustmon.cli import app
from ustmon.store import Store, StoreError
from ustmon.update import run_update

runner = CliRunner()


@pytest.fixture(scope="module")
def mini_mirror(shared_data, tmp_path_factory):
    m = tmp_path_factory.mktemp("mirror")
    (m / "fred").mkdir()
    for name in ("DGS10.csv", "WRESBAL.csv"):
        shutil.copy(shared_data / "fred" / name, m / "fred" / name)  # temporary mirror, outside the repo
    return m


@pytest.fixture(scope="module")
def good_store(mini_mirror, tmp_path_factory):
    db = tmp_path_factory.mktemp("good") / "s.duckdb"
    assert run_update(["fred"], store_path=db, mirror=mini_mirror)[0].error is None
    return db


def _counts(db: Path) -> dict[str, int]:
    with Store.open(db, read_only=True) as st:
        return dict(st.con.execute("SELECT series_id, count(*) FROM obs GROUP BY 1").fetchall())


def test_creation_is_atomic_and_leaves_no_temporary_files(tmp_path):
    db = tmp_path / "new" / "s.duckdb"
    with Store.open(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM series").fetchall() == [(0,)]
    assert sorted(p.name for p in db.parent.iterdir()) == ["s.duckdb"]


def test_a_store_left_without_tables_opens(tmp_path):
    # SYNTHETIC: what an older ustmon killed during first creation left behind
    db = tmp_path / "s.duckdb"
    duckdb.connect(str(db)).close()
    with Store.open(db, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM obs").fetchall() == [(0,)]


def test_concurrent_first_creation_is_safe(tmp_path):
    db = tmp_path / "home" / "s.duckdb"
    code = ("import sys; from ustmon.store import Store\n"
            "with Store.open(sys.argv[1], read_only=True) as st: st.con.execute('SELECT count(*) FROM series').fetchall()\n"
            "with Store.open(sys.argv[1]) as st: st.con.execute('SELECT count(*) FROM obs').fetchall()\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE) for _ in range(4)]
    errs = [(p.wait(timeout=120), p.stderr.read().decode()) for p in procs]
    assert all(rc == 0 for rc, _ in errs), errs
    assert sorted(p.name for p in db.parent.iterdir()) == ["s.duckdb"]


def _damaged(good: Path, tmp_path: Path, how: str) -> Path:
    db = tmp_path / f"{how}.duckdb"
    shutil.copy(good, db)
    size = db.stat().st_size
    if how == "truncated":
        with open(db, "r+b") as fh:
            fh.truncate(size // 3)
    else:  # byte-flipped: the first database header and a few blocks
        with open(db, "r+b") as fh:
            for off in (4096, size // 3, 2 * size // 3):
                fh.seek(off)
                b = fh.read(64)
                fh.seek(off)
                fh.write(bytes(x ^ 0xFF for x in b))
    return db


@pytest.mark.parametrize("how", ["truncated", "flipped"])
def test_damaged_store_gives_one_line_with_advice(good_store, tmp_path, how):
    db = _damaged(good_store, tmp_path, how)
    for args in (["show", "DGS10"], ["status"], ["series"]):
        r = runner.invoke(app, ["--store", str(db), *args])
        assert r.exit_code == 1, (args, r.output)
        assert "Traceback" not in r.output and "ustmon store" in r.output
        assert len(r.output.strip().splitlines()) == 1, r.output
    assert store_admin.check(db)
    r = runner.invoke(app, ["--store", str(db), "store", "check"])
    assert r.exit_code == 1 and "store repair" in r.output


def test_repair_keeps_the_damaged_file_and_restores_the_backup(good_store, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(good_store, db)
    t = time.perf_counter()
    copy = store_admin.backup(db)
    cost = time.perf_counter() - t
    assert copy is not None and copy.exists() and not store_admin.check(copy)
    assert cost < 10, f"backup took {cost:.1f} s"
    expected = _counts(db)
    with open(db, "r+b") as fh:  # damage it
        fh.truncate(db.stat().st_size // 3)
    r = runner.invoke(app, ["--store", str(db), "store", "repair"])
    assert r.exit_code == 0, r.output
    assert "restored from the newest good backup" in r.output
    assert _counts(db) == expected and not store_admin.check(db)
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1
    r = runner.invoke(app, ["--store", str(db), "store", "check"])
    assert r.exit_code == 0 and "ok" in r.output


def test_repair_without_backup_salvages_or_starts_empty(good_store, tmp_path):
    db = _damaged(good_store, tmp_path, "flipped")
    out = store_admin.repair(db)
    assert out.method in ("salvage", "empty") and out.moved_to.exists()
    assert not store_admin.check(db)
    with Store.open(db, read_only=True) as st:
        st.con.execute("SELECT count(*) FROM obs").fetchall()


def test_backups_are_pruned(good_store, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(good_store, db)
    for _ in range(4):
        store_admin.backup(db)
    assert len(store_admin.list_backups(db)) == store_admin.KEEP_BACKUPS


def test_open_error_is_a_store_error(tmp_path):
    junk = tmp_path / "x.duckdb"
    junk.write_bytes(b"\0" * 10000)
    with pytest.raises(StoreError, match="ustmon store check"):
        Store(junk, read_only=True)
    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "missing.duckdb", read_only=True, create=False)


def test_sigkill_during_update_leaves_before_or_after_state(mini_mirror, good_store, tmp_path):
    """Kill `ustmon update` at random points (first creation included): the store opens and
    each file's series hold either nothing (before) or everything (after)."""
    after = _counts(good_store)
    rng = random.Random(20261201)
    env = {**_clean_env(), "USTMON_HOME": str(tmp_path / "home")}
    for i in range(4):
        db = tmp_path / f"k{i}" / "s.duckdb"
        cmd = [sys.executable, "-m", "ustmon.cli", "--store", str(db), "update", "fred", "--mirror", str(mini_mirror)]
        delays = [rng.uniform(0.05, 4.0)] + ([rng.uniform(0.05, 4.0)] if i % 2 else [])
        for delay in delays:  # odd rounds: kill twice (the second update runs over a half-written store)
            p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait(timeout=60)
        if db.exists():
            assert not store_admin.check(db), store_admin.check(db)
            got = _counts(db)
            for sid, n in after.items():
                assert got.get(sid, 0) in (0, n), (i, sid, got.get(sid), n)
        else:
            assert not any(p.suffix == ".duckdb" for p in db.parent.glob("*")) if db.parent.exists() else True
        r = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
        assert r.returncode == 0, r.stderr.decode()[-2000:]
        assert _counts(db) == after


def test_three_updates_started_together_on_an_empty_home(mini_mirror, good_store, tmp_path):
    env = {**_clean_env(), "USTMON_HOME": str(tmp_path / "home")}
    cmd = [sys.executable, "-m", "ustmon.cli", "update", "fred", "--mirror", str(mini_mirror)]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    outs = [(p.wait(timeout=300), p.stderr.read().decode()) for p in procs]
    assert all(rc == 0 for rc, _ in outs), outs
    assert all("Traceback" not in err for _, err in outs)
    assert _counts(tmp_path / "home" / "ustmon.duckdb") == _counts(good_store)


def _clean_env() -> dict:
    """The environment without USTMON_STORE (CLI tests in this process set it through --store)."""
    return {k: v for k, v in os.environ.items() if k != "USTMON_STORE"}
