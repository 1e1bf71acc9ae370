"""The upload and history pages, their glue and the command line reach the data only through operations/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# file -> modules below operations/ it may still import (besides core/): the command line makes the Store handle
# it passes to operations
INTERFACES = {"pages/upload.py": (), "pages/history.py": (), "ui/upload.py": (), "ui/history.py": (),
              "ui/auth.py": (), "etl/cli.py": ("store",), "etl/__main__.py": ("etl.cli",)}
BELOW = ("etl", "store", "accounts", "analytics", "charts")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("file", list(INTERFACES))
def test_no_interface_reaches_past_operations(file: str) -> None:
    allowed = INTERFACES[file]
    past = sorted(m for m in _imports(ROOT / file) if m.split(".")[0] in BELOW and m not in allowed)
    assert not past, f"{file} imports {past}: call operations/ instead"


@pytest.mark.parametrize("page", ["pages/upload.py", "pages/history.py"])
def test_the_pages_stay_thin(page: str) -> None:
    assert len((ROOT / page).read_text(encoding="utf-8").splitlines()) < 80
