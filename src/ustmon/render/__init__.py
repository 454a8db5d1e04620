"""Rendering for a medium, shared by every interface (command line, report, web): safe console output and one
error boundary (:mod:`ustmon.render.console`), a :class:`~ustmon.results.Result` as a table, CSV or JSON
(:mod:`ustmon.render.table`), charts with Plotly (:mod:`ustmon.render.plotly`), the note's tables as HTML
(:mod:`ustmon.render.html_table`).  Nothing here imports an interface
(``ustmon.cli``, ``ustmon.web``)."""
