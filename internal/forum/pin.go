package forum

// ChainModeration is the audit chain of moderators' actions (written by
// internal/moderation; the forum names it so both agree).
const ChainModeration = "moderation"
