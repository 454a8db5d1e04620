"""The desk: charts as data, what they say, and the words to say it in; medium-neutral.

* :mod:`.catalog` — one row per chart (:class:`~.catalog.FigureSpec`): the view and columns it draws, grouped
  by note section;
* :mod:`.evaluate` — a chart's frame from its view (:func:`~.evaluate.view_frame`, the one door to the views),
  or why it is not available;
* :mod:`.tables` — a table-kind row (last month's auctions) as text cells in a language;
* :mod:`.findings` — each chart's finding: a sentence whose numbers remember their origin;
* :mod:`.i18n` — every word of the note and the dashboard in English, Simplified and Traditional Chinese.

Drawing lives in :mod:`ustmon.render.plotly` (tables: :mod:`ustmon.render.html_table`); the note in :mod:`ustmon.report`.
"""
