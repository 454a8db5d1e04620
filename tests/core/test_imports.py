"""The house reads one way: data layers never import the command line or the report, models import no
typer/rich and nothing from the sources, and no two modules import each other at import time.

Read from the source (``ast``), so the rules hold for every module, including ones no test imports."""

from __future__ import annotations

import ast
from pathlib import Path

import ustmon

PKG = Path(ustmon.__file__).resolve().parent

#: layers below the command line and the report
DATA_LAYERS = ("sources", "store", "analytics", "models", "update", "fetch", "validate", "units", "snapshot", "errors",
               "result", "views", "_view_declarations",
               "context")
PRESENTATION = ("ustmon.cli", "ustmon.commands", "ustmon.report", "ustmon.web", "ustmon.render")


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        parts = list(p.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _imports(name: str, path: Path, *, top_level_only: bool) -> set[str]:
    """Absolute names of the modules ``name`` imports (module level only, or everywhere)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)  # `from . import figures` imports a module
    return found


def test_models_import_no_typer_or_rich():
    bad = {}
    for name, path in _modules().items():
        if name.startswith("ustmon.models"):
            hits = {m for m in _imports(name, path, top_level_only=False) if m.split(".")[0] in ("typer", "rich", "click")}
            if hits:
                bad[name] = sorted(hits)
    assert not bad, f"models must stay free of command-line packages: {bad}"


def test_models_import_nothing_from_sources():
    # a model takes its data (frames, maturity maps) from its caller; it never reaches back into a parser
    bad = {}
    for name, path in _modules().items():
        if name == "ustmon.models" or name.startswith("ustmon.models."):
            hits = {m for m in _imports(name, path, top_level_only=False)
                    if m == "ustmon.sources" or m.startswith("ustmon.sources.")}
            if hits:
                bad[name] = sorted(hits)
    assert not bad, f"models must not import ustmon.sources (pass the data in instead): {bad}"


def test_data_layers_do_not_import_cli_or_report():
    bad = {}
    for name, path in _modules().items():
        if name.split(".")[1:2] and name.split(".")[1] in DATA_LAYERS:
            hits = {m for m in _imports(name, path, top_level_only=False) if m.startswith(PRESENTATION)}
            if hits:
                bad[name] = sorted(hits)
    assert not bad, f"sources/store/analytics/models must not import the CLI or the report: {bad}"


def test_no_import_cycles_at_import_time():
    mods = _modules()
    graph = {}
    for name, path in mods.items():
        deps = set()
        for m in _imports(name, path, top_level_only=True):
            # importing a.b.c runs a, a.b and a.b.c
            parts = m.split(".")
            deps.update(".".join(parts[:i]) for i in range(1, len(parts) + 1) if ".".join(parts[:i]) in mods)
        deps.discard(name)
        graph[name] = deps
    # a package's __init__ importing its own submodule is the normal package pattern, not a circle
    for name in graph:
        graph[name] = {d for d in graph[name] if not (d.startswith(name + ".") and mods[name].name == "__init__.py")}
    cycles = []
    state: dict[str, int] = {}

    def visit(n, stack):
        state[n] = 1
        for d in sorted(graph[n]):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d, stack + [d])
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    assert not cycles, f"modules importing each other at import time: {cycles}"


#: interfaces: only entry points (and tests) import them
INTERFACES = ("ustmon.cli", "ustmon.web")
#: packages that belong to the interfaces, never to the data layers
INTERFACE_PACKAGES = ("typer", "rich", "click", "fastapi", "uvicorn", "starlette")


def test_data_layers_import_no_interface_packages():
    bad = {}
    for name, path in _modules().items():
        part = name.split(".")[1] if name.count(".") else ""
        if part in ("sources", "store", "analytics", "models", "update", "fetch", "validate", "units", "snapshot",
                    "result", "views", "_view_declarations", "context", "errors"):
            hits = {m for m in _imports(name, path, top_level_only=False) if m.split(".")[0] in INTERFACE_PACKAGES}
            if hits:
                bad[name] = sorted(hits)
    assert not bad, f"data layers must not import typer/rich/fastapi: {bad}"


def test_nothing_imports_the_interfaces_but_entry_points():
    bad = {}
    for name, path in _modules().items():
        if name.startswith(INTERFACES):
            continue
        hits = {m for m in _imports(name, path, top_level_only=False) if m.startswith(INTERFACES)}
        if hits:
            bad[name] = sorted(hits)
    assert not bad, f"only the entry points import ustmon.cli / ustmon.web: {bad}"


def test_render_imports_no_interface():
    for name, path in _modules().items():
        if name.startswith("ustmon.render"):
            hits = {m for m in _imports(name, path, top_level_only=False)
                    if m.startswith(INTERFACES + ("ustmon.commands", "ustmon.report"))}
            assert not hits, (name, hits)
