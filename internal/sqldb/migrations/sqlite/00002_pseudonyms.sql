-- +goose Up
ALTER TABLE users ADD COLUMN pseudonym_changed_at TIMESTAMP;

-- A released pseudonym stays with its former owner for a year, so nobody
-- else can take it and be mistaken for them.
CREATE TABLE pseudonym_holds (
    key         TEXT PRIMARY KEY,
    user_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
    released_at TIMESTAMP NOT NULL,
    until       TIMESTAMP NOT NULL
);

-- Words administrators add to the built-in reserved list.
CREATE TABLE reserved_pseudonyms (
    id         INTEGER PRIMARY KEY,
    word       TEXT NOT NULL,
    key        TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE reserved_pseudonyms;
DROP TABLE pseudonym_holds;
ALTER TABLE users DROP COLUMN pseudonym_changed_at;
