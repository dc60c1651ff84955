-- +goose Up
-- Care conversations: a service user (member_id) and their linked
-- providers. Closing stops new messages until someone reopens.
-- last_author_id serves the providers' "awaiting my reply" filter.
ALTER TABLE conversations ADD COLUMN member_id INTEGER REFERENCES users(id) ON DELETE CASCADE;
ALTER TABLE conversations ADD COLUMN closed_at TIMESTAMP;
ALTER TABLE conversations ADD COLUMN closed_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
ALTER TABLE conversations ADD COLUMN last_author_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX conversations_member ON conversations(member_id) WHERE member_id IS NOT NULL;

-- A provider whose link ended has left: no more messages either way,
-- and no access even if linked again later. The member keeps the history.
ALTER TABLE conversation_participants ADD COLUMN left_at TIMESTAMP;

-- Attachments: name and data sealed (internal/seal), bound to the row.
CREATE TABLE message_attachments (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    type            TEXT NOT NULL,
    size            INTEGER NOT NULL,
    data            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX message_attachments_message ON message_attachments(message_id);

-- Who opened a member's information, when: providers opening care
-- conversations and attachments now, shared toolbox items later. The
-- owner reads it; nobody else.
CREATE TABLE access_log (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    viewer_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    object_kind TEXT NOT NULL,
    object_id   INTEGER NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX access_log_owner ON access_log(owner_id, id);

-- A provider's invitation for a new service user names them as the
-- provider knows them; registering through it puts the provider on the
-- new member's care team (internal/care).
ALTER TABLE invitations ADD COLUMN care_name TEXT;

-- +goose Down
ALTER TABLE invitations DROP COLUMN care_name;
DROP TABLE access_log;
DROP TABLE message_attachments;
ALTER TABLE conversation_participants DROP COLUMN left_at;
DROP INDEX conversations_member;
ALTER TABLE conversations DROP COLUMN last_author_id;
ALTER TABLE conversations DROP COLUMN closed_by;
ALTER TABLE conversations DROP COLUMN closed_at;
ALTER TABLE conversations DROP COLUMN member_id;
