package golang

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/idl"
	"github.com/ffic/ffic/names"
)

// degenerate are tiny interfaces: each declares one kind of thing, or
// nothing, so every file of the package and of its client must compile
// without the declarations the others bring (an import used only by
// strings, a helper used only by structs).
var degenerate = map[string]string{
	"nothing":    "library nothing;",
	"one_fn":     "library one_fn; fn f();",
	"scalar_fn":  "library scalar_fn; fn f(x: i32) -> u64;",
	"async_fn":   "library async_fn; async fn f();",
	"events":     "library events; event e(); event e2(x: i32);",
	"host_fns":   "library host_fns; host fn h(); host fn h2(x: i32) -> i32;",
	"statics":    "library statics; static fn s() -> i32; static async fn sa(x: f64);",
	"consts":     "library consts; const A: i32 = 1; const B: f32 = -0.0; const C: u8 = 3;",
	"types":      "library types; struct S { x: i32 } enum E { a } union U { a, b: string }",
	"ctor_only":  "library ctor_only; ctor(x: i32);",
	"err_only":   "library err_only; struct E { x: i32? } fn f() throws E;",
	"empty_decl": "library empty_decl; struct S {} enum E { a } fn f(s: S) -> E;",
}

// generatedIdents are every identifier the backend writes itself (locals,
// parameters, receivers, package-level names, methods, imported
// packages), read from its output for the goldens and edge.ffi with
// every user name replaced by zq<n>, that a user could spell: snake_case
// names the checker would accept.
func generatedIdents(t *testing.T) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, in := range append(goldenInputs, "backends/go/testdata/edge.ffi") {
		src, err := os.ReadFile(filepath.Join(root(t), in))
		if err != nil {
			t.Fatal(err)
		}
		m, errs := check.Source(in, src)
		if errs.Len() > 0 {
			t.Fatal(errs.Err())
		}
		anonymize(m)
		files, err := Generate(m)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if !strings.HasSuffix(f.Path, ".go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Content, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					seen[id.Name] = true
				}
				return true
			})
			for _, imp := range file.Imports {
				seen[filepath.Base(strings.Trim(imp.Path.Value, `"`))] = true
			}
		}
	}
	var out []string
	for id := range seen {
		if strings.Contains(strings.ToLower(id), "zq") {
			continue // the user's
		}
		s := names.Snake(id)
		if !names.IsSnake(s) || camel(s) != id && pascal(s) != id {
			continue
		}
		// Only names ffic accepts (not its keywords).
		if _, errs := check.Source("x.ffi", []byte("library x; fn "+s+"("+s+": i32);")); errs.Len() == 0 {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// anonymize renames every name of m declared in its .ffi file to zq<n>
// (Zq<n> for types).
func anonymize(m *idl.Model) {
	n := 0
	next := func() string { n++; return fmt.Sprintf("zq%d", n) }
	m.Library = next()
	fields := func(fs []*idl.Field) {
		for _, f := range fs {
			f.Name = next()
		}
	}
	for _, k := range m.Consts {
		k.Name = strings.ToUpper(next())
	}
	for _, d := range m.TypeDecls() {
		switch d := d.(type) {
		case *idl.Struct:
			d.Name = "Z" + next()[1:]
			fields(d.Fields)
		case *idl.Enum:
			d.Name = "Z" + next()[1:]
			for _, x := range d.Members {
				x.Name = next()
			}
		case *idl.Union:
			d.Name = "Z" + next()[1:]
			for _, x := range d.Arms {
				x.Name = next()
			}
		}
	}
	fields(m.Ctor.Params)
	for _, f := range append(slices.Clone(m.Funcs), m.HostFuncs...) {
		f.Name = next()
		fields(f.Params)
	}
	for _, e := range m.Events {
		e.Name = next()
		fields(e.Params)
	}
}

// usedNames are interfaces naming each identifier of generated code as a
// parameter (of the ctor, of a native, a CBOR, an async and a static fn,
// of an event and of a host fn), a field, a fn, an event and a host fn.
func usedNamesFFI(ids []string) map[string]string {
	var params, strs, fields, fns, evs, hosts []string
	for _, id := range ids {
		params = append(params, id+": i32")
		strs = append(strs, id+": string")
		fields = append(fields, "    "+id+": i32,")
		fns = append(fns, "fn "+id+"("+id+": i32) -> i32;")
		evs = append(evs, "event "+id+"("+id+": string);")
		hosts = append(hosts, "host fn "+id+"("+id+": i32) -> string;")
	}
	p, s := strings.Join(params, ", "), strings.Join(strs, ", ")
	return map[string]string{
		"id_params": fmt.Sprintf("library id_params;\nstruct S {\n%s\n}\nctor(%s);\nfn native(%s) -> i32 throws S;\nfn boxed(%s) -> string throws S;\n"+
			"async fn later(%s) -> i32;\nstatic fn alone(%s) -> i32;\nevent ev(%s);\nhost fn hf(%s) -> i32;\n",
			strings.Join(fields, "\n"), p, p, s, s, p, s, s),
		"id_fns":    "library id_fns;\n" + strings.Join(fns, "\n") + "\n",
		"id_events": "library id_events;\n" + strings.Join(evs, "\n") + "\n",
		"id_hosts":  "library id_hosts;\n" + strings.Join(hosts, "\n") + "\n",
	}
}

// TestCompileDegenerate: the library package and client of every
// degenerate interface, and of interfaces naming things like the
// generated code's own identifiers, build and pass go vet.
func TestCompileDegenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles with cgo")
	}
	ids := generatedIdents(t)
	for _, must := range []string{"ctx", "lib", "err", "in", "res", "c", "fficlib", "fficrt", "unsafe", "ctor_args", "static_impl"} {
		if !slices.Contains(ids, must) {
			t.Fatalf("the identifiers read from generated code lack %q: %v", must, ids)
		}
	}
	srcs := map[string]string{}
	for k, v := range degenerate {
		srcs[k] = v
	}
	for k, v := range usedNamesFFI(ids) {
		srcs[k] = v
	}
	tmp, err := os.MkdirTemp("testdata", "degenerate-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	var pkgs []string
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range srcs {
			if !yield(k) {
				return
			}
		}
	}) {
		m, errs := check.Source(name+".ffi", []byte(srcs[name]))
		if errs.Len() > 0 {
			t.Fatalf("%s: %v\n%s", name, errs.Err(), srcs[name])
		}
		files, err := GenerateWith(m, inTemp(tmp))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pkgs = append(pkgs, writeFiles(t, tmp, files)...)
	}
	vet(t, pkgs)
}
