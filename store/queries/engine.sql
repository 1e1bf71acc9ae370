-- Statements of the recipe engine (etl/recipes/engine.py) over the cells it reads from a file: raw_cells is a
-- view, the UNION ALL of one SELECT per value column and sheet (built from the recipe), registered Arrow tables
-- text_map, year_map, ind_map, dim_map and footers hold what each distinct text means.

-- name: no_country
-- The first row holding values but no country (a note or a total): said once, never read.
SELECT sheet, row FROM raw_cells
WHERE cname IS NULL AND ccode IS NULL AND (num IS NOT NULL OR txt IS NOT NULL)
ORDER BY sheet, row LIMIT 1;

-- name: cells_with_country
-- The cells of rows with a country, footers left out.
CREATE OR REPLACE TEMP VIEW cells_c AS
SELECT * FROM raw_cells
WHERE (cname IS NOT NULL OR ccode IS NOT NULL)
  AND coalesce(cname, '') NOT IN (SELECT f FROM footers)
  AND coalesce(ccode, '') NOT IN (SELECT f FROM footers);

-- name: notes
-- Rows with a country but no year (from a year column) and no value: notes or titles, listed up to ?.
SELECT sheet, row, any_value(ccol), any_value(coalesce(cname, ccode)) FROM cells_c
WHERE year_raw IS NULL
GROUP BY sheet, row HAVING bool_and(num IS NULL AND txt IS NULL)
ORDER BY sheet, row LIMIT ?;

-- name: cells
-- The cells read: rows with a country, not notes.
CREATE OR REPLACE TEMP VIEW cells AS
SELECT * FROM cells_c WHERE NOT (year_raw IS NULL AND num IS NULL AND txt IS NULL);

-- name: distinct_texts
SELECT DISTINCT txt FROM cells WHERE txt IS NOT NULL;

-- name: distinct_years
SELECT DISTINCT year_raw FROM cells;

-- name: indicator_texts
-- Each indicator text (with the suffix of its value rule), its name, and where it is first written.
SELECT ind_raw, suffix, any_value(ind_name), any_value(sheet), min(row), any_value(coalesce(icol, col))
FROM cells GROUP BY ind_raw, suffix;

-- name: breakdown_keys
-- Each distinct combination of breakdown cells, as one text (dkey: the cells joined by chr(31), chr(30) for none).
SELECT DISTINCT dkey FROM cells;

-- name: joined
-- The cells with what their texts mean, stored once. Numbers that are NaN, infinite or beyond $max are refused.
CREATE TEMP TABLE joined AS
SELECT c.* EXCLUDE (txt, field),
       CASE WHEN isnan(c.num) OR isinf(c.num) OR abs(c.num) > $max THEN CAST(c.num AS VARCHAR) ELSE c.txt END AS txt,
       coalesce(i.ifield, c.field) AS field,
       coalesce(c.num, t.tnum) AS v, t.tflag,
       CASE WHEN isnan(c.num) THEN $nan WHEN isinf(c.num) THEN $inf WHEN abs(c.num) > $max THEN $big
            ELSE t.terr END AS terr,
       t.tnote, y.year, y.ynote, y.yerr, i.code, d.breakdown, d.derr
FROM cells c
LEFT JOIN text_map t ON t.txt = c.txt
LEFT JOIN year_map y ON coalesce(y.year_raw, chr(30)) = coalesce(c.year_raw, chr(30))
LEFT JOIN ind_map i ON i.ind_raw = c.ind_raw AND i.suffix = c.suffix
LEFT JOIN dim_map d ON d.dkey = c.dkey;

-- name: drop_refused!
-- Cells refused (their problems were listed) and cells of a part the recipe does not read.
DELETE FROM joined WHERE code IS NULL OR terr IS NOT NULL OR yerr IS NOT NULL OR derr IS NOT NULL;
