-- +goose Up
-- A moderator can mark a post that nobody has answered as seen, so it
-- leaves the unanswered view without a reply for its own sake.
ALTER TABLE posts ADD COLUMN acknowledged_at TIMESTAMPTZ;
ALTER TABLE posts ADD COLUMN acknowledged_by BIGINT REFERENCES users(id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE posts DROP COLUMN acknowledged_by;
ALTER TABLE posts DROP COLUMN acknowledged_at;
