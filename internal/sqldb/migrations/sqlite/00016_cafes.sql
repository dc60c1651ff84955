-- +goose Up
-- How a member appears on an occurrence's list of who is coming:
-- counted only (the default), by pseudonym, or by pseudonym only to
-- members she has revealed herself to.
ALTER TABLE rsvps ADD COLUMN shown TEXT NOT NULL DEFAULT 'count';

-- A forum thread the host links to the event (for example a pinned
-- exercise to reflect on).
ALTER TABLE events ADD COLUMN thread_id INTEGER REFERENCES threads(id) ON DELETE SET NULL;

-- One occurrence cancelled, or moved to another start and length.
CREATE TABLE event_changes (
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    occurs_at  TIMESTAMP NOT NULL,
    cancelled  BOOLEAN NOT NULL,
    moved_to   TIMESTAMP,
    minutes    INTEGER,
    changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, occurs_at)
);

-- Who came to an occurrence, recorded by its host afterwards.
CREATE TABLE attendance (
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    occurs_at   TIMESTAMP NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, occurs_at, user_id)
);

-- Members who have seen the guide to their first café.
CREATE TABLE cafe_guides (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    seen_at TIMESTAMP NOT NULL
);

-- Reminder choices: minutes before an occurrence (comma-separated),
-- and whether a reminder e-mail may name the event and its time.
CREATE TABLE reminder_settings (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    leads         TEXT NOT NULL,
    email_details BOOLEAN NOT NULL
);

-- Reminders given. The key makes each go out once, whichever node
-- finds it due first, and across restarts.
CREATE TABLE reminders_sent (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    occurs_at TIMESTAMP NOT NULL,
    lead_minutes INTEGER NOT NULL,
    sent_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, event_id, occurs_at, lead_minutes)
);
CREATE INDEX rsvps_due ON rsvps(occurs_at) WHERE status = 'going' AND NOT waiting;

-- Lift offers and asks and meet-before buddy asks for an occurrence,
-- with a coarse area (a neighbourhood, never an address).
CREATE TABLE lifts (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    occurs_at    TIMESTAMP NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    seats        INTEGER NOT NULL,
    area         TEXT NOT NULL,
    note         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE INDEX lifts_event ON lifts(event_id, occurs_at);

-- A proposed pairing of two lifts (offer and ask, or two buddy asks).
-- When the other side agrees, both get a conversation under their
-- pseudonyms that closes a week after the occurrence.
CREATE TABLE lift_matches (
    id              INTEGER PRIMARY KEY,
    from_lift       INTEGER NOT NULL REFERENCES lifts(id) ON DELETE CASCADE,
    to_lift         INTEGER NOT NULL REFERENCES lifts(id) ON DELETE CASCADE,
    created_at      TIMESTAMP NOT NULL,
    agreed_at       TIMESTAMP,
    declined_at     TIMESTAMP,
    conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL
);
CREATE UNIQUE INDEX lift_matches_pair ON lift_matches(from_lift, to_lift);

-- A thread after an occurrence, in a circle the host invited those who
-- came to: only those who join see it.
CREATE TABLE event_reflections (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    occurs_at TIMESTAMP NOT NULL,
    thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, occurs_at)
);

-- Members' flags on gatherings, for the community's moderators.
CREATE TABLE event_flags (
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, user_id)
);

-- Conversations that close by themselves (lift and buddy conversations).
ALTER TABLE conversations ADD COLUMN closes_at TIMESTAMP;

-- +goose Down
ALTER TABLE conversations DROP COLUMN closes_at;
DROP TABLE event_flags;
DROP TABLE event_reflections;
DROP TABLE lift_matches;
DROP TABLE lifts;
DROP INDEX rsvps_due;
DROP TABLE reminders_sent;
DROP TABLE reminder_settings;
DROP TABLE cafe_guides;
DROP TABLE attendance;
DROP TABLE event_changes;
ALTER TABLE events DROP COLUMN thread_id;
ALTER TABLE rsvps DROP COLUMN shown;
