"""The package's structure: two layers, an acyclic import graph, no private names across modules.

Read from the source with :mod:`ast` (imports inside functions count too), so a lazy import
cannot hide a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, imported names) of every import statement in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, [alias.name for alias in node.names]))
    return out


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def test_the_library_never_imports_the_study():
    offenders = []
    for name, path in MODULES.items():
        if name.startswith("analysis.study"):
            continue
        for module, names in _imports(path):
            targets = [module] + [f"{module}.{n}" for n in names]
            if any(t == "analysis.study" or t.startswith("analysis.study.") for t in targets):
                offenders.append(f"{name} imports {module}")
    assert not offenders, offenders


def test_no_module_imports_another_modules_private_names():
    offenders = []
    for name, path in MODULES.items():
        for module, names in _imports(path):
            if not module.startswith("analysis") or module == name:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private or any(part.startswith("_") and part not in ("__init__", "__main__", "_regex")
                              for part in module.split(".")[1:]):
                offenders.append(f"{name} imports {module}: {private or module}")
    assert not offenders, offenders


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for module, names in _imports(path):
            if not module.startswith("analysis"):
                continue
            for target in [module] + [f"{module}.{n}" for n in names]:
                if target in MODULES and target != name:
                    graph[name].add(target)
    return graph


def test_import_graph_is_acyclic():
    graph = _graph()
    # a package's __init__ re-exporting its submodules lazily is not a cycle of real use:
    # drop edges from a package to its own submodules
    for name in graph:
        graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, stack: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle.extend(stack[stack.index(nxt):] + [nxt] if nxt in stack else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, stack + [nxt]):
                return True
        state[node] = 2
        return False

    for start in sorted(graph):
        if state.get(start) is None and visit(start, [start]):
            break
    assert not cycle, " -> ".join(cycle)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith("analysis.study") and n != "analysis.tables"))
def test_readers_and_writers_go_through_the_table_layer(name):
    """Only the table layer calls pandas/pyarrow table readers and writers or renames files."""
    banned = {"read_csv", "read_json", "read_parquet", "to_csv", "to_parquet", "write_table", "replace"}
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in banned:
            owner = ast.unparse(node.func.value)
            if node.func.attr == "replace" and owner != "os":
                continue  # str.replace
            calls.append(f"{owner}.{node.func.attr}")
    allowed = {"analysis.corpus": {"pq.write_table"}}  # staging the Dask input chunks inside atomic_write
    assert set(calls) <= allowed.get(name, set()), f"{name} reads or writes tables itself: {calls}"
