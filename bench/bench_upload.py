"""Upload benchmark: a 200,000-row x 20-column workbook through parse + validate + preview + commit, against
python-calamine alone reading the same file, in the same run (wall time and peak memory, each in its own process).

    python bench/bench_upload.py [--rows 200000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEARS = list(range(2005, 2023))  # 18 year columns + country + indicator = 20 columns


def make_workbook(path: Path, rows: int, sheets: tuple[str, ...] = ("Indicators",)) -> None:
    """Country, Indicator, 2005..2022 on each of `sheets`: one row per country and indicator, numbers with a few
    gaps, `rows` rows a sheet."""
    from openpyxl import Workbook

    from etl.harmonise.countries import country_table

    names = country_table()["name_en"].tolist()[:200]
    wb = Workbook(write_only=True)
    for s, sheet in enumerate(sheets):
        ws = wb.create_sheet(sheet)
        ws.append(["Country", "Indicator", *YEARS])
        for i in range(rows):
            country, k = names[i % len(names)], i // len(names)
            values = [None if (i + y) % 37 == 0 else round(((i * 7 + y * 13 + s) % 1000) / 10, 1) for y in YEARS]
            ws.append([country, f"nat.ind{k:04d}", *values])
    wb.save(path)


def regions(n: int) -> tuple[str, ...]:
    return tuple(f"Region {s + 1}" for s in range(n))


def stage_guess(path: Path) -> dict:
    """What the upload page does when a file is chosen: the first rows of every sheet, read in the reading process
    (started beforehand, as the page starts it), then the mapping guessed from them (ui.mapping_form)."""
    from etl import guard
    from etl.recipes.guess import guess_mapping

    small = path.with_name("warm-up-sheets.xlsx")
    make_workbook(small, 5, regions(1))
    guard.preview(small)
    start = time.perf_counter()
    book = guard.preview(path)
    mapping = guess_mapping(book, lang="en", file_name=path.name, known={})
    seconds = time.perf_counter() - start
    assert mapping is not None and mapping.years == "across", mapping
    return {"seconds": seconds, "sheets": len(book.sheets), "mapped_sheets": len(mapping.all_sheets())}


def with_declared_range(path: Path, out: Path, rows: int) -> None:
    """`path` with its sheet's used range declared at the top (<dimension ref="A1:T200001"/>), as Excel and
    LibreOffice write every sheet (openpyxl's write-only mode does not): the same cells, copied a piece at a time
    (this process stays small: a child process's peak, as getrusage reports it, starts from its parent's size)."""
    import zipfile

    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            with source.open(info) as f, target.open(info.filename, "w") as w:
                head = f.read(1 << 16)
                if info.filename.startswith("xl/worksheets/sheet"):
                    at = head.find(b"<sheetViews") if b"<sheetViews" in head else head.find(b"<sheetData")
                    head = head[:at] + f'<dimension ref="A1:T{rows + 1}"/>'.encode() + head[at:]
                w.write(head)
                while piece := f.read(1 << 20):
                    w.write(piece)


def mapping(rows: int):
    from etl.recipes.mapping import Mapping, NewIndicator, SourceInfo

    n = rows // 200 + 1
    new = [NewIndicator(code=f"nat.ind{k:04d}", name_en=f"Indicator {k}", unit="points", higher_is_better=True)
           for k in range(n)]
    return Mapping(sheet="Indicators", header_row=1, country_column="Country", years="across",
                   indicator_column="Indicator", new_indicators=new, source=SourceInfo("Benchmark data", "2024"))


def stage_calamine(path: Path) -> dict:
    import python_calamine

    start = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    cells = book.get_sheet_by_name("Indicators").to_python(skip_empty_area=False)
    return {"seconds": time.perf_counter() - start, "cells": sum(map(len, cells))}


class TreeMemory:
    """The memory this process and its descendants (the fork server and the reading process) hold together,
    sampled every `every` seconds in a thread: the sum of their proportional set sizes (PSS, pages the processes
    share, as a forked child shares its parent's, counted once), with the files of the reading processes' job
    folders when these are in shared memory (/dev/shm: memory, whether a process maps them or not), its highest
    value kept."""

    def __init__(self, every: float = 0.05) -> None:
        import threading

        self.every, self.peak_mb, self._stop = every, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        from core.settings import SHARED_MEMORY, settings

        jobs = settings().guard_dir
        in_memory = SHARED_MEMORY in jobs.parents
        while not self._stop.is_set():
            files = _files_mb(jobs) if in_memory else 0.0
            self.peak_mb = max(self.peak_mb, sum(map(_pss_mb, _tree(os.getpid()))) + files)
            self._stop.wait(self.every)


def _files_mb(folder: Path) -> float:
    total = 0
    try:
        for path in folder.rglob("*"):
            try:
                total += path.stat().st_size if path.is_file() else 0
            except OSError:  # removed meanwhile
                continue
    except OSError:
        pass
    return total / 2**20


def _tree(root: int) -> list[int]:
    """`root` and its descendants, from each thread's list of the children it started."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                    todo += [int(child) for child in f.read().split()]
        except OSError:
            continue
    return found


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Pss:")) / 1024
    except (OSError, StopIteration, ValueError):
        return 0.0


def stage_pipeline(path: Path, store_dir: Path, rows: int, watched: bool = False) -> dict:
    """The upload, timed; or, `watched`, with the memory of the processes sampled (TreeMemory): the sampler is a
    thread of this process reading /proc every 50 ms, and the run it watches took up to 1.5 s longer, so the time is
    taken from a run of its own."""
    import contextlib

    import pandas as pd

    from etl import catalogue
    from etl.harmonise import countries
    from etl.validate.review import review
    from etl.write.commit import commit
    from store import Store

    store = Store(store_dir)
    m = mapping(rows)
    countries.harmonize(pd.Series(["Kazakhstan"]))  # reference tables loaded once, as in a running dashboard
    catalogue.indicators()
    small = path.with_name("warm-up.xlsx")  # the upload page starts the reading process while a file is picked
    make_workbook(small, 10)  # (operations.loads.warm_reader): one small file read first, not timed
    assert review(small, mapping=mapping(10), store=store).ok
    together = TreeMemory() if watched else None
    with together or contextlib.nullcontext():
        start = time.perf_counter()
        result = review(path, mapping=m, store=store)
        checked = time.perf_counter()
        assert result.ok, [str(p) for p in result.errors[:5]]
        report = commit(result.prepared, path=path, user="bench", store=store)
        done = time.perf_counter()
    return {"seconds": done - start, "review_seconds": checked - start, "commit_seconds": done - checked,
            "together_peak_mb": together.peak_mb if together else None,
            "observations": len(result.prepared.rows), "added": report.added, "warnings": len(result.warnings),
            "counts": result.counts()}


def reupload_seconds(path: Path, store_dir: Path, rows: int) -> float:
    """Parse + validate + preview of the same file again, into the store that now holds its values (every key
    compared with a stored one, every stored value of its indicators replaced in the jump and outlier groups)."""
    import pandas as pd

    from etl import catalogue
    from etl.harmonise import countries
    from etl.validate.review import review
    from store import Store

    countries.harmonize(pd.Series(["Kazakhstan"]))  # reference tables loaded once, as in a running dashboard
    catalogue.indicators()
    assert review(path.with_name("warm-up.xlsx"), mapping=mapping(10), store=Store(store_dir)).ok  # as stage_pipeline
    start = time.perf_counter()
    result = review(path, mapping=mapping(rows), store=Store(store_dir))
    seconds = time.perf_counter() - start
    assert result.ok and result.counts()["unchanged"] == len(result.prepared.rows), result.counts()
    return seconds


def child(stage: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--stage", stage, *args], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def pipeline(path: Path, store_dir: Path, rows: int) -> dict:
    """The upload of `path` into `store_dir` timed, and its memory sampled in a second run into a copy of the store
    as it was (the same starting data)."""
    watched_store = store_dir.with_name(store_dir.name + "-watched")
    shutil.copytree(store_dir, watched_store)
    timed = child("pipeline", str(path), str(store_dir), "--rows", str(rows))
    timed["together_peak_mb"] = child("watched", str(path), str(watched_store), "--rows", str(rows))[
        "together_peak_mb"]
    return timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--stage")
    parser.add_argument("args", nargs="*")
    a = parser.parse_args()
    if a.stage:
        path = Path(a.args[0])
        found = stage_calamine(path) if a.stage == "calamine" else stage_guess(path) if a.stage == "guess" else \
            stage_pipeline(path, Path(a.args[1]), a.rows, watched=a.stage == "watched")
        found["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if a.stage in ("pipeline", "watched"):  # the guarded reader is the fork server's child: stop the server
            # to count it
            from multiprocessing import forkserver

            forkserver._forkserver._stop()
        found["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps(found))
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    path = folder / f"indicators-{a.rows}.xlsx"
    start = time.perf_counter()
    make_workbook(path, a.rows)
    print(f"workbook: {a.rows:,} rows x {2 + len(YEARS)} columns, {path.stat().st_size / 1e6:.1f} MB "
          f"(made in {time.perf_counter() - start:.0f} s)")
    from etl.setup_store import init_store
    from store import Store

    store_dir = folder / "store"
    init_store(Store(store_dir))  # reference data and the starter pack, as a fresh installation has
    declared, declared_store = folder / f"indicators-{a.rows}-declared.xlsx", folder / "store-declared"
    with_declared_range(path, declared, a.rows)
    shutil.copytree(store_dir, declared_store)
    os.environ["HUB_MAX_UPLOAD_MB"] = "200"
    base = child("calamine", str(path))
    pipe = pipeline(path, store_dir, a.rows)
    print(f"python-calamine alone: {base['seconds']:.1f} s, peak {base['peak_mb']:.0f} MB ({base['cells']:,} cells)")
    print(f"parse + validate + preview: {pipe['review_seconds']:.1f} s; commit: {pipe['commit_seconds']:.1f} s; "
          f"total {pipe['seconds']:.1f} s, peak {pipe['peak_mb']:.0f} MB + guarded reader "
          f"{pipe['worker_peak_mb']:.0f} MB "
          f"({pipe['observations']:,} observations, {pipe['added']:,} added, {pipe['warnings']} warnings)")
    peak = pipe["peak_mb"] + pipe["worker_peak_mb"]  # each process's own peak, added: a bound from above
    print(f"ratio to calamine alone: {pipe['seconds'] / base['seconds']:.2f}x (target < 2x); "
          f"peak memory {peak:.0f} MB, bench process and guarded reader together (target < 1024 MB)")
    print(f"peak memory of the processes together, sampled every 50 ms in a second run (PSS: pages they share "
          f"counted once): "
          f"{pipe['together_peak_mb']:.0f} MB")
    again = child("calamine", str(declared))
    dims = pipeline(declared, declared_store, a.rows)
    print(f"the same workbook with its used range declared, as Excel writes it (the limits settled at once, the "
          f"formula scan beside the reader): calamine {again['seconds']:.1f} s; total {dims['seconds']:.1f} s: "
          f"{dims['seconds'] / again['seconds']:.2f}x; together {dims['together_peak_mb']:.0f} MB")
    print(f"re-upload of the same file into the store holding it: parse + validate + preview "
          f"{reupload_seconds(path, store_dir, a.rows):.1f} s")
    sheets, declared_sheets = folder / "sheets-20x5000.xlsx", folder / "sheets-20x5000-declared.xlsx"
    make_workbook(sheets, 5_000, regions(20))
    with_declared_range(sheets, declared_sheets, 5_000)
    guessed, guessed_declared = child("guess", str(sheets)), child("guess", str(declared_sheets))
    print(f"a file of {guessed['sheets']} sheets x 5,000 rows chosen: the first rows of every sheet and the guessed "
          f"mapping ({guessed['mapped_sheets']} sheets mapped at once) in {guessed['seconds']:.2f} s, "
          f"{guessed_declared['seconds']:.2f} s with the used ranges declared (target < 2 s)")


if __name__ == "__main__":
    main()
