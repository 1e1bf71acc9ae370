"""Named statements of store/queries/: statements kept per table cover every table, column lists follow the model."""

from __future__ import annotations

import re
from dataclasses import fields

import duckdb
import pytest

from etl.model import IndicatorMeta
from etl.write.survey import SURVEY_TABLES
from store import SCHEMA_SQL
from store.queries import sql


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute(SCHEMA_SQL)
    yield con
    con.close()


def test_every_table_of_a_batch_has_its_demo_delete(con) -> None:
    """remove_demo deletes from each table with a batch_id column by its own statement: a table added by a
    migration without one would fail there, so it fails here first."""
    tables = [t for (t,) in con.execute(sql("batches", "batch_tables")).fetchall()]
    assert {"observation", "survey_answer", "membership_change", "indicator"} <= set(tables)
    for table in tables:
        text = sql("batches", f"delete_demo_{table}")
        assert re.match(rf"DELETE FROM {table} WHERE", text), text
        assert con.execute(text, [[1]]).fetchone() == (0,)


def test_every_survey_table_has_its_batch_delete(con) -> None:
    batch_tables = {t for (t,) in con.execute(sql("batches", "batch_tables")).fetchall()}
    assert set(SURVEY_TABLES) <= batch_tables
    for table in SURVEY_TABLES:
        assert re.match(rf"DELETE FROM {table} WHERE batch_id = \?", sql("survey", f"delete_batch_{table}"))


def _insert_columns(text: str) -> list[str]:
    return [c.strip() for c in re.match(r"INSERT (?:OR REPLACE )?INTO indicator \(([^)]*)\)", text).group(1).split(",")]


def test_indicator_statements_name_the_model_fields_in_order() -> None:
    """A catalogue or declared indicator is written from IndicatorMeta's values in field order."""
    names = [f.name for f in fields(IndicatorMeta)]
    assert _insert_columns(sql("batches", "put_catalogue_indicator")) == names
    assert _insert_columns(sql("batches", "add_declared_indicators")) == [*names, "batch_id"]
    selected = re.findall(r"CAST\((\w+) AS", sql("batches", "add_declared_indicators"))
    assert selected == names


def test_a_missing_statement_is_named(con) -> None:
    with pytest.raises(KeyError, match="delete_demo_no_such_table"):
        sql("batches", "delete_demo_no_such_table")
