-- +goose Up
-- A new reply looks up the thread's watchers; without this index every
-- reply read the whole table (and deleting a thread scanned it too).
CREATE INDEX thread_watches_thread ON thread_watches(thread_id, level);

-- +goose Down
DROP INDEX thread_watches_thread;
