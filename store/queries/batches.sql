-- Statements of etl/write/batches.py: writing one batch of observations, demo data kept apart, editions and the
-- reference tables. The columns of `observation` besides batch_id are always named (never `SELECT *`).

-- name: active_batch_with_sha
-- The active batch that loaded the file with this sha256, if any.
SELECT batch_id, loaded_at FROM load_batch WHERE sha256 = ? AND status = 'active' ORDER BY batch_id;

-- name: next_batch_id
-- The next batch number: never one used before, not even by demo batches that published data removed.
SELECT greatest(coalesce((SELECT max(batch_id) FROM load_batch), 0),
                coalesce((SELECT TRY_CAST(value AS INTEGER) FROM store_info WHERE key = 'last_removed_batch'), 0)) + 1;

-- name: add_source!
-- A source new to the store (an edition already there stays as it is).
INSERT INTO source SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ? WHERE NOT EXISTS (SELECT 1 FROM source WHERE source_id = ?);

-- name: count_source_rows
SELECT count(*) FROM observation WHERE source_id = ?;

-- name: insert_new_source_rows!
-- Every row of incoming_df (a registered frame) for a source with no rows yet: nothing to compare or replace.
-- A measure the file does not hold is a column of Arrow's null type there, hence the casts. Parameters: batch id,
-- source id.
INSERT INTO observation (source_id, indicator_code, iso3, year, breakdown, value, std_error, lower, upper, n_sources,
                         flags, batch_id)
SELECT *, ? FROM (
    SELECT ?::VARCHAR AS source_id, indicator_code, iso3, year, breakdown, value, std_error::DOUBLE AS std_error,
           lower::DOUBLE AS lower, upper::DOUBLE AS upper, n_sources::DOUBLE AS n_sources, flags
    FROM incoming_df
);

-- name: create_incoming!
-- The rows of incoming_df (a registered frame) with their source id, to compare with the stored ones (the measures
-- cast as in insert_new_source_rows).
CREATE TEMP TABLE incoming AS
SELECT ?::VARCHAR AS source_id, indicator_code, iso3, year, breakdown, value, std_error::DOUBLE AS std_error,
       lower::DOUBLE AS lower, upper::DOUBLE AS upper, n_sources::DOUBLE AS n_sources, flags
FROM incoming_df;

-- name: count_replaced_unchanged
-- Incoming rows whose key is stored: with other values (replaced), and with the same values (unchanged). One join
-- for both counts (a re-upload of the benchmark's 3.6 M rows spent 7.5 s and 9.2 s on two).
SELECT count(*) FILTER (WHERE changed), count(*) FILTER (WHERE NOT changed) FROM (
    SELECT o.value IS DISTINCT FROM i.value OR o.std_error IS DISTINCT FROM i.std_error
           OR o.lower IS DISTINCT FROM i.lower OR o.upper IS DISTINCT FROM i.upper
           OR o.n_sources IS DISTINCT FROM i.n_sources OR o.flags IS DISTINCT FROM i.flags AS changed
    FROM observation o JOIN incoming i USING (source_id, indicator_code, iso3, year, breakdown)
);

-- name: keep_replaced!
-- The stored rows that incoming rows replace, kept (with the batch replacing them) so a rollback restores them.
INSERT INTO observation_replaced (source_id, indicator_code, iso3, year, breakdown, value, std_error, lower, upper,
                                  n_sources, flags, batch_id, replaced_by)
SELECT o.source_id, o.indicator_code, o.iso3, o.year, o.breakdown, o.value, o.std_error, o.lower, o.upper,
       o.n_sources, o.flags, o.batch_id, ?
FROM observation o JOIN incoming i USING (source_id, indicator_code, iso3, year, breakdown)
WHERE o.value IS DISTINCT FROM i.value OR o.std_error IS DISTINCT FROM i.std_error
   OR o.lower IS DISTINCT FROM i.lower OR o.upper IS DISTINCT FROM i.upper
   OR o.n_sources IS DISTINCT FROM i.n_sources OR o.flags IS DISTINCT FROM i.flags;

-- name: delete_replaced!
DELETE FROM observation o USING incoming i
WHERE o.source_id = i.source_id AND o.indicator_code = i.indicator_code AND o.iso3 = i.iso3 AND o.year = i.year
  AND o.breakdown = i.breakdown
  AND (o.value IS DISTINCT FROM i.value OR o.std_error IS DISTINCT FROM i.std_error
       OR o.lower IS DISTINCT FROM i.lower OR o.upper IS DISTINCT FROM i.upper
       OR o.n_sources IS DISTINCT FROM i.n_sources OR o.flags IS DISTINCT FROM i.flags);

-- name: insert_incoming!
-- The incoming rows not stored (new keys, and those whose stored row was just replaced).
INSERT INTO observation (source_id, indicator_code, iso3, year, breakdown, value, std_error, lower, upper, n_sources,
                         flags, batch_id)
SELECT i.source_id, i.indicator_code, i.iso3, i.year, i.breakdown, i.value, i.std_error, i.lower, i.upper,
       i.n_sources, i.flags, ?
FROM incoming i ANTI JOIN observation o USING (source_id, indicator_code, iso3, year, breakdown);

-- name: drop_incoming!
DROP TABLE incoming;

-- name: record_batch!
-- Parameters: batch id, file name, sha256, kind, source id, rows added, replaced, unchanged, user, report (JSON).
INSERT INTO load_batch VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp(), 'active', NULL, NULL, ?);

-- name: holds_demo
SELECT EXISTS (SELECT 1 FROM source WHERE is_demo);

-- name: holds_published
SELECT EXISTS (SELECT 1 FROM source WHERE NOT is_demo);

-- name: demo_sources
SELECT source_id FROM source WHERE is_demo;

-- name: demo_only_datasets
-- Datasets with no published edition: their own indicators go with the demo data.
SELECT dataset FROM source GROUP BY dataset HAVING bool_and(is_demo);

-- name: demo_batches
-- Parameter: the demo sources.
SELECT batch_id FROM load_batch WHERE list_contains(?, source_id) OR kind = 'demo'
UNION SELECT batch_id FROM source WHERE is_demo;

-- name: batch_tables
-- The store's tables with rows tied to a batch (a batch_id column), besides load_batch: each has a
-- delete_demo_<table> statement below (a table added by a later migration needs one, else removing demo data fails
-- with the statement's name).
SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t
    USING (table_catalog, table_schema, table_name)
WHERE c.column_name = 'batch_id' AND t.table_type = 'BASE TABLE' AND t.table_schema = 'main'
  AND c.table_name <> 'load_batch'
ORDER BY 1;

-- name: delete_demo_indicator!
-- The rows of the demo batches (parameter: their ids), one statement per table of batch_tables.
DELETE FROM indicator WHERE list_contains(?, batch_id);

-- name: delete_demo_membership_change!
DELETE FROM membership_change WHERE list_contains(?, batch_id);

-- name: delete_demo_observation!
DELETE FROM observation WHERE list_contains(?, batch_id);

-- name: delete_demo_observation_replaced!
DELETE FROM observation_replaced WHERE list_contains(?, batch_id);

-- name: delete_demo_source!
DELETE FROM source WHERE list_contains(?, batch_id);

-- name: delete_demo_survey!
DELETE FROM survey WHERE list_contains(?, batch_id);

-- name: delete_demo_survey_aggregate!
DELETE FROM survey_aggregate WHERE list_contains(?, batch_id);

-- name: delete_demo_survey_answer!
DELETE FROM survey_answer WHERE list_contains(?, batch_id);

-- name: delete_demo_survey_cell!
DELETE FROM survey_cell WHERE list_contains(?, batch_id);

-- name: delete_demo_survey_question!
DELETE FROM survey_question WHERE list_contains(?, batch_id);

-- name: delete_demo_survey_respondent!
DELETE FROM survey_respondent WHERE list_contains(?, batch_id);

-- name: delete_demo_survey_respondent_group!
DELETE FROM survey_respondent_group WHERE list_contains(?, batch_id);

-- name: delete_demo_survey_theme_cell!
DELETE FROM survey_theme_cell WHERE list_contains(?, batch_id);

-- name: delete_demo_target!
DELETE FROM target WHERE list_contains(?, batch_id);

-- name: delete_demo_replaced_by!
-- Rows that demo batches replaced (parameter: the demo batches).
DELETE FROM observation_replaced WHERE list_contains(?, replaced_by);

-- name: delete_demo_source_rows!
-- The demo sources (parameter: their ids) and every row of them, whichever batch brought it.
DELETE FROM source WHERE list_contains(?, source_id);

-- name: delete_demo_observation_rows!
DELETE FROM observation WHERE list_contains(?, source_id);

-- name: delete_demo_survey_rows!
DELETE FROM survey WHERE list_contains(?, source_id);

-- name: delete_demo_indicator_rows!
-- The indicators of datasets with no published edition (parameter: the datasets).
DELETE FROM indicator WHERE list_contains(?, dataset);

-- name: remember_last_removed_batch!
INSERT OR REPLACE INTO store_info VALUES ('last_removed_batch', ?);

-- name: delete_demo_batches!
DELETE FROM load_batch WHERE list_contains(?, batch_id);

-- name: add_declared_indicators!
-- Indicators a file declares (declared_df, a registered frame with the columns of IndicatorMeta in order and _n,
-- the order of declaration) that the store does not hold, tied to the batch (parameter); the first declaration
-- of a code counts.
INSERT INTO indicator (code, dataset, name_en, name_ru, definition_en, definition_ru, unit, scale_min, scale_max,
                       higher_is_better, theme, decimals, name_kk, definition_kk, unit_en, unit_ru, unit_kk,
                       batch_id)
SELECT DISTINCT ON (code)
       CAST(code AS VARCHAR), CAST(dataset AS VARCHAR), CAST(name_en AS VARCHAR), CAST(name_ru AS VARCHAR),
       CAST(definition_en AS VARCHAR), CAST(definition_ru AS VARCHAR), CAST(unit AS VARCHAR),
       CAST(scale_min AS DOUBLE), CAST(scale_max AS DOUBLE), CAST(higher_is_better AS BOOLEAN),
       CAST(theme AS VARCHAR), CAST(decimals AS INTEGER), CAST(name_kk AS VARCHAR), CAST(definition_kk AS VARCHAR),
       CAST(unit_en AS VARCHAR), CAST(unit_ru AS VARCHAR), CAST(unit_kk AS VARCHAR), ?
FROM declared_df
WHERE code NOT IN (SELECT code FROM indicator)
ORDER BY code, _n;

-- name: editions
SELECT source_id, dataset, edition, batch_id FROM source;

-- name: mark_current_editions!
-- Parameter: the source ids of the current editions.
UPDATE source SET is_current = list_contains(?, source_id);

-- name: refresh_country#
-- Each reference table rebuilt from ref_df, a registered frame read from data/reference/.
DELETE FROM country;
INSERT INTO country (iso3, name_en, name_ru, name_kk, region, is_hub_member, member_since, membership_certain,
                     membership_note)
SELECT iso3, name_en, name_ru, name_kk, region, is_hub_member, member_since, membership_certain, membership_note
FROM ref_df;

-- name: refresh_country_group#
DELETE FROM country_group;
INSERT INTO country_group (group_code, name_en, name_ru, name_kk, kind)
SELECT group_code, name_en, name_ru, name_kk, kind FROM ref_df;

-- name: refresh_country_group_member#
DELETE FROM country_group_member;
INSERT INTO country_group_member (group_code, iso3) SELECT group_code, iso3 FROM ref_df;

-- name: refresh_theme#
DELETE FROM theme;
INSERT INTO theme (code, name_en, name_ru, name_kk) SELECT code, name_en, name_ru, name_kk FROM ref_df;

-- name: refresh_breakdown_label#
DELETE FROM breakdown_label;
INSERT INTO breakdown_label (dimension, code, name_en, name_ru) SELECT dimension, code, name_en, name_ru FROM ref_df;

-- name: delete_catalogue_indicators!
-- The catalogue's indicators (no batch: they come from data/reference/), before they are written again.
DELETE FROM indicator WHERE batch_id IS NULL;

-- name: put_catalogue_indicator!
-- One catalogue indicator, its values in the order of IndicatorMeta's fields.
INSERT OR REPLACE INTO indicator (code, dataset, name_en, name_ru, definition_en, definition_ru, unit, scale_min,
                                  scale_max, higher_is_better, theme, decimals, name_kk, definition_kk, unit_en,
                                  unit_ru, unit_kk)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
