"""The web API, generated from the view registry (:mod:`ustmon.views`).

``create_app(store=None)`` returns a FastAPI application:

- ``GET /api/views``: the registry (every view with its columns, kinds, units and descriptions);
- ``GET /api/views/{group}/{name}?as_of=&start=``: a view as JSON ``{description, units, provenance, data}``
  (the same payload as ``ustmon <group> <name> --format json``); a view whose inputs do not cover it answers
  422 with the reason, an unreadable date 400 with one line, an unknown view 404.

Each view's response model is generated from its column declarations, so ``/openapi.json`` lists every
view's columns and units.  ``ustmon web`` serves it with uvicorn.  FastAPI is imported here only, and only
the entry point (``ustmon web``) or a user imports this package.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
