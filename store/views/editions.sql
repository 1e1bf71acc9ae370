-- The current edition, as the analyses use it: the editions in use (rule: one edition of each dataset). Read by
-- figures.sql (observation_chosen), so it sorts before it: the views of store/views/ are made in file-name order.
--
-- A dataset's current edition is source.is_current (set at load: the latest edition by the year it names, then by
-- load). Two DuckDB variables, set per cursor by analytics.selection.use(), pick something else:
--   hub_editions  VARCHAR[]  source_ids of editions chosen instead of their dataset's current edition
-- Unset (the command line, the brief, a fresh cursor) it means: the current edition of every dataset.
-- Demo editions are in use only in a store that holds nothing else (demo data never sits beside published data:
-- loading published data removes it, and this is the guard should a store hold both).
CREATE OR REPLACE VIEW edition_in_use AS
WITH picked AS (
    SELECT source_id, dataset FROM source
    WHERE list_contains(coalesce(getvariable('hub_editions'), []::VARCHAR[]), source_id)
)
SELECT s.* FROM source s
WHERE (s.source_id IN (SELECT source_id FROM picked)
       OR (s.is_current AND s.dataset NOT IN (SELECT dataset FROM picked)))
  AND s.is_demo = NOT EXISTS (SELECT 1 FROM source WHERE NOT is_demo);
