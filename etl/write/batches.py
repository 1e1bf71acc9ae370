"""Writing one batch of observations into an open write transaction; editions; the reference tables."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import datetime

import duckdb
import pandas as pd

from core.errors import HubError
from etl import catalogue
from etl.harmonise import countries
from etl.model import IndicatorMeta, SourceMeta

KEY = ["source_id", "indicator_code", "iso3", "year"]
VALUES = ["value", "std_error", "lower", "upper", "n_sources", "flags"]
ROW_COLUMNS = KEY + VALUES  # the columns of `observation` before batch_id


class AlreadyLoaded(HubError):
    """The same file (same sha256) is already in the store as an active batch."""

    code = "already_loaded"

    def __init__(self, batch_id: int, loaded_at: datetime):
        self.batch_id = batch_id
        self.loaded_at = loaded_at
        super().__init__(f"already loaded as batch {batch_id} on {loaded_at:%Y-%m-%d %H:%M}")


class RollbackRefused(HubError):
    """A rollback that would break the store's history; the message says what to do first."""

    code = "rollback_refused"


def active_batch_with_sha(con: duckdb.DuckDBPyConnection, sha256: str) -> tuple[int, datetime] | None:
    return con.execute(
        "SELECT batch_id, loaded_at FROM load_batch WHERE sha256 = ? AND status = 'active' ORDER BY batch_id",
        [sha256],
    ).fetchone()


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
    batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM load_batch").fetchone()[0]
    con.execute(
        "INSERT INTO source SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ? WHERE NOT EXISTS "
        "(SELECT 1 FROM source WHERE source_id = ?)",
        [source.source_id, source.dataset, source.edition, source.name, source.publisher, source.licence,
         source.citation, source.url, source.is_demo, batch_id, source.source_id],
    )
    _add_indicators(con, indicators, batch_id)

    con.register("incoming_df", rows)  # read in place by DuckDB: no copy of the frame with a source_id column
    select = f"SELECT ?::VARCHAR AS source_id, {', '.join(ROW_COLUMNS[1:])} FROM incoming_df"
    if not con.execute("SELECT count(*) FROM observation WHERE source_id = ?", [source.source_id]).fetchone()[0]:
        # a source new to the store: every row is added, nothing to compare or replace
        con.execute(f"INSERT INTO observation SELECT *, ? FROM ({select})", [batch_id, source.source_id])
        con.unregister("incoming_df")
        return _record_batch(con, batch_id=batch_id, file_name=file_name, sha256=sha256, kind=kind,
                             source=source, user=user, report=report, added=len(rows), replaced=0, unchanged=0)
    con.execute(f"CREATE TEMP TABLE incoming AS {select}", [source.source_id])
    con.unregister("incoming_df")
    differs = " OR ".join(f"o.{c} IS DISTINCT FROM i.{c}" for c in VALUES)
    joined = "observation o JOIN incoming i USING (source_id, indicator_code, iso3, year)"
    replaced = con.execute(f"SELECT count(*) FROM {joined} WHERE {differs}").fetchone()[0]
    unchanged = con.execute(f"SELECT count(*) FROM {joined} WHERE NOT ({differs})").fetchone()[0]
    if replaced:
        con.execute(
            f"INSERT INTO observation_replaced SELECT o.*, ? FROM {joined} WHERE {differs}", [batch_id]
        )
        con.execute(
            f"DELETE FROM observation o USING incoming i WHERE "
            f"{' AND '.join(f'o.{k} = i.{k}' for k in KEY)} AND ({differs})"
        )
    added = len(rows) - replaced - unchanged
    con.execute(
        f"INSERT INTO observation SELECT {', '.join('i.' + c for c in ROW_COLUMNS)}, ? FROM incoming i "
        "ANTI JOIN observation o USING (source_id, indicator_code, iso3, year)",
        [batch_id],
    )
    con.execute("DROP TABLE incoming")
    return _record_batch(con, batch_id=batch_id, file_name=file_name, sha256=sha256, kind=kind, source=source,
                         user=user, report=report, added=added, replaced=replaced, unchanged=unchanged)


def _record_batch(con: duckdb.DuckDBPyConnection, *, batch_id: int, file_name: str, sha256: str, kind: str,
                  source: SourceMeta, user: str, report: dict, added: int, replaced: int,
                  unchanged: int) -> dict[str, int]:
    con.execute(
        "INSERT INTO load_batch VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp(), 'active', "
        "NULL, NULL, ?)",
        [batch_id, file_name, sha256, kind, source.source_id, added, replaced, unchanged, user,
         json.dumps(report, ensure_ascii=False, default=str)],
    )
    mark_current_editions(con)
    return {"batch_id": batch_id, "added": added, "replaced": replaced, "unchanged": unchanged}


def _add_indicators(con: duckdb.DuckDBPyConnection, declared: list[IndicatorMeta], batch_id: int) -> None:
    """Catalogue indicators are kept in step with data/reference; a file's own declarations are tied to it."""
    own = [m for m in declared if m.code not in catalogue.indicators()]
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
    ):
        con.register("ref_df", frame)
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM ref_df")
        con.unregister("ref_df")
    catalogued = list(catalogue.indicators().values())
    con.execute("DELETE FROM indicator WHERE batch_id IS NULL")
    con.executemany(
        f"INSERT OR REPLACE INTO indicator ({', '.join(f.name for f in fields(IndicatorMeta))}) "
        f"VALUES ({', '.join('?' for _ in fields(IndicatorMeta))})",
        [_indicator_values(m) for m in catalogued],
    )
