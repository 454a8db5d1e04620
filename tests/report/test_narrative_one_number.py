"""One number per quantity per note (issue 11, point 5): a quantity quoted in several places — reserves,
ON RRP, the 10-year yield, Fed holdings — is taken once, at one date, and shown the same in the text,
the chart titles, the risk table and 'what changed'.

Before, the text quoted reserves on the last date with both reserves and the TGA ($2,855 bn) and the risk
table on the last reserves date ($3,033 bn) in the same note.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pandas as pd
import pytest

from ustmon.analytics.base import Data
from ustmon.report import narrative
from ustmon.report.build import build_report


@pytest.fixture(scope="module", params=[("en", None), ("zh-Hans", None), ("en", "2025-06-30")])
def note(request, mirror_store, tmp_path_factory):
    lang, as_of = request.param
    out = tmp_path_factory.mktemp(f"one-{lang}-{as_of}")
    with Data(mirror_store, as_of=None if as_of is None else pd.Timestamp(as_of)) as data:
        rep = build_report(data, lang, out)
    state = json.loads((out / narrative.state_file(lang)).read_text())
    return rep, rep.html.read_text(encoding="utf-8"), json.loads(rep.numbers_json.read_text(encoding="utf-8")), state


def _readings(entries) -> dict:
    """(series, op) -> {(date, signed value)}: each place's reading of a quantity (its latest date there; a
    sentence may also compare with an earlier date: 'down from a peak of $2,553.7 bn in December 2022')."""
    seen = defaultdict(set)
    for e in entries:
        here = {}
        for n in e["numbers"]:
            if n["op"] in narrative.POINT_OPS:
                key = (tuple(n["series"]), n["op"])
                # the signed value shown ('3 bp below' in a sentence, '−3 bp' in the table)
                x = (n["date"], round(n["sign"] * n["value"], n["decimals"]))
                here[key] = max(here.get(key, x), x)
        for key, x in here.items():
            seen[key].add(x)
    return seen


def test_each_quantity_has_one_date_and_one_value(note):
    _, _, entries, _ = note
    seen = _readings(entries)
    assert seen
    for key, uses in seen.items():
        assert len(uses) == 1, (key, uses)


def test_reserves_and_rrp_are_the_same_in_text_and_risk_table(note):
    rep, html, entries, state = note
    readings = _readings([e for e in entries if e["where"] != "risk"])
    risk = {r.label: r for r in rep.risk}
    for key, fid, col in (("k_reserves", "reserves_tga", "reserves"), ("k_rrp", "on_rrp", "rrp")):
        res = rep.results[fid]
        if res.frame is None:
            continue
        sid = tuple(res.frame.attrs["origin"][col]["series"])
        if (sid, "level") not in readings:
            continue
        (date, value), = readings[sid, "level"]
        printed = next(n["text"] for e in entries for n in e["numbers"]
                       if tuple(n["series"]) == sid and n["date"] == date and n["op"] == "level")
        row = next(r for r in rep.risk if r.reading.series == sid)
        assert (row.reading.date, row.reading.text) == (date, printed)
        table = html[html.index('<table class="risk"'):]
        assert f'<td class="num">{printed}</td>' in table
        assert state["numbers"][key]["date"] == date  # 'what changed' keeps the same date
    assert risk


def test_pinned_dates_first_use_wins():
    """SYNTHETIC numbers: reserves quoted on 2026-06-10 by the text; the table must use that date."""
    from ustmon.desk.i18n import Number, Sentence

    a = Number(text="$2,855.0 bn", value=2855.0, series=("WRESBAL",), date="2026-06-10", op="level", ref_date=None,
               scale=0.001, decimals=1, basis="level", sign=1)
    b = Number(text="$3,033.0 bn", value=3033.0, series=("WRESBAL",), date="2026-06-17", op="level", ref_date=None,
               scale=0.001, decimals=1, basis="level", sign=1)
    pins = narrative.pinned_dates([Sentence("x", [a], "k"), Sentence("y", [b], "k")])
    assert pins == {(("WRESBAL",), "level"): "2026-06-10"}
    f = pd.DataFrame({"reserves": [2855.0, 3033.0]}, index=pd.DatetimeIndex(["2026-06-10", "2026-06-17"]))
    f.attrs["origin"] = {"reserves": {"series": ("WRESBAL",), "op": "level", "scale": 0.001}}
    assert narrative._pin(f, "reserves", f["reserves"], pins) == pd.Timestamp("2026-06-10")
    assert narrative._pin(f, "reserves", f["reserves"], {}) == pd.Timestamp("2026-06-17")
