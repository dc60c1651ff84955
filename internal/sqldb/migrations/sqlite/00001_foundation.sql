-- +goose Up
-- Times are integer microseconds since 1970 UTC (see sqldb.sqlitePragmas),
-- declared TIMESTAMP so the driver reads them back as time.Time.

CREATE TABLE communities (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    timezone    TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    login               TEXT NOT NULL,
    login_key           TEXT NOT NULL UNIQUE,
    password_hash       TEXT,
    role                TEXT NOT NULL,
    community_id        INTEGER REFERENCES communities(id),
    pseudonym           TEXT,
    pseudonym_key       TEXT UNIQUE,
    language            TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP,
    disabled_at         TIMESTAMP
);
CREATE INDEX users_community ON users(community_id);

-- Real names live apart from the profile so that no query that serves
-- pseudonyms can join them in by accident.
CREATE TABLE real_names (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    full_name   TEXT NOT NULL,
    source      TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE moderator_communities (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, community_id)
);

CREATE TABLE invitations (
    id           INTEGER PRIMARY KEY,
    code_hash    TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    community_id INTEGER REFERENCES communities(id),
    created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP,
    used_by      INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX invitations_created_by ON invitations(created_by, created_at);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    version      TEXT NOT NULL,
    accepted_at  TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE INDEX consents_user ON consents(user_id, kind);

CREATE TABLE auth_throttle (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  TIMESTAMP NOT NULL,
    blocked_until TIMESTAMP
);

CREATE TABLE audit_heads (
    chain TEXT PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    chain       TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (chain, seq)
);
CREATE INDEX audit_log_target ON audit_log(target_kind, target_id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE audit_heads;
DROP TABLE auth_throttle;
DROP TABLE consents;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE invitations;
DROP TABLE moderator_communities;
DROP TABLE real_names;
DROP TABLE users;
DROP TABLE communities;
