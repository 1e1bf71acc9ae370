-- Statements of etl/write/membership.py: hub membership edited in the app, each save one batch, reversible.

-- name: current
SELECT iso3, is_hub_member, membership_certain, member_since, membership_note FROM country;

-- name: record_batch!
-- Parameters: batch id, file name, sha256, kind, countries added, countries changed otherwise, user, report (JSON).
INSERT INTO load_batch VALUES (?, ?, ?, ?, NULL, ?, ?, 0, ?, current_localtimestamp(), 'active', NULL, NULL, ?);

-- name: record_change!
-- Parameters: batch id, iso3, the status before (member, certain, since, note), the status after (the same).
INSERT INTO membership_change VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: set_status!
-- Parameters: member, certain, since, note, iso3.
UPDATE country SET is_hub_member = ?, membership_certain = ?, member_since = ?, membership_note = ? WHERE iso3 = ?;

-- name: clear_hub_groups!
-- Parameters: the hub group and the confirmed hub group.
DELETE FROM country_group_member WHERE group_code IN (?, ?);

-- name: fill_hub_group!
-- Parameter: the hub group.
INSERT INTO country_group_member SELECT ?, iso3 FROM country WHERE is_hub_member;

-- name: fill_confirmed_hub_group!
-- Parameter: the confirmed hub group.
INSERT INTO country_group_member SELECT ?, iso3 FROM country WHERE is_hub_member AND coalesce(membership_certain, FALSE);

-- name: active_edits
-- Every active edit, oldest first.
SELECT m.iso3, m.is_member, m.is_certain, m.since, m.note FROM membership_change m
JOIN load_batch b USING (batch_id) WHERE b.status = 'active' ORDER BY m.batch_id;

-- name: statuses_before
-- The statuses a batch changed, as they were before it.
SELECT iso3, was_member, was_certain, was_since, was_note FROM membership_change WHERE batch_id = ?;

-- name: later_edits
-- Active batches after this one (parameters: the batch, twice) that changed the same countries.
SELECT DISTINCT m.batch_id FROM membership_change m JOIN load_batch b USING (batch_id)
WHERE m.batch_id > ? AND b.status = 'active' AND m.iso3 IN (SELECT iso3 FROM membership_change WHERE batch_id = ?)
ORDER BY 1;

-- name: history
-- Every membership edit: batch, who, when, status, country, before and after, the reason given.
SELECT b.batch_id, b.user_name, b.loaded_at, b.status, m.iso3, c.name_en, c.name_ru, m.was_member,
       m.was_certain, m.was_since, m.is_member, m.is_certain, m.since, m.note,
       json_extract_string(b.report, '$.reason') AS reason
FROM membership_change m JOIN load_batch b USING (batch_id) LEFT JOIN country c USING (iso3)
ORDER BY b.batch_id DESC, m.iso3;
