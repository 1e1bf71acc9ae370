"""Cached read access to the store for the pages: one read-only connection per store version."""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from analytics import brief, overview
from analytics.selection import TOTAL, Selection, use
from store import READER_CONFIG, Store


def version() -> str | None:
    """The live store version's path; it changes when a load or rollback is published."""
    path = Store().current_path()
    return str(path) if path else None


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True, config=READER_CONFIG)


def cursor(path: str, sel: Selection = TOTAL) -> duckdb.DuckDBPyConnection:
    """A cursor of its own for one query: connections are shared between sessions, cursors never. `sel` (a
    breakdown, editions picked) is set on it for the `figure` view; the default is totals of current editions."""
    con = _connection(path).cursor()
    return con if sel == TOTAL else use(con, sel)


# Every cached query takes the version path first: a new version is a new cache key, so pages show a
# load's data on their next run without a restart.


@st.cache_data(show_spinner=False, max_entries=8)
def sources(path: str) -> pd.DataFrame:
    return overview.sources(cursor(path))


@st.cache_data(show_spinner=False, max_entries=8)
def hub_members(path: str) -> pd.DataFrame:
    return overview.hub_members(cursor(path))


@st.cache_data(show_spinner=False, max_entries=8)
def latest_batches(path: str) -> pd.DataFrame:
    return overview.latest_batches(cursor(path))


@st.cache_data(show_spinner=False, max_entries=8)
def headline(path: str, sel: Selection = TOTAL) -> pd.DataFrame:
    return overview.headline(cursor(path, sel))


@st.cache_data(show_spinner=False, max_entries=8)
def brief_countries(path: str, sel: Selection = TOTAL) -> pd.DataFrame:
    return brief.countries_with_data(cursor(path, sel))


@st.cache_data(show_spinner=False, max_entries=32)
def brief_groups(path: str, iso3: str, sel: Selection = TOTAL) -> tuple[pd.DataFrame, str]:
    con = cursor(path, sel)
    return brief.peer_groups(con, iso3), brief.default_group(con, iso3)
