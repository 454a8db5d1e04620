"""US Treasury daily interest rate statistics (home.treasury.gov): par yield curve and bill rates.

Live CSV, one request per calendar year::

    https://home.treasury.gov/resource-center/data-chart-center/interest-rates/daily-treasury-rates.csv/{YEAR}/all
        ?type=daily_treasury_yield_curve&field_tdr_date_value={YEAR}&page&_format=csv

(bills: ``type=daily_treasury_bill_rates``).

Kinds
    ``par_yield_curve_csv``: Daily Treasury Par Yield Curve Rates, percent,
    bond-equivalent (semiannual) par yields read off Treasury's fitted curve
    (monotone convex since Dec 2021).  Series ``UST.PAR.<tenor>``.
    ``bill_rates_csv``: Daily Treasury Bill Rates, percent, for the on-the-run
    bills at 4/6/8/13/17/26/52 weeks, as ``BANK DISCOUNT`` (discount basis,
    360-day year) and ``COUPON EQUIVALENT`` (bond-equivalent yield).  Series
    ``UST.BILL.<n>W.DISCOUNT`` / ``UST.BILL.<n>W.COUPON_EQUIV``.

Layout: ``Date`` (``MM/DD/YYYY``, newest first) then quoted tenor headers.
Treasury adds tenors over time (``"2 Mo"`` 2018, ``"4 Mo"`` 2022,
``"1.5 Month"`` 2025), so columns are mapped by *name*; any subset is
accepted and an unknown header is a format change (MissingColumnError naming
it).  Empty cells are missing and stay NaN (e.g. the all-empty row of
10/11/2010, 30 Yr from 2002-02-19 to 2006-02-08).

Attribution: "Source: U.S. Department of the Treasury".
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import MissingColumnError, SourceFormatError, TruncatedFileError
from ._text import check_dates, decode_text, parse_date_column, parse_numeric_column
from .base import MirrorFile, ParseResult, Request, SeriesMeta, Source, empty_observations
from .sdmx import id_column

BASE = "https://home.treasury.gov/resource-center/data-chart-center/interest-rates"
CSV_URL = BASE + "/daily-treasury-rates.csv/{year}/all"
ATTRIBUTION = "Source: U.S. Department of the Treasury"
PAR_TYPE = "daily_treasury_yield_curve"
BILL_TYPE = "daily_treasury_bill_rates"
#: first year of the bill-rate archive on home.treasury.gov (the par curve goes back to 1990)
BILL_FIRST_YEAR = 2002

#: par-curve tenor label (from the header) -> (series suffix, maturity in months)
_PAR_TENORS: dict[str, tuple[str, float]] = {
    "1M": ("1M", 1), "1.5M": ("1_5M", 1.5), "2M": ("2M", 2), "3M": ("3M", 3), "4M": ("4M", 4), "6M": ("6M", 6),
    "1Y": ("1Y", 12), "2Y": ("2Y", 24), "3Y": ("3Y", 36), "5Y": ("5Y", 60), "7Y": ("7Y", 84), "10Y": ("10Y", 120),
    "20Y": ("20Y", 240), "30Y": ("30Y", 360),
}
BILL_WEEKS = (4, 6, 8, 13, 17, 26, 52)

#: par-curve series id -> maturity in years (for curve fitting); 1.5 Month = 6 weeks, taken as 1.5/12
PAR_MATURITY_YEARS: dict[str, float] = {f"UST.PAR.{suffix}": months / 12.0 for suffix, months in _PAR_TENORS.values()}

_PAR_HEADER = re.compile(r"^(\d+(?:\.\d+)?)\s*(mo|mos|month|months|yr|yrs|year|years)$", re.IGNORECASE)
_BILL_HEADER = re.compile(r"^(\d+)\s*weeks?\s+(bank\s+discount|coupon\s+equivalent)$", re.IGNORECASE)


def _par_meta(suffix: str, months: float) -> SeriesMeta:
    label = f"{months:g}-month" if months < 12 else f"{months / 12:g}-year"
    return SeriesMeta(
        id=f"UST.PAR.{suffix}", title=f"Treasury par yield curve rate, {label}", source="treasury",
        dataset="daily_treasury_par_yield_curve", frequency="D", unit="pct",
        url=f"{BASE}/TextView?type={PAR_TYPE}", attribution=ATTRIBUTION,
        notes="Bond-equivalent par yield from Treasury's fitted curve, business days; empty cells are NaN.",
    )


def _bill_meta(weeks: int, basis: str) -> SeriesMeta:
    what = "bank discount rate" if basis == "DISCOUNT" else "coupon equivalent (bond-equivalent yield)"
    return SeriesMeta(
        id=f"UST.BILL.{weeks}W.{basis}", title=f"Treasury bill {weeks}-week, {what}", source="treasury",
        dataset="daily_treasury_bill_rates", frequency="D", unit="pct",
        url=f"{BASE}/TextView?type={BILL_TYPE}", attribution=ATTRIBUTION,
        notes="Most recently auctioned bill, ~3:30 PM quotes collected by the FRBNY; discount on a 360-day year.",
    )


_PAR_META = {f"UST.PAR.{s}": _par_meta(s, m) for s, m in _PAR_TENORS.values()}
_BILL_META = {f"UST.BILL.{w}W.{b}": _bill_meta(w, b) for w in BILL_WEEKS for b in ("DISCOUNT", "COUPON_EQUIV")}


def _column_series(col: str, kind: str, origin: str) -> str:
    """Header -> series id; unknown headers are a format change."""
    name = " ".join(col.split())
    if kind == "par_yield_curve_csv":
        m = _PAR_HEADER.match(name)
        if m:
            unit = "Y" if m.group(2).lower().startswith("y") else "M"
            key = f"{float(m.group(1)):g}{unit}"
            if key in _PAR_TENORS:
                return f"UST.PAR.{_PAR_TENORS[key][0]}"
    else:
        m = _BILL_HEADER.match(name)
        if m and int(m.group(1)) in BILL_WEEKS:
            basis = "DISCOUNT" if m.group(2).lower().startswith("bank") else "COUPON_EQUIV"
            return f"UST.BILL.{int(m.group(1))}W.{basis}"
    raise MissingColumnError("treasury", origin, f"unknown column {col!r} for {kind} (renamed or new tenor: format change)",
                             line=1, field=col)


def _check_field_counts(text: str, ncols: int, origin: str) -> None:
    """Every line has ``ncols`` commas after ``Date`` (no quoted commas in this format); else name the line."""
    body = text.rstrip("\n")
    if not text.endswith("\n"):  # no final newline: a last value cut mid-number ("3.") is a truncated download
        last = body.rsplit("\n", 1)[-1]
        if last.rstrip("\r").split(",")[-1].strip()[-1:] in (".", "-", "+", "e", "E"):
            raise TruncatedFileError("treasury", origin, f"file ends in the middle of a number ({last[-40:]!r}, no final "
                                     "newline)", line=body.count("\n") + 1)
    nlines = body.count("\n") + 1
    if body.count(",") == ncols * nlines:  # the common case, checked at C speed
        return
    lines = body.split("\n")
    counts = np.array([ln.count(",") for ln in lines])
    bad = np.flatnonzero(counts != ncols)
    pos = int(bad[0])
    if counts[pos] < ncols and pos == len(lines) - 1:
        raise TruncatedFileError("treasury", origin, f"last row has {counts[pos] + 1} fields, header {ncols + 1}; truncated download?",
                                 line=pos + 1)
    raise SourceFormatError("treasury", origin, f"row has {counts[pos] + 1} fields, header {ncols + 1}", line=pos + 1)


def _mdy_dates(col: pd.Series, origin: str) -> np.ndarray:
    """``MM/DD/YYYY`` -> datetime64[ns] with numpy arithmetic; anything odd goes through the checked parser."""
    s = col.to_numpy(dtype=object)
    try:
        b = np.frombuffer(s.astype("S11").tobytes(), dtype=np.uint8).reshape(-1, 11).astype(np.int64)
    except (UnicodeEncodeError, TypeError, ValueError):
        b = None
    if b is not None:
        dig = b - 48
        digits_ok = ((dig[:, [0, 1, 3, 4, 6, 7, 8, 9]] >= 0) & (dig[:, [0, 1, 3, 4, 6, 7, 8, 9]] <= 9)).all(axis=1)
        sep_ok = (b[:, 2] == 47) & (b[:, 5] == 47) & (b[:, 10] == 0)  # exactly 10 characters
        y = dig[:, 6] * 1000 + dig[:, 7] * 100 + dig[:, 8] * 10 + dig[:, 9]
        m = dig[:, 0] * 10 + dig[:, 1]
        d = dig[:, 3] * 10 + dig[:, 4]
        ok = digits_ok & sep_ok & (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31)
        if ok.all():
            month = ((y - 1970) * 12 + (m - 1)).astype("datetime64[M]")
            out = month.astype("datetime64[D]") + (d - 1)
            if (out.astype("datetime64[M]") == month).all():  # 02/30 and friends spill into the next month
                return out.astype("datetime64[ns]")
    return parse_date_column(col, "%m/%d/%Y", "treasury", origin, field="Date", line_offset=2).to_numpy()


class TreasuryRatesSource(Source):
    """Daily Treasury Par Yield Curve Rates and Daily Treasury Bill Rates (CSV downloads)."""

    name = "treasury"
    title = "U.S. Department of the Treasury: daily interest rate statistics"
    mirror_subdirs = ("treasury",)
    attribution = ATTRIBUTION
    expected_update_days = 4

    def catalog(self) -> list[SeriesMeta]:
        return list(_PAR_META.values()) + list(_BILL_META.values())

    def live_requests(self, series: list[str] | None = None, since: pd.Timestamp | None = None) -> list[Request]:
        first = pd.Timestamp(since).year if since is not None else 1990
        last = pd.Timestamp.now().year
        want_par = series is None or any(s.startswith("UST.PAR.") for s in series)
        want_bill = series is None or any(s.startswith("UST.BILL.") for s in series)
        out: list[Request] = []
        for kind, typ, start, on in (("par_yield_curve_csv", PAR_TYPE, first, want_par),
                                     ("bill_rates_csv", BILL_TYPE, max(first, BILL_FIRST_YEAR), want_bill)):
            if not on:
                continue
            for year in range(start, last + 1):
                out.append(Request(
                    source="treasury", kind=kind, url=CSV_URL.format(year=year),
                    params={"type": typ, "field_tdr_date_value": str(year), "page": "", "_format": "csv"},
                    description=f"Treasury {typ} {year} (CSV)",
                ))
        return out

    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        d = Path(mirror) / "treasury"
        if not d.is_dir():
            return []
        out = []
        for p in sorted(d.glob("*.csv")):
            n = p.name.lower()
            if "bill-rates" in n or "bill_rates" in n:
                out.append(MirrorFile(p, "bill_rates_csv"))
            elif "par-yield-curve" in n or "yield_curve" in n or n.startswith("daily-treasury-rates"):
                out.append(MirrorFile(p, "par_yield_curve_csv"))
        return out

    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        if kind not in ("par_yield_curve_csv", "bill_rates_csv"):
            raise ValueError(f"treasury: unknown parser kind {kind!r}")
        text = decode_text(raw, "treasury", origin)
        try:
            # fast path: the C parser reads the numbers; odd cells fall back to the checked path below
            df = pd.read_csv(io.StringIO(text), dtype={"Date": object}, keep_default_na=False, na_values=["", "N/A"],
                             skipinitialspace=True)
        except pd.errors.ParserError as exc:
            m = re.search(r"line (\d+)", str(exc))
            raise SourceFormatError("treasury", origin, f"malformed CSV: {exc}", line=int(m.group(1)) if m else None) from None
        if "Date" not in df.columns:
            raise MissingColumnError("treasury", origin, f"no 'Date' column (header: {', '.join(map(str, df.columns[:6]))})",
                                     line=1, field="Date")
        cols = [c for c in df.columns if c != "Date"]
        ids = [_column_series(c, kind, origin) for c in cols]
        if len(set(ids)) != len(ids):
            dup = next(c for c, i in zip(cols, ids) if ids.count(i) > 1)
            raise MissingColumnError("treasury", origin, f"two columns map to one tenor ({dup!r})", line=1, field=dup)
        metas = _PAR_META if kind == "par_yield_curve_csv" else _BILL_META
        series = {i: metas[i] for i in ids}
        if not len(df):
            return ParseResult(source="treasury", origin=origin, observations=empty_observations(), series=series)
        _check_field_counts(text, len(cols), origin)
        dates = _mdy_dates(df["Date"], origin)
        check_dates(pd.Series(dates), "treasury", origin, order="descending", line_offset=2, field="Date")
        values = np.empty((len(df), len(cols)), dtype="float64")
        for j, c in enumerate(cols):
            col = df[c]
            if col.dtype.kind not in "fiu":  # a non-numeric cell somewhere: find and name it
                col = parse_numeric_column(col, "treasury", origin, field=c, line_offset=2, missing=("", "N/A"))
            values[:, j] = col.to_numpy(dtype="float64")
        n, k = values.shape
        frame = pd.DataFrame({
            "series_id": id_column(np.repeat(np.arange(k), n), ids),
            "date": np.tile(dates[::-1], k),
            "value": values[::-1].T.reshape(-1),  # oldest first within each series
        })
        return ParseResult(source="treasury", origin=origin, observations=frame, series=series)


SOURCE = TreasuryRatesSource()
