-- +goose Up
-- What a member does to protect themselves in the forum. Nobody else
-- sees these rows; a muted member is never told.
CREATE TABLE member_mutes (
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    muted_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, muted_id)
);

CREATE TABLE word_filters (
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    word       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, word)
);

-- A break from the forum: hidden and its notices paused until then;
-- welcomed_at is set when the member has been welcomed back.
CREATE TABLE forum_breaks (
    user_id     BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    started_at  TIMESTAMPTZ NOT NULL,
    until       TIMESTAMPTZ NOT NULL,
    welcomed_at TIMESTAMPTZ
);

-- +goose Down
DROP TABLE forum_breaks;
DROP TABLE word_filters;
DROP TABLE member_mutes;
