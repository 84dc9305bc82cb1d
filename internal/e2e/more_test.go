package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	c "github.com/ffic/ffic/backends/c"
	golang "github.com/ffic/ffic/backends/go"
	"github.com/ffic/ffic/check"
)

// benchLib is libffibench.so, built from internal/e2e/benchlib.
func benchLib(t testing.TB) string {
	return sharedLib(t, "ffibench", "internal/e2e/benchlib", "internal/e2e/benchlib/gen/ffibench/ffibench.h")
}

// generated are the checked-in outputs of the Go backend, by input.
var generated = []struct{ ffi, out string }{
	{"examples/timer/timer.ffi", "examples/timer/gen"},
	{"internal/e2e/benchlib/bench.ffi", "internal/e2e/benchlib/gen"},
	{"internal/e2e/memlib/mem.ffi", "internal/e2e/memlib/gen"},
}

// TestGeneratedUpToDate: the checked-in generated packages are what the
// Go backend generates now (regenerate with ffic compile -l go, as in
// examples/timer/README.md).
func TestGeneratedUpToDate(t *testing.T) {
	for _, g := range generated {
		src, err := os.ReadFile(filepath.Join(build.root, g.ffi))
		if err != nil {
			t.Fatal(err)
		}
		m, errs := check.Source(g.ffi, src)
		if errs.Len() > 0 {
			t.Fatal(errs.Err())
		}
		files, err := golang.GenerateWith(m, golang.Options{ImportPath: "github.com/ffic/ffic/" + g.out})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			path := filepath.Join(build.root, g.out, f.Path)
			have, err := os.ReadFile(path)
			if err != nil {
				t.Errorf("%v (regenerate: go run ./cmd/ffic compile -l go -o %s %s)", err, g.out, g.ffi)
				continue
			}
			if !bytes.Equal(have, f.Content) {
				t.Errorf("%s is stale (regenerate: go run ./cmd/ffic compile -l go -o %s %s):\n%s", path, g.out, g.ffi,
					cmp.Diff(string(have), string(f.Content)))
			}
		}
	}
}

func TestTwoLibraries(t *testing.T) {
	timerLib(t)
	benchLib(t)
	runAll(t, compileHost(t, "twolibs", "twolibs.c", []string{"my_timer", "ffibench"}, sanitize...))
}

// TestFingerprint: a host built from a changed .ffi refuses the library;
// one built from the same .ffi accepts it.
func TestFingerprint(t *testing.T) {
	timerLib(t)
	src, err := os.ReadFile(filepath.Join(build.root, "examples/timer/timer.ffi"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), "struct Interval {", "struct Interval {\n    jitter: f32,", 1)
	m, errs := check.Source("timer.ffi", []byte(changed))
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	h, err := c.Generate(m)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, h[0].Path), h[0].Content, 0o666); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, include string
		ok            bool
	}{
		{"same", build.dir, true},
		{"changed", dir, false},
	} {
		exe := filepath.Join(dir, "host-"+tc.name)
		args := append([]string{"-std=c99", "-Wall", "-Werror", "-I", tc.include, "-o", exe, "testdata/fingerprint.c"}, sanitize...)
		args = append(args, "-L", build.dir, "-lmy_timer", "-Wl,-rpath,"+build.dir)
		if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
			t.Fatalf("gcc: %v\n%s", err, out)
		}
		out, err := exec.Command(exe).CombinedOutput()
		if tc.ok != (err == nil) {
			t.Errorf("%s: %v\n%s", tc.name, err, out)
		}
		if !tc.ok && !strings.Contains(string(out), "was built from another interface") {
			t.Errorf("%s: the host's refusal does not say why:\n%s", tc.name, out)
		}
	}
}

// BenchmarkABI runs the C benchmark program against libffibench.so and
// reports its figures: ns per call of a bare cgo export (the floor), a
// plain fn with a small struct in and out natively and through CBOR, and
// an async fn with 1 and 64 calls in flight.
//
//	go test -run x -bench ABI ./internal/e2e/
func BenchmarkABI(b *testing.B) {
	benchLib(b)
	host := compileHost(b, "bench", "bench.c", []string{"ffibench"}, "-O2")
	n := 200000
	for b.Loop() {
		out, err := exec.Command(host, strconv.Itoa(n)).CombinedOutput()
		if err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		figures := map[string]float64{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Fields(line)
			if len(f) == 2 {
				v, _ := strconv.ParseFloat(f[1], 64)
				figures[f[0]] = v
			}
		}
		for _, k := range []string{"floor", "native", "cbor", "async1", "async64"} {
			b.ReportMetric(figures[k], k+"-ns/call")
		}
		if figures["floor"] > 0 {
			b.ReportMetric(figures["native"]/figures["floor"], "native/floor")
		}
	}
}

// TestExampleHost builds and runs examples/timer/host.c, the README's C
// host, against the example library.
func TestExampleHost(t *testing.T) {
	timerLib(t)
	exe := filepath.Join(t.TempDir(), "host")
	args := append([]string{"-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-I", build.dir, "-o", exe,
		filepath.Join(build.root, "examples/timer/host.c")}, sanitize...)
	args = append(args, "-L", build.dir, "-lmy_timer", "-Wl,-rpath,"+build.dir)
	if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	out, err := exec.Command(exe).CombinedOutput()
	if err != nil {
		t.Fatalf("host: %v\n%s", err, out)
	}
	for _, want := range []string{"version: timer/1.0", "echo: echo:\thello+s3cr3t", "event echo_fired: echo:\ttick",
		"host fetch_token(api)", "host log_line", "event clock_changed", "measure_clock_skew:", "done"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the example host's output lacks %q:\n%s", want, out)
		}
	}
}

func TestKitchenSink(t *testing.T) {
	benchLib(t)
	runAll(t, compileHost(t, "sink", "sink.c", []string{"ffibench"}, sanitize...))
}
