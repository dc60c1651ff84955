package toolbox

import "reconnect/internal/reseal"

// SealedColumns are the columns this package seals (`reconnect keys
// rotate`).
var SealedColumns = []reseal.Column{
	{Table: "toolbox_items", Key: "id", Column: "data", Batch: 500},
	{Table: "toolbox_history", Key: "id", Column: "data", Batch: 500},
}
