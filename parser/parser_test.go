package parser

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

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
		{"library a", []string{`1:10: expected ";" after "a"`}},
		{"library;", []string{`1:8: expected the library's name after "library", found ";"`}},
		{"struct S { a: u8 b: u8 }", []string{`1:18: expected "," or "}" after "u8", found "b"`}},
		{"struct S { a: }", []string{`1:15: expected a type after ":", found "}"`}},
		{"struct S { a: list<u8 }", []string{`1:23: expected "," or ">" after "u8", found "}"`}},
		{"const X: = 1;", []string{`1:10: expected a type after ":", found "="`}},
		{"const X: u8 = ;", []string{`1:15: expected a value after "=", found ";"`}},
		{"const X: i8 = --1;", []string{`1:16: expected a number after "-", found "-"`}},
		{"fn f(a: ) -> u8;", []string{`1:9: expected a type after ":", found ")"`}},
		{"async static fn f();", []string{"1:7: \"static\" must come before \"async\" (write `static async fn`)"}},
		{"event e;", []string{`1:8: expected "(" after "e", found ";"`}},
		{"event e() -> u8;", []string{`1:11: expected ";" after ")", found "->" (an event has no result)`}},
		{";", []string{`1:1: unexpected ";": there is no declaration for it to end`}},
		{"library a;;", []string{`1:11: unexpected ";": there is no declaration for it to end`}},
		{"library a; }\nfn f();", []string{`1:12: unexpected "}": there is no "{" for it to close`}},
		{"foo bar;", []string{`1:1: expected a declaration (library, const, enum, struct, union, ctor, event or fn), found "foo"`}},
		{"library " + strings.Repeat("a", 100) + " b", []string{`1:110: expected ";" after "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...", found "b"`}},
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
		`3:23: expected "," or "}" after "f64", found "y"`,
		`5:18: expected "=", "," or "}" after "red", found "green"`,
		`7:17: expected "," or ")" after "u8", found "->"`,
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
