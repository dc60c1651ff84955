-- +goose Up
-- A member's e-mail address for content-free notices, one per member.
-- The address is sealed at rest (internal/seal, bound to this table,
-- column and the member's ID); the verification code is kept only as a
-- hash, made when the verification e-mail is sent.
CREATE TABLE email_addresses (
    user_id          INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    address          TEXT NOT NULL,
    token_hash       TEXT UNIQUE,
    token_expires_at TIMESTAMP,
    verified_at      TIMESTAMP,
    notices          BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at       TIMESTAMP NOT NULL
);

-- E-mail waiting to be sent: written in the transaction of the notice
-- it reports, sent after commit by the mail worker. Only a kind and a
-- link path, never anything a member wrote. state: pending, sent,
-- dropped (no verified address or notices off by then), failed (gave up).
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    link            TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending',
    created_at      TIMESTAMP NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE state = 'pending';
CREATE INDEX mail_outbox_user ON mail_outbox(user_id, state);

-- +goose Down
DROP TABLE mail_outbox;
DROP TABLE email_addresses;
