"""A fresh store (reference data, no starter pack) for the operations, and files made for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.setup_store import init_store
from etl.templates.indicators import EXAMPLE_INDICATOR, EXAMPLE_SOURCE, filled_template
from store import Store

IND = EXAMPLE_INDICATOR["code"]
ROWS = [("Kazakhstan", IND, 2022, 8.4), ("Кыргызстан", IND, 2022, 11.2), ("UZB", IND, 2022, 1234.5),
        ("Armenia", IND, 2022, 45.0)]


@pytest.fixture
def fresh(store: Store) -> Store:
    init_store(store, starter_pack=False)
    return store


def template_file(folder: Path, name: str, rows: list[tuple]) -> Path:
    """The indicator template filled with `rows` (country, indicator, year, value)."""
    path = folder / name
    path.write_bytes(filled_template(EXAMPLE_SOURCE, rows, [EXAMPLE_INDICATOR]))
    return path


def rows(store: Store, name: str, params: list | None = None) -> list[tuple]:
    """A statement of tests/operations/checks.sql on the live version."""
    from core.sql import statement

    with store.reader() as con:
        return con.execute(statement(Path(__file__).with_name("checks.sql"), name), params or []).fetchall()
