package golang

import (
	"os"
	"os/exec"
	"testing"
)

// lint runs go vet and staticcheck (the go.mod tool, so the version is
// pinned and a fresh machine fetches it from the module proxy) over the
// generated packages in dirs: the generated code must pass both with no
// finding.
func lint(t *testing.T, dirs []string) {
	t.Helper()
	for _, tool := range [][]string{{"vet"}, {"tool", "staticcheck"}} {
		cmd := exec.Command("go", append(tool, dirs...)...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v %v: %v\n%s", tool, dirs, err, out)
		}
	}
}
