"""Foundation benchmark: WGI load against calamine alone and a naive openpyxl baseline; Overview page time.

Run: `python bench/bench_foundation.py [--repeat 3]`. Every figure is measured in this run, on this machine,
and the targets are ratios between figures of the same run (machines here are shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WGI = ROOT.parent / "shared" / "real-data" / "wgi" / "wgidataset_2024_update.xlsx"

CALAMINE = f"""
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path({str(WGI)!r}).get_sheet_by_index(0).to_python()
assert len(rows) == 32101
"""

NAIVE = f"""
import duckdb, pandas as pd
frame = pd.read_excel({str(WGI)!r}, engine="openpyxl", na_values=[".."])
con = duckdb.connect({{db!r}})
con.execute("CREATE TABLE wgi AS SELECT * FROM frame")
con.close()
"""

IN_PROCESS = f"""
import time, sys
from pathlib import Path
from python_calamine import CalamineWorkbook
from etl.load import load_file
from etl.setup_store import init_store
from store import Store
t = time.perf_counter()
CalamineWorkbook.from_path({str(WGI)!r}).get_sheet_by_index(0).to_python()
calamine = time.perf_counter() - t
store = Store(Path(sys.argv[1]))
init_store(store, starter_pack=False)
t = time.perf_counter()
load_file(Path({str(WGI)!r}), store=store)
load = time.perf_counter() - t
print(calamine, load)
"""


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def best(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return min(s[0] for s in samples), max(s[1] for s in samples)


def bench_load(repeat: int) -> list[tuple[str, float, float]]:
    py = sys.executable
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        calamine = best([run([py, "-c", CALAMINE]) for _ in range(repeat)])
        loads = []
        for i in range(repeat):
            store = Path(tmp) / f"store{i}"
            subprocess.run([py, "-m", "etl", "init", "--empty"], cwd=ROOT, check=True, capture_output=True,
                           env={**env, "HUB_DATA_DIR": str(store)})
            loads.append(run([py, "-m", "etl", "load", str(WGI)], env={**env, "HUB_DATA_DIR": str(store)}))
        naive = best([run([py, "-c", NAIVE.format(db=str(Path(tmp) / f"naive{i}.duckdb"))]) for i in range(repeat)])
        inproc = [
            tuple(map(float, subprocess.run([py, "-c", IN_PROCESS, str(Path(tmp) / f"inproc{i}")], cwd=ROOT,
                                            env=env, check=True, capture_output=True, text=True).stdout.split()))
            for i in range(repeat)
        ]
    results.append(("python-calamine alone, process (read WGI)", *calamine))
    results.append(("etl load WGI, process (read, check, harmonise, write, publish)", *best(loads)))
    results.append(("naive baseline, process (pandas read_excel openpyxl + DuckDB insert)", *naive))
    results.append(("python-calamine alone, in process", min(r[0] for r in inproc), float("nan")))
    results.append(("load_file(WGI), in process", min(r[1] for r in inproc), float("nan")))
    return results


PAGE = """
import json, statistics, sys, time
import streamlit as st
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("dashboard.py", default_timeout=120)
at.run()
assert not at.exception, at.exception
times = []
for _ in range(int(sys.argv[1])):
    warm = AppTest.from_file("dashboard.py", default_timeout=120)  # a new session; the caches stay warm
    t = time.perf_counter()
    warm.run()
    times.append(time.perf_counter() - t)
    assert warm.get("plotly_chart") and warm.metric, "the page did not render fully"
cold = AppTest.from_file("dashboard.py", default_timeout=120)
st.cache_data.clear(); st.cache_resource.clear()
t = time.perf_counter(); cold.run(); first = time.perf_counter() - t
print(json.dumps({"warm_median": statistics.median(times), "warm_min": min(times), "cold": first}))
"""


def bench_overview(repeat: int) -> dict[str, float]:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HUB_DATA_DIR": str(Path(tmp) / "store")}
        subprocess.run([sys.executable, "-m", "etl", "init"], cwd=ROOT, env=env, check=True, capture_output=True)
        out = subprocess.run([sys.executable, "-c", PAGE, str(max(repeat, 5))], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    assert WGI.is_file(), f"missing {WGI}"
    rows = bench_load(args.repeat)
    print(textwrap.dedent(f"""
        ## WGI 2024 workbook (32,100 rows), best of {args.repeat}
        | what | wall s | peak RSS MB |
        |---|---:|---:|"""))
    for name, wall, rss in rows:
        print(f"| {name} | {wall:.2f} | {'' if rss != rss else f'{rss:.0f}'} |")
    calamine, load, naive = rows[0][1], rows[1][1], rows[2][1]
    print(f"\netl load / calamine alone (processes): {load / calamine:.2f}x  (target < 2x)")
    print(f"etl load / calamine alone (in process): {rows[4][1] / rows[3][1]:.2f}x")
    print(f"naive baseline / etl load: {naive / load:.1f}x faster  (target >= 3x)")
    page = bench_overview(args.repeat)
    print(f"\n## Overview page, demo store (AppTest script run)\nwarm median {page['warm_median'] * 1000:.0f} ms, "
          f"warm min {page['warm_min'] * 1000:.0f} ms, cold first run {page['cold'] * 1000:.0f} ms  "
          "(target warm < 300 ms)")


if __name__ == "__main__":
    main()
