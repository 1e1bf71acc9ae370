-- Statements of etl/setup_store.py: building the default store and the demo store.

-- name: remember_reference!
-- The fingerprint of the reference files and the schema the store was last brought up to date with.
INSERT OR REPLACE INTO store_info VALUES ('reference', ?);

-- name: remember!
-- Parameters: key, value.
INSERT OR REPLACE INTO store_info VALUES (?, ?);

-- name: store_info
SELECT key, value FROM store_info;

-- name: summary_tables
-- How many of the summary tables pages read (store/summary.sql) the version carries: 2 when it has them.
SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('summary_indicator_country', 'summary_source');
