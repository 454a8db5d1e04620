"""One context for every entry point: which store is read, and how dates given by a user are read.

The command line (every command, the report, ``ustmon hedge``), the Python API (``ustmon.get``) and the
analytics' :class:`~ustmon.analytics.base.Data` resolve the store the same way, in this order:

1. an explicit path (``ustmon --store X ...``, ``ustmon.get(..., store=X)``, ``Data(X)``);
2. the ``USTMON_STORE`` environment variable;
3. ``$USTMON_HOME/ustmon.duckdb`` (``USTMON_HOME`` defaults to the user data folder).

Dates typed by a user (``--as-of``, ``--start``, ``--date``) are read by :func:`parse_date`, which turns a bad
one into a one-line :class:`BadOptionError` naming the option, never a traceback.

This module imports no third-party package at import time (the CLI imports it before every command).
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UstmonError

#: set by the CLI's ``--store`` option for the duration of one command (see :func:`use_store`)
_cli_store: Path | None = None


class BadOptionError(UstmonError):
    """A value given on the command line (or to the API) cannot be read: names the option and the value."""


def use_store(path: Path | str | None) -> None:
    """Make ``path`` the store of the current command (``ustmon --store X``); ``None`` clears it."""
    global _cli_store
    _cli_store = None if path is None else Path(path).expanduser()


def store_path(store: Path | str | None = None) -> Path:
    """The store to read: ``store`` if given, else ``--store``, else ``USTMON_STORE``, else ``$USTMON_HOME``'s."""
    if store:
        return Path(store).expanduser()
    if _cli_store is not None:
        return _cli_store
    env = os.environ.get("USTMON_STORE")
    if env:
        return Path(env).expanduser()
    from .store import default_store_path

    return default_store_path()


def parse_date(value, option: str = "date"):
    """``value`` as a ``pd.Timestamp`` (``None`` stays ``None``); an unreadable date raises :class:`BadOptionError`."""
    if value is None:
        return None
    import pandas as pd

    if isinstance(value, pd.Timestamp):
        return value
    shown = repr(str(value)[:40].encode("ascii", "backslashreplace").decode())  # data, never markup or escapes
    try:
        ts = pd.Timestamp(value.strip() if isinstance(value, str) else value)
    except (ValueError, TypeError, OverflowError):
        ts = pd.NaT
    # pandas' own range, and no year 1 or 9999 typo taken for a date ustmon has data for
    if ts is pd.NaT or ts != ts or not (pd.Timestamp("1700-01-01") <= ts <= pd.Timestamp("2261-12-31")):
        raise BadOptionError(f"{option}: cannot read {shown} as a date (use YYYY-MM-DD)")
    if option.lstrip("-").replace("-", "_") in _NOT_AFTER_TODAY:
        today = pd.Timestamp.now().normalize()
        if (ts.tz_localize(None) if ts.tzinfo else ts).normalize() > today:
            raise BadOptionError(f"{option}: {ts:%Y-%m-%d} is after today ({today:%Y-%m-%d}): nothing published then "
                                 f"is known yet")
    return ts


#: date options that say when data were known or where a history starts: a day after today is a typo
_NOT_AFTER_TODAY = ("as_of", "start", "since")
