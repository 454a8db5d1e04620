"""The note's HTML: structure, self-containment, languages, snapshot banner, --as-of, "what changed".

Published figures asserted here (the note quotes them verbatim from the store):

* TIC "Major Foreign Holders" history file mfhhis01.txt, released 2026-03-18, December 2025:
  Grand Total $9,271bn, For. Official $3,887bn, Japan $1,185.5bn.
* TIC Table 5 (slt_table5), release of 2026-05-18, March 2026: China, Mainland $652.3bn (February 693.3,
  so a fall of $41.0bn), Japan $1,191.6bn, Cayman Islands $459.4bn.
"""

from __future__ import annotations

import json
import re
import socket

import pandas as pd
import pytest

from ustmon.desk import catalog as C
from ustmon.desk import evaluate as E
from ustmon.desk import findings as fx
from ustmon.analytics.base import Data
from ustmon.desk import i18n
from ustmon.report import narrative
from ustmon.report.build import build_report

SOURCE_LINE = re.compile(r"Source: [^<]+, to \d{4}-\d{2}(-\d{2})?(, published \d{4}-\d{2}-\d{2})?")


@pytest.fixture(scope="module")
def en(mirror_store, tmp_path_factory):
    with Data(mirror_store) as data:
        rep = build_report(data, "en", tmp_path_factory.mktemp("en"), write_state=False)
    return rep, rep.html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def zh(mirror_store, tmp_path_factory):
    out = {}
    for lang in ("zh-Hans", "zh-Hant"):
        with Data(mirror_store) as data:
            rep = build_report(data, lang, tmp_path_factory.mktemp(lang), write_state=False)
        out[lang] = (rep, rep.html.read_text(encoding="utf-8"))
    return out


def test_html_is_self_contained_with_plotly_inlined_once(en):
    rep, html = en
    assert html.count("plotly.js v") == 1 or html.count("* plotly.js") == 1  # one copy of the library
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']https?://""", html), "no network resources"
    from plotly.offline import get_plotlyjs

    # the only URLs are the library's own defaults (topojson for geo maps, unused here)
    assert html.count("cdn.plot.ly") == get_plotlyjs().count("cdn.plot.ly")
    assert rep.charts_drawn >= 15
    assert html.count('class="plot"') == rep.charts_drawn
    assert html.count("Plotly.newPlot(") == rep.charts_drawn


def test_sections_in_desk_note_order(en):
    _, html = en
    order = [html.index(f'<section id="{s}"') for s in ("takeaways", "changes", "demand", "fiscal", "rates", "funding",
                                                          "risk", "appendix")]
    assert order == sorted(order)


def test_every_chart_has_a_finding_title_units_and_source_line(en):
    rep, html = en
    for res in rep.results.values():
        block = re.search(rf'<figure class="chart[^"]*" id="fig-{res.spec.id}".*?</figure>', html, re.DOTALL).group(0)
        if res.frame is None:
            assert "Data not available" in block  # visible note, never a chart from canned numbers
            continue
        assert SOURCE_LINE.search(block), block[:300]
        assert "Units:" in block


def test_missing_inputs_give_a_visible_note(mirror_store, tmp_path):
    """A chart whose series is not in the store is skipped with a note naming what is missing."""
    spec = C.FigureSpec("synthetic_missing", "rates", "fig_yields", "curve:yields", {"DGS10": "10y"},
                        inputs=("NO.SUCH.SERIES",))
    with Data(mirror_store) as data:
        res = E.evaluate(spec, data)
    assert res.frame is None
    assert "NO.SUCH.SERIES" in E.missing_text(res, "en")
    assert "数据不可用" in E.missing_text(res, "zh-Hans") and "數據不可用" in E.missing_text(res, "zh-Hant")


def test_published_tic_figures_quoted(en):
    """TIC mfhhis01.txt (released 2026-03-18) and slt_table5 (released 2026-05-18), see module docstring."""
    _, html = en
    assert "Foreign official holdings are $3,887.0 bn of $9,271.0 bn held abroad" in html
    assert "Mainland China&#x27;s holdings fell $41.0 bn in March 2026 to $652.3 bn" in html or \
        "Mainland China's holdings fell $41.0 bn in March 2026 to $652.3 bn" in html
    assert "$1,191.6 bn in March 2026" in html  # Japan, TIC Table 5
    assert "against $459.4 bn reported by TIC (March 2026)" in html  # Cayman, TIC Table 5


def test_source_line_format():
    """The source line reads like the issue's example: 'Source: U.S. Treasury TIC, to 2025-12, published 2026-02-18'."""
    df = pd.DataFrame({"x": [1.0]}, index=pd.DatetimeIndex(["2025-12-01"]))
    df.attrs["provenance"] = {"series": {"TIC.MFH.CN": {"source": "tic", "dataset": "mfh", "frequency": "M",
                                                        "known_since": "2026-02-18"}},
                              "latest_observation": "2025-12-01", "latest_vintage": "2026-02-18T00:00:00"}
    from ustmon.report import freshness

    assert freshness.source_line(df, "en") == "Source: U.S. Treasury TIC, to 2025-12, published 2026-02-18"
    assert freshness.source_line(df, "zh-Hans") == "资料来源：美国财政部TIC，数据至 2025-12，发布于 2026-02-18"


def test_chinese_output_uses_cjk_font_stack_and_translations(zh):
    for lang, (rep, html) in zh.items():
        assert f'<html lang="{lang}"' in html
        assert ("Noto Sans CJK SC" if lang == "zh-Hans" else "Noto Sans CJK TC") in html
        assert i18n.t("sec_takeaways", lang) in html and "Key takeaways" not in html
        assert "Data not available" not in html
    hans, hant = zh["zh-Hans"][1], zh["zh-Hant"][1]
    assert "美债" in hans and "美債" in hant
    assert "逆回购" in hans and "逆回購" in hant
    assert "杠杆基金" in hans and "槓桿基金" in hant
    assert "期限溢价" in hans and "期限溢價" in hant
    assert "億美元" in hant and "亿" not in hant  # amounts in the Traditional script too
    assert "亿美元" in hans and "億" not in hans


def test_every_string_has_three_real_translations():
    for key, texts in i18n.S.items():
        assert len(texts) == 3 and all(texts), key
        placeholders = [set(re.findall(r"{(\w+)}", x)) for x in texts]
        assert placeholders[0] == placeholders[1] == placeholders[2], key
    # market terms in the standard Chinese forms
    words = " ".join(x for texts in i18n.S.values() for x in texts)
    for term in ("美债", "美債", "期限溢价", "期限溢價", "基差交易", "杠杆基金", "槓桿基金", "逆回购", "逆回購", "财政部", "財政部"):
        assert term in words, term


def test_risk_dashboard_rows_are_colour_coded(en):
    rep, html = en
    assert len(rep.risk) >= 6
    assert {r.status for r in rep.risk} <= {"red", "amber", "green"}
    for r in rep.risk:
        assert 0 <= r.percentile.value <= 100
    assert html.count('class="risk" data-status=') == len(rep.risk)


def test_appendix_lists_every_series_used(en):
    rep, html = en
    used = set()
    for res in rep.results.values():
        if res.frame is not None:
            used |= set(res.frame.attrs["provenance"]["series"])
    appendix = html[html.index('<section id="appendix"'):]
    for sid in used:
        assert f"<td>{sid}</td>" in appendix, sid


def test_as_of_uses_only_data_published_by_then(mirror_store, tmp_path):
    """--as-of 2026-04-01: TIC March 2026 (published 2026-05-18) is not yet known; the note says so on page one."""
    with Data(mirror_store, as_of=pd.Timestamp("2026-04-01")) as data:
        rep = build_report(data, "en", tmp_path, write_state=False)
    html = rep.html.read_text(encoding="utf-8")
    assert "Written as of 2026-04-01" in html
    entries = json.loads(rep.numbers_json.read_text())
    for e in entries:
        for n in e["numbers"]:
            assert n["date"] <= "2026-04-01", (e["text"], n)
    assert "March 2026 to $652.3 bn" not in html


def test_what_changed_lists_moves_and_revisions(mirror_store, tmp_path):
    with Data(mirror_store) as data:
        build_report(data, "en", tmp_path, figure_ids=("china_japan_uk", "yields"))
    html = build_report(Data(mirror_store), "en", tmp_path, figure_ids=("china_japan_uk", "yields")).html.read_text()
    assert "No key number changed since the previous report" in html
    # pretend the previous run saw an older month and a different (since revised) value
    state_path = tmp_path / narrative.state_file("en")
    state = json.loads(state_path.read_text())
    cn = state["numbers"]["k_cn"]
    cn["recent"]["2026-02-01"] = 700.0
    cn["date"], cn["value"] = "2026-02-01", 700.0
    state_path.write_text(json.dumps(state))
    with Data(mirror_store) as data:
        html = build_report(data, "en", tmp_path, figure_ids=("china_japan_uk", "yields")).html.read_text()
    assert "Revision — China&#x27;s Treasury holdings for 1 February 2026: $700.0 bn → $693.3 bn." in html
    assert "China&#x27;s Treasury holdings: $700.0 bn (1 February 2026) → $652.3 bn (1 March 2026)." in html


def test_changes_synthetic():
    """Synthetic key numbers: one revision (same date, new value) and one move (new date), values by hand."""
    prev = {"built": "2026-01-01T00:00:00", "numbers": {
        "k_dgs10": {"fmt": "pct", "date": "2026-01-02", "value": 4.0, "recent": {"2026-01-01": 3.9, "2026-01-02": 4.0}}}}
    cur = {"k_dgs10": {"fmt": "pct", "date": "2026-01-05", "value": 4.25,
                       "recent": {"2026-01-01": 3.95, "2026-01-02": 4.0, "2026-01-05": 4.25}}}
    lines = narrative.changes(prev, cur, "en")
    assert "Revision — 10-year yield for 1 January 2026: 3.90% → 3.95%." in lines
    assert "10-year yield: 4.00% (2 January 2026) → 4.25% (5 January 2026)." in lines
    assert lines[0] == "Previous report in this language: 1 January 2026, 00:00 UTC."
    assert narrative.changes(None, cur, "zh-Hans") == [i18n.t("no_previous", "zh-Hans")]


def test_percentile_and_lowest_since_synthetic():
    """Synthetic series 5, 3, 4, 6, 2, 7, 1: last value 1 is the lowest ever (no 'since'); at the 6th point,
    7 is the highest of all 6 values (percentile 100); value 2 at the 5th point is the lowest since never."""
    idx = pd.date_range("2020-01-01", periods=7, freq="MS")
    f = pd.DataFrame({"x": [5.0, 3, 4, 6, 2, 7, 1]}, index=idx)
    f.attrs["origin"] = {"x": {"series": ("SYN",), "op": "level", "scale": 1.0}}
    n = fx.percentile_number(f, "x", idx[5], idx[0], "en")
    assert n.value == 100.0 and n.text == "100th"
    n = fx.percentile_number(f, "x", idx[6], idx[0], "en")
    assert n.value == pytest.approx(100 / 7, abs=0.5)  # 1 of 7 values at or below 1 -> 14.3 -> '14th'
    g = f.iloc[:4].copy()
    g.attrs = f.attrs
    # at 2020-04 the value 6 is the highest since... never (5,3,4 all lower): None
    assert fx.extreme_since(g, "x", idx[3], "en", lowest=False) is None
    h = pd.DataFrame({"x": [2.0, 5, 4, 3]}, index=idx[:4])
    h.attrs = f.attrs
    # 3 at 2020-04: previous values 4, 5 are higher; 2 (2020-01) is lower -> lowest since January 2020
    since = fx.extreme_since(h, "x", idx[3], "en", lowest=True)
    assert since.text == "January 2020" and since.ref_date == "2020-01-01"


def test_money_formats():
    assert i18n.money_bn(683.5, "en")[0] == "$683.5 bn"
    assert i18n.money_bn(683.5, "zh-Hans")[0] == "6,835亿美元"
    assert i18n.money_bn(683.5, "zh-Hant")[0] == "6,835億美元"  # Traditional script: 億, not 亿
    assert i18n.money_bn(-41.04, "en")[0] == "−$41.0 bn"
    assert i18n.bp(-3.0, "zh-Hant")[0] == "−3個基點"


def test_report_builds_offline_from_the_bundled_snapshot(tmp_path, monkeypatch):
    """Fresh machine, no network: the store is seeded from the package's snapshot; page one says so."""
    from ustmon.snapshot import SNAPSHOT_DIR, load_manifest
    from ustmon.update import ensure_store

    if load_manifest() is None:
        pytest.skip(f"no bundled snapshot in {SNAPSHOT_DIR}")

    def no_network(*a, **k):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    path = ensure_store(tmp_path / "fresh.duckdb")
    with Data(path) as data:
        rep = build_report(data, "zh-Hans", tmp_path / "out", write_state=False)
    html = rep.html.read_text(encoding="utf-8")
    assert rep.snapshot
    assert 'id="snapshot-banner"' in html and "内置快照" in html
    m = re.search(r"数据截至 (\d{4}-\d{2}-\d{2})", html[html.index('id="snapshot-banner"'):])
    assert m, "the banner states the data's as-of date"
    assert rep.charts_drawn >= 10


def test_report_command_writes_the_note(mirror_store, tmp_path, monkeypatch):
    import typer
    from typer.testing import CliRunner

    from ustmon.report.build import report_command

    app = typer.Typer()
    app.command("report")(report_command)
    app.command("noop")(lambda: None)
    monkeypatch.setenv("USTMON_STORE", str(mirror_store))
    result = CliRunner().invoke(app, ["report", "--lang", "zh-Hant", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert list(tmp_path.glob("ustmon-report-*-zh-Hant.html"))
    bad = CliRunner().invoke(app, ["report", "--lang", "fr", "--out", str(tmp_path)])
    assert bad.exit_code == 1 and "--lang must be one of" in bad.output
