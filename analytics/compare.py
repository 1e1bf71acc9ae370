"""Queries and statistics behind Compare, Profile and Catalogue: values per year, peer averages, ranks, change."""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics import significance as sig
from analytics import summary
from analytics.significance import Estimate
from store.queries import sql

QUERIES = "analytics/compare"

# Queries read `figure` (store/views/figures.sql): one edition of each dataset (the current one unless the
# user picked another: editions revise earlier years, so mixing them misleads), the total row unless a breakdown
# was picked, never demo beside published data. analytics.selection sets the picks on the cursor.


@dataclass(frozen=True)
class Average:
    """A group's mean over the members that report the indicator in `year` (never counting missing as 0)."""

    label: str
    mean: float
    n: int  # members reporting
    N: int  # members in the group
    year: int


# -- catalogue -------------------------------------------------------------------------------------------------

def _per_country(con: duckdb.DuckDBPyConnection) -> str:
    """Where to read one row per indicator and country: the store version's summary when the default editions are
    in use (no scan of every observation), else the view over the editions picked (store/views/figures.sql)."""
    picked = con.execute(sql(QUERIES, "editions_picked")).fetchone()[0]
    return sql(QUERIES, "per_country_summary" if not picked and summary.available(con) else "per_country_listed")


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Indicators with at least one value in the editions in use, with their metadata, source and coverage.

    Coverage is that of the total; an indicator published only by group (no total row) is listed with its first
    breakdown, which `breakdown` names ('' for the total): the breakdown its pages open on."""
    return con.execute(sql(QUERIES, "indicators").format(per_country=_per_country(con))).df()


def hub_coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per indicator (its total, or the breakdown `indicators` lists it with): hub members with any value, and
    with a value in the indicator's latest year."""
    return con.execute(sql(QUERIES, "hub_coverage").format(per_country=_per_country(con))).df()


def years(con: duckdb.DuckDBPyConnection, code: str) -> list[int]:
    """Years with at least one value of `code` in the edition in use, ascending."""
    rows = con.execute(sql(QUERIES, "years"), [code]).fetchall()
    return [int(r[0]) for r in rows]


def sources_of(con: duckdb.DuckDBPyConnection, codes: list[str]) -> pd.DataFrame:
    """The editions in use holding `codes`: name, edition, publisher, licence, citation, url, demo flag."""
    return con.execute(sql(QUERIES, "sources_of"), [list(codes)]).df()


# -- countries and groups --------------------------------------------------------------------------------------


def countries(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every country in the reference with its names and hub flag."""
    return con.execute(sql(QUERIES, "countries")).df()


def groups(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Built-in groups (hub, regions, blocs) with their members as a list, hub first."""
    return con.execute(sql(QUERIES, "groups")).df()


def hub_members(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(sql(QUERIES, "hub_members")).fetchall()]


# -- one indicator across countries ----------------------------------------------------------------------------


def year_values(con: duckdb.DuckDBPyConnection, code: str, year: int, iso3s: list[str],
                max_lag: int | None = None) -> pd.DataFrame:
    """One row per country in `iso3s`: its value of `code` in `year`, else its latest earlier value within
    `max_lag` years (0: none; None: any), with the year it is from; missing stays missing (NaN), never 0.

    Columns: iso3, name_en, name_ru, name_kk, value, value_year, is_fallback, std_error, lower, upper,
    source_id."""
    lag = None if max_lag is None else max(0, int(max_lag))
    frame = con.execute(sql(QUERIES, "year_values"),
                        {"iso3s": list(iso3s), "code": code, "year": int(year), "lag": lag}).df()
    frame["value_year"] = frame["value_year"].astype("Int64")
    frame["is_fallback"] = (frame["value_year"].notna() & (frame["value_year"] != int(year))).astype(bool)
    return frame


def average(values: pd.DataFrame, members: list[str], year: int, label: str = "") -> Average:
    """Mean of `values` (from year_values) over `members` reporting in `year` itself: earlier-year values and
    missing ones are left out and counted as not reported."""
    members = sorted(set(members))
    rows = values[values["iso3"].isin(members) & (values["value_year"] == year) & values["value"].notna()]
    mean = float(rows["value"].mean()) if len(rows) else math.nan
    return Average(label=label, mean=mean, n=int(len(rows)), N=len(members), year=int(year))


def hub_ranks(values: pd.DataFrame, hub: list[str], year: int, higher_is_better: bool) -> pd.Series:
    """Rank (1 = best, ties share the best rank) of each country among hub members reporting in `year`.

    A country outside the hub is ranked as if it joined them; NaN where the country has no value in `year`."""
    exact = values[(values["value_year"] == year) & values["value"].notna()]
    hub_values = exact.loc[exact["iso3"].isin(hub), "value"].to_numpy()
    ranks = {}
    for row in exact.itertuples():
        others = hub_values if row.iso3 in hub else np.append(hub_values, row.value)
        better = (others > row.value).sum() if higher_is_better else (others < row.value).sum()
        ranks[row.iso3] = int(better) + 1
    return values["iso3"].map(ranks).astype("Int64")


def hub_reporting(values: pd.DataFrame, hub: list[str], year: int) -> int:
    return int((values["iso3"].isin(hub) & (values["value_year"] == year) & values["value"].notna()).sum())


def best(values: pd.DataFrame, members: list[str], year: int, higher_is_better: bool) -> tuple[str, float] | None:
    """(iso3, value) of the best performer among `members` reporting in `year`, or None."""
    rows = values[values["iso3"].isin(members) & (values["value_year"] == year) & values["value"].notna()]
    if rows.empty:
        return None
    row = rows.loc[rows["value"].idxmax() if higher_is_better else rows["value"].idxmin()]
    return str(row["iso3"]), float(row["value"])


def series(con: duckdb.DuckDBPyConnection, code: str, iso3s: list[str], first: int | None = None,
           last: int | None = None) -> pd.DataFrame:
    """Every value of `code` for `iso3s` between `first` and `last`, with uncertainty where published."""
    return con.execute(sql(QUERIES, "series"), [code, list(iso3s), -10_000 if first is None else int(first),
                                                 10_000 if last is None else int(last)]).df()


def group_series(con: duckdb.DuckDBPyConnection, code: str, members: list[str]) -> pd.DataFrame:
    """Per year: the mean of `code` over `members` reporting that year, with n reporting (N is len(members))."""
    return con.execute(sql(QUERIES, "group_series"), [code, sorted(set(members))]).df()


def default_year(hub_counts: pd.DataFrame, years_with_data: list[int]) -> int:
    """The latest year in which at least half as many hub members report as in the best-covered year
    (the latest year is often published for a few countries only); the latest year if no member reports."""
    if hub_counts.empty:
        return years_with_data[-1]
    enough = hub_counts[hub_counts["n"] * 2 >= hub_counts["n"].max()]
    return int(enough["year"].max())


def scatter(con: duckdb.DuckDBPyConnection, x_code: str, y_code: str, year: int, iso3s: list[str],
            max_lag: int | None = None) -> pd.DataFrame:
    """Two indicators side by side for `iso3s` in `year` (with the same fall-back rule as year_values)."""
    return pair(year_values(con, x_code, year, iso3s, max_lag), year_values(con, y_code, year, iso3s, max_lag))


def pair(x: pd.DataFrame, y: pd.DataFrame) -> pd.DataFrame:
    """Two year_values frames side by side (value_x, value_year_x, ... value_y), one row per country of x."""
    keep = ["iso3", "value", "value_year", "is_fallback"]
    return x[["iso3", "name_en", "name_ru", "name_kk"] + keep[1:]].merge(y[keep], on="iso3", how="left",
                                                                        suffixes=("_x", "_y"))


def coverage(con: duckdb.DuckDBPyConnection, code: str, iso3s: list[str]) -> pd.DataFrame:
    """Country x year status of `code`: 'value', 'missing' (published as missing) or absent (no row)."""
    return con.execute(sql(QUERIES, "coverage"), [code, list(iso3s)]).df()


# -- one country across indicators -----------------------------------------------------------------------------


def profile(con: duckdb.DuckDBPyConnection, iso3: str, baseline: int, hub: list[str],
            peers: list[str]) -> pd.DataFrame:
    """One row per indicator the country reports: latest value and year, its uncertainty, the baseline value
    (first value in or after `baseline`, with its year), and the hub and peer statistics of the latest year:
    average, n reporting, best value and country, rank among hub members, hub standard deviation."""
    frame = con.execute(sql(QUERIES, "profile"), {"iso3": iso3, "baseline": int(baseline), "hub": sorted(set(hub)),
                                                  "peers": sorted(set(peers))}).df()
    frame["iso3_own"] = iso3
    return add_profile_statistics(frame, hub_size=len(set(hub)), peer_size=len(set(peers)))


def add_profile_statistics(frame: pd.DataFrame, hub_size: int, peer_size: int) -> pd.DataFrame:
    """Derived columns of a profile: change since baseline, annual rate, gaps, position, significance."""
    frame = frame.copy()
    for column in ("hub_n", "peer_n", "hub_rank"):
        frame[column] = frame[column].fillna(0).astype(int) if column != "hub_rank" else frame[column].astype("Int64")
    frame["hub_N"] = hub_size
    frame["peer_N"] = peer_size
    # A country outside the hub is ranked as if it joined the members reporting that year.
    frame["rank_of"] = frame["hub_n"] + (~frame["in_hub"].astype(bool)).astype(int)
    has_base = frame["base_year"].notna() & (frame["base_year"] < frame["year"])
    frame.loc[~has_base, ["base_year", "base_value"]] = np.nan
    frame["change"] = frame["value"] - frame["base_value"]
    frame["annual_rate"] = frame["change"] / (frame["year"] - frame["base_year"])
    frame["gap_hub"] = frame["value"] - frame["hub_avg"]
    frame["gap_best"] = frame["value"] - frame["best_value"]
    frame["gap_peer"] = frame["value"] - frame["peer_avg"]
    sign = np.where(frame["higher_is_better"].astype(bool), 1.0, -1.0)
    # Position: distance from the hub average in hub standard deviations, oriented so that + is better.
    frame["position"] = sign * frame["gap_hub"] / frame["hub_sd"].where(frame["hub_sd"] > 0)
    frame["improved"] = np.sign(sign * frame["change"])
    verdicts = [_verdicts(r) for r in frame.to_dict("records")]
    for i, column in enumerate(("change_sig", "hub_sig", "peer_sig", "rank_low", "rank_high")):
        frame[column] = [v[i] for v in verdicts]
    frame["rank_low"] = frame["rank_low"].astype("Int64")
    frame["rank_high"] = frame["rank_high"].astype("Int64")
    frame["significance"] = frame["peer_sig"]  # the verdict against the peer group (kept for the exports)
    return frame.drop(columns=[c for c in ("hub_rows", "peer_rows") if c in frame])


def _estimates(rows: object) -> tuple[list[str], list[Estimate]]:
    if rows is None or (isinstance(rows, float) and math.isnan(rows)):
        return [], []
    rows = list(rows)
    return ([r["iso3"] for r in rows],
            [Estimate.of(r["value"], r["std_error"], r["lower"], r["upper"]) for r in rows])


def _verdicts(r: dict) -> tuple[str, str, str, int | None, int | None]:
    """The significance rule on one profile row: change since baseline, gap to the hub and to the peer average
    (codes of analytics.significance.Verdict), and the hub rank range the published intervals allow."""
    hib = bool(r["higher_is_better"])
    own = Estimate.of(r["value"], r["std_error"], r["lower"], r["upper"])
    if pd.notna(r.get("base_year")):
        base = Estimate.of(r["base_value"], r.get("base_se"), r.get("base_lower"), r.get("base_upper"))
        change_code = sig.change(base, own, hib).code
    else:
        change_code = "missing"
    iso3 = r.get("iso3_own")
    hub_iso, hub = _estimates(r.get("hub_rows"))
    peer_iso, peers = _estimates(r.get("peer_rows"))
    in_hub, in_peers = iso3 in hub_iso, iso3 in peer_iso
    hub_code = sig.gap_to_average(own, hub, in_hub, hib).code if hub else "missing"
    peer_code = sig.gap_to_average(own, peers, in_peers, hib).code if peers else "missing"
    others = [e for c, e in zip(hub_iso, hub, strict=True) if c != iso3]
    span = sig.rank_range(own, others, hib) if hub else None
    return change_code, hub_code, peer_code, *(span if span else (None, None))


def targets(con: duckdb.DuckDBPyConnection, iso3: str, codes: list[str]) -> pd.DataFrame:
    """Targets a country has set for `codes` (table `target`), if any were loaded."""
    return con.execute(sql(QUERIES, "targets"), [iso3, list(codes)]).df()
