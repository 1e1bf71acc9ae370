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
from store import schema

# Summaries of the whole store, rebuilt by every writer just before it publishes a version (store/summary.sql).
SUMMARY_SQL = (Path(__file__).parent / "summary.sql").read_text(encoding="utf-8")
POINTER = "CURRENT"
LOCK = "writer.lock"
FILES = "files"  # every loaded file as it came, named by its sha256 (etl.load.keep_original)
VERSION = re.compile(r"^v(\d{6})\.duckdb$")
SIDE_FILE = re.compile(r"^(v\d{6}\.duckdb)\.(wal|tmp)$")  # DuckDB's write-ahead log and spill folder of a version
SHA256 = re.compile(r"^[0-9a-f]{64}$")
KEEP_VERSIONS = 3  # the current version and two before it stay on disk for readers that still use them
# Readers may not reach outside the store: no file reads or extension downloads through SQL.
READER_CONFIG = {"enable_external_access": False}
# A load's rows are written out to the new version as they come (DuckDB spills what does not fit), instead of
# being held in memory next to the frames they come from: a 3.6 M-row upload peaks ~100 MB lower. Rows are inserted
# in parallel, in no set order (a table's rows have none: every reader that needs one says ORDER BY): the
# benchmark's 3.6 M-row commit 1.95 s -> 1.66 s.
WRITER_CONFIG = {"memory_limit": "256MB", "preserve_insertion_order": False}


class StoreError(HubError):
    """The store is missing or cannot be used; the message says what to do."""

    code = "store"


# Folders this process is writing a version of (holding the writer lock): a reader opened meanwhile reads the live
# version as it is, since migrating it would wait for the lock this process holds.
_WRITING: set[Path] = set()
# Schema version of each published version file seen (a published file never changes): checked once per process.
_SEEN: dict[tuple[str, int, int], int] = {}


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
                con = duckdb.connect(str(path), read_only=True, config=READER_CONFIG)
            except duckdb.IOException:
                if path.exists() and path == self.current_path():
                    raise
                time.sleep(0.05)  # the version was replaced and collected between two reads: look again
                continue
            try:
                version = _seen_version(path, con)
            except BaseException:
                con.close()
                raise
            if version == schema.latest() or self.dir.resolve() in _WRITING:
                return con
            con.close()
            self._refuse_newer(version)
            self._migrate_for_reader(version)
        raise StoreError(f"The store in {self.dir} kept changing while opening it; try again.")

    def schema_version(self) -> int:
        """The schema version of the live version (0: made before versions were recorded)."""
        path = self.current_path()
        if path is None:
            raise StoreError(f"No data store in {self.dir}. Build it with: python -m etl init")
        with duckdb.connect(str(path), read_only=True, config=READER_CONFIG) as con:
            return schema.stored_version(con)

    def migrate(self) -> tuple[int, int]:
        """Bring the live version to this release's schema: the pending migrations of store/migrations/ run on a
        new version, published like a load (`etl migrate`; a reader does it on opening an older store). Returns
        (version before, version after); nothing is written when the store is up to date."""
        if not self.exists():
            raise StoreError(f"No data store in {self.dir}. Build it with: python -m etl init")
        with self._exclusive_lock():
            found = self.schema_version()
            if found == schema.latest():
                return found, found
            self._refuse_newer(found)
            with self._next_version():
                pass
        return found, schema.latest()

    def _refuse_newer(self, version: int) -> None:
        if version > schema.latest():
            raise StoreError(
                f"The store in {self.dir} has schema version {version}: a newer release of the Hub Reform Monitor "
                f"made it, and this release knows versions up to {schema.latest()}, so it neither reads nor changes "
                "it. Run the newer release, or point HUB_DATA_DIR at another folder and restore a backup there "
                "(python -m etl restore ARCHIVE).")

    def _migrate_for_reader(self, version: int) -> None:
        try:
            self.migrate()
        except OSError as e:
            raise StoreError(
                f"The store in {self.dir} has schema version {version}, made by an earlier release; this release "
                f"needs version {schema.latest()} and could not upgrade it ({e}). Run python -m etl migrate as a "
                f"user who may write to {self.dir}.") from e

    # -- writing -------------------------------------------------------------------------------------------

    @contextmanager
    def writer(self, base: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to the next version inside one transaction; published only on success.

        The next version starts as a copy of the live one, or of `base` (a database file: a restored backup)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with self._exclusive_lock(), self._next_version(base) as con:
            yield con

    @contextmanager
    def _next_version(self, base: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """The writer's work, with the lock held: copy, migrate to this release's schema, change, publish."""
        self.remove_leftovers()
        current = self.current_path() if base is None else Path(base)
        new = self.dir / f"v{self._highest_number() + 1:06d}.duckdb"
        if current is not None:
            shutil.copyfile(current, new)
        con = duckdb.connect(str(new), config=WRITER_CONFIG)
        _WRITING.add(self.dir.resolve())
        try:
            con.execute("BEGIN TRANSACTION")
            self._remove_unkept_files(live=con if base is None else None)  # the copy records what the live one does
            self._refuse_newer(schema.stored_version(con))
            try:
                schema.upgrade(con)  # the migrations this version still needs, the views, the version number
            except schema.MigrationFailed as e:
                raise StoreError(f"The store in {self.dir} could not be brought to schema version "
                                 f"{schema.latest()}: {e}. Nothing was changed; the live version is "
                                 f"{current.name if current else 'none'}.") from e
            yield con
            con.execute(SUMMARY_SQL)  # once per version: pages read these instead of scanning every row
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
            con.close()
        except BaseException:
            con.close()
            _remove_version(new)
            self._remove_unkept_files()
            raise
        finally:
            _WRITING.discard(self.dir.resolve())
        fsync(new)
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

    def remove_leftovers(self) -> list[Path]:
        """Delete what a killed writer left behind (call with the writer lock held; the writer does): versions
        newer than the live one with their write-ahead logs and spill folders, logs of versions that are gone, and
        a half-written pointer. (Half-copied originals and those of batches never published: _remove_unkept_files,
        once the writer has its copy of the live version.)"""
        removed: list[Path] = []
        current = self.current_path()
        live = int(VERSION.match(current.name).group(1)) if current else 0
        for number, path in self._versions():
            if number > live:
                removed += _remove_version(path)
        for path in self.dir.iterdir():
            m = SIDE_FILE.match(path.name)
            if m and not (self.dir / m.group(1)).exists() and (m.group(2) == "wal" or _newer(m.group(1), live)):
                removed += _remove_path(path)
        pointer_tmp = self.dir / (POINTER + ".tmp")
        if pointer_tmp.exists():
            removed += _remove_path(pointer_tmp)
        return removed

    def _remove_unkept_files(self, live: duckdb.DuckDBPyConnection | None = None) -> list[Path]:
        """Originals under files/ that no published version on disk records (their load was killed before
        publishing), and partial copies. `live`: a connection to an unchanged copy of the live version, read
        instead of opening the live version once more."""
        folder = self.dir / FILES
        if not folder.is_dir():
            return []
        unkept = {p.name for p in folder.iterdir() if p.name.endswith(".tmp") or SHA256.match(p.name)}
        return [path for name in self._unrecorded(unkept, live) for path in _remove_path(folder / name)]

    def _unrecorded(self, names: set[str], live: duckdb.DuckDBPyConnection | None) -> set[str]:
        """Those of `names` that no batch of a published version on disk (the live one and those kept for readers)
        records. Versions are read newest first, and no further once every name is found: usually the live one
        alone."""
        current = self.current_path()
        live_number = int(VERSION.match(current.name).group(1)) if current else 0
        for number, path in reversed(self._versions()):
            if not names:
                break
            if number > live_number:
                continue
            try:
                if number == live_number and live is not None:
                    names = names - _batch_files(live)
                    continue
                with duckdb.connect(str(path), read_only=True, config=READER_CONFIG) as con:
                    names = names - _batch_files(con)
            except duckdb.Error:
                return set()  # cannot tell: remove nothing
        return names

    def _publish(self, name: str) -> None:
        tmp = self.dir / (POINTER + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.dir / POINTER)
        _fsync_dir(self.dir)

    def _collect_old_versions(self) -> None:
        """Readers still holding an older version keep reading it: an unlinked open file stays readable (its
        spill folder, if a reader is using one, stays until DuckDB removes it)."""
        for _, path in self._versions()[:-KEEP_VERSIONS]:
            for p in (path, path.with_name(path.name + ".wal")):
                _remove_path(p)


def _batch_files(con: duckdb.DuckDBPyConnection) -> set[str]:
    """sha256 of every batch a version records (its originals under files/)."""
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'load_batch'").fetchall()[0][0]:
        return set()
    return {sha for (sha,) in con.execute("SELECT sha256 FROM load_batch").fetchall()}


def _seen_version(path: Path, con: duckdb.DuckDBPyConnection) -> int:
    stat = path.stat()
    key = (str(path), stat.st_ino, stat.st_mtime_ns)
    if key not in _SEEN:
        _SEEN[key] = schema.stored_version(con)
    return _SEEN[key]


def _remove_version(path: Path) -> list[Path]:
    """A version's file, its write-ahead log and its spill folder."""
    removed = []
    for p in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".tmp")):
        removed += _remove_path(p)
    return removed


def _remove_path(path: Path) -> list[Path]:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
        return [path]
    try:
        path.unlink()
    except FileNotFoundError:
        return []
    return [path]


def _newer(name: str, live: int) -> bool:
    return int(VERSION.match(name).group(1)) > live


def fsync(path: Path) -> None:
    """Flush a written file to disk (a version, a backup part) before it is named or pointed at."""
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
