"""Loads from another process while readers hold the store, and loads killed with SIGKILL at any point."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from etl.load import load_file
from etl.setup_store import init_store
from etl.write.rollback import rollback
from store import Store
from tests.conftest import ROOT, real_file
from tests.etl.test_load import live_bytes, snapshot

WGI = "wgi/wgidataset_2024_update.xlsx"
EGDI = "egdi/EGOV_DATA_2022.csv"


def etl(*args: str, store: Store) -> subprocess.Popen:
    env = {**os.environ, "HUB_DATA_DIR": str(store.dir), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_cli_load_succeeds_while_another_process_holds_the_store_open(store: Store) -> None:
    init_store(store, with_demo=False)
    held = store.reader()  # the dashboard's cached read-only connection
    before = held.execute("SELECT count(*) FROM observation").fetchone()[0]
    proc = etl("load", str(real_file(EGDI)), store=store)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "loaded as batch 1" in out
    assert held.execute("SELECT count(*) FROM observation").fetchone()[0] == before  # its version stays whole
    with store.reader() as fresh:
        assert fresh.execute("SELECT count(*) FROM observation").fetchone()[0] > before
    held.close()


def test_a_load_killed_at_any_point_leaves_the_previous_data_intact(store: Store) -> None:
    """A kill before the pointer swap must leave the live file untouched; after it, the load is whole."""
    init_store(store, with_demo=False)
    load_file(real_file(EGDI), store=store)
    before_rows, before_bytes = snapshot(store), live_bytes(store)
    start = time.perf_counter()
    assert etl("load", str(real_file(WGI)), store=store).wait(timeout=300) == 0
    duration = time.perf_counter() - start
    whole = _observations(store)
    _undo_last_batch(store)
    assert snapshot(store) == before_rows
    before_bytes = live_bytes(store)

    killed_before_publish = 0
    for fraction in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0):
        proc = etl("load", str(real_file(WGI)), store=store)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if live_bytes(store) == before_bytes:
            killed_before_publish += 1
            assert snapshot(store) == before_rows
        else:  # the kill came after the swap: then the whole batch is there, nothing less
            assert _observations(store) == whole, f"half a load visible after a kill at {fraction:.0%}"
            _undo_last_batch(store)
            assert snapshot(store) == before_rows
            before_bytes = live_bytes(store)
    assert killed_before_publish >= 3, "too few kills landed inside a load to show anything"

    # Killed while the new version's file is being written (deterministic: wait for the file to appear).
    for extra in (0.0, 0.02, 0.08):
        proc = etl("load", str(real_file(WGI)), store=store)
        deadline = time.time() + 120
        while time.time() < deadline and not _unpublished(store):
            time.sleep(0.001)
        time.sleep(extra)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if live_bytes(store) != before_bytes:
            assert _observations(store) == whole
            _undo_last_batch(store)
            before_bytes = live_bytes(store)
        assert snapshot(store) == before_rows

    # The next load cleans up after the killed ones and succeeds.
    report = load_file(real_file(WGI), store=store)
    assert report.added == 64_200
    assert _unpublished(store) == []


def _observations(store: Store) -> int:
    with store.reader() as con:
        return con.execute("SELECT count(*) FROM observation").fetchone()[0]


def _undo_last_batch(store: Store) -> None:
    with store.writer() as con:
        last = con.execute("SELECT max(batch_id) FROM load_batch WHERE status = 'active'").fetchone()[0]
        rollback(con, last, user="test")


def _unpublished(store: Store) -> list[Path]:
    current = int(store.current_path().name[1:7])
    return [p for p in store.dir.glob("v*.duckdb") if int(p.name[1:7]) > current]
