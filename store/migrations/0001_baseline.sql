-- Migration 0001, the baseline: the tables of the release whose schema was store/schema/*.sql at commit 025b700
-- (the store, accounts and settings layout; before breakdowns, the figure views and membership edits).
-- Stores made before schema versions were recorded start here; so that they may, 0001-0003 only create what is
-- missing (IF NOT EXISTS). The views live in store/views/ and are made again in every version.

CREATE TABLE IF NOT EXISTS store_info (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS country (
    iso3 VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    name_kk VARCHAR,
    region VARCHAR,
    is_hub_member BOOLEAN NOT NULL,
    member_since INTEGER,
    membership_certain BOOLEAN,
    membership_note VARCHAR
);

CREATE TABLE IF NOT EXISTS country_group (
    group_code VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    kind VARCHAR NOT NULL            -- hub | region | bloc
);

CREATE TABLE IF NOT EXISTS country_group_member (
    group_code VARCHAR NOT NULL,
    iso3 VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS theme (
    code VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL
);

-- One row a load; every observation points at the batch that brought it.
CREATE TABLE IF NOT EXISTS load_batch (
    batch_id INTEGER PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,           -- the file format: wgi, egdi, cpi, databank, demo, ...
    source_id VARCHAR,
    rows_added INTEGER NOT NULL,
    rows_replaced INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    user_name VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,         -- active | rolled_back
    rolled_back_at TIMESTAMP,
    rolled_back_by VARCHAR,
    report VARCHAR                   -- the load report (warnings, skipped names) as JSON
);

-- A dataset in one edition. Several editions of a dataset coexist; one of them is current.
CREATE TABLE IF NOT EXISTS source (
    source_id VARCHAR PRIMARY KEY,   -- "<dataset>:<edition>"
    dataset VARCHAR NOT NULL,
    edition VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    licence VARCHAR NOT NULL,
    citation VARCHAR NOT NULL,
    url VARCHAR,
    is_demo BOOLEAN NOT NULL,
    is_current BOOLEAN NOT NULL,
    batch_id INTEGER NOT NULL        -- the batch that first brought this edition
);

CREATE TABLE IF NOT EXISTS indicator (
    code VARCHAR PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    definition_en VARCHAR NOT NULL,
    definition_ru VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    scale_min DOUBLE,
    scale_max DOUBLE,
    higher_is_better BOOLEAN NOT NULL,
    theme VARCHAR NOT NULL,
    decimals INTEGER NOT NULL,
    batch_id INTEGER                 -- NULL for catalogue entries; the batch for indicators a file declared
);

-- Key: (source_id, indicator_code, iso3, year). A NULL value is a value the source published as missing.
CREATE TABLE IF NOT EXISTS observation (
    source_id VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    iso3 VARCHAR NOT NULL,
    year SMALLINT NOT NULL,
    value DOUBLE,
    std_error DOUBLE,
    lower DOUBLE,
    upper DOUBLE,
    n_sources DOUBLE,
    flags VARCHAR,
    batch_id INTEGER NOT NULL
);

-- Rows a later batch replaced, kept so that rolling that batch back restores them.
CREATE TABLE IF NOT EXISTS observation_replaced (
    source_id VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    iso3 VARCHAR NOT NULL,
    year SMALLINT NOT NULL,
    value DOUBLE,
    std_error DOUBLE,
    lower DOUBLE,
    upper DOUBLE,
    n_sources DOUBLE,
    flags VARCHAR,
    batch_id INTEGER NOT NULL,
    replaced_by INTEGER NOT NULL
);

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
    PRIMARY KEY (bank, question_code)
);

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

-- Compare pages: targets a country has set for an indicator (drawn on its series in the country profile).
CREATE TABLE IF NOT EXISTS target (
    iso3 VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    year SMALLINT NOT NULL,
    value DOUBLE NOT NULL,
    note VARCHAR,
    batch_id INTEGER
);
