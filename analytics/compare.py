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
    picked = con.execute("SELECT len(coalesce(getvariable('hub_editions'), []::VARCHAR[]))").fetchone()[0]
    return "summary_indicator_country" if not picked and summary.available(con) else "indicator_country_listed"


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Indicators with at least one value in the editions in use, with their metadata, source and coverage.

    Coverage is that of the total; an indicator published only by group (no total row) is listed with its first
    breakdown, which `breakdown` names ('' for the total): the breakdown its pages open on."""
    return con.execute(f"""
        WITH per AS (SELECT * FROM {_per_country(con)}),
        cov AS (
            SELECT code, any_value(source_id) AS source_id, any_value(breakdown) AS breakdown, sum(n) AS observations,
                   count(*) FILTER (WHERE n > 0) AS countries, min(first_year) AS first_year,
                   max(last_year) AS last_year
            FROM per GROUP BY code
        )
        SELECT i.code, i.dataset, i.name_en, i.name_ru, i.name_kk, i.definition_en, i.definition_ru, i.definition_kk,
               i.unit, i.unit_en, i.unit_ru, i.unit_kk, i.scale_min, i.scale_max, i.higher_is_better, i.theme,
               i.decimals, t.name_en AS theme_en, t.name_ru AS theme_ru, t.name_kk AS theme_kk,
               cov.source_id, s.name AS source, s.edition, s.publisher, s.licence, s.citation, s.url, s.is_demo,
               cov.observations, cov.countries, cov.first_year, cov.last_year, cov.breakdown
        FROM cov JOIN indicator i ON i.code = cov.code JOIN source s ON s.source_id = cov.source_id
        LEFT JOIN theme t ON t.code = i.theme
        WHERE cov.observations > 0
        ORDER BY s.is_demo, i.dataset, i.code
    """).df()


def hub_coverage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per indicator (its total, or the breakdown `indicators` lists it with): hub members with any value, and
    with a value in the indicator's latest year."""
    return con.execute(f"""
        WITH o AS (
            SELECT code AS indicator_code, iso3, last_year FROM {_per_country(con)}
            WHERE last_year IS NOT NULL AND iso3 IN (SELECT iso3 FROM country WHERE is_hub_member)
        ),
        latest AS (SELECT indicator_code, max(last_year) AS year FROM o GROUP BY indicator_code)
        SELECT o.indicator_code AS code, count(*) AS hub_any,
               count(*) FILTER (WHERE o.last_year = l.year) AS hub_latest, l.year AS hub_latest_year
        FROM o JOIN latest l USING (indicator_code) GROUP BY o.indicator_code, l.year
    """).df()


def years(con: duckdb.DuckDBPyConnection, code: str) -> list[int]:
    """Years with at least one value of `code` in the edition in use, ascending."""
    rows = con.execute(
        "SELECT DISTINCT o.year FROM figure o WHERE o.indicator_code = ? AND o.value IS NOT NULL "
        "ORDER BY 1", [code]).fetchall()
    return [int(r[0]) for r in rows]


def sources_of(con: duckdb.DuckDBPyConnection, codes: list[str]) -> pd.DataFrame:
    """The editions in use holding `codes`: name, edition, publisher, licence, citation, url, demo flag."""
    return con.execute("""
        SELECT DISTINCT s.source_id, s.name, s.edition, s.publisher, s.licence, s.citation, s.url, s.is_demo
        FROM (SELECT DISTINCT source_id FROM figure WHERE list_contains(?::VARCHAR[], indicator_code)) o
        JOIN source s USING (source_id) ORDER BY s.source_id
    """, [list(codes)]).df()


# -- countries and groups --------------------------------------------------------------------------------------


def countries(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every country in the reference with its names and hub flag."""
    return con.execute(
        "SELECT iso3, name_en, name_ru, name_kk, region, is_hub_member FROM country ORDER BY name_en").df()


def groups(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Built-in groups (hub, regions, blocs) with their members as a list, hub first."""
    return con.execute("""
        SELECT g.group_code, g.name_en, g.name_ru, g.name_kk, g.kind, list(m.iso3 ORDER BY m.iso3) AS members
        FROM country_group g JOIN country_group_member m USING (group_code)
        GROUP BY g.group_code, g.name_en, g.name_ru, g.name_kk, g.kind
        ORDER BY CASE g.kind WHEN 'hub' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, g.name_en
    """).df()


def hub_members(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT iso3 FROM country WHERE is_hub_member ORDER BY iso3").fetchall()]


# -- one indicator across countries ----------------------------------------------------------------------------


def year_values(con: duckdb.DuckDBPyConnection, code: str, year: int, iso3s: list[str],
                max_lag: int | None = None) -> pd.DataFrame:
    """One row per country in `iso3s`: its value of `code` in `year`, else its latest earlier value within
    `max_lag` years (0: none; None: any), with the year it is from; missing stays missing (NaN), never 0.

    Columns: iso3, name_en, name_ru, name_kk, value, value_year, is_fallback, std_error, lower, upper,
    source_id."""
    lag = 1000 if max_lag is None else max(0, int(max_lag))
    frame = con.execute("""
        WITH sel AS (SELECT DISTINCT unnest(?::VARCHAR[]) AS iso3),
        found AS (
            SELECT o.iso3, o.year AS value_year, o.value, o.std_error, o.lower, o.upper, o.source_id
            FROM figure o WHERE o.indicator_code = ? AND o.value IS NOT NULL
              AND o.year <= ? AND o.year >= ? AND o.iso3 IN (SELECT iso3 FROM sel)
            QUALIFY row_number() OVER (PARTITION BY o.iso3 ORDER BY o.year DESC, o.source_id) = 1
        )
        SELECT sel.iso3, coalesce(c.name_en, sel.iso3) AS name_en, coalesce(c.name_ru, sel.iso3) AS name_ru,
               coalesce(c.name_kk, c.name_ru, sel.iso3) AS name_kk, f.value, f.value_year, f.std_error, f.lower,
               f.upper, f.source_id
        FROM sel LEFT JOIN found f USING (iso3) LEFT JOIN country c USING (iso3)
        ORDER BY sel.iso3
    """, [list(iso3s), code, int(year), int(year) - lag]).df()
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
    return con.execute("""
        SELECT o.iso3, c.name_en, c.name_ru, c.name_kk, o.year, o.value, o.std_error, o.lower, o.upper
        FROM figure o LEFT JOIN country c ON c.iso3 = o.iso3
        WHERE o.indicator_code = ? AND list_contains(?::VARCHAR[], o.iso3)
          AND o.value IS NOT NULL AND o.year BETWEEN ? AND ?
        ORDER BY o.iso3, o.year
    """, [code, list(iso3s), -10_000 if first is None else int(first), 10_000 if last is None else int(last)]).df()


def group_series(con: duckdb.DuckDBPyConnection, code: str, members: list[str]) -> pd.DataFrame:
    """Per year: the mean of `code` over `members` reporting that year, with n reporting (N is len(members))."""
    return con.execute("""
        SELECT o.year, avg(o.value) AS mean, count(*) AS n
        FROM figure o WHERE o.indicator_code = ? AND o.value IS NOT NULL
          AND list_contains(?::VARCHAR[], o.iso3)
        GROUP BY o.year ORDER BY o.year
    """, [code, sorted(set(members))]).df()


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
    return con.execute("""
        SELECT o.iso3, o.year, CASE WHEN o.value IS NULL THEN 'missing' ELSE 'value' END AS status
        FROM figure o WHERE o.indicator_code = ? AND list_contains(?::VARCHAR[], o.iso3)
        ORDER BY o.iso3, o.year
    """, [code, list(iso3s)]).df()


# -- one country across indicators -----------------------------------------------------------------------------


def profile(con: duckdb.DuckDBPyConnection, iso3: str, baseline: int, hub: list[str],
            peers: list[str]) -> pd.DataFrame:
    """One row per indicator the country reports: latest value and year, its uncertainty, the baseline value
    (first value in or after `baseline`, with its year), and the hub and peer statistics of the latest year:
    average, n reporting, best value and country, rank among hub members, hub standard deviation."""
    frame = con.execute("""
        WITH own AS MATERIALIZED (  -- the country's own rows, read once
            SELECT o.indicator_code, o.source_id, o.year, o.value, o.std_error, o.lower, o.upper
            FROM figure o
            WHERE o.iso3 = $iso3 AND o.value IS NOT NULL
        ),
        mine AS (
            SELECT * FROM own QUALIFY row_number() OVER (PARTITION BY indicator_code ORDER BY year DESC, source_id) = 1
        ),
        base AS (
            SELECT indicator_code, year AS base_year, value AS base_value, std_error AS base_se,
                   lower AS base_lower, upper AS base_upper
            FROM own WHERE year >= $baseline
            QUALIFY row_number() OVER (PARTITION BY indicator_code ORDER BY year, source_id) = 1
        ),
        same_year AS (  -- every country's value in the year of the country's latest value, same edition
            SELECT m.indicator_code, o.iso3, o.value, o.std_error, o.lower, o.upper,
                   CASE WHEN i.higher_is_better THEN o.value ELSE -o.value END AS score,
                   CASE WHEN i.higher_is_better THEN m.value ELSE -m.value END AS my_score
            FROM figure o JOIN mine m ON o.indicator_code = m.indicator_code AND o.year = m.year
                AND o.source_id = m.source_id
            JOIN indicator i ON i.code = m.indicator_code
            WHERE o.value IS NOT NULL AND (list_contains($hub, o.iso3) OR list_contains($peers, o.iso3))
        ),
        stats AS (  -- hub and peer statistics in one pass over the same-year rows
            SELECT indicator_code,
                   count(*) FILTER (WHERE in_hub) AS hub_n, avg(value) FILTER (WHERE in_hub) AS hub_avg,
                   stddev_samp(value) FILTER (WHERE in_hub) AS hub_sd,
                   max_by(value, score) FILTER (WHERE in_hub) AS best_value,
                   arg_max(iso3, score) FILTER (WHERE in_hub) AS best_iso3,
                   CASE WHEN bool_or(in_hub) THEN 1 + count(*) FILTER (WHERE in_hub AND score > my_score) END
                       AS hub_rank,
                   bool_or(in_hub AND iso3 = $iso3) AS in_hub,
                   count(*) FILTER (WHERE in_peers) AS peer_n, avg(value) FILTER (WHERE in_peers) AS peer_avg,
                   -- each member's figure and published uncertainty, for analytics.significance
                   list(struct_pack(iso3, value, std_error, lower, upper)) FILTER (WHERE in_hub) AS hub_rows,
                   list(struct_pack(iso3, value, std_error, lower, upper)) FILTER (WHERE in_peers) AS peer_rows
            FROM (SELECT *, list_contains($hub, iso3) AS in_hub, list_contains($peers, iso3) AS in_peers
                  FROM same_year)
            GROUP BY indicator_code
        )
        SELECT m.indicator_code AS code, i.name_en, i.name_ru, i.name_kk, i.unit, i.unit_en, i.unit_ru, i.unit_kk,
               i.decimals, i.higher_is_better, i.theme, t.name_en AS theme_en, t.name_ru AS theme_ru,
               t.name_kk AS theme_kk, m.year, m.value, m.std_error, m.lower, m.upper,
               m.source_id, s.name AS source, s.edition, s.licence, s.is_demo,
               b.base_year, b.base_value, b.base_se, b.base_lower, b.base_upper, h.hub_rows, h.peer_rows,
               h.hub_n, h.hub_avg, h.hub_sd, h.best_value, h.best_iso3,
               h.hub_rank, coalesce(h.in_hub, FALSE) AS in_hub, h.peer_n, h.peer_avg,
               bc.name_en AS best_en, bc.name_ru AS best_ru, bc.name_kk AS best_kk
        FROM mine m JOIN indicator i ON i.code = m.indicator_code JOIN source s ON s.source_id = m.source_id
        LEFT JOIN theme t ON t.code = i.theme
        LEFT JOIN base b USING (indicator_code) LEFT JOIN stats h USING (indicator_code)
        LEFT JOIN country bc ON bc.iso3 = h.best_iso3
        ORDER BY s.is_demo, i.theme, i.code
    """, {"iso3": iso3, "baseline": int(baseline), "hub": sorted(set(hub)), "peers": sorted(set(peers))}).df()
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
    return con.execute(
        "SELECT indicator_code, year, value, note FROM target WHERE iso3 = ? AND list_contains(?::VARCHAR[], "
        "indicator_code) ORDER BY indicator_code, year", [iso3, list(codes)]).df()
