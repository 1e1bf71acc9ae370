-- analytics/survey.py: survey programmes, respondent-level moments, published figures. Suppression is applied in
-- analytics.survey.suppress with the threshold of core.settings (the SQL view applies the same: survey_min_n.sql).

-- name: programmes
-- Survey programmes (a dataset in its current edition and its question bank) with coverage.
SELECT src.source_id, src.dataset, src.name, src.edition, src.is_demo, src.publisher, src.licence,
       src.citation, s.bank, bool_or(s.level = 'respondent') AS has_respondents,
       count(*) AS surveys, count(DISTINCT s.iso3) AS countries, min(s.year) AS first_year,
       max(s.year) AS last_year
FROM survey s JOIN source src USING (source_id)
WHERE src.is_current GROUP BY ALL ORDER BY src.is_demo, src.name;

-- name: surveys
SELECT s.survey_id, s.iso3, c.name_en AS country_en, c.name_ru AS country_ru, c.name_kk AS country_kk,
       s.year, s.name, s.level,
       s.population, s.response_rate, s.fieldwork_start, s.fieldwork_end
FROM survey s LEFT JOIN country c USING (iso3) WHERE s.source_id = ? ORDER BY c.name_en, s.year;

-- name: questions
-- The questions the programme's surveys hold results for, with their theme and scale.
WITH used AS (
    SELECT DISTINCT a.question_code FROM survey_aggregate a JOIN survey s USING (survey_id)
    WHERE s.source_id = $1
    UNION SELECT DISTINCT c.question_code FROM survey_cell c JOIN survey s USING (survey_id)
    WHERE s.source_id = $1 AND c.dimension = 'all'
)
SELECT q.question_code, q.label_en, coalesce(q.label_ru, q.label_en) AS label_ru,
       coalesce(q.label_kk, q.label_ru, q.label_en) AS label_kk, q.text_en, q.text_ru, q.text_kk,
       q.theme, coalesce(q.theme_ru, q.theme) AS theme_ru,
       coalesce(q.theme_kk, q.theme_ru, q.theme) AS theme_kk,
       q.scale_min, q.scale_max, q.reverse_coded
FROM survey_question q JOIN used USING (question_code)
WHERE q.bank = (SELECT any_value(bank) FROM survey WHERE source_id = $1)
ORDER BY q.theme NULLS LAST, q.question_code;

-- name: dimensions
SELECT DISTINCT c.dimension FROM survey_cell c JOIN survey s USING (survey_id)
WHERE s.source_id = $1 AND c.dimension <> 'all'
UNION SELECT DISTINCT a.dimension FROM survey_aggregate a JOIN survey s USING (survey_id)
WHERE s.source_id = $1 AND a.dimension <> 'all'
ORDER BY 1;

-- name: item_cells
-- Answers counted per survey, question, group and answer code, as the load keeps them (survey_cell).
SELECT survey_id, question_code AS unit, group_name, answer, n,
       CASE WHEN $weighted THEN sw ELSE n::DOUBLE END AS sw, CASE WHEN $weighted THEN sw2 ELSE n::DOUBLE END AS sw2
FROM survey_cell
WHERE survey_id IN (SELECT unnest($surveys)) AND dimension = $dimension
  AND ($all_codes OR question_code IN (SELECT unnest($codes)))

-- name: item_cells_from_answers
-- The same counts recounted from the answers ($national: the whole population, group 'All').
SELECT a.survey_id, a.question_code AS unit, coalesce(g.group_name, 'All') AS group_name, a.answer,
       count(*) AS n, sum(CASE WHEN $weighted THEN r.weight ELSE 1.0 END) AS sw,
       sum(CASE WHEN $weighted THEN r.weight * r.weight ELSE 1.0 END) AS sw2
FROM survey_answer a JOIN survey_respondent r ON r.respondent_key = a.respondent_key
LEFT JOIN survey_respondent_group g
    ON NOT $national AND g.respondent_key = a.respondent_key AND g.dimension = $dimension
WHERE a.survey_id IN (SELECT unnest($surveys)) AND ($national OR g.respondent_key IS NOT NULL)
  AND ($all_codes OR a.question_code IN (SELECT unnest($codes)))
GROUP BY ALL

-- name: item_moments
-- Per survey, question and group: n, sums of weights, and weighted sums of y and y^2 for each measure; {cells} is
-- item_cells or item_cells_from_answers.
WITH cells AS ({cells}),
scored AS (
    SELECT c.*,
           CASE WHEN list_contains(q.favourable, c.answer) THEN 1.0 ELSE 0.0 END AS fav,
           CASE WHEN list_contains(q.neutral, c.answer) THEN 1.0 ELSE 0.0 END AS neu,
           CASE WHEN q.reverse_coded THEN q.scale_min + q.scale_max - c.answer ELSE c.answer END AS score,
           q.scale_min, q.scale_max
    FROM cells c JOIN survey s USING (survey_id)
    JOIN survey_question q ON q.bank = s.bank AND q.question_code = c.unit
),
y AS (
    SELECT *, 1.0 - fav - neu AS unf, 100.0 * (score - scale_min) / (scale_max - scale_min) AS idx
    FROM scored
)
SELECT survey_id, unit, group_name, sum(n) AS n, sum(sw) AS sw, sum(sw2) AS sw2,
       sum(sw * fav) AS s_fav, sum(sw * fav) AS s2_fav, sum(sw * neu) AS s_neu, sum(sw * neu) AS s2_neu,
       sum(sw * unf) AS s_unf, sum(sw * unf) AS s2_unf, sum(sw * score) AS s_mean,
       sum(sw * score * score) AS s2_mean, sum(sw * idx) AS s_index, sum(sw * idx * idx) AS s2_index
FROM y GROUP BY ALL;

-- name: theme_moments
-- Theme sums as the load keeps them (survey_theme_cell).
SELECT * EXCLUDE (dimension, batch_id) FROM survey_theme_cell
WHERE survey_id IN (SELECT unnest($surveys)) AND dimension = $dimension
  AND ($all_themes OR unit IN (SELECT unnest($themes)));

-- name: survey_answers#
-- The condition store/queries/survey.sql theme_moments takes for the answers of the surveys $surveys.
a.survey_id IN (SELECT unnest($surveys))

-- name: theme_moments_from_answers
-- The same sums recomputed from the answers; {moments} is store/queries/survey.sql theme_moments (shared with the
-- loader, which keeps its result per batch in survey_theme_cell) over survey_answers.
WITH {moments}
SELECT * EXCLUDE (dimension, batch_id) FROM moments
WHERE dimension = $dimension AND ($all_themes OR unit IN (SELECT unnest($themes)));

-- name: source
SELECT name, edition, licence, is_demo FROM source WHERE source_id = ?;

-- name: published
-- Published figures of a programme (value and CI as published), before suppression.
SELECT a.survey_id, s.iso3, c.name_en AS country_en, c.name_ru AS country_ru, c.name_kk AS country_kk, s.year,
       a.question_code AS unit, q.label_en, coalesce(q.label_ru, q.label_en) AS label_ru,
       coalesce(q.label_kk, q.label_ru, q.label_en) AS label_kk, a.group_name, a.n, a.measure, a.value,
       a.lower, a.upper, src.name AS source, src.edition, src.licence, src.is_demo
FROM survey_aggregate a JOIN survey s USING (survey_id) JOIN source src ON src.source_id = s.source_id
LEFT JOIN survey_question q ON q.bank = s.bank AND q.question_code = a.question_code
LEFT JOIN country c ON c.iso3 = s.iso3
WHERE s.source_id = $source AND ($all_codes OR a.question_code IN (SELECT unnest($codes)))
  AND (a.dimension = 'all' OR a.dimension = $dimension)
ORDER BY c.name_en, s.year;
