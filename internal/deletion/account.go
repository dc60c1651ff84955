package deletion

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// forgetAccount deletes the member's own rows across the product and
// reduces her users row to a tombstone: no login she could use, no
// password, pseudonym, community, passkey handle or sign-in times.
func forgetAccount(ctx context.Context, tx *sql.Tx, id int64, loginKey string, now time.Time) error {
	for _, q := range []string{
		`DELETE FROM toolbox_shares WHERE owner_id = $1 OR provider_id = $1`,
		`DELETE FROM toolbox_items WHERE owner_id = $1`,
		`DELETE FROM reveals WHERE from_user = $1 OR to_user = $1`,
		`DELETE FROM reveal_requests WHERE from_user = $1 OR to_user = $1`,
		`DELETE FROM sessions WHERE user_id = $1`,
		`DELETE FROM api_tokens WHERE user_id = $1`,
		`DELETE FROM passkeys WHERE user_id = $1`,
		`DELETE FROM webauthn_ceremonies WHERE user_id = $1`,
		`DELETE FROM eid_links WHERE user_id = $1`,
		`DELETE FROM consents WHERE user_id = $1`,
		`DELETE FROM real_names WHERE user_id = $1`,
		`DELETE FROM moderator_communities WHERE user_id = $1`,
		`DELETE FROM pseudonym_holds WHERE user_id = $1`,
		`DELETE FROM notifications WHERE user_id = $1`,
		`DELETE FROM notification_prefs WHERE user_id = $1`,
		`DELETE FROM notification_settings WHERE user_id = $1`,
		`DELETE FROM mail_outbox WHERE user_id = $1`,
		`DELETE FROM email_addresses WHERE user_id = $1`,
		`DELETE FROM calendar_feeds WHERE user_id = $1`,
		`DELETE FROM usage_events WHERE user_id = $1`,
		`DELETE FROM study_codes WHERE user_id = $1`,
		// The name a provider gave her on the invitation she used.
		`UPDATE invitations SET care_name = NULL, used_by = NULL WHERE used_by = $1`,
		`UPDATE invitations SET created_by = NULL WHERE created_by = $1`,
		`UPDATE reserved_pseudonyms SET created_by = NULL WHERE created_by = $1`,
		`UPDATE consent_documents SET created_by = NULL WHERE created_by = $1`,
		`UPDATE library_pages SET updated_by = NULL WHERE updated_by = $1`,
		`UPDATE local_links SET updated_by = NULL WHERE updated_by = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	// Failed sign-in counters are keyed by the login.
	if _, err := tx.ExecContext(ctx, `DELETE FROM auth_throttle WHERE key = $1`, "acct:"+loginKey); err != nil {
		return err
	}
	tomb := tombstoneLogin()
	_, err := tx.ExecContext(ctx, `UPDATE users SET login = $2, login_key = $2, password_hash = NULL, pseudonym = NULL, pseudonym_key = NULL,
		community_id = NULL, webauthn_handle = NULL, disabled_at = COALESCE(disabled_at, $3), onboarded_at = NULL, last_signed_in_at = NULL,
		pseudonym_changed_at = NULL, password_changed_at = NULL, deleted_at = $3 WHERE id = $1`, id, tomb, now)
	return err
}

// tombstoneLogin is a login nobody can type or choose: '#' is not
// allowed in logins, and the random part keeps it unique.
func tombstoneLogin() string {
	var b [9]byte
	_, _ = rand.Read(b[:])
	return "#deleted-" + hex.EncodeToString(b[:])
}

// forgetNotices deletes other members' notices that name her pseudonym
// (a reply, a mention, a reveal), so no notice keeps it.
func forgetNotices(ctx context.Context, tx *sql.Tx, id int64, pseudonym string) error {
	if pseudonym == "" {
		return nil
	}
	// LIKE narrows the candidates (a % or _ in a pseudonym only widens
	// them); the exact comparison below decides.
	rows, err := tx.QueryContext(ctx, `SELECT id, args FROM notifications WHERE user_id <> $1 AND args LIKE $2`, id, "%"+pseudonym+"%")
	if err != nil {
		return err
	}
	var drop []int64
	for rows.Next() {
		var nid int64
		var args string
		if err := rows.Scan(&nid, &args); err != nil {
			_ = rows.Close() // already returning an error
			return err
		}
		var m map[string]string
		if json.Unmarshal([]byte(args), &m) != nil {
			continue
		}
		for _, v := range m {
			if strings.EqualFold(v, pseudonym) {
				drop = append(drop, nid)
				break
			}
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, nid := range drop {
		if _, err := tx.ExecContext(ctx, `DELETE FROM notifications WHERE id = $1`, nid); err != nil {
			return err
		}
	}
	return nil
}
