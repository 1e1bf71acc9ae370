-- Statements of etl/write/rollback.py: a batch rolled back, its rows removed and the rows it replaced restored.

-- name: batch_status
SELECT status FROM load_batch WHERE batch_id = ?;

-- name: later_replacing_batches
-- Active batches that replaced values of this batch (they are rolled back first).
SELECT DISTINCT r.replaced_by FROM observation_replaced r JOIN load_batch b ON b.batch_id = r.replaced_by
WHERE r.batch_id = ? AND b.status = 'active' ORDER BY 1;

-- name: delete_batch_observations!
DELETE FROM observation WHERE batch_id = ?;

-- name: restore_replaced!
-- The rows this batch replaced, back with the batches that brought them.
INSERT INTO observation (source_id, indicator_code, iso3, year, breakdown, value, std_error, lower, upper, n_sources,
                         flags, batch_id)
SELECT source_id, indicator_code, iso3, year, breakdown, value, std_error, lower, upper, n_sources, flags, batch_id
FROM observation_replaced WHERE replaced_by = ?;

-- name: forget_replaced!
DELETE FROM observation_replaced WHERE replaced_by = ?;

-- name: delete_unused_sources!
-- Sources the batch brought that no observation or survey uses any more.
DELETE FROM source s WHERE s.batch_id = ?
    AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.source_id = s.source_id)
    AND NOT EXISTS (SELECT 1 FROM survey v WHERE v.source_id = s.source_id);

-- name: delete_unused_indicators!
-- Indicators the batch declared that no observation uses any more.
DELETE FROM indicator i WHERE i.batch_id = ? AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.indicator_code = i.code);

-- name: mark_rolled_back!
-- Parameters: the user, the batch.
UPDATE load_batch SET status = 'rolled_back', rolled_back_at = current_localtimestamp(), rolled_back_by = ?
WHERE batch_id = ?;
