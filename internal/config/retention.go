package config

import (
	"flag"
	"fmt"
)

// Retention says how long personal data is kept (docs/privacy.md).
// Periods are whole days.
type Retention struct {
	DeletionDays int // cooling-off between asking to delete an account and its deletion
	CareDays     int // a deleted member's care conversations stay readable for her providers
	UsageDays    int // usage events for research
	LiftDays     int // lift and buddy conversations after they closed
	DraftDays    int // forum drafts not touched for this long
}

// DefaultRetention is what a deployment gets unless it says otherwise.
// Care messages are not the patient journal: providers copy what
// matters into their journal system, which has its own retention in
// law. One year leaves time for that and for complaints.
func DefaultRetention() Retention {
	return Retention{DeletionDays: 7, CareDays: 365, UsageDays: 3 * 365, LiftDays: 30, DraftDays: 90}
}

func (r *Retention) register(fs *flag.FlagSet, getenv func(string) string) {
	d := DefaultRetention()
	fs.IntVar(&r.DeletionDays, "deletion-cooling-off-days", envInt(getenv, "RECONNECT_DELETION_COOLING_OFF_DAYS", d.DeletionDays), "days between a member asking to delete her account and its deletion; signing in cancels (RECONNECT_DELETION_COOLING_OFF_DAYS)")
	fs.IntVar(&r.CareDays, "care-retention-days", envInt(getenv, "RECONNECT_CARE_RETENTION_DAYS", d.CareDays), "days a deleted member's care conversations stay for her providers; 0 deletes them with the account (RECONNECT_CARE_RETENTION_DAYS)")
	fs.IntVar(&r.UsageDays, "usage-retention-days", envInt(getenv, "RECONNECT_USAGE_RETENTION_DAYS", d.UsageDays), "days usage events are kept for research (RECONNECT_USAGE_RETENTION_DAYS)")
	fs.IntVar(&r.LiftDays, "lift-retention-days", envInt(getenv, "RECONNECT_LIFT_RETENTION_DAYS", d.LiftDays), "days lift and buddy conversations are kept after they close (RECONNECT_LIFT_RETENTION_DAYS)")
	fs.IntVar(&r.DraftDays, "draft-retention-days", envInt(getenv, "RECONNECT_DRAFT_RETENTION_DAYS", d.DraftDays), "days an untouched forum draft is kept (RECONNECT_DRAFT_RETENTION_DAYS)")
}

func (r Retention) check() error {
	for _, p := range []struct {
		name      string
		v, lo, hi int
	}{
		{"deletion-cooling-off-days", r.DeletionDays, 0, 90},
		{"care-retention-days", r.CareDays, 0, 20 * 366},
		{"usage-retention-days", r.UsageDays, 1, 20 * 366},
		{"lift-retention-days", r.LiftDays, 0, 3660},
		{"draft-retention-days", r.DraftDays, 1, 3660},
	} {
		if p.v < p.lo || p.v > p.hi {
			return fmt.Errorf("%s %d must be between %d and %d", p.name, p.v, p.lo, p.hi)
		}
	}
	return nil
}
