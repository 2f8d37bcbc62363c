-- Schema version 2: the distinct diagnoses and models in the record, so that the history's "diagnosis
-- contains this text" and "any version of this model" filters become indexed IN lists on one column
-- instead of scans of every consultation (which grew past 100 ms at 100,000 consultations on a busy
-- machine; H2 also scans for an OR across two columns). Values are names (a condition as the model
-- named it with its condition code, a model's name@version), never patient data.

CREATE TABLE IF NOT EXISTS lookup_values (
    kind              VARCHAR(16)    NOT NULL CHECK (kind IN ('DIAGNOSIS', 'IMAGE_ENCODER', 'LANGUAGE_MODEL')),
    lookup_value      VARCHAR(200)   NOT NULL,
    code              VARCHAR(200)   NOT NULL,
    PRIMARY KEY (kind, lookup_value)
);

-- History indexes end with id, the tie-breaker of the history's order, so that a page is read in index
-- order (H2 sorts otherwise, even within one clinician).
DROP INDEX IF EXISTS consultations_clinician;
DROP INDEX IF EXISTS consultations_patient;
DROP INDEX IF EXISTS consultations_encounter;
DROP INDEX IF EXISTS consultations_language_model;
DROP INDEX IF EXISTS consultations_image_encoder;
DROP INDEX IF EXISTS consultations_condition;
CREATE INDEX IF NOT EXISTS consultations_clinician_2 ON consultations (clinician, started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS consultations_patient_2 ON consultations (patient_ref, started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS consultations_encounter_2 ON consultations (encounter_ref, started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS consultations_language_model_2 ON consultations (language_model, started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS consultations_image_encoder_2 ON consultations (image_encoder, started_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS consultations_diagnosis ON consultations (diagnosis, started_at DESC, id DESC);

INSERT INTO lookup_values (kind, lookup_value, code)
    SELECT 'DIAGNOSIS', c.diagnosis, MIN(COALESCE(c.condition_code, ''))
    FROM consultations c
    WHERE c.diagnosis IS NOT NULL AND LENGTH(c.diagnosis) <= 200
      AND NOT EXISTS (SELECT 1 FROM lookup_values l WHERE l.kind = 'DIAGNOSIS' AND l.lookup_value = c.diagnosis)
    GROUP BY c.diagnosis;

INSERT INTO lookup_values (kind, lookup_value, code)
    SELECT DISTINCT 'IMAGE_ENCODER', c.image_encoder, ''
    FROM consultations c
    WHERE c.image_encoder IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM lookup_values l WHERE l.kind = 'IMAGE_ENCODER' AND l.lookup_value = c.image_encoder);

INSERT INTO lookup_values (kind, lookup_value, code)
    SELECT DISTINCT 'LANGUAGE_MODEL', c.language_model, ''
    FROM consultations c
    WHERE c.language_model IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM lookup_values l WHERE l.kind = 'LANGUAGE_MODEL' AND l.lookup_value = c.language_model);
