"""Benchmark of the compare pages at scale: 60 countries x 500 indicators x 30 years (900k observations).

Builds the store with DuckDB in a temporary HUB_DATA_DIR, then measures, in one run:
- every compare query (median of repeats) against a pandas-only implementation of the same computation on
  frames already in memory;
- every page's server-side script time through AppTest, warm (second and later runs: connection open, Streamlit
  caches filled) and with the query caches cleared (connection open, every query run again).
Run: python -m bench.bench_compare   (about a minute on two cores)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analytics import compare  # noqa: E402
from etl.setup_store import init_store  # noqa: E402
from etl.store import Store  # noqa: E402

N_COUNTRIES, N_INDICATORS, N_YEARS, FIRST_YEAR = 60, 500, 30, 1995
REPEATS = 15


def build_store(directory: Path) -> Store:
    """Reference data from data/reference, then 500 indicators and 900k observations generated in SQL."""
    store = Store(directory)
    init_store(store, with_demo=False)
    with store.writer() as con:
        hub = [r[0] for r in con.execute("SELECT iso3 FROM country WHERE is_hub_member ORDER BY iso3").fetchall()]
        others = [r[0] for r in con.execute(
            "SELECT iso3 FROM country WHERE NOT is_hub_member ORDER BY iso3 LIMIT ?", [N_COUNTRIES - len(hub)]
        ).fetchall()]
        countries = hub + others
        themes = [r[0] for r in con.execute("SELECT code FROM theme ORDER BY code").fetchall()]
        con.execute("INSERT INTO source VALUES ('bench:1', 'bench', '1', 'Benchmark data', 'bench', 'none', "
                    "'bench', NULL, TRUE, TRUE, 1)")
        con.execute("""
            INSERT INTO indicator
            SELECT 'bench.i' || lpad(i::VARCHAR, 3, '0'), 'bench', 'Indicator ' || i, 'Показатель ' || i,
                   'Definition ' || i, 'Определение ' || i, 'score', 0, 100, i % 3 <> 0,
                   (?::VARCHAR[])[1 + i % len(?::VARCHAR[])], 1, 1
            FROM range(?) t(i)
        """, [themes, themes, N_INDICATORS])
        con.execute("""
            INSERT INTO observation
            SELECT 'bench:1', 'bench.i' || lpad(i::VARCHAR, 3, '0'), c.iso3, (? + y)::SMALLINT,
                   CASE WHEN hash(i, c.iso3, y) % 25 = 0 THEN NULL
                        ELSE round(50 + 20 * sin(i + c.k) + y * 0.5 + (hash(c.iso3, i, y) % 100) / 20.0, 1) END,
                   CASE WHEN i % 5 = 0 THEN 1.5 + (hash(y, i) % 10) / 10.0 END, NULL, NULL, NULL, NULL, 1
            FROM range(?) t(i), range(?) yy(y),
                 (SELECT unnest(?::VARCHAR[]) AS iso3, generate_subscripts(?::VARCHAR[], 1) AS k) c
        """, [FIRST_YEAR, N_INDICATORS, N_YEARS, countries, countries])
        # Some rows absent altogether: late publication in the last year for a third of the countries.
        con.execute("DELETE FROM observation WHERE year = ? AND hash(iso3) % 3 = 0", [FIRST_YEAR + N_YEARS - 1])
    return store


# -- the same computations in pandas only, on frames already in memory -------------------------------------------


class PandasCompare:
    """Reference implementation on in-memory DataFrames (the whole current edition loaded once)."""

    def __init__(self, con) -> None:
        self.obs = con.execute("SELECT o.* FROM observation o JOIN source s USING (source_id) "
                               "WHERE s.is_current").df()
        self.indicator = con.execute("SELECT * FROM indicator").df()
        self.country = con.execute("SELECT iso3, name_en, name_ru FROM country").df()

    def year_values(self, code: str, year: int, iso3s: list[str], max_lag: int) -> pd.DataFrame:
        o = self.obs
        found = o[(o["indicator_code"] == code) & o["value"].notna() & (o["year"] <= year)
                  & (o["year"] >= year - max_lag) & o["iso3"].isin(iso3s)]
        found = found.sort_values("year").groupby("iso3").tail(1)
        frame = pd.DataFrame({"iso3": sorted(set(iso3s))}).merge(found, on="iso3", how="left")
        return frame.merge(self.country, on="iso3", how="left")

    def group_series(self, code: str, members: list[str]) -> pd.DataFrame:
        o = self.obs
        part = o[(o["indicator_code"] == code) & o["value"].notna() & o["iso3"].isin(members)]
        return part.groupby("year")["value"].agg(["mean", "count"]).reset_index()

    def series(self, code: str, iso3s: list[str]) -> pd.DataFrame:
        o = self.obs
        return o[(o["indicator_code"] == code) & o["iso3"].isin(iso3s) & o["value"].notna()].sort_values(
            ["iso3", "year"])

    def coverage(self, code: str, iso3s: list[str]) -> pd.DataFrame:
        o = self.obs
        part = o[(o["indicator_code"] == code) & o["iso3"].isin(iso3s)]
        return part.assign(status=np.where(part["value"].isna(), "missing", "value"))[["iso3", "year", "status"]]

    def indicators(self) -> pd.DataFrame:
        o = self.obs[self.obs["value"].notna()]
        cov = o.groupby("indicator_code").agg(observations=("value", "size"), countries=("iso3", "nunique"),
                                              first_year=("year", "min"), last_year=("year", "max"))
        return cov.reset_index().merge(self.indicator, left_on="indicator_code", right_on="code")

    def profile(self, iso3: str, baseline: int, hub: list[str], peers: list[str]) -> pd.DataFrame:
        o = self.obs[self.obs["value"].notna()]
        mine = o[o["iso3"] == iso3].sort_values("year").groupby("indicator_code").tail(1)
        base = o[(o["iso3"] == iso3) & (o["year"] >= baseline)].sort_values("year").groupby("indicator_code").head(1)
        same = o.merge(mine[["indicator_code", "year", "value"]], on=["indicator_code", "year"],
                       suffixes=("", "_mine"))
        same = same.merge(self.indicator[["code", "higher_is_better"]], left_on="indicator_code", right_on="code")
        sign = np.where(same["higher_is_better"], 1, -1)
        same["better"] = sign * same["value"] > sign * same["value_mine"]
        in_hub = same[same["iso3"].isin(hub)]
        hub_stats = in_hub.groupby("indicator_code").agg(hub_n=("value", "size"), hub_avg=("value", "mean"),
                                                         hub_sd=("value", "std"), better=("better", "sum"))
        best = in_hub.assign(score=sign[same["iso3"].isin(hub).to_numpy()] * in_hub["value"]).sort_values(
            "score").groupby("indicator_code").tail(1).set_index("indicator_code")[["iso3", "value"]]
        peer = same[same["iso3"].isin(peers)].groupby("indicator_code")["value"].agg(["size", "mean"])
        base = base.set_index("indicator_code")[["year", "value"]].add_suffix("_base")
        frame = (mine.set_index("indicator_code").join(base).join(hub_stats)
                 .join(best.add_suffix("_best")).join(peer.add_suffix("_peer")))
        frame["change"] = frame["value"] - frame["value_base"]
        return frame.reset_index()


# -- timing ------------------------------------------------------------------------------------------------------


def median_ms(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def page_times(page: str, state: dict, repeats: int = 5) -> tuple[float, float]:
    """(warm ms, ms with the query caches cleared) of one page's script run through AppTest."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def run() -> float:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        at.session_state["lang"] = "en"
        for k, v in state.items():
            at.session_state[k] = v
        at.switch_page(f"pages/{page}.py")
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        assert not at.exception, at.exception
        return elapsed

    run()  # cold: opens the connection, fills the caches
    warm = statistics.median(run() for _ in range(repeats))
    cleared = []
    for _ in range(repeats):
        st.cache_data.clear()
        cleared.append(run())
    return warm, statistics.median(cleared)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HUB_DATA_DIR"] = str(Path(tmp) / "store")
        start = time.perf_counter()
        store = build_store(Path(tmp) / "store")
        with store.reader() as con:
            n = con.execute("SELECT count(*) FROM observation").fetchone()[0]
        print(f"scale store: {n:,} observations built in {time.perf_counter() - start:.1f} s")
        con = store.reader()
        hub = compare.hub_members(con)
        groups = compare.groups(con).set_index("group_code")
        ca = list(groups.loc["CA", "members"])
        everyone = sorted(set(hub) | set(ca))
        code, code_y, year = "bench.i123", "bench.i045", FIRST_YEAR + N_YEARS - 1
        p = PandasCompare(con)
        cases: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            ("indicators (catalogue)", lambda: compare.indicators(con), p.indicators),
            ("year_values + fallback", lambda: compare.year_values(con, code, year, everyone, 3),
             lambda: p.year_values(code, year, everyone, 3)),
            ("group_series (hub)", lambda: compare.group_series(con, code, hub), lambda: p.group_series(code, hub)),
            ("series (hub members)", lambda: compare.series(con, code, hub), lambda: p.series(code, hub)),
            ("coverage (hub)", lambda: compare.coverage(con, code, hub), lambda: p.coverage(code, hub)),
            ("profile (500 indicators)", lambda: compare.profile(con, "KAZ", 2010, hub, ca),
             lambda: p.profile("KAZ", 2010, hub, ca)),
            ("scatter", lambda: compare.scatter(con, code, code_y, year, everyone, 3),
             lambda: (p.year_values(code, year, everyone, 3), p.year_values(code_y, year, everyone, 3))),
            ("hub_coverage (catalogue)", lambda: compare.hub_coverage(con), lambda: None),
            ("years", lambda: compare.years(con, code), lambda: sorted(p.obs.loc[
                (p.obs["indicator_code"] == code) & p.obs["value"].notna(), "year"].unique())),
        ]
        print(f"\n{'query':28} {'duckdb ms':>10} {'pandas ms':>10} {'pandas/duckdb':>14}")
        slowest = ("", 0.0)
        for name, duck, pandas_fn in cases:
            d = median_ms(duck)
            pd_ms = median_ms(pandas_fn) if name != "hub_coverage (catalogue)" else float("nan")
            slowest = max(slowest, (name, d), key=lambda x: x[1])
            print(f"{name:28} {d:10.1f} {pd_ms:10.1f} {pd_ms / d:14.1f}")
        print(f"slowest query: {slowest[0]} {slowest[1]:.1f} ms (target < 50 ms)")
        con.close()

        print(f"\n{'page (AppTest script run)':28} {'warm ms':>10} {'no-cache ms':>12}")
        pages = [
            ("compare", {"cmp_ind": code, "cmp_year": year}),
            ("profile", {"cmp_focus": "KAZ"}),
            ("catalogue", {"cat_ind": code}),
        ]
        for page, state in pages:
            warm, cleared = page_times(page, state)
            print(f"{page:28} {warm:10.0f} {cleared:12.0f}")
        print("target: every page < 300 ms warm")


if __name__ == "__main__":
    main()
