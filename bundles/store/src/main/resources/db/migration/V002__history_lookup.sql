-- Schema version 2: the distinct diagnoses and models in the record, so that the history's "diagnosis
-- contains this text" and "any version of this model" filters become indexed IN lists instead of scans
-- of every consultation (which grew past 100 ms at 100,000 consultations on a busy machine).
-- Values are names (a condition as the model named it, a model's name@version), never patient data.

CREATE TABLE IF NOT EXISTS lookup_values (
    kind              VARCHAR(16)    NOT NULL CHECK (kind IN ('DIAGNOSIS', 'MODEL')),
    lookup_value      VARCHAR(200)   NOT NULL,
    code              VARCHAR(200)   NOT NULL,
    PRIMARY KEY (kind, lookup_value)
);

CREATE INDEX IF NOT EXISTS consultations_diagnosis ON consultations (diagnosis, started_at DESC);

INSERT INTO lookup_values (kind, lookup_value, code)
    SELECT 'DIAGNOSIS', c.diagnosis, MIN(COALESCE(c.condition_code, ''))
    FROM consultations c
    WHERE c.diagnosis IS NOT NULL AND LENGTH(c.diagnosis) <= 200
      AND NOT EXISTS (SELECT 1 FROM lookup_values l WHERE l.kind = 'DIAGNOSIS' AND l.lookup_value = c.diagnosis)
    GROUP BY c.diagnosis;

INSERT INTO lookup_values (kind, lookup_value, code)
    SELECT 'MODEL', m.model, ''
    FROM (SELECT language_model AS model FROM consultations UNION SELECT image_encoder FROM consultations) m
    WHERE m.model IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM lookup_values l WHERE l.kind = 'MODEL' AND l.lookup_value = m.model);
