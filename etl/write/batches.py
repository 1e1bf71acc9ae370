"""Writing one batch of observations into an open write transaction; editions; the reference tables."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import datetime

import duckdb
import pandas as pd
import pyarrow as pa

from core.errors import HubError, Problem, ValidationError
from etl import catalogue
from etl.harmonise import countries
from etl.model import MEASURES, IndicatorMeta, SourceMeta
from store.queries import sql


class AlreadyLoaded(HubError):
    """The same file (same sha256) is already in the store as an active batch."""

    code = "already_loaded"

    def __init__(self, batch_id: int, loaded_at: datetime):
        self.batch_id = batch_id
        self.loaded_at = loaded_at
        super().__init__(f"already loaded as batch {batch_id} on {loaded_at:%Y-%m-%d %H:%M}")


class DemoBesidePublished(ValidationError):
    """Demo data may go only into a store that holds no published data."""


class RollbackRefused(HubError):
    """A rollback that would break the store's history; the message says what to do first."""

    code = "rollback_refused"


def active_batch_with_sha(con: duckdb.DuckDBPyConnection, sha256: str) -> tuple[int, datetime] | None:
    return con.execute(sql("batches", "active_batch_with_sha"), [sha256]).fetchone()


def next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    """The next batch number. Numbers are never used twice, not even those of demo batches that published data
    removed (store_info 'last_removed_batch'), so a batch number always means one load."""
    return con.execute(sql("batches", "next_batch_id")).fetchone()[0]


def write_batch(
    con: duckdb.DuckDBPyConnection,
    *,
    rows: pd.DataFrame,
    source: SourceMeta,
    indicators: list[IndicatorMeta],
    file_name: str,
    sha256: str,
    kind: str,
    user: str,
    report: dict,
) -> dict[str, int]:
    """Add `rows` (the columns of `observation` but source_id and batch_id) as a new batch; return its id and row
    counts."""
    found = active_batch_with_sha(con, sha256)
    if found:
        raise AlreadyLoaded(*found)
    demo_removed = keep_demo_apart(con, source, file_name)
    batch_id = next_batch_id(con)
    add_source(con, source, batch_id)
    _add_indicators(con, indicators, batch_id)
    record = {"batch_id": batch_id, "file_name": file_name, "sha256": sha256, "kind": kind, "source": source,
              "user": user, "report": {**report, **({"demo_removed": demo_removed} if demo_removed else {})}}

    # as Arrow: DuckDB scans it about twice as fast as the frame's nullable columns (text columns not copied)
    con.register("incoming_df", _with_measures(pa.Table.from_pandas(rows, preserve_index=False)))
    if not con.execute(sql("batches", "count_source_rows"), [source.source_id]).fetchone()[0]:
        # a source new to the store: every row is added, nothing to compare or replace
        con.execute(sql("batches", "insert_new_source_rows"), [batch_id, source.source_id])
        con.unregister("incoming_df")
        return _record_batch(con, **record, added=len(rows), replaced=0, unchanged=0, demo_removed=demo_removed)
    con.execute(sql("batches", "create_incoming"), [source.source_id])
    con.unregister("incoming_df")
    replaced, unchanged = con.execute(sql("batches", "count_replaced_unchanged")).fetchone()
    if replaced:
        con.execute(sql("batches", "keep_replaced"), [batch_id])
        con.execute(sql("batches", "delete_replaced"))
    added = len(rows) - replaced - unchanged
    con.execute(sql("batches", "insert_incoming"), [batch_id])
    con.execute(sql("batches", "drop_incoming"))
    return _record_batch(con, **record, added=added, replaced=replaced, unchanged=unchanged,
                         demo_removed=demo_removed)


def _with_measures(table: pa.Table) -> pa.Table:
    """`table` with the MEASURES a file does not hold as empty columns, the shape the insert statements read.

    An empty column is of Arrow's null type, which holds no buffers (the statements cast every measure to DOUBLE):
    four float64 columns of nulls were 115 MB of zeros to allocate and scan for the benchmark's 3.6 M rows."""
    for name in MEASURES:
        if name not in table.column_names:
            table = table.append_column(name, pa.nulls(len(table)))
    return table


def add_source(con: duckdb.DuckDBPyConnection, source: SourceMeta, batch_id: int) -> None:
    """Record `source` as brought by `batch_id`, unless the store holds that source (edition) already."""
    con.execute(sql("batches", "add_source"),
                [source.source_id, source.dataset, source.edition, source.name, source.publisher, source.licence,
                 source.citation, source.url, source.is_demo, batch_id, source.source_id])


def _record_batch(con: duckdb.DuckDBPyConnection, *, batch_id: int, file_name: str, sha256: str, kind: str,
                  source: SourceMeta, user: str, report: dict, added: int, replaced: int,
                  unchanged: int, demo_removed: dict[str, int]) -> dict:
    con.execute(
        sql("batches", "record_batch"),
        [batch_id, file_name, sha256, kind, source.source_id, added, replaced, unchanged, user,
         json.dumps(report, ensure_ascii=False, default=str)],
    )
    mark_current_editions(con)
    return {"batch_id": batch_id, "added": added, "replaced": replaced, "unchanged": unchanged,
            "demo_removed": demo_removed}


# -- demo data kept apart ---------------------------------------------------------------------------------------


def holds_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(sql("batches", "holds_demo")).fetchone()[0])


def holds_published(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(sql("batches", "holds_published")).fetchone()[0])


def keep_demo_apart(con: duckdb.DuckDBPyConnection, source: SourceMeta, file_name: str) -> dict[str, int]:
    """Before a batch of `source` is written: demo data never sits beside published data.

    Published data into a store holding demo data removes every demo row first (in the caller's transaction,
    so the batch and the removal happen together or not at all) and returns what was removed; demo data into a
    store holding published data is refused."""
    if source.is_demo:
        if holds_published(con):
            raise DemoBesidePublished(f"{file_name}: demo data is never loaded beside published data", [Problem(
                "this file is marked as demo data and the store holds published data", file=file_name,
                value=source.source_id, hint="demo data lives in a store of its own: build it with "
                "python -m etl demo (or ./run.sh --demo)")])
        return {}
    return remove_demo(con)


def remove_demo(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Delete every demo row: the demo sources, every row their batches brought in any table (found by its
    batch_id column, so a table added later is covered too), and those batches' records. Rows removed per table."""
    sources = [r[0] for r in con.execute(sql("batches", "demo_sources")).fetchall()]
    if not sources:
        return {}
    datasets = [r[0] for r in con.execute(sql("batches", "demo_only_datasets")).fetchall()]
    demo_batches = [r[0] for r in con.execute(sql("batches", "demo_batches"), [sources]).fetchall()]
    tables = [r[0] for r in con.execute(sql("batches", "batch_tables")).fetchall()]
    removed = {}
    for table in tables:  # from the store's own catalogue: a table without its statement fails here, by name
        n = con.execute(sql("batches", f"delete_demo_{table}"), [demo_batches]).fetchone()[0]
        if n:
            removed[table] = n
    n = con.execute(sql("batches", "delete_demo_replaced_by"), [demo_batches]).fetchone()[0]
    if n:
        removed["observation_replaced"] = removed.get("observation_replaced", 0) + n
    for table, values in (("source", sources), ("observation", sources), ("survey", sources),
                          ("indicator", datasets)):
        n = con.execute(sql("batches", f"delete_demo_{table}_rows"), [values]).fetchone()[0]
        if n:
            removed[table] = removed.get(table, 0) + n
    con.execute(sql("batches", "remember_last_removed_batch"), [str(next_batch_id(con) - 1)])
    removed["load_batch"] = con.execute(sql("batches", "delete_demo_batches"), [demo_batches]).fetchone()[0]
    mark_current_editions(con)
    return removed


def _add_indicators(con: duckdb.DuckDBPyConnection, declared: list[IndicatorMeta], batch_id: int) -> None:
    """Catalogue indicators are kept in step with data/reference; a file's own declarations are tied to it."""
    published = _published_catalogue()  # once, not once per declared indicator
    own = [m for m in declared if m.code not in published]
    if not own:
        return
    names = [f.name for f in fields(IndicatorMeta)]
    columns = list(zip(*(_indicator_values(m) for m in own), strict=True))
    frame = pd.DataFrame({n: pd.Series(c, dtype=object) for n, c in zip(names, columns, strict=True)})
    frame["_n"] = range(len(frame))
    con.register("declared_df", frame)  # one statement for all of them (a file may declare thousands)
    # the first declaration of a code counts, as when they were inserted one by one
    con.execute(sql("batches", "add_declared_indicators"), [batch_id])
    con.unregister("declared_df")


def _published_catalogue() -> dict[str, IndicatorMeta]:
    """Catalogue indicators of published datasets: in every store. Demo indicators come with the demo batch."""
    return {c: m for c, m in catalogue.indicators().items() if not catalogue.is_demo_dataset(m.dataset)}


def _indicator_values(m: IndicatorMeta) -> list:
    return [getattr(m, f.name) for f in fields(IndicatorMeta)]


def edition_order(edition: str, batch_id: int) -> tuple[int, int]:
    """Editions sort by the first year they name ("2024 update" > "2023 update"), then by load order."""
    years = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", edition)
    return (int(years[0]) if years else 0, batch_id)


def mark_current_editions(con: duckdb.DuckDBPyConnection) -> None:
    """The current edition of each dataset is its latest one."""
    sources = con.execute(sql("batches", "editions")).fetchall()
    latest: dict[str, tuple[tuple[int, int], str]] = {}
    for source_id, dataset, edition, batch_id in sources:
        key = edition_order(edition, batch_id)
        if dataset not in latest or key > latest[dataset][0]:
            latest[dataset] = (key, source_id)
    current = [sid for _, sid in latest.values()]
    con.execute(sql("batches", "mark_current_editions"), [current])


def refresh_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild countries, groups, themes and catalogue indicators from data/reference/."""
    table = countries.country_table()
    groups, members = countries.group_tables()
    themes = pd.DataFrame(
        [{"code": k, "name_en": v["name_en"], "name_ru": v["name_ru"], "name_kk": v.get("name_kk")}
         for k, v in catalogue.themes().items()]
    )
    for name, frame in (
        ("country", table),
        ("country_group", groups),
        ("country_group_member", members),
        ("theme", themes),
        ("breakdown_label", pd.DataFrame(catalogue.breakdown_labels(), columns=["dimension", "code", "name_en",
                                                                                "name_ru"])),
    ):
        con.register("ref_df", frame)
        con.execute(sql("batches", f"refresh_{name}"))
        con.unregister("ref_df")
    catalogued = list(_published_catalogue().values())
    con.execute(sql("batches", "delete_catalogue_indicators"))
    con.executemany(sql("batches", "put_catalogue_indicator"), [_indicator_values(m) for m in catalogued])
