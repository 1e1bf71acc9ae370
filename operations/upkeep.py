"""The store's upkeep: build it, the demo store, backup and restore, migrate, the data-quality check, queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from etl import backup as _backup
from etl import setup_store
from etl.backup import BackupReport, RestoreReport
from etl.validate import quality
from store import Store, StoreError
from store.public import PUBLIC_TABLES, PUBLIC_VIEWS, public_connection
from store.schema import pending

__all__ = ["BackupReport", "RestoreReport"]


@dataclass(frozen=True)
class Migrated:
    """A migration done (or not needed: `before == after`): the schema versions, the migrations run, the new file."""

    folder: Path
    before: int
    after: int
    migrations: tuple[str, ...]
    version_file: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class QueryResult:
    """A query's column names and its rows, read in chunks (the connection stays open while they are read)."""

    columns: list[str]
    cursor: duckdb.DuckDBPyConnection | None

    def chunks(self, size: int = 10_000) -> Iterator[list[tuple]]:
        while self.cursor is not None and (chunk := self.cursor.fetchmany(size)):
            yield chunk


def init(store: Store | None = None, *, starter_pack: bool = True) -> str:
    """Build the store from the reference data and the starter pack (or reference data only) when there is none;
    else bring its schema and reference data up to date. The message says what was done (English; translated by
    its catalogue templates)."""
    return setup_store.init_store(store or Store(), starter_pack=starter_pack)


def demo(store: Store | None = None) -> str:
    """Build or rebuild the DEMO store (in a folder of its own when the store in use holds published data)."""
    return setup_store.demo(store or Store())


def backup(folder: Path, store: Store | None = None) -> BackupReport:
    """The live version, the loaded originals and the accounts in one verified archive in `folder`."""
    return _backup.backup(store or Store(), Path(folder))


def restore(archive: Path, store: Store | None = None) -> RestoreReport:
    """Bring a backup back as a new version (checked whole before anything changes; earlier versions kept)."""
    return _backup.restore(Path(archive), store or Store())


def migrate(store: Store | None = None) -> Migrated:
    """Bring a store made by an earlier release to this release's schema as a new version (StoreError, a
    HubError, for a store of a newer release or no store)."""
    store = store or Store()
    before, after = store.migrate()
    names = tuple(m.name for m in pending(before)) if before != after else ()
    return Migrated(store.dir, before, after, names, store.current_path().name)


def check(store: Store | None = None) -> dict[str, pd.DataFrame]:
    """The data-quality report: coverage, duplicate keys, values outside their scale, robust-z outliers."""
    with (store or Store()).reader() as con:
        return quality.report(con)


@contextmanager
def query(text: str, store: Store | None = None) -> Iterator[QueryResult]:
    """Run a query on an in-memory copy of the public tables (respondent-level survey data is not in it at all).
    A name the copy does not hold is a StoreError listing what it does hold."""
    with public_connection(store or Store()) as con:
        try:
            cursor = con.execute(text)
        except duckdb.CatalogException as e:
            raise StoreError(f"{e}\n`etl sql` sees only these tables: "
                             f"{', '.join((*PUBLIC_VIEWS, *PUBLIC_TABLES))}. Respondent-level survey data and "
                             "unsuppressed survey counts are not among them: read survey results from "
                             "v_survey_results.") from None
        columns = [d[0] for d in cursor.description] if cursor.description is not None else []
        yield QueryResult(columns, cursor if cursor.description is not None else None)
