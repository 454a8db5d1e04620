"""The command line treats text as data and reports machine failures as one line (issue 10).

Stores here are SYNTHETIC: a few rows written straight into a fresh store.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ustmon.cli import app, safe_text
from ustmon.store import Store

runner = CliRunner()

NASTY_TITLE = "Rates [/x] [link=https://example.invalid]hidden[/link] \x1b]0;pwned\x07\x1b[31mred\x9b2J"


def _store(path, sid="X[/red]", title=NASTY_TITLE):
    """SYNTHETIC store: one series whose id and title carry markup and terminal escape codes."""
    with Store.open(path) as st:
        st.con.execute("INSERT INTO series VALUES (?, ?, 'fred', '[bold]ds', 'D', 'pct', 'u', '[/a]', '', now())",
                       [sid, title])
        st.con.execute("INSERT INTO origins (id, source, origin, kind, mode, vintage, retrieved_at, sha256, rows_seen, "
                       "rows_added, notes) VALUES (1, 'fred', 'ZZ[/red].csv', 'k', 'mirror', ?, ?, 'h', 1, 1, '')",
                       [datetime(2024, 1, 3), datetime(2024, 1, 3)])
        st.con.execute("INSERT INTO obs (series_id, date, vintage, value, origin_id) VALUES (?, DATE '2024-01-02', ?, 1.5, 1)", [sid, datetime(2024, 1, 3)])
        st.con.execute("INSERT INTO updates VALUES ('fred', 'mirror[/x]', now(), now(), 1, 0, 1, 1, 'ok', '[/x]')")
    return path


def invoke(store, *args):
    return runner.invoke(app, ["--store", str(store), *args])


def test_safe_text_strips_control_characters():
    assert safe_text("a\x1b[31mb\x07c\x9bd\te\nf") == "a[31mbcd\te\nf"


@pytest.mark.parametrize("args", [["show", "X[/red]"], ["series"], ["series", "[/x]"], ["status"]])
def test_markup_and_escape_codes_in_data_print_as_text(tmp_path, args):
    db = _store(tmp_path / "s.duckdb")
    r = invoke(db, *args)
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\x07" not in r.output and "\x9b" not in r.output
    if args[0] == "show":
        assert "X[/red]" in r.output and "[/x]" in r.output and "[link=https://example.invalid]hidden[/link]" in r.output


def test_error_message_with_markup_is_printed_verbatim(tmp_path):
    db = _store(tmp_path / "s.duckdb")
    r = invoke(db, "show", "[link=https://example.invalid]DGS10[/link]")
    assert r.exit_code == 1
    assert "[link=https://example.invalid]DGS10[/link]" in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("value", ["", "   ", "not-a-date", "0001-01-01", "99999-01-01"])
def test_bad_as_of_is_one_line(tmp_path, value):
    db = _store(tmp_path / "s.duckdb")
    r = invoke(db, "show", "X[/red]", "--as-of", value)
    assert r.exit_code == 1 and "--as-of" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_read_only_commands_never_create_a_store(tmp_path):
    missing = tmp_path / "nope" / "s.duckdb"
    for args in (["show", "DGS10"], ["series"], ["status"], ["export", "DGS10", "--to", str(tmp_path / "x.csv")]):
        r = invoke(missing, *args)
        assert r.exit_code == 1 and "no store" in r.output, (args, r.output)
        assert len(r.output.strip().splitlines()) == 1
    assert not missing.exists() and not missing.parent.exists()


def test_store_pointing_at_a_folder_or_a_non_duckdb_file(tmp_path):
    r = invoke(tmp_path, "show", "DGS10")
    assert r.exit_code == 1 and "is a folder" in r.output
    junk = tmp_path / "notes.duckdb"
    junk.write_text("this is not a database\n" * 100)
    r = invoke(junk, "show", "DGS10")
    assert r.exit_code == 1 and "ustmon store check" in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


#: capabilities that let root ignore file permissions; without them root obeys the mode bits like anyone
_BYPASS_CAPS = "-dac_override,-dac_read_search,-fowner,-linux_immutable"


def _without_permission_bypass(tmp_path) -> list[str]:
    """A command prefix under which file permissions hold: nothing for a normal user; for root, drop the
    capabilities that bypass them (``setpriv --bounding-set``), else run as ``nobody`` (``setpriv --reuid``).
    Skips, with the reason, when running as root and neither works here."""
    import shutil
    import subprocess
    import sys

    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv (util-linux) is not installed: cannot make file permissions hold")
    probe = tmp_path / "probe"
    probe.mkdir()
    probe.chmod(0o555)
    write = [sys.executable, "-c", f"open({str(probe / 'x')!r}, 'w')"]
    for prefix in ([setpriv, f"--bounding-set={_BYPASS_CAPS}", "--"],
                   [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]):
        r = subprocess.run(prefix + write, capture_output=True, text=True)
        if r.returncode != 0 and "PermissionError" in r.stderr:
            return prefix  # the probe could not write into a read-only folder: permissions hold
    pytest.skip("running as root and neither dropping capabilities nor switching to nobody (setpriv) "
                "makes file permissions hold here")


def _cli(prefix: list[str], *args: str, env: dict | None = None):
    import subprocess
    import sys

    return subprocess.run(prefix + [sys.executable, "-m", "ustmon.cli", *args], env={**_clean_env(), **(env or {})},
                          capture_output=True, text=True, timeout=300)


def _one_line_error(r, path) -> None:
    out = (r.stdout + r.stderr).strip()
    assert r.returncode == 1, out
    assert "Traceback" not in out and str(path) in out
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


@pytest.fixture()
def ro_setup(tmp_path):
    """A world-readable temporary tree (so ``nobody`` can reach it too): a SYNTHETIC FRED mirror and a store."""
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="ustmon-ro-"))
    root.chmod(0o755)
    (root / "m" / "fred").mkdir(parents=True)
    (root / "m" / "fred" / "DGS10.csv").write_text("observation_date,DGS10\n2024-01-02,3.95\n2024-01-03,3.91\n")
    from ustmon.update import run_update

    (root / "st").mkdir()
    assert run_update(["fred"], store_path=root / "st" / "s.duckdb", mirror=root / "m")[0].error is None
    for d in (root / "m", root / "m" / "fred", root / "st"):
        d.chmod(0o755)
    for f in (root / "m" / "fred" / "DGS10.csv", root / "st" / "s.duckdb"):
        f.chmod(0o644)
    yield root
    for d in root.rglob("*"):
        if d.is_dir():
            d.chmod(0o755)
    import shutil

    shutil.rmtree(root, ignore_errors=True)


def test_read_only_home_is_one_line(ro_setup, tmp_path):
    """`update` into a read-only USTMON_HOME (the default store there): one line naming the folder, exit 1."""
    prefix = _without_permission_bypass(tmp_path)
    home = ro_setup / "home"
    home.mkdir()
    home.chmod(0o555)
    r = _cli(prefix, "update", "fred", "--mirror", str(ro_setup / "m"), env={"USTMON_HOME": str(home)})
    _one_line_error(r, home)
    assert not (home / "ustmon.duckdb").exists()


def test_read_only_store_is_one_line_and_still_readable(ro_setup, tmp_path):
    """A read-only store file in a read-only folder: `update` says so in one line; `show` still reads it."""
    prefix = _without_permission_bypass(tmp_path)
    db = ro_setup / "st" / "s.duckdb"
    db.chmod(0o444)
    db.parent.chmod(0o555)
    r = _cli(prefix, "--store", str(db), "update", "fred", "--mirror", str(ro_setup / "m"))
    _one_line_error(r, db)
    r = _cli(prefix, "--store", str(db), "show", "DGS10", "--format", "csv")
    assert r.returncode == 0 and "2024-01-03,3.91" in r.stdout, r.stderr


def test_read_only_output_folder_is_one_line(ro_setup, tmp_path):
    """`export --to` into a read-only folder: one line naming the file, exit 1, nothing written."""
    prefix = _without_permission_bypass(tmp_path)
    out = ro_setup / "out"
    out.mkdir()
    out.chmod(0o555)
    r = _cli(prefix, "--store", str(ro_setup / "st" / "s.duckdb"), "export", "DGS10", "--to", str(out / "x.csv"))
    _one_line_error(r, out / "x.csv")
    assert not (out / "x.csv").exists()


def test_disk_full_behind_a_rollback_error_is_reported(tmp_path, monkeypatch):
    """'cannot rollback - no transaction is active' must not hide 'No space left on device'."""
    from ustmon import cli

    def boom():
        try:
            raise OSError(28, "No space left on device", str(tmp_path / "s.duckdb.wal"))
        except OSError:
            raise RuntimeError("TransactionContext Error: cannot rollback - no transaction is active")

    msg = cli._expected_failure(_capture(boom))
    assert msg and "no space left" in msg and "s.duckdb.wal" in msg


def _capture(fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001
        return exc
    raise AssertionError("no exception")


@pytest.mark.parametrize("app_name, args, expect", [
    ("bond", ["price", "--coupon", "4.25", "--maturity", "2020-11-15", "--settle", "2024-12-31", "--yield", "4.58"],
     "on or after maturity"),
    ("bond", ["price", "--coupon", "4", "--maturity", "2034-11-15", "--settle", "2024-12-31", "--yield", "nan"],
     "--yield: nan is not a finite number"),
    ("bond", ["price", "--coupon", "inf", "--maturity", "2034-11-15", "--settle", "2024-12-31", "--yield", "4"],
     "--coupon: inf"),
    ("bond", ["price", "--coupon", "4", "--maturity", "2034-13-45", "--settle", "2024-12-31", "--yield", "4"],
     "month must be in 1..12"),
    ("bond", ["bill", "--discount", "5.2", "--days", "0"], "days must be positive"),
    ("bond", ["yield", "--coupon", "4", "--maturity", "2034-11-15", "--settle", "2024-12-31", "--price", "-5"],
     "price must be positive"),
    ("futures", ["cf", "--contract", "[/x]", "--month", "2024-12", "--coupon", "4", "--maturity", "2031-02-15"],
     "unknown Treasury futures contract '[/x]'"),
    ("futures", ["cf", "--contract", "TY", "--month", "2024-13", "--coupon", "4", "--maturity", "2031-08-15", "--original-term", "10"],
     "month must be in 1..12"),
])
def test_bad_bond_and_futures_inputs_are_one_line(app_name, args, expect):
    from ustmon.commands.bond_cli import bond_app, futures_app

    r = runner.invoke(bond_app if app_name == "bond" else futures_app, args)
    assert r.exit_code == 1, r.output
    assert expect in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_good_bond_input_still_prices():
    from ustmon.commands.bond_cli import bond_app

    # README example: 4.25% of 2034-11-15 at 4.58% settling 2024-12-31
    r = runner.invoke(bond_app, ["price", "--coupon", "4.25", "--maturity", "2034-11-15", "--settle", "2024-12-31",
                                 "--yield", "4.58"])
    assert r.exit_code == 0 and "DV01" in r.output


def test_real_disk_full_is_one_line_and_the_store_stays_readable(shared_data, tmp_path):
    """A 1 MB tmpfs as USTMON_HOME (needs root and mount; skipped otherwise): jp_mof/jgbcme_all.csv does not fit."""
    import shutil
    import subprocess
    import sys

    full = tmp_path / "full"
    full.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(full)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        (tmp_path / "m" / "jp_mof").mkdir(parents=True)
        shutil.copy(shared_data / "jp_mof" / "jgbcme_all.csv", tmp_path / "m" / "jp_mof")  # temporary mirror
        env = {**_clean_env(), "USTMON_HOME": str(full)}
        r = subprocess.run([sys.executable, "-m", "ustmon.cli", "update", "jpmof", "--mirror", str(tmp_path / "m")],
                           env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert "no space left" in r.stderr and str(full) in r.stderr
        assert "cannot rollback" not in r.stderr
        r = subprocess.run([sys.executable, "-m", "ustmon.cli", "status", "--format", "csv"], env=env,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
    finally:
        subprocess.run(["umount", str(full)], capture_output=True)


def _clean_env() -> dict:
    """The environment without USTMON_STORE (CLI tests in this process set it through --store)."""
    return {k: v for k, v in os.environ.items() if k != "USTMON_STORE"}
