-- 009_notifications.sql: the in-app inbox and the e-mail outbox. A
-- notification is one message to one user; when the user has an e-mail
-- address an outbox row carries it to SMTP. Outbox rows are never deleted
-- by the sender: sent_at marks delivery, attempts and last_error a failure.

CREATE TABLE notification (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user(id),
    case_id    INTEGER REFERENCES cases(id),
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
) STRICT;
CREATE INDEX notification_user ON notification(user_id, id);
CREATE INDEX notification_case ON notification(case_id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notification(id),
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_notification ON outbox(notification_id);
