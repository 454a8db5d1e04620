"""Reading and ingesting payloads, shared by ``ustmon update`` and ``ustmon snapshot build``.

The lower half of an update, with no knowledge of live fetching or of the
bundled snapshot: parse and validate one payload (:func:`parse_payload`),
read every file of a source in a mirror folder (:func:`read_mirror`), and
ingest one source's payloads into a store, file by file when the store
refuses the batch (:func:`ingest_gathered`).  :mod:`ustmon.update` and
:mod:`ustmon.snapshot` both build on it, so neither imports the other's
internals (arrows: update -> snapshot -> ingest -> store).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .errors import NetworkError, SourceFormatError, UstmonError
from .fetch import check_decompressed_size
from .sources.base import ParseResult, Source
from .store import IngestStats, Payload, Store, payload_hash
from .validate import validate_payload

#: report(event, detail): the CLI shows these as one-line messages / progress.
#: events: source, request, file, retry, notice, offline, error, done, snapshot
Reporter = Callable[[str, str], None]

#: history(series_ids) -> {id: latest stored values}, handed to validate_payload
History = Callable[[list], dict]


@dataclass
class Gathered:
    """What phase 1 produced for one source."""

    payloads: list[Payload] = field(default_factory=list)
    skipped: int = 0
    failures: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)



_VALIDATE_TAKES_HISTORY = "history" in inspect.signature(validate_payload).parameters


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:500] + ("…" if len(text) > 500 else "")


def failure_message(source: str, origin: str, exc: BaseException) -> str:
    """One line naming source, file or URL and reason (SourceFormatErrors already carry line and field)."""
    if isinstance(exc, SourceFormatError):
        return _one_line(exc)
    if isinstance(exc, NetworkError):
        return f"{source}: {_one_line(exc)}"
    if isinstance(exc, UstmonError):
        msg = _one_line(exc)
        return msg if origin in msg else f"{source}: {origin}: {msg}"
    return f"{source}: {origin}: parser failed unexpectedly: {type(exc).__name__}: {_one_line(exc)}"


def parse_payload(source: Source, raw: bytes, origin: str, kind: str, *, history: History | None = None,
                  max_decompressed: int | None = None) -> ParseResult:
    """Size check, parse and validate one payload.  Raises on any problem (the caller decides what that means)."""
    if max_decompressed is not None:
        check_decompressed_size(raw, origin, max_decompressed, source=source.name)
    result = source.parse(raw, origin, kind)
    if not isinstance(result, ParseResult):
        raise TypeError(f"parser returned {type(result).__name__}, not a ParseResult")
    if _VALIDATE_TAKES_HISTORY and history is not None:
        validate_payload(result, history=history)
    else:
        validate_payload(result)
    return result


def _skip_note(result: ParseResult) -> str | None:
    if result.observations.empty and not any(len(f) for f in result.records.values()):
        for n in result.notes:
            if str(n).lower().startswith("skipped:"):
                return f"{result.source}: {result.origin}: {n}"
    return None


def _take(out: Gathered, source: Source, raw: bytes, origin: str, kind: str, mode: str, seen: set[str],
          retrieved: Callable[[], datetime], history, limit, say: Reporter) -> None:
    sha = payload_hash(raw, kind)
    if sha in seen:
        out.skipped += 1
        return
    try:
        result = parse_payload(source, raw, origin, kind, history=history, max_decompressed=limit)
    except Exception as exc:  # noqa: BLE001  any failure of one payload is that payload's failure
        msg = failure_message(source.name, origin, exc)
        out.failures.append(msg)
        say("error", msg)
        return
    note = _skip_note(result)
    if note:
        out.notices.append(note)
        say("notice", note)
        return
    out.payloads.append(Payload(result=result, kind=kind, mode=mode, sha256=sha, retrieved_at=retrieved()))
    seen.add(sha)


def read_mirror(source: Source, mirror: Path, seen: set[str], *, file_filter=None,
                on_file: Callable[[Path], None] | None = None, history: History | None = None,
                max_decompressed: int | None = None, report: Reporter | None = None) -> Gathered:
    """Parse every file of ``source`` in ``mirror`` (skipping payloads already ingested); bad files are listed."""
    say = report or (lambda e, d: None)
    out = Gathered()
    try:
        files = source.mirror_files(mirror)
    except Exception as exc:  # noqa: BLE001
        out.failures.append(failure_message(source.name, str(mirror), exc))
        say("error", out.failures[-1])
        return out
    for mf in files:
        if file_filter is not None and not file_filter(mf.path):
            continue
        if on_file:
            on_file(mf.path)
        try:
            raw = mf.path.read_bytes()
            mtime = mf.path.stat().st_mtime
        except OSError as exc:
            out.failures.append(f"{source.name}: {mf.path}: cannot read the file ({exc.strerror or exc})")
            say("error", out.failures[-1])
            continue
        _take(out, source, raw, str(mf.path), mf.kind, "mirror", seen,
              lambda: datetime.fromtimestamp(mtime, tz=timezone.utc), history, max_decompressed, say)
    return out



def _store_fault(exc: BaseException) -> bool:
    """True when a failed ingest is the store's fault (disk full, read-only, damaged), not a file's."""
    import duckdb

    from .store import StoreError

    seen: BaseException | None = exc
    while seen is not None:
        text = str(seen).lower()
        if isinstance(seen, (StoreError, duckdb.IOException, duckdb.FatalException, OSError)) or any(
                k in text for k in ("no space left", "read-only", "cannot rollback", "database has been invalidated")):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def ingest_gathered(st: Store, source: str, payloads: list[Payload], *, mode: str,
                    report: Reporter | None = None, message: str = "") -> tuple[IngestStats, list[str]]:
    """Ingest one source's payloads in one transaction; if the store refuses the batch, file by file.

    Returns the stats and one failure line per payload (or batch) the store refused.
    """
    say = report or (lambda e, d: None)
    try:
        return st.ingest(source, payloads, mode=mode, message=message), []
    except Exception as exc:  # noqa: BLE001
        if _store_fault(exc):  # the store itself failed (disk full, read-only, damaged): no file is to blame
            raise
        if len(payloads) <= 1:
            origin = payloads[0].result.origin if payloads else source
            msg = failure_message(source, origin, exc)
            say("error", msg)
            return IngestStats(source=source), [msg]
    # the batch was refused (and rolled back): find the payload(s) responsible, one transaction each
    stats, failures = IngestStats(source=source), []
    from .store import _payload_vintage

    for p in sorted(payloads, key=_payload_vintage):  # the store's own batch order: oldest payload first
        try:
            s = st.ingest(source, [p], mode=mode, message=message)
        except Exception as exc:  # noqa: BLE001
            if _store_fault(exc):
                raise
            msg = failure_message(source, p.result.origin, exc)
            failures.append(msg)
            say("error", msg)
            continue
        for f in ("payloads", "skipped", "rows_seen", "rows_added", "records_added"):
            setattr(stats, f, getattr(stats, f) + getattr(s, f))
        stats.series = max(stats.series, s.series)
    return stats, failures


__all__ = ["Gathered", "Reporter", "History", "failure_message", "parse_payload", "read_mirror", "ingest_gathered"]
