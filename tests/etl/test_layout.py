"""The etl package's layout: each layer imports only from layers below it, so no import circle can form."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A module may import from its own layer and the layers listed before it, never after.
LAYERS = [
    "etl.model", "etl.catalogue", "etl.read", "etl.harmonise", "etl.recipes", "etl.guard", "etl.validate",
    "etl.write", "etl.backup", "etl.templates", "etl.load", "etl.demo", "etl.starter", "etl.setup_store", "etl.uploads",
    "etl.cli", "etl.__main__",
]


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    for i, name in enumerate(LAYERS):
        if module == name or module.startswith(name + "."):
            return i
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def _imports(path: Path) -> set[str]:
    """Every etl module imported anywhere in the file, inside functions too."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("etl")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("etl"):
            found |= {f"{node.module}.{a.name}" if node.module == "etl" else node.module for a in node.names}
    return found


def test_etl_imports_only_downwards() -> None:
    wrong = []
    for path in sorted((ROOT / "etl").rglob("*.py")):
        module = _module(path)
        for imported in _imports(path):
            if _layer(imported) > _layer(module):
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "imports against the layer order:\n" + "\n".join(wrong)


def test_etl_never_imports_streamlit() -> None:
    users = [str(p) for p in (ROOT / "etl").rglob("*.py") if "streamlit" in p.read_text(encoding="utf-8")
             and any(isinstance(n, ast.Import | ast.ImportFrom) and "streamlit" in ast.dump(n)
                     for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))))]
    assert not users


def test_no_import_circle_inside_a_layer() -> None:
    modules = {_module(p): p for p in (ROOT / "etl").rglob("*.py")}
    graph = {m: {i for i in _imports(p) if i in modules and i != m} for m, p in modules.items()}
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in graph[m]:
            assert state.get(n) != 1, "import circle: " + " -> ".join([*path[path.index(n):], n])
            if n not in state:
                visit(n, [*path, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
