package format

import (
	"testing"

	"github.com/ffic/ffic/parser"
)

// layoutTests cover every construct of the language.
var layoutTests = []formatTest{
	{
		name: "library with doc",
		in:   "  ///   Timers.\n///\n  /// More.   \nlibrary   my_timer ;",
		want: "///   Timers.\n///\n/// More.\nlibrary my_timer;\n",
	},
	{
		name: "consts keep their literals",
		in: "library x;\nconst A:bool=true;\nconst B : u32 = 5000;\nconst C: u64 = 0xFFFF;\n" +
			"const D: i64 = - 250;\nconst E: f64 = 0.25;\nconst F: f32 = 1e3;\nconst G: f64 = -2.5E-3;\n" +
			"const H: string = \"a\\tb \\u{23F0} \\\"q\\\"\\n\";\nconst I: u8 = 0x0a;",
		want: "library x;\n\nconst A: bool = true;\nconst B: u32 = 5000;\nconst C: u64 = 0xFFFF;\n" +
			"const D: i64 = -250;\nconst E: f64 = 0.25;\nconst F: f32 = 1e3;\nconst G: f64 = -2.5E-3;\n" +
			"const H: string = \"a\\tb \\u{23F0} \\\"q\\\"\\n\";\nconst I: u8 = 0x0a;\n",
	},
	{
		name: "enum with explicit values",
		in:   "enum Priority { low, normal = 5, high, neg=-1, hex = 0x10 }",
		want: "enum Priority {\n    low,\n    normal = 5,\n    high,\n    neg = -1,\n    hex = 0x10,\n}\n",
	},
	{
		name: "enum with trailing comma",
		in:   "enum E {\n\ta,\n\tb,\n}\n",
		want: "enum E {\n    a,\n    b,\n}\n",
	},
	{
		name: "empty bodies",
		in:   "struct Empty {  }\nenum E {\n\n}\nunion U{}",
		want: "struct Empty {}\nenum E {}\nunion U {}\n",
	},
	{
		name: "struct with nested types",
		in: "struct S { a: list < map < string , Foo ? > >, b : map<K,V,>, c: u32??,\n" +
			"d: list<list<list<i8>>>?, e: bytes }",
		want: "struct S {\n    a: list<map<string, Foo?>>,\n    b: map<K, V>,\n    c: u32??,\n" +
			"    d: list<list<list<i8>>>?,\n    e: bytes,\n}\n",
	},
	{
		name: "union arms with and without payload",
		in:   "union Schedule { once: u64, every: Interval, never }",
		want: "union Schedule {\n    once: u64,\n    every: Interval,\n    never,\n}\n",
	},
	{
		name: "ctor",
		in:   "ctor ( config : TimerConfig ) throws TimerError ;\nctor();\nctor(a: u8, b: u8,);",
		want: "ctor(config: TimerConfig) throws TimerError;\nctor();\nctor(a: u8, b: u8);\n",
	},
	{
		name: "fn kinds",
		in: "fn version()->string;\nasync  fn echo(req:EchoRequest)->EchoResponse throws TimerError;\n" +
			"static fn parse(text: string) -> Priority;\nstatic\nasync\nfn skew(server: string,\nsamples: u32,\n) -> i64;\n" +
			"host fn fetch(key: string) -> string throws TimerError;\nfn ping();",
		want: "fn version() -> string;\nasync fn echo(req: EchoRequest) -> EchoResponse throws TimerError;\n" +
			"static fn parse(text: string) -> Priority;\nstatic async fn skew(server: string, samples: u32) -> i64;\n" +
			"host fn fetch(key: string) -> string throws TimerError;\nfn ping();\n",
	},
	{
		name: "fn without result but with throws",
		in:   "fn resync() throws ClockError;",
		want: "fn resync() throws ClockError;\n",
	},
	{
		name: "event",
		in:   "event echo_fired(message: string, echo_count: i64);\nevent clock_changed( );",
		want: "event echo_fired(message: string, echo_count: i64);\nevent clock_changed();\n",
	},
	{
		name: "doc comments on members, fields, arms and params",
		in: "/// E.\nenum E {\n/// A.\na,\n    /// B.\n        b = 2,\n}\n" +
			"/// S.\nstruct S {\n  /// F.\n  f: u32,\n}\n" +
			"union U {\n/// Arm.\narm: S,\n  /// Bare.\n  bare }\n" +
			"fn f(\n/// P.\np: u32, q: u32) -> u32;\n" +
			"event e(\n\t/// M.\n\tm: string);",
		want: "/// E.\nenum E {\n    /// A.\n    a,\n    /// B.\n    b = 2,\n}\n\n" +
			"/// S.\nstruct S {\n    /// F.\n    f: u32,\n}\n\n" +
			"union U {\n    /// Arm.\n    arm: S,\n    /// Bare.\n    bare,\n}\n\n" +
			"fn f(\n    /// P.\n    p: u32,\n    q: u32,\n) -> u32;\n\n" +
			"event e(\n    /// M.\n    m: string,\n);\n",
	},
	{
		name: "blank lines between declarations",
		in: "library x;\nconst A: u8 = 1;\n\n\n\nconst B: u8 = 2;\nconst C: u8 = 3;\nstruct S { a: u8 }\nfn f();\n" +
			"fn g();\n\n\nstruct T {}\nenum E { a }\n",
		want: "library x;\n\nconst A: u8 = 1;\n\nconst B: u8 = 2;\nconst C: u8 = 3;\n\nstruct S {\n    a: u8,\n}\n\nfn f();\n" +
			"fn g();\n\nstruct T {}\n\nenum E {\n    a,\n}\n",
	},
	{
		name: "blank lines inside bodies",
		in:   "struct S {\n\n\n    a: u8,\n\n\n\n    b: u8,\n    c: u8,\n\n}\n",
		want: "struct S {\n    a: u8,\n\n    b: u8,\n    c: u8,\n}\n",
	},
	{
		name: "one line bodies are broken up",
		in:   "struct P { x: f64, y: f64 } union R { ok: P, err }",
		want: "struct P {\n    x: f64,\n    y: f64,\n}\n\nunion R {\n    ok: P,\n    err,\n}\n",
	},
	{
		name: "crlf line endings",
		in:   "library x;\r\n\r\nstruct S {\r\n    a: u8, // why\r\n}\r\n",
		want: "library x;\n\nstruct S {\n    a: u8, // why\n}\n",
	},
	{
		name: "byte order mark",
		in:   "\uFEFFlibrary x;\n",
		want: "library x;\n",
	},
	{
		name: "keywords as names of other things",
		in:   "struct S { type: u8, fn_: u8, async_x: u8 }",
		want: "struct S {\n    type: u8,\n    fn_: u8,\n    async_x: u8,\n}\n",
	},
	{
		name: "tabs and odd spacing",
		in:   "\t\tfn\tf\t(\ta\t:\tu8\t)\t->\tu8\t;\t\t\n\n\n",
		want: "fn f(a: u8) -> u8;\n",
	},
}

func TestLayout(t *testing.T) {
	runTable(t, layoutTests)
}

func TestEmptyFile(t *testing.T) {
	for _, in := range []string{"", "\n", " \n\t\r\n", "\uFEFF"} {
		got, errs := Source("empty.ffi", []byte(in))
		if errs.Len() > 0 || got == nil || len(got) != 0 {
			t.Errorf("Source(%q) = %q, %v; want empty output and no error", in, got, errs.Err())
		}
	}
}

func TestSyntaxError(t *testing.T) {
	for _, in := range []string{
		"struct S { a: }",
		"library x;\nfn f(;\nstruct T { b: u8 }",
		"const A: u8 = 1",
		"/* unterminated",
		"/// doc on nothing\n",
		"struct S { a: u8 } /// trailing doc\n",
		"\"unterminated",
		// The parser accepts the trailing `///` as part of the block
		// above it; the formatter reports it.
		"struct A {\n    ///a\n    f: u8 }///b\nfn g();",
	} {
		got, errs := Source("bad.ffi", []byte(in))
		if got != nil || errs.Len() == 0 {
			t.Errorf("Source(%q) = %q, %d errors; want nil output and errors", in, got, errs.Len())
		}
	}
}

// TestMismatch checks the safety net: a tree that does not match the
// source gives an error, never wrong output.
func TestMismatch(t *testing.T) {
	for _, tt := range []struct{ tree, src string }{
		{"fn f();", "fn g();"},
		{"fn f(a: u8);", "fn f(a: u8, b: u8);"},
		{"struct S { a: u8 }", "struct S { a: u8 } fn f();"},
		{"const A: u8 = 1;", "const A: u8 = 1 ;;"},
	} {
		f, errs := parser.Parse("tree.ffi", []byte(tt.tree))
		if errs.Len() > 0 {
			t.Fatal(errs.Err())
		}
		p := newPrinter([]byte(tt.src), nil)
		if fe := p.print(f); fe == nil {
			t.Errorf("printing the tree of %q over %q = %q, want an error", tt.tree, tt.src, p.bytes())
		}
	}
}
