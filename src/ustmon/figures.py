"""Chart definitions shared by the research note (``ustmon report``) and the dashboard.

Each chart is a :class:`FigureSpec`: an id, the report section it belongs to,
the store series (or analytics view) it reads, a function producing its
frame, a *finding* (the title states what the chart shows, with numbers that
remember their origin), a Plotly builder and units.  The source line
("Source: U.S. Treasury TIC, to 2025-12, published 2026-02-18") is derived
from the frame's provenance.  A chart whose inputs are missing is returned as
*not available* with the reason; nothing is ever drawn from canned numbers.

Each chart has one computation: its analytics view (named, with the view columns
it draws) or, for charts no view covers, a function on store series; there is no
second calculation behind a failing view.  A view that raises an expected error
(a series not in the store; :class:`~ustmon.errors.CoverageError` when its inputs
do not cover what the chart claims) makes the chart *not available* with that
reason, the refusal the CLI prints and the Python API raises; any other error is
a bug and propagates.  A view lacking a column the chart draws raises
:class:`FigureColumnError` naming the chart, the view and the column.

Frames carry ``.attrs['origin']``: column -> how it derives from store series
(``{"series": (...), "op": "level"|"diff"|"lev_net_short"|"ratio_pct", "scale": k}``)
so every number quoted from them can be recomputed by a test.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .analytics.base import Data, collect_provenance, finish
from .errors import CoverageError, UstmonError
from .report import i18n
from .report.i18n import Number, Sentence, t
from .sources.cftc import UST_CONTRACTS as _CFTC_CONTRACTS

SECTIONS = ("demand_domestic", "demand_foreign", "fiscal", "rates", "funding")


# --------------------------------------------------------------------------- spec and result
@dataclass(frozen=True)
class ViewSource:
    """An analytics view (``module.VIEWS[view]``) that supplies a chart's frame when that module exists.

    ``columns`` maps the chart's column names to the view's; ``origins`` says how a column derives from
    store series (so quoted numbers are re-checked against the store itself); columns without one are
    recorded as ``op="view"``: re-read from the view.  ``prepare`` reshapes the view's frame (pivot, latest
    rows) before the columns are picked: presentation only, never new arithmetic.
    """

    module: str
    view: str
    columns: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    prepare: Callable | None = None
    optional: tuple[str, ...] = ()  # chart columns the view may lack (drawn when present); all others are required

    @property
    def key(self) -> str:
        return f"{self.module}:{self.view}"


@dataclass(frozen=True)
class FigureSpec:
    """One chart: what it reads, how it is computed, what it says and how it is drawn."""

    id: str
    section: str
    name_key: str  # i18n key of the neutral title (used when no finding can be stated)
    inputs: tuple[str, ...]  # store series ids, all needed (checked first: a missing one is named in the note)
    compute: Callable[[Data], pd.DataFrame] | None  # the store computation of a chart without an analytics view
    finding: Callable[[pd.DataFrame, str], Sentence | None] | None = None
    kind: str = "line"  # line | bar | stacked | hbar | line+bar
    units: str = "u_usd_bn"
    labels: dict = field(default_factory=dict)  # column -> i18n key
    start: str | None = "2015-01-01"  # first date drawn (frames keep full history for percentiles)
    requires_module: str | None = None  # importable module needed (e.g. ustmon.models.fxhedge)
    analytics: ViewSource | None = None  # preferred source when that analytics module exists
    hline: float | None = None
    extra: dict = field(default_factory=dict)  # store columns added to an analytics frame: col -> (series, scale)
    quarter_axis: bool = False  # irregular quarterly dates (Z.1 excerpts) drawn as evenly spaced quarter labels
    note: Callable[[pd.DataFrame, "FigureSpec"], tuple[str, dict] | None] | None = None  # caption: (i18n key, params)
    gap_factor: float = 5.0  # a line breaks where observations stop for more than this many usual spacings


@dataclass
class FigureResult:
    spec: FigureSpec
    frame: pd.DataFrame | None
    missing: str | None = None  # language-neutral reason code + detail
    missing_detail: dict = field(default_factory=dict)
    via: str = "store"  # store | analytics:<module>.<view>


def module_available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_view(key: str, data: Data) -> pd.DataFrame:
    """The frame of a view key ``"ustmon.analytics.fiscal:fy"`` (or a model table registered in MODEL_VIEWS), cached."""
    cache = data._cache.setdefault("__views__", {})
    if key not in cache:
        if key in MODEL_VIEWS:
            cache[key] = MODEL_VIEWS[key](data)
        else:
            module, view = key.split(":")
            cache[key] = importlib.import_module(module).VIEWS[view](data)
    return cache[key]


class FigureUnavailable(Exception):
    """Raised by a chart's compute when its inputs exist but cannot honestly support the chart.

    ``reason`` is an i18n key of the explanation, ``detail`` its parameters."""

    def __init__(self, reason: str, /, **detail):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


class FigureColumnError(KeyError):
    """A chart's view lacks a column the chart draws (a renamed or dropped view column): a bug, never hidden."""

    def __init__(self, figure: str, view: str, missing: list[str], available: list):
        self.figure, self.view, self.missing = figure, view, missing
        super().__init__(f"figure {figure!r}: view {view} has no column(s) {', '.join(map(repr, missing))} "
                         f"(it has {', '.join(map(str, available))})")

    def __str__(self) -> str:  # KeyError prints the repr of its argument
        return self.args[0]


def view_available(vs: ViewSource) -> bool:
    """Whether the view's module exists and defines the view (an error inside the module propagates)."""
    if vs.key in MODEL_VIEWS:
        return True
    if not module_available(vs.module):
        return False
    return vs.view in importlib.import_module(vs.module).VIEWS


def from_view(vs: ViewSource, data: Data, figure: str | None = None) -> pd.DataFrame:
    """The chart's columns picked from its view: every column not in ``vs.optional`` must be there."""
    src = resolve_view(vs.key, data)
    frame = vs.prepare(src) if vs.prepare else src
    absent = [v for c, v in vs.columns.items() if v not in frame.columns and c not in vs.optional]
    if absent:
        raise FigureColumnError(figure or vs.key, vs.key, absent, list(frame.columns))
    out = pd.DataFrame({c: frame[v] for c, v in vs.columns.items() if v in frame.columns}, index=frame.index)
    out.attrs = {k: v for k, v in frame.attrs.items() if k != "origin"}
    out.attrs["provenance"] = dict(src.attrs.get("provenance", {}))
    if isinstance(out.index, pd.DatetimeIndex):
        last = out.dropna(how="all").index
        out.attrs["provenance"]["latest_observation"] = _d(last.max()) if len(last) else None
    out.attrs["origin"] = {c: vs.origins.get(c, {"series": (vs.key, vs.columns[c]), "op": "view", "scale": 1.0})
                           for c in out.columns}
    # when every column is a plain function of named store series, cite only those series
    used = {sid for o in out.attrs["origin"].values() if o["op"] != "view" for sid in o["series"]}
    all_series = out.attrs["provenance"].get("series", {})
    if used and all(o["op"] != "view" for o in out.attrs["origin"].values()) and used <= set(all_series):
        prov = collect_provenance(*[_prov_holder(all_series[sid]) for sid in sorted(used)])
        prov["latest_observation"] = out.attrs["provenance"].get("latest_observation")
        out.attrs["provenance"] = prov
    out.attrs["via"] = vs.key
    return out


def _prov_holder(prov: dict) -> pd.Series:
    s = pd.Series(dtype=float)
    s.attrs["provenance"] = prov
    return s


def evaluate(spec: FigureSpec, data: Data) -> FigureResult:
    """The chart's frame from its one computation (its analytics view, else its store function), or why not.

    Expected refusals become a visible "not available" with the reason: missing module or series,
    :class:`FigureUnavailable`, :class:`~ustmon.errors.CoverageError` (reason and coverage, as the CLI prints
    it) and other :class:`~ustmon.errors.UstmonError` from the view.  Anything else is a bug and propagates.
    """
    if spec.requires_module and not module_available(spec.requires_module):
        return FigureResult(spec, None, "missing_module", {"module": spec.requires_module})
    if spec.analytics is not None and not view_available(spec.analytics):
        return FigureResult(spec, None, "missing_view", {"view": spec.analytics.key})
    missing = [s for s in spec.inputs if not data.has(s)]
    if missing:
        return FigureResult(spec, None, "missing_series", {"ids": ", ".join(missing)})
    try:
        if spec.analytics is not None:
            frame = from_view(spec.analytics, data, spec.id)
            for col, (sid, k) in spec.extra.items():
                extra = data.series(sid)
                frame[col] = (extra * k).reindex(frame.index)
                frame.attrs["origin"][col] = {"series": (sid,), "op": "level", "scale": k}
                prov = collect_provenance(frame, extra)
                prov["latest_observation"] = frame.attrs["provenance"].get("latest_observation")
                frame.attrs["provenance"] = prov
        else:
            frame = spec.compute(data)
    except FigureUnavailable as exc:
        return FigureResult(spec, None, exc.reason, exc.detail)
    except CoverageError as exc:
        return FigureResult(spec, None, *refusal(exc))
    except UstmonError as exc:  # e.g. a series the view reads is not in the store
        view = spec.analytics.key if spec.analytics is not None else spec.id
        return FigureResult(spec, None, "view_failed", {"view": view, "error": str(exc)})
    if frame is None or frame.dropna(how="all").empty:
        return FigureResult(spec, None, "no_observations", {})
    drawn = [c for c in spec.labels if c in frame.columns]
    if spec.labels and not drawn:
        raise FigureColumnError(spec.id, frame.attrs.get("via", spec.id), list(spec.labels), list(frame.columns))
    if spec.note is not None:
        note = spec.note(frame, spec)
        if note is not None:
            frame.attrs["note"] = note
    return FigureResult(spec, frame, via=spec.analytics.key if spec.analytics is not None else "store")


def refusal(exc: CoverageError) -> tuple[str, dict]:
    """The reason code and parameters of a refused figure, worded in every language by :func:`missing_text`."""
    if exc.coverage:
        return "coverage_refused", {"reason": exc.reason, "coverage": exc.coverage}
    return "coverage_refused_plain", {"reason": exc.reason}


#: wording of refusals, in the report's languages (en, zh-Hans, zh-Hant); registered with the report's i18n
FIGURE_TEXTS: dict[str, tuple[str, str, str]] = {
    "coverage_refused": ("{reason} ({coverage})", "{reason}（{coverage}）", "{reason}（{coverage}）"),
    "coverage_refused_plain": ("{reason}", "{reason}", "{reason}"),
    "note_cftc_sample": ("Percentiles and lines use the {n} weekly CFTC reports in the store from {first} to {last} "
                         "({n} of {weeks} weeks); missing weeks are left as gaps, not interpolated.",
                         "百分位与曲线基于数据库中{first}至{last}的{n}份CFTC周报（共{weeks}周中的{n}周）；"
                         "缺失的周留作空白，不做插值。",
                         "百分位與曲線基於資料庫中{first}至{last}的{n}份CFTC週報（共{weeks}週中的{n}週）；"
                         "缺失的週留作空白，不做插值。"),
    "note_cftc_sample_gaps": ("Percentiles and lines use the {n} weekly CFTC reports in the store from {first} to {last} "
                              "({n} of {weeks} weeks; no reports in {years}); missing weeks are left as gaps, not "
                              "interpolated.",
                              "百分位与曲线基于数据库中{first}至{last}的{n}份CFTC周报（共{weeks}周中的{n}周；{years}年无报告）；"
                              "缺失的周留作空白，不做插值。",
                              "百分位與曲線基於資料庫中{first}至{last}的{n}份CFTC週報（共{weeks}週中的{n}週；{years}年無報告）；"
                              "缺失的週留作空白，不做插值。"),
}
for _k, _v in FIGURE_TEXTS.items():
    i18n.S.setdefault(_k, _v)


def missing_text(res: FigureResult, lang: str) -> str:
    what = t(res.missing, lang, **res.missing_detail)
    return t("not_available", lang, what=what)


# --------------------------------------------------------------------------- frame helpers
def series_frame(data: Data, cols: dict[str, tuple[str, float]], *, how: str = "outer", units: str = "",
                 description: str = "") -> pd.DataFrame:
    """Store series side by side, each times a scale: ``{"fed": ("TREAST", 0.001)}`` gives TREAST in $bn."""
    raw = data.frame([sid for sid, _ in cols.values()])
    out = pd.DataFrame({c: raw[sid] * k for c, (sid, k) in cols.items()})
    if how == "inner":
        out = out.dropna()
    out = finish(out, raw, units={c: units for c in cols}, description=description)
    out.attrs["origin"] = {c: {"series": (sid,), "op": "level", "scale": k} for c, (sid, k) in cols.items()}
    return out


def _last(s: pd.Series) -> tuple[pd.Timestamp, float] | None:
    s = s.dropna()
    return (s.index[-1], float(s.iloc[-1])) if len(s) else None


def _at_or_before(s: pd.Series, date) -> tuple[pd.Timestamp, float] | None:
    s = s.dropna().loc[:pd.Timestamp(date)]
    return (s.index[-1], float(s.iloc[-1])) if len(s) else None


def _origin(frame: pd.DataFrame, col: str) -> dict:
    return frame.attrs["origin"][col]


def _d(x) -> str:
    return str(pd.Timestamp(x).date())


def number(frame: pd.DataFrame, col: str, date, lang: str, fmt: str, *, ref=None, decimals: int | None = None,
           sign: int = 1, unsigned: bool | None = None) -> Number:
    """A Number for ``frame[col]`` at ``date`` (a level, or the change since ``ref``) formatted as ``fmt``.

    fmt: money (US$ bn, 亿美元 in Chinese) | pct | pp | bp | plain.  ``sign`` = -1 prints a deficit as a
    positive amount; changes are printed unsigned (after a direction word) unless ``unsigned=False``.
    The Number records ``printed = sign * computed * scale`` with ``computed`` in the store's units.
    """
    o = _origin(frame, col)
    s = frame[col].dropna()
    x = float(s.loc[pd.Timestamp(date)])
    if ref is not None:
        x -= float(s.loc[pd.Timestamp(ref)])
    if unsigned is None:
        unsigned = ref is not None
    if unsigned and x * sign < 0:
        sign = -sign
    x *= sign
    if fmt == "money":
        text, v, k, dec = i18n.money_bn(x, lang, decimals=1 if decimals is None else decimals)
    else:
        k = 1.0
        dec = (0 if fmt == "bp" else 2) if decimals is None else decimals
        text, v = {"pct": i18n.pct, "pp": i18n.pp, "bp": i18n.bp}.get(fmt, lambda x, lang, d: i18n.plain(x, d))(x, lang, dec)
    base_op = o["op"]
    op = base_op if ref is None else {"level": "change", "diff": "diff_change", "lev_net_short": "lev_net_short_change",
                                      "view": "view_change"}[base_op]
    return Number(text=text, value=v, series=tuple(o["series"]), date=_d(date), op=op,
                  ref_date=None if ref is None else _d(ref), scale=k * o["scale"], decimals=dec, basis=base_op, sign=sign)


def percentile_number(frame: pd.DataFrame, col: str, date, since, lang: str, *, low_is_risk: bool = False) -> Number:
    """Percentile rank (0-100) of frame[col] at date among its values since ``since``: share at or below it
    (at or above when ``low_is_risk``)."""
    o = _origin(frame, col)
    s = frame[col].dropna().loc[pd.Timestamp(since):pd.Timestamp(date)]
    cur = float(s.iloc[-1])
    p = 100.0 * float((s >= cur).mean() if low_is_risk else (s <= cur).mean())
    text, v = i18n.ordinal(p, lang)
    return Number(text=text, value=v, series=tuple(o["series"]), date=_d(date),
                  op="percentile_low" if low_is_risk else "percentile", ref_date=_d(since), scale=1.0,
                  decimals=0, basis=o["op"])


def extreme_since(frame: pd.DataFrame, col: str, date, lang: str, *, lowest: bool, fmt_date=i18n.fmt_month) -> Number | None:
    """'the lowest since MONTH YEAR': the last earlier date whose value is at or below (above) today's."""
    o = _origin(frame, col)
    s = frame[col].dropna().loc[:pd.Timestamp(date)]
    cur, prior = float(s.iloc[-1]), s.iloc[:-1]
    hit = prior[prior <= cur] if lowest else prior[prior >= cur]
    if hit.empty:
        return None
    ref = hit.index[-1]
    if ref == prior.index[-1]:  # not a new extreme at all
        return None
    return Number(text=fmt_date(ref, lang), value=float("nan"), series=tuple(o["series"]), date=_d(date),
                  op="lowest_since" if lowest else "highest_since", ref_date=_d(ref), scale=o["scale"],
                  decimals=0, basis=o["op"])


def _dir(x: float, lang: str) -> str:
    return t("up_hold" if x > 0 else "down_hold", lang) if x != 0 else t("unch", lang)


def _year_before(s: pd.Series, date) -> pd.Timestamp | None:
    hit = _at_or_before(s, pd.Timestamp(date) - pd.DateOffset(years=1))
    return hit[0] if hit else None


def _sentence(key: str, lang: str, numbers: dict[str, Number | str]) -> Sentence:
    params = {k: (v.text if isinstance(v, Number) else v) for k, v in numbers.items()}
    return Sentence(t(key, lang, **params), [v for v in numbers.values() if isinstance(v, Number)], key)


def _signed_change_pp(frame, col, date, ref, lang, fmt="pp") -> Number:
    """A change printed as 'up 0.25 pp' / 'down 12 bp' (the sign is kept in ``Number.sign``)."""
    n = number(frame, col, date, lang, fmt, ref=ref)
    if n.value == 0:
        n.text = t("unch", lang)
    else:
        n.text = t("up_pp" if n.sign > 0 else "down_pp", lang, x=n.text)
    return n


# --------------------------------------------------------------------------- computations (store series)
def yields_frame(data: Data) -> pd.DataFrame:
    """The yields chart's frame: its view (``curve.yields``) with the chart's columns (kept for callers by name)."""
    return from_view(BY_ID["yields"].analytics, data, "yields")


LEV_CODES = tuple(_CFTC_CONTRACTS)
#: CFTC contract code -> tenor label (2Y, 5Y, 10Y, ULTRA_10Y, BOND, ULTRA_BOND)
UST_TENOR = {code: c.tenor for code, c in _CFTC_CONTRACTS.items()}


def fsi_frame(data: Data) -> pd.DataFrame:
    """OFR Financial Stress Index and its volatility component; the Chicago Fed NFCI beside them when stored
    (a weekly financial-conditions index, also 0 = average, positive = tighter)."""
    cols = {"fsi": ("OFR.FSI", 1.0), "vol": ("OFR.FSI.VOLATILITY", 1.0)}
    if data.has("NFCI"):
        cols["nfci"] = ("NFCI", 1.0)
    return series_frame(data, cols, units="index")


def cjg_frame(data: Data) -> pd.DataFrame:
    return series_frame(data, {"CN": ("TIC.MFH.CN", 1.0), "JP": ("TIC.MFH.JP", 1.0), "GB": ("TIC.MFH.GB", 1.0)}, units="usd_bn")


def interest_frame(data: Data) -> pd.DataFrame:
    raw = data.frame(["A091RC1Q027SBEA", "GDP"])
    out = pd.DataFrame({"interest_gdp": 100 * raw["A091RC1Q027SBEA"] / raw["GDP"]}).dropna()
    out = finish(out, raw, units={"interest_gdp": "pct_of_gdp"})
    out.attrs["origin"] = {"interest_gdp": {"series": ("A091RC1Q027SBEA", "GDP"), "op": "ratio_pct", "scale": 1.0}}
    return out


#: months of CMT curves (with at least 5 tenors) the in-house ACM needs before its term premium is drawn
INHOUSE_ACM_MIN_MONTHS = 120


def inhouse_acm_tp10(data: Data) -> pd.Series | None:
    """In-house ACM 10y term premium (:mod:`ustmon.models.acm`), month-end, percent; None if the model is absent
    or the store holds fewer than :data:`INHOUSE_ACM_MIN_MONTHS` months of curves.

    Only month-end curves are fitted: the monthly estimation uses nothing else, so this gives the same
    numbers as fitting every day, in a fraction of the time.
    """
    if not module_available("ustmon.models.acm"):
        return None
    from .models import acm, nss

    key = "__inhouse_acm__"
    if key not in data._cache:
        cmt = nss.cmt_frame(data.frame(list(nss.CMT_FRED_MATURITIES), optional=True))
        usable = cmt[cmt.notna().sum(axis=1) >= 5]
        if usable.index.to_period("M").nunique() < INHOUSE_ACM_MIN_MONTHS:  # e.g. an early --as-of: no in-house line
            data._cache[key] = None
            return None
        import warnings

        with np.errstate(all="ignore"), warnings.catch_warnings():  # a too-short sample (early --as-of): NaN, dropped
            warnings.simplefilter("ignore", RuntimeWarning)
            _, monthly, _, _ = acm.inhouse_acm(cmt, daily=False)
        data._cache[key] = monthly["ACMTP10"].dropna()
    return data._cache[key]


def _inhouse_acm_table(data: Data) -> pd.DataFrame:
    ours = inhouse_acm_tp10(data)
    if ours is None:
        raise CoverageError("in-house ACM term premium", f"needs {INHOUSE_ACM_MIN_MONTHS} months of CMT curves",
                            coverage="fewer in the store" + (f" as of {data.as_of.date()}" if data.as_of is not None else ""))
    return ours.to_frame()


def tp_frame(data: Data) -> pd.DataFrame:
    cols = {"kw": ("THREEFYTP10", 1.0)}
    if data.has("ACM.ACMTP10"):
        cols["acm"] = ("ACM.ACMTP10", 1.0)
    out = series_frame(data, cols, units="pct")
    ours = inhouse_acm_tp10(data)
    if ours is not None and len(ours):
        attrs = out.attrs
        out = out.join(ours.rename("acm_inhouse"), how="outer")
        out.attrs = attrs
        out.attrs["origin"]["acm_inhouse"] = {"series": ("model:acm", "ACMTP10"), "op": "view", "scale": 1.0}
    return out


def rrp_frame(data: Data) -> pd.DataFrame:
    return series_frame(data, {"rrp": ("RRPONTSYD", 1.0)}, units="usd_bn")


def hedge_table(data: Data) -> pd.DataFrame:
    """:func:`ustmon.models.fxhedge.desk_table` on the store series of :data:`ustmon.models.fxhedge.HEDGE_INPUTS`
    (the inputs ``ustmon hedge`` prints; monthly averages, CIP hedge cost, no cross-currency basis)."""
    from .models import fxhedge

    raw = data.frame(list(fxhedge.HEDGE_INPUTS.values()), optional=True)
    table = fxhedge.desk_table_from_frame(raw)
    table.attrs["provenance"] = collect_provenance(raw)
    table.attrs["method"] = fxhedge.HEDGE_DATE_RULE
    return table


def __getattr__(name: str):
    if name == "HEDGE_INPUTS":  # the one input set lives with the model
        from .models.fxhedge import HEDGE_INPUTS

        return HEDGE_INPUTS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: model tables that charts read, by key (resolved like analytics views)
MODEL_VIEWS: dict[str, Callable[[Data], pd.DataFrame]] = {
    "model:fxhedge": hedge_table,
    "model:acm": lambda data: _inhouse_acm_table(data),
}


def hedged_frame(data: Data) -> pd.DataFrame | None:
    """FX-hedged 10y UST yields for yen and euro investors, with 10y JGB and Bund (percent, monthly)."""
    vs = ViewSource("model:fxhedge", "", {"jpy_hedged": "ust_10y_hedged_jpy_pct", "jgb10": "jgb_10y_pct",
                                          "eur_hedged": "ust_10y_hedged_eur_pct", "bund10": "bund_10y_pct",
                                          "ust10": "ust_10y_pct"})
    table = hedge_table(data)
    out = pd.DataFrame({c: table[v] for c, v in vs.columns.items() if v in table.columns})
    out = finish(out, table, units={c: "pct" for c in out.columns})
    out.attrs["provenance"] = {**table.attrs["provenance"], "latest_observation": out.attrs["provenance"]["latest_observation"]}
    out.attrs["origin"] = {c: {"series": ("model:fxhedge", vs.columns[c]), "op": "view", "scale": 1.0} for c in out.columns}
    return out


# --------------------------------------------------------------------------- derived tables charts read (model views)
Z1_BILLS, Z1_TREASURY_TOTAL = "Z1.FL313161110", "Z1.FL313161105"  # L.210 line 2 (bills) and line 1 (all Treasury securities)
STRUCTURE_SECTORS = ("fed", "foreign_official", "foreign_private", "rest_of_world", "banks", "mmf", "mutual_funds",
                     "hedge_funds", "pensions", "insurers", "state_local", "households", "other", "unallocated")
PRICE_INSENSITIVE = ("fed", "foreign_official")


def holder_structure_table(data: Data) -> pd.DataFrame:
    """Z.1 holder structure, wide: holdings by sector ($bn) and each sector's share of the total (``<sector>_share_pct``),
    plus ``price_insensitive_share_pct`` (Fed + foreign official).  Reshapes ``holders.structure`` only."""
    long = resolve_view("ustmon.analytics.holders:structure", data)
    lv = long.pivot_table(index="date", columns="sector", values="holdings", aggfunc="sum")
    sh = long.pivot_table(index="date", columns="sector", values="share_of_total_pct", aggfunc="sum")
    out = lv.join(sh.add_suffix("_share_pct"))
    present = [c for c in PRICE_INSENSITIVE if c in sh.columns]
    out["price_insensitive_share_pct"] = sh[present].sum(axis=1, min_count=len(present)) if present else np.nan
    out.index = pd.DatetimeIndex(out.index, name="date")
    out.columns.name = None
    out.attrs = dict(long.attrs)
    return out


def tic_europe_table(data: Data) -> pd.DataFrame:
    """European holders in TIC's major-holders table ($bn): ``europe`` (all European countries listed) and
    ``europe_ex_uk``.  Only months of the full table (with a grand total) are kept: the 13-month Table 5 lists
    the top 19 countries only, and summing it would show a fall that is only a shorter list."""
    regions = resolve_view("ustmon.analytics.foreign:regions", data)
    eu = regions[(regions["region"] == "europe") & (regions["basis"] == "countries")].set_index("date")["holdings"]
    eu.index = pd.DatetimeIndex(eu.index, name="date")
    raw = data.frame(["TIC.MFH.TOTAL", "TIC.MFH.GB"])
    full = raw["TIC.MFH.TOTAL"].dropna().index
    eu = eu[eu.index.isin(full)]
    out = pd.DataFrame({"europe": eu, "europe_ex_uk": eu - raw["TIC.MFH.GB"].reindex(eu.index)})
    return finish(out, raw, units={"europe": "usd_bn", "europe_ex_uk": "usd_bn"},
                  description="Sum of the European countries TIC lists each month (the list changes yearly: 11-15 "
                              "countries); months of the full Major Foreign Holders table only.")


def contributions_table(data: Data) -> pd.DataFrame:
    """``fiscal.contributions`` (long) -> deficit impact of each receipt source and outlay function ($bn, y/y change
    of 12-month sums; positive widens the deficit), one column per component."""
    long = resolve_view("ustmon.analytics.fiscal:contributions", data)
    wide = long.pivot_table(index="date", columns="component", values="deficit_impact_usd_bn", aggfunc="sum")
    wide.index = pd.DatetimeIndex(wide.index, name="date")
    wide.columns.name = None
    wide.attrs = dict(long.attrs)
    return wide


MODEL_VIEWS.update({
    "model:holder_structure": holder_structure_table,
    "model:tic_europe": tic_europe_table,
    "model:contributions": contributions_table,
})


def cjge_frame(data: Data) -> pd.DataFrame:
    """China, Japan, UK (store series) and Europe excluding the UK (:func:`tic_europe_table`), $bn."""
    out = cjg_frame(data)
    try:
        eu = resolve_view("model:tic_europe", data)
    except UstmonError:  # no full TIC table in the store: the country chart stands without the Europe line
        return out
    attrs = out.attrs
    out = out.join(eu["europe_ex_uk"].rename("EUX"), how="outer")
    out.attrs = attrs
    out.attrs["origin"]["EUX"] = {"series": ("model:tic_europe", "europe_ex_uk"), "op": "view", "scale": 1.0}
    return out


def bill_share_frame(data: Data) -> pd.DataFrame:
    """Bills as % of Treasury securities outstanding (Z.1 L.210 line 2 / line 1) against the TBAC's 15-20% guide (its
    top, 20%, drawn); plus the bill share of 12-month net issuance (``supply.bill_share``) when the auction records
    cover the debt (:func:`records_coverage_pct`), since a sample of auctions gives a meaningless share."""
    from .analytics.supply import TBAC_BILL_SHARE_HIGH

    raw = data.frame([Z1_BILLS, Z1_TREASURY_TOTAL])
    out = pd.DataFrame({"stock": 100 * raw[Z1_BILLS] / raw[Z1_TREASURY_TOTAL]}).dropna()
    out = finish(out, raw, units={"stock": "pct"}, description="Treasury bills as % of Treasury securities (Z.1 L.210)")
    if out.empty:  # no quarter with both lines (an early --as-of): nothing to draw the guide against
        return out
    origin = {"stock": {"series": (Z1_BILLS, Z1_TREASURY_TOTAL), "op": "ratio_pct", "scale": 1.0}}
    prov = out.attrs["provenance"]
    attrs = out.attrs
    coverage = records_coverage_pct(data)
    if coverage < WAM_MIN_COVERAGE_PCT:
        attrs["note"] = ("note_bill_share_net", {"pct": f"{coverage:.0f}"})
    else:
        net = resolve_view("ustmon.analytics.supply:bill-share", data)
        out = out.join(net["bill_share_of_net_issuance"].rename("net"), how="outer")
        origin["net"] = {"series": ("ustmon.analytics.supply:bill-share", "bill_share_of_net_issuance"), "op": "view", "scale": 1.0}
        prov = collect_provenance(raw, net)
        prov["latest_observation"] = attrs["provenance"]["latest_observation"]
    # the guide as a flat line over the years drawn (a constant, not data: never quoted as a finding)
    out = out.reindex(out.index.union(pd.DatetimeIndex([pd.Timestamp("2008-01-01"), out.index.max()])))
    out["benchmark"] = 100.0 * TBAC_BILL_SHARE_HIGH
    out.attrs = attrs
    out.attrs["provenance"] = prov
    origin["benchmark"] = {"series": ("ustmon.analytics.supply:TBAC_BILL_SHARE_HIGH",), "op": "constant", "scale": 100.0}
    out.attrs["origin"] = origin
    return out


def records_coverage_pct(data: Data) -> float:
    """Securities outstanding in the stored auction records, % of debt held by the public (``supply.records_coverage_pct``).
    Aggregates of the records (maturity wall, average maturity, bill share of net issuance) describe the debt only
    when this is near 100."""
    from .analytics.supply import records_coverage_pct as cov

    return cov(data)


#: share of debt held by the public that the auction records must cover before their weighted average maturity
#: is shown as the debt's average maturity (a sample without bills overstates it by years)
WAM_MIN_COVERAGE_PCT = 90.0


def _require_coverage(data: Data) -> None:
    cov = records_coverage_pct(data)
    if cov < WAM_MIN_COVERAGE_PCT:
        raise FigureUnavailable("records_coverage", pct=f"{cov:.0f}")


def average_maturity_frame(data: Data) -> pd.DataFrame:
    """Weighted average maturity of marketable debt (months) from the securities in the auction records, shown only
    when those records cover at least :data:`WAM_MIN_COVERAGE_PCT` of debt held by the public."""
    _require_coverage(data)
    return from_view(ViewSource(SU, "wall", {"wam": "wam_months"}), data)


def maturity_wall_frame(data: Data) -> pd.DataFrame:
    """Marketable debt maturing in the next 12 months ($bn) and its share of the debt in the records; only when the
    records cover the debt (a sample shows only the sample's maturities)."""
    _require_coverage(data)
    return from_view(ViewSource(SU, "wall", {"wall": "maturing_next_12m", "share": "share_maturing_next_12m"}), data)


def standing_repo_frame(data: Data) -> pd.DataFrame:
    return series_frame(data, {"srf": ("RPONTSYD", 1.0)}, units="usd_bn")


# --------------------------------------------------------------------------- reshaping analytics frames (presentation only)
def _lev_by_tenor(contracts: pd.DataFrame) -> pd.DataFrame:
    """basis.contracts (long rows) -> net short by tenor ($bn face, short minus long) and the total."""
    wide = contracts.pivot_table(index="date", columns="tenor", values="leveraged_fund_net_usd_bn", aggfunc="sum")
    wide = -wide  # the view's net is long minus short; the desk charts the net SHORT
    wide.index = pd.DatetimeIndex(wide.index, name="date")
    wide["total"] = wide.sum(axis=1, min_count=1)
    wide.attrs = contracts.attrs
    return wide


def _latest_ranking(ranking: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """foreign.ranking -> the latest month's top holders (index = TIC code)."""
    last = ranking[ranking["date"] == ranking["date"].max()].sort_values("tic_rank").head(top)
    out = last.set_index("code")[["tic_holdings", "adjusted_holdings", "tic_rank", "adjusted_rank"]]
    out.index.name = "country"
    out.attrs = dict(ranking.attrs)
    out.attrs["month"] = _d(last["date"].iloc[0])
    return out


# --------------------------------------------------------------------------- findings
def _f_yields(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["DGS2", "DGS10", "DGS30"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_yields", lang, {"y10": number(f, "DGS10", d, lang, "pct"), "y2": number(f, "DGS2", d, lang, "pct"),
                                        "y30": number(f, "DGS30", d, lang, "pct"), "date": i18n.fmt_day(d, lang)})


def _f_spread(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, v = _last(f["spread"])
    ref = _year_before(f["spread"], d)
    key = "f_spread_pos" if v >= 0 else "f_spread_neg"
    return _sentence(key, lang, {"spread": number(f, "spread", d, lang, "pp"), "date": i18n.fmt_day(d, lang),
                                 "chg": _signed_change_pp(f, "spread", d, ref, lang)})


def _level_change_year(key: str, col: str):
    def fn(f: pd.DataFrame, lang: str) -> Sentence | None:
        d, v = _last(f[col])
        ref = _year_before(f[col], d)
        if ref is None:
            return None
        chg = v - float(f[col].loc[ref])
        return _sentence(key, lang, {"dir": _dir(chg, lang), "chg": number(f, col, d, lang, "money", ref=ref),
                                     "level": number(f, col, d, lang, "money"), "date": i18n.fmt_day(d, lang)})
    return fn


def _level_percentile(key: str, col: str, fmt: str, start: str):
    """'<level> on <date>, the <pct> percentile since <start year>' for the latest value of ``col``."""
    def fn(f: pd.DataFrame, lang: str) -> Sentence | None:
        d, _ = _last(f[col])
        return _sentence(key, lang, {"level": number(f, col, d, lang, fmt), "date": i18n.fmt_day(d, lang),
                                     "pct": percentile_number(f, col, d, start, lang), "start": start[:4]})
    return fn


LEV_START = "2015-01-01"
FSI_START = "2000-01-01"
VOL_START = "2000-01-01"
_f_lev = _level_percentile("f_lev", "total", "money", LEV_START)
_f_fsi = _level_percentile("f_fsi", "fsi", "plain", FSI_START)
_f_vol = _level_percentile("f_vol", "v10", "bp", VOL_START)


def _f_official(f: pd.DataFrame, lang: str) -> Sentence | None:
    d = f.index[-1]
    share = 100 * f.loc[d, "official"] / f.loc[d, "total"]
    text, v = i18n.pct(share, lang, 1)
    sh = Number(text=text, value=v, series=("TIC.MFH.OFFICIAL", "TIC.MFH.TOTAL"), date=_d(d), op="share_pct", decimals=1)
    return _sentence("f_official", lang, {"off": number(f, "official", d, lang, "money"),
                                          "tot": number(f, "total", d, lang, "money"), "share": sh,
                                          "date": i18n.fmt_month(d, lang)})


def _f_cn(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["CN"].dropna()
    if len(s) < 2:
        return None
    d, prev = s.index[-1], s.index[-2]
    chg = s.iloc[-1] - s.iloc[-2]
    since = extreme_since(f, "CN", d, lang, lowest=True) if chg < 0 else None
    params = {"dir": _dir(chg, lang), "chg": number(f, "CN", d, lang, "money", ref=prev),
              "month": i18n.fmt_month(d, lang), "level": number(f, "CN", d, lang, "money")}
    if since is not None:
        params["since"] = since
        return _sentence("f_cn", lang, params)
    return _sentence("f_cn_plain", lang, params)


def _f_jp(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["JP"].dropna()
    if len(s) < 2:
        return None
    d, prev = s.index[-1], s.index[-2]
    chg = s.iloc[-1] - s.iloc[-2]
    row = f.loc[d, [c for c in ("CN", "JP", "GB") if c in f.columns]].dropna()  # countries, not the Europe aggregate
    key = "f_jp" if row.idxmax() == "JP" else "f_jp_plain"
    return _sentence(key, lang, {"level": number(f, "JP", d, lang, "money"), "month": i18n.fmt_month(d, lang),
                                 "dir": _dir(chg, lang), "chg": number(f, "JP", d, lang, "money", ref=prev)})


def _f_major(f: pd.DataFrame, lang: str) -> Sentence | None:
    top = f.index[0]
    sid = f"TIC.MFH.{top}"
    month = f.attrs["month"]
    text, v, k, dec = i18n.money_bn(float(f["value"].iloc[0]), lang)
    n = Number(text=text, value=v, series=(sid,), date=month, scale=k, decimals=dec)
    return _sentence("f_major", lang, {"month": i18n.fmt_month(month, lang), "top": country_name(top, lang), "level": n})


def _f_deficit(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, v = _last(f["sum12"])
    if v >= 0:
        return None
    n = number(f, "sum12", d, lang, "money", sign=-1)
    n.ref_date = _d(f["month"].dropna().loc[:d].index[-12])  # first of the 12 months summed
    n.op = "sum"
    params = {"month": i18n.fmt_month(d, lang), "sum12": n}
    if "pct_gdp" in f and pd.notna(f["pct_gdp"].get(d)):
        params["pct"] = number(f, "pct_gdp", d, lang, "pct", decimals=1, sign=-1)
        return _sentence("f_deficit_gdp", lang, params)
    return _sentence("f_deficit", lang, params)


def _f_cayman(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["tic", "adjusted"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_cayman", lang, {"adj": number(f, "adjusted", d, lang, "money"), "tic": number(f, "tic", d, lang, "money"),
                                        "month": i18n.fmt_month(d, lang)})


def _f_debt(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, _ = _last(f["public_gdp"])
    return _sentence("f_debt", lang, {"pct": number(f, "public_gdp", d, lang, "pct", decimals=1),
                                      "quarter": i18n.fmt_quarter(d, lang)})


def _f_hedged(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["jpy_hedged", "jgb10"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    params = {"h": number(f, "jpy_hedged", d, lang, "pct"), "jgb": number(f, "jgb10", d, lang, "pct"),
              "month": i18n.fmt_month(d, lang)}
    if {"eur_hedged", "bund10"} <= set(f.columns) and pd.notna(f["eur_hedged"].get(d)) and pd.notna(f["bund10"].get(d)):
        params.update(he=number(f, "eur_hedged", d, lang, "pct"), bund=number(f, "bund10", d, lang, "pct"))
        return _sentence("f_hedged", lang, params)
    return _sentence("f_hedged_jpy", lang, params)


def _f_fy(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, v = _last(f["fy"])
    if v >= 0:
        return None
    year = str(pd.Timestamp(d).year)
    year = f"FY{year}" if lang == "en" else year
    params = {"year": year, "level": number(f, "fy", d, lang, "money", sign=-1)}
    if "pct_gdp" in f and pd.notna(f.loc[d, "pct_gdp"]):
        params["pct_gdp"] = number(f, "pct_gdp", d, lang, "pct", decimals=1, sign=-1)
        return _sentence("f_fy", lang, params)
    return _sentence("f_fy_plain", lang, params)


def _f_interest(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, _ = _last(f["interest_gdp"])
    params = {"pct": number(f, "interest_gdp", d, lang, "pct", decimals=1), "quarter": i18n.fmt_quarter(d, lang)}
    since = extreme_since(f, "interest_gdp", d, lang, lowest=False, fmt_date=lambda x, lg: str(pd.Timestamp(x).year))
    if since is not None:
        params["since"] = since
        return _sentence("f_interest", lang, params)
    return _sentence("f_interest_plain", lang, params)


def _f_tp(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, _ = _last(f["kw"])
    ref = _year_before(f["kw"], d)
    return _sentence("f_tp", lang, {"level": number(f, "kw", d, lang, "pct"), "date": i18n.fmt_day(d, lang),
                                    "chg": _signed_change_pp(f, "kw", d, ref, lang)})


def _f_sofr(f: pd.DataFrame, lang: str) -> Sentence | None:
    d = f.index[-1]
    n = number(f, "sofr_minus_iorb_bp", d, lang, "bp", unsigned=True)
    n.text = t("above" if n.sign > 0 else "below", lang, x=n.text) if n.value != 0 else t("unch", lang)
    return _sentence("f_sofr", lang, {"spread": n, "date": i18n.fmt_day(d, lang),
                                      "sofr": number(f, "sofr", d, lang, "pct"), "iorb": number(f, "iorb", d, lang, "pct")})


def _f_rrp(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["rrp"].dropna()
    d = s.index[-1]
    peak = s.idxmax()
    if peak == d:
        return None
    return _sentence("f_rrp", lang, {"level": number(f, "rrp", d, lang, "money"), "date": i18n.fmt_day(d, lang),
                                     "peak": number(f, "rrp", peak, lang, "money"), "peak_month": i18n.fmt_month(peak, lang)})


def _f_res(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["reserves", "tga"]].dropna()
    d = both.index[-1]
    return _sentence("f_res", lang, {"res": number(f, "reserves", d, lang, "money"), "tga": number(f, "tga", d, lang, "money"),
                                     "date": i18n.fmt_day(d, lang)})


# --------------------------------------------------------------------------- findings of the charts added for the full desk set
def _f_structure(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["pi_share"].dropna() if "pi_share" in f else pd.Series(dtype=float)
    if len(s) < 2:
        return None
    d, d0 = s.index[-1], s.index[0]
    return _sentence("f_structure", lang, {"share": number(f, "pi_share", d, lang, "pct", decimals=1),
                                           "q": i18n.fmt_quarter(d, lang),
                                           "share0": number(f, "pi_share", d0, lang, "pct", decimals=1),
                                           "q0": i18n.fmt_quarter(d0, lang)})


def _f_fed_share(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["share"].dropna()
    if s.empty:
        return None
    d, peak = s.index[-1], s.idxmax()
    params = {"share": number(f, "share", d, lang, "pct", decimals=1), "q": i18n.fmt_quarter(d, lang)}
    if peak == d:
        return _sentence("f_fed_share_plain", lang, params)
    return _sentence("f_fed_share", lang, {**params, "peak": number(f, "share", peak, lang, "pct", decimals=1),
                                           "peak_q": i18n.fmt_quarter(peak, lang)})


def _f_mmf(f: pd.DataFrame, lang: str) -> Sentence | None:
    """The RRP-to-bills shift: from the quarter of the highest average ON RRP to the last quarter with bills data."""
    if "bills" not in f or "rrp" not in f:
        return None
    both = f[["rrp", "bills"]].dropna()
    if len(both) < 2:
        return None
    d1 = both.index[-1]
    d0 = both["rrp"].idxmax()
    if d0 >= d1 or not (both.loc[d1, "rrp"] < both.loc[d0, "rrp"] and both.loc[d1, "bills"] > both.loc[d0, "bills"]):
        return None
    return _sentence("f_mmf", lang, {"q0": i18n.fmt_quarter(d0, lang), "q1": i18n.fmt_quarter(d1, lang),
                                     "rrp": number(f, "rrp", d1, lang, "money", ref=d0),
                                     "bills": number(f, "bills", d1, lang, "money", ref=d0)})


def _f_basis_growth(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["lev_short", "am_long"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    ref = _at_or_before(f["lev_short"], d - pd.DateOffset(years=5))
    if ref is None:
        return None
    chg = float(f.loc[d, "lev_short"]) - ref[1]
    return _sentence("f_basis_growth", lang, {"level": number(f, "lev_short", d, lang, "money"), "date": i18n.fmt_day(d, lang),
                                              "dir": _dir(chg, lang), "chg": number(f, "lev_short", d, lang, "money", ref=ref[0]),
                                              "am": number(f, "am_long", d, lang, "money")})


def _f_flows(f: pd.DataFrame, lang: str) -> Sentence | None:
    rows = f[["total", "official", "private"]].dropna()
    if rows.empty:
        return None
    d = rows.index[-1]
    n = {c: number(f, c, d, lang, "money", unsigned=True) for c in ("total", "official", "private")}
    return _sentence("f_flows", lang, {"month": i18n.fmt_month(d, lang), "dir": _dir(rows.loc[d, "total"], lang), "tot": n["total"],
                                       "dir_p": _dir(rows.loc[d, "private"], lang), "priv": n["private"],
                                       "dir_o": _dir(rows.loc[d, "official"], lang), "off": n["official"]})


def _f_net_borrowing(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["net", "private"]].dropna()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_net_borrowing", lang, {"net": number(f, "net", d, lang, "money"), "q": i18n.fmt_quarter(d, lang),
                                               "private": number(f, "private", d, lang, "money")})


def _f_bill_share(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, _ = _last(f["stock"])
    return _sentence("f_bill_share", lang, {"share": number(f, "stock", d, lang, "pct", decimals=1),
                                            "q": i18n.fmt_quarter(d, lang)})


def _f_wall(f: pd.DataFrame, lang: str) -> Sentence | None:
    both = f[["wall", "share"]].dropna() if "share" in f else pd.DataFrame()
    if both.empty:
        return None
    d = both.index[-1]
    return _sentence("f_wall", lang, {"amt": number(f, "wall", d, lang, "money"), "month": i18n.fmt_month(d, lang),
                                      "share": number(f, "share", d, lang, "pct", decimals=1)})


def _f_wam(f: pd.DataFrame, lang: str) -> Sentence | None:
    d, _ = _last(f["wam"])
    return _sentence("f_wam", lang, {"wam": number(f, "wam", d, lang, "plain", decimals=1), "month": i18n.fmt_month(d, lang)})


def _f_srf(f: pd.DataFrame, lang: str) -> Sentence | None:
    s = f["srf"].dropna()
    if s.empty:
        return None
    d, peak = s.index[-1], s.idxmax()
    return _sentence("f_srf", lang, {"level": number(f, "srf", d, lang, "money"), "date": i18n.fmt_day(d, lang),
                                     "peak": number(f, "srf", peak, lang, "money"), "peak_date": i18n.fmt_day(peak, lang)})


def _f_contrib(f: pd.DataFrame, lang: str) -> Sentence | None:
    row = f.dropna(how="all")
    if row.empty:
        return None
    d = row.index[-1]
    last = f.loc[d].dropna()
    comp = last.abs().idxmax()
    key = "f_contrib_widen" if last[comp] > 0 else "f_contrib_narrow"
    return _sentence(key, lang, {"what": t(f"l_{comp}", lang), "month": i18n.fmt_month(d, lang),
                                 "x": number(f, comp, d, lang, "money", unsigned=True)})


# --------------------------------------------------------------------------- countries
COUNTRY_NAMES: dict[str, tuple[str, str, str]] = {
    "JP": ("Japan", "日本", "日本"), "CN": ("Mainland China", "中国大陆", "中國大陸"), "GB": ("United Kingdom", "英国", "英國"),
    "BE": ("Belgium", "比利时", "比利時"), "LU": ("Luxembourg", "卢森堡", "盧森堡"), "CA": ("Canada", "加拿大", "加拿大"),
    "KY": ("Cayman Islands", "开曼群岛", "開曼群島"), "FR": ("France", "法国", "法國"), "IE": ("Ireland", "爱尔兰", "愛爾蘭"),
    "CH": ("Switzerland", "瑞士", "瑞士"), "TW": ("Taiwan", "台湾", "台灣"), "HK": ("Hong Kong", "香港", "香港"),
    "IN": ("India", "印度", "印度"), "SG": ("Singapore", "新加坡", "新加坡"), "NO": ("Norway", "挪威", "挪威"),
    "KR": ("Korea", "韩国", "韓國"), "SA": ("Saudi Arabia", "沙特阿拉伯", "沙烏地阿拉伯"), "BR": ("Brazil", "巴西", "巴西"),
    "DE": ("Germany", "德国", "德國"), "IL": ("Israel", "以色列", "以色列"), "AE": ("United Arab Emirates", "阿联酋", "阿聯酋"),
    "MX": ("Mexico", "墨西哥", "墨西哥"), "AU": ("Australia", "澳大利亚", "澳洲"), "BM": ("Bermuda", "百慕大", "百慕達"),
    "NL": ("Netherlands", "荷兰", "荷蘭"), "SE": ("Sweden", "瑞典", "瑞典"), "KW": ("Kuwait", "科威特", "科威特"),
    "TH": ("Thailand", "泰国", "泰國"), "PH": ("Philippines", "菲律宾", "菲律賓"), "ES": ("Spain", "西班牙", "西班牙"),
    "IT": ("Italy", "意大利", "義大利"), "PL": ("Poland", "波兰", "波蘭"), "CL": ("Chile", "智利", "智利"),
    "CO": ("Colombia", "哥伦比亚", "哥倫比亞"), "PE": ("Peru", "秘鲁", "秘魯"), "BS": ("Bahamas", "巴哈马", "巴哈馬"),
    "ID": ("Indonesia", "印度尼西亚", "印尼"), "VN": ("Vietnam", "越南", "越南"), "SV": ("El Salvador", "萨尔瓦多", "薩爾瓦多"),
}


def country_name(code: str, lang: str) -> str:
    names = COUNTRY_NAMES.get(code)
    if names:
        return names[i18n.LANGS.index(lang)]
    from .sources.tic import BY_SERIES_ID

    c = BY_SERIES_ID.get(f"TIC.MFH.{code}")
    return c.name if c else code


# --------------------------------------------------------------------------- the charts
def _lev_labels() -> dict:
    return {UST_TENOR[c]: f"l_{UST_TENOR[c]}" for c in LEV_CODES}


def _store(sid: str, k: float = 1.0, op: str = "level", *more: str) -> dict:
    return {"series": (sid, *more), "op": op, "scale": k}


H, FO, FI, SU, CU, FU, BA = ("ustmon.analytics." + m for m in ("holders", "foreign", "fiscal", "supply", "curve", "funding", "basis"))
_LEV_ORIGINS = {**{UST_TENOR[c]: {"series": (f"CFTC.TFF.{c}.LEV_MONEY.SHORT", f"CFTC.TFF.{c}.LEV_MONEY.LONG"),
                                  "op": "lev_net_short", "scale": 1.0} for c in LEV_CODES},
                "total": {"series": tuple(i for c in LEV_CODES for i in (f"CFTC.TFF.{c}.LEV_MONEY.SHORT", f"CFTC.TFF.{c}.LEV_MONEY.LONG")),
                          "op": "lev_net_short", "scale": 1.0}}

def _hf_not_sourced(data: Data):
    raise FigureUnavailable("hf_not_sourced")


_CONTRIB_COMPONENTS = ("individual_income_tax", "corporate_income_tax", "payroll_taxes", "customs_duties", "fed_remittances",
                       "other_receipts", "social_security", "medicare", "health_incl_medicaid", "net_interest", "defense",
                       "other_outlays")

def _cftc_sample_note(frame: pd.DataFrame, spec: FigureSpec) -> tuple[str, dict] | None:
    """Caption of a CFTC chart: the weekly reports its lines and percentiles use, and the years with none."""
    from .analytics.basis import report_sample

    idx = frame.dropna(how="all").index
    if spec.start:
        idx = idx[idx >= pd.Timestamp(spec.start)]
    sample = report_sample(idx)
    if not sample["n_reports"]:
        return None
    params = {"n": f"{sample['n_reports']:,}", "first": _d(sample["first"]), "last": _d(sample["last"]),
              "weeks": f"{sample['weeks_in_span']:,}"}
    if sample["missing_years"]:
        return "note_cftc_sample_gaps", {**params, "years": ", ".join(map(str, sample["missing_years"]))}
    return "note_cftc_sample", params


#: the ``compute`` of a chart drawn from its analytics view alone (there is no second, store-level calculation)
VIEW = None

FIGURES: tuple[FigureSpec, ...] = (
    # demand: domestic
    FigureSpec("holder_structure", "demand_domestic", "fig_structure", (), VIEW, _f_structure, kind="stacked",
               labels={c: f"l_sec_{c}" for c in STRUCTURE_SECTORS}, start=None, quarter_axis=True,
               analytics=ViewSource("model", "holder_structure",
                                    {**{c: c for c in STRUCTURE_SECTORS}, "pi_share": "price_insensitive_share_pct"},
                                    optional=STRUCTURE_SECTORS)),  # the Z.1 excerpt in the store lists what it lists
    FigureSpec("fed_holdings", "demand_domestic", "fig_fed", ("TREAST",), VIEW,
               _level_change_year("f_fed", "fed"), labels={"fed": "l_treast"}, start="2007-01-01",
               analytics=ViewSource(H, "fed", {"fed": "fed_treasuries"}, {"fed": _store("TREAST", 0.001)})),
    FigureSpec("fed_share", "demand_domestic", "fig_fed_share", (), VIEW, _f_fed_share, units="u_pct",
               labels={"share": "l_fed_share_public"}, start="2007-01-01",
               analytics=ViewSource(H, "fed_share", {"share": "share_of_debt_held_by_public_pct"})),
    FigureSpec("bank_holdings", "demand_domestic", "fig_banks", ("USGSEC",), VIEW,
               _level_change_year("f_banks", "banks"), labels={"banks": "l_usgsec"}, start="2018-01-01",
               analytics=ViewSource(H, "banks", {"banks": "bank_treasury_agency"}, {"banks": _store("USGSEC", 0.001)})),
    FigureSpec("mmf_allocation", "demand_domestic", "fig_mmf", (), VIEW, _f_mmf,
               labels={"rrp": "l_mmf_rrp", "bills": "l_bills_out"}, start="2015-01-01",
               analytics=ViewSource(H, "mmf", {"rrp": "on_rrp_avg", "bills": "bills_outstanding"})),
    FigureSpec("bills_in_mmf", "demand_domestic", "fig_mmf_tsy", ("Z1.FL633061105",), VIEW, None,
               labels={"mmf_tsy": "l_mmf_tsy"}, start="2015-01-01",
               analytics=ViewSource(H, "mmf", {"mmf_tsy": "mmf_treasuries"})),
    FigureSpec("hedge_funds", "demand_domestic", "fig_hf", (), _hf_not_sourced, None),
    FigureSpec("leveraged_net_short", "demand_domestic", "fig_lev", ("CFTC.TFF.043602.LEV_MONEY.SHORT",), VIEW, _f_lev,
               kind="stacked", units="u_usd_bn_notional", labels=_lev_labels(), start=LEV_START, note=_cftc_sample_note,
               gap_factor=1.5,
               analytics=ViewSource(BA, "contracts", {**{t_: t_ for t_ in UST_TENOR.values()}, "total": "total"},
                                    _LEV_ORIGINS, prepare=_lev_by_tenor)),
    FigureSpec("basis_growth", "demand_domestic", "fig_basis_growth", (), VIEW, _f_basis_growth,
               units="u_usd_bn_notional", labels={"lev_short": "l_lev_gross_short", "am_long": "l_am_long"}, start=LEV_START,
               note=_cftc_sample_note, gap_factor=1.5,
               analytics=ViewSource(BA, "totals", {"lev_short": "leveraged_fund_short_usd_bn",
                                                   "am_long": "asset_manager_long_usd_bn"})),
    FigureSpec("stress_volatility", "demand_domestic", "fig_fsi", ("OFR.FSI", "OFR.FSI.VOLATILITY"), fsi_frame, _f_fsi,
               units="u_index", labels={"fsi": "l_fsi", "vol": "l_fsi_vol", "nfci": "l_nfci"}, start="2007-01-01", hline=0.0),
    # demand: foreign
    FigureSpec("official_private", "demand_foreign", "fig_official", ("TIC.MFH.OFFICIAL", "TIC.MFH.TOTAL"), VIEW,
               _f_official, kind="stacked", labels={"official": "l_official", "private": "l_private"}, start="2005-01-01",
               analytics=ViewSource(FO, "summary", {"official": "foreign_official", "private": "foreign_private",
                                                    "total": "foreign_total"},
                                    {"official": _store("TIC.MFH.OFFICIAL"),
                                     "private": _store("TIC.MFH.TOTAL", 1.0, "diff", "TIC.MFH.OFFICIAL"),
                                     "total": _store("TIC.MFH.TOTAL")})),
    FigureSpec("china_japan_uk", "demand_foreign", "fig_cjg", ("TIC.MFH.CN", "TIC.MFH.JP", "TIC.MFH.GB"), cjge_frame, _f_cn,
               labels={"CN": "l_cn", "JP": "l_jp", "GB": "l_gb", "EUX": "l_europe_ex_uk"}, start="2005-01-01"),
    FigureSpec("major_holders", "demand_foreign", "fig_major", ("TIC.MFH.TOTAL",), VIEW, _f_major, kind="hbar",
               labels={"value": "l_tic_reported", "adjusted": "l_cayman_adjusted"}, start=None,
               analytics=ViewSource(FO, "ranking", {"value": "tic_holdings", "adjusted": "adjusted_holdings"},
                                    {"value": {"series": (), "op": "level", "scale": 1.0}}, prepare=_latest_ranking)),
    FigureSpec("cayman_adjusted", "demand_foreign", "fig_cayman", (), VIEW, _f_cayman,
               labels={"tic": "l_tic_reported", "adjusted": "l_cayman_adjusted"}, start="2012-01-01",
               analytics=ViewSource(FO, "cayman", {"tic": "tic_cayman", "adjusted": "cayman_adjusted"},
                                    {"tic": _store("TIC.MFH.KY")})),
    FigureSpec("foreign_flows", "demand_foreign", "fig_flows", (), VIEW, _f_flows,
               labels={"total": "l_flow_total", "official": "l_official", "private": "l_private"}, start="2005-01-01", hline=0.0,
               analytics=ViewSource(FO, "summary", {"total": "foreign_total_yoy", "official": "foreign_official_yoy",
                                                    "private": "foreign_private_yoy"})),
    # fiscal and supply
    FigureSpec("monthly_deficit", "fiscal", "fig_deficit", ("MTSDS133FMS",), VIEW, _f_deficit, kind="line+bar",
               labels={"month": "l_deficit_month", "sum12": "l_deficit_12m"}, start="2015-01-01",
               analytics=ViewSource(FI, "monthly", {"month": "deficit", "sum12": "deficit_12m", "pct_gdp": "deficit_12m_pct_gdp"},
                                    {"month": _store("MTSDS133FMS", 0.001), "sum12": _store("MTSDS133FMS", 0.001, "sum12")})),
    FigureSpec("fy_deficit", "fiscal", "fig_fy", ("FYFSD",), VIEW, _f_fy, kind="bar", labels={"fy": "l_fy_deficit"},
               start="1980-01-01",
               analytics=ViewSource(FI, "fy", {"fy": "deficit", "pct_gdp": "deficit_pct_gdp"})),
    FigureSpec("receipts_outlays", "fiscal", "fig_contrib", ("MTS.RECEIPTS.INDIVIDUAL_INCOME_TAX", "MTS.OUTLAYS.SOCIAL_SECURITY"),
               VIEW, _f_contrib, kind="stacked", labels={c: f"l_{c}" for c in _CONTRIB_COMPONENTS},
               start="2015-01-01", hline=0.0,
               analytics=ViewSource("model", "contributions", {c: c for c in _CONTRIB_COMPONENTS})),
    FigureSpec("net_borrowing", "fiscal", "fig_net_borrowing", (), VIEW, _f_net_borrowing, kind="line+bar",
               labels={"net": "l_net_borrowing", "private": "l_supply_private"}, start="2008-01-01", hline=0.0,
               analytics=ViewSource(SU, "gap", {"net": "net_borrowing", "private": "supply_to_private"})),
    FigureSpec("interest_cost", "fiscal", "fig_interest", ("A091RC1Q027SBEA", "GDP"), interest_frame, _f_interest,
               units="u_pct_gdp", labels={"interest_gdp": "l_interest_gdp"}, start="1960-01-01"),
    FigureSpec("debt_gdp", "fiscal", "fig_debt", (), VIEW, _f_debt, units="u_pct_gdp",
               labels={"public_gdp": "l_debt_public", "total_gdp": "l_debt_total"}, start="1970-01-01",
               analytics=ViewSource(SU, "debt", {"public_gdp": "debt_held_by_public_pct_gdp", "total_gdp": "debt_total_pct_gdp"})),
    FigureSpec("bill_share", "fiscal", "fig_billshare", (Z1_BILLS, Z1_TREASURY_TOTAL), bill_share_frame, _f_bill_share,
               units="u_pct", labels={"stock": "l_bill_share_stock", "net": "l_bill_share_net", "benchmark": "l_tbac"},
               start="2008-01-01"),
    FigureSpec("maturity_wall", "fiscal", "fig_maturity", ("FYGFDPUN",), maturity_wall_frame, _f_wall,
               labels={"wall": "l_wall"}, start="2008-01-01"),
    FigureSpec("average_maturity", "fiscal", "fig_wam", ("FYGFDPUN",), average_maturity_frame, _f_wam, units="u_months",
               labels={"wam": "l_wam"}, start="2008-01-01"),
    # rates
    FigureSpec("yields", "rates", "fig_yields", ("DGS2", "DGS10", "DGS30"), VIEW, _f_yields, units="u_pct",
               labels={"DGS2": "l_dgs2", "DGS10": "l_dgs10", "DGS30": "l_dgs30"}, start="2015-01-01",
               analytics=ViewSource(CU, "yields", {"DGS2": "2y", "DGS10": "10y", "DGS30": "30y"})),
    FigureSpec("spread_10s2s", "rates", "fig_spread", ("DGS10", "DGS2"), VIEW, _f_spread, units="u_pp",
               labels={"spread": "l_10s2s"}, start="2000-01-01", hline=0.0,
               analytics=ViewSource(CU, "spreads", {"spread": "spread_10y_2y_pp"}, {"spread": _store("DGS10", 1.0, "diff", "DGS2")})),
    FigureSpec("term_premium", "rates", "fig_tp", ("THREEFYTP10",), tp_frame, _f_tp, units="u_pct",
               labels={"kw": "l_kw", "acm": "l_acm", "acm_inhouse": "l_acm_inhouse"}, start="2016-09-01", hline=0.0),
    FigureSpec("rates_vol", "rates", "fig_vol", (), VIEW, _f_vol, units="u_bp_vol",
               labels={"v2": "l_dgs2", "v10": "l_dgs10", "v30": "l_dgs30"}, start="2015-01-01",
               analytics=ViewSource(CU, "volatility", {"v2": "2y_63d", "v10": "10y_63d", "v30": "30y_63d"})),
    FigureSpec("fx_hedged", "rates", "fig_hedged", ("DGS10", "DTB3"), hedged_frame, _f_hedged, units="u_pct",
               labels={"jpy_hedged": "l_hedged_jpy", "jgb10": "l_jgb10", "eur_hedged": "l_hedged_eur", "bund10": "l_bund10"},
               requires_module="ustmon.models.fxhedge", start="2015-01-01"),
    # funding
    FigureSpec("sofr_iorb", "funding", "fig_sofr", ("SOFR", "IORB"), VIEW, _f_sofr, units="u_pct",
               labels={"sofr": "l_sofr", "iorb": "l_iorb"}, start="2021-07-29",
               analytics=ViewSource(FU, "spreads", {"sofr": "sofr", "iorb": "iorb", "sofr_minus_iorb_bp": "sofr_minus_iorb_bp"},
                                    {"sofr": _store("SOFR"), "iorb": _store("IORB"),
                                     "sofr_minus_iorb_bp": _store("SOFR", 100.0, "diff", "IORB")})),
    FigureSpec("on_rrp", "funding", "fig_rrp", ("RRPONTSYD",), rrp_frame, _f_rrp, labels={"rrp": "l_rrp"}, start="2018-01-01"),
    FigureSpec("reserves_tga", "funding", "fig_res_tga", ("WRESBAL", "WTREGEN"), VIEW, _f_res,
               labels={"reserves": "l_reserves", "tga": "l_tga"}, start="2015-01-01",
               analytics=ViewSource(FU, "liquidity", {"reserves": "reserves_usd_bn", "tga": "tga_usd_bn"},
                                    {"reserves": _store("WRESBAL", 0.001), "tga": _store("WTREGEN", 0.001)})),
    FigureSpec("standing_repo", "funding", "fig_srf", ("RPONTSYD",), standing_repo_frame, _f_srf,
               labels={"srf": "l_srf"}, start="2021-07-01"),
)

# --------------------------------------------------------------------------- charts registered by other modules
# A module that defines its own charts (FigureSpec with an analytics ViewSource naming its view and columns) adds
# them here, e.g. ``FIGURES += supply_figures()``; the same rules apply: one computation, named columns, refusals
# by CoverageError.

from .figures_supply import BANDS, arrange as _arrange_supply  # noqa: E402  the supply charts lead the fiscal section

FIGURES = _arrange_supply(FIGURES)
BY_ID: dict[str, FigureSpec] = {f.id: f for f in FIGURES}


# --------------------------------------------------------------------------- drawing
PALETTE = ("#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f")


def with_gaps(s: pd.Series, factor: float = 5.0) -> pd.Series:
    """Insert a missing point where observations stop for more than ``factor`` times the usual spacing (a year
    of CFTC files missing), so a line breaks there instead of bridging the gap with a straight line."""
    if len(s) < 3 or not isinstance(s.index, pd.DatetimeIndex):
        return s
    step = s.index.to_series().diff()
    usual = step.median()
    holes = step[step > factor * usual].index
    if holes.empty:
        return s
    breaks = pd.Series(np.nan, index=pd.DatetimeIndex([h - step[h] / 2 for h in holes]))
    return pd.concat([s, breaks]).sort_index()


def plot(res: FigureResult, lang: str, *, width: int = 720, height: int = 330):
    """The Plotly figure of an evaluated chart (no title: the HTML states the finding above it)."""
    import plotly.graph_objects as go

    spec, f = res.spec, res.frame
    cols = [c for c in spec.labels if c in f.columns]
    if spec.kind != "hbar" and spec.start and isinstance(f.index, pd.DatetimeIndex):
        f = f.loc[pd.Timestamp(spec.start):]
    fig = go.Figure()
    name = lambda c: t(spec.labels[c], lang)
    if spec.kind == "hbar":
        codes = list(f.index)[::-1]
        ys = [country_name(c, lang) for c in codes]
        fig.add_bar(x=f["value"].tolist()[::-1], y=ys, orientation="h", marker_color=PALETTE[0], name=name("value"))
        if "adjusted" in f.columns and f["adjusted"].notna().any():
            fig.add_bar(x=f["adjusted"].tolist()[::-1], y=ys, orientation="h", marker_color=PALETTE[1], name=name("adjusted"))
            fig.update_layout(barmode="group")
    elif spec.kind == "stacked":
        xs = (lambda idx: [i18n.fmt_quarter(x, lang) for x in idx]) if spec.quarter_axis else (lambda idx: idx)
        for i, c in enumerate(cols):
            s = f[c].dropna()
            fig.add_bar(x=xs(s.index), y=s.values, name=name(c), marker_color=PALETTE[i % len(PALETTE)],
                        marker_line_width=0)
        fig.update_layout(barmode="relative", bargap=0.25 if spec.quarter_axis else 0)
    elif spec.kind == "bar":
        for i, c in enumerate(cols):
            s = f[c].dropna()
            fig.add_bar(x=s.index, y=s.values, name=name(c), marker_color=PALETTE[i % len(PALETTE)])
    elif spec.kind == "line+bar":
        s = f[cols[0]].dropna()
        fig.add_bar(x=s.index, y=s.values, name=name(cols[0]), marker_color=PALETTE[0])
        for i, c in enumerate(cols[1:], 1):
            s = f[c].dropna()
            fig.add_scatter(x=s.index, y=s.values, name=name(c), mode="lines", line={"color": PALETTE[i], "width": 2})
    else:
        for i, c in enumerate(cols):
            s = f[c].dropna()
            if len(s) > 4000:  # long daily histories: weekly points are plenty for a printed chart
                s = s.resample("W-FRI").last().dropna()
            s = with_gaps(s, spec.gap_factor)
            fig.add_scatter(x=s.index, y=s.values, name=name(c), mode="lines",
                            line={"color": PALETTE[i % len(PALETTE)], "width": 1.6})
    if spec.hline is not None:
        fig.add_hline(y=spec.hline, line_width=1, line_color="#444")
    if spec.id in BANDS:  # a guide range (TBAC 15-20%) is drawn as a band, not a line
        lo, hi, key = BANDS[spec.id]
        fig.add_hrect(y0=lo, y1=hi, fillcolor=PALETTE[2], opacity=0.2, line_width=0, annotation_text=t(key, lang),
                      annotation_position="top left")
    fig.update_layout(
        width=width, height=height, margin={"l": 55, "r": 15, "t": 10, "b": 35},
        font={"family": i18n.FONT_STACK[lang], "size": 12}, template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0}, showlegend=spec.kind != "hbar" or "adjusted" in f.columns,
        yaxis_title=t(spec.units, lang) if spec.kind != "hbar" else None,
        xaxis_title=t(spec.units, lang) if spec.kind == "hbar" else None,
    )
    return fig


def evaluate_all(data: Data, ids: tuple[str, ...] | None = None) -> dict[str, FigureResult]:
    return {s.id: evaluate(s, data) for s in FIGURES if ids is None or s.id in ids}
