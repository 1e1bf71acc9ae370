"""`etl sql` answers from an in-memory copy of the public tables: no query reaches respondent-level rows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

from etl.demo.surveys import generate, workbook
from etl.load import load_file
from etl.setup_store import init_store
from store import SCHEMA_SQL, Store
from store.public import PRIVATE_TABLES, PUBLIC_TABLES, PUBLIC_VIEWS, public_connection
from tests.conftest import ROOT

SECRET = "RESP-SECRET-"  # every respondent id in the loaded file starts with it


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store with a respondent-level survey whose respondent ids are easy to look for."""
    folder = tmp_path_factory.mktemp("public")
    store = Store(folder / "store")
    init_store(store, starter_pack=False)
    (parsed,) = generate(countries=["KAZ"], waves=(2024,), n=80, seed=7)
    path = folder / "staff-survey.xlsx"
    path.write_bytes(workbook(parsed))
    wb = openpyxl.load_workbook(path)
    ws = wb["Responses"]
    column = [c.value for c in ws[1]].index("respondent_id") + 1
    for row in range(2, ws.max_row + 1):
        ws.cell(row, column, f"{SECRET}{row:04d}")
    wb.save(path)
    load_file(path, store=store)
    with store.reader() as con:
        assert con.execute("SELECT count(*) FROM survey_respondent WHERE respondent_id LIKE 'RESP-SECRET-%'"
                           ).fetchone()[0] == 80
    return store


def _schema_tables() -> set[str]:
    con = duckdb.connect()
    con.execute(SCHEMA_SQL)
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_every_table_of_the_schema_is_declared_public_or_private() -> None:
    tables = _schema_tables()
    assert tables == set(PUBLIC_TABLES) | set(PRIVATE_TABLES), (
        "a table of store/schema is in neither store.public.PUBLIC_TABLES nor PRIVATE_TABLES: decide whether "
        "`etl sql` may show it")
    assert not set(PUBLIC_TABLES) & set(PRIVATE_TABLES)
    assert {"survey_respondent", "survey_respondent_group", "survey_answer"} <= set(PRIVATE_TABLES)


ENCODINGS = [
    "SELECT * FROM survey_answer",
    "SELECT * FROM survey_respondent",
    "SELECT * FROM survey_respondent_group",
    'SELECT * FROM "survey_answer"',
    'SELECT * FROM "SURVEY_RESPONDENT"',
    "SELECT respondent_id FROM Survey_Respondent",
    "SELECT * FROM main.survey_respondent",
    "SELECT * FROM memory.main.survey_respondent",
    "SELECT * FROM live_store.main.survey_respondent",
    "SELECT * FROM query_table('survey_' || 'respondent')",
    "SELECT * FROM query('SELECT * FROM survey_' || 'respondent')",
    "SELECT * FROM query_table(['survey_respondent', 'survey_answer'])",
    "SELECT * FROM survey_cell",
    "SELECT * FROM survey_theme_cell",
    "SELECT * FROM survey_aggregate",
    "SELECT * FROM sqlite_master WHERE name LIKE 'survey_resp%'",
]


@pytest.mark.parametrize("query", ENCODINGS)
def test_no_spelling_of_a_private_table_reaches_it(loaded: Store, query: str) -> None:
    with public_connection(loaded) as con:
        try:
            rows = con.execute(query).fetchall()
        except duckdb.Error:
            return
        assert rows == [] or SECRET not in repr(rows)
        assert "sqlite_master" in query, "a query on a private table ran"


FILE_ROUTES = [
    "ATTACH '{path}' AS s (READ_ONLY)",
    "ATTACH '{path}' AS s",
    "SELECT * FROM '{path}'",
    "SELECT * FROM read_parquet('{path}')",
    "SELECT * FROM read_csv('{path}')",
    "SELECT * FROM read_text('{path}')",
    "SELECT * FROM read_blob('{path}')",
    "SELECT * FROM glob('{dir}/*')",
    "COPY (SELECT 1) TO '{dir}/out.csv'",
    "EXPORT DATABASE '{dir}/export'",
    "INSTALL sqlite",
    "LOAD sqlite",
    "SET enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "PRAGMA enable_external_access",
]


@pytest.mark.parametrize("query", FILE_ROUTES)
def test_the_store_file_cannot_be_reached_from_sql(loaded: Store, query: str) -> None:
    path = loaded.current_path()
    with public_connection(loaded) as con:
        with pytest.raises(duckdb.Error):
            con.execute(query.format(path=path, dir=path.parent)).fetchall()
        assert con.execute("SELECT current_setting('enable_external_access')").fetchone()[0] is False


def test_catalogues_list_only_public_tables_and_hold_no_respondent_row(loaded: Store) -> None:
    with public_connection(loaded) as con:
        listed = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert listed == set(PUBLIC_TABLES) | set(PUBLIC_VIEWS)
        assert {r[0] for r in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()} <= {
            "memory", "system", "temp"}
        assert not con.execute("SELECT * FROM duckdb_columns() WHERE column_name IN ('respondent_key', "
                               "'respondent_id', 'weight')").fetchall()
        views = dict(con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall())
        assert set(views) <= set(PUBLIC_VIEWS) and not any(t in sql for t in PRIVATE_TABLES for sql in views.values())
        assert con.execute("SELECT count(*) FROM v_observations").fetchone()[0] == con.execute(
            "SELECT count(*) FROM observation").fetchone()[0]
        # the whole public content, every table dumped as text: no respondent id anywhere
        for table in listed:
            dump = con.execute(f"SELECT * FROM {table}").fetchall()
            assert SECRET not in repr(dump), table
        computed = con.execute("SELECT count(*) FROM v_survey_results WHERE origin = 'computed'").fetchone()[0]
        assert computed > 0, "the documented view still answers"


def cli(*args: str, store: Store) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HUB_DATA_DIR": str(store.dir)}
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_command_line_answers_from_the_public_copy(loaded: Store) -> None:
    done = cli("sql", "SELECT 'survey_' || 'answer' AS t, count(*) AS n FROM v_survey_results", store=loaded)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "t,n"
    for query in ("SELECT * FROM query_table('survey_' || 'answer')",
                  f"ATTACH '{loaded.current_path()}' AS s; SELECT * FROM s.survey_respondent"):
        refused = cli("sql", query, store=loaded)
        assert refused.returncode == 1 and SECRET not in refused.stdout and "Traceback" not in refused.stderr
    named = cli("sql", "SELECT * FROM survey_answer", store=loaded)
    assert "v_survey_results" in named.stderr and "sees only these tables" in named.stderr
    tables = cli("sql", "SELECT table_name FROM information_schema.tables ORDER BY 1", store=loaded)
    print("\netl sql sees:", ", ".join(tables.stdout.split()[1:]))


def test_a_store_without_survey_tables_still_answers(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    init_store(store, starter_pack=False)
    with public_connection(store) as con:
        assert con.execute("SELECT count(*) FROM country").fetchone()[0] > 30
