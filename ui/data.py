"""Cached read access to the store for the pages: one read-only connection per store version, one cache for every
query (keyed by the version, the selection, the query and its arguments)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

import duckdb
import streamlit as st

from analytics.selection import TOTAL, Selection, use
from screens.reading import Read
from store import READER_CONFIG, Store

T = TypeVar("T")


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


def read(path: str, query: Callable[..., T], *args: object, sel: Selection = TOTAL) -> T:
    """`query(cursor, *args)` on the store version at `path`, read with `sel`, cached. The version path is part of
    the key: a load or a rollback publishes a new path, so pages show its data on their next run without a restart.
    `query` is any plain function taking a cursor first (analytics, screens); its arguments must be hashable by
    st.cache_data (strings, numbers, lists, tuples, frozen dataclasses)."""
    name = f"{query.__module__}.{query.__qualname__}"
    if "<lambda>" in name:  # two lambdas of one module would share a name, and so cached results
        raise TypeError(f"ui.data.read needs a named function, not {name}")
    return _cached(path, sel, name, args, _query=query)


def reader(path: str) -> Read:
    """`read` bound to one store version: what the view builders (screens/) are given."""
    return partial(read, path)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, sel: Selection, name: str, args: tuple, _query: Callable[..., T]) -> T:
    return _query(cursor(path, sel), *args)
