"""Freshness on every output (issue 11, point 4): the cover gives the newest and the oldest input, every chart
and finding on overdue data carries a visible 'data to <date>' tag in all three languages, takeaways lead
with current facts, and a source line's 'published' date is when the latest value shown became known.

Real values: the Z.1 excerpts in the mirror end in 2024 Q1, from the Board's release of 2024-06-07
(shared/data README, cross-check 10: "1463.2 in the 2024-06-07 release"); the next Z.1 was due in
September 2024, so a note written on 2024-12-31 must say its Z.1 charts are old.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ustmon.analytics.base import Data
from ustmon.desk import i18n
from ustmon.report import freshness
from ustmon.report.build import build_report
from ustmon.report.freshness import Freshness

FIGS = ("holder_structure", "bill_share", "yields", "monthly_deficit", "reserves_tga", "on_rrp", "spread_10s2s",
        "china_japan_uk", "fed_holdings")
TAG = {"en": "Old data: data to", "zh-Hans": "旧数据：数据截至", "zh-Hant": "舊數據：數據截至"}


@pytest.fixture(scope="module")
def end2024(mirror_store, tmp_path_factory):
    out = {}
    for lang in i18n.LANGS:
        with Data(mirror_store, as_of=pd.Timestamp("2024-12-31")) as data:
            rep = build_report(data, lang, tmp_path_factory.mktemp(f"fresh-{lang}"), write_state=False, figure_ids=FIGS)
        out[lang] = (rep, rep.html.read_text(encoding="utf-8"))
    return out


def _figure(html: str, fid: str) -> str:
    return re.search(rf'<figure class="chart[^"]*" id="fig-{fid}".*?</figure>', html, re.DOTALL).group(0)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_z1_chart_of_end_2024_is_tagged_old_in_every_language(end2024, lang):
    _, html = end2024[lang]
    block = _figure(html, "holder_structure")
    assert 'class="chart stale"' in block
    assert TAG[lang] in block and i18n.fmt_quarter("2024-01-01", lang) in block  # data to 2024 Q1
    assert re.search(r"2024-06-07", block), "published = the Z.1 release that first carried 2024 Q1"
    # a daily yield chart on the same date is current: no tag
    assert TAG[lang] not in _figure(html, "yields")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_cover_gives_newest_and_oldest_input_and_the_count_of_old_charts(end2024, lang):
    rep, html = end2024[lang]
    cover = html[html.index('<header class="cover"'):html.index("</header>")]
    m = re.search(r'data-newest="([\d-]+)" data-oldest="([\d-]+)"', cover)
    assert m and m.group(1) == "2024-12-31" and m.group(2) == "2024-01-01"  # par yields on the day; Z.1 2024 Q1
    assert i18n.fmt_quarter("2024-01-01", lang) in cover and i18n.fmt_day("2024-12-31", lang) in cover
    n = int(re.search(r'data-stale="(\d+)"', cover).group(1))
    assert n == html.count('<figure class="chart stale"') and n >= 2


def test_takeaways_lead_with_current_facts(end2024):
    for lang, (_, html) in end2024.items():
        sec = html[html.index('<section id="takeaways"'):html.index("</section>", html.index('<section id="takeaways"'))]
        items = re.findall(r"<li>(.*?)</li>", sec)
        old = ['class="stale"' in x for x in items]
        assert old == sorted(old), (lang, items)  # no current fact after an old one


def test_todays_note_shows_oldest_input_and_stale_tags(mirror_store, tmp_path):
    """Today (the clock's date) the mirror's newest values are months old: the cover and the charts say so."""
    with Data(mirror_store) as data:
        html = build_report(data, "zh-Hans", tmp_path, write_state=False, figure_ids=FIGS).html.read_text(encoding="utf-8")
    cover = html[html.index('<header class="cover"'):html.index("</header>")]
    m = re.search(r'data-newest="([\d-]+)" data-oldest="([\d-]+)"', cover)
    assert m and m.group(2) <= m.group(1)
    assert "最旧输入" in cover
    tags = re.findall(r'<span class="stale" data-to="([\d-]+)">', html)
    assert tags and min(tags) == m.group(2)


# ---------------------------------------------------------------------------- SYNTHETIC inputs
def _fr(sid, latest, stale, source="fred", dataset="H.15", freq="D"):
    prov = {"source": source, "dataset": dataset, "frequency": freq, "title": sid}
    return Freshness(sid, prov, pd.Timestamp(latest), None, None, stale)


def test_discontinued_and_spliced_inputs_do_not_make_a_chart_old():
    """SYNTHETIC: IOER (ended 2021) beside IORB; OMB history beside MTS; an FSI late beside a current NFCI."""
    ioer, iorb = _fr("IOER", "2021-07-28", True), _fr("IORB", "2026-06-23", False)
    assert freshness._oldest_overdue([ioer, iorb]) is None  # same data set publishes newer values: discontinued
    omb, mts = _fr("OMB", "2015-09-30", True, "omb", "hist", "A"), _fr("MTS", "2024-10-01", True, "fred", "MTS", "M")
    assert freshness._oldest_overdue([omb, mts]).sid == "MTS"  # spliced history years older: ignored
    fsi, nfci = _fr("FSI", "2025-09-30", True, "ofr", "fsi"), _fr("NFCI", "2026-11-20", False, "fred", "NFCI", "W")
    assert freshness._oldest_overdue([fsi, nfci]).sid == "FSI"  # late within two years: the chart is old


def test_published_is_known_since_of_the_latest_value():
    """SYNTHETIC provenance: the file was read on 2026-03-18, but the latest value shown became known on 2024-06-07."""
    df = pd.DataFrame({"x": [1.0]}, index=pd.DatetimeIndex(["2024-01-01"]))
    df.attrs["provenance"] = {"series": {"Z1.X": {"source": "fedboard", "dataset": "z1", "frequency": "Q",
                                                  "latest_vintage": "2026-03-18T00:00:00", "known_since": "2024-06-07T00:00:00"}},
                              "latest_observation": "2024-01-01"}
    assert freshness.source_line(df, "en").endswith("to 2024-01, published 2024-06-07")
    del df.attrs["provenance"]["series"]["Z1.X"]["known_since"]  # a store without the key: last vintage
    assert freshness.source_line(df, "en").endswith("published 2026-03-18")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_appendix_gives_each_series_its_expected_next_release(end2024, lang):
    rep, html = end2024[lang]
    appendix = html[html.index('<section id="appendix"'):]
    assert i18n.t("col_next", lang) in appendix
    rows = re.findall(r"<tr><td>([^<]+)</td>(.*?)</tr>", appendix)
    z1 = [r for sid, r in rows if sid in rep.results["holder_structure"].frame.attrs["provenance"]["series"]
          and sid.startswith("Z1.")]
    assert z1 and all(f"({i18n.t('overdue', lang)})" in r for r in z1)  # Z.1 after 2024 Q1 was due in September 2024
    dgs = [r for sid, r in rows if sid == "DGS10"]
    assert dgs and i18n.t("overdue", lang) not in dgs[0]
