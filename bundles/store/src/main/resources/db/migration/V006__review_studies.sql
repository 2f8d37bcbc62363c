-- Schema version 6: review studies, the clinician evaluation of the SkinGPT-4 paper as a workflow. An admin
-- puts stored consultations into a study (review_study_items) and assigns reviewers (review_study_reviewers);
-- each reviewer gives their own diagnosis and rates the answers on the paper's seven statements (reviews, one
-- SMALLINT column per statement: 5 strongly agree .. 1 strongly disagree).
--
-- Items refer to consultations by id without a foreign key: when a consultation is erased the store deletes
-- its reviews (they quote it) and marks the item erased_at, so the study still shows what it was built from.

CREATE TABLE IF NOT EXISTS review_studies (
    id                VARCHAR(64)    NOT NULL PRIMARY KEY,
    title             VARCHAR(200)   NOT NULL,
    model_version     VARCHAR(200),
    created_by        VARCHAR(200)   NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    status            VARCHAR(16)    NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    closed_by         VARCHAR(200),
    closed_at         TIMESTAMP WITH TIME ZONE
);

CREATE TABLE IF NOT EXISTS review_study_items (
    study_id          VARCHAR(64)    NOT NULL REFERENCES review_studies (id),
    consultation_id   VARCHAR(64)    NOT NULL,
    idx               INTEGER        NOT NULL,
    language_model    VARCHAR(200),
    erased_at         TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (study_id, consultation_id)
);

CREATE INDEX IF NOT EXISTS review_study_items_consultation ON review_study_items (consultation_id);

CREATE TABLE IF NOT EXISTS review_study_reviewers (
    study_id          VARCHAR(64)    NOT NULL REFERENCES review_studies (id),
    reviewer          VARCHAR(200)   NOT NULL,
    assigned_by       VARCHAR(200)   NOT NULL,
    assigned_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (study_id, reviewer)
);

CREATE INDEX IF NOT EXISTS review_study_reviewers_reviewer ON review_study_reviewers (reviewer);

CREATE TABLE IF NOT EXISTS reviews (
    study_id          VARCHAR(64)    NOT NULL,
    consultation_id   VARCHAR(64)    NOT NULL,
    reviewer          VARCHAR(200)   NOT NULL,
    diagnosis         VARCHAR(1000)  NOT NULL,
    condition_code    VARCHAR(200),
    diagnosis_correct       SMALLINT NOT NULL CHECK (diagnosis_correct BETWEEN 1 AND 5),
    description_informative SMALLINT NOT NULL CHECK (description_informative BETWEEN 1 AND 5),
    suggestions_useful      SMALLINT NOT NULL CHECK (suggestions_useful BETWEEN 1 AND 5),
    helps_doctors           SMALLINT NOT NULL CHECK (helps_doctors BETWEEN 1 AND 5),
    helps_patients          SMALLINT NOT NULL CHECK (helps_patients BETWEEN 1 AND 5),
    protects_privacy        SMALLINT NOT NULL CHECK (protects_privacy BETWEEN 1 AND 5),
    willing_to_use          SMALLINT NOT NULL CHECK (willing_to_use BETWEEN 1 AND 5),
    review_comment    VARCHAR(4000)  NOT NULL,
    submitted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (study_id, consultation_id, reviewer),
    FOREIGN KEY (study_id, consultation_id) REFERENCES review_study_items (study_id, consultation_id)
);

CREATE INDEX IF NOT EXISTS reviews_consultation ON reviews (consultation_id);
