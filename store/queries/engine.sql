-- Statements of the recipe engine (etl/recipes/engine.py) over the cells it reads from a file: raw_cells is a
-- view, the UNION ALL of one SELECT per value column and sheet (built from the recipe) over each sheet's row table
-- (its cells with the fields of each row, country, indicator, breakdowns, worked out once per row); registered tables
-- text_map, year_map, ind_map, dim_map and footers hold what each distinct text means (codes and breakdowns as ENUMs).

-- name: label_types
-- The sheet labels and value column headers the cells carry (labels_found, headers_found, registered), as types of
-- their own (sorted ENUMs, so that they sort as texts do): each cell holds a small number, and the observations
-- carry them as dictionaries, not as millions of texts.
CREATE TYPE sheet_label AS ENUM (SELECT label FROM labels_found ORDER BY label);
CREATE TYPE column_header AS ENUM (SELECT header FROM headers_found ORDER BY header);

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
-- In one pass over the cells, each distinct: value text (set 0), year text (1), breakdown key (2: the breakdown
-- cells joined by chr(31), chr(30) for none), indicator text with the suffix of its value rule, its name and where
-- it is first written (3); then whether a number cell holds NaN, infinity or a magnitude beyond ? (set 0 rows
-- together cover every cell); the last column says which set a row belongs to.
SELECT txt, year_raw, dkey, ind_raw, suffix, any_value(ind_name), any_value(sheet), min(row),
       any_value(coalesce(icol, col)), bool_or(isnan(num) OR isinf(num) OR abs(num) > ?),
       CASE WHEN GROUPING(txt) = 0 THEN 0 WHEN GROUPING(year_raw) = 0 THEN 1 WHEN GROUPING(dkey) = 0 THEN 2 ELSE 3 END
FROM cells
GROUP BY GROUPING SETS ((txt), (year_raw), (dkey), (ind_raw, suffix));

-- name: indicator_codes
-- The indicator codes a file's texts mean (ind_map_found, registered), as a type of their own (an ENUM, sorted): a
-- cell's code is then a small number, and the observations carry it as a dictionary, not as millions of texts.
CREATE TYPE indicator_code AS ENUM (SELECT DISTINCT code FROM ind_map_found WHERE code IS NOT NULL ORDER BY code);

-- name: ind_map
CREATE TEMP TABLE ind_map AS
SELECT ind_raw, suffix, code::indicator_code AS code, ifield FROM ind_map_found;

-- name: breakdown_codes
-- The breakdowns a file's breakdown cells mean (dim_map_found, registered), as a sorted ENUM as indicator codes are.
CREATE TYPE breakdown_code AS ENUM (
    SELECT DISTINCT breakdown FROM dim_map_found WHERE breakdown IS NOT NULL ORDER BY breakdown);

-- name: dim_map
CREATE TEMP TABLE dim_map AS SELECT dkey, breakdown::breakdown_code AS breakdown, derr FROM dim_map_found;

-- name: joined_all
-- The cells with what their texts mean (a view, read by the pivot and by fault queries). Numbers that are NaN,
-- infinite or beyond the limit are refused with limits' words; a field an indicator code gives replaces the
-- column's.
CREATE OR REPLACE TEMP VIEW joined_all AS
SELECT c.cname, c.ccode, c.year_raw, c.num, c.row, c.col, c.sheet, c.ycol, c.dyn, c.flag_raw,
       CASE WHEN isnan(c.num) OR isinf(c.num) OR abs(c.num) > l.max THEN CAST(c.num AS VARCHAR) ELSE c.txt END AS txt,
       coalesce(i.ifield, c.field) AS field,
       coalesce(c.num, t.tnum) AS v, t.tflag,
       CASE WHEN isnan(c.num) THEN l.nan WHEN isinf(c.num) THEN l.inf WHEN abs(c.num) > l.max THEN l.big
            ELSE t.terr END AS terr,
       t.tnote, y.year, y.ynote, y.yerr, i.code, d.breakdown, d.derr
FROM cells c
CROSS JOIN limits l
LEFT JOIN text_map t ON t.txt = c.txt
LEFT JOIN year_map y ON coalesce(y.year_raw, chr(30)) = coalesce(c.year_raw, chr(30))
LEFT JOIN ind_map i ON i.ind_raw = c.ind_raw AND i.suffix = c.suffix
LEFT JOIN dim_map d ON d.dkey = c.dkey;

-- name: joined
-- The cells read: not refused, and of a part the recipe reads (e.g. not a code outside a parts map).
CREATE OR REPLACE TEMP VIEW joined AS
SELECT * FROM joined_all WHERE code IS NOT NULL AND terr IS NULL AND yerr IS NULL AND derr IS NULL;

-- name: keep_joined
-- The cells read, stored (when repeated rows are to be taken out).
CREATE TEMP TABLE joined_kept AS SELECT * FROM joined;

-- name: joined_from_kept
CREATE OR REPLACE TEMP VIEW joined AS SELECT * FROM joined_kept;

-- name: formula_na
SELECT sheet, row, col FROM joined_all WHERE txt = ? ORDER BY sheet, row, col LIMIT ?;

-- name: value_notes
-- Values read with a warning ("'45%' read as 45").
SELECT tnote, sheet, row, col, txt FROM joined_all WHERE tnote IS NOT NULL AND terr IS NULL
ORDER BY sheet, row, col LIMIT ?;

-- name: year_faults
SELECT DISTINCT yerr, sheet, row, ycol, year_raw FROM joined_all WHERE yerr IS NOT NULL ORDER BY sheet, row LIMIT ?;

-- name: year_notes
-- Years read with a warning (a date's year), counted, with the first cell.
SELECT ynote, count(*), arg_min(sheet, row), min(row), arg_min(ycol, row), arg_min(year_raw, row)
FROM joined_all WHERE ynote IS NOT NULL AND yerr IS NULL GROUP BY ynote ORDER BY 1;

-- name: observations
-- The usual table: one value per key, nothing to pivot or merge (so no standard errors or bounds: those columns
-- are not built); with whether each cell is a value, for engine._pivot to check that it is so (and that each key is
-- read once).
SELECT code AS indicator_code, cname AS country_name, ccode AS country_code, year::BIGINT AS year,
       v AS value, sheet, row::BIGINT AS row, col AS "column", breakdown,
       CASE WHEN coalesce(tflag, flag_raw, ynote) IS NOT NULL THEN nullif(concat_ws('; ', tflag, flag_raw, ynote), '')
       END AS flags,
       false AS _dup, field = 'value' AS _value
FROM joined;  -- in no order: engine._in_file_order sorts it on integer keys, holding far less memory than a sort here

-- name: pivot
-- One observation per indicator, country, year and breakdown, its fields (value, std_error, lower, upper,
-- n_sources: FIELD_ORDER in engine.py) side by side; _dup marks keys a field appears on more than once.
SELECT code AS indicator_code,
       coalesce(any_value(cname) FILTER (WHERE field = 'value'), any_value(cname)) AS country_name,
       ccode AS country_code,
       year::BIGINT AS year,
       max(v) FILTER (WHERE field = 'value') AS value,
       max(v) FILTER (WHERE field = 'std_error') AS std_error,
       max(v) FILTER (WHERE field = 'lower') AS lower,
       max(v) FILTER (WHERE field = 'upper') AS upper,
       max(v) FILTER (WHERE field = 'n_sources') AS n_sources,
       coalesce(min(sheet) FILTER (WHERE field = 'value'), min(sheet)) AS sheet,
       coalesce(min(row) FILTER (WHERE field = 'value'), min(row))::BIGINT AS row,
       coalesce(min(col) FILTER (WHERE field = 'value'), min(col)) AS "column",
       breakdown,
       nullif(concat_ws('; ', string_agg(DISTINCT tflag, '; ') FILTER (WHERE field = 'value'),
              string_agg(DISTINCT flag_raw, '; '), string_agg(DISTINCT ynote, '; ')), '') AS flags,
       greatest(count(*) FILTER (WHERE field = 'value'), count(*) FILTER (WHERE field = 'std_error'),
                count(*) FILTER (WHERE field = 'lower'), count(*) FILTER (WHERE field = 'upper'),
                count(*) FILTER (WHERE field = 'n_sources')) > 1 AS _dup
FROM joined
GROUP BY code, ccode, CASE WHEN ccode IS NULL THEN cname END, year, breakdown
ORDER BY min(sheet), min(row), code;

-- name: value_faults
-- Value cells refused (not a number, NaN, infinity...), the first ? with how many there are.
SELECT terr, sheet, row, col, txt, count(*) OVER () FROM joined_all
WHERE terr IS NOT NULL ORDER BY sheet, row, col LIMIT ?;

-- name: breakdown_faults
-- Breakdown cells refused, the first ? with how many there are.
SELECT derr, sheet, row, col, dyn, count(*) OVER () FROM joined_all
WHERE derr IS NOT NULL ORDER BY sheet, row, col LIMIT ?;

-- name: dup_keys
-- Keys (indicator, country, year, breakdown, field) read more than once: how many times, and how many values.
CREATE TEMP TABLE dup_keys AS
SELECT (code, coalesce(ccode, ''), CASE WHEN ccode IS NULL THEN cname ELSE '' END, year, coalesce(breakdown, ''),
        field) AS k,
       count(*) AS n, count(DISTINCT v) + (count(v) < count(*))::INT AS d
FROM joined GROUP BY ALL HAVING count(*) > 1;

-- name: dup_count
SELECT count(*) FROM dup_keys;

-- name: dup_groups
-- Each repeated key with its rows, sheets, values and columns in row order (the first 1000 keys).
SELECT any_value(j.code), any_value(coalesce(j.ccode, j.cname)), any_value(j.year), any_value(j.breakdown),
       any_value(j.field), any_value(k.n), any_value(k.d), list(j.row ORDER BY j.row),
       list(j.sheet ORDER BY j.row), list(coalesce(CAST(j.v AS VARCHAR), 'missing') ORDER BY j.row),
       list(j.col ORDER BY j.row)
FROM joined j
JOIN dup_keys k ON k.k = (j.code, coalesce(j.ccode, ''), CASE WHEN j.ccode IS NULL THEN j.cname ELSE '' END, j.year,
                          coalesce(j.breakdown, ''), j.field)
GROUP BY k.k ORDER BY min(j.row) LIMIT 1000;

-- name: drop_repeats!
-- The same value read again for a key (one series under several headings): kept once, the first row.
DELETE FROM joined_kept WHERE rowid IN (
    SELECT rowid FROM (
        SELECT rowid, row_number() OVER (
            PARTITION BY code, coalesce(ccode, ''), CASE WHEN ccode IS NULL THEN cname ELSE '' END, year,
                         coalesce(breakdown, ''), field
            ORDER BY row) AS k
        FROM joined_kept)
    WHERE k > 1);

-- name: latest_year
SELECT max(year) FROM joined;

-- name: flag_value
-- The latest value a flag column gives (its pattern ?: "column=(...)"), for an edition read from a column.
SELECT max(regexp_extract(flag_raw, ?, 1)) FROM joined;

-- name: flag_texts
SELECT DISTINCT flag_raw FROM joined WHERE flag_raw IS NOT NULL;
