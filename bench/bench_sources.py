"""Sources benchmark: `etl load` through recipes against calamine alone and a naive pandas baseline; load time
against rows; `python -m etl --help`.

Run: `python bench/bench_sources.py [--repeat 3]`. Every figure is measured in this run, as separate processes,
and the targets are ratios between figures of the same run (machines here are shared and noisy): `etl load` of
the WGI 2024 workbook under 2x calamine reading it alone, and at least 3x faster than pandas read_excel
(openpyxl) + a DuckDB insert; load time linear in rows (32k, 128k, 512k rows of the WGI long layout, as CSV);
`python -m etl --help` under 0.5 s. Wall time is the best of the repeats; CPU time (user + system, all
threads) is shown too.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WGI = ROOT.parent / "shared" / "real-data" / "wgi" / "wgidataset_2024_update.xlsx"

CALAMINE = f"""
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path({str(WGI)!r}).get_sheet_by_index(0).to_python()
assert len(rows) == 32101
"""

NAIVE = """
import sys, duckdb, pandas as pd
frame = pd.read_excel(sys.argv[1], engine="openpyxl", na_values=[".."])
con = duckdb.connect(sys.argv[2])
con.execute("CREATE TABLE wgi AS SELECT * FROM frame")
con.close()
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system of the process and its threads) of one child process."""
    import time

    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{proc.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime


def best(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return min(s[0] for s in samples), min(s[1] for s in samples)


def etl_load(path: Path, tmp: Path, tag: str, env: dict[str, str]) -> tuple[float, float]:
    store = tmp / f"store-{tag}"
    store_env = {**env, "HUB_DATA_DIR": str(store)}
    subprocess.run([sys.executable, "-m", "etl", "init", "--empty"], cwd=ROOT, env=store_env, check=True,
                   capture_output=True)
    return run([sys.executable, "-m", "etl", "load", str(path)], store_env)


def ilostat_csv(path: Path, rows: int) -> Path:
    """An ILOSTAT bulk file (long layout with sex and classif1 breakdowns) of `rows` rows: every country of the
    reference table x 2000-2023 x sex x as many age bands as it takes; 3% of values published missing."""
    import csv

    rng = random.Random(rows)
    with (ROOT / "data" / "reference" / "countries.csv").open(encoding="utf-8-sig") as f:
        countries = [r["iso3"] for r in csv.DictReader(f)]
    lines = ['"ref_area","source","indicator","sex","classif1","time","obs_value","obs_status"']
    band = 0
    while len(lines) <= rows:
        age = "AGE_AGGREGATE_TOTAL" if band == 0 else f"AGE_BAND_Y{band:03d}"
        for iso3 in countries:
            for year in range(2000, 2024):
                for sex in ("SEX_T", "SEX_M", "SEX_F"):
                    value = "" if rng.random() < 0.03 else f"{rng.random() * 1000:.17g}"
                    lines.append(f'"{iso3}","BA:1","EAR_X_NB","{sex}","{age}","{year}",{value},""')
        band += 1
    path.write_text("\n".join(lines[:rows + 1]) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    assert WGI.is_file(), f"missing {WGI}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        calamine = best([run([py, "-c", CALAMINE], env) for _ in range(args.repeat)])
        load = best([etl_load(WGI, tmp, f"wgi{i}", env) for i in range(args.repeat)])
        naive = best([run([py, "-c", NAIVE, str(WGI), str(tmp / f"naive{i}.duckdb")], env)
                      for i in range(args.repeat)])
        help_ = best([run([py, "-m", "etl", "--help"], env) for _ in range(args.repeat)])
        print(f"\n## WGI 2024 workbook (32,100 rows x 11), best of {args.repeat}, each a process\n")
        print("| what | wall s | CPU s |\n|---|---:|---:|")
        for name, (wall, cpu) in (("python-calamine reads the workbook alone", calamine),
                                  ("etl load (recipe wgi: read, check, harmonise, write, publish)", load),
                                  ("naive: pandas read_excel(openpyxl) + DuckDB insert", naive),
                                  ("python -m etl --help", help_)):
            print(f"| {name} | {wall:.2f} | {cpu:.2f} |")
        print(f"\netl load / calamine alone: {load[0] / calamine[0]:.2f}x wall, {load[1] / calamine[1]:.2f}x CPU "
              "(target < 2x)")
        print(f"naive / etl load: {naive[0] / load[0]:.1f}x wall, {naive[1] / load[1]:.1f}x CPU (target >= 3x)")
        print(f"python -m etl --help: {help_[0]:.2f} s (target < 0.5 s)")

        print("\n## Load time against rows (ILOSTAT bulk layout as CSV with breakdowns, recipe ilostat), best of "
              f"{args.repeat}\n\n| rows | wall s | CPU s | wall us/row | CPU us/row |\n|---:|---:|---:|---:|---:|")
        per_row = []
        for rows in (32_000, 128_000, 512_000):
            path = ilostat_csv(tmp / f"ilostat_{rows}.csv", rows)
            wall, cpu = best([etl_load(path, tmp, f"{rows}-{i}", env) for i in range(args.repeat)])
            per_row.append(wall / rows)
            print(f"| {rows:,} | {wall:.2f} | {cpu:.2f} | {wall / rows * 1e6:.1f} | {cpu / rows * 1e6:.1f} |")
        print(f"\nper-row time 512k / 32k: {per_row[2] / per_row[0]:.2f} (1.0 = linear; below 1, the fixed start-up "
              "cost is spread over more rows)")


if __name__ == "__main__":
    main()
