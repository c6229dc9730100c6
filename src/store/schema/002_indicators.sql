-- 002_indicators.sql: quality indicators, their values per unit and period,
-- national averages, governed baselines (freeze / new phase) and chart
-- annotations; the board's focus areas and patient groups they belong to.
-- Periods are text: 'YYYY-MM' (month), 'YYYY-Qn' (quarter), 'YYYY' (year),
-- 'YYYY-Www' (ISO week); they sort in time order within one periodicity.

CREATE TABLE focus_area (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES org_unit(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    UNIQUE (provider_id, code)
) STRICT;

CREATE TABLE patient_group (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES org_unit(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    UNIQUE (provider_id, code)
) STRICT;

CREATE TABLE indicator (
    id              INTEGER PRIMARY KEY,
    provider_id     INTEGER NOT NULL REFERENCES org_unit(id),
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    description     TEXT,
    numerator_def   TEXT,
    denominator_def TEXT,
    unit            TEXT NOT NULL DEFAULT '',
    direction       TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    dimension       TEXT NOT NULL CHECK (dimension IN ('evidence_based',
                        'safe', 'person_centred', 'equitable', 'efficient',
                        'accessible')),
    source          TEXT,
    periodicity     TEXT NOT NULL DEFAULT 'month' CHECK (periodicity IN
                        ('week', 'month', 'quarter', 'year')),
    target_moderate REAL,
    target_high     REAL,
    chart           TEXT NOT NULL DEFAULT 'run',
    multiply        REAL NOT NULL DEFAULT 1 CHECK (multiply > 0),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX indicator_provider ON indicator(provider_id);

CREATE TABLE indicator_focus (
    indicator_id  INTEGER NOT NULL REFERENCES indicator(id),
    focus_area_id INTEGER NOT NULL REFERENCES focus_area(id),
    PRIMARY KEY (indicator_id, focus_area_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX indicator_focus_area ON indicator_focus(focus_area_id);

CREATE TABLE indicator_group (
    indicator_id     INTEGER NOT NULL REFERENCES indicator(id),
    patient_group_id INTEGER NOT NULL REFERENCES patient_group(id),
    PRIMARY KEY (indicator_id, patient_group_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX indicator_group_group ON indicator_group(patient_group_id);

-- One value per indicator, unit and period. For ratio indicators numerator
-- and denominator are given (value = numerator / denominator x multiply is
-- derived when value is NULL); other indicators give value alone.
CREATE TABLE indicator_value (
    indicator_id INTEGER NOT NULL REFERENCES indicator(id),
    unit_id      INTEGER NOT NULL REFERENCES org_unit(id),
    period       TEXT NOT NULL,
    numerator    REAL,
    denominator  REAL,
    value        REAL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, unit_id, period)
) STRICT, WITHOUT ROWID;
CREATE INDEX indicator_value_unit ON indicator_value(unit_id, indicator_id);

CREATE TABLE indicator_national (
    indicator_id INTEGER NOT NULL REFERENCES indicator(id),
    period       TEXT NOT NULL,
    value        REAL NOT NULL,
    PRIMARY KEY (indicator_id, period)
) STRICT, WITHOUT ROWID;

-- Governed baselines: 'freeze' fixes the centre line and limits on the
-- periods up to and including period; 'phase' starts a new phase at
-- period. Who, when, why and what justified it; withdrawn, never deleted.
CREATE TABLE indicator_phase (
    id            INTEGER PRIMARY KEY,
    indicator_id  INTEGER NOT NULL REFERENCES indicator(id),
    unit_id       INTEGER NOT NULL REFERENCES org_unit(id),
    kind          TEXT NOT NULL CHECK (kind IN ('freeze', 'phase')),
    period        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    justification TEXT,
    created_by    INTEGER REFERENCES app_user(id),
    created_at    INTEGER NOT NULL,
    withdrawn_by  INTEGER REFERENCES app_user(id),
    withdrawn_at  INTEGER
) STRICT;
CREATE INDEX indicator_phase_series ON indicator_phase(indicator_id, unit_id);

CREATE TABLE indicator_annotation (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicator(id),
    unit_id      INTEGER NOT NULL REFERENCES org_unit(id),
    period       TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('intervention', 'pdsa',
                     'action', 'note')),
    text         TEXT NOT NULL,
    created_by   INTEGER REFERENCES app_user(id),
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX indicator_annotation_series
    ON indicator_annotation(indicator_id, unit_id);
