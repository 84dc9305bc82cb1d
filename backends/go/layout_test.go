package golang

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLayout: the types-and-codec package of a library is pure Go (no cgo)
// and imports no Go runtime but fficrt; the client imports the host
// runtime and never the library runtime fficlib; the header is written
// once, in the types-and-codec package's directory.
func TestLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	const gen = "github.com/ffic/ffic/examples/timer/gen/my_timer"
	list := func(format string, pkg string) string {
		t.Helper()
		cmd := exec.Command("go", "list", "-deps", "-f", format, pkg)
		cmd.Dir = root(t)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		return string(out)
	}
	for _, tt := range []struct {
		pkg      string
		cgo      bool
		has, not []string
	}{
		{gen, false, []string{"github.com/ffic/ffic/runtime/go"}, []string{"fficlib", "fficlient", "runtime/cgo"}},
		{gen + "/client", true, []string{gen, "runtime/go/fficlient"}, []string{"fficlib", gen + "/lib"}},
		{gen + "/lib", true, []string{gen, "runtime/go/fficlib"}, []string{"fficlient", gen + "/client"}},
	} {
		deps := list("{{.ImportPath}}", tt.pkg)
		for _, h := range tt.has {
			if !strings.Contains(deps, h) {
				t.Errorf("%s does not depend on %s:\n%s", tt.pkg, h, deps)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(deps, n) {
				t.Errorf("%s depends on %s:\n%s", tt.pkg, n, deps)
			}
		}
		cmd := exec.Command("go", "list", "-f", "{{len .CgoFiles}}", tt.pkg)
		cmd.Dir = root(t)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(string(out)) != "0"; got != tt.cgo {
			t.Errorf("%s uses cgo: %v, want %v", tt.pkg, got, tt.cgo)
		}
	}
	var headers []string
	for _, f := range generate(t, "examples/timer/timer.ffi") {
		if strings.HasSuffix(f.Path, ".h") {
			headers = append(headers, f.Path)
		}
	}
	if len(headers) != 1 || headers[0] != "my_timer/my_timer.h" {
		t.Errorf("headers: %v, want [my_timer/my_timer.h]", headers)
	}
}

// TestRuntimeVersion: each generated package asserts the version of the
// runtime it needs, so that code generated for a newer runtime fails to
// build against this one with an error naming the constant to look up.
// The test plays the newer generator by asking for version 2.
func TestRuntimeVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles with cgo")
	}
	tmp, err := os.MkdirTemp("testdata", "version-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	files := generateIn(t, "examples/timer/timer.ffi", tmp)
	for pkg, rt := range map[string]string{"": "fficrt", "/lib": "fficlib", "/client": "fficlient"} {
		// Only pkg asks for version 2: the packages it imports build.
		for _, f := range files {
			path := filepath.Join(tmp, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
				t.Fatal(err)
			}
			src := string(f.Content)
			if filepath.ToSlash(filepath.Dir(f.Path)) == "my_timer"+pkg {
				src = strings.ReplaceAll(src, "SupportPackageIsVersion1", "SupportPackageIsVersion2")
			}
			if err := os.WriteFile(path, []byte(src), 0o666); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("go", "vet", "./"+filepath.ToSlash(tmp)+"/my_timer"+pkg)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("my_timer%s built against a runtime without version 2", pkg)
			continue
		}
		if want := "undefined: " + rt + ".SupportPackageIsVersion2"; !strings.Contains(string(out), want) {
			t.Errorf("my_timer%s: the error does not say %q:\n%s", pkg, want, out)
		}
	}
}
