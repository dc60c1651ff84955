package messages

import (
	"context"
	"database/sql"

	"reconnect/internal/access"
	"reconnect/internal/apperr"
	"reconnect/internal/identity"
)

// fileInfos returns a conversation's attachments by message, names
// opened, contents left sealed.
func (s *Service) fileInfos(ctx context.Context, conv int64) (map[int64][]FileInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, message_id, name, type, size FROM message_attachments WHERE conversation_id = $1 ORDER BY id`, conv)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]FileInfo{}
	for rows.Next() {
		var f FileInfo
		var msg int64
		var name string
		if err := rows.Scan(&f.ID, &msg, &name, &f.Type, &f.Size); err != nil {
			return nil, err
		}
		if f.Name, err = s.open("message_attachments", "name", f.ID, name); err != nil {
			return nil, err
		}
		out[msg] = append(out[msg], f)
	}
	return out, rows.Err()
}

// Attachment returns one attachment of a conversation the caller may
// read; a provider's opening is written to the member's access log
// first.
func (s *Service) Attachment(ctx context.Context, u *identity.User, convID, fileID int64) (File, error) {
	c, err := s.access(ctx, s.db, u, convID)
	if err != nil {
		return File{}, err
	}
	var f File
	var name, data string
	err = s.db.QueryRowContext(ctx, `SELECT name, type, data FROM message_attachments WHERE id = $1 AND conversation_id = $2`, fileID, convID).Scan(&name, &f.Type, &data)
	if err == sql.ErrNoRows {
		return f, apperr.NotFound()
	}
	if err != nil {
		return f, err
	}
	if f.Name, err = s.open("message_attachments", "name", fileID, name); err != nil {
		return f, err
	}
	if data, err = s.open("message_attachments", "data", fileID, data); err != nil {
		return f, err
	}
	f.Data = []byte(data)
	if c.kind == KindCare && u.Role == identity.Provider {
		if err := access.Record(ctx, s.db, c.member, u.ID, access.Attachment, fileID, s.opts.Now()); err != nil {
			return File{}, err
		}
	}
	return f, nil
}
