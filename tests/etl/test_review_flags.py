"""Jumps and outliers of an upload (etl.validate.review.flagged) against an independent pandas computation."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import numpy as np
import pandas as pd
import pytest

from etl.validate import review
from etl.validate.review import MAX_LISTED, MIN_PEERS, MIN_SERIES, SD_LIMIT, flag_values
from store import SCHEMA_SQL

KEY = ["indicator_code", "iso3", "year", "breakdown"]
STORED_YEARS = range(2010, 2020)
WIDE = [f"W{k:02d}" for k in range(60)]  # t.wide: every country's 2020 value leaves its series (60 jumps)
FEW = [f"F{k:02d}" for k in range(12)]  # t.few: a dozen countries, a few wild values
THIN = [f"T{k}" for k in range(8)]  # t.thin: groups of just too few, and just enough, other values
EDGE = np.array([48.0, 52.0, 49.5, 50.5, 47.0, 53.0, 50.0, 51.0, 49.0, 50.0])  # t.edge: one series


def _stored(rng: np.random.Generator) -> pd.DataFrame:
    rows = [("s1", "t.wide", c, y, "", rng.normal(50, 1)) for c in WIDE for y in STORED_YEARS]
    rows += [("s1", "t.few", c, y, "", rng.normal(50, 5)) for c in FEW for y in STORED_YEARS]
    rows += [("s2", "t.few", "F04", 2015, "", 40.0), ("s3", "t.few", "F04", 2015, "", 90.0)]  # three sources
    rows += [("s1", "t.few", c, y, "sex=F", rng.normal(5000, 3000)) for c in FEW for y in STORED_YEARS]
    rows += [("s1", "t.few", "F06", 2011, "", None), ("s1", "t.other", "F01", 2015, "", 1e9)]
    rows += [("s1", "t.thin", "T0", y, "", rng.normal(50, 1)) for y in (2017, 2018, 2019)]  # 3 other years
    rows += [("s1", "t.thin", "T8", y, "", rng.normal(50, 1)) for y in (2016, 2017, 2018, 2019)]  # 4
    rows += [("s1", "t.thin", c, 2020, "", rng.normal(50, 1)) for c in THIN[1:]]  # 7 other countries
    rows += [("s1", "t.thin", f"P{k}", 2022, "", rng.normal(50, 1)) for k in range(8)]  # 8
    rows += [("s1", "t.edge", c, y, "", v) for c in ("E0", "E1") for y, v in zip(STORED_YEARS, EDGE, strict=True)]
    frame = pd.DataFrame(rows, columns=["source_id", *KEY, "value"])
    return frame.assign(batch_id=1)


def _incoming(rng: np.random.Generator) -> pd.DataFrame:
    rows = [("t.wide", c, 2020, "", 80 + rng.normal(0, 1)) for c in WIDE]  # 60 jumps, no outlier among them
    # F01's 2020 value: far from its own series and from 2020's other countries; F05's, from its series
    wild = {"F01": 500.0, "F05": 300.0}
    rows += [("t.few", c, 2020, "", wild.get(c, rng.normal(50, 5))) for c in FEW]
    rows += [("t.few", "F01", 2021, "", 48.0), ("t.few", "F02", 2021, "", 51.0)]  # a year of two countries
    rows += [("t.few", "F03", 2015, "", 900.0),  # a key the store holds too: counted once, with this value
             ("t.few", "F05", 2013, "", None),  # a key the file holds without a value: the stored one is not used
             ("t.few", "F02", 2020, "sex=F", 1e6),  # a breakdown: never judged, never in a total's group
             ("t.few", "F07", 2016, "", 50.0),
             ("t.thin", "T0", 2020, "", 1000.0),  # 3 other years, 7 other countries: not judged
             ("t.thin", "T8", 2021, "", 1000.0),  # 4 other years: a jump
             ("t.thin", "U0", 2022, "", 1000.0)]  # 8 other countries: an outlier
    sd = EDGE.std(ddof=1)  # just beyond the limit, and just within it
    rows += [("t.edge", "E0", 2020, "", EDGE.mean() + 3.3 * sd), ("t.edge", "E1", 2020, "", EDGE.mean() + 2.9 * sd)]
    frame = pd.DataFrame(rows, columns=[*KEY, "value"]).astype({"value": "Float64", "year": "Int16"})
    return frame.assign(_i=np.arange(len(frame)))


def _expected(stored: pd.DataFrame, incoming: pd.DataFrame) -> dict[str, list[tuple]]:
    """The rule spelt out: each file total against the other values of its group (file's and store's, a key
    once: the file's value if the file holds the key, else the mean of the sources), leave-one-out mean and
    sample standard deviation, flagged beyond SD_LIMIT."""
    file = incoming.rename(columns={"_i": "i"}).astype({"year": "int64"})
    kept = stored.dropna(subset=["value"]).groupby(KEY, as_index=False)["value"].mean()
    held = kept.merge(file[KEY], on=KEY, how="left", indicator=True)
    pool = pd.concat([file.dropna(subset=["value"]).astype({"value": float}),
                      held[held["_merge"] == "left_only"].drop(columns="_merge").assign(i=-1)], ignore_index=True)
    found: dict[str, list[tuple]] = {"jump": [], "outlier": []}
    for kind, by, minimum in (("jump", ["indicator_code", "breakdown", "iso3"], MIN_SERIES),
                              ("outlier", ["indicator_code", "breakdown", "year"], MIN_PEERS)):
        for _, group in pool.groupby(by):
            for position, row in enumerate(group.itertuples()):
                if row.i < 0 or row.breakdown != "":
                    continue
                others = group["value"].drop(group.index[position])
                mean, sd = others.mean(), others.std(ddof=1)
                if len(others) >= minimum and sd > 1e-12 and abs(row.value - mean) / sd > SD_LIMIT:
                    found[kind].append((row.i, row.value, len(others), mean, abs(row.value - mean) / sd))
    return {kind: sorted(rows) for kind, rows in found.items()}


def _store(stored: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(SCHEMA_SQL)
    con.register("stored_df", stored)
    con.execute("INSERT INTO observation BY NAME SELECT * FROM stored_df")
    return con


def _preview(incoming: pd.DataFrame, categories: bool = False) -> pd.DataFrame:
    """The incoming rows as review.preview gives them to flag_values (its key columns categories, or text)."""
    keys = incoming[["indicator_code", "iso3", "breakdown"]]
    return keys.astype("category" if categories else object).assign(
        year=incoming["year"].astype("int64"), new_value=incoming["value"].astype(float).to_numpy(),
        status="added", sheet="Data", row=incoming["_i"].to_numpy() + 2, column="Value")


def _flags(con: duckdb.DuckDBPyConnection, pv: pd.DataFrame) -> dict[str, list[tuple]]:
    return {kind: list(zip(*(a.tolist() for a in found), strict=True))
            for kind, found in review.flagged(con, pv).items()}


@pytest.fixture
def case() -> Iterator[tuple[duckdb.DuckDBPyConnection, pd.DataFrame, dict[str, list[tuple]]]]:
    rng = np.random.default_rng(7)
    stored, incoming = _stored(rng), _incoming(rng)
    con = _store(stored)
    yield con, incoming, _expected(stored, incoming)
    con.close()


def _same(found: list[tuple], want: list[tuple]) -> None:
    """The same values (by _i, in the file's order), each against as many others, with the same mean and z."""
    assert [(r[0], r[2]) for r in found] == [(w[0], w[2]) for w in want]
    assert [x for r in found for x in (r[1], r[3], r[4])] == pytest.approx(
        [x for w in want for x in (w[1], w[3], w[4])])


def test_the_flags_follow_the_rule_with_each_kinds_own_limit(case) -> None:
    con, incoming, expected = case
    assert len(expected["jump"]) > MAX_LISTED and 0 < len(expected["outlier"]) < MAX_LISTED  # the case holds
    every = _flags(con, _preview(incoming))
    assert list(every) == ["jump", "outlier"]
    for kind in ("jump", "outlier"):
        _same(every[kind], expected[kind])
    flagged = {(kind, r[0]) for kind, rows in every.items() for r in rows}
    at = {(c, y, b): i for c, y, b, i in zip(incoming["iso3"], incoming["year"], incoming["breakdown"],
                                             incoming["_i"], strict=True)}
    assert {("jump", at["F01", 2020, ""]), ("outlier", at["F01", 2020, ""]), ("jump", at["F05", 2020, ""]),
            ("jump", at["F03", 2015, ""]), ("outlier", at["F03", 2015, ""]), ("jump", at["T8", 2021, ""]),
            ("outlier", at["U0", 2022, ""]), ("jump", at["E0", 2020, ""])} <= flagged
    assert not {i for _, i in flagged} & {at["F02", 2020, "sex=F"], at["T0", 2020, ""], at["E1", 2020, ""]}


def test_the_warnings_list_each_kind_then_count_the_rest(case) -> None:
    con, incoming, expected = case
    warnings = flag_values(_preview(incoming, categories=True), con, "upload.xlsx")
    codes = [w.code for w in warnings]
    assert codes == (["ck_jump"] * MAX_LISTED + ["ck_jump_more"] + ["ck_outlier"] * len(expected["outlier"]))
    assert warnings[MAX_LISTED].params["n"] == len(expected["jump"]) - MAX_LISTED
    first = warnings[0]
    assert (first.row, first.params["n"]) == (expected["jump"][0][0] + 2, expected["jump"][0][2])
    assert first.params["z"] == f"{expected['jump'][0][4]:.1f}" and first.value == expected["jump"][0][1]


def _generated(seed: int, n_indicators: int, n_countries: int, per_indicator: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A store and an upload drawn at random: indicators of ordinary spread, of small values, of a large mean with a
    small spread, and of a mean of a million with a spread of a thousandth (lost in rounding by sums of the values'
    squares: 1e12 each, against a variance of 1e-6), each of `per_indicator` of the upload's `n_countries`
    countries; keys in both, several sources, missing values, breakdowns, countries only stored or only uploaded;
    values planted near the limit and far beyond it."""
    rng = np.random.default_rng(seed)
    countries = [f"C{k:03d}" for k in range(n_countries)]
    kinds = [("ordinary", 50.0, 5.0), ("small", 0.01, 0.002), ("narrow", 1e4, 2.0), ("huge", 1e6, 1e-3)]
    stored, incoming = [], []
    for k in range(n_indicators):
        code, (_, centre, spread) = f"g.i{k:02d}", kinds[k % len(kinds)]
        chosen = list(rng.choice(countries, per_indicator, replace=False))
        for c in [*chosen[2:], "X01", "X02"]:  # two countries only uploaded, two only stored
            for y in range(2000, 2015):
                if rng.random() < 0.9:
                    stored.append(("s1", code, c, y, "", centre + rng.normal(0, spread)))
                if rng.random() < 0.1:  # a second source of the same key
                    stored.append(("s2", code, c, y, "", centre + rng.normal(0, spread)))
                if rng.random() < 0.03:
                    stored.append(("s3", code, c, y, "", None))
                if rng.random() < 0.2:
                    stored.append(("s1", code, c, y, "sex=F", centre * 3 + rng.normal(0, spread)))
        for c in chosen:
            for y in range(2010, 2018):
                if rng.random() < 0.85:
                    incoming.append((code, c, y, "", None if rng.random() < 0.03 else centre + rng.normal(0, spread)))
                if rng.random() < 0.1:
                    incoming.append((code, c, y, "sex=M", centre * 50))
    incoming = pd.DataFrame(incoming, columns=[*KEY, "value"]).sample(frac=1, random_state=seed)
    values = incoming["value"].to_numpy(dtype=float, na_value=np.nan, copy=True)
    scale = incoming["indicator_code"].map(lambda code: kinds[int(code[-2:]) % len(kinds)][2]).to_numpy()
    planted = rng.choice(len(values), size=max(1, len(values) // 25), replace=False)
    # about the limit away, and beyond: 2.5 to 8 times the spread of the indicator
    values[planted] += rng.choice([-1, 1], len(planted)) * rng.uniform(2.5, 8, len(planted)) * scale[planted]
    incoming = incoming.assign(value=pd.array(values, dtype="Float64"), year=incoming["year"].astype("Int16"))
    stored = pd.DataFrame(stored, columns=["source_id", *KEY, "value"]).assign(batch_id=1)
    return stored, incoming.reset_index(drop=True).assign(_i=np.arange(len(incoming)))


# Dense uploads (a few indicators, each of most countries: groups numbered by their keys) and a sparse one (each
# indicator of a few of 300 countries: more keys than values, groups numbered by pandas).
@pytest.mark.parametrize(("seed", "n_indicators", "n_countries", "per_indicator"),
                         [(1, 3, 16, 16), (2, 3, 20, 16), (3, 6, 12, 12), (4, 6, 24, 20), (5, 9, 300, 10)])
def test_random_uploads_are_flagged_as_a_pandas_leave_one_out_computation(
        seed: int, n_indicators: int, n_countries: int, per_indicator: int) -> None:
    stored, incoming = _generated(seed, n_indicators, n_countries, per_indicator)
    expected = _expected(stored, incoming)
    assert expected["jump"] and expected["outlier"]  # the case holds flags of both kinds
    con = _store(stored)
    try:
        found = _flags(con, _preview(incoming, categories=seed % 2 == 0))
    finally:
        con.close()
    for kind in ("jump", "outlier"):
        _same(found[kind], expected[kind])


@pytest.mark.parametrize("spread", [1, 10**9])  # keys fewer than the rows (used as they are), and far more
def test_groups_are_numbered_alike_in_the_file_and_the_store(spread: int) -> None:
    rng = np.random.default_rng(spread)
    key, h_key = rng.integers(0, 40, 300) * spread, rng.integers(20, 60, 50) * spread
    numbers, h_numbers, size = review._numbered(key.copy(), h_key.copy())
    both, keys = np.concatenate([numbers, h_numbers]), np.concatenate([key, h_key])
    assert both.min() >= 0 and both.max() < size <= max(keys.max() + 1, len(keys))
    assert len({(k, n) for k, n in zip(keys.tolist(), both.tolist(), strict=True)}) == len(set(keys.tolist()))
    assert len(set(both.tolist())) == len(set(keys.tolist()))  # one number a key, one key a number
