-- Survey suppression: the fewest respondents behind any survey figure shown. The number has one home,
-- core.settings (HUB_SURVEY_MIN_N, default SURVEY_MIN_N); the store records the one in force in store_info
-- ('survey_min_n': the survey loader on every survey load, the schema in every version that has none), and the SQL
-- reads it from there. A database without the record (never a store) hides every count: it fails safe.
-- v_survey_results (survey_results.sql, made after this file) applies it; analytics.survey applies the same
-- setting, with complementary suppression, to the tables it computes.
CREATE OR REPLACE VIEW survey_min_n AS
SELECT coalesce(max(TRY_CAST(value AS INTEGER)), 2147483647) AS min_n FROM store_info WHERE key = 'survey_min_n';
