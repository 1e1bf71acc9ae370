"""The store's schema: numbered SQL migrations (store/migrations/) and the views made again in every version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.settings import settings

HERE = Path(__file__).parent
MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
VERSION_KEY = "schema_version"  # store_info key: the number of the last migration applied
# Stores made before the version was recorded (version 0) run every migration; those up to here therefore create
# only what is missing (IF NOT EXISTS), since such a store may hold all of it already. Later migrations run once.
UNVERSIONED_UP_TO = 3


@dataclass(frozen=True)
class Migration:
    number: int
    name: str  # the file name without .sql: "0002_breakdowns"
    sql: str


def read_migrations(folder: Path = HERE / "migrations") -> tuple[Migration, ...]:
    """Every NNNN_what_it_does.sql of `folder`, numbered 1, 2, 3... without gaps (else a RuntimeError: a bug)."""
    found = []
    for path in sorted(folder.glob("*.sql")):
        m = MIGRATION_NAME.match(path.name)
        if not m:
            raise RuntimeError(f"{path}: a migration is named NNNN_what_it_does.sql (lower case)")
        found.append(Migration(int(m.group(1)), path.stem, path.read_text(encoding="utf-8")))
    numbers = [m.number for m in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"{folder}: migrations must be numbered 0001, 0002, ... without gaps or repeats: {numbers}")
    return tuple(found)


MIGRATIONS = read_migrations()
# Views hold no data: they are made again (CREATE OR REPLACE) in every version, after the migrations.
VIEWS_SQL = "\n".join(p.read_text(encoding="utf-8") for p in sorted((HERE / "views").glob("*.sql")))
# The whole schema of a new store as one script (an in-memory database shaped like the store, a fingerprint).
SCHEMA_SQL = "\n".join([*(m.sql for m in MIGRATIONS), VIEWS_SQL])


def stored_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version a store records; 0 for an empty database or one made before versions were recorded."""
    has_info = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = "
                           "'store_info'").fetchall()[0][0]  # fetchall: no result left open on the connection
    if not has_info:
        return 0
    rows = con.execute("SELECT value FROM store_info WHERE key = ?", [VERSION_KEY]).fetchall()
    return int(rows[0][0]) if rows else 0


def latest() -> int:
    """The schema version this release writes: the number of its last migration."""
    return MIGRATIONS[-1].number


def pending(version: int) -> list[Migration]:
    """The migrations a store at `version` still needs, in order."""
    return [m for m in MIGRATIONS if m.number > version]


def upgrade(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the pending migrations in order, make the views again and record the version (inside the caller's
    transaction: the writer's new version). Returns the names of the migrations applied. A store of a newer
    version is the caller's to refuse (Store does, before calling this)."""
    applied = []
    for migration in pending(stored_version(con)):
        try:
            con.execute(migration.sql)
        except duckdb.Error as e:
            raise MigrationFailed(migration.name, e) from e
        applied.append(migration.name)
    con.execute(VIEWS_SQL)
    con.execute("INSERT OR REPLACE INTO store_info VALUES (?, ?)", [VERSION_KEY, str(latest())])
    # The survey threshold the views apply (store/views/survey_min_n.sql), from its one home, recorded in every version
    # written: a setting changed takes effect in the views at the next write (the pages read the setting itself).
    con.execute("INSERT OR REPLACE INTO store_info VALUES ('survey_min_n', ?)", [str(settings().survey_min_n)])
    return applied


class MigrationFailed(Exception):
    """A migration's SQL failed on this store (the writer discards the new version; the live one is unchanged)."""

    def __init__(self, name: str, error: Exception):
        super().__init__(f"migration {name} failed: {error}")
        self.name = name
