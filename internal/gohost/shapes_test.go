package gohost

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	c "github.com/ffic/ffic/backends/c"
	golang "github.com/ffic/ffic/backends/go"
	"github.com/ffic/ffic/check"
)

// The Go host against a library written in plain C: testdata/shapes.
//
// A test binary cannot link a shared library unknown when it was built,
// so the tests do what a user of a C library does (docs/go.md, Linking):
// they make a module of their own (shapeshost, with a replace directive to
// this repository) holding shapes.ffi, gen.go and the host program
// testdata/shapes/host; generate the client package with go generate
// (gen.go's //go:generate line runs ffic); compile testdata/shapes/shapes.c
// with gcc into libshapes.so; and run the host with go test, cgo pointed
// at the library by CGO_LDFLAGS="-L<dir> -lshapes -Wl,-rpath,<dir>".

const shapesFFI = "internal/gohost/testdata/shapes/shapes.ffi"

var shapes struct {
	once sync.Once
	mod  string // the host module
	lib  string // the directory of libshapes.so
	bad  string // the directory of a libshapes.so with a wrong fingerprint
	err  error
}

// shapesModule builds the host module and both libraries once per test
// binary, in a directory removed by TestMain.
func shapesModule(t testing.TB) {
	t.Helper()
	shapes.once.Do(func() { shapes.err = buildShapes() })
	if shapes.err != nil {
		t.Fatal(shapes.err)
	}
}

func buildShapes() error {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "ffic-gohost-")
	if err != nil {
		return err
	}
	tmpDirs = append(tmpDirs, tmp)
	shapes.mod, shapes.lib, shapes.bad = filepath.Join(tmp, "mod"), filepath.Join(tmp, "lib"), filepath.Join(tmp, "bad")
	write := func(path string, b []byte) error {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return err
		}
		return os.WriteFile(path, b, 0o666)
	}
	// The module: its go.sum is this repository's, which holds every
	// module ffic (run by go generate) and the runtime need.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	gomod := fmt.Sprintf("module shapeshost\n\ngo 1.26\n\nrequire github.com/ffic/ffic v0.0.0\n\nreplace github.com/ffic/ffic => %s\n", root)
	files := map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum}
	for from, to := range map[string]string{
		"shapes.ffi": "shapes.ffi", "gen.go": "gen.go", "host/bare.go": "host/bare.go", "host/host_test.go": "host/host_test.go",
	} {
		if files[to], err = os.ReadFile(filepath.Join("testdata", "shapes", filepath.FromSlash(from))); err != nil {
			return err
		}
	}
	for name, b := range files {
		if err := write(filepath.Join(shapes.mod, filepath.FromSlash(name)), b); err != nil {
			return err
		}
	}
	cmd := exec.Command("go", "generate", ".")
	cmd.Dir = shapes.mod
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go generate in the host module: %v\n%s", err, out)
	}
	include := filepath.Join(shapes.mod, "gen", "shapes")
	for dir, flags := range map[string][]string{shapes.lib: nil, shapes.bad: {"-DSHAPES_WRONG_FINGERPRINT"}} {
		if err := os.MkdirAll(dir, 0o777); err != nil {
			return err
		}
		args := append([]string{"-std=c11", "-O2", "-g", "-Wall", "-Wextra", "-Werror", "-fPIC", "-shared", "-pthread",
			"-I", include, "-o", filepath.Join(dir, "libshapes.so"), "testdata/shapes/shapes.c"}, flags...)
		if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("gcc %v: %v\n%s", args, err, out)
		}
	}
	return nil
}

// goInShapes runs the go command in the host module, linked against the
// library in libDir by CGO_LDFLAGS.
func goInShapes(t testing.TB, libDir string, env []string, args ...string) string {
	t.Helper()
	return goInShapesWith(t, "-L"+libDir+" -lshapes -Wl,-rpath,"+libDir, env, args...)
}

func goInShapesWith(t testing.TB, ldflags string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = shapes.mod
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOFLAGS=-mod=mod", "GOWORK=off", "CGO_LDFLAGS="+ldflags)
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestShapesGenerated: go generate wrote the client package ffic itself
// generates from shapes.ffi, byte for byte.
func TestShapesGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a C library and a Go module")
	}
	shapesModule(t)
	src, err := os.ReadFile(filepath.Join("..", "..", shapesFFI))
	if err != nil {
		t.Fatal(err)
	}
	m, errs := check.Source("shapes.ffi", src) // the path go generate passes
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	files, err := golang.GenerateWith(m, golang.Options{ImportPath: "shapeshost/gen"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(shapes.mod, "gen", filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(f.Content) {
			t.Errorf("%s: go generate wrote other bytes than golang.Generate", f.Path)
		}
	}
}

// TestShapesLibraryPath: linked without rpath, the host finds the library
// through LD_LIBRARY_PATH at run time, and fails to start without it.
func TestShapesLibraryPath(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a C library and a Go module")
	}
	shapesModule(t)
	bin := filepath.Join(t.TempDir(), "host.test")
	goInShapesWith(t, "-L"+shapes.lib+" -lshapes", nil, "test", "-c", "-o", bin, "./host/")
	run := func(env ...string) (string, error) {
		cmd := exec.Command(bin, "-test.run", "TestCalls", "-test.v")
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("LD_LIBRARY_PATH=" + shapes.lib); err != nil || !strings.Contains(out, "--- PASS: TestCalls") {
		t.Errorf("with LD_LIBRARY_PATH: %v\n%s", err, out)
	}
	if out, err := run("LD_LIBRARY_PATH="); err == nil || !strings.Contains(out, "libshapes.so") {
		t.Errorf("without rpath or LD_LIBRARY_PATH the host started: %v\n%s", err, out)
	}
}

// TestShapesC runs the host program against libshapes.so under -race:
// calls, typed and message errors, host fns called from a plain fn's
// thread and from a library thread (answered, late, typed, panicking, not
// implemented), events (several subscribers, one panicking), cancellation,
// Close with calls in flight, 8 goroutines; and go vet of the module.
func TestShapesC(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a C library and a Go module")
	}
	shapesModule(t)
	goInShapes(t, shapes.lib, nil, "vet", "./...")
	// once with the native path of flat plain fns, once with CBOR only
	for _, env := range []string{"FFIC_GO_CBOR_ONLY=", "FFIC_GO_CBOR_ONLY=1"} {
		out := goInShapes(t, shapes.lib, []string{env}, "test", "-race", "-count=1", "-v", "-run", "Test", "./host/")
		if testing.Verbose() {
			t.Log(env, out)
		}
		for _, name := range []string{"TestCalls", "TestErrors", "TestHostFn", "TestEvents", "TestCancellation", "TestCloseInFlight", "TestConcurrent", "TestSumLaterWorker", "TestDroppedEvents", "TestEventsReentrant", "TestCloseFromSubscriber"} {
			if !strings.Contains(out, "--- PASS: "+name) {
				t.Errorf("%s: %s did not pass:\n%s", env, name, out)
			}
		}
	}
}

// benchShapes runs BenchmarkShapes of the host module (no -race) and
// returns its output.
func benchShapes(b *testing.B, benchtime string) string {
	shapesModule(b)
	return goInShapes(b, shapes.lib, nil, "test", "-run", "x", "-bench", ".", "-benchtime", benchtime, "./host/")
}

// TestShapesMismatch: the same host, linked with a libshapes.so that
// reports another fingerprint, fails at Open with fficlient.ErrMismatch.
func TestShapesMismatch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a C library and a Go module")
	}
	shapesModule(t)
	out := goInShapes(t, shapes.bad, []string{"SHAPES_MISMATCH=1"}, "test", "-count=1", "-v", "-run", "Mismatch", "./host/")
	if !strings.Contains(out, "--- PASS: TestMismatch") {
		t.Errorf("TestMismatch did not pass:\n%s", out)
	}
}

// TestShapesNotLinked: the host linked with no implementation of shapes
// fails to link, and the first undefined reference the linker reports is
// the link hint, whose name says what to do (docs/go.md, Linking).
func TestShapesNotLinked(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a C library and a Go module")
	}
	shapesModule(t)
	cmd := exec.Command("go", "test", "-c", "-o", filepath.Join(t.TempDir(), "host.test"), "./host/")
	cmd.Dir = shapes.mod
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOFLAGS=-mod=mod", "GOWORK=off", "CGO_LDFLAGS=")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the host linked without an implementation:\n%s", out)
	}
	hint := c.NewNames("shapes").LinkHint()
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "undefined reference") {
			if !strings.Contains(l, "`"+hint+"'") {
				t.Errorf("the first undefined reference is not to %s:\n%s", hint, out)
			}
			return
		}
	}
	t.Errorf("no undefined reference in the linker's output:\n%s", out)
}

// tmpDirs are removed when the tests end.
var tmpDirs []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tmpDirs {
		_ = os.RemoveAll(d)
	}
	os.Exit(code)
}
