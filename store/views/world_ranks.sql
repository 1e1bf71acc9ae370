-- World ranks: indicators whose unit is a rank of the whole world (CPI and EGDI ranks, WGI percentile ranks).
-- Ranked again among peers they say nothing new, and a hub average of them says little, so averages, headlines,
-- ranks, the profile's strip and the brief leave them out. The rule, written once: a unit that starts with
-- "rank" or "percentile rank" (any case). Analytics read `is_world_rank` from here (compare.indicators and
-- compare.profile carry it as a column for the pages).
CREATE OR REPLACE VIEW indicator_world_rank AS
SELECT code AS indicator_code,
       coalesce(starts_with(lower(unit), 'rank') OR starts_with(lower(unit), 'percentile rank'), FALSE)
           AS is_world_rank
FROM indicator;
