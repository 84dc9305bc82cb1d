package python

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/idl"
)

var update = flag.Bool("update", false, "rewrite the golden modules in testdata/golden/python")

// goldenInputs are the .ffi files whose modules are pinned in
// testdata/golden/python (at the module root) as <library>.py. Regenerate
// them with: go test ./backends/python -run Golden -update
var goldenInputs = []string{
	"examples/timer/timer.ffi",
	"testdata/keywords.ffi",
}

// TestGolden compares the modules of the golden inputs with their golden
// files, and compiles the golden files themselves (as Python 3.9 syntax),
// so a golden can't be both wrong and green. mypy --strict and the
// behaviour of the modules are tested by tests/python (pytest).
func TestGolden(t *testing.T) {
	root := repoRoot(t)
	for _, in := range goldenInputs {
		t.Run(in, func(t *testing.T) {
			m := load(t, in)
			got := gen1(t, m)
			golden := filepath.Join(root, "testdata", "golden", "python", m.Library+".py")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o777); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./backends/python -run Golden -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", golden, diff)
			}
			compilePython(t, golden)
		})
	}
}

// TestDeterministic: the same model gives the same bytes, and so does the
// same source checked again.
func TestDeterministic(t *testing.T) {
	for _, in := range goldenInputs {
		m := load(t, in)
		a, b, c := gen1(t, m), gen1(t, m), gen1(t, load(t, in))
		if !bytes.Equal(a, b) || !bytes.Equal(a, c) {
			t.Errorf("%s: two generations differ", in)
		}
	}
}

// TestEveryFFIFileCompiles generates the module of every valid .ffi file
// of the repository and of the interfaces below, and compiles it.
func TestEveryFFIFileCompiles(t *testing.T) {
	srcs := map[string]string{
		"empty.ffi":     "library empty;\n",
		"clash.ffi":     "library clash;\nstruct ScheduleOnce { x: u8 }\nunion Schedule { once: u8, twice }\nstruct ClashError { e: Schedule }\nstruct Exception {}\nstruct List { list: list<List> }\nfn close() -> ClashError throws ClashError;\nfn close_async();\nfn on_x();\nevent x();\nstatic fn load_library();\nstatic fn len(self: u8, def: string);\nctor(cb: string, self: u8);\n",
		"one_arm.ffi":   "library one_arm;\nunion U { only }\nenum E { name, value, mro, class }\nstruct S { u: U, e: E?, typing: bool, str: string }\n",
		"recursive.ffi": "library recursive;\nunion A { b: B?, n }\nstruct B { a: list<A>, m: map<string, B> }\n",
	}
	dir := t.TempDir()
	for name, src := range srcs {
		m := source(t, name, src)
		path := filepath.Join(dir, m.Library+".py")
		if err := os.WriteFile(path, gen1(t, m), 0o666); err != nil {
			t.Fatal(err)
		}
		compilePython(t, path)
		importPython(t, dir, m.Library)
	}
	for _, in := range []string{"testdata/wire/vectors.ffi"} {
		m := load(t, in)
		path := filepath.Join(dir, m.Library+".py")
		if err := os.WriteFile(path, gen1(t, m), 0o666); err != nil {
			t.Fatal(err)
		}
		compilePython(t, path)
	}
}

// TestClashNames: derived names that would collide get "_" appended, own
// names keep theirs.
func TestClashNames(t *testing.T) {
	m := source(t, "clash.ffi", "library clash;\nstruct ScheduleOnce { x: u8 }\nunion Schedule { once: u8 }\n"+
		"struct ClashError {}\nfn close();\nfn close_async();\nstatic fn len();\nenum Exception { a }\n")
	n := newNamer(m)
	got := map[string]string{
		"struct ScheduleOnce": n.types[m.LookupType("ScheduleOnce")],
		"arm Schedule.once":   n.arms[m.Unions[0].Arms[0]],
		"struct ClashError":   n.types[m.LookupType("ClashError")],
		"base error":          n.errBase,
		"fn close":            n.methods[m.Funcs[0]][0],
		"fn close async":      n.methods[m.Funcs[0]][1],
		"fn close_async":      n.methods[m.Funcs[1]][0],
		"static fn len":       n.statics[m.Funcs[2]][0],
		"enum Exception":      n.types[m.LookupType("Exception")],
	}
	want := map[string]string{
		"struct ScheduleOnce": "ScheduleOnce",
		"arm Schedule.once":   "ScheduleOnce_",
		"struct ClashError":   "ClashError_",
		"base error":          "ClashError",
		"fn close":            "close_",
		"fn close async":      "close_async",
		"fn close_async":      "close_async_",
		"static fn len":       "len_",
		"enum Exception":      "Exception_",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

func TestMemberEscapes(t *testing.T) {
	tests := []struct{ in, member, enum string }{
		{"class", "class_", "class_"},
		{"def", "def_", "def_"},
		{"lambda", "lambda_", "lambda_"},
		{"await", "await_", "await_"},
		{"str", "str_", "str"},
		{"list", "list_", "list"},
		{"self", "self_", "self"},
		{"typing", "typing_", "typing"},
		{"name", "name", "name_"},
		{"value", "value", "value_"},
		{"mro", "mro", "mro_"},
		{"type", "type", "type"},
		{"match", "match", "match"},
		{"none", "none", "none"},
		{"id", "id", "id"},
	}
	for _, tt := range tests {
		if got := member(tt.in); got != tt.member {
			t.Errorf("member(%q) = %q, want %q", tt.in, got, tt.member)
		}
		if got := enumMember(tt.in); got != tt.enum {
			t.Errorf("enumMember(%q) = %q, want %q", tt.in, got, tt.enum)
		}
	}
}

func TestDocText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`a \n b`, `a \\n b`},
		{`say """hi"""`, `say \"\"\"hi\"\"\"`},
		{`ends with "`, `ends with \"`},
		{"tab\tand\x01", "tab\tand "},
	}
	for _, tt := range tests {
		if got := docText(tt.in); got != tt.want {
			t.Errorf("docText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// python is the interpreter the tests run: $PYTHON, else python3. It is
// required (scripts/test installs it); a missing one fails the test.
func python(t *testing.T) string {
	t.Helper()
	py := os.Getenv("PYTHON")
	if py == "" {
		py = "python3"
	}
	path, err := exec.LookPath(py)
	if err != nil {
		t.Fatalf("%s not found: the Python backend's tests need Python 3 (set $PYTHON)", py)
	}
	return path
}

// compilePython parses path as Python 3.9 and compiles it (writing nothing).
func compilePython(t *testing.T, path string) {
	t.Helper()
	script := `import ast, sys
src = open(sys.argv[1], encoding="utf-8").read()
ast.parse(src, sys.argv[1], feature_version=(3, 9))
compile(src, sys.argv[1], "exec")`
	if out, err := exec.Command(python(t), "-c", script, path).CombinedOutput(); err != nil {
		t.Errorf("%s does not compile: %v\n%s", path, err, out)
	}
}

// importPython imports module from dir.
func importPython(t *testing.T, dir, module string) {
	t.Helper()
	cmd := exec.Command(python(t), "-c", "import "+module)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("import %s: %v\n%s", module, err, out)
	}
}

func gen1(t *testing.T, m *idl.Model) []byte {
	t.Helper()
	files, err := Generate(m)
	if err != nil || len(files) != 1 || files[0].Path != m.Library+".py" {
		t.Fatalf("Generate(%s) = %d files, %v; want the one file %s.py", m.Library, len(files), err, m.Library)
	}
	if !strings.HasPrefix(string(files[0].Content), "# Code generated by ffic from "+m.File+". DO NOT EDIT.\n") {
		t.Errorf("%s.py does not start with the generated-code line", m.Library)
	}
	return files[0].Content
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func load(t testing.TB, rel string) *idl.Model {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot(t), filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return source(t, rel, string(src))
}

func source(t testing.TB, name, src string) *idl.Model {
	t.Helper()
	m, errs := check.Source(name, []byte(src))
	if errs.Len() > 0 {
		t.Fatalf("%s does not check:\n%v", name, errs.Err())
	}
	return m
}
