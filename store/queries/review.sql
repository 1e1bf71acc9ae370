-- Statements of etl/validate/review.py: what an upload does to the store, checked before it is written.

-- name: materialise#
-- The incoming values (incoming_df, a registered frame) as a temporary view: nothing copied.
CREATE OR REPLACE TEMP VIEW incoming AS
SELECT indicator_code::VARCHAR AS indicator_code, iso3::VARCHAR AS iso3, CAST(year AS BIGINT) AS year,
       breakdown::VARCHAR AS breakdown, CAST(value AS DOUBLE) AS value, _i
FROM incoming_df;

-- name: stored_values
-- Each incoming value (by _i) found in the store for its source (parameter): the stored value, and whether the
-- stored row is the same (only a value, equal).
SELECT i._i, o.value AS old_value,
       o.value IS NOT DISTINCT FROM i.value AND o.std_error IS NULL AND o.lower IS NULL AND o.upper IS NULL
       AND o.n_sources IS NULL AND o.flags IS NULL AS same
FROM observation o JOIN incoming i ON o.indicator_code = i.indicator_code AND o.iso3 = i.iso3 AND o.year = i.year
    AND o.breakdown = i.breakdown
WHERE o.source_id = ?;

-- name: held_totals
-- The store's totals of the given indicators (every source; a key stored by several sources, once with their
-- mean; finite values only), each indicator and country given as its position (from 0) in $indicators and
-- $countries, a country not among them as len($countries): the store's side of the groups an upload's values are
-- judged in (etl/validate/review.py, flagged).
SELECT i.k - 1 AS indicator, coalesce(c.k - 1, len($countries)) AS country, CAST(o.year AS BIGINT) AS year,
       avg(o.value) AS value
FROM observation o
JOIN unnest($indicators::VARCHAR[]) WITH ORDINALITY AS i(code, k) ON i.code = o.indicator_code
LEFT JOIN unnest($countries::VARCHAR[]) WITH ORDINALITY AS c(code, k) ON c.code = o.iso3
WHERE o.breakdown = '' AND isfinite(o.value)
GROUP BY i.k, o.iso3, c.k, o.year;
