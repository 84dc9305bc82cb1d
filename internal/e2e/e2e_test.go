// Package e2e tests Go-implemented ffic libraries from real C hosts: it
// builds examples/timer/golib with `go build -buildmode=c-shared` once,
// compiles the C hosts of testdata/ with gcc -fsanitize=address,undefined,
// and runs each scenario of each host as a subtest (the host exits 0 and
// prints "PASS <scenario>" when every check passed).
//
// ASAN and a Go shared library: the hosts are instrumented, the library is
// not (Go code is never instrumented; its cgo C files are compiled without
// -fsanitize), and nothing more is needed: ASAN's allocator serves the
// library's C.malloc too, so leaks and overflows of C memory the library
// hands out are caught. LeakSanitizer cannot see into Go's heap, so C
// memory whose only pointer lives in Go memory (pooled arena blocks) is
// registered in a C-side table (runtime/go/fficlib/rt.c) to stay visible.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ffic/ffic/backends/c"
)

// build holds what TestMain built once for every test.
var build struct {
	dir  string // temporary directory with the libraries and headers
	root string // the module root
	err  error
}

func TestMain(m *testing.M) {
	code := func() int {
		dir, err := os.MkdirTemp("", "ffic-e2e-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		build.dir = dir
		root, err := filepath.Abs(filepath.Join("..", ".."))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		build.root = root
		return m.Run()
	}()
	os.Exit(code)
}

// libs are the shared libraries the tests build, by name, each once.
var libs sync.Map // name -> *libBuild

type libBuild struct {
	once sync.Once
	path string
	err  error
}

// sharedLib builds the package pkg (relative to the module root) in the
// build directory, once per test binary, as docs/c.md says: the file
// lib<name>.so.1 with that SONAME (c.SOName), and the link lib<name>.so
// to it for -l<name>; and copies header (relative to the root) next to it.
// It returns the path of the library file.
func sharedLib(t testing.TB, name, pkg, header string) string {
	t.Helper()
	v, _ := libs.LoadOrStore(name, &libBuild{})
	b := v.(*libBuild)
	b.once.Do(func() {
		b.path = filepath.Join(build.dir, c.SOName(name))
		cmd := exec.Command("go", buildSharedArgs(name, b.path, "./"+pkg)...)
		cmd.Dir = build.root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
			return
		}
		if b.err = os.Symlink(c.SOName(name), filepath.Join(build.dir, "lib"+name+".so")); b.err != nil {
			return
		}
		h, err := os.ReadFile(filepath.Join(build.root, header))
		if err != nil {
			b.err = err
			return
		}
		b.err = os.WriteFile(filepath.Join(build.dir, filepath.Base(header)), h, 0o666)
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// timerLib is libmy_timer.so, built from examples/timer/golib.
func timerLib(t testing.TB) string {
	return sharedLib(t, "my_timer", "examples/timer/golib", "examples/timer/gen/my_timer/my_timer.h")
}

// hosts are the compiled C hosts, by output name.
var hosts sync.Map // name -> *libBuild

// sanitize are the flags of every instrumented host: ASAN (with
// LeakSanitizer) and UBSan, alignment included (it is part of undefined,
// named here so that it stays on), every finding fatal.
var sanitize = []string{"-fsanitize=address,undefined,alignment", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"}

// compileHost compiles testdata/src (with the extra flags) into name,
// linking the named libraries, once per test binary.
func compileHost(t testing.TB, name, src string, libNames []string, flags ...string) string {
	t.Helper()
	v, _ := hosts.LoadOrStore(name, &libBuild{})
	b := v.(*libBuild)
	b.once.Do(func() {
		b.path = filepath.Join(build.dir, name)
		args := []string{"-std=c11", "-g", "-O1", "-Wall", "-Wextra", "-Werror", "-Wno-unused-function", "-Wno-cast-function-type",
			"-I", build.dir, "-I", "testdata", "-o", b.path, filepath.Join("testdata", src)}
		args = append(args, flags...)
		args = append(args, "-L", build.dir)
		for _, l := range libNames {
			args = append(args, "-l"+l)
		}
		args = append(args, "-Wl,-rpath,"+build.dir, "-pthread")
		cmd := exec.Command("gcc", args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("gcc %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// scenarios lists what a host can run.
func scenarios(t *testing.T, host string) []string {
	t.Helper()
	out, err := exec.Command(host).Output()
	if err != nil {
		t.Fatalf("%s: %v", host, err)
	}
	return strings.Fields(string(out))
}

// runHost runs one scenario of host and returns its output; it fails the
// test unless the host exits 0 having printed PASS.
func runHost(t *testing.T, host string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, host, args...)
	// FFIC_LEAK_CHECK=1: the C memory a context owns (its poll buffers)
	// is visible to LeakSanitizer, so a destroyed context that leaves some
	// behind fails the host (runtime/go/fficlib/rt.c).
	cmd.Env = append(os.Environ(), "ASAN_OPTIONS=abort_on_error=0:halt_on_error=1:detect_leaks=1",
		"UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1", "FFIC_LEAK_CHECK=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil || !strings.Contains(stdout.String(), "PASS") {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(host), strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// runAll runs every scenario of host as a parallel subtest.
func runAll(t *testing.T, host string) {
	for _, s := range scenarios(t, host) {
		t.Run(s, func(t *testing.T) {
			t.Parallel()
			runHost(t, host, s)
		})
	}
}

func TestCalls(t *testing.T) {
	timerLib(t)
	runAll(t, compileHost(t, "calls", "calls.c", []string{"my_timer"}, sanitize...))
}

var _ = runtime.GOOS

func TestEvents(t *testing.T) {
	timerLib(t)
	runAll(t, compileHost(t, "events", "events.c", []string{"my_timer"}, sanitize...))
}

func TestHostFns(t *testing.T) {
	timerLib(t)
	runAll(t, compileHost(t, "hostfns", "hostfns.c", []string{"my_timer"}, sanitize...))
}

func TestDestroy(t *testing.T) {
	timerLib(t)
	runAll(t, compileHost(t, "destroy", "destroy.c", []string{"my_timer"}, sanitize...))
}

func TestQueue(t *testing.T) {
	timerLib(t)
	runAll(t, compileHost(t, "queue", "queue.c", []string{"my_timer"}, sanitize...))
}

// TestQueueNoPIE: a non-PIE host takes L_enqueue's address through a
// canonical PLT entry, which differs from the library's own address of it.
func TestQueueNoPIE(t *testing.T) {
	timerLib(t)
	runAll(t, compileHost(t, "queue-nopie", "queue.c", []string{"my_timer"}, "-no-pie", "-fno-pie"))
}

func TestStress(t *testing.T) {
	timerLib(t)
	host := compileHost(t, "stress", "stress.c", []string{"my_timer"}, sanitize...)
	t.Log(runHost(t, host, "stress"))
}
