"""A :class:`~ustmon.results.Result` as a table (rich), CSV or JSON, with its units and provenance.

The JSON payload (:func:`json_payload`) is the one the command line prints (``--format json``) and the web API
returns, so the three entry points give the same numbers.
"""

from __future__ import annotations

import json
import sys

from ..results import Result
from .console import fmt_value


def tidy(frame):
    """The frame with its index as a column (``date``), as printed and served."""
    import pandas as pd

    return frame.reset_index() if isinstance(frame.index, pd.DatetimeIndex) or frame.index.name else frame


def records(frame) -> list[dict]:
    """Rows as JSON-ready dicts: dates ISO, missing values ``None``."""
    return json.loads(tidy(frame).to_json(orient="records", date_format="iso"))


def json_payload(result: Result) -> dict:
    """``{"description", "units", "provenance", "data"}``: what ``--format json`` prints and the web API serves."""
    prov = result.provenance
    return {
        "description": prov.description,
        "units": dict(prov.units),
        "provenance": json.loads(json.dumps(prov.to_json(), default=str)),
        "data": records(result.frame),
    }


def render(result: Result, fmt: str, console, title: str, *, tail: int = 0) -> None:
    """Print a result (``tail`` rows in table format, 0 = all) with its units and provenance."""
    import pandas as pd

    df = result.frame
    if fmt == "csv":
        sys.stdout.write(tidy(df).to_csv(index=False, date_format="%Y-%m-%d", float_format="%.10g"))
        return
    if fmt == "json":
        sys.stdout.write(json.dumps(json_payload(result), indent=1, default=str) + "\n")
        return
    from rich.table import Table

    out = tidy(df.tail(tail) if tail else df)
    units = result.provenance.units
    t = Table(title=title)
    for c in out.columns:
        label = f"{c} ({units[c]})" if units.get(c) else str(c)
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
    prov = result.provenance
    if prov.description:
        console.print(prov.description, highlight=False)
    if prov.series:
        console.print(prov.summary(), highlight=False)
    if prov.method:
        console.print(f"Method: {prov.method}", highlight=False)
