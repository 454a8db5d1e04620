"""The embedded store: a DuckDB file with a series catalog and observations with vintages.

Tables
------
``series``   one row per series: id, title, source, dataset, frequency, unit,
             url, attribution, notes.
``obs``      (series_id, date, vintage, value, origin_id, exact): every value
             ever seen, stamped with the date it became public (``vintage``,
             its *known-since*) and whether that date was published or
             observed (``exact``) or estimated from the release calendar.  A
             revision adds a row; nothing is overwritten.  ``value`` NULL =
             missing as published.
``origins``  every payload ingested: source, URL or path, mode (live, mirror,
             snapshot), vintage, retrieval time, sha256 and rows added, so a
             re-ingest of identical bytes is skipped cheaply.
``records``  non-time-series tables (auction results) as JSON rows keyed by
             (dataset, key, vintage).
``updates``  one row per source update: when, how, how much, outcome.

Known-since rules
-----------------
* a payload's own date is the release date it declares (exact), else its
  retrieval time when fetched live (exact), else, for a mirror or snapshot
  file, the release calendar's estimate for its latest valued observation
  (a checkout resets file times, so they are not used);
* a value seen for the first time is known since min(the calendar's estimate
  for its period, the payload's date): a first live update, or a file holding
  years of history, gives a usable history at once
  (:mod:`ustmon.release_calendar`);
* a value that differs from what the store held on the payload's date is a
  revision, known since the payload's date, never the calendar estimate;
  a value equal to it adds nothing (re-ingesting identical data adds nothing);
* a mirror file dated by estimate whose latest observation is the same date
  as that of a file already held with values of the same series is a later
  edition (the publisher revised the file without dating it): its date is the
  next scheduled release after the held edition's date (an estimate, never
  the old 1 us nudge), so ``as_of`` between the two returns the original;
* a row's own vintage (ALFRED ``realtime_start``) overrides both;
* default reads return the latest known-since of each date; ``as_of=D``
  returns, per date, the latest value with known-since on or before D.

Concurrency and safety
----------------------
DuckDB lets one process write at a time.  Updates parse everything first and
hold the write lock only for the short per-source transaction; readers open
read-only and retry while a writer holds the lock.  Each source's update is
one transaction: a process killed mid-update leaves the previous state.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import StoreBusyError, UnitMismatchError, UnknownSeriesError, UstmonError
from .release_calendar import record_known_since
from .sources.base import ParseResult, SeriesMeta
from .units import conversion_factor

SCHEMA = """
CREATE TABLE IF NOT EXISTS series (
    id VARCHAR PRIMARY KEY,
    title VARCHAR, source VARCHAR, dataset VARCHAR, frequency VARCHAR, unit VARCHAR,
    url VARCHAR, attribution VARCHAR, notes VARCHAR,
    updated_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS obs (
    series_id VARCHAR NOT NULL,
    date DATE NOT NULL,
    vintage TIMESTAMP NOT NULL,
    value DOUBLE,
    origin_id BIGINT
);
CREATE TABLE IF NOT EXISTS origins (
    id BIGINT PRIMARY KEY,
    source VARCHAR, origin VARCHAR, kind VARCHAR, mode VARCHAR,
    vintage TIMESTAMP, retrieved_at TIMESTAMP, sha256 VARCHAR,
    rows_seen BIGINT, rows_added BIGINT, notes VARCHAR
);
CREATE TABLE IF NOT EXISTS records (
    dataset VARCHAR, key VARCHAR, vintage TIMESTAMP, payload VARCHAR, origin_id BIGINT, source VARCHAR
);
CREATE TABLE IF NOT EXISTS updates (
    source VARCHAR, mode VARCHAR, started_at TIMESTAMP, finished_at TIMESTAMP,
    payloads BIGINT, skipped BIGINT, rows_seen BIGINT, rows_added BIGINT, status VARCHAR, message VARCHAR
);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS record_frames (
    dataset VARCHAR PRIMARY KEY, versions BIGINT, latest_vintage TIMESTAMP, frame BLOB
);
"""
#: ``record_frames`` is derived (each dataset's latest records, decoded, as Arrow IPC, rebuilt at each ingest):
#: not among the tables a store must have, so a store without it (older, or repaired) reads the JSON instead.

_TABLES = {"series", "obs", "origins", "records", "updates", "meta"}


class StoreError(UstmonError):
    """The store file is missing, is not a store, or is damaged; the message says what to do."""


def store_open_error(path: Path, exc: BaseException) -> StoreError:
    """One line for a store that cannot be opened or read: what is wrong and what to do."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    first = first[:200]
    low = str(exc).lower()
    if "no space left" in low:
        return StoreError(f"store {path}: no space left on the device; free some space and run the command again")
    if "permission denied" in low or "read-only file system" in low:
        return StoreError(f"store {path}: cannot write there ({first}); use a writable --store path or USTMON_HOME")
    return StoreError(
        f"store {path} cannot be opened: {first}. Run `ustmon store check` to see what is wrong and "
        f"`ustmon store repair` to rebuild it (the damaged file is kept aside), or move it away and run "
        f"`ustmon update` to rebuild from the mirror or the bundled snapshot")


def _is_lock_error(message: str) -> bool:
    """DuckDB's "Could not set lock on file ... Conflicting lock is held" (not "block" in a checksum error)."""
    low = message.lower()
    return "could not set lock" in low or "conflicting lock" in low or "lock on file" in low


def _create_atomically(path: Path) -> None:
    """Create an empty store at ``path`` unless one appears meanwhile; never a half-built file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.creating")
    try:
        with duckdb.connect(str(tmp)) as con:
            con.execute(SCHEMA)
            con.execute("CHECKPOINT")
        try:
            os.link(tmp, path)  # atomic and never replaces a store another process made first
        except FileExistsError:
            pass
        except OSError:  # no hard links on this file system: rename, unless a store appeared
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass


_SERIES_COLS = ("id", "title", "source", "dataset", "frequency", "unit", "url", "attribution", "notes", "updated_at")

# ratio of new to stored values that signals an undeclared unit change (x1000 or /1000)
_UNIT_JUMP = 300.0


def default_home() -> Path:
    env = os.environ.get("USTMON_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ustmon", appauthor=False))


def default_store_path() -> Path:
    return default_home() / "ustmon.duckdb"


def payload_hash(raw: bytes, kind: str) -> str:
    """Identity of a payload for skip-if-seen: bytes + parser kind + ustmon version."""
    from . import __version__

    h = hashlib.sha256(raw)
    h.update(f"|{kind}|{__version__}".encode())
    return h.hexdigest()


@dataclass
class Payload:
    """One parsed payload ready for the store."""

    result: ParseResult
    kind: str
    mode: str  # live | mirror | snapshot
    sha256: str
    retrieved_at: datetime


@dataclass
class IngestStats:
    source: str
    payloads: int = 0
    skipped: int = 0
    rows_seen: int = 0
    rows_added: int = 0
    records_added: int = 0  # new or changed records (auction results, securities by CUSIP)
    series: int = 0


class Store:
    """A ustmon store.  Use :meth:`open` (a context manager) for short-lived connections."""

    def __init__(self, path: Path | str, *, read_only: bool = False, wait: float = 30.0,
                 create: bool = True) -> None:
        """Open (and, unless ``create`` is False, first create) the store at ``path``.

        Creation is atomic: the schema is built in a temporary file beside the
        store and linked into place, so a process killed during first creation
        leaves either no store or a complete empty one, and concurrent first
        creations all end with the same store.  A file that exists but cannot be
        opened as a store raises :class:`~ustmon.errors.StoreError` naming the path
        and what to do (``ustmon store check`` / ``ustmon store repair``).
        """
        self.path = Path(path)
        self.read_only = read_only
        if self.path.is_dir():
            raise StoreError(f"store {self.path} is a folder, not a store file; pass a file path such as "
                             f"{self.path / 'ustmon.duckdb'}")
        if not self.path.exists():
            if not create:
                raise StoreError(f"no store at {self.path}: run `ustmon update` (or `ustmon --store {self.path} update`) "
                                 f"to create it, or check the path")
            _create_atomically(self.path)
        deadline = time.monotonic() + wait
        while True:
            try:
                self.con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.Error as exc:  # another process holds the write lock, or the file is damaged
                msg = str(exc)
                if _is_lock_error(msg):
                    if time.monotonic() > deadline:
                        raise StoreBusyError(f"store {self.path} is locked by another ustmon process; try again") from None
                    time.sleep(0.2)
                    continue
                raise store_open_error(self.path, exc) from None
        try:
            have = {r[0] for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
            if not read_only:
                self.con.execute(SCHEMA)
                _add_columns(self.con)
            elif not _TABLES <= have:
                # a store left without tables (older ustmon killed during creation): add the empty schema
                self.con.close()
                with duckdb.connect(str(self.path)) as rw:
                    rw.execute(SCHEMA)
                self.con = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as exc:
            try:
                self.con.close()
            except duckdb.Error:
                pass
            if _is_lock_error(str(exc)):
                raise StoreBusyError(f"store {self.path} is locked by another ustmon process; try again") from None
            raise store_open_error(self.path, exc) from None

    @classmethod
    @contextmanager
    def open(cls, path: Path | str | None = None, *, read_only: bool = False,
             create: bool = True) -> Iterator["Store"]:
        store = cls(path or default_store_path(), read_only=read_only, create=create)
        try:
            yield store
        finally:
            store.close()

    def close(self) -> None:
        self.con.close()

    # ------------------------------------------------------------------ catalog
    def series_meta(self, series_id: str) -> SeriesMeta:
        rows = self.con.execute(
            "SELECT id, title, source, dataset, frequency, unit, url, attribution, notes FROM series WHERE id = ?",
            [series_id],
        ).fetchall()
        row = rows[0] if rows else None
        if row is None:
            raise UnknownSeriesError(self._unknown_message(series_id))
        return SeriesMeta(*row)

    def _unknown_message(self, series_id: str) -> str:
        ids = [r[0] for r in self.con.execute("SELECT id FROM series").fetchall()]
        if not ids:
            return f"unknown series {series_id!r}: the store is empty (run `ustmon update`)"
        import difflib

        close = difflib.get_close_matches(series_id.upper(), ids, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else "; `ustmon series` lists them"
        return f"unknown series {series_id!r}{hint}"

    def catalog(self, search: str | None = None) -> pd.DataFrame:
        sql = """
            SELECT s.id, s.title, s.source, s.dataset, s.frequency, s.unit, s.url, s.attribution, s.notes,
                   o.first_date, o.last_date, o.vintages
            FROM series s LEFT JOIN (
                SELECT series_id, min(date) AS first_date, max(date) AS last_date, count(DISTINCT origin_id) AS vintages
                FROM obs GROUP BY series_id) o ON o.series_id = s.id
        """
        params: list = []
        if search:
            sql += " WHERE s.id ILIKE ? OR s.title ILIKE ? OR s.source ILIKE ? OR s.dataset ILIKE ?"
            params = [f"%{search}%"] * 4
        return self.con.execute(sql + " ORDER BY s.source, s.id", params).df()

    # ------------------------------------------------------------------ reads
    def get(
        self,
        series_id: str,
        start: str | pd.Timestamp | None = None,
        end: str | pd.Timestamp | None = None,
        as_of: str | pd.Timestamp | None = None,
    ) -> pd.Series:
        """Values of one series (latest vintage per date, or as known on ``as_of``).

        Returns a float Series indexed by date with provenance in ``.attrs``.
        """
        return self.get_many([series_id], start=start, end=end, as_of=as_of)[series_id]

    def get_many(self, series_ids: Iterable[str], start=None, end=None, as_of=None, *,
                 optional: bool = False, dates=None) -> dict[str, pd.Series]:
        """Several series in one grouped query: ``{id: Series}`` with provenance in each ``.attrs``.

        Unknown ids raise UnknownSeriesError, or are left out with ``optional``.  ``dates`` (dates or
        timestamps) reads only those observation dates: a few hundred auction days out of decades of
        daily history, without reading the rest; the provenance's modes are then those of the values read.
        """
        ids = list(dict.fromkeys(series_ids))
        metas = {r[0]: SeriesMeta(*r) for r in self.con.execute(
            "SELECT id, title, source, dataset, frequency, unit, url, attribution, notes FROM series "
            "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}
        missing = [i for i in ids if i not in metas]
        if missing and not optional:
            raise UnknownSeriesError(self._unknown_message(missing[0]))
        ids = [i for i in ids if i in metas]
        if not ids:
            return {}
        exact = "exact" if self._has_exact() else "NULL::BOOLEAN"
        where, params = ["series_id IN (SELECT unnest(?::VARCHAR[]))"], [ids]
        if start is not None:
            where.append("date >= ?")
            params.append(pd.Timestamp(start).date())
        if end is not None:
            where.append("date <= ?")
            params.append(pd.Timestamp(end).date())
        if as_of is not None:
            where.append("vintage < ?")
            params.append(_as_of_bound(as_of))
        if dates is not None:
            where.append("date IN (SELECT unnest(?::DATE[]))")
            params.append(sorted({pd.Timestamp(d).date() for d in dates}))
        # the rows wanted, the series as its position in ``ids`` (integers cross to numpy far cheaper than
        # strings); the latest vintage per date (arg_max) is picked in numpy below, a third of the cost of a
        # GROUP BY in the store.  Without filters the same scan also gives the modes the series came from
        rows = self.con.execute(
            f"SELECT list_position(?::VARCHAR[], series_id)::INTEGER - 1 AS code, date, vintage, value, "
            f"{exact} AS exact, origin_id FROM obs WHERE {' AND '.join(where)}",
            [ids, *params],
        ).fetchnumpy()
        codes = np.asarray(rows["code"], dtype="int64")
        modes: dict[str, list] = {}
        if len(where) > 1 and dates is None:
            # filtered by period or as-of: the modes of all the series' rows need their own (lighter) scan;
            # a read of chosen dates reports the modes of the values it read (the scan would cost more than them)
            modes = dict(self.con.execute(
                "SELECT d.series_id, list(DISTINCT o.mode) FROM (SELECT DISTINCT series_id, origin_id FROM obs "
                "WHERE series_id IN (SELECT unnest(?::VARCHAR[]))) d JOIN origins o ON d.origin_id = o.id "
                "GROUP BY d.series_id", [ids]).fetchall())
        elif len(codes):
            org = rows["origin_id"]
            has_org = ~np.ma.getmaskarray(org)
            o_ids = np.asarray(org)[has_org].astype("int64")
            span = int(o_ids.max()) + 1 if len(o_ids) else 1
            pairs = np.unique(codes[has_org] * span + o_ids)  # distinct (series, origin), one int each
            mode_of = self._origin_modes()
            for c, o in zip(pairs // span, pairs % span):
                m = mode_of.get(int(o), _NO_ORIGIN)
                if m is not _NO_ORIGIN:
                    lst = modes.setdefault(ids[c], [])
                    if m not in lst:
                        lst.append(m)
        groups: dict[str, tuple] = {}
        if len(codes):
            dates = np.asarray(rows["date"]).astype("datetime64[ns]")
            vint = np.asarray(rows["vintage"]).astype("datetime64[us]")
            keep = np.ones(len(codes), dtype=bool)
            # per (series, date) the row with the latest vintage (= arg_max(value, vintage))
            order = np.flatnonzero(keep)
            order = order[np.lexsort((vint[order].view("int64"), dates[order].view("int64"), codes[order]))]
            c, d = codes[order], dates[order]
            last = np.ones(len(order), dtype=bool)
            last[:-1] = (c[1:] != c[:-1]) | (d[1:] != d[:-1])
            order = order[last]
            vals = rows["value"]
            vals = np.asarray(vals.filled(np.nan) if hasattr(vals, "filled") else vals, dtype="float64")
            ex = rows["exact"]
            ex = np.asarray(ex.filled(False) if hasattr(ex, "filled") else ex, dtype=object)
            codes, dates, vals, vint, ex = codes[order], dates[order], vals[order], vint[order], ex[order]
            cuts = np.flatnonzero(np.diff(codes)) + 1
            for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(codes)]) if len(codes) else ():
                groups[ids[codes[lo]]] = (dates[lo:hi], vals[lo:hi], vint[lo:hi].max(), vint[hi - 1], ex[hi - 1])
        out: dict[str, pd.Series] = {}
        for sid in ids:
            g = groups.get(sid)
            if g is None:
                ser = pd.Series([], index=pd.DatetimeIndex([], name="date"), name=sid, dtype="float64")
                latest = known = known_exact = None
            else:
                ser = pd.Series(g[1], index=pd.DatetimeIndex(g[0], name="date"), name=sid)
                latest, known = pd.Timestamp(g[2]), pd.Timestamp(g[3])
                known_exact = None if g[4] is None else bool(g[4])
            prov = self._provenance(metas[sid], latest, as_of, modes.get(sid) or [])
            prov["known_since"] = None if known is None else known.isoformat()
            prov["known_since_exact"] = known_exact
            ser.attrs["provenance"] = prov
            out[sid] = ser
        return out

    @staticmethod
    def _provenance(meta: SeriesMeta, latest_vintage: pd.Timestamp | None, as_of, modes: list) -> dict:
        return {
            "series_id": meta.id,
            "title": meta.title,
            "source": meta.source,
            "dataset": meta.dataset,
            "unit": meta.unit,
            "frequency": meta.frequency,
            "url": meta.url,
            "attribution": meta.attribution,
            "latest_vintage": None if latest_vintage is None else latest_vintage.isoformat(),
            "as_of": None if as_of is None else pd.Timestamp(as_of).date().isoformat(),
            "modes": sorted(m for m in modes if m),
        }

    def get_frame(self, series_ids: Iterable[str], start=None, end=None, as_of=None, *,
                  optional: bool = False) -> pd.DataFrame:
        """Several series side by side (outer join on date), provenance per column in ``.attrs``."""
        cols = self.get_many(series_ids, start=start, end=end, as_of=as_of, optional=optional)
        df = pd.DataFrame(cols)
        df.index.name = "date"
        df.attrs["provenance"] = {sid: s.attrs["provenance"] for sid, s in cols.items()}
        return df

    def vintages(self, series_id: str) -> pd.DataFrame:
        """Every stored row of a series: date, vintage (= known since), value, origin, mode, exact.

        ``vintage`` is the date the value became public; ``exact`` says whether
        that date was published or observed (True) or estimated from the
        release calendar (False).
        """
        self.series_meta(series_id)
        exact = "obs.exact" if self._has_exact() else "NULL::BOOLEAN AS exact"
        return self.con.execute(
            f"SELECT obs.date, obs.vintage, obs.value, o.origin, o.mode, {exact} FROM obs "
            "LEFT JOIN origins o ON obs.origin_id = o.id WHERE series_id = ? ORDER BY date, vintage",
            [series_id],
        ).df()

    def series_ids(self) -> frozenset:
        """Ids of every series in the catalog, cached per connection until the next ingest."""
        cache = self.__dict__.setdefault("_records_cache", {})
        if "_series_ids" not in cache:
            cache["_series_ids"] = frozenset(r[0] for r in self.con.execute("SELECT id FROM series").fetchall())
        return cache["_series_ids"]

    def _origin_modes(self) -> dict:
        """origin id -> mode (live, mirror, snapshot), cached per connection until the next ingest."""
        cache = self.__dict__.setdefault("_records_cache", {})
        if "_origin_modes" not in cache:
            cache["_origin_modes"] = dict(self.con.execute("SELECT id, mode FROM origins").fetchall())
        return cache["_origin_modes"]

    def _has_exact(self) -> bool:
        """Whether ``obs`` has the ``exact`` column (a store opened read-only from an older version may not)."""
        if not hasattr(self, "_exact_col"):
            self._exact_col = bool(self.con.execute(
                "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'obs' AND column_name = 'exact' "
                "AND database_name = current_database()").fetchall()[0][0])
        return self._exact_col

    def records(self, dataset: str, as_of=None) -> pd.DataFrame:
        """Latest version of each record of ``dataset`` (or as known on ``as_of``), one row per key, in key order.

        The JSON rows are decoded all at once (Arrow's JSON reader: ~10x faster
        than one ``json.loads`` per row), giving the same frame as decoding row by
        row: numbers as int64/float64, text as strings (ISO dates stay text),
        booleans, nulls.  A dataset whose rows do not fit one flat typed table
        (a field that is a number in one row and text in another, nested
        values) is decoded row by row.  Cached per store connection until the
        next ingest; each call returns its own copy.
        """
        bound = None if as_of is None else _as_of_bound(as_of)
        cache = self.__dict__.setdefault("_records_cache", {})
        hit = cache.get((dataset, bound))
        if hit is None:
            tbl = self._record_frame(dataset, bound)
            if tbl is not None:
                hit = tbl.to_pandas()
            else:
                hit = _decode_json_lines(self._latest_records_text(dataset, bound))
            cache[(dataset, bound)] = hit
        return hit.copy()

    def _latest_records_text(self, dataset: str, bound=None) -> str | None:
        """The latest version of each record (as known before ``bound``) as JSON lines, in key order."""
        params: list = [dataset]
        cond = ""
        if bound is not None:
            cond = " AND vintage < ?"
            params.append(bound)
        return self.con.execute(
            "SELECT string_agg(p, chr(10) ORDER BY key) FROM ("
            f"SELECT key, arg_max(payload, vintage) AS p FROM records WHERE dataset = ?{cond} GROUP BY key)",
            params).fetchall()[0][0]

    def _record_frame(self, dataset: str, bound=None) -> pa.Table | None:
        """The stored decoded frame of ``dataset``'s latest records, when it still matches the records table
        (same number of versions, same latest vintage) and ``bound`` (an as-of) is after every version; else None."""
        try:
            row = self.con.execute("SELECT versions, latest_vintage, frame FROM record_frames WHERE dataset = ?",
                                   [dataset]).fetchall()
        except duckdb.CatalogException:  # a store from before the table: read the JSON
            return None
        if not row:
            return None
        versions, latest, blob = row[0]
        now = self.con.execute("SELECT count(*), max(vintage) FROM records WHERE dataset = ?", [dataset]).fetchall()[0]
        if (versions, latest) != tuple(now) or (bound is not None and latest is not None and latest >= bound):
            return None
        try:
            return pa.ipc.open_stream(blob).read_all()
        except (pa.ArrowInvalid, pa.ArrowTypeError, OSError):  # a damaged frame: it is derived, read the JSON
            return None

    def refresh_record_frame(self, dataset: str) -> None:
        """Store ``dataset``'s latest records decoded (Arrow IPC), so reading them is one blob, not a JSON parse.

        Datasets whose records do not decode to one flat table are left to the JSON path."""
        self.con.execute("DELETE FROM record_frames WHERE dataset = ?", [dataset])
        tbl = _decode_json_table(self._latest_records_text(dataset))
        if tbl is None:
            return
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, tbl.schema) as w:
            w.write_table(tbl)
        versions, latest = self.con.execute("SELECT count(*), max(vintage) FROM records WHERE dataset = ?",
                                            [dataset]).fetchall()[0]
        self.con.execute("INSERT INTO record_frames VALUES (?, ?, ?, ?)",
                         [dataset, versions, latest, sink.getvalue().to_pybytes()])

    def status(self) -> pd.DataFrame:
        """Per source: last update, mode, latest observation, rows, series, vintages."""
        return self.con.execute(
            """
            WITH o AS (
                SELECT s.source, count(*) AS rows, count(DISTINCT obs.series_id) AS series,
                       count(DISTINCT obs.origin_id) AS vintages, max(obs.date) AS latest_observation
                FROM obs JOIN series s ON s.id = obs.series_id GROUP BY s.source),
            u AS (
                SELECT source, max(finished_at) AS last_update,
                       arg_max(mode, finished_at) AS mode, arg_max(status, finished_at) AS last_status
                FROM updates GROUP BY source)
            , r AS (SELECT source, count(DISTINCT key) AS records, max(vintage) AS latest_record FROM records GROUP BY source)
            SELECT coalesce(o.source, u.source) AS source, u.last_update, u.mode, u.last_status,
                   o.latest_observation, o.series, coalesce(o.rows, 0) + coalesce(r.records, 0) AS rows,
                   greatest(coalesce(o.vintages, 0), CASE WHEN r.records > 0 THEN 1 ELSE 0 END) AS vintages
            FROM o FULL OUTER JOIN u ON o.source = u.source LEFT JOIN r ON r.source = coalesce(o.source, u.source)
            ORDER BY 1
            """
        ).df()

    def series_latest(self) -> pd.DataFrame:
        """Per series: source, frequency, dataset, latest observation date (for staleness and overdue checks)."""
        return self.con.execute(
            "SELECT s.id, s.source, s.frequency, s.dataset, max(obs.date) AS latest FROM series s "
            "JOIN obs ON obs.series_id = s.id WHERE obs.value IS NOT NULL GROUP BY s.id, s.source, s.frequency, s.dataset"
        ).df()

    def _seen_many(self, hashes: list[str]) -> set[str]:
        if not hashes:
            return set()
        return {r[0] for r in self.con.execute(
            "SELECT DISTINCT sha256 FROM origins WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))", [hashes]).fetchall()}

    def seen(self, sha256: str) -> bool:
        return self.con.execute("SELECT 1 FROM origins WHERE sha256 = ? LIMIT 1", [sha256]).fetchall() != []

    def get_meta(self, key: str) -> str | None:
        rows = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    # ------------------------------------------------------------------ writes
    def ingest(self, source: str, payloads: list[Payload], *, mode: str, message: str = "") -> IngestStats:
        """Add the payloads of one source in ONE transaction (all or nothing).

        All payloads are stacked into one frame (each row stamped with its
        payload's vintage and origin) and inserted by one set-based statement:
        a row is kept if its value differs from the previous vintage of the
        same date, in the batch or in the store.  Raises (and rolls back) on a
        unit conflict; nothing already stored changes in that case.
        """
        stats = IngestStats(source=source)
        started = datetime.now(timezone.utc).replace(tzinfo=None)
        con = self.con
        self.__dict__.pop("_records_cache", None)
        con.execute("BEGIN TRANSACTION")
        try:
            fresh = []
            stored = self._seen_many([p.sha256 for p in payloads])
            for p in payloads:
                if p.sha256 in stored:
                    stats.skipped += 1
                else:
                    fresh.append(p)
                    stored.add(p.sha256)
            if fresh:
                self._ingest_batch(source, fresh, stats)
            # the decoded frames of this source's records: rebuilt when records were added, or when missing or
            # damaged (a store from before them, or repaired), even by an update that brings nothing new
            for (dataset,) in con.execute("SELECT DISTINCT dataset FROM records WHERE source = ?", [source]).fetchall():
                if self._record_frame(dataset) is None:
                    self.refresh_record_frame(dataset)
            con.execute(
                "INSERT INTO updates VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ok', ?)",
                [source, mode, started, datetime.now(timezone.utc).replace(tzinfo=None), stats.payloads,
                 stats.skipped, stats.rows_seen, stats.rows_added, message],
            )
            if os.environ.get("USTMON_TEST_CRASH_IN_INGEST"):
                # test hook: simulate a process killed in the middle of a transaction
                os._exit(17)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return stats

    def record_failure(self, source: str, mode: str, message: str) -> None:
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        self.con.execute(
            "INSERT INTO updates VALUES (?, ?, ?, ?, 0, 0, 0, 0, 'failed', ?)", [source, mode, now, now, message[:2000]]
        )

    def _upsert_catalog(self, payloads: list[Payload]) -> list[dict[str, float]]:
        """Upsert catalog entries; return per payload the unit factors to the catalog unit.

        The unit of a series already in the store is fixed: later payloads are
        converted to it (or refused if no conversion exists).
        """
        ids = sorted({sid for p in payloads for sid in p.result.series})
        units = dict(self.con.execute(
            "SELECT id, unit FROM series WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall())
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        rows: dict[str, tuple] = {}
        all_factors = []
        for p in payloads:
            factors: dict[str, float] = {}
            for sid, meta in p.result.series.items():
                target = units.setdefault(sid, meta.unit)
                f = conversion_factor(p.result.units.get(sid, meta.unit), target, series_id=sid)
                if f != 1.0:
                    factors[sid] = f
                rows[sid] = (sid, meta.title, meta.source, meta.dataset, meta.frequency, target, meta.url,
                             meta.attribution, meta.notes, now)  # later payloads' descriptions win
            all_factors.append(factors)
        if rows:
            cat = pa.Table.from_pylist([dict(zip(_SERIES_COLS, r)) for r in rows.values()])
            self.con.register("new_series", cat)
            try:
                self.con.execute("INSERT OR REPLACE INTO series SELECT * FROM new_series")
            finally:
                self.con.unregister("new_series")
        return all_factors

    def _ingest_batch(self, source: str, payloads: list[Payload], stats: IngestStats) -> None:
        con = self.con
        first_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM origins").fetchall()[0][0]
        stamps = _known_since_stamps(payloads)
        self._date_later_editions(payloads, stamps)
        # oldest payload first: the order of first sights and revisions, and of catalog descriptions
        order = sorted(range(len(payloads)), key=lambda k: (stamps[k].payload_date, k))
        payloads = [payloads[k] for k in order]
        stamps = [stamps[k] for k in order]
        factors = self._upsert_catalog(payloads)
        sid_parts, date_parts, value_parts, origin_parts = [], [], [], []
        pdate_parts, first_parts, pexact_parts, fexact_parts = [], [], [], []
        for i, p in enumerate(payloads):
            obs = p.result.observations
            n = len(obs)
            if not n:
                continue
            sids = obs["series_id"].to_numpy(dtype=object)
            values = obs["value"].to_numpy(dtype="float64")
            if factors[i]:
                f = pd.Series(sids).map(factors[i]).fillna(1.0).to_numpy()
                # round away binary noise from scaling (3247.382 * 1000 -> 3247382.0)
                values = np.round(values * f, 9)
            st = stamps[i]
            sid_parts.append(sids)
            date_parts.append(st.dates)
            value_parts.append(values)
            origin_parts.append(np.full(n, first_id + i, dtype="int64"))
            pdate_parts.append(st.pdate)
            first_parts.append(st.first)
            pexact_parts.append(st.pexact)
            fexact_parts.append(st.fexact)
        n_added = 0
        if sid_parts:
            sids_all = np.concatenate(sid_parts)
            stats.rows_seen += len(sids_all)
            cols = _dedup_batch(sids_all, np.concatenate(date_parts), np.concatenate(value_parts),
                                np.concatenate(origin_parts), np.concatenate(pdate_parts), np.concatenate(first_parts),
                                np.concatenate(pexact_parts), np.concatenate(fexact_parts))
            tbl = pa.table({
                "series_id": pa.array(cols["series_id"], type=pa.string()),
                "date": pa.array(cols["date"].astype("datetime64[D]"), type=pa.date32()),
                "value": pa.array(cols["value"], type=pa.float64(), from_pandas=True),
                "origin_id": pa.array(cols["origin_id"]),
                "pdate": pa.array(cols["pdate"].astype("datetime64[us]")),
                "first_ks": pa.array(cols["first"].astype("datetime64[us]")),
                "pexact": pa.array(cols["pexact"]),
                "fexact": pa.array(cols["fexact"]),
                "rn": pa.array(cols["rn"]),
                "ks": pa.array(cols["ks"].astype("datetime64[us]")),
            })
            con.register("new_obs", tbl)
            try:
                held = con.execute("SELECT count(*) FROM obs WHERE series_id IN (SELECT DISTINCT series_id FROM new_obs)"
                                   ).fetchall()[0][0]
                if not held:
                    # nothing stored for these series: every kept row is final as computed in the batch
                    con.execute("INSERT INTO obs (series_id, date, vintage, value, origin_id, exact) "
                                "SELECT series_id, date, ks, CASE WHEN isnan(value) THEN NULL ELSE value END, origin_id, "
                                "CASE WHEN rn = 1 THEN fexact ELSE pexact END FROM new_obs")
                    n_added = tbl.num_rows
                else:
                    self._check_unit_jumps(source, payloads)
                    n_added = self._insert_against_store()
                added_by_origin = dict(zip(*np.unique(cols["origin_id"], return_counts=True))) if not held else dict(
                    con.execute("SELECT origin_id, count(*) FROM obs WHERE origin_id >= ? GROUP BY origin_id",
                                [first_id]).fetchall())
            finally:
                con.unregister("new_obs")
        else:
            added_by_origin = {}
        stats.rows_added += n_added

        origin_rows: list[tuple] = []
        rec_parts: dict[str, list[pd.DataFrame]] = {}
        for i, p in enumerate(payloads):
            res = p.result
            vintage = stamps[i].payload_date
            for dataset, frame in res.records.items():
                if frame.empty:
                    continue
                keys = res.record_keys.get(dataset) or list(frame.columns[:1])
                key = frame[keys[0]].astype(str)
                for c in keys[1:]:
                    key = key + "|" + frame[c].astype(str)
                # a record is known from its own date (an auction's day) when the calendar has a rule,
                # never later than the payload's date: a mirror file's date says nothing of the past
                rec_vintage = np.full(len(frame), np.datetime64(vintage, "us"))
                known = record_known_since(dataset, frame)
                if known is not None:
                    k = known.to_numpy(dtype="datetime64[us]")
                    rec_vintage = np.where(np.isnat(k), rec_vintage, np.minimum(k, rec_vintage))
                rec_parts.setdefault(dataset, []).append(pd.DataFrame({
                    "key": key.to_numpy(dtype=object),
                    "payload": frame.to_json(orient="records", date_format="iso", lines=True).splitlines(),
                    "vintage": rec_vintage, "origin_id": first_id + i}))
            retrieved = p.retrieved_at.replace(tzinfo=None) if p.retrieved_at.tzinfo else p.retrieved_at
            origin_rows.append((first_id + i, source, res.origin, p.kind, p.mode, vintage, retrieved, p.sha256,
                                len(res.observations), int(added_by_origin.get(first_id + i, 0)),
                                "; ".join(res.notes)[:2000], stamps[i].est_last))
            stats.series += len(res.series)
        for dataset, parts in rec_parts.items():
            stats.records_added += self._ingest_records(dataset, pd.concat(parts, ignore_index=True), source)
        if origin_rows:  # one insert for all payloads (row-by-row inserts cost ~5 ms each)
            names = ["id", "source", "origin", "kind", "mode", "vintage", "retrieved_at", "sha256", "rows_seen",
                     "rows_added", "notes", "est_last_date"]
            types = [pa.int64(), pa.string(), pa.string(), pa.string(), pa.string(), pa.timestamp("us"),
                     pa.timestamp("us"), pa.string(), pa.int64(), pa.int64(), pa.string(), pa.date32()]
            tbl = pa.table({n: pa.array([r[k] for r in origin_rows], type=t) for k, (n, t) in enumerate(zip(names, types))})
            con.register("new_origins", tbl)
            try:
                con.execute(f"INSERT INTO origins ({', '.join(names)}) SELECT * FROM new_origins")
            finally:
                con.unregister("new_origins")
        stats.payloads += len(payloads)

    def _date_later_editions(self, payloads: list[Payload], stamps: list[_Stamps]) -> None:
        """Date a mirror file that is a later edition of one already held after that edition.

        Two undeclared mirror files whose latest observation is the same date
        (a publisher's file downloaded before and after a revision) get the same
        estimated date.  The second one's values can have been public only
        after the first's: its date (and the known-since of its revisions) moves
        to the next scheduled release after the first's date (release calendar),
        an estimate, so ``as_of`` between the two still returns the original.
        "Already held" means: in the store, or earlier in this batch, from a
        file with the same latest observation date holding values of one of the
        same series.  Files are taken in their order in the batch.
        """
        idx = [i for i, s in enumerate(stamps) if s.est_last is not None]
        if not idx:
            return
        series = {i: set(payloads[i].result.observations["series_id"].unique()) for i in idx}
        taken: dict[tuple, datetime] = {}
        if self._has_est_last():
            rows = self.con.execute(
                "SELECT d.series_id, og.est_last_date, max(og.vintage) FROM "
                "(SELECT DISTINCT series_id, origin_id FROM obs WHERE series_id IN (SELECT unnest(?::VARCHAR[]))) d "
                "JOIN origins og ON og.id = d.origin_id "
                "WHERE og.est_last_date IN (SELECT unnest(?::DATE[])) GROUP BY 1, 2",
                [sorted(set().union(*series.values())), sorted({stamps[i].est_last for i in idx})]).fetchall()
            taken = {(sid, last): pd.Timestamp(v).to_pydatetime() for sid, last, v in rows}
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for i in sorted(idx, key=lambda k: (stamps[k].payload_date, k)):
            st = stamps[i]
            held = [taken[(sid, st.est_last)] for sid in series[i] if (sid, st.est_last) in taken]
            if held and max(held) >= st.payload_date:
                _shift_payload_date(st, _later_edition_date(st, max(held), now))
            for sid in series[i]:
                key = (sid, st.est_last)
                taken[key] = max(taken.get(key, st.payload_date), st.payload_date)

    def _has_est_last(self) -> bool:
        if not hasattr(self, "_est_last_col"):
            self._est_last_col = bool(self.con.execute(
                "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'origins' AND column_name = 'est_last_date' "
                "AND database_name = current_database()").fetchall()[0][0])
        return self._est_last_col

    def _insert_against_store(self) -> int:
        """Insert the batch's rows (``new_obs``, already reduced to changes within the batch) against the store.

        A row is kept if its value differs from the value the store held on
        the payload's date (ASOF).  Its known-since: first sight of the date
        (nothing stored was known by the payload's date and it is the batch's
        first row of the date): min(calendar estimate, payload date); otherwise
        a revision: the payload's own date, never the calendar estimate.  Two
        rows of one date never share a known-since (a later one moves 1 us on).

        A payload older than the one a stored value came from (a mirror file
        of 2021 ingested after a live fetch of 2026) holds the earlier print:
        its differing value is a first sight, and the stored value, which had
        claimed the calendar estimate, is known only since its own payload's
        date from then on.
        """
        con = self.con
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE ingest_j AS
            WITH n AS (
                SELECT series_id, date, pdate, first_ks, pexact, fexact, origin_id, rn,
                       CASE WHEN isnan(value) THEN NULL ELSE value END AS value
                FROM new_obs),
            s AS (
                SELECT obs.series_id, obs.date, obs.vintage, obs.value, obs.origin_id, og.vintage AS opdate, og.mode
                FROM obs LEFT JOIN origins og ON og.id = obs.origin_id
                WHERE obs.series_id IN (SELECT DISTINCT series_id FROM new_obs)),
            m AS (
                SELECT n.*, o.series_id IS NOT NULL AS held, o.vintage AS o_ks, o.origin_id AS o_origin,
                       o.opdate, o.mode AS o_mode,
                       o.series_id IS NOT NULL AND o.opdate > n.pdate AS older
                FROM n
                ASOF LEFT JOIN s o
                  ON n.series_id = o.series_id AND n.date = o.date AND n.pdate >= o.vintage
                WHERE o.series_id IS NULL OR n.value IS DISTINCT FROM o.value)
            SELECT series_id, date, value, origin_id, pdate,
                   CASE WHEN rn = 1 AND (NOT held OR older) THEN first_ks
                        WHEN o_ks >= pdate THEN o_ks + INTERVAL 1 MICROSECOND
                        ELSE pdate END AS ks,
                   CASE WHEN rn = 1 AND (NOT held OR older) THEN fexact ELSE pexact END AS exact,
                   older AND o_ks < opdate AS restamp, o_ks, o_origin, opdate, o_mode
            FROM m
            """
        )
        try:
            n = con.execute(
                """
                INSERT INTO obs (series_id, date, vintage, value, origin_id, exact)
                WITH k AS (SELECT *, lag(ks) OVER (PARTITION BY series_id, date ORDER BY pdate, origin_id) AS prev_ks
                           FROM ingest_j)
                SELECT series_id, date,
                       CASE WHEN prev_ks IS NOT NULL AND ks <= prev_ks THEN prev_ks + INTERVAL 1 MICROSECOND ELSE ks END,
                       value, origin_id, exact
                FROM k
                """
            ).fetchall()[0][0]
            con.execute(
                """
                UPDATE obs SET vintage = r.opdate, exact = (r.o_mode = 'live')
                FROM (SELECT DISTINCT series_id, date, o_ks, o_origin, opdate, o_mode FROM ingest_j WHERE restamp) r
                WHERE obs.series_id = r.series_id AND obs.date = r.date AND obs.vintage = r.o_ks
                  AND obs.origin_id = r.o_origin
                """
            )
        finally:
            con.execute("DROP TABLE IF EXISTS ingest_j")
        return n

    def _check_unit_jumps(self, source: str, payloads: list[Payload]) -> None:
        """Refuse values ~1000x off the stored ones on the same dates (an undeclared unit change)."""
        rows = self.con.execute(
            """
            WITH latest AS (
                SELECT series_id, date, arg_max(value, vintage) AS value FROM obs
                WHERE series_id IN (SELECT DISTINCT series_id FROM new_obs) GROUP BY series_id, date)
            SELECT n.series_id, n.origin_id, median(abs(n.value) / abs(l.value)) AS ratio, count(*) AS n
            FROM new_obs n JOIN latest l ON l.series_id = n.series_id AND l.date = n.date
            WHERE l.value IS NOT NULL AND l.value <> 0 AND NOT isnan(n.value) AND n.value <> 0
            GROUP BY n.series_id, n.origin_id
            HAVING ratio > ? OR ratio < ?
            """,
            [_UNIT_JUMP, 1.0 / _UNIT_JUMP],
        ).fetchall()
        if rows:
            sid, origin_id, ratio, n = rows[0]
            first_id = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM origins").fetchall()[0][0]
            origin = payloads[int(origin_id) - first_id].result.origin
            raise UnitMismatchError(
                f"{source}: {origin}: series {sid}: values are {ratio:,.4g}x the stored ones on {n} common dates; "
                f"a unit change (e.g. billions vs millions)? Nothing was stored."
            )

    def _ingest_records(self, dataset: str, new: pd.DataFrame, source: str) -> int:
        """Add one dataset's records from all payloads of a batch (key, payload JSON, vintage, origin_id).

        A record is kept if it differs from the previous version of its key
        in the batch (payload-date order) or, for the batch's first version,
        from the latest stored one.
        """
        self.con.register("new_rec", new)
        try:
            return self.con.execute(
                """
                INSERT INTO records
                WITH b AS (
                    SELECT key, payload, vintage, origin_id, row_number() OVER w AS rn, lag(payload) OVER w AS prev
                    FROM new_rec WINDOW w AS (PARTITION BY key ORDER BY vintage, origin_id)),
                n AS (SELECT * FROM b WHERE rn = 1 OR payload <> prev)
                SELECT ?, n.key, n.vintage, n.payload, n.origin_id, ? FROM n
                LEFT JOIN (SELECT key, arg_max(payload, vintage) AS payload FROM records WHERE dataset = ? GROUP BY key) r
                  ON r.key = n.key
                WHERE r.key IS NULL OR n.rn > 1 OR r.payload <> n.payload
                """,
                [dataset, source, dataset],
            ).fetchall()[0][0]
        finally:
            self.con.unregister("new_rec")


@dataclass
class _Stamps:
    """Known-since inputs of one payload's rows (numpy arrays aligned with its observations)."""

    payload_date: datetime  # the payload's own date: declared release, retrieval time, or the file's estimated date
    dates: np.ndarray  # observation dates, datetime64[ns]
    pdate: np.ndarray  # date a revision in this row counts from (payload date, or the row's own vintage)
    first: np.ndarray  # known-since if the row is the first sight of its date
    pexact: np.ndarray  # pdate is a published or observed date, not an estimate
    fexact: np.ndarray  # first is such a date
    #: a mirror file dated by estimate: its latest valued observation date and the calendar key
    #: (source, dataset, frequency) of that observation's series; None when the date is declared or observed
    est_last: object = None
    est_key: tuple | None = None


def _naive(ts) -> datetime:
    t = pd.Timestamp(ts)
    if t.tzinfo is not None:
        t = t.tz_convert("UTC").tz_localize(None)
    return t.to_pydatetime()


def _known_since_stamps(payloads: list[Payload]) -> list[_Stamps]:
    """Per payload: when it was published and when each of its values was first known.

    * payload date: the release date the payload declares (exact), else its
      retrieval time when fetched live (exact), else for a mirror or snapshot
      file the calendar's release estimate of its latest valued observation
      (not the file's modification time, which a checkout resets), capped at
      now;
    * a value's first-sight known-since: min(calendar estimate for its
      period, payload date); a row's own ``vintage`` (ALFRED's
      ``realtime_start``) overrides both and is exact.
    """
    from .release_calendar import estimate_days, rule_for

    now = datetime.now(timezone.utc).replace(tzinfo=None)
    out: list[_Stamps] = []
    for p in payloads:
        res = p.result
        obs = res.observations
        n = len(obs)
        dates = pd.to_datetime(obs["date"]).to_numpy(dtype="datetime64[ns]") if n else np.array([], "datetime64[ns]")
        est = np.empty(n, dtype="datetime64[ns]")
        if n:
            sids = obs["series_id"].to_numpy(dtype=object)
            codes, uniq = pd.factorize(sids)
            groups: dict[tuple, list[int]] = {}
            for k, sid in enumerate(uniq):
                m = res.series.get(sid)
                key = (m.source, m.dataset, m.frequency) if m is not None else (res.source, None, None)
                groups.setdefault(key, []).append(k)
            day = dates.astype("datetime64[D]")
            keys = np.empty(n, dtype=np.int64)
            key_list = list(groups)
            for g, (key, ks) in enumerate(groups.items()):
                mask = np.isin(codes, ks) if len(groups) > 1 else np.ones(n, dtype=bool)
                est[mask] = estimate_days(rule_for(*key), key[2], day[mask]).astype("datetime64[ns]")
                keys[mask] = g
        exact_payload = True
        est_last = est_key = None
        if res.vintage is not None:
            pdate = _naive(res.vintage)
        elif p.mode == "live" or not n:
            pdate = _naive(p.retrieved_at)
        else:
            valued = ~np.isnan(obs["value"].to_numpy(dtype="float64"))
            pool = np.flatnonzero(valued) if valued.any() else np.arange(n)
            top = pool[np.argmax(est[pool])]
            pdate = min(pd.Timestamp(est[top]).to_pydatetime(), now)
            exact_payload = False
            if p.mode == "mirror":
                est_last, est_key = pd.Timestamp(dates[top]).date(), key_list[keys[top]]
        pd64 = np.datetime64(pdate, "ns")
        pdates = np.full(n, pd64)
        first = np.minimum(est, pd64)
        fexact = np.full(n, exact_payload) & (first == pd64)
        pexact = np.full(n, exact_payload)
        if n and "vintage" in obs.columns:
            v = pd.to_datetime(obs["vintage"]).to_numpy(dtype="datetime64[ns]")
            has = ~np.isnat(v)
            pdates = np.where(has, v, pdates)
            first = np.where(has, v, first)
            row_exact = p.mode != "snapshot"
            if "exact" in obs.columns:
                fexact = np.where(has, obs["exact"].fillna(False).to_numpy(dtype=bool), fexact)
                pexact = np.where(has, obs["exact"].fillna(False).to_numpy(dtype=bool), pexact)
            else:
                fexact = np.where(has, row_exact, fexact)
                pexact = np.where(has, row_exact, pexact)
        out.append(_Stamps(pdate, dates, pdates, first, pexact.astype(bool), fexact.astype(bool), est_last, est_key))
    return out


_NO_ORIGIN = object()


def _later_edition_date(st: _Stamps, after: datetime, now: datetime) -> datetime:
    """Earliest date a later edition of a file can have been public: the next scheduled release after ``after``.

    ``after`` is the known-since of the edition already held (same latest
    observation).  Never in the future: past ``now`` it is ``after`` + 1 us.
    """
    from .release_calendar import next_release_after, rule_for

    nxt = next_release_after(rule_for(*st.est_key), st.est_key[2], st.est_last, after).to_pydatetime()
    if nxt > now:
        return max(now, after + pd.Timedelta(microseconds=1).to_pytimedelta())
    return nxt


def _shift_payload_date(st: _Stamps, new: datetime) -> None:
    """Move a payload's date (and the revision date of its rows without their own vintage) to ``new``."""
    old64, new64 = np.datetime64(st.payload_date, "ns"), np.datetime64(new, "ns")
    st.pdate = np.where(st.pdate == old64, new64, st.pdate)
    st.payload_date = new


def _decode_json_lines(text: str | None) -> pd.DataFrame:
    """JSON lines (one flat object per line) -> the frame ``pd.DataFrame([json.loads(l) for l in lines])`` gives."""
    if not text:
        return pd.DataFrame()
    tbl = _decode_json_table(text)
    if tbl is not None:
        return tbl.to_pandas()
    return pd.DataFrame([json.loads(line) for line in text.split("\n")])


def _decode_json_table(text: str | None) -> pa.Table | None:
    """JSON lines as one flat Arrow table (ISO dates kept as text), or None when they do not fit one."""
    if not text:
        return None
    import pyarrow.json as pj

    buf = text.encode("utf-8")
    opts = pj.ReadOptions(use_threads=False, block_size=max(1 << 20, len(buf) + 1))
    try:
        tbl = pj.read_json(io.BytesIO(buf), read_options=opts)
        text_like = [f for f in tbl.schema if pa.types.is_timestamp(f.type) or pa.types.is_date(f.type)
                     or pa.types.is_time(f.type)]
        if text_like:  # Arrow reads ISO date strings as timestamps: keep them text, as json.loads does
            schema = pa.schema([pa.field(f.name, pa.string()) if f in text_like else f for f in tbl.schema])
            tbl = pj.read_json(io.BytesIO(buf), read_options=opts,
                               parse_options=pj.ParseOptions(explicit_schema=schema))
        flat = all(not (pa.types.is_nested(f.type) or pa.types.is_dictionary(f.type)) for f in tbl.schema)
        if flat:
            return tbl
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass  # mixed types within a field, very large integers ...: the caller decodes row by row
    return None


def _payload_vintage(p: Payload) -> datetime:
    """A payload's own date as the store computes it (declared, retrieved, or estimated): the batch order."""
    return _known_since_stamps([p])[0].payload_date


def _dedup_batch(sids, dates, values, origins, pdates, first, pexact, fexact) -> dict[str, np.ndarray]:
    """Within one batch, per (series, date) in payload-date order: keep the first row and each change of value.

    Returns the kept rows with ``rn`` (1 = the batch's first row of its date)
    and ``ks``, the known-since they get if the store holds nothing earlier:
    ``first`` for the first row, the payload date for a change, moved 1 us
    past the previous kept row's if it would not be later.
    """
    codes, _ = pd.factorize(sids)
    d = dates.astype("datetime64[ns]").view("int64")
    pdi = pdates.astype("datetime64[ns]").view("int64")
    order = np.lexsort((origins, pdi, d, codes))
    codes, d = codes[order], d[order]
    same = np.zeros(len(order), dtype=bool)
    same[1:] = (codes[1:] == codes[:-1]) & (d[1:] == d[:-1])
    v = values[order]
    nan = np.isnan(v)
    changed = np.ones(len(order), dtype=bool)
    changed[1:] = ~((v[1:] == v[:-1]) | (nan[1:] & nan[:-1]))
    keep = ~same | changed
    idx = order[keep]
    rn = np.where(same[keep], 2, 1).astype("int64")
    fi = first.astype("datetime64[ns]").view("int64")[idx]
    pk = pdi[idx]
    ks = np.where(rn == 1, fi, pk)
    same_k = np.zeros(len(idx), dtype=bool)
    same_k[1:] = (codes[keep][1:] == codes[keep][:-1]) & (d[keep][1:] == d[keep][:-1])
    if same_k.any():  # strictly increasing known-since within a date (rare: repeated identical payload dates)
        for _ in range(8):
            prev = np.r_[ks[:1], ks[:-1]]
            bump = same_k & (ks <= prev)
            if not bump.any():
                break
            ks = np.where(bump, prev + 1000, ks)  # + 1 us
    return {"series_id": sids[idx], "date": dates[idx], "value": values[idx], "origin_id": origins[idx],
            "pdate": pdates[idx], "first": first[idx], "pexact": pexact[idx], "fexact": fexact[idx], "rn": rn,
            "ks": ks.view("datetime64[ns]")}


def _add_columns(con) -> None:
    """Columns added after a store's creation (stores made by earlier versions get them on open)."""
    con.execute("ALTER TABLE obs ADD COLUMN IF NOT EXISTS exact BOOLEAN")
    # the latest observation date a mirror file's date was estimated from (NULL: declared or observed date)
    con.execute("ALTER TABLE origins ADD COLUMN IF NOT EXISTS est_last_date DATE")


def _as_of_bound(as_of) -> datetime:
    """Vintages strictly before the day after ``as_of`` were known on ``as_of``."""
    return (pd.Timestamp(as_of).normalize() + pd.Timedelta(days=1)).to_pydatetime()
