"""Everything checked before an upload is written: file problems, outliers, jumps, replaced values, and a preview."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from core.errors import Problem, ValidationError, coded
from etl import guard
from etl.read.frames import value_codes
from etl.recipes.mapping import Mapping
from etl.recipes.survey import ParsedSurvey
from etl.validate.known import known_indicators
from etl.validate.prepare import YEAR_MAX, Prepared, prepare
from store import SCHEMA_SQL, Store
from store.queries import sql

STATUSES = ["added", "changed", "unchanged"]  # what an incoming value does to the store
SD_LIMIT = 3.0  # a value further than this many standard deviations from its comparison set is flagged
MIN_SERIES = 4  # other years of the country's own series needed to judge a jump
MIN_PEERS = 8  # other countries in the same year needed to judge an outlier
MAX_LISTED = 50  # flagged values of one kind listed one by one; the rest in one warning
FLAG_CODES = {"jump": "ck_jump", "outlier": "ck_outlier"}  # the problem code of each kind of flagged value


@dataclass
class Review:
    """What an upload would do: its problems (errors block; warnings are accepted one by one) and the preview."""

    file: str
    title: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    prepared: Prepared | None = None
    preview: pd.DataFrame | None = None  # one row per incoming value: key, old, new, status, sheet, row, column
    needs_mapping: bool = False  # no known layout: the person has to say where the data is
    survey: ParsedSurvey | None = None  # a survey file: it takes the survey path (etl.validate.survey)

    def __post_init__(self) -> None:
        self.errors = sorted(self.errors, key=_place)

    @property
    def problems(self) -> list[Problem]:
        return self.errors + self.warnings

    @property
    def ok(self) -> bool:
        return self.prepared is not None and not self.errors

    def counts(self) -> dict[str, int]:
        if self.preview is None:
            return {"added": 0, "changed": 0, "unchanged": 0}
        found = self.preview["status"].value_counts()
        return {s: int(found.get(s, 0)) for s in ("added", "changed", "unchanged")}


def review(path: Path, *, format: str | None = None, mapping: Mapping | None = None, store: Store | None = None,
           max_bytes: int | None = None, file_name: str | None = None) -> Review:
    """Read (in the guarded worker) and check `path` without writing anything; with a store, compare it with the
    live data. A survey file comes back unchecked in `Review.survey`, for the survey path."""
    path = Path(path)
    name = file_name or path.name
    store = store or Store()
    known = known_indicators(store)
    try:
        parsed = guard.read_file(path, recipe=format, mapping=mapping, known=known, max_bytes=max_bytes,
                                 file_name=name)
    except ValidationError as e:
        return Review(name, e.title, errors=_errors(e.problems), warnings=_warnings(e.problems) + e.warnings,
                      needs_mapping=e.title == "Unknown layout")
    if isinstance(parsed, ParsedSurvey):
        return Review(name, "Survey file", survey=parsed)
    try:
        prepared = prepare(parsed, name, set(known))
    except ValidationError as e:
        return Review(name, e.title, errors=e.problems, warnings=e.warnings)
    # the file's cell-by-cell observations are in `prepared.rows` now: free the copy before the comparisons
    parsed.observations = parsed.observations.iloc[0:0].copy()  # a copy: a slice keeps its base (copy-on-write)
    result = Review(name, "", warnings=list(prepared.report.warnings), prepared=prepared)
    with _connection(store) as con:
        _materialise(con, _incoming(prepared))
        result.preview = preview(prepared, con)
        result.warnings += flag_values(result.preview, con, name)
    return result


def _place(p: Problem) -> tuple:
    """Problems in the order a person reads the file: whole-file ones first, then by sheet, row and column."""
    return (p.sheet is not None, p.sheet or "", p.row or 0, p.column or "")


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity != "error"]


def _incoming(prepared: Prepared) -> pd.DataFrame:
    rows = prepared.rows  # columns shared, not copied; _materialise gives them their SQL types
    return rows[["indicator_code", "iso3", "year", "breakdown", "value"]].assign(_i=np.arange(len(rows)))


@contextmanager
def _connection(store: Store) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the live store, or an empty in-memory one when there is no store yet."""
    if store.exists():
        with store.reader() as con:
            yield con
        return
    con = duckdb.connect()
    try:
        con.execute(SCHEMA_SQL)
        yield con
    finally:
        con.close()


def _materialise(con: duckdb.DuckDBPyConnection, incoming: pd.DataFrame) -> None:
    """The incoming values as a temporary view over the frame (nothing copied; the store file is only read)."""
    con.register("incoming_df", incoming)
    con.execute(sql("review", "materialise"))


def preview(prepared: Prepared, con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Each incoming value (temp table `incoming`) against the live store: added, changed (old -> new), unchanged."""
    incoming = prepared.rows
    found = con.execute(sql("review", "stored_values"), [prepared.parsed.source.source_id]).fetchnumpy()
    n = len(incoming)
    old = np.full(n, np.nan)
    status = np.zeros(n, dtype=np.int8)  # codes of STATUSES: a category column, one byte a row
    hit = found["_i"].astype(np.int64)
    old[hit] = np.asarray(found["old_value"], dtype=float)
    # values other than `value` (std_error, bounds) count as a change too, as batches.write_batch counts them
    status[hit] = np.where(np.asarray(found["same"], dtype=bool), 2, 1)
    where = prepared.where if prepared.where is not None else pd.DataFrame(index=range(n))
    out = pd.DataFrame({"indicator_code": incoming["indicator_code"], "iso3": incoming["iso3"],
                        "year": incoming["year"].astype("int64"), "breakdown": incoming["breakdown"],
                        "new_value": incoming["value"].astype("float64").to_numpy(na_value=np.nan),
                        "old_value": old, "status": pd.Categorical.from_codes(status, STATUSES)}, copy=False)
    for name in ("sheet", "row", "column"):
        out[name] = (where[name].to_numpy() if name == "row" else _repeated_text(where[name])) \
            if name in where else None
    return out


def _repeated_text(values: pd.Series) -> pd.Categorical | np.ndarray:
    """The file's sheet and column names, repeated on every row: categories rather than a text per row.

    A column with gaps (a CSV has no sheet) stays as it is, so that a missing name stays None."""
    categories = pd.Categorical(values)  # from the column itself: no Python string made per row
    return values.to_numpy() if (categories.codes < 0).any() else categories


def flag_values(pv: pd.DataFrame, con: duckdb.DuckDBPyConnection, file_name: str) -> list[Problem]:
    """Warnings to accept one by one: values that replace stored ones, outliers among countries, jumps."""
    out: list[Problem] = []
    changed = pv[pv["status"] == "changed"]
    for code, group in changed.groupby("indicator_code", sort=True):
        first = group.iloc[0]
        out.append(coded("ck_replaced", {
            "n": len(group), "code": code, "iso3": first["iso3"], "year": int(first["year"]),
            "old": _fmt(first["old_value"]), "new": _fmt(first["new_value"])},
            file=file_name, sheet=first["sheet"], row=_int(first["row"]), column=first["column"],
            value=first["new_value"], severity="warning"))
    return out + _flag(con, pv, file_name)


def _flag(con: duckdb.DuckDBPyConnection, pv: pd.DataFrame, file_name: str) -> list[Problem]:
    """Jumps in a country's own series, then outliers among a year's countries (`flagged`): the first MAX_LISTED
    of each kind one by one, in the file's order, then one warning counting the rest."""
    out = []
    for kind, (at, value, n, mean, z) in flagged(con, pv).items():
        for i, v, others, m, score in zip(*(a[:MAX_LISTED].tolist() for a in (at, value, n, mean, z)), strict=True):
            r = pv.iloc[i]
            out.append(coded(FLAG_CODES[kind], {
                "value": _fmt(v), "z": f"{score:.1f}", "code": r["indicator_code"], "mean": _fmt(m), "n": others,
                "year": int(r["year"])}, file=file_name, sheet=r["sheet"], row=_int(r["row"]), column=r["column"],
                value=v, severity="warning"))
        if len(at) > MAX_LISTED:
            out.append(coded(f"{FLAG_CODES[kind]}_more", {"n": len(at) - MAX_LISTED}, file=file_name,
                             severity="warning"))
    return out


def flagged(con: duckdb.DuckDBPyConnection, pv: pd.DataFrame) -> dict[str, tuple[np.ndarray, ...]]:
    """Values further than SD_LIMIT standard deviations from the other values of their group (leave-one-out mean
    and sample standard deviation), of two kinds: "jump", the group being the value's own series (indicator,
    country; at least MIN_SERIES other years), and "outlier", the group being its year's countries (indicator,
    year; at least MIN_PEERS other countries). Each kind: the flagged values' positions in `pv` (ascending), their
    values, the number of others, their mean and the z.

    A group's values are the file's and the store's (every source; a key the file holds counts once, with the
    file's value; a key stored by several sources, once with their mean), totals only: only the file's finite
    totals are judged, against totals. Counted with numpy over integer keys: the file's indicators and countries
    numbered, the store's totals of those indicators read with the same numbers (store/queries/review.sql)."""
    ind, indicators = value_codes(pv["indicator_code"])
    iso, countries = value_codes(pv["iso3"])
    held = con.execute(sql("review", "held_totals"), {"indicators": [str(c) for c in indicators],
                                                       "countries": [str(c) for c in countries]}).fetchnumpy()
    h_ind, h_iso, h_year = (np.asarray(held[c], np.int64) for c in ("indicator", "country", "year"))
    h_value = np.asarray(held["value"], float)
    year, value = pv["year"].to_numpy(np.int64), pv["new_value"].to_numpy(float)
    total = (pv["breakdown"] == "").to_numpy()
    width = len(countries) + 1  # the store's other countries have the last number: in no series of the file
    first = min(year.min(initial=YEAR_MAX), h_year.min(initial=YEAR_MAX))
    span = max(year.max(initial=first), h_year.max(initial=first)) - first + 1

    # two float arrays of the rows' length serve every step below, and one integer array the keys: fresh memory is
    # slow to come by (about 1 ms a MB on a busy machine), and each such array is 29 MB at 3.6 million rows
    far, spare = np.empty(len(value)), np.empty(len(value))
    series = np.multiply(ind, width, dtype=np.int64)
    series += iso
    h_series = h_ind * width + h_iso
    if len(h_series):  # the store's values at the file's own totals give way to the file's
        cell = np.multiply(series, span, out=spare.view(np.int64))
        cell += year
        cell -= first
        cell[~total] = -1
        apart = ~np.isin(h_series * span + h_year - first, cell)  # numpy marks a flag per key when few
        h_ind, h_year, h_value, h_series = h_ind[apart], h_year[apart], h_value[apart], h_series[apart]
    judged = total & np.isfinite(value)

    out = {}
    for kind, minimum in (("jump", MIN_SERIES), ("outlier", MIN_PEERS)):
        if kind == "jump":
            key, h_key = series, h_series
        else:  # the series' numbers are done with: their array takes the years'
            key = np.multiply(ind, span, out=series, dtype=np.int64)
            key += year
            key -= first
            h_key = h_ind * span + h_year - first
        key, h_key, size = _numbered(key, h_key)
        key[~judged] = size  # a group of its own for the values not judged (breakdowns, missing values)
        with np.errstate(divide="ignore", invalid="ignore"):  # numbers no value has (0 / 0); values alike (sd 0)
            count, s = (np.bincount(key, w, size + 1) + np.bincount(h_key, h_w, size + 1)
                        for w, h_w in ((None, None), (value, h_value)))
            mean = s / count
            np.take(mean, key, out=far)
            np.subtract(value, far, out=far)  # each value's distance from its group's mean
            np.multiply(far, far, out=spare)
            # the squares of the distances summed (not the values' squares: those lose a narrow group in rounding)
            squares = np.bincount(key, spare, size + 1) + np.bincount(h_key, (h_value - mean[h_key]) ** 2, size + 1)
            reach = _reach(count, squares, minimum)
            reach[size] = np.inf
            near = np.flatnonzero(spare >= np.take(reach, key, out=far))
            v, group = value[near], key[near]
            d = v - mean[group]  # as above, for the few values compared one by one
            n = count[group] - 1
            others = mean[group] - d / n  # leave-one-out: the mean and spread of the group's other values
            sd = np.sqrt(np.maximum(squares[group] - d * d * (n + 1) / n, 0) / (n - 1))
            z = np.abs(d) * (n + 1) / n / sd  # v - others = d (n + 1) / n
        hit = np.flatnonzero((sd > 1e-12) & (z > SD_LIMIT))
        out[kind] = (near[hit], v[hit], n[hit], others[hit], z[hit])
    return out


def _reach(count: np.ndarray, squares: np.ndarray, minimum: int) -> np.ndarray:
    """Per group (its count and the sum of its values' squared distances from its mean): the squared distance from
    the mean that a value must reach to be compared value by value, 0.9 of the distance at which it would be
    flagged (a margin for rounding). With N values (the value itself counted), n = N - 1 others and the sum S, a
    value d from the mean has the leave-one-out z**2 = d**2 N**2 (n - 1) / (n**2 (S - d**2 N / n)), which grows
    with d: it passes L = SD_LIMIT where d**2 > L**2 n**2 S / (N**2 (n - 1) + L**2 N n). Groups with fewer than
    `minimum` others are never reached."""
    n = count - 1
    reach = 0.81 * SD_LIMIT**2 * n * n * squares / (count * count * (n - 1) + SD_LIMIT**2 * count * n)
    reach[n < minimum] = np.inf
    return reach


def _numbered(key: np.ndarray, h_key: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Group numbers for the file's and the store's keys (non-negative) and how many: the keys themselves where
    they run no further than the number of rows (counted then in arrays that size), else numbered by pandas."""
    top = max(key.max(initial=0), h_key.max(initial=0))
    if top < len(key) + len(h_key):
        return key, h_key, int(top) + 1
    numbers, distinct = pd.factorize(np.concatenate([key, h_key]))
    return numbers[:len(key)], numbers[len(key):], len(distinct)


def _fmt(x: object) -> str:
    return "missing" if x is None or pd.isna(x) else f"{float(x):g}"


def _int(x: object) -> int | None:
    return None if x is None or pd.isna(x) else int(x)
