"""ustmon: monitor the US Treasury market from official public data.

``ustmon.get(series_id, start=, end=, as_of=)`` returns a pandas Series,
``ustmon.get_frame([...])`` a DataFrame; provenance (source, URL, unit,
vintage) travels in ``.attrs``.  ``ustmon.view(group, name)`` returns an analytics view (``ustmon.views.REGISTRY``
lists them), ``ustmon.result(group, name)`` the same as a typed ``Result`` (frame + ``Provenance``).
See ``ustmon.api``.
"""

from __future__ import annotations

__version__ = "0.1.0"

_API = {"get", "get_frame", "catalog", "records", "vintages", "view", "result"}
#: submodules reached as attributes: ``ustmon.views.REGISTRY``, ``ustmon.results.provenance_of``
_SUBMODULES = {"views", "results"}


def __getattr__(name: str):
    # lazy: `import ustmon` stays cheap for the CLI and for parsers
    if name in _API:
        from . import api

        return getattr(api, name)
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'ustmon' has no attribute {name!r}")


__all__ = sorted(_API | _SUBMODULES | {"__version__"})
