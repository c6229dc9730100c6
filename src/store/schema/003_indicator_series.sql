-- 003_indicator_series.sql: a covering index for store_series: the values
-- of one indicator in period order, with the columns it sums, so a series
-- over a region (300 units x 60 months) is one index range read, grouped
-- without a sort and without table look-ups.
CREATE INDEX indicator_value_series ON indicator_value(indicator_id, period,
    unit_id, numerator, denominator, value);
