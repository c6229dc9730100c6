-- 013_reminders.sql: reminders and escalation of deadlines, deputies'
-- copies of notifications, and per care provider settings.
--
-- reminder_sent: one row per reminder sent, keyed by what it is about
-- (kind: the clock, "state.new", "lex_maria", "complaint", "action"; stage:
-- "before", "due", "escalate"), the record (entity "case" or "action",
-- entity_id) and the deadline's Stockholm date. A moved deadline has another
-- date and so gets its reminders again; a restart finds the rows and sends
-- nothing twice (web/remind.c, core/reminder.h).
CREATE TABLE reminder_sent (
    kind      TEXT NOT NULL,
    stage     TEXT NOT NULL CHECK (stage IN ('before', 'due', 'escalate')),
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    deadline  TEXT NOT NULL, -- "YYYY-MM-DD", Stockholm date
    sent_at   INTEGER NOT NULL,
    PRIMARY KEY (kind, stage, entity, entity_id, deadline)
) STRICT, WITHOUT ROWID;
CREATE INDEX reminder_sent_entity ON reminder_sent(entity, entity_id);

-- A copy of a notification sent to the deputy of its addressee names the
-- absent user here.
ALTER TABLE notification ADD COLUMN deputy_for INTEGER REFERENCES app_user(id);

-- A care provider's own time limits and reminder days over the defaults of
-- case_time_limit: the same keys ('state.<state>', 'lex_maria',
-- 'complaint') plus 'remind.lead' (days before a deadline, 0 = no early
-- reminder) and 'remind.escalate' (days after it).
CREATE TABLE provider_time_limit (
    provider_id INTEGER NOT NULL REFERENCES org_unit(id),
    key         TEXT NOT NULL,
    days        INTEGER NOT NULL CHECK (days >= 0),
    PRIMARY KEY (provider_id, key)
) STRICT, WITHOUT ROWID;
