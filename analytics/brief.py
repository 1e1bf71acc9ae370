"""Queries behind the country brief: peers, headline indicators with rank, change and peer gap, series, surveys."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

HUB = "HUB"
# Indicators that are ranks or percentile ranks of a whole-world list are left out: a rank among peers is computed.
_NOT_RANKS = "i.unit <> 'rank' AND o.indicator_code NOT LIKE '%.pctrank'"


def countries_with_data(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Countries that have at least one observation in a current edition, hub participants first."""
    return con.execute("""
        SELECT c.iso3, c.name_en, c.name_ru, c.name_kk, c.is_hub_member, c.region, count(o.value) AS observations
        FROM country c JOIN observation o USING (iso3) JOIN source s USING (source_id)
        WHERE s.is_current AND o.value IS NOT NULL
        GROUP BY ALL ORDER BY c.is_hub_member DESC, c.name_en
    """).df()


def peer_groups(con: duckdb.DuckDBPyConnection, iso3: str) -> pd.DataFrame:
    """The groups a country can be compared with: hub participants, then the groups it belongs to."""
    return con.execute("""
        SELECT g.group_code, g.name_en, g.name_ru, g.name_kk, g.kind,
               CASE WHEN g.kind = 'hub' THEN (SELECT count(*) FROM country WHERE is_hub_member)
                    ELSE (SELECT count(*) FROM country_group_member m WHERE m.group_code = g.group_code) END AS size
        FROM country_group g
        WHERE g.kind = 'hub' OR g.group_code IN (SELECT group_code FROM country_group_member WHERE iso3 = ?)
        ORDER BY CASE g.kind WHEN 'region' THEN 0 WHEN 'bloc' THEN 1 ELSE 2 END, g.group_code
    """, [iso3]).df()


def default_group(con: duckdb.DuckDBPyConnection, iso3: str) -> str:
    """The country's smallest region or bloc with at least 3 other countries reporting data, else the hub."""
    row = con.execute("""
        SELECT m.group_code FROM country_group_member m JOIN country_group g USING (group_code)
        WHERE m.group_code IN (SELECT group_code FROM country_group_member WHERE iso3 = ?)
          AND m.iso3 <> ? AND m.iso3 IN (SELECT DISTINCT iso3 FROM observation WHERE value IS NOT NULL)
        GROUP BY m.group_code, g.kind HAVING count(*) >= 3
        ORDER BY CASE g.kind WHEN 'region' THEN 0 ELSE 1 END, count(*), m.group_code LIMIT 1
    """, [iso3, iso3]).fetchone()
    return row[0] if row else HUB


def group_members(con: duckdb.DuckDBPyConnection, group_code: str) -> list[str]:
    """ISO3 codes of a group; the hub group is whoever `country.is_hub_member` says."""
    if group_code == HUB:
        rows = con.execute("SELECT iso3 FROM country WHERE is_hub_member ORDER BY iso3").fetchall()
    else:
        rows = con.execute("SELECT iso3 FROM country_group_member WHERE group_code = ? ORDER BY iso3",
                           [group_code]).fetchall()
    return [r[0] for r in rows]


def group_name(con: duckdb.DuckDBPyConnection, group_code: str) -> dict[str, str]:
    """The group's names: name_en, name_ru, name_kk (the code itself for an unknown group)."""
    row = con.execute("SELECT name_en, name_ru, name_kk FROM country_group WHERE group_code = ?",
                      [group_code]).fetchone()
    return dict(zip(("name_en", "name_ru", "name_kk"), row or (group_code,) * 3, strict=True))


def country(con: duckdb.DuckDBPyConnection, iso3: str) -> dict[str, object] | None:
    row = con.execute("SELECT iso3, name_en, name_ru, name_kk, region, is_hub_member FROM country WHERE iso3 = ?",
                      [iso3]).fetchone()
    columns = ("iso3", "name_en", "name_ru", "name_kk", "region", "is_hub_member")
    return dict(zip(columns, row, strict=True)) if row else None


def observations(con: duckdb.DuckDBPyConnection, iso3s: list[str]) -> pd.DataFrame:
    """Current-edition observations (not whole-world ranks) of the given countries, with indicator and source."""
    return con.execute(f"""
        SELECT o.indicator_code, o.iso3, o.year, o.value, i.name_en, i.name_ru, i.name_kk, i.unit, i.unit_en,
               i.unit_ru, i.unit_kk, i.decimals, i.higher_is_better, i.scale_min, i.scale_max, i.theme,
               t.name_en AS theme_en, t.name_ru AS theme_ru, t.name_kk AS theme_kk,
               s.source_id, s.name AS source, s.edition, s.licence, s.citation, s.url, s.is_demo,
               c.name_en AS country_en, c.name_ru AS country_ru, c.name_kk AS country_kk
        FROM observation o JOIN source s USING (source_id) JOIN indicator i ON i.code = o.indicator_code
        LEFT JOIN theme t ON t.code = i.theme LEFT JOIN country c ON c.iso3 = o.iso3
        WHERE s.is_current AND o.value IS NOT NULL AND {_NOT_RANKS} AND list_contains(?, o.iso3)
    """, [iso3s]).df()


def headline(obs: pd.DataFrame, iso3: str, years_back: int = 10) -> pd.DataFrame:
    """One row per indicator the country reports: latest value and year, change since a base year, the mean of
    the peers reporting that same year, the country's rank among them (1 = best) and its gap in peer standard
    deviations (positive = better). `obs` holds the country and its peers (from `observations`)."""
    own = obs[obs["iso3"] == iso3]
    peers = obs[obs["iso3"] != iso3]
    newest = obs.groupby("indicator_code")["year"].max()
    rows = []
    for code, series in own.groupby("indicator_code"):
        series = series.sort_values("year")
        last = series.iloc[-1]
        window = series[series["year"] >= last["year"] - years_back]
        base = window.iloc[0]
        same_year = peers[(peers["indicator_code"] == code) & (peers["year"] == last["year"])]
        sign = 1.0 if last["higher_is_better"] else -1.0
        values = same_year["value"].to_numpy(dtype=float)
        peer_avg = float(values.mean()) if len(values) else np.nan
        peer_sd = float(values.std(ddof=1)) if len(values) >= 2 else np.nan
        better = int((sign * values > sign * last["value"]).sum())
        spread = peer_sd if peer_sd and peer_sd > 0 else np.nan
        rows.append({
            **{k: last[k] for k in ("indicator_code", "name_en", "name_ru", "name_kk", "unit", "unit_en", "unit_ru",
                                    "unit_kk", "decimals", "higher_is_better", "scale_min", "scale_max", "theme",
                                    "theme_en", "theme_ru", "theme_kk", "source_id",
                                    "source", "edition", "licence", "citation", "url", "is_demo")},
            "year": int(last["year"]), "value": float(last["value"]),
            "base_year": int(base["year"]), "base_value": float(base["value"]),
            "change": float(last["value"] - base["value"]) if base["year"] < last["year"] else np.nan,
            "peer_average": peer_avg, "peers_reporting": len(values), "peer_sd": peer_sd,
            "rank": better + 1 if len(values) else np.nan, "ranked": len(values) + 1,
            "gap_sd": sign * (last["value"] - peer_avg) / spread,
            "gain_sd": sign * (last["value"] - base["value"]) / spread if base["year"] < last["year"] else np.nan,
            "newest_year": int(newest[code]),
        })
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["theme", "peers_reporting", "indicator_code"],
                             ascending=[True, False, True]).reset_index(drop=True)


def pick_headline(frame: pd.DataFrame, per_theme: int = 2, limit: int = 12) -> pd.DataFrame:
    """The best-compared indicators: per theme, those with most peers reporting (so every theme shows), then
    the next best of any theme, up to `limit` rows."""
    if frame.empty:
        return frame
    ranked = frame.sort_values(["peers_reporting", "is_demo", "indicator_code"], ascending=[False, True, True])
    chosen = ranked.groupby("theme", sort=False).head(per_theme)
    if len(chosen) > limit:
        chosen = chosen.head(limit)
    more = ranked[~ranked.index.isin(chosen.index)].head(limit - len(chosen))
    keep = chosen.index.union(more.index)
    return frame.loc[frame.index.isin(keep)].reset_index(drop=True)


def trend(obs: pd.DataFrame, iso3: str, code: str) -> pd.DataFrame:
    """Per year: the country's value, and the mean, min, max and count of its peers' values."""
    part = obs[obs["indicator_code"] == code]
    own = part[part["iso3"] == iso3].set_index("year")["value"].rename("value")
    peers = part[part["iso3"] != iso3].groupby("year")["value"].agg(["mean", "min", "max", "count"])
    peers.columns = ["peer_average", "peer_min", "peer_max", "peers_reporting"]
    return pd.concat([own, peers], axis=1).sort_index().rename_axis("year").reset_index()


def latest_across(obs: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """Every country's value of one indicator in one year (for a peer bar chart)."""
    part = obs[(obs["indicator_code"] == code) & (obs["year"] == year)]
    return part[["iso3", "country_en", "country_ru", "country_kk", "value", "higher_is_better"]].reset_index(drop=True)


def has_survey_results(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store holds survey results (the documented view exists and has rows)."""
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'v_survey_results'"
                      ).fetchone()
    return bool(row and row[0]) and con.execute("SELECT EXISTS (SELECT 1 FROM v_survey_results)").fetchone()[0]


def survey_highlights(con: duckdb.DuckDBPyConnection, iso3: str, top: int = 3) -> pd.DataFrame:
    """The country's latest survey: its `top` highest and lowest questions (whole-population rows, not
    suppressed), with the hub participants' average of the same question and year. Empty when no survey."""
    if not has_survey_results(con):
        return pd.DataFrame()
    frame = con.execute("""
        WITH own AS (
            SELECT * FROM v_survey_results
            WHERE iso3 = ? AND NOT coalesce(is_suppressed, FALSE) AND value IS NOT NULL
              AND (group_name IS NULL OR lower(group_name) IN ('all', 'total', 'overall', 'все', 'всего'))
        ),
        latest AS (SELECT survey, max(year) AS year FROM own GROUP BY survey
                   ORDER BY year DESC, survey LIMIT 1),
        hub AS (
            SELECT r.question_code, r.year, avg(r.value) AS hub_average, count(DISTINCT r.iso3) AS hub_countries
            FROM v_survey_results r
            WHERE NOT coalesce(r.is_suppressed, FALSE) AND r.value IS NOT NULL
              AND (r.group_name IS NULL OR lower(r.group_name) IN ('all', 'total', 'overall', 'все', 'всего'))
              AND r.iso3 IN (SELECT iso3 FROM country WHERE is_hub_member)
            GROUP BY ALL
        )
        SELECT o.survey, o.year, o.question_code, any_value(o.question_text) AS question_text,
               any_value(o.n) AS n, any_value(o.value) AS value, any_value(o.lower) AS lower,
               any_value(o.upper) AS upper, any_value(h.hub_average) AS hub_average,
               any_value(h.hub_countries) AS hub_countries
        FROM own o JOIN latest l USING (survey, year)
        LEFT JOIN hub h ON h.question_code = o.question_code AND h.year = o.year
        GROUP BY o.survey, o.year, o.question_code
    """, [iso3]).df()
    if frame.empty:
        return frame
    frame = frame.sort_values(["value", "question_code"], ascending=[False, True])
    picked = pd.concat([frame.head(top), frame.tail(top)]).drop_duplicates("question_code")
    return picked.reset_index(drop=True)
