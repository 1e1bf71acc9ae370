-- Theme scores from respondents' answers, the way the UK People Survey averages items: each respondent's share of
-- favourable (neutral; mean score; 0-100 index) answers among the theme's items they answered, then per survey,
-- theme (`unit`), breakdown and group: n, sums of weights and squared weights, and weighted (s_, s2_) and unweighted
-- (u_, u2_) sums of each measure and its square, from which analytics.survey.estimate() makes means and intervals.
-- The national total is dimension 'all', group 'All'. Read respondents' answers: never in the public copy.
--   survey_ids: the surveys to score (NULL: any); batch: the load batch whose answers to score (NULL: any).
-- The survey loader keeps the result per batch (survey_theme_cell); analytics.survey recomputes it from answers.
CREATE OR REPLACE MACRO survey_theme_moments(survey_ids, batch) AS TABLE
WITH per_respondent AS (
    SELECT a.survey_id, a.respondent_key, q.theme AS unit,
           avg(CASE WHEN list_contains(q.favourable, a.answer) THEN 1.0 ELSE 0.0 END) AS fav,
           avg(CASE WHEN list_contains(q.neutral, a.answer) THEN 1.0 ELSE 0.0 END) AS neu,
           avg(CASE WHEN q.reverse_coded THEN q.scale_min + q.scale_max - a.answer ELSE a.answer END) AS score,
           avg(100.0 * ((CASE WHEN q.reverse_coded THEN q.scale_min + q.scale_max - a.answer ELSE a.answer END)
                        - q.scale_min) / (q.scale_max - q.scale_min)) AS idx
    FROM survey_answer a JOIN survey s USING (survey_id)
    JOIN survey_question q ON q.bank = s.bank AND q.question_code = a.question_code
    WHERE (survey_ids IS NULL OR list_contains(survey_ids, a.survey_id)) AND (batch IS NULL OR a.batch_id = batch)
      AND q.theme IS NOT NULL
    GROUP BY ALL
),
y AS (
    SELECT p.*, 1.0 - p.fav - p.neu AS unf, r.weight AS w, 'all' AS dimension, 'All' AS group_name, r.batch_id
    FROM per_respondent p JOIN survey_respondent r ON r.respondent_key = p.respondent_key
    UNION ALL
    SELECT p.*, 1.0 - p.fav - p.neu AS unf, r.weight AS w, g.dimension, g.group_name, r.batch_id
    FROM per_respondent p JOIN survey_respondent r ON r.respondent_key = p.respondent_key
    JOIN survey_respondent_group g ON g.respondent_key = p.respondent_key
)
SELECT survey_id, unit, dimension, group_name, count(*) AS n, sum(w) AS sw, sum(w * w) AS sw2,
       sum(w * fav) AS s_fav, sum(w * fav * fav) AS s2_fav, sum(w * neu) AS s_neu, sum(w * neu * neu) AS s2_neu,
       sum(w * unf) AS s_unf, sum(w * unf * unf) AS s2_unf, sum(w * score) AS s_mean,
       sum(w * score * score) AS s2_mean, sum(w * idx) AS s_index, sum(w * idx * idx) AS s2_index,
       sum(fav) AS u_fav, sum(fav * fav) AS u2_fav, sum(neu) AS u_neu, sum(neu * neu) AS u2_neu,
       sum(unf) AS u_unf, sum(unf * unf) AS u2_unf, sum(score) AS u_mean, sum(score * score) AS u2_mean,
       sum(idx) AS u_index, sum(idx * idx) AS u2_index, any_value(batch_id) AS batch_id
FROM y GROUP BY survey_id, unit, dimension, group_name;
