-- The latest value within N years: per indicator and country, the figure (store/views/figures.sql: editions in use,
-- one breakdown) of `at_year` itself, else the latest earlier year at most `n` years before it (n = 0: that year
-- only; NULL: any earlier year; at_year NULL: the latest year of all). Missing values are never taken (a value
-- published as missing does not hide an earlier one); `is_fallback` says the value is from an earlier year.
-- Ties within a year (two editions picked) go to the first source_id. Filter it on indicator_code and iso3: the
-- filters reach the figures before the latest row is picked.
--   SELECT * FROM latest_within(2024, 3) WHERE indicator_code = 'WGI.GE.EST'
CREATE OR REPLACE MACRO latest_within(at_year, n) AS TABLE
SELECT o.indicator_code, o.iso3, o.year AS value_year, o.value, o.std_error, o.lower, o.upper, o.source_id,
       at_year IS NOT NULL AND o.year <> at_year AS is_fallback
FROM figure o
WHERE o.value IS NOT NULL
  AND (at_year IS NULL OR o.year <= at_year)
  AND (at_year IS NULL OR n IS NULL OR o.year >= at_year - n)
QUALIFY row_number() OVER (PARTITION BY o.indicator_code, o.iso3 ORDER BY o.year DESC, o.source_id) = 1;
