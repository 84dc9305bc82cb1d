package check_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffic/ffic/check"
	"github.com/ffic/ffic/internal/errmark"
)

// The error corpus: every file in testdata/errors marks each error it must
// produce with an inline marker right before the offending token (see
// package errmark); the test reports both missing and unexpected errors.

func TestErrorCorpus(t *testing.T) {
	files, err := filepath.Glob("../testdata/errors/*.ffi")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, err := errmark.Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatalf("%s marks no errors", path)
			}
			_, errs := check.Source(filepath.Base(path), src)
			missing, unexpected := errmark.Match(want, errs.Errors())
			for _, w := range missing {
				t.Errorf("%s:%d:%d: missing error matching %q", path, w.Line, w.Col, w.Rx)
			}
			for _, e := range unexpected {
				t.Errorf("unexpected error %s", e)
			}
		})
	}
}

// TestCorpusHarness proves the harness can fail: a file with a marker that
// matches nothing must be reported missing, and an unmarked error unexpected.
func TestCorpusHarness(t *testing.T) {
	src := []byte("library ok;\nstruct A { a: /* ERROR `unknown type` */ u32 }\nstruct b {}\n")
	want, _ := errmark.Parse(src)
	if len(want) != 1 || want[0].Line != 2 || want[0].Col != 42 {
		t.Fatalf("expectations = %+v, want one at 2:42", want)
	}
	_, errs := check.Source("h.ffi", src)
	if errs.Len() != 1 || !strings.Contains(fmt.Sprint(errs.Err()), `struct "b" must be UpperCamelCase: "B"`) {
		t.Fatalf("errors = %v, want only the naming error", errs.Err())
	}
}
