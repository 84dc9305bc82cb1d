package c

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ffic/ffic/check"
)

var update = flag.Bool("update", false, "rewrite the golden headers in testdata/golden/c")

// goldenInputs are the .ffi files whose headers are pinned in
// testdata/golden/c (at the module root) as <library>.h. Regenerate them
// with: go test ./backends/c -run Golden -update
var goldenInputs = []string{
	"examples/timer/timer.ffi",
	"testdata/keywords.ffi",
}

// TestGolden compares the headers of the golden inputs with their golden
// files, and compiles the golden files themselves, so a golden can't be
// both wrong and green.
func TestGolden(t *testing.T) {
	root := repoRoot(t)
	for _, in := range goldenInputs {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			h := gen1(t, load(t, in))
			golden := filepath.Join(root, "testdata", "golden", "c", h.path)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o777); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, h.content, 0o666); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./backends/c -run Golden -update)", err)
			}
			if diff := cmp.Diff(string(want), string(h.content)); diff != "" {
				t.Errorf("%s differs (-want +got):\n%s", golden, diff)
			}
			compileHeaders(t, generated{h.path, want, h.syms})
		})
	}
}

// TestDeterministic: the same model gives the same bytes, and so does the
// same source checked again.
func TestDeterministic(t *testing.T) {
	for _, in := range goldenInputs {
		m := load(t, in)
		a, _ := header(t, m)
		b, _ := header(t, m)
		c, _ := header(t, load(t, in))
		if !bytes.Equal(a, b) || !bytes.Equal(a, c) {
			t.Errorf("%s: two generations differ", in)
		}
	}
}

// TestEveryFFIFileCompiles generates the header of every .ffi file in the
// repository that checks (the error corpora are skipped) and compiles it.
func TestEveryFFIFileCompiles(t *testing.T) {
	root := repoRoot(t)
	var inputs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "errors" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".ffi") {
			rel, _ := filepath.Rel(root, path)
			inputs = append(inputs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	valid := 0
	for _, in := range inputs {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(in)))
		if err != nil {
			t.Fatal(err)
		}
		m, errs := check.Source(in, src)
		if errs.Len() > 0 {
			t.Logf("skipping %s: it does not check", in)
			continue
		}
		valid++
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			compileHeaders(t, gen1(t, m))
		})
	}
	if valid < len(goldenInputs) {
		t.Errorf("found %d valid .ffi files, want at least %d", valid, len(goldenInputs))
	}
}

// TestDocExample compiles the C host of docs/abi.md ("How hosts use it")
// against the golden my_timer.h, as C99 with every warning an error.
func TestDocExample(t *testing.T) {
	root := repoRoot(t)
	doc, err := os.ReadFile(filepath.Join(root, "docs", "abi.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(doc), "<!-- example:host -->\n```c\n")
	example, _, ok2 := strings.Cut(after, "```\n")
	if !ok || !ok2 {
		t.Fatal("docs/abi.md has no C block after <!-- example:host -->")
	}
	h, err := os.ReadFile(filepath.Join(root, "testdata", "golden", "c", "my_timer.h"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{"my_timer.h": string(h), "host.c": example} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	cc := compilers[0] // C: the example uses compound literals
	args := append(append([]string{}, cc.args...), "-c", filepath.Join(dir, "host.c"), "-o", filepath.Join(dir, "host.o"))
	if out, err := exec.Command(cc.name, args...).CombinedOutput(); err != nil {
		t.Errorf("%s %s: %v\n%s", cc.name, strings.Join(args, " "), err, out)
	}
}
