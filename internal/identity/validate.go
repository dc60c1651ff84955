package identity

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"reconnect/internal/apperr"
)

// Length limits, in characters.
const (
	loginMin, loginMax       = 3, 64
	passwordMin, passwordMax = 10, 256
	nameMin, nameMax         = 2, 100
	tokenNameMax             = 60
)

// fold gives the comparison key for names that must be unique regardless
// of case and Unicode form.
func fold(s string) string {
	return cases.Fold().String(norm.NFKC.String(s))
}

// clean trims s, applies NFC and collapses runs of white space.
func clean(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// singleLine reports whether s is valid UTF-8 without control characters.
func singleLine(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}

// checkLogin validates a login name and returns its key, or an i18n key
// describing the problem.
func checkLogin(login string) (key, problem string) {
	if !singleLine(login) {
		return "", "field.invalid_characters"
	}
	n := utf8.RuneCountInString(login)
	if n < loginMin || n > loginMax {
		return "", "field.login.length"
	}
	for _, r := range login {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._-@", r))) {
			return "", "field.login.chars"
		}
	}
	return fold(login), ""
}

// checkPassword returns an i18n key describing what is wrong, or "".
func checkPassword(password, login string) string {
	if !utf8.ValidString(password) {
		return "field.invalid_characters"
	}
	n := utf8.RuneCountInString(password)
	switch {
	case n < passwordMin:
		return "field.password.short"
	case n > passwordMax:
		return "field.password.long"
	case login != "" && strings.EqualFold(strings.TrimSpace(password), login):
		return "field.password.is_login"
	}
	return ""
}

// checkName validates a person's name as entered by staff or themselves.
func checkName(name string) (string, string) {
	if !singleLine(name) {
		return "", "field.invalid_characters"
	}
	name = clean(name)
	n := utf8.RuneCountInString(name)
	if n < nameMin || n > nameMax {
		return "", "field.name.length"
	}
	return name, ""
}

// fieldErrors collects field problems and turns them into one error.
type fieldErrors map[string]string

func (f fieldErrors) add(field, problem string) {
	if problem != "" {
		if _, seen := f[field]; !seen {
			f[field] = problem
		}
	}
}

func (f fieldErrors) err() error {
	if len(f) == 0 {
		return nil
	}
	e := apperr.Invalid("err.fix_fields")
	e.Fields = f
	return e
}

// newAccount is a validated account about to be stored.
type newAccount struct {
	login, loginKey         string
	pseudonym, pseudonymKey string // forum roles
	name                    string // other roles
	language                string
}

// checkNewAccount validates what every new account needs, adding each
// problem to fe under its field name.
func checkNewAccount(fe fieldErrors, role Role, login, password, pseudonym, name, language string) newAccount {
	a := newAccount{login: login, language: "nb"}
	var problem string
	a.loginKey, problem = checkLogin(login)
	fe.add("login", problem)
	fe.add("password", checkPassword(password, login))
	if role.UsesForum() {
		a.pseudonym, a.pseudonymKey, problem = checkPseudonym(pseudonym)
		fe.add("pseudonym", problem)
	} else {
		a.name, problem = checkName(name)
		fe.add("name", problem)
	}
	if language == "en" {
		a.language = "en"
	}
	return a
}
