"""Hostile files through `etl load`: each ends in a located message, exit code 1, the store byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl import cli
from etl.guard import tasks
from etl.setup_store import init_store
from store import Store
from tests.conftest import ROOT, real_file
from tests.etl.guard import doubles

# What each refusal must say: the place and the numbers (found, limit) or what happened.
EXPECTED = {
    "far_corner": ["far_corner.xlsx, sheet 'Data'", "A1:XFD1048576", "row 1,048,576", "the limit is 1,000,000 rows"],
    "strings_bomb": ["strings_bomb.xlsx", "xl/sharedStrings.xml expands", "times", "the limit is 100 times"],
    "million_rows": ["million_rows.xlsx, sheet 'Data'", "A1:B1048576", "1,048,576", "the limit is 1,000,000 rows"],
    "panicking": ["EGOV_DATA_2022.csv", "the reader stopped on this file", "signal 6 (SIGABRT)", "panicked at"],
}


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("store") / "store")
    init_store(store)
    return store


@pytest.fixture
def live(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("HUB_DATA_DIR", str(demo_store.dir))
    return demo_store


def hostile_path(name: str, hostile_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    if name == "panicking":  # a real file, read by a reader that aborts the way a Rust panic does
        monkeypatch.setattr(tasks, "read_file", doubles.aborts)
        return real_file("egdi/EGOV_DATA_2022.csv")
    return hostile_files[name]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_hostile_file_through_etl_load_is_a_located_message_and_changes_nothing(
        name: str, hostile_files: dict[str, Path], live: Store, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture) -> None:
    path = hostile_path(name, hostile_files, monkeypatch)
    before = fingerprint(live.dir)
    assert cli.main(["load", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Internal error" not in err and "Traceback" not in err
    for words in EXPECTED[name]:
        assert words in err, f"{words!r} not in: {err}"
    assert fingerprint(live.dir) == before, "the store changed"


def test_the_command_line_process_itself_survives_the_far_corner(hostile_files: dict[str, Path],
                                                                 live: Store) -> None:
    before = fingerprint(live.dir)
    done = subprocess.run([sys.executable, "-m", "etl", "load", str(hostile_files["far_corner"])], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "Error: Workbook over a limit" in done.stderr and "row 1,048,576" in done.stderr
    assert fingerprint(live.dir) == before
