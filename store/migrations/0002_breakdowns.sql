-- Migration 0002: breakdowns are stored (INTERFACES.md 1). The key of an observation becomes
-- (source_id, indicator_code, iso3, year, breakdown): '' for the total (national, all respondents); else
-- `dimension=code` pairs joined by ';' in sorted dimension order ("sex=F", "level=central;sex=F").
-- Every row of an older store is a total, so the new column is '' for all of them. It is the last column, in a new
-- store as in a migrated one.
ALTER TABLE observation ADD COLUMN IF NOT EXISTS breakdown VARCHAR DEFAULT '';
ALTER TABLE observation ALTER COLUMN breakdown SET NOT NULL;
ALTER TABLE observation_replaced ADD COLUMN IF NOT EXISTS breakdown VARCHAR DEFAULT '';
ALTER TABLE observation_replaced ALTER COLUMN breakdown SET NOT NULL;

-- Readable names of breakdown dimensions and codes (data/reference/breakdown_labels.csv): a row with an empty
-- code names the dimension itself. Codes without a row are shown as written.
CREATE TABLE IF NOT EXISTS breakdown_label (
    dimension VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL
);
