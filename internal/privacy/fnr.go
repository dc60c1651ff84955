package privacy

// validNationalID reports whether d (11 ASCII digits) is a well-formed
// Norwegian fødselsnummer, D-number or H-number: a plausible day and
// month and both mod-11 check digits right. Requiring both check digits
// is what keeps account numbers, order numbers and other 11-digit
// numbers out; about one random number in 120 passes them.
//
// Accepted forms: ordinary (DDMMYY), D-number (day + 40), H-number
// (month + 40) and the Tax Administration's synthetic test numbers
// (month + 80), which are shaped like real ones and are what people
// paste from test systems. Numbers issued from 2032 without check digits
// are not recognised (see docs/privacy-check.md).
func validNationalID(d string) bool {
	if len(d) != 11 {
		return false
	}
	var n [11]int
	for i := 0; i < 11; i++ {
		c := d[i]
		if c < '0' || c > '9' {
			return false
		}
		n[i] = int(c - '0')
	}
	day, month := n[0]*10+n[1], n[2]*10+n[3]
	if day > 40 {
		day -= 40
	}
	switch {
	case month > 80:
		month -= 80
	case month > 40:
		month -= 40
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn[month] {
		return false
	}
	k1, k2 := checkDigits(n)
	return k1 == n[9] && k2 == n[10]
}

// daysIn gives the longest month length, with 29 days in February since
// the year's century is not known here.
var daysIn = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// checkDigits computes K1 and K2 from the first nine digits (K2 also uses
// K1). A result of 10 means no valid number has these digits; it is
// returned as -1, which never equals a digit.
func checkDigits(n [11]int) (int, int) {
	w1 := [9]int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	w2 := [10]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
	s := 0
	for i, w := range w1 {
		s += w * n[i]
	}
	k1 := mod11(s)
	n[9] = k1
	s = 0
	for i, w := range w2 {
		s += w * n[i]
	}
	return k1, mod11(s)
}

func mod11(sum int) int {
	k := 11 - sum%11
	switch k {
	case 11:
		return 0
	case 10:
		return -1
	}
	return k
}
