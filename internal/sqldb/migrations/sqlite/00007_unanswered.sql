-- +goose Up
-- A moderator can mark a post that nobody has answered as seen, so it
-- leaves the unanswered view without a reply for its own sake.
ALTER TABLE posts ADD COLUMN acknowledged_at TIMESTAMP;
ALTER TABLE posts ADD COLUMN acknowledged_by INTEGER REFERENCES users(id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE posts DROP COLUMN acknowledged_by;
ALTER TABLE posts DROP COLUMN acknowledged_at;
