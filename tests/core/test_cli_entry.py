"""One context for every entry point: store resolution, date errors, statically defined commands, refusals.

Store resolution everywhere is ``--store``, then ``USTMON_STORE``, then ``$USTMON_HOME/ustmon.duckdb``.  The
model commands (``report``, ``hedge``, ...) are part of the command line whatever comes before them, and a bad
date prints one line, never a traceback.
"""

from __future__ import annotations

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from ustmon import context
from ustmon.cli import LAZY_COMMANDS, app

runner = CliRunner()

# jp_mof/jgbcme_all.csv, column 10Y, January 2025 (19 business days), typed from the file
JGB_10Y_JAN_2025 = [1.145, 1.148, 1.182, 1.178, 1.202, 1.246, 1.255, 1.207, 1.207, 1.199, 1.194, 1.205, 1.215, 1.238,
                    1.225, 1.201, 1.201, 1.221, 1.25]


def _hedge_row(output: str, month: str) -> list[str]:
    line = next(ln for ln in output.splitlines() if month in ln)
    return [c.strip() for c in line.replace("│", "|").split("|") if c.strip()]


def test_every_command_is_defined_whatever_the_argv():
    """The command list does not depend on sys.argv (the old CLI mounted `report` only when it came first)."""
    group = typer.main.get_command(app)
    names = group.list_commands(None)
    for name in ("report", "bond", "futures", "nss", "termpremium", "hedge", "show", "holders", "basis"):
        assert name in names
    assert set(LAZY_COMMANDS) <= set(names)


def test_store_option_before_report_and_hedge(mirror_store, tmp_path):
    # `ustmon --store X report` used to fail with "No such command 'report'"
    r = runner.invoke(app, ["--store", str(mirror_store), "report", "--lang", "fr", "--out", str(tmp_path)])
    assert "No such command" not in r.output
    assert r.exit_code == 1 and "--lang must be one of" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["--store", str(mirror_store), "hedge", "--start", "2025-01-01"], env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    assert "2025-01" in r.output


def test_hedge_reads_ustmon_store_and_never_builds_a_second_store(mirror_store, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    r = runner.invoke(app, ["hedge", "--start", "2025-01-01"],
                      env={"USTMON_STORE": str(mirror_store), "USTMON_HOME": str(home), "COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    assert "2025-01" in r.output
    assert list(home.iterdir()) == []  # USTMON_STORE wins over USTMON_HOME: nothing seeded there


def test_store_resolution_order(tmp_path, monkeypatch):
    monkeypatch.setenv("USTMON_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("USTMON_STORE", raising=False)
    assert context.store_path() == tmp_path / "home" / "ustmon.duckdb"
    monkeypatch.setenv("USTMON_STORE", str(tmp_path / "env.duckdb"))
    assert context.store_path() == tmp_path / "env.duckdb"
    context.use_store(tmp_path / "opt.duckdb")
    try:
        assert context.store_path() == tmp_path / "opt.duckdb"
        assert context.store_path(tmp_path / "arg.duckdb") == tmp_path / "arg.duckdb"
    finally:
        context.use_store(None)
    assert context.store_path() == tmp_path / "env.duckdb"


def test_store_option_does_not_leak_into_the_next_command(mirror_store):
    r = runner.invoke(app, ["--store", str(mirror_store), "show", "DGS10", "--start", "2024-12-31", "--end",
                            "2024-12-31", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[-1] == "2024-12-31,4.58"  # H.15, data README cross-check 4
    assert context._cli_store is None


@pytest.mark.parametrize("args, option", [
    (("hedge", "--as-of", "notadate"), "--as-of"),
    (("hedge", "--start", "notadate"), "--start"),
    (("termpremium", "--as-of", "notadate"), "--as-of"),
    (("nss", "fit", "--date", "notadate"), "--date"),
    (("funding", "--as-of", "notadate"), "--as-of"),
    (("show", "DGS10", "--start", "2024-13-45"), "--start"),
])
def test_bad_dates_are_one_line_everywhere(mirror_store, args, option):
    r = runner.invoke(app, ["--store", str(mirror_store), *args])
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)  # an expected error, not a crash
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and option in lines[0] and "cannot read" in lines[0], r.output


def test_hedge_and_the_note_show_the_same_jgb_yield(mirror_store):
    """`ustmon hedge` printed a January 2025 10y JGB of 1.21% while the note's chart used 1.245% (the OECD copy):
    both now read the MoF benchmark, averaged by calendar month."""
    from ustmon.desk import catalog as C
    from ustmon.desk import evaluate as E
    from ustmon.analytics.base import Data
    from ustmon.models import fxhedge

    mean = sum(JGB_10Y_JAN_2025) / len(JGB_10Y_JAN_2025)
    assert fxhedge.HEDGE_INPUTS["jgb_10y"] == "MOF.JGB.10Y"
    with Data(mirror_store) as d:
        res = E.evaluate(C.BY_ID["fx_hedged"], d)
    assert res.frame.loc["2025-01-01", "jgb10"] == pytest.approx(mean, abs=1e-12)
    r = runner.invoke(app, ["--store", str(mirror_store), "hedge", "--start", "2025-01-01"], env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    assert "10y JGB" in r.output
    row = _hedge_row(r.output, "2025-01")  # month, 3m hedge cost JPY, hedged 10y UST (JPY), 10y JGB, ...
    assert row[3] == f"{mean:.2f}" == "1.21"


def test_a_refused_view_is_one_line_in_the_cli_and_raises_in_the_api(mirror_store, monkeypatch):
    """SYNTHETIC: a view that refuses (CoverageError) is refused alike by the CLI, the API and the figures."""
    import ustmon
    from ustmon.desk import catalog as C
    from ustmon.desk import evaluate as E
    from ustmon.analytics import curve
    from ustmon.analytics.base import Data
    from ustmon.errors import CoverageError

    def refused(data):
        raise CoverageError("10-year yield", "the synthetic test store lacks the tenor", coverage="0 of 1 tenors")

    monkeypatch.setitem(curve.VIEWS, "yields", refused)
    r = runner.invoke(app, ["--store", str(mirror_store), "curve", "yields"])
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert r.exit_code == 1 and len(lines) == 1, r.output
    assert lines[0] == "refused: 10-year yield: not computed: the synthetic test store lacks the tenor (0 of 1 tenors)"
    with pytest.raises(CoverageError, match="0 of 1 tenors"):
        ustmon.view("curve", "yields", store=mirror_store)
    with Data(mirror_store) as d:
        res = E.evaluate(C.BY_ID["yields"], d)
    assert res.frame is None
    assert E.missing_text(res, "en").startswith(
        "Data not available: the synthetic test store lacks the tenor (0 of 1 tenors).")
    assert "数据不可用" in E.missing_text(res, "zh-Hans") and "（0 of 1 tenors）" in E.missing_text(res, "zh-Hans")
    assert "數據不可用" in E.missing_text(res, "zh-Hant")


def test_api_reads_the_same_store_and_dates(mirror_store, monkeypatch):
    import ustmon
    from ustmon.context import BadOptionError

    monkeypatch.setenv("USTMON_STORE", str(mirror_store))
    ten = ustmon.get("DGS10", start="2024-12-31", end="2024-12-31")
    assert ten.tolist() == [4.58]  # H.15, data README cross-check 4
    with pytest.raises(BadOptionError, match="as_of"):
        ustmon.get("DGS10", as_of="notadate")
    v = ustmon.view("curve", "yields", start="2024-12-31")
    assert v.loc[pd.Timestamp("2024-12-31"), "10y"] == 4.58


def test_main_help_lists_lazy_commands_without_importing_them():
    """`ustmon --help` prints each lazy command's summary without importing its plotting and model-fitting
    modules (which took the help from 0.2 s to about 1.8 s)."""
    import subprocess
    import sys

    code = ("import sys; from ustmon.cli import app\n"
            "sys.argv = ['ustmon', '--help']\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in ('scipy', 'plotly', 'ustmon.models.bonds', 'ustmon.report.build') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout
    for name, (_, _, summary) in LAZY_COMMANDS.items():
        assert name in out and summary.split()[0] in out
    assert "LOADED []" in out, out[-300:]
