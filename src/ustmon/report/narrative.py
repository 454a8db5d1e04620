"""The note's sentences, written from the same frames as the charts.

Every sentence that states a number is a :class:`~ustmon.desk.i18n.Sentence`
whose ``numbers`` record value, series, date and operation, so a test can
recompute each one from the store.  Nothing here holds a number of its own.

* :func:`takeaways` — the 4-6 key sentences;
* :func:`section_sentences` — each section's findings (the chart titles, which state them);
* :func:`risk_rows` — the risk dashboard: reading, historical percentile, threshold, colour;
* :func:`key_numbers` / :func:`changes` — the "what changed since the previous report" section,
  from a small JSON of key numbers kept next to the output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..desk import findings as F
from ..desk import i18n
from ..desk.evaluate import FigureResult
from ..desk.i18n import Number, Sentence, t

#: findings that make the key takeaways, in order (those whose chart is unavailable are skipped)
TAKEAWAY_FIGURES = ("china_japan_uk", "fed_holdings", "leveraged_net_short", "spread_10s2s", "term_premium",
                    "sofr_iorb", "monthly_deficit", "on_rrp")
MAX_TAKEAWAYS = 6


def finding(res: FigureResult, lang: str, fn=None) -> Sentence | None:
    """The chart's finding (or ``fn(frame, lang)``), computed once per chart and language."""
    fn = fn or res.spec.finding
    if res.frame is None or fn is None:
        return None
    memo = res.__dict__.setdefault("_findings", {})
    key = (getattr(fn, "__name__", id(fn)), lang)
    if key not in memo:
        try:
            memo[key] = fn(res.frame, lang)
        except (KeyError, IndexError, TypeError):  # a frame without the columns a finding needs: no sentence
            memo[key] = None
    return memo[key]


def takeaway_items(results: dict[str, FigureResult], lang: str, stale=None, keep=None) -> list[tuple[str, Sentence]]:
    """(figure id, sentence) of the key takeaways: current facts lead; findings on overdue data come after
    them (the note tags those as old), and only to fill the list.  ``stale(fid, sentence)`` says whether
    a finding rests on overdue data; ``keep(sentence)`` filters findings (one reading per quantity)."""
    found = [(fid, s) for fid in TAKEAWAY_FIGURES if fid in results
             for s in [finding(results[fid], lang)] if s is not None and (keep is None or keep(s))]
    if stale is None:
        return found[:MAX_TAKEAWAYS]
    current = [x for x in found if not stale(*x)]
    old = [x for x in found if stale(*x)]
    return (current + old)[:MAX_TAKEAWAYS]


def takeaways(results: dict[str, FigureResult], lang: str, stale: dict | None = None) -> list[Sentence]:
    return [s for _, s in takeaway_items(results, lang, stale)]


def section_items(results: dict[str, FigureResult], section: str, lang: str,
                  stale=None) -> list[tuple[str, Sentence]]:
    """(figure id, sentence): findings of a section's charts plus extra sentences drawn from the same frames;
    findings on current data first, those on overdue data (``stale(fid, sentence)``) after them."""
    out = []
    for res in results.values():
        if res.spec.section != section:
            continue
        s = finding(res, lang)
        if s is not None:
            out.append((res.spec.id, s))
        if res.spec.id == "china_japan_uk" and res.frame is not None:
            jp = finding(res, lang, F._f_jp)
            if jp is not None:
                out.append((res.spec.id, jp))
    if stale is None:
        return out
    return [x for x in out if not stale(*x)] + [x for x in out if stale(*x)]


def section_sentences(results: dict[str, FigureResult], section: str, lang: str, stale=None) -> list[Sentence]:
    return [s for _, s in section_items(results, section, lang, stale)]


#: operations that quote a quantity at one date (changes, sums and percentiles refer to a window)
POINT_OPS = ("level", "diff", "lev_net_short", "view", "ratio_pct", "share_pct")


def pinned_dates(sentences) -> dict[tuple, str]:
    """One date per quantity: (series, op) -> the date the note's text reads it at (first sentence wins).

    Tables (risk dashboard, what changed) quote a quantity the text already states at the same date, so a
    note never shows reserves at one date in a sentence and at another in a table."""
    pins: dict[tuple, str] = {}
    for s in sentences:
        for key, d in readings(s).items():
            pins.setdefault(key, d)
    return pins


def readings(s: Sentence) -> dict[tuple, str]:
    """(series, op) -> the date a sentence reads each quantity at; a sentence may compare a quantity with an
    earlier date ('down from a peak of ... in December 2022'): its reading is the latest."""
    here: dict[tuple, str] = {}
    for n in s.numbers:
        if n.op in POINT_OPS:
            key = (tuple(n.series), n.op)
            here[key] = max(here.get(key, n.date), n.date)
    return here


def agrees(s: Sentence, pins: dict) -> bool:
    """True when the sentence reads every quantity at the note's date for it (so it can be printed)."""
    return all(pins.get(k, d) == d for k, d in readings(s).items())


def _pin(frame, col: str, s, pins: dict | None):
    """The date to quote ``frame[col]`` at: the text's date for that quantity when it has one, else the latest."""
    o = frame.attrs.get("origin", {}).get(col)
    if pins and o is not None:
        d = pins.get((tuple(o["series"]), o["op"]))
        if d is not None and pd.Timestamp(d) in s.index:
            return pd.Timestamp(d)
    return s.index[-1]


# --------------------------------------------------------------------------- risk dashboard
@dataclass(frozen=True)
class RiskIndicator:
    key: str  # i18n label
    figure: str  # figure whose frame holds the column
    column: str
    fmt: str  # money | pct | pp | bp | plain
    threshold: float
    low_is_risk: bool  # True: the risk is a LOW reading (reserves, RRP, inverted curve)
    since: str
    why: str  # rationale for the threshold (documentation)


RISK_INDICATORS: tuple[RiskIndicator, ...] = (
    RiskIndicator("r_spread", "spread_10s2s", "spread", "pp", 0.0, True, "2000-01-01",
                  "an inverted 10s2s curve has preceded every US recession since the 1970s"),
    RiskIndicator("r_tp", "term_premium", "kw", "pct", 1.0, False, "2016-09-26",
                  "a 10y term premium above 1% was last seen before 2014: investors demanding pay for duration risk"),
    RiskIndicator("r_sofr", "sofr_iorb", "sofr_minus_iorb_bp", "bp", 0.0, False, "2021-07-29",
                  "SOFR above IORB means repo cash is dearer than reserves: reserves are no longer abundant"),
    RiskIndicator("r_rrp", "on_rrp", "rrp", "money", 100.0, True, "2015-01-01",
                  "with ON RRP near zero the money-fund liquidity buffer that absorbed bill supply is spent"),
    RiskIndicator("r_reserves", "reserves_tga", "reserves", "money", 2800.0, True, "2015-01-01",
                  "about $2.8tn is the level below which 2019-style repo pressure is commonly expected"),
    RiskIndicator("r_lev", "leveraged_net_short", "total", "money", 1000.0, False, F.LEV_START,
                  "a futures net short above $1tn notional marks a basis trade larger than the one unwound in March 2020"),
    RiskIndicator("r_fsi", "stress_volatility", "fsi", "plain", 0.0, False, "2000-01-01",
                  "the OFR FSI is zero at average stress; positive readings mean above-average stress"),
)


@dataclass
class RiskRow:
    label: str
    reading: Number
    date: str
    percentile: Number
    threshold: str
    status: str  # red | amber | green
    why: str


def risk_rows(results: dict[str, FigureResult], lang: str, pins: dict | None = None) -> list[RiskRow]:
    """The dashboard's rows; a quantity the text quotes is read at the text's date (``pins``)."""
    rows = []
    for ind in RISK_INDICATORS:
        res = results.get(ind.figure)
        if res is None or res.frame is None or ind.column not in res.frame:
            continue
        f = res.frame
        s = f[ind.column].dropna()
        if s.empty:
            continue
        d = _pin(f, ind.column, s, pins)
        v = float(s.loc[d])
        reading = F.number(f, ind.column, d, lang, ind.fmt, unsigned=False)
        pctl = F.percentile_number(f, ind.column, d, ind.since, lang, low_is_risk=ind.low_is_risk)
        crossed = v < ind.threshold if ind.low_is_risk else v > ind.threshold
        status = "red" if crossed else ("amber" if pctl.value >= 80 else "green")
        th_text = {"money": lambda x: i18n.money_bn(x, lang, decimals=0)[0], "pct": lambda x: i18n.pct(x, lang, 1)[0],
                   "pp": lambda x: i18n.pp(x, lang, 1)[0], "bp": lambda x: i18n.bp(x, lang)[0],
                   "plain": lambda x: i18n.plain(x, 1)[0]}[ind.fmt](ind.threshold)
        rows.append(RiskRow(t(ind.key, lang), reading, i18n.fmt_day(d, lang), pctl,
                            t("th_below" if ind.low_is_risk else "th_above", lang, x=th_text), status, ind.why))
    return rows


# --------------------------------------------------------------------------- what changed
#: key numbers kept between runs: key -> (figure, column, format)
KEY_NUMBERS: dict[str, tuple[str, str, str]] = {
    "k_dgs10": ("yields", "DGS10", "pct"),
    "k_spread": ("spread_10s2s", "spread", "pp"),
    "k_fed": ("fed_holdings", "fed", "money"),
    "k_cn": ("china_japan_uk", "CN", "money"),
    "k_jp": ("china_japan_uk", "JP", "money"),
    "k_official": ("official_private", "official", "money"),
    "k_rrp": ("on_rrp", "rrp", "money"),
    "k_reserves": ("reserves_tga", "reserves", "money"),
    "k_sofr": ("sofr_iorb", "sofr_minus_iorb_bp", "bp"),
    "k_tp": ("term_premium", "kw", "pct"),
    "k_lev": ("leveraged_net_short", "total", "money"),
    "k_deficit": ("monthly_deficit", "sum12", "money"),
}
def state_file(lang: str) -> str:
    """The state kept for the next note in the same language (an English note is not the previous Chinese issue)."""
    return f"ustmon-report-state-{lang}.json"


def key_numbers(results: dict[str, FigureResult], pins: dict | None = None) -> dict[str, dict]:
    """Value and date of each key number (in the frame's units) — at the date the text quotes it (``pins``),
    else the latest — plus the recent history used to spot revisions."""
    out = {}
    for key, (fid, col, fmt) in KEY_NUMBERS.items():
        res = results.get(fid)
        if res is None or res.frame is None or col not in res.frame:
            continue
        s = res.frame[col].dropna()
        if s.empty:
            continue
        d = _pin(res.frame, col, s, pins)
        s = s.loc[:d]
        recent = s.iloc[-26:]
        out[key] = {"figure": fid, "column": col, "fmt": fmt, "date": str(d.date()), "value": float(s.iloc[-1]),
                    "recent": {str(x.date()): float(v) for x, v in recent.items()}}
    return out


def _fmt(fmt: str, x: float, lang: str) -> str:
    if fmt == "money":
        return i18n.money_bn(x, lang)[0]
    return {"pct": i18n.pct, "pp": i18n.pp, "bp": i18n.bp}[fmt](x, lang)[0]


def read_state(out_dir: Path, lang: str = "en") -> dict | None:
    p = Path(out_dir) / state_file(lang)
    if not p.exists():
        return None
    try:
        state = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return state if state.get("lang", lang) == lang else None


def write_state(out_dir: Path, numbers: dict, built: str, as_of: str | None, lang: str = "en") -> Path:
    p = Path(out_dir) / state_file(lang)
    p.write_text(json.dumps({"built": built, "as_of": as_of, "lang": lang, "numbers": numbers}, indent=1), encoding="utf-8")
    return p


def _when(previous: dict, lang: str) -> str:
    """The previous note's date as a reader says it: '1 December 2026, 15:20 UTC' (its --as-of date when it had one)."""
    if previous.get("as_of"):
        return i18n.fmt_day(previous["as_of"], lang)
    built = pd.Timestamp(str(previous.get("built", "")))
    return f"{i18n.fmt_day(built, lang)}{', ' if lang == 'en' else ' '}{built.strftime('%H:%M')} UTC"


def changes(previous: dict | None, current: dict[str, dict], lang: str, *, revision_tol: float = 1e-6) -> list[str]:
    """Notable moves (new observations since the last note) and revisions (same date, different value)."""
    if previous is None:
        return [t("no_previous", lang)]
    when = _when(previous, lang)
    day = lambda d: i18n.fmt_day(d, lang)  # noqa: E731
    lines = [t("prev_report", lang, date=when)]
    found = False
    for key, cur in current.items():
        old = previous.get("numbers", {}).get(key)
        if old is None:
            continue
        label = t(key, lang)
        fmt = cur["fmt"]
        for d, v_old in old.get("recent", {}).items():  # revisions of dates both notes saw
            v_new = cur["recent"].get(d)
            if v_new is not None and abs(v_new - v_old) > revision_tol * max(1.0, abs(v_old)):
                lines.append(t("change_revision", lang, label=label, date=day(d), old=_fmt(fmt, v_old, lang),
                               new=_fmt(fmt, v_new, lang)))
                found = True
        if old["date"] != cur["date"]:
            lines.append(t("change_move", lang, label=label, old=_fmt(fmt, old["value"], lang), old_date=day(old["date"]),
                           new=_fmt(fmt, cur["value"], lang), new_date=day(cur["date"])))
            found = True
    if not found:
        lines = [t("no_changes", lang, date=when)]
    return lines
