-- +goose Up
-- A member's request to delete her account (internal/deletion). It is
-- carried out when due_at has passed; signing in before then deletes
-- the row and so cancels it. forum_posts: keep_anonymous or delete.
CREATE TABLE deletion_requests (
    user_id      BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    forum_posts  TEXT NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX deletion_requests_due ON deletion_requests(due_at);

-- A deleted account keeps its row as a tombstone (no login, pseudonym
-- or name), so its ID is never given to anyone else and the audit log's
-- references stay unambiguous.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMPTZ;

-- A deleted member's care conversations are kept for her providers
-- until this time (the deployment's care retention), then deleted.
ALTER TABLE conversations ADD COLUMN retain_until TIMESTAMPTZ;
CREATE INDEX conversations_retain ON conversations(retain_until) WHERE retain_until IS NOT NULL;

-- +goose Down
DROP INDEX conversations_retain;
ALTER TABLE conversations DROP COLUMN retain_until;
ALTER TABLE users DROP COLUMN deleted_at;
DROP TABLE deletion_requests;
