package cli

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// The golden files live at the repository root, in testdata/golden, and
// are produced by running ffic from the root as a user would. Regenerate
// them with: go test ./internal/cli -run Golden -update

// TestGoldenModel pins the `-l model` output for every valid .ffi file of
// examples/ and testdata/ (one golden directory per input).
func TestGoldenModel(t *testing.T) {
	root := repoRoot(t)
	inputs, _ := filepath.Glob(filepath.Join(root, "examples", "*", "*.ffi"))
	more, _ := filepath.Glob(filepath.Join(root, "testdata", "*.ffi"))
	inputs = append(inputs, more...)
	if len(inputs) == 0 {
		t.Fatal("no inputs")
	}
	for _, in := range inputs {
		rel, _ := filepath.Rel(root, in)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			t.Chdir(root)
			out := t.TempDir()
			if r := ffic(t, "", "compile", "-l", "model", "-o", out, rel); r.code != 0 {
				t.Fatalf("compile %s: %v", rel, r)
			}
			golden := filepath.Join(root, "testdata", "golden", "model", strings.TrimSuffix(filepath.Base(rel), ".ffi"))
			compareTrees(t, out, golden)
		})
	}
}

// TestGoldenDiagnostics pins what a user sees for every file of the error
// corpus: every message, the source line and the caret, and the exit code.
func TestGoldenDiagnostics(t *testing.T) {
	root := repoRoot(t)
	inputs, _ := filepath.Glob(filepath.Join(root, "testdata", "errors", "*.ffi"))
	if len(inputs) == 0 {
		t.Fatal("no inputs")
	}
	for _, in := range inputs {
		rel, _ := filepath.Rel(root, in)
		rel = filepath.ToSlash(rel)
		t.Run(rel, func(t *testing.T) {
			t.Chdir(root)
			out := t.TempDir()
			r := ffic(t, "", "compile", "-l", "model", "-o", out, rel)
			if r.code != 1 || r.stdout != "" {
				t.Fatalf("compile %s: %v; want exit 1 and nothing on stdout", rel, r)
			}
			if files := tree(t, out); len(files) != 0 {
				t.Errorf("a failed compile wrote %v", files)
			}
			golden := filepath.Join(root, "testdata", "golden", "errors", strings.TrimSuffix(filepath.Base(rel), ".ffi")+".txt")
			compareFile(t, golden, r.stderr)
		})
	}
}

func compareTrees(t *testing.T, got, golden string) {
	t.Helper()
	files := tree(t, got)
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(got, f))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, ".json") && !json.Valid(b) {
			t.Errorf("%s is not valid JSON", f)
		}
		compareFile(t, filepath.Join(golden, f), string(b))
	}
	if want := tree(t, golden); !cmp.Equal(want, files) {
		t.Errorf("generated files differ from the golden ones (-want +got):\n%s", cmp.Diff(want, files))
	}
}

func compareFile(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		writeTestFile(t, golden, got)
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run Golden -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", golden, diff)
	}
}

// repoRoot is the module root: two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	return root
}
