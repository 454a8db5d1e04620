"""The models read one way even counting imports inside functions (the old bills <-> bonds circle hid in one)."""

from __future__ import annotations

import ast
from pathlib import Path

import ustmon.models

MODELS = Path(ustmon.models.__file__).resolve().parent


def _model_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(a.name for a in node.names)
    return found


def test_no_circle_between_model_modules_anywhere():
    graph = {p.stem: _model_imports(p) for p in MODELS.glob("*.py") if p.stem != "__init__"}
    pairs = sorted((a, b) for a, deps in graph.items() for b in deps if a in graph.get(b, set()) and a < b)
    assert not pairs, f"model modules importing each other: {pairs}"
    assert graph["_common"] == set(), "models/_common is the floor: it imports no other model"
    assert "bonds" not in graph["bills"] and "bills" not in graph["bonds"]
