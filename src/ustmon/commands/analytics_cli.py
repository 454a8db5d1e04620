"""Command-line views of the analytics, generated from the view registry (:mod:`ustmon.views`).

One command per group (``ustmon holders``, ``ustmon foreign``, ...) with the view as its argument (default:
the group's first), ``--as-of``, ``--start``, ``--format table|csv|json``, ``--tail`` and ``--list`` (each
view's columns and units).  Every result is checked against its declaration (:func:`ustmon.views.run_view`)
and printed with its units and provenance (:mod:`ustmon.render.table`).  Only the registry's names are read
here; a group's analytics module is imported when its command runs.
"""

from __future__ import annotations

from typing import Optional

import typer

from ..render.console import check_format, console, handle_errors, parse_date, store_path
from ..views import GROUPS


def list_views(group: str) -> None:
    """Print each view of ``group`` with its summary, then one line per column: name, unit and what it is
    (pattern columns in <>, columns present only with an optional input marked)."""
    from ..views import views_of

    out = console()
    for vs in views_of(group):
        out.print(f"{vs.name}: {vs.summary}", highlight=False)
        if vs.index:
            out.print(f"    index: {vs.index}", highlight=False)
        for c in vs.columns:
            name = f"<{c.name}>" if c.pattern else c.name
            unit = f" ({c.unit})" if c.unit else ""
            when = " [only when its input is stored]" if c.optional else ""
            out.print(f"    {name}{unit}: {c.description}{when}", highlight=False, soft_wrap=True)


def run(group: str, view: str | None, *, as_of: str | None, start: str | None, fmt: str, tail: int) -> None:
    from ..analytics.base import Data
    from ..render.table import render
    from ..update import ensure_store
    from ..views import run_view, spec

    check_format(fmt)
    vs = spec(group, view)
    as_of_ts, start_ts = parse_date(as_of, "--as-of"), parse_date(start, "--start")
    path = ensure_store(store_path())
    with Data(path, as_of=as_of_ts, start=start_ts) as data:
        result = run_view(group, vs.name, data)
    render(result, fmt, console(), f"ustmon {group} {vs.name}", tail=tail if fmt == "table" else 0)


def _command(group: str):
    @handle_errors
    def command(
        view: Optional[str] = typer.Argument(None, help="Which view (default: the first). `--list` shows them."),
        as_of: Optional[str] = typer.Option(None, "--as-of", help="As known on this date (vintages)."),
        start: Optional[str] = typer.Option(None, "--start", help="First date shown."),
        fmt: str = typer.Option("table", "--format", help="table, csv or json"),
        tail: int = typer.Option(24, "--tail", help="Rows in table format (0 = all)."),
        list_: bool = typer.Option(False, "--list", help="List the views of this command with their columns."),
    ) -> None:
        if list_:
            list_views(group)
            return
        run(group, view, as_of=as_of, start=start, fmt=fmt, tail=tail)

    command.__doc__ = GROUPS[group]
    return command


def register(app: typer.Typer) -> None:
    """Add one command per registry group to the main app."""
    for group, summary in GROUPS.items():
        app.command(name=group, help=summary)(_command(group))
