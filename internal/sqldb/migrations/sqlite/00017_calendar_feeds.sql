-- +goose Up
-- A member's personal calendar feed (internal/calfeed): one per member,
-- reached by a secret URL of which only the hash is kept. A new link
-- replaces the hash; turning the feed off deletes the row.
CREATE TABLE calendar_feeds (
    user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    show_titles  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);

-- +goose Down
DROP TABLE calendar_feeds;
