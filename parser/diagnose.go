package parser

import (
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/ffic/ffic/diag"
)

// Syntax errors in words. participle parses; when a chunk of declarations
// fails, the recognizer below walks the chunk's tokens by the same grammar
// (see ast.go) and says what went wrong the way a user thinks about it:
// what was expected, after which token, in words ("a type", "\",\" or
// \"}\""), never participle's productions. Its rules:
//
//   - An error is at the unexpected token, unless that token is on a later
//     line (or is the end of the file): then what is missing goes right
//     after the previous token, and the error is there
//     (`fn f() -> u32` with `fn g();` on the next line is a missing ";"
//     after "u32", and f is kept as if the ";" were there).
//   - A misspelt or miscased keyword where a keyword must be (`strcut`,
//     `Struct`, `func`, `throw`) gets a did-you-mean and is read as that
//     keyword, so the rest of the declaration is checked and, if it is
//     right, kept.
//   - After an error the recognizer skips to the next declaration keyword
//     that starts a line (or ends the broken declaration, as in a missing
//     ";"), so each broken declaration gives one error and the declarations
//     after it are parsed.
//
// The recognizer must accept exactly what the grammar accepts; the fuzz
// and random-token tests check that no participle message gets through.

// segment is one declaration the recognizer delimited in a chunk.
type segment struct {
	span
	ok      bool           // no syntax error, or only repaired ones: parse it
	fixed   map[int]string // keyword repairs, by token index
	semiAt  int            // > 0: a missing ";" goes before this token index
	errs    []*diag.Error  // what the recognizer reported
	keyword string         // the declaration's keyword, as repaired
	name    lexer.Token    // its name, once read
}

// recognizer walks toks[i:end] of one chunk. after is the token following
// the chunk (an EOF token at the end of the file).
type recognizer struct {
	toks  []lexer.Token
	i     int
	end   int
	after lexer.Token

	seg      *segment
	wantSemi bool // the failing position ends a declaration
}

// bailout unwinds a declaration at its first error.
type bailout struct{}

// recognize splits toks[sp.start:sp.end] into declarations and reports the
// first syntax error of each broken one.
func recognize(toks []lexer.Token, sp span, end lexer.Position) []segment {
	r := &recognizer{toks: toks, i: sp.start, end: sp.end}
	r.after = lexer.Token{Type: lexer.EOF, Pos: end}
	if sp.end < len(toks) {
		r.after = toks[sp.end]
	}
	var segs []segment
	for r.i < r.end {
		segs = append(segs, r.decl())
	}
	return segs
}

// decl recognizes one declaration starting at r.i.
func (r *recognizer) decl() (seg segment) {
	seg.start = r.i
	seg.ok = true
	r.seg = &seg
	r.wantSemi = false
	defer func() {
		if x := recover(); x != nil {
			if _, ok := x.(bailout); !ok {
				panic(x)
			}
			seg.ok = false
			r.resync(seg.start)
		}
		seg.end = r.i
		r.seg = nil
	}()
	t := r.peek()
	kw := t.Value
	if t.Type == identT && !declStart[kw] {
		if k := nearKeyword(kw, declKeywords); k != "" {
			r.misspelt(k)
			kw = k
		}
	}
	if t.Type != identT || !declStart[kw] {
		r.notADecl()
	}
	seg.keyword = kw
	switch kw {
	case "library":
		r.next()
		r.declName("the library's name")
		r.semi()
	case "const":
		r.next()
		r.declName("a name")
		if r.is("=") {
			r.fail(`":" and a type`, "")
		}
		r.colon()
		r.typ()
		r.expect("=", `"="`)
		r.literal()
		r.semi()
	case "enum":
		r.next()
		r.declName("a name")
		r.expect("{", `"{"`)
		r.list("}", "a member name", func() {
			if r.is("=") {
				r.next()
				r.literal()
			} else if r.is(":") {
				r.fail(`"=", "," or "}"`, `an enum member's value follows "="`)
			}
		}, `"=", "," or "}"`)
	case "struct":
		r.next()
		r.declName("a name")
		r.expect("{", `"{"`)
		r.list("}", "a field name", func() {
			r.colon()
			r.typ()
		}, "")
	case "union":
		r.next()
		r.declName("a name")
		r.expect("{", `"{"`)
		r.list("}", "an arm name", func() {
			if r.is(":") {
				r.next()
				r.typ()
			}
		}, `":", "," or "}"`)
	case "ctor":
		r.next()
		r.params()
		r.throws(`"throws" or ";"`)
	case "event":
		r.next()
		r.declName("a name")
		r.params()
		if r.is("->") {
			r.fail(`";"`, "an event has no result")
		}
		r.semi()
	default: // fn and its modifiers
		r.modifiers()
		seg.keyword = "fn"
		name := r.peek()
		r.declName("a name")
		if (name.Value == "host" || name.Value == "static" || name.Value == "async") && r.isIdent() {
			r.failAt(name, fmt.Sprintf("%q goes before \"fn\": write `%s fn`", name.Value, name.Value))
		}
		r.params()
		if r.is("->") {
			r.next()
			r.typ()
			r.throws(`"throws" or ";"`)
			break
		}
		if r.is(":") || r.is("=") || r.isIdent() && r.value() != "throws" && nearKeyword(r.value(), []string{"throws"}) == "" {
			r.fail(`"->", "throws" or ";"`, `a result type follows "->"`)
		}
		r.throws(`"->", "throws" or ";"`)
	}
	return seg
}

// peek is the current token: the chunk's next one, or what follows the
// chunk.
func (r *recognizer) peek() lexer.Token {
	if r.i < r.end {
		return r.toks[r.i]
	}
	return r.after
}

func (r *recognizer) next() { r.i++ }

// is reports whether the current token is the punctuation p.
func (r *recognizer) is(p string) bool {
	if r.i >= r.end {
		return false
	}
	t := r.toks[r.i]
	return t.Type == punctT && t.Value == p
}

func (r *recognizer) isIdent() bool { return r.i < r.end && r.toks[r.i].Type == identT }

// value is the current token's text, as repaired.
func (r *recognizer) value() string {
	if k, ok := r.seg.fixed[r.i]; ok {
		return k
	}
	return r.peek().Value
}

// word reports whether the current token is the keyword k, accepting (and
// reporting) a misspelling of it.
func (r *recognizer) word(k string) bool {
	if !r.isIdent() {
		return false
	}
	v := r.value()
	if v == k {
		return true
	}
	if nearKeyword(v, []string{k}) == k {
		r.misspelt(k)
		return true
	}
	return false
}

func (r *recognizer) expect(p, what string) {
	if !r.is(p) {
		r.fail(what, "")
	}
	r.next()
}

func (r *recognizer) semi() { r.endSemi(`";"`) }

// endSemi expects the ";" that ends a declaration (want says what else may
// come here). A ";" missing at the end of a line is reported and taken as
// written: the declaration is kept and the next one parsed.
func (r *recognizer) endSemi(want string) {
	r.wantSemi = true
	if r.is(";") {
		r.next()
		return
	}
	t, prev := r.peek(), r.toks[r.i-1]
	if t.EOF() || t.Pos.Line > prev.Pos.Line {
		r.report(endOf(prev), fmt.Sprintf("expected %s after %s", want, describe(prev)))
		r.seg.semiAt = r.i
		return
	}
	r.fail(want, "")
}

// declName expects the declaration's name.
func (r *recognizer) declName(what string) {
	r.name(what)
	r.seg.name = r.toks[r.i-1]
}

// name expects an identifier.
func (r *recognizer) name(what string) {
	if !r.isIdent() {
		r.fail(what, "")
	}
	r.next()
}

// colon expects the ":" after a field or parameter name; a separator
// instead says the type is missing.
func (r *recognizer) colon() {
	if r.is(":") {
		r.next()
		return
	}
	if r.is(",") || r.is(")") || r.is("}") || r.i >= r.end {
		r.fail(`":" and a type`, "")
	}
	r.fail(`":"`, "")
}

// throws recognizes `( "throws" type )? ";"`; want is what may come at
// this point.
func (r *recognizer) throws(want string) {
	if r.word("throws") {
		r.next()
		r.typ()
		if r.is("->") {
			r.fail(`";"`, `the result type ("-> type") comes before "throws"`)
		}
		r.semi()
		return
	}
	r.endSemi(want)
}

// list recognizes `( item ( "," item )* ","? )? close` after the opening
// bracket. item is called after the item's name; afterName, if set, is
// what may follow a bare name (for the message).
func (r *recognizer) list(close, what string, item func(), afterName string) {
	closeQ := fmt.Sprintf("%q", close)
	for {
		if r.is(close) {
			r.next()
			return
		}
		if !r.isIdent() || r.nextDecl() {
			r.fail(what+" or "+closeQ, "")
		}
		r.next()
		item()
		if r.is(",") {
			r.next()
			continue
		}
		if r.is(close) {
			r.next()
			return
		}
		want := `"," or ` + closeQ
		if afterName != "" && r.toks[r.i-1].Type == identT && r.prevIsName() {
			want = afterName
		}
		hint := ""
		if r.is(";") && close == "}" {
			hint = `separate them with ","`
		}
		r.fail(want, hint)
	}
}

// nextDecl reports whether the current token starts a line and looks like
// the start of the next declaration (a declaration keyword followed by a
// name, or `ctor(`): in a list of fields or members, the list was not
// closed. Either way it is an error; this only puts it where the "}" or
// ")" is missing.
func (r *recognizer) nextDecl() bool {
	t, prev := r.toks[r.i], r.toks[r.i-1]
	if !declStart[t.Value] || t.Pos.Line <= prev.Pos.Line || r.i+1 >= r.end {
		return false
	}
	n := r.toks[r.i+1]
	return n.Type == identT || t.Value == "ctor" && n.Type == punctT && n.Value == "("
}

// prevIsName reports whether the previous token is a member's or arm's
// bare name (right after "{" or ",").
func (r *recognizer) prevIsName() bool {
	if r.i < 2 {
		return false
	}
	p := r.toks[r.i-2]
	return p.Type == punctT && (p.Value == "{" || p.Value == ",")
}

// params recognizes a parenthesized parameter list.
func (r *recognizer) params() {
	r.expect("(", `"("`)
	r.list(")", "a parameter name", func() {
		r.colon()
		r.typ()
	}, "")
}

// modifiers recognizes `host? static? async? fn`, in that order.
func (r *recognizer) modifiers() {
	rank := map[string]int{"host": 0, "static": 1, "async": 2}
	last := ""
	for {
		if r.word("fn") {
			r.next()
			return
		}
		t := r.peek()
		k := r.value()
		if _, ok := rank[k]; !ok && r.isIdent() {
			k = nearKeyword(k, []string{"host", "static", "async"})
			if k != "" {
				r.misspelt(k)
			}
		}
		n, ok := rank[k]
		if !ok || !r.isIdent() {
			if last == "" {
				r.notADecl()
			}
			r.fail(`"fn"`, "")
		}
		if last != "" {
			switch {
			case k == last:
				r.failAt(t, fmt.Sprintf("%q is written twice", k))
			case k == "host" && last == "static":
				r.failAt(t, `"host" cannot follow "static": a host fn cannot be static`)
			case k == "host" && last == "async":
				r.failAt(t, "\"host\" cannot follow \"async\": a host fn cannot be async (write `host fn`)")
			case n < rank[last]:
				r.failAt(t, fmt.Sprintf("%q must come before %q (write `static async fn`)", k, last))
			}
		}
		last = k
		r.next()
	}
}

// typ recognizes a type: `name ( "<" type ( "," type )* ","? ">" )? "?"*`.
func (r *recognizer) typ() {
	if !r.isIdent() {
		r.fail("a type", "")
	}
	r.next()
	if r.is("<") {
		r.next()
		for {
			r.typ()
			if r.is(",") {
				r.next()
				if r.is(">") {
					r.next()
					break
				}
				continue
			}
			if r.is(">") {
				r.next()
				break
			}
			r.fail(`"," or ">"`, "")
		}
	}
	for r.is("?") {
		r.next()
	}
}

// literal recognizes a constant value: `-`? then a number, string or name.
func (r *recognizer) literal() {
	if r.is("-") {
		r.next()
		if !r.isLiteral() {
			r.fail("a number", "")
		}
		r.next()
		return
	}
	if !r.isLiteral() {
		r.fail("a value", "")
	}
	r.next()
}

func (r *recognizer) isLiteral() bool {
	if r.i >= r.end {
		return false
	}
	switch r.toks[r.i].Type {
	case intT, floatT, stringT, identT:
		return true
	}
	return false
}

// misspelt reports the current token as a misspelling of keyword k and
// reads it as k from now on.
func (r *recognizer) misspelt(k string) {
	t := r.toks[r.i]
	r.report(t.Pos, fmt.Sprintf("unknown keyword %q; did you mean %q?", t.Value, k))
	if r.seg.fixed == nil {
		r.seg.fixed = map[int]string{}
	}
	r.seg.fixed[r.i] = k
}

// notADecl reports a token that cannot start a declaration.
func (r *recognizer) notADecl() {
	t := r.peek()
	var msg string
	switch {
	case t.Type == punctT && t.Value == ";" && r.i > 0 && r.toks[r.i-1].Value == "}" && r.toks[r.i-1].Type == punctT:
		msg = `unexpected ";" after "}": a struct, enum or union ends with its "}"`
	case t.Type == punctT && t.Value == ";":
		msg = `unexpected ";": there is no declaration for it to end`
	case t.Type == punctT && t.Value == "}":
		msg = `unexpected "}": there is no "{" for it to close`
	default:
		msg = "expected a declaration (library, const, enum, struct, union, ctor, event or fn), found " + describe(t)
		if t.Type == identT && r.i+1 < r.end && r.toks[r.i+1].Type == punctT && r.toks[r.i+1].Value == "(" {
			msg += fmt.Sprintf(" (write `fn %s(...)` to declare a fn)", t.Value)
		}
	}
	r.failAt(t, msg)
}

// fail reports that want was expected at the current token, with an
// optional hint, and abandons the declaration.
func (r *recognizer) fail(want, hint string) {
	t := r.peek()
	prev := r.toks[r.i-1]
	if hint != "" {
		hint = " (" + hint + ")"
	}
	if t.EOF() || t.Pos.Line > prev.Pos.Line {
		r.report(endOf(prev), fmt.Sprintf("expected %s after %s%s", want, describe(prev), hint))
	} else {
		r.report(t.Pos, fmt.Sprintf("expected %s after %s, found %s%s", want, describe(prev), describe(t), hint))
	}
	panic(bailout{})
}

func (r *recognizer) failAt(t lexer.Token, msg string) {
	r.report(t.Pos, msg)
	panic(bailout{})
}

func (r *recognizer) report(p lexer.Position, msg string) {
	r.seg.errs = append(r.seg.errs, &diag.Error{Pos: toPos(p), Msg: msg})
}

// resync moves r.i past a broken declaration that started at start: to the
// next declaration keyword that starts a line (not after a modifier), or to
// the failing token itself when it is a declaration keyword where the
// declaration could have ended, or to a near-miss keyword after ";" or
// "}", or to the end of the chunk.
func (r *recognizer) resync(start int) {
	i := r.i
	if i <= start {
		i = start + 1
	}
	for ; i < r.end; i++ {
		t, prev := r.toks[i], r.toks[i-1]
		if t.Type != identT {
			continue
		}
		if declStart[t.Value] {
			if i == r.i && r.wantSemi {
				break
			}
			if prev.Pos.Line < t.Pos.Line && !(prev.Type == identT && (prev.Value == "host" || prev.Value == "static" || prev.Value == "async")) {
				break
			}
		}
		if prev.Type == punctT && (prev.Value == ";" || prev.Value == "}") && nearKeyword(t.Value, declKeywords) != "" {
			break
		}
	}
	r.i = i
}

// describe names a token for a message.
func describe(t lexer.Token) string {
	switch {
	case t.EOF():
		return "the end of the file"
	case t.Type == stringT:
		return "a string"
	case len(t.Value) > 40: // identifiers and numbers are ASCII
		return fmt.Sprintf("%q", t.Value[:32]+"...")
	}
	return fmt.Sprintf("%q", t.Value)
}

// endOf is the position right after token t (which holds no newline).
func endOf(t lexer.Token) lexer.Position {
	p := t.Pos
	p.Offset += len(t.Value)
	p.Column += len([]rune(t.Value))
	return p
}

// declKeywords are the words that can start a declaration, for
// did-you-mean.
var declKeywords = []string{"library", "const", "enum", "struct", "union", "ctor", "event", "fn", "async", "static", "host"}

// aliases are words of other languages users write for ffic's keywords.
var aliases = map[string]string{
	"func": "fn", "function": "fn", "fun": "fn", "def": "fn",
	"constructor": "ctor", "throw": "throws", "raises": "throws",
}

// nearKeyword returns the keyword of candidates that word is a misspelling
// of ("" if none): a case-insensitive match, a known alias, or (for words
// of three letters or more) at most one edit, two for keywords of five
// letters or more, counting a swap of neighbours as one.
func nearKeyword(word string, candidates []string) string {
	for _, k := range candidates {
		if strings.EqualFold(word, k) {
			return k
		}
	}
	lower := strings.ToLower(word)
	if a, ok := aliases[lower]; ok {
		for _, k := range candidates {
			if k == a {
				return k
			}
		}
	}
	if len(word) < 3 || len(word) > 16 {
		return ""
	}
	best, bestD := "", 0
	for _, k := range candidates {
		limit := 1
		if len(k) >= 5 {
			limit = 2
		}
		if d := osaDistance(lower, k); d <= limit && (best == "" || d < bestD) {
			best, bestD = k, d
		}
	}
	return best
}

// osaDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent bytes.
func osaDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
