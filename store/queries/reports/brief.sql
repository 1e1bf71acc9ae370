-- reports/brief.py: the data release a brief is built from.

-- name: database_list
-- The store file this connection reads (its name is the store version).
PRAGMA database_list;

-- name: release_sources
-- Per source: the edition with the load batch and file it came from.
SELECT s.name, s.edition, s.batch_id, b.file_name FROM source s LEFT JOIN load_batch b USING (batch_id)
WHERE list_contains(?::VARCHAR[], s.source_id) ORDER BY s.name, s.edition;
