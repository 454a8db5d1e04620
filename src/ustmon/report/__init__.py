"""``ustmon report``: the desk research note (HTML, optionally PDF) in English or Chinese.

:mod:`.build` assembles the note from the shared chart definitions in
:mod:`ustmon.figures`, :mod:`.narrative` writes every sentence from the same
frames, :mod:`.i18n` holds every word in three languages and :mod:`.pdf`
prints the HTML with headless Chromium.
"""
