"""Assemble the research note: one self-contained HTML file (Plotly inlined once, no network), optionally a PDF.

``build_report(data, lang, out_dir, pdf=False)`` evaluates every chart of
:data:`ustmon.desk.catalog.FIGURES` against the store, writes the note in the
desk-note order (key takeaways, what changed, demand, fiscal and supply,
rates, funding, risk dashboard, data appendix), a sidecar JSON with every
number the text states and where it came from, and the small state file used
by the next run's "what changed" section.  ``report_command`` is the Typer
command mounted as ``ustmon report``.
"""

from __future__ import annotations

import html as _html
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import typer

from ..desk import catalog
from ..desk.evaluate import FigureColumnError, FigureResult, evaluate, missing_text
from ..render.html_table import table_html
from ..render.plotly import plot
from ..analytics.base import Data
from ..desk import i18n
from ..desk.i18n import Sentence, t
from . import freshness, narrative

SECTION_ORDER = (
    ("demand", "sec_demand", (("demand_domestic", "sec_demand_domestic"), ("demand_foreign", "sec_demand_foreign"))),
    ("fiscal", "sec_fiscal", (("fiscal", None),)),
    ("rates", "sec_rates", (("rates", None),)),
    ("funding", "sec_funding", (("funding", None),)),
)


@dataclass
class Report:
    html: Path
    pdf: Path | None
    lang: str
    sentences: list[tuple[str, Sentence]] = field(default_factory=list)
    risk: list = field(default_factory=list)
    results: dict = field(default_factory=dict)
    charts_drawn: int = 0  # Plotly charts drawn (tables are counted apart)
    charts_missing: int = 0  # charts and tables not available (each says why)
    tables_drawn: int = 0
    snapshot: bool = False
    seconds: dict = field(default_factory=dict)
    numbers_json: Path | None = None


def esc(x) -> str:
    return _html.escape(str(x), quote=True)


CSS = """
@page { size: A4; margin: 13mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: %(font)s; color: #1a1a1a; margin: 0 auto; max-width: 780px; font-size: 13px; line-height: 1.45; padding: 18px; }
h1 { font-size: 25px; margin: 0 0 4px; color: #1f4e79; }
h2 { font-size: 19px; color: #1f4e79; border-bottom: 2px solid #1f4e79; padding-bottom: 3px; margin-top: 26px; break-after: avoid; }
h3 { font-size: 15px; margin: 16px 0 6px; break-after: avoid; }
h4 { font-size: 13.5px; margin: 0 0 4px; font-weight: 600; }
.cover .sub { color: #555; font-size: 14px; margin-bottom: 8px; }
.meta { color: #333; font-size: 12px; margin: 2px 0; }
.banner { background: #fff4ce; border: 1px solid #e0b000; padding: 7px 10px; margin: 10px 0; font-weight: 600; }
.asof { background: #e8f0fb; border: 1px solid #7aa0d0; padding: 6px 10px; margin: 8px 0; }
ul.takeaways li { margin-bottom: 5px; font-size: 14px; }
p.narr { margin: 6px 0 10px; }
figure.chart { margin: 10px 0 18px; break-inside: avoid; page-break-inside: avoid; }
figure.chart .plot { width: 720px; height: 330px; }
figure.chart figcaption { font-size: 11px; color: #555; }
figure.table { break-inside: auto; page-break-inside: auto; }
table.figtable { font-size: 10.5px; margin: 4px 0 6px; }
table.figtable th, table.figtable td { padding: 2px 4px; }
table.figtable td.day { white-space: nowrap; }
table.figtable thead { display: table-header-group; }
table.figtable tr { break-inside: avoid; }
table.figtable tr.total td { font-weight: 600; background: #f5f7fa; }
figure.missing p.na { border: 1px dashed #999; color: #666; padding: 10px; font-style: italic; margin: 4px 0; }
table { border-collapse: collapse; width: 100%%; font-size: 11.5px; margin: 8px 0; }
th, td { border: 1px solid #ccc; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
td.num { text-align: right; white-space: nowrap; }
td.red { background: #f4c7c3; } td.amber { background: #fce8b2; } td.green { background: #d9ead3; }
table.appendix td { font-size: 10.5px; word-break: break-word; }
nav ol { margin: 4px 0 0 18px; padding: 0; columns: 2; }
footer { margin-top: 24px; color: #666; font-size: 11px; }
/* printed: the line goes in every page's bottom margin (a page margin box), not after the last table, where
   it could take a page of its own */
@page { @bottom-left { content: %(footer)s; font-family: %(font)s; font-size: 8px; color: #666; } }
@media print { body { padding-bottom: 0; } footer { display: none; } }
.changes li { margin-bottom: 3px; }
span.stale { color: #9c4a00; font-weight: 600; font-size: 0.85em; white-space: nowrap; }
"""


#: counts page errors (uncaught exceptions, console.error) into <html data-console-errors>, so a
#: headless check can read them from the DOM; the messages go to <html data-console-messages>
ERROR_PROBE = """(function(){var n=0,m=[],h=document.documentElement;function rec(x){n++;m.push(String(x).slice(0,200));
h.setAttribute('data-console-errors',String(n));h.setAttribute('data-console-messages',m.join(' | '));}
h.setAttribute('data-console-errors','0');window.addEventListener('error',function(e){rec(e.message);});
window.addEventListener('unhandledrejection',function(e){rec(e.reason);});
var o=console.error;console.error=function(){rec(Array.prototype.join.call(arguments,' '));return o.apply(console,arguments);};})();"""


def _tag(f, lang: str) -> str:
    """The visible 'data to <date>' mark on a chart or finding whose inputs are overdue."""
    if f is None:
        return ""
    return f' <span class="stale" data-to="{f.latest.date()}">[{esc(freshness.stale_tag(f, lang))}]</span>'


def _figure_html(res: FigureResult, lang: str, sentences: list, plots: list, stale=None, data: Data | None = None,
                 fits=None) -> str:
    spec = res.spec
    if res.frame is None:
        return (f'<figure class="chart missing" id="fig-{spec.id}" data-fig="{spec.id}"><h4>{esc(t(spec.name_key, lang))}</h4>'
                f'<p class="na">{esc(missing_text(res, lang))}</p></figure>')
    s = narrative.finding(res, lang)
    if s is not None and fits is not None and not fits(s):
        s = None  # it reads a quantity at another date than the rest of the note: neutral title
    title = s.text if s is not None else t(spec.name_key, lang)
    if s is not None:
        sentences.append((f"title:{spec.id}", s))
    cap = f"{esc(t('units', lang, units=t(spec.units, lang)))} · {esc(freshness.source_line(res.frame, lang, data))}"
    note = res.frame.attrs.get("note")  # (i18n key, params): what the chart leaves out, and why
    if note:
        cap += f"<br>{esc(t(note[0], lang, **note[1]))}"
    if spec.kind == "table":  # a table is HTML of its own (same title, units, source line and note as a chart)
        body, cls = table_html(res, lang), "chart table"
    else:
        plots.append((f"plot-{spec.id}", plot(res, lang)))
        body, cls = f'<div class="plot" id="plot-{spec.id}"></div>', "chart"
    return (f'<figure class="{cls}{" stale" if stale else ""}" id="fig-{spec.id}" data-fig="{spec.id}"><h4>{esc(title)}{_tag(stale, lang)}</h4>'
            f'{body}<figcaption>{cap}</figcaption></figure>')


def _appendix(results: dict, data: Data, lang: str, today: pd.Timestamp | None = None) -> str:
    series: dict[str, dict] = {}
    for res in results.values():
        if res.frame is not None:
            series.update(res.frame.attrs.get("provenance", {}).get("series", {}))
    rows = []
    for sid in sorted(series):
        p = series[sid]
        try:
            s = data.series(sid).dropna()
            latest = str(s.index[-1].date()) if len(s) else ""
        except Exception:  # noqa: BLE001 - the appendix must never fail the report
            latest = ""
        modes = ", ".join(t(f"mode_{m}", lang) if f"mode_{m}" in i18n.S else m for m in p.get("modes", []))
        fr = freshness.series_freshness(data, sid, p, today) if today is not None else None
        nxt = "" if fr is None or fr.next_release is None else str(fr.next_release.date())
        if fr is not None and fr.stale:
            nxt = f'{nxt} ({t("overdue", lang)})'
        rows.append(f"<tr><td>{esc(sid)}</td><td>{esc(p.get('title', ''))}</td><td>{esc(p.get('attribution') or p.get('source'))}"
                    f"</td><td>{esc(latest)}</td><td>{esc(freshness.known_since(p))}</td><td>{esc(nxt)}</td>"
                    f"<td>{esc(p.get('unit', ''))}</td><td>{esc(modes)}</td></tr>")
    head = "".join(f"<th>{esc(t(k, lang))}</th>" for k in ("col_series", "col_title", "col_source", "col_latest",
                                                           "col_vintage", "col_next", "col_unit", "col_mode"))
    return (f'<p>{esc(t("appendix_note", lang))}</p><table class="appendix"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _risk_table(rows, lang: str) -> str:
    starts = {r.label: ind.since[:4] for r, ind in zip(rows, narrative.RISK_INDICATORS)}
    head = (f"<tr><th>{esc(t('col_indicator', lang))}</th><th>{esc(t('col_reading', lang))}</th><th>{esc(t('col_date', lang))}</th>"
            f"<th>{esc(t('col_percentile', lang))}</th><th>{esc(t('col_threshold', lang))}</th>"
            f"<th>{esc(t('col_status', lang))}</th></tr>")
    body = []
    for r in rows:
        start = starts[r.label]
        pct_label = f"{r.percentile.text} ({start}–)" if lang == "en" else f"第{r.percentile.text}（{start}年起）"
        body.append(f'<tr class="risk" data-status="{r.status}"><td title="{esc(r.why)}">{esc(r.label)}</td>'
                    f'<td class="num">{esc(r.reading.text)}</td><td>{esc(r.date)}</td><td class="num">{esc(pct_label)}</td>'
                    f'<td>{esc(r.threshold)}</td><td class="{r.status}">{esc(t("status_" + r.status, lang))}</td></tr>')
    return f'<table class="risk"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table><p class="meta">{esc(t("risk_note", lang))}</p>'


def _snapshot_info(data: Data) -> dict | None:
    try:
        raw = data._st().get_meta("snapshot")
    except Exception:  # noqa: BLE001
        return None
    return json.loads(raw) if raw else None


def evaluate_all(data: Data, ids: tuple[str, ...] | None = None) -> dict[str, FigureResult]:
    """Every chart's frame, one chart at a time: a chart whose inputs are empty on the note's date
    (``--as-of`` before a series began, a window with no observations) is reported as not available
    instead of stopping the note."""
    out = {}
    for spec in catalog.FIGURES:
        if ids is not None and spec.id not in ids:
            continue
        try:
            out[spec.id] = evaluate(spec, data)
        except FigureColumnError:  # a view lost a column a chart draws: a bug, never a quiet gap in the note
            raise
        except (IndexError, KeyError, ValueError, ZeroDivisionError):
            out[spec.id] = FigureResult(spec, None, "no_observations", {})
    return out


def build_report(data: Data, lang: str = "en", out_dir: Path | str = ".", *, pdf: bool = False,
                 write_state: bool = True, figure_ids: tuple[str, ...] | None = None) -> Report:
    """Write the note for ``lang`` into ``out_dir``; return paths, sentences and timings."""
    import plotly.io as pio
    from plotly.offline import get_plotlyjs

    from .. import __version__

    i18n.check_lang(lang)
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    results = evaluate_all(data, figure_ids)
    t_eval = time.perf_counter()

    sentences: list[tuple[str, Sentence]] = []
    plots: list = []
    modes = sorted({m for r in results.values() if r.frame is not None
                    for m in r.frame.attrs.get("provenance", {}).get("modes", [])})
    latest = max((r.frame.attrs.get("provenance", {}).get("latest_observation") or "" for r in results.values()
                  if r.frame is not None), default="")
    snapshot = "snapshot" in modes
    built = datetime.now(UTC)
    as_of = None if data.as_of is None else str(pd.Timestamp(data.as_of).date())

    today = pd.Timestamp(as_of) if as_of else pd.Timestamp(built.date())
    stale = {fid: freshness.as_shown(r.frame, freshness.chart_staleness(r.frame, data, today))
             for fid, r in results.items() if r.frame is not None}
    span = freshness.cover_span(results, data, today)

    # one reading per quantity: the first sentence that quotes a quantity (takeaways, then the sections in
    # order) fixes its date; a later finding reading it at another date is left out (its chart keeps the
    # neutral title) and the tables read it at that date too
    candidates = [s for _, s in narrative.takeaway_items(results, lang)] + \
        [s for _, _, subs in SECTION_ORDER for section, _ in subs for _, s in narrative.section_items(results, section, lang)]
    pins = narrative.pinned_dates(candidates)

    def fits(s: Sentence | None) -> bool:
        return s is not None and narrative.agrees(s, pins)

    def old(fid: str, s: Sentence):
        """The overdue input a finding rests on (None when its data are current)."""
        return freshness.sentence_staleness(s, data, today, stale.get(fid))

    parts: list[str] = []
    # ---- first page: the note's date, its newest and oldest input, how many charts rest on old data
    cover = [f'<header class="cover"><h1>{esc(t("report_title", lang))}</h1><div class="sub">{esc(t("report_subtitle", lang))}</div>',
             f'<p class="meta" id="note-date">{esc(t("note_date", lang, date=i18n.fmt_day(today, lang), built=built.strftime("%Y-%m-%d %H:%M UTC")))}</p>']
    if span is not None:
        newest, oldest = span
        cover.append(f'<p class="meta" id="data-as-of" data-newest="{newest.latest.date()}" data-oldest="{oldest.latest.date()}">'
                     f'{esc(t("input_span", lang, newest=freshness.fmt_date(newest, lang), newest_name=freshness.input_name(newest, lang), oldest=freshness.fmt_date(oldest, lang), oldest_name=freshness.input_name(oldest, lang)))}</p>')
    n_stale = sum(1 for f in stale.values() if f is not None)
    cover.append(f'<p class="meta" id="stale-count" data-stale="{n_stale}">' +
                 esc(t("stale_count", lang, n=n_stale, m=len(stale)) if n_stale else t("stale_none", lang)) + "</p>")
    if snapshot:
        info = _snapshot_info(data)
        cover.append(f'<p class="banner" id="snapshot-banner">{esc(t("snapshot_banner", lang, date=(info or {}).get("data_to") or latest))}</p>')
    if as_of:
        cover.append(f'<p class="asof">{esc(t("vintage_as_of", lang, date=as_of))}</p>')
    cover.append("</header>")
    parts.extend(cover)
    toc = [("takeaways", "sec_takeaways"), ("changes", "sec_changes")] + [(a, b) for a, b, _ in SECTION_ORDER] + \
          [("risk", "sec_risk"), ("appendix", "sec_appendix")]
    parts.append(f'<nav><strong>{esc(t("toc", lang))}</strong><ol>' +
                 "".join(f'<li><a href="#{a}">{esc(t(b, lang))}</a></li>' for a, b in toc) + "</ol></nav>")

    # ---- 1. key takeaways: current facts lead; a finding on overdue data says so
    tk = [x for x in narrative.takeaway_items(results, lang, old, keep=fits)]
    sentences.extend(("takeaways", s) for _, s in tk)
    parts.append(f'<section id="takeaways"><h2>{esc(t("sec_takeaways", lang))}</h2><ul class="takeaways">' +
                 "".join(f"<li>{esc(s.text)}{_tag(old(fid, s), lang)}</li>" for fid, s in tk) + "</ul></section>")
    changes_at = len(parts)  # 'what changed' is written once every quantity's date is fixed by the text

    # ---- 2-5. sections with charts
    drawn = missing = tables = 0
    for anchor, title_key, subs in SECTION_ORDER:
        parts.append(f'<section id="{anchor}"><h2>{esc(t(title_key, lang))}</h2>')
        for section, sub_key in subs:
            if sub_key:
                parts.append(f"<h3>{esc(t(sub_key, lang))}</h3>")
            extra = [x for x in narrative.section_items(results, section, lang, old) if fits(x[1])]
            sentences.extend((f"section:{section}", s) for _, s in extra)
            if extra:
                stop = "." if lang == "en" else "。"
                parts.append('<p class="narr">' + (" " if lang == "en" else "").join(
                    esc(s.text + stop) + _tag(old(fid, s), lang) for fid, s in extra) + "</p>")
            for res in results.values():
                if res.spec.section == section:
                    parts.append(_figure_html(res, lang, sentences, plots, stale.get(res.spec.id), data, fits))
                    if res.frame is None:
                        missing += 1
                    elif res.spec.kind == "table":
                        tables += 1
                    else:
                        drawn += 1
        parts.append("</section>")

    # ---- 6. risk dashboard
    risk = narrative.risk_rows(results, lang, pins)
    parts.append(f'<section id="risk"><h2>{esc(t("sec_risk", lang))}</h2>{_risk_table(risk, lang)}</section>')
    # ---- 7. appendix
    parts.append(f'<section id="appendix"><h2>{esc(t("sec_appendix", lang))}</h2>{_appendix(results, data, lang, today)}</section>')
    # ---- what changed since the previous note in the same language (placed after the takeaways)
    keys = narrative.key_numbers(results, pins)
    prev = narrative.read_state(out_dir, lang)
    parts.insert(changes_at, f'<section id="changes"><h2>{esc(t("sec_changes", lang))}</h2><ul class="changes">' +
                 "".join(f"<li>{esc(x)}</li>" for x in narrative.changes(prev, keys, lang)) + "</ul></section>")
    parts.append(f'<footer>{esc(t("footer", lang, version=__version__))}</footer>')

    config = {"displayModeBar": False, "responsive": False}
    scripts = "\n".join(f"Plotly.newPlot({json.dumps(div)}, __f[{i}].data, __f[{i}].layout, {json.dumps(config)});"
                        for i, (div, _) in enumerate(plots))
    figs_json = "[" + ",".join(pio.to_json(fig, validate=False, pretty=False) for _, fig in plots) + "]"
    doc = (f'<!DOCTYPE html><html lang="{i18n.HTML_LANG[lang]}"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f'<meta name="generator" content="ustmon {esc(__version__)}">'
           f'<title>{esc(t("report_title", lang))} — {esc(str(today.date()))}</title>'
           f'<style>{CSS % {"font": i18n.FONT_STACK[lang], "footer": json.dumps(t("footer", lang, version=__version__), ensure_ascii=False)}}</style><script>{ERROR_PROBE}</script>'
           f'<script>{get_plotlyjs()}</script></head><body>' + "\n".join(parts) +
           f'<script>var __f = {figs_json};\n{scripts}\n</script></body></html>')
    stem = f"ustmon-report-{as_of or built.strftime('%Y-%m-%d')}-{lang}"
    html_path = out_dir / f"{stem}.html"
    html_path.write_text(doc, encoding="utf-8")
    numbers_path = out_dir / f"{stem}.numbers.json"
    numbers_path.write_text(json.dumps([{"where": w, "text": s.text, "numbers": [n.to_json() for n in s.numbers]}
                                        for w, s in sentences] +
                                       [{"where": "risk", "text": r.label, "numbers": [r.reading.to_json(), r.percentile.to_json()]}
                                        for r in risk], ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if write_state:
        narrative.write_state(out_dir, keys, built.isoformat(timespec="seconds"), as_of, lang)
    t_html = time.perf_counter()
    pdf_path = None
    if pdf:
        from .pdf import print_pdf

        pdf_path = print_pdf(html_path, html_path.with_suffix(".pdf"))
    t_pdf = time.perf_counter()
    return Report(html_path, pdf_path, lang, sentences, risk, results, drawn, missing, tables, snapshot,
                  {"evaluate": t_eval - t0, "html": t_html - t0, "pdf": (t_pdf - t_html) if pdf else None},
                  numbers_path)


# --------------------------------------------------------------------------- command
def report_command(
    lang: str = typer.Option("en", "--lang", help="en, zh-Hans or zh-Hant"),
    as_of: str | None = typer.Option(None, "--as-of", help="Write the note as it could have been written on this date (vintages)."),
    out: Path = typer.Option(Path("."), "--out", help="Output folder (the HTML, its .numbers.json and the state for the next run)."),
    pdf: bool = typer.Option(False, "--pdf", help="Also print a PDF with headless Chromium."),
) -> None:
    """Write the desk research note (self-contained HTML; PDF with --pdf) from current data."""
    from ..render.console import console as _console, handle_errors, parse_date as _parse_date, store_path as _store_path
    from ..update import ensure_store

    @handle_errors
    def run() -> None:
        i18n.check_lang(lang)
        path = ensure_store(_store_path())
        with Data(path, as_of=_parse_date(as_of, "--as-of")) as data:
            rep = build_report(data, lang, out, pdf=pdf)
        console = _console()
        console.print(f"wrote {rep.html} ({rep.charts_drawn} charts, {rep.tables_drawn} table{'' if rep.tables_drawn == 1 else 's'}, "
                      f"{rep.charts_missing} not available"
                      f"{'; data from the bundled snapshot' if rep.snapshot else ''}) in {rep.seconds['html']:.1f} s",
                      highlight=False)
        if rep.pdf:
            console.print(f"wrote {rep.pdf} in {rep.seconds['pdf']:.1f} s", highlight=False)

    run()
