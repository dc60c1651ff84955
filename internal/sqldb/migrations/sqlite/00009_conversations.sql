-- +goose Up
-- When a member last signed in, for the moderators' quiet-members view.
ALTER TABLE users ADD COLUMN last_signed_in_at TIMESTAMP;

-- Private conversations. Kind "moderator": a peer moderator and a
-- member, pseudonymous on both sides (the care-messaging issue adds
-- other kinds). Only participants ever read them.
CREATE TABLE conversations (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    last_at    TIMESTAMP NOT NULL
);

CREATE TABLE conversation_participants (
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    last_read_id    INTEGER,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_participants_user ON conversation_participants(user_id);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body            TEXT NOT NULL,
    body_html       TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX messages_conversation ON messages(conversation_id, id);

-- +goose Down
DROP TABLE messages;
DROP TABLE conversation_participants;
DROP TABLE conversations;
ALTER TABLE users DROP COLUMN last_signed_in_at;
