-- 004_cases.sql: deviation management: the category taxonomy, cases
-- (deviations, risk observations, improvement proposals, complaints), their
-- timeline, investigation items, and protected patient identities with an
-- access log. Full-text search over the case texts (FTS5, case- and
-- diacritic-insensitive so "oversvamning" finds "översvämning").

CREATE TABLE case_category (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES org_unit(id),
    parent_id   INTEGER REFERENCES case_category(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    UNIQUE (provider_id, code)
) STRICT;

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    provider_id      INTEGER NOT NULL REFERENCES org_unit(id),
    number           TEXT NOT NULL UNIQUE,
    type             TEXT NOT NULL CHECK (type IN ('deviation', 'risk',
                         'improvement', 'complaint')),
    state            TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new',
                         'assessed', 'investigating', 'actions', 'closed',
                         'transferred', 'rejected')),
    unit_id          INTEGER NOT NULL REFERENCES org_unit(id),
    reporter_id      INTEGER REFERENCES app_user(id),
    reporter_unit_id INTEGER REFERENCES org_unit(id),
    confidential     INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
    handler_id       INTEGER REFERENCES app_user(id),
    category_id      INTEGER REFERENCES case_category(id),
    what             TEXT NOT NULL,
    immediate_action TEXT,
    suggestion       TEXT,
    occurred_at      INTEGER,
    discovered_at    INTEGER,
    reported_at      INTEGER NOT NULL,
    patient_affected INTEGER NOT NULL DEFAULT 0
                         CHECK (patient_affected IN (0, 1)),
    consequence      INTEGER CHECK (consequence BETWEEN 1 AND 4),
    probability      INTEGER CHECK (probability BETWEEN 1 AND 4),
    system_fault     INTEGER CHECK (system_fault IN (0, 1)),
    care_injury      TEXT CHECK (care_injury IN ('none', 'could', 'caused')),
    serious          INTEGER NOT NULL DEFAULT 0 CHECK (serious IN (0, 1)),
    feedback         TEXT,
    feedback_at      INTEGER,
    reason           TEXT,
    state_since      INTEGER NOT NULL,
    closed_at        INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX cases_unit_state ON cases(unit_id, state);
CREATE INDEX cases_reporter ON cases(reporter_id, reported_at);
CREATE INDEX cases_handler ON cases(handler_id, state);
CREATE INDEX cases_provider_reported ON cases(provider_id, reported_at);
CREATE INDEX cases_category ON cases(category_id);

-- Kept apart from the case row so that no list query can select it; only
-- the case page reads it, and every read is written to patient_access_log.
CREATE TABLE case_patient (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    pnr     TEXT NOT NULL,
    coordination INTEGER NOT NULL DEFAULT 0 CHECK (coordination IN (0, 1))
) STRICT;

CREATE TABLE patient_access_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES app_user(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    purpose TEXT NOT NULL
) STRICT;
CREATE INDEX patient_access_case ON patient_access_log(case_id, at);

CREATE TABLE case_investigation (
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    item       TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_by INTEGER REFERENCES app_user(id),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, item)
) STRICT, WITHOUT ROWID;

-- The timeline: every step of a case, in order.
CREATE TABLE case_event (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    at         INTEGER NOT NULL,
    user_id    INTEGER REFERENCES app_user(id),
    kind       TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT,
    text       TEXT
) STRICT;
CREATE INDEX case_event_case ON case_event(case_id, id);

CREATE VIRTUAL TABLE case_fts USING fts5(
    what, immediate_action, suggestion,
    content = 'cases', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_fts (rowid, what, immediate_action, suggestion)
    VALUES (new.id, new.what, new.immediate_action, new.suggestion);
END;
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
    INSERT INTO case_fts (case_fts, rowid, what, immediate_action,
                          suggestion)
    VALUES ('delete', old.id, old.what, old.immediate_action,
            old.suggestion);
END;
CREATE TRIGGER cases_fts_update AFTER UPDATE OF what, immediate_action,
    suggestion ON cases BEGIN
    INSERT INTO case_fts (case_fts, rowid, what, immediate_action,
                          suggestion)
    VALUES ('delete', old.id, old.what, old.immediate_action,
            old.suggestion);
    INSERT INTO case_fts (rowid, what, immediate_action, suggestion)
    VALUES (new.id, new.what, new.immediate_action, new.suggestion);
END;
