-- analytics/overview.py: the Overview page and the sidebar.

-- name: sources
-- Every dataset edition with its provenance and coverage; {coverage} is one of the two statements below.
SELECT s.source_id, s.dataset, s.name, s.edition, s.is_current, s.is_demo, s.publisher, s.licence,
       s.citation, s.url, coalesce(f.observations, 0) AS observations, f.first_year, f.last_year
FROM source s LEFT JOIN ({coverage}) f USING (source_id)
ORDER BY s.is_demo, s.dataset, s.is_current DESC, s.edition DESC;

-- name: coverage_summary
-- Figures per edition from the store version's summary (store/summary.sql).
SELECT * FROM summary_source

-- name: coverage_rows
-- Figures per edition counted from every row (store/views/source_coverage.sql), for a version without summaries.
SELECT * FROM source_coverage

-- name: hub_members
SELECT h.iso3, h.name_en, h.name_ru, h.name_kk, h.region, g.name_en AS region_en, g.name_ru AS region_ru,
       g.name_kk AS region_kk, h.member_since, h.membership_certain, h.membership_note
FROM hub_membership h LEFT JOIN country_group g ON g.group_code = h.region AND g.kind = 'region'
WHERE h.is_hub_member ORDER BY h.name_en;

-- name: latest_batches
SELECT batch_id, file_name, kind, source_id, rows_added, user_name, loaded_at, status
FROM load_batch ORDER BY batch_id DESC LIMIT ?;

-- name: headline
-- One indicator per theme, the best covered among hub members, with the hub average of its latest well-covered
-- year; world ranks left out (store/views/world_ranks.sql).
WITH hub AS (SELECT iso3 FROM hub_membership WHERE is_hub_member),
per_year AS (
    SELECT o.source_id, o.indicator_code, o.year, count(*) AS n, avg(o.value) AS hub_average,
           arg_max(o.iso3, CASE WHEN i.higher_is_better THEN o.value ELSE -o.value END) AS best_iso3,
           max_by(o.value, CASE WHEN i.higher_is_better THEN o.value ELSE -o.value END) AS best_value
    FROM figure o JOIN indicator i ON i.code = o.indicator_code
    JOIN indicator_world_rank w ON w.indicator_code = o.indicator_code
    WHERE o.value IS NOT NULL AND o.iso3 IN (SELECT iso3 FROM hub) AND NOT w.is_world_rank
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
LEFT JOIN theme t ON t.code = i.theme LEFT JOIN country b ON b.iso3 = c.best_iso3;
