-- +goose Up
-- Unread counts and first-unread jumps count a thread's visible posts
-- after a read marker, for every thread on a list page; this index
-- answers them without reading the posts themselves.
CREATE INDEX posts_visible ON posts(thread_id, id) WHERE hidden_at IS NULL AND pending_at IS NULL;

-- A category's unpinned threads, newest activity first, page by page
-- ((last_post_at, id) < cursor): read in index order, stopping after a
-- page, instead of sorting the whole category.
CREATE INDEX threads_category_recent ON threads(category_id, last_post_at, id) WHERE pinned_at IS NULL;

-- +goose Down
DROP INDEX threads_category_recent;
DROP INDEX posts_visible;
