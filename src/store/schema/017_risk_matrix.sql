-- 017_risk_matrix.sql: a care provider's own risk matrix, and the
-- assessment of each case as judged when it was made.
--
-- risk_matrix: one row per care provider that has configured its matrix
-- (no row = the defaults of core/risk.c, domain.md §3). levels is 4 only:
-- cases.consequence and cases.probability are CHECKed to 1..4 (004).
-- Scores up to low_max are low, up to medium_max medium, above high; a
-- händelseanalys is suggested at a score of analysis_score or more or a
-- consequence of analysis_consequence or more.
CREATE TABLE risk_matrix (
    provider_id          INTEGER PRIMARY KEY REFERENCES org_unit(id),
    levels               INTEGER NOT NULL DEFAULT 4 CHECK (levels = 4),
    low_max              INTEGER NOT NULL,
    medium_max           INTEGER NOT NULL,
    analysis_score       INTEGER NOT NULL,
    analysis_consequence INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    CHECK (low_max >= 1 AND medium_max > low_max
           AND medium_max < levels * levels),
    CHECK (analysis_score BETWEEN 1 AND levels * levels),
    CHECK (analysis_consequence BETWEEN 1 AND levels)
) STRICT;

-- The provider's own label of a level of an axis; no row = the default
-- label of the message catalogue ("case.consequence.N").
CREATE TABLE risk_matrix_label (
    provider_id INTEGER NOT NULL REFERENCES risk_matrix(provider_id),
    axis        TEXT NOT NULL CHECK (axis IN ('consequence', 'probability')),
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    label       TEXT NOT NULL,
    PRIMARY KEY (provider_id, axis, level)
) STRICT, WITHOUT ROWID;

-- The score and band of a case's assessment under the matrix in force when
-- it was assessed, so that a later change of the thresholds does not
-- silently move recorded cases to another band (store_case_update sets
-- them; the case page says when today's matrix would judge otherwise).
ALTER TABLE cases ADD COLUMN risk_score INTEGER
    CHECK (risk_score BETWEEN 1 AND 16);
ALTER TABLE cases ADD COLUMN risk_band TEXT
    CHECK (risk_band IN ('low', 'medium', 'high'));

-- Every assessment so far was made under the default matrix.
UPDATE cases SET risk_score = consequence * probability,
    risk_band = CASE WHEN consequence * probability <= 3 THEN 'low'
                     WHEN consequence * probability <= 6 THEN 'medium'
                     ELSE 'high' END
    WHERE consequence IS NOT NULL AND probability IS NOT NULL;
