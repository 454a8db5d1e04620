"""Command-line views of the analytics: ``ustmon holders``, ``ustmon foreign``, ... .

Each analytics module exposes ``VIEWS``: an ordered mapping of view name to a
function ``(data: Data) -> DataFrame`` (the first is the default) and
``SUMMARY``, one line of help.  This module turns every one into a command
with ``--as-of``, ``--start`` and ``--format table|csv|json``, and prints the
provenance (sources, series, units, latest observation, vintage) under every
table.
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Optional

import typer

#: command -> analytics module (imported only when the command runs)
COMMANDS: dict[str, tuple[str, str]] = {
    "holders": ("ustmon.analytics.holders", "Who holds Treasuries: sectors, marginal buyer, Fed/QT, banks, money funds."),
    "foreign": ("ustmon.analytics.foreign", "Foreign holders (TIC): official vs private, by country, Cayman under-count."),
    "fiscal": ("ustmon.analytics.fiscal", "Receipts, outlays, deficit; year-on-year contributions; interest cost."),
    "supply": ("ustmon.analytics.supply", "Debt by type, bill share, maturity wall, net issuance, supply gap."),
    "auctions": ("ustmon.analytics.auctions", "Auction results: size, stop-out, bid-to-cover, allotments, tails."),
    "curve": ("ustmon.analytics.curve", "Yields by tenor, spreads, inversion spells, volatility."),
    "funding": ("ustmon.analytics.funding", "SOFR vs IORB and ON RRP, RRP, reserves, TGA, standing repo."),
    "basis": ("ustmon.analytics.basis", "Leveraged funds' Treasury futures positioning (CFTC TFF): the basis trade."),
}


def load_views(command: str) -> dict:
    module = importlib.import_module(COMMANDS[command][0])
    return module.VIEWS


def render(df, fmt: str, console, title: str) -> None:
    """Print an analysis result with its units and provenance."""
    import pandas as pd

    from ..cli import fmt_value

    out = df.reset_index() if isinstance(df.index, pd.DatetimeIndex) or df.index.name else df
    if fmt == "csv":
        sys.stdout.write(out.to_csv(index=False, date_format="%Y-%m-%d", float_format="%.10g"))
        return
    if fmt == "json":
        payload = {
            "description": df.attrs.get("description", ""),
            "units": df.attrs.get("units", {}),
            "provenance": _jsonable(df.attrs.get("provenance", {})),
            "data": json.loads(out.to_json(orient="records", date_format="iso")),
        }
        sys.stdout.write(json.dumps(payload, indent=1, default=str) + "\n")
        return
    from rich.table import Table

    units = df.attrs.get("units", {})
    t = Table(title=title)
    for c in out.columns:
        label = f"{c} ({units[c]})" if c in units else str(c)
        t.add_column(label, justify="right" if pd.api.types.is_numeric_dtype(out[c]) else "left", overflow="fold")
    for _, row in out.iterrows():
        cells = []
        for v in row:
            if isinstance(v, pd.Timestamp):
                cells.append(v.strftime("%Y-%m-%d"))
            elif isinstance(v, float):
                cells.append(fmt_value(round(v, 2 if abs(v) >= 100 else 4)))
            else:
                cells.append("" if v is None else str(v))
        t.add_row(*cells)
    console.print(t)
    if df.attrs.get("description"):
        console.print(df.attrs["description"], highlight=False)
    prov = df.attrs.get("provenance", {})
    if prov:
        ids = ", ".join(sorted(prov.get("series", {}))[:12])
        more = len(prov.get("series", {})) - 12
        line = f"Sources: {'; '.join(prov.get('sources', []))}. Series: {ids}{f' and {more} more' if more > 0 else ''}."
        line += f" Latest observation {prov.get('latest_observation')}; vintage {str(prov.get('latest_vintage'))[:10]}"
        if prov.get("as_of"):
            line += f"; as of {prov['as_of']}"
        if "snapshot" in prov.get("modes", []):
            line += "; data from ustmon's bundled offline snapshot"
        console.print(line + ".", highlight=False)
    if df.attrs.get("method"):
        console.print(f"Method: {df.attrs['method']}", highlight=False)


def _jsonable(prov: dict) -> dict:
    return json.loads(json.dumps(prov, default=str))


def register(app: typer.Typer) -> None:
    """Add one command per analytics module to the main app."""
    from ..cli import _check_format, _console, _parse_date, _store_path, handle_errors

    for command, (_, summary) in COMMANDS.items():

        def make(command: str):
            @handle_errors
            def run(
                view: Optional[str] = typer.Argument(None, help="Which view (default: the first). `--list` shows them."),
                as_of: Optional[str] = typer.Option(None, "--as-of", help="As known on this date (vintages)."),
                start: Optional[str] = typer.Option(None, "--start", help="First date shown."),
                fmt: str = typer.Option("table", "--format", help="table, csv or json"),
                tail: int = typer.Option(24, "--tail", help="Rows in table format (0 = all)."),
                list_views: bool = typer.Option(False, "--list", help="List the views of this command."),
            ) -> None:
                from ..errors import UstmonError
                from ..update import ensure_store
                from ..analytics.base import Data

                _check_format(fmt)
                views = load_views(command)
                if list_views:
                    for name, fn in views.items():
                        doc = (fn.__doc__ or "").strip().splitlines()
                        _console().print(f"{name}: {doc[0] if doc else ''}", highlight=False)
                    return
                name = view or next(iter(views))
                if name not in views:
                    raise UstmonError(f"`ustmon {command}` has no view {name!r}; views: {', '.join(views)}")
                path = ensure_store(_store_path())
                with Data(path, as_of=_parse_date(as_of, "--as-of"), start=_parse_date(start, "--start")) as data:
                    df = views[name](data)
                shown = df.tail(tail) if (fmt == "table" and tail) else df
                if fmt == "table":
                    shown.attrs = df.attrs
                render(shown, fmt, _console(), f"ustmon {command} {name}")

            run.__doc__ = summary
            return run

        app.command(name=command, help=summary)(make(command))
