"""Data-quality report over the store: coverage, duplicate keys, values outside scale, outliers."""

from __future__ import annotations

import duckdb
import pandas as pd

from store.queries import sql

ROBUST_Z_LIMIT = 3.5  # Iglewicz and Hoaglin's cut-off for the modified z-score


def coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per current indicator (totals): countries, years, and the share of hub member x year cells holding a value."""
    return con.execute(sql("quality", "coverage")).df()


def duplicate_keys(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(sql("quality", "duplicate_keys")).df()


def outside_scale(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(sql("quality", "outside_scale")).df()


def outliers(con: duckdb.DuckDBPyConnection, limit: float = ROBUST_Z_LIMIT) -> pd.DataFrame:
    """Values far from the other countries in the same indicator and year, by the modified z-score."""
    return con.execute(sql("quality", "outliers"), [limit]).df()


def report(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {
        "coverage": coverage(con),
        "duplicate keys": duplicate_keys(con),
        "values outside scale": outside_scale(con),
        "outliers (robust z-score)": outliers(con),
    }
