package parser

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/google/go-cmp/cmp"

	"github.com/ffic/ffic/diag"
	"github.com/ffic/ffic/internal/gen"
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

func TestParseDecls(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty input", "", ""},
		{"only comments", "// a\n/* b */\n", ""},
		{"library", "library my_timer;", "1:1 library my_timer\n"},
		{
			"const of every literal kind",
			"const A: bool = true;\nconst B: i64 = -250;\nconst C: u64 = 0xFFFF;\nconst D: f64 = 1.5;\n" +
				"const E: f32 = 2e3;\nconst F: string = \"a\\n\";\nconst G: f64 = -1.5e-3;",
			`1:1 const A: bool = ident(true)
2:1 const B: i64 = -int(250)
3:1 const C: u64 = int(0xFFFF)
4:1 const D: f64 = float(1.5)
5:1 const E: f32 = float(2e3)
6:1 const F: string = string("a\n")
7:1 const G: f64 = -float(1.5e-3)
`,
		},
		{
			"enum with default and explicit values",
			"enum Priority {\n    low,\n    normal = 5,\n    high,\n    minus = -1\n}",
			`1:1 enum Priority
  2:5 member low
  3:5 member normal = int(5)
  4:5 member high
  5:5 member minus = -int(1)
`,
		},
		{"empty enum", "enum E {}", "1:1 enum E\n"},
		{"enum trailing comma", "enum E { a, }", "1:1 enum E\n  1:10 member a\n"},
		{"empty struct", "struct Empty {}", "1:1 struct Empty\n"},
		{
			"struct with every scalar type",
			"struct S { a: bool, b: i8, c: i16, d: i32, e: i64, f: u8, g: u16, h: u32, i: u64, j: f32, k: f64, l: string, m: bytes }",
			`1:1 struct S
  1:12 field a: bool
  1:21 field b: i8
  1:28 field c: i16
  1:36 field d: i32
  1:44 field e: i64
  1:52 field f: u8
  1:59 field g: u16
  1:67 field h: u32
  1:75 field i: u64
  1:83 field j: f32
  1:91 field k: f64
  1:99 field l: string
  1:110 field m: bytes
`,
		},
		{
			"struct with containers and optionals",
			"struct S {\n  a: list<string>,\n  b: map<Priority, list<u64>>,\n  c: list<map<string, Foo?>>,\n  d: Foo?,\n  e: list<u8?>?,\n  f: map<string, u8,>,\n}",
			`1:1 struct S
  2:3 field a: list<string>
  3:3 field b: map<Priority, list<u64>>
  4:3 field c: list<map<string, Foo?>>
  5:3 field d: Foo?
  6:3 field e: list<u8?>?
  7:3 field f: map<string, u8>
`,
		},
		{
			"self-recursive struct",
			"struct Node { children: list<Node>, next: Node?, by_name: map<string, Node> }",
			`1:1 struct Node
  1:15 field children: list<Node>
  1:37 field next: Node?
  1:50 field by_name: map<string, Node>
`,
		},
		{
			"union with and without payloads",
			"union Schedule {\n  once: u64,\n  every: Interval,\n  never,\n}",
			`1:1 union Schedule
  2:3 arm once: u64
  3:3 arm every: Interval
  4:3 arm never
`,
		},
		{"empty union", "union U {}", "1:1 union U\n"},
		{"ctor", "ctor(config: TimerConfig) throws TimerError;", "1:1 ctor throws TimerError\n  1:6 param config: TimerConfig\n"},
		{"ctor without params", "ctor();", "1:1 ctor\n"},
		{"fn without params or result", "fn ping();", "1:1 fn ping\n"},
		{"fn with result", "fn version() -> string;", "1:1 fn version -> string\n"},
		{
			"fn with several params, result and throws",
			"fn schedule(message: string, when: Schedule, priority: Priority,) -> u64 throws ScheduleError;",
			`1:1 fn schedule -> u64 throws ScheduleError
  1:13 param message: string
  1:30 param when: Schedule
  1:46 param priority: Priority
`,
		},
		{"fn with throws only", "fn reset() throws ClockError;", "1:1 fn reset throws ClockError\n"},
		{
			"async fn",
			"async fn echo(req: EchoRequest) -> EchoResponse throws TimerError;",
			"1:1 async fn echo -> EchoResponse throws TimerError\n  1:15 param req: EchoRequest\n",
		},
		{"static fn", "static fn parse(text: string) -> Priority;", "1:1 static fn parse -> Priority\n  1:17 param text: string\n"},
		{"static async fn", "static async fn skew() -> i64;", "1:1 static async fn skew -> i64\n"},
		{
			"host fn with throws",
			"host fn fetch_token(key: string) -> string throws TimerError;",
			"1:1 host fn fetch_token -> string throws TimerError\n  1:21 param key: string\n",
		},
		{"host fn without throws", "host fn now_ms() -> u64;", "1:1 host fn now_ms -> u64\n"},
		// The grammar accepts every ordered combination of modifiers; the
		// checker rejects the ones the language does not have.
		{"host static async fn", "host static async fn f();", "1:1 host static async fn f\n"},
		{"event without params", "event clock_changed();", "1:1 event clock_changed\n"},
		{
			"event with params",
			"event echo_fired(message: string, echo_count: i64);",
			"1:1 event echo_fired\n  1:18 param message: string\n  1:35 param echo_count: i64\n",
		},
		{
			// Keywords are identifiers: the grammar recognizes them only
			// where it expects one; the checker reserves them.
			"keywords as names",
			"struct struct { fn: fn, library: throws }\nfn fn(async: static);\nenum enum { enum }",
			`1:1 struct struct
  1:17 field fn: fn
  1:25 field library: throws
2:1 fn fn
  2:7 param async: static
3:1 enum enum
  3:13 member enum
`,
		},
		{
			"several declarations on one line",
			"library a; struct B {} fn c(); enum D { e }",
			"1:1 library a\n1:12 struct B\n1:24 fn c\n1:32 enum D\n  1:41 member e\n",
		},
		{
			"optional of optional parses (the checker rejects it)",
			"struct S { a: u8?? }",
			"1:1 struct S\n  1:12 field a: u8??\n",
		},
		{
			"any identifier as a literal parses (the checker rejects it)",
			"const A: u8 = FOO;",
			"1:1 const A: u8 = ident(FOO)\n",
		},
		{"minus apart from its number", "const A: i8 = - 1;", "1:1 const A: i8 = -int(1)\n"},
		{"byte order mark", "\uFEFFlibrary a;", "1:1 library a\n"},
		{"CRLF line endings", "library a;\r\nstruct B {\r\n  c: u8,\r\n}\r\n", "1:1 library a\n2:1 struct B\n  3:3 field c: u8\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.in)
			if got := dump(f); got != tt.want {
				t.Errorf("Parse(%q): got tree\n%s\nwant\n%s\ndiff (-want +got):\n%s", tt.in, got, tt.want, cmp.Diff(tt.want, got))
			}
		})
	}
}

func TestParseTypeRefs(t *testing.T) {
	tests := []struct {
		typ  string // the type of field a, which starts at column 15
		want string
	}{
		{"u8", "u8@1:15"},
		{"Foo?", "Foo@1:15?@1:18"},
		{"Foo???", "Foo@1:15?@1:18?@1:19?@1:20"},
		{"list<Foo>", "list@1:15<Foo@1:20>"},
		{"map<string, i64>", "map@1:15<string@1:19, i64@1:27>"},
		{"list<map<string, Foo?>>", "list@1:15<map@1:20<string@1:24, Foo@1:32?@1:35>>"},
		{"list<map<string, Foo?>?>?", "list@1:15<map@1:20<string@1:24, Foo@1:32?@1:35>?@1:37>?@1:39"},
		{"map<Priority,list<list<u8>>>", "map@1:15<Priority@1:19, list@1:28<list@1:33<u8@1:38>>>"},
		// Arity is the checker's business: the grammar takes any number.
		{"list<a, b, c>", "list@1:15<a@1:20, b@1:23, c@1:26>"},
		{"u8<u16>", "u8@1:15<u16@1:18>"},
	}
	for _, tt := range tests {
		in := "struct S { a: " + tt.typ + " }"
		f := mustParse(t, in)
		if len(f.Decls) != 1 || f.Decls[0].Struct == nil || len(f.Decls[0].Struct.Fields) != 1 {
			t.Errorf("Parse(%q): got\n%s, want one struct with one field", in, dump(f))
			continue
		}
		if got := typePosString(f.Decls[0].Struct.Fields[0].Type); got != tt.want {
			t.Errorf("Parse(%q): got type %s, want %s", in, got, tt.want)
		}
	}
}

// TestParseDeepTypes nests types as deep as the lexer allows.
func TestParseDeepTypes(t *testing.T) {
	in := "struct S { a: " + strings.Repeat("list<", MaxNesting) + "u8" + strings.Repeat(">", MaxNesting) + " }"
	f := mustParse(t, in)
	depth := 0
	for ty := f.Decls[0].Struct.Fields[0].Type; ty != nil; depth++ {
		if len(ty.Args) == 0 {
			break
		}
		ty = ty.Args[0]
	}
	if depth != MaxNesting {
		t.Errorf("Parse(list<...> %d deep): got depth %d, want %d", MaxNesting, depth, MaxNesting)
	}
}

func TestParseLiterals(t *testing.T) {
	tests := []struct {
		lit  string // starts at column 15
		want string
	}{
		{"0", "int(0)"},
		{"5000", "int(5000)"},
		{"18446744073709551615", "int(18446744073709551615)"},
		{"0xFFFF", "int(0xFFFF)"},
		{"0X1f", "int(0X1f)"},
		{"-250", "-int(250)"},
		{"-0x80", "-int(0x80)"},
		{"1.5", "float(1.5)"},
		{"2e3", "float(2e3)"},
		{"1.5e-3", "float(1.5e-3)"},
		{"1E+6", "float(1E+6)"},
		{"-0.25", "-float(0.25)"},
		{`""`, `string("")`},
		{`"timer/1.0"`, `string("timer/1.0")`},
		{`"\n\t\r\0\\\""`, `string("\n\t\r\0\\\"")`},
		{`"\u{1F600} \u{0}"`, `string("\u{1F600} \u{0}")`},
		{`"héllo 😀"`, `string("héllo 😀")`},
		{"true", "ident(true)"},
		{"false", "ident(false)"},
	}
	for _, tt := range tests {
		in := "const X: u8 = " + tt.lit + ";"
		f := mustParse(t, in)
		c := f.Decls[0].Const
		if got := literalString(c.Value); got != tt.want {
			t.Errorf("Parse(%q): got literal %s, want %s", in, got, tt.want)
		}
		if p := c.Value.Pos; p.Line != 1 || p.Column != 15 {
			t.Errorf("Parse(%q): got literal at %d:%d, want 1:15", in, p.Line, p.Column)
		}
	}
}

// TestParsePositions checks that lines and columns count runes, not bytes,
// whatever comes before the token: non-ASCII text in strings and comments,
// tabs, CRLF line endings and a byte order mark.
func TestParsePositions(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // position of the name of the last declaration
	}{
		{"ascii", "library a;", "1:9"},
		{"tab", "\tlibrary\ta;", "1:10"},
		{"non-ASCII in a string", `const S: string = "héllo, 世界 😀"; library a;`, "1:42"},
		{"non-ASCII in a line comment", "// héllo, 世界 😀\nlibrary a;", "2:9"},
		{"non-ASCII in a doc comment", "/// héllo, 世界 😀\nlibrary a;", "2:9"},
		{"non-ASCII in a block comment", "/* héllo */ library a;", "1:21"},
		{"non-ASCII in a multi-line block comment", "/* 世界\n😀 é */ library a;", "2:16"},
		{"byte order mark", "\uFEFFlibrary a;", "1:9"},
		{"CRLF", "// x\r\n\r\nlibrary a;", "3:9"},
		{"many lines", strings.Repeat("\n", 999) + "library a;", "1000:9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, errs := Parse("t.ffi", []byte(tt.in))
			if errs.Len() > 0 {
				t.Fatalf("Parse(%q): got errors %v, want none", tt.in, errorStrings(errs))
			}
			last := f.Decls[len(f.Decls)-1].Library
			if last == nil {
				t.Fatalf("Parse(%q): got\n%s, want a library last", tt.in, dump(f))
			}
			if got := fmt.Sprintf("%d:%d", last.Name.Pos.Line, last.Name.Pos.Column); got != tt.want {
				t.Errorf("Parse(%q): got library name at %s, want %s", tt.in, got, tt.want)
			}
			checkPositions(t, fmt.Sprintf("Parse(%q)", tt.in), []byte(tt.in), f)
		})
	}
}

func TestParseEndPos(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "1:1"},
		{"library a;", "1:11"},
		{"library a;\n", "2:1"},
		{"library a; // é\n\n", "3:1"},
		{"/* é */", "1:8"},
	}
	for _, tt := range tests {
		f, _ := Parse("t.ffi", []byte(tt.in))
		if got := fmt.Sprintf("%d:%d", f.EndPos.Line, f.EndPos.Column); got != tt.want || f.EndPos.Offset != len(tt.in) {
			t.Errorf("Parse(%q): got EndPos %s (offset %d), want %s (offset %d)", tt.in, got, f.EndPos.Offset, tt.want, len(tt.in))
		}
	}
}

func TestParseComments(t *testing.T) {
	in := "// line\n/* block\n */\n/// doc\n//// four slashes\nlibrary a; // trailing\n"
	f := mustParse(t, in)
	var got []string
	for _, c := range f.Comments {
		kind := "comment"
		if c.Type == docT {
			kind = "doc"
		}
		got = append(got, fmt.Sprintf("%d:%d %s %q", c.Pos.Line, c.Pos.Column, kind, c.Value))
	}
	want := []string{
		`1:1 comment "// line"`,
		`2:1 comment "/* block\n */"`,
		`4:1 doc "/// doc"`,
		`5:1 comment "//// four slashes"`,
		`6:12 comment "// trailing"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse(%q): Comments differ (-want +got):\n%s", in, diff)
	}
}

func TestParseDocComments(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     string
		wantErrs []string
	}{
		{
			"library",
			"/// The timer library.\nlibrary my_timer;",
			"/// The timer library.\n2:1 library my_timer\n", nil,
		},
		{
			"multi-line block",
			"/// First line.\n///\n///   indented\n/// last   \nstruct S {}",
			"/// First line.\n/// \n///   indented\n/// last\n5:1 struct S\n", nil,
		},
		{
			"lines indented differently form one block",
			"    /// a\n/// b\nlibrary x;",
			"/// a\n/// b\n3:1 library x\n", nil,
		},
		{
			"no space after the slashes",
			"///tight\nlibrary x;",
			"/// tight\n2:1 library x\n", nil,
		},
		{
			"four slashes are a plain comment",
			"//// not doc\nlibrary x;",
			"2:1 library x\n", nil,
		},
		{
			"fields, members, arms",
			"struct S {\n  /// Field a.\n  a: u8,\n}\nenum E {\n  /// Member x.\n  x = 1,\n}\nunion U {\n  /// Arm y.\n  y: u8,\n  /// Arm z.\n  z,\n}",
			"1:1 struct S\n  /// Field a.\n  3:3 field a: u8\n5:1 enum E\n  /// Member x.\n  7:3 member x = int(1)\n" +
				"9:1 union U\n  /// Arm y.\n  11:3 arm y: u8\n  /// Arm z.\n  13:3 arm z\n",
			nil,
		},
		{
			"params of every call kind",
			"/// C.\nctor(\n  /// P.\n  p: u8,\n);\nfn f(\n  /// Q.\n  q: u8,\n  r: u8,\n);\n/// E.\nevent e(\n  /// S.\n  s: u8);\nhost fn h(\n/// T.\nt: u8);",
			"/// C.\n2:1 ctor\n  /// P.\n  4:3 param p: u8\n6:1 fn f\n  /// Q.\n  8:3 param q: u8\n  9:3 param r: u8\n" +
				"/// E.\n12:1 event e\n  /// S.\n  14:3 param s: u8\n15:1 host fn h\n  /// T.\n  17:1 param t: u8\n",
			nil,
		},
		{
			"every declaration kind",
			"/// L\nlibrary l;\n/// C\nconst C: u8 = 1;\n/// E\nenum E { a }\n/// S\nstruct S {}\n/// U\nunion U { a }\n" +
				"/// F\nstatic async fn f();\n/// V\nevent v();\n/// H\nhost fn h();",
			"/// L\n2:1 library l\n/// C\n4:1 const C: u8 = int(1)\n/// E\n6:1 enum E\n  6:10 member a\n/// S\n8:1 struct S\n" +
				"/// U\n10:1 union U\n  10:11 arm a\n/// F\n12:1 static async fn f\n/// V\n14:1 event v\n/// H\n16:1 host fn h\n",
			nil,
		},
		{
			// A blank line between a doc comment and its declaration does
			// not detach it (ffic fmt removes the blank line).
			"blank line before the declaration",
			"/// Doc.\n\nlibrary x;",
			"/// Doc.\n3:1 library x\n", nil,
		},
		{
			"plain comments before the declaration",
			"/// Doc.\n// plain\n/* block */ library x;",
			"/// Doc.\n3:13 library x\n", nil,
		},
		{
			"trailing doc comment",
			"library x; /// trailing\nstruct S {}",
			"1:1 library x\n2:1 struct S\n",
			[]string{"1:12: doc comment must be on its own line before what it documents (use // for a trailing comment)"},
		},
		{
			"trailing doc comment on a field",
			"struct S {\n  a: u8, /// about a\n  b: u8,\n}",
			"1:1 struct S\n  2:3 field a: u8\n  3:3 field b: u8\n",
			[]string{"2:10: doc comment must be on its own line before what it documents (use // for a trailing comment)"},
		},
		{
			"trailing doc comment right under a doc line",
			"struct S {\n///a\nf: u8 }///b\nfn g();",
			"1:1 struct S\n  /// a\n  3:1 field f: u8\n4:1 fn g\n",
			[]string{"3:8: doc comment must be on its own line before what it documents (use // for a trailing comment)"},
		},
		{
			"dangling doc comment at the end",
			"library x;\n/// dangling\n/// block\n",
			"1:1 library x\n",
			[]string{"2:1: doc comment documents nothing (use // for a plain comment)"},
		},
		{
			"dangling doc comment in an empty file",
			"/// nothing",
			"",
			[]string{"1:1: doc comment documents nothing (use // for a plain comment)"},
		},
		{
			"doc comment before a closing brace",
			"struct S {\n  a: u8,\n  /// dangling\n}",
			"1:1 struct S\n  2:3 field a: u8\n",
			[]string{"3:3: doc comment must come right before a declaration, field, enum member, union arm or parameter (use // for a plain comment)"},
		},
		{
			"doc comment before a type",
			"struct S {\n  a:\n  /// not here\n  u8,\n}",
			"1:1 struct S\n  2:3 field a: u8\n",
			[]string{"3:3: doc comment must come right before a declaration, field, enum member, union arm or parameter (use // for a plain comment)"},
		},
		{
			"doc comment before a result",
			"fn f() ->\n/// not here\nu8;",
			"1:1 fn f -> u8\n",
			[]string{"2:1: doc comment must come right before a declaration, field, enum member, union arm or parameter (use // for a plain comment)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, errs := Parse("t.ffi", []byte(tt.in))
			if got := dump(f); got != tt.want {
				t.Errorf("Parse(%q): got tree\n%s\nwant\n%s\ndiff (-want +got):\n%s", tt.in, got, tt.want, cmp.Diff(tt.want, got))
			}
			if diff := cmp.Diff(tt.wantErrs, errorStrings(errs)); diff != "" {
				t.Errorf("Parse(%q): errors differ (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestParseDocCommentsNeverDropped: two doc blocks before one declaration,
// apart by a blank line or a plain comment, must both reach the declaration
// or be reported; silently dropping the first loses documentation.
func TestParseDocCommentsNeverDropped(t *testing.T) {
	for _, in := range []string{
		"/// First block.\n\n/// Second block.\nlibrary x;",
		"/// First block.\n// plain\n/// Second block.\nlibrary x;",
	} {
		f, errs := Parse("t.ffi", []byte(in))
		if errs.Len() > 0 {
			continue // reported: fine
		}
		doc := strings.Join(f.Decls[0].Library.Doc, "\n")
		if !strings.Contains(doc, "First block.") || !strings.Contains(doc, "Second block.") {
			t.Errorf("Parse(%q): got library doc %q and no error, want both blocks kept or an error", in, f.Decls[0].Library.Doc)
		}
	}
}

func TestParseSyntaxErrors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"library a", []string{`1:10: unexpected end of file (expected ";")`}},
		{"library;", []string{`1:8: unexpected token ";" (expected <ident> ";")`}},
		{"struct S { a: u8 b: u8 }", []string{`1:18: unexpected token "b" (expected "}")`}},
		{"struct S { a: }", []string{`1:15: unexpected token "}" (expected TypeRef)`}},
		{"struct S { a: list<u8 }", []string{`1:23: unexpected token "}" (expected ">")`}},
		{"const X: = 1;", []string{`1:10: unexpected token "=" (expected TypeRef "=" Literal ";")`}},
		{"const X: u8 = ;", []string{`1:15: unexpected token ";" (expected (<int> | <float> | <string> | <ident>))`}},
		{"const X: i8 = --1;", []string{`1:16: unexpected token "-" (expected (<int> | <float> | <string> | <ident>))`}},
		{"fn f(a: ) -> u8;", []string{`1:9: unexpected token ")" (expected TypeRef)`}},
		{"async static fn f();", []string{`1:7: unexpected token "static" (expected "fn" <ident> "(" (Field ("," Field)* ","?)? ")" ("->" TypeRef)? ("throws" TypeRef)? ";")`}},
		{"event e;", []string{`1:8: unexpected token ";" (expected "(" (Field ("," Field)* ","?)? ")" ";")`}},
		{"event e() -> u8;", []string{`1:11: unexpected token "->" (expected ";")`}},
		{";", []string{`1:1: unexpected token ";"`}},
		{"library a;;", []string{`1:11: unexpected token ";"`}},
		{"library a; }\nfn f();", []string{`1:12: unexpected token "}"`}},
		{"foo bar;", []string{`1:1: unexpected token "foo"`}},
	}
	for _, tt := range tests {
		_, errs := Parse("t.ffi", []byte(tt.in))
		if diff := cmp.Diff(tt.want, errorStrings(errs)); diff != "" {
			t.Errorf("Parse(%q): errors differ (-want +got):\n%s", tt.in, diff)
		}
		checkErrorPositions(t, []byte(tt.in), errs)
	}
}

// TestParseRecovery: a syntax error breaks only its own declaration. Three
// broken declarations give three errors, and every valid declaration
// around them is kept.
func TestParseRecovery(t *testing.T) {
	in := `library recovery;

struct Point { x: f64 y: f64 }
const GOOD: u32 = 1;
enum Color { red green }
struct Valid { a: u8 }
fn broken(a: u8 -> u8;
event fine(x: u8);
`
	f, errs := Parse("t.ffi", []byte(in))
	want := []string{
		`3:23: unexpected token "y" (expected "}")`,
		`5:18: unexpected token "green" (expected "}")`,
		`7:17: unexpected token "->" (expected ")" ("->" TypeRef)? ("throws" TypeRef)? ";")`,
	}
	if diff := cmp.Diff(want, errorStrings(errs)); diff != "" {
		t.Errorf("Parse(%q): errors differ (-want +got):\n%s", in, diff)
	}
	var got []string
	for _, d := range f.Decls {
		switch {
		case d.Library != nil:
			got = append(got, "library "+d.Library.Name.Value)
		case d.Const != nil:
			got = append(got, "const "+d.Const.Name.Value)
		case d.Struct != nil:
			got = append(got, "struct "+d.Struct.Name.Value)
		case d.Event != nil:
			got = append(got, "event "+d.Event.Name.Value)
		}
	}
	for _, w := range []string{"library recovery", "const GOOD", "struct Valid", "event fine"} {
		if !slices.Contains(got, w) {
			t.Errorf("Parse(%q): got declarations %q, want %q among them", in, got, w)
		}
	}
}

// TestParseRecoveryManyErrors: every broken declaration of a long file is
// reported, and the valid ones all survive.
func TestParseRecoveryManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("library many;\n")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "struct Good%d { a: u8 }\nstruct Bad%d { a: u8 b: u8 }\n", i, i)
	}
	f, errs := Parse("t.ffi", []byte(b.String()))
	if got := len(errs.Errors()); got != 30 {
		t.Errorf("Parse(30 broken structs): got %d errors, want 30: %v", got, errorStrings(errs))
	}
	good := 0
	for _, d := range f.Decls {
		if d.Struct != nil && strings.HasPrefix(d.Struct.Name.Value, "Good") && len(d.Struct.Fields) == 1 {
			good++
		}
	}
	if good != 30 {
		t.Errorf("Parse(30 broken structs): got %d valid structs, want 30", good)
	}
}

func TestParseExampleTimer(t *testing.T) {
	path := filepath.Join(moduleRoot(t), "examples", "timer", "timer.ffi")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, errs := Parse(path, src)
	if errs.Len() > 0 {
		t.Fatalf("Parse(%s): got errors\n%v\nwant none", path, errs.Err())
	}
	checkPositions(t, path, src, f)

	// The example is the input of every end-to-end test, so it must use
	// every construct and every type of the language.
	got := features(f)
	want := []string{
		"async fn", "bool key", "const bool", "const float", "const hex", "const negative",
		"const string", "const string escape", "const unsigned", "ctor throws",
		"doc arm", "doc field", "doc library", "doc member", "doc param", "empty struct",
		"enum default value", "enum explicit value", "enum throws", "enum key", "event no params",
		"event params", "fn no params", "fn no result", "fn one param", "fn result",
		"fn several params", "host fn", "host fn throws", "host fn without throws",
		"integer key", "list", "map", "nested list<map<string, T?>>", "optional",
		"recursive struct", "static async fn", "static fn", "string key", "struct throws",
		"type bool", "type bytes", "type f32", "type f64", "type i16", "type i32",
		"type i64", "type i8", "type string", "type u16", "type u32", "type u64", "type u8",
		"union arm with payload", "union arm without payload", "union throws",
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("%s: does not use %s", path, w)
		}
	}
	var comments, blocks int
	for _, c := range f.Comments {
		switch {
		case strings.HasPrefix(c.Value, "/*"):
			blocks++
		case c.Type == commentT:
			comments++
		}
	}
	if comments == 0 || blocks == 0 {
		t.Errorf("%s: got %d line and %d block comments, want some of each", path, comments, blocks)
	}
}

// features lists the constructs a file uses, for TestParseExampleTimer.
func features(f *File) map[string]bool {
	got := map[string]bool{}
	kinds := map[string]string{} // declared type name -> struct, enum, union
	for _, d := range f.Decls {
		switch {
		case d.Struct != nil:
			kinds[d.Struct.Name.Value] = "struct"
		case d.Enum != nil:
			kinds[d.Enum.Name.Value] = "enum"
		case d.Union != nil:
			kinds[d.Union.Name.Value] = "union"
		}
	}
	var typ func(t *TypeRef, self string)
	typ = func(t *TypeRef, self string) {
		if t == nil {
			return
		}
		if len(t.Optional) > 0 {
			got["optional"] = true
		}
		switch t.Name.Value {
		case "list":
			got["list"] = true
			if len(t.Args) == 1 && t.Args[0].Name.Value == "map" && len(t.Args[0].Args) == 2 &&
				t.Args[0].Args[0].Name.Value == "string" && len(t.Args[0].Args[1].Optional) == 1 {
				got["nested list<map<string, T?>>"] = true
			}
		case "map":
			got["map"] = true
			if len(t.Args) == 2 {
				switch k := t.Args[0].Name.Value; {
				case k == "string" || k == "bool":
					got[k+" key"] = true
				case strings.HasPrefix(k, "i") || strings.HasPrefix(k, "u"):
					got["integer key"] = true
				case kinds[k] == "enum":
					got["enum key"] = true
				}
			}
		case self:
			got["recursive struct"] = true
		default:
			got["type "+t.Name.Value] = true
		}
		for _, a := range t.Args {
			typ(a, self)
		}
	}
	throws := func(t *TypeRef) {
		if t != nil {
			got[kinds[t.Name.Value]+" throws"] = true
		}
	}
	params := func(what string, ps []*Field, result *TypeRef) {
		switch len(ps) {
		case 0:
			got[what+" no params"] = true
		case 1:
			got[what+" one param"] = true
		default:
			got[what+" several params"] = true
		}
		if result == nil {
			got[what+" no result"] = true
		} else {
			got[what+" result"] = true
		}
		for _, p := range ps {
			if len(p.Doc) > 0 {
				got["doc param"] = true
			}
			typ(p.Type, "")
		}
		typ(result, "")
	}
	for _, d := range f.Decls {
		switch {
		case d.Library != nil:
			if len(d.Library.Doc) > 0 {
				got["doc library"] = true
			}
		case d.Const != nil:
			v := d.Const.Value
			switch {
			case v.Ident != nil:
				got["const bool"] = true
			case v.Float != nil:
				got["const float"] = true
			case v.Str != nil:
				got["const string"] = true
				if strings.Contains(*v.Str, `\`) {
					got["const string escape"] = true
				}
			case v.Int != nil && v.Neg:
				got["const negative"] = true
			case v.Int != nil && strings.HasPrefix(*v.Int, "0x"):
				got["const hex"] = true
			}
			if strings.HasPrefix(d.Const.Type.Name.Value, "u") {
				got["const unsigned"] = true
			}
		case d.Enum != nil:
			for _, m := range d.Enum.Members {
				if m.Value != nil {
					got["enum explicit value"] = true
				} else {
					got["enum default value"] = true
				}
				if len(m.Doc) > 0 {
					got["doc member"] = true
				}
			}
		case d.Struct != nil:
			if len(d.Struct.Fields) == 0 {
				got["empty struct"] = true
			}
			for _, fl := range d.Struct.Fields {
				if len(fl.Doc) > 0 {
					got["doc field"] = true
				}
				typ(fl.Type, d.Struct.Name.Value)
			}
		case d.Union != nil:
			for _, a := range d.Union.Arms {
				if a.Type != nil {
					got["union arm with payload"] = true
				} else {
					got["union arm without payload"] = true
				}
				if len(a.Doc) > 0 {
					got["doc arm"] = true
				}
				typ(a.Type, "")
			}
		case d.Ctor != nil:
			if d.Ctor.Throws != nil {
				got["ctor throws"] = true
			}
			params("ctor", d.Ctor.Params, nil)
			throws(d.Ctor.Throws)
		case d.Event != nil:
			if len(d.Event.Params) == 0 {
				got["event no params"] = true
			} else {
				got["event params"] = true
			}
			params("event", d.Event.Params, nil)
		case d.Func != nil:
			fn := d.Func
			kind := "fn"
			switch {
			case fn.Host:
				kind = "host fn"
				if fn.Throws != nil {
					got["host fn throws"] = true
				} else {
					got["host fn without throws"] = true
				}
			case fn.Static && fn.Async:
				kind = "static async fn"
			case fn.Static:
				kind = "static fn"
			case fn.Async:
				kind = "async fn"
			}
			got[kind] = true
			params("fn", fn.Params, fn.Result)
			throws(fn.Throws)
		}
	}
	return got
}

// ffiFiles lists every .ffi file under dir, skipping hidden directories.
func ffiFiles(t testing.TB, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && path == dir {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() && path != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".ffi") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestParseEveryFFIFile parses every .ffi file of the repository (valid or
// not): no panic, a tree, and errors that point into the file.
func TestParseEveryFFIFile(t *testing.T) {
	files := ffiFiles(t, moduleRoot(t))
	if len(files) == 0 {
		t.Fatal("no .ffi files in the repository")
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, errs := Parse(path, src)
		if f == nil {
			t.Errorf("Parse(%s): got a nil tree", path)
			continue
		}
		checkErrorPositions(t, src, errs)
		if errs.Len() == 0 {
			checkPositions(t, path, src, f)
		}
	}
}

// parseFast parses src in a goroutine and fails the test if Parse panics,
// returns a nil tree or a nil error list, or takes longer than limit (a
// hang would otherwise only show as the whole test binary timing out).
func parseFast(t *testing.T, name string, src []byte, limit time.Duration) (*File, *diag.List) {
	t.Helper()
	type result struct {
		f     *File
		errs  *diag.List
		panic any
	}
	done := make(chan result, 1)
	start := time.Now()
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- result{panic: fmt.Sprintf("%v\n%s", p, debug.Stack())}
			}
		}()
		f, errs := Parse("t.ffi", src)
		done <- result{f: f, errs: errs}
	}()
	select {
	case r := <-done:
		if r.panic != nil {
			t.Fatalf("Parse(%s): panic: %v", name, r.panic)
		}
		if r.f == nil || r.errs == nil {
			t.Fatalf("Parse(%s): got tree %v and errors %v, want both non-nil", name, r.f, r.errs)
		}
		if d := time.Since(start); d > limit/10 {
			t.Logf("Parse(%s): %d bytes in %v", name, len(src), d)
		}
		return r.f, r.errs
	case <-time.After(limit):
		t.Fatalf("Parse(%s): still running after %v", name, limit)
	}
	return nil, nil
}

// TestParseRobustness feeds Parse hostile inputs: it must never panic,
// overflow the stack or hang, and must finish fast.
func TestParseRobustness(t *testing.T) {
	// n repeats a token; m repeats a declaration, field or parameter
	// (participle costs microseconds per node: m keeps the test fast).
	const n, m = 100_000, 10_000
	big := strings.Repeat("a", 1<<20)
	tests := []struct {
		name    string
		src     string
		wantErr string // a substring of some error; "" for no error
	}{
		{"empty", "", ""},
		{"nested list<", "struct S { a: " + strings.Repeat("list<", n) + "u8" + strings.Repeat(">", n) + " }", "types nested more than 64 deep"},
		{"nested list< at top level", strings.Repeat("list<", n), "types nested more than 64 deep"},
		{"nested list< in every declaration", strings.Repeat("struct S { a: "+strings.Repeat("list<", 100)+"u8 }\n", 100), "types nested more than 64 deep"},
		{"<", "a" + strings.Repeat("<", n), "types nested more than 64 deep"},
		{"( after fn", "fn f" + strings.Repeat("(", n), "unexpected token"},
		{"(", strings.Repeat("(", n), "unexpected token"},
		{"{ after struct", "struct S " + strings.Repeat("{", n), "unexpected token"},
		{"{", strings.Repeat("{", n), "unexpected token"},
		{"}", strings.Repeat("}", n), "unexpected token"},
		{"; after library", "library a" + strings.Repeat(";", n), "unexpected token"},
		{"? after a type", "struct S { a: u8" + strings.Repeat("?", n) + " }", ""},
		{"?", strings.Repeat("?", n), "unexpected token"},
		{"->", "fn f()" + strings.Repeat("->", n), "unexpected token"},
		{"-", "const A: i8 = " + strings.Repeat("-", n) + "1;", "unexpected token"},
		{"1 MB library name", "library " + big + ";", ""},
		{"1 MB type name", "struct S { a: " + big + " }", ""},
		{"1 MB identifier alone", big, "unexpected token"},
		{"1 MB number", "const A: u64 = " + strings.Repeat("9", 1<<20) + ";", ""},
		{"1 MB string", `const A: string = "` + big + `";`, ""},
		{"1 MB comment", "// " + big + "\nlibrary a;", ""},
		{"1 MB doc comment", "/// " + big + "\nlibrary a;", ""},
		{"1 MB of whitespace", strings.Repeat(" \n\t", 1<<20/3) + "library a;", ""},
		{"many doc lines", strings.Repeat("/// doc\n", n) + "library a;", ""},
		{"many dangling doc blocks", strings.Repeat("/// doc\n\n", n), "documents nothing"},
		{"many declarations", strings.Repeat("struct S {}\n", m), ""},
		{"many broken declarations", strings.Repeat("fn ;\n", m), "unexpected token"},
		{"many lexer errors", strings.Repeat("$", n), "unexpected character"},
		{"many fields", "struct S {" + strings.Repeat("a: u8,", m) + "}", ""},
		{"many params", "fn f(" + strings.Repeat("a: u8,", m) + ");", ""},
		{"many type arguments", "struct S { a: map<" + strings.Repeat("u8,", m) + "> }", ""},
		{"unterminated block comment", "/*" + big, "block comment is not terminated"},
		{"unterminated string", `"` + big, "string literal is not terminated"},
		{"NUL bytes", strings.Repeat("\x00", n), "unexpected character"},
		{"invalid UTF-8", strings.Repeat("\xff", n), "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := parseFast(t, tt.name, []byte(tt.src), 10*time.Second)
			got := errorStrings(errs)
			if tt.wantErr == "" {
				if len(got) > 0 {
					t.Errorf("Parse(%s): got errors %q, want none", tt.name, got)
				}
				return
			}
			if !strings.Contains(strings.Join(got, "\n"), tt.wantErr) {
				t.Errorf("Parse(%s): got errors %q, want one containing %q", tt.name, got, tt.wantErr)
			}
			if len(got) > diag.MaxErrors {
				t.Errorf("Parse(%s): got %d errors, want at most %d", tt.name, len(got), diag.MaxErrors)
			}
		})
	}
}

// TestParseRandomBytes: random bytes never make Parse panic, and every
// error points into the input.
func TestParseRandomBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		src := make([]byte, rng.IntN(512))
		for j := range src {
			src[j] = byte(rng.UintN(256))
		}
		f, errs := Parse("t.ffi", src)
		if f == nil || errs == nil {
			t.Fatalf("Parse(%q): got tree %v and errors %v, want both non-nil", src, f, errs)
		}
		checkErrorPositions(t, src, errs)
	}
}

// soup holds the words random token soups are made of: every keyword and
// punctuation mark, some names, literals and comments.
var soup = []string{
	"library", "const", "enum", "struct", "union", "ctor", "fn", "async", "static", "host",
	"event", "throws", "list", "map", "u8", "string", "bool", "Foo", "bar", "true",
	"{", "}", "(", ")", "<", ">", ",", ":", "=", "?", ";", "->", "-",
	"0", "0x1F", "1.5", "2e3", `"s"`, `"é\n"`, `"\u{1F600}"`, "// c\n", "/// d\n", "/* b */", "\n", "\t",
	"é", "$", "0x", "1e", `"\q"`, `"open`,
}

// TestParseRandomTokens: random sequences of the language's own tokens
// reach much deeper into the grammar than random bytes.
func TestParseRandomTokens(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 1000; i++ {
		var b strings.Builder
		for j := rng.IntN(200); j > 0; j-- {
			b.WriteString(soup[rng.IntN(len(soup))])
			b.WriteByte(" \n"[rng.IntN(2)])
		}
		src := []byte(b.String())
		f, errs := Parse("t.ffi", src)
		if f == nil || errs == nil {
			t.Fatalf("Parse(%q): got tree %v and errors %v, want both non-nil", src, f, errs)
		}
		checkErrorPositions(t, src, errs)
		if errs.Len() == 0 {
			checkPositions(t, fmt.Sprintf("Parse(%q)", src), src, f)
		}
	}
}

// TestParseDeterministic: large files are parsed on every core; the tree
// and the errors must not depend on how many there are.
func TestParseDeterministic(t *testing.T) {
	var b strings.Builder
	b.Write(gen.BigFFI())
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "/// Doc %d.\nstruct Broken%d { a: u8 b: u8 }\nfn ok_%d(x: list<u8>) -> u8;\n", i, i, i)
	}
	src := []byte(b.String())

	parse := func(procs int) (string, []string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		f, errs := Parse("big.ffi", src)
		return dump(f), errorStrings(errs)
	}
	tree1, errs1 := parse(1)
	if len(errs1) != diag.MaxErrors {
		t.Errorf("Parse(big file with 300 broken structs): got %d errors, want %d (capped)", len(errs1), diag.MaxErrors)
	}
	for _, procs := range []int{2, 8} {
		tree, errs := parse(procs)
		if tree != tree1 {
			t.Errorf("Parse(big file) with GOMAXPROCS=%d: tree differs from GOMAXPROCS=1:\n%s", procs, cmp.Diff(tree1, tree))
		}
		if diff := cmp.Diff(errs1, errs); diff != "" {
			t.Errorf("Parse(big file) with GOMAXPROCS=%d: errors differ from GOMAXPROCS=1 (-want +got):\n%s", procs, diff)
		}
	}
}

// The files in testdata/errors mark every error they must produce with a
// comment right before the offending token, as testdata/errors at the
// repository root does for the checker:
//
//	struct Broken { a: u32 /* ERROR `unexpected token "b"` */ b: u32 }
//
// The text between backquotes is a regular expression matched against the
// message; the error must be at the first token after the comment (further
// markers in between are skipped). Files in testdata/valid must parse
// without errors.
var errorMarker = regexp.MustCompile("/\\* ERROR `([^`]*)` \\*/")

type wantError struct {
	line, col int
	rx        *regexp.Regexp
}

// markedErrors finds the markers of src and the position each points at.
func markedErrors(t *testing.T, src []byte) []wantError {
	t.Helper()
	var out []wantError
	text := string(src)
	for _, m := range errorMarker.FindAllStringSubmatchIndex(text, -1) {
		rx, err := regexp.Compile(text[m[2]:m[3]])
		if err != nil {
			t.Fatalf("bad marker regexp %q: %v", text[m[2]:m[3]], err)
		}
		at := m[1]
		for {
			rest := text[at:]
			trimmed := strings.TrimLeft(rest, " \t")
			at += len(rest) - len(trimmed)
			if loc := errorMarker.FindStringIndex(text[at:]); loc != nil && loc[0] == 0 {
				at += loc[1]
				continue
			}
			break
		}
		line, col := lineCol(src, at)
		out = append(out, wantError{line, col, rx})
	}
	return out
}

func TestParseTestdata(t *testing.T) {
	files := ffiFiles(t, "testdata")
	if len(files) == 0 {
		t.Fatal("no files in testdata")
	}
	for _, path := range files {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := markedErrors(t, src)
			isErrors := strings.Contains(filepath.ToSlash(path), "/errors/")
			if isErrors && len(want) == 0 {
				t.Fatalf("%s marks no errors", path)
			}
			if !isErrors && len(want) > 0 {
				t.Fatalf("%s marks errors but is not in testdata/errors", path)
			}
			f, errs := Parse(path, src)
			got := errs.Errors()
			matched := make([]bool, len(got))
		next:
			for _, w := range want {
				for i, e := range got {
					if !matched[i] && e.Pos.Line == w.line && e.Pos.Col == w.col && w.rx.MatchString(e.Msg) {
						matched[i] = true
						continue next
					}
				}
				t.Errorf("%s:%d:%d: missing error matching %q", path, w.line, w.col, w.rx)
			}
			for i, e := range got {
				if !matched[i] {
					t.Errorf("unexpected error %s", e)
				}
			}
			checkErrorPositions(t, src, errs)
			if errs.Len() == 0 {
				checkPositions(t, path, src, f)
			}
		})
	}
}

// TestMarkedErrors proves the harness can fail: markers point where they
// should, and both a missing and an unexpected error are noticed.
func TestMarkedErrors(t *testing.T) {
	src := []byte("library a;\nstruct S { a: u8 /* ERROR `x` */ /* ERROR `y` */ b: u8 }\n")
	want := markedErrors(t, src)
	if len(want) != 2 || want[0].line != 2 || want[0].col != 50 || want[1].line != 2 || want[1].col != 50 {
		t.Errorf("markedErrors(%q): got %+v, want two at 2:50", src, want)
	}
}

// FuzzParse: whatever the input, Parse returns a tree and an error list
// whose positions point into the input, and never panics. The seeds are
// every .ffi file of the repository's testdata and examples and of
// parser/testdata.
func FuzzParse(f *testing.F) {
	root := moduleRoot(f)
	for _, dir := range []string{
		filepath.Join(root, "testdata"),
		filepath.Join(root, "examples"),
		"testdata",
	} {
		for _, path := range ffiFiles(f, dir) {
			src, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	for _, s := range []string{"", "library a;", "/// doc", "list<", `"\u{`, "/*", "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_, errs := parseFast(t, fmt.Sprintf("%q", clip(src)), src, 5*time.Second)
		checkErrorPositions(t, src, errs)
	})
}
