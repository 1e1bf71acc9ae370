-- Statements of etl/validate/known.py: indicators the store knows beyond the catalogue.

-- name: declared_indicators
-- Indicators that earlier uploads declared, the columns of IndicatorMeta up to decimals.
SELECT code, dataset, name_en, name_ru, definition_en, definition_ru, unit, scale_min, scale_max, higher_is_better,
       theme, decimals
FROM indicator WHERE batch_id IS NOT NULL;
