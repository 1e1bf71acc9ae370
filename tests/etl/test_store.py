"""The versioned store: one writer at a time, readers never blocked, failed writes leave no trace."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyarrow as pa
import pytest

from store import Store


def _table(store: Store) -> list[tuple]:
    with store.reader() as con:
        return con.execute("SELECT * FROM t ORDER BY 1").fetchall()


def _write(store: Store, *values: int) -> None:
    with store.writer() as con:
        con.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
        for v in values:
            con.execute("INSERT INTO t VALUES (?)", [v])


def test_writes_are_published_whole_and_failures_leave_the_store_as_it_was(store: Store) -> None:
    _write(store, 1)
    assert _table(store) == [(1,)]
    with pytest.raises(RuntimeError):
        with store.writer() as con:
            con.execute("INSERT INTO t VALUES (2)")
            raise RuntimeError("failed half way")
    assert _table(store) == [(1,)]
    assert sorted(p.name for p in store.dir.glob("v*.duckdb")) == ["v000001.duckdb"]


def test_reader_keeps_its_version_while_a_writer_publishes_the_next(store: Store) -> None:
    _write(store, 1)
    old = store.reader()
    _write(store, 2)
    assert old.execute("SELECT count(*) FROM t").fetchone()[0] == 1
    assert _table(store) == [(1,), (2,)]
    old.close()


def test_old_versions_are_collected_and_open_readers_survive_it(store: Store) -> None:
    _write(store, 0)
    held = store.reader()
    for v in range(1, 6):
        _write(store, v)
    assert len(list(store.dir.glob("v*.duckdb"))) == 3
    assert held.execute("SELECT count(*) FROM t").fetchone()[0] == 1  # its file is gone, still readable
    held.close()


def test_leftover_of_a_killed_writer_is_removed_by_the_next_writer(store: Store) -> None:
    _write(store, 1)
    (store.dir / "v000002.duckdb").write_bytes(b"half-written garbage")
    assert _table(store) == [(1,)]
    _write(store, 2)
    assert _table(store) == [(1,), (2,)]
    assert sorted(p.name for p in store.dir.glob("v*.duckdb")) == ["v000001.duckdb", "v000002.duckdb"]


def test_another_process_can_write_while_this_one_holds_a_reader(store: Store) -> None:
    _write(store, 1)
    held = store.reader()  # as the dashboard holds its cached connection
    script = textwrap.dedent(f"""
        from store import Store
        with Store({str(store.dir)!r}).writer() as con:
            con.execute("INSERT INTO t VALUES (42)")
    """)
    subprocess.run([sys.executable, "-c", script], check=True, env=_env())
    assert held.execute("SELECT count(*) FROM t").fetchone()[0] == 1
    assert _table(store) == [(1,), (42,)]
    held.close()


def test_two_reader_processes_share_the_live_version(store: Store) -> None:
    _write(store, 7)
    script = (f"from store import Store; "
              f"print(Store({str(store.dir)!r}).reader().execute('SELECT x FROM t').fetchone()[0])")
    procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=_env())
             for _ in range(2)]
    held = store.reader()
    assert [p.communicate(timeout=60)[0].strip() for p in procs] == ["7", "7"]
    held.close()


def test_reader_says_how_to_build_a_missing_store(store: Store) -> None:
    with pytest.raises(Exception, match="python -m etl init"):
        store.reader()


def _env() -> dict[str, str]:
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return {**os.environ, "PYTHONPATH": str(root)}


def test_a_first_reader_leaves_no_result_open(store: Store) -> None:
    """The version check on a version not seen before leaves the connection free: a frame can be registered on it
    at once (DuckDB refuses while a result of execute() is unfinished)."""
    _write(store, 1)
    with store.reader() as con:
        con.register("frame", pa.table({"x": [7]}))
        assert con.execute("SELECT x FROM frame").fetchall() == [(7,)]


def _record_original(store: Store, sha256: str, *, only: bool = False) -> None:
    """A write whose version records a batch that loaded the file `sha256` (`only`: and no other batch)."""
    with store.writer() as con:
        if only:
            con.execute("DELETE FROM load_batch")
        n = con.execute("SELECT count(*) FROM load_batch").fetchone()[0] + 1
        con.execute("INSERT INTO load_batch VALUES (?, 'f.csv', ?, 'csv', NULL, 0, 0, 0, 'test', "
                    "current_localtimestamp(), 'active', NULL, NULL, NULL)", [n, sha256])


def test_originals_that_no_published_version_records_are_removed_by_the_next_writer(store: Store) -> None:
    """The writer reads what the live version records from its own copy of it, and older versions kept for readers
    only while an original is not found there: an original recorded by an older version alone stays until that
    version is collected."""
    live, older, never = "a" * 64, "b" * 64, "c" * 64
    _record_original(store, older)
    _record_original(store, live, only=True)  # the live version no longer records `older`; v000001 still does
    files = store.dir / "files"
    files.mkdir()
    for name in (live, older, never, live + ".tmp", "notes.txt"):
        (files / name).write_bytes(b"x")
    _write(store, 1)
    assert sorted(p.name for p in files.iterdir()) == sorted([live, older, "notes.txt"])
    _write(store, 2)  # publishing v000004 collects v000001, the last version recording `older`
    assert sorted(p.name for p in files.iterdir()) == sorted([live, older, "notes.txt"])
    _write(store, 3)
    assert sorted(p.name for p in files.iterdir()) == sorted([live, "notes.txt"])
