-- +goose Up
-- What a usage event was about beyond its subject: the tool for
-- toolbox use, the occurrence (unix seconds) for café answers and
-- attendance. Never content.
ALTER TABLE usage_events ADD COLUMN detail TEXT NOT NULL DEFAULT '';
CREATE INDEX usage_events_user ON usage_events(user_id, kind);

-- A participant's code in a study's pseudonymised export: random,
-- stable within the study (its consent version), unrelated to the
-- member's ID or pseudonym.
CREATE TABLE study_codes (
    study      TEXT NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code       TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (study, user_id)
);

-- +goose Down
DROP TABLE study_codes;
DROP INDEX usage_events_user;
ALTER TABLE usage_events DROP COLUMN detail;
