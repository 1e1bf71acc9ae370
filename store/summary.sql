-- Summaries of the whole store, built by the writer once per store version (just before the version is published),
-- so that pages never scan every observation on a run: the indicator list, hub coverage, countries with data and
-- the sidebar's sources read these instead (analytics/compare.py, analytics/brief.py, analytics/overview.py).

-- One row per indicator and country in the current editions (the view's default picks: totals, or an indicator's
-- first group when it has no total).
CREATE OR REPLACE TABLE summary_indicator_country AS SELECT * FROM indicator_country_listed;

-- One row per dataset edition: figures (observations, and national survey results published or computed) and years.
CREATE OR REPLACE TABLE summary_source AS
WITH figures AS (
    SELECT source_id, year, value FROM observation WHERE breakdown = ''
    UNION ALL
    SELECT v.source_id, v.year, 1 FROM survey_aggregate a JOIN survey v USING (survey_id) WHERE a.dimension = 'all'
    UNION ALL
    SELECT v.source_id, v.year, 1 FROM (SELECT DISTINCT survey_id, question_code FROM survey_cell
                                        WHERE dimension = 'all') c JOIN survey v USING (survey_id)
)
SELECT source_id, count(value) AS observations, min(year) AS first_year, max(year) AS last_year
FROM figures GROUP BY source_id;
