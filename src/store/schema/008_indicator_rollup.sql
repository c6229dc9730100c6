-- 008_indicator_rollup.sql: per indicator, per unit and per period, the
-- sums over the unit's subtree (the unit and every unit below it), so that
-- store_series reads a series by key instead of aggregating every value
-- row of the subtree (a region: 300 units x 60 months per indicator).
-- A row exists for a unit when its subtree has a value row for that
-- indicator and period; n counts those rows, numerator_n / denominator_n /
-- value_n the non-NULL ones, and numerator / denominator / value_sum are
-- their sums (0 when none). Both rules of store_series follow: the ratio
-- sum(numerator) / sum(denominator) x multiply, or the mean
-- value_sum / value_n.
-- store_value_upsert keeps it up to date in the same transaction (it adds
-- the difference old -> new to the unit and each ancestor);
-- store_indicator_rollup_rebuild recomputes it with the INSERT below.
-- Units never move (a path is set once), so the ancestors never change.
-- The key serves both readers: one unit's series of one indicator, and
-- all series of one unit (the dashboard) in indicator, period order.
CREATE TABLE indicator_rollup (
    unit_id       INTEGER NOT NULL REFERENCES org_unit(id),
    indicator_id  INTEGER NOT NULL REFERENCES indicator(id),
    period        TEXT NOT NULL,
    n             INTEGER NOT NULL,
    numerator_n   INTEGER NOT NULL,
    numerator     REAL NOT NULL,
    denominator_n INTEGER NOT NULL,
    denominator   REAL NOT NULL,
    value_n       INTEGER NOT NULL,
    value_sum     REAL NOT NULL,
    PRIMARY KEY (unit_id, indicator_id, period)
) STRICT, WITHOUT ROWID;

-- the values already stored (the same statement as
-- store_indicator_rollup_rebuild): each value row climbs from its unit to
-- the root by parent_id, adding itself to every unit on the way
WITH RECURSIVE x(aid, ind, period, numerator, denominator, value) AS (
    SELECT unit_id, indicator_id, period, numerator, denominator, value
    FROM indicator_value
    UNION ALL
    SELECT o.parent_id, x.ind, x.period, x.numerator, x.denominator, x.value
    FROM x JOIN org_unit o ON o.id = x.aid WHERE o.parent_id IS NOT NULL)
INSERT INTO indicator_rollup
SELECT aid, ind, period, count(*), count(numerator),
       coalesce(sum(numerator), 0), count(denominator),
       coalesce(sum(denominator), 0), count(value), coalesce(sum(value), 0)
FROM x GROUP BY aid, ind, period;
