-- 006_actions.sql: the action register (åtgärder), shared by every module
-- that decides on actions: cases now, later risks, self-inspections and
-- reviews. An action belongs to one source record (source, source_id) and
-- to the unit responsible for it; it is open until it has been evaluated
-- or cancelled (core/action.h).

CREATE TABLE action (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL CHECK (source IN ('case', 'risk',
                       'inspection', 'review')),
    source_id      INTEGER NOT NULL,
    unit_id        INTEGER NOT NULL REFERENCES org_unit(id),
    what           TEXT NOT NULL,
    responsible_id INTEGER NOT NULL REFERENCES app_user(id),
    follow_up_id   INTEGER REFERENCES app_user(id),
    due_date       TEXT NOT NULL,  -- "YYYY-MM-DD", Stockholm date
    state          TEXT NOT NULL DEFAULT 'planned' CHECK (state IN
                       ('planned', 'in_progress', 'done', 'evaluated',
                        'cancelled')),
    evaluation     TEXT,           -- the effect, required to evaluate
    reason         TEXT,           -- why it was cancelled
    created_by     INTEGER REFERENCES app_user(id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    done_at        INTEGER,
    evaluated_at   INTEGER
) STRICT;
CREATE INDEX action_source ON action(source, source_id);
CREATE INDEX action_responsible ON action(responsible_id, state);
CREATE INDEX action_follow_up ON action(follow_up_id, state);
CREATE INDEX action_unit_state ON action(unit_id, state, due_date);
