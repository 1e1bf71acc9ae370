"""ui.data.read: one cache for every query, keyed by the store version, the selection, the query and its arguments."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from analytics import compare
from analytics.selection import Selection
from screens.reading import direct
from store import Store
from ui import data

calls: list[tuple] = []


def counted(con: duckdb.DuckDBPyConnection, code: str) -> str:
    calls.append(("counted", code, con.execute("SELECT getvariable('hub_breakdown')").fetchone()[0]))
    return code


def other(con: duckdb.DuckDBPyConnection, code: str) -> str:
    calls.append(("other", code))
    return code.upper()


def test_a_query_runs_once_per_version_selection_and_arguments(demo_store: Store) -> None:
    calls.clear()
    path = str(demo_store.current_path())
    assert data.read(path, counted, "a") == data.read(path, counted, "a") == "a"
    assert calls == [("counted", "a", None)]  # the second read came from the cache
    data.read(path, counted, "b")
    data.read(path, counted, "a", sel=Selection(breakdown="sex=F"))  # set on the cursor the query reads
    assert data.read(path, other, "a") == "A"  # another query with the same arguments: its own entry
    assert calls[1:] == [("counted", "b", None), ("counted", "a", "sex=F"), ("other", "a")]
    with demo_store.writer() as con:  # a load publishes a new version: a new key, fresh figures
        con.execute("SELECT 1")
    newer = str(demo_store.current_path())
    assert newer != path
    data.read(newer, counted, "a")
    assert calls[-1] == ("counted", "a", None)


def test_reads_match_the_uncached_builders_reading(demo_store: Store) -> None:
    path = str(demo_store.current_path())
    with demo_store.reader() as con:
        expected = direct(con)(compare.indicators)
    pd.testing.assert_frame_equal(data.read(path, compare.indicators), expected)
    assert data.reader(path)(compare.indicators).equals(expected)


def test_a_lambda_is_refused(demo_store: Store) -> None:
    with pytest.raises(TypeError, match="named function"):
        data.read(str(demo_store.current_path()), lambda con: 1)
