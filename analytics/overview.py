"""Read queries behind the Overview page and the sidebar: sources, hub members, headline figures, loads."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import summary
from store.queries import sql

QUERIES = "analytics/overview"


def sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every dataset edition in the store with its provenance and coverage (figures counted in the store version's
    summary: observations, and national survey results published or computed)."""
    coverage = sql(QUERIES, "coverage_summary" if summary.available(con) else "coverage_rows")
    return con.execute(sql(QUERIES, "sources").format(coverage=coverage)).df()


def hub_members(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(sql(QUERIES, "hub_members")).df()


def latest_batches(con: duckdb.DuckDBPyConnection, limit: int = 8) -> pd.DataFrame:
    return con.execute(sql(QUERIES, "latest_batches"), [limit]).df()


def headline(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One indicator per theme, the best covered among hub members, with the hub average of its latest
    well-covered year (the latest year in which at least half as many members report as in its best year)."""
    frame = con.execute(sql(QUERIES, "headline")).df()
    if frame.empty:
        return frame
    frame = frame.sort_values(["is_demo", "n", "indicator_code"], ascending=[True, False, True])
    return frame.drop_duplicates("theme").sort_values(["is_demo", "theme"]).reset_index(drop=True)
