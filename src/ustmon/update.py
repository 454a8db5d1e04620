"""Updating the store: gather raw payloads (live, mirror or snapshot), parse, validate, ingest per source.

The unit of ingest is the **file** (mirror) or the **response** (live):

1. read the hashes of payloads already ingested (a short read-only look);
2. fetch or read every payload of a source and parse and validate it
   *outside* any store transaction (slow, network-bound work never holds the
   write lock).  A payload that fails (a :class:`SourceFormatError`, a
   validation failure, a size limit, an HTTP error, or any unexpected
   exception inside a parser) is reported with source, file or URL and
   reason, and nothing of it is stored; the rest of its source goes on;
3. ingest that source's good payloads in one transaction (a process killed
   mid-update leaves every file's data fully in or fully out).  If the store
   refuses the batch (a unit conflict), each payload is retried in its own
   transaction so that only the offending file is left out.

Live sources whose host cannot be reached (or does not answer) fall back, one
source at a time, to ``USTMON_MIRROR`` when set, else to the bundled
snapshot; other sources still go live.  A parser may return no observations
with a note starting ``skipped:`` for a data set it does not know: that is a
notice, not a failure.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

from .errors import OfflineError, UstmonError
from .fetch import BudgetExceededError, HttpClient, NetSettings
from .ingest import (  # noqa: F401  (re-exported: the reading/ingest half lives in ustmon.ingest)
    Gathered, History, Reporter, _one_line, _take, failure_message, ingest_gathered, parse_payload, read_mirror)
from .sources import SOURCE_MODULES, get_source
from .sources.base import Source
from .store import IngestStats, Payload, Store, default_home, default_store_path

#: start of the ``updates`` message of a source update that went in with some files or responses left out
PARTLY_FAILED = "partly failed"


@dataclass
class UpdateOutcome:
    source: str
    mode: str                      # live | mirror | snapshot (what the data came from)
    stats: IngestStats | None = None
    error: str | None = None       # first failure (file, response or source), None if all went in
    messages: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)   # one line per failed file/response/source step
    notices: list[str] = field(default_factory=list)    # "skipped:" notes and other non-failures
    fallback: bool = False         # live was asked for but the host was unreachable

    def fail(self, message: str) -> None:
        message = " ".join(str(message).split())  # always one line
        self.failures.append(message)
        if self.error is None:
            self.error = message

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def mode_label(self) -> str:
        return f"{self.mode} (fallback)" if self.fallback else self.mode


def mirror_from_env() -> Path | None:
    env = os.environ.get("USTMON_MIRROR")
    return Path(env).expanduser() if env else None


def read_mirror_payloads(source: Source, mirror: Path, seen: set[str], *, file_filter=None,
                         on_file: Callable[[Path], None] | None = None) -> tuple[list[Payload], int]:
    """Older interface: raise the first failure instead of listing it."""
    g = read_mirror(source, mirror, seen, file_filter=file_filter, on_file=on_file)
    if g.failures:
        raise UstmonError(g.failures[0])
    return g.payloads, g.skipped


def fetch_live(source: Source, http: HttpClient, seen: set[str], *, series=None, since=None,
               on_request: Callable[[str], None] | None = None, history: History | None = None,
               max_decompressed: int | None = None, report: Reporter | None = None) -> Gathered:
    """Fetch and parse every live request of ``source``.  Raises OfflineError when its host is unreachable."""
    say = report or (lambda e, d: None)
    out = Gathered()
    requests = source.live_requests(series=series, since=since)
    for i, req in enumerate(requests):
        if on_request:
            on_request(req.description or req.url)
        try:
            got = source.fetch(req, http)
        except OfflineError:
            raise
        except BudgetExceededError as exc:
            left = len(requests) - i - 1
            msg = failure_message(source.name, req.url, exc) + (f"; {left} more requests not made" if left else "")
            out.failures.append(msg)
            say("error", msg)
            break
        except Exception as exc:  # noqa: BLE001  one response failing is that response's failure
            msg = failure_message(source.name, req.description or req.url, exc)
            out.failures.append(msg)
            say("error", msg)
            continue
        for raw, origin in got:
            last = http.last
            _take(out, source, raw, origin, req.kind, "live", seen,
                  lambda: last.retrieved_at if last else datetime.now(timezone.utc), history, max_decompressed, say)
    return out


def fetch_live_payloads(source: Source, http: HttpClient, seen: set[str], *, series=None, since=None,
                        on_request: Callable[[str], None] | None = None) -> tuple[list[Payload], int]:
    """Older interface: raise the first failure instead of listing it."""
    g = fetch_live(source, http, seen, series=series, since=since, on_request=on_request)
    if g.failures:
        raise UstmonError(g.failures[0])
    return g.payloads, g.skipped


class StoreHistory:
    """``history(ids)`` for validation: latest stored values of those series, from a read-only store, cached per run."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self._cache: dict[str, pd.Series] = {}
        self._st: Store | None = None

    def __call__(self, series_ids) -> dict[str, pd.Series]:
        ids = list(dict.fromkeys(series_ids))
        missing = [i for i in ids if i not in self._cache]
        if missing:
            if self._st is None:
                self._st = Store(self.store_path, read_only=True)
            got = self._st.get_many(missing, optional=True)
            for i in missing:
                self._cache[i] = got.get(i)
        return {i: self._cache[i] for i in ids if self._cache[i] is not None}

    def close(self) -> None:
        if self._st is not None:
            self._st.close()
            self._st = None



def _done_line(outcome, stats) -> str:
    """One line per source: what went in (values, records: whichever it stores), or why there was nothing."""
    if not stats.payloads and not stats.skipped and not outcome.failed:
        from .sources import get_source

        reason = get_source(outcome.source).mirror_absent_reason if outcome.mode.startswith("mirror") else ""
        return f"{outcome.source}: nothing to read" + (f": {reason}" if reason else "")
    added = [f"{stats.rows_added:,} new values"] if stats.rows_added or not stats.records_added else []
    if stats.records_added:
        added.append(f"{stats.records_added:,} new records")
    return (f"{outcome.source}: {' and '.join(added)} from {stats.payloads} payloads "
            f"({stats.skipped} unchanged, {outcome.failed} failed)")


def run_update(
    sources: list[str] | None = None,
    *,
    store_path: Path | None = None,
    mirror: Path | None = None,
    since: pd.Timestamp | None = None,
    series: list[str] | None = None,
    live: bool = True,
    report: Reporter | None = None,
    http: HttpClient | None = None,
    settings: NetSettings | None = None,
) -> list[UpdateOutcome]:
    """Update ``sources`` (all by default); one :class:`UpdateOutcome` per source.

    With ``mirror`` every source reads its files there.  Otherwise sources are
    fetched live; a source whose host is unreachable falls back (alone) to
    ``USTMON_MIRROR`` when set, else to the bundled snapshot.
    """
    say = report or (lambda event, detail: None)
    names = sources or list(SOURCE_MODULES)
    store_path = store_path or default_store_path()
    settings = settings or (http.settings if http is not None else NetSettings.from_env())
    with Store.open(store_path, read_only=True) as st:
        seen = {r[0] for r in st.con.execute("SELECT sha256 FROM origins").fetchall()}
    had_data = bool(seen)  # an empty store (made just now) needs no backup
    fallback_mirror = mirror or mirror_from_env()
    use_live = mirror is None and live
    own_http = http is None and use_live
    if own_http:
        http = HttpClient(default_home() / "cache" / "http", settings=settings, report=say)
    if http is not None and use_live and getattr(http, "report", None) is None:
        http.report = say
    history = StoreHistory(store_path)
    outcomes: list[UpdateOutcome] = []
    gathered: list[tuple[UpdateOutcome, Gathered]] = []
    try:
        # phase 1: fetch/read, parse and validate every source without touching the store
        for name in names:
            source = get_source(name)
            outcome = UpdateOutcome(source=name, mode="live" if use_live else "mirror")
            outcomes.append(outcome)
            g: Gathered | None = None
            try:
                if use_live:
                    say("source", f"{name}: live")
                    http.begin_source(name)
                    try:
                        g = fetch_live(source, http, seen, series=series, since=since, history=history,
                                       max_decompressed=settings.max_decompressed_for(name), report=say,
                                       on_request=lambda d, name=name: say("request", f"{name}: {d}"))
                    except OfflineError as exc:
                        outcome.fallback = True
                        where = f"mirror {fallback_mirror}" if fallback_mirror else "the bundled snapshot"
                        say("offline", f"{name}: network unavailable ({_one_line(exc)}); using {where}")
                if g is None:
                    if fallback_mirror is not None:
                        outcome.mode = "mirror"
                        say("source", f"{name}: mirror {fallback_mirror}")
                        g = read_mirror(source, fallback_mirror, seen, history=history,
                                        max_decompressed=settings.max_decompressed_for(name),
                                        report=say, on_file=lambda p, name=name: say("file", f"{name}: {p.name}"))
                    else:
                        outcome.mode = "snapshot"
                        continue
            except Exception as exc:  # noqa: BLE001  e.g. live_requests() refusing: this source fails, others go on
                msg = failure_message(name, name, exc)
                outcome.fail(msg)
                say("error", msg)
                continue
            for f in g.failures:
                outcome.fail(f)
            outcome.notices.extend(g.notices)
            gathered.append((outcome, g))
    finally:
        history.close()
        if own_http and http is not None:
            http.close()
    # a copy of the last good store before anything is written (`ustmon store repair` restores it);
    # ~0.6 s for a full mirror store, so only when there is something to write
    if had_data and any(g.payloads for _, g in gathered):
        from .store import StoreError
        from .store_admin import backup

        try:
            backup(store_path)
        except StoreError as exc:  # damaged: opening it for writing below stops with the same advice
            say("notice", str(exc))
    # phase 2: one short write session, one transaction per source
    with Store.open(store_path) as st:
        for outcome in outcomes:
            for f in outcome.failures:
                st.record_failure(outcome.source, outcome.mode, f)
        for outcome, g in gathered:
            note = f"{PARTLY_FAILED}: {outcome.failed} file(s) or response(s) failed" if outcome.failed else ""
            stats, failures = ingest_gathered(st, outcome.source, g.payloads, mode=outcome.mode, report=say,
                                              message=note)
            for f in failures:
                outcome.fail(f)
                st.record_failure(outcome.source, outcome.mode, f)
            stats.skipped += g.skipped
            outcome.stats = stats
            say("done", _done_line(outcome, stats))
    snap = [o for o in outcomes if o.mode == "snapshot" and not o.failures]
    if snap:
        from .snapshot import seed_store

        try:
            seeded = seed_store(store_path, sources=[o.source for o in snap], report=say)
        except UstmonError as exc:
            for o in snap:
                o.fail(f"{o.source}: {_one_line(exc)}")
            seeded = {}
        for o in snap:
            o.stats = seeded.get(o.source)
            if o.stats is None and not o.failures:
                o.notices.append(f"{o.source}: the bundled snapshot has no data for this source")
    return outcomes


def ensure_store(store_path: Path | None = None, report: Reporter | None = None) -> Path:
    """Make sure the store has data: an empty store on a fresh machine is seeded from the snapshot."""
    store_path = store_path or default_store_path()
    with Store.open(store_path, read_only=True) as st:
        empty = st.con.execute("SELECT count(*) FROM series").fetchall()[0][0] == 0
    if empty:
        from .snapshot import seed_store

        seed_store(store_path, report=report)
    return store_path


__all__ = ["run_update", "ensure_store", "UpdateOutcome", "UstmonError", "read_mirror", "fetch_live",
           "parse_payload", "ingest_gathered", "StoreHistory"]
