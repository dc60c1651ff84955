-- +goose Up
-- A member's choice per notice kind and channel. A missing row means
-- the kind's default (internal/notify/kinds.go); safety kinds stay on in
-- the app whatever is stored here.
CREATE TABLE notification_prefs (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,
    in_app  BOOLEAN NOT NULL,
    email   BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Member-wide e-mail timing: quiet hours as minutes after midnight on
-- the community's wall clock (start = end: none), and the optional daily
-- digest (counts only) at digest_hour. digest_sent_at records the last
-- digest, so it goes out once a day even with several nodes.
CREATE TABLE notification_settings (
    user_id        INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    quiet_start    INTEGER NOT NULL DEFAULT 1320,
    quiet_end      INTEGER NOT NULL DEFAULT 420,
    digest         BOOLEAN NOT NULL DEFAULT FALSE,
    digest_hour    INTEGER NOT NULL DEFAULT 8,
    digest_sent_at TIMESTAMP,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;

-- +goose Down
DROP INDEX notifications_unread;
DROP TABLE notification_settings;
DROP TABLE notification_prefs;
