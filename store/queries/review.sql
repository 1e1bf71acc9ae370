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

-- name: flags
-- Values further than $sd_limit standard deviations from the other values of their group (leave-one-out mean
-- and sample standard deviation), over the temp view `incoming`, of two kinds: 'jump', the group being the
-- value's own series (indicator, country; at least $min_series other years), and 'outlier', the group being its
-- year's countries (indicator, year; at least $min_peers other countries). A group's values are the file's and
-- the store's (every source; a key the file holds counts once, with the file's value; a key stored by several
-- sources, once with their mean), totals only: only totals are judged, against totals. The first $max_listed
-- of each kind (by _i), each with the number found of its kind.
WITH held AS MATERIALIZED (
    -- the store's totals of the file's indicators, picked out before they meet the file's keys (the plan then
    -- matches the file with these rows only, not with the whole store)
    SELECT indicator_code, iso3, CAST(year AS BIGINT) AS year, value FROM observation
    WHERE breakdown = '' AND value IS NOT NULL AND indicator_code IN (SELECT indicator_code FROM incoming)
), pool AS (  -- computed once, read by both groupings
    SELECT indicator_code, iso3, year, value FROM incoming WHERE breakdown = '' AND isfinite(value)
    UNION ALL
    SELECT h.indicator_code, h.iso3, h.year, avg(h.value) FROM held h
    ANTI JOIN incoming i ON i.indicator_code = h.indicator_code AND i.iso3 = h.iso3 AND i.year = h.year
        AND i.breakdown = ''
    GROUP BY ALL
), groups AS (
    SELECT 'jump' AS kind, indicator_code, iso3, NULL::BIGINT AS year, sum(value) AS s, sum(value * value) AS q,
           count(*) - 1 AS n, min(value) AS lo, max(value) AS hi
    FROM pool GROUP BY indicator_code, iso3 HAVING count(*) - 1 >= $min_series
    UNION ALL
    SELECT 'outlier', indicator_code, NULL, year, sum(value), sum(value * value), count(*) - 1, min(value), max(value)
    FROM pool GROUP BY indicator_code, year HAVING count(*) - 1 >= $min_peers
), open AS (
    -- A value's leave-one-out z grows with its distance from its group's mean, so the group's lowest or highest
    -- value has the largest: a group where neither reaches 0.9 of the limit (a margin for rounding) holds no
    -- flagged value and is not compared value by value. Always compared: groups whose variance is lost in
    -- rounding (under 1e-6 of the mean square), where the sums do not order the values reliably.
    FROM groups
    WHERE (q - s * s / (n + 1)) < 1e-6 * q
       OR (hi - (s - hi) / n) ** 2 >= 0.81 * $sd_limit ** 2 * ((q - hi * hi) / n - ((s - hi) / n) ** 2) * n / (n - 1)
       OR (lo - (s - lo) / n) ** 2 >= 0.81 * $sd_limit ** 2 * ((q - lo * lo) / n - ((s - lo) / n) ** 2) * n / (n - 1)
), judged AS (
    SELECT g.kind, i._i, i.value AS v, g.n, (g.s - i.value) / g.n AS mean, g.q - i.value * i.value AS q
    FROM incoming i JOIN open g ON g.kind = 'jump' AND g.indicator_code = i.indicator_code AND g.iso3 = i.iso3
    WHERE i.breakdown = '' AND isfinite(i.value)
    UNION ALL
    SELECT g.kind, i._i, i.value, g.n, (g.s - i.value) / g.n, g.q - i.value * i.value
    FROM incoming i JOIN open g ON g.kind = 'outlier' AND g.indicator_code = i.indicator_code AND g.year = i.year
    WHERE i.breakdown = '' AND isfinite(i.value)
), z AS (
    SELECT kind, _i, v, n, mean, sqrt(greatest(q / n - mean * mean, 0) * n / (n - 1)) AS sd FROM judged
)
SELECT kind, _i, v, n, mean, abs(v - mean) / sd AS z, count(*) OVER (PARTITION BY kind) AS total FROM z
WHERE sd > 1e-12 AND abs(v - mean) / sd > $sd_limit
QUALIFY row_number() OVER (PARTITION BY kind ORDER BY _i) <= $max_listed
ORDER BY kind, _i;
