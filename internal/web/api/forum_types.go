package api

import (
	"time"

	"reconnect/internal/forum"
	"reconnect/internal/i18n"
)

// Author is who wrote something, as the viewer may know them: a
// pseudonym, and a shown name only if they revealed it to the viewer.
type Author struct {
	Pseudonym string `json:"pseudonym"`
	ShownName string `json:"shown_name,omitempty"`
	Moderator bool   `json:"moderator,omitempty"`
}

// Category is a forum category in the viewer's language.
type Category struct {
	ID               ID         `json:"id"`
	Slug             string     `json:"slug"`
	Name             string     `json:"name"`
	Description      string     `json:"description"`
	CommunityID      string     `json:"community_id,omitempty"`
	RequiresApproval bool       `json:"requires_approval"`
	Threads          int        `json:"threads"`
	Unread           int        `json:"unread_threads"`
	LastPostAt       *time.Time `json:"last_post_at,omitempty"`
}

// Thread is a thread as the viewer sees it.
type Thread struct {
	ID            ID        `json:"id"`
	CategoryID    string    `json:"category_id,omitempty"`
	CircleID      string    `json:"circle_id,omitempty"`
	Title         string    `json:"title"`
	Author        Author    `json:"author"`
	CreatedAt     time.Time `json:"created_at"`
	LastPostAt    time.Time `json:"last_post_at"`
	PostCount     int       `json:"post_count"`
	ViewCount     int       `json:"view_count"`
	Pinned        bool      `json:"pinned"`
	Locked        bool      `json:"locked"`
	Unread        int       `json:"unread"`
	FirstUnreadID string    `json:"first_unread_id,omitempty"`
	Watch         string    `json:"watch,omitempty"`
}

// Post is a post as the viewer sees it. body (the Markdown) is there
// only for its author; html is sanitised.
type Post struct {
	ID            ID             `json:"id"`
	ThreadID      ID             `json:"thread_id"`
	Author        Author         `json:"author"`
	ReplyTo       string         `json:"reply_to,omitempty"`
	ReplyToAuthor string         `json:"reply_to_pseudonym,omitempty"`
	HTML          string         `json:"html"`
	Body          string         `json:"body,omitempty"`
	CreatedAt     time.Time      `json:"created_at"`
	EditedAt      *time.Time     `json:"edited_at,omitempty"`
	Deleted       bool           `json:"deleted,omitempty"`
	Hidden        bool           `json:"hidden,omitempty"`
	HiddenReason  string         `json:"hidden_reason,omitempty"`
	Held          bool           `json:"held,omitempty"`
	Pending       bool           `json:"pending,omitempty"`
	Reactions     []ReactionJSON `json:"reactions"`
	// Crisis is set on the author's own write when the text has crisis
	// language ("concern" or "intent"): show the crisis numbers.
	Crisis string `json:"crisis,omitempty"`
	// Collapsed says why the post is folded away for me: "muted" (I hid
	// its author) or "filtered" (it holds a word I filter).
	Collapsed string `json:"collapsed,omitempty"`
}

// ReactionJSON is one kind of reaction on a post.
type ReactionJSON struct {
	Kind  string   `json:"kind"`
	Count int      `json:"count"`
	Mine  bool     `json:"mine"`
	Who   []string `json:"who,omitempty"`
}

func categoryJSON(c forum.Category, lang i18n.Lang) Category {
	return Category{ID: ID(c.ID), Slug: c.Slug, Name: c.Name(string(lang)), Description: c.Description(string(lang)),
		CommunityID: optionalID(c.CommunityID), RequiresApproval: c.RequiresApproval, Threads: c.Threads, Unread: c.Unread, LastPostAt: c.LastPost}
}

func threadJSON(t forum.Thread) Thread {
	return Thread{ID: ID(t.ID), CategoryID: optionalID(t.CategoryID), CircleID: optionalID(t.CircleID), Title: t.Title,
		Author:    Author{Pseudonym: t.AuthorPseudonym, ShownName: t.AuthorShownName, Moderator: t.AuthorModerator},
		CreatedAt: t.CreatedAt, LastPostAt: t.LastPostAt, PostCount: t.PostCount, ViewCount: t.ViewCount, Pinned: t.Pinned,
		Locked: t.Locked, Unread: max(t.Unread, 0), FirstUnreadID: optionalID(t.FirstUnreadID), Watch: t.Watch}
}

func postJSON(p forum.Post) Post {
	out := Post{ID: ID(p.ID), ThreadID: ID(p.ThreadID), Author: Author{Pseudonym: p.AuthorPseudonym, ShownName: p.AuthorShownName, Moderator: p.AuthorModerator},
		ReplyTo: optionalID(p.ReplyTo), ReplyToAuthor: p.ReplyToPseudonym, HTML: string(p.HTML), Body: p.Body, CreatedAt: p.CreatedAt,
		EditedAt: p.EditedAt, Deleted: p.Deleted, Hidden: p.Hidden, HiddenReason: p.HiddenReason, Held: p.Held, Pending: p.Pending, Crisis: p.Crisis, Collapsed: p.Collapsed,
		Reactions: make([]ReactionJSON, 0, len(p.Reactions))}
	for _, r := range p.Reactions {
		out.Reactions = append(out.Reactions, ReactionJSON{Kind: r.Kind, Count: r.Count, Mine: r.Mine, Who: r.Who})
	}
	return out
}
