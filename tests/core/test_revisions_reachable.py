"""A revised mirror file with the same latest date as the original keeps the original reachable by ``--as-of``.

Publishers revise files without dating the revision: a FRED ``DGS10.csv`` or
a Treasury par-curve CSV downloaded before and after a revision ends on the
same date, so both get the same estimated release date.  The revised file can
have been public only after the original, at the earliest on the next
scheduled release (release calendar): its revisions are known since then
(an estimate, ``exact`` False), so ``as_of`` between the two dates returns
the original values and after it the revision; ``vintages`` lists both.

All files here are SYNTHETIC (a few made-up rows in the publishers' layouts).
"""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

import ustmon
from ustmon.cli import app
from ustmon.store import Store
from ustmon.update import run_update

# SYNTHETIC: FRED layout, DGS10 for the first week of 2024 (made-up values)
FRED_V1 = "observation_date,DGS10\n2024-01-02,3.95\n2024-01-03,3.91\n2024-01-04,3.99\n2024-01-05,4.05\n"
FRED_V2 = FRED_V1.replace("2024-01-03,3.91", "2024-01-03,3.92")  # one value revised, same last date

_PAR_HEAD = 'Date,"1 Mo","2 Mo","3 Mo","4 Mo","6 Mo","1 Yr","2 Yr","3 Yr","5 Yr","7 Yr","10 Yr","20 Yr","30 Yr"\n'
# SYNTHETIC: Treasury par yield curve layout (newest first), two days (made-up values)
PAR_V1 = (_PAR_HEAD + "01/05/2024,5.54,5.52,5.47,5.40,5.24,4.84,4.40,4.20,4.02,4.02,4.05,4.33,4.21\n"
          "01/04/2024,5.54,5.51,5.48,5.41,5.25,4.85,4.38,4.18,4.00,4.00,3.99,4.28,4.14\n")
PAR_V2 = PAR_V1.replace("4.00,3.99,4.28", "4.00,4.01,4.28")  # 10 Yr on 2024-01-04 revised, same last date

runner = CliRunner()


def _mirror(root, folder: str, name: str, text: str):
    (root / folder).mkdir(parents=True)
    (root / folder / name).write_text(text)
    return root


def _two_updates(tmp_path, source, folder, name, v1, v2):
    db = tmp_path / "s.duckdb"
    for tag, text in (("v1", v1), ("v2", v2)):
        out = run_update([source], store_path=db, mirror=_mirror(tmp_path / tag, folder, name, text))[0]
        assert out.error is None and out.stats.rows_added > 0
    return db


def _show_csv(db, sid, as_of, date):
    r = runner.invoke(app, ["--store", str(db), "show", sid, "--as-of", as_of, "--start", date, "--end", date,
                            "--format", "csv"])
    assert r.exit_code == 0, r.output
    line = [x for x in r.output.splitlines() if x.startswith(date)]
    assert len(line) == 1, r.output
    return float(line[0].split(",")[1])


@pytest.mark.parametrize("case", ["fred", "treasury"])
def test_revised_file_with_the_same_last_date_keeps_the_original_reachable(tmp_path, case):
    if case == "fred":
        # DGS10 (H.15 daily, released the next business day): the file ending Fri 2024-01-05 is dated
        # Mon 2024-01-08; the revised copy, at the earliest, the next release: Tue 2024-01-09
        db = _two_updates(tmp_path, "fred", "fred", "DGS10.csv", FRED_V1, FRED_V2)
        sid, date, original, revised = "DGS10", "2024-01-03", 3.91, 3.92
        first_day, next_day = "2024-01-08", "2024-01-09"
    else:
        # Treasury par curve (posted the same business day): the file ending Fri 2024-01-05 is dated
        # 2024-01-05; the revised copy, at the earliest, the next release: Mon 2024-01-08
        db = _two_updates(tmp_path, "treasury", "treasury", "daily-treasury-rates_par-yield-curve_2024.csv",
                          PAR_V1, PAR_V2)
        sid, date, original, revised = "UST.PAR.10Y", "2024-01-04", 3.99, 4.01
        first_day, next_day = "2024-01-05", "2024-01-08"
    ts = pd.Timestamp(date)
    # Python API
    assert ustmon.get(sid, as_of=first_day, store=db)[ts] == original
    assert ustmon.get(sid, as_of=next_day, store=db)[ts] == revised
    assert ustmon.get(sid, store=db)[ts] == revised
    # the command line
    assert _show_csv(db, sid, first_day, date) == original
    assert _show_csv(db, sid, next_day, date) == revised
    # both values in the revision history; the revision's known-since is an estimate
    v = ustmon.vintages(sid, store=db)
    v = v[v["date"] == ts].sort_values("vintage")
    assert list(v["value"]) == [original, revised]
    assert pd.Timestamp(v["vintage"].iloc[1]) == pd.Timestamp(next_day)
    assert not bool(v["exact"].iloc[1])
    # the file's own date moved too: the second mirror file is dated the next release
    with Store.open(db, read_only=True) as st:
        dates = [pd.Timestamp(r[0]) for r in st.con.execute(
            "SELECT vintage FROM origins WHERE source = ? ORDER BY id", [case]).fetchall()]
    assert dates == [pd.Timestamp(first_day), pd.Timestamp(next_day)]


def test_both_editions_in_one_mirror_are_ordered_the_same_way(tmp_path):
    """Two copies of one file in the same mirror folder: the second (in file order) is the later edition."""
    m = tmp_path / "m"
    (m / "treasury").mkdir(parents=True)
    (m / "treasury" / "daily-treasury-rates_par-yield-curve_2024.csv").write_text(PAR_V1)
    (m / "treasury" / "daily-treasury-rates_par-yield-curve_2024_revised.csv").write_text(PAR_V2)
    db = tmp_path / "s.duckdb"
    assert run_update(["treasury"], store_path=db, mirror=m)[0].error is None
    ts = pd.Timestamp("2024-01-04")
    assert ustmon.get("UST.PAR.10Y", as_of="2024-01-05", store=db)[ts] == 3.99
    assert ustmon.get("UST.PAR.10Y", as_of="2024-01-08", store=db)[ts] == 4.01
    # values the revision did not touch keep their first known-since
    assert ustmon.get("UST.PAR.30Y", as_of="2024-01-05", store=db)[pd.Timestamp("2024-01-05")] == 4.21


def test_a_new_day_after_a_revised_edition_is_not_pushed_later(tmp_path):
    """The next day's file (a later latest date) keeps its own calendar date: no knock-on delay."""
    db = _two_updates(tmp_path, "fred", "fred", "DGS10.csv", FRED_V1, FRED_V2)
    v3 = FRED_V2 + "2024-01-08,4.01\n"  # SYNTHETIC: one more day
    assert run_update(["fred"], store_path=db, mirror=_mirror(tmp_path / "v3", "fred", "DGS10.csv", v3))[0].error is None
    v = ustmon.vintages("DGS10", store=db)
    row = v[v["date"] == pd.Timestamp("2024-01-08")]
    assert list(row["vintage"]) == [pd.Timestamp("2024-01-09")]  # 2024-01-08 is released Tue 2024-01-09
