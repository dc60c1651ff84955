-- +goose Up
-- The shared library: exercises (mindfulness, coping, symptom
-- management; written by administrators and peer moderators) and
-- information pages (administrators), Markdown in both languages,
-- rendered and sanitised when saved. Not private: every member reads them.
CREATE TABLE library_pages (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    category   TEXT NOT NULL,
    title_nb   TEXT NOT NULL,
    title_en   TEXT NOT NULL,
    body_nb    TEXT NOT NULL,
    body_en    TEXT NOT NULL,
    html_nb    TEXT NOT NULL,
    html_en    TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX library_pages_kind ON library_pages(kind, category, id);

-- Local activities and service-user organisations per community.
CREATE TABLE local_links (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    address      TEXT NOT NULL,
    phone        TEXT NOT NULL,
    web          TEXT NOT NULL,
    updated_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX local_links_community ON local_links(community_id, name);

-- +goose Down
DROP TABLE local_links;
DROP TABLE library_pages;
