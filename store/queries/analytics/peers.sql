-- analytics/peers.py: the hub status an average is over (store/views/membership.sql).

-- name: membership
SELECT iso3, name_en, name_ru, region, is_hub_member, membership_certain, member_since, membership_note, status
FROM hub_membership ORDER BY name_en;
