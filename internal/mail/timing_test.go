package mail

import (
	"database/sql"
	"testing"
	"time"
)

// Quiet hours across midnight, within a day, and none; the end is on
// the community's wall clock, also on the night clocks change.
func TestQuietHoursRelease(t *testing.T) {
	oslo := zone("Europe/Oslo")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, oslo)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	for _, c := range []struct {
		start, end int
		now, want  string // want "" = may send now
	}{
		{22 * 60, 7 * 60, "2026-11-26 21:59", ""},
		{22 * 60, 7 * 60, "2026-11-26 22:00", "2026-11-27 07:00"},
		{22 * 60, 7 * 60, "2026-11-27 03:10", "2026-11-27 07:00"},
		{22 * 60, 7 * 60, "2026-11-27 07:00", ""},
		{22 * 60, 7 * 60, "2026-03-28 23:30", "2026-03-29 07:00"}, // clocks go forward at 02:00
		{22 * 60, 7 * 60, "2026-10-25 01:30", "2026-10-25 07:00"}, // and back at 03:00
		{13 * 60, 14*60 + 30, "2026-11-26 13:45", "2026-11-26 14:30"},
		{13 * 60, 14*60 + 30, "2026-11-26 12:59", ""},
		{8 * 60, 8 * 60, "2026-11-26 08:00", ""},
	} {
		tm := timing{loc: oslo, quietStart: c.start, quietEnd: c.end}
		release, digest := tm.hold(at(c.now))
		want := time.Time{}
		if c.want != "" {
			want = at(c.want)
		}
		if digest || !release.Equal(want) {
			t.Errorf("%d–%d at %s: release %v, want %v", c.start, c.end, c.now, release.In(oslo), want.In(oslo))
		}
	}
}

// The digest is due once from its hour: not before, not again after it
// went out or after the settings changed since.
func TestDigestDue(t *testing.T) {
	oslo := zone("Europe/Oslo")
	day := func(h, m int) time.Time { return time.Date(2026, 11, 27, h, m, 0, 0, oslo).UTC() }
	valid := func(v time.Time) sql.NullTime { return sql.NullTime{Time: v, Valid: true} }
	yesterday := valid(day(8, 0).Add(-24 * time.Hour))
	for _, c := range []struct {
		name          string
		now           time.Time
		sent, changed sql.NullTime
		release       time.Time
		due           bool
	}{
		{"before the hour", day(7, 59), yesterday, yesterday, day(8, 0), false},
		{"at the hour", day(8, 0), yesterday, yesterday, time.Time{}, true},
		{"late but not sent", day(11, 0), yesterday, yesterday, time.Time{}, true},
		{"never sent, set up yesterday", day(8, 5), sql.NullTime{}, yesterday, time.Time{}, true},
		{"already sent today", day(9, 0), valid(day(8, 0)), yesterday, day(8, 0).Add(24 * time.Hour), false},
		{"turned on after the hour", day(10, 0), yesterday, valid(day(9, 30)), day(8, 0).Add(24 * time.Hour), false},
	} {
		tm := timing{loc: oslo, digest: true, digestHour: 8, digestSent: c.sent, changed: c.changed, quietStart: 22 * 60, quietEnd: 7 * 60}
		release, due := tm.hold(c.now)
		if due != c.due || !release.Equal(c.release) {
			t.Errorf("%s: release %v due %v", c.name, release, due)
		}
	}
}
