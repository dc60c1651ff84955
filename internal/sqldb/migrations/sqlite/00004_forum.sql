-- +goose Up
CREATE TABLE categories (
    id                INTEGER PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    name_nb           TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    description_nb    TEXT NOT NULL,
    description_en    TEXT NOT NULL,
    position          INTEGER NOT NULL,
    community_id      INTEGER REFERENCES communities(id) ON DELETE CASCADE,
    requires_approval BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMP NOT NULL
);

-- A thread lives in a category or in a circle, never both.
CREATE TABLE threads (
    id           INTEGER PRIMARY KEY,
    category_id  INTEGER REFERENCES categories(id) ON DELETE CASCADE,
    circle_id    INTEGER REFERENCES circles(id) ON DELETE CASCADE,
    author_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    title        TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_post_id INTEGER,
    last_post_at TIMESTAMP NOT NULL,
    post_count   INTEGER NOT NULL,
    view_count   INTEGER NOT NULL,
    pinned_at    TIMESTAMP,
    locked_at    TIMESTAMP,
    hidden_at    TIMESTAMP,
    CHECK ((category_id IS NULL) <> (circle_id IS NULL))
);
CREATE INDEX threads_category ON threads(category_id, pinned_at, last_post_at);
CREATE INDEX threads_circle ON threads(circle_id, last_post_at);

CREATE TABLE posts (
    id            INTEGER PRIMARY KEY,
    thread_id     INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    author_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reply_to      INTEGER REFERENCES posts(id) ON DELETE SET NULL,
    body          TEXT NOT NULL,
    body_html     TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    edited_at     TIMESTAMP,
    deleted_at    TIMESTAMP,
    hidden_at     TIMESTAMP,
    hidden_reason TEXT,
    pending_at    TIMESTAMP
);
CREATE INDEX posts_thread ON posts(thread_id, id);
CREATE INDEX posts_author ON posts(author_id, id);

-- Earlier versions of edited posts, for moderators.
CREATE TABLE post_revisions (
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX post_revisions_post ON post_revisions(post_id, id);

CREATE TABLE reactions (
    post_id    INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, user_id, kind)
);

CREATE TABLE thread_reads (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    thread_id    INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    last_read_id INTEGER NOT NULL,
    read_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);

-- One view per member per thread per day.
CREATE TABLE thread_views (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    day       TEXT NOT NULL,
    PRIMARY KEY (user_id, thread_id, day)
);

-- watch: told of new replies; mute: left out of unread and notices.
CREATE TABLE thread_watches (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    level     TEXT NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);

CREATE TABLE drafts (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- Mute (read, not write) and suspend (no forum) with reason and expiry.
-- The moderation issue adds the actions; the forum honours them.
CREATE TABLE sanctions (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    until      TIMESTAMP,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    lifted_at  TIMESTAMP
);
CREATE INDEX sanctions_user ON sanctions(user_id);

-- Usage events, recorded only for members with study consent. The
-- research issue builds reports on them.
CREATE TABLE usage_events (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    subject_id INTEGER,
    at         TIMESTAMP NOT NULL
);
CREATE INDEX usage_events_at ON usage_events(at);

-- Search: stemmed terms (Norwegian and English stems of every word),
-- computed in Go for both engines.
CREATE VIRTUAL TABLE post_search USING fts5(terms, tokenize = 'unicode61 remove_diacritics 0');

-- +goose Down
DROP TABLE post_search;
DROP TABLE usage_events;
DROP TABLE sanctions;
DROP TABLE drafts;
DROP TABLE thread_watches;
DROP TABLE thread_views;
DROP TABLE thread_reads;
DROP TABLE reactions;
DROP TABLE post_revisions;
DROP TABLE posts;
DROP TABLE threads;
DROP TABLE categories;
