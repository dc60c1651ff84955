-- +goose Up
-- Indexes the full-size load test showed missing (docs/benchmarks.md).
-- A new reply looks up the thread's watchers; without this index every
-- reply read the whole table (and deleting a thread scanned it too).
CREATE INDEX thread_watches_thread ON thread_watches(thread_id, level);
-- The unread view lists the newest threads first and stops at 100.
CREATE INDEX threads_recent ON threads(last_post_at);
-- The forum's front page counts each category's threads and finds its
-- latest post from this index alone, and the threads still waiting for
-- their first post's approval from the next.
CREATE INDEX threads_category_listed ON threads(category_id, last_post_at) WHERE hidden_at IS NULL;
CREATE INDEX threads_unpublished ON threads(category_id) WHERE last_post_id IS NULL AND hidden_at IS NULL;

-- +goose Down
DROP INDEX threads_unpublished;
DROP INDEX threads_category_listed;
DROP INDEX threads_recent;
DROP INDEX thread_watches_thread;
