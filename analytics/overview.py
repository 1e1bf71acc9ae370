"""Read queries behind the Overview page and the sidebar: sources, hub members, headline figures, loads."""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import summary
from core.settings import world_rank_sql


def sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every dataset edition in the store with its provenance and coverage (figures counted in the store version's
    summary: observations, and national survey results published or computed)."""
    query = """
        {figures}
        SELECT s.source_id, s.dataset, s.name, s.edition, s.is_current, s.is_demo, s.publisher, s.licence,
               s.citation, s.url, coalesce(f.observations, 0) AS observations, f.first_year, f.last_year
        FROM source s LEFT JOIN summary f USING (source_id)
        ORDER BY s.is_demo, s.dataset, s.is_current DESC, s.edition DESC
    """
    rows = """WITH figures AS (
            SELECT source_id, year, value FROM observation WHERE breakdown = ''
            UNION ALL
            SELECT v.source_id, v.year, 1 FROM survey_aggregate a JOIN survey v USING (survey_id)
            WHERE a.dimension = 'all'
            UNION ALL
            SELECT v.source_id, v.year, 1 FROM (SELECT DISTINCT survey_id, question_code FROM survey_cell
                                                WHERE dimension = 'all') c JOIN survey v USING (survey_id)
        ),
        summary AS (SELECT source_id, count(value) AS observations, min(year) AS first_year, max(year) AS last_year
                    FROM figures GROUP BY source_id)"""
    return summary.read(con, query.format(figures="WITH summary AS (SELECT * FROM summary_source)"),
                        query.format(figures=rows))


def hub_members(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("""
        SELECT c.iso3, c.name_en, c.name_ru, c.name_kk, c.region, g.name_en AS region_en, g.name_ru AS region_ru,
               g.name_kk AS region_kk,
               c.member_since, c.membership_certain, c.membership_note
        FROM country c LEFT JOIN country_group g ON g.group_code = c.region AND g.kind = 'region'
        WHERE c.is_hub_member ORDER BY c.name_en
    """).df()


def latest_batches(con: duckdb.DuckDBPyConnection, limit: int = 8) -> pd.DataFrame:
    return con.execute("""
        SELECT batch_id, file_name, kind, source_id, rows_added, user_name, loaded_at, status
        FROM load_batch ORDER BY batch_id DESC LIMIT ?
    """, [limit]).df()


def headline(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One indicator per theme, the best covered among hub members, with the hub average of its latest
    well-covered year (the latest year in which at least half as many members report as in its best year)."""
    frame = con.execute("""
        WITH hub AS (SELECT iso3 FROM country WHERE is_hub_member),
        per_year AS (
            SELECT o.source_id, o.indicator_code, o.year, count(*) AS n, avg(o.value) AS hub_average,
                   arg_max(o.iso3, CASE WHEN i.higher_is_better THEN o.value ELSE -o.value END) AS best_iso3,
                   max_by(o.value, CASE WHEN i.higher_is_better THEN o.value ELSE -o.value END) AS best_value
            FROM figure o JOIN indicator i ON i.code = o.indicator_code
            WHERE o.value IS NOT NULL AND o.iso3 IN (SELECT iso3 FROM hub)
              AND NOT """ + world_rank_sql("i.unit") + """  -- core.settings.WORLD_RANK_UNITS
            GROUP BY ALL
        ),
        best AS (SELECT source_id, indicator_code, max(n) AS best_n FROM per_year GROUP BY ALL),
        chosen_year AS (
            SELECT p.* FROM per_year p JOIN best b USING (source_id, indicator_code)
            WHERE p.n * 2 >= b.best_n
            QUALIFY row_number() OVER (PARTITION BY p.source_id, p.indicator_code ORDER BY p.year DESC) = 1
        )
        SELECT c.*, (SELECT count(*) FROM hub) AS members, i.name_en, i.name_ru, i.name_kk, i.theme, i.unit,
               i.unit_en, i.unit_ru, i.unit_kk, i.decimals, i.higher_is_better, s.name AS source, s.edition,
               s.licence, s.is_demo, t.name_en AS theme_en, t.name_ru AS theme_ru, t.name_kk AS theme_kk,
               b.name_en AS best_en, b.name_ru AS best_ru, b.name_kk AS best_kk
        FROM chosen_year c JOIN indicator i ON i.code = c.indicator_code JOIN source s USING (source_id)
        LEFT JOIN theme t ON t.code = i.theme LEFT JOIN country b ON b.iso3 = c.best_iso3
    """).df()
    if frame.empty:
        return frame
    frame = frame.sort_values(["is_demo", "n", "indicator_code"], ascending=[True, False, True])
    return frame.drop_duplicates("theme").sort_values(["is_demo", "theme"]).reset_index(drop=True)
