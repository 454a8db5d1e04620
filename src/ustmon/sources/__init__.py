"""Publishers.  One module per publisher; each exposes ``SOURCE``, a :class:`~ustmon.sources.base.Source`.

Modules are imported lazily so that ``ustmon show`` does not pay for parsers it does not use.
"""

from __future__ import annotations

import importlib

from ..errors import UnknownSourceError
from .base import SKIPPED_MIRROR_DIRS, MirrorFile, ParseResult, Request, SeriesMeta, Source, mirror_skip_rule

#: source key -> module (in update order: cheap, foundational series first)
SOURCE_MODULES: dict[str, str] = {
    "fred": "ustmon.sources.fred",
    "treasury": "ustmon.sources.treasury_rates",
    "tic": "ustmon.sources.tic",
    "cftc": "ustmon.sources.cftc",
    "fiscaldata": "ustmon.sources.fiscaldata",
    "omb": "ustmon.sources.omb",
    "treasurydirect": "ustmon.sources.treasurydirect",
    "refunding": "ustmon.sources.treasury_refunding",
    "nyfed": "ustmon.sources.nyfed",
    "fedboard": "ustmon.sources.fedboard",
    "ofr": "ustmon.sources.ofr",
    "jpmof": "ustmon.sources.jpmof",
    "ecb": "ustmon.sources.ecb",
    "bundesbank": "ustmon.sources.bundesbank",
    "boj": "ustmon.sources.boj",
}


def get_source(name: str) -> Source:
    try:
        module = SOURCE_MODULES[name]
    except KeyError:
        raise UnknownSourceError(f"unknown source {name!r}; known: {', '.join(SOURCE_MODULES)}") from None
    return importlib.import_module(module).SOURCE


def all_sources() -> list[Source]:
    return [get_source(n) for n in SOURCE_MODULES]


__all__ = ["MirrorFile", "ParseResult", "Request", "SeriesMeta", "Source", "SOURCE_MODULES", "SKIPPED_MIRROR_DIRS",
           "get_source", "all_sources", "mirror_skip_rule"]
