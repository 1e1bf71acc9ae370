"""The versioned DuckDB store: readers open the current version read-only; one writer at a time builds the next."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from core.errors import HubError
from core.settings import data_dir

# The schema: every store/schema/*.sql in name order (00_core.sql, then one file per feature area).
SCHEMA_SQL = "\n".join(p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent / "schema").glob("*.sql")))
# Summaries of the whole store, rebuilt by every writer just before it publishes a version (store/summary.sql).
SUMMARY_SQL = (Path(__file__).parent / "summary.sql").read_text(encoding="utf-8")
POINTER = "CURRENT"
LOCK = "writer.lock"
VERSION = re.compile(r"^v(\d{6})\.duckdb$")
KEEP_VERSIONS = 3  # the current version and two before it stay on disk for readers that still use them
# Readers may not reach outside the store: no file reads or extension downloads through SQL.
READER_CONFIG = {"enable_external_access": False}
# A load's rows are written out to the new version as they come (DuckDB spills what does not fit), instead of
# being held in memory next to the frames they come from: a 3.6 M-row upload peaks ~100 MB lower.
WRITER_CONFIG = {"memory_limit": "256MB"}


class StoreError(HubError):
    """The store is missing or cannot be used; the message says what to do."""

    code = "store"


class Store:
    """A folder of database versions `vNNNNNN.duckdb` and a pointer file `CURRENT` naming the live one.

    DuckDB lets a single process own a database file (a read-write open blocks every other process, even
    read-only ones), so nobody writes the live file. A writer takes an exclusive lock, copies the live
    version, changes the copy inside one transaction, checkpoints and closes it, fsyncs it, and then swaps
    the pointer with `os.replace`. Readers open whatever version the pointer names, read-only, and reopen
    when it changes. A writer killed at any point leaves the pointer, and so the live data, as they were;
    the next writer deletes its unfinished file.
    """

    def __init__(self, directory: Path | None = None):
        self.dir = Path(directory) if directory else data_dir()

    # -- reading -------------------------------------------------------------------------------------------

    def current_path(self) -> Path | None:
        """The live version's file, or None when no store has been built yet."""
        try:
            name = (self.dir / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return self.dir / name if VERSION.match(name) else None

    def exists(self) -> bool:
        return self.current_path() is not None

    def reader(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the live version (retried if a writer swaps versions meanwhile)."""
        for _ in range(20):
            path = self.current_path()
            if path is None:
                raise StoreError(f"No data store in {self.dir}. Build it with: python -m etl init")
            try:
                return duckdb.connect(str(path), read_only=True, config=READER_CONFIG)
            except duckdb.IOException:
                if path.exists() and path == self.current_path():
                    raise
                time.sleep(0.05)  # the version was replaced and collected between two reads: look again
        raise StoreError(f"The store in {self.dir} kept changing while opening it; try again.")

    # -- writing -------------------------------------------------------------------------------------------

    @contextmanager
    def writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to the next version inside one transaction; published only on success."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with self._exclusive_lock():
            self._remove_unpublished()
            current = self.current_path()
            new = self.dir / f"v{self._highest_number() + 1:06d}.duckdb"
            if current is not None:
                shutil.copyfile(current, new)
            con = duckdb.connect(str(new), config=WRITER_CONFIG)
            try:
                con.execute(SCHEMA_SQL)
                con.execute("BEGIN TRANSACTION")
                yield con
                con.execute(SUMMARY_SQL)  # once per version: pages read these instead of scanning every row
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
                con.close()
            except BaseException:
                con.close()
                _remove_version(new)
                raise
            _fsync(new)
            self._publish(new.name)
            self._collect_old_versions()

    @contextmanager
    def _exclusive_lock(self) -> Iterator[None]:
        with open(self.dir / LOCK, "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print("Another load is writing to the store; waiting for it to finish...", flush=True)
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _versions(self) -> list[tuple[int, Path]]:
        found = [(int(m.group(1)), p) for p in self.dir.iterdir() if (m := VERSION.match(p.name))]
        return sorted(found)

    def _highest_number(self) -> int:
        versions = self._versions()
        return versions[-1][0] if versions else 0

    def _remove_unpublished(self) -> None:
        """Delete versions newer than the live one: what a killed writer left behind."""
        current = self.current_path()
        live = int(VERSION.match(current.name).group(1)) if current else 0
        for number, path in self._versions():
            if number > live:
                _remove_version(path)

    def _publish(self, name: str) -> None:
        tmp = self.dir / (POINTER + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.dir / POINTER)
        _fsync_dir(self.dir)

    def _collect_old_versions(self) -> None:
        """Readers still holding an older version keep reading it: an unlinked open file stays readable."""
        for _, path in self._versions()[:-KEEP_VERSIONS]:
            _remove_version(path)


def _remove_version(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
