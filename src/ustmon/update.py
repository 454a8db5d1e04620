"""Updating the store: gather raw payloads (live, mirror or snapshot), parse, ingest per source.

The order of work keeps the store safe and readable:

1. read the hashes of payloads already ingested (a short read-only look);
2. fetch or read every payload of a source and parse it *outside* any store
   transaction (slow, network-bound work never holds the write lock);
3. ingest that source's payloads in one transaction.

A parse error in any payload of a source rejects that source's update as a
whole (the error names the file and line) and the store keeps what it had;
other sources still update.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

from .errors import NetworkError, OfflineError, SourceFormatError, UnitMismatchError, UstmonError
from .fetch import HttpClient
from .sources import SOURCE_MODULES, get_source
from .sources.base import Source
from .validate import validate_payload
from .store import IngestStats, Payload, Store, default_home, default_store_path, payload_hash

#: report(event, detail): the CLI shows these as one-line messages / progress
Reporter = Callable[[str, str], None]


@dataclass
class UpdateOutcome:
    source: str
    mode: str
    stats: IngestStats | None = None
    error: str | None = None
    messages: list[str] = field(default_factory=list)


def mirror_from_env() -> Path | None:
    env = os.environ.get("USTMON_MIRROR")
    return Path(env).expanduser() if env else None


def read_mirror_payloads(source: Source, mirror: Path, seen: set[str], *, file_filter=None,
                         on_file: Callable[[Path], None] | None = None) -> tuple[list[Payload], int]:
    """Parse every file of ``source`` in ``mirror`` (skipping payloads already ingested)."""
    payloads: list[Payload] = []
    skipped = 0
    for mf in source.mirror_files(mirror):
        if file_filter is not None and not file_filter(mf.path):
            continue
        raw = mf.path.read_bytes()
        sha = payload_hash(raw, mf.kind)
        if on_file:
            on_file(mf.path)
        if sha in seen:
            skipped += 1
            continue
        result = source.parse(raw, str(mf.path), mf.kind)
        validate_payload(result)
        retrieved = datetime.fromtimestamp(mf.path.stat().st_mtime, tz=timezone.utc)
        payloads.append(Payload(result=result, kind=mf.kind, mode="mirror", sha256=sha, retrieved_at=retrieved))
        seen.add(sha)
    return payloads, skipped


def fetch_live_payloads(source: Source, http: HttpClient, seen: set[str], *, series=None, since=None,
                        on_request: Callable[[str], None] | None = None) -> tuple[list[Payload], int]:
    payloads: list[Payload] = []
    skipped = 0
    for req in source.live_requests(series=series, since=since):
        if on_request:
            on_request(req.description or req.url)
        for raw, origin in source.fetch(req, http):
            sha = payload_hash(raw, req.kind)
            if sha in seen:
                skipped += 1
                continue
            result = source.parse(raw, origin, req.kind)
            validate_payload(result)
            retrieved = http.last.retrieved_at if http.last else datetime.now(timezone.utc)
            payloads.append(Payload(result=result, kind=req.kind, mode="live", sha256=sha, retrieved_at=retrieved))
            seen.add(sha)
    return payloads, skipped


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
) -> list[UpdateOutcome]:
    """Update ``sources`` (all by default).

    With ``mirror`` every source reads its files there.  Otherwise sources are
    fetched live; if the network is unreachable the run says so once and falls
    back to ``USTMON_MIRROR`` when set, else to the bundled snapshot.
    """
    say = report or (lambda event, detail: None)
    names = sources or list(SOURCE_MODULES)
    store_path = store_path or default_store_path()
    with Store.open(store_path, read_only=True) as st:
        seen = {r[0] for r in st.con.execute("SELECT sha256 FROM origins").fetchall()}
    offline = not live
    fallback_mirror = mirror or mirror_from_env()
    own_http = http is None and mirror is None and live
    if own_http:
        http = HttpClient(default_home() / "cache" / "http")
    outcomes: list[UpdateOutcome] = []
    gathered: list[tuple[UpdateOutcome, list[Payload], int]] = []
    try:
        # phase 1: fetch/read and parse every source without touching the store
        for name in names:
            source = get_source(name)
            outcome = UpdateOutcome(source=name, mode="mirror" if mirror else "live")
            outcomes.append(outcome)
            try:
                if mirror is None and not offline:
                    try:
                        payloads, skipped = fetch_live_payloads(
                            source, http, seen, series=series, since=since,
                            on_request=lambda d: say("request", f"{name}: {d}"))
                    except OfflineError as exc:
                        offline = True
                        where = f"mirror {fallback_mirror}" if fallback_mirror else "the bundled snapshot"
                        say("offline", f"network unavailable ({exc}); using {where}")
                if mirror is not None or (offline and fallback_mirror is not None):
                    outcome.mode = "mirror"
                    payloads, skipped = read_mirror_payloads(
                        source, mirror or fallback_mirror, seen, on_file=lambda p: say("file", f"{name}: {p.name}"))
                elif offline:
                    outcome.mode = "snapshot"
                    continue
                gathered.append((outcome, payloads, skipped))
            except (SourceFormatError, NetworkError) as exc:
                outcome.error = str(exc)
                say("error", str(exc))
    finally:
        if own_http and http is not None:
            http.close()
    # phase 2: one short write session, one transaction per source
    with Store.open(store_path) as st:
        for outcome in outcomes:
            if outcome.error:
                st.record_failure(outcome.source, outcome.mode, outcome.error)
        for outcome, payloads, skipped in gathered:
            try:
                outcome.stats = st.ingest(outcome.source, payloads, mode=outcome.mode)
            except UnitMismatchError as exc:
                outcome.error = str(exc)
                st.record_failure(outcome.source, outcome.mode, str(exc))
                say("error", str(exc))
                continue
            outcome.stats.skipped += skipped
            say("done", f"{outcome.source}: {outcome.stats.rows_added:,} new values from {outcome.stats.payloads} "
                        f"payloads ({outcome.stats.skipped} unchanged)")
    if any(o.mode == "snapshot" for o in outcomes):
        from .snapshot import seed_store

        seeded = seed_store(store_path, sources=[o.source for o in outcomes if o.mode == "snapshot"], report=say)
        for o in outcomes:
            if o.mode == "snapshot":
                o.stats = seeded.get(o.source)
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


__all__ = ["run_update", "ensure_store", "UpdateOutcome", "UstmonError"]
