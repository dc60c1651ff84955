-- +goose Up
-- Cafés (by peer moderators and administrators) and gatherings (by
-- members) in a community. starts_at is the first occurrence; a rule
-- repeats it on the community's wall clock (internal/events).
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    community_id  INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    description_html TEXT NOT NULL,
    starts_at     TIMESTAMP NOT NULL,
    minutes       INTEGER NOT NULL,
    recurrence    TEXT NOT NULL,
    place_name    TEXT NOT NULL,
    address       TEXT NOT NULL,
    map_url       TEXT NOT NULL,
    accessibility TEXT NOT NULL,
    travel        TEXT NOT NULL,
    host_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    capacity      INTEGER NOT NULL,
    rsvp_seq      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    cancelled_at  TIMESTAMP
);
CREATE INDEX events_community ON events(community_id, starts_at);

-- An answer for one occurrence (its start). Going beyond capacity waits
-- in seq order; a place that frees promotes the first waiting.
CREATE TABLE rsvps (
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    occurs_at  TIMESTAMP NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    waiting    BOOLEAN NOT NULL,
    seq        INTEGER NOT NULL,
    note       TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, occurs_at, user_id)
);
CREATE INDEX rsvps_user ON rsvps(user_id, occurs_at);

-- +goose Down
DROP TABLE rsvps;
DROP TABLE events;
