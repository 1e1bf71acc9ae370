"""Writing one batch of observations into an open write transaction; editions; the reference tables."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import datetime

import duckdb
import pandas as pd

from core.errors import HubError, Problem, ValidationError
from etl import catalogue
from etl.harmonise import countries
from etl.model import IndicatorMeta, SourceMeta

KEY = ["source_id", "indicator_code", "iso3", "year", "breakdown"]
VALUES = ["value", "std_error", "lower", "upper", "n_sources", "flags"]
ROW_COLUMNS = KEY + VALUES  # the columns of `observation` besides batch_id (always named: never `SELECT *`)
_COLUMNS = ", ".join(ROW_COLUMNS)
_USING = f"USING ({', '.join(KEY)})"


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
    return con.execute(
        "SELECT batch_id, loaded_at FROM load_batch WHERE sha256 = ? AND status = 'active' ORDER BY batch_id",
        [sha256],
    ).fetchone()


def next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    """The next batch number. Numbers are never used twice, not even those of demo batches that published data
    removed (store_info 'last_removed_batch'), so a batch number always means one load."""
    return con.execute(
        "SELECT greatest(coalesce((SELECT max(batch_id) FROM load_batch), 0), coalesce((SELECT TRY_CAST(value "
        "AS INTEGER) FROM store_info WHERE key = 'last_removed_batch'), 0)) + 1").fetchone()[0]


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
    """Add `rows` (columns ROW_COLUMNS less source_id) as a new batch; return its id and row counts."""
    found = active_batch_with_sha(con, sha256)
    if found:
        raise AlreadyLoaded(*found)
    demo_removed = keep_demo_apart(con, source, file_name)
    batch_id = next_batch_id(con)
    con.execute(
        "INSERT INTO source SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ? WHERE NOT EXISTS "
        "(SELECT 1 FROM source WHERE source_id = ?)",
        [source.source_id, source.dataset, source.edition, source.name, source.publisher, source.licence,
         source.citation, source.url, source.is_demo, batch_id, source.source_id],
    )
    _add_indicators(con, indicators, batch_id)
    record = {"batch_id": batch_id, "file_name": file_name, "sha256": sha256, "kind": kind, "source": source,
              "user": user, "report": {**report, **({"demo_removed": demo_removed} if demo_removed else {})}}

    con.register("incoming_df", rows)  # read in place by DuckDB: no copy of the frame with a source_id column
    select = f"SELECT ?::VARCHAR AS source_id, {', '.join(ROW_COLUMNS[1:])} FROM incoming_df"
    if not con.execute("SELECT count(*) FROM observation WHERE source_id = ?", [source.source_id]).fetchone()[0]:
        # a source new to the store: every row is added, nothing to compare or replace
        con.execute(f"INSERT INTO observation ({_COLUMNS}, batch_id) SELECT *, ? FROM ({select})",
                    [batch_id, source.source_id])
        con.unregister("incoming_df")
        return _record_batch(con, **record, added=len(rows), replaced=0, unchanged=0, demo_removed=demo_removed)
    con.execute(f"CREATE TEMP TABLE incoming AS {select}", [source.source_id])
    con.unregister("incoming_df")
    differs = " OR ".join(f"o.{c} IS DISTINCT FROM i.{c}" for c in VALUES)
    joined = f"observation o JOIN incoming i {_USING}"
    replaced = con.execute(f"SELECT count(*) FROM {joined} WHERE {differs}").fetchone()[0]
    unchanged = con.execute(f"SELECT count(*) FROM {joined} WHERE NOT ({differs})").fetchone()[0]
    if replaced:
        con.execute(
            f"INSERT INTO observation_replaced ({_COLUMNS}, batch_id, replaced_by) "
            f"SELECT {', '.join('o.' + c for c in ROW_COLUMNS)}, o.batch_id, ? FROM {joined} WHERE {differs}",
            [batch_id],
        )
        con.execute(
            f"DELETE FROM observation o USING incoming i WHERE "
            f"{' AND '.join(f'o.{k} = i.{k}' for k in KEY)} AND ({differs})"
        )
    added = len(rows) - replaced - unchanged
    con.execute(
        f"INSERT INTO observation ({_COLUMNS}, batch_id) SELECT {', '.join('i.' + c for c in ROW_COLUMNS)}, ? "
        f"FROM incoming i ANTI JOIN observation o {_USING}",
        [batch_id],
    )
    con.execute("DROP TABLE incoming")
    return _record_batch(con, **record, added=added, replaced=replaced, unchanged=unchanged,
                         demo_removed=demo_removed)


def _record_batch(con: duckdb.DuckDBPyConnection, *, batch_id: int, file_name: str, sha256: str, kind: str,
                  source: SourceMeta, user: str, report: dict, added: int, replaced: int,
                  unchanged: int, demo_removed: dict[str, int]) -> dict:
    con.execute(
        "INSERT INTO load_batch VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp(), 'active', "
        "NULL, NULL, ?)",
        [batch_id, file_name, sha256, kind, source.source_id, added, replaced, unchanged, user,
         json.dumps(report, ensure_ascii=False, default=str)],
    )
    mark_current_editions(con)
    return {"batch_id": batch_id, "added": added, "replaced": replaced, "unchanged": unchanged,
            "demo_removed": demo_removed}


# -- demo data kept apart ---------------------------------------------------------------------------------------


def holds_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT EXISTS (SELECT 1 FROM source WHERE is_demo)").fetchone()[0])


def holds_published(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT EXISTS (SELECT 1 FROM source WHERE NOT is_demo)").fetchone()[0])


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
    sources = [r[0] for r in con.execute("SELECT source_id FROM source WHERE is_demo").fetchall()]
    if not sources:
        return {}
    datasets = [r[0] for r in con.execute(  # datasets with no published edition: their own indicators go too
        "SELECT dataset FROM source GROUP BY dataset HAVING bool_and(is_demo)").fetchall()]
    demo_batches = [r[0] for r in con.execute(
        "SELECT batch_id FROM load_batch WHERE list_contains(?, source_id) OR kind = 'demo' "
        "UNION SELECT batch_id FROM source WHERE is_demo", [sources]).fetchall()]
    tables = [r[0] for r in con.execute(
        "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
        "USING (table_catalog, table_schema, table_name) WHERE c.column_name = 'batch_id' "
        "AND t.table_type = 'BASE TABLE' AND t.table_schema = 'main' AND c.table_name <> 'load_batch' "
        "ORDER BY 1").fetchall()]
    removed = {}
    for table in tables:  # names from the store's own catalogue, never from user text
        n = con.execute(f"DELETE FROM {table} WHERE list_contains(?, batch_id)", [demo_batches]).fetchone()[0]
        if n:
            removed[table] = n
    n = con.execute("DELETE FROM observation_replaced WHERE list_contains(?, replaced_by)",
                    [demo_batches]).fetchone()[0]
    if n:
        removed["observation_replaced"] = removed.get("observation_replaced", 0) + n
    for table, column, values in (("source", "source_id", sources), ("observation", "source_id", sources),
                                  ("survey", "source_id", sources), ("indicator", "dataset", datasets)):
        n = con.execute(f"DELETE FROM {table} WHERE list_contains(?, {column})", [values]).fetchone()[0]
        if n:
            removed[table] = removed.get(table, 0) + n
    con.execute("INSERT OR REPLACE INTO store_info VALUES ('last_removed_batch', ?)", [str(next_batch_id(con) - 1)])
    removed["load_batch"] = con.execute("DELETE FROM load_batch WHERE list_contains(?, batch_id)",
                                        [demo_batches]).fetchone()[0]
    mark_current_editions(con)
    return removed


def _add_indicators(con: duckdb.DuckDBPyConnection, declared: list[IndicatorMeta], batch_id: int) -> None:
    """Catalogue indicators are kept in step with data/reference; a file's own declarations are tied to it."""
    own = [m for m in declared if m.code not in _published_catalogue()]
    if not own:
        return
    names = [f.name for f in fields(IndicatorMeta)]
    assert names[0] == "code" and names[11] == "decimals", names  # the order of _indicator_values
    columns = list(zip(*(_indicator_values(m) for m in own), strict=True))
    frame = pd.DataFrame({n: pd.Series(c, dtype=object) for n, c in zip(names, columns, strict=True)})
    frame["_n"] = range(len(frame))
    con.register("declared_df", frame)  # one statement for all of them (a file may declare thousands)
    typed = ", ".join(f"CAST({n} AS {t})" for n, t in zip(names, _INDICATOR_TYPES, strict=True))
    # the first declaration of a code counts, as when they were inserted one by one
    con.execute(f"INSERT INTO indicator ({', '.join(names)}, batch_id) SELECT DISTINCT ON (code) {typed}, ? "
                "FROM declared_df "
                "WHERE code NOT IN (SELECT code FROM indicator) ORDER BY code, _n", [batch_id])
    con.unregister("declared_df")


def _published_catalogue() -> dict[str, IndicatorMeta]:
    """Catalogue indicators of published datasets: in every store. Demo indicators come with the demo batch."""
    return {c: m for c, m in catalogue.indicators().items() if not catalogue.is_demo_dataset(m.dataset)}


_INDICATOR_TYPES = ["VARCHAR"] * 7 + ["DOUBLE", "DOUBLE", "BOOLEAN", "VARCHAR", "INTEGER"] + ["VARCHAR"] * 5


def _indicator_values(m: IndicatorMeta) -> list:
    return [getattr(m, f.name) for f in fields(IndicatorMeta)]


def edition_order(edition: str, batch_id: int) -> tuple[int, int]:
    """Editions sort by the first year they name ("2024 update" > "2023 update"), then by load order."""
    years = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", edition)
    return (int(years[0]) if years else 0, batch_id)


def mark_current_editions(con: duckdb.DuckDBPyConnection) -> None:
    """The current edition of each dataset is its latest one."""
    sources = con.execute("SELECT source_id, dataset, edition, batch_id FROM source").fetchall()
    latest: dict[str, tuple[tuple[int, int], str]] = {}
    for source_id, dataset, edition, batch_id in sources:
        key = edition_order(edition, batch_id)
        if dataset not in latest or key > latest[dataset][0]:
            latest[dataset] = (key, source_id)
    current = [sid for _, sid in latest.values()]
    con.execute("UPDATE source SET is_current = list_contains(?, source_id)", [current])


def refresh_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild countries, groups, themes and catalogue indicators from data/reference/."""
    table = countries.country_table()
    groups, members = countries.group_tables()
    themes = pd.DataFrame(
        [{"code": k, "name_en": v["name_en"], "name_ru": v["name_ru"], "name_kk": v.get("name_kk")}
         for k, v in catalogue.themes().items()]
    )
    for name, frame, columns in (
        ("country", table, "iso3, name_en, name_ru, name_kk, region, is_hub_member, member_since, "
                           "membership_certain, membership_note"),
        ("country_group", groups, "group_code, name_en, name_ru, name_kk, kind"),
        ("country_group_member", members, "group_code, iso3"),
        ("theme", themes, "code, name_en, name_ru, name_kk"),
        ("breakdown_label", pd.DataFrame(catalogue.breakdown_labels(), columns=["dimension", "code", "name_en",
                                                                                "name_ru"]),
         "dimension, code, name_en, name_ru"),
    ):
        con.register("ref_df", frame)
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM ref_df")
        con.unregister("ref_df")
    catalogued = list(_published_catalogue().values())
    con.execute("DELETE FROM indicator WHERE batch_id IS NULL")
    con.executemany(
        f"INSERT OR REPLACE INTO indicator ({', '.join(f.name for f in fields(IndicatorMeta))}) "
        f"VALUES ({', '.join('?' for _ in fields(IndicatorMeta))})",
        [_indicator_values(m) for m in catalogued],
    )
