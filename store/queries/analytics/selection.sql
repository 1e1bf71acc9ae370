-- analytics/selection.py: the picks a cursor's figure views read (store/views/editions.sql, figures.sql).

-- name: set_breakdown!
SET VARIABLE hub_breakdown = ?;

-- name: set_editions!
SET VARIABLE hub_editions = ?::VARCHAR[];
