"""Plotly drawing of an evaluated chart (:class:`ustmon.desk.evaluate.FigureResult`): the medium-specific half.

The desk (:mod:`ustmon.desk`) says what a chart draws (view columns, kind, labels, units, bands); this module
turns that into a Plotly figure for the HTML note and the dashboard.  No title: the note states the finding
above the chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..desk import i18n
from ..desk.evaluate import FigureResult
from ..desk.findings import country_name
from ..desk.i18n import t

PALETTE = ("#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f", "#ffc000", "#2e75b6",
           "#843c0c", "#a9d18e", "#bf9000")


def with_gaps(s: pd.Series, factor: float = 5.0) -> pd.Series:
    """Insert a missing point where observations stop for more than ``factor`` times the usual spacing (a year
    of CFTC files missing), so a line breaks there instead of bridging the gap with a straight line."""
    if len(s) < 3 or not isinstance(s.index, pd.DatetimeIndex):
        return s
    step = s.index.to_series().diff()
    usual = step.median()
    holes = step[step > factor * usual].index
    if holes.empty:
        return s
    breaks = pd.Series(np.nan, index=pd.DatetimeIndex([h - step[h] / 2 for h in holes]))
    return pd.concat([s, breaks]).sort_index()


def plot(res: FigureResult, lang: str, *, width: int = 720, height: int = 330):
    """The Plotly figure of an evaluated chart (no title: the HTML states the finding above it)."""
    import plotly.graph_objects as go

    spec, f = res.spec, res.frame
    cols = [c for c in spec.labels if c in f.columns]
    if spec.kind != "hbar" and spec.start and isinstance(f.index, pd.DatetimeIndex):
        f = f.loc[pd.Timestamp(spec.start):]
    fig = go.Figure()
    name = lambda c: t(spec.labels[c], lang)
    if spec.kind == "table":
        raise ValueError(f"{spec.id} is a table: ustmon.render.html_table draws it")
    if spec.kind == "hbar":
        f = f.drop(index=[i for i in spec.extra.get("skip", ()) if i in f.index])  # rows a finding reads, not bars
        codes = list(f.index)[::-1]
        names = spec.extra.get("index_labels")  # i18n key pattern of the bars' names ("l_{}"); else holders
        ys = [t(names.format(c), lang) if names else country_name(c, lang) for c in codes]
        fig.add_bar(x=f["value"].tolist()[::-1], y=ys, orientation="h", marker_color=PALETTE[0], name=name("value"))
        if "adjusted" in f.columns and f["adjusted"].notna().any():
            fig.add_bar(x=f["adjusted"].tolist()[::-1], y=ys, orientation="h", marker_color=PALETTE[1], name=name("adjusted"))
            fig.update_layout(barmode="group")
    elif spec.kind == "stacked":
        xs = (lambda idx: [i18n.fmt_quarter(x, lang) for x in idx]) if spec.quarter_axis else (lambda idx: idx)
        if spec.extra.get("fy_axis"):  # fiscal years (rows dated 30 September) named as such
            xs = lambda idx: [t("fy_label", lang, y=pd.Timestamp(x).year) for x in idx]  # noqa: E731
        marker = spec.extra.get("marker")  # a column drawn as markers over the bars (their sum, say)
        for i, c in enumerate(c for c in cols if c != marker):
            s = f[c].dropna()
            fig.add_bar(x=xs(s.index), y=s.values, name=name(c), marker_color=PALETTE[i % len(PALETTE)],
                        marker_line_width=0)
        if marker in cols:
            s = f[marker].dropna()
            fig.add_scatter(x=xs(s.index), y=s.values, name=name(marker), mode="markers",
                            marker={"color": "#000", "size": 9, "symbol": "diamond"})
        fig.update_layout(barmode="relative",
                          bargap=0.25 if spec.quarter_axis or spec.extra.get("fy_axis") else 0)
    elif spec.kind == "bar":
        for i, c in enumerate(cols):
            s = f[c].dropna()
            fig.add_bar(x=s.index, y=s.values, name=name(c), marker_color=PALETTE[i % len(PALETTE)])
    elif spec.kind == "line+bar":
        s = f[cols[0]].dropna()
        fig.add_bar(x=s.index, y=s.values, name=name(cols[0]), marker_color=PALETTE[0])
        for i, c in enumerate(cols[1:], 1):
            s = f[c].dropna()
            fig.add_scatter(x=s.index, y=s.values, name=name(c), mode="lines", line={"color": PALETTE[i], "width": 2})
    else:
        for i, c in enumerate(cols):
            s = f[c].dropna()
            if len(s) > 4000:  # long daily histories: weekly points are plenty for a printed chart
                s = s.resample("W-FRI").last().dropna()
            s = with_gaps(s, spec.gap_factor)
            fig.add_scatter(x=s.index, y=s.values, name=name(c), mode="lines",
                            line={"color": PALETTE[i % len(PALETTE)], "width": 1.6})
    if spec.hline is not None:
        fig.add_hline(y=spec.hline, line_width=1, line_color="#444")
    if "band" in spec.extra:  # a guide range (TBAC 15-20%) is drawn as a band, not a line
        lo, hi, key = spec.extra["band"]
        fig.add_hrect(y0=lo, y1=hi, fillcolor=PALETTE[2], opacity=0.2, line_width=0, annotation_text=t(key, lang),
                      annotation_position="top left")
    fig.update_layout(
        width=width, height=height, margin={"l": 55, "r": 15, "t": 10, "b": 35},
        font={"family": i18n.FONT_STACK[lang], "size": 12}, template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0}, showlegend=spec.kind != "hbar" or "adjusted" in f.columns,
        yaxis_title=t(spec.units, lang) if spec.kind != "hbar" else None,
        xaxis_title=t(spec.units, lang) if spec.kind == "hbar" else None,
    )
    return fig
