-- 007_case_lexmaria.sql: the clocks of a case: the Lex Maria decision
-- (PSL 3 kap. 5 §, HSLF-FS 2017:41), the answer to a complaint, and the
-- configurable time limits (days) per state and per clock. core/case.c
-- holds the same defaults (case_limits_default) and the same rules.

-- One decision per case: report to IVO or not, with reasoning. The
-- deciding user is the one who recorded it (PERM_QUALITY at the unit).
CREATE TABLE case_lex_maria (
    case_id    INTEGER PRIMARY KEY REFERENCES cases(id),
    report     INTEGER NOT NULL CHECK (report IN (0, 1)),
    reasoning  TEXT NOT NULL CHECK (length(reasoning) > 0),
    decided_by INTEGER NOT NULL REFERENCES app_user(id),
    decided_at INTEGER NOT NULL,
    sent_at    INTEGER,
    ivo_ref    TEXT,
    updated_at INTEGER NOT NULL
) STRICT;

-- A complaint's clock: answer_due NULL = reported_at + the 'complaint'
-- limit.
CREATE TABLE case_complaint (
    case_id          INTEGER PRIMARY KEY REFERENCES cases(id),
    answer_due       INTEGER,
    answered_at      INTEGER,
    via_patientnamnd INTEGER NOT NULL DEFAULT 0
                         CHECK (via_patientnamnd IN (0, 1)),
    updated_by       INTEGER REFERENCES app_user(id),
    updated_at       INTEGER NOT NULL
) STRICT;

-- Time limits in days: 'state.<state>' from state_since; 'lex_maria' from
-- the discovery (else the report); 'complaint' from the report.
CREATE TABLE case_time_limit (
    key  TEXT PRIMARY KEY,
    days INTEGER NOT NULL CHECK (days > 0)
) STRICT, WITHOUT ROWID;
INSERT INTO case_time_limit (key, days) VALUES
    ('state.new', 7), ('state.assessed', 14), ('state.investigating', 60),
    ('state.actions', 90), ('state.transferred', 7), ('lex_maria', 60),
    ('complaint', 28);
