-- 001_foundation.sql: organisation, users, roles, deputies, sessions, API
-- tokens, log-in throttling and the hash-chained audit log.
-- Portable SQL where possible; STRICT is SQLite's and is removed by the
-- PostgreSQL backend's loader. Times are INTEGER seconds since the epoch, UTC.

CREATE TABLE org_unit (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES org_unit(id),
    provider_id INTEGER REFERENCES org_unit(id),
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('provider', 'administration',
                    'division', 'department', 'unit')),
    hsa_id      TEXT UNIQUE,
    org_nr      TEXT,
    path        TEXT NOT NULL UNIQUE,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK ((parent_id IS NULL) = (kind = 'provider'))
) STRICT;
CREATE INDEX org_unit_parent ON org_unit(parent_id);

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    email         TEXT,
    password_hash TEXT,
    home_unit_id  INTEGER REFERENCES org_unit(id),
    lang          TEXT NOT NULL DEFAULT 'sv' CHECK (lang IN ('sv', 'en')),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX app_user_home ON app_user(home_unit_id);

CREATE TABLE role_assignment (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user(id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'quality', 'manager',
                   'handler', 'staff', 'auditor')),
    unit_id    INTEGER NOT NULL REFERENCES org_unit(id),
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, role, unit_id)
) STRICT;
CREATE INDEX role_assignment_unit ON role_assignment(unit_id);

-- A deputy acts with all of the absent user's roles from valid_from to
-- valid_to, both inclusive, as Stockholm dates 'YYYY-MM-DD'.
CREATE TABLE deputy (
    id             INTEGER PRIMARY KEY,
    absent_user_id INTEGER NOT NULL REFERENCES app_user(id),
    deputy_user_id INTEGER NOT NULL REFERENCES app_user(id),
    valid_from     TEXT NOT NULL,
    valid_to       TEXT NOT NULL,
    note           TEXT,
    created_at     INTEGER NOT NULL,
    CHECK (absent_user_id <> deputy_user_id),
    CHECK (valid_from <= valid_to)
) STRICT;
CREATE INDEX deputy_deputy ON deputy(deputy_user_id, valid_to);
CREATE INDEX deputy_absent ON deputy(absent_user_id, valid_to);

CREATE TABLE session (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user(id),
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    ip         TEXT NOT NULL
) STRICT;
CREATE INDEX session_user ON session(user_id);

CREATE TABLE api_token (
    id         INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES app_user(id),
    created_at INTEGER NOT NULL,
    last_used  INTEGER,
    revoked_at INTEGER
) STRICT;

CREATE TABLE login_failure (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    ip       TEXT NOT NULL,
    at       INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failure_user ON login_failure(username, at);
CREATE INDEX login_failure_ip ON login_failure(ip, at);

-- Append-only: each entry's hash covers its content and the previous hash
-- (core/audit.c), so `ska check` detects any edited or removed entry. The
-- triggers stop accidental changes; the chain detects deliberate ones.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor_id  INTEGER,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    before    TEXT,
    after     TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
