"""Guarded reading benchmark: what reading a file in the guarded worker costs over reading it in the process itself
(the same files and the same reading code, in one run), the fork server's start, the refusal of 60,000 unknown
country names, and how fast hostile workbooks are refused.

    python bench/bench_guard.py [--runs 3]

Baseline: `etl.guard.tasks.read_file` called in this process, which is exactly what the worker runs, minus the
process, the limits and sending the result back (Arrow + JSON). Medians of `--runs` warm runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REAL = ["egdi/EGOV_DATA_2022.csv", "cpi/CPI2023_Global_Results__Trends.xlsx", "wgi/wgidataset_2024_update.xlsx",
        "surveys/gsps_national_all_respondents.csv"]


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_start() -> float:
    """A fresh process's first guarded read (the fork server starts and imports the readers)."""
    code = ("import time; from pathlib import Path; import etl.guard as g; from tests.conftest import real_file;"
            "p = real_file('egdi/EGOV_DATA_2022.csv'); t = time.perf_counter(); g.read_file(p);"
            "print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from bench.bench_upload import make_workbook, mapping
    from core.errors import ValidationError
    from etl import guard
    from etl.guard import tasks
    from etl.load import load_file
    from etl.setup_store import init_store
    from store import Store
    from tests.conftest import real_file
    from tests.etl.test_many_names import NAMES, databank, unknown_names
    from tests.fixtures import hostile

    report: dict = {"files": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        big = tmp / "indicators-200k.xlsx"
        make_workbook(big, 200_000)
        cases = [(real_file(name), None) for name in REAL] + [(big, mapping(200_000))]
        guard.read_file(real_file(REAL[0]))  # the fork server up
        print(f"{'file':44s} {'size':>8s} {'in process':>11s} {'guarded':>9s} {'overhead':>9s} {'ratio':>6s}")
        for path, how in cases:
            direct = median_seconds(lambda p=path, m=how: tasks.read_file(p, None, None, m, None, None, True),
                                    args.runs)
            guarded = median_seconds(lambda p=path, m=how: guard.read_file(p, mapping=m), args.runs)
            row = {"file": path.name, "mb": round(path.stat().st_size / 1e6, 2), "in_process_s": round(direct, 3),
                   "guarded_s": round(guarded, 3), "overhead_s": round(guarded - direct, 3),
                   "ratio": round(guarded / direct, 2)}
            report["files"].append(row)
            print(f"{row['file'][:44]:44s} {row['mb']:7.2f}M {direct:10.3f}s {guarded:8.3f}s "
                  f"{guarded - direct:+8.3f}s {row['ratio']:5.2f}x")
        report["cold_start_s"] = round(cold_start(), 3)
        print(f"first guarded read in a fresh process (fork server start included): {report['cold_start_s']:.2f} s")

        store = Store(tmp / "store")
        init_store(store, starter_pack=False)
        names = databank(tmp / "names.csv", unknown_names(NAMES))
        start = time.perf_counter()
        try:
            load_file(names, store=store)
        except ValidationError:
            pass
        report["unknown_names_60000_s"] = round(time.perf_counter() - start, 3)
        print("60,000 unknown country names refused (read, matched, suggested): "
              f"{report['unknown_names_60000_s']:.2f} s")

        report["hostile"] = {}
        for name, make in (("far corner cell", hostile.far_corner),
                           ("shared-strings bomb", hostile.shared_strings_bomb),
                           ("1,048,576-row sheet", hostile.million_rows)):
            path = make(tmp / f"{name.replace(' ', '_')}.xlsx")
            start = time.perf_counter()
            try:
                guard.read_file(path)
                outcome = "read"
            except ValidationError as e:
                outcome = e.title
            seconds = time.perf_counter() - start
            report["hostile"][name] = {"seconds": round(seconds, 3), "outcome": outcome}
            print(f"{name:22s} {outcome:32s} in {seconds:.2f} s")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
