"""Reading the store's summaries (store/summary.sql, built once per store version) instead of every observation."""

from __future__ import annotations

import duckdb

from store.queries import sql

TABLES = ("summary_indicator_country", "summary_source")


def available(con: duckdb.DuckDBPyConnection) -> bool:
    """True when this store version carries the summaries (every version written since they were introduced)."""
    found = con.execute(sql("analytics/summary", "summaries_present"), {"tables": list(TABLES)}).fetchone()[0]
    return found == len(TABLES)

