package golang

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ffic/ffic/backends"
	"github.com/ffic/ffic/check"
)

var update = flag.Bool("update", false, "rewrite the golden files (see goldenDir)")

// goldenInputs are pinned in <goldenDir>/<library>/ at the module root.
// Regenerate them with: go test ./backends/go -run Golden -update
var goldenInputs = []string{"examples/timer/timer.ffi", "testdata/keywords.ffi"}

// goldenDir is where the output of a golden input is pinned. The example's
// golden is its checked-in generated package (examples/timer/gen), which
// the example and the end-to-end tests build, so it is kept once.
func goldenDir(in string) string {
	if in == "examples/timer/timer.ffi" {
		return filepath.Join("examples", "timer", "gen")
	}
	return filepath.Join("testdata", "golden", "go")
}

func root(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// generate checks the .ffi file at rel (relative to the module root) and
// runs the backend on it, naming the file as a user running ffic from the
// root would.
func generate(t *testing.T, rel string) []backends.File {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	m, errs := check.Source(rel, src)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	files, err := GenerateWith(m, Options{ImportPath: importPath(rel)})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// generateIn is generate for output written to tmp (inTemp).
func generateIn(t *testing.T, rel, tmp string) []backends.File {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	m, errs := check.Source(rel, src)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	files, err := GenerateWith(m, inTemp(tmp))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// inTemp are the options of output written to tmp, a directory under
// this package's.
func inTemp(tmp string) Options {
	return Options{ImportPath: "github.com/ffic/ffic/backends/go/" + filepath.ToSlash(tmp)}
}

// importPath is the import path of the golden directory of in.
func importPath(in string) string {
	return "github.com/ffic/ffic/" + filepath.ToSlash(goldenDir(in))
}

func TestGolden(t *testing.T) {
	for _, in := range goldenInputs {
		files := generate(t, in)
		dir := filepath.Join(root(t), goldenDir(in))
		var names []string
		for _, f := range files {
			names = append(names, f.Path)
			golden := filepath.Join(dir, filepath.FromSlash(f.Path))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o777); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, f.Content, 0o666); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./backends/go -run Golden -update)", err)
			}
			if diff := cmp.Diff(string(want), string(f.Content)); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", golden, diff)
			}
		}
		if !*update {
			lib := strings.Split(files[0].Path, "/")[0]
			count := 0
			_ = filepath.WalkDir(filepath.Join(dir, lib), func(_ string, d os.DirEntry, _ error) error {
				if d != nil && !d.IsDir() {
					count++
				}
				return nil
			})
			if count != len(files) {
				t.Errorf("%s holds %d files, the backend writes %d: %v", filepath.Join(dir, lib), count, len(files), names)
			}
		}
	}
}

// TestCompile: the generated packages of the golden inputs and of
// testdata/edge.ffi (names colliding with the package's API and with Go
// keywords, empty structs, unions without payloads, recursive types, every
// map key) build with cgo against the header and pass go vet and
// staticcheck.
func TestCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles with cgo")
	}
	tmp, err := os.MkdirTemp("testdata", "compile-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	var pkgs []string
	for _, in := range append(goldenInputs, "backends/go/testdata/edge.ffi") {
		src, err := os.ReadFile(filepath.Join(root(t), in))
		if err != nil {
			t.Fatal(err)
		}
		m, errs := check.Source(in, src)
		if errs.Len() > 0 {
			t.Fatal(errs.Err())
		}
		files, err := GenerateWith(m, Options{ImportPath: "github.com/ffic/ffic/backends/go/" + filepath.ToSlash(tmp)})
		if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, writeFiles(t, tmp, files)...)
	}
	lint(t, pkgs)
}

func TestDeterministic(t *testing.T) {
	a := generate(t, "examples/timer/timer.ffi")
	b := generate(t, "examples/timer/timer.ffi")
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Content, b[i].Content) {
			t.Errorf("%s differs between two runs", a[i].Path)
		}
	}
}

func TestGeneratedMarker(t *testing.T) {
	for _, f := range generate(t, "examples/timer/timer.ffi") {
		first := strings.SplitN(string(f.Content), "\n", 2)[0]
		if !strings.Contains(first, "Code generated by ffic from examples/timer/timer.ffi. DO NOT EDIT.") {
			t.Errorf("%s starts with %q", f.Path, first)
		}
	}
}

func TestNames(t *testing.T) {
	for _, tt := range []struct{ in, pascal, camel string }{
		{"echo", "Echo", "echo"},
		{"timer_id", "TimerID", "timerID"},
		{"timer_ids", "TimerIDs", "timerIDs"},
		{"id", "ID", "id"},
		{"ids", "IDs", "ids"},
		{"ids_by_url", "IDsByURL", "idsByURL"},
		{"http_url", "HTTPURL", "httpURL"},
		{"https", "HTTPS", "https"},
		{"dns", "DNS", "dns"},
		{"user_uuids", "UserUUIDs", "userUUIDs"},
		{"is", "Is", "is"},
		{"its", "Its", "its"},
		{"v2_api", "V2API", "v2API"},
		{"json_db_ts", "JSONDBTS", "jsonDBTS"},
	} {
		if got := pascal(tt.in); got != tt.pascal {
			t.Errorf("pascal(%q) = %q, want %q", tt.in, got, tt.pascal)
		}
		if got := camel(tt.in); got != tt.camel {
			t.Errorf("camel(%q) = %q, want %q", tt.in, got, tt.camel)
		}
	}
	for _, tt := range []struct {
		in     string
		locals []string
		want   string
	}{
		{"echo", nil, "echo"},
		{"v", nil, "v"},
		{"a", localsSig, "a"},
		{"h", localsClient, "h"},
		{"type", nil, "type_"},
		{"string", nil, "string_"},
		{"fficlib", nil, "fficlib_"},
		{"ctx", localsSig, "ctx_"},
		{"lib", localsSig, "lib"},
		{"lib", localsClient, "lib_"},
		{"ctor_args", localsOpen, "ctorArgs_"},
		{"err", localsSig, "err"},
		{"err", localsHost, "err_"},
	} {
		if got := param(tt.in, tt.locals); got != tt.want {
			t.Errorf("param(%q, %q) = %q, want %q", tt.in, tt.locals, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"my_timer", "mytimer"}, {"keywords", "keywords"}, {"go", "golib"}, {"fficlib", "fficliblib"},
	} {
		if got := packageName(tt.in); got != tt.want {
			t.Errorf("packageName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGofmtFailsLoudly(t *testing.T) {
	_, err := gofmt("x/a.go", []byte("package x\nfunc {\n"))
	if err == nil || !strings.Contains(err.Error(), "    2  func {") || !strings.Contains(err.Error(), "bug in ffic") {
		t.Errorf("gofmt of broken source: %v", err)
	}
}

// writeFile writes a generated file under dir and returns its path.
func writeFile(t *testing.T, dir string, f backends.File) string {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(f.Path))
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, f.Content, 0o666); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeFiles writes generated files under dir and returns the packages
// they make ("./dir/...", for go vet), each once, in the files' order.
func writeFiles(t *testing.T, dir string, files []backends.File) []string {
	t.Helper()
	var pkgs []string
	for _, f := range files {
		path := writeFile(t, dir, f)
		if pkg := "./" + filepath.ToSlash(filepath.Dir(path)); strings.HasSuffix(f.Path, ".go") && !slices.Contains(pkgs, pkg) {
			pkgs = append(pkgs, pkg)
		}
	}
	return pkgs
}
