-- Statements of etl/validate/quality.py: the data-quality report over the store.

-- name: coverage
-- Per current indicator (totals): countries, years, and the share of hub member x year cells holding a value.
WITH hub AS (SELECT iso3 FROM country WHERE is_hub_member),
obs AS (
    SELECT * FROM figure
)
SELECT o.indicator_code, min(o.year) AS first_year, max(o.year) AS last_year,
       count(DISTINCT o.iso3) FILTER (WHERE o.value IS NOT NULL) AS countries,
       count(*) FILTER (WHERE o.value IS NOT NULL) AS values,
       count(*) FILTER (WHERE o.value IS NULL) AS published_missing,
       round(100.0 * count(*) FILTER (WHERE o.value IS NOT NULL AND o.iso3 IN (SELECT iso3 FROM hub))
             / ((SELECT count(*) FROM hub) * (max(o.year) - min(o.year) + 1)), 1) AS hub_coverage_pct
FROM obs o GROUP BY o.indicator_code ORDER BY o.indicator_code;

-- name: duplicate_keys
-- Observation keys stored more than once.
SELECT source_id, indicator_code, iso3, year, breakdown, count(*) AS copies FROM observation
GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL;

-- name: outside_scale
-- Values outside their indicator's scale.
SELECT o.source_id, o.indicator_code, o.iso3, o.year, o.breakdown, o.value, i.scale_min, i.scale_max,
       o.batch_id
FROM observation o JOIN indicator i ON i.code = o.indicator_code
WHERE o.value < i.scale_min OR o.value > i.scale_max ORDER BY ALL;

-- name: outliers
-- Values far from the other countries in the same indicator and year, by the modified z-score (parameter: the
-- limit of |z|).
WITH stats AS (
    SELECT source_id, indicator_code, year, breakdown, median(value) AS med, count(value) AS n
    FROM observation WHERE value IS NOT NULL GROUP BY ALL
), dev AS (
    SELECT o.source_id, o.indicator_code, o.year, o.breakdown, median(abs(o.value - s.med)) AS mad
    FROM observation o JOIN stats s USING (source_id, indicator_code, year, breakdown)
    WHERE o.value IS NOT NULL GROUP BY ALL
)
SELECT o.source_id, o.indicator_code, o.iso3, o.year, o.breakdown, o.value, s.med AS median,
       round(0.6745 * (o.value - s.med) / d.mad, 2) AS robust_z, o.batch_id
FROM observation o JOIN stats s USING (source_id, indicator_code, year, breakdown)
JOIN dev d USING (source_id, indicator_code, year, breakdown)
WHERE d.mad > 0 AND s.n >= 5 AND abs(0.6745 * (o.value - s.med) / d.mad) > ?
ORDER BY abs(robust_z) DESC, o.indicator_code, o.year, o.iso3;
