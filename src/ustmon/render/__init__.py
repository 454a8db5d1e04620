"""Rendering of views and figures for a medium (console tables, CSV/JSON, Plotly)."""
