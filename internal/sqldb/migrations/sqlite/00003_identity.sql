-- +goose Up
-- Onboarding: invitation, sign-in method, consent, pseudonym, community,
-- welcome. NULL until the member has seen the welcome.
ALTER TABLE users ADD COLUMN onboarded_at TIMESTAMP;

-- Versioned consent documents, in both languages, as Markdown and the
-- sanitised HTML rendered once when saved.
CREATE TABLE consent_documents (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    version      TEXT NOT NULL,
    title_nb     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    body_nb      TEXT NOT NULL,
    body_en      TEXT NOT NULL,
    html_nb      TEXT NOT NULL,
    html_en      TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (kind, version)
);

-- In-app notices. They never hold post, message or toolbox text.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    args       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP
);
CREATE INDEX notifications_user ON notifications(user_id, id);

-- The national ID number is never stored: only a keyed hash of it.
CREATE TABLE eid_links (
    user_id   INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    pid_hmac  TEXT NOT NULL UNIQUE,
    linked_at TIMESTAMP NOT NULL
);

-- An eID sign-in in progress: state, nonce and PKCE verifier.
CREATE TABLE oidc_flows (
    state_hash TEXT PRIMARY KEY,
    nonce      TEXT NOT NULL,
    verifier   TEXT NOT NULL,
    invitation TEXT NOT NULL,
    next_path  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

ALTER TABLE sessions ADD COLUMN eid_sid TEXT;
-- Set at sign-in when a consent document has a version the member has
-- not accepted; pages send the member to answer it first.
ALTER TABLE sessions ADD COLUMN consent_due_at TIMESTAMP;
CREATE INDEX sessions_eid_sid ON sessions(eid_sid);

CREATE TABLE passkeys (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    credential    TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP
);
CREATE INDEX passkeys_user ON passkeys(user_id);

-- A WebAuthn ceremony in progress (registration or sign-in).
CREATE TABLE webauthn_ceremonies (
    id_hash    TEXT PRIMARY KEY,
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    data       TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

ALTER TABLE users ADD COLUMN webauthn_handle TEXT;

CREATE TABLE reveals (
    id         INTEGER PRIMARY KEY,
    from_user  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    to_user    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    shown_name TEXT NOT NULL,
    note       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    stopped_at TIMESTAMP
);
CREATE UNIQUE INDEX reveals_active ON reveals(from_user, to_user) WHERE stopped_at IS NULL;
CREATE INDEX reveals_to ON reveals(to_user);

-- "Would you like to know each other?" The requester is never told
-- whether the answer was no or none.
CREATE TABLE reveal_requests (
    id          INTEGER PRIMARY KEY,
    from_user   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    to_user     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    shown_name  TEXT NOT NULL,
    note        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    answer      TEXT,
    withdrawn_at TIMESTAMP
);
CREATE UNIQUE INDEX reveal_requests_open ON reveal_requests(from_user, to_user) WHERE answered_at IS NULL;
CREATE INDEX reveal_requests_to ON reveal_requests(to_user);

CREATE TABLE circles (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    creator_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE circle_members (
    circle_id   INTEGER NOT NULL REFERENCES circles(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    invited_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    invited_at  TIMESTAMP NOT NULL,
    joined_at   TIMESTAMP,
    reminded_at TIMESTAMP,
    PRIMARY KEY (circle_id, user_id)
);
CREATE INDEX circle_members_user ON circle_members(user_id);

-- Local places per community, for the identifying-details check.
CREATE TABLE places (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (community_id, name)
);

-- +goose Down
DROP TABLE places;
DROP TABLE circle_members;
DROP TABLE circles;
DROP TABLE reveal_requests;
DROP TABLE reveals;
ALTER TABLE users DROP COLUMN webauthn_handle;
DROP TABLE webauthn_ceremonies;
DROP TABLE passkeys;
DROP INDEX sessions_eid_sid;
ALTER TABLE sessions DROP COLUMN consent_due_at;
ALTER TABLE sessions DROP COLUMN eid_sid;
DROP TABLE oidc_flows;
DROP TABLE eid_links;
DROP TABLE notifications;
DROP TABLE consent_documents;
ALTER TABLE users DROP COLUMN onboarded_at;
