package gohost

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoSharedLibraryRefused links testdata/gosohost, a Go host of
// examples/timer, against examples/timer/golib built with
// -buildmode=c-shared: Open refuses the library (a second Go runtime)
// with fficlient.ErrGoSharedLibrary and a message saying what to link
// instead. The in-process case, the Go implementation linked into the
// host, is every other test of this package.
func TestGoSharedLibraryRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a shared library and a program")
	}
	dir := t.TempDir()
	run := func(env []string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run(nil, "go", "build", "-buildmode=c-shared", "-o", filepath.Join(dir, "libmy_timer.so"), "../../examples/timer/golib")
	bin := filepath.Join(dir, "host")
	run([]string{"CGO_ENABLED=1", "CGO_LDFLAGS=-L" + dir + " -lmy_timer -Wl,-rpath," + dir}, "go", "build", "-o", bin, "./testdata/gosohost")
	out := run(nil, bin)
	for _, want := range []string{"my_timer: the library is a Go-built shared library", "link the implementation's Go package into this program instead"} {
		if !strings.Contains(out, want) {
			t.Errorf("Open's error has no %q:\n%s", want, out)
		}
	}
}
