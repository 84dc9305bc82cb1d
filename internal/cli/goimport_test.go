package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGoImportPath: the import path of -o comes from the go.mod that
// encloses it; outside a module it is empty.
func TestGoImportPath(t *testing.T) {
	dir := t.TempDir()
	if got := goImportPath(filepath.Join(dir, "gen")); got != "" {
		t.Errorf("outside a module: %q, want \"\"", got)
	}
	mod := "// a comment\nmodule \"example.com/app\" // the app\n\ngo 1.26\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o666); err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		".":             "example.com/app",
		"gen":           "example.com/app/gen",
		"a/b/../c/gen/": "example.com/app/a/c/gen",
	} {
		if got := goImportPath(filepath.Join(dir, in)); got != want {
			t.Errorf("goImportPath(%s) = %q, want %q", in, got, want)
		}
	}
}
