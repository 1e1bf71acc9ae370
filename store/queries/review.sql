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

-- name: jumps
-- Values further than SD_LIMIT standard deviations from the other values of their group (leave-one-out),
-- over the temp view `incoming`; a group's values are the file's and the store's (every source; a key the
-- file holds counts once, with the file's value), always of one breakdown. Parameters: the least other
-- values a group needs, SD_LIMIT, the most rows listed.
-- Groups: one country's series (indicator, breakdown, country).
WITH stored AS (
    SELECT indicator_code, iso3, CAST(year AS BIGINT) AS year, breakdown, avg(value) AS value
    FROM observation
    WHERE value IS NOT NULL AND indicator_code IN (SELECT DISTINCT indicator_code FROM incoming)
    GROUP BY ALL
), pool AS (
    SELECT indicator_code, iso3, year, breakdown, value FROM incoming WHERE isfinite(value)
    UNION ALL
    SELECT s.indicator_code, s.iso3, s.year, s.breakdown, s.value FROM stored s
    ANTI JOIN incoming i USING (indicator_code, iso3, year, breakdown)
), g AS (
    SELECT indicator_code, breakdown, iso3, sum(value) AS s, sum(value * value) AS q, count(*) - 1 AS n FROM pool GROUP BY ALL
), c AS (
    SELECT i._i, i.value AS v, g.n, (g.s - i.value) / g.n AS mean, g.q - i.value * i.value AS q
    FROM incoming i JOIN g USING (indicator_code, breakdown, iso3) WHERE isfinite(i.value) AND i.breakdown = '' AND g.n >= ?
), z AS (
    SELECT _i, v, n, mean, sqrt(greatest(q / n - mean * mean, 0) * n / (n - 1)) AS sd FROM c
)
SELECT _i, v, n, mean, abs(v - mean) / sd AS z, count(*) OVER () AS total FROM z
WHERE sd > 1e-12 AND abs(v - mean) / sd > ? ORDER BY _i LIMIT ?;

-- name: outliers
-- Values further than SD_LIMIT standard deviations from the other values of their group (leave-one-out),
-- over the temp view `incoming`; a group's values are the file's and the store's (every source; a key the
-- file holds counts once, with the file's value), always of one breakdown. Parameters: the least other
-- values a group needs, SD_LIMIT, the most rows listed.
-- Groups: the countries of one year (indicator, breakdown, year).
WITH stored AS (
    SELECT indicator_code, iso3, CAST(year AS BIGINT) AS year, breakdown, avg(value) AS value
    FROM observation
    WHERE value IS NOT NULL AND indicator_code IN (SELECT DISTINCT indicator_code FROM incoming)
    GROUP BY ALL
), pool AS (
    SELECT indicator_code, iso3, year, breakdown, value FROM incoming WHERE isfinite(value)
    UNION ALL
    SELECT s.indicator_code, s.iso3, s.year, s.breakdown, s.value FROM stored s
    ANTI JOIN incoming i USING (indicator_code, iso3, year, breakdown)
), g AS (
    SELECT indicator_code, breakdown, year, sum(value) AS s, sum(value * value) AS q, count(*) - 1 AS n FROM pool GROUP BY ALL
), c AS (
    SELECT i._i, i.value AS v, g.n, (g.s - i.value) / g.n AS mean, g.q - i.value * i.value AS q
    FROM incoming i JOIN g USING (indicator_code, breakdown, year) WHERE isfinite(i.value) AND i.breakdown = '' AND g.n >= ?
), z AS (
    SELECT _i, v, n, mean, sqrt(greatest(q / n - mean * mean, 0) * n / (n - 1)) AS sd FROM c
)
SELECT _i, v, n, mean, abs(v - mean) / sd AS z, count(*) OVER () AS total FROM z
WHERE sd > 1e-12 AND abs(v - mean) / sd > ? ORDER BY _i LIMIT ?;
