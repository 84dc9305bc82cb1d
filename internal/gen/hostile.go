package gen

import (
	"reflect"
	"strings"

	"github.com/ffic/ffic/idl"
)

// lineEnds are the characters that end a line, or a comment, for some C,
// C++, Go or Python compiler or for an editor, or that a compiler rejects
// even inside a comment; bytes that are not UTF-8 among them.
var lineEnds = []string{
	"\r", "\r\n", "\f", "\v", "\x00", "\x1c", "\x1d", "\x1e", "\x1b", "\x7f",
	"\u0085", "\u2028", "\u2029", "\ufeff", "\u202e", "\xff", "\x85", "\xc2",
}

// HostileDoc is doc comment text built to get out of the comments it is
// printed in: after each of lineEnds, a line of Python that exits the
// process with status 3 (os._exit(3)), a C declaration (injected_c) after
// a "*/", and a Go declaration (injectedGo) after a "}"; then the enders
// of Python docstrings, C comments and trigraphs. Code generated from it
// must compile, vet and import without running any of it, and the words
// "_exit", "injected_c" and "injectedGo" must occur only inside comments
// and docstrings.
func HostileDoc() string {
	var b strings.Builder
	b.WriteString("Hostile doc text.\n")
	for _, e := range lineEnds {
		b.WriteString("x" + e + "import os; os._exit(3)" + e + "*/ int injected_c; /*" + e + "} var injectedGo = 1 //" + e + "\n")
	}
	b.WriteString(`"""; import os; os._exit(3); """` + "\n")
	b.WriteString(`'''; import os; os._exit(3); '''` + "\n")
	b.WriteString(`a backslash at the end \` + "\n")
	b.WriteString("a trigraph splice ??/\n")
	b.WriteString("*/ int injected_c; /*\n")
	b.WriteString(`ends with a quote "`)
	return b.String()
}

// SetDocs sets every doc comment of m to doc: every string field named Doc
// of every value the model reaches, found by reflection, so a doc comment
// added to the model later is covered too. It bypasses the parser (which
// rejects control characters), to test that the backends are safe on
// their own.
func SetDocs(m *idl.Model, doc string) {
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() || seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem())
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			t := v.Type()
			for i := range t.NumField() {
				f := v.Field(i)
				if !t.Field(i).IsExported() {
					continue
				}
				if t.Field(i).Name == "Doc" && f.Kind() == reflect.String {
					f.SetString(doc)
					continue
				}
				walk(f)
			}
		}
	}
	walk(reflect.ValueOf(m))
}

// EveryDoc is an interface with a doc comment in every place one can go:
// the library, constants, an enum and its members, a struct and its
// fields, a union and its arms, the ctor, every kind of fn, an event, a
// host fn, and their parameters.
func EveryDoc() []byte {
	return []byte(`/// The library.
library hostile;

/// A number.
const MAX_COUNT: u32 = 3;
/// A string.
const GREETING: string = "hi";

/// An enum.
enum Color {
    /// A member.
    red,
    /// Another.
    green,
}

/// A struct.
struct Point {
    /// A field.
    x: i32,
    /// Another.
    y: f64,
    color: Color,
}

/// A union.
union Shape {
    /// An arm.
    point: Point,
    /// An arm without payload.
    empty,
}

/// An error.
struct Oops {
    /// Its message.
    message: string,
}

/// The ctor.
ctor(
    /// A parameter.
    seed: u32,
) throws Oops;

/// A fn.
fn move_to(
    /// A parameter.
    p: Point,
    s: Shape?,
) -> Point throws Oops;

/// An async fn.
async fn wait(ms: u32) -> list<Point>;

/// A static fn.
static fn version() -> string;

/// An event.
event moved(
    /// A parameter.
    p: Point,
);

/// A host fn.
host fn ask(
    /// A parameter.
    key: string,
) -> string throws Oops;
`)
}
