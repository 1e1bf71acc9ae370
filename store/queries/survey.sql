-- Statements of etl/write/survey.py: a prepared survey file written as one batch; a batch's survey rows removed.

-- name: surveys_in_store
-- Surveys of the file (parameter: their ids) that the store holds already.
SELECT s.survey_id, s.batch_id FROM survey s WHERE list_contains(?, s.survey_id) ORDER BY 1;

-- name: insert_surveys!
-- From survey_df, a registered frame (as the other insert_* statements).
INSERT INTO survey (survey_id, source_id, bank, iso3, year, name, fieldwork_start, fieldwork_end, population,
                    response_rate, level, batch_id)
SELECT survey_id, source_id, bank, iso3, year, name, fieldwork_start, fieldwork_end, population, response_rate, level,
       batch_id
FROM survey_df;

-- name: insert_aggregates!
INSERT INTO survey_aggregate (survey_id, question_code, question_text, dimension, group_name, measure, n, value, lower,
                              upper, batch_id)
SELECT survey_id, question_code, question_text, dimension, group_name, measure, n, value, lower, upper, batch_id
FROM survey_df;

-- name: insert_respondents!
INSERT INTO survey_respondent (survey_id, respondent_key, respondent_id, weight, batch_id)
SELECT survey_id, respondent_key, respondent_id, weight, batch_id FROM survey_df;

-- name: remember_survey_min_n!
INSERT OR REPLACE INTO store_info VALUES ('survey_min_n', ?);

-- name: record_batch!
-- Parameters: batch id, file name, sha256, format, source id, rows added, user, report (JSON).
INSERT INTO load_batch VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, current_localtimestamp(), 'active', NULL, NULL, ?);

-- name: stored_question
-- Parameters: bank, question code.
SELECT scale_min, scale_max, favourable, neutral, reverse_coded FROM survey_question WHERE bank = ? AND question_code = ?;

-- name: add_question!
INSERT INTO survey_question (bank, question_code, label_en, label_ru, text_en, text_ru, theme, theme_ru, scale_min,
                             scale_max, favourable, neutral, reverse_coded, batch_id, label_kk, text_kk, theme_kk)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: next_respondent_key
SELECT coalesce(max(respondent_key), 0) + 1 FROM survey_respondent;

-- name: insert_respondent_groups!
-- wide_df (registered: g0, g1, ... one column per breakdown, respondent_key, survey_id) unpivoted into rows, each
-- position named by names_df (position, name); parameter: the batch.
WITH u AS (UNPIVOT wide_df ON COLUMNS(* EXCLUDE (respondent_key, survey_id)) INTO NAME position VALUE value)
INSERT INTO survey_respondent_group SELECT u.survey_id, u.respondent_key, m.name, u.value, ?
FROM u JOIN names_df m USING (position);

-- name: insert_answers!
-- As insert_respondent_groups, with one column per question; answers left blank are not stored.
WITH u AS (UNPIVOT wide_df ON COLUMNS(* EXCLUDE (respondent_key, survey_id)) INTO NAME position VALUE value)
INSERT INTO survey_answer SELECT u.survey_id, u.respondent_key, m.name, u.value, ?
FROM u JOIN names_df m USING (position) WHERE u.value IS NOT NULL;

-- name: national_cells!
-- The batch's answer counts and weights per survey, question and answer, nationally.
INSERT INTO survey_cell
SELECT a.survey_id, a.question_code, 'all', 'All', a.answer, count(*), sum(r.weight), sum(r.weight * r.weight), $batch
FROM survey_answer a JOIN survey_respondent r USING (respondent_key)
WHERE a.batch_id = $batch GROUP BY ALL;

-- name: group_cells!
-- As national_cells, per respondent group of every breakdown.
INSERT INTO survey_cell
SELECT a.survey_id, a.question_code, g.dimension, g.group_name, a.answer, count(*), sum(r.weight),
       sum(r.weight * r.weight), $batch
FROM survey_answer a JOIN survey_respondent r USING (respondent_key)
JOIN survey_respondent_group g USING (respondent_key)
WHERE a.batch_id = $batch GROUP BY ALL;

-- name: theme_moments#
-- A fragment, the common table expressions per_respondent, y and moments, composed after WITH by
-- insert_theme_cells and by analytics' theme statistics: theme scores, each respondent's average over the theme's
-- items they answered, then per survey, theme and group (national 'All' and every breakdown): n, sums of weights
-- and squared weights, and for each measure the weighted (s_, s2_) and unweighted (u_, u2_) sums of y and y^2.
-- {answers} is the condition on survey_answer a that selects the answers (batch_answers here).
per_respondent AS (
    SELECT a.survey_id, a.respondent_key, q.theme AS unit,
           avg(CASE WHEN list_contains(q.favourable, a.answer) THEN 1.0 ELSE 0.0 END) AS fav,
           avg(CASE WHEN list_contains(q.neutral, a.answer) THEN 1.0 ELSE 0.0 END) AS neu,
           avg(CASE WHEN q.reverse_coded THEN q.scale_min + q.scale_max - a.answer ELSE a.answer END) AS score,
           avg(100.0 * ((CASE WHEN q.reverse_coded THEN q.scale_min + q.scale_max - a.answer ELSE a.answer END)
                        - q.scale_min) / (q.scale_max - q.scale_min)) AS idx
    FROM survey_answer a JOIN survey s USING (survey_id)
    JOIN survey_question q ON q.bank = s.bank AND q.question_code = a.question_code
    WHERE {answers} AND q.theme IS NOT NULL
    GROUP BY ALL
),
y AS (
    SELECT p.*, 1.0 - p.fav - p.neu AS unf, r.weight AS w, 'all' AS dimension, 'All' AS group_name, r.batch_id
    FROM per_respondent p JOIN survey_respondent r ON r.respondent_key = p.respondent_key
    UNION ALL
    SELECT p.*, 1.0 - p.fav - p.neu AS unf, r.weight AS w, g.dimension, g.group_name, r.batch_id
    FROM per_respondent p JOIN survey_respondent r ON r.respondent_key = p.respondent_key
    JOIN survey_respondent_group g ON g.respondent_key = p.respondent_key
),
moments AS (
    SELECT survey_id, unit, dimension, group_name, count(*) AS n, sum(w) AS sw, sum(w * w) AS sw2,
           sum(w * fav) AS s_fav, sum(w * fav * fav) AS s2_fav, sum(w * neu) AS s_neu, sum(w * neu * neu) AS s2_neu,
           sum(w * unf) AS s_unf, sum(w * unf * unf) AS s2_unf, sum(w * score) AS s_mean,
           sum(w * score * score) AS s2_mean, sum(w * idx) AS s_index, sum(w * idx * idx) AS s2_index,
           sum(fav) AS u_fav, sum(fav * fav) AS u2_fav, sum(neu) AS u_neu, sum(neu * neu) AS u2_neu,
           sum(unf) AS u_unf, sum(unf * unf) AS u2_unf, sum(score) AS u_mean, sum(score * score) AS u2_mean,
           sum(idx) AS u_index, sum(idx * idx) AS u2_index, any_value(batch_id) AS batch_id
    FROM y GROUP BY survey_id, unit, dimension, group_name
)

-- name: batch_answers#
-- The condition theme_moments takes for the answers of one batch ($batch), as the load writes them.
a.batch_id = $batch

-- name: insert_theme_cells!
-- The batch's theme moments; {moments} is theme_moments over its answers.
INSERT INTO survey_theme_cell
WITH {moments}
SELECT * FROM moments;

-- name: delete_batch_survey_theme_cell!
-- A batch's survey rows (parameter: the batch), one statement per table, children first.
DELETE FROM survey_theme_cell WHERE batch_id = ?;

-- name: delete_batch_survey_cell!
DELETE FROM survey_cell WHERE batch_id = ?;

-- name: delete_batch_survey_answer!
DELETE FROM survey_answer WHERE batch_id = ?;

-- name: delete_batch_survey_respondent_group!
DELETE FROM survey_respondent_group WHERE batch_id = ?;

-- name: delete_batch_survey_respondent!
DELETE FROM survey_respondent WHERE batch_id = ?;

-- name: delete_batch_survey_aggregate!
DELETE FROM survey_aggregate WHERE batch_id = ?;

-- name: delete_batch_survey!
DELETE FROM survey WHERE batch_id = ?;

-- name: hand_questions_on!
-- Questions the batch brought pass to the bank's earliest other survey while one uses the bank.
UPDATE survey_question q SET batch_id = (SELECT min(s.batch_id) FROM survey s WHERE s.bank = q.bank)
WHERE q.batch_id = ? AND EXISTS (SELECT 1 FROM survey s WHERE s.bank = q.bank);

-- name: delete_batch_questions!
DELETE FROM survey_question WHERE batch_id = ?;
