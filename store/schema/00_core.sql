-- Hub Reform Monitor store schema: the one place the tables and views are defined.
-- Reference tables are rebuilt from data/reference/ by `etl init`; everything else arrives in load batches.

CREATE TABLE IF NOT EXISTS store_info (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS country (
    iso3 VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    name_kk VARCHAR,
    region VARCHAR,
    is_hub_member BOOLEAN NOT NULL,
    member_since INTEGER,
    membership_certain BOOLEAN,
    membership_note VARCHAR
);

CREATE TABLE IF NOT EXISTS country_group (
    group_code VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,           -- hub | region | bloc
    name_kk VARCHAR
);

CREATE TABLE IF NOT EXISTS country_group_member (
    group_code VARCHAR NOT NULL,
    iso3 VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS theme (
    code VARCHAR PRIMARY KEY,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    name_kk VARCHAR
);

-- One row a load; every observation points at the batch that brought it.
CREATE TABLE IF NOT EXISTS load_batch (
    batch_id INTEGER PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,           -- the file format: wgi, egdi, cpi, databank, demo, ...
    source_id VARCHAR,
    rows_added INTEGER NOT NULL,
    rows_replaced INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    user_name VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,         -- active | rolled_back
    rolled_back_at TIMESTAMP,
    rolled_back_by VARCHAR,
    report VARCHAR                   -- the load report (warnings, skipped names) as JSON
);

-- A dataset in one edition. Several editions of a dataset coexist; one of them is current.
CREATE TABLE IF NOT EXISTS source (
    source_id VARCHAR PRIMARY KEY,   -- "<dataset>:<edition>"
    dataset VARCHAR NOT NULL,
    edition VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    licence VARCHAR NOT NULL,
    citation VARCHAR NOT NULL,
    url VARCHAR,
    is_demo BOOLEAN NOT NULL,
    is_current BOOLEAN NOT NULL,
    batch_id INTEGER NOT NULL        -- the batch that first brought this edition
);

CREATE TABLE IF NOT EXISTS indicator (
    code VARCHAR PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    name_ru VARCHAR NOT NULL,
    definition_en VARCHAR NOT NULL,
    definition_ru VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    scale_min DOUBLE,
    scale_max DOUBLE,
    higher_is_better BOOLEAN NOT NULL,
    theme VARCHAR NOT NULL,
    decimals INTEGER NOT NULL,
    batch_id INTEGER,                -- NULL for catalogue entries; the batch for indicators a file declared
    name_kk VARCHAR,                 -- NULL where a file declared the indicator without a Kazakh name
    definition_kk VARCHAR,
    unit_en VARCHAR,                 -- the unit as readers see it (`unit` is the catalogue's code-like English)
    unit_ru VARCHAR,
    unit_kk VARCHAR
);

-- Stores made before the Kazakh columns existed get them here (the writer applies this file on every open).
ALTER TABLE country_group ADD COLUMN IF NOT EXISTS name_kk VARCHAR;
ALTER TABLE theme ADD COLUMN IF NOT EXISTS name_kk VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS name_kk VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS definition_kk VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS unit_en VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS unit_ru VARCHAR;
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS unit_kk VARCHAR;

-- Key: (source_id, indicator_code, iso3, year, breakdown). A NULL value is a value the source published as missing.
-- breakdown: '' for the total (national, all respondents); else `dimension=code` pairs joined by ';' in sorted
-- dimension order ("sex=F", "level=central;sex=F"). Analyses read the views of 10_figures.sql, which hold the
-- total unless a breakdown is asked for, so no average or rank mixes a group with a national figure.
-- (breakdown is the last column so that stores made before it get the same layout from the ALTER below.)
CREATE TABLE IF NOT EXISTS observation (
    source_id VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    iso3 VARCHAR NOT NULL,
    year SMALLINT NOT NULL,
    value DOUBLE,
    std_error DOUBLE,
    lower DOUBLE,
    upper DOUBLE,
    n_sources DOUBLE,
    flags VARCHAR,
    batch_id INTEGER NOT NULL,
    breakdown VARCHAR NOT NULL DEFAULT ''
);
ALTER TABLE observation ADD COLUMN IF NOT EXISTS breakdown VARCHAR DEFAULT '';

-- Rows a later batch replaced, kept so that rolling that batch back restores them.
CREATE TABLE IF NOT EXISTS observation_replaced (
    source_id VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    iso3 VARCHAR NOT NULL,
    year SMALLINT NOT NULL,
    value DOUBLE,
    std_error DOUBLE,
    lower DOUBLE,
    upper DOUBLE,
    n_sources DOUBLE,
    flags VARCHAR,
    batch_id INTEGER NOT NULL,
    replaced_by INTEGER NOT NULL,
    breakdown VARCHAR NOT NULL DEFAULT ''
);

-- Stores made before breakdowns were stored: every row they hold is a total.
ALTER TABLE observation ADD COLUMN IF NOT EXISTS breakdown VARCHAR DEFAULT '';
ALTER TABLE observation_replaced ADD COLUMN IF NOT EXISTS breakdown VARCHAR DEFAULT '';

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
