"""The ``ustmon`` command line.

Thin layer over :mod:`ustmon.update`, :mod:`ustmon.store` and the analytics.
Heavy imports (pandas, duckdb) happen inside commands so ``ustmon show`` starts fast.
Expected failures print one line (``error: ...``) and exit 1, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperGroup

# the console and the error boundary live below every interface (ustmon.render.console); these names stay
# importable from here for existing callers
from .render.console import FORMATS, fmt_value, handle_errors, safe_text
from .render.console import _chain  # noqa: F401
from .render.console import check_format as _check_format
from .render.console import console as _console
from .render.console import err as _err
from .render.console import expected_failure as _expected_failure
from .render.console import make_console as _make_console  # noqa: F401
from .render.console import parse_date as _parse_date
from .render.console import store_path as _store_path
from .render.console import styled as _styled


class _Commands(TyperGroup):
    """The main command group: the commands defined in this module plus :data:`LAZY_COMMANDS`, loaded on use."""

    def list_commands(self, ctx):
        names = list(super().list_commands(ctx))
        return names + [n for n in LAZY_COMMANDS if n not in names]

    def get_command(self, ctx, name):
        cmd = super().get_command(ctx, name)
        if cmd is None and name in LAZY_COMMANDS:
            if getattr(self, "_listing", False):
                # the main help lists it by its summary: importing plotting and model fitting (a second or
                # more) only to print one line is not worth it
                return type(self)(name=name, help=LAZY_COMMANDS[name][2])
            cmd = _load_lazy(name)
            self.add_command(cmd, name)
        return cmd

    def format_help(self, ctx, formatter):
        self._listing = True
        try:
            return super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    cls=_Commands,
    help="ustmon: monitor the US Treasury market from official public data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
snapshot_app = typer.Typer(help="Build or inspect the bundled offline snapshot.", no_args_is_help=True)
app.add_typer(snapshot_app, name="snapshot")

#: commands that may create a store; every other command only reads one
_WRITING_COMMANDS = {"update", "store", "snapshot"}


@app.callback()
def main(
    ctx: typer.Context,
    store: Optional[Path] = typer.Option(None, "--store", help="Store file (default: $USTMON_STORE, else "
                                         "$USTMON_HOME/ustmon.duckdb)."),
) -> None:
    from . import context

    if store is not None:
        problem = None
        if store.is_dir():
            problem = f"--store {store} is a folder; give a store file such as {store / 'ustmon.duckdb'}"
        elif not store.exists() and ctx.invoked_subcommand not in _WRITING_COMMANDS:
            problem = (f"--store {store}: no store there (read-only commands never create one); "
                       f"run `ustmon --store {store} update` first, or check the path")
        if problem:
            _err(problem)
            raise typer.Exit(1)
    context.use_store(store)
    ctx.call_on_close(lambda: context.use_store(None))  # the next command (or API call) starts afresh


def _snapshot_note(store_path: Path) -> str | None:
    from .store import Store

    with Store.open(store_path, read_only=True) as st:
        info = st.get_meta("snapshot")
        modes = {r[0] for r in st.con.execute("SELECT DISTINCT mode FROM updates WHERE status = 'ok'").fetchall()}
    if info and modes <= {"snapshot"}:
        d = json.loads(info)
        return f"Data from ustmon's bundled offline snapshot (data to {d['data_to']}, built {d['built_at'][:10]})."
    return None


# --------------------------------------------------------------------------- update
@app.command()
@handle_errors
def update(
    sources: Optional[List[str]] = typer.Argument(None, help="Sources to update (default: all). See `ustmon status`."),
    mirror: Optional[Path] = typer.Option(None, "--mirror",
                                          help="Read files from this directory (layout of shared/data) instead of HTTP. "
                                               "USTMON_MIRROR, when set, is only the fallback for sources whose host "
                                               "cannot be reached (and what --offline reads)."),
    since: Optional[str] = typer.Option(None, "--since", help="Only request data from this date (live sources)."),
    offline: bool = typer.Option(False, "--offline", help="Do not use the network: mirror if given, else the bundled snapshot."),
) -> None:
    """Fetch new data (live, or from --mirror) and add it to the store with vintages.

    A file or response that fails is reported on one line and left out; the rest of its source goes in.

    Exit status: 0 all went in; 1 something failed (see the `failed` column); 3 nothing failed but a source's host was unreachable and it fell back to the mirror or the snapshot (mode `... (fallback)`).
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .sources import SOURCE_MODULES
    from .update import run_update

    names = list(sources) if sources else list(SOURCE_MODULES)
    for n in names:
        if n not in SOURCE_MODULES:
            from .errors import UnknownSourceError

            raise UnknownSourceError(f"unknown source {n!r}; known: {', '.join(SOURCE_MODULES)}")
    if mirror is not None and not mirror.is_dir():
        from .errors import UstmonError

        raise UstmonError(f"--mirror {mirror}: not a directory")
    console = _console()
    plain = not console.is_terminal  # pipes, CI, cron: progress as plain lines, so a slow server is never silent
    messages: list[tuple[str, str]] = []
    from rich.text import Text

    with Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), TimeElapsedColumn(),
                  console=console, transient=True, disable=plain) as progress:
        task = progress.add_task("updating", total=None)

        def report(event: str, detail: str) -> None:
            if event in ("file", "request", "source"):
                if plain:
                    if event != "file":  # mirror runs read hundreds of files: one line per source is enough
                        print(detail, flush=True)
                else:
                    progress.update(task, description=detail[:100])
                return
            messages.append((event, detail))
            if plain and event in ("retry", "done", "snapshot"):
                print(detail, flush=True)
            elif event == "retry":
                progress.update(task, description=detail[:100])
            if event in ("offline", "notice", "error"):
                # Text, not markup: file names and server messages are data and print as written
                style = {"offline": "yellow", "notice": "", "error": "red"}[event]
                prefix = {"offline": "", "notice": "notice: ", "error": "failed: "}[event]
                progress.console.print(Text(prefix + detail, style=style), highlight=False, soft_wrap=True)

        outcomes = run_update(names, store_path=_store_path(), mirror=mirror, since=_parse_date(since, "--since"),
                              live=not offline, report=report)
    from rich.table import Table

    table = Table(title="ustmon update", show_lines=False)
    for col in ("source", "mode", "payloads", "unchanged", "values added", "records added", "failed", "result"):
        table.add_column(col, justify="right" if col in ("payloads", "unchanged", "values added", "records added",
                                                        "failed") else "left")
    failed = fell_back = 0
    for o in outcomes:
        s = o.stats
        if o.failed:
            failed += 1
        if o.fallback:
            fell_back += 1
        if o.failed:
            result = Text("failed" if not (s and s.payloads) else "partly failed", style="red")
        elif o.fallback:
            result = Text("ok (fell back)", style="yellow")
        elif s is not None and not s.payloads and not s.skipped:
            result = Text("nothing to read")  # a source the mirror holds no file of (read live only)
        else:
            result = Text("ok")
        table.add_row(o.source, o.mode_label, str(s.payloads if s else 0), str(s.skipped if s else 0),
                      f"{s.rows_added:,}" if s else "0", f"{s.records_added:,}" if s else "0",
                      Text(str(o.failed), style="red" if o.failed else ""), result)
    console.print(table)
    if failed:
        n = sum(o.failed for o in outcomes)
        _err(f"{n} file(s) or response(s) failed in {failed} source(s); the rest went in (failures listed above)")
        raise typer.Exit(1)
    if fell_back:
        console.print(Text(f"{fell_back} source(s) fell back to the mirror or the bundled snapshot "
                           "(network unreachable); exit status 3", style="yellow"))
        raise typer.Exit(3)


# --------------------------------------------------------------------------- status
#: a series is stale when its latest observation is older than this many days (by frequency)
STALE_AFTER_DAYS = {"D": 7, "W": 16, "M": 80, "Q": 200, "A": 550, "irregular": 120}


def status_frame(store_path: Path, today: date | None = None):
    import pandas as pd

    from .sources import SOURCE_MODULES
    from .store import Store
    from .update import PARTLY_FAILED

    today = pd.Timestamp(today or datetime.now(timezone.utc).date())
    with Store.open(store_path, read_only=True) as st:
        status = st.status().set_index("source")
        latest = st.series_latest()
        last_ok_message = dict(st.con.execute(
            "SELECT source, arg_max(message, finished_at) FROM updates WHERE status = 'ok' GROUP BY source").fetchall())
    latest["limit"] = latest["frequency"].map(STALE_AFTER_DAYS).fillna(120)
    latest["age"] = (today - pd.to_datetime(latest["latest"])).dt.days
    stale = (latest["age"] > latest["limit"]).groupby(latest["source"]).sum()
    from .release_calendar import schedule  # expected next release per series; overdue = past it (plus grace)
    sched = schedule(latest, today)
    overdue = sched["overdue"].groupby(sched["source"]).sum()
    newest = sched[sched["latest"] == sched.groupby("source")["latest"].transform("max")]  # a source's current series
    next_rel = newest.groupby("source")["next_release"].min()
    rows = []
    for name in SOURCE_MODULES:
        r = status.loc[name] if name in status.index else None
        rows.append({
            "source": name,
            "last_update": None if r is None or pd.isna(r["last_update"]) else pd.Timestamp(r["last_update"]).strftime("%Y-%m-%d %H:%M"),
            "mode": None if r is None else r["mode"],
            "result": None if r is None else (
                PARTLY_FAILED if r["last_status"] == "ok" and str(last_ok_message.get(name) or "").startswith(PARTLY_FAILED)
                else r["last_status"]),
            "latest_observation": None if r is None or pd.isna(r["latest_observation"]) else str(pd.Timestamp(r["latest_observation"]).date()),
            "series": 0 if r is None or pd.isna(r["series"]) else int(r["series"]),
            "rows": 0 if r is None or pd.isna(r["rows"]) else int(r["rows"]),
            "vintages": 0 if r is None or pd.isna(r["vintages"]) else int(r["vintages"]),
            "stale_series": int(stale.get(name, 0)),
            "overdue_series": int(overdue.get(name, 0)),
            "next_release": None if pd.isna(next_rel.get(name, pd.NaT)) else str(next_rel[name].date()),
        })
    return pd.DataFrame(rows)


@app.command()
@handle_errors
def status(fmt: str = typer.Option("table", "--format", help="table, csv or json")) -> None:
    """Per source: last update, latest observation, rows, vintages and staleness."""
    _check_format(fmt)
    path = _store_path()
    df = status_frame(path)
    if fmt == "csv":
        sys.stdout.write(df.to_csv(index=False))
        return
    if fmt == "json":
        sys.stdout.write(df.to_json(orient="records", indent=1) + "\n")
        return
    from rich.table import Table

    console = _console()
    t = Table(title=f"ustmon status — store {path}")
    for col in df.columns:
        t.add_column(col.replace("_", " "), justify="right" if col in ("series", "rows", "vintages", "stale_series", "overdue_series") else "left")
    for _, r in df.iterrows():
        cells = ["" if v is None or v != v else (f"{v:,}" if isinstance(v, int) else str(v)) for v in r]
        if r["stale_series"]:
            cells[-3] = _styled(cells[-3], "yellow")
        if r["overdue_series"]:
            cells[-2] = _styled(cells[-2], "red")
        t.add_row(*cells)
    console.print(t)
    note = _snapshot_note(path)
    if note:
        console.print(_styled(note, "yellow"))
    console.print("stale = latest observation older than the publication calendar allows "
                  "(daily 7 days, weekly 16, monthly 80, quarterly 200, annual 550); overdue = the next release "
                  "the release calendar expects has not arrived; next release = of the source's most recent series.")


# --------------------------------------------------------------------------- series / show / export
@app.command()
@handle_errors
def series(
    search: Optional[str] = typer.Argument(None, help="Filter by text in id, title, source or dataset."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json"),
) -> None:
    """List the catalog: every series id with title, unit, source and coverage."""
    from .update import ensure_store
    from .store import Store

    _check_format(fmt)
    path = ensure_store(_store_path())
    with Store.open(path, read_only=True) as st:
        df = st.catalog(search)
    cols = ["id", "title", "unit", "frequency", "source", "first_date", "last_date", "vintages", "attribution"]
    if fmt == "csv":
        sys.stdout.write(df[cols + ["url"]].to_csv(index=False))
        return
    if fmt == "json":
        sys.stdout.write(df.to_json(orient="records", date_format="iso", indent=1) + "\n")
        return
    from rich.table import Table

    t = Table(title=f"ustmon series{' matching ' + repr(search) if search else ''}: {len(df)}")
    for c in ("id", "title", "unit", "freq", "source", "from", "to"):
        t.add_column(c, overflow="fold")
    for _, r in df.iterrows():
        t.add_row(r["id"], str(r["title"])[:70], r["unit"], r["frequency"], r["source"],
                  "" if r["first_date"] is None or r["first_date"] != r["first_date"] else str(r["first_date"])[:10],
                  "" if r["last_date"] is None or r["last_date"] != r["last_date"] else str(r["last_date"])[:10])
    _console().print(t)


@app.command()
@handle_errors
def show(
    series_id: str = typer.Argument(..., help="Series id, e.g. DGS10, TIC.MFH.CN, CFTC.TFF.043602.LEV_MONEY.SHORT"),
    start: Optional[str] = typer.Option(None, "--start"),
    end: Optional[str] = typer.Option(None, "--end"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Show values as known on this date (vintages)."),
    fmt: str = typer.Option("table", "--format", help="table, csv (date,value) or json"),
    tail: int = typer.Option(20, "--tail", help="Rows shown in table format (0 = all)."),
) -> None:
    """Show one series with its source, unit and vintage."""
    from .store import Store
    from .update import ensure_store

    _check_format(fmt)
    path = ensure_store(_store_path())
    with Store.open(path, read_only=True) as st:
        s = st.get(series_id, start=_parse_date(start, "--start"), end=_parse_date(end, "--end"),
                   as_of=_parse_date(as_of, "--as-of"))
    prov = s.attrs["provenance"]
    if fmt == "csv":
        out = s.rename("value").to_frame()
        out.index = out.index.strftime("%Y-%m-%d")
        sys.stdout.write(out.to_csv(index_label="date", na_rep="", float_format="%.10g"))
        return
    if fmt == "json":
        data = [{"date": d.strftime("%Y-%m-%d"), "value": None if v != v else v} for d, v in s.items()]
        sys.stdout.write(json.dumps({"provenance": prov, "data": data}, indent=1) + "\n")
        return
    from rich.table import Table

    console = _console()
    shown = s if tail == 0 else s.tail(tail)
    from rich.text import Text

    console.print(Text.assemble((safe_text(series_id), "bold"), ": " + safe_text(prov["title"])), highlight=False)
    t = Table()
    t.add_column("date")
    t.add_column(f"value ({prov['unit']})", justify="right")
    for d, v in shown.items():
        t.add_row(d.strftime("%Y-%m-%d"), fmt_value(v))
    console.print(t)
    console.print(_caption(prov, s, path), highlight=False)


def _caption(prov: dict, s, path: Path) -> str:
    from .units import describe

    last = s.dropna()
    parts = [
        f"Source: {prov['attribution'] or prov['source']} ({prov['dataset']}); series {prov['series_id']}",
        f"unit: {describe(prov['unit'])}",
        f"{len(s):,} observations" + (f", latest {last.index[-1].date()}" if len(last) else ""),
        f"vintage {str(prov['latest_vintage'])[:10]}" + (f", as of {prov['as_of']}" if prov["as_of"] else ""),
    ]
    if "snapshot" in prov.get("modes", []):
        parts.append("data from ustmon's bundled offline snapshot")
    return "; ".join(parts)


@app.command()
@handle_errors
def export(
    series_ids: List[str] = typer.Argument(..., help="One or more series ids."),
    to: Path = typer.Option(..., "--to", help="Output file: .parquet or .csv (tidy: series_id,date,value,unit,source)."),
    start: Optional[str] = typer.Option(None, "--start"),
    end: Optional[str] = typer.Option(None, "--end"),
    as_of: Optional[str] = typer.Option(None, "--as-of"),
) -> None:
    """Export series to a tidy Parquet or CSV file (with unit and source columns)."""
    import pandas as pd

    from .errors import UstmonError
    from .store import Store
    from .update import ensure_store

    if to.suffix.lower() not in (".parquet", ".csv"):
        raise UstmonError(f"--to {to}: use a .parquet or .csv file name")
    path = ensure_store(_store_path())
    frames = []
    with Store.open(path, read_only=True) as st:
        for sid in series_ids:
            s = st.get(sid, start=_parse_date(start, "--start"), end=_parse_date(end, "--end"),
                       as_of=_parse_date(as_of, "--as-of"))
            p = s.attrs["provenance"]
            frames.append(pd.DataFrame({"series_id": sid, "date": s.index, "value": s.to_numpy(), "unit": p["unit"],
                                        "source": p["source"], "vintage": p["latest_vintage"]}))
    df = pd.concat(frames, ignore_index=True)
    to.parent.mkdir(parents=True, exist_ok=True)
    if to.suffix.lower() == ".parquet":
        df.to_parquet(to, index=False)
    else:
        df.to_csv(to, index=False, date_format="%Y-%m-%d")
    _console().print(f"wrote {len(df):,} rows of {len(series_ids)} series to {to}")


# --------------------------------------------------------------------------- snapshot
@snapshot_app.command("build")
@handle_errors
def snapshot_build(
    mirror: Path = typer.Option(..., "--mirror", help="Directory laid out as shared/data, with its README.md."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (default: the package's snapshot_data)."),
) -> None:
    """Build the bundled offline snapshot from the files the mirror's README marks bundleable."""
    from .snapshot import SNAPSHOT_DIR, build_snapshot

    from rich.text import Text

    console = _console()
    errors: list[str] = []

    def report(event: str, detail: str) -> None:
        if event == "error":
            errors.append(detail)
            console.print(Text("failed: " + detail, style="red"), highlight=False, soft_wrap=True)
        elif event == "file" and console.is_terminal:
            st.update(detail[:90])

    with console.status("building snapshot") as st:
        manifest = build_snapshot(mirror, out or SNAPSHOT_DIR, report=report)
    target = out or SNAPSHOT_DIR
    size = sum(p.stat().st_size for p in target.iterdir())
    console.print(f"snapshot: {manifest['rows']:,} values of {len(manifest['series'])} series from "
                  f"{len(manifest['files'])} bundleable files (data to {manifest['data_to']}); "
                  f"{len(manifest['excluded_not_bundleable'])} files left out as not bundleable; "
                  f"{size / 1e6:.1f} MB in {target}")
    if manifest.get("failed"):
        _err(f"{len(manifest['failed'])} bundleable file(s) failed and were left out of the snapshot (listed above)")
        raise typer.Exit(1)


@snapshot_app.command("info")
@handle_errors
def snapshot_info() -> None:
    """What the bundled snapshot contains."""
    from .snapshot import load_manifest

    m = load_manifest()
    if m is None:
        _console().print("no bundled snapshot")
        return
    _console().print(f"built {m['built_at']}, data to {m['data_to']}, {m['rows']:,} values, "
                     f"{len(m['series'])} series, {len(m['files'])} files")
    for src, d in sorted(m["latest_by_source"].items()):
        _console().print(f"  {src}: latest observation {d}")


# --------------------------------------------------------------------------- store
store_app = typer.Typer(help="Check or repair the store file.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@store_app.command("check")
@handle_errors
def store_check() -> None:
    """Read the whole store and report damage (exit 1 if any)."""
    from .store_admin import check, list_backups

    path = _store_path()
    problems = check(path)
    console = _console()
    if not problems:
        console.print(f"store {path}: ok", highlight=False)
        return
    for p in problems:
        _err(f"store {path}: {p}")
    backups = list_backups(path)
    hint = f"; newest backup {backups[0]}" if backups else ""
    _err(f"run `ustmon store repair` to rebuild it (the damaged file is kept aside){hint}")
    raise typer.Exit(1)


@store_app.command("repair")
@handle_errors
def store_repair() -> None:
    """Rebuild a damaged store from its newest good backup, or from what can still be read."""
    from .store_admin import repair

    path = _store_path()
    out = repair(path)
    console = _console()
    if out.method == "healthy":
        console.print(f"store {path}: ok, nothing to repair", highlight=False)
        return
    how = {"backup": "restored from the newest good backup", "salvage": "rebuilt from the tables that could be read",
           "empty": "replaced by an empty store"}[out.method]
    console.print(f"store {path}: {how}; damaged file kept as {out.moved_to}", highlight=False)
    if out.lost:
        console.print(_styled(f"lost tables: {', '.join(out.lost)}; run `ustmon update` to fetch the data again "
                              f"(or `ustmon update --mirror DIR` / --offline for the bundled snapshot)", "yellow"))



# --------------------------------------------------------------------------- web
@app.command()
@handle_errors
def web(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port."),
) -> None:
    """Serve the web API (every analytics view as JSON, OpenAPI schema at /docs) over the store."""
    import uvicorn

    from .update import ensure_store
    from .web import create_app

    path = ensure_store(_store_path())
    _console().print(f"ustmon web API on http://{host}:{port}/api/views (schema: /docs); store {path}",
                     highlight=False)
    uvicorn.run(create_app(path), host=host, port=port, log_level="warning")


#: commands whose code pulls in plotting and model fitting: name -> (module, attribute, help).  They are part
#: of the command line like any other (``ustmon --store X hedge`` works); their modules are imported only when
#: the command runs or its help is shown, so ``ustmon show`` starts fast.
LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    "report": ("ustmon.report.build", "report_command",
               "Write the desk research note (HTML, optionally PDF) in English or Chinese."),
    "bond": ("ustmon.commands.bond_cli", "bond_app", "Treasury note/bond and bill price-yield math (street convention)."),
    "futures": ("ustmon.commands.bond_cli", "futures_app", "CME Treasury futures: conversion factors and basis."),
    "nss": ("ustmon.commands.curve_cli", "curve_app", "Nelson-Siegel-Svensson curves fitted to Treasury CMT yields."),
    "termpremium": ("ustmon.commands.curve_cli", "termpremium_app", "In-house ACM 10-year term premium."),
    "hedge": ("ustmon.commands.curve_cli", "hedge_app", "FX-hedged 10y Treasury yields for yen and euro investors."),
}


def _load_lazy(name: str):
    """The click command of a :data:`LAZY_COMMANDS` entry (a Typer sub-app or a single command function)."""
    import importlib

    module, attr, summary = LAZY_COMMANDS[name]
    obj = getattr(importlib.import_module(module), attr)
    if isinstance(obj, typer.Typer):
        cmd = typer.main.get_command(obj)
    else:
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        single.command(name, help=summary)(handle_errors(obj))
        cmd = typer.main.get_command(single)
    cmd.name = name
    if not cmd.help:
        cmd.help = summary
    return cmd


def _mount_optional() -> None:
    """Kept for callers of the old API: the lazy commands are always part of the command line now."""


from .commands.analytics_cli import register as _register_analytics  # noqa: E402

_register_analytics(app)

if __name__ == "__main__":  # pragma: no cover
    app()
