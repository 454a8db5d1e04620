"""Every number the note states is re-read from the data.

The report writes ``<stem>.numbers.json``: each sentence (takeaways, section text, chart titles, risk rows)
with the numbers it used — printed text, value, series, date, operation.  Here each number is recomputed
from the store *independently of the report code* (plain ``Store.get`` arithmetic) and compared with what
was printed, within the printed rounding.  Numbers that come from an analytics view or a model table
(``op == "view"``) are re-read from that view's frame.
"""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from ustmon.analytics.base import Data
from ustmon.report.build import build_report
from ustmon.desk.i18n import LANGS

NUM = re.compile(r"[−-]?\d[\d,]*(?:\.\d+)?")


def _s(data: Data, sid: str) -> pd.Series:
    return data.series(sid).dropna()


def _at(s: pd.Series, date) -> float:
    return float(s.loc[pd.Timestamp(date)])


def _lev(data: Data, series: tuple[str, ...], date) -> float:
    """Sum of (short - long) x face value over the contracts, $bn (2Y contract $200k face, others $100k)."""
    total = 0.0
    for short_id, long_id in zip(series[::2], series[1::2]):
        face = 200_000 if ".042601." in short_id else 100_000
        s, l = _s(data, short_id), _s(data, long_id)
        if pd.Timestamp(date) in s.index and pd.Timestamp(date) in l.index:
            total += (_at(s, date) - _at(l, date)) * face / 1e9
    return total


def _quantity(data: Data, n: dict) -> pd.Series:
    """The derived quantity a percentile / 'lowest since' refers to, as a series (store units)."""
    basis, series = n["basis"], n["series"]
    if basis == "level":
        return _s(data, series[0])
    if basis == "diff":
        a, b = _s(data, series[0]), _s(data, series[1])
        return (a - b).dropna()
    if basis == "ratio_pct":
        a, b = _s(data, series[0]), _s(data, series[1])
        return (100 * a / b).dropna()
    if basis == "view":
        from ustmon.desk.evaluate import resolve_view

        return resolve_view(series[0], data)[series[1]].dropna()
    if basis == "lev_net_short":
        dates = sorted(set().union(*(set(_s(data, sid).index) for sid in series)))
        return pd.Series({d: _lev(data, tuple(series), d) for d in dates}).sort_index()
    raise AssertionError(f"unknown basis {basis}")


def recompute(data: Data, n: dict) -> float:
    """The number from the store, in store units (before ``scale``/``sign``)."""
    op, series, date, ref = n["op"], n["series"], n["date"], n["ref_date"]
    if op == "level":
        return _at(_s(data, series[0]), date)
    if op == "change":
        s = _s(data, series[0])
        return _at(s, date) - _at(s, ref)
    if op in ("diff", "diff_change"):
        a, b = _s(data, series[0]), _s(data, series[1])
        x = _at(a, date) - _at(b, date)
        return x - (_at(a, ref) - _at(b, ref)) if op == "diff_change" else x
    if op == "sum":
        s = _s(data, series[0])
        window = s.loc[pd.Timestamp(ref):pd.Timestamp(date)]
        assert len(window) == 12, "a 12-month sum must have 12 months"
        return float(window.sum())
    if op == "ratio_pct":
        return 100 * _at(_s(data, series[0]), date) / _at(_s(data, series[1]), date)
    if op == "share_pct":
        return 100 * _at(_s(data, series[0]), date) / _at(_s(data, series[1]), date)
    if op == "lev_net_short":
        return _lev(data, tuple(series), date)
    if op == "lev_net_short_change":
        return _lev(data, tuple(series), date) - _lev(data, tuple(series), ref)
    if op == "view_row":  # one cell of a tidy view: the row whose key columns print as the recorded values
        from ustmon.desk.evaluate import resolve_view

        f = resolve_view(series[0], data)
        for k, v in zip(series[2::2], series[3::2]):
            f = f[f[k].astype(str) == v]
        assert len(f) == 1, (series, len(f))
        return float(f[series[1]].iloc[0])
    if op in ("view", "view_change"):
        from ustmon.desk.evaluate import resolve_view

        s = resolve_view(series[0], data)[series[1]].dropna()
        return _at(s, date) - (_at(s, ref) if op == "view_change" else 0.0)
    if op in ("percentile", "percentile_low"):
        q = _quantity(data, n).loc[pd.Timestamp(ref):pd.Timestamp(date)]
        cur = float(q.iloc[-1])
        assert q.index[-1] == pd.Timestamp(date)
        eps = 1e-9 * max(1.0, abs(cur))  # equal readings are ties, whatever the last bit of a difference
        return 100.0 * float((q >= cur - eps).mean() if op == "percentile_low" else (q <= cur + eps).mean())
    raise AssertionError(f"unknown op {op}")


def check_extreme(data: Data, n: dict) -> None:
    """'the lowest since MONTH': the value then was at or below today's and none in between was."""
    q = _quantity(data, n).loc[:pd.Timestamp(n["date"])]
    cur = float(q.iloc[-1])
    then = float(q.loc[pd.Timestamp(n["ref_date"])])
    between = q.loc[pd.Timestamp(n["ref_date"]):].iloc[1:-1]
    if n["op"] == "lowest_since":
        assert then <= cur and (between > cur).all(), n
    else:
        assert then >= cur and (between < cur).all(), n


def _printed(text: str) -> float | None:
    m = NUM.search(text)
    if m is None:
        return None
    return float(m.group(0).replace(",", "").replace("−", "-"))


@pytest.fixture(scope="module")
def reports(mirror_store, tmp_path_factory):
    out = {}
    for lang in LANGS:
        with Data(mirror_store) as data:
            rep = build_report(data, lang, tmp_path_factory.mktemp(f"rep-{lang}"), write_state=False)
            out[lang] = json.loads(rep.numbers_json.read_text(encoding="utf-8"))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_number_in_the_note_is_recomputed_from_the_store(reports, mirror_store, lang):
    entries = reports[lang]
    checked = 0
    with Data(mirror_store) as data:
        for e in entries:
            for n in e["numbers"]:
                assert n["text"] in e["text"] or e["where"] == "risk", (n["text"], e["text"])
                if n["op"] in ("lowest_since", "highest_since"):
                    check_extreme(data, n)
                    checked += 1
                    continue
                raw = recompute(data, n)
                expected = n["sign"] * raw * n["scale"]
                shown = _printed(n["text"])
                tol = 0.5 * 10 ** (-n["decimals"]) + 1e-9 * max(1.0, abs(expected))
                assert math.isclose(n["value"], round(expected, n["decimals"]), abs_tol=tol), (e["text"], n, expected)
                if shown is None:  # 'unchanged'
                    assert n["value"] == 0, n
                else:
                    assert abs(abs(shown) - abs(n["value"])) <= tol, (n["text"], n["value"])
                checked += 1
    assert checked >= 40, f"only {checked} numbers checked"


def test_no_sentence_states_an_unrecorded_number(reports):
    """Digits in a sentence are either a recorded number, a date, or a window (63-day, 10-year, 12 months)."""
    for lang, entries in reports.items():
        for e in entries:
            if e["where"] == "risk":
                continue
            text = e["text"]
            for n in sorted(e["numbers"], key=lambda n: -len(n["text"])):  # '$293.0 bn' before a count '9'
                text = text.replace(n["text"], " ")
            text = re.sub(r"\d{4} Q\d", " ", text)  # quarters first: 'in 2024 Q1' is not 'in 2024' + 'Q1'
            text = re.sub(r"\d{4}年\d{1,2}–\d{1,2}月|\d{4}年\d{1,2}月(\d{1,2}日)?|\d{4}年第\d季度?|\d{1,2} \w+ \d{4}|\w+ \d{4}|FY\d{4}|\d{4}", " ", text)
            text = re.sub(r"\d+(-year|-day|y|年期|日| months|个月|個月|年|Y)", " ", text)
            text = re.sub(r"(10y|2y|30y|JGB|Bund|SOFR|IORB|TGA|OFR|RRP|Kim-Wright|H\.\d+|Z\.1)", " ", text)
            assert not re.search(r"\d", text), (lang, e["text"], text)
