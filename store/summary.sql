-- Summaries of the whole store, built by the writer once per store version (just before the version is published),
-- so that pages never scan every observation on a run: the indicator list, hub coverage, countries with data and
-- the sidebar's sources read these instead (analytics/compare.py, analytics/brief.py, analytics/overview.py).

-- One row per indicator and country in the current editions (totals, not breakdowns): values, first and last year with a value.
CREATE OR REPLACE TABLE summary_indicator_country AS
SELECT o.indicator_code AS code, o.iso3, any_value(o.source_id) AS source_id, count(o.value) AS n,
       min(o.year) FILTER (WHERE o.value IS NOT NULL) AS first_year,
       max(o.year) FILTER (WHERE o.value IS NOT NULL) AS last_year
FROM observation o SEMI JOIN (SELECT source_id FROM source WHERE is_current) s USING (source_id)
WHERE o.breakdown = ''  -- totals: a group's figures never count as the country's
GROUP BY o.indicator_code, o.iso3;

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
