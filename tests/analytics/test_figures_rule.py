"""One rule for what analyses read: the figure views (totals of the editions in use, never demo beside published)."""

from __future__ import annotations

import re

from core.sql import statement
from store.queries import FOLDER
from tests.conftest import ROOT

RAW = re.compile(r"\b(?:FROM|JOIN)\s+observation\b(?!_)", re.IGNORECASE)
# Statements that must see every edition and breakdown: the comparison of two editions (etl editions) and the list
# of datasets whose editions can be picked. (The sidebar's list of editions reads store/views/source_coverage.sql.)
ALLOWED = {("editions", "editions"), ("editions", "changes"), ("editions", "summary"),
           ("editions", "observed_datasets")}
NAME = re.compile(r"^-- name: (\w+)", re.M)


def _statements() -> dict[tuple[str, str], str]:
    """(file, name) -> text of every named statement the analytics run (store/queries/analytics/*.sql)."""
    return {(path.stem, name): statement(path, name) for path in sorted((FOLDER / "analytics").glob("*.sql"))
            for name in NAME.findall(path.read_text(encoding="utf-8"))}


def test_analytics_read_the_figure_views_not_the_observation_table() -> None:
    """The statements moved out of analytics/*.py in issue 13 (this test read the Python strings before)."""
    statements = _statements()
    assert ("compare", "profile") in statements and len(statements) > 40  # the check sees what it looks for
    found = [f"{file}.{name}" for (file, name), text in statements.items()
             if RAW.search(text) and (file, name) not in ALLOWED]
    assert found == [], ("these read `observation` directly; read `figure` (or `observation_chosen`) so that "
                         f"breakdowns, editions and the demo rule apply: {found}")
    assert all(RAW.search(statements[key]) for key in ALLOWED)  # no stale exception


def test_analytics_spell_no_sql() -> None:
    """The statements live in store/queries/analytics/, not in the modules that run them."""
    hits = [f"{path.name}:{n}" for path in sorted((ROOT / "analytics").glob("*.py"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if RAW.search(line)]
    assert hits == []
