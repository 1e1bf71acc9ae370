"""How a view builder reads the store: a `Read` runs an analytics query with a selection (cached in the dashboard)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

import duckdb

from analytics.selection import TOTAL, Selection, use

T = TypeVar("T")


class Read(Protocol):
    """`read(query, *args, sel=...)` is `query(cursor, *args)` on a cursor set to `sel`."""

    def __call__(self, query: Callable[..., T], *args: object, sel: Selection = TOTAL) -> T: ...


def direct(con: duckdb.DuckDBPyConnection) -> Read:
    """Reading without a cache (tests, the command line): each query on a cursor of its own."""

    def read(query: Callable[..., T], *args: object, sel: Selection = TOTAL) -> T:
        cur = con.cursor()
        return query(cur if sel == TOTAL else use(cur, sel), *args)

    return read
