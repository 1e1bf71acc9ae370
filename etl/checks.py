"""Everything checked before an upload is written: file problems, outliers, jumps, replaced values, and a preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from etl.formats import parse
from etl.load import Prepared, prepare
from etl.mapping import Mapping, apply, known_indicators
from etl.model import Problem, ValidationError
from etl.reading import read_sheets
from etl.store import Store

SD_LIMIT = 3.0  # a value further than this many standard deviations from its comparison set is flagged
MIN_SERIES = 4  # other years of the country's own series needed to judge a jump
MIN_PEERS = 8  # other countries in the same year needed to judge an outlier
MAX_LISTED = 50  # flagged values of one kind listed one by one; the rest in one warning
KEY = ["indicator_code", "iso3", "year"]


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
    """Read and check `path` without writing anything; with a store, compare it with the live data."""
    path = Path(path)
    name = file_name or path.name
    store = store or Store()
    known = known_indicators(store)
    try:
        if mapping is not None:
            wb = read_sheets(path, max_bytes=max_bytes)
            parsed = apply(wb, mapping, known)
            parsed.problems = wb.warnings + parsed.problems
        else:
            parsed = parse(path, format, max_bytes=max_bytes)
    except ValidationError as e:
        return Review(name, e.title, errors=_errors(e.problems), warnings=_warnings(e.problems) + e.warnings,
                      needs_mapping=e.title == "Unknown layout")
    try:
        prepared = prepare(parsed, name, set(known))
    except ValidationError as e:
        return Review(name, e.title, errors=e.problems, warnings=e.warnings)
    result = Review(name, "", warnings=list(prepared.report.warnings), prepared=prepared)
    result.preview = preview(prepared, store)
    result.warnings += flag_values(result.preview, prepared, store, name)
    return result


def _place(p: Problem) -> tuple:
    """Problems in the order a person reads the file: whole-file ones first, then by sheet, row and column."""
    return (p.sheet is not None, p.sheet or "", p.row or 0, p.column or "")


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity != "error"]


def preview(prepared: Prepared, store: Store) -> pd.DataFrame:
    """Each incoming value against the live store (read-only): added, changed (old -> new) or unchanged."""
    rows = prepared.rows
    where = prepared.where if prepared.where is not None else pd.DataFrame(index=rows.index)
    incoming = pd.DataFrame({
        "indicator_code": rows["indicator_code"].astype(str).to_numpy(),
        "iso3": rows["iso3"].astype(str).to_numpy(),
        "year": rows["year"].astype("int64").to_numpy(),
        "new_value": rows["value"].astype("float64").to_numpy(na_value=np.nan),
        "_i": np.arange(len(rows)),
    })
    old = _existing(incoming, prepared.parsed.source.source_id, store)
    out = incoming.merge(old, on=KEY, how="left").sort_values("_i", ignore_index=True)
    same = (out["old_value"] == out["new_value"]) | (out["old_value"].isna() & out["new_value"].isna())
    # values other than `value` (std_error, bounds) also count as a change, as batches.write_batch counts them
    out["status"] = np.where(~out["_found"].fillna(False).astype(bool), "added",
                             np.where(same & ~out["_other_differs"].fillna(False).astype(bool), "unchanged",
                                      "changed"))
    for name in ("sheet", "row", "column"):
        out[name] = where[name].to_numpy() if name in where else None
    return out.drop(columns=["_i", "_found", "_other_differs"])


def _existing(incoming: pd.DataFrame, source_id: str, store: Store) -> pd.DataFrame:
    empty = pd.DataFrame({"indicator_code": pd.Series(dtype=str), "iso3": pd.Series(dtype=str),
                          "year": pd.Series(dtype="int64"), "old_value": pd.Series(dtype="float64"),
                          "_found": pd.Series(dtype=bool), "_other_differs": pd.Series(dtype=bool)})
    if not store.exists():
        return empty
    with store.reader() as con:
        con.register("incoming_df", incoming[KEY])
        frame = con.execute(
            "SELECT o.indicator_code, o.iso3, CAST(o.year AS BIGINT) AS year, o.value AS old_value, TRUE AS _found, "
            "(o.std_error IS NOT NULL OR o.lower IS NOT NULL OR o.upper IS NOT NULL OR o.n_sources IS NOT NULL "
            " OR o.flags IS NOT NULL) AS _other_differs "
            "FROM observation o JOIN incoming_df i ON o.indicator_code = i.indicator_code AND o.iso3 = i.iso3 "
            "AND o.year = i.year WHERE o.source_id = ?",
            [source_id],
        ).df()
    return frame if len(frame) else empty


def _series(prepared: Prepared, store: Store) -> pd.DataFrame:
    """Values of the file's indicators already in the store (every source), for the comparisons."""
    codes = sorted(set(prepared.rows["indicator_code"].astype(str)))
    if not store.exists() or not codes:
        return pd.DataFrame(columns=[*KEY, "value"])
    with store.reader() as con:
        return con.execute(
            "SELECT indicator_code, iso3, CAST(year AS BIGINT) AS year, avg(value) AS value FROM observation "
            "WHERE indicator_code IN (SELECT unnest(?)) AND value IS NOT NULL AND source_id <> ? GROUP BY ALL",
            [codes, prepared.parsed.source.source_id],
        ).df()


def flag_values(pv: pd.DataFrame, prepared: Prepared, store: Store, file_name: str) -> list[Problem]:
    """Warnings to accept one by one: values that replace stored ones, outliers among countries, jumps."""
    out: list[Problem] = []
    changed = pv[pv["status"] == "changed"]
    for code, group in changed.groupby("indicator_code", sort=True):
        first = group.iloc[0]
        out.append(Problem(
            f"{len(group)} value(s) of {code} already in the store would be replaced; the first: {first['iso3']} "
            f"{first['year']}: {_fmt(first['old_value'])} -> {_fmt(first['new_value'])}",
            file=file_name, sheet=first["sheet"], row=_int(first["row"]), column=first["column"],
            value=first["new_value"], hint="the old values are kept and come back if this upload is rolled back",
            severity="warning"))
    new = pv[np.isfinite(pv["new_value"].to_numpy(dtype=float))]
    if new.empty:
        return out
    stored = _series(prepared, store)
    mine = new[[*KEY, "new_value"]].rename(columns={"new_value": "value"})
    # stored values of the same source are being replaced by this file: the file's values stand for them
    pool = pd.concat([mine, stored.merge(mine[KEY], on=KEY, how="left", indicator=True)
                      .query("_merge == 'left_only'")[[*KEY, "value"]]], ignore_index=True)
    out += _flag(new, pool, ["indicator_code", "iso3"], MIN_SERIES, file_name,
                 "jump: {value} is {z:.1f} standard deviations from this country's own series of {code} "
                 "(mean {mean}, {n} other years)",
                 "check the value and its unit; accept it if it is right")
    out += _flag(new, pool, ["indicator_code", "year"], MIN_PEERS, file_name,
                 "outlier: {value} is {z:.1f} standard deviations from the other countries' {code} in {year} "
                 "(mean {mean}, {n} countries)",
                 "check the value, its unit and its scale; accept it if it is right")
    return out


def _flag(new: pd.DataFrame, pool: pd.DataFrame, by: list[str], minimum: int, file_name: str, message: str,
          hint: str) -> list[Problem]:
    """Values further than SD_LIMIT standard deviations from the other values of their group (leave-one-out)."""
    sums = pool.assign(sq=pool["value"] ** 2).groupby(by)[["value", "sq"]].agg(["sum", "count"])
    sums.columns = ["s", "n", "q", "_"]
    frame = new.merge(sums[["s", "n", "q"]], left_on=by, right_index=True, how="left")
    v = frame["new_value"].to_numpy(dtype=float)
    n = frame["n"].to_numpy(dtype=float) - 1  # the others: leave this value out
    s = frame["s"].to_numpy(dtype=float) - v
    q = frame["q"].to_numpy(dtype=float) - v * v
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / n
        sd = np.sqrt(np.maximum(q / n - mean * mean, 0) * n / (n - 1))
        z = np.abs(v - mean) / sd
    bad = np.flatnonzero((n >= minimum) & (sd > 1e-12) & (z > SD_LIMIT))
    out = []
    for i in bad[:MAX_LISTED]:
        r = frame.iloc[i]
        out.append(Problem(
            message.format(value=_fmt(v[i]), z=z[i], code=r["indicator_code"], mean=_fmt(mean[i]), n=int(n[i]),
                           year=r["year"]),
            file=file_name, sheet=r["sheet"], row=_int(r["row"]), column=r["column"], value=float(v[i]),
            hint=hint, severity="warning"))
    if len(bad) > MAX_LISTED:
        out.append(Problem(f"... and {len(bad) - MAX_LISTED} more values flagged the same way", file=file_name,
                           hint=hint, severity="warning"))
    return out


def _fmt(x: object) -> str:
    return "missing" if x is None or pd.isna(x) else f"{float(x):g}"


def _int(x: object) -> int | None:
    return None if x is None or pd.isna(x) else int(x)
