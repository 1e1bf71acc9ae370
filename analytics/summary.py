"""Reading the store's summaries (store/summary.sql, built once per store version) instead of every observation."""

from __future__ import annotations

import duckdb
import pandas as pd

TABLES = ("summary_indicator_country", "summary_source")


def available(con: duckdb.DuckDBPyConnection) -> bool:
    """True when this store version carries the summaries (every version written since they were introduced)."""
    found = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('summary_indicator_country', "
                        "'summary_source')").fetchone()[0]
    return found == len(TABLES)


def read(con: duckdb.DuckDBPyConnection, from_summary: str, from_rows: str,
         params: list | dict | None = None) -> pd.DataFrame:
    """`from_summary` on a version with summaries, else `from_rows` (the same columns, computed from every row)."""
    return con.execute(from_summary if available(con) else from_rows, params or []).df()
