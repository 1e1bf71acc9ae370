-- Statements of etl/read/book.py: reading a file's rows in an in-memory DuckDB (no store).

-- name: quiet#
-- No progress bar on the terminal (a setting of the connection, not of the database); memory a query freed given
-- back to the system soon (with the sort of the observations in Arrow, 1.15 GB -> 0.9 GB peak in the reading
-- process for the benchmark's 3.6 million cells; either alone saved under 0.1 GB).
SET enable_progress_bar = false;
SET allocator_flush_threshold = '32MB';
SET allocator_background_threads = true;

-- name: csv_body
-- The rows of `raw` (a CSV file read as text: column m<j> for each column j that may hold numbers, c<j> for the
-- others) as Book.body gives them: n<j> the number where the text is one (within $max_magnitude; a number
-- beyond stays text, so tokens.parse_number refuses it as typed), t<j> the text where it is not (empty text is
-- missing), and `row`, the row number in the file ($first_row rows before the first). One placeholder column of
-- each kind (mx and cy, always missing) lets a file with no column of a kind be read too: the caller drops
-- nx, tx and ty.
WITH cells AS (SELECT *, NULL::VARCHAR AS mx, NULL::VARCHAR AS cy FROM raw)
SELECT CASE WHEN regexp_full_match(nullif(COLUMNS('^m(\d+|x)$'), ''), $number)
                 AND abs(TRY_CAST(trim(nullif(COLUMNS('^m(\d+|x)$'), '')) AS DOUBLE)) <= $max_magnitude
            THEN CAST(trim(nullif(COLUMNS('^m(\d+|x)$'), '')) AS DOUBLE) END AS 'n\1',
       CASE WHEN NOT (regexp_full_match(nullif(COLUMNS('^m(\d+|x)$'), ''), $number)
                      AND abs(TRY_CAST(trim(nullif(COLUMNS('^m(\d+|x)$'), '')) AS DOUBLE)) <= $max_magnitude)
            THEN nullif(COLUMNS('^m(\d+|x)$'), '') END AS 't\1',
       nullif(COLUMNS('^c(\d+|y)$'), '') AS 't\1',
       (row_number() OVER () + $first_row)::BIGINT AS row
FROM cells;
