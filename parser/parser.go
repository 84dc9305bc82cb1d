// Package parser turns the text of a .ffi file into a syntax tree. It knows
// syntax only: names are not resolved and language rules that need more than
// the grammar (naming conventions, duplicates, recursion, ...) are left to
// package check.
//
// The grammar is written with participle; the lexer is hand-written for
// speed and precise errors. Parsing recovers at declaration boundaries, so
// one run reports a syntax error in every broken declaration.
package parser

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/ffic/ffic/diag"
)

// grammar is built once; building reflects over every production.
var grammar = participle.MustBuild[File](
	participle.Lexer(definition{}),
	participle.UseLookahead(1),
)

// Grammar returns the grammar as EBNF (what docs/idl.md prints).
func Grammar() string { return grammar.String() }

// declStart holds the keywords that begin a top-level declaration.
var declStart = map[string]bool{
	"library": true, "const": true, "enum": true, "struct": true, "union": true,
	"ctor": true, "event": true, "fn": true, "async": true, "static": true, "host": true,
}

// Parse parses one .ffi file. It returns a tree holding every declaration
// that parsed (possibly none) and the errors found; the tree is never nil.
func Parse(filename string, src []byte) (*File, *diag.List) {
	toks, comments, errs := scan(filename, src)
	file := &File{Comments: comments}
	file.Pos = lexer.Position{Filename: filename, Line: 1, Column: 1}
	file.EndPos = endPos(filename, src)

	// Declarations are parsed one by one: a syntax error then breaks only
	// its own declaration, so one run reports every broken declaration and
	// keeps the ones that parse. Declarations are independent, so large
	// files are parsed on every core (participle is allocation-heavy; see
	// docs/architecture.md for where the time goes).
	chunks := splitDecls(toks)
	parts := make([][]*Decl, len(chunks))
	perrs := make([]*diag.List, len(chunks))
	pbroken := make([][]brokenDecl, len(chunks))
	parseChunk := func(i int) {
		parts[i], perrs[i], pbroken[i] = parseChunk(toks, chunks[i], file.EndPos)
	}
	workers := runtime.GOMAXPROCS(0)
	if len(chunks) < 64 || workers < 2 {
		for i := range chunks {
			parseChunk(i)
		}
	} else {
		var wg sync.WaitGroup
		next := atomic.Int64{}
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(16)) - 16
					if i >= len(chunks) {
						return
					}
					for j := i; j < i+16 && j < len(chunks); j++ {
						parseChunk(j)
					}
				}
			}()
		}
		wg.Wait()
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	file.Decls = make([]*Decl, 0, n)
	var broken []span
	for i, p := range parts {
		file.Decls = append(file.Decls, p...)
		errs.Append(perrs[i])
		for _, b := range pbroken[i] {
			broken = append(broken, b.span)
			file.Broken = append(file.Broken, b.decl)
		}
	}
	attachDocs(file, toks, broken, errs)
	return file, errs
}

type span struct{ start, end int }

// brokenDecl is a declaration with a syntax error and its tokens.
type brokenDecl struct {
	span
	decl Broken
}

// parseChunk parses one chunk of declarations. When participle fails, the
// recognizer (diagnose.go) delimits the chunk's declarations and reports
// the first error of each broken one in words; the others are parsed and
// kept. It also returns the token spans of the broken declarations, whose
// doc comments then document nothing without that being another error.
func parseChunk(toks []lexer.Token, sp span, end lexer.Position) ([]*Decl, *diag.List, []brokenDecl) {
	if d := parseByKeyword(toks, sp, end); d != nil {
		return []*Decl{d}, nil, nil
	}
	part, err := parseSpan(toks, sp, end)
	if err == nil {
		return part.Decls, nil, nil
	}
	errs := &diag.List{}
	var decls []*Decl
	var broken []brokenDecl
	for _, seg := range recognize(toks, sp, end) {
		for _, e := range seg.errs {
			errs.Add(e)
		}
		if !seg.ok {
			broken = append(broken, brokenDecl{seg.span, Broken{seg.keyword, seg.name}})
			continue
		}
		d, serr := parseSegment(toks, seg, end)
		if serr != nil {
			// The recognizer accepted what the grammar rejects: a bug
			// the fuzz tests look for. Say what participle says.
			reportSyntax(errs, serr, nextToken(toks, seg.end, end))
			broken = append(broken, brokenDecl{seg.span, Broken{seg.keyword, seg.name}})
			continue
		}
		decls = append(decls, d...)
	}
	if errs.Len() == 0 {
		reportSyntax(errs, err, nextToken(toks, sp.end, end))
	}
	return decls, errs, broken
}

// parseSegment parses one declaration the recognizer accepted, with its
// misspelt keywords repaired.
func parseSegment(toks []lexer.Token, seg segment, end lexer.Position) ([]*Decl, error) {
	sp := seg.span
	if len(seg.fixed) > 0 || seg.semiAt > 0 {
		end = nextToken(toks, sp.end, end).Pos
		cp := append(make([]lexer.Token, 0, sp.end-sp.start+1), toks[sp.start:sp.end]...)
		for i, k := range seg.fixed {
			cp[i-sp.start].Value = k
		}
		if seg.semiAt > 0 { // always the segment's end
			cp = append(cp, lexer.Token{Type: punctT, Value: ";", Pos: endOf(cp[len(cp)-1])})
		}
		toks, sp = cp, span{0, len(cp)}
	}
	if d := parseByKeyword(toks, sp, end); d != nil {
		return []*Decl{d}, nil
	}
	f, err := parseSpan(toks, sp, end)
	if err != nil {
		return nil, err
	}
	return f.Decls, nil
}

// nextToken is toks[i], or an EOF token at end past the last one.
func nextToken(toks []lexer.Token, i int, end lexer.Position) lexer.Token {
	if i < len(toks) {
		return toks[i]
	}
	return lexer.Token{Type: lexer.EOF, Pos: end}
}

func parseSpan(toks []lexer.Token, sp span, end lexer.Position) (*File, error) {
	eof := lexer.Token{Type: lexer.EOF, Pos: end}
	if sp.end < len(toks) {
		eof.Pos = toks[sp.end].Pos
	}
	peek, err := lexer.Upgrade(&sliceLexer{toks: toks[sp.start:sp.end], eof: eof})
	if err != nil {
		return nil, err
	}
	return grammar.ParseFromLexer(peek)
}

// splitDecls cuts the token stream before every declaration keyword that
// follows `;` or `}` (or starts the file): exactly the declaration
// boundaries of a valid file, and good recovery points in a broken one.
func splitDecls(toks []lexer.Token) []span {
	var spans []span
	start := 0
	for i := 1; i < len(toks); i++ {
		if toks[i].Type != identT || !declStart[toks[i].Value] {
			continue
		}
		if prev := toks[i-1]; prev.Type == punctT && (prev.Value == ";" || prev.Value == "}") {
			spans = append(spans, span{start, i})
			start = i
		}
	}
	if start < len(toks) {
		spans = append(spans, span{start, len(toks)})
	}
	return spans
}

// reportSyntax turns a participle error into a positioned diagnostic.
func reportSyntax(errs *diag.List, err error, eof lexer.Token) {
	var perr participle.Error
	if !errors.As(err, &perr) {
		errs.Errorf(toPos(eof.Pos), "%s", err)
		return
	}
	msg := perr.Message()
	var ut *participle.UnexpectedTokenError
	if errors.As(err, &ut) && ut.Unexpected.EOF() {
		// The parser saw the end of this declaration's tokens: name what
		// really comes next, the next declaration or the end of the file.
		next := "unexpected end of file"
		if eof.Value != "" {
			next = fmt.Sprintf("unexpected token %q", eof.Value)
		}
		msg = strings.Replace(msg, `unexpected token "<EOF>"`, next, 1)
	}
	errs.Errorf(toPos(perr.Position()), "%s", msg)
}

func endPos(filename string, src []byte) lexer.Position {
	p := lexer.Position{Filename: filename, Offset: len(src), Line: 1, Column: 1}
	for _, r := range string(src) {
		if r == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
	}
	return p
}

// attachDocs gives every `///` block to the node whose first token follows
// it. A block that documents nothing, or that trails code on its line, is an
// error: silently dropping documentation would surprise users. A block
// before a token of a declaration with a syntax error (broken, sorted)
// documents nothing, but the syntax error says why.
func attachDocs(file *File, toks []lexer.Token, broken []span, errs *diag.List) {
	targets := map[int]*[]string{}
	walkDocTargets(file, func(pos lexer.Position, doc *[]string) { targets[pos.Offset] = doc })

	documented := map[*[]string]lexer.Position{}
	cs := file.Comments
	for i := 0; i < len(cs); i++ {
		if cs[i].Type != docT {
			continue
		}
		first := cs[i]
		lines := []string{docText(first.Value)}
		// A block is a run of doc lines on consecutive lines with no code
		// between them (`///a` / `x: u8 }///b` is two blocks).
		for i+1 < len(cs) && cs[i+1].Type == docT && cs[i+1].Pos.Line == cs[i].Pos.Line+1 &&
			!tokenBetween(toks, cs[i].Pos.Offset, cs[i+1].Pos.Offset) {
			i++
			lines = append(lines, docText(cs[i].Value))
		}
		next := sort.Search(len(toks), func(k int) bool { return toks[k].Pos.Offset > cs[i].Pos.Offset })
		if next > 0 && toks[next-1].Pos.Line == first.Pos.Line {
			errs.Errorf(toPos(first.Pos), "doc comment must be on its own line before what it documents (use // for a trailing comment)")
			continue
		}
		if next == len(toks) {
			errs.Errorf(toPos(first.Pos), "doc comment documents nothing (use // for a plain comment)")
			continue
		}
		doc, ok := targets[toks[next].Pos.Offset]
		if !ok && inSpans(broken, next) {
			continue
		}
		if !ok {
			errs.Errorf(toPos(first.Pos), "doc comment must come right before a declaration, field, enum member, union arm or parameter (use // for a plain comment)")
			continue
		}
		if prev, taken := documented[doc]; taken {
			// Two doc blocks before one node: keeping either silently
			// would lose documentation.
			errs.Errorf(toPos(prev), "doc comment is followed by another doc comment before what it documents (join them, or use // for a plain comment)")
		}
		documented[doc] = first.Pos
		*doc = lines
	}
}

// inSpans reports whether token index i lies in one of the sorted spans.
func inSpans(spans []span, i int) bool {
	k := sort.Search(len(spans), func(k int) bool { return spans[k].end > i })
	return k < len(spans) && spans[k].start <= i
}

// tokenBetween reports whether a token starts between offsets lo and hi.
func tokenBetween(toks []lexer.Token, lo, hi int) bool {
	k := sort.Search(len(toks), func(k int) bool { return toks[k].Pos.Offset > lo })
	return k < len(toks) && toks[k].Pos.Offset < hi
}

func docText(s string) string {
	s = strings.TrimPrefix(s, "///")
	s = strings.TrimPrefix(s, " ")
	return strings.TrimRight(s, " \t\r")
}

// walkDocTargets calls fn for every node that can carry a doc comment.
func walkDocTargets(file *File, fn func(lexer.Position, *[]string)) {
	fields := func(fs []*Field) {
		for _, f := range fs {
			fn(f.Pos, &f.Doc)
		}
	}
	for _, d := range file.Decls {
		switch {
		case d.Library != nil:
			fn(d.Library.Pos, &d.Library.Doc)
		case d.Const != nil:
			fn(d.Const.Pos, &d.Const.Doc)
		case d.Enum != nil:
			fn(d.Enum.Pos, &d.Enum.Doc)
			for _, m := range d.Enum.Members {
				fn(m.Pos, &m.Doc)
			}
		case d.Struct != nil:
			fn(d.Struct.Pos, &d.Struct.Doc)
			fields(d.Struct.Fields)
		case d.Union != nil:
			fn(d.Union.Pos, &d.Union.Doc)
			for _, a := range d.Union.Arms {
				fn(a.Pos, &a.Doc)
			}
		case d.Ctor != nil:
			fn(d.Ctor.Pos, &d.Ctor.Doc)
			fields(d.Ctor.Params)
		case d.Event != nil:
			fn(d.Event.Pos, &d.Event.Doc)
			fields(d.Event.Params)
		case d.Func != nil:
			fn(d.Func.Pos, &d.Func.Doc)
			fields(d.Func.Params)
		}
	}
}

// Pos converts a participle position to ffic's position type.
func Pos(p lexer.Position) diag.Pos { return toPos(p) }
