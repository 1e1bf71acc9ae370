-- analytics/compare.py: Compare, Profile and Catalogue. Every statement reads `figure` (store/views/figures.sql).

-- name: editions_picked
-- How many editions the cursor picks instead of the current ones (store/views/editions.sql).
SELECT len(coalesce(getvariable('hub_editions'), []::VARCHAR[]));

-- name: per_country_summary
-- One row per indicator and country: the store version's copy for the default editions (store/summary.sql).
SELECT * FROM summary_indicator_country

-- name: per_country_listed
-- One row per indicator and country of the editions picked (store/views/figures.sql).
SELECT * FROM indicator_country_listed

-- name: indicators
-- Indicators with values, their metadata, source, coverage and the world-rank rule; {per_country} is one of the two
-- statements above.
WITH per AS ({per_country}),
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
       cov.observations, cov.countries, cov.first_year, cov.last_year, cov.breakdown, w.is_world_rank
FROM cov JOIN indicator i ON i.code = cov.code JOIN source s ON s.source_id = cov.source_id
JOIN indicator_world_rank w ON w.indicator_code = i.code
LEFT JOIN theme t ON t.code = i.theme
WHERE cov.observations > 0
ORDER BY s.is_demo, i.dataset, i.code;

-- name: hub_coverage
-- Per indicator: hub members with any value, and with a value in the indicator's latest year.
WITH o AS (
    SELECT code AS indicator_code, iso3, last_year FROM ({per_country})
    WHERE last_year IS NOT NULL AND iso3 IN (SELECT iso3 FROM hub_membership WHERE is_hub_member)
),
latest AS (SELECT indicator_code, max(last_year) AS year FROM o GROUP BY indicator_code)
SELECT o.indicator_code AS code, count(*) AS hub_any,
       count(*) FILTER (WHERE o.last_year = l.year) AS hub_latest, l.year AS hub_latest_year
FROM o JOIN latest l USING (indicator_code) GROUP BY o.indicator_code, l.year;

-- name: years
SELECT DISTINCT o.year FROM figure o WHERE o.indicator_code = ? AND o.value IS NOT NULL ORDER BY 1;

-- name: sources_of
SELECT DISTINCT s.source_id, s.name, s.edition, s.publisher, s.licence, s.citation, s.url, s.is_demo
FROM (SELECT DISTINCT source_id FROM figure WHERE list_contains(?::VARCHAR[], indicator_code)) o
JOIN source s USING (source_id) ORDER BY s.source_id;

-- name: countries
SELECT iso3, name_en, name_ru, name_kk, region, is_hub_member FROM country ORDER BY name_en;

-- name: groups
-- Built-in groups (hub, regions, blocs) with their members as a list, hub first.
SELECT g.group_code, g.name_en, g.name_ru, g.name_kk, g.kind, list(m.iso3 ORDER BY m.iso3) AS members
FROM country_group g JOIN group_membership m USING (group_code)
GROUP BY g.group_code, g.name_en, g.name_ru, g.name_kk, g.kind
ORDER BY CASE g.kind WHEN 'hub' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, g.name_en;

-- name: hub_members
SELECT iso3 FROM hub_membership WHERE is_hub_member ORDER BY iso3;

-- name: year_values
-- One row per country of $iso3s: its value of $code in $year, else the latest within $lag years before
-- (store/views/latest.sql); missing stays missing.
WITH sel AS (SELECT DISTINCT unnest($iso3s::VARCHAR[]) AS iso3),
found AS (
    SELECT * FROM latest_within($year, $lag) WHERE indicator_code = $code AND iso3 IN (SELECT iso3 FROM sel)
)
SELECT sel.iso3, coalesce(c.name_en, sel.iso3) AS name_en, coalesce(c.name_ru, sel.iso3) AS name_ru,
       coalesce(c.name_kk, c.name_ru, sel.iso3) AS name_kk, f.value, f.value_year, f.std_error, f.lower,
       f.upper, f.source_id
FROM sel LEFT JOIN found f USING (iso3) LEFT JOIN country c USING (iso3)
ORDER BY sel.iso3;

-- name: series
SELECT o.iso3, c.name_en, c.name_ru, c.name_kk, o.year, o.value, o.std_error, o.lower, o.upper
FROM figure o LEFT JOIN country c ON c.iso3 = o.iso3
WHERE o.indicator_code = ? AND list_contains(?::VARCHAR[], o.iso3)
  AND o.value IS NOT NULL AND o.year BETWEEN ? AND ?
ORDER BY o.iso3, o.year;

-- name: group_series
SELECT o.year, avg(o.value) AS mean, count(*) AS n
FROM figure o WHERE o.indicator_code = ? AND o.value IS NOT NULL
  AND list_contains(?::VARCHAR[], o.iso3)
GROUP BY o.year ORDER BY o.year;

-- name: coverage
SELECT o.iso3, o.year, CASE WHEN o.value IS NULL THEN 'missing' ELSE 'value' END AS status
FROM figure o WHERE o.indicator_code = ? AND list_contains(?::VARCHAR[], o.iso3)
ORDER BY o.iso3, o.year;

-- name: profile
-- One row per indicator the country reports: latest value, baseline value, hub and peer statistics.
WITH own AS MATERIALIZED (  -- the country's own rows, read once
    SELECT o.indicator_code, o.source_id, o.year, o.value, o.std_error, o.lower, o.upper
    FROM figure o
    WHERE o.iso3 = $iso3 AND o.value IS NOT NULL
),
mine AS (  -- the latest value of each indicator, however old (store/views/latest.sql)
    SELECT indicator_code, source_id, value_year AS year, value, std_error, lower, upper
    FROM latest_within(NULL, NULL) WHERE iso3 = $iso3
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
       bc.name_en AS best_en, bc.name_ru AS best_ru, bc.name_kk AS best_kk, w.is_world_rank
FROM mine m JOIN indicator i ON i.code = m.indicator_code JOIN source s ON s.source_id = m.source_id
LEFT JOIN theme t ON t.code = i.theme
LEFT JOIN base b USING (indicator_code) LEFT JOIN stats h USING (indicator_code)
LEFT JOIN country bc ON bc.iso3 = h.best_iso3
JOIN indicator_world_rank w ON w.indicator_code = m.indicator_code
ORDER BY s.is_demo, i.theme, i.code;

-- name: targets
SELECT indicator_code, year, value, note FROM target
WHERE iso3 = ? AND list_contains(?::VARCHAR[], indicator_code) ORDER BY indicator_code, year;
