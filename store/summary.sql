-- Summaries of the whole store, built by the writer once per store version (just before the version is published),
-- so that pages never scan every observation on a run: the indicator list, hub coverage, countries with data and
-- the sidebar's sources read these instead (analytics/compare.py, analytics/brief.py, analytics/overview.py).

-- One row per indicator and country in the current editions (the view's default picks: totals, or an indicator's
-- first group when it has no total).
CREATE OR REPLACE TABLE summary_indicator_country AS SELECT * FROM indicator_country_listed;

-- One row per dataset edition: figures (observations, and national survey results published or computed) and years.
CREATE OR REPLACE TABLE summary_source AS SELECT * FROM source_coverage;  -- store/views/source_coverage.sql
