"""U.S. Treasury quarterly refunding: the marketable borrowing estimates press releases.

On the Monday of refunding week (late January, April, July and October)
Treasury publishes "Treasury Announces Marketable Borrowing Estimates"
(https://home.treasury.gov/news/press-releases).  Its sentences follow one
pattern, used here as the format::

    During the July – September 2024 quarter, Treasury expects to borrow $740
    billion in privately-held net marketable debt, assuming an end-of-September
    cash balance of $850 billion.
    During the April – June 2024 quarter, Treasury borrowed $243 billion in
    privately-held net marketable debt and ended the quarter with a cash
    balance of $757 billion.

Live (:meth:`RefundingSource.live_requests`): one request for the press
releases listing filtered on the title; :meth:`RefundingSource.fetch` reads
the listing, follows the links whose text names the marketable borrowing
estimates (newest :data:`MAX_RELEASES` first) and returns each release page,
parsed by kind ``borrowing_release`` (HTML or plain text).

Mirror: a folder ``refunding/`` of saved release pages (``*.html``, ``*.htm``,
``*.txt``).  The shared mirror has none, so it lists nothing and an update
from it reports 0 files for this source.

Parse (pure, :func:`parse_borrowing_release`): rows ``quarter`` (start date),
``kind`` (``estimate`` or ``actual``), ``borrowing_bn``, ``end_cash_bn`` and
``release`` (the announcement date, read from the page: an ISO ``datetime``
attribute, else the first "Month D, YYYY").  They are stored twice, both
known from the announcement date (the payload's vintage):

* records ``refunding_estimates`` keyed by quarter, kind and release (each
  release's estimate of a quarter is its own record; ``as_of`` sees only the
  releases announced by then);
* series ``REFUNDING.BORROWING.ESTIMATE`` / ``REFUNDING.CASH.ESTIMATE`` (the
  estimate for the quarter dated its first day; a later release's re-estimate
  is a new vintage) and ``REFUNDING.BORROWING.ACTUAL`` / ``REFUNDING.CASH.ACTUAL``
  (what Treasury reported for the quarter just ended), $bn.

A text without any such sentence, or without an announcement date, is refused
(:class:`ustmon.errors.MissingColumnError` naming what was looked for); an
amount that is not a number is a :class:`~ustmon.errors.BadValueError`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import BadValueError, EmptyBodyError, EncodingError, MissingColumnError
from ._text import check_size
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations

if TYPE_CHECKING:  # pragma: no cover
    from ..fetch import HttpClient

NAME = "refunding"
ATTRIBUTION = "Source: U.S. Department of the Treasury"
BASE = "https://home.treasury.gov"
LISTING_URL = f"{BASE}/news/press-releases"
#: release pages followed per live update (two years of quarterly releases)
MAX_RELEASES = 8
DATASET = "refunding_estimates"
RECORD_KEYS = ["quarter", "kind", "release"]

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"], 1)}
_DASH = r"\s*[-\u2013\u2014]+\s*"
_QUARTER = rf"(?P<m0>[A-Z][a-z]+){_DASH}(?P<m1>[A-Z][a-z]+)\s+(?P<year>\d{{4}})\s+quarter"
_AMOUNT = r"\$\s?(?P<{name}>[\d,.]+)\s*(?P<{name}_unit>billion|trillion)"
_ESTIMATE = re.compile(
    rf"During the {_QUARTER},\s+Treasury expects to borrow {_AMOUNT.format(name='amt')} in privately[- ]held net "
    rf"marketable debt,\s+assuming an end-of-(?P<cm>[A-Z][a-z]+) cash balance of {_AMOUNT.format(name='cash')}",
    re.S)
_ACTUAL = re.compile(
    rf"During the {_QUARTER},\s+Treasury borrowed {_AMOUNT.format(name='amt')} in privately[- ]held net marketable "
    rf"debt and ended the quarter with a cash balance of {_AMOUNT.format(name='cash')}", re.S)
_ISO_DATE = re.compile(r"""datetime=["'](\d{4}-\d{2}-\d{2})""")
_LONG_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                        r"\s+(\d{1,2}),\s+(\d{4})\b")
_LINK = re.compile(r"""<a\s[^>]*href=["'](?P<href>[^"']+)["'][^>]*>(?P<text>.*?)</a>""", re.S | re.I)


def _meta(sid: str, title: str) -> SeriesMeta:
    return SeriesMeta(id=sid, title=title, source=NAME, dataset="marketable borrowing estimates", frequency="Q",
                      unit="usd_bn", url=LISTING_URL, attribution=ATTRIBUTION,
                      notes="Dated the quarter's first day; known from the press release's date (refunding week). "
                            "Privately-held net marketable borrowing excludes Federal Reserve holdings.")


SERIES = {
    "REFUNDING.BORROWING.ESTIMATE": _meta("REFUNDING.BORROWING.ESTIMATE", "Treasury's estimate of privately-held "
                                          "net marketable borrowing in the quarter (refunding press release)"),
    "REFUNDING.CASH.ESTIMATE": _meta("REFUNDING.CASH.ESTIMATE", "End-of-quarter cash balance assumed in Treasury's "
                                     "borrowing estimate"),
    "REFUNDING.BORROWING.ACTUAL": _meta("REFUNDING.BORROWING.ACTUAL", "Privately-held net marketable borrowing in "
                                        "the quarter as Treasury reported it at the next refunding"),
    "REFUNDING.CASH.ACTUAL": _meta("REFUNDING.CASH.ACTUAL", "End-of-quarter cash balance as Treasury reported it "
                                   "at the next refunding"),
}
_IDS = {("estimate", "borrowing_bn"): "REFUNDING.BORROWING.ESTIMATE", ("estimate", "end_cash_bn"): "REFUNDING.CASH.ESTIMATE",
        ("actual", "borrowing_bn"): "REFUNDING.BORROWING.ACTUAL", ("actual", "end_cash_bn"): "REFUNDING.CASH.ACTUAL"}


def _bn(text: str, unit: str, origin: str, field: str) -> float:
    try:
        v = float(text.replace(",", "").rstrip("."))
    except ValueError as e:
        raise BadValueError(NAME, origin, f"not an amount: {text!r}", field=field) from e
    return v * (1000.0 if unit == "trillion" else 1.0)


def page_text(raw_text: str) -> str:
    """The visible text of an HTML page (tags dropped, entities decoded, white space collapsed); text stays text."""
    t = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw_text)
    t = re.sub(r"<[^>]+>", " ", t)
    t = html.unescape(t).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", t).strip()


def release_date(raw_text: str) -> pd.Timestamp | None:
    """The announcement date of a release page: an ISO ``datetime="..."`` attribute, else the first long date."""
    m = _ISO_DATE.search(raw_text)
    if m:
        return pd.Timestamp(m.group(1))
    m = _LONG_DATE.search(page_text(raw_text))
    if m:
        return pd.Timestamp(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    return None


def parse_borrowing_release(text: str, origin: str, release: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """Estimates and actuals of privately-held net marketable borrowing and cash balances from a press release.

    ``release``: the announcement date; read from the page when not given.  Returns rows sorted by quarter and
    kind with ``quarter`` and ``release`` as ``YYYY-MM-DD`` strings.
    """
    rel = pd.Timestamp(release) if release is not None else release_date(text)
    body = page_text(text)
    rows = []
    for kind, rx in (("estimate", _ESTIMATE), ("actual", _ACTUAL)):
        for m in rx.finditer(body):
            m0 = _MONTHS.get(m["m0"].lower())
            if m0 is None:
                raise BadValueError(NAME, origin, f"not a month: {m['m0']!r}", field="quarter")
            # 'October - December 2024' starts in October 2024; the year names the quarter's months
            rows.append({"quarter": f"{int(m['year']):04d}-{m0:02d}-01", "kind": kind,
                         "borrowing_bn": _bn(m["amt"], m["amt_unit"], origin, "borrowing"),
                         "end_cash_bn": _bn(m["cash"], m["cash_unit"], origin, "cash balance")})
    if not rows:
        raise MissingColumnError(NAME, origin, "no marketable borrowing estimate in the text (looked for "
                                 "'During the <months> <year> quarter, Treasury expects to borrow $... in "
                                 "privately-held net marketable debt')", field="expects to borrow")
    if rel is None:
        raise MissingColumnError(NAME, origin, "no announcement date in the release (looked for a datetime "
                                 "attribute or a date such as 'July 29, 2024')", field="release date")
    out = pd.DataFrame(rows)
    out["release"] = f"{rel:%Y-%m-%d}"
    return out.sort_values(["quarter", "kind"]).reset_index(drop=True)


def _decode(raw: bytes, origin: str) -> str:
    """The page as text (an HTML page is this source's format, so the shared decoder's HTML refusal is not used)."""
    if not raw.strip():
        raise EmptyBodyError(NAME, origin, "empty body: no release text")
    check_size(raw, NAME, origin)
    raw = raw[3:] if raw[:3] == b"\xef\xbb\xbf" else raw
    for enc in ("utf-8", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise EncodingError(NAME, origin, "cannot decode as utf-8 or cp1252")


def release_links(listing_html: str, base: str = BASE) -> list[str]:
    """Absolute addresses of the listing's links whose text names the marketable borrowing estimates, in page order."""
    out = []
    for m in _LINK.finditer(listing_html):
        if "marketable borrowing estimate" in page_text(m["text"]).lower():
            href = html.unescape(m["href"])
            url = href if href.startswith("http") else base.rstrip("/") + "/" + href.lstrip("/")
            if url not in out:
                out.append(url)
    return out


class RefundingSource(Source):
    """Treasury's quarterly marketable borrowing estimates (refunding press releases)."""

    name = NAME
    title = "U.S. Treasury: quarterly refunding, marketable borrowing estimates"
    mirror_subdirs = ("refunding",)
    mirror_absent_reason = ("Treasury's refunding press releases are read live only; the offline mirror holds none "
                            "(saved release pages in a `refunding/` folder would be read)")
    attribution = ATTRIBUTION
    expected_update_days = 92

    def catalog(self) -> list[SeriesMeta]:
        return list(SERIES.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        if series is not None and not any(s in SERIES for s in series):
            return []
        return [Request(source=NAME, kind="borrowing_release", url=LISTING_URL,
                        params={"title": "Marketable Borrowing Estimates"},
                        description="Treasury press releases: marketable borrowing estimates (refunding)")]

    def fetch(self, request: Request, http: "HttpClient") -> list[tuple[bytes, str]]:
        """The listing, then each release page it links to (newest :data:`MAX_RELEASES`)."""
        raw, origin = http.get(request.url, params=request.params)
        text = raw.decode("utf-8", errors="replace")
        return [http.get(url) for url in release_links(text)[:MAX_RELEASES]]

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = Path(mirror) / "refunding"
        if not d.is_dir():
            return []
        return [MirrorFile(p, "borrowing_release") for p in sorted(d.iterdir())
                if p.is_file() and p.suffix.lower() in (".html", ".htm", ".txt")]

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind != "borrowing_release":
            raise ValueError(f"{NAME}: unknown parser kind {kind!r}")
        text = _decode(raw, origin)
        rows = parse_borrowing_release(text, origin)
        rel = pd.Timestamp(rows["release"].iloc[0])
        parts = []
        for (kind_, col), sid in _IDS.items():
            sel = rows[rows["kind"] == kind_]
            if len(sel):
                parts.append(pd.DataFrame({"series_id": sid, "date": pd.to_datetime(sel["quarter"]),
                                           "value": sel[col].astype("float64"), "vintage": rel}))
        obs = pd.concat(parts, ignore_index=True) if parts else empty_observations()
        series = {sid: SERIES[sid] for sid in obs["series_id"].unique()}
        return ParseResult(source=NAME, origin=origin, observations=obs, series=series, vintage=rel,
                           records={DATASET: rows}, record_keys={DATASET: RECORD_KEYS},
                           notes=[f"release of {rel:%Y-%m-%d}: {len(rows)} quarter figures"])


SOURCE = RefundingSource()
