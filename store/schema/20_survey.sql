-- Civil-servant surveys: surveys, the question bank, respondent-level answers (never shown as such) and
-- published aggregates. Every row points at the load batch that brought it; rollback removes it.

-- One survey wave of one country in one edition of a dataset ("gsps:2023:ARM:2023").
CREATE TABLE IF NOT EXISTS survey (
    survey_id VARCHAR PRIMARY KEY,   -- "<source_id>:<iso3>:<year>"
    source_id VARCHAR NOT NULL,      -- dataset edition: publisher, licence, demo flag
    bank VARCHAR NOT NULL,           -- the question bank its question codes belong to
    iso3 VARCHAR NOT NULL,
    year SMALLINT NOT NULL,
    name VARCHAR NOT NULL,
    fieldwork_start DATE,
    fieldwork_end DATE,
    population INTEGER,              -- civil servants surveyed (for the finite population correction)
    response_rate DOUBLE,            -- 0-1
    level VARCHAR NOT NULL,          -- respondent (answers held here) | aggregate (published figures only)
    batch_id INTEGER NOT NULL
);

-- The question bank: one question or published measure, shared by the surveys of a bank.
CREATE TABLE IF NOT EXISTS survey_question (
    bank VARCHAR NOT NULL,
    question_code VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,       -- short name ("Job satisfaction")
    label_ru VARCHAR,
    text_en VARCHAR,                 -- the question as asked
    text_ru VARCHAR,
    theme VARCHAR,
    theme_ru VARCHAR,
    scale_min SMALLINT,              -- answer codes scale_min..scale_max (respondent level)
    scale_max SMALLINT,
    favourable SMALLINT[],           -- answer codes counted as favourable (codes as in the file, before any reversal)
    neutral SMALLINT[],              -- answer codes counted as neutral; the other valid codes are unfavourable
    reverse_coded BOOLEAN NOT NULL,  -- a higher code is worse: means and indexes are computed on the reversed code
    batch_id INTEGER NOT NULL,
    label_kk VARCHAR,                -- Kazakh, where the bank has it (shown in the Kazakh interface; else Russian)
    text_kk VARCHAR,
    theme_kk VARCHAR,
    PRIMARY KEY (bank, question_code)
);
ALTER TABLE survey_question ADD COLUMN IF NOT EXISTS label_kk VARCHAR;
ALTER TABLE survey_question ADD COLUMN IF NOT EXISTS text_kk VARCHAR;
ALTER TABLE survey_question ADD COLUMN IF NOT EXISTS theme_kk VARCHAR;

-- Respondents of respondent-level surveys. respondent_key is unique in the store.
CREATE TABLE IF NOT EXISTS survey_respondent (
    survey_id VARCHAR NOT NULL,
    respondent_key INTEGER NOT NULL,
    respondent_id VARCHAR NOT NULL,  -- as in the file
    weight DOUBLE NOT NULL,
    batch_id INTEGER NOT NULL
);

-- Demographic groups of respondents: one row per respondent and breakdown (gender, grade, organisation...).
-- A respondent who did not state a group is in the group '(not stated)', so a breakdown's groups add up to
-- the total and nothing can be worked out from the difference.
CREATE TABLE IF NOT EXISTS survey_respondent_group (
    survey_id VARCHAR NOT NULL,
    respondent_key INTEGER NOT NULL,
    dimension VARCHAR NOT NULL,
    group_name VARCHAR NOT NULL,
    batch_id INTEGER NOT NULL
);

-- Valid answers only ("don't know" and missing answers are not stored: they count in no denominator).
CREATE TABLE IF NOT EXISTS survey_answer (
    survey_id VARCHAR NOT NULL,
    respondent_key INTEGER NOT NULL,
    question_code VARCHAR NOT NULL,
    answer SMALLINT NOT NULL,
    batch_id INTEGER NOT NULL
);

-- Answers counted per survey, question, group and answer code, with the sums of weights and of squared weights:
-- enough for every item estimate and its interval, so the page never scans millions of answers. Built by
-- the load from survey_answer ('all'/'All' is the national total; one row set per breakdown).
CREATE TABLE IF NOT EXISTS survey_cell (
    survey_id VARCHAR NOT NULL,
    question_code VARCHAR NOT NULL,
    dimension VARCHAR NOT NULL,
    group_name VARCHAR NOT NULL,
    answer SMALLINT NOT NULL,
    n INTEGER NOT NULL,
    sw DOUBLE NOT NULL,
    sw2 DOUBLE NOT NULL,
    batch_id INTEGER NOT NULL
);

-- Theme scores (each respondent's average over the theme's items they answered), summed per survey, theme
-- and group: n, sums of weights and squared weights, and the weighted (s_, s2_) and unweighted (u_, u2_)
-- sums of y and y^2 for each measure. Built by the load, like survey_cell.
CREATE TABLE IF NOT EXISTS survey_theme_cell (
    survey_id VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,           -- the theme
    dimension VARCHAR NOT NULL,
    group_name VARCHAR NOT NULL,
    n INTEGER NOT NULL,
    sw DOUBLE NOT NULL,
    sw2 DOUBLE NOT NULL,
    s_fav DOUBLE NOT NULL,
    s2_fav DOUBLE NOT NULL,
    s_neu DOUBLE NOT NULL,
    s2_neu DOUBLE NOT NULL,
    s_unf DOUBLE NOT NULL,
    s2_unf DOUBLE NOT NULL,
    s_mean DOUBLE NOT NULL,
    s2_mean DOUBLE NOT NULL,
    s_index DOUBLE NOT NULL,
    s2_index DOUBLE NOT NULL,
    u_fav DOUBLE NOT NULL,
    u2_fav DOUBLE NOT NULL,
    u_neu DOUBLE NOT NULL,
    u2_neu DOUBLE NOT NULL,
    u_unf DOUBLE NOT NULL,
    u2_unf DOUBLE NOT NULL,
    u_mean DOUBLE NOT NULL,
    u2_mean DOUBLE NOT NULL,
    u_index DOUBLE NOT NULL,
    u2_index DOUBLE NOT NULL,
    batch_id INTEGER NOT NULL
);

-- Figures as published (GSPS, UK People Survey, the aggregate template).
CREATE TABLE IF NOT EXISTS survey_aggregate (
    survey_id VARCHAR NOT NULL,
    question_code VARCHAR NOT NULL,
    question_text VARCHAR,           -- the wording published with this figure, when the file gives it
    dimension VARCHAR NOT NULL,      -- 'all' for national figures
    group_name VARCHAR NOT NULL,     -- 'All' for national figures
    measure VARCHAR NOT NULL,        -- share (0-1) | mean (on the answer scale) | index (as published)
    n INTEGER,                       -- respondents, when published
    value DOUBLE,
    lower DOUBLE,                    -- 95% confidence interval, when published
    upper DOUBLE,
    batch_id INTEGER NOT NULL
);

-- The documented view (`python -m etl sql`): national survey results, published and computed from
-- respondent-level data, never respondent rows. value/lower/upper are NULL where is_suppressed (fewer than
-- 10 respondents unless store_info 'survey_min_n' says otherwise). Computed rows are % favourable (share 0-1), weighted,
-- with a 95% confidence interval from the effective sample size (finite population correction when the
-- population is known).
CREATE OR REPLACE VIEW v_survey_results AS
WITH threshold AS (
    SELECT coalesce(max(TRY_CAST(value AS INTEGER)), 10) AS min_n FROM store_info WHERE key = 'survey_min_n'
),
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
