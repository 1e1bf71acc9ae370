"""Survey benchmark: load 1,000,000 respondents x 40 questions x 20 countries; estimates in DuckDB vs pandas.

Run: python bench/bench_survey.py [--respondents 1000000 --countries 20 --questions 40 --organisations 500]
Prints load time, warm timings (median of 5 runs) and ratios against pandas, each comparison starting from the
same data on both sides:
- raw answers on both sides: DuckDB recounting every answer in the store against pandas on the same answers
  (already in memory, which favours pandas; and read from the store first, as DuckDB starts);
- the counts kept by the load on both sides: the page's path (survey_cell in DuckDB) against pandas computing the
  same estimates from the same counts in memory.
Then the breakdown by organisation, and the peak memory of a separate process that opens the store read-only and
runs the page's queries (as the dashboard does).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import survey as sv  # noqa: E402
from etl.demo.surveys import generate, generic_questions, question_frame, store_generated  # noqa: E402
from etl.model import SourceMeta  # noqa: E402
from etl.setup_store import init_store  # noqa: E402
from store import Store  # noqa: E402

COUNTRIES = ["ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LTU", "LVA", "MDA", "MNG", "RUS", "TJK", "TKM",
             "UKR", "UZB", "TUR", "POL", "FIN", "DEU", "KOR", "SGP", "MYS", "IDN"]
SOURCE = SourceMeta(dataset="bench_survey", edition="2025", name="Benchmark survey", publisher="generated",
                    licence="generated", citation="generated", is_demo=True)


def timed(fn, runs: int = 5) -> tuple[float, object]:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def pandas_same(long: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Weighted % favourable with 95% CIs (effective sample size) by survey and question, in pandas."""
    fav_sets = dict(zip(questions["question_code"], questions["favourable"], strict=True))
    fav = np.zeros(len(long))
    for code, idx in long.groupby("question_code", observed=True).indices.items():
        fav[idx] = np.isin(long["answer"].to_numpy()[idx], fav_sets[code])
    w = long["weight"].to_numpy()
    frame = pd.DataFrame({"survey_id": long["survey_id"], "question_code": long["question_code"], "w": w,
                          "w2": w * w, "wf": w * fav})
    g = frame.groupby(["survey_id", "question_code"], observed=True).agg(
        n=("w", "size"), sw=("w", "sum"), sw2=("w2", "sum"), swf=("wf", "sum")).reset_index()
    p = g["swf"] / g["sw"]
    n_eff = g["sw"] ** 2 / g["sw2"]
    se = np.sqrt(p * (1 - p) / (n_eff - 1))
    return g.assign(fav=p, lower=p - sv.Z95 * se, upper=p + sv.Z95 * se)


def pandas_from_cells(cells: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """The same estimates from the counts the load keeps (per survey, question and answer: n, sum w, sum w^2)."""
    fav_sets = dict(zip(questions["question_code"], questions["favourable"], strict=True))
    fav = np.zeros(len(cells))
    for code, idx in cells.groupby("question_code", observed=True).indices.items():
        fav[idx] = np.isin(cells["answer"].to_numpy()[idx], fav_sets[code])
    g = cells.assign(swf=cells["sw"].to_numpy() * fav).groupby(["survey_id", "question_code"], observed=True).agg(
        n=("n", "sum"), sw=("sw", "sum"), sw2=("sw2", "sum"), swf=("swf", "sum")).reset_index()
    p = g["swf"] / g["sw"]
    n_eff = g["sw"] ** 2 / g["sw2"]
    se = np.sqrt(p * (1 - p) / (n_eff - 1))
    return g.assign(fav=p, lower=p - sv.Z95 * se, upper=p + sv.Z95 * se)


ANSWERS_SQL = """SELECT a.survey_id, a.question_code, a.answer, r.weight FROM survey_answer a
                 JOIN survey_respondent r USING (respondent_key) WHERE a.survey_id IN (SELECT unnest(?))"""


def duckdb_same(con, ids: list[str], from_answers: bool = False) -> pd.DataFrame:
    return sv.estimate(sv.item_moments(con, ids, from_answers=from_answers))


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: reset by exec, unlike getrusage after a fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


MEMORY_PROBE = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from store import Store
from analytics import survey as sv
store = Store({store!r})
con = store.reader()
source = {source!r}
start = time.perf_counter()
national = sv.results(con, source, "item", None, None, True)
themes = sv.results(con, source, "theme", None, None, True)
by_org = sv.results(con, source, "item", ["Q01"], "organisation", True)
print(json.dumps({{"seconds": time.perf_counter() - start, "rows": len(national) + len(themes) + len(by_org),
                  "hidden_org_rows": int(by_org["is_suppressed"].sum()),
                  "peak_mb": [int(l.split()[1]) / 1024 for l in Path("/proc/self/status").read_text().splitlines()
                              if l.startswith("VmHWM:")][0]}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--countries", type=int, default=20)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--organisations", type=int, default=500)
    args = parser.parse_args()
    per_country = args.respondents // args.countries
    questions = question_frame(generic_questions(args.questions))
    countries = COUNTRIES[: args.countries]

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        init_store(store, starter_pack=False)
        start = time.perf_counter()
        generated = generate(countries=countries, waves=(2025,), n=per_country, questions=questions, seed=1,
                             source=SOURCE, organisations=args.organisations, small_group=False)
        gen_s = time.perf_counter() - start
        start = time.perf_counter()
        store_generated(store, generated, name="bench")
        load_s = time.perf_counter() - start
        size_mb = store.current_path().stat().st_size / 1e6

        # the same data in memory for pandas (the pandas side gets it for free: no reading)
        long = pd.concat([
            p.answers.assign(survey_id=f"{SOURCE.source_id}:{c}:2025", weight=p.respondents["weight"].to_numpy())
            .melt(id_vars=["survey_id", "weight"], var_name="question_code", value_name="answer").dropna()
            for c, p in zip(countries, generated, strict=True)
        ], ignore_index=True)
        long["survey_id"] = long["survey_id"].astype("category")
        long["question_code"] = long["question_code"].astype("category")
        long["answer"] = long["answer"].astype("int16")
        answers = len(long)
        del generated

        con = store.reader()
        ids = [f"{SOURCE.source_id}:{c}:2025" for c in countries]
        duck_s, duck = timed(lambda: duckdb_same(con, ids))
        scan_s, scan = timed(lambda: duckdb_same(con, ids, from_answers=True), runs=3)
        order = ["survey_id", "unit"]
        assert np.allclose(duck.sort_values(order)["fav"], scan.sort_values(order)["fav"], atol=1e-12)
        pandas_s, pdf = timed(lambda: pandas_same(long, questions), runs=3)
        merged = duck.merge(pdf, left_on=["survey_id", "unit"], right_on=["survey_id", "question_code"])
        assert len(merged) == len(countries) * args.questions
        assert np.allclose(merged["fav_x"], merged["fav_y"], atol=1e-9)
        assert np.allclose(merged["fav_lower"], merged["lower"], atol=1e-9)
        # pandas starting where DuckDB starts: the answers in the store (read, then computed)
        read_s, _ = timed(lambda: pandas_same(con.execute(ANSWERS_SQL, [ids]).df(), questions), runs=3)
        # the counts the load keeps, on both sides
        cells = con.execute("SELECT survey_id, question_code, answer, n, sw, sw2 FROM survey_cell "
                            "WHERE dimension = 'all' AND survey_id IN (SELECT unnest(?))", [ids]).df()
        cells_s, cdf = timed(lambda: pandas_from_cells(cells, questions))
        again = duck.merge(cdf, left_on=["survey_id", "unit"], right_on=["survey_id", "question_code"])
        assert len(again) == len(merged) and np.allclose(again["fav_x"], again["fav_y"], atol=1e-9)
        org_s, org = timed(lambda: sv.estimate(sv.item_moments(con, ids, None, "organisation")), runs=3)
        org_safe_s, safe = timed(lambda: sv.results(con, SOURCE.source_id, "item", None, "organisation"), runs=3)
        page_s, _ = timed(lambda: sv.results(con, SOURCE.source_id, "item", ["Q01"], "organisation"), runs=3)
        themes_s, _ = timed(lambda: sv.results(con, SOURCE.source_id, "theme", None, None), runs=3)
        con.close()

        probe = subprocess.run([sys.executable, "-c", MEMORY_PROBE.format(root=str(ROOT), store=str(store.dir),
                                                                             source=SOURCE.source_id)],
                               capture_output=True, text=True, check=True)
        memory = json.loads(probe.stdout.strip().splitlines()[-1])

    print(f"respondents {per_country * len(countries):,} x questions {args.questions} x countries {len(countries)}"
          f" = {answers:,} valid answers; {args.organisations} organisations")
    print(f"generate (numpy)                          {gen_s:8.2f} s")
    print(f"load into the store (one transaction)     {load_s:8.2f} s   store file {size_mb:,.0f} MB")
    print(f"% favourable + CI, all questions x countries ({len(duck)} estimates), warm, median:")

    def ratio(pandas: float, duck: float) -> str:
        return f"pandas/DuckDB {pandas / duck:5.2f}x ({'DuckDB' if duck < pandas else 'PANDAS'} faster)"

    print("  raw answers on both sides:")
    print(f"    DuckDB, recounting every answer in the store  {scan_s * 1000:8.1f} ms")
    print(f"    pandas, the same answers already in memory    {pandas_s * 1000:8.1f} ms   {ratio(pandas_s, scan_s)}")
    print(f"    pandas, reading them from the store first     {read_s * 1000:8.1f} ms   {ratio(read_s, scan_s)}")
    print("  the counts kept by the load on both sides (what the page does):")
    print(f"    DuckDB, survey_cell                            {duck_s * 1000:8.1f} ms")
    print(f"    pandas, the same counts in memory              {cells_s * 1000:8.1f} ms   {ratio(cells_s, duck_s)}")
    print(f"breakdown by organisation, all questions  {org_s * 1000:8.1f} ms   ({len(org):,} group estimates)")
    print(f"  with suppression (page's results())     {org_safe_s * 1000:8.1f} ms   "
          f"({int(safe['is_suppressed'].sum()):,} of {len(safe):,} rows hidden)")
    print(f"one question by organisation, safe (what the page asks)  {page_s * 1000:8.1f} ms")
    print(f"theme scores, all themes x countries, safe               {themes_s * 1000:8.1f} ms")
    print(f"dashboard-like process: national + themes + one question by organisation {memory['seconds']:.2f} s, "
          f"peak memory {memory['peak_mb']:,.0f} MB")
    print(f"this benchmark process peak memory        {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
