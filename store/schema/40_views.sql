-- Hub membership edited in the app (issue 11): each save is a load batch (kind 'membership') whose rows say what
-- each country's status was before and after, so the edit is traceable, survives a refresh of the reference data
-- (active edits are applied again on top of data/reference/hub_members.csv) and can be rolled back.
CREATE TABLE IF NOT EXISTS membership_change (
    batch_id INTEGER NOT NULL,
    iso3 VARCHAR NOT NULL,
    was_member BOOLEAN NOT NULL,
    was_certain BOOLEAN,
    was_since INTEGER,
    was_note VARCHAR,
    is_member BOOLEAN NOT NULL,
    is_certain BOOLEAN,
    since INTEGER,
    note VARCHAR
);
