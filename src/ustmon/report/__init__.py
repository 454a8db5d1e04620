"""``ustmon report``: the desk research note (HTML, optionally PDF) in English or Chinese.

:mod:`.build` assembles the note from the chart catalog in :mod:`ustmon.desk.catalog` (drawn by
:mod:`ustmon.render.plotly`), :mod:`.narrative` writes every sentence from the same frames (words in
:mod:`ustmon.desk.i18n`), :mod:`.freshness` dates every input and :mod:`.pdf` prints the HTML with headless
Chromium.
"""
