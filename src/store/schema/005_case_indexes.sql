-- 005_case_indexes.sql: indexes for case lists over a million cases
-- (bench/cases.sh; figures in bench/README.md, "Cases").
--
-- The list's filters are written "(?N IS NULL OR col = ?N)", so SQLite
-- cannot seek on them; what it can do is (a) walk the newest-first order
-- in an index and stop after one page instead of sorting every case in
-- scope (before: "USE TEMP B-TREE FOR ORDER BY" over all rows, with every
-- column and join read before the sort), and (b) count from a narrow
-- covering index per unit of the scope instead of reading the wide rows
-- with their texts.

-- (a) ORDER BY c.reported_at DESC, c.id DESC LIMIT n
CREATE INDEX cases_reported ON cases(reported_at);

-- (b) every column the list's WHERE reads (CASE_WHERE and CASE_OVERDUE in
-- store_case.c), so the count never touches the table
CREATE INDEX cases_filter ON cases(unit_id, state, type, reported_at,
    reporter_id, handler_id, category_id, state_since, serious,
    discovered_at);
