"""The note's tables and its receipts/outlays charts (issue 13, sections 4 and 5).

* Last month's auctions is a table (catalog row of kind ``table``) of view ``auctions:last-month``, checked on a
  store filled from the mirror: the 2022-05 TreasuryDirect XML results in ``auctions/treasurydirect_results_xml_2022-05``
  (values typed from the files at each assert), rendered in the note's HTML in three languages.
* Receipts and outlays by category and the fiscal-year contributions to the deficit (views ``fiscal:categories``
  and ``fiscal:contributions-fy``) are live-only: on the mirror store the note shows each view's refusal; on
  the SYNTHETIC MTS Table 9/4 answers of tests/analytics/test_fiscal_categories.py they draw and their finding
  sentences carry the view's numbers.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from ustmon.analytics.base import Data
from ustmon.desk import catalog as C
from ustmon.desk import evaluate as E
from ustmon.desk import tables as T
from ustmon.desk.i18n import LANGS, t
from ustmon.report.build import build_report

from report.test_narrative_numbers import _printed, recompute

AUCTIONS = "auctions_last_month"
FISCAL = ("categories_12m", "deficit_contributions_fy")


def _block(html: str, fid: str) -> str:
    return re.search(rf'<figure class="chart[^"]*" id="fig-{fid}".*?</figure>', html, re.DOTALL).group(0)


@pytest.fixture(scope="module")
def data(mirror_store):
    with Data(mirror_store) as d:
        yield d


@pytest.fixture(scope="module")
def notes(mirror_store, tmp_path_factory):
    """The note's fiscal section (the table and the two MTS charts) on the mirror store, in every language."""
    out = {}
    for lang in LANGS:
        with Data(mirror_store) as d:
            rep = build_report(d, lang, tmp_path_factory.mktemp(f"tables-{lang}"), write_state=False,
                               figure_ids=(AUCTIONS, *FISCAL))
        out[lang] = (rep, rep.html.read_text(encoding="utf-8"),
                     json.loads(rep.numbers_json.read_text(encoding="utf-8")))
    return out


# --------------------------------------------------------------------------- last month's auctions
def test_may_2022_auctions_table_reads_the_view(data):
    """32 XML result files for 2022-05 (R_20220502_1 .. R_20220531_2): 23 bills (4-52-week bills and 119-day CMBs,
    offering amounts 30-45bn) for 849bn, 9 coupons (3/10/30-year, 20-year, 10-year TIPS, 2-year, FRN, 5/7-year)
    for 293bn; R_20220511_2.xml is the 10-year note 91282CEP2: OfferingAmount 36.000, HighYield 2.943,
    BidToCoverRatio 2.49."""
    res = E.evaluate(C.BY_ID[AUCTIONS], data)
    assert res.frame is not None and res.spec.kind == "table"
    f = res.frame
    assert (f["row"] == "auction").sum() == 32
    totals = f[f["row"] == "total"].set_index("security")
    assert totals.loc["Total bills", ["auctions", "size"]].tolist() == [23, 849.0]
    assert totals.loc["Total coupons", ["auctions", "size"]].tolist() == [9, 293.0]
    assert totals.loc["Total", ["auctions", "size"]].tolist() == [32, 1142.0]
    ten = f[f["security"] == "Note 10Y"].iloc[0]
    assert (ten["size"], ten["stop_out"], ten["btc"]) == (36.0, 2.943, 2.49)
    # the cells are the view's, not recomputed: same frame as the view's rows
    view = E.view_frame("auctions", "last-month", data)
    assert f["size"].tolist() == view["size"].tolist()


EXPECTED = {  # language -> (header words, 10-year row cells, totals row words)
    "en": (["Security", "Auction date", "Size (US$ bn)", "Stop-out (%)", "Bid-to-cover (×)", "Indirect (% of comp.)",
            "Direct (% of comp.)", "Primary dealers (% of comp.)", "Tail vs CMT* (bp)"],
           ["10-year note", "11 May", "36.0", "2.943", "2.49"],
           ["Total bills (23 auctions)", "849.0", "Total coupons (9 auctions)", "293.0",
            "Total (32 auctions)", "1,142.0"]),
    "zh-Hans": (["证券", "拍卖日", "规模（亿美元）", "最高中标利率（%）", "投标倍数（倍）", "间接投标人（占竞争性中标%）",
                 "一级交易商（占竞争性中标%）", "相对CMT尾差*（基点）"],
                ["10年期国债", "5月11日", "360", "2.943", "2.49"],
                ["国库券合计（23场）", "8,490", "附息国债合计（9场）", "2,930", "总计（32场）",
                 "11,420"]),
    "zh-Hant": (["證券", "拍賣日", "規模（億美元）", "最高得標利率（%）", "投標倍數（倍）", "間接投標人（占競爭性得標%）",
                 "主要交易商（占競爭性得標%）", "相對CMT尾差*（基點）"],
                ["10年期國債", "5月11日", "360", "2.943", "2.49"],
                ["國庫券合計（23場）", "8,490", "附息國債合計（9場）", "2,930", "總計（32場）",
                 "11,420"]),
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_note_shows_the_auctions_table_in_each_language(notes, lang):
    """The rendered HTML: headers with units in the language's words, the 10-year row (R_20220511_2.xml: 36.0bn,
    2.943%, 2.49; 360亿美元 in Chinese, as the note's sentences print amounts) and the view's totals."""
    rep, html, _ = notes[lang]
    block = _block(html, AUCTIONS)
    assert 'class="plot"' not in block and "<table" in block  # a table, not a chart
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", block)
    for h in EXPECTED[lang][0]:
        assert h in heads, (h, heads)
    rows = [re.findall(r"<td[^>]*>([^<]*)</td>", r) for r in re.findall(r"<tr class=\"auction\">(.*?)</tr>", block)]
    assert len(rows) == 32
    ten = [r for r in rows if r[0] == EXPECTED[lang][1][0]]
    assert len(ten) == 1 and ten[0][:5] == EXPECTED[lang][1]
    totals = re.findall(r"<tr class=\"total\">(.*?)</tr>", block)
    cells = [c for r in totals for c in re.findall(r"<td[^>]*>([^<]*)</td>", r) if c]
    assert cells == EXPECTED[lang][2]
    # a tail the curve cannot give (119-day CMB: no 4-month par yield in May 2022) is a dash, never 0
    cmb = [r for r in rows if r[0] in ("119-day bill", "119天国库券", "119天國庫券")]
    assert len(cmb) == 4 and {r[8] for r in cmb} == {"–"}
    # the tail is labelled as the end-of-day curve proxy, not the when-issued yield; source line and units
    caption = block[block.index("<figcaption>"):]
    assert {"en": "NOT the when-issued yield", "zh-Hans": "并非市场计算尾差所用的下午1点截标时的预发行",
            "zh-Hant": "並非市場計算尾差所用的下午1點截標時的發行前交易"}[lang] in caption
    assert "TreasuryDirect" in caption and t("units", lang, units=t("u_as_headed", lang)) in caption
    assert rep.tables_drawn == 1
    # old data, dated by what the table shows (May 2022), not by the par curve it reads for the tail (to 2025)
    assert re.search(r'<h4>.*<span class="stale" data-to="2022-05-31">', block)


def test_auctions_finding_states_the_views_numbers(notes, mirror_store):
    """The sentence above the table: 32 auctions, 23 bills for $849.0 bn and 9 coupons for $293.0 bn; among coupons
    the 20-year bond (R_20220518_?.xml, 5.0 bp over the 20-year par yield) had the largest tail and the 10-year TIPS
    reopening (BidToCoverRatio 2.24) the lowest bid-to-cover.  Each number is re-read from the view."""
    _, html, entries = notes["en"]
    title = re.search(r"<h4>(.*?)</h4>", _block(html, AUCTIONS)).group(1)
    assert title.startswith("In May 2022 Treasury held 32 auctions: 23 of bills for $849.0 bn and 9 of notes, bonds, "
                            "TIPS and FRNs for $293.0 bn;")
    assert "the 20-year bond had the largest tail against the end-of-day curve (5.0 bp)" in title
    assert "the 10-year TIPS the lowest bid-to-cover (2.24)" in title
    assert "2022年5月财政部共举行32场拍卖：国库券23场，合计8,490亿美元；附息国债9场，合计2,930亿美元" in notes["zh-Hans"][1]
    assert "附息國債拍賣中，20年期國債相對日終曲線的尾差最大（5.0個基點）" in notes["zh-Hant"][1]
    checked = 0
    with Data(mirror_store) as d:
        for lang in LANGS:
            for e in notes[lang][2]:
                for n in e["numbers"]:
                    if n["op"] != "view_row":
                        continue
                    expected = n["sign"] * recompute(d, n) * n["scale"]
                    assert math.isclose(n["value"], round(expected, n["decimals"]), abs_tol=0.5 * 10 ** -n["decimals"])
                    assert abs(abs(_printed(n["text"])) - abs(n["value"])) <= 0.5 * 10 ** -n["decimals"]
                    checked += 1
    assert checked == 3 * 2 * 7  # 7 numbers, in the section text and as the table's title, in 3 languages


def test_table_cells_leave_missing_blank_never_zero():
    """SYNTHETIC frame: a missing share prints '–', a total row leaves its rate columns blank, 0 stays 0."""
    spec = C.BY_ID[AUCTIONS]
    f = pd.DataFrame({"security": ["Note 2Y", "FRN 2Y", "Total"], "date": pd.to_datetime(["2022-05-24", "2022-05-25", None]),
                      "size": [47.0, 22.0, 69.0], "stop_out": [2.519, 0.0, None], "btc": [2.61, None, None],
                      "indirect": [62.5, 73.1, None], "direct": [None, 4.5, None], "dealer": [15.4, 22.3, None],
                      "tail": [1.9, None, None], "row": ["auction", "auction", "total"], "auctions": [1, 1, 2],
                      "term": ["2-Year", "1-Year 11-Month", None],
                      "basis": ["nominal_yield", "frn_discount_margin", None]})
    cells = T.table_cells(f, spec, "en")
    assert cells.rows[0] == ["2-year note", "24 May", "47.0", "2.519", "2.61", "62.5", "–", "15.4", "1.9"]
    assert cells.rows[1][3] == "0.000‡" and cells.rows[1][4] == "–"
    assert cells.rows[2] == ["Total (2 auctions)", "", "69.0", "", "", "", "", "", ""]
    assert cells.kinds == ["auction", "auction", "total"]


def test_a_refused_auctions_view_refuses_the_table_with_its_reason(mirror_store, tmp_path, monkeypatch):
    """SYNTHETIC refusal of the view: the table is not drawn and the note says why, as for a chart."""
    from ustmon.analytics import auctions
    from ustmon.errors import CoverageError

    def refuse(data):
        raise CoverageError("last month's auctions", "needs every auction of a month with results",
                            coverage="no month with results has every auction of the list")

    monkeypatch.setitem(auctions.VIEWS, "last-month", refuse)
    with Data(mirror_store) as d:
        rep = build_report(d, "zh-Hant", tmp_path, write_state=False, figure_ids=(AUCTIONS,))
    block = _block(rep.html.read_text(encoding="utf-8"), AUCTIONS)
    assert "數據不可用" in block and "needs every auction of a month with results" in block and "<table" not in block
    assert rep.tables_drawn == 0 and rep.charts_missing == 1


# --------------------------------------------------------------------------- receipts and outlays by category
@pytest.mark.parametrize("lang", LANGS)
def test_category_charts_show_the_views_refusal_offline(notes, lang):
    """The mirror holds no MTS Table 9/4: each chart shows the view's own reason (which tables, and that only the
    live API has them), never an empty chart and never 'Data not available' alone."""
    _, html, _ = notes[lang]
    for fid in FISCAL:
        block = _block(html, fid)
        assert 'class="plot"' not in block
        assert t("not_available", lang, what="").split("：")[0].split(":")[0] in block
        assert "needs MTS Table 9 (receipts by source, outlays by function) and Table 4" in block, block
        assert "MTS.RECEIPTS.INDIVIDUAL_INCOME_TAX" in block
        assert t(C.BY_ID[fid].name_key, lang) in block


def _synthetic_fiscal_store(tmp_path_factory) -> Path:
    """The SYNTHETIC MTS Table 9/4 store of tests/analytics/test_fiscal_categories.py (36 monthly answers for
    FY2022..FY2024, invented numbers in the API's layout, read through ``ustmon update``)."""
    path = Path(__file__).resolve().parents[1] / "analytics" / "test_fiscal_categories.py"
    spec = importlib.util.spec_from_file_location("_synthetic_mts_answers", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod._synthetic_store(tmp_path_factory.mktemp("synthetic_mts_note"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    db = _synthetic_fiscal_store(tmp_path_factory)
    out = {}
    for lang in LANGS:
        with Data(db) as d:
            rep = build_report(d, lang, tmp_path_factory.mktemp(f"syn-{lang}"), write_state=False, figure_ids=FISCAL)
        out[lang] = (rep, rep.html.read_text(encoding="utf-8"), json.loads(rep.numbers_json.read_text(encoding="utf-8")))
    return db, out


def test_category_charts_draw_on_synthetic_answers_and_state_the_views_numbers(synthetic):
    """SYNTHETIC (see tests/analytics/test_fiscal_categories.py): FY2024 collects 2bn a month more customs duties
    than FY2023 and nothing else changes, so the fiscal-year deficit narrowed by 24.0bn, all of it customs duties;
    the 12 months to September 2024 hold outlays of 12 x 678.6 = 8,143.2bn and receipts of 3,561.6bn."""
    db, out = synthetic
    rep, html, entries = out["en"]
    assert rep.charts_drawn == 2 and rep.charts_missing == 0
    title = lambda fid: re.sub(r" <span class=\"stale\".*", "", re.search(r"<h4>(.*?)</h4>", _block(html, fid)).group(1))
    fy = title("deficit_contributions_fy")  # (the SYNTHETIC answers end in 2024: tagged as old data)
    assert fy == "In FY2024 the deficit narrowed by $24.0 bn; Customs duties did most to narrow it ($24.0 bn)"
    cat = title("categories_12m")
    assert cat == "In the 12 months to September 2024, outlays were $8,143.2 bn and receipts $3,561.6 bn"
    assert "2024财年赤字收窄240亿美元；其中关税收窄作用最大（240亿美元）" in out["zh-Hans"][1]
    assert "截至2024年9月的12個月，支出為81,432億美元，收入為35,616億美元" in out["zh-Hant"][1]
    # every number re-read from its view's row
    with Data(db) as d:
        view = E.view_frame("fiscal", "contributions-fy", d)
        row = view[(view["fiscal_year"] == 2024) & (view["component"] == "deficit_change")]
        assert row["deficit_impact_usd_bn"].iloc[0] == pytest.approx(-24.0)
        n = 0
        for lang in LANGS:
            for e in out[lang][2]:
                for num in e["numbers"]:
                    assert num["op"] == "view_row"
                    expected = num["sign"] * recompute(d, num) * num["scale"]
                    assert num["value"] == pytest.approx(round(expected, num["decimals"]))
                    n += 1
        assert n == 3 * 2 * 4  # 2 + 2 numbers, in the section text and as titles, in 3 languages


def test_category_charts_are_drawn_as_specified(synthetic):
    """SYNTHETIC: grouped horizontal bars (latest 12 months vs a year earlier, totals left out, categories named)
    and stacked deficit impacts per fiscal year with the deficit's change as markers."""
    from ustmon.render.plotly import plot

    db, _ = synthetic
    with Data(db) as d:
        cat = E.evaluate(C.BY_ID["categories_12m"], d)
        fig = plot(cat, "zh-Hans")
        assert [tr.type for tr in fig.data] == ["bar", "bar"] and fig.layout.barmode == "group"
        assert len(fig.data[0].y) == 12 and "关税" in fig.data[0].y and "净利息" in fig.data[0].y
        customs = list(fig.data[0].y).index("关税")
        assert (fig.data[0].x[customs], fig.data[1].x[customs]) == (pytest.approx(108.0), pytest.approx(84.0))
        fy = E.evaluate(C.BY_ID["deficit_contributions_fy"], d)
        fig = plot(fy, "en")
        marks = [tr for tr in fig.data if tr.type == "scatter"]
        assert len(marks) == 1 and list(marks[0].x) == ["FY2023", "FY2024"]
        assert list(marks[0].y) == [pytest.approx(204.0), pytest.approx(-24.0)]
        assert fig.layout.barmode == "relative" and len([tr for tr in fig.data if tr.type == "bar"]) == 12


def test_categories_sentence_names_the_biggest_movers():
    """SYNTHETIC frame in the shape of the categories chart: net interest rose most among outlays, customs duties
    moved most among receipts."""
    from ustmon.desk import findings as fx

    comp = ["customs_duties", "individual_income_tax", "total", "net_interest", "defense", "total"]
    side = ["receipts"] * 3 + ["outlays"] * 3
    f = pd.DataFrame({"value": [108.0, 1920.0, 3561.6, 1200.0, 900.0, 8143.2], "adjusted": [84.0, 1930.0, 3547.6, 1100.0, 905.0, 8048.2],
                      "change": [24.0, -10.0, 14.0, 100.0, -5.0, 95.0], "side": side, "component": comp,
                      "date": pd.Timestamp("2024-09-01")},
                     index=["customs_duties", "individual_income_tax", "total_receipts", "net_interest", "defense", "total_outlays"])
    f.attrs["origin"] = {c: {"series": ("fiscal:categories", v), "op": "view", "scale": 1.0}
                         for c, v in C.BY_ID["categories_12m"].columns.items()}
    s = fx._f_categories(f, "en")
    assert s.text == ("In the 12 months to September 2024, outlays were $8,143.2 bn and receipts $3,561.6 bn; Net interest "
                      "rose most (+$100.0 bn on a year earlier), while Customs duties changed by +$24.0 bn")
    assert "净利息增幅最大（较一年前+1,000亿美元），关税变动+240亿美元" in fx._f_categories(f, "zh-Hans").text


# --------------------------------------------------------------------------- current supply at a glance
def test_current_supply_table_leads_with_the_latest_of_each_measure(data):
    res = E.evaluate(C.BY_ID["current_supply"], data)
    assert res.frame is not None, E.missing_text(res, "en")
    rows = {(r[0], r[1]): r[2] for r in T.table_cells(res.frame, C.BY_ID["current_supply"], "en").rows}
    # fiscaldata/not-yet-read/MSPD_SumSecty_…: bills 6,758,778.59 of total marketable 30,914,033.98 $mn at 2026-05-31 (total column)
    assert rows[("Bill share of marketable debt", "end of May 2026")] == "21.9%"
    assert rows[("Marketable debt outstanding", "end of May 2026")] == "$30,914.0 bn"
    # change in MSPD stocks, December 2025 end to March 2026 end, and to May 2026 end
    assert rows[("Net bill issuance", "2026 Q1")] == "$272.3 bn"
    assert rows[("Net bill issuance", "Jan–May 2026")] == "$211.5 bn"
    assert rows[("Net coupon issuance (notes, bonds, TIPS, FRNs)", "Jan–May 2026")] == "$431.2 bn"
    # fiscaldata/not-yet-read/MSPD_DetailSecty_20230930: the wall and WAM from every security by CUSIP
    assert rows[("Maturing in the next 12 months", "Oct 2023–Sep 2024")] == "$8,345.7 bn"
    assert rows[("Weighted average maturity", "end of Sep 2023")] == "71.9 months"
    zh = T.table_cells(res.frame, C.BY_ID["current_supply"], "zh-Hans").rows
    assert ["国库券净发行", "2026年1–5月", "2,115亿美元"] in zh


def test_current_supply_finding_names_year_to_date_and_quarter(data):
    from ustmon.desk import findings as F

    res = E.evaluate(C.BY_ID["current_supply"], data)
    s = F._f_current_supply(res.frame, "en")
    assert s.text == ("Net issuance over Jan–May 2026: bills $211.5 bn, coupons $431.2 bn; in 2026 Q1: bills "
                      "$272.3 bn, coupons $302.6 bn (MSPD)")
    for n in s.numbers:  # each number is a cell of the view, re-read from it
        assert n.op == "view_row" and n.series[0] == "supply:current"
