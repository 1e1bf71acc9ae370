"""The guarded worker: a reader that crashes, eats memory or time, or writes too much ends in a located message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from core.errors import ValidationError
from etl.guard import process
from tests.conftest import ROOT
from tests.etl.guard import doubles

LIMITS = process.Limits(memory_mb=300, cpu_seconds=60, timeout_seconds=60, output_mb=64)


@pytest.fixture(autouse=True)
def private_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Job folders of these tests in a folder of their own, to see that none is left. This process's fork server
    is started first, in its usual place: its socket lives as long as the process (not in a test's folder) on a
    path short enough for Unix, whichever test of a pytest worker reads a file first."""
    process.warm()
    root = tmp_path / "guard"
    monkeypatch.setattr(process, "guard_root", lambda: root)
    return root


def jobs(root: Path) -> list[Path]:
    """Job folders left (the fork server's own socket folder, <pid>-server, lives as long as this process)."""
    return [p for p in root.iterdir() if not p.name.endswith("-server")] if root.is_dir() else []


def stop_reason(task, limits: process.Limits = LIMITS) -> process.Stopped:
    with pytest.raises(process.Stopped) as stopped:
        process.run(task, Path("hostile.xlsx"), file="hostile.xlsx", limits=limits)
    problem = stopped.value.problems[0]
    assert problem.file == "hostile.xlsx" and problem.hint
    return stopped.value


def test_a_result_comes_back_whole_through_arrow_and_json(private_root: Path) -> None:
    parsed = process.run(doubles.parsed_frame, Path("book.xlsx"), file="book.xlsx", limits=LIMITS)
    expected = doubles.parsed_frame(Path("book.xlsx"))
    pd.testing.assert_frame_equal(parsed.observations, expected.observations)
    assert [type(v) for v in parsed.observations["country_name"]] == [str, float, type(expected.observations[
        "country_name"][2])]
    assert (parsed.source, parsed.indicators, parsed.problems) == (expected.source, expected.indicators,
                                                                   expected.problems)
    assert jobs(private_root) == []


def test_an_arrow_table_comes_back_as_it_was_sent_without_its_metadata(private_root: Path) -> None:
    sent = doubles.arrow_table(Path("book.xlsx"))
    table = process.run(doubles.arrow_table, Path("book.xlsx"), file="book.xlsx", limits=LIMITS)
    assert table.schema.metadata is None and sent.schema.metadata
    assert table.equals(sent.replace_schema_metadata(None))
    assert table.schema.field("indicator_code").type == pa.dictionary(pa.uint16(), pa.string())
    assert jobs(private_root) == []


def test_a_column_of_a_type_no_reader_makes_is_refused_not_built(private_root: Path) -> None:
    stopped = stop_reason(doubles.nested_table)
    assert stopped.reason == "crash" and "types not sent by the readers (x: list<item: struct" in stopped.detail
    assert jobs(private_root) == []


def test_a_panicking_reader_is_a_message_and_the_server_carries_on(private_root: Path) -> None:
    stopped = stop_reason(doubles.aborts)
    assert stopped.reason == "crash" and stopped.title == "The reader stopped on this file"
    assert "signal 6 (SIGABRT)" in stopped.problems[0].message and "panicked at" in stopped.problems[0].message
    assert os.getpid() and jobs(private_root) == []  # this process is alive; nothing left behind


def test_memory_past_the_limit_says_how_much_is_allowed() -> None:
    stopped = stop_reason(doubles.allocates)
    assert stopped.reason == "memory"
    assert stopped.problems[0].message == ("the file could not be read safely: it needs more than 300 MB of "
                                           "memory")
    assert "HUB_GUARD_MEMORY_MB" in stopped.problems[0].hint


def test_processor_time_and_wall_clock_are_limited() -> None:
    start = time.perf_counter()
    assert stop_reason(doubles.spins, process.Limits(300, cpu_seconds=1, timeout_seconds=60, output_mb=64)
                       ).reason == "cpu"
    assert stop_reason(doubles.sleeps, process.Limits(300, cpu_seconds=60, timeout_seconds=1, output_mb=64)
                       ).reason == "timeout"
    assert time.perf_counter() - start < 45


def test_output_past_the_limit_and_a_reader_bug_are_reported() -> None:
    assert stop_reason(doubles.writes, process.Limits(300, 60, 60, output_mb=4)).reason == "output"
    failed = stop_reason(doubles.fails)
    assert failed.reason == "failed" and "KeyError" in failed.problems[0].message


def test_a_reader_refusing_the_file_is_the_readers_own_message() -> None:
    from tests.etl.guard import doubles as d

    with pytest.raises(ValidationError) as refused:
        process.run(d.refuses, Path("x.csv"), file="x.csv", limits=LIMITS)
    assert not isinstance(refused.value, process.Stopped)
    assert refused.value.title == "Missing columns" and refused.value.problems[0].row == 4


def test_job_folders_of_a_process_that_is_gone_are_removed(private_root: Path) -> None:
    private_root.mkdir(exist_ok=True)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = private_root / f"{gone.stdout.strip()}-abc"
    orphan.mkdir()
    (orphan / "frame-0.arrow").write_bytes(b"x")
    mine = private_root / f"{os.getpid()}-def"
    mine.mkdir()
    assert process.remove_stale(private_root) == [orphan]  # its own folders stay: it is alive
    assert mine.exists()
    mine.rmdir()


def test_the_reader_dies_with_the_server(short_tmp: Path) -> None:
    """kill -9 of the process that asked for a file: the reading process stops too and leaves no folder."""
    root = short_tmp
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from etl.guard import process
        from tests.etl.guard import doubles
        print("started", flush=True)
        process.run(doubles.sleeps, Path("x.xlsx"), file="x.xlsx")
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "HUB_GUARD_DIR": str(root / "hub-guard"),
                                 "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == "started"
    folders = root / "hub-guard"
    deadline = time.time() + 60
    while time.time() < deadline and not jobs(folders):
        time.sleep(0.05)
    (folder,) = jobs(folders)
    deadline = time.time() + 60
    while time.time() < deadline and not (folder / "stderr").exists():
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.time() + 30
    while time.time() < deadline and jobs(folders):
        time.sleep(0.1)
    assert jobs(folders) == [], "the reading process outlived the server or left its folder"
    process.remove_stale(folders)  # the next read, in any process, removes the killed server's socket folder
    assert list(folders.iterdir()) == []


def test_the_fork_server_imports_the_readers_whatever_folder_the_server_runs_in(tmp_path: Path) -> None:
    """Started from another folder with no PYTHONPATH (as `streamlit run /path/dashboard.py` may be), the fork
    server still imports the readers once: before, each child imported them itself, slower, and over the
    address space allowed for the file."""
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from etl.guard import process
        from tests.etl.guard import doubles
        print(process.run(doubles.preloaded, Path("x.xlsx"), file="x.xlsx"))
    """)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "True"


def test_a_limit_found_beside_the_reader_ends_the_reading_process_at_once(tmp_path: Path,
                                                                           private_root: Path) -> None:
    from tests.fixtures import hostile

    body = [f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 2_501)]
    path = hostile.workbook(tmp_path / "undeclared.xlsx", {"Data": hostile._sheet(None, body)})
    with pytest.raises(ValidationError) as refused:  # not Stopped("timeout"): the reader sleeps for an hour
        process.run(doubles.reads_beside_limits, path, file=path.name,
                    limits=process.Limits(memory_mb=300, cpu_seconds=60, timeout_seconds=30, output_mb=64))
    assert not isinstance(refused.value, process.Stopped) and refused.value.title == "Workbook over a limit"
    (problem,) = refused.value.problems
    assert (problem.file, problem.sheet) == (path.name, "Data") and "the limit is 2,000 rows" in problem.message
    assert jobs(private_root) == []


def test_a_file_that_stops_the_reader_before_its_limits_are_told_gets_the_limits_message(tmp_path: Path) -> None:
    from etl import guard
    from tests.fixtures import hostile

    with pytest.raises(ValidationError) as refused:  # the reader aborts; the limits pass, alone, says why
        guard._run(doubles.aborts, hostile.far_corner(tmp_path / "corner.xlsx"))
    assert not isinstance(refused.value, process.Stopped)
    assert "row 1,048,576" in refused.value.problems[0].message and refused.value.problems[0].sheet == "Data"
    fine = tmp_path / "fine.xlsx"
    fine.write_bytes((ROOT / "tests" / "fixtures" / "hostile.py").read_bytes())  # not a workbook: no limit
    with pytest.raises(process.Stopped) as stopped:
        guard._run(doubles.aborts, fine)
    assert stopped.value.reason == "crash"
