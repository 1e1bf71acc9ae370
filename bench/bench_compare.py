"""Benchmark of the compare pages at scale: 60 countries x 500 indicators x 30 years (900k observations).

The pandas baseline is idiomatic: the current edition in memory, split by indicator once (not counted), each query
then working on its indicator's rows; where it wins, the table says so (ratio < 1).

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
from charts import compare as cc  # noqa: E402
from etl.setup_store import init_store  # noqa: E402
from store import Store  # noqa: E402

N_COUNTRIES, N_INDICATORS, N_YEARS, FIRST_YEAR = 60, 500, 30, 1995
REPEATS = 15
TITLES = {"compare": "Compare countries", "profile": "Country profile", "catalogue": "Indicators and coverage"}


def build_store(directory: Path) -> Store:
    """Reference data from data/reference, then 500 indicators and 900k observations generated in SQL."""
    store = Store(directory)
    init_store(store, starter_pack=False)
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
            INSERT INTO observation (source_id, indicator_code, iso3, year, value, std_error, lower, upper,
                                     n_sources, flags, batch_id)
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
    """The same computations as analytics.compare on in-memory DataFrames, written as a pandas user would: the
    current edition loaded once and split by indicator once (a dict of frames), so a query touches only its
    indicator's rows instead of scanning every row; the same columns out, so the page code runs on either."""

    def __init__(self, con) -> None:
        self.obs = con.execute("SELECT o.* FROM observation o JOIN source s USING (source_id) "
                               "WHERE s.is_current").df()
        self.by_code = dict(tuple(self.obs.groupby("indicator_code", sort=False)))  # split once
        self.values_by_code = {code: part[part["value"].notna()] for code, part in self.by_code.items()}
        self.indicator = con.execute("SELECT * FROM indicator").df()
        self.country = con.execute("SELECT iso3, name_en, name_ru FROM country").df()
        self.source = con.execute("SELECT * FROM source").df()
        self.theme = con.execute("SELECT code AS theme, name_en AS theme_en, name_ru AS theme_ru FROM theme").df()

    def _of(self, code: str) -> pd.DataFrame:
        return self.values_by_code.get(code, self.obs.iloc[0:0])

    def year_values(self, code: str, year: int, iso3s: list[str], max_lag: int) -> pd.DataFrame:
        o = self._of(code)
        found = o[(o["year"] <= year) & (o["year"] >= year - max_lag) & o["iso3"].isin(iso3s)]
        found = found.sort_values("year").groupby("iso3").tail(1).rename(columns={"year": "value_year"})
        frame = pd.DataFrame({"iso3": sorted(set(iso3s))}).merge(self.country, on="iso3", how="left")
        frame = frame.merge(found[["iso3", "value", "value_year", "std_error", "lower", "upper", "source_id"]],
                            on="iso3", how="left")
        frame["value_year"] = frame["value_year"].astype("Int64")
        frame["is_fallback"] = (frame["value_year"].notna() & (frame["value_year"] != year)).astype(bool)
        return frame

    def group_series(self, code: str, members: list[str]) -> pd.DataFrame:
        o = self._of(code)
        part = o[o["iso3"].isin(members)]
        return part.groupby("year")["value"].agg(mean="mean", n="size").reset_index()

    def series(self, code: str, iso3s: list[str]) -> pd.DataFrame:
        o = self._of(code)
        part = o[o["iso3"].isin(iso3s)].merge(self.country, on="iso3", how="left")
        return part.sort_values(["iso3", "year"])[["iso3", "name_en", "name_ru", "year", "value", "std_error",
                                                   "lower", "upper"]]

    def scatter(self, x_code: str, y_code: str, year: int, iso3s: list[str], max_lag: int) -> pd.DataFrame:
        x, y = self.year_values(x_code, year, iso3s, max_lag), self.year_values(y_code, year, iso3s, max_lag)
        keep = ["iso3", "value", "value_year", "is_fallback"]
        return x[["iso3", "name_en", "name_ru"] + keep[1:]].merge(y[keep], on="iso3", suffixes=("_x", "_y"))

    def coverage(self, code: str, iso3s: list[str]) -> pd.DataFrame:
        o = self.by_code.get(code, self.obs.iloc[0:0])
        part = o[o["iso3"].isin(iso3s)]
        return part.assign(status=np.where(part["value"].isna(), "missing", "value"))[["iso3", "year", "status"]]

    def indicators(self) -> pd.DataFrame:
        o = self.obs[self.obs["value"].notna()]
        cov = o.groupby("indicator_code").agg(source_id=("source_id", "first"), observations=("value", "size"),
                                              countries=("iso3", "nunique"), first_year=("year", "min"),
                                              last_year=("year", "max"))
        return cov.reset_index().merge(self.indicator, left_on="indicator_code", right_on="code")

    def hub_coverage(self, hub: list[str]) -> pd.DataFrame:
        o = self.obs[self.obs["value"].notna() & self.obs["iso3"].isin(hub)]
        last = o.groupby(["indicator_code", "iso3"])["year"].max().reset_index()
        latest = last.groupby("indicator_code")["year"].transform("max")
        return last.assign(at_latest=last["year"] == latest).groupby("indicator_code").agg(
            hub_any=("iso3", "size"), hub_latest=("at_latest", "sum")).reset_index()

    def profile(self, iso3: str, baseline: int, hub: list[str], peers: list[str]) -> pd.DataFrame:
        o = self.obs[self.obs["value"].notna()]
        own = o[o["iso3"] == iso3].sort_values(["year", "source_id"])
        mine = own.groupby("indicator_code").tail(1)
        base = own[own["year"] >= baseline].groupby("indicator_code").head(1)
        base = base.set_index("indicator_code")[["year", "value", "std_error", "lower", "upper"]].rename(
            columns={"year": "base_year", "value": "base_value", "std_error": "base_se", "lower": "base_lower",
                     "upper": "base_upper"})
        same = o.merge(mine[["indicator_code", "year", "source_id", "value"]],
                       on=["indicator_code", "year", "source_id"], suffixes=("", "_mine"))
        same = same.merge(self.indicator[["code", "higher_is_better"]], left_on="indicator_code", right_on="code")
        sign = np.where(same["higher_is_better"], 1.0, -1.0)
        same = same.assign(score=sign * same["value"], better=sign * same["value"] > sign * same["value_mine"])
        in_hub = same[same["iso3"].isin(hub)]
        hub_stats = in_hub.groupby("indicator_code").agg(
            hub_n=("value", "size"), hub_avg=("value", "mean"), hub_sd=("value", "std"), better=("better", "sum"),
            in_hub=("iso3", lambda s: (s == iso3).any()))
        hub_stats["hub_rank"] = hub_stats.pop("better") + 1
        best = in_hub.sort_values("score").groupby("indicator_code").tail(1).set_index("indicator_code")
        best = best[["value", "iso3"]].rename(columns={"value": "best_value", "iso3": "best_iso3"})
        peer = same[same["iso3"].isin(peers)].groupby("indicator_code")["value"].agg(peer_n="size", peer_avg="mean")
        # each member's figure and uncertainty, for the significance rule (as the SQL's list(struct) columns)
        rows = same[["indicator_code", "iso3", "value", "std_error", "lower", "upper"]]
        cols = ["iso3", "value", "std_error", "lower", "upper"]
        lists = pd.DataFrame({
            "hub_rows": rows[rows["iso3"].isin(hub)].groupby("indicator_code")[cols].apply(
                lambda g: g.to_dict("records")),
            "peer_rows": rows[rows["iso3"].isin(peers)].groupby("indicator_code")[cols].apply(
                lambda g: g.to_dict("records"))})
        frame = (mine.set_index("indicator_code").join(base).join(hub_stats).join(best).join(peer).join(lists)
                 .reset_index().rename(columns={"indicator_code": "code"}))
        frame["iso3_own"] = iso3
        frame = frame.merge(self.indicator.drop(columns=["dataset", "batch_id"]), on="code")
        frame = frame.merge(self.theme, on="theme", how="left").merge(
            self.source[["source_id", "name", "edition", "licence", "is_demo"]].rename(columns={"name": "source"}),
            on="source_id")
        frame = frame.merge(self.country.rename(columns={"iso3": "best_iso3", "name_en": "best_en",
                                                         "name_ru": "best_ru"}), on="best_iso3", how="left")
        frame["in_hub"] = frame["in_hub"].astype("boolean").fillna(False).astype(bool)
        return compare.add_profile_statistics(frame, hub_size=len(set(hub)), peer_size=len(set(peers)))


class DuckCompare:
    """analytics.compare on the store, with the same methods as PandasCompare."""

    def __init__(self, con) -> None:
        self.con = con

    def year_values(self, code, year, iso3s, max_lag):
        return compare.year_values(self.con, code, year, iso3s, max_lag)

    def group_series(self, code, members):
        return compare.group_series(self.con, code, members)

    def series(self, code, iso3s):
        return compare.series(self.con, code, iso3s)

    def scatter(self, x_code, y_code, year, iso3s, max_lag):
        return compare.scatter(self.con, x_code, y_code, year, iso3s, max_lag)

    def coverage(self, code, iso3s):
        return compare.coverage(self.con, code, iso3s)

    def indicators(self):
        return compare.indicators(self.con)

    def hub_coverage(self, hub):
        return compare.hub_coverage(self.con)

    def profile(self, iso3, baseline, hub, peers):
        return compare.profile(self.con, iso3, baseline, hub, peers)


META = {"name": "Indicator", "unit": "score", "decimals": 1, "higher_is_better": True}


def compare_page(q, hub: list[str], peers: list[str], code: str, code_y: str, year: int) -> list[str]:
    """What the Compare page computes on a run without caches: queries, averages, ranks, the four figures."""
    values = q.year_values(code, year, sorted(set(hub) | set(peers)), 3)
    averages = [compare.average(values, hub, year, "Hub"), compare.average(values, peers, year, "Peers")]
    compare.hub_ranks(values, hub, year, True)
    shown = values[values["iso3"].isin(hub)]
    series = q.series(code, hub)
    lines = [("Hub", q.group_series(code, hub), len(hub)), ("Peers", q.group_series(code, peers), len(peers))]
    pair = compare.pair(values, q.year_values(code_y, year, sorted(set(hub) | set(peers)), 3))
    figures = [cc.ranked_bar(shown, averages, META, "en", "KAZ", False),
               cc.time_series(series, lines, META, "en", "KAZ", False), cc.value_map(shown, META, "en", False),
               cc.scatter_chart(pair, META, META, "en", "KAZ", False)]
    return [f.to_json() for f in figures]


def profile_page(q, hub: list[str], peers: list[str]) -> list[str]:
    """The Profile page: every indicator for one country, the heat strip and six small multiples."""
    frame = q.profile("KAZ", 2010, hub, peers)
    panels = [{"meta": META, "country": "Kazakhstan", "series": q.series(code, ["KAZ"]),
               "hub": q.group_series(code, hub), "targets": None} for code in frame["code"][:6]]
    figures = [cc.profile_strip(frame, "en", False), cc.small_multiples(panels, "en", False)]
    return [f.to_json() for f in figures]


def catalogue_page(q, hub: list[str], code: str) -> list[str]:
    """The Catalogue page: the indicator list with coverage, and one coverage matrix."""
    q.indicators()
    q.hub_coverage(hub)
    matrix = q.coverage(code, hub)
    names = pd.Series({c: c for c in hub})
    return [cc.coverage_matrix(matrix, names, list(range(FIRST_YEAR, FIRST_YEAR + N_YEARS)), "en", False).to_json()]


def same_results(duck: DuckCompare, pand: PandasCompare, hub: list[str], peers: list[str], code: str,
                 year: int) -> None:
    """Both implementations must agree before their times are compared."""
    a = duck.year_values(code, year, hub, 3).set_index("iso3")
    b = pand.year_values(code, year, hub, 3).set_index("iso3")
    assert np.allclose(a["value"], b["value"], equal_nan=True) and (a["value_year"].fillna(0) == b["value_year"]
                                                                    .fillna(0)).all()
    a = duck.profile("KAZ", 2010, hub, peers).set_index("code").sort_index()
    b = pand.profile("KAZ", 2010, hub, peers).set_index("code").sort_index()
    for column in ("value", "year", "base_value", "hub_avg", "hub_rank", "best_value", "peer_avg", "change",
                   "rank_low", "rank_high"):
        assert np.allclose(a[column].astype(float), b[column].astype(float), equal_nan=True), column
    for column in ("change_sig", "hub_sig", "peer_sig"):
        assert (a[column] == b[column]).all(), column


# -- timing ------------------------------------------------------------------------------------------------------


def median_ms(fn: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """(median wall-clock ms, median CPU ms of this process, all threads). On a shared, busy machine the
    wall clock includes waiting for a core; the CPU time is the work itself."""
    fn()
    walls, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def page_times(page: str, state: dict, repeats: int = 5) -> tuple[float, float, float, float]:
    """(warm wall ms, warm cpu ms, wall ms with the query caches cleared, cpu ms so) of one page's script run
    through AppTest (the dashboard router and sidebar included)."""
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    def run() -> tuple[float, float]:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        PagesManager.uses_pages_directory = False  # as on a running server, where the router has run once
        at.session_state["lang"] = "en"
        for k, v in state.items():
            at.session_state[k] = v
        at.switch_page(f"pages/{page}.py")
        start, cpu = time.perf_counter(), time.process_time()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        assert not at.exception, at.exception
        assert at.title and at.title[0].value == TITLES[page], "AppTest ran another page"
        return elapsed

    run()  # cold: opens the connection, fills the caches
    warm = [run() for _ in range(repeats)]
    cleared = []
    for _ in range(repeats):
        st.cache_data.clear()
        cleared.append(run())
    return (statistics.median(w for w, _ in warm), statistics.median(c for _, c in warm),
            statistics.median(w for w, _ in cleared), statistics.median(c for _, c in cleared))


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
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
        start = time.perf_counter()
        p = PandasCompare(con)
        print(f"pandas baseline: current edition loaded into memory and split by indicator in "
              f"{time.perf_counter() - start:.1f} s ({len(p.obs):,} rows; not counted below)")
        d = DuckCompare(con)
        same_results(d, p, hub, ca, code, year)
        print("duckdb and pandas results agree (values, fall-back years, profile statistics)")
        cases = [
            ("indicators (catalogue)", lambda q: q.indicators()),
            ("hub_coverage (catalogue)", lambda q: q.hub_coverage(hub)),
            ("year_values + fallback", lambda q: q.year_values(code, year, everyone, 3)),
            ("group_series (hub)", lambda q: q.group_series(code, hub)),
            ("series (hub members)", lambda q: q.series(code, hub)),
            ("coverage (hub)", lambda q: q.coverage(code, hub)),
            ("scatter", lambda q: q.scatter(code, code_y, year, everyone, 3)),
            ("profile (500 indicators)", lambda q: q.profile("KAZ", 2010, hub, ca)),
        ]
        header = (f"{'duckdb ms':>10} {'(cpu)':>7} {'pandas ms':>10} {'(cpu)':>7} {'pandas/duckdb':>14} "
                  f"{'(cpu)':>6}  faster")
        print(f"\n{'query':28} {header}")
        slowest = ("", 0.0, 0.0)
        for name, fn in cases:
            (dw, dc), (pw, pc) = median_ms(lambda fn=fn: fn(d)), median_ms(lambda fn=fn: fn(p))
            slowest = max(slowest, (name, dw, dc), key=lambda x: x[1])
            print(f"{name:28} {dw:10.1f} {dc:7.1f} {pw:10.1f} {pc:7.1f} {pw / dw:14.1f} {pc / dc:6.1f}  "
                  f"{'duckdb' if pc > dc else 'PANDAS'}")
        print(f"slowest query: {slowest[0]} {slowest[1]:.1f} ms wall, {slowest[2]:.1f} ms cpu (target < 50 ms)")

        pages_compute = [
            ("compare", lambda q: compare_page(q, hub, ca, code, code_y, year)),
            ("profile", lambda q: profile_page(q, hub, ca)),
            ("catalogue", lambda q: catalogue_page(q, hub, code)),
        ]
        print(f"\n{'page compute, no cache':28} {header}")
        for name, fn in pages_compute:
            (dw, dc), (pw, pc) = median_ms(lambda fn=fn: fn(d), 7), median_ms(lambda fn=fn: fn(p), 7)
            print(f"{name:28} {dw:10.1f} {dc:7.1f} {pw:10.1f} {pc:7.1f} {pw / dw:14.1f} {pc / dc:6.1f}  "
                  f"{'duckdb' if pc > dc else 'PANDAS'}")
        con.close()

        print(f"\n{'page (AppTest script run)':28} {'warm ms':>10} {'(cpu)':>7} {'no-cache ms':>12} {'(cpu)':>7}")
        pages = [
            ("compare", {"cmp_ind": code, "cmp_year": year, "_cmp_year_for": code}),
            ("profile", {"cmp_focus": "KAZ"}),
            ("catalogue", {"cat_ind": code}),
        ]
        for page, state in pages:
            warm, warm_cpu, cleared, cleared_cpu = page_times(page, state)
            print(f"{page:28} {warm:10.0f} {warm_cpu:7.0f} {cleared:12.0f} {cleared_cpu:7.0f}")
        print("target: every page < 300 ms warm")
        print(f"load average at end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
