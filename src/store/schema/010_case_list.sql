-- 010_case_list.sql: the case list's count when a state is chosen
-- (store_case.c, STMT_COUNT_STATE: "c.state = ?3"): a seek on state, then
-- every other column the filter reads, so the count never touches the
-- table. Figures in bench/README.md, "Cases".
CREATE INDEX cases_state_filter ON cases(state, type, unit_id, reported_at,
    reporter_id, handler_id, category_id, state_since, serious,
    discovered_at);
