-- 012_attachments.sql: files attached to cases (photos, PDFs, documents),
-- kept in the database itself so that `ska backup` includes them. Each row
-- holds the bytes, their SHA-256 (verified on every download and by
-- `ska check`), the sanitised file name and the type found by sniffing the
-- content (core/attach.c), never the client's claim. Attachments are
-- evidence: the triggers forbid changing or deleting one.

CREATE TABLE case_attachment (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    name        TEXT NOT NULL,
    type        TEXT NOT NULL CHECK (type IN ('pdf', 'png', 'jpeg', 'heic',
                    'text', 'docx', 'xlsx')),
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      BLOB NOT NULL CHECK (length(sha256) = 32),
    uploaded_by INTEGER REFERENCES app_user(id),
    uploaded_at INTEGER NOT NULL,
    data        BLOB NOT NULL -- last, so listing never reads it
) STRICT;
CREATE INDEX case_attachment_case ON case_attachment(case_id, id);

CREATE TRIGGER case_attachment_no_update BEFORE UPDATE ON case_attachment
BEGIN
    SELECT RAISE(ABORT, 'case attachments cannot be changed');
END;
CREATE TRIGGER case_attachment_no_delete BEFORE DELETE ON case_attachment
BEGIN
    SELECT RAISE(ABORT, 'case attachments cannot be deleted');
END;
