package parser

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/ffic/ffic/diag"
)

// dump renders a tree one node per line, with the position of every node
// and the doc comments attached to it, so table tests can state the whole
// tree they expect in a few readable lines:
//
//	1:1 struct S
//	  /// Doc.
//	  2:5 field a: list<map<string, Foo?>>
func dump(f *File) string {
	var b strings.Builder
	line := func(indent string, p lexer.Position, doc []string, format string, args ...any) {
		for _, d := range doc {
			fmt.Fprintf(&b, "%s/// %s\n", indent, d)
		}
		fmt.Fprintf(&b, "%s%d:%d %s\n", indent, p.Line, p.Column, fmt.Sprintf(format, args...))
	}
	params := func(fs []*Field) {
		for _, p := range fs {
			line("  ", p.Pos, p.Doc, "param %s: %s", p.Name.Value, typeString(p.Type))
		}
	}
	for _, d := range f.Decls {
		switch {
		case d.Library != nil:
			n := d.Library
			line("", n.Pos, n.Doc, "library %s", n.Name.Value)
		case d.Const != nil:
			n := d.Const
			line("", n.Pos, n.Doc, "const %s: %s = %s", n.Name.Value, typeString(n.Type), literalString(n.Value))
		case d.Enum != nil:
			n := d.Enum
			line("", n.Pos, n.Doc, "enum %s", n.Name.Value)
			for _, m := range n.Members {
				if m.Value != nil {
					line("  ", m.Pos, m.Doc, "member %s = %s", m.Name.Value, literalString(m.Value))
				} else {
					line("  ", m.Pos, m.Doc, "member %s", m.Name.Value)
				}
			}
		case d.Struct != nil:
			n := d.Struct
			line("", n.Pos, n.Doc, "struct %s", n.Name.Value)
			for _, fl := range n.Fields {
				line("  ", fl.Pos, fl.Doc, "field %s: %s", fl.Name.Value, typeString(fl.Type))
			}
		case d.Union != nil:
			n := d.Union
			line("", n.Pos, n.Doc, "union %s", n.Name.Value)
			for _, a := range n.Arms {
				if a.Type != nil {
					line("  ", a.Pos, a.Doc, "arm %s: %s", a.Name.Value, typeString(a.Type))
				} else {
					line("  ", a.Pos, a.Doc, "arm %s", a.Name.Value)
				}
			}
		case d.Ctor != nil:
			n := d.Ctor
			line("", n.Pos, n.Doc, "ctor%s", throwsString(n.Throws))
			params(n.Params)
		case d.Event != nil:
			n := d.Event
			line("", n.Pos, n.Doc, "event %s", n.Name.Value)
			params(n.Params)
		case d.Func != nil:
			n := d.Func
			var mods string
			if n.Host {
				mods += "host "
			}
			if n.Static {
				mods += "static "
			}
			if n.Async {
				mods += "async "
			}
			result := ""
			if n.Result != nil {
				result = " -> " + typeString(n.Result)
			}
			line("", n.Pos, n.Doc, "%sfn %s%s%s", mods, n.Name.Value, result, throwsString(n.Throws))
			params(n.Params)
		default:
			b.WriteString("empty decl\n")
		}
	}
	return b.String()
}

// typeString prints a type reference as written, one `?` per Question.
func typeString(t *TypeRef) string {
	if t == nil {
		return "<nil>"
	}
	s := t.Name.Value
	if len(t.Args) > 0 {
		args := make([]string, len(t.Args))
		for i, a := range t.Args {
			args[i] = typeString(a)
		}
		s += "<" + strings.Join(args, ", ") + ">"
	}
	return s + strings.Repeat("?", len(t.Optional))
}

// typePosString is typeString with the position of every name and `?`.
func typePosString(t *TypeRef) string {
	if t == nil {
		return "<nil>"
	}
	s := fmt.Sprintf("%s@%d:%d", t.Name.Value, t.Pos.Line, t.Pos.Column)
	if len(t.Args) > 0 {
		args := make([]string, len(t.Args))
		for i, a := range t.Args {
			args[i] = typePosString(a)
		}
		s += "<" + strings.Join(args, ", ") + ">"
	}
	for _, q := range t.Optional {
		s += fmt.Sprintf("?@%d:%d", q.Pos.Line, q.Pos.Column)
	}
	return s
}

func throwsString(t *TypeRef) string {
	if t == nil {
		return ""
	}
	return " throws " + typeString(t)
}

// literalString prints a literal with the kind of token it holds.
func literalString(l *Literal) string {
	if l == nil {
		return "<nil>"
	}
	neg := ""
	if l.Neg {
		neg = "-"
	}
	switch {
	case l.Int != nil:
		return neg + "int(" + *l.Int + ")"
	case l.Float != nil:
		return neg + "float(" + *l.Float + ")"
	case l.Str != nil:
		return neg + "string(" + *l.Str + ")"
	case l.Ident != nil:
		return neg + "ident(" + *l.Ident + ")"
	}
	return neg + "<empty>"
}

// errorStrings renders errors as "line:col: message", without the file.
func errorStrings(errs *diag.List) []string {
	var out []string
	for _, e := range errs.Errors() {
		out = append(out, fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg))
	}
	return out
}

// lineCol computes the 1-based line and rune column of a byte offset the
// way the language defines them: a leading byte order mark takes no column
// and every byte that is not UTF-8 takes one.
func lineCol(src []byte, off int) (line, col int) {
	line, col = 1, 1
	i := 0
	if len(src) >= 3 && string(src[:3]) == "\uFEFF" {
		i = 3
	}
	for i < off && i < len(src) {
		if src[i] == '\n' {
			line++
			col = 1
			i++
			continue
		}
		_, size := utf8.DecodeRune(src[i:])
		i += size
		col++
	}
	return line, col
}

// checkPositions verifies every position in a tree parsed without errors:
// the offset points at the node's first token, and line and column agree
// with the offset.
func checkPositions(t *testing.T, name string, src []byte, f *File) {
	t.Helper()
	check := func(what string, p lexer.Position, text string) {
		t.Helper()
		if p.Offset < 0 || p.Offset > len(src) || !strings.HasPrefix(string(src[p.Offset:]), text) {
			t.Errorf("%s: %s at %d:%d (offset %d) does not start with %q", name, what, p.Line, p.Column, p.Offset, text)
			return
		}
		if line, col := lineCol(src, p.Offset); line != p.Line || col != p.Column {
			t.Errorf("%s: %s %q at offset %d: got %d:%d, want %d:%d", name, what, text, p.Offset, p.Line, p.Column, line, col)
		}
	}
	token := func(what string, tok lexer.Token) { check(what, tok.Pos, tok.Value) }
	var typ func(*TypeRef)
	typ = func(r *TypeRef) {
		if r == nil {
			return
		}
		check("type", r.Pos, r.Name.Value)
		token("type name", r.Name)
		for _, a := range r.Args {
			typ(a)
		}
		for _, q := range r.Optional {
			check("?", q.Pos, "?")
		}
	}
	lit := func(l *Literal) {
		if l == nil {
			return
		}
		first := literalText(l)
		if l.Neg {
			first = "-"
		}
		check("literal", l.Pos, first)
	}
	fields := func(fs []*Field) {
		for _, fl := range fs {
			check("field", fl.Pos, fl.Name.Value)
			token("field name", fl.Name)
			typ(fl.Type)
		}
	}
	for _, d := range f.Decls {
		var first string
		var pos lexer.Position
		switch {
		case d.Library != nil:
			n := d.Library
			first, pos = "library", n.Pos
			token("library name", n.Name)
		case d.Const != nil:
			n := d.Const
			first, pos = "const", n.Pos
			token("const name", n.Name)
			typ(n.Type)
			lit(n.Value)
		case d.Enum != nil:
			n := d.Enum
			first, pos = "enum", n.Pos
			token("enum name", n.Name)
			for _, m := range n.Members {
				check("member", m.Pos, m.Name.Value)
				token("member name", m.Name)
				lit(m.Value)
			}
		case d.Struct != nil:
			n := d.Struct
			first, pos = "struct", n.Pos
			token("struct name", n.Name)
			fields(n.Fields)
		case d.Union != nil:
			n := d.Union
			first, pos = "union", n.Pos
			token("union name", n.Name)
			for _, a := range n.Arms {
				check("arm", a.Pos, a.Name.Value)
				token("arm name", a.Name)
				typ(a.Type)
			}
		case d.Ctor != nil:
			n := d.Ctor
			first, pos = "ctor", n.Pos
			fields(n.Params)
			typ(n.Throws)
		case d.Event != nil:
			n := d.Event
			first, pos = "event", n.Pos
			token("event name", n.Name)
			fields(n.Params)
		case d.Func != nil:
			n := d.Func
			pos = n.Pos
			switch {
			case n.Host:
				first = "host"
			case n.Static:
				first = "static"
			case n.Async:
				first = "async"
			default:
				first = "fn"
			}
			token("fn name", n.Name)
			fields(n.Params)
			typ(n.Result)
			typ(n.Throws)
		default:
			t.Errorf("%s: empty declaration at %d:%d", name, d.Pos.Line, d.Pos.Column)
			continue
		}
		check("declaration", pos, first)
		if d.Pos != pos {
			t.Errorf("%s: Decl.Pos %v differs from the %s's Pos %v", name, d.Pos, first, pos)
		}
	}
}

// literalText is a literal's token as written (without the minus).
func literalText(l *Literal) string {
	for _, s := range []*string{l.Int, l.Float, l.Str, l.Ident} {
		if s != nil {
			return *s
		}
	}
	return ""
}

// checkErrorPositions verifies that every error points into src, with a
// line and column that agree with its offset.
func checkErrorPositions(t *testing.T, src []byte, errs *diag.List) {
	t.Helper()
	for _, e := range errs.Errors() {
		p := e.Pos
		if !p.IsValid() || p.Col < 1 || p.Offset < 0 || p.Offset > len(src) {
			t.Errorf("Parse(%q): error %q has position %d:%d (offset %d), want a position inside the input", clip(src), e.Msg, p.Line, p.Col, p.Offset)
			continue
		}
		if line, col := lineCol(src, p.Offset); line != p.Line || col != p.Col {
			t.Errorf("Parse(%q): error %q at offset %d: got %d:%d, want %d:%d", clip(src), e.Msg, p.Offset, p.Line, p.Col, line, col)
		}
	}
}

// clip shortens an input for a failure message.
func clip(src []byte) string {
	if len(src) > 200 {
		return string(src[:200]) + fmt.Sprintf("...(%d bytes)", len(src))
	}
	return string(src)
}

func mustParse(t *testing.T, in string) *File {
	t.Helper()
	f, errs := Parse("t.ffi", []byte(in))
	if errs.Len() > 0 {
		t.Fatalf("Parse(%q): got errors %v, want none", in, errorStrings(errs))
	}
	checkPositions(t, fmt.Sprintf("Parse(%q)", in), []byte(in), f)
	return f
}

// checkRecognizer verifies that the recognizer (diagnose.go) agrees with
// the grammar on src: on every chunk participle parses, it reports nothing;
// on every chunk participle rejects, it reports an error; every declaration
// it accepts as written parses, and every one it rejects does not. No
// message may show participle's grammar.
func checkRecognizer(t *testing.T, src []byte) {
	t.Helper()
	toks, _, _ := scan("t.ffi", src)
	end := endPos("t.ffi", src)
	for _, sp := range splitDecls(toks) {
		_, err := parseSpan(toks, sp, end)
		segs := recognize(toks, sp, end)
		nerrs := 0
		for _, seg := range segs {
			nerrs += len(seg.errs)
			if seg.ok && len(seg.fixed) == 0 && seg.semiAt == 0 && len(seg.errs) == 0 {
				if _, serr := parseSpan(toks, seg.span, end); serr != nil {
					t.Errorf("%q: the recognizer accepts %q, the grammar says %v", clip(src), spanText(src, toks, seg.span), serr)
				}
			}
			if !seg.ok {
				if _, serr := parseSpan(toks, seg.span, end); serr == nil {
					t.Errorf("%q: the recognizer rejects %q (%v), the grammar accepts it", clip(src), spanText(src, toks, seg.span), seg.errs)
				}
			}
		}
		if (err == nil) != (nerrs == 0) {
			t.Errorf("%q: chunk %q: grammar error %v, recognizer errors %d", clip(src), spanText(src, toks, sp), err, nerrs)
		}
	}
	_, errs := Parse("t.ffi", src)
	for _, e := range errs.Errors() {
		if strings.Contains(e.Msg, "unexpected token") || strings.Contains(e.Msg, "(expected") || strings.Contains(e.Msg, "<ident>") {
			t.Errorf("%q: message shows the grammar: %s", clip(src), e)
		}
	}
}

func spanText(src []byte, toks []lexer.Token, sp span) string {
	if sp.start >= sp.end {
		return ""
	}
	last := toks[sp.end-1]
	return string(src[toks[sp.start].Pos.Offset : last.Pos.Offset+len(last.Value)])
}
