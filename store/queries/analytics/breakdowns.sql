-- analytics/breakdowns.py: breakdowns present in the editions in use, and their labels.

-- name: present
SELECT breakdown, count(DISTINCT indicator_code) AS indicators, count(DISTINCT iso3) AS countries,
       count(value) AS values
FROM observation_chosen
WHERE ($code IS NULL OR indicator_code = $code) AND ($iso3 IS NULL OR iso3 = $iso3)
GROUP BY breakdown ORDER BY breakdown <> '', breakdown;

-- name: label_table
SELECT dimension, code, name_en, name_ru FROM breakdown_label;
