"""How old each input of the note is, and whether a newer release was due: the note's honesty about time.

For every store series a chart reads, :func:`series_freshness` gives its latest observation on the
note's date, the date that value became known (``known_since`` from the store, the release calendar's
estimate when the publisher does not say), the expected next release
(:func:`ustmon.release_calendar.next_release`) and whether that release is overdue on the note's date
(:func:`ustmon.release_calendar.is_overdue`).  From these:

* :func:`chart_staleness` — the inputs of a chart that are older than their data set's normal cycle
  allows (the chart and its finding get a visible "data to <date>" tag);
* :func:`source_line` — "Source: ..., to 2024-03, published 2024-06-07": *published* is when the
  latest value shown became known, not when ustmon last read the file;
* :func:`cover_span` — the newest and the oldest input of the whole note, for its cover.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import release_calendar as cal
from ..analytics.base import Data
from ..sources.base import SeriesMeta
from ..desk import i18n
from ..desk.i18n import t


@dataclass(frozen=True)
class Freshness:
    sid: str
    prov: dict
    latest: pd.Timestamp  # latest observation known on the note's date
    known_since: str | None  # when that value became known (YYYY-MM-DD)
    next_release: pd.Timestamp | None
    stale: bool

    @property
    def frequency(self) -> str | None:
        return self.prov.get("frequency")


def _meta(sid: str, prov: dict) -> SeriesMeta:
    return SeriesMeta(sid, prov.get("title") or "", prov.get("source") or "", prov.get("dataset"), prov.get("frequency"),
                      prov.get("unit") or "", prov.get("url") or "", prov.get("attribution"), None)


def known_since(prov: dict) -> str:
    """When the latest value of a series became known (YYYY-MM-DD); the last vintage if the store predates the key."""
    return str(prov.get("known_since") or prov.get("latest_vintage") or "")[:10]


def series_freshness(data: Data, sid: str, prov: dict, today: pd.Timestamp) -> Freshness | None:
    """Freshness of one store series on ``today`` (the note's date); None for inputs that are not store series."""
    cache = data._cache.setdefault("__freshness__", {})
    if sid in cache:
        return cache[sid]
    out = None
    try:
        s = data.series(sid).dropna()
    except Exception:  # noqa: BLE001 - an analytics view key or a record set: no calendar of its own
        s = None
    if s is not None and len(s):
        latest = pd.Timestamp(s.index[-1])
        p = {**prov, **s.attrs.get("provenance", {})}
        meta = _meta(sid, p)
        try:
            nxt = cal.next_release(meta, latest)
            stale = bool(cal.is_overdue(meta, latest, today))
        except Exception:  # noqa: BLE001 - a data set without a calendar rule is never called stale
            nxt, stale = None, False
        out = Freshness(sid, p, latest, known_since(p) or None, nxt, stale)
    cache[sid] = out
    return out


def frame_freshness(frame: pd.DataFrame, data: Data, today: pd.Timestamp) -> list[Freshness]:
    series = frame.attrs.get("provenance", {}).get("series", {})
    out = [series_freshness(data, sid, p, today) for sid, p in sorted(series.items())]
    return [f for f in out if f is not None]


#: an overdue input that ends this long before another input of the same chart is spliced-in history
#: (OMB tables before the MTS years) rather than a late release
SPLICE = pd.DateOffset(years=2)


def _dataset(f: Freshness) -> tuple:
    return f.prov.get("source"), f.prov.get("dataset")


def chart_staleness(frame: pd.DataFrame, data: Data, today: pd.Timestamp) -> Freshness | None:
    """The oldest overdue input of a chart (its newer release was due before the note's date), or None.

    An overdue series whose own data set has published newer values for other series (a country that
    left the TIC major-holders table, IOER beside IORB) was discontinued, not delayed: it does not make
    the chart stale; nor does one that ends years before the chart's other inputs (:data:`SPLICE`)."""
    return _oldest_overdue(frame_freshness(frame, data, today))


def as_shown(frame: pd.DataFrame, f: Freshness | None) -> Freshness | None:
    """The tag of a stale chart whose own data end years (:data:`SPLICE`) before its overdue input: dated by what
    the chart shows (last month's auctions from 2022 beside a par curve to 2025 is data to May 2022, not to
    2025), with no due date, since the records it shows have no release calendar."""
    shown = frame.attrs.get("provenance", {}).get("latest_observation")
    if f is None or not shown or pd.Timestamp(shown) + SPLICE >= f.latest:
        return f
    return Freshness(f.sid, f.prov, pd.Timestamp(shown), None, None, True)


def _oldest_overdue(fr: list[Freshness]) -> Freshness | None:
    if not fr:
        return None
    newest_any = max(f.latest for f in fr)
    fr = [f for f in fr if not (f.stale and f.latest + SPLICE < newest_any)]
    newest: dict = {}
    for f in fr:
        newest[_dataset(f)] = max(newest.get(_dataset(f), f.latest), f.latest)
    stale = [f for f in fr if f.stale and not newest[_dataset(f)] > f.latest]
    return min(stale, key=lambda f: (f.latest, f.sid)) if stale else None


def sentence_staleness(sentence, data: Data, today: pd.Timestamp, chart: Freshness | None) -> Freshness | None:
    """The oldest overdue input among the series a finding's numbers read (the chart's, when they name none)."""
    fr = [f for n in sentence.numbers for sid in n.series
          for f in [series_freshness(data, sid, {}, today)] if f is not None]
    return _oldest_overdue(list({f.sid: f for f in fr}.values())) if fr else chart


def fmt_date(f: Freshness, lang: str) -> str:
    """The latest date of an input as a reader says it: a day for daily/weekly data, a month or quarter otherwise."""
    if f.frequency == "Q":
        return i18n.fmt_quarter(f.latest, lang)
    if f.frequency in ("M", "A"):
        return i18n.fmt_month(f.latest, lang)
    return i18n.fmt_day(f.latest, lang)


def stale_tag(f: Freshness, lang: str) -> str:
    """'Stale: data to March 2024 (next release was due 10 June 2024)' in the note's language."""
    if f.next_release is None:
        return t("stale_tag", lang, date=fmt_date(f, lang))
    return t("stale_tag_due", lang, date=fmt_date(f, lang), due=i18n.fmt_day(f.next_release, lang))


def published(frame: pd.DataFrame, data: Data | None = None) -> str:
    """When the latest value the chart shows became known.

    For a series whose last value is the chart's last point (or earlier) that is the store's known-since of
    its latest value; a series that runs on past the chart's last point (a daily rate beside a quarterly
    Z.1 level) is dated by the release calendar's estimate for the point shown."""
    prov = frame.attrs.get("provenance", {})
    series = prov.get("series", {})
    shown = prov.get("latest_observation")
    dates = []
    for sid, p in series.items():
        f = series_freshness(data, sid, p, pd.Timestamp.now()) if data is not None and shown else None
        if f is not None and f.latest > pd.Timestamp(shown):
            try:
                dates.append(str(cal.known_since_estimate(_meta(sid, f.prov), [shown]).iloc[0].date()))
                continue
            except Exception:  # noqa: BLE001 - no calendar rule: fall back on the series' own date
                pass
        dates.append(known_since(p))
    dates = [d for d in dates if d]
    return max(dates) if dates else ""


def source_line(frame: pd.DataFrame, lang: str, data: Data | None = None) -> str:
    """'Source: U.S. Treasury TIC, to 2025-12, published 2026-02-18' with *published* = known-since of the latest value."""
    prov = frame.attrs.get("provenance", {})
    series = prov.get("series", {})
    names: list[str] = []
    for p in series.values():
        n = i18n.source_name(p, lang)
        if n not in names:
            names.append(n)
    to = prov.get("latest_observation") or ""
    freq = {p.get("frequency") for p in series.values()}
    if to and freq <= {"M", "Q", "A"}:
        to = to[:7]
    pub = published(frame, data)
    sep = "; " if lang == "en" else "；"
    if not pub:  # records (auctions) carry no publication date
        return t("source_line_nov", lang, sources=sep.join(names), to=to)
    return t("source_line", lang, sources=sep.join(names), to=to, published=pub)


def chart_age(frame: pd.DataFrame, data: Data, today: pd.Timestamp) -> Freshness | None:
    """The input that dates a chart: its oldest overdue input when it is stale, else its newest input."""
    stale = chart_staleness(frame, data, today)
    if stale is not None:
        return stale
    fr = frame_freshness(frame, data, today)
    return max(fr, key=lambda f: (f.latest, f.sid)) if fr else None


def cover_span(results: dict, data: Data, today: pd.Timestamp) -> tuple[Freshness, Freshness] | None:
    """The newest and the oldest input of the note, each chart dated by :func:`chart_age`."""
    ages = [a for r in results.values() if r.frame is not None for a in [chart_age(r.frame, data, today)] if a is not None]
    if not ages:
        return None
    ages.sort(key=lambda f: (f.latest, f.sid))
    return ages[-1], ages[0]


def input_name(f: Freshness, lang: str) -> str:
    """A short name for an input on the cover: its title and publisher."""
    return f"{f.prov.get('title') or f.sid} ({i18n.source_name(f.prov, lang)})" if lang == "en" else \
        f"{f.prov.get('title') or f.sid}（{i18n.source_name(f.prov, lang)}）"
