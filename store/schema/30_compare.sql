-- Compare pages: targets a country has set for an indicator (drawn on its series in the country profile).
CREATE TABLE IF NOT EXISTS target (
    iso3 VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    year SMALLINT NOT NULL,
    value DOUBLE NOT NULL,
    note VARCHAR,
    batch_id INTEGER
);
