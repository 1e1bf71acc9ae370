-- Figures per dataset edition (every edition, not only those in use: the sidebar lists them all): observations
-- (totals), and national survey results published or computed, with their first and last year. store/summary.sql
-- keeps a copy per store version (summary_source), which the overview reads when the version has it.
CREATE OR REPLACE VIEW source_coverage AS
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
