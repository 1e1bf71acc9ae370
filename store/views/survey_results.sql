-- The documented view (`python -m etl sql`): national survey results, published and computed from
-- respondent-level data, never respondent rows. n/value/lower/upper are NULL where is_suppressed (fewer
-- respondents than survey_min_n: store/views/survey_min_n.sql). Computed rows are % favourable (share 0-1), weighted,
-- with a 95% confidence interval from the effective sample size (finite population correction when the
-- population is known). 1.959963984540054 is core.settings.Z95 (95 %): SQL cannot import it, so
-- tests/core/test_settings.py checks that they agree.
CREATE OR REPLACE VIEW v_survey_results AS
WITH threshold AS (SELECT min_n FROM survey_min_n),
published AS (
    SELECT a.survey_id, a.question_code, a.question_text, a.group_name, a.measure, a.n,
           a.n IS NOT NULL AND a.n < (SELECT min_n FROM threshold) AS is_suppressed, a.value, a.lower, a.upper, 'published' AS origin
    FROM survey_aggregate a
    WHERE a.dimension = 'all'
),
cells AS (
    SELECT c.survey_id, c.question_code, sum(c.n) AS n, sum(c.sw) AS sw, sum(c.sw2) AS sw2,
           sum(CASE WHEN list_contains(q.favourable, c.answer) THEN c.sw ELSE 0 END) AS sw_fav
    FROM survey_cell c
    JOIN survey s USING (survey_id)
    JOIN survey_question q ON q.bank = s.bank AND q.question_code = c.question_code
    WHERE c.dimension = 'all'
    GROUP BY ALL
),
computed AS (
    SELECT c.survey_id, c.question_code, NULL AS question_text, 'All' AS group_name, 'share' AS measure, c.n,
           c.n < (SELECT min_n FROM threshold) AS is_suppressed, c.sw_fav / c.sw AS p, c.sw * c.sw / c.sw2 AS n_eff,
           CASE WHEN s.population > c.n THEN 1 - c.n / s.population ELSE 1 END AS fpc
    FROM cells c JOIN survey s USING (survey_id)
),
results AS (
    SELECT * FROM published
    UNION ALL
    SELECT survey_id, question_code, question_text, group_name, measure, n, is_suppressed, p,
           p - 1.959963984540054 * sqrt(fpc * p * (1 - p) / greatest(n_eff - 1, 1)),
           p + 1.959963984540054 * sqrt(fpc * p * (1 - p) / greatest(n_eff - 1, 1)), 'computed'
    FROM computed
)
SELECT
    src.name AS survey,
    s.survey_id,
    src.edition,
    src.is_current,
    s.iso3,
    c.name_en AS country_name,
    s.year,
    r.question_code,
    coalesce(r.question_text, q.text_en, q.label_en) AS question_text,
    q.label_en AS question_label,
    q.theme,
    r.group_name,
    r.measure,
    CASE WHEN r.is_suppressed THEN NULL ELSE r.n END AS n,
    CASE WHEN r.is_suppressed THEN NULL ELSE r.value END AS value,
    CASE WHEN r.is_suppressed THEN NULL ELSE r.lower END AS lower,
    CASE WHEN r.is_suppressed THEN NULL ELSE r.upper END AS upper,
    r.is_suppressed,
    r.origin,
    src.is_demo,
    src.publisher,
    src.licence,
    s.batch_id
FROM results r
JOIN survey s USING (survey_id)
JOIN source src ON src.source_id = s.source_id
LEFT JOIN survey_question q ON q.bank = s.bank AND q.question_code = r.question_code
LEFT JOIN country c ON c.iso3 = s.iso3;
