-- +goose Up
-- Flags: a member tells the moderators about a post. Only open flags
-- count towards hiding a post automatically, one per member.
CREATE TABLE flags (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    note        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    resolution  TEXT
);
CREATE UNIQUE INDEX flags_open ON flags(post_id, user_id) WHERE resolved_at IS NULL;
CREATE INDEX flags_post ON flags(post_id, id);

-- A post hidden by flags waits for a moderator; one hidden by a
-- moderator carries the moderator's reason.
ALTER TABLE posts ADD COLUMN hidden_auto BOOLEAN NOT NULL DEFAULT FALSE;

-- Crisis alerts: a published post with suicide or self-harm language,
-- for the moderators, until one of them has followed it up.
CREATE TABLE crisis_alerts (
    id          INTEGER PRIMARY KEY,
    post_id     INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    level       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    handled_at  TIMESTAMP,
    handled_by  INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX crisis_alerts_open ON crisis_alerts(post_id) WHERE handled_at IS NULL;

-- +goose Down
DROP TABLE crisis_alerts;
ALTER TABLE posts DROP COLUMN hidden_auto;
DROP TABLE flags;
