-- analytics/brief.py: the country brief's queries (figures of the editions in use, world ranks left out).

-- name: countries_with_data
-- Countries with at least one figure in the editions in use, hub participants first.
SELECT c.iso3, c.name_en, c.name_ru, c.name_kk, c.is_hub_member, c.region, count(o.value) AS observations
FROM country c JOIN figure o USING (iso3)
WHERE o.value IS NOT NULL
GROUP BY ALL ORDER BY c.is_hub_member DESC, c.name_en;

-- name: peer_groups
-- The groups a country can be compared with: the hub groups, then the groups it belongs to.
SELECT g.group_code, g.name_en, g.name_ru, g.name_kk, g.kind,
       (SELECT count(*) FROM group_membership m WHERE m.group_code = g.group_code) AS size
FROM country_group g
WHERE g.kind = 'hub' OR g.group_code IN (SELECT group_code FROM group_membership WHERE iso3 = ?)
ORDER BY CASE g.kind WHEN 'region' THEN 0 WHEN 'bloc' THEN 1 ELSE 2 END, g.group_code;

-- name: default_group
-- The country's smallest region or bloc with at least 3 other countries reporting data.
SELECT m.group_code FROM group_membership m
WHERE m.group_code IN (SELECT group_code FROM group_membership WHERE iso3 = $iso3)
  AND m.iso3 <> $iso3 AND m.iso3 IN (SELECT DISTINCT iso3 FROM figure WHERE value IS NOT NULL)
GROUP BY m.group_code, m.kind HAVING count(*) >= 3
ORDER BY CASE m.kind WHEN 'region' THEN 0 ELSE 1 END, count(*), m.group_code LIMIT 1;

-- name: hub_members
SELECT iso3 FROM hub_membership WHERE is_hub_member ORDER BY iso3;

-- name: group_members
SELECT iso3 FROM group_membership WHERE group_code = ? ORDER BY iso3;

-- name: group_name
SELECT name_en, name_ru, name_kk FROM country_group WHERE group_code = ?;

-- name: country
SELECT iso3, name_en, name_ru, name_kk, region, is_hub_member FROM country WHERE iso3 = ?;

-- name: observations
-- Figures of the given countries with indicator and source, world ranks left out (store/views/world_ranks.sql).
SELECT o.indicator_code, o.iso3, o.year, o.value, o.std_error, o.lower, o.upper, i.name_en, i.name_ru,
       i.name_kk, i.unit, i.unit_en, i.unit_ru, i.unit_kk, i.decimals, i.higher_is_better, i.scale_min,
       i.scale_max, i.theme, t.name_en AS theme_en, t.name_ru AS theme_ru, t.name_kk AS theme_kk,
       s.source_id, s.name AS source, s.edition, s.licence, s.citation, s.url, s.is_demo,
       c.name_en AS country_en, c.name_ru AS country_ru, c.name_kk AS country_kk
FROM figure o JOIN source s USING (source_id) JOIN indicator i ON i.code = o.indicator_code
JOIN indicator_world_rank w ON w.indicator_code = o.indicator_code
LEFT JOIN theme t ON t.code = i.theme LEFT JOIN country c ON c.iso3 = o.iso3
WHERE o.value IS NOT NULL AND NOT w.is_world_rank AND list_contains(?, o.iso3);

-- name: has_survey_view
SELECT count(*) FROM information_schema.tables WHERE table_name = 'v_survey_results';

-- name: has_survey_results
SELECT EXISTS (SELECT 1 FROM v_survey_results);

-- name: survey_highlights
-- The country's latest survey, whole-population rows not suppressed, with the hub average of the same question.
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
      AND r.iso3 IN (SELECT iso3 FROM hub_membership WHERE is_hub_member)
    GROUP BY ALL
)
SELECT o.survey, o.year, o.question_code, any_value(o.question_text) AS question_text,
       any_value(o.n) AS n, any_value(o.value) AS value, any_value(o.lower) AS lower,
       any_value(o.upper) AS upper, any_value(h.hub_average) AS hub_average,
       any_value(h.hub_countries) AS hub_countries
FROM own o JOIN latest l USING (survey, year)
LEFT JOIN hub h ON h.question_code = o.question_code AND h.year = o.year
GROUP BY o.survey, o.year, o.question_code;
