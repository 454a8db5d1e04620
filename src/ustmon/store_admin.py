"""Store administration: check a store, repair a damaged one, keep a backup of the last good one.

* :func:`check` opens the store read-only and reads every table in full
  (DuckDB verifies each block's checksum as it reads), so a truncated or
  byte-flipped file is found before a command trips over it.  It returns a
  list of problems (empty = healthy).
* :func:`repair` moves the damaged file aside (``<name>.damaged-<time>``, never
  deleted) and builds a fresh store in its place: from the newest backup that
  passes :func:`check` when there is one, else by copying every table that can
  still be read, else empty (``ustmon update`` then rebuilds it from the
  publishers, the mirror or the bundled snapshot).  The new store is built in
  a temporary file and renamed into place.
* :func:`backup` copies the store to ``<store folder>/backups/`` after a
  checkpoint (so the copy is self-contained) and keeps the newest
  :data:`KEEP_BACKUPS`.  A copy of an 11 MB store (the whole shared mirror)
  takes well under a second; the cost is one file copy, so calling it once
  before each update is cheap.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from .store import _TABLES, SCHEMA, StoreError, _add_columns, _is_lock_error

#: how many backups :func:`backup` keeps per store
KEEP_BACKUPS = 2


@dataclass
class RepairOutcome:
    path: Path
    moved_to: Path | None
    method: str  # "backup", "salvage", "empty" or "healthy"
    tables: dict[str, int] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)


def backups_dir(path: Path) -> Path:
    return Path(path).parent / "backups"


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def check(path: Path | str) -> list[str]:
    """Problems found in the store at ``path`` (empty list = healthy)."""
    path = Path(path)
    if not path.exists():
        return [f"no store at {path}"]
    if path.is_dir():
        return [f"{path} is a folder, not a store file"]
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        if _is_lock_error(str(exc)):
            return [f"store {path} is in use by another ustmon process (try again when it ends)"]
        return [f"cannot open {path}: {_first_line(exc)}"]
    problems: list[str] = []
    try:
        have = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        missing = sorted(_TABLES - have)
        if missing:
            problems.append(f"tables missing: {', '.join(missing)} (creation interrupted?)")
        for t in sorted(_TABLES & have):
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main'",
                [t]).fetchall()]
            # touch every column of every row: each block is read and its checksum verified
            agg = "sum(hash(" + ", ".join(f'"{c}"' for c in cols) + ")::HUGEINT)" if cols else "0"
            try:
                con.execute(f'SELECT count(*), {agg} FROM "{t}"').fetchall()
            except duckdb.Error as exc:
                problems.append(f"table {t} cannot be read: {_first_line(exc)}")
    except duckdb.Error as exc:
        problems.append(f"cannot read the catalog of {path}: {_first_line(exc)}")
    finally:
        try:
            con.close()
        except duckdb.Error:
            pass
    return problems


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]


def backup(path: Path | str, *, keep: int = KEEP_BACKUPS) -> Path | None:
    """Copy the store at ``path`` to its ``backups/`` folder; return the copy (None if there is no store).

    Call it before an update opens the store for writing (after any reader
    closed it): it checkpoints the store so the copy holds everything, copies
    to a temporary name and renames, then prunes all but the newest ``keep``.
    A store that fails :func:`check` is not copied (a backup must be good).
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with duckdb.connect(str(path)) as con:
            con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        if _is_lock_error(str(exc)):
            return None  # another process is writing; its own update takes the backup
        raise StoreError(f"store {path}: not backed up, it cannot be opened ({_first_line(exc)}); "
                         f"run `ustmon store check`") from None
    problems = check(path)
    if problems:
        raise StoreError(f"store {path}: not backed up, it is damaged ({problems[0]}); run `ustmon store repair`")
    d = backups_dir(path)
    d.mkdir(parents=True, exist_ok=True)
    target = d / f"{path.stem}.{_stamp()}{path.suffix}"
    tmp = target.with_name(target.name + ".partial")
    shutil.copyfile(path, tmp)
    os.replace(tmp, target)
    for old in list_backups(path)[keep:]:
        try:
            old.unlink()
        except OSError:
            pass
    return target


def list_backups(path: Path | str) -> list[Path]:
    """Backups of the store at ``path``, newest first."""
    path = Path(path)
    d = backups_dir(path)
    if not d.is_dir():
        return []
    return sorted((p for p in d.glob(f"{path.stem}.*{path.suffix}") if not p.name.endswith(".partial")),
                  key=lambda p: p.name, reverse=True)


def repair(path: Path | str) -> RepairOutcome:
    """Put a working store at ``path``, keeping the damaged file aside (see the module docstring)."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store file")
    if path.exists() and not check(path):
        return RepairOutcome(path, None, "healthy")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.repairing")
    outcome = RepairOutcome(path, None, "empty")
    try:
        good = next((b for b in list_backups(path) if not check(b)), None)
        if good is not None:
            shutil.copyfile(good, tmp)
            outcome.method = "backup"
            with duckdb.connect(str(tmp)) as con:
                con.execute(SCHEMA)
                _add_columns(con)
                outcome.tables = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in sorted(_TABLES)}
        else:
            with duckdb.connect(str(tmp)) as con:
                con.execute(SCHEMA)
                _add_columns(con)
                if path.exists():
                    outcome.method = "salvage"
                    _salvage_into(con, path, outcome)
                con.execute("CHECKPOINT")
        if path.exists():
            moved = path.with_name(f"{path.name}.damaged-{_stamp()}")
            os.replace(path, moved)
            outcome.moved_to = moved
            wal = path.with_name(path.name + ".wal")
            if wal.exists():
                os.replace(wal, moved.with_name(moved.name + ".wal"))
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
    return outcome


def _salvage_into(con: duckdb.DuckDBPyConnection, damaged: Path, outcome: RepairOutcome) -> None:
    try:
        con.execute(f"ATTACH '{str(damaged).replace(chr(39), chr(39) * 2)}' AS damaged (READ_ONLY)")
    except duckdb.Error:
        outcome.method = "empty"
        outcome.lost = sorted(_TABLES)
        return
    try:
        for t in sorted(_TABLES):
            try:
                # by name: the damaged store may have more columns (added after creation) or fewer (older)
                con.execute(f'INSERT INTO "{t}" BY NAME SELECT * FROM damaged."{t}"')
                outcome.tables[t] = con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0]
            except duckdb.Error:
                con.execute(f'DELETE FROM "{t}"')
                outcome.lost.append(t)
    finally:
        con.execute("DETACH damaged")


__all__ = ["check", "repair", "backup", "list_backups", "RepairOutcome", "KEEP_BACKUPS"]
