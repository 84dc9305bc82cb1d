// Package names is ffic's language-neutral naming toolkit: it splits an
// identifier into words and joins words back as snake_case, camelCase,
// PascalCase or UPPER_SNAKE_CASE. The checker uses it to suggest the right
// spelling of a badly named declaration; every backend uses it to map .ffi
// names to its language, so all backends map names the same way.
//
// Compatibility trap: once generated names ship they are API. Changing how a
// word boundary is found renames symbols in every user's bindings.
package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words splits an identifier into lowercase words. Boundaries are
// underscores, a lower-to-upper change ("fooBar"), the end of an acronym
// ("HTTPServer" -> http, server) and letter/digit changes where the digit
// run follows a letter and a letter follows the digits ("utf8Decoder" ->
// utf8, decoder; "v2_api" -> v2, api). Digits stay attached to the word
// they follow.
func Words(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || unicode.IsSpace(r):
			flush()
			continue
		case unicode.IsUpper(r):
			if len(cur) > 0 {
				prev := rs[i-1]
				nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
				if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
					flush()
				}
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// Snake joins the words of s as lower_snake_case.
func Snake(s string) string { return strings.Join(Words(s), "_") }

// UpperSnake joins the words of s as UPPER_SNAKE_CASE.
func UpperSnake(s string) string { return strings.ToUpper(Snake(s)) }

// Pascal joins the words of s as PascalCase. Words that are known
// initialisms are not upper-cased: "http_server" -> "HttpServer". Backends
// that want Go-style initialisms apply them on top.
func Pascal(s string) string {
	var b strings.Builder
	for _, w := range Words(s) {
		b.WriteString(capitalize(w))
	}
	return b.String()
}

// Camel joins the words of s as camelCase.
func Camel(s string) string {
	ws := Words(s)
	var b strings.Builder
	for i, w := range ws {
		if i == 0 {
			b.WriteString(w)
			continue
		}
		b.WriteString(capitalize(w))
	}
	return b.String()
}

func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError {
		return w
	}
	return string(unicode.ToUpper(r)) + w[n:]
}

// IsSnake reports whether s is lower_snake_case: lowercase ASCII letters,
// digits and single underscores between words, starting with a letter.
func IsSnake(s string) bool { return isCase(s, false) }

// IsUpperSnake reports whether s is UPPER_SNAKE_CASE.
func IsUpperSnake(s string) bool { return isCase(s, true) }

func isCase(s string, upper bool) bool {
	if s == "" {
		return false
	}
	prevUnderscore := true // forbids a leading underscore
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_':
			if prevUnderscore {
				return false
			}
			prevUnderscore = true
			continue
		case c >= '0' && c <= '9':
			if i == 0 {
				return false
			}
		case upper && c >= 'A' && c <= 'Z', !upper && c >= 'a' && c <= 'z':
		default:
			return false
		}
		prevUnderscore = false
	}
	return !prevUnderscore
}

// IsPascal reports whether s is UpperCamelCase: it starts with an uppercase
// ASCII letter and holds only ASCII letters and digits. Acronyms ("HTTPServer")
// are allowed.
func IsPascal(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
