"""Sign-in attempts kept in SQLite (WAL): each attempt counted and its delay reserved atomically, lock-outs, audit."""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from core.sql import statement

log = logging.getLogger("hub.accounts")

STATEMENTS = Path(__file__).with_name("signin.sql")
# After the n-th failed attempt in a row, the next attempt's password is checked DELAY_BASE * 2**(n-2) seconds
# later at the earliest (the first FREE_FAILURES cost nothing: typos), never more than DELAY_MAX later.
DELAY_BASE = 1.0
DELAY_MAX = 300.0
FREE_FAILURES = 2
# An attempt whose turn comes within MAX_SLEEP seconds waits for it; a later one is refused unchecked (and counted).
MAX_SLEEP = 10.0
BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one before giving up
CORRUPT = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})

T = TypeVar("T")


def sql(name: str) -> str:
    """The statement `-- name: <name>` of accounts/signin.sql."""
    return statement(STATEMENTS, name)


def delay_for(failures: int) -> float:
    """Seconds between the attempt that made `failures` failures in a row and the next checked one."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(DELAY_BASE * 2 ** (failures - FREE_FAILURES), DELAY_MAX)


@dataclass(frozen=True)
class Clock:
    """Where sign-in reads the time and how it waits; tests pass a faster one, the dashboard the real one."""

    now: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class Turn:
    """What the store granted one attempt, decided before its password is looked at."""

    check: bool  # the password may be checked once `wait` seconds have passed
    wait: float  # seconds until this attempt's turn (check) or until the next turn (refused)
    failures: int  # failures in a row for the name, this attempt included
    next_at: float  # when the attempt after this one may be checked
    locked_out: bool = False  # the name is locked until an admin unlocks it


class SignInState:
    """Failures in a row, the next allowed time and lock-outs per name, in one SQLite file shared by processes.

    Every change runs in a `BEGIN IMMEDIATE` transaction, so concurrent attempts (tabs, processes) are counted one
    after the other and each reserves its own turn. A damaged file is moved aside (kept, with a timestamp) and
    started afresh, with a warning in the log: a broken file never locks everyone out.
    """

    def __init__(self, path: Path, lockout_after: int = 0, clock: Clock | None = None):
        self.path = Path(path)
        self.lockout_after = lockout_after  # 0: never lock a name out
        self.clock = clock or Clock()

    # -- the attempt ---------------------------------------------------------------------------------------------

    def begin_attempt(self, name: str) -> Turn:
        """Count an attempt for `name` and reserve its turn: the earliest time its password may be checked."""

        def reserve(con: sqlite3.Connection) -> Turn:
            now = self.clock.now()
            row = con.execute(sql("record"), [name]).fetchone()
            failures, next_at, locked_at = row if row else (0, 0.0, None)
            failures += 1  # every attempt counts as a failure until its password proves right
            if locked_at is not None:
                self._save(con, name, failures, next_at, locked_at, now)
                return Turn(False, 0.0, failures, next_at, locked_out=True)
            start = max(now, next_at)
            if self.lockout_after and failures >= self.lockout_after:
                self._save(con, name, failures, next_at, now, now)
                self._audit(con, now, name, "locked", "sign-in", f"{failures} failed attempts in a row")
                log.warning("sign-in: %r locked out after %d failed attempts in a row", name, failures)
                return Turn(False, 0.0, failures, next_at, locked_out=True)
            if start - now > MAX_SLEEP:  # its turn is too far off to wait for: refused, the password unread
                self._save(con, name, failures, next_at, None, now)
                return Turn(False, start - now, failures, next_at)
            after = start + delay_for(failures)
            self._save(con, name, failures, after, None, now)
            return Turn(True, start - now, failures, after)

        return self._transaction(reserve)

    def succeeded(self, name: str) -> bool:
        """The password was right: the name starts again with no failures. False (and nothing changed) when the
        name was locked out meanwhile by other attempts: the lock-out stands until an admin lifts it."""

        def reset(con: sqlite3.Connection) -> bool:
            row = con.execute(sql("locked_at"), [name]).fetchone()
            if row is not None and row[0] is not None:
                return False
            con.execute(sql("forget"), [name])
            return True

        return self._transaction(reset)

    # -- administration ------------------------------------------------------------------------------------------

    def unlock(self, name: str, actor: str) -> bool:
        """Lift a lock-out (and forget the failures); recorded in the audit log. False if `name` was not locked."""

        def lift(con: sqlite3.Connection) -> bool:
            row = con.execute(sql("failures_and_lock"), [name]).fetchone()
            if row is None or row[1] is None:
                return False
            con.execute(sql("forget"), [name])
            self._audit(con, self.clock.now(), name, "unlocked", actor,
                        f"locked since {_when(row[1])} after {row[0]} failed attempts")
            return True

        unlocked = self._transaction(lift)
        if unlocked:
            log.warning("sign-in: %r unlocked by %s", name, actor)
        return unlocked

    def locked(self) -> dict[str, float]:
        """Names locked out now -> since when (unix time)."""
        rows = self._transaction(lambda con: con.execute(sql("locked")).fetchall())
        return dict(rows)

    def record(self, name: str) -> tuple[int, float, float | None]:
        """(failures in a row, next allowed time, locked since) of a name; (0, 0.0, None) when it has none."""
        row = self._transaction(lambda con: con.execute(sql("record"), [name]).fetchone())
        return tuple(row) if row else (0, 0.0, None)

    def audit_log(self) -> list[tuple[str, str, str, str, str]]:
        """(time, name, event, actor, detail) of every lock-out and unlock, oldest first."""
        rows = self._transaction(lambda con: con.execute(sql("audit_log")).fetchall())
        return [(_when(at), *rest) for at, *rest in rows]

    # -- the file ------------------------------------------------------------------------------------------------

    @staticmethod
    def _save(con: sqlite3.Connection, name: str, failures: int, next_at: float, locked_at: float | None,
              now: float) -> None:
        con.execute(sql("save"), [name, failures, next_at, locked_at, now])

    @staticmethod
    def _audit(con: sqlite3.Connection, at: float, name: str, event: str, actor: str, detail: str) -> None:
        con.execute(sql("audit"), [at, name, event, actor, detail])

    def _transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work` inside BEGIN IMMEDIATE ... COMMIT; a damaged file is set aside and the work done on a new one."""
        for attempt in range(2):
            try:
                with self._connection() as con:
                    con.execute(sql("begin_immediate"))
                    try:
                        result = work(con)
                    except BaseException:
                        con.rollback()
                        raise
                    con.commit()
                    return result
            except sqlite3.DatabaseError as error:
                if attempt or not _is_corrupt(error):
                    raise
                self._set_aside(error)
        raise AssertionError("unreachable")

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        con = self._open()
        if not self._ready(con):  # a new (or just set aside) file: set it up once, under the file lock
            con.close()
            self._initialise()
            con = self._open()
        try:
            yield con
        finally:
            con.close()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():  # private from the start; SQLite gives its -wal and -shm files the same mode
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        con.execute(sql("durable"))  # a counted attempt survives a power cut
        return con

    @staticmethod
    def _ready(con: sqlite3.Connection) -> bool:
        """WAL mode and the tables in place (reads the header: a foreign or damaged file fails here)."""
        mode = con.execute(sql("journal_mode")).fetchone()[0]
        tables = {r[0] for r in con.execute(sql("tables"))}
        return mode == "wal" and {"attempt", "audit"} <= tables

    def _initialise(self) -> None:
        """Switch a new file to WAL and make the tables. Switching the journal mode is refused at once, not queued,
        while another connection reads: retried."""
        with self._file_lock():
            deadline = time.monotonic() + BUSY_TIMEOUT
            while True:
                con = self._open()
                try:
                    if self._ready(con):
                        return
                    con.execute(sql("use_wal"))
                    con.executescript(sql("schema"))
                    return
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) or time.monotonic() > deadline:
                        raise
                finally:
                    con.close()
                time.sleep(0.01)

    @contextmanager
    def _file_lock(self) -> Iterator[None]:
        """An exclusive lock (a file beside the state file) for setting the file up or setting it aside."""
        with open(os.open(self.path.with_name(self.path.name + ".lock"), os.O_WRONLY | os.O_CREAT, 0o600),
                  "w") as guard:
            fcntl.flock(guard, fcntl.LOCK_EX)
            yield

    def _set_aside(self, error: sqlite3.DatabaseError) -> None:
        """Move a damaged state file (and its -wal/-shm) aside, kept with a timestamp, so a new one is started."""
        with self._file_lock():  # one thread or process recovers; the others find the new file
            if not self._damaged():
                return
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            kept = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
            for suffix in ("", "-wal", "-shm"):
                source = Path(str(self.path) + suffix)
                if source.exists():
                    os.replace(source, Path(str(kept) + suffix))
            log.warning("sign-in state file %s was damaged (%s): kept as %s and started afresh; failed-attempt "
                        "counts and lock-outs before this moment are forgotten", self.path, error, kept.name)

    def _damaged(self) -> bool:
        try:
            con = self._open()
            try:
                return con.execute(sql("quick_check")).fetchone()[0] != "ok"
            finally:
                con.close()
        except sqlite3.DatabaseError as error:
            return _is_corrupt(error)


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    name = getattr(error, "sqlite_errorname", "")
    text = str(error)
    return name in CORRUPT or "file is not a database" in text or "malformed" in text


def _when(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
