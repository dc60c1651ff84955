package events

import (
	"testing"
	"time"
)

var oslo, _ = time.LoadLocation("Europe/Oslo")

func dates(ts []time.Time) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Format("2006-01-02 15:04 MST"))
	}
	return out
}

// A weekly 18:00 café stays at 18:00 Oslo time across the March and
// October daylight-saving changes (its UTC time moves by an hour).
func TestWeeklyAcrossDaylightSaving(t *testing.T) {
	start := time.Date(2026, 3, 17, 18, 0, 0, 0, oslo)
	got := dates(Expand(start, Rule{Freq: Weekly, Until: "2026-04-07"}, start, time.Time{}))
	want := []string{"2026-03-17 18:00 CET", "2026-03-24 18:00 CET", "2026-03-31 18:00 CEST", "2026-04-07 18:00 CEST"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("occurrence %d: %s, want %s", i, got[i], want[i])
		}
	}
	autumn := time.Date(2026, 10, 13, 18, 0, 0, 0, oslo)
	occ := Expand(autumn, Rule{Freq: Fortnightly}, autumn, time.Date(2026, 11, 11, 0, 0, 0, 0, oslo))
	if d := dates(occ); len(d) != 3 || d[1] != "2026-10-27 18:00 CET" || occ[0].UTC().Hour() != 16 || occ[1].UTC().Hour() != 17 {
		t.Errorf("fortnightly over the October change: %v", d)
	}
}

// "First Tuesday" and "last Thursday" each month.
func TestMonthlyNthWeekday(t *testing.T) {
	start := time.Date(2026, 9, 1, 17, 30, 0, 0, oslo) // a Tuesday, the first of the month
	got := dates(Expand(start, Rule{Freq: MonthlyNth, Nth: 1}, start, time.Date(2027, 1, 1, 0, 0, 0, 0, oslo)))
	want := []string{"2026-09-01 17:30 CEST", "2026-10-06 17:30 CEST", "2026-11-03 17:30 CET", "2026-12-01 17:30 CET"}
	if len(got) != 4 || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Errorf("first Tuesdays: %v", got)
	}
	last := time.Date(2026, 10, 29, 12, 0, 0, 0, oslo) // the last Thursday of October
	got = dates(Expand(last, Rule{Freq: MonthlyNth, Nth: -1}, last, time.Date(2027, 1, 1, 0, 0, 0, 0, oslo)))
	if len(got) != 3 || got[1] != "2026-11-26 12:00 CET" || got[2] != "2026-12-31 12:00 CET" {
		t.Errorf("last Thursdays: %v", got)
	}
	if err := (Rule{Freq: MonthlyNth, Nth: 2}).Check(start); err == nil {
		t.Error("a first Tuesday accepted as the second")
	}
	if err := (Rule{Freq: "hourly"}).Check(start); err == nil {
		t.Error("an unknown frequency accepted")
	}
	if err := (Rule{Freq: Weekly, Until: "2026-08-01"}).Check(start); err == nil {
		t.Error("until before the first accepted")
	}
}

// Expand never panics or loops forever on any rule.
func FuzzExpand(f *testing.F) {
	f.Add(int64(1774000000), "weekly", 1, "2027-01-01", int64(0), int64(100000000))
	f.Add(int64(1774000000), "monthly_nth", -1, "", int64(-1000), int64(10000000))
	f.Fuzz(func(t *testing.T, unix int64, freq string, nth int, until string, from, span int64) {
		start := time.Unix(unix%4102444800, 0).In(oslo)
		r := Rule{Freq: freq, Nth: nth, Until: until}
		if r.Check(start) != nil {
			return
		}
		f := start.Add(time.Duration(from%1e6) * time.Second)
		occ := Expand(start, r, f, f.Add(time.Duration(span%(400*24*3600))*time.Second))
		for i := 1; i < len(occ); i++ {
			if !occ[i].After(occ[i-1]) {
				t.Fatalf("not increasing: %v", occ)
			}
		}
	})
}
