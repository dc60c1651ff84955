-- +goose Up
-- The recovery toolbox: one row per item of a tool (goal, activity,
-- person on the network map, the crisis plan, medication, journal
-- entry), its content sealed as JSON (internal/seal) bound to the row.
CREATE TABLE toolbox_items (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    tool        TEXT NOT NULL,
    data        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX toolbox_items_owner ON toolbox_items(owner_id, tool, id);

-- Earlier versions of an item (a medication's changes), sealed.
CREATE TABLE toolbox_history (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL REFERENCES toolbox_items(id) ON DELETE CASCADE,
    data       TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX toolbox_history_item ON toolbox_history(item_id, id);

-- What a member shares with a linked provider: one item, or a whole
-- tool (item_id NULL). Ended shares are kept; the provider reads only
-- live shares while linked.
CREATE TABLE toolbox_shares (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    tool        TEXT NOT NULL,
    item_id     INTEGER REFERENCES toolbox_items(id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP
);
CREATE INDEX toolbox_shares_owner ON toolbox_shares(owner_id, provider_id);
CREATE INDEX toolbox_shares_provider ON toolbox_shares(provider_id) WHERE ended_at IS NULL;

-- +goose Down
DROP TABLE toolbox_shares;
DROP TABLE toolbox_history;
DROP TABLE toolbox_items;
