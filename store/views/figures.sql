-- What the analyses read: the one place that says which observations a view, an average, a rank or a brief
-- may use. analytics/ reads `figure` (or `observation_chosen` to list breakdowns), never `observation`.
--
-- Two DuckDB variables, set per cursor by analytics.selection.use(), pick something other than the default:
--   hub_editions  VARCHAR[]  source_ids of editions chosen instead of their dataset's current edition (editions.sql)
--   hub_breakdown VARCHAR    the breakdown to read ('' = the total, the default)
-- Unset (the command line, the brief, a fresh cursor) they mean: the current edition of every dataset, totals.

-- Every breakdown of the editions in use (store/views/editions.sql: the current edition of each dataset unless
-- another edition of the same dataset is picked; never demo beside published data).
CREATE OR REPLACE VIEW observation_chosen AS
SELECT o.* FROM observation o SEMI JOIN edition_in_use USING (source_id);

-- The figures: one breakdown (the total unless hub_breakdown names another) of the editions in use.
CREATE OR REPLACE VIEW figure AS
SELECT * FROM observation_chosen WHERE breakdown = coalesce(getvariable('hub_breakdown'), '');

-- One row per indicator and country of the editions in use, for the indicator lists and coverage: an indicator is
-- listed by its total ('' breakdown), or by its first group when it has no total (`breakdown` says which). Only
-- the few rows with a breakdown are grouped, and only indicators without a total are joined (a join or a grouping
-- of every row would double the time at 900k rows). store/summary.sql keeps a copy per store version (the default
-- picks), which analytics/compare.py reads when no other edition is picked.
CREATE OR REPLACE VIEW indicator_country_listed AS
WITH grouped AS (
    SELECT indicator_code, min(breakdown) AS breakdown FROM observation_chosen WHERE breakdown <> ''
    GROUP BY indicator_code
),
no_total AS (
    SELECT g.* FROM grouped g ANTI JOIN (
        SELECT DISTINCT indicator_code FROM observation_chosen
        WHERE breakdown = '' AND indicator_code IN (SELECT indicator_code FROM grouped)
    ) t USING (indicator_code)
),
listed AS (
    SELECT * FROM observation_chosen WHERE breakdown = ''
    UNION ALL
    SELECT o.* FROM observation_chosen o SEMI JOIN no_total USING (indicator_code, breakdown)
)
SELECT o.indicator_code AS code, o.iso3, any_value(o.source_id) AS source_id, count(o.value) AS n,
       min(o.year) FILTER (WHERE o.value IS NOT NULL) AS first_year,
       max(o.year) FILTER (WHERE o.value IS NOT NULL) AS last_year, any_value(o.breakdown) AS breakdown
FROM listed o GROUP BY o.indicator_code, o.iso3;
