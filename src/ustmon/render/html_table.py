"""HTML of a table-kind chart (:mod:`ustmon.desk.tables`): the medium-specific half of a table in the note.

The same HTML prints in the PDF (headless Chromium prints the note's HTML).  Numbers are right-aligned; total
rows are set in bold.
"""

from __future__ import annotations

import html

from ..desk.evaluate import FigureResult
from ..desk.tables import table_cells


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def table_html(res: FigureResult, lang: str) -> str:
    """``<table class="figtable">`` of an evaluated table-kind chart."""
    cells = table_cells(res.frame, res.spec, lang)
    cls = [' class="num"' if num else (' class="day"' if fmt == "day" else "")
           for num, fmt in zip(cells.numeric, cells.formats)]
    head = "".join(f'<th{c}>{_e(h)}</th>' for h, c in zip(cells.headers, cls))
    body = []
    for kind, row in zip(cells.kinds, cells.rows):
        tds = "".join(f'<td{c}>{_e(v)}</td>' for v, c in zip(row, cls))
        body.append(f'<tr class="{_e(kind)}">{tds}</tr>')
    return (f'<table class="figtable" id="table-{_e(res.spec.id)}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')
