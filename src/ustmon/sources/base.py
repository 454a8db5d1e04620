"""The contract every publisher module implements.

A source module does three separate things (as OpenBB's provider fetchers do):

1. **describe** what to get: :meth:`Source.live_requests` returns
   :class:`Request` objects (URL, params, which parser ``kind`` reads the
   answer); :meth:`Source.mirror_files` lists the files of a local mirror
   directory laid out like ``../shared/data/``;
2. **get raw bytes**: done by ``ustmon.fetch`` (HTTP with retries and cache, or
   a file read).  A source overrides :meth:`Source.fetch` only for paging;
3. **parse** bytes into tidy frames: :meth:`Source.parse` is a *pure* function
   of ``(raw bytes, origin, kind)``.  Tests call it on real files in place.

Tidy observation frame (``ParseResult.observations``)
    ``series_id`` (str), ``date`` (datetime64[ns], the observation's period
    date: day for daily, Wednesday/Friday for weekly as the publisher dates it,
    first day of the period for monthly/quarterly/annual unless the publisher
    dates the period end, in which case the catalog ``notes`` say so),
    ``value`` (float64, NaN where the publisher shows missing), and optionally
    ``vintage`` (datetime64[ns]) when the payload itself says when each value
    was known (ALFRED ``realtime_start``).  One row per (series_id, date[,
    vintage]); duplicates are a :class:`~ustmon.errors.DuplicateDateError`.

Records (``ParseResult.records``)
    Non-time-series tables (auction results, SOMA holdings by CUSIP) as
    ``{dataset_name: DataFrame}``; each dataset declares its key columns in
    ``ParseResult.record_keys``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from ..fetch import HttpClient

OBS_COLUMNS = ["series_id", "date", "value"]

#: Folders of a mirror directory (laid out as ../shared/data) that no source reads, on purpose:
#: folder name (at any depth) -> why.  Every other file of a mirror is read by exactly one source.
SKIPPED_MIRROR_DIRS: dict[str, str] = {
    "openbb_vcr_cassettes": "recorded live HTTP responses (vcrpy cassettes); tests decode them in place and feed "
                            "each body to the live parser of its endpoint",
    "market": "third-party market data (Bloomberg exports, ICE's MOVE, processed copies): validation only, "
              "never read into the store",
}


def mirror_skip_rule(relative: Path) -> str | None:
    """The :data:`SKIPPED_MIRROR_DIRS` folder under which a mirror file (path relative to the mirror) is skipped."""
    return next((part for part in Path(relative).parts[:-1] if part in SKIPPED_MIRROR_DIRS), None)


@dataclass(frozen=True)
class SeriesMeta:
    """One catalog entry.

    ``unit`` is a code from :data:`ustmon.units.UNITS` and is the unit the store
    keeps the series in.  ``frequency`` is one of ``D`` (business/calendar
    daily), ``W``, ``M``, ``Q``, ``A`` (annual/fiscal year) or ``irregular``.
    ``url`` is the live address a user can open; ``attribution`` the credit
    line the publisher asks for (mandatory for MoF, ECB, Bundesbank, BoJ, OECD,
    FRB New York data).
    """

    id: str
    title: str
    source: str
    dataset: str
    frequency: str
    unit: str
    url: str
    attribution: str
    notes: str = ""


@dataclass(frozen=True)
class Request:
    """A live request, described but not yet sent.

    ``kind`` names the parser that reads the response (passed to
    :meth:`Source.parse`).  ``params`` are query parameters; anything secret
    (an API key) goes in ``secret_params`` so that it is sent but never logged
    or written to the cache index.
    """

    source: str
    kind: str
    url: str
    params: dict[str, Any] = field(default_factory=dict)
    secret_params: dict[str, str] = field(default_factory=dict, repr=False)
    description: str = ""


@dataclass(frozen=True)
class MirrorFile:
    """A file in a local mirror directory, and which parser reads it."""

    path: Path
    kind: str


@dataclass
class ParseResult:
    """What a parser returns.

    ``vintage`` is the publication date the file itself declares (TIC's
    "revised March 18, 2026"), or None.  When None the store uses the
    retrieval time for live data and the latest observation date for mirror
    files (the earliest date the file can have been known).
    ``units`` maps series ids whose values in *this* payload are not in the
    catalog unit to the unit they are in (the store converts them).
    """

    source: str
    origin: str
    observations: pd.DataFrame
    series: dict[str, SeriesMeta]
    vintage: pd.Timestamp | None = None
    units: dict[str, str] = field(default_factory=dict)
    records: dict[str, pd.DataFrame] = field(default_factory=dict)
    record_keys: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        missing = [c for c in OBS_COLUMNS if c not in self.observations.columns]
        if missing:
            raise ValueError(f"observations frame lacks columns {missing}")
        unknown = set(self.observations["series_id"].unique()) - set(self.series)
        if unknown:
            raise ValueError(f"series without catalog entries: {sorted(unknown)[:5]}")


def empty_observations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series_id": pd.Series([], dtype=object),
            "date": pd.Series([], dtype="datetime64[ns]"),
            "value": pd.Series([], dtype="float64"),
        }
    )


class Source(ABC):
    """A publisher.  Subclasses set the class attributes and implement the methods."""

    #: short key used on the command line and in the store (``"fred"``)
    name: ClassVar[str]
    #: the publisher, as a user would name it
    title: ClassVar[str]
    #: the folder of a mirror directory (layout of ../shared/data) holding its files
    mirror_subdirs: ClassVar[tuple[str, ...]]
    #: credit line shown with every number from this source
    attribution: ClassVar[str] = ""
    #: why the offline mirror holds no file of this source (read live only), or "" when it should hold some
    mirror_absent_reason: ClassVar[str] = ""
    #: typical publication lag / cadence in days, for staleness in ``ustmon status``
    expected_update_days: ClassVar[int] = 7

    @abstractmethod
    def catalog(self) -> list[SeriesMeta]:
        """Series this source knows before parsing anything (may grow at parse time)."""

    @abstractmethod
    def live_requests(
        self, series: list[str] | None = None, since: pd.Timestamp | None = None
    ) -> list[Request]:
        """Describe the live requests for an update (all default series if ``series`` is None)."""

    @abstractmethod
    def mirror_files(self, mirror: Path) -> list[MirrorFile]:
        """Files in ``mirror`` (laid out as ../shared/data) this source can parse."""

    @abstractmethod
    def parse(self, raw: bytes, origin: str, kind: str) -> ParseResult:
        """Pure parse of one payload.  Raises SourceFormatError subclasses on bad input."""

    def fetch(self, request: Request, http: "HttpClient") -> list[tuple[bytes, str]]:
        """Get the raw payload(s) for a request: ``[(bytes, origin)]``.

        The default is one GET.  Paged APIs override this to follow pages.
        """
        raw, origin = http.get(request.url, params=request.params, secret_params=request.secret_params)
        return [(raw, origin)]
