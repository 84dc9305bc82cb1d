package cli

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinary builds the real ffic once and checks that Main's status is
// the process's exit status.
func TestBinary(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build ffic with")
	}
	bin := filepath.Join(t.TempDir(), "ffic")
	build := exec.Command(gobin, "build", "-o", bin, "github.com/ffic/ffic/cmd/ffic")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tests := []struct {
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{[]string{"version"}, exitOK, "ffic "},
		{[]string{"compile"}, exitUsage, "ffic: no .ffi file given\nRun 'ffic compile --help' for usage.\n"},
		{[]string{"compile", "-l", "model", "testdata/bad.ffi"}, exitFailure, "testdata/bad.ffi:1:9: error: "},
	}
	for _, tt := range tests {
		out, err := exec.Command(bin, tt.args...).CombinedOutput()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.code || !strings.Contains(string(out), tt.out) {
			t.Errorf("ffic %s: exit %d, output:\n%s\nwant exit %d and %q", strings.Join(tt.args, " "), code, out, tt.code, tt.out)
		}
	}
}
