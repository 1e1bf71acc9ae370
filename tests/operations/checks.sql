-- What the operations tests read back from the store.

-- name: values
SELECT iso3, value FROM observation WHERE indicator_code = ? ORDER BY iso3;

-- name: batch_count
SELECT count(*) FROM load_batch;

-- name: batch_status
SELECT status, rolled_back_by FROM load_batch WHERE batch_id = ?;

-- name: respondents
SELECT count(*) FROM survey_respondent;
