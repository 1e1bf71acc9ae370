-- What the analyses read: the one place that says which observations a view, an average, a rank or a brief
-- may use. analytics/ reads `figure` (or `observation_chosen` to list breakdowns), never `observation`.
--
-- Two DuckDB variables, set per cursor by analytics.selection.use(), pick something other than the default:
--   hub_editions  VARCHAR[]  source_ids of editions chosen instead of their dataset's current edition
--   hub_breakdown VARCHAR    the breakdown to read ('' = the total, the default)
-- Unset (the command line, the brief, a fresh cursor) they mean: the current edition of every dataset, totals.

-- Every breakdown of the editions in use: the current edition of each dataset unless another edition of the
-- same dataset is chosen; demo rows only in a store that holds nothing else (demo data never sits beside
-- published data: loading published data removes it, and this is the guard should a store hold both).
CREATE OR REPLACE VIEW observation_chosen AS
WITH picked AS (
    SELECT source_id, dataset FROM source
    WHERE list_contains(coalesce(getvariable('hub_editions'), []::VARCHAR[]), source_id)
),
shown AS (
    SELECT s.source_id FROM source s
    WHERE (s.source_id IN (SELECT source_id FROM picked)
           OR (s.is_current AND s.dataset NOT IN (SELECT dataset FROM picked)))
      AND s.is_demo = NOT EXISTS (SELECT 1 FROM source WHERE NOT is_demo)
)
SELECT o.* FROM observation o SEMI JOIN shown USING (source_id);

-- The figures: one breakdown (the total unless hub_breakdown names another) of the editions in use.
CREATE OR REPLACE VIEW figure AS
SELECT * FROM observation_chosen WHERE breakdown = coalesce(getvariable('hub_breakdown'), '');

-- Readable names of breakdown dimensions and codes (data/reference/breakdown_labels.csv): a row with an empty
-- code names the dimension itself. Codes without a row are shown as written.
CREATE TABLE IF NOT EXISTS breakdown_label (
    dimension VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL
);
