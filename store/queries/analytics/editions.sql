-- analytics/editions.py: editions of a dataset side by side. These read `observation` itself: they compare
-- editions, whichever is in use (tests/analytics/test_figures_rule.py allows them by name).

-- name: editions
-- The editions of a dataset, oldest first (by the first year the edition names, then by load).
SELECT s.source_id, s.edition, s.is_current, s.is_demo, count(o.source_id) AS observations,
       s.batch_id AS first_batch
FROM source s LEFT JOIN observation o USING (source_id)
WHERE s.dataset = ? GROUP BY s.source_id, s.edition, s.is_current, s.is_demo, s.batch_id
ORDER BY coalesce(TRY_CAST(regexp_extract(s.edition, '(?:19|20)\d\d') AS INTEGER), 0), s.batch_id;

-- name: observed_datasets
SELECT DISTINCT s.dataset FROM source s SEMI JOIN observation o USING (source_id) ORDER BY 1;

-- name: datasets
SELECT DISTINCT dataset FROM source ORDER BY 1;

-- name: changes
-- Values present in both editions that differ, largest change first.
SELECT n.indicator_code, n.iso3, n.year, n.breakdown, o.value AS old, n.value AS new,
       n.value - o.value AS difference
FROM observation n JOIN observation o USING (indicator_code, iso3, year, breakdown)
WHERE n.source_id = $new AND o.source_id = $old AND n.value IS DISTINCT FROM o.value
ORDER BY abs(n.value - o.value) DESC NULLS LAST, n.indicator_code, n.iso3, n.year, n.breakdown;

-- name: summary
-- Counts of keys: unchanged, revised, only in the old, only in the new edition.
WITH a AS (SELECT indicator_code, iso3, year, breakdown, value FROM observation WHERE source_id = $old),
b AS (SELECT indicator_code, iso3, year, breakdown, value FROM observation WHERE source_id = $new)
SELECT count(*) FILTER (WHERE a.iso3 IS NOT NULL AND b.iso3 IS NOT NULL
                        AND a.value IS NOT DISTINCT FROM b.value),
       count(*) FILTER (WHERE a.iso3 IS NOT NULL AND b.iso3 IS NOT NULL
                        AND a.value IS DISTINCT FROM b.value),
       count(*) FILTER (WHERE b.iso3 IS NULL), count(*) FILTER (WHERE a.iso3 IS NULL)
FROM a FULL JOIN b USING (indicator_code, iso3, year, breakdown);
