"""``ustmon report --as-of D`` builds at any date and states only what was known on D.

The dates are those of issue 11 (2024-12-31, 2025-06-30 and 2026-01-31 crashed with an IndexError) plus
a month-end before most of the mirror's series were published (2015-06-30) and the March 2020 dash for
cash.  Each note is built on the ``mirror_store`` (real official files) in English and Simplified Chinese;
every number it states is recomputed from the store *as it stood on D* with the independent arithmetic of
``test_narrative_numbers``, so a number taken from a later vintage fails the test.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from ustmon.analytics.base import Data
from ustmon.report.build import build_report

from report.test_narrative_numbers import _printed, check_extreme, recompute

DATES = ("2015-06-30", "2020-03-31", "2024-12-31", "2025-06-30", "2026-01-31")
LANGS = ("en", "zh-Hans")


@pytest.fixture(scope="module")
def notes(mirror_store, tmp_path_factory):
    cache: dict = {}

    def get(date: str, lang: str):
        if (date, lang) not in cache:
            with Data(mirror_store, as_of=pd.Timestamp(date)) as data:
                rep = build_report(data, lang, tmp_path_factory.mktemp(f"asof-{date}-{lang}"), write_state=False)
            cache[date, lang] = (rep, rep.html.read_text(encoding="utf-8"),
                                 json.loads(rep.numbers_json.read_text(encoding="utf-8")))
        return cache[date, lang]

    return get


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("date", DATES)
def test_note_builds_at_the_date_and_says_so_on_the_cover(notes, date, lang):
    rep, html, _ = notes(date, lang)
    cover = html[html.index('<header class="cover"'):html.index("</header>")]
    assert date in cover
    assert rep.charts_drawn + rep.tables_drawn + rep.charts_missing == len(rep.results)
    assert rep.html.name == f"ustmon-report-{date}-{lang}.html"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("date", DATES)
def test_every_number_was_known_on_the_date(notes, mirror_store, date, lang):
    _, _, entries = notes(date, lang)
    with Data(mirror_store, as_of=pd.Timestamp(date)) as data:
        for e in entries:
            for n in e["numbers"]:
                assert n["date"] <= date, (e["text"], n)
                if n["op"] in ("lowest_since", "highest_since"):
                    check_extreme(data, n)
                    continue
                expected = n["sign"] * recompute(data, n) * n["scale"]
                tol = 0.5 * 10 ** (-n["decimals"]) + 1e-9 * max(1.0, abs(expected))
                assert math.isclose(n["value"], round(expected, n["decimals"]), abs_tol=tol), (e["text"], n, expected)
                shown = _printed(n["text"])
                if shown is not None:
                    assert abs(abs(shown) - abs(n["value"])) <= tol, (n["text"], n["value"])


def test_later_data_are_absent_from_the_end_2024_note(notes):
    """TIC Table 5 (slt_table5, released 2026-05-18): March 2026, China $652.3 bn — unknown at the end of 2024."""
    _, html, _ = notes("2024-12-31", "zh-Hans")
    assert "6,523亿美元" not in html
    _, html, _ = notes("2024-12-31", "en")
    assert "$652.3 bn" not in html
