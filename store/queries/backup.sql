-- Statements of etl/backup.py: backups of the live version, the accounts and the original files; restores.

-- name: tables
SELECT table_name FROM duckdb_tables() ORDER BY 1;

-- name: count_rows
-- Rows of the table named by the parameter: a value, quoted as one identifier (query_table would read a dot in
-- the name as schema.table), never SQL text.
SELECT count(*) FROM query_table('"' || replace(?, '"', '""') || '"');

-- name: loaded_files
-- The sha256 of every file a batch loaded (the originals kept in files/).
SELECT sha256 FROM load_batch;

-- name: touch
-- Nothing: a write transaction that only makes the restored version the live one.
SELECT 1;
