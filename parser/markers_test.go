package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ffic/ffic/internal/errmark"
)

// The files in testdata/errors mark every error they must produce with an
// inline marker (see package errmark), as testdata/errors at the repository
// root does for the checker. Files in testdata/valid must parse without
// errors.

func TestParseTestdata(t *testing.T) {
	files := ffiFiles(t, "testdata")
	if len(files) == 0 {
		t.Fatal("no files in testdata")
	}
	for _, path := range files {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, err := errmark.Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			isErrors := strings.Contains(filepath.ToSlash(path), "/errors/")
			if isErrors && len(want) == 0 {
				t.Fatalf("%s marks no errors", path)
			}
			if !isErrors && len(want) > 0 {
				t.Fatalf("%s marks errors but is not in testdata/errors", path)
			}
			f, errs := Parse(path, src)
			missing, unexpected := errmark.Match(want, errs.Errors())
			for _, w := range missing {
				t.Errorf("%s:%d:%d: missing error matching %q", path, w.Line, w.Col, w.Rx)
			}
			for _, e := range unexpected {
				t.Errorf("unexpected error %s", e)
			}
			checkErrorPositions(t, src, errs)
			if errs.Len() == 0 {
				checkPositions(t, path, src, f)
			}
		})
	}
}
