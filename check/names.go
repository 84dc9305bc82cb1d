package check

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/ffic/ffic/diag"
	"github.com/ffic/ffic/names"
)

// keywords are ffic's own reserved words. Keywords of target languages are
// not reserved: backends escape them.
var keywords = map[string]bool{
	"library": true, "const": true, "enum": true, "struct": true, "union": true,
	"ctor": true, "fn": true, "async": true, "static": true, "host": true,
	"event": true, "throws": true,
}

// style is a naming convention of the language.
type style int

const (
	snake      style = iota // lower_snake_case
	pascal                  // UpperCamelCase
	upperSnake              // UPPER_SNAKE_CASE
)

var styles = [...]struct {
	name    string
	is      func(string) bool
	convert func(string) string
}{
	snake:      {"lower_snake_case", names.IsSnake, names.Snake},
	pascal:     {"UpperCamelCase", names.IsPascal, names.Pascal},
	upperSnake: {"UPPER_SNAKE_CASE", names.IsUpperSnake, names.UpperSnake},
}

// checkName reports a reserved word or a name that breaks its convention,
// suggesting the right spelling when there is one.
func (c *checker) checkName(what string, name lexer.Token, st style) {
	if keywords[name.Value] {
		c.errorf(pos(name.Pos), "%q is a keyword of ffic and cannot name a %s", name.Value, what)
		return
	}
	s := styles[st]
	if s.is(name.Value) {
		return
	}
	if want := s.convert(name.Value); want != "" && want != name.Value && s.is(want) && !keywords[want] {
		c.errorf(pos(name.Pos), "%s %q must be %s: %q", what, name.Value, s.name, want)
		return
	}
	c.errorf(pos(name.Pos), "%s %q must be %s", what, name.Value, s.name)
}

// scope is one namespace: the types of a file, the fields of a struct, the
// parameters of a call. Besides exact duplicates it rejects names that
// differ only in word boundaries ("http2" and "http_2", "HTTPCode" and
// "HttpCode"): every backend maps names by their words, so such names would
// collide in generated code.
type scope struct {
	what   string
	first  map[string]lexer.Token // by name
	byWord map[string]lexer.Token // by words joined without separators
}

func newScope(what string) *scope {
	return &scope{what: what, first: map[string]lexer.Token{}, byWord: map[string]lexer.Token{}}
}

// define adds name, reporting a duplicate or a collision. It reports whether
// the name was new.
func (s *scope) define(c *checker, kind string, name lexer.Token) bool {
	if prev, ok := s.first[name.Value]; ok {
		c.errorf(pos(name.Pos), "%s %q already declared at %s", kind, name.Value, posOf(prev))
		return false
	}
	key := strings.Join(names.Words(name.Value), "")
	if prev, ok := s.byWord[key]; ok && key != "" {
		c.errorf(pos(name.Pos), "%s %q collides with %q declared at %s: generated code would spell both the same",
			kind, name.Value, prev.Value, posOf(prev))
		return false
	}
	s.first[name.Value] = name
	if key != "" {
		s.byWord[key] = name
	}
	return true
}

func posOf(t lexer.Token) diag.Pos { return pos(t.Pos) }

// suggest returns the candidate closest to name ("" if none is close):
// a case-insensitive match first, then the smallest edit distance within a
// third of the name's length. Candidates are tried in the order given, so
// the result is deterministic.
func suggest(name string, candidates []string) string {
	for _, cand := range candidates {
		if strings.EqualFold(cand, name) {
			return cand
		}
	}
	best, bestDist := "", len(name)/3+1
	if bestDist > 3 {
		bestDist = 3
	}
	for _, cand := range candidates {
		if d := editDistance(strings.ToLower(name), strings.ToLower(cand)); d <= bestDist && (best == "" || d < editDistance(strings.ToLower(name), strings.ToLower(best))) {
			best = cand
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30 // long names are never typos of each other worth suggesting
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
