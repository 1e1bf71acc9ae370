"""One rule for what analyses read: the figure views (totals of the editions in use, never demo beside published)."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

RAW = re.compile(r"\b(?:FROM|JOIN)\s+observation\b(?!_)", re.IGNORECASE)
# Functions that must see every edition and breakdown: the sidebar's list of editions and their coverage, and
# the comparison of two editions (etl editions).
ALLOWED = {("overview", "sources"), ("editions", "editions"), ("editions", "changes"), ("editions", "summary"),
           ("editions", "observed_datasets")}


def test_analytics_read_the_figure_views_not_the_observation_table() -> None:
    found = []
    for path in sorted((ROOT / "analytics").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
            texts = [n.value for n in ast.walk(fn) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            if any(RAW.search(t) for t in texts) and (path.stem, fn.name) not in ALLOWED:
                found.append(f"{path.stem}.{fn.name}")
    assert found == [], ("these read `observation` directly; read `figure` (or `observation_chosen`) so that "
                         f"breakdowns, editions and the demo rule apply: {found}")
