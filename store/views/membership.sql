-- Hub and group membership with its status, the one place that says who a hub or group average is over.
--
-- hub_membership: every country with its hub status. `status` is
--   'confirmed'    a hub participant whose participation is confirmed (counted by the default hub average)
--   'unconfirmed'  listed as a participant, participation not confirmed (counted only when the user asks)
--   'left'         not a participant now, but an active membership edit took it out of the hub
--   'not_member'   never listed as a participant
-- The status lives in `country` (data/reference/hub_members.csv, then the editors' edits, etl/write/membership.py);
-- `left_batch` is the latest active edit (membership_change) that took the country out.
CREATE OR REPLACE VIEW hub_membership AS
WITH departures AS (
    SELECT m.iso3, max(m.batch_id) AS left_batch
    FROM membership_change m JOIN load_batch b USING (batch_id)
    WHERE b.status = 'active' AND m.was_member AND NOT m.is_member
    GROUP BY m.iso3
)
SELECT c.iso3, c.name_en, c.name_ru, c.name_kk, c.region, c.is_hub_member,
       coalesce(c.membership_certain, FALSE) AS membership_certain, c.member_since, c.membership_note,
       CASE WHEN c.is_hub_member AND coalesce(c.membership_certain, FALSE) THEN 'confirmed'
            WHEN c.is_hub_member THEN 'unconfirmed'
            WHEN d.iso3 IS NOT NULL THEN 'left'
            ELSE 'not_member' END AS status,
       CASE WHEN NOT c.is_hub_member THEN d.left_batch END AS left_batch
FROM country c LEFT JOIN departures d USING (iso3);

-- group_membership: one row per group and member (the hub groups HUB and HUB_CONFIRMED, regions, blocs), with the
-- group's kind and the member's hub status. The hub groups are kept in step with the statuses above by the writer
-- (etl/write/membership.py), so HUB lists the participants and HUB_CONFIRMED the confirmed ones.
CREATE OR REPLACE VIEW group_membership AS
SELECT m.group_code, g.kind, g.name_en AS group_en, g.name_ru AS group_ru, g.name_kk AS group_kk, m.iso3,
       h.status AS hub_status
FROM country_group_member m JOIN country_group g USING (group_code) LEFT JOIN hub_membership h USING (iso3);
