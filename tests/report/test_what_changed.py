"""'What changed since the previous report' compares a note with the previous note *in the same language*
and prints dates as a reader says them (issue 11, point 6)."""

from __future__ import annotations

import json

from ustmon.analytics.base import Data
from ustmon.report import narrative
from ustmon.report.build import build_report

FIGS = ("china_japan_uk", "yields")


def _changes(html: str) -> str:
    return html[html.index('<section id="changes"'):html.index("</section>", html.index('<section id="changes"'))]


def test_chinese_note_does_not_treat_the_english_one_as_its_previous_issue(mirror_store, tmp_path):
    with Data(mirror_store) as data:
        build_report(data, "en", tmp_path, figure_ids=FIGS)
        zh = build_report(data, "zh-Hans", tmp_path, figure_ids=FIGS).html.read_text(encoding="utf-8")
        assert "未找到上期报告" in _changes(zh)  # the English note written a moment ago is not the previous Chinese issue
        zh2 = build_report(data, "zh-Hans", tmp_path, figure_ids=FIGS).html.read_text(encoding="utf-8")
        en2 = build_report(data, "en", tmp_path, figure_ids=FIGS).html.read_text(encoding="utf-8")
    assert "自上期报告" in _changes(zh2) and "未找到" not in _changes(zh2)
    assert "No key number changed since the previous report" in _changes(en2)
    states = {p.name: json.loads(p.read_text()) for p in tmp_path.glob("ustmon-report-state-*.json")}
    assert set(states) == {narrative.state_file("en"), narrative.state_file("zh-Hans")}
    assert {s["lang"] for s in states.values()} == {"en", "zh-Hans"}


def test_previous_note_and_dates_in_words(mirror_store, tmp_path):
    """TIC slt_table5 (released 2026-05-18): China, Mainland 693.3 (February 2026) and 652.3 (March 2026)."""
    state = {"built": "2026-11-02T09:05:00+00:00", "as_of": None, "lang": "zh-Hant", "numbers": {
        "k_cn": {"figure": "china_japan_uk", "column": "CN", "fmt": "money", "date": "2026-02-01", "value": 693.3,
                 "recent": {"2026-02-01": 693.3}}}}
    (tmp_path / narrative.state_file("zh-Hant")).write_text(json.dumps(state))
    with Data(mirror_store) as data:
        html = build_report(data, "zh-Hant", tmp_path, figure_ids=FIGS).html.read_text(encoding="utf-8")
    ch = _changes(html)
    assert "同語言上期報告：2026年11月2日 09:05 UTC。" in ch
    assert "（2026年2月1日）→ 6,523億美元（2026年3月1日）" in ch
    assert "2026-02-01" not in ch


def test_previous_note_written_as_of_a_date_is_named_by_that_date():
    prev = {"built": "2026-12-01T15:00:00+00:00", "as_of": "2024-12-31", "numbers": {}}
    assert narrative.changes(prev, {}, "en") == ["No key number changed since the previous report (31 December 2024)."]
