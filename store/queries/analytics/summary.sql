-- analytics/summary.py: whether a store version carries its summaries (store/summary.sql).

-- name: summaries_present
SELECT count(*) FROM duckdb_tables() WHERE list_contains($tables, table_name);
