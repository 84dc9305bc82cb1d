package check_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/idl"
)

func mustCheck(t *testing.T, src string) *idl.Model {
	t.Helper()
	m, errs := check.Source("t.ffi", []byte(src))
	if errs.Len() > 0 {
		t.Fatalf("Source(%q): %v", src, errs.Err())
	}
	return m
}

func TestTypes(t *testing.T) {
	m := mustCheck(t, `library t;
enum Color { red }
union U { a }
struct S {
    a: bool, b: i8, c: i16, d: i32, e: i64, f: u8, g: u16, h: u32, i: u64,
    j: f32, k: f64, l: string, m: bytes,
    n: list<map<string, S?>>, o: map<Color, list<U>>, p: Color?, q: map<u64, bytes?>,
}`)
	tests := []struct {
		field string
		want  string
	}{
		{"a", "bool"}, {"b", "i8"}, {"c", "i16"}, {"d", "i32"}, {"e", "i64"}, {"f", "u8"},
		{"g", "u16"}, {"h", "u32"}, {"i", "u64"}, {"j", "f32"}, {"k", "f64"}, {"l", "string"},
		{"m", "bytes"}, {"n", "list<map<string, S?>>"}, {"o", "map<Color, list<U>>"},
		{"p", "Color?"}, {"q", "map<u64, bytes?>"},
	}
	s := m.Structs[0]
	for i, tt := range tests {
		if got := s.Fields[i].Type.String(); s.Fields[i].Name != tt.field || got != tt.want {
			t.Errorf("field %d = %s: %s, want %s: %s", i, s.Fields[i].Name, got, tt.field, tt.want)
		}
	}
	// The references resolve to the declarations themselves.
	n := s.Fields[13].Type
	if n.Kind != idl.List || n.Elem.Kind != idl.Map || n.Elem.Key.Kind != idl.String ||
		n.Elem.Elem.Kind != idl.Optional || n.Elem.Elem.Elem.Struct != s {
		t.Errorf("list<map<string, S?>> resolved to %+v", n)
	}
	if o := s.Fields[14].Type; o.Key.Enum != m.Enums[0] || o.Elem.Elem.Union != m.Unions[0] {
		t.Errorf("map<Color, list<U>> does not point at Color and U")
	}
	if !s.Recursive {
		t.Errorf("S holds itself through list<map<string, S?>> but is not marked recursive")
	}
}

func TestUseBeforeDeclaration(t *testing.T) {
	m := mustCheck(t, `library t;
fn get(a: Later) -> Later2;
struct Later { b: Later2 }
enum Later2 { x }`)
	f := m.Funcs[0]
	if f.Params[0].Type.Struct != m.Structs[0] || f.Result.Enum != m.Enums[0] {
		t.Errorf("types used before their declaration did not resolve")
	}
}

func TestEnumValues(t *testing.T) {
	m := mustCheck(t, `library t;
enum E { a, b, c = 10, d, e = -3, f, g = 0x7FFFFFFF, h = -2147483648 }`)
	var got []int64
	for _, mem := range m.Enums[0].Members {
		got = append(got, mem.Value)
	}
	want := []int64{0, 1, 10, 11, -3, -2, 0x7FFFFFFF, -2147483648}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("enum values (-want +got):\n%s", diff)
	}
}

func TestConstValues(t *testing.T) {
	m := mustCheck(t, `library t;
const A: bool = false;
const B: i8 = -128;
const C: u64 = 0xFFFFFFFFFFFFFFFF;
const D: f32 = 1.5;
const E: f64 = -2e3;
const F: string = "tab\there \"q\" nul\0 \\ \u{1F600} é";
const G: f64 = 7;
const H: i64 = -0x10;`)
	want := []any{false, int64(-128), uint64(1<<64 - 1), 1.5, -2000.0, "tab\there \"q\" nul\x00 \\ 😀 é", 7.0, int64(-16)}
	texts := []string{"false", "-128", "0xFFFFFFFFFFFFFFFF", "1.5", "-2e3", `"tab\there \"q\" nul\0 \\ \u{1F600} é"`, "7", "-0x10"}
	for i, c := range m.Consts {
		if c.Value != want[i] || c.Text != texts[i] {
			t.Errorf("const %s = %#v (text %s), want %#v (text %s)", c.Name, c.Value, c.Text, want[i], texts[i])
		}
	}
}

func TestFuncsAndCtor(t *testing.T) {
	m := mustCheck(t, `/// Lib doc.
library t;
/// Err doc.
struct Err { code: u32 }
/// Makes it.
ctor(
    /// The size.
    size: u32,
) throws Err;
fn a();
async fn b(x: u32) -> string throws Err;
static fn c() -> u8;
static async fn d();
/// Fired.
event e(x: u32);
host fn f(key: string) -> string;`)
	if m.Library != "t" || m.Doc != "Lib doc." || m.File != "t.ffi" {
		t.Errorf("library = %q doc %q file %q", m.Library, m.Doc, m.File)
	}
	if m.Ctor.Implicit || m.Ctor.Doc != "Makes it." || m.Ctor.Params[0].Doc != "The size." || m.Ctor.Throws.Struct != m.Structs[0] {
		t.Errorf("ctor = %+v", m.Ctor)
	}
	var kinds []string
	for _, f := range m.Funcs {
		kinds = append(kinds, f.Name+":"+f.Kind.String())
	}
	if diff := cmp.Diff([]string{"a:fn", "b:async fn", "c:static fn", "d:static async fn"}, kinds); diff != "" {
		t.Errorf("funcs (-want +got):\n%s", diff)
	}
	if b := m.Funcs[1]; b.Result.Kind != idl.String || b.Throws.Struct != m.Structs[0] || b.Kind.IsStatic() || !b.Kind.IsAsync() {
		t.Errorf("async fn b = %+v", b)
	}
	if m.Funcs[0].Result != nil || m.Funcs[0].Throws != nil {
		t.Errorf("fn a() has a result or an error type")
	}
	if len(m.Events) != 1 || m.Events[0].Doc != "Fired." || len(m.HostFuncs) != 1 || m.HostFuncs[0].Kind != idl.Host {
		t.Errorf("events %v host funcs %v", m.Events, m.HostFuncs)
	}
	if len(m.ContextFuncs()) != 2 || len(m.StaticFuncs()) != 2 {
		t.Errorf("ContextFuncs %d StaticFuncs %d, want 2 and 2", len(m.ContextFuncs()), len(m.StaticFuncs()))
	}
	if got := m.ErrorTypes(); len(got) != 1 || got[0] != m.Structs[0] {
		t.Errorf("ErrorTypes = %v", got)
	}
}

func TestImplicitCtor(t *testing.T) {
	m := mustCheck(t, "library t;")
	if !m.Ctor.Implicit || len(m.Ctor.Params) != 0 || m.Ctor.Throws != nil {
		t.Errorf("implicit ctor = %+v", m.Ctor)
	}
}

func TestRecursive(t *testing.T) {
	m := mustCheck(t, `library t;
struct Leaf { v: u32 }
struct Tree { kids: list<Tree>, leaf: Leaf }
struct A { b: B? }
struct B { a: A }
union Expr { lit: i64, add: list<Expr>, leaf: Leaf }`)
	want := map[string]bool{"Leaf": false, "Tree": true, "A": true, "B": true, "Expr": true}
	for _, d := range m.TypeDecls() {
		got := false
		switch d := d.(type) {
		case *idl.Struct:
			got = d.Recursive
		case *idl.Union:
			got = d.Recursive
		}
		if got != want[d.DeclName()] {
			t.Errorf("%s recursive = %v, want %v", d.DeclName(), got, want[d.DeclName()])
		}
	}
}

func TestReaches(t *testing.T) {
	m := mustCheck(t, `library t;
struct A { b: list<B>, c: map<E, C?> }
struct B { a: A? }
struct C {}
enum E { x }
struct Unused {}
union Err { a: A, none }
fn f(c: C, a: A) -> bytes throws Err;
event ev(x: map<string, E>);
ctor(c: C);`)
	names := func(ds []idl.TypeDecl) string {
		var out []string
		for _, d := range ds {
			out = append(out, d.DeclName())
		}
		return strings.Join(out, " ")
	}
	if got, want := names(m.Funcs[0].Reaches()), "C A B E Err"; got != want {
		t.Errorf("f reaches %q, want %q", got, want)
	}
	if got, want := names(m.Events[0].Reaches()), "E"; got != want {
		t.Errorf("ev reaches %q, want %q", got, want)
	}
	if got, want := names(m.Ctor.Reaches()), "C"; got != want {
		t.Errorf("ctor reaches %q, want %q", got, want)
	}
}

func TestFingerprint(t *testing.T) {
	base := "library t;\nstruct A { x: u32, y: string }\nconst N: u32 = 16;\nfn f(a: A) -> u32;\n"
	fp := func(src string) string { return mustCheck(t, src).Fingerprint }
	same := []string{
		"/// Docs do not count.\nlibrary t;\n// nor comments\nstruct A {\n    /// x.\n    x: u32,\n    y: string,\n}\nconst N: u32 = 0x10;\nfn f(a: A) -> u32;\n",
		"library t;\nfn f(a: A) -> u32;\nconst N: u32 = 16;\nstruct A { x: u32, y: string }\n", // kinds reordered
	}
	different := []string{
		"library u;\nstruct A { x: u32, y: string }\nconst N: u32 = 16;\nfn f(a: A) -> u32;\n",
		"library t;\nstruct A { y: string, x: u32 }\nconst N: u32 = 16;\nfn f(a: A) -> u32;\n",
		"library t;\nstruct A { x: u64, y: string }\nconst N: u32 = 16;\nfn f(a: A) -> u32;\n",
		"library t;\nstruct A { x: u32, y: string }\nconst N: u32 = 17;\nfn f(a: A) -> u32;\n",
		"library t;\nstruct A { x: u32, y: string }\nconst N: u32 = 16;\nasync fn f(a: A) -> u32;\n",
		"library t;\nstruct A { x: u32, y: string }\nconst N: u32 = 16;\nfn f(b: A) -> u32;\n",
	}
	want := fp(base)
	if len(want) != 64 {
		t.Fatalf("fingerprint %q is not a hex SHA-256", want)
	}
	for _, src := range same {
		if got := fp(src); got != want {
			t.Errorf("fingerprint of %q = %s, want the same as the base %s", src, got, want)
		}
	}
	for _, src := range different {
		if got := fp(src); got == want {
			t.Errorf("fingerprint of %q equals the base's; the interface differs", src)
		}
	}
}

func TestEmptyAndGarbage(t *testing.T) {
	for _, src := range []string{"", "   \n", "// only a comment\n", "\x00\xff\xfe", "struct", "}}}}", "library"} {
		m, errs := check.Source("g.ffi", []byte(src))
		if m != nil || errs.Len() == 0 {
			t.Errorf("Source(%q) = %v, %v; want nil model and errors", src, m, errs.Err())
		}
		for _, e := range errs.Errors() {
			if !e.Pos.IsValid() {
				t.Errorf("Source(%q): error without a position: %v", src, e)
			}
		}
	}
}
