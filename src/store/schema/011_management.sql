-- 011_management.sql: the management system itself (SOSFS 2011:9 3-4 kap.):
-- the process map, controlled documents (styrande dokument) with versions
-- and read acknowledgements, the legal-requirements register (lagkravslista)
-- with compliance assessments, and saved status snapshots for the annual
-- report to the board. Dates are Stockholm dates 'YYYY-MM-DD'; times are
-- INTEGER seconds since the epoch, UTC.

-- A process belongs to the org unit whose subtree it serves (the provider
-- for the region-wide map, or one verksamhet) and nests to any depth:
-- process -> sub-process -> activity. path is the materialised process
-- path ("/12/40/"), as org_unit.path is for units. A sub-process has its
-- parent's kind (core/process.c). Patient groups are core processes:
-- patient_group_id links one to the indicator module's patient group.
-- Owner and lead each have a deputy of their own.
CREATE TABLE process (
    id                   INTEGER PRIMARY KEY,
    provider_id          INTEGER NOT NULL REFERENCES org_unit(id),
    unit_id              INTEGER NOT NULL REFERENCES org_unit(id),
    parent_id            INTEGER REFERENCES process(id),
    path                 TEXT NOT NULL UNIQUE,
    kind                 TEXT NOT NULL CHECK (kind IN ('management', 'core',
                             'support')),
    code                 TEXT NOT NULL,
    name                 TEXT NOT NULL,
    description          TEXT,
    patient_group_id     INTEGER REFERENCES patient_group(id),
    owner_id             INTEGER REFERENCES app_user(id),
    owner_deputy_id      INTEGER REFERENCES app_user(id),
    lead_id              INTEGER REFERENCES app_user(id),
    lead_deputy_id       INTEGER REFERENCES app_user(id),
    quality_requirements TEXT,     -- what the process must achieve
    target_levels        TEXT,     -- målnivåer, in words and numbers
    described            INTEGER NOT NULL DEFAULT 0 CHECK (described IN
                             (0, 1)),  -- inventory: is it described?
    inventory_note       TEXT,     -- what is missing in the description
    sort_order           INTEGER NOT NULL DEFAULT 0,
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    UNIQUE (provider_id, code),
    CHECK (parent_id IS NULL OR parent_id <> id)
) STRICT;
CREATE INDEX process_parent ON process(parent_id, sort_order);
CREATE INDEX process_unit ON process(unit_id, kind);
CREATE INDEX process_owner ON process(owner_id);
CREATE INDEX process_lead ON process(lead_id);

-- The indicators that measure a process.
CREATE TABLE process_indicator (
    process_id   INTEGER NOT NULL REFERENCES process(id),
    indicator_id INTEGER NOT NULL REFERENCES indicator(id),
    PRIMARY KEY (process_id, indicator_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX process_indicator_ind ON process_indicator(indicator_id);

-- Risks and other cases that concern a process (risk observations now; a
-- risk-analysis module later links its own records).
CREATE TABLE process_case (
    process_id INTEGER NOT NULL REFERENCES process(id),
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    PRIMARY KEY (process_id, case_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX process_case_case ON process_case(case_id);

-- A controlled document: the identity that links point to. Its content
-- lives in versions. Scope: the subtree of unit_id. The columns after
-- ack_role are kept by the store in the same transaction as the version
-- change that moves them, so lists and the status page need no join:
-- state is 'draft' until a version is approved, 'approved' while one is,
-- and 'archived' once the approved version is archived without a
-- successor; current_version_id is the version a link shows (approved,
-- else the latest archived, else the draft); review_due is the current
-- approved version's review date.
CREATE TABLE document (
    id                 INTEGER PRIMARY KEY,
    provider_id        INTEGER NOT NULL REFERENCES org_unit(id),
    unit_id            INTEGER NOT NULL REFERENCES org_unit(id),
    code               TEXT NOT NULL,  -- dokument-id, e.g. 'RUT-PSYK-012'
    title              TEXT NOT NULL,
    doc_type           TEXT NOT NULL CHECK (doc_type IN ('policy',
                           'guideline', 'routine', 'instruction',
                           'checklist', 'care_programme', 'form')),
    owner_id           INTEGER NOT NULL REFERENCES app_user(id),
    deputy_id          INTEGER REFERENCES app_user(id),
    approver_id        INTEGER NOT NULL REFERENCES app_user(id),
    review_months      INTEGER CHECK (review_months BETWEEN 1 AND 120),
    ack_required       INTEGER NOT NULL DEFAULT 0 CHECK (ack_required IN
                           (0, 1)),
    ack_unit_id        INTEGER REFERENCES org_unit(id),  -- target group
    ack_role           TEXT,           -- NULL: everyone in the subtree
    state              TEXT NOT NULL DEFAULT 'draft' CHECK (state IN
                           ('draft', 'approved', 'archived')),
    current_version_id INTEGER REFERENCES document_version(id),
    review_due         TEXT,
    reminded_for       TEXT,  -- review_due the owner was reminded of
    escalated_for      TEXT,  -- review_due escalated to the manager
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (provider_id, code)
) STRICT;
CREATE INDEX document_unit ON document(unit_id, state, doc_type);
CREATE INDEX document_review ON document(state, review_due);
CREATE INDEX document_owner ON document(owner_id);

-- Versions: draft -> review -> approved -> archived (core/document.c).
-- At most one approved and one open (draft or review) version at a time.
-- The body is Markdown or an attached file (or both).
CREATE TABLE document_version (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES document(id),
    version_no   INTEGER NOT NULL CHECK (version_no > 0),
    state        TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft',
                     'review', 'approved', 'archived')),
    body_md      TEXT,
    file_name    TEXT,
    file_type    TEXT,
    file_size    INTEGER,
    file_sha256  TEXT,
    file_data    BLOB,
    change_note  TEXT,
    author_id    INTEGER REFERENCES app_user(id),
    submitted_at INTEGER,
    approved_by  INTEGER REFERENCES app_user(id),
    approved_on  TEXT,   -- fastställd
    valid_until  TEXT,   -- giltig t.o.m., when set instead of an interval
    review_date  TEXT,   -- valid_until, or approved_on + review_months
    archived_at  INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (document_id, version_no),
    CHECK (body_md IS NOT NULL OR file_data IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX document_version_approved ON document_version(document_id)
    WHERE state = 'approved';
CREATE UNIQUE INDEX document_version_open ON document_version(document_id)
    WHERE state IN ('draft', 'review');

-- Full-text search over a document's title and the text of its current
-- version; rowid = document.id, kept by the store.
CREATE VIRTUAL TABLE document_fts USING fts5(
    title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE document_process (
    document_id INTEGER NOT NULL REFERENCES document(id),
    process_id  INTEGER NOT NULL REFERENCES process(id),
    PRIMARY KEY (document_id, process_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX document_process_proc ON document_process(process_id);

-- Läskvittens: a user has read an approved version.
CREATE TABLE document_ack (
    version_id  INTEGER NOT NULL REFERENCES document_version(id),
    user_id     INTEGER NOT NULL REFERENCES app_user(id),
    document_id INTEGER NOT NULL REFERENCES document(id),
    acked_at    INTEGER NOT NULL,
    PRIMARY KEY (version_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX document_ack_user ON document_ack(user_id);

-- The legal-requirements register. provider_id NULL: a national provision
-- seeded for everyone; otherwise a provider's own requirement.
CREATE TABLE requirement (
    id             INTEGER PRIMARY KEY,
    provider_id    INTEGER REFERENCES org_unit(id),
    code           TEXT NOT NULL UNIQUE,  -- 'SOSFS 2011:9 3:1'
    statute        TEXT NOT NULL,         -- 'SOSFS 2011:9'
    statute_title  TEXT NOT NULL,
    chapter        TEXT,                  -- '3 kap.'
    section        TEXT,                  -- '1 §'
    summary        TEXT NOT NULL,         -- in our own words
    in_force       TEXT,
    review_months  INTEGER NOT NULL DEFAULT 12 CHECK (review_months BETWEEN
                       1 AND 120),
    sort_key       TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX requirement_sort ON requirement(sort_key);

CREATE TABLE requirement_process (
    requirement_id INTEGER NOT NULL REFERENCES requirement(id),
    process_id     INTEGER NOT NULL REFERENCES process(id),
    PRIMARY KEY (requirement_id, process_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX requirement_process_proc ON requirement_process(process_id);

CREATE TABLE requirement_document (
    requirement_id INTEGER NOT NULL REFERENCES requirement(id),
    document_id    INTEGER NOT NULL REFERENCES document(id),
    PRIMARY KEY (requirement_id, document_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX requirement_document_doc ON requirement_document(document_id);

-- Compliance assessments per unit; the newest per (requirement, unit) is
-- the current one, older ones are the history.
CREATE TABLE requirement_assessment (
    id             INTEGER PRIMARY KEY,
    requirement_id INTEGER NOT NULL REFERENCES requirement(id),
    unit_id        INTEGER NOT NULL REFERENCES org_unit(id),
    status         TEXT NOT NULL CHECK (status IN ('met', 'partly_met',
                       'not_met', 'not_assessed')),
    evidence       TEXT,
    assessed_on    TEXT NOT NULL,
    assessor_id    INTEGER NOT NULL REFERENCES app_user(id),
    next_review    TEXT NOT NULL,
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX requirement_assessment_req ON requirement_assessment(
    requirement_id, unit_id, id);
CREATE INDEX requirement_assessment_unit ON requirement_assessment(unit_id);

-- A saved status report: the figures of the status page for a unit
-- subtree, frozen as JSON on the day it was taken.
CREATE TABLE status_snapshot (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES org_unit(id),
    label      TEXT NOT NULL,
    figures    TEXT NOT NULL,
    taken_by   INTEGER NOT NULL REFERENCES app_user(id),
    taken_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX status_snapshot_unit ON status_snapshot(unit_id, taken_at);
