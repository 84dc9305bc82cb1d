package golang

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// lint runs go vet and staticcheck (the go.mod tool, so the version is
// pinned and a fresh machine fetches it from the module proxy) over the
// generated packages in dirs: the generated code must pass both with no
// finding.
func lint(t *testing.T, dirs []string) {
	t.Helper()
	run(t, dirs, []string{"vet"}, []string{"tool", "staticcheck"})
}

// vet runs go vet alone, for the many small packages of
// TestCompileDegenerate: staticcheck takes minutes over their 32 cgo
// packages on a loaded 2-core machine (6 min against go vet's 1.7), more
// than the test binary's 10 minutes allow.
func vet(t *testing.T, dirs []string) {
	t.Helper()
	run(t, dirs, []string{"vet"})
}

func run(t *testing.T, dirs []string, tools ...[]string) {
	t.Helper()
	for _, tool := range tools {
		cmd := exec.Command("go", append(tool, dirs...)...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %v %v: %v\n%s", tool, dirs, err, out)
		}
		t.Logf("go %v over %d packages: %v", tool, len(dirs), time.Since(start).Round(time.Millisecond))
	}
}
