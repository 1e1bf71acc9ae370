-- The documented view for analysts (`python -m etl sql`): every observation with its provenance.
CREATE OR REPLACE VIEW v_observations AS
SELECT
    s.name AS source,
    s.edition,
    s.is_current,
    o.indicator_code,
    i.name_en AS indicator_name,
    i.name_ru AS indicator_name_ru,
    i.name_kk AS indicator_name_kk,
    i.unit,
    o.iso3,
    c.name_en AS country_name,
    o.year,
    o.breakdown,
    o.value,
    o.std_error,
    o.lower,
    o.upper,
    o.n_sources,
    o.flags,
    o.batch_id,
    s.is_demo,
    s.publisher,
    s.licence,
    s.source_id
FROM observation o
JOIN source s USING (source_id)
JOIN indicator i ON i.code = o.indicator_code
LEFT JOIN country c ON c.iso3 = o.iso3;
