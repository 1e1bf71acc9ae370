"""Loads from another process while readers hold the store, and loads killed with SIGKILL at any point."""

from __future__ import annotations

import os
import random
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


def etl(*args: str, store: Store, temp: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "HUB_DATA_DIR": str(store.dir), "PYTHONPATH": str(ROOT)}
    if temp is not None:
        env["TMPDIR"] = str(temp)
        env["HUB_GUARD_DIR"] = str(temp / "hub-guard")  # the reading processes' job folders there too
    return subprocess.Popen([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_cli_load_succeeds_while_another_process_holds_the_store_open(store: Store) -> None:
    init_store(store, starter_pack=False)
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


def test_loads_killed_at_ten_random_points_leave_the_data_intact_and_the_next_load_leaves_nothing(
        store: Store, short_tmp: Path) -> None:
    """kill -9 at ten points of a load (seeded random delays, and the moments the reading process, the new
    version and the kept original appear): the live data stays as it was, or the whole batch is there; then one
    more load succeeds and no leftover of any kind remains (versions, logs, spill folders, temporary or orphaned
    originals, reading-process folders)."""
    init_store(store, starter_pack=False)
    load_file(real_file(EGDI), store=store)
    temp = short_tmp  # TMPDIR of the loads: where the guarded reading process keeps its job folders
    before_rows = snapshot(store)
    start = time.perf_counter()
    assert etl("load", str(real_file(WGI)), store=store, temp=temp).wait(timeout=300) == 0
    duration = time.perf_counter() - start
    whole = _observations(store)
    _undo_last_batch(store)
    assert snapshot(store) == before_rows
    before_bytes = live_bytes(store)

    rng = random.Random(14)
    points: list[tuple[str, object]] = [("after", rng.uniform(0.05, 1.0) * duration) for _ in range(7)]
    points += [("reading", lambda: any((temp / "hub-guard").glob("*/stderr"))),
               ("writing", lambda: bool(_unpublished(store))),
               ("original kept", lambda: _unkept_originals(store))]
    killed_before_publish = 0
    seen = []
    for kind, point in points:
        proc = etl("load", str(real_file(WGI)), store=store, temp=temp)
        if kind == "after":
            time.sleep(point)
        else:
            deadline = time.time() + 300
            while time.time() < deadline and proc.poll() is None and not point():
                time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        label = f"{point:.1f} s" if kind == "after" else kind
        if live_bytes(store) == before_bytes:
            killed_before_publish += 1
            seen.append(f"{label}: before publishing")
            assert snapshot(store) == before_rows, f"the data changed after a kill ({kind} {point})"
        else:  # the kill came after the swap: then the whole batch is there, nothing less
            seen.append(f"{label}: after publishing")
            assert _observations(store) == whole, f"half a load visible after a kill ({kind} {point})"
            _undo_last_batch(store)
            assert snapshot(store) == before_rows
            before_bytes = live_bytes(store)
    print(f"\nkill -9 points (a load takes {duration:.1f} s): " + "; ".join(seen))
    assert killed_before_publish >= 5, "too few kills landed inside a load to show anything"

    # One more load cleans up after the killed ones and succeeds; nothing else is left anywhere.
    proc = etl("load", str(real_file(WGI)), store=store, temp=temp)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "added 64200" in out
    with store.reader() as con:
        recorded = {sha for (sha,) in con.execute("SELECT sha256 FROM load_batch").fetchall()}
    versions = sorted(p.name for p in store.dir.glob("v*.duckdb"))
    assert sorted(p.name for p in store.dir.iterdir()) == sorted(["CURRENT", "writer.lock", "files", *versions])
    assert len(versions) <= 3 and _unpublished(store) == []
    assert sorted(p.name for p in (store.dir / "files").iterdir()) == sorted(recorded)
    deadline = time.time() + 30
    while time.time() < deadline and any((temp / "hub-guard").iterdir()):
        time.sleep(0.1)  # a reading process of the last kill may still be on its way out
    assert [p.name for p in temp.rglob("*") if p.name != "hub-guard"] == [], "leftovers of the reading processes"


def _unkept_originals(store: Store) -> bool:
    """An original copied into files/ whose batch is not published yet."""
    folder = store.dir / "files"
    with store.reader() as con:
        recorded = {sha for (sha,) in con.execute("SELECT sha256 FROM load_batch").fetchall()}
    return folder.is_dir() and any(p.name not in recorded for p in folder.iterdir())


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
