-- The statements of operations/: what the pages and the command line list about batches and sources.

-- name: batches
-- Every batch, newest first; survey batches with their respondents and level (from the load report, so a
-- rolled-back batch still says how many it held).
SELECT batch_id, file_name, kind, source_id, rows_added, rows_replaced, rows_unchanged,
       TRY_CAST(json_extract_string(report, '$.respondents') AS INTEGER) AS respondents,
       user_name, loaded_at, status, rolled_back_at, rolled_back_by, sha256,
       json_extract_string(report, '$.survey_level') AS survey_level
FROM load_batch
ORDER BY batch_id DESC;

-- name: batch_surveys
-- The surveys a survey batch holds now: country, year, level, respondents, valid answers, published results.
SELECT s.survey_id, s.iso3, s.year, s.level,
       (SELECT count(*) FROM survey_respondent r WHERE r.survey_id = s.survey_id) AS respondents,
       (SELECT count(*) FROM survey_answer a WHERE a.survey_id = s.survey_id) AS answers,
       (SELECT count(*) FROM survey_aggregate g WHERE g.survey_id = s.survey_id) AS results
FROM survey s
WHERE s.batch_id = ?
ORDER BY s.iso3, s.year;

-- name: batch_membership
-- A hub-membership edit (pages/members.py): each country's status before and after.
SELECT * EXCLUDE (batch_id) FROM membership_change WHERE batch_id = ? ORDER BY iso3;

-- name: batch_observations
-- The first rows an indicator batch holds now (batch, limit).
SELECT indicator_code, iso3, year, breakdown, value, std_error, source_id
FROM observation
WHERE batch_id = ?
ORDER BY indicator_code, iso3, year, breakdown
LIMIT ?;

-- name: batch_counts
-- How many rows a batch holds now, and how many stored values it replaced (batch, batch).
SELECT (SELECT count(*) FROM observation WHERE batch_id = ?) AS n,
       (SELECT count(*) FROM observation_replaced WHERE replaced_by = ?) AS replaced;

-- name: loaded_editions
-- Each dataset's editions in the store, with their observations and whether current.
SELECT s.dataset, s.edition, s.is_current, count(o.indicator_code) AS observations
FROM source s LEFT JOIN observation o USING (source_id)
GROUP BY ALL
ORDER BY 1, 2;
