"""The public part of the store: an in-memory copy of the tables anyone may query, sealed off from files."""

from __future__ import annotations

import duckdb

from core.settings import settings
from store.versioned import Store, StoreError

# What `python -m etl sql` can see, copied table by table from the live version. A view over public tables only
# is made again over the copies; any other (v_survey_results) is copied as a table of its results, so no view
# can reach a table that is not copied.
PUBLIC_TABLES = (
    "store_info", "country", "country_group", "country_group_member", "theme", "load_batch", "source",
    "indicator", "observation", "observation_replaced", "target", "survey", "survey_question", "breakdown_label",
    "membership_change",
)
# In order: a view is made after the views it reads (as store/views/ makes them, by file name).
PUBLIC_VIEWS = (
    "edition_in_use", "observation_chosen", "figure", "hub_membership", "group_membership", "indicator_world_rank",
    "source_coverage", "survey_min_n", "v_observations", "v_survey_results",
)
# Table macros of store/views/ over public views, made again in memory.
PUBLIC_MACROS = ("latest_within",)
# Never copied: respondent-level rows, and the unsuppressed counts and published figures the survey views are
# computed from (v_survey_results gives them with small groups suppressed). A table of the schema must be in
# one list or the other (a test checks it), so a new table is a decision, not an accident.
PRIVATE_TABLES = (
    "survey_respondent", "survey_respondent_group", "survey_answer",  # one row per respondent (and answer)
    "survey_cell", "survey_theme_cell",  # counts per answer and group, small groups included
    "survey_aggregate",  # published figures before suppression (v_survey_results applies it)
)
SOURCE = "live_store"
# Set before the configuration is locked: no files, no extensions, no settings can be changed afterwards.
SEAL = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET lock_configuration = true",
)


def public_connection(store: Store) -> duckdb.DuckDBPyConnection:
    """An in-memory database holding copies of PUBLIC_TABLES and PUBLIC_VIEWS of the live version, and nothing
    else: the store file is attached read-only, copied from and detached before the connection is returned,
    and external access (files, ATTACH, COPY, extensions) is switched off and the configuration locked, so no
    spelling of a table name, catalogue function or file path can reach respondent rows."""
    path = store.current_path()
    if path is None:
        raise StoreError(f"No data store in {store.dir}. Build it with: python -m etl init")
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{_quoted(str(path))}' AS {SOURCE} (READ_ONLY)")
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [SOURCE]).fetchall()}
        views = dict(con.execute(
            "SELECT view_name, sql FROM duckdb_views() WHERE database_name = ?", [SOURCE]).fetchall())
        for name in PUBLIC_TABLES:
            if name in tables:  # a store built before a table existed simply lacks it
                con.execute(f"CREATE TABLE main.{name} AS SELECT * FROM {SOURCE}.main.{name}")
        for name in PUBLIC_VIEWS:
            if name in views:
                _copy_view(con, name, views[name])
        macros = con.execute(
            "SELECT function_name, parameters, macro_definition FROM duckdb_functions() WHERE database_name = ? "
            "AND function_type = 'table_macro' AND list_contains(?, function_name)", [SOURCE, list(PUBLIC_MACROS)])
        for name, parameters, definition in macros.fetchall():
            con.execute(f"CREATE MACRO main.{name}({', '.join(parameters)}) AS TABLE {definition}")
        con.execute(f"DETACH {SOURCE}")
        _suppress(con, settings().survey_min_n)
        for statement in SEAL:
            con.execute(statement)
    except BaseException:
        con.close()
        raise
    return con


def _copy_view(con: duckdb.DuckDBPyConnection, name: str, sql: str) -> None:
    """The view made again in memory when it reads public tables only (it binds to the copies in main, never to
    the attached store), else its rows copied as a table."""
    try:
        con.execute(sql)  # "CREATE VIEW name AS ..." as the store holds it; unqualified names resolve in memory
    except duckdb.CatalogException:  # it reads a table that is not copied
        con.execute(f"CREATE TABLE main.{name} AS SELECT * FROM {SOURCE}.main.{name}")


def _suppress(con: duckdb.DuckDBPyConnection, min_n: int) -> None:
    """The survey threshold in force now over the copied results, when it is stricter than the one recorded with
    the version (a setting raised since the last write)."""
    if con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'v_survey_results'").fetchone()[0]:
        con.execute("UPDATE v_survey_results SET n = NULL, value = NULL, lower = NULL, upper = NULL, "
                    "is_suppressed = TRUE WHERE n < ?", [min_n])


def _quoted(text: str) -> str:
    return text.replace("'", "''")
