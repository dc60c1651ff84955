-- +goose Up
-- A provider's link to a service user: made by an administrator, or
-- asked for by the provider with a code the member accepts. The member
-- can end it at any time; ended links are kept for the history.
CREATE TABLE care_links (
    id          INTEGER PRIMARY KEY,
    provider_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES users(id) ON DELETE CASCADE,
    status      TEXT NOT NULL,
    member_name TEXT NOT NULL,
    code_hash   TEXT UNIQUE,
    code_expires_at TIMESTAMP,
    created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at  TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    ended_at    TIMESTAMP,
    ended_by    INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX care_links_live ON care_links(provider_id, member_id) WHERE status IN ('active', 'pending') AND member_id IS NOT NULL;
CREATE INDEX care_links_member ON care_links(member_id);

-- +goose Down
DROP TABLE care_links;
