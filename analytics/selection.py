"""Which figures the analyses read: one breakdown and the editions picked, set on a cursor for `figure`."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from store.queries import sql


@dataclass(frozen=True)
class Selection:
    """What a view reads, beyond the defaults of store/views/figures.sql.

    breakdown: '' for the total (the default), else one breakdown as stored ("sex=F").
    editions: source_ids of editions picked instead of their dataset's current edition (the rest stay current).
    """

    breakdown: str = ""
    editions: tuple[str, ...] = ()


TOTAL = Selection()


def use(con: duckdb.DuckDBPyConnection, selection: Selection = TOTAL) -> duckdb.DuckDBPyConnection:
    """Set `selection` on `con` (a cursor of its own: DuckDB variables belong to one connection) and return it.

    Every query through `con` then reads `figure` and `observation_chosen` with these picks."""
    con.execute(sql("analytics/selection", "set_breakdown"), [selection.breakdown])
    con.execute(sql("analytics/selection", "set_editions"), [list(selection.editions)])
    return con
