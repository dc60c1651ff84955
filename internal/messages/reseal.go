package messages

import "reconnect/internal/reseal"

// SealedColumns are the columns this package seals (`reconnect keys
// rotate`). Attachments are up to 10 MB each, so they go a few at a time.
var SealedColumns = []reseal.Column{
	{Table: "conversations", Key: "id", Column: "subject", Batch: 500},
	{Table: "messages", Key: "id", Column: "body", Batch: 500},
	{Table: "messages", Key: "id", Column: "body_html", Batch: 500},
	{Table: "message_attachments", Key: "id", Column: "name", Batch: 500},
	{Table: "message_attachments", Key: "id", Column: "data", Batch: 8},
}
