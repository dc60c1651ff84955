package mail

import "reconnect/internal/reseal"

// SealedColumns are the columns this package seals (`reconnect keys
// rotate`): members' addresses, bound to the member's ID.
var SealedColumns = []reseal.Column{{Table: addressTable, Key: "user_id", Column: addressColumn, Batch: 500}}
